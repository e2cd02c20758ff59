/* eval.c — the evaluator (see eval.h). Expressions are trees whose names the
 * checker resolved into slots; values are three-valued: a number/word/bool,
 * or missing with the reason. A missing count keeps the bounds it could
 * still take, so "at least 6 of 7 met" is decided when it can be. */
#include "eval.h"
#include "script.h"
#include <assert.h>
#include <stddef.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A value during evaluation: 16 bytes, so that it travels in registers. */
typedef struct EV {
    union {
        double num;       /* V_NUM; V_BOOL 0/1; V_WORD the index; bounded count: the lowest */
        const char *text; /* V_TEXT */
    };
    float hi;             /* bounded count: the highest it could still be */
    uint16_t what;        /* V_MISSING: RuleSet.names id of the missing field or indicator */
    uint8_t tag;          /* ValueTag */
    uint8_t why;          /* MissReason, | BOUNDED for a missing count with bounds */
} EV;

#define BOUNDED 0x80

/* Everything an expression can read while one unit is evaluated. */
typedef struct Unit {
    const RuleSet *rs;
    Run *run;                       /* the date's parameters and thresholds, the scripts */
    const CountyData *county;       /* county scope only */
    const SchoolData *school;
    const StageData *stage;         /* NULL at school and county scope */
    double share;                   /* the stage's share of split resources */
    EV share_missing;               /* V_MISSING: why share is unknown */
    Result *results;                /* this unit's results, by indicator index */
    const Result *elem;             /* current element of an indicator aggregate */
    PartTrace *trace;               /* where field reads are recorded, or NULL */
    EV *defines;                    /* memoized definitions of this unit, by index */
    uint8_t *defined;               /* which of them are computed */
    int in_aggregate;               /* definitions are not memoized inside aggregates */
    const double *shares;           /* every stage record's share (school units) */
    const Value *row;               /* the current row of an aggregate over rows */
    Level row_level;
    double self_threshold;          /* 标准 in force: NAN when none */
    EV self_value;                  /* the indicator's main value, 值 in its exceptions */
    ClauseValue clause;             /* the value and threshold of the exception that decided (value NAN: none) */
    const Evaluation *ev;           /* county scope: the schools' parts of aggregates over schools */
    const char *caller;             /* the rule being evaluated (I4, I4.E2), for script errors */
    DiagList *diags;                /* where script failures go */
    int *failed;                    /* set when a script fails */
} Unit;

_Static_assert(sizeof(Result) == 16, "a Result is kept for every result of a national dataset: keep it compact");

/* The index of result_index among n notes kept in result order (each note
 * an int result followed by its data, stride bytes apart); -1 when none. */
_Static_assert(offsetof(ClauseValue, result) == 0 && offsetof(CondNote, result) == 0,
               "note_of reads a note's result first");
static int note_of(const void *notes, size_t stride, int n, int result_index)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (*(const int *)((const char *)notes + (size_t)mid * stride) < result_index) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && *(const int *)((const char *)notes + (size_t)lo * stride) == result_index ? lo : -1;
}

/* Few results pass by exception: their clause values are kept aside, in
 * result order, rather than widening every Result. */
const ClauseValue *eval_clause_value(const Evaluation *ev, int result_index)
{
    int k = note_of(ev->clause_values, sizeof *ev->clause_values, ev->nclause_values, result_index);
    return k < 0 ? NULL : &ev->clause_values[k];
}

/* School results failed by their 条件 are few too: kept aside the same way. */
const CondPart *eval_failed_condition(const Evaluation *ev, int result_index)
{
    int k = note_of(ev->cond_notes, sizeof *ev->cond_notes, ev->ncond_notes, result_index);
    return k < 0 ? NULL : &ev->cond_notes[k].part;
}

int eval_county_conditions(const Evaluation *ev, int county_index, const CondNote **notes)
{
    int n = 0;
    *notes = NULL;
    for (int k = 0; k < ev->ncounty_conds; k++) {
        if (ev->county_conds[k].result != county_index) continue;
        if (!n++) *notes = &ev->county_conds[k];
    }
    return n;
}

const CondPart *eval_county_failed_condition(const Evaluation *ev, int county_index)
{
    const CondNote *notes;
    int n = eval_county_conditions(ev, county_index, &notes);
    for (int k = 0; k < n; k++)
        if (notes[k].part.holds == 0) return &notes[k].part;
    return NULL;
}

double result_threshold(const Run *run, const Result *r)
{
    return r->threshold >= 0 ? run_threshold(run, &result_indicator(run->rs, r)->thresholds[r->threshold]) : NAN;
}

Missing result_missing(const RuleSet *rs, const Result *r)
{
    Missing m = {r->status == ST_MISSING ? (MissReason)r->detail : MISS_NONE, rs->names[r->missing]};
    return m;
}

static void set_missing(Result *r, MissReason why, int what)
{
    r->status = ST_MISSING;
    r->detail = (int8_t)why;
    r->missing = (uint16_t)what;
}

const char *status_name(Status s)
{
    static const char *const names[] = {"pass", "pass_by_exception", "fail", "missing_data", "not_applicable"};
    return names[s];
}

static EV missing_ev(MissReason why, int what)
{
    EV e = {0};
    e.tag = V_MISSING;
    e.why = (uint8_t)why;
    e.what = (uint16_t)what;
    return e;
}

/* A missing value as reported: the reason and the name. */
static Missing missing_of(const RuleSet *rs, EV e)
{
    Missing m = {(MissReason)(e.why & ~BOUNDED), rs->names[e.what]};
    return m;
}

/* The same missing value without count bounds (after arithmetic). */
static EV unbounded(EV e)
{
    return missing_ev((MissReason)(e.why & ~BOUNDED), e.what);
}

static EV num_ev(double x)
{
    EV e = {0};
    e.tag = V_NUM;
    e.num = x;
    return e;
}

static EV bool_ev(int b)
{
    EV e = {0};
    e.tag = V_BOOL;
    e.num = b;
    return e;
}

/* ---- reading fields ---- */

/* The dataset position of a value read for the unit, when kept. */
static void position_of(const Unit *u, const FieldDecl *f, Origin origin, TraceInput *in)
{
    const Where *w = NULL;
    int slot = f->slot;
    if (f->level == LV_COUNTY) w = &u->county->where;
    else if (origin == FROM_STAGE_RECORD) w = &u->stage->where, slot = f->stage_slot;
    else if (f->level == LV_SCHOOL) w = &u->school->where;
    else if (f->level == LV_STAGE) w = &u->stage->where;
    if (!w || !w->file || !w->line || !w->line[slot]) return;
    in->file = w->file;
    in->line = w->line[slot];
    in->col = w->col ? w->col[slot] : 0;
    in->a1 = w->a1;
}

static void record_input(Unit *u, const FieldDecl *f, Value v, Origin origin, double whole, double share)
{
    PartTrace *t = u->trace;
    if (!t) return;
    TraceInput in = {.field = f, .value = v, .origin = origin, .whole = whole, .share = share};
    if (origin != FROM_DEFAULT) position_of(u, f, origin, &in);
    /* Once per value read: a field read again is not repeated, but the same
     * field of each stage record a sum reads is (known by its position). */
    for (int i = 0; i < t->ninputs; i++)
        if (t->inputs[i].field == f && t->inputs[i].line == in.line && t->inputs[i].col == in.col) return;
    if (t->ninputs < TRACE_MAX_INPUTS) t->inputs[t->ninputs++] = in;
}

/* The default of a field for this unit: the one keyed by the unit's stage
 * word, else the unkeyed one. */
static const Expr *field_default(const FieldDecl *f, int stage_word)
{
    const Expr *any = NULL;
    for (int i = 0; i < f->ndefaults; i++) {
        if (!f->default_keys[i]) any = f->defaults[i];
        else if ((int)f->default_keys[i]->num == stage_word) return f->defaults[i];
    }
    return any;
}

static EV eval_expr(Unit *u, const Expr *e);

static EV read_field(Unit *u, const FieldDecl *f)
{
    Value v = {0};
    Origin origin = FROM_RECORD;
    double whole = 0, share = 0;
    switch (f->level) {
    case LV_COUNTY:
        v = u->county->values[f->slot];
        break;
    case LV_SCHOOL:
        v = u->school->values[f->slot];
        if (f->split && u->stage) {
            Value own = u->stage->values[f->stage_slot];
            if (own.tag != V_MISSING) {
                v = own;
                origin = FROM_STAGE_RECORD;
            } else if (v.tag == V_NUM && u->school->nstages > 1) {
                if (u->share_missing.tag == V_MISSING) {
                    record_input(u, f, v, FROM_RECORD, 0, 0);
                    return u->share_missing;
                }
                origin = FROM_SPLIT;
                whole = v.num;
                share = u->share;
                v.num = whole * share;
            }
        }
        break;
    case LV_STAGE:
        v = u->stage->values[f->slot];
        break;
    default:
        v = u->row[f->slot]; /* the checker admits row fields only inside aggregates over them */
        break;
    }
    if (v.tag == V_MISSING) {
        const Expr *d = field_default(f, u->stage ? u->stage->word : -1);
        if (d) {
            EV x = eval_expr(u, d);
            if (x.tag != V_MISSING) {
                v.tag = (ValueTag)x.tag;
                v.num = x.num;
                origin = FROM_DEFAULT;
            }
        }
    }
    if (f->level <= LV_STAGE) record_input(u, f, v, origin, whole, share);
    if (v.tag == V_MISSING) return missing_ev(MISS_ABSENT, f->name_id);
    EV e = {0};
    e.tag = (uint8_t)v.tag;
    if (v.tag == V_TEXT) e.text = v.text;
    else e.num = v.num;
    return e;
}

