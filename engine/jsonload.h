/* jsonload.h — reads a JSON dataset (data.md layout) one school at a time:
 * each element of the "学校" array is parsed (jsontree.h), converted into
 * slots, and dropped, so memory follows one school, not the file. */
#ifndef JH_JSONLOAD_H
#define JH_JSONLOAD_H
#include "arena.h"
#include "dataset.h"
#include "diag.h"
#include "rules.h"

typedef struct JsonReader JsonReader;

/* Opens path and reads the top-level members before "学校". NULL with a
 * diagnostic when the file cannot be read or does not start as a dataset.
 * keep_where: record the line and column of every value (for explain). */
JsonReader *jload_open(const char *path, const RuleSet *rs, DiagList *diags, int keep_where);
/* Reads the next school into *out, its values allocated in arena.
 * Returns 1 for a school, 0 after the last one (the rest of the file has then
 * been read, county included), -1 on an error that stops reading. A school
 * with invalid values is reported to diags and still returned. */
int jload_next(JsonReader *r, SchoolData *out, Arena *arena);
/* The county and dataset name; complete once jload_next returned 0. */
const CountyData *jload_county(const JsonReader *r);
/* Whether the dataset's 数据集 (its name) was read before its schools. */
int jload_name_known(const JsonReader *r);
/* Hex SHA-256 of the whole file (reads what is left); once, after jload_next returned 0. */
void jload_sha256(JsonReader *r, char hex[65]);
void jload_close(JsonReader *r);

#endif
