/* sha256.h — SHA-256 (FIPS 180-4), to name the exact rules and dataset a
 * result came from. */
#ifndef JH_SHA256_H
#define JH_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct Sha256 {
    uint32_t h[8];
    uint64_t length;      /* bytes hashed so far */
    unsigned char block[64];
    size_t fill;
} Sha256;

void sha256_init(Sha256 *s);
void sha256_update(Sha256 *s, const void *data, size_t n);
void sha256_final(Sha256 *s, unsigned char digest[32]);
/* Lower-case hex of a digest into out[65]. */
void sha256_hex(const unsigned char digest[32], char out[65]);

#endif
