/* digest.c — SHA-256 through libcrypto's EVP interface. */
#include "digest.h"
#include "arena.h"
#include <openssl/evp.h>
#include <stdlib.h>

struct Digest {
    EVP_MD_CTX *ctx;
};

Digest *digest_new(void)
{
    Digest *d = xmalloc(sizeof *d);
    d->ctx = EVP_MD_CTX_new();
    if (!d->ctx || EVP_DigestInit_ex(d->ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(d->ctx);
        free(d);
        alloc_failed(0); /* libcrypto could not allocate its context */
    }
    return d;
}

void digest_update(Digest *d, const void *data, size_t n)
{
    EVP_DigestUpdate(d->ctx, data, n);
}

void digest_finish(Digest *d, char out[65])
{
    static const char hex[] = "0123456789abcdef";
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(d->ctx, md, &n);
    for (unsigned i = 0; i < 32 && i < n; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 15];
    }
    out[64] = '\0';
    EVP_MD_CTX_free(d->ctx);
    free(d);
}
