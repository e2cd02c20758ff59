/* test_pool.c — parallel evaluation (pool.h): whatever the number of
 * threads, the evaluation is the same to the last bit (results in input
 * order, the CVs summed in the same order, the clause values, the
 * roll-ups); a script that fails is reported for the first failing school
 * in input order; schools are visited in input order while their data
 * lives. */
#include "support.h"
#include "pool.h"
#include "arena.h"
#include "jsonload.h"
#include <math.h>
#include <pthread.h>

/* Rules with a split field, an exception, a CV, a script and county
 * aggregates over schools (every school decides M's), so that every part of
 * an evaluation is exercised. */
#define RULES \
    PRELUDE \
    "指标 A \"生均面积\" {\n" \
    "    依据 \"测试\" 对象 学段\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 小学 >= 4.5, 初中 >= 5.8\n" \
    "    例外 E1 \"有方案\" { 依据 \"测试\" 条件 有方案 值 = 面积 / (在校生数 - 100) }\n" \
    "}\n" \
    "指标 B \"教师\" { 依据 \"测试\" 对象 学段 值 = 倍数(教师数) / 在校生数 标准 >= 0.05 }\n" \
    "指标 K \"有方案学校\" {\n" \
    "    依据 \"测试\" 对象 县级\n" \
    "    值 = 求和(学校 其中 有方案 : 面积 / 求和(学段 : 在校生数))\n" \
    "    标准 >= 1\n" \
    "    条件 全部(学校 其中 有方案 : 面积 > 900)\n" \
    "}\n" \
    "指标 M \"有校舍\" { 依据 \"测试\" 对象 县级 条件 任一(学校 : 面积 > 0) }\n" \
    "差异系数 CV \"差异\" { 依据 \"测试\" 指标 A, B 加权 在校生数 限值 小学 <= 0.5, 初中 <= 0.45 }\n" \
    "类别 资源 \"资源\" { 依据 \"测试\" 包含 A, B, CV }\n"

#define SCRIPT "_ENV['倍数'] = function (n) if n == 13 then error('十三') end return n * 1.5 end\n"

static void write_dataset(const char *path, int schools, int failing_teachers_at)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("{\"学校\": [\n", f);
    for (int i = 0; i < schools; i++) {
        int teachers = i == failing_teachers_at ? 13 : 20 + i % 17;
        if (i % 5 == 0) /* an integrated school: shared area split between its stages */
            fprintf(f, "%s{\"学校代码\": \"S%04d\", \"学校类型\": \"九年一贯制\", \"面积\": %d, \"有方案\": %s, \"学段\": ["
                       "{\"学段\": \"小学\", \"在校生数\": %d, \"教师数\": %d}, {\"学段\": \"初中\", \"在校生数\": %d, \"教师数\": %d}]}\n",
                    i ? "," : "", i, 1800 + 37 * i, i % 3 ? "false" : "true", 300 + i % 101, teachers, 200 + i % 53,
                    teachers + 1);
        else
            fprintf(f, "%s{\"学校代码\": \"S%04d\", \"学校类型\": \"小学\", \"面积\": %d, \"有方案\": %s, \"学段\": ["
                       "{\"学段\": \"小学\", \"在校生数\": %d, \"教师数\": %d}]}\n",
                    i ? "," : "", i, 900 + 29 * i, i % 4 ? "false" : "true", 250 + i % 211, teachers);
    }
    fputs("]}\n", f);
    fclose(f);
}

typedef struct Visits {
    char codes[1024][8];
    int count;
} Visits;

static void visit(void *ctx, const SchoolData *school)
{
    Visits *v = ctx;
    if (v->count < 1024) snprintf(v->codes[v->count++], sizeof v->codes[0], "%s", school->code);
}

/* Streaming: each school's code and its results' statuses, after a comma
 * unless it is the dataset's first. */
