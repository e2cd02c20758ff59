/* workbook.c — the Excel workbook (see workbook.h). */
#include "workbook.h"
#include "audit.h"
#include "msg.h"
#include "table.h"
#include "arena.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

typedef struct Formats {
    lxw_format *header, *status[ST_COUNT];
    lxw_format *value;    /* #,##0.00: values, amounts */
    lxw_format *ratio;    /* 0.0000: coefficients of variation */
} Formats;

/* A worksheet as a table sink; its first row is the header. */
typedef struct SheetSink {
    TableSink sink;
    lxw_worksheet *ws;
    const Formats *f;
    lxw_format *number;   /* how the sheet's numbers show */
    lxw_row_t row;
    lxw_col_t col;
} SheetSink;

static void sheet_text(TableSink *t, const char *s)
{
    SheetSink *x = (SheetSink *)t;
    if (s && *s) worksheet_write_string(x->ws, x->row, x->col, s, x->row ? NULL : x->f->header);
    x->col++;
}

static void sheet_number(TableSink *t, double v)
{
    SheetSink *x = (SheetSink *)t;
    if (!isnan(v) && !isinf(v)) worksheet_write_number(x->ws, x->row, x->col, v, x->number);
    x->col++;
}

static void sheet_end_row(TableSink *t)
{
    SheetSink *x = (SheetSink *)t;
    x->row++;
    x->col = 0;
}

static SheetSink sheet(lxw_workbook *wb, const char *name, const Formats *f, lxw_format *number)
{
    SheetSink s = {{sheet_text, sheet_number, sheet_end_row}, workbook_add_worksheet(wb, name), f, number, 0, 0};
    worksheet_freeze_panes(s.ws, 1, 0);
    return s;
}

static void write_summary(lxw_workbook *wb, const Formats *f, const Evaluation *ev, const RunInfo *info)
{
    SheetSink s = sheet(wb, "汇总", f, NULL);
    TableSink *t = &s.sink;
    const RuleSet *rs = ev->rs;
    char date[16];
    snprintf(date, sizeof date, "%04d-%02d-%02d", info->date / 10000, info->date / 100 % 100, info->date % 100);
    const char *manifest[][2] = {
        {"项目", "内容"}, {"数据集", info->dataset_name ? info->dataset_name : info->dataset_path},
        {"数据集 sha256", info->dataset_sha256}, {"规则集", info->rules_name}, {"规则集 sha256", info->rules_sha256},
        {"评估日期", date}, {"生成于", info->generated}, {"junheng", JH_VERSION},
        {"评估结论", verdict_word(ev->verdict)},
    };
    for (size_t i = 0; i < sizeof manifest / sizeof *manifest; i++) table_texts(t, manifest[i], 2);
    for (int c = 0; c < rs->ncategories; c++) {
        Status st = ev->categories[c].status == ST_NOT_APPLICABLE ? ST_PASS : ev->categories[c].status;
        const char *row[] = {rs->categories[c]->title, verdict_word(st)};
        table_texts(t, row, 2);
    }
    t->end_row(t);
    worksheet_write_string(s.ws, s.row, 0, "各指标（学校、学段）", f->header);
    s.row++;
    const char *head[] = {"指标", "名称", "达标", "认定达标", "未达标", "缺少数据", "不适用", "全县"};
    for (int i = 0; i < 8; i++) worksheet_write_string(s.ws, s.row, (lxw_col_t)i, head[i], f->header);
    s.row++;
    for (int i = 0; i < ev->nrollups; i++) {
        const Rollup *r = &ev->rollups[i];
        t->text(t, r->ind->id);
        t->text(t, r->ind->title);
        for (int k = 0; k < ST_COUNT; k++) t->number(t, r->counts[k]);
        worksheet_write_string(s.ws, s.row, s.col, status_word(r->status), f->status[r->status]);
        t->end_row(t);
    }
    t->end_row(t);
    worksheet_write_string(s.ws, s.row, 0, "县级指标", f->header);
    s.row++;
    for (int i = 0; i < ev->ncounty_results; i++) {
        const Result *r = &ev->county_results[i];
        t->text(t, r->ind->id);
        t->text(t, r->ind->title);
        t->number(t, r->value);
        worksheet_write_string(s.ws, s.row, s.col, status_word((Status)r->status), f->status[r->status]);
        t->end_row(t);
    }
    worksheet_set_column(s.ws, 0, 0, 16, NULL);
    worksheet_set_column(s.ws, 1, 1, 40, NULL);
}