/* ---- operators ---- */

static int compare(double a, double b, TokKind op, double tol)
{
    int eq = a == b || fabs(a - b) <= tol * fmax(fabs(a), fabs(b));
    switch (op) {
    case T_GE: return eq || a > b;
    case T_LE: return eq || a < b;
    case T_GT: return !eq && a > b;
    case T_LT: return !eq && a < b;
    case T_EQ: return eq;
    default: return !eq;
    }
}

/* A comparison where a side is a missing count with known bounds: decided
 * when it comes out the same at every corner of the bounds. */
static EV compare_bounded(EV a, EV b, TokKind op, double tol)
{
    double as[2] = {a.num, a.why & BOUNDED ? a.hi : a.num}, bs[2] = {b.num, b.why & BOUNDED ? b.hi : b.num};
    int held = 0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) held += compare(as[i], bs[j], op, tol);
    int monotone = op != T_EQ && op != T_NE;
    if (monotone && held == 4) return bool_ev(1);
    if (monotone && held == 0) return bool_ev(0);
    return unbounded(a.why & BOUNDED ? a : b);
}

/* Kleene conjunction: false wins over missing. */
static EV and_ev(EV a, EV b)
{
    if (a.tag == V_BOOL && !a.num) return a;
    if (b.tag == V_BOOL && !b.num) return b;
    if (a.tag == V_MISSING) return a;
    if (b.tag == V_MISSING) return b;
    return bool_ev(1);
}

static EV or_ev(EV a, EV b)
{
    if (a.tag == V_BOOL && a.num) return a;
    if (b.tag == V_BOOL && b.num) return b;
    if (a.tag == V_MISSING) return a;
    if (b.tag == V_MISSING) return b;
    return bool_ev(0);
}

static EV not_ev(EV a)
{
    if (a.tag == V_MISSING) return a;
    return bool_ev(!a.num);
}

/* The name a division by zero is reported under: the divisor's field when
 * it is one, else the first field inside it (0, "?", when none); of a
 * conditional, the branch its condition takes. */
static int divisor_name(Unit *u, const Expr *e)
{
    if (e->kind == E_FIELD) return e->field->name_id;
    if (e->kind == E_DEFINE) return e->define->name_id;
    if (e->kind == E_IF) {
        EV c = eval_expr(u, e->a); /* decided: the divisor it gave had a value */
        return divisor_name(u, c.tag == V_BOOL && c.num ? e->b : e->c);
    }
    int n = 0;
    if (e->a) n = divisor_name(u, e->a);
    if (!n && e->b) n = divisor_name(u, e->b);
    return n;
}

static EV arith(Unit *u, const Expr *e, EV a, EV b)
{
    if (a.tag == V_MISSING) return unbounded(a);
    if (b.tag == V_MISSING) return unbounded(b);
    switch (e->op) {
    case T_PLUS: return num_ev(a.num + b.num);
    case T_MINUS: return num_ev(a.num - b.num);
    case T_STAR: return num_ev(a.num * b.num);
    default:
        if (b.num == 0) return missing_ev(MISS_ZERO, divisor_name(u, e->b));
        return num_ev(a.num / b.num);
    }
}

/* ---- aggregates over indicator results ---- */

static EV element_attr(Unit *u, ExprKind kind)
{
    const Result *r = u->elem;
    if (kind == E_ELEM_MET) {
        if (r->status == ST_MISSING) return missing_ev(MISS_INDICATOR, result_indicator(u->rs, r)->name_id);
        return bool_ev(r->status == ST_PASS || r->status == ST_PASS_EXCEPTION);
    }
    double x = kind == E_ELEM_VALUE ? r->value : result_threshold(u->run, r);
    if (isnan(x)) return missing_ev(MISS_INDICATOR, result_indicator(u->rs, r)->name_id);
    return num_ev(x);
}

static void record_element(Unit *u, const Result *r)
{
    PartTrace *t = u->trace;
    if (!t) return;
    for (int i = 0; i < t->nelements; i++)
        if (t->elements[i].indicator == r->indicator) return;
    if (t->nelements < TRACE_MAX_INPUTS) t->elements[t->nelements++] = *r;
}

/* A conditional met while tracing, with the branch its condition took. */
static void record_branch(Unit *u, const Expr *e, EV cond)
{
    PartTrace *t = u->trace;
    if (!t) return;
    int taken = cond.tag == V_MISSING ? -1 : cond.num != 0;
    for (int i = 0; i < t->nbranches; i++)
        if (t->branches[i].expr == e && t->branches[i].taken == taken) return;
    if (t->nbranches == TRACE_MAX_INPUTS) return;
    t->branches[t->nbranches].expr = e;
    t->branches[t->nbranches].taken = taken;
    t->branches[t->nbranches++].missing = missing_of(u->rs, cond);
}

static int holds(EV v)
{
    return v.tag == V_BOOL && v.num;
}

/* Running state of an aggregate: counts keep the bounds they could still
 * reach when elements are missing. */
typedef struct Agg {
    Builtin b;
    double lo, hi, acc;
    EV verdict, first_missing;
    int any_missing;
    const Value *extreme;  /* the record giving 最大 or 最小 */
} Agg;

static void record_row(Unit *u, const Value *row)
{
    PartTrace *t = u->trace;
    if (!t || !row || t->nrows == TRACE_MAX_INPUTS) return;
    for (int i = 0; i < t->nrows; i++)
        if (t->rows[i].row == row) return;
    t->rows[t->nrows].level = u->row_level;
    t->rows[t->nrows++].row = row;
}

/* What an element (a record, a school) did to an aggregate, for explanations. */
enum { DECIDES = 1, EXTREME = 2 };

/* Adds one element, its filter in and body already evaluated. */
static int agg_fold(Agg *g, EV in, EV body)
{
    int did = 0;
    if (g->b == B_ALL ? holds(in) && body.tag == V_BOOL && !body.num
                      : (g->b == B_ANY || g->b == B_COUNT) && holds(and_ev(in, body)))
        did |= DECIDES;
    if ((g->b == B_MAX || g->b == B_MIN) && holds(in) && body.tag == V_NUM &&
        (g->b == B_MAX ? body.num > g->acc : body.num < g->acc))
        did |= EXTREME;
    switch (g->b) {
    case B_COUNT: {
        EV both = and_ev(in, body);
        if (both.tag == V_MISSING) {
            g->hi++;
            if (!g->any_missing++) g->first_missing = both;
        } else if (both.num) {
            g->lo++;
            g->hi++;
        }
        break;
    }
    case B_ALL: g->verdict = and_ev(g->verdict, or_ev(not_ev(in), body)); break;
    case B_ANY: g->verdict = or_ev(g->verdict, and_ev(in, body)); break;
    default:
        if (in.tag == V_BOOL && !in.num) break;
        if (in.tag == V_MISSING || body.tag == V_MISSING) {
            if (!g->any_missing++) g->first_missing = in.tag == V_MISSING ? in : body;
            break;
        }
        if (g->b == B_SUM) g->acc += body.num;
        else if (g->b == B_MIN) g->acc = fmin(g->acc, body.num);
        else g->acc = fmax(g->acc, body.num);
    }
    return did;
}

/* The filter and body of an aggregate for the element u is on; 0 when
 * the filter leaves it out: it adds nothing, and its body is not read. */
static int element_parts(Unit *u, const Expr *e, EV *in, EV *body)
{
    *in = e->where ? eval_expr(u, e->where) : bool_ev(1);
    if (in->tag == V_BOOL && !in->num) return 0;
    *body = e->body ? eval_expr(u, e->body) : bool_ev(1);
    return 1;
}

static void agg_step(Unit *u, const Expr *e, Agg *g)
{
    EV in, body;
    if (!element_parts(u, e, &in, &body)) return;
    int did = agg_fold(g, in, body);
    /* The records that decide the aggregate, for explanations (a plain count of records: none). */
    if ((did & DECIDES) && (g->b != B_COUNT || e->where || e->body)) record_row(u, u->row);
    if (did & EXTREME) g->extreme = u->row;
}

/* A school an explanation of a county aggregate names: one that decides
 * it (missing: true), or lacks what it reads. */
typedef struct NamedSchool {
    int school;           /* index in Evaluation.schools */
    EV missing;
} NamedSchool;

/* One county aggregate over schools. Each school takes its part while it
 * is evaluated (its filter and body, unless the filter leaves it out): the
 * parts are folded into the aggregate in input order as the schools are
 * absorbed, keeping only the first schools an explanation names, so that
 * nothing per school stays. Parts not folded yet are pending (a batch's,
 * or those of the schools evaluated into this evaluation itself). */
