/* test_checker.c — every static check of a rule set, each message pinned
 * exactly as a policy officer sees it (generated from reviewed output). */
#include "support.h"
#include "dictionary.h"
#include "eval.h"
#include "jsonload.h"
#include "limits.h"
#include "lint.h"
#include <sys/stat.h>

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

/* Schools are a collection of county indicators' aggregates alone, and
 * what is read per school is read as a school's (no county fields). */
static void county_aggregate_over_schools_checked(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 全部(学校 : 有方案) }\n",
        "t.jh:17:32: 错误: 对象为 学校 时不能汇总 学校\n"
        "  指标 I1 \"a\" { 对象 学校 依据 \"x\" 条件 全部(学校 : 有方案) }\n"
        "                                             ^\n");
    expect_rule_error(PRELUDE
        "字段 县级 { 县值 数值 }\n"
        "定义 都大 = 全部(学校 : 面积 > 县值)\n"
        "指标 I1 \"a\" { 对象 县级 依据 \"x\" 条件 都大 }\n",
        "t.jh:18:22: 错误: 对学校的汇总在逐校评估时计算，其中不能读取县级字段 '县值'（那时县级数据可能尚未读到）\n"
        "  定义 都大 = 全部(学校 : 面积 > 县值)\n"
        "                                 ^\n");
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

/* Both branches of a conditional give the same type; the error is at the
 * else branch that disagrees. */
static void conditional_branches_of_two_types(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 若 有方案 则 教师数 否则 有方案 标准 >= 1 }\n"
        "指标 I2 \"b\" { 对象 学段 依据 \"x\" 条件 (若 有方案 则 城乡类型 否则 评价) == 城区 }\n",
        "t.jh:17:45: 错误: 若 … 则 … 否则 … 的两个分支须是同一类型：则 后为数值，否则 后为是否判断\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 若 有方案 则 教师数 否则 有方案 标准 >= 1 }\n"
        "                                                                 ^\n"
        "t.jh:18:46: 错误: 若 … 则 … 否则 … 的两个分支须是同一组取值词：则 后为 城乡类型 的取值词，否则 后为 评价 的取值词\n"
        "  指标 I2 \"b\" { 对象 学段 依据 \"x\" 条件 (若 有方案 则 城乡类型 否则 评价) == 城区 }\n"
        "                                                                    ^\n");
}

static void conditional_condition_must_be_boolean(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 若 教师数 则 1 否则 2 标准 >= 1 }\n",
        "t.jh:17:32: 错误: '若' 需要是否判断，但这里给出的是数值\n"
        "  指标 I1 \"a\" { 对象 学段 依据 \"x\" 值 = 若 教师数 则 1 否则 2 标准 >= 1 }\n"
        "                                           ^\n");
}

static void conditional_of_indicator_lists(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 I1 \"a\" { 对象 学段 依据 \"x\" 条件 有方案 }\n"
        "指标 I2 \"b\" { 对象 学段 依据 \"x\" 条件 计数((若 有方案 则 [I1] 否则 [I1]) 其中 达标) > 0 }\n",
        "t.jh:18:41: 错误: 若 … 则 … 否则 … 的分支须是一个值，不能是指标列表\n"
        "  指标 I2 \"b\" { 对象 学段 依据 \"x\" 条件 计数((若 有方案 则 [I1] 否则 [I1]) 其中 达标) > 0 }\n"
        "                                                           ^\n");
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

/* The unit of the listed indicators is checked through a definition of a
 * definition of the list too. */
static void list_through_two_definitions_of_another_unit(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 S \"s\" { 对象 学校 依据 \"x\" 条件 有方案 }\n"
        "定义 L1 = [S]\n"
        "定义 L2 = L1\n"
        "指标 R \"r\" { 对象 学段 依据 \"x\" 条件 全部(L2 : 达标) }\n",
        "t.jh:20:31: 错误: R 的对象是 学段，不能读取 'S'（属于 学校 层级）\n"
        "  指标 R \"r\" { 对象 学段 依据 \"x\" 条件 全部(L2 : 达标) }\n"
        "                                            ^\n");
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
        "t.jh:17:31: 错误: 全部 的第一个参数必须是指标列表或记录集合（学段）\n"
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
        "t.jh:17:4: 错误: 未知的数据层级 '年级'（可用：县级、学校、学段；记录层级用 记录 声明）\n"
        "  字段 年级 { 学生数 整数 }\n"
        "       ^\n");
}

static void row_field_outside_an_aggregate(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "记录 班级 属于 学校 { 学段 枚举(小学, 初中) 学生数 整数 }\n"
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 学生数 标准 >= 1 }\n",
        "t.jh:18:29: 错误: '学生数' 属于 班级 层级，只能在对 班级 的汇总中读取，例如 全部(班级 : …)\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 学生数 标准 >= 1 }\n"
        "                                       ^\n");
}

static void collection_not_below_the_unit(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "记录 质量监测 属于 县级 { 学科 文本 }\n"
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

static void ceiling_of_a_collection(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "定义 甲 = 向上取整(学段 : 在校生数)\n",
        "t.jh:17:8: 错误: 向上取整 只接受一个数值，不能写 其中 或 :\n"
        "  定义 甲 = 向上取整(学段 : 在校生数)\n"
        "            ^\n");
}

