/* pool.h — evaluates the schools of a dataset on several threads.
 *
 * The reader hands schools over in input order; they are evaluated in
 * batches by worker threads, each in a run of its own (a clone of the
 * evaluation's run: same date and budgets, its own Lua sandbox), and the
 * batches are absorbed into the evaluation in input order, so the result is
 * the same, to the last byte, whatever the number of threads. With one job
 * no thread is started: the caller's thread evaluates each batch itself;
 * nor are they before a second batch is handed over, so a district's few
 * schools are evaluated without making the workers' runs. */
#ifndef JH_POOL_H
#define JH_POOL_H
#include <stdio.h>
#include "eval.h"

typedef struct Pool Pool;

/* Schools per batch: enough that handing a batch over (a wake-up, a
 * context switch: costly in a virtual machine) is little beside evaluating
 * and formatting it; 32 spent a third of a national run's wall time on
 * hand-overs. A district's county or two (up to two batches) is evaluated
 * without starting the workers. */
#define POOL_BATCH_SCHOOLS 256

/* Called on the caller's thread for every school, in input order, after
 * it is evaluated and while its data lives (gaps, the HTML report). */
typedef void (*SchoolVisitor)(void *ctx, const SchoolData *school);

/* A pool of jobs workers feeding ev. Script failures go to diags (the
 * first in input order), as eval_school would report them, and so does a
 * worker's run that cannot be made (ev->failed then). */
Pool *pool_new(Evaluation *ev, int jobs, SchoolVisitor visit, void *ctx, DiagList *diags);
/* Formats the schools of part, a batch just evaluated (leading: the
 * dataset's first school is among them), to out. */
typedef void (*BatchFormatter)(FILE *out, const Evaluation *part, int leading, const void *ctx);
/* Before the first school: every batch is formatted as soon as it is
 * evaluated, by the worker that evaluated it, and written to out in input
 * order by whichever worker finishes the batch next in line, so that a
 * result is written while the dataset is still read and the caller's
 * thread, which reads it, spends no time writing. A batch is absorbed once
 * it is written, and the evaluation keeps none of the schools' results
 * (Evaluation.written_out). Nothing is written once a batch has failed. */
void pool_stream(Pool *p, FILE *out, BatchFormatter format, const void *ctx);
/* Where to read the next school: a SchoolData and the arena its data goes
 * into (both the pool's until it has evaluated the school). */
SchoolData *pool_slot(Pool *p, Arena **arena);
/* The school read into the last slot is complete: evaluate it. */
void pool_submit(Pool *p);
/* Evaluates what is left and absorbs everything into the evaluation. */
void pool_finish(Pool *p);
void pool_free(Pool *p);

/* Formats items [first, last) of a sequence to out. */
typedef void (*ChunkWriter)(FILE *out, int first, int last, const void *ctx);

/* Writes items [0, n) to out in order, formatted chunk by chunk (per_chunk
 * items each) on jobs threads: each chunk goes to memory, the caller's
 * thread writes them out in order, with a few chunks in flight. The bytes
 * are those of write(out, 0, n, ctx), which is what one job does. Returns
 * -1 when a chunk could not be formatted in memory (nothing is missing from
 * out then: that chunk is formatted straight to it). */
int pool_write(FILE *out, int n, int per_chunk, ChunkWriter write, const void *ctx, int jobs);

/* The number of processors online, the default job count. */
int pool_default_jobs(void);

#endif
