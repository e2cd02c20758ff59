/* test_parser.c — the grammar, and syntax errors pinned exactly (message,
 * location, source line and caret). */
#include "support.h"
#include "limits.h"

static int setup(void **state)
{
    (void)state;
    enter_temp_dir();
    return 0;
}

static void parses_indicator_with_exceptions(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "指标 I4 \"生均面积\" {\n"
        "    对象 学段\n"
        "    依据 \"附件2 第4项\"\n"
        "    值 = 面积 / 在校生数\n"
        "    标准 小学 >= 4.5, 初中 >= 5.8\n"
        "    例外 E1 \"一校一案\" { 依据 \"情形1\" 条件 城乡类型 == 城区 且 有方案 }\n"
        "    例外 E2 \"起始年级\" { 依据 \"情形2\" 值 = 面积 / (起始年级学生数 * 学制年数) }\n"
        "}\n", &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    Indicator *ind = rules_indicator(rs, "I4");
    assert_non_null(ind);
    assert_string_equal(ind->title, "生均面积");
    assert_int_equal(ind->scope, LV_STAGE);
    assert_int_equal(ind->nthresholds, 2);
    assert_true(ind->thresholds[1].number == 5.8);
    assert_int_equal(ind->thresholds[1].op, T_GE);
    assert_int_equal(ind->nexceptions, 2);
    assert_string_equal(ind->exceptions[1].qualified, "I4.E2");
    assert_non_null(ind->exceptions[0].cond);
    assert_null(ind->exceptions[0].value);
    assert_non_null(ind->exceptions[1].value);
    rules_free(rs);
    free(shown);
}

static void english_keywords_parse_the_same(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "indicator I1 \"per 100 students\" {\n"
        "    scope 学段\n"
        "    source \"annex 2 item 1\"\n"
        "    value = 100 * 教师数 / 在校生数\n"
        "    threshold 小学 >= 4.2, other >= 5.3\n"
        "    exception E1 \"rural\" { source \"x\" condition 城乡类型 == 乡村 and not 有方案 }\n"
        "}\n", &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    Indicator *ind = rules_indicator(rs, "I1");
    assert_int_equal(ind->thresholds[1].key_index, -1);
    assert_int_equal(ind->exceptions[0].cond->kind, E_AND);
    assert_int_equal(ind->exceptions[0].cond->b->kind, E_NOT);
    rules_free(rs);
    free(shown);
}

static void precedence_of_operators(void **state)
{
    (void)state;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "指标 X \"x\" { 对象 学段 依据 \"x\" 条件 有方案 或 教师数 + 1 * 2 >= 3 且 非 有方案 }\n", NULL);
    assert_non_null(rs);
    const Expr *e = rules_indicator(rs, "X")->cond;
    assert_int_equal(e->kind, E_OR);           /* 或 binds loosest */
    assert_int_equal(e->b->kind, E_AND);       /* then 且 */
    assert_int_equal(e->b->a->kind, E_COMPARE);
    assert_int_equal(e->b->a->a->op, T_PLUS);  /* + above the comparison */
    assert_int_equal(e->b->a->a->b->op, T_STAR);
    assert_int_equal(e->b->b->kind, E_NOT);
    rules_free(rs);
}

/* 若 … 则 … 否则 …: each branch runs to the next keyword, an else may be
 * another conditional, and inside an operation it is written in
 * parentheses; its height counts its branches. */
