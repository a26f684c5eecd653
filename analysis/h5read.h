/* h5read.h: reading a finished nabij HDF5 output (docs/hdf5-schema.md) back into memory:
 * root attributes, /timeseries, /event_kinds and /events, and single snapshot columns.
 * It does not follow live (.part) files; the viewer does that. */
#ifndef AN_H5READ_H
#define AN_H5READ_H
#include <stddef.h>
#include <stdint.h>

/* One indicator: name, unit and description (owned by the run), and "n_ticks" values. */
typedef struct an_series {
    char *name, *unit, *doc;
    double *v;
} an_series;

/* One row of /event_kinds. */
typedef struct an_event_kind {
    char name[48];
    char story[208];
    char counterparts[256]; /* "a|b|c" or empty */
} an_event_kind;

/* One row of /events (the same fields as sim_event). */
typedef struct an_event {
    int32_t tick;
    uint16_t kind;
    int32_t household, person, counterpart;
    double amount;
} an_event;

/* A run read back from its file. Every pointer is owned by the run (an_run_destroy). */
typedef struct an_run {
    char *path;
    char *scenario_name;
    char *scenario_text; /* the resolved scenario YAML of /scenario */
    char *status;        /* "complete" or "partial" */
    uint64_t seed;
    int32_t days_per_tick, ticks_planned, start_day, snapshot_every;
    size_t n_ticks;      /* rows of /timeseries */
    int32_t *tick, *day; /* n_ticks each */
    an_series *series;
    size_t n_series;
    an_event_kind *kinds;
    size_t n_kinds;
    an_event *events;    /* NULL unless read with AN_READ_EVENTS */
    size_t n_events;
} an_run;

#define AN_READ_EVENTS 1u /* also read /events (can be large) */

/* Open "path" and read it into a new run "out" (flags: AN_READ_EVENTS). A file whose
 * /status is not "complete" is refused with NABIJ_EINVAL. On error returns a negative
 * NABIJ_E* code and writes the reason to "err". */
int an_run_read(const char *path, unsigned flags, an_run **out, char *err, size_t errlen);
/* Free a run; NULL does nothing. */
void an_run_destroy(an_run *r);
/* The series called "name", or NULL. */
const an_series *an_run_series(const an_run *r, const char *name);
/* Index of event kind "name", or -1. */
int an_run_kind(const an_run *r, const char *name);

/* Only the root attribute /status and the /scenario text of "path", without reading the
 * rest (to decide whether an existing file can be reused). Caller frees both with
 * sim_free. Returns 0, NABIJ_EIO when the file cannot be opened. */
int an_h5_peek(const char *path, char **status, char **scenario_text);

/* Row "row" of snapshot column /snapshots/<kind>/<column> as doubles: a new array of
 * "n" values (caller frees with sim_free). NABIJ_EINVAL when it does not exist. */
int an_h5_snapshot_row(const char *path, const char *kind, const char *column, size_t row,
                       double **vals, size_t *n);
/* The ticks of the snapshot rows (/snapshots/tick); caller frees with sim_free. */
int an_h5_snapshot_ticks(const char *path, int32_t **ticks, size_t *n);

/* Names of the snapshot columns of entity kind "kind" (e.g. "households"): a new array of
 * new strings, "n" long; free with an_names_free. NABIJ_EINVAL when there are none. */
int an_h5_snapshot_columns(const char *path, const char *kind, char ***names, size_t *n);
void an_names_free(char **names, size_t n);
#endif
