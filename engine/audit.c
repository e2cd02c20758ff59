/* audit.c — the exemption ledger (see audit.h). */
#include "audit.h"
#include "arena.h"
#include "escape.h"
#include "msg.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A result passed by exception, and its school. */
typedef struct Entry {
    int school, result;
} Entry;

/* The rule set's clauses in order (I3.E1, I4.E1, I4.E2 …), each with the
 * results it decided, in school order, and its count per school type. */
typedef struct Ledger {
    const Exception **clauses;
    int nclauses;
    int *first;           /* per clause: range in entries (first[c] .. first[c + 1]) */
    Entry *entries;
    const char **types;   /* distinct school types, in order of first appearance */
    int ntypes;
    int *by_type;         /* [clause * ntypes + type] */
    int schools;          /* schools with at least one result passed by exception */
} Ledger;

static const char *type_of(const SchoolResults *s, Lang lang)
{
    return s->type ? s->type : msg(lang, MSG_AUDIT_TYPE_NOT_GIVEN);
}

static int type_index(Ledger *l, const char *type)
{
    for (int t = 0; t < l->ntypes; t++)
        if (strcmp(l->types[t], type) == 0) return t;
    return -1;
}

static void ledger_build(Ledger *l, const Evaluation *ev, Lang lang)
{
    const RuleSet *rs = ev->rs;
    memset(l, 0, sizeof *l);
    int *base = xcalloc((size_t)rs->nindicators + 1, sizeof *base);
    for (int i = 0; i < rs->nindicators; i++) base[i + 1] = base[i] + rs->indicators[i]->nexceptions;
    l->nclauses = base[rs->nindicators];
    l->clauses = xcalloc((size_t)l->nclauses + 1, sizeof *l->clauses);
    for (int i = 0; i < rs->nindicators; i++)
        for (int k = 0; k < rs->indicators[i]->nexceptions; k++) l->clauses[base[i] + k] = &rs->indicators[i]->exceptions[k];
    l->types = xcalloc((size_t)ev->nschools + 1, sizeof *l->types);
    for (int s = 0; s < ev->nschools; s++)
        if (type_index(l, type_of(&ev->schools[s], lang)) < 0) l->types[l->ntypes++] = type_of(&ev->schools[s], lang);
    l->by_type = xcalloc((size_t)l->nclauses * (size_t)l->ntypes + 1, sizeof *l->by_type);
    /* Counting sort by clause: count, then place, keeping school order. */
    l->first = xcalloc((size_t)l->nclauses + 1, sizeof *l->first);
    for (int pass = 0; pass < 2; pass++) {
        int *next = pass ? xcalloc((size_t)l->nclauses + 1, sizeof *next) : NULL;
        if (pass) {
            for (int c = 0; c < l->nclauses; c++) l->first[c + 1] += l->first[c];
            memcpy(next, l->first, (size_t)l->nclauses * sizeof *next);
            l->entries = xcalloc((size_t)l->first[l->nclauses] + 1, sizeof *l->entries);
        }
        for (int s = 0; s < ev->nschools; s++) {
            const SchoolResults *school = &ev->schools[s];
            int any = 0;
            for (int k = school->first; k < school->first + school->count; k++) {
                const Result *r = &ev->results[k];
                if (r->status != ST_PASS_EXCEPTION) continue;
                int c = base[r->indicator] + result_clause(r);
                any = 1;
                if (!pass) {
                    l->first[c + 1]++;
                    l->by_type[c * l->ntypes + type_index(l, type_of(school, lang))]++;
                } else {
                    l->entries[next[c]++] = (Entry){s, k};
                }
            }
            if (!pass) l->schools += any;
        }
        free(next);
    }
    free(base);
}

/* The exceptions of ind that would decide were the deciding clause struck
 * out: the later ones that hold too, joined by sep ("I4.E3、I5.E2"); ""
 * for none. */
