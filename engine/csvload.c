/* csvload.c — CSV dataset reader (see csvload.h).
 * csv_open lists the folder and hashes every *.csv file, then takes the
 * layout's files in dependency order (学校, 学段, the school's rows, the
 * county): each is decoded to UTF-8, split into records (RFC 4180), its
 * header bound to the rule set's fields of the file's level, and every
 * record checked and converted into the reader's arena. csv_next copies one
 * school into the caller's arena. */
#include "csvload.h"
#include "datacheck.h"
#include "limits.h"
#include "digest.h"
#include "numfmt.h"
#include "values.h"
#include "xlsx.h"
#include <assert.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 县级.csv holds one county field per row. */
#define CSV_KEY_FIELD "字段"
#define CSV_KEY_VALUE "值"

/* Plausibility warnings (they never stop an evaluation): heuristics of
 * this reader with their thresholds in limits.h, for the rule sets that
 * declare these fields. */
#define CSV_PUPILS "在校生数"        /* a stage with 0 pupils has no per-pupil values */

typedef enum { ENC_AUTO, ENC_UTF8, ENC_GB18030 } Encoding;

#define JH_TABLES (JH_MAX_LEVELS + JH_MAX_PROFILES)

/* One record of a file: its cells, trimmed; row = the line it starts on.
 * Only the cells a header can name are kept (stored); a cell past them is
 * only noted (extra), so a long row of commas takes no memory. */
typedef struct CsvRow {
    int row;
    int ncells, stored;
    int extra;            /* a cell past the stored ones is not empty */
    const char **cells;
    unsigned char *junk;  /* per stored cell: characters followed its closing quote */
} CsvRow;

typedef struct Column {
    const char *name;
    const FieldDecl *f;   /* NULL: not read (unknown, duplicate, or a key only) */
    int slot;
    double factor;        /* its values times this are in f's unit (也称 … × 10000) */
    int stage;            /* a profile's column of a stage: the word's index; else -1 */
    /* 数值/整数 values, for the outlier warning */
    double *xs;
    int *rows;
    int nxs, capxs;
} Column;

/* One layout file, while it is processed: its header, bound to fields, and
 * what its records are read with. */
typedef struct Table {
    Level level;
    const Profile *profile;   /* an import profile's table ... */
    struct Table *views;      /* ... of schools: its views (profile_views) */
    int row_read;             /* ... of the county: the row read */
    const char *path;         /* folder/学段.csv, or WORKBOOK!学段 */
    const XlsxSheet *sheet;   /* a workbook's sheet: its rows are the records */
    int next_row;             /* the sheet's row read next */
    Column *cols;
    int ncols;
    int code_col, name_col, type_col, stage_col, field_col, value_col; /* key columns; -1: absent */
    const FieldDecl *watched; /* 学段.csv: 在校生数, for its warnings */
    int *first;               /* 县级.csv: the row of each county field, by slot */
    int excel_codes;          /* rows whose code Excel turned into a number (unknown_code) */
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
    Value **rows[JH_MAX_LEVELS];
    int nrows[JH_MAX_LEVELS], caprows[JH_MAX_LEVELS];
} SchoolRec;

