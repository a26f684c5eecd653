/* test_problems.c: the draws behind the problems and network models: the birth-day
 * cut-offs (quick.h) that replace per-person ages agree with mdl_age_years, and the one
 * word per person that decides whether a problem starts or ends, and which, gives every
 * person its event probability and the split between the events, in one-person households
 * as in large ones (long ticks, where a large household's summed probability passes 1); a
 * severity below problems.vanish_severity ends, one above it stays; the serial scans over
 * marked groups (quick.h) find what was marked, and byte flags become the right bit masks;
 * the marks problems leaves for helpseek give the same run as helpseek's own reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "common.h"
#include "lifeworld.h"
#include "population.h"
#include "problems.h"
#include "quick.h"
#include <math.h>
#include <stdio.h>

static void test_problems_birth_cut_matches_age(void **state)
{
    (void)state;
    const int32_t days[] = {0, 16436, 20089, 23741, 47000};
    for (size_t k = 0; k < sizeof days / sizeof days[0]; k++)
        for (int years = 1; years <= 110; years++) {
            int32_t by = mdl_birth_cut(days[k], years);
            for (int32_t b = by - 800; b <= by + 800; b++)
                if ((b <= by) != (mdl_age_years(b, days[k]) >= years))
                    fail_msg("day %d, age %d, birth day %d", days[k], years, b);
        }
}

/* Expected and observed numbers of money recoveries and mental onsets in one 31-day tick,
 * for persons in households of at least "min_size" and at most "max_size" members. */
typedef struct tally {
    double expect_rec, var_rec, expect_on, var_on;
    long rec, on, persons;
} tally;

static void add_person(tally *t, double q_rec, double q_on, int recovered, int started)
{
    t->expect_rec += q_rec;
    t->var_rec += q_rec * (1 - q_rec);
    t->expect_on += q_on;
    t->var_on += q_on * (1 - q_on);
    t->rec += recovered;
    t->on += started;
    t->persons++;
}

/* A world of the population and problems models with "sets", where every person has money
 * severity "money", mental severity "mental" and no other problem; "prob" gets the columns. */
static sim_world *severity_world(const char *const *sets, scn_scenario **s, float money, float mental,
                                 float *prob[MDL_N_DOMAINS])
{
    static const sim_model *const models[] = {&mdl_population, &mdl_problems}; /* the world keeps it */
    sim_world *w = lw_create(models, 2, sets, s);
    assert_non_null(w);
    uint32_t np = sim_world_count(w, SIM_PERSON);
    for (int d = 0; d < MDL_N_DOMAINS; d++) {
        prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
        for (uint32_t i = 0; i < np; i++)
            prob[d][i] = d == DOM_MONEY ? money : d == DOM_MENTAL ? mental : 0;
    }
    return w;
}

static void test_problems_each_member_keeps_its_rate(void **state)
{
    (void)state;
    const char *sets[] = {
        "population.inhabitants=6000", "run.days_per_tick=31",
        "problems.onset_money_per_year=0", "problems.onset_work_per_year=0", "problems.onset_mental_per_year=5",
        "problems.onset_parenting_per_year=0", "problems.onset_care_per_year=0", "problems.onset_housing_per_year=0",
        "problems.recovery_money_per_year=10", "problems.recovery_work_per_year=0", "problems.recovery_mental_per_year=0",
        "problems.recovery_parenting_per_year=0", "problems.recovery_care_per_year=0",
        "problems.recovery_housing_per_year=0", "problems.escalation_money_per_year=0",
        "problems.spill_money_mental=0", "problems.spill_mental_money=0", "problems.spill_work_money=0",
        "problems.spill_mental_work=0", "problems.spill_housing_mental=0", "problems.spill_lvb_money=0",
        "problems.spill_care_mental=0", "problems.spill_parent_youth=0", NULL};
    scn_scenario *s = NULL;
    float *prob[MDL_N_DOMAINS];
    sim_world *w = severity_world(sets, &s, 0.3f, 0, prob);
    uint32_t np = sim_world_count(w, SIM_PERSON);
    const float *vuln = sim_col(w, SIM_PERSON, "vulnerability");
    const int32_t *hh = sim_col(w, SIM_PERSON, "household");
    const uint8_t *members = sim_col(w, SIM_HOUSEHOLD, "members");
    assert_int_equal(sim_world_step(w), 0);
    /* per person: hazard 10 x (1 - 0.3 / 2) of recovery, 5 x vulnerability of a mental
     * problem; one event at most, with probability min(1, sum x dt), split by the hazards */
    double y = 31 / 365.2425;
    tally single = {0}, large = {0};
    for (uint32_t i = 0; i < np; i++) {
        if (hh[i] < 0)
            continue;
        double rec = 10 * (1 - 0.5 * 0.3f), on = 5.0 * vuln[i], q = fmin(1, (rec + on) * y);
        tally *t = members[hh[i]] >= 3 ? &large : members[hh[i]] == 1 ? &single : NULL;
        if (t)
            add_person(t, q * rec / (rec + on), q * on / (rec + on), prob[DOM_MONEY][i] == 0,
                       prob[DOM_MENTAL][i] > 0);
    }
    /* the large households' summed probability passes 1 (0.7 or more per person) */
    assert_true(large.persons > 1000 && single.persons > 200);
    const tally *ts[2] = {&single, &large};
    for (int k = 0; k < 2; k++) {
        const tally *t = ts[k];
        assert_true(fabs(t->rec - t->expect_rec) < 5 * sqrt(t->var_rec) + 1);
        assert_true(fabs(t->on - t->expect_on) < 5 * sqrt(t->var_on) + 1);
    }
    lw_destroy(w, s);
}

