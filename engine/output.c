/* output.c — result files that never destroy (see output.h). */
#define _GNU_SOURCE /* fopencookie, sync_file_range */
#include "output.h"
#include "arena.h"
#include "thread.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* ---- what may be replaced ---- */

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* The folder path is in ("." for a bare name); caller frees. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return xstrdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *dir = xmalloc(n + 1);
    memcpy(dir, path, n);
    dir[n] = '\0';
    return dir;
}

/* Whether the target (a regular file or none: target its lstat or NULL; in
 * the folder it is or would be in) lies in the folder dir, under any name. */
static int in_folder(const char *dir, const struct stat *target, const struct stat *in)
{
    struct stat d;
    if (stat(dir, &d) != 0 || !S_ISDIR(d.st_mode)) return 0;
    if (same_file(in, &d)) return 1;
    /* A hard link elsewhere to one of the folder's files (a target of one
     * name, not in the folder, is none of them). */
    if (!target || target->st_nlink < 2) return 0;
    DIR *dh = opendir(dir);
    if (!dh) return 0;
    int found = 0;
    struct dirent *ent;
    while (!found && (ent = readdir(dh))) {
        struct stat f;
        found = fstatat(dirfd(dh), ent->d_name, &f, 0) == 0 && S_ISREG(f.st_mode) && same_file(target, &f);
    }
    closedir(dh);
    return found;
}

/* A dataset or rule set input: a file the target must not be, or a folder
 * (with its 测试/ folder, for rules) the target must not be in. */
static int refuse_input(const char *path, const char *input, int rules, const struct stat *target,
                        const struct stat *in, DiagList *diags)
{
    struct stat st;
    if (!input || stat(input, &st) != 0) return 0; /* its reader reports it */
    if (!S_ISDIR(st.st_mode)) {
        if (!target || !same_file(target, &st)) return 0;
        diag_at(diags, DIAG_ERROR, NULL, 0, rules ? MSG_OUT_IS_RULES : MSG_OUT_IS_DATASET, path, input);
        return -1;
    }
    int inside = in_folder(input, target, in);
    if (!inside && rules) {
        size_t n = strlen(input) + sizeof "/测试";
        char *tests = xmalloc(n);
        snprintf(tests, n, "%s/测试", input);
        inside = in_folder(tests, target, in);
        free(tests);
    }
    if (!inside) return 0;
    diag_at(diags, DIAG_ERROR, NULL, 0, rules ? MSG_OUT_IN_RULES : MSG_OUT_IN_DATASET, path, input);
    return -1;
}

/* -1 with a diagnostic when path exists and is not a regular file. */
static int refuse_special(const char *path, const struct stat *st, DiagList *diags)
{
    MsgId kind = S_ISLNK(st->st_mode)    ? MSG_OUT_KIND_SYMLINK
                 : S_ISDIR(st->st_mode)  ? MSG_OUT_KIND_FOLDER
                 : S_ISFIFO(st->st_mode) ? MSG_OUT_KIND_FIFO
                 : S_ISSOCK(st->st_mode) ? MSG_OUT_KIND_SOCKET
                 : S_ISREG(st->st_mode)  ? MSG_COUNT
                                         : MSG_OUT_KIND_DEVICE;
    if (kind == MSG_COUNT) return 0;
    diag_at(diags, DIAG_ERROR, NULL, 0, MSG_OUT_NOT_REGULAR, path, msg_ref(kind));
    return -1;
}

int output_check(const char *path, const RunInputs *inputs, DiagList *diags)
{
    struct stat st, in;
    int exists = lstat(path, &st) == 0;
    if (exists && refuse_special(path, &st, diags) != 0) return -1;
    char *dir = folder_of(path);
    int have_dir = stat(dir, &in) == 0;
    free(dir);
    if (!have_dir) return 0; /* creating the temporary file reports why */
    for (int i = 0; i < 2; i++) {
        if (refuse_input(path, inputs->datasets[i], 0, exists ? &st : NULL, &in, diags) != 0) return -1;
        if (refuse_input(path, inputs->rules[i], 1, exists ? &st : NULL, &in, diags) != 0) return -1;
    }
    return 0;
}

/* ---- the temporary file ---- */

/* The temporary file to remove when SIGINT or SIGTERM ends the process.
 * The name is written before the flag is set and the flag cleared before
 * the name changes, so that the handler, on any thread, reads a whole one. */
static char pending[PATH_MAX + 1];
static atomic_int has_pending;

static void remove_pending(int sig)
{
    if (atomic_load(&has_pending)) unlink(pending);
    raise(sig); /* SA_RESETHAND: the default action ends the process */
}

/* Blocks SIGINT and SIGTERM in this thread while a temporary file and its
 * registration are made or undone together. (Other threads are expected to
 * keep both blocked, as worker threads do, so that this one handles them.) */
static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

