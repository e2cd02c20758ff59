/* test_loader.c — the JSON dataset reader (jsonload.h): conversion of values
 * by declared type, stage records, the county before or after the schools,
 * located diagnostics, the re-parse when a school crosses the reader's 4 MiB
 * chunk, and the dataset hash.
 */
#include "support.h"
#include "jsonload.h"
#include "jsontree.h"
#include "digest.h"
#include "limits.h"
#include <errno.h>
#include <sys/stat.h>

#define MAX_SCHOOLS 8

/* Rules used by every test: PRELUDE plus a few fields of other types. */
#define LOADER_RULES \
    PRELUDE \
    "字段 学校 {\n" \
    "    达标率 比例\n" \
    "    建校年份 整数\n" \
    "    简称 文本\n" \
    "}\n" \
    "记录 班级 属于 学校 {\n" \
    "    学段 枚举(小学, 初中)\n" \
    "    学生数 整数\n" \
    "}\n" \
    "记录 校区 属于 学校 { 校区名称 文本 }\n" \
    "字段 县级 {\n" \
    "    社会认可度 比例\n" \
    "    批复 布尔\n" \
    "    县人口 整数\n" \
    "}\n"

static RuleSet *rules;

typedef struct Load {
    DiagList d;
    JsonReader *r;
    Arena arena;
    SchoolData s[MAX_SCHOOLS];
    int n;        /* schools returned */
    int last;     /* the jload_next result that ended the loop */
    char *shown;  /* rendered diagnostics */
} Load;

/* Writes json (with ' for ") to d.json and reads every school of it. The
 * reader stays open (for the county and the hash) until unload(). */
static void load(Load *L, const char *json)
{
    memset(L, 0, sizeof *L);
    write_json("d.json", json);
    diag_init(&L->d);
    arena_init(&L->arena, 1 << 16);
    L->last = -2;
    L->r = jload_open("d.json", rules, &L->d, 0);
    if (L->r)
        while (L->n < MAX_SCHOOLS && (L->last = jload_next(L->r, &L->s[L->n], &L->arena)) == 1) L->n++;
    L->shown = render(&L->d);
}

static void unload(Load *L)
{
    jload_close(L->r);
    arena_free(&L->arena);
    diag_free(&L->d);
    free(L->shown);
}

/* The field of that name at the first level that declares it. */
static const FieldDecl *field(const char *name)
{
    for (Level lv = LV_COUNTY; lv < rules->nlevels; lv++) {
        const FieldDecl *f = rules_field(rules, lv, name);
        if (f) return f;
    }
    fail_msg("no field %s", name);
    return NULL;
}

static Value school_value(const SchoolData *s, const char *name)
{
    return s->values[field(name)->slot];
}

static Value stage_value(const StageData *st, const char *name)
{
    return st->values[field(name)->slot];
}

static void assert_num(Value v, double x)
{
    assert_int_equal(v.tag, V_NUM);
    if (v.num != x) fail_msg("value %.17g, expected %.17g", v.num, x);
}

static void assert_word(Value v, int index)
{
    assert_int_equal(v.tag, V_WORD);
    assert_int_equal((int)v.num, index);
}

static void assert_bool(Value v, int b)
{
    assert_int_equal(v.tag, V_BOOL);
    assert_int_equal((int)v.num, b);
}

static void assert_shown(const Load *L, const char *expected)
{
    if (strcmp(L->shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, L->shown);
}

static int group_setup(void **state)
{
    (void)state;
    enter_temp_dir();
    char *shown;
    rules = rules_from_text("t.jh", LOADER_RULES, &shown);
    if (!rules) fprintf(stderr, "%s", shown);
    free(shown);
    return rules ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    rules_free(rules);
    return 0;
}

/* ---- values ---- */

/* A key no rule declares is not read, and warned of once, at its first
 * place, with the closest declared field when one is close. */
static void unknown_fields_are_ignored(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '43001', '未知字段': {'嵌套': [1, 2, {'x': null}]}, '城乡类型': '乡村',\n"
         "   '学段': [{'学段': '小学', '在校生数': 120, '备注': '无', '在校学生数': 1}], '另一个': [true, false]},\n"
         "  {'学校代码': '43002', '未知字段': 1, '学段': [{'学段': '小学', '在校生数': 120, '备注': '无'}]}\n"
         "], '附录': {'说明': '不读'}}\n");
    assert_shown(&L, "d.json:2:21: 警告: 键 \"未知字段\" 不是规则声明的学校字段，不会读取\n"
                     "d.json:3:62: 警告: 键 \"另一个\" 不是规则声明的学校字段，不会读取\n"
                     "d.json:3:37: 警告: 键 \"备注\" 不是规则声明的学段字段，不会读取\n"
                     "d.json:3:48: 警告: 键 \"在校学生数\" 不是规则声明的学段字段，不会读取；是否应为 \"在校生数\"？\n");
    assert_int_equal(L.d.errors, 0);
    assert_int_equal(L.n, 2);
    assert_int_equal(L.last, 0);
    assert_string_equal(L.s[0].code, "43001");
    assert_word(school_value(&L.s[0], "城乡类型"), 2);
    assert_int_equal(L.s[0].nstages, 1);
    assert_num(stage_value(&L.s[0].stages[0], "在校生数"), 120);
    unload(&L);
}

static void values_converted_by_declared_type(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': 43001, '学校名称': '一小', '学校类型': '九年一贯制', '城乡类型': '镇区', '面积': 23226.5,\n"
         "   '有方案': true, '评价': '良好', '达标率': '95%', '建校年份': 1958, '简称': 12,\n"
         "   '学段': [{'学段': '小学', '在校生数': 166, '学制年数': 6}]},\n"
         "  {'学校代码': '43002', '有方案': false, '达标率': 0.875, '评价': '不合格', '简称': '二小'}\n"
         "]}\n");
    assert_shown(&L, "");
    assert_int_equal(L.n, 2);
    const SchoolData *a = &L.s[0], *b = &L.s[1];
    assert_string_equal(a->code, "43001"); /* a number code is kept as its text */
    assert_string_equal(a->name, "一小");
    assert_string_equal(a->type, "九年一贯制");
    assert_word(school_value(a, "学校类型"), 2);
    assert_word(school_value(a, "城乡类型"), 1);
    assert_num(school_value(a, "面积"), 23226.5);
    assert_bool(school_value(a, "有方案"), 1);
    assert_word(school_value(a, "评价"), 2); /* 不合格 合格 良好 优秀, rising */
    assert_num(school_value(a, "达标率"), 0.95);
    assert_num(school_value(a, "建校年份"), 1958);
    Value t = school_value(a, "简称");
    assert_int_equal(t.tag, V_TEXT);
    assert_string_equal(t.text, "12");
    assert_num(stage_value(&a->stages[0], "在校生数"), 166);
    assert_num(stage_value(&a->stages[0], "学制年数"), 6);

    assert_string_equal(b->code, "43002");
    assert_string_equal(b->name, "");
    assert_string_equal(b->type, "");
    assert_bool(school_value(b, "有方案"), 0);
    assert_num(school_value(b, "达标率"), 0.875);
    assert_word(school_value(b, "评价"), 0);
    assert_string_equal(school_value(b, "简称").text, "二小");
    assert_int_equal(school_value(b, "学校类型").tag, V_MISSING);
    assert_int_equal(b->nstages, 0);
    unload(&L);
}

