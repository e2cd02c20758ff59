/* rules.h — the rule program: declarations parsed from .jh files, resolved
 * by the checker into slots, and run by the evaluator.
 * Ownership: everything hangs off RuleSet.arena and dies with rules_free. */
#ifndef JH_RULES_H
#define JH_RULES_H
#include "arena.h"
#include "diag.h"
#include "lex.h"
#include "limits.h"

/* Data levels, by index into RuleSet.levels. The units of evaluation are
 * fixed: the county, a school and a school's stage records. Below a school
 * or the county the rule set declares record levels of its own (记录 班级
 * 属于 学校 { … }: classes, campuses, rooms, monitored subjects, 优质高中),
 * read through aggregates. A level's name is the dataset's key for its
 * records: the list in a school object or in "县级" (JSON), the file
 * NAME.csv (CSV). */
typedef struct Span {
    const Source *src;
    size_t start, len;
} Span;

typedef int Level;
enum { LV_COUNTY, LV_SCHOOL, LV_STAGE, LV_RECORDS /* the first declared record level */ };
#define LV_NONE (-1)

typedef struct LevelDecl {
    const char *name;
    Level parent;                 /* LV_NONE for the county */
    Span span;                    /* where a record level is declared; none for the fixed three */
} LevelDecl;

typedef enum {
    TY_NUM,      /* 整数, 数值, 比例: numbers */
    TY_BOOL,
    TY_ENUM,     /* 枚举, 等级, 水平: a word of an ordered list */
    TY_TEXT,
    TY_INDICATORS, /* a list of indicators (only inside aggregates) */
    TY_ROWS,      /* a collection of records: 学段, 班级, 校区, 专用教室, 质量监测 */
    TY_ERROR      /* an expression already reported: no further errors about it */
} ValueType;

/* DECL_WORDS: a word list the rule set declares (词表), its words ordered. */
typedef enum { DECL_INT, DECL_NUM, DECL_RATIO, DECL_BOOL, DECL_WORDS, DECL_ENUM, DECL_TEXT } DeclType;

typedef struct FieldDecl FieldDecl;

/* 取值范围 and 合理范围 bounds of a field's values: lo..hi, either open (NAN). */
typedef struct Bounds {
    int given;
    double lo, hi;
} Bounds;


/* An ordered list of words a rule file declares, lowest first (词表 等级
 * { 不合格 < 合格 < 良好 < 优秀 }): the type of fields whose values are
 * these words, compared by their order. A dataset may write a word by one
 * of its aliases (水平: I or 1 for Ⅰ). */
typedef struct WordList {
    char *name;
    char **words;
    int nwords;
    char **aliases;               /* other spellings in datasets ... */
    int *alias_word;              /* ... and the word each stands for */
    int naliases;
    int index;                    /* position in RuleSet.word_lists */
    char *expected;               /* for messages, as rules write it: 等级 { 不合格 < 合格 < 良好 < 优秀 } */
    Span span;
} WordList;
typedef struct Indicator Indicator;
typedef struct Define Define;

typedef enum {
    E_NUMBER, E_BOOL, E_STRING,
    E_NAME,        /* unresolved name: the checker turns it into one below */
    E_FIELD,       /* field of a level: field, level */
    E_ENUM_WORD,   /* a word of field's enum: num = its index */
    E_DEFINE,      /* a named definition: define */
    E_NEG, E_NOT,
    E_ARITH,       /* op: T_PLUS T_MINUS T_STAR T_SLASH */
    E_COMPARE,     /* op: T_EQ T_NE T_GE T_LE T_GT T_LT */
    E_AND, E_OR,
    E_IF,          /* 若 a 则 b 否则 c: only the branch taken is evaluated */
    E_IN,          /* a 属于 (items) */
    E_CALL,        /* name(args [其中 where] [: body]); builtin after checking */
    E_LIST,        /* [I1, I2, ...]: items resolved to indicators */
    E_COLLECTION,  /* the records of a level below the unit: level */
    E_PARAM,       /* a parameter with a value per stage: param */
    E_ELEM_MET,    /* 达标 of the current indicator in an aggregate */
    E_ELEM_VALUE,  /* 值 of the current indicator in an aggregate */
    E_ELEM_THRESHOLD, /* 标准 of the current indicator in an aggregate */
    E_SELF_VALUE,  /* 值 in an exception: the indicator's main value */
    E_SELF_THRESHOLD /* 标准 in an indicator: the threshold in force */
} ExprKind;

