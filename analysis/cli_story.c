/* cli_story.c: `nabij story FILE --household ID`: tells one household's history in plain
 * sentences from the event log of a run file. FILE may also be a scenario (a scripted
 * story case): it is run first (small and quick), then narrated. */
#include "alloc.h"
#include "batch.h"
#include "cli.h"
#include "cli_extra.h"
#include "h5read.h"
#include "nabij.h"
#include "story.h"
#include "run.h"
#include "runner.h"
#include "scenario.h"
#include "world.h"
#include <stdlib.h>
#include <string.h>

/* The run's run.event_sample as its /scenario says (1 if it cannot be read; a lever may
 * have changed it during the run, which /levers would show). */
static double event_share(const an_run *run)
{
    scn_scenario *s = NULL;
    char err[256];
    double share = 1;
    if (run->scenario_text && nabij_scenario_from_text(run->scenario_text, run->path, &s, err, sizeof err) == 0) {
        const sim_run_params *rp = scn_section_values(s, "run");
        if (rp)
            share = rp->event_sample;
    }
    scn_destroy(s);
    return share;
}

static void story_usage(FILE *f)
{
    fprintf(f,
            "usage: nabij story FILE (--household ID | --follow KIND) [options]\n"
            "Tells the history of one household in plain sentences from a run's event log.\n"
            "FILE is a run output (.h5) or a scenario / story case (.yaml), which is run first.\n"
            "  --household ID   the household to follow (index in /events)\n"
            "  --follow KIND    the household with the most events among those that had an\n"
            "                   event of KIND (e.g. kdn_cut_changed, letter_unopened)\n"
            "  --largest COLUMN the household with the largest value of the household snapshot\n"
            "                   column COLUMN at any snapshot (e.g. kdn_cut_eur_per_month)\n"
            "  --list           list the households with the most events and stop\n"
            "For a .yaml FILE: --set k=v (repeatable), --seed N, -o FILE.h5 (default\n"
            "results/stories/<name>[-seed<seed>].h5; reused when it holds the same run), --force.\n");
}

/* Events per household, a new array of "n" counts (n = max household index + 1). */
static size_t *count_events(const an_run *r, int kind, size_t *n)
{
    int32_t maxh = -1;
    for (size_t i = 0; i < r->n_events; i++)
        if (r->events[i].household > maxh)
            maxh = r->events[i].household;
    *n = (size_t)(maxh + 1);
    size_t *c = sim_calloc(*n + 1, sizeof *c);
    if (!c)
        return NULL;
    for (size_t i = 0; i < r->n_events; i++)
        if (r->events[i].household >= 0 && (kind < 0 || r->events[i].kind == kind))
            c[r->events[i].household]++;
    return c;
}

static void print_state(const char *path, int32_t hh, size_t row, const char *when)
{
    char **cols;
    size_t nc;
    if (an_h5_snapshot_columns(path, "households", &cols, &nc))
        return;
    printf("%s:", when);
    int any = 0;
    for (size_t i = 0; i < nc; i++) {
        double *v;
        size_t n;
        if (an_h5_snapshot_row(path, "households", cols[i], row, &v, &n))
            continue;
        if ((size_t)hh < n) {
            printf("%s %s=%g", any ? "," : "", cols[i], v[hh]);
            any = 1;
        }
        sim_free(v);
    }
    printf("%s\n", any ? "" : " (no state recorded)");
    an_names_free(cols, nc);
}

/* `nabij story`: run a story case if FILE is a scenario, pick the household and tell its
 * history on stdout. Returns a CLI_* exit code. */
