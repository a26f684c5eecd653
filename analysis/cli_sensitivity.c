/* cli_sensitivity.c: `nabij sensitivity`: Morris screening of which uncertain parameters
 * drive an outcome, or (with --lever) drive the effect of a lever. Runs the design's
 * points in the batch pool (each trajectory with its own seed, common to all its points),
 * reads the outcome back and prints mu, mu* and sigma per parameter, with a noise floor
 * from re-running each trajectory's start point with another seed. */
#include "alloc.h"
#include "batch.h"
#include "cli.h"
#include "cli_extra.h"
#include "h5read.h"
#include "morris.h"
#include "nabij.h"
#include "runner.h"
#include "stats.h"
#include "summary.h"
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct upar {
    char key[160];
    double lo, hi;
    int is_int;
} upar;

static void sens_usage(FILE *f)
{
    fprintf(f,
            "usage: nabij sensitivity [SCENARIO.yaml] --outcome INDICATOR\n"
            "                         --param section.key[=LO:HI]... [options]\n"
            "Morris screening: which uncertain parameters move the outcome (mu* large), and\n"
            "whether their effect is non-linear or interacts (sigma large).\n"
            "  --param K[=LO:HI]   an uncertain number parameter and its range (default: the\n"
            "                      range of the parameter table); repeat, 1 to 40 parameters\n"
            "  --outcome NAME      indicator whose per-run statistic is screened\n"
            "  --stat S            auto (mean of stocks, sum of flows), mean, sum, final\n"
            "  --lever K=V         screen the lever's effect instead: every point runs with and\n"
            "                      without K=V and the outcome is the difference (with - without)\n"
            "  --trajectories R    Morris trajectories (default 8); runs: R x (params + 2)\n"
            "  --levels P          grid levels, even (default 4)\n"
            "  --seed S            seed of trajectory 0 (trajectory t uses S+t) and of the design\n"
            "  --set K=V           override for every run (e.g. run.ticks=104)\n"
            "  -o DIR              folder of run files and sensitivity.csv/.md (default\n"
            "                      results/sensitivity)\n"
            "  --jobs N, --resume, --force, --quiet as in nabij compare\n");
}

static int parse_param(const scn_scenario *s, const char *arg, upar *p)
{
    const char *eq = strchr(arg, '=');
    size_t klen = eq ? (size_t)(eq - arg) : strlen(arg);
    if (klen >= sizeof p->key) {
        fprintf(stderr, "nabij sensitivity: --param %s: name too long\n", arg);
        return -1;
    }
    memcpy(p->key, arg, klen);
    p->key[klen] = 0;
    void *vals;
    const scn_param *def = scn_lookup(s, p->key, &vals);
    if (!def) {
        fprintf(stderr, "nabij sensitivity: --param %s: no such parameter (see nabij describe)\n", p->key);
        return -1;
    }
    if (def->type != SCN_REAL && def->type != SCN_INT) {
        fprintf(stderr, "nabij sensitivity: --param %s: only number and integer parameters can "
                        "be screened (compare the choices of a switch with nabij compare)\n", p->key);
        return -1;
    }
    p->is_int = def->type == SCN_INT;
    p->lo = def->min;
    p->hi = def->max;
    if (eq) {
        char *e1, *e2;
        double lo = strtod(eq + 1, &e1);
        double hi = *e1 == ':' ? strtod(e1 + 1, &e2) : NAN;
        if (*e1 != ':' || *e2 || !(lo < hi)) {
            fprintf(stderr, "nabij sensitivity: --param %s: range '%s' is not LO:HI with LO < HI\n",
                    p->key, eq + 1);
            return -1;
        }
        if (lo < def->min || hi > def->max) {
            fprintf(stderr, "nabij sensitivity: --param %s: range %g:%g leaves the allowed range "
                            "%g to %g\n", p->key, lo, hi, def->min, def->max);
            return -1;
        }
        p->lo = lo;
        p->hi = hi;
    } else if (def->max - def->min > 1e6) {
        fprintf(stderr, "nabij sensitivity: --param %s: the table's range %g to %g is too wide "
                        "to screen; give one as %s=LO:HI\n", p->key, def->min, def->max, p->key);
        return -1;
    }
    return 0;
}

static char *assignment(const upar *p, double u)
{
    char buf[256];
    double v = p->lo + u * (p->hi - p->lo);
    if (p->is_int)
        snprintf(buf, sizeof buf, "%s=%lld", p->key, llround(v));
    else
        snprintf(buf, sizeof buf, "%s=%.17g", p->key, v);
    return sim_strdup(buf);
}

typedef struct point_job {
    const char **sets;
    size_t n;
} point_job;

