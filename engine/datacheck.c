/* datacheck.c — the checks of a dataset's values that the rule set declares
 * (see datacheck.h). */
#include "datacheck.h"
#include "dictionary.h"
#include "limits.h"
#include "numfmt.h"
#include "values.h"
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void data_vdiag(DiagList *d, DiagSeverity sev, const DataPlace *at, MsgId id, va_list ap)
{
    if (at->a1) diag_vat_a1(d, sev, at->path, at->line, at->col, id, ap);
    else diag_vplace(d, sev, at->path, at->line, at->col, at->column, id, ap);
}

void data_diag(DiagList *d, DiagSeverity sev, const DataPlace *at, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    data_vdiag(d, sev, at, id, ap);
    va_end(ap);
}

static const char *num(char buf[32], double x)
{
    numfmt_shortest(buf, 32, x);
    return buf;
}

/* A value per pupil as people read it: two decimals at most. */
static const char *per_pupil_text(char buf[32], double x)
{
    return num(buf, round(x * 100) / 100);
}

static int within(const Bounds *b, double x)
{
    return !b->given || ((isnan(b->lo) || x >= b->lo) && (isnan(b->hi) || x <= b->hi));
}

int value_in_range(const FieldDecl *f, double x)
{
    return within(&f->range, x);
}

int value_needs_report(const FieldDecl *f, double x)
{
    return !within(&f->range, x) || (!f->per_pupil && !within(&f->plausible, x));
}

/* Bounds as the rules write them (0.. , 0..1 , ..100), into buf. */
static const char *bounds_text(char buf[72], const Bounds *b)
{
    char lo[32] = "", hi[32] = "";
    if (!isnan(b->lo)) num(lo, b->lo);
    if (!isnan(b->hi)) num(hi, b->hi);
    snprintf(buf, 72, "%s..%s", lo, hi);
    return buf;
}

/* What a 合理范围 warning suggests: the rule's 提示, else to check the value. */
static const char *hint_of(const FieldDecl *f)
{
    return f->hint ? f->hint : msg_ref(MSG_DS_PLEASE_CHECK);
}

int check_value(DiagList *d, const FieldDecl *f, double x, const DataPlace *at)
{
    char value[32], range[72];
    if (!within(&f->range, x)) {
        data_diag(d, DIAG_ERROR, at, MSG_DS_RANGE, f->name, num(value, x),
                  bounds_text(range, &f->range));
        return -1;
    }
    if (!f->per_pupil && !within(&f->plausible, x))
        data_diag(d, DIAG_WARNING, at, MSG_DS_PLAUSIBLE, f->name, num(value, x),
                  f->unit ? f->unit : "", bounds_text(range, &f->plausible), hint_of(f));
    return 0;
}

void unit_error(DiagList *d, const DataPlace *at, const FieldDecl *f, const char *text, const char *unit)
{
    if (f->unit && strcmp(f->unit, unit) == 0) data_diag(d, DIAG_ERROR, at, MSG_DS_UNIT_SAME, f->name, text, unit);
    else if (f->unit) data_diag(d, DIAG_ERROR, at, MSG_DS_UNIT_OTHER, f->name, text, unit, f->unit);
    else data_diag(d, DIAG_ERROR, at, MSG_DS_UNIT_NONE, f->name, text, unit);
}

/* The pupils of a stage (分摊's 按 field); NAN when not given. */
static double stage_pupils(const RuleSet *rs, const StageData *st)
{
    const Value *v = &st->values[rs->split_by->slot];
    return v->tag == V_NUM ? v->num : NAN;
}

/* A 合理范围 生均 bound of f: its value over pupils (the stage's, or the whole
 * school's for a school field, every stage counted as the split counts). */
static void check_per_pupil(const RuleSet *rs, const SchoolData *s, const FieldDecl *f, DiagList *d, const Locator *loc)
{
    for (int k = -1; k < s->nstages; k++) {
        if ((k < 0) != (f->level == LV_SCHOOL)) continue;
        const Value *v = k < 0 ? &s->values[f->slot] : &s->stages[k].values[f->slot];
        if (v->tag != V_NUM) continue;
        double pupils = 0;
        for (int j = 0; j < s->nstages; j++)
            if (k < 0 || j == k) pupils += stage_pupils(rs, &s->stages[j]);
        if (!(pupils > 0) || within(&f->plausible, v->num / pupils)) continue;
        char value[32], range[72];
        DataPlace at;
        loc->locate(loc->ctx, k, f->name, &at);
        data_diag(d, DIAG_WARNING, &at, MSG_DS_PLAUSIBLE_PER_PUPIL, f->name, per_pupil_text(value, v->num / pupils),
                  f->unit ? f->unit : "", bounds_text(range, &f->plausible), hint_of(f));
    }
}

