/* diff.h — what changed between two evaluations: two years of a county
 * (same rules) or one dataset under two rule sets (a proposed change).
 * Every result whose status or deciding clause differs (school, county, CV),
 * with the reason, and a count per indicator. */
#ifndef JH_DIFF_H
#define JH_DIFF_H
#include <stdio.h>
#include "eval.h"

typedef enum { DIFF_TEXT, DIFF_JSON, DIFF_CSV } DiffFormat;

/* The verdict and categories before and after, then every changed result:
 * of schools, of the county (named county), and coefficients of variation;
 * the text in lang. Returns the number of changed results. */
int diff_print(FILE *out, Lang lang, const Evaluation *before, const Evaluation *after, const char *county,
               DiffFormat format);

#endif
