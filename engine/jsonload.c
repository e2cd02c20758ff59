/* jsonload.c — streaming JSON dataset reader (see jsonload.h).
 * The file is read in chunks into one buffer; each value is parsed
 * (jsontree.h) straight from the buffer, and when the parse runs out of
 * what has been read, more is read and the value parsed again. Its tree is
 * built in an arena that is reset after every school. */
#include "jsonload.h"
#include "datacheck.h"
#include "digest.h"
#include "jsontree.h"
#include "values.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (1u << 20)
/* How far ahead of the reader the kernel is asked to read the file. */
#define READ_AHEAD ((off_t)16 << 20)

typedef struct Place {
    int line, col;
} Place;

/* A declared key met in the record being converted (stamp: that record's). */
typedef struct Seen {
    unsigned stamp;
    const JsonNode *item;
} Seen;

/* A key no rule declares, in its record's document order. */
typedef struct Member {
    const JsonNode *item;
    size_t order;
    const JsonNode *first;  /* the earlier member of the same key; NULL: none */
} Member;

/* The field the key at one member's place named in the last record of a
 * level (see field_of_key). */
typedef struct KeySeen {
    const FieldDecl *f;  /* NULL: none yet */
    int slot;
    size_t len;          /* of f->name */
} KeySeen;

/* Member places remembered per level: a record lists a few dozen keys;
 * those past this many are hashed every time. */
#define KEYS_REMEMBERED 64

typedef struct CodeSeen {
    const char *code;
    int line;
} CodeSeen;

struct JsonReader {
    int keep_where;      /* record where each value is (explain) */
    const RuleSet *rs;
    DiagList *diags;
    Source src;          /* path only: the text is streamed, never kept */
    FILE *f;
    char *buf;
    size_t cap, start, end;
    int eof;
    int line;            /* line of buf[start] */
    size_t line_mark;    /* buffer offset: the current line's characters from here to start are not counted yet ... */
    int col_before;      /* ... and this many lie before line_mark (columns are counted when asked for) */
    Digest *hash;        /* hashing on a thread of its own what was read */
    off_t read_to;       /* bytes of the file read */
    off_t ahead;         /* the kernel was asked to read up to here */
    enum { ST_TOP, ST_SCHOOLS, ST_DONE } state;
    int schools_read;    /* the school list has been read */
    int first_element;
    int nschools;        /* schools returned */
    Arena tree_arena;    /* the tree of the value being read (parse_value) */
    size_t tree_used;    /* what it takes, counted against JH_MAX_SCHOOL_MEMORY */
    size_t converted;    /* bytes of records converted from the element (see convert_rows) */
    Place list_at;       /* the school list's '[' */
    Place key_at[4];     /* the known top-level keys read (by read_members' which); line 0: not yet */
    /* Duplicate keys in a record: declared ones by slot, the others sorted. */
    Seen *seen[JH_MAX_LEVELS];
    unsigned stamp;
    KeySeen keys[JH_MAX_LEVELS][KEYS_REMEMBERED];
    Member *others;
    size_t others_cap;
    Arena county_arena;
    CountyData county;
    CodeSeen *codes;     /* open addressing, for duplicate 学校代码 */
    size_t ncodes, codes_cap;
    Arena codes_arena;
    const JsonNode *stage_obj[JH_MAX_STAGES]; /* the school's stage records, as SchoolData.stages */
    /* Names no rule declares (warned of once per level), and the declared
     * fields some record gave, for the fields the whole file lacks. */
    char **unknown[JH_MAX_LEVELS];
    int nunknown[JH_MAX_LEVELS];
    unsigned char *given[JH_MAX_LEVELS];
    int records[JH_MAX_LEVELS];
    FieldReaders *readers;
    int absent_checked;
    /* The places of every JH_SOURCE_MARK_STEP-th byte of the value being
     * converted, once one was asked for (see place_at). */
    int marked;
    Place *marks;
    size_t marks_cap;
    size_t last_at;      /* the byte last located, and its place */
    Place last_place;
};

/* ---- buffer ---- */

/* Characters (UTF-8 lead bytes) in n bytes. */
static int utf8_chars(const char *p, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++) c += (p[i] & 0xC0) != 0x80;
    return c;
}

/* Asks the kernel to read the file READ_AHEAD bytes ahead of what was read,
 * in the background: a dataset that is not in the page cache is then read
 * from disk while the schools before are converted, not chunk by chunk. */
static void read_ahead(JsonReader *r, size_t n)
{
    r->read_to += (off_t)n;
    if (r->ahead >= r->read_to + READ_AHEAD / 2) return;
    off_t to = r->read_to + READ_AHEAD;
    posix_fadvise(fileno(r->f), r->ahead, to - r->ahead, POSIX_FADV_WILLNEED); /* a hint */
    r->ahead = to;
}

/* Reads more of the file; returns 0 at end of file. */
static int read_more(JsonReader *r)
{
    if (r->eof) return 0;
    digest_wait(r->hash); /* what was read last may move now */
    if (r->start > 0) {
        r->col_before += utf8_chars(r->buf + r->line_mark, r->start - r->line_mark); /* what is about to leave the buffer */
        r->line_mark = 0;
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->start = 0;
    }
    if (r->cap - r->end < CHUNK) {
        r->cap = r->end + CHUNK + 1;
        r->buf = xrealloc(r->buf, r->cap);
    }
    size_t n = fread(r->buf + r->end, 1, r->cap - r->end - 1, r->f);
    digest_update(r->hash, r->buf + r->end, n);
    read_ahead(r, n);
    r->end += n;
    r->buf[r->end] = '\0';
    if (n == 0) r->eof = 1;
    return n > 0;
}