static void list_schools(FILE *out, const Evaluation *part, int leading, const void *ctx)
{
    (void)ctx;
    for (int i = 0; i < part->nschools; i++) {
        const SchoolResults *s = &part->schools[i];
        fprintf(out, "%s%s:", leading && i == 0 ? "" : ",", s->code);
        for (int k = 0; k < s->count; k++) fprintf(out, "%d", part->results[s->first + k].status);
    }
}

/* Evaluates path on jobs threads, streaming the schools to stream unless
 * it is NULL; *diags gets what was reported. */
static Evaluation *evaluate_to(const RuleSet *rs, const char *path, int jobs, Visits *visits, char **diags,
                               FILE *stream, BatchFormatter format)
{
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open(path, rs, &d, 0);
    assert_non_null(r);
    RunOptions opt = {20251231, 0, 0, 0};
    Run *run = run_new(rs, &opt, &d);
    assert_non_null(run);
    Evaluation *ev = eval_begin(run);
    ev->diags = &d;
    Pool *p = pool_new(ev, jobs, visits ? visit : NULL, visits, &d);
    assert_non_null(p);
    if (stream) pool_stream(p, stream, format, NULL);
    for (;;) {
        Arena *a;
        SchoolData *s = pool_slot(p, &a);
        int got = jload_next(r, s, a);
        assert_true(got >= 0);
        if (got == 0) break;
        pool_submit(p);
    }
    pool_finish(p);
    pool_free(p);
    if (!ev->failed) eval_finish(ev, jload_county(r));
    jload_close(r);
    *diags = render(&d);
    diag_free(&d);
    return ev;
}

static Evaluation *evaluate(const RuleSet *rs, const char *path, int jobs, Visits *visits, char **diags)
{
    return evaluate_to(rs, path, jobs, visits, diags, NULL, NULL);
}

static void discard(Evaluation *ev)
{
    Run *run = ev->run;
    eval_free(ev);
    run_free(run);
}

static RuleSet *load(void)
{
    write_file("t.jh", RULES);
    write_file("t.lua", SCRIPT);
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load(".", &d);
    if (!rs) fail_msg("rules did not load:\n%s", render(&d));
    diag_free(&d);
    return rs;
}

static void same_evaluation(const Evaluation *a, const Evaluation *b)
{
    assert_int_equal(a->nschools, b->nschools);
    for (int i = 0; i < a->nschools; i++) {
        assert_string_equal(a->schools[i].code, b->schools[i].code);
        assert_int_equal(a->schools[i].first, b->schools[i].first);
        assert_int_equal(a->schools[i].count, b->schools[i].count);
    }
    assert_int_equal(a->nresults, b->nresults);
    assert_memory_equal(a->results, b->results, (size_t)a->nresults * sizeof *a->results);
    assert_int_equal(a->nclause_values, b->nclause_values);
    for (int i = 0; i < a->nclause_values; i++) {
        assert_int_equal(a->clause_values[i].result, b->clause_values[i].result);
        assert_memory_equal(&a->clause_values[i].value, &b->clause_values[i].value, sizeof(double));
    }
    assert_int_equal(a->ncvs, b->ncvs);
    for (int k = 0; k < a->ncvs; k++) {
        assert_int_equal(a->cvs[k].n, b->cvs[k].n);
        assert_memory_equal(&a->cvs[k].value, &b->cvs[k].value, sizeof(double)); /* bit for bit */
        assert_int_equal(a->cvs[k].status, b->cvs[k].status);
    }
    assert_int_equal(a->ncounty_results, b->ncounty_results); /* K: a sum over schools, in input order */
    assert_memory_equal(a->county_results, b->county_results, (size_t)a->ncounty_results * sizeof *a->county_results);
    for (int i = 0; i < a->nrollups; i++)
        assert_memory_equal(a->rollups[i].counts, b->rollups[i].counts, sizeof a->rollups[i].counts);
    assert_int_equal(a->verdict, b->verdict);
}

/* A district's few schools (evaluated before any worker starts) and a
 * dataset of many batches. */
