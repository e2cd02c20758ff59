/* values.c — enumeration words and text-to-value conversion (see values.h). */
#include "values.h"
#include "dataset.h"
#include "msg.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Whether s[0..len) spells word exactly (case: folded when fold). */
static int spells(const char *s, size_t len, const char *word, int fold)
{
    return strlen(word) == len && (fold ? strncasecmp(s, word, len) : strncmp(s, word, len)) == 0;
}

/* field_word for a text of len bytes, not NUL-terminated: a word, or an
 * alias its word list declares. */
static int word_of(const FieldDecl *f, const char *word, size_t len)
{
    for (int i = 0; i < f->nwords; i++)
        if (spells(word, len, f->words[i], 0)) return i;
    for (int i = 0; f->list && i < f->list->naliases; i++)
        if (spells(word, len, f->list->aliases[i], 0)) return f->list->alias_word[i];
    return -1;
}

int field_word(const FieldDecl *f, const char *word)
{
    return word_of(f, word, strlen(word));
}

char *field_words(Arena *a, const FieldDecl *f)
{
    size_t n = 1;
    for (int i = 0; i < f->nwords; i++) n += strlen(f->words[i]) + 1;
    char *s = arena_alloc(a, n);
    for (int i = 0; i < f->nwords; i++) {
        if (i) strcat(s, "\n");
        strcat(s, f->words[i]);
    }
    return s;
}

const char *field_expected(const FieldDecl *f)
{
    static const MsgId names[] = {
        [DECL_INT] = MSG_FIELD_INT, [DECL_NUM] = MSG_FIELD_NUM, [DECL_RATIO] = MSG_FIELD_RATIO,
        [DECL_BOOL] = MSG_FIELD_BOOL, [DECL_ENUM] = MSG_FIELD_ENUM, [DECL_TEXT] = MSG_FIELD_TEXT,
    };
    if (f->decl == DECL_WORDS) return f->list->expected;
    return msg_ref(names[f->decl]);
}

int number_fits(const FieldDecl *f, double x)
{
    if (!isfinite(x)) return -1;
    if (f->decl == DECL_INT && (x < 0 || x != floor(x))) return -1;
    if (f->decl == DECL_RATIO && (x < 0 || x > 1)) return -1; /* 95 means 95% and is reported */
    return 0;
}

/* A comma between digits separating a group of exactly three digits. */
static int thousands_separator(const char *s, const char *p, const char *end)
{
    if (p == s || !isdigit((unsigned char)p[-1]) || end - p < 4) return 0;
    for (int k = 1; k <= 3; k++)
        if (!isdigit((unsigned char)p[k])) return 0;
    return p + 4 == end || !isdigit((unsigned char)p[4]);
}

/* The full-width forms Chinese input methods type in numbers (０–９ ．，
 * ％ ＋ －) as their ASCII forms, into buf (cap bytes); *len becomes the
 * length. Returns buf, or s itself when it has none (or no room). */
