/* test_script.c — the Lua sandbox: values in and out, errors at the .lua
 * line with the calling rule and unit, and every escape of notes.md (plus
 * the ones found while writing script.c) attacked and pinned exactly. After
 * each attack the same Script still answers a normal call, unless the
 * design says it is spent (the time budget), where a fresh one does. */
#include "support.h"
#include <signal.h>
#include <time.h>
#include "script.h"

#define CALLER "I4.E2"
#define SCHOOL "4302030002"
#define STAGE "小学"
#define CONTEXT(fn) "（函数 " fn "，规则 I4.E2，学校 4302030002 小学）"
#define FROZEN "脚本不能在两次调用之间保存状态：载入后，全局变量和载入时建立的表都是只读的（请用局部变量）"

static int setup(void **state)
{
    (void)state;
    enter_temp_dir();
    /* A sandbox that fails to stop something must fail the suite, not hang it. */
    alarm(120);
    return 0;
}

static double cpu_seconds(void)
{
    return (double)clock() / CLOCKS_PER_SEC;
}

static double wall_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Loads text as path; returns the rendered diagnostics (caller frees). */
static char *load_text(Script *s, const char *path, const char *text, size_t len, int *rc)
{
    Source src = {.path = (char *)path, .text = (char *)text, .len = len};
    DiagList d;
    diag_init(&d);
    *rc = script_load(s, &src, &d);
    char *shown = render(&d);
    diag_free(&d);
    return shown;
}

static void expect_load(Script *s, const char *path, const char *text, const char *expected)
{
    int rc;
    char *shown = load_text(s, path, text, strlen(text), &rc);
    if (strcmp(shown, expected) != 0) {
        print_error("expected:\n%s\nactual:\n%s\n", expected, shown);
        fail();
    }
    assert_int_equal(rc, expected[0] ? -1 : 0);
    free(shown);
}

static char *call(Script *s, const char *name, const ScriptArg *args, int nargs, ValueType t, Value *out, int *rc)
{
    DiagList d;
    diag_init(&d);
    ScriptCaller who = {CALLER, "学校", SCHOOL, STAGE, 1};
    *rc = script_call(s, name, args, nargs, t, &who, out, &d);
    char *shown = render(&d);
    diag_free(&d);
    return shown;
}

/* Calls name() expecting a number; its failure as printed in lang. */
static char *call_error_in(Script *s, const char *name, Lang lang)
{
    DiagList d;
    diag_init(&d);
    Value v;
    ScriptCaller who = {CALLER, "学校", SCHOOL, STAGE, 1};
    assert_int_equal(script_call(s, name, NULL, 0, TY_NUM, &who, &v, &d), -1);
    char *shown = render_in(&d, lang);
    diag_free(&d);
    return shown;
}

/* Calls name() expecting a number and asserts the exact failure. */
static void expect_call_error(Script *s, const char *name, const char *expected)
{
    Value v;
    int rc;
    char *shown = call(s, name, NULL, 0, TY_NUM, &v, &rc);
    if (strcmp(shown, expected) != 0) {
        print_error("expected:\n%s\nactual:\n%s\n", expected, shown);
        fail();
    }
    assert_int_equal(rc, -1);
    assert_int_equal(v.tag, V_MISSING);
    free(shown);
}

static double call_number(Script *s, const char *name, const ScriptArg *args, int nargs)
{
    Value v;
    int rc;
    char *shown = call(s, name, args, nargs, TY_NUM, &v, &rc);
    assert_string_equal(shown, "");
    assert_int_equal(rc, 0);
    assert_int_equal(v.tag, V_NUM);
    free(shown);
    return v.num;
}

static const char *call_text(Script *s, const char *name, const ScriptArg *args, int nargs)
{
    Value v;
    int rc;
    char *shown = call(s, name, args, nargs, TY_TEXT, &v, &rc);
    assert_string_equal(shown, "");
    assert_int_equal(rc, 0);
    assert_int_equal(v.tag, V_TEXT);
    free(shown);
    return v.text;
}

static ScriptArg num_arg(double x)
{
    ScriptArg a = {0};
    a.kind = SA_VALUE;
    a.value.tag = V_NUM;
    a.value.num = x;
    return a;
}

/* A sandbox with ok.lua (the health probe) and, when given, t.lua. */
static Script *sandbox(const ScriptLimits *lim, const char *text)
{
    Script *s = script_new(lim);
    assert_non_null(s);
    expect_load(s, "ok.lua", "function ok(x) return x + 1 end\n", "");
    if (text) expect_load(s, "t.lua", text, "");
    return s;
}

/* The process and the state are fine: a normal call answers. */
static void assert_healthy(Script *s)
{
    ScriptArg a = num_arg(41);
    assert_true(call_number(s, "ok", &a, 1) == 42);
}

/* ---- values in and out ---- */

