/* nabij-bench.c: the speed figures of issue 8 in one run: person-ticks per second per core,
 * one tick against one streaming read-and-write pass over the same columns, 1- against
 * 2-thread parallel efficiency, peak memory per person of a complete run, the time to write
 * and restore a checkpoint of the world, and the overhead per run of a sweep of tiny runs.
 * Wall-clock times (minimum of repeats where cheap; the ticks' figures paired tick by tick,
 * see measure_ticks); the load average is printed with them because the machine may be
 * shared. With --from, the
 * ticks are timed from a saved state (late in a run, where the national run spends its time)
 * instead of a fresh world. Not a test. */
#define _GNU_SOURCE /* _Fork: a fork that is safe in a signal handler (glibc 2.34) */
#include "alloc.h"
#include "checkpoint.h"
#include "model.h"
#include "nabij.h"
#include "population.h"
#include "run.h"
#include "runner.h"
#include "world.h"
#include <errno.h>
#include <fcntl.h>
#include <omp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef NABIJ_EXE
#define NABIJ_EXE "nabij"
#endif

typedef struct bench_opts {
    long inhabitants, ticks, warmup, sweep_runs;
    const char *nabij;
    const char *tmp;
    const char *from; /* checkpoint to time the ticks from, or NULL */
    int ticks_only;   /* skip peak memory and sweep overhead */
    const char *event_sample; /* run.event_sample of the fresh worlds, or NULL: the default */
    const char *scenario; /* --scenario: time one complete run of this file instead */
    int threads;          /* its threads (0: the processors online) */
    const char *json;     /* --json: also write the figures to this file, or NULL */
    int force;            /* --force: replace an existing --json file */
} bench_opts;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU time of the calling thread: what a one-thread world costs (OpenMP runs a team of one
 * on the calling thread). The process's clock would also count the other world's idle
 * threads, which spin for a while after each parallel loop unless OMP_WAIT_POLICY=passive
 * (2.7 ms of CPU for a tick of 0.7 ms in a small world). */
static double thread_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* CPU time of what "threads" threads do: the calling thread's for one, the process's else */
static double cpu_of(int threads)
{
    return threads == 1 ? thread_cpu_s() : cpu_s();
}

/* What the benchmark is doing, on stderr (the figures go to stdout): at 2 M inhabitants it
 * works for minutes, at national scale for a quarter of an hour, before its first figure. */
static double start_s;
static void progress(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "nabij-bench: [%6.1f s] ", now_s() - start_s);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* What an interrupted or failed benchmark must not leave behind: its folder of work files
 * (make_tmp), the --json file's .part, and a running child (`nabij run`, `nabij sweep`). */
static char work_dir[512], json_part[600];
static volatile pid_t child_pid;

/* `rm -rf path`, with async-signal-safe calls only (also from on_signal). _Fork, not fork:
 * glibc's fork runs its atfork handlers, which take malloc's locks, and a signal that lands
 * on a thread inside malloc (the handler runs on whichever thread it reaches, an OpenMP
 * worker too) would then wait for a lock its own thread holds, for ever. The child only
 * calls execl and _exit. */
static void rm_rf(const char *path)
{
    pid_t pid = _Fork();
    if (pid == 0) {
        execl("/bin/rm", "rm", "-rf", "--", path, (char *)NULL);
        _exit(127);
    }
    if (pid > 0)
        waitpid(pid, NULL, 0);
}

static void remove_work(void)
{
    if (work_dir[0])
        rm_rf(work_dir);
    work_dir[0] = 0;
    if (json_part[0])
        unlink(json_part);
    json_part[0] = 0;
}

/* Ctrl-C (SIGINT), SIGTERM, SIGHUP: the child is stopped the same way and waited for, then
 * the work files go, and the benchmark ends by the signal, as an interrupted program does.
 * A signal sent by kill(2) to the benchmark alone is passed on to the child; one from the
 * terminal (Ctrl-C, a hang-up) reached the child already, and a second one would stop
 * `nabij run` "at once" instead of after its tick. */
