/* test_csv.c — the CSV dataset reader (csvload.h): encodings (UTF-8 with and
 * without BOM, GB18030, forced), RFC 4180 quoting and the row numbers after
 * quoted line breaks, value spellings, every validation error and warning
 * pinned as the CLI prints it, provenance rows, the folder hash, and the
 * sample county exported to CSV (UTF-8, and GB18030 with CRLF) reading into
 * exactly the SchoolData of the JSON reader.
 */
#include "support.h"
#include "csvload.h"
#include "digest.h"
#include "jsonload.h"
#include "limits.h"
#include <dirent.h>
#include <iconv.h>
#include <limits.h>
#include <sys/stat.h>

#define MAX_SCHOOLS 64

#define CSV_RULES \
    PRELUDE \
    "词表 水平 { Ⅰ（I、1） < Ⅱ（II、2） < Ⅲ（III、3） < Ⅳ（IV、4） }\n" \
    "字段 学校 {\n" \
    "    学校代码 文本\n" \
    "    学校名称 文本\n" \
    "    达标率 比例\n" \
    "    建校年份 整数\n" \
    "    简称 文本\n" \
    "    经费 数值（元）\n" \
    "}\n" \
    "记录 班级 属于 学校 {\n" \
    "    学段 枚举(小学, 初中)\n" \
    "    年级 整数\n" \
    "    班号 整数\n" \
    "    学生数 整数（人） 合理范围 ..80 提示 \"请核对\"\n" \
    "}\n" \
    "记录 校区 属于 学校 {\n" \
    "    校区名称 文本\n" \
    "    在校生数 整数（人）\n" \
    "}\n" \
    "记录 专用教室 属于 学校 {\n" \
    "    类型 枚举(音乐, 美术)\n" \
    "    面积 数值（平方米）\n" \
    "}\n" \
    "字段 县级 {\n" \
    "    社会认可度 比例\n" \
    "    批复 布尔\n" \
    "    县人口 整数\n" \
    "}\n" \
    "记录 质量监测 属于 县级 {\n" \
    "    学科 文本\n" \
    "    学业水平等级 水平\n" \
    "    校际差异率 数值\n" \
    "}\n"

/* CSV_RULES's record levels, in the order it declares them (setup checks). */
enum { CLASSES = LV_RECORDS, CAMPUSES, ROOMS, SUBJECTS };

static RuleSet *rules;
static char shipped_rules[PATH_MAX], sample_json[PATH_MAX], sample_csv[PATH_MAX], sample_gbk[PATH_MAX];

/* ---- folders ---- */

/* Makes an empty folder dir (its files from an earlier test removed). */
static void folder(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *ent;
        char path[512];
        while ((ent = readdir(d))) {
            if (ent->d_name[0] == '.') continue;
            snprintf(path, sizeof path, "%s/%s", dir, ent->d_name);
            assert_int_equal(unlink(path), 0);
        }
        closedir(d);
    } else {
        assert_int_equal(mkdir(dir, 0777), 0);
    }
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    write_file(path, text);
}

static void put_bytes(const char *dir, const char *name, const char *bytes, size_t n)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    fclose(f);
}

/* Writes the bytes of a string literal (which may hold any byte but NUL). */
#define PUT_LITERAL(dir, name, literal) put_bytes(dir, name, literal, sizeof literal - 1)

/* Writes UTF-8 text converted to GB18030. */
static void put_gb18030(const char *dir, const char *name, const char *text)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char out[8192];
    char *in = (char *)text, *o = out;
    size_t inleft = strlen(text), oleft = sizeof out;
    assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
    iconv_close(cd);
    put_bytes(dir, name, out, (size_t)(o - out));
}

/* The smallest valid folder: one school with one stage. */
static void minimal(const char *dir)
{
    folder(dir);
    put(dir, "学校.csv", "学校代码\n1\n");
    put(dir, "学段.csv", "学校代码,学段\n1,小学\n");
}

/* ---- reading ---- */

typedef struct Load {
    DiagList d;
    CsvReader *r;
    Arena arena;
    SchoolData s[MAX_SCHOOLS];
    int n;
    char *shown;
} Load;

static void load_with(Load *L, const char *dir, const char *encoding, int keep_where)
{
    memset(L, 0, sizeof *L);
    diag_init(&L->d);
    arena_init(&L->arena, 1 << 16);
    L->r = csv_open(dir, rules, &L->d, encoding, keep_where);
    if (L->r)
        while (L->n < MAX_SCHOOLS && csv_next(L->r, &L->s[L->n], &L->arena) == 1) L->n++;
    L->shown = render(&L->d);
}

static void load(Load *L, const char *dir)
{
    load_with(L, dir, NULL, 0);
}

static void unload(Load *L)
{
    csv_close(L->r);
    arena_free(&L->arena);
    diag_free(&L->d);
    free(L->shown);
}

static const FieldDecl *field_at(Level lv, const char *name)
{
    const FieldDecl *f = rules_field(rules, lv, name);
    if (!f) fail_msg("no field %s at %s", name, level_name(rules, lv));
    return f;
}

static Value school_value(const SchoolData *s, const char *name)
{
    return s->values[field_at(LV_SCHOOL, name)->slot];
}

static Value stage_value(const StageData *st, const char *name)
{
    return st->values[field_at(LV_STAGE, name)->slot];
}

