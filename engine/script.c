/* script.c — the Lua 5.4 sandbox behind script.h.
 *
 * Sandbox decisions; each closes an escape reproduced in notes.md or found
 * while writing tests/unit/test_script.c:
 *
 * Libraries. Only base, table, string, math and utf8 are opened (never
 * luaL_openlibs): no io, os, package, debug. coroutine is not opened either,
 * so no thread can be created that might miss the hook. From base, dofile,
 * loadfile, load (text or bytecode, with any environment: scripts need no
 * code generation), collectgarbage, print and warn (stdout/stderr carry the
 * engine's report) are removed; require does not exist without package.
 * string.dump is removed. math.random and math.randomseed are removed: an
 * evaluation must give the same verdict on every run.
 * rawget, rawset, rawequal and rawlen stay: raw access reaches only tables
 * the script already holds, the protected metatables cannot be obtained, and
 * a __gc added to a metatable after setmetatable does not mark the object
 * for finalization (Lua 5.4 §2.5.3), so it is harmless.
 *
 * State between calls. A rule's result must not depend on which calls came
 * before it (eval, which evaluates every school, and explain, which
 * evaluates one, must agree; so must a run with one worker and with two).
 * Once every file is loaded, script_seal freezes what the calls can reach:
 * each chunk's environment and every table reachable from it or from the
 * upvalues of its functions is made read-only in place (its contents move
 * to a hidden backing table that its metatable reads through; writes,
 * rawset included, raise an error; rawget, rawlen, next, pairs and # read
 * the backing table), and the upvalues of every reachable Lua function are
 * recorded and put back before each call, so that `local n = 0; function
 * f() n = n + 1 ... end` sees n = 0 on every call. Tables and closures a
 * call creates are its own and die with it.
 *
 * Finalizers. setmetatable refuses a metatable holding __gc (checked raw,
 * as Lua checks it): finalizers run with hooks disabled, so an endless one
 * would hang lua_close. Without them lua_close always returns.
 *
 * Environments. Each chunk runs with its own _ENV: a fresh table holding a
 * copy of the safe globals, the library tables (string, table, math, utf8)
 * copied too, and _G pointing at the chunk's own table. A chunk that
 * changes string.upper or assigns a global changes only its own copy. The
 * string metatable (whose __index serves ("x"):upper()) gets
 * __metatable = false, so getmetatable('') returns false and the real
 * string table stays out of reach. A consequence: one .lua file cannot call
 * another file's functions; the rule set calls each by name.
 *
 * Instruction budget. A count hook, set on the main thread when the state
 * is created, fires every HOOK_STEP instructions and counts them against
 * the per-call budget. Once it is spent (or the time runs out) the hook
 * re-arms itself with count 1 and raises an error on every instruction, and
 * the pcall/xpcall wrappers re-raise any error once the call is condemned:
 * pcall around an endless loop cannot continue. The error value is a light
 * userdata, so raising it needs no memory. An error raised from the hook
 * reaches xpcall's message handler while hooks are still off (Lua restores
 * them only where the protected call returns): xpcall(spin, function()
 * while true do end end) hung. The handler is therefore wrapped and not run
 * once the call is condemned; so is the message handler of every run.
 *
 * Memory. The state's allocator counts every byte and refuses growth beyond
 * the cap (a shrink never fails). Lua runs an emergency collection and
 * retries before raising "not enough memory"; when that error is raised,
 * the pcall/xpcall wrappers turn it into the same uncatchable stop.
 *
 * Time. The seconds budget covers the time spent inside scripts over the
 * whole evaluation (loads and calls, not the engine's own work), checked in
 * the hook and before every wrapped string function. Once spent, every
 * later call fails. Checking in the hook alone is not enough: a thousand
 * instructions can each run a C function or coercion linear in a string of
 * tens of megabytes (while true do local x = s + 0 end with a 10 MB string
 * of digits ran 3.7 s against a 0.3 s budget, utf8.len 7 s). So a watchdog
 * thread sleeps until the run's deadline and then sends SIGURG to the
 * running thread, whose handler sets the hook to fire at the next
 * instruction (what lua.c does from its SIGINT handler), again every few
 * milliseconds until the run ends. The hook is set from a signal handler
 * on the running thread, never from the watchdog itself: lua_sethook walks
 * the thread's call frames, which another thread must not do while they
 * change. SIGURG is ignored by default, so a stray one is harmless; the
 * handler is installed only if nobody else handles SIGURG, and without it
 * (or without threads) the hook's own clock checks remain. The bound then
 * overshoots by at most one instruction or C call, each bounded by the
 * memory cap or the pattern limit below.
 *
 * C functions. The hook never fires inside a C function, so every library
 * function whose work the script chooses without paying for it in memory
 * is bounded:
 *  - string.find/match/gmatch/gsub: before matching, the worst case of
 *    Lua's backtracking matcher is bounded from the pattern: (starts) x
 *    (items) x (n+1) for each '*', '+', '-', %b or back-reference, x 2 for
 *    each '?', where n is the subject length and starts is 1 for a pattern
 *    anchored with '^' (find, match, gsub), else n+1; a plain find costs
 *    (n+1) x pattern length. Above PATTERN_MAX_WORK steps the call stops the
 *    script ("pattern too complex"). string.find(string.rep('a',400),
 *    '.-.-.-b') bounds at 401 x 4 x 401^3, far above the limit, and is
 *    refused before it starts; a one-quantifier pattern still runs on a few
 *    thousand bytes, an anchored trim ('^%s*(.-)%s*$') on about 150.
 *  - string.rep('', huge) loops without allocating: it returns "" at once
 *    (any other string.rep is bounded by the memory cap).
 *  - table.insert/remove with a position and table.move shift elements in
 *    a C loop whose length the script picks (#t can be 2^40 with 41
 *    entries, or anything through __len): the shifted count is charged to
 *    the instruction budget. insert and remove are reimplemented here so
 *    that the length is read once; move's count comes from its arguments.
 *  - table.sort charges n log2 n.
 *  Everything else in these libraries is linear in memory the script had to
 *  allocate, or calls back into Lua where the hook runs.
 */
#include "script.h"
#include "arena.h"
#include "numfmt.h"
#include "thread.h"
/* The build puts engine/ on the <...> search path (-Iengine), so the
 * <limits.h> that Lua's luaconf.h includes is engine/limits.h: LLONG_MAX
 * would be missing (an #error) and UINT_MAX too, which silently shrinks
 * LUAI_MAXSTACK and with it LUA_REGISTRYINDEX below the library's value.
 * The compiler's predefined macros give the system values. */
#ifndef UINT_MAX
#define UINT_MAX (__INT_MAX__ * 2U + 1U)
#endif
#ifndef LLONG_MAX
#define LLONG_MAX __LONG_LONG_MAX__
#endif
#ifndef LLONG_MIN
#define LLONG_MIN (-__LONG_LONG_MAX__ - 1LL)
#endif
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Static_assert(LUAI_IS32INT && LUAI_MAXSTACK == 1000000, "luaconf.h must see the system limits");

#define DEFAULT_INSTRUCTIONS 1000000L
#define DEFAULT_MEMORY ((size_t)64 << 20)
#define DEFAULT_SECONDS 10.0
#define MIN_MEMORY ((size_t)1 << 20)
/* Instructions between two hook calls: the granularity of the budget and of
 * the clock checks (a few microseconds of work). */
#define HOOK_STEP 1000
/* How often the watchdog pokes the hook again once the time is up. */
#define POKE_NS 5000000L
/* Worst-case matcher steps a string function may take (see above); Lua's
 * matcher does roughly 10^8 simple steps a second here, so one call stays
 * well under a tenth of a second. */
