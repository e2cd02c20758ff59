/* test_escape.c — JSON, CSV and text output values: what a school name may
 * hold (quotes, commas, line breaks, formulas, control characters) cannot
 * break a file, run in a spreadsheet or drive a terminal. */
#include "support.h"
#include "escape.h"
#include <math.h>

typedef void (*Writer)(FILE *, const char *);

static void expect(Writer w, const char *in, const char *want)
{
    char buf[256] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    w(f, in);
    fclose(f);
    assert_string_equal(buf, want);
}

static void json_strings(void **state)
{
    (void)state;
    expect(json_string, "荷塘区八达小学", "\"荷塘区八达小学\"");
    expect(json_string, "a\"b\\c", "\"a\\\"b\\\\c\"");
    expect(json_string, "一\n二\t", "\"一\\u000a二\\u0009\"");
    expect(json_string, NULL, "null");
}

static void json_numbers(void **state)
{
    (void)state;
    char buf[64] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    json_number(f, 0.1);
    fputc(' ', f);
    json_number(f, NAN);
    fputc(' ', f);
    json_number(f, INFINITY);
    fclose(f);
    assert_string_equal(buf, "0.1 null null");
}

static void csv_fields(void **state)
{
    (void)state;
    expect(csv_field, "荷塘区八达小学", "荷塘区八达小学");
    expect(csv_field, "八达小学,东校区", "\"八达小学,东校区\"");
    expect(csv_field, "\"育英\"学校", "\"\"\"育英\"\"学校\"");
    expect(csv_field, "一\r\n二", "\"一\r\n二\"");
    expect(csv_field, NULL, "");
}

/* OWASP's CSV injection advice: a text a spreadsheet would evaluate gets a
 * leading quote and is quoted; the same characters further in are harmless. */
static void csv_formulas_are_neutralised(void **state)
{
    (void)state;
    expect(csv_field, "=HYPERLINK(\"http://x\",\"点击\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\"");
    expect(csv_field, "+86 731", "\"'+86 731\"");
    expect(csv_field, "-5", "\"'-5\"");
    expect(csv_field, "@SUM(A1)", "\"'@SUM(A1)\"");
    expect(csv_field, "\t=1", "\"'\t=1\"");
    expect(csv_field, "\r=1", "\"'\r=1\"");
    expect(csv_field, "八达小学=A", "八达小学=A");
    expect(csv_field, "", "");
}

/* Numbers are written as numbers, negative ones too: never neutralised. */
static void csv_negative_numbers_stay(void **state)
{
    (void)state;
    char buf[32] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    json_number(f, -2.5);
    fclose(f);
    assert_string_equal(buf, "-2.5");
}

static void text_controls_are_shown(void **state)
{
    (void)state;
    expect(text_escaped, "荷塘区八达小学", "荷塘区八达小学");
    expect(text_escaped, "a\x1b[2Jb", "a\\x1B[2Jb");
    expect(text_escaped, "一\n二\t三\r", "一\\x0A二\\x09三\\x0D");
    expect(text_escaped, "\x7f\x01", "\\x7F\\x01");
    expect(text_escaped, "C1\xc2\x9b\xc2\x85", "C1\\u009B\\u0085");
    expect(text_escaped, "\xc2\xa0", "\xc2\xa0"); /* U+00A0 is not a control */
    expect(text_escaped, "\xff\xe4\xb8", "\\xFF\\xE4\\xB8"); /* not UTF-8, cut short */
    expect(text_escaped, "\xed\xa0\x80", "\\xED\\xA0\\x80"); /* a surrogate */
    expect(text_escaped, "a\\b", "a\\b");
    expect(text_escaped, NULL, "");
}

static void text_escaped_widths(void **state)
{
    (void)state;
    assert_int_equal(text_escaped_width("a\x1b", 2), 5);
    assert_int_equal(text_escaped_width("荷塘", 6), 4);
    assert_int_equal(text_escaped_width("\xc2\x85", 2), 6);
}

static void csv_starts_with_the_utf8_bom(void **state)
{
    (void)state;
    char buf[16] = {0};
    FILE *f = fmemopen(buf, sizeof buf - 1, "w");
    csv_bom(f);
    fclose(f);
    assert_string_equal(buf, "\xef\xbb\xbf");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(json_strings),
        cmocka_unit_test(json_numbers),
        cmocka_unit_test(csv_fields),
        cmocka_unit_test(csv_formulas_are_neutralised),
        cmocka_unit_test(csv_negative_numbers_stay),
        cmocka_unit_test(text_controls_are_shown),
        cmocka_unit_test(text_escaped_widths),
        cmocka_unit_test(csv_starts_with_the_utf8_bom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
