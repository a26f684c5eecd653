/* checkpoint.h: the complete state of a run at the end of a tick, in one HDF5 file (written
 * as "<path>.part" and renamed), so that a run can be resumed (same output bytes as if it had
 * never stopped) or branched (continued under other parameters). The world is rebuilt from
 * the scenario text and then every column, entity count, the tick, the date and the levers
 * are overwritten from the file; models keep all lasting state in columns. */
#ifndef SIM_CHECKPOINT_H
#define SIM_CHECKPOINT_H
#include "world.h"
#include <stdint.h>

/* What a checkpoint records besides the world's columns. */
typedef struct sim_ckpt_info {
    const char *world_scenario;  /* resolved scenario the world was created from */
    const char *output_scenario; /* the /scenario text of the output being written */
    const char *output;          /* final path of that output */
    const char *command;         /* command recorded in the output */
    const char *created_utc;     /* created_utc of the output */
    const char *parent;          /* parent checkpoint of the output, or "" */
    int32_t parent_tick;         /* its tick, or -1 */
    int32_t threads;             /* threads recorded in the output */
    int32_t ticks_planned;       /* ticks_planned recorded in the output */
    int32_t start_day;           /* start_day recorded in the output */
    uint32_t out_start_tick;     /* tick of the output's first state (0, or the parent's) */
    uint32_t every;              /* --checkpoint-every of the run, in ticks (0: none or by time) */
    double every_seconds;        /* --checkpoint-every of the run as wall-clock time (0: none) */
    uint32_t keep;               /* checkpoints kept (--checkpoint-keep; 0 or 1: the newest) */
    const char *path;            /* where the run writes its checkpoints (NULL: the file's
                                  * own path); a kept older one records its first name */
    uint32_t tick;               /* ticks completed (filled by sim_ckpt_open) */
    const uint64_t *ev_rows;     /* /events rows after each tick from out_start_tick */
    const uint64_t *lever_rows;  /* /levers rows after each tick from out_start_tick */
} sim_ckpt_info;

/* Write the state of "w" after its last completed tick to "path" (atomically). With
 * info->keep = K > 1 the checkpoints before it are kept as "<path>.1" (the one before) to
 * "<path>.<K-1>": once the new one is complete, each moves one number up and the oldest
 * drops out. */
int sim_ckpt_write(const char *path, const sim_world *w, const sim_ckpt_info *info, char *err,
                   size_t errlen);

typedef struct sim_ckpt sim_ckpt;

/* Open a checkpoint and read everything except the columns. */
int sim_ckpt_open(const char *path, sim_ckpt **out, char *err, size_t errlen);
/* Its record; strings and arrays belong to "c". */
const sim_ckpt_info *sim_ckpt_info_of(const sim_ckpt *c);
/* The capacity of each sim_kind in the checkpoint (for sim_world_create_restoring). */
const uint32_t *sim_ckpt_capacity(const sim_ckpt *c);
/* The rows in use of each sim_kind in the checkpoint. */
const uint32_t *sim_ckpt_count(const sim_ckpt *c);
/* Overwrite the state of "w" (freshly created from info->world_scenario, best with
 * sim_world_create_restoring and sim_ckpt_capacity) with the checkpoint: counts, columns,
 * tick, date and levers. Fails if the model set differs. */
int sim_ckpt_restore(const sim_ckpt *c, sim_world *w, char *err, size_t errlen);
/* Close; NULL does nothing. */
void sim_ckpt_close(sim_ckpt *c);
#endif
