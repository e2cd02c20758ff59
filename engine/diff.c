/* diff.c — comparing two evaluations (see diff.h). Results are matched by
 * school code, indicator id and stage, so two rule sets with different
 * indicators, or two years with different schools, compare cleanly. */
#include "diff.h"
#include "report.h"
#include "escape.h"
#include "numfmt.h"
#include <math.h>
#include <string.h>

typedef enum { WHY_VALUE, WHY_THRESHOLD, WHY_CLAUSE, WHY_PARTS, WHY_NEW, WHY_GONE, WHY_OTHER } Why;

static const char *why_text(Lang lang, Why w)
{
    static const MsgId words[] = {
        [WHY_VALUE] = MSG_DIFF_WHY_VALUE, [WHY_THRESHOLD] = MSG_DIFF_WHY_THRESHOLD, [WHY_CLAUSE] = MSG_DIFF_WHY_CLAUSE,
        [WHY_PARTS] = MSG_DIFF_WHY_PARTS, [WHY_NEW] = MSG_DIFF_WHY_NEW, [WHY_GONE] = MSG_DIFF_WHY_GONE,
        [WHY_OTHER] = MSG_DIFF_WHY_OTHER,
    };
    return msg(lang, words[w]);
}

static const char *why_code(Why w)
{
    static const char *const codes[] = {"value", "threshold", "clause", "parts", "new", "gone", "other"};
    return codes[w];
}

/* The result of indicator id for stage among school s's results. */
static const Result *find(const Evaluation *ev, const SchoolResults *s, const char *id, int stage)
{
    for (int k = s->first; k < s->first + s->count; k++) {
        const Result *r = &ev->results[k];
        if (r->stage == stage && strcmp(result_indicator(ev->rs, r)->id, id) == 0) return r;
    }
    return NULL;
}

static const SchoolResults *school(const Evaluation *ev, const char *code)
{
    for (int i = 0; i < ev->nschools; i++)
        if (strcmp(ev->schools[i].code, code) == 0) return &ev->schools[i];
    return NULL;
}

/* The clause that decided r (of rule set rs): an exception or a veto. */
static const char *clause_of(const RuleSet *rs, const Result *r)
{
    if (!r) return NULL;
    if (result_clause(r) >= 0) return result_indicator(rs, r)->exceptions[result_clause(r)].qualified;
    if (result_veto(r) >= 0) return result_indicator(rs, r)->vetoes[result_veto(r)].qualified;
    return NULL;
}

/* Why result a (of the run before) became b (of the run after): each side
 * was judged against the thresholds of its own run (date, rules). */
static Why reason(const Run *before, const Result *a, const Run *after, const Result *b)
{
    if (!a) return WHY_NEW;
    if (!b) return WHY_GONE;
    double ta = result_threshold(before, a), tb = result_threshold(after, b);
    if (!(isnan(ta) && isnan(tb)) && ta != tb) return WHY_THRESHOLD;
    const Indicator *ia = result_indicator(before->rs, a), *ib = result_indicator(after->rs, b);
    if (a->threshold >= 0 && b->threshold >= 0 && ia->thresholds[a->threshold].op != ib->thresholds[b->threshold].op)
        return WHY_THRESHOLD; /* >= 100% became == 100% */
    const char *ca = clause_of(before->rs, a), *cb = clause_of(after->rs, b);
    if ((a->status == ST_PASS_EXCEPTION || b->status == ST_PASS_EXCEPTION || result_veto(a) >= 0 || result_veto(b) >= 0) &&
        !(ca && cb && strcmp(ca, cb) == 0))
        return WHY_CLAUSE;
    if (!isnan(a->value) && !isnan(b->value) && a->value != b->value) return WHY_VALUE;
    if (ib->nreads) return WHY_PARTS;
    return WHY_OTHER;
}

typedef struct Count {
    const char *id;
    const char *cv;       /* the CV declaration's title for a CV's count; NULL for an indicator's */
    int changed, better, worse;
} Count;

static int rank(const Result *r)
{
    if (!r) return -1;
    static const int ranks[] = {[ST_PASS] = 3, [ST_PASS_EXCEPTION] = 2, [ST_FAIL] = 0, [ST_MISSING] = 1, [ST_NOT_APPLICABLE] = -1};
    return ranks[r->status];
}

/* The output under way: its format, the rule sets of either side, the
 * changes so far, the counts. */
typedef struct Diff {
    FILE *out;
    Lang lang;
    const RuleSet *before, *after;
    DiffFormat format;
    Count counts[256];
    int ncounts, changed;
} Diff;

