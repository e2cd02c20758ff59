/* pool.c — parallel evaluation of schools and ordered parallel output (see pool.h).
 *
 * Batches live in a ring. The caller's thread fills the batch at the head
 * with schools from the reader and hands it to the workers; they take
 * batches in the order handed over, each evaluating into the batch's own
 * part (an Evaluation of the same rules bound to the worker's run); the
 * caller's thread absorbs finished batches strictly in ring order. When the
 * ring is full, filling waits for the oldest batch. Memory in flight is
 * bounded by the ring: POOL_BATCH_SCHOOLS × slots schools. Streaming, the
 * workers also write the formatted batches out, in ring order, one thread
 * at a time (write_ready). */
#define _GNU_SOURCE /* open_memstream */
#include "pool.h"
#include "arena.h"
#include "limits.h"
#include "thread.h"
#include <assert.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Batches in the ring per worker: one evaluating, others filled or waiting. */
#define SLOTS_PER_JOB 3
/* How much nicer than the reader a worker is (see worker_main). */
#define WORKER_NICENESS 5

/* A slot of the ring: its buffer is kept from chunk to chunk, so that a
 * long output does not fault in fresh memory for every chunk. */
typedef struct Chunk {
    char *text;
    size_t len, cap;
    int done;
    int failed;                   /* out of memory while formatting: the caller formats it in place */
} Chunk;

/* fopencookie's write: appends to the slot's buffer (plain realloc: a
 * failure is an error of the stream, not a jump). */
static ssize_t append_to_chunk(void *cookie, const char *buf, size_t n)
{
    Chunk *k = cookie;
    if (n > k->cap - k->len) {
        size_t cap = k->cap ? k->cap : (size_t)1 << 20;
        while (n > cap - k->len) cap *= 2;
        char *grown = realloc(k->text, cap);
        if (!grown) return -1;
        k->text = grown;
        k->cap = cap;
    }
    memcpy(k->text + k->len, buf, n);
    k->len += n;
    return (ssize_t)n;
}

/* Formats into k's buffer what fn writes, under a recovery point of the
 * thread's own; returns 0, or -1 when there was no memory for it. */
static int format_in_memory(Chunk *k, void (*fn)(FILE *, const void *), const void *arg)
{
    FILE *volatile mem = NULL;
    AllocGuard guard;
    alloc_guard_push(&guard);
    if (setjmp(guard.env) != 0) {
        if (mem) fclose(mem);
        return -1;
    }
    k->len = 0;
    mem = fopencookie(k, "w", (cookie_io_functions_t){NULL, append_to_chunk, NULL, NULL});
    int status = -1;
    if (mem) {
        static _Thread_local char buffer[1 << 16];
        setvbuf(mem, buffer, _IOFBF, sizeof buffer);
        fn(mem, arg);
        FILE *f = mem;
        mem = NULL;
        status = fclose(f) == 0 ? 0 : -1;
    }
    alloc_guard_pop(&guard);
    return status;
}

typedef enum { BATCH_FREE, BATCH_FILLING, BATCH_QUEUED, BATCH_RUNNING, BATCH_DONE } BatchState;

typedef struct Batch {
    BatchState state;
    Arena arena;                  /* the schools' data */
    SchoolData schools[POOL_BATCH_SCHOOLS];
    int count;
    Evaluation *part;             /* their results, until absorbed */
    DiagList diags;               /* script failures while evaluating them */
    int leading;                  /* it holds the dataset's first school */
    Chunk text;                   /* streaming: its schools formatted by the worker */
} Batch;

struct Pool {
    Evaluation *ev;
    DiagList *diags;
    SchoolVisitor visit;
    void *ctx;
    int jobs;                     /* worker threads; 0: the caller evaluates */
    Run **runs;                   /* one per worker */
    int nruns;
    pthread_t *threads;
    int started;                  /* threads running */
    Batch *ring;
    int slots;
    long filled;                  /* batches handed over (the head is ring[filled % slots]) */
    long taken;                   /* batches a worker took */
    long absorbed;                /* batches absorbed */
    long written;                 /* streaming: batches written out (or left out, stopped) */
    int writing;                  /* a thread is writing batches out */
    int stopped;                  /* a batch failed: nothing more is written */
    pthread_mutex_t lock;
    pthread_cond_t work, finished;
    int quit;
    size_t out_of_memory;         /* a worker's allocation of this size failed: the evaluation stops */
    FILE *out;                    /* streaming (pool_stream): where the batches go, formatted */
    BatchFormatter format;
    const void *format_ctx;
};

static void evaluate_batch(Batch *b, Run *run)
{
    b->part->run = run;
    b->part->diags = &b->diags;
    for (int i = 0; i < b->count && !b->part->failed; i++) eval_school(b->part, &b->schools[i]);
}

