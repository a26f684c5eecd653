/* sweep_exec.h: executing the runs of a sweep. A run is one manifest row given to
 * nabij_run() with the sweep's scenario, overrides, seed and threads, and the same command
 * text wherever it runs, so its file is the same bytes locally, on an MPI rank or in a
 * Slurm array task. A run is complete when its output file exists (renamed from .part
 * only when complete); nothing else records progress, so ranks and tasks share nothing. */
#ifndef SIM_SWEEP_EXEC_H
#define SIM_SWEEP_EXEC_H
#include "sweep.h"
#include "world.h"
#include <signal.h>

/* How to treat an output folder that already holds a manifest. */
typedef enum sw_start { SW_START_NEW, SW_START_RESUME, SW_START_FORCE } sw_start;

/* Counts over the manifest. */
typedef struct sw_counts {
    long total, complete, partial, failed, ran;
    long resumable; /* of the partial ones, those with a checkpoint to continue from */
} sw_counts;

/* Create the output folder and write the manifest. NEW refuses a folder that holds one;
 * RESUME requires the manifest to be unchanged (the same sweep file); FORCE deletes the
 * runs and index of the old manifest first. Returns 0 or a negative NABIJ_E*. */
int sw_prepare(const sw_sweep *sw, sw_start start, char *err, size_t errlen);

/* "flag" (set by SIGUSR1; may be NULL) asks the runs of this process for a checkpoint after
 * the tick under way; sw_run_local passes it on to its children. */
void sw_set_checkpoint_flag(volatile sig_atomic_t *flag);

/* 1 if the run of "row" is complete. */
int sw_run_complete(const sw_sweep *sw, const sw_row *row);

/* Run one row (replacing a stale .part file); "stop" interrupts it (may be NULL);
 * "on_tick" (may be NULL) is called with "ctx" after every tick, as in nabij_run_opts. A
 * row whose .part and checkpoint (<run>.h5.ckpt: of checkpoint_every, or asked for) are
 * there continues from the checkpoint; a complete run's checkpoint is removed. */
int sw_run_row(const sw_sweep *sw, const sw_row *row, volatile sig_atomic_t *stop,
               int (*on_tick)(void *ctx, const sim_world *w, uint32_t tick, uint32_t ticks),
               void *ctx, char *err, size_t errlen);

/* Count complete runs and stale .part files over the manifest. */
int sw_count(const sw_sweep *sw, sw_counts *c, char *err, size_t errlen);

/* Run every incomplete row on this machine, "jobs" runs at a time in child processes,
 * with a progress bar unless "quiet". Failed runs are counted in "c" and do not stop the
 * others. Returns 0, NABIJ_EINTR when "stop" was set, or another negative NABIJ_E*. */
int sw_run_local(const sw_sweep *sw, int jobs, int quiet, volatile sig_atomic_t *stop,
                 sw_counts *c, char *err, size_t errlen);

/* Run the incomplete rows of array task "task" (rows task*per_task to
 * (task+1)*per_task-1) one after another in this process. */
int sw_run_task(const sw_sweep *sw, long task, long per_task, volatile sig_atomic_t *stop,
                sw_counts *c, char *err, size_t errlen);

/* The number of runs packed in one Slurm array task, and the number of tasks. */
long sw_slurm_per_task(const sw_sweep *sw);
long sw_slurm_tasks(const sw_sweep *sw);

/* 1 if this process was started by mpirun/mpiexec (OpenMPI, MPICH or PMIx variables). */
int sw_mpi_launched(void);
#endif
