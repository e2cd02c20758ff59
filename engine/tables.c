/* tables.c — the official tables 表Ⅱ-2 and 表Ⅲ (see tables.h). */
#include "tables.h"
#include "arena.h"
#include "report.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DATA_OWNER, DATA_STUDENTS, DATA_CLASSES, DATA_COUNT };

/* The data columns of one school-stage of 表Ⅱ-2. */
typedef struct DataRow {
    int school;           /* index among the schools seen, as in Evaluation.schools */
    int stage;
    double students, classes; /* NAN: missing */
    const char *owner;    /* a word of the rule set's enum, or NULL */
} DataRow;

struct OfficialTables {
    Run *run;
    const FieldDecl *fields[DATA_COUNT];
    DataRow *rows;
    int count, cap, schools;
};

/* A school- or stage-level field of rs by name, or NULL. */
static const FieldDecl *data_field(const RuleSet *rs, const char *name)
{
    const FieldDecl *f = rules_field(rs, LV_STAGE, name);
    return f ? f : rules_field(rs, LV_SCHOOL, name);
}

OfficialTables *tables_new(Run *run)
{
    OfficialTables *t = xcalloc(1, sizeof *t);
    t->run = run;
    t->fields[DATA_OWNER] = data_field(run->rs, TABLES_FIELD_OWNER);
    t->fields[DATA_STUDENTS] = data_field(run->rs, TABLES_FIELD_STUDENTS);
    t->fields[DATA_CLASSES] = data_field(run->rs, TABLES_FIELD_CLASSES);
    return t;
}

void tables_free(OfficialTables *t)
{
    if (!t) return;
    free(t->rows);
    free(t);
}

static double number_of(Value v)
{
    return v.tag == V_NUM ? v.num : NAN;
}

void tables_school(OfficialTables *t, const SchoolData *school)
{
    Value values[JH_MAX_STAGES * DATA_COUNT];
    int stages[JH_MAX_STAGES];
    int n = eval_stage_fields(t->run, school, t->fields, DATA_COUNT, values, stages, JH_MAX_STAGES);
    for (int k = 0; k < n; k++) {
        if (t->count == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 64;
            t->rows = xrealloc(t->rows, (size_t)t->cap * sizeof *t->rows);
        }
        const Value *v = &values[k * DATA_COUNT];
        const FieldDecl *owner = t->fields[DATA_OWNER];
        t->rows[t->count++] = (DataRow){t->schools, stages[k], number_of(v[DATA_STUDENTS]), number_of(v[DATA_CLASSES]),
                                        owner && v[DATA_OWNER].tag == V_WORD ? owner->words[(int)v[DATA_OWNER].num] : NULL};
    }
    t->schools++;
}

const char *tables_name(TableId id)
{
    return id == TABLE_II_2 ? "表Ⅱ-2" : "表Ⅲ";
}

const char *tables_title(Lang lang, TableId id)
{
    return msg(lang, id == TABLE_II_2 ? MSG_TABLES_II_2 : MSG_TABLES_III);
}

int tables_id(const char *name)
{
    static const struct { const char *name; TableId id; } names[] = {
        {"表Ⅱ-2", TABLE_II_2}, {"Ⅱ-2", TABLE_II_2}, {"II-2", TABLE_II_2}, {"ii-2", TABLE_II_2}, {"2-2", TABLE_II_2},
        {"表Ⅲ", TABLE_III}, {"Ⅲ", TABLE_III}, {"III", TABLE_III}, {"iii", TABLE_III}, {"3", TABLE_III},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i].name) == 0) return (int)names[i].id;
    return -1;
}

/* A display rule of the rule set: the constant parameter name, else fallback. */
static double display_rule(const RuleSet *rs, const char *name, double fallback)
{
    for (int i = 0; i < rs->nparams; i++) {
        const Param *p = rs->params[i];
        if (strcmp(p->name, name) == 0 && p->nversions == 0 && p->nkeys == 0) return p->value;
    }
    return fallback;
}

static int places_rule(const RuleSet *rs, const char *name, int fallback)
{
    double x = display_rule(rs, name, fallback);
    return x >= 0 && x <= 6 && x == floor(x) ? (int)x : fallback;
}

/* The indicators 表Ⅱ-2 and 表Ⅲ show: those of the CV declarations, in
 * order (the resource indicators I1–I7). */
static int cv_indicators(const RuleSet *rs, const Indicator **out, int max)
{
    int n = 0;
    for (int c = 0; c < rs->ncvs; c++)
        for (int i = 0; i < rs->cvs[c]->nindicators && n < max; i++) {
            int seen = 0;
            for (int k = 0; k < n; k++) seen |= out[k] == rs->cvs[c]->indicators[i];
            if (!seen) out[n++] = rs->cvs[c]->indicators[i];
        }
    return n;
}

/* The stage indicator that reads every one of inds (RA): 是否达标. */
static const Indicator *combined_indicator(const RuleSet *rs, const Indicator **inds, int n)
{
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        int all = n > 0;
        for (int k = 0; k < n && all; k++) {
            int reads = 0;
            for (int d = 0; d < ind->nreads; d++) reads |= ind->reads[d] == inds[k];
            all = reads;
        }
        if (all) return ind;
    }
    return NULL;
}

