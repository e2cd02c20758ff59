/* values.h — the words of enumerations, and how a value written as text (a
 * CSV cell, a JSON string) becomes a Value of a declared field. Shared by
 * the rule checker and both dataset readers. */
#ifndef JH_VALUES_H
#define JH_VALUES_H
#include "arena.h"
#include "dataset.h"
#include "rules.h"

/* Index of word in f's words (水平 also takes I–IV and 1–4); -1 if none. */
int field_word(const FieldDecl *f, const char *word);
/* The words of f for messages: 城区、镇区、乡村 (", " in English). */
char *field_words(Arena *a, const FieldDecl *f);
/* What a value of f must look like, for messages: 非负整数, 比例（如 0.95 或 "95%"）… */
const char *field_expected(const FieldDecl *f);
/* Checks a number against f: counts are whole and non-negative, ratios lie
 * in 0–1. Returns 0 when it fits. */
int number_fits(const FieldDecl *f, double x);
/* Converts text (blanks around it ignored) to f's type: numbers with
 * thousands separators, ratios as 0.95 or 95%, booleans as 是/否, true/false,
 * 1/0, Y/N, words of enumerations. Empty text is a missing value. Returns 0,
 * or -1 when the text is not of the type (*v is then missing). */
int value_from_text(const FieldDecl *f, const char *text, Arena *a, Value *v);
/* The dataset's year (数据集.年度): four digits, 1900–2100, blanks around it
 * ignored. Returns 0 when the text is not such a year. */
int year_from_text(const char *text);
/* A calendar date as yyyymmdd when it exists (2025-02-31 does not), else 0.
 * date_from_text reads YYYY-MM-DD and nothing more. */
int date_valid(int yyyymmdd);
int date_from_text(const char *text);
/* What a year must look like, for messages. */
const char *year_expected(void);

#endif
