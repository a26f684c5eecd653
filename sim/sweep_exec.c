/* sweep_exec.c: preparing the output folder, running rows, and the local task farm: a
 * parent process reads the manifest row by row and forks at most "jobs" children, each
 * running one row; it keeps only the children's pids, so memory does not grow with the
 * number of runs. Children die with the parent (PR_SET_PDEATHSIG), so a killed sweep
 * leaves at most its in-flight .part files behind. */
#include "sweep_exec.h"
#include "cli.h"
#include "alloc.h"
#include "nabij.h"
#include "runner.h"
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SW_MAX_JOBS 1024

static int mkdirs(const char *path)
{
    char buf[SW_PATH_MAX + 16];
    snprintf(buf, sizeof buf, "%s/", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return 0;
}

/* Remove the run of "row", its .part and its checkpoint ("vsw": the sweep). */
static int remove_run(void *vsw, const sw_row *row)
{
    char p[SW_PATH_MAX + 320];
    if (strstr(row->output, "..") || row->output[0] == '/')
        return 0; /* never delete outside the output folder */
    sw_run_path(vsw, row, p, sizeof p - 16); /* room for the suffixes below */
    size_t n = strlen(p);
    unlink(p);
    strcpy(p + n, ".part");
    unlink(p);
    strcpy(p + n, ".ckpt"); /* a checkpoint_every sweep's, or one asked for */
    unlink(p);
    strcpy(p + n, ".ckpt.part");
    unlink(p);
    return 0;
}

/* Remove the runs listed in the manifest at "path" and the index beside it. */
static int remove_old(const sw_sweep *sw, const char *path, char *err, size_t errlen)
{
    int rc = sw_manifest_each(path, remove_run, (void *)sw, err, errlen);
    if (rc < 0)
        return rc;
    char p[SW_PATH_MAX + 16];
    snprintf(p, sizeof p, "%s/index.h5", sw->output);
    unlink(p);
    return 0;
}

int sw_prepare(const sw_sweep *sw, sw_start start, char *err, size_t errlen)
{
    char man[SW_PATH_MAX + 32], runs[SW_PATH_MAX + 8];
    snprintf(runs, sizeof runs, "%s/runs", sw->output);
    if (mkdirs(runs)) {
        snprintf(err, errlen, "cannot create %s: %s", runs, strerror(errno));
        return NABIJ_EIO;
    }
    sw_manifest_path(sw, man, sizeof man);
    int have = access(man, F_OK) == 0;
    if (have && start == SW_START_NEW) {
        snprintf(err, errlen, "%s already holds a sweep (%s); use --resume to continue it or "
                 "--force to delete its runs and start over", sw->output, man);
        return NABIJ_EEXIST;
    }
    if (have && start == SW_START_RESUME) {
        char check[SW_PATH_MAX + 64];
        snprintf(check, sizeof check, "%s.check", man);
        int rc = sw_manifest_write(sw, check, err, errlen);
        if (rc)
            return rc;
        int eq = sw_files_equal(man, check);
        unlink(check);
        if (eq != 1) {
            snprintf(err, errlen, "%s does not match %s (the sweep file changed since the "
                     "sweep started); use --force to start over", man, sw->path);
            return NABIJ_EINVAL;
        }
        return 0;
    }
    if (have && start == SW_START_FORCE) {
        int rc = remove_old(sw, man, err, errlen);
        if (rc)
            return rc;
    }
    return sw_manifest_write(sw, man, err, errlen);
}

/* Set (by SIGUSR1, through sw_set_checkpoint_flag) to ask the runs of this process for a
 * checkpoint after the tick under way; a local farm passes it on to its children. */
static volatile sig_atomic_t *ck_flag;

void sw_set_checkpoint_flag(volatile sig_atomic_t *flag)
{
    ck_flag = flag;
}

int sw_run_complete(const sw_sweep *sw, const sw_row *row)
{
    char p[SW_PATH_MAX + 300];
    sw_run_path(sw, row, p, sizeof p);
    return access(p, F_OK) == 0;
}

/* Remove checkpoint "ck" and the "<ck>.part" a kill during its writing may have left. */
static void drop_checkpoint(const char *ck)
{
    char p[SW_PATH_MAX + 330];
    unlink(ck);
    snprintf(p, sizeof p, "%s.part", ck);
    unlink(p);
}

int sw_run_row(const sw_sweep *sw, const sw_row *row, volatile sig_atomic_t *stop,
               int (*on_tick)(void *ctx, const sim_world *w, uint32_t tick, uint32_t ticks),
               void *ctx, char *err, size_t errlen)
{
    const char *sets[SW_MAX_SETS + SW_MAX_PARAMS];
    size_t n = 0;
    for (size_t i = 0; i < sw->n_sets; i++)
        sets[n++] = sw->sets[i];
    for (size_t i = 0; i < row->n_sets; i++)
        sets[n++] = row->sets[i];
    char out[SW_PATH_MAX + 300], cmd[256];
    sw_run_path(sw, row, out, sizeof out);
    /* the same text wherever the run executes: it is stored in the file */
    snprintf(cmd, sizeof cmd, "nabij sweep %s: run %ld", sw->name, row->id);
    char ck[SW_PATH_MAX + 320], part[SW_PATH_MAX + 320];
    snprintf(ck, sizeof ck, "%s.ckpt", out);
    snprintf(part, sizeof part, "%s.part", out);
    nabij_run_result res;
    char e[1024];
    int rc;
    /* what a continued run and a new one share; no checkpoint after the last tick */
    const nabij_run_opts base = {.seed = -1, .threads = sw->threads_per_run, .stop = stop,
                                 .on_tick = on_tick, .ctx = ctx, .checkpoint_not_last = 1,
                                 .checkpoint_now = ck_flag};
    /* a checkpoint of checkpoint_every, or one asked for with SIGUSR1 */
    if (access(ck, F_OK) == 0 && access(part, F_OK) == 0) {
        /* an interrupted run with a checkpoint: continued, to the same bytes */
        fprintf(stderr, "nabij sweep: run %ld continues from %s\n", row->id, ck);
        nabij_run_opts r = base;
        r.resume = ck; /* the seed, scenario and output are the checkpoint's */
        rc = nabij_run(&r, &res, e, sizeof e);
        if (rc == 0 || rc == NABIJ_EINTR || (stop && *stop)) {
            if (rc == 0)
                drop_checkpoint(ck);
            else
                snprintf(err, errlen, "run %ld: %s", row->id, e);
            return rc;
        }
        /* a checkpoint of another sweep file, or damaged: the run starts over */
        fprintf(stderr, "nabij sweep: run %ld: cannot continue from %s (%s); it starts over\n", row->id, ck, e);
        snprintf(part, sizeof part, "%s.part.resume", out); /* where a resume may have moved it */
        unlink(part);
    }
    nabij_run_opts o = base;
    o.checkpoint_every = (uint32_t)sw->ck_ticks;
    o.checkpoint_seconds = sw->ck_seconds;
    o.scenario_path = sw->scenario[0] ? sw->scenario : NULL;
    o.sets = sets;
    o.n_sets = n;
    o.output = out;
    o.force = 1; /* only incomplete runs get here: this replaces a stale .part */
    o.seed = (int64_t)row->seed;
    o.command = cmd;
    rc = nabij_run(&o, &res, e, sizeof e);
    if (rc)
        snprintf(err, errlen, "run %ld: %s", row->id, e);
    else
        drop_checkpoint(ck); /* complete: a checkpoint is of no more use (a national one is 5.6 GB) */
    return rc;
}

/* 1 if the run of "row" has a .part file, 2 if it also has a checkpoint to continue from. */
static int part_exists(const sw_sweep *sw, const sw_row *row)
{
    char p[SW_PATH_MAX + 320];
    sw_run_path(sw, row, p, sizeof p - 16); /* room for the suffixes below */
    size_t n = strlen(p);
    strcpy(p + n, ".part");
    if (access(p, F_OK) != 0)
        return 0;
    strcpy(p + n, ".ckpt");
    return access(p, F_OK) == 0 ? 2 : 1;
}

typedef struct count_ctx {
    const sw_sweep *sw;
    sw_counts *c;
} count_ctx;

static int count_row(void *vctx, const sw_row *row)
{
    count_ctx *x = vctx;
    x->c->total++;
    if (sw_run_complete(x->sw, row))
        x->c->complete++;
    else {
        int k = part_exists(x->sw, row);
        x->c->partial += k > 0;
        x->c->resumable += k == 2;
    }
    return 0;
}

int sw_count(const sw_sweep *sw, sw_counts *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    char man[SW_PATH_MAX + 32];
    sw_manifest_path(sw, man, sizeof man);
    count_ctx x = {sw, c};
    return sw_manifest_each(man, count_row, &x, err, errlen);
}

/* The children of the local farm, by slot; "frac" is shared memory in which each child
 * writes how far its run is, so the progress bar moves between completions. */
typedef struct farm {
    pid_t pid[SW_MAX_JOBS]; /* 0: free slot */
    volatile double *frac;
    int running;
} farm;

static int child_tick(void *ctx, const sim_world *w, uint32_t tick, uint32_t ticks)
{
    (void)w;
    *(volatile double *)ctx = ticks ? (double)tick / ticks : 0;
    return 0;
}

/* Reap one finished child (waiting for it if "block"); returns 1 if one was reaped. */
static int reap(farm *fm, sw_counts *c, int block)
{
    int status;
    pid_t p = waitpid(-1, &status, block ? 0 : WNOHANG);
    if (p <= 0)
        return 0;
    for (int i = 0; i < SW_MAX_JOBS; i++)
        if (fm->pid[i] == p) {
            fm->pid[i] = 0;
            fm->frac[i] = 0;
            fm->running--;
            break;
        }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        c->ran++;
    else
        c->failed++;
    return 1;
}

int sw_run_local(const sw_sweep *sw, int jobs, int quiet, volatile sig_atomic_t *stop,
                 sw_counts *c, char *err, size_t errlen)
{
    int rc = sw_count(sw, c, err, errlen);
    if (rc)
        return rc;
    if (jobs < 1)
        jobs = 1;
    if (jobs > SW_MAX_JOBS)
        jobs = SW_MAX_JOBS;
    long todo = c->total - c->complete;
    char man[SW_PATH_MAX + 32];
    sw_manifest_path(sw, man, sizeof man);
    sw_reader r;
    sw_row *row = sim_calloc(1, sizeof *row);
    farm *fm = sim_calloc(1, sizeof *fm);
    void *shared = mmap(NULL, SW_MAX_JOBS * sizeof(double), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!row || !fm || shared == MAP_FAILED) {
        sim_free(row);
        sim_free(fm);
        if (shared != MAP_FAILED)
            munmap(shared, SW_MAX_JOBS * sizeof(double));
        return NABIJ_ENOMEM;
    }
    fm->frac = shared;
    if ((rc = sw_reader_open(&r, man, err, errlen))) {
        sim_free(row);
        sim_free(fm);
        munmap(shared, SW_MAX_JOBS * sizeof(double));
        return rc;
    }
    cli_progress prog;
    cli_progress_init(&prog, "nabij sweep", quiet);
    char extra[64] = "";
    pid_t parent = getpid();
    /* SIGCHLD is held back, so that the wait below wakes the moment a run ends (it stays
     * pending if it comes before the wait); a fixed 100 ms sleep instead cost a short run up to
     * 100 ms of waiting (the sweep overhead per run was 107 ms wall, 28 ms CPU) */
    sigset_t chld, old_mask;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old_mask);
    fflush(NULL);
    int more = 1, signalled = 0;
    while (more || fm->running > 0) {
        while (more && fm->running < jobs && !(stop && *stop)) {
            int k = sw_reader_next(&r, row, err, errlen);
            if (k <= 0) {
                more = 0;
                rc = k;
                break;
            }
            if (sw_run_complete(sw, row))
                continue;
            int slot = 0;
            while (fm->pid[slot])
                slot++;
            fm->frac[slot] = 0;
            pid_t p = fork();
            if (p < 0) {
                snprintf(err, errlen, "cannot start a run: %s", strerror(errno));
                rc = NABIJ_EIO;
                more = 0;
                break;
            }
            if (p == 0) {
                if (ck_flag)
                    *ck_flag = 0; /* one asked for before the fork was passed on already */
                sigprocmask(SIG_SETMASK, &old_mask, NULL);
                prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (getppid() != parent)
                    _exit(3);
                char e[1200];
                int k2 = sw_run_row(sw, row, stop, child_tick, (void *)&fm->frac[slot], e,
                                    sizeof e);
                if (k2)
                    fprintf(stderr, "%snabij sweep: %s\n", prog.tty && !quiet ? "\n" : "", e);
                _exit(k2 ? 1 : 0);
            }
            fm->pid[slot] = p;
            fm->running++;
        }
        if (ck_flag && *ck_flag && !(stop && *stop)) { /* SIGUSR1: each running run checkpoints */
            *ck_flag = 0;
            for (int i = 0; i < SW_MAX_JOBS; i++)
                if (fm->pid[i])
                    kill(fm->pid[i], SIGUSR1);
        }
        if (stop && *stop && !signalled) {
            more = 0;
            signalled = 1;
            for (int i = 0; i < SW_MAX_JOBS; i++)
                if (fm->pid[i])
                    kill(fm->pid[i], SIGTERM);
        }
        if (fm->running == 0)
            break;
        if (!reap(fm, c, 0)) {
            /* until a run ends, at most 100 ms (the progress line); Ctrl-C cuts it short */
            struct timespec ts = {0, 100000000};
            sigtimedwait(&chld, NULL, &ts);
        }
        double partial = 0;
        for (int i = 0; i < SW_MAX_JOBS; i++)
            if (fm->pid[i])
                partial += fm->frac[i];
        if (c->failed)
            snprintf(extra, sizeof extra, "(%ld failed)", c->failed);
        double done = (double)(c->ran + c->failed);
        cli_progress_update(&prog, done + partial < todo ? done + partial : done,
                            (double)(todo > 0 ? todo : 1), extra);
    }
    if (todo <= 0)
        cli_progress_update(&prog, 1, 1, extra);
    cli_progress_end(&prog);
    sigprocmask(SIG_SETMASK, &old_mask, NULL); /* a SIGCHLD still pending is ignored */
    sw_reader_close(&r);
    sim_free(row);
    sim_free(fm);
    munmap(shared, SW_MAX_JOBS * sizeof(double));
    if (stop && *stop)
        return NABIJ_EINTR;
    return rc;
}

