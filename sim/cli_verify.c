/* cli_verify.c: `nabij verify FILE...`: whether run files and checkpoints are intact
 * (sim/verify.h), one line per file; exit 0 only if every file is intact and complete. */
#include "alloc.h"
#include "cli.h"
#include "cli_extra.h"
#include "nabij.h"
#include "verify.h"
#include <stdio.h>
#include <sys/stat.h>

#define PROGRESS_FROM_BYTES ((off_t)256 << 20) /* smaller files are read in well under a second */

static void verify_usage(FILE *f)
{
    fprintf(f, "usage: nabij verify FILE... [--quiet]\n"
               "Reads every dataset of each nabij run file (HDF5 checks each chunk's checksum)\n"
               "and checks each checkpoint's columns against the checksums written with them.\n"
               "Prints one line per file: ok, partial (a run that did not finish) or damaged\n"
               "(naming the dataset). Exit status 0 if every file is intact and complete,\n"
               "1 if any is not. --quiet prints only the files that are not.\n");
}

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
    int bad = 0;
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.v[i];
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
        } else if (in.checkpoint) {
            if (in.unchecked == 0 && !quiet)
                printf("%s: ok, checkpoint of tick %u: %zu columns, %.1f MB checked\n", path, in.tick,
                       in.datasets, (double)in.bytes / 1e6);
            else if (in.unchecked) /* written before checksums: readable is all that can be said */
                printf("%s: readable, checkpoint of tick %u: %zu of %zu columns have no checksum (written "
                       "before checksums) and were only read, %.1f MB\n", path, in.tick, in.unchecked,
                       in.datasets, (double)in.bytes / 1e6);
        } else if (!in.complete) {
            printf("%s: PARTIAL: readable (%zu datasets, %.1f MB), but /status is not complete: "
                   "the run did not finish\n", path, in.datasets, (double)in.bytes / 1e6);
            bad = 1;
        } else if (!quiet) {
            printf("%s: ok, complete run file: %zu datasets, %.1f MB read\n", path, in.datasets,
                   (double)in.bytes / 1e6);
        }
        fflush(stdout);
    }
    sim_free(files.v);
    return bad ? CLI_ERR : CLI_OK;
}
