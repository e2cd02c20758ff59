/* tables.h — the official tables of the national 督导评估 report, filled
 * from an evaluation: 表Ⅱ-2 (a row per school-stage: 举办者类型, 在校生数,
 * 班级数, the values of the resource indicators whose CVs are taken, 是否达标
 * and a 备注 naming which indicators met the standard and which reached
 * the share of it the report names) and 表Ⅲ (per indicator and stage: the
 * county mean and the CV). Written to any table sink: CSV (junheng tables),
 * a worksheet, a section of the HTML report.
 *
 * The display rules are the rule set's, declared as parameters (read by
 * name, like the layout's keys): 报表数值小数位 (values and means, default
 * 2), 报表差异系数小数位 (CVs, default 3), 报表接近标准 (the share of the
 * standard 备注 names, default 85%). Rounding is for display only: the
 * evaluation is exact. */
#ifndef JH_TABLES_H
#define JH_TABLES_H
#include "dataset.h"
#include "eval.h"
#include "msg.h"
#include "table.h"

#define TABLES_PARAM_VALUE_PLACES "报表数值小数位"
#define TABLES_PARAM_CV_PLACES "报表差异系数小数位"
#define TABLES_PARAM_NEAR "报表接近标准"
/* The columns of 表Ⅱ-2 read from the data, by the field names the rule
 * set declares (a rule set without one leaves its column empty). */
#define TABLES_FIELD_OWNER "办学性质"
#define TABLES_FIELD_STUDENTS "在校生数"
#define TABLES_FIELD_CLASSES "班级数"

typedef enum { TABLE_II_2, TABLE_III, TABLE_COUNT } TableId;

typedef struct OfficialTables OfficialTables;

/* Tables of an evaluation in run: the data columns of 表Ⅱ-2 are gathered
 * school by school (tables_school) while each school's data lives. */
OfficialTables *tables_new(Run *run);
void tables_school(OfficialTables *t, const SchoolData *school);
void tables_free(OfficialTables *t);

/* The table's title for people: 表Ⅱ-2 …; its short name: 表Ⅱ-2. */
const char *tables_title(Lang lang, TableId id);
const char *tables_name(TableId id);
/* The table id a name given on the command line stands for (Ⅱ-2, II-2,
 * 表Ⅱ-2, Ⅲ, III, 表Ⅲ), or -1. */
int tables_id(const char *name);
/* Writes table id of ev (t gathered with the same evaluation): a header
 * row, then its rows. */
void tables_write(TableSink *sink, TableId id, const OfficialTables *t, const Evaluation *ev, Lang lang);

#endif