typedef enum { B_NONE, B_COUNT, B_SUM, B_MIN, B_MAX, B_ALL, B_ANY, B_CEIL, B_SCRIPT } Builtin;

typedef struct Expr Expr;
struct Expr {
    ExprKind kind;
    TokKind op;
    Span span;
    Expr *a, *b, *c;      /* operands; E_CALL: a = collection or argument; E_IF: condition, then, else */
    Expr **items;         /* E_IN words, E_LIST names, E_CALL extra args */
    int nitems;
    Expr *where, *body;   /* E_CALL aggregates */
    double num;
    int percent;          /* E_NUMBER written as "95%" */
    char *name;           /* E_NAME, E_STRING, E_CALL */
    int height;           /* nodes on the longest path down from here, at most JH_MAX_EVAL_DEPTH */
    /* Filled by the checker. */
    ValueType type;
    const FieldDecl *field;      /* E_FIELD, E_ENUM_WORD, and the enum of E_COMPARE/E_IN */
    Define *define;
    Builtin builtin;
    Indicator **indicators;      /* E_LIST */
    int nindicators;
    Level level;                 /* E_COLLECTION */
    int type_open;               /* B_SCRIPT: the type follows the context */
    struct Param *param;         /* E_PARAM */
    int gather;                  /* an aggregate over 学校 (county scope): its index in RuleSet.gathers */
};

/* Another heading of a field in datasets (也称), and the factor its values
 * are multiplied by to be in the field's unit: 也称 "教学仪器设备资产值（万元）"
 * × 10000 for 教学仪器设备值 in 元 (1: none). */
typedef struct FieldAlias {
    char *heading;
    double factor;
    Span span;
} FieldAlias;

/* One column of an import profile: its heading, the field it fills (of
 * the stage named, when a stage word is given) and its factor. */
typedef struct ProfileColumn {
    char *heading;
    Expr *stage_name;             /* E_NAME of a word of 学段, or NULL */
    Expr *field_name;             /* E_NAME of the field */
    const FieldDecl *field;       /* resolved by the checker ... */
    int stage;                    /* ... and the stage word's index, -1: none */
    double factor;
    Span span;
} ProfileColumn;

/* An import profile (导入): a wide table, a row per school (按 学校) or the
 * county's one row (按 县级), whose columns fill fields of the units: the
 * national data-collection forms. A dataset gives it as NAME.csv or as a
 * workbook's sheet NAME. */
typedef struct Profile {
    char *name;
    Expr *level_name;             /* E_NAME: 学校 or 县级 */
    Level level;                  /* resolved by the checker */
    ProfileColumn *columns;
    int ncolumns;
    Span span;
} Profile;

struct FieldDecl {
    char *name;
    int index;                    /* position in RuleSet.fields */
    int name_id;                  /* index in RuleSet.names */
    DeclType decl;
    ValueType type;
    char *unit;                   /* NULL: none */
    char *description;            /* 说明: what the field holds, for the data dictionary; NULL: none */
    FieldAlias *aliases;          /* 也称: its other headings in datasets */
    int naliases;
    Level level;                  /* LV_NONE until level_name is resolved (a record level) */
    Expr *level_name;             /* E_NAME of a level the parser does not know (declared in any file) */
    int record_column;            /* declared in its 记录 block: a column every CSV file of the level has */
    int slot;                     /* index into the level's value array */
    int split;                    /* 分摊: apportioned from school to stages */
    int stage_slot;               /* split fields: the stage's own value */
    char **words;                 /* enum words; a word list's, in rising order */
    int nwords;
    Expr *type_name;              /* DECL_WORDS: E_NAME of its 词表 ... */
    const WordList *list;         /* ... resolved by the checker */
    Expr **defaults;              /* per stage word (split/stage defaults), or [0] for all */
    int ndefaults;
    Expr **default_keys;          /* E_NAME stage words of the defaults; NULL item: all */
    int checking;                 /* default cycle guard: 1 while checking, 2 when done */
    int depth;                    /* levels its defaults add where it is read (checker) */
    /* Checks of the values a dataset gives (datacheck.h), declared with the field. */
    Bounds range;                 /* 取值范围 lo..hi: a value outside is an error */
    Bounds plausible;             /* 合理范围 [生均] lo..hi: a value outside is a warning ... */
    int per_pupil;                /* ... of the value per pupil (生均: divided by 分摊's 按 field) */
    char *hint;                   /* 提示 "…": the likely cause the warning names */
    Expr *sum_level, *sum_name;   /* 核对合计 LEVEL.FIELD: E_NAMEs, resolved into ... */
    const FieldDecl *sum_of;      /* ... the record field whose sum this stage field must equal */
    double sum_tolerance;         /* 容差: absolute, or relative when sum_relative */
    int sum_relative;
    Span span;
};

