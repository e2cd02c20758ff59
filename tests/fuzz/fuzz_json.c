/* fuzz_json.c — libFuzzer target: any bytes as a JSON dataset, read and
 * evaluated with the shipped rules. */
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>
#include "shipped.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/junheng-fuzz-%d.json", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    evaluate_path(shipped(), path, size % 2, 0);
    return 0;
}
