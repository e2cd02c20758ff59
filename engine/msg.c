/* msg.c — the message catalogue and how its entries are written (see msg.h).
 *
 * An entry is written by walking its format: literal text as it is, each
 * conversion from one argument. The arguments are first copied into a
 * MsgArgs (their types read from the entry's Chinese column), then written
 * in the language asked for: a diagnostic stores them and writes them when
 * it is printed, msg_print does both at once. Numbers are written by the C
 * library with the conversion's own flags, width and precision, so that a
 * message reads exactly as printf would have written it. */
#include "msg.h"
#include "arena.h"
#include "escape.h"
#include <assert.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const catalogue[MSG_COUNT][2] = {
#define MSG_ROW(id, zh, en) {zh, en},
    MSG_TABLE(MSG_ROW)
#undef MSG_ROW
#define MSG_KEYWORD_ROW(tok, zh, en) {"'" zh "'", "'" en "'"},
    KEYWORD_TABLE(MSG_KEYWORD_ROW)
#undef MSG_KEYWORD_ROW
};

const char *msg(Lang lang, MsgId id)
{
    return catalogue[id][lang];
}

/* What msg_ref hands out: one byte per entry, so that a pointer into this
 * array names an entry and no text of the program or its data can. */
static const char refs[MSG_COUNT];

const char *msg_ref(MsgId id)
{
    assert(msg_signature(catalogue[id][LANG_ZH], NULL, 0) == 0); /* a word takes no arguments */
    return &refs[id];
}

/* The entry s refers to, or -1 when s is a text. */
static int ref_of(const char *s)
{
    uintptr_t k = (uintptr_t)s - (uintptr_t)refs;
    return s && k < MSG_COUNT ? (int)k : -1;
}

const char *errno_text(int err)
{
    if (err == ENODEV) return msg_ref(MSG_IO_NOT_REGULAR); /* open_regular's refusal */
    switch (err) {
    case ENOENT: return msg_ref(MSG_ERRNO_ENOENT);
    case EACCES: return msg_ref(MSG_ERRNO_EACCES);
    case EISDIR: return msg_ref(MSG_ERRNO_EISDIR);
    case ENOTDIR: return msg_ref(MSG_ERRNO_ENOTDIR);
    case ENOSPC: return msg_ref(MSG_ERRNO_ENOSPC);
    case EROFS: return msg_ref(MSG_ERRNO_EROFS);
    case EADDRINUSE: return msg_ref(MSG_ERRNO_EADDRINUSE);
    default: return strerror(err);
    }
}

/* ---- conversions ---- */

/* What a conversion takes. */
typedef enum {
    CV_LITERAL_PERCENT, /* "%%": nothing */
    CV_INT, CV_UINT, CV_DOUBLE, CV_TEXT, CV_ENTRY, CV_LIST,
    CV_UNKNOWN
} ConvType;

/* How an integer argument was passed: its length modifier. */
typedef enum { LEN_NONE, LEN_HH, LEN_H, LEN_L, LEN_LL, LEN_Z, LEN_J, LEN_T } Length;

typedef struct Conv {
    const char *start, *end; /* the conversion "%…x" */
    const char *spec_end;    /* end of its flags, width and precision */
    ConvType type;
    Length length;
    char letter;
} Conv;

/* The next conversion of format at or after p; NULL when there is none. */
static const char *next_conv(const char *p, Conv *c)
{
    p = strchr(p, '%');
    if (!p) return NULL;
    c->start = p++;
    while (*p && strchr("-+ #0", *p)) p++;
    while (*p >= '0' && *p <= '9') p++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9') p++;
    }
    c->spec_end = p;
    c->length = LEN_NONE;
    if (p[0] == 'h' && p[1] == 'h') c->length = LEN_HH, p += 2;
    else if (p[0] == 'l' && p[1] == 'l') c->length = LEN_LL, p += 2;
    else if (*p == 'h') c->length = LEN_H, p++;
    else if (*p == 'l') c->length = LEN_L, p++;
    else if (*p == 'z') c->length = LEN_Z, p++;
    else if (*p == 'j') c->length = LEN_J, p++;
    else if (*p == 't') c->length = LEN_T, p++;
    c->letter = *p;
    int plain = c->length == LEN_NONE && c->spec_end == c->start + 1; /* nothing between % and the letter */
    switch (*p) {
    case 'd': case 'i': c->type = CV_INT; break;
    case 'u': case 'x': case 'X': case 'o': c->type = CV_UINT; break;
    case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
        c->type = c->length == LEN_NONE ? CV_DOUBLE : CV_UNKNOWN;
        break;
    case 's': c->type = c->length == LEN_NONE ? CV_TEXT : CV_UNKNOWN; break;
    case 'M': c->type = plain ? CV_ENTRY : CV_UNKNOWN; break;
    case 'L': c->type = plain ? CV_LIST : CV_UNKNOWN; break;
    case '%': c->type = plain ? CV_LITERAL_PERCENT : CV_UNKNOWN; break;
    default: c->type = CV_UNKNOWN; break;
    }
    c->end = *p ? p + 1 : p;
    return c->end;
}