static void numbers_booleans_and_strings(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function area(a, b) return a * b end\n"
        "function both(x, y) return x and y end\n"
        "function greet(name, word) return name .. ':' .. word .. ':' .. tostring(3) end\n"
        "function kind(x) return math.type(x) end\n"
        "function nothing(x) end\n");
    ScriptArg ab[2] = {num_arg(2.5), num_arg(4)};
    assert_true(call_number(s, "area", ab, 2) == 10);

    ScriptArg bools[2] = {{0}, {0}};
    bools[0].value.tag = bools[1].value.tag = V_BOOL;
    bools[0].value.num = 1;
    Value v;
    int rc;
    char *shown = call(s, "both", bools, 2, TY_BOOL, &v, &rc);
    assert_string_equal(shown, "");
    free(shown);
    assert_int_equal(rc, 0);
    assert_int_equal(v.tag, V_BOOL);
    assert_true(v.num == 0);

    ScriptArg words[2] = {{0}, {0}};
    words[0].value.tag = V_TEXT;
    words[0].value.text = "一小";
    words[1].value.tag = V_WORD;
    words[1].value.num = 2;
    words[1].word = "乡村";
    const char *t = call_text(s, "greet", words, 2);
    assert_string_equal(t, "一小:乡村:3");
    /* Equal texts share one copy that lives with the Script. */
    assert_ptr_equal(call_text(s, "greet", words, 2), t);

    ScriptArg whole = num_arg(30), half = num_arg(0.5);
    assert_string_equal(call_text(s, "kind", &whole, 1), "integer");
    assert_string_equal(call_text(s, "kind", &half, 1), "float");

    ScriptArg missing = {0};
    shown = call(s, "nothing", &missing, 1, TY_NUM, &v, &rc);
    assert_string_equal(shown, "");
    free(shown);
    assert_int_equal(rc, 0);
    assert_int_equal(v.tag, V_MISSING);

    char buf[128];
    assert_int_equal(script_last_call(s, buf, sizeof buf), 0);
    assert_string_equal(buf, "nothing(nil) = nil");
    call_text(s, "greet", words, 2);
    assert_int_equal(script_last_call(s, buf, sizeof buf), 0);
    assert_string_equal(buf, "greet(\"一小\", \"乡村\") = \"一小:乡村:3\"");
    script_free(s);
}

static void records_and_lists(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function per_student(school, stages)\n"
        "  local n = 0\n"
        "  for _, st in ipairs(stages) do n = n + (st['在校生数'] or 0) end\n"
        "  if school['有方案'] then return -1 end\n"
        "  return school['面积'] / n\n"
        "end\n"
        "function type_of(school) return school['城乡类型'] .. tostring(school['评价']) end\n");
    const char *school_names[] = {"面积", "有方案", "城乡类型", "评价"};
    Value school_values[4] = {{.num = 3000, .tag = V_NUM}, {.num = 0, .tag = V_BOOL},
                              {.num = 2, .tag = V_WORD}, {.tag = V_MISSING}};
    const char *school_words[] = {NULL, NULL, "乡村", NULL};
    ScriptArg args[2] = {{0}, {0}};
    args[0].kind = SA_RECORD;
    args[0].nfields = 4;
    args[0].names = school_names;
    args[0].values = school_values;
    args[0].words = school_words;

    const char *stage_names[] = {"学段", "在校生数"};
    Value primary[2] = {{.num = 0, .tag = V_WORD}, {.num = 500, .tag = V_NUM}};
    Value middle[2] = {{.num = 1, .tag = V_WORD}, {.num = 100, .tag = V_NUM}};
    const char *primary_words[] = {"小学", NULL}, *middle_words[] = {"初中", NULL};
    ScriptArg stages[2] = {{0}, {0}};
    stages[0].kind = stages[1].kind = SA_RECORD;
    stages[0].nfields = stages[1].nfields = 2;
    stages[0].names = stages[1].names = stage_names;
    stages[0].values = primary;
    stages[1].values = middle;
    stages[0].words = primary_words;
    stages[1].words = middle_words;
    args[1].kind = SA_LIST;
    args[1].nrecords = 2;
    args[1].records = stages;

    assert_true(call_number(s, "per_student", args, 2) == 5);
    assert_string_equal(call_text(s, "type_of", args, 1), "乡村nil");
    char buf[200];
    script_last_call(s, buf, sizeof buf);
    assert_string_equal(buf, "type_of({面积=3000, 有方案=false, 城乡类型=\"乡村\"}) = \"乡村nil\"");
    script_free(s);
}

static void wrong_return_types(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function text() return 'x' end\n"
        "function tab()\n"
        "  return {}\n"
        "end\n"
        "function nan() return 0/0 end\n");
    expect_call_error(s, "text", "t.lua:1: 错误: Lua 函数应返回数值，实际返回文字" CONTEXT("text") "\n");
    expect_call_error(s, "tab", "t.lua:2: 错误: Lua 函数应返回数值，实际返回表" CONTEXT("tab") "\n");
    expect_call_error(s, "nan", "t.lua:5: 错误: Lua 函数返回了非有限数值 nan" CONTEXT("nan") "\n");
    Value v;
    int rc;
    char *shown = call(s, "text", NULL, 0, TY_BOOL, &v, &rc);
    assert_string_equal(shown, "t.lua:1: 错误: Lua 函数应返回是否判断，实际返回文字" CONTEXT("text") "\n");
    free(shown);
    char buf[64];
    assert_int_equal(script_last_call(s, buf, sizeof buf), -1); /* failed: no result */
    assert_string_equal(buf, "text()");
    assert_healthy(s);
    script_free(s);
}

