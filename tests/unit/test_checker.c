/* test_checker.c — every static check of a rule set, each message pinned
 * exactly as a policy officer sees it (generated from reviewed output). */
#include "support.h"

static int setup(void **state)
{
    (void)state;
    enter_temp_dir();
    return 0;
}

static void unknown_name(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "indicator I1 \"a\" { scope 学段 source \"x\" value = 教师 / 在校生数 threshold >= 1 }\n",
        "t.jh:17:48: 错误: 未声明的名称 '教师'\n"
        "  indicator I1 \"a\" { scope 学段 source \"x\" value = 教师 / 在校生数 threshold >= 1 }\n"
        "                                                   ^\n");
}

static void unknown_name_hints_at_spaces(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 条件 有方案且有方案 }\n",
        "t.jh:17:29: 错误: 未声明的名称 '有方案且有方案'（'且'、'或'、'非' 两侧需要空格）\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 条件 有方案且有方案 }\n"
        "                                        ^\n");
}

static void enum_word_hints_at_spaces(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 城乡类型==城区且有方案 }\n",
        "t.jh:17:35: 错误: '城区且有方案' 不是 城乡类型 的取值（可用：城区、镇区、乡村；'且'、'或'、'非' 两侧需要空格）\n"
        "  指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 城乡类型==城区且有方案 }\n"
        "                                                  ^\n");
}

static void duplicate_indicator_id(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 条件 有方案 }\n"
        "指标 I1 \"b\" { 对象 学段 依据 \"x\" 条件 有方案 }\n",
        "t.jh:18:4: 错误: 'I1' 重复声明（第一次在 t.jh:17）\n"
        "  指标 I1 \"b\" { 对象 学段 依据 \"x\" 条件 有方案 }\n"
        "       ^\n");
}

static void duplicate_exception_id(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 >= 1\n"
        "  例外 E1 \"p\" { 依据 \"x\" 条件 有方案 }\n"
        "  例外 E1 \"q\" { 依据 \"x\" 条件 有方案 } }\n",
        "t.jh:19:3: 错误: 'I1.E1' 重复声明（第一次在 t.jh:18）\n"
        "    例外 E1 \"q\" { 依据 \"x\" 条件 有方案 } }\n"
        "    ^\n");
}

static void duplicate_field(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 学段 { 教师数 整数 }\n",
        "t.jh:17:9: 错误: '教师数' 重复声明（第一次在 t.jh:12）\n"
        "  字段 学段 { 教师数 整数 }\n"
        "              ^\n");
}

static void missing_threshold_for_a_stage(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 >= 1 }\n",
        "t.jh:17:37: 错误: 指标 I1 缺少 初中 的标准\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 >= 1 }\n"
        "                                                    ^\n");
}

static void threshold_for_an_unknown_stage(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 >= 1, 高级 >= 2 }\n",
        "t.jh:17:46: 错误: '高级' 不是 学段 的取值（可用：小学、初中、高中）\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 >= 1, 高级 >= 2 }\n"
        "                                                               ^\n"
        "t.jh:17:37: 错误: 指标 I1 缺少 初中 的标准\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 >= 1, 高级 >= 2 }\n"
        "                                                    ^\n");
}

static void value_without_threshold(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 }\n",
        "t.jh:17:4: 错误: 指标 I1 有 值 但没有 标准\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 }\n"
        "       ^\n");
}

static void indicator_without_test(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" }\n",
        "t.jh:17:4: 错误: 指标 I1 既没有 值 与 标准，也没有 条件\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" }\n"
        "       ^\n");
}

static void missing_citations(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 条件 有方案 例外 E1 \"e\" { 条件 有方案 } }\n",
        "t.jh:17:4: 错误: I1 缺少 '依据'\n"
        "  指标 I1 \"a\" { 对象 学段 条件 有方案 例外 E1 \"e\" { 条件 有方案 } }\n"
        "       ^\n"
        "t.jh:17:26: 错误: I1.E1 缺少 '依据'\n"
        "  指标 I1 \"a\" { 对象 学段 条件 有方案 例外 E1 \"e\" { 条件 有方案 } }\n"
        "                                      ^\n");
}

