/* main.c — the junheng command line: the only part of the engine that
 * prints. Exit status: 0 ran, 1 invalid rules or dataset (or an output
 * that could not be written), 2 usage error, 3 out of memory. */
#include "diag.h"
#include "excel.h"
#include "dictionary.h"
#include "diff.h"
#include "audit.h"
#include "gaps.h"
#include "workbook.h"
#include "template.h"
#include "html.h"
#include "tables.h"
#include "values.h"
#include "lint.h"
#include "limits.h"
#include "pool.h"
#include "eval.h"
#include "escape.h"
#include "explain.h"
#include "output.h"
#include "reader.h"
#include "report.h"
#include "ruletest.h"
#include "rules.h"
#include "limits.h"
#include "serve.h"
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_RAN = 0, EXIT_INVALID = 1, EXIT_USAGE = 2, EXIT_OUT_OF_MEMORY = 3 };

typedef struct Options {
    const char *command;
    const char *dataset;
    const char *dataset2;         /* diff: the newer dataset */
    const char *with_rules;       /* diff: the proposed rules */
    const char *rules;
    const char *format;
    const char *output;
    const char *school;
    const char *indicator;
    const char *stage;
    const char *as_of;
    const char *encoding;
    const char *lua_instructions, *lua_memory, *lua_seconds;
    const char *jobs_text;
    const char *port;             /* serve */
    const char *table;            /* tables: Ⅱ-2 or Ⅲ */
    int jobs;                     /* worker threads (--jobs), default the processors online */
    double lua_budget[3];         /* the three, parsed: instructions, MiB, seconds; 0 not given */
    int stats;
    int strict;                   /* --strict: the dataset's warnings are errors */
    int help;
    Lang lang;                    /* --lang: of every text for people */
} Options;

/* The message is escaped (escape.h): it echoes what was typed. */
static int usage_error(Lang lang, MsgId id, ...)
{
    fprintf(stderr, "junheng: %s: ", msg(lang, MSG_SEV_ERROR));
    va_list ap;
    va_start(ap, id);
    msg_vprint(stderr, lang, 1, id, ap);
    va_end(ap);
    fputs(msg(lang, MSG_CLI_SEE_HELP), stderr);
    return EXIT_USAGE;
}

/* --lang: the language of every text for people, zh unless given. Read
 * before anything else, so that every message is in it; returns the index
 * in argv of a value that is neither zh nor en (*lang then as the --lang
 * before it gave), else 0. */
static int language(int argc, char **argv, Lang *lang)
{
    *lang = LANG_ZH;
    for (int i = 1; i + 1 < argc; i++) {
        if (strcmp(argv[i], "--lang") != 0) continue;
        if (strcmp(argv[i + 1], "en") == 0) *lang = LANG_EN;
        else if (strcmp(argv[i + 1], "zh") == 0) *lang = LANG_ZH;
        else return i + 1;
    }
    return 0;
}

/* Whether word is one of the space-separated words of list. */
static int listed(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0')) return 1;
    return 0;
}

/* A numeric option's value, parsed strictly: the whole text is digits (and
 * for a non-integer one decimal point), the number above 0 and at most
 * max. Returns -1 when fine, else the usage error's status. */
static int numeric_option(Lang lang, const char *name, const char *text, int integer, long max, double *value)
{
    const char *p = text;
    int digits = 0, points = 0;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') digits++;
        else if (*p != '.' || integer || points++) break;
    }
    double v = digits && !*p ? strtod(text, NULL) : 0; /* digits only: finite or HUGE_VAL */
    if (v > 0 && v <= (double)max) {
        *value = v;
        return -1;
    }
    return integer ? usage_error(lang, MSG_CLI_BAD_INTEGER, name, text, 1L, max)
                   : usage_error(lang, MSG_CLI_BAD_NUMBER, name, text, max);
}

/* Every command, in the order the main help lists them. */
static const char *const COMMANDS[] = {"eval", "explain", "fields", "check", "test", "diff", "audit", "gaps", "tables", "template", "serve"};
#define NCOMMANDS (int)(sizeof COMMANDS / sizeof *COMMANDS)

/* Edits from a to b, a swap of two neighbours counting as one (optimal
 * string alignment): --fromat is one edit from --format. */
static size_t edits(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64) return (size_t)-1;
    size_t d[65][65];
    for (size_t i = 0; i <= n; i++) d[i][0] = i;
    for (size_t j = 0; j <= m; j++) d[0][j] = j;
    for (size_t i = 1; i <= n; i++)
        for (size_t j = 1; j <= m; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best) best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best) best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

/* The candidate a mistyped word most likely meant: at most two edits
 * away, and fewer edits than half its length, or a word it begins with
 * (evaluate: eval); else NULL. */
static const char *closest(const char *typed, const char *const *candidates, int n)
{
    const char *best = NULL;
    size_t fewest = 3;
    for (int i = 0; i < n; i++) {
        size_t len = strlen(candidates[i]);
        size_t e = len >= 4 && strncmp(typed, candidates[i], len) == 0 ? 1 : edits(typed, candidates[i]);
        if (e < fewest && 2 * e < len) {
            fewest = e;
            best = candidates[i];
        }
    }
    return best;
}

/* The commands as the language lists them ("eval、explain、…"). */
static const char *command_list(Lang lang, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (int i = 0; i < NCOMMANDS && at < size; i++)
        at += (size_t)snprintf(buf + at, size - at, "%s%s", i ? msg(lang, MSG_LIST_SEPARATOR) : "", COMMANDS[i]);
    return buf;
}

