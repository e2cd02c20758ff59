/* datacheck.h — the checks of a dataset's values that the rule set declares
 * (取值范围, 合理范围 [生均], 核对合计 … 容差 on a field; 学段构成), shared by both
 * readers: a value out of its 取值范围 and a school whose stage records do not
 * fit its type or its classes are errors; a value out of its 合理范围 is
 * a warning that names the likely cause (提示). Each reader says where a
 * part of a school is written (a CSV cell, a JSON key). */
#ifndef JH_DATACHECK_H
#define JH_DATACHECK_H
#include "arena.h"
#include "dataset.h"
#include "diag.h"
#include "rules.h"

/* A place in the dataset: path, line (CSV: row) and either a column name
 * (CSV) or a column number (JSON; 0: the line only). */
typedef struct DataPlace {
    const char *path;
    int line, col;
    const char *column;
} DataPlace;

/* Where a reader has a school's parts: field of the school (stage -1) or of
 * its stage record number stage (the index in SchoolData.stages); field NULL
 * for the record itself. */
typedef struct Locator {
    void (*locate)(void *ctx, int stage, const char *field, DataPlace *out);
    void *ctx;
} Locator;

/* Records a diagnostic at a place. */
void data_diag(DiagList *d, DiagSeverity sev, const DataPlace *at, MsgId id, ...);

/* Whether a number lies within f's 取值范围 (always, when f declares none). */
int value_in_range(const FieldDecl *f, double x);
/* Whether check_value has something to say about x: a reader locates the
 * value only then. */
int value_needs_report(const FieldDecl *f, double x);
/* Reports x, a value of f at place at, when it lies outside f's 取值范围
 * (error) or its 合理范围 bounds that are not per pupil (warning). Returns -1
 * after an error, else 0. */
int check_value(DiagList *d, const FieldDecl *f, double x, const DataPlace *at);
/* The checks of one school read whole: its stage records against its
 * type's 学段构成, each stage's 核对合计 fields against its records, and the
 * 合理范围 生均 bounds of its values. scratch holds message arguments. */
void check_school(const RuleSet *rs, const SchoolData *s, DiagList *d, const Locator *loc, Arena *scratch);

#endif
