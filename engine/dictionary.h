/* dictionary.h — the data dictionary of a rule set, from its declarations:
 * every field with its level, type, unit and the indicators that read it,
 * so that the documentation's 数据字典 is generated and cannot drift. */
#ifndef JH_DICTIONARY_H
#define JH_DICTIONARY_H
#include <stdio.h>
#include "rules.h"

/* Which indicators read which fields (through definitions, defaults and
 * shares), both ways round, each list rising: field i (its index in
 * RuleSet.fields) is read by the indicators readers[reader_start[i] ..
 * reader_start[i + 1]) (evaluation indexes); indicator k reads the fields
 * fields[field_start[k] .. field_start[k + 1]). As large as what is read,
 * not fields × indicators. */
typedef struct Usage {
    int *reader_start, *readers;
    int *field_start, *fields;
} Usage;

Usage dictionary_usage(const RuleSet *rs);
void dictionary_usage_free(Usage *u);
/* Text table for people, or Markdown for docs/数据字典.md, in lang. */
void dictionary_print(FILE *out, Lang lang, const RuleSet *rs, int markdown);

#endif