static void conditional_expressions(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "定义 甲 = 若 有方案 则 教师数 + 1 否则 若 城乡类型 == 城区 则 2 否则 3\n"
        "定义 乙 = 1 + (if 有方案 then 教师数 else 0) * 2\n"
        "指标 X \"x\" { 对象 学段 依据 \"x\" 值 = 甲 + 乙 标准 >= 1 }\n", &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    const Expr *e = rules_indicator(rs, "X")->value->a->define->expr;
    assert_int_equal(e->kind, E_IF);
    assert_int_equal(e->a->kind, E_FIELD);
    assert_int_equal(e->b->kind, E_ARITH);   /* 教师数 + 1: the then branch runs to 否则 */
    assert_int_equal(e->c->kind, E_IF);      /* else if */
    assert_int_equal(e->c->a->kind, E_COMPARE);
    assert_int_equal(e->height, 4);          /* 若, 若, 城乡类型 == 城区, 城乡类型 */
    const Expr *f = rules_indicator(rs, "X")->value->b->define->expr;
    assert_int_equal(f->op, T_PLUS);
    assert_int_equal(f->b->op, T_STAR);
    assert_int_equal(f->b->a->kind, E_IF);  /* the parentheses make it an operand */
    rules_free(rs);
    free(shown);
}

static void conditional_without_else(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "定义 甲 = 若 有方案 则 1\n"
        "指标 X \"x\" { 对象 学段 依据 \"x\" 值 = 甲 标准 >= 1 }\n",
        "t.jh:18:1: 错误: 此处应为'否则'，实际是 '指标'\n"
        "  指标 X \"x\" { 对象 学段 依据 \"x\" 值 = 甲 标准 >= 1 }\n"
        "  ^\n");
}

static void conditional_without_then(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "定义 甲 = if 有方案 1 else 2\n",
        "t.jh:17:15: 错误: 此处应为'则'，实际是 '1'\n"
        "  定义 甲 = if 有方案 1 else 2\n"
        "                      ^\n");
}

/* 说明 "…" describes a field; it may come before or after 分摊 and 默认,
 * once. */
static void field_descriptions(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "字段 学校 {\n"
        "    减少数 整数（人） 说明 \"休学、转出、退学和死亡等正常减少的学生数\"\n"
        "    总数 整数 默认 1 description \"with a default\"\n"
        "    经费 数值 说明 \"before split\" 分摊\n"
        "    备用 布尔\n"
        "}\n", &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    assert_string_equal(rules_field(rs, LV_SCHOOL, "减少数")->description, "休学、转出、退学和死亡等正常减少的学生数");
    assert_string_equal(rules_field(rs, LV_SCHOOL, "减少数")->unit, "人");
    const FieldDecl *total = rules_field(rs, LV_SCHOOL, "总数");
    assert_string_equal(total->description, "with a default");
    assert_int_equal(total->ndefaults, 1);
    assert_true(rules_field(rs, LV_SCHOOL, "经费")->split);
    assert_null(rules_field(rs, LV_SCHOOL, "备用")->description);
    rules_free(rs);
    free(shown);
    expect_rule_error(PRELUDE "字段 学校 { 减少数 整数 说明 \"甲\" 说明 \"乙\" }\n",
        "t.jh:17:23: 错误: '说明' 重复出现（第一次在第 17 行）\n"
        "  字段 学校 { 减少数 整数 说明 \"甲\" 说明 \"乙\" }\n"
        "                                    ^\n");
}

/* 词表: words lowest first, joined by <; each may have other spellings in
 * parentheses (names, numbers as written, quoted texts). A field names the
 * list as its type, the checker gives it the list's words. */
static void word_lists(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "words 水平 { Ⅰ（I、1） < Ⅱ(II, 2, \"二级\") < Ⅲ < Ⅳ（IV） }\n"
        "字段 学校 { 监测 水平 }\n", &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    assert_int_equal(rs->nword_lists, 2); /* PRELUDE's 等级, and 水平 */
    const WordList *wl = rs->word_lists[1];
    assert_string_equal(wl->name, "水平");
    assert_int_equal(wl->nwords, 4);
    assert_string_equal(wl->words[2], "Ⅲ");
    assert_int_equal(wl->naliases, 6);
    assert_string_equal(wl->aliases[1], "1");
    assert_int_equal(wl->alias_word[1], 0);
    assert_string_equal(wl->aliases[4], "二级");
    assert_int_equal(wl->alias_word[4], 1);
    assert_int_equal(wl->alias_word[5], 3);
    const FieldDecl *f = rules_field(rs, LV_SCHOOL, "监测");
    assert_int_equal(f->decl, DECL_WORDS);
    assert_ptr_equal(f->list, wl);
    assert_int_equal(f->nwords, 4);
    rules_free(rs);
    free(shown);
    expect_rule_error(PRELUDE "词表 水平 { Ⅰ, Ⅱ }\n",
        "t.jh:17:10: 错误: 此处应为 '}'（与第 17 行的 '{' 配对），实际是 ','\n"
        "  词表 水平 { Ⅰ, Ⅱ }\n"
        "               ^\n");
}

