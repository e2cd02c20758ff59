/* test_lexer.c — tokens of the rule language, Chinese and English. */
#include "support.h"
#include "lex.h"

static int lex_all(const char *text, Token *out, int max, DiagList *d)
{
    static Source src;
    src.path = "t.jh";
    src.text = (char *)text;
    src.len = strlen(text);
    Lexer lx;
    lex_init(&lx, &src, d);
    int n = 0;
    do out[n] = lex_next(&lx);
    while (out[n++].kind != T_EOF && n < max);
    return n;
}

static void keywords_in_both_languages(void **state)
{
    (void)state;
    Token t[32];
    DiagList d;
    diag_init(&d);
    int n = lex_all("指标 indicator 例外 exception 且 and 或 or 非 not 其中 where", t, 32, &d);
    TokKind want[] = {K_INDICATOR, K_INDICATOR, K_EXCEPTION, K_EXCEPTION, K_AND, K_AND,
                      K_OR, K_OR, K_NOT, K_NOT, K_WHERE, K_WHERE, T_EOF};
    assert_int_equal(n, 13);
    for (int i = 0; i < n; i++) assert_int_equal(t[i].kind, want[i]);
    assert_int_equal(d.errors, 0);
    diag_free(&d);
}

/* Every keyword of KEYWORD_TABLE, in either spelling, is its token: the
 * re2c rules of lexer.re and the table stay in step. */
static void every_keyword_of_the_table(void **state)
{
    (void)state;
    static const struct { TokKind kind; const char *zh, *en; } table[] = {
#define KW_ROW(tok, zh, en) {tok, zh, en},
        KEYWORD_TABLE(KW_ROW)
#undef KW_ROW
    };
    for (size_t i = 0; i < sizeof table / sizeof *table; i++) {
        Token t[4];
        DiagList d;
        diag_init(&d);
        char text[64];
        snprintf(text, sizeof text, "%s %s", table[i].zh, table[i].en);
        assert_int_equal(lex_all(text, t, 4, &d), 3);
        if (t[0].kind != table[i].kind || t[1].kind != table[i].kind) fail_msg("keyword %s / %s", table[i].zh, table[i].en);
        assert_int_equal(d.errors, 0);
        diag_free(&d);
    }
}

/* Whether the libFuzzer dictionary at path lists word as one of its entries
 * (a spelling outside ASCII written byte by byte, "\xE8\x8B\xA5"). */
static int dictionary_lists(const char *path, const char *word)
{
    char entry[256] = "\"";
    for (const unsigned char *c = (const unsigned char *)word; *c; c++)
        snprintf(entry + strlen(entry), sizeof entry - strlen(entry), *c < 0x80 ? "%c" : "\\x%02X", *c);
    strcat(entry, "\"\n");
    FILE *f = fopen(path, "r");
    if (!f) fail_msg("cannot read %s (the suites run from the repository)", path);
    char line[256];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) found = strcmp(line, entry) == 0;
    fclose(f);
    return found;
}

/* The fuzz dictionaries give libFuzzer every keyword, in both spellings. */
static void fuzz_dictionaries_list_every_keyword(void **state)
{
    (void)state;
    static const char *const spellings[] = {
#define KW_SPELLINGS(tok, zh, en) zh, en,
        KEYWORD_TABLE(KW_SPELLINGS)
#undef KW_SPELLINGS
    };
    static const char *const dictionaries[] = {"tests/fuzz/rules.dict", "tests/fuzz/program.dict"};
    for (size_t d = 0; d < 2; d++)
        for (size_t i = 0; i < sizeof spellings / sizeof *spellings; i++)
            if (!dictionary_lists(dictionaries[d], spellings[i])) fail_msg("%s lacks %s", dictionaries[d], spellings[i]);
}

/* 若 and 则 begin or end ordinary words (若干, 规则, 否则数): only alone are
 * they the conditional's keywords; 否则 is one keyword, not 否 and 则. */
static void conditional_keywords_and_words_around_them(void **state)
{
    (void)state;
    Token t[16];
    DiagList d;
    diag_init(&d);
    int n = lex_all("若 a 则 b 否则 c 若干 规则 否则数 否 则", t, 16, &d);
    TokKind want[] = {K_IF, T_IDENT, K_THEN, T_IDENT, K_ELSE, T_IDENT, T_IDENT, T_IDENT, T_IDENT, K_FALSE, K_THEN, T_EOF};
    assert_int_equal(n, 12);
    for (int i = 0; i < n; i++) assert_int_equal(t[i].kind, want[i]);
    assert_int_equal(t[6].len, strlen("若干"));
    assert_int_equal(d.errors, 0);
    diag_free(&d);
}

