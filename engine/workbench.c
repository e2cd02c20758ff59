/* workbench.c — the saved and the edited rule set side by side (see workbench.h). */
#define _GNU_SOURCE /* open_memstream */
#include "workbench.h"
#include "datastore.h"
#include "diff.h"
#include "escape.h"
#include "eval.h"
#include "explain.h"
#include "lex.h"
#include "limits.h"
#include "lint.h"
#include "report.h"
#include "ruletest.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* A checked rule set and, over the dataset, its evaluation in a run of its own. */
typedef struct Side {
    RuleSet *rs;          /* NULL: none */
    DiagList diags;       /* the check's warnings, and the binding's */
    BoundData *data;
    Run *run;
    Evaluation *ev;       /* NULL without a dataset */
    double check_ms, evaluate_ms;
} Side;

struct Workbench {
    Lang lang;            /* of its answers' texts */
    char *rules_path;     /* as given: the rule set is loaded from here */
    char *folder;         /* the real path of its folder: nothing is written outside */
    RunOptions opt;
    DataStore *data;      /* NULL without a dataset */
    Side saved;           /* the rules on disk */
    Side edited;          /* the last valid edit; rs NULL when none */
    char *undo_file;      /* the file the last save replaced, and its text then */
    char *undo_text;
    size_t undo_len;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static const char *base_of(const char *path)
{
    return strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
}

static void side_free(Side *s)
{
    if (s->ev) eval_free(s->ev);
    run_free(s->run);
    datastore_unbind(s->data);
    rules_free(s->rs);
    diag_free(&s->diags);
    memset(s, 0, sizeof *s);
}

/* The rules with file's text replaced (file NULL: as on disk), checked as
 * junheng check does: errors, the tests' errors, then the warnings. */
static RuleSet *check(const Workbench *wb, const char *file, const char *text, size_t len, DiagList *diags)
{
    RuleSet *rs = file ? rules_load_with(wb->rules_path, file, text, len, diags) : rules_load(wb->rules_path, diags);
    if (!rs) return NULL;
    if (rules_load_tests(rs, diags) || diags->errors) {
        rules_free(rs);
        return NULL;
    }
    lint_rules(rs, diags);
    return rs;
}

/* Evaluates every school of the dataset under s->rs in a run of its own,
 * then the county. -1 with a diagnostic when the run cannot be made or a
 * script fails. */
static int side_evaluate(const Workbench *wb, Side *s)
{
    if (!wb->data) return 0;
    double t0 = now_ms();
    s->data = datastore_bind(wb->data, s->rs, &s->diags);
    s->run = run_new(s->rs, &wb->opt, &s->diags);
    if (!s->run) return -1;
    s->ev = eval_begin(s->run);
    s->ev->diags = &s->diags;
    for (int i = 0; i < s->data->nschools && !s->ev->failed; i++) eval_school(s->ev, &s->data->schools[i]);
    if (!s->ev->failed) eval_finish(s->ev, s->data->county);
    s->evaluate_ms = now_ms() - t0;
    return s->ev->failed ? -1 : 0;
}

/* A side for the rules with file's text (file NULL: on disk); 0 when they
 * are valid and evaluated, else -1 with out->diags saying why. */
static int side_make(const Workbench *wb, Side *out, const char *file, const char *text, size_t len)
{
    memset(out, 0, sizeof *out);
    double t0 = now_ms();
    out->rs = check(wb, file, text, len, &out->diags);
    out->check_ms = now_ms() - t0;
    return out->rs && side_evaluate(wb, out) == 0 ? 0 : -1;
}

Workbench *wb_open(const char *rules_path, const char *dataset, const char *encoding, Lang lang, DiagList *diags)
{
    struct stat st;
    char real[PATH_MAX];
    if (stat(rules_path, &st) != 0 || !realpath(rules_path, real)) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, rules_path, errno_text(errno));
        return NULL;
    }
    Workbench *wb = xcalloc(1, sizeof *wb);
    wb->lang = lang;
    wb->rules_path = xstrdup(rules_path);
    wb->folder = xstrdup(S_ISDIR(st.st_mode) ? real : dirname(real));
    double t0 = now_ms();
    wb->saved.rs = check(wb, NULL, NULL, 0, &wb->saved.diags);
    wb->saved.check_ms = now_ms() - t0;
    if (wb->saved.rs && dataset) wb->data = datastore_read(dataset, wb->saved.rs, encoding, diags);
    if (!wb->saved.rs || (dataset && !wb->data)) {
        diag_take(diags, &wb->saved.diags);
        wb_free(wb);
        return NULL;
    }
    return wb;
}