static void percent_and_full_width_punctuation(void **state)
{
    (void)state;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "参数 比例下限 = 85%\n"
        "指标 X \"x\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 ≥ 比例下限，初中 ≥ 0.85 }\n", NULL);
    assert_non_null(rs);
    Indicator *x = rules_indicator(rs, "X");
    assert_true(x->thresholds[0].number == 0.85);
    assert_true(x->thresholds[1].number == 0.85);
    rules_free(rs);
}

static void missing_closing_brace(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" {\n"
        "    对象 学段\n"
        "指标 I2 \"b\" { 对象 学段 }\n",
        "t.jh:19:1: 错误: 此处应为 '}'（与第 17 行的 '{' 配对），实际是 '指标'\n"
        "  指标 I2 \"b\" { 对象 学段 }\n"
        "  ^\n");
}

static void missing_expression(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 100 * (教师数 + ) 标准 >= 1 }\n",
        "t.jh:17:43: 错误: 此处应为表达式，实际是 ')'\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 100 * (教师数 + ) 标准 >= 1 }\n"
        "                                                        ^\n");
}

static void unclosed_parenthesis(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = (教师数 / 在校生数 标准 >= 1 }\n",
        "t.jh:17:42: 错误: 此处应为 ')'（与第 17 行的 '(' 配对），实际是 '标准'\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = (教师数 / 在校生数 标准 >= 1 }\n"
        "                                                           ^\n");
}

static void attribute_in_the_wrong_block(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 限值 <= 0.5 }\n",
        "t.jh:17:19: 错误: '指标' 中不能写 '限值'\n"
        "  指标 I1 \"a\" { 对象 学段 限值 <= 0.5 }\n"
        "                          ^\n");
}

static void attribute_given_twice(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" {\n"
        "    依据 \"x\"\n"
        "    依据 \"y\"\n"
        "}\n",
        "t.jh:19:5: 错误: '依据' 重复出现（第一次在第 18 行）\n"
        "      依据 \"y\"\n"
        "      ^\n");
}

static void not_a_declaration(void **state)
{
    (void)state;
    expect_rule_error("指标I1 \"a\" {}\n",
        "t.jh:1:1: 错误: 此处应为声明（规则集、字段、记录、词表、参数、定义、指标、差异系数、类别、分摊、评估学段、学段构成、容差、脚本限制、测试），实际是 '指标I1'\n"
        "  指标I1 \"a\" {}\n"
        "  ^\n");
}

static void errors_in_two_declarations_are_both_reported(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh",
        "参数 a = \n"
        "参数 b = 1\n"
        "指标 I1 {\n", &shown);
    assert_null(rs);
    assert_string_equal(shown,
        "t.jh:2:1: 错误: 此处应为表达式，实际是 '参数'\n"
        "  参数 b = 1\n"
        "  ^\n"
        "t.jh:3:7: 错误: 此处应为带引号的文字，实际是 '{'\n"
        "  指标 I1 {\n"
        "          ^\n");
    free(shown);
}

static void nesting_limit_is_reported(void **state)
{
    (void)state;
    char text[4096] = "参数 a = ";
    for (int i = 0; i < 80; i++) strcat(text, "(");
    strcat(text, "1");
    for (int i = 0; i < 80; i++) strcat(text, ")");
    strcat(text, "\n");
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    assert_null(rs);
    assert_non_null(strstr(shown, "t.jh:1:72: 错误: 表达式嵌套超过 64 层\n"));
    free(shown);
}

