/* test_msg.c — the message catalogue: every entry's two columns take the
 * same arguments, and a diagnostic keeps its entry and arguments until it
 * is printed, in whichever language it is printed in. */
#include "support.h"
#include "msg.h"
#include <errno.h>

/* Both columns of every entry take the same arguments in the same order,
 * each conversion one the writer knows: a mismatch would read the wrong
 * argument, or crash, when the other language is printed. */
static void every_entry_has_the_same_arguments_in_both_languages(void **state)
{
    (void)state;
    int conversions = 0;
    for (int id = 0; id < MSG_COUNT; id++) {
        char zh[256], en[256];
        int nz = msg_signature(msg(LANG_ZH, (MsgId)id), zh, sizeof zh);
        int ne = msg_signature(msg(LANG_EN, (MsgId)id), en, sizeof en);
        if (nz < 0 || ne < 0 || strcmp(zh, en) != 0)
            fail_msg("entry %d: zh \"%s\" takes (%s), en \"%s\" takes (%s)", id, msg(LANG_ZH, (MsgId)id), nz < 0 ? "?" : zh,
                     msg(LANG_EN, (MsgId)id), ne < 0 ? "?" : en);
        conversions += nz;
    }
    assert_true(conversions > 200);
}

/* The check itself tells formats apart by what their arguments are. */
static void signatures_tell_argument_types_apart(void **state)
{
    (void)state;
    char sig[64];
    assert_int_equal(msg_signature("%s 的 %d 与 %ld、%zu、%.3g、%-4s、100%%", sig, sizeof sig), 6);
    assert_string_equal(sig, "s d ld zu f s");
    assert_int_equal(msg_signature("[%s] %M（%L）%u", sig, sizeof sig), 4);
    assert_string_equal(sig, "s M L u");
    assert_int_equal(msg_signature("没有参数", sig, sizeof sig), 0);
    assert_string_equal(sig, "");
    assert_int_equal(msg_signature("%*d", sig, sizeof sig), -1);
    assert_int_equal(msg_signature("%p", sig, sizeof sig), -1);
    assert_int_equal(msg_signature("%Lf", sig, sizeof sig), 1); /* a list, then the letter f */
}

/* One stored diagnostic printed in Chinese, then in English: each
 * language's text around the same arguments. Texts from files are escaped
 * (the escape in the name, the tab in the column), numbers are written as
 * printf writes them, and the arguments were copied when it was stored. */
static void a_stored_diagnostic_prints_in_either_language(void **state)
{
    (void)state;
    DiagList d;
    diag_init(&d);
    char column[] = "名\x1b[2J称";
    diag_at_cell(&d, DIAG_ERROR, "d/学校.csv", 3, "学\t校", MSG_CSV_DUP_COLUMN, column, 2, 15);
    strcpy(column, "changed");
    diag_at(&d, DIAG_WARNING, NULL, 0, MSG_OUT_OF_MEMORY, (size_t)1 << 40);
    diag_at(&d, DIAG_ERROR, NULL, 0, MSG_CLI_BAD_INTEGER, "--jobs", "x\ny", 1L, 4096L);
    diag_at(&d, DIAG_ERROR, NULL, 0, MSG_CLI_BAD_SOURCE_DATE_EPOCH, "-1", 253402300799LL);
    diag_at(&d, DIAG_ERROR, NULL, 0, MSG_IO_TOO_LARGE, "规则.jh", 4194304u);
    char *zh = render_in(&d, LANG_ZH), *en = render_in(&d, LANG_EN);
    assert_string_equal(zh, "d/学校.csv:3:学\\x09校: 错误: 列 '名\\x1B[2J称' 出现两次（第 2 列和第 15 列）\n"
                            "junheng: 警告: 内存不足（1099511627776 字节的内存申请失败），程序停止\n"
                            "junheng: 错误: 选项 --jobs 的值 'x\\x0Ay' 无效：应为 1 到 4096 之间的整数\n"
                            "junheng: 错误: 环境变量 SOURCE_DATE_EPOCH 的值 '-1' 无效：应为 0 到 253402300799 之间的整数"
                            "（自 1970-01-01 00:00:00 UTC 起的秒数），或不设置\n"
                            "junheng: 错误: 规则.jh 超过 4194304 字节的上限\n");
    assert_string_equal(en, "d/学校.csv:3:学\\x09校: error: column '名\\x1B[2J称' appears twice (columns 2 and 15)\n"
                            "junheng: warning: out of memory (an allocation of 1099511627776 bytes failed): stopped\n"
                            "junheng: error: option --jobs has an invalid value 'x\\x0Ay': an integer from 1 to 4096 is needed\n"
                            "junheng: error: the environment variable SOURCE_DATE_EPOCH has an invalid value '-1': an integer "
                            "from 0 to 253402300799 is needed (seconds since 1970-01-01 00:00:00 UTC), or leave it unset\n"
                            "junheng: error: 规则.jh is larger than the 4194304 byte limit\n");
    free(zh);
    free(en);
    /* the message alone, as given (the workbench escapes it as JSON) */
    char *message = diag_message(&d.items[2], LANG_EN);
    assert_string_equal(message, "option --jobs has an invalid value 'x\ny': an integer from 1 to 4096 is needed");
    free(message);
    diag_free(&d);
}

