/* diag.c — collecting and rendering located diagnostics. */
#include "diag.h"
#include "arena.h"
#include "escape.h"
#include "limits.h"
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

void diag_init(DiagList *d)
{
    memset(d, 0, sizeof *d);
}

static void release(Diag *g)
{
    free(g->args);
    free(g->path);
    free(g->excerpt);
    free(g->column);
}

void diag_free(DiagList *d)
{
    for (int i = 0; i < d->count; i++) release(&d->items[i]);
    free(d->items);
    memset(d, 0, sizeof *d);
}

/* A new diagnostic, or NULL when JH_MAX_DIAGNOSTICS of its severity are
 * kept already: it is then only counted (a file of a million bad rows
 * costs a counter, not a million messages). */
static Diag *push(DiagList *d, DiagSeverity sev)
{
    if (d->strict) sev = DIAG_ERROR;
    if (sev == DIAG_ERROR) {
        d->errors++;
        if (d->errors > JH_MAX_DIAGNOSTICS) {
            d->dropped++;
            return NULL;
        }
    } else if (++d->warnings > JH_MAX_DIAGNOSTICS) {
        d->dropped_warnings++;
        return NULL;
    }
    if (d->count == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = xrealloc(d->items, (size_t)d->cap * sizeof *d->items);
    }
    Diag *g = &d->items[d->count++];
    memset(g, 0, sizeof *g);
    g->severity = sev;
    return g;
}

void diag_take(DiagList *to, DiagList *from)
{
    for (int i = 0; i < from->count; i++) {
        Diag *g = push(to, from->items[i].severity);
        if (g) *g = from->items[i];
        else release(&from->items[i]);
    }
    to->errors += from->dropped; /* the errors from had already dropped */
    to->dropped += from->dropped;
    free(from->items);
    diag_init(from);
}

static int utf8_len(unsigned char c);

/* Copies the line holding offset and the display width before it. A line
 * longer than can be shown is not searched to its ends: every character is
 * at most 4 bytes and 1 cell wide, so a line over 4 bytes a cell is too wide. */
static void take_excerpt(Diag *g, const Source *src, size_t offset)
{
    const size_t reach = 4 * (size_t)JH_MAX_SHOWN_LINE + 4;
    size_t start = offset, end = offset;
    while (start > 0 && src->text[start - 1] != '\n' && offset - start < reach) start--;
    while (end < src->len && src->text[end] != '\n' && src->text[end] != '\r' && end - start < reach) end++;
    if (end - start >= reach || display_width(src->text + start, end - start) > JH_MAX_SHOWN_LINE) return;
    g->excerpt = xmalloc(end - start + 1);
    memcpy(g->excerpt, src->text + start, end - start);
    g->excerpt[end - start] = '\0';
    g->caret_width = display_width(src->text + start, offset - start);
}

void diag_at(DiagList *d, DiagSeverity sev, const Source *src, size_t offset, MsgId id, ...)
{
    Diag *g = push(d, sev);
    if (!g) return;
    if (src) {
        g->path = xstrdup(src->path);
        if (src->text) {
            if (offset > src->len) offset = src->len;
            source_position(src, offset, &g->line, &g->col);
            take_excerpt(g, src, offset);
        }
    }
    va_list ap;
    va_start(ap, id);
    g->id = id;
    g->args = msg_args(id, ap);
    va_end(ap);
}

void diag_at_line(DiagList *d, DiagSeverity sev, const Source *src, int line, int col, MsgId id, ...)
{
    Diag *g = push(d, sev);
    if (!g) return;
    g->path = src ? xstrdup(src->path) : NULL;
    g->line = line;
    g->col = col;
    va_list ap;
    va_start(ap, id);
    g->id = id;
    g->args = msg_args(id, ap);
    va_end(ap);
}

void diag_at_cell(DiagList *d, DiagSeverity sev, const char *path, int row, const char *column, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    diag_vplace(d, sev, path, row, 0, column, id, ap);
    va_end(ap);
}

