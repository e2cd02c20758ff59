/* report.c — JSON and text renderers (see report.h). */
#define _GNU_SOURCE /* fputs_unlocked, fwrite_unlocked */
#include "report.h"
#include "pool.h"
#include "arena.h"
#include "numfmt.h"
#include "escape.h"
#include "diag.h"
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void format_human(char *buf, size_t size, double x)
{
    if (isnan(x)) snprintf(buf, size, "—");
    else if (x == floor(x) && fabs(x) < 1e12) snprintf(buf, size, "%.0f", x);
    else if (fabs(x) >= 100) snprintf(buf, size, "%.1f", x);
    else snprintf(buf, size, "%.4g", x);
}

/* A fraction as a percentage for people: 96.97%. */
static void format_percent(char *buf, size_t size, double x)
{
    char n[32];
    format_human(n, sizeof n, x * 100);
    snprintf(buf, size, "%s%%", n);
}

void format_against(char *value, char *threshold, size_t size, double x, const Run *run, const Threshold *th)
{
    if (th->percent) format_percent(value, size, x);
    else format_human(value, size, x);
    format_threshold(threshold, size, run, th);
}

void format_threshold(char *buf, size_t size, const Run *run, const Threshold *th)
{
    if (th->percent) format_percent(buf, size, run_threshold(run, th));
    else format_human(buf, size, run_threshold(run, th));
}

const char *threshold_cell(char *buf, size_t size, const Run *run, const Threshold *th)
{
    if (!th) return NULL;
    char number[40];
    numfmt_shortest(number, sizeof number, run_threshold(run, th));
    snprintf(buf, size, "%s%s", op_text(th->op), number);
    return buf;
}

const char *status_word(Lang lang, Status s)
{
    static const MsgId words[] = {
        [ST_PASS] = MSG_STATUS_PASS, [ST_PASS_EXCEPTION] = MSG_STATUS_PASS_EXCEPTION, [ST_FAIL] = MSG_STATUS_FAIL,
        [ST_MISSING] = MSG_STATUS_MISSING, [ST_NOT_APPLICABLE] = MSG_STATUS_NOT_APPLICABLE,
    };
    return msg(lang, words[s]);
}

unsigned status_colour(Status s)
{
    static const unsigned colours[] = {
        [ST_PASS] = 0xC6EFCE, [ST_PASS_EXCEPTION] = 0xDDEBF7, [ST_FAIL] = 0xFFC7CE, [ST_MISSING] = 0xFFEB9C,
        [ST_NOT_APPLICABLE] = 0xEDEDED,
    };
    return colours[s];
}

const char *verdict_word(Lang lang, Status s)
{
    return msg(lang, s == ST_PASS ? MSG_VERDICT_PASS : s == ST_FAIL ? MSG_VERDICT_FAIL : MSG_VERDICT_INCOMPLETE);
}

const char *verdict_code(Status s)
{
    return s == ST_PASS ? "pass" : s == ST_FAIL ? "fail" : "incomplete";
}

const char *stage_word(const RuleSet *rs, int stage)
{
    return stage >= 0 ? rs->stage_field->words[stage] : NULL;
}

const char *op_text(TokKind op)
{
    switch (op) {
    case T_GE: return "≥";
    case T_LE: return "≤";
    case T_GT: return ">";
    case T_LT: return "<";
    case T_EQ: return "=";
    default: return "≠";
    }
}

/* ---- JSON ----
 * Written with the unlocked stdio calls: a national dataset gives over three
 * million numbers, and a lock per character would dominate. */
#define PUTS(s, out) fputs_unlocked((s), (out))
#define PUTC(c, out) putc_unlocked((c), (out))

static const char *missing_reason(MissReason why)
{
    static const char *const names[] = {"", "absent", "zero_denominator", "indicator_missing", "split_share_unknown"};
    return names[why];
}

static void json_missing(FILE *out, Missing m)
{
    PUTS(", \"missing\": ", out);
    json_string(out, m.what);
    PUTS(", \"missing_reason\": ", out);
    json_string(out, missing_reason(m.why));
}

/* A piece of JSON text with its length. */
typedef struct Piece {
    const char *s;
    size_t n;
} Piece;

/* What the results of a JSON report repeat, as JSON text made once per
 * report (a national report writes millions of results): per indicator
 * its id and its thresholds' numbers, per exception and veto its id, per
 * stage word its word, per rule-set name its name, all quoted and escaped. */
typedef struct JsonTexts {
    Arena arena;
    Piece *indicator;             /* by indicator index */
    Piece **clause, **veto, **threshold; /* by indicator index, then exception, veto or threshold index */
    Piece *stage;                 /* by stage word + 1 (0: none, null) */
    Piece *name;                  /* by RuleSet.names id */
    Piece status[ST_COUNT];       /* by Status */
    Piece missing_reason[MISS_SPLIT + 1]; /* by MissReason (MISS_SPLIT the last) */
} JsonTexts;

/* JSON text of s (json_string's) or of the number x, in the texts'
 * arena: formatted straight into room for the longest it can be (a byte
 * escaped as \u00XX takes six), as a report makes thousands of them. */
