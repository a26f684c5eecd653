/* stats.h: the small statistics that comparisons need: means, standard deviations,
 * t-based confidence intervals of a mean and of paired differences (common random
 * numbers: replicate r of every scenario uses the same seed), and percentiles. */
#ifndef AN_STATS_H
#define AN_STATS_H
#include <stddef.h>

/* A mean with its two-sided confidence interval. "sd" is the sample standard deviation
 * (n - 1 in the denominator); with n < 2 or sd == 0 the interval is [mean, mean]. */
typedef struct an_ci {
    double mean, sd, lo, hi;
    size_t n;
    int significant; /* the interval excludes 0 */
} an_ci;

/* Mean of "n" values (0 when n == 0). */
double an_mean(const double *x, size_t n);
/* Sample standard deviation (0 when n < 2). */
double an_sd(const double *x, size_t n);
/* Quantile of Student's t with "df" degrees of freedom (GSL gsl_cdf_tdist_Pinv). */
double an_t_quantile(double p, double df);
/* Mean of "x" with a "level" (e.g. 0.95) t interval. */
an_ci an_ci_mean(const double *x, size_t n, double level);
/* Mean of the paired differences b[i] - a[i] with a "level" t interval. */
an_ci an_ci_paired(const double *a, const double *b, size_t n, double level);
/* Linear-interpolated percentile "p" in [0, 1] of "n" values; "x" is not changed. */
double an_percentile(const double *x, size_t n, double p);


/* Difference of means mean(b) - mean(a) of two independent samples with a Welch t
 * interval (for runs whose seeds do not pair). */
an_ci an_ci_welch(const double *a, size_t na, const double *b, size_t nb, double level);
#endif
