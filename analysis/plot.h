/* plot.h: the report's charts: lines over time with bands across replicates, and grouped
 * bars with error bars. Each chart is saved as <base>.png and <base>.svg, with a title,
 * axis labels that carry units, tick labels and a legend. */
#ifndef AN_PLOT_H
#define AN_PLOT_H
#include <stddef.h>

typedef struct an_plot_spec {
    const char *title;
    const char *subtitle; /* may be NULL: e.g. "band: 10-90 % of 8 replicates" */
    const char *xlabel, *ylabel;
    int x_dates;          /* x values are days since 1970-01-01: ticks on years or months */
    int width, height;    /* pixels; 0: 900 x 520 */
} an_plot_spec;

/* One line with an optional band [lo, hi] (both NULL for none). */
typedef struct an_plot_line {
    const char *label;
    const double *x, *y, *lo, *hi;
    size_t n;
} an_plot_line;

/* Grouped bars: for every category one bar per group; values at [g * n_cat + c]; error
 * bars from lo/hi when not NULL. */
typedef struct an_plot_bars {
    const char *const *categories;
    size_t n_cat;
    const char *const *groups;
    size_t n_groups;
    const double *v, *lo, *hi;
} an_plot_bars;

/* Colour "i" of the palette (Okabe-Ito, safe for colour blindness) as 0..1 rgb. */
void an_plot_color(size_t i, double rgb[3]);

/* Save a line chart to "<base>.png" and "<base>.svg". 0 or NABIJ_E* with "err". */
int an_plot_lines(const char *base, const an_plot_spec *sp, const an_plot_line *lines,
                  size_t n, char *err, size_t errlen);
/* Save a grouped bar chart to "<base>.png" and "<base>.svg". */
int an_plot_barchart(const char *base, const an_plot_spec *sp, const an_plot_bars *b,
                     char *err, size_t errlen);

/* Tick positions for [lo, hi]: about "target" round numbers (1, 2, 2.5, 5 x 10^k); writes
 * at most "max" values to "out", returns how many. */
size_t an_plot_ticks(double lo, double hi, int target, double *out, size_t max);
#endif