typedef struct Gathered {
    Agg folded;
    NamedSchool named[TRACE_MAX_INPUTS];
    int nnamed, more;     /* schools named, and how many more would be */
    int *school;          /* pending: index in Evaluation.schools */
    EV *in, *body;
    int n, cap;
} Gathered;

/* A school that decided a county aggregate, or lacks what it reads. */
static void record_school(Unit *u, int school, EV missing)
{
    PartTrace *t = u->trace;
    if (!t) return;
    if (t->nschools == TRACE_MAX_INPUTS) {
        t->more_schools++;
        return;
    }
    const SchoolResults *sr = &u->ev->schools[school];
    t->schools[t->nschools].code = sr->code;
    t->schools[t->nschools].name = sr->name;
    t->schools[t->nschools++].missing = missing_of(u->rs, missing);
}

/* Folds a school's part (in, body) into g, aggregate e over schools;
 * returns whether an explanation names the school, with what it lacks in
 * *missing (true when it decides the aggregate). */
static int fold_school(const Expr *e, Agg *g, EV in, EV body, EV *missing)
{
    int did = agg_fold(g, in, body);
    if ((did & DECIDES) && (g->b != B_COUNT || e->where || e->body)) {
        *missing = bool_ev(1);
        return 1;
    }
    if (in.tag != V_MISSING && !(holds(in) && body.tag == V_MISSING)) return 0;
    *missing = in.tag == V_MISSING ? in : body;
    return 1;
}

/* A county aggregate over schools, from the parts they took. */
static void aggregate_schools(Unit *u, const Expr *e, Agg *g)
{
    const Gathered *gd = &u->ev->gathered[e->gather];
    *g = gd->folded;
    for (int i = 0; i < gd->nnamed; i++) record_school(u, gd->named[i].school, gd->named[i].missing);
    if (u->trace) u->trace->more_schools += gd->more; /* only after TRACE_MAX_INPUTS named: the trace is full */
    for (int i = 0; i < gd->n; i++) {
        EV missing;
        if (fold_school(e, g, gd->in[i], gd->body[i], &missing)) record_school(u, gd->school[i], missing);
    }
}

/* The rows of level lv this unit sees: a stage sees its own classes. */
static int row_visible(const Unit *u, Level lv, const Value *row)
{
    const FieldDecl *f = u->rs->row_stage_field[lv];
    if (!f || !u->stage || row[f->slot].tag != V_WORD) return 1;
    return u->rs->row_stage_word[lv][(int)row[f->slot].num] == u->stage->word;
}

/* An aggregate of nothing yet. */
static Agg agg_start(Builtin b)
{
    Agg g = {.b = b};
    g.acc = b == B_MIN ? INFINITY : b == B_MAX ? -INFINITY : 0;
    g.verdict = bool_ev(b == B_ALL);
    return g;
}

static EV aggregate(Unit *u, const Expr *e)
{
    Agg g = agg_start(e->builtin);
    const Unit saved = *u;
    u->in_aggregate++;
    int empty_name = 0;
    if (e->a->type == TY_INDICATORS) {
        const Expr *list = e->a;
        while (list->kind == E_DEFINE) list = list->define->expr; /* a definition of a definition of the list */
        for (int i = 0; i < list->nindicators; i++) {
            u->elem = &u->results[list->indicators[i]->index];
            record_element(u, u->elem);
            agg_step(u, e, &g);
        }
        if (list->nindicators) empty_name = list->indicators[0]->name_id;
    } else if (e->a->level == LV_SCHOOL) {
        aggregate_schools(u, e, &g);
        empty_name = 1 + LV_SCHOOL;
    } else if (e->a->level == LV_STAGE) {
        if (!u->school->nstages) {
            *u = saved;
            return missing_ev(MISS_ABSENT, 1 + (int)LV_STAGE);
        }
        for (int i = 0; i < u->school->nstages; i++) {
            u->stage = &u->school->stages[i];
            u->share = u->shares[i];
            agg_step(u, e, &g);
        }
        empty_name = 1 + LV_STAGE;
    } else {
        Level lv = e->a->level;
        const Rows *rows = level_parent(u->rs, lv) == LV_COUNTY ? &u->county->rows[lv] : &u->school->rows[lv];
        int seen = 0;
        for (int i = 0; i < rows->count; i++) {
            if (!row_visible(&saved, lv, rows->rows[i])) continue;
            u->row = rows->rows[i];
            u->row_level = lv;
            agg_step(u, e, &g);
            seen++;
        }
        /* No records at all is no data (a school of 1 320 students with no
         * classes has not reported them), not a count of zero. */
        if (!seen) {
            *u = saved;
            return missing_ev(MISS_ABSENT, 1 + (int)lv);
        }
        u->row = g.extreme;
        record_row(u, g.extreme);
        empty_name = 1 + (int)lv;
    }
    *u = saved;
    switch (g.b) {
    case B_COUNT:
        if (g.lo == g.hi) return num_ev(g.lo);
        g.first_missing = unbounded(g.first_missing);
        g.first_missing.num = g.lo;
        g.first_missing.hi = (float)g.hi;
        g.first_missing.why |= BOUNDED;
        return g.first_missing;
    case B_ALL:
    case B_ANY: return g.verdict;
    default:
        if (g.any_missing) return unbounded(g.first_missing);
        if (isinf(g.acc)) return missing_ev(MISS_ABSENT, empty_name); /* min or max of nothing */
        return num_ev(g.acc);
    }
}

/* One script argument: a collection becomes a list of records (tables of
 * field name → value), anything else a value (a word with its text). */
typedef struct ArgBuf {
    ScriptArg *records;
    const char **names, **words;
    Value *values;
} ArgBuf;

/* A record as parallel arrays of field names, values and word texts (the
 * record's own slots are not in declaration order: split fields). */
static void record_arg(const RuleSet *rs, Level lv, const Value *slots, ScriptArg *out, const char **names,
                       const char **words, Value *values)
{
    int n = 0;
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        if (f->level != lv) continue;
        names[n] = f->name;
        values[n] = slots[f->slot];
        words[n] = values[n].tag == V_WORD ? f->words[(int)values[n].num] : NULL;
        n++;
    }
    out->kind = SA_RECORD;
    out->nfields = n;
    out->names = names;
    out->values = values;
    out->words = words;
}

/* Converts one argument of a script call; returns its value, so that a
 * missing one can name what the script's missing result lacked. */
static EV script_arg(Unit *u, const Expr *e, ScriptArg *out, ArgBuf *buf)
{
    const RuleSet *rs = u->rs;
    memset(out, 0, sizeof *out);
    if (e->kind != E_COLLECTION) {
        EV v = eval_expr(u, e);
        out->kind = SA_VALUE;
        out->value.tag = (ValueTag)v.tag;
        if (v.tag == V_TEXT) out->value.text = v.text;
        else out->value.num = v.num;
        if (v.tag == V_WORD && e->field) out->word = e->field->words[(int)v.num];
        return v;
    }
    Level lv = e->level;
    int nf = rs->nslots[lv] + 1, count = 0;
    const Rows *rows = lv == LV_STAGE ? NULL : level_parent(rs, lv) == LV_COUNTY ? &u->county->rows[lv] : &u->school->rows[lv];
    int total = rows ? rows->count : u->school->nstages;
    buf->records = xcalloc((size_t)total + 1, sizeof *buf->records);
    buf->names = xcalloc((size_t)(total + 1) * (size_t)nf, sizeof *buf->names);
    buf->words = xcalloc((size_t)(total + 1) * (size_t)nf, sizeof *buf->words);
    buf->values = xcalloc((size_t)(total + 1) * (size_t)nf, sizeof *buf->values);
    for (int i = 0; i < total; i++) {
        const Value *values = rows ? rows->rows[i] : u->school->stages[i].values;
        if (rows && !row_visible(u, lv, values)) continue;
        ScriptArg *r = &buf->records[count];
        size_t at = (size_t)count * (size_t)nf;
        record_arg(rs, lv, values, r, buf->names + at, buf->words + at, buf->values + at);
        count++;
    }
    out->kind = SA_LIST;
    out->nrecords = count;
    out->records = buf->records;
    return bool_ev(1);
}

/* Calls a function of the rule set's scripts. A failure is reported once
 * and marks the evaluation failed; the value is then missing. */
