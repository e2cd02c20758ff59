/* arena.h — region allocator: everything allocated from an arena dies with it.
 * Used for the AST and rule program (one arena per rule set) and for each
 * school's values while it is evaluated (reset per school).
 *
 * Out of memory. The library never ends the process. Every allocation goes
 * through the functions below (arenas included); when one fails, it jumps
 * back to the innermost recovery point of the calling thread, which returns
 * the failure through its API. Each thread has its own chain of recovery
 * points: a worker thread sets one at the top of its work. An entry point
 * sets one like this (locals changed after setjmp and read after the jump
 * must be volatile):
 *
 *     AllocGuard guard;
 *     alloc_guard_push(&guard);
 *     if (setjmp(guard.env) != 0) {    // out of memory; guard already popped
 *         release what the call owns (its arenas)
 *         return failure;
 *     }
 *     ... the work ...
 *     alloc_guard_pop(&guard);
 *
 * Memory of objects half-built when the jump happened is not reclaimed: a
 * caller that lives on (a server) keeps what a run allocates in arenas the
 * run owns, and frees them at its recovery point. An allocation failing
 * with no recovery point set is a programming error: abort(). */
#ifndef JH_ARENA_H
#define JH_ARENA_H
#include <setjmp.h>
#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
    ArenaBlock *head;   /* block being filled; older blocks follow ->next */
    size_t block_size;  /* default size of a new block */
} Arena;

void arena_init(Arena *a, size_t block_size);
/* Returns zeroed memory aligned for any type. */
void *arena_alloc(Arena *a, size_t n);
/* Like arena_alloc without zeroing, for callers that fill what they get. */
void *arena_alloc_raw(Arena *a, size_t n);
char *arena_strndup(Arena *a, const char *s, size_t n);
/* Keeps the first block for reuse, frees the others. */
void arena_reset(Arena *a);
void arena_free(Arena *a);

/* Checked malloc/calloc/realloc/strdup: they return memory, or jump to the
 * thread's recovery point. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

/* A recovery point for allocation failure (see above). */
typedef struct AllocGuard {
    jmp_buf env;
    struct AllocGuard *outer;
} AllocGuard;

void alloc_guard_push(AllocGuard *g);
/* Removes g, the innermost recovery point, after the work it guards. */
void alloc_guard_pop(AllocGuard *g);
/* The size of the allocation that failed last in this thread (after the
 * jump: what the message names). */
size_t alloc_failed_size(void);
/* Jumps to the thread's recovery point as if n bytes could not be
 * allocated: for memory other libraries failed to get (libcrypto). */
_Noreturn void alloc_failed(size_t n);
/* Test hook: in this thread, the nth allocation from now fails (1: the
 * next one); 0 turns the hook off. */
void alloc_fail_after(long n);

#endif
