/* support.h — helpers shared by the cmocka suites: rule sets and datasets
 * written from strings into a private temporary folder, diagnostics rendered
 * to a string so that messages are pinned exactly. */
#ifndef JH_TEST_SUPPORT_H
#define JH_TEST_SUPPORT_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "diag.h"
#include "rules.h"

/* Moves the process into a fresh temporary folder, so that paths in
 * diagnostics are the short names the tests wrote. */
static inline void enter_temp_dir(void)
{
    char tmpl[] = "/tmp/junheng-test-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    assert_int_equal(chdir(tmpl), 0);
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Writes a JSON text given with ' in place of " (keeps test data readable). */
static inline void write_json(const char *path, const char *text)
{
    char *s = strdup(text);
    assert_non_null(s);
    for (char *p = s; *p; p++)
        if (*p == '\'') *p = '"';
    write_file(path, s);
    free(s);
}

/* Every diagnostic as the CLI prints it in lang; caller frees. */
static inline char *render_in(const DiagList *d, Lang lang)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    diag_print(d, f, lang);
    fclose(f);
    return buf;
}

/* The same in Chinese, the default language; caller frees. */
static inline char *render(const DiagList *d)
{
    return render_in(d, LANG_ZH);
}

/* The fields and stages most tests build on (16 lines: the word list
 * shares the first, so that tests' line numbers start at 17). */
#define PRELUDE \
    "评估学段 小学, 初中   词表 等级 { 不合格 < 合格 < 良好 < 优秀 }\n" \
    "字段 学校 {\n" \
    "    学校类型 枚举(小学, 初中, 九年一贯制, 教学点, 特殊教育学校)\n" \
    "    城乡类型 枚举(城区, 镇区, 乡村)\n" \
    "    面积 数值（平方米） 分摊\n" \
    "    有方案 布尔\n" \
    "    评价 等级\n" \
    "}\n" \
    "字段 学段 {\n" \
    "    学段 枚举(小学, 初中, 高中)\n" \
    "    在校生数 整数（人）\n" \
    "    教师数 整数（人）\n" \
    "    起始年级学生数 整数（人）\n" \
    "    学制年数 整数（年） 默认 小学 6, 初中 3\n" \
    "}\n" \
    "分摊 { 依据 \"测试\" 按 在校生数 权重 小学 1, 初中 1.1, 高中 1.32 }\n"

/* head, then piece for i = 0 .. n-1 formatted with the numbers i + a and
 * i + b (a piece may use neither, one or both), then tail: large rule
 * texts generated in the test rather than kept as files. Caller frees. */
static inline char *repeat_text(const char *head, const char *piece, int n, int a, int b, const char *tail)
{
    size_t cap = strlen(head) + strlen(tail) + 1, len = 0;
    for (int i = 0; i < n; i++) cap += (size_t)snprintf(NULL, 0, piece, i + a, i + b);
    char *text = malloc(cap);
    assert_non_null(text);
    len += (size_t)sprintf(text, "%s", head);
    for (int i = 0; i < n; i++) len += (size_t)sprintf(text + len, piece, i + a, i + b);
    sprintf(text + len, "%s", tail);
    return text;
}

/* Loads rule text written to NAME; *diags_out gets the rendered
 * diagnostics (caller frees). NULL when the rules are invalid. */
static inline RuleSet *rules_from_text(const char *name, const char *text, char **diags_out)
{
    write_file(name, text);
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load(name, &d);
    char *shown = render(&d);
    if (diags_out) *diags_out = shown;
    else free(shown);
    diag_free(&d);
    return rs;
}

/* The level of that name in rs: a record level its rules declare. */
static inline Level level_of(const RuleSet *rs, const char *name)
{
    Level lv = level_by_name(rs, name);
    if (lv == LV_NONE) fail_msg("no level %s", name);
    return lv;
}

/* Asserts that text fails to load with exactly the expected diagnostics,
 * printed in lang. */
static inline void expect_rule_error_in(const char *text, Lang lang, const char *expected)
{
    write_file("t.jh", text);
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load("t.jh", &d);
    char *shown = render_in(&d, lang);
    diag_free(&d);
    if (strcmp(shown, expected) != 0) {
        print_error("expected:\n%s\nactual:\n%s\n", expected, shown);
        fail();
    }
    assert_null(rs);
    free(shown);
}

/* The same in Chinese, the default language. */
static inline void expect_rule_error(const char *text, const char *expected)
{
    expect_rule_error_in(text, LANG_ZH, expected);
}

#endif
