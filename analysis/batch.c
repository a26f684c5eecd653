/* batch.c: a fork-based pool of single-threaded runs. Children report progress as small
 * fixed-size records on one pipe (atomic writes below PIPE_BUF) and exit 0 or 1; the
 * parent keeps "workers" children alive, shows one progress line and collects exit codes.
 * A failed child has already removed its .part file (nabij_run does), so nothing that
 * looks complete is left behind. */
#include "batch.h"
#include "alloc.h"
#include "cli.h"
#include "h5read.h"
#include "nabij.h"
#include "run.h"
#include "runner.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct prog_rec {
    int32_t job, tick;
} prog_rec;

/* The resolved scenario text that job "j" would write, or NULL with "err". */
static char *expected_text(an_job *j, char *err, size_t errlen)
{
    nabij_run_opts ro = {0};
    ro.scenario_path = j->scenario_path;
    ro.sets = j->sets;
    ro.n_sets = j->n_sets;
    ro.seed = j->seed;
    scn_scenario *s = NULL;
    if (nabij_load_scenario(&ro, &s, err, errlen))
        return NULL;
    const sim_run_params *run = scn_section_values(s, "run");
    j->ticks = (uint32_t)run->ticks;
    char *t = scn_to_yaml(s);
    if (!t)
        snprintf(err, errlen, "out of memory");
    scn_destroy(s);
    return t;
}

int an_batch_prepare(an_job *jobs, size_t n, const an_batch_opts *o, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        an_job *j = &jobs[i];
        char e2[1024];
        char *text = expected_text(j, e2, sizeof e2);
        if (!text) {
            /* the loader's messages mostly begin with the file already */
            const char *path = j->scenario_path ? j->scenario_path : "baseline";
            int named = !strncmp(e2, path, strlen(path));
            snprintf(err, errlen, "%s%s%s", named ? "" : path, named ? "" : ": ", e2);
            return NABIJ_EINVAL;
        }
        j->reuse = 0;
        if (access(j->output, F_OK) == 0 && !o->force) {
            char *status = NULL, *have = NULL;
            int ok = o->resume && an_h5_peek(j->output, &status, &have) == 0 && status &&
                     have && !strcmp(status, "complete") && !strcmp(have, text);
            sim_free(status);
            sim_free(have);
            if (!ok) {
                snprintf(err, errlen,
                         o->resume ? "%s exists but is not a complete run of the same scenario "
                                     "and seed; use --force to replace it"
                                   : "%s exists; use --resume to reuse complete runs or --force "
                                     "to replace them",
                         j->output);
                sim_free(text);
                return NABIJ_EEXIST;
            }
            j->reuse = 1;
        }
        sim_free(text);
    }
    return 0;
}

typedef struct child_ctx {
    int fd;
    int32_t job;
} child_ctx;

static int child_tick(void *vctx, const sim_world *w, uint32_t tick, uint32_t ticks)
{
    (void)w;
    (void)ticks;
    child_ctx *c = vctx;
    prog_rec r = {c->job, (int32_t)tick};
    ssize_t k = write(c->fd, &r, sizeof r);
    (void)k;
    return 0;
}

static void run_child(an_job *j, int32_t idx, int fd, const an_batch_opts *o)
{
    child_ctx c = {fd, idx};
    nabij_run_opts ro = {0};
    ro.scenario_path = j->scenario_path;
    ro.sets = j->sets;
    ro.n_sets = j->n_sets;
    ro.output = j->output;
    ro.force = 1; /* an_batch_prepare decided already */
    ro.seed = j->seed;
    ro.threads = 1;
    ro.command = o->command;
    ro.on_tick = child_tick;
    ro.ctx = &c;
    ro.stop = o->stop;
    nabij_run_result res;
    char err[1024];
    int rc = nabij_run(&ro, &res, err, sizeof err);
    if (rc && rc != NABIJ_EINTR)
        fprintf(stderr, "\n%s (seed %lld): %s\n", j->scenario_path ? j->scenario_path : "baseline",
                (long long)res.seed, err);
    close(fd);
    _exit(rc ? 1 : 0);
}