struct CsvReader {
    const RuleSet *rs;
    DiagList *diags;
    Encoding enc;
    int keep_where;
    Arena arena;          /* everything converted; lives with the reader */
    Arena cells;          /* one file's header and columns; reset after each file */
    Arena record;         /* one record's cells and messages; reset after each record */
    /* What the reader keeps (arena, school and row lists) and the outlier
     * values of the file being read, against JH_MAX_CSV_MEMORY. */
    size_t held;
    int full;             /* the limit was reached: records are no longer read */
    /* The tables, by index: the levels' (学校, 学段 …), then the import
     * profiles' (the rule set's 导入, in order). */
    char *paths[JH_TABLES];      /* folder/学校.csv … or WORKBOOK!学校 …, as diagnostics and Where show them */
    Source raw[JH_TABLES];       /* the tables' bytes until decoded */
    Xlsx *book;                  /* a workbook: its sheets instead of files */
    const XlsxSheet *sheets[JH_TABLES];
    int *cols[JH_MAX_LEVELS];    /* a workbook's: the column of each slot, for Where */
    int **stage_cols;            /* a school profile's: the columns of each stage word's slots */
    const char *where_school, *where_stage; /* the tables schools and stages came from */
    int present[JH_TABLES];    /* 1: read it; -1: a sheet that could not be read (reported) */
    SchoolRec *schools;
    int nschools, caps;
    int *code_hash;       /* school index + 1, open addressing */
    unsigned code_mask;
    int schools_ok;       /* 学校.csv was read: codes in other files can be checked */
    int stages_ok;        /* 学段.csv was read: rows' stages can be checked */
    int codes_broken;     /* a row named a school 学校.csv lacks: its stages and records are incomplete */
    int next;
    FieldReaders *readers;  /* which indicators lack a field no file gives */
    CountyData county;
    int county_cap[JH_MAX_LEVELS];
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

/* Whether file is NAME followed by suffix (学段.csv, or a sheet 学段). */
static int is_named(const char *file, const char *name, const char *suffix)
{
    size_t n = strlen(name);
    return strncmp(file, name, n) == 0 && strcmp(file + n, suffix) == 0;
}

/* The table a file or sheet holds: a level's (its index) or an import
 * profile's (nlevels + its index); -1: none. */
static int table_of(const RuleSet *rs, const char *file, const char *suffix)
{
    for (Level k = LV_COUNTY; k < rs->nlevels; k++)
        if (is_named(file, level_name(rs, k), suffix)) return k;
    for (int i = 0; i < rs->nprofiles && i < JH_MAX_PROFILES; i++)
        if (is_named(file, rs->profiles[i]->name, suffix)) return rs->nlevels + i;
    return -1;
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
    size_t cap = len + len / 2 + 16; /* GBK's two bytes are UTF-8's three */
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

/* The file as UTF-8 text without BOM, in *text: the file's own bytes when
 * they are UTF-8, else a converted copy, *owned, and the file's bytes are
 * dropped. In auto mode a file is UTF-8 when it is valid UTF-8 or starts
 * with a BOM; otherwise the header decides: a header line that is valid
 * UTF-8 with Chinese in it makes the file UTF-8 with bad bytes further down
 * (reported), else it is read as GB18030. */
static int decode(CsvReader *r, Level lv, const char **text, size_t *textlen, char **owned)
{
    *owned = NULL;
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
    size_t bad = utf8_invalid(raw, len);
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
        *text = raw + skip;
        *textlen = len - skip;
        return 0;
    }
    char *out;
    size_t outlen;
    int status = from_gb18030(r, path, raw, len, &out, &outlen);
    source_free(&r->raw[lv]);
    if (status != 0) return -1;
    const char *nul = memchr(out, '\0', outlen);
    if (nul) {
        encoding_error(r, path, line_of(out, (size_t)(nul - out)), "GB18030");
        free(out);
        return -1;
    }
    if (outlen >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0) { /* GB18030's BOM, 84 31 95 33 */
        memmove(out, out + 3, outlen - 2);
        outlen -= 3;
    }
    *text = *owned = out;
    *textlen = outlen;
    return 0;
}

/* ---- RFC 4180 ---- */

typedef struct Builder {
    char *s;
    size_t len, cap;
} Builder;

static void put(Builder *b, const char *p, size_t n)
{
    if (b->len + n >= b->cap) {
        while (b->len + n >= b->cap) b->cap = b->cap ? b->cap * 2 : 256;
        b->s = xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, p, n);
    b->len += n;
}

/* Splits a file's text into records, one at a time: fields separated by
 * commas, records by LF or CRLF; a field in double quotes may hold commas,
 * line breaks and "" for a quote. A record is read when the one before has
 * been, so a file is never held as records; a record's cells are held in
 * one buffer, each trimmed and ended by a NUL. */
typedef struct Splitter {
    const char *p, *end;
    int line;
    Builder b;            /* the last record's cells */
    size_t *at;           /* where each cell starts in b; SIZE_MAX: empty */
    const char **cells;
    unsigned char *junk;
    int cap;
} Splitter;

/* The next record that has a non-empty cell: 1 with *row (its first max
 * cells; all of it the splitter's until the next call), 0 at the end of the
 * text, -1 after reporting a quote that is never closed. */
static int next_record(CsvReader *r, const Table *t, Splitter *sp, int max, CsvRow *row)
{
    const char *p = sp->p, *end = sp->end;
    int status = 0;
    while (p < end && !status) {
        int start = sp->line, ncells = 0, empty = 1, extra = 0;
        sp->b.len = 0;
        for (;;) {
            size_t from = sp->b.len;
            int bad = 0;
            const char *q = p;
            while (q < end && (*q == ' ' || *q == '\t')) q++;
            if (q < end && *q == '"') {
                int open_line = sp->line;
                for (p = q + 1;; p++) {
                    if (p == end) {
                        Source at = {.path = (char *)t->path};
                        diag_at_line(r->diags, DIAG_ERROR, &at, open_line, 0, MSG_CSV_OPEN_QUOTE);
                        sp->p = p;
                        return -1;
                    }
                    if (*p == '"') {
                        if (p + 1 < end && p[1] == '"') {
                            put(&sp->b, p, 1);
                            p++;
                            continue;
                        }
                        p++;
                        break;
                    }
                    if (*p == '\n') sp->line++;
                    put(&sp->b, p, 1);
                }
                for (; p < end && *p != ',' && *p != '\n'; p++)
                    if (!is_blank(*p)) bad = 1;
            } else {
                const char *cell_end = p;
                while (cell_end < end && *cell_end != ',' && *cell_end != '\n') cell_end++;
                put(&sp->b, p, (size_t)(cell_end - p));
                p = cell_end;
            }
            const char *text = sp->b.s ? sp->b.s + from : "";
            size_t len = sp->b.len - from;
            trim_blanks(&text, &len);
            if (len || bad) empty = 0;
            if (ncells >= max) {
                extra |= len || bad;
                sp->b.len = from; /* a cell past the header is not kept */
            } else {
                if (ncells == sp->cap) {
                    sp->cap = sp->cap ? sp->cap * 2 : 32;
                    sp->at = xrealloc(sp->at, (size_t)sp->cap * sizeof *sp->at);
                    sp->cells = xrealloc((void *)sp->cells, (size_t)sp->cap * sizeof *sp->cells);
                    sp->junk = xrealloc(sp->junk, (size_t)sp->cap);
                }
                sp->junk[ncells] = (unsigned char)bad;
                sp->at[ncells] = len ? (size_t)(text - sp->b.s) : SIZE_MAX;
                sp->b.len = len ? sp->at[ncells] + len : from;
                if (len) put(&sp->b, "", 1);
            }
            ncells++;
            if (p < end && *p == ',') {
                p++;
                continue;
            }
            if (p < end) { /* '\n' */
                p++;
                sp->line++;
            }
            break;
        }
        if (empty) continue;
        row->row = start;
        row->ncells = ncells;
        row->stored = ncells < max ? ncells : max;
        row->extra = extra;
        for (int c = 0; c < row->stored; c++) sp->cells[c] = sp->at[c] == SIZE_MAX ? "" : sp->b.s + sp->at[c];
        row->cells = sp->cells;
        row->junk = sp->junk;
        status = 1;
    }
    sp->p = p;
    return status;
}

/* The next row of a worksheet with a cell that is not blank, as
 * next_record gives a CSV record: its cells by column from A, trimmed (in
 * the record arena); a cell past the first max only noted. */
static int sheet_record(CsvReader *r, Table *t, int max, CsvRow *row)
{
    const XlsxSheet *sh = t->sheet;
    while (t->next_row < sh->nrows) {
        const XlsxRow *xr = &sh->rows[t->next_row++];
        int ncells = 0;
        for (int i = 0; i < xr->ncells; i++) {
            const char *text = xr->cells[i].text;
            size_t len = strlen(text);
            trim_blanks(&text, &len);
            if (len) ncells = xr->cells[i].col;
        }
        if (!ncells) continue;
        row->row = xr->row;
        row->ncells = ncells;
        row->stored = ncells < max ? ncells : max;
        row->extra = 0;
        const char **cells = arena_alloc(&r->record, (size_t)row->stored * sizeof *cells);
        for (int c = 0; c < row->stored; c++) cells[c] = "";
        for (int i = 0; i < xr->ncells; i++) {
            const char *text = xr->cells[i].text;
            size_t len = strlen(text);
            trim_blanks(&text, &len);
            if (!len) continue;
            if (xr->cells[i].col <= row->stored) cells[xr->cells[i].col - 1] = arena_strndup(&r->record, text, len);
            else row->extra = 1;
        }
        row->cells = cells;
        row->junk = arena_alloc(&r->record, (size_t)row->stored + 1); /* a sheet has no quotes */
        return 1;
    }
    return 0;
}

/* The next record of a table, from its CSV text or its sheet. */
static int next_row(CsvReader *r, Table *t, Splitter *sp, int max, CsvRow *row)
{
    return t->sheet ? sheet_record(r, t, max, row) : next_record(r, t, sp, max, row);
}

static void splitter_free(Splitter *sp)
{
    free(sp->b.s);
    free(sp->at);
    free((void *)sp->cells);
    free(sp->junk);
}

/* ---- header ---- */

static void check_cells(CsvReader *r, const Table *t, const CsvRow *row);
static void check_names(CsvReader *r, const Table *t, const CsvRow *h);

/* The field of level lv a heading names: by its name, by one of its other
 * headings (也称; *factor: what its values are multiplied by), or by its
 * name with its unit in brackets, 教学仪器设备值（元） (as junheng template
 * writes headings; another unit is not this field's). */
static const FieldDecl *heading_field(const RuleSet *rs, Level lv, const char *heading, double *factor)
{
    *factor = 1;
    const FieldDecl *f = rules_field(rs, lv, heading);
    if (f) return f;
    for (int i = 0; i < rs->nfields; i++) { /* 也称: another heading, maybe in another unit */
        f = rs->fields[i];
        if (f->level != lv) continue;
        for (int k = 0; k < f->naliases; k++)
            if (strcmp(f->aliases[k].heading, heading) == 0) {
                *factor = f->aliases[k].factor;
                return f;
            }
    }
    size_t n = strlen(heading), close = 0;
    if (n > 3 && strcmp(heading + n - 3, "）") == 0) close = 3;
    else if (n > 1 && heading[n - 1] == ')') close = 1;
    if (!close) return NULL;
    const char *open = NULL;
    for (const char *p = heading; (p = strstr(p, close == 3 ? "（" : "(")); p++) open = p;
    if (!open || open == heading) return NULL;
    char name[256];
    if ((size_t)(open - heading) >= sizeof name) return NULL;
    memcpy(name, heading, (size_t)(open - heading));
    name[open - heading] = '\0';
    const char *unit = open + close;
    size_t ulen = (size_t)(heading + n - close - unit);
    f = rules_field(rs, lv, name);
    return f && f->unit && strlen(f->unit) == ulen && memcmp(f->unit, unit, ulen) == 0 ? f : NULL;
}

/* The field a column of level lv's file fills: the level's own field, or in
 * 学段.csv a split school field, which fills the stage's own share. */
static const FieldDecl *column_field(const RuleSet *rs, Level lv, const char *name, int *slot, double *factor)
{
    const FieldDecl *f = heading_field(rs, lv, name, factor);
    if (f) {
        *slot = f->slot;
        return f;
    }
    if (lv == LV_STAGE && (f = heading_field(rs, LV_SCHOOL, name, factor)) && f->split) {
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

/* Whether a column is bound to f (its heading may carry the unit). */
static int column_of(const Table *t, const FieldDecl *f)
{
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].f == f) return 1;
    return 0;
}

/* A cell of a record: FILE:ROW:COLUMN, or in a workbook the cell itself,
 * WORKBOOK!SHEET!F12. Returns out. */
static const DataPlace *cell_place(const Table *t, int row, const char *column, DataPlace *out)
{
    int c = t->sheet && column ? column_index(t, column) : -1;
    *out = c >= 0 ? (DataPlace){t->path, row, c + 1, NULL, 1} : (DataPlace){t->path, row, 0, column, 0};
    return out;
}

static void report_cell(CsvReader *r, const Table *t, DiagSeverity sev, int row, const char *column, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    DataPlace at;
    data_vdiag(r->diags, sev, cell_place(t, row, column, &at), id, ap);
    va_end(ap);
}

/* The key columns of the units' files (data.md's CSV layout): without them
 * no row can be placed. */
typedef struct KeyColumn {
    Level level;
    const char *name;
} KeyColumn;

static const KeyColumn key_columns[] = {
    {LV_SCHOOL, DS_KEY_SCHOOL_CODE},
    {LV_STAGE, DS_KEY_SCHOOL_CODE}, {LV_STAGE, DS_KEY_STAGE},
    {LV_COUNTY, CSV_KEY_FIELD}, {LV_COUNTY, CSV_KEY_VALUE},
};

/* Reports a column the file must have; returns 0. */
static int missing_column(CsvReader *r, const Table *t, const CsvRow *h, const char *name)
{
    Source at = {.path = (char *)t->path};
    diag_at_line(r->diags, DIAG_ERROR, &at, h->row, 0, MSG_CSV_MISSING_COLUMN, name);
    return 0;
}

/* A column of an import profile's table: the field its heading fills (of a
 * stage: the stage's own, a split school field's share included); a heading
 * the profile does not list is read as a field of its unit's, like in the
 * unit's own table (by name, 也称 or name and unit). */
static void profile_column(const RuleSet *rs, const Profile *pf, Column *col)
{
    for (int k = 0; k < pf->ncolumns; k++) {
        const ProfileColumn *pc = &pf->columns[k];
        if (strcmp(pc->heading, col->name) != 0) continue;
        col->f = pc->field;
        col->stage = pc->stage;
        col->factor = pc->factor;
        col->slot = pc->stage >= 0 && pc->field->level == LV_SCHOOL ? pc->field->stage_slot : pc->field->slot;
        return;
    }
    col->f = column_field(rs, pf->level, col->name, &col->slot, &col->factor);
}

/* The column of a profile's table that fills the unit's field name (not a stage's); -1: none. */
static int profile_key(const Table *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].f && t->cols[c].stage < 0 && strcmp(t->cols[c].f->name, name) == 0) return c;
    return -1;
}

