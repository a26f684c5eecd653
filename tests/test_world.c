/* test_world.c: the engine: columns and capacities, deterministic parallel sums and event
 * order at 1 and 2 threads, dates advancing per tick, live lever changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "alloc.h"
#include "runner.h"
#include "sysmem.h"
#include "testmodel.h"

/* A world of the test model with "households" rows, and the setting "extra" if not NULL. */
static sim_world *make_with(int threads, scn_scenario **scn, const char *households, const char *extra)
{
    assert_int_equal(scn_create(tm_sections, 2, scn), 0);
    char a[64];
    snprintf(a, sizeof a, "tm.households=%s", households);
    assert_int_equal(scn_set(*scn, a), 0);
    if (extra)
        assert_int_equal(scn_set(*scn, extra), 0);
    sim_world *w;
    char err[256];
    if (sim_world_create(tm_models, 1, *scn, threads, &w, err, sizeof err))
        fail_msg("%s", err);
    return w;
}

static sim_world *make(int threads, scn_scenario **scn, const char *households)
{
    return make_with(threads, scn, households, NULL);
}

static void test_world_thread_count_invariance(void **st)
{
    (void)st;
    scn_scenario *s1, *s2;
    sim_world *w1 = make(1, &s1, "20000"), *w2 = make(2, &s2, "20000");
    assert_int_equal(sim_threads(w1), 1);
    assert_int_equal(sim_threads(w2), 2);
    for (int t = 0; t < 20; t++) {
        assert_int_equal(sim_world_step(w1), 0);
        assert_int_equal(sim_world_step(w2), 0);
        /* sums are bit-identical, not merely close */
        for (size_t i = 0; i < sim_ind_count(w1); i++)
            assert_memory_equal(&(double){sim_ind_value(w1, i)}, &(double){sim_ind_value(w2, i)},
                                sizeof(double));
        size_t n1, n2;
        const sim_event *e1 = sim_world_events(w1, &n1), *e2 = sim_world_events(w2, &n2);
        assert_int_equal(n1, n2);
        assert_true(n1 > 0);
        assert_memory_equal(e1, e2, n1 * sizeof *e1);
        for (size_t k = 1; k < n1; k++) /* sorted by household within the phase */
            assert_true(e1[k - 1].household <= e1[k].household);
    }
    assert_memory_equal(sim_col(w1, SIM_HOUSEHOLD, "wealth"), sim_col(w2, SIM_HOUSEHOLD, "wealth"),
                        20000 * sizeof(float));
    sim_world_destroy(w1);
    sim_world_destroy(w2);
    scn_destroy(s1);
    scn_destroy(s2);
}

static void test_world_time_and_seed(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(1, &s, "10");
    assert_int_equal(sim_tick(w), 0);
    assert_int_equal(sim_day(w), scn_days_from_civil(2015, 1, 1));
    sim_world_step(w);
    sim_world_step(w);
    assert_int_equal(sim_tick(w), 2);
    assert_int_equal(sim_day(w), scn_days_from_civil(2015, 1, 15));
    assert_int_equal(sim_seed(w), 1);
    sim_world_destroy(w);
    scn_destroy(s);
}

/* sim_stream_first gives the first four words of the stream sim_stream opens, at any tick,
 * purpose and entity, with a seed that fills both words of the key. */
static void test_world_stream_first(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make_with(1, &s, "10", "run.seed=8589934597");
    assert_true(sim_seed(w) >> 32 != 0);
    for (int t = 0; t < 3; t++) {
        for (uint32_t purpose = 1; purpose < 1000; purpose += 333)
            for (uint32_t e = 0; e < 100000; e += 9999) {
                sim_rng_stream r;
                uint32_t first[4];
                sim_stream(w, &r, purpose, e);
                sim_stream_first(w, purpose, e, first);
                for (int k = 0; k < 4; k++)
                    assert_int_equal(first[k], sim_rng_u32(&r));
            }
        assert_int_equal(sim_world_step(w), 0);
    }
    sim_world_destroy(w);
    scn_destroy(s);
}

static void test_world_columns_and_capacity(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(1, &s, "5");
    assert_int_equal(sim_world_count(w, SIM_HOUSEHOLD), 5);
    assert_int_equal(sim_world_capacity(w, SIM_HOUSEHOLD), 15);
    assert_int_equal(sim_world_count(w, SIM_GLOBAL), 1);
    uint32_t first;
    assert_int_equal(sim_world_add(w, SIM_HOUSEHOLD, 10, &first), 0);
    assert_int_equal(first, 5);
    assert_int_equal(sim_world_add(w, SIM_HOUSEHOLD, 1, &first), NABIJ_ECAPACITY);
    assert_non_null(strstr(sim_world_errmsg(w), "households table full"));
    assert_null(sim_col_add(w, SIM_HOUSEHOLD, "wealth", SIM_F32, 0, "", ""));
    assert_non_null(strstr(sim_world_errmsg(w), "registered twice"));
    assert_null(sim_col(w, SIM_PERSON, "wealth"));
    assert_non_null(sim_col(w, SIM_HOUSEHOLD, "wealth"));
    sim_world_destroy(w);
    scn_destroy(s);
}

