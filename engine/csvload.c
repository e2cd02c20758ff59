/* csvload.c — CSV dataset reader (see csvload.h).
 * csv_open lists the folder and hashes every *.csv file, then takes the
 * layout's files in dependency order (学校, 学段, the school's rows, the
 * county): each is decoded to UTF-8, split into records (RFC 4180), its
 * header bound to the rule set's fields of the file's level, and every
 * record checked and converted into the reader's arena. csv_next copies one
 * school into the caller's arena. */
#include "csvload.h"
#include "limits.h"
#include "digest.h"
#include "numfmt.h"
#include "values.h"
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 县级.csv holds one county field per row. */
#define CSV_KEY_FIELD "字段"
#define CSV_KEY_VALUE "值"

/* Plausibility warnings (they never stop an evaluation). */
#define CSV_PUPILS "在校生数"        /* a stage with 0 pupils has no per-pupil values */
#define CSV_CLASS_SIZE "学生数"      /* a class over JH_WARN_CLASS_SIZE is most likely a typo */

typedef enum { ENC_AUTO, ENC_UTF8, ENC_GB18030 } Encoding;

/* One record of a file: its cells, trimmed; row = the line it starts on. */
typedef struct CsvRow {
    int row;
    int ncells;
    char **cells;
    unsigned char *junk;  /* per cell: characters followed its closing quote */
} CsvRow;

typedef struct Column {
    const char *name;
    const FieldDecl *f;   /* NULL: not read (unknown, duplicate, or a key only) */
    int slot;
    /* 数值/整数 values, for the outlier warning */
    double *xs;
    int *rows;
    int nxs;
} Column;

/* One layout file, while it is processed. */
typedef struct Table {
    Level level;
    const char *path;
    CsvRow *rows;
    int nrows;
    Column *cols;
    int ncols;
} Table;

typedef struct StageRec {
    int word;
    int row;
    Value *values;
    int *line;
} StageRec;

typedef struct SchoolRec {
    const char *code, *name, *type;
    int row;
    Value *values;
    int *line;
    StageRec stages[JH_MAX_STAGES];
    int nstages;
    Value **rows[LV_COUNT];
    int nrows[LV_COUNT], caprows[LV_COUNT];
} SchoolRec;

struct CsvReader {
    const RuleSet *rs;
    DiagList *diags;
    Encoding enc;
    int keep_where;
    Arena arena;          /* everything converted; lives with the reader */
    Arena cells;          /* one file's cells; reset after each file */
    char *paths[LV_COUNT];      /* folder/学校.csv …, as diagnostics and Where show them */
    Source raw[LV_COUNT];       /* the layout files' bytes until decoded */
    int present[LV_COUNT];
    SchoolRec *schools;
    int nschools;
    int *code_hash;       /* school index + 1, open addressing */
    unsigned code_mask;
    int schools_ok;       /* 学校.csv was read: codes in other files can be checked */
    int stages_ok;        /* 学段.csv was read: rows' stages can be checked */
    int next;
    CountyData county;
    int county_cap[LV_COUNT];
    char sha256[65];
};

/* ---- small helpers ---- */

static char *join_path(Arena *a, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    size_t k = strlen(name);
    char *p = arena_alloc(a, n + k + 2);
    memcpy(p, dir, n);
    p[n] = '/';
    memcpy(p + n + 1, name, k + 1);
    return p;
}

/* The folder's last path component: the dataset's name ("." and ".."
 * are resolved first). */
static char *folder_name(Arena *a, const char *dir)
{
    char *real = NULL;
    size_t end = strlen(dir);
    while (end > 1 && dir[end - 1] == '/') end--;
    size_t start = end;
    while (start > 0 && dir[start - 1] != '/') start--;
    if ((end - start == 1 && dir[start] == '.') || (end - start == 2 && dir[start] == '.' && dir[start + 1] == '.')) {
        if ((real = realpath(dir, NULL))) {
            dir = real;
            end = strlen(dir);
            start = end;
            while (start > 0 && dir[start - 1] != '/') start--;
        }
    }
    char *name = arena_strndup(a, dir + start, end - start);
    free(real);
    return name;
}

static int line_of(const char *text, size_t offset)
{
    int line = 1;
    for (size_t i = 0; i < offset; i++) line += text[i] == '\n';
    return line;
}

