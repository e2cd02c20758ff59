/* digest.c — SHA-256 through libcrypto's SHA256_* functions.
 *
 * OpenSSL 3 marks them deprecated in favour of EVP, but EVP fetches the
 * digest through the provider machinery, whose set-up costs about 2 ms a
 * process: a tenth of a whole district run. SHA256_* run the same
 * assembly (the CPU's SHA instructions) without it. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "digest.h"
#include "arena.h"
#include <openssl/sha.h>
#include <stdlib.h>

struct Digest {
    SHA256_CTX ctx;
};

Digest *digest_new(void)
{
    Digest *d = xmalloc(sizeof *d);
    SHA256_Init(&d->ctx);
    return d;
}

void digest_update(Digest *d, const void *data, size_t n)
{
    SHA256_Update(&d->ctx, data, n);
}

void digest_finish(Digest *d, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256_Final(md, &d->ctx);
    for (unsigned i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    free(d);
}
