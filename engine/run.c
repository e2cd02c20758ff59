/* run.c — evaluation contexts (see run.h). */
#include "run.h"
#include "arena.h"
#include "script.h"
#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The version of pm in force on date: the latest not after it; NULL when
 * even the first is later. */
static const ParamVersion *version_on(const Param *pm, int date)
{
    const ParamVersion *in_force = NULL;
    for (int k = 0; k < pm->nversions; k++)
        if (pm->versions[k].from <= date) in_force = &pm->versions[k];
    return in_force;
}

/* A dated threshold's number: the parameter's value in force, or its
 * constant expression folded with the values in force. */
static double fold(const Run *run, const Expr *e)
{
    switch (e->kind) {
    case E_NUMBER: return e->num;
    case E_PARAM: return run_param(run, e->param, -1);
    case E_NEG: return -fold(run, e->a);
    case E_ARITH: {
        double a = fold(run, e->a), b = fold(run, e->b);
        switch (e->op) {
        case T_PLUS: return a + b;
        case T_MINUS: return a - b;
        case T_STAR: return a * b;
        default: return b == 0 ? NAN : a / b;
        }
    }
    default: return NAN; /* the checker folded every threshold: not reached */
    }
}

static void date_text(char *buf, size_t n, int date)
{
    snprintf(buf, n, "%04d-%02d-%02d", date / 10000, date / 100 % 100, date % 100);
}

/* Loads the rule set's scripts into a sandbox with the run's budgets. */
static int load_scripts(Run *run, DiagList *diags)
{
    const RuleSet *rs = run->rs;
    if (!rs->nscripts) return 0;
    const RunOptions *o = &run->options;
    ScriptLimits lim = {o->lua_instructions > 0 ? o->lua_instructions : (long)rs->limits[0],
                        (size_t)((o->lua_memory_mib > 0 ? o->lua_memory_mib : rs->limits[1]) * 1048576.0),
                        o->lua_seconds > 0 ? o->lua_seconds : rs->limits[2]};
    run->script = script_new(&lim);
    if (!run->script) return -1;
    int status = 0;
    for (int i = 0; i < rs->nscripts; i++)
        if (script_load(run->script, &rs->scripts[i], diags) != 0) status = -1;
    if (status == 0) script_seal(run->script);
    return status;
}

const Param *run_param_not_in_force(const RuleSet *rs, int date)
{
    for (int i = 0; i < rs->nparams; i++)
        if (rs->params[i]->nversions && !version_on(rs->params[i], date)) return rs->params[i];
    return NULL;
}

Run *run_new(const RuleSet *rs, const RunOptions *opt, DiagList *diags)
{
    const Param *early = run_param_not_in_force(rs, opt->date);
    if (early) { /* not yet in force: nothing to evaluate against */
        char when[16], first[16];
        date_text(when, sizeof when, opt->date);
        date_text(first, sizeof first, early->versions[0].from);
        diag_at(diags, DIAG_ERROR, NULL, 0, MSG_CLI_DATE_TOO_EARLY, when, early->name, first);
        return NULL;
    }
    Run *run = xcalloc(1, sizeof *run);
    run->rs = rs;
    run->options = *opt;
    run->date = opt->date;
    run->versions = xcalloc((size_t)rs->nparams + 1, sizeof *run->versions);
    for (int i = 0; i < rs->nparams; i++)
        if (rs->params[i]->nversions) run->versions[i] = version_on(rs->params[i], run->date);
    run->thresholds = xcalloc((size_t)rs->ndated_thresholds + 1, sizeof *run->thresholds);
    for (int i = 0; i < rs->ndated_thresholds; i++) {
        const Threshold *th = rs->dated_thresholds[i];
        run->thresholds[i] = th->param ? run_param(run, th->param, th->param_key) : fold(run, th->value);
    }
    if (load_scripts(run, diags) != 0) {
        run_free(run);
        return NULL;
    }
    return run;
}

Run *run_clone(const Run *run, DiagList *diags)
{
    return run_new(run->rs, &run->options, diags);
}

void run_free(Run *run)
{
    if (!run) return;
    if (run->script) script_free(run->script);
    free(run->versions);
    free(run->thresholds);
    free(run);
}

double run_threshold(const Run *run, const Threshold *th)
{
    assert(!isnan(th->number) || (th->dated >= 0 && th->dated < run->rs->ndated_thresholds));
    return isnan(th->number) ? run->thresholds[th->dated] : th->number;
}

double run_param(const Run *run, const Param *p, int key)
{
    const ParamVersion *v = run->versions[p->index];
    if (!v) return key < 0 ? p->value : p->numbers[key];
    return key < 0 ? v->value : v->numbers[key];
}

const ParamVersion *run_version(const Run *run, const Param *p)
{
    return run->versions[p->index];
}