static void pcall_and_xpcall_still_work(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function f()\n"
        "  local ok, a, b = pcall(function(x) return x, x + 1 end, 1)\n"
        "  local bad, e = pcall(error, 'boom', 0)\n"
        "  local ok2, h = xpcall(function() error('x', 0) end, function(m) return 'handled ' .. m end)\n"
        "  local ok3, r = xpcall(function(y) return y * 2 end, print or tostring, 21)\n"
        "  return table.concat({tostring(ok), a, b, tostring(bad), e, tostring(ok2), h, tostring(ok3), r}, ' ')\n"
        "end\n");
    assert_string_equal(call_text(s, "f", NULL, 0), "true 1 2 false boom false handled x true 42");
    script_free(s);
}

static void syntax_error_names_file_and_line(void **state)
{
    (void)state;
    Script *s = sandbox(NULL, NULL);
    expect_load(s, "bad.lua", "function f(x)\n  return x +\nend\n",
                "bad.lua:3: 错误: Lua 脚本语法错误：unexpected symbol near 'end'\n");
    assert_false(script_has(s, "f"));
    assert_healthy(s);
    script_free(s);
}

static void runtime_error_names_line_rule_and_unit(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "local function helper(x)\n"
        "  return x.students * 2\n"
        "end\n"
        "function f()\n"
        "  return helper({})\n"
        "end\n"
        "function g()\n"
        "  error('期望有在校生数')\n"
        "end\n"
        "function h()\n"
        "  error({})\n"
        "end\n");
    assert_true(script_has(s, "f"));
    assert_false(script_has(s, "helper"));   /* locals are not callable */
    assert_false(script_has(s, "print"));    /* nor the libraries */
    expect_call_error(s, "f", "t.lua:2: 错误: Lua 脚本出错：attempt to perform arithmetic on a nil value "
                              "(field 'students')" CONTEXT("f") "\n");
    expect_call_error(s, "g", "t.lua:8: 错误: Lua 脚本出错：期望有在校生数" CONTEXT("g") "\n");
    expect_call_error(s, "h", "t.lua:11: 错误: Lua 脚本出错：(error object is a table value)" CONTEXT("h") "\n");
    assert_healthy(s);

    /* in English: the context is, the script's own message is not translated */
    char *en = call_error_in(s, "g", LANG_EN);
    assert_string_equal(en, "t.lua:8: error: Lua script error: 期望有在校生数 (function g, rule I4.E2, 学校 4302030002 小学)\n");
    free(en);
    script_free(s);
}

static void error_while_loading(void **state)
{
    (void)state;
    Script *s = sandbox(NULL, NULL);
    expect_load(s, "init.lua", "local t = nil\nfunction f() end\nt.x = 1\n",
                "init.lua:3: 错误: Lua 脚本出错：attempt to index a nil value (local 't')（加载脚本时）\n");
    assert_false(script_has(s, "f"));
    assert_healthy(s);
    script_free(s);
}

static void unknown_and_duplicate_functions(void **state)
{
    (void)state;
    Script *s = sandbox(NULL, "function f() return 1 end\nfunction g() return 2 end\n");
    expect_call_error(s, "nope", "junheng: 错误: 没有名为 'nope' 的 Lua 函数（规则 I4.E2，学校 4302030002 小学）\n");
    /* Reported in the order of the definitions, whatever Lua's hash order. */
    expect_load(s, "u.lua", "\nfunction g() return 20 end\nfunction f() return 10 end\nfunction h() return 3 end\n",
                "u.lua:2: 错误: Lua 函数 'g' 重复定义（第一次在 t.lua:2）\n"
                "u.lua:3: 错误: Lua 函数 'f' 重复定义（第一次在 t.lua:1）\n");
    assert_true(call_number(s, "f", NULL, 0) == 1);
    assert_true(call_number(s, "g", NULL, 0) == 2);
    assert_true(call_number(s, "h", NULL, 0) == 3);
    script_free(s);
}

/* ---- escapes (notes.md) ---- */

static void dangerous_globals_are_absent(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function probe()\n"
        "  local names = {'os', 'io', 'package', 'debug', 'require', 'dofile', 'loadfile', 'load',\n"
        "                 'loadstring', 'collectgarbage', 'print', 'warn', 'coroutine', 'module'}\n"
        "  local out = {}\n"
        "  for _, n in ipairs(names) do out[#out + 1] = n .. '=' .. type(_G[n]) end\n"
        "  out[#out + 1] = 'dump=' .. type(string.dump)\n"
        "  out[#out + 1] = 'random=' .. type(math.random)\n"
        "  out[#out + 1] = 'mt=' .. tostring(getmetatable(''))\n"
        "  return table.concat(out, ' ')\n"
        "end\n"
        "function read() return io.open('/etc/passwd'):read('a') end\n"
        "function run() return os.execute('true') end\n"
        "function need() return require('os') end\n"
        "function dofile_() return dofile('/etc/passwd') end\n");
    assert_string_equal(call_text(s, "probe", NULL, 0),
                        "os=nil io=nil package=nil debug=nil require=nil dofile=nil loadfile=nil load=nil "
                        "loadstring=nil collectgarbage=nil print=nil warn=nil coroutine=nil module=nil "
                        "dump=nil random=nil mt=false");
    expect_call_error(s, "read", "t.lua:11: 错误: Lua 脚本出错：attempt to index a nil value (global 'io')"
                                 CONTEXT("read") "\n");
    expect_call_error(s, "run", "t.lua:12: 错误: Lua 脚本出错：attempt to index a nil value (global 'os')"
                                CONTEXT("run") "\n");
    expect_call_error(s, "need", "t.lua:13: 错误: Lua 脚本出错：attempt to call a nil value (global 'require')"
                                 CONTEXT("need") "\n");
    expect_call_error(s, "dofile_", "t.lua:14: 错误: Lua 脚本出错：attempt to call a nil value (global 'dofile')"
                                    CONTEXT("dofile_") "\n");
    assert_healthy(s);
    script_free(s);
}

