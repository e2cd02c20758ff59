/* report.h — renderers of an Evaluation: the JSON contract of results.md
 * and the text report for people. */
#ifndef JH_REPORT_H
#define JH_REPORT_H
#include <stdio.h>
#include "eval.h"
#include "table.h"

#define JH_VERSION "0.1.0"

/* What a result is traced back to. */
typedef struct RunInfo {
    const char *rules_name;
    char rules_sha256[65];
    const char *dataset_name;
    const char *dataset_path;
    char dataset_sha256[65];
    int date;             /* yyyymmdd of the evaluation: the dated rules in force */
    char generated[32];   /* when the run was made, local time: 2026-11-29T16:53:07+08:00 */
    long long generated_at; /* the same, in seconds since 1970-01-01 00:00:00 UTC */
    Lang lang;            /* of the texts for people */
} RunInfo;

/* The latest SOURCE_DATE_EPOCH accepted: 9999-12-31T23:59:59Z. */
#define JH_MAX_SOURCE_DATE_EPOCH 253402300799LL

/* Sets info->generated from the clock, or from SOURCE_DATE_EPOCH when set
 * (reproducible outputs, as in the golden tests). An invalid value is an
 * error, as reproducible-builds.org specifies: returns -1, leaving
 * info->generated empty, unless it is an integer (decimal digits only)
 * from 0 to JH_MAX_SOURCE_DATE_EPOCH. */
int run_time(RunInfo *info);

/* When the run was made, as every report for people shows it (the text
 * report, the HTML report, the workbook): 2026-01-15 09:00:00. */
void format_generated(char *buf, size_t size, const RunInfo *info);
/* The line a printed report is traced back to its inputs by: rule set and
 * dataset digests, engine version (in info->lang, as every text report). */
void report_manifest(FILE *out, const RunInfo *info);
/* The same as the JSON members "engine", "rules", "dataset",
 * "evaluation_date" and "generated_at" (each line ends ",\n"). */
void report_json_manifest(FILE *out, const RunInfo *info);
/* The stages a school has results for, in order (max at most); a school
 * with none gives one stage, -1. Returns how many. */
int school_stages(const Evaluation *ev, const SchoolResults *s, int *stages, int max);
/* The school's result of ind for stage (any stage for a whole-school
 * indicator), or NULL. */
const Result *school_result(const Evaluation *ev, const SchoolResults *s, const Indicator *ind, int stage);
/* A threshold as {"operator": "≥", "value": 4.5}, or null. */
void report_json_threshold(FILE *out, const Run *run, const Threshold *th);
/* A school's members "code", "name" and "type", without braces. */
void report_json_school(FILE *out, const SchoolResults *s);
/* The JSON result (results.md); the schools are formatted on jobs threads. */
void report_json(FILE *out, const Evaluation *ev, const RunInfo *info, int jobs);
/* The same bytes, written while the dataset is evaluated: begin, once the
 * run and the dataset's name are known, writes the head with room for the
 * verdict and the statuses (out: a file written from its start); every
 * batch of schools is formatted by report_json_batch (a BatchFormatter,
 * pool.h) as soon as it is evaluated; end writes the rest and returns the
 * head to put in place of begin's (*n bytes, as many; the caller frees). */
typedef struct JsonStream JsonStream;
JsonStream *report_json_begin(FILE *out, const Evaluation *ev, const RunInfo *info);
void report_json_batch(FILE *out, const Evaluation *part, int leading, const void *stream);
char *report_json_end(JsonStream *js, FILE *out, const Evaluation *ev, const RunInfo *info, size_t *n);
void report_json_free(JsonStream *js);
void report_text(FILE *out, const Evaluation *ev, const RunInfo *info);

/* The lines of the text report's 未通过与数据不全的原因, in order: a category
 * that does not pass, then each member that does not (a CV, a county
 * indicator, or a school indicator's roll-up followed by each school that
 * fails it, and under an aggregate the parts that fail). Each line is
 * handed over as the text report prints it (indented, ending in "\n"),
 * with its kind and the school's index in ev->schools (-1: none). */
typedef enum { REASON_CATEGORY, REASON_CV, REASON_COUNTY, REASON_ROLLUP, REASON_SCHOOL, REASON_PART } ReasonKind;
typedef void (*ReasonLine)(void *ctx, ReasonKind kind, int school, const char *text);
void report_reasons(const Evaluation *ev, Lang lang, ReasonLine line, void *ctx);
/* A row per result, for spreadsheets: the schools' results, then the county's. */
void report_table(TableSink *t, const Evaluation *ev, const RunInfo *info);
/* The county roll-up of a school or school-stage indicator: its status,
 * the rule, the counts, and every school that fails or lacks data, why. */
void report_rollup(FILE *out, Lang lang, const Evaluation *ev, const Indicator *ind, const char *dataset_name);
/* The coefficients of variation of one 差异系数 declaration, with what each
 * was computed from (count, weighted mean, standard deviation). */
void report_cv(FILE *out, Lang lang, const Evaluation *ev, const CvDecl *cv, const char *dataset_name);

/* A rounded number for people: 4.065, 0.0686, 23226. */
void format_human(char *buf, size_t size, double x);
/* "值 96.97%，标准 ≥ 100%": a value and its threshold in the threshold's notation. */
void format_against(char *value, char *threshold, size_t size, double x, const Run *run, const Threshold *th);
/* A threshold's number alone, in its notation: 4.5, 100%. */
void format_threshold(char *buf, size_t size, const Run *run, const Threshold *th);
/* A threshold in one table cell, exact: "≥0.9"; NULL for none. */
const char *threshold_cell(char *buf, size_t size, const Run *run, const Threshold *th);
/* Status and verdict words in lang. */
const char *status_word(Lang lang, Status s);
const char *verdict_word(Lang lang, Status s);
/* The fill a result is shown with (0xRRGGBB), the same in the HTML report and the workbook. */
unsigned status_colour(Status s);
/* The verdict in JSON: pass, fail or incomplete. */
const char *verdict_code(Status s);
const char *stage_word(const RuleSet *rs, int stage);
const char *op_text(TokKind op);
/* "CODE NAME（TYPE）" for people, the data escaped (text_escaped); no
 * type: "CODE NAME". */
void print_school(FILE *out, const char *code, const char *name, const char *type);
/* A part of a 条件 with its own value: "骨干教师占交流轮岗教师 18.18%，标准
 * ≥ 20%", "建设标准统一 为 否"; a term that is no comparison by its text. */
void print_condition_part(FILE *out, Lang lang, const CondPart *p);
/* Whether an expression's number is written as a percentage (95%, or a
 * parameter that is one): its values are shown as percentages too. */
int expr_is_percent(const Expr *e);
/* Why a value is missing, in words ("缺少 在校生数"). */
void print_missing(FILE *out, Lang lang, Missing m);

#endif
