/* html.c — the HTML report (see html.h). */
#define _GNU_SOURCE /* open_memstream */
#include "html.h"
#include "arena.h"
#include "explain.h"
#include "msg.h"
#include "numfmt.h"
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

static const char STYLE[] =
    "<style>\n"
    "@page { size: A4; margin: 15mm; }\n"
    "body { font-family: 'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'WenQuanYi Micro Hei', sans-serif; margin: 2em; color: #222; }\n"
    "h1 { font-size: 1.5em; } h2 { font-size: 1.2em; border-bottom: 2px solid #1f4e79; margin-top: 1.6em; }\n"
    ".manifest { color: #555; font-size: 0.85em; }\n"
    ".verdict { font-size: 1.3em; font-weight: bold; padding: 0.3em 0.8em; display: inline-block; }\n"
    ".not_applicable { color: #888; }\n"
    "table { border-collapse: collapse; font-size: 0.8em; }\n"
    "th, td { border: 1px solid #bbb; padding: 2px 4px; text-align: center; }\n"
    "th { background: #d9e1f2; position: sticky; top: 0; cursor: pointer; }\n"
    "td.name { text-align: left; white-space: nowrap; }\n"
    "pre { font-size: 0.8em; white-space: pre-wrap; background: #f8f8f8; padding: 0.5em; }\n"
    ".legend span { padding: 0 0.5em; margin-right: 0.5em; }\n"
    "@media print { .controls { display: none; } details { break-inside: avoid; } }\n"
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
    "  window.addEventListener('beforeprint', function () {\n"
    "    document.querySelectorAll('details').forEach(function (d) { d.open = true; });\n"
    "  });\n"
    "  document.body.dataset.ready = 'true';\n"
    "})();\n"
    "</script>\n";

static void write_head(FILE *out, const Evaluation *ev, const RunInfo *info)
{
    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
    esc(out, info->dataset_name ? info->dataset_name : info->dataset_path);
    fputs(" — 评估报告</title>\n", out);
    fputs(STYLE, out);
    fputs("<style>\n", out); /* the result colours, as in the workbook */
    for (int k = 0; k < ST_COUNT; k++) fprintf(out, ".%s { background: #%06x; }\n", status_name((Status)k), status_colour((Status)k));
    fputs("</style>\n", out);
    fputs("</head>\n<body>\n<h1>", out);
    esc(out, info->dataset_name ? info->dataset_name : info->dataset_path);
    fputs(" — 评估报告</h1>\n<p class=\"manifest\">", out);
    fputs("规则集 ", out);
    esc(out, info->rules_name);
    fprintf(out, "（sha256 %s）<br>数据集 sha256 %s<br>评估日期 %04d-%02d-%02d · 生成于 %s · junheng %s</p>\n",
            info->rules_sha256, info->dataset_sha256, info->date / 10000, info->date / 100 % 100, info->date % 100,
            info->generated, JH_VERSION);
    fprintf(out, "<p>评估结论：<span id=\"verdict\" class=\"verdict %s\">", status_name(ev->verdict));
    esc(out, verdict_word(info->lang, ev->verdict));
    fputs("</span></p>\n<h2>各类别</h2>\n<table id=\"categories\"><tbody>\n", out);
    for (int c = 0; c < ev->rs->ncategories; c++) {
        Status st = ev->categories[c].status == ST_NOT_APPLICABLE ? ST_PASS : ev->categories[c].status;
        fputs("<tr><td class=\"name\">", out);
        esc(out, ev->rs->categories[c]->title);
        fprintf(out, "</td><td class=\"%s\">", status_name(st));
        esc(out, verdict_word(info->lang, st));
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
}

/* Pass rates of the school and school-stage indicators as horizontal bars. */
static void write_rates(FILE *out, const Evaluation *ev)
{
    fputs("<h2>各指标达标率（学校、学段）</h2>\n", out);
    int bar = 18, width = 380, label = 340;
    fprintf(out, "<svg id=\"rates\" width=\"%d\" height=\"%d\" role=\"img\">\n", label + width + 90, ev->nrollups * bar + 4);
    for (int i = 0; i < ev->nrollups; i++) {
        const Rollup *r = &ev->rollups[i];
        int applicable = 0;
        for (int k = 0; k < ST_COUNT; k++) applicable += k == ST_NOT_APPLICABLE ? 0 : r->counts[k];
        int passed = r->counts[ST_PASS] + r->counts[ST_PASS_EXCEPTION];
        double rate = applicable ? (double)passed / applicable : 0;
        int y = i * bar;
        fprintf(out, "<text x=\"0\" y=\"%d\" font-size=\"11\">", y + 13);
        esc(out, r->ind->id);
        fputs(" ", out);
        esc(out, r->ind->title);
        fprintf(out, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#eee\"/>", label, y + 2, width, bar - 4);
        fprintf(out, "<rect class=\"rate\" x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", label, y + 2, rate * width,
                bar - 4, r->status == ST_PASS ? "#70ad47" : r->status == ST_FAIL ? "#c00000" : "#ffc000");
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%.1f%%（%d/%d）</text>\n", label + width + 4, y + 13, rate * 100,
                passed, applicable);
    }
    fputs("</svg>\n", out);
}

/* Each CV against its limit: the bar is the CV, the line the limit. */
static void write_cvs(FILE *out, Lang lang, const Evaluation *ev)
{
    if (!ev->ncvs) return;
    fputs("<h2>校际差异系数</h2>\n", out);
    double top = 0;
    for (int i = 0; i < ev->ncvs; i++) {
        if (!isnan(ev->cvs[i].value)) top = fmax(top, ev->cvs[i].value);
        if (!isnan(ev->cvs[i].limit)) top = fmax(top, ev->cvs[i].limit);
    }
    if (top <= 0) top = 1;
    int bar = 18, width = 400, label = 160;
    fprintf(out, "<svg id=\"cvs\" width=\"%d\" height=\"%d\" role=\"img\">\n", label + width + 180, ev->ncvs * bar + 4);
    for (int i = 0; i < ev->ncvs; i++) {
        const CvResult *c = &ev->cvs[i];
        int y = i * bar;
        char v[40] = "—", l[40] = "";
        if (!isnan(c->value)) numfmt_shortest(v, sizeof v, round(c->value * 10000) / 10000);
        if (!isnan(c->limit)) numfmt_shortest(l, sizeof l, c->limit);
        fprintf(out, "<text x=\"0\" y=\"%d\" font-size=\"11\">", y + 13);
        esc(out, c->label);
        if (c->stage >= 0) {
            fputs(" ", out);
            esc(out, stage_word(ev->rs, c->stage));
        }
        fputs("</text>", out);
        if (!isnan(c->value))
            fprintf(out, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", label, y + 2,
                    c->value / top * width, bar - 4, c->status == ST_PASS ? "#70ad47" : c->status == ST_FAIL ? "#c00000" : "#ffc000");
        if (!isnan(c->limit))
            fprintf(out, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"/>",
                    label + c->limit / top * width, label + c->limit / top * width, y, y + bar);
        fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s%s%s %s</text>\n", label + width + 4, y + 13, v,
                *l ? " / 限值 " : "", l, status_word(lang, c->status));
    }
    fputs("</svg>\n", out);
}

