/* explain.c — renders traces (see explain.h). */
#include "explain.h"
#include "report.h"
#include "diag.h"
#include "escape.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void print_span(FILE *out, const Expr *e)
{
    const char *text;
    int n = span_text(e->span, &text);
    fprintf(out, "%.*s", n, text);
}

static void print_value(FILE *out, Lang lang, const FieldDecl *f, Value v)
{
    char buf[40];
    switch (v.tag) {
    case V_MISSING: fputs(msg(lang, MSG_EXPLAIN_MISSING_VALUE), out); return;
    case V_BOOL: fputs(v.num ? msg(lang, MSG_EXPLAIN_TRUE) : msg(lang, MSG_EXPLAIN_FALSE), out); return;
    case V_WORD: fputs(f && (int)v.num < f->nwords ? f->words[(int)v.num] : "?", out); return;
    case V_TEXT: text_escaped(out, v.text); return;
    default:
        format_human(buf, sizeof buf, v.num);
        fputs(buf, out);
        if (f && f->unit) fprintf(out, " %s", f->unit);
    }
}

static void print_origin(FILE *out, Lang lang, const RuleSet *rs, const TraceInput *in)
{
    char whole[40], share[40];
    switch (in->origin) {
    case FROM_RECORD:
        msg_print(out, lang, MSG_EXPLAIN_FROM_RECORD, level_name(rs, in->field->level));
        break;
    case FROM_STAGE_RECORD: fputs(msg(lang, MSG_EXPLAIN_FROM_STAGE_RECORD), out); break;
    case FROM_SPLIT:
        format_human(whole, sizeof whole, in->whole);
        snprintf(share, sizeof share, "%.4f", in->share);
        msg_print(out, lang, MSG_EXPLAIN_FROM_SPLIT, whole, share);
        break;
    case FROM_DEFAULT: fputs(msg(lang, MSG_EXPLAIN_FROM_DEFAULT), out); break;
    }
}

static void print_inputs(FILE *out, Lang lang, const RuleSet *rs, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->ninputs; i++) {
        const TraceInput *in = &p->inputs[i];
        fprintf(out, "%s%s = ", indent, in->field->name);
        print_value(out, lang, in->field, in->value);
        fputs("    ← ", out);
        print_origin(out, lang, rs, in);
        if (in->file) {
            fputs("，", out);
            text_escaped(out, in->file);
            char a1[24];
            if (in->a1) {
                cell_a1(a1, in->line, in->col);
                fprintf(out, "!%s", a1);
            } else if (in->col) {
                fprintf(out, ":%d:%d", in->line, in->col);
            } else {
                fprintf(out, ":%d:%s", in->line, in->field->name);
            }
        }
        putc('\n', out);
    }
}


/* The results of other indicators an aggregate read, one line each. */
static void print_elements(FILE *out, Lang lang, const Run *run, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->nelements; i++) {
        const Result *r = &p->elements[i];
        const Indicator *ind = result_indicator(run->rs, r);
        msg_print(out, lang, MSG_EXPLAIN_ELEMENT, indent, ind->id, ind->title, status_word(lang, r->status));
        if (!isnan(r->value) && r->threshold >= 0) {
            const Threshold *th = &ind->thresholds[r->threshold];
            char v[40], t[40], pct[40];
            format_against(v, t, sizeof v, r->value, run, th);
            double number = run_threshold(run, th);
            format_human(pct, sizeof pct, number > 0 ? 100 * r->value / number : NAN);
            msg_print(out, lang, MSG_EXPLAIN_ELEMENT_VALUE, v, t, pct);
        }
        if (result_clause(r) >= 0) msg_print(out, lang, MSG_EXPLAIN_ELEMENT_CLAUSE, ind->exceptions[result_clause(r)].qualified);
        if (r->status == ST_MISSING) {
            fputs(msg(lang, MSG_COMMA), out);
            print_missing(out, lang, result_missing(run->rs, r));
        }
        putc('\n', out);
    }
}


/* The records an aggregate was decided by: every field of each. */
static void print_rows(FILE *out, Lang lang, const RuleSet *rs, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->nrows; i++) {
        msg_print(out, lang, MSG_EXPLAIN_ROW, indent, level_name(rs, p->rows[i].level));
        int first = 1;
        for (int k = 0; k < rs->nfields; k++) {
            const FieldDecl *f = rs->fields[k];
            if (f->level != p->rows[i].level) continue;
            fprintf(out, first ? "%s " : "，%s ", f->name);
            print_value(out, lang, f, p->rows[i].row[f->slot]);
            first = 0;
        }
        putc('\n', out);
    }
}

/* The schools a county aggregate over schools was decided by, and those
 * lacking what it reads. */
static void print_schools(FILE *out, Lang lang, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->nschools; i++) {
        msg_print(out, lang, MSG_EXPLAIN_SCHOOL, indent);
        print_school(out, p->schools[i].code, p->schools[i].name, NULL);
        if (p->schools[i].missing.why != MISS_NONE) {
            fputs(msg(lang, MSG_COLON), out);
            print_missing(out, lang, p->schools[i].missing);
        }
        putc('\n', out);
    }
    if (p->more_schools) msg_print(out, lang, MSG_EXPLAIN_MORE_SCHOOLS, indent, p->more_schools);
}

