/* fuzz_rules.c — libFuzzer target: any bytes as a rule file. The lexer,
 * parser and checker must report, never crash, hang or leak. */
#include <stddef.h>
#include <stdint.h>
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    DiagList d;
    diag_init(&d);
    RuleSet *rs = rules_load_text("fuzz.jh", (const char *)data, size, &d);
    rules_free(rs);
    diag_free(&d);
    return 0;
}
