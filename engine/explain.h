/* explain.h — the derivation of results, in words a policy officer reads:
 * inputs with their values and origin, the main test, each exception tried
 * and why it held or not, the deciding clause, and every citation. */
#ifndef JH_EXPLAIN_H
#define JH_EXPLAIN_H
#include <stdio.h>
#include "eval.h"

typedef struct ExplainQuery {
    const char *indicator;   /* NULL: every indicator */
    int stage;               /* stage word; -1: every stage */
    Lang lang;               /* of the explanation */
} ExplainQuery;

/* The derivation of one traced result in lang; school is NULL for a county result. */
void explain_result(FILE *out, Lang lang, const Run *run, const SchoolData *school, const IndicatorTrace *it);
/* Prints the traced results of one school that match q; returns how many. */
int explain_school(FILE *out, const SchoolData *school, const char *dataset_path, const TraceSet *t, const ExplainQuery *q);
/* Prints the traced county result of indicator id; returns how many (0, 1). */
int explain_county(FILE *out, Lang lang, const char *dataset_name, const TraceSet *t, const char *id);

#endif