int an_batch_run(an_job *jobs, size_t n, const an_batch_opts *o, char *err, size_t errlen)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int workers = o->workers > 0 ? o->workers : (ncpu > 0 ? (int)ncpu : 1);
    uint32_t *done = sim_calloc(n + 1, sizeof *done);
    pid_t *pid_of = sim_calloc((size_t)workers + 1, sizeof *pid_of);
    size_t *job_of = sim_calloc((size_t)workers + 1, sizeof *job_of);
    if (!done || !pid_of || !job_of) {
        sim_free(done);
        sim_free(pid_of);
        sim_free(job_of);
        snprintf(err, errlen, "out of memory");
        return NABIJ_ENOMEM;
    }
    double total = 0, sofar = 0;
    for (size_t i = 0; i < n; i++) {
        total += jobs[i].ticks;
        if (jobs[i].reuse) {
            done[i] = jobs[i].ticks;
            sofar += jobs[i].ticks;
        }
    }
    int fds[2];
    if (pipe(fds)) {
        snprintf(err, errlen, "pipe: %s", strerror(errno));
        sim_free(done);
        sim_free(pid_of);
        sim_free(job_of);
        return NABIJ_EIO;
    }
    fcntl(fds[0], F_SETFL, O_NONBLOCK);
    cli_progress prog;
    cli_progress_init(&prog, o->label ? o->label : "runs", o->quiet);
    fflush(NULL);
    size_t next = 0, finished = 0, failed_job = (size_t)-1;
    int running = 0, rc = 0;
    char extra[64];
    for (;;) {
        int stopping = rc || (o->stop && *o->stop);
        while (!stopping && running < workers && next < n) {
            if (jobs[next].reuse) {
                next++;
                continue;
            }
            pid_t p = fork();
            if (p < 0) {
                snprintf(err, errlen, "fork: %s", strerror(errno));
                rc = NABIJ_EIO;
                break;
            }
            if (p == 0) {
                close(fds[0]);
                run_child(&jobs[next], (int32_t)next, fds[1], o);
            }
            for (int k = 0; k < workers; k++)
                if (!pid_of[k]) {
                    pid_of[k] = p;
                    job_of[k] = next;
                    break;
                }
            running++;
            next++;
        }
        while (next < n && jobs[next].reuse)
            next++;
        if (running == 0)
            break;
        struct pollfd pf = {fds[0], POLLIN, 0};
        poll(&pf, 1, 100);
        prog_rec rec;
        while (read(fds[0], &rec, sizeof rec) == (ssize_t)sizeof rec) {
            if (rec.job >= 0 && (size_t)rec.job < n && (uint32_t)rec.tick > done[rec.job]) {
                sofar += (uint32_t)rec.tick - done[rec.job];
                done[rec.job] = (uint32_t)rec.tick;
            }
        }
        int status;
        pid_t p;
        while ((p = waitpid(-1, &status, WNOHANG)) > 0) {
            for (int k = 0; k < workers; k++) {
                if (pid_of[k] != p)
                    continue;
                pid_of[k] = 0;
                running--;
                finished++;
                size_t j = job_of[k];
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                    if (!rc) {
                        failed_job = j;
                        rc = (o->stop && *o->stop) ? NABIJ_EINTR : NABIJ_EIO;
                    }
                }
            }
        }
        snprintf(extra, sizeof extra, "(%zu runs finished, %d running)", finished, running);
        cli_progress_update(&prog, sofar < total ? sofar : total - 0.5, total, extra);
    }
    close(fds[0]);
    close(fds[1]);
    if (!rc && o->stop && *o->stop)
        rc = NABIJ_EINTR;
    if (!rc)
        cli_progress_update(&prog, total, total, extra);
    cli_progress_end(&prog);
    if (rc && failed_job != (size_t)-1)
        snprintf(err, errlen, "run of %s into %s failed%s; completed runs are kept",
                 jobs[failed_job].scenario_path ? jobs[failed_job].scenario_path : "baseline",
                 jobs[failed_job].output, rc == NABIJ_EINTR ? " (interrupted)" : "");
    else if (rc == NABIJ_EINTR)
        snprintf(err, errlen, "interrupted; completed runs are kept (use --resume)");
    sim_free(done);
    sim_free(pid_of);
    sim_free(job_of);
    return rc;
}

int an_mkdir_p(const char *dir)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", dir);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || !*p) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) && errno != EEXIST)
                return -1;
            *p = c;
            if (!c)
                break;
        }
    }
    return 0;
}