static Value row_value(const SchoolData *s, Level lv, int i, const char *name)
{
    assert_true(i < s->rows[lv].count);
    return s->rows[lv].rows[i][field_at(lv, name)->slot];
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

static void assert_text(Value v, const char *text)
{
    assert_int_equal(v.tag, V_TEXT);
    assert_string_equal(v.text, text);
}

static void assert_shown(const Load *L, const char *expected)
{
    if (strcmp(L->shown, expected) != 0) fail_msg("expected:\n%s\nactual:\n%s", expected, L->shown);
}

static int group_setup(void **state)
{
    (void)state;
    /* The suites run from the repository; remember the shipped files. */
    if (!realpath("rules/优质均衡", shipped_rules)) shipped_rules[0] = '\0';
    if (!realpath("datasets/lusong-2025-synthetic.json", sample_json)) sample_json[0] = '\0';
    if (!realpath("datasets/lusong-2025-csv", sample_csv)) sample_csv[0] = '\0';
    if (!realpath("datasets/lusong-2025-csv-gbk", sample_gbk)) sample_gbk[0] = '\0';
    enter_temp_dir();
    char *shown;
    rules = rules_from_text("t.jh", CSV_RULES, &shown);
    if (!rules) fprintf(stderr, "%s", shown);
    free(shown);
    if (rules && (level_of(rules, "班级") != CLASSES || level_of(rules, "校区") != CAMPUSES ||
                  level_of(rules, "专用教室") != ROOMS || level_of(rules, "质量监测") != SUBJECTS))
        return -1;
    return rules ? 0 : -1;
}

static int group_teardown(void **state)
{
    (void)state;
    rules_free(rules);
    return 0;
}

/* ---- encodings ---- */

static void utf8_with_and_without_bom(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "\xEF\xBB\xBF学校代码,学校名称,城乡类型\n43001,一小,镇区\n");
    put("d", "学段.csv", "学校代码,学段,在校生数\n43001,小学,166\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    assert_int_equal(L.n, 1);
    assert_string_equal(L.s[0].code, "43001"); /* the BOM is not part of the first column's name */
    assert_string_equal(L.s[0].name, "一小");
    assert_word(school_value(&L.s[0], "城乡类型"), 1);
    assert_text(school_value(&L.s[0], "学校代码"), "43001");
    assert_int_equal(L.s[0].nstages, 1);
    assert_num(stage_value(&L.s[0].stages[0], "在校生数"), 166);
    unload(&L);
}

static void gb18030_is_detected(void **state)
{
    (void)state;
    folder("d");
    /* 𠮷 (U+20BB7) is a four-byte GB18030 character outside GBK. */
    put_gb18030("d", "学校.csv", "学校代码,学校名称,学校类型,评价\r\n43001,𠮷祥小学,九年一贯制,良好\r\n");
    put_gb18030("d", "学段.csv", "学校代码,学段,在校生数\r\n43001,初中,210\r\n");
    put_gb18030("d", "县级.csv", "字段,值\r\n批复,是\r\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    assert_int_equal(L.n, 1);
    assert_string_equal(L.s[0].name, "𠮷祥小学");
    assert_string_equal(L.s[0].type, "九年一贯制");
    assert_word(school_value(&L.s[0], "学校类型"), 2);
    assert_word(school_value(&L.s[0], "评价"), 2);
    assert_int_equal(L.s[0].stages[0].word, 1);
    assert_num(stage_value(&L.s[0].stages[0], "在校生数"), 210);
    assert_bool(csv_county(L.r)->values[field_at(LV_COUNTY, "批复")->slot], 1);
    unload(&L);
}

static void encoding_detected_per_file(void **state)
{
    (void)state;
    folder("d");
    put_gb18030("d", "学校.csv", "学校代码,学校名称\n1,甲\n");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    assert_string_equal(L.s[0].name, "甲");
    unload(&L);
}

static void forced_encoding(void **state)
{
    (void)state;
    folder("d");
    put_gb18030("d", "学校.csv", "学校代码,学校名称\n1,甲\n");
    put_gb18030("d", "学段.csv", "学校代码,学段\n1,小学\n");
    Load L;
    load_with(&L, "d", "GBK", 0);
    assert_shown(&L, "");
    assert_string_equal(L.s[0].name, "甲");
    unload(&L);

    load_with(&L, "d", "gb18030", 0);
    assert_shown(&L, "");
    unload(&L);

    load_with(&L, "d", "utf-8", 0);
    assert_null(L.r);
    assert_shown(&L,
                 "d/学校.csv:1: 错误: 不是有效的 UTF-8 编码\n"
                 "d/学段.csv:1: 错误: 不是有效的 UTF-8 编码\n");
    unload(&L);

    /* UTF-8 read as GB18030 decodes, into other characters: the key
     * columns are then missing. */
    minimal("d");
    load_with(&L, "d", "gbk", 0);
    assert_null(L.r);
    /* (and the columns' names as decoded are warned of as unknown) */
    assert_int_equal(L.d.errors, 3);
    assert_int_equal(L.d.warnings, 3);
    assert_non_null(strstr(L.shown, "d/学校.csv:1: 错误: 缺少列 '学校代码'\n"));
    assert_non_null(strstr(L.shown, "d/学段.csv:1: 错误: 缺少列 '学校代码'\n"
                                    "d/学段.csv:1: 错误: 缺少列 '学段'\n"));
    unload(&L);

    load_with(&L, "d", "auto", 0);
    assert_shown(&L, "");
    unload(&L);

    load_with(&L, "d", "latin1", 0);
    assert_null(L.r);
    assert_shown(&L, "junheng: 错误: 未知的编码 'latin1'（可用：auto、utf-8、gb18030、gbk）\n");
    unload(&L);
}

static void invalid_bytes_name_the_row(void **state)
{
    (void)state;
    folder("d");
    /* A UTF-8 header with a bad byte on row 3: UTF-8 with an error, not GB18030. */
    put("d", "学校.csv", "学校代码,学校名称\n1,甲\n2,\xE4\xB9\n3,丙\n");
    /* GB18030 (the header is not UTF-8) with 0xFF, never valid, on row 4. */
    PUT_LITERAL("d", "学段.csv", "\xD1\xA7\xD0\xA3\xB4\xFA\xC2\xEB,\xD1\xA7\xB6\xCE\n1,\xD0\xA1\xD1\xA7\n\n2,\xFF\n");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L,
                 "d/学校.csv:3: 错误: 不是有效的 UTF-8 编码\n"
                 "d/学段.csv:4: 错误: 不是有效的 GB18030 编码\n");
    unload(&L);

    /* Surrogates and overlong forms are not UTF-8 either: a text is checked
     * as a whole, so nothing that is not UTF-8 reaches a value. */
    folder("d");
    put("d", "学校.csv", "学校代码,学校名称\n1,甲\n2,\xED\xA0\x80\n");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n2,\xC0\xAF\n");
    load(&L, "d");
    assert_shown(&L,
                 "d/学校.csv:3: 错误: 不是有效的 UTF-8 编码\n"
                 "d/学段.csv:3: 错误: 不是有效的 UTF-8 编码\n");
    unload(&L);

    /* A GB18030 sequence cut off by the end of the file. */
    minimal("d");
    PUT_LITERAL("d", "学段.csv", "\xD1\xA7\xD0\xA3\xB4\xFA\xC2\xEB,\xD1\xA7\xB6\xCE\n1,\xD0\xA1\xD1");
    load(&L, "d");
    assert_shown(&L, "d/学段.csv:2: 错误: 不是有效的 GB18030 编码\n");
    unload(&L);
}

static void utf16_is_named(void **state)
{
    (void)state;
    minimal("d");
    PUT_LITERAL("d", "学段.csv", "\xFF\xFE\x66\x5B\x21\x68");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L, "d/学段.csv:1: 错误: 文件是 UTF-16 编码：请另存为 UTF-8 或 GBK 编码的 CSV\n");
    unload(&L);
}

/* ---- RFC 4180 ---- */

static void quoted_commas_quotes_and_line_breaks(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv",
        "学校代码,学校名称,简称,建校年份\r\n"
        "1,\"甲,乙小学\",\"他说\"\"好\"\"\",1958\r\n"
        "2,\"两行\r\n的名称\",\"三\n行\n名\",1960\r\n"
        "3,丙,  \"  留空白  \"  ,abc\r\n");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n2,小学\n3,小学\n");
    Load L;
    load(&L, "d");
    /* Row 3's record spans lines 3-6: the next record starts on line 7. */
    assert_shown(&L, "d/学校.csv:7:建校年份: 错误: 字段 '建校年份' 应为非负整数，这里是 'abc'\n");
    unload(&L);

    put("d", "学校.csv",
        "学校代码,学校名称,简称,建校年份\r\n"
        "1,\"甲,乙小学\",\"他说\"\"好\"\"\",1958\r\n"
        "2,\"两行\r\n的名称\",\"三\n行\n名\",1960\r\n"
        "3,丙,  \"  留空白  \"  ,\r\n");
    load(&L, "d");
    assert_shown(&L, "");
    assert_int_equal(L.n, 3);
    assert_string_equal(L.s[0].name, "甲,乙小学");
    assert_text(school_value(&L.s[0], "简称"), "他说\"好\"");
    assert_num(school_value(&L.s[0], "建校年份"), 1958);
    assert_string_equal(L.s[1].name, "两行\r\n的名称");
    assert_text(school_value(&L.s[1], "简称"), "三\n行\n名");
    assert_num(school_value(&L.s[1], "建校年份"), 1960);
    assert_int_equal(L.s[2].line, 7);
    assert_text(school_value(&L.s[2], "简称"), "留空白"); /* cells are trimmed, quoted or not */
    assert_int_equal(school_value(&L.s[2], "建校年份").tag, V_MISSING);
    unload(&L);
}

