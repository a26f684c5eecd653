/* compare.h: the comparison table of a run set: per indicator the mean of each scenario
 * over its replicates and the confidence interval of the difference against the first
 * scenario (paired by seed when the seeds match: common random numbers), and the
 * cost-benefit balance by payer. Written as text, CSV and Markdown. */
#ifndef AN_COMPARE_H
#define AN_COMPARE_H
#include "runset.h"
#include "stats.h"
#include "summary.h"
#include <stdio.h>

/* One row: indicator "name" (or payer "payer:<name>") of group "g". */
typedef struct an_cmp_row {
    const char *name, *unit; /* borrowed from the run set */
    an_stat stat;
    size_t group;
    an_ci value; /* mean over replicates with its interval */
    an_ci diff;  /* difference against group 0 (zero for group 0) */
    int paired;  /* diff from paired (common-seed) replicates */
} an_cmp_row;

typedef struct an_cmp {
    an_cmp_row *rows;
    size_t n_rows;
    size_t n_indicators, n_groups, reps;
    double level;
    int paired;       /* all differences paired by seed */
    int has_costs;    /* some cost_<payer>_* indicator was found */
    char payer_names[AN_N_PAYERS + 1][48];
} an_cmp;

/* Compute the table for "rs" with summary "stat" and interval "level" (0.95). Indicators
 * are those present in every run; payer rows (name "payer:<payer>" and "payer:all") follow
 * when cost indicators exist. Returns 0 or NABIJ_ENOMEM / NABIJ_EINVAL (empty set). */
int an_cmp_compute(const an_runset *rs, an_stat stat, double level, an_cmp *out);
void an_cmp_clear(an_cmp *c);

/* The row of indicator "name" and group "g", or NULL. */
const an_cmp_row *an_cmp_find(const an_cmp *c, const char *name, size_t g);

/* Write the table: aligned text for a terminal, CSV (one row per indicator and scenario),
 * Markdown. Each may be NULL. */
void an_cmp_write_text(const an_cmp *c, const an_runset *rs, FILE *f);
void an_cmp_write_csv(const an_cmp *c, const an_runset *rs, FILE *f);
void an_cmp_write_md(const an_cmp *c, const an_runset *rs, FILE *f);
#endif
