/* test_eval.c — the evaluator (eval.h) against method.md: the split of
 * shared resources (§3), thresholds with the relative tolerance, exceptions
 * in order, missing data (§8), stage defaults, applicability, the RA
 * aggregate with three-valued logic, the student-weighted CV (§4),
 * categories, the verdict and roll-ups (§5, §7), and the shipped rule set
 * on the synthetic sample dataset (datasets/README.md).
 */
#include "support.h"
#include "eval.h"
#include "jsonload.h"
#include <limits.h>
#include <math.h>
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

enum { XX = 0, CZ = 1 }; /* 小学, 初中: word indexes of PRELUDE's 学段 enum */

static char shipped_rules[PATH_MAX], sample_dataset[PATH_MAX];

/* ---- helpers ---- */

/* The rule set last loaded: results name what is missing through it. */
static const RuleSet *loaded;

static RuleSet *rules_or_fail(const char *text)
{
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    if (!rs) fail_msg("rules did not load:\n%s", shown);
    free(shown);
    loaded = rs;
    return rs;
}

/* Reads every school of path into a new evaluation in run and finishes it. */
static Evaluation *evaluate_file(Run *run, const char *path)
{
    const RuleSet *rs = run->rs;
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open(path, rs, &d, 0);
    if (!r) {
        char *shown = render(&d);
        fail_msg("dataset did not open:\n%s", shown);
    }
    Evaluation *ev = eval_begin(run);
    Arena a;
    arena_init(&a, 1 << 16);
    SchoolData s;
    int got;
    while ((got = jload_next(r, &s, &a)) == 1) {
        eval_school(ev, &s);
        arena_reset(&a);
    }
    assert_int_equal(got, 0);
    if (d.errors) {
        char *shown = render(&d);
        fail_msg("dataset diagnostics:\n%s", shown);
    }
    eval_finish(ev, jload_county(r));
    jload_close(r);
    arena_free(&a);
    diag_free(&d);
    return ev;
}

/* A run of rules at a date (the latest values of dated parameters unless
 * a test says otherwise) and the evaluation of one dataset in it. */
typedef struct Case {
    RuleSet *rs;
    Run *run;
    Evaluation *ev;
} Case;

static Run *run_at(const RuleSet *rs, int date)
{
    RunOptions opt = {date, 0, 0, 0};
    DiagList d;
    diag_init(&d);
    Run *run = run_new(rs, &opt, &d);
    if (!run) fail_msg("no run at %d:\n%s", date, render(&d));
    diag_free(&d);
    return run;
}

static void run(Case *R, const char *rules_text, const char *json)
{
    R->rs = rules_or_fail(rules_text);
    R->run = run_at(R->rs, 99991231);
    write_json("d.json", json);
    R->ev = evaluate_file(R->run, "d.json");
}

/* Evaluates another dataset with the same rules. */
static void rerun(Case *R, const char *json)
{
    eval_free(R->ev);
    write_json("d.json", json);
    R->ev = evaluate_file(R->run, "d.json");
}

/* The same rules in a run at another date. */
static void on_date(Case *R, int date)
{
    eval_free(R->ev);
    R->ev = NULL;
    run_free(R->run);
    R->run = run_at(R->rs, date);
}

static void done(Case *R)
{
    eval_free(R->ev);
    run_free(R->run);
    rules_free(R->rs);
}

static const Result *result(const Evaluation *ev, const char *code, const char *id, int stage)
{
    for (int i = 0; i < ev->nschools; i++) {
        const SchoolResults *s = &ev->schools[i];
        if (strcmp(s->code, code) != 0) continue;
        for (int k = s->first; k < s->first + s->count; k++) {
            const Result *r = &ev->results[k];
            if (strcmp(result_indicator(ev->rs, r)->id, id) == 0 && r->stage == stage) return r;
        }
    }
    fail_msg("no result %s %s stage %d", code, id, stage);
    return NULL;
}

static const Result *county_result(const Evaluation *ev, const char *id)
{
    for (int i = 0; i < ev->ncounty_results; i++)
        if (strcmp(result_indicator(ev->rs, &ev->county_results[i])->id, id) == 0) return &ev->county_results[i];
    fail_msg("no county result %s", id);
    return NULL;
}

static const CvResult *cv_result(const Evaluation *ev, const char *id, int stage)
{
    for (int i = 0; i < ev->ncvs; i++)
        if (strcmp(ev->cvs[i].ind->id, id) == 0 && ev->cvs[i].stage == stage) return &ev->cvs[i];
    fail_msg("no cv %s stage %d", id, stage);
    return NULL;
}

static const Rollup *rollup(const Evaluation *ev, const char *id)
{
    for (int i = 0; i < ev->nrollups; i++)
        if (strcmp(ev->rollups[i].ind->id, id) == 0) return &ev->rollups[i];
    fail_msg("no rollup %s", id);
    return NULL;
}

static Status category(const Evaluation *ev, const char *name)
{
    for (int i = 0; i < ev->rs->ncategories; i++)
        if (strcmp(ev->categories[i].cat->name, name) == 0) return ev->categories[i].status;
    fail_msg("no category %s", name);
    return ST_COUNT;
}

static int results_of(const Evaluation *ev, const char *code)
{
    for (int i = 0; i < ev->nschools; i++)
        if (strcmp(ev->schools[i].code, code) == 0) return ev->schools[i].count;
    return -1;
}

static void assert_status(Status actual, Status expected)
{
    if (actual != expected) fail_msg("status %s, expected %s", status_name(actual), status_name(expected));
}

static void assert_missing(const Result *r, MissReason why, const char *what)
{
    assert_status((Status)r->status, ST_MISSING);
    Missing m = result_missing(loaded, r);
    assert_int_equal(m.why, why);
    assert_string_equal(m.what, what);
}

static void assert_close(double actual, double expected, double rel)
{
    if (!(fabs(actual - expected) <= rel * fabs(expected)))
        fail_msg("%.17g, expected %.17g (relative %g)", actual, expected, rel);
}

/* The deciding clause's qualified id ("I4.E2"), or "-" for none. */
static const char *clause_of(const Result *r)
{
    return result_clause(r) < 0 ? "-" : result_indicator(loaded, r)->exceptions[result_clause(r)].qualified;
}

/* Traces one school of the dataset file d.json. */
typedef struct Traced {
    TraceSet t;
    Arena a;
} Traced;

static void trace(Traced *T, Run *run, const char *code)
{
    const RuleSet *rs = run->rs;
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("d.json", rs, &d, 0);
    assert_non_null(r);
    arena_init(&T->a, 1 << 16);
    SchoolData s;
    int found = 0;
    while (!found && jload_next(r, &s, &T->a) == 1) found = strcmp(s.code, code) == 0;
    assert_true(found);
    eval_trace_school(run, &s, &T->t);
    jload_close(r);
    diag_free(&d);
}

static void untrace(Traced *T)
{
    eval_trace_free(&T->t);
    arena_free(&T->a);
}

static const IndicatorTrace *traced(const Traced *T, const char *id, int stage)
{
    for (int i = 0; i < T->t.count; i++) {
        const IndicatorTrace *it = &T->t.items[i];
        if (strcmp(result_indicator(T->t.run->rs, &it->result)->id, id) == 0 && it->result.stage == stage) return it;
    }
    fail_msg("no trace of %s stage %d", id, stage);
    return NULL;
}

static const TraceInput *input(const PartTrace *p, const char *field)
{
    for (int i = 0; i < p->ninputs; i++)
        if (strcmp(p->inputs[i].field->name, field) == 0) return &p->inputs[i];
    fail_msg("no input %s", field);
    return NULL;
}

static int group_setup(void **state)
{
    (void)state;
    /* The suites run from the repository; remember the shipped files. */
    if (!realpath("rules/优质均衡", shipped_rules)) shipped_rules[0] = '\0';
    if (!realpath("datasets/lusong-2025-synthetic.json", sample_dataset)) sample_dataset[0] = '\0';
    enter_temp_dir();
    return 0;
}

/* ---- rule texts ---- */

#define INDICATOR_A \
    "指标 A \"生均面积\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 小学 >= 4.5, 初中 >= 5.8\n" \
    "}\n"

#define SCOPE_DEFINE \
    "定义 范围 = 非 (学校类型 属于 (特殊教育学校) 或 (学校类型 == 教学点 且 在校生数 < 50))\n"

/* ---- §3 split ---- */