/* The place of buffer offset to, from that of offset from (from <= to). */
static Place advance(const char *buf, Place at, size_t from, size_t to)
{
    const char *p = buf + from, *stop = buf + to, *nl;
    while ((nl = memchr(p, '\n', (size_t)(stop - p)))) {
        at.line++;
        at.col = 1;
        p = nl + 1;
    }
    at.col += utf8_chars(p, (size_t)(stop - p));
    return at;
}

/* Line and column of buffer offset p (p >= start). Columns are counted
 * here, when a place is asked for, not for every byte read. */
static void position(const JsonReader *r, size_t p, int *line, int *col)
{
    if (p > r->end) p = r->end;
    Place at = advance(r->buf, (Place){r->line, r->col_before + 1}, r->line_mark, p); /* no line ends before start */
    *line = at.line;
    *col = at.col;
}

static void consume(JsonReader *r, size_t n)
{
    const char *p = r->buf + r->start, *stop = p + n, *nl;
    while ((nl = memchr(p, '\n', (size_t)(stop - p)))) {
        r->line++;
        r->line_mark = (size_t)(nl + 1 - r->buf);
        r->col_before = 0;
        p = nl + 1;
    }
    r->start += n;
}

/* Skips white space; returns the next byte, or -1 at end of file. */
static int peek(JsonReader *r)
{
    for (;;) {
        while (r->start < r->end) {
            char ch = r->buf[r->start];
            if (ch != ' ' && ch != '\t' && ch != '\r' && ch != '\n') return (unsigned char)ch;
            consume(r, 1);
        }
        if (!read_more(r)) return -1;
    }
}

static void error_at(JsonReader *r, size_t p, MsgId id, const char *arg)
{
    int line, col;
    position(r, p, &line, &col);
    diag_at_line(r->diags, DIAG_ERROR, &r->src, line, col, id, arg);
}

/* Parses the JSON value at start, reading more while the parse runs out of
 * input. The value stays in the buffer until consume(). NULL on an error. */
static const JsonNode *parse_value(JsonReader *r, size_t *len)
{
    for (;;) {
        size_t avail = r->end - r->start;
        JsonTree tree;
        arena_reset(&r->tree_arena); /* the tree of a failed try is garbage */
        r->marked = 0;
        JsonStatus st = json_parse(r->buf + r->start, avail, &r->tree_arena, JH_MAX_SCHOOL_MEMORY, &tree);
        if (st == JSON_COMPLETE && tree.end <= JH_MAX_SCHOOL_BYTES) {
            r->tree_used = tree.used;
            *len = tree.end;
            return tree.root;
        }
        int line, col;
        if (st == JSON_TOO_BIG || st == JSON_COMPLETE || (st == JSON_MORE && avail > JH_MAX_SCHOOL_BYTES)) {
            /* One value (a school) larger than a school may be, or whose
             * tree, even incomplete, outgrew the memory limit. */
            position(r, r->start, &line, &col);
            if (st == JSON_TOO_BIG)
                diag_at_line(r->diags, DIAG_ERROR, &r->src, line, col, MSG_DS_SCHOOL_TOO_MANY_VALUES, JH_MAX_SCHOOL_MEMORY);
            else
                diag_at_line(r->diags, DIAG_ERROR, &r->src, line, col, MSG_DS_SCHOOL_TOO_LARGE, JH_MAX_SCHOOL_BYTES);
            return NULL;
        }
        if (st == JSON_TOO_DEEP) {
            position(r, r->start + tree.error_at, &line, &col);
            diag_at_line(r->diags, DIAG_ERROR, &r->src, line, col, MSG_DS_JSON_TOO_DEEP, JH_MAX_JSON_DEPTH);
            return NULL;
        }
        if (st == JSON_SYNTAX || st == JSON_NUL) {
            error_at(r, r->start + tree.error_at, st == JSON_NUL ? MSG_DS_JSON_NUL : MSG_DS_JSON, NULL);
            return NULL;
        }
        if (read_more(r)) continue;
        error_at(r, r->end, MSG_DS_JSON, NULL); /* the file ends inside the value */
        return NULL;
    }
}

/* Consumes the value parse_value returned, once it has been converted: its
 * tree and the places marked in it go. */
static void drop_value(JsonReader *r, size_t len)
{
    consume(r, len);
    arena_reset(&r->tree_arena);
    r->tree_used = 0;
    r->marked = 0;
}

/* Expects byte ch (after white space) and consumes it. */
static int expect_byte(JsonReader *r, int ch, const char *what)
{
    if (peek(r) != ch) {
        error_at(r, r->start, MSG_DS_EXPECTED, what);
        return 0;
    }
    consume(r, 1);
    return 1;
}

/* ---- values ---- */

static int is(const JsonNode *node, JsonType type)
{
    return node && node->type == type;
}

typedef struct Record {
    JsonReader *r;
    const JsonNode *root;   /* the element's tree */
    size_t from, to;     /* the element's text in the buffer */
} Record;

/* ---- where a value is ----
 * Nodes know their byte offsets in the element; lines and columns are
 * counted when a place is first asked for in an element: one pass then
 * marks the place of every JH_SOURCE_MARK_STEP-th byte, and each place is
 * counted from the mark before it, or from the place last asked for when
 * that is nearer (values are mostly located in the order they are written).
 * Locating stays linear in the element however many values are reported. */

