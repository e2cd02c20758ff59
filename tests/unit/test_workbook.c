/* test_workbook.c — the Excel workbook never cuts a sheet short: built
 * here with a limit of 5 rows per sheet (Excel's is 1 048 576), a sheet
 * that would hold more continues on 学校明细（续2）… with the header row
 * repeated, and every row is there. The workbook is read back with unzip. */
#define WORKBOOK_MAX_ROWS 5
#include "workbook.c"
#include "support.h"
#include "gaps.h"
#include "jsonload.h"

/* Twelve one-stage schools, each failing T (so each has a gaps row) but
 * the even ones passing by T.E1 (so each of those has a ledger row). */
static const char rules_text[] =
    "评估学段 小学\n"
    "字段 学校 { 学校类型 枚举(小学) 有方案 布尔 }\n"
    "字段 学段 { 学段 枚举(小学) 在校生数 整数（人） 教师数 整数（人） }\n"
    "指标 T \"生师比\" { 对象 学段 依据 \"示例\" 值 = 100 * 教师数 / 在校生数 标准 >= 5 整改 教师数\n"
    "    例外 E1 \"有方案\" { 依据 \"示例\" 条件 有方案 } }\n";

static void write_dataset(const char *path, int schools)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs("{\"数据集\": {\"名称\": \"续表\", \"年度\": 2025}, \"学校\": [", f);
    for (int i = 1; i <= schools; i++)
        fprintf(f, "%s{\"学校代码\": \"%d\", \"学校名称\": \"第%d校\", \"学校类型\": \"小学\", \"有方案\": %s,"
                   " \"学段\": [{\"学段\": \"小学\", \"在校生数\": 100, \"教师数\": 4}]}",
                i > 1 ? ", " : "", i, i, i % 2 ? "false" : "true");
    fputs("]}", f);
    fclose(f);
}

/* The output of a shell command (unzip); caller frees. */
static char *command_output(const char *command)
{
    FILE *p = popen(command, "r");
    assert_non_null(p);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    int c;
    while ((c = fgetc(p)) != EOF) fputc(c, out);
    fclose(out);
    assert_int_equal(pclose(p), 0);
    return buf;
}

static int count_of(const char *text, const char *what)
{
    int n = 0;
    for (const char *p = text; (p = strstr(p, what)) != NULL; p += strlen(what)) n++;
    return n;
}

/* The first row of a worksheet's XML, from <row to </row>; caller frees. */
static char *first_row(const char *xml)
{
    const char *start = strstr(xml, "<row r=\"1\""), *end = start ? strstr(start, "</row>") : NULL;
    assert_non_null(end);
    return strndup(start, (size_t)(end - start));
}