static Piece piece_of(JsonTexts *t, const char *s, int number, double x)
{
    size_t room = number || !s ? 48 : 6 * strlen(s) + 3;
    char *text = arena_alloc_raw(&t->arena, room);
    FILE *mem = fmemopen(text, room, "w");
    if (!mem) alloc_failed(0);
    if (number) json_number(mem, x);
    else json_string(mem, s);
    long n = ftell(mem);
    fclose(mem);
    return (Piece){text, (size_t)n};
}

static void json_texts_init(JsonTexts *t, const Evaluation *ev)
{
    const RuleSet *rs = ev->rs;
    arena_init(&t->arena, 16 * 1024);
    int n = rs->nindicators + 1;
    t->indicator = arena_alloc(&t->arena, (size_t)n * sizeof *t->indicator);
    t->clause = arena_alloc(&t->arena, (size_t)n * sizeof *t->clause);
    t->veto = arena_alloc(&t->arena, (size_t)n * sizeof *t->veto);
    t->threshold = arena_alloc(&t->arena, (size_t)n * sizeof *t->threshold);
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        t->indicator[i] = piece_of(t, ind->id, 0, 0);
        t->clause[i] = arena_alloc(&t->arena, (size_t)(ind->nexceptions + 1) * sizeof **t->clause);
        for (int k = 0; k < ind->nexceptions; k++) t->clause[i][k] = piece_of(t, ind->exceptions[k].qualified, 0, 0);
        t->veto[i] = arena_alloc(&t->arena, (size_t)(ind->nvetoes + 1) * sizeof **t->veto);
        for (int k = 0; k < ind->nvetoes; k++) t->veto[i][k] = piece_of(t, ind->vetoes[k].qualified, 0, 0);
        t->threshold[i] = arena_alloc(&t->arena, (size_t)(ind->nthresholds + 1) * sizeof **t->threshold);
        for (int k = 0; k < ind->nthresholds; k++)
            t->threshold[i][k] = piece_of(t, NULL, 1, run_threshold(ev->run, &ind->thresholds[k]));
    }
    int words = rs->stage_field ? rs->stage_field->nwords : 0;
    t->stage = arena_alloc(&t->arena, (size_t)(words + 1) * sizeof *t->stage);
    for (int w = -1; w < words; w++) t->stage[w + 1] = piece_of(t, w < 0 ? NULL : rs->stage_field->words[w], 0, 0);
    t->name = arena_alloc(&t->arena, (size_t)(rs->nnames + 1) * sizeof *t->name);
    for (int k = 0; k < rs->nnames; k++) t->name[k] = piece_of(t, rs->names[k], 0, 0);
    for (Status st = 0; st < ST_COUNT; st++) t->status[st] = piece_of(t, status_name(st), 0, 0);
    for (MissReason why = MISS_NONE; why <= MISS_SPLIT; why++) t->missing_reason[why] = piece_of(t, missing_reason(why), 0, 0);
}

#define PUT_PIECE(b, p) out_put((b), (p).s, (p).n)

static void json_result(OutBuffer *b, const JsonTexts *t, const Result *r, int with_stage)
{
    int i = r->indicator;
    OUT_LITERAL(b, "{\"indicator\": ");
    PUT_PIECE(b, t->indicator[i]);
    if (with_stage) {
        OUT_LITERAL(b, ", \"stage\": ");
        PUT_PIECE(b, t->stage[r->stage + 1]);
    }
    OUT_LITERAL(b, ", \"status\": ");
    PUT_PIECE(b, t->status[r->status]);
    OUT_LITERAL(b, ", \"clause\": ");
    if (result_clause(r) >= 0) PUT_PIECE(b, t->clause[i][result_clause(r)]);
    else OUT_LITERAL(b, "null");
    if (result_veto(r) >= 0) {
        OUT_LITERAL(b, ", \"veto\": ");
        PUT_PIECE(b, t->veto[i][result_veto(r)]);
    }
    if (!isnan(r->value) || r->threshold >= 0) {
        OUT_LITERAL(b, ", \"value\": ");
        out_json_number(b, r->value);
        OUT_LITERAL(b, ", \"threshold\": ");
        if (r->threshold >= 0) PUT_PIECE(b, t->threshold[i][r->threshold]);
        else OUT_LITERAL(b, "null");
    }
    if (r->status == ST_MISSING) {
        OUT_LITERAL(b, ", \"missing\": ");
        PUT_PIECE(b, t->name[r->missing]);
        OUT_LITERAL(b, ", \"missing_reason\": ");
        PUT_PIECE(b, t->missing_reason[r->detail]);
    }
    out_put(b, "}", 1);
}

void report_json_manifest(FILE *out, const RunInfo *info)
{
    fprintf(out, "  \"engine\": {\"name\": \"junheng\", \"version\": \"%s\"},\n", JH_VERSION);
    PUTS("  \"rules\": {\"name\": ", out);
    json_string(out, info->rules_name);
    fprintf(out, ", \"sha256\": \"%s\"},\n  \"dataset\": {\"name\": ", info->rules_sha256);
    json_string(out, info->dataset_name);
    fprintf(out, ", \"sha256\": \"%s\"},\n", info->dataset_sha256);
    fprintf(out, "  \"evaluation_date\": \"%04d-%02d-%02d\",\n", info->date / 10000, info->date / 100 % 100, info->date % 100);
    fprintf(out, "  \"generated_at\": \"%s\",\n", info->generated);
}

