/* fuzz_json.c — libFuzzer target: any bytes as a JSON dataset, read and
 * evaluated with the shipped rules (loaded once, from the repository root). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "eval.h"
#include "jsonload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const RuleSet *shipped(void)
{
    static RuleSet *rs;
    if (!rs) {
        DiagList d;
        diag_init(&d);
        rs = rules_load("rules/优质均衡", &d);
        diag_free(&d);
        if (!rs) {
            fputs("fuzz_json: run from the repository root (rules/优质均衡)\n", stderr);
            abort();
        }
    }
    return rs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const RuleSet *rs = shipped();
    char path[64];
    snprintf(path, sizeof path, "/tmp/junheng-fuzz-%d.json", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open(path, rs, &d, size % 2);
    if (r) {
        Evaluation *ev = eval_begin(rs);
        Arena a;
        arena_init(&a, 4096);
        SchoolData s;
        int got;
        while ((got = jload_next(r, &s, &a)) == 1) {
            if (d.errors == 0) eval_school(ev, &s);
            arena_reset(&a);
        }
        if (got == 0 && d.errors == 0) eval_finish(ev, jload_county(r));
        arena_free(&a);
        eval_free(ev);
        jload_close(r);
    }
    diag_free(&d);
    return 0;
}
