/* morris.h: Morris elementary-effects screening (Morris 1991; mu* of Campolongo et al.
 * 2007). The design is r trajectories of k + 1 points each on a p-level grid of the unit
 * cube; each step moves one parameter by delta = p / (2 (p - 1)). Start points come from
 * GSL's Sobol quasi-random sequence, step order and direction from a counter-based stream,
 * so the design is a pure function of (k, r, p, seed). This module knows nothing of
 * scenarios or files. */
#ifndef AN_MORRIS_H
#define AN_MORRIS_H
#include <stddef.h>
#include <stdint.h>

typedef struct an_morris {
    size_t k, r, p;   /* parameters, trajectories, grid levels */
    double delta;
    double *x;        /* r * (k + 1) points of k coordinates in [0, 1], trajectory-major */
    size_t *moved;    /* r * k: parameter moved by step j of trajectory t */
    double *step;     /* r * k: +delta or -delta of that step */
} an_morris;

/* Build a design for "k" parameters (1..40), "r" trajectories, "p" levels (even, >= 2),
 * "seed". Returns 0, NABIJ_EINVAL or NABIJ_ENOMEM. */
int an_morris_design(size_t k, size_t r, size_t p, uint64_t seed, an_morris *m);
void an_morris_clear(an_morris *m);
/* Coordinates of point "j" (0..k) of trajectory "t". */
const double *an_morris_point(const an_morris *m, size_t t, size_t j);

/* Screening result of one parameter: mean elementary effect, mean absolute effect and
 * standard deviation, in outcome units per whole parameter range. */
typedef struct an_morris_effect {
    double mu, mu_star, sigma;
} an_morris_effect;

/* Effects from the outcomes "y" (r * (k + 1) values in design order) into "out" (k). */
void an_morris_effects(const an_morris *m, const double *y, an_morris_effect *out);
#endif