/* FNV-1a, for the tables of school codes and column names. */
static unsigned hash_code(const char *s)
{
    unsigned h = 2166136261u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int has_csv_suffix(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcmp(name + n - 4, ".csv") == 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static const char *number_text(char buf[32], double x)
{
    numfmt_shortest(buf, 32, x);
    return buf;
}

/* ---- encodings ---- */

/* Offset of the first byte that is not valid UTF-8 (NUL included), or len. */
static size_t utf8_invalid(const unsigned char *s, size_t len)
{
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

static void encoding_error(CsvReader *r, const char *path, int row, const char *name)
{
    Source at = {.path = (char *)path};
    diag_at_line(r->diags, DIAG_ERROR, &at, row, 0, MSG_CSV_ENCODING, name);
}

/* GB18030 (GBK is a subset) to UTF-8 with iconv; -1 after reporting the
 * first byte that is not GB18030. */
static int from_gb18030(CsvReader *r, const char *path, const char *raw, size_t len, char **out, size_t *outlen)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        diag_at(r->diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
        return -1;
    }
    size_t cap = len * 2 + 16;
    char *buf = xmalloc(cap + 1);
    char *in = (char *)raw, *o = buf;
    size_t inleft = len, oleft = cap;
    while (inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1) continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(o - buf);
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
            o = buf + used;
            oleft = cap - used;
            continue;
        }
        /* EILSEQ, or EINVAL: a sequence cut off by the end of the file */
        encoding_error(r, path, line_of(raw, (size_t)(in - raw)), "GB18030");
        free(buf);
        iconv_close(cd);
        return -1;
    }
    iconv_close(cd);
    *o = '\0';
    *out = buf;
    *outlen = (size_t)(o - buf);
    return 0;
}

/* The file as UTF-8 text without BOM. In auto mode a file is UTF-8 when
 * it is valid UTF-8 or starts with a BOM; otherwise the header decides:
 * a header line that is valid UTF-8 with Chinese in it makes the file UTF-8
 * with bad bytes further down (reported), else it is read as GB18030. */
static int decode(CsvReader *r, Level lv, char **out, size_t *outlen)
{
    const char *path = r->paths[lv];
    const char *raw = r->raw[lv].text;
    const unsigned char *u = (const unsigned char *)raw;
    size_t len = r->raw[lv].len;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        Source at = {.path = (char *)path};
        diag_at_line(r->diags, DIAG_ERROR, &at, 1, 0, MSG_CSV_UTF16);
        return -1;
    }
    int bom = len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0;
    size_t bad = utf8_invalid(u, len);
    Encoding enc = r->enc;
    if (enc == ENC_AUTO) {
        if (bom || bad == len) {
            enc = ENC_UTF8;
        } else {
            const char *nl = memchr(raw, '\n', len);
            size_t eol = nl ? (size_t)(nl - raw) : len;
            int chinese = 0;
            for (size_t i = 0; i < eol; i++) chinese |= u[i] >= 0x80;
            enc = bad > eol && chinese ? ENC_UTF8 : ENC_GB18030;
        }
    }
    if (enc == ENC_UTF8) {
        if (bad < len) {
            encoding_error(r, path, line_of(raw, bad), "UTF-8");
            return -1;
        }
        size_t skip = bom ? 3 : 0;
        *outlen = len - skip;
        *out = xmalloc(*outlen + 1);
        memcpy(*out, raw + skip, *outlen);
        (*out)[*outlen] = '\0';
        return 0;
    }
    if (from_gb18030(r, path, raw, len, out, outlen) != 0) return -1;
    const char *nul = memchr(*out, '\0', *outlen);
    if (nul) {
        encoding_error(r, path, line_of(*out, (size_t)(nul - *out)), "GB18030");
        free(*out);
        return -1;
    }
    if (*outlen >= 3 && memcmp(*out, "\xEF\xBB\xBF", 3) == 0) { /* GB18030's BOM, 84 31 95 33 */
        memmove(*out, *out + 3, *outlen - 2);
        *outlen -= 3;
    }
    return 0;
}

/* ---- RFC 4180 ---- */

typedef struct Builder {
    char *s;
    size_t len, cap;
} Builder;

static void put(Builder *b, char c)
{
    if (b->len + 1 >= b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->s = xrealloc(b->s, b->cap);
    }
    b->s[b->len++] = c;
}

/* The cell text trimmed of blanks, in the file's cell arena. */
static char *finish_cell(CsvReader *r, const Builder *b)
{
    const char *text = b->len ? b->s : "";
    size_t len = b->len;
    trim_blanks(&text, &len);
    return arena_strndup(&r->cells, text, len);
}

/* Splits text into records: fields separated by commas, records by LF or
 * CRLF; a field in double quotes may hold commas, line breaks and "" for a
 * quote. Records whose cells are all empty are dropped. -1 after reporting
 * a quote that is never closed. */
