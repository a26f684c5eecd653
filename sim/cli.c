/* cli.c: `nabij` subcommand dispatch, progress display, signals, and the run and describe
 * subcommands. Only this layer prints and exits. */
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
#include <unistd.h>

volatile sig_atomic_t cli_stop;

static void on_signal(int sig)
{
    (void)sig;
    cli_stop = 1;
}

void cli_install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
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
            "                 [--checkpoint-every K [--checkpoint FILE]]\n"
            "       nabij run --resume CHECKPOINT [--threads N]\n"
            "       nabij run --from CHECKPOINT [--set section.key=value]... [-o FILE]\n"
            "Runs one scenario (default: the embedded baseline) and writes one HDF5 file\n"
            "(default: results/<scenario>-seed<seed>.h5). See `nabij describe` for keys.\n"
            "--checkpoint-every K saves the whole state every K ticks to FILE (default\n"
            "<output>.ckpt, replaced each time); an interrupted run keeps its <output>.part.\n"
            "--resume continues that run to the same bytes as an uninterrupted one.\n"
            "--from branches: a new output continues the saved state with --set applied as\n"
            "levers; its root attributes parent and parent_tick name the checkpoint.\n");
}

int cli_run(int argc, char **argv)
{
    const char *path = NULL, *out = NULL;
    const char **sets = sim_calloc((size_t)argc + 1, sizeof *sets);
    size_t n_sets = 0;
    long long seed = -1, threads = 0, every = 0;
    const char *ckpt = NULL, *resume = NULL, *from = NULL;
    int force = 0, quiet = 0;
    if (!sets)
        return CLI_ERR;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if ((!strcmp(a, "--set") || !strcmp(a, "-s")) && i + 1 < argc)
            sets[n_sets++] = argv[++i];
        else if (!strncmp(a, "--set=", 6))
            sets[n_sets++] = a + 6;
        else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(a, "--seed") && i + 1 < argc) {
            if (cli_parse_int("--seed", argv[++i], 0, 9007199254740991LL, &seed))
                goto usage;
        } else if (!strcmp(a, "--threads") && i + 1 < argc) {
            if (cli_parse_int("--threads", argv[++i], 1, 1024, &threads))
                goto usage;
        } else if (!strcmp(a, "--checkpoint-every") && i + 1 < argc) {
            if (cli_parse_int("--checkpoint-every", argv[++i], 1, 1000000, &every))
                goto usage;
        } else if (!strcmp(a, "--checkpoint") && i + 1 < argc)
            ckpt = argv[++i];
        else if (!strcmp(a, "--resume") && i + 1 < argc)
            resume = argv[++i];
        else if (!strcmp(a, "--from") && i + 1 < argc)
            from = argv[++i];
        else if (!strcmp(a, "--force"))
            force = 1;
        else if (!strcmp(a, "--quiet") || !strcmp(a, "-q"))
            quiet = 1;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            run_usage(stdout);
            sim_free(sets);
            return CLI_OK;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "nabij run: unknown or incomplete option '%s'\n", a);
            goto usage;
        } else if (!path)
            path = a;
        else {
            fprintf(stderr, "nabij run: more than one scenario file ('%s', '%s')\n", path, a);
            goto usage;
        }
    }
    char cmd[2048] = "";
    size_t off = 0;
    for (int i = 0; i < argc && off < sizeof cmd; i++)
        off += (size_t)snprintf(cmd + off, sizeof cmd - off, "%s%s", i ? " " : "nabij ", argv[i]);
    run_ctx ctx = {0};
    cli_progress_init(&ctx.prog, "nabij run", quiet);
    nabij_run_opts o = {path, sets, n_sets, out, force, seed, (int)threads, cmd,
                        run_on_tick, &ctx, &cli_stop, (uint32_t)every, ckpt, resume, from};
    nabij_run_result r;
    char err[1024];
    cli_install_signals();
    int rc = nabij_run(&o, &r, err, sizeof err);
    cli_progress_end(&ctx.prog);
    sim_free(sets);
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
usage:
    run_usage(stderr);
    sim_free(sets);
    return CLI_USAGE;
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

/* ---- dispatch ------------------------------------------------------------------------ */

static const cli_command commands[] = {
    {"run", "run one scenario and write an HDF5 file", cli_run},
    {"describe", "print the parameter table (unit, range, default, source)", cli_describe},
#include "cli_commands.inc"
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
    if (argc < 2) {
        usage(stderr);
        return CLI_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return CLI_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("nabij %s (%s)\n", nabij_version, nabij_git_hash);
        return CLI_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name))
            return commands[i].main(argc - 1, argv + 1);
    fprintf(stderr, "nabij: unknown command '%s'\n\n", argv[1]);
    usage(stderr);
    return CLI_USAGE;
}
