/* fuzz_csv.c — libFuzzer target: any bytes as a CSV dataset folder. The
 * input is cut at NUL bytes into 学校.csv, 学段.csv, 班级.csv and 县级.csv,
 * read with the shipped rules (loaded once, from the repository root) and
 * evaluated. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "eval.h"
#include "reader.h"

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
            fputs("fuzz_csv: run from the repository root (rules/优质均衡)\n", stderr);
            abort();
        }
    }
    return rs;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = {"学校.csv", "学段.csv", "班级.csv", "县级.csv"};
    const RuleSet *rs = shipped();
    char dir[64], path[128];
    snprintf(dir, sizeof dir, "/tmp/junheng-fuzz-csv-%d", (int)getpid());
    mkdir(dir, 0700);
    size_t start = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        size_t end = start;
        while (end < size && data[end]) end++;
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        FILE *out = fopen(path, "wb");
        if (!out) return 0;
        if (end > start) fwrite(data + start, 1, end - start, out);
        fclose(out);
        start = end < size ? end + 1 : size;
    }
    DiagList d;
    diag_init(&d);
    Reader *r = reader_open(dir, rs, &d, NULL, size % 2);
    if (r) {
        Evaluation *ev = eval_begin(rs);
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
        reader_close(r);
    }
    diag_free(&d);
    return 0;
}
