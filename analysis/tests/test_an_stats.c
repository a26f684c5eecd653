/* test_an_stats.c: known answers of the analysis statistics (t intervals computed by hand
 * from table values of Student's t) and of the story templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "stats.h"
#include "story.h"
#include "summary.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* x = 1..5: mean 3, sd sqrt(2.5); t(0.975, 4) = 2.776445105 from the t table, so the half
 * width is 2.776445105 * 1.58113883 / sqrt(5) = 1.963243161. */
static void test_an_stats_ci_mean_known(void **st)
{
    (void)st;
    double x[] = {1, 2, 3, 4, 5};
    an_ci c = an_ci_mean(x, 5, 0.95);
    assert_true(fabs(c.mean - 3) < 1e-12);
    assert_true(fabs(c.sd - sqrt(2.5)) < 1e-12);
    assert_true(fabs(c.lo - 1.0367568385) < 1e-8);
    assert_true(fabs(c.hi - 4.9632431615) < 1e-8);
    assert_int_equal(c.significant, 1);
    assert_true(fabs(an_t_quantile(0.975, 4) - 2.776445105) < 1e-8);
    assert_true(fabs(an_t_quantile(0.975, 30) - 2.042272456) < 1e-8);
}

/* Paired differences {1, 2, 3}: mean 2, sd 1, t(0.975, 2) = 4.302652730: [-0.4841, 4.4841],
 * not significant; {2, 3, 4}: [0.5159, 5.4841], significant. */
static void test_an_stats_ci_paired_known(void **st)
{
    (void)st;
    double a[] = {10, 12, 14}, b[] = {11, 14, 17}, c2[] = {12, 15, 18};
    an_ci c = an_ci_paired(a, b, 3, 0.95);
    assert_true(fabs(c.mean - 2) < 1e-12);
    assert_true(fabs(c.lo + 0.4841377117) < 1e-8);
    assert_true(fabs(c.hi - 4.4841377117) < 1e-8);
    assert_int_equal(c.significant, 0);
    c = an_ci_paired(a, c2, 3, 0.95);
    assert_true(fabs(c.lo - 0.5158622883) < 1e-8);
    assert_int_equal(c.significant, 1);
}

/* Identical replicates (a lever at its baseline value under common random numbers) give
 * a zero-width interval at zero, not significant. */
static void test_an_stats_ci_identical_is_zero(void **st)
{
    (void)st;
    double a[] = {3.5, 7.25, 1e9, -4};
    an_ci c = an_ci_paired(a, a, 4, 0.95);
    assert_true(c.mean == 0 && c.lo == 0 && c.hi == 0);
    assert_int_equal(c.significant, 0);
}

/* Welch: a = {1,2,3,4,5} (var 2.5), b = {3,5,7} (var 4): diff 2, se^2 = 0.5 + 4/3,
 * df = (11/6)^2 / (0.25/4 + (16/9)/2) = 3.6032; interval by hand with t(0.975, 3.5328). */
static void test_an_stats_welch_known(void **st)
{
    (void)st;
    double a[] = {1, 2, 3, 4, 5}, b[] = {3, 5, 7};
    an_ci c = an_ci_welch(a, 5, b, 3, 0.95);
    double se = sqrt(0.5 + 4.0 / 3), df = (11.0 / 6) * (11.0 / 6) / (0.25 / 4 + (16.0 / 9) / 2);
    assert_true(fabs(df - 3.5328) < 1e-3);
    assert_true(fabs(c.mean - 2) < 1e-12);
    assert_true(fabs(c.hi - (2 + an_t_quantile(0.975, df) * se)) < 1e-9);
    assert_true(c.hi > 2 + 2.776 * se && c.hi < 2 + 3.182 * se); /* between t(4) and t(3) */
}

static void test_an_stats_percentile(void **st)
{
    (void)st;
    double x[] = {5, 1, 4, 2, 3};
    assert_true(fabs(an_percentile(x, 5, 0.5) - 3) < 1e-12);
    assert_true(fabs(an_percentile(x, 5, 0.25) - 2) < 1e-12);
    assert_true(fabs(an_percentile(x, 5, 0.1) - 1.4) < 1e-12);
    assert_true(x[0] == 5); /* input unchanged */
}

