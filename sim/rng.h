/* rng.h: counter-based random numbers (Random123 Philox4x32-10). Every draw is a pure
 * function of (seed, purpose, entity, tick, draw number): no state is carried between
 * ticks, so any thread or MPI rank that handles an entity draws the same numbers.
 * A stream embeds a gsl_rng so that GSL's distributions can draw from it. */
#ifndef SIM_RNG_H
#define SIM_RNG_H
#include <gsl/gsl_rng.h>
#include <stdint.h>

/* A stream for one (purpose, entity, tick). Lives on the caller's stack; no allocation. */
typedef struct sim_rng_stream {
    gsl_rng gsl;        /* gsl.state points at "st": pass &s.gsl to gsl_ran_* */
    struct {
        uint32_t key[2];    /* seed */
        uint32_t ctr[4];    /* purpose, entity, tick, block */
        uint32_t buf[4];    /* current block of output */
        unsigned used;      /* words of buf consumed */
    } st;
} sim_rng_stream;

/* The gsl_rng_type of the streams ("philox4x32"), max 2^32-1. */
extern const gsl_rng_type *sim_rng_philox;

/* Open the stream for "seed", "purpose", "entity" and "tick" in "s". Purposes are small
 * constants chosen per model (see models/registry.c for the ranges). */
void sim_rng_init(sim_rng_stream *s, uint64_t seed, uint32_t purpose, uint32_t entity,
                  uint32_t tick);
/* Compute the next block of output (out of line: the Philox rounds). */
void sim_rng_refill(sim_rng_stream *s);
/* Next 32 random bits. Inline: most draws only read the buffered block. */
static inline uint32_t sim_rng_u32(sim_rng_stream *s)
{
    if (s->st.used == 4)
        sim_rng_refill(s);
    return s->st.buf[s->st.used++];
}
/* The uniform double in [0, 1) of sim_rng_u01 from its two words "a" and "b", in the order
 * drawn. */
static inline double sim_rng_u01_of(uint32_t a, uint32_t b)
{
    uint64_t hi = a >> 5, lo = b >> 6; /* 27 + 26 bits */
    return (double)(hi * 67108864.0 + lo) * (1.0 / 9007199254740992.0);
}
/* Uniform double in [0, 1) with 53 random bits (two words). */
static inline double sim_rng_u01(sim_rng_stream *s)
{
    uint32_t a = sim_rng_u32(s);
    return sim_rng_u01_of(a, sim_rng_u32(s));
}
/* 1 with probability "p" (clamped to [0, 1]), else 0; uses sim_rng_u01 (two words). */
static inline int sim_rng_bernoulli(sim_rng_stream *s, double p)
{
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    return sim_rng_u01(s) < p;
}
/* 1 with probability "p" (clamped to [0, 1]) resolved to 2^-32, else 0: one word, for the
 * many small per-tick hazards where 32 bits are ample. Draws a word even when p <= 0 or
 * p >= 1, so later draws of the stream do not depend on p. */
static inline int sim_rng_chance(sim_rng_stream *s, double p)
{
    uint32_t u = sim_rng_u32(s);
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    return (double)u < p * 4294967296.0;
}
/* Set "s", just opened by sim_rng_init, to where it is after its first block, "first" (as
 * sim_rng_first_blocks_list gives it), and "used" <= 4 words of it: the same words from
 * there on, without working the block out again. */
static inline void sim_rng_resume(sim_rng_stream *s, const uint32_t first[4], unsigned used)
{
    for (int k = 0; k < 4; k++)
        s->st.buf[k] = first[k];
    s->st.ctr[3] = 1;
    s->st.used = used;
}
/* Uniform integer in [0, n); n > 0. */
uint32_t sim_rng_below(sim_rng_stream *s, uint32_t n);
/* The raw Philox4x32-10 block for (key, counter): for known-answer tests. */
void sim_rng_philox_block(const uint32_t key[2], const uint32_t ctr[4], uint32_t out[4]);
/* The first blocks of SIM_RNG_LANES consecutive streams (purpose, entity0 + j, tick) for
 * j = 0..SIM_RNG_LANES-1: out[j] holds the same four words as the first sim_rng_refill of
 * the stream sim_rng_init(seed, purpose, entity0 + j, tick). The lanes are computed side by
 * side in vector registers where the processor has AVX-512 or AVX2 (the per-tick passes
 * draw one block per few entities): two AVX-512 vectors of eight at once (two AVX2 vectors
 * of four, twice), so that the multiplications of one overlap those of the other (a round's
 * multiplication waits for the last: a tick of a 2 M world took 2-7 % less time with
 * sixteen lanes than with eight, and more with thirty-two). The words do not depend on the
 * number of lanes. */
#define SIM_RNG_LANES 16
void sim_rng_first_blocks(uint64_t seed, uint32_t purpose, uint32_t entity0, uint32_t tick,
                          uint32_t out[SIM_RNG_LANES][4]);
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define SIM_RNG_X86 1 /* gcc or clang on x86: the AVX2 and AVX-512 versions are built */
#else
#define SIM_RNG_X86 0
#endif
enum { SIM_RNG_PLAIN, SIM_RNG_AVX2, SIM_RNG_AVX512 };
/* Before a function to build twice, for AVX2 and for any x86-64, the loader picking one (an
 * ifunc): where gcc or clang builds ELF for x86 and the build does not define
 * NABIJ_NO_CLONES (the sanitizer build, which builds the baseline only); else nothing. For
 * the single Philox blocks here and the models' vectorised passes (MDL_VECTOR, quick.h). */
#if SIM_RNG_X86 && defined(__ELF__) && defined(__has_attribute) && !defined(NABIJ_NO_CLONES)
#if __has_attribute(target_clones)
#define SIM_RNG_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef SIM_RNG_CLONES
#define SIM_RNG_CLONES
#endif
/* The same with one implementation chosen: returns -1 (and writes nothing) if this build or
 * processor cannot run it. For tests, and for sim_rng_first_blocks to pick the widest. */
int sim_rng_first_blocks_isa(int isa, uint64_t seed, uint32_t purpose, uint32_t entity0, uint32_t tick,
                             uint32_t out[SIM_RNG_LANES][4]);
/* The first blocks of the streams (purpose, entity[j], tick) for j = 0..n-1, any entities in
 * any order: out[j] holds the same four words as the first sim_rng_refill of the stream
 * sim_rng_init(seed, purpose, entity[j], tick). For the sparse draws
 * of a pass (a household in five, say), listed first and then filled SIM_RNG_LANES at a time
 * side by side as sim_rng_first_blocks does (about a sixth of the instructions of a block at
 * a time under callgrind); a list's last few take a batch of their own. */
void sim_rng_first_blocks_list(uint64_t seed, uint32_t purpose, const uint32_t *entity, uint32_t n, uint32_t tick,
                               uint32_t (*out)[4]);
/* The same with one implementation chosen, as sim_rng_first_blocks_isa. */
int sim_rng_first_blocks_list_isa(int isa, uint64_t seed, uint32_t purpose, const uint32_t *entity, uint32_t n,
                                  uint32_t tick, uint32_t (*out)[4]);
#endif
