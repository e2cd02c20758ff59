/* parse.c — recursive-descent parser of .jh rule files into the RuleSet.
 * One function per grammar rule, its production as the first comment.
 * On a syntax error the parser reports once, unwinds to the declaration
 * loop and skips to the next top-level declaration (no cascades). */
#include "parse.h"
#include "layout.h"
#include "limits.h"
#include "values.h"
#include <assert.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>

typedef struct Parser {
    Lexer lx;
    Token tok;          /* current token */
    Token prev;         /* last consumed token */
    const Source *src;
    RuleSet *rs;
    DiagList *diags;
    int braces;         /* open '{' at the current token */
    int depth;          /* expression nesting */
    int tests_only;     /* a file of the 测试/ folder: rule tests, nothing the checked rules would miss */
    size_t decl_start;  /* where the declaration being parsed starts */
    jmp_buf recover;
} Parser;

/* Appends item to an arena array whose capacity is the next power of two. */
static void *push_item(Arena *a, void *array, int *n, size_t size, const void *item)
{
    assert(*n >= 0 && (*n == 0 || array));
    if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
        int cap = *n == 0 ? 4 : *n * 2;
        void *grown = arena_alloc(a, (size_t)cap * size);
        if (*n) memcpy(grown, array, (size_t)*n * size);
        array = grown;
    }
    memcpy((char *)array + (size_t)*n * size, item, size);
    (*n)++;
    return array;
}
#define PUSH(p, arr, n, item) ((arr) = push_item(&(p)->rs->arena, (arr), &(n), sizeof *(arr), &(item)))

static void advance(Parser *p)
{
    if (p->tok.kind == T_LBRACE) p->braces++;
    if (p->tok.kind == T_RBRACE) p->braces--;
    p->prev = p->tok;
    p->tok = lex_next(&p->lx);
}

/* The token after the current one, without consuming anything. */
static TokKind peek_kind(Parser *p)
{
    Lexer ahead = p->lx;
    DiagList quiet; /* the lexer reports bad input again when it gets there */
    diag_init(&quiet);
    ahead.diags = &quiet;
    TokKind k = lex_next(&ahead).kind;
    diag_free(&quiet);
    return k;
}

static Span span_of(Parser *p, Token t)
{
    Span s = {p->src, t.start, t.len};
    return s;
}

/* Quoted text of the current token for messages. */
static const char *found(Parser *p)
{
    if (p->tok.kind == T_EOF) return tok_kind_name(T_EOF);
    size_t n = p->tok.len > 60 ? 60 : p->tok.len;
    size_t start = p->tok.start;
    if (p->tok.kind == T_STRING) {  /* show the quotes too */
        start--;
        n += 2;
        if (p->src->text[start] != '"') start -= 2, n += 4;
    }
    char *s = arena_alloc(&p->rs->arena, n + 3);
    s[0] = '\'';
    memcpy(s + 1, p->src->text + start, n);
    s[n + 1] = '\'';
    return s;
}

static _Noreturn void fail(Parser *p)
{
    longjmp(p->recover, 1);
}

static _Noreturn void fail_expected(Parser *p, const char *what)
{
    diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_EXPECTED, what, found(p));
    fail(p);
}

static void expect(Parser *p, TokKind kind)
{
    if (p->tok.kind != kind) fail_expected(p, tok_kind_name(kind));
    advance(p);
}

/* A date (自 2025-09-01, 日期 2025-09-01) that exists in the calendar. */
static int date(Parser *p)
{
    if (p->tok.kind != T_DATE) fail_expected(p, tok_kind_name(T_DATE));
    int yyyymmdd = date_valid((int)p->tok.num);
    if (!yyyymmdd) {
        char text[16];
        snprintf(text, sizeof text, "%.*s", (int)p->tok.len, p->src->text + p->tok.start);
        diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_BAD_DATE, text);
        fail(p);
    }
    advance(p);
    return yyyymmdd;
}

/* Expects the token closing `open` (at line of open_tok). */
static void expect_close(Parser *p, TokKind kind, Token open_tok)
{
    if (p->tok.kind != kind) {
        int line, col;
        source_position(p->src, open_tok.start, &line, &col);
        const char *close = tok_kind_name(kind);
        const char *open = tok_kind_name(open_tok.kind);
        char c[8], o[8];
        snprintf(c, sizeof c, "%.*s", (int)strlen(close) - 2, close + 1);
        snprintf(o, sizeof o, "%.*s", (int)strlen(open) - 2, open + 1);
        diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_EXPECTED_CLOSE, c, line, o, found(p));
        fail(p);
    }
    advance(p);
}

static int accept(Parser *p, TokKind kind)
{
    if (p->tok.kind != kind) return 0;
    advance(p);
    return 1;
}

static char *token_text(Parser *p, Token t)
{
    return arena_strndup(&p->rs->arena, p->src->text + t.start, t.len);
}

static char *ident(Parser *p)
{
    if (p->tok.kind != T_IDENT) fail_expected(p, tok_kind_name(T_IDENT));
    advance(p);
    return token_text(p, p->prev);
}

/* string -> STRING, with \" and \\ undone */
static char *string(Parser *p)
{
    if (p->tok.kind != T_STRING) fail_expected(p, tok_kind_name(T_STRING));
    advance(p);
    char *s = token_text(p, p->prev), *w = s;
    for (const char *r = s; *r; r++) {
        if (*r == '\\' && r[1]) r++;
        *w++ = *r;
    }
    *w = '\0';
    return s;
}

static Expr *new_expr(Parser *p, ExprKind kind, Token at)
{
    Expr *e = arena_alloc(&p->rs->arena, sizeof *e);
    e->kind = kind;
    e->span = span_of(p, at);
    e->height = 1;
    return e;
}

/* Sets e's height from its parts. A tree deeper than the evaluator may
 * walk is refused where it grew too deep (a flat a + b + … is built by a
 * loop, but walked by recursion). */
static Expr *grown(Parser *p, Expr *e)
{
    const Expr *parts[] = {e->a, e->b, e->c, e->where, e->body};
    int h = 0;
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (parts[i] && parts[i]->height > h) h = parts[i]->height;
    for (int i = 0; i < e->nitems; i++)
        if (e->items[i]->height > h) h = e->items[i]->height;
    assert(h >= 0 && h <= JH_MAX_EVAL_DEPTH);
    e->height = h + 1;
    if (e->height > JH_MAX_EVAL_DEPTH) {
        diag_at(p->diags, DIAG_ERROR, p->src, p->prev.start, MSG_PARSE_TOO_LONG, JH_MAX_EVAL_DEPTH);
        fail(p);
    }
    return e;
}