/* Parses argv; returns -1 when fine, else the exit status. */
static int parse_options(int argc, char **argv, Options *o)
{
    /* Each option with the commands it applies to: one given to another
     * command is refused rather than silently ignored. */
    static const struct { const char *name; size_t offset; const char *commands; } valued[] = {
        {"--rules", offsetof(Options, rules), "eval explain audit gaps tables diff check test fields serve template"},
        {"--format", offsetof(Options, format), "eval audit gaps tables diff fields"},
        {"-o", offsetof(Options, output), "eval audit gaps tables diff template"},
        {"--school", offsetof(Options, school), "explain"},
        {"--indicator", offsetof(Options, indicator), "explain"},
        {"--stage", offsetof(Options, stage), "explain"},
        {"--as-of", offsetof(Options, as_of), "eval explain audit gaps tables diff serve"},
        {"--encoding", offsetof(Options, encoding), "eval explain audit gaps tables diff serve"},
        {"--with-rules", offsetof(Options, with_rules), "diff"},
        {"--lua-instructions", offsetof(Options, lua_instructions), "eval explain audit gaps tables diff test serve"},
        {"--lua-memory", offsetof(Options, lua_memory), "eval explain audit gaps tables diff test serve"},
        {"--lua-seconds", offsetof(Options, lua_seconds), "eval explain audit gaps tables diff test serve"},
        {"--jobs", offsetof(Options, jobs_text), "eval explain audit gaps tables diff"},
        {"--port", offsetof(Options, port), "serve"},
        {"--table", offsetof(Options, table), "tables"},
        /* The last FLAGS take no value: they set an int. */
        {"--stats", offsetof(Options, stats), "eval audit"},
        {"--strict", offsetof(Options, strict), "eval explain audit gaps tables diff"},
    };
    enum { FLAGS = 2 };
    const size_t nvalued = sizeof valued / sizeof *valued;
    const char *given[sizeof valued / sizeof *valued] = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = 1;
            continue;
        }
        if (strcmp(a, "--version") == 0) {
            printf("junheng %s\n", JH_VERSION);
            return EXIT_RAN;
        }
        if (strcmp(a, "--lang") == 0) {
            if (i + 1 == argc) return usage_error(o->lang, MSG_CLI_NEEDS_VALUE, a, NULL, NULL);
            i++;
            continue;
        }
        size_t k;
        for (k = 0; k < sizeof valued / sizeof *valued; k++)
            if (strcmp(a, valued[k].name) == 0) break;
        if (k < nvalued && k >= nvalued - FLAGS) {
            *(int *)((char *)o + valued[k].offset) = 1;
            given[k] = a;
            continue;
        }
        if (k < nvalued) {
            if (i + 1 == argc) return usage_error(o->lang, MSG_CLI_NEEDS_VALUE, a, NULL, NULL);
            *(const char **)((char *)o + valued[k].offset) = argv[++i];
            given[k] = a;
            continue;
        }
        if (a[0] == '-' && a[1]) {
            const char *names[sizeof valued / sizeof *valued + 3] = {"--help", "--version", "--lang"};
            for (size_t n = 0; n < sizeof valued / sizeof *valued; n++) names[n + 3] = valued[n].name;
            const char *meant = closest(a, names, (int)(sizeof names / sizeof *names));
            return meant ? usage_error(o->lang, MSG_CLI_UNKNOWN_OPTION_SUGGEST, a, meant, NULL)
                         : usage_error(o->lang, MSG_CLI_UNKNOWN_OPTION, a, NULL, NULL);
        }
        if (!o->command) o->command = a;
        else if (!o->dataset) o->dataset = a;
        else if (!o->dataset2 && strcmp(o->command, "diff") == 0) o->dataset2 = a;
        else return usage_error(o->lang, MSG_CLI_EXTRA_ARG, a, NULL, NULL);
    }
    if (o->command && !o->help && listed(valued[0].commands, o->command))
        for (size_t k = 0; k < sizeof valued / sizeof *valued; k++)
            if (given[k] && !listed(valued[k].commands, o->command))
                return usage_error(o->lang, MSG_CLI_OPTION_NOT_FOR, given[k], o->command, NULL);
    /* The script budgets, within the engine's ceilings (limits.h). */
    const struct { const char *name, *text; int integer; long max; } budgets[3] = {
        {"--lua-instructions", o->lua_instructions, 1, JH_MAX_LUA_INSTRUCTIONS},
        {"--lua-memory", o->lua_memory, 0, JH_MAX_LUA_MEMORY_MIB},
        {"--lua-seconds", o->lua_seconds, 0, JH_MAX_LUA_SECONDS},
    };
    for (int k = 0; k < 3; k++) {
        int status = budgets[k].text ? numeric_option(o->lang, budgets[k].name, budgets[k].text, budgets[k].integer,
                                                      budgets[k].max, &o->lua_budget[k])
                                     : -1;
        if (status >= 0) return status;
    }
    double jobs = pool_default_jobs();
    int status = o->jobs_text ? numeric_option(o->lang, "--jobs", o->jobs_text, 1, JH_MAX_JOBS, &jobs) : -1;
    o->jobs = (int)jobs;
    return status;
}

/* The default rule set: beside the installed binary (PREFIX/share/junheng),
 * or in the source tree the build binary sits in. */
static const char *default_rules(char *buf, size_t size) /* size >= PATH_MAX */
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    const char *dir = dirname(exe);
    static const char *const candidates[] = {"%s/../share/junheng/rules/优质均衡", "%s/../rules/优质均衡"};
    struct stat st;
    for (size_t i = 0; i < sizeof candidates / sizeof *candidates; i++) {
        char path[PATH_MAX + 64];
        snprintf(path, sizeof path, candidates[i], dir);
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode) && realpath(path, buf)) return buf;
    }
    snprintf(buf, size, "%s", dir);
    return NULL;
}