/* A profile's key columns, by the fields they fill: a school's row names
 * its school. Returns 0 when the rows cannot be read. */
static int profile_keys(CsvReader *r, Table *t, const CsvRow *h)
{
    check_cells(r, t, h);
    t->code_col = profile_key(t, DS_KEY_SCHOOL_CODE);
    t->name_col = profile_key(t, DS_KEY_SCHOOL_NAME);
    t->type_col = profile_key(t, DS_KEY_SCHOOL_TYPE);
    t->stage_col = t->field_col = t->value_col = -1;
    if (t->level == LV_SCHOOL && t->code_col < 0) {
        for (int k = 0; k < t->profile->ncolumns; k++)
            if (t->profile->columns[k].field && strcmp(t->profile->columns[k].field->name, DS_KEY_SCHOOL_CODE) == 0)
                return missing_column(r, t, h, t->profile->columns[k].heading);
    }
    return 1;
}

/* Whether a column is one the layout itself reads: a school's code, name
 * and type, the school code that places a row below a school, 字段 and 值
 * of 县级.csv. */
static int layout_column(const CsvReader *r, Level lv, const char *name)
{
    if (lv == LV_COUNTY) return strcmp(name, CSV_KEY_FIELD) == 0 || strcmp(name, CSV_KEY_VALUE) == 0;
    if (lv == LV_SCHOOL)
        return strcmp(name, DS_KEY_SCHOOL_CODE) == 0 || strcmp(name, DS_KEY_SCHOOL_NAME) == 0 ||
               strcmp(name, DS_KEY_SCHOOL_TYPE) == 0;
    return strcmp(name, DS_KEY_SCHOOL_CODE) == 0 && (lv == LV_STAGE || level_parent(r->rs, lv) == LV_SCHOOL);
}

/* Warns of the header's columns no rule declares, and of the fields of the
 * file's level no column gives (a record's own fields are required: their
 * absence is an error of read_header). */
static void check_names(CsvReader *r, const Table *t, const CsvRow *h)
{
    const RuleSet *rs = r->rs;
    int unknown = 0;
    for (int c = 0; c < t->ncols; c++) {
        const Column *col = &t->cols[c];
        if (col->f || !*col->name || layout_column(r, t->level, col->name)) continue;
        if (++unknown > JH_WARN_UNKNOWN_COLUMNS) continue;
        DataPlace at;
        warn_unknown_name(r->diags, cell_place(t, h->row, col->name, &at), rs, t->level, col->name,
                          MSG_DS_UNKNOWN_COLUMN, MSG_DS_UNKNOWN_COLUMN_ALONE);
    }
    if (unknown > JH_WARN_UNKNOWN_COLUMNS)
        data_diag(r->diags, DIAG_WARNING, &(DataPlace){t->path, h->row, 0, NULL, 0}, MSG_DS_UNKNOWN_MORE,
                  unknown - JH_WARN_UNKNOWN_COLUMNS);
    if (t->level == LV_COUNTY) return; /* its fields are rows (county_row) */
    Absent absent = {r->diags, {t->path, h->row, 0, NULL, 0}, r->readers, MSG_DS_ABSENT_COLUMN, &r->cells, 0, 0, NULL, 0};
    for (int i = 0; i < rs->nfields; i++) {
        const FieldDecl *f = rs->fields[i];
        if (f->level != t->level || f->record_column) continue;
        int given = 0;
        for (int c = 0; c < t->ncols && !given; c++) given = t->cols[c].f == f;
        if (!given) absent_note(&absent, f);
    }
    absent_finish(&absent);
}

/* Binds the header (the first record) to fields. Returns 0 when the rows
 * cannot be read: a structural key column is missing. */