int school_stages(const Evaluation *ev, const SchoolResults *s, int *stages, int max)
{
    int n = 0;
    for (int k = s->first; k < s->first + s->count; k++) {
        int st = ev->results[k].stage, seen = 0;
        for (int j = 0; j < n; j++) seen |= stages[j] == st;
        if (st >= 0 && !seen && n < max) stages[n++] = st;
    }
    if (!n) stages[n++] = -1;
    return n;
}

const Result *school_result(const Evaluation *ev, const SchoolResults *s, const Indicator *ind, int stage)
{
    for (int k = s->first; k < s->first + s->count; k++) {
        const Result *r = &ev->results[k];
        if (r->indicator == ind->index && (ind->scope == LV_SCHOOL || r->stage == stage)) return r;
    }
    return NULL;
}

void report_json_threshold(FILE *out, const Run *run, const Threshold *th)
{
    if (!th) {
        PUTS("null", out);
        return;
    }
    PUTS("{\"operator\": ", out);
    json_string(out, op_text(th->op));
    PUTS(", \"value\": ", out);
    json_number(out, run_threshold(run, th));
    PUTC('}', out);
}

static void out_json_school(OutBuffer *b, const SchoolResults *s)
{
    OUT_LITERAL(b, "\"code\": ");
    out_json_string(b, s->code);
    OUT_LITERAL(b, ", \"name\": ");
    out_json_string(b, s->name);
    OUT_LITERAL(b, ", \"type\": ");
    out_json_string(b, s->type);
}

void report_json_school(FILE *out, const SchoolResults *s)
{
    OutBuffer b;
    out_init(&b, out);
    out_json_school(&b, s);
    out_flush(&b);
}

static void result_row(TableSink *t, const Run *run, const char *code, const char *name, const char *type, const Result *r)
{
    const RuleSet *rs = run->rs;
    const Indicator *ind = result_indicator(rs, r);
    const char *cells[] = {code, name, type, ind->id, r->stage >= 0 ? stage_word(rs, r->stage) : NULL, status_name(r->status),
                           result_clause(r) >= 0 ? ind->exceptions[result_clause(r)].qualified : NULL,
                           result_veto(r) >= 0 ? ind->vetoes[result_veto(r)].qualified : NULL};
    for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) t->text(t, cells[c]);
    t->number(t, r->value);
    const Threshold *th = r->threshold >= 0 ? &ind->thresholds[r->threshold] : NULL;
    t->text(t, th ? op_text(th->op) : NULL);
    t->number(t, th ? run_threshold(run, th) : NAN);
    Missing m = r->status == ST_MISSING ? result_missing(rs, r) : (Missing){0};
    t->text(t, m.what);
    t->text(t, r->status == ST_MISSING ? missing_reason(m.why) : NULL);
    t->end_row(t);
}

void report_table(TableSink *t, const Evaluation *ev, const RunInfo *info)
{
    static const char *const header[] = {"学校代码", "学校名称", "学校类型", "指标", "学段", "结果", "条款",
                                          "否决条款", "值", "比较", "标准", "缺少", "缺少原因"};
    table_texts(t, header, (int)(sizeof header / sizeof *header));
    for (int i = 0; i < ev->nschools; i++) {
        const SchoolResults *s = &ev->schools[i];
        for (int k = 0; k < s->count; k++) result_row(t, ev->run, s->code, s->name, s->type, &ev->results[s->first + k]);
    }
    for (int i = 0; i < ev->ncounty_results; i++) /* the county's own results: no school code */
        result_row(t, ev->run, NULL, info->dataset_name, msg(info->lang, MSG_REPORT_COUNTY_ROW), &ev->county_results[i]);
}

/* Schools formatted per chunk (on several threads for a national dataset):
 * a chunk of this many is under a megabyte of JSON (a few in flight). */
#define SCHOOLS_PER_CHUNK 256

/* Schools [first, last) of ev (all of the evaluation, or a batch of them:
 * leading tells whether the dataset's first school is among them). */
static void json_schools_of(FILE *out, const Evaluation *ev, const JsonTexts *texts, int first, int last, int leading)
{
    static _Thread_local OutBuffer b; /* 64 KiB: not on a worker's stack */
    out_init(&b, out);
    for (int i = first; i < last; i++) {
        const SchoolResults *s = &ev->schools[i];
        if (i == first && leading) OUT_LITERAL(&b, "\n    {");
        else OUT_LITERAL(&b, ",\n    {");
        out_json_school(&b, s);
        OUT_LITERAL(&b, ",\n     \"results\": [");
        for (int k = 0; k < s->count; k++) {
            if (k) OUT_LITERAL(&b, ",\n       ");
            else OUT_LITERAL(&b, "\n       ");
            json_result(&b, texts, &ev->results[s->first + k], 1);
        }
        OUT_LITERAL(&b, "]}");
    }
    out_flush(&b);
}

typedef struct JsonSchools {
    const Evaluation *ev;
    const JsonTexts *texts;
} JsonSchools;

static void json_schools(FILE *out, int first, int last, const void *ctx)
{
    const JsonSchools *js = ctx;
    json_schools_of(out, js->ev, js->texts, first, last, first == 0);
}

/* The widest of the names a verdict or a status is written with. */
static int status_width(void)
{
    int width = (int)strlen(verdict_code(ST_MISSING));
    for (Status s = ST_PASS; s < ST_COUNT; s++)
        if ((int)strlen(status_name(s)) > width) width = (int)strlen(status_name(s));
    return width;
}

