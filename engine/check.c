/* check.c — resolves every name of the parsed rule set against its
 * declarations, checks types and levels, and orders indicators so that an
 * indicator is evaluated after those it reads. Nothing here reads data. */
#include "check.h"
#include "layout.h"
#include "limits.h"
#include "values.h"
#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct Named Named;

typedef struct Checker {
    RuleSet *rs;
    DiagList *diags;
    Named *names;              /* every declared name (declare_names) */
    unsigned names_mask;
    /* Depth as the evaluator will recurse: of the node being checked (1 at
     * the root of a declaration's expression, of a definition's or field
     * default's own expression while it is checked), and the deepest
     * reached below it counting the definitions and defaults it reads. */
    int depth, deepest;
    int frames;                /* the checker's own recursion: nodes being checked */
    /* Whether an expression was reported too deep: once per rule set, as
     * the rest of a long chain would repeat it declaration by declaration. */
    int too_deep;
} Checker;

/* What an expression may read where it stands. */
typedef struct Scope {
    Level level;               /* the unit: 县级, 学校 or 学段 */
    Level row;                 /* inside an aggregate over rows: their level; else LV_NONE */
    const Indicator *owner;    /* indicator being checked, NULL elsewhere */
    int in_indicator_list;     /* inside an aggregate over indicators */
    int allow_threshold;       /* 标准 names the threshold in force */
    int allow_value;           /* 值 names the indicator's main value */
    int in_main_test;          /* in the indicator's own 值 or 条件 */
    int in_collection;         /* inside an aggregate over records */
    int in_schools;            /* inside a county aggregate over schools */
    unsigned *reads;           /* levels read outside aggregates, one bit each (definitions) */
} Scope;

/* The scope of a unit: nothing below it but what aggregates bring in. */
static Scope unit_scope(Level lv, const Indicator *owner)
{
    Scope sc = {lv, LV_NONE, owner, 0, 0, 0, 0, 0, 0, NULL};
    return sc;
}

/* Whether lv is the row level, the unit, or one of their ancestors. */
static int on_path(const RuleSet *rs, const Scope *sc, Level lv)
{
    for (Level l = sc->row; l != LV_NONE; l = level_parent(rs, l))
        if (l == lv) return 1;
    for (Level l = sc->level; l != LV_NONE; l = level_parent(rs, l))
        if (l == lv) return 1;
    return 0;
}

/* The field a name means here: the innermost level first. */
static const FieldDecl *find_field(const RuleSet *rs, const Scope *sc, const char *name)
{
    for (Level l = sc->row; l != LV_NONE; l = level_parent(rs, l)) {
        const FieldDecl *f = rules_field(rs, l, name);
        if (f) return f;
    }
    for (Level l = sc->level; l != LV_NONE; l = level_parent(rs, l)) {
        const FieldDecl *f = rules_field(rs, l, name);
        if (f) return f;
    }
    return NULL;
}

static const struct { Builtin b; const char *zh, *en; int args; } builtins[] = {
    {B_COUNT, "计数", "count", 1}, {B_SUM, "求和", "sum", 1}, {B_MIN, "最小", "min", 1},
    {B_MAX, "最大", "max", 1}, {B_ALL, "全部", "all", 1}, {B_ANY, "任一", "any", 1},
    {B_CEIL, "向上取整", "ceil", 1},
};

/* The element attribute "met" inside an aggregate over indicators. */
static const char *const met_names[] = {"达标", "met"};

static void error_at(Checker *c, Span sp, MsgId id, const char *a, const char *b, const char *d)
{
    diag_at(c->diags, DIAG_ERROR, sp.src, sp.start, id, a, b, d);
}

static int line_of(Span sp)
{
    int line, col;
    source_position(sp.src, sp.start, &line, &col);
    return line;
}

/* ---- the one namespace: fields, definitions, parameters, indicators, cvs ---- */

/* Clause ids (I4.E1) and category names are names of their own: a
 * category may share its name with an indicator. */
typedef enum { SPACE_MAIN, SPACE_CLAUSE, SPACE_CATEGORY } NameSpace;
typedef enum { NAME_FIELD, NAME_DEFINE, NAME_PARAM, NAME_INDICATOR, NAME_CV, NAME_CLAUSE, NAME_CATEGORY } NameKind;

/* A declared name, in the checker's open-addressing table (name == NULL: empty). */
struct Named {
    const char *name;
    NameSpace space;
    NameKind kind;
    void *decl;
    Span span;
};

static unsigned hash_name(NameSpace space, const char *s)
{
    unsigned h = 2166136261u ^ (unsigned)space;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot of name in space: its entry, or the empty slot it would take. */
static Named *slot_of(const Checker *c, NameSpace space, const char *name)
{
    unsigned h = hash_name(space, name) & c->names_mask;
    while (c->names[h].name && (c->names[h].space != space || strcmp(c->names[h].name, name) != 0))
        h = (h + 1) & c->names_mask;
    return &c->names[h];
}

/* Enters a name, or reports it as declared twice (report: 0 keeps the
 * first silently, for a field name two levels declare). Returns whether it
 * was new. */
static int claim(Checker *c, NameSpace space, NameKind kind, const char *name, void *decl, Span sp, int report)
{
    Named *n = slot_of(c, space, name);
    if (n->name) {
        if (report)
            diag_at(c->diags, DIAG_ERROR, sp.src, sp.start, MSG_CHK_DUP, name, n->span.src->path, line_of(n->span));
        return 0;
    }
    *n = (Named){name, space, kind, decl, sp};
    return 1;
}

static void *find_decl(const Checker *c, NameKind kind, const char *name)
{
    NameSpace space = kind == NAME_CLAUSE ? SPACE_CLAUSE : kind == NAME_CATEGORY ? SPACE_CATEGORY : SPACE_MAIN;
    const Named *n = slot_of(c, space, name);
    return n->name && n->kind == kind ? n->decl : NULL;
}

/* Indexes every declared name. Field names are unique within their level;
 * definitions, parameters, indicators and CVs are unique and differ from
 * every field name; clause ids are unique in their indicator (exceptions
 * and vetoes share them: both appear as I12.X in results); category names
 * are unique among categories. */
static void declare_names(Checker *c)
{
    RuleSet *rs = c->rs;
    size_t total = (size_t)rs->nfields + (size_t)rs->ndefines + (size_t)rs->nparams + (size_t)rs->nindicators +
                   (size_t)rs->ncvs + (size_t)rs->ncategories;
    for (int i = 0; i < rs->nindicators; i++)
        total += (size_t)rs->indicators[i]->nexceptions + (size_t)rs->indicators[i]->nvetoes;
    unsigned size = 16;
    while (size < 2 * total) size *= 2;
    assert(total < size); /* an empty slot ends every search */
    c->names = xcalloc(size, sizeof *c->names);
    c->names_mask = size - 1;
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) {
        for (int i = 0; i < rs->nfields; i++) {
            const FieldDecl *f = rs->fields[i], *first = rules_field(rs, lv, f->name);
            if (f->level == lv && first != f)
                diag_at(c->diags, DIAG_ERROR, f->span.src, f->span.start, MSG_CHK_DUP, f->name, first->span.src->path,
                        line_of(first->span));
        }
    }
    for (int i = 0; i < rs->nfields; i++)
        claim(c, SPACE_MAIN, NAME_FIELD, rs->fields[i]->name, rs->fields[i], rs->fields[i]->span, 0);
    for (int i = 0; i < rs->ndefines; i++)
        claim(c, SPACE_MAIN, NAME_DEFINE, rs->defines[i]->name, rs->defines[i], rs->defines[i]->span, 1);
    for (int i = 0; i < rs->nparams; i++)
        claim(c, SPACE_MAIN, NAME_PARAM, rs->params[i]->name, rs->params[i], rs->params[i]->span, 1);
    for (int i = 0; i < rs->nindicators; i++) {
        Indicator *ind = rs->indicators[i];
        if (!claim(c, SPACE_MAIN, NAME_INDICATOR, ind->id, ind, ind->span, 1)) continue; /* its clauses: no cascade */
        for (int k = 0; k < ind->nexceptions + ind->nvetoes; k++) {
            Exception *ex = k < ind->nexceptions ? &ind->exceptions[k] : &ind->vetoes[k - ind->nexceptions];
            claim(c, SPACE_CLAUSE, NAME_CLAUSE, ex->qualified, ex, ex->span, 1);
        }
    }
    for (int i = 0; i < rs->ncvs; i++) claim(c, SPACE_MAIN, NAME_CV, rs->cvs[i]->name, rs->cvs[i], rs->cvs[i]->span, 1);
    for (int i = 0; i < rs->ncategories; i++)
        claim(c, SPACE_CATEGORY, NAME_CATEGORY, rs->categories[i]->name, rs->categories[i], rs->categories[i]->span, 1);
}

static Define *find_define(const Checker *c, const char *name)
{
    return find_decl(c, NAME_DEFINE, name);
}

static Param *find_param(const Checker *c, const char *name)
{
    return find_decl(c, NAME_PARAM, name);
}

static Indicator *find_indicator(const Checker *c, const char *name)
{
    return find_decl(c, NAME_INDICATOR, name);
}

static int contains_keyword_char(const char *s)
{
    return strstr(s, "且") || strstr(s, "或") || strstr(s, "非");
}

/* Resolves a word of enum field f in place; reports an unknown word. */
static int resolve_word(Checker *c, Expr *e, const FieldDecl *f)
{
    assert(f && f->type == TY_ENUM);
    if (e->kind != E_NAME) return 0;
    int w = field_word(f, e->name);
    if (w < 0) {
        error_at(c, e->span, contains_keyword_char(e->name) ? MSG_CHK_NOT_ENUM_SPACES : MSG_CHK_NOT_ENUM, e->name,
                 f->name, field_words(&c->rs->arena, f));
        e->type = TY_ERROR; /* no second error about the comparison */
        return 0;
    }
    e->kind = E_ENUM_WORD;
    e->num = w;
    e->field = f;
    e->type = TY_ENUM;
    return 1;
}

/* ---- expressions ---- */

/* A type in messages: a catalogue word (msg_ref). */
static const char *type_name(ValueType t)
{
    static const MsgId names[] = {
        [TY_NUM] = MSG_TYPE_NUM, [TY_BOOL] = MSG_TYPE_BOOL, [TY_ENUM] = MSG_TYPE_ENUM,
        [TY_TEXT] = MSG_TYPE_TEXT, [TY_INDICATORS] = MSG_TYPE_INDICATORS, [TY_ROWS] = MSG_TYPE_ROWS,
    };
    return t == TY_ERROR ? "" : msg_ref(names[t]);
}

