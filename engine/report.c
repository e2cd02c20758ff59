/* report.c — JSON and text renderers (see report.h). */
#define _GNU_SOURCE /* fputs_unlocked, fwrite_unlocked */
#include "report.h"
#include "arena.h"
#include "numfmt.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void format_human(char *buf, size_t size, double x)
{
    if (isnan(x)) snprintf(buf, size, "—");
    else if (x == floor(x) && fabs(x) < 1e12) snprintf(buf, size, "%.0f", x);
    else if (fabs(x) >= 100) snprintf(buf, size, "%.1f", x);
    else snprintf(buf, size, "%.4g", x);
}

const char *status_word(Status s)
{
    static const char *const words[][2] = {
        {"达标", "pass"}, {"认定达标", "pass by exception"}, {"未达标", "fail"},
        {"缺少数据", "missing data"}, {"不适用", "not applicable"},
    };
    return words[s][msg_lang];
}

const char *verdict_word(Status s)
{
    if (s == ST_PASS) return msg_lang == LANG_ZH ? "通过" : "pass";
    if (s == ST_FAIL) return msg_lang == LANG_ZH ? "未通过" : "fail";
    return msg_lang == LANG_ZH ? "数据不全，无法认定" : "incomplete";
}

static const char *verdict_code(Status s)
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

static void json_string(FILE *out, const char *s)
{
    if (!s) {
        PUTS("null", out);
        return;
    }
    PUTC('"', out);
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (; *p; p++) {
        if (*p != '"' && *p != '\\' && *p >= 0x20) continue;
        fwrite_unlocked(run, 1, (size_t)(p - run), out);
        if (*p < 0x20) fprintf(out, "\\u%04x", *p);
        else {
            PUTC('\\', out);
            PUTC(*p, out);
        }
        run = p + 1;
    }
    fwrite_unlocked(run, 1, (size_t)(p - run), out);
    PUTC('"', out);
}

static void json_number(FILE *out, double x)
{
    char buf[40];
    if (isnan(x) || isinf(x)) {
        PUTS("null", out);
        return;
    }
    numfmt_shortest(buf, sizeof buf, x);
    PUTS(buf, out);
}

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

/* Threshold texts, formatted once per rule set rather than per result. */
typedef struct ThresholdText {
    const Indicator *ind;
    char (*text)[40];
} ThresholdText;

static void json_result(FILE *out, const RuleSet *rs, const ThresholdText *th, const Result *r, int with_stage)
{
    PUTS("{\"indicator\": ", out);
    json_string(out, r->ind->id);
    if (with_stage) {
        PUTS(", \"stage\": ", out);
        json_string(out, stage_word(rs, r->stage));
    }
    PUTS(", \"status\": \"", out);
    PUTS(status_name(r->status), out);
    PUTS("\", \"clause\": ", out);
    json_string(out, r->clause >= 0 ? r->ind->exceptions[r->clause].qualified : NULL);
    if (!isnan(r->value) || r->threshold >= 0) {
        PUTS(", \"value\": ", out);
        json_number(out, r->value);
        PUTS(", \"threshold\": ", out);
        if (r->threshold >= 0) PUTS(th[r->ind->index].text[r->threshold], out);
        else PUTS("null", out);
    }
    if (r->status == ST_MISSING) json_missing(out, result_missing(r));
    PUTC('}', out);
}