struct Define {
    char *name;
    int name_id;
    int index;                    /* position in RuleSet.defines */
    int used;                     /* read by some expression */
    Expr *expr;
    unsigned reads;               /* levels it reads, one bit each */
    int checking;                 /* cycle guard while checking */
    int depth;                    /* levels its expression adds where it is read (checker) */
    Span span;
};

/* One value of a parameter: a constant, or one per stage; from a date on
 * for a dated parameter. */
typedef struct ParamVersion {
    int from;                     /* yyyymmdd; 0 for an undated parameter */
    Expr *expr;
    Expr **keys, **values;
    int nkeys;
    double value;                 /* folded: expr's value ... */
    double *numbers;              /* ... or one per key */
    Span span;
} ParamVersion;

/* A parameter. An undated one is a constant (value, or numbers by key); a
 * dated one has versions, and which is in force is a run's business (run.h):
 * keys are those of its versions, value and numbers are not used. */
typedef struct Param {
    char *name;
    char *source;                 /* 依据 of a dated parameter */
    ParamVersion *versions;       /* dated parameter: its versions by date */
    int nversions;
    int index;                    /* position in RuleSet.params */
    Expr *expr;                   /* NULL for a parameter given per stage */
    double value;
    Expr **keys;                  /* per stage: E_NAME stage words ... */
    Expr **values;                /* ... and their constant values */
    double *numbers;              /* folded values, by key */
    int nkeys;
    int name_id;
    int checking;                 /* 1 while being folded, 2 when done */
    int used;                     /* read by some expression or threshold */
    Span span;
} Param;

typedef struct Threshold {
    Expr *key;                    /* E_NAME word; NULL for 其他 or a single threshold */
    int key_index;                /* resolved word index, -1 for any */
    TokKind op;
    Expr *value;
    double number;                /* resolved constant; NAN for a dated one (run_threshold) */
    int percent;                  /* written as a percentage: shown as one */
    struct Param *param;          /* a dated parameter the number follows ... */
    int param_key;                /* ... and its key (-1: not per stage) */
    int dated;                    /* index in RuleSet.dated_thresholds when number is NAN (see there) */
    Span span;
} Threshold;

typedef struct Exception {
    char *id;                     /* E1 */
    char *qualified;              /* I4.E1 */
    char *title;
    char *source;
    Expr *cond;                   /* NULL: always */
    Expr *value;                  /* NULL: condition only */
    Threshold *thresholds;        /* its own 标准, else the indicator's */
    int nthresholds;
    Span span;
} Exception;

struct Indicator {
    char *id, *title, *category, *source;
    int name_id;
    Level scope;
    Expr *applies, *value, *cond;
    Threshold *thresholds;
    int nthresholds;
    Exception *exceptions;
    int nexceptions;
    Exception *vetoes;            /* 否决: when one holds the result fails, whatever else holds */
    int nvetoes;
    Expr **remedies;              /* 整改: the inputs staff can change (E_NAME, then their fields) */
    int nremedies;
    int index;                    /* position in RuleSet.indicators (evaluation order) */
    Indicator **reads;            /* indicators its aggregates read (RA: I1-I7) */
    int nreads;
    int visiting;                 /* ordering guard */
    Span span;
};