static int split_records(CsvReader *r, Table *t, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int line = 1, cap = 0, cellcap = 0, status = 0;
    Builder b = {0};
    char **cells = NULL;
    unsigned char *junk = NULL;
    while (p < end) {
        int start = line, ncells = 0, empty = 1;
        for (;;) {
            b.len = 0;
            int bad = 0;
            const char *q = p;
            while (q < end && (*q == ' ' || *q == '\t')) q++;
            if (q < end && *q == '"') {
                int open_line = line;
                for (p = q + 1;; p++) {
                    if (p == end) {
                        Source at = {.path = (char *)t->path};
                        diag_at_line(r->diags, DIAG_ERROR, &at, open_line, 0, MSG_CSV_OPEN_QUOTE);
                        status = -1;
                        goto done;
                    }
                    if (*p == '"') {
                        if (p + 1 < end && p[1] == '"') {
                            put(&b, '"');
                            p++;
                            continue;
                        }
                        p++;
                        break;
                    }
                    if (*p == '\n') line++;
                    put(&b, *p);
                }
                for (; p < end && *p != ',' && *p != '\n'; p++)
                    if (!is_blank(*p)) bad = 1;
            } else {
                for (; p < end && *p != ',' && *p != '\n'; p++) put(&b, *p);
            }
            if (ncells == cellcap) {
                cellcap = cellcap ? cellcap * 2 : 32;
                cells = xrealloc(cells, (size_t)cellcap * sizeof *cells);
                junk = xrealloc(junk, (size_t)cellcap);
            }
            cells[ncells] = finish_cell(r, &b);
            junk[ncells] = (unsigned char)bad;
            if (*cells[ncells] || bad) empty = 0;
            ncells++;
            if (p < end && *p == ',') {
                p++;
                continue;
            }
            if (p < end) { /* '\n' */
                p++;
                line++;
            }
            break;
        }
        if (empty) continue;
        if (t->nrows == cap) {
            cap = cap ? cap * 2 : 64;
            t->rows = xrealloc(t->rows, (size_t)cap * sizeof *t->rows);
        }
        CsvRow *row = &t->rows[t->nrows++];
        row->row = start;
        row->ncells = ncells;
        row->cells = arena_alloc(&r->cells, (size_t)ncells * sizeof *row->cells);
        memcpy(row->cells, cells, (size_t)ncells * sizeof *cells);
        row->junk = arena_alloc(&r->cells, (size_t)ncells);
        memcpy(row->junk, junk, (size_t)ncells);
    }
done:
    free(b.s);
    free(cells);
    free(junk);
    return status;
}

/* ---- header ---- */

static void check_cells(CsvReader *r, const Table *t, const CsvRow *row);

/* The field a column of level lv's file fills: the level's own field, or in
 * 学段.csv a split school field, which fills the stage's own share. */
static const FieldDecl *column_field(const RuleSet *rs, Level lv, const char *name, int *slot)
{
    const FieldDecl *f = rules_field(rs, lv, name);
    if (f) {
        *slot = f->slot;
        return f;
    }
    if (lv == LV_STAGE && (f = rules_field(rs, LV_SCHOOL, name)) && f->split) {
        *slot = f->stage_slot;
        return f;
    }
    return NULL;
}

static int column_index(const Table *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (strcmp(t->cols[c].name, name) == 0) return c;
    return -1;
}

/* The key columns of data.md's CSV layout. Structural keys are always
 * required; the others when the rule set declares them at the file's level
 * (a rule set that renames a field does not need the old column). */
typedef struct KeyColumn {
    Level level;
    const char *name;
    int structural;
} KeyColumn;

static const KeyColumn key_columns[] = {
    {LV_SCHOOL, DS_KEY_SCHOOL_CODE, 1},
    {LV_STAGE, DS_KEY_SCHOOL_CODE, 1}, {LV_STAGE, DS_KEY_STAGE, 1},
    {LV_CLASS, DS_KEY_SCHOOL_CODE, 1}, {LV_CLASS, "学段", 0}, {LV_CLASS, "年级", 0}, {LV_CLASS, "班号", 0},
    {LV_CLASS, "学生数", 0},
    {LV_CAMPUS, DS_KEY_SCHOOL_CODE, 1}, {LV_CAMPUS, "校区名称", 0}, {LV_CAMPUS, "在校生数", 0},
    {LV_ROOM, DS_KEY_SCHOOL_CODE, 1}, {LV_ROOM, "类型", 0}, {LV_ROOM, "面积", 0},
    {LV_COUNTY, CSV_KEY_FIELD, 1}, {LV_COUNTY, CSV_KEY_VALUE, 1},
    {LV_SUBJECT, "学科", 0}, {LV_SUBJECT, "学业水平等级", 0}, {LV_SUBJECT, "校际差异率", 0},
};

/* Binds the header (the first record) to fields. Returns 0 when the rows
 * cannot be read: a structural key column is missing. */
