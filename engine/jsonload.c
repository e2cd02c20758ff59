/* jsonload.c — streaming JSON dataset reader (see jsonload.h).
 * The file is read in chunks into one buffer; each value is parsed by cJSON
 * straight from the buffer, and when cJSON stops at the end of what has
 * been read, more is read and the value parsed again. cJSON allocates from
 * an arena that is reset after every school. */
#include "jsonload.h"
#include "digest.h"
#include "values.h"
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (4u << 20)

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
    int line, col;       /* position of buf[start] */
    Digest *hash;
    enum { ST_TOP, ST_SCHOOLS, ST_DONE } state;
    int schools_read;    /* the school list has been read */
    int first_element;
    Arena county_arena;
    CountyData county;
    CodeSeen *codes;     /* open addressing, for duplicate 学校代码 */
    size_t ncodes, codes_cap;
    Arena codes_arena;
};

/* cJSON allocates from this arena while readers are open (cJSON's hooks are
 * process-wide, so the readers share it; diff has two open at once). */
static Arena parse_arena;
static int open_readers;

static void *parse_alloc(size_t n)
{
    return arena_alloc_raw(&parse_arena, n);
}

static void parse_free(void *p)
{
    (void)p;
}

/* ---- buffer ---- */

/* Reads more of the file; returns 0 at end of file. */
static int read_more(JsonReader *r)
{
    if (r->eof) return 0;
    if (r->start > 0) {
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
    r->end += n;
    r->buf[r->end] = '\0';
    if (n == 0) r->eof = 1;
    return n > 0;
}

/* Line and column of buffer offset p (p >= start). */
static void position(const JsonReader *r, size_t p, int *line, int *col)
{
    int l = r->line, c = r->col;
    for (size_t i = r->start; i < p && i < r->end; i++) {
        unsigned char b = (unsigned char)r->buf[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static void consume(JsonReader *r, size_t n)
{
    const char *p = r->buf + r->start, *stop = p + n, *nl;
    while ((nl = memchr(p, '\n', (size_t)(stop - p)))) {
        r->line++;
        r->col = 1;
        p = nl + 1;
    }
    for (; p < stop; p++)
        if ((*p & 0xC0) != 0x80) r->col++;
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

/* Parses the JSON value at start, reading more while cJSON runs out of
 * input. The value stays in the buffer until consume(). NULL on an error. */
static cJSON *parse_value(JsonReader *r, size_t *len)
{
    for (;;) {
        const char *end = NULL;
        size_t avail = r->end - r->start;
        cJSON *item = cJSON_ParseWithLengthOpts(r->buf + r->start, avail, &end, 0);
        if (item && (size_t)(end - (r->buf + r->start)) <= JH_MAX_SCHOOL_BYTES) {
            *len = (size_t)(end - (r->buf + r->start));
            return item;
        }
        if (item || avail > JH_MAX_SCHOOL_BYTES) { /* one value (a school) larger than a school may be */
            int line, col;
            position(r, r->start, &line, &col);
            diag_at_line(r->diags, DIAG_ERROR, &r->src, line, col, MSG_DS_SCHOOL_TOO_LARGE, (unsigned)JH_MAX_SCHOOL_BYTES);
            return NULL;
        }
        /* Where cJSON stopped, relative to the value: reading more moves
         * the buffer. */
        const char *err = cJSON_GetErrorPtr();
        size_t err_off = err && err >= r->buf + r->start && err <= r->buf + r->end ? (size_t)(err - (r->buf + r->start)) : 0;
        if (read_more(r)) continue;
        error_at(r, r->start + err_off, MSG_DS_JSON, NULL);
        return NULL;
    }
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

typedef struct Record {
    JsonReader *r;
    const cJSON *root;   /* the element's DOM */
    size_t from, to;     /* the element's text in the buffer */
} Record;

/* Number of objects before target in document order (cJSON keeps it). */
static int objects_before(const cJSON *node, const cJSON *target, int *count)
{
    if (node == target) return 1;
    if (cJSON_IsObject(node)) (*count)++;
    for (const cJSON *c = node->child; c; c = c->next)
        if (objects_before(c, target, count)) return 1;
    return 0;
}

/* Where a bad value is reported: the key inside object obj of the
 * element, found by counting '{' outside strings up to obj, then scanning
 * that object's own members. Falls back to the element's start. */
static size_t locate(const Record *rec, const cJSON *obj, const char *key)
{
    const char *t = rec->r->buf;
    int index = 0;
    if (!objects_before(rec->root, obj, &index)) return rec->from;
    size_t i = rec->from;
    int in_string = 0;
    for (int seen = -1; i < rec->to; i++) {
        char ch = t[i];
        if (in_string) {
            if (ch == '\\') i++;
            else if (ch == '"') in_string = 0;
        } else if (ch == '"') {
            in_string = 1;
        } else if (ch == '{' && ++seen == index) {
            break;
        }
    }
    size_t k = strlen(key);
    int depth = 0;
    for (size_t j = i + 1; j < rec->to; j++) {
        char ch = t[j];
        if (ch == '"') {
            size_t start = j;
            for (j++; j < rec->to && t[j] != '"'; j++)
                if (t[j] == '\\') j++;
            size_t after = j + 1;
            while (after < rec->to && (t[after] == ' ' || t[after] == '\t' || t[after] == '\r' || t[after] == '\n')) after++;
            if (depth == 0 && j - start - 1 == k && memcmp(t + start + 1, key, k) == 0 && t[after] == ':') return start;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if (ch == '}' || ch == ']') {
            if (depth-- == 0) break;
        }
    }
    return i < rec->to ? i : rec->from;
}

static void value_error(const Record *rec, const cJSON *obj, const char *key, MsgId id, const char *a, const char *b,
                        const char *c)
{
    int line, col;
    position(rec->r, locate(rec, obj, key), &line, &col);
    diag_at_line(rec->r->diags, DIAG_ERROR, &rec->r->src, line, col, id, a, b, c);
}




/* Converts one JSON value of field f into *v; reports a wrong type or an
 * unknown word. Strings go through the same conversion as CSV cells. */
static void convert(const Record *rec, Arena *arena, const FieldDecl *f, const cJSON *obj, const cJSON *item, Value *v)
{
    v->tag = V_MISSING;
    if (cJSON_IsNull(item)) return;
    int ok = 0;
    if (cJSON_IsNumber(item)) {
        double x = item->valuedouble;
        if (f->decl == DECL_TEXT || f->decl == DECL_LEVEL || f->decl == DECL_BOOL) { /* a boolean as 1 or 0 */
            char num[32];
            snprintf(num, sizeof num, "%.15g", x);
            ok = value_from_text(f, num, arena, v) == 0;
        } else if ((f->decl == DECL_INT || f->decl == DECL_NUM || f->decl == DECL_RATIO) && number_fits(f, x) == 0) {
            v->tag = V_NUM;
            v->num = x;
            ok = 1;
        }
    } else if (cJSON_IsBool(item)) {
        if (f->decl == DECL_BOOL) {
            v->tag = V_BOOL;
            v->num = cJSON_IsTrue(item);
            ok = 1;
        }
    } else if (cJSON_IsString(item)) {
        ok = value_from_text(f, item->valuestring, arena, v) == 0;
        if (!ok && (f->decl == DECL_ENUM || f->decl == DECL_RATING || f->decl == DECL_LEVEL)) {
            value_error(rec, obj, f->name, MSG_DS_ENUM, f->name, item->valuestring, field_words(arena, f));
            return;
        }
    }
    if (!ok) value_error(rec, obj, f->name, MSG_DS_FIELD_TYPE, f->name, field_expected(f), NULL);
}

/* Fills the slots of level lv from a JSON object; unknown keys are ignored.
 * When the reader keeps provenance, *where gets each value's position. */
static Value *convert_record(const Record *rec, Arena *arena, const cJSON *obj, Level lv, Where *where)
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
    for (const cJSON *item = obj->child; item; item = item->next) {
        const FieldDecl *f = rules_field(rs, lv, item->string);
        int slot;
        if (f) {
            slot = f->slot;
        } else if (lv == LV_STAGE && (f = rules_field(rs, LV_SCHOOL, item->string)) && f->split) {
            slot = f->stage_slot; /* a stage's own share of a school resource */
        } else {
            continue;
        }
        convert(rec, arena, f, obj, item, &values[slot]);
        if (where) position(rec->r, locate(rec, obj, item->string), &where->line[slot], &where->col[slot]);
    }
    return values;
}

/* Reads the list of level lv records in obj (absent: none). */
static void convert_rows(const Record *rec, Arena *arena, const cJSON *obj, Level lv, Rows *out)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, level_name(lv));
    out->count = 0;
    out->rows = NULL;
    if (!list || cJSON_IsNull(list)) return;
    if (!cJSON_IsArray(list)) {
        value_error(rec, obj, level_name(lv), MSG_DS_NOT_LIST, level_name(lv), NULL, NULL);
        return;
    }
    int n = cJSON_GetArraySize(list);
    out->rows = arena_alloc(arena, (size_t)(n + 1) * sizeof *out->rows);
    for (const cJSON *row = list->child; row; row = row->next) {
        if (!cJSON_IsObject(row)) {
            value_error(rec, obj, level_name(lv), MSG_DS_NOT_LIST, level_name(lv), NULL, NULL);
            continue;
        }
        out->rows[out->count++] = convert_record(rec, arena, row, lv, NULL);
    }
}

/* Each row fits the school's stages (values.c: row_stage_check). */
static void check_row_stages(const Record *rec, const cJSON *obj, const SchoolData *s, Level lv, Arena *arena)
{
    const RuleSet *rs = rec->r->rs;
    const FieldDecl *f = rs->row_stage_field[lv];
    if (!f) return;
    int stages[JH_MAX_STAGES];
    for (int k = 0; k < s->nstages; k++) stages[k] = s->stages[k].word;
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, level_name(lv));
    const cJSON *row = list ? list->child : NULL;
    for (int i = 0; i < s->rows[lv].count; i++, row = row ? row->next : NULL) {
        const Value *values = s->rows[lv].rows[i];
        const char *have;
        int id = row_stage_check(rs, lv, values, stages, s->nstages, arena, &have);
        if (id == MSG_DS_ROW_STAGE)
            value_error(rec, row, f->name, MSG_DS_ROW_STAGE, level_name(lv), f->words[(int)values[f->slot].num], have);
        else if (id == MSG_DS_ROW_NO_STAGE)
            value_error(rec, row, f->name, MSG_DS_ROW_NO_STAGE, level_name(lv), have, NULL);
    }
}

static const char *text_of(Arena *arena, const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (cJSON_IsString(item)) return arena_strndup(arena, item->valuestring, strlen(item->valuestring));
    if (cJSON_IsNumber(item)) {
        char num[32];
        snprintf(num, sizeof num, "%.15g", item->valuedouble);
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
            int l, c;
            position(r, locate(rec, rec->root, DS_KEY_SCHOOL_CODE), &l, &c);
            diag_at_line(r->diags, DIAG_ERROR, &r->src, l, c, MSG_DS_DUP_CODE, code, r->codes[k].line);
            return;
        }
    }
    r->codes[k].code = arena_strndup(&r->codes_arena, code, strlen(code));
    r->codes[k].line = line;
    r->ncodes++;
}

static void convert_stages(const Record *rec, const cJSON *obj, SchoolData *out, Arena *arena);

static void convert_school(JsonReader *r, const Record *rec, const cJSON *obj, SchoolData *out, Arena *arena)
{
    memset(out, 0, sizeof *out);
    position(r, rec->from, &out->line, &(int){0});
    out->code = text_of(arena, obj, DS_KEY_SCHOOL_CODE);
    if (out->code) { /* a code is compared trimmed, and an empty one is no code */
        size_t len = strlen(out->code);
        trim_blanks(&out->code, &len);
        ((char *)out->code)[len] = '\0';
        if (!len) out->code = NULL;
    }
    out->name = text_of(arena, obj, DS_KEY_SCHOOL_NAME);
    out->type = text_of(arena, obj, DS_KEY_SCHOOL_TYPE);
    if (!out->code) {
        int l, c;
        position(r, rec->from, &l, &c);
        diag_at_line(r->diags, DIAG_ERROR, &r->src, l, c, MSG_DS_NO_CODE);
        out->code = "";
    } else {
        note_code(r, rec, out->code, out->line);
    }
    if (!out->name) out->name = "";
    if (!out->type) out->type = "";
    out->values = convert_record(rec, arena, obj, LV_SCHOOL, &out->where);
    convert_stages(rec, obj, out, arena);
    for (Level lv = LV_CLASS; lv < LV_COUNT; lv++) {
        if (level_parent(lv) != LV_SCHOOL) continue;
        convert_rows(rec, arena, obj, lv, &out->rows[lv]);
        check_row_stages(rec, obj, out, lv, arena);
    }
}

/* The school's stage records, each by its 学段 word. */
static void convert_stages(const Record *rec, const cJSON *obj, SchoolData *out, Arena *arena)
{
    const RuleSet *rs = rec->r->rs;
    const cJSON *stages = cJSON_GetObjectItemCaseSensitive(obj, DS_KEY_STAGES);
    if (!stages) return;
    if (!cJSON_IsArray(stages)) {
        value_error(rec, obj, DS_KEY_STAGES, MSG_DS_EXPECTED, msg_ref(MSG_DS_EXPECTED_STAGE_LIST), NULL, NULL);
        return;
    }
    for (const cJSON *st = stages->child; st; st = st->next) {
        const cJSON *word = cJSON_GetObjectItemCaseSensitive(st, DS_KEY_STAGE);
        int w = cJSON_IsString(word) ? field_word(rs->stage_field, word->valuestring) : -1;
        if (!cJSON_IsObject(st) || w < 0) {
            value_error(rec, st, DS_KEY_STAGE, MSG_DS_STAGE, cJSON_IsString(word) ? word->valuestring : "?",
                        field_words(arena, rs->stage_field), NULL);
            continue;
        }
        for (int k = 0; k < out->nstages; k++)
            if (out->stages[k].word == w)
                value_error(rec, st, DS_KEY_STAGE, MSG_DS_DUP_STAGE, out->code, word->valuestring, NULL);
        if (out->nstages == JH_MAX_STAGES) {
            int line, col;
            position(rec->r, locate(rec, st, DS_KEY_STAGE), &line, &col);
            diag_at_line(rec->r->diags, DIAG_ERROR, &rec->r->src, line, col, MSG_DS_TOO_MANY_STAGES, JH_MAX_STAGES);
            return;
        }
        StageData *sd = &out->stages[out->nstages++];
        sd->word = w;
        sd->values = convert_record(rec, arena, st, LV_STAGE, &sd->where);
    }
}

/* ---- top level ---- */

static void read_meta(JsonReader *r, const Record *rec, const cJSON *meta)
{
    const cJSON *year = cJSON_GetObjectItemCaseSensitive(meta, DS_KEY_META_YEAR);
    if (year && !cJSON_IsNull(year)) {
        char text[32] = "";
        if (cJSON_IsNumber(year)) snprintf(text, sizeof text, "%.15g", year->valuedouble);
        else if (cJSON_IsString(year)) snprintf(text, sizeof text, "%s", year->valuestring);
        r->county.year = year_from_text(text);
        if (!r->county.year) value_error(rec, meta, DS_KEY_META_YEAR, MSG_DS_FIELD_TYPE, DS_KEY_META_YEAR, year_expected(), NULL);
        else if (r->schools_read) /* the evaluation date was fixed when the first school was read */
            value_error(rec, meta, DS_KEY_META_YEAR, MSG_DS_YEAR_AFTER_SCHOOLS, NULL, NULL, NULL);
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(meta, DS_KEY_META_NAME);
    if (cJSON_IsString(name)) r->county.name = arena_strndup(&r->county_arena, name->valuestring, strlen(name->valuestring));
}

/* Reads top-level members until "学校" opens (state ST_SCHOOLS) or the
 * object ends (ST_DONE). Returns 0 on an error. */
static int read_members(JsonReader *r, int after_comma)
{
    for (;;) {
        int ch = peek(r);
        if (!after_comma && ch == '}') {
            consume(r, 1);
            if (peek(r) != -1) {
                error_at(r, r->start, MSG_DS_TRAILING, NULL);
                return 0;
            }
            r->state = ST_DONE;
            return 1;
        }
        if (ch != '"') {
            error_at(r, r->start, MSG_DS_EXPECTED, msg_ref(MSG_DS_EXPECTED_KEY));
            return 0;
        }
        size_t len;
        cJSON *key = parse_value(r, &len);
        if (!key) return 0;
        int which = strcmp(key->valuestring, DS_KEY_SCHOOLS) == 0 ? 1
                    : strcmp(key->valuestring, DS_KEY_COUNTY) == 0 ? 2
                    : strcmp(key->valuestring, DS_KEY_META) == 0 ? 3 : 0;
        consume(r, len);
        arena_reset(&parse_arena);
        if (!expect_byte(r, ':', "':'")) return 0;
        if (which == 1) {
            if (!expect_byte(r, '[', msg_ref(MSG_DS_EXPECTED_SCHOOL_LIST))) return 0;
            r->state = ST_SCHOOLS;
            r->first_element = 1;
            return 1;
        }
        peek(r);
        cJSON *value = parse_value(r, &len);
        if (!value) return 0;
        if (which == 2 && cJSON_IsObject(value)) {
            Record rec = {r, value, r->start, r->start + len};
            r->county.values = convert_record(&rec, &r->county_arena, value, LV_COUNTY, &r->county.where);
            for (Level lv = LV_CLASS; lv < LV_COUNT; lv++)
                if (level_parent(lv) == LV_COUNTY) convert_rows(&rec, &r->county_arena, value, lv, &r->county.rows[lv]);
        } else if (which == 3 && cJSON_IsObject(value)) {
            Record rec = {r, value, r->start, r->start + len};
            read_meta(r, &rec, value);
        }
        consume(r, len);
        arena_reset(&parse_arena);
        ch = peek(r);
        if (ch == ',') {
            consume(r, 1);
            after_comma = 1;
            continue;
        }
        after_comma = 0;
    }
}

JsonReader *jload_open(const char *path, const RuleSet *rs, DiagList *diags, int keep_where)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
        return NULL;
    }
    JsonReader *r = xcalloc(1, sizeof *r);
    r->keep_where = keep_where;
    r->rs = rs;
    r->diags = diags;
    r->f = f;
    r->src.path = xstrdup(path);
    r->line = r->col = 1;
    r->hash = digest_new();
    arena_init(&r->county_arena, 16 * 1024);
    arena_init(&r->codes_arena, 64 * 1024);
    if (open_readers++ == 0) {
        arena_init(&parse_arena, 1 << 20);
        cJSON_Hooks hooks = {parse_alloc, parse_free};
        cJSON_InitHooks(&hooks);
    }
    /* A dataset without "县级" leaves every county value missing. */
    r->county.values = arena_alloc(&r->county_arena, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *r->county.values);
    read_more(r);
    if (r->end - r->start >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) r->start += 3; /* BOM */
    if (!expect_byte(r, '{', msg_ref(MSG_DS_EXPECTED_DATASET)) || !read_members(r, 0)) {
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
            if (peek(r) == ',') {
                consume(r, 1);
                if (!read_members(r, 1)) return -1;
            } else if (!read_members(r, 0)) {
                return -1;
            }
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
        cJSON *school = parse_value(r, &len);
        if (!school) return -1;
        Record rec = {r, school, r->start, r->start + len};
        convert_school(r, &rec, school, out, arena);
        consume(r, len);
        arena_reset(&parse_arena);
        return 1;
    }
    return r->state == ST_DONE ? 0 : -1;
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
    arena_free(&r->county_arena);
    arena_free(&r->codes_arena);
    if (--open_readers == 0) {
        arena_free(&parse_arena);
        cJSON_InitHooks(NULL);
    }
    free(r);
}
