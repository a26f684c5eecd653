/* rng.c: Philox4x32-10 streams over Random123 and their gsl_rng_type. The counter is
 * (purpose, entity, tick, block); the key is the 64-bit seed. Nothing here is global
 * or mutable: the gsl_rng_type is const. */
#include "rng.h"
#include <stddef.h>
#include <Random123/philox.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* One Philox4x32-10 block. Where SSE2 is (part of every x86-64), in two 64-bit lanes:
 * counter words 0 and 2 in the low halves of "x", 1 and 3 in those of "y"; pmuludq gives
 * both of a round's products whole, and swapping the lanes pairs each product with the words
 * it is combined with, about six instructions a round instead of twelve (a block took about
 * 150 instructions under callgrind, now 100). The high halves are never read. Integer
 * arithmetic only: the library's words (test_rng's known answers). */
static void philox_block(const uint32_t key[2], const uint32_t ctr[4], uint32_t out[4])
{
#ifdef __SSE2__
    const __m128i m = _mm_set_epi32(0, (int)PHILOX_M4x32_1, 0, (int)PHILOX_M4x32_0),
                  w = _mm_set_epi32(0, (int)PHILOX_W32_1, 0, (int)PHILOX_W32_0);
    __m128i x = _mm_set_epi32(0, (int)ctr[2], 0, (int)ctr[0]), y = _mm_set_epi32(0, (int)ctr[3], 0, (int)ctr[1]),
            k = _mm_set_epi32(0, (int)key[1], 0, (int)key[0]);
    _Pragma("GCC unroll 10") for (int round = 0; round < 10; round++) {
        __m128i q = _mm_shuffle_epi32(_mm_mul_epu32(x, m), _MM_SHUFFLE(1, 0, 3, 2)); /* word 2's product, word 0's */
        x = _mm_xor_si128(_mm_xor_si128(_mm_srli_epi64(q, 32), y), k);
        y = q;
        k = _mm_add_epi32(k, w);
    }
    _mm_storeu_si128((__m128i *)(void *)out, _mm_unpacklo_epi64(_mm_unpacklo_epi32(x, y), _mm_unpackhi_epi32(x, y)));
#else
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t r = philox4x32(c, k);
    memcpy(out, r.v, 4 * sizeof *out);
#endif
}

/* Built for AVX2 too: its three-operand forms spare the register copies of the SSE2 code,
 * about 20 of a block's 100 instructions. */