/* Enters one more level of the parser's recursion, refusing nesting that
 * would exhaust the C stack; leave() when the level is parsed. */
static void enter(Parser *p)
{
    if (++p->depth > JH_MAX_EXPR_DEPTH) {
        diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_TOO_DEEP, JH_MAX_EXPR_DEPTH);
        fail(p);
    }
}

static void leave(Parser *p)
{
    assert(p->depth > 0);
    p->depth--;
}

/* Widens e's span to end where the last consumed token ends. */
static Expr *finish(Parser *p, Expr *e)
{
    size_t end = p->prev.start + p->prev.len;
    if (p->prev.kind == T_STRING) end++;
    if (end > e->span.start) e->span.len = end - e->span.start;
    return e;
}

static Expr *expression(Parser *p);

static int is_compare(TokKind k)
{
    return k == T_EQ || k == T_NE || k == T_GE || k == T_LE || k == T_GT || k == T_LT;
}

/* namelist -> name {',' name}   (each an E_NAME) */
static Expr **name_list(Parser *p, int *n)
{
    Expr **items = NULL;
    *n = 0;
    do {
        Token at = p->tok;
        Expr *e = new_expr(p, E_NAME, at);
        e->name = ident(p);
        PUSH(p, items, *n, e);
    } while (accept(p, T_COMMA));
    return items;
}

/* call -> NAME '(' expr ['其中' expr] [':' expr] {',' expr} ')' */
static Expr *call(Parser *p, Token name)
{
    Expr *e = new_expr(p, E_CALL, name);
    e->name = token_text(p, name);
    Token open = p->tok;
    expect(p, T_LPAREN);
    e->a = expression(p);
    if (accept(p, K_WHERE)) e->where = expression(p);
    if (accept(p, T_COLON)) e->body = expression(p);
    while (accept(p, T_COMMA)) {
        Expr *arg = expression(p);
        PUSH(p, e->items, e->nitems, arg);
    }
    expect_close(p, T_RPAREN, open);
    return grown(p, finish(p, e));
}

/* primary -> NUMBER | STRING | 是 | 否 | 值 | 标准 | NAME | call
 *          | '(' expr ')' | '[' namelist ']' */
static Expr *primary(Parser *p)
{
    Token t = p->tok;
    Expr *e;
    switch (t.kind) {
    case T_NUMBER:
        advance(p);
        e = new_expr(p, E_NUMBER, t);
        e->num = t.num;
        e->percent = t.percent;
        return e;
    case T_STRING:
        e = new_expr(p, E_STRING, t);
        e->name = string(p);
        return e;
    case K_TRUE:
    case K_FALSE:
        advance(p);
        e = new_expr(p, E_BOOL, t);
        e->num = t.kind == K_TRUE;
        return e;
    case K_VALUE:
        advance(p);
        return new_expr(p, E_ELEM_VALUE, t);
    case K_THRESHOLD:
        advance(p);
        return new_expr(p, E_ELEM_THRESHOLD, t);
    case T_IDENT:
        advance(p);
        if (p->tok.kind == T_LPAREN) return call(p, t);
        e = new_expr(p, E_NAME, t);
        e->name = token_text(p, t);
        return e;
    case T_LPAREN: {
        advance(p);
        Expr *inner = expression(p);
        expect_close(p, T_RPAREN, t);
        inner->span.start = t.start; /* explanations quote the parentheses too */
        return finish(p, inner);
    }
    case T_LBRACKET:
        advance(p);
        e = new_expr(p, E_LIST, t);
        e->items = name_list(p, &e->nitems);
        expect_close(p, T_RBRACKET, t);
        return grown(p, finish(p, e));
    default:
        diag_at(p->diags, DIAG_ERROR, p->src, t.start, MSG_PARSE_EXPR, found(p));
        fail(p);
    }
}

/* unary -> '-' unary | primary */
static Expr *unary(Parser *p)
{
    if (p->tok.kind == T_MINUS) {
        Token t = p->tok;
        enter(p);
        advance(p);
        Expr *e = new_expr(p, E_NEG, t);
        e->a = unary(p);
        leave(p);
        return grown(p, finish(p, e));
    }
    return primary(p);
}

static Expr *binary(Parser *p, ExprKind kind, TokKind op, Expr *a, Expr *b)
{
    assert(a);
    Expr *e = arena_alloc(&p->rs->arena, sizeof *e);
    e->kind = kind;
    e->op = op;
    e->a = a;
    e->b = b;
    e->span = a->span;
    return grown(p, finish(p, e));
}

/* Arithmetic by precedence, loosest first (keep in step with the grammar):
 * sum  -> term {('+' | '-') term}
 * term -> unary {('*' | '/') unary} */
static const TokKind arith_ops[][2] = {{T_PLUS, T_MINUS}, {T_STAR, T_SLASH}};

static Expr *arithmetic(Parser *p, int level)
{
    if (level == (int)(sizeof arith_ops / sizeof *arith_ops)) return unary(p);
    Expr *e = arithmetic(p, level + 1);
    while (p->tok.kind == arith_ops[level][0] || p->tok.kind == arith_ops[level][1]) {
        TokKind op = p->tok.kind;
        advance(p);
        e = binary(p, E_ARITH, op, e, arithmetic(p, level + 1));
    }
    return e;
}

static Expr *sum(Parser *p)
{
    return arithmetic(p, 0);
}

/* comparison -> sum [cmpop sum | '属于' '(' namelist ')'] */
static Expr *comparison(Parser *p)
{
    Expr *e = sum(p);
    if (is_compare(p->tok.kind)) {
        TokKind op = p->tok.kind;
        advance(p);
        return binary(p, E_COMPARE, op, e, sum(p));
    }
    if (accept(p, K_IN)) {
        Token open = p->tok;
        expect(p, T_LPAREN);
        Expr *in = binary(p, E_IN, K_IN, e, NULL);
        in->items = name_list(p, &in->nitems);
        expect_close(p, T_RPAREN, open);
        return grown(p, finish(p, in));
    }
    return e;
}

/* negation -> '非' negation | comparison */
static Expr *negation(Parser *p)
{
    if (p->tok.kind == K_NOT) {
        Token t = p->tok;
        enter(p);
        advance(p);
        Expr *e = new_expr(p, E_NOT, t);
        e->a = negation(p);
        leave(p);
        return grown(p, finish(p, e));
    }
    return comparison(p);
}

/* conjunction -> negation {'且' negation} */
static Expr *conjunction(Parser *p)
{
    Expr *e = negation(p);
    while (accept(p, K_AND)) e = binary(p, E_AND, K_AND, e, negation(p));
    return e;
}