static void split_by_weighted_enrolment(void **state)
{
    (void)state;
    Case R;
    run(&R, PRELUDE INDICATOR_A,
        "{'学校': [\n"
        " {'学校代码': 'J', '学校类型': '九年一贯制', '面积': 23226, '学段': [\n"
        "   {'学段': '小学', '在校生数': 166}, {'学段': '初中', '在校生数': 210}]},\n"
        " {'学校代码': 'K', '学校类型': '九年一贯制', '面积': 36420, '学段': [\n"
        "   {'学段': '小学', '在校生数': 1200}, {'学段': '初中', '在校生数': 900}, {'学段': '高中', '在校生数': 1100}]}\n"
        "]}\n");
    /* method.md §3 worked check: 166 + 210 students share 23 226 → 9 711.6 and 13 514.4. */
    const Result *xx = result(R.ev, "J", "A", XX), *cz = result(R.ev, "J", "A", CZ);
    assert_close(xx->value * 166, 23226.0 * 166 / (166 + 1.1 * 210), 1e-9);
    assert_close(cz->value * 210, 23226.0 * 1.1 * 210 / (166 + 1.1 * 210), 1e-9);
    assert_true(fabs(xx->value * 166 - 9711.6) < 0.05);
    assert_true(fabs(cz->value * 210 - 13514.4) < 0.05);
    assert_close(xx->value * 166 + cz->value * 210, 23226, 1e-12);
    assert_status((Status)xx->status, ST_PASS); /* 58.5 ≥ 4.5 */
    /* 高中 takes a share (weight 1.32) but is not evaluated: 1200 : 990 : 1452. */
    assert_int_equal(results_of(R.ev, "K"), 2);
    assert_close(result(R.ev, "K", "A", XX)->value, 10, 1e-12);
    assert_close(result(R.ev, "K", "A", CZ)->value, 11, 1e-12);

    Traced T;
    trace(&T, R.run, "J");
    const TraceInput *in = input(&traced(&T, "A", XX)->main, "面积");
    assert_int_equal(in->origin, FROM_SPLIT);
    assert_true(in->whole == 23226);
    assert_close(in->share, 166 / 397.0, 1e-12);
    assert_close(in->value.num, 23226.0 * 166 / 397, 1e-12);
    assert_int_equal(input(&traced(&T, "A", XX)->main, "在校生数")->origin, FROM_RECORD);
    untrace(&T);
    done(&R);
}

static void stage_own_value_used_as_given(void **state)
{
    (void)state;
    Case R;
    run(&R, PRELUDE INDICATOR_A,
        "{'学校': [\n"
        " {'学校代码': 'D', '学校类型': '九年一贯制', '学段': [\n"
        "   {'学段': '小学', '在校生数': 1260, '面积': 6300}, {'学段': '初中', '在校生数': 620, '面积': 3720}]},\n"
        " {'学校代码': 'E', '学校类型': '九年一贯制', '学段': [\n"
        "   {'学段': '小学', '在校生数': 100}, {'学段': '初中', '在校生数': 100, '面积': 700}]},\n"
        " {'学校代码': 'F', '学校类型': '九年一贯制', '面积': 10000, '学段': [\n"
        "   {'学段': '小学', '在校生数': 166}, {'学段': '初中', '在校生数': 210, '面积': 5000}]}\n"
        "]}\n");
    assert_true(result(R.ev, "D", "A", XX)->value == 5);
    assert_true(result(R.ev, "D", "A", CZ)->value == 6);
    assert_status((Status)result(R.ev, "D", "A", CZ)->status, ST_PASS);
    /* Nothing to split when the school gives no value: the 小学 lacks it. */
    assert_missing(result(R.ev, "E", "A", XX), MISS_ABSENT, "面积");
    assert_true(result(R.ev, "E", "A", CZ)->value == 7);
    /* F's 初中 gives its own value: used as given, not its share of 10000. */
    assert_true(result(R.ev, "F", "A", CZ)->value == 5000.0 / 210);

    Traced T;
    trace(&T, R.run, "F");
    const TraceInput *in = input(&traced(&T, "A", CZ)->main, "面积");
    assert_int_equal(in->origin, FROM_STAGE_RECORD);
    assert_true(in->value.num == 5000);
    untrace(&T);
    done(&R);
}

static void single_stage_school_takes_whole_value(void **state)
{
    (void)state;
    Case R;
    run(&R, PRELUDE INDICATOR_A,
        "{'学校': [\n"
        " {'学校代码': 'P', '学校类型': '小学', '面积': 4800, '学段': [{'学段': '小学', '在校生数': 1180}]},\n"
        " {'学校代码': 'M', '学校类型': '初中', '面积': 7000, '学段': [{'学段': '初中', '在校生数': 1000}]}\n"
        "]}\n");
    const Result *p = result(R.ev, "P", "A", XX);
    assert_true(p->value == 4800.0 / 1180);
    assert_status((Status)p->status, ST_FAIL);
    assert_true(result_threshold(R.run, p) == 4.5);
    const Result *m = result(R.ev, "M", "A", CZ);
    assert_true(m->value == 7);
    assert_true(result_threshold(R.run, m) == 5.8);
    assert_status((Status)m->status, ST_PASS);

    Traced T;
    trace(&T, R.run, "P");
    const TraceInput *in = input(&traced(&T, "A", XX)->main, "面积");
    assert_int_equal(in->origin, FROM_RECORD);
    assert_true(in->value.num == 4800);
    untrace(&T);
    done(&R);
}

/* ---- thresholds and the tolerance ---- */

#define TOLERANCE_RULES \
    "指标 T \"容差\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 >= 85% * 4.2\n" \
    "}\n" \
    "指标 T2 \"相对容差\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 >= 357\n" \
    "}\n"

/* T: 54 小学 + 180 初中 students share 899.64, so the 小学 value is
 * 899.64 × 54 / 252 / 54 = 3.57 = 0.85 × 4.2 exactly, but comes out as
 * 3.5699999999999994 in binary floating point (in every usual order of the
 * split's operations). U and V are 1e-7 and 1e-3 below 357. */
#define TOLERANCE_DATA \
    "{'学校': [\n" \
    " {'学校代码': 'T', '学校类型': '九年一贯制', '面积': 899.64, '学段': [\n" \
    "   {'学段': '小学', '在校生数': 54}, {'学段': '初中', '在校生数': 180}]},\n" \
    " {'学校代码': 'U', '学校类型': '小学', '面积': 356.9999999, '学段': [{'学段': '小学', '在校生数': 1}]},\n" \
    " {'学校代码': 'V', '学校类型': '小学', '面积': 356.999, '学段': [{'学段': '小学', '在校生数': 1}]}\n" \
    "]}\n"

static void relative_tolerance(void **state)
{
    (void)state;
    volatile double a = 0.85, b = 4.2;
    Case R;
    run(&R, PRELUDE "容差 1e-9\n" TOLERANCE_RULES, TOLERANCE_DATA);
    const Result *t = result(R.ev, "T", "T", XX);
    assert_true(result_threshold(R.run, t) == a * b);
    assert_true(t->value < a * b); /* the case the tolerance is for */
    assert_close(t->value, 3.57, 1e-15);
    assert_status((Status)t->status, ST_PASS);
    /* Relative: 356.9999999 is 2.8e-10 below 357 relatively (1e-7 absolutely). */
    assert_status((Status)result(R.ev, "U", "T2", XX)->status, ST_PASS);
    assert_status((Status)result(R.ev, "V", "T2", XX)->status, ST_FAIL);
    done(&R);

    run(&R, PRELUDE "容差 0\n" TOLERANCE_RULES, TOLERANCE_DATA);
    assert_status((Status)result(R.ev, "T", "T", XX)->status, ST_FAIL);
    assert_status((Status)result(R.ev, "U", "T2", XX)->status, ST_FAIL);
    done(&R);
}

/* ---- exceptions ---- */

#define EXCEPTION_RULES \
    PRELUDE \
    "指标 B \"例外顺序\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 小学 >= 4.5, 初中 >= 5.8\n" \
    "    例外 E1 \"方案\" { 依据 \"测试\" 条件 城乡类型 == 城区 且 有方案 }\n" \
    "    例外 E2 \"起始年级\" { 依据 \"测试\" 值 = 面积 / (起始年级学生数 * 学制年数) }\n" \
    "    例外 E3 \"加倍\" { 依据 \"测试\" 值 = 面积 * 2 / 在校生数 }\n" \
    "}\n"

#define EXCEPTION_DATA \
    "{'学校': [\n" \
    " {'学校代码': 'X1', '学校类型': '小学', '城乡类型': '城区', '有方案': false, '面积': 4000,\n" \
    "  '学段': [{'学段': '小学', '在校生数': 1000, '起始年级学生数': 140}]},\n" \
    " {'学校代码': 'X2', '学校类型': '小学', '城乡类型': '城区', '有方案': false, '面积': 4000,\n" \
    "  '学段': [{'学段': '小学', '在校生数': 1000}]},\n" \
    " {'学校代码': 'X3', '学校类型': '小学', '城乡类型': '城区', '有方案': true, '面积': 4000,\n" \
    "  '学段': [{'学段': '小学', '在校生数': 1000, '起始年级学生数': 140}]},\n" \
    " {'学校代码': 'X4', '学校类型': '小学', '城乡类型': '镇区', '有方案': true, '面积': 2000,\n" \
    "  '学段': [{'学段': '小学', '在校生数': 1000, '起始年级学生数': 200}]},\n" \
    " {'学校代码': 'X5', '学校类型': '小学', '城乡类型': '城区', '有方案': true, '面积': 5000,\n" \
    "  '学段': [{'学段': '小学', '在校生数': 1000, '起始年级学生数': 140}]},\n" \
    " {'学校代码': 'X6', '学校类型': '小学', '有方案': true, '面积': 2000,\n" \
    "  '学段': [{'学段': '小学', '在校生数': 1000}]}\n" \
    "]}\n"