static void chinese_identifiers_longer_than_keywords(void **state)
{
    (void)state;
    Token t[8];
    DiagList d;
    diag_init(&d);
    /* "值域" and "标准差" start with keywords but are names; "I4" too. */
    lex_all("值域 标准差 I4 完成360学时教师数", t, 8, &d);
    for (int i = 0; i < 4; i++) assert_int_equal(t[i].kind, T_IDENT);
    assert_int_equal(t[1].len, strlen("标准差"));
    assert_int_equal(t[3].len, strlen("完成360学时教师数"));
    diag_free(&d);
}

static void numbers_and_percentages(void **state)
{
    (void)state;
    Token t[8];
    DiagList d;
    diag_init(&d);
    lex_all("4.5 95% 1e-9 2000", t, 8, &d);
    assert_int_equal(t[0].kind, T_NUMBER);
    assert_true(t[0].num == 4.5);
    assert_true(t[1].num == 0.95 && t[1].percent);
    assert_true(t[2].num == 1e-9);
    assert_true(t[3].num == 2000 && !t[3].percent);
    diag_free(&d);
}

static void strings_with_ascii_and_chinese_quotes(void **state)
{
    (void)state;
    Token t[4];
    DiagList d;
    diag_init(&d);
    const char *text = "\"附件2\" “第4项”";
    lex_all(text, t, 4, &d);
    assert_int_equal(t[0].kind, T_STRING);
    assert_int_equal(t[0].len, strlen("附件2"));
    assert_memory_equal(text + t[0].start, "附件2", t[0].len);
    assert_int_equal(t[1].kind, T_STRING);
    assert_memory_equal(text + t[1].start, "第4项", t[1].len);
    diag_free(&d);
}

static void full_width_punctuation(void **state)
{
    (void)state;
    Token t[12];
    DiagList d;
    diag_init(&d);
    lex_all("（a，b、c）：≥ ≤ ≠ × ÷", t, 12, &d);
    TokKind want[] = {T_LPAREN, T_IDENT, T_COMMA, T_IDENT, T_COMMA, T_IDENT, T_RPAREN,
                      T_COLON, T_GE, T_LE, T_NE, T_STAR};
    for (int i = 0; i < 12; i++) assert_int_equal(t[i].kind, want[i]);
    diag_free(&d);
}

static void comments_are_skipped(void **state)
{
    (void)state;
    Token t[4];
    DiagList d;
    diag_init(&d);
    lex_all("# 注释 指标\n值 // comment\n标准", t, 4, &d);
    assert_int_equal(t[0].kind, K_VALUE);
    assert_int_equal(t[1].kind, K_THRESHOLD);
    assert_int_equal(t[2].kind, T_EOF);
    diag_free(&d);
}

static void bad_characters_are_reported_and_skipped(void **state)
{
    (void)state;
    Token t[4];
    DiagList d;
    diag_init(&d);
    lex_all("值 € 标准 \"open", t, 4, &d);
    assert_int_equal(t[0].kind, K_VALUE);
    assert_int_equal(t[1].kind, K_THRESHOLD);
    assert_int_equal(t[2].kind, T_EOF);
    char *shown = render(&d);
    assert_string_equal(shown,
                        "t.jh:1:3: 错误: 无法识别的字符 '€'\n"
                        "  值 € 标准 \"open\n"
                        "     ^\n"
                        "t.jh:1:8: 错误: 字符串缺少结束引号\n"
                        "  值 € 标准 \"open\n"
                        "            ^\n");
    free(shown);
    diag_free(&d);
}

static void invalid_utf8_is_reported(void **state)
{
    (void)state;
    Token t[4];
    DiagList d;
    diag_init(&d);
    lex_all("值 \xff 标准", t, 4, &d);
    assert_int_equal(t[1].kind, K_THRESHOLD);
    assert_int_equal(d.errors, 1);
    assert_int_equal(d.items[0].id, MSG_LEX_BAD_UTF8);
    diag_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keywords_in_both_languages),
        cmocka_unit_test(every_keyword_of_the_table),
        cmocka_unit_test(fuzz_dictionaries_list_every_keyword),
        cmocka_unit_test(conditional_keywords_and_words_around_them),
        cmocka_unit_test(chinese_identifiers_longer_than_keywords),
        cmocka_unit_test(numbers_and_percentages),
        cmocka_unit_test(strings_with_ascii_and_chinese_quotes),
        cmocka_unit_test(full_width_punctuation),
        cmocka_unit_test(comments_are_skipped),
        cmocka_unit_test(bad_characters_are_reported_and_skipped),
        cmocka_unit_test(invalid_utf8_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
