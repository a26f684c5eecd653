/* sweep_slurm.h: writing the Slurm job-array scripts of a sweep (see sweep_slurm.c). */
#ifndef SIM_SWEEP_SLURM_H
#define SIM_SWEEP_SLURM_H
#include "sweep.h"

/* Where the scripts run: the nabij binary and the working directory (absolute paths). */
typedef struct sw_slurm_paths {
    char exe[SW_PATH_MAX];
    char cwd[SW_PATH_MAX];
} sw_slurm_paths;

/* Write <output>/slurm/{sweep.sbatch,merge.sbatch,submit.sh} atomically. The manifest must
 * exist (sw_prepare). Returns 0 or a negative NABIJ_E* with "err" set. */
int sw_slurm_write(const sw_sweep *sw, const sw_slurm_paths *p, char *err, size_t errlen);
#endif
