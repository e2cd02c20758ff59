/* html.c — the HTML report (see html.h). */
#define _GNU_SOURCE /* open_memstream */
#include "html.h"
#include "arena.h"
#include "explain.h"
#include "msg.h"
#include "numfmt.h"
#include "tables.h"
#include <stdarg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct HtmlReport {
    Run *run;
    const char *dataset_path;
    Lang lang;                /* of the explanations */
    char **explanations;      /* per school, in evaluation order */
    int count, cap;
};

HtmlReport *html_new(Run *run, const char *dataset_path, Lang lang)
{
    HtmlReport *h = xcalloc(1, sizeof *h);
    h->run = run;
    h->dataset_path = dataset_path;
    h->lang = lang;
    return h;
}

void html_free(HtmlReport *h)
{
    if (!h) return;
    for (int i = 0; i < h->count; i++) free(h->explanations[i]);
    free(h->explanations);
    free(h);
}

void html_school(HtmlReport *h, const SchoolData *school)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    TraceSet t;
    eval_trace_school(h->run, school, &t);
    ExplainQuery all = {NULL, -1, h->lang};
    explain_school(mem, school, h->dataset_path, &t, &all);
    eval_trace_free(&t);
    fclose(mem);
    if (h->count == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 64;
        h->explanations = xrealloc(h->explanations, (size_t)h->cap * sizeof *h->explanations);
    }
    h->explanations[h->count++] = text;
}

/* Text in HTML: & < > " escaped. */
static void esc(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: putc(*s, out);
        }
    }
}


static const char *status_mark(Status s)
{
    static const char *const marks[] = {"✓", "◎", "✗", "?", "–"};
    return marks[s];
}

/* What a catalogue entry writes, escaped for HTML. */
static void esc_msg(FILE *out, Lang lang, MsgId id, ...)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    va_list ap;
    va_start(ap, id);
    msg_vprint(mem, lang, 0, id, ap);
    va_end(ap);
    fclose(mem);
    esc(out, text);
    free(text);
}

/* Text with the blanks around it dropped, escaped: a line of the text report. */
static void esc_trimmed(FILE *out, const char *s)
{
    while (*s == ' ' || *s == '\n') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ')) n--;
    char *copy = xstrdup(s);
    copy[n] = '\0';
    esc(out, copy);
    free(copy);
}

/* The bars' colours: strong ones, a segment per result (the grid's fills
 * are the lighter status_colour). */
static const char *bar_colour(Status s)
{
    static const char *const colours[] = {"#548235", "#2e75b6", "#c00000", "#bf9000", "#a6a6a6"};
    return colours[s];
}

/* Screen and print. Print: A4, the long sections on pages of their own,
 * table headers repeated on every page, explanations opened. The CJK fonts
 * a Chinese page needs (Debian: fonts-noto-cjk) come first. */
static const char STYLE[] =
    "<style>\n"
    "@page { size: A4; margin: 14mm 12mm; }\n"
    "body { font-family: 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Microsoft YaHei', SimSun, sans-serif;"
    " margin: 1.5em; color: #222; line-height: 1.45; }\n"
    "h1 { font-size: 1.4em; margin: 0 0 0.2em; } h2 { font-size: 1.15em; border-bottom: 2px solid #1f4e79; margin-top: 1.4em; }\n"
    "h3 { font-size: 1em; margin: 0.6em 0 0.2em; }\n"
    ".manifest { color: #555; font-size: 0.8em; margin: 0; }\n"
    ".verdict { font-size: 1.3em; font-weight: bold; padding: 0.2em 0.8em; display: inline-block; }\n"
    "#categories span { display: inline-block; margin: 0 0.4em 0.3em 0; padding: 0.1em 0.6em; font-size: 0.9em; }\n"
    "#reasons { font-size: 0.88em; } #reasons ul { margin: 0.1em 0 0.3em; padding-left: 1.4em; }\n"
    "#reasons li.part { list-style: circle; color: #444; } #reasons summary { cursor: pointer; }\n"
    "table { border-collapse: collapse; font-size: 0.8em; max-width: 100%; }\n"
    "th, td { border: 1px solid #bbb; padding: 2px 4px; text-align: center; overflow-wrap: anywhere; }\n"
    "th { background: #d9e1f2; }\n"
    "td.name, td.text { text-align: left; } td.num { text-align: right; white-space: nowrap; }\n"
    "#units { font-size: 0.7em; } #units th { cursor: pointer; position: sticky; top: 0; }\n"
    "#county td.text { min-width: 12em; } #county td:nth-child(3) { white-space: nowrap; }\n"
    "svg { max-width: 100%; height: auto; display: block; }\n"
    "pre { font-size: 0.8em; white-space: pre-wrap; overflow-wrap: anywhere; background: #f8f8f8; padding: 0.5em; }\n"
    ".legend span { padding: 0 0.5em; margin-right: 0.5em; }\n"
    ".legend i { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: -0.1em; }\n"
    "@media print {\n"
    "  body { margin: 0; font-size: 10pt; }\n"
    "  .controls { display: none; }\n"
    "  h2.page { break-before: page; }\n"
    "  h2, h3 { break-after: avoid; }\n"
    "  thead { display: table-header-group; }\n"
    "  tr, li, svg { break-inside: avoid; }\n"
    "  #units th { position: static; }\n"
    "  a { color: inherit; text-decoration: none; }\n"
    "  #explanations { display: none; }\n"
    "}\n"
    "@media screen { .print-only { display: none; } }\n"
    "#reasons a { color: inherit; text-decoration: underline dotted #888; }\n"
    "</style>\n";