#define PATTERN_MAX_WORK 1e7
/* A Lua error message is cut to this many bytes in a diagnostic. */
#define MAX_ERROR_TEXT 400
#define LAST_CALL_MAX 512

typedef enum { KILL_NONE, KILL_INSTRUCTIONS, KILL_MEMORY, KILL_TIME, KILL_PATTERN } Kill;

/* A place in a loaded file: file is an index into Script.files, -1 none. */
typedef struct Spot {
    int file;
    int line;
    char short_src[LUA_IDSIZE];
} Spot;

typedef struct ScriptFunc {
    char *name;
    int file, line;               /* where it is defined */
} ScriptFunc;

struct Script {
    lua_State *L;
    ScriptLimits lim;
    size_t bytes;                 /* allocated by the state */
    int running;                  /* inside a protected run */
    int noting;                   /* guard: the allocator is recording a spot */
    long used;                    /* instructions of this run */
    int armed;                    /* the hook's count */
    Kill kill;                    /* why this run was stopped */
    double spent;                 /* seconds in scripts before this run */
    struct timespec start;        /* this run's start */
    Spot where;                   /* where the run failed */
    Spot mem_where;               /* where the last allocation was refused */
    const char *pattern_fn;       /* KILL_PATTERN: string.<fn> */
    size_t pattern_len;           /* ... its subject length */
    double pattern_work;          /* ... and its worst case */
    char **files;                 /* loaded chunks' paths */
    int nfiles;
    ScriptFunc *funcs;
    int nfuncs, capfuncs;
    Arena texts;                  /* text results, interned */
    const char **text_slots;
    unsigned text_mask;
    int ntexts;
    size_t text_bytes;            /* of the interned texts: charged to the memory budget */
    int nenvs;                    /* chunks' environments in the registry */
    int nupvalues;                /* recorded upvalue triples */
    int sealed;
    char last[LAST_CALL_MAX];
    int last_failed;              /* the last call failed: last has no result */
    /* The watchdog; all fields below under lock. */
    pthread_t watchdog;
    int has_watchdog;
    pthread_t runner;             /* the thread of the current run */
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int watch;                    /* a run is in progress */
    int idle;                     /* the watchdog waits for a run */
    int quit;
    struct timespec deadline;     /* CLOCK_MONOTONIC */
};

static char kill_token;           /* the error value of a stopped run */
static char funcs_key;            /* registry: name → callable function */
static char envs_key;             /* registry: array of the chunks' environments */
static char frozen_key;           /* registry, weak keys: frozen table → its backing table */
static char upvalues_key;         /* registry: (closure, index, value) triples put back before each call */

ScriptLimits script_default_limits(void)
{
    ScriptLimits lim = {DEFAULT_INSTRUCTIONS, DEFAULT_MEMORY, DEFAULT_SECONDS};
    return lim;
}

static Script *script_of(lua_State *L)
{
    void *ud;
    lua_getallocf(L, &ud);
    return ud;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double run_start(const Script *s)
{
    return (double)s->start.tv_sec + (double)s->start.tv_nsec / 1e9;
}

/* Seconds spent in scripts, this run included. */
static double elapsed(const Script *s)
{
    return s->spent + (s->running ? now_seconds() - run_start(s) : 0);
}

/* ---- where a run failed ---- */

static int file_index(const Script *s, const char *source)
{
    if (!source || source[0] != '@') return -1;
    for (int i = 0; i < s->nfiles; i++)
        if (strcmp(source + 1, s->files[i]) == 0) return i;
    return -1;
}

static int spot_from(const Script *s, const lua_Debug *ar, Spot *sp)
{
    int f = file_index(s, ar->source);
    if (f < 0 || ar->currentline <= 0) return 0;
    sp->file = f;
    sp->line = ar->currentline;
    memcpy(sp->short_src, ar->short_src, sizeof sp->short_src);
    return 1;
}

/* The innermost frame of a loaded file, from stack level `level` up.
 * Allocates nothing, so the allocator may call it. */
static int find_spot(const Script *s, lua_State *L, int level, Spot *sp)
{
    lua_Debug ar;
    for (; lua_getstack(L, level, &ar); level++) {
        if (!lua_getinfo(L, "Sl", &ar)) continue;
        if (spot_from(s, &ar, sp)) return 1;
    }
    return 0;
}

/* ---- budgets ---- */

static void hook(lua_State *L, lua_Debug *ar);

static void arm_hook(Script *s, lua_State *L, int count)
{
    s->armed = count;
    lua_sethook(L, hook, LUA_MASKCOUNT, count);
}

static void arm_next(Script *s, lua_State *L)
{
    long left = s->lim.instructions - s->used;
    int step = left < HOOK_STEP ? (int)left : HOOK_STEP;
    if (step < 1) step = 1;
    if (step != s->armed) arm_hook(s, L, step);
}

/* Raises the stop error; every instruction after it raises it again. */
static int raise_kill(lua_State *L)
{
    lua_pushlightuserdata(L, &kill_token);
    return lua_error(L);
}

/* Condemns the run: records why and where (from stack level `level`). */
static void condemn(Script *s, lua_State *L, Kill why, int level)
{
    if (s->kill != KILL_NONE) return;
    s->kill = why;
    if (why == KILL_MEMORY) s->where = s->mem_where;
    else find_spot(s, L, level, &s->where);
    arm_hook(s, L, 1);
}

static void hook(lua_State *L, lua_Debug *ar)
{
    Script *s = script_of(L);
    if (s->kill == KILL_NONE) {
        s->used += s->armed;
        Kill why = KILL_NONE;
        /* Time first: a poke from the watchdog fires early and overcounts. */
        if (elapsed(s) >= s->lim.seconds) why = KILL_TIME;
        else if (s->used >= s->lim.instructions) why = KILL_INSTRUCTIONS;
        if (why == KILL_NONE) {
            arm_next(s, L);
            return;
        }
        s->kill = why;
        if (!lua_getinfo(L, "Sl", ar) || !spot_from(s, ar, &s->where)) find_spot(s, L, 0, &s->where);
        arm_hook(s, L, 1);
    }
    raise_kill(L);
}

/* C work the script chose, charged as instructions. */
static void charge(lua_State *L, double work)
{
    Script *s = script_of(L);
    if (s->kill != KILL_NONE) raise_kill(L);
    double left = (double)(s->lim.instructions - s->used);
    if (work >= left) {
        s->used = s->lim.instructions;
        condemn(s, L, KILL_INSTRUCTIONS, 1);
        raise_kill(L);
    }
    s->used += (long)work;
    arm_next(s, L);
}

static void check_time(lua_State *L)
{
    Script *s = script_of(L);
    if (s->kill != KILL_NONE) raise_kill(L);
    if (elapsed(s) >= s->lim.seconds) {
        condemn(s, L, KILL_TIME, 1);
        raise_kill(L);
    }
}

static void add_ns(struct timespec *t, double ns)
{
    double sec = floor(ns / 1e9);
    t->tv_sec += (time_t)sec;
    t->tv_nsec += (long)(ns - sec * 1e9);
    if (t->tv_nsec >= 1000000000L) {
        t->tv_sec++;
        t->tv_nsec -= 1000000000L;
    }
}

static int before(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

/* The state the calling thread is running, for the poke handler. */
static _Thread_local lua_State *volatile poking;
static int poke_ready;
static pthread_once_t poke_once = PTHREAD_ONCE_INIT;

static void on_poke(int sig)
{
    (void)sig;
    lua_State *L = poking;
    if (L) lua_sethook(L, hook, LUA_MASKCOUNT, 1);
}

static void install_poke(void)
{
    struct sigaction old, sa;
    if (sigaction(SIGURG, NULL, &old) != 0) return;
    if ((old.sa_flags & SA_SIGINFO) || (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)) return;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_poke;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGURG, &sa, NULL) == 0) poke_ready = 1;
}

