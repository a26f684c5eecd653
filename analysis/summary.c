/* summary.c: per-run summaries of indicators and costs by payer. The flow/stock rule is
 * the unit convention of docs/hdf5-schema.md ("... per tick" for flows). */
#include "summary.h"
#include <stdio.h>
#include <string.h>

const char *const an_payers[AN_N_PAYERS] = {"municipality", "state", "households", "insurer"};

const char *const an_stat_names[] = {"auto", "mean", "sum", "final", NULL};

const char *an_stat_name(an_stat s)
{
    return (unsigned)s <= AN_STAT_FINAL ? an_stat_names[s] : "?";
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

int an_series_is_flow(const an_series *s)
{
    return strstr(s->unit, "per tick") != NULL || !strncmp(s->name, "cost_", 5) ||
           !strncmp(s->name, "total_cost_", 11);
}

an_stat an_stat_for(const an_series *s, an_stat requested)
{
    if (requested != AN_STAT_AUTO)
        return requested;
    return an_series_is_flow(s) ? AN_STAT_SUM : AN_STAT_MEAN;
}

double an_series_summary(const an_series *s, size_t n, an_stat stat)
{
    if (n == 0)
        return 0;
    stat = an_stat_for(s, stat);
    if (stat == AN_STAT_FINAL)
        return s->v[n - 1];
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += s->v[i];
    return stat == AN_STAT_SUM ? sum : sum / (double)n;
}

double an_payer_total(const an_run *r, const char *payer, int *found)
{
    char name[160];
    snprintf(name, sizeof name, "total_cost_%s_eur", payer);
    const an_series *t = an_run_series(r, name);
    *found = 0;
    if (t) {
        *found = 1;
        return an_series_summary(t, r->n_ticks, AN_STAT_SUM);
    }
    char prefix[160];
    snprintf(prefix, sizeof prefix, "cost_%s_", payer);
    double sum = 0;
    for (size_t i = 0; i < r->n_series; i++) {
        const an_series *s = &r->series[i];
        if (!strncmp(s->name, prefix, strlen(prefix)) && ends_with(s->name, "_eur")) {
            sum += an_series_summary(s, r->n_ticks, AN_STAT_SUM);
            (*found)++;
        }
    }
    return sum;
}

int an_cost_unattributed(const char *name)
{
    if (strncmp(name, "cost_", 5) || !ends_with(name, "_eur"))
        return 0;
    for (int p = 0; p < AN_N_PAYERS; p++) {
        size_t k = strlen(an_payers[p]);
        if (!strncmp(name + 5, an_payers[p], k) && name[5 + k] == '_')
            return 0;
    }
    return 1;
}
