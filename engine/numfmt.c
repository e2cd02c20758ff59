/* numfmt.c — shortest round-trip formatting of doubles.
 *
 * Free-format digit generation (Steele & White, Burger & Dybvig): the value
 * v and the halfway points to its neighbours are held as exact ratios of
 * 128-bit integers r/s, m-/s, m+/s; digits are produced until the text
 * falls strictly (or, for even significands, inclusively) between the
 * neighbours' halfway points, so that it reads back as v. Values whose
 * scaled integers would not fit in 128 bits (beyond about 1e18 or below
 * 1e-18) take the slow path: the first %.Ng that reads back. */
#include "numfmt.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;

static int mul_ok(u128 *x, u128 by)
{
    u128 r;
    if (__builtin_mul_overflow(*x, by, &r)) return 0;
    *x = r;
    return 1;
}

static int slow(char *buf, size_t size, double x)
{
    for (int prec = 1; prec <= 17; prec++) {
        int n = snprintf(buf, size, "%.*g", prec, x);
        if (prec == 17 || strtod(buf, NULL) == x) return n;
    }
    return 0;
}

/* Free-format digit generation from r/s with the neighbours' gaps m+/s and
 * m-/s, in integer type T wide enough for 10 × s: returns the digit count,
 * or 0 beyond 17 digits. A macro, so that one text serves both widths. */
#define GENERATE_DIGITS(T, r0, s0, mp0, mm0, even, digits) \
    __extension__({ \
        T r_ = (T)(r0), s_ = (T)(s0), mp_ = (T)(mp0), mm_ = (T)(mm0); \
        int n_ = 0; \
        for (;;) { \
            r_ *= 10; \
            mp_ *= 10; \
            mm_ *= 10; \
            int d_ = (int)(r_ / s_); /* r_ < 10 × s_: one digit */ \
            r_ -= (T)d_ * s_; \
            int low_ = (even) ? r_ <= mm_ : r_ < mm_; \
            int high_ = (even) ? r_ + mp_ >= s_ : r_ + mp_ > s_; \
            if (!low_ && !high_) { \
                (digits)[n_++] = (char)('0' + d_); \
                if (n_ > 17) { \
                    n_ = 0; \
                    break; \
                } \
                continue; \
            } \
            if (low_ && high_) d_ += 2 * r_ >= s_; /* closer to the upper digit */ \
            else if (high_) d_++; \
            (digits)[n_++] = (char)('0' + d_); \
            break; \
        } \
        n_; \
    })

/* Writes the digits of x > 0 (normal or subnormal) into digits and the
 * decimal exponent k (x = 0.d1d2... × 10^k). Returns the digit count, or 0
 * when the integers would overflow. */
static int digits_of(double x, char *digits, int *k_out)
{
    int e2;
    double frac = frexp(x, &e2);              /* x = frac × 2^e2, frac in [0.5, 1) */
    uint64_t f = (uint64_t)ldexp(frac, 53);   /* exact: 53-bit significand */
    int e = e2 - 53;                          /* x = f × 2^e */
    if (e < -1074) {                          /* subnormal: f has fewer bits */
        f >>= (-1074 - e);
        e = -1074;
    }
    int even = (f & 1) == 0;
    /* The gap below is half as wide at a power of two (except the smallest). */
    int unequal = f == (1ull << 52) && e > -1074;
    u128 r, s, mp, mm;
    if (e >= 0) {
        if (e > 60) return 0;
        u128 be = (u128)1 << e;
        r = (u128)f * be * (unequal ? 4 : 2);
        s = unequal ? 4 : 2;
        mp = be * (unequal ? 2 : 1);
        mm = be;
    } else {
        if (e < -120) return 0;
        r = (u128)f * (unequal ? 4 : 2);
        s = (u128)1 << (-e + (unequal ? 2 : 1));
        mp = unequal ? 2 : 1;
        mm = 1;
    }
    int k = (int)ceil(log10(x) - 1e-10);
    u128 p = 1;
    for (int i = 0; i < abs(k); i++)
        if (!mul_ok(&p, 10)) return 0;
    if (k >= 0) {
        if (!mul_ok(&s, p)) return 0;
    } else if (!mul_ok(&r, p) || !mul_ok(&mp, p) || !mul_ok(&mm, p)) {
        return 0;
    }
    /* Fix the estimate of k: v + m+ must lie below s (0.d... form). */
    if (even ? r + mp >= s : r + mp > s) {
        if (!mul_ok(&s, 10)) return 0;
        k++;
    }
    if (s >> 123) return 0;  /* room for r, m+ × 10 */
    *k_out = k;
    /* Most values of a report (per-student figures, ratios) keep s below
     * 2^59: then the same digits come out of 64-bit arithmetic, faster. */
    if (!(s >> 59)) return GENERATE_DIGITS(uint64_t, r, s, mp, mm, even, digits);
    return GENERATE_DIGITS(u128, r, s, mp, mm, even, digits);
}

int numfmt_shortest(char *buf, size_t size, double x)
{
    if (size < 32 || !isfinite(x)) return slow(buf, size, x);
    if (x == 0) return snprintf(buf, size, "0");
    if (x == floor(x) && fabs(x) < 9007199254740992.0) { /* an integer: its digits */
        char rev[24];
        int n = 0;
        uint64_t u = (uint64_t)fabs(x);
        do rev[n++] = (char)('0' + u % 10);
        while (u /= 10);
        char *p = buf;
        if (x < 0) *p++ = '-';
        while (n) *p++ = rev[--n];
        *p = '\0';
        return (int)(p - buf);
    }
    char digits[24];
    int k, n = digits_of(fabs(x), digits, &k);
    if (n == 0) return slow(buf, size, x);
    char *p = buf;
    if (x < 0) *p++ = '-';
    if (k > 21 || k <= -6) {
        *p++ = digits[0];
        if (n > 1) {
            *p++ = '.';
            memcpy(p, digits + 1, (size_t)n - 1);
            p += n - 1;
        }
        p += sprintf(p, "e%c%d", k - 1 < 0 ? '-' : '+', abs(k - 1));
    } else if (k <= 0) {
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < -k; i++) *p++ = '0';
        memcpy(p, digits, (size_t)n);
        p += n;
    } else {
        for (int i = 0; i < k || i < n; i++) {
            if (i == k) *p++ = '.';
            *p++ = i < n ? digits[i] : '0';
        }
    }
    *p = '\0';
    return (int)(p - buf);
}
