/* html.h — the report as one self-contained HTML file (inline CSS, SVG and
 * a little JavaScript; no network), printable on A4: run manifest, verdict
 * and categories, right under them why (the text report's reasons, each
 * school linked to its explanation); every indicator's county result (a
 * county indicator with its value, threshold and each part of its 条件
 * with its own value); pass rates per indicator as stacked bars; the CVs
 * against their limits; the official tables 表Ⅱ-2 and 表Ⅲ; a table of every
 * school-stage with coloured results (sortable and filterable, readable
 * without JavaScript); and per school the explanation of every result, as
 * explain gives it (on screen: the printed document ends before them). */
#ifndef JH_HTML_H
#define JH_HTML_H
#include <stdio.h>
#include "dataset.h"
#include "report.h"
#include "tables.h"

typedef struct HtmlReport HtmlReport;

/* A report whose explanations are traced in run (used by one thread) and
 * written in lang. */
HtmlReport *html_new(Run *run, const char *dataset_path, Lang lang);
/* Keeps the explanation of one school's results (its data may die after). */
void html_school(HtmlReport *h, const SchoolData *school);
/* The report; tables: the official tables gathered in the same run. */
void html_write(FILE *out, const HtmlReport *h, const Evaluation *ev, const RunInfo *info, const OfficialTables *tables);
void html_free(HtmlReport *h);

#endif