/* Asserts that text fails to load with exactly expected (a format taking
 * one int), and frees text. */
static void expect_generated_error(char *text, const char *expected_format, int arg)
{
    char expected[512];
    snprintf(expected, sizeof expected, expected_format, arg);
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    if (strcmp(shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, shown);
    assert_null(rs);
    free(shown);
    free(text);
}

/* 定义 甲 = 1 + 1 + … with 40 000 terms (160 KB) is built by a loop, not
 * by recursion; its tree is refused where it grows deeper than the
 * evaluator may walk (the line is too long to show). */
static void flat_chain_of_40000_terms(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "定义 甲 = 1", " + 1", 40000, 0, 0, "\n"),
                           "t.jh:17:%d: 错误: 表达式超过 256 层运算（连续的 a + b + … 每个运算符算一层）\n",
                           8 + 4 * JH_MAX_EVAL_DEPTH);
}

/* A tree the evaluator may walk: with the indicator's name of the
 * definition above it, exactly as deep as the bound. */
static void flat_chain_at_the_bound_loads(void **state)
{
    (void)state;
    char *text = repeat_text(PRELUDE "定义 甲 = 1", " + 1", JH_MAX_EVAL_DEPTH - 2, 0, 0,
                             "\n指标 X \"x\" { 对象 学段 依据 \"y\" 值 = 甲 标准 >= 1 }\n");
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    assert_int_equal(rules_indicator(rs, "X")->value->define->expr->height, JH_MAX_EVAL_DEPTH - 1);
    rules_free(rs);
    free(shown);
    free(text);
}

static void unary_minus_40000_times(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "定义 甲 = ", "-", 40000, 0, 0, "1\n"),
                           "t.jh:17:%d: 错误: 表达式嵌套超过 64 层\n", 7 + JH_MAX_EXPR_DEPTH);
}

static void not_100000_times(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "定义 甲 = ", "非 ", 100000, 0, 0, "是\n"),
                           "t.jh:17:%d: 错误: 表达式嵌套超过 64 层\n", 6 + 2 * JH_MAX_EXPR_DEPTH);
}

/* An else-if chain 40 000 long nests one level a conditional: refused at
 * the nesting limit, not by a stack overflow. */
static void conditional_chain_40000_long(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "定义 甲 = ", "若 是 则 1 否则 ", 40000, 0, 0, "1\n"),
                           "t.jh:17:%d: 错误: 表达式嵌套超过 64 层\n", 8 + 11 * (JH_MAX_EXPR_DEPTH - 1) + 2); /* at the 是 of the 64th 若 */
}

static void unknown_script_limit(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "脚本限制 指令 1000000, 步数 5000\n",
        "t.jh:17:18: 错误: 未知的脚本限制 '步数'（可用：指令、内存、时间）\n"
        "  脚本限制 指令 1000000, 步数 5000\n"
        "                         ^\n");
}

/* A rule file cannot raise the Lua budgets above the engine's ceilings:
 * 脚本限制 指令 999999999999999 let an endless loop run unbounded. */
static void script_limit_above_its_ceiling(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE "脚本限制 指令 999999999999999\n",
        "t.jh:17:9: 错误: 脚本限制 指令 须是整数，大于 0 且不超过 100000000\n"
        "  脚本限制 指令 999999999999999\n"
        "                ^\n");
    expect_rule_error(PRELUDE "脚本限制 指令 1000000, 内存 1025\n",
        "t.jh:17:21: 错误: 脚本限制 内存 须是数值，大于 0 且不超过 1024\n"
        "  脚本限制 指令 1000000, 内存 1025\n"
        "                              ^\n");
    expect_rule_error(PRELUDE "脚本限制 时间 600.5\n",
        "t.jh:17:9: 错误: 脚本限制 时间 须是数值，大于 0 且不超过 600\n"
        "  脚本限制 时间 600.5\n"
        "                ^\n");
}

