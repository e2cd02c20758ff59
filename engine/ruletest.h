/* ruletest.h — runs the rule tests of a rule set (its 测试/ folder): each
 * builds the inputs it names, evaluates its indicator and compares status
 * and deciding clause; then reports clause coverage, every exception or
 * veto no test makes decide. Each test reads dated parameters at its 日期
 * (the latest values when it gives none). */
#ifndef JH_RULETEST_H
#define JH_RULETEST_H
#include <stdio.h>
#include "run.h"

typedef struct TestSummary {
    int passed, failed;
    int clauses, covered;         /* exceptions and vetoes in all, and decided by a test */
} TestSummary;

/* Prints, in lang, each failure with its explanation, the uncovered clauses
 * and a last line "N passed, N failed". Each test runs at its own date with the
 * script budgets of opt (its date is not used). */
TestSummary ruletest_run(FILE *out, Lang lang, const RuleSet *rs, const RunOptions *opt);

#endif