static int read_header(CsvReader *r, Table *t, const CsvRow *h)
{
    Source at = {.path = (char *)t->path};
    if (!h) {
        diag_at_line(r->diags, DIAG_ERROR, &at, 1, 0, MSG_CSV_NO_HEADER);
        return 0;
    }
    if (h->ncells > JH_MAX_CSV_COLUMNS) {
        diag_at_line(r->diags, DIAG_ERROR, &at, h->row, 0, MSG_CSV_TOO_MANY_COLUMNS, h->ncells, JH_MAX_CSV_COLUMNS);
        return 0;
    }
    t->ncols = h->ncells;
    t->cols = arena_alloc(&r->cells, (size_t)t->ncols * sizeof *t->cols);
    /* The columns by name (index + 1), open addressing: a header may be wide. */
    unsigned size = 16;
    while (size < (unsigned)t->ncols * 2) size *= 2;
    int *named = arena_alloc(&r->cells, size * sizeof *named);
    for (int c = 0; c < t->ncols; c++) {
        Column *col = &t->cols[c];
        col->name = arena_strndup(&r->cells, h->cells[c], strlen(h->cells[c])); /* the record's cells are reused */
        col->slot = -1;
        if (!*col->name) continue; /* an unnamed column is ignored */
        unsigned k = hash_code(col->name) & (size - 1);
        while (named[k] && strcmp(t->cols[named[k] - 1].name, col->name) != 0) k = (k + 1) & (size - 1);
        if (named[k] && t->sheet) {
            diag_at_a1(r->diags, DIAG_ERROR, t->path, h->row, c + 1, MSG_CSV_DUP_COLUMN, col->name, named[k], c + 1);
            col->name = "";
            continue;
        }
        if (named[k]) {
            diag_at_cell(r->diags, DIAG_ERROR, t->path, h->row, col->name, MSG_CSV_DUP_COLUMN, col->name, named[k], c + 1);
            col->name = "";
            continue;
        }
        named[k] = c + 1;
        col->factor = 1;
        col->stage = -1;
        if (t->profile) profile_column(r->rs, t->profile, col);
        else if (t->level != LV_COUNTY) col->f = column_field(r->rs, t->level, col->name, &col->slot, &col->factor);
    }
    if (t->profile) return profile_keys(r, t, h);
    check_cells(r, t, h);
    check_names(r, t, h);
    int usable = 1;
    for (size_t k = 0; k < sizeof key_columns / sizeof *key_columns; k++)
        if (key_columns[k].level == t->level && column_index(t, key_columns[k].name) < 0)
            usable = missing_column(r, t, h, key_columns[k].name);
    if (t->level >= LV_RECORDS) {
        /* A record level's file: below a school, its rows name their school;
         * the fields of its 记录 declaration are its columns (a column left
         * out would leave every record without it). */
        const RuleSet *rs = r->rs;
        if (level_parent(rs, t->level) == LV_SCHOOL && column_index(t, DS_KEY_SCHOOL_CODE) < 0)
            usable = missing_column(r, t, h, DS_KEY_SCHOOL_CODE);
        for (int i = 0; i < rs->nfields; i++)
            if (rs->fields[i]->level == t->level && rs->fields[i]->record_column && !column_of(t, rs->fields[i]))
                missing_column(r, t, h, rs->fields[i]->name);
    }
    t->code_col = column_index(t, DS_KEY_SCHOOL_CODE);
    t->name_col = column_index(t, DS_KEY_SCHOOL_NAME);
    t->type_col = column_index(t, DS_KEY_SCHOOL_TYPE);
    t->stage_col = column_index(t, DS_KEY_STAGE);
    t->field_col = column_index(t, CSV_KEY_FIELD);
    t->value_col = column_index(t, CSV_KEY_VALUE);
    return usable;
}

/* ---- records ---- */

static const char *cell(const CsvRow *row, int c)
{
    return c >= 0 && c < row->stored ? row->cells[c] : "";
}

/* Reports characters after a closing quote and cells past the header. */
static void check_cells(CsvReader *r, const Table *t, const CsvRow *row)
{
    for (int c = 0; c < row->stored; c++) {
        if (row->junk[c]) {
            const char *name = *t->cols[c].name ? t->cols[c].name : "?";
            report_cell(r, t, DIAG_ERROR, row->row, name, MSG_CSV_AFTER_QUOTE);
        }
    }
    if (row->extra) {
        Source at = {.path = (char *)t->path};
        diag_at_line(r->diags, DIAG_ERROR, &at, row->row, 0, MSG_CSV_EXTRA_CELLS, row->ncells, t->ncols);
    }
}

/* Memory the reader keeps from now on: n bytes of its arena, zeroed. */
static void *keep(CsvReader *r, size_t n)
{
    r->held += n;
    return arena_alloc(&r->arena, n);
}

/* Grows a list the reader keeps (realloc) to hold one more of size bytes. */
static void *grow(CsvReader *r, void *list, int count, int *cap, size_t size)
{
    if (count < *cap) return list;
    int more = *cap ? *cap : 16;
    r->held += (size_t)more * size;
    *cap += more;
    return xrealloc(list, (size_t)*cap * size);
}

/* Whether the reader may take another record: once what it keeps passes
 * JH_MAX_CSV_MEMORY, this row is reported and no record is read after it. */
static int within_memory(CsvReader *r, const Table *t, const CsvRow *row)
{
    if (r->held <= JH_MAX_CSV_MEMORY || r->full) return !r->full;
    Source at = {.path = (char *)t->path};
    diag_at_line(r->diags, DIAG_ERROR, &at, row->row, 0, MSG_CSV_TOO_MUCH, JH_MAX_CSV_MEMORY);
    r->full = 1;
    return 0;
}

/* Converts text to f's value, in f's unit (times factor); reports a text
 * that does not convert. */
static int convert_cell(CsvReader *r, const Table *t, const CsvRow *row, const char *column, const FieldDecl *f,
                        double factor, const char *text, Value *v)
{
    if (value_from_text(f, text, &r->arena, v) == 0) {
        if (v->tag == V_TEXT) r->held += strlen(v->text) + 1;
        if (v->tag == V_NUM && factor != 1) {
            /* 10.17 万元 is 101700 元, not 101699.99999999999: the product is
             * rounded to the 15 significant digits a double holds exactly. */
            char exact[32];
            snprintf(exact, sizeof exact, "%.15g", v->num * factor);
            v->num = strtod(exact, NULL);
        }
        DataPlace at;
        if (v->tag == V_NUM && value_needs_report(f, v->num) &&
            check_value(r->diags, f, v->num, cell_place(t, row->row, column, &at)) != 0) {
            v->tag = V_MISSING;
            return -1;
        }
        return 0;
    }
    char unit[64];
    if (f->decl == DECL_ENUM || f->decl == DECL_WORDS)
        report_cell(r, t, DIAG_ERROR, row->row, column, MSG_DS_ENUM, f->name, text, field_words(&r->record, f));
    else if (f->type == TY_NUM && unit_written(text, unit, sizeof unit)) {
        DataPlace at;
        unit_error(r->diags, cell_place(t, row->row, column, &at), f, text, unit);
    }
    else
        report_cell(r, t, DIAG_ERROR, row->row, column, MSG_CSV_FIELD_TYPE, f->name, field_expected(f), text);
    return -1;
}

/* The values of a record at level lv (every bound column but skip), and
 * with keep_where the row of every value present. */
