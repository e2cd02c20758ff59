/* diag.h — located diagnostics: collected by the engine, printed by the CLI.
 * A diagnostic points into a Source (a rule file or a dataset file) by byte
 * offset; line and column are computed only when it is rendered. */
#ifndef JH_DIAG_H
#define JH_DIAG_H
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>
#include "msg.h"

/* A known position in a source: where source_position may start counting. */
typedef struct SourceMark {
    size_t offset;
    int line, col;
} SourceMark;

/* A text the engine read: rule file or dataset. Owns its text. */
typedef struct Source {
    char *path;
    char *text;    /* NUL-terminated; NULL for sources too large to keep */
    size_t len;
    SourceMark *marks; /* a mark every JH_SOURCE_MARK_STEP bytes (source_index); NULL: not indexed */
    size_t nmarks;
} Source;

typedef enum { DIAG_ERROR, DIAG_WARNING } DiagSeverity;

/* A diagnostic owns everything it shows, so it outlives the source it
 * points into (a rule set that failed to load is freed before printing).
 * Its message is a catalogue entry with its arguments, written in a
 * language only when it is printed. */
typedef struct Diag {
    DiagSeverity severity;
    char *path;          /* NULL: no location */
    int line, col;       /* col 0: the line only */
    char *column;        /* CSV: the column's name, printed in place of col */
    int a1;              /* a worksheet cell: printed PATH!F12 (col: 1 = A) */
    char *excerpt;       /* the source line, or NULL */
    int caret_width;     /* display width before the caret */
    MsgId id;            /* the message: a catalogue entry */
    MsgArgs *args;       /* and its arguments */
} Diag;

typedef struct DiagList {
    Diag *items;
    int count, cap;
    int errors, warnings;
    int dropped;         /* errors beyond JH_MAX_DIAGNOSTICS */
    int dropped_warnings; /* warnings beyond JH_MAX_DIAGNOSTICS */
    int strict;          /* warnings are recorded as errors (--strict) */
} DiagList;

void diag_init(DiagList *d);
void diag_free(DiagList *d);
/* Records a diagnostic at a byte offset of src; the message is a catalogue
 * entry with the arguments it takes (msg.h), kept until it is printed. */
void diag_at(DiagList *d, DiagSeverity sev, const Source *src, size_t offset, MsgId id, ...);
/* Same, at a line and column (the text is not kept, e.g. a streamed dataset). */
void diag_at_line(DiagList *d, DiagSeverity sev, const Source *src, int line, int col, MsgId id, ...);
/* Same, at a CSV cell: FILE:ROW:COLUMN-NAME (row = line in the file, header = 1). */
void diag_at_cell(DiagList *d, DiagSeverity sev, const char *path, int row, const char *column, MsgId id, ...);
/* Same, at a worksheet cell: path is WORKBOOK!SHEET, printed WORKBOOK!SHEET!F12
 * (row and col from 1; col 1 is column A). */
void diag_at_a1(DiagList *d, DiagSeverity sev, const char *path, int row, int col, MsgId id, ...);
void diag_vat_a1(DiagList *d, DiagSeverity sev, const char *path, int row, int col, MsgId id, va_list ap);
/* A worksheet cell's name as Excel writes it: F12 (col 1 is A, 27 is AA). */
void cell_a1(char buf[24], int row, int col);
/* Same, with the arguments in ap: at a CSV cell when column is given, else
 * at LINE:COL of path (col 0: the line only). */
void diag_vplace(DiagList *d, DiagSeverity sev, const char *path, int line, int col, const char *column, MsgId id,
                 va_list ap);
/* Moves every diagnostic of from to the end of to (within to's limit);
 * from is left empty. */
void diag_take(DiagList *to, DiagList *from);
/* Prints every diagnostic in lang as FILE:LINE:COL: error: MESSAGE, the
 * source line and a caret under the column (padded by display width). */
void diag_print(const DiagList *d, FILE *out, Lang lang);
/* The message of one diagnostic in lang, as it was given (not escaped);
 * caller frees. */
char *diag_message(const Diag *g, Lang lang);

/* 1-based line and column (in characters) of a byte offset. Counted from
 * the nearest mark before it when the source is indexed, else from the start. */
void source_position(const Source *src, size_t offset, int *line, int *col);
/* Indexes a source's positions, so that each source_position costs at most
 * one step of marks rather than the whole text before it: a rule file of
 * thousands of declarations reports positions in linear time. */
void source_index(Source *src);
/* Display width of a UTF-8 string: East Asian wide characters take two cells. */
int display_width(const char *s, size_t n);
/* Prints s left-aligned in width display cells. */
void print_padded(FILE *out, const char *s, int width);
/* Opens path for reading only if it is a regular file: a FIFO, device or
 * socket is refused with ENODEV (opened without blocking on a FIFO that
 * has no writer, and without making a terminal ours), a directory with
 * EISDIR. Returns the descriptor and fills *st, or -1 with errno set. */
int open_regular(const char *path, struct stat *st);
/* Reads a whole regular file (open_regular); returns 0 and fills src, or
 * -1 with errno set (EFBIG: larger than max_bytes). */
int source_read(Source *src, const char *path, size_t max_bytes);
void source_free(Source *src);

#endif