static int read_header(CsvReader *r, Table *t)
{
    Source at = {.path = (char *)t->path};
    if (t->nrows == 0) {
        diag_at_line(r->diags, DIAG_ERROR, &at, 1, 0, MSG_CSV_NO_HEADER);
        return 0;
    }
    const CsvRow *h = &t->rows[0];
    t->ncols = h->ncells;
    t->cols = arena_alloc(&r->cells, (size_t)t->ncols * sizeof *t->cols);
    /* The columns by name (index + 1), open addressing: a header may be wide. */
    unsigned size = 16;
    while (size < (unsigned)t->ncols * 2) size *= 2;
    int *named = arena_alloc(&r->cells, size * sizeof *named);
    for (int c = 0; c < t->ncols; c++) {
        Column *col = &t->cols[c];
        col->name = h->cells[c];
        col->slot = -1;
        if (!*col->name) continue; /* an unnamed column is ignored */
        unsigned k = hash_code(col->name) & (size - 1);
        while (named[k] && strcmp(t->cols[named[k] - 1].name, col->name) != 0) k = (k + 1) & (size - 1);
        if (named[k]) {
            diag_at_cell(r->diags, DIAG_ERROR, t->path, h->row, col->name, MSG_CSV_DUP_COLUMN, col->name, named[k], c + 1);
            col->name = "";
            continue;
        }
        named[k] = c + 1;
        if (t->level != LV_COUNTY) col->f = column_field(r->rs, t->level, col->name, &col->slot);
    }
    check_cells(r, t, h);
    int usable = 1;
    for (size_t k = 0; k < sizeof key_columns / sizeof *key_columns; k++) {
        const KeyColumn *key = &key_columns[k];
        if (key->level != t->level || column_index(t, key->name) >= 0) continue;
        if (!key->structural && !rules_field(r->rs, t->level, key->name)) continue;
        diag_at_line(r->diags, DIAG_ERROR, &at, h->row, 0, MSG_CSV_MISSING_COLUMN, key->name);
        if (key->structural) usable = 0;
    }
    return usable;
}

/* ---- records ---- */

static const char *cell(const CsvRow *row, int c)
{
    return c >= 0 && c < row->ncells ? row->cells[c] : "";
}

/* Reports characters after a closing quote and cells past the header. */
static void check_cells(CsvReader *r, const Table *t, const CsvRow *row)
{
    int extra = 0;
    for (int c = 0; c < row->ncells; c++) {
        if (c >= t->ncols) {
            extra |= *row->cells[c] || row->junk[c];
            continue;
        }
        if (row->junk[c]) {
            const char *name = *t->cols[c].name ? t->cols[c].name : "?";
            diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, name, MSG_CSV_AFTER_QUOTE);
        }
    }
    if (extra) {
        Source at = {.path = (char *)t->path};
        diag_at_line(r->diags, DIAG_ERROR, &at, row->row, 0, MSG_CSV_EXTRA_CELLS, row->ncells, t->ncols);
    }
}

/* Converts text to f's value; reports a text that does not convert. */
static int convert_cell(CsvReader *r, const Table *t, const CsvRow *row, const char *column, const FieldDecl *f,
                        const char *text, Value *v)
{
    if (value_from_text(f, text, &r->arena, v) == 0) return 0;
    if (f->decl == DECL_ENUM || f->decl == DECL_RATING || f->decl == DECL_LEVEL)
        diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, column, MSG_DS_ENUM, f->name, text, field_words(&r->arena, f));
    else
        diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, column, MSG_CSV_FIELD_TYPE, f->name, field_expected(f), text);
    return -1;
}

/* The values of a record at level lv (every bound column but skip), and
 * with keep_where the row of every value present. */