static const char *also_held(char *buf, size_t n, const Indicator *ind, const ClauseValue *cv, const char *sep)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int k = 0; k < ind->nexceptions && k < 64; k++) {
        if (!(cv->also >> k & 1)) continue;
        int w = snprintf(buf + len, n - len, "%s%s", len ? sep : "", ind->exceptions[k].qualified);
        if (w < 0 || (size_t)w >= n - len) break;
        len += (size_t)w;
    }
    return buf;
}

/* What a result of ind would be without its deciding clause: passed by the
 * next that holds, or failed. */
static const char *without_clause(char *buf, size_t n, Lang lang, const Indicator *ind, const ClauseValue *cv)
{
    int next = clause_next_holding(cv);
    if (next < 0) snprintf(buf, n, "%s", msg(lang, MSG_STATUS_FAIL));
    else msg_snprint(buf, n, lang, MSG_AUDIT_WITHOUT_EXCEPTION, ind->exceptions[next].qualified);
    return buf;
}

static void ledger_free(Ledger *l)
{
    free(l->clauses);
    free(l->first);
    free(l->entries);
    free(l->types);
    free(l->by_type);
}

static const Threshold *threshold_of(const RuleSet *rs, const Result *r)
{
    return r->threshold >= 0 ? &result_indicator(rs, r)->thresholds[r->threshold] : NULL;
}

/* "值 4.0，标准 ≥ 4.2" (or the value alone when there is no threshold). */
static void text_against(FILE *out, Lang lang, double x, const Run *run, const Threshold *th)
{
    char v[40], t[40];
    if (!th) {
        format_human(v, sizeof v, x);
        msg_print(out, lang, MSG_AUDIT_VALUE, v);
        return;
    }
    format_against(v, t, sizeof v, x, run, th);
    msg_print(out, lang, MSG_AUDIT_VALUE_THRESHOLD, v, op_text(th->op), t);
}

static void print_text(FILE *out, const Evaluation *ev, const RunInfo *info, const Ledger *l)
{
    Lang lang = info->lang;
    const RuleSet *rs = ev->rs;
    int undecided = 0;
    for (int c = 0; c < l->nclauses; c++) undecided += l->first[c + 1] == l->first[c];
    text_escaped(out, info->dataset_name ? info->dataset_name : info->dataset_path);
    fprintf(out, "%s\n", msg(lang, MSG_AUDIT_TITLE));
    report_manifest(out, info);
    msg_print(out, lang, MSG_AUDIT_SUMMARY, l->first[l->nclauses], l->schools, l->nclauses, undecided);
    for (int c = 0; c < l->nclauses; c++) {
        const Exception *ex = l->clauses[c];
        int n = l->first[c + 1] - l->first[c];
        if (!n) continue;
        const Indicator *ind = result_indicator(rs, &ev->results[l->entries[l->first[c]].result]);
        fprintf(out, "\n%s %s（%s %s）\n", ex->qualified, ex->title, ind->id, ind->title);
        char where[512];
        span_location(ex->span, where, sizeof where);
        msg_print(out, lang, MSG_AUDIT_SOURCE, ex->source);
        text_escaped(out, where); /* a path: what the file system holds */
        putc('\n', out);
        msg_print(out, lang, MSG_AUDIT_PASSED, n);
        for (int t = 0, shown = 0; t < l->ntypes; t++) {
            int count = l->by_type[c * l->ntypes + t];
            if (!count) continue;
            fprintf(out, "%s%s %d", shown++ ? msg(lang, MSG_COMMA) : "", l->types[t], count);
        }
        fputc('\n', out);
        for (int e = l->first[c]; e < l->first[c + 1]; e++) {
            const SchoolResults *s = &ev->schools[l->entries[e].school];
            const Result *r = &ev->results[l->entries[e].result];
            fputs("    ", out);
            print_school(out, s->code, s->name, type_of(s, lang));
            if (r->stage >= 0) fprintf(out, " %s", stage_word(rs, r->stage));
            fputs(msg(lang, MSG_COLON), out);
            if (!isnan(r->value) || threshold_of(rs, r)) {
                fputs(msg(lang, MSG_AUDIT_INDICATOR), out);
                text_against(out, lang, r->value, ev->run, threshold_of(rs, r));
                fputs(msg(lang, MSG_SEMICOLON), out);
            }
            const ClauseValue *cv = eval_clause_value(ev, l->entries[e].result);
            if (!isnan(cv->value)) {
                fputs(msg(lang, MSG_AUDIT_BY_THIS_CLAUSE), out);
                text_against(out, lang, cv->value, ev->run, cv->threshold);
            } else {
                fputs(msg(lang, MSG_AUDIT_CONDITION_HOLDS), out);
                if (cv->threshold) { /* its own 标准, which its condition compares with */
                    char t[40];
                    format_threshold(t, sizeof t, ev->run, cv->threshold);
                    msg_print(out, lang, MSG_AUDIT_OWN_THRESHOLD, op_text(cv->threshold->op), t);
                }
            }
            char also[256], without[128];
            if (*also_held(also, sizeof also, ind, cv, msg(lang, MSG_LIST_SEPARATOR)))
                msg_print(out, lang, MSG_AUDIT_ALSO_HELD, also);
            msg_print(out, lang, MSG_AUDIT_WITHOUT, ex->qualified,
                      without_clause(without, sizeof without, lang, ind, cv));
        }
    }
    if (undecided) {
        fputs(msg(lang, MSG_AUDIT_UNDECIDED), out);
        for (int c = 0; c < l->nclauses; c++)
            if (l->first[c + 1] == l->first[c]) fprintf(out, "  %s %s\n", l->clauses[c]->qualified, l->clauses[c]->title);
    }
}

