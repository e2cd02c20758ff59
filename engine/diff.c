/* diff.c — comparing two evaluations (see diff.h). Results are matched by
 * school code, indicator id and stage, so two rule sets with different
 * indicators, or two years with different schools, compare cleanly. */
#include "diff.h"
#include "report.h"
#include "escape.h"
#include <math.h>
#include <string.h>

typedef enum { WHY_VALUE, WHY_THRESHOLD, WHY_CLAUSE, WHY_PARTS, WHY_NEW, WHY_GONE, WHY_OTHER } Why;

static const char *why_text(Why w)
{
    static const char *const words[][2] = {
        [WHY_VALUE] = {"数值越过标准", "value crossed the threshold"},
        [WHY_THRESHOLD] = {"标准改变", "threshold changed"},
        [WHY_CLAUSE] = {"起决定作用的条款改变（条款增删或其条件变化）", "deciding clause changed (clause added, removed or its condition changed)"},
        [WHY_PARTS] = {"所汇总的指标的结果、数值或标准变化", "the indicators it aggregates changed (result, value or threshold)"},
        [WHY_NEW] = {"新增的结果", "new result"}, [WHY_GONE] = {"不再有的结果", "result no longer produced"},
        [WHY_OTHER] = {"数据或规则的其他变化", "other change of data or rules"},
    };
    return words[w][msg_lang];
}

static const char *why_code(Why w)
{
    static const char *const codes[] = {"value", "threshold", "clause", "parts", "new", "gone", "other"};
    return codes[w];
}

static const Result *find(const Evaluation *ev, const SchoolResults *s, const Result *like)
{
    for (int k = s->first; k < s->first + s->count; k++) {
        const Result *r = &ev->results[k];
        if (r->stage == like->stage && strcmp(r->ind->id, like->ind->id) == 0) return r;
    }
    return NULL;
}

static const SchoolResults *school(const Evaluation *ev, const char *code)
{
    for (int i = 0; i < ev->nschools; i++)
        if (strcmp(ev->schools[i].code, code) == 0) return &ev->schools[i];
    return NULL;
}

static const char *clause_of(const Result *r)
{
    if (!r) return NULL;
    if (r->clause >= 0) return r->ind->exceptions[r->clause].qualified;
    if (r->veto >= 0) return r->ind->vetoes[r->veto].qualified;
    return NULL;
}

static Why reason(const Result *a, const Result *b)
{
    if (!a) return WHY_NEW;
    if (!b) return WHY_GONE;
    double ta = result_threshold(a), tb = result_threshold(b);
    if (!(isnan(ta) && isnan(tb)) && ta != tb) return WHY_THRESHOLD;
    if ((a->status == ST_PASS_EXCEPTION || b->status == ST_PASS_EXCEPTION || a->veto >= 0 || b->veto >= 0) &&
        !(clause_of(a) && clause_of(b) && strcmp(clause_of(a), clause_of(b)) == 0))
        return WHY_CLAUSE;
    if (!isnan(a->value) && !isnan(b->value) && a->value != b->value) return WHY_VALUE;
    if (b->ind->nreads) return WHY_PARTS;
    return WHY_OTHER;
}

typedef struct Count {
    const char *id;
    int changed, better, worse;
} Count;

static int rank(const Result *r)
{
    if (!r) return -1;
    static const int ranks[] = {[ST_PASS] = 3, [ST_PASS_EXCEPTION] = 2, [ST_FAIL] = 0, [ST_MISSING] = 1, [ST_NOT_APPLICABLE] = -1};
    return ranks[r->status];
}

static void school_csv(FILE *out, const SchoolResults *s)
{
    csv_field(out, s->code);
    putc(',', out);
    csv_field(out, s->name);
}

static void print_side(FILE *out, const Result *r, DiffFormat f)
{
    const char *st = r ? (f == DIFF_TEXT ? status_word((Status)r->status) : status_name((Status)r->status)) : "";
    const char *cl = clause_of(r);
    char v[40] = "";
    if (r && !isnan(r->value)) {
        if (f == DIFF_TEXT) format_human(v, sizeof v, r->value);
        else snprintf(v, sizeof v, "%.17g", r->value);
    }
    if (f == DIFF_TEXT) fprintf(out, "%s%s%s%s%s", st, cl ? " " : "", cl ? cl : "", *v ? " " : "", v);
    else if (f == DIFF_CSV) fprintf(out, "%s,%s,%s", st, cl ? cl : "", v);
    else fprintf(out, "{\"status\": %s%s%s, \"clause\": %s%s%s, \"value\": %s}", r ? "\"" : "", r ? st : "null", r ? "\"" : "",
                 cl ? "\"" : "", cl ? cl : "null", cl ? "\"" : "", *v ? v : "null");
}