/* One side of a change: r, a result of rule set rs. */
static void print_side(FILE *out, Lang lang, const RuleSet *rs, const Result *r, DiffFormat f)
{
    const char *st = r ? (f == DIFF_TEXT ? status_word(lang, (Status)r->status) : status_name((Status)r->status)) : "";
    const char *cl = clause_of(rs, r);
    char v[40] = "";
    if (r && !isnan(r->value)) {
        if (f == DIFF_TEXT) format_human(v, sizeof v, r->value);
        else numfmt_shortest(v, sizeof v, r->value);
    }
    if (f == DIFF_TEXT) {
        fprintf(out, "%s%s%s%s%s", st, cl ? " " : "", cl ? cl : "", *v ? " " : "", v);
        return;
    }
    if (f == DIFF_CSV) {
        fprintf(out, "%s,", st);
        csv_field(out, cl);
        fprintf(out, ",%s", v);
        return;
    }
    fputs("{\"status\": ", out);
    json_string(out, r ? st : NULL);
    fputs(", \"clause\": ", out);
    json_string(out, cl);
    fputs(", \"value\": ", out);
    fputs(*v ? v : "null", out);
    fputc('}', out);
}

static void count(Diff *d, const char *id, const char *cv, const Result *a, const Result *b)
{
    d->changed++;
    int c;
    for (c = 0; c < d->ncounts && (strcmp(d->counts[c].id, id) != 0 || d->counts[c].cv != cv); c++) {}
    if (c == d->ncounts && d->ncounts < 256) d->counts[d->ncounts++] = (Count){id, cv, 0, 0, 0};
    if (c == d->ncounts) return;
    d->counts[c].changed++;
    if (rank(b) > rank(a)) d->counts[c].better++;
    else if (rank(b) < rank(a)) d->counts[c].worse++;
}

/* One changed result: of a school (code and name), of the county (code
 * NULL, name the county's), or a CV (code NULL, cv and name the CV
 * declaration's title). */
static void emit(Diff *d, const char *code, const char *name, const char *cv, const char *id, const char *stage,
                 const Result *a, const Result *b, Why why)
{
    FILE *out = d->out;
    Lang lang = d->lang;
    count(d, id, cv, a, b);
    if (d->format == DIFF_TEXT) {
        if (code) print_school(out, code, name, NULL);
        else text_escaped(out, name);
        msg_print(out, lang, MSG_DIFF_RESULT, id, stage ? " · " : "", stage ? stage : "");
        print_side(out, lang, d->before, a, d->format);
        fputs(" → ", out);
        print_side(out, lang, d->after, b, d->format);
        msg_print(out, lang, MSG_DIFF_REASON, why_text(lang, why));
    } else if (d->format == DIFF_CSV) {
        csv_field(out, code);
        putc(',', out);
        csv_field(out, name);
        putc(',', out);
        csv_field(out, id);
        putc(',', out);
        csv_field(out, stage);
        putc(',', out);
        print_side(out, lang, d->before, a, d->format);
        putc(',', out);
        print_side(out, lang, d->after, b, d->format);
        fprintf(out, ",%s\n", why_code(why));
    } else {
        fputs(d->changed > 1 ? ",\n  {\"code\": " : "\n  {\"code\": ", out);
        json_string(out, code);
        if (!code) { /* the county's result, or a CV */
            fputs(cv ? ", \"cv\": " : ", \"name\": ", out);
            json_string(out, name);
        }
        fputs(", \"indicator\": ", out);
        json_string(out, id);
        fputs(", \"stage\": ", out);
        json_string(out, stage);
        fputs(", \"before\": ", out);
        print_side(out, lang, d->before, a, d->format);
        fputs(", \"after\": ", out);
        print_side(out, lang, d->after, b, d->format);
        fprintf(out, ", \"reason\": \"%s\"}", why_code(why));
    }
}

/* A school only one side has: one line for all its results. */
static void emit_school(Diff *d, const SchoolResults *s, int is_new)
{
    FILE *out = d->out;
    Lang lang = d->lang;
    d->changed += s->count;
    if (d->format == DIFF_TEXT) {
        print_school(out, s->code, s->name, NULL);
        msg_print(out, lang, is_new ? MSG_DIFF_NEW_SCHOOL : MSG_DIFF_GONE_SCHOOL, s->count);
    } else if (d->format == DIFF_CSV) {
        csv_field(out, s->code);
        putc(',', out);
        csv_field(out, s->name);
        fprintf(out, ",,,,,,,,,%s\n", is_new ? "new_school" : "school_gone");
    } else {
        fputs(d->changed > s->count ? ",\n  {\"code\": " : "\n  {\"code\": ", out);
        json_string(out, s->code);
        fprintf(out, ", \"reason\": \"%s\", \"results\": %d}", is_new ? "new_school" : "school_gone", s->count);
    }
}

