/* table.h — a table written cell by cell, row by row, to whatever holds it:
 * a CSV file, or a worksheet of the Excel workbook. The ledger, the gaps
 * list and the row-per-result listing are written once, as tables. */
#ifndef JH_TABLE_H
#define JH_TABLE_H
#include <stdio.h>

typedef struct TableSink TableSink;
struct TableSink {
    void (*text)(TableSink *t, const char *s);   /* NULL: an empty cell */
    void (*number)(TableSink *t, double x);      /* NaN: an empty cell */
    void (*end_row)(TableSink *t);
    void (*fixed)(TableSink *t, double x, int places); /* a number shown to places decimals (NaN: empty) */
    int words;            /* a code cell shows its word for people (the workbook), else the code (CSV) */
};

/* A cell of a code (change, no_remedy): the code, or in a sink for people
 * its word in their language. */
void table_code(TableSink *t, const char *code, const char *word);

/* Cells of a row: texts, then a row end. */
void table_texts(TableSink *t, const char *const *cells, int n);

/* A CSV file: the UTF-8 byte-order mark (Excel then reads the Chinese
 * right), then RFC 4180 rows; numbers in their shortest exact form. */
typedef struct CsvSink {
    TableSink sink;
    FILE *out;
    int column;
} CsvSink;

void csv_sink_init(CsvSink *c, FILE *out);

#endif