/* A world for a checkpoint: the tables get the checkpoint's capacities at once (columns are
 * that wide when added), the models see sim_world_restoring only during init, and a model
 * asking for another capacity is refused with both numbers. */
static void test_world_create_restoring(void **st)
{
    (void)st;
    scn_scenario *s;
    assert_int_equal(scn_create(tm_sections, 2, &s), 0);
    assert_int_equal(scn_set(s, "tm.households=5"), 0);
    uint32_t cap[SIM_N_KINDS] = {0};
    cap[SIM_GLOBAL] = 1;
    cap[SIM_HOUSEHOLD] = 15; /* what tm_init reserves for 5 households */
    cap[SIM_PERSON] = 40;    /* no model reserves persons: the checkpoint's stays */
    sim_world *w;
    char err[256];
    if (sim_world_create_restoring(tm_models, 1, s, 1, cap, &w, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(sim_world_capacity(w, SIM_HOUSEHOLD), 15);
    assert_int_equal(sim_world_capacity(w, SIM_PERSON), 40);
    assert_false(sim_world_restoring(w));
    float *wealth = sim_col(w, SIM_HOUSEHOLD, "wealth");
    wealth[14] = 1.0f; /* the last row of the table exists (ASan would catch one past it) */
    assert_int_equal(sim_world_step(w), 0);
    sim_world_destroy(w);
    cap[SIM_HOUSEHOLD] = 20;
    assert_int_equal(sim_world_create_restoring(tm_models, 1, s, 1, cap, &w, err, sizeof err),
                     NABIJ_EINVAL);
    assert_non_null(strstr(err, "capacity 20 of households, the scenario 15"));
    scn_destroy(s);
}

static void test_world_lever_recorded(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(1, &s, "5");
    sim_world_step(w);
    assert_int_equal(sim_world_set(w, "run.snapshot_every=2"), 0);
    assert_int_not_equal(sim_world_set(w, "run.snapshot_every=-5"), 0);
    size_t n;
    const sim_lever *l = sim_world_levers(w, &n);
    assert_int_equal(n, 1);
    assert_int_equal(l[0].tick, 1);
    assert_string_equal(l[0].assignment, "run.snapshot_every=2");
    const sim_run_params *run = scn_section_values(s, "run");
    assert_int_equal(run->snapshot_every, 2);
    sim_world_destroy(w);
    scn_destroy(s);
}

/* sim_world_permute moves every column's rows, remaps the declared references (kept "none"
 * stays none) and leaves each person its id; a non-permutation changes nothing. */
static void test_world_permute_keeps_references(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(1, &s, "5");
    assert_int_equal(sim_world_reserve(w, SIM_PERSON, 8), 0);
    uint8_t *age = sim_col_add(w, SIM_PERSON, "age", SIM_U8, 0, "years", "");
    int32_t *partner = sim_col_add(w, SIM_PERSON, "partner", SIM_I32, 0, "person index", "");
    uint32_t *buddy = sim_col_add(w, SIM_PERSON, "buddy", SIM_U32, 0, "person index + 1", "");
    int32_t *head = sim_col_add(w, SIM_HOUSEHOLD, "head", SIM_I32, 0, "person index", "");
    assert_int_equal(sim_col_refs(w, SIM_PERSON, "partner", SIM_PERSON, 0), 0);
    assert_int_equal(sim_col_refs(w, SIM_PERSON, "buddy", SIM_PERSON, 1), 0);
    assert_int_equal(sim_col_refs(w, SIM_HOUSEHOLD, "head", SIM_PERSON, 0), 0);
    assert_int_equal(sim_col_refs(w, SIM_PERSON, "age", SIM_PERSON, 0), NABIJ_EINVAL); /* 8 bits */
    assert_int_equal(sim_col_refs(w, SIM_PERSON, "nothing", SIM_PERSON, 0), NABIJ_EINVAL);
    uint32_t first;
    assert_int_equal(sim_world_add(w, SIM_PERSON, 6, &first), 0);
    static const int32_t partner0[6] = {1, 0, 3, 2, -1, -1};
    static const uint32_t buddy0[6] = {2, 3, 4, 5, 6, 0}; /* person i + 1's index + 1; none for 5 */
    for (int i = 0; i < 6; i++) {
        age[i] = (uint8_t)(10 + i);
        partner[i] = partner0[i];
        buddy[i] = buddy0[i];
    }
    for (int h = 0; h < 5; h++)
        head[h] = h < 3 ? 2 * h : -1;
    static const uint32_t bad[6] = {0, 0, 1, 2, 3, 4};
    assert_int_equal(sim_world_permute(w, SIM_PERSON, bad), NABIJ_EINVAL);
    assert_int_equal(age[1], 11);
    static const uint32_t perm[6] = {5, 3, 1, 0, 2, 4};
    assert_int_equal(sim_world_permute(w, SIM_PERSON, perm), 0);
    const uint32_t *id = sim_col(w, SIM_PERSON, "id");
    for (int j = 0; j < 6; j++) {
        uint32_t o = perm[j];
        assert_int_equal(id[j], o);
        assert_int_equal(sim_person_id(w, j), (int32_t)o);
        assert_int_equal(age[j], 10 + o);
        if (partner0[o] < 0)
            assert_int_equal(partner[j], -1);
        else
            assert_int_equal(id[partner[j]], partner0[o]);
        if (buddy0[o] == 0)
            assert_int_equal(buddy[j], 0);
        else
            assert_int_equal(id[buddy[j] - 1], buddy0[o] - 1);
    }
    for (int h = 0; h < 5; h++)
        if (h < 3)
            assert_int_equal(id[head[h]], 2 * h);
        else
            assert_int_equal(head[h], -1);
    assert_int_equal(sim_person_id(w, -1), -1);
    sim_world_destroy(w);
    scn_destroy(s);
}

/* The first row of a reordering that is out of range or names a row named before is the
 * one the error reports, on two threads as one row at a time; nothing moves. */
static void test_world_permute_reports_the_first_bad_row(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(2, &s, "5");
    enum { N = 50000 };
    assert_int_equal(sim_world_reserve(w, SIM_PERSON, N), 0);
    uint32_t first, *perm = malloc(N * sizeof *perm);
    assert_non_null(perm);
    assert_int_equal(sim_world_add(w, SIM_PERSON, N, &first), 0);
    const uint32_t *id = sim_col(w, SIM_PERSON, "id");
    static const struct {
        uint32_t row, value, row2, value2, bad;
    } cases[] = {
        /* rows name N - 1 - row, but for two: row 1000 names what row 30000 names, so row
         * 30000 is the repeat (not row 1000), before row 45000 out of range */
        {1000, N - 1 - 30000, 45000, N + 5, 30000},
        /* row 1000 out of range, before row 40000 repeats what row 2000 names */
        {2000, N - 1 - 40000, 1000, N + 5, 1000},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        for (uint32_t j = 0; j < N; j++)
            perm[j] = N - 1 - j;
        perm[cases[c].row] = cases[c].value;
        perm[cases[c].row2] = cases[c].value2;
        assert_int_equal(sim_world_permute(w, SIM_PERSON, perm), NABIJ_EINVAL);
        char want[64];
        snprintf(want, sizeof want, "(row %u)", cases[c].bad);
        assert_non_null(strstr(sim_world_errmsg(w), want));
        for (uint32_t j = 0; j < N; j++)
            assert_int_equal(id[j], j);
    }
    free(perm);
    sim_world_destroy(w);
    scn_destroy(s);
}

/* sim_scratch keeps one buffer per slot between calls: the same memory while it is large
 * enough (so a phase's lists do not come as fresh pages every tick), a larger one when
 * asked for more, separate buffers for separate slots, NULL on overflow; the world frees them all (ASan in .ci/run checks for leaks). */
static void test_world_scratch_kept_per_slot(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(1, &s, "5");
    static const char slot_a, slot_b;
    uint32_t *a = sim_scratch(w, &slot_a, 1000, sizeof *a), *b = sim_scratch(w, &slot_b, 1000, sizeof *b);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    for (uint32_t i = 0; i < 1000; i++) /* the whole asked size is usable (ASan) */
        a[i] = i, b[i] = ~i;
    assert_ptr_equal(sim_scratch(w, &slot_a, 900, sizeof *a), a);
    assert_ptr_equal(sim_scratch(w, &slot_a, 1000, sizeof *a), a);
    assert_int_equal(a[999], 999); /* kept while it fits: contents are the caller's */
    uint32_t *a2 = sim_scratch(w, &slot_a, 100000, sizeof *a);
    assert_non_null(a2);
    a2[99999] = 7;
    assert_ptr_equal(sim_scratch(w, &slot_a, 1000, sizeof *a), a2); /* never shrinks */
    assert_ptr_equal(sim_scratch(w, &slot_b, 1000, sizeof *b), b);  /* the other slot untouched */
    assert_int_equal(b[999], ~999u);
    assert_null(sim_scratch(w, &slot_b, SIZE_MAX / 2, 4)); /* overflow */
    assert_non_null(sim_scratch(w, &slot_b, 10, 4)); /* usable again after a failure */
    sim_alloc_fail_after(1); /* no room for the spare eighth: the exact size will do */
    uint32_t *big = sim_scratch(w, &slot_b, 1000000, sizeof *big);
    sim_alloc_fail_after(0);
    assert_non_null(big);
    big[999999] = 1;
    sim_world_destroy(w);
    scn_destroy(s);
}

/* sim_for hands every row to exactly one call (and sim_thread says which thread runs it),
 * whatever the thread count and the sizes
 * around a chunk's edge: threads work through their own share and take others' chunks from
 * the back when done (seven threads on this machine's two cores steal often). */
typedef struct visit_ctx {
    uint32_t n;
    uint8_t *seen;
    int bad;
} visit_ctx;

static void visit_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    visit_ctx *v = vc;
    if (b >= e || e > v->n || b % SIM_CHUNK != 0 || (e - b != SIM_CHUNK && e != v->n))
        __atomic_store_n(&v->bad, 1, __ATOMIC_RELAXED);
    /* sim_thread: the number of the thread that runs the body, below the thread count */
    int t = sim_thread(w);
    if (t < 0 || t >= sim_threads(w))
        __atomic_store_n(&v->bad, 2, __ATOMIC_RELAXED);
#ifdef _OPENMP
    if (t != omp_get_thread_num())
        __atomic_store_n(&v->bad, 3, __ATOMIC_RELAXED);
#endif
    for (uint32_t i = b; i < e && i < v->n; i++)
        __atomic_fetch_add(&v->seen[i], 1, __ATOMIC_RELAXED);
    acc[0] += e - b;
}

static void test_world_for_visits_each_row_once(void **st)
{
    (void)st;
    const int threads[] = {1, 2, 3, 7};
    const uint32_t sizes[] = {0, 1, SIM_CHUNK - 1, SIM_CHUNK, SIM_CHUNK + 1, 10 * SIM_CHUNK + 5};
    for (size_t ti = 0; ti < sizeof threads / sizeof *threads; ti++) {
        scn_scenario *s;
        sim_world *w = make(threads[ti], &s, "5");
        for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
            uint32_t n = sizes[si];
            visit_ctx v = {n, calloc(n + 1, 1), 0};
            assert_non_null(v.seen);
            for (int rep = 0; rep < 20; rep++) {
                memset(v.seen, 0, n);
                double rows = 0;
                assert_int_equal(sim_for(w, n, visit_body, &v, &rows, 1), 0);
                assert_int_equal(v.bad, 0);
                assert_int_equal(sim_thread(w), threads[ti]); /* outside a loop */
                assert_true(rows == (double)n);
                for (uint32_t i = 0; i < n; i++)
                    if (v.seen[i] != 1)
                        fail_msg("%d threads, n %u: row %u seen %d times", threads[ti], n, i, v.seen[i]);
            }
            free(v.seen);
        }
        sim_world_destroy(w);
        scn_destroy(s);
    }
}

