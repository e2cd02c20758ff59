/* html.h — the report as one self-contained HTML file (inline CSS, SVG and
 * a little JavaScript; no network), printable on A4: verdict, categories
 * and run manifest; pass rates per indicator as bars; the CVs against their
 * limits; a table of every school-stage with coloured results (sortable and
 * filterable, readable without JavaScript); and per school the explanation
 * of every result, as explain gives it. */
#ifndef JH_HTML_H
#define JH_HTML_H
#include <stdio.h>
#include "dataset.h"
#include "report.h"

typedef struct HtmlReport HtmlReport;

/* A report whose explanations are traced in run (used by one thread) and
 * written in lang. */
HtmlReport *html_new(Run *run, const char *dataset_path, Lang lang);
/* Keeps the explanation of one school's results (its data may die after). */
void html_school(HtmlReport *h, const SchoolData *school);
void html_write(FILE *out, const HtmlReport *h, const Evaluation *ev, const RunInfo *info);
void html_free(HtmlReport *h);

#endif