static int unchanged(const Result *a, const Result *b)
{
    if (a && b) return a->status == b->status && result_clause(a) == result_clause(b) && result_veto(a) == result_veto(b);
    return (a ? a : b)->status == ST_NOT_APPLICABLE; /* only one side has it, and it does not apply */
}

static void school_changes(Diff *d, const Evaluation *before, const Evaluation *after)
{
    /* Every result of either side, each pair once: after's order, then what only before has. */
    for (int pass = 0; pass < 2; pass++) {
        const Evaluation *ev = pass == 0 ? after : before, *other = pass == 0 ? before : after;
        for (int i = 0; i < ev->nschools; i++) {
            const SchoolResults *s = &ev->schools[i];
            const SchoolResults *o = school(other, s->code);
            if (!o) {
                emit_school(d, s, pass == 0);
                continue;
            }
            for (int k = s->first; k < s->first + s->count; k++) {
                const Result *r = &ev->results[k];
                const char *id = result_indicator(ev->rs, r)->id;
                const Result *q = find(other, o, id, r->stage);
                if (pass == 1 && q) continue; /* pairs were seen in the first pass */
                const Result *a = pass == 0 ? q : r, *b = pass == 0 ? r : NULL;
                if (unchanged(a, b)) continue;
                emit(d, s->code, s->name, NULL, id, r->stage >= 0 ? stage_word(ev->rs, r->stage) : NULL, a, b, reason(before->run, a, after->run, b));
            }
        }
    }
}

static const Result *county_result(const Evaluation *ev, const char *id)
{
    for (int i = 0; i < ev->ncounty_results; i++)
        if (strcmp(result_indicator(ev->rs, &ev->county_results[i])->id, id) == 0) return &ev->county_results[i];
    return NULL;
}

/* County indicators (S1, I14…): matched by id. */
static void county_changes(Diff *d, const Evaluation *before, const Evaluation *after, const char *county)
{
    for (int pass = 0; pass < 2; pass++) {
        const Evaluation *ev = pass == 0 ? after : before, *other = pass == 0 ? before : after;
        for (int i = 0; i < ev->ncounty_results; i++) {
            const char *id = result_indicator(ev->rs, &ev->county_results[i])->id;
            const Result *r = &ev->county_results[i], *q = county_result(other, id);
            if (pass == 1 && q) continue;
            const Result *a = pass == 0 ? q : r, *b = pass == 0 ? r : NULL;
            if (unchanged(a, b)) continue;
            emit(d, NULL, county, NULL, id, NULL, a, b, reason(before->run, a, after->run, b));
        }
    }
}

static const CvResult *cv_result(const Evaluation *ev, const CvResult *like)
{
    for (int i = 0; i < ev->ncvs; i++) {
        const CvResult *c = &ev->cvs[i];
        if (strcmp(c->cv->name, like->cv->name) == 0 && strcmp(c->label, like->label) == 0 && c->stage == like->stage) return c;
    }
    return NULL;
}

/* A CV as a result, so that it is shown and counted like one (no
 * indicator of its own: it has no clause, veto or threshold to look up). */
static Result cv_as_result(const CvResult *c)
{
    Result r = {0};
    r.value = c->value;
    r.status = (uint8_t)c->status;
    r.threshold = r.detail = -1;
    r.stage = (int8_t)c->stage;
    return r;
}

/* Coefficients of variation: matched by declaration, indicator and stage. */
static void cv_changes(Diff *d, const Evaluation *before, const Evaluation *after)
{
    for (int pass = 0; pass < 2; pass++) {
        const Evaluation *ev = pass == 0 ? after : before, *other = pass == 0 ? before : after;
        for (int i = 0; i < ev->ncvs; i++) {
            const CvResult *c = &ev->cvs[i], *o = cv_result(other, c);
            if (pass == 1 && o) continue;
            Result rc = cv_as_result(c), ro = o ? cv_as_result(o) : (Result){0};
            const Result *a = pass == 0 ? (o ? &ro : NULL) : &rc;
            const Result *b = pass == 0 ? &rc : NULL;
            if (unchanged(a, b)) continue;
            Why why = !a ? WHY_NEW : !b ? WHY_GONE : !(isnan(c->limit) && isnan(o->limit)) && c->limit != o->limit ? WHY_THRESHOLD : WHY_VALUE;
            emit(d, NULL, c->cv->title, c->cv->title, c->label, c->stage >= 0 ? stage_word(ev->rs, c->stage) : NULL, a, b, why);
        }
    }
}

