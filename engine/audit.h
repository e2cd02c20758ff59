/* audit.h — the exemption ledger (例外认定台账) inspectors check: for every
 * exception clause, the results it made pass with the value that met it and
 * the citation; counts per clause and school type; the clauses that
 * decided nothing. */
#ifndef JH_AUDIT_H
#define JH_AUDIT_H
#include <stdio.h>
#include "report.h"

typedef enum { AUDIT_TEXT, AUDIT_JSON, AUDIT_CSV } AuditFormat;

void audit_print(FILE *out, const Evaluation *ev, const RunInfo *info, AuditFormat format);
/* The ledger as a table, a row per result passed by exception (its CSV
 * form); the words in its cells (a missing school type, the result without
 * the clause) in lang. */
void audit_table(TableSink *t, const Evaluation *ev, Lang lang);

#endif
