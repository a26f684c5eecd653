/* test_rules.c: known-answer tests of the legal rules: the kostendelersnorm (Participatiewet
 * art. 22a) at A = 1..6 on the norm amounts of 1 January 2015 and 1 January 2024, who counts
 * under the age limits 21 and 27 (and on which date the dated table switches), study
 * finance, commercial lodgers and paper deregistration; and CJIB fine escalation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "benefits.h"
#include "rules.h"
#include "scenario.h"
#include <math.h>
#include <string.h>

/* Fractions of B from art. 22a: ((40 + 30 A) / A) %. */
static void test_rules_kdn_fractions(void **state)
{
    (void)state;
    static const double want[6] = {0.70, 0.50, 0.433333, 0.40, 0.38, 0.366667};
    for (int a = 1; a <= 6; a++)
        assert_true(fabs(mdl_kdn_fraction(a) - want[a - 1]) < 5e-6);
    assert_true(fabs(mdl_kdn_fraction(0) - 0.70) < 1e-12); /* never below one sharer */
}

/* Monthly norm of one recipient, in cents, for B of 2015 and 2024 (SZW norm amounts). */
static void test_rules_kdn_amounts(void **state)
{
    (void)state;
    static const struct {
        double b;
        double eur[6];
    } table[] = {
        {1372.62, {960.83, 686.31, 594.80, 549.05, 521.60, 503.29}},
        {1834.04, {1283.83, 917.02, 794.75, 733.62, 696.94, 672.48}},
    };
    for (size_t t = 0; t < 2; t++)
        for (int a = 1; a <= 6; a++) {
            double got = mdl_kdn_benefit(1, a, table[t].b, 1);
            assert_true(fabs(round(got * 100) / 100 - table[t].eur[a - 1]) < 0.005);
        }
    /* the single norm without the kostendelersnorm is 70 % of B: EUR 960.83 and 1,283.83 */
    assert_true(fabs(mdl_kdn_benefit(1, 4, 1372.62, 0) - 960.83) < 0.005);
    assert_true(fabs(mdl_kdn_benefit(1, 4, 1834.04, 0) - 1283.83) < 0.005);
    /* a couple (two recipients) with nobody else keeps B; with a third adult each gets 43.33 % */
    assert_true(fabs(mdl_kdn_benefit(2, 2, 1372.62, 1) - 1372.62) < 0.005);
    assert_true(fabs(mdl_kdn_benefit(2, 3, 1372.62, 1) - 2 * 594.802) < 0.01);
    /* seed 000: a mother whose adult son lives with her loses "a good EUR 300" a month */
    double cut = mdl_kdn_benefit(1, 1, 1834.04, 1) - mdl_kdn_benefit(1, 2, 1834.04, 1);
    assert_true(cut > 300 && cut < 400);
}

static int sharers(int co_age, int main_res, int commercial, int student, int limit)
{
    mdl_kdn_member m[2] = {{50, 1, 0, 0, 1}, {co_age, main_res, commercial, student, 0}};
    return mdl_kdn_cost_sharers(m, 2, limit);
}

/* Who counts: co-residents from the age limit, unless commercial, on study finance or not
 * living there; the recipient always counts; a recipient who is the commercial lodger
 * counts nobody else (Participatiewet art. 22a: no cost-sharing in a commercial
 * relationship). */