static void on_signal(int sig, siginfo_t *info, void *uc)
{
    (void)uc;
    pid_t c = child_pid;
    if (c > 0) {
        if (info->si_code == SI_USER || info->si_code == SI_QUEUE)
            kill(c, sig);
        waitpid(c, NULL, 0);
    }
    remove_work();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void die(const char *what, const char *err)
{
    fprintf(stderr, "nabij-bench: %s: %s\n", what, err);
    remove_work();
    exit(1);
}

/* The end of a benchmark that worked: each step removed its own files, so the folder is
 * empty; rmdir (not rm -rf) leaves what a step forgot, for the smoke test to see. */
static void work_done(void)
{
    rmdir(work_dir);
    work_dir[0] = 0;
}

/* A world of "inhabitants" persons (one neighbourhood per 25,000) with "threads". */
static sim_world *make_world(long inhabitants, long ticks, int threads, const char *event_sample, scn_scenario **scn)
{
    char a[5][96];
    snprintf(a[0], sizeof a[0], "population.inhabitants=%ld", inhabitants);
    snprintf(a[1], sizeof a[1], "population.areas=%ld", inhabitants / 25000 > 0 ? inhabitants / 25000 : 1);
    snprintf(a[2], sizeof a[2], "run.ticks=%ld", ticks);
    snprintf(a[3], sizeof a[3], "run.snapshot_every=0");
    snprintf(a[4], sizeof a[4], "run.event_sample=%s", event_sample ? event_sample : "1");
    const char *sets[5] = {a[0], a[1], a[2], a[3], a[4]};
    nabij_run_opts o;
    memset(&o, 0, sizeof o);
    o.sets = sets;
    o.n_sets = event_sample ? 5 : 4;
    o.seed = -1;
    char err[1024];
    if (nabij_load_scenario(&o, scn, err, sizeof err))
        die("scenario", err);
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    sim_world *w;
    if (sim_world_create(models, nm, *scn, threads, &w, err, sizeof err))
        die("world", err);
    return w;
}

/* Bytes of every column: of the rows in use ("live", what a tick works on), or of the
 * whole table (the headroom for births, moves and splits included). */
static size_t state_bytes(const sim_world *w, int live)
{
    size_t b = 0;
    for (size_t i = 0; i < sim_col_count(w); i++) {
        const sim_column *c = sim_col_at(w, i);
        uint32_t rows = live ? sim_world_count(w, c->kind) : sim_world_capacity(w, c->kind);
        b += (size_t)rows * sim_dtype_size(c->type);
    }
    return b;
}

/* One streaming read-and-write pass over the rows in use of every column with "threads"
 * threads (the rows a tick works on; not the empty headroom): each byte is read and written back (xor with a key the compiler cannot know is zero). One parallel
 * region for the whole pass, each thread its own share of every column and no barrier
 * between columns, so that waking threads (a parallel region per column) is not timed. */
static double stream_pass(sim_world *w, int threads, double *cpu)
{
    static volatile uint8_t key_src = 0;
    uint8_t key = key_src;
    double t0 = now_s(), c0 = cpu_of(threads);
#pragma omp parallel num_threads(threads)
    {
        size_t t = (size_t)omp_get_thread_num(), nt = (size_t)omp_get_num_threads();
        for (size_t i = 0; i < sim_col_count(w); i++) {
            const sim_column *c = sim_col_at(w, i);
            size_t n = (size_t)sim_world_count(w, c->kind) * sim_dtype_size(c->type);
            uint8_t *p = c->data;
            size_t lo = n * t / nt, hi = n * (t + 1) / nt;
#pragma omp simd
            for (size_t k = lo; k < hi; k++)
                p[k] ^= key;
        }
    }
    *cpu = cpu_of(threads) - c0;
    return now_s() - t0;
}

#define MAX_PHASES 64

typedef struct tick_fig {
    double tick_s, stream_s, tick_cpu_s, stream_cpu_s; /* means over the timed ticks */
    double ratio[3]; /* tick/stream: the median over the ticks of the paired ratio, its lowest, its highest */
    double tick_min_s, tick_max_s; /* the fastest and slowest timed tick */
    double stream_min_s, stream_max_s; /* the fastest and slowest pass after a tick */
    double phase_s[MAX_PHASES];  /* per model, per tick */
    double serial_s[MAX_PHASES]; /* of which outside the parallel loops */
    uint32_t persons;
    size_t bytes, cap_bytes; /* state columns: rows in use, whole tables */
    double ckpt_write_s, ckpt_restore_s, ckpt_mb; /* the two-thread world's checkpoint */
} tick_fig;

/* The world saved in checkpoint "path", with "threads", planned to run "ticks" more ticks. */
static sim_world *world_from(const char *path, long ticks, int threads, scn_scenario **scn)
{
    char err[1024], set[96];
    sim_ckpt *ck;
    if (sim_ckpt_open(path, &ck, err, sizeof err))
        die("checkpoint", err);
    const sim_ckpt_info *ci = sim_ckpt_info_of(ck);
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    snprintf(set, sizeof set, "run.ticks=%ld", (long)ci->tick + ticks);
    sim_world *w;
    if (nabij_scenario_from_text(ci->world_scenario, path, scn, err, sizeof err))
        die("checkpoint scenario", err);
    if (scn_set(*scn, set))
        die("checkpoint scenario", scn_errmsg(*scn));
    if (sim_world_create_restoring(models, nm, *scn, threads, sim_ckpt_capacity(ck), &w, err,
                                   sizeof err) ||
        sim_ckpt_restore(ck, w, err, sizeof err))
        die("checkpoint", err);
    sim_ckpt_close(ck);
    return w;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A checkpoint of "w" written to the temporary folder (as `nabij run --checkpoint-every`
 * does: to disk, with fsync) and restored into a fresh world (as `nabij run --from` does):
 * seconds of each and the file's size. */
static void measure_checkpoint(const bench_opts *o, sim_world *w, const scn_scenario *scn, tick_fig *f)
{
    char path[512], err[1024];
    snprintf(path, sizeof path, "%s/bench.ckpt", o->tmp);
    char *text = scn_to_yaml(scn);
    if (!text)
        die("checkpoint", "out of memory");
    uint64_t rows[1] = {0};
    sim_ckpt_info info = {.world_scenario = text, .output_scenario = text, .output = "bench.h5",
                          .command = "nabij-bench", .created_utc = "", .parent = "",
                          .parent_tick = -1, .threads = 1, .ticks_planned = (int32_t)sim_world_ticks(w),
                          .out_start_tick = sim_tick(w), .ev_rows = rows, .lever_rows = rows};
    double t0 = now_s();
    if (sim_ckpt_write(path, w, &info, err, sizeof err))
        die("checkpoint", err);
    f->ckpt_write_s = now_s() - t0;
    sim_free(text);
    struct stat st;
    f->ckpt_mb = stat(path, &st) == 0 ? (double)st.st_size / 1e6 : 0;
    scn_scenario *s2;
    t0 = now_s();
    sim_world *v = world_from(path, 1, sim_threads(w), &s2);
    f->ckpt_restore_s = now_s() - t0;
    sim_world_destroy(v);
    scn_destroy(s2);
    unlink(path);
}

/* Resident and transparent-huge-page kB of this process (Linux), or 0: ticks that read
 * memory far apart wait on the TLB when a fragmented host leaves few huge pages, and the
 * share varies from run to run, so it is printed with the times. */
static void resident_kb(long *rss, long *huge)
{
    *rss = *huge = 0;
    FILE *f = fopen("/proc/self/smaps_rollup", "r");
    if (!f)
        return;
    char line[256];
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "Rss: %ld kB", rss);
        sscanf(line, "AnonHugePages: %ld kB", huge);
    }
    fclose(f);
}

/* The median of the "n" numbers at "x" (sorted here), then into lohi[0] and lohi[1] the lowest
 * and highest. */
