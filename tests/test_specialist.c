/* test_specialist.c: specialist providers: an annual budget that runs out makes the youth
 * waiting list grow late in the year, unlike a population budget; failed light care for
 * severe youth problems leads to out-of-home placements; the waiting list is served in
 * referral order; a referral after a diagnosis finds a fitting treatment more often. */
#include "careworld.h"
#include "members.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* Youths reach youth GGZ quickly by the "other" route; the budget covers part of the year. */
static const char *const youth_demand[] = {
    "helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.03", "helpseek.other_threshold=0.05",
    "specialist.youth_ggz_slots_per_10000=400", "specialist.youth_ggz_trajectory_weeks=8",
    "specialist.youth_ggz_budget_eur_per_10000=1800000", "specialist.p_drop_per_week=0", NULL};

static void queue_by_quarter(const char *mode, double q[4], double *exhausted)
{
    const char *sets[16];
    int n = 0;
    for (; youth_demand[n]; n++)
        sets[n] = youth_demand[n];
    sets[n++] = mode;
    sets[n] = NULL;
    careworld cw;
    assert_int_equal(cw_create(&cw, 4000, 1, sets), 0);
    for (int k = 0; k < 4; k++)
        cw_run(&cw, 13, "waiting_list_youth_ggz", &q[k], NULL);
    double ex;
    cw_run(&cw, 1, "budget_exhausted_youth_ggz", &ex, NULL);
    *exhausted = ex;
    cw_destroy(&cw);
}

static void test_specialist_budget_runs_out(void **st)
{
    (void)st;
    double annual[4], pop[4], ex_a, ex_p;
    queue_by_quarter("specialist.budget_mode=annual", annual, &ex_a);
    queue_by_quarter("specialist.budget_mode=population", pop, &ex_p);
    /* under annual budgets the queue of the last quarter is far above the first's and above
     * the population-budget world's; the new year (tick 53) starts with fresh money */
    assert_true(annual[3] > 2 * annual[0] + 10);
    assert_true(annual[3] > 2 * pop[3] + 10);
    assert_true(ex_p == 0.0);
}

static void test_specialist_placements_follow_failed_care(void **st)
{
    (void)st;
    const char *fail[] = {"helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.3",
                          "helpseek.other_threshold=0.05", "specialist.youth_ggz_trajectory_weeks=4",
                          "specialist.treat_rate_per_week=0", "specialist.placement_threshold=0.05", "specialist.success_severity=0.01",
                          "population.prev_parenting=0.5", "specialist.youth_residential_slots_per_10000=500",
                          "specialist.youth_residential_budget_eur_per_10000=100000000", NULL};
    const char *work[] = {"helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.3",
                          "helpseek.other_threshold=0.05", "specialist.youth_ggz_trajectory_weeks=4",
                          "specialist.treat_rate_per_week=0.9", "specialist.fit_base=1",
                          "specialist.placement_threshold=0.05", "specialist.success_severity=0.01", "population.prev_parenting=0.5",
                          "specialist.youth_residential_slots_per_10000=500",
                          "specialist.youth_residential_budget_eur_per_10000=100000000", NULL};
    double failed = cw_total(3000, 30, "placements_out_of_home_new", fail);
    double worked = cw_total(3000, 30, "placements_out_of_home_new", work);
    assert_true(failed > 10);
    assert_true(worked < failed / 4);
}

static void test_specialist_waiting_in_referral_order(void **st)
{
    (void)st;
    const char *sets[] = {"helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.2",
                          "helpseek.other_threshold=0.05", "specialist.youth_ggz_slots_per_10000=20",
                          "specialist.youth_ggz_trajectory_weeks=4", "specialist.p_drop_per_week=0", NULL};
    careworld cw;
    assert_int_equal(cw_create(&cw, 4000, 1, sets), 0);
    int admitted = -1;
    for (size_t k = 0; k < sim_event_kind_count(cw.w); k++)
        if (!strcmp(sim_event_kind_name(cw.w, k, NULL, NULL), "admitted"))
            admitted = (int)k;
    assert_true(admitted >= 0);
    const uint8_t *pkind = sim_col(cw.w, SIM_PROVIDER, "kind");
    /* per provider, the latest referral tick among the admitted (from the admitted events'
     * waiting time) */
    uint32_t np = sim_world_count(cw.w, SIM_PROVIDER);
    double *latest = calloc(np, sizeof *latest);
    assert_non_null(latest);
    for (uint32_t x = 0; x < np; x++)
        latest[x] = -1;
    int n_admitted = 0;
    for (int t = 0; t < 30; t++) {
        cw_run(&cw, 1, NULL, NULL, NULL);
        size_t n;
        const sim_event *ev = sim_world_events(cw.w, &n);
        for (size_t j = 0; j < n; j++)
            if (ev[j].kind == admitted && pkind[ev[j].counterpart] == PK_YOUTH_GGZ) {
                double ref = t - ev[j].amount;
                if (ref > latest[ev[j].counterpart])
                    latest[ev[j].counterpart] = ref;
                n_admitted++;
            }
    }
    const uint8_t *st8 = sim_col(cw.w, SIM_PERSON, "spec_state");
    const uint8_t *kind = sim_col(cw.w, SIM_PERSON, "spec_kind");
    const int32_t *since = sim_col(cw.w, SIM_PERSON, "spec_since"), *prov = sim_col(cw.w, SIM_PERSON, "spec_provider");
    int waiting = 0, checked = 0;
    for (uint32_t i = 0; i < sim_world_count(cw.w, SIM_PERSON); i++)
        if (kind[i] == PK_YOUTH_GGZ && st8[i] == SPEC_WAITING) {
            waiting++;
            /* first come, first served: nobody still waiting was referred before someone
             * the same provider admitted */
            assert_true(since[i] >= latest[prov[i]] - 1e-9);
            checked += latest[prov[i]] >= 0;
        }
    assert_true(waiting > 20 && n_admitted > 20 && checked > 10);
    free(latest);
    cw_destroy(&cw);
}