static void any_number_of_threads_gives_the_same_evaluation(void **state)
{
    (void)state;
    RuleSet *rs = load();
    const int sizes[] = {40, 3 * POOL_BATCH_SCHOOLS + 17}; /* one batch; the workers' too */
    for (int z = 0; z < 2; z++) {
        write_dataset("d.json", sizes[z], -1);
        char *shown;
        Visits *one = calloc(1, sizeof *one);
        Evaluation *serial = evaluate(rs, "d.json", 1, one, &shown);
        assert_string_equal(shown, "");
        free(shown);
        assert_int_equal(serial->nschools, sizes[z]);
        assert_int_equal(one->count, sizes[z]);
        assert_true(serial->nclause_values > 0); /* E1 decided some */
        for (int jobs = 2; jobs <= 5; jobs += 3) {
            Visits *many = calloc(1, sizeof *many);
            Evaluation *parallel = evaluate(rs, "d.json", jobs, many, &shown);
            assert_string_equal(shown, "");
            free(shown);
            same_evaluation(serial, parallel);
            assert_memory_equal(one->codes, many->codes, sizeof one->codes); /* visited in input order */
            discard(parallel);
            free(many);
        }
        discard(serial);
        free(one);
    }
    rules_free(rs);
}

/* The main test of county indicator id in t. */
static const PartTrace *county_test(const TraceSet *t, const char *id)
{
    for (int i = 0; i < t->count; i++)
        if (strcmp(result_indicator(t->run->rs, &t->items[i].result)->id, id) == 0) return &t->items[i].main;
    fail_msg("no trace of %s", id);
    return NULL;
}

/* Schools' parts of a county aggregate are folded as batches are absorbed,
 * keeping only the schools an explanation names: it names the same ones
 * (the first that decide it, and how many more) as for schools evaluated
 * into the evaluation itself, whose parts are folded when it is read. */
static void a_folded_aggregate_names_the_same_schools(void **state)
{
    (void)state;
    RuleSet *rs = load();
    write_dataset("d.json", 3 * POOL_BATCH_SCHOOLS + 17, -1);
    char *shown;
    Evaluation *pooled = evaluate(rs, "d.json", 2, NULL, &shown);
    assert_string_equal(shown, "");
    free(shown);
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("d.json", rs, &d, 0);
    assert_non_null(r);
    RunOptions opt = {20251231, 0, 0, 0};
    Run *run = run_new(rs, &opt, &d);
    assert_non_null(run);
    Evaluation *direct = eval_begin(run);
    direct->diags = &d;
    Arena a;
    arena_init(&a, 64 * 1024);
    SchoolData school;
    for (;;) {
        memset(&school, 0, sizeof school);
        if (jload_next(r, &school, &a) != 1) break;
        eval_school(direct, &school);
        arena_reset(&a);
    }
    TraceSet folded, pending;
    eval_trace_county(pooled, jload_county(r), &folded);
    eval_trace_county(direct, jload_county(r), &pending); /* not finished: its parts are pending */
    const PartTrace *f = county_test(&folded, "M"), *p = county_test(&pending, "M");
    assert_int_equal(f->nschools, TRACE_MAX_INPUTS);
    assert_int_equal(f->more_schools, 3 * POOL_BATCH_SCHOOLS + 17 - TRACE_MAX_INPUTS);
    assert_int_equal(p->nschools, TRACE_MAX_INPUTS);
    assert_int_equal(p->more_schools, 3 * POOL_BATCH_SCHOOLS + 17 - TRACE_MAX_INPUTS);
    for (int i = 0; i < TRACE_MAX_INPUTS; i++) {
        char code[16];
        snprintf(code, sizeof code, "S%04d", i);
        assert_string_equal(f->schools[i].code, code);
        assert_string_equal(p->schools[i].code, code);
        assert_int_equal(f->schools[i].missing.why, MISS_NONE);
        assert_int_equal(p->schools[i].missing.why, MISS_NONE);
    }
    eval_trace_free(&folded);
    eval_trace_free(&pending);
    arena_free(&a);
    jload_close(r);
    diag_free(&d);
    discard(direct);
    discard(pooled);
    rules_free(rs);
}

