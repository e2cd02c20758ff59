/* test_jsontree.c — the JSON parser of the dataset reader: the tree and
 * where its nodes are, numbers exactly as strtod reads them, escapes, every
 * kind of syntax error at its byte, input that ends early, the nesting and
 * memory limits. */
#include "support.h"
#include "jsontree.h"
#include "limits.h"

static Arena arena;

static int setup(void **state)
{
    (void)state;
    arena_init(&arena, 1 << 16);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

/* Parses text, which must be one whole value. */
static const JsonNode *parse(const char *text, JsonTree *tree)
{
    arena_reset(&arena);
    assert_int_equal(json_parse(text, strlen(text), &arena, SIZE_MAX, tree), JSON_COMPLETE);
    return tree->root;
}

static void tree_of_a_document(void **state)
{
    (void)state;
    JsonTree tree;
    const char *text = " {\"学校\": [1, \"x\", true, false, null],\n \"b\" : {}, \"c\": []} ,";
    const JsonNode *root = parse(text, &tree);
    assert_int_equal(tree.end, strlen(text) - 2); /* past the '}', before what follows */
    assert_int_equal(root->type, JSON_OBJECT);
    assert_null(root->key);
    assert_int_equal(root->at, 1);
    const JsonNode *list = root->child;
    assert_string_equal(list->key, "学校");
    assert_int_equal(list->key_len, strlen("学校"));
    assert_int_equal(list->at, 2); /* a member is at its key */
    assert_int_equal(list->type, JSON_ARRAY);
    const JsonNode *e = list->child;
    assert_int_equal(e->type, JSON_NUMBER);
    assert_true(e->num == 1);
    assert_null(e->key);
    assert_int_equal(e->at, strchr(text, '1') - text); /* an element is at its first byte */
    e = e->next;
    assert_int_equal(e->type, JSON_STRING);
    assert_string_equal(e->str, "x");
    assert_int_equal(e->str_len, 1);
    assert_int_equal(e->at, strstr(text, "\"x\"") - text);
    assert_int_equal(e->next->type, JSON_TRUE);
    assert_int_equal(e->next->next->type, JSON_FALSE);
    assert_int_equal(e->next->next->next->type, JSON_NULL);
    assert_null(e->next->next->next->next);
    const JsonNode *b = list->next;
    assert_string_equal(b->key, "b");
    assert_int_equal(b->at, strstr(text, "\"b\"") - text);
    assert_int_equal(b->type, JSON_OBJECT);
    assert_null(b->child);
    assert_int_equal(b->next->type, JSON_ARRAY);
    assert_null(b->next->child);
    assert_null(b->next->next);
}

static void members_are_found_by_key(void **state)
{
    (void)state;
    JsonTree tree;
    const JsonNode *root = parse("{\"a\": 1, \"b\": 2, \"a\": 3}", &tree);
    assert_true(json_member(root, "a")->num == 1); /* the first of a repeated key */
    assert_true(json_member(root, "b")->num == 2);
    assert_null(json_member(root, "c"));
    assert_null(json_member(root->child, "a")); /* no object */
    assert_null(json_member(NULL, "a"));
}

/* The parsed double of the number text, and strtod's, bit for bit. */
static void same_as_strtod(const char *number)
{
    char text[400];
    snprintf(text, sizeof text, "%s ", number); /* followed by a space: it ends */
    JsonTree tree;
    const JsonNode *n = parse(text, &tree);
    assert_int_equal(n->type, JSON_NUMBER);
    double want = strtod(number, NULL);
    if (memcmp(&n->num, &want, sizeof want) != 0)
        fail_msg("%s: parsed %.17g, strtod %.17g", number, n->num, want);
}

static void numbers_are_what_strtod_reads(void **state)
{
    (void)state;
    static const char *const tricky[] = {
        "0", "-0", "0.0", "-0.0", "0e-400", "-0E+5", "1", "-1", "0.1", "0.2", "0.3", "1e23", "8.41e21", "5e-324", "1e-400",
        "1e400", "-1e400", "1.7976931348623157e308", "1.7976931348623159e308", "2.2250738585072014e-308",
        "2.2250738585072011e-308", "4.9406564584124654e-324", "9007199254740992", "9007199254740993",
        "9007199254740994", "9007199254740995", "18014398509481985", "123456789012345678", "1234567890123456789",
        "12345678901234567890", "123456789012345678901234567890", "0.1234567890123456789012345", "3.14159265358979323846",
        "1e22", "1e-22", "123e20", "123e-20", "4.35679e-10", "1.5e+10", "1.5E-10", "7e0", "100000000000000000000000",
        "0.000000000000000000000000001", "0.30000000000000004", "2.5e-5", "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124", "44", "0.95", "300", "12.5", "-273.15",
    };
    for (size_t i = 0; i < sizeof tricky / sizeof *tricky; i++) same_as_strtod(tricky[i]);
    /* A sweep of mantissas of 1 to 20 digits, with or without a point,
     * and exponents around the fast path's bounds (10^±22) and past them. */
    uint64_t x = 88172645463325252u;
    for (int i = 0; i < 20000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        char digits[32], number[64];
        int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)(x >> (x % 64)));
        int point = (int)(x >> 8 & 31) % (n + 1), exp = (int)(x >> 16 & 63) - 32;
        const char *sign = i % 3 ? "" : "-";
        if (point == 0 || point == n) snprintf(number, sizeof number, "%s%se%d", sign, digits, exp);
        else snprintf(number, sizeof number, "%s%.*s.%s", sign, point, digits, digits + point);
        same_as_strtod(number);
    }
}

