/* lifeworld.h: helpers for the per-mechanism tests: a small world of the real models (a
 * subset, in phase order) on the full parameter table with a few overrides, and lookups of
 * columns by name. */
#ifndef LIFEWORLD_H
#define LIFEWORLD_H
#include "model.h"
#include "runner.h"
#include "scenario.h"
#include "world.h"
#include <stdio.h>
#include <string.h>

/* A world running "models" on the defaults plus the "sets" overrides (NULL-terminated), on
 * "threads" threads. */
static inline sim_world *lw_create_threads(const sim_model *const *models, size_t n, const char *const *sets,
                                           int threads, scn_scenario **scn)
{
    size_t ns;
    const scn_section *const *secs = nabij_sections(&ns);
    scn_scenario *s = NULL;
    if (scn_create(secs, ns, &s))
        return NULL;
    for (size_t i = 0; sets && sets[i]; i++)
        if (scn_set(s, sets[i])) {
            fprintf(stderr, "%s: %s\n", sets[i], scn_errmsg(s));
            scn_destroy(s);
            return NULL;
        }
    sim_world *w = NULL;
    char err[512];
    if (sim_world_create(models, n, s, threads, &w, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        scn_destroy(s);
        return NULL;
    }
    *scn = s;
    return w;
}

/* As lw_create_threads, on one thread. */
static inline sim_world *lw_create(const sim_model *const *models, size_t n, const char *const *sets,
                                   scn_scenario **scn)
{
    return lw_create_threads(models, n, sets, 1, scn);
}

static inline void lw_destroy(sim_world *w, scn_scenario *s)
{
    sim_world_destroy(w);
    scn_destroy(s);
}

/* Value of indicator "name" in the last tick, or -1e300 if there is none. */
static inline double lw_ind(const sim_world *w, const char *name)
{
    for (size_t i = 0; i < sim_ind_count(w); i++) {
        const char *u, *d;
        const char *nm = sim_ind_name(w, i, &u, &d);
        if (nm && !strcmp(nm, name))
            return sim_ind_value(w, i);
    }
    return -1e300;
}

/* Id of event kind "name"; fails the test when there is none. */
static inline int lw_event_kind(const sim_world *w, const char *name)
{
    for (size_t k = 0; k < sim_event_kind_count(w); k++)
        if (!strcmp(sim_event_kind_name(w, k, NULL, NULL), name))
            return (int)k;
    fail_msg("no event kind %s", name);
    return -1;
}
#endif