const CountyData *wb_county(const Workbench *wb)
{
    return wb->data ? datastore_county(wb->data) : NULL;
}

int wb_start(Workbench *wb, const RunOptions *opt, DiagList *diags)
{
    wb->opt = *opt;
    if (side_evaluate(wb, &wb->saved) == 0) return 0;
    diag_take(diags, &wb->saved.diags);
    return -1;
}

void wb_free(Workbench *wb)
{
    if (!wb) return;
    side_free(&wb->edited);
    side_free(&wb->saved);
    datastore_free(wb->data);
    free(wb->rules_path);
    free(wb->folder);
    free(wb->undo_file);
    free(wb->undo_text);
    free(wb);
}

/* ---- answers ---- */

/* A message of the catalogue in lang as {"error": "…"}. */
static void error_json(FILE *out, Lang lang, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *text = msg_vformat(lang, id, ap);
    va_end(ap);
    fputs("{\"error\": ", out);
    json_string(out, text);
    fputs("}\n", out);
    free(text);
}

/* The name of one of the saved rule set's files, when name is one; else NULL. */
static const char *rule_file(const Workbench *wb, const char *name)
{
    for (int i = 0; name && i < wb->saved.rs->nfiles; i++)
        if (strcmp(base_of(wb->saved.rs->files[i].path), name) == 0) return base_of(wb->saved.rs->files[i].path);
    return NULL;
}

/* The rule file a diagnostic is about, by its name in the folder; NULL for
 * other files (tests, scripts) and none. */
static const char *diag_file(const Workbench *wb, const char *path)
{
    for (int i = 0; path && i < wb->saved.rs->nfiles; i++)
        if (strcmp(wb->saved.rs->files[i].path, path) == 0) return base_of(path);
    return NULL;
}

static void json_diags(FILE *out, const Workbench *wb, const DiagList *d)
{
    int warnings = 0;
    fputs("\"diagnostics\": [", out);
    for (int i = 0; i < d->count; i++) {
        const Diag *g = &d->items[i];
        warnings += g->severity == DIAG_WARNING;
        fprintf(out, "%s\n  {\"severity\": \"%s\", \"path\": ", i ? "," : "", g->severity == DIAG_ERROR ? "error" : "warning");
        json_string(out, g->path);
        fputs(", \"file\": ", out);
        json_string(out, diag_file(wb, g->path));
        fprintf(out, ", \"line\": %d, \"col\": %d, \"column\": ", g->line, g->col);
        json_string(out, g->column);
        fputs(", \"message\": ", out);
        char *message = diag_message(g, wb->lang);
        json_string(out, message);
        free(message);
        fputs(", \"excerpt\": ", out);
        json_string(out, g->excerpt);
        fprintf(out, ", \"caret\": %d}", g->caret_width);
    }
    fprintf(out, "],\n\"errors\": %d, \"warnings\": %d, \"dropped\": %d,\n", d->errors, warnings, d->dropped);
}

/* What the page draws the grid with: indicators, CV declarations,
 * categories and stages, in the rule set's order. */