/* sim_for_zero clears exactly its rows; sim_chunk_join joins per-chunk lists in chunk order
 * (here the rows divisible by 3, then the others, listed by a parallel body: a chunk's list
 * of the others is longer than the room its move frees, so source and target overlap). */
typedef struct every3_ctx {
    uint32_t *list, *count;
    int others; /* list the rows not divisible by 3 */
} every3_ctx;

static void every3_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    every3_ctx *x = vc;
    uint32_t n = 0;
    for (uint32_t i = b; i < e; i++)
        if ((i % 3 == 0) != x->others)
            x->list[b + n++] = i;
    x->count[b / SIM_CHUNK] = n;
}

static void test_world_zero_and_join(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(2, &s, "5");
    const uint32_t n = 5 * SIM_CHUNK + 7, nch = (n + SIM_CHUNK - 1) / SIM_CHUNK;
    float *f = malloc((n + 1) * sizeof *f);
    uint32_t *list = malloc(n * sizeof *list), *count = malloc(nch * sizeof *count);
    assert_non_null(f);
    assert_non_null(list);
    assert_non_null(count);
    for (uint32_t i = 0; i <= n; i++)
        f[i] = 1.5f;
    assert_int_equal(sim_for_zero(w, f, n, sizeof *f), 0);
    for (uint32_t i = 0; i < n; i++)
        assert_true(f[i] == 0.0f);
    assert_true(f[n] == 1.5f); /* nothing past the end */
    every3_ctx x = {list, count, 0};
    assert_int_equal(sim_for(w, n, every3_body, &x, NULL, 0), 0);
    uint32_t m = sim_chunk_join(list, count, nch);
    assert_int_equal(m, (n + 2) / 3);
    for (uint32_t j = 0; j < m; j++)
        assert_int_equal(list[j], 3 * j);
    x.others = 1;
    assert_int_equal(sim_for(w, n, every3_body, &x, NULL, 0), 0);
    m = sim_chunk_join(list, count, nch);
    assert_int_equal(m, n - (n + 2) / 3);
    for (uint32_t j = 0; j < m; j++) /* 1, 2, 4, 5, 7, ... */
        assert_int_equal(list[j], j / 2 * 3 + 1 + j % 2);
    free(f);
    free(list);
    free(count);
    sim_world_destroy(w);
    scn_destroy(s);
}