static const char *halfwidth(const char *s, size_t *len, char *buf, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = 0, i = 0;
    int changed = 0;
    while (i < *len) {
        if (n + 1 >= cap) return s;
        unsigned b = i + 2 < *len && u[i] == 0xEF && u[i + 1] == 0xBC ? u[i + 2] : 0;
        if (b == 0x85 || (b >= 0x8B && b <= 0x8E) || (b >= 0x90 && b <= 0x99)) {
            buf[n++] = (char)(u[i + 2] - 0x60); /* U+FF05..FF19 → U+0025..0039 */
            i += 3;
            changed = 1;
        } else {
            buf[n++] = s[i++];
        }
    }
    if (!changed) return s;
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* A decimal number with optional thousands separators (1,234.5; not the
 * decimal comma 1,5) and percent sign, in s[0..len). */
static int parse_number(const char *s, size_t len, double *out, int *percent)
{
    char digits[64];
    size_t n = 0;
    const char *end = s + len;
    *percent = 0;
    for (const char *p = s; p < end; p++) {
        if (*p == ',' && thousands_separator(s, p, end)) continue;
        if (*p == '%' && p + 1 == end) {
            *percent = 1;
            break;
        }
        if (n + 1 == sizeof digits || *p == '\0') return -1;
        digits[n++] = *p;
    }
    digits[n] = '\0';
    char *stop;
    *out = strtod(digits, &stop);
    return n > 0 && *stop == '\0' ? 0 : -1;
}

static int parse_bool(const char *s, size_t len, double *out)
{
    static const char *const yes[] = {"是", "true", "1", "y", "yes"}, *const no[] = {"否", "false", "0", "n", "no"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (spells(s, len, yes[i], 1)) return *out = 1, 0;
        if (spells(s, len, no[i], 1)) return *out = 0, 0;
    }
    return -1;
}

static size_t blank_at(const char *s, size_t len)
{
    if (len && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) return 1;
    if (len >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) return 3;
    return 0;
}

void trim_blanks(const char **s, size_t *len)
{
    size_t n;
    while ((n = blank_at(*s, *len)) != 0) *s += n, *len -= n;
    for (;;) {
        if (*len && blank_at(*s + *len - 1, 1)) (*len)--;
        else if (*len >= 3 && blank_at(*s + *len - 3, 3) == 3) *len -= 3;
        else break;
    }
}

int value_from_text(const FieldDecl *f, const char *text, Arena *a, Value *v)
{
    size_t len = strlen(text);
    trim_blanks(&text, &len);
    v->tag = V_MISSING;
    if (!len) return 0;
    double x;
    int percent, w;
    switch (f->decl) {
    case DECL_INT:
    case DECL_NUM:
    case DECL_RATIO: {
        char ascii[64];
        text = halfwidth(text, &len, ascii, sizeof ascii);
        if (parse_number(text, len, &x, &percent) != 0 || (percent && f->decl != DECL_RATIO)) return -1;
        if (percent) x /= 100;
        if (number_fits(f, x) != 0) return -1;
        v->tag = V_NUM;
        v->num = x;
        return 0;
    }
    case DECL_BOOL:
        if (parse_bool(text, len, &x) != 0) return -1;
        v->tag = V_BOOL;
        v->num = x;
        return 0;
    case DECL_WORDS:
    case DECL_ENUM:
        if ((w = word_of(f, text, len)) < 0) return -1;
        v->tag = V_WORD;
        v->num = w;
        return 0;
    case DECL_TEXT:
        v->tag = V_TEXT;
        v->text = arena_strndup(a, text, len); /* the only value that keeps text */
        return 0;
    }
    return -1;
}

const char *unit_written(const char *text, char *unit, size_t cap)
{
    size_t len = strlen(text);
    trim_blanks(&text, &len);
    char ascii[64];
    const char *t = halfwidth(text, &len, ascii, sizeof ascii);
    size_t k = 0;
    while (k < len && (isdigit((unsigned char)t[k]) || t[k] == '.' || t[k] == ',' || (k == 0 && t[k] == '-'))) k++;
    if (k == 0 || k == len || !isdigit((unsigned char)t[k - 1])) return NULL;
    double x;
    int percent;
    if (parse_number(t, k, &x, &percent) != 0) return NULL;
    const char *u = t + k;
    size_t n = len - k;
    trim_blanks(&u, &n);
    if (!n || n >= cap || isdigit((unsigned char)*u) || (n == 1 && *u == '%')) return NULL; /* 95%: a ratio's form */
    memcpy(unit, u, n);
    unit[n] = '\0';
    return unit;
}

size_t utf8_invalid(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) n = 1;
        else if (c >= 0xE0 && c <= 0xEF) n = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4) n = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else return i;
        if (i + n >= len) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k <= n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += n + 1;
    }
    return len;
}

int year_from_text(const char *text)
{
    int year, used = 0;
    if (sscanf(text, " %4d %n", &year, &used) != 1 || text[used] != '\0' || year < 1900 || year > 2100) return 0;
    return year;
}

const char *year_expected(void)
{
    return msg_ref(MSG_FIELD_YEAR);
}

int date_valid(int yyyymmdd)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
    if (y < 1 || m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= days[m - 1] + (m == 2 && leap) ? yyyymmdd : 0;
}

int date_from_text(const char *text)
{
    int y, m, d, used = 0;
    if (sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) != 3 || text[used] != '\0' || used != 10) return 0;
    return date_valid(y * 10000 + m * 100 + d);
}

int row_stage_check(const RuleSet *rs, Level lv, const Value *row, const int *stages, int n, Arena *a, const char **have)
{
    const FieldDecl *f = rs->row_stage_field[lv];
    if (!f) return 0;
    const Value *w = &row[f->slot];
    if (w->tag == V_WORD) {
        for (int k = 0; k < n; k++)
            if (stages[k] == rs->row_stage_word[lv][(int)w->num]) return 0;
    } else if (n < 2) {
        return 0;
    }
    size_t size = 1;
    for (int k = 0; k < n; k++) size += strlen(rs->stage_field->words[stages[k]]) + 1;
    char *list = arena_alloc(a, size);
    for (int k = 0; k < n; k++) {
        if (k) strcat(list, "\n");
        strcat(list, rs->stage_field->words[stages[k]]);
    }
    *have = n ? list : msg_ref(MSG_DS_SCHOOL_WITHOUT_STAGES);
    return w->tag == V_WORD ? MSG_DS_ROW_STAGE : MSG_DS_ROW_NO_STAGE;
}
