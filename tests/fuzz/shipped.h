/* shipped.h — what the dataset fuzz targets share: the shipped rules,
 * loaded once from the repository root, and a whole evaluation of whatever
 * a reader yields (in a run at the end of 2025). */
#ifndef JH_FUZZ_SHIPPED_H
#define JH_FUZZ_SHIPPED_H
#include <stdio.h>
#include <stdlib.h>
#include "eval.h"
#include "reader.h"

static const RuleSet *shipped(void)
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

/* Reads path (a JSON file or a CSV folder) and evaluates it as the CLI does. */
static void evaluate_path(const char *path, int keep_where)
{
    const RuleSet *rs = shipped();
    DiagList d;
    diag_init(&d);
    Reader *r = reader_open(path, rs, &d, NULL, keep_where);
    RunOptions opt = {20251231, 0, 0, 0};
    Run *run = r ? run_new(rs, &opt, &d) : NULL;
    if (run) {
        Evaluation *ev = eval_begin(run);
        ev->diags = &d;
        Arena a;
        arena_init(&a, 4096);
        SchoolData s;
        int got;
        while ((got = reader_next(r, &s, &a)) == 1) {
            if (d.errors == 0) eval_school(ev, &s);
            arena_reset(&a);
        }
        if (got == 0 && d.errors == 0) eval_finish(ev, reader_county(r));
        arena_free(&a);
        eval_free(ev);
        run_free(run);
    }
    reader_close(r);
    diag_free(&d);
}

#endif
