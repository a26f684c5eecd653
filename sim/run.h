/* run.h: the "run" section of every scenario: seed, length, tick size, snapshot interval,
 * share of households whose events are kept. */
#ifndef SIM_RUN_H
#define SIM_RUN_H
#include "scenario.h"
#include <stdint.h>

typedef struct sim_run_params {
    int64_t seed;
    int64_t ticks;
    int32_t start_date;
    int64_t days_per_tick;
    int64_t snapshot_every;
    double event_sample;
} sim_run_params;

extern const scn_section sim_run_section;
#endif
