/* parse.h — the parser of rule files (parse.c): the text of a .jh file
 * into the declarations of a RuleSet, names left unresolved for the
 * checker. It knows the rule language only: nothing of datasets. */
#ifndef JH_PARSE_H
#define JH_PARSE_H
#include "diag.h"
#include "rules.h"

/* Indexes src's positions (source_index) and parses it into rs: its
 * declarations are appended to rs's, in its arena. Syntax errors go to
 * diags, one per declaration; parsing goes on at the next declaration. */
void parse_source(RuleSet *rs, Source *src, DiagList *diags);
/* The same for a file of the rule set's 测试/ folder, read after the rules
 * were checked: it may hold rule tests only (a declaration there would join
 * the rules unchecked). */
void parse_tests(RuleSet *rs, Source *src, DiagList *diags);

#endif
