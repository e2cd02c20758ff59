/* test_arena.c — out of memory is returned, never the end of the process:
 * a failing allocation (the test hook alloc_fail_after) jumps back to the
 * innermost recovery point of its own thread; a rule set loaded with each of
 * its allocations failing in turn gives up cleanly every time. */
#include "support.h"
#include "arena.h"
#include <pthread.h>
#include <signal.h>
#include <sys/wait.h>

static void failure_jumps_to_the_recovery_point(void **state)
{
    (void)state;
    AllocGuard g;
    volatile int reached = 0;
    alloc_guard_push(&g);
    if (setjmp(g.env) == 0) {
        alloc_fail_after(3);
        free(xmalloc(8));
        free(xstrdup("ok"));
        reached = 1;
        xcalloc(4, 25); /* the third: fails */
        fail_msg("the third allocation did not fail");
    }
    assert_int_equal(reached, 1);
    assert_int_equal(alloc_failed_size(), 100);
    /* The guard is gone: the hook is spent, allocations work again. */
    free(xmalloc(8));
}

static void the_innermost_point_catches_then_the_outer(void **state)
{
    (void)state;
    AllocGuard outer, inner;
    volatile int caught_inner = 0;
    alloc_guard_push(&outer);
    if (setjmp(outer.env) == 0) {
        alloc_guard_push(&inner);
        if (setjmp(inner.env) == 0) {
            alloc_fail_after(1);
            Arena a;
            arena_init(&a, 1024);
            arena_alloc(&a, 10); /* an arena's block comes from xmalloc */
            fail_msg("the arena's allocation did not fail");
        }
        caught_inner = 1;
        assert_true(alloc_failed_size() > 1024); /* a whole block, with its header */
        alloc_fail_after(1);
        void *p = xrealloc(NULL, 64);
        free(p);
        fail_msg("the realloc did not fail");
    }
    assert_int_equal(caught_inner, 1);
    assert_int_equal(alloc_failed_size(), 64);
}

/* Another thread's hook and recovery points are its own: this thread
 * allocates freely (it has no recovery point: a failure here would abort)
 * while the other fails and recovers. */
static void *fail_in_this_thread(void *arg)
{
    (void)arg;
    AllocGuard g;
    alloc_guard_push(&g);
    if (setjmp(g.env) == 0) {
        alloc_fail_after(1);
        xmalloc(32);
        return "not caught";
    }
    return alloc_failed_size() == 32 ? NULL : "wrong size";
}

static void each_thread_has_its_own(void **state)
{
    (void)state;
    alloc_fail_after(0);
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, fail_in_this_thread, NULL), 0);
    for (int i = 0; i < 1000; i++) free(xmalloc(16));
    void *result;
    assert_int_equal(pthread_join(t, &result), 0);
    assert_null(result);
    for (int i = 0; i < 1000; i++) free(xmalloc(16));
}

/* A failure with no recovery point is a programming error: abort(), not
 * exit() with a status that could pass for a result. */
static void no_recovery_point_aborts(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alloc_fail_after(1);
        xmalloc(1);
        _exit(0);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGABRT);
}

/* rules_load of the shipped rule set (its scripts included) with its nth
 * allocation failing, in a child process (so that what the abandoned load
 * held goes with it): 3 when it gave up at its recovery point, 0 when it
 * completed. */
static int load_failing_at(long n)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        AllocGuard g;
        alloc_guard_push(&g);
        if (setjmp(g.env) != 0) _exit(3);
        alloc_fail_after(n);
        DiagList d;
        diag_init(&d);
        RuleSet *rs = rules_load("rules/优质均衡", &d);
        alloc_guard_pop(&g);
        _exit(rs ? 0 : 1);
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFEXITED(status)) fail_msg("allocation %ld: the load crashed (status %d)", n, status);
    return WEXITSTATUS(status);
}

static void a_rule_set_gives_up_at_every_allocation(void **state)
{
    (void)state;
    long n = 1;
    int got;
    while ((got = load_failing_at(n)) == 3) n++;
    assert_int_equal(got, 0);
    assert_true(n > 20); /* the hook did fire, at every allocation of the load */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(failure_jumps_to_the_recovery_point),
        cmocka_unit_test(the_innermost_point_catches_then_the_outer),
        cmocka_unit_test(each_thread_has_its_own),
        cmocka_unit_test(no_recovery_point_aborts),
        cmocka_unit_test(a_rule_set_gives_up_at_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