static EV call_script(Unit *u, const Expr *e)
{
    const Expr *exprs[JH_MAX_SCRIPT_ARGS];
    int n = 0;
    exprs[n++] = e->a;
    for (int k = 0; k < e->nitems && n < JH_MAX_SCRIPT_ARGS; k++) exprs[n++] = e->items[k]; /* checked: all fit */
    ScriptArg args[JH_MAX_SCRIPT_ARGS];
    ArgBuf bufs[JH_MAX_SCRIPT_ARGS] = {{0}};
    EV missing_arg = bool_ev(1); /* the first argument that is missing, if any */
    for (int k = 0; k < n; k++) {
        EV v = script_arg(u, exprs[k], &args[k], &bufs[k]);
        if (v.tag == V_MISSING && missing_arg.tag != V_MISSING) missing_arg = v;
    }
    ScriptCaller who = {u->caller ? u->caller : "", level_name(u->rs, u->school ? LV_SCHOOL : LV_COUNTY),
                        u->school ? u->school->code : NULL, u->stage ? u->rs->stage_field->words[u->stage->word] : NULL,
                        u->trace != NULL};
    Value result = {0};
    DiagList quiet;
    diag_init(&quiet);
    int failed = u->failed && *u->failed; /* after a failure, one diagnostic is enough */
    int rc = script_call(u->run->script, e->name, args, n, e->type, &who, &result, u->diags && !failed ? u->diags : &quiet);
    diag_free(&quiet);
    for (int k = 0; k < n; k++) {
        free(bufs[k].records);
        free(bufs[k].names);
        free(bufs[k].words);
        free(bufs[k].values);
    }
    if (u->trace && u->trace->ncalls < 4) {
        char *call = u->trace->calls[u->trace->ncalls];
        u->trace->call_failed[u->trace->ncalls] = script_last_call(u->run->script, call, 160) != 0;
        int repeat = 0; /* a definition read twice calls the same again */
        for (int k = 0; k < u->trace->ncalls; k++) repeat |= strcmp(u->trace->calls[k], call) == 0;
        if (!repeat) u->trace->ncalls++;
    }
    if (rc != 0) {
        if (u->failed) *u->failed = 1;
        return missing_ev(MISS_ABSENT, 0);
    }
    EV v = {0};
    v.tag = (uint8_t)result.tag;
    if (result.tag == V_TEXT) v.text = result.text;
    else v.num = result.num;
    if (result.tag != V_MISSING) return v;
    return missing_arg.tag == V_MISSING ? missing_arg : missing_ev(MISS_ABSENT, 0);
}

static EV eval_expr(Unit *u, const Expr *e)
{
    switch (e->kind) {
    case E_NUMBER: return num_ev(e->num);
    case E_BOOL: return bool_ev((int)e->num);
    case E_STRING: {
        EV t = {0};
        t.tag = V_TEXT;
        t.text = e->name;
        return t;
    }
    case E_ENUM_WORD: {
        EV w = {0};
        w.tag = V_WORD;
        w.num = e->num;
        return w;
    }
    case E_FIELD: return read_field(u, e->field);
    case E_DEFINE: {
        /* A definition reads the same unit every time it is used. */
        int k = e->define->index;
        if (u->trace || !u->defines || u->in_aggregate) return eval_expr(u, e->define->expr);
        if (!u->defined[k]) {
            u->defines[k] = eval_expr(u, e->define->expr);
            u->defined[k] = 1;
        }
        return u->defines[k];
    }
    case E_NEG: {
        EV a = eval_expr(u, e->a);
        if (a.tag == V_MISSING) return a;
        return num_ev(-a.num);
    }
    case E_NOT: return not_ev(eval_expr(u, e->a));
    case E_ARITH: {
        EV a = eval_expr(u, e->a);
        EV b = eval_expr(u, e->b);
        return arith(u, e, a, b);
    }
    case E_AND: {
        EV a = eval_expr(u, e->a);
        EV b = eval_expr(u, e->b);
        return and_ev(a, b);
    }
    case E_OR: {
        EV a = eval_expr(u, e->a);
        EV b = eval_expr(u, e->b);
        return or_ev(a, b);
    }
    case E_COMPARE: {
        EV a = eval_expr(u, e->a);
        EV b = eval_expr(u, e->b);
        if (a.tag == V_MISSING && !(a.why & BOUNDED)) return a;
        if (b.tag == V_MISSING && !(b.why & BOUNDED)) return b;
        if ((a.why | b.why) & BOUNDED) return compare_bounded(a, b, e->op, u->rs->tolerance);
        if (a.tag == V_TEXT) {
            int eq = strcmp(a.text, b.text) == 0;
            return bool_ev(e->op == T_EQ ? eq : !eq);
        }
        return bool_ev(compare(a.num, b.num, e->op, u->rs->tolerance));
    }
    case E_IF: {
        /* Only the branch taken is read: a field the other reads may be missing. */
        EV c = eval_expr(u, e->a);
        record_branch(u, e, c);
        if (c.tag == V_MISSING) return unbounded(c);
        return eval_expr(u, c.num ? e->b : e->c);
    }
    case E_IN: {
        EV a = eval_expr(u, e->a);
        if (a.tag == V_MISSING) return a;
        for (int i = 0; i < e->nitems; i++)
            if ((int)e->items[i]->num == (int)a.num) return bool_ev(1);
        return bool_ev(0);
    }
    case E_CALL:
        if (e->builtin == B_SCRIPT) return call_script(u, e);
        if (e->builtin == B_CEIL) {
            EV a = eval_expr(u, e->a);
            if (a.tag == V_MISSING) return a;
            return num_ev(ceil(a.num - fabs(a.num) * u->rs->tolerance));
        }
        return aggregate(u, e);
    case E_ELEM_MET:
    case E_ELEM_VALUE:
    case E_ELEM_THRESHOLD: return element_attr(u, e->kind);
    case E_SELF_VALUE: return u->self_value;
    case E_SELF_THRESHOLD: return isnan(u->self_threshold) ? missing_ev(MISS_ABSENT, 0) : num_ev(u->self_threshold);
    case E_PARAM: /* in the version in force in this run: one value, or one per stage */
        if (!e->param->nkeys) return num_ev(run_param(u->run, e->param, -1));
        for (int k = 0; k < e->param->nkeys; k++)
            if (u->stage && (int)e->param->keys[k]->num == u->stage->word) return num_ev(run_param(u->run, e->param, k));
        return missing_ev(MISS_ABSENT, e->param->name_id);
    default: return missing_ev(MISS_ABSENT, 0); /* E_NAME, E_STRING, E_LIST: rejected by the checker */
    }
}

/* ---- indicators ---- */

/* The threshold for this unit: keyed by stage word or school type word. */
static const Threshold *threshold_for(const Threshold *th, int n, int key)
{
    const Threshold *other = NULL;
    for (int i = 0; i < n; i++) {
        if (th[i].key_index < 0) other = &th[i];
        else if (th[i].key_index == key) return &th[i];
    }
    return other;
}

/* Evaluates expression e as one part of the trace (or untraced). */
static EV eval_part(Unit *u, const Expr *e, PartTrace *t)
{
    PartTrace *saved = u->trace;
    if (t) u->trace = t;
    EV r = eval_expr(u, e);
    u->trace = saved;
    return r;
}

static void trace_value(const Unit *u, PartTrace *t, int is_cond, EV v)
{
    if (!t) return;
    Value shown = {{0}, (ValueTag)v.tag};
    shown.num = v.num;
    if (is_cond) {
        t->has_cond = 1;
        t->cond = shown;
        t->cond_missing = missing_of(u->rs, v);
    } else {
        t->has_value = 1;
        t->value = shown;
        t->value_missing = missing_of(u->rs, v);
    }
}

/* Runs the test of the main part or of an exception: its condition, then
 * its value against the threshold. */
static EV run_test(Unit *u, const Expr *cond, const Expr *value, const Threshold *th, PartTrace *t, EV *value_out)
{
    EV verdict = bool_ev(1);
    if (t) {
        t->tried = 1;
        t->threshold = th;
    }
    if (cond) {
        EV c = eval_part(u, cond, t);
        trace_value(u, t, 1, c);
        verdict = c;
    }
    if (value) { /* computed even when the condition fails: reports show it */
        EV v = eval_part(u, value, t);
        trace_value(u, t, 0, v);
        if (value_out) *value_out = v;
        EV meets = v.tag == V_MISSING ? v : bool_ev(compare(v.num, run_threshold(u->run, th), th->op, u->rs->tolerance));
        if (t) t->value_meets = meets.tag == V_BOOL && meets.num;
        verdict = and_ev(verdict, meets);
    }
    if (t) t->holds = verdict.tag == V_BOOL && verdict.num;
    return verdict;
}

/* The threshold of a list for this unit: by stage word, by school type word,
 * or the one without a key. Sets *unknown when the school type is missing. */
static const Threshold *unit_threshold(const Unit *u, Level scope, const Threshold *list, int n, int *unknown)
{
    if (!n) return NULL;
    int keyed = 0;
    for (int i = 0; i < n; i++) keyed |= list[i].key_index >= 0;
    int key = -1;
    if (!keyed) {
        key = -1; /* one threshold for every unit: nothing to look up */
    } else if (scope == LV_STAGE) {
        key = u->stage->word;
    } else if (scope == LV_SCHOOL) {
        Value type = u->school->values[u->rs->school_type_field->slot];
        if (type.tag == V_MISSING) {
            *unknown = 1;
            return NULL;
        }
        key = (int)type.num;
    }
    return threshold_for(list, n, key);
}

/* Tries exception k of ind (th: the indicator's threshold for the unit).
 * When it holds, u->clause gets what it computed and the threshold it met. */
