/* gaps.c — the rectification list (see gaps.h). */
#include "gaps.h"
#include "arena.h"
#include "escape.h"
#include "eval.h"
#include "msg.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    GAP_CHANGE,       /* this change of the input makes the main test pass */
    GAP_UNREACHABLE,  /* no change of this input alone does */
    GAP_INPUT_MISSING,/* the input has no value to change */
    GAP_VETO,         /* failed by a veto: its situation must end first */
    GAP_PARTS,        /* an aggregate (RA): mended by mending the indicators it reads */
    GAP_EXCEPTION,    /* a yes/no input of an exception, made 是, lets that exception pass it */
    GAP_NO_REMEDY     /* the rule names no input to change */
} GapKind;

typedef struct Gap {
    const char *code, *name, *type;
    const Indicator *ind;
    int stage;                /* stage word, -1 for a whole-school result */
    double value;             /* the main value, NAN when none */
    const Threshold *threshold;
    GapKind kind;
    int veto;                 /* GAP_VETO: index in ind->vetoes */
    int clause;               /* GAP_EXCEPTION: index in ind->exceptions */
    const FieldDecl *field;   /* the input, for the first three kinds */
    double from, to, by;      /* GAP_CHANGE: the input now, the value it needs, the change (signed) */
} Gap;

struct Gaps {
    const RuleSet *rs;
    Run *run;
    Arena strings;
    Gap *items;
    int count, cap;
    int results;              /* failing results */
    int schools;              /* schools with at least one */
};

Gaps *gaps_new(Run *run)
{
    Gaps *g = xcalloc(1, sizeof *g);
    g->rs = run->rs;
    g->run = run;
    arena_init(&g->strings, 16 * 1024);
    return g;
}

void gaps_free(Gaps *g)
{
    if (!g) return;
    arena_free(&g->strings);
    free(g->items);
    free(g);
}

static Gap *add(Gaps *g, const SchoolData *s, const Result *r)
{
    if (g->count == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 64;
        g->items = xrealloc(g->items, (size_t)g->cap * sizeof *g->items);
    }
    Gap *gap = &g->items[g->count++];
    memset(gap, 0, sizeof *gap);
    gap->code = arena_strndup(&g->strings, s->code, strlen(s->code));
    gap->name = arena_strndup(&g->strings, s->name, strlen(s->name));
    gap->type = arena_strndup(&g->strings, s->type, strlen(s->type));
    gap->ind = result_indicator(g->rs, r);
    gap->stage = r->stage;
    gap->value = r->value;
    gap->threshold = r->threshold >= 0 ? &gap->ind->thresholds[r->threshold] : NULL;
    gap->veto = -1;
    gap->clause = -1;
    return gap;
}

/* Where the unit's value of field f is: the stage record of the result's
 * stage (a stage field, or a split field the stage carries itself), else the
 * school record. Sets *stage_index (-1: the school record) and *slot. */
static const Value *input_of(const SchoolData *s, const FieldDecl *f, int stage, int *stage_index, int *slot)
{
    *stage_index = -1;
    for (int k = 0; k < s->nstages; k++)
        if (s->stages[k].word == stage) *stage_index = k;
    if (f->level == LV_STAGE) {
        *slot = f->slot;
        return *stage_index >= 0 ? &s->stages[*stage_index].values[f->slot] : NULL;
    }
    if (f->split && *stage_index >= 0 && s->stages[*stage_index].values[f->stage_slot].tag == V_NUM) {
        *slot = f->stage_slot;
        return &s->stages[*stage_index].values[f->stage_slot];
    }
    *stage_index = -1;
    *slot = f->slot;
    return &s->values[f->slot];
}

/* The result of ind for the stage when the input (record stage_index, or
 * the school record when -1; slot) is v. */