static Value *convert_row(CsvReader *r, Table *t, const CsvRow *row, Level lv, int skip, int **line)
{
    Value *values = arena_alloc(&r->arena, (size_t)(r->rs->nslots[lv] + 1) * sizeof *values);
    *line = r->keep_where ? arena_alloc(&r->arena, (size_t)(r->rs->nslots[lv] + 1) * sizeof **line) : NULL;
    for (int c = 0; c < t->ncols && c < row->ncells; c++) {
        Column *col = &t->cols[c];
        if (!col->f || c == skip || row->junk[c]) continue;
        Value v;
        if (convert_cell(r, t, row, col->name, col->f, row->cells[c], &v) != 0) continue;
        values[col->slot] = v;
        if (v.tag == V_MISSING) continue;
        if (*line) (*line)[col->slot] = row->row;
        if (v.tag == V_NUM && (col->f->decl == DECL_INT || col->f->decl == DECL_NUM)) {
            if (!col->xs) {
                col->xs = arena_alloc(&r->cells, (size_t)t->nrows * sizeof *col->xs);
                col->rows = arena_alloc(&r->cells, (size_t)t->nrows * sizeof *col->rows);
            }
            col->xs[col->nxs] = v.num;
            col->rows[col->nxs++] = row->row;
        }
    }
    return values;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Warns of values at least JH_WARN_OUTLIER_FACTOR times their column's median
 * (numeric columns with enough values and a positive median). */
static void warn_outliers(CsvReader *r, const Table *t)
{
    for (int c = 0; c < t->ncols; c++) {
        const Column *col = &t->cols[c];
        if (col->nxs < JH_WARN_OUTLIER_MIN_VALUES) continue;
        double *sorted = xmalloc((size_t)col->nxs * sizeof *sorted);
        memcpy(sorted, col->xs, (size_t)col->nxs * sizeof *sorted);
        qsort(sorted, (size_t)col->nxs, sizeof *sorted, compare_doubles);
        int n = col->nxs;
        double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        free(sorted);
        if (!(median > 0)) continue;
        for (int i = 0; i < n; i++) {
            if (col->xs[i] < JH_WARN_OUTLIER_FACTOR * median) continue;
            char a[32], b[32];
            diag_at_cell(r->diags, DIAG_WARNING, t->path, col->rows[i], col->name, MSG_CSV_OUTLIER,
                         number_text(a, col->xs[i]), number_text(b, median), JH_WARN_OUTLIER_FACTOR);
        }
    }
}

/* ---- schools ---- */

static SchoolRec *find_school(const CsvReader *r, const char *code)
{
    if (!r->code_hash) return NULL;
    for (unsigned k = hash_code(code) & r->code_mask; r->code_hash[k]; k = (k + 1) & r->code_mask)
        if (strcmp(r->schools[r->code_hash[k] - 1].code, code) == 0) return &r->schools[r->code_hash[k] - 1];
    return NULL;
}

/* Adds the last school to the index (sized for every row of 学校.csv). */
static void index_school(CsvReader *r)
{
    unsigned k = hash_code(r->schools[r->nschools - 1].code) & r->code_mask;
    while (r->code_hash[k]) k = (k + 1) & r->code_mask;
    r->code_hash[k] = r->nschools;
}

/* The school a row of a child file belongs to; NULL after reporting an
 * empty or unknown code. */
static SchoolRec *row_school(CsvReader *r, const Table *t, const CsvRow *row, int code_col)
{
    const char *code = cell(row, code_col);
    if (!*code) {
        diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_SCHOOL_CODE, MSG_CSV_EMPTY_KEY, DS_KEY_SCHOOL_CODE);
        return NULL;
    }
    SchoolRec *s = find_school(r, code);
    if (!s && r->schools_ok) {
        char file[64];
        snprintf(file, sizeof file, "%s.csv", level_name(LV_SCHOOL));
        diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_SCHOOL_CODE, MSG_CSV_UNKNOWN_SCHOOL, code, file);
    }
    return s;
}

static void read_schools(CsvReader *r, Table *t)
{
    int code_col = column_index(t, DS_KEY_SCHOOL_CODE);
    int name_col = column_index(t, DS_KEY_SCHOOL_NAME), type_col = column_index(t, DS_KEY_SCHOOL_TYPE);
    r->schools = xcalloc((size_t)t->nrows, sizeof *r->schools);
    unsigned size = 16;
    while (size < (unsigned)t->nrows * 2) size *= 2;
    r->code_hash = xcalloc(size, sizeof *r->code_hash);
    r->code_mask = size - 1;
    for (int i = 1; i < t->nrows; i++) {
        const CsvRow *row = &t->rows[i];
        check_cells(r, t, row);
        const char *code = cell(row, code_col);
        int ok = 1;
        if (!*code) {
            diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_SCHOOL_CODE, MSG_CSV_EMPTY_KEY, DS_KEY_SCHOOL_CODE);
            ok = 0;
        } else {
            const SchoolRec *first = find_school(r, code);
            if (first) {
                diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_SCHOOL_CODE, MSG_DS_DUP_CODE, code, first->row);
                ok = 0;
            }
        }
        int *line;
        Value *values = convert_row(r, t, row, LV_SCHOOL, -1, &line);
        if (!ok) continue;
        SchoolRec *s = &r->schools[r->nschools++];
        s->code = arena_strndup(&r->arena, code, strlen(code));
        s->name = arena_strndup(&r->arena, cell(row, name_col), strlen(cell(row, name_col)));
        s->type = arena_strndup(&r->arena, cell(row, type_col), strlen(cell(row, type_col)));
        s->row = row->row;
        s->values = values;
        s->line = line;
        index_school(r);
    }
    r->schools_ok = 1;
}