void audit_table(TableSink *t, const Evaluation *ev, Lang lang)
{
    static const char *const header[] = {"条款", "条款名称", "依据", "规则位置", "学校代码", "学校名称", "学校类型", "指标",
                                          "学段", "指标值", "标准", "条款值", "条款标准", "另满足的条款", "不依本条时"};
    table_texts(t, header, (int)(sizeof header / sizeof *header));
    Ledger l;
    ledger_build(&l, ev, lang);
    for (int c = 0; c < l.nclauses; c++) {
        const Exception *ex = l.clauses[c];
        for (int e = l.first[c]; e < l.first[c + 1]; e++) {
            const SchoolResults *s = &ev->schools[l.entries[e].school];
            const Result *r = &ev->results[l.entries[e].result];
            const Indicator *ind = result_indicator(ev->rs, r);
            const ClauseValue *cv = eval_clause_value(ev, l.entries[e].result);
            char where[512];
            span_location(ex->span, where, sizeof where);
            const char *cells[] = {ex->qualified, ex->title, ex->source, where, s->code, s->name, type_of(s, lang), ind->id,
                                   r->stage >= 0 ? stage_word(ev->rs, r->stage) : NULL};
            for (size_t f = 0; f < sizeof cells / sizeof *cells; f++) t->text(t, cells[f]);
            char buf[48], also[256], without[128];
            t->number(t, r->value);
            t->text(t, threshold_cell(buf, sizeof buf, ev->run, threshold_of(ev->rs, r)));
            t->number(t, cv->value);
            t->text(t, threshold_cell(buf, sizeof buf, ev->run, cv->threshold));
            t->text(t, *also_held(also, sizeof also, ind, cv, " ") ? also : NULL);
            t->text(t, without_clause(without, sizeof without, lang, ind, cv));
            t->end_row(t);
        }
    }
    ledger_free(&l);
}

static void json_against(FILE *out, const Run *run, const char *value_key, double x, const char *threshold_key,
                         const Threshold *th)
{
    fprintf(out, ", \"%s\": ", value_key);
    json_number(out, x);
    fprintf(out, ", \"%s\": ", threshold_key);
    report_json_threshold(out, run, th);
}

