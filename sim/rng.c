/* rng.c: Philox4x32-10 streams over Random123 and their gsl_rng_type. The counter is
 * (purpose, entity, tick, block); the key is the 64-bit seed. Nothing here is global
 * or mutable: the gsl_rng_type is const. */
#include "rng.h"
#include <stddef.h>
#include <Random123/philox.h>
#include <string.h>

void sim_rng_refill(sim_rng_stream *s)
{
    philox4x32_ctr_t c = {{s->st.ctr[0], s->st.ctr[1], s->st.ctr[2], s->st.ctr[3]}};
    philox4x32_key_t k = {{s->st.key[0], s->st.key[1]}};
    philox4x32_ctr_t r = philox4x32(c, k);
    memcpy(s->st.buf, r.v, sizeof s->st.buf);
    s->st.ctr[3]++;
    s->st.used = 0;
}

uint32_t sim_rng_below(sim_rng_stream *s, uint32_t n)
{
    /* Lemire's multiply-shift with rejection: unbiased and branch-light */
    uint64_t m = (uint64_t)sim_rng_u32(s) * n;
    uint32_t l = (uint32_t)m;
    if (l < n) {
        uint32_t t = (uint32_t)(-n) % n;
        while (l < t) {
            m = (uint64_t)sim_rng_u32(s) * n;
            l = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

void sim_rng_philox_block(const uint32_t key[2], const uint32_t ctr[4], uint32_t out[4])
{
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t r = philox4x32(c, k);
    memcpy(out, r.v, 4 * sizeof *out);
}

/* Philox4x32-10 as Random123 defines it (philox.h: PHILOX_M4x32_0/1, PHILOX_W32_0/1), over
 * SIM_RNG_LANES counters at once in structure-of-arrays form so that the compiler keeps a
 * lane per vector element (32 x 32 -> 64-bit products: pmuludq). Integer arithmetic only:
 * every clone gives the same words as the scalar library (test_rng checks it). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void sim_rng_first_blocks(uint64_t seed, uint32_t purpose, uint32_t entity0, uint32_t tick,
                          uint32_t out[SIM_RNG_LANES][4])
{
    uint32_t c0[SIM_RNG_LANES], c1[SIM_RNG_LANES], c2[SIM_RNG_LANES], c3[SIM_RNG_LANES];
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    for (int j = 0; j < SIM_RNG_LANES; j++) {
        c0[j] = purpose;
        c1[j] = entity0 + (uint32_t)j;
        c2[j] = tick;
        c3[j] = 0;
    }
    for (int round = 0; round < 10; round++) {
        for (int j = 0; j < SIM_RNG_LANES; j++) {
            uint64_t p0 = (uint64_t)PHILOX_M4x32_0 * c0[j], p1 = (uint64_t)PHILOX_M4x32_1 * c2[j];
            uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1[j] ^ k0, n2 = (uint32_t)(p0 >> 32) ^ c3[j] ^ k1;
            c0[j] = n0;
            c1[j] = (uint32_t)p1;
            c2[j] = n2;
            c3[j] = (uint32_t)p0;
        }
        k0 += PHILOX_W32_0;
        k1 += PHILOX_W32_1;
    }
    for (int j = 0; j < SIM_RNG_LANES; j++) {
        out[j][0] = c0[j];
        out[j][1] = c1[j];
        out[j][2] = c2[j];
        out[j][3] = c3[j];
    }
}

/* gsl_rng_type glue: the state is the stream's "st" member. */
typedef struct sim_rng_stream_state_view {
    uint32_t key[2], ctr[4], buf[4];
    unsigned used;
} state_view;

static unsigned long gsl_get(void *vstate)
{
    sim_rng_stream *s = (sim_rng_stream *)((char *)vstate - offsetof(sim_rng_stream, st));
    return sim_rng_u32(s);
}

static double gsl_get_double(void *vstate)
{
    sim_rng_stream *s = (sim_rng_stream *)((char *)vstate - offsetof(sim_rng_stream, st));
    return sim_rng_u32(s) * (1.0 / 4294967296.0);
}

static void gsl_set(void *vstate, unsigned long seed)
{
    /* gsl_rng_set: a stream keyed by "seed" alone, purpose/entity/tick zero */
    sim_rng_stream *s = (sim_rng_stream *)((char *)vstate - offsetof(sim_rng_stream, st));
    sim_rng_init(s, seed, 0, 0, 0);
}

static const gsl_rng_type philox_type = {
    "philox4x32", 0xffffffffUL, 0, sizeof(state_view), gsl_set, gsl_get, gsl_get_double};
const gsl_rng_type *sim_rng_philox = &philox_type;

void sim_rng_init(sim_rng_stream *s, uint64_t seed, uint32_t purpose, uint32_t entity,
                  uint32_t tick)
{
    s->gsl.type = &philox_type;
    s->gsl.state = &s->st;
    s->st.key[0] = (uint32_t)seed;
    s->st.key[1] = (uint32_t)(seed >> 32);
    s->st.ctr[0] = purpose;
    s->st.ctr[1] = entity;
    s->st.ctr[2] = tick;
    s->st.ctr[3] = 0;
    s->st.used = 4;
}
