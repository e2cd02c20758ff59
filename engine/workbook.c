/* workbook.c — the Excel workbook (see workbook.h). */
#include "workbook.h"
#include "audit.h"
#include "msg.h"
#include "table.h"
#include "tables.h"
#include "arena.h"
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xlsxwriter.h>
#define JH_EXCEL_FUNCTIONS /* the libraries' functions, loaded when first needed: excel.fn */
#include "excel.h"

/* Rows of a worksheet: Excel's limit (1 048 576). A sheet that would hold
 * more continues on 学校明细（续2）, 学校明细（续3）… with its header row
 * repeated: never cut short. Tests build with a small limit. */
#ifndef WORKBOOK_MAX_ROWS
#define WORKBOOK_MAX_ROWS LXW_ROW_MAX
#endif

typedef struct Formats {
    lxw_format *header, *status[ST_COUNT];
    lxw_format *value;    /* #,##0.00: values, amounts */
    lxw_format *ratio;    /* 0.0000: coefficients of variation */
    lxw_format *fixed[7]; /* 0, 0.0, 0.00 …: the official tables' display rules */
} Formats;

/* A worksheet as a table sink; its first row is the header, kept to be
 * repeated on the continuation sheets. */
typedef struct SheetSink {
    TableSink sink;
    lxw_workbook *wb;
    const char *name;
    int sheets;           /* the sheet and its continuations so far */
    lxw_worksheet *ws;    /* the one being filled */
    const Formats *f;
    lxw_format *number;   /* how the sheet's numbers show */
    lxw_row_t row;
    lxw_col_t col;
    char **header;        /* the first row's texts, by column */
    lxw_col_t nheader;
    lxw_col_t frozen;     /* columns frozen beside the header */
    double widths[2];     /* of the first two columns; 0: Excel's */
} SheetSink;

/* A new worksheet for the sink: the first, or a continuation. */
static void sheet_start(SheetSink *x)
{
    char name[64];
    if (++x->sheets == 1) snprintf(name, sizeof name, "%s", x->name);
    else snprintf(name, sizeof name, "%s（续%d）", x->name, x->sheets);
    x->ws = excel.workbook_add_worksheet(x->wb, name);
    excel.worksheet_freeze_panes(x->ws, 1, x->frozen);
    for (lxw_col_t c = 0; c < 2; c++)
        if (x->widths[c] > 0) excel.worksheet_set_column(x->ws, c, c, x->widths[c], NULL);
    x->row = 0;
    x->col = 0;
}

/* Room for the row being written: when the sheet is full, the rest goes on
 * a continuation, under the same header. */
static void sheet_room(SheetSink *x)
{
    if (x->row < WORKBOOK_MAX_ROWS) return;
    sheet_start(x);
    for (lxw_col_t c = 0; c < x->nheader; c++)
        if (x->header[c] && *x->header[c]) excel.worksheet_write_string(x->ws, 0, c, x->header[c], x->f->header);
    x->row = 1;
}

/* A text cell in a format of its own (NULL: none; s NULL or empty: an empty cell). */
static void sheet_cell(SheetSink *x, const char *s, lxw_format *format)
{
    sheet_room(x);
    if (x->row == 0 && x->sheets == 1) { /* the header: kept for the continuations */
        x->header = xrealloc(x->header, ((size_t)x->col + 1) * sizeof *x->header);
        while (x->nheader <= x->col) x->header[x->nheader++] = NULL;
        x->header[x->col] = s ? xstrdup(s) : NULL;
    }
    if (s && *s) excel.worksheet_write_string(x->ws, x->row, x->col, s, format);
    x->col++;
}

/* A number cell (NaN or infinite: an empty cell). */
static void sheet_value(SheetSink *x, double v, lxw_format *format)
{
    sheet_room(x);
    if (!isnan(v) && !isinf(v)) excel.worksheet_write_number(x->ws, x->row, x->col, v, format);
    x->col++;
}

static void sheet_text(TableSink *t, const char *s)
{
    SheetSink *x = (SheetSink *)t;
    sheet_cell(x, s, x->row ? NULL : x->f->header);
}

