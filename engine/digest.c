/* digest.c — SHA-256 (FIPS 180-4).
 *
 * The program's own, not libcrypto's: loading libcrypto cost every run
 * about 2.5 ms of start-up, a tenth of a whole district evaluation. Where
 * the CPU has the SHA extensions (x86-64: SHA-NI, with SSSE3 and SSE4.1),
 * the blocks are compressed with them, as libcrypto does: a 150 MB national
 * dataset then hashes in about 0.1 s; elsewhere in portable C, several
 * times slower. Both are checked against the standard's test vectors. */
#include "digest.h"
#include "arena.h"
#include "thread.h"
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

struct Digest {
    uint32_t state[8];
    uint64_t bytes;              /* hashed so far */
    unsigned char block[64];     /* the partial block */
    size_t fill;
    /* A digest on a thread of its own (digest_new_background), running
     * from the second piece on: the bytes handed over, hashed while busy. */
    int background, running;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t change;
    const void *data;
    size_t n;
    int busy, quit;
};

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotr(uint32_t x, int n)
{
    return x >> n | x << (32 - n);
}

/* Compresses n 64-byte blocks into state, in portable C. */
static void compress_c(uint32_t state[8], const unsigned char *p, size_t n)
{
    for (; n; n--, p += 64) {
        uint32_t w[64];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ w[i - 15] >> 3;
            uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ w[i - 2] >> 10;
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6],
                 h = state[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
        state[5] += f;
        state[6] += g;
        state[7] += h;
    }
}

#if defined(__x86_64__)
/* The same with the SHA extensions. The instructions keep the state as
 * ABEF and CDGH, and take the message four words at a time: each group of
 * four rounds is two sha256rnds2, and the message schedule's next four
 * words come from the four before (sha256msg1, sha256msg2). */
__attribute__((target("sha,sse4.1,ssse3"))) static void compress_sha(uint32_t state[8], const unsigned char *p, size_t n)
{
    const __m128i byteswap = _mm_set_epi8(12, 13, 14, 15, 8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&state[0]), hgfe = _mm_loadu_si128((const __m128i *)&state[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1), efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8), cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);
    for (; n; n--, p += 64) {
        __m128i abef0 = abef, cdgh0 = cdgh, w[4];
#pragma GCC unroll 16 /* w[] in registers */
        for (int g = 0; g < 16; g++) {
            __m128i m;
            if (g < 4) {
                m = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * g)), byteswap);
            } else {
                m = _mm_sha256msg1_epu32(w[g % 4], w[(g + 1) % 4]);
                m = _mm_add_epi32(m, _mm_alignr_epi8(w[(g + 3) % 4], w[(g + 2) % 4], 4));
                m = _mm_sha256msg2_epu32(m, w[(g + 3) % 4]);
            }
            w[g % 4] = m;
            __m128i mk = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&K[4 * g]));
            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, mk);
            abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(mk, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1B), dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)&state[0], _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)&state[4], _mm_alignr_epi8(dchg, feba, 8));
}

static int has_sha_extensions(void)
{
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSSE3) || !(c & bit_SSE4_1)) return 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & bit_SHA);
}
#endif

typedef void (*Compress)(uint32_t state[8], const unsigned char *p, size_t n);

/* The compression this CPU runs fastest, chosen once for every thread. */
static Compress chosen;
static pthread_once_t choosing = PTHREAD_ONCE_INIT;

static void choose(void)
{
#if defined(__x86_64__)
    chosen = has_sha_extensions() ? compress_sha : compress_c;
#else
    chosen = compress_c;
#endif
}

static Compress compress_for_cpu(void)
{
    pthread_once(&choosing, choose);
    return chosen;
}

Digest *digest_new(void)
{
    static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    Digest *d = xcalloc(1, sizeof *d);
    memcpy(d->state, initial, sizeof initial);
    return d;
}

static void hash_bytes(Digest *d, const void *data, size_t n)
{
    const unsigned char *p = data;
    Compress compress = compress_for_cpu();
    d->bytes += n;
    if (d->fill) {
        size_t k = n < 64 - d->fill ? n : 64 - d->fill;
        memcpy(d->block + d->fill, p, k);
        d->fill += k;
        p += k;
        n -= k;
        if (d->fill < 64) return;
        compress(d->state, d->block, 1);
        d->fill = 0;
    }
    compress(d->state, p, n / 64);
    memcpy(d->block, p + n / 64 * 64, n % 64);
    d->fill = n % 64;
}

static void *hasher_main(void *arg)
{
    Digest *d = arg;
    pthread_mutex_lock(&d->lock);
    for (;;) {
        while (!d->busy && !d->quit) pthread_cond_wait(&d->change, &d->lock);
        if (!d->busy) break;
        pthread_mutex_unlock(&d->lock);
        hash_bytes(d, d->data, d->n);
        pthread_mutex_lock(&d->lock);
        d->busy = 0;
        pthread_cond_broadcast(&d->change);
    }
    pthread_mutex_unlock(&d->lock);
    return NULL;
}

Digest *digest_new_background(void)
{
    Digest *d = digest_new();
    d->background = 1;
    pthread_mutex_init(&d->lock, NULL);
    pthread_cond_init(&d->change, NULL);
    return d;
}

void digest_wait(Digest *d)
{
    if (!d->running) return;
    pthread_mutex_lock(&d->lock);
    while (d->busy) pthread_cond_wait(&d->change, &d->lock);
    pthread_mutex_unlock(&d->lock);
}

void digest_update(Digest *d, const void *data, size_t n)
{
    if (n == 0) return;
    if (d->background && !d->running && d->bytes > 0) /* a second piece: more may follow */
        d->running = thread_start(&d->thread, hasher_main, d) == 0;
    if (!d->running) {
        hash_bytes(d, data, n);
        return;
    }
    pthread_mutex_lock(&d->lock);
    while (d->busy) pthread_cond_wait(&d->change, &d->lock);
    d->data = data;
    d->n = n;
    d->busy = 1;
    pthread_cond_broadcast(&d->change);
    pthread_mutex_unlock(&d->lock);
}

void digest_finish(Digest *d, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    if (d->running) {
        pthread_mutex_lock(&d->lock);
        d->quit = 1;
        pthread_cond_broadcast(&d->change);
        pthread_mutex_unlock(&d->lock);
        pthread_join(d->thread, NULL); /* it hashes what it was handed first */
    }
    if (d->background) {
        pthread_mutex_destroy(&d->lock);
        pthread_cond_destroy(&d->change);
    }
    uint64_t bits = d->bytes * 8;
    Compress compress = compress_for_cpu();
    d->block[d->fill++] = 0x80;
    if (d->fill > 56) {
        memset(d->block + d->fill, 0, 64 - d->fill);
        compress(d->state, d->block, 1);
        d->fill = 0;
    }
    memset(d->block + d->fill, 0, 56 - d->fill);
    for (int i = 0; i < 8; i++) d->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
    compress(d->state, d->block, 1);
    for (int i = 0; i < 32; i++) {
        unsigned byte = d->state[i / 4] >> (24 - 8 * (i % 4)) & 0xff;
        out[2 * i] = hex[byte >> 4];
        out[2 * i + 1] = hex[byte & 15];
    }
    out[64] = '\0';
    free(d);
}
