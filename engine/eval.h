/* eval.h — runs a checked rule set over a dataset: every school as it is
 * read, then the county (CVs, county indicators, roll-ups, categories,
 * verdict). Results are kept compactly for the renderers; a traced run of one
 * school records what explain shows. Nothing here prints. */
#ifndef JH_EVAL_H
#define JH_EVAL_H
#include <stdint.h>
#include "arena.h"
#include "dataset.h"
#include "rules.h"
#include "run.h"

typedef enum { ST_PASS, ST_PASS_EXCEPTION, ST_FAIL, ST_MISSING, ST_NOT_APPLICABLE, ST_COUNT } Status;

/* Why a value is missing. */
typedef enum {
    MISS_NONE,
    MISS_ABSENT,      /* the field is not in the dataset */
    MISS_ZERO,        /* a division by this field, which is 0 */
    MISS_INDICATOR,   /* an indicator this one reads lacks data */
    MISS_SPLIT        /* a shared value cannot be split: a stage lacks this field, or all are 0 */
} MissReason;

typedef struct Missing {
    MissReason why;
    const char *what;     /* field name, or indicator id for MISS_INDICATOR */
} Missing;

/* One result, kept for every school-stage of a national dataset: compact
 * (16 bytes). The indicator is its index in RuleSet.indicators (the
 * checker bounds their number: check_name_count), the threshold an index
 * into the indicator's thresholds. What only one status needs shares a
 * byte: read the indicator, clause, veto and missing input with the
 * functions below. */
typedef struct Result {
    double value;         /* main value; NAN when none */
    uint16_t indicator;   /* index in RuleSet.indicators: result_indicator */
    uint16_t missing;     /* ST_MISSING: the first missing input (field or indicator), by RuleSet.names id */
    int8_t stage;         /* stage word; -1 for whole-school and county results */
    uint8_t status;       /* Status */
    int8_t threshold;     /* index into the indicator's thresholds, -1 for none */
    int8_t detail;        /* ST_PASS_EXCEPTION: the deciding exception; ST_FAIL: the veto (否决)
                           * that failed it, -1 for none; ST_MISSING: the MissReason */
} Result;

static inline const Indicator *result_indicator(const RuleSet *rs, const Result *r)
{
    return rs->indicators[r->indicator];
}

/* The deciding exception's index, -1 unless passed by exception. */
static inline int result_clause(const Result *r)
{
    return r->status == ST_PASS_EXCEPTION ? r->detail : -1;
}

/* The index of the veto that failed it, -1 for none. */
static inline int result_veto(const Result *r)
{
    return r->status == ST_FAIL ? r->detail : -1;
}

/* The threshold a result was tested against in run; NAN when none. */
double result_threshold(const Run *run, const Result *r);
/* What a result lacks: why MISS_NONE unless ST_MISSING. */
Missing result_missing(const RuleSet *rs, const Result *r);

typedef struct SchoolResults {
    const char *code, *name, *type;
    int first, count;     /* range in Evaluation.results */
} SchoolResults;

/* County roll-up of a school or school-stage indicator. */
typedef struct Rollup {
    const Indicator *ind;
    Status status;
    int counts[ST_COUNT];
} Rollup;

typedef struct CvResult {
    const CvDecl *cv;
    const Indicator *ind;         /* NULL for the composite (mean of the declaration's CVs) */
    const char *label;            /* the indicator id, or 综合 */
    int stage;
    Status status;
    double value;         /* NAN when no stage-record has the value */
    double limit;
    TokKind op;
    int n;                /* school-stages it was computed over */
    double mean, sd, weight; /* weighted mean X̄, S and ΣP, for explanations */
    Missing missing;
} CvResult;

/* One part of an indicator's 条件 (a term of its top-level 且) as a unit
 * evaluated it: which condition of a compound indicator failed, with its
 * own value. A comparison keeps its two sides. */
typedef struct CondPart {
    const Expr *expr;     /* the term */
    int holds;            /* 1 holds, 0 does not, -1 lacks data */
    double value, bound;  /* a numeric comparison's two sides; NAN otherwise or when missing */
} CondPart;

