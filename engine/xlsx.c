/* xlsx.c — reading an Excel workbook's cells (see xlsx.h).
 * The workbook's parts: xl/workbook.xml lists the sheets by name, each with
 * a relationship id that xl/_rels/workbook.xml.rels resolves to its part
 * (and to the shared strings' part). Parts are unpacked in chunks and fed
 * to expat as they come, never held whole. */
#include "xlsx.h"
#include "digest.h"
#include <errno.h>
#include <expat.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#define JH_EXCEL_FUNCTIONS /* the libraries' functions, loaded when first needed: excel.fn */
#include "excel.h"

#define XLSX_WORKBOOK "xl/workbook.xml"
#define XLSX_WORKBOOK_RELS "xl/_rels/workbook.xml.rels"
#define XLSX_MAX_COL 16384     /* Excel's columns: A to XFD */
#define XLSX_MAX_ROW 1048576   /* Excel's rows */

typedef struct SheetEntry {
    char *name, *rid, *part;
    XlsxSheet *sheet;     /* read, or NULL */
} SheetEntry;

struct Xlsx {
    const char *path;
    DiagList *diags;
    Source file;          /* the workbook's bytes: libzip reads them from memory */
    zip_t *zip;
    Arena arena;          /* names, shared strings, sheets */
    SheetEntry *sheets;
    int nsheets;
    char *strings_part;
    char **strings;       /* shared strings, by index */
    int nstrings;
    char sha256[65];
};

/* A growing text (character data comes in pieces). */
typedef struct Text {
    char *s;
    size_t len, cap;
} Text;

static void text_add(Text *t, const char *p, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        while (t->len + n + 1 > t->cap) t->cap = t->cap ? t->cap * 2 : 64;
        t->s = xrealloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, p, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* The local name of an element or attribute (expat writes NAMESPACE|NAME). */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (strcmp(local(atts[i]), name) == 0) return atts[i + 1];
    return NULL;
}

/* ---- unpacking a part into expat ---- */

/* Feeds the part name to a parser set up with handlers and data. Returns 0,
 * 1 when the part is absent (nothing reported: the caller decides), -1
 * after reporting a part that cannot be unpacked or is not XML. A handler
 * that stops the parser (XML_StopParser) has reported why. */
static int parse_part(Xlsx *x, const char *name, size_t max_bytes, XML_Parser p)
{
    zip_int64_t index = excel.zip_name_locate(x->zip, name, 0);
    if (index < 0) return 1;
    zip_file_t *f = excel.zip_fopen_index(x->zip, (zip_uint64_t)index, 0);
    if (!f) {
        diag_at(x->diags, DIAG_ERROR, NULL, 0, MSG_XLSX_CORRUPT, x->path, name);
        return -1;
    }
    char buf[16384];
    size_t total = 0;
    int status = 0;
    for (;;) {
        zip_int64_t n = excel.zip_fread(f, buf, sizeof buf);
        if (n < 0) {
            diag_at(x->diags, DIAG_ERROR, NULL, 0, MSG_XLSX_CORRUPT, x->path, name);
            status = -1;
            break;
        }
        total += (size_t)n;
        if (total > max_bytes) {
            char where[512];
            snprintf(where, sizeof where, "%s/%s", x->path, name);
            diag_at(x->diags, DIAG_ERROR, NULL, 0, MSG_IO_TOO_LARGE, where, (unsigned)max_bytes);
            status = -1;
            break;
        }
        if (excel.XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            if (excel.XML_GetErrorCode(p) != XML_ERROR_ABORTED)
                diag_at(x->diags, DIAG_ERROR, NULL, 0, MSG_XLSX_BAD_XML, x->path, name, (int)excel.XML_GetCurrentLineNumber(p),
                        (int)excel.XML_GetCurrentColumnNumber(p) + 1);
            status = -1;
            break;
        }
        if (n == 0) break;
    }
    excel.zip_fclose(f);
    return status;
}

static XML_Parser new_parser(void *data, XML_StartElementHandler start, XML_EndElementHandler end,
                             XML_CharacterDataHandler chars)
{
    XML_Parser p = excel.XML_ParserCreateNS("UTF-8", '|');
    if (!p) alloc_failed(sizeof(void *)); /* the caller's recovery point */
    excel.XML_SetUserData(p, data);
    excel.XML_SetElementHandler(p, start, end);
    if (chars) excel.XML_SetCharacterDataHandler(p, chars);
    return p;
}

/* ---- the list of sheets ---- */

static void sheet_start(void *data, const char *el, const char **atts)
{
    Xlsx *x = data;
    if (strcmp(local(el), "sheet") != 0) return;
    const char *name = attr(atts, "name"), *rid = attr(atts, "id");
    if (!name || !rid) return;
    x->sheets = xrealloc(x->sheets, (size_t)(x->nsheets + 1) * sizeof *x->sheets);
    SheetEntry *e = &x->sheets[x->nsheets++];
    memset(e, 0, sizeof *e);
    e->name = arena_strndup(&x->arena, name, strlen(name));
    e->rid = arena_strndup(&x->arena, rid, strlen(rid));
}