/* A field typed by a word list the rules declare takes its words and the
 * aliases in parentheses, written as text or, for an alias that is a
 * number, as a JSON number; anything else is reported with the list. */
static void words_of_a_declared_word_list(void **state)
{
    (void)state;
    char *shown;
    RuleSet *starred = rules_from_text("starred.jh", PRELUDE
        "词表 星级 { 一星（1） < 二星（2, \"两星\"） < 三星（3, 三颗星） }\n"
        "字段 学校 { 星 星级 }\n", &shown);
    assert_string_equal(shown, "");
    free(shown);
    RuleSet *saved = rules;
    rules = starred;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '星': 3},\n"
         "  {'学校代码': '2', '星': '两星'},\n"
         "  {'学校代码': '3', '星': '一星'},\n"
         "  {'学校代码': '4', '星': '三颗星'},\n"
         "  {'学校代码': '5', '星': '四星'},\n"
         "  {'学校代码': '6', '星': true}\n"
         "]}\n");
    assert_shown(&L,
                 "d.json:6:17: 错误: 字段 '星' 的值 '四星' 不在可选值中（一星、二星、三星）\n"
                 "d.json:7:17: 错误: 字段 '星' 应为星级 { 一星 < 二星 < 三星 }\n");
    assert_word(school_value(&L.s[0], "星"), 2);
    assert_word(school_value(&L.s[1], "星"), 1);
    assert_word(school_value(&L.s[2], "星"), 0);
    assert_word(school_value(&L.s[3], "星"), 2);
    unload(&L);
    rules = saved;
    rules_free(starred);
}

static void null_and_absent_are_missing(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '43001', '面积': null, '有方案': null, '城乡类型': null, '达标率': null,\n"
         "   '学段': [{'学段': '初中', '在校生数': null}]}\n"
         "]}\n");
    assert_shown(&L, "");
    assert_int_equal(L.n, 1);
    const SchoolData *s = &L.s[0];
    const char *school_fields[] = {"面积", "有方案", "城乡类型", "达标率", "评价", "学校类型", "建校年份", "简称"};
    for (size_t i = 0; i < sizeof school_fields / sizeof *school_fields; i++)
        if (school_value(s, school_fields[i]).tag != V_MISSING) fail_msg("%s is not missing", school_fields[i]);
    assert_int_equal(s->nstages, 1);
    assert_int_equal(s->stages[0].word, 1);
    /* 学制年数's default belongs to the evaluator: the record itself lacks it. */
    const char *stage_fields[] = {"在校生数", "教师数", "起始年级学生数", "学制年数"};
    for (size_t i = 0; i < sizeof stage_fields / sizeof *stage_fields; i++)
        if (stage_value(&s->stages[0], stage_fields[i]).tag != V_MISSING) fail_msg("%s is not missing", stage_fields[i]);
    assert_int_equal(s->stages[0].values[field("面积")->stage_slot].tag, V_MISSING);
    unload(&L);
}

static void stage_records_by_word(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '43001', '学段': [\n"
         "    {'学段': '初中', '在校生数': 210, '教师数': 12},\n"
         "    {'学段': '高中', '在校生数': 300},\n"
         "    {'学段': '小学', '在校生数': 166, '教师数': 9}]}\n"
         "]}\n");
    assert_shown(&L, "");
    assert_int_equal(L.n, 1);
    const SchoolData *s = &L.s[0];
    assert_int_equal(s->nstages, 3);
    assert_int_equal(s->stages[0].word, 1); /* 小学 0, 初中 1, 高中 2 */
    assert_int_equal(s->stages[1].word, 2);
    assert_int_equal(s->stages[2].word, 0);
    assert_word(stage_value(&s->stages[0], "学段"), 1);
    assert_num(stage_value(&s->stages[0], "在校生数"), 210);
    assert_num(stage_value(&s->stages[0], "教师数"), 12);
    assert_num(stage_value(&s->stages[1], "在校生数"), 300);
    assert_int_equal(stage_value(&s->stages[1], "教师数").tag, V_MISSING);
    assert_num(stage_value(&s->stages[2], "在校生数"), 166);
    assert_num(stage_value(&s->stages[2], "教师数"), 9);
    unload(&L);
}

static void split_field_in_stage_record_goes_to_stage_slot(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '43001', '面积': 23226, '学段': [\n"
         "    {'学段': '小学', '在校生数': 166, '面积': 9000},\n"
         "    {'学段': '初中', '在校生数': 210}]}\n"
         "]}\n");
    assert_shown(&L, "");
    const FieldDecl *area = field("面积");
    assert_int_equal(area->level, LV_SCHOOL);
    assert_true(area->split);
    const SchoolData *s = &L.s[0];
    assert_num(s->values[area->slot], 23226);
    assert_num(s->stages[0].values[area->stage_slot], 9000);
    assert_num(stage_value(&s->stages[0], "在校生数"), 166);
    assert_int_equal(s->stages[1].values[area->stage_slot].tag, V_MISSING);
    assert_num(stage_value(&s->stages[1], "在校生数"), 210);
    unload(&L);
}

static void bom_is_accepted_and_not_counted_as_a_column(void **state)
{
    (void)state;
    Load L;
    load(&L, "\xEF\xBB\xBF{'学校': [{'学校代码': 'a', '城乡类型': '农村'}, {'学校代码': 'b'}]}\n");
    assert_shown(&L, "d.json:1:23: 错误: 字段 '城乡类型' 的值 '农村' 不在可选值中（城区、镇区、乡村）\n");
    assert_int_equal(L.n, 2);
    assert_int_equal(L.last, 0);
    assert_string_equal(L.s[0].code, "a");
    assert_string_equal(L.s[1].code, "b");
    unload(&L);
}

/* ---- the county ---- */

static void county_before_schools(void **state)
{
    (void)state;
    write_json("d.json",
               "{'数据集': {'名称': '测试县', '年度': 2025},\n"
               " '县级': {'社会认可度': '95%', '批复': true, '未知': [1]},\n"
               " '学校': [{'学校代码': '1'}, {'学校代码': '2'}]}\n");
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("d.json", rules, &d, 0);
    assert_non_null(r);
    const CountyData *c = jload_county(r);
    assert_string_equal(c->name, "测试县");
    assert_non_null(c->values);
    assert_num(c->values[field("社会认可度")->slot], 0.95);
    Arena a;
    arena_init(&a, 4096);
    SchoolData s;
    assert_int_equal(jload_next(r, &s, &a), 1);
    assert_string_equal(s.code, "1");
    assert_int_equal(jload_next(r, &s, &a), 1);
    assert_string_equal(s.code, "2");
    assert_int_equal(jload_next(r, &s, &a), 0);
    c = jload_county(r);
    assert_num(c->values[field("社会认可度")->slot], 0.95);
    assert_bool(c->values[field("批复")->slot], 1);
    assert_int_equal(c->values[field("县人口")->slot].tag, V_MISSING);
    assert_int_equal(d.errors, 0);
    jload_close(r);
    arena_free(&a);
    diag_free(&d);
}