/* The stage words of mask, for a message's list (%L). */
static char *stage_list(const RuleSet *rs, unsigned mask, Arena *a)
{
    size_t n = 1;
    for (int w = 0; w < rs->stage_field->nwords; w++)
        if (mask >> w & 1) n += strlen(rs->stage_field->words[w]) + 1;
    char *out = arena_alloc(a, n), *p = out;
    for (int w = 0; w < rs->stage_field->nwords; w++) {
        if (!(mask >> w & 1)) continue;
        if (p > out) *p++ = '\n';
        size_t k = strlen(rs->stage_field->words[w]);
        memcpy(p, rs->stage_field->words[w], k);
        p += k;
    }
    *p = '\0';
    return out;
}

static int bits(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1) n++;
    return n;
}

/* The school's stage records against its type's 学段构成; once the rule set
 * declares one, a school with none is reported whatever its type: it would
 * drop out of every stage indicator without a word. */
static void check_makeup(const RuleSet *rs, const SchoolData *s, DiagList *d, const Locator *loc, Arena *a)
{
    if (!rs->nmakeups) return;
    const StageMakeup *m = NULL;
    const Value *type = rs->school_type_field ? &s->values[rs->school_type_field->slot] : NULL;
    for (int i = 0; type && type->tag == V_WORD && i < rs->nmakeups; i++)
        if (rs->makeups[i]->sets && rs->makeups[i]->type_word == (int)type->num) m = rs->makeups[i];
    unsigned have = 0;
    for (int k = 0; k < s->nstages; k++) have |= 1u << s->stages[k].word;
    if (m) {
        unsigned best = m->sets[0];
        for (int i = 0; i < m->nsets; i++) {
            if (m->sets[i] == have) return;
            if (bits(m->sets[i] ^ have) < bits(best ^ have)) best = m->sets[i];
        }
        DataPlace at;
        loc->locate(loc->ctx, -1, DS_KEY_SCHOOL_TYPE, &at);
        const char *type_word = rs->school_type_field->words[m->type_word];
        if (!have) data_diag(d, DIAG_ERROR, &at, MSG_DS_NO_STAGE_FOR_TYPE, s->code, type_word, stage_list(rs, best, a));
        else data_diag(d, DIAG_ERROR, &at, MSG_DS_MAKEUP, s->code, type_word, stage_list(rs, best, a), stage_list(rs, have, a));
    } else if (!have) {
        DataPlace at;
        loc->locate(loc->ctx, -1, NULL, &at);
        data_diag(d, DIAG_ERROR, &at, MSG_DS_NO_STAGE_RECORD, s->code);
    }
}

/* Each stage field with 核对合计 LEVEL.FIELD against the sum of FIELD over the
 * stage's LEVEL records (when it has any: the file of records is optional). */
static void check_sums(const RuleSet *rs, const SchoolData *s, const FieldDecl *f, DiagList *d, const Locator *loc)
{
    const FieldDecl *g = f->sum_of;
    Level lv = g->level;
    const FieldDecl *row_stage = rs->row_stage_field[lv];
    for (int k = 0; k < s->nstages; k++) {
        const Value *v = &s->stages[k].values[f->slot];
        if (v->tag != V_NUM) continue;
        double sum = 0;
        int rows = 0;
        for (int i = 0; i < s->rows[lv].count; i++) {
            const Value *row = s->rows[lv].rows[i];
            const Value *w = &row[row_stage->slot];
            if (w->tag == V_WORD && rs->row_stage_word[lv][(int)w->num] != s->stages[k].word) continue;
            if (w->tag != V_WORD && s->nstages > 1) continue; /* reported by row_stage_check */
            if (row[g->slot].tag != V_NUM) continue;
            sum += row[g->slot].num;
            rows++;
        }
        double allowed = f->sum_relative ? f->sum_tolerance * v->num : f->sum_tolerance;
        if (!rows || fabs(sum - v->num) <= allowed * (1 + 1e-12)) continue;
        char a[32], b[32], c[32], t[40];
        if (f->sum_relative) snprintf(t, sizeof t, "%s%%", num(c, f->sum_tolerance * 100));
        else num(t, f->sum_tolerance);
        DataPlace at;
        loc->locate(loc->ctx, k, f->name, &at);
        data_diag(d, DIAG_ERROR, &at, MSG_DS_SUM, s->code, rs->stage_field->words[s->stages[k].word], f->name,
                  num(a, v->num), level_name(rs, lv), g->name, num(b, sum), rows,
                  t);
    }
}

