/* lint.c — numbered warnings (see lint.h):
 *   J101 a field no indicator reads          J102 a parameter nobody uses
 *   J103 a definition nobody uses            J104 values of different units compared or added
 *   J105 an exception that can never change a failing result
 *   J106 two exceptions of one indicator that hold exactly together (the later never decides)
 *   J107 an exception that never decides: an earlier one always holds when it does */
#include "lint.h"
#include "dataset.h"
#include "dictionary.h"
#include <stdlib.h>
#include <string.h>

typedef struct Linter {
    const RuleSet *rs;
    DiagList *diags;
    LintSummary sum;
} Linter;

/* How far back silenced() looks for the line above a warning: the comment
 * that silences it sits just above, on lines far shorter than this. A
 * warning on longer lines is not silenced, and costs no scan of all the
 * text before it (a one-line rule file of 100 000 definitions). */
#define SILENCE_REACH 4096

/* "# 忽略 J104：理由" (or "# ignore J104: reason") on the line above. */
static int silenced(Span at, const char *code, DiagList *diags, Linter *l)
{
    const char *text = at.src->text;
    size_t floor = at.start > SILENCE_REACH ? at.start - SILENCE_REACH : 0;
    size_t start = at.start;
    while (start > floor && text[start - 1] != '\n') start--;
    if (start == 0 || text[start - 1] != '\n') return 0; /* no line above, or one out of reach */
    size_t prev = start - 1;
    while (prev > floor && text[prev - 1] != '\n') prev--;
    if (prev > 0 && text[prev - 1] != '\n') return 0;
    char line[512];
    size_t n = start - 1 - prev < sizeof line - 1 ? start - 1 - prev : sizeof line - 1;
    memcpy(line, text + prev, n);
    line[n] = '\0';
    const char *hit = strstr(line, code);
    if (!hit || (!strstr(line, "忽略") && !strstr(line, "ignore"))) return 0;
    const char *reason = hit + strlen(code);
    while (*reason == ' ' || *reason == ':' || strncmp(reason, "：", 3) == 0) reason += *reason == ' ' || *reason == ':' ? 1 : 3;
    if (!*reason) {
        diag_at(diags, DIAG_WARNING, at.src, prev, MSG_LINT_NO_REASON, code, code);
        l->sum.warnings++;
        return 0;
    }
    return 1;
}

/* Whether the warning code at `at` is to be given (counted), or silenced. */
static int warns(Linter *l, Span at, const char *code)
{
    if (silenced(at, code, l->diags, l)) {
        l->sum.silenced++;
        return 0;
    }
    l->sum.warnings++;
    return 1;
}

/* The warning code at `at`: entry id with its arguments, after the code
 * (MSG_LINT takes the code and an entry with its arguments). */
#define WARN(l, at, code, id, ...) \
    do { \
        if (warns(l, at, code)) diag_at((l)->diags, DIAG_WARNING, (at).src, (at).start, MSG_LINT, code, id, __VA_ARGS__); \
    } while (0)

/* The unit of an expression, when it has one it keeps: a field's, carried
 * through + and -, aggregates and definitions; NULL when unknown. */
static const char *unit_of(const Expr *e)
{
    if (!e) return NULL;
    switch (e->kind) {
    case E_FIELD: return e->field->unit;
    case E_DEFINE: return unit_of(e->define->expr);
    case E_NEG: return unit_of(e->a);
    case E_ARITH: {
        if (e->op != T_PLUS && e->op != T_MINUS) return NULL;
        const char *a = unit_of(e->a), *b = unit_of(e->b);
        return a && b && strcmp(a, b) == 0 ? a : NULL;
    }
    case E_CALL: return e->builtin == B_SUM || e->builtin == B_MIN || e->builtin == B_MAX ? unit_of(e->body) : NULL;
    case E_IF: { /* either branch may be the value: a unit when both have the same */
        const char *a = unit_of(e->b), *b = unit_of(e->c);
        return a && b && strcmp(a, b) == 0 ? a : NULL;
    }
    default: return NULL;
    }
}

static void check_units(Linter *l, const Expr *e)
{
    if (!e) return;
    if (e->kind == E_COMPARE || (e->kind == E_ARITH && (e->op == T_PLUS || e->op == T_MINUS))) {
        const char *a = unit_of(e->a), *b = unit_of(e->b);
        if (a && b && strcmp(a, b) != 0) WARN(l, e->span, "J104", MSG_LINT_UNITS, a, b);
    }
    check_units(l, e->a);
    check_units(l, e->b);
    check_units(l, e->c);
    check_units(l, e->where);
    check_units(l, e->body);
}

static int same_text(const Expr *a, const Expr *b)
{
    return a && b && a->span.len == b->span.len && memcmp(a->span.src->text + a->span.start, b->span.src->text + b->span.start, a->span.len) == 0;
}

/* Whether two checked expressions compute the same thing, as written
 * (the same names, numbers and operators; 且's operands in any order are
 * compared by conjuncts below, not here). Depth is bounded by the checker. */
