/* table.c — tables and their CSV form (see table.h). */
#include "table.h"
#include "escape.h"
#include <math.h>
#include <stdio.h>

void table_texts(TableSink *t, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) t->text(t, cells[i]);
    t->end_row(t);
}

static void csv_separate(CsvSink *c)
{
    if (c->column++) putc(',', c->out);
}

static void csv_text(TableSink *t, const char *s)
{
    CsvSink *c = (CsvSink *)t;
    csv_separate(c);
    csv_field(c->out, s);
}

static void csv_number(TableSink *t, double x)
{
    CsvSink *c = (CsvSink *)t;
    csv_separate(c);
    if (!isnan(x)) json_number(c->out, x);
}

static void csv_end_row(TableSink *t)
{
    CsvSink *c = (CsvSink *)t;
    putc('\n', c->out);
    c->column = 0;
}

/* A number to places decimals, as the official tables show it. */
static void csv_fixed(TableSink *t, double x, int places)
{
    CsvSink *c = (CsvSink *)t;
    csv_separate(c);
    if (!isnan(x)) fprintf(c->out, "%.*f", places, x);
}

void table_code(TableSink *t, const char *code, const char *word)
{
    t->text(t, t->words ? word : code);
}

void csv_sink_init(CsvSink *c, FILE *out)
{
    c->sink = (TableSink){csv_text, csv_number, csv_end_row, csv_fixed, 0};
    c->out = out;
    c->column = 0;
    csv_bom(out);
}