typedef struct CvDecl {
    char *name, *title, *source;
    Expr **members;               /* E_NAME indicator ids */
    Indicator **indicators;
    int nindicators;
    Expr *weight;
    Threshold *limits;            /* per indicator CV; none: reported for reference */
    int nlimits;
    Threshold *composite;         /* 综合限值: the mean of the CVs per stage against these */
    int ncomposite;
    char *composite_name;         /* 综合名称: the composite's label in results (default 综合) */
    Span span;
} CvDecl;

typedef struct Category {
    char *name, *title, *source;
    Expr **members;               /* E_NAME: an indicator id or a 差异系数 name */
    int nmembers;
    Indicator **indicators;       /* resolved: indicator or NULL */
    CvDecl **cvs;                 /* resolved: cv or NULL */
    Span span;
} Category;

/* A value a rule test gives a field: 名称 = 字面值. */
typedef struct TestValue {
    Expr *name;                   /* E_NAME; resolved: field */
    Expr *value;                  /* a literal: number, 是/否, word, string */
    const FieldDecl *field;
} TestValue;

/* A record of rows in a test: 班级 { 年级 = 1, 学生数 = 46 }. */
typedef struct TestRow {
    Expr *level_name;
    Level level;
    TestValue *values;
    int nvalues;
} TestRow;

/* A rule test: inputs and the expected result of one indicator. */
typedef struct RuleTest {
    char *title;
    Expr *indicator_name;         /* E_NAME */
    Expr *stage_name;             /* E_NAME or NULL */
    int date;                     /* 日期: yyyymmdd the dated parameters are read at; 0: the latest */
    TestValue *values;
    int nvalues;
    TestRow *rows;
    int nrows;
    Expr *status_name;            /* E_NAME: 达标, 认定达标, 未达标, 缺少数据, 不适用 */
    Expr *clause_name;            /* E_NAME "I4.E1" or NULL */
    /* Resolved by the checker. */
    const Indicator *indicator;
    int stage;                    /* stage word, -1 none */
    int status;                   /* Status */
    int clause;                   /* exception index, -1 none */
    int veto;                     /* veto index, -1 none */
    Span span;
} RuleTest;

typedef struct SplitWeight {
    Expr *key;                    /* E_NAME stage word */
    int word;
    double weight;
} SplitWeight;

/* 学段构成: the stage records a school of one type must have, as sets of
 * stage words (bit w: word w of 学段), any one of which may be given. */
typedef struct StageMakeup {
    Expr *type;                   /* E_NAME, resolved to a word of 学校类型 */
    int type_word;
    Expr **stages;                /* the stage names of every set, in order ... */
    int nstages;
    int *set_of;                  /* ... and the set each belongs to */
    unsigned *sets;               /* resolved: bit masks */
    int nsets;
} StageMakeup;

