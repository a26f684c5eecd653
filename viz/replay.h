/* replay.h: reading a nabij HDF5 output file (docs/hdf5-schema.md) into viz_data, and
 * following a file that a running `nabij run` is still writing (SWMR read: refresh the
 * datasets and read what was appended; notice the rename of "<out>.part" to "<out>"). */
#ifndef VIZ_REPLAY_H
#define VIZ_REPLAY_H
#include "data.h"

/* Open the run at "path" (a final file, or "<out>.part", or "<out>" when only
 * "<out>.part" exists yet) with SWMR read and read everything but the snapshot columns
 * (those load when shown). On error "err" names the file and what is wrong. */
int viz_replay_open(const char *path, viz_data **out, char *err, size_t errlen);

/* Read what the writer appended since the last call; "changed" is set to 1 when there are
 * new ticks, rows or events. Sets d->complete when /status says complete or the .part file
 * was renamed. 0 or a negative NABIJ_E* code. */
int viz_replay_refresh(viz_data *d, int *changed);
#endif
