/* thread.h — starting the engine's helper threads: evaluation workers, the
 * output's syncer, the dataset digest's hasher, a script's watchdog.
 *
 * A helper thread never takes SIGINT or SIGTERM: they stay with the threads
 * that run the command, whose handler removes a temporary result
 * (output.c). Its stack is as large as a main thread's, whatever the
 * default: evaluating an expression JH_MAX_EVAL_DEPTH deep takes about
 * 1 MiB under AddressSanitizer. */
#ifndef JH_THREAD_H
#define JH_THREAD_H
#include <pthread.h>

/* pthread_create's result: 0, or an error number (no thread then). */
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