static void script_limit_not_positive(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE "脚本限制 时间 0\n",
        "t.jh:17:9: 错误: 脚本限制 时间 须是数值，大于 0 且不超过 600\n"
        "  脚本限制 时间 0\n"
        "                ^\n");
    expect_rule_error(PRELUDE "脚本限制 内存 0%\n",
        "t.jh:17:9: 错误: 脚本限制 内存 须是数值，大于 0 且不超过 1024\n"
        "  脚本限制 内存 0%\n"
        "                ^\n");
}

/* A number too large for a double reads as infinity. */
static void script_limit_not_finite(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE "script_limits seconds 1e999\n",
        "t.jh:17:23: 错误: 脚本限制 seconds 须是数值，大于 0 且不超过 600\n"
        "  script_limits seconds 1e999\n"
        "                        ^\n");
}

/* Instructions are counted: half a one is no budget (it read as the default). */
static void script_instructions_not_whole(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE "脚本限制 指令 0.5\n",
        "t.jh:17:9: 错误: 脚本限制 指令 须是整数，大于 0 且不超过 100000000\n"
        "  脚本限制 指令 0.5\n"
        "                ^\n");
}

static void script_limits_at_their_ceilings(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE "脚本限制 指令 100000000, 内存 1024, 时间 600\n", &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    assert_true(rs->limits[0] == (double)JH_MAX_LUA_INSTRUCTIONS);
    assert_true(rs->limits[1] == JH_MAX_LUA_MEMORY_MIB);
    assert_true(rs->limits[2] == JH_MAX_LUA_SECONDS);
    rules_free(rs);
    free(shown);
}

/* A relative tolerance of 1 or more (or infinity) makes every comparison hold. */
static void tolerance_of_one_or_more(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE "容差 1e999\n",
        "t.jh:17:4: 错误: 容差是相对的，须小于 1（如 1e-9）：到 1 时同号的任意两个数都算相等\n"
        "  容差 1e999\n"
        "       ^\n");
    expect_rule_error(PRELUDE "容差 1\n",
        "t.jh:17:4: 错误: 容差是相对的，须小于 1（如 1e-9）：到 1 时同号的任意两个数都算相等\n"
        "  容差 1\n"
        "       ^\n");
}

/* A rule file over the size limit is refused before it is read: the file is
 * made sparse at one byte past the limit, so the test writes nothing. */
static void rule_file_over_the_size_limit(void **state)
{
    (void)state;
    FILE *f = fopen("big.jh", "wb");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(truncate("big.jh", (off_t)JH_MAX_RULE_FILE_BYTES + 1), 0);
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load("big.jh", &d);
    char *shown = render(&d);
    char expected[128];
    snprintf(expected, sizeof expected, "junheng: 错误: big.jh 超过 %u 字节的上限\n", JH_MAX_RULE_FILE_BYTES);
    assert_string_equal(shown, expected);
    assert_null(rs);
    free(shown);
    diag_free(&d);
    remove("big.jh");
}

/* Positions of an indexed source (marks every JH_SOURCE_MARK_STEP bytes)
 * are those counted from the start: on every byte of a text with long
 * lines, short lines, wide characters, and a stray byte before a line break. */
static void indexed_positions_agree_with_counting_from_the_start(void **state)
{
    (void)state;
    size_t cap = 8 * JH_SOURCE_MARK_STEP, len = 0;
    char *text = malloc(cap + 1);
    assert_non_null(text);
    static const char *const pieces[] = {"定义 甲 = 1\n", "且", "ab", "\n", "\xE4\n", "“中文”", "\n\n"};
    for (unsigned k = 0; len + 16 < cap; k = (k * 7 + 3) % 11) {
        const char *piece = pieces[k % 7];
        memcpy(text + len, piece, strlen(piece));
        len += strlen(piece);
    }
    text[len] = '\0';
    Source plain = {.path = "p", .text = text, .len = len};
    Source indexed = plain;
    source_index(&indexed);
    assert_true(indexed.nmarks > 4);
    for (size_t off = 0; off <= len + 1; off++) {
        int l1, c1, l2, c2;
        source_position(&plain, off, &l1, &c1);
        source_position(&indexed, off, &l2, &c2);
        if (l1 != l2 || c1 != c2) fail_msg("offset %zu: %d:%d counted, %d:%d from marks", off, l1, c1, l2, c2);
    }
    free(indexed.marks);
    free(text);
}

