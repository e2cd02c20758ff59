/* jsontree.c — one JSON value into an arena-built tree (see jsontree.h).
 * The parser is a loop over three states with an explicit stack of the
 * arrays and objects open, so nesting costs no C stack. */
#include "jsontree.h"
#include "limits.h"
#include <float.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* The tree is carved from pieces of the arena this large: a call to the
 * arena per piece, not per node. */
#define PIECE 4096

typedef struct Parser {
    const unsigned char *t;
    size_t len;
    Arena *arena;
    size_t limit, used;
    char *spare, *spare_end; /* what is left of the current piece */
    size_t error_at;
} Parser;

/* n bytes for the tree, rounded to 8 (what a node needs) and counted as
 * such; NULL past the limit. */
static void *take(Parser *p, size_t n)
{
    size_t size = (n + 7) & ~(size_t)7;
    if (size > p->limit - p->used) return NULL;
    p->used += size;
    if ((size_t)(p->spare_end - p->spare) < size) {
        size_t piece = size > PIECE ? size : PIECE;
        p->spare = arena_alloc_raw(p->arena, piece);
        p->spare_end = p->spare + piece;
    }
    void *got = p->spare;
    p->spare += size;
    return got;
}

static JsonStatus syntax_error(Parser *p, size_t at)
{
    p->error_at = at;
    return JSON_SYNTAX;
}

/* The offset of the first byte from i on that is not JSON white space. */
static size_t skip_space(const Parser *p, size_t i)
{
    while (i < p->len && (p->t[i] == ' ' || p->t[i] == '\n' || p->t[i] == '\r' || p->t[i] == '\t')) i++;
    return i;
}

static int is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* The four hex digits at t[i..end) as *cp; 0 when they are not. */
static int hex4(const unsigned char *t, size_t i, size_t end, unsigned *cp)
{
    if (end - i < 4) return 0;
    unsigned v = 0;
    for (size_t k = i; k < i + 4; k++) {
        unsigned char c = t[k];
        unsigned d = is_digit(c) ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? c - 'a' + 10u : c >= 'A' && c <= 'F' ? c - 'A' + 10u : 16u;
        if (d == 16) return 0;
        v = v * 16 + d;
    }
    *cp = v;
    return 1;
}

static size_t utf8_encode(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* unescape's result for a \u0000: valid JSON, but no text of ours. */
#define NUL_ESCAPE ((size_t)-2)

/* Writes the unescaped text of the string body t[from..to) (its escapes
 * paired already) to out; returns its length, or (size_t)-1 with
 * p->error_at at the backslash of an escape that is wrong (NUL_ESCAPE at
 * a \u0000). */
static size_t unescape(Parser *p, size_t from, size_t to, char *out)
{
    const unsigned char *t = p->t;
    size_t n = 0;
    for (size_t k = from; k < to;) {
        if (t[k] != '\\') {
            out[n++] = (char)t[k++];
            continue;
        }
        size_t esc = k;
        unsigned char c = t[k + 1];
        k += 2;
        switch (c) {
        case '"': case '\\': case '/': out[n++] = (char)c; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp, low;
            if (!hex4(t, k, to, &cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) goto wrong;
            if (cp == 0) {
                p->error_at = esc;
                return NUL_ESCAPE;
            }
            k += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) { /* a high surrogate: its low one must follow */
                if (to - k < 6 || t[k] != '\\' || t[k + 1] != 'u' || !hex4(t, k + 2, to, &low) || low < 0xDC00 || low > 0xDFFF)
                    goto wrong;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                k += 6;
            }
            n += utf8_encode(cp, out + n);
            break;
        }
        default:
            goto wrong;
        }
        continue;
    wrong:
        p->error_at = esc;
        return (size_t)-1;
    }
    return n;
}

#ifdef __SSE2__
/* The index of the first '"', '\\' or control character among the 16
 * bytes at t; 16 when there is none. */
static unsigned special_in_16(const unsigned char *t)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)t);
    __m128i quote = _mm_cmpeq_epi8(v, _mm_set1_epi8('"')), backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control));
    return mask ? (unsigned)__builtin_ctz(mask) : 16;
}
#endif

/* Parses the string whose '"' is at *i into *out (*n bytes); *i ends past
 * its closing '"'. Plain text is skipped 16 bytes at a time where SSE2 is
 * (every x86-64). */