static int try_exception(Unit *u, const Indicator *ind, const Threshold *th, int k, IndicatorTrace *tr)
{
    const Exception *ex = &ind->exceptions[k];
    int unknown = 0;
    const Threshold *ex_th = ex->nthresholds ? unit_threshold(u, ind->scope, ex->thresholds, ex->nthresholds, &unknown) : th;
    if (ex->nthresholds && !ex_th) { /* its own 标准 is keyed by the school type, which is missing */
        if (tr) {
            PartTrace *t = &tr->exceptions[k];
            t->tried = 1;
            t->has_value = 1;
            t->value.tag = V_MISSING;
            t->value_missing = (Missing){MISS_ABSENT, u->rs->school_type_field->name};
        }
        return 0;
    }
    u->self_threshold = ex_th ? run_threshold(u->run, ex_th) : NAN;
    u->caller = ex->qualified;
    EV ex_value = missing_ev(MISS_ABSENT, 0);
    if (!holds(run_test(u, ex->cond, ex->value, ex_th, tr ? &tr->exceptions[k] : NULL, &ex_value))) return 0;
    /* the threshold it met: its own, or the indicator's its value was compared with */
    u->clause = (ClauseValue){0, ex_value.tag == V_MISSING ? NAN : ex_value.num, ex->nthresholds || ex->value ? ex_th : NULL, 0};
    return 1;
}

/* The exceptions after the deciding one k that hold as well, as bits: few
 * results pass by exception, and the ledger says for each whether it would
 * without its deciding clause. Traced like the others. */
static uint64_t later_holding(Unit *u, const Indicator *ind, const Threshold *th, int k, IndicatorTrace *tr)
{
    uint64_t also = 0;
    ClauseValue deciding = u->clause;
    for (int j = k + 1; j < ind->nexceptions && j < 64; j++)
        if (try_exception(u, ind, th, j, tr)) also |= (uint64_t)1 << j;
    u->clause = deciding;
    return also;
}

int clause_next_holding(const ClauseValue *c)
{
    return c->also ? __builtin_ctzll(c->also) : -1;
}

static void evaluate_indicator(Unit *u, const Indicator *ind, Result *r, IndicatorTrace *tr)
{
    const RuleSet *rs = u->rs;
    memset(r, 0, sizeof *r);
    r->indicator = (uint16_t)ind->index;
    r->stage = (int8_t)(u->stage ? u->stage->word : -1);
    r->detail = -1;
    r->threshold = -1;
    r->value = NAN;
    u->caller = ind->id;
    if (ind->applies) {
        EV a = run_test(u, ind->applies, NULL, NULL, tr ? &tr->applies : NULL, NULL);
        if (a.tag == V_MISSING) {
            set_missing(r, (MissReason)(a.why & ~BOUNDED), a.what);
            return;
        }
        if (!a.num) {
            r->status = ST_NOT_APPLICABLE;
            return;
        }
    }
    int unknown = 0;
    const Threshold *th = unit_threshold(u, ind->scope, ind->thresholds, ind->nthresholds, &unknown);
    if (unknown) {
        set_missing(r, MISS_ABSENT, rs->school_type_field->name_id);
        return;
    }
    if (th) r->threshold = (int8_t)(th - ind->thresholds);
    if (tr) tr->threshold = th;
    u->self_threshold = th ? run_threshold(u->run, th) : NAN;
    u->self_value = missing_ev(MISS_ABSENT, ind->name_id);
    EV main = run_test(u, ind->cond, ind->value, th, tr ? &tr->main : NULL, &u->self_value);
    if (u->self_value.tag != V_MISSING) r->value = u->self_value.num;
    /* A veto fails the result whatever the main test or an exception says. */
    for (int k = 0; k < ind->nvetoes; k++) {
        u->caller = ind->vetoes[k].qualified;
        if (holds(run_test(u, ind->vetoes[k].cond, NULL, NULL, tr ? &tr->vetoes[k] : NULL, NULL))) {
            r->status = ST_FAIL;
            r->detail = (int8_t)k;
            return;
        }
    }
    if (holds(main)) {
        r->status = ST_PASS;
        return;
    }
    if (main.tag == V_MISSING) {
        /* The main test could not be decided: exceptions are not tried
         * (docs/评估口径说明.md). */
        set_missing(r, (MissReason)(main.why & ~BOUNDED), main.what);
        return;
    }
    for (int k = 0; k < ind->nexceptions; k++) {
        if (!try_exception(u, ind, th, k, tr)) continue;
        r->status = ST_PASS_EXCEPTION;
        r->detail = (int8_t)k;
        u->clause.also = later_holding(u, ind, th, k, tr);
        return;
    }
    r->status = ST_FAIL;
}

/* The parts of e, a 条件, appended to parts from n on (at most max): the
 * terms of its top-level 且, left to right, a conditional (若 … 则 … 否则 …)
 * whose condition is decided standing for the branch it takes. Each is
 * evaluated again on its own (definitions are memoized, so this is cheap):
 * a comparison keeps its two sides (numbers, or the indices of two words of
 * a list), anything else whether it holds. Returns the new count. */
static int collect_parts(Unit *u, const Expr *e, CondPart *parts, int n, int max)
{
    if (e->kind == E_AND) return collect_parts(u, e->b, parts, collect_parts(u, e->a, parts, n, max), max);
    if (e->kind == E_IF) {
        EV c = eval_expr(u, e->a);
        if (c.tag != V_MISSING) return collect_parts(u, c.num ? e->b : e->c, parts, n, max);
    }
    if (n == max) return n;
    EV h = eval_expr(u, e);
    parts[n] = (CondPart){e, h.tag == V_MISSING ? -1 : h.num != 0, NAN, NAN};
    if (e->kind == E_COMPARE && ((e->a->type == TY_NUM && e->b->type == TY_NUM) || e->a->type == TY_ENUM)) {
        EV a = eval_expr(u, e->a), b = eval_expr(u, e->b);
        if (a.tag != V_MISSING) parts[n].value = a.num;
        if (b.tag != V_MISSING) parts[n].bound = b.num;
    }
    return n + 1;
}

/* The parts of ind's 条件 as unit u evaluates them (collect_parts). */
static int condition_parts(Unit *u, const Indicator *ind, CondPart *parts, int max)
{
    u->caller = ind->id;
    return ind->cond ? collect_parts(u, ind->cond, parts, 0, max < JH_MAX_COND_PARTS ? max : JH_MAX_COND_PARTS) : 0;
}

/* The first part of ind's 条件 that does not hold, when r failed by it (not
 * by its value or a veto). */
static int failed_condition(Unit *u, const Indicator *ind, const Result *r, CondPart *part)
{
    if (r->status != ST_FAIL || result_veto(r) >= 0 || !ind->cond) return 0;
    CondPart parts[JH_MAX_COND_PARTS];
    int n = condition_parts(u, ind, parts, JH_MAX_COND_PARTS);
    for (int k = 0; k < n; k++)
        if (parts[k].holds == 0) {
            *part = parts[k];
            return 1;
        }
    return 0;
}

/* Shares of split resources (method: weighted enrolment) for every stage. */
static void stage_shares(const RuleSet *rs, const SchoolData *s, double *shares, EV *why)
{
    *why = num_ev(0);
    if (!rs->has_split || !rs->split_by) return;
    if (s->nstages == 1) {
        shares[0] = 1;
        return;
    }
    double total = 0, weighted[JH_MAX_STAGES];
    for (int i = 0; i < s->nstages; i++) {
        Value n = s->stages[i].values[rs->split_by->slot];
        if (n.tag == V_MISSING) {
            *why = missing_ev(MISS_SPLIT, rs->split_by->name_id);
            return;
        }
        double w = 0;
        for (int k = 0; k < rs->nweights; k++)
            if (rs->weights[k].word == s->stages[i].word) w = rs->weights[k].weight;
        weighted[i] = w * n.num;
        total += weighted[i];
    }
    if (total == 0) {
        *why = missing_ev(MISS_SPLIT, rs->split_by->name_id);
        return;
    }
    for (int i = 0; i < s->nstages; i++) shares[i] = weighted[i] / total;
}

static int is_evaluated_stage(const RuleSet *rs, int word)
{
    for (int i = 0; i < rs->nstages; i++)
        if (rs->stages[i] == word) return 1;
    return 0;
}

/* Visits every unit of a school in output order: the whole school, then each
 * evaluated stage in the order of its records. */
typedef void (*UnitVisitor)(Unit *u, Level scope, void *ctx);

/* Scratch space for one unit: its results and memoized definitions. */
typedef struct Scratch {
    Result *results;
    EV *defines;
    uint8_t *defined;
} Scratch;

static void scratch_init(Scratch *s, const RuleSet *rs)
{
    s->results = xcalloc((size_t)rs->nindicators + 1, sizeof *s->results);
    s->defines = xcalloc((size_t)rs->ndefines + 1, sizeof *s->defines);
    s->defined = xcalloc((size_t)rs->ndefines + 1, 1);
}

static void scratch_free(Scratch *s)
{
    free(s->results);
    free(s->defines);
    free(s->defined);
}

