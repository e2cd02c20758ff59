/* jsontree.h — parses one JSON value (RFC 8259, nothing more) held in a
 * buffer into a tree built in an arena, each node knowing where it is in the
 * text, so that a reader can locate what it reports without a second pass.
 * The dataset reader (jsonload.c) parses each school with it; cJSON serves
 * the rest of the engine, which needs no positions. */
#ifndef JH_JSONTREE_H
#define JH_JSONTREE_H
#include "arena.h"
#include <stddef.h>
#include <stdint.h>

typedef enum { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } JsonType;

typedef struct JsonNode JsonNode;
struct JsonNode {
    JsonNode *child;      /* an array's first element, an object's first member */
    JsonNode *next;       /* the next element or member of the same parent */
    const char *key;      /* a member's key, unescaped and NUL-terminated; NULL: not a member */
    union {
        const char *str;  /* JSON_STRING: unescaped, NUL-terminated */
        double num;       /* JSON_NUMBER: the double strtod gives for its text */
    };
    uint32_t key_len, str_len; /* bytes, without the NUL (there is no other: JSON_NUL) */
    uint32_t at;          /* byte offset in the text: a member's key, else the value's first byte */
    unsigned char type;   /* JsonType */
};

typedef enum {
    JSON_COMPLETE,        /* root is the value; end is the offset just past it */
    JSON_MORE,            /* the text ends inside the value: parse again with more of it */
    JSON_SYNTAX,          /* not JSON: error_at is the offset of the first byte that is wrong */
    JSON_TOO_DEEP,        /* arrays and objects nested deeper than JH_MAX_JSON_DEPTH; error_at: the opening one */
    JSON_TOO_BIG,         /* the tree would take more than the memory limit given */
    JSON_NUL,             /* a string holds \u0000, which no text may (it would end the text there):
                           * error_at is the offset of its backslash */
} JsonStatus;

typedef struct JsonTree {
    JsonNode *root;
    size_t end;
    size_t error_at;
    size_t used;          /* bytes the tree took: nodes and strings, each rounded to 8 */
} JsonTree;

/* Parses the value at the start of text[0..len) (white space before it is
 * skipped, none after it is read), allocating from arena no more than limit
 * bytes. A number that touches the end of the text is JSON_MORE: it may go
 * on. Texts are at most 4 GiB (offsets are 32 bits); only that
 * much of a longer one is read. */
JsonStatus json_parse(const char *text, size_t len, Arena *arena, size_t limit, JsonTree *out);

/* The first member of obj (an object) named key; NULL if obj has none or is
 * no object. */
const JsonNode *json_member(const JsonNode *obj, const char *key);

#endif
