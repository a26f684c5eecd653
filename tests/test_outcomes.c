/* test_outcomes.c: outcomes and costs: every cost indicator cost_<payer>_<line>_eur is
 * summed into its payer's total; the care models give the same results at 1 and 2 threads;
 * youth care is counted per calendar year. */
#include "careworld.h"
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outcomes_costs_by_payer),
        cmocka_unit_test(test_outcomes_same_at_any_thread_count),
        cmocka_unit_test(test_outcomes_youth_care_per_year),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