/* After one tick without onsets, escalation, spillover or recovery: money severity 0.005
 * and mental severity 0.02 of every person; returns the largest money and the smallest
 * mental severity left. */
static void step_remnants(const char *vanish, float *money_max, float *mental_min)
{
    const char *sets[64] = {"population.inhabitants=2000", "problems.spill_money_mental=0",
                            "problems.spill_mental_money=0", "problems.spill_work_money=0",
                            "problems.spill_mental_work=0", "problems.spill_housing_mental=0",
                            "problems.spill_lvb_money=0", "problems.spill_care_mental=0",
                            "problems.spill_parent_youth=0", vanish};
    static char keys[3][MDL_N_DOMAINS][64];
    static const char *const kinds[3] = {"onset", "escalation", "recovery"};
    size_t n = 10;
    for (int k = 0; k < 3; k++)
        for (int d = 0; d < MDL_N_DOMAINS; d++) {
            snprintf(keys[k][d], sizeof keys[k][d], "problems.%s_%s_per_year=0", kinds[k],
                     mdl_domain_col[d] + 5); /* "prob_money" -> "money" */
            sets[n++] = keys[k][d];
        }
    scn_scenario *s = NULL;
    float *prob[MDL_N_DOMAINS];
    sim_world *w = severity_world(sets, &s, 0.005f, 0.02f, prob);
    uint32_t np = sim_world_count(w, SIM_PERSON);
    const uint8_t *housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    const int32_t *hh = sim_col(w, SIM_PERSON, "household");
    assert_int_equal(sim_world_step(w), 0);
    *money_max = 0;
    *mental_min = 1;
    for (uint32_t i = 0; i < np; i++) {
        if (hh[i] < 0 || housing[hh[i]] != HOUSE_OWN)
            continue;
        *money_max = fmaxf(*money_max, prob[DOM_MONEY][i]);
        *mental_min = fminf(*mental_min, prob[DOM_MENTAL][i]);
    }
    lw_destroy(w, s);
}

static void test_problems_remnants_below_vanish_severity_end(void **state)
{
    (void)state;
    float money, mental;
    step_remnants("problems.vanish_severity=0.01", &money, &mental);
    assert_true(money == 0);      /* 0.005 is below 0.01: ended */
    assert_true(mental == 0.02f); /* 0.02 is above: unchanged */
    step_remnants("problems.vanish_severity=0.001", &money, &mental);
    assert_true(money == 0.005f); /* now above the cut: kept */
}

/* The serial scans of quick.h: mdl_next_marked finds, in index order, every non-zero byte of
 * the groups marked with mdl_group_mark (at a group's edges, the last entity, a group with
 * several), skips marked groups without one, and never looks into groups not marked. */
static void test_problems_marked_scan(void **state)
{
    (void)state;
    enum { N = 20 * MDL_GROUP + 37 };
    uint8_t a[N] = {0}, marks[MDL_GROUPS(N)] = {0};
    static const uint32_t set[] = {0, 63, 64, 65, 5 * MDL_GROUP + 9, 700, 701, N - 1};
    for (size_t k = 0; k < sizeof set / sizeof *set; k++) {
        a[set[k]] = (uint8_t)(1 + k);
        mdl_group_mark(marks, set[k]);
    }
    mdl_group_mark(marks, 9 * MDL_GROUP + 3); /* marked, nothing in it */
    a[12 * MDL_GROUP + 1] = 7;                /* not marked: not visited */
    size_t k = 0;
    for (uint32_t i = mdl_next_marked(a, marks, 0, N); i < N; i = mdl_next_marked(a, marks, i + 1, N)) {
        assert_true(k < sizeof set / sizeof *set);
        assert_int_equal(i, set[k++]);
    }
    assert_int_equal(k, sizeof set / sizeof *set);
    assert_int_equal(mdl_next_marked(a, marks, N - 1, N - 1), N - 1); /* an empty range */
}

/* mdl_bytes_mask: bit k is byte k, for every length up to 64 (the last word partly read),
 * on a pattern with each byte set in turn and a pseudo-random one. */