/* Words of the catalogue inside a message (msg_ref, errno_text) and an
 * entry inside an entry (%M) follow the language the message is printed
 * in, not the one of the moment it was stored. */
static void catalogue_texts_inside_a_message_follow_its_language(void **state)
{
    (void)state;
    DiagList d;
    diag_init(&d);
    diag_at(&d, DIAG_ERROR, NULL, 0, MSG_OUT_NOT_REGULAR, "/dev/null", msg_ref(MSG_OUT_KIND_DEVICE));
    diag_at(&d, DIAG_ERROR, NULL, 0, MSG_IO_READ, "规则", errno_text(ENOENT));
    diag_at(&d, DIAG_WARNING, NULL, 0, MSG_LINT, "J101", MSG_LINT_UNUSED_FIELD, "面\x7f积");
    /* a list of words (%L), each escaped, joined as the language joins them */
    diag_at(&d, DIAG_ERROR, NULL, 0, MSG_DS_ENUM, "城乡类型", "城市", "城区\n镇\x1b区\n乡村");
    /* an entry with arguments inside another (%M), after numbers */
    diag_at(&d, DIAG_ERROR, NULL, 0, MSG_SCRIPT_PATTERN, "find", (size_t)400, 1.23456e9, 1e8, MSG_SCRIPT_CALL_CONTEXT, "f",
            "I4.E2", "学校\t1");
    char *zh = render_in(&d, LANG_ZH), *en = render_in(&d, LANG_EN);
    assert_string_equal(zh, "junheng: 错误: -o /dev/null 已存在，是设备，不是普通文件：结果只写入普通文件，不会替换它\n"
                            "junheng: 错误: 无法读取 规则：文件或文件夹不存在\n"
                            "junheng: 警告: [J101] 字段 '面\\x7F积' 没有指标读取\n"
                            "junheng: 错误: 字段 '城乡类型' 的值 '城市' 不在可选值中（城区、镇\\x1B区、乡村）\n"
                            "junheng: 错误: string.find 的模式对 400 字节的文本过于复杂（最坏约 1.23e+09 步，上限 1e+08 步；"
                            "函数 f，规则 I4.E2，学校\\x091）\n");
    assert_string_equal(en, "junheng: error: -o /dev/null exists and is a device, not a regular file: results are written to "
                            "regular files only, and it is left as it is\n"
                            "junheng: error: cannot read 规则: No such file or directory\n"
                            "junheng: warning: [J101] no indicator reads field '面\\x7F积'\n"
                            "junheng: error: field '城乡类型' has value '城市', not one of (城区, 镇\\x1B区, 乡村)\n"
                            "junheng: error: the pattern given to string.find is too complex for a 400-byte text (up to about "
                            "1.23e+09 steps, limit 1e+08; function f, rule I4.E2, 学校\\x091)\n");
    free(zh);
    free(en);
    diag_free(&d);
    /* an error the catalogue has no words for: the C library's text */
    char *text = msg_format(LANG_ZH, MSG_IO_READ, "x", errno_text(EPIPE));
    assert_string_equal(text, "无法读取 x：Broken pipe");
    free(text);
    /* as a C string, a reference is empty: printf cannot write it */
    assert_string_equal(msg_ref(MSG_OUT_KIND_DEVICE), "");
}

/* msg_print writes what printf would: numbers with their flags, width and
 * precision, texts as given. */
static void msg_print_writes_as_printf_would(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    msg_print(f, LANG_EN, MSG_PARSE_LIMIT_RANGE, "memory", "a number", 1024.0);
    fputc('|', f);
    msg_print(f, LANG_ZH, MSG_DIAG_DROPPED, 7);
    msg_print(f, LANG_EN, MSG_REPORT_CV_NO_SCHOOLS, "I1", "小学");
    fputc('|', f);
    msg_print(f, LANG_ZH, MSG_EXPLAIN_ELEMENT_VALUE, "3.5", "4", "87.5");
    fclose(f);
    assert_string_equal(buf, "script limit memory must be a number, above 0 and at most 1024|……另有 7 个错误未显示\n"
                             "    I1   小学  not applicable (no school of that stage)|（值 3.5，标准 4，为标准的 87.5%）");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_entry_has_the_same_arguments_in_both_languages),
        cmocka_unit_test(signatures_tell_argument_types_apart),
        cmocka_unit_test(a_stored_diagnostic_prints_in_either_language),
        cmocka_unit_test(catalogue_texts_inside_a_message_follow_its_language),
        cmocka_unit_test(msg_print_writes_as_printf_would),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
