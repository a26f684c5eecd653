/* h5out.h: the HDF5 output file of one run (docs/hdf5-schema.md). The file is written as
 * "<path>.part" in SWMR mode, so a reader can follow it live, and renamed to "<path>" only
 * when complete; a killed run leaves a readable .part file whose /status says "partial". */
#ifndef SIM_H5OUT_H
#define SIM_H5OUT_H
#include "world.h"
#include <stdint.h>

typedef struct h5o_file h5o_file;

/* Where a resumed run takes the rows it already wrote: the partial output "source" of the
 * interrupted run, ticks "from_tick" (the file's first state) to "to_tick"; ev_rows[i] and
 * lever_rows[i] are the numbers of /events and /levers rows after tick from_tick + i. */
typedef struct h5o_replay {
    const char *source;
    uint32_t from_tick, to_tick;
    const uint64_t *ev_rows, *lever_rows;
} h5o_replay;

typedef struct h5o_meta {
    const char *scenario_name;
    const char *scenario_text; /* resolved YAML */
    uint64_t seed;
    int threads;
    int snapshot_every; /* ticks; 0 = none */
    const char *parent; /* checkpoint a branched run continues from, or "" */
    const char *command; /* the command line, for provenance */
    const char *created_utc;   /* NULL: now (or SOURCE_DATE_EPOCH) */
    int32_t start_day;         /* with replay: day of the file's first state (else the world's) */
    int32_t ticks_planned;     /* with replay: run.ticks of the original (else the world's) */
    int32_t parent_tick;       /* tick of the checkpoint "parent" (written as -1 without one) */
    const h5o_replay *replay;  /* NULL, or the rows to copy before continuing (resume) */
} h5o_meta;

/* Create the output for world "w" (after sim_world_create: columns, indicators and event
 * kinds are known). Refuses to replace an existing "path" unless "force". Writes the static
 * columns, the events of init and the snapshot of tick 0; with m->replay, copies instead the
 * rows of the interrupted run with the same calls, so the file has the same bytes. */
int h5o_create(const char *path, int force, const sim_world *w, const h5o_meta *m,
               h5o_file **out, char *err, size_t errlen);
/* Append the tick just completed: one row of every indicator, its events and levers, and a
 * snapshot when due. Flushes for live readers. */
int h5o_write_tick(h5o_file *f, const sim_world *w);
/* Mark complete, close, and rename to the final path. Frees "f" whatever happens. */
int h5o_finish(h5o_file *f, char *err, size_t errlen);
/* Close and remove the partial file (on error or interrupt). Frees "f"; NULL does nothing. */
void h5o_abort(h5o_file *f);
/* The created_utc attribute written (checkpoints keep it for a resumed file). */
void h5o_created_utc(const h5o_file *f, char *out, size_t n);
/* Rows written so far to /events and /levers (checkpoints record them). */
void h5o_rows(const h5o_file *f, uint64_t *event_rows, uint64_t *lever_rows);
/* Flush and close, keeping the .part file (status "partial") for a later resume. Frees "f". */
int h5o_close_partial(h5o_file *f);
/* Number of time-series rows in the partial output "path" if its /scenario is
 * "scenario_text" (the same run); NABIJ_EIO if unreadable, NABIJ_EINVAL if another run. */
int h5o_partial_ticks(const char *path, const char *scenario_text, uint32_t *rows);
/* 1 if another process is writing the partial output "path" (it holds the lock h5o_create
 * takes on a .part), else 0. */
int h5o_part_busy(const char *path);
/* The temporary path being written. */
const char *h5o_part_path(const h5o_file *f);
#endif
