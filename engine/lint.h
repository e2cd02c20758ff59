/* lint.h — what junheng check finds beyond errors: numbered warnings on a
 * rule set that loads but is probably not what its author meant. A warning
 * is silenced by a comment on the line above it: # 忽略 J101：理由. */
#ifndef JH_LINT_H
#define JH_LINT_H
#include "diag.h"
#include "rules.h"

typedef struct LintSummary {
    int warnings, silenced;
} LintSummary;

LintSummary lint_rules(const RuleSet *rs, DiagList *diags);

#endif
