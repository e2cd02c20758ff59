/* dictionary.h — the data dictionary of a rule set, from its declarations:
 * every field with its level, type, unit and the indicators that read it,
 * so that the documentation's 数据字典 is generated and cannot drift. */
#ifndef JH_DICTIONARY_H
#define JH_DICTIONARY_H
#include <stdio.h>
#include "rules.h"

/* Which indicators read each field: used[field index * nindicators +
 * indicator evaluation index] (through definitions, defaults and shares).
 * The caller frees it. */
unsigned char *dictionary_usage(const RuleSet *rs);
/* Text table for people, or Markdown for docs/数据字典.md. */
void dictionary_print(FILE *out, const RuleSet *rs, int markdown);

#endif
