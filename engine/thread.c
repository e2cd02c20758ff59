/* thread.c — starting helper threads (see thread.h). */
#include "thread.h"
#include <signal.h>

#define THREAD_STACK ((size_t)8 << 20)

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
    sigset_t stop, before;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &before); /* the new thread inherits the mask */
    pthread_attr_t attr;
    int rc = pthread_attr_init(&attr);
    if (rc == 0) {
        pthread_attr_setstacksize(&attr, THREAD_STACK);
        rc = pthread_create(t, &attr, fn, arg);
        pthread_attr_destroy(&attr);
    }
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    return rc;
}