/* A large addition (from SIM_TOUCH_ROWS rows on its rows are touched in parallel) appends
 * zeroed rows after the old ones and leaves those as they were. */
static void test_world_large_add(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(2, &s, "5");
    const uint32_t n = SIM_TOUCH_ROWS + 3;
    assert_int_equal(sim_world_reserve(w, SIM_TIE, n + 10), 0);
    int32_t *v = sim_col_add(w, SIM_TIE, "v", SIM_I32, 0, "", "");
    double *d = sim_col_add(w, SIM_TIE, "d", SIM_F64, 0, "", "");
    assert_non_null(v);
    assert_non_null(d);
    uint32_t first;
    assert_int_equal(sim_world_add(w, SIM_TIE, 7, &first), 0);
    for (uint32_t i = 0; i < 7; i++) {
        v[i] = -1 - (int32_t)i;
        d[i] = 0.5 + i;
    }
    assert_int_equal(sim_world_add(w, SIM_TIE, n, &first), 0);
    assert_int_equal(first, 7);
    assert_int_equal(sim_world_count(w, SIM_TIE), n + 7);
    for (uint32_t i = 0; i < 7; i++) {
        assert_int_equal(v[i], -1 - (int32_t)i);
        assert_true(d[i] == 0.5 + i);
    }
    for (uint32_t i = 7; i < n + 7; i++)
        if (v[i] != 0 || d[i] != 0.0)
            fail_msg("row %u not zero", i);
    sim_world_destroy(w);
    scn_destroy(s);
}