static const char SCRIPT[] =
    "<script>\n"
    "(function () {\n"
    "  var table = document.getElementById('units');\n"
    "  var body = table.tBodies[0];\n"
    "  var filter = document.getElementById('filter'), only = document.getElementById('only');\n"
    "  function apply() {\n"
    "    var q = filter.value.trim(), st = only.value;\n"
    "    Array.prototype.forEach.call(body.rows, function (r) {\n"
    "      var show = (!q || r.textContent.indexOf(q) >= 0) && (!st || r.querySelector('td.' + st));\n"
    "      r.style.display = show ? '' : 'none';\n"
    "    });\n"
    "  }\n"
    "  filter.addEventListener('input', apply);\n"
    "  only.addEventListener('change', apply);\n"
    "  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {\n"
    "    th.addEventListener('click', function () {\n"
    "      var rows = Array.prototype.slice.call(body.rows), up = th.dataset.dir !== 'up';\n"
    "      rows.sort(function (a, b) {\n"
    "        var x = a.cells[i].textContent, y = b.cells[i].textContent;\n"
    "        return (x < y ? -1 : x > y ? 1 : 0) * (up ? 1 : -1);\n"
    "      });\n"
    "      rows.forEach(function (r) { body.appendChild(r); });\n"
    "      th.dataset.dir = up ? 'up' : 'down';\n"
    "    });\n"
    "  });\n"
    "  function reveal() {\n" /* a link to a school's explanation opens it */
    "    var d = location.hash && document.getElementById(location.hash.slice(1));\n"
    "    if (d && d.tagName === 'DETAILS') d.open = true;\n"
    "  }\n"
    "  window.addEventListener('hashchange', reveal);\n"
    "  reveal();\n"
    "  window.addEventListener('beforeprint', function () {\n" /* the schools under each reason */
    "    document.querySelectorAll('#reasons details').forEach(function (d) { d.open = true; });\n"
    "  });\n"
    "  document.body.dataset.ready = 'true';\n"
    "})();\n"
    "</script>\n";

/* The reasons as nested lists: a category, its members that fail, under
 * a roll-up (folded) each school that fails it, linked to its explanation. */
typedef struct ReasonsHtml {
    FILE *out;
    const Evaluation *ev;
    int category_open, rollup_open;
} ReasonsHtml;

static void close_rollup(ReasonsHtml *h)
{
    if (h->rollup_open) fputs("</ul></details></li>\n", h->out);
    h->rollup_open = 0;
}

static void close_category(ReasonsHtml *h)
{
    close_rollup(h);
    if (h->category_open) fputs("</ul></div>\n", h->out);
    h->category_open = 0;
}

/* The county indicator a reason names (its first word), for a link to its row. */
static const Indicator *reason_indicator(const RuleSet *rs, const char *text)
{
    while (*text == ' ') text++;
    size_t n = strcspn(text, " ");
    char id[32];
    if (n >= sizeof id) return NULL;
    memcpy(id, text, n);
    id[n] = '\0';
    return rules_indicator(rs, id);
}