static void exceptions_tried_in_order_first_decides(void **state)
{
    (void)state;
    Case R;
    run(&R, EXCEPTION_RULES, EXCEPTION_DATA);
    /* X1: main 4.0 fails; E1 does not hold (no 方案); E2 4000/840 holds; E3 would too. */
    const Result *x1 = result(R.ev, "X1", "B", XX);
    assert_status((Status)x1->status, ST_PASS_EXCEPTION);
    assert_int_equal(result_clause(x1), 1);
    assert_string_equal(clause_of(x1), "B.E2");
    assert_true(x1->value == 4);
    /* X3: E1 holds first, though E2 and E3 hold as well: the ledger knows both. */
    assert_int_equal(result_clause(result(R.ev, "X3", "B", XX)), 0);
    const ClauseValue *cv3 = eval_clause_value(R.ev, (int)(result(R.ev, "X3", "B", XX) - R.ev->results));
    assert_non_null(cv3);
    assert_true(cv3->also == ((1u << 1) | (1u << 2)));
    assert_int_equal(clause_next_holding(cv3), 1);
    /* X1: E3 would decide without E2. */
    const ClauseValue *cv1 = eval_clause_value(R.ev, (int)(x1 - R.ev->results));
    assert_true(cv1->also == (1u << 2));
    /* X4: none holds → fail, no clause. */
    const Result *x4 = result(R.ev, "X4", "B", XX);
    assert_status((Status)x4->status, ST_FAIL);
    assert_int_equal(result_clause(x4), -1);
    /* X5: the main test passes; no clause. */
    assert_status((Status)result(R.ev, "X5", "B", XX)->status, ST_PASS);
    assert_int_equal(result_clause(result(R.ev, "X5", "B", XX)), -1);

    Traced T;
    trace(&T, R.run, "X1");
    const IndicatorTrace *it = traced(&T, "B", XX);
    assert_true(it->main.tried && !it->main.holds);
    assert_true(it->exceptions[0].tried && !it->exceptions[0].holds);
    assert_int_equal(it->exceptions[0].cond.tag, V_BOOL);
    assert_true(it->exceptions[1].tried && it->exceptions[1].holds);
    assert_close(it->exceptions[1].value.num, 4000.0 / 840, 1e-12);
    assert_true(it->exceptions[2].tried && it->exceptions[2].holds); /* tried after E2 decided: for the ledger */
    untrace(&T);

    trace(&T, R.run, "X4");
    it = traced(&T, "B", XX);
    for (int k = 0; k < 3; k++) assert_true(it->exceptions[k].tried && !it->exceptions[k].holds);
    assert_true(it->exceptions[2].value.num == 4);
    untrace(&T);

    trace(&T, R.run, "X5");
    it = traced(&T, "B", XX);
    assert_true(it->main.holds);
    for (int k = 0; k < 3; k++) assert_false(it->exceptions[k].tried);
    untrace(&T);
    done(&R);
}

static void exception_with_missing_input_does_not_hold(void **state)
{
    (void)state;
    Case R;
    run(&R, EXCEPTION_RULES, EXCEPTION_DATA);
    /* X2 lacks 起始年级学生数: E2 does not hold, E3 decides. */
    const Result *x2 = result(R.ev, "X2", "B", XX);
    assert_status((Status)x2->status, ST_PASS_EXCEPTION);
    assert_string_equal(clause_of(x2), "B.E3");
    /* X6 lacks 城乡类型 (E1) and 起始年级学生数 (E2); E3 = 4.0 fails: a
     * fail, not missing data. */
    const Result *x6 = result(R.ev, "X6", "B", XX);
    assert_status((Status)x6->status, ST_FAIL);
    assert_int_equal(result_clause(x6), -1);

    Traced T;
    trace(&T, R.run, "X2");
    const PartTrace *e2 = &traced(&T, "B", XX)->exceptions[1];
    assert_true(e2->tried && !e2->holds && e2->has_value);
    assert_int_equal(e2->value.tag, V_MISSING);
    assert_int_equal(e2->value_missing.why, MISS_ABSENT);
    assert_string_equal(e2->value_missing.what, "起始年级学生数");
    assert_int_equal(input(e2, "起始年级学生数")->value.tag, V_MISSING);
    untrace(&T);

    trace(&T, R.run, "X6");
    const PartTrace *e1 = &traced(&T, "B", XX)->exceptions[0];
    assert_true(e1->tried && !e1->holds && e1->has_cond);
    assert_int_equal(e1->cond.tag, V_MISSING);
    assert_string_equal(e1->cond_missing.what, "城乡类型");
    untrace(&T);
    done(&R);
}

/* ---- §8 missing data ---- */

#define MISSING_RULES \
    PRELUDE INDICATOR_A \
    "指标 C \"每百名学生教师数\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 100 * 教师数 / 在校生数\n" \
    "    标准 >= 4.2\n" \
    "    例外 E1 \"方案\" { 依据 \"测试\" 条件 有方案 }\n" \
    "}\n" \
    "指标 D \"按起始年级\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 面积 / (起始年级学生数 * 学制年数)\n" \
    "    标准 >= 1\n" \
    "}\n"

static void missing_main_value_names_the_field(void **state)
{
    (void)state;
    Case R;
    run(&R, MISSING_RULES,
        "{'学校': [\n"
        " {'学校代码': 'Y1', '学校类型': '小学', '有方案': true, '面积': 1000,\n"
        "  '学段': [{'学段': '小学', '在校生数': 100, '起始年级学生数': 20}]}\n"
        "]}\n");
    const Result *c = result(R.ev, "Y1", "C", XX);
    assert_missing(c, MISS_ABSENT, "教师数");
    assert_true(isnan(c->value));
    assert_int_equal(result_clause(c), -1);

    /* E1 would hold (有方案), but is not tried: the main test is undecided. */
    Traced T;
    trace(&T, R.run, "Y1");
    const IndicatorTrace *it = traced(&T, "C", XX);
    assert_true(it->main.tried && it->main.has_value);
    assert_int_equal(it->main.value.tag, V_MISSING);
    assert_false(it->exceptions[0].tried);
    assert_int_equal(input(&it->main, "教师数")->value.tag, V_MISSING);
    untrace(&T);
    done(&R);
}

static void division_by_zero_names_the_divisor(void **state)
{
    (void)state;
    Case R;
    run(&R, MISSING_RULES,
        "{'学校': [\n"
        " {'学校代码': 'Y2', '学校类型': '小学', '有方案': true, '面积': 1000,\n"
        "  '学段': [{'学段': '小学', '在校生数': 0, '教师数': 5, '起始年级学生数': 0}]},\n"
        " {'学校代码': 'Y3', '学校类型': '九年一贯制', '面积': 1000, '学段': [\n"
        "   {'学段': '小学', '在校生数': 0, '教师数': 5}, {'学段': '初中', '在校生数': 0, '教师数': 5}]}\n"
        "]}\n");
    assert_missing(result(R.ev, "Y2", "C", XX), MISS_ZERO, "在校生数");
    assert_missing(result(R.ev, "Y2", "A", XX), MISS_ZERO, "在校生数");
    /* The divisor is an expression: the first field inside it is named. */
    assert_missing(result(R.ev, "Y2", "D", XX), MISS_ZERO, "起始年级学生数");
    /* No students in any stage: the shared area cannot be split. */
    assert_missing(result(R.ev, "Y3", "A", XX), MISS_SPLIT, "在校生数");
    assert_missing(result(R.ev, "Y3", "A", CZ), MISS_SPLIT, "在校生数");

    Traced T;
    trace(&T, R.run, "Y2");
    assert_false(traced(&T, "C", XX)->exceptions[0].tried);
    untrace(&T);
    done(&R);
}

/* 若 … 则 … 否则 …: only the branch taken is read, so a field only the
 * other reads may be missing; a missing condition names its field; a zero
 * divisor chosen by a conditional is named by the branch taken. */
#define CONDITIONAL_RULES PRELUDE \
    "指标 K \"按情形选公式\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 若 有方案 则 面积 / 在校生数 否则 教师数 / 在校生数\n" \
    "    标准 >= 1\n" \
    "}\n" \
    "指标 Z \"除数按情形\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    值 = 100 / (若 有方案 则 教师数 否则 起始年级学生数)\n" \
    "    标准 >= 1\n" \
    "}\n"

