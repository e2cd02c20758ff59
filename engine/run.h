/* run.h — one evaluation context over a checked rule set: what varies from
 * one evaluation to the next, while the rule program stays read-only.
 *
 * A run owns the evaluation date and the values of the dated parameters in
 * force on it (and so the numbers of the thresholds that follow them), and
 * a Lua sandbox of its own with its budgets. Many runs share one program:
 * the two sides of diff, the rule tests (a run per test date), and the
 * worker threads of an evaluation (a run each). A run is used by one
 * thread at a time. */
#ifndef JH_RUN_H
#define JH_RUN_H
#include "diag.h"
#include "rules.h"

struct Script;

/* Script budgets given on the command line; 0 keeps the rule set's
 * 脚本限制, else the default (script.h). */
typedef struct RunOptions {
    int date;                     /* yyyymmdd */
    long lua_instructions;
    double lua_memory_mib;
    double lua_seconds;
} RunOptions;

typedef struct Run {
    const RuleSet *rs;
    RunOptions options;
    int date;
    const ParamVersion **versions; /* per parameter (Param.index): the version in force; NULL if undated */
    double *thresholds;           /* per dated threshold (Threshold.dated): its number on the date */
    struct Script *script;        /* NULL when the rule set has no scripts */
} Run;

/* The first dated parameter that has no version in force yet on date (an
 * evaluation at that date is refused), or NULL. */
const Param *run_param_not_in_force(const RuleSet *rs, int date);

/* A run at opt->date. NULL with an error diagnostic when a dated parameter
 * had no version in force yet on that date, or a script fails to load. */
Run *run_new(const RuleSet *rs, const RunOptions *opt, DiagList *diags);
/* Another run of the same program with the same options (a worker). */
Run *run_clone(const Run *run, DiagList *diags);
void run_free(Run *run);

/* The number a threshold stands for in this run. */
double run_threshold(const Run *run, const Threshold *th);
/* A parameter's value in this run: its single value (key -1) or the one
 * of key k. */
double run_param(const Run *run, const Param *p, int key);
/* The version of a dated parameter in force in this run; NULL if undated. */
const ParamVersion *run_version(const Run *run, const Param *p);

#endif
