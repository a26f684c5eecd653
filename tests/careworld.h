/* careworld.h: a small world for the care-model tests: the population model and the care
 * models (help-seeking, team, GP, specialists, outcomes), no letters or benefits, so each
 * test sees the mechanism it switches. Indicators are summed over the ticks run. The seed is
 * run.seed's default (1) unless NABIJ_TEST_SEED names another: the tests' margins are meant
 * to hold at seeds 1-20 (for s in $(seq 20); do NABIJ_TEST_SEED=$s ctest -R team; done). */
#ifndef CAREWORLD_H
#define CAREWORLD_H
#include "gp.h"
#include "helpseek.h"
#include "members.h"
#include "model.h"
#include "nabij.h"
#include "outcomes.h"
#include "population.h"
#include "run.h"
#include "specialist.h"
#include "team.h"
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const sim_model *const cw_models[] = {&mdl_population, &mdl_helpseek, &mdl_team,
                                             &mdl_gp, &mdl_specialist, &mdl_outcomes};
static const scn_section *const cw_sections[] = {&sim_run_section,     &mdl_population_section,
                                                 &mdl_helpseek_section, &mdl_team_section,
                                                 &mdl_gp_section,      &mdl_specialist_section,
                                                 &mdl_outcomes_section};

typedef struct careworld {
    scn_scenario *scn;
    sim_world *w;
} careworld;

/* As cw_create, running "models" ("n" of them, in phase order; borrowed for the world's
 * lifetime) instead of cw_models: a test can add a model of its own. */
static inline int cw_create_models(careworld *cw, const sim_model *const *models, size_t n, int inhabitants,
                                   int threads, const char *const *sets)
{
    char err[512], a[128];
    if (scn_create(cw_sections, sizeof cw_sections / sizeof cw_sections[0], &cw->scn))
        return -1;
    snprintf(a, sizeof a, "population.inhabitants=%d", inhabitants);
    const char *base[] = {a, "run.ticks=104", "helpseek.seek_rate_per_week=0.4", NULL};
    for (int i = 0; base[i]; i++)
        if (scn_set(cw->scn, base[i])) {
            fprintf(stderr, "%s\n", scn_errmsg(cw->scn));
            return -1;
        }
    for (int i = 0; sets && sets[i]; i++)
        if (scn_set(cw->scn, sets[i])) {
            fprintf(stderr, "%s\n", scn_errmsg(cw->scn));
            return -1;
        }
    const char *seed = getenv("NABIJ_TEST_SEED");
    if (seed && *seed) {
        char set_seed[96];
        snprintf(set_seed, sizeof set_seed, "run.seed=%.80s", seed);
        if (scn_set(cw->scn, set_seed)) {
            fprintf(stderr, "NABIJ_TEST_SEED: %s\n", scn_errmsg(cw->scn));
            return -1;
        }
    }
    if (sim_world_create(models, n, cw->scn, threads, &cw->w, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

/* Build a world of "inhabitants" with the assignments in "sets" (NULL-terminated) on top of
 * defaults that make people ask for help quickly, at seed NABIJ_TEST_SEED if that is set.
 * Returns 0 or -1 (with the reason on stderr). */
static inline int cw_create(careworld *cw, int inhabitants, int threads, const char *const *sets)
{
    return cw_create_models(cw, cw_models, sizeof cw_models / sizeof cw_models[0], inhabitants, threads, sets);
}

static inline void cw_destroy(careworld *cw)
{
    sim_world_destroy(cw->w);
    scn_destroy(cw->scn);
}

static inline int cw_ind(const sim_world *w, const char *name)
{
    for (size_t i = 0; i < sim_ind_count(w); i++)
        if (!strcmp(sim_ind_name(w, i, NULL, NULL), name))
            return (int)i;
    fprintf(stderr, "no indicator %s\n", name);
    abort();
}

/* Id of event kind "name"; aborts when there is none. */
static inline int cw_event_kind(const sim_world *w, const char *name)
{
    for (size_t k = 0; k < sim_event_kind_count(w); k++)
        if (!strcmp(sim_event_kind_name(w, k, NULL, NULL), name))
            return (int)k;
    fprintf(stderr, "no event kind %s\n", name);
    abort();
}

/* Run "ticks" ticks; "sum" (may be NULL) receives the sum over those ticks of indicator
 * "name" and "last" its value in the last tick. */
static inline void cw_run(careworld *cw, int ticks, const char *name, double *sum, double *last)
{
    int id = name ? cw_ind(cw->w, name) : -1;
    double s = 0, l = 0;
    for (int t = 0; t < ticks; t++) {
        if (sim_world_step(cw->w))
            abort();
        if (id >= 0) {
            l = sim_ind_value(cw->w, (size_t)id);
            s += l;
        }
    }
    if (sum)
        *sum = s;
    if (last)
        *last = l;
}

/* A care world of "inhabitants" under "sets" (one thread), run "ticks" ticks, with its
 * household membership bound into "m", for tests that take persons out of households. */
static inline void cw_run_with_members(careworld *cw, int inhabitants, const char *const *sets, int ticks,
                                       mdl_members *m)
{
    if (cw_create(cw, inhabitants, 1, sets))
        abort();
    cw_run(cw, ticks, NULL, NULL, NULL);
    if (mdl_members_bind(cw->w, m))
        abort();
}

/* One whole run: the sum over "ticks" of indicator "name". */
static inline double cw_total(int inhabitants, int ticks, const char *name, const char *const *sets)
{
    careworld cw;
    if (cw_create(&cw, inhabitants, 1, sets))
        abort();
    double s;
    cw_run(&cw, ticks, name, &s, NULL);
    cw_destroy(&cw);
    return s;
}
#endif