static void html_reason(void *ctx, ReasonKind kind, int school, const char *text)
{
    ReasonsHtml *h = ctx;
    FILE *out = h->out;
    switch (kind) {
    case REASON_CATEGORY:
        close_category(h);
        fputs("<div class=\"reason-category\"><h3>", out);
        esc_trimmed(out, text);
        fputs("</h3><ul>\n", out);
        h->category_open = 1;
        break;
    case REASON_CV:
        close_rollup(h);
        fputs("<li class=\"reason\"><a href=\"#cvs\">", out);
        esc_trimmed(out, text);
        fputs("</a></li>\n", out);
        break;
    case REASON_COUNTY: {
        close_rollup(h);
        const Indicator *ind = reason_indicator(h->ev->rs, text);
        fputs("<li class=\"reason\">", out);
        if (ind) {
            fputs("<a href=\"#c-", out);
            esc(out, ind->id);
            fputs("\">", out);
        }
        esc_trimmed(out, text);
        fputs(ind ? "</a></li>\n" : "</li>\n", out);
        break;
    }
    case REASON_ROLLUP:
        close_rollup(h);
        fputs("<li class=\"reason\"><details><summary>", out);
        esc_trimmed(out, text);
        fputs("</summary><ul>\n", out);
        h->rollup_open = 1;
        break;
    case REASON_SCHOOL:
    case REASON_PART:
        fprintf(out, "<li class=\"%s\"><a href=\"#s%d\">", kind == REASON_SCHOOL ? "school" : "part", school);
        esc_trimmed(out, text);
        fputs("</a></li>\n", out);
        break;
    }
}

static void write_head(FILE *out, const Evaluation *ev, const RunInfo *info)
{
    Lang lang = info->lang;
    const char *name = info->dataset_name ? info->dataset_name : info->dataset_path;
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>", msg(lang, MSG_HTML_LANG));
    esc(out, name);
    esc_msg(out, lang, MSG_HTML_TITLE);
    fputs("</title>\n", out);
    fputs(STYLE, out);
    fputs("<style>\n", out); /* the result colours, as in the workbook */
    for (int k = 0; k < ST_COUNT; k++) fprintf(out, ".%s { background: #%06x; }\n", status_name((Status)k), status_colour((Status)k));
    fputs("</style>\n", out);
    fputs("</head>\n<body>\n<h1>", out);
    esc(out, name);
    esc_msg(out, lang, MSG_HTML_TITLE);
    fputs("</h1>\n<p class=\"manifest\">", out);
    char *manifest = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&manifest, &size);
    report_manifest(mem, info); /* the text report's line: one timestamp format everywhere */
    fclose(mem);
    esc_trimmed(out, manifest);
    free(manifest);
    fputs("</p>\n<p>", out);
    esc_msg(out, lang, MSG_HTML_VERDICT);
    fprintf(out, "<span id=\"verdict\" class=\"verdict %s\">", status_name(ev->verdict));
    esc(out, verdict_word(lang, ev->verdict));
    fputs("</span></p>\n<p id=\"categories\">", out);
    for (int c = 0; c < ev->rs->ncategories; c++) {
        Status st = ev->categories[c].status == ST_NOT_APPLICABLE ? ST_PASS : ev->categories[c].status;
        fprintf(out, "<span class=\"%s\">", status_name(st));
        esc(out, ev->rs->categories[c]->title);
        fputs(" ", out);
        esc(out, verdict_word(lang, st));
        fputs("</span>", out);
    }
    fputs("</p>\n<section id=\"reasons\">\n<h2>", out);
    esc_msg(out, lang, MSG_REPORT_REASONS);
    fputs("</h2>\n", out);
    ReasonsHtml h = {out, ev, 0, 0};
    report_reasons(ev, lang, html_reason, &h);
    close_category(&h);
    if (ev->verdict == ST_PASS) {
        fputs("<p>", out);
        esc_msg(out, lang, MSG_HTML_ALL_PASS);
        fputs("</p>\n", out);
    }
    fputs("</section>\n", out);
}