static void test_problems_bytes_mask(void **state)
{
    (void)state;
    uint8_t f[64];
    uint64_t x = 88172645463325252ull;
    for (int pass = 0; pass < 65 + 200; pass++) {
        for (int k = 0; k < 64; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            f[k] = pass < 65 ? (uint8_t)(k == pass) : (uint8_t)(x >> 63);
        }
        for (uint32_t n = 0; n <= 64; n++) {
            uint64_t want = 0;
            for (uint32_t k = 0; k < n; k++)
                want |= (uint64_t)f[k] << k;
            assert_true(mdl_bytes_mask(f, n) == want);
        }
    }
}

/* A model that only registers an indicator: between problems and helpseek, helpseek no
 * longer runs right after the phase that left the marks (mdl_seek_note.phase), so it reads the
 * severities itself. */
static int between_init(sim_world *w, const void *p, void *st)
{
    (void)p, (void)st;
    int id = sim_ind_add(w, "test_between", "none", "Nothing: a phase between problems and helpseek.");
    return id < 0 ? id : 0;
}

static void between_step(sim_world *w, const void *p, void *st)
{
    (void)w, (void)p, (void)st;
}

static const sim_model between_model = {"between", "Nothing, between problems and helpseek.", NULL, 0, between_init,
                                        between_step};

/* The marks problems leaves for helpseek (mdl_seek_note) give the same run as helpseek's own
 * reading of the severities, which it falls back to with a phase between the two: every
 * column and indicator the same after each tick, through levers that change helpseek's
 * thresholds (then the marks, made with the old ones, are not used that tick). */
static void test_problems_leave_helpseek_its_marks(void **state)
{
    (void)state;
    size_t nm, ns = 0;
    const sim_model *const *models = nabij_models(&nm);
    const sim_model *split[64];
    assert_true(nm < 63);
    for (size_t i = 0; i < nm; i++) {
        split[ns++] = models[i];
        if (!strcmp(models[i]->name, "problems"))
            split[ns++] = &between_model;
    }
    static const char *const sets[] = {"population.inhabitants=4000", NULL};
    scn_scenario *sa = NULL, *sb = NULL;
    sim_world *a = lw_create(models, nm, sets, &sa), *b = lw_create(split, ns, sets, &sb);
    assert_non_null(a);
    assert_non_null(b);
    const mdl_seek_note *na = sim_world_note(a, MDL_NOTE_SEEK, sizeof *na), *nb = sim_world_note(b, MDL_NOTE_SEEK, sizeof *nb);
    assert_true(na && nb);
    static const char *const levers[] = {NULL, NULL, NULL, "helpseek.seek_threshold=0.5",
                                         "helpseek.youth_seek_threshold=0.1", NULL};
    for (int t = 0; t < 6; t++) {
        if (levers[t]) {
            assert_int_equal(sim_world_set(a, levers[t]), 0);
            assert_int_equal(sim_world_set(b, levers[t]), 0);
        }
        assert_int_equal(sim_world_step(a), 0);
        assert_int_equal(sim_world_step(b), 0);
        /* from the second tick on, helpseek of the tick before has left its thresholds */
        assert_int_equal(na->tick1 == sim_tick(a), t > 0);
        /* the marks are stamped by problems' phase: in a, helpseek comes right after it; in b,
         * the model between */
        if (t > 0) {
            assert_true(nb->tick1 == sim_tick(b) && na->phase == nb->phase && na->phase >= 0);
            assert_string_equal(models[na->phase]->name, "problems");
            assert_string_equal(models[na->phase + 1]->name, "helpseek");
            assert_ptr_equal(split[nb->phase + 1], &between_model);
        }
        for (size_t c = 0; c < sim_col_count(a); c++) {
            const sim_column *col = sim_col_at(a, c);
            const void *other = sim_col(b, col->kind, col->name);
            assert_non_null(other);
            if (memcmp(col->data, other, (size_t)sim_world_count(a, col->kind) * sim_dtype_size(col->type)) != 0)
                fail_msg("tick %d: column %s differs", t, col->name);
        }
        for (size_t i = 0; i < sim_ind_count(a); i++) {
            const char *name = sim_ind_name(a, i, NULL, NULL);
            if (sim_ind_value(a, i) != lw_ind(b, name))
                fail_msg("tick %d: indicator %s differs", t, name);
        }
    }
    assert_true(lw_ind(a, "help_requests_team") + lw_ind(a, "help_requests_gp") > 0);
    lw_destroy(a, sa);
    lw_destroy(b, sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_problems_birth_cut_matches_age),
        cmocka_unit_test(test_problems_each_member_keeps_its_rate),
        cmocka_unit_test(test_problems_remnants_below_vanish_severity_end),
        cmocka_unit_test(test_problems_marked_scan),
        cmocka_unit_test(test_problems_bytes_mask),
        cmocka_unit_test(test_problems_leave_helpseek_its_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