/* Everything before the first school: the manifest, the verdict and the
 * categories, up to "schools": [. Each verdict and status is followed, at
 * the end of its line, by the spaces that make it as wide as the widest,
 * so that the head has the same length whatever the evaluation found: a
 * result written while the dataset is evaluated (report_json_begin) puts
 * its head in place at the end. ev NULL: the statuses are not known yet. */
static void json_head(FILE *out, const RuleSet *rs, const Evaluation *ev, const RunInfo *info)
{
    int width = status_width(), pad;
    PUTS("{\n", out);
    report_json_manifest(out, info);
    const char *verdict = ev ? verdict_code(ev->verdict) : "";
    fprintf(out, "  \"verdict\": \"%s\",%*s\n  \"categories\": {", verdict, width - (int)strlen(verdict), "");
    pad = 0;
    for (int c = 0; c < rs->ncategories; c++) {
        const char *status = ev ? status_name(ev->categories[c].status) : "";
        PUTS(c ? ", " : "", out);
        json_string(out, rs->categories[c]->name);
        fprintf(out, ": \"%s\"", status);
        pad += width - (int)strlen(status);
    }
    fprintf(out, "},%*s\n  \"schools\": [", pad, "");
}

/* Everything after the last school. */
static void json_tail(FILE *out, const Evaluation *ev, const JsonTexts *texts)
{
    const RuleSet *rs = ev->rs;
    PUTS(ev->nschools ? "\n  ],\n" : "],\n", out);
    PUTS("  \"county\": {\n    \"results\": [", out);
    int n = 0;
    for (int k = 0; k < ev->ncounty_results; k++) {
        PUTS(n++ ? ",\n      " : "\n      ", out);
        OutBuffer b;
        out_init(&b, out);
        json_result(&b, texts, &ev->county_results[k], 0);
        out_flush(&b);
    }
    for (int k = 0; k < ev->nrollups; k++) {
        const Rollup *r = &ev->rollups[k];
        PUTS(n++ ? ",\n      " : "\n      ", out);
        PUTS("{\"indicator\": ", out);
        json_string(out, r->ind->id);
        fprintf(out, ", \"status\": \"%s\", \"rollup\": true, \"counts\": {", status_name(r->status));
        for (Status s = ST_PASS; s < ST_COUNT; s++)
            fprintf(out, "%s\"%s\": %d", s ? ", " : "", status_name(s), r->counts[s]);
        PUTS("}}", out);
    }
    PUTS(n ? "\n    ],\n    \"cv\": [" : "],\n    \"cv\": [", out);
    for (int k = 0; k < ev->ncvs; k++) {
        const CvResult *c = &ev->cvs[k];
        PUTS(k ? ",\n      {\"indicator\": " : "\n      {\"indicator\": ", out);
        json_string(out, c->label);
        PUTS(", \"stage\": ", out);
        json_string(out, stage_word(rs, c->stage));
        PUTS(", \"value\": ", out);
        json_number(out, c->value);
        PUTS(", \"limit\": ", out);
        json_number(out, c->limit);
        fprintf(out, ", \"status\": \"%s\", \"schools\": %d", status_name(c->status), c->n);
        if (c->status == ST_MISSING) json_missing(out, c->missing);
        PUTC('}', out);
    }
    PUTS(ev->ncvs ? "\n    ]\n  }\n}\n" : "]\n  }\n}\n", out);
}

void report_json(FILE *out, const Evaluation *ev, const RunInfo *info, int jobs)
{
    JsonTexts texts;
    json_texts_init(&texts, ev);
    json_head(out, ev->rs, ev, info);
    JsonSchools schools = {ev, &texts};
    pool_write(out, ev->nschools, SCHOOLS_PER_CHUNK, json_schools, &schools, jobs);
    json_tail(out, ev, &texts);
    arena_free(&texts.arena);
}

struct JsonStream {
    JsonTexts texts;
    size_t head;          /* bytes of the head, at the start of the file */
};

/* json_head's text (*n bytes; the caller frees it). */
static char *head_text(const RuleSet *rs, const Evaluation *ev, const RunInfo *info, size_t *n)
{
    char *head = NULL;
    FILE *mem = open_memstream(&head, n);
    if (!mem) alloc_failed(0);
    json_head(mem, rs, ev, info);
    if (fclose(mem) != 0) alloc_failed(0);
    return head;
}

JsonStream *report_json_begin(FILE *out, const Evaluation *ev, const RunInfo *info)
{
    JsonStream *js = xmalloc(sizeof *js);
    json_texts_init(&js->texts, ev);
    RunInfo known = *info; /* the dataset's hash comes once it is read whole: as long */
    memset(known.dataset_sha256, '0', sizeof known.dataset_sha256 - 1);
    known.dataset_sha256[sizeof known.dataset_sha256 - 1] = '\0';
    char *head = head_text(ev->rs, NULL, &known, &js->head);
    fwrite(head, 1, js->head, out);
    free(head);
    return js;
}

void report_json_batch(FILE *out, const Evaluation *part, int leading, const void *stream)
{
    const JsonStream *js = stream;
    json_schools_of(out, part, &js->texts, 0, part->nschools, leading);
}

