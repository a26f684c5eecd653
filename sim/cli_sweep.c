/* cli_sweep.c: `nabij sweep SWEEP.yaml`: expands a sweep file into its manifest and runs it
 * locally (child processes), under mpirun (a task farm over the ranks), or writes Slurm
 * job-array scripts; also one array task's share, the merge into index.h5, and a status
 * count. The work is in sweep*.c; this file parses options and reports. */
#include "cli.h"
#include "alloc.h"
#include "cli_extra.h"
#include "nabij.h"
#include "sweep.h"
#include "sweep_exec.h"
#include "sweep_index.h"
#include "sweep_slurm.h"
#include "sysmem.h"
#ifdef NABIJ_HAVE_MPI
#include "sweep_mpi.h"
#endif
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void sweep_usage(FILE *f)
{
    fprintf(f,
            "usage: nabij sweep SWEEP.yaml [--output DIR] [--jobs N] [--resume | --force] [--quiet]\n"
            "       mpirun -n N nabij sweep SWEEP.yaml [--resume | --force]\n"
            "       nabij sweep SWEEP.yaml --slurm [--submit] [--resume | --force]\n"
            "       nabij sweep SWEEP.yaml --array-task K [--runs-per-task C]\n"
            "       nabij sweep SWEEP.yaml --merge | --status\n"
            "Expands the sweep file (docs/sweeps.md) into DIR/manifest.tsv, one row per run,\n"
            "then runs every run not yet complete into DIR/runs/ and writes DIR/index.h5.\n"
            "  --output DIR   output folder (default: output: in the sweep file)\n"
            "  --jobs N       runs at a time on this machine (default: cores / threads_per_run)\n"
            "  --resume       continue a sweep that stopped: skip complete runs, redo the rest\n"
            "  --force        delete the runs of an earlier sweep in DIR and start over\n"
            "  --slurm        write DIR/manifest.tsv and DIR/slurm/{sweep,merge}.sbatch and\n"
            "                 submit.sh (a job array plus the merge step); --submit runs it\n"
            "  --array-task K run the runs of array task K (what sweep.sbatch does)\n"
            "  --merge        write DIR/index.h5 from the complete runs\n"
            "  --status       count complete, in-flight and missing runs\n"
            "  --quiet        no progress bar and no summary\n"
            "Under mpirun, rank 0 hands out the runs; as root add --allow-run-as-root.\n");
}

static int report_error(int rc, const char *err)
{
    fprintf(stderr, "nabij sweep: %s\n", err);
    return rc == NABIJ_EINVAL || rc == NABIJ_EEXIST ? CLI_USAGE : CLI_ERR;
}

static int finish_report(const sw_sweep *sw, int rc, const char *err, int quiet)
{
    sw_counts c;
    char e2[1024];
    if (rc && rc != NABIJ_EINTR)
        return report_error(rc, err);
    if (sw_count(sw, &c, e2, sizeof e2))
        return report_error(NABIJ_EIO, e2);
    if (rc == NABIJ_EINTR) {
        fprintf(stderr, "nabij sweep: interrupted; %ld of %ld runs complete; continue with "
                        "`nabij sweep %s --output %s --resume`\n", c.complete, c.total, sw->path,
                sw->output);
        return CLI_ERR;
    }
    if (c.complete < c.total) {
        fprintf(stderr, "nabij sweep: %ld of %ld runs failed (messages above); rerun them with "
                        "`nabij sweep %s --output %s --resume`\n", c.total - c.complete, c.total,
                sw->path, sw->output);
        return CLI_ERR;
    }
    if (!quiet)
        printf("sweep %s: %ld runs complete in %s/runs; index: %s/index.h5\n", sw->name,
               c.total, sw->output, sw->output);
    return CLI_OK;
}

