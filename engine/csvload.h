/* csvload.h — reads a CSV dataset: a folder of CSV files in the layout of
 * data.md (学校.csv and 学段.csv required; 班级.csv, 校区.csv, 专用教室.csv,
 * 县级.csv with columns 字段/值, 质量监测.csv optional). A county's files are
 * small, so the whole folder is read, decoded, checked and converted when it
 * is opened (each file record by record, within JH_MAX_CSV_MEMORY), and
 * every problem is reported in one run; schools are then
 * handed out one at a time like the JSON reader (jsonload.h) does, with the
 * same SchoolData for the same content. */
#ifndef JH_CSVLOAD_H
#define JH_CSVLOAD_H
#include "arena.h"
#include "dataset.h"
#include "diag.h"
#include "rules.h"

typedef struct CsvReader CsvReader;

/* Reads the folder dir. encoding: NULL or "auto" (UTF-8 with or without
 * BOM, else GB18030, decided per file), or "utf-8", "gb18030", "gbk" to
 * force one. Diagnostics are FILE:ROW:COLUMN (row = line in the file, the
 * header being 1). Returns NULL when any error was reported (warnings do not
 * count): nothing is then evaluated. keep_where: record for every value the
 * file and row it came from (explain). */
CsvReader *csv_open(const char *dir, const RuleSet *rs, DiagList *diags, const char *encoding, int keep_where);
/* Reads the workbook at path (xlsx.h) the same way: a sheet per layout
 * file, named like it without .csv (学校, 学段, 班级 …); a sheet of
 * another name is warned of and not read. Diagnostics name the cell,
 * WORKBOOK!SHEET!F12; the dataset's name is the file's without .xlsx. */
CsvReader *csv_open_workbook(const char *path, const RuleSet *rs, DiagList *diags, int keep_where);
/* The next school in 学校.csv order. Its values, stages and rows are the
 * reader's own, valid until csv_close (arena, the JSON reader's, is not
 * used: a school is not copied). Returns 1 for a school, 0 after the last
 * one (-1 is never returned: csv_open has checked everything). */
int csv_next(CsvReader *r, SchoolData *out, Arena *arena);
/* The county (name: the folder's last component); complete after csv_open,
 * owned by the reader. */
const CountyData *csv_county(const CsvReader *r);
/* Hex SHA-256 over the folder: for each *.csv file in name (byte) order,
 * its name, a NUL byte, then its bytes as stored. */
void csv_sha256(CsvReader *r, char hex[65]);
void csv_close(CsvReader *r);

#endif
