/* calibrate.h: the baseline's calibration figures (DOMAIN.md section 3a) computed from the
 * indicators of in-memory runs, each with its target and the band it must fall in. */
#ifndef AN_CALIBRATE_H
#define AN_CALIBRATE_H
#include "model.h"
#include <stddef.h>
#include <stdint.h>

#define AN_CALIB_MAX 16

typedef struct an_calib_figure {
    const char *name;   /* what is measured */
    const char *source; /* where the target comes from */
    double target, lo, hi;
    double value;       /* mean over seeds; NAN when the run gives no data */
    int checked;        /* 1: must fall in [lo, hi]; 0: reported only */
} an_calib_figure;

/* Accumulates one run tick by tick. */
typedef struct an_calib_run an_calib_run;

/* Start collecting from world "w" (borrowed until an_calib_run_destroy). NULL on failure. */
an_calib_run *an_calib_run_create(const sim_world *w);
/* Record the tick just completed; "day" is the date (days since 1970) of that tick. */
void an_calib_run_tick(an_calib_run *r, int32_t day);
/* Add this run's figures to "fig" (n figures, in the order of an_calib_figures). */
void an_calib_run_finish(an_calib_run *r, an_calib_figure *fig, size_t n, double *weight);
void an_calib_run_destroy(an_calib_run *r);

/* The figures with their targets and bands, values zeroed; returns how many. */
size_t an_calib_figures(an_calib_figure *fig);
#endif