static double median_of(double *x, long n, double lohi[2])
{
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    lohi[0] = x[0];
    lohi[1] = x[n - 1];
    return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

/* The ticks of two identical worlds, one on one thread and one on two, stepped alternately
 * tick by tick, so that a slow spell of a shared host falls on both; both worlds do the same
 * work each tick (the output does not depend on the thread count). "eff" gets the median over
 * the ticks of t1 / (2 t2), the paired parallel efficiency, then its lowest and highest.
 * Right after each timed tick, a streaming pass over the same world on as many threads: the
 * tick/stream ratio is the median over the ticks of these paired ratios (tick_fig.ratio), so
 * that the tick and the pass it is held against meet the same state of the host (a mean of
 * ticks against the best of a few passes made apart from them, as before, set the average
 * tick, slow spells included, against the pass at its fastest). "rss" and "huge" get
 * resident_kb after the warm-up. */
static void measure_ticks(const bench_opts *o, tick_fig f[2], double eff[3], long *rss, long *huge)
{
    scn_scenario *s[2];
    sim_world *w[2];
    if (o->from)
        progress("restoring %s into two worlds (1 and 2 threads)", o->from);
    else
        progress("building two worlds of %ld inhabitants (1 and 2 threads)", o->inhabitants);
    for (int k = 0; k < 2; k++)
        w[k] = o->from ? world_from(o->from, o->ticks, k + 1, &s[k])
                       : make_world(o->inhabitants, o->warmup + o->ticks, k + 1, o->event_sample, &s[k]);
    for (long t = 0; t < o->warmup; t++) {
        progress("warm-up tick %ld of %ld", t + 1, o->warmup);
        for (int k = 0; k < 2; k++)
            if (sim_world_step(w[k]))
                die("tick", sim_world_errmsg(w[k]));
    }
    resident_kb(rss, huge);
    size_t nm;
    nabij_models(&nm);
    double before[2][MAX_PHASES] = {{0}}, before_ser[2][MAX_PHASES] = {{0}};
    double *ratio = calloc(3 * (size_t)o->ticks, sizeof *ratio), *per_stream[2] = {ratio + o->ticks, ratio + 2 * o->ticks};
    if (!ratio)
        die("ticks", "out of memory");
    memset(f, 0, 2 * sizeof *f);
    f[0].tick_min_s = f[1].tick_min_s = f[0].stream_min_s = f[1].stream_min_s = 1e30;
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; i < nm && i < MAX_PHASES; i++) {
            before[k][i] = sim_world_phase_seconds(w[k], i);
            before_ser[k][i] = sim_world_phase_serial_seconds(w[k], i);
        }
    for (long t = 0; t < o->ticks; t++) {
        progress("timed tick %ld of %ld", t + 1, o->ticks);
        double d[2];
        for (int k = 0; k < 2; k++) {
            double t0 = now_s(), c0 = cpu_of(k + 1);
            if (sim_world_step(w[k]))
                die("tick", sim_world_errmsg(w[k]));
            d[k] = now_s() - t0;
            f[k].tick_s += d[k] / (double)o->ticks;
            f[k].tick_min_s = d[k] < f[k].tick_min_s ? d[k] : f[k].tick_min_s;
            f[k].tick_max_s = d[k] > f[k].tick_max_s ? d[k] : f[k].tick_max_s;
            f[k].tick_cpu_s += (cpu_of(k + 1) - c0) / (double)o->ticks;
            double c, ds = stream_pass(w[k], k + 1, &c);
            f[k].stream_s += ds / (double)o->ticks;
            f[k].stream_cpu_s += c / (double)o->ticks;
            f[k].stream_min_s = ds < f[k].stream_min_s ? ds : f[k].stream_min_s;
            f[k].stream_max_s = ds > f[k].stream_max_s ? ds : f[k].stream_max_s;
            per_stream[k][t] = d[k] / ds;
        }
        ratio[t] = d[0] / (2 * d[1]);
    }
    eff[0] = median_of(ratio, o->ticks, eff + 1);
    for (int k = 0; k < 2; k++)
        f[k].ratio[0] = median_of(per_stream[k], o->ticks, f[k].ratio + 1);
    free(ratio);
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < nm && i < MAX_PHASES; i++) {
            f[k].phase_s[i] = (sim_world_phase_seconds(w[k], i) - before[k][i]) / (double)o->ticks;
            f[k].serial_s[i] = (sim_world_phase_serial_seconds(w[k], i) - before_ser[k][i]) / (double)o->ticks;
        }
        f[k].persons = sim_world_count(w[k], SIM_PERSON);
        f[k].bytes = state_bytes(w[k], 1);
        f[k].cap_bytes = state_bytes(w[k], 0);
        if (k == 1 && !o->ticks_only) { /* the other world is gone: two in memory at most */
            progress("writing and restoring a checkpoint");
            measure_checkpoint(o, w[k], s[k], &f[k]);
        }
        sim_world_destroy(w[k]);
        scn_destroy(s[k]);
    }
}

/* CPU seconds (user and system) of a resource usage */
static double rusage_cpu_s(const struct rusage *ru)
{
    return (double)ru->ru_utime.tv_sec + ru->ru_utime.tv_usec * 1e-6 + (double)ru->ru_stime.tv_sec +
           ru->ru_stime.tv_usec * 1e-6;
}

/* Runs "argv" (argv[0] the program) as a child and waits for it, its resource usage into
 * "ru" (zero if it could not be started); with "quiet_stdout" its standard output goes to
 * /dev/null. Returns whether it exited with status 0. */