/* The profile of a phase (nabij-bench): its seconds, of which those outside sim_for's loops;
 * the test model's phase is one loop over 100,000 households and a few serial lines. */
static void test_world_phase_serial_part(void **st)
{
    (void)st;
    scn_scenario *s;
    sim_world *w = make(2, &s, "100000");
    assert_true(sim_world_phase_seconds(w, 0) == 0.0);
    for (int t = 0; t < 3; t++)
        assert_int_equal(sim_world_step(w), 0);
    double all = sim_world_phase_seconds(w, 0), serial = sim_world_phase_serial_seconds(w, 0);
    assert_true(all > 0);
    assert_true(serial >= 0 && serial < all); /* the loop is not serial */
    assert_true(sim_world_phase_serial_seconds(w, 1) == 0.0); /* no such model */
    sim_world_destroy(w);
    scn_destroy(s);
}

/* The order of a phase's events, at 1 and 2 threads: by (household, person) and, for one
 * key, in the order one thread would have emitted them (loop by loop, chunk by chunk, then
 * the serial part's). The model below emits from two loops and the serial part between
 * them; a quarter of its events share keys across chunks, and the first half of the rows is
 * slow, so that at 2 threads one thread runs chunks of the other's share. Two more shapes
 * take the engine's other paths: one loop whose events come in order (no sort), and the same
 * with the serial part's events after it, out of order only in the last part of the phase's
 * events (which the second thread checks). */
enum { EO_N = 50000, EO_SERIAL = 50 };
typedef struct eo_state {
    int kind;
} eo_state;
static sim_event *eo_expect; /* the tick's events as they should come out (eo_step) */
static size_t eo_n_expect;
static struct eo_shape {
    int mixed;  /* a quarter of the events of another household (else each row's own, with
                 * ascending persons) */
    int loops;  /* 1 or 2 */
    int serial; /* events of the serial part */
} eo_shape;