static void strings_are_unescaped(void **state)
{
    (void)state;
    JsonTree tree;
    const JsonNode *n = parse("{\"k\\u00e9\\\"\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t|\\u0041\\u00e9\\u4E2D\\ud83d\\ude00|学\"}", &tree);
    assert_string_equal(n->child->key, "k\xC3\xA9\"");
    assert_int_equal(n->child->key_len, 4);
    assert_string_equal(n->child->str, "\"\\/\b\f\n\r\t|A\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80|学");
    assert_int_equal(n->child->str_len, strlen(n->child->str));
}

/* JSON allows \u0000, but a text of ours would end there: it is refused
 * at its backslash, in a value as in a key. */
static void a_null_character_is_refused_where_it_is(void **state)
{
    (void)state;
    const struct {
        const char *text;
        size_t at;
    } cases[] = {{"\"a\\u0000b\"", 2}, {"{\"k\\u0000\": 1}", 3}, {"[\"\\u00e9\\u0000\"]", 8}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        JsonTree tree;
        arena_reset(&arena);
        assert_int_equal(json_parse(cases[i].text, strlen(cases[i].text), &arena, SIZE_MAX, &tree), JSON_NUL);
        assert_int_equal(tree.error_at, cases[i].at);
    }
}

/* Strings of every length up to past two scans of 16 bytes: whole, and
 * with a control character, an escape or the end at each byte. */
static void strings_of_every_length(void **state)
{
    (void)state;
    for (size_t n = 0; n < 40; n++) {
        char text[64];
        text[0] = '"';
        for (size_t k = 0; k < n; k++) text[1 + k] = k % 3 ? (char)('a' + k % 26) : '\xE5';
        text[1 + n] = '"';
        text[2 + n] = '\0';
        JsonTree tree;
        const JsonNode *node = parse(text, &tree);
        assert_int_equal(node->str_len, n);
        assert_memory_equal(node->str, text + 1, n);
        assert_int_equal(tree.end, n + 2);
        arena_reset(&arena);
        assert_int_equal(json_parse(text, n + 1, &arena, SIZE_MAX, &tree), JSON_MORE);
        for (size_t at = 1; at <= n; at++) {
            char bad[64];
            memcpy(bad, text, n + 3);
            bad[at] = '\x1F';
            arena_reset(&arena);
            assert_int_equal(json_parse(bad, n + 2, &arena, SIZE_MAX, &tree), JSON_SYNTAX);
            assert_int_equal(tree.error_at, at);
            bad[at] = '\\'; /* \" : the string goes on */
            if (at == n) {
                arena_reset(&arena);
                assert_int_equal(json_parse(bad, n + 2, &arena, SIZE_MAX, &tree), JSON_MORE);
            }
            bad[at] = '"'; /* the string ends there */
            node = parse(bad, &tree);
            assert_int_equal(node->str_len, at - 1);
        }
    }
}

static void syntax_errors_are_at_their_byte(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        size_t at;
    } cases[] = {
        {"[1,]", 3},            /* a value expected */
        {"{\"a\" 1}", 5},       /* ':' expected */
        {"{\"a\": 1 \"b\": 2}", 8}, /* ',' or '}' expected */
        {"{\"a\": 1,}", 8},     /* a key expected */
        {"{,}", 1},
        {"[1 2]", 3},
        {"[1}", 2},
        {"{\"a\": 1]", 7},
        {"[01]", 1},            /* no leading zeros */
        {"[-01]", 1},
        {"[1.]", 1},            /* a digit after the point */
        {"[1.e5]", 1},
        {"[.5]", 1},
        {"[+1]", 1},
        {"[-x]", 1},
        {"[1e]", 1},
        {"[1e+]", 1},
        {"[0x10]", 2},
        {"[tru]", 1},
        {"[nul ]", 1},
        {"[True]", 1},
        {"[\"a\tb\"]", 3},       /* a control character in a string */
        {"[\"a\nb\"]", 3},
        {"[\"\\q\"]", 2},       /* an unknown escape */
        {"[\"\\u12G4\"]", 2},
        {"[\"\\ud800\"]", 2},   /* a high surrogate alone */
        {"[\"\\ud800\\u0041\"]", 2},
        {"[\"\\udc00\"]", 2},   /* a low surrogate alone */
        {"\xEF\xBB\xBF{}", 0},  /* a BOM is no white space */
        {"[\x01]", 1},          /* nor is a control character */
        {"[\v1]", 1},
        {"'a'", 0},
        {"}", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        JsonTree tree;
        arena_reset(&arena);
        JsonStatus st = json_parse(cases[i].text, strlen(cases[i].text), &arena, SIZE_MAX, &tree);
        if (st != JSON_SYNTAX || tree.error_at != cases[i].at)
            fail_msg("%s: status %d at %zu, expected a syntax error at %zu", cases[i].text, st, tree.error_at, cases[i].at);
    }
}

