/* test_outcomes.c: outcomes and costs: every cost indicator cost_<payer>_<line>_eur is
 * summed into its payer's total; the care models give the same results at 1 and 2 threads;
 * youth care is counted per calendar year. */
#include "careworld.h"
#include "quick.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

static void test_outcomes_costs_by_payer(void **st)
{
    (void)st;
    careworld cw;
    assert_int_equal(cw_create(&cw, 3000, 1, NULL), 0);
    static const char *const payer[4] = {"municipality", "state", "households", "insurer"};
    double grand = 0;
    for (int t = 0; t < 30; t++) {
        cw_run(&cw, 1, NULL, NULL, NULL);
        const sim_world *w = cw.w;
        for (int k = 0; k < 4; k++) {
            char prefix[64], total[64];
            snprintf(prefix, sizeof prefix, "cost_%s_", payer[k]);
            snprintf(total, sizeof total, "total_cost_%s_eur", payer[k]);
            double sum = 0;
            for (size_t i = 0; i < sim_ind_count(w); i++)
                if (!strncmp(sim_ind_name(w, i, NULL, NULL), prefix, strlen(prefix)))
                    sum += sim_ind_value(w, i);
            assert_true(fabs(sim_ind_value(w, (size_t)cw_ind(w, total)) - sum) <= 1e-6 * (1 + sum));
            grand += sum;
        }
    }
    /* staff of the team alone cost money every tick */
    assert_true(grand > 30 * 1000);
    cw_destroy(&cw);
}

static double checksum(int threads)
{
    careworld cw;
    if (cw_create(&cw, 3000, threads, NULL))
        abort();
    double h = 0;
    for (int t = 0; t < 40; t++) {
        cw_run(&cw, 1, NULL, NULL, NULL);
        for (size_t i = 0; i < sim_ind_count(cw.w); i++)
            h = h * 1.0000001 + sim_ind_value(cw.w, i) * (double)(i + 1);
    }
    const float *p = sim_col(cw.w, SIM_PERSON, "prob_parenting");
    for (uint32_t i = 0; i < sim_world_count(cw.w, SIM_PERSON); i++)
        h += p[i] * (double)(i % 97);
    cw_destroy(&cw);
    return h;
}

static void test_outcomes_same_at_any_thread_count(void **st)
{
    (void)st;
    assert_true(checksum(1) == checksum(2));
}

static void test_outcomes_youth_care_per_year(void **st)
{
    (void)st;
    careworld cw;
    const char *sets[] = {"population.prev_parenting=0.4", NULL};
    assert_int_equal(cw_create(&cw, 3000, 1, sets), 0);
    /* a calendar year's count is the sum of that year's new entries (less youths who
     * turned 18); youths still in care are counted again in the first week of a new year */
    int id = cw_ind(cw.w, "youths_in_youth_care");
    int nid[3] = {cw_ind(cw.w, "youth_care_new_team"), cw_ind(cw.w, "youth_care_new_gp"),
                  cw_ind(cw.w, "youth_care_new_other")};
    double entries = 0, count = 0, mean_week;
    int year = 2015, weeks = 0;
    for (int t = 0; t < 80; t++) {
        int y;
        unsigned m, d;
        scn_civil_from_days(sim_day(cw.w), &y, &m, &d);
        cw_run(&cw, 1, NULL, NULL, NULL);
        double nw = 0;
        for (int k = 0; k < 3; k++)
            nw += sim_ind_value(cw.w, (size_t)nid[k]);
        if (y != year)
            break;
        entries += nw;
        count = sim_ind_value(cw.w, (size_t)id);
        weeks++;
    }
    mean_week = entries / weeks;
    assert_true(count > 20);
    assert_true(count <= entries + 1e-9 && count >= 0.85 * entries);
    /* the tick that crossed into the new year re-counts those still in care */
    double jan = 0;
    for (int k = 0; k < 3; k++)
        jan += sim_ind_value(cw.w, (size_t)nid[k]);
    assert_true(jan > 5 * mean_week);
    cw_destroy(&cw);
}

/* The adult cut-off by birth day agrees with mdl_age_years for every age near 18, and float
 * thresholds compare like their double parameters. */
static void test_outcomes_adult_cutoff_and_thresholds(void **st)
{
    (void)st;
    for (int32_t day = 16000; day < 16000 + 3 * 365; day += 7) {
        int32_t by = mdl_birth_cut(day, 18);
        for (int32_t b = day - 19 * 366; b <= day - 17 * 365; b++)
            assert_int_equal(mdl_age_years(b, day) >= 18, b <= by);
    }
    const double th[] = {0.3, 0.5, 0.1, 0.8, 1.0 / 3.0, 0.0, 1.0};
    for (size_t k = 0; k < sizeof th / sizeof th[0]; k++) {
        float f = mdl_care_float_threshold(th[k]);
        assert_true((double)f >= th[k]);
        assert_true((double)nextafterf(f, -INFINITY) < th[k]);
    }
}

/* Self-direction, homelessness and wellbeing, recomputed from the columns: adults without a
 * severe problem and with a home; persons in households on the street. */
static void test_outcomes_self_direction_and_homeless(void **st)
{
    (void)st;
    careworld cw;
    assert_int_equal(cw_create(&cw, 3000, 2, NULL), 0);
    cw_run(&cw, 5, NULL, NULL, NULL);
    sim_world *w = cw.w;
    uint8_t *housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    const int32_t *hh = sim_col(w, SIM_PERSON, "household"), *bd = sim_col(w, SIM_PERSON, "birth_day");
    assert_non_null(housing);
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD), np = sim_world_count(w, SIM_PERSON);
    for (uint32_t h = 0; h < nh; h += 7)
        housing[h] = HOUSE_STREET;
    cw_run(&cw, 1, NULL, NULL, NULL);
    float *prob[MDL_N_DOMAINS];
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
    double adults = 0, self = 0, homeless = 0, pers = 0, well = 0;
    for (uint32_t i = 0; i < np; i++) {
        if (hh[i] < 0)
            continue;
        double worst = 0, sum = 0;
        for (int d = 0; d < MDL_N_DOMAINS; d++)
            sum += prob[d][i], worst = fmax(worst, prob[d][i]);
        int street = housing[hh[i]] == HOUSE_STREET;
        pers += 1;
        well += 1 - sum / MDL_N_DOMAINS;
        homeless += street;
        if (mdl_age_years(bd[i], sim_day(w) - sim_days_per_tick(w)) >= 18) {
            adults += 1;
            self += worst < 0.5 && !street;
        }
    }
    assert_true(homeless > 100 && self > 100 && self < adults);
    assert_true(sim_ind_value(w, (size_t)cw_ind(w, "homeless_persons")) == homeless);
    assert_true(fabs(sim_ind_value(w, (size_t)cw_ind(w, "self_direction_share")) - self / adults) < 1e-12);
    assert_true(fabs(sim_ind_value(w, (size_t)cw_ind(w, "wellbeing_mean")) - well / pers) < 1e-6);
    cw_destroy(&cw);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcomes_costs_by_payer),
        cmocka_unit_test(test_outcomes_same_at_any_thread_count),
        cmocka_unit_test(test_outcomes_youth_care_per_year),
        cmocka_unit_test(test_outcomes_adult_cutoff_and_thresholds),
        cmocka_unit_test(test_outcomes_self_direction_and_homeless),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