static void ignore_end(void *data, const char *el)
{
    (void)data;
    (void)el;
}

/* A relationship's target, relative to xl/ unless it starts with '/'. */
static char *part_name(Arena *a, const char *target)
{
    if (target[0] == '/') return arena_strndup(a, target + 1, strlen(target) - 1);
    size_t n = strlen(target);
    char *s = arena_alloc(a, n + 4);
    memcpy(s, "xl/", 3);
    memcpy(s + 3, target, n + 1);
    return s;
}

static void rels_start(void *data, const char *el, const char **atts)
{
    Xlsx *x = data;
    if (strcmp(local(el), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target");
    if (!id || !type || !target) return;
    size_t n = strlen(type);
    static const char shared[] = "/sharedStrings";
    if (n >= sizeof shared - 1 && strcmp(type + n - (sizeof shared - 1), shared) == 0) {
        x->strings_part = part_name(&x->arena, target);
        return;
    }
    for (int i = 0; i < x->nsheets; i++)
        if (strcmp(x->sheets[i].rid, id) == 0) x->sheets[i].part = part_name(&x->arena, target);
}

/* ---- shared strings ---- */

typedef struct StringsState {
    Xlsx *x;
    Text text;
    int in_t, in_phonetic; /* a <t> of the string, not of its phonetic guide (<rPh>) */
    int cap;
} StringsState;

static void strings_start(void *data, const char *el, const char **atts)
{
    (void)atts;
    StringsState *st = data;
    const char *name = local(el);
    if (strcmp(name, "si") == 0) st->text.len = 0;
    else if (strcmp(name, "rPh") == 0) st->in_phonetic++;
    else if (strcmp(name, "t") == 0 && !st->in_phonetic) st->in_t = 1;
}

static void strings_end(void *data, const char *el)
{
    StringsState *st = data;
    Xlsx *x = st->x;
    const char *name = local(el);
    if (strcmp(name, "t") == 0) {
        st->in_t = 0;
    } else if (strcmp(name, "rPh") == 0) {
        st->in_phonetic--;
    } else if (strcmp(name, "si") == 0) {
        if (x->nstrings == st->cap) {
            st->cap = st->cap ? st->cap * 2 : 256;
            x->strings = xrealloc(x->strings, (size_t)st->cap * sizeof *x->strings);
        }
        x->strings[x->nstrings++] = arena_strndup(&x->arena, st->text.s ? st->text.s : "", st->text.len);
    }
}

static void strings_chars(void *data, const char *s, int n)
{
    StringsState *st = data;
    if (st->in_t) text_add(&st->text, s, (size_t)n);
}

/* ---- opening ---- */

Xlsx *xlsx_open(const char *path, size_t max_bytes, DiagList *diags)
{
    if (excel_load(diags) != 0) return NULL;
    Xlsx *x = xcalloc(1, sizeof *x);
    x->path = path;
    x->diags = diags;
    arena_init(&x->arena, 64 * 1024);
    if (source_read(&x->file, path, max_bytes) != 0) {
        if (errno == EFBIG) diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_TOO_LARGE, path, (unsigned)max_bytes);
        else diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_READ, path, errno_text(errno));
        xlsx_close(x);
        return NULL;
    }
    Digest *hash = digest_new();
    digest_update(hash, x->file.text, x->file.len);
    digest_finish(hash, x->sha256);
    zip_error_t err;
    excel.zip_error_init(&err);
    zip_source_t *src = excel.zip_source_buffer_create(x->file.text, x->file.len, 0, &err);
    if (src && !(x->zip = excel.zip_open_from_source(src, ZIP_RDONLY, &err))) excel.zip_source_free(src);
    excel.zip_error_fini(&err);
    if (!x->zip) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_XLSX_NOT_ZIP, path);
        xlsx_close(x);
        return NULL;
    }
    XML_Parser p = new_parser(x, sheet_start, ignore_end, NULL);
    int status = parse_part(x, XLSX_WORKBOOK, max_bytes, p);
    excel.XML_ParserFree(p);
    if (status == 0) {
        p = new_parser(x, rels_start, ignore_end, NULL);
        status = parse_part(x, XLSX_WORKBOOK_RELS, max_bytes, p);
        excel.XML_ParserFree(p);
        if (status == 1) diag_at(diags, DIAG_ERROR, NULL, 0, MSG_XLSX_NO_PART, path, XLSX_WORKBOOK_RELS);
    } else if (status == 1) {
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_XLSX_NO_PART, path, XLSX_WORKBOOK);
    }
    if (status == 0 && x->strings_part) {
        StringsState st = {.x = x};
        p = new_parser(&st, strings_start, strings_end, strings_chars);
        status = parse_part(x, x->strings_part, max_bytes, p);
        excel.XML_ParserFree(p);
        free(st.text.s);
        if (status == 1) diag_at(diags, DIAG_ERROR, NULL, 0, MSG_XLSX_NO_PART, path, x->strings_part);
    }
    if (status != 0) {
        xlsx_close(x);
        return NULL;
    }
    return x;
}

