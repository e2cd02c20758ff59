/* replay.c — runs saved inputs through a fuzz target without libFuzzer:
 * every input a fuzzer crashed on is kept in tests/fuzz/regressions/TARGET/
 * (REGRESSIONS, set when building) and replayed by make test, with the
 * seeds. Prints "N passed, 0 failed"; a crash aborts the run. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return -1;
    }
    size_t cap = 1 << 16, len = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0)
        if ((len += got) == cap) buf = realloc(buf, cap *= 2);
    fclose(f);
    if (!buf) return -1;
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    return 0;
}

int main(void)
{
    DIR *dir = opendir(REGRESSIONS);
    if (!dir) {
        perror(REGRESSIONS);
        return 1;
    }
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.') continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", REGRESSIONS, e->d_name);
        if (replay(path) != 0) return 1;
        n++;
    }
    closedir(dir);
    printf("%s: %d passed, 0 failed\n", REGRESSIONS, n);
    return 0;
}