int msg_signature(const char *format, char *sig, size_t size)
{
    static const char *const length_name[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};
    size_t len = 0;
    int n = 0;
    Conv c;
    if (size) sig[0] = '\0';
    for (const char *p = format; (p = next_conv(p, &c)) != NULL;) {
        const char *code;
        switch (c.type) {
        case CV_LITERAL_PERCENT: continue;
        case CV_INT: code = "d"; break;
        case CV_UINT: code = "u"; break;
        case CV_DOUBLE: code = "f"; break;
        case CV_TEXT: code = "s"; break;
        case CV_ENTRY: code = "M"; break;
        case CV_LIST: code = "L"; break;
        default: return -1;
        }
        len += (size_t)snprintf(len < size ? sig + len : NULL, len < size ? size - len : 0, "%s%s%s", n ? " " : "",
                                length_name[c.length], code);
        n++;
    }
    return n;
}

/* ---- arguments ---- */

typedef enum { ARG_TEXT, ARG_REF, ARG_INT, ARG_UINT, ARG_DOUBLE, ARG_ENTRY } ArgKind;

typedef struct MsgArg {
    ArgKind kind;
    union {
        const char *text; /* ARG_TEXT: in the MsgArgs block; NULL as given */
        int id;           /* ARG_REF, ARG_ENTRY */
        long long i;
        unsigned long long u;
        double d;
    } v;
} MsgArg;

struct MsgArgs {
    int n;
    MsgArg arg[]; /* then the texts */
};

static long long signed_arg(va_list *ap, Length len)
{
    switch (len) {
    case LEN_L: return va_arg(*ap, long);
    case LEN_LL: return va_arg(*ap, long long);
    case LEN_Z: return (long long)va_arg(*ap, size_t);
    case LEN_J: return va_arg(*ap, intmax_t);
    case LEN_T: return va_arg(*ap, ptrdiff_t);
    default: return va_arg(*ap, int);
    }
}

static unsigned long long unsigned_arg(va_list *ap, Length len)
{
    switch (len) {
    case LEN_L: return va_arg(*ap, unsigned long);
    case LEN_LL: return va_arg(*ap, unsigned long long);
    case LEN_Z: return va_arg(*ap, size_t);
    case LEN_J: return va_arg(*ap, uintmax_t);
    case LEN_T: return (unsigned long long)va_arg(*ap, ptrdiff_t);
    default: return va_arg(*ap, unsigned);
    }
}

/* Reads the arguments of entry id from ap: counts them and their texts'
 * bytes (out NULL), or stores them at out->arg[*n] and the texts at *text. */
static void read_args(MsgId id, va_list *ap, MsgArgs *out, int *n, size_t *bytes, char **text)
{
    Conv c;
    for (const char *p = catalogue[id][LANG_ZH]; (p = next_conv(p, &c)) != NULL;) {
        MsgArg a = {0};
        switch (c.type) {
        case CV_LITERAL_PERCENT:
        case CV_UNKNOWN: continue; /* no argument (the catalogue's test refuses unknown ones) */
        case CV_INT:
            a.kind = ARG_INT;
            a.v.i = signed_arg(ap, c.length);
            break;
        case CV_UINT:
            a.kind = ARG_UINT;
            a.v.u = unsigned_arg(ap, c.length);
            break;
        case CV_DOUBLE:
            a.kind = ARG_DOUBLE;
            a.v.d = va_arg(*ap, double);
            break;
        case CV_TEXT:
        case CV_LIST: {
            const char *s = va_arg(*ap, const char *);
            int ref = ref_of(s);
            a.kind = ref >= 0 ? ARG_REF : ARG_TEXT;
            if (ref >= 0) {
                a.v.id = ref;
            } else if (s) {
                size_t len = strlen(s) + 1;
                *bytes += len;
                if (out) {
                    a.v.text = memcpy(*text, s, len);
                    *text += len;
                }
            }
            break;
        }
        case CV_ENTRY:
            a.kind = ARG_ENTRY;
            a.v.id = va_arg(*ap, int);
            assert(a.v.id >= 0 && a.v.id < MSG_COUNT);
            break;
        }
        if (out) out->arg[*n] = a;
        (*n)++;
        if (c.type == CV_ENTRY) read_args((MsgId)a.v.id, ap, out, n, bytes, text);
    }
}