static void remedy_needs_a_value_and_a_threshold(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 条件 在校生数 > 0 整改 在校生数 }\n",
        "t.jh:17:40: 错误: 指标 A 写了 整改，就要有 值 与 标准，对象为 学校 或 学段：整改清单按它们算出差额\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 条件 在校生数 > 0 整改 在校生数 }\n"
        "                                                         ^\n");
}

static void remedy_must_be_a_number_field_of_the_unit(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 在校生数 标准 <= 2000 整改 学段 }\n",
        "t.jh:17:48: 错误: 整改 '学段' 须是学段或其学校记录中的数值字段（整数或数值）\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 在校生数 标准 <= 2000 整改 学段 }\n"
        "                                                                  ^\n");
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

static void indicator_scope_below_stage(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "记录 班级 属于 学校 { 学段 枚举(小学, 初中) 学生数 整数 }\n"
        "指标 A \"a\" { 对象 班级 依据 \"x\" 值 = 学生数 标准 <= 45 }\n",
        "t.jh:18:15: 错误: 指标的对象只能是 县级、学校 或 学段，这里是 '班级'\n"
        "  指标 A \"a\" { 对象 班级 依据 \"x\" 值 = 学生数 标准 <= 45 }\n"
        "                    ^\n");
}

/* The declarations every rule set needs, without PRELUDE's split. */
#define BASE \
    "评估学段 小学, 初中\n" \
    "字段 学校 { 学校类型 枚举(小学, 初中) 面积 数值（平方米） 分摊 }\n" \
    "字段 学段 { 学段 枚举(小学, 初中, 高中) 在校生数 整数（人） }\n"

static void split_without_weight_for_a_stage(void **state)
{
    (void)state;
    expect_rule_error(BASE
        "分摊 { 依据 \"测试\" 按 在校生数 权重 小学 1, 初中 1.1 }\n",
        "t.jh:4:1: 错误: 分摊 缺少 高中 的权重\n"
        "  分摊 { 依据 \"测试\" 按 在校生数 权重 小学 1, 初中 1.1 }\n"
        "  ^\n");
}

static void split_field_without_split_declaration(void **state)
{
    (void)state;
    expect_rule_error(BASE,
        "t.jh:1:1: 错误: 有字段标为 分摊，但规则集没有 分摊 声明\n"
        "  评估学段 小学, 初中\n"
        "  ^\n");
}

static void rule_set_without_stages(void **state)
{
    (void)state;
    expect_rule_error(
        "字段 学校 { 学校类型 枚举(小学, 初中) }\n"
        "字段 学段 { 学段 枚举(小学, 初中) }\n",
        "t.jh:1:1: 错误: 规则集没有 评估学段 声明\n"
        "  字段 学校 { 学校类型 枚举(小学, 初中) }\n"
        "  ^\n");
}

static void rule_set_without_the_fields_the_dataset_needs(void **state)
{
    (void)state;
    expect_rule_error(
        "评估学段 小学\n"
        "字段 学校 { 学校名称 文本 }\n"
        "字段 学段 { 学段 文本 在校生数 整数 }\n",
        "t.jh:1:1: 错误: 数据集格式需要字段 '学段'，规则集须把它声明为 学段 级的 枚举\n"
        "  评估学段 小学\n"
        "  ^\n"
        "t.jh:1:1: 错误: 数据集格式需要字段 '学校类型'，规则集须把它声明为 学校 级的 枚举\n"
        "  评估学段 小学\n"
        "  ^\n");
}

static void dated_parameter_values_of_different_shapes(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "参数 超大班额 {\n"
        "    依据 \"x\"\n"
        "    自 2017-05-01 = 56\n"
        "    自 2025-09-01 = 小学 50, 初中 55\n"
        "}\n"
        "参数 班额上限 {\n"
        "    依据 \"x\"\n"
        "    自 2017-05-01 = 小学 45, 初中 50\n"
        "    自 2025-09-01 = 初中 50, 小学 45\n"
        "}\n",
        "t.jh:20:20: 错误: 参数 '超大班额' 的各个取值须同样写法（都是一个数，或同样的学段依次各一个数）\n"
        "      自 2025-09-01 = 小学 50, 初中 55\n"
        "                      ^\n"
        "t.jh:25:20: 错误: 参数 '班额上限' 的各个取值须同样写法（都是一个数，或同样的学段依次各一个数）\n"
        "      自 2025-09-01 = 初中 50, 小学 45\n"
        "                      ^\n");
}

static void dated_parameter_values_out_of_date_order(void **state)
{
    (void)state;
    expect_rule_error(PRELUDE
        "参数 超大班额 {\n"
        "    依据 \"x\"\n"
        "    自 2025-09-01 = 50\n"
        "    自 2017-05-01 = 56\n"
        "}\n",
        "t.jh:20:20: 错误: 参数 '超大班额' 的取值须按生效日期从早到晚写\n"
        "      自 2017-05-01 = 56\n"
        "                      ^\n");
}

/* ---- depth: every later walker recurses through what the checker accepts ---- */

/* Asserts that generated text fails to load with exactly expected, and frees text. */
static void expect_generated_error(char *text, const char *expected)
{
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    if (strcmp(shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, shown);
    assert_null(rs);
    free(shown);
    free(text);
}

/* 20 000 definitions, each reading the one before: refused where the
 * chain passes the bound (d_k is 2k + 1 levels deep), reported once. */
static void chain_of_20000_definitions(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "定义 d0 = 1\n", "定义 d%d = d%d + 1\n", 19999, 1, 0, ""),
        "t.jh:145:11: 错误: 表达式连同它读取的定义、参数和字段默认值超过 256 层\n"
        "  定义 d128 = d127 + 1\n"
        "              ^\n");
}