/* conditional -> '若' expr '则' expr '否则' expr
 * Written first in an expression (or in parentheses inside one), so that
 * each branch runs to the next keyword: 若 a 则 x + 1 否则 y. */
static Expr *conditional(Parser *p)
{
    Expr *e = new_expr(p, E_IF, p->tok);
    advance(p);
    e->a = expression(p);
    expect(p, K_THEN);
    e->b = expression(p);
    expect(p, K_ELSE);
    e->c = expression(p);
    return grown(p, finish(p, e));
}

/* expr -> conditional | conjunction {'或' conjunction} */
static Expr *expression(Parser *p)
{
    enter(p);
    Expr *e;
    if (p->tok.kind == K_IF) {
        e = conditional(p);
    } else {
        e = conjunction(p);
        while (accept(p, K_OR)) e = binary(p, E_OR, K_OR, e, conjunction(p));
    }
    leave(p);
    return e;
}

/* thresholds -> threshold {',' threshold}
 * threshold  -> [NAME | '其他'] cmpop expr */
static Threshold *thresholds(Parser *p, int *n)
{
    Threshold *list = NULL;
    *n = 0;
    do {
        Threshold th = {0};
        th.key_index = -1;
        th.span = span_of(p, p->tok);
        if (p->tok.kind == T_IDENT) {
            th.key = new_expr(p, E_NAME, p->tok);
            th.key->name = ident(p);
        } else {
            accept(p, K_OTHER);
        }
        if (!is_compare(p->tok.kind)) fail_expected(p, "'>=', '<=', '>', '<'");
        th.op = p->tok.kind;
        advance(p);
        th.value = expression(p);
        th.span.len = p->prev.start + p->prev.len - th.span.start;
        PUSH(p, list, *n, th);
    } while (accept(p, T_COMMA));
    return list;
}

/* unit -> '县级' | '学校' | '学段'   (the units an indicator is evaluated per) */
static Level unit(Parser *p)
{
    Token at = p->tok;
    char *name = ident(p);
    Level lv = level_by_name(p->rs, name);
    if (lv != LV_NONE && lv < LV_RECORDS) return lv;
    diag_at(p->diags, DIAG_ERROR, p->src, at.start, MSG_CHK_UNIT_LEVEL, name);
    fail(p);
}

/* Records that attribute `kw` was seen (*seen: its offset + 1; 0 before);
 * reports a repeat with the line of the first. */
static void once(Parser *p, size_t *seen, Token kw)
{
    if (*seen) {
        int line, col;
        source_position(p->src, *seen - 1, &line, &col);
        diag_at(p->diags, DIAG_ERROR, p->src, kw.start, MSG_PARSE_DUP_ATTR, tok_kind_name(kw.kind), line);
        fail(p);
    }
    *seen = kw.start + 1;
}

/* A setting given once per rule set, whichever file holds it. */
static void once_per_rule_set(Parser *p, Token kw)
{
    int line, col;
    source_position(p->src, kw.start, &line, &col);
    const Source *first = p->rs->settings_seen[kw.kind].file;
    int first_line = p->rs->settings_seen[kw.kind].line;
    if (first == p->src) {
        diag_at(p->diags, DIAG_ERROR, p->src, kw.start, MSG_PARSE_DUP_ATTR, tok_kind_name(kw.kind), first_line);
        fail(p);
    }
    if (first) {
        diag_at(p->diags, DIAG_ERROR, p->src, kw.start, MSG_PARSE_DUP_SETTING, tok_kind_name(kw.kind), first->path, first_line);
        fail(p);
    }
    p->rs->settings_seen[kw.kind].file = p->src;
    p->rs->settings_seen[kw.kind].line = line;
}

static int starts_declaration(TokKind k);

/* A token at the very start of a line (top-level declarations are written so). */
static int at_line_start(Parser *p, Token t)
{
    return t.start == 0 || p->src->text[t.start - 1] == '\n';
}

/* Reports a token that is not an attribute of `where`; a declaration at the
 * start of a line means the block's '}' is missing. */
static _Noreturn void attr_not_here(Parser *p, const char *where, Token open)
{
    if (starts_declaration(p->tok.kind) && at_line_start(p, p->tok)) expect_close(p, T_RBRACE, open);
    diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_ATTR, where, found(p));
    fail(p);
}

/* clause -> ('例外' | '否决') NAME STRING '{' {'依据' STRING | '条件' expr
 *           | '值' '=' expr | '标准' thresholds} '}'
 * An exception may pass a failing result; a veto (否决) fails it whatever
 * else holds. Both read as I12.E1 / I12.N1. */
static void clause(Parser *p, Indicator *ind)
{
    TokKind kind = p->tok.kind;
    Exception ex = {0};
    ex.span = span_of(p, p->tok);
    advance(p);
    ex.id = ident(p);
    ex.title = string(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    size_t seen[T_COUNT] = {0};
    while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
        Token kw = p->tok;
        if (kw.kind == K_EXCEPTION || kw.kind == K_VETO) expect_close(p, T_RBRACE, open);
        int allowed = kw.kind == K_SOURCE || kw.kind == K_CONDITION ||
                      (kind == K_EXCEPTION && (kw.kind == K_VALUE || kw.kind == K_THRESHOLD));
        if (!allowed) attr_not_here(p, tok_kind_name(kind), open);
        once(p, &seen[kw.kind], kw);
        advance(p);
        switch (kw.kind) {
        case K_SOURCE: ex.source = string(p); break;
        case K_CONDITION: ex.cond = expression(p); break;
        case K_VALUE:
            expect(p, T_ASSIGN);
            ex.value = expression(p);
            break;
        default: ex.thresholds = thresholds(p, &ex.nthresholds); break;
        }
    }
    expect_close(p, T_RBRACE, open);
    size_t n = strlen(ind->id) + strlen(ex.id) + 2;
    ex.qualified = arena_alloc(&p->rs->arena, n);
    snprintf(ex.qualified, n, "%s.%s", ind->id, ex.id);
    if (kind == K_VETO) PUSH(p, ind->vetoes, ind->nvetoes, ex);
    else PUSH(p, ind->exceptions, ind->nexceptions, ex);
}

/* indicator -> '指标' NAME STRING '{' {attribute | clause} '}'
 * attribute -> '类别' NAME | '对象' NAME | '依据' STRING | '适用' expr
 *            | '值' '=' expr | '标准' thresholds | '条件' expr */