static Result result_with(Run *run, const SchoolData *s, const Indicator *ind, int stage, int stage_index,
                          int slot, Value v)
{
    const RuleSet *rs = run->rs;
    SchoolData copy = *s;
    Level lv = stage_index >= 0 ? LV_STAGE : LV_SCHOOL;
    size_t n = (size_t)rs->nslots[lv] + 1;
    Value *values = xmalloc(n * sizeof *values);
    if (stage_index >= 0) { /* the copy's stages are its own: only this one's values change */
        memcpy(values, s->stages[stage_index].values, n * sizeof *values);
        copy.stages[stage_index].values = values;
    } else {
        memcpy(values, s->values, n * sizeof *values);
        copy.values = values;
    }
    values[slot] = v;
    TraceSet t;
    eval_trace_school(run, &copy, &t);
    Result r = {0};
    r.status = ST_MISSING;
    for (int i = 0; i < t.count; i++)
        if (t.items[i].result.indicator == ind->index && t.items[i].result.stage == stage) r = t.items[i].result;
    eval_trace_free(&t);
    free(values);
    return r;
}

static Value number(double x)
{
    Value v = {.tag = V_NUM};
    v.num = x;
    return v;
}

/* The smallest change of the input that makes the main test of gap's
 * indicator pass, found by moving it in the direction that moves the value
 * towards the threshold: doubling steps, then halving between the last that
 * failed and the first that passed. Whole numbers (people, rooms) round up. */
static void solve(Run *run, const SchoolData *s, const Result *r, Gap *gap)
{
    int stage_index, slot;
    const Value *now = input_of(s, gap->field, r->stage, &stage_index, &slot);
    if (!now || now->tag != V_NUM) {
        gap->kind = GAP_INPUT_MISSING;
        return;
    }
    double x0 = now->num;
    int whole = gap->field->decl == DECL_INT;
    double unit = whole ? 1 : fmax(fabs(x0) / 1024, 0.01);
    /* Which way: the value must rise for ≥ and >, fall for ≤ and <. */
    Result probe = result_with(run, s, gap->ind, r->stage, stage_index, slot, number(x0 + unit));
    int rise = gap->threshold->op == T_GE || gap->threshold->op == T_GT;
    double dir = isnan(probe.value) || isnan(r->value) || probe.value == r->value ? 0
                 : (probe.value > r->value) == rise ? 1 : -1;
    gap->kind = GAP_UNREACHABLE;
    gap->from = x0;
    if (dir == 0) return;
    double lo = 0, hi = unit;
    for (;;) {
        double x = x0 + dir * hi;
        if (x < 0) x = 0, hi = x0;
        if (result_with(run, s, gap->ind, r->stage, stage_index, slot, number(x)).status == ST_PASS) break;
        if (x == 0 || hi > 1e12) return;
        lo = hi;
        hi *= 2;
    }
    for (int i = 0; i < 100 && hi - lo > (whole ? 1 : 1e-7); i++) {
        double mid = whole ? floor((lo + hi) / 2) : (lo + hi) / 2;
        if (result_with(run, s, gap->ind, r->stage, stage_index, slot, number(x0 + dir * mid)).status == ST_PASS) hi = mid;
        else lo = mid;
    }
    if (!whole) { /* two decimals, rounded away from failing */
        double rounded = ceil(hi * 100 - 1e-4) / 100;
        if (result_with(run, s, gap->ind, r->stage, stage_index, slot, number(x0 + dir * rounded)).status != ST_PASS) rounded += 0.01;
        hi = rounded;
    }
    gap->kind = GAP_CHANGE;
    gap->by = dir * hi;
    gap->to = x0 + gap->by;
}

/* Exceptions that a single yes/no input turned to 是 would make pass the
 * result (若制定一校一案化解方案，可依 I4.E1 认定达标). */
