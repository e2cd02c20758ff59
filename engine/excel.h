/* excel.h — libxlsxwriter, libzip and libexpat, the libraries that write
 * and read Excel workbooks, loaded (dlopen) only when a workbook is read
 * or written. Linked into the program, they cost every run about 2 ms of
 * start-up (loading and relocating them), a tenth of a district's whole
 * evaluation, which never touches a workbook.
 *
 * The modules that use them (xlsx.c, workbook.c, template.c) include
 * excel.h after the libraries' own headers: each function they call is
 * then a pointer of the same type, filled in by excel_load. */
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

#ifndef JH_EXCEL_LOADER /* the callers: each name is the loaded function */
#define XML_GetCurrentColumnNumber (excel.XML_GetCurrentColumnNumber)
#define XML_GetCurrentLineNumber (excel.XML_GetCurrentLineNumber)
#define XML_GetErrorCode (excel.XML_GetErrorCode)
#define XML_Parse (excel.XML_Parse)
#define XML_ParserCreateNS (excel.XML_ParserCreateNS)
#define XML_ParserFree (excel.XML_ParserFree)
#define XML_SetCharacterDataHandler (excel.XML_SetCharacterDataHandler)
#define XML_SetElementHandler (excel.XML_SetElementHandler)
#define XML_SetUserData (excel.XML_SetUserData)
#define XML_StopParser (excel.XML_StopParser)
#define format_set_bg_color (excel.format_set_bg_color)
#define format_set_bold (excel.format_set_bold)
#define format_set_num_format (excel.format_set_num_format)
#define workbook_add_format (excel.workbook_add_format)
#define workbook_add_worksheet (excel.workbook_add_worksheet)
#define workbook_close (excel.workbook_close)
#define workbook_new (excel.workbook_new)
#define workbook_set_properties (excel.workbook_set_properties)
#define worksheet_data_validation_range (excel.worksheet_data_validation_range)
#define worksheet_freeze_panes (excel.worksheet_freeze_panes)
#define worksheet_set_column (excel.worksheet_set_column)
#define worksheet_write_comment (excel.worksheet_write_comment)
#define worksheet_write_number (excel.worksheet_write_number)
#define worksheet_write_string (excel.worksheet_write_string)
#define zip_discard (excel.zip_discard)
#define zip_error_fini (excel.zip_error_fini)
#define zip_error_init (excel.zip_error_init)
#define zip_fclose (excel.zip_fclose)
#define zip_fopen_index (excel.zip_fopen_index)
#define zip_fread (excel.zip_fread)
#define zip_name_locate (excel.zip_name_locate)
#define zip_open_from_source (excel.zip_open_from_source)
#define zip_source_buffer_create (excel.zip_source_buffer_create)
#define zip_source_free (excel.zip_source_free)
#endif
#endif

#endif