/* A county result's value and threshold cells. */
static void value_cells(FILE *out, const Run *run, const Result *r)
{
    char v[48] = "", t[48] = "";
    const Threshold *th = r->threshold >= 0 ? &result_indicator(run->rs, r)->thresholds[r->threshold] : NULL;
    if (th) format_against(v, t, sizeof v, r->value, run, th);
    else if (!isnan(r->value)) format_human(v, sizeof v, r->value);
    if (isnan(r->value)) snprintf(v, sizeof v, "—");
    fputs("<td class=\"num\">", out);
    esc(out, v);
    fputs("</td><td class=\"num\">", out);
    if (th) {
        esc(out, op_text(th->op));
        fputs(" ", out);
        esc(out, t);
    }
    fputs("</td>", out);
}

/* Every indicator's county result in the rules' order: a county indicator
 * with its value, threshold and each part of its 条件 with its own value;
 * a school indicator by its roll-up. */
static void write_county(FILE *out, Lang lang, const Evaluation *ev)
{
    const RuleSet *rs = ev->rs;
    fputs("<h2 class=\"page\" id=\"county-table\">", out);
    esc_msg(out, lang, MSG_HTML_COUNTY_TABLE);
    fputs("</h2>\n<table id=\"county\"><thead><tr>", out);
    const MsgId head[] = {MSG_HTML_COL_INDICATOR, MSG_HTML_COL_NAME, MSG_HTML_COL_RESULT, MSG_HTML_COL_VALUE,
                          MSG_HTML_COL_STANDARD, MSG_HTML_COL_CONDITIONS};
    for (size_t c = 0; c < sizeof head / sizeof *head; c++) {
        fputs("<th>", out);
        esc_msg(out, lang, head[c]);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (int i = 0; i < rs->nindicators; i++) {
        const Indicator *ind = rs->indicators[i];
        Status st = ST_NOT_APPLICABLE;
        const Result *r = NULL;
        int county = -1;
        if (ind->scope == LV_COUNTY) {
            for (int k = 0; k < ev->ncounty_results; k++)
                if (ev->county_results[k].indicator == ind->index) county = k;
            if (county < 0) continue;
            r = &ev->county_results[county];
            st = (Status)r->status;
        } else {
            if (ev->rollup_of[ind->index] < 0) continue;
            st = ev->rollups[ev->rollup_of[ind->index]].status;
        }
        fputs("<tr id=\"c-", out);
        esc(out, ind->id);
        fputs("\"><td>", out);
        esc(out, ind->id);
        fputs("</td><td class=\"name\">", out);
        esc(out, ind->title);
        fprintf(out, "</td><td class=\"%s\">", status_name(st));
        esc(out, status_word(lang, st));
        if (r && result_veto(r) >= 0) {
            fputs(" ", out);
            esc(out, ind->vetoes[result_veto(r)].qualified);
        }
        fputs("</td>", out);
        if (r) {
            value_cells(out, ev->run, r);
            fputs("<td class=\"text\">", out);
            const CondNote *notes;
            int n = eval_county_conditions(ev, county, &notes);
            for (int k = 0; k < n; k++) {
                const CondPart *p = &notes[k].part;
                fprintf(out, "%s<span class=\"%s\">%s</span> ", k ? "<br>" : "",
                        p->holds > 0 ? "pass" : p->holds == 0 ? "fail" : "missing_data",
                        status_mark(p->holds > 0 ? ST_PASS : p->holds == 0 ? ST_FAIL : ST_MISSING));
                char *text = NULL;
                size_t size = 0;
                FILE *mem = open_memstream(&text, &size);
                print_condition_part(mem, lang, p);
                fclose(mem);
                esc(out, text);
                free(text);
            }
            fputs("</td>", out);
        } else {
            const Rollup *ru = &ev->rollups[ev->rollup_of[ind->index]];
            fputs("<td class=\"text\">", out);
            esc_msg(out, lang, MSG_HTML_ROLLUP_VALUE, ru->counts[ST_PASS], ru->counts[ST_PASS_EXCEPTION], ru->counts[ST_FAIL],
                    ru->counts[ST_MISSING]);
            fputs("</td><td class=\"text\">", out);
            esc_msg(out, lang, MSG_HTML_ROLLUP_STANDARD);
            fputs("</td><td></td>", out);
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

static void legend(FILE *out, Lang lang)
{
    fputs("<p class=\"legend\">", out);
    for (Status s = ST_PASS; s <= ST_MISSING; s++) {
        fprintf(out, "<span><i style=\"background:%s\"></i>", bar_colour(s));
        esc(out, status_word(lang, s));
        fputs("</span>", out);
    }
    fputs("</p>\n", out);
}

/* Pass rates of the school and school-stage indicators: a bar per indicator,
 * stacked 达标 / 认定达标 / 未达标 / 缺少数据, each part in its own colour. */
static void write_rates(FILE *out, Lang lang, const Evaluation *ev)
{
    fputs("<h2 id=\"rates-title\">", out);
    esc_msg(out, lang, MSG_HTML_RATES);
    fputs("</h2>\n", out);
    legend(out, lang);
    int bar = 20, width = 360, label = 250, right = 110;
    fprintf(out, "<svg id=\"rates\" viewBox=\"0 0 %d %d\" width=\"%d\" role=\"img\">\n", label + width + right, ev->nrollups * bar + 4,
            label + width + right);
    for (int i = 0; i < ev->nrollups; i++) {
        const Rollup *r = &ev->rollups[i];
        int applicable = 0;
        for (int k = 0; k < ST_COUNT; k++) applicable += k == ST_NOT_APPLICABLE ? 0 : r->counts[k];
        int passed = r->counts[ST_PASS] + r->counts[ST_PASS_EXCEPTION];
        int y = i * bar;
        fprintf(out, "<g class=\"rate\" data-indicator=\"");
        esc(out, r->ind->id);
        fprintf(out, "\"><text x=\"0\" y=\"%d\" font-size=\"11\">", y + 14);
        esc(out, r->ind->id);
        fputs(" ", out);
        char title[64];
        snprintf(title, sizeof title, "%.45s", r->ind->title);
        esc(out, title);
        if (strlen(r->ind->title) > 45) fputs("…", out);
        fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eee\"/>", label, y + 3, width, bar - 6);
        double x = label;
        for (Status s = ST_PASS; s <= ST_MISSING; s++) {
            if (!r->counts[s] || !applicable) continue;
            double w = (double)r->counts[s] / applicable * width;
            fprintf(out, "<rect class=\"seg %s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>",
                    status_name(s), x, y + 3, w, bar - 6, bar_colour(s));
            esc(out, status_word(lang, s));
            fprintf(out, " %d</title></rect>", r->counts[s]);
            x += w;
        }
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.1f%% (%d/%d)</text></g>\n", label + width + 6, y + 14,
                applicable ? 100.0 * passed / applicable : 0.0, passed, applicable);
    }
    fputs("</svg>\n", out);
}

/* Each CV against its limit: the bar is the CV (coloured by its own result),
 * the dashed line the limit; both labelled, to three decimals. */
static void write_cvs(FILE *out, Lang lang, const Evaluation *ev)
{
    if (!ev->ncvs) return;
    fputs("<h2 id=\"cvs\">", out);
    esc_msg(out, lang, MSG_REPORT_CVS);
    fputs("</h2>\n", out);
    double top = 0;
    for (int i = 0; i < ev->ncvs; i++) {
        if (!isnan(ev->cvs[i].value)) top = fmax(top, ev->cvs[i].value);
        if (!isnan(ev->cvs[i].limit)) top = fmax(top, ev->cvs[i].limit);
    }
    top = top > 0 ? top * 1.15 : 1;
    int bar = 28, width = 470, label = 120, right = 130;
    fprintf(out, "<svg id=\"cv-chart\" viewBox=\"0 0 %d %d\" width=\"%d\" role=\"img\">\n", label + width + right, ev->ncvs * bar + 6,
            label + width + right);
    for (int i = 0; i < ev->ncvs; i++) {
        const CvResult *c = &ev->cvs[i];
        int y = i * bar;
        fprintf(out, "<g class=\"cv\"><text x=\"0\" y=\"%d\" font-size=\"12\">", y + 19);
        esc(out, c->label);
        if (c->stage >= 0) {
            fputs(" ", out);
            esc(out, stage_word(ev->rs, c->stage));
        }
        fputs("</text>", out);
        fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f2f2f2\"/>", label, y + 8, width, bar - 12);
        if (!isnan(c->value)) {
            double w = c->value / top * width;
            fprintf(out, "<rect class=\"cv-bar %s\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", status_name(c->status),
                    label, y + 8, w, bar - 12, bar_colour(c->status == ST_NOT_APPLICABLE ? ST_NOT_APPLICABLE : c->status));
            fprintf(out, "<text class=\"cv-value\" x=\"%.1f\" y=\"%d\" font-size=\"11\">%.3f</text>", label + w + 3, y + 20, c->value);
        }
        if (!isnan(c->limit)) {
            double x = label + c->limit / top * width;
            fprintf(out, "<line class=\"cv-limit\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"1.5\" "
                         "stroke-dasharray=\"3,2\"/>", x, x, y + 2, y + bar - 2);
            fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\" text-anchor=\"middle\">", x, y + 7);
            char limit[32];
            snprintf(limit, sizeof limit, "%.3f", c->limit);
            esc_msg(out, lang, MSG_HTML_CV_LIMIT, limit);
            fputs("</text>", out);
        }
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">", label + width + 6, y + 19);
        esc(out, status_word(lang, c->status));
        fputs("</text></g>\n", out);
    }
    fputs("</svg>\n", out);
}

