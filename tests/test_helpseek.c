/* test_helpseek.c: help-seeking: an online-only team shuts out households without digital
 * skills, a walk-in desk reaches them; the crisis line serves acute households first;
 * reluctance keeps households from asking; parents ask about a child's problem from a lower
 * severity (youth_seek_threshold) than about their own. */
#include "careworld.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#define POP 3000

static void test_helpseek_reachability(void **st)
{
    (void)st;
    const char *online[] = {"helpseek.team_access=online", "helpseek.p_reach_online_low_digital=0",
                            "population.p_digital_low=0.6", NULL};
    const char *walk[] = {"helpseek.team_access=walk_in", "helpseek.p_reach_online_low_digital=0",
                          "population.p_digital_low=0.6", NULL};
    double u0 = cw_total(POP, 30, "team_unreached", online), u1 = cw_total(POP, 30, "team_unreached", walk);
    double t0 = cw_total(POP, 30, "help_requests_team", online), t1 = cw_total(POP, 30, "help_requests_team", walk);
    assert_true(u0 > 20);
    assert_true(u1 < u0 / 3);
    assert_true(t1 > t0);
}

static void test_helpseek_crisis_line(void **st)
{
    (void)st;
    const char *none[] = {"helpseek.team_access=walk_in", NULL};
    const char *crisis[] = {"helpseek.team_access=crisis_line", "helpseek.crisis_severity=0.5", NULL};
    assert_true(cw_total(POP, 30, "crisis_line_calls", none) == 0);
    assert_true(cw_total(POP, 30, "crisis_line_calls", crisis) > 5);
}

static void test_helpseek_reluctance(void **st)
{
    (void)st;
    /* reluctance 0.05 or 0.95 scales the chance to ask by 0.97 or 0.43 (reluctance_effect
     * 0.6); a household that asks has a case and stops asking, so at a high weekly rate nearly
     * every household with a need asks within the 30 weeks whatever its reluctance (the ratio
     * of requests: about 1.3 at the careworld's 0.4, 1.46-1.77 at 0.1 over seeds 1-20). At
     * 0.02 few have asked yet and the requests follow the chance: 1.78-2.08 over seeds 1-20
     * with 12,000 inhabitants (about 500 and 260 requests) */
    const char *eager[] = {"population.reluctance_mean=0.05", "helpseek.seek_rate_per_week=0.02", NULL};
    const char *shy[] = {"population.reluctance_mean=0.95", "helpseek.seek_rate_per_week=0.02", NULL};
    double a = cw_total(12000, 30, "help_requests_team", eager) + cw_total(12000, 30, "help_requests_gp", eager);
    double b = cw_total(12000, 30, "help_requests_team", shy) + cw_total(12000, 30, "help_requests_gp", shy);
    assert_true(a > 1.4 * b);
}

static void test_helpseek_youth_threshold(void **st)
{
    (void)st;
    /* adults never ask for themselves (seek_threshold 1): every request is about a child */
    const char *off[] = {"helpseek.seek_threshold=1", "helpseek.youth_seek_threshold=1", NULL};
    const char *on[] = {"helpseek.seek_threshold=1", "helpseek.youth_seek_threshold=0.2", NULL};
    double a = cw_total(POP, 30, "help_requests_team", off) + cw_total(POP, 30, "help_requests_gp", off);
    double b = cw_total(POP, 30, "help_requests_team", on) + cw_total(POP, 30, "help_requests_gp", on);
    assert_true(a == 0);
    assert_true(b > 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helpseek_reachability),
        cmocka_unit_test(test_helpseek_crisis_line),
        cmocka_unit_test(test_helpseek_reluctance),
        cmocka_unit_test(test_helpseek_youth_threshold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