static void exceptions_one_answer_away(Gaps *g, const SchoolData *school, const IndicatorTrace *it)
{
    const Result *r = &it->result;
    const Indicator *ind = result_indicator(g->rs, r);
    for (int k = 0; k < ind->nexceptions; k++) {
        const PartTrace *p = &it->exceptions[k];
        for (int j = 0; j < p->ninputs; j++) {
            const FieldDecl *f = p->inputs[j].field;
            if (f->decl != DECL_BOOL || p->inputs[j].value.tag != V_BOOL || p->inputs[j].value.num) continue;
            int stage_index, slot;
            if (!input_of(school, f, r->stage, &stage_index, &slot)) continue;
            Value yes = {.tag = V_BOOL};
            yes.num = 1;
            Result then = result_with(g->run, school, ind, r->stage, stage_index, slot, yes);
            if (result_clause(&then) != k) continue;
            Gap *gap = add(g, school, r);
            gap->kind = GAP_EXCEPTION;
            gap->field = f;
            gap->clause = k;
        }
    }
}

/* Whether e reads field f only within a branch of a conditional (through
 * the definitions it names as well). */
static int in_branch(const Expr *e, const FieldDecl *f, int branch)
{
    if (!e) return 0;
    if (e->kind == E_FIELD) return branch && e->field == f;
    if (e->kind == E_DEFINE) return in_branch(e->define->expr, f, branch);
    if (e->kind == E_IF && (in_branch(e->b, f, 1) || in_branch(e->c, f, 1))) return 1;
    const Expr *parts[] = {e->a, e->b, e->c, e->where, e->body};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (in_branch(parts[i], f, branch)) return 1;
    for (int i = 0; i < e->nitems; i++)
        if (in_branch(e->items[i], f, branch)) return 1;
    return 0;
}

/* Whether remedy f is this result's to change: not when it lies in the
 * branch of a conditional the school does not take (民办's formula for a
 * 公办 school), which its main test then did not read. A full trace may
 * have dropped it: then it counts. */
static int school_remedy(const Indicator *ind, const PartTrace *main, const FieldDecl *f)
{
    if (!in_branch(ind->value, f, 0) && !in_branch(ind->cond, f, 0)) return 1;
    if (main->ninputs == TRACE_MAX_INPUTS) return 1;
    for (int i = 0; i < main->ninputs; i++)
        if (main->inputs[i].field == f) return 1;
    return 0;
}

void gaps_school(Gaps *g, const SchoolData *school)
{
    TraceSet t;
    eval_trace_school(g->run, school, &t);
    int any = 0;
    for (int i = 0; i < t.count; i++) {
        const Result *r = &t.items[i].result;
        if (r->status != ST_FAIL) continue;
        const Indicator *ind = result_indicator(g->rs, r);
        any = 1;
        g->results++;
        if (result_veto(r) >= 0 || !ind->nremedies) {
            Gap *gap = add(g, school, r);
            gap->kind = result_veto(r) >= 0 ? GAP_VETO : ind->nreads ? GAP_PARTS : GAP_NO_REMEDY;
            gap->veto = result_veto(r);
            if (result_veto(r) >= 0) continue;
        }
        int listed = 0;
        for (int k = 0; k < ind->nremedies; k++) {
            if (!school_remedy(ind, &t.items[i].main, ind->remedies[k]->field)) continue;
            Gap *gap = add(g, school, r);
            gap->field = ind->remedies[k]->field;
            if (gap->threshold) solve(g->run, school, r, gap);
            else gap->kind = GAP_UNREACHABLE;
            listed++;
        }
        if (ind->nremedies && !listed) add(g, school, r)->kind = GAP_NO_REMEDY; /* none on its branch */
        exceptions_one_answer_away(g, school, &t.items[i]);
    }
    g->schools += any;
    eval_trace_free(&t);
}

/* ---- output ---- */

static const char *kind_code(GapKind k)
{
    static const char *const codes[] = {"change", "unreachable", "input_missing", "veto", "parts", "exception", "no_remedy"};
    return codes[k];
}