static JsonStatus parse_string(Parser *p, size_t *i, const char **out, uint32_t *n)
{
    const unsigned char *t = p->t;
    size_t from = *i + 1, k = from;
    int escaped = 0;
    for (;;) {
#ifdef __SSE2__
        for (unsigned plain = 16; plain == 16 && p->len - k >= 16; k += plain) plain = special_in_16(t + k);
#endif
        if (k >= p->len) return JSON_MORE;
        unsigned char c = t[k];
        if (c == '"') break;
        if (c < 0x20) return syntax_error(p, k); /* a control character must be escaped */
        if (c == '\\') {
            escaped = 1;
            k += 2;
        } else {
            k++;
        }
    }
    char *s = take(p, k - from + 1); /* unescaped, a string is no longer */
    if (!s) return JSON_TOO_BIG;
    size_t len = k - from;
    if (!escaped) memcpy(s, t + from, len);
    else if ((len = unescape(p, from, k, s)) == (size_t)-1) return JSON_SYNTAX;
    else if (len == NUL_ESCAPE) return JSON_NUL;
    s[len] = '\0';
    *out = s;
    *n = (uint32_t)len;
    *i = k + 1;
    return JSON_COMPLETE;
}

/* The powers of ten a double holds exactly (10^23 needs 54 bits). */
static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                     1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/* The number at *i (its first byte '-' or a digit) into *out; *i ends past
 * it. Its value is exactly what strtod gives: a mantissa of at most 19
 * digits that fits 53 bits, times or divided by an exact power of ten up to
 * 10^22, is one correctly rounded operation (Clinger's fast path); any
 * other number is given to strtod (the process runs in the C locale: '.'). */
static JsonStatus parse_number(Parser *p, size_t *i, double *out)
{
    const unsigned char *t = p->t;
    size_t len = p->len, start = *i, k = start;
    int negative = t[k] == '-';
    k += (size_t)negative;
    if (k >= len) return JSON_MORE;
    if (!is_digit(t[k])) return syntax_error(p, start);
    uint64_t mantissa = 0;
    int digits = 0, exact = 1; /* digits: significant ones in mantissa */
    long exp10 = 0;
    if (t[k] == '0') {
        k++;
        if (k < len && is_digit(t[k])) return syntax_error(p, start); /* no leading zeros */
    } else {
        for (; k < len && is_digit(t[k]); k++) {
            if (digits < 19) mantissa = mantissa * 10 + (t[k] - '0'), digits++;
            else exact = 0;
        }
    }
    if (k < len && t[k] == '.') {
        k++;
        if (k < len && !is_digit(t[k])) return syntax_error(p, start);
        for (; k < len && is_digit(t[k]); k++) {
            if (mantissa == 0 && t[k] == '0') exp10--; /* a leading zero of the fraction */
            else if (digits < 19) mantissa = mantissa * 10 + (t[k] - '0'), digits++, exp10--;
            else exact = 0;
        }
    }
    if (k < len && (t[k] == 'e' || t[k] == 'E')) {
        k++;
        int sign = 1;
        if (k < len && (t[k] == '+' || t[k] == '-')) sign = t[k++] == '-' ? -1 : 1;
        if (k < len && !is_digit(t[k])) return syntax_error(p, start);
        long e = 0;
        for (; k < len && is_digit(t[k]); k++)
            if (e < 100000) e = e * 10 + (t[k] - '0'); /* far past any double: strtod decides */
        exp10 += sign * e;
    }
    if (k >= len) return JSON_MORE; /* the number may go on */
    *i = k;
#if FLT_EVAL_METHOD == 0 /* each operation rounds to double */
    if (mantissa == 0) {
        *out = negative ? -0.0 : 0.0;
        return JSON_COMPLETE;
    }
    if (exact && mantissa <= (uint64_t)1 << 53 && exp10 >= -22 && exp10 <= 22) {
        double x = (double)mantissa;
        x = exp10 < 0 ? x / pow10_exact[-exp10] : x * pow10_exact[exp10];
        *out = negative ? -x : x;
        return JSON_COMPLETE;
    }
#endif
    size_t n = k - start;
    char small[64], *copy = n < sizeof small ? small : xmalloc(n + 1);
    memcpy(copy, t + start, n);
    copy[n] = '\0';
    *out = strtod(copy, NULL);
    if (copy != small) free(copy);
    return JSON_COMPLETE;
}

