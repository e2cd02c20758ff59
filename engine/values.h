/* values.h — the words of enumerations, and how a value written as text (a
 * CSV cell, a JSON string) becomes a Value of a declared field. Shared by
 * the rule checker and both dataset readers. */
#ifndef JH_VALUES_H
#define JH_VALUES_H
#include "arena.h"
#include "rules.h"
#include "msg.h"

/* A value of the dataset (dataset.h); declared here only, so that the
 * checker, which reads no data, does not see the dataset's records. */
typedef struct Value Value;

/* Narrows s[0..*len) to its text without the blanks around it: spaces,
 * tabs, line breaks and the ideographic space U+3000 that Chinese input
 * methods type. The same rule for every value, cell and school code. */
void trim_blanks(const char **s, size_t *len);

/* Index of word in f's words, or of the word an alias of its word list
 * stands for (水平: I or 1 for Ⅰ); -1 if none. */
int field_word(const FieldDecl *f, const char *word);
/* The words of f for a message's list (%L, msg.h): 城区、镇区、乡村 in
 * Chinese, joined by ", " in English. */
char *field_words(Arena *a, const FieldDecl *f);
/* What a value of f must look like, as a message argument (a catalogue
 * word, msg_ref): 非负整数, 比例（如 0.95 或 "95%"）… */
const char *field_expected(const FieldDecl *f);
/* Checks a number against f: counts are whole and non-negative, ratios lie
 * in 0–1. Returns 0 when it fits. */
int number_fits(const FieldDecl *f, double x);
/* Converts text (blanks around it ignored) to f's type: numbers with
 * thousands separators (digits, point, comma and % may be full-width:
 * １２．５、８９％), ratios as 0.95 or 95%, booleans as 是/否, true/false,
 * 1/0, Y/N, words of enumerations. Empty text is a missing value. Returns 0,
 * or -1 when the text is not of the type (*v is then missing). Only a text
 * value is copied, into a: a reader keeps nothing else of the text. */
int value_from_text(const FieldDecl *f, const char *text, Arena *a, Value *v);
/* When text is a number followed by a word ("12人", "168万元"), the word
 * (copied into unit, cap bytes), else NULL: what a value that does not
 * convert names as the likely cause. */
const char *unit_written(const char *text, char *unit, size_t cap);
/* Whether a row of level lv (a class) fits its school, which has the n
 * stages of words stages: a row naming a stage must name one of them, and a
 * row naming none is ambiguous when there are several (it would count in
 * each). Returns 0, or MSG_DS_ROW_STAGE / MSG_DS_ROW_NO_STAGE with *have
 * the school's stages for the message's list (%L: 小学、初中). */
int row_stage_check(const RuleSet *rs, Level lv, const Value *row, const int *stages, int n, Arena *a, const char **have);

/* Offset of the first byte of text[0..len) that is not UTF-8 (a NUL byte,
 * an overlong form or a surrogate included), or len when all of it is:
 * what both readers check before a text can reach an output. */
size_t utf8_invalid(const char *text, size_t len);

/* The dataset's year (数据集.年度): four digits, 1900–2100, blanks around it
 * ignored. Returns 0 when the text is not such a year. */
int year_from_text(const char *text);
/* A calendar date as yyyymmdd when it exists (2025-02-31 does not), else 0.
 * date_from_text reads YYYY-MM-DD and nothing more. */
int date_valid(int yyyymmdd);
int date_from_text(const char *text);
/* What a year must look like, as a message argument (msg_ref). */
const char *year_expected(void);

#endif
