/* limits.h — every fixed limit of the engine, with the reason for its value. */
#ifndef JH_LIMITS_H
#define JH_LIMITS_H

/* Nesting the parser follows by recursion (parentheses, calls, unary minus,
 * 非): deep enough for any policy formula, shallow enough that a hostile
 * rule file cannot exhaust the C stack (about 1.5 KiB a level under the
 * sanitizers). */
#define JH_MAX_EXPR_DEPTH 64

/* Depth of an expression as the checker, the evaluator and every other
 * walker recurse through it: a level per operator (a flat a + b + … adds
 * one per +), and on through the definitions and field defaults it reads.
 * Policy formulas are a few levels deep; 256 levels take under 1 MiB of
 * stack even if every level calls a script (the evaluator's deepest frames,
 * about 3.5 KiB a level under the sanitizers), well inside a thread's stack. */
#define JH_MAX_EVAL_DEPTH 256

/* Diagnostics reported for one rule set before the rest are dropped:
 * after this many a user fixes the first ones and runs again. */
#define JH_MAX_DIAGNOSTICS 50

/* Stage records one school may carry (小学, 初中, 高中 and a margin). */
#define JH_MAX_STAGES 8

/* Files of one kind in a rule folder (.jh rules, .lua scripts, tests in
 * 测试/): a rule set is a handful of files; more is the wrong folder, and
 * is refused rather than read in part. */
#define JH_MAX_RULE_FILES 256

/* Largest rule file read: rule files are hand-written text, so anything
 * larger is not a rule file. */
#define JH_MAX_RULE_FILE_BYTES (4u << 20)

/* Largest single school object in a JSON dataset: a school with a thousand
 * class rows is about 100 KiB; the cap bounds the memory one element takes. */
#define JH_MAX_SCHOOL_BYTES (16u << 20)

/* Largest CSV file of a dataset folder: a county's biggest table (classes)
 * is a few MB; the cap bounds what a wrong file can make the reader hold. */
#define JH_MAX_CSV_FILE_BYTES (256u << 20)

/* Warnings, not errors, on CSV data: a class over this size is most likely
 * a typo (the plan's 超大班额 starts at 56) ... */
#define JH_WARN_CLASS_SIZE 80
/* ... and a value this many times its column's median, in a numeric column
 * with at least this many values (fewer give no meaningful median). */
#define JH_WARN_OUTLIER_FACTOR 100
#define JH_WARN_OUTLIER_MIN_VALUES 5

/* Arguments of one call to a script function: more is not a formula but a
 * table, which a script should build from a record collection argument. */
#define JH_MAX_SCRIPT_ARGS 16

/* Bytes between two position marks of an indexed source (source_index):
 * the most a line and column costs to count, for 16 bytes of index. */
#define JH_SOURCE_MARK_STEP 1024

/* Highest Lua instruction budget per call (指令): about a second of Lua, so an endless loop ends. */
#define JH_MAX_LUA_INSTRUCTIONS 100000000L
/* Highest Lua memory budget in MiB (内存): far above any formula, below what a machine can spare. */
#define JH_MAX_LUA_MEMORY_MIB 1024
/* Highest Lua time budget in seconds for a whole evaluation (时间): ten minutes, then it stops. */
#define JH_MAX_LUA_SECONDS 600

/* Worker threads of one evaluation (--jobs): more than the machines this
 * runs on have; each holds a Lua sandbox and a few batches of schools. */
#define JH_MAX_JOBS 64

/* Display width of a source line shown under a diagnostic before it is cut. */
#define JH_MAX_SHOWN_LINE 200

/* junheng serve: the head of one request (its address and headers), what
 * a browser sends and a margin; bodies are rule files (JH_MAX_RULE_FILE_BYTES).
 * Connections at once and how long an idle one is kept: one person's page
 * makes a few. */
#define JH_MAX_REQUEST_HEAD (64u << 10)
#define JH_MAX_CONNECTIONS 16
#define JH_CONNECTION_SECONDS 30

/* A limit as text, for usage texts that quote it: JH_STR(JH_MAX_JOBS) is "64". */
#define JH_STR_(x) #x
#define JH_STR(x) JH_STR_(x)

#endif
