/* explain.c — renders traces (see explain.h). */
#include "explain.h"
#include "report.h"
#include "escape.h"
#include <math.h>
#include <string.h>

static void print_span(FILE *out, const Expr *e)
{
    const char *text;
    int n = span_text(e->span, &text);
    fprintf(out, "%.*s", n, text);
}

static void print_value(FILE *out, const FieldDecl *f, Value v)
{
    char buf[40];
    switch (v.tag) {
    case V_MISSING: fputs(zh_en("（缺失）", "(missing)"), out); return;
    case V_BOOL: fputs(v.num ? zh_en("是", "true") : zh_en("否", "false"), out); return;
    case V_WORD: fputs(f && (int)v.num < f->nwords ? f->words[(int)v.num] : "?", out); return;
    case V_TEXT: text_escaped(out, v.text); return;
    default:
        format_human(buf, sizeof buf, v.num);
        fputs(buf, out);
        if (f && f->unit) fprintf(out, " %s", f->unit);
    }
}

static void print_origin(FILE *out, const RuleSet *rs, const TraceInput *in)
{
    char whole[40], share[40];
    switch (in->origin) {
    case FROM_RECORD:
        fprintf(out, zh_en("%s记录", "%s record"), level_name(rs, in->field->level));
        break;
    case FROM_STAGE_RECORD: fputs(zh_en("学段记录（该学段自报，不分摊）", "stage record (its own, not split)"), out); break;
    case FROM_SPLIT:
        format_human(whole, sizeof whole, in->whole);
        snprintf(share, sizeof share, "%.4f", in->share);
        fprintf(out, zh_en("学校记录 %s × 分摊份额 %s（按加权在校生数）", "school record %s × share %s (weighted enrolment)"),
                whole, share);
        break;
    case FROM_DEFAULT: fputs(zh_en("未填报，取默认值", "not given, default"), out); break;
    }
}

static void print_inputs(FILE *out, const RuleSet *rs, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->ninputs; i++) {
        const TraceInput *in = &p->inputs[i];
        fprintf(out, "%s%s = ", indent, in->field->name);
        print_value(out, in->field, in->value);
        fputs("    ← ", out);
        print_origin(out, rs, in);
        if (in->file) {
            fputs("，", out);
            text_escaped(out, in->file);
            if (in->col) fprintf(out, ":%d:%d", in->line, in->col);
            else fprintf(out, ":%d:%s", in->line, in->field->name);
        }
        putc('\n', out);
    }
}


/* The results of other indicators an aggregate read, one line each. */
static void print_elements(FILE *out, const Run *run, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->nelements; i++) {
        const Result *r = &p->elements[i];
        fprintf(out, zh_en("%s%s %s：%s", "%s%s %s: %s"), indent, r->ind->id, r->ind->title, status_word(r->status));
        if (!isnan(r->value) && r->threshold >= 0) {
            const Threshold *th = &r->ind->thresholds[r->threshold];
            char v[40], t[40], pct[40];
            format_against(v, t, sizeof v, r->value, run, th);
            double number = run_threshold(run, th);
            format_human(pct, sizeof pct, number > 0 ? 100 * r->value / number : NAN);
            fprintf(out, zh_en("（值 %s，标准 %s，为标准的 %s%%）", " (value %s, threshold %s, %s%% of it)"), v, t, pct);
        }
        if (r->clause >= 0) fprintf(out, zh_en("，依 %s", ", by %s"), r->ind->exceptions[r->clause].qualified);
        if (r->status == ST_MISSING) {
            fputs(zh_en("，", ", "), out);
            print_missing(out, result_missing(run->rs, r));
        }
        putc('\n', out);
    }
}


/* The records an aggregate was decided by: every field of each. */
static void print_rows(FILE *out, const RuleSet *rs, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->nrows; i++) {
        fprintf(out, zh_en("%s%s：", "%s%s: "), indent, level_name(rs, p->rows[i].level));
        int first = 1;
        for (int k = 0; k < rs->nfields; k++) {
            const FieldDecl *f = rs->fields[k];
            if (f->level != p->rows[i].level) continue;
            fprintf(out, first ? "%s " : "，%s ", f->name);
            print_value(out, f, p->rows[i].row[f->slot]);
            first = 0;
        }
        putc('\n', out);
    }
}

/* Why a veto or an exception does not hold: false, or undecidable for want
 * of data (which does not hold either, but an inspector must see which). */