static void read_stages(CsvReader *r, Table *t)
{
    const RuleSet *rs = r->rs;
    int code_col = column_index(t, DS_KEY_SCHOOL_CODE), stage_col = column_index(t, DS_KEY_STAGE);
    const FieldDecl *pupils = rules_field(rs, LV_STAGE, CSV_PUPILS);
    for (int i = 1; i < t->nrows; i++) {
        const CsvRow *row = &t->rows[i];
        check_cells(r, t, row);
        SchoolRec *s = row_school(r, t, row, code_col);
        const char *word = cell(row, stage_col);
        int w = -1;
        if (!*word) {
            diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_STAGE, MSG_CSV_EMPTY_KEY, DS_KEY_STAGE);
        } else if ((w = field_word(rs->stage_field, word)) < 0) {
            diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_STAGE, MSG_DS_STAGE, word,
                         field_words(&r->arena, rs->stage_field));
        } else if (s) {
            for (int k = 0; k < s->nstages; k++) {
                if (s->stages[k].word != w) continue;
                diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_STAGE, MSG_CSV_DUP_STAGE, s->code,
                             rs->stage_field->words[w], s->stages[k].row);
                s = NULL;
                break;
            }
            if (s && s->nstages == JH_MAX_STAGES) {
                diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, DS_KEY_STAGE, MSG_DS_TOO_MANY_STAGES, JH_MAX_STAGES);
                s = NULL;
            }
        }
        int *line;
        Value *values = convert_row(r, t, row, LV_STAGE, w < 0 ? stage_col : -1, &line);
        if (!s || w < 0) continue;
        StageRec *st = &s->stages[s->nstages++];
        st->word = w;
        st->row = row->row;
        st->values = values;
        st->line = line;
        if (pupils && values[pupils->slot].tag == V_NUM && values[pupils->slot].num == 0)
            diag_at_cell(r->diags, DIAG_WARNING, t->path, row->row, pupils->name, MSG_CSV_ZERO_PUPILS, s->code,
                         rs->stage_field->words[w]);
    }
    r->stages_ok = 1;
}

/* A row fits its school's stages (values.c: row_stage_check). */
static void check_row_stage(CsvReader *r, const Table *t, const CsvRow *row, const SchoolRec *s, const Value *values)
{
    const FieldDecl *f = r->rs->row_stage_field[t->level];
    if (!f || !r->stages_ok) return;
    int stages[JH_MAX_STAGES];
    for (int k = 0; k < s->nstages; k++) stages[k] = s->stages[k].word;
    const char *have;
    int id = row_stage_check(r->rs, t->level, values, stages, s->nstages, &r->cells, &have);
    if (id == MSG_DS_ROW_STAGE)
        diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, f->name, MSG_DS_ROW_STAGE, level_name(t->level),
                     f->words[(int)values[f->slot].num], have);
    else if (id == MSG_DS_ROW_NO_STAGE)
        diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, f->name, MSG_DS_ROW_NO_STAGE, level_name(t->level), have);
}

static void append_row(Value ***rows, int *count, int *cap, Value *values)
{
    if (*count == *cap) {
        *cap = *cap ? *cap * 2 : 16;
        *rows = xrealloc(*rows, (size_t)*cap * sizeof **rows);
    }
    (*rows)[(*count)++] = values;
}

/* 班级.csv, 校区.csv, 专用教室.csv: rows below a school. */
static void read_school_rows(CsvReader *r, Table *t)
{
    Level lv = t->level;
    int code_col = column_index(t, DS_KEY_SCHOOL_CODE);
    const FieldDecl *size = lv == LV_CLASS ? rules_field(r->rs, LV_CLASS, CSV_CLASS_SIZE) : NULL;
    for (int i = 1; i < t->nrows; i++) {
        const CsvRow *row = &t->rows[i];
        check_cells(r, t, row);
        SchoolRec *s = row_school(r, t, row, code_col);
        int *line;
        Value *values = convert_row(r, t, row, lv, -1, &line);
        if (s) check_row_stage(r, t, row, s, values);
        if (size && values[size->slot].tag == V_NUM && values[size->slot].num > JH_WARN_CLASS_SIZE) {
            char a[32];
            diag_at_cell(r->diags, DIAG_WARNING, t->path, row->row, size->name, MSG_CSV_BIG_CLASS,
                         number_text(a, values[size->slot].num), JH_WARN_CLASS_SIZE);
        }
        if (s) append_row(&s->rows[lv], &s->nrows[lv], &s->caprows[lv], values);
    }
}

/* ---- the county ---- */

