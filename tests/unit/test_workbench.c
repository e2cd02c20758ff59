/* test_workbench.c — the rule workbench behind junheng serve (workbench.h),
 * on a copy of the shipped rule set and the sample dataset: a rule file
 * replaced by edited text (rules_load_with), an edit's diagnostics,
 * evaluation, changes and tests, explanations of either side, the dataset
 * laid out for rules that declare fields differently (datastore.h), and
 * saving: atomic, refused through links, outside the folder, over a file
 * another program changed, or with errors; one undo.
 */
#include "support.h"
#include "workbench.h"
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static char shipped_rules[PATH_MAX], sample_dataset[PATH_MAX];

#define RESOURCES "10-资源配置.jh"
#define FIELDS "01-字段.jh"
#define I1_PRIMARY "标准 小学 >= 4.2"

static int group_setup(void **state)
{
    (void)state;
    if (!realpath("rules/优质均衡", shipped_rules) || !realpath("datasets/lusong-2025-synthetic.json", sample_dataset))
        return -1;
    enter_temp_dir();
    return 0;
}

/* A fresh copy of the shipped rules as 规则/ in a new folder, entered. */
static int copy_rules(void **state)
{
    (void)state;
    enter_temp_dir();
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "cp -R '%s' 规则", shipped_rules);
    return system(cmd) == 0 ? 0 : -1;
}

static char *read_text(const char *path)
{
    Source src;
    if (source_read(&src, path, 1 << 24) != 0) fail_msg("cannot read %s", path);
    free(src.path);
    return src.text;
}