typedef struct eo_loop {
    eo_state *s;
    uint32_t loop;
} eo_loop;

static int eo_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    eo_state *s = vs;
    uint32_t first;
    int rc = sim_world_reserve(w, SIM_HOUSEHOLD, EO_N);
    if (rc || (rc = sim_world_add(w, SIM_HOUSEHOLD, EO_N, &first)) || (rc = sim_world_reserve(w, SIM_PERSON, 3)) ||
        (rc = sim_world_add(w, SIM_PERSON, 3, &first))) /* persons 0-2, ids 0-2 */
        return rc;
    s->kind = sim_event_kind_add(w, "eo", "{amount}", NULL);
    return s->kind < 0 ? s->kind : 0;
}

/* The events of row h in loop "loop" (0 to 3 of them); "amount" tells them apart. */
static size_t eo_events(const sim_world *w, uint32_t h, uint32_t loop, sim_event out[3])
{
    sim_rng_stream r;
    sim_stream(w, &r, 300 + loop, h);
    size_t k = sim_rng_u32(&r) % 4;
    for (size_t j = 0; j < k; j++) {
        uint32_t u = sim_rng_u32(&r);
        memset(&out[j], 0, sizeof out[j]);
        out[j].household = eo_shape.mixed && (u & 3) == 0 ? (int32_t)((u >> 2) % 997) : (int32_t)h;
        out[j].person = eo_shape.mixed ? (int32_t)(u >> 12 & 3) - 1 : (int32_t)j - 1; /* else ascending */
        out[j].amount = loop * 1e6 + h * 4.0 + (double)j;
    }
    return k;
}

static void eo_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)acc;
    const eo_loop *c = vc;
    for (uint32_t h = b; h < e; h++) {
        if (h < EO_N / 2) { /* slow rows */
            sim_rng_stream r;
            sim_stream(w, &r, 400, h);
            volatile uint32_t sink = 0;
            for (int z = 0; z < 300; z++)
                sink += sim_rng_u32(&r);
        }
        sim_event ev[3];
        size_t k = eo_events(w, h, c->loop, ev);
        for (size_t j = 0; j < k; j++)
            sim_emit(w, c->s->kind, ev[j].household, ev[j].person, -1, ev[j].amount);
    }
}

static int eo_key_seq_cmp(const void *pa, const void *pb)
{
    const sim_event *a = pa, *b = pb;
    if (a->household != b->household)
        return a->household < b->household ? -1 : 1;
    if (a->person != b->person)
        return a->person < b->person ? -1 : 1;
    return (a->counterpart > b->counterpart) - (a->counterpart < b->counterpart); /* position */
}

static void eo_step(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    eo_state *s = vs;
    eo_loop l0 = {s, 0}, l1 = {s, 1};
    sim_for(w, EO_N, eo_body, &l0, NULL, 0);
    for (int j = 0; j < eo_shape.serial; j++)
        sim_emit(w, s->kind, (j * 7919) % EO_N, -1, -1, 5e6 + j);
    if (eo_shape.loops > 1)
        sim_for(w, EO_N, eo_body, &l1, NULL, 0);
    /* the same events in one thread's order, the serial part's last, then a stable sort */
    eo_n_expect = 0;
    for (uint32_t loop = 0; loop < (uint32_t)eo_shape.loops; loop++)
        for (uint32_t h = 0; h < EO_N; h++)
            eo_n_expect += eo_events(w, h, loop, eo_expect + eo_n_expect);
    for (int j = 0; j < eo_shape.serial; j++)
        eo_expect[eo_n_expect++] = (sim_event){.household = (j * 7919) % EO_N, .person = -1, .amount = 5e6 + j};
    for (size_t k = 0; k < eo_n_expect; k++)
        eo_expect[k].counterpart = (int32_t)k;
    qsort(eo_expect, eo_n_expect, sizeof *eo_expect, eo_key_seq_cmp);
}

static const sim_model eo_model = {"eo", "event order", NULL, sizeof(eo_state), eo_init, eo_step};