static void check_expr(Checker *c, Expr *e, Scope *sc);

static void want(Checker *c, Expr *e, ValueType t, const char *what)
{
    if (e->type_open) { /* a script function returns what its context needs */
        e->type = t;
        e->type_open = 0;
        if (e->kind == E_IF) { /* a conditional of two such calls: both return it */
            want(c, e->b, t, what);
            want(c, e->c, t, what);
        }
        return;
    }
    if (e->type != t && e->type != TY_ERROR) error_at(c, e->span, MSG_CHK_TYPE, what, type_name(t), type_name(e->type));
}


static void check_define(Checker *c, Define *d, Level unit);
static void check_param(Checker *c, Param *pm);
static void check_field_defaults(Checker *c, FieldDecl *f);

/* A name reading the levels in mask must be readable from sc. Schools are
 * evaluated while the dataset streams, so they may not read county fields
 * (the county may come after them in the file). */
static void check_reads(Checker *c, const Expr *e, Scope *sc, unsigned mask)
{
    if (sc->reads) {
        if (!sc->in_collection) *sc->reads |= mask;
        return;
    }
    const RuleSet *rs = c->rs;
    const char *who = sc->owner ? sc->owner->id : e->name;
    int county_unit = sc->level == LV_COUNTY;
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) {
        if (!(mask & (1u << lv))) continue;
        if (!on_path(rs, sc, lv)) {
            if (lv >= LV_RECORDS)
                diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_ROW_FIELD, e->name, level_name(rs, lv),
                        level_name(rs, lv), level_name(rs, lv));
            else
                diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_SCOPE, who, level_name(rs, sc->level),
                        e->name, level_name(rs, lv));
        } else if (lv == LV_COUNTY && sc->in_schools) {
            diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_COUNTY_IN_SCHOOLS, e->name);
        } else if (lv == LV_COUNTY && !county_unit) {
            diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_COUNTY_BELOW, who,
                    level_name(rs, sc->level), e->name);
        }
    }
}

/* Any field of that name, for an error about where it may be read. */
static const FieldDecl *any_field(const RuleSet *rs, const char *name)
{
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) {
        const FieldDecl *f = rules_field(rs, lv, name);
        if (f) return f;
    }
    return NULL;
}

/* Reports an expression deeper than the evaluator may walk (once). */
static void too_deep(Checker *c, const Expr *e)
{
    if (!c->too_deep) diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_TOO_DEEP, JH_MAX_EVAL_DEPTH);
    c->too_deep = 1;
}

/* A name at the current depth that reads an expression `levels` deep
 * (a definition's, a field's defaults): the evaluator walks on into it.
 * Levels over the bound mean that expression was reported itself. */
static void reach(Checker *c, const Expr *e, int levels)
{
    assert(levels >= 0 && levels <= JH_MAX_EVAL_DEPTH + 1);
    int depth = c->depth + levels;
    if (depth > c->deepest) c->deepest = depth;
    if (depth > JH_MAX_EVAL_DEPTH && levels <= JH_MAX_EVAL_DEPTH) too_deep(c, e);
}

/* A definition's, a field's defaults' or a parameter's expression is
 * checked on its own, from depth 0, once: own() starts, owned() ends and
 * returns the levels it adds where it is read (JH_MAX_EVAL_DEPTH + 1 when
 * it went too deep and was reported). */
typedef struct Depth {
    int depth, deepest;
} Depth;

static Depth own(Checker *c)
{
    Depth outer = {c->depth, c->deepest};
    c->depth = 0;
    c->deepest = 0;
    return outer;
}

static int owned(Checker *c, Depth outer)
{
    assert(c->depth == 0);
    int levels = c->deepest > JH_MAX_EVAL_DEPTH ? JH_MAX_EVAL_DEPTH + 1 : c->deepest;
    c->depth = outer.depth;
    c->deepest = outer.deepest;
    return levels;
}

static void resolve_name(Checker *c, Expr *e, Scope *sc)
{
    RuleSet *rs = c->rs;
    if (sc->in_indicator_list && (strcmp(e->name, met_names[0]) == 0 || strcmp(e->name, met_names[1]) == 0)) {
        e->kind = E_ELEM_MET;
        e->type = TY_BOOL;
        return;
    }
    const FieldDecl *f = find_field(rs, sc, e->name);
    if (!f) f = any_field(rs, e->name); /* reported by check_reads */
    if (f) {
        check_field_defaults(c, (FieldDecl *)f);
        reach(c, e, f->depth);
        e->kind = E_FIELD;
        e->field = f;
        e->type = f->type;
        check_reads(c, e, sc, 1u << f->level);
        return;
    }
    Define *d = find_define(c, e->name);
    if (d) {
        d->used = 1;
        check_define(c, d, sc->level);
        reach(c, e, d->depth);
        e->kind = E_DEFINE;
        e->define = d;
        e->type = d->expr->type;
        e->field = d->expr->field;
        check_reads(c, e, sc, d->reads);
        return;
    }
    Param *pm = find_param(c, e->name);
    if (pm) {
        pm->used = 1;
        check_param(c, pm);
        e->type = TY_NUM;
        if (!pm->nkeys && !pm->nversions) {
            e->kind = E_NUMBER;
            e->num = pm->value;
            return;
        }
        /* Per stage or dated: read when evaluated. */
        e->kind = E_PARAM;
        e->param = pm;
        if (!pm->nkeys) return;
        if (sc->reads) *sc->reads |= 1u << LV_STAGE;
        else if (!on_path(rs, sc, LV_STAGE)) error_at(c, e->span, MSG_CHK_KEYED_PARAM, pm->name, NULL, NULL);
        return;
    }
    if (strcmp(e->name, met_names[0]) == 0 || strcmp(e->name, met_names[1]) == 0)
        error_at(c, e->span, MSG_CHK_ELEMENT_ONLY, e->name, NULL, NULL);
    else
        error_at(c, e->span, contains_keyword_char(e->name) ? MSG_CHK_UNKNOWN_NAME_SPACES : MSG_CHK_UNKNOWN_NAME,
                 e->name, NULL, NULL);
    e->type = TY_ERROR; /* keep checking without a cascade */
}

/* An operand that may be a bare enum word: resolved against the other side. */
static void check_operand_pair(Checker *c, Expr *a, Expr *b, Scope *sc)
{
    assert(a && b);
    int a_word = a->kind == E_NAME && !rules_is_field(c->rs, a->name) && !find_define(c, a->name) &&
                 !find_param(c, a->name);
    if (!a_word) check_expr(c, a, sc);
    int b_word = b->kind == E_NAME && !rules_is_field(c->rs, b->name) && !find_define(c, b->name) &&
                 !find_param(c, b->name);
    if (!b_word) check_expr(c, b, sc);
    if (a_word && !b_word && b->type == TY_ENUM && b->field) resolve_word(c, a, b->field);
    else if (b_word && !a_word && a->type == TY_ENUM && a->field) resolve_word(c, b, a->field);
    else if (a_word != b_word && (a_word ? b : a)->type == TY_ERROR) (a_word ? a : b)->type = TY_ERROR; /* no cascade */
    else {
        if (a_word) check_expr(c, a, sc);
        if (b_word) check_expr(c, b, sc);
    }
}

static void check_indicator_list(Checker *c, Expr *e)
{
    for (int i = 0; i < e->nitems; i++) {
        Indicator *ind = find_indicator(c, e->items[i]->name);
        if (!ind) {
            error_at(c, e->items[i]->span, MSG_CHK_UNKNOWN_INDICATOR, e->items[i]->name, NULL, NULL);
            continue;
        }
        e->indicators = e->indicators ? e->indicators : arena_alloc(&c->rs->arena, (size_t)e->nitems * sizeof *e->indicators);
        e->indicators[e->nindicators++] = ind;
    }
    e->type = TY_INDICATORS;
}

/* A collection named by its level: the records of that level below the
 * unit (a stage reads its own classes and its school's other rows). The
 * county's schools are a collection for aggregates alone (of_aggregate):
 * a script is called while one unit is evaluated and never sees them all. */
static void check_collection(Checker *c, Expr *e, Scope *sc, int of_aggregate)
{
    const RuleSet *rs = c->rs;
    Level lv = level_by_name(rs, e->name);
    Level unit = sc->row != LV_NONE ? sc->row : sc->level;
    Level parent = level_parent(rs, lv);
    int below = parent == unit || (unit == LV_STAGE && parent == LV_SCHOOL && lv != LV_STAGE);
    if (lv == LV_COUNTY || (lv == LV_SCHOOL && !of_aggregate) || !below) {
        error_at(c, e->span, MSG_CHK_NOT_A_COLLECTION_HERE, level_name(rs, unit), e->name, NULL);
        e->type = TY_ERROR;
        return;
    }
    e->kind = E_COLLECTION;
    e->level = lv;
    e->type = TY_ROWS;
    if (sc->reads && !sc->in_collection) *sc->reads |= 1u << parent;
}

/* A function of the rule set's scripts: arguments are values or record
 * collections; the result's type is the one its context needs. */
static void check_script_call(Checker *c, Expr *e, Scope *sc)
{
    e->builtin = B_SCRIPT;
    e->type = TY_NUM;
    e->type_open = 1;
    if (e->where || e->body) error_at(c, e->span, MSG_CHK_SCRIPT_ARGS, e->name, NULL, NULL);
    if (e->nitems + 1 > JH_MAX_SCRIPT_ARGS) error_at(c, e->span, MSG_CHK_SCRIPT_ARGC, e->name, NULL, NULL);
    Expr *args[JH_MAX_SCRIPT_ARGS];
    int n = 0;
    args[n++] = e->a;
    for (int k = 0; k < e->nitems && n < JH_MAX_SCRIPT_ARGS; k++) args[n++] = e->items[k];
    for (int k = 0; k < n; k++) {
        if (args[k]->kind == E_NAME && level_by_name(c->rs, args[k]->name) != LV_NONE && !find_define(c, args[k]->name) &&
            !find_field(c->rs, sc, args[k]->name))
            check_collection(c, args[k], sc, 0);
        else
            check_expr(c, args[k], sc);
    }
}

/* Registers a county aggregate over schools (once: a definition's tree is
 * checked once, wherever it is used). */
static void add_gather(RuleSet *rs, Expr *e)
{
    for (int i = 0; i < rs->ngathers; i++)
        if (rs->gathers[i] == e) return;
    rs->gathers = xrealloc(rs->gathers, (size_t)(rs->ngathers + 1) * sizeof *rs->gathers);
    e->gather = rs->ngathers;
    rs->gathers[rs->ngathers++] = e;
}

