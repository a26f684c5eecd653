/* verify.h: whether a nabij file is intact, as `nabij verify` reports it. A run output has
 * its /status read and every dataset read in full, so that the HDF5 library checks its
 * compressed chunks (zlib's Adler-32), and the datasets with an "xxh3_64" attribute compared
 * with it (/static, /scenario and /event_kinds in any file, the time series once the file
 * is complete); a checkpoint is opened as --resume opens it (its small arrays
 * checked) and every column's rows in use compared with its "xxh3_64" attribute. One walk
 * (verify.c) does both. */
#ifndef SIM_VERIFY_H
#define SIM_VERIFY_H
#include <stddef.h>
#include <stdint.h>

typedef struct sim_verify_info {
    int checkpoint;   /* 1: a checkpoint; 0: a run output or a sweep's index.h5 */
    int index;        /* 1: a sweep's index.h5 (written whole at the end: no /status) */
    int complete;     /* a run output whose /status is "complete", or an index */
    int busy;         /* a partial output still being written by a running nabij: not read
                       * (its chunks change under the reader) */
    uint32_t tick;    /* a checkpoint's tick */
    size_t datasets;  /* datasets (of a checkpoint: columns) read */
    size_t unchecked; /* checkpoint columns without a checksum (written before them); of a run
                       * file, the datasets without an attribute checksum (those checked by
                       * HDF5 through their compression, and those with none) */
    uint64_t bytes;   /* bytes read */
} sim_verify_info;

/* Verify "path" into "out": 0 if every dataset could be read and matches its checksum (a run
 * output may still be partial: out->complete), else NABIJ_EINVAL (damaged: "err" names the
 * dataset and what HDF5 or the checksum said) or NABIJ_EIO (cannot be opened, or not a nabij
 * file). "err" does not repeat the path. "progress" (may be NULL) gets the bytes read so far
 * and the total. */
int sim_verify(const char *path, sim_verify_info *out,
               void (*progress)(void *ctx, uint64_t done, uint64_t total), void *ctx, char *err,
               size_t errlen);
#endif