int xlsx_nsheets(const Xlsx *x)
{
    return x->nsheets;
}

const char *xlsx_sheet_name(const Xlsx *x, int i)
{
    return x->sheets[i].name;
}

void xlsx_sha256(const Xlsx *x, char hex[65])
{
    memcpy(hex, x->sha256, 65);
}

/* ---- a sheet ---- */

typedef struct SheetState {
    Xlsx *x;
    XML_Parser parser;
    XlsxSheet *sheet;
    int failed;
    int caprows, capcells;
    XlsxCell *cells;      /* the row being read */
    int ncells;
    int row, col;         /* the row being read; the last cell's column */
    /* the cell being read */
    int in_cell, cell_row, cell_col;
    char type[16];
    int has_formula, has_value, in_value, in_inline;
    Text text;
} SheetState;

/* Parses a cell reference (F12) into its column and row; 0 when it is not one. */
static int parse_ref(const char *ref, int *row, int *col)
{
    int c = 0, r = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z'; p++) {
        c = c * 26 + (*p - 'A' + 1);
        if (c > XLSX_MAX_COL) return 0;
    }
    if (p == ref || *p < '1' || *p > '9') return 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        r = r * 10 + (*p - '0');
        if (r > XLSX_MAX_ROW) return 0;
    }
    if (*p) return 0;
    *row = r;
    *col = c;
    return 1;
}

/* Reports at the cell being read and stops the parser. */
static void cell_error(SheetState *st, MsgId id, const char *arg)
{
    if (arg) diag_at_a1(st->x->diags, DIAG_ERROR, st->sheet->where, st->cell_row, st->cell_col, id, arg);
    else diag_at_a1(st->x->diags, DIAG_ERROR, st->sheet->where, st->cell_row, st->cell_col, id);
    st->failed = 1;
    excel.XML_StopParser(st->parser, XML_FALSE);
}

/* Reports a position that is not a cell (a reference or row number) and stops. */
static void bad_ref(SheetState *st, const char *ref)
{
    Source at = {.path = (char *)st->sheet->where};
    diag_at_line(st->x->diags, DIAG_ERROR, &at, st->row, 0, MSG_XLSX_BAD_REF, ref);
    st->failed = 1;
    excel.XML_StopParser(st->parser, XML_FALSE);
}

static void end_row(SheetState *st)
{
    XlsxSheet *sh = st->sheet;
    if (!st->ncells) return;
    if (sh->nrows == st->caprows) {
        st->caprows = st->caprows ? st->caprows * 2 : 64;
        sh->rows = xrealloc(sh->rows, (size_t)st->caprows * sizeof *sh->rows);
    }
    XlsxRow *r = &sh->rows[sh->nrows++];
    r->row = st->row;
    r->ncells = st->ncells;
    r->cells = arena_alloc(&st->x->arena, (size_t)st->ncells * sizeof *r->cells);
    memcpy(r->cells, st->cells, (size_t)st->ncells * sizeof *r->cells);
    st->ncells = 0;
}

static void row_start(SheetState *st, const char **atts)
{
    const char *r = attr(atts, "r");
    int row = st->row + 1;
    if (r) {
        char *end;
        long n = strtol(r, &end, 10);
        if (*end || n < 1 || n > XLSX_MAX_ROW || n <= st->row) {
            bad_ref(st, r);
            return;
        }
        row = (int)n;
    }
    st->row = row;
    st->col = 0;
}

static void cell_start(SheetState *st, const char **atts)
{
    const char *ref = attr(atts, "r"), *type = attr(atts, "t");
    int row = st->row, col = st->col + 1;
    if (ref && (!parse_ref(ref, &row, &col) || row != st->row || col <= st->col)) {
        bad_ref(st, ref);
        return;
    }
    if (col > XLSX_MAX_COL) {
        bad_ref(st, "XFE");
        return;
    }
    st->in_cell = 1;
    st->cell_row = row;
    st->cell_col = st->col = col;
    snprintf(st->type, sizeof st->type, "%s", type ? type : "n");
    st->has_formula = st->has_value = st->in_value = st->in_inline = 0;
    st->text.len = 0;
}