char *report_json_end(JsonStream *js, FILE *out, const Evaluation *ev, const RunInfo *info, size_t *n)
{
    json_tail(out, ev, &js->texts);
    char *head = head_text(ev->rs, ev, info, n);
    assert(*n == js->head); /* the same length whatever the statuses */
    return head;
}

void report_json_free(JsonStream *js)
{
    if (!js) return;
    arena_free(&js->texts.arena);
    free(js);
}

/* ---- text ---- */

void print_missing(FILE *out, Lang lang, Missing m)
{
    switch (m.why) {
    case MISS_ZERO: msg_print(out, lang, MSG_MISSING_ZERO, m.what); break;
    case MISS_INDICATOR: msg_print(out, lang, MSG_MISSING_INDICATOR, m.what); break;
    case MISS_SPLIT:
        msg_print(out, lang, MSG_MISSING_SPLIT, m.what);
        break;
    default: msg_print(out, lang, MSG_MISSING_ABSENT, m.what); break;
    }
}

int expr_is_percent(const Expr *e)
{
    if (e->kind == E_NUMBER) return e->percent;
    if (e->kind == E_PARAM && e->param && e->param->expr) return expr_is_percent(e->param->expr);
    return 0;
}

void print_condition_part(FILE *out, Lang lang, const CondPart *p)
{
    const Expr *t = p->expr;
    char *text = span_strdup(t->span);
    if (t->kind == E_COMPARE && !isnan(p->value) && !isnan(p->bound)) {
        char *left = span_strdup(t->a->span), v[48], b[48];
        if (t->a->type == TY_ENUM && t->field) { /* 信息化教学应用评价 合格，标准 ≥ 良好 */
            snprintf(v, sizeof v, "%s", t->field->words[(int)p->value]);
            snprintf(b, sizeof b, "%s", t->field->words[(int)p->bound]);
        } else if (expr_is_percent(t->b)) {
            format_percent(v, sizeof v, p->value);
            format_percent(b, sizeof b, p->bound);
        } else {
            format_human(v, sizeof v, p->value);
            format_human(b, sizeof b, p->bound);
        }
        msg_print(out, lang, MSG_CONDITION_COMPARE, left, v, op_text(t->op), b);
        free(left);
    } else if (p->holds < 0) {
        msg_print(out, lang, MSG_CONDITION_MISSING, text);
    } else if (t->kind == E_FIELD && t->type == TY_BOOL) {
        msg_print(out, lang, MSG_CONDITION_IS, text, msg(lang, p->holds ? MSG_EXPLAIN_TRUE : MSG_EXPLAIN_FALSE));
    } else if (t->kind == E_NOT && t->a->kind == E_FIELD && t->a->type == TY_BOOL) {
        char *inner = span_strdup(t->a->span);
        msg_print(out, lang, MSG_CONDITION_IS, inner, msg(lang, p->holds ? MSG_EXPLAIN_FALSE : MSG_EXPLAIN_TRUE));
        free(inner);
    } else {
        msg_print(out, lang, p->holds ? MSG_CONDITION_HELD : MSG_CONDITION_NOT_HELD, text);
    }
    free(text);
}

void print_school(FILE *out, const char *code, const char *name, const char *type)
{
    text_escaped(out, code);
    putc(' ', out);
    text_escaped(out, name);
    if (!type) return;
    fputs("（", out);
    text_escaped(out, type);
    fputs("）", out);
}

/* Report sections are numbered as they appear: 一、二、… (1. 2. …) */
static void section(FILE *out, Lang lang, int *n, MsgId title)
{
    static const MsgId numerals[] = {MSG_REPORT_SECTION_1, MSG_REPORT_SECTION_2, MSG_REPORT_SECTION_3,
                                     MSG_REPORT_SECTION_4, MSG_REPORT_SECTION_5, MSG_REPORT_SECTION_6,
                                     MSG_REPORT_SECTION_7, MSG_REPORT_SECTION_8, MSG_REPORT_SECTION_9};
    (*n)++;
    msg_print(out, lang, MSG_REPORT_SECTION, msg_ref(numerals[(*n - 1) % 9]), msg_ref(title));
}

int run_time(RunInfo *info)
{
    info->generated[0] = '\0';
    const char *epoch = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    if (epoch) {
        size_t digits = strspn(epoch, "0123456789");
        if (!digits || epoch[digits] || digits > 12 || strtoll(epoch, NULL, 10) > JH_MAX_SOURCE_DATE_EPOCH) return -1;
        t = (time_t)strtoll(epoch, NULL, 10);
    }
    struct tm tm;
    if (!localtime_r(&t, &tm)) return -1;
    info->generated_at = (long long)t;
    char zone[8];
    strftime(zone, sizeof zone, "%z", &tm); /* +0800 */
    strftime(info->generated, sizeof info->generated, "%Y-%m-%dT%H:%M:%S", &tm);
    size_t n = strlen(info->generated); /* 19, or 20 in the year 10000 east of Greenwich */
    snprintf(info->generated + n, sizeof info->generated - n, "%.3s:%.2s", zone, zone + 3);
    return 0;
}

void format_generated(char *buf, size_t size, const RunInfo *info)
{
    size_t day = strcspn(info->generated, "T"); /* the date, then the time without its zone */
    snprintf(buf, size, "%.*s %.8s", (int)day, info->generated, info->generated + day + (info->generated[day] != '\0'));
}