static void sheet_number(TableSink *t, double v)
{
    SheetSink *x = (SheetSink *)t;
    sheet_value(x, v, x->number);
}

static void sheet_fixed(TableSink *t, double v, int places)
{
    SheetSink *x = (SheetSink *)t;
    sheet_value(x, v, x->f->fixed[places < 0 ? 0 : places > 6 ? 6 : places]);
}

static void sheet_end_row(TableSink *t)
{
    SheetSink *x = (SheetSink *)t;
    x->row++;
    x->col = 0;
}

/* A sheet: frozen beside the header and widths of the first two columns
 * (0: Excel's) hold for its continuations too. Free with sheet_done. */
static SheetSink sheet(lxw_workbook *wb, const char *name, const Formats *f, lxw_format *number, lxw_col_t frozen,
                       double width0, double width1)
{
    SheetSink s = {{sheet_text, sheet_number, sheet_end_row, sheet_fixed, 1}, wb, name, 0, NULL, f, number, 0, 0, NULL, 0, frozen,
                   {width0, width1}};
    sheet_start(&s);
    return s;
}

static void sheet_done(SheetSink *s)
{
    for (lxw_col_t c = 0; c < s->nheader; c++) free(s->header[c]);
    free(s->header);
}

static void write_summary(lxw_workbook *wb, const Formats *f, const Evaluation *ev, const RunInfo *info)
{
    SheetSink s = sheet(wb, "汇总", f, NULL, 0, 16, 40);
    TableSink *t = &s.sink;
    const RuleSet *rs = ev->rs;
    char date[16], generated[sizeof info->generated];
    format_generated(generated, sizeof generated, info);
    snprintf(date, sizeof date, "%04d-%02d-%02d", info->date / 10000, info->date / 100 % 100, info->date % 100);
    const char *manifest[][2] = {
        {"项目", "内容"}, {"数据集", info->dataset_name ? info->dataset_name : info->dataset_path},
        {"数据集 sha256", info->dataset_sha256}, {"规则集", info->rules_name}, {"规则集 sha256", info->rules_sha256},
        {"评估日期", date}, {"生成于", generated}, {"junheng", JH_VERSION},
        {"评估结论", verdict_word(info->lang, ev->verdict)},
    };
    for (size_t i = 0; i < sizeof manifest / sizeof *manifest; i++) table_texts(t, manifest[i], 2);
    for (int c = 0; c < rs->ncategories; c++) {
        Status st = ev->categories[c].status == ST_NOT_APPLICABLE ? ST_PASS : ev->categories[c].status;
        const char *row[] = {rs->categories[c]->title, verdict_word(info->lang, st)};
        table_texts(t, row, 2);
    }
    t->end_row(t);
    sheet_cell(&s, "各指标（学校、学段）", f->header);
    t->end_row(t);
    const char *head[] = {"指标", "名称", "达标", "认定达标", "未达标", "缺少数据", "不适用", "全县"};
    for (int i = 0; i < 8; i++) sheet_cell(&s, head[i], f->header);
    t->end_row(t);
    for (int i = 0; i < ev->nrollups; i++) {
        const Rollup *r = &ev->rollups[i];
        t->text(t, r->ind->id);
        t->text(t, r->ind->title);
        for (int k = 0; k < ST_COUNT; k++) t->number(t, r->counts[k]);
        sheet_cell(&s, status_word(info->lang, r->status), f->status[r->status]);
        t->end_row(t);
    }
    t->end_row(t);
    sheet_cell(&s, "县级指标", f->header);
    t->end_row(t);
    for (int i = 0; i < ev->ncounty_results; i++) {
        const Result *r = &ev->county_results[i];
        const Indicator *ind = result_indicator(ev->rs, r);
        t->text(t, ind->id);
        t->text(t, ind->title);
        t->number(t, r->value);
        sheet_cell(&s, status_word(info->lang, (Status)r->status), f->status[r->status]);
        t->end_row(t);
    }
    sheet_done(&s);
}

