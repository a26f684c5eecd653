/* h5out.h: the HDF5 output file of one run (docs/hdf5-schema.md). The file is written as
 * "<path>.part" in SWMR mode, so a reader can follow it live, and renamed to "<path>" only
 * when complete; a killed run leaves a readable .part file whose /status says "partial". */
#ifndef SIM_H5OUT_H
#define SIM_H5OUT_H
#include "world.h"
#include <stdint.h>

typedef struct h5o_file h5o_file;

typedef struct h5o_meta {
    const char *scenario_name;
    const char *scenario_text; /* resolved YAML */
    uint64_t seed;
    int threads;
    int snapshot_every; /* ticks; 0 = none */
    const char *parent; /* checkpoint a branched run continues from, or "" */
    const char *command; /* the command line, for provenance */
} h5o_meta;

/* Create the output for world "w" (after sim_world_create: columns, indicators and event
 * kinds are known). Refuses to replace an existing "path" unless "force". Writes the static
 * columns, the events of init and the snapshot of tick 0. */
int h5o_create(const char *path, int force, const sim_world *w, const h5o_meta *m,
               h5o_file **out, char *err, size_t errlen);
/* Append the tick just completed: one row of every indicator, its events and levers, and a
 * snapshot when due. Flushes for live readers. */
int h5o_write_tick(h5o_file *f, const sim_world *w);
/* Mark complete, close, and rename to the final path. Frees "f" whatever happens. */
int h5o_finish(h5o_file *f, char *err, size_t errlen);
/* Close and remove the partial file (on error or interrupt). Frees "f"; NULL does nothing. */
void h5o_abort(h5o_file *f);
/* The temporary path being written. */
const char *h5o_part_path(const h5o_file *f);
#endif