static void indicator(Parser *p)
{
    Indicator *ind = arena_alloc(&p->rs->arena, sizeof *ind);
    ind->span = span_of(p, p->tok);
    advance(p);
    Token id = p->tok;
    ind->id = ident(p);
    ind->span = span_of(p, id);
    ind->title = string(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    size_t seen[T_COUNT] = {0};
    while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
        Token kw = p->tok;
        if (kw.kind == K_EXCEPTION || kw.kind == K_VETO) {
            clause(p, ind);
            continue;
        }
        if (kw.kind != K_CATEGORY && kw.kind != K_SCOPE && kw.kind != K_SOURCE && kw.kind != K_APPLIES &&
            kw.kind != K_VALUE && kw.kind != K_THRESHOLD && kw.kind != K_CONDITION && kw.kind != K_REMEDY)
            attr_not_here(p, tok_kind_name(K_INDICATOR), open);
        once(p, &seen[kw.kind], kw);
        advance(p);
        switch (kw.kind) {
        case K_CATEGORY: ind->category = ident(p); break;
        case K_SCOPE: ind->scope = unit(p); break;
        case K_SOURCE: ind->source = string(p); break;
        case K_APPLIES: ind->applies = expression(p); break;
        case K_VALUE: expect(p, T_ASSIGN); ind->value = expression(p); break;
        case K_THRESHOLD: ind->thresholds = thresholds(p, &ind->nthresholds); break;
        case K_REMEDY: /* 整改 教学及辅助用房面积, 在校生数 */
            do {
                if (ind->nremedies && p->tok.kind == T_COMMA) advance(p);
                Expr *name = new_expr(p, E_NAME, p->tok);
                name->name = ident(p);
                PUSH(p, ind->remedies, ind->nremedies, name);
            } while (p->tok.kind == T_COMMA);
            break;
        default: ind->cond = expression(p); break;
        }
    }
    expect_close(p, T_RBRACE, open);
    if (!seen[K_SCOPE]) ind->scope = LV_SCHOOL;
    PUSH(p, p->rs->indicators, p->rs->nindicators, ind);
}

/* fieldtype -> '整数' | '数值' | '比例' | '布尔' | '文本' | '枚举' '(' namelist ')'
 *            | NAME   (a word list: 词表 NAME, in this file or another) */
static void field_type(Parser *p, FieldDecl *f)
{
    static const struct { TokKind tok; DeclType decl; ValueType type; } types[] = {
        {K_INT, DECL_INT, TY_NUM}, {K_NUM, DECL_NUM, TY_NUM}, {K_RATIO, DECL_RATIO, TY_NUM},
        {K_BOOL, DECL_BOOL, TY_BOOL}, {K_ENUM, DECL_ENUM, TY_ENUM}, {K_TEXT, DECL_TEXT, TY_TEXT},
    };
    if (p->tok.kind == T_IDENT) {
        f->decl = DECL_WORDS;
        f->type = TY_ENUM;
        f->type_name = new_expr(p, E_NAME, p->tok);
        f->type_name->name = ident(p);
        return;
    }
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        if (p->tok.kind != types[i].tok) continue;
        advance(p);
        f->decl = types[i].decl;
        f->type = types[i].type;
        if (f->decl == DECL_ENUM) {
            Token open = p->tok;
            expect(p, T_LPAREN);
            int n;
            Expr **names = name_list(p, &n);
            expect_close(p, T_RPAREN, open);
            f->words = arena_alloc(&p->rs->arena, (size_t)n * sizeof *f->words);
            for (int k = 0; k < n; k++) f->words[k] = names[k]->name;
            f->nwords = n;
        }
        return;
    }
    fail_expected(p, msg_ref(MSG_PARSE_EXPECTED_TYPE));
}

/* An alias of a word as a dataset writes it: a name, a number as written, or a quoted text. */
static char *alias(Parser *p)
{
    if (p->tok.kind == T_STRING) return string(p);
    if (p->tok.kind != T_IDENT && p->tok.kind != T_NUMBER)
        fail_expected(p, msg_ref(MSG_PARSE_EXPECTED_ALIAS));
    advance(p);
    return token_text(p, p->prev);
}

/* words -> '词表' NAME '{' word {'<' word} '}'
 * word  -> NAME ['(' alias {',' alias} ')']
 * An ordered list of words, lowest first; the aliases in parentheses are
 * other spellings a dataset may use for the word before them. */
static void word_list(Parser *p)
{
    WordList *wl = arena_alloc(&p->rs->arena, sizeof *wl);
    wl->index = p->rs->nword_lists;
    advance(p);
    wl->span = span_of(p, p->tok);
    wl->name = ident(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    do {
        char *word = ident(p);
        int n = wl->nwords;
        PUSH(p, wl->words, wl->nwords, word);
        if (p->tok.kind != T_LPAREN) continue;
        Token aopen = p->tok;
        advance(p);
        do {
            char *spelling = alias(p);
            int k = wl->naliases;
            PUSH(p, wl->alias_word, k, n);
            PUSH(p, wl->aliases, wl->naliases, spelling);
        } while (accept(p, T_COMMA));
        expect_close(p, T_RPAREN, aopen);
    } while (accept(p, T_LT));
    expect_close(p, T_RBRACE, open);
    PUSH(p, p->rs->word_lists, p->rs->nword_lists, wl);
}

/* defaults -> STAGE literal {',' STAGE literal} | expr
 * (a stage word is told from an expression by the literal after it) */
static void field_defaults(Parser *p, FieldDecl *f)
{
    TokKind after = p->tok.kind == T_IDENT ? peek_kind(p) : T_EOF;
    int keyed = after == T_NUMBER || after == K_TRUE || after == K_FALSE || after == T_MINUS;
    do {
        Expr *key = NULL;
        if (keyed) {
            key = new_expr(p, E_NAME, p->tok);
            key->name = ident(p);
        }
        Expr *value = keyed ? unary(p) : expression(p);
        int n = f->ndefaults;
        PUSH(p, f->default_keys, n, key);
        PUSH(p, f->defaults, f->ndefaults, value);
    } while (keyed && accept(p, T_COMMA));
}

/* factor -> ['×' NUMBER]: what a heading's values are multiplied by (1 when
 * not given); a factor must be a positive number. */
static double factor(Parser *p)
{
    if (!accept(p, T_STAR)) return 1;
    if (p->tok.kind != T_NUMBER) fail_expected(p, tok_kind_name(T_NUMBER));
    double x = p->tok.num;
    if (!(x > 0)) {
        diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_FACTOR);
        fail(p);
    }
    advance(p);
    return x;
}