static void *watchdog_main(void *arg)
{
    Script *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->quit) {
        if (!s->watch) {
            s->idle = 1;
            pthread_cond_wait(&s->wake, &s->lock);
            s->idle = 0;
            continue;
        }
        struct timespec until = s->deadline, now;
        pthread_cond_timedwait(&s->wake, &s->lock, &until);
        if (s->quit || !s->watch) continue;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (before(&now, &s->deadline)) continue;   /* a later run's deadline */
        pthread_kill(s->runner, SIGURG);
        s->deadline = now;
        add_ns(&s->deadline, POKE_NS);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Tells the watchdog a run starts (with its deadline) or ends. */
static void watch_run(Script *s, int on)
{
    if (!s->has_watchdog) return;
    poking = on ? s->L : NULL;
    pthread_mutex_lock(&s->lock);
    s->watch = on;
    if (on) {
        s->runner = pthread_self();
        s->deadline = s->start;
        double left = s->lim.seconds - s->spent;
        add_ns(&s->deadline, left > 0 ? left * 1e9 : 0);
        if (s->idle) pthread_cond_signal(&s->wake);
    }
    pthread_mutex_unlock(&s->lock);
}

static void start_watchdog(Script *s)
{
    pthread_once(&poke_once, install_poke);
    if (!poke_ready) return;
    pthread_condattr_t attr;
    if (pthread_condattr_init(&attr) != 0) return;
    int ok = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0 && pthread_cond_init(&s->wake, &attr) == 0;
    pthread_condattr_destroy(&attr);
    if (!ok) return;
    if (pthread_mutex_init(&s->lock, NULL) != 0) {
        pthread_cond_destroy(&s->wake);
        return;
    }
    if (thread_start(&s->watchdog, watchdog_main, s) != 0) {
        pthread_mutex_destroy(&s->lock);
        pthread_cond_destroy(&s->wake);
        return;
    }
    s->has_watchdog = 1;
}

static void stop_watchdog(Script *s)
{
    if (!s->has_watchdog) return;
    pthread_mutex_lock(&s->lock);
    s->quit = 1;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    pthread_join(s->watchdog, NULL);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    s->has_watchdog = 0;
}

static void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    Script *s = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        s->bytes -= old;
        return NULL;
    }
    if (nsize > old && nsize - old > s->lim.memory_bytes - s->bytes) {
        /* Refused: remember where, in case Lua raises "not enough memory"
         * after its emergency collection. */
        if (s->running && s->L && !s->noting) {
            s->noting = 1;
            Spot sp = {-1, 0, ""};
            if (find_spot(s, s->L, 0, &sp)) s->mem_where = sp;
            s->noting = 0;
        }
        return NULL;
    }
    void *p = realloc(ptr, nsize);
    if (!p) return nsize <= old ? ptr : NULL;   /* a shrink never fails */
    s->bytes = s->bytes - old + nsize;
    return p;
}

static int panic(lua_State *L)
{
    const char *m = lua_tostring(L, -1);
    fprintf(stderr, "junheng: Lua panic: %s\n", m ? m : "?");
    abort();
}

/* ---- wrapped library functions ---- */

/* Calls the original C function kept as upvalue 1, in this frame (so that
 * its error messages name the function as the script called it). */
static int call_original(lua_State *L)
{
    lua_CFunction f = lua_tocfunction(L, lua_upvalueindex(1));
    return f(L);
}

/* After a protected call in pcall/xpcall: a condemned run or a memory
 * error goes on up; anything else is returned as pcall does. */
static int after_pcall(lua_State *L, int status, int base)
{
    Script *s = script_of(L);
    if (status != LUA_OK && (s->kill != KILL_NONE || status == LUA_ERRMEM)) {
        if (s->kill == KILL_NONE) condemn(s, L, KILL_MEMORY, 0);
        return lua_error(L);
    }
    luaL_checkstack(L, 1, NULL);
    lua_pushboolean(L, status == LUA_OK);
    lua_insert(L, base + 1);
    return lua_gettop(L) - base;
}

static int sandbox_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    return after_pcall(L, status, 0);
}

/* The message handler xpcall installs: the script's handler (upvalue 1)
 * runs for ordinary errors only. When the hook raised the stop, Lua calls
 * the handler before the protected call has restored hooks, so a script
 * handler would run unhooked: an endless one would never return. */
static int guarded_handler(lua_State *L)
{
    if (script_of(L)->kill != KILL_NONE) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sandbox_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    /* f, handler, args → guarded handler, f, args */
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, 1);
    lua_copy(L, 2, 1);
    lua_replace(L, 2);
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 1);
    return after_pcall(L, status, 1);
}

static int sandbox_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL) return luaL_error(L, "%s", msg(LANG_ZH, MSG_SCRIPT_GC_REFUSED)); /* see refusal() */
        lua_pop(L, 1);
    }
    return call_original(L);
}

/* ---- frozen tables (see "State between calls") ---- */

/* Pushes the backing table of t when t is frozen; returns whether it is. */
static int backing_of(lua_State *L, int t)
{
    if (lua_type(L, t) != LUA_TTABLE) return 0;
    t = lua_absindex(L, t);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &frozen_key);
    lua_pushvalue(L, t);
    if (lua_rawget(L, -2) == LUA_TTABLE) {
        lua_remove(L, -2);
        return 1;
    }
    lua_pop(L, 2);
    return 0;
}

static int frozen_write(lua_State *L)
{
    return luaL_error(L, "%s", msg(LANG_ZH, MSG_SCRIPT_FROZEN)); /* see refusal() */
}

/* next over a table (upvalue-free), for __pairs and next of a frozen table. */
static int next_of(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static int frozen_pairs(lua_State *L)
{
    lua_pushcfunction(L, next_of);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushnil(L);
    return 3;
}

static int frozen_len(lua_State *L)
{
    lua_pushinteger(L, luaL_len(L, lua_upvalueindex(1)));
    return 1;
}

static int sandbox_rawset(lua_State *L)
{
    if (backing_of(L, 1)) return frozen_write(L);
    return call_original(L);
}

/* rawget, rawlen and next: on a frozen table, the same on its backing table. */
static int sandbox_raw_read(lua_State *L)
{
    if (backing_of(L, 1)) lua_replace(L, 1);
    return call_original(L);
}

/* Makes the table at index t read-only in place; pushes its backing table
 * (whose contents the caller walks on). */
static void freeze_table(lua_State *L, int t)
{
    t = lua_absindex(L, t);
    lua_newtable(L);
    int b = lua_gettop(L);
    /* Move every entry: collect the keys, then clear them (assigning nil
     * to existing fields during a traversal is allowed, but simpler after). */
    lua_pushnil(L);
    while (lua_next(L, t)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, b);
    }
    lua_pushnil(L);
    while (lua_next(L, b)) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushnil(L);
        lua_rawset(L, t);
    }
    lua_newtable(L);
    int mt = lua_gettop(L);
    if (lua_getmetatable(L, t)) { /* its own metamethods still apply; lookups fall through to the old __index */
        int old = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, old)) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, mt);
        }
        lua_pushvalue(L, old);
        lua_setmetatable(L, b);
        lua_pop(L, 1);
    }
    lua_pushvalue(L, b);
    lua_setfield(L, mt, "__index");
    lua_pushcfunction(L, frozen_write);
    lua_setfield(L, mt, "__newindex");
    lua_pushvalue(L, b);
    lua_pushcclosure(L, frozen_len, 1);
    lua_setfield(L, mt, "__len");
    lua_pushvalue(L, b);
    lua_pushcclosure(L, frozen_pairs, 1);
    lua_setfield(L, mt, "__pairs");
    lua_pushboolean(L, 0);
    lua_setfield(L, mt, "__metatable");
    lua_setmetatable(L, t);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &frozen_key);
    lua_pushvalue(L, t);
    lua_pushvalue(L, b);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

