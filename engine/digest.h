/* digest.h — SHA-256 of the exact bytes a result came from (rules and
 * dataset). A large dataset is hashed on a thread of its own while it is
 * read (digest_new_background), off the reading thread's path. */
#ifndef JH_DIGEST_H
#define JH_DIGEST_H
#include <stddef.h>

typedef struct Digest Digest;

Digest *digest_new(void);
/* A digest whose bytes are hashed on a thread of its own from the second
 * piece on (a small file, read in one, starts no thread): digest_update
 * hands them over and returns, and they must stay as they are until the
 * next digest_update, digest_wait or digest_finish returns. (Without a
 * thread it hashes them at once, as digest_new's.) */
Digest *digest_new_background(void);
void digest_update(Digest *d, const void *data, size_t n);
/* Returns once the bytes handed over are hashed: the caller may change them. */
void digest_wait(Digest *d);
/* Writes the lower-case hex digest into out[65] and frees d. */
void digest_finish(Digest *d, char out[65]);

#endif