static void quoting_errors(void **state)
{
    (void)state;
    minimal("d");
    put("d", "学校.csv",
        "学校代码,\"学校名称\" x\n"
        "1,\"甲\"乙\n"
        "2,丙,多余\n"
        "3,丁,,\n");
    put("d", "校区.csv", "学校代码,校区名称,在校生数\n1,\"本部\n,100\n");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L,
                 "d/学校.csv:1:学校名称: 错误: 结束引号之后还有字符（单元格中的引号应写成 \"\"）\n"
                 "d/学校.csv:2:学校名称: 错误: 结束引号之后还有字符（单元格中的引号应写成 \"\"）\n"
                 "d/学校.csv:3: 错误: 这一行有 3 个单元格，多于表头的 2 列\n"
                 "d/校区.csv:2: 错误: 从这一行开始的引号直到文件末尾都没有闭合\n");
    unload(&L);
}

static void blank_lines_and_empty_records_are_skipped(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "\n学校代码,学校名称\n\n1,甲\n,\n  ,  \n2,乙\n\n");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n2,初中");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    assert_int_equal(L.n, 2);
    assert_int_equal(L.s[0].line, 4);
    assert_int_equal(L.s[1].line, 7);
    assert_int_equal(L.s[1].stages[0].word, 1); /* the last record needs no line break */
    unload(&L);
}

/* ---- values ---- */

static void booleans_in_every_spelling(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv",
        "学校代码,有方案\n"
        "1,是\n2,否\n3,true\n4,FALSE\n5,1\n6,0\n7,Y\n8,n\n9,yes\n10,No\n11,  是  \n12,\n");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    assert_int_equal(L.n, 12);
    for (int i = 0; i < 11; i++) assert_bool(school_value(&L.s[i], "有方案"), i == 10 ? 1 : !(i % 2));
    assert_int_equal(school_value(&L.s[11], "有方案").tag, V_MISSING);
    unload(&L);

    put("d", "学校.csv", "学校代码,有方案\n1,对\n");
    load(&L, "d");
    assert_shown(&L,
                 "d/学校.csv:2:有方案: 错误: 字段 '有方案' 应为是/否（或 true/false、1/0、Y/N），这里是 '对'\n");
    unload(&L);
}

static void ratios_and_thousands_separators(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv",
        "学校代码,达标率,经费,面积\n"
        "1,95%,\"1,234,567.5\",\"23,226\"\n"
        "2,0.875,1234567.5,0\n"
        "3, 100% ,-12.5,0.5\n");
    put("d", "学段.csv", "学校代码,学段,在校生数\n1,小学,\"1,200\"\n");
    put("d", "县级.csv", "字段,值\n社会认可度,91.2%\n县人口,\"500,000\"\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    assert_num(school_value(&L.s[0], "达标率"), 0.95);
    assert_num(school_value(&L.s[0], "经费"), 1234567.5);
    assert_num(school_value(&L.s[0], "面积"), 23226);
    assert_num(school_value(&L.s[1], "达标率"), 0.875);
    assert_num(school_value(&L.s[1], "经费"), 1234567.5);
    assert_num(school_value(&L.s[2], "达标率"), 1);
    assert_num(school_value(&L.s[2], "经费"), -12.5);
    assert_num(stage_value(&L.s[0].stages[0], "在校生数"), 1200);
    const CountyData *c = csv_county(L.r);
    assert_num(c->values[field_at(LV_COUNTY, "社会认可度")->slot], 0.912);
    assert_num(c->values[field_at(LV_COUNTY, "县人口")->slot], 500000);
    unload(&L);

    put("d", "学校.csv", "学校代码,达标率,经费\n1,95,1.234.5\n2,150%,5%\n");
    load(&L, "d");
    assert_shown(&L,
                 "d/学校.csv:2:达标率: 错误: 字段 '达标率' 应为比例（如 0.95 或 \"95%\"），这里是 '95'\n"
                 "d/学校.csv:2:经费: 错误: 字段 '经费' 应为数值，这里是 '1.234.5'\n"
                 "d/学校.csv:3:达标率: 错误: 字段 '达标率' 应为比例（如 0.95 或 \"95%\"），这里是 '150%'\n"
                 "d/学校.csv:3:经费: 错误: 字段 '经费' 应为数值，这里是 '5%'\n");
    unload(&L);
}

static void empty_cells_are_missing(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码,学校名称,学校类型,城乡类型,面积,有方案,评价,简称\n1,  ,,\t,,\"\",  \n");
    put("d", "学段.csv", "学校代码,学段,在校生数,教师数,面积\n1,小学, ,\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    const SchoolData *s = &L.s[0];
    assert_string_equal(s->name, "");
    assert_string_equal(s->type, "");
    const char *names[] = {"学校名称", "学校类型", "城乡类型", "面积", "有方案", "评价", "简称", "达标率"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (school_value(s, names[i]).tag != V_MISSING) fail_msg("%s is not missing", names[i]);
    assert_int_equal(stage_value(&s->stages[0], "在校生数").tag, V_MISSING);
    assert_int_equal(stage_value(&s->stages[0], "教师数").tag, V_MISSING);
    assert_int_equal(s->stages[0].values[field_at(LV_SCHOOL, "面积")->stage_slot].tag, V_MISSING);
    unload(&L);
}

static void unknown_columns_are_ignored(void **state)
{
    (void)state;
    folder("d");
    /* 在校生数 is a stage field: in 学校.csv it is not read. An unnamed column is ignored too. */
    put("d", "学校.csv", "学校代码,备注,在校生数,,城乡类型\n1,随便写,abc,xyz,乡村\n");
    put("d", "学段.csv", "学校代码,学段,说明,在校生数\n1,小学,无,120\n");
    put("d", "县级.csv", "字段,值,单位\n未知字段,abc,个\n社会认可度,0.9,\n社会认可率,0.8,\n");
    Load L;
    load(&L, "d");
    /* each warned of, with the closest declared field when one is close */
    assert_shown(&L, "d/学校.csv:1:备注: 警告: 列 '备注' 不是规则声明的学校字段，不会读取\n"
                     "d/学校.csv:1:在校生数: 警告: 列 '在校生数' 不是规则声明的学校字段，不会读取\n"
                     "d/学段.csv:1:说明: 警告: 列 '说明' 不是规则声明的学段字段，不会读取\n"
                     "d/县级.csv:1:单位: 警告: 列 '单位' 不是规则声明的县级字段，不会读取\n"
                     "d/县级.csv:2:字段: 警告: '未知字段' 不是规则声明的县级字段，这一行不会读取\n"
                     "d/县级.csv:4:字段: 警告: '社会认可率' 不是规则声明的县级字段，这一行不会读取；是否应为 '社会认可度'？\n");
    assert_word(school_value(&L.s[0], "城乡类型"), 2);
    assert_num(stage_value(&L.s[0].stages[0], "在校生数"), 120);
    assert_num(csv_county(L.r)->values[field_at(LV_COUNTY, "社会认可度")->slot], 0.9);
    unload(&L);
}

/* Excel's habits: full-width digits, point, thousands comma and ％ are read
 * as their ASCII forms; a number with its unit written after it is refused
 * naming the unit (the rules' own, or another to convert from). */
static void full_width_digits_and_units(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码,达标率,经费,建校年份\n1,８９％,\"１，２３４．５\",１９９８\n2,,168万元,\n3,,12元,\n");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n2,小学\n3,小学\n");
    put("d", "班级.csv", "学校代码,学段,年级,班号,学生数\n1,小学,1,1,45人\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "d/学校.csv:3:经费: 错误: 字段 '经费' 的值 '168万元' 带有单位 '万元'，而规则的单位是 元：请换算后只填数\n"
                     "d/学校.csv:4:经费: 错误: 字段 '经费' 的值 '12元' 带有单位 '元'：单位已由规则声明，请只填数\n"
                     "d/班级.csv:2:学生数: 错误: 字段 '学生数' 的值 '45人' 带有单位 '人'：单位已由规则声明，请只填数\n");
    unload(&L);
    put("d", "学校.csv", "学校代码,达标率,经费,建校年份\n1,８９％,\"１，２３４．５\",１９９８\n2,0.5,3,2000\n3,1,1,2000\n");
    put("d", "班级.csv", "学校代码,学段,年级,班号,学生数\n1,小学,1,1,４５\n");
    load(&L, "d");
    assert_shown(&L, "");
    assert_num(school_value(&L.s[0], "达标率"), 0.89);
    assert_num(school_value(&L.s[0], "经费"), 1234.5);
    assert_num(school_value(&L.s[0], "建校年份"), 1998);
    assert_num(L.s[0].rows[CLASSES].rows[0][field_at(CLASSES, "学生数")->slot], 45);
    unload(&L);
}