static void county_after_schools(void **state)
{
    (void)state;
    write_json("d.json",
               "{'学校': [{'学校代码': '1'}],\n"
               " '县级': {'社会认可度': 0.9, '批复': false, '县人口': 500000},\n"
               " '数据集': {'名称': '后置'}}\n");
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("d.json", rules, &d, 0);
    assert_non_null(r);
    /* Not read yet: present, every value missing. */
    assert_int_equal(jload_county(r)->values[field("社会认可度")->slot].tag, V_MISSING);
    Arena a;
    arena_init(&a, 4096);
    SchoolData s;
    assert_int_equal(jload_next(r, &s, &a), 1);
    assert_int_equal(jload_next(r, &s, &a), 0);
    const CountyData *c = jload_county(r);
    assert_non_null(c->values);
    assert_string_equal(c->name, "后置");
    assert_num(c->values[field("社会认可度")->slot], 0.9);
    assert_bool(c->values[field("批复")->slot], 0);
    assert_num(c->values[field("县人口")->slot], 500000);
    assert_int_equal(d.errors, 0);
    jload_close(r);
    arena_free(&a);
    diag_free(&d);
}

/* ---- diagnostics ---- */

static void malformed_json_in_a_school(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1'},\n"
         "  {'学校代码': '2' '学校名称': 'x'}\n"
         "]}\n");
    assert_int_equal(L.n, 1);
    assert_int_equal(L.last, -1);
    /* At the second key, where ',' or '}' was expected. */
    assert_shown(&L, "d.json:3:16: 错误: JSON 格式错误\n");
    unload(&L);
}

static void malformed_json_in_the_county(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'县级': {'批复': tru},\n"
         " '学校': []}\n");
    assert_null(L.r);
    assert_shown(&L, "d.json:1:15: 错误: JSON 格式错误\n");
    unload(&L);
}

/* A file that ends inside a school (cut short in a copy) is malformed
 * where it ends, whatever the value it ends in. */
static void file_that_ends_inside_a_school(void **state)
{
    (void)state;
    static const struct {
        const char *cut;
        int col; /* where the file ends */
    } cases[] = {{"'学校代码': '2'", 15}, {"'学校代码': '2", 14}, {"'学校代码': 2", 13}, {"'学校代码': tr", 14}, {"'学校代码'", 10}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char text[128], expected[64];
        snprintf(text, sizeof text, "{'学校': [\n  {'学校代码': '1'},\n  {%s", cases[i].cut);
        Load L;
        load(&L, text);
        assert_int_equal(L.n, 1);
        assert_int_equal(L.last, -1);
        snprintf(expected, sizeof expected, "d.json:3:%d: 错误: JSON 格式错误\n", cases[i].col);
        assert_shown(&L, expected);
        unload(&L);
    }
}

static void missing_comma_between_schools(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1'}\n"
         "  {'学校代码': '2'}\n"
         "]}\n");
    assert_int_equal(L.n, 1);
    assert_int_equal(L.last, -1);
    assert_shown(&L, "d.json:3:3: 错误: 此处应为',' / ']'\n");
    unload(&L);
}

static void wrong_types_are_reported_at_the_key(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '面积': '二万', '学段': [\n"
         "    {'学段': '小学', '在校生数': '120'},\n"
         "    {'学段': '初中', '在校生数': true}]},\n"
         "  {'学校代码': '2', '城乡类型': 1}\n"
         "]}\n");
    assert_shown(&L,
                 "d.json:2:17: 错误: 字段 '面积' 应为数值\n"
                 "d.json:4:18: 错误: 字段 '在校生数' 应为非负整数\n"
                 "d.json:5:17: 错误: 字段 '城乡类型' 应为取值词\n");
    /* Schools with invalid values are still returned, the values missing;
     * a number written as a string is a number. */
    assert_int_equal(L.n, 2);
    assert_int_equal(L.last, 0);
    assert_int_equal(school_value(&L.s[0], "面积").tag, V_MISSING);
    assert_num(stage_value(&L.s[0].stages[0], "在校生数"), 120);
    assert_int_equal(stage_value(&L.s[0].stages[1], "在校生数").tag, V_MISSING);
    assert_int_equal(school_value(&L.s[1], "城乡类型").tag, V_MISSING);
    unload(&L);
}

static void unknown_enum_words(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '城乡类型': '农村',\n"
         "   '评价': '很好'}\n"
         "]}\n");
    assert_shown(&L,
                 "d.json:2:17: 错误: 字段 '城乡类型' 的值 '农村' 不在可选值中（城区、镇区、乡村）\n"
                 "d.json:3:4: 错误: 字段 '评价' 的值 '很好' 不在可选值中（不合格、合格、良好、优秀）\n");
    assert_int_equal(L.n, 1);
    assert_int_equal(school_value(&L.s[0], "城乡类型").tag, V_MISSING);
    assert_int_equal(school_value(&L.s[0], "评价").tag, V_MISSING);
    unload(&L);
}

static void negative_and_fractional_integers(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '学段': [{'学段': '小学', '教师数': -3, '在校生数': 2.5, '起始年级学生数': 0}]}\n"
         "]}\n");
    assert_shown(&L,
                 "d.json:2:37: 错误: 字段 '教师数' 应为非负整数\n"
                 "d.json:2:48: 错误: 字段 '在校生数' 应为非负整数\n");
    const StageData *st = &L.s[0].stages[0];
    assert_int_equal(stage_value(st, "教师数").tag, V_MISSING);
    assert_int_equal(stage_value(st, "在校生数").tag, V_MISSING);
    assert_num(stage_value(st, "起始年级学生数"), 0);
    unload(&L);
}

static void duplicate_school_code_names_the_first_line(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '43001'},\n"
         "  {'学校代码': '43002'},\n"
         "  {'学校代码': '43001', '学段': []}\n"
         "]}\n");
    assert_shown(&L, "d.json:4:4: 错误: 学校代码 43001 重复（第一次在第 2 行）\n");
    assert_int_equal(L.n, 3);
    assert_int_equal(L.last, 0);
    assert_int_equal(L.s[0].line, 2);
    assert_int_equal(L.s[1].line, 3);
    assert_int_equal(L.s[2].line, 4);
    unload(&L);
}