int diff_print(FILE *out, const Evaluation *before, const Evaluation *after, DiffFormat format)
{
    Count counts[256];
    int ncounts = 0, changed = 0;
    if (format == DIFF_CSV) fputs("学校代码,学校名称,指标,学段,原结果,原条款,原值,新结果,新条款,新值,原因\n", out);
    if (format == DIFF_JSON) fputs("{\"changes\": [", out);
    /* Every result of either side, each pair once: after's order, then what only before has. */
    for (int pass = 0; pass < 2; pass++) {
        const Evaluation *ev = pass == 0 ? after : before, *other = pass == 0 ? before : after;
        for (int i = 0; i < ev->nschools; i++) {
            const SchoolResults *s = &ev->schools[i];
            const SchoolResults *o = school(other, s->code);
            if (!o) { /* a school only one side has: one line */
                changed += s->count;
                if (format == DIFF_TEXT)
                    fprintf(out, pass == 0 ? zh_en("%s %s：新增的学校（%d 项结果）\n", "%s %s: new school (%d results)\n")
                                           : zh_en("%s %s：不再在数据集中（%d 项结果）\n", "%s %s: no longer in the dataset (%d results)\n"),
                            s->code, s->name, s->count);
                else if (format == DIFF_CSV) {
                    school_csv(out, s);
                    fprintf(out, ",,,,,,,,,%s\n", pass == 0 ? "new_school" : "school_gone");
                } else {
                    fputs(changed > s->count ? ",\n  {\"code\": " : "\n  {\"code\": ", out);
                    json_string(out, s->code);
                    fprintf(out, ", \"reason\": \"%s\", \"results\": %d}", pass == 0 ? "new_school" : "school_gone", s->count);
                }
                continue;
            }
            for (int k = s->first; k < s->first + s->count; k++) {
                const Result *r = &ev->results[k];
                const Result *q = o ? find(other, o, r) : NULL;
                if (pass == 1 && q) continue; /* pairs were seen in the first pass */
                const Result *a = pass == 0 ? q : r, *b = pass == 0 ? r : NULL;
                if (a && b && a->status == b->status && a->clause == b->clause && a->veto == b->veto) continue;
                if ((!a && b && b->status == ST_NOT_APPLICABLE) || (a && !b && a->status == ST_NOT_APPLICABLE)) continue;
                Why why = reason(a, b);
                changed++;
                int c;
                for (c = 0; c < ncounts && strcmp(counts[c].id, r->ind->id) != 0; c++) {}
                if (c == ncounts && ncounts < 256) counts[ncounts++] = (Count){r->ind->id, 0, 0, 0};
                if (c < ncounts) {
                    counts[c].changed++;
                    if (rank(b) > rank(a)) counts[c].better++;
                    else if (rank(b) < rank(a)) counts[c].worse++;
                }
                const char *stage = r->stage >= 0 ? stage_word(ev->rs, r->stage) : NULL;
                if (format == DIFF_TEXT) {
                    fprintf(out, "%s %s · %s%s%s：", s->code, s->name, r->ind->id, stage ? " · " : "", stage ? stage : "");
                    print_side(out, a, format);
                    fputs(" → ", out);
                    print_side(out, b, format);
                    fprintf(out, zh_en("（%s）\n", " (%s)\n"), why_text(why));
                } else if (format == DIFF_CSV) {
                    school_csv(out, s);
                    fprintf(out, ",%s,%s,", r->ind->id, stage ? stage : "");
                    print_side(out, a, format);
                    putc(',', out);
                    print_side(out, b, format);
                    fprintf(out, ",%s\n", why_code(why));
                } else {
                    fputs(changed > 1 ? ",\n  {\"code\": " : "\n  {\"code\": ", out);
                    json_string(out, s->code);
                    fprintf(out, ", \"indicator\": \"%s\", \"stage\": ", r->ind->id);
                    json_string(out, stage);
                    fputs(", \"before\": ", out);
                    print_side(out, a, format);
                    fputs(", \"after\": ", out);
                    print_side(out, b, format);
                    fprintf(out, ", \"reason\": \"%s\"}", why_code(why));
                }
            }
        }
    }
    if (format == DIFF_JSON) {
        fputs("\n], \"summary\": [", out);
        for (int c = 0; c < ncounts; c++)
            fprintf(out, "%s\n  {\"indicator\": \"%s\", \"changed\": %d, \"better\": %d, \"worse\": %d}", c ? "," : "", counts[c].id,
                    counts[c].changed, counts[c].better, counts[c].worse);
        fprintf(out, "\n], \"changed\": %d}\n", changed);
    } else if (format == DIFF_TEXT) {
        if (!changed) fputs(zh_en("没有结果发生变化。\n", "No result changed.\n"), out);
        else fprintf(out, zh_en("\n共 %d 项结果变化；按指标：\n", "\n%d results changed; per indicator:\n"), changed);
        for (int c = 0; c < ncounts; c++)
            fprintf(out, zh_en("  %-4s 变化 %d（变好 %d，变差 %d）\n", "  %-4s changed %d (better %d, worse %d)\n"), counts[c].id,
                    counts[c].changed, counts[c].better, counts[c].worse);
    }
    return changed;
}