/* The same chain written the other way round: the checker follows it by
 * recursion from the first definition, and stops where its own recursion
 * reaches twice the bound (2 levels a definition: at the 256th). */
static void chain_of_definitions_read_before_they_are_declared(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE, "定义 d%d = d%d + 1\n", 20000, 0, 1, "定义 d20000 = 1\n"),
        "t.jh:273:11: 错误: 表达式连同它读取的定义、参数和字段默认值超过 256 层\n"
        "  定义 d256 = d257 + 1\n"
        "              ^\n");
}

/* Parameters fold to numbers (nothing for the evaluator to walk), but
 * the checker follows a chain of them by recursion too. */
static void chain_of_parameters(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE, "参数 p%d = p%d + 1\n", 20000, 0, 1, "参数 p20000 = 1\n"),
        "t.jh:273:11: 错误: 表达式连同它读取的定义、参数和字段默认值超过 256 层\n"
        "  参数 p256 = p257 + 1\n"
        "              ^\n");
}

/* A missing value names its cause by a 16-bit id: more names than that
 * are refused where the numbering would overflow, not wrapped. */
static void more_names_than_ids(void **state)
{
    (void)state;
    expect_generated_error(repeat_text("", "参数 p%d = %d\n", 65600, 0, 0, ""),
        "t.jh:65532:4: 错误: 规则集中的字段、定义、参数与指标共超过 65531 个的上限，从这一个起无法编号\n"
        "  参数 p65531 = 65531\n"
        "       ^\n");
}

/* A result names its indicator by a 16-bit index too (eval.h): indicators
 * count towards the limit, and one beyond it is refused the same way (with
 * parameters first: 65 532 indicators would pass the size limit of a file). */
static void more_indicators_than_ids(void **state)
{
    (void)state;
    char *params = repeat_text("", "参数 p%d = %d\n", 60000, 0, 0, "");
    expect_generated_error(repeat_text(params, "指标 I%d \"x\" { 对象 学校 依据 \"y\" 值 = 1 标准 >= 1 }\n", 5600, 0, 0, ""),
        "t.jh:65532:4: 错误: 规则集中的字段、定义、参数与指标共超过 65531 个的上限，从这一个起无法编号\n"
        "  指标 I5531 \"x\" { 对象 学校 依据 \"y\" 值 = 1 标准 >= 1 }\n"
        "       ^\n");
    free(params);
}

static void chain_of_field_defaults(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "字段 学段 {\n", "  f%d 整数 默认 f%d + 1\n", 20000, 0, 1,
                                       "  f20000 整数\n}\n指标 X \"x\" { 对象 学段 依据 \"y\" 值 = f0 标准 >= 1 }\n"),
        "t.jh:274:14: 错误: 表达式连同它读取的定义、参数和字段默认值超过 256 层\n"
        "    f256 整数 默认 f257 + 1\n"
        "                   ^\n");
}

/* A definition within the bound, read where it takes the expression past it. */
static void definition_read_one_level_too_deep(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "定义 甲 = 1", " + 1", JH_MAX_EVAL_DEPTH - 1, 0, 0,
                                       "\n指标 X \"x\" { 对象 学段 依据 \"y\" 值 = 甲 标准 >= 1 }\n"),
        "t.jh:18:29: 错误: 表达式连同它读取的定义、参数和字段默认值超过 256 层\n"
        "  指标 X \"x\" { 对象 学段 依据 \"y\" 值 = 甲 标准 >= 1 }\n"
        "                                       ^\n");
}

/* Exactly as deep as the bound through 127 definitions and a field
 * default: the rules load, and lint, the data dictionary and the evaluator
 * walk them to the bottom (the sanitizer build runs this too). */
static void definitions_at_the_bound_are_walked_by_everyone(void **state)
{
    (void)state;
    /* 教师总数 adds the two levels of its default (甲 and 甲's 1), so d0 is
     * 3 levels deep, d_k 2k + 3, and the indicator's name of d126 one more. */
    char *text = repeat_text(PRELUDE "字段 学校 { 教师总数 整数 默认 甲 }\n定义 甲 = 1\n定义 d0 = 教师总数\n",
                             "定义 d%d = d%d + 1\n", 126, 1, 0,
                             "指标 X \"x\" { 对象 学段 依据 \"y\" 值 = d126 标准 >= 127 }\n");
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    DiagList d;
    diag_init(&d);
    LintSummary sum = lint_rules(rs, &d);
    assert_int_equal(d.errors, 0);
    assert_true(sum.warnings > 0); /* unused fields of PRELUDE */
    diag_free(&d);
    Usage u = dictionary_usage(rs);
    const FieldDecl *total = rules_field(rs, LV_SCHOOL, "教师总数");
    assert_int_equal(u.reader_start[total->index + 1] - u.reader_start[total->index], 1);
    dictionary_usage_free(&u);
    write_json("d.json", "{'学校': [{'学校代码': '1', '学校类型': '小学', '学段': [{'学段': '小学', '在校生数': 10}]}]}");
    diag_init(&d);
    JsonReader *r = jload_open("d.json", rs, &d, 0);
    assert_non_null(r);
    Run *run = run_new(rs, &(RunOptions){20251231, 0, 0, 0}, &d);
    assert_non_null(run);
    Evaluation *ev = eval_begin(run);
    Arena a;
    arena_init(&a, 1 << 16);
    SchoolData school;
    while (jload_next(r, &school, &a) == 1) eval_school(ev, &school);
    eval_finish(ev, jload_county(r));
    assert_int_equal(d.errors, 0);
    assert_int_equal(ev->nresults, 1);
    assert_int_equal(ev->results[0].status, ST_PASS);
    eval_free(ev);
    run_free(run);
    jload_close(r);
    arena_free(&a);
    diag_free(&d);
    rules_free(rs);
    free(shown);
    free(text);
}