/* A row per school-stage; a column per school or school-stage indicator. */
static void write_units(FILE *out, Lang lang, const Evaluation *ev)
{
    const RuleSet *rs = ev->rs;
    fputs("<h2>各校结果</h2>\n<p class=\"controls\">筛选 <input id=\"filter\" placeholder=\"学校代码或名称\"> "
          "<select id=\"only\"><option value=\"\">全部</option><option value=\"fail\">有未达标</option>"
          "<option value=\"missing_data\">有缺少数据</option><option value=\"pass_by_exception\">有认定达标</option></select>"
          "（点击表头排序）</p>\n<p class=\"legend\"><span class=\"pass\">✓ 达标</span><span class=\"pass_by_exception\">◎ 认定达标</span>"
          "<span class=\"fail\">✗ 未达标</span><span class=\"missing_data\">? 缺少数据</span><span class=\"not_applicable\">– 不适用</span></p>\n",
          out);
    fputs("<table id=\"units\"><thead><tr><th>学校代码</th><th>学校名称</th><th>学段</th>", out);
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
                if (r->clause >= 0) {
                    fputs(" ", out);
                    esc(out, r->ind->exceptions[r->clause].qualified);
                }
                if (r->veto >= 0) {
                    fputs(" ", out);
                    esc(out, r->ind->vetoes[r->veto].qualified);
                }
                fprintf(out, "\">%s</td>", status_mark((Status)r->status));
            }
            fputs("</tr>\n", out);
        }
    }
    fputs("</tbody></table>\n", out);
}

void html_write(FILE *out, const HtmlReport *h, const Evaluation *ev, const RunInfo *info)
{
    write_head(out, ev, info);
    write_rates(out, ev);
    write_cvs(out, info->lang, ev);
    write_units(out, info->lang, ev);
    fputs("<h2>各校推导说明</h2>\n", out);
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
    fputs(SCRIPT, out);
    fputs("</body>\n</html>\n", out);
}
