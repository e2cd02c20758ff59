/* output.h — result files that never destroy what they replace.
 *
 * -o FILE refuses a target that is an input of the run (the dataset file,
 * a file in the CSV dataset folder, a file of the rule set in use: its rule
 * files, scripts and 测试/ files, compared by device and inode so that
 * another name of the same file is caught) and anything that exists and is
 * not a regular file (a device, FIFO, folder, socket or symbolic link as
 * the last component: rename(2) would replace it; a symlinked folder on the
 * way is fine).
 *
 * The result is written to a temporary file created next to the target
 * with O_CREAT|O_EXCL|O_NOFOLLOW under a random name (written to disk, and
 * synced in the background, as it is written), fsynced, renamed onto the
 * target and the folder fsynced. On an error, SIGINT or SIGTERM the
 * temporary file is removed: a failed run leaves the target as it was. */
#ifndef JH_OUTPUT_H
#define JH_OUTPUT_H
#include <stdio.h>
#include <sys/types.h>
#include "diag.h"

/* The inputs of a run that an output must not replace. */
typedef struct RunInputs {
    const char *datasets[2];   /* a JSON file or a CSV folder each; NULL: none */
    const char *rules[2];      /* a rule folder or a single rule file each; NULL: none */
} RunInputs;

/* 0 when path may receive a result; -1 with a diagnostic naming path and
 * why when it is an input or not a regular file. */
int output_check(const char *path, const RunInputs *inputs, DiagList *diags);

typedef struct Sink Sink;

typedef struct OutputFile {
    const char *path;    /* the target */
    char *tmp;           /* the temporary file; NULL once committed or removed */
    char *folder;        /* the folder both are in */
    int fd;              /* tmp, open */
    Sink *sink;          /* what stream writes through (output.c) */
    FILE *stream;        /* writes to fd, fully buffered */
    char *buffer;        /* the stream's */
} OutputFile;

/* Creates the temporary file for path (its mode that of path when path
 * exists) and registers it for removal on SIGINT and SIGTERM. -1 with a
 * diagnostic when it cannot be created. Call it before a long evaluation:
 * a target that cannot be written is then reported before the work. */
int output_open(OutputFile *f, const char *path, DiagList *diags);
/* Removes the temporary file of an output left open when a jump (out of
 * memory, arena.h) abandoned the run that was writing it. */
void output_abandon(void);

/* Writes n bytes of data at offset at of the temporary file, over what was
 * written there through f->stream (a head put in place at the end). 0, or
 * an errno. */
int output_write_at(OutputFile *f, const void *data, size_t n, off_t at);
/* Flushes and fsyncs what was written to f->stream (or by another writer
 * to f->tmp, such as the workbook library), renames the temporary file onto
 * the target and fsyncs its folder. ok = 0 (the rendering failed) removes
 * the temporary file instead. Returns 0, or -1 with a diagnostic. */
int output_commit(OutputFile *f, int ok, DiagList *diags);

#endif