static int same_expr(const Expr *a, const Expr *b)
{
    if (!a || !b) return a == b;
    if (a->kind != b->kind || a->op != b->op || a->field != b->field || a->define != b->define ||
        a->param != b->param || a->builtin != b->builtin || a->nitems != b->nitems || a->level != b->level)
        return 0;
    if ((a->kind == E_NUMBER || a->kind == E_BOOL || a->kind == E_ENUM_WORD) && a->num != b->num) return 0;
    if ((a->name || b->name) && (!a->name || !b->name || strcmp(a->name, b->name) != 0)) return 0;
    if (a->nindicators != b->nindicators) return 0;
    for (int i = 0; i < a->nindicators; i++)
        if (a->indicators[i] != b->indicators[i]) return 0;
    for (int i = 0; i < a->nitems; i++)
        if (!same_expr(a->items[i], b->items[i])) return 0;
    return same_expr(a->a, b->a) && same_expr(a->b, b->b) && same_expr(a->where, b->where) && same_expr(a->body, b->body);
}

/* The conjuncts of a condition (a 且 b 且 c), into out; how many (more
 * than max: -1, not compared). */
static int conjuncts(const Expr *e, const Expr **out, int n, int max)
{
    if (!e || n < 0) return n;
    if (e->kind == E_AND) return conjuncts(e->b, out, conjuncts(e->a, out, n, max), max);
    if (n == max) return -1;
    out[n] = e;
    return n + 1;
}

#define MAX_CONJUNCTS 32

/* Whether every conjunct of a is among those of b: b's condition implies a's. */
static int conjuncts_within(const Expr *a, const Expr *b)
{
    const Expr *as[MAX_CONJUNCTS], *bs[MAX_CONJUNCTS];
    int na = conjuncts(a, as, 0, MAX_CONJUNCTS), nb = conjuncts(b, bs, 0, MAX_CONJUNCTS);
    if (na < 0 || nb < 0) return 0;
    for (int i = 0; i < na; i++) {
        int found = 0;
        for (int j = 0; j < nb && !found; j++) found = same_expr(as[i], bs[j]);
        if (!found) return 0;
    }
    return 1;
}

static int same_thresholds(const Exception *a, const Exception *b)
{
    if (a->nthresholds != b->nthresholds) return 0;
    for (int i = 0; i < a->nthresholds; i++) {
        const Threshold *x = &a->thresholds[i], *y = &b->thresholds[i];
        if (x->key_index != y->key_index || x->op != y->op || !same_expr(x->value, y->value)) return 0;
    }
    return 1;
}

/* Whether exception e holds whenever exception later does (tried first, e
 * then always decides before it): e's conjuncts are among later's, and e
 * has no value of its own or the same value against the same 标准. */
static int holds_first(const Exception *e, const Exception *later)
{
    if (!conjuncts_within(e->cond, later->cond)) return 0;
    return !e->value || (same_expr(e->value, later->value) && same_thresholds(e, later));
}

/* J106 and J107 over the exceptions of one indicator, each reported once,
 * for the first earlier exception that shadows it. */
static void check_overlaps(Linter *l, const Indicator *ind)
{
    for (int k = 1; k < ind->nexceptions; k++) {
        const Exception *later = &ind->exceptions[k];
        for (int j = 0; j < k; j++) {
            const Exception *e = &ind->exceptions[j];
            if (!holds_first(e, later)) continue;
            if (holds_first(later, e))
                WARN(l, later->span, "J106", MSG_LINT_SAME_EXCEPTION, later->qualified, e->qualified, later->qualified);
            else
                WARN(l, later->span, "J107", MSG_LINT_SHADOWED_EXCEPTION, later->qualified, e->qualified, e->qualified,
                     later->qualified, later->qualified);
            break;
        }
    }
}

LintSummary lint_rules(const RuleSet *rs, DiagList *diags)
{
    Linter l = {rs, diags, {0, 0}};
    Usage used = dictionary_usage(rs);
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        int read = f == rs->stage_field || f == rs->school_type_field || f == rs->split_by ||
                   strcmp(f->name, DS_KEY_SCHOOL_CODE) == 0 || strcmp(f->name, DS_KEY_SCHOOL_NAME) == 0;
        read |= used.reader_start[i + 1] > used.reader_start[i];
        for (Level lv = LV_RECORDS; lv < rs->nlevels && !read; lv++) read = rs->row_stage_field[lv] == f;
        if (!read) WARN(&l, f->span, "J101", MSG_LINT_UNUSED_FIELD, f->name);
    }
    dictionary_usage_free(&used);
    for (int i = 0; i < rs->nparams; i++)
        if (!rs->params[i]->used) WARN(&l, rs->params[i]->span, "J102", MSG_LINT_UNUSED_PARAM, rs->params[i]->name);
    for (int i = 0; i < rs->ndefines; i++)
        if (!rs->defines[i]->used) WARN(&l, rs->defines[i]->span, "J103", MSG_LINT_UNUSED_DEFINE, rs->defines[i]->name);
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        check_units(&l, ind->applies);
        check_units(&l, ind->value);
        check_units(&l, ind->cond);
        for (int k = 0; k < ind->nexceptions; k++) {
            const Exception *ex = &ind->exceptions[k];
            check_units(&l, ex->cond);
            check_units(&l, ex->value);
            /* The main value against the main threshold again: it fails whenever the main test does. */
            if (!ex->cond && !ex->nthresholds && same_text(ex->value, ind->value))
                WARN(&l, ex->span, "J105", MSG_LINT_DEAD_EXCEPTION, ex->qualified);
        }
        check_overlaps(&l, ind);
    }
    for (int i = 0; i < rs->ndefines; i++) check_units(&l, rs->defines[i]->expr);
    return l.sum;
}