static Value *convert_row(CsvReader *r, Table *t, const CsvRow *row, Level lv, int skip, int **line)
{
    size_t n = (size_t)(r->rs->nslots[lv] + 1);
    Value *values = keep(r, n * sizeof *values);
    *line = r->keep_where ? keep(r, n * sizeof **line) : NULL;
    for (int c = 0; c < t->ncols && c < row->stored; c++) {
        Column *col = &t->cols[c];
        if (!col->f || c == skip || row->junk[c]) continue;
        Value v;
        if (convert_cell(r, t, row, col->name, col->f, col->factor, row->cells[c], &v) != 0) continue;
        /* A profile's columns that fill one field add up (音乐 and 美术 teachers: 艺术专任教师数). */
        if (t->profile && v.tag == V_NUM && values[col->slot].tag == V_NUM) v.num += values[col->slot].num;
        else if (t->profile && v.tag == V_MISSING && values[col->slot].tag != V_MISSING) continue;
        values[col->slot] = v;
        if (v.tag == V_MISSING) continue;
        if (*line) (*line)[col->slot] = row->row;
        if (v.tag == V_NUM && (col->f->decl == DECL_INT || col->f->decl == DECL_NUM)) {
            if (col->nxs == col->capxs) { /* counted while the file is read */
                int cap = col->capxs;
                col->xs = grow(r, col->xs, col->nxs, &cap, sizeof *col->xs);
                col->rows = grow(r, col->rows, col->nxs, &col->capxs, sizeof *col->rows);
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
            report_cell(r, t, DIAG_WARNING, col->rows[i], col->name, MSG_CSV_OUTLIER,
                         number_text(a, col->xs[i]), number_text(b, median), JH_WARN_OUTLIER_FACTOR);
        }
    }
}

/* Drops the outlier values of a file read. */
static void free_columns(CsvReader *r, Table *t)
{
    for (int c = 0; c < t->ncols; c++) {
        Column *col = &t->cols[c];
        r->held -= (size_t)col->capxs * (sizeof *col->xs + sizeof *col->rows);
        free(col->xs);
        free(col->rows);
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

/* Adds the last school to the index, which is kept at most half full. */
static void index_school(CsvReader *r)
{
    if ((unsigned)r->nschools * 2 > r->code_mask) {
        unsigned size = r->code_mask ? (r->code_mask + 1) * 2 : 64;
        r->held += (size - (r->code_mask ? r->code_mask + 1 : 0)) * sizeof *r->code_hash;
        free(r->code_hash);
        r->code_hash = xcalloc(size, sizeof *r->code_hash);
        r->code_mask = size - 1;
        for (int i = 0; i < r->nschools - 1; i++) {
            unsigned k = hash_code(r->schools[i].code) & r->code_mask;
            while (r->code_hash[k]) k = (k + 1) & r->code_mask;
            r->code_hash[k] = i + 1;
        }
    }
    unsigned k = hash_code(r->schools[r->nschools - 1].code) & r->code_mask;
    while (r->code_hash[k]) k = (k + 1) & r->code_mask;
    r->code_hash[k] = r->nschools;
}

/* Whether code is a number as Excel shows a long one: 4.30203E+09. */
static int scientific(const char *code)
{
    const char *p = code;
    if (!isdigit((unsigned char)*p++)) return 0;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++) {}
    if (*p != 'E' && *p != 'e') return 0;
    if (*++p == '+') p++;
    if (!isdigit((unsigned char)*p)) return 0;
    while (isdigit((unsigned char)*p)) p++;
    return *p == '\0';
}

/* The school whose code is code once leading zeros are dropped from both. */
static const SchoolRec *same_without_zeros(const CsvReader *r, const char *code)
{
    while (*code == '0') code++;
    for (int i = 0; i < r->nschools; i++) {
        const char *c = r->schools[i].code;
        while (*c == '0') c++;
        if (strcmp(c, code) == 0) return &r->schools[i];
    }
    return NULL;
}

/* Reports a code that is not in 学校.csv: its root cause once per file when
 * Excel made it (leading zeros dropped, scientific notation), every row
 * after it with the same cause counted in one line at the end of the file
 * (collapse_codes); else the code itself. */
static void unknown_code(CsvReader *r, Table *t, const CsvRow *row, const char *code)
{
    char file[64];
    snprintf(file, sizeof file, t->sheet ? "%s" : "%s.csv", level_name(r->rs, LV_SCHOOL));
    r->codes_broken = 1;
    const SchoolRec *like = scientific(code) ? NULL : same_without_zeros(r, code);
    if (!like && !scientific(code)) {
        report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_SCHOOL_CODE, MSG_CSV_UNKNOWN_SCHOOL, code, file);
        return;
    }
    if (t->excel_codes++) return;
    if (like)
        report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_SCHOOL_CODE, MSG_DS_CODE_ZEROS, code, file, like->code);
    else
        report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_SCHOOL_CODE, MSG_DS_CODE_SCIENTIFIC, code);
}

/* The rows that unknown_code counted after the first: one line. */
static void collapse_codes(CsvReader *r, const Table *t)
{
    if (t->excel_codes > 1) {
        Source at = {.path = (char *)t->path};
        diag_at_line(r->diags, DIAG_ERROR, &at, 0, 0, MSG_DS_CODE_MORE, t->excel_codes - 1);
    }
}

/* The school a row of a child file belongs to; NULL after reporting an
 * empty or unknown code. */
static SchoolRec *row_school(CsvReader *r, Table *t, const CsvRow *row)
{
    const char *code = cell(row, t->code_col);
    if (!*code) {
        report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_SCHOOL_CODE, MSG_CSV_EMPTY_KEY, DS_KEY_SCHOOL_CODE);
        return NULL;
    }
    SchoolRec *s = find_school(r, code);
    if (!s && r->schools_ok) unknown_code(r, t, row, code);
    return s;
}

/* The school's code, name or type in column c: its text value when the
 * rule set reads the column as text (not kept twice), else a copy. */
static const char *school_text(CsvReader *r, const Table *t, const CsvRow *row, const Value *values, int c)
{
    if (c >= 0 && t->cols[c].f && t->cols[c].f->decl == DECL_TEXT && values[t->cols[c].slot].tag == V_TEXT)
        return values[t->cols[c].slot].text;
    const char *text = cell(row, c);
    size_t n = strlen(text);
    r->held += n + 1;
    return arena_strndup(&r->arena, text, n);
}

/* A row of 学校.csv. */
static void school_row(CsvReader *r, Table *t, const CsvRow *row)
{
    const char *code = cell(row, t->code_col);
    int ok = 1;
    if (!*code) {
        report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_SCHOOL_CODE, MSG_CSV_EMPTY_KEY, DS_KEY_SCHOOL_CODE);
        ok = 0;
    } else {
        const SchoolRec *first = find_school(r, code);
        if (first) {
            report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_SCHOOL_CODE, MSG_DS_DUP_CODE, code, first->row);
            ok = 0;
        }
    }
    int *line;
    Value *values = convert_row(r, t, row, LV_SCHOOL, -1, &line);
    if (!ok) return;
    r->schools = grow(r, r->schools, r->nschools, &r->caps, sizeof *r->schools);
    SchoolRec *s = &r->schools[r->nschools++];
    memset(s, 0, sizeof *s);
    s->code = school_text(r, t, row, values, t->code_col);
    s->name = school_text(r, t, row, values, t->name_col);
    s->type = school_text(r, t, row, values, t->type_col);
    s->row = row->row;
    s->values = values;
    s->line = line;
    index_school(r);
}

/* A row of 学段.csv. */
static void stage_row(CsvReader *r, Table *t, const CsvRow *row)
{
    const RuleSet *rs = r->rs;
    SchoolRec *s = row_school(r, t, row);
    const char *word = cell(row, t->stage_col);
    int w = -1;
    if (!*word) {
        report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_STAGE, MSG_CSV_EMPTY_KEY, DS_KEY_STAGE);
    } else if ((w = field_word(rs->stage_field, word)) < 0) {
        report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_STAGE, MSG_DS_STAGE, word,
                     field_words(&r->record, rs->stage_field));
    } else if (s) {
        for (int k = 0; k < s->nstages; k++) {
            if (s->stages[k].word != w) continue;
            report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_STAGE, MSG_CSV_DUP_STAGE, s->code,
                         rs->stage_field->words[w], s->stages[k].row);
            s = NULL;
            break;
        }
        if (s && s->nstages == JH_MAX_STAGES) {
            report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_STAGE, MSG_DS_TOO_MANY_STAGES, JH_MAX_STAGES);
            s = NULL;
        }
    }
    int *line;
    Value *values = convert_row(r, t, row, LV_STAGE, w < 0 ? t->stage_col : -1, &line);
    if (!s || w < 0) return;
    StageRec *st = &s->stages[s->nstages++];
    st->word = w;
    st->row = row->row;
    st->values = values;
    st->line = line;
    const FieldDecl *pupils = t->watched;
    if (pupils && values[pupils->slot].tag == V_NUM && values[pupils->slot].num == 0)
        report_cell(r, t, DIAG_WARNING, row->row, pupils->name, MSG_CSV_ZERO_PUPILS, s->code,
                     rs->stage_field->words[w]);
}