/* Appends the value at v to the worklist w (length *n). */
static void push_work(lua_State *L, int w, int v, lua_Integer *n)
{
    int type = lua_type(L, v);
    if (type != LUA_TTABLE && !(type == LUA_TFUNCTION && !lua_iscfunction(L, v))) return;
    lua_pushvalue(L, v);
    lua_rawseti(L, w, ++*n);
}

/* Seals everything the calls can reach (protected: it allocates). Walks a
 * worklist instead of recursing: a script may build deep tables. */
static int seal(lua_State *L)
{
    Script *s = script_of(L);
    lua_newtable(L);
    int seen = lua_gettop(L);
    lua_newtable(L);
    int work = lua_gettop(L);
    lua_Integer n = 0;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &envs_key);
    for (int i = 1; i <= s->nenvs; i++) {
        lua_rawgeti(L, -1, i);
        push_work(L, work, -1, &n);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &funcs_key);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        push_work(L, work, -1, &n);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    lua_rawgetp(L, LUA_REGISTRYINDEX, &upvalues_key);
    int ups = lua_gettop(L);
    while (n > 0) {
        lua_rawgeti(L, work, n);
        lua_pushnil(L);
        lua_rawseti(L, work, n--);
        int x = lua_gettop(L);
        lua_pushvalue(L, x);
        if (lua_rawget(L, seen) != LUA_TNIL) {
            lua_pop(L, 2);
            continue;
        }
        lua_pop(L, 1);
        lua_pushvalue(L, x);
        lua_pushboolean(L, 1);
        lua_rawset(L, seen);
        if (lua_type(L, x) == LUA_TTABLE) {
            if (lua_getmetatable(L, x)) {
                push_work(L, work, -1, &n); /* its metamethods run on later calls too */
                lua_pop(L, 1);
            }
            freeze_table(L, x);
            int b = lua_gettop(L);
            lua_pushnil(L);
            while (lua_next(L, b)) {
                push_work(L, work, -2, &n);
                push_work(L, work, -1, &n);
                lua_pop(L, 1);
            }
        } else {
            for (int i = 1; lua_getupvalue(L, x, i); i++) {
                push_work(L, work, -1, &n);
                int v = lua_gettop(L);
                lua_pushvalue(L, x);
                lua_rawseti(L, ups, 3 * s->nupvalues + 1);
                lua_pushinteger(L, i);
                lua_rawseti(L, ups, 3 * s->nupvalues + 2);
                lua_pushvalue(L, v);
                lua_rawseti(L, ups, 3 * s->nupvalues + 3);
                s->nupvalues++;
                lua_pop(L, 1);
            }
        }
        lua_settop(L, x - 1);
    }
    return 0;
}