/* Installs the handler, once, for the signals not ignored (nohup). */
static void catch_signals(void)
{
    static atomic_flag installed = ATOMIC_FLAG_INIT;
    if (atomic_flag_test_and_set(&installed)) return;
    static const int sigs[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction now, sa;
        if (sigaction(sigs[i], NULL, &now) != 0 || now.sa_handler == SIG_IGN) continue;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = remove_pending;
        sa.sa_flags = SA_RESETHAND;
        sigemptyset(&sa.sa_mask);
        sigaddset(&sa.sa_mask, SIGINT);
        sigaddset(&sa.sa_mask, SIGTERM);
        sigaction(sigs[i], &sa, NULL);
    }
}

/* Six random letters and digits: the temporary name cannot be guessed in
 * advance (O_EXCL makes a guessed one harmless, this makes it rare). */
static void random_suffix(char out[7])
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char bytes[6];
    if (getrandom(bytes, sizeof bytes, GRND_NONBLOCK) != (ssize_t)sizeof bytes) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long x = (unsigned long)ts.tv_nsec ^ (unsigned long)ts.tv_sec << 20 ^ (unsigned long)getpid() << 40;
        for (size_t i = 0; i < sizeof bytes; i++, x >>= 7) bytes[i] = (unsigned char)x;
    }
    for (size_t i = 0; i < sizeof bytes; i++) out[i] = alphabet[bytes[i] % (sizeof alphabet - 1)];
    out[6] = '\0';
}

static int write_error(const char *path, int err, DiagList *diags)
{
    diag_at(diags, DIAG_ERROR, NULL, 0, MSG_IO_WRITE, path, errno_text(err));
    return -1;
}

/* Removes the temporary file and forgets it. */
static void discard(OutputFile *f)
{
    sigset_t old;
    block_signals(&old);
    if (f->stream) fclose(f->stream);
    f->stream = NULL;
    free(f->buffer);
    f->buffer = NULL;
    unlink(f->tmp);
    atomic_store(&has_pending, 0);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(f->tmp);
    f->tmp = NULL;
    free(f->folder);
    f->folder = NULL;
}

/* Bytes written between two starts of the kernel's write-back, and
 * between two background syncs. */
#define WRITEBACK_STEP ((off_t)8 << 20)
#define SYNC_STEP ((off_t)64 << 20)

/* The temporary file under its stream. A result of hundreds of MB is on
 * disk by the time it is complete, so that the fsync before the rename
 * has little left to do (a national result: 500 MB; fsynced at the end it
 * took 0.25-0.35 s here, however early its pages had been written, as the
 * disk's own cache is flushed then). Each WRITEBACK_STEP written, the
 * kernel is asked to start writing them (sync_file_range, not waiting);
 * each SYNC_STEP, a thread of the sink's own fdatasyncs the file, while
 * the writer goes on, and then drops the synced pages from the page cache:
 * the result's pages are reused as it is written, rather than hundreds of
 * MB of fresh ones taken (in a virtual machine, memory the host reclaimed
 * is slow to touch again: 0.2-0.7 s of a national run here) and pushing
 * other files out. A failure of that sync is kept for the commit: the
 * kernel reports a write error once per open file. */
struct Sink {
    int fd;
    off_t written, started, synced; /* bytes written; when write-back and a sync were last asked for */
    off_t sync_to;       /* the bytes the pending sync covers */
    off_t dropped;       /* the syncer's: bytes out of the page cache */
    pthread_t thread;
    int running, pending, quit, err;
    pthread_mutex_t lock;
    pthread_cond_t wake;
};