/* A part kept for a result: index in Evaluation.results (schools) or
 * Evaluation.county_results (county). */
typedef struct CondNote {
    int result;
    CondPart part;
} CondNote;

typedef struct CategoryResult {
    const Category *cat;
    Status status;
} CategoryResult;

typedef struct Evaluation {
    const RuleSet *rs;
    Run *run;             /* the date, parameters and scripts it ran with */
    Arena strings;        /* school codes and names */
    const char *types[16]; /* the school types met, kept once */
    int ntypes;
    SchoolResults *schools;
    int nschools, schools_cap;
    Result *results;
    int nresults, results_cap;
    Result *county_results;
    int ncounty_results;
    Rollup *rollups;      /* one per school or school-stage indicator */
    int nrollups;
    int *rollup_of;       /* by indicator index: its roll-up, -1 for a county indicator */
    CvResult *cvs;
    int ncvs;
    CategoryResult *categories;
    Status verdict;       /* ST_PASS, ST_FAIL or ST_MISSING ("incomplete") */
    struct CvSample *samples; /* per CvResult: the values it is computed over */
    struct CvGroup *cv_groups; /* per CV declaration and stage: the weights */
    int ncv_groups;
    struct Gathered *gathered; /* per RuleSet.gathers: the schools' parts, folded in input order */
    struct Scratch *scratch; /* the current unit's results and memoized definitions */
    struct ClauseValue *clause_values; /* (result index, value) of results passed by exception, in order */
    int nclause_values, clause_values_cap;
    CondNote *cond_notes; /* school results failed by their 条件: the first part that fails, in result order */
    int ncond_notes, cond_notes_cap;
    CondNote *county_conds; /* every part of every county indicator's 条件, in result order */
    int ncounty_conds;
    DiagList *diags;      /* where a script failure is reported (set by the caller) */
    int failed;           /* a script failed: the evaluation must not be used */
    int written_out;      /* the schools' results are written out as they are absorbed (eval_absorb) */
} Evaluation;

/* What the deciding exception of a result passed by exception computed
 * (E2's value on the starting-grade basis) and the threshold it met, and
 * which later exceptions would have held too: the questions an inspector
 * asks when a clause is challenged. */
typedef struct ClauseValue {
    int result;           /* index in Evaluation.results */
    double value;         /* NAN for a condition alone */
    const Threshold *threshold; /* NULL for a condition without 标准 of its own */
    uint64_t also;        /* bit k: exception k (after the deciding one) holds as well */
} ClauseValue;

/* The first exception after the deciding one that holds as well (the one
 * that would decide without it), or -1. */
int clause_next_holding(const ClauseValue *c);

/* The clause value of a result; NULL when it was not passed by exception. */
const ClauseValue *eval_clause_value(const Evaluation *ev, int result_index);

/* The part of its 条件 that failed school result result_index (the first
 * one), or NULL when its 条件 did not fail it. */
const CondPart *eval_failed_condition(const Evaluation *ev, int result_index);
/* The parts of county result county_index's 条件 (*notes: the first, each
 * one's part in .part); returns how many (0: none). */
int eval_county_conditions(const Evaluation *ev, int county_index, const CondNote **notes);
/* The first part of county_index's 条件 that fails, or NULL. */
const CondPart *eval_county_failed_condition(const Evaluation *ev, int county_index);

/* The values of fields (school or stage level, NULL: none) for each
 * evaluated stage of a school, as the rules read them (a default applied,
 * a shared value split): out[k * nfields + f] for the k-th stage, whose word
 * goes to stages[k]. Returns how many stages (at most max). Text values
 * point into the school's data. */
int eval_stage_fields(Run *run, const SchoolData *school, const FieldDecl *const *fields, int nfields, Value *out,
                      int *stages, int max);