/* Puts back every recorded upvalue (inside a call's protected run). */
static void restore_upvalues(lua_State *L, const Script *s)
{
    if (!s->nupvalues) return;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &upvalues_key);
    int ups = lua_gettop(L);
    for (int k = 0; k < s->nupvalues; k++) {
        lua_rawgeti(L, ups, 3 * k + 1);
        lua_rawgeti(L, ups, 3 * k + 3);
        lua_rawgeti(L, ups, 3 * k + 2);
        int i = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        lua_setupvalue(L, -2, i);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* The end of the single-character class starting at p (Lua's grammar:
 * %x, [set], or one character). */
static const char *class_end(const char *p, const char *end)
{
    if (p >= end) return end;
    if (*p == '%') return end - p >= 2 ? p + 2 : end;
    if (*p != '[') return p + 1;
    p++;
    if (p < end && *p == '^') p++;
    do {
        if (p >= end) return end;
        if (*p++ == '%' && p < end) p++;
    } while (p < end && *p != ']');
    return p < end ? p + 1 : end;
}

/* Upper bound of the steps Lua's matcher may take for a pattern of m bytes
 * on a subject of n bytes (see the top of this file). */
static double pattern_work(const char *p, size_t m, size_t n, int can_anchor)
{
    const char *end = p + m;
    double span = (double)n + 1, starts = span, branch = 1, items = 0;
    if (can_anchor && p < end && *p == '^') {
        starts = 1;
        p++;
    }
    while (p < end) {
        if (*p == '(' || *p == ')' || (*p == '$' && p + 1 == end)) {
            p++;
            continue;
        }
        if (*p == '%' && end - p >= 2) {
            char d = p[1];
            if (d == 'b') {               /* %bxy scans to the end */
                items++;
                branch *= span;
                p = end - p >= 4 ? p + 4 : end;
                continue;
            }
            if (d == 'f') {               /* %f[set]: one test */
                items++;
                p = class_end(p + 2, end);
                continue;
            }
            if (d >= '0' && d <= '9') {   /* back-reference: compares up to n */
                items++;
                branch *= span;
                p += 2;
                continue;
            }
        }
        const char *q = class_end(p, end);
        items++;
        if (q < end && (*q == '*' || *q == '+' || *q == '-')) {
            branch *= span;
            q++;
        } else if (q < end && *q == '?') {
            branch *= 2;
            q++;
        }
        p = q;
    }
    return starts * (items < 1 ? 1 : items) * branch;
}

static int has_specials(const char *p, size_t m)
{
    for (size_t i = 0; i < m; i++)
        if (strchr("^$*+?.([%-", p[i]) && p[i]) return 1;
    return 0;
}

/* string.find/match/gmatch/gsub: upvalue 1 the original, 2 its name. */
static int sandbox_match(lua_State *L)
{
    Script *s = script_of(L);
    const char *fn = lua_tostring(L, lua_upvalueindex(2));
    int t1 = lua_type(L, 1), t2 = lua_type(L, 2);
    if ((t1 == LUA_TSTRING || t1 == LUA_TNUMBER) && (t2 == LUA_TSTRING || t2 == LUA_TNUMBER)) {
        size_t n, m;
        lua_tolstring(L, 1, &n);
        const char *p = lua_tolstring(L, 2, &m);
        int is_find = strcmp(fn, "find") == 0;
        double work;
        if (is_find && (lua_toboolean(L, 4) || !has_specials(p, m)))
            work = ((double)n + 1) * (double)(m ? m : 1);
        else
            work = pattern_work(p, m, n, strcmp(fn, "gmatch") != 0);
        if (work > PATTERN_MAX_WORK) {
            if (s->kill == KILL_NONE) {
                s->pattern_fn = fn;
                s->pattern_len = n;
                s->pattern_work = work;
            }
            condemn(s, L, KILL_PATTERN, 1);
            raise_kill(L);
        }
    }
    check_time(L);
    return call_original(L);
}

/* string.rep: rep('', n) would loop n times without allocating. */
static int sandbox_rep(lua_State *L)
{
    size_t l = 0, lsep = 0;
    int isnum = 0;
    lua_Integer n = lua_tointegerx(L, 2, &isnum);
    if (lua_type(L, 1) == LUA_TSTRING) lua_tolstring(L, 1, &l);
    if (lua_type(L, 3) == LUA_TSTRING) lua_tolstring(L, 3, &lsep);
    int seps = lua_isnoneornil(L, 3) || lua_type(L, 3) == LUA_TSTRING;
    if (isnum && n > 0 && lua_type(L, 1) == LUA_TSTRING && seps && l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    check_time(L);
    return call_original(L);
}

/* table.insert(t, [pos,] v), with the shift charged. */
static int sandbox_insert(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer e = luaL_len(L, 1);
    luaL_argcheck(L, e < LUA_MAXINTEGER, 1, "table too long");
    e++;                                      /* the first free position */
    lua_Integer pos;
    switch (lua_gettop(L)) {
    case 2:
        pos = e;
        break;
    case 3:
        pos = luaL_checkinteger(L, 2);
        luaL_argcheck(L, pos >= 1 && pos <= e, 2, "position out of bounds");
        charge(L, (double)(e - pos));
        for (lua_Integer i = e; i > pos; i--) {
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, pos);
    return 0;
}

/* table.remove(t [, pos]), with the shift charged. */
static int sandbox_remove(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer size = luaL_len(L, 1);
    lua_Integer pos = luaL_optinteger(L, 2, size);
    if (pos != size)
        luaL_argcheck(L, size < LUA_MAXINTEGER && pos >= 1 && pos <= size + 1, 2, "position out of bounds");
    lua_geti(L, 1, pos);
    if (pos < size) charge(L, (double)(size - pos));
    for (; pos < size; pos++) {
        lua_geti(L, 1, pos + 1);
        lua_seti(L, 1, pos);
    }
    lua_pushnil(L);
    lua_seti(L, 1, pos);
    return 1;
}

/* table.move(a1, f, e, t [, a2]): e - f + 1 elements charged. */
static int sandbox_move(lua_State *L)
{
    int okf = 0, oke = 0;
    lua_Integer f = lua_tointegerx(L, 2, &okf), e = lua_tointegerx(L, 3, &oke);
    if (okf && oke && e >= f) charge(L, (double)e - (double)f + 1);
    return call_original(L);
}

/* table.sort: n log2 n charged. */
static int sandbox_sort(lua_State *L)
{
    if (lua_type(L, 1) == LUA_TTABLE) {
        lua_Integer n = luaL_len(L, 1);
        if (n > 1) charge(L, (double)n * ceil(log2((double)n)));
    }
    return call_original(L);
}

static void wrap(lua_State *L, int table, const char *name, lua_CFunction with)
{
    lua_getfield(L, table, name);
    lua_pushstring(L, name);
    lua_pushcclosure(L, with, 2);
    lua_setfield(L, table, name);
}

/* Opens the safe libraries into the state's globals (the template every
 * chunk's environment copies). */
static int setup(lua_State *L)
{
    static const luaL_Reg libs[] = {
        {LUA_GNAME, luaopen_base}, {LUA_TABLIBNAME, luaopen_table}, {LUA_STRLIBNAME, luaopen_string},
        {LUA_MATHLIBNAME, luaopen_math}, {LUA_UTF8LIBNAME, luaopen_utf8},
    };
    for (size_t i = 0; i < sizeof libs / sizeof libs[0]; i++) {
        luaL_requiref(L, libs[i].name, libs[i].func, 1);
        lua_pop(L, 1);
    }
    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    static const char *const removed[] = {"dofile", "loadfile", "load", "collectgarbage", "print", "warn", "require"};
    for (size_t i = 0; i < sizeof removed / sizeof removed[0]; i++) {
        lua_pushnil(L);
        lua_setfield(L, g, removed[i]);
    }
    lua_pushcfunction(L, sandbox_pcall);
    lua_setfield(L, g, "pcall");
    lua_pushcfunction(L, sandbox_xpcall);
    lua_setfield(L, g, "xpcall");
    wrap(L, g, "setmetatable", sandbox_setmetatable);
    wrap(L, g, "rawset", sandbox_rawset);
    wrap(L, g, "rawget", sandbox_raw_read);
    wrap(L, g, "rawlen", sandbox_raw_read);
    wrap(L, g, "next", sandbox_raw_read);

    lua_getfield(L, g, LUA_STRLIBNAME);
    int str = lua_gettop(L);
    lua_pushnil(L);
    lua_setfield(L, str, "dump");
    wrap(L, str, "find", sandbox_match);
    wrap(L, str, "match", sandbox_match);
    wrap(L, str, "gmatch", sandbox_match);
    wrap(L, str, "gsub", sandbox_match);
    wrap(L, str, "rep", sandbox_rep);
    /* The string metatable keeps the (wrapped) string table as __index but
     * no longer hands itself out. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 3);

    lua_getfield(L, g, LUA_MATHLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "random");
    lua_pushnil(L);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);

    lua_getfield(L, g, LUA_TABLIBNAME);
    int tab = lua_gettop(L);
    lua_pushcfunction(L, sandbox_insert);
    lua_setfield(L, tab, "insert");
    lua_pushcfunction(L, sandbox_remove);
    lua_setfield(L, tab, "remove");
    wrap(L, tab, "move", sandbox_move);
    wrap(L, tab, "sort", sandbox_sort);
    lua_pop(L, 2);

    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &funcs_key);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &envs_key);
    lua_newtable(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &upvalues_key);
    lua_newtable(L); /* frozen tables are found by identity, and kept alive by what holds them */
    lua_newtable(L);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &frozen_key);
    return 0;
}

/* ---- runs ---- */

/* The message handler of a run: notes where a Lua error happened and turns
 * the error value into text. A stop passes through unchanged. */
static int on_error(lua_State *L)
{
    Script *s = script_of(L);
    if (s->kill != KILL_NONE || lua_touserdata(L, 1) == &kill_token) return 1;
    find_spot(s, L, 0, &s->where);
    if (lua_type(L, 1) == LUA_TSTRING) return 1;
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    return 1;
}

/* Runs fn(ctx) protected under the budgets; its results stay on the stack
 * above the returned base index (the caller pops them). */
static int run(Script *s, lua_CFunction fn, void *ctx, int nresults, int *base)
{
    lua_State *L = s->L;
    *base = lua_gettop(L);
    s->used = 0;
    s->kill = KILL_NONE;
    s->where.file = -1;
    s->where.line = 0;
    s->mem_where.file = -1;
    s->mem_where.line = 0;
    clock_gettime(CLOCK_MONOTONIC, &s->start);
    s->running = 1;
    arm_hook(s, L, s->lim.instructions < HOOK_STEP ? (int)s->lim.instructions : HOOK_STEP);
    watch_run(s, 1);
    lua_pushcfunction(L, on_error);
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, ctx);
    int status = lua_pcall(L, 1, nresults, *base + 1);
    watch_run(s, 0);
    s->spent += now_seconds() - run_start(s);
    s->running = 0;
    if (status != LUA_OK && s->kill == KILL_NONE && status == LUA_ERRMEM) {
        s->kill = KILL_MEMORY;
        s->where = s->mem_where;
    }
    if (s->kill == KILL_MEMORY) lua_gc(L, LUA_GCCOLLECT);
    return status;
}

/* Cuts a Lua message for a diagnostic, dropping a leading "src:line: " that
 * repeats the diagnostic's own location. */
static void error_text(const char *m, const Spot *sp, char *out, size_t n)
{
    if (!m) m = "?";
    if (sp->file >= 0) {
        size_t k = strlen(sp->short_src);
        char *end;
        if (strncmp(m, sp->short_src, k) == 0 && m[k] == ':') {
            long line = strtol(m + k + 1, &end, 10);
            if (end != m + k + 1 && line == sp->line && end[0] == ':' && end[1] == ' ') m = end + 2;
        }
    }
    size_t len = strlen(m);
    if (len < n) {
        memcpy(out, m, len + 1);
        return;
    }
    size_t cut = n - 4;                      /* room for "…" */
    while (cut > 0 && ((unsigned char)m[cut] & 0xC0) == 0x80) cut--;
    memcpy(out, m, cut);
    memcpy(out + cut, "\xE2\x80\xA6", 4);
}

/* What a run was doing, for its diagnostics: loading a file (function
 * NULL), or calling function for caller (a rule) on unit. */
typedef struct Doing {
    const char *function, *caller, *unit;
} Doing;

/* What d names, as the arguments of a message's %M: the entry, then its
 * arguments. A load's entry takes none, and the three that follow are not
 * read: what a run was doing is always a message's last argument. */
#define DOING(d) ((d)->function ? MSG_SCRIPT_CALL_CONTEXT : MSG_SCRIPT_LOAD_CONTEXT), (d)->function, (d)->caller, (d)->unit

/* The sandbox refuses some things with an error raised in Lua, where a
 * script that catches it sees the message in Chinese (the sandbox has no
 * language). When one ends a run, the diagnostic names it by its catalogue
 * entry, so that it is printed in the language asked for. */
static const char *refusal(const char *text)
{
    static const MsgId refusals[] = {MSG_SCRIPT_FROZEN, MSG_SCRIPT_GC_REFUSED};
    for (size_t i = 0; i < sizeof refusals / sizeof *refusals; i++)
        if (strcmp(text, msg(LANG_ZH, refusals[i])) == 0) return msg_ref(refusals[i]);
    return text;
}

/* The diagnostic of a stopped or failed run, at its spot (else at fallback). */
static void report(Script *s, DiagList *diags, int status, const Doing *doing, Spot fallback)
{
    Spot sp = s->where.file >= 0 ? s->where : fallback;
    Source at = {0};
    at.path = sp.file >= 0 ? s->files[sp.file] : NULL;
    const Source *src = at.path ? &at : NULL;
    int line = sp.file >= 0 ? sp.line : 0;
    switch (s->kill) {
    case KILL_INSTRUCTIONS:
        diag_at_line(diags, DIAG_ERROR, src, line, 0, MSG_SCRIPT_INSTRUCTIONS, s->lim.instructions, DOING(doing));
        return;
    case KILL_MEMORY:
        diag_at_line(diags, DIAG_ERROR, src, line, 0, MSG_SCRIPT_MEMORY, s->lim.memory_bytes, DOING(doing));
        return;
    case KILL_TIME:
        diag_at_line(diags, DIAG_ERROR, src, line, 0, MSG_SCRIPT_TIME, s->lim.seconds, DOING(doing));
        return;
    case KILL_PATTERN:
        diag_at_line(diags, DIAG_ERROR, src, line, 0, MSG_SCRIPT_PATTERN, s->pattern_fn, s->pattern_len,
                     s->pattern_work, PATTERN_MAX_WORK, DOING(doing));
        return;
    case KILL_NONE:
        break;
    }
    char text[MAX_ERROR_TEXT];
    const char *m = status == LUA_OK ? "?" : lua_tostring(s->L, -1);
    error_text(m, &sp, text, sizeof text);
    diag_at_line(diags, DIAG_ERROR, src, line, 0, MSG_SCRIPT_RUNTIME, refusal(text), DOING(doing));
}

/* ---- loading ---- */

/* A function a chunk left in its globals. */
typedef struct Export {
    char *name;
    int line;            /* where it is defined */
    int first;           /* index in Script.funcs of an earlier file's function
                          * of that name, or -1 */
} Export;

typedef struct LoadCtx {
    Script *s;
    const Source *src;
    int file;
    int syntax;          /* set: the results are the message and short_src */
    Export *exports;     /* owned by script_load, whatever happens in Lua */
    int nexports;
} LoadCtx;

static int by_line(const void *a, const void *b)
{
    const Export *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int find_func(const Script *s, const char *name)
{
    for (int i = 0; i < s->nfuncs; i++)
        if (strcmp(s->funcs[i].name, name) == 0) return i;
    return -1;
}

/* Builds env: a copy of the safe globals with copied library tables. */
static void new_env(lua_State *L)
{
    lua_newtable(L);
    int env = lua_gettop(L);
    lua_pushglobaltable(L);
    int g = env + 1;
    lua_pushnil(L);
    while (lua_next(L, g)) {
        if (lua_type(L, -1) == LUA_TTABLE && !lua_rawequal(L, -1, g)) {
            int lib = lua_gettop(L);
            lua_newtable(L);
            lua_pushnil(L);
            while (lua_next(L, lib)) {
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, lib + 1);
            }
            lua_replace(L, lib);
        }
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, env);
    }
    lua_pop(L, 1);
    lua_pushvalue(L, env);
    lua_setfield(L, env, LUA_GNAME);
}

