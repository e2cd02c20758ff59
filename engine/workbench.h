/* workbench.h — the rule workbench behind junheng serve, without HTTP.
 *
 * Two sides over one dataset read once (datastore.h): the rule set as saved
 * on disk, and the last valid edit of one of its files. Each side is checked
 * as junheng check does, and evaluated in a run of its own (its date,
 * parameters, Lua sandbox and budgets; run.h). An edit is answered with its
 * diagnostics, its evaluation, what changed against the saved rules and why
 * (diff.c's reasons) and the rule tests with clause coverage (ruletest.c);
 * any result of either side is explained as explain does. Saving writes one
 * rule file of the folder atomically, never through a link or outside the
 * folder, and keeps the version it replaced for one undo.
 * Answers are written to a FILE: JSON objects, or text for explanations.
 * Not thread-safe: one request at a time. */
#ifndef JH_WORKBENCH_H
#define JH_WORKBENCH_H
#include <stddef.h>
#include <stdio.h>
#include "dataset.h"
#include "diag.h"
#include "run.h"

typedef struct Workbench Workbench;

/* How a request went; the HTTP layer turns it into a status code. */
typedef enum {
    WB_OK,
    WB_INVALID,     /* the rules have errors: nothing saved (the answer lists them) */
    WB_NOT_FOUND,   /* no such rule file, school or result */
    WB_REFUSED,     /* saving there is not allowed (a link, not a regular file) */
    WB_CONFLICT,    /* the file changed on disk since it was read; nothing to undo */
    WB_FAILED       /* the file could not be written; a script failed */
} WbStatus;

/* Loads the rules at rules_path (a folder or one .jh file) as check does,
 * and reads the dataset (NULL: none, the page then checks and tests only).
 * Its answers' texts (messages, explanations, diff, tests) are in lang.
 * NULL with diagnostics when either is invalid. */
Workbench *wb_open(const char *rules_path, const char *dataset, const char *encoding, Lang lang, DiagList *diags);
/* The county as read (its 年度 decides the evaluation date); NULL without a dataset. */
const CountyData *wb_county(const Workbench *wb);
/* Evaluates the saved rules with opt (date and script budgets), as every
 * later evaluation will be. -1 with diagnostics when the run cannot be made
 * or a script fails. */
int wb_start(Workbench *wb, const RunOptions *opt, DiagList *diags);
void wb_free(Workbench *wb);

/* What the page starts from: the rule set and its files with their text,
 * the dataset, the keywords of the rule language (lex.h), the result
 * statuses with their words and colours, and the state of the saved side. */
void wb_session(FILE *out, Workbench *wb);
/* Checks the rules with file's text replaced by text and, when valid,
 * evaluates them, compares them with the saved rules and runs the tests. */
WbStatus wb_edit(FILE *out, Workbench *wb, const char *file, const char *text, size_t len);
/* The explanation, as explain prints it, of a result of the last valid
 * edit (saved, or no edit: of the saved rules): of school code (NULL: of
 * the county) for indicator id (or a 差异系数 name) and stage (NULL: every
 * stage). Text, or a message when there is no such result. */
WbStatus wb_explain(FILE *out, Workbench *wb, int saved, const char *code, const char *id, const char *stage);
/* Saves text as the rule file named file (a file of the rule set), when the
 * rules are valid with it; the saved side is then evaluated and tested. */
WbStatus wb_save(FILE *out, Workbench *wb, const char *file, const char *text, size_t len);
/* Restores the version the last save replaced, as a save (once). */
WbStatus wb_undo(FILE *out, Workbench *wb);

#endif