/* The place of byte at of the element. */
static Place place_at(const Record *rec, size_t at)
{
    JsonReader *r = rec->r;
    if (!r->marked) {
        size_t n = (rec->to - rec->from) / JH_SOURCE_MARK_STEP + 1;
        if (n > r->marks_cap) {
            r->marks_cap = n;
            r->marks = xrealloc(r->marks, n * sizeof *r->marks);
        }
        position(r, rec->from, &r->marks[0].line, &r->marks[0].col);
        for (size_t k = 1; k < n; k++)
            r->marks[k] = advance(r->buf, r->marks[k - 1], rec->from + (k - 1) * JH_SOURCE_MARK_STEP,
                                  rec->from + k * JH_SOURCE_MARK_STEP);
        r->marked = 1;
        r->last_at = 0;
        r->last_place = r->marks[0];
    }
    size_t k = at / JH_SOURCE_MARK_STEP, from = k * JH_SOURCE_MARK_STEP;
    Place place = r->marks[k];
    if (r->last_at > from && r->last_at <= at) {
        from = r->last_at;
        place = r->last_place;
    }
    r->last_at = at;
    r->last_place = advance(r->buf, place, rec->from + from, rec->from + at);
    return r->last_place;
}

/* Where node is: its key when it is a member, else its first byte. */
static Place place_of(const Record *rec, const JsonNode *node)
{
    return place_at(rec, node->at);
}

/* Where member key of object obj is; obj itself when it has none. */
static Place locate(const Record *rec, const JsonNode *obj, const char *key)
{
    const JsonNode *item = json_member(obj, key);
    return place_of(rec, item ? item : obj);
}

static void node_error(const Record *rec, const JsonNode *node, MsgId id, const char *a, const char *b, const char *c)
{
    Place p = place_of(rec, node);
    diag_at_line(rec->r->diags, DIAG_ERROR, &rec->r->src, p.line, p.col, id, a, b, c);
}

static void value_error(const Record *rec, const JsonNode *obj, const char *key, MsgId id, const char *a, const char *b,
                        const char *c)
{
    Place p = locate(rec, obj, key);
    diag_at_line(rec->r->diags, DIAG_ERROR, &rec->r->src, p.line, p.col, id, a, b, c);
}

/* Whether a string of the file is UTF-8: the parser copies its bytes as
 * they are, and a text that is not would make the outputs invalid. */
static int is_utf8(const char *text)
{
    size_t len = strlen(text);
    return utf8_invalid(text, len) == len;
}

static void duplicate_error(const Record *rec, const JsonNode *item, const JsonNode *first)
{
    Place p = place_of(rec, item), f = place_of(rec, first);
    diag_at_line(rec->r->diags, DIAG_ERROR, &rec->r->src, p.line, p.col, MSG_DS_DUP_KEY, item->key, f.line, f.col);
}

/* A fresh stamp for the declared keys of the next record. */
static unsigned next_stamp(JsonReader *r)
{
    if (++r->stamp == 0) { /* wrapped: no record may look seen */
        for (Level lv = LV_COUNTY; lv < r->rs->nlevels; lv++)
            memset(r->seen[lv], 0, ((size_t)r->rs->nslots[lv] + 1) * sizeof *r->seen[lv]);
        r->stamp = 1;
    }
    return r->stamp;
}

/* Notes a key of the record no rule declares; one that is not UTF-8 is
 * reported instead. */
static void note_other_key(const Record *rec, const JsonNode *item, size_t *n)
{
    JsonReader *r = rec->r;
    if (!is_utf8(item->key)) {
        node_error(rec, item, MSG_DS_KEY_UTF8, NULL, NULL, NULL);
        return;
    }
    if (*n == r->others_cap) {
        r->others_cap = r->others_cap ? r->others_cap * 2 : 16;
        r->others = xrealloc(r->others, r->others_cap * sizeof *r->others);
    }
    r->others[*n] = (Member){item, *n, NULL};
    (*n)++;
}

static int compare_order(const void *a, const void *b)
{
    const Member *x = a, *y = b;
    return (x->order > y->order) - (x->order < y->order);
}

static int compare_keys(const void *a, const void *b)
{
    const Member *x = a, *y = b;
    int c = strcmp(x->item->key, y->item->key);
    return c ? c : compare_order(a, b);
}

/* Reports, in document order, each of the n keys noted (note_other_key)
 * that an earlier one of the record repeats. They are few, usually none or
 * one, so sorting them costs nothing on honest data and n log n on any. */
static void duplicate_other_keys(const Record *rec, size_t n)
{
    Member *m = rec->r->others;
    if (n < 2) return;
    qsort(m, n, sizeof *m, compare_keys);
    int found = 0;
    for (size_t i = 1, first = 0; i < n; i++) {
        if (strcmp(m[i].item->key, m[first].item->key) != 0) first = i;
        else m[i].first = m[first].item, found = 1;
    }
    if (!found) return;
    qsort(m, n, sizeof *m, compare_order);
    for (size_t i = 0; i < n; i++)
        if (m[i].first) duplicate_error(rec, m[i].item, m[i].first);
}

/* Whether key, in a record of level lv, is one the layout reads rather
 * than a field: a list of records (a school's 学段 and 班级…, the county's
 * 质量监测…), a school's code, name or type. */
static int list_key(const RuleSet *rs, Level lv, const char *key)
{
    if (lv == LV_SCHOOL && (strcmp(key, DS_KEY_STAGES) == 0 || strcmp(key, DS_KEY_SCHOOL_CODE) == 0 ||
                            strcmp(key, DS_KEY_SCHOOL_NAME) == 0 || strcmp(key, DS_KEY_SCHOOL_TYPE) == 0))
        return 1; /* the layout reads a school's code, name and type whatever the rules declare */
    if (lv != LV_SCHOOL && lv != LV_COUNTY) return 0;
    Level sub = level_by_name(rs, key);
    return sub >= LV_RECORDS && level_parent(rs, sub) == lv;
}

