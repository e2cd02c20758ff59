/* dataset.h — one county's data as the evaluator sees it: the county's
 * values, then schools one at a time, each with its stage records. Values
 * sit in slots numbered by the rule set's field declarations. */
#ifndef JH_DATASET_H
#define JH_DATASET_H
#include <stdint.h>
#include "layout.h"
#include "limits.h"
#include "rules.h"

typedef enum { V_MISSING, V_NUM, V_BOOL, V_WORD, V_TEXT } ValueTag;

typedef struct Value {
    union {
        double num;       /* V_NUM; V_BOOL 0/1; V_WORD the word's index */
        const char *text; /* V_TEXT */
    };
    ValueTag tag;
} Value;

/* Where each value of a record came from, for explanations (provenance).
 * Kept only when a reader is asked to (explain): NULL otherwise. */
typedef struct Where {
    const char *file;     /* the dataset file (a CSV file of the folder) */
    int *line;            /* per slot: JSON line of the key / CSV row; 0 when absent */
    int *col;             /* per slot: JSON column of the key, or a worksheet's column (a1);
                           * NULL for CSV (the column is the field) */
    int a1;               /* a worksheet: line and col name a cell, FILE!F12 */
} Where;

/* The records of one record level (班级, 校区, 专用教室, 质量监测, 优质高中). */
typedef struct Rows {
    Value **rows;         /* each a value array of the level's slots */
    int count;
} Rows;

typedef struct StageData {
    int word;             /* index in the rule set's 学段 enum */
    Value *values;        /* stage-level slots */
    Where where;
} StageData;

typedef struct SchoolData {
    const char *code, *name, *type;
    int line;             /* where the school's object starts in the dataset */
    Value *values;        /* school-level slots */
    Where where;
    StageData stages[JH_MAX_STAGES];
    int nstages;
    Rows rows[JH_MAX_LEVELS]; /* by record level below the school */
} SchoolData;

typedef struct CountyData {
    char *name;           /* 数据集.名称 */
    int year;             /* 数据集.年度; 0 when not given */
    Value *values;        /* county-level slots, all missing until read */
    Where where;
    Rows rows[JH_MAX_LEVELS]; /* by record level below the county */
} CountyData;

#endif