static void bytecode_is_refused(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function dump() return load(string.dump(function() return 1 end)) end\n"
        "function raw() return load('\\27Lua\\84\\0', 'x', 'b') end\n");
    /* A rule file that is bytecode is refused before it runs. */
    int rc;
    const char bytecode[] = "\x1bLuaT\x00\x19\x93\r\n\x1a\n";
    char *shown = load_text(s, "b.lua", bytecode, sizeof bytecode - 1, &rc);
    assert_string_equal(shown, "b.lua:1: 错误: Lua 脚本语法错误：attempt to load a binary chunk (mode is 't')\n");
    assert_int_equal(rc, -1);
    free(shown);
    expect_call_error(s, "dump", "t.lua:1: 错误: Lua 脚本出错：attempt to call a nil value (field 'dump')"
                                 CONTEXT("dump") "\n");
    expect_call_error(s, "raw", "t.lua:2: 错误: Lua 脚本出错：attempt to call a nil value (global 'load')"
                                CONTEXT("raw") "\n");
    assert_healthy(s);
    script_free(s);
}

static void finalizers_are_refused(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function gc()\n"
        "  setmetatable({}, {__gc = function() while true do end end})\n"
        "end\n"
        "function gc_false() setmetatable({}, {__gc = false}) end\n"
        "function plain() return getmetatable(setmetatable({}, {__index = {a = 7}})) and 1 end\n");
    expect_call_error(s, "gc", "t.lua:2: 错误: Lua 脚本出错：setmetatable 不接受带 __gc 的元表（脚本中不允许终结器）"
                               CONTEXT("gc") "\n");
    expect_call_error(s, "gc_false", "t.lua:4: 错误: Lua 脚本出错：setmetatable 不接受带 __gc 的元表（脚本中不允许终结器）"
                                     CONTEXT("gc_false") "\n");
    assert_true(call_number(s, "plain", NULL, 0) == 1);
    /* the refusal is the sandbox's own message: printed in English too */
    char *en = call_error_in(s, "gc", LANG_EN);
    assert_string_equal(en, "t.lua:2: error: Lua script error: setmetatable refuses a metatable with __gc (scripts may "
                            "not have finalizers) (function gc, rule I4.E2, 学校 4302030002 小学)\n");
    free(en);
    /* __gc added after setmetatable does not mark the object (Lua 5.4
     * §2.5.3): the endless finalizer never runs and lua_close returns. */
    expect_load(s, "late.lua",
                "local mt = {}\n"
                "keep = setmetatable({}, mt)\n"
                "mt.__gc = function() while true do end end\n"
                "rawset(mt, '__gc', function() while true do end end)\n"
                "setmetatable({}, {})\n", "");
    assert_healthy(s);
    double t0 = wall_seconds();
    script_free(s);
    assert_true(wall_seconds() - t0 < 1);
}

static void string_metatable_and_globals_stay_per_chunk(void **state)
{
    (void)state;
    Script *s = sandbox(NULL, NULL);
    expect_load(s, "a.lua",
                "string.upper = function() return 'pwned' end\n"
                "tostring = function() return 'pwned' end\n"
                "shared = 'from a'\n"
                "local ok = pcall(function() getmetatable('').__index.upper = function() return 'pwned' end end)\n"
                "assert(not ok)\n"
                "local ok2 = pcall(setmetatable, 'x', {})\n"
                "assert(not ok2)\n"
                "function mine() return string.upper('x') end\n", "");
    expect_load(s, "b.lua",
                "function theirs()\n"
                "  return ('abc'):upper() .. string.upper('x') .. tostring(1) .. tostring(shared)\n"
                "end\n", "");
    assert_string_equal(call_text(s, "theirs", NULL, 0), "ABCX1nil");
    assert_string_equal(call_text(s, "mine", NULL, 0), "pwned");
    expect_load(s, "c.lua",
                "function meta() getmetatable('').__index.upper = nil end\n", "");
    expect_call_error(s, "meta", "c.lua:1: 错误: Lua 脚本出错：attempt to index a boolean value"
                                 CONTEXT("meta") "\n");
    assert_string_equal(call_text(s, "theirs", NULL, 0), "ABCX1nil");
    script_free(s);
}

/* Sealed (as every run seals its scripts), a call cannot leave state for
 * the next: upvalues come back to their loaded values, and globals and the
 * tables built while loading are read-only, whichever way they are written;
 * reading them works as before. */