static int run_child(char *const argv[], int quiet_stdout, struct rusage *ru)
{
    memset(ru, 0, sizeof *ru);
    pid_t pid = fork();
    if (pid == 0) {
        int fd = quiet_stdout ? open("/dev/null", O_WRONLY) : -1;
        if (fd >= 0)
            dup2(fd, STDOUT_FILENO);
        execv(argv[0], argv);
        _exit(127);
    }
    if (pid < 0)
        return 0;
    child_pid = pid;
    int st;
    pid_t got;
    while ((got = wait4(pid, &st, 0, ru)) < 0 && errno == EINTR)
        ;
    child_pid = 0;
    return got == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* Peak resident memory of a complete `nabij run` (world and HDF5 writer) in a child. */
static long run_peak_kb(const bench_opts *o, double *seconds)
{
    char out[512], a[4][96];
    snprintf(out, sizeof out, "%s/mem.h5", o->tmp);
    snprintf(a[0], sizeof a[0], "population.inhabitants=%ld", o->inhabitants);
    snprintf(a[1], sizeof a[1], "population.areas=%ld", o->inhabitants / 25000 > 0 ? o->inhabitants / 25000 : 1);
    snprintf(a[2], sizeof a[2], "run.ticks=%ld", o->warmup + o->ticks);
    snprintf(a[3], sizeof a[3], "run.snapshot_every=0");
    progress("peak memory: a complete nabij run of %ld ticks", o->warmup + o->ticks);
    double t0 = now_s();
    char *argv[] = {(char *)o->nabij, "run", "-q", "--force", "-o", out, "--set", a[0], "--set", a[1],
                    "--set", a[2], "--set", a[3], NULL};
    struct rusage ru;
    if (!run_child(argv, 0, &ru))
        die("nabij run", o->nabij);
    *seconds = now_s() - t0;
    unlink(out);
    return ru.ru_maxrss;
}

static double children_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return rusage_cpu_s(&ru);
}

/* Wall time of `nabij sweep` over "runs" tiny runs, and of one tiny run in process. */
static void sweep_overhead(const bench_opts *o, double *sweep_s, double *sweep_cpu_s,
                           double *inproc_s, double *inproc_cpu_s)
{
    char file[512], outdir[512];
    snprintf(file, sizeof file, "%s/tiny.yaml", o->tmp);
    snprintf(outdir, sizeof outdir, "%s/tiny", o->tmp);
    FILE *f = fopen(file, "w");
    if (!f)
        die("sweep file", strerror(errno));
    fprintf(f, "name: tiny\nset:\n  population.inhabitants: 100\n  run.ticks: 1\n"
               "  run.snapshot_every: 0\nreplicates: %ld\nthreads_per_run: 1\n", o->sweep_runs);
    fclose(f);
    progress("sweep overhead: nabij sweep of %ld tiny runs", o->sweep_runs);
    char *argv[] = {(char *)o->nabij, "sweep", file, "--output", outdir, "--jobs", "1", "--quiet", "--force", NULL};
    struct rusage ru;
    double t0 = now_s(), c0 = children_cpu_s();
    if (!run_child(argv, 0, &ru))
        die("nabij sweep failed", file);
    *sweep_s = now_s() - t0;
    *sweep_cpu_s = children_cpu_s() - c0;
    rm_rf(outdir);
    unlink(file);
    /* the same run in process: scenario, world, one tick, no file */
    double best = 1e30, best_cpu = 1e30;
    for (int r = 0; r < 20; r++) {
        double t1 = now_s(), c1 = cpu_s();
        scn_scenario *s;
        sim_world *w = make_world(100, 1, 1, NULL, &s);
        if (sim_world_step(w))
            die("tick", sim_world_errmsg(w));
        sim_world_destroy(w);
        scn_destroy(s);
        double d = now_s() - t1, c = cpu_s() - c1;
        if (d < best)
            best = d;
        if (c < best_cpu)
            best_cpu = c;
    }
    *inproc_s = best;
    *inproc_cpu_s = best_cpu;
}

/* --json FILE: the figures also as one JSON object, for comparing commits and hosts over
 * time (jq, Python, R). Written to FILE.part and renamed when complete, so that a run that
 * fails or is interrupted leaves no file that looks like a result; an existing FILE is
 * refused before any work unless --force (checked again at the end). */
static int json_exists(const bench_opts *o)
{
    struct stat st;
    if (o->json && !o->force && stat(o->json, &st) == 0) {
        fprintf(stderr, "nabij-bench: --json: %s exists; use --force to replace it\n", o->json);
        return 1;
    }
    return 0;
}

static FILE *json_open(const bench_opts *o, char *part, size_t size)
{
    snprintf(part, size, "%s.part", o->json);
    snprintf(json_part, sizeof json_part, "%s", part);
    FILE *f = fopen(part, "w");
    if (!f)
        die(part, strerror(errno));
    return f;
}

static void json_close(const bench_opts *o, FILE *f, const char *part)
{
    if (ferror(f) | fclose(f)) {
        unlink(part);
        die(part, "write error");
    }
    if (json_exists(o)) { /* it appeared while the benchmark ran */
        unlink(part);
        exit(2);
    }
    if (rename(part, o->json)) {
        unlink(part);
        die(o->json, strerror(errno));
    }
    json_part[0] = 0;
}

/* "key": "text" with the text escaped as JSON wants (NULL: null) */
static void json_str(FILE *f, const char *key, const char *text, const char *after)
{
    fprintf(f, "\"%s\": ", key);
    if (!text) {
        fprintf(f, "null%s", after);
        return;
    }
    fputc('"', f);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        if (*c == '"' || *c == '\\')
            fprintf(f, "\\%c", *c);
        else if (*c < 0x20)
            fprintf(f, "\\u%04x", *c);
        else
            fputc(*c, f);
    }
    fprintf(f, "\"%s", after);
}

