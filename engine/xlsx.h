/* xlsx.h — the cells of an Excel workbook (.xlsx) as Excel stores them: its
 * worksheets by name, each read whole into rows of cell texts. The ZIP
 * container is read with libzip, its XML parts with expat. A cell's text is
 * what the cell holds: a number as Excel wrote it ("2260", "0.95"), a shared
 * or inline string, a boolean as "true"/"false", a formula's cached result.
 * What cannot be trusted is refused with its cell (WORKBOOK!SHEET!F12): a
 * formula without a cached result, an error value (#DIV/0!), merged cells
 * (one value would stand for several cells). */
#ifndef JH_XLSX_H
#define JH_XLSX_H
#include "arena.h"
#include "diag.h"

typedef struct XlsxCell {
    int col;              /* 1 = column A */
    const char *text;     /* never empty: empty cells are not listed */
} XlsxCell;

typedef struct XlsxRow {
    int row;              /* Excel's row number, from 1 */
    XlsxCell *cells;      /* by rising column */
    int ncells;
} XlsxRow;

typedef struct XlsxSheet {
    const char *name;
    const char *where;    /* WORKBOOK!SHEET, the path of its diagnostics */
    XlsxRow *rows;        /* rows with at least one cell, rising */
    int nrows;
} XlsxSheet;

typedef struct Xlsx Xlsx;

/* Opens the workbook at path (at most max_bytes): its list of sheets and
 * its shared strings. NULL after reporting a file that is not a workbook. */
Xlsx *xlsx_open(const char *path, size_t max_bytes, DiagList *diags);
int xlsx_nsheets(const Xlsx *x);
const char *xlsx_sheet_name(const Xlsx *x, int i);
/* Reads sheet i whole (its XML at most max_bytes once unpacked). NULL after
 * reporting what makes it unreadable; the sheet lives until xlsx_close. */
const XlsxSheet *xlsx_sheet(Xlsx *x, int i, size_t max_bytes);
/* Hex SHA-256 of the workbook file's bytes. */
void xlsx_sha256(const Xlsx *x, char hex[65]);
void xlsx_close(Xlsx *x);

#endif
