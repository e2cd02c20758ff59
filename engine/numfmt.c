/* numfmt.c — shortest round-trip formatting of doubles.
 *
 * Free-format digit generation (Steele & White, Burger & Dybvig): the value
 * v and the halfway points to its neighbours are held as exact ratios of
 * 128-bit integers r/s, m-/s, m+/s; digits are produced until the text
 * falls strictly (or, for even significands, inclusively) between the
 * neighbours' halfway points, so that it reads back as v. Values whose
 * scaled integers would not fit in 128 bits (beyond about 1e18 or below
 * 1e-18) take the slow path: the first %.Ng that reads back. Quotients,
 * most values of a report, take 15 to 17 digits: those are read off three
 * divisions at once (long_digits) rather than one digit per step, the
 * same digits at under half the cost. */
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

/* Writes the decimal digits of u to out, two at a time; returns how many. */
static int decimal_digits(uint64_t u, char *out)
{
    static const char pairs[] = "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
                                "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    int n = 1;
    for (uint64_t rest = u; rest >= 10; rest /= 10) n++;
    int j = n;
    for (; j > 1; j -= 2, u /= 100) memcpy(out + j - 2, &pairs[2 * (u % 100)], 2);
    if (j) out[0] = (char)('0' + u);
    return n;
}

/* n / d, and its remainder in *rem, for a quotient below 2^64. */
static uint64_t div_128_64(u128 n, uint64_t d, uint64_t *rem)
{
#if defined(__x86_64__)
    uint64_t q, r; /* one instruction, where the compiler calls a general 128-bit division */
    __asm__("divq %4" : "=a"(q), "=d"(r) : "a"((uint64_t)n), "d"((uint64_t)(n >> 64)), "rm"(d));
    *rem = r;
    return q;
#else
    *rem = (uint64_t)(n % d);
    return (uint64_t)(n / d);
#endif
}

/* The digits of v = r/s (0.1 <= v < 1, s < 2^59) when it takes 15 to 17 of
 * them, as most quotients do; the same digits GENERATE_DIGITS gives. The
 * value and the ends of its rounding interval are scaled to 17 digits with
 * three divisions; the shortest length is the first of 15, 16 and 17 at
 * which a multiple of its unit lies in the interval, and of the two
 * around v the closer is taken (halfway: the upper). Returns the digit
 * count, or 0 when 14 digits or fewer may do (the digit loop decides). */
static int long_digits(uint64_t r, uint64_t s, uint64_t mp, uint64_t mm, int even, char *digits)
{
    const uint64_t e17 = 100000000000000000ull, e16 = e17 / 10;
    uint64_t rv, rh, rl;
    uint64_t v = div_128_64((u128)r * e17, s, &rv);
    uint64_t h = div_128_64((u128)(r + mp) * e17, s, &rh);
    uint64_t l = div_128_64((u128)(r - mm) * e17, s, &rl);
    uint64_t lo = l + (rl != 0 || !even), hi = h - (rh == 0 && !even); /* the 17-digit integers that read back */
    if (v < e16 || lo < e16 || hi >= e17 || (lo + 999) / 1000 <= hi / 1000) return 0;
    static const uint64_t units[] = {100, 10, 1};
    for (int i = 0; i < 3; i++) {
        uint64_t u = units[i], below = v / u; /* the multiples of u around v: below, below + 1 */
        int low_in = below * u >= lo && below * u <= hi, high_in = (below + 1) * u >= lo && (below + 1) * u <= hi;
        if (!low_in && !high_in) continue;
        uint64_t pick = below;
        if (high_in && (!low_in || 2 * ((u128)(v - below * u) * s + rv) >= (u128)u * s)) pick = below + 1;
        return decimal_digits(pick, digits); /* 15 + i of them: lo >= 10^16 */
    }
    return 0;
}

/* Writes the digits of x > 0 (normal or subnormal) into digits and the
 * decimal exponent k (x = 0.d1d2... × 10^k). Returns the digit count, or 0
 * when the integers would overflow. */
static int digits_of(double x, char *digits, int *k_out)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int biased = (int)(bits >> 52 & 0x7ff);
    uint64_t f = bits & ((1ull << 52) - 1);   /* x = f × 2^e, f of 53 bits or fewer */
    int e = -1074;
    if (biased) {                             /* normal: the hidden bit */
        f |= 1ull << 52;
        e = biased - 1075;
    }
    int e2 = 64 - __builtin_clzll(f) + e;     /* x = frac × 2^e2, frac in [0.5, 1) */
    double twice_frac = (double)(f << __builtin_clzll(f)) * 0x1p-63; /* 2 frac, in [1, 2] (rounded) */
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
    /* log10 x from below, never above (log10 itself cost as much as the
     * rest): log10 2 × (e2 - 1 + the chord of log2 over 2 frac in [1, 2)).
     * k is ceil(log10 x) or one less; the fix below adds what is missing. */
    int k = (int)ceil((e2 - 2 + twice_frac) * 0.30102999566398120 - 1e-10);
    u128 p = 1;
    for (int i = 0; i < abs(k); i++)
        if (!mul_ok(&p, 10)) return 0;
    if (k >= 0) {
        if (!mul_ok(&s, p)) return 0;
    } else if (!mul_ok(&r, p) || !mul_ok(&mp, p) || !mul_ok(&mm, p)) {
        return 0;
    }
    /* Fix the estimate of k: v + m+ must lie below s (0.d... form). */
    while (even ? r + mp >= s : r + mp > s) {
        if (!mul_ok(&s, 10)) return 0;
        k++;
    }
    if (s >> 123) return 0;  /* room for r, m+ × 10 */
    *k_out = k;
    /* Most values of a report (per-student figures, ratios) keep s below
     * 2^59: then the same digits come out of 64-bit arithmetic, faster. */
    if (!(s >> 59)) {
        int n = long_digits((uint64_t)r, (uint64_t)s, (uint64_t)mp, (uint64_t)mm, even, digits);
        return n ? n : GENERATE_DIGITS(uint64_t, r, s, mp, mm, even, digits);
    }
    return GENERATE_DIGITS(u128, r, s, mp, mm, even, digits);
}

int numfmt_shortest(char *buf, size_t size, double x)
{
    if (size < 32 || !isfinite(x)) return slow(buf, size, x);
    if (x == 0) return snprintf(buf, size, "0");
    if (x == floor(x) && fabs(x) < 9007199254740992.0) { /* an integer: its digits */
        char *p = buf;
        if (x < 0) *p++ = '-';
        p += decimal_digits((uint64_t)fabs(x), p);
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
    } else if (n <= k) { /* an integer part only, maybe with zeros to add */
        memcpy(p, digits, (size_t)n);
        memset(p + n, '0', (size_t)(k - n));
        p += k;
    } else {
        memcpy(p, digits, (size_t)k);
        p[k] = '.';
        memcpy(p + k + 1, digits + k, (size_t)(n - k));
        p += n + 1;
    }
    *p = '\0';
    return (int)(p - buf);
}