/* An HTML table as a table sink: the first row is the header. */
typedef struct HtmlSink {
    TableSink sink;
    FILE *out;
    int row, col;
} HtmlSink;

static void html_cell_open(HtmlSink *h, const char *class)
{
    if (h->col++ == 0) fputs(h->row ? "<tr>" : "<thead><tr>", h->out);
    if (h->row) fprintf(h->out, "<td class=\"%s\">", class);
    else fputs("<th>", h->out);
}

static void html_cell_close(HtmlSink *h)
{
    fputs(h->row ? "</td>" : "</th>", h->out);
}

static void html_text(TableSink *t, const char *s)
{
    HtmlSink *h = (HtmlSink *)t;
    html_cell_open(h, "text");
    esc(h->out, s);
    html_cell_close(h);
}

static void html_number(TableSink *t, double x)
{
    HtmlSink *h = (HtmlSink *)t;
    html_cell_open(h, "num");
    if (!isnan(x)) {
        char buf[32];
        format_human(buf, sizeof buf, x);
        esc(h->out, buf);
    }
    html_cell_close(h);
}

static void html_fixed(TableSink *t, double x, int places)
{
    HtmlSink *h = (HtmlSink *)t;
    html_cell_open(h, "num");
    if (!isnan(x)) fprintf(h->out, "%.*f", places, x);
    html_cell_close(h);
}