static void conditional_reads_the_branch_taken(void **state)
{
    (void)state;
    Case R;
    run(&R, CONDITIONAL_RULES,
        "{'学校': [\n"
        " {'学校代码': 'K1', '学校类型': '小学', '有方案': true, '面积': 500,\n"
        "  '学段': [{'学段': '小学', '在校生数': 100, '起始年级学生数': 0}]},\n"
        " {'学校代码': 'K2', '学校类型': '小学', '有方案': false,\n"
        "  '学段': [{'学段': '小学', '在校生数': 100, '教师数': 50, '起始年级学生数': 0}]},\n"
        " {'学校代码': 'K3', '学校类型': '小学', '面积': 500,\n"
        "  '学段': [{'学段': '小学', '在校生数': 100, '教师数': 50}]},\n"
        " {'学校代码': 'K4', '学校类型': '小学', '有方案': false, '面积': 500,\n"
        "  '学段': [{'学段': '小学', '在校生数': 100}]}\n"
        "]}\n");
    /* K1 takes 面积 / 在校生数 = 5: its missing 教师数 is never read. */
    const Result *k = result(R.ev, "K1", "K", XX);
    assert_status((Status)k->status, ST_PASS);
    assert_close(k->value, 5, 1e-12);
    /* Its divisor 教师数 is missing; the 0 起始年级学生数 of the else branch does not matter. */
    assert_missing(result(R.ev, "K1", "Z", XX), MISS_ABSENT, "教师数");
    /* K2 takes 教师数 / 在校生数 = 0.5 without 面积; its divisor is the else branch's 0. */
    k = result(R.ev, "K2", "K", XX);
    assert_status((Status)k->status, ST_FAIL);
    assert_close(k->value, 0.5, 1e-12);
    assert_missing(result(R.ev, "K2", "Z", XX), MISS_ZERO, "起始年级学生数");
    /* No 有方案: neither branch can be chosen, the condition's field is named. */
    assert_missing(result(R.ev, "K3", "K", XX), MISS_ABSENT, "有方案");
    /* The branch taken lacks its field. */
    assert_missing(result(R.ev, "K4", "K", XX), MISS_ABSENT, "教师数");

    /* The trace records the branch taken and only its inputs. */
    Traced T;
    trace(&T, R.run, "K1");
    const PartTrace *p = &traced(&T, "K", XX)->main;
    assert_int_equal(p->nbranches, 1);
    assert_int_equal(p->branches[0].expr->kind, E_IF);
    assert_int_equal(p->branches[0].taken, 1);
    for (int i = 0; i < p->ninputs; i++) assert_string_not_equal(p->inputs[i].field->name, "教师数");
    untrace(&T);
    trace(&T, R.run, "K2");
    p = &traced(&T, "K", XX)->main;
    assert_int_equal(p->branches[0].taken, 0);
    assert_int_equal(input(p, "教师数")->value.num, 50);
    for (int i = 0; i < p->ninputs; i++) assert_string_not_equal(p->inputs[i].field->name, "面积");
    untrace(&T);
    trace(&T, R.run, "K3");
    p = &traced(&T, "K", XX)->main;
    assert_int_equal(p->nbranches, 1);
    assert_int_equal(p->branches[0].taken, -1);
    assert_string_equal(p->branches[0].missing.what, "有方案");
    untrace(&T);
    done(&R);
}

/* A county indicator aggregating over schools: each school's part is taken
 * as it streams by, and the county combines them as over any records. */
static void county_aggregate_over_schools(void **state)
{
    (void)state;
    Case R;
    run(&R, PRELUDE
        "定义 有初中 = 任一(学段 : 学段 == 初中)\n"
        "指标 C \"大校有方案\" { 对象 县级 依据 \"x\" 条件 全部(学校 其中 面积 > 1000 : 有方案) }\n"
        "指标 D \"有初中的学校\" { 对象 县级 依据 \"x\" 值 = 计数(学校 其中 有初中) 标准 >= 2 }\n"
        "指标 M \"大校面积\" { 对象 县级 依据 \"x\" 值 = 最大(学校 其中 有方案 : 面积) 标准 >= 2500 }\n",
        "{'学校': [{'学校代码': 'S1', '学校类型': '小学', '面积': 500, '有方案': false,\n"
        "           '学段': [{'学段': '小学', '在校生数': 10}]},\n"
        "          {'学校代码': 'S2', '学校类型': '九年一贯制', '面积': 2000, '有方案': true,\n"
        "           '学段': [{'学段': '小学', '在校生数': 10}, {'学段': '初中', '在校生数': 10}]},\n"
        "          {'学校代码': 'S3', '学校类型': '初中', '面积': 3000, '有方案': false,\n"
        "           '学段': [{'学段': '初中', '在校生数': 10}]},\n"
        "          {'学校代码': 'S4', '学校类型': '初中', '面积': 1500,\n"
        "           '学段': [{'学段': '初中', '在校生数': 10}]}]}\n");
    /* S3 breaks 全部 whatever S4 (missing 有方案) turns out to be. */
    assert_status((Status)county_result(R.ev, "C")->status, ST_FAIL);
    assert_close(county_result(R.ev, "D")->value, 3, 0); /* S2, S3, S4 have a 初中 stage */
    assert_status((Status)county_result(R.ev, "D")->status, ST_PASS);
    /* S4's 有方案 could make it the largest: undecidable. */
    assert_missing(county_result(R.ev, "M"), MISS_ABSENT, "有方案");
    rerun(&R, "{'学校': [{'学校代码': 'S3', '学校类型': '初中', '面积': 3000, '有方案': true,\n"
              "           '学段': [{'学段': '初中', '在校生数': 10}]},\n"
              "          {'学校代码': 'S4', '学校类型': '初中', '面积': 1500,\n"
              "           '学段': [{'学段': '初中', '在校生数': 10}]}]}\n");
    assert_missing(county_result(R.ev, "C"), MISS_ABSENT, "有方案");
    assert_missing(county_result(R.ev, "M"), MISS_ABSENT, "有方案");
    /* No school the filter keeps: 全部 holds, 计数 is 0, 最大 of nothing is missing. */
    rerun(&R, "{'学校': [{'学校代码': 'S1', '学校类型': '小学', '面积': 500, '有方案': false,\n"
              "           '学段': [{'学段': '小学', '在校生数': 10}]}]}\n");
    assert_status((Status)county_result(R.ev, "C")->status, ST_PASS);
    assert_close(county_result(R.ev, "D")->value, 0, 0);
    assert_missing(county_result(R.ev, "M"), MISS_ABSENT, "学校");
    done(&R);
}

/* Record levels the rules declare are read from the lists of their name,
 * under "县级" or in each school, and aggregated like any records (a stage
 * sees its own when they name a 学段). */
static void declared_record_levels(void **state)
{
    (void)state;
    Case R;
    run(&R, PRELUDE
        "记录 优质高中 属于 县级 { 名称 文本  招生计划数 整数（人）  分配名额数 整数（人） }\n"
        "记录 社团 属于 学校 { 学段 枚举(小学, 初中)  人数 整数 }\n"
        "指标 G \"每所优质高中\" { 对象 县级 依据 \"x\" 值 = 最小(优质高中 : 分配名额数 / 招生计划数) 标准 >= 50% }\n"
        "指标 H \"社团\" { 对象 学段 依据 \"x\" 值 = 求和(社团 : 人数) 标准 >= 20 }\n",
        "{'县级': {'优质高中': [{'名称': '一中', '招生计划数': 500, '分配名额数': 300},\n"
        "                       {'名称': '二中', '招生计划数': 400, '分配名额数': 160}]},\n"
        " '学校': [{'学校代码': 'S', '学校类型': '九年一贯制',\n"
        "   '学段': [{'学段': '小学', '在校生数': 10}, {'学段': '初中', '在校生数': 10}],\n"
        "   '社团': [{'学段': '小学', '人数': 30}, {'学段': '初中', '人数': 12}, {'学段': '初中', '人数': 5}]}]}\n");
    const Result *g = county_result(R.ev, "G");
    assert_status((Status)g->status, ST_FAIL);
    assert_close(g->value, 0.4, 1e-12); /* 60% and 40%: the least decides */
    assert_status((Status)result(R.ev, "S", "H", XX)->status, ST_PASS);
    const Result *h = result(R.ev, "S", "H", CZ);
    assert_status((Status)h->status, ST_FAIL);
    assert_close(h->value, 17, 1e-12);
    /* No list at all: no records, missing data naming the level. */
    rerun(&R, "{'学校': [{'学校代码': 'S', '学校类型': '小学', '学段': [{'学段': '小学', '在校生数': 10}]}]}\n");
    assert_missing(county_result(R.ev, "G"), MISS_ABSENT, "优质高中");
    assert_missing(result(R.ev, "S", "H", XX), MISS_ABSENT, "社团");
    done(&R);
}

static void stage_default_used_and_traced(void **state)
{
    (void)state;
    Case R;
    run(&R, MISSING_RULES,
        "{'学校': [\n"
        " {'学校代码': 'Z1', '学校类型': '小学', '面积': 6000, '学段': [{'学段': '小学', '在校生数': 900, '起始年级学生数': 100}]},\n"
        " {'学校代码': 'Z2', '学校类型': '初中', '面积': 6000, '学段': [{'学段': '初中', '在校生数': 300, '起始年级学生数': 100}]},\n"
        " {'学校代码': 'Z3', '学校类型': '小学', '面积': 6000,\n"
        "  '学段': [{'学段': '小学', '在校生数': 900, '起始年级学生数': 100, '学制年数': 5}]}\n"
        "]}\n");
    assert_true(result(R.ev, "Z1", "D", XX)->value == 10); /* 6000 / (100 × 6) */
    assert_true(result(R.ev, "Z2", "D", CZ)->value == 20); /* 6000 / (100 × 3) */
    assert_true(result(R.ev, "Z3", "D", XX)->value == 12); /* 6000 / (100 × 5) */

    Traced T;
    trace(&T, R.run, "Z1");
    const TraceInput *in = input(&traced(&T, "D", XX)->main, "学制年数");
    assert_int_equal(in->origin, FROM_DEFAULT);
    assert_int_equal(in->value.tag, V_NUM);
    assert_true(in->value.num == 6);
    untrace(&T);
    trace(&T, R.run, "Z2");
    in = input(&traced(&T, "D", CZ)->main, "学制年数");
    assert_int_equal(in->origin, FROM_DEFAULT);
    assert_true(in->value.num == 3);
    untrace(&T);
    trace(&T, R.run, "Z3");
    in = input(&traced(&T, "D", XX)->main, "学制年数");
    assert_int_equal(in->origin, FROM_RECORD);
    assert_true(in->value.num == 5);
    untrace(&T);
    done(&R);
}

