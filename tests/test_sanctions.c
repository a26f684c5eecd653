/* test_sanctions.c: Participatiewet art. 18 on a small world of the real models: a missed
 * obligation withholds the bijstand for the sanction's length and no longer; tailoring
 * waives the sanction for households found not culpable and lowers it for others; unopened
 * letters make missed obligations more likely. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "benefits.h"
#include "common.h"
#include "letters.h"
#include "lifeworld.h"
#include "population.h"
#include "sanctions.h"
#include <math.h>

static const sim_model *const models[] = {&mdl_population, &mdl_benefits, &mdl_letters, &mdl_sanctions};

/* Total of indicator "name" over "ticks" ticks of a world with "sets". */
static double total(const char *const *sets, int ticks, const char *name)
{
    scn_scenario *s = NULL;
    sim_world *w = lw_create(models, 4, sets, &s);
    assert_non_null(w);
    double sum = 0;
    for (int t = 0; t < ticks; t++) {
        assert_int_equal(sim_world_step(w), 0);
        sum += lw_ind(w, name);
    }
    lw_destroy(w, s);
    return sum;
}

static void test_sanction_withholds_bijstand_for_its_length(void **state)
{
    (void)state;
    const char *sets[] = {"population.inhabitants=400", "sanctions.p_miss=1", "sanctions.sanction_months=1", NULL};
    scn_scenario *s = NULL;
    sim_world *w = lw_create(models, 4, sets, &s);
    assert_non_null(w);
    assert_int_equal(sim_world_step(w), 0); /* tick 0: benefits paid, every recipient misses */
    const int32_t *ticks = sim_col(w, SIM_HOUSEHOLD, "sanction_ticks");
    const float *benefit = sim_col(w, SIM_HOUSEHOLD, "benefit_eur_per_month");
    const uint8_t *sharers = sim_col(w, SIM_HOUSEHOLD, "cost_sharers");
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD), hit = 0;
    float before[4096] = {0};
    assert_true(nh < 4096);
    for (uint32_t h = 0; h < nh; h++) {
        assert_true((ticks[h] > 0) == (sharers[h] > 0)); /* every bijstand household, no other */
        hit += ticks[h] > 0;
        before[h] = benefit[h];
    }
    assert_true(hit >= 3);
    assert_true(lw_ind(w, "sanctions_imposed") == hit);
    /* no more misses: the sanctions run out after one month (4 or 5 weekly ticks) */
    assert_int_equal(sim_world_set(w, "sanctions.p_miss=0"), 0);
    /* the first sanctioned household finds work: its sanction ends with its bijstand, and it
     * is no longer counted (before, it ran on and was) */
    uint32_t left = 0;
    while (ticks[left] == 0)
        left++;
    const int32_t *first = sim_col(w, SIM_HOUSEHOLD, "first_member"), *next = sim_col(w, SIM_PERSON, "next_member");
    uint8_t *income = sim_col(w, SIM_PERSON, "income_source");
    for (int32_t i = first[left]; i >= 0; i = next[i])
        income[i] = INC_WORK;
    before[left] = 0;
    hit--;
    assert_int_equal(sim_world_step(w), 0);
    uint32_t running = 0;
    for (uint32_t h = 0; h < nh; h++)
        running += ticks[h] > 0;
    if (!(ticks[left] == 0 && running <= hit && lw_ind(w, "households_sanctioned") == running))
        fail_msg("after leaving bijstand: %d ticks of sanction left; %u sanctions run, %.0f counted", ticks[left],
                 running, lw_ind(w, "households_sanctioned"));
    for (uint32_t h = 0; h < nh; h++)
        if (before[h] > 0)
            assert_true(benefit[h] == 0.0f); /* 100 % withheld */
    assert_true(lw_ind(w, "bijstand_withheld_eur") > 0);
    for (int t = 0; t < 6; t++)
        assert_int_equal(sim_world_step(w), 0);
    uint32_t paid_again = 0;
    for (uint32_t h = 0; h < nh; h++) {
        assert_int_equal(ticks[h], 0);
        paid_again += before[h] > 0 && benefit[h] > 0;
    }
    assert_true(paid_again >= hit * 8 / 10); /* a few may have left bijstand meanwhile */
    assert_true(lw_ind(w, "bijstand_withheld_eur") == 0);
    lw_destroy(w, s);
}

