/* cli_compare.c: `nabij compare A.yaml B.yaml ... --replicates N`: runs every scenario with
 * the same N seeds (common random numbers) in a pool of worker processes, reads the files
 * back and prints the comparison against the first scenario; also writes compare.csv and
 * compare.md next to the run files. */
#include "alloc.h"
#include "batch.h"
#include "cli.h"
#include "cli_extra.h"
#include "compare.h"
#include "nabij.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct scen_arg {
    const char *path;
    const char **sets; /* global sets, then --with sets of this scenario */
    size_t n_sets;
    char label[256];
} scen_arg;

static void compare_usage(FILE *f)
{
    fprintf(f,
            "usage: nabij compare A.yaml [--with section.key=value]... B.yaml ... [options]\n"
            "Runs every scenario with the same seeds (common random numbers) and reports per\n"
            "indicator the mean and a confidence interval of the difference against A, and the\n"
            "cost-benefit balance by payer.\n"
            "  --replicates N   replicates per scenario (default 10); replicate r uses seed S+r\n"
            "  --seed S         first seed (default 1)\n"
            "  --set k=v        override for every scenario (e.g. run.ticks=104)\n"
            "  --with k=v       override for the scenario just named only\n"
            "  -o DIR           folder for the run files and compare.csv/.md (default results/compare)\n"
            "  --jobs N         runs at once (default: number of CPUs); each run is single-threaded\n"
            "  --stat S         per-run statistic: auto (mean of stocks, sum of flows), mean, sum, final\n"
            "  --level L        confidence level (default 0.95)\n"
            "  --resume         reuse complete run files of the same scenario and seed\n"
            "  --force          replace existing run files\n"
            "  --quiet          no progress line\n");
}

/* A label from the file name without folder and .yaml, plus the --with overrides. */
static void make_label(scen_arg *s, size_t n_global)
{
    const char *b = strrchr(s->path, '/');
    b = b ? b + 1 : s->path;
    size_t k = strlen(b);
    if (k > 5 && !strcmp(b + k - 5, ".yaml"))
        k -= 5;
    else if (k > 4 && !strcmp(b + k - 4, ".yml"))
        k -= 4;
    int off = snprintf(s->label, sizeof s->label, "%.*s", (int)k, b);
    for (size_t i = n_global; i < s->n_sets && off > 0 && (size_t)off < sizeof s->label; i++)
        off += snprintf(s->label + off, sizeof s->label - (size_t)off, " +%s", s->sets[i]);
}

static int write_atomic(const char *path, void (*fn)(const an_cmp *, const an_runset *, FILE *),
                        const an_cmp *c, const an_runset *rs)
{
    char tmp[4200];
    if (snprintf(tmp, sizeof tmp, "%s.part", path) >= (int)sizeof tmp)
        return -1;
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    fn(c, rs, f);
    if (fclose(f) || rename(tmp, path)) {
        remove(tmp);
        return -1;
    }
    return 0;
}

/* The --with overrides, each with the scenario named last before it. */
typedef struct with_args {
    const cli_list *scen;
    const char **v;
    size_t *of, n;
} with_args;

static int add_with(void *vctx, const char *value)
{
    with_args *w = vctx;
    if (!w->scen->n) {
        fprintf(stderr, "nabij compare: --with %s comes before any scenario file\n", value);
        return -1;
    }
    w->of[w->n] = w->scen->n - 1;
    w->v[w->n++] = value;
    return 0;
}

/* `nabij compare`: parse the options, run the batch, read the files back, print and write
 * the tables. Returns a CLI_* exit code. */