static void calls_cannot_keep_state(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "local n = 0\n"
        "local seen = {}\n"
        "local limits = {['音乐'] = 96, ['美术'] = 90, 7, 8, 9}\n"
        "function counter() n = n + 1; return n end\n"
        "function remember(x) seen[#seen + 1] = x; return #seen end\n"
        "function global() total = (total or 0) + 1; return total end\n"
        "function raw() rawset(limits, '体育', 1); return 1 end\n"
        "function swap() seen = {}; seen[1] = 1; return #seen end\n"
        "function reads()\n"
        "  local sum = 0\n"
        "  for _, v in pairs(limits) do sum = sum + v end\n"
        "  for _, v in ipairs(limits) do sum = sum + v end\n"
        "  return sum + #limits + rawlen(limits) + rawget(limits, '音乐') + (next(limits) and 1 or 0)\n"
        "end\n"
        "function library() string.custom = 1; return 1 end\n"
        "function meta() setmetatable(limits, {}); return 1 end\n");
    assert_int_equal(script_seal(s), 0);
    assert_true(call_number(s, "counter", NULL, 0) == 1);
    assert_true(call_number(s, "counter", NULL, 0) == 1);
    expect_call_error(s, "remember", "t.lua:5: 错误: Lua 脚本出错：" FROZEN CONTEXT("remember") "\n");
    expect_call_error(s, "global", "t.lua:6: 错误: Lua 脚本出错：" FROZEN CONTEXT("global") "\n");
    expect_call_error(s, "raw", "t.lua:7: 错误: Lua 脚本出错：" FROZEN CONTEXT("raw") "\n");
    /* A new table in an upvalue lives for the call only. */
    assert_true(call_number(s, "swap", NULL, 0) == 1);
    assert_true(call_number(s, "swap", NULL, 0) == 1);
    expect_call_error(s, "remember", "t.lua:5: 错误: Lua 脚本出错：" FROZEN CONTEXT("remember") "\n");
    /* 96 + 90 + 7 + 8 + 9 by pairs, 7 + 8 + 9 by ipairs, #, rawlen, rawget, next. */
    assert_true(call_number(s, "reads", NULL, 0) == 210 + 24 + 3 + 3 + 96 + 1);
    expect_call_error(s, "library", "t.lua:15: 错误: Lua 脚本出错：" FROZEN CONTEXT("library") "\n");
    expect_call_error(s, "meta", "t.lua:16: 错误: Lua 脚本出错：cannot change a protected metatable" CONTEXT("meta") "\n");
    assert_healthy(s);
    script_free(s);
}

static void infinite_loop_is_stopped(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function spin()\n"
        "  local n = 0\n"
        "  while true do n = n + 1 end\n"
        "end\n");
    double c0 = cpu_seconds();
    expect_call_error(s, "spin", "t.lua:3: 错误: Lua 脚本超过每次调用 1000000 条指令的上限" CONTEXT("spin") "\n");
    double spent = cpu_seconds() - c0;
    print_message("  infinite loop stopped after %.4f s CPU (1e6 instructions)\n", spent);
    assert_true(spent < 0.5);
    assert_healthy(s);
    script_free(s);
}

static void pcall_cannot_catch_the_budget(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "local function spin() while true do end end\n"
        "function loop()\n"
        "  while true do pcall(spin) end\n"
        "end\n"
        "function nested()\n"
        "  while true do pcall(pcall, pcall, spin) end\n"
        "end\n"
        "function handler()\n"
        "  while true do xpcall(spin, function(e) while true do end end) end\n"
        "end\n"
        "function closing()\n"
        "  while true do\n"
        "    pcall(function()\n"
        "      local guard <close> = setmetatable({}, {__close = function() while true do end end})\n"
        "      spin()\n"
        "    end)\n"
        "  end\n"
        "end\n"
        "function objects()\n"
        "  while true do\n"
        "    pcall(error, setmetatable({}, {__tostring = function() while true do end end}))\n"
        "  end\n"
        "end\n");
    const char *names[] = {"loop", "nested", "handler", "closing", "objects"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        Value v;
        int rc;
        double c0 = cpu_seconds();
        char *shown = call(s, names[i], NULL, 0, TY_NUM, &v, &rc);
        double spent = cpu_seconds() - c0;
        assert_int_equal(rc, -1);
        char expected[300];
        snprintf(expected, sizeof expected, "Lua 脚本超过每次调用 1000000 条指令的上限" CONTEXT("%s") "\n", names[i]);
        assert_non_null(strstr(shown, expected));
        assert_true(strncmp(shown, "t.lua:", 6) == 0);
        assert_true(spent < 5); /* stopped by the count (a million instructions are milliseconds), not by the clock */
        free(shown);
        assert_healthy(s);
    }
    expect_call_error(s, "loop", "t.lua:1: 错误: Lua 脚本超过每次调用 1000000 条指令的上限" CONTEXT("loop") "\n");
    script_free(s);
}

static void coroutines_do_not_exist(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "function co()\n"
        "  local f = coroutine.wrap(function() while true do end end)\n"
        "  return f()\n"
        "end\n");
    expect_call_error(s, "co", "t.lua:2: 错误: Lua 脚本出错：attempt to index a nil value (global 'coroutine')"
                               CONTEXT("co") "\n");
    assert_healthy(s);
    script_free(s);
}

