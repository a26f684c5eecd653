/* stats.c: means, standard deviations and t intervals, computed in two passes (mean, then
 * squared deviations) so that large cost totals do not lose precision. */
#include "stats.h"
#include "alloc.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double an_mean(const double *x, size_t n)
{
    if (n == 0)
        return 0;
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s / (double)n;
}

double an_sd(const double *x, size_t n)
{
    if (n < 2)
        return 0;
    double m = an_mean(x, n), s = 0;
    for (size_t i = 0; i < n; i++)
        s += (x[i] - m) * (x[i] - m);
    return sqrt(s / (double)(n - 1));
}

double an_t_quantile(double p, double df)
{
    return gsl_cdf_tdist_Pinv(p, df);
}

an_ci an_ci_mean(const double *x, size_t n, double level)
{
    an_ci c = {0};
    c.n = n;
    c.mean = an_mean(x, n);
    c.sd = an_sd(x, n);
    c.lo = c.hi = c.mean;
    if (n >= 2 && c.sd > 0) {
        double h = an_t_quantile(0.5 + level / 2, (double)(n - 1)) * c.sd / sqrt((double)n);
        c.lo = c.mean - h;
        c.hi = c.mean + h;
    }
    c.significant = c.lo > 0 || c.hi < 0;
    return c;
}

an_ci an_ci_paired(const double *a, const double *b, size_t n, double level)
{
    double *d = sim_calloc(n + 1, sizeof *d);
    an_ci c = {0};
    if (!d) {
        c.mean = c.lo = c.hi = NAN;
        return c;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = b[i] - a[i];
    c = an_ci_mean(d, n, level);
    sim_free(d);
    return c;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double an_percentile(const double *x, size_t n, double p)
{
    if (n == 0)
        return NAN;
    double *s = sim_calloc(n, sizeof *s);
    if (!s)
        return NAN;
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    double pos = p * (double)(n - 1);
    size_t i = (size_t)pos;
    double v = i + 1 < n ? s[i] + (pos - (double)i) * (s[i + 1] - s[i]) : s[n - 1];
    sim_free(s);
    return v;
}

an_ci an_ci_welch(const double *a, size_t na, const double *b, size_t nb, double level)
{
    an_ci c = {0};
    c.n = na < nb ? na : nb;
    c.mean = an_mean(b, nb) - an_mean(a, na);
    c.lo = c.hi = c.mean;
    if (na < 2 || nb < 2)
        return c;
    double va = an_sd(a, na), vb = an_sd(b, nb);
    va = va * va / (double)na;
    vb = vb * vb / (double)nb;
    double se = sqrt(va + vb);
    c.sd = se;
    if (se > 0) {
        double df = (va + vb) * (va + vb) /
                    (va * va / (double)(na - 1) + vb * vb / (double)(nb - 1));
        double h = an_t_quantile(0.5 + level / 2, df) * se;
        c.lo = c.mean - h;
        c.hi = c.mean + h;
    }
    c.significant = c.lo > 0 || c.hi < 0;
    return c;
}
