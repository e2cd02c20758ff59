/* test_digest.c — SHA-256 against the standard's test vectors (FIPS 180-4
 * examples and the million 'a'), fed in pieces of every awkward size, with
 * each compression this build has: portable C, and the SHA extensions
 * where the CPU has them; and hashed on a thread of its own. */
#include "digest.c"
#include "support.h"

static const struct {
    const char *text;
    int repeat;
    const char *hex;
} vectors[] = {
    {"", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
     1, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    {"a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
};

/* The vectors' digests with compression c, fed step bytes at a time. */
static void check_with(Compress c, size_t step)
{
    compress_for_cpu(); /* chosen once: then replaced */
    chosen = c;
    for (size_t v = 0; v < sizeof vectors / sizeof *vectors; v++) {
        size_t len = strlen(vectors[v].text), total = len * (size_t)vectors[v].repeat;
        char *all = malloc(total + 1);
        for (int r = 0; r < vectors[v].repeat; r++) memcpy(all + (size_t)r * len, vectors[v].text, len);
        Digest *d = digest_new();
        for (size_t at = 0; at < total; at += step) digest_update(d, all + at, total - at < step ? total - at : step);
        char hex[65];
        digest_finish(d, hex);
        assert_string_equal(hex, vectors[v].hex);
        free(all);
    }
}

static void portable_c_gives_the_standard_digests(void **state)
{
    (void)state;
    const size_t steps[] = {1, 3, 55, 56, 63, 64, 65, 1000, 1 << 20};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) check_with(compress_c, steps[i]);
}

static void the_cpus_extensions_give_the_same(void **state)
{
    (void)state;
    choose();
    Compress fastest = chosen;
    const size_t steps[] = {1, 7, 64, 129, 4096, 1 << 20};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) check_with(fastest, steps[i]);
}

/* A digest hashed on a thread of its own gives the same digests. Every
 * piece is handed over in one buffer, overwritten by the next piece as soon
 * as digest_wait returns: a wait that returned before the hashing ended
 * would hash the wrong bytes. */
static void a_background_digest_gives_the_same(void **state)
{
    (void)state;
    const size_t steps[] = {1, 64, 1000, 1 << 16};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        for (size_t v = 0; v < sizeof vectors / sizeof *vectors; v++) {
            size_t len = strlen(vectors[v].text), total = len * (size_t)vectors[v].repeat, step = steps[i];
            char *piece = malloc(step);
            Digest *d = digest_new_background();
            for (size_t at = 0; at < total; at += step) {
                digest_wait(d);
                size_t n = total - at < step ? total - at : step;
                for (size_t k = 0; k < n; k++) piece[k] = vectors[v].text[(at + k) % len];
                digest_update(d, piece, n);
            }
            assert_int_equal(d->running, total > step); /* from the second piece on */
            char hex[65];
            digest_finish(d, hex);
            assert_string_equal(hex, vectors[v].hex);
            free(piece);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(portable_c_gives_the_standard_digests),
        cmocka_unit_test(the_cpus_extensions_give_the_same),
        cmocka_unit_test(a_background_digest_gives_the_same),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