static void *syncer_main(void *arg)
{
    Sink *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        while (!s->pending && !s->quit) pthread_cond_wait(&s->wake, &s->lock);
        if (!s->pending) break;
        s->pending = 0;
        off_t to = s->sync_to;
        pthread_mutex_unlock(&s->lock);
        int err = fdatasync(s->fd) == 0 ? 0 : errno;
        if (!err) { /* clean now: dropped at once (a hint) */
            posix_fadvise(s->fd, s->dropped, to - s->dropped, POSIX_FADV_DONTNEED);
            s->dropped = to;
        }
        pthread_mutex_lock(&s->lock);
        if (err && !s->err) s->err = err;
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Asks the syncer for a sync, starting it the first time (without it, the
 * commit's fsync does all). */
static void request_sync(Sink *s)
{
    if (!s->running) {
        s->running = thread_start(&s->thread, syncer_main, s) == 0;
        if (!s->running) return;
    }
    pthread_mutex_lock(&s->lock);
    s->pending = 1;
    s->sync_to = s->written;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

/* Stops the syncer once its sync is done: 0, or the errno a sync failed with. */
static int sink_stop(Sink *s)
{
    if (s->running) {
        pthread_mutex_lock(&s->lock);
        s->quit = 1;
        pthread_cond_signal(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->thread, NULL);
        s->running = 0;
    }
    return s->err;
}

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    Sink *s = cookie;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(s->fd, buf + done, n - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) break; /* errno tells the stream why */
        done += (size_t)w;
    }
    s->written += (off_t)done;
    if (s->written - s->started >= WRITEBACK_STEP) {
        sync_file_range(s->fd, s->started, s->written - s->started, SYNC_FILE_RANGE_WRITE); /* a hint: fsync checks */
        s->started = s->written;
    }
    if (s->written - s->synced >= SYNC_STEP) {
        request_sync(s);
        s->synced = s->written;
    }
    return (ssize_t)done;
}

static int sink_close(void *cookie)
{
    Sink *s = cookie;
    sink_stop(s);
    int rc = close(s->fd);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    free(s);
    return rc;
}

/* A fully buffered stream writing to fd (*sink: its state); NULL (fd
 * closed) when it cannot be made. */
static FILE *sink_open(int fd, Sink **sink)
{
    Sink *s = xcalloc(1, sizeof *s);
    s->fd = fd;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    FILE *stream = fopencookie(s, "wb", (cookie_io_functions_t){NULL, sink_write, NULL, sink_close});
    if (!stream) {
        close(fd);
        free(s);
        s = NULL;
    }
    *sink = s;
    return stream;
}

int output_open(OutputFile *f, const char *path, DiagList *diags)
{
    f->path = path;
    f->fd = -1;
    f->sink = NULL;
    f->stream = NULL;
    f->buffer = NULL;
    f->tmp = NULL;
    f->folder = NULL;
    size_t n = strlen(path) + sizeof ".tmp123456";
    if (n > sizeof pending) return write_error(path, ENAMETOOLONG, diags);
    catch_signals();
    struct stat target;
    int keep_mode = stat(path, &target) == 0 && S_ISREG(target.st_mode);
    char *tmp = xmalloc(n);
    int fd = -1, err = 0;
    sigset_t old;
    block_signals(&old); /* created and registered together, or neither */
    for (int tries = 0; fd < 0 && tries < 100; tries++) {
        char suffix[7];
        random_suffix(suffix);
        snprintf(tmp, n, "%s.tmp%s", path, suffix);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        err = errno;
        if (fd < 0 && err != EEXIST) break;
    }
    if (fd >= 0) {
        memcpy(pending, tmp, n);
        atomic_store(&has_pending, 1);
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        free(tmp);
        return write_error(path, err, diags);
    }
    f->tmp = tmp;
    f->folder = folder_of(path); /* now: nothing is allocated once the result is in place */
    f->fd = fd;
    f->stream = sink_open(fd, &f->sink);
    if (!f->stream) {
        err = errno;
    } else if (keep_mode && fchmod(fd, target.st_mode & 07777) != 0) { /* the result keeps path's permissions */
        err = errno;
    } else {
        f->buffer = xmalloc(1 << 16);
        setvbuf(f->stream, f->buffer, _IOFBF, 1 << 16);
        return 0;
    }
    discard(f);
    return write_error(path, err, diags);
}

void output_abandon(void)
{
    sigset_t old;
    block_signals(&old);
    if (atomic_load(&has_pending)) unlink(pending);
    atomic_store(&has_pending, 0);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int output_write_at(OutputFile *f, const void *data, size_t n, off_t at)
{
    errno = 0;
    if (fflush(f->stream) != 0 || ferror(f->stream)) return errno ? errno : EIO;
    return pwrite(f->fd, data, n, at) == (ssize_t)n ? 0 : errno ? errno : EIO;
}

/* Flushes, fsyncs and closes the stream: 0, or the errno of the failure. */
static int finish_stream(OutputFile *f)
{
    struct stat mine, now;
    errno = 0;
    if (fflush(f->stream) != 0 || ferror(f->stream)) return errno ? errno : EIO;
    int synced = sink_stop(f->sink);
    if (synced) return synced;
    if (fsync(f->fd) != 0) return errno;
    /* Another writer (the workbook library) wrote by name: the name must
     * still be the file created by output_open. */
    if (fstat(f->fd, &mine) != 0 || lstat(f->tmp, &now) != 0) return errno;
    if (!same_file(&mine, &now)) return EEXIST;
    FILE *s = f->stream;
    f->stream = NULL;
    int err = fclose(s) != 0 ? errno : 0;
    free(f->buffer);
    f->buffer = NULL;
    return err;
}

/* fsync of the folder the rename happened in, so that the new name
 * survives a crash; file systems that cannot (EINVAL) need not. */
static int sync_folder(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    int err = fsync(fd) == 0 || errno == EINVAL ? 0 : errno;
    close(fd);
    return err;
}

int output_commit(OutputFile *f, int ok, DiagList *diags)
{
    if (!ok) {
        discard(f);
        return -1;
    }
    int err = finish_stream(f);
    struct stat now;
    /* The target may have changed since output_check: still no device,
     * FIFO, folder or symlink is replaced. */
    if (!err && lstat(f->path, &now) == 0 && refuse_special(f->path, &now, diags) != 0) {
        discard(f);
        return -1;
    }
    if (!err) {
        sigset_t old;
        block_signals(&old);
        if (rename(f->tmp, f->path) == 0) atomic_store(&has_pending, 0);
        else err = errno;
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    if (err) {
        discard(f);
        return write_error(f->path, err, diags);
    }
    free(f->tmp);
    f->tmp = NULL;
    err = sync_folder(f->folder);
    free(f->folder);
    f->folder = NULL;
    return err ? write_error(f->path, err, diags) : 0;
}
