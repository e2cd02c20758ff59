/* fuzz_program.c — libFuzzer target: a rule program and a dataset
 * together, so that what rules and data do to each other is reachable (a
 * threshold keyed by a word the data leaves out, a default the data needs,
 * expressions as deep as the checker allows). The input is cut at NUL bytes
 * into a rule file, a JSON dataset and an optional Lua script; the rule
 * file and the script are written to a private rule folder and loaded as
 * the CLI loads one. Rules that load are linted and put in the data
 * dictionary; then the dataset is read and evaluated, and its first school
 * and the county traced and explained, as junheng check, fields, eval and
 * explain do. Seeds: the shipped rules with a few schools. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dictionary.h"
#include "lint.h"
#include "shipped.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Writes the next part of the input (up to a NUL byte or the end) to path;
 * returns where the part after it starts. */
static size_t write_part(const char *path, const uint8_t *data, size_t size, size_t start)
{
    size_t end = start;
    while (end < size && data[end]) end++;
    FILE *out = fopen(path, "wb");
    if (out) {
        if (end > start) fwrite(data + start, 1, end - start, out);
        fclose(out);
    }
    return end < size ? end + 1 : size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[64], rules[128], script[128], dataset[128];
    snprintf(dir, sizeof dir, "/tmp/junheng-fuzz-program-%d", (int)getpid());
    snprintf(rules, sizeof rules, "%s/规则.jh", dir);
    snprintf(script, sizeof script, "%s/脚本.lua", dir);
    snprintf(dataset, sizeof dataset, "%s.json", dir);
    mkdir(dir, 0700);
    size_t at = write_part(rules, data, size, 0);
    at = write_part(dataset, data, size, at);
    if (at < size) write_part(script, data, size, at);
    else remove(script);

    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load(dir, &d);
    if (rs) {
        lint_rules(rs, &d);
        FILE *nowhere = fopen("/dev/null", "w");
        if (nowhere) {
            dictionary_print(nowhere, LANG_ZH, rs, (int)(size % 2));
            fclose(nowhere);
        }
        evaluate_path(rs, dataset, (int)(size % 2), 1);
        rules_free(rs);
    }
    diag_free(&d);
    return 0;
}