/* Loads the rules at given (the default set when NULL) into diags. */
static RuleSet *load_rules_into(const char *given, DiagList *diags)
{
    char found[PATH_MAX + 64];
    const char *path = given ? given : default_rules(found, sizeof found);
    if (!path) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_CLI_NO_RULES_FOUND, found);
        return NULL;
    }
    return rules_load(path, diags);
}

/* The options of a run at date: the command line's script budgets. */
static RunOptions run_options(const Options *o, int date)
{
    RunOptions r = {date, (long)o->lua_budget[0], o->lua_budget[1], o->lua_budget[2]};
    return r;
}

static RuleSet *load_rules_from(const Options *o, const char *given)
{
    DiagList diags;
    diag_init(&diags);
    RuleSet *rs = load_rules_into(given, &diags);
    diag_print(&diags, stderr, o->lang);
    diag_free(&diags);
    return rs;
}

static RuleSet *load_rules(const Options *o)
{
    return load_rules_from(o, o->rules);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct Progress {
    int tty;
    double start, last;
    int shown;
    Lang lang;
} Progress;

static void progress(Progress *p, int schools)
{
    if (!p->tty || (schools & 255)) return;
    double t = now();
    if (t - p->start < 1.0 || t - p->last < 0.25) return;
    p->last = t;
    p->shown = 1;
    fputs("\r", stderr);
    msg_print(stderr, p->lang, MSG_CLI_PROGRESS, schools);
    fflush(stderr);
}

static void progress_done(Progress *p)
{
    if (!p->shown) return;
    fputs("\r\033[K", stderr);
    fflush(stderr); /* no line end: before anything else reaches the terminal */
}

/* eval's report, audit's ledger or the gaps list, in the format asked for. */
typedef struct Report {
    const Options *o;
    const Evaluation *ev;
    const RunInfo *info;
    const Gaps *gaps;         /* gaps: the list to print */
    const HtmlReport *html;   /* --format html: the explanations gathered */
    const OfficialTables *tables; /* the official tables' data columns (html, tables) */
    int table;                /* tables: which one (TableId) */
} Report;

static void render_report(FILE *out, const void *ctx)
{
    const Report *r = ctx;
    const char *format = r->o->format;
    int json = format && strcmp(format, "json") == 0, csv = format && strcmp(format, "csv") == 0;
    if (r->gaps) gaps_print(out, r->gaps, r->info, json ? GAPS_JSON : csv ? GAPS_CSV : GAPS_TEXT);
    else if (r->html) html_write(out, r->html, r->ev, r->info, r->tables);
    else if (r->table >= 0) {
        CsvSink sink;
        csv_sink_init(&sink, out);
        tables_write(&sink.sink, (TableId)r->table, r->tables, r->ev, r->info->lang);
    }
    else if (strcmp(r->o->command, "audit") == 0) audit_print(out, r->ev, r->info, json ? AUDIT_JSON : csv ? AUDIT_CSV : AUDIT_TEXT);
    else if (json) report_json(out, r->ev, r->info, r->o->jobs);
    else if (csv) {
        CsvSink sink;
        csv_sink_init(&sink, out);
        report_table(&sink.sink, r->ev, r->info);
    }
    else report_text(out, r->ev, r->info);
}

/* What some outputs gather while each school's data lives: asked for
 * with the flags, made once the run exists. A JSON result to a file
 * (stream_to) is written while the schools are evaluated, when the
 * dataset's name comes before its schools (json: then begun). */
typedef struct Gatherers {
    int want_gaps, want_html, want_tables;
    Gaps *gaps;
    HtmlReport *html;
    OfficialTables *tables;
    OutputFile *stream_to;
    RunInfo *info;
    JsonStream *json;
} Gatherers;

static void gather(void *ctx, const SchoolData *school)
{
    Gatherers *g = ctx;
    if (g->gaps) gaps_school(g->gaps, school);
    if (g->html) html_school(g->html, school);
    if (g->tables) tables_school(g->tables, school);
}

/* The first error writing standard output, reported when it is closed. */
static int stdout_error;

/* Flushes standard output (before diagnostics follow on standard error),
 * keeping the reason of a failure. */
static void flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) != 0 && !stdout_error) stdout_error = errno ? errno : EIO;
}

/* Standard output in blocks: a national dataset gives hundreds of MB. */
static void buffer_stdout(void)
{
    static char buf[1 << 16];
    setvbuf(stdout, buf, _IOFBF, sizeof buf);
}

/* -o FILE: refused when it is an input of the run or not a regular file,
 * else its temporary file is created, before the evaluation (output.h).
 * Returns NULL without -o, or with diagnostics (*failed set). */
static OutputFile *open_output(const Options *o, const RunInputs *inputs, OutputFile *f, DiagList *diags, int *failed)
{
    *failed = 0;
    if (!o->output) return NULL;
    *failed = output_check(o->output, inputs, diags) != 0 || output_open(f, o->output, diags) != 0;
    return *failed ? NULL : f;
}

/* Renders to the output file and puts it in place, or to standard output
 * (whose errors main reports when it closes it). */
static int write_output(OutputFile *f, void (*render)(FILE *, const void *), const void *ctx, DiagList *diags)
{
    if (!f) {
        buffer_stdout();
        render(stdout, ctx);
        return 0;
    }
    render(f->stream, ctx);
    return output_commit(f, 1, diags);
}

/* Phase times for --stats: each phase is timed where it happens. */
typedef struct Stats {
    double rules, read, eval, write;
} Stats;

/* The date dated parameters are read at: --as-of, else 31 December of the
 * dataset's 年度 (the school year that began that autumn is in force), else
 * today (serve, whose dataset may come later). Returns 0 after a usage error. */