typedef struct RuleSet {
    Arena arena;
    char *name;
    char *path;                   /* folder or file it was read from */
    Source *files;
    int nfiles;
    char sha256[65];              /* hex, over the files' names and texts, in order */
    struct {                      /* where a once-only setting (规则集, 评估学段…) was given */
        const Source *file;
        int line;
    } settings_seen[T_COUNT];

    LevelDecl levels[JH_MAX_LEVELS]; /* the fixed three, then the record levels in declaration order */
    int nlevels;
    WordList **word_lists;        /* 词表 */
    int nword_lists;
    FieldDecl **fields;           /* all levels */
    int nfields;
    const FieldDecl **field_hash; /* open addressing by name; built by rules.c after parsing */
    unsigned field_hash_mask;
    int nslots[JH_MAX_LEVELS];
    Define **defines;
    int ndefines;
    Param **params;
    int nparams;
    Threshold **dated_thresholds; /* thresholds whose number depends on the date: their number is
                                   * NAN, a run computes them (run_threshold) */
    int ndated_thresholds;
    Indicator **indicators;       /* evaluation order after checking */
    int nindicators;
    CvDecl **cvs;
    int ncvs;
    Profile **profiles;           /* 导入 */
    int nprofiles;
    Category **categories;
    int ncategories;
    /* County aggregates over schools (全部(学校 其中 … : …)): schools are
     * evaluated as the dataset streams, so each takes its part of every
     * one of these then, and the county combines the parts (eval.c). */
    Expr **gathers;
    int ngathers;

    /* 评估学段 and the 学段 enum they index. */
    const FieldDecl *stage_field;
    Expr **stage_names;
    int *stages;                  /* word indexes of evaluated stages */
    int nstages;
    const FieldDecl *school_type_field;  /* 学校类型 */
    /* For each row level with a 学段 field: its word index → the stage
     * enum's word index (-1: none), so a stage reads only its own rows. */
    const FieldDecl *row_stage_field[JH_MAX_LEVELS];
    int *row_stage_word[JH_MAX_LEVELS];

    StageMakeup **makeups;        /* 学段构成, by school type */
    int nmakeups;
    Span makeup_span;

    /* 分摊 */
    int has_split;
    const FieldDecl *split_by;    /* the stage field the shares are computed from */
    Expr *split_by_name;
    SplitWeight *weights;
    int nweights;
    char *split_source;
    Span split_span;

    double tolerance;             /* relative, for every numeric comparison */

    /* Lua: the folder's .lua files; each run loads them into a sandbox of
     * its own (run.h, script.h). Loading the rules tries them once, to
     * report their errors and learn the functions they define. */
    Source *scripts;
    int nscripts;
    const char **script_functions; /* names, sorted */
    int nscript_functions;
    double limits[3];             /* 脚本限制: instructions, memory MiB, seconds; 0: default */
    Span limits_span;

    RuleTest **tests;             /* from the rule set's 测试/ folder (junheng test) */
    int ntests;
    Source *test_files;           /* the test sources (spans point into them: never moved) */
    int ntest_files;

    /* Every field, definition and indicator name by a small id, so that a
     * missing value names its cause in two bytes (names[0] is "?"). */
    const char **names;
    int nnames;
} RuleSet;

/* Reads a rule folder (every .jh file, in name order) or one file, parses
 * and checks it. Returns NULL when diags holds errors. */
RuleSet *rules_load(const char *path, DiagList *diags);
/* The same, with the text of one file of the folder (its file name, as in
 * the folder) in place of what is on disk: an edit not yet saved. */
RuleSet *rules_load_with(const char *path, const char *name, const char *text, size_t len, DiagList *diags);
/* The same for one rule file given as text (tests, fuzzing). */
RuleSet *rules_load_text(const char *name, const char *text, size_t len, DiagList *diags);
void rules_free(RuleSet *rs);
/* Whether the rule set's scripts define a function of that name. */
int rules_script_function(const RuleSet *rs, const char *name);

/* Reads the rule tests of rs (every .jh file in its 测试/ folder) and checks
 * them against the rules. Returns the number of errors added. */
int rules_load_tests(RuleSet *rs, DiagList *diags);

/* The fixed levels of a new rule set: the county, schools, stage records. */
void rules_init_levels(RuleSet *rs);
const char *level_name(const RuleSet *rs, Level lv);
/* Builds the name index behind rules_field, once every field's level is
 * known (the checker does, after resolving declared levels). */
void rules_index_fields(RuleSet *rs);
/* The field declared with this name at level lv; NULL if none. */
const FieldDecl *rules_field(const RuleSet *rs, Level lv, const char *name);
/* Whether any level declares the name. */
int rules_is_field(const RuleSet *rs, const char *name);
/* The level a row or stage record sits below (LV_NONE for the county). */
Level level_parent(const RuleSet *rs, Level lv);
/* The level whose name (a dataset list key) this is; LV_NONE if none. */
Level level_by_name(const RuleSet *rs, const char *name);
/* The names of the levels from `from` on, one per line: a list for %L. */
char *level_names(const RuleSet *rs, Arena *a, Level from);
Indicator *rules_indicator(const RuleSet *rs, const char *id);
/* Where a span is written, FILE:LINE, for people to open the rule: the
 * path relative to the working folder when it lies below it. */
void span_location(Span sp, char *buf, size_t n);
/* Source text of a span, for explanations. */
int span_text(Span sp, const char **text);
/* The same as a string of its own; caller frees. */
char *span_strdup(Span sp);

#endif