/* ---- applicability ---- */

#define APPLIES_RULES \
    PRELUDE SCOPE_DEFINE \
    "指标 A2 \"生均面积\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    适用 范围\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 小学 >= 4.5, 初中 >= 5.8\n" \
    "}\n"

static void not_applicable_via_applies(void **state)
{
    (void)state;
    Case R;
    run(&R, APPLIES_RULES,
        "{'学校': [\n"
        " {'学校代码': 'N1', '学校类型': '特殊教育学校', '面积': 100, '学段': [{'学段': '小学', '在校生数': 96}]},\n"
        " {'学校代码': 'N2', '学校类型': '教学点', '面积': 100, '学段': [{'学段': '小学', '在校生数': 34}]},\n"
        " {'学校代码': 'N3', '学校类型': '教学点', '面积': 720, '学段': [{'学段': '小学', '在校生数': 72}]},\n"
        " {'学校代码': 'N4', '面积': 720, '学段': [{'学段': '小学', '在校生数': 100}]}\n"
        "]}\n");
    const Result *n1 = result(R.ev, "N1", "A2", XX);
    assert_status((Status)n1->status, ST_NOT_APPLICABLE);
    assert_true(isnan(n1->value));
    assert_int_equal(result_clause(n1), -1);
    assert_status((Status)result(R.ev, "N2", "A2", XX)->status, ST_NOT_APPLICABLE);
    /* A 教学点 of 50 or more students is evaluated. */
    const Result *n3 = result(R.ev, "N3", "A2", XX);
    assert_status((Status)n3->status, ST_PASS);
    assert_true(n3->value == 10);
    /* Applicability itself undecided: missing, naming the field. */
    assert_missing(result(R.ev, "N4", "A2", XX), MISS_ABSENT, "学校类型");
    done(&R);
}

/* ---- RA: at least 6 of 7 met, the rest ≥ 85% (three-valued) ---- */

#define RA_RULES \
    PRELUDE \
    "字段 学段 {\n" \
    "    x1 数值\n    x2 数值\n    x3 数值\n    x4 数值\n    x5 数值\n    x6 数值\n    x7 数值\n" \
    "    ok7 布尔\n" \
    "}\n" \
    "指标 K1 \"k1\" { 依据 \"测试\" 对象 学段 值 = x1 标准 >= 10 }\n" \
    "指标 K2 \"k2\" { 依据 \"测试\" 对象 学段 值 = x2 标准 >= 10 }\n" \
    "指标 K3 \"k3\" { 依据 \"测试\" 对象 学段 值 = x3 标准 >= 10 }\n" \
    "指标 K4 \"k4\" { 依据 \"测试\" 对象 学段 值 = x4 标准 >= 10 }\n" \
    "指标 K5 \"k5\" { 依据 \"测试\" 对象 学段 值 = x5 标准 >= 10 }\n" \
    "指标 K6 \"k6\" { 依据 \"测试\" 对象 学段 值 = x6 标准 >= 10\n" \
    "    例外 E1 \"方案\" { 依据 \"测试\" 条件 有方案 } }\n" \
    "指标 K7 \"k7\" { 依据 \"测试\" 对象 学段 条件 ok7 值 = x7 标准 >= 10 }\n" \
    "定义 七项 = [K1, K2, K3, K4, K5, K6, K7]\n" \
    "指标 RA \"综合\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    条件 计数(七项 其中 达标) >= 6 且 全部(七项 其中 非 达标 : 值 >= 85% * 标准)\n" \
    "}\n"

typedef struct RaCase {
    const char *code;
    double x[7];    /* -1: absent */
    int ok7, plan;  /* -1: absent */
    Status ra;
} RaCase;

static const RaCase ra_cases[] = {
    {"R1", {10, 10, 10, 10, 10, 10, 10}, 1, 0, ST_PASS},    /* all 7 met */
    {"R2", {10, 10, 10, 10, 10, 10, 9}, 1, 0, ST_PASS},     /* 6 met, the 7th ≥ 85% */
    {"R3", {10, 10, 10, 10, 10, 10, 8}, 1, 0, ST_FAIL},     /* 6 met, the 7th < 85% */
    {"R4", {10, -1, 10, 10, 10, 10, 10}, 1, 0, ST_MISSING}, /* 6 met + 1 missing, could be < 85% */
    {"R5", {10, 10, 10, 10, 10, 10, 10}, -1, 0, ST_PASS},   /* 6 met + 1 missing whose value is known ≥ 85% */
    {"R6", {10, 10, 10, 10, 10, 10, 8}, -1, 0, ST_FAIL},    /* K7 fails on its value whatever ok7 is */
    {"R7", {10, -1, 10, 10, 10, 10, 8}, 1, 0, ST_FAIL},     /* 5 met + 1 missing + 1 fail < 85% */
    {"R8", {10, -1, 10, 10, 10, 10, 9}, 1, 0, ST_MISSING},  /* 5 met + 1 missing + 1 fail ≥ 85% */
    {"R9", {-1, 10, 10, 10, 10, 9, 9}, 1, 0, ST_FAIL},      /* at most 5 met */
    {"R10", {10, 10, 10, 10, 10, 9, 9}, 1, 0, ST_FAIL},     /* 5 met, both others ≥ 85% */
    {"R11", {10, 10, 10, 10, 10, 1, 10}, 1, 1, ST_PASS},    /* K6 by exception counts as met */
};

static char *ra_dataset(void)
{
    size_t cap = 1 << 14, len = 0;
    char *s = malloc(cap);
    len += (size_t)snprintf(s + len, cap - len, "{'学校': [\n");
    size_t n = sizeof ra_cases / sizeof *ra_cases;
    for (size_t i = 0; i < n; i++) {
        const RaCase *c = &ra_cases[i];
        len += (size_t)snprintf(s + len, cap - len, " {'学校代码': '%s', '学校类型': '小学', '有方案': %s, '学段': [{'学段': '小学', '在校生数': 100",
                                c->code, c->plan ? "true" : "false");
        for (int k = 0; k < 7; k++)
            if (c->x[k] >= 0) len += (size_t)snprintf(s + len, cap - len, ", 'x%d': %g", k + 1, c->x[k]);
        if (c->ok7 >= 0) len += (size_t)snprintf(s + len, cap - len, ", 'ok7': %s", c->ok7 ? "true" : "false");
        len += (size_t)snprintf(s + len, cap - len, "}]}%s\n", i + 1 < n ? "," : "");
    }
    snprintf(s + len, cap - len, "]}\n");
    return s;
}

static void ra_aggregate_three_valued(void **state)
{
    (void)state;
    char *json = ra_dataset();
    Case R;
    run(&R, RA_RULES, json);
    free(json);
    for (size_t i = 0; i < sizeof ra_cases / sizeof *ra_cases; i++) {
        const Result *r = result(R.ev, ra_cases[i].code, "RA", XX);
        if (r->status != ra_cases[i].ra)
            fail_msg("%s: RA %s, expected %s", ra_cases[i].code, status_name((Status)r->status), status_name(ra_cases[i].ra));
    }
    /* The inputs the cases rely on. */
    assert_missing(result(R.ev, "R4", "K2", XX), MISS_ABSENT, "x2");
    const Result *k7 = result(R.ev, "R5", "K7", XX);
    assert_missing(k7, MISS_ABSENT, "ok7");
    assert_true(k7->value == 10);
    /* Kleene: a missing condition and a failed value make a fail. */
    assert_status((Status)result(R.ev, "R6", "K7", XX)->status, ST_FAIL);
    assert_status((Status)result(R.ev, "R11", "K6", XX)->status, ST_PASS_EXCEPTION);
    assert_true(result(R.ev, "R11", "K6", XX)->value == 1);
    /* An undecided RA names the indicator it depends on. */
    assert_missing(result(R.ev, "R4", "RA", XX), MISS_INDICATOR, "K2");
    assert_missing(result(R.ev, "R8", "RA", XX), MISS_INDICATOR, "K2");
    done(&R);
}

/* ---- CV: student-weighted ---- */