static void stages_and_split_fields(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码,面积\n1,23226\n2,5000\n");
    put("d", "学段.csv",
        "学校代码,学段,在校生数,面积,教师数\n"
        "1,初中,210,9000,12\n"
        "2,小学,80,,\n"
        "1,高中,300,,\n"
        "1,小学,166,,9\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    const FieldDecl *area = field_at(LV_SCHOOL, "面积");
    const SchoolData *s = &L.s[0];
    assert_num(s->values[area->slot], 23226);
    assert_int_equal(s->nstages, 3); /* in 学段.csv order */
    assert_int_equal(s->stages[0].word, 1);
    assert_int_equal(s->stages[1].word, 2);
    assert_int_equal(s->stages[2].word, 0);
    assert_word(stage_value(&s->stages[0], "学段"), 1);
    assert_num(s->stages[0].values[area->stage_slot], 9000);
    assert_num(stage_value(&s->stages[0], "教师数"), 12);
    assert_int_equal(s->stages[1].values[area->stage_slot].tag, V_MISSING);
    assert_num(stage_value(&s->stages[2], "在校生数"), 166);
    assert_int_equal(L.s[1].nstages, 1);
    assert_num(stage_value(&L.s[1].stages[0], "在校生数"), 80);
    unload(&L);
}

static void rows_below_schools_and_the_county(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码\n1\n2\n");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n2,小学\n2,初中\n");
    put("d", "班级.csv",
        "学校代码,学段,年级,班号,学生数\n"
        "2,初中,7,1,50\n"
        "1,小学,1,1,44\n"
        "2,小学,1,1,40\n"
        "1,小学,1,2,45\n");
    put("d", "校区.csv", "学校代码,校区名称,在校生数\n1,本部,1500\n1,东校区,210\n");
    put("d", "专用教室.csv", "学校代码,类型,面积\n2,美术,90\n2,音乐,96.5\n");
    put("d", "质量监测.csv", "学科,学业水平等级,校际差异率\n数学,Ⅲ,0.11\n语文,IV,0.09\n科学,2,\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    const SchoolData *a = &L.s[0], *b = &L.s[1];
    assert_int_equal(a->rows[CLASSES].count, 2);
    assert_num(row_value(a, CLASSES, 0, "学生数"), 44);
    assert_num(row_value(a, CLASSES, 1, "班号"), 2);
    assert_int_equal(b->rows[CLASSES].count, 2);
    assert_word(row_value(b, CLASSES, 0, "学段"), 1); /* file order within the school */
    assert_num(row_value(b, CLASSES, 0, "年级"), 7);
    assert_word(row_value(b, CLASSES, 1, "学段"), 0);
    assert_int_equal(a->rows[CAMPUSES].count, 2);
    assert_text(row_value(a, CAMPUSES, 1, "校区名称"), "东校区");
    assert_num(row_value(a, CAMPUSES, 1, "在校生数"), 210);
    assert_int_equal(b->rows[CAMPUSES].count, 0);
    assert_int_equal(a->rows[ROOMS].count, 0);
    assert_int_equal(b->rows[ROOMS].count, 2);
    assert_word(row_value(b, ROOMS, 0, "类型"), 1);
    assert_num(row_value(b, ROOMS, 1, "面积"), 96.5);
    const Rows *subjects = &csv_county(L.r)->rows[SUBJECTS];
    assert_int_equal(subjects->count, 3);
    const FieldDecl *level = field_at(SUBJECTS, "学业水平等级"), *rate = field_at(SUBJECTS, "校际差异率");
    assert_text(subjects->rows[0][field_at(SUBJECTS, "学科")->slot], "数学");
    assert_word(subjects->rows[0][level->slot], 2);
    assert_word(subjects->rows[1][level->slot], 3);
    assert_word(subjects->rows[2][level->slot], 1);
    assert_num(subjects->rows[1][rate->slot], 0.09);
    assert_int_equal(subjects->rows[2][rate->slot].tag, V_MISSING);
    unload(&L);
}

static void county_name_is_the_folder_name(void **state)
{
    (void)state;
    minimal("芦淞区");
    Load L;
    load(&L, "芦淞区/");
    assert_shown(&L, "");
    assert_string_equal(csv_county(L.r)->name, "芦淞区");
    /* Without 县级.csv every county value is missing. */
    for (int i = 0; i < rules->nslots[LV_COUNTY]; i++) assert_int_equal(csv_county(L.r)->values[i].tag, V_MISSING);
    assert_int_equal(csv_county(L.r)->rows[SUBJECTS].count, 0);
    unload(&L);

    assert_int_equal(chdir("芦淞区"), 0);
    load(&L, ".");
    assert_int_equal(chdir(".."), 0);
    assert_shown(&L, "");
    assert_string_equal(csv_county(L.r)->name, "芦淞区");
    unload(&L);
}

/* ---- validation ---- */

static void required_files(void **state)
{
    (void)state;
    folder("d");
    put("d", "班级.csv", "学校代码,学段,年级,班号,学生数\n");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L,
                 "junheng: 错误: CSV 数据集 d 缺少必需的文件 学校.csv\n"
                 "junheng: 错误: CSV 数据集 d 缺少必需的文件 学段.csv\n");
    unload(&L);

    load(&L, "nowhere");
    assert_null(L.r);
    assert_shown(&L, "junheng: 错误: 无法读取 nowhere：文件或文件夹不存在\n");
    unload(&L);
}

/* A 学校.csv of a header alone evaluated nothing and concluded 通过. */
static void school_file_without_schools(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码,学校名称\n\n , \n");
    put("d", "学段.csv", "学校代码,学段\n");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L, "d/学校.csv:1: 错误: 数据集中一所学校也没有：没有可以评估的内容\n");
    unload(&L);
}

/* 县级.csv's 年度 row, like a field's, may be given once: the second one
 * replaced the first silently. */
static void county_year_given_twice(void **state)
{
    (void)state;
    minimal("d");
    put("d", "县级.csv", "字段,值\n年度,2025\n县人口,5\n年度,2024\n");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L, "d/县级.csv:4:字段: 错误: 字段 '年度' 重复（第一次在第 2 行）\n");
    unload(&L);
    remove("d/县级.csv");
}

static void header_problems(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校名称,学校代码,城乡类型, 学校代码 \n甲,1,城区,1\n");
    put("d", "学段.csv", "学校代码,在校生数\n1,100\n");
    put("d", "班级.csv", "学校代码,学段,年级,班号\n1,小学,1,1\n");
    put("d", "校区.csv", "");
    put("d", "县级.csv", "字段,数值\n批复,是\n");
    put("d", "质量监测.csv", "学科,学业水平等级\n数学,Ⅲ\n");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L,
                 "d/学校.csv:1:学校代码: 错误: 列 '学校代码' 出现两次（第 2 列和第 4 列）\n"
                 "d/学段.csv:1: 错误: 缺少列 '学段'\n"
                 "d/班级.csv:1: 错误: 缺少列 '学生数'\n"
                 "d/校区.csv:1: 错误: 文件没有表头行\n"
                 "d/县级.csv:1:数值: 警告: 列 '数值' 不是规则声明的县级字段，不会读取\n"
                 "d/县级.csv:1: 错误: 缺少列 '值'\n"
                 "d/质量监测.csv:1: 错误: 缺少列 '校际差异率'\n");
    unload(&L);
}