static void check_call(Checker *c, Expr *e, Scope *sc)
{
    assert(e->a && e->name); /* the parser reads a call's first argument before any other */
    size_t i;
    for (i = 0; i < sizeof builtins / sizeof *builtins; i++)
        if (strcmp(e->name, builtins[i].zh) == 0 || strcmp(e->name, builtins[i].en) == 0) break;
    if (i == sizeof builtins / sizeof *builtins) {
        if (rules_script_function(c->rs, e->name)) {
            check_script_call(c, e, sc);
            return;
        }
        error_at(c, e->span, MSG_CHK_NOT_FUNCTION, e->name, NULL, NULL);
        e->type = TY_ERROR;
        return;
    }
    e->builtin = builtins[i].b;
    if (e->nitems + 1 != builtins[i].args) {
        diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_ARGC, e->name, builtins[i].args);
        e->type = TY_ERROR;
        return;
    }
    if (e->builtin != B_CEIL && e->a->kind == E_NAME && level_by_name(c->rs, e->a->name) != LV_NONE) {
        check_collection(c, e->a, sc, 1);
        if (e->a->type == TY_ERROR) {
            e->type = TY_ERROR;
            return;
        }
    } else {
        check_expr(c, e->a, sc);
    }
    if (e->builtin == B_CEIL) {
        if (e->where || e->body) error_at(c, e->span, MSG_CHK_ONE_NUMBER, e->name, NULL, NULL);
        else want(c, e->a, TY_NUM, e->name);
        e->type = TY_NUM;
        return;
    }
    Scope inner = *sc;
    if (e->a->type == TY_ROWS) {
        /* Schools and stage records are units of their own; other records are rows. */
        if (e->a->level == LV_SCHOOL) {
            /* Each school's part is evaluated with the school, before the
             * county is read: what it reads is checked as a school's. */
            inner.level = LV_SCHOOL;
            inner.reads = NULL;
            inner.in_schools = 1;
            add_gather(c->rs, e);
        } else if (e->a->level == LV_STAGE) {
            inner.level = LV_STAGE;
        } else {
            inner.row = e->a->level;
        }
        inner.in_indicator_list = 0;
        inner.in_collection = 1;
    } else if (e->a->type == TY_INDICATORS) {
        /* The listed indicators must be evaluated per the same unit as the caller. */
        const Expr *list = e->a;
        while (list->kind == E_DEFINE) list = list->define->expr; /* a definition of one, however named */
        assert(list->kind == E_LIST);
        for (int k = 0; k < list->nindicators; k++) {
            const Indicator *ind = list->indicators[k];
            if (ind->scope != sc->level)
                diag_at(c->diags, DIAG_ERROR, e->a->span.src, e->a->span.start, MSG_CHK_SCOPE,
                        sc->owner ? sc->owner->id : e->name, level_name(c->rs, sc->level), ind->id,
                        level_name(c->rs, ind->scope));
        }
        inner.in_indicator_list = 1;
    } else {
        if (e->a->type != TY_ERROR)
            error_at(c, e->a->span, MSG_CHK_NOT_COLLECTION, e->name, level_names(c->rs, &c->rs->arena, LV_STAGE), NULL);
        e->type = TY_ERROR;
        return;
    }
    if (e->where) {
        check_expr(c, e->where, &inner);
        want(c, e->where, TY_BOOL, tok_kind_name(K_WHERE));
    }
    if (e->body) check_expr(c, e->body, &inner);
    switch (e->builtin) {
    case B_COUNT:
        e->type = TY_NUM;
        if (e->body) want(c, e->body, TY_BOOL, e->name);
        break;
    case B_ALL:
    case B_ANY:
        e->type = TY_BOOL;
        if (!e->body) diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_MISSING_ATTR, e->name, "':'");
        else want(c, e->body, TY_BOOL, e->name);
        break;
    default:
        e->type = TY_NUM;
        if (!e->body) diag_at(c->diags, DIAG_ERROR, e->span.src, e->span.start, MSG_CHK_MISSING_ATTR, e->name, "':'");
        else want(c, e->body, TY_NUM, e->name);
        break;
    }
}

static void check_node(Checker *c, Expr *e, Scope *sc);

/* Whether two enumerations have the same words in the same order. */
static int same_words(const FieldDecl *f, const FieldDecl *g)
{
    if (f == g) return 1;
    if (!f || !g || f->nwords != g->nwords) return 0;
    for (int i = 0; i < f->nwords; i++)
        if (strcmp(f->words[i], g->words[i]) != 0) return 0;
    return 1;
}

/* 若 a 则 b 否则 c: a decides, and b and c are values of one type (words
 * of one enumeration), so that the conditional has the type either gives.
 * A script call in one branch returns the other's type. */
static void check_conditional(Checker *c, Expr *e, Scope *sc)
{
    check_expr(c, e->a, sc);
    want(c, e->a, TY_BOOL, tok_kind_name(K_IF));
    check_expr(c, e->b, sc);
    check_expr(c, e->c, sc);
    Expr *x = e->b, *y = e->c;
    if (x->type_open && !y->type_open) want(c, x, y->type, tok_kind_name(K_THEN));
    if (y->type_open && !x->type_open) want(c, y, x->type, tok_kind_name(K_ELSE));
    e->type = x->type;
    e->type_open = x->type_open && y->type_open;
    if (x->type == TY_ERROR || y->type == TY_ERROR) {
        e->type = TY_ERROR;
    } else if (x->type == TY_INDICATORS || y->type == TY_INDICATORS) {
        error_at(c, x->type == TY_INDICATORS ? x->span : y->span, MSG_CHK_IF_LIST, NULL, NULL, NULL);
        e->type = TY_ERROR;
    } else if (x->type == TY_ENUM && y->type == TY_ENUM && x->field && y->field && !same_words(x->field, y->field)) {
        error_at(c, y->span, MSG_CHK_IF_WORDS, x->field->name, y->field->name, NULL);
        e->type = TY_ERROR;
    } else if (x->type != y->type) {
        error_at(c, y->span, MSG_CHK_IF_TYPES, type_name(x->type), type_name(y->type), NULL);
        e->type = TY_ERROR;
    } else if (x->type == TY_ENUM) {
        e->field = x->field;
    }
}

/* Checks an expression, one level deeper than the one it is part of. The
 * parser bounds a tree's own height, and reach() what the names in it add.
 * The checker's own recursion also goes on into a definition, parameter or
 * default where it is first read: past twice the bound, something being
 * checked is surely too deep (a chain of definitions each read before it
 * is declared), and the recursion stops. */
static void check_expr(Checker *c, Expr *e, Scope *sc)
{
    assert(e && e->height >= 1 && e->height <= JH_MAX_EVAL_DEPTH);
    assert(c->depth >= 0 && c->depth <= c->frames);
    if (c->frames == 2 * JH_MAX_EVAL_DEPTH) {
        too_deep(c, e);
        c->deepest = JH_MAX_EVAL_DEPTH + 1;
        e->type = TY_ERROR;
        return;
    }
    c->frames++;
    c->depth++;
    assert(c->depth <= JH_MAX_EVAL_DEPTH); /* within one tree, whose height the parser bounds */
    if (c->depth > c->deepest) c->deepest = c->depth;
    check_node(c, e, sc);
    c->depth--;
    c->frames--;
}

static void check_node(Checker *c, Expr *e, Scope *sc)
{
    switch (e->kind) {
    case E_NUMBER: e->type = TY_NUM; break;
    case E_BOOL: e->type = TY_BOOL; break;
    case E_STRING: e->type = TY_TEXT; break;
    case E_NAME: resolve_name(c, e, sc); break;
    case E_FIELD: case E_ENUM_WORD: case E_DEFINE: break; /* already resolved */
    case E_NEG:
        check_expr(c, e->a, sc);
        want(c, e->a, TY_NUM, "-");
        e->type = TY_NUM;
        break;
    case E_NOT:
        check_expr(c, e->a, sc);
        want(c, e->a, TY_BOOL, tok_kind_name(K_NOT));
        e->type = TY_BOOL;
        break;
    case E_ARITH:
        check_expr(c, e->a, sc);
        check_expr(c, e->b, sc);
        want(c, e->a, TY_NUM, tok_kind_name(e->op));
        want(c, e->b, TY_NUM, tok_kind_name(e->op));
        e->type = TY_NUM;
        break;
    case E_AND:
    case E_OR:
        check_expr(c, e->a, sc);
        check_expr(c, e->b, sc);
        want(c, e->a, TY_BOOL, tok_kind_name(e->op));
        want(c, e->b, TY_BOOL, tok_kind_name(e->op));
        e->type = TY_BOOL;
        break;
    case E_COMPARE:
        check_operand_pair(c, e->a, e->b, sc);
        e->type = TY_BOOL;
        if (e->a->type_open && !e->b->type_open) want(c, e->a, e->b->type, tok_kind_name(e->op));
        if (e->b->type_open && !e->a->type_open) want(c, e->b, e->a->type, tok_kind_name(e->op));
        if (e->a->type == TY_ERROR || e->b->type == TY_ERROR) {
            break;
        } else if (e->a->type != e->b->type) {
            want(c, e->b, e->a->type, tok_kind_name(e->op));
        } else if (e->a->type == TY_ENUM) {
            e->field = e->a->field ? e->a->field : e->b->field;
            int ordered = e->field && e->field->decl == DECL_WORDS;
            if (!ordered && e->op != T_EQ && e->op != T_NE)
                error_at(c, e->span, MSG_CHK_UNORDERED, e->field ? e->field->name : "", NULL, NULL);
        } else if (e->a->type != TY_NUM && e->op != T_EQ && e->op != T_NE) {
            want(c, e->a, TY_NUM, tok_kind_name(e->op));
        }
        break;
    case E_IF: check_conditional(c, e, sc); break;
    case E_IN:
        check_expr(c, e->a, sc);
        e->type = TY_BOOL;
        if (e->a->type != TY_ENUM || !e->a->field) {
            want(c, e->a, TY_ENUM, tok_kind_name(K_IN));
            break;
        }
        e->field = e->a->field;
        for (int i = 0; i < e->nitems; i++) resolve_word(c, e->items[i], e->field);
        break;
    case E_LIST: check_indicator_list(c, e); break;
    case E_CALL: check_call(c, e, sc); break;
    case E_ELEM_MET: e->type = TY_BOOL; break;
    case E_ELEM_VALUE:
    case E_ELEM_THRESHOLD:
        e->type = TY_NUM;
        if (sc->in_indicator_list) break;
        if (e->kind == E_ELEM_VALUE && sc->allow_value) {
            e->kind = E_SELF_VALUE;
        } else if (e->kind == E_ELEM_THRESHOLD && sc->allow_threshold) {
            e->kind = E_SELF_THRESHOLD;
        } else {
            Span sp = e->span;
            char word[32];
            snprintf(word, sizeof word, "%.*s", (int)sp.len, sp.src->text + sp.start);
            if (e->kind == E_ELEM_VALUE && sc->in_main_test && sc->owner->nthresholds)
                error_at(c, sp, MSG_CHK_VALUE_IN_MAIN_TEST, word, sc->owner->id, word);
            else
                error_at(c, sp, MSG_CHK_SELF_ONLY, word, NULL, NULL);
            e->type = TY_ERROR;
        }
        break;
    case E_COLLECTION:
    case E_PARAM:
    case E_SELF_VALUE:
    case E_SELF_THRESHOLD: break; /* already resolved */
    }
}

