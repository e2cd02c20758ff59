/* datacheck.h — the checks of a dataset's values that the rule set declares
 * (取值范围, 合理范围 [生均], 核对合计 … 容差 on a field; 学段构成), shared by both
 * readers: a value out of its 取值范围 and a school whose stage records do not
 * fit its type or its classes are errors; a value out of its 合理范围 is
 * a warning that names the likely cause (提示). Each reader says where a
 * part of a school is written (a CSV cell, a JSON key). */
#ifndef JH_DATACHECK_H
#define JH_DATACHECK_H
#include <stdarg.h>
#include "arena.h"
#include "dataset.h"
#include "diag.h"
#include "rules.h"

/* A place in the dataset: path, line (CSV: row) and either a column name
 * (CSV) or a column number (JSON; 0: the line only); a1: a worksheet cell,
 * path WORKBOOK!SHEET and col its column (1 is A), printed WORKBOOK!SHEET!F12. */
typedef struct DataPlace {
    const char *path;
    int line, col;
    const char *column;
    int a1;
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
void data_vdiag(DiagList *d, DiagSeverity sev, const DataPlace *at, MsgId id, va_list ap);

/* Whether a number lies within f's 取值范围 (always, when f declares none). */
int value_in_range(const FieldDecl *f, double x);
/* Whether check_value has something to say about x: a reader locates the
 * value only then. */
int value_needs_report(const FieldDecl *f, double x);
/* Reports x, a value of f at place at, when it lies outside f's 取值范围
 * (error) or its 合理范围 bounds that are not per pupil (warning). Returns -1
 * after an error, else 0. */
int check_value(DiagList *d, const FieldDecl *f, double x, const DataPlace *at);
/* Reports text, a value of f that is a number with the unit written after
 * it ("12人"): the unit is the rule's (write the number alone) or another
 * one (convert first). */
void unit_error(DiagList *d, const DataPlace *at, const FieldDecl *f, const char *text, const char *unit);
/* The checks of one school read whole: its stage records against its
 * type's 学段构成, each stage's 核对合计 fields against its records, and the
 * 合理范围 生均 bounds of its values. scratch holds message arguments. */
void check_school(const RuleSet *rs, const SchoolData *s, DiagList *d, const Locator *loc, Arena *scratch);

/* Names a dataset gives that no rule declares, and declared fields a
 * dataset never gives: warnings, so a renamed column never vanishes. */

/* The field declared at level lv (in 学段 also a split school field, whose
 * stage share a stage may give) whose name is closest to name: one holds
 * the other (体育运动场馆面积（平方米）), or few characters differ
 * (在校学生数). NULL when none is that close. */
const FieldDecl *closest_field(const RuleSet *rs, Level lv, const char *name);
/* Warns of a name at level lv no rule declares, naming the closest field:
 * id_guess takes the name, the level and the guess, id_alone the first two. */
void warn_unknown_name(DiagList *d, const DataPlace *at, const RuleSet *rs, Level lv, const char *name, MsgId id_guess,
                       MsgId id_alone);
/* The indicators that read each field, for absent_note. */
typedef struct FieldReaders FieldReaders;
FieldReaders *field_readers_new(const RuleSet *rs);
void field_readers_free(FieldReaders *fr);
/* The fields a whole file (or level) gives no value of, each warned of
 * with message id (taking the field's name and the indicators that will
 * lack it), the first JH_WARN_UNKNOWN_COLUMNS one by one and the rest in
 * one warning: fields no indicator reads, or with a default, are left out. */
typedef struct Absent {
    DiagList *d;
    DataPlace at;
    FieldReaders *fr;
    MsgId id;
    Arena *scratch;
    int shown, more;
    char *names;          /* the rest, '\n'-separated (%L) */
    size_t len;
} Absent;
void absent_note(Absent *a, const FieldDecl *f);
void absent_finish(Absent *a);

#endif
