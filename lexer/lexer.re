/* lexer.re — the rule-language scanner (re2c, UTF-8).
 * Generated with: re2c -8 --input-encoding utf8 -W. Keywords are listed
 * before the identifier rule: on equal length re2c takes the first rule. */
#include "lex.h"
#include <assert.h>
#include <stdlib.h>
#include <string.h>

void lex_init(Lexer *lx, const Source *src, DiagList *diags)
{
    lx->src = src;
    lx->cur = (const unsigned char *)src->text;
    lx->diags = diags;
}

static Token make(Lexer *lx, TokKind kind, const unsigned char *start)
{
    /* A token lies within the text: the scanner stops at its closing NUL. */
    assert(start <= lx->cur && (size_t)((const char *)lx->cur - lx->src->text) <= lx->src->len);
    Token t = {kind, (size_t)((const char *)start - lx->src->text),
               (size_t)(lx->cur - start), 0, 0};
    return t;
}

/* Reports the character at start (one code point, or one invalid byte). */
static void bad_char(Lexer *lx, const unsigned char *start, int valid_utf8)
{
    size_t off = (size_t)((const char *)start - lx->src->text);
    if (!valid_utf8) {
        diag_at(lx->diags, DIAG_ERROR, lx->src, off, MSG_LEX_BAD_UTF8);
        return;
    }
    char shown[8];
    size_t n = (size_t)(lx->cur - start);
    if (n >= sizeof shown) n = sizeof shown - 1;
    memcpy(shown, start, n);
    shown[n] = '\0';
    diag_at(lx->diags, DIAG_ERROR, lx->src, off, MSG_LEX_BAD_BYTE, shown);
}