/* The program, the host and its load: the first keys of every JSON file. */
static void json_head(FILE *f, const char *mode, double load_start)
{
    char cpu[256] = "", line[512];
    FILE *ci = fopen("/proc/cpuinfo", "r");
    while (ci && fgets(line, sizeof line, ci))
        if (sscanf(line, "model name : %255[^\n]", cpu) == 1)
            break;
    if (ci)
        fclose(ci);
    double load[3] = {0};
    getloadavg(load, 3);
    fprintf(f, "{\n  \"nabij_bench\": 1,\n  ");
    json_str(f, "mode", mode, ",\n  ");
    json_str(f, "program_version", nabij_version, ",\n  ");
    json_str(f, "git_hash", nabij_git_hash, ",\n  ");
    json_str(f, "cpu", cpu, ",\n  ");
    fprintf(f, "\"cores_online\": %ld,\n  \"load_average_start\": %.2f,\n  \"load_average_end\": %.2f,\n  ",
            sysconf(_SC_NPROCESSORS_ONLN), load_start, load[0]);
    json_str(f, "omp_wait_policy", getenv("OMP_WAIT_POLICY"), ",\n");
}

/* A new folder for the benchmark's work files (a checkpoint, a run's output, a sweep), in
 * $TMPDIR as mktemp makes them, into "buf". */