static void start_unit(Unit *u, const Scratch *s)
{
    u->results = s->results;
    u->defines = s->defines;
    u->defined = s->defined;
    memset(s->defined, 0, (size_t)u->rs->ndefines);
}

static void visit_units(Run *run, const SchoolData *s, const Scratch *scratch, DiagList *diags, int *failed,
                        UnitVisitor visit, void *ctx)
{
    const RuleSet *rs = run->rs;
    if (run->script) script_release_texts(run->script); /* the last school's text results are not read again */
    double shares[JH_MAX_STAGES] = {0};
    EV share_missing;
    stage_shares(rs, s, shares, &share_missing);
    Unit u = {0};
    u.rs = rs;
    u.run = run;
    u.school = s;
    u.diags = diags;
    u.failed = failed;
    u.shares = shares;
    u.share_missing = share_missing;
    start_unit(&u, scratch);
    visit(&u, LV_SCHOOL, ctx);
    for (int i = 0; i < s->nstages; i++) {
        if (!is_evaluated_stage(rs, s->stages[i].word)) continue;
        u.stage = &s->stages[i];
        u.share = shares[i];
        start_unit(&u, scratch);
        visit(&u, LV_STAGE, ctx);
    }
}

/* What eval_stage_fields fills. */
typedef struct StageFields {
    const FieldDecl *const *fields;
    int nfields;
    Value *out;
    int *stages;
    int n, max;
} StageFields;

static void read_stage_fields(Unit *u, Level scope, void *ctx)
{
    StageFields *sf = ctx;
    if (scope != LV_STAGE || sf->n == sf->max) return;
    for (int f = 0; f < sf->nfields; f++) {
        Value *v = &sf->out[sf->n * sf->nfields + f];
        *v = (Value){{0}, V_MISSING};
        if (!sf->fields[f]) continue;
        EV x = read_field(u, sf->fields[f]);
        v->tag = (ValueTag)x.tag;
        if (x.tag == V_TEXT) v->text = x.text;
        else v->num = x.num;
    }
    sf->stages[sf->n++] = u->stage->word;
}

int eval_stage_fields(Run *run, const SchoolData *school, const FieldDecl *const *fields, int nfields, Value *out,
                      int *stages, int max)
{
    Scratch scratch;
    scratch_init(&scratch, run->rs);
    DiagList quiet; /* a script in a default that fails: the evaluation reports it */
    diag_init(&quiet);
    int failed = 0;
    StageFields sf = {fields, nfields, out, stages, 0, max};
    visit_units(run, school, &scratch, &quiet, &failed, read_stage_fields, &sf);
    diag_free(&quiet);
    scratch_free(&scratch);
    return sf.n;
}

/* ---- the whole evaluation ---- */

/* What the CVs are computed over, in input order. The CVs of one
 * declaration and stage read the same school-stages with the same weight
 * (the declaration's 权数: the stage's students), so a group keeps the
 * weight once per school-stage, and each of its CVs a value per
 * school-stage of the group: NAN where that school-stage adds nothing to it
 * (not applicable, or lacking data; a value that adds is never NAN). */
typedef struct CvGroup {
    const CvDecl *cv;
    int stage;
    int first, stride, count; /* its CVs: Evaluation.cvs[first + j * stride] for j < count */
    double *w;
    int n, cap;
} CvGroup;

typedef struct CvSample {
    double *x;            /* per school-stage of its group (CVs of an indicator) */
    int n;                /* the values that add to it */
    Missing missing;      /* first in-scope stage without a value */
} CvSample;

Evaluation *eval_begin(Run *run)
{
    const RuleSet *rs = run->rs;
    Evaluation *ev = xcalloc(1, sizeof *ev);
    ev->rs = rs;
    ev->run = run;
    arena_init(&ev->strings, 1 << 20);
    ev->scratch = xmalloc(sizeof *ev->scratch);
    scratch_init(ev->scratch, rs);
    for (int i = 0; i < rs->ncvs; i++)
        ev->ncvs += (rs->cvs[i]->nindicators + (rs->cvs[i]->ncomposite > 0)) * rs->nstages;
    ev->cvs = xcalloc((size_t)ev->ncvs + 1, sizeof *ev->cvs);
    ev->samples = xcalloc((size_t)ev->ncvs + 1, sizeof *ev->samples);
    for (int i = 0; i < rs->ncvs; i++) ev->ncv_groups += rs->cvs[i]->nindicators ? rs->nstages : 0;
    ev->cv_groups = xcalloc((size_t)ev->ncv_groups + 1, sizeof *ev->cv_groups);
    ev->gathered = xcalloc((size_t)rs->ngathers + 1, sizeof *ev->gathered);
    for (int k = 0; k < rs->ngathers; k++) ev->gathered[k].folded = agg_start(rs->gathers[k]->builtin);
    int k = 0, g = 0;
    for (int i = 0; i < rs->ncvs; i++) {
        const CvDecl *cv = rs->cvs[i];
        for (int s = 0; cv->nindicators && s < rs->nstages; s++)
            ev->cv_groups[g++] = (CvGroup){cv, rs->stages[s], k + s, rs->nstages, cv->nindicators, NULL, 0, 0};
        for (int j = 0; j < cv->nindicators; j++) {
            for (int s = 0; s < rs->nstages; s++, k++) {
                CvResult *c = &ev->cvs[k];
                c->cv = cv;
                c->ind = cv->indicators[j];
                c->label = c->ind->id;
                c->stage = rs->stages[s];
                const Threshold *lim = threshold_for(cv->limits, cv->nlimits, c->stage);
                c->limit = lim ? run_threshold(run, lim) : NAN;
                c->op = lim ? lim->op : T_LE;
            }
        }
        /* The composite: the mean of the declaration's CVs, per stage. */
        for (int s = 0; cv->ncomposite && s < rs->nstages; s++, k++) {
            CvResult *c = &ev->cvs[k];
            c->cv = cv;
            c->label = cv->composite_name ? cv->composite_name : "综合"; /* the 综合限值's result, unless named */
            c->stage = rs->stages[s];
            const Threshold *lim = threshold_for(cv->composite, cv->ncomposite, c->stage);
            c->limit = lim ? run_threshold(run, lim) : NAN;
            c->op = lim ? lim->op : T_LE;
        }
    }
    ev->rollups = xcalloc((size_t)rs->nindicators + 1, sizeof *ev->rollups);
    ev->rollup_of = xcalloc((size_t)rs->nindicators + 1, sizeof *ev->rollup_of);
    for (int i = 0; i < rs->nindicators; i++) {
        ev->rollup_of[i] = rs->indicators[i]->scope != LV_COUNTY ? ev->nrollups : -1;
        if (rs->indicators[i]->scope != LV_COUNTY) ev->rollups[ev->nrollups++].ind = rs->indicators[i];
    }
    return ev;
}

/* items with room for need of them (cap doubles). */
static void *grow(void *items, int *cap, int need, size_t size)
{
    if (need <= *cap) return items;
    while (*cap < need) *cap = *cap ? *cap * 2 : 256;
    return xrealloc(items, (size_t)*cap * size);
}

/* The sample of the j-th CV of group g. */
static CvSample *group_sample(const Evaluation *ev, const CvGroup *g, int j)
{
    return &ev->samples[g->first + j * g->stride];
}

/* Room in group g (its weights and its CVs' values) for need school-stages. */
static void group_reserve(Evaluation *ev, CvGroup *g, int need)
{
    if (need <= g->cap) return;
    int cap = g->cap;
    g->w = grow(g->w, &g->cap, need, sizeof *g->w);
    for (int j = 0; j < g->count; j++) {
        int xcap = cap;
        CvSample *s = group_sample(ev, g, j);
        s->x = grow(s->x, &xcap, need, sizeof *s->x);
    }
}

/* Feeds the stage's results to the CVs over its indicators. The weight is
 * read once for a group, when a CV of it applies. */
static void collect_cv_samples(Evaluation *ev, Unit *u)
{
    for (int k = 0; k < ev->ncv_groups; k++) {
        CvGroup *g = &ev->cv_groups[k];
        if (g->stage != u->stage->word) continue;
        group_reserve(ev, g, g->n + 1);
        EV w = {0}; /* read once a CV applies */
        int weighed = 0, adds = 0;
        for (int j = 0; j < g->count; j++) {
            const Indicator *ind = ev->cvs[g->first + j * g->stride].ind;
            const Result *r = &u->results[ind->index];
            CvSample *s = group_sample(ev, g, j);
            s->x[g->n] = NAN;
            if (r->status == ST_NOT_APPLICABLE) continue;
            if (!weighed++) w = eval_expr(u, g->cv->weight);
            if (isnan(r->value) || w.tag == V_MISSING) {
                if (s->missing.why == MISS_NONE) {
                    s->missing = isnan(r->value) ? result_missing(u->rs, r) : missing_of(u->rs, w);
                    if (s->missing.why == MISS_NONE) s->missing = (Missing){MISS_INDICATOR, ind->id};
                }
                continue;
            }
            s->x[g->n] = r->value;
            s->n++;
            adds = 1;
        }
        if (adds) g->w[g->n++] = w.num;
    }
}