/* The data dictionary shows a field's 说明: in text on a line below the
 * field, in Markdown in its own column, where a '|' would end the cell and
 * is written \|; controls are escaped in both. */
static void dictionary_shows_descriptions(void **state)
{
    (void)state;
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", PRELUDE
        "字段 学校 { 减少数 整数（人） 说明 \"休学|转出\t退学\" }\n"
        "指标 X \"x\" { 依据 \"y\" 值 = 减少数 标准 >= 1 }\n", &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    char *buf;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    dictionary_print(out, LANG_ZH, rs, 0);
    fclose(out);
    assert_non_null(strstr(buf, "  减少数                            整数  人      -  X\n      说明：休学|转出\\x09退学\n"));
    free(buf);
    out = open_memstream(&buf, &len);
    dictionary_print(out, LANG_ZH, rs, 1);
    fclose(out);
    assert_non_null(strstr(buf, "| 字段 | 类型 | 单位 | 说明 | 备注 | 用于指标 |\n"));
    assert_non_null(strstr(buf, "| 减少数 | 整数 | 人 | 休学\\|转出\\x09退学 |  | X |\n"));
    assert_non_null(strstr(buf, "| 面积 | 数值 | 平方米 |  | 按学段分摊 |  |\n"));
    free(buf);
    rules_free(rs);
    free(shown);
}

/* Every value of a dated parameter is checked, however many it has (the
 * checker once skipped versions of 64 values or more). */
static void dated_parameter_with_many_values_is_checked_whole(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE "参数 P {\n  依据 \"x\"\n  自 2020-01-01 = ", "小学 1, ", 64, 0, 0,
                                       "初中 教师数\n}\n"),
        "t.jh:19:405: 错误: 参数 'P' 必须是常数\n");
}

/* ---- large rule sets load in linear time ---- */

#define SMALL_INDICATOR \
    "指标 X%d \"生均面积\" {\n" \
    "    对象 学段\n" \
    "    依据 \"附件2 第4项\"\n" \
    "    值 = 面积 / 在校生数\n" \
    "    标准 小学 >= 4.5, 初中 >= 5.8\n" \
    "}\n"

/* 10 000 indicators (1.4 MB, the size that took 17 s to load while every
 * attribute counted its line from the start of the file and every name was
 * looked up in a list): they load, and one declared before those it reads
 * is ordered after them. No timing is asserted (benchmarks only). */
static void ten_thousand_indicators_load(void **state)
{
    (void)state;
    char *text = repeat_text(PRELUDE "指标 ALL \"全部\" { 对象 学段 依据 \"y\" 条件 全部([X9999, X0] : 达标) }\n",
                             SMALL_INDICATOR, 10000, 0, 0, "");
    assert_true(strlen(text) > 1400000);
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    assert_int_equal(rs->nindicators, 10001);
    const Indicator *all = rules_indicator(rs, "ALL");
    assert_int_equal(all->nreads, 2);
    assert_true(all->index > rules_indicator(rs, "X9999")->index && all->index > rules_indicator(rs, "X0")->index);
    rules_free(rs);
    free(shown);
    free(text);
}

/* An error after them is located exactly, with the line of the first. */
static void error_after_ten_thousand_indicators(void **state)
{
    (void)state;
    expect_generated_error(repeat_text(PRELUDE, SMALL_INDICATOR, 10000, 0, 0,
                                       "指标 Z \"z\" { 对象 学段\n  对象 学段 }\n"),
        "t.jh:60018:3: 错误: '对象' 重复出现（第一次在第 60017 行）\n"
        "    对象 学段 }\n"
        "    ^\n");
}

/* ---- rule folders: scripts beside the rules, tests in 测试/ ---- */

/* Creates folder dir (and 测试/ in it when tests is set). */
static void make_folder(const char *dir, int tests)
{
    assert_int_equal(mkdir(dir, 0777), 0);
    if (tests) {
        char path[256];
        snprintf(path, sizeof path, "%s/测试", dir);
        assert_int_equal(mkdir(path, 0777), 0);
    }
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text);
}

static void assert_diags(const DiagList *d, const char *expected)
{
    char *shown = render(d);
    if (strcmp(shown, expected) != 0) {
        /* print_error would cut long texts short */
        fprintf(stderr, "expected:\n%s\nactual:\n%s\n", expected, shown);
        fail();
    }
    free(shown);
}

/* Asserts that the rule folder dir fails to load with exactly expected. */
static void expect_folder_error(const char *dir, const char *expected)
{
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load(dir, &d);
    assert_diags(&d, expected);
    assert_null(rs);
    diag_free(&d);
}