/* The literal word at *i, when the text has it there. */
static JsonStatus parse_literal(Parser *p, size_t *i, const char *word)
{
    size_t n = strlen(word), have = p->len - *i;
    if (have < n) return memcmp(p->t + *i, word, have) == 0 ? JSON_MORE : syntax_error(p, *i);
    if (memcmp(p->t + *i, word, n) != 0) return syntax_error(p, *i);
    *i += n;
    return JSON_COMPLETE;
}

JsonStatus json_parse(const char *text, size_t len, Arena *arena, size_t limit, JsonTree *out)
{
    if (len > UINT32_MAX) len = UINT32_MAX;
    Parser p = {(const unsigned char *)text, len, arena, limit, 0, NULL, NULL, 0};
    const unsigned char *t = p.t;
    JsonNode *open[JH_MAX_JSON_DEPTH]; /* the arrays and objects being read, outermost first */
    int depth = 0;
    JsonNode *root = NULL, **link = &root; /* where the next node goes */
    const char *key = NULL;                /* the member's key whose value comes next */
    uint32_t key_len = 0;
    size_t key_at = 0;
    enum { VALUE, MEMBER, AFTER } state = VALUE;
    JsonStatus st = JSON_COMPLETE;
    size_t i = skip_space(&p, 0);
    memset(out, 0, sizeof *out);
    for (;;) {
        if (state == AFTER) { /* a value was read: the end, or ',' and the next, or its parent closes */
            if (depth == 0) {
                out->root = root;
                out->end = i;
                out->used = p.used;
                return JSON_COMPLETE;
            }
            i = skip_space(&p, i);
            if (i >= len) return JSON_MORE;
            JsonNode *parent = open[depth - 1];
            if (t[i] == ',') {
                i = skip_space(&p, i + 1);
                state = parent->type == JSON_OBJECT ? MEMBER : VALUE;
            } else if (t[i] == (parent->type == JSON_OBJECT ? '}' : ']')) {
                i++;
                depth--;
                link = &parent->next;
            } else {
                st = syntax_error(&p, i);
                break;
            }
            continue;
        }
        if (i >= len) return JSON_MORE;
        if (state == MEMBER) { /* a key and ':' */
            if (t[i] != '"') {
                st = syntax_error(&p, i);
                break;
            }
            key_at = i;
            if ((st = parse_string(&p, &i, &key, &key_len)) != JSON_COMPLETE) break;
            i = skip_space(&p, i);
            if (i >= len) return JSON_MORE;
            if (t[i] != ':') {
                st = syntax_error(&p, i);
                break;
            }
            i = skip_space(&p, i + 1);
            state = VALUE;
            continue;
        }
        JsonNode *node = take(&p, sizeof *node);
        if (!node) return JSON_TOO_BIG;
        node->child = node->next = NULL;
        node->key = key;
        node->key_len = key_len;
        node->str_len = 0;
        node->at = (uint32_t)(key ? key_at : i);
        key = NULL;
        key_len = 0;
        *link = node;
        link = &node->next;
        state = AFTER;
        unsigned char c = t[i];
        if (c == '{' || c == '[') {
            if (depth == JH_MAX_JSON_DEPTH) {
                p.error_at = i;
                st = JSON_TOO_DEEP;
                break;
            }
            node->type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
            node->str = NULL;
            open[depth++] = node;
            link = &node->child;
            i = skip_space(&p, i + 1);
            if (i >= len) return JSON_MORE;
            if (t[i] == (c == '{' ? '}' : ']')) { /* empty */
                i++;
                depth--;
                link = &node->next;
            } else {
                state = c == '{' ? MEMBER : VALUE;
            }
        } else if (c == '"') {
            node->type = JSON_STRING;
            st = parse_string(&p, &i, &node->str, &node->str_len);
        } else if (c == '-' || is_digit(c)) {
            node->type = JSON_NUMBER;
            st = parse_number(&p, &i, &node->num);
        } else if (c == 't' || c == 'f' || c == 'n') {
            node->type = c == 't' ? JSON_TRUE : c == 'f' ? JSON_FALSE : JSON_NULL;
            node->str = NULL;
            st = parse_literal(&p, &i, c == 't' ? "true" : c == 'f' ? "false" : "null");
        } else {
            st = syntax_error(&p, i);
        }
        if (st != JSON_COMPLETE) break;
    }
    out->error_at = p.error_at;
    out->used = p.used;
    return st;
}

const JsonNode *json_member(const JsonNode *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT) return NULL;
    for (const JsonNode *m = obj->child; m; m = m->next) /* as C strings: a key holds no NUL */
        if (m->key[0] == key[0] && strcmp(m->key, key) == 0) return m;
    return NULL;
}