/* A record level the rules declare is the file of its name: below a
 * school its rows name their school (学校代码), below the county not; the
 * fields of its 记录 declaration are columns the file must have, fields
 * added with 字段 may be left out. */
static void declared_record_levels(void **state)
{
    (void)state;
    char *shown;
    RuleSet *declared = rules_from_text("declared.jh", PRELUDE
        "记录 优质高中 属于 县级 { 名称 文本  招生计划数 整数（人） }\n"
        "字段 优质高中 { 备注 文本 }\n"
        "记录 社团 属于 学校 { 名称 文本 }\n", &shown);
    assert_string_equal(shown, "");
    free(shown);
    RuleSet *saved = rules;
    rules = declared;
    minimal("d");
    put("d", "优质高中.csv", "名称,招生计划数\n一中,400\n二中,300\n");
    put("d", "社团.csv", "学校代码,名称\n1,合唱团\n1,篮球队\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    Level high = level_of(declared, "优质高中"), club = level_of(declared, "社团");
    const Rows *highs = &csv_county(L.r)->rows[high];
    assert_int_equal(highs->count, 2);
    assert_num(highs->rows[1][rules_field(declared, high, "招生计划数")->slot], 300);
    assert_int_equal(highs->rows[0][rules_field(declared, high, "备注")->slot].tag, V_MISSING);
    assert_int_equal(L.s[0].rows[club].count, 2);
    assert_text(L.s[0].rows[club].rows[1][rules_field(declared, club, "名称")->slot], "篮球队");
    unload(&L);
    put("d", "优质高中.csv", "名称\n一中\n");
    put("d", "社团.csv", "名称\n合唱团\n");
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L,
                 "d/社团.csv:1: 错误: 缺少列 '学校代码'\n"
                 "d/优质高中.csv:1: 错误: 缺少列 '招生计划数'\n");
    unload(&L);
    rules = saved;
    rules_free(declared);
}

/* Writes d/学校.csv with a header of `columns` columns: 学校代码, 列2 … and,
 * at the end, 列10, 列<half> and 列<columns - 3> again; one row of 1s. */
static void wide_school_file(int columns)
{
    FILE *f = fopen("d/学校.csv", "wb");
    assert_non_null(f);
    fputs("学校代码", f);
    for (int c = 2; c <= columns - 3; c++) fprintf(f, ",列%d", c);
    fprintf(f, ",列10,列%d,列%d\n1", columns / 2, columns - 3);
    for (int c = 2; c <= columns; c++) fputs(",1", f);
    fputs("\n", f);
    fclose(f);
}

/* 100 000 columns took 12.5 s when each name was compared with every one
 * before it: duplicates are found by a table of the names, and a header is
 * held to JH_MAX_CSV_COLUMNS (each column takes memory to bind). */
static void wide_header_duplicates(void **state)
{
    (void)state;
    const int n = JH_MAX_CSV_COLUMNS;
    folder("d");
    put("d", "学段.csv", "学校代码,学段\n1,小学\n");
    wide_school_file(n);
    Load L;
    load(&L, "d");
    char expected[512];
    snprintf(expected, sizeof expected,
             "d/学校.csv:1:列10: 错误: 列 '列10' 出现两次（第 10 列和第 %d 列）\n"
             "d/学校.csv:1:列%d: 错误: 列 '列%d' 出现两次（第 %d 列和第 %d 列）\n"
             "d/学校.csv:1:列%d: 错误: 列 '列%d' 出现两次（第 %d 列和第 %d 列）\n",
             n - 2, n / 2, n / 2, n / 2, n - 1, n - 3, n - 3, n - 3, n);
    /* then the first unknown columns one by one, the rest in one warning */
    assert_memory_equal(L.shown, expected, strlen(expected));
    assert_non_null(strstr(L.shown, "d/学校.csv:1:列2: 警告: 列 '列2' 不是规则声明的学校字段，不会读取\n"));
    snprintf(expected, sizeof expected, "d/学校.csv:1: 警告: 另有 %d 列不是规则声明的字段，不会读取\n",
             n - 4 - JH_WARN_UNKNOWN_COLUMNS);
    assert_non_null(strstr(L.shown, expected));
    assert_int_equal(L.d.warnings, JH_WARN_UNKNOWN_COLUMNS + 1);
    assert_null(L.r);
    unload(&L);

    wide_school_file(100000);
    load(&L, "d");
    snprintf(expected, sizeof expected, "d/学校.csv:1: 错误: 表头有 100000 列，超过 %d 列的上限\n", n);
    assert_shown(&L, expected);
    assert_null(L.r);
    unload(&L);
}

/* A row longer than its header is reported, and only the header's cells
 * are kept: a row of a million commas takes no memory. */
static void cells_past_the_header(void **state)
{
    (void)state;
    minimal("d");
    FILE *f = fopen("d/校区.csv", "wb");
    assert_non_null(f);
    fputs("学校代码,校区名称,在校生数\n1,本部,100", f);
    for (int i = 0; i < 1000000; i++) fputc(',', f);
    fputs("\n1,东校区,,,,x\n", f);
    fclose(f);
    Load L;
    load(&L, "d");
    assert_shown(&L, "d/校区.csv:3: 错误: 这一行有 6 个单元格，多于表头的 3 列\n");
    assert_null(L.r);
    unload(&L);
}