/* The school and school-stage indicators, in evaluation order. */
static int unit_indicators(const RuleSet *rs, const Indicator **out)
{
    int n = 0;
    for (int i = 0; i < rs->nindicators; i++)
        if (rs->indicators[i]->scope != LV_COUNTY) out[n++] = rs->indicators[i];
    return n;
}

static void write_schools(lxw_workbook *wb, const Formats *f, const Evaluation *ev, Lang lang)
{
    SheetSink s = sheet(wb, "学校明细", f, f->value, 4, 12, 28);
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
                sheet_cell(&s, r ? status_word(lang, (Status)r->status) : NULL, r ? f->status[r->status] : NULL);
                t->text(t, !r ? NULL : result_clause(r) >= 0 ? inds[i]->exceptions[result_clause(r)].qualified
                                  : result_veto(r) >= 0 ? inds[i]->vetoes[result_veto(r)].qualified : NULL);
            }
            t->end_row(t);
        }
    }
    sheet_done(&s);
    free(inds);
}

static void write_cvs(lxw_workbook *wb, const Formats *f, const Evaluation *ev, Lang lang)
{
    SheetSink s = sheet(wb, "差异系数", f, f->ratio, 0, 0, 0);
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
        sheet_cell(&s, status_word(lang, c->status), f->status[c->status]);
        sheet_value(&s, c->n, NULL); /* a count, not a ratio */
        t->end_row(t);
    }
    sheet_done(&s);
}

int workbook_write(const char *path, const Evaluation *ev, const RunInfo *info, const Gaps *gaps,
                   const OfficialTables *tables)
{
    lxw_workbook *wb = excel.workbook_new(path);
    if (!wb) return -1;
    /* The document's own creation time is the run's (SOURCE_DATE_EPOCH when
     * set): the same run gives the same bytes. */
    char title[256];
    snprintf(title, sizeof title, "%s%s", info->dataset_name ? info->dataset_name : info->dataset_path,
             msg(info->lang, MSG_REPORT_TITLE));
    lxw_doc_properties properties = {.title = title, .author = "junheng", .created = (time_t)info->generated_at};
    excel.workbook_set_properties(wb, &properties);
    Formats f;
    f.header = excel.workbook_add_format(wb);
    excel.format_set_bold(f.header);
    excel.format_set_bg_color(f.header, 0xD9E1F2);
    f.value = excel.workbook_add_format(wb);
    excel.format_set_num_format(f.value, "#,##0.00");
    f.ratio = excel.workbook_add_format(wb);
    excel.format_set_num_format(f.ratio, "0.0000");
    for (int p = 0; p < 7; p++) {
        char pattern[16];
        snprintf(pattern, sizeof pattern, "0%s%.*s", p ? "." : "", p, "000000");
        f.fixed[p] = excel.workbook_add_format(wb);
        excel.format_set_num_format(f.fixed[p], pattern);
    }
    for (int k = 0; k < ST_COUNT; k++) {
        f.status[k] = excel.workbook_add_format(wb);
        excel.format_set_bg_color(f.status[k], status_colour((Status)k));
    }
    write_summary(wb, &f, ev, info);
    write_schools(wb, &f, ev, info->lang);
    write_cvs(wb, &f, ev, info->lang);
    SheetSink ledger = sheet(wb, "例外认定台账", &f, f.value, 0, 0, 0);
    audit_table(&ledger.sink, ev, info->lang);
    sheet_done(&ledger);
    SheetSink list = sheet(wb, "整改清单", &f, f.value, 0, 0, 0);
    gaps_table(&list.sink, gaps, info->lang);
    sheet_done(&list);
    for (TableId id = 0; id < TABLE_COUNT; id++) {
        SheetSink official = sheet(wb, tables_name(id), &f, f.value, 2, 12, 28);
        tables_write(&official.sink, id, tables, ev, info->lang);
        sheet_done(&official);
    }
    errno = 0;
    if (excel.workbook_close(wb) == LXW_NO_ERROR) return 0;
    if (!errno) errno = EIO;
    return -1;
}
