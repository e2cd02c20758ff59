/* dictionary.c — the data dictionary (see dictionary.h). */
#include "dictionary.h"
#include "arena.h"
#include "diag.h"
#include "escape.h"
#include "numfmt.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Walking one indicator's parts for the fields they read. */
typedef struct Walk {
    const RuleSet *rs;
    int *marked;           /* per field: evaluation index + 1 of the last indicator that read it */
    int k;                 /* the indicator being walked */
    int *fields;           /* what it reads, in the order met */
    int n, cap;
} Walk;

static void walk(Walk *w, const Expr *e);

static void mark(Walk *w, const FieldDecl *f)
{
    if (w->marked[f->index] == w->k + 1) return;
    w->marked[f->index] = w->k + 1;
    if (w->n == w->cap) w->fields = xrealloc(w->fields, (size_t)(w->cap = w->cap * 2 + 16) * sizeof *w->fields);
    w->fields[w->n++] = f->index;
    for (int k = 0; k < f->ndefaults; k++) walk(w, f->defaults[k]);
    /* A split field also reads what the shares are computed from. */
    if (f->split && w->rs->split_by) mark(w, w->rs->split_by);
}

static void walk(Walk *w, const Expr *e)
{
    if (!e) return;
    if (e->kind == E_FIELD) mark(w, e->field);
    if (e->kind == E_DEFINE) walk(w, e->define->expr);
    walk(w, e->a);
    walk(w, e->b);
    walk(w, e->c); /* both branches of a conditional: either may be read */
    walk(w, e->where);
    walk(w, e->body);
    for (int i = 0; i < e->nitems; i++) walk(w, e->items[i]);
}