/* Why a veto or an exception does not hold: false, or undecidable for want
 * of data (which does not hold either, but an inspector must see which). */
static const char *not_held(Lang lang, const PartTrace *p)
{
    int missing = (p->has_cond && p->cond.tag == V_MISSING) || (p->has_value && p->value.tag == V_MISSING);
    return missing ? msg(lang, MSG_EXPLAIN_UNDECIDABLE)
                   : msg(lang, MSG_EXPLAIN_DOES_NOT_HOLD);
}

/* The conditionals a part met: which branch each took, or that its
 * condition lacked data ("若 办学性质 == 公办 → 成立，取 …"). */
static void print_branches(FILE *out, Lang lang, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->nbranches; i++) {
        const Expr *e = p->branches[i].expr;
        char *cond = span_strdup(e->a->span);
        int taken = p->branches[i].taken;
        if (taken < 0) {
            msg_print(out, lang, MSG_EXPLAIN_IF_MISSING, indent, cond);
            print_missing(out, lang, p->branches[i].missing);
            putc('\n', out);
            free(cond);
            continue;
        }
        char *branch = span_strdup((taken ? e->b : e->c)->span);
        msg_print(out, lang, taken ? MSG_EXPLAIN_IF_THEN : MSG_EXPLAIN_IF_ELSE, indent, cond, branch);
        free(cond);
        free(branch);
    }
}

/* "值 = 4.065，标准 ≥ 4.5 → 未达到" */
static void print_test(FILE *out, Lang lang, const Run *run, const PartTrace *p, const Expr *cond, const Expr *value,
                       const char *indent)
{
    if (cond && p->has_cond) {
        fprintf(out, "%s%s ", indent, msg(lang, MSG_EXPLAIN_CONDITION));
        print_span(out, cond);
        fputs(" → ", out);
        if (p->cond.tag == V_MISSING) print_missing(out, lang, p->cond_missing);
        else fputs(p->cond.num ? msg(lang, MSG_EXPLAIN_HOLDS) : msg(lang, MSG_EXPLAIN_DOES_NOT_HOLD), out);
        putc('\n', out);
    }
    if (value && p->has_value) {
        fprintf(out, "%s%s = ", indent, msg(lang, MSG_EXPLAIN_VALUE));
        print_span(out, value);
        fputs(" = ", out);
        if (p->value.tag == V_MISSING) {
            print_missing(out, lang, p->value_missing);
        } else {
            char v[40], t[40];
            format_against(v, t, sizeof v, p->value.num, run, p->threshold);
            msg_print(out, lang, MSG_EXPLAIN_VALUE_THRESHOLD, v, op_text(p->threshold->op), t,
                      p->value_meets ? msg(lang, MSG_EXPLAIN_MET) : msg(lang, MSG_EXPLAIN_NOT_MET));
            const Param *pm = p->threshold->param;
            if (pm) {
                int d = run_version(run, pm)->from;
                msg_print(out, lang, MSG_EXPLAIN_DATED_PARAM, pm->name, d / 10000, d / 100 % 100, d % 100);
            }
        }
        putc('\n', out);
    }
    print_branches(out, lang, p, indent);
    print_elements(out, lang, run, p, indent);
    print_rows(out, lang, run->rs, p, indent);
    print_schools(out, lang, p, indent);
    for (int i = 0; i < p->ncalls; i++) { /* a call shows its arguments: data */
        msg_print(out, lang, MSG_EXPLAIN_SCRIPT_CALL, indent);
        text_escaped(out, p->calls[i]);
        if (p->call_failed[i]) fprintf(out, " = %s", msg(lang, MSG_SCRIPT_FAILED));
        putc('\n', out);
    }
    print_inputs(out, lang, run->rs, p, indent);
}

/* "依据：…" and, below it, where the rule is written (for an inspector to open it). */
static void print_source(FILE *out, Lang lang, const char *indent, const char *source, Span span)
{
    char where[512];
    span_location(span, where, sizeof where);
    msg_print(out, lang, MSG_EXPLAIN_SOURCE, indent, source, indent);
    text_escaped(out, where); /* a path: what the file system holds */
    putc('\n', out);
}