/* A person who dies leaves the waiting list and care in the next specialist phase, and is
 * never admitted. Persons are taken out of their households with mdl_members_remove, as
 * households.c does at a death (the care world has no households model). Before, the dead
 * kept their place in care until the trajectory ended and waited on, to be admitted and
 * paid for from the budget. */
static void test_specialist_the_dead_leave_lists_and_care(void **st)
{
    (void)st;
    const char *sets[] = {"helpseek.p_other_per_week=0.2", "helpseek.other_threshold=0.05",
                          "specialist.youth_ggz_slots_per_10000=40", "specialist.p_drop_per_week=0", NULL};
    careworld cw;
    assert_int_equal(cw_create(&cw, 4000, 1, sets), 0);
    cw_run(&cw, 20, NULL, NULL, NULL);
    mdl_members m;
    assert_int_equal(mdl_members_bind(cw.w, &m), 0);
    const uint8_t *state = sim_col(cw.w, SIM_PERSON, "spec_state");
    uint32_t np = sim_world_count(cw.w, SIM_PERSON);
    int32_t dead[40];
    int nw = 0, nc = 0;
    for (uint32_t i = 0; i < np && nw + nc < 40; i++) {
        if (state[i] == SPEC_WAITING && nw < 20)
            nw++;
        else if (state[i] == SPEC_IN_CARE && nc < 20)
            nc++;
        else
            continue;
        dead[nw + nc - 1] = (int32_t)i;
        mdl_members_remove(&m, (int32_t)i);
    }
    assert_true(nw >= 10 && nc >= 10);
    int admitted = cw_event_kind(cw.w, "admitted");
    assert_true(admitted >= 0);
    for (int t = 0; t < 10; t++) {
        cw_run(&cw, 1, NULL, NULL, NULL);
        for (int k = 0; k < nw + nc; k++)
            if (state[dead[k]] != SPEC_NONE)
                fail_msg("week %d after the deaths: person %d still %s", t + 1, dead[k],
                         state[dead[k]] == SPEC_WAITING ? "waits" : "in care");
        size_t n;
        const sim_event *ev = sim_world_events(cw.w, &n);
        for (size_t j = 0; j < n; j++)
            for (int k = 0; k < nw + nc; k++)
                assert_false(ev[j].kind == admitted && ev[j].person == sim_person_id(cw.w, dead[k]));
    }
    cw_destroy(&cw);
}

/* A referral for a diagnosis (or after a consultation) finds a fitting treatment with
 * specialist.fit_diagnosis, another with fit_base (seed 000 §8: 'shoot first, aim later';
 * better diagnosis fights waiting lists). At 1 and 0 every person in care after a
 * diagnosis has a fitting treatment and nobody else has. */
static void test_specialist_diagnosis_fits(void **st)
{
    (void)st;
    const char *sets[] = {"specialist.fit_base=0", "specialist.fit_diagnosis=1", "team.p_ask_consult=1",
                          "team.p_consult_diagnosis=1", "specialist.consult_hours_per_week=40", NULL};
    careworld cw;
    assert_int_equal(cw_create(&cw, 4000, 1, sets), 0);
    cw_run(&cw, 52, NULL, NULL, NULL);
    const uint8_t *state = sim_col(cw.w, SIM_PERSON, "spec_state"), *flags = sim_col(cw.w, SIM_PERSON, "spec_flags");
    int n[2][2] = {{0, 0}, {0, 0}}; /* [after a diagnosis][fitting] */
    for (uint32_t i = 0; i < sim_world_count(cw.w, SIM_PERSON); i++)
        if (state[i] == SPEC_IN_CARE)
            n[(flags[i] & SPEC_FLAG_DIAGNOSIS) != 0][(flags[i] & SPEC_FLAG_FIT) != 0]++;
    cw_destroy(&cw);
    if (!(n[1][1] >= 5 && n[1][0] == 0 && n[0][0] >= 5 && n[0][1] == 0))
        fail_msg("in care after a diagnosis: %d fitting, %d not; without: %d fitting, %d not", n[1][1], n[1][0],
                 n[0][1], n[0][0]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_specialist_budget_runs_out),
        cmocka_unit_test(test_specialist_placements_follow_failed_care),
        cmocka_unit_test(test_specialist_waiting_in_referral_order),
        cmocka_unit_test(test_specialist_diagnosis_fits),
        cmocka_unit_test(test_specialist_the_dead_leave_lists_and_care),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
