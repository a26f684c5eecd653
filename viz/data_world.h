/* data_world.h: viz_data filled from a world that runs inside the viewer (workshop mode):
 * the same tables a file would hold, copied from the engine's columns, indicators, events
 * and levers after each tick. */
#ifndef VIZ_DATA_WORLD_H
#define VIZ_DATA_WORLD_H
#include "data.h"

/* Create data for world "w" (after sim_world_create): map, column list, event kinds, and
 * the initial snapshot. "snapshot_every" as in run.snapshot_every (0: only the initial
 * state is kept). */
int viz_data_from_world(const sim_world *w, const char *scenario_name, int snapshot_every,
                        viz_data **out);
/* Append the tick just completed by sim_world_step: indicators, events, levers and, when
 * due, a snapshot row. */
int viz_data_append_world(viz_data *d, const sim_world *w);
#endif