static void english_messages(void **state)
{
    (void)state;
    expect_rule_error_in(PRELUDE "script_limits instructions 1e9\n", LANG_EN,
        "t.jh:17:28: error: script limit instructions must be a whole number, above 0 and at most 100000000\n"
        "  script_limits instructions 1e9\n"
        "                             ^\n");
    expect_rule_error_in(PRELUDE
        "indicator I1 \"a\" { scope 学段 value = ( }\n", LANG_EN,
        "t.jh:17:39: error: expected an expression, found '}'\n"
        "  indicator I1 \"a\" { scope 学段 value = ( }\n"
        "                                          ^\n");
    /* keyword and token names follow the language the message is printed in */
    const char *twice = PRELUDE "indicator I1 \"a\" { scope 学段 scope 学校 }\n";
    expect_rule_error_in(twice, LANG_EN,
        "t.jh:17:29: error: 'scope' given twice (first at line 17)\n"
        "  indicator I1 \"a\" { scope 学段 scope 学校 }\n"
        "                                ^\n");
    expect_rule_error_in(twice, LANG_ZH,
        "t.jh:17:29: 错误: '对象' 重复出现（第一次在第 17 行）\n"
        "  indicator I1 \"a\" { scope 学段 scope 学校 }\n"
        "                                ^\n");
    const char *cut = PRELUDE "indicator I1 \"a\" { scope";
    expect_rule_error_in(cut, LANG_EN,
        "t.jh:17:25: error: expected a name, found end of file\n"
        "  indicator I1 \"a\" { scope\n"
        "                          ^\n");
    expect_rule_error_in(cut, LANG_ZH,
        "t.jh:17:25: 错误: 此处应为名称，实际是 文件结尾\n"
        "  indicator I1 \"a\" { scope\n"
        "                          ^\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parses_indicator_with_exceptions),
        cmocka_unit_test(english_keywords_parse_the_same),
        cmocka_unit_test(precedence_of_operators),
        cmocka_unit_test(conditional_expressions),
        cmocka_unit_test(conditional_without_else),
        cmocka_unit_test(conditional_without_then),
        cmocka_unit_test(field_descriptions),
        cmocka_unit_test(word_lists),
        cmocka_unit_test(percent_and_full_width_punctuation),
        cmocka_unit_test(missing_closing_brace),
        cmocka_unit_test(missing_expression),
        cmocka_unit_test(unclosed_parenthesis),
        cmocka_unit_test(attribute_in_the_wrong_block),
        cmocka_unit_test(attribute_given_twice),
        cmocka_unit_test(not_a_declaration),
        cmocka_unit_test(errors_in_two_declarations_are_both_reported),
        cmocka_unit_test(nesting_limit_is_reported),
        cmocka_unit_test(flat_chain_of_40000_terms),
        cmocka_unit_test(flat_chain_at_the_bound_loads),
        cmocka_unit_test(unary_minus_40000_times),
        cmocka_unit_test(not_100000_times),
        cmocka_unit_test(conditional_chain_40000_long),
        cmocka_unit_test(unknown_script_limit),
        cmocka_unit_test(script_limit_above_its_ceiling),
        cmocka_unit_test(script_limit_not_positive),
        cmocka_unit_test(script_limit_not_finite),
        cmocka_unit_test(script_instructions_not_whole),
        cmocka_unit_test(script_limits_at_their_ceilings),
        cmocka_unit_test(tolerance_of_one_or_more),
        cmocka_unit_test(rule_file_over_the_size_limit),
        cmocka_unit_test(indexed_positions_agree_with_counting_from_the_start),
        cmocka_unit_test(english_messages),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