static const char *not_held(const PartTrace *p)
{
    int missing = (p->has_cond && p->cond.tag == V_MISSING) || (p->has_value && p->value.tag == V_MISSING);
    return missing ? zh_en("不成立（缺少数据，无法判断）", "does not hold (data missing, undecidable)")
                   : zh_en("不成立", "does not hold");
}

/* The conditionals a part met: which branch each took, or that its
 * condition lacked data ("若 办学性质 == 公办 → 成立，取 …"). */
static void print_branches(FILE *out, const PartTrace *p, const char *indent)
{
    for (int i = 0; i < p->nbranches; i++) {
        const Expr *e = p->branches[i].expr;
        const char *cond, *branch;
        int nc = span_text(e->a->span, &cond);
        int taken = p->branches[i].taken;
        if (taken < 0) {
            fprintf(out, msg(MSG_EXPLAIN_IF_MISSING), indent, nc, cond);
            print_missing(out, p->branches[i].missing);
            putc('\n', out);
            continue;
        }
        int nb = span_text((taken ? e->b : e->c)->span, &branch);
        fprintf(out, msg(taken ? MSG_EXPLAIN_IF_THEN : MSG_EXPLAIN_IF_ELSE), indent, nc, cond, nb, branch);
    }
}

/* "值 = 4.065，标准 ≥ 4.5 → 未达到" */
static void print_test(FILE *out, const Run *run, const PartTrace *p, const Expr *cond, const Expr *value,
                       const char *indent)
{
    if (cond && p->has_cond) {
        fprintf(out, "%s%s ", indent, zh_en("条件", "condition"));
        print_span(out, cond);
        fputs(" → ", out);
        if (p->cond.tag == V_MISSING) print_missing(out, p->cond_missing);
        else fputs(p->cond.num ? zh_en("成立", "holds") : zh_en("不成立", "does not hold"), out);
        putc('\n', out);
    }
    if (value && p->has_value) {
        fprintf(out, "%s%s = ", indent, zh_en("值", "value"));
        print_span(out, value);
        fputs(" = ", out);
        if (p->value.tag == V_MISSING) {
            print_missing(out, p->value_missing);
        } else {
            char v[40], t[40];
            format_against(v, t, sizeof v, p->value.num, run, p->threshold);
            fprintf(out, zh_en("%s，标准 %s %s → %s", "%s, threshold %s %s → %s"), v, op_text(p->threshold->op), t,
                    p->value_meets ? zh_en("达到", "met") : zh_en("未达到", "not met"));
            const Param *pm = p->threshold->param;
            if (pm) {
                int d = run_version(run, pm)->from;
                fprintf(out, zh_en("（参数 %s：%04d-%02d-%02d 起施行的取值）", " (parameter %s: the value in force from %04d-%02d-%02d)"),
                        pm->name, d / 10000, d / 100 % 100, d % 100);
            }
        }
        putc('\n', out);
    }
    print_branches(out, p, indent);
    print_elements(out, run, p, indent);
    print_rows(out, run->rs, p, indent);
    for (int i = 0; i < p->ncalls; i++) { /* a call shows its arguments: data */
        fprintf(out, zh_en("%s脚本调用 ", "%sscript call "), indent);
        text_escaped(out, p->calls[i]);
        putc('\n', out);
    }
    print_inputs(out, run->rs, p, indent);
}

/* "依据：…" and, below it, where the rule is written (for an inspector to open it). */
static void print_source(FILE *out, const char *indent, const char *source, Span span)
{
    char where[512];
    span_location(span, where, sizeof where);
    fprintf(out, zh_en("%s依据：%s\n%s规则：", "%sSource: %s\n%sRule: "), indent, source, indent);
    text_escaped(out, where); /* a path: what the file system holds */
    putc('\n', out);
}