void explain_result(FILE *out, Lang lang, const Run *run, const SchoolData *school, const IndicatorTrace *it)
{
    const RuleSet *rs = run->rs;
    const Result *r = &it->result;
    const Indicator *ind = result_indicator(rs, r);
    int clause = result_clause(r);
    fprintf(out, "%s %s", ind->id, ind->title);
    if (r->stage >= 0) fprintf(out, " · %s", stage_word(rs, r->stage));
    fputs(" · ", out);
    if (!school) fputs(msg(lang, MSG_EXPLAIN_COUNTY), out);
    else if (*school->code) print_school(out, school->code, school->name, NULL);
    else text_escaped(out, school->name); /* a rule test's school has no code */
    putc('\n', out);
    print_source(out, lang, "", ind->source, ind->span);
    msg_print(out, lang, MSG_EXPLAIN_RESULT, status_word(lang, r->status));
    if (clause >= 0) {
        const Exception *ex = &ind->exceptions[clause];
        char where[512];
        span_location(ex->span, where, sizeof where);
        msg_print(out, lang, MSG_EXPLAIN_BY_CLAUSE, ex->qualified, ex->title, where);
    }
    if (r->status == ST_MISSING) {
        fputs(msg(lang, MSG_OPEN_PAREN), out);
        print_missing(out, lang, result_missing(rs, r));
        fputs(msg(lang, MSG_CLOSE_PAREN), out);
    }
    putc('\n', out);
    if (ind->applies) {
        fprintf(out, "%s ", msg(lang, MSG_EXPLAIN_APPLIES));
        print_span(out, ind->applies);
        fputs(" → ", out);
        if (it->applies.cond.tag == V_MISSING) print_missing(out, lang, it->applies.cond_missing);
        else fputs(it->applies.cond.num ? msg(lang, MSG_EXPLAIN_APPLIES_YES) : msg(lang, MSG_EXPLAIN_APPLIES_NO), out);
        putc('\n', out);
        print_branches(out, lang, &it->applies, "    ");
        print_inputs(out, lang, rs, &it->applies, "    ");
    }
    if (!it->main.tried) {
        putc('\n', out);
        return;
    }
    fprintf(out, "%s\n", msg(lang, MSG_EXPLAIN_MAIN_TEST));
    print_test(out, lang, run, &it->main, ind->cond, ind->value, "    ");
    for (int k = 0; k < ind->nvetoes; k++) {
        const Exception *v = &ind->vetoes[k];
        const PartTrace *p = &it->vetoes[k];
        if (!p->tried) continue;
        msg_print(out, lang, MSG_EXPLAIN_VETO, v->qualified, v->title,
                  p->holds ? msg(lang, MSG_EXPLAIN_VETO_HOLDS) : not_held(lang, p));
        print_source(out, lang, "    ", v->source, v->span);
        print_test(out, lang, run, p, v->cond, NULL, "    ");
    }
    if (ind->nexceptions && result_veto(r) < 0 && (r->status == ST_FAIL || r->status == ST_PASS_EXCEPTION)) {
        fprintf(out, "%s\n", msg(lang, MSG_EXPLAIN_EXCEPTIONS));
        for (int k = 0; k < ind->nexceptions; k++) {
            const Exception *ex = &ind->exceptions[k];
            const PartTrace *p = &it->exceptions[k];
            fprintf(out, "  %s %s — ", ex->qualified, ex->title);
            if (!p->tried) {
                msg_print(out, lang, MSG_EXPLAIN_NOT_TRIED, ind->exceptions[clause].qualified);
                continue;
            }
            if (p->holds && k > clause && clause >= 0) /* tried for the ledger: would decide without the one that did */
                msg_print(out, lang, MSG_EXPLAIN_HOLDS_TOO, ind->exceptions[clause].qualified);
            else
                fprintf(out, "%s\n", p->holds ? msg(lang, MSG_EXPLAIN_HOLDS) : not_held(lang, p));
            print_source(out, lang, "    ", ex->source, ex->span);
            print_test(out, lang, run, p, ex->cond, ex->value, "    ");
        }
    }
    putc('\n', out);
}

int explain_school(FILE *out, const SchoolData *school, const char *dataset_path, const TraceSet *t, const ExplainQuery *q)
{
    Lang lang = q->lang;
    int shown = 0;
    for (int i = 0; i < t->count; i++) {
        const IndicatorTrace *it = &t->items[i];
        if (q->indicator && strcmp(q->indicator, result_indicator(t->run->rs, &it->result)->id) != 0) continue;
        if (q->stage >= 0 && it->result.stage >= 0 && it->result.stage != q->stage) continue;
        if (!shown++) {
            print_school(out, school->code, school->name, NULL);
            msg_print(out, lang, MSG_EXPLAIN_SCHOOL_TYPE, school->type);
            text_escaped(out, school->where.file ? school->where.file : dataset_path);
            msg_print(out, lang, MSG_EXPLAIN_SCHOOL_LINE, school->line, t->run->rs->name);
        }
        explain_result(out, lang, t->run, school, it);
    }
    return shown;
}

int explain_county(FILE *out, Lang lang, const char *dataset_name, const TraceSet *t, const char *id)
{
    for (int i = 0; i < t->count; i++) {
        if (strcmp(result_indicator(t->run->rs, &t->items[i].result)->id, id) != 0) continue;
        text_escaped(out, dataset_name);
        msg_print(out, lang, MSG_EXPLAIN_COUNTY_TITLE, t->run->rs->name);
        explain_result(out, lang, t->run, NULL, &t->items[i]);
        return 1;
    }
    return 0;
}
