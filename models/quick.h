/* quick.h: cheap draws and age tests for the per-tick passes over all households or persons.
 * Most entities draw one word a tick and nothing else: one Philox block serves four
 * consecutive entities (mdl_quad), or sixteen for small hazards (mdl_bytes), a stream of
 * their own is opened only when something happens (mdl_lazy), and age tests compare birth
 * days with cut-offs computed once a tick. */
#ifndef MDL_QUICK_H
#define MDL_QUICK_H
#include "../sim/world.h"
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* One 32-bit word per entity and tick: word (entity & 3) of the first block of the stream
 * (purpose, entity >> 2) of this tick, so a pure function of seed, purpose, entity and tick
 * whatever the order of the calls. The blocks of SIM_RNG_LANES consecutive groups are
 * computed together (sim_rng_first_blocks) and the last such batch asked for is kept. */
#define MDL_QUAD_SPAN (4u * SIM_RNG_LANES) /* entities per batch */
typedef struct mdl_quad {
    uint32_t purpose;
    uint32_t batch; /* entity / MDL_QUAD_SPAN + 1 of the kept words; 0: none */
    uint64_t seed;  /* sim_seed and sim_tick (calls), read at the first batch: a quad serves */
    uint32_t tick;  /* one pass of one tick, initialised in it */
    uint32_t word[SIM_RNG_LANES][4];
} mdl_quad;

/* The blocks of batch "b" of a quad's or bytes' stream (mdl_quad_word, mdl_bytes_get) into
 * "out"; "batch" becomes b + 1. The seed and tick are read at the first batch and kept. */
static inline void mdl_batch_fill(const sim_world *w, uint32_t *batch, uint64_t *seed, uint32_t *tick, uint32_t purpose,
                                  uint32_t b, uint32_t out[SIM_RNG_LANES][4])
{
    if (!*batch) {
        *seed = sim_seed(w);
        *tick = sim_tick(w);
    }
    sim_rng_first_blocks(*seed, purpose, b * SIM_RNG_LANES, *tick, out);
    *batch = b + 1;
}

static inline void mdl_quad_init(mdl_quad *q, uint32_t purpose)
{
    q->purpose = purpose;
    q->batch = 0;
}

/* The word of "entity" this tick (the same word on every call: one draw per entity). */
static inline uint32_t mdl_quad_word(const sim_world *w, mdl_quad *q, uint32_t entity)
{
    uint32_t b = entity / MDL_QUAD_SPAN;
    if (q->batch != b + 1)
        mdl_batch_fill(w, &q->batch, &q->seed, &q->tick, q->purpose, b, q->word);
    return q->word[entity / 4 % SIM_RNG_LANES][entity & 3];
}

/* 1 with probability "p" from the word "u" (resolution 2^-32), as sim_rng_chance. */
static inline int mdl_word_chance(uint32_t u, double p)
{
    return (double)u < p * 4294967296.0;
}

/* One byte per entity and tick, sixteen entities to a random block: byte (entity & 15) of
 * the first block of the stream (purpose, entity >> 4) of this tick. For hazards far below
 * 1: the byte is the top of the entity's uniform 32-bit word; when it alone does not settle
 * the comparison (mdl_byte_above), mdl_byte_word completes the word with 24 bits of another
 * stream, so the word is uniform and every comparison exact, as with mdl_quad. The blocks of
 * SIM_RNG_LANES consecutive groups are computed together, as in mdl_quad. */
#define MDL_BYTES_SPAN (16u * SIM_RNG_LANES) /* entities per batch */
typedef struct mdl_bytes {
    uint32_t purpose;
    uint32_t batch; /* entity / MDL_BYTES_SPAN + 1 of the kept blocks; 0: none */
    uint64_t seed;  /* as in mdl_quad */
    uint32_t tick;
    uint32_t block[SIM_RNG_LANES][4]; /* byte k of a group: bits 8 (k & 3) up of word k >> 2 */
} mdl_bytes;

static inline void mdl_bytes_init(mdl_bytes *q, uint32_t purpose)
{
    q->purpose = purpose;
    q->batch = 0;
}

/* The byte (0..255) of "entity" this tick. */
static inline uint32_t mdl_bytes_get(const sim_world *w, mdl_bytes *q, uint32_t entity)
{
    uint32_t b = entity / MDL_BYTES_SPAN;
    if (q->batch != b + 1)
        mdl_batch_fill(w, &q->batch, &q->seed, &q->tick, q->purpose, b, q->block);
    unsigned k = entity & 15;
    return q->block[entity / 16 % SIM_RNG_LANES][k >> 2] >> 8 * (k & 3) & 0xffu;
}

/* 1 when every word with top byte "t" is at least p * 2^32: the chance "p" is not met,
 * whatever the rest of the word. */