void report_manifest(FILE *out, const RunInfo *info)
{
    char generated[sizeof info->generated];
    format_generated(generated, sizeof generated, info);
    msg_print(out, info->lang, MSG_REPORT_MANIFEST, info->rules_name, info->rules_sha256, info->dataset_sha256,
              info->date / 10000, info->date / 100 % 100, info->date % 100, JH_VERSION, generated);
}

static void text_header(FILE *out, const Evaluation *ev, const RunInfo *info, int *n)
{
    Lang lang = info->lang;
    text_escaped(out, info->dataset_name ? info->dataset_name : info->dataset_path);
    fprintf(out, "%s\n", msg(lang, MSG_REPORT_TITLE));
    report_manifest(out, info);
    fprintf(out, "\n%s%s\n", msg(lang, MSG_REPORT_VERDICT), verdict_word(lang, ev->verdict));
    section(out, lang, n, MSG_REPORT_CATEGORIES);
    for (int c = 0; c < ev->rs->ncategories; c++) {
        fputs("  ", out);
        print_padded(out, ev->categories[c].cat->title, 16);
        Status st = ev->categories[c].status == ST_NOT_APPLICABLE ? ST_PASS : ev->categories[c].status;
        fprintf(out, "%s\n", verdict_word(lang, st));
    }
}

/* "（值 3.733，标准 ≥ 4.5）" or the reason a value is missing; cond: the
 * part of its 条件 that failed it, or NULL. */
static void result_detail(FILE *out, Lang lang, const Run *run, const Result *r, const CondPart *cond)
{
    const Indicator *ind = result_indicator(run->rs, r);
    if (result_veto(r) >= 0) {
        const Exception *v = &ind->vetoes[result_veto(r)];
        msg_print(out, lang, MSG_REPORT_VETOED, v->qualified, v->title);
    }
    if (cond) {
        fputs(msg(lang, MSG_REPORT_CONDITION_FAILED), out);
        print_condition_part(out, lang, cond);
    }
    if (!isnan(r->value) && r->threshold >= 0) {
        char v[32], t[32];
        const Threshold *th = &ind->thresholds[r->threshold];
        format_against(v, t, sizeof v, r->value, run, th);
        msg_print(out, lang, MSG_RESULT_VALUE_THRESHOLD, v, op_text(th->op), t);
    }
    if (result_clause(r) >= 0)
        msg_print(out, lang, MSG_REPORT_BY_CLAUSE, ind->exceptions[result_clause(r)].qualified,
                  ind->exceptions[result_clause(r)].title);
    if (r->status == ST_MISSING) {
        fputs(msg(lang, MSG_COMMA), out);
        print_missing(out, lang, result_missing(run->rs, r));
    }
}

static void text_result_line(FILE *out, Lang lang, const Run *run, const Result *r, const CondPart *cond)
{
    const RuleSet *rs = run->rs;
    const Indicator *ind = result_indicator(rs, r);
    fprintf(out, "    %-4s", ind->id);
    if (r->stage >= 0) fprintf(out, " %s", stage_word(rs, r->stage));
    msg_print(out, lang, MSG_REPORT_RESULT_LINE, ind->title, status_word(lang, r->status));
    result_detail(out, lang, run, r, cond);
    putc('\n', out);
}

/* Lines of the reasons, each written as the text report prints it and
 * handed to whoever renders them (the text report, the HTML report). */
typedef struct Lines {
    ReasonLine line;
    void *ctx;
    char *text;
    size_t size;
} Lines;

static FILE *line_begin(Lines *l)
{
    return open_memstream(&l->text, &l->size);
}

static void line_end(Lines *l, FILE *out, ReasonKind kind, int school)
{
    fclose(out);
    l->line(l->ctx, kind, school, l->text);
    free(l->text);
}

/* The school's results of unit (stage) for the indicators r reads, that
 * fail or lack data: why an aggregate such as RA failed. */
static void failing_parts(Lines *l, Lang lang, const Evaluation *ev, int si, const Result *r)
{
    const SchoolResults *s = &ev->schools[si];
    const Indicator *ind = result_indicator(ev->rs, r);
    for (int d = 0; d < ind->nreads; d++) {
        const Indicator *read = ind->reads[d];
        for (int k = 0; k < s->count; k++) {
            const Result *p = &ev->results[s->first + k];
            if (p->indicator != read->index || p->stage != r->stage) continue;
            if (p->status != ST_FAIL && p->status != ST_MISSING) continue;
            FILE *out = line_begin(l);
            msg_print(out, lang, MSG_REPORT_FAILING_PART, read->id, read->title, status_word(lang, p->status));
            result_detail(out, lang, ev->run, p, eval_failed_condition(ev, s->first + k));
            putc('\n', out);
            line_end(l, out, REASON_PART, si);
        }
    }
}

/* Every school (stage) whose result for ind fails or lacks data. */
static void failing_schools(Lines *l, Lang lang, const Evaluation *ev, const Indicator *ind)
{
    for (int i = 0; i < ev->nschools; i++) {
        const SchoolResults *s = &ev->schools[i];
        for (int k = 0; k < s->count; k++) {
            const Result *r = &ev->results[s->first + k];
            if (r->indicator != ind->index || (r->status != ST_FAIL && r->status != ST_MISSING)) continue;
            FILE *out = line_begin(l);
            fputs("      ", out);
            print_school(out, s->code, s->name, NULL);
            if (r->stage >= 0) fprintf(out, " · %s", stage_word(ev->rs, r->stage));
            msg_print(out, lang, MSG_REPORT_SCHOOL_STATUS, status_word(lang, r->status));
            result_detail(out, lang, ev->run, r, eval_failed_condition(ev, s->first + k));
            putc('\n', out);
            line_end(l, out, REASON_SCHOOL, i);
            failing_parts(l, lang, ev, i, r);
        }
    }
}

