/* fuzz_xlsx.c — libFuzzer target: any bytes as an Excel workbook (.xlsx),
 * read with the shipped rules (loaded once, from the repository root) and
 * evaluated. Seeds: the sample county's workbook and the reader's golden
 * fixtures (tests/golden/fixtures/xlsx). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include "shipped.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/junheng-fuzz-xlsx-%d.xlsx", (int)getpid());
    FILE *out = fopen(path, "wb");
    if (!out) return 0;
    fwrite(data, 1, size, out);
    fclose(out);
    evaluate_path(shipped(), path, size % 2, 0);
    unlink(path);
    return 0;
}