int cli_story(int argc, char **argv)
{
    const char *file = NULL, *follow = NULL, *out = NULL, *largest = NULL;
    long long hh = -1, seed = -1;
    int list = 0, force = 0, rc = CLI_USAGE;
    cli_list sets = {0};
    an_run *run = NULL;
    size_t *cnt = NULL, *cnt_kind = NULL;
    const cli_opt opts[] = {
        CLI_OPT_INT("--household", NULL, &hh, 0, 2147483647LL),
        CLI_OPT_TEXT("--follow", NULL, &follow),
        CLI_OPT_TEXT("--largest", NULL, &largest),
        CLI_OPT_FLAG("--list", NULL, &list),
        CLI_OPT_SET(&sets),
        CLI_OPT_SEED(&seed, 0),
        CLI_OPT_OUTPUT(&out),
        CLI_OPT_FORCE(&force),
        CLI_OPT_ARG("file", &file),
    };
    if (cli_options("nabij story", story_usage, opts, CLI_N_OPTS(opts), argc, argv, &rc))
        goto out;
    if (!file || (hh < 0 && !follow && !largest && !list)) {
        fprintf(stderr, "nabij story: name a FILE and --household ID, --follow KIND, --largest "
                        "COLUMN or --list\n");
        goto usage;
    }
    char h5path[4096], err[1200];
    int is_h5 = cli_ends_with(file, ".h5");
    if (is_h5 && (sets.n || seed >= 0 || out)) {
        fprintf(stderr, "nabij story: --set, --seed and -o apply to a scenario file, not to %s\n", file);
        goto usage;
    }
    if (is_h5)
        snprintf(h5path, sizeof h5path, "%s", file);
    else {
        an_job j = {0};
        j.scenario_path = file;
        j.sets = sets.v;
        j.n_sets = sets.n;
        j.seed = seed;
        if (out)
            snprintf(j.output, sizeof j.output, "%s", out);
        else {
            const char *b = strrchr(file, '/');
            b = b ? b + 1 : file;
            size_t k = strlen(b);
            if (cli_ends_with(b, ".yaml"))
                k -= 5;
            if (seed >= 0)
                snprintf(j.output, sizeof j.output, "results/stories/%.*s-seed%lld.h5", (int)k, b, seed);
            else
                snprintf(j.output, sizeof j.output, "results/stories/%.*s.h5", (int)k, b);
        }
        cli_install_signals();
        an_batch_opts bo = {1, force, !force, 0, "nabij story", "nabij story", &cli_stop};
        int e = an_batch_prepare(&j, 1, &bo, err, sizeof err);
        if (!e)
            e = an_batch_run(&j, 1, &bo, err, sizeof err);
        if (e) {
            fprintf(stderr, "nabij story: %s\n", err);
            rc = e == NABIJ_EINVAL || e == NABIJ_EEXIST ? CLI_USAGE : CLI_ERR;
            goto out;
        }
        snprintf(h5path, sizeof h5path, "%s", j.output);
    }
    int e = an_run_read(h5path, AN_READ_EVENTS, &run, err, sizeof err);
    if (e) {
        fprintf(stderr, "nabij story: %s\n", err);
        rc = e == NABIJ_EINVAL ? CLI_USAGE : CLI_ERR;
        goto out;
    }
    size_t nh, nk;
    int kind = -1;
    if (follow && (kind = an_run_kind(run, follow)) < 0) {
        fprintf(stderr, "nabij story: %s has no event kind '%s'; kinds:", h5path, follow);
        for (size_t i = 0; i < run->n_kinds; i++)
            fprintf(stderr, " %s", run->kinds[i].name);
        fputc('\n', stderr);
        goto usage_only;
    }
    cnt = count_events(run, -1, &nh);
    cnt_kind = count_events(run, kind, &nk);
    if (!cnt || !cnt_kind) {
        rc = CLI_ERR;
        goto out;
    }
    if (list) {
        printf("households with the most events%s%s in %s:\n", follow ? " among those with " : "",
               follow ? follow : "", h5path);
        for (int shown = 0; shown < 10; shown++) {
            size_t best = nh;
            for (size_t h = 0; h < nh; h++)
                if (cnt_kind[h] && (best == nh || cnt[h] > cnt[best]))
                    best = h;
            if (best == nh)
                break;
            printf("  household %zu: %zu events\n", best, cnt[best]);
            cnt_kind[best] = 0;
        }
        rc = CLI_OK;
        goto out;
    }
    if (hh < 0 && largest) {
        int32_t *sticks;
        size_t ns;
        double bestv = 0;
        if (an_h5_snapshot_ticks(h5path, &sticks, &ns)) {
            fprintf(stderr, "nabij story: %s has no snapshots (run.snapshot_every = 0)\n", h5path);
            rc = CLI_USAGE;
            goto out;
        }
        sim_free(sticks);
        for (size_t row = 0; row < ns; row++) {
            double *v;
            size_t n;
            if (an_h5_snapshot_row(h5path, "households", largest, row, &v, &n)) {
                fprintf(stderr, "nabij story: %s has no household snapshot column '%s'\n", h5path,
                        largest);
                rc = CLI_USAGE;
                goto out;
            }
            for (size_t h = 0; h < n; h++)
                if (v[h] > bestv) {
                    bestv = v[h];
                    hh = (long long)h;
                }
            sim_free(v);
        }
        if (hh < 0) {
            fprintf(stderr, "nabij story: no household in %s has %s above 0\n", h5path, largest);
            rc = CLI_ERR;
            goto out;
        }
    }
    if (hh < 0) {
        size_t best = nh;
        for (size_t h = 0; h < nh; h++)
            if (cnt_kind[h] && (best == nh || cnt[h] > cnt[best]))
                best = h;
        if (best == nh) {
            fprintf(stderr, "nabij story: no household in %s had an event '%s'\n", h5path, follow);
            rc = CLI_ERR;
            goto out;
        }
        hh = (long long)best;
    }
    char d0[16], d1[16];
    an_story_date(run->start_day, run->days_per_tick, 0, d0, sizeof d0);
    an_story_date(run->start_day, run->days_per_tick, (int32_t)run->n_ticks, d1, sizeof d1);
    printf("The story of household %lld in scenario '%s' (seed %llu), %s to %s.\n", hh,
           run->scenario_name, (unsigned long long)run->seed, d0, d1);
    int32_t *sticks;
    size_t ns;
    if (!an_h5_snapshot_ticks(h5path, &sticks, &ns) && ns > 0) {
        print_state(h5path, (int32_t)hh, 0, "At the start");
        sim_free(sticks);
    }
    size_t told = an_story_household(run->kinds, run->n_kinds, run->events, run->n_events,
                                     (int32_t)hh, run->start_day, run->days_per_tick, stdout);
    if (!told) {
        double share = event_share(run);
        if (!sim_event_kept(share, (int32_t)hh))
            printf("This run kept the events of %g %% of households (run.event_sample %g), and not "
                   "this one's: its story is not in the file. `nabij story %s --list` names households "
                   "whose story is.\n", share * 100, share, h5path);
        else
            printf("Nothing was recorded for this household: no letters, debts or decisions reached it.\n");
    }
    if (!an_h5_snapshot_ticks(h5path, &sticks, &ns) && ns > 0) {
        char when[64];
        an_story_date(run->start_day, run->days_per_tick, sticks[ns - 1], d1, sizeof d1);
        snprintf(when, sizeof when, "At the last snapshot (%s)", d1);
        print_state(h5path, (int32_t)hh, ns - 1, when);
        sim_free(sticks);
    }
    rc = CLI_OK;
    goto out;
usage:
    story_usage(stderr);
usage_only:
    rc = CLI_USAGE;
out:
    sim_free(cnt);
    sim_free(cnt_kind);
    an_run_destroy(run);
    sim_free(sets.v);
    return rc;
}
