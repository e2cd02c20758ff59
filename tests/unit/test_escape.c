/* test_escape.c — JSON and CSV output values: what a school name may hold
 * (quotes, commas, line breaks, control characters) cannot break a file. */
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
        cmocka_unit_test(csv_starts_with_the_utf8_bom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