static int evaluation_date(const Options *o, const CountyData *county)
{
    if (o->as_of) return date_from_text(o->as_of);
    if (county->year > 0) return county->year * 10000 + 1231;
    time_t now_t = time(NULL);
    struct tm tm;
    localtime_r(&now_t, &tm);
    return (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Reports a dataset without 年度 evaluated without --as-of: today's
 * parameters for a dataset of another year would be silently wrong. */
static int no_year(const Options *o, const char *path, const Reader *r, DiagList *diags)
{
    if (o->as_of || reader_county(r)->year > 0) return 0;
    diag_at(diags, DIAG_ERROR, NULL, 0, reader_is_folder(r) ? MSG_DS_NO_YEAR_CSV : MSG_DS_NO_YEAR_JSON, path);
    return 1;
}

/* A run of rs at the evaluation date of the dataset r reads; NULL with a
 * diagnostic when a dated parameter was not yet in force on that date. */
static Run *start_run(const Options *o, const char *path, const RuleSet *rs, const Reader *r, DiagList *diags)
{
    /* A CSV folder's year is known once it is open (a JSON file's may come
     * after its schools: see no_year). */
    if (reader_is_folder(r) && no_year(o, path, r, diags)) return NULL;
    RunOptions opt = run_options(o, evaluation_date(o, reader_county(r)));
    return run_new(rs, &opt, diags);
}

/* Frees an evaluation and the run it was made in. */
static void discard(Evaluation *ev)
{
    if (!ev) return;
    Run *run = ev->run;
    eval_free(ev);
    run_free(run);
}

/* What the manifest of a result says of its rules, dataset and run (the
 * dataset's hash once it is read whole). */
static void describe_run(RunInfo *info, const RuleSet *rs, const Reader *r, const char *path, const Run *run)
{
    info->rules_name = rs->name;
    memcpy(info->rules_sha256, rs->sha256, sizeof info->rules_sha256);
    info->dataset_name = reader_county(r)->name;
    info->dataset_path = path;
    info->date = run->date;
}

/* Streams the dataset through the evaluator, county included, in a run of
 * its own. NULL with diagnostics when the dataset is invalid; *reader
 * stays open for the county data and the dataset hash. The gatherers asked
 * for (g may be NULL) also see every school while its data lives. */
static Evaluation *evaluate(const Options *o, const char *path, const RuleSet *rs, DiagList *diags, Reader **reader,
                            Stats *st, int keep_where, Gatherers *g)
{
    diags->strict = o->strict; /* the dataset's warnings: what a run reports from here on */
    Reader *r = reader_open(path, rs, diags, o->encoding, keep_where);
    *reader = r;
    Run *run = r ? start_run(o, path, rs, r, diags) : NULL;
    if (!run) return NULL;
    if (g && g->want_gaps) g->gaps = gaps_new(run);
    if (g && g->want_html) g->html = html_new(run, path, o->lang);
    if (g && g->want_tables) g->tables = tables_new(run);
    Evaluation *ev = eval_begin(run);
    ev->diags = diags;
    Pool *pool = pool_new(ev, o->jobs, g ? gather : NULL, g, diags);
    if (g && g->stream_to && reader_name_known(r)) {
        describe_run(g->info, rs, r, path, run);
        g->json = report_json_begin(g->stream_to->stream, ev, g->info);
        pool_stream(pool, g->stream_to->stream, report_json_batch, g->json);
    }
    /* After an error nothing is evaluated: the rest is read to report
     * every error at once, each school into this arena and dropped. */
    Arena checked_only;
    arena_init(&checked_only, 64 * 1024);
    SchoolData dropped;
    double start = now();
    Progress pr = {isatty(2), start, start, 0, o->lang};
    int got;
    for (;;) {
        Arena *arena = &checked_only;
        SchoolData *school = &dropped;
        if (diags->errors == 0) school = pool_slot(pool, &arena);
        else arena_reset(&checked_only);
        double t0 = o->stats ? now() : 0; /* three clock reads a school: only for --stats */
        got = reader_next(r, school, arena);
        double t1 = o->stats ? now() : 0;
        st->read += t1 - t0;
        if (got != 1) break;
        if (diags->errors == 0) pool_submit(pool);
        if (o->stats) st->eval += now() - t1;
        progress(&pr, ev->nschools);
    }
    double t0 = now();
    pool_finish(pool);
    pool_free(pool);
    st->eval += now() - t0;
    progress_done(&pr);
    arena_free(&checked_only);
    if (got == 0 && !diags->errors && !reader_is_folder(r)) no_year(o, path, r, diags); /* read whole: its year is known */
    if (got != 0 || diags->errors || ev->failed) {
        discard(ev);
        return NULL;
    }
    t0 = now();
    eval_finish(ev, reader_county(r));
    st->eval += now() - t0;
    if (ev->failed) { /* a script failed on a county result */
        discard(ev);
        return NULL;
    }
    return ev;
}

/* eval DATASET, audit DATASET, gaps DATASET and tables DATASET: the same
 * run, another rendering. */
static int cmd_eval(const Options *o)
{
    int eval = strcmp(o->command, "eval") == 0;
    int table = -1;
    if (strcmp(o->command, "tables") == 0) { /* CSV, one table at a time */
        if (o->format && strcmp(o->format, "csv") != 0) return usage_error(o->lang, MSG_CLI_BAD_VALUE, "--format", o->format, "csv");
        if (!o->table) return usage_error(o->lang, MSG_CLI_TABLES_NEEDS_TABLE, NULL, NULL, NULL);
        if ((table = tables_id(o->table)) < 0) return usage_error(o->lang, MSG_CLI_BAD_VALUE, "--table", o->table, "Ⅱ-2, Ⅲ");
    }
    int xlsx = eval && o->format && strcmp(o->format, "xlsx") == 0, html = eval && o->format && strcmp(o->format, "html") == 0;
    if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0 && strcmp(o->format, "csv") != 0 && !xlsx &&
        !html)
        return usage_error(o->lang, MSG_CLI_BAD_VALUE, "--format", o->format,
                           eval ? "text, json, csv, html, xlsx" : "text, json, csv");
    if (xlsx && !o->output) return usage_error(o->lang, MSG_CLI_XLSX_NEEDS_FILE, NULL, NULL, NULL);
    RunInfo info = {.lang = o->lang}; /* its time first: a wrong SOURCE_DATE_EPOCH stops the run before any work */
    if (run_time(&info) != 0)
        return usage_error(o->lang, MSG_CLI_BAD_SOURCE_DATE_EPOCH, getenv("SOURCE_DATE_EPOCH"), JH_MAX_SOURCE_DATE_EPOCH);
    Stats st = {0};
    double t = now();
    RuleSet *rs = load_rules(o);
    st.rules = now() - t;
    if (!rs) return EXIT_INVALID;
    DiagList diags;
    diag_init(&diags);
    OutputFile file;
    int failed;
    OutputFile *out = open_output(o, &(RunInputs){{o->dataset, NULL}, {rs->path, NULL}}, &file, &diags, &failed);
    if (failed) {
        diag_print(&diags, stderr, o->lang);
        diag_free(&diags);
        rules_free(rs);
        return EXIT_INVALID;
    }
    /* the workbook has a gaps sheet; the workbook and the HTML report hold the official tables */
    int json = eval && o->format && strcmp(o->format, "json") == 0;
    Gatherers gathered = {strcmp(o->command, "gaps") == 0 || xlsx, html, xlsx || html || table >= 0, NULL, NULL, NULL,
                          json ? out : NULL, &info, NULL};
    Reader *r;
    Evaluation *ev = evaluate(o, o->dataset, rs, &diags, &r, &st, html, &gathered);
    Gaps *gaps = gathered.gaps;
    int status = EXIT_INVALID;
    if (!ev && out) output_commit(out, 0, &diags); /* nothing evaluated: nothing written */
    if (ev) {
        describe_run(&info, rs, r, o->dataset, ev->run);
        double t1 = now();
        reader_sha256(r, info.dataset_sha256);
        double t2 = now();
        st.read += t2 - t1;
        if (gathered.json) { /* the schools are written: the rest, and the head in its place */
            size_t n;
            char *head = report_json_end(gathered.json, out->stream, ev, &info, &n);
            int err = output_write_at(out, head, n, 0);
            free(head);
            if (err) diag_at(&diags, DIAG_ERROR, NULL, 0, MSG_IO_WRITE, o->output, errno_text(err));
            status = output_commit(out, !err, &diags) == 0 ? EXIT_RAN : EXIT_INVALID;
        } else if (xlsx) { /* the workbook library writes to the temporary file by name */
            int loaded = excel_load(&diags) == 0;
            int written = loaded && workbook_write(out->tmp, ev, &info, gaps, gathered.tables) == 0;
            int err = errno;
            if (loaded && !written) diag_at(&diags, DIAG_ERROR, NULL, 0, MSG_IO_WRITE, o->output, errno_text(err));
            status = output_commit(out, written, &diags) == 0 ? EXIT_RAN : EXIT_INVALID;
        } else {
            Report report = {o, ev, &info, strcmp(o->command, "gaps") == 0 ? gaps : NULL, gathered.html, gathered.tables, table};
            status = write_output(out, render_report, &report, &diags) == 0 ? EXIT_RAN : EXIT_INVALID;
        }
        st.write = now() - t2;
        if (o->stats) {
            struct rusage ru;
            getrusage(RUSAGE_SELF, &ru);
            fprintf(stderr,
                    "junheng: schools=%d results=%d rules_s=%.3f read_s=%.3f eval_s=%.3f write_s=%.3f peak_rss_kb=%ld\n",
                    ev->nschools, ev->nresults, st.rules, st.read, st.eval, st.write, ru.ru_maxrss);
        }
    }
    discard(ev);
    report_json_free(gathered.json);
    gaps_free(gaps);
    html_free(gathered.html);
    tables_free(gathered.tables);
    reader_close(r);
    diag_print(&diags, stderr, o->lang);
    diag_free(&diags);
    rules_free(rs);
    return status;
}

/* explain without --school: a county indicator's derivation, or the county
 * roll-up of a school indicator with every school that fails or lacks data. */
static int explain_county_result(const Options *o, const RuleSet *rs, DiagList *diags)
{
    const Indicator *ind = rules_indicator(rs, o->indicator);
    const CvDecl *cv = NULL;
    for (int i = 0; !ind && i < rs->ncvs; i++)
        if (strcmp(rs->cvs[i]->name, o->indicator) == 0) cv = rs->cvs[i];
    Stats st = {0};
    Reader *r;
    Evaluation *ev = evaluate(o, o->dataset, rs, diags, &r, &st, ind && ind->scope == LV_COUNTY, NULL);
    int status = EXIT_INVALID;
    if (ev) {
        buffer_stdout();
        const char *name = reader_county(r)->name;
        if (cv) {
            report_cv(stdout, o->lang, ev, cv, name);
        } else if (ind->scope == LV_COUNTY) {
            TraceSet t;
            eval_trace_county(ev, reader_county(r), &t);
            explain_county(stdout, o->lang, name, &t, ind->id);
            flush_stdout();
            diag_print(&t.diags, stderr, o->lang);
            eval_trace_free(&t);
        } else {
            report_rollup(stdout, o->lang, ev, ind, name);
        }
        status = EXIT_RAN;
    }
    discard(ev);
    reader_close(r);
    return status;
}

static int cmd_fields(const Options *o)
{
    if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "markdown") != 0)
        return usage_error(o->lang, MSG_CLI_BAD_VALUE, "--format", o->format, "text, markdown");
    if (o->dataset) return usage_error(o->lang, MSG_CLI_EXTRA_ARG, o->dataset, NULL, NULL);
    RuleSet *rs = load_rules(o);
    if (!rs) return EXIT_INVALID;
    dictionary_print(stdout, o->lang, rs, o->format && strcmp(o->format, "markdown") == 0);
    rules_free(rs);
    return EXIT_RAN;
}