#define CV_RULES \
    PRELUDE SCOPE_DEFINE \
    "指标 A \"生均面积\" {\n" \
    "    依据 \"测试\"\n" \
    "    对象 学段\n" \
    "    适用 范围\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 小学 >= 1, 初中 >= 1\n" \
    "}\n" \
    "差异系数 CV \"差异\" {\n" \
    "    依据 \"测试\"\n" \
    "    指标 A\n" \
    "    加权 在校生数\n" \
    "    限值 小学 <= 0.5, 初中 <= 0.45\n" \
    "}\n"

#define CV_SCHOOLS \
    " {'学校代码': 'C1', '学校类型': '小学', '面积': 200, '学段': [{'学段': '小学', '在校生数': 100}]},\n" \
    " {'学校代码': 'C2', '学校类型': '小学', '面积': 1200, '学段': [{'学段': '小学', '在校生数': 300}]},\n" \
    " {'学校代码': 'C3', '学校类型': '小学', '面积': 3000, '学段': [{'学段': '小学', '在校生数': 600}]},\n" \
    " {'学校代码': 'C4', '学校类型': '特殊教育学校', '面积': 5000, '学段': [{'学段': '小学', '在校生数': 50}]},\n" \
    " {'学校代码': 'C5', '学校类型': '初中', '面积': 100, '学段': [{'学段': '初中', '在校生数': 100}]},\n" \
    " {'学校代码': 'C6', '学校类型': '初中', '面积': 900, '学段': [{'学段': '初中', '在校生数': 100}]}"

static void cv_is_student_weighted(void **state)
{
    (void)state;
    Case R;
    run(&R, CV_RULES, "{'学校': [\n" CV_SCHOOLS "\n]}\n");
    /* 小学: X = 2, 4, 5 with P = 100, 300, 600 (C4 is not applicable).
     * X̄ = 4.4; S² = 0.1·2.4² + 0.3·0.4² + 0.6·0.6² = 0.84; CV = √0.84 / 4.4. */
    const CvResult *xx = cv_result(R.ev, "A", XX);
    assert_int_equal(xx->n, 3);
    assert_close(xx->value, sqrt(0.84) / 4.4, 1e-12);
    assert_true(fabs(xx->value - 0.2083) < 1e-4);
    assert_status(xx->status, ST_PASS);
    assert_true(xx->limit == 0.5);
    /* The unweighted forms differ: population 0.3402, sample 0.4166. */
    double mean = 11.0 / 3, ss = (2 - mean) * (2 - mean) + (4 - mean) * (4 - mean) + (5 - mean) * (5 - mean);
    assert_true(fabs(xx->value - sqrt(ss / 3) / mean) > 0.1);
    assert_true(fabs(xx->value - sqrt(ss / 2) / mean) > 0.2);
    /* 初中: X = 1, 9 with equal weights: X̄ = 5, S = 4, CV = 0.8 > 0.45. */
    const CvResult *cz = cv_result(R.ev, "A", CZ);
    assert_int_equal(cz->n, 2);
    assert_close(cz->value, 0.8, 1e-12);
    assert_status(cz->status, ST_FAIL);
    done(&R);
}

static void cv_missing_when_a_stage_lacks_the_value(void **state)
{
    (void)state;
    Case R;
    run(&R, CV_RULES,
        "{'学校': [\n" CV_SCHOOLS ",\n"
        " {'学校代码': 'C7', '学校类型': '小学', '面积': null, '学段': [{'学段': '小学', '在校生数': 200}]}\n"
        "]}\n");
    const CvResult *xx = cv_result(R.ev, "A", XX);
    assert_status(xx->status, ST_MISSING);
    assert_int_equal(xx->missing.why, MISS_ABSENT);
    assert_string_equal(xx->missing.what, "面积");
    /* Still computed over the others. */
    assert_int_equal(xx->n, 3);
    assert_close(xx->value, sqrt(0.84) / 4.4, 1e-12);
    /* The other stage is not affected. */
    assert_status(cv_result(R.ev, "A", CZ)->status, ST_FAIL);
    done(&R);
}

/* A composite (the mean of a declaration's CVs) over a stage no school has
 * is not applicable, like its members; when only some members are empty,
 * the mean of all cannot be formed and it lacks data (issue 15). */
#define COMPOSITE_RULES \
    PRELUDE SCOPE_DEFINE \
    "指标 A \"生均面积\" { 依据 \"测试\" 对象 学段 适用 范围 值 = 面积 / 在校生数 标准 >= 0 }\n" \
    "指标 B \"生均教师\" { 依据 \"测试\" 对象 学段 适用 范围 且 学段 == 小学 值 = 教师数 / 在校生数 标准 >= 0 }\n" \
    "差异系数 CV \"差异\" { 依据 \"测试\" 指标 A, B 加权 在校生数 综合限值 小学 <= 0.9, 初中 <= 0.9 }\n" \
    "类别 资源 \"资源\" { 依据 \"测试\" 包含 CV }\n"

static const CvResult *composite_result(const Evaluation *ev, int stage)
{
    for (int i = 0; i < ev->ncvs; i++)
        if (!ev->cvs[i].ind && ev->cvs[i].stage == stage) return &ev->cvs[i];
    fail_msg("no composite for stage %d", stage);
    return NULL;
}

static void composite_over_an_empty_stage_is_not_applicable(void **state)
{
    (void)state;
    Case R;
    run(&R, COMPOSITE_RULES,
        "{'学校': [\n"
        " {'学校代码': 'P1', '学校类型': '小学', '面积': 500, '学段': [{'学段': '小学', '在校生数': 100, '教师数': 5}]},\n"
        " {'学校代码': 'P2', '学校类型': '小学', '面积': 900, '学段': [{'学段': '小学', '在校生数': 100, '教师数': 7}]}\n"
        "]}\n");
    /* 小学: both CVs computed, their mean tested; without 综合名称 it reads 综合. */
    assert_status(composite_result(R.ev, XX)->status, ST_PASS);
    assert_string_equal(composite_result(R.ev, XX)->label, "综合");
    /* 初中: no school-stage at all: the members and the composite are not applicable. */
    assert_status(cv_result(R.ev, "A", CZ)->status, ST_NOT_APPLICABLE);
    assert_int_equal(cv_result(R.ev, "A", CZ)->n, 0);
    const CvResult *cz = composite_result(R.ev, CZ);
    assert_status(cz->status, ST_NOT_APPLICABLE);
    assert_int_equal(cz->n, 0);
    assert_status(category(R.ev, "资源"), ST_PASS);
    /* A 初中 school: A has a CV, B (小学 only) has none: the mean of both cannot be formed. */
    rerun(&R, "{'学校': [\n"
              " {'学校代码': 'P3', '学校类型': '初中', '面积': 500, '学段': [{'学段': '初中', '在校生数': 100, '教师数': 5}]}\n"
              "]}\n");
    cz = composite_result(R.ev, CZ);
    assert_status(cz->status, ST_MISSING);
    assert_int_equal(cz->missing.why, MISS_INDICATOR);
    assert_string_equal(cz->missing.what, "B");
    assert_status(composite_result(R.ev, XX)->status, ST_NOT_APPLICABLE);
    done(&R);
}

/* A composite is labelled as its 差异系数 declaration names it. */
static void composite_named_by_its_declaration(void **state)
{
    (void)state;
    Case R;
    run(&R, PRELUDE SCOPE_DEFINE
        "指标 A \"生均面积\" { 依据 \"测试\" 对象 学段 适用 范围 值 = 面积 / 在校生数 标准 >= 0 }\n"
        "差异系数 CV \"差异\" { 依据 \"测试\" 指标 A 加权 在校生数 综合限值 小学 <= 0.9, 初中 <= 0.9 综合名称 \"平均\" }\n",
        "{'学校': [{'学校代码': 'P1', '学校类型': '小学', '面积': 500, '学段': [{'学段': '小学', '在校生数': 100}]}]}\n");
    assert_string_equal(composite_result(R.ev, XX)->label, "平均");
    assert_string_equal(composite_result(R.ev, CZ)->label, "平均");
    done(&R);
}

/* ---- categories, verdict, roll-ups ---- */

#define VERDICT_RULES \
    CV_RULES \
    "字段 县级 {\n" \
    "    c1 布尔\n    c2 布尔\n    c3 布尔\n" \
    "}\n" \
    "指标 Q1 \"q1\" { 依据 \"测试\" 对象 县级 条件 c1 }\n" \
    "指标 Q2 \"q2\" { 依据 \"测试\" 对象 县级 条件 c2 }\n" \
    "指标 Q3 \"q3\" { 依据 \"测试\" 对象 县级 条件 c3 }\n" \
    "类别 甲 \"甲\" { 依据 \"测试\" 包含 Q1, A }\n" \
    "类别 乙 \"乙\" { 依据 \"测试\" 包含 Q2 }\n" \
    "类别 丙 \"丙\" { 依据 \"测试\" 包含 Q3, CV }\n"

static char *verdict_dataset(const char *county, double area2)
{
    static char buf[1024];
    char area[32];
    if (area2 < 0) snprintf(area, sizeof area, "null");
    else snprintf(area, sizeof area, "%g", area2);
    snprintf(buf, sizeof buf,
             "{'县级': %s, '学校': [\n"
             " {'学校代码': 'G1', '学校类型': '小学', '面积': 500, '学段': [{'学段': '小学', '在校生数': 100}]},\n"
             " {'学校代码': 'G2', '学校类型': '小学', '面积': %s, '学段': [{'学段': '小学', '在校生数': 100}]}\n"
             "]}\n",
             county, area);
    return buf;
}