void diag_vat_a1(DiagList *d, DiagSeverity sev, const char *path, int row, int col, MsgId id, va_list ap)
{
    Diag *g = push(d, sev);
    if (!g) return;
    g->path = xstrdup(path);
    g->line = row;
    g->col = col;
    g->a1 = 1;
    g->id = id;
    g->args = msg_args(id, ap);
}

void diag_vplace(DiagList *d, DiagSeverity sev, const char *path, int line, int col, const char *column, MsgId id,
                 va_list ap)
{
    Diag *g = push(d, sev);
    if (!g) return;
    g->path = path ? xstrdup(path) : NULL;
    g->line = line;
    g->col = column ? 0 : col;
    g->column = column ? xstrdup(column) : NULL;
    g->id = id;
    g->args = msg_args(id, ap);
}

void diag_at_a1(DiagList *d, DiagSeverity sev, const char *path, int row, int col, MsgId id, ...)
{
    va_list ap;
    va_start(ap, id);
    diag_vat_a1(d, sev, path, row, col, id, ap);
    va_end(ap);
}

void cell_a1(char buf[24], int row, int col)
{
    char letters[8];
    int n = 0;
    for (; col > 0 && n < 7; col = (col - 1) / 26) letters[n++] = (char)('A' + (col - 1) % 26);
    int k = 0;
    while (n > 0) buf[k++] = letters[--n];
    snprintf(buf + k, (size_t)(24 - k), "%d", row);
}

/* Length of the UTF-8 sequence starting with byte c (1 for invalid bytes). */
static int utf8_len(unsigned char c)
{
    if (c < 0xC0) return 1;
    if (c < 0xE0) return 2;
    if (c < 0xF0) return 3;
    return 4;
}

static unsigned decode(const char *s, int len)
{
    const unsigned char *u = (const unsigned char *)s;
    switch (len) {
    case 2: return (u[0] & 0x1Fu) << 6 | (u[1] & 0x3Fu);
    case 3: return (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu);
    case 4: return (u[0] & 0x07u) << 18 | (u[1] & 0x3Fu) << 12 | (u[2] & 0x3Fu) << 6 | (u[3] & 0x3Fu);
    default: return u[0];
    }
}

