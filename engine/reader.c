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

/* Whether path ends in suffix, in any case (.csv, .xlsx). */
static int has_suffix(const char *path, const char *suffix)
{
    size_t n = strlen(path), k = strlen(suffix);
    return n > k && strcasecmp(path + n - k, suffix) == 0;
}

Reader *reader_open(const char *path, const RuleSet *rs, DiagList *diags, const char *encoding, int keep_where)
{
    struct stat st;
    int found = stat(path, &st) == 0;
    if (found && !S_ISDIR(st.st_mode) && has_suffix(path, ".csv")) {
        /* One file of a CSV dataset: read as JSON it would fail at its first byte. */
        char *dir = xstrdup(path), *slash = strrchr(dir, '/');
        if (slash) *slash = '\0';
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_DS_CSV_FILE, path, slash ? dir : ".");
        free(dir);
        return NULL;
    }
    Reader *r = xcalloc(1, sizeof *r);
    if (found && S_ISDIR(st.st_mode)) r->csv = csv_open(path, rs, diags, encoding, keep_where);
    else if (has_suffix(path, ".xlsx")) r->csv = csv_open_workbook(path, rs, diags, keep_where);
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

int reader_name_known(const Reader *r)
{
    return r->csv || jload_name_known(r->json);
}

int reader_is_folder(const Reader *r)
{
    return r->csv != NULL;
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