static void make_tmp(char *buf, size_t size)
{
    const char *tmpdir = getenv("TMPDIR");
    snprintf(buf, size, "%s/nabij-bench.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(buf))
        die(buf, strerror(errno));
    snprintf(work_dir, sizeof work_dir, "%s", buf);
}

/* The host's streaming speed: GB/s of reading and writing back every byte of a 1 GiB buffer
 * (counted twice: read and written) with "threads" threads, best of three passes. Printed
 * beside a complete run's time, because the same binary's runs differ by half between hosts
 * (README, Performance): a reader can tell a slower host from a slower program. */
static double host_stream_gbs(uint8_t *buf, size_t n, int threads)
{
    static volatile uint8_t key_src = 0;
    uint8_t key = key_src;
    double best = 1e30;
    for (int r = 0; r < 3; r++) {
        double t0 = now_s();
#pragma omp parallel for simd num_threads(threads) schedule(static)
        for (size_t k = 0; k < n; k++)
            buf[k] ^= key;
        double d = now_s() - t0;
        if (d < best)
            best = d;
    }
    return 2.0 * (double)n / best / 1e9;
}

/* The host's speed at nabij's own work: the fastest of ten ticks (after two) of a fresh world
 * of 20,000 inhabitants on one thread, in nanoseconds per person-tick. The world fits in the
 * caches, so this is the processor's speed for the tick code at that moment (a shared host
 * has slow spells: README, Performance), beside the streaming speed for memory. Taken
 * before and after a complete run, it tells a slower host from a slower program. */
static double host_tick_ns(void)
{
    enum { WARM = 2, TIMED = 10 };
    scn_scenario *scn;
    sim_world *w = make_world(20000, WARM + TIMED, 1, NULL, &scn);
    double best = 1e30;
    for (int t = 0; t < WARM + TIMED; t++) {
        double t0 = now_s();
        if (sim_world_step(w))
            die("reference tick", sim_world_errmsg(w));
        double d = now_s() - t0;
        if (t >= WARM && d < best)
            best = d;
    }
    double ns = best * 1e9 / (double)sim_world_count(w, SIM_PERSON);
    sim_world_destroy(w);
    scn_destroy(scn);
    return ns;
}

/* --scenario FILE: one complete `nabij run FILE --threads N`, as a user runs it (its progress
 * goes to stderr), timed from outside: wall and CPU time, peak memory (ru_maxrss of the
 * child, world and HDF5 writer) and the output's size, against issue 8's targets (10 minutes
 * and 8 GiB) when the world is of national size (17 million inhabitants or more). The output
 * goes to the temporary folder and is removed. */
static int full_run(const bench_opts *o)
{
    char tmp[400];
    nabij_run_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.scenario_path = o->scenario;
    ro.seed = -1;
    scn_scenario *scn;
    char err[1024];
    if (nabij_load_scenario(&ro, &scn, err, sizeof err))
        die("scenario", err);
    const mdl_population_params *pop = scn_section_values(scn, "population");
    const sim_run_params *run = scn_section_values(scn, "run");
    long long inhabitants = (long long)pop->inhabitants, ticks = (long long)run->ticks;
    scn_destroy(scn);
    int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    double load[3] = {0};
    getloadavg(load, 3);
    double load0 = load[0];
    printf("nabij-bench: one complete run of %s (%lld inhabitants, %lld ticks) on %d thread%s; %d "
           "cores online, load average %.1f\n", o->scenario, inhabitants, ticks, threads,
           threads == 1 ? "" : "s", (int)sysconf(_SC_NPROCESSORS_ONLN), load[0]);
    size_t n = (size_t)1 << 30;
    uint8_t *buf = malloc(n);
    if (!buf)
        die("host reference", "out of memory for 1 GiB");
    memset(buf, 1, n);
    progress("the host's streaming speed over 1 GiB");
    double g1 = host_stream_gbs(buf, n, 1), g2 = threads > 1 ? host_stream_gbs(buf, n, threads) : g1;
    free(buf);
    progress("the host's speed at a reference tick (20,000 inhabitants, one thread)");
    double ref0 = host_tick_ns();
    printf("host: streaming read-and-write of 1 GiB at %.1f GB/s on 1 thread", g1);
    if (threads > 1)
        printf(", %.1f GB/s on %d", g2, threads);
    printf("; reference tick %.1f ns per person-tick\n", ref0);
    fflush(stdout);
    char out[512], th[16];
    make_tmp(tmp, sizeof tmp);
    snprintf(out, sizeof out, "%s/full.h5", tmp);
    snprintf(th, sizeof th, "%d", threads);
    double t0 = now_s();
    /* its summary table would come between the figures: only its progress (stderr) */
    char *argv[] = {(char *)o->nabij, "run", (char *)o->scenario, "--force", "-o", out, "--threads", th, NULL};
    struct rusage ru;
    int ok = run_child(argv, 1, &ru);
    double wall = now_s() - t0, cpu = rusage_cpu_s(&ru);
    struct stat sb;
    double out_mb = stat(out, &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
    if (!ok)
        die("nabij run failed", o->scenario); /* and its folder goes, with what the run left */
    unlink(out);
    work_done();
    int national = inhabitants >= 17000000;
    double gib = ru.ru_maxrss / 1048576.0;
    printf("complete run: %.2f s elapsed (%d:%05.2f)", wall, (int)(wall / 60), wall - 60 * (int)(wall / 60));
    if (national)
        printf("   (target at national scale <= 10:00: %s)", wall <= 600 ? "met" : "not met");
    printf("\n  CPU %.1f s (%.0f %% of one core); peak memory %.2f GiB", cpu, 100 * cpu / wall, gib);
    if (national)
        printf(" (target <= 8 GiB: %s)", gib <= 8 ? "met" : "not met");
    printf("; output %.1f MB\n", out_mb);
    printf("  %.3g inhabitant-ticks per second per core over the whole run (set-up and writing "
           "included; the world grows by births and migration)\n",
           (double)inhabitants * (double)ticks / wall / threads);
    progress("the host's speed at a reference tick, again");
    double ref1 = host_tick_ns();
    printf("host after the run: reference tick %.1f ns per person-tick (%.1f before)\n", ref1, ref0);
    getloadavg(load, 3);
    printf("load average at the end %.1f\n", load[0]);
    if (o->json) {
        char jp[600];
        FILE *f = json_open(o, jp, sizeof jp);
        json_head(f, "scenario", load0);
        fprintf(f, "  ");
        json_str(f, "scenario", o->scenario, ",\n");
        const char *tm = !national ? "null" : wall <= 600 ? "true" : "false";
        const char *mm = !national ? "null" : gib <= 8 ? "true" : "false";
        fprintf(f, "  \"inhabitants\": %lld,\n  \"ticks\": %lld,\n  \"threads\": %d,\n"
                   "  \"host_stream_gb_per_s_1_thread\": %.3f,\n  \"host_stream_gb_per_s_all_threads\": %.3f,\n"
                   "  \"host_reference_tick_ns_before\": %.2f,\n  \"host_reference_tick_ns_after\": %.2f,\n"
                   "  \"elapsed_s\": %.3f,\n  \"cpu_s\": %.3f,\n  \"peak_memory_kb\": %ld,\n"
                   "  \"output_mb\": %.3f,\n  \"national_scale\": %s,\n  \"time_target_met\": %s,\n"
                   "  \"memory_target_met\": %s\n}\n",
                inhabitants, ticks, threads, g1, g2, ref0, ref1, wall, cpu, (long)ru.ru_maxrss, out_mb,
                national ? "true" : "false", tm, mm);
        json_close(o, f, jp);
    }
    return 0;
}

/* --json of the tick figures: the same numbers as printed (unrounded), one array element
 * per thread count [1, 2]; the memory, checkpoint and sweep keys are null where they were
 * not measured (--ticks-only, --from). */
static void ticks_json(const bench_opts *o, const tick_fig f[2], const double eff[3], double load0, long kb,
                       const double sweep_ms[2])
{
    char jp[600];
    FILE *j = json_open(o, jp, sizeof jp);
    json_head(j, "ticks", load0);
    int extras = !(o->ticks_only || o->from);
    fprintf(j, "  ");
    json_str(j, "from", o->from, ",\n  ");
    json_str(j, "event_sample", o->event_sample, ",\n");
    if (o->from) /* the checkpoint's world: neither asked for nor warmed up */
        fprintf(j, "  \"inhabitants\": null,\n  \"warmup_ticks\": null,\n");
    else
        fprintf(j, "  \"inhabitants\": %ld,\n  \"warmup_ticks\": %ld,\n", o->inhabitants, o->warmup);
    fprintf(j, "  \"persons\": %u,\n  \"timed_ticks\": %ld,\n  \"state_bytes_in_use\": %zu,\n"
               "  \"state_bytes_allocated\": %zu,\n", f[0].persons, o->ticks, f[0].bytes, f[0].cap_bytes);
    fprintf(j, "  \"tick_ms\": [%.4f, %.4f],\n  \"tick_cpu_ms\": [%.4f, %.4f],\n"
               "  \"stream_ms\": [%.4f, %.4f],\n  \"tick_stream_ratio\": [%.4f, %.4f],\n"
               "  \"person_ticks_per_s_per_core\": [%.6g, %.6g],\n"
               "  \"parallel_efficiency\": %.5f,\n  \"parallel_efficiency_mean_ticks\": %.5f,\n",
            f[0].tick_s * 1e3, f[1].tick_s * 1e3, f[0].tick_cpu_s * 1e3, f[1].tick_cpu_s * 1e3,
            f[0].stream_s * 1e3, f[1].stream_s * 1e3, f[0].ratio[0], f[1].ratio[0],
            f[0].persons / f[0].tick_s, f[1].persons / f[1].tick_s / 2, eff[0], f[0].tick_s / (2 * f[1].tick_s));
    fprintf(j, "  \"tick_stream_ratio_mean_ticks\": [%.4f, %.4f],\n"
               "  \"tick_stream_ratio_range\": [[%.4f, %.4f], [%.4f, %.4f]],\n"
               "  \"stream_ms_min\": [%.4f, %.4f],\n  \"stream_ms_max\": [%.4f, %.4f],\n",
            f[0].tick_s / f[0].stream_s, f[1].tick_s / f[1].stream_s, f[0].ratio[1], f[0].ratio[2], f[1].ratio[1],
            f[1].ratio[2], f[0].stream_min_s * 1e3, f[1].stream_min_s * 1e3, f[0].stream_max_s * 1e3,
            f[1].stream_max_s * 1e3);
    fprintf(j, "  \"tick_ms_min\": [%.4f, %.4f],\n  \"tick_ms_max\": [%.4f, %.4f],\n"
               "  \"parallel_efficiency_range\": [%.5f, %.5f],\n",
            f[0].tick_min_s * 1e3, f[1].tick_min_s * 1e3, f[0].tick_max_s * 1e3, f[1].tick_max_s * 1e3, eff[1],
            eff[2]);
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    fprintf(j, "  \"phases\": [\n");
    for (size_t i = 0; i < nm && i < MAX_PHASES; i++) {
        fprintf(j, "    {");
        json_str(j, "model", models[i]->name, ", ");
        fprintf(j, "\"ms\": [%.4f, %.4f], \"serial_ms_2_threads\": %.4f}%s\n", f[0].phase_s[i] * 1e3,
                f[1].phase_s[i] * 1e3, f[1].serial_s[i] * 1e3, i + 1 < nm && i + 1 < MAX_PHASES ? "," : "");
    }
    fprintf(j, "  ],\n");
    if (o->ticks_only)
        fprintf(j, "  \"checkpoint\": null,\n");
    else
        fprintf(j, "  \"checkpoint\": {\"write_s\": %.4f, \"restore_s\": %.4f, \"mb\": %.3f},\n",
                f[1].ckpt_write_s, f[1].ckpt_restore_s, f[1].ckpt_mb);
    if (extras)
        fprintf(j, "  \"peak_memory_kb\": %ld,\n  \"peak_memory_bytes_per_person\": %.2f,\n"
                   "  \"sweep_overhead_ms_per_run\": {\"wall\": %.4f, \"cpu\": %.4f}\n}\n",
                kb, kb * 1024.0 / f[0].persons, sweep_ms[0], sweep_ms[1]);
    else
        fprintf(j, "  \"peak_memory_kb\": null,\n  \"peak_memory_bytes_per_person\": null,\n"
                   "  \"sweep_overhead_ms_per_run\": null\n}\n");
    json_close(o, j, jp);
}

static void usage(void)
{
    fprintf(stderr, "usage: nabij-bench [--inhabitants N] [--ticks T] [--warmup W] "
                    "[--sweep-runs R] [--nabij PATH] [--from CHECKPOINT] [--ticks-only] [--event-sample S]\n"
                    "       nabij-bench --scenario FILE [--threads N] [--nabij PATH]\n"
                    "       either with [--json FILE [--force]]\n"
                    "Prints the speed figures of nabij (README, section Performance).\n"
                    "--from times the ticks from a checkpoint of `nabij run --checkpoint-every`\n"
                    "(its world size; --inhabitants and --warmup are then ignored);\n"
                    "--ticks-only skips peak memory and sweep overhead;\n"
                    "--event-sample sets run.event_sample of the fresh worlds (default 1: every\n"
                    "event; scenarios/national.yaml logs 0.01).\n"
                    "--scenario times one complete `nabij run FILE` from outside (elapsed, CPU,\n"
                    "peak memory, output size; against the 10 minute and 8 GiB targets at\n"
                    "national scale), beside the host's streaming speed and its speed at a\n"
                    "reference tick before and after the run; --threads: its threads\n"
                    "(default: the processors online).\n"
                    "--json FILE also writes the figures as one JSON object (with the program's\n"
                    "version, the processor and the load) for comparing commits and hosts; an\n"
                    "existing FILE is kept unless --force.\n"
                    "Work files go to a new folder in $TMPDIR (default /tmp), removed at the end,\n"
                    "also when it fails or is interrupted (Ctrl-C, SIGTERM: a run it started is\n"
                    "stopped first).\n");
    exit(2);
}

int main(int argc, char **argv)
{
    start_s = now_s();
    bench_opts o = {200000, 10, 3, 50, NABIJ_EXE, NULL, NULL, 0, NULL, NULL, 0, NULL, 0};
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && !strcmp(argv[i], "--inhabitants"))
            o.inhabitants = atol(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--ticks"))
            o.ticks = atol(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--warmup"))
            o.warmup = atol(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--sweep-runs"))
            o.sweep_runs = atol(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--nabij"))
            o.nabij = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--from"))
            o.from = argv[++i];
        else if (!strcmp(argv[i], "--ticks-only"))
            o.ticks_only = 1;
        else if (i + 1 < argc && !strcmp(argv[i], "--event-sample"))
            o.event_sample = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--scenario"))
            o.scenario = argv[++i];
        else if (i + 1 < argc && !strcmp(argv[i], "--threads"))
            o.threads = atoi(argv[++i]);
        else if (i + 1 < argc && !strcmp(argv[i], "--json"))
            o.json = argv[++i];
        else if (!strcmp(argv[i], "--force"))
            o.force = 1;
        else
            usage();
    }
    if (o.inhabitants < 100 || o.ticks < 1 || o.warmup < 0 || o.sweep_runs < 1 || o.threads < 0 ||
        o.threads > 4096 || (o.json && !*o.json))
        usage();
    if (o.threads && !o.scenario) {
        fprintf(stderr, "nabij-bench: --threads applies to --scenario only (the tick figures always "
                        "compare 1 and 2 threads)\n");
        exit(2);
    }
    if (json_exists(&o))
        exit(2);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    if (o.scenario)
        return full_run(&o);
    char tmp[400];
    make_tmp(tmp, sizeof tmp);
    o.tmp = tmp;
    double load[3] = {0};
    getloadavg(load, 3);
    double load0 = load[0];
    if (o.from)
        printf("nabij-bench: %ld ticks timed from checkpoint %s; %d cores online, load average %.1f\n",
               o.ticks, o.from, (int)sysconf(_SC_NPROCESSORS_ONLN), load[0]);
    else
        printf("nabij-bench: %ld inhabitants, %ld ticks timed after %ld warm-up ticks; "
               "%d cores online, load average %.1f\n",
               o.inhabitants, o.ticks, o.warmup, (int)sysconf(_SC_NPROCESSORS_ONLN), load[0]);
    /* the complete run first: a forked child's peak counts the parent's resident memory at
     * the fork (Linux keeps it across exec), which is small only before the worlds below */
    double run_s = 0;
    long kb = o.ticks_only || o.from ? 0 : run_peak_kb(&o, &run_s);
    tick_fig f[2];
    double eff[3];
    long rss, huge;
    measure_ticks(&o, f, eff, &rss, &huge);
    const tick_fig f1 = f[0], f2 = f[1];
    double pts1 = f1.persons / f1.tick_s, pts2 = f2.persons / f2.tick_s / 2;
    printf("persons %u, state columns %.1f MB in use (%.0f bytes per person; %.1f MB allocated "
           "with the headroom)\n", f1.persons, f1.bytes / 1e6, (double)f1.bytes / f1.persons,
           f1.cap_bytes / 1e6);
    printf("both worlds resident: %.1f MB, of which %.0f %% in transparent huge pages\n", rss / 1024.0,
           rss > 0 ? 100.0 * huge / rss : 0.0);
    printf("tick, 1 thread:          %8.2f ms   person-ticks/s/core %10.3g   (per CPU-second "
           "%10.3g)\n", f1.tick_s * 1e3, pts1, f1.persons / f1.tick_cpu_s);
    printf("tick, 2 threads:         %8.2f ms   person-ticks/s/core %10.3g   (per CPU-second "
           "%10.3g)\n", f2.tick_s * 1e3, pts2, f2.persons / f2.tick_cpu_s);
    printf("stream pass, 1 thread:   %8.2f ms   tick/stream ratio %6.2f   (target <= 3; median over the ticks "
           "of the paired ratio, from the means %.2f)\n", f1.stream_s * 1e3, f1.ratio[0], f1.tick_s / f1.stream_s);
    printf("  in CPU time, 1 thread: tick %.2f ms, stream %.2f ms, ratio %.2f\n",
           f1.tick_cpu_s * 1e3, f1.stream_cpu_s * 1e3, f1.tick_cpu_s / f1.stream_cpu_s);
    printf("stream pass, 2 threads:  %8.2f ms   tick/stream ratio %6.2f   (target <= 3; median over the ticks "
           "of the paired ratio, from the means %.2f)\n", f2.stream_s * 1e3, f2.ratio[0], f2.tick_s / f2.stream_s);
    printf("parallel efficiency 1->2 threads: %5.1f %%   (target >= 90 %%; median over the ticks of the "
           "paired ratio, from the mean ticks %.1f %%)\n",
           100.0 * eff[0], 100.0 * f1.tick_s / (2 * f2.tick_s));
    /* how much the ticks varied: on a shared host a difference between two benchmark runs
     * smaller than this spread says little */
    printf("  spread over the %ld timed ticks: 1 thread %.2f-%.2f ms, 2 threads %.2f-%.2f ms, paired "
           "efficiency %.1f-%.1f %%\n", o.ticks, f1.tick_min_s * 1e3, f1.tick_max_s * 1e3, f2.tick_min_s * 1e3,
           f2.tick_max_s * 1e3, 100.0 * eff[1], 100.0 * eff[2]);
    printf("  stream passes after them: 1 thread %.2f-%.2f ms, 2 threads %.2f-%.2f ms; paired tick/stream ratio 1 "
           "thread %.2f-%.2f, 2 threads %.2f-%.2f; fastest tick / fastest pass %.2f and %.2f\n",
           f1.stream_min_s * 1e3, f1.stream_max_s * 1e3, f2.stream_min_s * 1e3, f2.stream_max_s * 1e3, f1.ratio[1],
           f1.ratio[2], f2.ratio[1], f2.ratio[2], f1.tick_min_s / f1.stream_min_s, f2.tick_min_s / f2.stream_min_s);
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    printf("phase (model)      1 thread ms/tick   2 threads ms/tick   share of the 1-thread tick   "
           "serial ms (2 threads)\n");
    double ser = 0;
    for (size_t i = 0; i < nm && i < MAX_PHASES; i++) {
        printf("  %-16s %10.2f %19.2f %12.1f %% %17.2f\n", models[i]->name, f1.phase_s[i] * 1e3,
               f2.phase_s[i] * 1e3, 100 * f1.phase_s[i] / f1.tick_s, f2.serial_s[i] * 1e3);
        ser += f2.serial_s[i];
    }
    printf("serial part of the 2-thread tick (outside the parallel loops): %.2f ms (%.1f %%)\n", ser * 1e3,
           100 * ser / f2.tick_s);
    if (!o.ticks_only)
        printf("checkpoint, 2 threads: written in %.2f s (%.1f MB file, with fsync), restored into "
               "a new world in %.2f s\n", f2.ckpt_write_s, f2.ckpt_mb, f2.ckpt_restore_s);
    double sweep_ms[2] = {0, 0}; /* overhead per run: wall, CPU */
    if (o.ticks_only || o.from) {
        if (o.from)
            printf("(peak memory and sweep overhead are measured without --from)\n");
    } else {
        printf("peak memory of `nabij run` (%ld ticks, no snapshots): %.1f MB = %.0f bytes per "
               "person (%.1f s)\n", o.warmup + o.ticks, kb / 1024.0, kb * 1024.0 / f1.persons, run_s);
        double sw, swc, one, onec;
        sweep_overhead(&o, &sw, &swc, &one, &onec);
        sweep_ms[0] = (sw / o.sweep_runs - one) * 1e3;
        sweep_ms[1] = (swc / o.sweep_runs - onec) * 1e3;
        printf("sweep overhead per run: %.1f ms wall, %.1f ms CPU  (`nabij sweep --jobs 1` of %ld tiny "
               "runs: %.1f ms wall, %.1f ms CPU per run, minus one tiny run in process: %.1f ms wall, "
               "%.1f ms CPU)\n", sweep_ms[0], sweep_ms[1], o.sweep_runs,
               sw / o.sweep_runs * 1e3, swc / o.sweep_runs * 1e3, one * 1e3, onec * 1e3);
        getloadavg(load, 3);
        printf("load average at the end %.1f\n", load[0]);
    }
    if (o.json)
        ticks_json(&o, f, eff, load0, kb, sweep_ms);
    work_done();
    return 0;
}