/* Evaluates b on a worker thread under a recovery point of its own (see
 * arena.h): returns 0, or the size of an allocation that failed. */
static size_t evaluate_guarded(Batch *b, Run *run)
{
    AllocGuard guard;
    alloc_guard_push(&guard);
    if (setjmp(guard.env) != 0) return alloc_failed_size() ? alloc_failed_size() : 1;
    evaluate_batch(b, run);
    alloc_guard_pop(&guard);
    return 0;
}

/* Formats batch b of pool p (format_in_memory's fn). */
static void format_batch(FILE *mem, const void *arg)
{
    const void *const *a = arg;
    const Pool *p = a[0];
    const Batch *b = a[1];
    p->format(mem, b->part, b->leading, p->format_ctx);
}

/* Streaming: writes out, in input order, the batches after the last one
 * written that their workers have formatted, on the calling thread (a
 * worker's or the reader's) unless another is writing. Nothing is written
 * once a batch has failed (stopped). Called with p->lock held. */
static void write_ready(Pool *p)
{
    if (p->writing) return;
    p->writing = 1;
    while (p->written < p->filled && !p->stopped) {
        Batch *b = &p->ring[p->written % p->slots];
        if (b->state != BATCH_DONE || !b->text.done || b->text.failed) break;
        pthread_mutex_unlock(&p->lock);
        fwrite(b->text.text, 1, b->text.len, p->out);
        pthread_mutex_lock(&p->lock);
        b->text.done = 0;
        p->written++;
    }
    p->writing = 0;
    pthread_cond_broadcast(&p->finished);
}

/* Streaming: returns once b, the oldest batch, is written out: by a worker,
 * or here when none formatted it (evaluated here, or there was no memory
 * for its text there); or left out, failed (the output is then dropped). */
static void write_oldest(Pool *p, Batch *b, int failed)
{
    long index = p->absorbed;
    pthread_mutex_lock(&p->lock);
    if (failed) p->stopped = 1;
    for (;;) {
        write_ready(p);
        if (p->written > index) break;
        if (p->writing) { /* a worker is writing the batches before b, or b */
            pthread_cond_wait(&p->finished, &p->lock);
            continue;
        }
        p->writing = 1; /* b is next and was not formatted: it is formatted here, in its place */
        pthread_mutex_unlock(&p->lock);
        if (!p->stopped) p->format(p->out, b->part, b->leading, p->format_ctx);
        pthread_mutex_lock(&p->lock);
        b->text.done = b->text.failed = 0;
        p->writing = 0;
        p->written++;
    }
    pthread_mutex_unlock(&p->lock);
}

static void *worker_main(void *arg)
{
    Pool *p = ((void **)arg)[0];
    Run *run = ((void **)arg)[1];
    free(arg);
    /* A worker is a throughput thread, the reader the one every other waits
     * on: woken with a batch, a worker does not preempt the reader, and
     * sharing a processor with it, it gets a third of the reader's time
     * rather than half (the kernel's weights for niceness 5 and 0); a
     * reader that waits for a processor leaves every worker waiting for
     * batches in the end. Both are hints; Linux keeps niceness per thread. */
    struct sched_param batch = {0};
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &batch);
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, 0);
    if (errno == 0) setpriority(PRIO_PROCESS, (id_t)gettid(), nice + WORKER_NICENESS);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->quit && p->taken == p->filled) pthread_cond_wait(&p->work, &p->lock);
        if (p->taken == p->filled || p->out_of_memory) break; /* quit, and nothing left */
        Batch *b = &p->ring[p->taken++ % p->slots];
        b->state = BATCH_RUNNING;
        pthread_mutex_unlock(&p->lock);
        size_t failed = evaluate_guarded(b, run);
        if (!failed && p->out && !b->part->failed) {
            b->text.failed = format_in_memory(&b->text, format_batch, (const void *[]){p, b}) != 0;
            b->text.done = 1;
        }
        pthread_mutex_lock(&p->lock);
        b->state = BATCH_DONE;
        pthread_cond_broadcast(&p->finished);
        if (p->out) write_ready(p);
        if (failed) { /* its run may be half-way through a call: this worker stops */
            p->out_of_memory = failed;
            break;
        }
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

int pool_default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > JH_MAX_JOBS ? JH_MAX_JOBS : (int)n;
}

