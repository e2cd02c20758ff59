/* ruletest.c — the rule-test runner (see ruletest.h). */
#include "ruletest.h"
#include "eval.h"
#include "explain.h"
#include "report.h"
#include "values.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The Value a test literal stands for (the checker verified its type). */
static Value literal_value(const TestValue *tv)
{
    Value v = {0};
    const Expr *e = tv->value;
    double sign = 1;
    if (e->kind == E_NEG) {
        sign = -1;
        e = e->a;
    }
    switch (e->kind) {
    case E_NUMBER: v.tag = tv->field->decl == DECL_BOOL ? V_BOOL : V_NUM; v.num = sign * e->num; break;
    case E_BOOL: v.tag = V_BOOL; v.num = e->num; break;
    case E_STRING: v.tag = V_TEXT; v.text = e->name; break;
    default: v.tag = V_WORD; v.num = field_word(tv->field, e->name); break;
    }
    return v;
}

static Value *slots(Arena *a, const RuleSet *rs, Level lv)
{
    return arena_alloc(a, (size_t)(rs->nslots[lv] + 1) * sizeof(Value));
}

/* The one school (with one stage record) and county a test describes.
 * Returns whether the test gives the school any data: a county test that
 * gives none describes a county without schools. */
static int build(const RuleSet *rs, const RuleTest *t, Arena *a, SchoolData *school, CountyData *county)
{
    int has_school = 0;
    memset(school, 0, sizeof *school);
    memset(county, 0, sizeof *county);
    county->values = slots(a, rs, LV_COUNTY);
    school->values = slots(a, rs, LV_SCHOOL);
    school->code = "";
    school->name = t->title;
    school->type = "";
    int stage = t->stage >= 0 ? t->stage : rs->nstages ? rs->stages[0] : 0;
    StageData *sd = &school->stages[school->nstages++];
    sd->word = stage;
    sd->values = slots(a, rs, LV_STAGE);
    sd->values[rs->stage_field->slot] = (Value){{.num = stage}, V_WORD}; /* the record names its stage */
    for (int i = 0; i < t->nvalues; i++) {
        const TestValue *tv = &t->values[i];
        Value *target = tv->field->level == LV_COUNTY ? county->values
                        : tv->field->level == LV_SCHOOL ? school->values : sd->values;
        target[tv->field->slot] = literal_value(tv);
        has_school |= tv->field->level != LV_COUNTY;
        if (tv->field == rs->school_type_field) school->type = tv->field->words[(int)target[tv->field->slot].num];
    }
    for (int r = 0; r < t->nrows; r++) {
        const TestRow *row = &t->rows[r];
        Rows *rows = level_parent(rs, row->level) == LV_COUNTY ? &county->rows[row->level] : &school->rows[row->level];
        has_school |= level_parent(rs, row->level) != LV_COUNTY;
        if (!rows->rows) rows->rows = arena_alloc(a, (size_t)(t->nrows + 1) * sizeof *rows->rows);
        Value *values = slots(a, rs, row->level);
        /* A row of a stage-keyed level belongs to the test's stage unless it says otherwise. */
        const FieldDecl *sf = rs->row_stage_field[row->level];
        if (sf) {
            int w = field_word(sf, rs->stage_field->words[stage]);
            if (w >= 0) values[sf->slot] = (Value){{.num = w}, V_WORD};
        }
        for (int i = 0; i < row->nvalues; i++) values[row->values[i].field->slot] = literal_value(&row->values[i]);
        rows->rows[rows->count++] = values;
    }
    return has_school;
}

/* The traced result of the test's indicator (and stage) among t's traces. */
static const IndicatorTrace *find(const TraceSet *ts, const RuleTest *t)
{
    for (int i = 0; i < ts->count; i++) {
        const Result *r = &ts->items[i].result;
        if (r->indicator == t->indicator->index && (t->indicator->scope != LV_STAGE || r->stage == t->stage)) return &ts->items[i];
    }
    return NULL;
}

static int clause_index(const RuleSet *rs, const Indicator *ind, int k)
{
    int n = 0;
    for (int i = 0; i < rs->nindicators && rs->indicators[i] != ind; i++)
        n += rs->indicators[i]->nexceptions + rs->indicators[i]->nvetoes;
    return n + k;
}

/* The runs of the tests, one per date (loading the scripts is not free). */
typedef struct Runs {
    Run **runs;
    int count;
} Runs;

static Run *run_on(Runs *rr, const RuleSet *rs, const RunOptions *opt, int date, FILE *out, Lang lang)
{
    for (int i = 0; i < rr->count; i++)
        if (rr->runs[i]->date == date) return rr->runs[i];
    RunOptions at = *opt;
    at.date = date;
    DiagList diags;
    diag_init(&diags);
    Run *run = run_new(rs, &at, &diags);
    diag_print(&diags, out, lang);
    diag_free(&diags);
    if (!run) return NULL;
    rr->runs = xrealloc(rr->runs, (size_t)(rr->count + 1) * sizeof *rr->runs);
    return rr->runs[rr->count++] = run;
}

