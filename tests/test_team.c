/* test_team.c: the wijkteam mechanisms: a mandate shortens the time to a decision;
 * consultation instead of referral lowers referrals; the trust cycle raises the number of
 * helpers per household; a caseload limit makes households wait for an intake; network
 * workers hold network meetings; the eigen-kracht exam sends households back to their
 * network. */
#include "careworld.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define POP 3000

static void test_team_mandate_shortens_decisions(void **st)
{
    (void)st;
    const char *without[] = {"team.p_bb_need=1", "population.prev_money=0.5", NULL};
    const char *with[] = {"team.p_bb_need=1", "population.prev_money=0.5", "team.mandate=true",
                          "team.p_use_mandate=1", NULL};
    double d0 = cw_total(POP, 40, "decisions", without), w0 = cw_total(POP, 40, "decision_weeks_total", without);
    double d1 = cw_total(POP, 40, "decisions", with), w1 = cw_total(POP, 40, "decision_weeks_total", with);
    assert_true(d0 > 10 && d1 > 10);
    /* the back office takes backoffice_weeks (4); the mandate decides at once */
    assert_true(w0 / d0 > 3.0);
    assert_true(w1 / d1 < 0.5);
}

static void test_team_consultation_lowers_referrals(void **st)
{
    (void)st;
    const char *refer[] = {"team.p_ask_consult=0", "specialist.consult_hours_per_week=40",
                           "team.p_consult_diagnosis=0.2", NULL};
    const char *consult[] = {"team.p_ask_consult=1", "specialist.consult_hours_per_week=40",
                             "team.p_consult_diagnosis=0.2", NULL};
    double r0 = cw_total(POP, 52, "referrals_team", refer), r1 = cw_total(POP, 52, "referrals_team", consult);
    double c1 = cw_total(POP, 52, "team_consultations", consult);
    double dg0 = cw_total(POP, 52, "referrals_for_diagnosis", refer), dg1 = cw_total(POP, 52, "referrals_for_diagnosis", consult);
    assert_true(r0 > 20);
    assert_true(c1 > 10);
    assert_true(r1 < 0.8 * r0);
    /* consultations send the cases that need it for a diagnosis */
    assert_true(dg0 == 0 && dg1 > 0);
}

static void test_team_trust_cycle_raises_helpers(void **st)
{
    (void)st;
    const char *stable[] = {"team.p_break_per_week=0", NULL};
    const char *cycle[] = {"team.p_break_per_week=1", "team.trust_gain_per_week=0", "team.quiet_weeks_stopped=0", NULL};
    double h0, h1, lost0, lost1;
    careworld cw;
    assert_int_equal(cw_create(&cw, POP, 1, stable), 0);
    cw_run(&cw, 80, "cases_closed_trust_lost", &lost0, NULL);
    cw_run(&cw, 1, "helpers_per_household_mean", NULL, &h0);
    cw_destroy(&cw);
    assert_int_equal(cw_create(&cw, POP, 1, cycle), 0);
    cw_run(&cw, 80, "cases_closed_trust_lost", &lost1, NULL);
    cw_run(&cw, 1, "helpers_per_household_mean", NULL, &h1);
    cw_destroy(&cw);
    /* without broken agreements only households that distrust from the start stop */
    assert_true(lost1 > 5 * lost0 + 20);
    assert_true(h1 > h0 + 0.2);
}

static void test_team_caseload_limit(void **st)
{
    (void)st;
    const char *limit[] = {"team.caseload_limit=5", NULL};
    careworld cw;
    double cpg, queue0, queue1;
    assert_int_equal(cw_create(&cw, POP, 1, limit), 0);
    cw_run(&cw, 30, "team_intake_waiting", &queue1, NULL);
    cw_run(&cw, 1, "cases_per_generalist", NULL, &cpg);
    cw_destroy(&cw);
    queue0 = cw_total(POP, 30, "team_intake_waiting", NULL);
    assert_true(cpg <= 5.0 + 1e-9);
    assert_true(queue1 > 10 && queue0 == 0);
}

static void test_team_network_workers_hold_meetings(void **st)
{
    (void)st;
    const char *none[] = {"team.p_generalist_network=0", NULL};
    const char *workers[] = {"team.p_generalist_network=0", "team.network_workers_per_10000=10", NULL};
    double m0 = cw_total(POP, 30, "network_meetings", none), m1 = cw_total(POP, 30, "network_meetings", workers);
    assert_true(m0 == 0);
    assert_true(m1 > 20);
}

static void test_team_eigen_kracht_exam(void **st)
{
    (void)st;
    const char *exam[] = {"team.eigen_kracht=exam", "team.p_claim_nobody=0", NULL};
    const char *plan[] = {"team.eigen_kracht=plan", "team.p_fgc_held=1", NULL};
    double told_exam = cw_total(POP, 30, "sent_to_own_network", exam), told_plan = cw_total(POP, 30, "sent_to_own_network", plan);
    double fgc_plan = cw_total(POP, 30, "family_group_conferences", plan);
    assert_true(told_exam > 10 && told_plan == 0);
    assert_true(fgc_plan > 10);
}

static void test_team_cases_stay_in_their_area(void **st)
{
    (void)st;
    const char *sets[] = {"population.areas=3", "team.network_workers_per_10000=5", NULL};
    careworld cw;
    assert_int_equal(cw_create(&cw, 6000, 1, sets), 0);
    cw_run(&cw, 30, NULL, NULL, NULL);
    const int32_t *gen = sim_col(cw.w, SIM_HOUSEHOLD, "case_generalist"), *area = sim_col(cw.w, SIM_HOUSEHOLD, "area");
    const int32_t *parea = sim_col(cw.w, SIM_PRO, "area");
    const uint8_t *kind = sim_col(cw.w, SIM_PRO, "kind");
    int cases = 0, seen[3] = {0};
    for (uint32_t h = 0; h < sim_world_count(cw.w, SIM_HOUSEHOLD); h++)
        if (gen[h]) {
            cases++;
            assert_int_equal(parea[gen[h] - 1], area[h]);
            assert_true(kind[gen[h] - 1] <= PRO_WORK_INCOME);
            seen[area[h]] = 1;
        }
    assert_true(cases > 30 && seen[0] && seen[1] && seen[2]);
    cw_destroy(&cw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_team_mandate_shortens_decisions),
        cmocka_unit_test(test_team_consultation_lowers_referrals),
        cmocka_unit_test(test_team_trust_cycle_raises_helpers),
        cmocka_unit_test(test_team_caseload_limit),
        cmocka_unit_test(test_team_network_workers_hold_meetings),
        cmocka_unit_test(test_team_eigen_kracht_exam),
        cmocka_unit_test(test_team_cases_stay_in_their_area),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