static void categories_and_verdict(void **state)
{
    (void)state;
    Case R;
    run(&R, VERDICT_RULES, verdict_dataset("{'c1': true, 'c2': true, 'c3': true}", 500));
    assert_status(category(R.ev, "甲"), ST_PASS);
    assert_status(category(R.ev, "乙"), ST_PASS);
    assert_status(category(R.ev, "丙"), ST_PASS);
    assert_status(R.ev->verdict, ST_PASS);

    /* A missing county value: its category is missing, the verdict incomplete. */
    rerun(&R, verdict_dataset("{'c1': null, 'c2': true, 'c3': true}", 500));
    assert_missing(county_result(R.ev, "Q1"), MISS_ABSENT, "c1");
    assert_status(category(R.ev, "甲"), ST_MISSING);
    assert_status(category(R.ev, "乙"), ST_PASS);
    assert_status(R.ev->verdict, ST_MISSING);

    /* fail outranks missing. */
    rerun(&R, verdict_dataset("{'c1': null, 'c2': false, 'c3': true}", 500));
    assert_status((Status)county_result(R.ev, "Q2")->status, ST_FAIL);
    assert_status(category(R.ev, "甲"), ST_MISSING);
    assert_status(category(R.ev, "乙"), ST_FAIL);
    assert_status(category(R.ev, "丙"), ST_PASS);
    assert_status(R.ev->verdict, ST_FAIL);

    /* A school fails A: 甲 fails through the roll-up; the CV (X = 5, 0.5:
     * X̄ = 2.75, S = 2.25, 0.818) fails 丙. */
    rerun(&R, verdict_dataset("{'c1': true, 'c2': true, 'c3': true}", 50));
    assert_status(category(R.ev, "甲"), ST_FAIL);
    assert_status(cv_result(R.ev, "A", XX)->status, ST_FAIL);
    assert_status(category(R.ev, "丙"), ST_FAIL);
    assert_status(R.ev->verdict, ST_FAIL);

    /* A school lacks the value: A and the CV are missing, nothing fails. */
    rerun(&R, verdict_dataset("{'c1': true, 'c2': true, 'c3': true}", -1));
    assert_status(category(R.ev, "甲"), ST_MISSING);
    assert_status(category(R.ev, "乙"), ST_PASS);
    assert_status(category(R.ev, "丙"), ST_MISSING);
    assert_status(R.ev->verdict, ST_MISSING);
    done(&R);
}

#define ROLLUP_RULES \
    APPLIES_RULES \
    "指标 W \"方案\" { 依据 \"测试\" 对象 学校 条件 有方案 }\n"

static void rollup_counts(void **state)
{
    (void)state;
    Case R;
    run(&R, ROLLUP_RULES,
        "{'学校': [\n"
        " {'学校代码': 'H1', '学校类型': '小学', '有方案': true, '面积': 500, '学段': [{'学段': '小学', '在校生数': 100}]},\n"
        " {'学校代码': 'H2', '学校类型': '九年一贯制', '有方案': true, '面积': 2100, '学段': [\n"
        "   {'学段': '小学', '在校生数': 100}, {'学段': '初中', '在校生数': 100}]},\n"
        " {'学校代码': 'H3', '学校类型': '特殊教育学校', '有方案': true, '面积': 10, '学段': [{'学段': '小学', '在校生数': 10}]},\n"
        " {'学校代码': 'H4', '学校类型': '小学', '面积': null, '学段': [{'学段': '小学', '在校生数': 100}]}\n"
        "]}\n");
    /* A2 per school-stage: H1 pass, H2 小学 pass (1000/100), H2 初中 pass (1100/100), H3 n/a, H4 missing. */
    const Rollup *a = rollup(R.ev, "A2");
    assert_int_equal(a->counts[ST_PASS], 3);
    assert_int_equal(a->counts[ST_PASS_EXCEPTION], 0);
    assert_int_equal(a->counts[ST_FAIL], 0);
    assert_int_equal(a->counts[ST_MISSING], 1);
    assert_int_equal(a->counts[ST_NOT_APPLICABLE], 1);
    assert_status(a->status, ST_MISSING);
    /* W per school: 3 pass, H4 missing. */
    const Rollup *w = rollup(R.ev, "W");
    assert_int_equal(w->counts[ST_PASS], 3);
    assert_int_equal(w->counts[ST_MISSING], 1);
    assert_status(w->status, ST_MISSING);

    rerun(&R,
          "{'学校': [\n"
          " {'学校代码': 'H1', '学校类型': '小学', '有方案': true, '面积': 500, '学段': [{'学段': '小学', '在校生数': 100}]},\n"
          " {'学校代码': 'H4', '学校类型': '小学', '面积': null, '学段': [{'学段': '小学', '在校生数': 100}]},\n"
          " {'学校代码': 'H5', '学校类型': '小学', '有方案': false, '面积': 100, '学段': [{'学段': '小学', '在校生数': 100}]}\n"
          "]}\n");
    a = rollup(R.ev, "A2");
    assert_int_equal(a->counts[ST_PASS], 1);
    assert_int_equal(a->counts[ST_FAIL], 1);
    assert_int_equal(a->counts[ST_MISSING], 1);
    assert_status(a->status, ST_FAIL);
    w = rollup(R.ev, "W");
    assert_int_equal(w->counts[ST_FAIL], 1);
    assert_status(w->status, ST_FAIL);

    rerun(&R,
          "{'学校': [\n"
          " {'学校代码': 'H1', '学校类型': '小学', '有方案': true, '面积': 500, '学段': [{'学段': '小学', '在校生数': 100}]},\n"
          " {'学校代码': 'H3', '学校类型': '特殊教育学校', '有方案': true, '面积': 10, '学段': [{'学段': '小学', '在校生数': 10}]}\n"
          "]}\n");
    a = rollup(R.ev, "A2");
    assert_int_equal(a->counts[ST_PASS], 1);
    assert_int_equal(a->counts[ST_NOT_APPLICABLE], 1);
    assert_status(a->status, ST_PASS);
    done(&R);
}

/* An aggregate over a definition of a definition of a list reads the list
 * (it once read one definition deep and saw no indicators: 全部 held). */
static void aggregate_through_a_chain_of_definitions(void **state)
{
    (void)state;
    Case R;
    run(&R,
        PRELUDE
        "指标 K1 \"k1\" { 依据 \"测试\" 对象 学段 值 = 教师数 标准 >= 10 }\n"
        "定义 一项 = [K1]\n"
        "定义 同一项 = 一项\n"
        "指标 ALL \"全部\" { 依据 \"测试\" 对象 学段 条件 全部(同一项 : 达标) }\n",
        "{'学校': [{'学校代码': 'L', '学校类型': '小学', '学段': [{'学段': '小学', '在校生数': 100, '教师数': 5}]}]}\n");
    assert_status((Status)result(R.ev, "L", "K1", XX)->status, ST_FAIL);
    assert_status((Status)result(R.ev, "L", "ALL", XX)->status, ST_FAIL);
    done(&R);
}

/* ---- the shipped rule set on the synthetic sample ---- */