void report_reasons(const Evaluation *ev, Lang lang, ReasonLine line, void *ctx)
{
    const RuleSet *rs = ev->rs;
    Lines l = {line, ctx, NULL, 0};
    for (int c = 0; c < rs->ncategories; c++) {
        const CategoryResult *cr = &ev->categories[c];
        if (cr->status != ST_FAIL && cr->status != ST_MISSING) continue;
        FILE *out = line_begin(&l);
        msg_print(out, lang, MSG_REPORT_CATEGORY_REASON, cr->cat->title, verdict_word(lang, cr->status));
        line_end(&l, out, REASON_CATEGORY, -1);
        for (int m = 0; m < cr->cat->nmembers; m++) {
            if (cr->cat->cvs[m]) {
                for (int k = 0; k < ev->ncvs; k++) {
                    const CvResult *cv = &ev->cvs[k];
                    if (cv->cv != cr->cat->cvs[m] || (cv->status != ST_FAIL && cv->status != ST_MISSING)) continue;
                    char v[32], lim[32];
                    format_human(v, sizeof v, cv->value);
                    format_human(lim, sizeof lim, cv->limit);
                    out = line_begin(&l);
                    msg_print(out, lang, MSG_REPORT_CV_REASON, cv->cv->title, cv->label, stage_word(rs, cv->stage),
                              status_word(lang, cv->status), v, op_text(cv->op), lim);
                    if (cv->status == ST_MISSING) {
                        fputs(msg(lang, MSG_COMMA), out);
                        print_missing(out, lang, cv->missing);
                    }
                    putc('\n', out);
                    line_end(&l, out, REASON_CV, -1);
                }
                continue;
            }
            const Indicator *ind = cr->cat->indicators[m];
            if (ind->scope == LV_COUNTY) {
                for (int k = 0; k < ev->ncounty_results; k++) {
                    const Result *r = &ev->county_results[k];
                    if (r->indicator != ind->index || (r->status != ST_FAIL && r->status != ST_MISSING)) continue;
                    out = line_begin(&l);
                    msg_print(out, lang, MSG_REPORT_COUNTY_REASON, ind->id, ind->title,
                              status_word(lang, r->status));
                    result_detail(out, lang, ev->run, r, eval_county_failed_condition(ev, k));
                    putc('\n', out);
                    line_end(&l, out, REASON_COUNTY, -1);
                }
                continue;
            }
            for (int k = 0; k < ev->nrollups; k++) {
                const Rollup *r = &ev->rollups[k];
                if (r->ind != ind || (r->status != ST_FAIL && r->status != ST_MISSING)) continue;
                out = line_begin(&l);
                msg_print(out, lang, MSG_REPORT_ROLLUP_REASON, ind->id,
                          ind->title, r->counts[ST_FAIL], r->counts[ST_MISSING]);
                line_end(&l, out, REASON_ROLLUP, -1);
                failing_schools(&l, lang, ev, ind);
            }
        }
    }
}

/* A line of the text report: as it was written. */
static void print_line(void *ctx, ReasonKind kind, int school, const char *text)
{
    (void)kind;
    (void)school;
    fputs(text, ctx);
}

/* For each category that does not pass: each member that does not, and why. */
static void text_reasons(FILE *out, Lang lang, const Evaluation *ev, int *n)
{
    for (int c = 0; c < ev->rs->ncategories; c++) {
        Status st = ev->categories[c].status;
        if (st != ST_FAIL && st != ST_MISSING) continue;
        section(out, lang, n, MSG_REPORT_REASONS);
        report_reasons(ev, lang, print_line, out);
        return;
    }
}

static void text_county(FILE *out, Lang lang, const Evaluation *ev, int *n)
{
    if (!ev->ncounty_results) return;
    section(out, lang, n, MSG_REPORT_COUNTY);
    for (int k = 0; k < ev->ncounty_results; k++)
        text_result_line(out, lang, ev->run, &ev->county_results[k], eval_county_failed_condition(ev, k));
}

static void text_cvs(FILE *out, Lang lang, const Evaluation *ev, int *n)
{
    if (!ev->ncvs) return;
    section(out, lang, n, MSG_REPORT_CVS);
    for (int k = 0; k < ev->ncvs; k++) {
        const CvResult *c = &ev->cvs[k];
        char v[32], l[32];
        format_human(v, sizeof v, c->value);
        format_human(l, sizeof l, c->limit);
        if (c->n == 0 && c->status == ST_NOT_APPLICABLE) /* no school-stage of that stage in scope */
            msg_print(out, lang, MSG_REPORT_CV_NO_SCHOOLS, c->label, stage_word(ev->rs, c->stage));
        else if (isnan(c->limit)) /* no limit of its own: a composite of the declaration is tested */
            msg_print(out, lang, MSG_REPORT_CV_REFERENCE, c->label,
                      stage_word(ev->rs, c->stage), v);
        else
            fprintf(out, "    %-4s %s  %s %s %s  %s", c->label, stage_word(ev->rs, c->stage), v, op_text(c->op), l,
                    status_word(lang, c->status));
        if (c->status == ST_MISSING) {
            fputs(msg(lang, MSG_OPEN_PAREN), out);
            print_missing(out, lang, c->missing);
            fputs(msg(lang, MSG_CLOSE_PAREN), out);
        }
        putc('\n', out);
    }
}