/* Every prefix of a value asks for more; the whole of it is complete. */
static void input_that_ends_early_asks_for_more(void **state)
{
    (void)state;
    const char *text = "{\"a\": [1, -2.5e-3, \"x\\u00e9\\\"\", true, false, null, {}, []], \"学\": {\"b\": 0}}";
    for (size_t k = 0; k < strlen(text); k++) {
        JsonTree tree;
        arena_reset(&arena);
        JsonStatus st = json_parse(text, k, &arena, SIZE_MAX, &tree);
        if (st != JSON_MORE) fail_msg("prefix of %zu bytes: status %d", k, st);
    }
    JsonTree tree;
    parse(text, &tree);
    assert_int_equal(tree.end, strlen(text));
    /* A number at the end of the text may go on; a literal may not. */
    arena_reset(&arena);
    assert_int_equal(json_parse("12", 2, &arena, SIZE_MAX, &tree), JSON_MORE);
    assert_int_equal(json_parse("true", 4, &arena, SIZE_MAX, &tree), JSON_COMPLETE);
    assert_int_equal(json_parse("  ", 2, &arena, SIZE_MAX, &tree), JSON_MORE);
}

static void nesting_is_limited(void **state)
{
    (void)state;
    char *text = malloc(2 * JH_MAX_JSON_DEPTH + 3);
    assert_non_null(text);
    memset(text, '[', JH_MAX_JSON_DEPTH);
    memset(text + JH_MAX_JSON_DEPTH, ']', JH_MAX_JSON_DEPTH);
    text[2 * JH_MAX_JSON_DEPTH] = '\0';
    JsonTree tree;
    arena_reset(&arena);
    assert_int_equal(json_parse(text, strlen(text), &arena, SIZE_MAX, &tree), JSON_COMPLETE);
    memset(text, '[', JH_MAX_JSON_DEPTH + 1);
    memset(text + JH_MAX_JSON_DEPTH + 1, ']', JH_MAX_JSON_DEPTH + 1);
    text[2 * JH_MAX_JSON_DEPTH + 2] = '\0';
    arena_reset(&arena);
    assert_int_equal(json_parse(text, strlen(text), &arena, SIZE_MAX, &tree), JSON_TOO_DEEP);
    assert_int_equal(tree.error_at, JH_MAX_JSON_DEPTH); /* the bracket one too deep */
    free(text);
}

/* The memory limit counts what the tree takes as it grows: nodes and the
 * strings' copies, each rounded to 8 bytes. */
static void memory_is_limited(void **state)
{
    (void)state;
    size_t node = (sizeof(JsonNode) + 7) / 8 * 8;
    const char *text = "[0, 0, \"abcdefgh\"]";
    size_t need = 4 * node + 16; /* "abcdefgh" and its NUL */
    JsonTree tree;
    arena_reset(&arena);
    assert_int_equal(json_parse(text, strlen(text), &arena, need, &tree), JSON_COMPLETE);
    assert_int_equal(tree.used, need);
    arena_reset(&arena);
    assert_int_equal(json_parse(text, strlen(text), &arena, need - 1, &tree), JSON_TOO_BIG);
    arena_reset(&arena);
    assert_int_equal(json_parse(text, strlen(text), &arena, 3 * node, &tree), JSON_TOO_BIG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tree_of_a_document),
        cmocka_unit_test(members_are_found_by_key),
        cmocka_unit_test(numbers_are_what_strtod_reads),
        cmocka_unit_test(strings_are_unescaped),
        cmocka_unit_test(a_null_character_is_refused_where_it_is),
        cmocka_unit_test(strings_of_every_length),
        cmocka_unit_test(syntax_errors_are_at_their_byte),
        cmocka_unit_test(input_that_ends_early_asks_for_more),
        cmocka_unit_test(nesting_is_limited),
        cmocka_unit_test(memory_is_limited),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