SIM_RNG_CLONES
void sim_rng_refill(sim_rng_stream *s)
{
    philox_block(s->st.key, s->st.ctr, s->st.buf);
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

SIM_RNG_CLONES
void sim_rng_philox_block(const uint32_t key[2], const uint32_t ctr[4], uint32_t out[4])
{
    philox_block(key, ctr, out);
}

/* The first blocks of the SIM_RNG_LANES streams (purpose, ent[j], tick), one implementation
 * per instruction set; sim_rng_first_blocks and sim_rng_first_blocks_list call them for
 * consecutive entities and for a list. The vector ones keep a lane per 64-bit element whose
 * low half is a counter word (vpmuludq multiplies the low halves into the whole element:
 * Philox's hi and lo at once); the high halves are never read, and the words are stored
 * truncated. The ten rounds are unrolled: the key schedule becomes constants added to the
 * seed, and the compiler works out once the parts of the first two rounds that depend only
 * on the purpose, tick and seed (a batch took 631 instructions under callgrind, now about
 * 380). Integer arithmetic only: every implementation gives the scalar library's words
 * (test_rng checks each that this machine can run). */
typedef void lanes_fn(uint64_t seed, uint32_t purpose, const uint32_t ent[SIM_RNG_LANES], uint32_t tick,
                      uint32_t out[SIM_RNG_LANES][4]);

/* the plain version, for any number "n" of streams: a list's last few cost no more than
 * their own blocks */
static void blocks_plain(uint64_t seed, uint32_t purpose, const uint32_t *ent, uint32_t n, uint32_t tick,
                         uint32_t (*out)[4])
{
    philox4x32_key_t k = {{(uint32_t)seed, (uint32_t)(seed >> 32)}};
    for (uint32_t j = 0; j < n; j++) {
        philox4x32_ctr_t c = {{purpose, ent[j], tick, 0}};
        philox4x32_ctr_t r = philox4x32(c, k);
        memcpy(out[j], r.v, sizeof out[j]);
    }
}

static void lanes_plain(uint64_t seed, uint32_t purpose, const uint32_t ent[SIM_RNG_LANES], uint32_t tick,
                        uint32_t out[SIM_RNG_LANES][4])
{
    blocks_plain(seed, purpose, ent, SIM_RNG_LANES, tick, out);
}

#if SIM_RNG_X86
#include <immintrin.h>
#define PHILOX_VEC(NAME, TARGET, V, LANES, SET1, LOAD, MUL, SRLI, XOR, ADD32, OUT)                       \
    __attribute__((target(TARGET))) static void NAME(uint64_t seed, uint32_t purpose,                   \
                                                     const uint32_t ent[SIM_RNG_LANES], uint32_t tick,  \
                                                     uint32_t out[SIM_RNG_LANES][4])                    \
    {                                                                                                   \
        enum { G = 2 }; /* vectors side by side: their rounds overlap; more spill (16 AVX2 registers) */\
        const V m0 = SET1((long long)PHILOX_M4x32_0), m1 = SET1((long long)PHILOX_M4x32_1);             \
        const V w0 = SET1((long long)PHILOX_W32_0), w1 = SET1((long long)PHILOX_W32_1);                 \
        for (uint32_t g = 0; g < SIM_RNG_LANES; g += G * LANES) {                                       \
            V c0[G], c1[G], c2[G], c3[G];                                                               \
            for (uint32_t u = 0; u < G; u++) {                                                          \
                c0[u] = SET1((long long)purpose), c2[u] = SET1((long long)tick), c3[u] = SET1(0);       \
                c1[u] = LOAD(ent + g + u * LANES);                                                      \
            }                                                                                           \
            V key0 = SET1((long long)(uint32_t)seed), key1 = SET1((long long)(uint32_t)(seed >> 32));   \
            _Pragma("GCC unroll 10") for (int round = 0; round < 10; round++) {                         \
                for (uint32_t u = 0; u < G; u++) {                                                      \
                    V p0 = MUL(c0[u], m0), p1 = MUL(c2[u], m1);                                         \
                    c0[u] = XOR(XOR(SRLI(p1, 32), c1[u]), key0);                                        \
                    c2[u] = XOR(XOR(SRLI(p0, 32), c3[u]), key1);                                        \
                    c1[u] = p1;                                                                         \
                    c3[u] = p0;                                                                         \
                }                                                                                       \
                key0 = ADD32(key0, w0);                                                                 \
                key1 = ADD32(key1, w1);                                                                 \
            }                                                                                           \
            for (uint32_t u = 0; u < G; u++)                                                            \
                OUT(out + g + u * LANES, c0[u], c1[u], c2[u], c3[u]);                                   \
        }                                                                                               \
    }

/* four entities, each zero-extended into a 64-bit element */
__attribute__((target("avx2"))) static inline __m256i load_avx2(const uint32_t *p)
{
    return _mm256_cvtepu32_epi64(_mm_loadu_si128((const __m128i *)(const void *)p));
}
/* The blocks of four lanes from the low halves of their four counter words, one block after
 * the other (a 4 x 4 transposition in the registers; before, the words went through the
 * stack one at a time, a fifth of the instructions of a batch). Within each 128-bit half,
 * the unpacks pair the words of a lane: the even lanes in "e", the odd ones in "o". */
__attribute__((target("avx2"))) static inline void out_avx2(uint32_t (*out)[4], __m256i w0, __m256i w1, __m256i w2,
                                                            __m256i w3)
{
    __m256i e = _mm256_unpacklo_epi64(_mm256_unpacklo_epi32(w0, w1), _mm256_unpacklo_epi32(w2, w3));
    __m256i o = _mm256_unpacklo_epi64(_mm256_unpackhi_epi32(w0, w1), _mm256_unpackhi_epi32(w2, w3));
    _mm256_storeu_si256((__m256i *)(void *)out[0], _mm256_permute2x128_si256(e, o, 0x20)); /* lanes 0, 1 */
    _mm256_storeu_si256((__m256i *)(void *)out[2], _mm256_permute2x128_si256(e, o, 0x31)); /* lanes 2, 3 */
}
__attribute__((target("avx512f"))) static inline __m512i load_avx512(const uint32_t *p)
{
    return _mm512_cvtepu32_epi64(_mm256_loadu_si256((const __m256i *)(const void *)p));
}
/* the same for eight lanes: "e" holds lanes 0, 2, 4, 6 and "o" lanes 1, 3, 5, 7 */
__attribute__((target("avx512f"))) static inline void out_avx512(uint32_t (*out)[4], __m512i w0, __m512i w1,
                                                                 __m512i w2, __m512i w3)
{
    __m512i e = _mm512_unpacklo_epi64(_mm512_unpacklo_epi32(w0, w1), _mm512_unpacklo_epi32(w2, w3));
    __m512i o = _mm512_unpacklo_epi64(_mm512_unpackhi_epi32(w0, w1), _mm512_unpackhi_epi32(w2, w3));
    _mm512_storeu_si512(out[0], _mm512_permutex2var_epi64(e, _mm512_setr_epi64(0, 1, 8, 9, 2, 3, 10, 11), o));
    _mm512_storeu_si512(out[4], _mm512_permutex2var_epi64(e, _mm512_setr_epi64(4, 5, 12, 13, 6, 7, 14, 15), o));
}

PHILOX_VEC(lanes_avx2, "avx2", __m256i, 4, _mm256_set1_epi64x, load_avx2, _mm256_mul_epu32, _mm256_srli_epi64,
           _mm256_xor_si256, _mm256_add_epi32, out_avx2)
PHILOX_VEC(lanes_avx512, "avx512f", __m512i, 8, _mm512_set1_epi64, load_avx512, _mm512_mul_epu32,
           _mm512_srli_epi64, _mm512_xor_si512, _mm512_add_epi32, out_avx512)
#endif

/* The implementation of "isa", or NULL if this build or processor cannot run it. */
static lanes_fn *lanes_for(int isa)
{
    switch (isa) {
    case SIM_RNG_PLAIN:
        return lanes_plain;
#if SIM_RNG_X86
    case SIM_RNG_AVX2:
        return __builtin_cpu_supports("avx2") ? lanes_avx2 : NULL;
    case SIM_RNG_AVX512:
        return __builtin_cpu_supports("avx512f") ? lanes_avx512 : NULL;
#endif
    default:
        return NULL;
    }
}

/* the widest implementation this processor runs; the plain one always does */
static lanes_fn *widest(void)
{
    for (int isa = SIM_RNG_AVX512; isa > SIM_RNG_PLAIN; isa--) {
        lanes_fn *f = lanes_for(isa);
        if (f)
            return f;
    }
    return lanes_plain;
}

static void consecutive(lanes_fn *f, uint64_t seed, uint32_t purpose, uint32_t entity0, uint32_t tick,
                        uint32_t out[SIM_RNG_LANES][4])
{
    uint32_t ent[SIM_RNG_LANES];
    for (uint32_t j = 0; j < SIM_RNG_LANES; j++)
        ent[j] = entity0 + j;
    f(seed, purpose, ent, tick, out);
}

int sim_rng_first_blocks_isa(int isa, uint64_t seed, uint32_t purpose, uint32_t entity0, uint32_t tick,
                             uint32_t out[SIM_RNG_LANES][4])
{
    lanes_fn *f = lanes_for(isa);
    if (!f)
        return -1;
    consecutive(f, seed, purpose, entity0, tick, out);
    return 0;
}

void sim_rng_first_blocks(uint64_t seed, uint32_t purpose, uint32_t entity0, uint32_t tick,
                          uint32_t out[SIM_RNG_LANES][4])
{
    consecutive(widest(), seed, purpose, entity0, tick, out);
}

static void listed(lanes_fn *f, uint64_t seed, uint32_t purpose, const uint32_t *entity, uint32_t n, uint32_t tick,
                   uint32_t (*out)[4])
{
    if (f == lanes_plain) {
        blocks_plain(seed, purpose, entity, n, tick, out);
        return;
    }
    uint32_t j = 0;
    for (; j + SIM_RNG_LANES <= n; j += SIM_RNG_LANES)
        f(seed, purpose, entity + j, tick, out + j);
    if (j < n) {
        /* the last few in lanes of their own: the unused lanes draw for entity 0, unread */
        uint32_t ent[SIM_RNG_LANES] = {0}, tail[SIM_RNG_LANES][4];
        memcpy(ent, entity + j, (n - j) * sizeof *ent);
        f(seed, purpose, ent, tick, tail);
        memcpy(out + j, tail, (n - j) * sizeof *tail);
    }
}

int sim_rng_first_blocks_list_isa(int isa, uint64_t seed, uint32_t purpose, const uint32_t *entity, uint32_t n,
                                  uint32_t tick, uint32_t (*out)[4])
{
    lanes_fn *f = lanes_for(isa);
    if (!f)
        return -1;
    listed(f, seed, purpose, entity, n, tick, out);
    return 0;
}

void sim_rng_first_blocks_list(uint64_t seed, uint32_t purpose, const uint32_t *entity, uint32_t n, uint32_t tick,
                               uint32_t (*out)[4])
{
    listed(widest(), seed, purpose, entity, n, tick, out);
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
