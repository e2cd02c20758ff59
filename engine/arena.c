/* arena.c — region allocator and checked allocation (see arena.h). */
#include "arena.h"
#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
    ArenaBlock *next;
    size_t size, used;
    max_align_t data[];
};

/* Each thread's recovery points, innermost first, and its test hook. */
static _Thread_local AllocGuard *guards;
static _Thread_local long fail_countdown;
static _Thread_local size_t failed_size;

void alloc_guard_push(AllocGuard *g)
{
    g->outer = guards;
    guards = g;
}

void alloc_guard_pop(AllocGuard *g)
{
    guards = g->outer;
}

_Noreturn void alloc_failed(size_t n)
{
    AllocGuard *g = guards;
    if (!g) abort(); /* an entry point without a recovery point */
    guards = g->outer;
    failed_size = n;
    longjmp(g->env, 1);
}

size_t alloc_failed_size(void)
{
    return failed_size;
}

void alloc_fail_after(long n)
{
    fail_countdown = n;
}

/* Whether the test hook makes this allocation fail. */
static int hooked_failure(void)
{
    return fail_countdown > 0 && --fail_countdown == 0;
}

void *xmalloc(size_t n)
{
    void *p = hooked_failure() ? NULL : malloc(n ? n : 1);
    if (!p) alloc_failed(n);
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    void *p = hooked_failure() ? NULL : calloc(n ? n : 1, size ? size : 1);
    if (!p) alloc_failed(n * size);
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = hooked_failure() ? NULL : realloc(p, n ? n : 1);
    if (!q) alloc_failed(n);
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

void arena_init(Arena *a, size_t block_size)
{
    a->head = NULL;
    a->block_size = block_size;
}

void *arena_alloc_raw(Arena *a, size_t n)
{
    const size_t align = _Alignof(max_align_t); /* 16: what any type needs, not sizeof (32) */
    n = (n + align - 1) / align * align;
    ArenaBlock *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > a->block_size ? n : a->block_size;
        b = xmalloc(sizeof *b + size);
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

void *arena_alloc(Arena *a, size_t n)
{
    return memset(arena_alloc_raw(a, n), 0, n);
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

void arena_reset(Arena *a)
{
    ArenaBlock *b = a->head;
    if (!b) return;
    while (b->next) {
        ArenaBlock *next = b->next->next;
        free(b->next);
        b->next = next;
    }
    b->used = 0;
}

void arena_free(Arena *a)
{
    for (ArenaBlock *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    a->head = NULL;
}