/* aliases -> STRING factor {',' STRING factor} */
static void field_aliases(Parser *p, FieldDecl *f)
{
    do {
        FieldAlias a = {.span = span_of(p, p->tok)};
        a.heading = string(p);
        a.factor = factor(p);
        PUSH(p, f->aliases, f->naliases, a);
    } while (accept(p, T_COMMA));
}

/* import -> '导入' NAME '按' LEVEL '{' {STRING [STAGE] FIELD factor} '}'
 * An import profile: each column of the wide table NAME (a heading) fills
 * a field of LEVEL's unit (学校 or 县级), of the stage named first when
 * there is one; the checker resolves the names. */
static void import_profile(Parser *p)
{
    Profile *pf = arena_alloc(&p->rs->arena, sizeof *pf);
    advance(p);
    pf->span = span_of(p, p->tok);
    pf->name = ident(p);
    pf->level = LV_NONE;
    expect(p, K_BY);
    pf->level_name = new_expr(p, E_NAME, p->tok);
    pf->level_name->name = ident(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    while (p->tok.kind == T_STRING) {
        ProfileColumn c = {.span = span_of(p, p->tok), .stage = -1};
        c.heading = string(p);
        Expr *first = new_expr(p, E_NAME, p->tok);
        first->name = ident(p);
        if (p->tok.kind == T_IDENT) {
            c.stage_name = first;
            c.field_name = new_expr(p, E_NAME, p->tok);
            c.field_name->name = ident(p);
        } else {
            c.field_name = first;
        }
        c.factor = factor(p);
        PUSH(p, pf->columns, pf->ncolumns, c);
    }
    expect_close(p, T_RBRACE, open);
    PUSH(p, p->rs->profiles, p->rs->nprofiles, pf);
}

static double signed_number(Parser *p)
{
    int minus = accept(p, T_MINUS);
    if (p->tok.kind != T_NUMBER) fail_expected(p, tok_kind_name(T_NUMBER));
    double x = p->tok.num;
    advance(p);
    return minus ? -x : x;
}

/* bounds -> [['-'] NUMBER] '..' [['-'] NUMBER]   (written 0.. , 0..1 , ..100) */
static Bounds bounds(Parser *p)
{
    Bounds b = {1, NAN, NAN};
    Token at = p->tok;
    if (p->tok.kind == T_MINUS || p->tok.kind == T_NUMBER) b.lo = signed_number(p);
    if (p->tok.kind != T_DOT || peek_kind(p) != T_DOT) fail_expected(p, "'..'");
    advance(p);
    advance(p);
    if (p->tok.kind == T_MINUS || p->tok.kind == T_NUMBER) b.hi = signed_number(p);
    if (b.lo > b.hi) {
        diag_at(p->diags, DIAG_ERROR, p->src, at.start, MSG_PARSE_BOUNDS);
        fail(p);
    }
    return b;
}

static int is_value_check(TokKind k)
{
    return k == K_RANGE || k == K_PLAUSIBLE || k == K_HINT || k == K_SUM_OF;
}

/* check -> '取值范围' bounds | '合理范围' ['生均'] bounds | '提示' STRING
 *        | '核对合计' LEVEL '.' FIELD '容差' NUMBER
 * What a dataset's value of the field is checked against when it is read
 * (datacheck.h): a value outside 取值范围 is an error; outside 合理范围 (per pupil
 * with 生均) a warning naming the 提示; a stage field with 核对合计 must equal
 * the sum of FIELD over the stage's LEVEL records within 容差 (a number of
 * units, or a share of the field's value when written with %). */
static void value_check(Parser *p, FieldDecl *f, Token kw)
{
    switch (kw.kind) {
    case K_RANGE: f->range = bounds(p); break;
    case K_PLAUSIBLE:
        f->per_pupil = accept(p, K_PER_PUPIL);
        f->plausible = bounds(p);
        break;
    case K_HINT: f->hint = string(p); break;
    default:
        f->sum_level = new_expr(p, E_NAME, p->tok);
        f->sum_level->name = ident(p);
        expect(p, T_DOT);
        f->sum_name = new_expr(p, E_NAME, p->tok);
        f->sum_name->name = ident(p);
        expect(p, K_TOLERANCE);
        if (p->tok.kind != T_NUMBER) fail_expected(p, tok_kind_name(T_NUMBER));
        f->sum_tolerance = p->tok.num;
        f->sum_relative = p->tok.percent;
        advance(p);
        break;
    }
}

/* The fields of level lv, or of the level named name when the rule set
 * declares it later (lv is then LV_NONE, and the checker resolves name);
 * record_columns: the fields of a 记录 declaration, its layout.
 * field -> NAME fieldtype ['(' UNIT ')'] {'分摊' | '默认' defaults | '说明' STRING | '也称' aliases | check}
 *          (each at most once, in any order) */
static void field_block(Parser *p, Level lv, Expr *name, int record_columns)
{
    Token open = p->tok;
    expect(p, T_LBRACE);
    while (p->tok.kind == T_IDENT) {
        FieldDecl *f = arena_alloc(&p->rs->arena, sizeof *f);
        f->span = span_of(p, p->tok);
        f->name = ident(p);
        f->level = lv;
        f->level_name = lv == LV_NONE ? name : NULL;
        f->record_column = record_columns;
        field_type(p, f);
        if (p->tok.kind == T_LPAREN) {
            Token uopen = p->tok;
            advance(p);
            f->unit = ident(p);
            expect_close(p, T_RPAREN, uopen);
        }
        size_t seen[T_COUNT] = {0};
        while (p->tok.kind == K_SPLIT || p->tok.kind == K_DEFAULT || p->tok.kind == K_DESCRIPTION ||
               p->tok.kind == K_ALIAS || is_value_check(p->tok.kind)) {
            Token kw = p->tok;
            once(p, &seen[kw.kind], kw);
            advance(p);
            if (kw.kind == K_SPLIT) f->split = 1;
            else if (kw.kind == K_DESCRIPTION) f->description = string(p);
            else if (kw.kind == K_ALIAS) field_aliases(p, f);
            else if (kw.kind == K_DEFAULT) field_defaults(p, f);
            else value_check(p, f, kw);
        }
        PUSH(p, p->rs->fields, p->rs->nfields, f);
    }
    expect_close(p, T_RBRACE, open);
}

/* fields -> '字段' LEVEL '{' {field} '}'
 * LEVEL is 县级, 学校, 学段 or a record level (记录), in this file or another. */
static void fields(Parser *p)
{
    advance(p);
    Expr *name = new_expr(p, E_NAME, p->tok);
    name->name = ident(p);
    field_block(p, level_by_name(p->rs, name->name), name, 0);
}

/* record -> '记录' NAME '属于' ('学校' | '县级') '{' {field} '}'
 * A level of records below a school or the county: the dataset's list of
 * that name in each school object or in "县级" (JSON), the file NAME.csv
 * (CSV), whose columns are the fields declared here (fields added with
 * 字段 NAME { … } may be left out). A name of the units, or one declared
 * before, is refused. */
static void record(Parser *p)
{
    RuleSet *rs = p->rs;
    advance(p);
    Token at = p->tok;
    char *name = ident(p);
    expect(p, K_IN);
    Token parent_at = p->tok;
    char *parent_name = ident(p);
    Level parent = level_by_name(rs, parent_name);
    Level same = level_by_name(rs, name);
    if (same != LV_NONE && same < LV_RECORDS) {
        diag_at(p->diags, DIAG_ERROR, p->src, at.start, MSG_PARSE_RECORD_UNIT, name);
        fail(p);
    }
    if (same != LV_NONE) {
        Span first = rs->levels[same].span;
        int line, col;
        source_position(first.src, first.start, &line, &col);
        diag_at(p->diags, DIAG_ERROR, p->src, at.start, MSG_CHK_DUP, name, first.src->path, line);
        fail(p);
    }
    if (parent != LV_COUNTY && parent != LV_SCHOOL) {
        diag_at(p->diags, DIAG_ERROR, p->src, parent_at.start, MSG_PARSE_RECORD_PARENT, name, parent_name);
        fail(p);
    }
    if (rs->nlevels == JH_MAX_LEVELS) {
        diag_at(p->diags, DIAG_ERROR, p->src, at.start, MSG_PARSE_TOO_MANY_LEVELS, JH_MAX_LEVELS - LV_RECORDS);
        fail(p);
    }
    Level lv = rs->nlevels++;
    rs->levels[lv] = (LevelDecl){name, parent, span_of(p, at)};
    field_block(p, lv, NULL, 1);
}

/* makeup -> '学段构成' '{' {TYPE ':' stages {'或' stages}} '}'
 * stages -> STAGE {',' STAGE}
 * The stage records a school of each type listed must have: one of the
 * sets given (十二年一贯制: 小学, 初中 或 小学, 初中, 高中). */
static void stage_makeup(Parser *p)
{
    RuleSet *rs = p->rs;
    once_per_rule_set(p, p->tok);
    rs->makeup_span = span_of(p, p->tok);
    advance(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    while (p->tok.kind == T_IDENT) {
        StageMakeup *m = arena_alloc(&rs->arena, sizeof *m);
        m->type = new_expr(p, E_NAME, p->tok);
        m->type->name = ident(p);
        expect(p, T_COLON);
        do {
            do {
                Expr *stage = new_expr(p, E_NAME, p->tok);
                stage->name = ident(p);
                int n = m->nstages;
                PUSH(p, m->set_of, n, m->nsets);
                PUSH(p, m->stages, m->nstages, stage);
            } while (accept(p, T_COMMA));
            m->nsets++;
        } while (accept(p, K_OR));
        PUSH(p, rs->makeups, rs->nmakeups, m);
    }
    expect_close(p, T_RBRACE, open);
}

/* cv -> '差异系数' NAME STRING '{' {'依据' STRING | '指标' namelist
 *       | '加权' expr | '限值' thresholds | '综合限值' thresholds | '综合名称' STRING} '}' */
static void cv(Parser *p)
{
    CvDecl *c = arena_alloc(&p->rs->arena, sizeof *c);
    advance(p);
    c->span = span_of(p, p->tok);
    c->name = ident(p);
    c->title = string(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    size_t seen[T_COUNT] = {0};
    while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
        Token kw = p->tok;
        if (kw.kind != K_SOURCE && kw.kind != K_INDICATOR && kw.kind != K_WEIGHT && kw.kind != K_LIMIT &&
            kw.kind != K_COMPOSITE && kw.kind != K_COMPOSITE_NAME)
            attr_not_here(p, tok_kind_name(K_CV), open);
        once(p, &seen[kw.kind], kw);
        advance(p);
        switch (kw.kind) {
        case K_SOURCE: c->source = string(p); break;
        case K_INDICATOR: c->members = name_list(p, &c->nindicators); break;
        case K_WEIGHT: c->weight = expression(p); break;
        case K_COMPOSITE: c->composite = thresholds(p, &c->ncomposite); break;
        case K_COMPOSITE_NAME: c->composite_name = string(p); break;
        default: c->limits = thresholds(p, &c->nlimits); break;
        }
    }
    expect_close(p, T_RBRACE, open);
    PUSH(p, p->rs->cvs, p->rs->ncvs, c);
}

/* category -> '类别' NAME STRING '{' {'依据' STRING | '包含' namelist} '}' */
static void category(Parser *p)
{
    Category *c = arena_alloc(&p->rs->arena, sizeof *c);
    advance(p);
    c->span = span_of(p, p->tok);
    c->name = ident(p);
    c->title = string(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    size_t seen[T_COUNT] = {0};
    while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
        Token kw = p->tok;
        if (kw.kind != K_SOURCE && kw.kind != K_MEMBERS) attr_not_here(p, tok_kind_name(K_CATEGORY), open);
        once(p, &seen[kw.kind], kw);
        advance(p);
        if (kw.kind == K_SOURCE) c->source = string(p);
        else c->members = name_list(p, &c->nmembers);
    }
    expect_close(p, T_RBRACE, open);
    PUSH(p, p->rs->categories, p->rs->ncategories, c);
}

/* split -> '分摊' '{' {'依据' STRING | '按' NAME | '权重' NAME NUMBER {',' NAME NUMBER}} '}' */
static void split(Parser *p)
{
    RuleSet *rs = p->rs;
    Token kwtok = p->tok;
    if (rs->has_split) {
        int line, col;
        source_position(rs->split_span.src, rs->split_span.start, &line, &col);
        diag_at(p->diags, DIAG_ERROR, p->src, kwtok.start, MSG_PARSE_DUP_ATTR, tok_kind_name(K_SPLIT), line);
        fail(p);
    }
    rs->has_split = 1;
    rs->split_span = span_of(p, kwtok);
    advance(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    size_t seen[T_COUNT] = {0};
    while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
        Token kw = p->tok;
        if (kw.kind != K_SOURCE && kw.kind != K_BY && kw.kind != K_WEIGHTS) attr_not_here(p, tok_kind_name(K_SPLIT), open);
        once(p, &seen[kw.kind], kw);
        advance(p);
        if (kw.kind == K_SOURCE) {
            rs->split_source = string(p);
        } else if (kw.kind == K_BY) {
            rs->split_by_name = new_expr(p, E_NAME, p->tok);
            rs->split_by_name->name = ident(p);
        } else {
            do {
                SplitWeight w = {0};
                w.key = new_expr(p, E_NAME, p->tok);
                w.key->name = ident(p);
                if (p->tok.kind != T_NUMBER) fail_expected(p, tok_kind_name(T_NUMBER));
                w.weight = p->tok.num;
                advance(p);
                PUSH(p, rs->weights, rs->nweights, w);
            } while (accept(p, T_COMMA));
        }
    }
    expect_close(p, T_RBRACE, open);
}

/* literal -> ['-'] NUMBER | '是' | '否' | NAME | STRING */
static Expr *literal(Parser *p)
{
    if (p->tok.kind == T_MINUS || p->tok.kind == T_NUMBER || p->tok.kind == K_TRUE || p->tok.kind == K_FALSE ||
        p->tok.kind == T_IDENT || p->tok.kind == T_STRING)
        return p->tok.kind == T_MINUS ? unary(p) : primary(p);
    fail_expected(p, msg_ref(MSG_PARSE_EXPECTED_VALUE));
}

/* assign -> NAME '=' literal */
static TestValue assignment(Parser *p)
{
    TestValue tv = {0};
    tv.name = new_expr(p, E_NAME, p->tok);
    tv.name->name = ident(p);
    expect(p, T_ASSIGN);
    tv.value = literal(p);
    return tv;
}

/* test    -> '测试' STRING '{' {'指标' NAME | '学段' NAME | '日期' DATE | '数据' data
 *            | '预期' NAME [NAME '.' NAME]} '}'
 * data    -> '{' {assign [','] | NAME '{' assign {',' assign} '}'} '}' */
static void test_declaration(Parser *p)
{
    RuleTest *t = arena_alloc(&p->rs->arena, sizeof *t);
    t->span = span_of(p, p->tok);
    advance(p);
    t->title = string(p);
    Token open = p->tok;
    expect(p, T_LBRACE);
    while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
        Token kw = p->tok;
        if (kw.kind == K_INDICATOR) {
            advance(p);
            t->indicator_name = new_expr(p, E_NAME, p->tok);
            t->indicator_name->name = ident(p);
        } else if (kw.kind == T_IDENT && kw.len == strlen(DS_KEY_STAGE) &&
                   memcmp(p->src->text + kw.start, DS_KEY_STAGE, kw.len) == 0) {
            advance(p);
            t->stage_name = new_expr(p, E_NAME, p->tok);
            t->stage_name->name = ident(p);
        } else if (kw.kind == T_IDENT && kw.len == strlen("日期") && memcmp(p->src->text + kw.start, "日期", kw.len) == 0) {
            advance(p);
            t->date = date(p);
        } else if (kw.kind == K_DATA) {
            advance(p);
            Token dopen = p->tok;
            expect(p, T_LBRACE);
            while (p->tok.kind == T_IDENT) {
                if (peek_kind(p) == T_LBRACE) {
                    TestRow row = {0};
                    row.level_name = new_expr(p, E_NAME, p->tok);
                    row.level_name->name = ident(p);
                    Token ropen = p->tok;
                    expect(p, T_LBRACE);
                    do {
                        TestValue tv = assignment(p);
                        PUSH(p, row.values, row.nvalues, tv);
                    } while (accept(p, T_COMMA));
                    expect_close(p, T_RBRACE, ropen);
                    PUSH(p, t->rows, t->nrows, row);
                } else {
                    TestValue tv = assignment(p);
                    PUSH(p, t->values, t->nvalues, tv);
                }
                accept(p, T_COMMA);
            }
            expect_close(p, T_RBRACE, dopen);
        } else if (kw.kind == K_EXPECT) {
            advance(p);
            t->status_name = new_expr(p, E_NAME, p->tok);
            t->status_name->name = ident(p);
            if (p->tok.kind == T_IDENT) {
                Token first = p->tok;
                advance(p);
                expect(p, T_DOT);
                ident(p);
                t->clause_name = new_expr(p, E_NAME, first);
                t->clause_name->name = arena_strndup(&p->rs->arena, p->src->text + first.start,
                                                     p->prev.start + p->prev.len - first.start);
            }
        } else {
            attr_not_here(p, tok_kind_name(K_TEST), open);
        }
    }
    expect_close(p, T_RBRACE, open);
    PUSH(p, p->rs->tests, p->rs->ntests, t);
}

/* limits -> NAME NUMBER {',' NAME NUMBER}   (指令, 内存 (MiB), 时间 (秒))
 * Each budget is above 0 and within the engine's ceiling, the instructions
 * a whole number: a rule file cannot let a script run unbounded. */
static void script_limits(Parser *p)
{
    static const struct { const char *zh, *en; double ceiling; int whole; } limits[] = {
        {"指令", "instructions", (double)JH_MAX_LUA_INSTRUCTIONS, 1},
        {"内存", "memory", JH_MAX_LUA_MEMORY_MIB, 0},
        {"时间", "seconds", JH_MAX_LUA_SECONDS, 0},
    };
    _Static_assert(sizeof limits / sizeof *limits == sizeof p->rs->limits / sizeof *p->rs->limits, "one ceiling a limit");
    p->rs->limits_span = span_of(p, p->prev);
    do {
        Token at = p->tok;
        char *name = ident(p);
        int k;
        for (k = 0; k < 3; k++)
            if (strcmp(name, limits[k].zh) == 0 || strcmp(name, limits[k].en) == 0) break;
        if (k == 3) {
            diag_at(p->diags, DIAG_ERROR, p->src, at.start, MSG_PARSE_LIMIT, name);
            fail(p);
        }
        if (p->tok.kind != T_NUMBER) fail_expected(p, tok_kind_name(T_NUMBER));
        double x = p->tok.num;
        if (!isfinite(x) || x <= 0 || x > limits[k].ceiling || (limits[k].whole && x != floor(x))) {
            const char *kind = msg_ref(limits[k].whole ? MSG_PARSE_LIMIT_WHOLE : MSG_PARSE_LIMIT_NUMBER);
            diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_LIMIT_RANGE, name, kind, limits[k].ceiling);
            fail(p);
        }
        p->rs->limits[k] = x;
        advance(p);
    } while (accept(p, T_COMMA));
}

