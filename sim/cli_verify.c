/* cli_verify.c: `nabij verify FILE...`: whether run files and checkpoints are intact
 * (sim/verify.h), one line per file; exit 0 only if every file is intact and complete. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "alloc.h"
#include "cli.h"
#include "cli_extra.h"
#include "nabij.h"
#include "verify.h"
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define PROGRESS_FROM_BYTES ((off_t)256 << 20) /* smaller files are read in well under a second */

static void verify_usage(FILE *f)
{
    fprintf(f, "usage: nabij verify FILE|FOLDER... [--quiet]\n"
               "Reads every dataset of each nabij run file (HDF5 checks the compressed chunks;\n"
               "the initial state, the scenario, the event kinds and, once the file is\n"
               "complete, the time series are compared with their checksums) and\n"
               "checks each checkpoint's columns against the checksums written with them.\n"
               "A sweep's index.h5 is read.\n"
               "A folder stands for its files (and its folders' files) whose names end in .h5,\n"
               ".h5.part, .ckpt or .ckpt.<N>, in name order.\n"
               "Prints one line per file: ok, partial (a run that did not finish), busy (a\n"
               "run is still writing it: not read) or damaged (naming the dataset).\n"
               "Exit status 0 if every file is intact and complete, 1 if any is not.\n"
               "--quiet prints only the files that are not.\n");
}

/* The files of the folders being walked (nftw has no context argument). */
static struct {
    char **v;
    size_t n, cap;
    int oom;
} found;

/* Whether "name" is a run file, a partial one or a checkpoint (kept ones: .ckpt.<N>). */
static int nabij_file_name(const char *name)
{
    if (cli_ends_with(name, ".h5") || cli_ends_with(name, ".h5.part") || cli_ends_with(name, ".ckpt"))
        return 1;
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name || !dot[1] || strspn(dot + 1, "0123456789") != strlen(dot + 1))
        return 0;
    return dot - name >= 5 && strncmp(dot - 5, ".ckpt", 5) == 0;
}

/* Append "path" to the files to check; -1 when out of memory. */
static int add_file(const char *path)
{
    if (found.n == found.cap) {
        size_t cap = found.cap ? 2 * found.cap : 64;
        char **v = sim_realloc(found.v, cap, sizeof *v);
        if (!v)
            return found.oom = 1, -1;
        found.v = v;
        found.cap = cap;
    }
    if (!(found.v[found.n] = sim_strdup(path)))
        return found.oom = 1, -1;
    found.n++;
    return 0;
}

static int on_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    if (type != FTW_F || !nabij_file_name(path + ftw->base))
        return 0;
    return add_file(path) ? 1 : 0;
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    cli_progress_update(ctx, (double)done / 1e6, (double)total / 1e6, "(MB read)");
}

int cli_verify(int argc, char **argv)
{
    cli_list files = {0};
    int quiet = 0;
    const cli_opt opts[] = {CLI_OPT_QUIET(&quiet), CLI_OPT_ARGS(&files)};
    int rc;
    if (cli_options("nabij verify", verify_usage, opts, CLI_N_OPTS(opts), argc, argv, &rc))
        return rc;
    if (files.n == 0) {
        fprintf(stderr, "nabij verify: no file given\n");
        verify_usage(stderr);
        sim_free(files.v);
        return CLI_USAGE;
    }
    /* the files to check: those given, and those found in the folders given */
    for (size_t i = 0; i < files.n; i++) {
        struct stat st;
        size_t before = found.n;
        if (stat(files.v[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            nftw(files.v[i], on_entry, 16, FTW_PHYS);
            if (found.n == before && !found.oom)
                fprintf(stderr, "nabij verify: %s: no .h5, .h5.part or .ckpt files in it\n", files.v[i]);
            qsort(found.v + before, found.n - before, sizeof *found.v, by_name);
        } else if (add_file(files.v[i])) { /* a file given by name: whatever its name */
            break;
        }
    }
    sim_free(files.v);
    if (found.oom) {
        fprintf(stderr, "nabij verify: out of memory\n");
        return CLI_ERR;
    }
    int bad = found.n == 0; /* nothing checked is not a success */
    for (size_t i = 0; i < found.n; i++) {
        const char *path = found.v[i];
        struct stat st;
        int big = stat(path, &st) == 0 && st.st_size >= PROGRESS_FROM_BYTES;
        cli_progress prog;
        cli_progress_init(&prog, path, quiet || !big);
        sim_verify_info in;
        char err[1024];
        int r = sim_verify(path, &in, on_progress, &prog, err, sizeof err);
        cli_progress_end(&prog);
        if (r) {
            printf("%s: %s: %s\n", path, r == NABIJ_EINVAL ? "DAMAGED" : "UNREADABLE", err);
            bad = 1;
        } else if (in.busy) {
            printf("%s: BUSY: a running nabij is writing it; verify it once the run has ended\n", path);
            bad = 1;
        } else if (in.checkpoint) {
            if (in.unchecked == 0 && !quiet)
                printf("%s: ok, checkpoint of tick %u: %zu columns, %.1f MB checked\n", path, in.tick,
                       in.datasets, (double)in.bytes / 1e6);
            else if (in.unchecked) /* written before checksums: readable is all that can be said */
                printf("%s: readable, checkpoint of tick %u: %zu of %zu columns have no checksum (written "
                       "before checksums) and were only read, %.1f MB\n", path, in.tick, in.unchecked,
                       in.datasets, (double)in.bytes / 1e6);
        } else if (!in.complete) {
            printf("%s: PARTIAL: readable (%zu datasets, %.1f MB; %zu matched their checksums), but "
                   "/status is not complete: the run did not finish\n", path, in.datasets,
                   (double)in.bytes / 1e6, in.datasets - in.unchecked);
            bad = 1;
        } else if (!quiet) {
            if (in.index)
                printf("%s: ok, sweep index: %zu datasets, %.1f MB read\n", path, in.datasets, (double)in.bytes / 1e6);
            else
                printf("%s: ok, complete run file: %zu datasets, %.1f MB read; %zu matched their "
                       "checksums\n", path, in.datasets, (double)in.bytes / 1e6, in.datasets - in.unchecked);
        }
        fflush(stdout);
    }
    for (size_t i = 0; i < found.n; i++)
        sim_free(found.v[i]);
    sim_free(found.v);
    return bad ? CLI_ERR : CLI_OK;
}