static void arithmetic_on_a_boolean(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 有方案 + 1 标准 >= 1 }\n",
        "t.jh:17:30: 错误: '+' 需要数值，但这里给出的是是否判断\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 有方案 + 1 标准 >= 1 }\n"
        "                                        ^\n");
}

static void condition_must_be_boolean(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 条件 教师数 }\n",
        "t.jh:17:29: 错误: '条件' 需要是否判断，但这里给出的是数值\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 条件 教师数 }\n"
        "                                        ^\n");
}

static void school_indicator_reads_stage_field(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 教师数 > 1 }\n",
        "t.jh:17:29: 错误: I1 的对象是 学校，不能读取 '教师数'（属于 学段 层级）\n"
        "  指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 教师数 > 1 }\n"
        "                                        ^\n");
}

static void stage_indicator_reads_county_field(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 县级 { 县值 数值 }\n"
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 县值 标准 >= 1 }\n",
        "t.jh:18:29: 错误: A 的对象是 学段，不能读取县级字段 '县值'（逐校评估时县级数据可能尚未读到）\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 县值 标准 >= 1 }\n"
        "                                       ^\n");
}

static void unknown_enum_word(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 城乡类型 == 城里 }\n",
        "t.jh:17:37: 错误: '城里' 不是 城乡类型 的取值（可用：城区、镇区、乡村）\n"
        "  指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 城乡类型 == 城里 }\n"
        "                                                    ^\n");
}

static void unordered_enum_compared_with_ge(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 评价 >= 良好 且 城乡类型 >= 城区 }\n",
        "t.jh:17:40: 错误: '城乡类型' 的取值没有顺序，只能用 == 或 != 比较\n"
        "  指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 评价 >= 良好 且 城乡类型 >= 城区 }\n"
        "                                                        ^\n");
}

static void unknown_indicator_and_wrong_unit_in_list(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 有方案 }\n"
        "指标 RA \"r\" { 对象 学段 依据 \"x\" 条件 计数([I1, I9] 其中 达标) >= 1 }\n",
        "t.jh:18:37: 错误: 未声明的指标 'I9'\n"
        "  指标 RA \"r\" { 对象 学段 依据 \"x\" 条件 计数([I1, I9] 其中 达标) >= 1 }\n"
        "                                                  ^\n"
        "t.jh:18:32: 错误: RA 的对象是 学段，不能读取 'I1'（属于 学校 层级）\n"
        "  指标 RA \"r\" { 对象 学段 依据 \"x\" 条件 计数([I1, I9] 其中 达标) >= 1 }\n"
        "                                             ^\n");
}

static void indicators_depending_on_each_other(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 条件 计数([B] 其中 达标) >= 1 }\n"
        "指标 B \"b\" { 对象 学段 依据 \"x\" 条件 计数([A] 其中 达标) >= 1 }\n",
        "t.jh:18:4: 错误: 指标 B 依赖自身（经由 A）\n"
        "  指标 B \"b\" { 对象 学段 依据 \"x\" 条件 计数([A] 其中 达标) >= 1 }\n"
        "       ^\n");
}

static void met_outside_an_aggregate(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 条件 达标 }\n",
        "t.jh:17:28: 错误: '达标' 只能用在指标集合的汇总中\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 条件 达标 }\n"
        "                                       ^\n");
}

static void unknown_function(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 平均(教师数) 标准 >= 1 }\n",
        "t.jh:17:29: 错误: '平均' 不是函数\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 平均(教师数) 标准 >= 1 }\n"
        "                                       ^\n");
}

static void aggregate_over_a_number(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 条件 全部(教师数 : 有方案) }\n",
        "t.jh:17:31: 错误: 全部 的第一个参数必须是指标列表或记录集合（学段、班级、校区、专用教室、质量监测）\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 条件 全部(教师数 : 有方案) }\n"
        "                                            ^\n");
}

static void parameter_reading_data(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "参数 p = 教师数 * 2\n",
        "t.jh:17:8: 错误: 参数 'p' 必须是常数\n"
        "  参数 p = 教师数 * 2\n"
        "           ^\n");
}