/* A row fits its school's stages (values.c: row_stage_check). */
static void check_row_stage(CsvReader *r, const Table *t, const CsvRow *row, const SchoolRec *s, const Value *values)
{
    const FieldDecl *f = r->rs->row_stage_field[t->level];
    if (!f || !r->stages_ok) return;
    int stages[JH_MAX_STAGES];
    for (int k = 0; k < s->nstages; k++) stages[k] = s->stages[k].word;
    const char *have;
    int id = row_stage_check(r->rs, t->level, values, stages, s->nstages, &r->record, &have);
    if (id == MSG_DS_ROW_STAGE)
        report_cell(r, t, DIAG_ERROR, row->row, f->name, MSG_DS_ROW_STAGE, level_name(r->rs, t->level),
                     f->words[(int)values[f->slot].num], have);
    else if (id == MSG_DS_ROW_NO_STAGE)
        report_cell(r, t, DIAG_ERROR, row->row, f->name, MSG_DS_ROW_NO_STAGE, level_name(r->rs, t->level),
                     have);
}

/* A row of a record level's file below a school (班级.csv, 校区.csv …). */
static void school_child_row(CsvReader *r, Table *t, const CsvRow *row)
{
    Level lv = t->level;
    SchoolRec *s = row_school(r, t, row);
    int *line;
    Value *values = convert_row(r, t, row, lv, -1, &line);
    if (s) check_row_stage(r, t, row, s, values);
    if (!s) return;
    s->rows[lv] = grow(r, s->rows[lv], s->nrows[lv], &s->caprows[lv], sizeof *s->rows[lv]);
    s->rows[lv][s->nrows[lv]++] = values;
}

/* ---- the county ---- */

/* A row of 县级.csv: one county field (字段, 值); unknown fields are ignored. */
static void county_row(CsvReader *r, Table *t, const CsvRow *row)
{
    const RuleSet *rs = r->rs;
    const char *name = cell(row, t->field_col), *text = cell(row, t->value_col);
    if (!*name) {
        report_cell(r, t, DIAG_ERROR, row->row, CSV_KEY_FIELD, MSG_CSV_EMPTY_KEY, CSV_KEY_FIELD);
        return;
    }
    double factor;
    const FieldDecl *f = heading_field(rs, LV_COUNTY, name, &factor);
    /* The dataset's name and year (data.md: 数据集.名称 and 数据集.年度 in
     * JSON) may be rows here; the year's first row is kept after the fields'. */
    if (!f && strcmp(name, DS_KEY_META_NAME) == 0) {
        if (*text) r->county.name = arena_strndup(&r->arena, text, strlen(text));
        return;
    }
    int year = !f && strcmp(name, DS_KEY_META_YEAR) == 0;
    if (!f && !year) {
        warn_unknown_name(r->diags, &(DataPlace){t->path, row->row, 0, CSV_KEY_FIELD, 0}, rs, LV_COUNTY, name,
                          MSG_DS_UNKNOWN_ROW, MSG_DS_UNKNOWN_ROW_ALONE);
        return;
    }
    int *first = &t->first[year ? rs->nslots[LV_COUNTY] : f->slot];
    if (*first) {
        report_cell(r, t, DIAG_ERROR, row->row, CSV_KEY_FIELD, MSG_CSV_DUP_COUNTY_FIELD, name, *first);
        return;
    }
    *first = row->row;
    if (t->value_col >= 0 && t->value_col < row->stored && row->junk[t->value_col]) return;
    if (year) {
        if (!*text) return; /* a template's row left empty: not given */
        r->county.year = year_from_text(text);
        if (!r->county.year)
            report_cell(r, t, DIAG_ERROR, row->row, CSV_KEY_VALUE, MSG_CSV_FIELD_TYPE, name, year_expected(),
                         text);
        return;
    }
    Value v;
    if (convert_cell(r, t, row, CSV_KEY_VALUE, f, factor, text, &v) != 0) return;
    r->county.values[f->slot] = v;
    if (r->county.where.line && v.tag != V_MISSING) r->county.where.line[f->slot] = row->row;
}

