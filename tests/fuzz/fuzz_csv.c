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
#include "shipped.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const files[] = {"学校.csv", "学段.csv", "班级.csv", "县级.csv"};
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
    evaluate_path(shipped(), dir, size % 2, 0);
    return 0;
}