static void json_rules(FILE *out, const RuleSet *rs)
{
    fputs("\"rules\": {\"name\": ", out);
    json_string(out, rs->name);
    fprintf(out, ", \"sha256\": \"%s\",\n \"indicators\": [", rs->sha256);
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        fputs(i ? ",\n  {\"id\": " : "\n  {\"id\": ", out);
        json_string(out, ind->id);
        fputs(", \"title\": ", out);
        json_string(out, ind->title);
        fputs(", \"category\": ", out);
        json_string(out, ind->category);
        fputs(", \"scope\": ", out);
        json_string(out, level_name(rs, ind->scope));
        fputc('}', out);
    }
    fputs("],\n \"cvs\": [", out);
    for (int i = 0; i < rs->ncvs; i++) {
        fputs(i ? ", {\"name\": " : "{\"name\": ", out);
        json_string(out, rs->cvs[i]->name);
        fputs(", \"title\": ", out);
        json_string(out, rs->cvs[i]->title);
        fputs(", \"members\": [", out);
        for (int k = 0; k < rs->cvs[i]->nindicators; k++) {
            if (k) fputs(", ", out);
            json_string(out, rs->cvs[i]->indicators[k]->id);
        }
        fputs("]}", out);
    }
    fputs("],\n \"categories\": [", out);
    for (int i = 0; i < rs->ncategories; i++) {
        fputs(i ? ", {\"name\": " : "{\"name\": ", out);
        json_string(out, rs->categories[i]->name);
        fputs(", \"title\": ", out);
        json_string(out, rs->categories[i]->title);
        fputc('}', out);
    }
    fputs("],\n \"stages\": [", out);
    for (int i = 0; i < rs->nstages; i++) {
        if (i) fputs(", ", out);
        json_string(out, stage_word(rs, rs->stages[i]));
    }
    fputs("]},\n", out);
}

/* Text another renderer wrote, as a JSON string. */
static void json_text_of(FILE *out, const char *key, const char *text)
{
    fprintf(out, "\"%s\": ", key);
    json_string(out, text ? text : "");
}

/* The evaluation as eval --format json writes it. */
static void json_result(FILE *out, const Workbench *wb, const Side *s)
{
    RunInfo info = {.lang = wb->lang};
    info.rules_name = s->rs->name;
    memcpy(info.rules_sha256, s->rs->sha256, sizeof info.rules_sha256);
    info.dataset_name = datastore_name(wb->data);
    info.dataset_path = datastore_path(wb->data);
    memcpy(info.dataset_sha256, datastore_sha256(wb->data), sizeof info.dataset_sha256);
    info.date = s->run->date;
    run_time(&info);
    fputs("\"result\": ", out);
    report_json(out, s->ev, &info, 1);
    fputs(",\n", out);
}

/* What the side changes against the saved rules, as diff says it (text and
 * JSON); the time it took. */
static double json_changes(FILE *out, const Workbench *wb, const Side *s)
{
    if (!s->ev || s == &wb->saved) {
        fputs("\"changes\": null,\n", out);
        return 0;
    }
    double t0 = now_ms();
    char *text = NULL, *json = NULL;
    size_t ntext = 0, njson = 0;
    FILE *t = open_memstream(&text, &ntext), *j = open_memstream(&json, &njson);
    int changed = diff_print(t, wb->lang, wb->saved.ev, s->ev, datastore_name(wb->data), DIFF_TEXT);
    diff_print(j, wb->lang, wb->saved.ev, s->ev, datastore_name(wb->data), DIFF_JSON);
    fclose(t);
    fclose(j);
    fprintf(out, "\"changes\": {\"changed\": %d, ", changed);
    json_text_of(out, "text", text);
    fprintf(out, ",\n \"diff\": %s},\n", json);
    free(text);
    free(json);
    return now_ms() - t0;
}

/* The rule tests of the side's rules, as junheng test prints them. */
static double json_tests(FILE *out, const Workbench *wb, const Side *s)
{
    double t0 = now_ms();
    char *text = NULL;
    size_t n = 0;
    FILE *t = open_memstream(&text, &n);
    TestSummary sum = ruletest_run(t, wb->lang, s->rs, &wb->opt);
    fclose(t);
    fprintf(out, "\"tests\": {\"passed\": %d, \"failed\": %d, \"clauses\": %d, \"covered\": %d, ", sum.passed, sum.failed,
            sum.clauses, sum.covered);
    json_text_of(out, "text", text);
    fputs("},\n", out);
    free(text);
    return now_ms() - t0;
}

/* The state of a side (s NULL: the rules are invalid, diags say why):
 * diagnostics and, when valid, rules, result, changes, tests and timings. */
static void json_state(FILE *out, const Workbench *wb, const char *file, const Side *s, const DiagList *diags,
                       double check_ms)
{
    fputs("{\"file\": ", out);
    json_string(out, file);
    fprintf(out, ", \"valid\": %s,\n", s ? "true" : "false");
    json_diags(out, wb, diags);
    double compare_ms = 0, tests_ms = 0;
    if (s) {
        json_rules(out, s->rs);
        if (s->ev) json_result(out, wb, s);
        else fputs("\"result\": null,\n", out);
        compare_ms = json_changes(out, wb, s);
        tests_ms = json_tests(out, wb, s);
    }
    fprintf(out, "\"timings\": {\"check_ms\": %.1f, \"evaluate_ms\": %.1f, \"compare_ms\": %.1f, \"tests_ms\": %.1f, \"schools\": %d}}\n",
            check_ms, s ? s->evaluate_ms : 0, compare_ms, tests_ms, wb->data ? datastore_nschools(wb->data) : 0);
}