/* template -o FILE: the empty workbook to fill in, from the rule set's fields. */
static int cmd_template(const Options *o)
{
    if (o->dataset) return usage_error(o->lang, MSG_CLI_EXTRA_ARG, o->dataset, NULL, NULL);
    if (!o->output) return usage_error(o->lang, MSG_CLI_TEMPLATE_NEEDS_FILE, NULL, NULL, NULL);
    RuleSet *rs = load_rules(o);
    if (!rs) return EXIT_INVALID;
    DiagList diags;
    diag_init(&diags);
    OutputFile file;
    int failed;
    OutputFile *out = open_output(o, &(RunInputs){{NULL, NULL}, {rs->path, NULL}}, &file, &diags, &failed);
    int status = EXIT_INVALID;
    if (out) { /* the workbook library writes to the temporary file by name */
        int loaded = excel_load(&diags) == 0;
        int written = loaded && template_write(out->tmp, rs, o->lang) == 0;
        int err = errno;
        if (loaded && !written) diag_at(&diags, DIAG_ERROR, NULL, 0, MSG_IO_WRITE, o->output, errno_text(err));
        status = output_commit(out, written, &diags) == 0 ? EXIT_RAN : EXIT_INVALID;
    }
    diag_print(&diags, stderr, o->lang);
    diag_free(&diags);
    rules_free(rs);
    return status;
}

