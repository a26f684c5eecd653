/* test_an_morris.c: the Morris design moves every parameter exactly once per trajectory by
 * +-delta on the grid, stays in the unit cube, is a pure function of its seed; elementary
 * effects of a known function are its slopes (linear: mu exact, sigma 0; an interaction
 * shows up in sigma). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "morris.h"
#include "nabij.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static void test_an_morris_design_shape(void **st)
{
    (void)st;
    an_morris m;
    assert_int_equal(an_morris_design(5, 12, 4, 7, &m), 0);
    assert_true(fabs(m.delta - 2.0 / 3) < 1e-12);
    for (size_t t = 0; t < m.r; t++) {
        int moved[5] = {0};
        for (size_t j = 0; j <= m.k; j++) {
            const double *x = an_morris_point(&m, t, j);
            for (size_t i = 0; i < m.k; i++) {
                assert_true(x[i] >= 0 && x[i] <= 1);
                double lev = x[i] * 3; /* on the 4-level grid */
                assert_true(fabs(lev - round(lev)) < 1e-9);
            }
            if (j == 0)
                continue;
            const double *p = an_morris_point(&m, t, j - 1);
            int changed = 0;
            for (size_t i = 0; i < m.k; i++)
                if (x[i] != p[i]) {
                    changed++;
                    moved[i]++;
                    assert_true(fabs(fabs(x[i] - p[i]) - m.delta) < 1e-12);
                    assert_int_equal(m.moved[t * m.k + j - 1], i);
                }
            assert_int_equal(changed, 1);
        }
        for (size_t i = 0; i < m.k; i++)
            assert_int_equal(moved[i], 1);
    }
    an_morris m2;
    assert_int_equal(an_morris_design(5, 12, 4, 7, &m2), 0);
    assert_memory_equal(m.x, m2.x, 12 * 6 * 5 * sizeof(double));
    an_morris_clear(&m2);
    assert_int_equal(an_morris_design(5, 12, 4, 8, &m2), 0);
    assert_true(memcmp(m.moved, m2.moved, 12 * 5 * sizeof(size_t)) != 0); /* order depends on seed */
    an_morris_clear(&m2);
    an_morris_clear(&m);
    assert_int_equal(an_morris_design(0, 4, 4, 1, &m), NABIJ_EINVAL);
    assert_int_equal(an_morris_design(3, 4, 3, 1, &m), NABIJ_EINVAL);
}

static void test_an_morris_effects_known(void **st)
{
    (void)st;
    an_morris m;
    assert_int_equal(an_morris_design(3, 10, 4, 3, &m), 0);
    double *y = calloc(m.r * (m.k + 1), sizeof *y);
    an_morris_effect e[3];
    /* linear: y = 3 x0 - 2 x1 (x2 inert) */
    for (size_t t = 0; t < m.r; t++)
        for (size_t j = 0; j <= m.k; j++) {
            const double *x = an_morris_point(&m, t, j);
            y[t * (m.k + 1) + j] = 3 * x[0] - 2 * x[1];
        }
    an_morris_effects(&m, y, e);
    assert_true(fabs(e[0].mu - 3) < 1e-12 && fabs(e[0].mu_star - 3) < 1e-12 && e[0].sigma < 1e-12);
    assert_true(fabs(e[1].mu + 2) < 1e-12 && fabs(e[1].mu_star - 2) < 1e-12 && e[1].sigma < 1e-12);
    assert_true(e[2].mu == 0 && e[2].mu_star == 0 && e[2].sigma == 0);
    /* interaction: y = x0 * x1: the effect of x0 is x1, which varies: sigma > 0 */
    for (size_t t = 0; t < m.r; t++)
        for (size_t j = 0; j <= m.k; j++) {
            const double *x = an_morris_point(&m, t, j);
            y[t * (m.k + 1) + j] = x[0] * x[1];
        }
    an_morris_effects(&m, y, e);
    assert_true(e[0].sigma > 0.1 && e[1].sigma > 0.1 && e[2].mu_star == 0);
    free(y);
    an_morris_clear(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_morris_design_shape),
        cmocka_unit_test(test_an_morris_effects_known),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