/* 县级.csv: one county field per row (字段, 值); unknown fields are ignored. */
static void read_county(CsvReader *r, Table *t)
{
    const RuleSet *rs = r->rs;
    int field_col = column_index(t, CSV_KEY_FIELD), value_col = column_index(t, CSV_KEY_VALUE);
    int *first = arena_alloc(&r->cells, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *first);
    int *line = r->keep_where ? arena_alloc(&r->arena, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *line) : NULL;
    if (line) {
        r->county.where.file = t->path;
        r->county.where.line = line;
    }
    for (int i = 1; i < t->nrows; i++) {
        const CsvRow *row = &t->rows[i];
        check_cells(r, t, row);
        const char *name = cell(row, field_col);
        if (!*name) {
            diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, CSV_KEY_FIELD, MSG_CSV_EMPTY_KEY, CSV_KEY_FIELD);
            continue;
        }
        const FieldDecl *f = rules_field(rs, LV_COUNTY, name);
        if (!f) {
            /* The dataset's year (data.md: 数据集.年度 in JSON) may be a row here. */
            if (strcmp(name, DS_KEY_META_YEAR) == 0) {
                r->county.year = year_from_text(cell(row, value_col));
                if (!r->county.year)
                    diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, CSV_KEY_VALUE, MSG_CSV_FIELD_TYPE, name,
                                 year_expected(), cell(row, value_col));
            }
            continue;
        }
        if (first[f->slot]) {
            diag_at_cell(r->diags, DIAG_ERROR, t->path, row->row, CSV_KEY_FIELD, MSG_CSV_DUP_COUNTY_FIELD, name,
                         first[f->slot]);
            continue;
        }
        first[f->slot] = row->row;
        if (value_col < row->ncells && row->junk[value_col]) continue;
        Value v;
        if (convert_cell(r, t, row, CSV_KEY_VALUE, f, cell(row, value_col), &v) != 0) continue;
        r->county.values[f->slot] = v;
        if (line && v.tag != V_MISSING) line[f->slot] = row->row;
    }
}

/* 质量监测.csv: rows below the county. */
static void read_county_rows(CsvReader *r, Table *t)
{
    Level lv = t->level;
    Rows *rows = &r->county.rows[lv];
    for (int i = 1; i < t->nrows; i++) {
        const CsvRow *row = &t->rows[i];
        check_cells(r, t, row);
        int *line;
        append_row(&rows->rows, &rows->count, &r->county_cap[lv], convert_row(r, t, row, lv, -1, &line));
    }
}

/* ---- the folder ---- */

/* Reads and hashes every *.csv file, in name order; keeps the layout's.
 * An entry that is not a regular file (a folder, FIFO or device) is an
 * error, not skipped: a layout file skipped would vanish silently. */
static int read_folder(CsvReader *r, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        diag_at(r->diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, dir, errno_text(errno));
        return -1;
    }
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *ent;
    while ((ent = readdir(d))) {
        if (!has_csv_suffix(ent->d_name)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            names = xrealloc(names, (size_t)cap * sizeof *names);
        }
        names[n++] = xstrdup(ent->d_name);
    }
    closedir(d);
    if (n) qsort(names, (size_t)n, sizeof *names, compare_names);
    Digest *hash = digest_new();
    for (int i = 0; i < n; i++) {
        char *path = join_path(&r->cells, dir, names[i]);
        Level lv = LV_COUNT;
        for (Level k = LV_COUNTY; k < LV_COUNT; k++) {
            char name[64];
            snprintf(name, sizeof name, "%s.csv", level_name(k));
            if (strcmp(names[i], name) == 0) lv = k;
        }
        Source src;
        if (source_read(&src, path, JH_MAX_CSV_FILE_BYTES) != 0) {
            if (errno == EFBIG) diag_at(r->diags, DIAG_ERROR, NULL, 0, MSG_IO_TOO_LARGE, path, JH_MAX_CSV_FILE_BYTES);
            else diag_at(r->diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
            continue;
        }
        digest_update(hash, names[i], strlen(names[i]) + 1);
        digest_update(hash, src.text, src.len);
        if (lv != LV_COUNT) {
            r->raw[lv] = src;
            r->present[lv] = 1;
        } else {
            source_free(&src);
        }
    }
    digest_finish(hash, r->sha256);
    for (int i = 0; i < n; i++) free(names[i]);
    free(names);
    return 0;
}

static int parse_encoding(const char *name, Encoding *enc)
{
    if (!name || strcasecmp(name, "auto") == 0) *enc = ENC_AUTO;
    else if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0) *enc = ENC_UTF8;
    else if (strcasecmp(name, "gb18030") == 0 || strcasecmp(name, "gbk") == 0) *enc = ENC_GB18030;
    else return -1;
    return 0;
}

/* One layout file: decode, split, bind the header, read the records. */
static void read_table(CsvReader *r, Level lv)
{
    Table t = {.level = lv, .path = r->paths[lv]};
    char *text;
    size_t len;
    int ok = decode(r, lv, &text, &len) == 0;
    source_free(&r->raw[lv]);
    if (!ok) return;
    ok = split_records(r, &t, text, len) == 0;
    free(text);
    if (ok && read_header(r, &t)) {
        switch (lv) {
        case LV_SCHOOL: read_schools(r, &t); break;
        case LV_STAGE: read_stages(r, &t); break;
        case LV_COUNTY: read_county(r, &t); break;
        default:
            if (level_parent(lv) == LV_COUNTY) read_county_rows(r, &t);
            else read_school_rows(r, &t);
            break;
        }
        warn_outliers(r, &t);
    }
    free(t.rows);
    arena_reset(&r->cells);
}