static int do_slurm(const sw_sweep *sw, sw_start start, int submit)
{
    char err[2048];
    sw_slurm_paths p;
    ssize_t n = readlink("/proc/self/exe", p.exe, sizeof p.exe - 1);
    if (n <= 0 || !getcwd(p.cwd, sizeof p.cwd)) {
        fprintf(stderr, "nabij sweep: cannot find the nabij binary or the working folder\n");
        return CLI_ERR;
    }
    p.exe[n] = 0;
    int rc = sw_prepare(sw, start, err, sizeof err);
    if (!rc)
        rc = sw_slurm_write(sw, &p, err, sizeof err);
    if (rc)
        return report_error(rc, err);
    printf("sweep %s: %ld runs in %ld array tasks of %ld runs; manifest %s/manifest.tsv\n",
           sw->name, sw_runs(sw), sw_slurm_tasks(sw), sw_slurm_per_task(sw), sw->output);
    if (!submit) {
        printf("submit with: sh %s/slurm/submit.sh\n", sw->output);
        return CLI_OK;
    }
    char cmd[SW_PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "sh '%s/slurm/submit.sh'", sw->output);
    if (strchr(sw->output, '\'')) {
        fprintf(stderr, "nabij sweep: --submit: run %s/slurm/submit.sh yourself\n", sw->output);
        return CLI_ERR;
    }
    fflush(stdout);
    return system(cmd) == 0 ? CLI_OK : CLI_ERR;
}

static int do_task(const sw_sweep *sw, const char *task_text, long long per_task)
{
    long long task;
    const char *t = task_text ? task_text : getenv("SLURM_ARRAY_TASK_ID");
    if (!t) {
        fprintf(stderr, "nabij sweep: --array-task: no task number and no SLURM_ARRAY_TASK_ID\n");
        return CLI_USAGE;
    }
    if (cli_parse_int("--array-task", t, 0, LLONG_MAX / 2, &task))
        return CLI_USAGE;
    if (per_task <= 0)
        per_task = sw_slurm_per_task(sw);
    sw_counts c;
    char err[2048];
    int rc = sw_run_task(sw, (long)task, (long)per_task, &cli_stop, &c, err, sizeof err);
    if (rc)
        return report_error(rc, err);
    printf("sweep %s, task %lld: %ld runs, %ld already complete, %ld ran, %ld failed\n",
           sw->name, task, c.total, c.complete, c.ran, c.failed);
    return c.failed ? CLI_ERR : CLI_OK;
}