/* text with its first `from` replaced by `to` (caller frees). */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at) fail_msg("'%s' not found", from);
    size_t n = strlen(text) - strlen(from) + strlen(to);
    char *out = malloc(n + 1);
    snprintf(out, n + 1, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

/* The rule file's text with one edit, as the page sends it. */
static char *edited(const char *file, const char *from, const char *to)
{
    char path[256];
    snprintf(path, sizeof path, "规则/%s", file);
    char *text = read_text(path);
    char *out = replaced(text, from, to);
    free(text);
    return out;
}

static Workbench *open_bench(const char *dataset)
{
    DiagList d;
    diag_init(&d);
    Workbench *wb = wb_open("规则", dataset, NULL, LANG_ZH, &d);
    if (!wb) fail_msg("workbench did not open:\n%s", render(&d));
    RunOptions opt = {20251231, 0, 0, 0};
    if (wb_start(wb, &opt, &d) != 0) fail_msg("saved rules did not evaluate:\n%s", render(&d));
    diag_free(&d);
    return wb;
}

/* What a call wrote (caller frees). */
typedef struct Answer {
    char *text;
    size_t len;
    FILE *out;
} Answer;

static FILE *begin(Answer *a)
{
    a->text = NULL;
    return a->out = open_memstream(&a->text, &a->len);
}

static char *end(Answer *a)
{
    fclose(a->out);
    return a->text;
}

static void assert_has(const char *text, const char *part)
{
    if (!strstr(text, part)) fail_msg("expected to find:\n%s\nin:\n%.3000s", part, text);
}

static void assert_lacks(const char *text, const char *part)
{
    if (strstr(text, part)) fail_msg("did not expect:\n%s\nin:\n%.3000s", part, text);
}

static char *edit(Workbench *wb, const char *file, const char *text, WbStatus want)
{
    Answer a;
    assert_int_equal(wb_edit(begin(&a), wb, file, text, strlen(text)), want);
    return end(&a);
}

/* ---- rules_load_with ---- */

static void rules_load_with_replaces_one_file(void **state)
{
    (void)state;
    char *text = edited(RESOURCES, I1_PRIMARY, "标准 小学 >= 5.4");
    DiagList d;
    diag_init(&d);
    RuleSet *disk = rules_load("规则", &d);
    RuleSet *with = rules_load_with("规则", RESOURCES, text, strlen(text), &d);
    assert_int_equal(d.errors, 0);
    assert_true(rules_indicator(disk, "I1")->thresholds[0].number == 4.2);
    assert_true(rules_indicator(with, "I1")->thresholds[0].number == 5.4);
    assert_int_equal(with->nfiles, disk->nfiles);
    assert_int_not_equal(strcmp(with->sha256, disk->sha256), 0);
    /* the file on disk is untouched */
    char *now = read_text("规则/" RESOURCES);
    assert_has(now, I1_PRIMARY);
    free(now);
    /* the same text gives the same rule set */
    char *same = read_text("规则/" RESOURCES);
    RuleSet *again = rules_load_with("规则", RESOURCES, same, strlen(same), &d);
    assert_string_equal(again->sha256, disk->sha256);
    rules_free(disk);
    rules_free(with);
    rules_free(again);
    /* a file the folder does not have is an error */
    assert_null(rules_load_with("规则", "没有.jh", "", 0, &d));
    char *shown = render(&d);
    assert_string_equal(shown, "junheng: 错误: 无法读取 没有.jh：文件或文件夹不存在\n");
    free(shown);
    free(text);
    free(same);
    diag_free(&d);
}

/* ---- editing ---- */

static void edit_reevaluates_and_lists_changes_with_diffs_reasons(void **state)
{
    (void)state;
    Workbench *wb = open_bench(sample_dataset);
    char *text = edited(RESOURCES, I1_PRIMARY, "标准 小学 >= 5.4");
    char *json = edit(wb, RESOURCES, text, WB_OK);
    assert_has(json, "\"valid\": true");
    assert_has(json, "\"errors\": 0");
    /* the evaluation, as eval --format json writes it */
    assert_has(json, "{\"indicator\": \"I1\", \"stage\": \"小学\", \"status\": \"fail\", \"clause\": null, \"value\": 5.353982300884955, \"threshold\": 5.4}");
    /* the change, in diff's words and reasons */
    assert_has(json, "4302030001 芦淞区建设路小学 · I1 · 小学：达标 5.354 → 未达标 5.354（标准改变）");
    assert_has(json, "{\"code\": \"4302030001\", \"indicator\": \"I1\", \"stage\": \"小学\", \"before\": {\"status\": \"pass\"");
    /* an aggregate over I1 changes with it, for its own reason */
    assert_has(json, "4302030009 芦淞区钻石路小学 · RA · 小学：达标 → 未达标（所汇总的指标的结果、数值或标准变化）");
    /* the rule tests ran on the edited rules: the 4.2 boundary tests now fail */
    assert_has(json, "未通过：");
    assert_has(json, "条款覆盖：");
    assert_lacks(json, "\"failed\": 0,");
    free(json);
    /* the saved text again: nothing differs */
    char *saved = read_text("规则/" RESOURCES);
    json = edit(wb, RESOURCES, saved, WB_OK);
    assert_has(json, "没有结果发生变化。");
    assert_has(json, "\"changed\": 0");
    assert_has(json, "\"failed\": 0,");
    free(json);
    free(saved);
    free(text);
    wb_free(wb);
}

static void edit_with_errors_gives_located_diagnostics(void **state)
{
    (void)state;
    Workbench *wb = open_bench(sample_dataset);
    char *text = edited(RESOURCES, I1_PRIMARY, "标准 小学 >= 高于规定");
    char *json = edit(wb, RESOURCES, text, WB_OK);
    assert_has(json, "\"valid\": false");
    assert_has(json, "{\"severity\": \"error\", \"path\": \"规则/10-资源配置.jh\", \"file\": \"10-资源配置.jh\", \"line\": 19, \"col\": 14, ");
    assert_has(json, "\"errors\": 1");
    assert_lacks(json, "\"result\":");
    free(json);
    free(text);
    /* a file that is not one of the rule set's */
    json = edit(wb, "../00-规则集.jh", "", WB_NOT_FOUND);
    assert_string_equal(json, "{\"error\": \"'../00-规则集.jh' 不是本规则集的规则文件\"}\n");
    free(json);
    wb_free(wb);
}

static void explains_either_side(void **state)
{
    (void)state;
    Workbench *wb = open_bench(sample_dataset);
    char *text = edited(RESOURCES, I1_PRIMARY, "标准 小学 >= 5.4");
    free(edit(wb, RESOURCES, text, WB_OK));
    Answer a;
    assert_int_equal(wb_explain(begin(&a), wb, 0, "4302030001", "I1", "小学"), WB_OK);
    char *after = end(&a);
    assert_has(after, "I1 每百名学生拥有高于规定学历教师数 · 小学 · 4302030001 芦淞区建设路小学\n");
    assert_has(after, "值 = 100 * 高于规定学历教师数 / 在校生数 = 5.354，标准 ≥ 5.4 → 未达到");
    assert_has(after, "高于规定学历教师数 = 121 人    ← 学段记录，");
    assert_int_equal(wb_explain(begin(&a), wb, 1, "4302030001", "I1", "小学"), WB_OK);
    char *before = end(&a);
    assert_has(before, "标准 ≥ 4.2 → 达到");
    /* the county: a roll-up, and the CVs of a 差异系数 declaration */
    assert_int_equal(wb_explain(begin(&a), wb, 0, NULL, "I1", NULL), WB_OK);
    char *county = end(&a);
    assert_has(county, "4302030001");
    assert_int_equal(wb_explain(begin(&a), wb, 0, NULL, "校际差异系数", NULL), WB_OK);
    char *cv = end(&a);
    assert_has(cv, "I1");
    /* what is not there */
    assert_int_equal(wb_explain(begin(&a), wb, 0, "999", "I1", NULL), WB_NOT_FOUND);
    char *none = end(&a);
    assert_string_equal(none, "数据集中没有学校代码 999");
    assert_int_equal(wb_explain(begin(&a), wb, 0, "4302030001", "I99", NULL), WB_NOT_FOUND);
    char *no_ind = end(&a);
    assert_string_equal(no_ind, "学校 4302030001 没有符合条件的结果（指标 I99，学段 *）");
    free(after);
    free(before);
    free(county);
    free(cv);
    free(none);
    free(no_ind);
    free(text);
    wb_free(wb);
}

/* ---- the dataset under rules that declare fields otherwise ---- */

static void fields_moved_give_the_same_results(void **state)
{
    (void)state;
    Workbench *wb = open_bench(sample_dataset);
    /* 在校生数 declared last of the stage fields: the later stage slots move */
    char *text = read_text("规则/" FIELDS);
    char *without = replaced(text, "    在校生数              整数（人）  核对合计 班级.学生数 容差 2\n", "");
    char *moved = replaced(without, "}\n\n记录 班级 属于 学校 {", "    在校生数 整数（人） 核对合计 班级.学生数 容差 2\n}\n\n记录 班级 属于 学校 {");
    char *json = edit(wb, FIELDS, moved, WB_OK);
    assert_has(json, "\"valid\": true");
    assert_has(json, "\"warnings\": 0");
    assert_has(json, "没有结果发生变化。");
    free(json);
    /* the words of 城乡类型 in another order: each value keeps its word */
    char *reordered = replaced(moved, "枚举(城区, 镇区, 乡村)", "枚举(乡村, 城区, 镇区)");
    json = edit(wb, FIELDS, reordered, WB_OK);
    assert_has(json, "\"warnings\": 0");
    assert_has(json, "没有结果发生变化。");
    free(json);
    free(reordered);
    free(moved);
    free(without);
    free(text);
    wb_free(wb);
}

/* The records the data was read with are kept by level name: a record
 * level declared before 班级 moves the levels' numbers, not the classes. */
static void record_levels_moved_give_the_same_results(void **state)
{
    (void)state;
    Workbench *wb = open_bench(sample_dataset);
    char *text = read_text("规则/" FIELDS);
    char *moved = replaced(text, "记录 班级 属于 学校 {", "记录 社团 属于 学校 { 名称 文本 }\n\n记录 班级 属于 学校 {");
    char *json = edit(wb, FIELDS, moved, WB_OK);
    assert_has(json, "\"valid\": true");
    assert_has(json, "\"warnings\": 2"); /* 社团's 名称: new since the start (read as missing), and unread (J101) */
    assert_has(json, "没有结果发生变化。");
    free(json);
    free(moved);
    free(text);
    wb_free(wb);
}

static void new_or_retyped_fields_are_warned_about(void **state)
{
    (void)state;
    Workbench *wb = open_bench(sample_dataset);
    /* a field declared after the start was not read: warned, and missing */
    char *text = edited(FIELDS, "    在校生数              整数（人）\n", "    在校生数              整数（人）\n    新字段 整数（人）\n");
    char *json = edit(wb, FIELDS, text, WB_OK);
    assert_has(json, "\"valid\": true");
    assert_has(json, "\"severity\": \"warning\", \"path\": \"规则/01-字段.jh\", \"file\": \"01-字段.jh\"");
    assert_has(json, "\"message\": \"字段 '新字段' 是启动后新声明的或改了类型：数据集是按启动时的规则读入的，在本页中它的值按缺少处理；保存后重新启动 junheng serve 即可读入\"");
    free(json);
    free(text);
    wb_free(wb);
}

static void a_word_no_longer_listed_is_warned_about(void **state)
{
    (void)state;
    assert_int_equal(mkdir("小规则", 0755), 0);
    write_file("小规则/a.jh", PRELUDE
               "指标 B \"面积\" {\n"
               "    依据 \"测试\"\n"
               "    对象 学段\n"
               "    值 = 面积 / 在校生数\n"
               "    标准 小学 >= 4.5, 初中 >= 5.8\n"
               "    例外 E1 \"方案\" { 依据 \"测试\" 条件 城乡类型 属于 (城区, 乡村) 且 有方案 }\n"
               "}\n");
    write_json("d.json", "{'学校': [\n"
               " {'学校代码': 'X1', '学校类型': '小学', '城乡类型': '城区', '有方案': true, '面积': 4000,\n"
               "  '学段': [{'学段': '小学', '在校生数': 1000}]},\n"
               " {'学校代码': 'X2', '学校类型': '小学', '城乡类型': '乡村', '有方案': true, '面积': 4000,\n"
               "  '学段': [{'学段': '小学', '在校生数': 1000}]}]}\n");
    DiagList d;
    diag_init(&d);
    Workbench *wb = wb_open("小规则", "d.json", NULL, LANG_ZH, &d);
    RunOptions opt = {20251231, 0, 0, 0};
    assert_non_null(wb);
    assert_int_equal(wb_start(wb, &opt, &d), 0);
    diag_free(&d);
    /* 乡村 is no longer a word of 城乡类型: X2's value is missing, X1's is read as before */
    char *text = read_text("小规则/a.jh");
    char *less = replaced(text, "城乡类型 枚举(城区, 镇区, 乡村)", "城乡类型 枚举(镇区, 城区, 郊区)");
    char *rule = replaced(less, "属于 (城区, 乡村)", "属于 (城区, 郊区)");
    char *json = edit(wb, "a.jh", rule, WB_OK);
    assert_has(json, "\"valid\": true");
    assert_has(json, "\"severity\": \"warning\", \"path\": \"小规则/a.jh\", \"file\": \"a.jh\", \"line\": 4, \"col\": 5, "
                     "\"column\": null, \"message\": \"字段 '城乡类型' 不再有取值 '乡村'：数据集中这样填写的值在本页中按缺少处理\"");
    assert_has(json, "X2  · B · 小学：认定达标 B.E1 4 → 未达标 4（起决定作用的条款改变");
    free(json);
    free(rule);
    free(less);
    free(text);
    wb_free(wb);
}

static void scripts_run_in_the_sandbox_with_evals_budgets(void **state)
{
    (void)state;
    assert_int_equal(mkdir("脚本规则", 0755), 0);
    write_file("脚本规则/s.lua", "function same(x) return x end\nfunction forever(x) while true do end end\n");
    const char *rules = PRELUDE
        "指标 B \"面积\" {\n"
        "    依据 \"测试\"\n"
        "    对象 学段\n"
        "    值 = same(面积) / 在校生数\n"
        "    标准 小学 >= 4.5, 初中 >= 5.8\n"
        "}\n";
    write_file("脚本规则/a.jh", rules);
    write_json("d.json", "{'学校': [{'学校代码': 'X1', '学校类型': '小学', '面积': 4000, '学段': [{'学段': '小学', '在校生数': 1000}]}]}\n");
    DiagList d;
    diag_init(&d);
    Workbench *wb = wb_open("脚本规则", "d.json", NULL, LANG_ZH, &d);
    RunOptions opt = {20251231, 20000, 0, 0}; /* --lua-instructions 20000 */
    assert_non_null(wb);
    assert_int_equal(wb_start(wb, &opt, &d), 0);
    diag_free(&d);
    /* an edit that calls the endless function: stopped by the budget, reported, nothing evaluated */
    char *text = replaced(rules, "same(面积)", "forever(面积)");
    char *json = edit(wb, "a.jh", text, WB_OK);
    assert_has(json, "\"valid\": false");
    assert_has(json, "{\"severity\": \"error\", \"path\": \"脚本规则/s.lua\", \"file\": null, \"line\": 2, \"col\": 0, \"column\": null, "
                     "\"message\": \"Lua 脚本超过每次调用 20000 条指令的上限（函数 forever，规则 B，学校 X1 小学）\"");
    free(json);
    /* the workbench goes on: the next edit is evaluated in a run of its own */
    json = edit(wb, "a.jh", rules, WB_OK);
    assert_has(json, "\"valid\": true");
    assert_has(json, "没有结果发生变化。");
    free(json);
    free(text);
    wb_free(wb);
}

static void without_a_dataset_rules_are_checked_and_tested(void **state)
{
    (void)state;
    Workbench *wb = open_bench(NULL);
    assert_null(wb_county(wb));
    Answer a;
    wb_session(begin(&a), wb);
    char *session = end(&a);
    assert_has(session, "\"dataset\": null");
    assert_has(session, "[\"规则集\", \"ruleset\"]");
    free(session);
    char *text = edited(RESOURCES, I1_PRIMARY, "标准 小学 >= 5.4");
    char *json = edit(wb, RESOURCES, text, WB_OK);
    assert_has(json, "\"result\": null");
    assert_has(json, "\"changes\": null");
    assert_has(json, "\"tests\": {\"passed\": ");
    free(json);
    free(text);
    assert_int_equal(wb_explain(begin(&a), wb, 0, "4302030001", "I1", NULL), WB_NOT_FOUND);
    free(end(&a));
    wb_free(wb);
}

/* ---- saving ---- */

static char *save(Workbench *wb, const char *file, const char *text, WbStatus want)
{
    Answer a;
    assert_int_equal(wb_save(begin(&a), wb, file, text, strlen(text)), want);
    return end(&a);
}

static void no_temporary_file_left(void)
{
    char *listing = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&listing, &n);
    FILE *ls = popen("ls -A 规则", "r");
    char line[512];
    while (fgets(line, sizeof line, ls)) fputs(line, f);
    pclose(ls);
    fclose(f);
    assert_lacks(listing, "junheng-");
    free(listing);
}