/* The schools of serial, listed as the streamed output lists them. */
static char *listed(const Evaluation *serial)
{
    char *text = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    list_schools(f, serial, 1, NULL);
    fclose(f);
    return text;
}

/* Evaluates d.json on jobs threads, streaming its schools through format:
 * *text gets what was written, *diags what was reported. */
static Evaluation *evaluate_streamed(const RuleSet *rs, int jobs, BatchFormatter format, char **text, char **diags)
{
    size_t n = 0;
    *text = NULL;
    FILE *f = open_memstream(text, &n);
    Evaluation *ev = evaluate_to(rs, "d.json", jobs, NULL, diags, f, format);
    fclose(f);
    return ev;
}

/* The script fails on one school only: every thread count reports that
 * school, once, and the evaluation is marked failed; in the first batch
 * (evaluated before the workers start) as in a worker's. Streamed, the
 * schools of the batches before are written, in order, and nothing from
 * the failed batch on. */
static void a_script_failure_is_the_first_in_input_order(void **state)
{
    (void)state;
    RuleSet *rs = load();
    const int failing[] = {5, 2 * POOL_BATCH_SCHOOLS + 11};
    for (int f = 0; f < 2; f++) {
        write_dataset("d.json", 3 * POOL_BATCH_SCHOOLS, failing[f]);
        char expected[160];
        snprintf(expected, sizeof expected, "./t.lua:1: 错误: Lua 脚本出错：十三（函数 倍数，规则 B，学校 S%04d 小学）\n",
                 failing[f]);
        for (int jobs = 1; jobs <= 4; jobs++) {
            char *shown, *text, last_written[16], first_left_out[16];
            Evaluation *ev = evaluate_streamed(rs, jobs, list_schools, &text, &shown);
            assert_true(ev->failed);
            assert_string_equal(shown, expected);
            int batch_start = failing[f] / POOL_BATCH_SCHOOLS * POOL_BATCH_SCHOOLS;
            snprintf(last_written, sizeof last_written, "S%04d:", batch_start - 1);
            snprintf(first_left_out, sizeof first_left_out, "S%04d:", batch_start);
            if (batch_start) assert_non_null(strstr(text, last_written));
            else assert_string_equal(text, "");
            assert_null(strstr(text, first_left_out));
            free(text);
            free(shown);
            discard(ev);
        }
    }
    rules_free(rs);
}

/* A streamed batch whose formatting runs out of memory on its worker
 * (S0768's) is formatted in its place by the caller's thread. */
static pthread_t caller;

static void starving_schools(FILE *out, const Evaluation *part, int leading, const void *ctx)
{
    if (part->nschools && strcmp(part->schools[0].code, "S0768") == 0 && !pthread_equal(pthread_self(), caller)) {
        alloc_fail_after(1); /* on a worker thread: its next allocation fails */
        free(xmalloc(16));
    }
    list_schools(out, part, leading, ctx);
}

/* Streamed, the schools are written in input order as their batches are
 * absorbed, whoever writes them (the caller's thread with one job, the
 * workers with more, the caller again for a batch a worker had no memory
 * to format), and the evaluation keeps none of their results but counts
 * them: its county results, CVs and verdict are the same. */