static void every_row_error_in_one_run(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv",
        "学校代码,学校名称,城乡类型,评价,建校年份\n"
        "43001,一小,城区,良好,1958\n"
        "43002,二小,农村,很好,-1\n"
        "43001,重复,城区,,\n"
        ",无码,,,\n");
    put("d", "学段.csv",
        "学校代码,学段,在校生数,教师数\n"
        "43001,小学,166,abc\n"
        "43001,小学,170,\n"
        "43002,幼儿园,30,\n"
        "43009,初中,100,\n"
        "43002,,,\n"
        "43002,初中,-5,2.5\n");
    put("d", "班级.csv",
        "学校代码,学段,年级,班号,学生数\n"
        "43001,初中,7,1,40\n"
        "43001,高中,10,1,40\n"
        "43008,小学,1,1,40\n"
        "43001,小学,一,1,40\n");
    put("d", "校区.csv", "学校代码,校区名称,在校生数\n43007,本部,100\n");
    put("d", "专用教室.csv", "学校代码,类型,面积\n43001,舞蹈,80\n");
    put("d", "县级.csv", "字段,值\n批复,也许\n社会认可度,0.9\n社会认可度,0.8\n,1\n");
    put("d", "质量监测.csv", "学科,学业水平等级,校际差异率\n数学,Ⅴ,0.1\n");
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_shown(&L,
                 "d/学校.csv:3:城乡类型: 错误: 字段 '城乡类型' 的值 '农村' 不在可选值中（城区、镇区、乡村）\n"
                 "d/学校.csv:3:评价: 错误: 字段 '评价' 的值 '很好' 不在可选值中（不合格、合格、良好、优秀）\n"
                 "d/学校.csv:3:建校年份: 错误: 字段 '建校年份' 应为非负整数，这里是 '-1'\n"
                 "d/学校.csv:4:学校代码: 错误: 学校代码 43001 重复（第一次在第 2 行）\n"
                 "d/学校.csv:5:学校代码: 错误: '学校代码' 不能为空\n"
                 "d/学段.csv:2:教师数: 错误: 字段 '教师数' 应为非负整数，这里是 'abc'\n"
                 "d/学段.csv:3:学段: 错误: 学校 43001 的学段 小学 重复（第一次在第 2 行）\n"
                 "d/学段.csv:4:学段: 错误: 学段 '幼儿园' 不是 小学、初中、高中 之一\n"
                 "d/学段.csv:5:学校代码: 错误: 学校代码 43009 不在 学校.csv 中\n"
                 "d/学段.csv:6:学段: 错误: '学段' 不能为空\n"
                 "d/学段.csv:7:在校生数: 错误: 字段 '在校生数' 应为非负整数，这里是 '-5'\n"
                 "d/学段.csv:7:教师数: 错误: 字段 '教师数' 应为非负整数，这里是 '2.5'\n"
                 "d/班级.csv:2:学段: 错误: 班级记录的学段 '初中' 不是该校的学段（该校有：小学）\n"
                 "d/班级.csv:3:学段: 错误: 字段 '学段' 的值 '高中' 不在可选值中（小学、初中）\n"
                 "d/班级.csv:4:学校代码: 错误: 学校代码 43008 不在 学校.csv 中\n"
                 "d/班级.csv:5:年级: 错误: 字段 '年级' 应为非负整数，这里是 '一'\n"
                 "d/校区.csv:2:学校代码: 错误: 学校代码 43007 不在 学校.csv 中\n"
                 "d/专用教室.csv:2:类型: 错误: 字段 '类型' 的值 '舞蹈' 不在可选值中（音乐、美术）\n"
                 "d/县级.csv:2:值: 错误: 字段 '批复' 应为是/否（或 true/false、1/0、Y/N），这里是 '也许'\n"
                 "d/县级.csv:4:字段: 错误: 字段 '社会认可度' 重复（第一次在第 3 行）\n"
                 "d/县级.csv:5:字段: 错误: '字段' 不能为空\n"
                 "d/质量监测.csv:2:学业水平等级: 错误: 字段 '学业水平等级' 的值 'Ⅴ' 不在可选值中（Ⅰ、Ⅱ、Ⅲ、Ⅳ）\n");
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
    /* One row per stage word, one past the limit. */
    const char *words[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    char text[1024] = "学校代码,学段,在校生数\n";
    for (int i = 0; i <= JH_MAX_STAGES; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "1,%s,10\n", words[i]);
    folder("d");
    put("d", "学校.csv", "学校代码\n1\n");
    put("d", "学段.csv", text);
    RuleSet *saved = rules;
    rules = many;
    Load L;
    load(&L, "d");
    rules = saved;
    char expected[128];
    snprintf(expected, sizeof expected, "d/学段.csv:%d:学段: 错误: 学校的学段记录超过 %d 个\n", JH_MAX_STAGES + 2,
             JH_MAX_STAGES);
    assert_shown(&L, expected);
    assert_null(L.r);
    unload(&L);
    rules_free(many);
}

/* Records under the file size limit can still convert to too much (a
 * 250 MB 班级.csv took 5.8 GB): what the reader keeps is held to
 * JH_MAX_CSV_MEMORY, and the row where it is passed is named. With two
 * hundred class fields, a record "1" keeps 201 values. */
static void records_past_the_memory_limit(void **state)
{
    (void)state;
    char text[8192] = "评估学段 小学\n字段 学校 { 学校类型 枚举(小学) }\n字段 学段 { 学段 枚举(小学) }\n记录 班级 属于 学校 {}\n字段 班级 {\n";
    for (int i = 0; i < 200; i++) snprintf(text + strlen(text), sizeof text - strlen(text), "    值%d 整数\n", i);
    strcat(text, "}\n");
    char *shown;
    RuleSet *wide = rules_from_text("wide.jh", text, &shown);
    assert_string_equal(shown, "");
    free(shown);
    const size_t per_record = 201 * sizeof(Value) + sizeof(Value *);
    const int records = (int)(JH_MAX_CSV_MEMORY / per_record) + 10;
    minimal("d");
    FILE *f = fopen("d/班级.csv", "wb");
    assert_non_null(f);
    fputs("学校代码\n", f);
    for (int i = 0; i < records; i++) fputs("1\n", f);
    fclose(f);
    RuleSet *saved = rules;
    rules = wide;
    Load L;
    load(&L, "d");
    rules = saved;
    assert_null(L.r);
    assert_int_equal(L.d.errors, 1);
    int row = 0, used = 0;
    assert_int_equal(sscanf(L.shown, "d/班级.csv:%d: %n", &row, &used), 1);
    /* The limit is passed when the records' own share nearly fills it (the
     * list of the school's records is counted too, by its capacity). */
    int expected = (int)(JH_MAX_CSV_MEMORY / per_record) + 1;
    if (row < expected - expected / 100 || row > expected) fail_msg("row %d, expected about %d", row, expected);
    char message[256];
    snprintf(message, sizeof message,
             "错误: 读到这一行时，CSV 数据集已超过 %u 字节的内存上限：记录太多（很大的数据集请用 JSON 格式，逐校读取）\n",
             JH_MAX_CSV_MEMORY);
    assert_string_equal(L.shown + used, message);
    unload(&L);
    rules_free(wide);
    remove("d/班级.csv");
}

/* A CSV file over the size limit is refused before it is read: it is made
 * sparse at one byte past the limit, so the test writes nothing. */
static void csv_file_over_the_size_limit(void **state)
{
    (void)state;
    minimal("d");
    put("d", "班级.csv", "");
    assert_int_equal(truncate("d/班级.csv", (off_t)JH_MAX_CSV_FILE_BYTES + 1), 0);
    Load L;
    load(&L, "d");
    char expected[128];
    snprintf(expected, sizeof expected, "junheng: 错误: d/班级.csv 超过 %u 字节的上限\n", JH_MAX_CSV_FILE_BYTES);
    assert_shown(&L, expected);
    assert_null(L.r);
    unload(&L);
    remove("d/班级.csv");
}

/* A layout file that is a FIFO (it would block the reader forever) or any
 * other *.csv entry that is not a regular file is an error naming it, not
 * skipped: skipped, 班级.csv's classes would vanish silently. alarm() turns
 * a hang into a failed suite. */
static void csv_files_that_are_not_regular_files(void **state)
{
    (void)state;
    minimal("d");
    assert_int_equal(mkfifo("d/班级.csv", 0600), 0);
    assert_int_equal(mkdir("d/旧.csv", 0700), 0);
    alarm(10);
    Load L;
    load(&L, "d");
    alarm(0);
    assert_shown(&L,
                 "junheng: 错误: 无法读取 d/旧.csv：这是文件夹，不是文件\n"
                 "junheng: 错误: 无法读取 d/班级.csv：不是普通文件（是命名管道、设备或套接字）\n");
    assert_null(L.r);
    unload(&L);
    assert_int_equal(rmdir("d/旧.csv"), 0);
    remove("d/班级.csv");
}

static void english_messages(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码,建校年份\n1,x\n");
    put("d", "学段.csv", "学校代码,学段\n2,小学\n");
    Load L;
    load(&L, "d");
    char *en = render_in(&L.d, LANG_EN); /* the diagnostics kept, printed in English */
    assert_string_equal(en, "d/学校.csv:2:建校年份: error: field '建校年份' should be a non-negative whole number, not 'x'\n"
                            "d/学段.csv:2:学校代码: error: 学校代码 2 is not in 学校.csv\n");
    free(en);
    assert_shown(&L,
                 "d/学校.csv:2:建校年份: 错误: 字段 '建校年份' 应为非负整数，这里是 'x'\n"
                 "d/学段.csv:2:学校代码: 错误: 学校代码 2 不在 学校.csv 中\n");
    unload(&L);
}