/* A definition is checked once, at the deepest level, recording what it reads. */
/* A definition is resolved in the unit of its first use, recording the
 * levels it needs from every unit that uses it (check_reads). */
static void check_define(Checker *c, Define *d, Level unit)
{
    if (d->checking == 2) return;
    if (d->checking == 1) {
        error_at(c, d->span, MSG_CHK_DEFINE_CYCLE, d->name, NULL, NULL);
        return;
    }
    d->checking = 1;
    Scope sc = unit_scope(unit, NULL);
    sc.reads = &d->reads;
    Depth outer = own(c);
    check_expr(c, d->expr, &sc);
    d->depth = owned(c, outer);
    d->checking = 2;
}

/* The unit a definition nobody uses is checked in: the deepest level its
 * names belong to outside aggregates (a collection of 学段 means a school). */
static Level guess_unit(const RuleSet *rs, const Expr *e)
{
    if (!e) return LV_COUNTY;
    Level u = LV_COUNTY;
    if (e->kind == E_NAME) {
        if (rules_field(rs, LV_STAGE, e->name)) u = LV_STAGE;
        else if (rules_field(rs, LV_SCHOOL, e->name)) u = LV_SCHOOL;
    } else if (e->kind == E_CALL && e->a && e->a->kind == E_NAME && level_by_name(rs, e->a->name) > LV_COUNTY) {
        return level_parent(rs, level_by_name(rs, e->a->name));
    }
    Level parts[] = {guess_unit(rs, e->a), guess_unit(rs, e->b), guess_unit(rs, e->c)};
    for (int i = 0; i < 3; i++)
        if (parts[i] > u) u = parts[i];
    for (int i = 0; i < e->nitems; i++) {
        Level l = guess_unit(rs, e->items[i]);
        if (l > u) u = l;
    }
    return u;
}

/* A definition no indicator uses is still checked, so that its mistakes
 * show before anyone uses it. */
static void check_unused_define(Checker *c, Define *d)
{
    if (!d->checking) check_define(c, d, guess_unit(c->rs, d->expr));
}

/* Folds a constant expression (numbers, parameters, arithmetic). */
static int fold(const Expr *e, double *out)
{
    double a, b;
    switch (e->kind) {
    case E_NUMBER: *out = e->num; return 1;
    case E_PARAM: /* a dated constant: its earliest version (a run takes the one in force) */
        if (e->param->nkeys) return 0;
        *out = e->param->versions[0].value;
        return 1;
    case E_NEG: if (!fold(e->a, &a)) return 0; *out = -a; return 1;
    case E_ARITH:
        if (!fold(e->a, &a) || !fold(e->b, &b)) return 0;
        switch (e->op) {
        case T_PLUS: *out = a + b; break;
        case T_MINUS: *out = a - b; break;
        case T_STAR: *out = a * b; break;
        default: if (b == 0) return 0; *out = a / b; break;
        }
        return 1;
    default: return 0;
    }
}

/* Folds one value of a parameter: a constant, or a constant per stage. */
static void check_param_value(Checker *c, Param *pm, Expr *expr, Expr **keys, Expr **values, int nkeys, double *value,
                              double *numbers)
{
    unsigned reads = 0; /* a parameter reading data is reported as not constant */
    Scope sc = unit_scope(LV_COUNTY, NULL);
    sc.reads = &reads;
    Depth outer = own(c); /* folded to a number: nothing for the evaluator to walk */
    if (expr) {
        check_expr(c, expr, &sc);
        if (expr->type != TY_ERROR && !fold(expr, value))
            error_at(c, expr->span, MSG_CHK_NOT_CONST, pm->name, NULL, NULL);
    }
    /* A value per stage: 参数 班额上限 = 小学 45, 初中 50 */
    for (int k = 0; !expr && k < nkeys; k++) {
        if (c->rs->stage_field) resolve_word(c, keys[k], c->rs->stage_field);
        check_expr(c, values[k], &sc);
        if (values[k]->type != TY_ERROR && !fold(values[k], &numbers[k]))
            error_at(c, values[k]->span, MSG_CHK_NOT_CONST, pm->name, NULL, NULL);
    }
    owned(c, outer);
}

/* Parameters are folded when first used, so that one may use another
 * declared after it. A dated parameter's versions must be given in the same
 * shape (all constants, or the same stages in the same order), by date. */
static void check_param(Checker *c, Param *pm)
{
    if (pm->checking == 2) return;
    if (pm->checking == 1) {
        error_at(c, pm->span, MSG_CHK_PARAM_CYCLE, pm->name, NULL, NULL);
        pm->checking = 2;
        return;
    }
    pm->checking = 1;
    if (!pm->nversions) {
        if (pm->nkeys) pm->numbers = arena_alloc(&c->rs->arena, (size_t)pm->nkeys * sizeof *pm->numbers);
        check_param_value(c, pm, pm->expr, pm->keys, pm->values, pm->nkeys, &pm->value, pm->numbers);
        pm->checking = 2;
        return;
    }
    for (int v = 0; v < pm->nversions; v++) {
        ParamVersion *ver = &pm->versions[v];
        ver->numbers = arena_alloc(&c->rs->arena, (size_t)(ver->nkeys + 1) * sizeof *ver->numbers);
        check_param_value(c, pm, ver->expr, ver->keys, ver->values, ver->nkeys, &ver->value, ver->numbers);
        const ParamVersion *first = &pm->versions[0];
        int same = (ver->expr != NULL) == (first->expr != NULL) && ver->nkeys == first->nkeys;
        for (int k = 0; same && k < ver->nkeys; k++) same = strcmp(ver->keys[k]->name, first->keys[k]->name) == 0;
        if (!same) error_at(c, ver->span, MSG_CHK_PARAM_SHAPE, pm->name, NULL, NULL);
        if (v > 0 && ver->from <= pm->versions[v - 1].from) error_at(c, ver->span, MSG_CHK_PARAM_ORDER, pm->name, NULL, NULL);
    }
    pm->keys = pm->versions[0].keys;
    pm->nkeys = pm->versions[0].nkeys;
    pm->checking = 2;
}

static void check_params(Checker *c)
{
    for (int i = 0; i < c->rs->nparams; i++) {
        c->rs->params[i]->index = i;
        check_param(c, c->rs->params[i]);
    }
}

/* Whether a constant expression reads a dated parameter. */
static int reads_dated(const Expr *e)
{
    if (!e) return 0;
    if (e->kind == E_PARAM) return e->param->nversions > 0;
    return reads_dated(e->a) || reads_dated(e->b) || reads_dated(e->c);
}

static int is_dated(const Threshold *th)
{
    return th->param || reads_dated(th->value);
}

/* Lists (or, with list NULL, counts) the thresholds of n whose number
 * depends on the evaluation date: the runs compute them (run.h); their
 * number here is NAN, never a stale value. */
static void list_dated(RuleSet *rs, Threshold *th, int n, Threshold **list)
{
    for (int i = 0; i < n; i++) {
        if (!is_dated(&th[i])) continue;
        if (list) {
            list[rs->ndated_thresholds] = &th[i];
            th[i].dated = rs->ndated_thresholds;
            th[i].number = NAN;
        }
        rs->ndated_thresholds++;
    }
}

static void list_dated_thresholds(RuleSet *rs)
{
    Threshold **list = NULL;
    for (int pass = 0; pass < 2; pass++) {
        rs->ndated_thresholds = 0;
        for (int i = 0; i < rs->nindicators; i++) {
            Indicator *ind = rs->indicators[i];
            list_dated(rs, ind->thresholds, ind->nthresholds, list);
            for (int k = 0; k < ind->nexceptions; k++)
                list_dated(rs, ind->exceptions[k].thresholds, ind->exceptions[k].nthresholds, list);
        }
        for (int i = 0; i < rs->ncvs; i++) {
            list_dated(rs, rs->cvs[i]->limits, rs->cvs[i]->nlimits, list);
            list_dated(rs, rs->cvs[i]->composite, rs->cvs[i]->ncomposite, list);
        }
        if (!list) list = arena_alloc(&rs->arena, (size_t)(rs->ndated_thresholds + 1) * sizeof *list);
    }
    rs->dated_thresholds = list;
}

/* ---- fields, stages, split ---- */

static void check_fields(Checker *c)
{
    RuleSet *rs = c->rs;
    for (int i = 0; i < rs->nfields; i++) {
        FieldDecl *f = rs->fields[i];
        f->index = i;
        f->slot = rs->nslots[f->level]++;
        if (f->split) {
            if (f->level != LV_SCHOOL) error_at(c, f->span, MSG_CHK_SPLIT_LEVEL, NULL, NULL, NULL);
            else f->stage_slot = rs->nslots[LV_STAGE]++;
        }
    }
    rs->stage_field = rules_field(rs, LV_STAGE, DS_KEY_STAGE);
    rs->school_type_field = rules_field(rs, LV_SCHOOL, DS_KEY_SCHOOL_TYPE);
    static const struct { const char *name; Level level; } required[] = {
        {DS_KEY_STAGE, LV_STAGE}, {DS_KEY_SCHOOL_TYPE, LV_SCHOOL}};
    for (size_t k = 0; k < sizeof required / sizeof *required; k++) {
        const FieldDecl *f = rules_field(rs, required[k].level, required[k].name);
        if (!f || f->decl != DECL_ENUM) {
            Span sp = rs->nfiles ? (Span){&rs->files[0], 0, 0} : (Span){0};
            if (sp.src) error_at(c, sp, MSG_CHK_NO_FIELD, required[k].name, level_name(rs, required[k].level), NULL);
        }
    }
    if (!rs->stage_field || rs->stage_field->decl != DECL_ENUM) return;
    /* Rows with a 学段 word of their own belong to that stage. */
    for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++) {
        const FieldDecl *f = rules_field(rs, lv, DS_KEY_STAGE);
        if (!f || f->decl != DECL_ENUM) continue;
        rs->row_stage_field[lv] = f;
        rs->row_stage_word[lv] = arena_alloc(&rs->arena, (size_t)f->nwords * sizeof(int));
        for (int w = 0; w < f->nwords; w++) rs->row_stage_word[lv][w] = field_word(rs->stage_field, f->words[w]);
    }
    for (int i = 0; i < rs->nfields; i++) check_field_defaults(c, rs->fields[i]);
}

