/* data.h: everything the viewer shows of one run, held in memory: run shape, the household
 * map, snapshot columns (households and, when present, professionals), time series, events,
 * event kinds and levers. Filled either from an HDF5 output file (replay.c, which can also
 * follow a file that is still being written) or from a running world (workshop mode,
 * data_world.c). Renderers only read this struct; they never touch HDF5 or the engine. */
#ifndef VIZ_DATA_H
#define VIZ_DATA_H
#include "world.h"
#include <stddef.h>
#include <stdint.h>

#define VIZ_NAME_MAX 64

/* One snapshot column of one entity kind: "rows" holds n_rows rows of "cap" floats once
 * "loaded" (columns are read from the file only when first shown). */
typedef struct viz_col {
    char kind[16]; /* "households", "professionals", ... */
    char name[VIZ_NAME_MAX];
    char unit[160];
    char desc[256];
    int categorical;   /* unit lists category names "a|b|c" (or is "0/1") */
    uint32_t cat0_rgb; /* colour of category 0, set by the renderer */
    uint32_t cap;      /* row width */
    int loaded;
    float *rows;       /* row-major, rows_alloc * cap */
    uint32_t rows_alloc, rows_have;
    double scale_max;  /* value drawn in the top colour (continuous columns) */
    int64_t ds;        /* HDF5 dataset (file source), or -1 */
} viz_col;

/* One indicator: v[i] is the value of tick i (0-based; the state after tick i + 1). */
typedef struct viz_series {
    char name[VIZ_NAME_MAX];
    char unit[64];
    char desc[256];
    double *v;
    double vmin, vmax; /* over the ticks read so far */
    int64_t ds;
} viz_series;

typedef struct viz_kind {
    char name[48], story[208], cp[256];
} viz_kind;

typedef struct viz_data {
    char path[4096];       /* file being read, "" for a world source */
    char final_path[4096]; /* name the file has when complete */
    char scenario_name[128];
    int32_t days_per_tick, ticks_planned, start_day, snapshot_every;
    int complete;          /* /status says complete (or the world source finished) */

    /* household map: the households of the start are at /static/households/x, y; those
     * formed later (appended, so a contiguous range) get their cells from the snapshot
     * columns households/x, y, which hold every household that exists at that row and
     * zeros beyond (cell 0, 0 belongs to household 0, so no later household has it) */
    uint32_t hh_cap;
    uint32_t hh_static;  /* households of the start: [0, hh_static) */
    uint32_t hh_placed;  /* households with a known cell (in any row read): [0, hh_placed) */
    int16_t *x, *y;      /* cell of household h < hh_placed (a household keeps its cell) */
    uint32_t *hh_rows;   /* households that exist at snapshot row r: [0, hh_rows[r]) */
    uint32_t map_rows;   /* snapshot rows whose households are in hh_rows */
    int grid_w, grid_h;  /* map size: the largest extent over every row read so far */

    /* snapshots: row r is the state after row_tick[r] ticks */
    size_t n_cols;
    viz_col *cols;
    uint32_t n_rows, rows_alloc;
    int32_t *row_tick;

    /* time series: n_ticks values each */
    size_t n_series;
    viz_series *series;
    uint32_t n_ticks, ticks_alloc;

    size_t n_kinds;
    viz_kind *kinds;
    size_t n_events, events_alloc;
    sim_event *events;
    size_t n_levers;
    sim_lever *levers;

    /* HDF5 handles (file source) */
    int64_t file, ds_events, ds_levers, ds_row_tick, ds_ts_tick, ds_status;
} viz_data;

/* Destroy "d" and everything it holds (closes the file); NULL does nothing. */
void viz_data_destroy(viz_data *d);

/* Index of household snapshot column "name" of kind "kind", or -1. */
int viz_data_col(const viz_data *d, const char *kind, const char *name);
/* Index of series "name", or -1. */
int viz_data_series(const viz_data *d, const char *name);
/* Snapshot row shown at time "t" (ticks completed): the last row whose tick is <= t, or -1
 * when there is none. */
int viz_data_row_at(const viz_data *d, double t);
/* Number of households that exist at snapshot row "row" (they are [0, n)): the households
 * of the start for row -1 or a run without snapshot positions. */
uint32_t viz_data_households_at(const viz_data *d, int row);
/* Household at map cell ("cx", "cy") in snapshot row "row", or -1. */
int32_t viz_data_household_at_cell(const viz_data *d, int row, int cx, int cy);
/* Column "c" is the household map position (households/x or y): a place, not a state to
 * colour by or list. */
int viz_data_is_position(const viz_data *d, size_t c);
/* Latest time (ticks completed) for which the data has values. */
uint32_t viz_data_last_tick(const viz_data *d);
/* Index of the first event with tick >= "tick" (events are sorted by tick). */
size_t viz_data_event_at(const viz_data *d, int32_t tick);
/* Make sure column "c" is in memory (reads it from the file); 0 or a negative NABIJ_E*. */
int viz_data_load_col(viz_data *d, size_t c);
/* Value of column "c" for entity "e" in row "row" (loads the column); 0 when out of range. */
float viz_data_value(viz_data *d, size_t c, int row, uint32_t e);
/* Category names of a categorical column: name "i" of "c" into "out"; -1 if none. */
int viz_data_category(const viz_data *d, size_t c, int i, char *out, size_t n);
/* Recompute the colour scale of column "c" over the rows in memory. */
void viz_data_rescale(viz_data *d, size_t c);
/* Date of time "t" as "YYYY-MM-DD" into "out". */
void viz_data_date(const viz_data *d, double t, char *out, size_t n);

/* A checksum (FNV-1a, 64 bits) of everything in "d": time series, snapshot rows of every
 * column (loading them), events and levers, so that two readings of a run can be compared.
 * Counts go to "ticks", "rows", "events" (each may be NULL). */
uint64_t viz_data_checksum(viz_data *d, uint32_t *ticks, uint32_t *rows, size_t *events);

/* Internal helpers shared by the sources (replay.c, data_world.c). */
int viz_data_grow_rows(viz_data *d, uint32_t need);
int viz_data_grow_ticks(viz_data *d, uint32_t need);
int viz_data_grow_events(viz_data *d, size_t need);
/* Size the map grid from the cells of households [0, hh_placed). */
void viz_data_set_map(viz_data *d);
/* Extend the map to snapshot rows [map_rows, n_rows): "xs" and "ys" (may be NULL when the run
 * has no snapshot positions) hold those rows' households/x and y, "width" values a row.
 * Finds the households that exist in each row, records the cells of new ones and grows
 * the grid. 0 or a negative NABIJ_E*. */
int viz_data_map_rows(viz_data *d, uint32_t n_rows, const float *xs, const float *ys,
                      uint32_t width);
#endif