static void unknown_level(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 年级 { 学生数 整数 }\n",
        "t.jh:17:4: 错误: 未知的数据层级 '年级'（可用：县级、学校、学段、班级、校区、专用教室、质量监测）\n"
        "  字段 年级 { 学生数 整数 }\n"
        "       ^\n");
}

static void row_field_outside_an_aggregate(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 班级 { 学段 枚举(小学, 初中) 学生数 整数 }\n"
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 学生数 标准 >= 1 }\n",
        "t.jh:18:29: 错误: '学生数' 属于 班级 层级，只能在对 班级 的汇总中读取，例如 全部(班级 : …)\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 学生数 标准 >= 1 }\n"
        "                                       ^\n");
}

static void collection_not_below_the_unit(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 质量监测 { 学科 文本 }\n"
        "指标 A \"a\" { 对象 学校 依据 \"x\" 条件 计数(质量监测) > 0 }\n",
        "t.jh:18:31: 错误: 对象为 学校 时不能汇总 质量监测\n"
        "  指标 A \"a\" { 对象 学校 依据 \"x\" 条件 计数(质量监测) > 0 }\n"
        "                                            ^\n");
}

static void stage_parameter_in_a_school_indicator(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "参数 上限 = 小学 45, 初中 50\n"
        "指标 A \"a\" { 对象 学校 依据 \"x\" 条件 上限 > 1 }\n",
        "t.jh:18:28: 错误: 参数 '上限' 按学段取值，只能用在对象为 学段 的指标中\n"
        "  指标 A \"a\" { 对象 学校 依据 \"x\" 条件 上限 > 1 }\n"
        "                                       ^\n");
}

static void stage_parameter_as_a_school_threshold(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "参数 上限 = 小学 45, 初中 50\n"
        "指标 A \"a\" { 对象 学校 依据 \"x\" 值 = 1 标准 <= 上限 }\n",
        "t.jh:18:37: 错误: 参数 '上限' 按学段取值，只能用在对象为 学段 的指标中\n"
        "  指标 A \"a\" { 对象 学校 依据 \"x\" 值 = 1 标准 <= 上限 }\n"
        "                                                 ^\n");
}

static void value_in_the_main_test(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 在校生数 标准 <= 2000 条件 值 > 0 }\n",
        "t.jh:17:48: 错误: '值' 不能用在指标 A 自己的 值 或 条件 里：主测试会把 值 与 标准 比较；在例外的条件中可以使用 '值'\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 在校生数 标准 <= 2000 条件 值 > 0 }\n"
        "                                                                  ^\n");
}

static void threshold_outside_an_indicator(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "定义 甲 = 标准 + 1\n",
        "t.jh:17:8: 错误: '标准' 只能用在有标准的指标里（指该指标的标准或主值）或指标集合的汇总中\n"
        "  定义 甲 = 标准 + 1\n"
        "            ^\n");
}

static void veto_without_condition(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 >= 1 否决 N1 \"n\" { 依据 \"x\" } }\n",
        "t.jh:17:41: 错误: A.N1 缺少 '条件'\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 >= 1 否决 N1 \"n\" { 依据 \"x\" } }\n"
        "                                                        ^\n");
}

static void unknown_category(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 类别 资源 对象 学段 依据 \"x\" 条件 有方案 }\n",
        "t.jh:17:4: 错误: 未声明的类别 '资源'\n"
        "  指标 A \"a\" { 类别 资源 对象 学段 依据 \"x\" 条件 有方案 }\n"
        "       ^\n");
}

static void definition_refers_to_itself(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "定义 甲 = 乙 + 1\n"
        "定义 乙 = 甲 + 1\n"
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 甲 标准 >= 1 }\n",
        "t.jh:17:4: 错误: 定义 '甲' 引用了自身\n"
        "  定义 甲 = 乙 + 1\n"
        "       ^\n");
}

static void split_on_a_stage_field(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 学段 { 人数 数值 分摊 }\n",
        "t.jh:17:9: 错误: 只有 学校 层级的字段可以 分摊\n"
        "  字段 学段 { 人数 数值 分摊 }\n"
        "              ^\n");
}

static void keyed_default_on_a_school_field(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 学校 { 班级规模 整数 默认 小学 6 }\n",
        "t.jh:17:20: 错误: 只有 学段 层级的字段可以按学段给默认值\n"
        "  字段 学校 { 班级规模 整数 默认 小学 6 }\n"
        "                                 ^\n");
}