static void memory_bombs_are_stopped(void **state)
{
    (void)state;
    ScriptLimits lim = {100000000L, 8u << 20, 10};
    Script *s = sandbox(&lim,
        "function rep() return #string.rep('x', 1e9) end\n"
        "function doubling()\n"
        "  local s = 'x'\n"
        "  while true do s = s .. s end\n"
        "end\n"
        "function grow()\n"
        "  local t = {}\n"
        "  for i = 1, 1e9 do t[i] = i end\n"
        "end\n"
        "function caught()\n"
        "  local keep = {}\n"
        "  while true do\n"
        "    local ok = pcall(string.rep, 'y', 4e6)\n"
        "    keep[#keep + 1] = string.rep('z', 1e5) .. #keep\n"
        "  end\n"
        "end\n"
        "function sort_big()\n"
        "  local t = {}\n"
        "  for i = 1, 200000 do t[i] = -i end\n"
        "  table.sort(t)\n"
        "  return t[1]\n"
        "end\n");
    expect_call_error(s, "rep", "t.lua:1: 错误: Lua 脚本超过 8388608 字节的内存上限" CONTEXT("rep") "\n");
    assert_healthy(s);
    expect_call_error(s, "doubling", "t.lua:4: 错误: Lua 脚本超过 8388608 字节的内存上限" CONTEXT("doubling") "\n");
    assert_healthy(s);
    expect_call_error(s, "grow", "t.lua:8: 错误: Lua 脚本超过 8388608 字节的内存上限" CONTEXT("grow") "\n");
    assert_healthy(s);
    expect_call_error(s, "caught", "t.lua:13: 错误: Lua 脚本超过 8388608 字节的内存上限" CONTEXT("caught") "\n");
    assert_healthy(s);
    /* Below the cap, work goes on: 200 000 numbers fit in 8 MiB. */
    assert_true(call_number(s, "sort_big", NULL, 0) == -200000);
    script_free(s);

    /* A load that allocates too much reports the load. */
    s = sandbox(&lim, NULL);
    expect_load(s, "big.lua", "big = string.rep('x', 2^24)\n",
                "big.lua:1: 错误: Lua 脚本超过 8388608 字节的内存上限（加载脚本时）\n");
    assert_healthy(s);
    script_free(s);
}

/* Text results are kept outside the Lua state until released, and count
 * against its memory: a script returning a new long text on every call
 * cannot grow the process past the cap. */
static void text_results_count_against_memory(void **state)
{
    (void)state;
    ScriptLimits lim = {100000000L, 8u << 20, 10};
    Script *s = sandbox(&lim, "function text(n) return string.rep('t', 2e6) .. n end\n");
    ScriptArg a = num_arg(1);
    assert_int_equal(strlen(call_text(s, "text", &a, 1)), 2000001);
    a = num_arg(2);
    assert_int_equal(strlen(call_text(s, "text", &a, 1)), 2000001);
    a = num_arg(3);
    Value v;
    int rc;
    char *shown = call(s, "text", &a, 1, TY_TEXT, &v, &rc);
    assert_string_equal(shown, "t.lua:1: 错误: Lua 脚本超过 8388608 字节的内存上限" CONTEXT("text") "\n");
    assert_int_equal(rc, -1);
    free(shown);
    /* Released (a run does so at every school), the budget is back. */
    script_release_texts(s);
    assert_int_equal(strlen(call_text(s, "text", &a, 1)), 2000001);
    assert_healthy(s);
    script_free(s);
}

static void catastrophic_patterns_are_refused(void **state)
{
    (void)state;
    Script *s = sandbox(NULL,
        "local a = string.rep('a', 400)\n"
        "function find() return string.find(a, '.-.-.-b') end\n"
        "function method() return a:match('.-.-.-b') end\n"
        "function optional() return ('a'):rep(30):match(('a?'):rep(30) .. ('a'):rep(30)) end\n"
        "function gsub() return (a:rep(20):gsub('.-b', '')) end\n"
        "function gmatch() for w in a:rep(20):gmatch('a-b') do end end\n"
        "function plain() return a:rep(5000):find(a:rep(10) .. 'b', 1, true) end\n"
        "function fine()\n"
        "  local n = 0\n"
        "  for w in ('12, 345, 6789'):gmatch('%d+') do n = n + #w end\n"
        "  local trimmed = ('  学校  '):match('^%s*(.-)%s*$')\n"
        "  return n + #trimmed + (a:find('.-b') or 0)\n"
        "end\n");
    double c0 = cpu_seconds(), w0 = wall_seconds();
    expect_call_error(s, "find", "t.lua:2: 错误: string.find 的模式对 400 字节的文本过于复杂（最坏约 1.03e+11 步，"
                                 "上限 1e+07 步；函数 find，规则 I4.E2，学校 4302030002 小学）\n");
    double cpu = cpu_seconds() - c0, wall = wall_seconds() - w0;
    print_message("  string.find(string.rep('a',400), '.-.-.-b') stopped after %.6f s CPU, %.6f s wall\n", cpu, wall);
    assert_true(cpu < 0.1);
    assert_healthy(s);
    expect_call_error(s, "method", "t.lua:3: 错误: string.match 的模式对 400 字节的文本过于复杂（最坏约 1.03e+11 步，"
                                   "上限 1e+07 步；函数 method，规则 I4.E2，学校 4302030002 小学）\n");
    expect_call_error(s, "optional", "t.lua:4: 错误: string.match 的模式对 30 字节的文本过于复杂（最坏约 2e+12 步，"
                                     "上限 1e+07 步；函数 optional，规则 I4.E2，学校 4302030002 小学）\n");
    expect_call_error(s, "gsub", "t.lua:5: 错误: string.gsub 的模式对 8000 字节的文本过于复杂（最坏约 1.28e+08 步，"
                                 "上限 1e+07 步；函数 gsub，规则 I4.E2，学校 4302030002 小学）\n");
    expect_call_error(s, "gmatch", "t.lua:6: 错误: string.gmatch 的模式对 8000 字节的文本过于复杂（最坏约 1.28e+08 步，"
                                   "上限 1e+07 步；函数 gmatch，规则 I4.E2，学校 4302030002 小学）\n");
    expect_call_error(s, "plain", "t.lua:7: 错误: string.find 的模式对 2000000 字节的文本过于复杂（最坏约 8e+09 步，"
                                  "上限 1e+07 步；函数 plain，规则 I4.E2，学校 4302030002 小学）\n");
    /* Ordinary patterns on ordinary texts still work. */
    assert_true(call_number(s, "fine", NULL, 0) == 9 + 6 + 0);
    assert_healthy(s);
    script_free(s);
}