/* Whether a result that did not pass reached near × its threshold. */
static int reached(const Run *run, const Result *r, double near)
{
    if (!r || isnan(r->value) || r->threshold < 0) return 0;
    const Threshold *th = &result_indicator(run->rs, r)->thresholds[r->threshold];
    double limit = run_threshold(run, th);
    if (th->op == T_GE || th->op == T_GT) return r->value >= near * limit;
    if (th->op == T_LE || th->op == T_LT) return near > 0 && r->value <= limit / near;
    return 0;
}

static void fixed(TableSink *s, double x, int places)
{
    s->fixed(s, isnan(x) ? x : round(x * pow(10, places)) / pow(10, places), places);
}

#define MAX_TABLE_INDICATORS 32

static void write_ii_2(TableSink *s, const OfficialTables *t, const Evaluation *ev, Lang lang)
{
    const RuleSet *rs = ev->rs;
    const Indicator *inds[MAX_TABLE_INDICATORS];
    int n = cv_indicators(rs, inds, MAX_TABLE_INDICATORS);
    const Indicator *combined = combined_indicator(rs, inds, n);
    int places = places_rule(rs, TABLES_PARAM_VALUE_PLACES, 2);
    double near = display_rule(rs, TABLES_PARAM_NEAR, 0.85);
    static const char *const head[] = {"学校代码", "学校名称", "学段", "举办者类型", "在校生数", "班级数"};
    for (size_t c = 0; c < sizeof head / sizeof *head; c++) s->text(s, head[c]);
    for (int i = 0; i < n; i++) {
        char h[256];
        snprintf(h, sizeof h, "%s %s", inds[i]->id, inds[i]->title);
        s->text(s, h);
    }
    s->text(s, "是否达标");
    s->text(s, "备注");
    s->end_row(s);
    char near_text[32];
    snprintf(near_text, sizeof near_text, "%g%%", near * 100);
    for (int k = 0; t && k < t->count; k++) {
        const DataRow *row = &t->rows[k];
        if (row->school >= ev->nschools) break;
        const SchoolResults *sr = &ev->schools[row->school];
        s->text(s, sr->code);
        s->text(s, sr->name);
        s->text(s, stage_word(rs, row->stage));
        s->text(s, row->owner);
        s->number(s, row->students);
        s->number(s, row->classes);
        char met[512] = "", close[512] = "";
        for (int i = 0; i < n; i++) {
            const Result *r = school_result(ev, sr, inds[i], row->stage);
            fixed(s, r ? r->value : NAN, places);
            if (!r) continue;
            char *list = r->status == ST_PASS || r->status == ST_PASS_EXCEPTION ? met
                         : r->status == ST_FAIL && reached(ev->run, r, near) ? close : NULL;
            if (list) snprintf(list + strlen(list), sizeof met - strlen(list), "%s%s", *list ? "、" : "", inds[i]->id);
        }
        const Result *all = combined ? school_result(ev, sr, combined, row->stage) : NULL;
        s->text(s, !all ? NULL
                   : all->status == ST_PASS || all->status == ST_PASS_EXCEPTION ? msg(lang, MSG_TABLES_YES)
                   : all->status == ST_FAIL ? msg(lang, MSG_TABLES_NO) : status_word(lang, (Status)all->status));
        char note[1200];
        snprintf(note, sizeof note, "达标：%s；达到标准 %s：%s", *met ? met : "无", near_text, *close ? close : "无");
        s->text(s, note);
        s->end_row(s);
    }
}

static void write_iii(TableSink *s, const Evaluation *ev, Lang lang)
{
    const RuleSet *rs = ev->rs;
    int places = places_rule(rs, TABLES_PARAM_VALUE_PLACES, 2), cv_places = places_rule(rs, TABLES_PARAM_CV_PLACES, 3);
    static const char *const head[] = {"指标", "指标名称", "学段", "学校数", "全县平均值", "差异系数", "限值", "是否达标"};
    table_texts(s, head, (int)(sizeof head / sizeof *head));
    for (int k = 0; k < ev->ncvs; k++) {
        const CvResult *c = &ev->cvs[k];
        if (!c->ind) continue; /* a composite is no indicator of the table */
        s->text(s, c->ind->id);
        s->text(s, c->ind->title);
        s->text(s, stage_word(rs, c->stage));
        s->number(s, c->n);
        fixed(s, c->n ? c->mean : NAN, places);
        fixed(s, c->value, cv_places);
        fixed(s, c->limit, cv_places);
        s->text(s, c->status == ST_PASS ? msg(lang, MSG_TABLES_YES)
                   : c->status == ST_FAIL ? msg(lang, MSG_TABLES_NO) : status_word(lang, c->status));
        s->end_row(s);
    }
}

void tables_write(TableSink *sink, TableId id, const OfficialTables *t, const Evaluation *ev, Lang lang)
{
    if (id == TABLE_II_2) write_ii_2(sink, t, ev, lang);
    else write_iii(sink, ev, lang);
}