static int is_wide(unsigned cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

int display_width(const char *s, size_t n)
{
    int w = 0;
    for (size_t i = 0; i < n;) {
        int len = utf8_len((unsigned char)s[i]);
        if (i + (size_t)len > n) len = (int)(n - i);
        w += is_wide(decode(s + i, len)) ? 2 : 1;
        i += (size_t)len;
    }
    return w;
}

void print_padded(FILE *out, const char *s, int width)
{
    fputs(s, out);
    for (int w = display_width(s, strlen(s)); w < width; w++) putc(' ', out);
}

/* One character forward from *i: a line break starts the next line. The
 * only way positions are counted, so that marks and counts agree. */
static void step(const Source *src, size_t *i, int *line, int *col)
{
    if (src->text[*i] == '\n') {
        (*line)++;
        *col = 1;
        (*i)++;
    } else {
        (*col)++;
        *i += (size_t)utf8_len((unsigned char)src->text[*i]);
    }
}

void source_position(const Source *src, size_t offset, int *line, int *col)
{
    SourceMark from = {0, 1, 1};
    if (src->marks) {
        size_t k = offset / JH_SOURCE_MARK_STEP;
        if (k >= src->nmarks) k = src->nmarks - 1;
        while (k > 0 && src->marks[k].offset > offset) k--;
        from = src->marks[k];
    }
    size_t i = from.offset;
    int l = from.line, c = from.col;
    while (i < offset && i < src->len) step(src, &i, &l, &c);
    *line = l;
    *col = c;
}

void source_index(Source *src)
{
    free(src->marks);
    size_t cap = src->len / JH_SOURCE_MARK_STEP + 1, n = 0;
    src->marks = xmalloc(cap * sizeof *src->marks);
    src->marks[n++] = (SourceMark){0, 1, 1};
    size_t i = 0;
    int l = 1, c = 1;
    while (i < src->len) {
        step(src, &i, &l, &c);
        if (i >= n * JH_SOURCE_MARK_STEP && i < src->len && n < cap) src->marks[n++] = (SourceMark){i, l, c};
    }
    src->nmarks = n;
}

char *diag_message(const Diag *g, Lang lang)
{
    return msg_string(lang, g->id, g->args);
}

void diag_print(const DiagList *d, FILE *out, Lang lang)
{
    static const MsgId sev_name[] = {MSG_SEV_ERROR, MSG_SEV_WARNING};
    for (int i = 0; i < d->count; i++) {
        const Diag *g = &d->items[i];
        const char *sev = msg(lang, sev_name[g->severity]);
        /* Paths, CSV column names, messages and source lines hold what the
         * files hold: control characters are shown escaped (escape.h). */
        if (!g->path) {
            fputs("junheng", out);
        } else {
            text_escaped(out, g->path);
            if (g->a1) {
                char a1[24];
                cell_a1(a1, g->line, g->col);
                fprintf(out, "!%s", a1); /* the cell names its column */
            } else {
                if (g->line > 0) fprintf(out, ":%d", g->line); /* 0: the whole file */
                if (g->column) {
                    putc(':', out);
                    text_escaped(out, g->column);
                } else if (g->col > 0) {
                    fprintf(out, ":%d", g->col);
                }
            }
        }
        fprintf(out, ": %s: ", sev);
        msg_write(out, lang, g->id, g->args, 1);
        putc('\n', out);
        if (g->excerpt) {
            /* Tabs are kept, in the line and before the caret, so that the
             * caret lines up. */
            fputs("  ", out);
            for (const char *p = g->excerpt, *tab; *p; p = tab + 1) {
                tab = strchr(p, '\t');
                text_escaped_n(out, p, tab ? (size_t)(tab - p) : strlen(p));
                if (!tab) break;
                putc('\t', out);
            }
            fputs("\n  ", out);
            int w = 0;
            for (const char *p = g->excerpt; w < g->caret_width && *p;) {
                size_t len = (size_t)utf8_len((unsigned char)*p);
                if (len > strlen(p)) len = strlen(p);
                w += display_width(p, len);
                if (*p == '\t') fputc('\t', out);
                else for (int k = text_escaped_width(p, len); k > 0; k--) fputc(' ', out);
                p += len;
            }
            fputs("^\n", out);
        }
    }
    if (d->dropped) msg_print(out, lang, MSG_DIAG_DROPPED, d->dropped);
    if (d->dropped_warnings) msg_print(out, lang, MSG_DIAG_DROPPED_WARNINGS, d->dropped_warnings);
}

int open_regular(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    int err = fstat(fd, st) != 0 ? errno : S_ISDIR(st->st_mode) ? EISDIR : !S_ISREG(st->st_mode) ? ENODEV : 0;
    if (err) {
        close(fd);
        errno = err;
        return -1;
    }
    /* Reads of a regular file never block; the flag only guarded the open. */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

int source_read(Source *src, const char *path, size_t max_bytes)
{
    memset(src, 0, sizeof *src);
    struct stat st;
    int fd = open_regular(path, &st);
    if (fd < 0) return -1;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return -1;
    }
    if ((size_t)st.st_size > max_bytes) {
        fclose(f);
        errno = EFBIG;
        return -1;
    }
    size_t cap = (size_t)st.st_size + 1, len = 0;
    char *text = xmalloc(cap);
    size_t n;
    while ((n = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            if (cap > max_bytes) break;
            cap *= 2;
            text = xrealloc(text, cap);
        }
    }
    int err = ferror(f);
    fclose(f);
    if (err || len > max_bytes) {
        free(text);
        errno = err ? EIO : EFBIG;
        return -1;
    }
    text[len] = '\0';
    src->path = xstrdup(path);
    src->text = text;
    src->len = len;
    return 0;
}

void source_free(Source *src)
{
    free(src->path);
    free(src->text);
    free(src->marks);
    memset(src, 0, sizeof *src);
}
