/* sweep_sample.c: keyed permutations and Latin hypercube coordinates, without state.
 * Random bits come from the Philox block function of sim/rng.h keyed by the sweep seed,
 * so the design depends only on the seed, never on the machine or the order of calls. */
#include "sweep_sample.h"
#include "rng.h"

#define SW_PURPOSE_PERM 0x5357u   /* "SW": Feistel round keys */
#define SW_PURPOSE_JITTER 0x5358u /* offsets inside strata */

uint64_t sw_mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static uint32_t round_fn(uint64_t seed, uint32_t dim, uint32_t round, uint32_t x)
{
    uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    uint32_t ctr[4] = {SW_PURPOSE_PERM, dim, round, x}, out[4];
    sim_rng_philox_block(key, ctr, out);
    return out[0];
}

uint64_t sw_permute(uint64_t seed, uint32_t dim, uint64_t n, uint64_t i)
{
    if (n <= 1)
        return 0;
    unsigned bits = 0;
    while ((1ULL << bits) < n)
        bits++;
    bits += bits & 1;
    unsigned half = bits / 2;
    uint64_t mask = (1ULL << half) - 1, x = i;
    do { /* cycle walking: a value outside [0, n) is permuted again; i < n ends it */
        uint64_t l = x >> half, r = x & mask;
        for (uint32_t k = 0; k < 4; k++) {
            uint64_t t = l ^ (round_fn(seed, dim, k, (uint32_t)r) & mask);
            l = r;
            r = t;
        }
        x = (l << half) | r;
    } while (x >= n);
    return x;
}

double sw_lhs(uint64_t seed, uint32_t dim, uint64_t n, uint64_t i)
{
    sim_rng_stream s;
    sim_rng_init(&s, seed, SW_PURPOSE_JITTER, (uint32_t)i, dim);
    double u = sim_rng_u01(&s);
    return ((double)sw_permute(seed, dim, n, i) + u) / (double)n;
}