/* The cell read: its text by its type, kept unless empty. */
static void cell_end(SheetState *st)
{
    Xlsx *x = st->x;
    st->in_cell = 0;
    const char *text = st->text.s ? st->text.s : "";
    if (st->has_formula && !st->has_value) {
        cell_error(st, MSG_XLSX_FORMULA, NULL);
        return;
    }
    if (strcmp(st->type, "e") == 0) {
        cell_error(st, MSG_XLSX_ERROR_VALUE, text);
        return;
    }
    if (strcmp(st->type, "s") == 0) {
        char *end;
        long i = strtol(text, &end, 10);
        if (!*text || *end || i < 0 || i >= x->nstrings) {
            cell_error(st, MSG_XLSX_SHARED_STRING, text);
            return;
        }
        text = x->strings[i];
    } else if (strcmp(st->type, "b") == 0) {
        text = strcmp(text, "1") == 0 ? "true" : strcmp(text, "0") == 0 ? "false" : text;
    }
    if (!*text) return;
    if (st->ncells == st->capcells) {
        st->capcells = st->capcells ? st->capcells * 2 : 32;
        st->cells = xrealloc(st->cells, (size_t)st->capcells * sizeof *st->cells);
    }
    st->cells[st->ncells++] = (XlsxCell){st->cell_col, arena_strndup(&x->arena, text, strlen(text))};
}

static void merged(SheetState *st, const char *ref)
{
    char first[24];
    size_t n = strcspn(ref, ":");
    snprintf(first, sizeof first, "%.*s", (int)(n < sizeof first - 1 ? n : sizeof first - 1), ref);
    if (!parse_ref(first, &st->cell_row, &st->cell_col)) {
        bad_ref(st, ref);
        return;
    }
    cell_error(st, MSG_XLSX_MERGED, ref);
}

static void sheet_el_start(void *data, const char *el, const char **atts)
{
    SheetState *st = data;
    if (st->failed) return;
    const char *name = local(el);
    if (strcmp(name, "row") == 0) row_start(st, atts);
    else if (strcmp(name, "c") == 0) cell_start(st, atts);
    else if (!st->in_cell) {
        if (strcmp(name, "mergeCell") == 0 && attr(atts, "ref")) merged(st, attr(atts, "ref"));
    } else if (strcmp(name, "f") == 0) st->has_formula = 1;
    else if (strcmp(name, "v") == 0) st->has_value = st->in_value = 1;
    else if (strcmp(name, "is") == 0) st->has_value = st->in_inline = 1;
}

static void sheet_el_end(void *data, const char *el)
{
    SheetState *st = data;
    if (st->failed) return;
    const char *name = local(el);
    if (strcmp(name, "c") == 0 && st->in_cell) cell_end(st);
    else if (strcmp(name, "row") == 0) end_row(st);
    else if (strcmp(name, "v") == 0) st->in_value = 0;
    else if (strcmp(name, "is") == 0) st->in_inline = 0;
}

/* Character data of a value, or of an inline string's <t> elements (its
 * phonetic guide included: rare enough in a form not to be told apart). */
static void sheet_chars(void *data, const char *s, int n)
{
    SheetState *st = data;
    if (st->in_cell && (st->in_value || st->in_inline)) text_add(&st->text, s, (size_t)n);
}

const XlsxSheet *xlsx_sheet(Xlsx *x, int i, size_t max_bytes)
{
    SheetEntry *e = &x->sheets[i];
    if (e->sheet) return e->sheet;
    if (!e->part) {
        diag_at(x->diags, DIAG_ERROR, NULL, 0, MSG_XLSX_NO_PART, x->path, e->name);
        return NULL;
    }
    XlsxSheet *sh = arena_alloc(&x->arena, sizeof *sh);
    sh->name = e->name;
    size_t n = strlen(x->path) + strlen(e->name) + 2;
    char *where = arena_alloc(&x->arena, n);
    snprintf(where, n, "%s!%s", x->path, e->name);
    sh->where = where;
    SheetState st = {.x = x, .sheet = sh};
    st.parser = new_parser(&st, sheet_el_start, sheet_el_end, sheet_chars);
    int status = parse_part(x, e->part, max_bytes, st.parser);
    excel.XML_ParserFree(st.parser);
    free(st.cells);
    free(st.text.s);
    if (status == 1) diag_at(x->diags, DIAG_ERROR, NULL, 0, MSG_XLSX_NO_PART, x->path, e->part);
    if (status != 0 || st.failed) {
        free(sh->rows);
        return NULL;
    }
    return e->sheet = sh;
}

void xlsx_close(Xlsx *x)
{
    if (!x) return;
    for (int i = 0; i < x->nsheets; i++)
        if (x->sheets[i].sheet) free(x->sheets[i].sheet->rows);
    free(x->sheets);
    free(x->strings);
    if (x->zip) excel.zip_discard(x->zip);
    source_free(&x->file);
    arena_free(&x->arena);
    free(x);
}