static void school_without_code(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校名称': '无码'}\n"
         "]}\n");
    assert_shown(&L, "d.json:2:3: 错误: 学校缺少 \"学校代码\"\n");
    assert_int_equal(L.n, 1);
    assert_string_equal(L.s[0].code, "");
    assert_string_equal(L.s[0].name, "无码");
    unload(&L);
}

static void stage_word_not_in_the_enum(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '学段': [\n"
         "    {'学段': '幼儿园', '在校生数': 30},\n"
         "    {'学段': '小学', '在校生数': 166}]}\n"
         "]}\n");
    assert_shown(&L, "d.json:3:6: 错误: 学段 '幼儿园' 不是 小学、初中、高中 之一\n");
    assert_int_equal(L.n, 1);
    assert_int_equal(L.s[0].nstages, 1);
    assert_int_equal(L.s[0].stages[0].word, 0);
    assert_num(stage_value(&L.s[0].stages[0], "在校生数"), 166);
    unload(&L);
}

static void duplicate_stage_record(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '7', '学段': [{'学段': '小学', '在校生数': 30},\n"
         "    {'学段': '小学', '在校生数': 31}]}\n"
         "]}\n");
    assert_shown(&L, "d.json:3:6: 错误: 学校 7 的学段 小学 重复\n");
    unload(&L);
}

static void no_school_list(void **state)
{
    (void)state;
    Load L;
    load(&L, "{'数据集': {'名称': 'x'}, '县级': {}}\n");
    assert_null(L.r);
    assert_shown(&L, "d.json:1:1: 错误: 数据集没有 \"学校\" 列表\n");
    unload(&L);
}

static void trailing_content_after_the_dataset(void **state)
{
    (void)state;
    Load L;
    load(&L, "{'学校': [{'学校代码': '1'}]}\n}\n");
    assert_int_equal(L.n, 1);
    assert_int_equal(L.last, -1);
    assert_shown(&L, "d.json:2:1: 错误: JSON 结束后还有多余内容\n");
    unload(&L);
}

static void row_lists_that_are_not_lists_of_records(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '学段': [{'学段': '小学'}],\n"
         "   '班级': {'学段': '小学', '学生数': 40},\n"
         "   '校区': ['本部', {'校区名称': '东校区'}]}\n"
         "]}\n");
    assert_shown(&L,
                 "d.json:3:4: 错误: '班级' 应为记录列表\n"
                 "d.json:4:4: 错误: '校区' 应为记录列表\n");
    /* The school is still returned; the list that is not one is empty and
     * the records among the other entries are kept. */
    assert_int_equal(L.n, 1);
    assert_int_equal(L.s[0].rows[level_of(rules, "班级")].count, 0);
    assert_int_equal(L.s[0].rows[level_of(rules, "校区")].count, 1);
    unload(&L);
}

/* A rule set whose 学段 has more words than a school may carry records. */
#define MANY_STAGE_RULES \
    "评估学段 甲\n" \
    "字段 学校 { 学校类型 枚举(小学) }\n" \
    "字段 学段 { 学段 枚举(甲, 乙, 丙, 丁, 戊, 己, 庚, 辛, 壬, 癸) 在校生数 整数 }\n"

static void more_stage_records_than_the_limit(void **state)
{
    (void)state;
    char *shown;
    RuleSet *many = rules_from_text("many.jh", MANY_STAGE_RULES, &shown);
    assert_string_equal(shown, "");
    free(shown);
    assert_true(JH_MAX_STAGES < 10); /* the rule set has 10 stage words */
    /* One record per stage word, one past the limit. */
    char json[2048] = "{'学校': [\n  {'学校代码': '1', '学段': [\n";
    const char *words[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    for (int i = 0; i <= JH_MAX_STAGES; i++)
        snprintf(json + strlen(json), sizeof json - strlen(json), "    {'学段': '%s', '在校生数': 10}%s\n", words[i],
                 i < JH_MAX_STAGES ? "," : "]}");
    strcat(json, "]}\n");
    RuleSet *saved = rules;
    rules = many;
    Load L;
    load(&L, json);
    rules = saved;
    char expected[128];
    snprintf(expected, sizeof expected, "d.json:%d:6: 错误: 学校的学段记录超过 %d 个\n", JH_MAX_STAGES + 3, JH_MAX_STAGES);
    assert_shown(&L, expected);
    assert_int_equal(L.n, 1);
    assert_int_equal(L.s[0].nstages, JH_MAX_STAGES);
    unload(&L);
    rules_free(many);
}

/* A FIFO without a writer blocks an open or a read forever and a device
 * never ends: the dataset, and any file read whole (rule files, scripts),
 * must be a regular file. alarm() turns a hang into a failed suite. */
static void non_regular_files_are_refused(void **state)
{
    (void)state;
    assert_int_equal(mkfifo("fifo.json", 0600), 0);
    alarm(10);
    const char *paths[] = {"fifo.json", "/dev/zero"};
    for (int i = 0; i < 2; i++) {
        DiagList d;
        diag_init(&d);
        assert_null(jload_open(paths[i], rules, &d, 0));
        char *shown = render(&d), expected[256];
        snprintf(expected, sizeof expected, "junheng: 错误: 无法读取 %s：不是普通文件（是命名管道、设备或套接字）\n", paths[i]);
        if (strcmp(shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, shown);
        free(shown);
        diag_free(&d);
        Source src;
        errno = 0;
        assert_int_equal(source_read(&src, paths[i], 1 << 20), -1);
        assert_int_equal(errno, ENODEV);
    }
    Source src;
    assert_int_equal(source_read(&src, ".", 1 << 20), -1);
    assert_int_equal(errno, EISDIR);
    alarm(0);
    remove("fifo.json");
}

/* ---- inputs that used to pass silently ---- */

/* An empty school list evaluated nothing and concluded 通过. */
static void empty_school_list(void **state)
{
    (void)state;
    Load L;
    load(&L, "{'数据集': {'年度': 2025},\n 'ch': [],\n '学校': [ ],\n '县级': {'县人口': 5}}\n");
    assert_shown(&L, "d.json:3:8: 错误: 数据集中一所学校也没有：没有可以评估的内容\n");
    assert_int_equal(L.n, 0);
    assert_int_equal(L.last, 0); /* the rest is read: the county, further errors */
    assert_num(jload_county(L.r)->values[field("县人口")->slot], 5);
    unload(&L);
}

/* A list entry that is not a record is reported at the list, and the
 * records after it at their own keys (they were taken for the entry before). */
static void records_after_an_entry_that_is_not_one(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '学段': ['小学', {'学段': '小学'}],\n"
         "   '班级': ['一班', {'学段': '初中', '学生数': 40}]}\n"
         "]}\n");
    assert_shown(&L,
                 "d.json:2:17: 错误: 学段 '?' 不是 小学、初中、高中 之一\n"
                 "d.json:3:4: 错误: '班级' 应为记录列表\n"
                 "d.json:3:18: 错误: 班级记录的学段 '初中' 不是该校的学段（该校有：小学）\n");
    assert_int_equal(L.s[0].nstages, 1);
    assert_int_equal(L.s[0].rows[level_of(rules, "班级")].count, 1);
    unload(&L);
}

/* A second "学校" list ended the run with status 1 and no message. */
static void second_school_list(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [{'学校代码': '1'}],\n"
         " '学校': [{'学校代码': '2'}]}\n");
    assert_shown(&L, "d.json:2:2: 错误: 键 \"学校\" 重复（第一次在第 1 行第 2 列）\n");
    assert_int_equal(L.n, 1);
    assert_int_equal(L.last, -1);
    unload(&L);
}