static int load_chunk(lua_State *L)
{
    LoadCtx *c = lua_touserdata(L, 1);
    const char *text = c->src->text ? c->src->text : "";
    const char *chunkname = lua_pushfstring(L, "@%s", c->src->path);
    if (luaL_loadbufferx(L, text, c->src->text ? c->src->len : 0, chunkname, "t") != LUA_OK) {
        /* Lua's message starts with the short source name: get it from an
         * empty chunk of the same name. */
        int top = lua_gettop(L);
        lua_Debug ar;
        if (luaL_loadbufferx(L, "", 0, chunkname, "t") == LUA_OK && lua_getinfo(L, ">S", &ar)) {
            lua_pushstring(L, ar.short_src);
        } else {
            lua_settop(L, top);
            lua_pushliteral(L, "");
        }
        c->syntax = 1;
        return 2;
    }
    int chunk = lua_gettop(L);
    new_env(L);
    int env = lua_gettop(L);
    lua_pushvalue(L, env);
    lua_setupvalue(L, chunk, 1);            /* the chunk's _ENV */
    lua_rawgetp(L, LUA_REGISTRYINDEX, &envs_key);
    lua_pushvalue(L, env);
    lua_rawseti(L, -2, ++c->s->nenvs);       /* sealed with the rest (script_seal) */
    lua_pop(L, 1);
    lua_pushvalue(L, chunk);
    lua_call(L, 0, 0);

    /* The functions the chunk left in its globals (not the libraries'),
     * in the order of their definitions so that reports are stable. */
    lua_pushglobaltable(L);
    int g = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, env)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION) {
            lua_pushvalue(L, -2);
            lua_rawget(L, g);
            int builtin = lua_rawequal(L, -1, -2);
            lua_pop(L, 1);
            if (!builtin) {
                lua_Debug ar;
                lua_pushvalue(L, -1);
                lua_getinfo(L, ">S", &ar);
                c->exports = xrealloc(c->exports, (size_t)(c->nexports + 1) * sizeof *c->exports);
                Export *e = &c->exports[c->nexports++];
                e->name = xstrdup(lua_tostring(L, -2));
                e->line = ar.linedefined;
                e->first = -1;
            }
        }
        lua_pop(L, 1);
    }
    if (c->nexports > 1) qsort(c->exports, (size_t)c->nexports, sizeof *c->exports, by_line);

    Script *s = c->s;
    lua_rawgetp(L, LUA_REGISTRYINDEX, &funcs_key);
    int funcs = lua_gettop(L);
    for (int i = 0; i < c->nexports; i++) {
        Export *e = &c->exports[i];
        e->first = find_func(s, e->name);
        if (e->first >= 0) continue;          /* reported by script_load */
        lua_pushstring(L, e->name);
        lua_pushvalue(L, -1);
        lua_rawget(L, env);
        lua_rawset(L, funcs);
        if (s->nfuncs == s->capfuncs) {
            s->capfuncs = s->capfuncs ? s->capfuncs * 2 : 8;
            s->funcs = xrealloc(s->funcs, (size_t)s->capfuncs * sizeof *s->funcs);
        }
        ScriptFunc *f = &s->funcs[s->nfuncs++];
        f->name = xstrdup(e->name);
        f->file = c->file;
        f->line = e->line;
    }
    return 0;
}