static void gather_add(Gathered *g, int school, EV in, EV body)
{
    if (g->n == g->cap) {
        int cap = g->cap, cap2 = g->cap;
        g->school = grow(g->school, &cap, g->n + 1, sizeof *g->school);
        g->in = grow(g->in, &cap2, g->n + 1, sizeof *g->in);
        g->body = grow(g->body, &g->cap, g->n + 1, sizeof *g->body);
    }
    g->school[g->n] = school;
    g->in[g->n] = in;
    g->body[g->n++] = body;
}

/* Folds the part of school into g, aggregate e, after those folded before. */
static void gather_fold(Gathered *g, const Expr *e, int school, EV in, EV body)
{
    EV missing;
    if (!fold_school(e, &g->folded, in, body, &missing)) return;
    if (g->nnamed < TRACE_MAX_INPUTS) g->named[g->nnamed++] = (NamedSchool){school, missing};
    else g->more++;
}

/* Folds the parts pending in ev's aggregates over schools. */
static void fold_pending(Evaluation *ev)
{
    for (int k = 0; k < ev->rs->ngathers; k++) {
        Gathered *g = &ev->gathered[k];
        for (int i = 0; i < g->n; i++) gather_fold(g, ev->rs->gathers[k], g->school[i], g->in[i], g->body[i]);
        g->n = 0;
    }
}

/* Each school's part of the county aggregates over schools. */
static void gather_school(Evaluation *ev, Unit *u)
{
    const RuleSet *rs = u->rs;
    for (int k = 0; k < rs->ngathers; k++) {
        EV in, body;
        if (element_parts(u, rs->gathers[k], &in, &body)) gather_add(&ev->gathered[k], ev->nschools - 1, in, body);
    }
}

static void keep_result(Evaluation *ev, const Result *r, const ClauseValue *clause)
{
    ev->results = grow(ev->results, &ev->results_cap, ev->nresults + 1, sizeof *ev->results);
    if (r->status == ST_PASS_EXCEPTION) {
        ev->clause_values = grow(ev->clause_values, &ev->clause_values_cap, ev->nclause_values + 1, sizeof *ev->clause_values);
        ev->clause_values[ev->nclause_values] = *clause;
        ev->clause_values[ev->nclause_values++].result = ev->nresults;
    }
    ev->results[ev->nresults++] = *r;
    assert(ev->rollup_of[r->indicator] >= 0 && r->status < ST_COUNT);
    ev->rollups[ev->rollup_of[r->indicator]].counts[r->status]++;
}

static void evaluate_unit(Unit *u, Level scope, void *ctx)
{
    Evaluation *ev = ctx;
    const RuleSet *rs = u->rs;
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        if (ind->scope != scope) continue;
        u->clause = (ClauseValue){0, NAN, NULL, 0};
        evaluate_indicator(u, ind, &u->results[i], NULL);
        CondPart failed;
        if (failed_condition(u, ind, &u->results[i], &failed)) {
            ev->cond_notes = grow(ev->cond_notes, &ev->cond_notes_cap, ev->ncond_notes + 1, sizeof *ev->cond_notes);
            ev->cond_notes[ev->ncond_notes++] = (CondNote){ev->nresults, failed};
        }
        keep_result(ev, &u->results[i], &u->clause);
    }
    if (scope == LV_STAGE) collect_cv_samples(ev, u);
    if (scope == LV_SCHOOL) gather_school(ev, u);
}

void eval_school(Evaluation *ev, const SchoolData *school)
{
    ev->schools = grow(ev->schools, &ev->schools_cap, ev->nschools + 1, sizeof *ev->schools);
    SchoolResults *sr = &ev->schools[ev->nschools++];
    sr->code = arena_strndup(&ev->strings, school->code, strlen(school->code));
    sr->name = arena_strndup(&ev->strings, school->name, strlen(school->name));
    sr->type = arena_strndup(&ev->strings, school->type, strlen(school->type));
    sr->first = ev->nresults;
    visit_units(ev->run, school, ev->scratch, ev->diags, &ev->failed, evaluate_unit, ev);
    sr->count = ev->nresults - sr->first;
}

/* A school type kept once (there are a handful) rather than per school. */
static const char *school_type(Evaluation *ev, const char *type)
{
    for (int i = 0; i < ev->ntypes; i++)
        if (strcmp(ev->types[i], type) == 0) return ev->types[i];
    const char *copy = arena_strndup(&ev->strings, type, strlen(type));
    if (ev->ntypes < (int)(sizeof ev->types / sizeof *ev->types)) ev->types[ev->ntypes++] = copy;
    return copy;
}

/* Appends part's school results, with their clause values and failed
 * conditions, to ev's (eval_absorb). */
static void keep_results(Evaluation *ev, const Evaluation *part)
{
    ev->clause_values = grow(ev->clause_values, &ev->clause_values_cap, ev->nclause_values + part->nclause_values,
                             sizeof *ev->clause_values);
    for (int i = 0; i < part->nclause_values; i++) {
        ClauseValue c = part->clause_values[i];
        c.result += ev->nresults;
        ev->clause_values[ev->nclause_values++] = c;
    }
    ev->cond_notes = grow(ev->cond_notes, &ev->cond_notes_cap, ev->ncond_notes + part->ncond_notes, sizeof *ev->cond_notes);
    for (int i = 0; i < part->ncond_notes; i++) {
        CondNote c = part->cond_notes[i];
        c.result += ev->nresults;
        ev->cond_notes[ev->ncond_notes++] = c;
    }
    ev->results = grow(ev->results, &ev->results_cap, ev->nresults + part->nresults, sizeof *ev->results);
    memcpy(ev->results + ev->nresults, part->results, (size_t)part->nresults * sizeof *ev->results);
}

void eval_absorb(Evaluation *ev, Evaluation *part)
{
    assert(part->rs == ev->rs && part != ev);
    fold_pending(ev); /* the schools it evaluated itself come first */
    for (int k = 0; k < ev->rs->ngathers; k++) {
        Gathered *to = &ev->gathered[k], *from = &part->gathered[k];
        for (int i = 0; i < from->n; i++)
            gather_fold(to, ev->rs->gathers[k], ev->nschools + from->school[i], from->in[i], from->body[i]);
        from->n = 0;
    }
    ev->schools = grow(ev->schools, &ev->schools_cap, ev->nschools + part->nschools, sizeof *ev->schools);
    for (int i = 0; i < part->nschools; i++) {
        SchoolResults s = part->schools[i];
        s.code = arena_strndup(&ev->strings, s.code, strlen(s.code));
        s.name = arena_strndup(&ev->strings, s.name, strlen(s.name));
        s.type = school_type(ev, s.type);
        s.first += ev->nresults;
        if (ev->written_out) s.first = s.count = 0;
        ev->schools[ev->nschools++] = s;
    }
    if (!ev->written_out) keep_results(ev, part);
    ev->nresults += part->nresults;
    for (int k = 0; k < ev->ncv_groups; k++) {
        CvGroup *to = &ev->cv_groups[k], *from = &part->cv_groups[k];
        if (!from->n) continue; /* nothing to copy, maybe from nowhere yet */
        group_reserve(ev, to, to->n + from->n);
        memcpy(to->w + to->n, from->w, (size_t)from->n * sizeof *to->w);
        for (int j = 0; j < to->count; j++)
            memcpy(group_sample(ev, to, j)->x + to->n, group_sample(part, from, j)->x, (size_t)from->n * sizeof *to->w);
        to->n += from->n;
        from->n = 0;
    }
    for (int k = 0; k < ev->ncvs; k++) {
        CvSample *to = &ev->samples[k], *from = &part->samples[k];
        to->n += from->n;
        if (to->missing.why == MISS_NONE) to->missing = from->missing;
        from->n = 0;
        from->missing = (Missing){MISS_NONE, NULL};
    }
    for (int i = 0; i < ev->nrollups; i++)
        for (int k = 0; k < ST_COUNT; k++) {
            ev->rollups[i].counts[k] += part->rollups[i].counts[k];
            part->rollups[i].counts[k] = 0;
        }
    ev->failed |= part->failed;
    part->nschools = part->nresults = part->nclause_values = part->ncond_notes = 0;
    part->failed = 0;
    arena_reset(&part->strings);
}

/* fail if any fails, else missing if any is missing, else pass; units where
 * nothing applies leave the combination not applicable. */
static Status combine(const int counts[ST_COUNT])
{
    if (counts[ST_FAIL]) return ST_FAIL;
    if (counts[ST_MISSING]) return ST_MISSING;
    if (counts[ST_PASS] || counts[ST_PASS_EXCEPTION]) return ST_PASS;
    return ST_NOT_APPLICABLE;
}

/* Student-weighted coefficient of variation (method §4), over the
 * school-stages of group g that add to it. */