Pool *pool_new(Evaluation *ev, int jobs, SchoolVisitor visit, void *ctx, DiagList *diags)
{
    Pool *p = xcalloc(1, sizeof *p);
    p->ev = ev;
    p->diags = diags;
    p->visit = visit;
    p->ctx = ctx;
    p->jobs = jobs > 1 ? jobs : 0;
    p->slots = p->jobs ? SLOTS_PER_JOB * p->jobs : 1;
    p->ring = xcalloc((size_t)p->slots, sizeof *p->ring);
    for (int i = 0; i < p->slots; i++) {
        arena_init(&p->ring[i].arena, 64 * 1024);
        p->ring[i].part = eval_begin(ev->run);
        diag_init(&p->ring[i].diags);
    }
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->finished, NULL);
    return p;
}

/* Makes the workers' runs and starts their threads, once a second full
 * batch shows the dataset is more than a district's few schools: a run of its
 * own (a Lua sandbox with the scripts loaded) and a thread cost more than
 * evaluating one batch. 0, or -1 with a diagnostic when a run cannot be
 * made. With no thread started the caller evaluates. */
static int start_workers(Pool *p)
{
    p->nruns = p->jobs;
    p->runs = xcalloc((size_t)p->jobs, sizeof *p->runs);
    p->threads = xcalloc((size_t)p->jobs, sizeof *p->threads);
    for (int i = 0; i < p->jobs; i++)
        if (!(p->runs[i] = run_clone(p->ev->run, p->diags))) return -1;
    for (int i = 0; i < p->jobs; i++) {
        void **arg = xmalloc(2 * sizeof *arg);
        arg[0] = p;
        arg[1] = p->runs[i];
        if (thread_start(&p->threads[i], worker_main, arg) != 0) {
            free(arg);
            break;
        }
        p->started++;
    }
    if (!p->started) p->jobs = 0;
    return 0;
}

void pool_stream(Pool *p, FILE *out, BatchFormatter format, const void *ctx)
{
    assert(p->filled == 0);
    p->out = out;
    p->format = format;
    p->format_ctx = ctx;
    p->ev->written_out = 1; /* the schools' results are in the output: not kept */
}

/* Absorbs the oldest batch once it is done (waiting for it when wait). */
static int absorb_oldest(Pool *p, int wait)
{
    if (p->absorbed == p->filled) return 0;
    Batch *b = &p->ring[p->absorbed % p->slots];
    if (p->jobs) {
        pthread_mutex_lock(&p->lock);
        while (wait && b->state != BATCH_DONE) pthread_cond_wait(&p->finished, &p->lock);
        int done = b->state == BATCH_DONE;
        pthread_mutex_unlock(&p->lock);
        if (!done) return 0;
    }
    assert(b->state == BATCH_DONE || !p->jobs);
    if (p->out_of_memory) alloc_failed(p->out_of_memory); /* the caller's recovery point: as if it had failed here */
    Evaluation *ev = p->ev;
    int failed_before = ev->failed;
    if (!failed_before) diag_take(p->diags, &b->diags); /* the first failure in input order */
    if (p->out) write_oldest(p, b, failed_before || b->part->failed);
    eval_absorb(ev, b->part);
    for (int i = 0; i < b->count && !ev->failed && p->visit; i++) p->visit(p->ctx, &b->schools[i]);
    diag_free(&b->diags);
    arena_reset(&b->arena);
    b->count = 0;
    b->state = BATCH_FREE;
    p->absorbed++;
    return 1;
}

SchoolData *pool_slot(Pool *p, Arena **arena)
{
    Batch *b = &p->ring[p->filled % p->slots];
    if (b->state != BATCH_FILLING) {
        while (p->absorbed + p->slots <= p->filled) absorb_oldest(p, 1); /* the ring is full */
        while (absorb_oldest(p, 0)) {}
        b->state = BATCH_FILLING;
    }
    *arena = &b->arena;
    memset(&b->schools[b->count], 0, sizeof b->schools[b->count]);
    return &b->schools[b->count];
}

/* Hands the head batch over: to the workers, or evaluated here (the
 * workers start with the second full batch; last: no batch follows). */
static void hand_over(Pool *p, int last)
{
    Batch *b = &p->ring[p->filled % p->slots];
    if (p->jobs && !p->runs && p->filled > 0 && !last && start_workers(p) != 0)
        p->ev->failed = 1; /* reported; nothing more is evaluated */
    b->leading = p->filled == 0;
    if (!p->jobs || !p->started) {
        evaluate_batch(b, p->ev->run);
        b->state = BATCH_DONE;
        p->filled++;
        p->taken++; /* taken here: workers started later begin at the next batch */
        absorb_oldest(p, 1);
        return;
    }
    pthread_mutex_lock(&p->lock);
    b->state = BATCH_QUEUED;
    p->filled++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->lock);
}