typedef struct Comparison {
    const Evaluation *before, *after;
    const char *county;
    DiffFormat format;
    Lang lang;
} Comparison;

static void render_diff(FILE *out, const void *ctx)
{
    const Comparison *c = ctx;
    diff_print(out, c->lang, c->before, c->after, c->county, c->format);
}

/* diff OLD NEW (two years, the same rules) or diff DATASET --with-rules B
 * (a proposed rule change): the verdict, then every changed result and why. */
static int cmd_diff(const Options *o)
{
    if (o->format && strcmp(o->format, "text") != 0 && strcmp(o->format, "json") != 0 && strcmp(o->format, "csv") != 0)
        return usage_error(o->lang, MSG_CLI_BAD_VALUE, "--format", o->format, "text, json, csv");
    if (!o->dataset2 && !o->with_rules) return usage_error(o->lang, MSG_CLI_DIFF_NEEDS, NULL, NULL, NULL);
    RuleSet *a = load_rules(o);
    if (!a) return EXIT_INVALID;
    RuleSet *b = o->with_rules ? load_rules_from(o, o->with_rules) : a;
    int status = EXIT_INVALID;
    DiagList diags;
    diag_init(&diags);
    OutputFile file;
    int failed = 0;
    OutputFile *out = b ? open_output(o, &(RunInputs){{o->dataset, o->dataset2}, {a->path, b->path}}, &file, &diags, &failed) : NULL;
    if (b && !failed) {
        Stats st = {0};
        Reader *ra = NULL, *rb = NULL;
        Evaluation *before = evaluate(o, o->dataset, a, &diags, &ra, &st, 0, NULL);
        Evaluation *after = before ? evaluate(o, o->dataset2 ? o->dataset2 : o->dataset, b, &diags, &rb, &st, 0, NULL) : NULL;
        if (before && after) {
            DiffFormat f = !o->format || strcmp(o->format, "text") == 0 ? DIFF_TEXT
                           : strcmp(o->format, "json") == 0 ? DIFF_JSON : DIFF_CSV;
            Comparison c = {before, after, reader_county(rb ? rb : ra)->name, f, o->lang};
            status = write_output(out, render_diff, &c, &diags) == 0 ? EXIT_RAN : EXIT_INVALID;
        } else if (out) {
            output_commit(out, 0, &diags); /* nothing compared: nothing written */
        }
        discard(before);
        discard(after);
        reader_close(ra);
        reader_close(rb);
    }
    diag_print(&diags, stderr, o->lang);
    diag_free(&diags);
    if (b && b != a) rules_free(b);
    rules_free(a);
    return status;
}

/* Every static problem of a rule set at once: errors, then the numbered
 * warnings; its tests are checked too. */
static int cmd_check(const Options *o)
{
    if (o->dataset) return usage_error(o->lang, MSG_CLI_EXTRA_ARG, o->dataset, NULL, NULL);
    DiagList diags;
    diag_init(&diags);
    RuleSet *rs = load_rules_into(o->rules, &diags);
    LintSummary lint = {0, 0};
    if (rs) {
        rules_load_tests(rs, &diags);
        if (!diags.errors) lint = lint_rules(rs, &diags);
    }
    diag_print(&diags, stdout, o->lang);
    msg_print(stdout, o->lang, MSG_CHECK_SUMMARY, rs ? rs->name : (o->rules ? o->rules : "?"), diags.errors, lint.warnings,
           lint.silenced);
    int status = diags.errors ? EXIT_INVALID : EXIT_RAN;
    diag_free(&diags);
    rules_free(rs);
    flush_stdout();
    return status;
}

static int cmd_test(const Options *o)
{
    if (o->dataset) return usage_error(o->lang, MSG_CLI_EXTRA_ARG, o->dataset, NULL, NULL);
    RuleSet *rs = load_rules(o);
    if (!rs) return EXIT_INVALID;
    DiagList diags;
    diag_init(&diags);
    int errors = rules_load_tests(rs, &diags);
    diag_print(&diags, stderr, o->lang);
    diag_free(&diags);
    int status = EXIT_INVALID;
    if (!errors) {
        RunOptions opt = run_options(o, 0);
        TestSummary sum = ruletest_run(stdout, o->lang, rs, &opt);
        status = sum.failed ? EXIT_INVALID : EXIT_RAN;
    }
    rules_free(rs);
    flush_stdout();
    return status;
}