static void long_sheets_continue_with_their_header(void **state)
{
    (void)state;
    enter_temp_dir();
    write_file("t.jh", rules_text);
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load("t.jh", &d);
    assert_non_null(rs);
    write_dataset("d.json", 12);
    JsonReader *r = jload_open("d.json", rs, &d, 0);
    assert_non_null(r);
    Run *run = run_new(rs, &(RunOptions){20251231, 0, 0, 0}, &d);
    assert_non_null(run);
    Evaluation *ev = eval_begin(run);
    Gaps *gaps = gaps_new(run);
    OfficialTables *tables = tables_new(run);
    Arena a;
    arena_init(&a, 1 << 16);
    SchoolData s;
    while (jload_next(r, &s, &a) == 1) {
        eval_school(ev, &s);
        gaps_school(gaps, &s);
        tables_school(tables, &s);
        arena_reset(&a);
    }
    assert_int_equal(d.errors, 0);
    eval_finish(ev, jload_county(r));
    RunInfo info = {.rules_name = rs->name, .dataset_name = "续表", .date = 20251231};
    assert_int_equal(run_time(&info), 0);
    assert_int_equal(excel_load(&d), 0);
    assert_int_equal(workbook_write("book.xlsx", ev, &info, gaps, tables), 0);

    /* 12 school rows at 4 a sheet: 学校明细 and two continuations; 12
     * gaps rows likewise; 6 ledger rows: two sheets. */
    char *book = command_output("unzip -p book.xlsx xl/workbook.xml");
    const char *sheets[] = {"学校明细", "学校明细（续2）", "学校明细（续3）", "例外认定台账", "例外认定台账（续2）",
                            "整改清单", "整改清单（续2）", "整改清单（续3）", "表Ⅱ-2", "表Ⅱ-2（续3）", "表Ⅲ"};
    for (size_t i = 0; i < sizeof sheets / sizeof *sheets; i++) {
        char want[128];
        snprintf(want, sizeof want, "<sheet name=\"%s\"", sheets[i]);
        if (!strstr(book, want)) fail_msg("no sheet %s in %s", sheets[i], book);
    }
    assert_null(strstr(book, "学校明细（续4）"));
    assert_null(strstr(book, "整改清单（续4）"));
    assert_null(strstr(book, "例外认定台账（续3）"));
    int nsheets = count_of(book, "<sheet name=");
    free(book);

    /* No sheet has more than 5 rows; 学校明细 and its continuations
     * hold 12 rows under the same header, and so do the gaps sheets. */
    char *header[3] = {NULL, NULL, NULL};
    int school_rows = 0, gaps_rows = 0, ledger_rows = 0;
    for (int i = 1; i <= nsheets; i++) {
        char command[96], name[64];
        snprintf(command, sizeof command, "unzip -p book.xlsx xl/worksheets/sheet%d.xml", i);
        char *xml = command_output(command);
        int rows = count_of(xml, "<row ");
        assert_true(rows <= 5);
        book = command_output("unzip -p book.xlsx xl/workbook.xml");
        const char *at = book;
        for (int k = 0; k < i; k++) at = strstr(at, "<sheet name=\"") + 13;
        snprintf(name, sizeof name, "%.*s", (int)(strchr(at, '"') - at), at);
        free(book);
        int kind = strncmp(name, "学校明细", strlen("学校明细")) == 0     ? 0
                   : strncmp(name, "整改清单", strlen("整改清单")) == 0   ? 1
                   : strncmp(name, "例外认定台账", strlen("例外认定台账")) == 0 ? 2
                                                                            : -1;
        if (kind >= 0) {
            char *row = first_row(xml);
            if (!header[kind]) header[kind] = row;
            else {
                assert_string_equal(row, header[kind]);
                free(row);
            }
            *(kind == 0 ? &school_rows : kind == 1 ? &gaps_rows : &ledger_rows) += rows - 1;
        }
        free(xml);
    }
    assert_int_equal(school_rows, 12);
    assert_int_equal(gaps_rows, 12);
    assert_int_equal(ledger_rows, 6);
    for (int k = 0; k < 3; k++) free(header[k]);

    arena_free(&a);
    gaps_free(gaps);
    tables_free(tables);
    eval_free(ev);
    run_free(run);
    jload_close(r);
    rules_free(rs);
    diag_free(&d);
}

/* A library that cannot be loaded is named, with why and the package that
 * installs it, in either language; nothing is loaded then. */
static void a_missing_library_is_named(void **state)
{
    (void)state;
    DiagList d;
    diag_init(&d);
    const char *const sonames[] = {"libexpat.so.1", "libjunheng-absent.so.4", "libzip.so.4"};
    assert_int_equal(excel_load_from(sonames, &d), -1);
    char *zh = render_in(&d, LANG_ZH), *en = render_in(&d, LANG_EN);
    assert_string_equal(zh, "junheng: 错误: 无法加载 libjunheng-absent.so.4（libjunheng-absent.so.4: cannot open shared object file: "
                            "No such file or directory）：读写 Excel 工作簿需要它，请安装软件包 libxlsxwriter4\n");
    assert_string_equal(en, "junheng: error: cannot load libjunheng-absent.so.4 (libjunheng-absent.so.4: cannot open shared object "
                            "file: No such file or directory): reading and writing Excel workbooks needs it; install the package "
                            "libxlsxwriter4\n");
    free(zh);
    free(en);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_missing_library_is_named),
        cmocka_unit_test(long_sheets_continue_with_their_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