static void errors_beyond_the_limit_are_counted(void **state)
{
    (void)state;
    minimal("d");
    char text[4096] = "学校代码,学段\n";
    for (int i = 0; i < 60; i++) snprintf(text + strlen(text), sizeof text - strlen(text), "x%d,小学\n", i);
    put("d", "学段.csv", text);
    Load L;
    load(&L, "d");
    assert_null(L.r);
    assert_int_equal(L.d.errors, 60);
    assert_int_equal(L.d.count, JH_MAX_DIAGNOSTICS);
    assert_non_null(strstr(L.shown, "d/学段.csv:51:学校代码: 错误: 学校代码 x49 不在 学校.csv 中\n……另有 10 个错误未显示\n"));
    unload(&L);
}

/* ---- warnings ---- */

/* Warnings are kept up to the same number as errors, the rest counted: a
 * million oversized classes cost a counter, not a million messages. */
static void warnings_beyond_the_limit_are_counted(void **state)
{
    (void)state;
    minimal("d");
    char text[4096] = "学校代码,学段,年级,班号,学生数\n";
    for (int i = 0; i < 60; i++) snprintf(text + strlen(text), sizeof text - strlen(text), "1,小学,1,%d,90\n", i + 1);
    put("d", "班级.csv", text);
    Load L;
    load(&L, "d");
    assert_non_null(L.r);
    assert_int_equal(L.d.errors, 0);
    assert_int_equal(L.d.warnings, 60);
    assert_int_equal(L.d.count, JH_MAX_DIAGNOSTICS);
    assert_non_null(strstr(L.shown, "d/班级.csv:51:学生数: 警告: 学生数 90 人，不在合理范围 ..80 内：请核对\n……另有 10 个警告未显示\n"));
    unload(&L);
    remove("d/班级.csv");
}

static void warnings_do_not_stop_the_evaluation(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码,经费,面积\n1,100,0\n2,120,0\n3,90,0\n4,110,0\n5,10000,0\n6,,500\n");
    put("d", "学段.csv", "学校代码,学段,在校生数\n1,小学,0\n2,小学,300\n");
    put("d", "班级.csv", "学校代码,学段,年级,班号,学生数\n2,小学,1,1,80\n2,小学,1,2,81\n");
    Load L;
    load(&L, "d");
    assert_non_null(L.r);
    assert_int_equal(L.d.errors, 0);
    assert_int_equal(L.n, 6);
    /* 经费: median 110 of five values, 10000 < 11000 is not flagged;
     * 面积: median 0, nothing is compared against it. */
    assert_shown(&L,
                 "d/学段.csv:2:在校生数: 警告: 学校 1 的小学学段在校生数为 0，该学段的生均指标无法计算\n"
                 "d/班级.csv:3:学生数: 警告: 学生数 81 人，不在合理范围 ..80 内：请核对\n");
    unload(&L);

    put("d", "学校.csv", "学校代码,经费,面积\n1,100,0\n2,120,0\n3,90,0\n4,110,0\n5,11000,0\n6,10.5,\n");
    put("d", "学段.csv", "学校代码,学段,在校生数\n1,小学,10\n2,小学,300\n");
    put("d", "班级.csv", "学校代码,学段,年级,班号,学生数\n");
    load(&L, "d");
    assert_non_null(L.r);
    /* Six values, median (100 + 110) / 2 = 105: 11000 is over 100 times it. */
    assert_shown(&L, "d/学校.csv:6:经费: 警告: 值 11000 达到本列中位数 105 的 100 倍，请核对\n");
    unload(&L);
}

/* ---- provenance ---- */

static void keep_where_records_rows(void **state)
{
    (void)state;
    folder("d");
    put("d", "学校.csv", "学校代码,学校名称,面积,城乡类型\n1,\"两\n行\",5000,\n2,乙,,城区\n");
    put("d", "学段.csv", "学校代码,学段,在校生数,面积\n2,小学,80,\n1,初中,210,3000\n");
    put("d", "县级.csv", "字段,值\n批复,是\n\n社会认可度,\n县人口,100\n");
    Load L;
    load_with(&L, "d", NULL, 1);
    assert_shown(&L, "");
    const FieldDecl *area = field_at(LV_SCHOOL, "面积"), *urban = field_at(LV_SCHOOL, "城乡类型");
    const SchoolData *a = &L.s[0], *b = &L.s[1];
    assert_string_equal(a->where.file, "d/学校.csv");
    assert_null(a->where.col);
    assert_int_equal(a->where.line[area->slot], 2);
    assert_int_equal(a->where.line[field_at(LV_SCHOOL, "学校名称")->slot], 2);
    assert_int_equal(a->where.line[urban->slot], 0); /* empty: no value, no row */
    assert_int_equal(b->where.line[area->slot], 0);
    assert_int_equal(b->where.line[urban->slot], 4);
    const StageData *st = &a->stages[0];
    assert_string_equal(st->where.file, "d/学段.csv");
    assert_null(st->where.col);
    assert_int_equal(st->where.line[field_at(LV_STAGE, "在校生数")->slot], 3);
    assert_int_equal(st->where.line[area->stage_slot], 3);
    assert_int_equal(st->where.line[field_at(LV_STAGE, "教师数")->slot], 0);
    assert_int_equal(b->stages[0].where.line[area->stage_slot], 0);
    const CountyData *c = csv_county(L.r);
    assert_string_equal(c->where.file, "d/县级.csv");
    assert_null(c->where.col);
    assert_int_equal(c->where.line[field_at(LV_COUNTY, "批复")->slot], 2);
    assert_int_equal(c->where.line[field_at(LV_COUNTY, "社会认可度")->slot], 0);
    assert_int_equal(c->where.line[field_at(LV_COUNTY, "县人口")->slot], 5);
    unload(&L);

    load_with(&L, "d", NULL, 0);
    assert_null(L.s[0].where.file);
    assert_null(L.s[0].where.line);
    assert_null(L.s[0].stages[0].where.line);
    assert_null(csv_county(L.r)->where.line);
    unload(&L);
}

/* ---- the folder hash ---- */

static void sha256_over_every_csv_file_in_name_order(void **state)
{
    (void)state;
    minimal("d");
    put("d", "说明.csv", "任何内容\n");
    put("d", "readme.txt", "not hashed\n");
    Load L;
    load(&L, "d");
    assert_shown(&L, "");
    char hex[65], expected[65];
    csv_sha256(L.r, hex);
    /* Byte order of the names: 学校 (E5 AD A6 E6) < 学段 (E5 AD A6 E6 AE) ... */
    const char *names[] = {"学校.csv", "学段.csv", "说明.csv"};
    const char *texts[] = {"学校代码\n1\n", "学校代码,学段\n1,小学\n", "任何内容\n"};
    Digest *h = digest_new();
    for (int i = 0; i < 3; i++) {
        digest_update(h, names[i], strlen(names[i]) + 1);
        digest_update(h, texts[i], strlen(texts[i]));
    }
    digest_finish(h, expected);
    assert_string_equal(hex, expected);
    /* Computed independently (python hashlib over the same bytes). */
    assert_string_equal(hex, "e4412dd3e41aca70a70173ecd7a5cce5bd56cb463a9e1c42eb2a5d575ae2bcbd");
    unload(&L);
}

/* ---- the sample county: CSV reads as JSON ---- */

static void same_values(const char *where, int n, const Value *a, const Value *b)
{
    for (int i = 0; i < n; i++) {
        if (a[i].tag != b[i].tag) fail_msg("%s slot %d: tag %d, JSON %d", where, i, a[i].tag, b[i].tag);
        if (a[i].tag == V_TEXT && strcmp(a[i].text, b[i].text) != 0)
            fail_msg("%s slot %d: '%s', JSON '%s'", where, i, a[i].text, b[i].text);
        if (a[i].tag != V_TEXT && a[i].tag != V_MISSING && a[i].num != b[i].num)
            fail_msg("%s slot %d: %.17g, JSON %.17g", where, i, a[i].num, b[i].num);
    }
}