void wb_session(FILE *out, Workbench *wb)
{
    const RuleSet *rs = wb->saved.rs;
    fputs("{\"rules\": {\"name\": ", out);
    json_string(out, rs->name);
    fputs(", \"path\": ", out);
    json_string(out, wb->rules_path);
    fputs(", \"folder\": ", out);
    json_string(out, wb->folder);
    fputs(", \"files\": [", out);
    for (int i = 0; i < rs->nfiles; i++) {
        fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", out);
        json_string(out, base_of(rs->files[i].path));
        fputs(", \"text\": ", out);
        json_string(out, rs->files[i].text);
        fputc('}', out);
    }
    fputs("]},\n\"dataset\": ", out);
    if (wb->data) {
        fputs("{\"name\": ", out);
        json_string(out, datastore_name(wb->data));
        fputs(", \"path\": ", out);
        json_string(out, datastore_path(wb->data));
        fprintf(out, ", \"schools\": %d}", datastore_nschools(wb->data));
    } else {
        fputs("null", out);
    }
    /* The keywords as the lexer knows them: the page highlights these. */
    static const char *const keywords[][2] = {
#define KW_ROW(tok, zh, en) {zh, en},
        KEYWORD_TABLE(KW_ROW)
#undef KW_ROW
    };
    fputs(",\n\"keywords\": [", out);
    for (size_t i = 0; i < sizeof keywords / sizeof *keywords; i++)
        fprintf(out, "%s[\"%s\", \"%s\"]", i ? ", " : "", keywords[i][0], keywords[i][1]);
    fputs("],\n\"statuses\": [", out);
    for (Status st = ST_PASS; st < ST_COUNT; st++) {
        fprintf(out, "%s{\"code\": \"%s\", \"word\": ", st ? ", " : "", status_name(st));
        json_string(out, status_word(wb->lang, st));
        fprintf(out, ", \"colour\": \"#%06X\"}", status_colour(st));
    }
    fputs("],\n\"verdicts\": {", out);
    static const Status verdicts[] = {ST_PASS, ST_FAIL, ST_MISSING};
    for (int i = 0; i < 3; i++) {
        fprintf(out, "%s\"%s\": ", i ? ", " : "", verdict_code(verdicts[i]));
        json_string(out, verdict_word(wb->lang, verdicts[i]));
    }
    fprintf(out, "},\n\"limits\": {\"body_bytes\": %u},\n\"saved\": ", JH_MAX_RULE_FILE_BYTES);
    json_state(out, wb, NULL, &wb->saved, &wb->saved.diags, wb->saved.check_ms);
    fputs("}\n", out);
}

WbStatus wb_edit(FILE *out, Workbench *wb, const char *file, const char *text, size_t len)
{
    if (!rule_file(wb, file)) {
        error_json(out, wb->lang, MSG_SERVE_NOT_RULE_FILE, file ? file : "");
        return WB_NOT_FOUND;
    }
    Side s;
    if (side_make(wb, &s, file, text, len) != 0) {
        json_state(out, wb, file, NULL, &s.diags, s.check_ms);
        side_free(&s);
        return WB_OK;
    }
    side_free(&wb->edited);
    wb->edited = s;
    json_state(out, wb, file, &wb->edited, &wb->edited.diags, wb->edited.check_ms);
    return WB_OK;
}

/* The stage word of a stage's name; -1 for NULL or none of the rules'. */
static int stage_index(const RuleSet *rs, const char *stage)
{
    for (int i = 0; stage && i < rs->nstages; i++)
        if (strcmp(stage_word(rs, rs->stages[i]), stage) == 0) return rs->stages[i];
    return -1;
}