/* Asserts that the rules of dir load, and that the tests in its 测试/
 * folder are rejected with exactly expected (as `junheng test` shows). */
static void expect_rule_test_error(const char *dir, const char *expected)
{
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load(dir, &d);
    assert_diags(&d, "");
    assert_non_null(rs);
    assert_true(rules_load_tests(rs, &d) > 0);
    assert_diags(&d, expected);
    rules_free(rs);
    diag_free(&d);
}

/* 60 000 unused definitions on one line (1 MB; as many as names can be
 * numbered): each warning looked for a silencing comment by scanning back
 * over the whole line (48 s for 100 000); now only within reach. A comment
 * on the line above still silences. */
static void lint_of_60000_definitions_on_one_line(void **state)
{
    (void)state;
    char *text = repeat_text(PRELUDE, "定义 a%d = 1 ", 60000, 0, 0, "\n# 忽略 J103：示例\n定义 b = 1\n");
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    assert_string_equal(shown, "");
    assert_non_null(rs);
    DiagList d;
    diag_init(&d);
    LintSummary sum = lint_rules(rs, &d);
    int unused = 0, others = 0;
    for (int i = 0; i < d.count; i++) {
        char *message = diag_message(&d.items[i], LANG_ZH);
        if (strstr(message, "[J103]")) unused++;
        else others++;
        free(message);
    }
    /* All counted; the first JH_MAX_DIAGNOSTICS kept (PRELUDE's unused fields come first). */
    assert_int_equal(d.count, JH_MAX_DIAGNOSTICS);
    assert_int_equal(d.warnings, sum.warnings);
    assert_int_equal(sum.warnings - others, 60000);
    assert_true(unused > 0);
    assert_int_equal(sum.silenced, 1);
    diag_free(&d);
    rules_free(rs);
    free(shown);
    free(text);
}

/* A folder of exactly JH_MAX_RULE_FILES rule files loads; one more is
 * refused whole, naming the folder and the limit (it was read in part). */
static void more_rule_files_than_the_limit(void **state)
{
    (void)state;
    make_folder("many", 0);
    put("many", "0.jh", PRELUDE);
    for (int i = 1; i < JH_MAX_RULE_FILES; i++) {
        char name[32];
        snprintf(name, sizeof name, "%d.jh", i);
        put("many", name, "# 空文件\n");
    }
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load("many", &d);
    assert_diags(&d, "");
    assert_non_null(rs);
    assert_int_equal(rs->nfiles, JH_MAX_RULE_FILES);
    rules_free(rs);
    diag_free(&d);
    put("many", "extra.jh", "");
    char expected[128];
    snprintf(expected, sizeof expected, "junheng: 错误: many 中的 .jh 文件超过 %d 个的上限\n", JH_MAX_RULE_FILES);
    expect_folder_error("many", expected);
}

/* The same for the scripts beside the rules. */
static void more_scripts_than_the_limit(void **state)
{
    (void)state;
    make_folder("scripts", 0);
    put("scripts", "规则.jh", PRELUDE);
    for (int i = 0; i <= JH_MAX_RULE_FILES; i++) {
        char name[32];
        snprintf(name, sizeof name, "%d.lua", i);
        put("scripts", name, "");
    }
    char expected[128];
    snprintf(expected, sizeof expected, "junheng: 错误: scripts 中的 .lua 文件超过 %d 个的上限\n", JH_MAX_RULE_FILES);
    expect_folder_error("scripts", expected);
}

/* A Lua function of any number of numbers: their sum. */
#define SUM_LUA \
    "_ENV[\"合计\"] = function (...)\n" \
    "  local s = 0\n" \
    "  for _, v in ipairs({...}) do s = s + v end\n" \
    "  return s\n" \
    "end\n"

static void script_function_given_where_or_a_body(void **state)
{
    (void)state;
    make_folder("script-args", 0);
    put("script-args", "计算.lua", SUM_LUA);
    put("script-args", "规则.jh", PRELUDE
        "记录 班级 属于 学校 { 学段 枚举(小学, 初中) 学生数 整数 }\n"
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 合计(班级 其中 学生数 > 45) 标准 <= 0 }\n"
        "指标 B \"b\" { 对象 学段 依据 \"x\" 值 = 合计(班级 : 学生数) 标准 <= 2000 }\n");
    expect_folder_error("script-args",
        "script-args/规则.jh:18:29: 错误: 脚本函数 合计 的参数只能是数值、是否、文字、取值词或记录集合（不能写 其中 或 :）\n"
        "  指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 合计(班级 其中 学生数 > 45) 标准 <= 0 }\n"
        "                                       ^\n"
        "script-args/规则.jh:19:29: 错误: 脚本函数 合计 的参数只能是数值、是否、文字、取值词或记录集合（不能写 其中 或 :）\n"
        "  指标 B \"b\" { 对象 学段 依据 \"x\" 值 = 合计(班级 : 学生数) 标准 <= 2000 }\n"
        "                                       ^\n");
}