/* Each dated parameter of ev's rules with a value that comes into force
 * after ev's evaluation date: the comparison does not see it, and --as-of
 * shows it. Not repeated for the same rules at the same date as other. */
static void not_yet_in_force(FILE *out, Lang lang, const Evaluation *ev, const Evaluation *other)
{
    int date = ev->run->date;
    if (other && other->rs == ev->rs && other->run->date == date) return;
    for (int i = 0; i < ev->rs->nparams; i++) {
        const Param *p = ev->rs->params[i];
        for (int k = 0; k < p->nversions; k++) {
            int from = p->versions[k].from;
            if (from <= date) continue;
            msg_print(out, lang, MSG_DIFF_NOT_IN_FORCE, ev->rs->name, p->name, from / 10000, from / 100 % 100, from % 100,
                      date / 10000, date / 100 % 100, date % 100, from / 10000, from / 100 % 100, from % 100);
            break; /* the first one to come: --as-of that date shows it */
        }
    }
}

int diff_print(FILE *out, Lang lang, const Evaluation *before, const Evaluation *after, const char *county,
               DiffFormat format)
{
    Diff d = {.out = out, .lang = lang, .before = before->rs, .after = after->rs, .format = format};
    if (format == DIFF_TEXT) {
        msg_print(out, lang, MSG_DIFF_VERDICT, verdict_word(lang, before->verdict), verdict_word(lang, after->verdict));
        for (int c = 0; c < after->rs->ncategories && c < before->rs->ncategories; c++)
            if (before->categories[c].status != after->categories[c].status)
                msg_print(out, lang, MSG_DIFF_CATEGORY, after->categories[c].cat->title,
                          verdict_word(lang, before->categories[c].status), verdict_word(lang, after->categories[c].status));
        putc('\n', out);
    } else if (format == DIFF_CSV) {
        csv_bom(out);
        fputs("学校代码,学校名称,指标,学段,原结果,原条款,原值,新结果,新条款,新值,原因\n", out);
    } else {
        fprintf(out, "{\"verdict\": {\"before\": \"%s\", \"after\": \"%s\"},\n \"categories\": [", verdict_code(before->verdict),
                verdict_code(after->verdict));
        for (int c = 0, shown = 0; c < after->rs->ncategories && c < before->rs->ncategories; c++) {
            if (before->categories[c].status == after->categories[c].status) continue;
            fputs(shown++ ? ", {\"category\": " : "{\"category\": ", out);
            json_string(out, after->categories[c].cat->name);
            fprintf(out, ", \"before\": \"%s\", \"after\": \"%s\"}", verdict_code(before->categories[c].status),
                    verdict_code(after->categories[c].status));
        }
        fputs("],\n \"changes\": [", out);
    }
    school_changes(&d, before, after);
    county_changes(&d, before, after, county);
    cv_changes(&d, before, after);
    if (format == DIFF_JSON) {
        fputs("\n], \"summary\": [", out);
        for (int c = 0; c < d.ncounts; c++) {
            fputs(c ? ",\n  {\"indicator\": " : "\n  {\"indicator\": ", out);
            json_string(out, d.counts[c].id);
            if (d.counts[c].cv) {
                fputs(", \"cv\": ", out);
                json_string(out, d.counts[c].cv);
            }
            fprintf(out, ", \"changed\": %d, \"better\": %d, \"worse\": %d}", d.counts[c].changed, d.counts[c].better, d.counts[c].worse);
        }
        fprintf(out, "\n], \"changed\": %d}\n", d.changed);
    } else if (format == DIFF_TEXT) {
        if (!d.changed) fputs(msg(lang, MSG_DIFF_NONE), out);
        else msg_print(out, lang, MSG_DIFF_TOTAL, d.changed);
        for (int c = 0; c < d.ncounts; c++) {
            fprintf(out, "  %-4s ", d.counts[c].id);
            if (d.counts[c].cv) msg_print(out, lang, MSG_DIFF_COUNT_CV, d.counts[c].cv);
            msg_print(out, lang, MSG_DIFF_COUNT, d.counts[c].changed,
                      d.counts[c].better, d.counts[c].worse);
        }
        not_yet_in_force(out, lang, before, NULL);
        not_yet_in_force(out, lang, after, before);
    }
    return d.changed;
}