static int compare_ints(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

Usage dictionary_usage(const RuleSet *rs)
{
    Usage u;
    int nf = rs->nfields, ni = rs->nindicators;
    Walk w = {rs, xcalloc((size_t)nf + 1, sizeof *w.marked), 0, NULL, 0, 0};
    u.field_start = xcalloc((size_t)ni + 1, sizeof *u.field_start);
    for (int k = 0; k < ni; k++) {
        const Indicator *ind = rs->indicators[k];
        w.k = k;
        walk(&w, ind->applies);
        walk(&w, ind->value);
        walk(&w, ind->cond);
        for (int j = 0; j < ind->nexceptions; j++) {
            walk(&w, ind->exceptions[j].cond);
            walk(&w, ind->exceptions[j].value);
        }
        for (int j = 0; j < ind->nvetoes; j++) walk(&w, ind->vetoes[j].cond);
        qsort(w.fields + u.field_start[k], (size_t)(w.n - u.field_start[k]), sizeof *w.fields, compare_ints);
        u.field_start[k + 1] = w.n;
    }
    u.fields = w.fields ? w.fields : xmalloc(sizeof *u.fields);
    /* The other way round: count each field's readers, then place them by rising indicator. */
    u.reader_start = xcalloc((size_t)nf + 2, sizeof *u.reader_start);
    for (int p = 0; p < w.n; p++) u.reader_start[u.fields[p] + 2]++;
    for (int i = 0; i < nf; i++) u.reader_start[i + 2] += u.reader_start[i + 1];
    u.readers = xmalloc(((size_t)w.n + 1) * sizeof *u.readers);
    for (int k = 0; k < ni; k++)
        for (int p = u.field_start[k]; p < u.field_start[k + 1]; p++) u.readers[u.reader_start[u.fields[p] + 1]++] = k;
    free(w.marked);
    return u;
}

void dictionary_usage_free(Usage *u)
{
    free(u->reader_start);
    free(u->readers);
    free(u->field_start);
    free(u->fields);
}

static const char *type_word(Lang lang, const FieldDecl *f)
{
    static const MsgId words[] = {
        [DECL_INT] = MSG_FIELDS_TYPE_INT, [DECL_NUM] = MSG_FIELDS_TYPE_NUM, [DECL_RATIO] = MSG_FIELDS_TYPE_RATIO,
        [DECL_BOOL] = MSG_FIELDS_TYPE_BOOL, [DECL_ENUM] = MSG_FIELDS_TYPE_ENUM, [DECL_TEXT] = MSG_FIELDS_TYPE_TEXT,
    };
    if (f->decl == DECL_WORDS) return f->list->name; /* its 词表: 等级, 水平 */
    return msg(lang, words[f->decl]);
}

/* A field's description in a Markdown table cell: a '|' would end the
 * cell, so it is written \|; controls are escaped as in any text output. */
static void markdown_cell(FILE *out, const char *s)
{
    for (const char *bar; s && (bar = strchr(s, '|')); s = bar + 1) {
        text_escaped_n(out, s, (size_t)(bar - s));
        fputs("\\|", out);
    }
    text_escaped(out, s);
}

/* Type with the words of an enumeration: 枚举(城区、镇区、乡村). */
static void print_type(FILE *out, Lang lang, const FieldDecl *f)
{
    fputs(type_word(lang, f), out);
    if (f->decl != DECL_ENUM) return;
    putc('(', out);
    for (int i = 0; i < f->nwords; i++) fprintf(out, "%s%s", i ? "、" : "", f->words[i]);
    putc(')', out);
}

/* Bounds as the rules write them: 0.. , 0..1 , ..100. */
static void print_bounds(FILE *out, const Bounds *b)
{
    char lo[32] = "", hi[32] = "";
    if (!isnan(b->lo)) numfmt_shortest(lo, sizeof lo, b->lo);
    if (!isnan(b->hi)) numfmt_shortest(hi, sizeof hi, b->hi);
    fprintf(out, "%s..%s", lo, hi);
}

/* The checks a dataset's values of f go through (datacheck.h), after the
 * notes before them; returns how many it printed. */
static int print_checks(FILE *out, Lang lang, const RuleSet *rs, const FieldDecl *f, int notes)
{
    int n = 0;
    if (f->range.given) {
        fprintf(out, "%s%s ", notes + n++ ? msg(lang, MSG_SEMICOLON) : "", msg(lang, MSG_FIELDS_RANGE));
        print_bounds(out, &f->range);
    }
    if (f->plausible.given) {
        fprintf(out, "%s%s ", notes + n++ ? msg(lang, MSG_SEMICOLON) : "",
                msg(lang, f->per_pupil ? MSG_FIELDS_PLAUSIBLE_PER_PUPIL : MSG_FIELDS_PLAUSIBLE));
        print_bounds(out, &f->plausible);
    }
    if (f->sum_of) {
        char t[32];
        numfmt_shortest(t, sizeof t, f->sum_relative ? f->sum_tolerance * 100 : f->sum_tolerance);
        fprintf(out, "%s", notes + n++ ? msg(lang, MSG_SEMICOLON) : "");
        msg_print(out, lang, MSG_FIELDS_SUM_OF, level_name(rs, f->sum_of->level), f->sum_of->name, t, f->sum_relative ? "%" : "");
    }
    return n;
}

void dictionary_print(FILE *out, Lang lang, const RuleSet *rs, int markdown)
{
    Usage u = dictionary_usage(rs);
    if (markdown)
        msg_print(out, lang, MSG_FIELDS_MARKDOWN_TITLE, rs->name);
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) {
        int any = 0;
        for (int i = 0; i < rs->nfields; i++) any |= rs->fields[i]->level == lv;
        if (!any) continue;
        if (markdown)
            msg_print(out, lang, MSG_FIELDS_MARKDOWN_LEVEL, level_name(rs, lv));
        else
            fprintf(out, "%s%s\n", lv == LV_COUNTY ? "" : "\n", level_name(rs, lv));
        for (int i = 0; i < rs->nfields; i++) {
            const FieldDecl *f = rs->fields[i];
            if (f->level != lv) continue;
            if (markdown) {
                fprintf(out, "| %s | ", f->name);
                print_type(out, lang, f);
                fprintf(out, " | %s | ", f->unit ? f->unit : "");
                markdown_cell(out, f->description);
                fputs(" | ", out);
            } else {
                fputs("  ", out);
                print_padded(out, f->name, 34);
                print_padded(out, type_word(lang, f), 6);
                print_padded(out, f->unit ? f->unit : "-", 8);
            }
            int notes = 0;
            if (f->split) {
                fputs(msg(lang, MSG_FIELDS_SPLIT), out);
                notes++;
            }
            if (f->ndefaults) {
                fprintf(out, "%s%s ", notes++ ? msg(lang, MSG_SEMICOLON) : "", msg(lang, MSG_FIELDS_DEFAULT));
                for (int k = 0; k < f->ndefaults; k++) {
                    const char *text;
                    int n = span_text(f->defaults[k]->span, &text);
                    if (f->default_keys[k])
                        fprintf(out, "%s%s ", k ? msg(lang, MSG_LIST_SEPARATOR) : "", f->default_keys[k]->name);
                    fprintf(out, "%.*s", n, text);
                }
            }
            for (int k = 0; k < f->naliases; k++) {
                fprintf(out, "%s%s %s", notes++ ? msg(lang, MSG_SEMICOLON) : "", msg(lang, MSG_FIELDS_ALIAS), f->aliases[k].heading);
                if (f->aliases[k].factor != 1) fprintf(out, " × %g", f->aliases[k].factor);
            }
            notes += print_checks(out, lang, rs, f, notes);
            if (!markdown && !notes) fputs("-", out);
            fputs(markdown ? " | " : "  ", out);
            for (int p = u.reader_start[i]; p < u.reader_start[i + 1]; p++)
                fprintf(out, "%s%s", p > u.reader_start[i] ? "、" : "", rs->indicators[u.readers[p]]->id);
            if (u.reader_start[i] == u.reader_start[i + 1]) fputs(markdown ? "" : "-", out);
            fputs(markdown ? " |\n" : "\n", out);
            if (!markdown && f->description) { /* below the field, where a long text has room */
                fputs(msg(lang, MSG_FIELDS_DESCRIPTION), out);
                text_escaped(out, f->description);
                putc('\n', out);
            }
        }
    }
    /* The import profiles: each column with the field it fills. */
    for (int p = 0; p < rs->nprofiles; p++) {
        const Profile *pf = rs->profiles[p];
        if (markdown) msg_print(out, lang, MSG_FIELDS_MARKDOWN_IMPORT, pf->name, level_name(rs, pf->level), pf->name, pf->name);
        else msg_print(out, lang, MSG_FIELDS_IMPORT, pf->name, level_name(rs, pf->level));
        for (int k = 0; k < pf->ncolumns; k++) {
            const ProfileColumn *c = &pf->columns[k];
            const char *stage = c->stage >= 0 ? rs->stage_field->words[c->stage] : "";
            if (markdown) {
                fprintf(out, "| %s | ", c->heading);
            } else {
                fputs("  ", out);
                print_padded(out, c->heading, 40);
            }
            fprintf(out, "%s%s%s", stage, *stage ? " " : "", c->field->name);
            if (c->factor != 1) fprintf(out, " × %g", c->factor);
            fputs(markdown ? " |\n" : "\n", out);
        }
    }
    /* And the other way round: each indicator with what it reads. */
    if (markdown)
        fputs(msg(lang, MSG_FIELDS_MARKDOWN_INDICATORS), out);
    else
        fprintf(out, "\n%s\n", msg(lang, MSG_FIELDS_INDICATORS));
    for (int k = 0; k < rs->nindicators; k++) {
        const Indicator *ind = rs->indicators[k];
        if (markdown) fprintf(out, "| %s | %s | %s | %s | ", ind->id, ind->title, ind->category ? ind->category : "",
                              level_name(rs, ind->scope));
        else msg_print(out, lang, MSG_FIELDS_INDICATOR, ind->id, ind->title, level_name(rs, ind->scope));
        for (int p = u.field_start[k]; p < u.field_start[k + 1]; p++) {
            const FieldDecl *f = rs->fields[u.fields[p]];
            int shared = 0; /* a name two levels declare (学段 and 校区 在校生数) is given with its level */
            for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) shared |= lv != f->level && rules_field(rs, lv, f->name);
            fprintf(out, "%s", p > u.field_start[k] ? "、" : "");
            if (shared) fprintf(out, "%s.", level_name(rs, f->level));
            fputs(f->name, out);
        }
        if (markdown) fprintf(out, " | %s |\n", ind->source ? ind->source : "");
        else putc('\n', out);
    }
    dictionary_usage_free(&u);
}