static void script_function_given_more_than_16_arguments(void **state)
{
    (void)state;
    make_folder("script-argc", 0);
    put("script-argc", "计算.lua", SUM_LUA);
    put("script-argc", "规则.jh", PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\"\n"
        "    值 = 合计(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16) 标准 >= 0 }\n"
        "指标 B \"b\" { 对象 学段 依据 \"x\"\n"
        "    值 = 合计(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17) 标准 >= 0 }\n");
    expect_folder_error("script-argc",
        "script-argc/规则.jh:20:9: 错误: 脚本函数 合计 的参数超过 16 个：请传入记录集合\n"
        "      值 = 合计(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17) 标准 >= 0 }\n"
        "           ^\n");
}

/* A script call in a branch of a conditional returns the other branch's
 * type (a number, a yes/no), or, when both branches call, the type the
 * conditional's context needs. */
static void script_calls_in_conditional_branches(void **state)
{
    (void)state;
    make_folder("script-if", 0);
    put("script-if", "计算.lua", SUM_LUA);
    put("script-if", "规则.jh", PRELUDE
        "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 若 有方案 则 合计(教师数, 1) 否则 0 标准 >= 1 }\n"
        "指标 B \"b\" { 对象 学段 依据 \"x\" 条件 若 有方案 则 是 否则 合计(教师数) }\n"
        "指标 C \"c\" { 对象 学段 依据 \"x\" 条件 若 有方案 则 合计(1) 否则 合计(2) }\n");
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load("script-if", &d);
    assert_diags(&d, "");
    assert_non_null(rs);
    assert_int_equal(rules_indicator(rs, "A")->value->b->type, TY_NUM);
    assert_int_equal(rules_indicator(rs, "B")->cond->c->type, TY_BOOL);
    const Expr *both = rules_indicator(rs, "C")->cond;
    assert_int_equal(both->type, TY_BOOL);
    assert_int_equal(both->b->type, TY_BOOL);
    assert_int_equal(both->c->type, TY_BOOL);
    assert_false(both->type_open || both->b->type_open || both->c->type_open);
    rules_free(rs);
    diag_free(&d);
}

/* 字段 may name a record level another file declares after it: the
 * checker gives its fields their level once every file is read. Only the
 * fields of the 记录 declaration are the level's CSV columns. */
static void record_level_declared_in_a_later_file(void **state)
{
    (void)state;
    make_folder("later", 0);
    put("later", "1.jh", PRELUDE "字段 社团 { 备注 文本 }\n");
    put("later", "2.jh", "记录 社团 属于 学校 { 名称 文本 }\n"
                         "指标 A \"a\" { 对象 学校 依据 \"x\" 值 = 计数(社团 其中 备注 == \"优秀\") 标准 >= 1 }\n");
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load("later", &d);
    assert_diags(&d, "");
    assert_non_null(rs);
    Level club = level_of(rs, "社团");
    assert_int_equal(club, LV_RECORDS);
    assert_int_equal(level_parent(rs, club), LV_SCHOOL);
    const FieldDecl *note = rules_field(rs, club, "备注"), *name = rules_field(rs, club, "名称");
    assert_non_null(note);
    assert_non_null(name);
    assert_false(note->record_column);
    assert_true(name->record_column);
    rules_free(rs);
    diag_free(&d);
}

/* The rules the rule-test checks run against. */
#define TESTED_RULES PRELUDE \
    "记录 班级 属于 学校 { 学段 枚举(小学, 初中) 学生数 整数 }\n" \
    "指标 A \"a\" { 对象 学段 依据 \"x\" 值 = 教师数 标准 >= 1\n" \
    "    例外 E1 \"p\" { 依据 \"x\" 条件 有方案 }\n" \
    "    否决 N1 \"n\" { 依据 \"x\" 条件 非 有方案 } }\n"

static void rule_test_expects_an_unknown_result(void **state)
{
    (void)state;
    make_folder("test-status", 1);
    put("test-status", "规则.jh", TESTED_RULES);
    put("test-status", "测试/A.jh",
        "测试 \"有教师\" {\n"
        "    指标 A\n"
        "    数据 { 教师数 = 3 }\n"
        "    预期 合格\n"
        "}\n");
    expect_rule_test_error("test-status",
        "test-status/测试/A.jh:4:8: 错误: '合格' 不是结果（可用：达标、认定达标、未达标、缺少数据、不适用）\n"
        "      预期 合格\n"
        "           ^\n");
}

static void rule_test_names_a_clause_of_another_indicator(void **state)
{
    (void)state;
    make_folder("test-clause", 1);
    put("test-clause", "规则.jh", TESTED_RULES);
    put("test-clause", "测试/A.jh",
        "测试 \"一校一案\" {\n"
        "    指标 A\n"
        "    数据 { 教师数 = 0, 有方案 = 是 }\n"
        "    预期 认定达标 A.E2\n"
        "}\n"
        "测试 \"否决\" {\n"
        "    指标 A\n"
        "    数据 { 教师数 = 3, 有方案 = 否 }\n"
        "    预期 未达标 B.N1\n"
        "}\n");
    expect_rule_test_error("test-clause",
        "test-clause/测试/A.jh:4:13: 错误: 'A.E2' 不是指标 A 的例外或否决条款\n"
        "      预期 认定达标 A.E2\n"
        "                    ^\n"
        "test-clause/测试/A.jh:9:12: 错误: 'B.N1' 不是指标 A 的例外或否决条款\n"
        "      预期 未达标 B.N1\n"
        "                  ^\n");
}