static void shipped_rules_on_sample_dataset(void **state)
{
    (void)state;
    if (!shipped_rules[0] || !sample_dataset[0]) fail_msg("rules/优质均衡 or the sample dataset not found from the repository");
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load(shipped_rules, &d);
    if (!rs) {
        char *shown = render(&d);
        fail_msg("shipped rules did not load:\n%s", shown);
    }
    diag_free(&d);
    loaded = rs;
    Run *run = run_at(rs, 20251231);
    Evaluation *ev = evaluate_file(run, sample_dataset);
    assert_int_equal(ev->nschools, 38);

    const Result *r = result(ev, "4302030002", "I4", XX);
    assert_status((Status)r->status, ST_PASS_EXCEPTION);
    assert_string_equal(clause_of(r), "I4.E2");
    assert_true(r->value == 4800.0 / 1180);
    assert_true(result_threshold(run, r) == 4.5);
    assert_string_equal(clause_of(result(ev, "4302030006", "I5", XX)), "I5.E1"); /* E1 and E2 hold */
    assert_string_equal(clause_of(result(ev, "4302030027", "I4", CZ)), "I4.E2"); /* E2 and E3 hold */
    assert_string_equal(clause_of(result(ev, "4302030019", "I4", XX)), "I4.E3"); /* E2's input missing */
    assert_status((Status)result(ev, "4302030038", "I4", XX)->status, ST_PASS); /* 4.499999999999999 */
    assert_status((Status)result(ev, "4302030032", "RA", CZ)->status, ST_PASS); /* 85% boundary */
    assert_true(result(ev, "4302030029", "I6", XX)->value == 2300);            /* stage's own value */
    assert_status((Status)result(ev, "4302030016", "I1", XX)->status, ST_NOT_APPLICABLE);

    assert_missing(result(ev, "4302030013", "I2", XX), MISS_ABSENT, "县级以上骨干教师数");
    assert_missing(result(ev, "4302030013", "RA", XX), MISS_INDICATOR, "I2");

    const Rollup *ra = rollup(ev, "RA");
    assert_int_equal(ra->counts[ST_PASS], 34);
    assert_int_equal(ra->counts[ST_FAIL], 7);
    assert_int_equal(ra->counts[ST_MISSING], 1);
    assert_int_equal(ra->counts[ST_PASS_EXCEPTION], 0);
    assert_int_equal(ra->counts[ST_NOT_APPLICABLE], 3);

    /* datasets/README.md: the 14 CVs to four decimals. */
    static const struct { const char *id; int stage; double cv; Status st; } cvs[] = {
        {"I1", XX, 0.0680, ST_PASS}, {"I2", XX, 0.1210, ST_MISSING}, {"I3", XX, 0.1260, ST_PASS},
        {"I4", XX, 0.1352, ST_PASS}, {"I5", XX, 0.3025, ST_PASS}, {"I6", XX, 0.2472, ST_PASS},
        {"I7", XX, 0.1555, ST_PASS}, {"I1", CZ, 0.0686, ST_PASS}, {"I2", CZ, 0.1739, ST_PASS},
        {"I3", CZ, 0.0468, ST_PASS}, {"I4", CZ, 0.0918, ST_PASS}, {"I5", CZ, 0.1367, ST_PASS},
        {"I6", CZ, 0.5498, ST_FAIL}, {"I7", CZ, 0.0820, ST_PASS},
    };
    for (size_t i = 0; i < sizeof cvs / sizeof *cvs; i++) {
        const CvResult *c = cv_result(ev, cvs[i].id, cvs[i].stage);
        if (fabs(c->value - cvs[i].cv) > 5e-5 || c->status != cvs[i].st)
            fail_msg("CV %s stage %d: %.6f %s, expected %.4f %s", cvs[i].id, cvs[i].stage, c->value,
                     status_name(c->status), cvs[i].cv, status_name(cvs[i].st));
        if (c->n != (cvs[i].stage == XX ? 29 : 13) - (cvs[i].st == ST_MISSING))
            fail_msg("CV %s stage %d over %d school-stages", cvs[i].id, cvs[i].stage, c->n);
    }
    assert_true(cv_result(ev, "I6", CZ)->limit == 0.45);
    assert_status(category(ev, "资源配置"), ST_FAIL);
    assert_status(ev->verdict, ST_FAIL);
    eval_free(ev);
    run_free(run);
    rules_free(rs);
}

/* ---- language features found missing while writing the user guide ---- */

/* Text compared with a quoted string; a parameter using one declared after
 * it; a default on a school field; a default that is an expression. */
static void texts_later_parameters_and_expression_defaults(void **state)
{
    (void)state;
    Case R;
    run(&R,
        "评估学段 小学, 初中\n"
        "字段 学校 { 学校类型 枚举(小学, 初中) 名称 文本 有方案 布尔 默认 是 }\n"
        "字段 学段 { 学段 枚举(小学, 初中, 高中) 在校生数 整数 教师数 整数 默认 在校生数 / 下限 }\n"
        "参数 两倍 = 下限 * 2\n"
        "参数 下限 = 10\n"
        "指标 T \"t\" { 对象 学校 依据 \"x\" 条件 名称 == \"甲校\" 且 有方案 }\n"
        "指标 P \"p\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 >= 两倍 }\n",
        "{'学校': [{'学校代码': '1', '学校类型': '小学', '名称': '甲校', '学段': [{'学段': '小学', '在校生数': 300}]},\n"
        "          {'学校代码': '2', '学校类型': '小学', '名称': '乙校', '有方案': false,\n"
        "           '学段': [{'学段': '小学', '在校生数': 100, '教师数': 25}]}]}\n");
    assert_status((Status)result(R.ev, "1", "T", -1)->status, ST_PASS);  /* 有方案 defaults to 是 */
    assert_status((Status)result(R.ev, "2", "T", -1)->status, ST_FAIL);
    const Result *p1 = result(R.ev, "1", "P", 0);
    assert_true(p1->value == 30);                                  /* default 300 / 10 */
    assert_true(result_threshold(R.run, p1) == 20);                       /* 两倍 = 下限 * 2 */
    assert_status((Status)result(R.ev, "2", "P", 0)->status, ST_PASS);
    done(&R);
}

/* ---- regressions: engine bugs these suites found ---- */

/* A dated parameter with one value (not per stage) read in a condition was
 * missing data: only the per-stage form was looked up. */
static void regression_dated_single_value_in_condition(void **state)
{
    (void)state;
    Case R;
    run(&R,
        "评估学段 小学\n"
        "字段 学校 { 学校类型 枚举(小学) }\n"
        "字段 学段 { 学段 枚举(小学) 最大班额 整数 }\n"
        "参数 超大班额 {\n"
        "    依据 \"x\"\n"
        "    自 2017-05-01 = 56\n"
        "    自 2030-01-01 = 50\n"
        "}\n"
        "指标 T \"t\" { 对象 学段 依据 \"x\" 条件 最大班额 < 超大班额 }\n",
        "{'学校': [{'学校代码': '1', '学校类型': '小学', '学段': [{'学段': '小学', '最大班额': 52}]}]}\n");
    assert_status((Status)result(R.ev, "1", "T", 0)->status, ST_FAIL); /* loaded at the latest date: 50 */
    on_date(&R, 20250101);
    rerun(&R, "{'学校': [{'学校代码': '1', '学校类型': '小学', '学段': [{'学段': '小学', '最大班额': 52}]}]}\n");
    assert_status((Status)result(R.ev, "1", "T", 0)->status, ST_PASS);
    on_date(&R, 20300101);
    rerun(&R, "{'学校': [{'学校代码': '1', '学校类型': '小学', '学段': [{'学段': '小学', '最大班额': 52}]}]}\n");
    assert_status((Status)result(R.ev, "1", "T", 0)->status, ST_FAIL);
    done(&R);
}

/* method.md §3: "If a stage record carries its own value of such a field,
 * that value is used as given and not apportioned. Single-stage schools take
 * the whole value." A single-stage school whose stage record carries the
 * value must use it. */
static void regression_single_stage_own_value_used_as_given(void **state)
{
    (void)state;
    Case R;
    run(&R, PRELUDE INDICATOR_A,
        "{'学校': [\n"
        " {'学校代码': 'Q', '学校类型': '小学', '学段': [{'学段': '小学', '在校生数': 1000, '面积': 5000}]},\n"
        " {'学校代码': 'S', '学校类型': '小学', '面积': 4000, '学段': [{'学段': '小学', '在校生数': 1000, '面积': 5000}]}\n"
        "]}\n");
    const Result *q = result(R.ev, "Q", "A", XX);
    assert_status((Status)q->status, ST_PASS);
    assert_true(q->value == 5);
    assert_true(result(R.ev, "S", "A", XX)->value == 5);
    done(&R);
}

/* method.md §8 / data.md: a field a rule needs and the dataset lacks makes
 * the result missing_data. A dataset without "县级" must not crash the
 * county indicators. */
static void regression_dataset_without_county_section(void **state)
{
    (void)state;
    Case R;
    run(&R, VERDICT_RULES, "{'学校': [{'学校代码': 'G1', '学校类型': '小学', '面积': 500, '学段': [{'学段': '小学', '在校生数': 100}]}]}\n");
    assert_missing(county_result(R.ev, "Q1"), MISS_ABSENT, "c1");
    assert_status(R.ev->verdict, ST_MISSING);
    done(&R);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(split_by_weighted_enrolment),
        cmocka_unit_test(stage_own_value_used_as_given),
        cmocka_unit_test(single_stage_school_takes_whole_value),
        cmocka_unit_test(relative_tolerance),
        cmocka_unit_test(exceptions_tried_in_order_first_decides),
        cmocka_unit_test(exception_with_missing_input_does_not_hold),
        cmocka_unit_test(missing_main_value_names_the_field),
        cmocka_unit_test(division_by_zero_names_the_divisor),
        cmocka_unit_test(conditional_reads_the_branch_taken),
        cmocka_unit_test(county_aggregate_over_schools),
        cmocka_unit_test(declared_record_levels),
        cmocka_unit_test(composite_named_by_its_declaration),
        cmocka_unit_test(stage_default_used_and_traced),
        cmocka_unit_test(not_applicable_via_applies),
        cmocka_unit_test(ra_aggregate_three_valued),
        cmocka_unit_test(aggregate_through_a_chain_of_definitions),
        cmocka_unit_test(cv_is_student_weighted),
        cmocka_unit_test(cv_missing_when_a_stage_lacks_the_value),
        cmocka_unit_test(composite_over_an_empty_stage_is_not_applicable),
        cmocka_unit_test(categories_and_verdict),
        cmocka_unit_test(rollup_counts),
        cmocka_unit_test(shipped_rules_on_sample_dataset),
        cmocka_unit_test(texts_later_parameters_and_expression_defaults),
        cmocka_unit_test(regression_single_stage_own_value_used_as_given),
        cmocka_unit_test(regression_dataset_without_county_section),
        cmocka_unit_test(regression_dated_single_value_in_condition),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