/* A row of a record level's file below the county (质量监测.csv …). */
static void county_child_row(CsvReader *r, Table *t, const CsvRow *row)
{
    Level lv = t->level;
    Rows *rows = &r->county.rows[lv];
    int *line;
    Value *values = convert_row(r, t, row, lv, -1, &line);
    rows->rows = grow(r, rows->rows, rows->count, &r->county_cap[lv], sizeof *rows->rows);
    rows->rows[rows->count++] = values;
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
        int lv = table_of(r->rs, names[i], ".csv");
        Source src;
        if (source_read(&src, path, JH_MAX_CSV_FILE_BYTES) != 0) {
            if (errno == EFBIG) diag_at(r->diags, DIAG_ERROR, NULL, 0, MSG_IO_TOO_LARGE, path, JH_MAX_CSV_FILE_BYTES);
            else diag_at(r->diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
            continue;
        }
        digest_update(hash, names[i], strlen(names[i]) + 1);
        digest_update(hash, src.text, src.len);
        if (lv != LV_NONE) {
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

/* A sheet's column of each slot its header binds (the 县级 sheet: the
 * value's column for every field), for Where. */
static int *sheet_columns(CsvReader *r, const Table *t)
{
    int n = r->rs->nslots[t->level] + 1;
    int *cols = keep(r, (size_t)n * sizeof *cols);
    for (int c = 0; c < t->ncols; c++)
        if (t->cols[c].f) cols[t->cols[c].slot] = c + 1;
    if (t->level == LV_COUNTY && !t->profile)
        for (int k = 0; k < n; k++) cols[k] = t->value_col + 1;
    return cols;
}

/* ---- import profiles ---- */

/* A profile's table seen as one unit's table: the school's (its stage
 * columns left out), or a stage's (only that stage's columns, and a last
 * column holding the stage's word, 学段). */
static Table profile_view(CsvReader *r, const Table *t, int stage)
{
    const RuleSet *rs = r->rs;
    Table v = *t;
    v.level = stage < 0 ? t->level : LV_STAGE;
    v.ncols = t->ncols + (stage >= 0);
    v.cols = arena_alloc(&r->cells, (size_t)v.ncols * sizeof *v.cols);
    for (int c = 0; c < t->ncols; c++) {
        v.cols[c] = t->cols[c];
        if (t->cols[c].stage != stage) v.cols[c].f = NULL;
    }
    if (stage >= 0) {
        v.stage_col = t->ncols;
        v.cols[v.stage_col] = (Column){.name = DS_KEY_STAGE, .f = rs->stage_field, .slot = rs->stage_field->slot,
                                       .factor = 1, .stage = stage};
        v.watched = rules_field(rs, LV_STAGE, CSV_PUPILS);
    }
    return v;
}

/* The views of a school profile's table: [0] the school's, [1 + w] stage
 * word w's when the profile has columns of it (else ncols 0). */
static Table *profile_views(CsvReader *r, const Table *t)
{
    int nwords = r->rs->stage_field->nwords;
    Table *views = arena_alloc(&r->cells, (size_t)(nwords + 1) * sizeof *views);
    views[0] = profile_view(r, t, -1);
    for (int w = 0; w < nwords; w++) {
        int used = 0;
        for (int c = 0; c < t->ncols; c++) used |= t->cols[c].stage == w;
        if (used) views[1 + w] = profile_view(r, t, w);
    }
    if (r->keep_where && t->sheet) {
        r->cols[LV_SCHOOL] = sheet_columns(r, &views[0]);
        r->stage_cols = keep(r, (size_t)nwords * sizeof *r->stage_cols);
        for (int w = 0; w < nwords; w++)
            if (views[1 + w].ncols) r->stage_cols[w] = sheet_columns(r, &views[1 + w]);
    }
    return views;
}

/* A row of a school profile's table: the school, then a stage record for
 * each stage that has a value in its columns. */
static void profile_school_row(CsvReader *r, Table *t, const CsvRow *row)
{
    school_row(r, &t->views[0], row);
    int n = t->ncols + 1;
    for (int w = 0; w < r->rs->stage_field->nwords; w++) {
        Table *v = &t->views[1 + w];
        if (!v->ncols) continue;
        int given = 0;
        for (int c = 0; c < t->ncols && c < row->stored; c++) given |= t->cols[c].stage == w && *row->cells[c];
        if (!given) continue;
        CsvRow stage = *row;
        const char **cells = arena_alloc(&r->record, (size_t)n * sizeof *cells);
        unsigned char *junk = arena_alloc(&r->record, (size_t)n);
        for (int c = 0; c < t->ncols; c++) {
            cells[c] = c < row->stored ? row->cells[c] : "";
            junk[c] = c < row->stored ? row->junk[c] : 0;
        }
        cells[t->ncols] = r->rs->stage_field->words[w];
        stage.cells = cells;
        stage.junk = junk;
        stage.stored = stage.ncells = n;
        stage_row(r, v, &stage);
    }
}

/* The row of a county profile's table: the county's values (one row only). */
static void profile_county_row(CsvReader *r, Table *t, const CsvRow *row)
{
    if (t->row_read) {
        Source at = {.path = (char *)t->path};
        diag_at_line(r->diags, DIAG_ERROR, &at, row->row, 0, MSG_CSV_PROFILE_ROWS, t->row_read);
        return;
    }
    t->row_read = row->row;
    int year = column_index(t, DS_KEY_META_YEAR); /* the dataset's year may be a column */
    if (year >= 0 && !t->cols[year].f && *cell(row, year)) {
        r->county.year = year_from_text(cell(row, year));
        if (!r->county.year)
            report_cell(r, t, DIAG_ERROR, row->row, DS_KEY_META_YEAR, MSG_CSV_FIELD_TYPE, DS_KEY_META_YEAR, year_expected(),
                        cell(row, year));
    }
    int *line;
    Value *values = convert_row(r, t, row, LV_COUNTY, -1, &line);
    for (int s = 0; s < r->rs->nslots[LV_COUNTY]; s++) {
        if (values[s].tag == V_MISSING) continue;
        r->county.values[s] = values[s];
        if (line && r->county.where.line && r->county.where.file == t->path) r->county.where.line[s] = line[s];
    }
}

/* One layout file: decode, bind the header to fields, then read the
 * records one at a time, each converted and checked as it is split. */
static void read_table(CsvReader *r, int lv)
{
    const RuleSet *rs = r->rs;
    Table t = {.level = lv, .path = r->paths[lv], .sheet = r->sheets[lv]};
    if (lv >= rs->nlevels) {
        t.profile = rs->profiles[lv - rs->nlevels];
        t.level = t.profile->level;
    }
    const char *text = NULL;
    size_t len = 0;
    char *decoded = NULL;
    if (!t.sheet && decode(r, lv, &text, &len, &decoded) != 0) {
        source_free(&r->raw[lv]);
        return;
    }
    void (*read_row)(CsvReader *, Table *, const CsvRow *) = school_child_row;
    switch (t.profile ? -1 : lv) {
    case -1:
        read_row = t.level == LV_SCHOOL ? profile_school_row : profile_county_row;
        if (t.level == LV_SCHOOL) r->where_school = r->where_stage = t.path;
        if (t.level == LV_COUNTY && r->keep_where && !r->county.where.file) {
            r->county.where.file = t.path;
            r->county.where.line = keep(r, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *r->county.where.line);
        }
        break;
    case LV_SCHOOL: read_row = school_row; break;
    case LV_STAGE:
        read_row = stage_row;
        t.watched = rules_field(rs, LV_STAGE, CSV_PUPILS);
        break;
    case LV_COUNTY:
        read_row = county_row;
        t.first = arena_alloc(&r->cells, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *t.first); /* the last: 年度 */
        if (r->keep_where) {
            r->county.where.file = t.path;
            r->county.where.line = keep(r, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *r->county.where.line);
        }
        break;
    default:
        if (level_parent(rs, lv) == LV_COUNTY) read_row = county_child_row;
        break;
    }
    Splitter sp = {.p = text, .end = text ? text + len : NULL, .line = 1}; /* a sheet: no text */
    CsvRow row;
    int got = next_row(r, &t, &sp, JH_MAX_CSV_COLUMNS, &row);
    if (got >= 0 && read_header(r, &t, got ? &row : NULL)) {
        int header = row.row, records = 0;
        if (t.profile && t.level == LV_SCHOOL) {
            t.views = profile_views(r, &t);
        } else if (t.sheet && r->keep_where) {
            int *cols = sheet_columns(r, &t);
            if (t.level == LV_COUNTY && r->county.where.file == t.path) {
                r->county.where.col = cols;
                r->county.where.a1 = 1;
            }
            if (!t.profile) r->cols[t.level] = cols;
        }
        while ((got = next_row(r, &t, &sp, t.ncols, &row)) == 1) {
            records++;
            if (within_memory(r, &t, &row)) {
                check_cells(r, &t, &row);
                read_row(r, &t, &row);
            }
            arena_reset(&r->record);
        }
        if (got == 0 && t.level == LV_SCHOOL && !records) { /* a header alone would pass, judging nothing */
            Source at = {.path = (char *)t.path};
            diag_at_line(r->diags, DIAG_ERROR, &at, header, 0, MSG_DS_NO_SCHOOL);
        }
        if (got == 0) {
            /* Codes and stages in the files after can be checked against
             * this one, unless it broke off at a quote. */
            if (t.level == LV_SCHOOL) r->schools_ok = 1;
            if (lv == LV_STAGE || (t.profile && t.level == LV_SCHOOL)) r->stages_ok = 1;
            if (lv == LV_COUNTY) {
                Absent absent = {r->diags, {t.path, 0, 0, NULL, 0}, r->readers, MSG_DS_ABSENT_ROW, &r->cells, 0, 0, NULL, 0};
                for (int i = 0; i < rs->nfields; i++)
                    if (rs->fields[i]->level == LV_COUNTY && !t.first[rs->fields[i]->slot]) absent_note(&absent, rs->fields[i]);
                absent_finish(&absent);
            }
            if (!r->full) warn_outliers(r, &t);
            for (int w = 0; t.views && w <= rs->stage_field->nwords; w++)
                if (!r->full) warn_outliers(r, &t.views[w]);
            collapse_codes(r, &t);
        }
        free_columns(r, &t);
        for (int w = 0; t.views && w <= rs->stage_field->nwords; w++) free_columns(r, &t.views[w]);
    }
    splitter_free(&sp);
    free(decoded);
    source_free(&r->raw[lv]);
    arena_reset(&r->cells);
    arena_reset(&r->record);
}

static void check_schools(CsvReader *r);

static CsvReader *new_reader(const RuleSet *rs, DiagList *diags, Encoding enc, int keep_where)
{
    CsvReader *r = xcalloc(1, sizeof *r);
    r->rs = rs;
    r->diags = diags;
    r->enc = enc;
    r->keep_where = keep_where;
    arena_init(&r->arena, 64 * 1024);
    arena_init(&r->cells, 64 * 1024);
    arena_init(&r->record, 16 * 1024);
    r->readers = field_readers_new(rs);
    r->county.values = arena_alloc(&r->arena, (size_t)(rs->nslots[LV_COUNTY] + 1) * sizeof *r->county.values);
    return r;
}

/* Reads the tables found (present), in dependency order: schools first
 * (every other table names them), stages before the records checked
 * against them, then the county and its records. A missing table that is
 * required is reported by missing(r, level's name, where). Returns r, or
 * NULL (r closed) when any error was reported since errors. */
static CsvReader *read_tables(CsvReader *r, int errors, MsgId missing, const char *where)
{
    const RuleSet *rs = r->rs;
    int order[JH_TABLES];
    int n = 0, profiles = rs->nprofiles < JH_MAX_PROFILES ? rs->nprofiles : JH_MAX_PROFILES, school_profile = 0;
    order[n++] = LV_SCHOOL;
    for (int i = 0; i < profiles; i++)
        if (rs->profiles[i]->level == LV_SCHOOL) {
            order[n++] = rs->nlevels + i;
            school_profile |= r->present[rs->nlevels + i] != 0;
        }
    order[n++] = LV_STAGE;
    for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++)
        if (level_parent(rs, lv) == LV_SCHOOL) order[n++] = lv;
    order[n++] = LV_COUNTY;
    for (int i = 0; i < profiles; i++)
        if (rs->profiles[i]->level == LV_COUNTY) order[n++] = rs->nlevels + i;
    for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++)
        if (level_parent(rs, lv) == LV_COUNTY) order[n++] = lv;
    assert(n == rs->nlevels + profiles);
    r->where_school = r->paths[LV_SCHOOL];
    r->where_stage = r->paths[LV_STAGE];
    for (int i = 0; i < n; i++) {
        int lv = order[i];
        if (r->present[lv] > 0) read_table(r, lv);
        else if (!r->present[lv] && !school_profile && (lv == LV_SCHOOL || lv == LV_STAGE)) {
            char name[64];
            snprintf(name, sizeof name, r->book ? "%s" : "%s.csv", level_name(rs, lv));
            diag_at(r->diags, DIAG_ERROR, NULL, 0, missing, where, name);
        }
    }
    /* After a code that names no school the checks of whole schools would
     * only repeat it (schools without their stages or classes). */
    if (r->schools_ok && r->stages_ok && !r->full && !r->codes_broken) check_schools(r);
    if (r->diags->errors > errors) {
        csv_close(r);
        return NULL;
    }
    return r;
}

CsvReader *csv_open(const char *dir, const RuleSet *rs, DiagList *diags, const char *encoding, int keep_where)
{
    Encoding enc;
    if (parse_encoding(encoding, &enc) != 0) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_CSV_ENCODING_NAME, encoding);
        return NULL;
    }
    int errors = diags->errors;
    CsvReader *r = new_reader(rs, diags, enc, keep_where);
    r->county.name = folder_name(&r->arena, dir);
    if (read_folder(r, dir) != 0) {
        csv_close(r);
        return NULL;
    }
    arena_reset(&r->cells);
    for (int k = 0; k < rs->nlevels + rs->nprofiles && k < JH_TABLES; k++) {
        const char *table = k < rs->nlevels ? level_name(rs, k) : rs->profiles[k - rs->nlevels]->name;
        size_t size = strlen(table) + 5;
        char *name = arena_alloc(&r->arena, size);
        snprintf(name, size, "%s.csv", table);
        r->paths[k] = join_path(&r->arena, dir, name);
    }
    return read_tables(r, errors, MSG_CSV_NO_FILE, dir);
}