/* A repeated key was accepted, its last value used while explain showed the
 * first: now each is an error at the repeat naming the first, and the
 * first value is the one kept, in every object the reader reads. */
static void duplicate_keys_in_every_object(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'数据集': {'名称': '甲', '年度': 2025, '名称': '乙'},\n"
         " '县级': {'县人口': 5, '批复': true, '县人口': 6, '质量监测': [], '质量监测': []},\n"
         " '学校': [\n"
         "  {'学校代码': '1', '面积': 10, '学段': [{'学段': '小学', '在校生数': 1, '在校生数': 2, '面积': 3, '面积': 4}],\n"
         "   '班级': [{'学生数': 40, '学生数': 41}], '面积': 11, '学段': [], '备注': 1, '备注': 2}\n"
         " ],\n"
         " '县级': {}, '数据集': {}}\n");
    assert_shown(&L,
                 "d.json:1:33: 错误: 键 \"名称\" 重复（第一次在第 1 行第 10 列）\n"
                 "d.json:2:31: 错误: 键 \"县人口\" 重复（第一次在第 2 行第 9 列）\n"
                 "d.json:2:41: 警告: 键 \"质量监测\" 不是规则声明的县级字段，不会读取\n"
                 "d.json:2:53: 错误: 键 \"质量监测\" 重复（第一次在第 2 行第 41 列）\n"
                 "d.json:5:36: 错误: 键 \"面积\" 重复（第一次在第 4 行第 17 列）\n"
                 "d.json:5:56: 警告: 键 \"备注\" 不是规则声明的学校字段，不会读取\n"
                 "d.json:5:46: 错误: 键 \"学段\" 重复（第一次在第 4 行第 27 列）\n"
                 "d.json:5:65: 错误: 键 \"备注\" 重复（第一次在第 5 行第 56 列）\n"
                 "d.json:4:58: 错误: 键 \"在校生数\" 重复（第一次在第 4 行第 47 列）\n"
                 "d.json:4:78: 错误: 键 \"面积\" 重复（第一次在第 4 行第 69 列）\n"
                 "d.json:5:23: 错误: 键 \"学生数\" 重复（第一次在第 5 行第 12 列）\n"
                 "d.json:7:2: 错误: 键 \"县级\" 重复（第一次在第 2 行第 2 列）\n"
                 "d.json:7:12: 错误: 键 \"数据集\" 重复（第一次在第 1 行第 2 列）\n");
    assert_int_equal(L.n, 1);
    const SchoolData *s = &L.s[0];
    assert_num(school_value(s, "面积"), 10);
    assert_num(stage_value(&s->stages[0], "在校生数"), 1);
    assert_num(s->stages[0].values[field("面积")->stage_slot], 3);
    assert_int_equal(s->rows[level_of(rules, "班级")].count, 1);
    assert_num(s->rows[level_of(rules, "班级")].rows[0][field("学生数")->slot], 40);
    const CountyData *c = jload_county(L.r);
    assert_string_equal(c->name, "甲");
    assert_num(c->values[field("县人口")->slot], 5);
    unload(&L);
}

/* The members of the dataset object are separated by commas like any. */
static void missing_comma_between_top_level_members(void **state)
{
    (void)state;
    Load L;
    load(&L, "{'学校': [{'学校代码': '1'}]\n '县级': {}}\n");
    assert_shown(&L, "d.json:2:2: 错误: 此处应为',' / '}'\n");
    assert_int_equal(L.last, -1);
    unload(&L);
}

/* Bytes that are not UTF-8 inside strings reached the outputs (the JSON
 * result was not UTF-8, the workbook not well-formed): every string that is
 * read, key or value, is checked, and reported at its key. */
static void invalid_utf8_in_keys_and_values(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'数据集': {'名称': 'a\xff'}, 'x\xc0\xaf': 1,\n"
         " '县级': {'县人口': 5, '\xed\xa0\x80': 1},\n"
         " '学校': [\n"
         "  {'学校代码': '1\xfe', '学校名称': '\xe4\xb8', '简称': '\xc3', '城乡类型': '乡\x80',\n"
         "   '学段': [{'学段': '\xe5\xb0\x8f\xe5'}, {'学段': '初中', '\xf5\x80\x80\x80': 1}]}\n"
         " ]}\n");
    assert_shown(&L,
                 "d.json:1:10: 错误: 字段 '名称' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:1:23: 错误: 键名不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:2:19: 错误: 键名不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:4:4: 错误: 字段 '学校代码' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:4:18: 错误: 字段 '学校名称' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:4:31: 错误: 字段 '简称' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:4:42: 错误: 字段 '城乡类型' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:5:12: 错误: 字段 '学段' 的值不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n"
                 "d.json:5:38: 错误: 键名不是有效的 UTF-8 编码（JSON 文件须存为 UTF-8）\n");
    assert_int_equal(L.n, 1);
    const SchoolData *s = &L.s[0];
    assert_string_equal(s->code, ""); /* no text that is not UTF-8 is handed on */
    assert_string_equal(s->name, "");
    assert_int_equal(school_value(s, "简称").tag, V_MISSING);
    assert_int_equal(school_value(s, "城乡类型").tag, V_MISSING);
    assert_int_equal(s->nstages, 1);
    assert_null(jload_county(L.r)->name);
    unload(&L);
}

/* JSON white space is the space, tab, CR and LF: a control character or a
 * BOM between values is malformed JSON, reported where it is (cJSON once
 * skipped both; control characters between members once failed the count
 * that located values, found by fuzz_json). */
static void control_characters_and_bom_between_values(void **state)
{
    (void)state;
    Load L;
    load(&L, "{'县级': \xEF\xBB\xBF{'县人口': 'x'},\n '学校': [{'学校代码': '1'}]}\n");
    assert_null(L.r);
    assert_shown(&L, "d.json:1:8: 错误: JSON 格式错误\n");
    unload(&L);
    load(&L, "{'学校': [{'学校代码': '1',\x01\x02 '面积': 2}]}\n");
    assert_int_equal(L.last, -1);
    assert_shown(&L, "d.json:1:22: 错误: JSON 格式错误\n");
    unload(&L);
    load(&L, "{'学校': [{'学校代码': '1', '面积':\x1f" "2}]}\n");
    assert_shown(&L, "d.json:1:28: 错误: JSON 格式错误\n");
    unload(&L);
}