static void streamed_schools_come_out_in_order_and_are_not_kept(void **state)
{
    (void)state;
    RuleSet *rs = load();
    write_dataset("d.json", 5 * POOL_BATCH_SCHOOLS + 3, -1);
    char *shown, *text;
    Evaluation *serial = evaluate(rs, "d.json", 1, NULL, &shown);
    free(shown);
    char *expected = listed(serial);
    caller = pthread_self();
    const struct {
        int jobs;
        BatchFormatter format;
    } runs[] = {{1, list_schools}, {3, list_schools}, {5, list_schools}, {3, starving_schools}};
    for (size_t i = 0; i < sizeof runs / sizeof *runs; i++) {
        Evaluation *streamed = evaluate_streamed(rs, runs[i].jobs, runs[i].format, &text, &shown);
        assert_string_equal(shown, "");
        free(shown);
        assert_string_equal(text, expected);
        assert_true(streamed->written_out);
        assert_null(streamed->results);
        assert_int_equal(streamed->nresults, serial->nresults);
        assert_int_equal(streamed->nclause_values, 0);
        assert_int_equal(streamed->nschools, serial->nschools);
        assert_string_equal(streamed->schools[serial->nschools - 1].code, serial->schools[serial->nschools - 1].code);
        assert_int_equal(streamed->schools[0].count, 0);
        assert_int_equal(streamed->ncounty_results, serial->ncounty_results);
        assert_memory_equal(streamed->county_results, serial->county_results,
                            (size_t)serial->ncounty_results * sizeof *serial->county_results);
        for (int k = 0; k < serial->ncvs; k++) assert_memory_equal(&streamed->cvs[k].value, &serial->cvs[k].value, sizeof(double));
        assert_int_equal(streamed->verdict, serial->verdict);
        discard(streamed);
        free(text);
    }
    free(expected);
    discard(serial);
    rules_free(rs);
}

static void numbers(FILE *out, int first, int last, const void *ctx)
{
    const char *sep = ctx;
    for (int i = first; i < last; i++) fprintf(out, "%s%d", i ? sep : "", i * 7919 % 10007);
}

/* Chunks formatted on several threads come out in order, as one job writes them. */
static void ordered_output_is_the_same_on_any_number_of_threads(void **state)
{
    (void)state;
    char *serial = NULL, *parallel = NULL;
    size_t ns = 0, np = 0;
    FILE *a = open_memstream(&serial, &ns);
    assert_int_equal(pool_write(a, 10000, 7, numbers, ", ", 1), 0);
    fclose(a);
    for (int jobs = 2; jobs <= 4; jobs++) {
        FILE *b = open_memstream(&parallel, &np);
        assert_int_equal(pool_write(b, 10000, 7, numbers, ", ", jobs), 0);
        fclose(b);
        assert_int_equal(np, ns);
        assert_memory_equal(parallel, serial, ns);
        free(parallel);
        parallel = NULL;
    }
    assert_true(ns > 40000);
    free(serial);
}

/* A chunk whose formatting runs out of memory on its thread is formatted
 * again in its place by the caller's thread: nothing is lost or reordered. */

static void starving(FILE *out, int first, int last, const void *ctx)
{
    (void)ctx;
    if (first == 70 && !pthread_equal(pthread_self(), caller)) { /* on a worker thread: its next allocation fails */
        alloc_fail_after(1);
        free(xmalloc(16));
    }
    numbers(out, first, last, ", ");
}

static void a_chunk_out_of_memory_is_written_in_place(void **state)
{
    (void)state;
    char *serial = NULL, *parallel = NULL;
    size_t ns = 0, np = 0;
    FILE *a = open_memstream(&serial, &ns);
    pool_write(a, 1000, 7, numbers, ", ", 1);
    fclose(a);
    caller = pthread_self();
    AllocGuard guard; /* the caller formats the starved chunk itself: a failure there would land here */
    alloc_guard_push(&guard);
    if (setjmp(guard.env) != 0) fail_msg("the caller's thread ran out of memory");
    FILE *b = open_memstream(&parallel, &np);
    assert_int_equal(pool_write(b, 1000, 7, starving, NULL, 3), -1);
    fclose(b);
    alloc_guard_pop(&guard);
    assert_int_equal(np, ns);
    assert_memory_equal(parallel, serial, ns);
    free(serial);
    free(parallel);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(any_number_of_threads_gives_the_same_evaluation),
        cmocka_unit_test(a_script_failure_is_the_first_in_input_order),
        cmocka_unit_test(a_folded_aggregate_names_the_same_schools),
        cmocka_unit_test(streamed_schools_come_out_in_order_and_are_not_kept),
        cmocka_unit_test(ordered_output_is_the_same_on_any_number_of_threads),
        cmocka_unit_test(a_chunk_out_of_memory_is_written_in_place),
    };
    enter_temp_dir();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