/* paramvalue -> expr | STAGE literal {',' STAGE literal} */
static void param_value(Parser *p, ParamVersion *v)
{
    v->span = span_of(p, p->tok);
    if (p->tok.kind == T_IDENT && (peek_kind(p) == T_NUMBER || peek_kind(p) == T_MINUS)) {
        do {
            Expr *key = new_expr(p, E_NAME, p->tok);
            key->name = ident(p);
            Expr *value = unary(p);
            int n = v->nkeys;
            PUSH(p, v->keys, n, key);
            PUSH(p, v->values, v->nkeys, value);
        } while (accept(p, T_COMMA));
    } else {
        v->expr = expression(p);
    }
}

/* datedparam -> '{' {'依据' STRING | '自' DATE '=' paramvalue} '}' */
static void dated_param(Parser *p, Param *pm)
{
    Token open = p->tok;
    expect(p, T_LBRACE);
    size_t seen = 0;
    while (p->tok.kind != T_RBRACE && p->tok.kind != T_EOF) {
        Token kw = p->tok;
        if (kw.kind == K_SOURCE) {
            once(p, &seen, kw);
            advance(p);
            pm->source = string(p);
        } else if (kw.kind == K_FROM) {
            advance(p);
            ParamVersion v = {0};
            v.from = date(p);
            expect(p, T_ASSIGN);
            param_value(p, &v);
            PUSH(p, pm->versions, pm->nversions, v);
        } else {
            attr_not_here(p, tok_kind_name(K_PARAM), open);
        }
    }
    expect_close(p, T_RBRACE, open);
}