/* ---- many values in one school: located in one pass ---- */

/* Places are counted from marks 1 KiB apart and from the place last asked
 * for: a repeated key 3 KB after its first, on one line, is located both
 * forward and back. */
static void places_far_apart_on_one_line(void **state)
{
    (void)state;
    char text[4096], name[3001];
    for (int i = 0; i < 1000; i++) memcpy(name + 3 * i, "名", 3);
    name[3000] = '\0';
    snprintf(text, sizeof text, "{'学校': [{'学校代码': '1', '面积': 1, '学校名称': '%s', '面积': 2, '学段': [{'学段': '小学'}]}]}\n",
             name);
    Load L;
    load(&L, text);
    assert_shown(&L, "d.json:1:1044: 错误: 键 \"面积\" 重复（第一次在第 1 行第 23 列）\n");
    unload(&L);
}


#define MANY_ROWS 40000

/* A school of MANY_ROWS class rows, one a line from line 3, then 面积 on
 * the last line of the school; rows whose 学生数 is "x" when bad. */
static void write_many_rows(const char *path, int bad)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("{\"学校\": [\n  {\"学校代码\": \"1\", \"学段\": [{\"学段\": \"小学\", \"在校生数\": 9}], \"班级\": [\n", f);
    for (int i = 0; i < MANY_ROWS; i++)
        fprintf(f, "    {\"学生数\": %s}%s\n", bad ? "\"x\"" : "40", i < MANY_ROWS - 1 ? "," : "],");
    fputs("   \"面积\": 5}\n]}\n", f);
    fclose(f);
}

/* Opens path for L (with the rules of these tests): what it reports goes to L.d. */
static void open_load(Load *L, const char *path)
{
    memset(L, 0, sizeof *L);
    diag_init(&L->d);
    arena_init(&L->arena, 1 << 16);
    L->r = jload_open(path, rules, &L->d, 0);
    assert_non_null(L->r);
}

/* Reads path, whose first school must be refused: L->shown gets what was
 * reported. The file is removed (the reader keeps it open). */
static void refuse_first_school(Load *L, const char *path)
{
    open_load(L, path);
    remove(path);
    assert_int_equal(jload_next(L->r, &L->s[0], &L->arena), -1);
    L->shown = render(&L->d);
}

/* 40 000 bad rows in one school took 74 s when every diagnostic rescanned
 * the school's text; each is now located from one pass over it. */
static void every_bad_row_of_a_large_school_is_located(void **state)
{
    (void)state;
    write_many_rows("rows.json", 1);
    Load L;
    open_load(&L, "rows.json");
    assert_int_equal(jload_next(L.r, &L.s[0], &L.arena), 1);
    assert_int_equal(jload_next(L.r, &L.s[1], &L.arena), 0);
    assert_int_equal(L.s[0].rows[level_of(rules, "班级")].count, MANY_ROWS);
    assert_int_equal(L.d.errors, MANY_ROWS);
    assert_int_equal(L.d.dropped, MANY_ROWS - JH_MAX_DIAGNOSTICS);
    for (int i = 0; i < L.d.count; i++) {
        assert_int_equal(L.d.items[i].line, 3 + i);
        assert_int_equal(L.d.items[i].col, 6);
    }
    unload(&L);
}

/* explain's provenance: the key of every value, on a large school too (the
 * school's 面积 comes after its 40 000 class rows). */
static void keep_where_records_the_key_of_every_value(void **state)
{
    (void)state;
    write_many_rows("rows.json", 0);
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("rows.json", rules, &d, 1);
    assert_non_null(r);
    Arena a;
    arena_init(&a, 1 << 16);
    SchoolData s;
    assert_int_equal(jload_next(r, &s, &a), 1);
    assert_int_equal(d.errors, 0);
    assert_string_equal(s.where.file, "rows.json");
    int slot = field("面积")->slot;
    assert_int_equal(s.where.line[slot], MANY_ROWS + 3);
    assert_int_equal(s.where.col[slot], 4);
    slot = field("在校生数")->slot;
    assert_int_equal(s.stages[0].where.line[slot], 2);
    assert_int_equal(s.stages[0].where.col[slot], 37);
    assert_int_equal(s.where.line[field("建校年份")->slot], 0); /* absent */
    jload_close(r);
    arena_free(&a);
    diag_free(&d);
    remove("rows.json");
}

/* ---- large files: a school crossing the 4 MiB chunk ---- */

#define CHUNK_BYTES (1u << 20)

static int school_line(char *buf, size_t size, int i, int bad)
{
    char teachers[8];
    if (bad) snprintf(teachers, sizeof teachers, "\"A\"");
    else snprintf(teachers, sizeof teachers, "%d", 100 + i % 900);
    return snprintf(buf, size,
                    "{\"学校代码\": \"S%06d\", \"学校名称\": \"第%06d号学校\", \"学校类型\": \"小学\", \"城乡类型\": \"城区\", "
                    "\"面积\": %d, \"学段\": [{\"学段\": \"小学\", \"在校生数\": %d, \"教师数\": %s}]},\n",
                    i, i, 1000000 + i, 100000 + i, teachers);
}

/* Characters (code points) in the first n bytes of s. */
static int chars_in(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
    return c;
}