void report_json(FILE *out, const Evaluation *ev, const RunInfo *info)
{
    const RuleSet *rs = ev->rs;
    ThresholdText *th = xcalloc((size_t)rs->nindicators + 1, sizeof *th);
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        th[i].ind = ind;
        th[i].text = xcalloc((size_t)ind->nthresholds + 1, sizeof *th[i].text);
        for (int k = 0; k < ind->nthresholds; k++)
            numfmt_shortest(th[i].text[k], sizeof th[i].text[k], ind->thresholds[k].number);
    }
    fprintf(out, "{\n  \"engine\": {\"name\": \"junheng\", \"version\": \"%s\"},\n", JH_VERSION);
    PUTS("  \"rules\": {\"name\": ", out);
    json_string(out, info->rules_name);
    fprintf(out, ", \"sha256\": \"%s\"},\n  \"dataset\": {\"name\": ", info->rules_sha256);
    json_string(out, info->dataset_name);
    fprintf(out, ", \"sha256\": \"%s\"},\n", info->dataset_sha256);
    fprintf(out, "  \"verdict\": \"%s\",\n  \"categories\": {", verdict_code(ev->verdict));
    for (int c = 0; c < rs->ncategories; c++) {
        PUTS(c ? ", " : "", out);
        json_string(out, ev->categories[c].cat->name);
        fprintf(out, ": \"%s\"", status_name(ev->categories[c].status));
    }
    PUTS("},\n  \"schools\": [", out);
    for (int i = 0; i < ev->nschools; i++) {
        const SchoolResults *s = &ev->schools[i];
        PUTS(i ? ",\n    {\"code\": " : "\n    {\"code\": ", out);
        json_string(out, s->code);
        PUTS(", \"name\": ", out);
        json_string(out, s->name);
        PUTS(", \"type\": ", out);
        json_string(out, s->type);
        PUTS(",\n     \"results\": [", out);
        for (int k = 0; k < s->count; k++) {
            PUTS(k ? ",\n       " : "\n       ", out);
            json_result(out, rs, th, &ev->results[s->first + k], 1);
        }
        PUTS("]}", out);
    }
    PUTS(ev->nschools ? "\n  ],\n" : "],\n", out);
    PUTS("  \"county\": {\n    \"results\": [", out);
    int n = 0;
    for (int k = 0; k < ev->ncounty_results; k++) {
        PUTS(n++ ? ",\n      " : "\n      ", out);
        json_result(out, rs, th, &ev->county_results[k], 0);
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
        json_string(out, c->ind->id);
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
    for (int i = 0; i < rs->nindicators; i++) free(th[i].text);
    free(th);
}

/* ---- text ---- */

void print_missing(FILE *out, Missing m)
{
    switch (m.why) {
    case MISS_ZERO: fprintf(out, zh_en("%s 为 0，无法相除", "%s is 0, cannot divide"), m.what); break;
    case MISS_INDICATOR: fprintf(out, zh_en("指标 %s 缺少数据", "indicator %s lacks data"), m.what); break;
    case MISS_SPLIT:
        fprintf(out, zh_en("共用资源无法分摊到学段（有学段缺少 %s，或全为 0）", "shared resources cannot be split (a stage lacks %s, or all are 0)"),
                m.what);
        break;
    default: fprintf(out, zh_en("缺少 %s", "lacks %s"), m.what); break;
    }
}

static void text_header(FILE *out, const Evaluation *ev, const RunInfo *info)
{
    fprintf(out, "%s%s\n", info->dataset_name ? info->dataset_name : info->dataset_path,
            zh_en(" — 评估结果", " — evaluation"));
    fprintf(out, zh_en("规则集 %s（sha256 %.12s）· 数据集 sha256 %.12s · junheng %s\n",
                   "rules %s (sha256 %.12s) · dataset sha256 %.12s · junheng %s\n"),
            info->rules_name, info->rules_sha256, info->dataset_sha256, JH_VERSION);
    fprintf(out, "\n%s%s\n", zh_en("评估结论：", "Verdict: "), verdict_word(ev->verdict));
    for (int c = 0; c < ev->rs->ncategories; c++)
        fprintf(out, "  %-*s %s\n", 12, ev->categories[c].cat->title, status_word(ev->categories[c].status));
}

static void text_cvs(FILE *out, const Evaluation *ev)
{
    if (!ev->ncvs) return;
    fprintf(out, "\n%s\n", zh_en("校际差异系数（按在校生数加权）", "Between-school CVs (enrolment-weighted)"));
    for (int k = 0; k < ev->ncvs; k++) {
        const CvResult *c = &ev->cvs[k];
        char v[32], l[32];
        format_human(v, sizeof v, c->value);
        format_human(l, sizeof l, c->limit);
        fprintf(out, "  %-4s %s  %s %s %s  %s", c->ind->id, stage_word(ev->rs, c->stage), v, op_text(c->op), l,
                status_word(c->status));
        if (c->status == ST_MISSING) {
            fputs(zh_en("（", " ("), out);
            print_missing(out, c->missing);
            fputs(zh_en("）", ")"), out);
        }
        putc('\n', out);
    }
}

