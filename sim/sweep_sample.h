/* sweep_sample.h: the sampling designs of a sweep as pure functions of (seed, dimension,
 * point), so that no design is held in memory: a Latin hypercube from a keyed permutation
 * of the strata per dimension, and splitmix64 for seeds. Sobol points come from GSL
 * (gsl_qrng_sobol), generated in order by the manifest writer. */
#ifndef SIM_SWEEP_SAMPLE_H
#define SIM_SWEEP_SAMPLE_H
#include <stdint.h>

/* The splitmix64 finaliser of "x" (Steele, Lea and Flood 2014). */
uint64_t sw_mix64(uint64_t x);

/* A bijection of [0, n) keyed by ("seed", "dim"): a four-round Feistel network on the
 * smallest even number of bits that holds n, with cycle walking. "i" < "n". */
uint64_t sw_permute(uint64_t seed, uint32_t dim, uint64_t n, uint64_t i);

/* Coordinate "dim" of point "i" of an "n"-point Latin hypercube in [0, 1): the stratum
 * sw_permute(seed, dim, n, i) plus a uniform offset inside it. Every stratum of every
 * dimension holds exactly one point. */
double sw_lhs(uint64_t seed, uint32_t dim, uint64_t n, uint64_t i);
#endif
