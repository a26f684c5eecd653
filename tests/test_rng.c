/* test_rng.c: Philox known answers (Random123's published vectors), stream purity, and the
 * GSL glue. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include "rng.h"

static void test_rng_philox_known_answers(void **st)
{
    (void)st;
    static const struct {
        uint32_t key[2], ctr[4], out[4];
    } kat[] = {
        {{0, 0}, {0, 0, 0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
        {{0xffffffff, 0xffffffff},
         {0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
         {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
        {{0xa4093822, 0x299f31d0},
         {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
         {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
    };
    for (size_t i = 0; i < sizeof kat / sizeof kat[0]; i++) {
        uint32_t out[4];
        sim_rng_philox_block(kat[i].key, kat[i].ctr, out);
        for (int k = 0; k < 4; k++)
            assert_int_equal(out[k], kat[i].out[k]);
    }
}

/* the stream for (seed, purpose, entity, tick) is block (key=seed, ctr=(p, e, t, 0)), ... */
static void test_rng_stream_layout(void **st)
{
    (void)st;
    sim_rng_stream s;
    uint64_t seed = 0x299f31d0a4093822ULL;
    sim_rng_init(&s, seed, 0x243f6a88, 0x85a308d3, 0x13198a2e);
    uint32_t key[2] = {0xa4093822, 0x299f31d0}, ctr[4] = {0x243f6a88, 0x85a308d3, 0x13198a2e, 0};
    uint32_t b0[4], b1[4];
    sim_rng_philox_block(key, ctr, b0);
    ctr[3] = 1;
    sim_rng_philox_block(key, ctr, b1);
    for (int k = 0; k < 4; k++)
        assert_int_equal(sim_rng_u32(&s), b0[k]);
    for (int k = 0; k < 4; k++)
        assert_int_equal(sim_rng_u32(&s), b1[k]);
}

/* the batched first blocks are the streams' first blocks, lane by lane, in the version this
 * machine picks and in every version it can run (plain, AVX2, AVX-512); entity numbers may
 * wrap around 2^32 */
static void test_rng_first_blocks_match_streams(void **st)
{
    (void)st;
    static const struct {
        uint64_t seed;
        uint32_t purpose, entity0, tick;
    } cases[] = {{0, 0, 0, 0},
                 {1, 7, 1000, 3},
                 {0x299f31d0a4093822ULL, 0x243f6a88, 0x85a308d3, 0x13198a2e},
                 {0xffffffffffffffffULL, 0xffffffff, 0xfffffffc, 0xffffffff},
                 {42, 3, 4096, 519}};
    int ran = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        for (int isa = -1; isa <= SIM_RNG_AVX512; isa++) {
            uint32_t out[SIM_RNG_LANES][4];
            if (isa < 0)
                sim_rng_first_blocks(cases[i].seed, cases[i].purpose, cases[i].entity0, cases[i].tick, out);
            else if (sim_rng_first_blocks_isa(isa, cases[i].seed, cases[i].purpose, cases[i].entity0,
                                              cases[i].tick, out) != 0)
                continue;
            else
                ran++;
            for (uint32_t j = 0; j < SIM_RNG_LANES; j++) {
                sim_rng_stream s;
                sim_rng_init(&s, cases[i].seed, cases[i].purpose, cases[i].entity0 + j, cases[i].tick);
                for (int k = 0; k < 4; k++)
                    assert_int_equal(out[j][k], sim_rng_u32(&s));
            }
        }
    }
    assert_true(ran >= (int)(sizeof cases / sizeof cases[0])); /* the plain version at least */
}

/* the blocks of a list of entities are the streams' first blocks, entry by entry, in the
 * version this machine picks and in every version it can run: random entities (repeats and
 * any order allowed) and every length up to three batches and a few, so that the last batch
 * is anything from empty to full */
static void test_rng_first_blocks_list_match_streams(void **st)
{
    (void)st;
    enum { MAX = 3 * SIM_RNG_LANES + 5 };
    sim_rng_stream pick;
    sim_rng_init(&pick, 9, 1, 2, 3);
    int ran = 0;
    for (uint32_t n = 0; n <= MAX; n++) {
        uint64_t seed = (uint64_t)sim_rng_u32(&pick) << 32 | sim_rng_u32(&pick);
        uint32_t purpose = sim_rng_u32(&pick), tick = sim_rng_u32(&pick) % 1000, entity[MAX];
        for (uint32_t j = 0; j < n; j++)
            entity[j] = j % 5 == 4 ? entity[j / 2] : sim_rng_u32(&pick) >> (j % 3 * 12);
        for (int isa = -1; isa <= SIM_RNG_AVX512; isa++) {
            uint32_t out[MAX + 1][4];
            out[n][0] = 0x5eed; /* past the list: must stay as it is */
            if (isa < 0)
                sim_rng_first_blocks_list(seed, purpose, entity, n, tick, out);
            else if (sim_rng_first_blocks_list_isa(isa, seed, purpose, entity, n, tick, out) != 0)
                continue;
            else
                ran++;
            for (uint32_t j = 0; j < n; j++) {
                sim_rng_stream s;
                sim_rng_init(&s, seed, purpose, entity[j], tick);
                for (int k = 0; k < 4; k++)
                    assert_int_equal(out[j][k], sim_rng_u32(&s));
            }
            assert_int_equal(out[n][0], 0x5eed);
        }
    }
    assert_true(ran >= MAX + 1); /* the plain version at least */
}