int cli_compare(int argc, char **argv)
{
    const char *dir = "results/compare";
    long long reps = 10, seed0 = 1, jobs = 0;
    double level = 0.95;
    int force = 0, resume = 0, quiet = 0, stat = AN_STAT_AUTO, rc = CLI_USAGE;
    cli_list global = {0}, paths = {0};
    size_t n_global = 0, n_scen = 0;
    scen_arg *sc = sim_calloc((size_t)argc + 1, sizeof *sc);
    with_args with = {&paths, sim_calloc((size_t)argc + 1, sizeof *with.v),
                      sim_calloc((size_t)argc + 1, sizeof *with.of), 0};
    an_job *job = NULL;
    an_runset rs = {0};
    an_cmp cmp = {0};
    if (!sc || !with.v || !with.of) {
        rc = CLI_ERR;
        goto out;
    }
    const cli_opt opts[] = {
        CLI_OPT_INT("--replicates", NULL, &reps, 1, 100000),
        CLI_OPT_SEED(&seed0, 100000),
        CLI_OPT_JOBS(NULL, &jobs),
        CLI_OPT_SET(&global),
        CLI_OPT_CALL("--with", add_with, &with),
        CLI_OPT_OUTPUT(&dir),
        CLI_OPT_CHOICE("--stat", &stat, an_stat_names),
        CLI_OPT_LEVEL(&level),
        CLI_OPT_FORCE(&force),
        CLI_OPT_RESUME(&resume),
        CLI_OPT_QUIET(&quiet),
        CLI_OPT_ARGS(&paths),
    };
    if (cli_options("nabij compare", compare_usage, opts, CLI_N_OPTS(opts), argc, argv, &rc))
        goto out;
    n_global = global.n;
    n_scen = paths.n;
    for (size_t s = 0; s < n_scen; s++)
        sc[s].path = paths.v[s];
    if (n_scen < 1) {
        fprintf(stderr, "nabij compare: name at least one scenario file\n");
        goto usage;
    }
    if (force && resume) {
        fprintf(stderr, "nabij compare: --force and --resume exclude each other\n");
        goto usage;
    }
    for (size_t s = 0; s < n_scen; s++) {
        sc[s].sets = sim_calloc(n_global + with.n + 1, sizeof *sc[s].sets);
        if (!sc[s].sets) {
            rc = CLI_ERR;
            goto out;
        }
        for (size_t k = 0; k < n_global; k++)
            sc[s].sets[sc[s].n_sets++] = global.v[k];
        for (size_t k = 0; k < with.n; k++)
            if (with.of[k] == s)
                sc[s].sets[sc[s].n_sets++] = with.v[k];
        make_label(&sc[s], n_global);
        for (size_t t = 0; t < s; t++)
            if (!strcmp(sc[t].label, sc[s].label)) {
                size_t k = strlen(sc[s].label);
                snprintf(sc[s].label + k, sizeof sc[s].label - k, " #%zu", s);
            }
    }
    size_t n_jobs = n_scen * (size_t)reps;
    job = sim_calloc(n_jobs, sizeof *job);
    if (!job) {
        rc = CLI_ERR;
        goto out;
    }
    for (size_t s = 0; s < n_scen; s++) {
        const char *b = strrchr(sc[s].path, '/');
        b = b ? b + 1 : sc[s].path;
        size_t k = strlen(b);
        if (k > 5 && !strcmp(b + k - 5, ".yaml"))
            k -= 5;
        for (long long r = 0; r < reps; r++) {
            an_job *j = &job[s * (size_t)reps + (size_t)r];
            j->scenario_path = sc[s].path;
            j->sets = sc[s].sets;
            j->n_sets = sc[s].n_sets;
            j->seed = seed0 + r;
            snprintf(j->output, sizeof j->output, "%s/s%zu-%.*s-seed%lld.h5", dir, s, (int)k, b,
                     (long long)j->seed);
        }
    }
    char cmd[2048];
    cli_command_line(argc, argv, cmd, sizeof cmd);
    cli_install_signals();
    an_batch_opts bo = {(int)jobs, force, resume, quiet, "nabij compare", cmd, &cli_stop};
    char err[1200];
    int e = an_batch_prepare(job, n_jobs, &bo, err, sizeof err);
    if (e) {
        fprintf(stderr, "nabij compare: %s\n", err);
        rc = e == NABIJ_EEXIST || e == NABIJ_EINVAL ? CLI_USAGE : CLI_ERR;
        goto out;
    }
    /* the folder only once every scenario is known to be valid: a refused command leaves
     * nothing behind */
    if (an_mkdir_p(dir)) {
        fprintf(stderr, "nabij compare: cannot create folder %s: %s\n", dir, strerror(errno));
        rc = CLI_ERR;
        goto out;
    }
    if ((e = an_batch_run(job, n_jobs, &bo, err, sizeof err))) {
        fprintf(stderr, "nabij compare: %s\n", err);
        rc = CLI_ERR;
        goto out;
    }
    for (size_t i = 0; i < n_jobs; i++) {
        an_run *run;
        if ((e = an_run_read(job[i].output, 0, &run, err, sizeof err)) ||
            (e = an_runset_add(&rs, sc[i / (size_t)reps].label, run))) {
            fprintf(stderr, "nabij compare: %s\n", e == NABIJ_ENOMEM ? "out of memory" : err);
            rc = CLI_ERR;
            goto out;
        }
    }
    if ((e = an_cmp_compute(&rs, (an_stat)stat, level, &cmp))) {
        fprintf(stderr, "nabij compare: %s\n", nabij_strerror(e));
        rc = CLI_ERR;
        goto out;
    }
    an_cmp_write_text(&cmp, &rs, stdout);
    char path[4200];
    snprintf(path, sizeof path, "%s/compare.csv", dir);
    int bad = write_atomic(path, an_cmp_write_csv, &cmp, &rs);
    snprintf(path, sizeof path, "%s/compare.md", dir);
    bad |= write_atomic(path, an_cmp_write_md, &cmp, &rs);
    if (bad) {
        fprintf(stderr, "nabij compare: cannot write the tables in %s: %s\n", dir, strerror(errno));
        rc = CLI_ERR;
        goto out;
    }
    if (!quiet)
        fprintf(stderr, "nabij compare: tables in %s/compare.csv and %s/compare.md\n", dir, dir);
    rc = CLI_OK;
    goto out;
usage:
    compare_usage(stderr);
    rc = CLI_USAGE;
out:
    an_cmp_clear(&cmp);
    an_runset_clear(&rs);
    if (sc)
        for (size_t s = 0; s < n_scen; s++)
            sim_free(sc[s].sets);
    sim_free(sc);
    sim_free(global.v);
    sim_free(paths.v);
    sim_free(with.v);
    sim_free(with.of);
    sim_free(job);
    return rc;
}