/* The school and school-stage indicators, in evaluation order. */
static int unit_indicators(const RuleSet *rs, const Indicator **out)
{
    int n = 0;
    for (int i = 0; i < rs->nindicators; i++)
        if (rs->indicators[i]->scope != LV_COUNTY) out[n++] = rs->indicators[i];
    return n;
}

static void write_schools(lxw_workbook *wb, const Formats *f, const Evaluation *ev)
{
    SheetSink s = sheet(wb, "学校明细", f, f->value);
    TableSink *t = &s.sink;
    const RuleSet *rs = ev->rs;
    const Indicator **inds = xcalloc((size_t)rs->nindicators + 1, sizeof *inds);
    int n = unit_indicators(rs, inds);
    const char *fixed[] = {"学校代码", "学校名称", "学校类型", "学段"};
    for (int c = 0; c < 4; c++) t->text(t, fixed[c]);
    for (int i = 0; i < n; i++) {
        char head[3][64];
        snprintf(head[0], sizeof head[0], "%s 值", inds[i]->id);
        snprintf(head[1], sizeof head[1], "%s 结果", inds[i]->id);
        snprintf(head[2], sizeof head[2], "%s 条款", inds[i]->id);
        for (int k = 0; k < 3; k++) t->text(t, head[k]);
    }
    t->end_row(t);
    for (int si = 0; si < ev->nschools; si++) {
        const SchoolResults *sr = &ev->schools[si];
        int stages[16];
        int nst = school_stages(ev, sr, stages, 16);
        for (int j = 0; j < nst; j++) {
            const char *cells[] = {sr->code, sr->name, sr->type, stages[j] >= 0 ? stage_word(rs, stages[j]) : NULL};
            for (int c = 0; c < 4; c++) t->text(t, cells[c]);
            for (int i = 0; i < n; i++) {
                const Result *r = school_result(ev, sr, inds[i], stages[j]);
                t->number(t, r ? r->value : NAN);
                if (r) worksheet_write_string(s.ws, s.row, s.col, status_word((Status)r->status), f->status[r->status]);
                s.col++;
                t->text(t, !r ? NULL : r->clause >= 0 ? r->ind->exceptions[r->clause].qualified
                                  : r->veto >= 0 ? r->ind->vetoes[r->veto].qualified : NULL);
            }
            t->end_row(t);
        }
    }
    worksheet_freeze_panes(s.ws, 1, 4);
    worksheet_set_column(s.ws, 0, 0, 12, NULL);
    worksheet_set_column(s.ws, 1, 1, 28, NULL);
    free(inds);
}

static void write_cvs(lxw_workbook *wb, const Formats *f, const Evaluation *ev)
{
    SheetSink s = sheet(wb, "差异系数", f, f->ratio);
    TableSink *t = &s.sink;
    const char *head[] = {"差异系数", "指标", "学段", "系数", "比较", "限值", "结果", "学校学段数"};
    table_texts(t, head, 8);
    for (int i = 0; i < ev->ncvs; i++) {
        const CvResult *c = &ev->cvs[i];
        t->text(t, c->cv->title);
        t->text(t, c->label);
        t->text(t, c->stage >= 0 ? stage_word(ev->rs, c->stage) : NULL);
        t->number(t, c->value);
        t->text(t, isnan(c->limit) ? NULL : op_text(c->op));
        t->number(t, c->limit);
        worksheet_write_string(s.ws, s.row, s.col, status_word(c->status), f->status[c->status]);
        s.col++;
        worksheet_write_number(s.ws, s.row, s.col, c->n, NULL); /* a count, not a ratio */
        s.col++;
        t->end_row(t);
    }
}

int workbook_write(const char *path, const Evaluation *ev, const RunInfo *info, const Gaps *gaps)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb) return -1;
    Formats f;
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_bg_color(f.header, 0xD9E1F2);
    f.value = workbook_add_format(wb);
    format_set_num_format(f.value, "#,##0.00");
    f.ratio = workbook_add_format(wb);
    format_set_num_format(f.ratio, "0.0000");
    for (int k = 0; k < ST_COUNT; k++) {
        f.status[k] = workbook_add_format(wb);
        format_set_bg_color(f.status[k], status_colour((Status)k));
    }
    write_summary(wb, &f, ev, info);
    write_schools(wb, &f, ev);
    write_cvs(wb, &f, ev);
    SheetSink ledger = sheet(wb, "例外认定台账", &f, f.value);
    audit_table(&ledger.sink, ev);
    SheetSink list = sheet(wb, "整改清单", &f, f.value);
    gaps_table(&list.sink, gaps);
    errno = 0;
    if (workbook_close(wb) == LXW_NO_ERROR) return 0;
    if (!errno) errno = EIO;
    return -1;
}