static void default_refers_to_itself(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "字段 学段 { 甲数 整数 默认 乙数 + 1  乙数 整数 默认 甲数 }\n"
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 甲数 标准 >= 1 }\n",
        "t.jh:17:9: 错误: 字段 '甲数' 的默认值引用了自身\n"
        "  字段 学段 { 甲数 整数 默认 乙数 + 1  乙数 整数 默认 甲数 }\n"
        "              ^\n");
}

static void parameters_refer_to_each_other(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "参数 甲 = 乙 * 2\n"
        "参数 乙 = 甲 + 1\n",
        "t.jh:17:4: 错误: 参数 '甲' 引用了自身\n"
        "  参数 甲 = 乙 * 2\n"
        "       ^\n");
}

static void unknown_name_in_a_threshold(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 >= 下限, 初中 >= 1 }\n",
        "t.jh:17:42: 错误: 未声明的名称 '下限'\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 小学 >= 下限, 初中 >= 1 }\n"
        "                                                           ^\n");
}

static void missing_brace_of_an_exception(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 >= 1\n"
        "    例外 E1 \"p\" { 依据 \"x\" 条件 有方案\n"
        "    例外 E2 \"q\" { 依据 \"x\" 条件 有方案 }\n"
        "}\n",
        "t.jh:19:5: 错误: 此处应为 '}'（与第 18 行的 '{' 配对），实际是 '例外'\n"
        "      例外 E2 \"q\" { 依据 \"x\" 条件 有方案 }\n"
        "      ^\n");
}

static void tolerance_given_twice(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "容差 1e-9\n"
        "容差 0\n",
        "t.jh:18:1: 错误: '容差' 重复出现（第一次在第 17 行）\n"
        "  容差 0\n"
        "  ^\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_name),
        cmocka_unit_test(unknown_name_hints_at_spaces),
        cmocka_unit_test(enum_word_hints_at_spaces),
        cmocka_unit_test(duplicate_indicator_id),
        cmocka_unit_test(duplicate_exception_id),
        cmocka_unit_test(duplicate_field),
        cmocka_unit_test(missing_threshold_for_a_stage),
        cmocka_unit_test(threshold_for_an_unknown_stage),
        cmocka_unit_test(value_without_threshold),
        cmocka_unit_test(indicator_without_test),
        cmocka_unit_test(missing_citations),
        cmocka_unit_test(arithmetic_on_a_boolean),
        cmocka_unit_test(condition_must_be_boolean),
        cmocka_unit_test(school_indicator_reads_stage_field),
        cmocka_unit_test(stage_indicator_reads_county_field),
        cmocka_unit_test(unknown_enum_word),
        cmocka_unit_test(unordered_enum_compared_with_ge),
        cmocka_unit_test(unknown_indicator_and_wrong_unit_in_list),
        cmocka_unit_test(indicators_depending_on_each_other),
        cmocka_unit_test(met_outside_an_aggregate),
        cmocka_unit_test(unknown_function),
        cmocka_unit_test(aggregate_over_a_number),
        cmocka_unit_test(parameter_reading_data),
        cmocka_unit_test(unknown_level),
        cmocka_unit_test(row_field_outside_an_aggregate),
        cmocka_unit_test(collection_not_below_the_unit),
        cmocka_unit_test(stage_parameter_in_a_school_indicator),
        cmocka_unit_test(stage_parameter_as_a_school_threshold),
        cmocka_unit_test(value_in_the_main_test),
        cmocka_unit_test(threshold_outside_an_indicator),
        cmocka_unit_test(veto_without_condition),
        cmocka_unit_test(unknown_category),
        cmocka_unit_test(definition_refers_to_itself),
        cmocka_unit_test(split_on_a_stage_field),
        cmocka_unit_test(keyed_default_on_a_school_field),
        cmocka_unit_test(default_refers_to_itself),
        cmocka_unit_test(parameters_refer_to_each_other),
        cmocka_unit_test(unknown_name_in_a_threshold),
        cmocka_unit_test(missing_brace_of_an_exception),
        cmocka_unit_test(tolerance_given_twice),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
