/* reader.c — one interface over the JSON and CSV readers (see reader.h);
 * a workbook is read by the CSV reader, a sheet for each file. */
#include "reader.h"
#include "csvload.h"
#include "jsonload.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct Reader {
    JsonReader *json;
    CsvReader *csv;
};

Reader *reader_open(const char *path, const RuleSet *rs, DiagList *diags, const char *encoding, int keep_where)
{
    struct stat st;
    Reader *r = xcalloc(1, sizeof *r);
    size_t n = strlen(path);
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) r->csv = csv_open(path, rs, diags, encoding, keep_where);
    else if (n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0) r->csv = csv_open_workbook(path, rs, diags, keep_where);
    else r->json = jload_open(path, rs, diags, keep_where);
    if (!r->csv && !r->json) {
        free(r);
        return NULL;
    }
    return r;
}

int reader_next(Reader *r, SchoolData *out, Arena *arena)
{
    return r->csv ? csv_next(r->csv, out, arena) : jload_next(r->json, out, arena);
}

const CountyData *reader_county(const Reader *r)
{
    return r->csv ? csv_county(r->csv) : jload_county(r->json);
}

void reader_sha256(Reader *r, char hex[65])
{
    if (r->csv) csv_sha256(r->csv, hex);
    else jload_sha256(r->json, hex);
}

void reader_close(Reader *r)
{
    if (!r) return;
    if (r->csv) csv_close(r->csv);
    if (r->json) jload_close(r->json);
    free(r);
}