static int cmd_explain(const Options *o)
{
    if (!o->school && !o->indicator) return usage_error(o->lang, MSG_CLI_NO_SCHOOL_OPTION, NULL, NULL, NULL);
    RuleSet *rs = load_rules(o);
    if (!rs) return EXIT_INVALID;
    ExplainQuery q = {o->indicator, -1, o->lang};
    int status = EXIT_INVALID;
    int is_cv = 0;
    for (int i = 0; o->indicator && i < rs->ncvs; i++) is_cv |= strcmp(rs->cvs[i]->name, o->indicator) == 0;
    if (is_cv && o->school) { /* a CV is the county's, computed over schools: none of a school */
        status = usage_error(o->lang, MSG_CLI_CV_OF_COUNTY, o->indicator, NULL, NULL);
        rules_free(rs);
        return status;
    }
    if (o->indicator && !rules_indicator(rs, o->indicator) && !is_cv) {
        status = usage_error(o->lang, MSG_CHK_UNKNOWN_INDICATOR, o->indicator, NULL, NULL);
        rules_free(rs);
        return status;
    }
    if (o->stage) {
        for (int i = 0; i < rs->nstages; i++)
            if (strcmp(rs->stage_field->words[rs->stages[i]], o->stage) == 0) q.stage = rs->stages[i];
        if (q.stage < 0) {
            status = usage_error(o->lang, MSG_CLI_BAD_VALUE, "--stage", o->stage, "小学, 初中");
            rules_free(rs);
            return status;
        }
    }
    DiagList diags;
    diag_init(&diags);
    diags.strict = o->strict;
    Reader *r = o->school ? reader_open(o->dataset, rs, &diags, o->encoding, 1) : NULL;
    Run *run = r ? start_run(o, o->dataset, rs, r, &diags) : NULL;
    if (r && !run) {
        reader_close(r);
        diag_print(&diags, stderr, o->lang);
        diag_free(&diags);
        rules_free(rs);
        return EXIT_INVALID;
    }
    if (!o->school) status = explain_county_result(o, rs, &diags);
    if (r) {
        Arena arena;
        arena_init(&arena, 64 * 1024);
        SchoolData school;
        int got, found = 0;
        while (!found && (got = reader_next(r, &school, &arena)) == 1) {
            if (strcmp(school.code, o->school) == 0) found = 1;
            else arena_reset(&arena);
        }
        if (found && diags.errors == 0) {
            TraceSet t;
            eval_trace_school(run, &school, &t);
            buffer_stdout();
            if (explain_school(stdout, &school, o->dataset, &t, &q) > 0) {
                status = t.diags.errors ? EXIT_INVALID : EXIT_RAN;
                flush_stdout();
                diag_print(&t.diags, stderr, o->lang);
            } else {
                diag_at(&diags, DIAG_ERROR, NULL, 0, MSG_CLI_NOTHING_TO_EXPLAIN, o->school,
                        o->indicator ? o->indicator : "*", o->stage ? o->stage : "*");
            }
            eval_trace_free(&t);
        } else if (!found && diags.errors == 0) {
            diag_at(&diags, DIAG_ERROR, NULL, 0, MSG_CLI_SCHOOL_NOT_FOUND, o->school);
        }
        arena_free(&arena);
        reader_close(r);
    }
    run_free(run);
    flush_stdout();
    diag_print(&diags, stderr, o->lang);
    diag_free(&diags);
    rules_free(rs);
    return status;
}

/* serve [DATASET]: the rule workbench in a browser, until Ctrl-C. */
static int cmd_serve(const Options *o)
{
    long port = SERVE_DEFAULT_PORT;
    char *end;
    if (o->port && ((port = strtol(o->port, &end, 10)) < 0 || port > 65535 || end == o->port || *end))
        return usage_error(o->lang, MSG_CLI_BAD_VALUE, "--port", o->port, "0–65535");
    if (o->as_of && !evaluation_date(o, &(CountyData){0}))
        return usage_error(o->lang, MSG_CLI_BAD_VALUE, "--as-of", o->as_of, "YYYY-MM-DD");
    char found[PATH_MAX + 64];
    const char *rules = o->rules ? o->rules : default_rules(found, sizeof found);
    DiagList diags;
    diag_init(&diags);
    if (!rules) diag_at(&diags, DIAG_ERROR, NULL, 0, MSG_CLI_NO_RULES_FOUND, found);
    Workbench *wb = rules ? wb_open(rules, o->dataset, o->encoding, o->lang, &diags) : NULL;
    Server *server = NULL;
    if (wb) {
        RunOptions opt = run_options(o, evaluation_date(o, wb_county(wb) ? wb_county(wb) : &(CountyData){0}));
        if (wb_start(wb, &opt, &diags) == 0) server = serve_start(wb, (int)port, o->lang, &diags);
    }
    diag_print(&diags, stderr, o->lang);
    diag_free(&diags);
    if (!server) {
        wb_free(wb);
        return EXIT_INVALID;
    }
    if (o->dataset) msg_print(stdout, o->lang, MSG_SERVE_READY, rules, MSG_SERVE_DATASET, o->dataset, serve_address(server));
    else msg_print(stdout, o->lang, MSG_SERVE_READY, rules, MSG_SERVE_NO_DATASET, serve_address(server));
    fflush(stdout);
    serve_wait(server);
    serve_stop(server);
    wb_free(wb);
    fputs(msg(o->lang, MSG_SERVE_STOPPED), stdout);
    return fflush(stdout) == 0 ? EXIT_RAN : EXIT_INVALID;
}