WbStatus wb_explain(FILE *out, Workbench *wb, int saved, const char *code, const char *id, const char *stage)
{
    const Side *s = wb->edited.rs && !saved ? &wb->edited : &wb->saved;
    if (!s->ev) {
        fputs(msg(wb->lang, MSG_CLI_NO_DATASET), out);
        return WB_NOT_FOUND;
    }
    const RuleSet *rs = s->rs;
    const Indicator *ind = id ? rules_indicator(rs, id) : NULL;
    const CvDecl *cv = NULL;
    for (int i = 0; id && !ind && i < rs->ncvs; i++)
        if (strcmp(rs->cvs[i]->name, id) == 0) cv = rs->cvs[i];
    int st = stage_index(rs, stage);
    if ((id && !ind && !cv) || (stage && st < 0) || (!code && !id)) {
        msg_print(out, wb->lang, MSG_CLI_NOTHING_TO_EXPLAIN, code ? code : "*", id ? id : "*", stage ? stage : "*");
        return WB_NOT_FOUND;
    }
    const char *county = datastore_name(wb->data);
    if (!code) { /* the county's: as explain --indicator without --school */
        if (cv) {
            report_cv(out, wb->lang, s->ev, cv, county);
        } else if (ind->scope == LV_COUNTY) {
            TraceSet t;
            eval_trace_county(s->ev, s->data->county, &t);
            explain_county(out, wb->lang, county, &t, ind->id);
            eval_trace_free(&t);
        } else {
            report_rollup(out, wb->lang, s->ev, ind, county);
        }
        return WB_OK;
    }
    const SchoolData *school = NULL;
    for (int i = 0; !school && i < s->data->nschools; i++)
        if (strcmp(s->data->schools[i].code, code) == 0) school = &s->data->schools[i];
    if (!school || cv) {
        msg_print(out, wb->lang, school ? MSG_CLI_CV_OF_COUNTY : MSG_CLI_SCHOOL_NOT_FOUND, school ? id : code);
        return WB_NOT_FOUND;
    }
    TraceSet t;
    eval_trace_school(s->run, school, &t);
    ExplainQuery q = {id, st, wb->lang};
    int n = explain_school(out, school, datastore_path(wb->data), &t, &q);
    eval_trace_free(&t);
    if (n == 0) msg_print(out, wb->lang, MSG_CLI_NOTHING_TO_EXPLAIN, code, id ? id : "*", stage ? stage : "*");
    return n ? WB_OK : WB_NOT_FOUND;
}

/* ---- saving ---- */

/* Writes text as file in the rule folder: into a new temporary file there,
 * then renamed onto it, so that a reader sees the old or the new text,
 * never half. Refuses a link (it could lead anywhere) and anything but a
 * regular file, and a file that is no longer what the saved rules were
 * read from (another program changed it). *old gets the replaced text. */
