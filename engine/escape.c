/* escape.c — JSON, CSV and text output values (see escape.h). */
#define _GNU_SOURCE /* fputs_unlocked, fwrite_unlocked */
#include "escape.h"
#include "diag.h"
#include "numfmt.h"
#include <math.h>
#include <string.h>

/* The unlocked stdio calls: a national dataset gives millions of values. */
#define PUTS(s, out) fputs_unlocked((s), (out))
#define PUTC(c, out) putc_unlocked((c), (out))

void out_init(OutBuffer *b, FILE *out)
{
    b->out = out;
    b->n = 0;
}

void out_flush(OutBuffer *b)
{
    fwrite_unlocked(b->text, 1, b->n, b->out);
    b->n = 0;
}

void out_put_long(OutBuffer *b, const char *s, size_t n)
{
    out_flush(b);
    if (n >= sizeof b->text) {
        fwrite_unlocked(s, 1, n, b->out);
        return;
    }
    memcpy(b->text, s, n);
    b->n = n;
}

void out_json_string(OutBuffer *b, const char *s)
{
    if (!s) {
        OUT_LITERAL(b, "null");
        return;
    }
    out_put(b, "\"", 1);
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (; *p; p++) {
        if (*p != '"' && *p != '\\' && *p >= 0x20) continue;
        out_put(b, (const char *)run, (size_t)(p - run));
        char esc[8];
        if (*p < 0x20) snprintf(esc, sizeof esc, "\\u%04x", *p);
        else snprintf(esc, sizeof esc, "\\%c", *p);
        out_put(b, esc, strlen(esc));
        run = p + 1;
    }
    out_put(b, (const char *)run, (size_t)(p - run));
    out_put(b, "\"", 1);
}

void json_string(FILE *out, const char *s)
{
    OutBuffer b;
    out_init(&b, out);
    out_json_string(&b, s);
    out_flush(&b);
}

void out_json_number(OutBuffer *b, double x)
{
    if (isnan(x) || isinf(x)) {
        OUT_LITERAL(b, "null");
        return;
    }
    char buf[40];
    out_put(b, buf, (size_t)numfmt_shortest(buf, sizeof buf, x));
}

void json_number(FILE *out, double x)
{
    OutBuffer b;
    out_init(&b, out);
    out_json_number(&b, x);
    out_flush(&b);
}

void csv_bom(FILE *out)
{
    PUTS("\xef\xbb\xbf", out);
}

void csv_field(FILE *out, const char *s)
{
    if (!s) return;
    int formula = *s && strchr("=+-@\t\r", *s);
    if (!formula && !strpbrk(s, ",\"\r\n")) {
        PUTS(s, out);
        return;
    }
    PUTC('"', out);
    if (formula) PUTC('\'', out);
    for (; *s; s++) {
        if (*s == '"') PUTC('"', out);
        PUTC(*s, out);
    }
    PUTC('"', out);
}

/* The length of the UTF-8 character at s (n > 0 bytes left), or 0 when s
 * does not start a well-formed one (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF). */
static size_t utf8_char(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || s[1] < lo || s[1] > hi) return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF) return 0;
    return len;
}

/* How the text at s (n > 0 bytes left) is shown: the number of bytes it
 * takes, with its visible escape in esc, or esc[0] = '\0' when it is
 * written as it is. */
static size_t next_shown(const unsigned char *s, size_t n, char esc[8])
{
    static const char hex[] = "0123456789ABCDEF";
    size_t len = utf8_char(s, n);
    esc[0] = '\0';
    if (len == 1 && s[0] >= 0x20 && s[0] != 0x7F) return 1;
    if (len == 2 && s[0] == 0xC2 && s[1] <= 0x9F) { /* C1: U+0080 … U+009F */
        memcpy(esc, "\\u00", 4);
        esc[4] = hex[s[1] >> 4];
        esc[5] = hex[s[1] & 15];
        esc[6] = '\0';
        return 2;
    }
    if (len > 1) return len;
    esc[0] = '\\';
    esc[1] = 'x';
    esc[2] = hex[s[0] >> 4];
    esc[3] = hex[s[0] & 15];
    esc[4] = '\0';
    return 1;
}

void text_escaped_n(FILE *out, const char *s, size_t n)
{
    if (!s) return;
    const unsigned char *p = (const unsigned char *)s, *run = p, *end = p + n;
    while (p < end) {
        if (*p >= 0x20 && *p < 0x7F) { /* the common case: plain ASCII */
            p++;
            continue;
        }
        char esc[8];
        size_t len = next_shown(p, (size_t)(end - p), esc);
        if (!esc[0]) {
            p += len;
            continue;
        }
        fwrite_unlocked(run, 1, (size_t)(p - run), out);
        PUTS(esc, out);
        p += len;
        run = p;
    }
    fwrite_unlocked(run, 1, (size_t)(p - run), out);
}

void text_escaped(FILE *out, const char *s)
{
    if (s) text_escaped_n(out, s, strlen(s));
}

int text_escaped_width(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    int w = 0;
    while (p < end) {
        char esc[8];
        size_t len = next_shown(p, (size_t)(end - p), esc);
        w += esc[0] ? (int)strlen(esc) : display_width((const char *)p, len);
        p += len;
    }
    return w;
}