/* declaration -> ruleset | fields | record | import | param | define | indicator | cv
 *              | category | split | stages | tolerance
 * ruleset   -> '规则集' (NAME | STRING)
 * param     -> '参数' NAME ('=' paramvalue | datedparam)
 * define    -> '定义' NAME '=' expr
 * stages    -> '评估学段' namelist
 * tolerance -> '容差' NUMBER
 * scriptlimits -> '脚本限制' limits */
static void declaration(Parser *p)
{
    RuleSet *rs = p->rs;
    Token kw = p->tok;
    if (p->tests_only && kw.kind != K_TEST) {
        diag_at(p->diags, DIAG_ERROR, p->src, kw.start, MSG_PARSE_TEST_FILE, found(p));
        fail(p);
    }
    switch (kw.kind) {
    case K_RULESET:
        once_per_rule_set(p, kw);
        advance(p);
        rs->name = p->tok.kind == T_STRING ? string(p) : ident(p);
        break;
    case K_FIELDS: fields(p); break;
    case K_RECORD: record(p); break;
    case K_IMPORT: import_profile(p); break;
    case K_WORDS: word_list(p); break;
    case K_PARAM: {
        advance(p);
        Param *pm = arena_alloc(&rs->arena, sizeof *pm);
        pm->span = span_of(p, p->tok);
        pm->name = ident(p);
        if (p->tok.kind == T_LBRACE) {
            dated_param(p, pm);
        } else {
            expect(p, T_ASSIGN);
            ParamVersion v = {0};
            param_value(p, &v);
            pm->expr = v.expr;
            pm->keys = v.keys;
            pm->values = v.values;
            pm->nkeys = v.nkeys;
        }
        PUSH(p, rs->params, rs->nparams, pm);
        break;
    }
    case K_DEFINE: {
        advance(p);
        Define *d = arena_alloc(&rs->arena, sizeof *d);
        d->span = span_of(p, p->tok);
        d->name = ident(p);
        expect(p, T_ASSIGN);
        d->expr = expression(p);
        PUSH(p, rs->defines, rs->ndefines, d);
        break;
    }
    case K_INDICATOR: indicator(p); break;
    case K_CV: cv(p); break;
    case K_CATEGORY: category(p); break;
    case K_TEST: test_declaration(p); break;
    case K_SPLIT: split(p); break;
    case K_STAGE_MAKEUP: stage_makeup(p); break;
    case K_STAGES:
        once_per_rule_set(p, kw);
        advance(p);
        rs->stage_names = name_list(p, &rs->nstages);
        break;
    case K_SCRIPT_LIMITS:
        once_per_rule_set(p, kw);
        advance(p);
        script_limits(p);
        break;
    case K_TOLERANCE:
        once_per_rule_set(p, kw);
        advance(p);
        if (p->tok.kind != T_NUMBER) fail_expected(p, tok_kind_name(T_NUMBER));
        /* Relative: at 1 or more every two numbers of a sign compare equal. */
        if (!isfinite(p->tok.num) || p->tok.num >= 1) {
            diag_at(p->diags, DIAG_ERROR, p->src, p->tok.start, MSG_PARSE_TOLERANCE);
            fail(p);
        }
        rs->tolerance = p->tok.num;
        advance(p);
        break;
    default:
        diag_at(p->diags, DIAG_ERROR, p->src, kw.start, MSG_PARSE_DECL, found(p));
        fail(p);
    }
}

