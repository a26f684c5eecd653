/* sweep_mpi.h: running a sweep as an MPI task farm (sweep_mpi.c, built only when CMake
 * finds MPI; NABIJ_HAVE_MPI is then defined). */
#ifndef SIM_SWEEP_MPI_H
#define SIM_SWEEP_MPI_H
#include "sweep_exec.h"

/* Initialise MPI, prepare the output on rank 0 (as sw_prepare with "start"), farm the
 * incomplete runs over all ranks, write the index on rank 0, finalise MPI. "is_root" is
 * set on rank 0, which alone shows progress and should report. Returns the same code on
 * every rank: 0, NABIJ_EINTR, or another negative NABIJ_E* ("err" set on rank 0). */
int sw_mpi_sweep(const sw_sweep *sw, sw_start start, int quiet, volatile sig_atomic_t *stop,
                 int *is_root, sw_counts *c, char *err, size_t errlen);
#endif