CsvReader *csv_open(const char *dir, const RuleSet *rs, DiagList *diags, const char *encoding, int keep_where)
{
    Encoding enc;
    if (parse_encoding(encoding, &enc) != 0) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_CSV_ENCODING_NAME, encoding);
        return NULL;
    }
    int errors = diags->errors;
    CsvReader *r = xcalloc(1, sizeof *r);
    r->rs = rs;
    r->diags = diags;
    r->enc = enc;
    r->keep_where = keep_where;
    arena_init(&r->arena, 64 * 1024);
    arena_init(&r->cells, 64 * 1024);
    r->county.name = folder_name(&r->arena, dir);
    r->county.values = arena_alloc(&r->arena, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *r->county.values);
    if (read_folder(r, dir) != 0) {
        csv_close(r);
        return NULL;
    }
    arena_reset(&r->cells);
    /* Schools first: every other file names them; stages before the rows
     * that are checked against them. */
    static const Level order[] = {LV_SCHOOL, LV_STAGE, LV_CLASS, LV_CAMPUS, LV_ROOM, LV_COUNTY, LV_SUBJECT};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        Level lv = order[i];
        char name[64];
        snprintf(name, sizeof name, "%s.csv", level_name(lv));
        r->paths[lv] = join_path(&r->arena, dir, name);
        if (r->present[lv]) read_table(r, lv);
        else if (lv == LV_SCHOOL || lv == LV_STAGE)
            diag_at(diags, DIAG_ERROR, NULL, 0, MSG_CSV_NO_FILE, dir, name);
    }
    if (diags->errors > errors) {
        csv_close(r);
        return NULL;
    }
    return r;
}

/* ---- handing out schools ---- */

static Value *copy_values(Arena *a, const Value *v, int n)
{
    Value *out = arena_alloc_raw(a, (size_t)n * sizeof *out);
    memcpy(out, v, (size_t)n * sizeof *out);
    for (int i = 0; i < n; i++)
        if (out[i].tag == V_TEXT) out[i].text = arena_strndup(a, v[i].text, strlen(v[i].text));
    return out;
}

static void copy_where(Arena *a, Where *w, const char *file, const int *line, int n)
{
    memset(w, 0, sizeof *w);
    if (!line) return;
    w->file = file;
    w->line = arena_alloc_raw(a, (size_t)n * sizeof *w->line);
    memcpy(w->line, line, (size_t)n * sizeof *w->line);
}

int csv_next(CsvReader *r, SchoolData *out, Arena *arena)
{
    if (r->next >= r->nschools) return 0;
    const RuleSet *rs = r->rs;
    const SchoolRec *s = &r->schools[r->next++];
    memset(out, 0, sizeof *out);
    out->code = arena_strndup(arena, s->code, strlen(s->code));
    out->name = arena_strndup(arena, s->name, strlen(s->name));
    out->type = arena_strndup(arena, s->type, strlen(s->type));
    out->line = s->row;
    int n = rs->nslots[LV_SCHOOL] + 1;
    out->values = copy_values(arena, s->values, n);
    copy_where(arena, &out->where, r->paths[LV_SCHOOL], s->line, n);
    n = rs->nslots[LV_STAGE] + 1;
    for (int k = 0; k < s->nstages; k++) {
        StageData *sd = &out->stages[k];
        sd->word = s->stages[k].word;
        sd->values = copy_values(arena, s->stages[k].values, n);
        copy_where(arena, &sd->where, r->paths[LV_STAGE], s->stages[k].line, n);
    }
    out->nstages = s->nstages;
    for (Level lv = LV_CLASS; lv < LV_COUNT; lv++) {
        if (level_parent(lv) != LV_SCHOOL || !s->nrows[lv]) continue;
        Rows *rows = &out->rows[lv];
        rows->rows = arena_alloc(arena, (size_t)(s->nrows[lv] + 1) * sizeof *rows->rows);
        for (int i = 0; i < s->nrows[lv]; i++) rows->rows[i] = copy_values(arena, s->rows[lv][i], rs->nslots[lv] + 1);
        rows->count = s->nrows[lv];
    }
    return 1;
}

const CountyData *csv_county(const CsvReader *r)
{
    return &r->county;
}

void csv_sha256(CsvReader *r, char hex[65])
{
    memcpy(hex, r->sha256, 65);
}

void csv_close(CsvReader *r)
{
    if (!r) return;
    for (int i = 0; i < r->nschools; i++)
        for (Level lv = LV_COUNTY; lv < LV_COUNT; lv++) free(r->schools[i].rows[lv]);
    free(r->schools);
    free(r->code_hash);
    for (Level lv = LV_COUNTY; lv < LV_COUNT; lv++) {
        free(r->county.rows[lv].rows);
        source_free(&r->raw[lv]);
    }
    arena_free(&r->arena);
    arena_free(&r->cells);
    free(r);
}