/* A default is an expression read in the record's own unit (a constant, or
 * e.g. a count of rows); defaults per stage are for stage fields only. */
static void check_field_defaults(Checker *c, FieldDecl *f)
{
    if (f->checking == 2 || !f->ndefaults) return;
    if (f->checking == 1) {
        error_at(c, f->span, MSG_CHK_DEFAULT_CYCLE, f->name, NULL, NULL);
        f->checking = 2;
        return;
    }
    f->checking = 1;
    Scope sc = unit_scope(f->level <= LV_STAGE ? f->level : level_parent(c->rs, f->level), NULL);
    if (f->level > LV_STAGE) sc.row = f->level;
    Depth outer = own(c);
    for (int k = 0; k < f->ndefaults; k++) {
        check_expr(c, f->defaults[k], &sc);
        want(c, f->defaults[k], f->type, f->name);
        if (!f->default_keys[k]) continue;
        if (f->level != LV_STAGE) error_at(c, f->default_keys[k]->span, MSG_CHK_KEYED_DEFAULT, NULL, NULL, NULL);
        else if (c->rs->stage_field) resolve_word(c, f->default_keys[k], c->rs->stage_field);
    }
    f->depth = owned(c, outer);
    f->checking = 2;
}

static void check_stages(Checker *c)
{
    RuleSet *rs = c->rs;
    if (!rs->stage_names) {
        if (rs->nfiles) error_at(c, (Span){&rs->files[0], 0, 0}, MSG_CHK_NO_STAGES, NULL, NULL, NULL);
        return;
    }
    rs->stages = arena_alloc(&rs->arena, (size_t)rs->nstages * sizeof *rs->stages);
    for (int i = 0; i < rs->nstages; i++)
        if (resolve_word(c, rs->stage_names[i], rs->stage_field)) rs->stages[i] = (int)rs->stage_names[i]->num;
}

static void check_split(Checker *c)
{
    RuleSet *rs = c->rs;
    int any_split = 0;
    for (int i = 0; i < rs->nfields; i++) any_split |= rs->fields[i]->split;
    if (!rs->has_split) {
        if (any_split) error_at(c, (Span){&rs->files[0], 0, 0}, MSG_CHK_NO_SPLIT, NULL, NULL, NULL);
        return;
    }
    if (!rs->split_by_name) {
        error_at(c, rs->split_span, MSG_CHK_MISSING_ATTR, tok_kind_name(K_SPLIT), tok_kind_name(K_BY), NULL);
    } else {
        Scope sc = unit_scope(LV_STAGE, NULL);
        check_expr(c, rs->split_by_name, &sc);
        if (rs->split_by_name->kind == E_FIELD && rs->split_by_name->field->level == LV_STAGE)
            rs->split_by = rs->split_by_name->field;
        want(c, rs->split_by_name, TY_NUM, tok_kind_name(K_BY));
    }
    for (int i = 0; i < rs->nweights; i++)
        if (resolve_word(c, rs->weights[i].key, rs->stage_field)) rs->weights[i].word = (int)rs->weights[i].key->num;
    unsigned char *weighted = xcalloc((size_t)rs->stage_field->nwords + 1, 1);
    for (int i = 0; i < rs->nweights; i++)
        if (rs->weights[i].key->kind == E_ENUM_WORD) weighted[rs->weights[i].word] = 1;
    for (int w = 0; w < rs->stage_field->nwords; w++)
        if (!weighted[w]) error_at(c, rs->split_span, MSG_CHK_NO_WEIGHT, rs->stage_field->words[w], NULL, NULL);
    free(weighted);
}

/* ---- other headings and import profiles ---- */

static int numeric(const FieldDecl *f)
{
    return f->decl == DECL_INT || f->decl == DECL_NUM;
}

/* The field of level lv that heading already names (by name or 也称), other than f. */
static const FieldDecl *heading_taken(const RuleSet *rs, Level lv, const char *heading, const FieldDecl *f)
{
    const FieldDecl *g = rules_field(rs, lv, heading);
    if (g && g != f) return g;
    for (int i = 0; i < f->index; i++) {
        g = rs->fields[i];
        if (g->level != lv) continue;
        for (int k = 0; k < g->naliases; k++)
            if (strcmp(g->aliases[k].heading, heading) == 0) return g;
    }
    return NULL;
}

/* A heading names one field of its level; × converts numbers only. */
static void check_aliases(Checker *c)
{
    RuleSet *rs = c->rs;
    for (int i = 0; i < rs->nfields; i++) {
        FieldDecl *f = rs->fields[i];
        for (int k = 0; k < f->naliases; k++) {
            const FieldAlias *a = &f->aliases[k];
            const FieldDecl *g = heading_taken(rs, f->level, a->heading, f);
            if (g) error_at(c, a->span, MSG_CHK_ALIAS_TAKEN, a->heading, g->name, NULL);
            if (a->factor != 1 && !numeric(f)) error_at(c, a->span, MSG_CHK_FACTOR_TYPE, f->name, NULL, NULL);
        }
    }
}

/* A column of a profile: the field it fills, of the stage it names. */
static void check_profile_column(Checker *c, const Profile *pf, ProfileColumn *col)
{
    RuleSet *rs = c->rs;
    Level lv = pf->level;
    if (col->stage_name) {
        if (lv != LV_SCHOOL) {
            error_at(c, col->stage_name->span, MSG_CHK_IMPORT_STAGE, pf->name, NULL, NULL);
            return;
        }
        if (!resolve_word(c, col->stage_name, rs->stage_field)) return;
        col->stage = (int)col->stage_name->num;
        lv = LV_STAGE;
    }
    const char *name = col->field_name->name;
    const FieldDecl *f = rules_field(rs, lv, name);
    if (!f && lv == LV_STAGE && (f = rules_field(rs, LV_SCHOOL, name)) && !f->split) f = NULL;
    if (!f && lv == LV_SCHOOL && rules_field(rs, LV_STAGE, name)) {
        error_at(c, col->field_name->span, MSG_CHK_IMPORT_NEEDS_STAGE, name, field_words(&rs->arena, rs->stage_field), NULL);
        return;
    }
    if (!f) {
        error_at(c, col->field_name->span, MSG_CHK_IMPORT_FIELD, level_name(rs, lv), name, NULL);
        return;
    }
    if (col->factor != 1 && !numeric(f)) error_at(c, col->span, MSG_CHK_FACTOR_TYPE, f->name, NULL, NULL);
    col->field = f;
}

/* A profile reads a row per school or the county's row; its name is not a
 * table's; a heading is given once; a school's row names its school. */
static void check_profile(Checker *c, Profile *pf, int index)
{
    RuleSet *rs = c->rs;
    pf->level = level_by_name(rs, pf->level_name->name);
    if (pf->level != LV_SCHOOL && pf->level != LV_COUNTY) {
        error_at(c, pf->level_name->span, MSG_CHK_IMPORT_LEVEL, pf->name, pf->level_name->name, NULL);
        return;
    }
    if (level_by_name(rs, pf->name) != LV_NONE) error_at(c, pf->span, MSG_CHK_IMPORT_NAME, pf->name, NULL, NULL);
    for (int i = 0; i < index; i++)
        if (strcmp(rs->profiles[i]->name, pf->name) == 0) {
            const Span *first = &rs->profiles[i]->span;
            diag_at(c->diags, DIAG_ERROR, pf->span.src, pf->span.start, MSG_CHK_DUP, pf->name, first->src->path, line_of(*first));
        }
    int code = 0;
    for (int k = 0; k < pf->ncolumns; k++) {
        ProfileColumn *col = &pf->columns[k];
        for (int j = 0; j < k; j++)
            if (strcmp(pf->columns[j].heading, col->heading) == 0)
                diag_at(c->diags, DIAG_ERROR, col->span.src, col->span.start, MSG_CHK_IMPORT_DUP_COLUMN, col->heading,
                        line_of(pf->columns[j].span));
        check_profile_column(c, pf, col);
        for (int j = 0; j < k && col->field && !numeric(col->field); j++)
            if (pf->columns[j].field == col->field && pf->columns[j].stage == col->stage)
                diag_at(c->diags, DIAG_ERROR, col->span.src, col->span.start, MSG_CHK_IMPORT_SAME_FIELD, col->heading,
                        line_of(pf->columns[j].span), col->field->name);
        code |= col->field && col->stage < 0 && strcmp(col->field->name, DS_KEY_SCHOOL_CODE) == 0;
    }
    if (pf->level == LV_SCHOOL && !code) error_at(c, pf->span, MSG_CHK_IMPORT_NO_CODE, pf->name, DS_KEY_SCHOOL_CODE, NULL);
}

/* ---- the checks of values a dataset gives (datacheck.h) ---- */

/* 取值范围, 合理范围 and 核对合计 bound numbers; 生均 divides by 分摊's 按 field; 核对合计
 * names a numeric field of a record level below schools that has a 学段
 * field (each stage sums its own records). */