static void html_end_row(TableSink *t)
{
    HtmlSink *h = (HtmlSink *)t;
    fputs(h->row++ ? "</tr>\n" : "</tr></thead>\n<tbody>\n", h->out);
    h->col = 0;
}

/* 表Ⅱ-2 and 表Ⅲ as the workbook and junheng tables write them. */
static void write_official(FILE *out, Lang lang, const Evaluation *ev, const OfficialTables *tables)
{
    fputs("<h2 class=\"page\" id=\"official\">", out);
    esc_msg(out, lang, MSG_HTML_OFFICIAL_TABLES);
    fputs("</h2>\n", out);
    for (TableId id = 0; id < TABLE_COUNT; id++) {
        fprintf(out, "<h3>");
        esc(out, tables_title(lang, id));
        fprintf(out, "</h3>\n<table class=\"official\" id=\"%s\">", id == TABLE_II_2 ? "table-ii-2" : "table-iii");
        HtmlSink h = {{html_text, html_number, html_end_row, html_fixed, 1}, out, 0, 0};
        tables_write(&h.sink, id, tables, ev, lang);
        fputs("</tbody></table>\n", out);
    }
}

static void option(FILE *out, Lang lang, const char *value, MsgId text)
{
    fprintf(out, "<option value=\"%s\">", value);
    esc_msg(out, lang, text);
    fputs("</option>", out);
}