static void save_writes_atomically_runs_the_tests_and_undoes_once(void **state)
{
    (void)state;
    char *original = read_text("规则/" RESOURCES);
    assert_int_equal(chmod("规则/" RESOURCES, 0640), 0);
    Workbench *wb = open_bench(sample_dataset);
    char *text = edited(RESOURCES, I1_PRIMARY, "标准 小学 >= 5.4");
    char *json = save(wb, RESOURCES, text, WB_OK);
    assert_has(json, "{\"saved\": \"10-资源配置.jh\", \"text\": ");
    assert_has(json, "\"tests\": {\"passed\": ");
    assert_has(json, "未通过：");
    free(json);
    char *now = read_text("规则/" RESOURCES);
    assert_string_equal(now, text);
    free(now);
    struct stat st;
    assert_int_equal(stat("规则/" RESOURCES, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    no_temporary_file_left();
    /* the saved side is now the edit: an explanation without an edit uses it */
    Answer a;
    assert_int_equal(wb_explain(begin(&a), wb, 1, "4302030001", "I1", "小学"), WB_OK);
    char *why = end(&a);
    assert_has(why, "标准 ≥ 5.4 → 未达到");
    free(why);
    /* one undo brings the replaced bytes back */
    assert_int_equal(wb_undo(begin(&a), wb), WB_OK);
    json = end(&a);
    assert_has(json, "{\"undone\": \"10-资源配置.jh\", \"text\": ");
    assert_has(json, "\"failed\": 0,");
    free(json);
    now = read_text("规则/" RESOURCES);
    assert_string_equal(now, original);
    free(now);
    assert_int_equal(wb_undo(begin(&a), wb), WB_CONFLICT);
    json = end(&a);
    assert_string_equal(json, "{\"error\": \"没有可以撤销的保存\"}\n");
    free(json);
    free(text);
    free(original);
    wb_free(wb);
}

static void save_refuses_invalid_rules_and_other_files(void **state)
{
    (void)state;
    char *original = read_text("规则/" RESOURCES);
    Workbench *wb = open_bench(sample_dataset);
    char *bad = edited(RESOURCES, I1_PRIMARY, "标准 小学 >= ");
    char *json = save(wb, RESOURCES, bad, WB_INVALID);
    assert_has(json, "{\"error\": \"规则有 1 个错误，没有保存\", \"state\": {\"file\": \"10-资源配置.jh\", \"valid\": false");
    free(json);
    char *now = read_text("规则/" RESOURCES);
    assert_string_equal(now, original);
    free(now);
    /* a path out of the folder is no rule file of the set */
    write_file("外面.jh", "# 外面\n");
    json = save(wb, "../外面.jh", original, WB_NOT_FOUND);
    assert_string_equal(json, "{\"error\": \"'../外面.jh' 不是本规则集的规则文件\"}\n");
    free(json);
    json = save(wb, "/etc/passwd", original, WB_NOT_FOUND);
    assert_string_equal(json, "{\"error\": \"'/etc/passwd' 不是本规则集的规则文件\"}\n");
    free(json);
    now = read_text("外面.jh");
    assert_string_equal(now, "# 外面\n");
    free(now);
    /* nothing to undo after refusals */
    Answer a;
    assert_int_equal(wb_undo(begin(&a), wb), WB_CONFLICT);
    free(end(&a));
    free(bad);
    free(original);
    wb_free(wb);
}

static void save_refuses_a_link_out_of_the_folder(void **state)
{
    (void)state;
    /* a rule file that is a link to a file outside the rule folder */
    char *resources = read_text("规则/" RESOURCES);
    write_file("外面.jh", resources);
    assert_int_equal(remove("规则/" RESOURCES), 0);
    assert_int_equal(symlink("../外面.jh", "规则/" RESOURCES), 0);
    Workbench *wb = open_bench(sample_dataset);
    char *text = replaced(resources, I1_PRIMARY, "标准 小学 >= 5.4");
    char *json = save(wb, RESOURCES, text, WB_REFUSED);
    assert_string_equal(json, "{\"error\": \"'10-资源配置.jh' 是符号链接（指向 ../外面.jh）：保存只写规则文件夹中的普通文件\"}\n");
    free(json);
    char *outside = read_text("外面.jh");
    assert_string_equal(outside, resources);
    free(outside);
    struct stat st;
    assert_int_equal(lstat("规则/" RESOURCES, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    free(text);
    free(resources);
    wb_free(wb);
}

static void save_refuses_a_file_changed_on_disk(void **state)
{
    (void)state;
    Workbench *wb = open_bench(sample_dataset);
    char *theirs = edited(RESOURCES, "# 资源配置", "# 资源配置（另一个编辑器改过）");
    write_file("规则/" RESOURCES, theirs);
    char *mine = replaced(theirs, I1_PRIMARY, "标准 小学 >= 5.4");
    char *json = save(wb, RESOURCES, mine, WB_CONFLICT);
    assert_string_equal(json, "{\"error\": \"'10-资源配置.jh' 在打开之后被其他程序改过：为免覆盖别人的修改，没有保存；请重新载入页面\"}\n");
    free(json);
    char *now = read_text("规则/" RESOURCES);
    assert_string_equal(now, theirs);
    free(now);
    free(mine);
    free(theirs);
    wb_free(wb);
}

static void invalid_rules_or_dataset_do_not_open(void **state)
{
    (void)state;
    write_file("规则/" RESOURCES, "指标 {\n");
    DiagList d;
    diag_init(&d);
    assert_null(wb_open("规则", sample_dataset, NULL, LANG_ZH, &d));
    assert_true(d.errors > 0);
    diag_free(&d);
    diag_init(&d);
    assert_null(wb_open("没有这个文件夹", NULL, NULL, LANG_ZH, &d));
    char *shown = render(&d);
    assert_string_equal(shown, "junheng: 错误: 无法读取 没有这个文件夹：文件或文件夹不存在\n");
    free(shown);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(rules_load_with_replaces_one_file, copy_rules),
        cmocka_unit_test_setup(edit_reevaluates_and_lists_changes_with_diffs_reasons, copy_rules),
        cmocka_unit_test_setup(edit_with_errors_gives_located_diagnostics, copy_rules),
        cmocka_unit_test_setup(explains_either_side, copy_rules),
        cmocka_unit_test_setup(fields_moved_give_the_same_results, copy_rules),
        cmocka_unit_test_setup(record_levels_moved_give_the_same_results, copy_rules),
        cmocka_unit_test_setup(new_or_retyped_fields_are_warned_about, copy_rules),
        cmocka_unit_test_setup(a_word_no_longer_listed_is_warned_about, copy_rules),
        cmocka_unit_test_setup(scripts_run_in_the_sandbox_with_evals_budgets, copy_rules),
        cmocka_unit_test_setup(without_a_dataset_rules_are_checked_and_tested, copy_rules),
        cmocka_unit_test_setup(save_writes_atomically_runs_the_tests_and_undoes_once, copy_rules),
        cmocka_unit_test_setup(save_refuses_invalid_rules_and_other_files, copy_rules),
        cmocka_unit_test_setup(save_refuses_a_link_out_of_the_folder, copy_rules),
        cmocka_unit_test_setup(save_refuses_a_file_changed_on_disk, copy_rules),
        cmocka_unit_test_setup(invalid_rules_or_dataset_do_not_open, copy_rules),
    };
    return cmocka_run_group_tests(tests, group_setup, NULL);
}