static void text_rollups(FILE *out, Lang lang, const Evaluation *ev, int *n)
{
    if (!ev->nrollups) return;
    section(out, lang, n, MSG_REPORT_ROLLUPS);
    for (int k = 0; k < ev->nrollups; k++) {
        const Rollup *r = &ev->rollups[k];
        fprintf(out, "    %-4s ", r->ind->id);
        print_padded(out, r->ind->title, 34);
        fprintf(out, " %3d / %d / %d / %d / %d  %s\n", r->counts[ST_PASS], r->counts[ST_PASS_EXCEPTION],
                r->counts[ST_FAIL], r->counts[ST_MISSING], r->counts[ST_NOT_APPLICABLE], status_word(lang, r->status));
    }
}

/* Results passed by an exception clause, school by school: what inspectors audit. */
static void text_exceptions(FILE *out, Lang lang, const Evaluation *ev, int *n)
{
    int header = 0;
    for (int i = 0; i < ev->nschools; i++) {
        const SchoolResults *s = &ev->schools[i];
        int shown = 0;
        for (int k = 0; k < s->count; k++) {
            const Result *r = &ev->results[s->first + k];
            if (r->status != ST_PASS_EXCEPTION) continue;
            if (!header++) section(out, lang, n, MSG_REPORT_EXCEPTIONS);
            if (!shown++) {
                fputs("  ", out);
                print_school(out, s->code, s->name, s->type);
                putc('\n', out);
            }
            text_result_line(out, lang, ev->run, r, NULL);
        }
    }
}

void report_text(FILE *out, const Evaluation *ev, const RunInfo *info)
{
    Lang lang = info->lang;
    int n = 0;
    text_header(out, ev, info, &n);
    text_reasons(out, lang, ev, &n);
    text_county(out, lang, ev, &n);
    text_cvs(out, lang, ev, &n);
    text_rollups(out, lang, ev, &n);
    text_exceptions(out, lang, ev, &n);
    msg_print(out, lang, MSG_REPORT_FOOTER, ev->nschools);
}

void report_rollup(FILE *out, Lang lang, const Evaluation *ev, const Indicator *ind, const char *dataset_name)
{
    for (int k = 0; k < ev->nrollups; k++) {
        const Rollup *r = &ev->rollups[k];
        if (r->ind != ind) continue;
        text_escaped(out, dataset_name);
        msg_print(out, lang, MSG_ROLLUP_TITLE, ev->rs->name);
        msg_print(out, lang, MSG_ROLLUP_HEAD, ind->id, ind->title, ind->source, status_word(lang, r->status));
        fputs(msg(lang, MSG_ROLLUP_RULE), out);
        msg_print(out, lang, MSG_ROLLUP_UNITS, r->counts[ST_PASS], r->counts[ST_PASS_EXCEPTION], r->counts[ST_FAIL],
                  r->counts[ST_MISSING], r->counts[ST_NOT_APPLICABLE]);
        if (r->counts[ST_FAIL] || r->counts[ST_MISSING])
            fprintf(out, "%s\n", msg(lang, MSG_ROLLUP_FAILING));
        Lines l = {print_line, out, NULL, 0};
        failing_schools(&l, lang, ev, ind);
    }
}

void report_cv(FILE *out, Lang lang, const Evaluation *ev, const CvDecl *cv, const char *dataset_name)
{
    text_escaped(out, dataset_name);
    msg_print(out, lang, MSG_CV_TITLE, ev->rs->name);
    msg_print(out, lang, MSG_CV_HEAD, cv->name, cv->title, cv->source);
    fputs(msg(lang, MSG_CV_FORMULA), out);
    for (int k = 0; k < ev->ncvs; k++) {
        const CvResult *c = &ev->cvs[k];
        if (c->cv != cv) continue;
        char v[32], l[32], m[32], sd[32], w[32];
        format_human(v, sizeof v, c->value);
        format_human(l, sizeof l, c->limit);
        format_human(m, sizeof m, c->mean);
        format_human(sd, sizeof sd, c->sd);
        format_human(w, sizeof w, c->weight);
        fprintf(out, "  %-4s %s  ", c->label, stage_word(ev->rs, c->stage));
        if (c->ind)
            msg_print(out, lang, MSG_CV_LINE, c->n, w, m, sd, v);
        else
            msg_print(out, lang, MSG_CV_MEAN, v);
        if (!isnan(c->limit)) msg_print(out, lang, MSG_CV_LIMIT, op_text(c->op), l);
        fprintf(out, " → %s", status_word(lang, c->status));
        if (c->status == ST_MISSING) {
            fputs(msg(lang, MSG_OPEN_PAREN), out);
            print_missing(out, lang, c->missing);
            fputs(msg(lang, MSG_CLOSE_PAREN), out);
        }
        putc('\n', out);
    }
}
