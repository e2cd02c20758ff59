/* shipped.h — what the dataset fuzz targets share: the shipped rules,
 * loaded once from the repository root, and a whole evaluation of whatever
 * a reader yields under a rule set (the rule-and-data target brings its own),
 * in a run at the end of 2025. */
#ifndef JH_FUZZ_SHIPPED_H
#define JH_FUZZ_SHIPPED_H
#include <stdio.h>
#include <stdlib.h>
#include "eval.h"
#include "explain.h"
#include "reader.h"

static inline const RuleSet *shipped(void)
{
    static RuleSet *rs;
    if (!rs) {
        DiagList d;
        diag_init(&d);
        rs = rules_load("rules/优质均衡", &d);
        diag_free(&d);
        if (!rs) {
            fputs("fuzz: run from the repository root (rules/优质均衡)\n", stderr);
            abort();
        }
    }
    return rs;
}

/* Reads path (a JSON file or a CSV folder) and evaluates it under rs as the
 * CLI does. With explain set, the first school and the county are also
 * traced and explained (to nowhere), as junheng explain does. */
static inline void evaluate_path(const RuleSet *rs, const char *path, int keep_where, int explain)
{
    DiagList d;
    diag_init(&d);
    Reader *r = reader_open(path, rs, &d, NULL, keep_where);
    RunOptions opt = {20251231, 0, 0, 0};
    Run *run = r ? run_new(rs, &opt, &d) : NULL;
    FILE *nowhere = explain && run ? fopen("/dev/null", "w") : NULL;
    if (run) {
        Evaluation *ev = eval_begin(run);
        ev->diags = &d;
        Arena a;
        arena_init(&a, 4096);
        SchoolData s;
        int got, first = 1;
        while ((got = reader_next(r, &s, &a)) == 1) {
            if (d.errors == 0) eval_school(ev, &s);
            if (nowhere && first && d.errors == 0) {
                TraceSet t;
                eval_trace_school(run, &s, &t);
                ExplainQuery q = {NULL, -1, LANG_ZH};
                explain_school(nowhere, &s, path, &t, &q);
                eval_trace_free(&t);
            }
            first = 0;
            arena_reset(&a);
        }
        if (got == 0 && d.errors == 0) {
            eval_finish(ev, reader_county(r));
            if (nowhere) {
                TraceSet t;
                eval_trace_county(ev, reader_county(r), &t);
                for (int i = 0; i < rs->nindicators; i++)
                    if (rs->indicators[i]->scope == LV_COUNTY) explain_county(nowhere, LANG_ZH, "fuzz", &t, rs->indicators[i]->id);
                eval_trace_free(&t);
            }
        }
        arena_free(&a);
        eval_free(ev);
        run_free(run);
    }
    reader_close(r);
    if (nowhere) fclose(nowhere);
    diag_free(&d);
}

#endif