/* Warns of a key of a level-lv record that no rule declares, at its first
 * place in the file: a renamed key would otherwise vanish in every school. */
static void unknown_key(const Record *rec, Level lv, const JsonNode *item)
{
    JsonReader *r = rec->r;
    const char *key = item->key;
    if (list_key(r->rs, lv, key) || !is_utf8(key)) return;
    for (int i = 0; i < r->nunknown[lv]; i++)
        if (strcmp(r->unknown[lv][i], key) == 0) return;
    r->unknown[lv] = xrealloc(r->unknown[lv], (size_t)(r->nunknown[lv] + 1) * sizeof *r->unknown[lv]);
    r->unknown[lv][r->nunknown[lv]++] = xstrdup(key);
    if (r->nunknown[lv] > JH_WARN_UNKNOWN_COLUMNS) return; /* counted at the end (absent_keys) */
    Place p = place_of(rec, item);
    warn_unknown_name(r->diags, &(DataPlace){r->src.path, p.line, p.col, NULL, 0}, r->rs, lv, key, MSG_DS_UNKNOWN_KEY,
                      MSG_DS_UNKNOWN_KEY_ALONE);
}

/* Once the file is read: each declared field no record of its level gave
 * (levels with records only), at the school list or the "县级" key. */
static void absent_keys(JsonReader *r)
{
    r->absent_checked = 1;
    const RuleSet *rs = r->rs;
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) {
        if (!r->records[lv]) continue;
        int county = lv == LV_COUNTY || (lv >= LV_RECORDS && level_parent(rs, lv) == LV_COUNTY);
        Place at = county ? r->key_at[2] : r->list_at;
        Absent absent = {r->diags, {r->src.path, at.line, at.col, NULL, 0}, r->readers, MSG_DS_ABSENT_KEY, &r->county_arena,
                         0, 0, NULL, 0};
        for (int i = 0; i < rs->nfields; i++)
            if (rs->fields[i]->level == lv && !r->given[lv][rs->fields[i]->slot]) absent_note(&absent, rs->fields[i]);
        absent_finish(&absent);
        if (r->nunknown[lv] > JH_WARN_UNKNOWN_COLUMNS)
            data_diag(r->diags, DIAG_WARNING, &absent.at, MSG_DS_UNKNOWN_KEYS_MORE, r->nunknown[lv] - JH_WARN_UNKNOWN_COLUMNS,
                      level_name(rs, lv));
    }
}

/* Converts one JSON value of field f into *v; reports a wrong type or an
 * unknown word. Strings go through the same conversion as CSV cells. */
static void convert(const Record *rec, Arena *arena, const FieldDecl *f, const JsonNode *item, Value *v)
{
    v->tag = V_MISSING;
    if (is(item, JSON_NULL)) return;
    int ok = 0;
    if (is(item, JSON_NUMBER)) {
        double x = item->num;
        if (f->decl == DECL_TEXT || f->decl == DECL_WORDS || f->decl == DECL_BOOL) { /* a boolean as 1 or 0, a word as its alias 3 */
            char num[32];
            snprintf(num, sizeof num, "%.15g", x);
            ok = value_from_text(f, num, arena, v) == 0;
        } else if ((f->decl == DECL_INT || f->decl == DECL_NUM || f->decl == DECL_RATIO) && number_fits(f, x) == 0) {
            v->tag = V_NUM;
            v->num = x;
            ok = 1;
        }
    } else if (is(item, JSON_TRUE) || is(item, JSON_FALSE)) {
        if (f->decl == DECL_BOOL) {
            v->tag = V_BOOL;
            v->num = is(item, JSON_TRUE);
            ok = 1;
        }
    } else if (is(item, JSON_STRING)) {
        ok = value_from_text(f, item->str, arena, v) == 0;
        /* A word, number or yes/no that converts is UTF-8: a text kept or
         * quoted in a message is what needs checking. */
        if ((!ok || v->tag == V_TEXT) && !is_utf8(item->str)) {
            v->tag = V_MISSING;
            node_error(rec, item, MSG_DS_VALUE_UTF8, f->name, NULL, NULL);
            return;
        }
        if (!ok && (f->decl == DECL_ENUM || f->decl == DECL_WORDS)) {
            node_error(rec, item, MSG_DS_ENUM, f->name, item->str, field_words(arena, f));
            return;
        }
        char unit[64];
        if (!ok && f->type == TY_NUM && unit_written(item->str, unit, sizeof unit)) {
            Place p = place_of(rec, item);
            unit_error(rec->r->diags, &(DataPlace){rec->r->src.path, p.line, p.col, NULL, 0}, f, item->str, unit);
            return;
        }
    }
    if (!ok) node_error(rec, item, MSG_DS_FIELD_TYPE, f->name, field_expected(f), NULL);
    else if (v->tag == V_NUM && value_needs_report(f, v->num)) {
        Place p = place_of(rec, item);
        if (check_value(rec->r->diags, f, v->num, &(DataPlace){rec->r->src.path, p.line, p.col, NULL, 0}) != 0)
            v->tag = V_MISSING;
    }
}

/* The field whose value item, the index-th member of a level-lv record,
 * gives, and its slot; NULL when it gives none. Records of a dataset list
 * their keys in the same order, so a key is first compared with the one at
 * its place in the last record of the level, and hashed only if it differs. */