Token lex_next(Lexer *lx)
{
    const unsigned char *mark;
    for (;;) {
        const unsigned char *start = lx->cur;
        /*!re2c
        re2c:define:YYCTYPE = "unsigned char";
        re2c:define:YYCURSOR = "lx->cur";
        re2c:define:YYMARKER = "mark";
        re2c:yyfill:enable = 0;

        ws       = [ \t\r\n\v\f] | "\u3000";
        id_start = [A-Za-z_] | [\u3400-\u4DBF] | [\u4E00-\u9FFF] | [\uF900-\uFAFF] | [\u2160-\u217F];
        ident    = id_start (id_start | [0-9])*;
        digits   = [0-9]+;
        number   = digits ("." digits)? ([eE] [+-]? digits)?;

        "\x00" {
            if ((size_t)((const char *)start - lx->src->text) >= lx->src->len) {
                lx->cur = start;
                return make(lx, T_EOF, start);
            }
            bad_char(lx, start, 0);
            continue;
        }
        ws+ { continue; }
        ("#" | "//") [^\n\x00]* { continue; }

        "规则集" | "ruleset" { return make(lx, K_RULESET, start); }
        "字段" | "fields" { return make(lx, K_FIELDS, start); }
        "记录" | "record" { return make(lx, K_RECORD, start); }
        "词表" | "words" { return make(lx, K_WORDS, start); }
        "参数" | "param" { return make(lx, K_PARAM, start); }
        "定义" | "define" { return make(lx, K_DEFINE, start); }
        "指标" | "indicator" { return make(lx, K_INDICATOR, start); }
        "例外" | "exception" { return make(lx, K_EXCEPTION, start); }
        "否决" | "veto" { return make(lx, K_VETO, start); }
        "类别" | "category" { return make(lx, K_CATEGORY, start); }
        "对象" | "scope" { return make(lx, K_SCOPE, start); }
        "依据" | "source" { return make(lx, K_SOURCE, start); }
        "适用" | "applies" { return make(lx, K_APPLIES, start); }
        "值" | "value" { return make(lx, K_VALUE, start); }
        "标准" | "threshold" { return make(lx, K_THRESHOLD, start); }
        "条件" | "condition" { return make(lx, K_CONDITION, start); }
        "整改" | "remedy" { return make(lx, K_REMEDY, start); }
        "差异系数" | "cv" { return make(lx, K_CV, start); }
        "限值" | "limit" { return make(lx, K_LIMIT, start); }
        "综合限值" | "composite_limit" { return make(lx, K_COMPOSITE, start); }
        "综合名称" | "composite_name" { return make(lx, K_COMPOSITE_NAME, start); }
        "加权" | "weighted" { return make(lx, K_WEIGHT, start); }
        "分摊" | "split" { return make(lx, K_SPLIT, start); }
        "按" | "by" { return make(lx, K_BY, start); }
        "权重" | "weights" { return make(lx, K_WEIGHTS, start); }
        "评估学段" | "stages" { return make(lx, K_STAGES, start); }
        "默认" | "default" { return make(lx, K_DEFAULT, start); }
        "说明" | "description" { return make(lx, K_DESCRIPTION, start); }
        "也称" | "alias" { return make(lx, K_ALIAS, start); }
        "导入" | "import" { return make(lx, K_IMPORT, start); }
        "取值范围" | "range" { return make(lx, K_RANGE, start); }
        "合理范围" | "plausible" { return make(lx, K_PLAUSIBLE, start); }
        "生均" | "per_pupil" { return make(lx, K_PER_PUPIL, start); }
        "提示" | "hint" { return make(lx, K_HINT, start); }
        "核对合计" | "sum_of" { return make(lx, K_SUM_OF, start); }
        "学段构成" | "stage_makeup" { return make(lx, K_STAGE_MAKEUP, start); }
        "包含" | "members" { return make(lx, K_MEMBERS, start); }
        "容差" | "tolerance" { return make(lx, K_TOLERANCE, start); }
        "测试" | "test" { return make(lx, K_TEST, start); }
        "自" | "from" { return make(lx, K_FROM, start); }
        "脚本限制" | "script_limits" { return make(lx, K_SCRIPT_LIMITS, start); }
        "数据" | "data" { return make(lx, K_DATA, start); }
        "预期" | "expect" { return make(lx, K_EXPECT, start); }
        "且" | "and" { return make(lx, K_AND, start); }
        "或" | "or" { return make(lx, K_OR, start); }
        "非" | "not" { return make(lx, K_NOT, start); }
        "若" | "if" { return make(lx, K_IF, start); }
        "则" | "then" { return make(lx, K_THEN, start); }
        "否则" | "else" { return make(lx, K_ELSE, start); }
        "属于" | "in" { return make(lx, K_IN, start); }
        "其中" | "where" { return make(lx, K_WHERE, start); }
        "其他" | "other" { return make(lx, K_OTHER, start); }
        "是" | "true" { return make(lx, K_TRUE, start); }
        "否" | "false" { return make(lx, K_FALSE, start); }
        "整数" | "int" { return make(lx, K_INT, start); }
        "数值" | "num" { return make(lx, K_NUM, start); }
        "布尔" | "bool" { return make(lx, K_BOOL, start); }
        "比例" | "ratio" { return make(lx, K_RATIO, start); }
        "枚举" | "enum" { return make(lx, K_ENUM, start); }
        "文本" | "text" { return make(lx, K_TEXT, start); }

        ident { return make(lx, T_IDENT, start); }

        [0-9]{4} "-" [0-9]{2} "-" [0-9]{2} {
            Token t = make(lx, T_DATE, start);
            t.num = strtod((const char *)start, NULL) * 10000 + strtod((const char *)start + 5, NULL) * 100 +
                    strtod((const char *)start + 8, NULL);
            return t;
        }

        number "%"? {
            Token t = make(lx, T_NUMBER, start);
            t.num = strtod((const char *)start, NULL);
            if (lx->cur[-1] == '%') {
                t.num /= 100;
                t.percent = 1;
            }
            return t;
        }

        "\"" ([^"\\\n\x00] | "\\" [^\n\x00])* "\"" | "“" [^”\n\x00]* "”" {
            /* The span excludes the quotes; “” are three bytes each. */
            size_t q = start[0] == '"' ? 1 : 3;
            Token t = make(lx, T_STRING, start);
            t.start += q;
            t.len -= 2 * q;
            return t;
        }
        "\"" | "“" {
            diag_at(lx->diags, DIAG_ERROR, lx->src, (size_t)((const char *)start - lx->src->text), MSG_LEX_OPEN_STRING);
            while (*lx->cur != '\n' && *lx->cur != '\0') lx->cur++;
            continue;
        }

        "{" { return make(lx, T_LBRACE, start); }
        "}" { return make(lx, T_RBRACE, start); }
        "(" | "（" { return make(lx, T_LPAREN, start); }
        ")" | "）" { return make(lx, T_RPAREN, start); }
        "[" { return make(lx, T_LBRACKET, start); }
        "]" { return make(lx, T_RBRACKET, start); }
        "," | "，" | "、" { return make(lx, T_COMMA, start); }
        ":" | "：" { return make(lx, T_COLON, start); }
        "." { return make(lx, T_DOT, start); }
        "=" { return make(lx, T_ASSIGN, start); }
        "==" { return make(lx, T_EQ, start); }
        "!=" | "≠" { return make(lx, T_NE, start); }
        ">=" | "≥" { return make(lx, T_GE, start); }
        "<=" | "≤" { return make(lx, T_LE, start); }
        ">" { return make(lx, T_GT, start); }
        "<" { return make(lx, T_LT, start); }
        "+" { return make(lx, T_PLUS, start); }
        "-" { return make(lx, T_MINUS, start); }
        "*" | "×" { return make(lx, T_STAR, start); }
        "/" | "÷" { return make(lx, T_SLASH, start); }

        [^] { bad_char(lx, start, 1); continue; }
        * { bad_char(lx, start, 0); continue; }
        */
    }
}

const char *tok_kind_name(TokKind kind)
{
    static const char *const punct[] = {
        [T_LBRACE] = "'{'", [T_RBRACE] = "'}'", [T_LPAREN] = "'('", [T_RPAREN] = "')'",
        [T_LBRACKET] = "'['", [T_RBRACKET] = "']'", [T_COMMA] = "','", [T_COLON] = "':'",
        [T_DOT] = "'.'", [T_ASSIGN] = "'='", [T_EQ] = "'=='", [T_NE] = "'!='",
        [T_GE] = "'>='", [T_LE] = "'<='", [T_GT] = "'>'", [T_LT] = "'<'",
        [T_PLUS] = "'+'", [T_MINUS] = "'-'", [T_STAR] = "'*'", [T_SLASH] = "'/'",
    };
    static const MsgId keyword[] = {
#define KW_NAME(tok, zh, en) [tok - K_RULESET] = MSG_KEYWORD_##tok,
        KEYWORD_TABLE(KW_NAME)
#undef KW_NAME
    };
    static const MsgId other[] = {
        [T_EOF] = MSG_TOKEN_EOF, [T_IDENT] = MSG_TOKEN_IDENT, [T_NUMBER] = MSG_TOKEN_NUMBER,
        [T_DATE] = MSG_TOKEN_DATE, [T_STRING] = MSG_TOKEN_STRING,
    };
    if (kind >= K_RULESET && kind < T_COUNT) return msg_ref(keyword[kind - K_RULESET]);
    if (kind <= T_DATE) return msg_ref(other[kind]);
    return punct[kind];
}
