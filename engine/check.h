/* check.h — the checker of a parsed rule set (check.c): every name
 * resolved to its declaration, types and levels checked, expressions bounded
 * in depth, indicators ordered so that each comes after those it reads. It
 * runs before any data is read, and knows of datasets only the key names
 * of their layout (layout.h). */
#ifndef JH_CHECK_H
#define JH_CHECK_H
#include "diag.h"
#include "rules.h"

/* Checks the rules parsed into rs; errors go to diags. With none, rs is an
 * executable program: names resolved into slots, indicators in evaluation
 * order, the latest value of every dated parameter in force. */
void check_rules(RuleSet *rs, DiagList *diags);
/* Checks the rule tests parsed into rs (rules_load_tests) against its
 * checked rules. */
void check_tests(RuleSet *rs, DiagList *diags);

#endif