static const char *kind_word(Lang lang, GapKind k)
{
    static const MsgId words[] = {MSG_GAP_KIND_CHANGE, MSG_GAP_KIND_UNREACHABLE, MSG_GAP_KIND_INPUT_MISSING, MSG_GAP_KIND_VETO,
                                  MSG_GAP_KIND_PARTS, MSG_GAP_KIND_EXCEPTION, MSG_GAP_KIND_NO_REMEDY};
    return msg(lang, words[k]);
}

/* People and rooms whole, other amounts to the cent or the hundredth. */
static void amount(char *buf, size_t size, const Gap *gap, double x)
{
    snprintf(buf, size, "%.*f", gap->field->decl == DECL_INT ? 0 : 2, x);
    char *dot = strchr(buf, '.');
    if (!dot) return;
    char *end = buf + strlen(buf);
    while (end > dot + 1 && end[-1] == '0') *--end = '\0';
    if (end == dot + 1) *dot = '\0';
}

static void print_text_gap(FILE *out, Lang lang, const Run *run, const Gap *gap)
{
    const RuleSet *rs = run->rs;
    fprintf(out, "  %s %s", gap->ind->id, gap->ind->title);
    if (gap->stage >= 0) fprintf(out, " · %s", stage_word(rs, gap->stage));
    if (gap->threshold) {
        char v[40], t[40];
        format_against(v, t, sizeof v, gap->value, run, gap->threshold);
        msg_print(out, lang, MSG_RESULT_VALUE_THRESHOLD, v, op_text(gap->threshold->op), t);
    }
    fputs(msg(lang, MSG_COLON), out);
    const char *unit = gap->field && gap->field->unit ? gap->field->unit : "";
    char from[40], to[40], by[40];
    switch (gap->kind) {
    case GAP_CHANGE:
        amount(from, sizeof from, gap, gap->from);
        amount(to, sizeof to, gap, gap->to);
        amount(by, sizeof by, gap, fabs(gap->by));
        msg_print(out, lang, gap->to > gap->from ? MSG_GAPS_ADD : MSG_GAPS_REDUCE, gap->field->name, by, unit, from, to);
        break;
    case GAP_UNREACHABLE:
        msg_print(out, lang, MSG_GAPS_UNREACHABLE, gap->field->name);
        break;
    case GAP_INPUT_MISSING:
        msg_print(out, lang, MSG_GAPS_INPUT_MISSING, gap->field->name);
        break;
    case GAP_VETO:
        msg_print(out, lang, MSG_GAPS_VETO, gap->ind->vetoes[gap->veto].qualified, gap->ind->vetoes[gap->veto].title);
        break;
    case GAP_EXCEPTION:
        msg_print(out, lang, MSG_GAPS_EXCEPTION, gap->field->name,
                  gap->ind->exceptions[gap->clause].qualified, gap->ind->exceptions[gap->clause].title);
        break;
    case GAP_PARTS:
        fputs(msg(lang, MSG_GAPS_PARTS), out);
        break;
    case GAP_NO_REMEDY:
        fputs(msg(lang, MSG_GAPS_NO_REMEDY), out);
        break;
    }
    fputc('\n', out);
}

static void print_text(FILE *out, const Gaps *g, const RunInfo *info)
{
    Lang lang = info->lang;
    text_escaped(out, info->dataset_name ? info->dataset_name : info->dataset_path);
    fprintf(out, "%s\n", msg(lang, MSG_GAPS_TITLE));
    report_manifest(out, info);
    msg_print(out, lang, MSG_GAPS_SUMMARY, g->results, g->schools);
    const char *school = NULL;
    for (int i = 0; i < g->count; i++) {
        const Gap *gap = &g->items[i];
        if (!school || strcmp(school, gap->code) != 0) {
            putc('\n', out);
            print_school(out, gap->code, gap->name, gap->type);
            putc('\n', out);
            school = gap->code;
        }
        print_text_gap(out, lang, g->run, gap);
    }
}