/* A sanction of one month lasts 4 or 5 weekly ticks, on average a month's ticks (365.2425 /
 * 12 / 7 = 4.348): the rounding up is drawn with the chance of the fraction. Before, every
 * sanction lasted 4 ticks, about 8 % short of a month. Some 200 sanctions: the mean's
 * standard error is about 0.035. */
static void test_sanction_lasts_its_months_on_average(void **state)
{
    (void)state;
    const char *sets[] = {"population.inhabitants=10000", "sanctions.p_miss=1", "sanctions.sanction_months=1", NULL};
    scn_scenario *s = NULL;
    sim_world *w = lw_create(models, 4, sets, &s);
    assert_non_null(w);
    assert_int_equal(sim_world_step(w), 0); /* every recipient misses at tick 0 */
    const int32_t *ticks = sim_col(w, SIM_HOUSEHOLD, "sanction_ticks");
    double sum = 0;
    int n = 0;
    for (uint32_t h = 0; h < sim_world_count(w, SIM_HOUSEHOLD); h++)
        if (ticks[h] > 0) {
            assert_true(ticks[h] == 4 || ticks[h] == 5);
            sum += ticks[h];
            n++;
        }
    double want = 365.2425 / 12 / 7;
    if (n < 150 || fabs(sum / n - want) > 0.15)
        fail_msg("%d sanctions of %.3f ticks on average, not %.3f", n, n ? sum / n : 0, want);
    lw_destroy(w, s);
}

static void test_tailored_sanctions(void **state)
{
    (void)state;
    /* every household counts as not culpable: nothing imposed, every miss waived */
    const char *waive[] = {"population.inhabitants=400", "sanctions.p_miss=1", "sanctions.tailored=true",
                           "sanctions.tailor_threshold=0", NULL};
    assert_true(total(waive, 3, "sanctions_imposed") == 0);
    assert_true(total(waive, 3, "sanctions_waived") >= 3);
    /* nobody reaches the threshold: sanctioned, at the tailored share */
    const char *lower[] = {"population.inhabitants=400", "sanctions.p_miss=1", "sanctions.tailored=true",
                           "sanctions.tailor_threshold=1", "sanctions.tailored_factor=0.25", NULL};
    scn_scenario *s = NULL;
    sim_world *w = lw_create(models, 4, lower, &s);
    assert_non_null(w);
    assert_int_equal(sim_world_step(w), 0);
    const int32_t *ticks = sim_col(w, SIM_HOUSEHOLD, "sanction_ticks");
    const float *share = sim_col(w, SIM_HOUSEHOLD, "sanction_share");
    int n = 0;
    for (uint32_t h = 0; h < sim_world_count(w, SIM_HOUSEHOLD); h++)
        if (ticks[h] > 0) {
            assert_true(share[h] == 0.25f);
            n++;
        }
    assert_true(n >= 3);
    lw_destroy(w, s);
}

static void test_unopened_letters_raise_misses(void **state)
{
    (void)state;
    const char *plain[] = {"population.inhabitants=3000", "sanctions.p_miss=0.01", "sanctions.letters_effect=1", NULL};
    const char *pile[] = {"population.inhabitants=3000", "sanctions.p_miss=0.01", "sanctions.letters_effect=10", NULL};
    double a = total(plain, 40, "sanctions_imposed"), b = total(pile, 40, "sanctions_imposed");
    assert_true(a > 0);
    assert_true(b > 2 * a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sanction_withholds_bijstand_for_its_length),
        cmocka_unit_test(test_sanction_lasts_its_months_on_average),
        cmocka_unit_test(test_tailored_sanctions),
        cmocka_unit_test(test_unopened_letters_raise_misses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