int cli_sweep(int argc, char **argv)
{
    const char *path = NULL, *out = NULL, *task = NULL;
    long long jobs = 0, per_task = 0;
    int resume = 0, force = 0, quiet = 0, slurm = 0, submit = 0, merge = 0, status = 0;
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&out),
        CLI_OPT_JOBS("-j", &jobs),
        CLI_OPT_TEXT("--array-task", NULL, &task),
        CLI_OPT_INT("--runs-per-task", NULL, &per_task, 1, 100000000),
        CLI_OPT_RESUME(&resume),
        CLI_OPT_FORCE(&force),
        CLI_OPT_QUIET(&quiet),
        CLI_OPT_FLAG("--slurm", NULL, &slurm),
        CLI_OPT_FLAG("--submit", NULL, &submit),
        CLI_OPT_FLAG("--merge", NULL, &merge),
        CLI_OPT_FLAG("--status", NULL, &status),
        CLI_OPT_ARG("sweep file", &path),
    };
    int ret;
    if (cli_options("nabij sweep", sweep_usage, opts, CLI_N_OPTS(opts), argc, argv, &ret))
        return ret;
    if (!path) {
        fprintf(stderr, "nabij sweep: no sweep file given\n");
        goto usage;
    }
    if (resume && force) {
        fprintf(stderr, "nabij sweep: --resume and --force exclude each other\n");
        goto usage;
    }
    if (submit && !slurm) {
        fprintf(stderr, "nabij sweep: --submit goes with --slurm\n");
        goto usage;
    }
    if (slurm + merge + status + (task != NULL) > 1) {
        fprintf(stderr, "nabij sweep: choose one of --slurm, --array-task, --merge, --status\n");
        goto usage;
    }
    sw_sweep *sw = sim_calloc(1, sizeof *sw);
    char err[2048];
    if (!sw)
        return CLI_ERR;
    int rc = sw_load(sw, path, out, err, sizeof err);
    if (rc) {
        sim_free(sw);
        return report_error(rc, err);
    }
    cli_install_signals();
    sw_set_checkpoint_flag(&cli_checkpoint_now); /* SIGUSR1: each running run checkpoints */
    sw_start start = resume ? SW_START_RESUME : force ? SW_START_FORCE : SW_START_NEW;
    if (status) {
        sw_counts c;
        rc = sw_count(sw, &c, err, sizeof err);
        ret = rc ? report_error(rc, err) : CLI_OK;
        if (!rc)
            printf("sweep %s: %ld runs, %ld complete, %ld in flight or stopped (.part; %ld of them "
                   "with a checkpoint to continue from), %ld not started\n", sw->name, c.total, c.complete,
                   c.partial, c.resumable, c.total - c.complete - c.partial);
    } else if (merge) {
        long n;
        rc = sw_index_write(sw, &n, err, sizeof err);
        ret = rc ? report_error(rc, err) : CLI_OK;
        if (!rc)
            printf("sweep %s: index of %ld runs (%ld complete) in %s/index.h5\n", sw->name,
                   sw_runs(sw), n, sw->output);
    } else if (task) {
        ret = do_task(sw, task, per_task);
    } else if (slurm) {
        ret = do_slurm(sw, start, submit);
    } else if (sw_mpi_launched()) {
#ifdef NABIJ_HAVE_MPI
        int root = 0;
        sw_counts c;
        rc = sw_mpi_sweep(sw, start, quiet, &cli_stop, &root, &c, err, sizeof err);
        ret = root ? finish_report(sw, rc, err, quiet) : (rc ? CLI_ERR : CLI_OK);
#else
        fprintf(stderr, "nabij sweep: started by mpirun, but this nabij was built without "
                        "MPI; rebuild with libopenmpi-dev installed, or run without mpirun\n");
        ret = CLI_ERR;
#endif
    } else {
        cli_warn_threads("nabij sweep", "threads_per_run", sw->threads_per_run);
        int j = jobs > 0 ? (int)jobs : cli_cpus() / sw->threads_per_run;
        j = j > 0 ? j : 1;
        /* as many runs at once as the memory holds, unless --jobs says otherwise; said also
         * with --quiet: the system would otherwise stop runs without a word */
        unsigned long long need = sw_memory_need(sw), avail = sim_mem_available();
        int fit = sw_jobs_for_memory(j, jobs > 0, need, avail);
        if (fit < j)
            fprintf(stderr, "nabij sweep: %d run%s at a time instead of %d: each needs about %.1f GB of memory, "
                            "and %.1f GB is available\n", fit, fit == 1 ? "" : "s", j, need / 1e9, avail / 1e9);
        else if (avail && (unsigned long long)j * need > avail)
            fprintf(stderr, "nabij sweep: warning: %d runs at a time need about %.1f GB of memory, and %.1f GB is "
                            "available: the system may stop them (fewer --jobs)\n", j, j * need / 1e9, avail / 1e9);
        j = fit;
        sw_counts c;
        rc = sw_prepare(sw, start, err, sizeof err);
        if (!rc) {
            if (!quiet)
                fprintf(stderr, "nabij sweep: %s: %ld runs, %d at a time; manifest %s/manifest.tsv\n",
                        sw->name, sw_runs(sw), j > 0 ? j : 1, sw->output);
            rc = sw_run_local(sw, j, quiet, &cli_stop, &c, err, sizeof err);
        }
        if (!rc || rc == NABIJ_EINTR) {
            long n;
            int k = sw_index_write(sw, &n, err, sizeof err);
            if (k && !rc)
                rc = k;
        }
        ret = finish_report(sw, rc, err, quiet);
    }
    sw_clear(sw);
    sim_free(sw);
    return ret;
usage:
    sweep_usage(stderr);
    return CLI_USAGE;
}