void gaps_table(TableSink *t, const Gaps *g, Lang lang)
{
    static const char *const header[] = {"学校代码", "学校名称", "学校类型", "指标", "学段", "值", "标准", "情形",
                                          "整改项", "现值", "需达到", "改变量", "单位", "条款"};
    table_texts(t, header, (int)(sizeof header / sizeof *header));
    for (int i = 0; i < g->count; i++) {
        const Gap *gap = &g->items[i];
        const char *cells[] = {gap->code, gap->name, gap->type, gap->ind->id, gap->stage >= 0 ? stage_word(g->rs, gap->stage) : NULL};
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) t->text(t, cells[c]);
        t->number(t, gap->value);
        char threshold[48];
        t->text(t, threshold_cell(threshold, sizeof threshold, g->run, gap->threshold));
        table_code(t, kind_code(gap->kind), kind_word(lang, gap->kind));
        t->text(t, gap->field ? gap->field->name : NULL);
        t->number(t, gap->kind == GAP_CHANGE || gap->kind == GAP_UNREACHABLE ? gap->from : NAN);
        t->number(t, gap->kind == GAP_CHANGE ? gap->to : NAN);
        t->number(t, gap->kind == GAP_CHANGE ? gap->by : NAN);
        t->text(t, gap->field ? gap->field->unit : NULL);
        t->text(t, gap->kind == GAP_VETO ? gap->ind->vetoes[gap->veto].qualified
                   : gap->kind == GAP_EXCEPTION ? gap->ind->exceptions[gap->clause].qualified : NULL);
        t->end_row(t);
    }
}

static void print_json(FILE *out, const Gaps *g, const RunInfo *info)
{
    fputs("{\n", out);
    report_json_manifest(out, info);
    fprintf(out, "  \"failing_results\": %d,\n  \"schools\": %d,\n  \"gaps\": [", g->results, g->schools);
    for (int i = 0; i < g->count; i++) {
        const Gap *gap = &g->items[i];
        fputs(i ? ",\n    {\"code\": " : "\n    {\"code\": ", out);
        json_string(out, gap->code);
        fputs(", \"name\": ", out);
        json_string(out, gap->name);
        fputs(", \"type\": ", out);
        json_string(out, gap->type);
        fputs(", \"indicator\": ", out);
        json_string(out, gap->ind->id);
        fputs(", \"stage\": ", out);
        json_string(out, gap->stage >= 0 ? stage_word(g->rs, gap->stage) : NULL);
        fputs(", \"value\": ", out);
        json_number(out, gap->value);
        fputs(", \"threshold\": ", out);
        report_json_threshold(out, g->run, gap->threshold);
        fprintf(out, ", \"kind\": \"%s\", \"input\": ", kind_code(gap->kind));
        json_string(out, gap->field ? gap->field->name : NULL);
        fputs(", \"unit\": ", out);
        json_string(out, gap->field ? gap->field->unit : NULL);
        fputs(", \"from\": ", out);
        json_number(out, gap->kind == GAP_CHANGE || gap->kind == GAP_UNREACHABLE ? gap->from : NAN);
        fputs(", \"to\": ", out);
        json_number(out, gap->kind == GAP_CHANGE ? gap->to : NAN);
        fputs(", \"change\": ", out);
        json_number(out, gap->kind == GAP_CHANGE ? gap->by : NAN);
        fputs(", \"clause\": ", out);
        json_string(out, gap->kind == GAP_VETO ? gap->ind->vetoes[gap->veto].qualified
                         : gap->kind == GAP_EXCEPTION ? gap->ind->exceptions[gap->clause].qualified : NULL);
        fputc('}', out);
    }
    fputs(g->count ? "\n  ]\n}\n" : "]\n}\n", out);
}

void gaps_print(FILE *out, const Gaps *g, const RunInfo *info, GapsFormat format)
{
    if (format == GAPS_TEXT) print_text(out, g, info);
    else if (format == GAPS_CSV) {
        CsvSink csv;
        csv_sink_init(&csv, out);
        gaps_table(&csv.sink, g, info->lang);
    }
    else print_json(out, g, info);
}
