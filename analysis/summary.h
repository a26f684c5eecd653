/* summary.h: one number per run and indicator (the run's mean of a stock, its total of a
 * flow, or its final value), and the integrated costs by payer from the indicators named
 * cost_<payer>_<line>_eur (or total_cost_<payer>_eur when a model provides it). */
#ifndef AN_SUMMARY_H
#define AN_SUMMARY_H
#include "h5read.h"

typedef enum an_stat { AN_STAT_AUTO, AN_STAT_MEAN, AN_STAT_SUM, AN_STAT_FINAL } an_stat;

/* The names of the statistics in an_stat order ("auto", "mean", "sum", "final"), then NULL:
 * the choices of the --stat option. */
extern const char *const an_stat_names[];
const char *an_stat_name(an_stat s);

/* A flow: an indicator whose unit says "per tick" or whose name starts with cost_ or
 * total_cost_ (amounts in a tick, to be summed over the run). Everything else is a
 * stock, averaged over the run. */
int an_series_is_flow(const an_series *s);
/* The statistic AUTO resolves to for "s". */
an_stat an_stat_for(const an_series *s, an_stat requested);
/* The summary "stat" of "s" over "n" ticks. */
double an_series_summary(const an_series *s, size_t n, an_stat stat);

/* The payers of the cost-benefit balance, in report order. */
#define AN_N_PAYERS 4
extern const char *const an_payers[AN_N_PAYERS];

/* Total over the run of the costs of payer "payer" in "r": the sum of
 * total_cost_<payer>_eur when present, else the sum over the lines cost_<payer>_*_eur.
 * "found" is set to the number of series used (0: none, total 0). */
double an_payer_total(const an_run *r, const char *payer, int *found);
/* 1 when "name" is a cost indicator (cost_*_eur) of none of the payers. */
int an_cost_unattributed(const char *name);
#endif