static void same_rows(const RuleSet *rs, const char *where, Level lv, const Rows *a, const Rows *b, int *total)
{
    if (a->count != b->count) fail_msg("%s %s: %d rows, JSON %d", where, level_name(rs, lv), a->count, b->count);
    for (int i = 0; i < a->count; i++) same_values(where, rs->nslots[lv], a->rows[i], b->rows[i]);
    *total += a->count;
}

/* Reads the sample JSON and a CSV export of it side by side. comma_code:
 * the school whose name the export changed to contain a comma. */
static void csv_reads_as_json(const char *dir, const char *comma_code, const char *comma_name)
{
    if (!shipped_rules[0] || !sample_json[0] || !dir[0]) fail_msg("the shipped rules or sample datasets are not found");
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load(shipped_rules, &d);
    assert_non_null(rs);
    JsonReader *j = jload_open(sample_json, rs, &d, 0);
    CsvReader *c = csv_open(dir, rs, &d, NULL, 0);
    char *shown = render(&d);
    /* the CSV lacks 完成360学时教师数 on purpose (datasets/README.md): one warning (the JSON's comes at its end) */
    if (d.errors || d.warnings != 1) fail_msg("diagnostics:\n%s", shown);
    free(shown);
    assert_non_null(j);
    assert_non_null(c);
    Arena aj, ac;
    arena_init(&aj, 1 << 16);
    arena_init(&ac, 1 << 16);
    SchoolData sj, sc;
    int schools = 0, stages = 0, rows[JH_MAX_LEVELS] = {0}, renamed = 0;
    char where[128];
    for (;;) {
        int gj = jload_next(j, &sj, &aj), gc = csv_next(c, &sc, &ac);
        assert_int_equal(gc, gj);
        if (gj != 1) break;
        schools++;
        assert_string_equal(sc.code, sj.code);
        if (comma_code && strcmp(sc.code, comma_code) == 0) {
            assert_string_equal(sc.name, comma_name);
            renamed++;
        } else {
            assert_string_equal(sc.name, sj.name);
        }
        assert_string_equal(sc.type, sj.type);
        snprintf(where, sizeof where, "school %s", sc.code);
        const FieldDecl *name = rules_field(rs, LV_SCHOOL, DS_KEY_SCHOOL_NAME);
        if (comma_code && strcmp(sc.code, comma_code) == 0) sc.values[name->slot] = sj.values[name->slot];
        same_values(where, rs->nslots[LV_SCHOOL], sc.values, sj.values);
        assert_int_equal(sc.nstages, sj.nstages);
        for (int k = 0; k < sc.nstages; k++) {
            assert_int_equal(sc.stages[k].word, sj.stages[k].word);
            snprintf(where, sizeof where, "school %s stage %d", sc.code, k);
            same_values(where, rs->nslots[LV_STAGE], sc.stages[k].values, sj.stages[k].values);
            stages++;
        }
        for (Level lv = LV_RECORDS; lv < rs->nlevels; lv++)
            if (level_parent(rs, lv) == LV_SCHOOL) same_rows(rs, where, lv, &sc.rows[lv], &sj.rows[lv], &rows[lv]);
        arena_reset(&aj);
        arena_reset(&ac);
    }
    /* datasets/README.md: 38 schools, 869 class rows, 2 schools with campuses. */
    assert_int_equal(schools, 38);
    assert_true(stages >= 45);
    assert_int_equal(rows[level_of(rs, "班级")], 869);
    assert_int_equal(rows[level_of(rs, "校区")], 4);
    assert_int_equal(rows[level_of(rs, "专用教室")] > 0, 1);
    assert_int_equal(renamed, comma_code ? 1 : 0);
    const CountyData *cj = jload_county(j), *cc = csv_county(c);
    same_values("county", rs->nslots[LV_COUNTY], cc->values, cj->values);
    int subjects = 0;
    Level monitored = level_of(rs, "质量监测");
    same_rows(rs, "county", monitored, &cc->rows[monitored], &cj->rows[monitored], &subjects);
    assert_int_equal(subjects, 5);
    assert_int_equal(d.errors, 0);
    assert_int_equal(d.warnings, 2); /* 完成360学时教师数, in each */
    jload_close(j);
    csv_close(c);
    arena_free(&aj);
    arena_free(&ac);
    rules_free(rs);
    diag_free(&d);
}

static void sample_csv_reads_as_the_json(void **state)
{
    (void)state;
    csv_reads_as_json(sample_csv, NULL, NULL);
}

static void sample_gb18030_crlf_reads_as_the_json(void **state)
{
    (void)state;
    csv_reads_as_json(sample_gbk, "4302030001", "芦淞区建设路小学（本部,东校区）");
}

/* A workbook's cells are named as Excel names them (diag.h: cell_a1). */
static void workbook_cell_names(void **state)
{
    (void)state;
    static const struct { int row, col; const char *name; } cases[] = {
        {1, 1, "A1"}, {12, 6, "F12"}, {2, 26, "Z2"}, {3, 27, "AA3"}, {4, 28, "AB4"}, {5, 52, "AZ5"},
        {6, 53, "BA6"}, {7, 702, "ZZ7"}, {8, 703, "AAA8"}, {1048576, 16384, "XFD1048576"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char a1[24];
        cell_a1(a1, cases[i].row, cases[i].col);
        assert_string_equal(a1, cases[i].name);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_with_and_without_bom),
        cmocka_unit_test(gb18030_is_detected),
        cmocka_unit_test(encoding_detected_per_file),
        cmocka_unit_test(forced_encoding),
        cmocka_unit_test(invalid_bytes_name_the_row),
        cmocka_unit_test(utf16_is_named),
        cmocka_unit_test(quoted_commas_quotes_and_line_breaks),
        cmocka_unit_test(quoting_errors),
        cmocka_unit_test(blank_lines_and_empty_records_are_skipped),
        cmocka_unit_test(booleans_in_every_spelling),
        cmocka_unit_test(ratios_and_thousands_separators),
        cmocka_unit_test(empty_cells_are_missing),
        cmocka_unit_test(unknown_columns_are_ignored),
        cmocka_unit_test(full_width_digits_and_units),
        cmocka_unit_test(stages_and_split_fields),
        cmocka_unit_test(rows_below_schools_and_the_county),
        cmocka_unit_test(county_name_is_the_folder_name),
        cmocka_unit_test(required_files),
        cmocka_unit_test(school_file_without_schools),
        cmocka_unit_test(county_year_given_twice),
        cmocka_unit_test(header_problems),
        cmocka_unit_test(declared_record_levels),
        cmocka_unit_test(wide_header_duplicates),
        cmocka_unit_test(cells_past_the_header),
        cmocka_unit_test(every_row_error_in_one_run),
        cmocka_unit_test(more_stage_records_than_the_limit),
        cmocka_unit_test(csv_file_over_the_size_limit),
        cmocka_unit_test(records_past_the_memory_limit),
        cmocka_unit_test(csv_files_that_are_not_regular_files),
        cmocka_unit_test(english_messages),
        cmocka_unit_test(errors_beyond_the_limit_are_counted),
        cmocka_unit_test(warnings_beyond_the_limit_are_counted),
        cmocka_unit_test(warnings_do_not_stop_the_evaluation),
        cmocka_unit_test(keep_where_records_rows),
        cmocka_unit_test(sha256_over_every_csv_file_in_name_order),
        cmocka_unit_test(sample_csv_reads_as_the_json),
        cmocka_unit_test(sample_gb18030_crlf_reads_as_the_json),
        cmocka_unit_test(workbook_cell_names),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