/* The workbook's file name without folder and extension: the dataset's name. */
static char *workbook_name(Arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return arena_strndup(a, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

CsvReader *csv_open_workbook(const char *path, const RuleSet *rs, DiagList *diags, int keep_where)
{
    int errors = diags->errors;
    CsvReader *r = new_reader(rs, diags, ENC_UTF8, keep_where);
    r->county.name = workbook_name(&r->arena, path);
    if (!(r->book = xlsx_open(path, JH_MAX_CSV_FILE_BYTES, diags))) {
        csv_close(r);
        return NULL;
    }
    xlsx_sha256(r->book, r->sha256);
    for (int i = 0; i < xlsx_nsheets(r->book); i++) {
        const char *name = xlsx_sheet_name(r->book, i);
        int lv = table_of(rs, name, "");
        if (lv < 0) {
            size_t len = 1;
            for (Level k = LV_COUNTY; k < rs->nlevels; k++) len += strlen(level_name(rs, k)) + 1;
            char *known = arena_alloc(&r->cells, len);
            for (Level k = LV_COUNTY; k < rs->nlevels; k++) {
                if (k) strcat(known, "\n");
                strcat(known, level_name(rs, k));
            }
            diag_at(diags, DIAG_WARNING, NULL, 0, MSG_XLSX_UNKNOWN_SHEET, name, known);
            continue;
        }
        const XlsxSheet *sheet = xlsx_sheet(r->book, i, JH_MAX_CSV_FILE_BYTES);
        if (!sheet) { /* reported: not also missing */
            r->present[lv] = -1;
            continue;
        }
        r->sheets[lv] = sheet;
        r->present[lv] = 1;
        r->paths[lv] = (char *)sheet->where;
    }
    return read_tables(r, errors, MSG_XLSX_NO_SHEET, path);
}

/* ---- handing out schools ---- */

static void where_of(Where *w, const char *file, int *line, int *cols)
{
    w->file = line ? file : NULL;
    w->line = line;
    w->col = cols;
    w->a1 = cols != NULL;
}

/* A school as the evaluator sees it: the reader's own records. */
static void school_view(const CsvReader *r, const SchoolRec *s, SchoolData *out)
{
    memset(out, 0, sizeof *out);
    out->code = s->code;
    out->name = s->name;
    out->type = s->type;
    out->line = s->row;
    out->values = s->values;
    where_of(&out->where, r->where_school, s->line, r->cols[LV_SCHOOL]);
    for (int k = 0; k < s->nstages; k++) {
        StageData *sd = &out->stages[k];
        sd->word = s->stages[k].word;
        sd->values = s->stages[k].values;
        where_of(&sd->where, r->where_stage, s->stages[k].line,
                 r->stage_cols ? r->stage_cols[sd->word] : r->cols[LV_STAGE]);
    }
    out->nstages = s->nstages;
    for (Level lv = LV_RECORDS; lv < r->rs->nlevels; lv++) {
        if (level_parent(r->rs, lv) != LV_SCHOOL) continue;
        out->rows[lv].rows = s->rows[lv];
        out->rows[lv].count = s->nrows[lv];
    }
}

int csv_next(CsvReader *r, SchoolData *out, Arena *arena)
{
    (void)arena; /* the reader's own records are handed out: nothing is copied */
    if (r->next >= r->nschools) return 0;
    school_view(r, &r->schools[r->next++], out);
    return 1;
}

/* Where a school's parts are (datacheck.h): its row of 学校.csv, its stages'
 * rows of 学段.csv, in the field's column (else the key's). */
typedef struct SchoolAt {
    const CsvReader *r;
    const SchoolRec *s;
} SchoolAt;

static void locate_part(void *ctx, int stage, const char *field, DataPlace *out)
{
    const SchoolAt *at = ctx;
    if (stage < 0) *out = (DataPlace){at->r->paths[LV_SCHOOL], at->s->row, 0, field ? field : DS_KEY_SCHOOL_CODE, 0};
    else *out = (DataPlace){at->r->paths[LV_STAGE], at->s->stages[stage].row, 0, field ? field : DS_KEY_STAGE, 0};
}

/* The checks of each school read whole (datacheck.h), once every file has
 * been read. */
static void check_schools(CsvReader *r)
{
    for (int i = 0; i < r->nschools; i++) {
        SchoolData view;
        school_view(r, &r->schools[i], &view);
        SchoolAt at = {r, &r->schools[i]};
        check_school(r->rs, &view, r->diags, &(Locator){locate_part, &at}, &r->record);
        arena_reset(&r->record);
    }
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
        for (Level lv = LV_COUNTY; lv < JH_MAX_LEVELS; lv++) free(r->schools[i].rows[lv]);
    free(r->schools);
    free(r->code_hash);
    field_readers_free(r->readers);
    for (Level lv = LV_COUNTY; lv < JH_MAX_LEVELS; lv++) free(r->county.rows[lv].rows);
    for (int k = 0; k < JH_TABLES; k++) source_free(&r->raw[k]);
    xlsx_close(r->book);
    arena_free(&r->arena);
    arena_free(&r->cells);
    arena_free(&r->record);
    free(r);
}