static void c_loops_the_script_chooses_are_charged(void **state)
{
    (void)state;
    /* {[1]=1, [2]=1, [4]=1, ..., [2^40]=1}: 41 entries, all in the hash
     * part, and #t is 2^40; stock table.insert(t, 1, 0) loops 2^40 times. */
    char sparse[1200] = "function sparse()\n  local t = {";
    for (int k = 0; k <= 40; k++)
        snprintf(sparse + strlen(sparse), sizeof sparse - strlen(sparse), "[%lld]=1,", 1LL << k);
    strcat(sparse, "}\n  assert(#t == 2^40)\n  table.insert(t, 1, 0)\nend\n");
    char text[4000];
    snprintf(text, sizeof text, "%s%s",
        "function empty_rep() return #string.rep('', 2^50) + #string.rep('', 2^50, '') end\n", sparse);
    strcat(text,
        "function lying_len()\n"
        "  local t = setmetatable({}, {__len = function() return 2^50 end})\n"
        "  table.remove(t, 1)\n"
        "end\n"
        "function move() table.move({}, 1, 1e15, 2) end\n"
        "function sort() table.sort(setmetatable({}, {__len = function() return 2^31 - 2 end})) end\n"
        "function ordinary()\n"
        "  local t = {3, 1, 2}\n"
        "  table.insert(t, 1, 5)\n"
        "  table.insert(t, 4)\n"
        "  local r = table.remove(t, 1)\n"
        "  table.sort(t)\n"
        "  local u = table.move(t, 1, #t, 1, {})\n"
        "  return r * 1000 + u[1] * 100 + u[4] * 10 + #u\n"
        "end\n");
    Script *s = sandbox(NULL, text);
    double c0 = cpu_seconds();
    assert_true(call_number(s, "empty_rep", NULL, 0) == 0);
    expect_call_error(s, "sparse", "t.lua:5: 错误: Lua 脚本超过每次调用 1000000 条指令的上限" CONTEXT("sparse") "\n");
    expect_call_error(s, "lying_len", "t.lua:9: 错误: Lua 脚本超过每次调用 1000000 条指令的上限" CONTEXT("lying_len") "\n");
    expect_call_error(s, "move", "t.lua:11: 错误: Lua 脚本超过每次调用 1000000 条指令的上限" CONTEXT("move") "\n");
    expect_call_error(s, "sort", "t.lua:12: 错误: Lua 脚本超过每次调用 1000000 条指令的上限" CONTEXT("sort") "\n");
    assert_true(cpu_seconds() - c0 < 0.5);
    assert_true(call_number(s, "ordinary", NULL, 0) == 5000 + 100 + 40 + 4);
    assert_healthy(s);
    script_free(s);
}

static void time_budget_covers_the_whole_evaluation(void **state)
{
    (void)state;
    ScriptLimits lim = {1000000000000L, (size_t)256 << 20, 0.3}; /* room for the 40 MB string as it is built */
    Script *s = sandbox(&lim,
        "function spin() while true do end end\n"
        "function quick() return 1 end\n");
    double w0 = wall_seconds();
    expect_call_error(s, "spin", "t.lua:1: 错误: Lua 脚本运行时间超过整个评估 0.3 秒的上限" CONTEXT("spin") "\n");
    double wall = wall_seconds() - w0;
    print_message("  time budget of 0.3 s stopped an endless loop after %.3f s wall\n", wall);
    assert_true(wall > 0.25 && wall < 1);
    /* The evaluation's time is spent: every later call fails at once. */
    expect_call_error(s, "quick", "t.lua:2: 错误: Lua 脚本运行时间超过整个评估 0.3 秒的上限" CONTEXT("quick") "\n");
    expect_load(s, "later.lua", "x = 1\n", "later.lua:1: 错误: Lua 脚本运行时间超过整个评估 0.3 秒的上限（加载脚本时）\n");
    script_free(s);
    /* A new evaluation starts afresh. */
    s = sandbox(&lim, NULL);
    assert_healthy(s);
    script_free(s);
}