static void school_crossing_the_chunk_boundary(void **state)
{
    (void)state;
    char line[512];
    const size_t L = (size_t)school_line(line, sizeof line, 0, 0);
    const char *head = "{\"数据集\": {\"名称\": \"大\"}, \"学校\": [";
    /* Pad the first line so that byte CHUNK_BYTES of the file falls on the
     * second byte of "第" in a school's name: the reader's first chunk then
     * ends inside a school object, inside a character. */
    size_t cut = (size_t)(strstr(line, "第") - line) + 1;
    size_t H = strlen(head) + 1;
    size_t pad = ((CHUNK_BYTES - H - cut) % L + L) % L;
    const int k = (int)((CHUNK_BYTES - H - pad) / L); /* the school crossing */
    const int n = (int)((11u << 19) / L);              /* about 5.5 MiB */
    assert_true(k > 0 && k < n - 1);

    FILE *f = fopen("big.json", "wb");
    assert_non_null(f);
    fprintf(f, "%s%*s\n", head, (int)pad, "");
    for (int i = 0; i < n; i++) {
        int len = school_line(line, sizeof line, i, i == k);
        assert_int_equal((size_t)len, L);
        if (i == n - 1) line[len - 2] = ' '; /* no comma after the last school */
        fputs(line, f);
    }
    fputs("]}\n", f);
    fclose(f);

    /* The file as bytes, for the boundary check and the hash. */
    Source whole;
    assert_int_equal(source_read(&whole, "big.json", 64u << 20), 0);
    assert_true(whole.len > (5u << 20));
    size_t start_k = H + pad + (size_t)k * L;
    assert_true(start_k < CHUNK_BYTES && CHUNK_BYTES < start_k + L);
    assert_int_equal((unsigned char)whole.text[CHUNK_BYTES] & 0xC0, 0x80);
    /* Where the bad value of school k is: its key's column on its line. */
    school_line(line, sizeof line, k, 1);
    size_t key = (size_t)(strstr(line, "\"教师数\"") - line);
    char expected[256];
    snprintf(expected, sizeof expected, "big.json:%d:%d: 错误: 字段 '教师数' 应为非负整数\n", k + 2, chars_in(line, key) + 1);

    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("big.json", rules, &d, 0);
    assert_non_null(r);
    Arena a;
    arena_init(&a, 1 << 16);
    SchoolData s;
    int got, i = 0;
    char want[64];
    while ((got = jload_next(r, &s, &a)) == 1) {
        snprintf(want, sizeof want, "S%06d", i);
        if (strcmp(s.code, want) != 0) fail_msg("school %d: code %s", i, s.code);
        snprintf(want, sizeof want, "第%06d号学校", i);
        if (strcmp(s.name, want) != 0) fail_msg("school %d: name %s", i, s.name);
        if (s.line != i + 2) fail_msg("school %d: line %d", i, s.line);
        Value area = school_value(&s, "面积");
        if (area.tag != V_NUM || area.num != 1000000 + i) fail_msg("school %d: 面积", i);
        assert_int_equal(s.nstages, 1);
        Value pupils = stage_value(&s.stages[0], "在校生数");
        if (pupils.tag != V_NUM || pupils.num != 100000 + i) fail_msg("school %d: 在校生数", i);
        Value teachers = stage_value(&s.stages[0], "教师数");
        if (i == k) assert_int_equal(teachers.tag, V_MISSING);
        else if (teachers.tag != V_NUM || teachers.num != 100 + i % 900) fail_msg("school %d: 教师数", i);
        arena_reset(&a);
        i++;
    }
    assert_int_equal(got, 0);
    assert_int_equal(i, n);
    assert_string_equal(jload_county(r)->name, "大");
    char *shown = render(&d);
    if (strcmp(shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, shown);
    free(shown);

    /* The dataset hash is the SHA-256 of the file's bytes. */
    char hex[65], direct[65];
    jload_sha256(r, hex);
    Digest *h = digest_new();
    digest_update(h, whole.text, whole.len);
    digest_finish(h, direct);
    assert_string_equal(hex, direct);

    jload_close(r);
    arena_free(&a);
    diag_free(&d);
    source_free(&whole);
    remove("big.json");
}

/* One school object larger than the limit is refused, not buffered. The
 * reader checks the limit when a chunk read still leaves the school
 * incomplete, so a school a whole chunk past the limit is refused for sure.
 * The file (about 20 MiB) is written here and removed. */
static void school_larger_than_the_limit(void **state)
{
    (void)state;
    FILE *f = fopen("huge.json", "wb");
    assert_non_null(f);
    fputs("{\"学校\": [\n  {\"学校代码\": \"1\", \"学校名称\": \"", f);
    static char block[1 << 16];
    memset(block, 'x', sizeof block);
    for (unsigned n = 0; n <= JH_MAX_SCHOOL_BYTES + CHUNK_BYTES; n += sizeof block) fwrite(block, 1, sizeof block, f);
    fputs("\"}\n]}\n", f);
    fclose(f);
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("huge.json", rules, &d, 0);
    assert_non_null(r);
    Arena a;
    arena_init(&a, 1 << 16);
    SchoolData s;
    int got = jload_next(r, &s, &a);
    char *shown = render(&d);
    jload_close(r);
    arena_free(&a);
    diag_free(&d);
    remove("huge.json"); /* before any assertion, which would leave it behind */
    assert_int_equal(got, -1);
    char expected[128];
    snprintf(expected, sizeof expected, "huge.json:2:3: 错误: 一所学校的数据超过 %u 字节的上限\n", JH_MAX_SCHOOL_BYTES);
    if (strcmp(shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, shown);
    free(shown);
}

/* A syntax error in a school followed by more than a school's worth of
 * data is malformed JSON where it is: the reader once read on past the
 * error, as if the school were unfinished, and reported it too large. */
static void syntax_error_before_much_data(void **state)
{
    (void)state;
    FILE *f = fopen("synerr.json", "wb");
    assert_non_null(f);
    fputs("{\"学校\": [\n  {\"学校代码\": \"0\" \"x\": 1}", f);
    for (size_t n = 0; n < JH_MAX_SCHOOL_BYTES + (1u << 20); n += 40) fputs(",\n  {\"学校代码\": \"1\", \"面积\": 100000}", f);
    fputs("\n]}\n", f);
    fclose(f);
    Load L;
    refuse_first_school(&L, "synerr.json");
    assert_shown(&L, "synerr.json:2:16: 错误: JSON 格式错误\n");
    unload(&L);
}

/* A school under the size limit whose values would take too much memory
 * once parsed (a JsonNode for each "0,") is refused when its tree reaches
 * the memory limit, not after: 15.8 MB of such values once took 1.95 GB. */
static void school_with_too_many_values(void **state)
{
    (void)state;
    FILE *f = fopen("dense.json", "wb");
    assert_non_null(f);
    fputs("{\"学校\": [\n  {\"学校代码\": \"1\", \"备注\": [0", f);
    size_t values = JH_MAX_SCHOOL_MEMORY / sizeof(JsonNode) + 1;
    assert_true(2 * values < JH_MAX_SCHOOL_BYTES);
    for (size_t i = 1; i < values; i++) fputs(",0", f);
    fputs("]}\n]}\n", f);
    fclose(f);
    Load L;
    refuse_first_school(&L, "dense.json");
    char expected[160];
    snprintf(expected, sizeof expected, "dense.json:2:3: 错误: 一所学校的数据中值或记录太多：读入后超过 %u 字节的内存上限\n",
             JH_MAX_SCHOOL_MEMORY);
    assert_shown(&L, expected);
    unload(&L);
}

/* The values a school's records convert to count too: with twenty class
 * fields an empty class record "{}" takes 21 values, five times its DOM.
 * The list is reported at its key. */
static void school_whose_records_convert_to_too_much(void **state)
{
    (void)state;
    char text[2048] = "评估学段 小学\n字段 学校 { 学校类型 枚举(小学) }\n字段 学段 { 学段 枚举(小学) }\n记录 班级 属于 学校 {}\n字段 班级 {\n";
    for (int i = 0; i < 20; i++) snprintf(text + strlen(text), sizeof text - strlen(text), "    值%d 整数\n", i);
    strcat(text, "}\n");
    char *shown;
    RuleSet *wide = rules_from_text("wide.jh", text, &shown);
    assert_string_equal(shown, "");
    free(shown);
    size_t per_record = 21 * sizeof(Value) + sizeof(Value *), records = JH_MAX_SCHOOL_MEMORY / per_record + 1;
    assert_true(records * 64 < JH_MAX_SCHOOL_MEMORY / 2); /* the DOM alone fits */
    FILE *f = fopen("wide.json", "wb");
    assert_non_null(f);
    fputs("{\"学校\": [{\"学校代码\": \"1\"},\n  {\"学校代码\": \"2\", \"班级\": [{}", f);
    for (size_t i = 1; i < records; i++) fputs(",{}", f);
    fputs("]}\n]}\n", f);
    fclose(f);
    DiagList d;
    diag_init(&d);
    JsonReader *r = jload_open("wide.json", wide, &d, 0);
    assert_non_null(r);
    Arena a;
    arena_init(&a, 1 << 16);
    SchoolData s;
    assert_int_equal(jload_next(r, &s, &a), 1);
    assert_int_equal(jload_next(r, &s, &a), 1); /* returned, its records not converted, */
    assert_int_equal(s.rows[level_of(rules, "班级")].count, 0);
    assert_int_equal(jload_next(r, &s, &a), 0); /* and the rest of the file read */
    shown = render(&d);
    char expected[160];
    snprintf(expected, sizeof expected, "wide.json:2:17: 错误: 一所学校的数据中值或记录太多：读入后超过 %u 字节的内存上限\n",
             JH_MAX_SCHOOL_MEMORY);
    if (strcmp(shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, shown);
    free(shown);
    jload_close(r);
    arena_free(&a);
    diag_free(&d);
    rules_free(wide);
    remove("wide.json");
}

/* ---- the dataset hash ---- */

static void digest_known_vector(void **state)
{
    (void)state;
    char hex[65];
    Digest *h = digest_new();
    digest_update(h, "ab", 2);
    digest_update(h, "c", 1);
    digest_finish(h, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void dataset_sha256_is_that_of_the_file(void **state)
{
    (void)state;
    Load L;
    /* Expected value from `sha256sum` of these exact bytes. */
    load(&L, "{'数据集': {'名称': '哈希'}, '学校': [{'学校代码': '1'}]}\n");
    assert_int_equal(L.last, 0);
    char hex[65];
    jload_sha256(L.r, hex);
    assert_string_equal(hex, "ab0f21768d92c1d53cc7cad1252747d2dca81222e0aaff027e54cd539c2a5a21");
    unload(&L);
}

/* ---- regressions: engine bugs these suites found ---- */

/* A bad value in the second stage record, when the first record lacks that
 * key, must still be reported at its own key (results.md: FILE:LINE:COL). */
static void regression_bad_value_located_when_earlier_record_lacks_the_key(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '学段': [\n"
         "    {'学段': '高中'},\n"
         "    {'学段': '初中', '在校生数': 'x'}]}\n"
         "]}\n");
    assert_shown(&L, "d.json:4:18: 错误: 字段 '在校生数' 应为非负整数\n");
    unload(&L);
}

/* A school-level value is reported at the school's key even when a stage
 * record listed before it carries the same (split) key. */
static void regression_school_value_located_after_stage_record_with_same_key(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '学段': [{'学段': '小学', '面积': 5}],\n"
         "   '面积': 'x'}\n"
         "]}\n");
    assert_shown(&L, "d.json:3:4: 错误: 字段 '面积' 应为数值\n");
    unload(&L);
}

/* data.md: ratio is "decimal 0–1; a string like "95%" is also accepted".
 * 95 (meant as 95%) must not be read silently as 9500%. */
static void regression_ratio_outside_0_1_is_rejected(void **state)
{
    (void)state;
    Load L;
    load(&L,
         "{'学校': [\n"
         "  {'学校代码': '1', '达标率': 95},\n"
         "  {'学校代码': '2', '达标率': '150%'}\n"
         "]}\n");
    assert_shown(&L,
                 "d.json:2:17: 错误: 字段 '达标率' 应为比例（如 0.95 或 \"95%\"）\n"
                 "d.json:3:17: 错误: 字段 '达标率' 应为比例（如 0.95 或 \"95%\"）\n");
    assert_int_equal(school_value(&L.s[0], "达标率").tag, V_MISSING);
    assert_int_equal(school_value(&L.s[1], "达标率").tag, V_MISSING);
    unload(&L);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unknown_fields_are_ignored),
        cmocka_unit_test(values_converted_by_declared_type),
        cmocka_unit_test(words_of_a_declared_word_list),
        cmocka_unit_test(null_and_absent_are_missing),
        cmocka_unit_test(stage_records_by_word),
        cmocka_unit_test(split_field_in_stage_record_goes_to_stage_slot),
        cmocka_unit_test(bom_is_accepted_and_not_counted_as_a_column),
        cmocka_unit_test(county_before_schools),
        cmocka_unit_test(county_after_schools),
        cmocka_unit_test(malformed_json_in_a_school),
        cmocka_unit_test(malformed_json_in_the_county),
        cmocka_unit_test(file_that_ends_inside_a_school),
        cmocka_unit_test(places_far_apart_on_one_line),
        cmocka_unit_test(syntax_error_before_much_data),
        cmocka_unit_test(missing_comma_between_schools),
        cmocka_unit_test(wrong_types_are_reported_at_the_key),
        cmocka_unit_test(unknown_enum_words),
        cmocka_unit_test(negative_and_fractional_integers),
        cmocka_unit_test(duplicate_school_code_names_the_first_line),
        cmocka_unit_test(school_without_code),
        cmocka_unit_test(stage_word_not_in_the_enum),
        cmocka_unit_test(duplicate_stage_record),
        cmocka_unit_test(no_school_list),
        cmocka_unit_test(trailing_content_after_the_dataset),
        cmocka_unit_test(row_lists_that_are_not_lists_of_records),
        cmocka_unit_test(non_regular_files_are_refused),
        cmocka_unit_test(empty_school_list),
        cmocka_unit_test(second_school_list),
        cmocka_unit_test(records_after_an_entry_that_is_not_one),
        cmocka_unit_test(duplicate_keys_in_every_object),
        cmocka_unit_test(missing_comma_between_top_level_members),
        cmocka_unit_test(invalid_utf8_in_keys_and_values),
        cmocka_unit_test(control_characters_and_bom_between_values),
        cmocka_unit_test(more_stage_records_than_the_limit),
        cmocka_unit_test(every_bad_row_of_a_large_school_is_located),
        cmocka_unit_test(keep_where_records_the_key_of_every_value),
        cmocka_unit_test(school_larger_than_the_limit),
        cmocka_unit_test(school_with_too_many_values),
        cmocka_unit_test(school_whose_records_convert_to_too_much),
        cmocka_unit_test(school_crossing_the_chunk_boundary),
        cmocka_unit_test(digest_known_vector),
        cmocka_unit_test(dataset_sha256_is_that_of_the_file),
        cmocka_unit_test(regression_bad_value_located_when_earlier_record_lacks_the_key),
        cmocka_unit_test(regression_school_value_located_after_stage_record_with_same_key),
        cmocka_unit_test(regression_ratio_outside_0_1_is_rejected),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