void explain_result(FILE *out, const Run *run, const SchoolData *school, const IndicatorTrace *it)
{
    const RuleSet *rs = run->rs;
    const Result *r = &it->result;
    const Indicator *ind = r->ind;
    fprintf(out, "%s %s", ind->id, ind->title);
    if (r->stage >= 0) fprintf(out, " · %s", stage_word(rs, r->stage));
    fputs(" · ", out);
    if (!school) fputs(zh_en("县级", "county"), out);
    else if (*school->code) print_school(out, school->code, school->name, NULL);
    else text_escaped(out, school->name); /* a rule test's school has no code */
    putc('\n', out);
    print_source(out, "", ind->source, ind->span);
    fprintf(out, zh_en("结果：%s", "Result: %s"), status_word(r->status));
    if (r->clause >= 0) {
        const Exception *ex = &ind->exceptions[r->clause];
        char where[512];
        span_location(ex->span, where, sizeof where);
        fprintf(out, zh_en("（依 %s %s，规则 %s）", " (by %s %s, rule %s)"), ex->qualified, ex->title, where);
    }
    if (r->status == ST_MISSING) {
        fputs(zh_en("（", " ("), out);
        print_missing(out, result_missing(rs, r));
        fputs(zh_en("）", ")"), out);
    }
    putc('\n', out);
    if (ind->applies) {
        fprintf(out, "%s ", zh_en("适用范围", "Applies when"));
        print_span(out, ind->applies);
        fputs(" → ", out);
        if (it->applies.cond.tag == V_MISSING) print_missing(out, it->applies.cond_missing);
        else fputs(it->applies.cond.num ? zh_en("适用", "applies") : zh_en("不适用", "does not apply"), out);
        putc('\n', out);
        print_branches(out, &it->applies, "    ");
        print_inputs(out, rs, &it->applies, "    ");
    }
    if (!it->main.tried) {
        putc('\n', out);
        return;
    }
    fprintf(out, "%s\n", zh_en("主测试", "Main test"));
    print_test(out, run, &it->main, ind->cond, ind->value, "    ");
    for (int k = 0; k < ind->nvetoes; k++) {
        const Exception *v = &ind->vetoes[k];
        const PartTrace *p = &it->vetoes[k];
        if (!p->tried) continue;
        fprintf(out, zh_en("否决条款 %s %s — %s\n", "Veto %s %s — %s\n"), v->qualified, v->title,
                p->holds ? zh_en("成立：不予认定达标", "holds: cannot pass") : not_held(p));
        print_source(out, "    ", v->source, v->span);
        print_test(out, run, p, v->cond, NULL, "    ");
    }
    if (ind->nexceptions && r->veto < 0 && (r->status == ST_FAIL || r->status == ST_PASS_EXCEPTION)) {
        fprintf(out, "%s\n", zh_en("例外条款（主测试未达到时依次尝试，第一条成立者认定达标）",
                               "Exceptions (tried in order when the main test fails; the first that holds decides)"));
        for (int k = 0; k < ind->nexceptions; k++) {
            const Exception *ex = &ind->exceptions[k];
            const PartTrace *p = &it->exceptions[k];
            fprintf(out, "  %s %s — ", ex->qualified, ex->title);
            if (!p->tried) {
                fprintf(out, zh_en("未尝试（已由 %s 认定）\n", "not tried (decided by %s)\n"),
                        ind->exceptions[r->clause].qualified);
                continue;
            }
            if (p->holds && k > r->clause && r->clause >= 0) /* tried for the ledger: would decide without the one that did */
                fprintf(out, zh_en("成立（另满足；已由 %s 认定）\n", "holds too (decided by %s)\n"), ind->exceptions[r->clause].qualified);
            else
                fprintf(out, "%s\n", p->holds ? zh_en("成立", "holds") : not_held(p));
            print_source(out, "    ", ex->source, ex->span);
            print_test(out, run, p, ex->cond, ex->value, "    ");
        }
    }
    putc('\n', out);
}

int explain_school(FILE *out, const SchoolData *school, const char *dataset_path, const TraceSet *t, const ExplainQuery *q)
{
    int shown = 0;
    for (int i = 0; i < t->count; i++) {
        const IndicatorTrace *it = &t->items[i];
        if (q->indicator && strcmp(q->indicator, it->result.ind->id) != 0) continue;
        if (q->stage >= 0 && it->result.stage >= 0 && it->result.stage != q->stage) continue;
        if (!shown++) {
            print_school(out, school->code, school->name, NULL);
            fprintf(out, zh_en("（%s）— 数据：", " (%s) — data: "), school->type);
            text_escaped(out, school->where.file ? school->where.file : dataset_path);
            fprintf(out, zh_en(" 第 %d 行 · 规则集 %s\n\n", " line %d · rules %s\n\n"), school->line, t->run->rs->name);
        }
        explain_result(out, t->run, school, it);
    }
    return shown;
}

int explain_county(FILE *out, const char *dataset_name, const TraceSet *t, const char *id)
{
    for (int i = 0; i < t->count; i++) {
        if (strcmp(t->items[i].result.ind->id, id) != 0) continue;
        text_escaped(out, dataset_name);
        fprintf(out, zh_en(" — 县级指标 · 规则集 %s\n\n", " — county indicator · rules %s\n\n"), t->run->rs->name);
        explain_result(out, t->run, NULL, &t->items[i]);
        return 1;
    }
    return 0;
}
