/* batch.h: many runs of nabij_run (scenario x seed) in a small pool of worker processes,
 * each single-threaded, so that results do not depend on how many run at once. Existing
 * outputs are refused unless forced, or reused when resuming and they hold exactly the
 * scenario that would be run. Used by compare and sensitivity. */
#ifndef AN_BATCH_H
#define AN_BATCH_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

/* One run. Strings are borrowed and must outlive the batch. */
typedef struct an_job {
    const char *scenario_path;   /* scenario file (NULL: embedded baseline) */
    const char *const *sets;     /* overrides, applied in order */
    size_t n_sets;
    int64_t seed;
    char output[4096];           /* the HDF5 file to write */
    int reuse;                   /* set by an_batch_prepare: a complete file is reused */
    uint32_t ticks;              /* set by an_batch_prepare: ticks of the run */
} an_job;

typedef struct an_batch_opts {
    int workers;                 /* processes at once; 0: the number of CPUs */
    int force;                   /* replace existing outputs */
    int resume;                  /* reuse complete outputs of the same scenario */
    int quiet;                   /* no progress line */
    const char *label;           /* progress label, e.g. "nabij compare" */
    const char *command;         /* recorded in each file */
    volatile sig_atomic_t *stop; /* interruption flag (may be NULL) */
} an_batch_opts;

/* Check every job before anything runs: each scenario loads (with its sets and seed), and
 * each existing output is either forced, reused (resume, complete, same resolved scenario)
 * or an error. Sets job->reuse. Returns 0 or a negative NABIJ_E* with "err". */
int an_batch_prepare(an_job *jobs, size_t n, const an_batch_opts *o, char *err, size_t errlen);

/* Run the jobs not marked reuse, "o->workers" at a time, with a progress line over all
 * ticks. Stops launching at the first failure or interruption and waits for the running
 * ones. Returns 0 or a negative NABIJ_E* with "err" naming the failed run. */
int an_batch_run(an_job *jobs, size_t n, const an_batch_opts *o, char *err, size_t errlen);
/* Create folder "dir" and its parents (like mkdir -p). 0 or -1 with errno. */
int an_mkdir_p(const char *dir);
#endif