int script_load(Script *s, const Source *src, DiagList *diags)
{
    Source at = {0};
    at.path = src->path;
    if (s->spent >= s->lim.seconds) {
        s->kill = KILL_TIME;
        diag_at_line(diags, DIAG_ERROR, &at, 1, 0, MSG_SCRIPT_TIME, s->lim.seconds, MSG_SCRIPT_LOAD_CONTEXT);
        return -1;
    }
    s->files = xrealloc(s->files, (size_t)(s->nfiles + 1) * sizeof *s->files);
    s->files[s->nfiles] = xstrdup(src->path);
    LoadCtx c = {s, src, s->nfiles, 0, NULL, 0};
    s->nfiles++;
    int base;
    int status = run(s, load_chunk, &c, LUA_MULTRET, &base);
    int rc = 0;
    if (status == LUA_OK && c.syntax) {
        /* base + 1 is the message handler */
        const char *m = lua_tostring(s->L, base + 2);
        const char *short_src = lua_tostring(s->L, base + 3);
        size_t k = strlen(short_src);
        int line = 1;
        if (m && k && strncmp(m, short_src, k) == 0 && m[k] == ':') {
            char *end;
            long l = strtol(m + k + 1, &end, 10);
            if (end != m + k + 1 && end[0] == ':' && end[1] == ' ') {
                line = (int)l;
                m = end + 2;
            }
        }
        char text[MAX_ERROR_TEXT];
        Spot none = {-1, 0, ""};
        error_text(m, &none, text, sizeof text);
        diag_at_line(diags, DIAG_ERROR, &at, line, 0, MSG_SCRIPT_SYNTAX, text);
        rc = -1;
    } else if (status != LUA_OK) {
        Spot fallback = {c.file, 1, ""};
        report(s, diags, status, &(Doing){NULL, NULL, NULL}, fallback);
        rc = -1;
    }
    for (int i = 0; i < c.nexports; i++) {
        const Export *e = &c.exports[i];
        if (e->first >= 0 && status == LUA_OK) {
            const ScriptFunc *f = &s->funcs[e->first];
            diag_at_line(diags, DIAG_ERROR, &at, e->line, 0, MSG_SCRIPT_DUP_FUNCTION, e->name, s->files[f->file], f->line);
            rc = -1;
        }
        free(e->name);
    }
    free(c.exports);
    lua_settop(s->L, base);
    return rc;
}

int script_has(const Script *s, const char *name)
{
    return find_func(s, name) >= 0;
}

int script_function_count(const Script *s)
{
    return s->nfuncs;
}

const char *script_function_name(const Script *s, int i)
{
    return s->funcs[i].name;
}

int script_seal(Script *s)
{
    if (s->sealed) return 0;
    s->sealed = 1;
    int base;
    int status = run(s, seal, s, 0, &base);
    lua_settop(s->L, base);
    return status == LUA_OK ? 0 : -1;
}

/* ---- calls ---- */

typedef struct CallCtx {
    const char *name;
    const ScriptArg *args;
    int nargs;
} CallCtx;

static void push_number(lua_State *L, double x)
{
    if (x == floor(x) && fabs(x) < 9007199254740992.0) lua_pushinteger(L, (lua_Integer)x);
    else lua_pushnumber(L, x);
}

static void push_value(lua_State *L, Value v, const char *word)
{
    switch (v.tag) {
    case V_NUM: push_number(L, v.num); break;
    case V_BOOL: lua_pushboolean(L, v.num != 0); break;
    case V_WORD:
        if (word) lua_pushstring(L, word);
        else lua_pushinteger(L, (lua_Integer)v.num);
        break;
    case V_TEXT: lua_pushstring(L, v.text ? v.text : ""); break;
    default: lua_pushnil(L); break;
    }
}

static void push_record(lua_State *L, const ScriptArg *a)
{
    lua_createtable(L, 0, a->nfields > 0 ? a->nfields : 0);
    for (int i = 0; i < a->nfields; i++) {
        if (a->values[i].tag == V_MISSING) continue;
        push_value(L, a->values[i], a->words ? a->words[i] : NULL);
        lua_setfield(L, -2, a->names[i]);
    }
}

static void push_arg(lua_State *L, const ScriptArg *a)
{
    switch (a->kind) {
    case SA_RECORD: push_record(L, a); break;
    case SA_LIST:
        lua_createtable(L, a->nrecords > 0 ? a->nrecords : 0, 0);
        for (int i = 0; i < a->nrecords; i++) {
            push_record(L, &a->records[i]);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        break;
    default: push_value(L, a->value, a->word); break;
    }
}

static int call_function(lua_State *L)
{
    CallCtx *c = lua_touserdata(L, 1);
    luaL_checkstack(L, c->nargs + 8, NULL);
    restore_upvalues(L, script_of(L));
    lua_rawgetp(L, LUA_REGISTRYINDEX, &funcs_key);
    lua_getfield(L, -1, c->name);
    for (int i = 0; i < c->nargs; i++) push_arg(L, &c->args[i]);
    lua_call(L, c->nargs, 1);
    return 1;
}

/* ---- explanations ---- */

typedef struct Out {
    char *buf;
    size_t cap, len;
} Out;

static void put(Out *o, const char *s)
{
    size_t n = strlen(s);
    if (o->len + 1 >= o->cap) return;
    size_t room = o->cap - o->len - 1;
    if (n > room) n = room;
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

static void put_value(Out *o, Value v, const char *word)
{
    char num[40];
    switch (v.tag) {
    case V_NUM:
        numfmt_shortest(num, sizeof num, v.num);
        put(o, num);
        break;
    case V_BOOL: put(o, v.num != 0 ? "true" : "false"); break;
    case V_WORD:
        if (word) {
            put(o, "\"");
            put(o, word);
            put(o, "\"");
        } else {
            snprintf(num, sizeof num, "%d", (int)v.num);
            put(o, num);
        }
        break;
    case V_TEXT:
        put(o, "\"");
        put(o, v.text ? v.text : "");
        put(o, "\"");
        break;
    default: put(o, "nil"); break;
    }
}

static void put_record(Out *o, const ScriptArg *a)
{
    put(o, "{");
    int shown = 0;
    for (int i = 0; i < a->nfields; i++) {
        if (a->values[i].tag == V_MISSING) continue;
        if (shown++) put(o, ", ");
        put(o, a->names[i]);
        put(o, "=");
        put_value(o, a->values[i], a->words ? a->words[i] : NULL);
    }
    put(o, "}");
}

static void put_arg(Out *o, const ScriptArg *a)
{
    if (a->kind == SA_RECORD) {
        put_record(o, a);
    } else if (a->kind == SA_LIST) {
        put(o, "{");
        for (int i = 0; i < a->nrecords; i++) {
            if (i) put(o, ", ");
            put_record(o, &a->records[i]);
        }
        put(o, "}");
    } else {
        put_value(o, a->value, a->word);
    }
}

int script_last_call(const Script *s, char *buf, size_t n)
{
    if (n) snprintf(buf, n, "%s", s->last);
    return s->last_failed ? -1 : 0;
}

/* ---- results ---- */

static uint32_t hash_text(const char *t, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)t[i]) * 16777619u;
    return h;
}

/* A copy of a text result that lives until script_release_texts; equal
 * texts share one copy. The copies count against the memory budget (a
 * script returning a new long text on every call would otherwise grow the
 * process without bound); NULL when the budget is spent. */
static const char *intern(Script *s, const char *t, size_t n)
{
    n = strnlen(t, n);
    if ((unsigned)s->ntexts * 2 >= s->text_mask) {
        unsigned cap = s->text_mask ? (s->text_mask + 1) * 2 : 64;
        const char **slots = xcalloc(cap, sizeof *slots);
        for (unsigned i = 0; s->text_slots && i <= s->text_mask; i++) {
            const char *x = s->text_slots[i];
            if (!x) continue;
            unsigned j = hash_text(x, strlen(x)) & (cap - 1);
            while (slots[j]) j = (j + 1) & (cap - 1);
            slots[j] = x;
        }
        free(s->text_slots);
        s->text_slots = slots;
        s->text_mask = cap - 1;
    }
    unsigned i = hash_text(t, n) & s->text_mask;
    for (; s->text_slots[i]; i = (i + 1) & s->text_mask)
        if (strncmp(s->text_slots[i], t, n) == 0 && s->text_slots[i][n] == '\0') return s->text_slots[i];
    if (n + 1 > s->lim.memory_bytes - s->bytes) return NULL;
    s->bytes += n + 1;
    s->text_bytes += n + 1;
    s->ntexts++;
    return s->text_slots[i] = arena_strndup(&s->texts, t, n);
}

