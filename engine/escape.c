/* escape.c — JSON and CSV output values (see escape.h). */
#define _GNU_SOURCE /* fputs_unlocked, fwrite_unlocked */
#include "escape.h"
#include "numfmt.h"
#include <math.h>
#include <string.h>

/* The unlocked stdio calls: a national dataset gives millions of values. */
#define PUTS(s, out) fputs_unlocked((s), (out))
#define PUTC(c, out) putc_unlocked((c), (out))

void json_string(FILE *out, const char *s)
{
    if (!s) {
        PUTS("null", out);
        return;
    }
    PUTC('"', out);
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (; *p; p++) {
        if (*p != '"' && *p != '\\' && *p >= 0x20) continue;
        fwrite_unlocked(run, 1, (size_t)(p - run), out);
        if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else {
            PUTC('\\', out);
            PUTC(*p, out);
        }
        run = p + 1;
    }
    fwrite_unlocked(run, 1, (size_t)(p - run), out);
    PUTC('"', out);
}

void json_number(FILE *out, double x)
{
    char buf[40];
    if (isnan(x) || isinf(x)) {
        PUTS("null", out);
        return;
    }
    numfmt_shortest(buf, sizeof buf, x);
    PUTS(buf, out);
}

void csv_bom(FILE *out)
{
    PUTS("\xef\xbb\xbf", out);
}

void csv_field(FILE *out, const char *s)
{
    if (!s) return;
    if (!strpbrk(s, ",\"\r\n")) {
        PUTS(s, out);
        return;
    }
    PUTC('"', out);
    for (; *s; s++) {
        if (*s == '"') PUTC('"', out);
        PUTC(*s, out);
    }
    PUTC('"', out);
}