static void test_rules_kdn_who_counts(void **state)
{
    (void)state;
    assert_int_equal(sharers(24, 1, 0, 0, 21), 2); /* 24-year-old counts before 2023 */
    assert_int_equal(sharers(24, 1, 0, 0, 27), 1); /* but not from 2023 */
    assert_int_equal(sharers(20, 1, 0, 0, 21), 1);
    assert_int_equal(sharers(21, 1, 0, 0, 21), 2);
    assert_int_equal(sharers(26, 1, 0, 0, 27), 1);
    assert_int_equal(sharers(27, 1, 0, 0, 27), 2);
    assert_int_equal(sharers(30, 1, 1, 0, 21), 1); /* commercial lodger */
    assert_int_equal(sharers(22, 1, 0, 1, 21), 1); /* study finance */
    assert_int_equal(sharers(40, 0, 0, 0, 21), 1); /* main residence elsewhere */
    mdl_kdn_member six[6] = {{50, 1, 0, 0, 1}, {48, 1, 0, 0, 1}, {30, 1, 0, 0, 0},
                             {25, 1, 0, 0, 0}, {22, 1, 0, 0, 0}, {19, 1, 0, 0, 0}};
    assert_int_equal(mdl_kdn_cost_sharers(six, 6, 21), 5);
    assert_int_equal(mdl_kdn_cost_sharers(six, 6, 27), 3);
    /* the other way round: a lodger (30) on bijstand in the home of a couple of 50 shares no
     * costs with them, nor with its own partner's landlords; the landlords' own recipients
     * are not cut by the lodger (A = 2: the couple) */
    mdl_kdn_member lodger[3] = {{30, 1, 1, 0, 1}, {50, 1, 0, 0, 0}, {50, 1, 0, 0, 0}};
    assert_int_equal(mdl_kdn_cost_sharers(lodger, 3, 21), 1);
    assert_true(fabs(mdl_kdn_benefit(1, mdl_kdn_cost_sharers(lodger, 3, 21), 1372.62, 1) - 960.83) < 0.005);
    mdl_kdn_member lodger_couple[4] = {{30, 1, 1, 0, 1}, {29, 1, 1, 0, 1}, {50, 1, 0, 0, 0}, {24, 1, 0, 0, 0}};
    assert_int_equal(mdl_kdn_cost_sharers(lodger_couple, 4, 21), 2);
    mdl_kdn_member landlords[3] = {{50, 1, 0, 0, 1}, {50, 1, 0, 0, 1}, {30, 1, 1, 0, 0}};
    assert_int_equal(mdl_kdn_cost_sharers(landlords, 3, 21), 2);
    assert_true(fabs(mdl_kdn_benefit(2, 2, 1372.62, 1) - 1372.62) < 0.005);
}

/* The default dated age limit switches from 21 to 27 on 1 January 2023, and B from the 2015
 * to the 2024 amount on 1 January 2024. */
static void test_rules_kdn_dated_defaults(void **state)
{
    (void)state;
    const scn_section *secs[] = {&mdl_benefits_section};
    scn_scenario *s = NULL;
    assert_int_equal(scn_create(secs, 1, &s), 0);
    const mdl_benefits_params *p = scn_section_values(s, "benefits");
    assert_non_null(p);
    assert_int_equal((int)scn_dated_at(&p->kdn_age_limit, scn_days_from_civil(2022, 12, 31)), 21);
    assert_int_equal((int)scn_dated_at(&p->kdn_age_limit, scn_days_from_civil(2023, 1, 1)), 27);
    assert_true(fabs(scn_dated_at(&p->norm_couple_eur_per_month, scn_days_from_civil(2015, 1, 1)) - 1372.62) < 1e-9);
    assert_true(fabs(scn_dated_at(&p->norm_couple_eur_per_month, scn_days_from_civil(2024, 1, 1)) - 1834.04) < 1e-9);
    /* art. 22a: new cases from 1 January 2015, the cases running then from 1 July 2015 */
    const struct {
        int y, m, d;
        unsigned force;
    } when[] = {{2014, 12, 31, 0}, {2015, 1, 1, 1}, {2015, 6, 30, 1}, {2015, 7, 1, 3}, {2030, 1, 1, 3}};
    for (size_t k = 0; k < sizeof when / sizeof *when; k++)
        if (mdl_kdn_in_force(p, scn_days_from_civil(when[k].y, when[k].m, when[k].d)) != when[k].force)
            fail_msg("%d-%02d-%02d: the norm reaches cases %u, not %u", when[k].y, when[k].m, when[k].d,
                     mdl_kdn_in_force(p, scn_days_from_civil(when[k].y, when[k].m, when[k].d)), when[k].force);
    scn_destroy(s);
}

/* CJIB: +50 % after the first reminder, three times the original after the second. */
static void test_rules_cjib_escalation(void **state)
{
    (void)state;
    static const struct {
        double orig;
        int rem;
        double due;
    } t[] = {{100, 0, 100}, {100, 1, 150}, {100, 2, 300}, {100, 3, 300}, {254, 1, 381}, {400, 2, 1200}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        assert_true(fabs(mdl_cjib_amount(t[i].orig, t[i].rem) - t[i].due) < 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_kdn_fractions),
        cmocka_unit_test(test_rules_kdn_amounts),
        cmocka_unit_test(test_rules_kdn_who_counts),
        cmocka_unit_test(test_rules_kdn_dated_defaults),
        cmocka_unit_test(test_rules_cjib_escalation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