void pool_submit(Pool *p)
{
    Batch *b = &p->ring[p->filled % p->slots];
    assert(b->state == BATCH_FILLING && b->count < POOL_BATCH_SCHOOLS);
    if (++b->count == POOL_BATCH_SCHOOLS) hand_over(p, 0);
}

void pool_finish(Pool *p)
{
    Batch *b = &p->ring[p->filled % p->slots];
    if (b->state == BATCH_FILLING && b->count) hand_over(p, 1);
    else if (b->state == BATCH_FILLING) b->state = BATCH_FREE;
    while (absorb_oldest(p, 1)) {}
}

void pool_free(Pool *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->lock);
    p->quit = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < p->started; i++) pthread_join(p->threads[i], NULL);
    for (int i = 0; i < p->nruns; i++) run_free(p->runs[i]);
    free(p->runs);
    free(p->threads);
    for (int i = 0; i < p->slots; i++) {
        arena_free(&p->ring[i].arena);
        eval_free(p->ring[i].part);
        diag_free(&p->ring[i].diags);
        free(p->ring[i].text.text);
    }
    free(p->ring);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->finished);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

/* ---- ordered output ---- */

typedef struct Writer {
    int n, per_chunk, chunks;
    ChunkWriter write;
    const void *ctx;
    Chunk *ring;
    int slots;
    int next;                     /* next chunk a thread takes */
    int written;                  /* chunks written out */
    pthread_mutex_t lock;
    pthread_cond_t taken, done;
} Writer;

static void chunk_range(const Writer *w, int c, int *first, int *last)
{
    *first = c * w->per_chunk;
    *last = *first + w->per_chunk < w->n ? *first + w->per_chunk : w->n;
}

/* Formats chunk c of w into slot k (format_in_memory's fn). */
static void write_chunk(FILE *mem, const void *arg)
{
    const void *const *a = arg;
    const Writer *w = a[0];
    int first, last;
    chunk_range(w, *(const int *)a[1], &first, &last);
    w->write(mem, first, last, w->ctx);
}

static int format_chunk(Writer *w, int c, Chunk *k)
{
    const void *arg[2] = {w, &c};
    return format_in_memory(k, write_chunk, arg);
}

static void *writer_main(void *arg)
{
    Writer *w = arg;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        while (w->next < w->chunks && w->next >= w->written + w->slots) pthread_cond_wait(&w->taken, &w->lock);
        if (w->next >= w->chunks) break;
        int c = w->next++;
        pthread_mutex_unlock(&w->lock);
        Chunk *k = &w->ring[c % w->slots];
        int failed = format_chunk(w, c, k) != 0;
        pthread_mutex_lock(&w->lock);
        k->failed = failed;
        k->done = 1;
        pthread_cond_broadcast(&w->done);
    }
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

int pool_write(FILE *out, int n, int per_chunk, ChunkWriter write, const void *ctx, int jobs)
{
    int chunks = (n + per_chunk - 1) / per_chunk;
    if (jobs <= 1 || chunks <= 1) {
        write(out, 0, n, ctx);
        return 0;
    }
    Writer w = {n, per_chunk, chunks, write, ctx, NULL, 2 * jobs, 0, 0, PTHREAD_MUTEX_INITIALIZER,
                PTHREAD_COND_INITIALIZER, PTHREAD_COND_INITIALIZER};
    w.ring = xcalloc((size_t)w.slots, sizeof *w.ring);
    pthread_t *threads = xcalloc((size_t)jobs, sizeof *threads);
    int started = 0;
    for (int i = 0; i < jobs; i++) started += thread_start(&threads[started], writer_main, &w) == 0;
    int status = 0;
    for (int c = 0; c < chunks; c++) {
        Chunk *k = &w.ring[c % w.slots];
        int first, last;
        chunk_range(&w, c, &first, &last);
        if (!started) { /* no thread: format here */
            write(out, first, last, ctx);
            continue;
        }
        pthread_mutex_lock(&w.lock);
        while (!k->done) pthread_cond_wait(&w.done, &w.lock);
        pthread_mutex_unlock(&w.lock);
        if (!k->failed) {
            fwrite(k->text, 1, k->len, out);
        } else { /* no memory for it: format it here, in its place */
            write(out, first, last, ctx);
            status = -1;
        }
        pthread_mutex_lock(&w.lock);
        k->done = k->failed = 0;
        w.written++;
        pthread_cond_broadcast(&w.taken);
        pthread_mutex_unlock(&w.lock);
    }
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < w.slots; i++) free(w.ring[i].text);
    free(threads);
    free(w.ring);
    pthread_mutex_destroy(&w.lock);
    pthread_cond_destroy(&w.taken);
    pthread_cond_destroy(&w.done);
    return status;
}