void script_release_texts(Script *s)
{
    if (!s->ntexts) return;
    arena_reset(&s->texts);
    memset(s->text_slots, 0, ((size_t)s->text_mask + 1) * sizeof *s->text_slots);
    s->ntexts = 0;
    s->bytes -= s->text_bytes;
    s->text_bytes = 0;
}

/* Types in messages: catalogue words (msg_ref), or Lua's own names. */
static const char *type_name(ValueType t)
{
    switch (t) {
    case TY_NUM: return msg_ref(MSG_TYPE_NUM);
    case TY_BOOL: return msg_ref(MSG_TYPE_BOOL);
    case TY_TEXT: return msg_ref(MSG_TYPE_TEXT);
    default: return msg_ref(MSG_TYPE_SCRIPT_RESULT);
    }
}

static const char *lua_type_name(lua_State *L, int t)
{
    switch (t) {
    case LUA_TNUMBER: return type_name(TY_NUM);
    case LUA_TBOOLEAN: return type_name(TY_BOOL);
    case LUA_TSTRING: return type_name(TY_TEXT);
    case LUA_TTABLE: return msg_ref(MSG_TYPE_LUA_TABLE);
    case LUA_TFUNCTION: return msg_ref(MSG_TYPE_LUA_FUNCTION);
    default: return lua_typename(L, t);
    }
}

/* "学校 4302030002 小学" (or 县级): the unit a failing call was made for. */
static void unit_text(char *buf, size_t n, const ScriptCaller *who)
{
    snprintf(buf, n, "%s%s%s%s%s", who->unit, who->school ? " " : "", who->school ? who->school : "", who->stage ? " " : "",
             who->stage ? who->stage : "");
}

/* What a failing call was doing, for its diagnostic (made only then). */
static const Doing *doing_of(Doing *d, char *unit, size_t n, const char *name, const ScriptCaller *who)
{
    unit_text(unit, n, who);
    *d = (Doing){name, who->rule ? who->rule : "-", unit};
    return d;
}

int script_call(Script *s, const char *name, const ScriptArg *args, int nargs, ValueType expected,
                const ScriptCaller *who, Value *result, DiagList *diags)
{
    memset(result, 0, sizeof *result);
    result->tag = V_MISSING;
    Out o = {s->last, who->record ? sizeof s->last : 0, 0};
    s->last[0] = '\0';
    if (who->record) {
        put(&o, name);
        put(&o, "(");
        for (int i = 0; i < nargs; i++) {
            if (i) put(&o, ", ");
            put_arg(&o, &args[i]);
        }
        put(&o, ")");
    }

    int fi = find_func(s, name);
    if (fi < 0) {
        char unit[160];
        unit_text(unit, sizeof unit, who);
        diag_at_line(diags, DIAG_ERROR, NULL, 0, 0, MSG_SCRIPT_UNKNOWN_FUNCTION, name, who->rule ? who->rule : "-", unit);
        s->last_failed = 1;
        return -1;
    }
    const ScriptFunc *f = &s->funcs[fi];
    Spot defined = {f->file, f->line, ""};
    char unit[160]; /* what the call was for, written when it fails */
    Doing doing;

    int rc = -1;
    if (s->spent >= s->lim.seconds) {
        s->kill = KILL_TIME;
        s->where.file = -1;
        report(s, diags, LUA_OK, doing_of(&doing, unit, sizeof unit, name, who), defined);
    } else {
        CallCtx c = {name, args, nargs};
        int base;
        int status = run(s, call_function, &c, 1, &base);
        lua_State *L = s->L;
        if (status != LUA_OK) {
            report(s, diags, status, doing_of(&doing, unit, sizeof unit, name, who), defined);
        } else {
            int t = lua_type(L, -1);
            Source at = {0};
            at.path = s->files[f->file];
            if (t == LUA_TNIL) {
                rc = 0;
            } else if ((t == LUA_TNUMBER && expected != TY_BOOL && expected != TY_TEXT) ||
                       (t == LUA_TBOOLEAN && expected != TY_NUM && expected != TY_TEXT) ||
                       (t == LUA_TSTRING && expected != TY_NUM && expected != TY_BOOL)) {
                if (t == LUA_TNUMBER) {
                    double x = lua_tonumber(L, -1);
                    if (isfinite(x)) {
                        result->tag = V_NUM;
                        result->num = x;
                        rc = 0;
                    } else {
                        diag_at_line(diags, DIAG_ERROR, &at, f->line, 0, MSG_SCRIPT_NOT_FINITE,
                                     isnan(x) ? "nan" : x > 0 ? "inf" : "-inf", DOING(doing_of(&doing, unit, sizeof unit, name, who)));
                    }
                } else if (t == LUA_TBOOLEAN) {
                    result->tag = V_BOOL;
                    result->num = lua_toboolean(L, -1);
                    rc = 0;
                } else {
                    size_t n;
                    const char *text = lua_tolstring(L, -1, &n);
                    result->text = intern(s, text, n);
                    if (result->text) {
                        result->tag = V_TEXT;
                        rc = 0;
                    } else {
                        s->kill = KILL_MEMORY;
                        s->where = defined;
                        report(s, diags, LUA_OK, doing_of(&doing, unit, sizeof unit, name, who), defined);
                    }
                }
            } else {
                diag_at_line(diags, DIAG_ERROR, &at, f->line, 0, MSG_SCRIPT_TYPE, type_name(expected),
                             lua_type_name(L, t), DOING(doing_of(&doing, unit, sizeof unit, name, who)));
            }
        }
        lua_settop(L, base);
    }
    s->last_failed = rc != 0;
    if (rc == 0) {
        put(&o, " = ");
        put_value(&o, *result, NULL);
    }
    return rc;
}

/* ---- life ---- */

Script *script_new(const ScriptLimits *lim)
{
    Script *s = xcalloc(1, sizeof *s);
    s->lim = script_default_limits();
    if (lim) {
        if (lim->instructions > 0) s->lim.instructions = lim->instructions;
        if (lim->memory_bytes > 0) s->lim.memory_bytes = lim->memory_bytes < MIN_MEMORY ? MIN_MEMORY : lim->memory_bytes;
        if (lim->seconds > 0) s->lim.seconds = lim->seconds;
    }
    s->where.file = s->mem_where.file = -1;
    arena_init(&s->texts, 4096);
    s->L = lua_newstate(sandbox_alloc, s);
    if (!s->L) {
        free(s);
        return NULL;
    }
    lua_atpanic(s->L, panic);
    /* The hook is on the main thread from the start (no other thread can
     * exist: coroutine is not opened). */
    arm_hook(s, s->L, HOOK_STEP);
    lua_pushcfunction(s->L, setup);
    if (lua_pcall(s->L, 0, 0, 0) != LUA_OK) {
        script_free(s);
        return NULL;
    }
    start_watchdog(s);
    return s;
}

void script_free(Script *s)
{
    if (!s) return;
    stop_watchdog(s);
    if (s->L) lua_close(s->L);
    for (int i = 0; i < s->nfuncs; i++) free(s->funcs[i].name);
    free(s->funcs);
    for (int i = 0; i < s->nfiles; i++) free(s->files[i]);
    free(s->files);
    free(s->text_slots);
    arena_free(&s->texts);
    free(s);
}