static void test_an_summary_flow_and_stock(void **st)
{
    (void)st;
    double v[] = {1, 2, 3, 6};
    an_series flow = {"cost_municipality_x_eur", "EUR per tick", "", v};
    an_series stock = {"households_bijstand", "households", "", v};
    assert_true(an_series_summary(&flow, 4, AN_STAT_AUTO) == 12);
    assert_true(an_series_summary(&stock, 4, AN_STAT_AUTO) == 3);
    assert_true(an_series_summary(&stock, 4, AN_STAT_FINAL) == 6);
    assert_int_equal(an_cost_unattributed("cost_bijstand_eur"), 1);
    assert_int_equal(an_cost_unattributed("cost_state_bijstand_eur"), 0);
}

static void test_an_story_format(void **st)
{
    (void)st;
    char b[256];
    an_story_format("A letter from the {cp} stayed unopened.", "tax office|CJIB", 4, 9, 1, 0, b,
                    sizeof b);
    assert_string_equal(b, "A letter from the CJIB stayed unopened.");
    an_story_format("A debt of {amount} for {household}, {person}.", NULL, 4, 9, -1, 1200, b,
                    sizeof b);
    assert_string_equal(b, "A debt of \xe2\x82\xac" "1,200 for household 4, person 9.");
    an_story_format("{person} asked {cp} for help.", "nobody|the wijkteam", 0, 966, 1, 0, b, sizeof b);
    assert_string_equal(b, "Person 966 asked the wijkteam for help.");
    an_story_format("{amount} a month", NULL, 0, 0, 0, 254.5, b, sizeof b);
    assert_string_equal(b, "\xe2\x82\xac" "254.50 a month");
    an_story_format("waited {amount} weeks after reminder {cp}", NULL, 0, 0, 2, 3, b, sizeof b);
    assert_string_equal(b, "Waited 3 weeks after reminder 2");
    an_story_format("the severity is now {amount}.", NULL, 0, 0, 0, 0.4567, b, sizeof b);
    assert_string_equal(b, "The severity is now 0.457.");
    an_story_format("{amount} and {unknown}", NULL, 0, 0, 0, -1234567, b, sizeof b);
    assert_string_equal(b, "\xe2\x82\xac-1,234,567 and {unknown}");
    /* truncation keeps a terminated string and reports the wanted length */
    char small[8];
    size_t want = an_story_format("{household} is long", NULL, 12, 0, 0, 0, small, sizeof small);
    assert_int_equal(want, strlen("household 12 is long"));
    assert_int_equal(strlen(small), 7);
}

static void test_an_story_household_merges(void **st)
{
    (void)st;
    an_event_kind k[2];
    memset(k, 0, sizeof k);
    strcpy(k[0].name, "letter_unopened");
    strcpy(k[0].story, "A letter from the {cp} stayed unopened.");
    strcpy(k[0].counterparts, "tax office|CJIB");
    strcpy(k[1].name, "fine_imposed");
    strcpy(k[1].story, "CJIB imposed a fine of {amount}.");
    an_event ev[] = {
        {0, 0, 3, 7, 0, 0}, {0, 0, 3, 7, 0, 0}, {0, 0, 5, 8, 1, 0},
        {2, 1, 3, 7, -1, 150}, {2, 0, 3, 7, 1, 0},
    };
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    size_t told = an_story_household(k, 2, ev, 5, 3, 16436 /* 2015-01-01 */, 7, f);
    fclose(f);
    assert_int_equal(told, 4);
    assert_string_equal(buf,
                        "2015-01-01 (week 0): A letter from the tax office stayed unopened (2 times).\n"
                        "2015-01-15 (week 2): CJIB imposed a fine of \xe2\x82\xac" "150. A letter from the CJIB stayed unopened.\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_stats_ci_mean_known),
        cmocka_unit_test(test_an_stats_ci_paired_known),
        cmocka_unit_test(test_an_stats_ci_identical_is_zero),
        cmocka_unit_test(test_an_stats_welch_known),
        cmocka_unit_test(test_an_stats_percentile),
        cmocka_unit_test(test_an_summary_flow_and_stock),
        cmocka_unit_test(test_an_story_format),
        cmocka_unit_test(test_an_story_household_merges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
