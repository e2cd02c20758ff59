/* escape.h — values written into JSON, CSV and text output, quoted and
 * escaped, so that a school name with a quote, a comma, a formula or a
 * control character cannot break a file, run in a spreadsheet or drive a
 * terminal. */
#ifndef JH_ESCAPE_H
#define JH_ESCAPE_H
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* A buffer in front of a FILE, for writers that put millions of small
 * pieces (the JSON results of a national dataset): a piece is a memcpy,
 * and the FILE sees 64 KiB at a time. */
typedef struct OutBuffer {
    FILE *out;
    size_t n;
    char text[1 << 16];
} OutBuffer;

void out_init(OutBuffer *b, FILE *out);
/* Hands what is buffered to the FILE. */
void out_flush(OutBuffer *b);
void out_put_long(OutBuffer *b, const char *s, size_t n);
static inline void out_put(OutBuffer *b, const char *s, size_t n)
{
    if (n > sizeof b->text - b->n) {
        out_put_long(b, s, n);
        return;
    }
    memcpy(b->text + b->n, s, n); /* a literal's constant size: inlined */
    b->n += n;
}
#define OUT_LITERAL(b, lit) out_put((b), (lit), sizeof(lit) - 1)

/* A JSON string ("null" for NULL). */
void json_string(FILE *out, const char *s);
void out_json_string(OutBuffer *b, const char *s);
/* A JSON number in its shortest exact form ("null" for NaN or infinity). */
void json_number(FILE *out, double x);
void out_json_number(OutBuffer *b, double x);
/* What a CSV file starts with: the UTF-8 byte-order mark, so that Excel,
 * opening the file with a double click, reads the Chinese as UTF-8. */
void csv_bom(FILE *out);
/* A CSV text field (RFC 4180): quoted when it holds a comma, a quote or a
 * line break. A text starting with = + - @, a tab or a carriage return,
 * which a spreadsheet would take for a formula, gets a leading ' and quotes
 * (OWASP's CSV injection advice). Numbers are not texts: they are written
 * with json_number and stay as they are, negative ones included. */
void csv_field(FILE *out, const char *s);

/* Text from the data shown to people (text reports, explanations, audit,
 * gaps and diff text, diagnostics): what could move the cursor, clear the
 * screen or forge a line of the report is written visibly instead —
 * C0 controls (line breaks and tabs included), DEL and bytes that are not
 * UTF-8 as \xHH, the C1 controls U+0080–U+009F as \u0085. Everything else,
 * backslashes included, is written as it is. NULL writes nothing. */
void text_escaped(FILE *out, const char *s);
/* The same for the first n bytes of s. */
void text_escaped_n(FILE *out, const char *s, size_t n);
/* Display cells the first n bytes of s take as text_escaped writes them
 * (East Asian wide characters take two): for a caret under such a line. */
int text_escaped_width(const char *s, size_t n);

#endif