TestSummary ruletest_run(FILE *out, Lang lang, const RuleSet *rs, const RunOptions *opt)
{
    TestSummary sum = {0};
    Runs runs = {0};
    for (int i = 0; i < rs->nindicators; i++) sum.clauses += rs->indicators[i]->nexceptions + rs->indicators[i]->nvetoes;
    unsigned char *decided = xcalloc((size_t)sum.clauses + 1, 1);
    for (int i = 0; i < rs->ntests; i++) {
        const RuleTest *t = rs->tests[i];
        int date = t->date ? t->date : 99991231;
        const Param *early = run_param_not_in_force(rs, date);
        if (early) { /* 日期 before a dated parameter had a value: nothing to test */
            int line, col, from = early->versions[0].from;
            source_position(t->span.src, t->span.start, &line, &col);
            sum.failed++;
            msg_print(out, lang, MSG_TEST_DATE_TOO_EARLY, t->span.src->path, line, t->title, t->date / 10000,
                      t->date / 100 % 100, t->date % 100, early->name, from / 10000, from / 100 % 100, from % 100);
            continue;
        }
        Run *run = run_on(&runs, rs, opt, date, out, lang);
        if (!run) { /* its scripts failed to load: reported */
            sum.failed++;
            continue;
        }
        Arena a;
        arena_init(&a, 16 * 1024);
        SchoolData school;
        CountyData county;
        int has_school = build(rs, t, &a, &school, &county);
        TraceSet ts;
        Evaluation *ev = NULL;
        if (t->indicator->scope == LV_COUNTY) { /* the school is the county's only one */
            DiagList school_diags;
            diag_init(&school_diags);
            ev = eval_begin(run);
            ev->diags = &school_diags;
            if (has_school) eval_school(ev, &school);
            eval_trace_county(ev, &county, &ts);
            diag_take(&ts.diags, &school_diags);
            diag_free(&school_diags);
        } else {
            eval_trace_school(run, &school, &ts);
        }
        const IndicatorTrace *it = find(&ts, t);
        diag_print(&ts.diags, out, lang); /* a script that failed in this test */
        const Result *r = it ? &it->result : NULL;
        const Indicator *ind = t->indicator; /* the result's, when there is one */
        if (r && result_clause(r) >= 0) decided[clause_index(rs, ind, result_clause(r))] = 1;
        if (r && result_veto(r) >= 0) decided[clause_index(rs, ind, ind->nexceptions + result_veto(r))] = 1;
        int ok = r && r->status == t->status && (t->clause < 0 || result_clause(r) == t->clause) &&
                 (t->veto < 0 || result_veto(r) == t->veto);
        if (ok) {
            sum.passed++;
        } else {
            sum.failed++;
            int line, col;
            source_position(t->span.src, t->span.start, &line, &col);
            msg_print(out, lang, MSG_TEST_FAILED, t->span.src->path, line, t->title, status_word(lang, (Status)t->status));
            if (t->clause_name) fprintf(out, " %s", t->clause_name->name);
            if (r) {
                msg_print(out, lang, MSG_TEST_GOT, status_word(lang, (Status)r->status));
                if (result_clause(r) >= 0) fprintf(out, " %s", ind->exceptions[result_clause(r)].qualified);
                if (result_veto(r) >= 0) fprintf(out, " %s", ind->vetoes[result_veto(r)].qualified);
            }
            fputs("\n\n", out);
            if (it) explain_result(out, lang, run, t->indicator->scope == LV_COUNTY ? NULL : &school, it);
        }
        eval_trace_free(&ts);
        eval_free(ev);
        arena_free(&a);
    }
    int header = 0;
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        for (int k = 0; k < ind->nexceptions + ind->nvetoes; k++) {
            if (decided[clause_index(rs, ind, k)]) {
                sum.covered++;
                continue;
            }
            const Exception *ex = k < ind->nexceptions ? &ind->exceptions[k] : &ind->vetoes[k - ind->nexceptions];
            if (!header++) fprintf(out, "%s\n", msg(lang, MSG_TEST_UNCOVERED));
            fprintf(out, "  %s %s\n", ex->qualified, ex->title);
        }
    }
    for (int i = 0; i < runs.count; i++) run_free(runs.runs[i]);
    free(runs.runs);
    free(decided);
    msg_print(out, lang, MSG_TEST_COVERAGE, sum.covered, sum.clauses);
    fprintf(out, "%d passed, %d failed\n", sum.passed, sum.failed);
    return sum;
}
