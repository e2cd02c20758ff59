/* template.c — the workbook to fill in (see template.h). */
#include "template.h"
#include "diag.h"
#include "layout.h"
#include "values.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>
#define JH_EXCEL_FUNCTIONS /* the libraries' functions, loaded when first needed: excel.fn */
#include "excel.h"

/* The rows a drop-down list and a text format cover below the heading. */
#define TEMPLATE_ROWS 10000
/* 县级's two columns (csvload.c reads them by these names). */
#define TEMPLATE_COUNTY_FIELD "字段"
#define TEMPLATE_COUNTY_VALUE "值"

typedef struct Sheet {
    lxw_workbook *wb;
    lxw_worksheet *ws;
    lxw_format *heading, *text;
    Lang lang;
} Sheet;

/* The comment of a field's heading: its description, then what its values
 * must look like (in lang). Caller frees. */
static char *field_note(const FieldDecl *f, Lang lang)
{
    return f->description ? msg_format(lang, MSG_TEMPLATE_NOTE, f->description, field_expected(f))
                          : msg_format(lang, MSG_TEMPLATE_NOTE_PLAIN, field_expected(f));
}

/* A drop-down list of the values f takes, on rows first..last of column col. */
static void drop_down(Sheet *s, const FieldDecl *f, lxw_row_t first, lxw_row_t last, lxw_col_t col)
{
    static const char *const yes_no[] = {"是", "否", NULL};
    const char **list = NULL;
    if (f->decl == DECL_BOOL) {
        list = (const char **)yes_no;
    } else if (f->decl == DECL_ENUM || f->decl == DECL_WORDS) {
        list = calloc((size_t)f->nwords + 1, sizeof *list);
        if (!list) return;
        for (int i = 0; i < f->nwords; i++) list[i] = f->words[i];
    } else {
        return;
    }
    lxw_data_validation v = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = (char **)list};
    excel.worksheet_data_validation_range(s->ws, first, col, last, col, &v);
    if (list != (const char **)yes_no) free(list);
}

/* Heading col of a table's sheet: the field's name and unit, its comment,
 * and the column below it made for its values. */
static void field_column(Sheet *s, lxw_col_t col, const FieldDecl *f)
{
    char heading[256];
    if (f->unit) snprintf(heading, sizeof heading, "%s（%s）", f->name, f->unit);
    else snprintf(heading, sizeof heading, "%s", f->name);
    excel.worksheet_write_string(s->ws, 0, col, heading, s->heading);
    char *note = field_note(f, s->lang);
    excel.worksheet_write_comment(s->ws, 0, col, note);
    free(note);
    int width = display_width(heading, strlen(heading)) + 2;
    excel.worksheet_set_column(s->ws, col, col, width < 10 ? 10 : width, f->decl == DECL_TEXT ? s->text : NULL);
    drop_down(s, f, 1, TEMPLATE_ROWS, col);
}

/* The key column a table's rows name their school by. */
static void code_column(Sheet *s, const RuleSet *rs, lxw_col_t col)
{
    const FieldDecl *code = rules_field(rs, LV_SCHOOL, DS_KEY_SCHOOL_CODE);
    if (code) {
        field_column(s, col, code);
        return;
    }
    excel.worksheet_write_string(s->ws, 0, col, DS_KEY_SCHOOL_CODE, s->heading);
    excel.worksheet_set_column(s->ws, col, col, 14, s->text);
}

static void new_sheet(Sheet *s, const char *name)
{
    s->ws = excel.workbook_add_worksheet(s->wb, name);
    excel.worksheet_freeze_panes(s->ws, 1, 0);
}

/* A table's sheet: the school's key (below the school level), then the
 * level's fields; in 学段 also the split school fields a stage may give as
 * its own share. */
static void table_sheet(Sheet *s, const RuleSet *rs, Level lv)
{
    new_sheet(s, level_name(rs, lv));
    lxw_col_t col = 0;
    if (lv != LV_SCHOOL && level_parent(rs, lv) == LV_SCHOOL) code_column(s, rs, col++);
    for (int i = 0; i < rs->nfields; i++)
        if (rs->fields[i]->level == lv) field_column(s, col++, rs->fields[i]);
    if (lv == LV_STAGE)
        for (int i = 0; i < rs->nfields; i++)
            if (rs->fields[i]->level == LV_SCHOOL && rs->fields[i]->split) field_column(s, col++, rs->fields[i]);
}

/* 县级: a row per county field (and the dataset's year first), its value
 * to be typed under 值, with the field's comment and drop-down list. */
static void county_sheet(Sheet *s, const RuleSet *rs)
{
    new_sheet(s, level_name(rs, LV_COUNTY));
    excel.worksheet_write_string(s->ws, 0, 0, TEMPLATE_COUNTY_FIELD, s->heading);
    excel.worksheet_write_string(s->ws, 0, 1, TEMPLATE_COUNTY_VALUE, s->heading);
    lxw_row_t row = 1;
    excel.worksheet_write_string(s->ws, row++, 0, DS_KEY_META_YEAR, NULL);
    int width = 12;
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        if (f->level != LV_COUNTY) continue;
        char name[256];
        if (f->unit) snprintf(name, sizeof name, "%s（%s）", f->name, f->unit);
        else snprintf(name, sizeof name, "%s", f->name);
        excel.worksheet_write_string(s->ws, row, 0, name, NULL);
        char *note = field_note(f, s->lang);
        excel.worksheet_write_comment(s->ws, row, 0, note);
        free(note);
        drop_down(s, f, row, row, 1);
        int w = display_width(name, strlen(name)) + 2;
        if (w > width) width = w;
        row++;
    }
    excel.worksheet_set_column(s->ws, 0, 0, width, NULL);
    excel.worksheet_set_column(s->ws, 1, 1, 16, NULL);
}

int template_write(const char *path, const RuleSet *rs, Lang lang)
{
    lxw_workbook *wb = excel.workbook_new(path);
    if (!wb) {
        if (!errno) errno = EIO;
        return -1;
    }
    Sheet s = {.wb = wb, .lang = lang};
    s.heading = excel.workbook_add_format(wb);
    excel.format_set_bold(s.heading);
    excel.format_set_bg_color(s.heading, 0xDDEBF7);
    s.text = excel.workbook_add_format(wb);
    excel.format_set_num_format(s.text, "@");
    /* In the order the reader takes them: schools, stages, their records, the county, its records. */
    table_sheet(&s, rs, LV_SCHOOL);
    table_sheet(&s, rs, LV_STAGE);
    for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++)
        if (level_parent(rs, lv) == LV_SCHOOL) table_sheet(&s, rs, lv);
    county_sheet(&s, rs);
    for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++)
        if (level_parent(rs, lv) == LV_COUNTY) table_sheet(&s, rs, lv);
    lxw_error err = excel.workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        if (!errno) errno = EIO;
        return -1;
    }
    return 0;
}