static void test_world_event_order(void **st)
{
    (void)st;
    static const sim_model *const models[] = {&eo_model};
    sim_event *expect = test_malloc(2 * EO_N * 3 * sizeof *expect + EO_SERIAL * sizeof *expect);
    static const struct eo_shape shapes[] = {{1, 2, EO_SERIAL}, {0, 1, 0}, {0, 1, EO_SERIAL}};
    for (int run = 0; run < 6; run++) {
        int z = run / 2, threads = 1 + run % 2;
        eo_shape = shapes[z];
        scn_scenario *s;
        assert_int_equal(scn_create(tm_sections, 2, &s), 0);
        sim_world *w;
        char err[256];
        if (sim_world_create(models, 1, s, threads, &w, err, sizeof err))
            fail_msg("%s", err);
        eo_expect = expect;
        for (int t = 0; t < 3; t++) {
            assert_int_equal(sim_world_step(w), 0);
            size_t n;
            const sim_event *ev = sim_world_events(w, &n);
            assert_int_equal(n, eo_n_expect);
            assert_true(n > EO_N); /* about 1.5 per row and loop */
            for (size_t k = 0; k < n; k++)
                if (ev[k].household != expect[k].household || ev[k].person != expect[k].person ||
                    ev[k].amount != expect[k].amount)
                    fail_msg("shape %d, %d threads, tick %d, event %zu: (%d, %d, %.0f), not (%d, %d, %.0f)", z,
                             threads, t, k, ev[k].household, ev[k].person, ev[k].amount, expect[k].household,
                             expect[k].person, expect[k].amount);
        }
        sim_world_destroy(w);
        scn_destroy(s);
    }
    test_free(expect);
}

/* The memory check before a run: /proc/meminfo fields, the room under a cgroup limit (v2
 * "max", v1's "no limit" number), and the estimate per person. */
static void test_sysmem_known_answers(void **st)
{
    (void)st;
    const char *mi = "MemTotal:       24562540 kB\nMemFree:        15903128 kB\n"
                     "MemAvailable:   24097080 kB\nBuffers:          123 kB\n";
    assert_true(sim_meminfo_bytes(mi, "MemAvailable") == 24097080ull * 1024);
    assert_true(sim_meminfo_bytes(mi, "MemTotal") == 24562540ull * 1024);
    assert_true(sim_meminfo_bytes(mi, "Mem") == 0); /* a prefix of a key is not the key */
    assert_true(sim_meminfo_bytes(mi, "SwapFree") == 0);
    const struct {
        const char *limit, *usage;
        unsigned long long room;
    } cg[] = {
        {"314572800\n", "100000000\n", 214572800ull},     /* v1 or v2 with a limit */
        {"314572800", "314572800", 0},                   /* at the limit */
        {"314572800", "400000000", 0},                   /* over it (the kernel reclaims) */
        {"max\n", "100000000\n", ~0ull},                 /* v2 without a limit */
        {"9223372036854771712\n", "1564233728\n", ~0ull}, /* v1 without a limit */
        {"", "1", ~0ull},
        {"12abc", "1", ~0ull},
    };
    for (size_t i = 0; i < sizeof cg / sizeof cg[0]; i++)
        assert_true(sim_cgroup_room(cg[i].limit, cg[i].usage) == cg[i].room);
    /* national scale: 17.9 M inhabitants, measured peak 6.19 GiB (6.65 GB) */
    unsigned long long nat = nabij_memory_need(17900000);
    assert_true(nat > 6650000000ull && nat < 7000000000ull);
    assert_true(nabij_memory_need(0) == NABIJ_BYTES_FIXED);
    assert_true(nabij_memory_need(1000000) - nabij_memory_need(0) == 1000000 * NABIJ_BYTES_PER_PERSON);
    /* this machine (Linux): MemAvailable is known */
    unsigned long long avail = sim_mem_available();
    assert_true(avail > 0);
}

/* Notes between phases: zeroed when first asked for, the same block for the same name and
 * another for another name, kept from tick to tick; a new world's are zeroed again. Each of
 * two models records whether it is the last phase of the tick, and its place in the tick. */
static int nt_last[2];  /* whether model a, b was the last phase of the tick */
static int nt_index[2]; /* their sim_phase_index */

static void nt_step(sim_world *w, int k)
{
    nt_last[k] = sim_phase_is_last(w);
    nt_index[k] = sim_phase_index(w);
    uint32_t *n = sim_world_note(w, "test ticks", sizeof *n);
    if (n && sim_phase_is_last(w))
        (*n)++;
}

static void nt_step_a(sim_world *w, const void *vp, void *vs)
{
    (void)vp, (void)vs;
    nt_step(w, 0);
}

static void nt_step_b(sim_world *w, const void *vp, void *vs)
{
    (void)vp, (void)vs;
    nt_step(w, 1);
}

static const sim_model nt_a = {"nt_a", "note", NULL, 0, NULL, nt_step_a};
static const sim_model nt_b = {"nt_b", "note", NULL, 0, NULL, nt_step_b};

