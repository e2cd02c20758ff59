/* gaps.h — the rectification list (整改清单): for every school result that
 * fails, the change of an input staff act on (整改 in the rule) that makes
 * its main test pass, in that input's unit: "高于规定学历教师数 需增加 1 人".
 * The change is found by evaluating the rule itself with the input moved,
 * so it holds whatever the formula. */
#ifndef JH_GAPS_H
#define JH_GAPS_H
#include <stdio.h>
#include "dataset.h"
#include "report.h"

typedef enum { GAPS_TEXT, GAPS_JSON, GAPS_CSV } GapsFormat;

typedef struct Gaps Gaps;

/* A list whose what-ifs evaluate in run (used by one thread). */
Gaps *gaps_new(Run *run);
/* Finds what would mend each failing result of one school (whose data may
 * die after). */
void gaps_school(Gaps *g, const SchoolData *school);
void gaps_print(FILE *out, const Gaps *g, const RunInfo *info, GapsFormat format);
/* The list as a table, a row per line of the list (its CSV form). */
void gaps_table(TableSink *t, const Gaps *g, Lang lang);
void gaps_free(Gaps *g);

#endif
