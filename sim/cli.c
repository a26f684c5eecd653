/* cli.c: `nabij` subcommand dispatch, progress display, signals, and the run and describe
 * subcommands. Only this layer prints and exits. */
#define _GNU_SOURCE /* sched_getaffinity: the processors this process may use */
#include "cli.h"
#include "cli_extra.h"
#include "nabij.h"
#include "runner.h"
#include "world.h"
#include "alloc.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sched.h>
#include <unistd.h>

volatile sig_atomic_t cli_stop, cli_checkpoint_now;

/* 0: every signal only asks to stop; 1: `nabij run`, where a second one stops at once;
 * 2: the same, and the first one says so */
static volatile sig_atomic_t second_kills;

static void say(const char *m, size_t n)
{
    ssize_t k = write(2, m, n); /* async-signal-safe; nothing to do if it fails */
    (void)k;
}

static void on_signal(int sig)
{
    if (cli_stop && second_kills) {
        /* the first one is waiting for the end of a tick or of the set-up (a national world
         * takes seconds): die of the signal, as a killed run does (the .part says partial) */
        static const char m[] = "\nnabij run: interrupted again: stopping at once\n";
        say(m, sizeof m - 1);
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    if (second_kills == 2 && !cli_stop) {
        static const char m[] = "\nnabij run: stopping after this tick (or once the world is built); "
                                "interrupt again to stop at once\n";
        say(m, sizeof m - 1);
    }
    cli_stop = 1;
}

static void on_usr1(int sig)
{
    (void)sig;
    cli_checkpoint_now = 1;
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

void cli_install_run_signals(int quiet)
{
    second_kills = quiet ? 1 : 2;
    cli_install_signals();
}

int cli_cpus(void)
{
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return CPU_COUNT(&set);
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

void cli_warn_threads(const char *who, const char *what, long long threads)
{
    int n = cli_cpus();
    if (threads > n)
        fprintf(stderr, "%s: warning: %s %lld is more than the %d processor%s this process may use: the run "
                        "will be slower, not faster (its results are the same at any number of threads)\n",
                who, what, threads, n, n == 1 ? "" : "s");
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void cli_progress_init(cli_progress *p, const char *label, int quiet)
{
    p->label = label;
    p->start = p->last = mono();
    p->tty = isatty(2);
    p->quiet = quiet;
    p->based = 0;
}

void cli_progress_update(cli_progress *p, double done, double total, const char *extra)
{
    if (p->quiet)
        return;
    double now = mono();
    if (!p->based) {
        p->based = 1;
        p->base_t = now;
        p->base_done = done;
    }
    int final = done >= total;
    if (!final && now - p->last < (p->tty ? 0.1 : 5.0))
        return;
    p->last = now;
    double el = now - p->start, frac = total > 0 ? done / total : 1;
    double left = final ? 0 : -1; /* -1: no pace yet */
    if (!final && done > p->base_done && now > p->base_t) /* the pace since the first update */
        left = (total - done) * (now - p->base_t) / (done - p->base_done);
    char lb[40];
    if (left < 0)
        snprintf(lb, sizeof lb, "time left unknown yet");
    else
        snprintf(lb, sizeof lb, "~%.0fs left", left);
    if (p->tty) {
        char bar[31];
        int k = (int)(frac * 30);
        for (int i = 0; i < 30; i++)
            bar[i] = i < k ? '#' : '.';
        bar[30] = 0;
        fprintf(stderr, "\r%s [%s] %5.1f%% %.0f/%.0f  %.0fs elapsed, %s %s\033[K",
                p->label, bar, 100 * frac, done, total, el, lb, extra ? extra : "");
    } else {
        fprintf(stderr, "%s: %.0f/%.0f (%.0f%%), %.0fs elapsed, %s %s\n", p->label,
                done, total, 100 * frac, el, lb, extra ? extra : "");
    }
}

void cli_progress_end(cli_progress *p)
{
    if (!p->quiet && p->tty)
        fputc('\n', stderr);
}

int cli_parse_int(const char *opt, const char *text, long long lo, long long hi, long long *out)
{
    char *end;
    errno = 0;
    long long v = text ? strtoll(text, &end, 10) : 0;
    if (!text || !*text || *end || errno || v < lo || v > hi) {
        fprintf(stderr, "nabij: %s: '%s' is not a whole number from %lld to %lld\n", opt,
                text ? text : "", lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_every(const char *opt, const char *text, long long *ticks, double *seconds)
{
    if (nabij_parse_every(text, ticks, seconds) == 0)
        return 0;
    fprintf(stderr, "nabij: %s: '%s' %s\n", opt, text ? text : "", NABIJ_EVERY_ALLOWED);
    return -1;
}

/* The entry of "opts" that "a" names (with its value in *val), or NULL. "next" is the
 * argument after "a", NULL at the end. */
static const cli_opt *find_opt(const cli_opt *opts, size_t n, const char *a, const char *next,
                               const char **val, int *took_next)
{
    for (size_t k = 0; k < n; k++) {
        const cli_opt *o = &opts[k];
        if (!o->name)
            continue;
        int same = !strcmp(a, o->name) || (o->alias && !strcmp(a, o->alias));
        if (o->kind == CLI_FLAG) {
            if (same)
                return o;
            continue;
        }
        if (same && next) {
            *val = next;
            *took_next = 1;
            return o;
        }
        size_t len = strlen(o->name);
        if (o->joined && !strncmp(a, o->name, len) && a[len] == '=') {
            *val = a + len + 1;
            return o;
        }
    }
    return NULL;
}

/* Store "val" for option "o" (or the non-option argument "val" when "o" has no name);
 * prints why and returns -1 when it is not allowed. */
static int take_value(const char *cmd, const cli_opt *o, const char *val)
{
    switch (o->kind) {
    case CLI_FLAG:
        *(int *)o->dest = 1;
        return 0;
    case CLI_TEXT:
        if (!o->name && *(const char **)o->dest) {
            fprintf(stderr, "%s: more than one %s ('%s', '%s')\n", cmd, o->alias,
                    *(const char **)o->dest, val);
            return -1;
        }
        *(const char **)o->dest = val;
        return 0;
    case CLI_LIST: {
        cli_list *l = o->dest;
        l->v[l->n++] = val;
        return 0;
    }
    case CLI_INT:
        return cli_parse_int(o->name, val, o->lo, o->hi, o->dest);
    case CLI_REAL: {
        char *e;
        double x = strtod(val, &e);
        if (*e || !(x > o->xlo && x < o->xhi)) {
            fprintf(stderr, "%s: %s '%s': a number between %g and %g\n", cmd, o->name, val,
                    o->xlo, o->xhi);
            return -1;
        }
        *(double *)o->dest = x;
        return 0;
    }
    case CLI_CHOICE:
        for (int i = 0; o->choices[i]; i++)
            if (!strcmp(val, o->choices[i])) {
                *(int *)o->dest = i;
                return 0;
            }
        fprintf(stderr, "%s: %s '%s': allowed ", cmd, o->name, val);
        for (int i = 0; o->choices[i]; i++)
            fprintf(stderr, "%s%s", i ? ", " : "", o->choices[i]);
        fputc('\n', stderr);
        return -1;
    case CLI_CALL:
        return o->call(o->dest, val);
    }
    return -1;
}

/* Free the lists of "opts" (cli_options stops). */
static void free_lists(const cli_opt *opts, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (opts[k].kind == CLI_LIST) {
            cli_list *l = opts[k].dest;
            sim_free(l->v);
            l->v = NULL;
            l->n = 0;
        }
}

int cli_options(const char *cmd, void (*usage)(FILE *f), const cli_opt *opts, size_t n,
                int argc, char **argv, int *exit_code)
{
    const cli_opt *args = NULL;
    int code = CLI_ERR;
    for (size_t k = 0; k < n; k++) {
        if (opts[k].kind == CLI_LIST) {
            cli_list *l = opts[k].dest;
            l->n = 0;
            if (!(l->v = sim_calloc((size_t)argc + 1, sizeof *l->v)))
                goto stop;
        }
        if (!opts[k].name)
            args = &opts[k];
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *val = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            code = CLI_OK;
            goto stop;
        }
        int took_next = 0;
        const cli_opt *o = a[0] == '-' && a[1]
                               ? find_opt(opts, n, a, i + 1 < argc ? argv[i + 1] : NULL, &val,
                                          &took_next)
                               : args;
        i += took_next;
        if (!o)
            fprintf(stderr, "%s: unknown or incomplete option '%s'\n", cmd, a);
        if (!o || take_value(cmd, o, o->name ? val : a)) {
            usage(stderr);
            code = CLI_USAGE;
            goto stop;
        }
    }
    return 0;
stop:
    free_lists(opts, n);
    *exit_code = code;
    return -1;
}

void cli_command_line(int argc, char **argv, char *out, size_t n)
{
    size_t off = 0;
    out[0] = 0;
    for (int i = 0; i < argc && off < n; i++)
        off += (size_t)snprintf(out + off, n - off, "%s%s", i ? " " : "nabij ", argv[i]);
}

int cli_ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && !strcmp(s + a - b, suffix);
}

/* ---- nabij run ----------------------------------------------------------------------- */

typedef struct run_ctx {
    cli_progress prog;
    double *sum;
    double *last;
    const char **names, **units;
    size_t n;
    uint32_t ticks_seen;
} run_ctx;

static int run_on_tick(void *vctx, const sim_world *w, uint32_t tick, uint32_t ticks)
{
    run_ctx *c = vctx;
    if (!c->sum) {
        c->n = sim_ind_count(w);
        c->sum = sim_calloc(c->n + 1, sizeof *c->sum);
        c->last = sim_calloc(c->n + 1, sizeof *c->last);
        c->names = sim_calloc(c->n + 1, sizeof *c->names);
        c->units = sim_calloc(c->n + 1, sizeof *c->units);
        if (!c->sum || !c->last || !c->names || !c->units)
            return 1;
        for (size_t i = 0; i < c->n; i++)
            c->names[i] = sim_ind_name(w, i, &c->units[i], NULL); /* literals: outlive w */
    }
    for (size_t i = 0; i < c->n; i++) {
        c->last[i] = sim_ind_value(w, i);
        c->sum[i] += c->last[i];
    }
    c->ticks_seen = tick;
    char extra[64];
    int y;
    unsigned m, d;
    scn_civil_from_days(sim_day(w), &y, &m, &d);
    snprintf(extra, sizeof extra, "(%04d-%02u)", y, m);
    cli_progress_update(&c->prog, tick, ticks, extra);
    return 0;
}

/* A checkpoint being written: on a terminal in place of the progress line (the next update
 * overwrites it), in a log one line when it is written. */
static void run_on_checkpoint(void *vctx, const char *path, uint32_t tick, double seconds, int asked)
{
    run_ctx *c = vctx;
    if (c->prog.quiet)
        return;
    if (c->prog.tty && seconds < 0)
        fprintf(stderr, "\r%s: writing the checkpoint of tick %u to %s ...\033[K", c->prog.label, tick, path);
    else if ((!c->prog.tty || asked) && seconds >= 0) /* one asked for is confirmed on a line of its own */
        fprintf(stderr, "%s%s: checkpoint of tick %u written to %s in %.1f s%s\n", c->prog.tty ? "\r" : "",
                c->prog.label, tick, path, seconds, asked ? " (asked for by SIGUSR1)\033[K" : "");
}

/* The set-up before the first tick (seconds at national scale): on a terminal in place of the
 * progress line (the first update overwrites it); in a log a line when it starts, and one
 * when it ends if it took long enough to wonder about. */
static void run_on_setup(void *vctx, const char *what, double seconds)
{
    run_ctx *c = vctx;
    if (c->prog.quiet)
        return;
    if (seconds < 0)
        fprintf(stderr, c->prog.tty ? "\r%s: %s ...\033[K" : "%s: %s ...\n", c->prog.label, what);
    else if (!c->prog.tty && seconds >= 2)
        fprintf(stderr, "%s: %s took %.1f s\n", c->prog.label, what, seconds);
}

/* A warning (the world may not fit in memory): said even with --quiet. */
static void run_on_warning(void *vctx, const char *text)
{
    run_ctx *c = vctx;
    fprintf(stderr, "%s%s: warning: %s\n", c->prog.tty ? "\r\033[K" : "", c->prog.label, text);
}

static void run_ctx_clear(run_ctx *c)
{
    sim_free(c->sum);
    sim_free(c->last);
    sim_free(c->names);
    sim_free(c->units);
}

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: nabij run [SCENARIO.yaml] [--set section.key=value]... [-o FILE]\n"
            "                 [--seed N] [--threads N] [--force] [--quiet]\n"
            "                 [--checkpoint-every K|TIME [--checkpoint FILE] [--checkpoint-keep N]]\n"
            "       nabij run --resume CHECKPOINT [--threads N] [--checkpoint-keep N]\n"
            "       nabij run --from CHECKPOINT [--set section.key=value]... [-o FILE]\n"
            "Runs one scenario (default: the embedded baseline) and writes one HDF5 file\n"
            "(default: results/<scenario>-seed<seed>.h5). See `nabij describe` for keys.\n"
            "--checkpoint-every K saves the whole state every K ticks to FILE (default\n"
            "<output>.ckpt, replaced each time); K may also be a wall-clock time (90s, 30m,\n"
            "2h): after the first tick that ends it. Either way also after the last tick;\n"
            "an interrupted run keeps its <output>.part.\n"
            "--checkpoint-keep N keeps the N-1 checkpoints before the newest as FILE.1\n"
            "(the one before) to FILE.<N-1>; any of them can be resumed (default 1).\n"
            "--resume continues that run to the same bytes as an uninterrupted one.\n"
            "--from branches: a new output continues the saved state with --set applied as\n"
            "levers; its root attributes parent and parent_tick name the checkpoint.\n"
            "Signals: SIGUSR1 (kill -USR1 PID; Slurm: #SBATCH --signal=B:USR1@600 with\n"
            "`exec nabij run ...`) writes a checkpoint to FILE after the tick under way,\n"
            "and the run goes on. Ctrl-C (SIGINT, SIGTERM) stops after the tick under way\n"
            "or once the world is built; a second one stops at once.\n");
}

int cli_run(int argc, char **argv)
{
    const char *path = NULL, *out = NULL, *ckpt = NULL, *resume = NULL, *from = NULL, *every_text = NULL;
    cli_list sets = {0};
    long long seed = -1, threads = 0, every = 0, keep = 0;
    int force = 0, quiet = 0;
    const cli_opt opts[] = {
        {.name = "--set", .alias = "-s", .kind = CLI_LIST, .dest = &sets, .joined = 1},
        CLI_OPT_OUTPUT(&out),
        CLI_OPT_SEED(&seed, 0),
        CLI_OPT_THREADS(&threads),
        CLI_OPT_TEXT("--checkpoint-every", NULL, &every_text),
        CLI_OPT_TEXT("--checkpoint", NULL, &ckpt),
        CLI_OPT_INT("--checkpoint-keep", NULL, &keep, 1, 1000),
        CLI_OPT_TEXT("--resume", NULL, &resume),
        CLI_OPT_TEXT("--from", NULL, &from),
        CLI_OPT_FORCE(&force),
        CLI_OPT_QUIET(&quiet),
        CLI_OPT_ARG("scenario file", &path),
    };
    int rc;
    if (cli_options("nabij run", run_usage, opts, CLI_N_OPTS(opts), argc, argv, &rc))
        return rc;
    double every_s = 0;
    if (every_text && cli_parse_every("--checkpoint-every", every_text, &every, &every_s)) {
        run_usage(stderr);
        sim_free(sets.v);
        return CLI_USAGE;
    }
    cli_warn_threads("nabij run", "--threads", threads);
    char cmd[2048];
    cli_command_line(argc, argv, cmd, sizeof cmd);
    run_ctx ctx = {0};
    cli_progress_init(&ctx.prog, "nabij run", quiet);
    nabij_run_opts o = {.scenario_path = path, .sets = sets.v, .n_sets = sets.n, .output = out,
                        .force = force, .seed = seed, .threads = (int)threads, .command = cmd,
                        .on_tick = run_on_tick, .ctx = &ctx, .stop = &cli_stop, .checkpoint_now = &cli_checkpoint_now,
                        .checkpoint_every = (uint32_t)every, .checkpoint_seconds = every_s, .checkpoint = ckpt,
                        .checkpoint_keep = (uint32_t)keep, .resume = resume, .from = from,
                        .on_checkpoint = run_on_checkpoint, .on_setup = run_on_setup,
                        .on_warning = run_on_warning};
    nabij_run_result r;
    char err[1024];
    cli_install_run_signals(quiet);
    rc = nabij_run(&o, &r, err, sizeof err);
    cli_progress_end(&ctx.prog);
    sim_free(sets.v);
    if (rc) {
        fprintf(stderr, "nabij run: %s\n", err);
        run_ctx_clear(&ctx);
        return rc == NABIJ_EINVAL || rc == NABIJ_EEXIST ? CLI_USAGE : CLI_ERR;
    }
    if (!quiet) {
        printf("scenario %s, seed %llu: %u ticks in %.1f s\n", r.scenario_name,
               (unsigned long long)r.seed, r.ticks, r.seconds);
        printf("%-44s %14s %14s  %s\n", "indicator", "last tick", "mean per tick", "unit");
        for (size_t i = 0; i < ctx.n; i++)
            printf("%-44s %14.4g %14.4g  %s\n", ctx.names[i], ctx.last[i],
                   ctx.sum[i] / (ctx.ticks_seen ? ctx.ticks_seen : 1), ctx.units[i]);
        printf("output: %s\n", r.output);
    }
    run_ctx_clear(&ctx);
    return CLI_OK;
}

/* ---- nabij describe ------------------------------------------------------------------ */

int cli_describe(int argc, char **argv)
{
    int md = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--markdown"))
            md = 1;
        else {
            fprintf(stderr, "usage: nabij describe [--markdown]\n"
                            "Prints every scenario key with type, unit, range, default, source.\n");
            return strcmp(argv[i], "--help") ? CLI_USAGE : CLI_OK;
        }
    }
    size_t n;
    const scn_section *const *secs = nabij_sections(&n);
    scn_describe(secs, n, stdout, md);
    return CLI_OK;
}

/* ---- view ---------------------------------------------------------------------------- */

/* `nabij view ARGS...`: the viewer is a program of its own (SDL2), nabij-view, built next to
 * nabij; this starts it with the same arguments (from the folder of this nabij, else from
 * PATH), so that `nabij run`, `nabij view` and `nabij report` read alike. */
static int cli_view(int argc, char **argv)
{
    (void)argc;
    char self[4096], path[4200];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    argv[0] = "nabij-view";
    if (n > 0) {
        self[n] = 0;
        char *slash = strrchr(self, '/');
        if (slash) {
            *slash = 0;
            snprintf(path, sizeof path, "%s/nabij-view", self);
            if (access(path, X_OK) == 0) {
                execv(path, argv);
                fprintf(stderr, "nabij view: cannot start %s: %s\n", path, strerror(errno));
                return CLI_ERR;
            }
        }
    }
    execvp("nabij-view", argv);
    fprintf(stderr, "nabij view: nabij-view is neither next to nabij nor on PATH (%s); it is built "
                    "when SDL2 and SDL2_ttf are installed: bash scripts/quickstart.sh installs them\n",
            strerror(errno));
    return CLI_ERR;
}

/* ---- dispatch ------------------------------------------------------------------------ */

static const cli_command commands[] = {
    {"run", "run one scenario and write an HDF5 file", cli_run},
    {"describe", "print the parameter table (unit, range, default, source)", cli_describe},
#include "cli_commands.inc"
    {"view", "watch a run on a map (starts nabij-view: replay, follow, workshop)", cli_view},
};

static void usage(FILE *f)
{
    fprintf(f, "nabij %s: agent-based simulation of a Dutch neighbourhood's social domain\n\n"
               "usage: nabij COMMAND [options]   (nabij COMMAND --help for its options)\n\n",
            nabij_version);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].summary);
}

int cli_main(int argc, char **argv)
{
    /* SIGUSR1 asks a run for a checkpoint: from the start, so that one sent while the options
     * are read does not end the process (its default action); commands without runs ignore it */
    struct sigaction usr1;
    memset(&usr1, 0, sizeof usr1);
    usr1.sa_handler = on_usr1;
    usr1.sa_flags = SA_RESTART;
    sigaction(SIGUSR1, &usr1, NULL);
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version")) {
#ifdef NABIJ_PGO_BUILD /* CMakeLists.txt, NABIJ_PGO */
        printf("nabij %s (%s, profile-guided build)\n", nabij_version, nabij_git_hash);
#else
        printf("nabij %s (%s)\n", nabij_version, nabij_git_hash);
#endif
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "nabij: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