static void rule_test_rows_of_a_level_that_has_no_rows(void **state)
{
    (void)state;
    make_folder("test-rows", 1);
    put("test-rows", "规则.jh", TESTED_RULES);
    put("test-rows", "测试/A.jh",
        "测试 \"行\" {\n"
        "    指标 A\n"
        "    数据 { 教师数 = 3, 学段 { 在校生数 = 100 }, 年级 { 学生数 = 40 }, 班级 { 学生数 = 40 } }\n"
        "    预期 达标\n"
        "}\n");
    expect_rule_test_error("test-rows",
        "test-rows/测试/A.jh:3:19: 错误: '学段' 不是可以逐条给出的记录（可用：班级）\n"
        "      数据 { 教师数 = 3, 学段 { 在校生数 = 100 }, 年级 { 学生数 = 40 }, 班级 { 学生数 = 40 } }\n"
        "                         ^\n"
        "test-rows/测试/A.jh:3:38: 错误: '年级' 不是可以逐条给出的记录（可用：班级）\n"
        "      数据 { 教师数 = 3, 学段 { 在校生数 = 100 }, 年级 { 学生数 = 40 }, 班级 { 学生数 = 40 } }\n"
        "                                                  ^\n");
}

static void rule_test_value_of_the_wrong_type(void **state)
{
    (void)state;
    make_folder("test-value", 1);
    put("test-value", "规则.jh", TESTED_RULES);
    put("test-value", "测试/A.jh",
        "测试 \"类型\" {\n"
        "    指标 A\n"
        "    数据 { 教师数 = \"三\", 有方案 = 2, 学校类型 = 1, 班级 { 学生数 = 否 } }\n"
        "    预期 达标\n"
        "}\n");
    expect_rule_test_error("test-value",
        "test-value/测试/A.jh:3:17: 错误: '教师数' 需要非负整数\n"
        "      数据 { 教师数 = \"三\", 有方案 = 2, 学校类型 = 1, 班级 { 学生数 = 否 } }\n"
        "                       ^\n"
        "test-value/测试/A.jh:3:27: 错误: '有方案' 需要是/否（或 true/false、1/0、Y/N）\n"
        "      数据 { 教师数 = \"三\", 有方案 = 2, 学校类型 = 1, 班级 { 学生数 = 否 } }\n"
        "                                     ^\n"
        "test-value/测试/A.jh:3:37: 错误: '学校类型' 需要取值词\n"
        "      数据 { 教师数 = \"三\", 有方案 = 2, 学校类型 = 1, 班级 { 学生数 = 否 } }\n"
        "                                                   ^\n"
        "test-value/测试/A.jh:3:51: 错误: '学生数' 需要非负整数\n"
        "      数据 { 教师数 = \"三\", 有方案 = 2, 学校类型 = 1, 班级 { 学生数 = 否 } }\n"
        "                                                                      ^\n");
}

/* A declaration in a test file would join the checked rules unchecked (an
 * unknown name in it was evaluated as missing data): refused. */
static void rule_declared_in_a_test_file(void **state)
{
    (void)state;
    make_folder("test-rule", 1);
    put("test-rule", "规则.jh", TESTED_RULES);
    put("test-rule", "测试/A.jh",
        "定义 甲 = 未知\n"
        "测试 \"类型\" {\n"
        "    指标 未声明\n"
        "    预期 达标\n"
        "}\n");
    expect_rule_test_error("test-rule",
        "test-rule/测试/A.jh:1:1: 错误: 测试文件中只能写 测试，实际是 '定义'（规则写在规则文件中）\n"
        "  定义 甲 = 未知\n"
        "  ^\n");
}

/* The numbered warnings of a rule text, rendered. */
static char *lint_text(const char *text)
{
    char *shown;
    RuleSet *rs = rules_from_text("t.jh", text, &shown);
    if (!rs) fail_msg("rules did not load:\n%s", shown);
    free(shown);
    DiagList d;
    diag_init(&d);
    lint_rules(rs, &d);
    char *out = render(&d);
    diag_free(&d);
    rules_free(rs);
    return out;
}

#define OVERLAP_RULES(e1, e2) \
    PRELUDE \
    "字段 学校 { 甲 布尔  乙 布尔 }\n" \
    "指标 X \"x\" { 对象 学段 依据 \"y\" 值 = 面积 / 在校生数 标准 >= 7.5\n" \
    "  例外 E1 \"一\" { 依据 \"y\" " e1 " }\n" \
    "  例外 E2 \"二\" { 依据 \"y\" " e2 " } }\n"

/* J106 and J107: an exception that never decides because an earlier one
 * holds whenever it does; not when either could decide alone. */