static void check_value_checks(Checker *c, FieldDecl *f)
{
    RuleSet *rs = c->rs;
    int numeric = f->decl == DECL_INT || f->decl == DECL_NUM || f->decl == DECL_RATIO;
    if ((f->range.given || f->plausible.given || f->sum_level) && !numeric)
        error_at(c, f->span, MSG_CHK_CHECK_NUMERIC, f->name, NULL, NULL);
    if (f->hint && !f->plausible.given)
        error_at(c, f->span, MSG_CHK_MISSING_ATTR, tok_kind_name(K_HINT), tok_kind_name(K_PLAUSIBLE), NULL);
    if (f->per_pupil && !rs->split_by)
        error_at(c, f->span, MSG_CHK_PER_PUPIL, tok_kind_name(K_PER_PUPIL), tok_kind_name(K_SPLIT), tok_kind_name(K_BY));
    if (f->per_pupil && f->level != LV_SCHOOL && f->level != LV_STAGE)
        error_at(c, f->span, MSG_CHK_PER_PUPIL_LEVEL, tok_kind_name(K_PER_PUPIL), NULL, NULL);
    if (!f->sum_level) return;
    if (f->level != LV_STAGE) {
        error_at(c, f->sum_level->span, MSG_CHK_SUM_LEVEL, tok_kind_name(K_SUM_OF), NULL, NULL);
        return;
    }
    Level lv = level_by_name(rs, f->sum_level->name);
    if (lv < LV_RECORDS || level_parent(rs, lv) != LV_SCHOOL || !rs->row_stage_field[lv]) {
        error_at(c, f->sum_level->span, MSG_CHK_SUM_RECORDS, f->sum_level->name, tok_kind_name(K_SUM_OF), NULL);
        return;
    }
    const FieldDecl *g = rules_field(rs, lv, f->sum_name->name);
    if (!g || (g->decl != DECL_INT && g->decl != DECL_NUM))
        error_at(c, f->sum_name->span, MSG_CHK_SUM_FIELD, f->sum_name->name, f->sum_level->name, NULL);
    else f->sum_of = g;
}

/* 学段构成: each type once, a word of 学校类型; its stages words of 学段. */
static void check_makeups(Checker *c)
{
    RuleSet *rs = c->rs;
    if (!rs->nmakeups || !rs->school_type_field || rs->school_type_field->decl != DECL_ENUM) return;
    for (int i = 0; i < rs->nmakeups; i++) {
        StageMakeup *m = rs->makeups[i];
        if (!resolve_word(c, m->type, rs->school_type_field)) continue;
        m->type_word = (int)m->type->num;
        for (int k = 0; k < i; k++) {
            if (rs->makeups[k]->type->kind != E_ENUM_WORD || rs->makeups[k]->type_word != m->type_word) continue;
            diag_at(c->diags, DIAG_ERROR, m->type->span.src, m->type->span.start, MSG_CHK_DUP, m->type->name,
                    rs->makeups[k]->type->span.src->path, line_of(rs->makeups[k]->type->span));
            break;
        }
        m->sets = arena_alloc(&rs->arena, (size_t)m->nsets * sizeof *m->sets);
        for (int k = 0; k < m->nstages; k++)
            if (resolve_word(c, m->stages[k], rs->stage_field)) m->sets[m->set_of[k]] |= 1u << (int)m->stages[k]->num;
    }
}

/* ---- indicators ---- */

/* "标准 <= 班额上限" with a parameter given per stage stands for one
 * threshold per stage. */
static void expand_stage_parameters(Checker *c, Threshold **list, int *n)
{
    int total = 0;
    for (int i = 0; i < *n; i++) {
        Threshold *th = &(*list)[i];
        Param *pm = !th->key && th->value->kind == E_NAME ? find_param(c, th->value->name) : NULL;
        if (pm) {
            check_param(c, pm);
            pm->used = 1;
        }
        total += pm && pm->nkeys ? pm->nkeys : 1;
    }
    if (total == *n) return;
    Threshold *out = arena_alloc(&c->rs->arena, (size_t)total * sizeof *out);
    int k = 0;
    for (int i = 0; i < *n; i++) {
        Threshold *th = &(*list)[i];
        Param *pm = !th->key && th->value->kind == E_NAME ? find_param(c, th->value->name) : NULL;
        if (!pm || !pm->nkeys) {
            out[k++] = *th;
            continue;
        }
        for (int j = 0; j < pm->nkeys; j++) {
            out[k] = *th;
            out[k].key = arena_alloc(&c->rs->arena, sizeof *out[k].key);
            *out[k].key = *pm->keys[j];
            out[k].key->kind = E_NAME;
            out[k].value = pm->nversions ? pm->versions[0].values[j] : pm->values[j];
            out[k].param = pm->nversions ? pm : NULL;
            out[k].param_key = j;
            k++;
        }
    }
    assert(k == total);
    *list = out;
    *n = total;
}

/* Resolves threshold keys and values; every key the scope needs is covered. */
static void check_thresholds(Checker *c, const char *who, Span at, Threshold **list, int *count, Level scope)
{
    RuleSet *rs = c->rs;
    if (scope != LV_STAGE) { /* a per-stage value has no stage to take it by here */
        int keyed_param = 0;
        for (int i = 0; i < *count; i++) {
            const Expr *v = (*list)[i].value;
            Param *pm = v->kind == E_NAME ? find_param(c, v->name) : NULL;
            if (pm) check_param(c, pm);
            if (pm && pm->nkeys) {
                pm->used = 1;
                error_at(c, v->span, MSG_CHK_KEYED_PARAM, pm->name, NULL, NULL);
                keyed_param = 1;
            }
        }
        if (keyed_param) return;
    }
    expand_stage_parameters(c, list, count);
    Threshold *th = *list;
    int n = *count;
    const FieldDecl *keyed = scope == LV_STAGE ? rs->stage_field : scope == LV_SCHOOL ? rs->school_type_field : NULL;
    int has_other = 0;
    Scope sc = unit_scope(LV_COUNTY, NULL);
    for (int i = 0; i < n; i++) {
        assert(th[i].value); /* the parser reads an expression after every comparison */
        Param *named = th[i].value->kind == E_NAME ? find_param(c, th[i].value->name) : NULL;
        th[i].percent = th[i].value->percent || (named && named->expr && named->expr->percent);
        if (named && named->nversions && !named->nkeys) {
            th[i].param = named;
            th[i].param_key = -1;
        }
        check_expr(c, th[i].value, &sc);
        if (th[i].value->type != TY_ERROR && !fold(th[i].value, &th[i].number))
            error_at(c, th[i].value->span, MSG_CHK_NOT_CONST, who, NULL, NULL);
        if (!th[i].key) {
            has_other = 1;
            continue;
        }
        if (!keyed) {
            error_at(c, th[i].key->span, MSG_CHK_UNKNOWN_NAME, th[i].key->name, NULL, NULL);
            continue;
        }
        if (resolve_word(c, th[i].key, keyed)) th[i].key_index = (int)th[i].key->num;
    }
    if (has_other || !keyed) return;
    if (n > 0) at = th[0].span; /* point at the 标准 line, not the indicator */
    unsigned char *covered = xcalloc((size_t)keyed->nwords + 1, 1);
    for (int i = 0; i < n; i++)
        if (th[i].key_index >= 0) covered[th[i].key_index] = 1;
    if (scope == LV_STAGE) {
        for (int s = 0; s < rs->nstages; s++)
            if (!covered[rs->stages[s]])
                error_at(c, at, MSG_CHK_NO_THRESHOLD, who, rs->stage_field->words[rs->stages[s]], NULL);
    } else {
        for (int w = 0; w < keyed->nwords; w++)
            if (!covered[w]) error_at(c, at, MSG_CHK_NO_THRESHOLD, who, keyed->words[w], NULL);
    }
    free(covered);
}

/* A condition or value of an exception or veto clause. */
static void check_clause(Checker *c, const Indicator *ind, Exception *ex, int is_veto)
{
    Scope sc = unit_scope(ind->scope, ind);
    sc.allow_threshold = ind->nthresholds > 0 || ex->nthresholds > 0;
    sc.allow_value = ind->value != NULL;
    if (!ex->source) error_at(c, ex->span, MSG_CHK_MISSING_ATTR, ex->qualified, tok_kind_name(K_SOURCE), NULL);
    if (ex->nthresholds)
        check_thresholds(c, ex->qualified, ex->span, &ex->thresholds, &ex->nthresholds, ind->scope);
    if (ex->cond) {
        check_expr(c, ex->cond, &sc);
        want(c, ex->cond, TY_BOOL, tok_kind_name(K_CONDITION));
    }
    if (ex->value) {
        check_expr(c, ex->value, &sc);
        want(c, ex->value, TY_NUM, tok_kind_name(K_VALUE));
        if (!ind->nthresholds && !ex->nthresholds)
            error_at(c, ex->span, MSG_CHK_VALUE_NO_THRESHOLD, ex->qualified, NULL, NULL);
    }
    if (!ex->cond && (!ex->value || is_veto))
        error_at(c, ex->span, MSG_CHK_MISSING_ATTR, ex->qualified, tok_kind_name(K_CONDITION), NULL);
}

/* 整改: numeric fields of the school or stage record the indicator's unit
 * has, so that the gaps list can solve its main test for one of them. */
static void check_remedies(Checker *c, Indicator *ind)
{
    if (!ind->nremedies) return;
    if (!ind->value || !ind->nthresholds || ind->scope == LV_COUNTY)
        error_at(c, ind->remedies[0]->span, MSG_CHK_REMEDY_TEST, ind->id, NULL, NULL);
    for (int k = 0; k < ind->nremedies; k++) {
        Expr *e = ind->remedies[k];
        const FieldDecl *f = ind->scope == LV_STAGE ? rules_field(c->rs, LV_STAGE, e->name) : NULL;
        if (!f) f = rules_field(c->rs, LV_SCHOOL, e->name);
        if (!f || (f->decl != DECL_INT && f->decl != DECL_NUM)) {
            error_at(c, e->span, MSG_CHK_REMEDY_FIELD, e->name, level_name(c->rs, ind->scope), NULL);
            continue;
        }
        e->field = f;
        e->type = TY_NUM;
    }
}

static void check_indicator(Checker *c, Indicator *ind)
{
    Scope sc = unit_scope(ind->scope, ind);
    if (ind->category && !find_decl(c, NAME_CATEGORY, ind->category))
        error_at(c, ind->span, MSG_CHK_UNKNOWN_CATEGORY, ind->category, NULL, NULL);
    if (!ind->source) error_at(c, ind->span, MSG_CHK_MISSING_ATTR, ind->id, tok_kind_name(K_SOURCE), NULL);
    if (ind->nthresholds)
        check_thresholds(c, ind->id, ind->span, &ind->thresholds, &ind->nthresholds, ind->scope);
    if (ind->applies) {
        check_expr(c, ind->applies, &sc);
        want(c, ind->applies, TY_BOOL, tok_kind_name(K_APPLIES));
    }
    sc.allow_threshold = ind->nthresholds > 0;
    sc.in_main_test = 1;
    if (ind->value) {
        check_expr(c, ind->value, &sc);
        want(c, ind->value, TY_NUM, tok_kind_name(K_VALUE));
        if (!ind->nthresholds) error_at(c, ind->span, MSG_CHK_VALUE_NO_THRESHOLD, ind->id, NULL, NULL);
    }
    if (ind->cond) {
        check_expr(c, ind->cond, &sc);
        want(c, ind->cond, TY_BOOL, tok_kind_name(K_CONDITION));
    }
    if (!ind->value && !ind->cond) error_at(c, ind->span, MSG_CHK_NO_TEST, ind->id, NULL, NULL);
    for (int k = 0; k < ind->nvetoes; k++) check_clause(c, ind, &ind->vetoes[k], 1);
    for (int k = 0; k < ind->nexceptions; k++) check_clause(c, ind, &ind->exceptions[k], 0);
    check_remedies(c, ind);
}

