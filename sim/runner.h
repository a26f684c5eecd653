/* runner.h: one complete run (scenario in, HDF5 file out), shared by `nabij run`, sweeps,
 * compare and the viewer's workshop mode. */
#ifndef SIM_RUNNER_H
#define SIM_RUNNER_H
#include "model.h"
#include "scenario.h"
#include <signal.h>
#include <stdint.h>

typedef struct nabij_run_opts {
    const char *scenario_path;   /* NULL: the embedded baseline */
    const char *const *sets;     /* "section.key=value" overrides, applied in order */
    size_t n_sets;
    const char *output;          /* NULL: results/<scenario>-seed<seed>.h5 */
    int force;                   /* replace an existing output */
    int64_t seed;                /* < 0: the scenario's run.seed */
    int threads;                 /* 0: OpenMP default */
    const char *command;         /* recorded in the file */
    /* called after every tick (may be NULL); returns nonzero to stop the run */
    int (*on_tick)(void *ctx, const sim_world *w, uint32_t tick, uint32_t ticks);
    void *ctx;
    volatile sig_atomic_t *stop; /* set by a signal handler to interrupt (may be NULL) */
    /* set by a signal handler (SIGUSR1) to ask for a checkpoint after the tick under way, to
     * the path of --checkpoint, with or without --checkpoint-every; cleared when it is
     * written (may be NULL) */
    volatile sig_atomic_t *checkpoint_now;
    uint32_t checkpoint_every;   /* write a checkpoint every so many ticks (0: never) */
    double checkpoint_seconds;   /* or after the first tick that ends this many seconds of
                                  * wall-clock time after the last checkpoint (or the set-up);
                                  * 0: never. Either way also after the last tick, */
    int checkpoint_not_last;     /* unless this is set (a sweep removes them when it is done) */
    const char *checkpoint;      /* its path (NULL: <output>.ckpt) */
    uint32_t checkpoint_keep;    /* checkpoints kept: the newest and K-1 before it as
                                  * <path>.1 ... (0: as the resumed run did, else 1) */
    const char *resume;          /* continue the interrupted run of this checkpoint */
    const char *from;            /* branch: continue this checkpoint's state under "sets" */
    /* called (may be NULL) before a checkpoint of "tick" is written to "path" (seconds < 0)
     * and after (seconds: the time it took), with "ctx": at national scale a checkpoint
     * takes seconds, which a progress display should say; "asked": it was asked for
     * (checkpoint_now), not one of --checkpoint-every */
    void (*on_checkpoint)(void *ctx, const char *path, uint32_t tick, double seconds, int asked);
    /* called (may be NULL) before the set-up (building the world or restoring a checkpoint,
     * creating the output; "seconds" < 0) and after it, before the first tick ("seconds":
     * the time it took), with "what" saying what is being set up: at national scale it takes
     * about 15 s before the first tick */
    void (*on_setup)(void *ctx, const char *what, double seconds);
    /* called (may be NULL) before the set-up when the world will likely not fit in the memory
     * the system has available (nabij_memory_need against MemAvailable), with what to say:
     * the system would otherwise stop the run without a word, minutes into it */
    void (*on_warning)(void *ctx, const char *text);
} nabij_run_opts;

/* Bytes of memory a world of "persons" inhabitants needs at its peak: NABIJ_BYTES_PER_PERSON
 * a person (measured: a national run, 17.9 M inhabitants, peaks at 6.19 GiB, 371 bytes a
 * person, since its columns take whole huge pages; README, Performance) and
 * NABIJ_BYTES_FIXED for the rest (the output's buffers, the libraries). An estimate: more
 * ties or professionals a person take more. */
#define NABIJ_BYTES_PER_PERSON 380ull
#define NABIJ_BYTES_FIXED (64ull << 20)
unsigned long long nabij_memory_need(unsigned long long persons);
/* The scenario's population.inhabitants; 0 if it has none. */
unsigned long long nabij_inhabitants(const scn_scenario *s);

typedef struct nabij_run_result {
    char output[4096];
    char scenario_name[SCN_STR_MAX];
    uint64_t seed;
    uint32_t ticks;
    double seconds;
} nabij_run_result;

/* Models in phase order, and the sections of the scenario (run first). */
const sim_model *const *nabij_models(size_t *n);
const scn_section *const *nabij_sections(size_t *n);

/* The embedded baseline scenario text (scenarios/baseline.yaml at build time). */
extern const char nabij_embedded_baseline[];
extern const unsigned long nabij_embedded_baseline_len;

/* Build the scenario of "o" (embedded baseline or file, then --set, then --seed) into a
 * new object "out". On error "err" says file:line: field: message. */
int nabij_load_scenario(const nabij_run_opts *o, scn_scenario **out, char *err, size_t errlen);

/* --checkpoint-every (and a sweep's checkpoint_every): "K", a whole number of ticks from 1
 * to 1000000, into "ticks", or "<number>s|m|h", a wall-clock time of 1 s to 1e7 s, into
 * "seconds" (the other 0). Returns 0, or -1 when "text" is neither. */
int nabij_parse_every(const char *text, long long *ticks, double *seconds);
#define NABIJ_EVERY_ALLOWED                                                                  \
    "is neither a whole number of ticks from 1 to 1000000 nor a time such as 90s, 30m or 2h " \
    "(1 s to 1e7 s)"

/* A new scenario object "out" from YAML "text" (such as a checkpoint's world_scenario);
 * "name" names it in errors, which "err" then says. */
int nabij_scenario_from_text(const char *text, const char *name, scn_scenario **out, char *err,
                             size_t errlen);

/* Run "o" to completion. Validates everything before any file is created. Returns 0 or a
 * negative NABIJ_E* code with "err" set. With o->resume, the run of that checkpoint goes on
 * into its own output (whose .part file the interrupted run left) and ends with the same
 * bytes as if it had never stopped; with o->from, a new output starts at the checkpoint's
 * state, with o->sets applied as levers and root attribute parent naming the checkpoint. */
int nabij_run(const nabij_run_opts *o, nabij_run_result *res, char *err, size_t errlen);

/* Default output path for a scenario name and seed. */
void nabij_default_output(const char *name, uint64_t seed, char *out, size_t n);
#endif