static void overlapping_exceptions_are_warned_about(void **state)
{
    (void)state;
    static const struct { const char *e1, *e2, *code; } cases[] = {
        {"条件 甲 且 乙", "条件 乙 且 甲", "[J106]"},                      /* the same, in another order */
        {"条件 甲", "条件 甲 且 乙", "[J107]"},                            /* E2 implies E1 */
        {"条件 甲", "条件 乙 且 甲 值 = 面积 / 100", "[J107]"},            /* a value of its own changes nothing: E1 holds first */
        {"值 = 面积 / 100", "值 = 面积 / 100", "[J106]"},
        {"条件 甲 且 乙", "条件 甲", NULL},                                /* E2 holds alone when 乙 does not */
        {"条件 甲 值 = 面积 / 100", "条件 甲 且 乙", NULL},                /* E1's value may fail where E2 holds */
        {"条件 甲 值 = 面积 / 100", "条件 甲 值 = 面积 / 200", NULL},
        {"值 = 面积 / 100 标准 >= 1", "值 = 面积 / 100 标准 >= 2", NULL},  /* other thresholds */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[2048];
        snprintf(text, sizeof text, OVERLAP_RULES("%s", "%s"), cases[i].e1, cases[i].e2);
        char *out = lint_text(text);
        int j106 = strstr(out, "[J106]") != NULL, j107 = strstr(out, "[J107]") != NULL;
        if (cases[i].code ? !strstr(out, cases[i].code) || j106 + j107 != 1 : j106 || j107)
            fail_msg("case %zu (%s / %s): %s", i, cases[i].e1, cases[i].e2, out);
        if (cases[i].code) assert_non_null(strstr(out, "X.E2"));
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overlapping_exceptions_are_warned_about),
        cmocka_unit_test(unknown_name),
        cmocka_unit_test(county_aggregate_over_schools_checked),
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
        cmocka_unit_test(conditional_branches_of_two_types),
        cmocka_unit_test(conditional_condition_must_be_boolean),
        cmocka_unit_test(conditional_of_indicator_lists),
        cmocka_unit_test(condition_must_be_boolean),
        cmocka_unit_test(school_indicator_reads_stage_field),
        cmocka_unit_test(stage_indicator_reads_county_field),
        cmocka_unit_test(unknown_enum_word),
        cmocka_unit_test(unordered_enum_compared_with_ge),
        cmocka_unit_test(unknown_indicator_and_wrong_unit_in_list),
        cmocka_unit_test(indicators_depending_on_each_other),
        cmocka_unit_test(list_through_two_definitions_of_another_unit),
        cmocka_unit_test(met_outside_an_aggregate),
        cmocka_unit_test(unknown_function),
        cmocka_unit_test(aggregate_over_a_number),
        cmocka_unit_test(parameter_reading_data),
        cmocka_unit_test(unknown_level),
        cmocka_unit_test(row_field_outside_an_aggregate),
        cmocka_unit_test(collection_not_below_the_unit),
        cmocka_unit_test(stage_parameter_in_a_school_indicator),
        cmocka_unit_test(stage_parameter_as_a_school_threshold),
        cmocka_unit_test(ceiling_of_a_collection),
        cmocka_unit_test(remedy_needs_a_value_and_a_threshold),
        cmocka_unit_test(remedy_must_be_a_number_field_of_the_unit),
        cmocka_unit_test(value_in_the_main_test),
        cmocka_unit_test(threshold_outside_an_indicator),
        cmocka_unit_test(veto_without_condition),
        cmocka_unit_test(unknown_category),
        cmocka_unit_test(definition_refers_to_itself),
        cmocka_unit_test(chain_of_20000_definitions),
        cmocka_unit_test(chain_of_definitions_read_before_they_are_declared),
        cmocka_unit_test(chain_of_parameters),
        cmocka_unit_test(more_names_than_ids),
        cmocka_unit_test(more_indicators_than_ids),
        cmocka_unit_test(chain_of_field_defaults),
        cmocka_unit_test(definition_read_one_level_too_deep),
        cmocka_unit_test(definitions_at_the_bound_are_walked_by_everyone),
        cmocka_unit_test(dictionary_shows_descriptions),
        cmocka_unit_test(dated_parameter_with_many_values_is_checked_whole),
        cmocka_unit_test(ten_thousand_indicators_load),
        cmocka_unit_test(error_after_ten_thousand_indicators),
        cmocka_unit_test(lint_of_60000_definitions_on_one_line),
        cmocka_unit_test(more_rule_files_than_the_limit),
        cmocka_unit_test(more_scripts_than_the_limit),
        cmocka_unit_test(split_on_a_stage_field),
        cmocka_unit_test(keyed_default_on_a_school_field),
        cmocka_unit_test(default_refers_to_itself),
        cmocka_unit_test(parameters_refer_to_each_other),
        cmocka_unit_test(unknown_name_in_a_threshold),
        cmocka_unit_test(missing_brace_of_an_exception),
        cmocka_unit_test(tolerance_given_twice),
        cmocka_unit_test(indicator_scope_below_stage),
        cmocka_unit_test(split_without_weight_for_a_stage),
        cmocka_unit_test(split_field_without_split_declaration),
        cmocka_unit_test(rule_set_without_stages),
        cmocka_unit_test(rule_set_without_the_fields_the_dataset_needs),
        cmocka_unit_test(dated_parameter_values_of_different_shapes),
        cmocka_unit_test(dated_parameter_values_out_of_date_order),
        cmocka_unit_test(script_function_given_where_or_a_body),
        cmocka_unit_test(script_function_given_more_than_16_arguments),
        cmocka_unit_test(script_calls_in_conditional_branches),
        cmocka_unit_test(record_level_declared_in_a_later_file),
        cmocka_unit_test(rule_test_expects_an_unknown_result),
        cmocka_unit_test(rule_test_names_a_clause_of_another_indicator),
        cmocka_unit_test(rule_test_rows_of_a_level_that_has_no_rows),
        cmocka_unit_test(rule_test_value_of_the_wrong_type),
        cmocka_unit_test(rule_declared_in_a_test_file),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