/* `nabij sensitivity`: build the Morris design, run it, and print and write mu, mu* and
 * sigma per parameter. Returns a CLI_* exit code. */
int cli_sensitivity(int argc, char **argv)
{
    const char *scen = NULL, *outcome = NULL, *lever = NULL, *dir = "results/sensitivity";
    long long traj = 8, levels = 4, seed0 = 1, jobs = 0;
    int force = 0, resume = 0, quiet = 0, stat = AN_STAT_AUTO, rc = CLI_USAGE;
    cli_list global = {0}, pargs = {0};
    size_t n_global = 0, k = 0;
    upar *par = NULL;
    an_morris m = {0};
    an_job *job = NULL;
    char **owned = NULL;
    size_t n_owned = 0, n_jobs = 0;
    const char ***setlists = NULL;
    double *y = NULL, *noise = NULL;
    an_morris_effect *eff = NULL;
    scn_scenario *s = NULL;
    char err[1200];
    const cli_opt opts[] = {
        CLI_OPT_LIST("--param", NULL, &pargs),
        CLI_OPT_TEXT("--outcome", NULL, &outcome),
        CLI_OPT_TEXT("--lever", NULL, &lever),
        CLI_OPT_CHOICE("--stat", &stat, an_stat_names),
        CLI_OPT_INT("--trajectories", NULL, &traj, 2, 1000),
        CLI_OPT_INT("--levels", NULL, &levels, 2, 100),
        CLI_OPT_SEED(&seed0, 2000),
        CLI_OPT_JOBS(NULL, &jobs),
        CLI_OPT_SET(&global),
        CLI_OPT_OUTPUT(&dir),
        CLI_OPT_FORCE(&force),
        CLI_OPT_RESUME(&resume),
        CLI_OPT_QUIET(&quiet),
        CLI_OPT_ARG("scenario", &scen),
    };
    if (cli_options("nabij sensitivity", sens_usage, opts, CLI_N_OPTS(opts), argc, argv,
                    &rc))
        goto out;
    n_global = global.n;
    k = pargs.n;
    if (levels % 2) {
        fprintf(stderr, "nabij sensitivity: --levels must be even\n");
        goto usage;
    }
    if (!outcome || k == 0 || k > 40) {
        fprintf(stderr, "nabij sensitivity: name --outcome and 1 to 40 --param\n");
        goto usage;
    }
    if (force && resume) {
        fprintf(stderr, "nabij sensitivity: --force and --resume exclude each other\n");
        goto usage;
    }
    nabij_run_opts ro = {0};
    ro.scenario_path = scen;
    ro.sets = global.v;
    ro.n_sets = n_global;
    ro.seed = -1;
    if (nabij_load_scenario(&ro, &s, err, sizeof err)) {
        fprintf(stderr, "nabij sensitivity: %s\n", err);
        goto out;
    }
    par = sim_calloc(k, sizeof *par);
    if (!par) {
        rc = CLI_ERR;
        goto out;
    }
    for (size_t i = 0; i < k; i++) {
        if (parse_param(s, pargs.v[i], &par[i]))
            goto out;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(par[i].key, par[j].key)) {
                fprintf(stderr, "nabij sensitivity: --param %s given twice\n", par[i].key);
                goto out;
            }
    }
    if (lever && scn_set(s, lever)) {
        fprintf(stderr, "nabij sensitivity: --lever %s: %s\n", lever, scn_errmsg(s));
        goto out;
    }
    if (an_morris_design(k, (size_t)traj, (size_t)levels, (uint64_t)seed0, &m)) {
        rc = CLI_ERR;
        goto out;
    }
    /* jobs: per trajectory k+1 design points and one noise point (start point, seed + 1000),
     * each once, or twice with --lever (without and with) */
    size_t per_point = lever ? 2 : 1, pts = (size_t)traj * (k + 2);
    n_jobs = pts * per_point;
    job = sim_calloc(n_jobs, sizeof *job);
    setlists = sim_calloc(n_jobs, sizeof *setlists);
    owned = sim_calloc(pts * k + 1, sizeof *owned);
    if (!job || !setlists || !owned) {
        fprintf(stderr, "nabij sensitivity: out of memory\n");
        rc = CLI_ERR;
        goto out;
    }
    for (size_t t = 0; t < (size_t)traj; t++)
        for (size_t j = 0; j <= k + 1; j++) {
            const double *x = an_morris_point(&m, t, j <= k ? j : 0);
            size_t pi = t * (k + 2) + j;
            size_t first_owned = n_owned;
            for (size_t i = 0; i < k; i++)
                if (!(owned[n_owned++] = assignment(&par[i], x[i]))) {
                    rc = CLI_ERR;
                    goto out;
                }
            for (size_t v = 0; v < per_point; v++) {
                size_t ji = pi * per_point + v;
                const char **sl = setlists[ji] = sim_calloc(n_global + k + 2, sizeof *sl);
                if (!sl) {
                    rc = CLI_ERR;
                    goto out;
                }
                size_t ns = 0;
                for (size_t g = 0; g < n_global; g++)
                    sl[ns++] = global.v[g];
                for (size_t i = 0; i < k; i++)
                    sl[ns++] = owned[first_owned + i];
                if (v == 1)
                    sl[ns++] = lever;
                an_job *jb = &job[ji];
                jb->scenario_path = scen;
                jb->sets = sl;
                jb->n_sets = ns;
                jb->seed = seed0 + (long long)t + (j == k + 1 ? 1000 : 0);
                snprintf(jb->output, sizeof jb->output, "%s/t%zu-%s%zu%s-seed%lld.h5", dir, t,
                         j == k + 1 ? "noise" : "p", j == k + 1 ? (size_t)0 : j,
                         lever ? (v ? "-lever" : "-base") : "", (long long)jb->seed);
            }
        }
    char cmd[2048];
    cli_command_line(argc, argv, cmd, sizeof cmd);
    cli_install_signals();
    an_batch_opts bo = {(int)jobs, force, resume, quiet, "nabij sensitivity", cmd, &cli_stop};
    int e = an_batch_prepare(job, n_jobs, &bo, err, sizeof err);
    /* the folder only once every design point is known to be valid: a refused command
     * leaves nothing behind */
    if (!e && an_mkdir_p(dir)) {
        fprintf(stderr, "nabij sensitivity: cannot create folder %s: %s\n", dir, strerror(errno));
        rc = CLI_ERR;
        goto out;
    }
    if (!e)
        e = an_batch_run(job, n_jobs, &bo, err, sizeof err);
    if (e) {
        fprintf(stderr, "nabij sensitivity: %s\n", err);
        rc = e == NABIJ_EEXIST || e == NABIJ_EINVAL ? CLI_USAGE : CLI_ERR;
        goto out;
    }
    /* outcomes */
    y = sim_calloc((size_t)traj * (k + 1), sizeof *y);
    noise = sim_calloc((size_t)traj, sizeof *noise);
    eff = sim_calloc(k, sizeof *eff);
    double *all = sim_calloc(pts + 1, sizeof *all);
    if (!y || !noise || !eff || !all) {
        sim_free(all);
        rc = CLI_ERR;
        goto out;
    }
    const char *unit = "";
    char unitbuf[128] = "";
    for (size_t pi = 0; pi < pts; pi++) {
        double val[2] = {0, 0};
        for (size_t v = 0; v < per_point; v++) {
            an_run *run;
            if ((e = an_run_read(job[pi * per_point + v].output, 0, &run, err, sizeof err))) {
                fprintf(stderr, "nabij sensitivity: %s\n", err);
                sim_free(all);
                rc = CLI_ERR;
                goto out;
            }
            const an_series *ser = an_run_series(run, outcome);
            if (!ser) {
                fprintf(stderr, "nabij sensitivity: --outcome %s: no such indicator in %s\n",
                        outcome, run->path);
                an_run_destroy(run);
                sim_free(all);
                goto out;
            }
            val[v] = an_series_summary(ser, run->n_ticks, (an_stat)stat);
            if (!unitbuf[0]) {
                snprintf(unitbuf, sizeof unitbuf, "%s, %s", ser->unit,
                         an_stat_name(an_stat_for(ser, (an_stat)stat)));
                unit = unitbuf;
            }
            an_run_destroy(run);
        }
        double o = lever ? val[1] - val[0] : val[0];
        size_t t = pi / (k + 2), j = pi % (k + 2);
        all[pi] = o;
        if (j <= k)
            y[t * (k + 1) + j] = o;
        else
            noise[t] = o;
    }
    an_morris_effects(&m, y, eff);
    /* noise floor: |outcome(start, other seed) - outcome(start)| / delta, averaged */
    double floor_ee = 0;
    for (size_t t = 0; t < (size_t)traj; t++)
        floor_ee += fabs(noise[t] - y[t * (k + 1)]) / m.delta;
    floor_ee /= (double)traj;
    an_ci over = an_ci_mean(y, (size_t)traj * (k + 1), 0.95);
    sim_free(all);
    size_t *ord = sim_calloc(k, sizeof *ord);
    if (!ord) {
        rc = CLI_ERR;
        goto out;
    }
    for (size_t i = 0; i < k; i++)
        ord[i] = i;
    for (size_t i = 1; i < k; i++)
        for (size_t j = i; j > 0 && eff[ord[j]].mu_star > eff[ord[j - 1]].mu_star; j--) {
            size_t tmp = ord[j];
            ord[j] = ord[j - 1];
            ord[j - 1] = tmp;
        }
    char path[4200], part[4300];
    FILE *outs[3] = {stdout, NULL, NULL};
    snprintf(path, sizeof path, "%s/sensitivity.csv", dir);
    snprintf(part, sizeof part, "%s.part", path);
    FILE *csv = fopen(part, "w");
    if (!csv) {
        fprintf(stderr, "nabij sensitivity: cannot write %s: %s\n", part, strerror(errno));
        sim_free(ord);
        rc = CLI_ERR;
        goto out;
    }
    fprintf(csv, "parameter,lo,hi,mu,mu_star,sigma,noise_floor,outcome,lever\n");
    for (size_t q = 0; q < k; q++) {
        size_t i = ord[q];
        fprintf(csv, "%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%s,%s\n", par[i].key, par[i].lo,
                par[i].hi, eff[i].mu, eff[i].mu_star, eff[i].sigma, floor_ee, outcome,
                lever ? lever : "");
    }
    int bad = fclose(csv) != 0 || rename(part, path) != 0;
    snprintf(path, sizeof path, "%s/sensitivity.md", dir);
    snprintf(part, sizeof part, "%s.part", path);
    outs[1] = bad ? NULL : fopen(part, "w");
    bad |= !outs[1];
    for (int o = 0; o < 2 && !bad; o++) {
        FILE *f = outs[o];
        int md = o == 1;
        fprintf(f, "%sMorris screening of %s (%s)%s%s: %lld trajectories, %lld levels, %zu runs.\n",
                md ? "# " : "", outcome, unit, lever ? " - effect of the lever " : "",
                lever ? lever : "", traj, levels, n_jobs);
        fprintf(f, "%s%s over all design points: mean %.6g, 95 %% interval of the mean [%.6g, %.6g].\n",
                md ? "\n" : "", lever ? "Lever effect (with - without)" : "Outcome", over.mean,
                over.lo, over.hi);
        fprintf(f, "Effects are in outcome units per whole range of the parameter. mu*: importance; "
                   "sigma: non-linearity or interaction; noise floor %.6g: the mean |effect| of "
                   "changing only the seed (an upper bound of the noise in an effect, which keeps the seed).\n%s",
                floor_ee, md ? "\n| parameter | range | mu | mu* | sigma | note |\n|---|---|---:|---:|---:|---|\n"
                             : "\n");
        if (!md)
            fprintf(f, "%-44s %-22s %12s %12s %12s  %s\n", "parameter", "range", "mu", "mu*", "sigma", "note");
        for (size_t q = 0; q < k; q++) {
            size_t i = ord[q];
            char range[64];
            snprintf(range, sizeof range, "%g to %g", par[i].lo, par[i].hi);
            const char *note = eff[i].mu_star <= floor_ee
                                   ? "below seed noise"
                               : lever && eff[i].mu_star > 0.5 * fabs(over.mean)
                                   ? "the lever's effect depends on it"
                               : eff[i].sigma > eff[i].mu_star * 0.5 ? "non-linear or interacting"
                                                                    : "influential";
            if (md)
                fprintf(f, "| %s | %s | %.6g | %.6g | %.6g | %s |\n", par[i].key, range,
                        eff[i].mu, eff[i].mu_star, eff[i].sigma, note);
            else
                fprintf(f, "%-44s %-22s %12.6g %12.6g %12.6g  %s\n", par[i].key, range, eff[i].mu,
                        eff[i].mu_star, eff[i].sigma, note);
        }
    }
    if (outs[1]) {
        bad |= fclose(outs[1]) != 0;
        bad |= rename(part, path) != 0;
    }
    sim_free(ord);
    if (bad) {
        fprintf(stderr, "nabij sensitivity: cannot write the tables in %s\n", dir);
        remove(part);
        rc = CLI_ERR;
        goto out;
    }
    if (!quiet)
        fprintf(stderr, "nabij sensitivity: tables in %s/sensitivity.csv and .md\n", dir);
    rc = CLI_OK;
    goto out;
usage:
    sens_usage(stderr);
    rc = CLI_USAGE;
out:
    if (setlists)
        for (size_t i = 0; i < n_jobs; i++)
            sim_free(setlists[i]);
    sim_free(setlists);
    if (owned)
        for (size_t i = 0; i < n_owned; i++)
            sim_free(owned[i]);
    sim_free(owned);
    sim_free(job);
    sim_free(y);
    sim_free(noise);
    sim_free(eff);
    sim_free(par);
    an_morris_clear(&m);
    scn_destroy(s);
    sim_free(global.v);
    sim_free(pargs.v);
    return rc;
}
