/* excel.h — libxlsxwriter, libzip and libexpat, the libraries that write
 * and read Excel workbooks, loaded (dlopen) only when a workbook is read
 * or written. Linked into the program, they cost every run about 2 ms of
 * start-up (loading and relocating them), a tenth of a district's whole
 * evaluation, which never touches a workbook.
 *
 * The modules that use them (xlsx.c, workbook.c, template.c) define
 * JH_EXCEL_FUNCTIONS and call each library function as excel.fn: a pointer
 * of the function's own type, filled in by excel_load. */
#ifndef JH_EXCEL_H
#define JH_EXCEL_H
#include "diag.h"

/* Loads the libraries once: 0, or -1 with a diagnostic naming the one that
 * could not be loaded and the package that installs it. */
int excel_load(DiagList *diags);
/* The same from the libraries named sonames (expat, xlsxwriter, zip): a
 * test's way to see a library missing. */
int excel_load_from(const char *const sonames[], DiagList *diags);

#ifdef JH_EXCEL_FUNCTIONS
#include <expat.h>
#include <xlsxwriter.h>
#include <zip.h>

/* X(library, function) for every function called. */
#define EXCEL_FUNCTIONS(X) \
    X(EXPAT, XML_GetCurrentColumnNumber) X(EXPAT, XML_GetCurrentLineNumber) X(EXPAT, XML_GetErrorCode) \
    X(EXPAT, XML_Parse) X(EXPAT, XML_ParserCreateNS) X(EXPAT, XML_ParserFree) X(EXPAT, XML_SetCharacterDataHandler) \
    X(EXPAT, XML_SetElementHandler) X(EXPAT, XML_SetUserData) X(EXPAT, XML_StopParser) \
    X(XLSXWRITER, format_set_bg_color) X(XLSXWRITER, format_set_bold) X(XLSXWRITER, format_set_num_format) \
    X(XLSXWRITER, workbook_add_format) X(XLSXWRITER, workbook_add_worksheet) X(XLSXWRITER, workbook_close) \
    X(XLSXWRITER, workbook_new) X(XLSXWRITER, workbook_set_properties) X(XLSXWRITER, worksheet_data_validation_range) \
    X(XLSXWRITER, worksheet_freeze_panes) X(XLSXWRITER, worksheet_set_column) X(XLSXWRITER, worksheet_write_comment) \
    X(XLSXWRITER, worksheet_write_number) X(XLSXWRITER, worksheet_write_string) \
    X(ZIP, zip_discard) X(ZIP, zip_error_fini) X(ZIP, zip_error_init) X(ZIP, zip_fclose) X(ZIP, zip_fopen_index) \
    X(ZIP, zip_fread) X(ZIP, zip_name_locate) X(ZIP, zip_open_from_source) X(ZIP, zip_source_buffer_create) \
    X(ZIP, zip_source_free)

#define EXCEL_POINTER(lib, fn) __typeof__(fn) *fn;
typedef struct ExcelFunctions {
    EXCEL_FUNCTIONS(EXCEL_POINTER)
} ExcelFunctions;
#undef EXCEL_POINTER
extern ExcelFunctions excel;

#endif

#endif