static void text_rollups(FILE *out, const Evaluation *ev)
{
    if (!ev->nrollups) return;
    fprintf(out, "\n%s\n", zh_en("各指标学校达标情况（达标 / 认定达标 / 未达标 / 缺少数据 / 不适用）",
                             "Schools per indicator (pass / by exception / fail / missing / n.a.)"));
    for (int k = 0; k < ev->nrollups; k++) {
        const Rollup *r = &ev->rollups[k];
        fprintf(out, "  %-4s %s  %d / %d / %d / %d / %d  %s\n", r->ind->id, r->ind->title, r->counts[ST_PASS],
                r->counts[ST_PASS_EXCEPTION], r->counts[ST_FAIL], r->counts[ST_MISSING],
                r->counts[ST_NOT_APPLICABLE], status_word(r->status));
    }
}

static void text_result_line(FILE *out, const RuleSet *rs, const Result *r)
{
    fprintf(out, "    %-4s", r->ind->id);
    if (r->stage >= 0) fprintf(out, " %s", stage_word(rs, r->stage));
    fprintf(out, " %s：%s", r->ind->title, status_word(r->status));
    if (!isnan(r->value) && r->threshold >= 0) {
        char v[32], t[32];
        format_human(v, sizeof v, r->value);
        format_human(t, sizeof t, result_threshold(r));
        fprintf(out, zh_en("（值 %s，标准 %s）", " (value %s, threshold %s)"), v, t);
    }
    if (r->clause >= 0)
        fprintf(out, zh_en("，依 %s %s", ", by %s %s"), r->ind->exceptions[r->clause].qualified,
                r->ind->exceptions[r->clause].title);
    if (r->status == ST_MISSING)
    {
        fputs(zh_en("，", ", "), out);
        print_missing(out, result_missing(r));
    }
    putc('\n', out);
}

/* Schools with something to act on: fails and missing data first, then
 * results passed by exception (what inspectors audit). */
static void text_schools(FILE *out, const Evaluation *ev, int want_exceptions)
{
    int header = 0;
    for (int i = 0; i < ev->nschools; i++) {
        const SchoolResults *s = &ev->schools[i];
        int shown = 0;
        for (int k = 0; k < s->count; k++) {
            const Result *r = &ev->results[s->first + k];
            int wanted = want_exceptions ? r->status == ST_PASS_EXCEPTION
                                         : r->status == ST_FAIL || r->status == ST_MISSING;
            if (!wanted) continue;
            if (!header++)
                fprintf(out, "\n%s\n", want_exceptions ? zh_en("依例外条款认定达标", "Passed by exception")
                                                       : zh_en("未达标与缺少数据", "Failures and missing data"));
            if (!shown++) fprintf(out, "  %s %s（%s）\n", s->code, s->name, s->type);
            text_result_line(out, ev->rs, r);
        }
    }
}

void report_text(FILE *out, const Evaluation *ev, const RunInfo *info)
{
    text_header(out, ev, info);
    text_cvs(out, ev);
    text_rollups(out, ev);
    if (ev->ncounty_results) {
        fprintf(out, "\n%s\n", zh_en("县级指标", "County indicators"));
        for (int k = 0; k < ev->ncounty_results; k++) text_result_line(out, ev->rs, &ev->county_results[k]);
    }
    text_schools(out, ev, 0);
    text_schools(out, ev, 1);
    fprintf(out, zh_en("\n共 %d 所学校。查看某校某项的推导过程：junheng explain 数据集 --school 学校代码 --indicator 指标\n",
                   "\n%d schools. To see how a result was derived: junheng explain DATASET --school CODE --indicator ID\n"),
            ev->nschools);
}