static void time_is_summed_over_calls(void **state)
{
    (void)state;
    /* Each call stays within its instruction budget, but together they
     * outrun the evaluation's seconds; the wrapped string functions check
     * the clock too, since the hook sees only a few instructions here. */
    ScriptLimits lim = {2000000L, 0, 0.25};
    Script *s = sandbox(&lim,
        "local a = string.rep('a', 2000)\n"
        "function busy() a:find('.-b') return 1 end\n");
    Value v;
    int rc = 0, calls = 0;
    double w0 = wall_seconds();
    char *shown = NULL;
    while (rc == 0 && calls < 1000) {
        free(shown);
        shown = call(s, "busy", NULL, 0, TY_NUM, &v, &rc);
        calls++;
    }
    double wall = wall_seconds() - w0;
    print_message("  %d pattern-heavy calls reached the 0.25 s budget after %.3f s wall\n", calls, wall);
    assert_int_equal(rc, -1);
    assert_true(calls >= 2);
    assert_string_equal(shown, "t.lua:2: 错误: Lua 脚本运行时间超过整个评估 0.25 秒的上限" CONTEXT("busy") "\n");
    assert_true(wall < 1);
    free(shown);
    script_free(s);
}

static void heavy_instructions_cannot_outrun_the_clock(void **state)
{
    (void)state;
    /* Each iteration is a few instructions, each linear in a 40 MB string:
     * between two hook calls they would run for 15 s or more. The watchdog
     * makes the hook fire at the next instruction once the time is up: the
     * bound below leaves room for a loaded machine and still tells the two
     * apart. */
    ScriptLimits lim = {1000000000000L, (size_t)256 << 20, 0.3}; /* room for the 40 MB string as it is built */
    Script *s = sandbox(&lim,
        "function coerce()\n"
        "  local digits = ('1'):rep(4e7)\n"
        "  while true do local x = digits + 0 end\n"
        "end\n"
        "function length()\n"
        "  local digits = ('1'):rep(4e7)\n"
        "  while true do local n = utf8.len(digits) end\n"
        "end\n");
    double w0 = wall_seconds();
    expect_call_error(s, "coerce", "t.lua:3: 错误: Lua 脚本运行时间超过整个评估 0.3 秒的上限" CONTEXT("coerce") "\n");
    double wall = wall_seconds() - w0;
    print_message("  string coercion loop stopped by the 0.3 s budget after %.3f s wall\n", wall);
    assert_true(wall < 3);     /* about 15 s with the hook's own clock checks only */
    script_free(s);

    s = sandbox(&lim, "function length()\n"
                      "  local digits = ('1'):rep(4e7)\n"
                      "  while true do local n = utf8.len(digits) end\n"
                      "end\n");
    w0 = wall_seconds();
    expect_call_error(s, "length", "t.lua:3: 错误: Lua 脚本运行时间超过整个评估 0.3 秒的上限" CONTEXT("length") "\n");
    wall = wall_seconds() - w0;
    print_message("  utf8.len loop stopped by the 0.3 s budget after %.3f s wall\n", wall);
    assert_true(wall < 3);     /* about 28 s with the hook's own clock checks only */
    script_free(s);
}

static void limits_default_and_clamp(void **state)
{
    (void)state;
    ScriptLimits d = script_default_limits();
    assert_int_equal(d.instructions, 1000000);
    assert_int_equal(d.memory_bytes, 64u << 20);
    assert_true(d.seconds == 10);
    /* A tiny memory cap is raised to what the libraries need. */
    ScriptLimits tiny = {0, 1000, 0};
    Script *s = sandbox(&tiny, NULL);
    assert_healthy(s);
    script_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(numbers_booleans_and_strings),
        cmocka_unit_test(records_and_lists),
        cmocka_unit_test(wrong_return_types),
        cmocka_unit_test(pcall_and_xpcall_still_work),
        cmocka_unit_test(syntax_error_names_file_and_line),
        cmocka_unit_test(runtime_error_names_line_rule_and_unit),
        cmocka_unit_test(error_while_loading),
        cmocka_unit_test(unknown_and_duplicate_functions),
        cmocka_unit_test(dangerous_globals_are_absent),
        cmocka_unit_test(bytecode_is_refused),
        cmocka_unit_test(finalizers_are_refused),
        cmocka_unit_test(string_metatable_and_globals_stay_per_chunk),
        cmocka_unit_test(calls_cannot_keep_state),
        cmocka_unit_test(infinite_loop_is_stopped),
        cmocka_unit_test(pcall_cannot_catch_the_budget),
        cmocka_unit_test(coroutines_do_not_exist),
        cmocka_unit_test(memory_bombs_are_stopped),
        cmocka_unit_test(text_results_count_against_memory),
        cmocka_unit_test(catastrophic_patterns_are_refused),
        cmocka_unit_test(c_loops_the_script_chooses_are_charged),
        cmocka_unit_test(time_budget_covers_the_whole_evaluation),
        cmocka_unit_test(time_is_summed_over_calls),
        cmocka_unit_test(heavy_instructions_cannot_outrun_the_clock),
        cmocka_unit_test(limits_default_and_clamp),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