/* Appends to reads each indicator e reads through indicator lists (and
 * the definitions it uses), once: seen[k] holds the position + 1 of the
 * last owner that indicator k was added for. */
static void collect_reads(const Expr *e, const Indicator *owner, int *seen, Indicator ***reads, int *n, int *cap)
{
    if (!e) return;
    if (e->kind == E_LIST) {
        for (int i = 0; i < e->nindicators; i++) {
            Indicator *dep = e->indicators[i];
            if (seen[dep->index] == owner->index + 1) continue;
            seen[dep->index] = owner->index + 1;
            if (*n == *cap) *reads = xrealloc(*reads, (size_t)(*cap = *cap * 2 + 8) * sizeof **reads);
            (*reads)[(*n)++] = dep;
        }
    }
    if (e->kind == E_DEFINE) collect_reads(e->define->expr, owner, seen, reads, n, cap);
    collect_reads(e->a, owner, seen, reads, n, cap);
    collect_reads(e->b, owner, seen, reads, n, cap);
    collect_reads(e->c, owner, seen, reads, n, cap);
    collect_reads(e->where, owner, seen, reads, n, cap);
    collect_reads(e->body, owner, seen, reads, n, cap);
}

/* Fills every indicator's reads, in the order its parts name them. */
static void find_reads(Checker *c)
{
    RuleSet *rs = c->rs;
    int *seen = xcalloc((size_t)rs->nindicators + 1, sizeof *seen);
    Indicator **reads = NULL;
    int cap = 0;
    for (int i = 0; i < rs->nindicators; i++) {
        Indicator *ind = rs->indicators[i];
        int n = 0;
        collect_reads(ind->applies, ind, seen, &reads, &n, &cap);
        collect_reads(ind->value, ind, seen, &reads, &n, &cap);
        collect_reads(ind->cond, ind, seen, &reads, &n, &cap);
        for (int k = 0; k < ind->nexceptions; k++) {
            collect_reads(ind->exceptions[k].cond, ind, seen, &reads, &n, &cap);
            collect_reads(ind->exceptions[k].value, ind, seen, &reads, &n, &cap);
        }
        for (int k = 0; k < ind->nvetoes; k++) collect_reads(ind->vetoes[k].cond, ind, seen, &reads, &n, &cap);
        if (!n) continue;
        ind->reads = arena_alloc(&rs->arena, (size_t)n * sizeof *ind->reads);
        memcpy(ind->reads, reads, (size_t)n * sizeof *reads);
        ind->nreads = n;
    }
    free(reads);
    free(seen);
}

/* Orders indicators so that each comes after those it reads (depth first,
 * with a stack of its own: a chain of thousands of indicators is no
 * deeper for the C stack than one); a cycle is reported. */
static void order_indicators(Checker *c)
{
    RuleSet *rs = c->rs;
    int n = rs->nindicators;
    for (int i = 0; i < n; i++) rs->indicators[i]->index = i; /* declaration order until ordered */
    find_reads(c);
    Indicator **out = arena_alloc(&rs->arena, (size_t)(n + 1) * sizeof *out);
    Indicator **stack = xmalloc((size_t)(n + 1) * sizeof *stack);
    int *next = xcalloc((size_t)n + 1, sizeof *next); /* by declaration index: the next read to visit */
    int nout = 0;
    for (int i = 0; i < n; i++) {
        if (rs->indicators[i]->visiting) continue;
        int top = 0;
        stack[top++] = rs->indicators[i];
        rs->indicators[i]->visiting = 1;
        while (top) {
            Indicator *ind = stack[top - 1];
            if (next[ind->index] < ind->nreads) {
                Indicator *dep = ind->reads[next[ind->index]++];
                if (dep->visiting == 1) {
                    error_at(c, ind->span, MSG_CHK_CYCLE, ind->id, dep->id, NULL);
                } else if (!dep->visiting) {
                    assert(top < n);
                    dep->visiting = 1;
                    stack[top++] = dep;
                }
                continue;
            }
            ind->visiting = 2;
            out[nout++] = ind;
            top--;
        }
    }
    assert(nout == n);
    free(next);
    free(stack);
    for (int i = 0; i < n; i++) out[i]->index = i;
    rs->indicators = out;
}

/* ---- cvs and categories ---- */

static void check_cv(Checker *c, CvDecl *cv)
{
    RuleSet *rs = c->rs;
    if (!cv->source) error_at(c, cv->span, MSG_CHK_MISSING_ATTR, cv->name, tok_kind_name(K_SOURCE), NULL);
    if (!cv->weight) error_at(c, cv->span, MSG_CHK_MISSING_ATTR, cv->name, tok_kind_name(K_WEIGHT), NULL);
    if (!cv->limits && !cv->composite) error_at(c, cv->span, MSG_CHK_MISSING_ATTR, cv->name, tok_kind_name(K_LIMIT), NULL);
    if (cv->composite_name && !cv->composite)
        error_at(c, cv->span, MSG_CHK_COMPOSITE_NAME, cv->name, tok_kind_name(K_COMPOSITE_NAME), tok_kind_name(K_COMPOSITE));
    cv->indicators = arena_alloc(&rs->arena, (size_t)(cv->nindicators + 1) * sizeof *cv->indicators);
    for (int i = 0; i < cv->nindicators; i++) {
        Indicator *ind = find_indicator(c, cv->members[i]->name);
        cv->indicators[i] = ind;
        if (!ind) error_at(c, cv->members[i]->span, MSG_CHK_UNKNOWN_INDICATOR, cv->members[i]->name, NULL, NULL);
        else if (ind->scope != LV_STAGE || !ind->value)
            diag_at(c->diags, DIAG_ERROR, cv->members[i]->span.src, cv->members[i]->span.start, MSG_CHK_SCOPE,
                    cv->name, level_name(rs, LV_STAGE), ind->id, level_name(rs, ind->scope));
    }
    if (cv->weight) {
        Scope sc = unit_scope(LV_STAGE, NULL);
        check_expr(c, cv->weight, &sc);
        want(c, cv->weight, TY_NUM, tok_kind_name(K_WEIGHT));
    }
    if (cv->limits) check_thresholds(c, cv->name, cv->span, &cv->limits, &cv->nlimits, LV_STAGE);
    if (cv->composite) check_thresholds(c, cv->name, cv->span, &cv->composite, &cv->ncomposite, LV_STAGE);
}

static void check_category(Checker *c, Category *cat)
{
    RuleSet *rs = c->rs;
    if (!cat->source) error_at(c, cat->span, MSG_CHK_MISSING_ATTR, cat->name, tok_kind_name(K_SOURCE), NULL);
    cat->indicators = arena_alloc(&rs->arena, (size_t)(cat->nmembers + 1) * sizeof *cat->indicators);
    cat->cvs = arena_alloc(&rs->arena, (size_t)(cat->nmembers + 1) * sizeof *cat->cvs);
    for (int i = 0; i < cat->nmembers; i++) {
        const char *name = cat->members[i]->name;
        cat->indicators[i] = find_indicator(c, name);
        cat->cvs[i] = find_decl(c, NAME_CV, name);
        if (!cat->indicators[i] && !cat->cvs[i])
            error_at(c, cat->members[i]->span, MSG_CHK_UNKNOWN_INDICATOR, name, NULL, NULL);
    }
}

/* Numbers every name that a missing value can point at. */
static void number_names(RuleSet *rs)
{
    rs->names = arena_alloc(&rs->arena, (size_t)(rs->nlevels + rs->nfields + rs->ndefines + rs->nparams + rs->nindicators + 1) *
                                            sizeof *rs->names);
    rs->names[rs->nnames++] = "?";
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) rs->names[rs->nnames++] = level_name(rs, lv); /* id 1 + level */
    for (int i = 0; i < rs->nfields; i++) {
        rs->fields[i]->name_id = rs->nnames;
        rs->names[rs->nnames++] = rs->fields[i]->name;
    }
    for (int i = 0; i < rs->ndefines; i++) {
        rs->defines[i]->index = i;
        rs->defines[i]->name_id = rs->nnames;
        rs->names[rs->nnames++] = rs->defines[i]->name;
    }
    for (int i = 0; i < rs->nparams; i++) {
        rs->params[i]->name_id = rs->nnames;
        rs->names[rs->nnames++] = rs->params[i]->name;
    }
    for (int i = 0; i < rs->nindicators; i++) {
        rs->indicators[i]->name_id = rs->nnames;
        rs->names[rs->nnames++] = rs->indicators[i]->id;
    }
}

/* Gives the fields of a record level declared after them (in a later file)
 * their level, then indexes every field by level and name. Returns whether
 * every field has a level. */
static int check_levels(Checker *c)
{
    RuleSet *rs = c->rs;
    const Expr *reported = NULL;
    for (int i = 0; i < rs->nfields; i++) {
        FieldDecl *f = rs->fields[i];
        if (f->level != LV_NONE) continue;
        f->level = level_by_name(rs, f->level_name->name);
        if (f->level == LV_NONE && f->level_name != reported) /* once for the block's fields */
            error_at(c, f->level_name->span, MSG_CHK_UNKNOWN_LEVEL, f->level_name->name,
                     level_names(rs, &rs->arena, LV_COUNTY), NULL);
        if (f->level == LV_NONE) reported = f->level_name;
    }
    if (reported) return 0;
    rules_index_fields(rs);
    return 1;
}

/* A spelling of a word list: a word or an alias, with the word it stands for. */
typedef struct Spelling {
    const char *text;
    int word, order;
} Spelling;