static void test_world_notes_and_last_phase(void **st)
{
    (void)st;
    static const sim_model *const models[] = {&nt_a, &nt_b};
    for (int run = 0; run < 2; run++) {
        scn_scenario *s;
        assert_int_equal(scn_create(tm_sections, 2, &s), 0);
        sim_world *w;
        char err[256];
        if (sim_world_create(models, 2, s, 1, &w, err, sizeof err))
            fail_msg("%s", err);
        assert_int_equal(sim_phase_is_last(w), 0); /* outside a tick */
        assert_int_equal(sim_phase_index(w), -1);
        uint32_t *n = sim_world_note(w, "test ticks", sizeof *n);
        double *other = sim_world_note(w, "another", 64);
        assert_non_null(n);
        assert_non_null(other);
        assert_ptr_not_equal(n, other);
        assert_null(sim_world_note(w, "another", 128)); /* a name keeps its size */
        assert_int_equal(*n, 0);
        for (int k = 0; k < 8; k++)
            assert_true(other[k] == 0.0);
        for (int t = 0; t < 3; t++)
            assert_int_equal(sim_world_step(w), 0);
        assert_ptr_equal(sim_world_note(w, "test ticks", sizeof *n), n);
        assert_int_equal(*n, 3); /* counted by the second model only, kept between ticks */
        assert_int_equal(nt_last[0], 0);
        assert_int_equal(nt_last[1], 1);
        assert_int_equal(nt_index[0], 0);
        assert_int_equal(nt_index[1], 1);
        assert_int_equal(sim_phase_index(w), -1); /* after a tick */
        sim_world_destroy(w);
        scn_destroy(s);
    }
}

/* Big blocks: zeroed (sim_calloc_big), on whole 2 MiB pages of their own from 4 MiB on,
 * writable to the last byte, freed by size; small ones of either kind too; an injected
 * failure gives NULL. */
static void test_world_big_blocks(void **st)
{
    (void)st;
    const size_t sizes[] = {1, 4096, (4u << 20) - 1, 4u << 20, (5u << 20) + 3, 37u << 20};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        unsigned char *p = sim_calloc_big(sizes[k], 1);
        assert_non_null(p);
        if (sizes[k] >= 4u << 20)
            assert_int_equal((uintptr_t)p % (2u << 20), 0);
        for (size_t i = 0; i < sizes[k]; i += 4093)
            assert_int_equal(p[i], 0);
        assert_int_equal(p[sizes[k] - 1], 0);
        memset(p, 0xab, sizes[k]);
        sim_free_big(p, sizes[k], 1);
        unsigned char *q = sim_malloc_big(sizes[k] / 4 + 1, 4);
        assert_non_null(q);
        memset(q, 0xcd, (sizes[k] / 4 + 1) * 4);
        sim_free_big(q, sizes[k] / 4 + 1, 4);
    }
    sim_free_big(NULL, 1u << 30, 1);
    sim_alloc_fail_after(1);
    assert_null(sim_calloc_big(8u << 20, 1));
    sim_alloc_fail_after(0);
    assert_null(sim_calloc_big(SIZE_MAX / 2, 4)); /* overflow */
}

static void test_world_alloc_failure(void **st)
{
    (void)st;
    for (long n = 1; n < 60; n++) {
        scn_scenario *s;
        assert_int_equal(scn_create(tm_sections, 2, &s), 0);
        sim_world *w = NULL;
        char err[256];
        sim_alloc_fail_after(n);
        int rc = sim_world_create(tm_models, 1, s, 1, &w, err, sizeof err);
        sim_alloc_fail_after(0);
        assert_true(rc == 0 || rc == NABIJ_ENOMEM);
        assert_true((rc == 0) == (w != NULL));
        sim_world_destroy(w);
        scn_destroy(s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_world_thread_count_invariance),
        cmocka_unit_test(test_world_time_and_seed),
        cmocka_unit_test(test_world_stream_first),
        cmocka_unit_test(test_world_columns_and_capacity),
        cmocka_unit_test(test_world_create_restoring),
        cmocka_unit_test(test_world_lever_recorded),
        cmocka_unit_test(test_world_permute_keeps_references),
        cmocka_unit_test(test_world_permute_reports_the_first_bad_row),
        cmocka_unit_test(test_world_scratch_kept_per_slot),
        cmocka_unit_test(test_world_for_visits_each_row_once),
        cmocka_unit_test(test_world_zero_and_join),
        cmocka_unit_test(test_world_large_add),
        cmocka_unit_test(test_world_phase_serial_part),
        cmocka_unit_test(test_world_event_order),
        cmocka_unit_test(test_world_alloc_failure),
        cmocka_unit_test(test_world_notes_and_last_phase),
        cmocka_unit_test(test_world_big_blocks),
        cmocka_unit_test(test_sysmem_known_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
