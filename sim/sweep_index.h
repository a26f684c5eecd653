/* sweep_index.h: the merge step of a sweep: one HDF5 index file (<output>/index.h5) with a
 * row per run (id, point, replicate, seed, output, complete, parameter values) and, per
 * indicator, its mean over ticks and its final value, for analysis across runs. */
#ifndef SIM_SWEEP_INDEX_H
#define SIM_SWEEP_INDEX_H
#include "sweep.h"

/* Write <output>/index.h5 from the manifest and the complete run files (atomically; an
 * existing index is replaced). Incomplete runs get complete = 0 and NaN summaries.
 * "n_complete" receives the number of complete runs. Returns 0 or a negative NABIJ_E*. */
int sw_index_write(const sw_sweep *sw, long *n_complete, char *err, size_t errlen);
#endif
