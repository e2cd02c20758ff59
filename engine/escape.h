/* escape.h — values written into JSON and CSV output, quoted and escaped,
 * so that a school name with a quote or a comma cannot break a file. */
#ifndef JH_ESCAPE_H
#define JH_ESCAPE_H
#include <stdio.h>

/* A JSON string ("null" for NULL). */
void json_string(FILE *out, const char *s);
/* A JSON number in its shortest exact form ("null" for NaN or infinity). */
void json_number(FILE *out, double x);
/* What a CSV file starts with: the UTF-8 byte-order mark, so that Excel,
 * opening the file with a double click, reads the Chinese as UTF-8. */
void csv_bom(FILE *out);
/* A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
void csv_field(FILE *out, const char *s);

#endif