static inline int mdl_byte_above(uint32_t t, double p)
{
    return (double)(t << 24) >= p * 4294967296.0;
}

/* The whole uniform word: top byte "t", the other 24 bits from stream "r". */
static inline uint32_t mdl_byte_word(uint32_t t, sim_rng_stream *r)
{
    return t << 24 | sim_rng_u32(r) >> 8;
}

/* A stream of one entity opened at its first use. Single words (mdl_lazy_u32) come from
 * its first four without opening it (sim_stream_first: one Philox block, without the set-up
 * of a stream, or the block given to mdl_lazy_init_first); mdl_lazy_get opens it past the
 * words already drawn. Either way the same words in the same order as drawing everything
 * from the stream. */
typedef struct mdl_lazy {
    sim_rng_stream r;
    uint32_t purpose, entity;
    int open;       /* "r" is open, past every word drawn */
    int filled;     /* "first" holds the stream's first block */
    unsigned used;  /* words of "first" drawn */
    uint32_t first[4];
} mdl_lazy;

static inline void mdl_lazy_init(mdl_lazy *l, uint32_t purpose, uint32_t entity)
{
    l->purpose = purpose;
    l->entity = entity;
    l->open = 0;
    l->filled = 0;
    l->used = 0;
}

/* As mdl_lazy_init, with the stream's first block already worked out (the entities of a pass
 * that draw are listed, and their blocks filled together by sim_rng_first_blocks_list). */
static inline void mdl_lazy_init_first(mdl_lazy *l, uint32_t purpose, uint32_t entity, const uint32_t first[4])
{
    mdl_lazy_init(l, purpose, entity);
    memcpy(l->first, first, sizeof l->first);
    l->filled = 1;
}

static inline sim_rng_stream *mdl_lazy_get(const sim_world *w, mdl_lazy *l)
{
    if (!l->open) {
        sim_stream(w, &l->r, l->purpose, l->entity);
        if (l->filled) /* past the words drawn, from the block already worked out */
            sim_rng_resume(&l->r, l->first, l->used);
        l->open = 1;
    }
    return &l->r;
}

/* The stream's next word, as sim_rng_u32(mdl_lazy_get(w, l)). */
static inline uint32_t mdl_lazy_u32(const sim_world *w, mdl_lazy *l)
{
    if (l->open || l->used == 4)
        return sim_rng_u32(mdl_lazy_get(w, l));
    if (!l->filled) {
        sim_stream_first(w, l->purpose, l->entity, l->first);
        l->filled = 1;
    }
    return l->first[l->used++];
}

/* As sim_rng_bernoulli(mdl_lazy_get(w, l), p): its two words come from the first block while
 * they are among the stream's first four, without opening it. */
static inline int mdl_lazy_bernoulli(const sim_world *w, mdl_lazy *l, double p)
{
    if (p <= 0)
        return 0;
    if (p >= 1)
        return 1;
    uint32_t a = mdl_lazy_u32(w, l);
    return sim_rng_u01_of(a, mdl_lazy_u32(w, l)) < p;
}

/* The latest birth day of someone whose age on "day", (day - birth) / 365.2425 years, is at
 * least "years": "birth <= cut" is the test "age >= years" (for whole years the same as
 * mdl_age_years(birth, day) >= years), without a division per person. */
static inline int32_t mdl_birth_cut(int32_t day, double years)
{
    int32_t b = day - (int32_t)(years * 365.2425);
    while ((day - b) / 365.2425 < years)
        b--;
    while ((day - (b + 1)) / 365.2425 >= years)
        b++;
    return b;
}

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "mdl_bytes_mask reads eight bytes as a little-endian word"
#endif
/* Bit k: byte k of "f" (each 0 or 1), for the n <= 64 bytes at "f". Flags computed a byte
 * per entity in a loop the compiler vectorises become the mask that a walk over the few
 * entities set reads with ctz: eight bytes at a time, a multiplication gathers their low
 * bits into the top byte (byte j to bit 56 + j). A whole block of 64 (nearly every call, and
 * a constant n folds the test) takes four SSE2 movemasks instead (part of every x86-64):
 * shifted left by 7 in its 64-bit lane, a byte that is 0 or 1 has its flag in its own top
 * bit, which pmovmskb gathers, the same mask in about 20 instructions instead of 60. */
static inline uint64_t mdl_bytes_mask(const uint8_t *f, uint32_t n)
{
    uint64_t m = 0;
    if (n == 64) {
#ifdef __SSE2__
        for (int j = 0; j < 4; j++) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(f + 16 * j));
            m |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_slli_epi64(v, 7)) << 16 * j;
        }