static const FieldDecl *field_of_key(JsonReader *r, Level lv, size_t index, const JsonNode *item, int *slot)
{
    KeySeen *last = index < KEYS_REMEMBERED ? &r->keys[lv][index] : NULL;
    if (last && last->f && last->len == item->key_len && memcmp(last->f->name, item->key, last->len) == 0) {
        *slot = last->slot;
        return last->f;
    }
    const FieldDecl *f = rules_field(r->rs, lv, item->key);
    if (f)
        *slot = f->slot;
    else if (lv == LV_STAGE && (f = rules_field(r->rs, LV_SCHOOL, item->key)) && f->split)
        *slot = f->stage_slot; /* a stage's own share of a school resource */
    else
        return NULL;
    if (last) *last = (KeySeen){f, *slot, strlen(f->name)};
    return f;
}

/* Fills the slots of level lv from a JSON object; unknown keys are ignored.
 * When the reader keeps provenance, *where gets each value's position. */
static Value *convert_record(const Record *rec, Arena *arena, const JsonNode *obj, Level lv, Where *where)
{
    const RuleSet *rs = rec->r->rs;
    Value *values = arena_alloc(arena, (size_t)(rs->nslots[lv] + 1) * sizeof *values);
    if (where && rec->r->keep_where) {
        where->file = rec->r->src.path;
        where->line = arena_alloc(arena, (size_t)(rs->nslots[lv] + 1) * sizeof *where->line);
        where->col = arena_alloc(arena, (size_t)(rs->nslots[lv] + 1) * sizeof *where->col);
    } else if (where) {
        memset(where, 0, sizeof *where);
        where = NULL;
    }
    JsonReader *r = rec->r;
    unsigned stamp = next_stamp(r);
    size_t others = 0;
    r->records[lv]++;
    size_t index = 0;
    for (const JsonNode *item = obj->child; item; item = item->next, index++) {
        int slot;
        const FieldDecl *f = field_of_key(r, lv, index, item, &slot);
        if (!f) {
            note_other_key(rec, item, &others);
            unknown_key(rec, lv, item);
            continue;
        }
        if (f->level == lv) r->given[lv][slot] = 1; /* not a stage's share of a school field */
        Seen *seen = &r->seen[lv][slot];
        if (seen->stamp == stamp) { /* the first value stays, as explain shows it */
            duplicate_error(rec, item, seen->item);
            continue;
        }
        seen->stamp = stamp;
        seen->item = item;
        convert(rec, arena, f, item, &values[slot]);
        if (where) {
            Place p = place_of(rec, item);
            where->line[slot] = p.line;
            where->col[slot] = p.col;
        }
    }
    duplicate_other_keys(rec, others);
    return values;
}

/* Reads the list of level lv records in obj (absent: none). */
static void convert_rows(const Record *rec, Arena *arena, const JsonNode *obj, Level lv, Rows *out)
{
    const JsonNode *list = json_member(obj, level_name(rec->r->rs, lv));
    out->count = 0;
    out->rows = NULL;
    if (!list || is(list, JSON_NULL)) return;
    if (!is(list, JSON_ARRAY)) {
        node_error(rec, list, MSG_DS_NOT_LIST, level_name(rec->r->rs, lv), NULL, NULL);
        return;
    }
    size_t n = 0;
    for (const JsonNode *row = list->child; row; row = row->next) n++;
    /* The records' values count against the memory limit with the tree (a
     * record's own values and its stages' are a few KB: not counted). */
    size_t need = n * ((size_t)(rec->r->rs->nslots[lv] + 1) * sizeof(Value) + sizeof *out->rows);
    if (need > JH_MAX_SCHOOL_MEMORY - rec->r->tree_used - rec->r->converted) {
        Place p = place_of(rec, list);
        diag_at_line(rec->r->diags, DIAG_ERROR, &rec->r->src, p.line, p.col, MSG_DS_SCHOOL_TOO_MANY_VALUES,
                     JH_MAX_SCHOOL_MEMORY);
        return;
    }
    rec->r->converted += need;
    out->rows = arena_alloc(arena, (size_t)(n + 1) * sizeof *out->rows);
    for (const JsonNode *row = list->child; row; row = row->next) {
        if (!is(row, JSON_OBJECT)) {
            node_error(rec, list, MSG_DS_NOT_LIST, level_name(rec->r->rs, lv), NULL, NULL);
            continue;
        }
        out->rows[out->count++] = convert_record(rec, arena, row, lv, NULL);
    }
}

/* Each row fits the school's stages (values.c: row_stage_check). */
static void check_row_stages(const Record *rec, const JsonNode *obj, const SchoolData *s, Level lv, Arena *arena)
{
    const RuleSet *rs = rec->r->rs;
    const FieldDecl *f = rs->row_stage_field[lv];
    if (!f) return;
    int stages[JH_MAX_STAGES];
    for (int k = 0; k < s->nstages; k++) stages[k] = s->stages[k].word;
    const JsonNode *list = json_member(obj, level_name(rec->r->rs, lv));
    const JsonNode *row = list ? list->child : NULL;
    for (int i = 0; i < s->rows[lv].count; i++, row = row->next) {
        while (!is(row, JSON_OBJECT)) row = row->next; /* the records are the list's objects (convert_rows) */
        const Value *values = s->rows[lv].rows[i];
        const char *have;
        int id = row_stage_check(rs, lv, values, stages, s->nstages, arena, &have);
        if (id == MSG_DS_ROW_STAGE)
            value_error(rec, row, f->name, MSG_DS_ROW_STAGE, level_name(rec->r->rs, lv), f->words[(int)values[f->slot].num], have);
        else if (id == MSG_DS_ROW_NO_STAGE)
            value_error(rec, row, f->name, MSG_DS_ROW_NO_STAGE, level_name(rec->r->rs, lv), have, NULL);
    }
}