static void finish_cv(CvResult *c, const CvGroup *g, const CvSample *s, double tol)
{
    c->n = s->n;
    double P = 0, mean = 0, var = 0;
    for (int i = 0; i < g->n; i++)
        if (!isnan(s->x[i])) P += g->w[i];
    if (P > 0) {
        for (int i = 0; i < g->n; i++)
            if (!isnan(s->x[i])) mean += g->w[i] * s->x[i];
        mean /= P;
        for (int i = 0; i < g->n; i++)
            if (!isnan(s->x[i])) var += g->w[i] / P * (s->x[i] - mean) * (s->x[i] - mean);
    }
    c->value = P > 0 && mean != 0 ? sqrt(var) / mean : NAN;
    c->mean = mean;
    c->sd = sqrt(var);
    c->weight = P;
    if (s->missing.why != MISS_NONE) {
        c->status = ST_MISSING;
        c->missing = s->missing;
    } else if (s->n == 0) {
        c->status = ST_NOT_APPLICABLE;
    } else if (isnan(c->value)) {
        c->status = ST_MISSING;
        c->missing = (Missing){MISS_ZERO, c->ind->id};
    } else if (isnan(c->limit)) {
        c->status = ST_NOT_APPLICABLE; /* reported for reference; a composite is tested */
    } else {
        c->status = compare(c->value, c->limit, c->op, tol) ? ST_PASS : ST_FAIL;
    }
}

/* A CV over no school-stage: nothing in its scope to be unbalanced. */
static int cv_is_empty(const CvResult *c)
{
    return c->n == 0 && c->status == ST_NOT_APPLICABLE;
}

/* A composite CV: the mean of its declaration's CVs for the stage. When no
 * school-stage of the stage is in the scope of any of them, the composite
 * is not applicable too; when only some are empty, the mean of all cannot
 * be formed and it lacks data. */
static void finish_composite(Evaluation *ev, CvResult *c, double tol)
{
    double sum = 0;
    int n = 0, empty = 0;
    const CvResult *first_empty = NULL;
    for (int k = 0; k < ev->ncvs; k++) {
        const CvResult *m = &ev->cvs[k];
        if (m->cv != c->cv || !m->ind || m->stage != c->stage) continue;
        if (cv_is_empty(m)) {
            if (!empty++) first_empty = m;
            continue;
        }
        if (m->status == ST_MISSING || isnan(m->value)) {
            c->status = ST_MISSING;
            c->missing = m->status == ST_MISSING ? m->missing : (Missing){MISS_INDICATOR, m->ind->id};
            c->value = NAN;
            return;
        }
        sum += m->value;
        n++;
        c->n = m->n;
    }
    if (empty && n) {
        c->status = ST_MISSING;
        c->missing = (Missing){MISS_INDICATOR, first_empty->ind->id};
        c->value = NAN;
        return;
    }
    c->value = n ? sum / n : NAN;
    c->status = !n ? ST_NOT_APPLICABLE : compare(c->value, c->limit, c->op, tol) ? ST_PASS : ST_FAIL;
}

void eval_finish(Evaluation *ev, const CountyData *county)
{
    const RuleSet *rs = ev->rs;
    fold_pending(ev);
    for (int k = 0; k < ev->ncv_groups; k++) {
        const CvGroup *g = &ev->cv_groups[k];
        for (int j = 0; j < g->count; j++)
            finish_cv(&ev->cvs[g->first + j * g->stride], g, group_sample(ev, g, j), rs->tolerance);
    }
    for (int k = 0; k < ev->ncvs; k++)
        if (!ev->cvs[k].ind) finish_composite(ev, &ev->cvs[k], rs->tolerance);
    for (int i = 0; i < ev->nrollups; i++) ev->rollups[i].status = combine(ev->rollups[i].counts);

    Result *scratch = ev->scratch->results;
    Unit u = {0};
    u.rs = rs;
    u.run = ev->run;
    u.county = county;
    u.ev = ev;
    u.diags = ev->diags;
    u.failed = &ev->failed;
    start_unit(&u, ev->scratch);
    ev->county_results = xcalloc((size_t)rs->nindicators + 1, sizeof *ev->county_results);
    for (int i = 0; i < rs->nindicators; i++) {
        if (rs->indicators[i]->scope != LV_COUNTY) continue;
        evaluate_indicator(&u, rs->indicators[i], &scratch[i], NULL);
        CondPart parts[JH_MAX_COND_PARTS];
        int n = condition_parts(&u, rs->indicators[i], parts, JH_MAX_COND_PARTS);
        ev->county_conds = xrealloc(ev->county_conds, (size_t)(ev->ncounty_conds + n + 1) * sizeof *ev->county_conds);
        for (int k = 0; k < n; k++) ev->county_conds[ev->ncounty_conds++] = (CondNote){ev->ncounty_results, parts[k]};
        ev->county_results[ev->ncounty_results++] = scratch[i];
    }

    ev->categories = xcalloc((size_t)rs->ncategories + 1, sizeof *ev->categories);
    int verdict[ST_COUNT] = {0};
    for (int c = 0; c < rs->ncategories; c++) {
        const Category *cat = rs->categories[c];
        int counts[ST_COUNT] = {0};
        for (int m = 0; m < cat->nmembers; m++) {
            if (cat->cvs[m]) {
                for (int k = 0; k < ev->ncvs; k++)
                    if (ev->cvs[k].cv == cat->cvs[m]) counts[ev->cvs[k].status]++;
                continue;
            }
            const Indicator *ind = cat->indicators[m];
            if (ind->scope == LV_COUNTY) {
                for (int k = 0; k < ev->ncounty_results; k++)
                    if (ev->county_results[k].indicator == ind->index) counts[ev->county_results[k].status]++;
            } else {
                for (int k = 0; k < ev->nrollups; k++)
                    if (ev->rollups[k].ind == ind) counts[ev->rollups[k].status]++;
            }
        }
        ev->categories[c].cat = cat;
        ev->categories[c].status = combine(counts);
        verdict[ev->categories[c].status]++;
    }
    ev->verdict = combine(verdict);
    if (ev->verdict == ST_NOT_APPLICABLE) ev->verdict = ST_MISSING;
}

void eval_free(Evaluation *ev)
{
    if (!ev) return;
    for (int k = 0; k < ev->ncvs; k++) free(ev->samples[k].x);
    free(ev->samples);
    for (int k = 0; k < ev->ncv_groups; k++) free(ev->cv_groups[k].w);
    free(ev->cv_groups);
    for (int k = 0; k < ev->rs->ngathers; k++) {
        free(ev->gathered[k].school);
        free(ev->gathered[k].in);
        free(ev->gathered[k].body);
    }
    free(ev->gathered);
    scratch_free(ev->scratch);
    free(ev->scratch);
    free(ev->cvs);
    free(ev->schools);
    free(ev->results);
    free(ev->clause_values);
    free(ev->cond_notes);
    free(ev->county_conds);
    free(ev->county_results);
    free(ev->rollups);
    free(ev->rollup_of);
    free(ev->categories);
    arena_free(&ev->strings);
    free(ev);
}

/* ---- traces ---- */

typedef struct TraceCtx {
    TraceSet *out;
} TraceCtx;

static void trace_unit(Unit *u, Level scope, void *ctx)
{
    TraceSet *t = ((TraceCtx *)ctx)->out;
    const RuleSet *rs = u->rs;
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        if (ind->scope != scope) continue;
        IndicatorTrace *it = &t->items[t->count++];
        memset(it, 0, sizeof *it);
        it->exceptions = arena_alloc(&t->arena, (size_t)(ind->nexceptions + 1) * sizeof *it->exceptions);
        it->vetoes = arena_alloc(&t->arena, (size_t)(ind->nvetoes + 1) * sizeof *it->vetoes);
        evaluate_indicator(u, ind, &u->results[i], it);
        it->result = u->results[i];
    }
}

void eval_trace_school(Run *run, const SchoolData *school, TraceSet *out)
{
    const RuleSet *rs = run->rs;
    memset(out, 0, sizeof *out);
    out->run = run;
    arena_init(&out->arena, 64 * 1024);
    out->items = arena_alloc(&out->arena, (size_t)(rs->nindicators * (school->nstages + 1) + 1) * sizeof *out->items);
    Scratch scratch;
    scratch_init(&scratch, rs);
    TraceCtx ctx = {out};
    int failed = 0;
    visit_units(run, school, &scratch, &out->diags, &failed, trace_unit, &ctx);
    scratch_free(&scratch);
}

void eval_trace_county(const Evaluation *ev, const CountyData *county, TraceSet *out)
{
    Run *run = ev->run;
    const RuleSet *rs = run->rs;
    memset(out, 0, sizeof *out);
    out->run = run;
    arena_init(&out->arena, 64 * 1024);
    out->items = arena_alloc(&out->arena, (size_t)(rs->nindicators + 1) * sizeof *out->items);
    Scratch scratch;
    scratch_init(&scratch, rs);
    TraceCtx ctx = {out};
    Unit u = {0};
    u.rs = rs;
    u.run = run;
    u.county = county;
    u.ev = ev;
    int failed = 0;
    u.diags = &out->diags;
    u.failed = &failed;
    start_unit(&u, &scratch);
    trace_unit(&u, LV_COUNTY, &ctx);
    scratch_free(&scratch);
}

void eval_trace_free(TraceSet *t)
{
    diag_free(&t->diags);
    arena_free(&t->arena);
}