/* An evaluation in run (which it uses, but does not own). */
Evaluation *eval_begin(Run *run);
/* Evaluates one school and keeps its results (school data may die after). */
void eval_school(Evaluation *ev, const SchoolData *school);
/* Moves what part (an evaluation of the same rule set that has seen some
 * schools but not the county) gathered to the end of ev's, as if ev had
 * evaluated those schools itself; part is left empty for more. Schools
 * evaluated in parts (on several threads) and absorbed in input order give
 * the same evaluation, to the last bit, as one by one. When ev is
 * written_out, part's school results, their clause values and failed
 * conditions were written out and are not kept: nresults counts them, the
 * schools keep their codes and names (for explanations) and no results
 * (count 0); county results, roll-ups, CVs and the verdict are the same. */
void eval_absorb(Evaluation *ev, Evaluation *part);
/* County indicators, CVs, roll-ups, categories and the verdict. */
void eval_finish(Evaluation *ev, const CountyData *county);
void eval_free(Evaluation *ev);

/* ---- traces, for explain ---- */

typedef enum { FROM_RECORD, FROM_STAGE_RECORD, FROM_SPLIT, FROM_DEFAULT } Origin;

typedef struct TraceInput {
    const FieldDecl *field;
    Value value;          /* V_MISSING when absent */
    Origin origin;
    double whole, share;  /* FROM_SPLIT: the school's value and the stage's share */
    const char *file;     /* where the value is in the dataset, when the reader kept it: */
    int line, col;        /* JSON line and column; CSV row with col 0 (the column is the field) */
    int a1;               /* a worksheet's row and column: FILE!F12 */
} TraceInput;

#define TRACE_MAX_INPUTS 24

typedef struct PartTrace {
    int tried;
    const Threshold *threshold; /* what its value was compared with */
    Value cond;           /* V_MISSING when absent or missing; see has_cond */
    Value value;
    int has_cond, has_value;
    Missing cond_missing, value_missing;
    int value_meets;      /* the value met the threshold */
    int holds;
    TraceInput inputs[TRACE_MAX_INPUTS];
    int ninputs;
    char calls[4][160];   /* script calls: "name(args) = result" */
    unsigned char call_failed[4]; /* the call failed: "name(args)" without a result */
    int ncalls;
    Result elements[TRACE_MAX_INPUTS];  /* indicator results an aggregate read */
    int nelements;
    /* Records that decided an aggregate over records: those counted or
     * found by 计数/任一, those breaking 全部, the one giving 最大/最小. */
    struct { Level level; const Value *row; } rows[TRACE_MAX_INPUTS];
    int nrows;
    /* The same for a county aggregate over schools, with the schools that
     * lack what it reads; more_schools: those beyond the first. */
    struct { const char *code, *name; Missing missing; } schools[TRACE_MAX_INPUTS];
    int nschools, more_schools;
    /* Conditionals (若 … 则 … 否则 …) met, each with the branch taken:
     * 1 则, 0 否则, -1 neither (the condition lacked data: missing). */
    struct { const Expr *expr; int taken; Missing missing; } branches[TRACE_MAX_INPUTS];
    int nbranches;
} PartTrace;

typedef struct IndicatorTrace {
    Result result;
    const Threshold *threshold;  /* the one that applied, or NULL */
    PartTrace applies;
    PartTrace main;
    PartTrace *exceptions;  /* one per exception of the indicator */
    PartTrace *vetoes;      /* one per veto of the indicator */
} IndicatorTrace;

/* Traces of the results of one unit set (a school with its stages, or the
 * county), in evaluation order. */
typedef struct TraceSet {
    const Run *run;       /* the thresholds' numbers and the parameters' versions it used */
    IndicatorTrace *items;
    int count;
    Arena arena;
    DiagList diags;       /* script failures while tracing */
} TraceSet;

/* Evaluates one school (its school-level indicators and every evaluated
 * stage), or the county indicators, recording a trace per result. */
void eval_trace_school(Run *run, const SchoolData *school, TraceSet *out);
/* The county's traces need the evaluation that saw the schools: a county
 * indicator may aggregate over them (its schools are named from it, so ev
 * must outlive out). */
void eval_trace_county(const Evaluation *ev, const CountyData *county, TraceSet *out);
void eval_trace_free(TraceSet *t);

const char *status_name(Status s);

#endif
