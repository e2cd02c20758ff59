/* numfmt.h — the shortest decimal text that reads back as exactly the same
 * double (JSON numbers at full precision, without 0.90000000000000002). */
#ifndef JH_NUMFMT_H
#define JH_NUMFMT_H
#include <stddef.h>

/* Needs size >= 32. Returns the length. Plain notation for exponents in
 * [-6, 21), like JavaScript's Number.prototype.toString; else 1.5e+22. */
int numfmt_shortest(char *buf, size_t size, double x);

#endif
