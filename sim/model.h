/* model.h: a model (mechanism) is a const descriptor: its parameter section, the size of its
 * private state, an init that registers columns, indicators and event kinds (and may
 * generate entities), and a step run once per tick as one phase. Models are listed, in
 * phase order, in one table (models/registry.c). Models never do I/O or touch threads:
 * they use sim_for and sim_emit. */
#ifndef SIM_MODEL_H
#define SIM_MODEL_H
#include "scenario.h"
#include "world.h"

typedef struct sim_model {
    const char *name;
    const char *doc;
    const scn_section *section; /* parameters, or NULL */
    size_t state_size;          /* private state (caches only), zeroed by the engine */
    /* Register columns, indicators and event kinds; create entities. "params" is the
     * section's value struct (NULL without a section). 0 or a negative error code. */
    int (*init)(sim_world *w, const void *params, void *state);
    /* One phase of a tick. Parameters are read every tick: live levers change them. */
    void (*step)(sim_world *w, const void *params, void *state);
} sim_model;

/* Create a world running "models" (in phase order) on scenario "scn", with "threads" OpenMP
 * threads (0: the OpenMP default). Both are borrowed and must outlive the world: it keeps
 * the list, not a copy. */
int sim_world_create(const sim_model *const *models, size_t n_models, scn_scenario *scn,
                     int threads, sim_world **out, char *err, size_t errlen);
/* The same, for a world to be overwritten by a checkpoint of this scenario with capacities
 * "cap" (one per sim_kind): the tables get those capacities at once, and the models'
 * inits may skip generating the population (sim_world_restoring). Then sim_ckpt_restore. */
int sim_world_create_restoring(const sim_model *const *models, size_t n_models,
                               scn_scenario *scn, int threads, const uint32_t *cap,
                               sim_world **out, char *err, size_t errlen);
void sim_world_destroy(sim_world *w);
/* Run one tick: every phase in order. */
int sim_world_step(sim_world *w);
/* Put a world created from a checkpoint's scenario in the checkpoint's state (the caller
 * has overwritten the columns): entity counts, ticks completed, date, and the levers, which
 * are applied to the scenario again without lever_changed events. Pending events go. */
int sim_world_restore(sim_world *w, uint32_t tick, int32_t day, const uint32_t *count,
                      const sim_lever *levers, size_t n_levers);
/* Wall-clock seconds spent so far in the phase of model "i" (its step and the merge of its
 * events), for profiling (nabij-bench); never part of any output. */
double sim_world_phase_seconds(const sim_world *w, size_t i);
/* Of those, the seconds outside sim_for's parallel loops: the phase's serial part (with one
 * thread, the whole phase minus its loops). */
double sim_world_phase_serial_seconds(const sim_world *w, size_t i);
/* Number of ticks the scenario asks for (run.ticks). */
uint32_t sim_world_ticks(const sim_world *w);
#endif
