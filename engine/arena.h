/* arena.h — region allocator: everything allocated from an arena dies with it.
 * Used for the AST and rule program (one arena per rule set) and for each
 * school's values while it is evaluated (reset per school). */
#ifndef JH_ARENA_H
#define JH_ARENA_H
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;   /* block being filled; older blocks follow ->next */
    size_t block_size;  /* default size of a new block */
} Arena;

void arena_init(Arena *a, size_t block_size);
/* Returns zeroed memory aligned for any type; aborts the process on
 * exhaustion, like the rest of the engine's allocations (see xalloc). */
void *arena_alloc(Arena *a, size_t n);
/* Like arena_alloc without zeroing, for callers that fill what they get. */
void *arena_alloc_raw(Arena *a, size_t n);
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Keeps the first block for reuse, frees the others. */
void arena_reset(Arena *a);
void arena_free(Arena *a);

/* Checked malloc/realloc: out of memory ends the process with a message. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
