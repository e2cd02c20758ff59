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

/* Errors, and warnings, kept for one run before the rest are only counted:
 * after this many a user fixes the first ones and runs again. */
#define JH_MAX_DIAGNOSTICS 50

/* Data levels of a rule set: the county, schools and stage records, and the
 * record levels it declares below a school or the county (a dataset has a
 * handful: 班级, 校区, 专用教室, 质量监测, 优质高中). Every school read
 * keeps a list per level, so the bound keeps that small. */
#define JH_MAX_LEVELS 16
/* Import profiles (导入) a rule set may declare: each is a table a dataset
 * may give besides the levels' own. */
#define JH_MAX_PROFILES 8

/* Stage records one school may carry (小学, 初中, 高中 and a margin). */
#define JH_MAX_STAGES 8

/* Files of one kind in a rule folder (.jh rules, .lua scripts, tests in
 * 测试/): a rule set is a handful of files; more is the wrong folder, and
 * is refused rather than read in part. */
#define JH_MAX_RULE_FILES 256

/* Largest rule file read: rule files are hand-written text, so anything
 * larger is not a rule file. */
#define JH_MAX_RULE_FILE_BYTES (4u << 20)

/* One school object of a JSON dataset: its text, and the memory its parse
 * tree (jsontree.h) and converted values may take. A school with a
 * thousand class rows is about 60 KiB of text; an ordinary school's parse
 * tree and values take up to 8x its text (a class row of 51 bytes: five
 * 48-byte nodes, five strings rounded to 8 bytes, the row's values), a
 * list of bare numbers 24x (a node for the two bytes of "0,"), so the
 * memory limit is counted as the tree grows and refuses a school of too
 * many values before it is built. Reading one school then holds at most
 * its text and a 1 MiB read chunk, the memory limit, and, to locate
 * diagnostics or for explain, a line and column per KiB of its text: peak
 * RSS stays within 16x JH_MAX_SCHOOL_BYTES above that of a one-school
 * dataset (measured by tests/bench/memory.sh: 6.8x for a school of 82 000
 * class rows, 12.7x to 13.2x for schools refused at the memory limit,
 * 10.9x for explain locating 280 000 keys, 12.3x for explain locating a
 * million numbers). */
#define JH_MAX_SCHOOL_BYTES (4u << 20)
#define JH_MAX_SCHOOL_MEMORY (12u * JH_MAX_SCHOOL_BYTES)

/* Arrays and objects nested in one value of a JSON dataset (jsontree.c):
 * a dataset nests four deep (the file, a school, a list of records, a
 * record); a thousand levels leave room for any value a user keeps in a
 * field no rule reads, and the parser keeps one pointer a level. */
#define JH_MAX_JSON_DEPTH 1000

/* A CSV dataset folder: the size of each file, what the reader keeps of
 * the folder (converted values, school records, the numbers of the outlier
 * warning) and the columns of a header. A county's biggest table (classes)
 * is a few MB and keeps about 130 bytes a class (a province's 300 000
 * classes: 40 MB); the memory limit, about a million classes, refuses a
 * folder of more records at the row that passes it (a national dataset
 * belongs in JSON, read school by school). A file is read record by
 * record: the reader holds the layout files' text (read together for the
 * folder's hash; a GB18030 file is converted, 1.5x its size at most), one
 * record's cells, and what it keeps; a header's columns each take memory
 * to bind, hence their cap. With one file at the cap, peak RSS stays
 * within 5x JH_MAX_CSV_FILE_BYTES above that of a one-school dataset
 * (measured by tests/bench/memory.sh: 3.2x for a 班级.csv of 3.9 million
 * records, refused at the memory limit after a million; 4.5x for one
 * GB18030 cell of 64 MiB, which is converted, split and kept). */
#define JH_MAX_CSV_FILE_BYTES (64u << 20)
#define JH_MAX_CSV_MEMORY (2u * JH_MAX_CSV_FILE_BYTES)
#define JH_MAX_CSV_COLUMNS 4096

/* Warnings, not errors, on CSV data (a class's plausible size is the rule
 * set's 合理范围): a value this many times its column's median, in a numeric column
 * with at least this many values (fewer give no meaningful median). */
#define JH_WARN_OUTLIER_FACTOR 100
#define JH_WARN_OUTLIER_MIN_VALUES 5
/* Unknown columns named one by one in a file; the rest are counted in one
 * warning (a sheet exported with every column of the bureau's form would
 * otherwise push the errors out of the 50 diagnostics shown). */
#define JH_WARN_UNKNOWN_COLUMNS 10

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

/* The parts of an indicator's 条件 (terms of its top-level 且) a report
 * shows each with its own value: the shipped rules have at most four; a
 * longer chain shows its first this many. */
#define JH_MAX_COND_PARTS 16

/* A limit as text, for usage texts that quote it: JH_STR(JH_MAX_JOBS) is "64". */
#define JH_STR_(x) #x
#define JH_STR(x) JH_STR_(x)

#endif