/* The text of member key of the school (a string, or a number as written);
 * NULL when absent, or when a string is not UTF-8 (*invalid: reported by
 * the conversion when the rule set declares the key, else here). */
static const char *text_of(const Record *rec, Arena *arena, const JsonNode *obj, const char *key, int *invalid)
{
    const JsonNode *item = json_member(obj, key);
    *invalid = is(item, JSON_STRING) && !is_utf8(item->str);
    if (*invalid) {
        if (!rules_field(rec->r->rs, LV_SCHOOL, key)) node_error(rec, item, MSG_DS_VALUE_UTF8, key, NULL, NULL);
        return NULL;
    }
    if (is(item, JSON_STRING)) return arena_strndup(arena, item->str, strlen(item->str));
    if (is(item, JSON_NUMBER)) {
        char num[32];
        snprintf(num, sizeof num, "%.15g", item->num);
        return arena_strndup(arena, num, strlen(num));
    }
    return NULL;
}

/* Remembers a school code; reports one seen before. */
static void note_code(JsonReader *r, const Record *rec, const char *code, int line)
{
    if (r->ncodes * 2 >= r->codes_cap) {
        size_t cap = r->codes_cap ? r->codes_cap * 2 : 1024;
        CodeSeen *grown = xcalloc(cap, sizeof *grown);
        for (size_t i = 0; i < r->codes_cap; i++) {
            if (!r->codes[i].code) continue;
            unsigned h = 2166136261u;
            for (const char *p = r->codes[i].code; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
            size_t k = h & (cap - 1);
            while (grown[k].code) k = (k + 1) & (cap - 1);
            grown[k] = r->codes[i];
        }
        free(r->codes);
        r->codes = grown;
        r->codes_cap = cap;
    }
    unsigned h = 2166136261u;
    for (const char *p = code; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    size_t k = h & (r->codes_cap - 1);
    for (; r->codes[k].code; k = (k + 1) & (r->codes_cap - 1)) {
        if (strcmp(r->codes[k].code, code) == 0) {
            Place p = locate(rec, rec->root, DS_KEY_SCHOOL_CODE);
            diag_at_line(r->diags, DIAG_ERROR, &r->src, p.line, p.col, MSG_DS_DUP_CODE, code, r->codes[k].line);
            return;
        }
    }
    r->codes[k].code = arena_strndup(&r->codes_arena, code, strlen(code));
    r->codes[k].line = line;
    r->ncodes++;
}

static void convert_stages(const Record *rec, const JsonNode *obj, SchoolData *out, Arena *arena);

/* Where a school's parts are (datacheck.h): the key of the field in the
 * school object or its stage record (else the record's 学校代码 or 学段). */
typedef struct SchoolAt {
    const Record *rec;
    const JsonNode *obj;
} SchoolAt;

static void locate_part(void *ctx, int stage, const char *field, DataPlace *out)
{
    const SchoolAt *at = ctx;
    const JsonNode *obj = stage < 0 ? at->obj : at->rec->r->stage_obj[stage];
    Place p = locate(at->rec, obj, field ? field : stage < 0 ? DS_KEY_SCHOOL_CODE : DS_KEY_STAGE);
    *out = (DataPlace){at->rec->r->src.path, p.line, p.col, NULL, 0};
}

static void convert_school(JsonReader *r, const Record *rec, const JsonNode *obj, SchoolData *out, Arena *arena)
{
    memset(out, 0, sizeof *out);
    position(r, rec->from, &out->line, &(int){0});
    int invalid, ignored;
    out->code = text_of(rec, arena, obj, DS_KEY_SCHOOL_CODE, &invalid);
    if (out->code) { /* a code is compared trimmed, and an empty one is no code */
        size_t len = strlen(out->code);
        trim_blanks(&out->code, &len);
        ((char *)out->code)[len] = '\0';
        if (!len) out->code = NULL;
    }
    out->name = text_of(rec, arena, obj, DS_KEY_SCHOOL_NAME, &ignored);
    out->type = text_of(rec, arena, obj, DS_KEY_SCHOOL_TYPE, &ignored);
    if (!out->code) {
        int l, c;
        position(r, rec->from, &l, &c);
        if (!invalid) diag_at_line(r->diags, DIAG_ERROR, &r->src, l, c, MSG_DS_NO_CODE);
        out->code = "";
    } else {
        note_code(r, rec, out->code, out->line);
    }
    if (!out->name) out->name = "";
    if (!out->type) out->type = "";
    out->values = convert_record(rec, arena, obj, LV_SCHOOL, &out->where);
    convert_stages(rec, obj, out, arena);
    for (Level lv = LV_RECORDS; lv < r->rs->nlevels; lv++) {
        if (level_parent(r->rs, lv) != LV_SCHOOL) continue;
        convert_rows(rec, arena, obj, lv, &out->rows[lv]);
        check_row_stages(rec, obj, out, lv, arena);
    }
    SchoolAt at = {rec, obj};
    check_school(r->rs, out, r->diags, &(Locator){locate_part, &at}, arena);
}

/* The school's stage records, each by its 学段 word. */
static void convert_stages(const Record *rec, const JsonNode *obj, SchoolData *out, Arena *arena)
{
    const RuleSet *rs = rec->r->rs;
    const JsonNode *stages = json_member(obj, DS_KEY_STAGES);
    if (!stages) return;
    if (!is(stages, JSON_ARRAY)) {
        node_error(rec, stages, MSG_DS_EXPECTED, msg_ref(MSG_DS_EXPECTED_STAGE_LIST), NULL, NULL);
        return;
    }
    for (const JsonNode *st = stages->child; st; st = st->next) {
        const JsonNode *word = json_member(st, DS_KEY_STAGE);
        int w = is(word, JSON_STRING) ? field_word(rs->stage_field, word->str) : -1;
        if (!is(st, JSON_OBJECT)) { /* reported at the list, as a row that is not a record is */
            node_error(rec, stages, MSG_DS_STAGE, "?", field_words(arena, rs->stage_field), NULL);
            continue;
        }
        if (w < 0 && is(word, JSON_STRING) && !is_utf8(word->str)) {
            node_error(rec, word, MSG_DS_VALUE_UTF8, DS_KEY_STAGE, NULL, NULL);
            continue;
        }
        if (w < 0) {
            value_error(rec, st, DS_KEY_STAGE, MSG_DS_STAGE, is(word, JSON_STRING) ? word->str : "?",
                        field_words(arena, rs->stage_field), NULL);
            continue;
        }
        for (int k = 0; k < out->nstages; k++)
            if (out->stages[k].word == w)
                value_error(rec, st, DS_KEY_STAGE, MSG_DS_DUP_STAGE, out->code, word->str, NULL);
        if (out->nstages == JH_MAX_STAGES) {
            Place p = locate(rec, st, DS_KEY_STAGE);
            diag_at_line(rec->r->diags, DIAG_ERROR, &rec->r->src, p.line, p.col, MSG_DS_TOO_MANY_STAGES, JH_MAX_STAGES);
            return;
        }
        rec->r->stage_obj[out->nstages] = st;
        StageData *sd = &out->stages[out->nstages++];
        sd->word = w;
        sd->values = convert_record(rec, arena, st, LV_STAGE, &sd->where);
    }
}

/* ---- top level ---- */

static void read_meta(JsonReader *r, const Record *rec, const JsonNode *meta)
{
    size_t keys = 0;
    for (const JsonNode *item = meta->child; item; item = item->next) note_other_key(rec, item, &keys);
    duplicate_other_keys(rec, keys);
    const JsonNode *year = json_member(meta, DS_KEY_META_YEAR);
    if (year && !is(year, JSON_NULL)) {
        char text[32] = "";
        if (is(year, JSON_NUMBER)) snprintf(text, sizeof text, "%.15g", year->num);
        else if (is(year, JSON_STRING)) snprintf(text, sizeof text, "%s", year->str);
        r->county.year = year_from_text(text);
        if (!r->county.year) value_error(rec, meta, DS_KEY_META_YEAR, MSG_DS_FIELD_TYPE, DS_KEY_META_YEAR, year_expected(), NULL);
        else if (r->schools_read) /* the evaluation date was fixed when the first school was read */
            value_error(rec, meta, DS_KEY_META_YEAR, MSG_DS_YEAR_AFTER_SCHOOLS, NULL, NULL, NULL);
    }
    const JsonNode *name = json_member(meta, DS_KEY_META_NAME);
    if (is(name, JSON_STRING) && !is_utf8(name->str))
        node_error(rec, name, MSG_DS_VALUE_UTF8, DS_KEY_META_NAME, NULL, NULL);
    else if (is(name, JSON_STRING))
        r->county.name = arena_strndup(&r->county_arena, name->str, strlen(name->str));
}

typedef enum { AT_FIRST, AT_VALUE } MemberAt;

/* Reads top-level members until "学校" opens (state ST_SCHOOLS) or the
 * object ends (ST_DONE); at is where they start: right after '{', or after
 * a value, where only ',' or '}' may follow. Returns 0 on an error that
 * stops reading. */
static int read_members(JsonReader *r, MemberAt at)
{
    for (;;) {
        int ch = peek(r);
        if (ch == '}') {
            consume(r, 1);
            if (peek(r) != -1) {
                error_at(r, r->start, MSG_DS_TRAILING, NULL);
                return 0;
            }
            r->state = ST_DONE;
            return 1;
        }
        if (at == AT_VALUE) {
            if (!expect_byte(r, ',', "',' / '}'")) return 0;
            ch = peek(r);
        }
        if (ch != '"') {
            error_at(r, r->start, MSG_DS_EXPECTED, msg_ref(MSG_DS_EXPECTED_KEY));
            return 0;
        }
        Place key_at;
        position(r, r->start, &key_at.line, &key_at.col);
        size_t len;
        const JsonNode *key = parse_value(r, &len);
        if (!key) return 0;
        int which = strcmp(key->str, DS_KEY_SCHOOLS) == 0 ? 1
                    : strcmp(key->str, DS_KEY_COUNTY) == 0 ? 2
                    : strcmp(key->str, DS_KEY_META) == 0 ? 3 : 0;
        if (which && r->key_at[which].line) { /* the first one has been read: this one is not */
            const Place *first = &r->key_at[which];
            diag_at_line(r->diags, DIAG_ERROR, &r->src, key_at.line, key_at.col, MSG_DS_DUP_KEY, key->str,
                         first->line, first->col);
            if (which == 1) return 0; /* a second school list is not read past */
            which = 0;
        } else if (which) {
            r->key_at[which] = key_at;
        } else if (!is_utf8(key->str)) {
            diag_at_line(r->diags, DIAG_ERROR, &r->src, key_at.line, key_at.col, MSG_DS_KEY_UTF8);
        }
        drop_value(r, len);
        if (!expect_byte(r, ':', "':'")) return 0;
        if (which == 1) {
            if (peek(r) == '[') position(r, r->start, &r->list_at.line, &r->list_at.col);
            if (!expect_byte(r, '[', msg_ref(MSG_DS_EXPECTED_SCHOOL_LIST))) return 0;
            r->state = ST_SCHOOLS;
            r->first_element = 1;
            return 1;
        }
        peek(r);
        const JsonNode *value = parse_value(r, &len);
        if (!value) return 0;
        if (which == 2 && is(value, JSON_OBJECT)) {
            Record rec = {r, value, r->start, r->start + len};
            r->converted = 0;
            r->county.values = convert_record(&rec, &r->county_arena, value, LV_COUNTY, &r->county.where);
            for (Level lv = LV_RECORDS; lv < r->rs->nlevels; lv++)
                if (level_parent(r->rs, lv) == LV_COUNTY) convert_rows(&rec, &r->county_arena, value, lv, &r->county.rows[lv]);
        } else if (which == 3 && is(value, JSON_OBJECT)) {
            Record rec = {r, value, r->start, r->start + len};
            read_meta(r, &rec, value);
        }
        drop_value(r, len);
        at = AT_VALUE;
    }
}

JsonReader *jload_open(const char *path, const RuleSet *rs, DiagList *diags, int keep_where)
{
    struct stat st;
    int fd = open_regular(path, &st);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    JsonReader *r = xcalloc(1, sizeof *r);
    r->keep_where = keep_where;
    r->rs = rs;
    r->diags = diags;
    r->f = f;
    r->src.path = xstrdup(path);
    r->line = 1;
    r->hash = digest_new_background();
    arena_init(&r->county_arena, 16 * 1024);
    arena_init(&r->codes_arena, 64 * 1024);
    arena_init(&r->tree_arena, 1 << 20);
    for (Level lv = LV_COUNTY; lv < rs->nlevels; lv++) {
        r->seen[lv] = xcalloc((size_t)rs->nslots[lv] + 1, sizeof *r->seen[lv]);
        r->given[lv] = xcalloc((size_t)rs->nslots[lv] + 1, 1);
    }
    r->readers = field_readers_new(rs);
    /* A dataset without "县级" leaves every county value missing. */
    r->county.values = arena_alloc(&r->county_arena, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *r->county.values);
    read_more(r);
    if (r->end - r->start >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) r->start = r->line_mark = 3; /* BOM: not a column */
    if (!expect_byte(r, '{', msg_ref(MSG_DS_EXPECTED_DATASET)) || !read_members(r, AT_FIRST)) {
        jload_close(r);
        return NULL;
    }
    if (r->state == ST_DONE) {
        diag_at_line(diags, DIAG_ERROR, &r->src, 1, 1, MSG_DS_NO_SCHOOLS);
        jload_close(r);
        return NULL;
    }
    return r;
}

int jload_next(JsonReader *r, SchoolData *out, Arena *arena)
{
    while (r->state == ST_SCHOOLS) {
        int ch = peek(r);
        if (ch == ']') {
            consume(r, 1);
            r->state = ST_TOP;
            r->schools_read = 1;
            if (!r->nschools) /* an empty list would pass, judging nothing */
                diag_at_line(r->diags, DIAG_ERROR, &r->src, r->list_at.line, r->list_at.col, MSG_DS_NO_SCHOOL);
            if (!read_members(r, AT_VALUE)) return -1;
            break;
        }
        if (!r->first_element) {
            if (!expect_byte(r, ',', "',' / ']'")) return -1;
            ch = peek(r);
        }
        r->first_element = 0;
        if (ch != '{') {
            error_at(r, r->start, MSG_DS_EXPECTED, msg_ref(MSG_DS_EXPECTED_SCHOOL));
            return -1;
        }
        size_t len;
        const JsonNode *school = parse_value(r, &len);
        if (!school) return -1;
        Record rec = {r, school, r->start, r->start + len};
        r->converted = 0;
        convert_school(r, &rec, school, out, arena);
        drop_value(r, len);
        r->nschools++;
        return 1;
    }
    if (r->state == ST_DONE && !r->absent_checked) absent_keys(r);
    return r->state == ST_DONE ? 0 : -1;
}

int jload_name_known(const JsonReader *r)
{
    return r->key_at[3].line != 0; /* 数据集 came before the school list (a second one is an error) */
}

const CountyData *jload_county(const JsonReader *r)
{
    return &r->county;
}

void jload_sha256(JsonReader *r, char hex[65])
{
    while (read_more(r)) r->start = r->end;
    digest_finish(r->hash, hex);
    r->hash = NULL;
}

void jload_close(JsonReader *r)
{
    if (!r) return;
    fclose(r->f);
    if (r->hash) digest_finish(r->hash, (char[65]){0});
    free(r->buf);
    free(r->src.path);
    free(r->codes);
    free(r->marks);
    for (Level lv = LV_COUNTY; lv < JH_MAX_LEVELS; lv++) {
        free(r->seen[lv]);
        free(r->given[lv]);
        for (int i = 0; i < r->nunknown[lv]; i++) free(r->unknown[lv][i]);
        free(r->unknown[lv]);
    }
    field_readers_free(r->readers);
    free(r->others);
    arena_free(&r->county_arena);
    arena_free(&r->codes_arena);
    arena_free(&r->tree_arena);
    free(r);
}
