/* script.h — Lua 5.4 functions a rule set may call: the escape hatch for
 * computations the rule language should not grow into.
 *
 * A Script is one Lua state holding every .lua file of a rule set, loaded
 * once per evaluation as text. Rule files travel by e-mail, so the state is
 * a sandbox (see the comment at the top of script.c for every decision):
 * only base, string, table, math and utf8 (without anything that reads or
 * writes files, loads code or reaches another chunk's tables); a per-call
 * instruction budget that pcall cannot catch; a memory cap in the allocator;
 * a wall-clock bound on the time spent in scripts over the whole evaluation,
 * which C functions cannot outrun: every library function whose work the
 * script chooses is bounded or charged to the budget, and once the time is
 * up the script stops at its next instruction.
 *
 * Any failure (Lua error, budget, memory, time, wrong return type) is one
 * error diagnostic at the .lua file and line, naming the function, the
 * calling rule and the unit; the evaluation is expected to stop.
 *
 * Threads and signals: each Script has a watchdog thread that sleeps until
 * the time budget runs out during a load or call and then sends SIGURG to
 * the calling thread (a handler is installed once, unless the program
 * already handles SIGURG). A Script is used by one thread at a time. */
#ifndef JH_SCRIPT_H
#define JH_SCRIPT_H
#include <stddef.h>
#include "dataset.h"
#include "diag.h"
#include "rules.h"

typedef struct Script Script;

typedef struct ScriptLimits {
    long instructions;    /* Lua VM instructions per call (and per chunk load) */
    size_t memory_bytes;  /* everything the Lua state allocates */
    double seconds;       /* wall clock spent in scripts, whole evaluation */
} ScriptLimits;

/* 1 000 000 instructions per call, 64 MiB, 10 seconds. */
ScriptLimits script_default_limits(void);

/* A new sandbox; lim NULL takes the defaults, and a limit <= 0 takes its
 * default. Memory below 1 MiB is raised to 1 MiB (the libraries need it).
 * The time budget starts counting with the first load or call. */
Script *script_new(const ScriptLimits *lim);
void script_free(Script *s);

/* Loads one .lua source (text only, never bytecode) into its own global
 * table, a copy of the safe globals, and runs it under the budgets.
 * Functions it leaves in its globals become callable by name; a name two
 * files define is an error. Returns 0, or -1 with an error diagnostic at
 * FILE:LINE (syntax error, or an error while running the chunk). */
int script_load(Script *s, const Source *src, DiagList *diags);

/* Whether a loaded script defined a function of that name. */
int script_has(const Script *s, const char *name);
/* The functions the loaded scripts define, in load order. */
int script_function_count(const Script *s);
const char *script_function_name(const Script *s, int i);

/* Freezes what later calls can reach, once every file is loaded (see
 * "State between calls" in script.c): globals and the tables reachable
 * from them or from the functions' upvalues become read-only, and the
 * upvalues are put back before every call, so that no call can leave state
 * for the next. Returns -1 if the state ran out of memory while sealing. */
int script_seal(Script *s);

/* Releases the text results of earlier calls (their memory counts against
 * the budget): after this, V_TEXT results handed out before are invalid. */
void script_release_texts(Script *s);

enum { SA_VALUE, SA_RECORD, SA_LIST };

/* One argument of a call.
 * SA_VALUE  value: V_NUM → number (an integer when whole and below 2^53),
 *           V_BOOL → boolean, V_TEXT → string, V_WORD → the string word
 *           (its index number when word is NULL), V_MISSING → nil.
 * SA_RECORD a table: names[i] → values[i] converted as above, words[i] being
 *           the text of a V_WORD value (words may be NULL); a missing value
 *           leaves the field absent (nil).
 * SA_LIST   an array table of records[0..nrecords-1], each an SA_RECORD. */
typedef struct ScriptArg {
    int kind;
    Value value;
    const char *word;
    int nfields;
    const char *const *names;
    const Value *values;
    const char *const *words;
    int nrecords;
    const struct ScriptArg *records;
} ScriptArg;

/* Who calls a function, for the diagnostic of a call that fails (made
 * only then) and for explain: the rule (I4, I4.E2), the unit's level, the
 * school's code and the stage word (NULL for the county, or no stage). */
typedef struct ScriptCaller {
    const char *rule;
    const char *unit;     /* the unit's level, as the rule set names it: 学校, 县级 */
    const char *school;
    const char *stage;
    int record;           /* keep the call's text for script_last_call */
} ScriptCaller;

/* Calls the function name. expected is TY_NUM, TY_BOOL or TY_TEXT (any
 * other type accepts any of the three). On success returns 0 with *result
 * V_NUM, V_BOOL or V_TEXT, or V_MISSING when the function returned nil (or
 * nothing); a V_TEXT result is owned by the Script until
 * script_release_texts or script_free, and counts against its memory.
 * Otherwise returns -1 (*result missing) with an error diagnostic at the
 * .lua file and line where it failed, naming the function, caller (the rule,
 * e.g. "I4.E2") and unit (e.g. "学校 4302030002 小学"), from who. A number that is not
 * finite (0/0, 1/0) is an error too. After an instruction or memory overrun
 * the Script stays usable; once the time budget is spent every call fails.
 * diags must not be NULL. */
int script_call(Script *s, const char *name, const ScriptArg *args, int nargs, ValueType expected,
                const ScriptCaller *who, Value *result, DiagList *diags);

/* The last call as "name(arg1, arg2) = result" for explanations (cut at n
 * bytes; "" before any call, or when its caller did not ask to record it).
 * A failed call is "name(arg1, arg2)" alone and returns -1 (an
 * explanation writes its word for a failure). */
int script_last_call(const Script *s, char *buf, size_t n);

#endif