/* A row per school-stage; a column per school or school-stage indicator. */
static void write_units(FILE *out, Lang lang, const Evaluation *ev)
{
    const RuleSet *rs = ev->rs;
    fputs("<h2 class=\"page\">", out);
    esc_msg(out, lang, MSG_HTML_UNITS);
    fputs("</h2>\n<p class=\"controls\">", out);
    esc_msg(out, lang, MSG_HTML_FILTER);
    fputs(" <input id=\"filter\" placeholder=\"", out);
    esc_msg(out, lang, MSG_HTML_FILTER_PLACEHOLDER);
    fputs("\"> <select id=\"only\">", out);
    option(out, lang, "", MSG_HTML_FILTER_ALL);
    option(out, lang, "fail", MSG_HTML_FILTER_FAIL);
    option(out, lang, "missing_data", MSG_HTML_FILTER_MISSING);
    option(out, lang, "pass_by_exception", MSG_HTML_FILTER_EXCEPTION);
    fputs("</select>", out);
    esc_msg(out, lang, MSG_HTML_SORT_HINT);
    fputs("</p>\n<p class=\"legend\">", out);
    for (Status s = ST_PASS; s < ST_COUNT; s++) {
        fprintf(out, "<span class=\"%s\">%s ", status_name(s), status_mark(s));
        esc(out, status_word(lang, s));
        fputs("</span>", out);
    }
    fputs("</p>\n<table id=\"units\"><thead><tr><th>", out);
    esc_msg(out, lang, MSG_HTML_COL_CODE);
    fputs("</th><th>", out);
    esc_msg(out, lang, MSG_HTML_COL_SCHOOL);
    fputs("</th><th>", out);
    esc_msg(out, lang, MSG_HTML_COL_STAGE);
    fputs("</th>", out);
    for (int i = 0; i < rs->nindicators; i++) {
        if (rs->indicators[i]->scope == LV_COUNTY) continue;
        fputs("<th title=\"", out);
        esc(out, rs->indicators[i]->title);
        fputs("\">", out);
        esc(out, rs->indicators[i]->id);
        fputs("</th>", out);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (int si = 0; si < ev->nschools; si++) {
        const SchoolResults *sr = &ev->schools[si];
        int stages[16];
        int nst = school_stages(ev, sr, stages, 16);
        for (int j = 0; j < nst; j++) {
            fputs("<tr class=\"unit\"><td>", out);
            esc(out, sr->code);
            fprintf(out, "</td><td class=\"name\"><a href=\"#s%d\">", si);
            esc(out, sr->name);
            fputs("</a></td><td>", out);
            if (stages[j] >= 0) esc(out, stage_word(rs, stages[j]));
            fputs("</td>", out);
            for (int i = 0; i < rs->nindicators; i++) {
                const Indicator *ind = rs->indicators[i];
                if (ind->scope == LV_COUNTY) continue;
                const Result *r = school_result(ev, sr, ind, stages[j]);
                if (!r) {
                    fputs("<td></td>", out);
                    continue;
                }
                fprintf(out, "<td class=\"%s\" title=\"", status_name((Status)r->status));
                esc(out, status_word(lang, (Status)r->status));
                if (result_clause(r) >= 0) {
                    fputs(" ", out);
                    esc(out, ind->exceptions[result_clause(r)].qualified);
                }
                if (result_veto(r) >= 0) {
                    fputs(" ", out);
                    esc(out, ind->vetoes[result_veto(r)].qualified);
                }
                fprintf(out, "\">%s</td>", status_mark((Status)r->status));
            }
            fputs("</tr>\n", out);
        }
    }
    fputs("</tbody></table>\n", out);
}

void html_write(FILE *out, const HtmlReport *h, const Evaluation *ev, const RunInfo *info, const OfficialTables *tables)
{
    Lang lang = info->lang;
    write_head(out, ev, info);
    write_county(out, lang, ev);
    write_rates(out, lang, ev);
    write_cvs(out, lang, ev);
    write_official(out, lang, ev, tables);
    write_units(out, lang, ev);
    fputs("<p class=\"print-only\">", out);
    esc_msg(out, lang, MSG_HTML_EXPLANATIONS_NOT_PRINTED);
    fputs("</p>\n<section id=\"explanations\"><h2 class=\"page\">", out);
    esc_msg(out, lang, MSG_HTML_EXPLANATIONS);
    fputs("</h2>\n", out);
    for (int si = 0; si < ev->nschools && si < h->count; si++) {
        const SchoolResults *sr = &ev->schools[si];
        fprintf(out, "<details id=\"s%d\"><summary>", si);
        esc(out, sr->code);
        fputs(" ", out);
        esc(out, sr->name);
        fputs("</summary><pre>", out);
        esc(out, h->explanations[si]);
        fputs("</pre></details>\n", out);
    }
    fputs("</section>\n", out);
    fputs(SCRIPT, out);
    fputs("</body>\n</html>\n", out);
}