static int run(int argc, char **argv, Lang lang)
{
    Options o = {.lang = lang};
    int early = parse_options(argc, argv, &o);
    if (early >= 0) return early;
    if (!o.command) {
        fputs(msg(lang, MSG_USAGE_MAIN), o.help ? stdout : stderr);
        return o.help ? EXIT_RAN : EXIT_USAGE;
    }
    int audit = strcmp(o.command, "audit") == 0, gaps = strcmp(o.command, "gaps") == 0;
    int tables = strcmp(o.command, "tables") == 0;
    int eval = strcmp(o.command, "eval") == 0 || audit || gaps || tables, explain = strcmp(o.command, "explain") == 0;
    int diff = strcmp(o.command, "diff") == 0;
    int fields = strcmp(o.command, "fields") == 0, test = strcmp(o.command, "test") == 0;
    int check = strcmp(o.command, "check") == 0, template = strcmp(o.command, "template") == 0;
    if (strcmp(o.command, "serve") == 0) {
        if (o.help) msg_print(stdout, lang, MSG_USAGE_SERVE, SERVE_DEFAULT_PORT);
        return o.help ? EXIT_RAN : cmd_serve(&o);
    }
    if (fields || test || check || template) {
        if (o.help) {
            fputs(msg(lang, fields ? MSG_USAGE_FIELDS : test ? MSG_USAGE_TEST : check ? MSG_USAGE_CHECK : MSG_USAGE_TEMPLATE), stdout);
            return EXIT_RAN;
        }
        return fields ? cmd_fields(&o) : test ? cmd_test(&o) : check ? cmd_check(&o) : cmd_template(&o);
    }
    if (!eval && !explain && !diff) {
        if (o.help) {
            fputs(msg(lang, MSG_USAGE_MAIN), stdout);
            return EXIT_RAN;
        }
        char list[256];
        const char *meant = closest(o.command, COMMANDS, NCOMMANDS);
        return meant ? usage_error(o.lang, MSG_CLI_UNKNOWN_COMMAND_SUGGEST, o.command, meant, command_list(o.lang, list, sizeof list))
                     : usage_error(o.lang, MSG_CLI_UNKNOWN_COMMAND, o.command, command_list(o.lang, list, sizeof list), NULL);
    }
    if (o.help) {
        MsgId usage = audit ? MSG_USAGE_AUDIT : gaps ? MSG_USAGE_GAPS : tables ? MSG_USAGE_TABLES : eval ? MSG_USAGE_EVAL : diff ? MSG_USAGE_DIFF
                                                                                                 : MSG_USAGE_EXPLAIN;
        msg_print(stdout, lang, usage);
        fputs(msg(lang, MSG_USAGE_RUN_OPTIONS), stdout); /* the options of every run over a dataset */
        return EXIT_RAN;
    }
    if (!o.dataset) return usage_error(o.lang, MSG_CLI_NO_DATASET, NULL, NULL, NULL);
    if (o.encoding && strcasecmp(o.encoding, "auto") != 0 && strcasecmp(o.encoding, "utf-8") != 0 &&
        strcasecmp(o.encoding, "utf8") != 0 && strcasecmp(o.encoding, "gb18030") != 0 && strcasecmp(o.encoding, "gbk") != 0)
        return usage_error(o.lang, MSG_CLI_BAD_VALUE, "--encoding", o.encoding, "auto, utf-8, gb18030, gbk");
    if (o.as_of && !evaluation_date(&o, &(CountyData){0}))
        return usage_error(o.lang, MSG_CLI_BAD_VALUE, "--as-of", o.as_of, "YYYY-MM-DD");
    return eval ? cmd_eval(&o) : diff ? cmd_diff(&o) : cmd_explain(&o);
}

/* Whatever a command printed must have reached standard output: a full
 * disk or a failing device is the command's failure, reported once. */
static int close_stdout(int status, Lang lang)
{
    flush_stdout();
    int failed = ferror(stdout);
    errno = 0;
    if (fclose(stdout) != 0 && !stdout_error) stdout_error = errno ? errno : EIO;
    if (!stdout_error && !failed) return status;
    fprintf(stderr, "junheng: %s: ", msg(lang, MSG_SEV_ERROR));
    msg_print(stderr, lang, MSG_IO_WRITE_STDOUT, errno_text(stdout_error ? stdout_error : EIO));
    fputc('\n', stderr);
    return status != EXIT_RAN ? status : EXIT_INVALID;
}

/* The recovery point of the whole command (arena.h): out of memory ends it
 * with its own exit status; its output file, if any, is removed. What the
 * command had allocated goes with the process. Test hook: the environment
 * variable JUNHENG_TEST_FAIL_ALLOC=N makes the Nth allocation fail. */
int main(int argc, char **argv)
{
    /* A message is written in pieces: a line at a time, not a write each. */
    static char error_buffer[BUFSIZ];
    setvbuf(stderr, error_buffer, _IOLBF, sizeof error_buffer);
    const char *hook = getenv("JUNHENG_TEST_FAIL_ALLOC");
    if (hook) alloc_fail_after(strtol(hook, NULL, 10));
    Lang lang;
    int bad_lang = language(argc, argv, &lang);
    AllocGuard guard;
    alloc_guard_push(&guard);
    if (setjmp(guard.env) != 0) {
        output_abandon();
        fprintf(stderr, "junheng: %s: ", msg(lang, MSG_SEV_ERROR));
        msg_print(stderr, lang, MSG_OUT_OF_MEMORY, alloc_failed_size());
        fputc('\n', stderr);
        return close_stdout(EXIT_OUT_OF_MEMORY, lang);
    }
    int status = bad_lang ? usage_error(lang, MSG_CLI_BAD_VALUE, "--lang", argv[bad_lang], "zh, en")
                          : run(argc, argv, lang);
    alloc_guard_pop(&guard);
    return close_stdout(status, lang);
}
