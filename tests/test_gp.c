/* test_gp.c: GP practices: the POH-GGZ route sends youths to the wijkteam instead of
 * specialists, so the GP's share of youth referrals falls; referral habits set how often a
 * GP refers; consultation with a specialist lets the GP keep cases. */
#include "careworld.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define POP 4000
/* everyone goes to the GP first */
#define GP_FIRST "helpseek.p_gp_youth=1", "helpseek.p_gp_mental=1", "helpseek.p_other_per_week=0"

static void test_gp_poh_route_shifts_referrals(void **st)
{
    (void)st;
    const char *direct[] = {GP_FIRST, "gp.poh_ggz_route=false", NULL};
    const char *poh[] = {GP_FIRST, "gp.poh_ggz_route=true", NULL};
    double gp0 = cw_total(POP, 52, "referrals_youth_gp", direct), gp1 = cw_total(POP, 52, "referrals_youth_gp", poh);
    double tt0 = cw_total(POP, 52, "gp_to_team", direct), tt1 = cw_total(POP, 52, "gp_to_team", poh);
    assert_true(gp0 > 20);
    assert_true(gp1 < 0.7 * gp0);
    assert_true(tt1 > tt0 + 10);
    /* and the team takes them in: counting them as sent is not enough (some are in a case or
     * waiting for an intake already: +175 sent, +100 intakes at seed 1) */
    double in0 = cw_total(POP, 52, "team_intakes", direct), in1 = cw_total(POP, 52, "team_intakes", poh);
    if (!(in1 > in0 + 30 && in1 - in0 > 0.3 * (tt1 - tt0)))
        fail_msg("the POH-GGZ route sent %.0f more households to the team, which held %.0f more intakes", tt1 - tt0,
                 in1 - in0);
}

/* A practice refers a case it sees with probability habit x (0.5 + severity); a case it keeps
 * comes back, so over 52 weeks a low habit refers many cases in the end and the totals differ
 * less than the habits (refer_mean 0.05 and 0.9: 24-72 against 163-217 referrals over seeds
 * 1-20). What the habit sets is the share of visits that end in a referral: 0.016-0.041
 * against 0.33-0.42, 9.6-20 times as high. Practices' habits are Beta draws around refer_mean;
 * at the default concentration (8) the few practices of 4,000 inhabitants drew habits far from
 * the mean (0 to 136 referrals at mean 0.05); at 1000 each practice's habit is about the mean. */
static void test_gp_referral_habit(void **st)
{
    (void)st;
    const char *low[] = {GP_FIRST, "gp.refer_mean=0.05", "gp.refer_concentration=1000", NULL};
    const char *high[] = {GP_FIRST, "gp.refer_mean=0.9", "gp.refer_concentration=1000", NULL};
    double r0 = cw_total(POP, 52, "gp_referrals_specialist", low), r1 = cw_total(POP, 52, "gp_referrals_specialist", high);
    double v0 = cw_total(POP, 52, "gp_visits", low), v1 = cw_total(POP, 52, "gp_visits", high);
    assert_true(r0 > 10 && v1 > 100);
    assert_true(r1 / v1 > 5 * (r0 / v0));
}

static void test_gp_consultation_keeps_cases(void **st)
{
    (void)st;
    const char *none[] = {GP_FIRST, "gp.p_consult=0", "specialist.consult_hours_per_week=40", NULL};
    const char *always[] = {GP_FIRST, "gp.p_consult=1", "specialist.consult_hours_per_week=40", NULL};
    double r0 = cw_total(POP, 52, "gp_referrals_specialist", none), r1 = cw_total(POP, 52, "gp_referrals_specialist", always);
    double c1 = cw_total(POP, 52, "gp_consultations", always), c0 = cw_total(POP, 52, "gp_consultations", none);
    assert_true(c0 == 0 && c1 > 10);
    assert_true(r1 < 0.7 * r0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gp_poh_route_shifts_referrals),
        cmocka_unit_test(test_gp_referral_habit),
        cmocka_unit_test(test_gp_consultation_keeps_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