static void print_json(FILE *out, const Evaluation *ev, const RunInfo *info, const Ledger *l)
{
    fputs("{\n", out);
    report_json_manifest(out, info);
    fprintf(out, "  \"passed_by_exception\": %d,\n  \"schools\": %d,\n  \"clauses\": [", l->first[l->nclauses], l->schools);
    for (int c = 0; c < l->nclauses; c++) {
        const Exception *ex = l->clauses[c];
        fputs(c ? ",\n    {\"clause\": " : "\n    {\"clause\": ", out);
        json_string(out, ex->qualified);
        fputs(", \"title\": ", out);
        json_string(out, ex->title);
        fputs(", \"source\": ", out);
        json_string(out, ex->source);
        char where[512];
        span_location(ex->span, where, sizeof where);
        fputs(", \"rule_location\": ", out);
        json_string(out, where);
        fprintf(out, ", \"count\": %d,\n     \"by_school_type\": {", l->first[c + 1] - l->first[c]);
        for (int t = 0, shown = 0; t < l->ntypes; t++) {
            int count = l->by_type[c * l->ntypes + t];
            if (!count) continue;
            fputs(shown++ ? ", " : "", out);
            json_string(out, l->types[t]);
            fprintf(out, ": %d", count);
        }
        fputs("},\n     \"results\": [", out);
        for (int e = l->first[c]; e < l->first[c + 1]; e++) {
            const SchoolResults *s = &ev->schools[l->entries[e].school];
            const Result *r = &ev->results[l->entries[e].result];
            const Indicator *ind = result_indicator(ev->rs, r);
            const ClauseValue *cv = eval_clause_value(ev, l->entries[e].result);
            fputs(e > l->first[c] ? ",\n       {" : "\n       {", out);
            report_json_school(out, s);
            fputs(", \"indicator\": ", out);
            json_string(out, ind->id);
            fputs(", \"stage\": ", out);
            json_string(out, r->stage >= 0 ? stage_word(ev->rs, r->stage) : NULL);
            json_against(out, ev->run, "value", r->value, "threshold", threshold_of(ev->rs, r));
            json_against(out, ev->run, "clause_value", cv->value, "clause_threshold", cv->threshold);
            fputs(", \"also_held\": [", out);
            for (int k = 0, shown = 0; k < ind->nexceptions && k < 64; k++) {
                if (!(cv->also >> k & 1)) continue;
                fputs(shown++ ? ", " : "", out);
                json_string(out, ind->exceptions[k].qualified);
            }
            int next = clause_next_holding(cv);
            fputs("], \"without_clause\": ", out);
            if (next < 0) fputs("{\"status\": \"fail\", \"clause\": null}", out);
            else {
                fputs("{\"status\": \"pass_by_exception\", \"clause\": ", out);
                json_string(out, ind->exceptions[next].qualified);
                fputc('}', out);
            }
            fputc('}', out);
        }
        fputs("]}", out);
    }
    fputs("\n  ],\n  \"undecided\": [", out);
    for (int c = 0, shown = 0; c < l->nclauses; c++) {
        if (l->first[c + 1] != l->first[c]) continue;
        fputs(shown++ ? ", " : "", out);
        json_string(out, l->clauses[c]->qualified);
    }
    fputs("]\n}\n", out);
}

void audit_print(FILE *out, const Evaluation *ev, const RunInfo *info, AuditFormat format)
{
    Lang lang = info->lang;
    if (format == AUDIT_CSV) {
        CsvSink csv;
        csv_sink_init(&csv, out);
        audit_table(&csv.sink, ev, lang);
        return;
    }
    Ledger l;
    ledger_build(&l, ev, lang);
    if (format == AUDIT_TEXT) print_text(out, ev, info, &l);
    else print_json(out, ev, info, &l);
    ledger_free(&l);
}