/* The bytes the arguments of entry id take as a MsgArgs; *n how many. */
static size_t args_size(MsgId id, va_list ap, int *n)
{
    size_t bytes = 0;
    va_list count;
    va_copy(count, ap);
    *n = 0;
    read_args(id, &count, NULL, n, &bytes, NULL);
    va_end(count);
    return sizeof(MsgArgs) + (size_t)*n * sizeof(MsgArg) + bytes;
}

/* Copies the n arguments of entry id into a (of args_size bytes). */
static void args_fill(MsgArgs *a, int n, MsgId id, va_list ap)
{
    size_t bytes = 0;
    char *text = (char *)&a->arg[n];
    a->n = n;
    n = 0;
    va_list fill;
    va_copy(fill, ap);
    read_args(id, &fill, a, &n, &bytes, &text);
    va_end(fill);
}

MsgArgs *msg_args(MsgId id, va_list ap)
{
    int n;
    MsgArgs *a = xmalloc(args_size(id, ap, &n));
    args_fill(a, n, id, ap);
    return a;
}

/* ---- writing ---- */

/* Where a message goes: a stream, or a growing string. */
typedef struct Sink {
    FILE *file;
    char *buf;
    size_t len, cap;
    int escaped;
} Sink;

static void put(Sink *s, const char *p, size_t n)
{
    if (s->file) {
        fwrite(p, 1, n, s->file);
        return;
    }
    if (s->len + n + 1 > s->cap) {
        while (s->len + n + 1 > s->cap) s->cap = s->cap ? s->cap * 2 : 128;
        s->buf = xrealloc(s->buf, s->cap);
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

/* A text from outside the catalogue: escaped when the sink asks for it. */
static void put_data(Sink *s, const char *p, size_t n)
{
    if (s->escaped && s->file) text_escaped_n(s->file, p, n);
    else put(s, p, n);
}

/* The conversion c's flags, width and precision with another length
 * modifier and letter: what the C library is given. */
static void spec(char *out, size_t size, const Conv *c, const char *length, char letter)
{
    snprintf(out, size, "%.*s%s%c", (int)(c->spec_end - c->start), c->start, length, letter);
}

/* Writes a number with the conversion spec f (one argument, typed as f says). */
static void put_number(Sink *s, const char *f, const MsgArg *a)
{
    char buf[512]; /* a width or precision beyond this is not in the catalogue */
    int n;
    if (a->kind == ARG_DOUBLE) n = snprintf(buf, sizeof buf, f, a->v.d);
    else if (a->kind == ARG_UINT) n = snprintf(buf, sizeof buf, f, a->v.u);
    else n = snprintf(buf, sizeof buf, f, a->v.i);
    if (n > 0) put(s, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Writes a text with conversion c (its width and precision). */
static void put_text(Sink *s, const Conv *c, const char *t, int data)
{
    if (!t) t = "(null)"; /* as the C library writes it */
    void (*emit)(Sink *, const char *, size_t) = data ? put_data : put;
    if (c->spec_end == c->start + 1) {
        emit(s, t, strlen(t));
        return;
    }
    char f[64];
    spec(f, sizeof f, c, "", 's');
    int n = snprintf(NULL, 0, f, t);
    if (n < 0) return;
    char *buf = xmalloc((size_t)n + 1);
    snprintf(buf, (size_t)n + 1, f, t);
    emit(s, buf, (size_t)n);
    free(buf);
}

static void put_list(Sink *s, Lang lang, const char *t)
{
    const char *sep = msg(lang, MSG_LIST_SEPARATOR);
    for (const char *p = t ? t : "", *nl;; p = nl + 1) {
        nl = strchr(p, '\n');
        put_data(s, p, nl ? (size_t)(nl - p) : strlen(p));
        if (!nl) break;
        put(s, sep, strlen(sep));
    }
}

static void write_entry(Sink *s, Lang lang, MsgId id, const MsgArgs *args, int *k);

/* A word of the catalogue (msg_ref) in place of a text: an entry without
 * arguments, written with the text conversion's width and precision. */
static void put_word(Sink *s, const Conv *c, Lang lang, MsgId id)
{
    static const MsgArgs none = {0};
    int k = 0;
    if (c->spec_end == c->start + 1) {
        write_entry(s, lang, id, &none, &k);
        return;
    }
    char *word = msg_string(lang, id, &none);
    put_text(s, c, word, 0);
    free(word);
}

/* Writes entry id in lang from args[*k] on; *k is left after its last. */
static void write_entry(Sink *s, Lang lang, MsgId id, const MsgArgs *args, int *k)
{
    const char *format = catalogue[id][lang], *p = format;
    Conv c;
    for (const char *after; (after = next_conv(p, &c)) != NULL; p = after) {
        put(s, p, (size_t)(c.start - p));
        if (c.type == CV_LITERAL_PERCENT) {
            put(s, "%", 1);
            continue;
        }
        if (c.type == CV_UNKNOWN || *k >= args->n) { /* the catalogue's test keeps this from happening */
            assert(!"a catalogue entry the writer cannot follow");
            put(s, c.start, (size_t)(c.end - c.start));
            continue;
        }
        const MsgArg *a = &args->arg[(*k)++];
        char f[64];
        switch (c.type) {
        case CV_INT: spec(f, sizeof f, &c, "ll", c.letter); put_number(s, f, a); break;
        case CV_UINT: spec(f, sizeof f, &c, "ll", c.letter); put_number(s, f, a); break;
        case CV_DOUBLE: spec(f, sizeof f, &c, "", c.letter); put_number(s, f, a); break;
        case CV_TEXT:
        case CV_LIST:
            if (a->kind == ARG_REF) put_word(s, &c, lang, (MsgId)a->v.id);
            else if (c.type == CV_TEXT) put_text(s, &c, a->v.text, 1);
            else put_list(s, lang, a->v.text);
            break;
        case CV_ENTRY: write_entry(s, lang, (MsgId)a->v.id, args, k); break;
        default: break;
        }
    }
    put(s, p, strlen(p));
}

void msg_write(FILE *out, Lang lang, MsgId id, const MsgArgs *args, int escaped)
{
    Sink s = {out, NULL, 0, 0, escaped};
    int k = 0;
    write_entry(&s, lang, id, args, &k);
}

char *msg_string(Lang lang, MsgId id, const MsgArgs *args)
{
    Sink s = {NULL, NULL, 0, 0, 0};
    int k = 0;
    put(&s, "", 0);
    write_entry(&s, lang, id, args, &k);
    return s.buf;
}

/* Writes entry id with the arguments of ap. They are copied on the stack
 * when they fit (most do): a report writes many messages, and the message
 * of an allocation that failed must not need another. */
static void print_from(FILE *out, Lang lang, MsgId id, va_list ap, int escaped)
{
    union {
        MsgArgs args;
        MsgArg align;
        char bytes[2048];
    } local;
    int n;
    size_t size = args_size(id, ap, &n);
    MsgArgs *args = size <= sizeof local ? &local.args : xmalloc(size);
    args_fill(args, n, id, ap);
    msg_write(out, lang, id, args, escaped);
    if (args != &local.args) free(args);
}

void msg_vprint(FILE *out, Lang lang, int escaped, MsgId id, va_list ap)
{
    print_from(out, lang, id, ap, escaped);
}

void msg_print(FILE *out, Lang lang, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    print_from(out, lang, id, ap, 0);
    va_end(ap);
}


char *msg_vformat(Lang lang, MsgId id, va_list ap)
{
    MsgArgs *args = msg_args(id, ap);
    char *s = msg_string(lang, id, args);
    free(args);
    return s;
}

char *msg_format(Lang lang, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *s = msg_vformat(lang, id, ap);
    va_end(ap);
    return s;
}

void msg_snprint(char *buf, size_t size, Lang lang, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    char *s = msg_vformat(lang, id, ap);
    va_end(ap);
    snprintf(buf, size, "%s", s);
    free(s);
}