void check_school(const RuleSet *rs, const SchoolData *s, DiagList *d, const Locator *loc, Arena *scratch)
{
    if (!rs->stage_field) return;
    check_makeup(rs, s, d, loc, scratch);
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        if (f->sum_of) check_sums(rs, s, f, d, loc);
        if (f->per_pupil && f->plausible.given && rs->split_by) check_per_pupil(rs, s, f, d, loc);
    }
}

/* ---- names no rule declares, fields no file gives ---- */

/* The code points of a UTF-8 text (at most max), for the edit distance. */
static int code_points(const char *s, unsigned *out, int max)
{
    int n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && n < max) {
        unsigned c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        for (; more && (*p & 0xC0) == 0x80; more--) c = c << 6 | (*p++ & 0x3F);
        out[n++] = c;
    }
    return n;
}

/* Levenshtein distance over code points (names are short: at most 64 counted). */
static int edit_distance(const char *a, const char *b)
{
    enum { MAX = 64 };
    unsigned x[MAX], y[MAX];
    int n = code_points(a, x, MAX), m = code_points(b, y, MAX);
    int row[MAX + 1];
    for (int j = 0; j <= m; j++) row[j] = j;
    for (int i = 1; i <= n; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= m; j++) {
            int up = row[j];
            int best = diag + (x[i - 1] != y[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

/* How far name is from field: 0 when one holds the other, else the edit
 * distance when it is small for their length, else -1. */
static int nearness(const char *name, const char *field)
{
    if (strstr(name, field) || strstr(field, name)) return 0;
    unsigned buf[64];
    int n = code_points(name, buf, 64), m = code_points(field, buf, 64);
    int d = edit_distance(name, field), longer = n > m ? n : m;
    return d <= (longer / 3 > 1 ? longer / 3 : 1) ? d : -1;
}

const FieldDecl *closest_field(const RuleSet *rs, Level lv, const char *name)
{
    const FieldDecl *best = NULL;
    int best_d = 0;
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        if (f->level != lv && !(lv == LV_STAGE && f->level == LV_SCHOOL && f->split)) continue;
        int d = nearness(name, f->name);
        if (d >= 0 && (!best || d < best_d)) best = f, best_d = d;
    }
    return best;
}

void warn_unknown_name(DiagList *d, const DataPlace *at, const RuleSet *rs, Level lv, const char *name, MsgId id_guess,
                       MsgId id_alone)
{
    const FieldDecl *guess = closest_field(rs, lv, name);
    if (guess) data_diag(d, DIAG_WARNING, at, id_guess, name, level_name(rs, lv), guess->name);
    else data_diag(d, DIAG_WARNING, at, id_alone, name, level_name(rs, lv));
}

struct FieldReaders {
    const RuleSet *rs;
    Usage usage;
};

FieldReaders *field_readers_new(const RuleSet *rs)
{
    FieldReaders *fr = xmalloc(sizeof *fr);
    fr->rs = rs;
    fr->usage = dictionary_usage(rs);
    return fr;
}

void field_readers_free(FieldReaders *fr)
{
    if (!fr) return;
    dictionary_usage_free(&fr->usage);
    free(fr);
}

void absent_note(Absent *a, const FieldDecl *f)
{
    const Usage *u = &a->fr->usage;
    int from = u->reader_start[f->index], to = u->reader_start[f->index + 1];
    if (f->ndefaults || from == to) return;
    if (a->shown == JH_WARN_UNKNOWN_COLUMNS) {
        size_t k = strlen(f->name);
        char *grown = arena_alloc(a->scratch, a->len + k + 2);
        if (a->len) memcpy(grown, a->names, a->len);
        if (a->len) grown[a->len++] = '\n';
        memcpy(grown + a->len, f->name, k + 1);
        a->names = grown;
        a->len += k;
        a->more++;
        return;
    }
    a->shown++;
    size_t n = 1;
    for (int p = from; p < to; p++) n += strlen(a->fr->rs->indicators[u->readers[p]]->id) + 1;
    char *list = arena_alloc(a->scratch, n), *q = list;
    for (int p = from; p < to; p++) {
        if (q > list) *q++ = '\n';
        size_t k = strlen(a->fr->rs->indicators[u->readers[p]]->id);
        memcpy(q, a->fr->rs->indicators[u->readers[p]]->id, k);
        q += k;
    }
    *q = '\0';
    data_diag(a->d, DIAG_WARNING, &a->at, a->id, f->name, list);
}

void absent_finish(Absent *a)
{
    if (a->more) data_diag(a->d, DIAG_WARNING, &a->at, MSG_DS_ABSENT_MORE, a->more, a->names);
}
