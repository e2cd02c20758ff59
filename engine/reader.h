/* reader.h — a dataset whichever its form: one JSON file (read as it
 * streams), a folder of CSV files or an Excel workbook (read and validated
 * whole). The CLI and everything above it see schools one at a time, then
 * the county. */
#ifndef JH_READER_H
#define JH_READER_H
#include "arena.h"
#include "dataset.h"
#include "diag.h"
#include "rules.h"

typedef struct Reader Reader;

/* A folder is read as CSV (encoding: NULL or "auto" detects UTF-8 or
 * GB18030), a file named *.xlsx as a workbook, anything else as JSON. keep_where records each value's place. */
Reader *reader_open(const char *path, const RuleSet *rs, DiagList *diags, const char *encoding, int keep_where);
/* 1: a school in *out; 0: no more (the county is then complete); -1: error. */
int reader_next(Reader *r, SchoolData *out, Arena *arena);
const CountyData *reader_county(const Reader *r);
/* Whether the dataset's name (reader_county) is final before its schools
 * are read: a JSON file may give it after them. */
int reader_name_known(const Reader *r);
/* Whether the dataset is a folder of CSV files (else a JSON file). */
int reader_is_folder(const Reader *r);
/* Hex SHA-256 of the dataset's bytes (a folder: its CSV files in name order). */
void reader_sha256(Reader *r, char hex[65]);
void reader_close(Reader *r);

#endif