static int compare_spellings(const void *a, const void *b)
{
    const Spelling *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

static int compare_list_names(const void *a, const void *b)
{
    return strcmp((*(WordList *const *)a)->name, (*(WordList *const *)b)->name);
}

/* By name, then in declaration order. */
static int compare_lists(const void *a, const void *b)
{
    const WordList *x = *(WordList *const *)a, *y = *(WordList *const *)b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* A word list's words and aliases name one word each (sorted, so that a
 * list of any length is checked in n log n), and how messages name it. */
static void check_word_list(Checker *c, WordList *wl)
{
    int n = wl->nwords + wl->naliases;
    Spelling *all = xmalloc((size_t)n * sizeof *all);
    for (int i = 0; i < n; i++)
        all[i] = i < wl->nwords ? (Spelling){wl->words[i], i, i} : (Spelling){wl->aliases[i - wl->nwords], wl->alias_word[i - wl->nwords], i};
    qsort(all, (size_t)n, sizeof *all, compare_spellings);
    for (int i = 1; i < n; i++)
        if (strcmp(all[i].text, all[i - 1].text) == 0) error_at(c, wl->span, MSG_CHK_DUP_WORD, all[i].text, wl->name, NULL);
    free(all);
    size_t size = strlen(wl->name) + 5;
    for (int i = 0; i < wl->nwords; i++) size += strlen(wl->words[i]) + 3;
    wl->expected = arena_alloc(&c->rs->arena, size);
    char *end = wl->expected + sprintf(wl->expected, "%s {", wl->name);
    for (int i = 0; i < wl->nwords; i++) end += sprintf(end, "%s %s", i ? " <" : "", wl->words[i]);
    strcpy(end, " }");
}

/* Word lists have names of their own; every field typed by one takes its
 * words. Returns whether every field's type is known. */
static int check_word_lists(Checker *c)
{
    RuleSet *rs = c->rs;
    WordList **sorted = xmalloc((size_t)(rs->nword_lists + 1) * sizeof *sorted);
    if (rs->nword_lists) memcpy(sorted, rs->word_lists, (size_t)rs->nword_lists * sizeof *sorted);
    qsort(sorted, (size_t)rs->nword_lists, sizeof *sorted, compare_lists);
    /* A name declared again: reported in declaration order, with the first. */
    const WordList **first = xcalloc((size_t)rs->nword_lists + 1, sizeof *first);
    for (int i = 1; i < rs->nword_lists; i++)
        if (strcmp(sorted[i]->name, sorted[i - 1]->name) == 0)
            first[sorted[i]->index] = first[sorted[i - 1]->index] ? first[sorted[i - 1]->index] : sorted[i - 1];
    for (int i = 0; i < rs->nword_lists; i++) {
        WordList *wl = rs->word_lists[i];
        check_word_list(c, wl);
        if (first[i])
            diag_at(c->diags, DIAG_ERROR, wl->span.src, wl->span.start, MSG_CHK_DUP, wl->name, first[i]->span.src->path,
                    line_of(first[i]->span));
    }
    free(first);
    int known = 1;
    for (int i = 0; i < rs->nfields; i++) {
        FieldDecl *f = rs->fields[i];
        if (f->decl != DECL_WORDS) continue;
        WordList key = {.name = f->type_name->name}, *k = &key;
        WordList **found = bsearch(&k, sorted, (size_t)rs->nword_lists, sizeof *sorted, compare_list_names);
        while (found && found > sorted && strcmp(found[-1]->name, key.name) == 0) found--; /* the first declared */
        if (!found) {
            error_at(c, f->type_name->span, MSG_CHK_UNKNOWN_TYPE, f->type_name->name, NULL, NULL);
            known = 0;
            continue;
        }
        f->list = *found;
        f->words = (*found)->words;
        f->nwords = (*found)->nwords;
    }
    free(sorted);
    return known;
}

/* A missing value names its cause by a 16-bit id, and a result its
 * indicator by a 16-bit index (eval.h): a rule set with more names is
 * refused at the first declaration beyond the limit (the indicators are
 * among the names, so their index fits as well). */
static int check_name_count(Checker *c)
{
    const RuleSet *rs = c->rs;
    long first = UINT16_MAX - rs->nlevels - 1; /* names before it: "?" and the levels */
    const Span *beyond = NULL;
    if (rs->nfields > first) beyond = &rs->fields[first]->span;
    else if ((first -= rs->nfields) < rs->ndefines) beyond = &rs->defines[first]->span;
    else if ((first -= rs->ndefines) < rs->nparams) beyond = &rs->params[first]->span;
    else if ((first -= rs->nparams) < rs->nindicators) beyond = &rs->indicators[first]->span;
    if (!beyond) return 1;
    diag_at(c->diags, DIAG_ERROR, beyond->src, beyond->start, MSG_CHK_TOO_MANY_NAMES, UINT16_MAX - rs->nlevels - 1);
    return 0;
}

void check_rules(RuleSet *rs, DiagList *diags)
{
    Checker c = {rs, diags, NULL, 0, 0, 0, 0, 0};
    if (!check_word_lists(&c) || !check_levels(&c) || !check_name_count(&c)) return;
    number_names(rs);
    declare_names(&c);
    check_fields(&c);
    if (rs->stage_field && rs->stage_field->decl == DECL_ENUM) {
        check_stages(&c);
        check_split(&c);
        check_aliases(&c);
        for (int i = 0; i < rs->nprofiles; i++) check_profile(&c, rs->profiles[i], i);
        check_makeups(&c);
        for (int i = 0; i < rs->nfields; i++) check_value_checks(&c, rs->fields[i]);
        check_params(&c);
        for (int i = 0; i < rs->nindicators; i++) check_indicator(&c, rs->indicators[i]);
        for (int i = 0; i < rs->ndefines; i++) check_unused_define(&c, rs->defines[i]);
        for (int i = 0; i < rs->ncvs; i++) check_cv(&c, rs->cvs[i]);
        for (int i = 0; i < rs->ncategories; i++) check_category(&c, rs->categories[i]);
        if (diags->errors == 0) {
            order_indicators(&c);
            list_dated_thresholds(rs);
        }
    }
    free(c.names);
}

/* ---- rule tests ---- */

/* A test value must be a literal of the field's type. */
static void check_test_value(Checker *c, TestValue *tv, const FieldDecl *f)
{
    tv->field = f;
    const Expr *v = tv->value->kind == E_NEG ? tv->value->a : tv->value;
    int ok;
    switch (f->decl) {
    case DECL_INT: case DECL_NUM: case DECL_RATIO: ok = v->kind == E_NUMBER; break;
    case DECL_BOOL: /* 是/否, or 1/0 as the datasets may write it */
        ok = v->kind == E_BOOL || (v == tv->value && v->kind == E_NUMBER && (v->num == 0 || v->num == 1));
        break;
    case DECL_TEXT: ok = v->kind == E_STRING; break;
    default: ok = v->kind == E_NAME && field_word(f, v->name) >= 0; break;
    }
    if (ok) return;
    if (v->kind == E_NAME && f->type == TY_ENUM)
        error_at(c, v->span, MSG_CHK_NOT_ENUM, v->name, f->name, field_words(&c->rs->arena, f));
    else
        error_at(c, v->span, MSG_CHK_TEST_VALUE, f->name, field_expected(f), NULL);
}

static void check_test(Checker *c, RuleTest *t)
{
    RuleSet *rs = c->rs;
    t->stage = -1;
    t->clause = -1;
    t->veto = -1;
    if (!t->indicator_name) {
        error_at(c, t->span, MSG_CHK_MISSING_ATTR, t->title, tok_kind_name(K_INDICATOR), NULL);
        return;
    }
    t->indicator = find_indicator(c, t->indicator_name->name);
    if (!t->indicator) {
        error_at(c, t->indicator_name->span, MSG_CHK_UNKNOWN_INDICATOR, t->indicator_name->name, NULL, NULL);
        return;
    }
    if (t->stage_name) {
        if (resolve_word(c, t->stage_name, rs->stage_field)) t->stage = (int)t->stage_name->num;
    } else if (t->indicator->scope == LV_STAGE && rs->nstages) {
        t->stage = rs->stages[0];
    }
    for (int i = 0; i < t->nvalues; i++) {
        TestValue *tv = &t->values[i];
        const FieldDecl *f = NULL;
        for (Level lv = LV_STAGE; !f && lv != LV_NONE; lv = level_parent(rs, lv)) f = rules_field(rs, lv, tv->name->name);
        if (!f) error_at(c, tv->name->span, MSG_CHK_UNKNOWN_NAME, tv->name->name, NULL, NULL);
        else check_test_value(c, tv, f);
    }
    for (int r = 0; r < t->nrows; r++) {
        TestRow *row = &t->rows[r];
        row->level = level_by_name(rs, row->level_name->name);
        if (row->level < LV_RECORDS) {
            error_at(c, row->level_name->span, MSG_CHK_TEST_ROWS, row->level_name->name,
                     level_names(rs, &rs->arena, LV_RECORDS), NULL);
            continue;
        }
        for (int i = 0; i < row->nvalues; i++) {
            const FieldDecl *f = rules_field(rs, row->level, row->values[i].name->name);
            if (!f) error_at(c, row->values[i].name->span, MSG_CHK_TEST_FIELD, row->values[i].name->name, row->level_name->name, NULL);
            else check_test_value(c, &row->values[i], f);
        }
    }
    static const char *const statuses[][2] = {{"达标", "pass"}, {"认定达标", "pass_by_exception"}, {"未达标", "fail"},
                                              {"缺少数据", "missing_data"}, {"不适用", "not_applicable"}};
    t->status = -1;
    if (t->status_name)
        for (int k = 0; k < 5; k++)
            if (strcmp(t->status_name->name, statuses[k][0]) == 0 || strcmp(t->status_name->name, statuses[k][1]) == 0)
                t->status = k;
    if (t->status < 0) {
        if (t->status_name) error_at(c, t->status_name->span, MSG_CHK_TEST_STATUS, t->status_name->name, NULL, NULL);
        else error_at(c, t->span, MSG_CHK_MISSING_ATTR, t->title, tok_kind_name(K_EXPECT), NULL);
    }
    if (t->clause_name) {
        const Indicator *ind = t->indicator;
        for (int k = 0; k < ind->nexceptions; k++)
            if (strcmp(ind->exceptions[k].qualified, t->clause_name->name) == 0) t->clause = k;
        for (int k = 0; k < ind->nvetoes; k++)
            if (strcmp(ind->vetoes[k].qualified, t->clause_name->name) == 0) t->veto = k;
        if (t->clause < 0 && t->veto < 0)
            error_at(c, t->clause_name->span, MSG_CHK_TEST_CLAUSE, t->clause_name->name, ind->id, NULL);
    }
}

void check_tests(RuleSet *rs, DiagList *diags)
{
    Checker c = {rs, diags, NULL, 0, 0, 0, 0, 0};
    declare_names(&c);
    for (int i = 0; i < rs->ntests; i++) check_test(&c, rs->tests[i]);
    free(c.names);
}
