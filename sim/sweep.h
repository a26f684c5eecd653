/* sweep.h: a sweep file (YAML: base scenario and overrides, grid values, sampled ranges,
 * replicates, output folder) and its manifest, the tab-separated table with one row per
 * run that is written atomically before any run starts. Everything a run needs is in its
 * manifest row and the sweep file, so runs can execute anywhere (local processes, MPI
 * ranks, Slurm array tasks) without shared state. Execution lives in sweep_exec.h. */
#ifndef SIM_SWEEP_H
#define SIM_SWEEP_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SW_MAX_PARAMS 40  /* grid parameters plus sampled ranges (gsl Sobol: 40 dims) */
#define SW_MAX_VALUES 256 /* values of one grid parameter */
#define SW_MAX_SETS 64    /* base overrides */
#define SW_TEXT_MAX 160   /* bytes of one value or override */
#define SW_PATH_MAX 2048

typedef enum sw_method { SW_NONE, SW_LHS, SW_SOBOL } sw_method;

/* A parameter varied by the sweep: a list of grid values, or a sampled range. */
typedef struct sw_param {
    char key[96];  /* "section.key" */
    int line;      /* line in the sweep file, for messages */
    int is_range;  /* 0: grid values; 1: sampled range */
    int integer;   /* range over an integer parameter: values are rounded down */
    double lo, hi; /* range */
    size_t n_values;
    char (*values)[SW_TEXT_MAX]; /* grid values as written (owned) */
} sw_param;

/* Slurm settings of the batch script. */
typedef struct sw_slurm {
    long runs_per_task;    /* runs packed into one array task (at least) */
    long max_array_tasks;  /* the cluster's MaxArraySize minus one, or less */
    char time_per_task[32];
    char partition[64];
    char account[64];
    char mem_per_task[32]; /* sbatch --mem of an array task ("16G"); "": from sw_memory_need;
                            * "none": no --mem (the cluster's default) */
} sw_slurm;

typedef struct sw_sweep {
    char path[SW_PATH_MAX];     /* the sweep file as given */
    char name[96];
    char scenario[SW_PATH_MAX]; /* resolved against the sweep file's folder; "" = embedded */
    char scenario_as_written[SW_PATH_MAX]; /* the scenario: value, for the manifest */
    char output[SW_PATH_MAX];   /* output folder (relative to the working directory) */
    size_t n_sets;
    char sets[SW_MAX_SETS][SW_TEXT_MAX + 96]; /* "section.key=value" base overrides */
    uint64_t seed;
    long replicates;
    int common_random_numbers;
    int threads_per_run;
    /* checkpoint_every: each run's checkpoints (in ticks, or wall-clock seconds; 0: none),
     * so that a resumed sweep continues interrupted runs from them; not in the manifest,
     * since they change no result */
    long ck_ticks;
    double ck_seconds;
    sw_method method;
    long samples; /* sampled points per grid point (0 without ranges) */
    size_t n_params;
    sw_param params[SW_MAX_PARAMS]; /* grid parameters first, then ranges, in file order */
    sw_slurm slurm;
} sw_sweep;

/* One row of the manifest. "sets" holds the row's "section.key=value" assignments. */
typedef struct sw_row {
    long id, point, replicate;
    uint64_t seed;
    char output[256]; /* relative to the sweep's output folder */
    size_t n_sets;
    char sets[SW_MAX_PARAMS][SW_TEXT_MAX + 96];
} sw_row;

/* Read and validate the sweep file "path" into "sw" (caller memory, cleared first): syntax,
 * every parameter name, every grid value and range against the parameter table, the base
 * scenario with its overrides. "output_override" (may be NULL) replaces the output folder.
 * On error returns NABIJ_EINVAL or NABIJ_EIO with "err" as "file:line: field: message". */
int sw_load(sw_sweep *sw, const char *path, const char *output_override, char *err,
            size_t errlen);
/* Free what sw_load allocated; the struct can be loaded again. */
void sw_clear(sw_sweep *sw);

/* Number of points (grid combinations times samples) and runs (points times replicates). */
long sw_points(const sw_sweep *sw);
long sw_runs(const sw_sweep *sw);

/* Bytes of memory the largest run of "sw" needs: nabij_memory_need of the most inhabitants
 * any of its runs has (the base scenario's, or the largest grid value or range end of
 * population.inhabitants); 0 if the scenario cannot be built. */
unsigned long long sw_memory_need(const sw_sweep *sw);

/* How many runs of "need" bytes each to run at once on a machine with "avail" bytes to
 * spare (0: unknown): "jobs" if they fit or the user chose it ("chosen"); else as many as
 * fit, at least one. */
int sw_jobs_for_memory(int jobs, int chosen, unsigned long long need, unsigned long long avail);

/* The seed of replicate "r" of point "p": splitmix64 of the sweep seed, then of the point
 * (only without common random numbers), then of the replicate, the top 53 bits. */
uint64_t sw_seed(const sw_sweep *sw, long p, long r);

/* Path of the manifest and of a run's output inside the output folder. */
void sw_manifest_path(const sw_sweep *sw, char *out, size_t n);
void sw_run_path(const sw_sweep *sw, const sw_row *row, char *out, size_t n);

/* Write the manifest of "sw" to "path" atomically (path.part, fsync, rename). Streams: no
 * memory per run. Returns 0 or a negative NABIJ_E* with "err" set. */
int sw_manifest_write(const sw_sweep *sw, const char *path, char *err, size_t errlen);
/* 1 if the file "a" has the same bytes as "b", 0 if not, negative if one cannot be read. */
int sw_files_equal(const char *a, const char *b);

/* A manifest being read row by row. */
typedef struct sw_reader {
    FILE *f;
    char path[SW_PATH_MAX];
    long line;
    size_t n_cols;
    char cols[SW_MAX_PARAMS][96]; /* parameter names from the header */
    char *buf;
    size_t cap;
} sw_reader;

/* Open "path" and read its header. Returns 0 or NABIJ_EIO/NABIJ_EINVAL with "err" set. */
int sw_reader_open(sw_reader *r, const char *path, char *err, size_t errlen);
/* Next row into "row": 1 on a row, 0 at the end, negative on a malformed line. */
int sw_reader_next(sw_reader *r, sw_row *row, char *err, size_t errlen);
void sw_reader_close(sw_reader *r);
/* Call "fn" with "arg" and each row of the manifest at "path", in order, until it returns
 * other than 0. Returns 0 after the last row, what "fn" returned, or a negative NABIJ_E*
 * with "err" set when the manifest cannot be read. The row lives only during the call. */
int sw_manifest_each(const char *path, int (*fn)(void *arg, const sw_row *row), void *arg,
                     char *err, size_t errlen);
/* Parse one manifest data line (no newline) with parameter names "cols" into "row". */
int sw_row_parse(const char *line, const char (*cols)[96], size_t n_cols, sw_row *row);
#endif