/* sim_rng_resume: a stream opened and set past "used" words of its first block goes on with
 * the words the stream itself gives after those, into the blocks after the first; and
 * sim_rng_u01_of of two words is sim_rng_u01 drawing them */
static void test_rng_resume_and_u01_of(void **st)
{
    (void)st;
    uint32_t entity = 4711, first[1][4];
    sim_rng_first_blocks_list(99, 5, &entity, 1, 17, first);
    for (unsigned used = 0; used <= 4; used++) {
        sim_rng_stream a, b;
        sim_rng_init(&a, 99, 5, entity, 17);
        sim_rng_resume(&a, first[0], used);
        sim_rng_init(&b, 99, 5, entity, 17);
        for (unsigned k = 0; k < used; k++)
            (void)sim_rng_u32(&b);
        for (int k = 0; k < 13; k++)
            assert_int_equal(sim_rng_u32(&a), sim_rng_u32(&b));
    }
    sim_rng_stream c, d;
    sim_rng_init(&c, 3, 4, 5, 6);
    sim_rng_init(&d, 3, 4, 5, 6);
    for (int k = 0; k < 10; k++) {
        uint32_t x = sim_rng_u32(&d);
        assert_true(sim_rng_u01(&c) == sim_rng_u01_of(x, sim_rng_u32(&d)));
    }
}

static void test_rng_pure_function(void **st)
{
    (void)st;
    sim_rng_stream a, b, c;
    sim_rng_init(&a, 42, 7, 1000, 3);
    sim_rng_init(&b, 42, 7, 1000, 3);
    sim_rng_init(&c, 42, 8, 1000, 3); /* another purpose */
    int differ = 0;
    for (int i = 0; i < 100; i++) {
        uint32_t x = sim_rng_u32(&a), y = sim_rng_u32(&b), z = sim_rng_u32(&c);
        assert_int_equal(x, y);
        differ += x != z;
    }
    assert_true(differ > 95);
    /* another tick and another seed differ too */
    sim_rng_init(&a, 42, 7, 1000, 4);
    sim_rng_init(&b, 43, 7, 1000, 3);
    sim_rng_init(&c, 42, 7, 1000, 3);
    uint32_t x = sim_rng_u32(&c);
    assert_int_not_equal(sim_rng_u32(&a), x);
    assert_int_not_equal(sim_rng_u32(&b), x);
}

static void test_rng_uniform_moments(void **st)
{
    (void)st;
    sim_rng_stream s;
    sim_rng_init(&s, 1, 1, 1, 1);
    double sum = 0, sq = 0, mn = 1, mx = 0;
    int n = 200000;
    for (int i = 0; i < n; i++) {
        double u = sim_rng_u01(&s);
        assert_true(u >= 0 && u < 1);
        sum += u;
        sq += u * u;
        mn = fmin(mn, u);
        mx = fmax(mx, u);
    }
    double mean = sum / n, var = sq / n - mean * mean;
    assert_true(fabs(mean - 0.5) < 0.005);       /* sd of the mean 0.00065 */
    assert_true(fabs(var - 1.0 / 12) < 0.002);
    assert_true(mn < 1e-4 && mx > 1 - 1e-4);
}

static void test_rng_below_unbiased(void **st)
{
    (void)st;
    sim_rng_stream s;
    sim_rng_init(&s, 9, 2, 3, 4);
    int count[7] = {0}, n = 70000;
    for (int i = 0; i < n; i++) {
        uint32_t k = sim_rng_below(&s, 7);
        assert_true(k < 7);
        count[k]++;
    }
    double chi = 0;
    for (int k = 0; k < 7; k++)
        chi += (count[k] - n / 7.0) * (count[k] - n / 7.0) / (n / 7.0);
    assert_true(chi < 22.46); /* chi-square 6 df, p = 0.001 */
}

static void test_rng_gsl_distributions(void **st)
{
    (void)st;
    sim_rng_stream a, b;
    sim_rng_init(&a, 5, 1, 2, 3);
    sim_rng_init(&b, 5, 1, 2, 3);
    assert_string_equal(gsl_rng_name(&a.gsl), "philox4x32");
    double sum = 0;
    for (int i = 0; i < 20000; i++) {
        unsigned x = gsl_ran_poisson(&a.gsl, 3.5), y = gsl_ran_poisson(&b.gsl, 3.5);
        assert_int_equal(x, y);
        sum += x;
    }
    assert_true(fabs(sum / 20000 - 3.5) < 0.05);
    /* gsl_rng_uniform draws from the same words as sim_rng_u32 */
    sim_rng_init(&a, 5, 1, 2, 3);
    sim_rng_init(&b, 5, 1, 2, 3);
    assert_true(gsl_rng_uniform(&a.gsl) == sim_rng_u32(&b) / 4294967296.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_philox_known_answers), cmocka_unit_test(test_rng_stream_layout),
        cmocka_unit_test(test_rng_first_blocks_match_streams),
        cmocka_unit_test(test_rng_first_blocks_list_match_streams),
        cmocka_unit_test(test_rng_resume_and_u01_of),
        cmocka_unit_test(test_rng_pure_function),        cmocka_unit_test(test_rng_uniform_moments),
        cmocka_unit_test(test_rng_below_unbiased),       cmocka_unit_test(test_rng_gsl_distributions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
