/* cli_calibrate.c: `nabij calibrate`: runs the baseline (or a given scenario) for a few
 * seeds in memory, without output files, and prints the calibration table: each figure,
 * its target, its band, the model's value and whether it falls in the band. */
#include "calibrate.h"
#include "cli.h"
#include "cli_extra.h"
#include "nabij.h"
#include "runner.h"
#include "alloc.h"
#include <math.h>
#include <stdio.h>

static void usage(FILE *f)
{
    fprintf(f, "usage: nabij calibrate [SCENARIO.yaml] [--seeds N] [--set section.key=value]...\n"
               "                       [--threads N] [--check] [--quiet]\n"
               "Runs the scenario (default: the embedded baseline) for seeds 1..N (default 3)\n"
               "in memory and prints each calibration figure with its target, band and value.\n"
               "--check: exit with status 1 when a figure falls outside its band.\n");
}

int cli_calibrate(int argc, char **argv)
{
    const char *path = NULL;
    cli_list sets = {0};
    long long seeds = 3, threads = 0;
    int check = 0, quiet = 0;
    const cli_opt opts[] = {
        CLI_OPT_SET(&sets),
        CLI_OPT_INT("--seeds", NULL, &seeds, 1, 1000),
        CLI_OPT_THREADS(&threads),
        CLI_OPT_FLAG("--check", NULL, &check),
        CLI_OPT_QUIET(&quiet),
        CLI_OPT_ARG("scenario file", &path),
    };
    int code;
    if (cli_options("nabij calibrate", usage, opts, CLI_N_OPTS(opts), argc, argv, &code))
        return code;
    an_calib_figure fig[AN_CALIB_MAX];
    double weight[AN_CALIB_MAX] = {0};
    size_t nf = an_calib_figures(fig);
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    cli_progress p;
    cli_progress_init(&p, "nabij calibrate", quiet);
    cli_install_signals();
    uint32_t ticks_total = 0;
    for (long long sd = 1; sd <= seeds; sd++) {
        nabij_run_opts o = {.scenario_path = path, .sets = sets.v, .n_sets = sets.n, .seed = sd,
                            .threads = (int)threads};
        scn_scenario *scn;
        sim_world *w;
        char err[1024];
        int rc = nabij_load_scenario(&o, &scn, err, sizeof err);
        if (rc) {
            fprintf(stderr, "nabij calibrate: %s\n", err);
            sim_free(sets.v);
            return CLI_USAGE;
        }
        if ((rc = sim_world_create(models, nm, scn, (int)threads, &w, err, sizeof err))) {
            fprintf(stderr, "nabij calibrate: %s\n", err);
            scn_destroy(scn);
            sim_free(sets.v);
            return rc == NABIJ_EINVAL ? CLI_USAGE : CLI_ERR;
        }
        uint32_t ticks = sim_world_ticks(w);
        if (!ticks_total)
            ticks_total = ticks * (uint32_t)seeds;
        an_calib_run *r = an_calib_run_create(w);
        for (uint32_t t = 0; r && t < ticks && !rc; t++) {
            int32_t day = sim_day(w);
            if ((rc = sim_world_step(w)))
                break;
            an_calib_run_tick(r, day);
            char extra[32];
            snprintf(extra, sizeof extra, "(seed %lld)", sd);
            cli_progress_update(&p, (double)((uint32_t)(sd - 1) * ticks + t + 1), ticks_total, extra);
            if (cli_stop)
                rc = NABIJ_EINTR;
        }
        if (!r || rc) {
            fprintf(stderr, "nabij calibrate: %s\n", r ? (rc == NABIJ_EINTR ? "interrupted" : sim_world_errmsg(w))
                                                       : "out of memory");
            an_calib_run_destroy(r);
            sim_world_destroy(w);
            scn_destroy(scn);
            sim_free(sets.v);
            cli_progress_end(&p);
            return CLI_ERR;
        }
        an_calib_run_finish(r, fig, nf, weight);
        an_calib_run_destroy(r);
        sim_world_destroy(w);
        scn_destroy(scn);
    }
    cli_progress_end(&p);
    sim_free(sets.v);
    int pass = 0, checked = 0;
    printf("calibration of %s, seeds 1-%lld (full years after the first)\n", path ? path : "the baseline", seeds);
    printf("%-66s %8s %17s %8s  %s\n", "figure", "target", "band", "model", "");
    for (size_t k = 0; k < nf; k++) {
        double v = weight[k] > 0 ? fig[k].value / weight[k] : NAN;
        char band[32] = "-", target[16] = "-";
        const char *verdict = "";
        if (fig[k].checked) {
            snprintf(target, sizeof target, "%.3f", fig[k].target);
            snprintf(band, sizeof band, "%.3f-%.3f", fig[k].lo, fig[k].hi);
            int ok = !isnan(v) && v >= fig[k].lo && v <= fig[k].hi;
            verdict = ok ? "pass" : "FAIL";
            pass += ok;
            checked++;
        }
        printf("%-66s %8s %17s %8.3f  %s\n", fig[k].name, target, band, v, verdict);
    }
    printf("%d of %d figures within their bands. Sources:\n", pass, checked);
    for (size_t k = 0; k < nf; k++)
        printf("  %s: %s\n", fig[k].name, fig[k].source);
    return check && pass < checked ? 1 : CLI_OK;
}