long sw_slurm_per_task(const sw_sweep *sw)
{
    long n = sw_runs(sw), c = sw->slurm.runs_per_task;
    long need = (n + sw->slurm.max_array_tasks - 1) / sw->slurm.max_array_tasks;
    return c > need ? c : need;
}

long sw_slurm_tasks(const sw_sweep *sw)
{
    long c = sw_slurm_per_task(sw);
    return (sw_runs(sw) + c - 1) / c;
}

typedef struct task_ctx {
    const sw_sweep *sw;
    long lo, hi;
    volatile sig_atomic_t *stop;
    sw_counts *c;
} task_ctx;

/* Run the row if it belongs to the task and is not complete; 1 past the task's rows. */
static int task_row(void *vctx, const sw_row *row)
{
    task_ctx *x = vctx;
    if (row->id < x->lo)
        return 0;
    if (row->id >= x->hi)
        return 1;
    x->c->total++;
    if (sw_run_complete(x->sw, row)) {
        x->c->complete++;
        return 0;
    }
    if (x->stop && *x->stop)
        return NABIJ_EINTR;
    char e[1200];
    if (sw_run_row(x->sw, row, x->stop, NULL, NULL, e, sizeof e)) {
        fprintf(stderr, "nabij sweep: %s\n", e);
        x->c->failed++;
    } else {
        x->c->ran++;
    }
    return 0;
}

int sw_run_task(const sw_sweep *sw, long task, long per_task, volatile sig_atomic_t *stop,
                sw_counts *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    char man[SW_PATH_MAX + 32];
    sw_manifest_path(sw, man, sizeof man);
    task_ctx x = {sw, task * per_task, task * per_task + per_task, stop, c};
    int rc = sw_manifest_each(man, task_row, &x, err, errlen);
    return rc < 0 ? rc : 0;
}

int sw_mpi_launched(void)
{
    return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMI_SIZE") || getenv("PMIX_RANK");
}