static WbStatus write_rule_file(FILE *out, const Workbench *wb, const char *file, const char *text, size_t len, char **old,
                                size_t *old_len)
{
    int dir = open(wb->folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        error_json(out, wb->lang, MSG_IO_WRITE, wb->folder, errno_text(errno));
        return WB_FAILED;
    }
    WbStatus status = WB_OK;
    struct stat st;
    char shown[PATH_MAX];
    snprintf(shown, sizeof shown, "%s/%s", wb->folder, file);
    if (fstatat(dir, file, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        error_json(out, wb->lang, MSG_IO_READ, shown, errno_text(errno));
        status = WB_FAILED;
    } else if (S_ISLNK(st.st_mode)) {
        char target[PATH_MAX] = "";
        ssize_t n = readlinkat(dir, file, target, sizeof target - 1);
        target[n > 0 ? n : 0] = '\0';
        error_json(out, wb->lang, MSG_SERVE_LINK, file, target);
        status = WB_REFUSED;
    } else if (!S_ISREG(st.st_mode)) {
        error_json(out, wb->lang, MSG_SERVE_NOT_REGULAR, file);
        status = WB_REFUSED;
    }
    if (status != WB_OK) {
        close(dir);
        return status;
    }
    /* What is on disk must still be what the saved rules were read from. */
    Source now = {0};
    const Source *was = NULL;
    for (int i = 0; i < wb->saved.rs->nfiles; i++)
        if (strcmp(base_of(wb->saved.rs->files[i].path), file) == 0) was = &wb->saved.rs->files[i];
    if (source_read(&now, shown, JH_MAX_RULE_FILE_BYTES) != 0 || now.len != was->len || memcmp(now.text, was->text, now.len) != 0) {
        source_free(&now);
        close(dir);
        error_json(out, wb->lang, MSG_SERVE_CHANGED_ON_DISK, file);
        return WB_CONFLICT;
    }
    char tmp[256];
    snprintf(tmp, sizeof tmp, ".%.200s.junheng-%ld", file, (long)getpid());
    int fd = openat(dir, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
    int ok = fd >= 0;
    for (size_t done = 0; ok && done < len;) {
        ssize_t n = write(fd, text + done, len - done);
        if (n < 0 && errno == EINTR) continue;
        ok = n > 0;
        if (ok) done += (size_t)n;
    }
    if (ok) ok = fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0) ok = 0;
    if (ok) ok = renameat(dir, tmp, dir, file) == 0;
    if (!ok) {
        int err = errno;
        if (fd >= 0) unlinkat(dir, tmp, 0);
        error_json(out, wb->lang, MSG_IO_WRITE, shown, errno_text(err));
        source_free(&now);
        close(dir);
        return WB_FAILED;
    }
    fsync(dir); /* the rename itself, on disk */
    close(dir);
    *old = now.text;
    *old_len = now.len;
    free(now.path);
    return WB_OK;
}

/* Saves text as file when the rules are valid with it; what the save
 * replaced becomes the undo. */
static WbStatus save(FILE *out, Workbench *wb, const char *file, const char *text, size_t len, const char *done_key)
{
    if (!rule_file(wb, file)) {
        error_json(out, wb->lang, MSG_SERVE_NOT_RULE_FILE, file ? file : "");
        return WB_NOT_FOUND;
    }
    file = rule_file(wb, file); /* the saved rule set's copy: the caller's may be freed below */
    Side s;
    if (side_make(wb, &s, file, text, len) != 0) {
        char *message = msg_format(wb->lang, MSG_SERVE_NOT_SAVED, s.diags.errors);
        fputs("{\"error\": ", out);
        json_string(out, message);
        free(message);
        fputs(", \"state\": ", out);
        json_state(out, wb, file, NULL, &s.diags, s.check_ms);
        fputs("}\n", out);
        side_free(&s);
        return WB_INVALID;
    }
    char *old = NULL;
    size_t old_len = 0;
    WbStatus status = write_rule_file(out, wb, file, text, len, &old, &old_len);
    if (status != WB_OK) {
        side_free(&s);
        return status;
    }
    char *name = xstrdup(file);
    free(wb->undo_file);
    free(wb->undo_text);
    wb->undo_file = name;
    wb->undo_text = old;
    wb->undo_len = old_len;
    side_free(&wb->edited);
    side_free(&wb->saved);
    wb->saved = s;
    fprintf(out, "{\"%s\": ", done_key);
    json_string(out, name);
    fputs(", \"text\": ", out);
    for (int i = 0; i < wb->saved.rs->nfiles; i++)
        if (strcmp(base_of(wb->saved.rs->files[i].path), name) == 0) json_string(out, wb->saved.rs->files[i].text);
    fputs(", \"state\": ", out);
    json_state(out, wb, name, &wb->saved, &wb->saved.diags, wb->saved.check_ms);
    fputs("}\n", out);
    return WB_OK;
}

WbStatus wb_save(FILE *out, Workbench *wb, const char *file, const char *text, size_t len)
{
    return save(out, wb, file, text, len, "saved");
}

WbStatus wb_undo(FILE *out, Workbench *wb)
{
    if (!wb->undo_file) {
        error_json(out, wb->lang, MSG_SERVE_NOTHING_TO_UNDO);
        return WB_CONFLICT;
    }
    char *file = wb->undo_file, *text = wb->undo_text;
    size_t len = wb->undo_len;
    wb->undo_file = wb->undo_text = NULL;
    WbStatus status = save(out, wb, file, text, len, "undone");
    if (status == WB_OK) { /* one undo: what it replaced is not kept */
        free(wb->undo_file);
        free(wb->undo_text);
        wb->undo_file = wb->undo_text = NULL;
        free(file);
        free(text);
    } else { /* still there to undo later */
        wb->undo_file = file;
        wb->undo_text = text;
        wb->undo_len = len;
    }
    return status;
}
