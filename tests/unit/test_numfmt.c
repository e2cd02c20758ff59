/* test_numfmt.c — shortest round-trip number text: every double reads back
 * exactly, no shorter text would, and of those as short it is the closest;
 * quotients of 15 to 17 digits take a path of their own. */
#include "support.h"
#include "numfmt.h"
#include <math.h>

/* Significant digits of a number text, trailing zeros of integers excluded. */
static int significant(const char *s)
{
    char digits[40];
    int n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && (n || *s != '0')) digits[n++] = *s;
    while (n > 1 && digits[n - 1] == '0') n--;
    return n;
}

static int shortest_possible(double x)
{
    char b[40];
    for (int p = 1; p <= 17; p++) {
        snprintf(b, sizeof b, "%.*e", p - 1, x);
        if (strtod(b, NULL) == x) return p;
    }
    return 17;
}

/* The significant digits of a number text, as significant() counts them. */
static void digits_of_text(const char *s, char *out)
{
    int n = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && (n || *s != '0')) out[n++] = *s;
    while (n > 1 && out[n - 1] == '0') n--;
    out[n] = '\0';
}

/* Whether x lies exactly halfway between two texts of n significant
 * digits (its exact expansion, which glibc prints, goes on with 5 and
 * zeros): then the upper one is taken, where printf takes the even one. */
static int halfway(double x, int n)
{
    char exact[1200], digits[1200];
    snprintf(exact, sizeof exact, "%.1100e", x); /* every double's expansion is shorter */
    int k = 0;
    for (const char *s = exact; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9') digits[k++] = *s;
    if (k <= n || digits[n] != '5') return 0;
    for (int i = n + 1; i < k; i++)
        if (digits[i] != '0') return 0;
    return 1;
}

/* It reads back, no shorter text would, and of the texts as short it is
 * the closest: the digits printf rounds x to, when those read back (at a
 * power of two the closest may lie outside the interval that reads back,
 * below, where the gap is half as wide; halfway, the upper is taken). */
static void check(double x)
{
    char b[40];
    numfmt_shortest(b, sizeof b, x);
    if (strtod(b, NULL) != x) fail_msg("%.17g printed as %s does not read back", x, b);
    if (x == 0) return;
    int n = significant(b);
    if (n > shortest_possible(x)) fail_msg("%.17g printed as %s: %d digits, %d would do", x, b, n, shortest_possible(x));
    char rounded[40], mine[40], closest[40];
    snprintf(rounded, sizeof rounded, "%.*e", n - 1, x);
    digits_of_text(b, mine);
    digits_of_text(rounded, closest);
    if (strtod(rounded, NULL) == x && strcmp(mine, closest) != 0 && !halfway(x, n))
        fail_msg("%.17g printed as %s, not the closest (%s)", x, b, rounded);
}

static void known_values(void **state)
{
    (void)state;
    static const struct { double x; const char *text; } cases[] = {
        {0.9, "0.9"}, {4.2, "4.2"}, {0.1 + 0.2, "0.30000000000000004"}, {0.85 * 4.2, "3.57"},
        {100.0 / 3, "33.333333333333336"}, {2600, "2600"}, {-3.57, "-3.57"}, {0, "0"},
        {1e-7, "1e-7"}, {0.000001, "0.000001"}, {1.5e22, "1.5e+22"}, {1e21, "1e+21"}, {1e20, "100000000000000000000"},
        {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char b[40];
        numfmt_shortest(b, sizeof b, cases[i].x);
        assert_string_equal(b, cases[i].text);
    }
}

static void random_bit_patterns_round_trip_shortest(void **state)
{
    (void)state;
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < 40000; i++) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        double x;
        memcpy(&x, &s, sizeof x);
        if (isfinite(x)) check(x);
    }
}

static void ratios_like_indicator_values(void **state)
{
    (void)state;
    for (int a = 1; a < 600; a += 23)
        for (int b = 1; b < 3000; b += 13) {
            check(100.0 * a / b);
            check((double)a * 7.3 / b);
            check(a / (b * 6.0));
        }
}

static void powers_of_two_and_neighbours(void **state)
{
    (void)state;
    for (int e = -1074; e <= 1023; e++) {
        double x = ldexp(1, e);
        check(x);
        check(nextafter(x, 0));
        check(nextafter(x, INFINITY));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(known_values),
        cmocka_unit_test(random_bit_patterns_round_trip_shortest),
        cmocka_unit_test(ratios_like_indicator_values),
        cmocka_unit_test(powers_of_two_and_neighbours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