#else
        for (uint32_t j = 0; j < 64; j += 8) {
            uint64_t v;
            memcpy(&v, f + j, 8);
            m |= (v * 0x0102040810204080ull) >> 56 << j;
        }
#endif
        return m;
    }
    for (uint32_t j = 0; j < n; j += 8) {
        uint64_t v = 0;
        memcpy(&v, f + j, n - j < 8 ? n - j : 8);
        m |= (v * 0x0102040810204080ull) >> 56 << j;
    }
    return m;
}

/* The number of bits set in "x". Without popcnt in the build (the default x86-64 one)
 * __builtin_popcountll is a call to libgcc's __popcountdi2; the same sums inline: bit counts
 * of 2, 4 and 8 bits, and the bytes' counts summed by a multiplication into the top byte
 * (about 12 instructions against 21 and a call). The AVX2 version of an MDL_VECTOR function
 * has popcnt for __builtin_popcountll, but this is the same in both versions. */
static inline uint32_t mdl_popcount64(uint64_t x)
{
#ifdef __POPCNT__
    return (uint32_t)__builtin_popcountll(x);
#else
    x -= x >> 1 & 0x5555555555555555ull;
    x = (x & 0x3333333333333333ull) + (x >> 2 & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (uint32_t)(x * 0x0101010101010101ull >> 56);
#endif
}

/* Marks of groups of MDL_GROUP entities (a byte each), set by a parallel pass for the few
 * entities a serial pass after it must visit: the serial pass looks at the groups marked
 * (mdl_next_nonzero over the marks) instead of every entity's row. Entities of one group
 * may be marked from several threads: each stores the same 1. */
#define MDL_GROUP_SHIFT 6
#define MDL_GROUP (1u << MDL_GROUP_SHIFT)
#define MDL_GROUPS(n) (((n) + MDL_GROUP - 1) >> MDL_GROUP_SHIFT)
static inline void mdl_group_mark(uint8_t *marks, uint32_t i)
{
    __atomic_store_n(&marks[i >> MDL_GROUP_SHIFT], 1, __ATOMIC_RELAXED);
}

/* The first index in [i, n) whose byte in "a" is not 0, or n: eight bytes at a time, for the
 * serial scans of a per-entity byte that is 0 for nearly everyone. */
static inline uint32_t mdl_next_nonzero(const uint8_t *a, uint32_t i, uint32_t n)
{
    for (; i < n && (i & 7u); i++)
        if (a[i])
            return i;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, a + i, sizeof v);
        if (v)
            break;
    }
    for (; i < n; i++)
        if (a[i])
            return i;
    return n;
}

/* The first index in [i, n) that lies in a group marked in "marks" (mdl_group_mark), or n:
 * unmarked groups are skipped eight at a time. */
static inline uint32_t mdl_marked_from(const uint8_t *marks, uint32_t i, uint32_t n)
{
    if (i < n && !marks[i >> MDL_GROUP_SHIFT])
        i = mdl_next_nonzero(marks, (i >> MDL_GROUP_SHIFT) + 1, MDL_GROUPS(n)) << MDL_GROUP_SHIFT;
    return i < n ? i : n;
}

/* The end of the group of index "i", at most n. */
static inline uint32_t mdl_group_end(uint32_t i, uint32_t n)
{
    uint32_t end = ((i >> MDL_GROUP_SHIFT) + 1) << MDL_GROUP_SHIFT;
    return end < n ? end : n;
}

/* The first index in [i, n) whose byte in "a" is not 0, looking only in the groups marked in
 * "marks" (mdl_group_mark), or n. */
static inline uint32_t mdl_next_marked(const uint8_t *a, const uint8_t *marks, uint32_t i, uint32_t n)
{
    for (i = mdl_marked_from(marks, i, n); i < n; i = mdl_marked_from(marks, i, n)) {
        uint32_t end = mdl_group_end(i, n), j = mdl_next_nonzero(a, i, end);
        if (j < end)
            return j;
        i = end;
    }
    return n;
}

/* Before a function whose loops the compiler vectorises: it is built twice, for AVX2 and for
 * any x86-64 (SSE2, the build's baseline), and the loader picks the AVX2 one where the
 * processor has it (an ifunc, resolved once). Eight lanes a vector instead of four: the
 * outcomes, population and households passes took 20-45 % fewer instructions. The same
 * operations in the same order on either path (AVX2 brings no fused multiply-add, and the
 * compiler reorders no floating-point sums), so the numbers do not depend on the processor:
 * the sanitizer build defines NABIJ_NO_CLONES, builds the baseline path only, and test
 * e2e_builds compares its files with the optimised build's. Elsewhere (another compiler or
 * processor) the function is built once, as before (SIM_RNG_CLONES, rng.h). */
#define MDL_VECTOR SIM_RNG_CLONES
#endif