static int starts_declaration(TokKind k)
{
    return k == K_RULESET || k == K_FIELDS || k == K_RECORD || k == K_WORDS || k == K_PARAM || k == K_DEFINE || k == K_INDICATOR ||
           k == K_CV || k == K_CATEGORY || k == K_SPLIT || k == K_STAGES || k == K_TOLERANCE || k == K_TEST ||
           k == K_SCRIPT_LIMITS || k == K_STAGE_MAKEUP;
}

/* file -> {declaration} EOF */
static void parse(RuleSet *rs, Source *src, DiagList *diags, int tests_only)
{
    source_index(src); /* diagnostics and repeated attributes need positions */
    /* On the heap: its fields change between setjmp and longjmp. */
    Parser *p = arena_alloc(&rs->arena, sizeof *p);
    p->tests_only = tests_only;
    p->src = src;
    p->rs = rs;
    p->diags = diags;
    lex_init(&p->lx, src, diags);
    p->tok = lex_next(&p->lx);
    while (p->tok.kind != T_EOF) {
        p->decl_start = p->tok.start;
        if (setjmp(p->recover)) {
            /* Panic mode: skip to the next declaration at brace depth 0,
             * always past the token the failed declaration started at. */
            p->depth = 0;
            if (p->tok.start == p->decl_start && p->tok.kind != T_EOF) advance(p);
            while (p->tok.kind != T_EOF &&
                   !(starts_declaration(p->tok.kind) && (p->braces <= 0 || at_line_start(p, p->tok))))
                advance(p);
            p->braces = 0;
            continue;
        }
        declaration(p);
        assert(p->depth == 0); /* every level entered was left */
    }
}

void parse_source(RuleSet *rs, Source *src, DiagList *diags)
{
    parse(rs, src, diags, 0);
}

void parse_tests(RuleSet *rs, Source *src, DiagList *diags)
{
    parse(rs, src, diags, 1);
}
