/* compare.c: comparison tables. Differences are paired by replicate when every group has
 * the same seeds in the same order (as compare makes them), else Welch intervals. */
#include "compare.h"
#include "alloc.h"
#include "nabij.h"
#include <math.h>
#include <string.h>

static int seeds_pair(const an_runset *rs, size_t reps)
{
    for (size_t g = 1; g < rs->n_groups; g++)
        for (size_t r = 0; r < reps; r++)
            if (rs->groups[g].runs[r]->seed != rs->groups[0].runs[r]->seed)
                return 0;
    return 1;
}

static int add_rows(an_cmp *c, const an_runset *rs, const char *name, const char *unit,
                    an_stat stat, double **vals, size_t reps)
{
    for (size_t g = 0; g < rs->n_groups; g++) {
        an_cmp_row *row = &c->rows[c->n_rows++];
        row->name = name;
        row->unit = unit;
        row->stat = stat;
        row->group = g;
        row->value = an_ci_mean(vals[g], rs->groups[g].n, c->level);
        row->paired = c->paired;
        if (g == 0) {
            memset(&row->diff, 0, sizeof row->diff);
            row->diff.n = reps;
        } else if (c->paired)
            row->diff = an_ci_paired(vals[0], vals[g], reps, c->level);
        else
            row->diff = an_ci_welch(vals[0], rs->groups[0].n, vals[g], rs->groups[g].n, c->level);
    }
    return 0;
}

int an_cmp_compute(const an_runset *rs, an_stat stat, double level, an_cmp *c)
{
    memset(c, 0, sizeof *c);
    size_t reps = an_runset_min_reps(rs);
    if (!rs->n_groups || reps == 0)
        return NABIJ_EINVAL;
    size_t n_ind;
    const char **names = an_runset_common(rs, &n_ind);
    if (!names)
        return NABIJ_ENOMEM;
    c->level = level;
    c->n_groups = rs->n_groups;
    c->reps = reps;
    c->paired = seeds_pair(rs, reps);
    c->n_indicators = n_ind;
    size_t maxrows = (n_ind + AN_N_PAYERS + 1) * rs->n_groups;
    c->rows = sim_calloc(maxrows + 1, sizeof *c->rows);
    double **vals = sim_calloc(rs->n_groups, sizeof *vals);
    int rc = (!c->rows || !vals) ? NABIJ_ENOMEM : 0;
    for (size_t g = 0; !rc && g < rs->n_groups; g++)
        if (!(vals[g] = sim_calloc(rs->groups[g].n + 1, sizeof **vals)))
            rc = NABIJ_ENOMEM;
    for (size_t i = 0; !rc && i < n_ind; i++) {
        const an_series *s0 = an_run_series(rs->groups[0].runs[0], names[i]);
        an_stat st = an_stat_for(s0, stat);
        for (size_t g = 0; g < rs->n_groups; g++)
            for (size_t r = 0; r < rs->groups[g].n; r++) {
                const an_run *run = rs->groups[g].runs[r];
                vals[g][r] = an_series_summary(an_run_series(run, names[i]), run->n_ticks, st);
            }
        add_rows(c, rs, s0->name, s0->unit, st, vals, reps);
    }
    /* costs by payer, summed over the run */
    for (int p = 0; !rc && p <= AN_N_PAYERS; p++) {
        int any = 0;
        for (size_t g = 0; g < rs->n_groups; g++)
            for (size_t r = 0; r < rs->groups[g].n; r++) {
                const an_run *run = rs->groups[g].runs[r];
                double v = 0;
                int found = 0;
                for (int q = 0; q < AN_N_PAYERS; q++) {
                    if (p < AN_N_PAYERS && q != p)
                        continue;
                    int f;
                    v += an_payer_total(run, an_payers[q], &f);
                    found += f;
                }
                vals[g][r] = v;
                any |= found > 0;
            }
        if (!any)
            continue;
        c->has_costs = 1;
        snprintf(c->payer_names[p], sizeof c->payer_names[p], "payer:%s",
                 p < AN_N_PAYERS ? an_payers[p] : "all");
        add_rows(c, rs, c->payer_names[p], "EUR", AN_STAT_SUM, vals, reps);
    }
    if (vals)
        for (size_t g = 0; g < rs->n_groups; g++)
            sim_free(vals[g]);
    sim_free(vals);
    sim_free(names);
    if (rc)
        an_cmp_clear(c);
    return rc;
}

void an_cmp_clear(an_cmp *c)
{
    sim_free(c->rows);
    memset(c, 0, sizeof *c);
}

const an_cmp_row *an_cmp_find(const an_cmp *c, const char *name, size_t g)
{
    for (size_t i = 0; i < c->n_rows; i++)
        if (c->rows[i].group == g && !strcmp(c->rows[i].name, name))
            return &c->rows[i];
    return NULL;
}

static void fmt(double v, char *buf, size_t n)
{
    if (v == 0)
        snprintf(buf, n, "0");
    else if (fabs(v) >= 1e7 || fabs(v) < 1e-3)
        snprintf(buf, n, "%.4e", v);
    else if (fabs(v) >= 1000)
        snprintf(buf, n, "%.0f", v);
    else
        snprintf(buf, n, "%.4g", v);
}

static void fmt_diff(const an_ci *d, char *buf, size_t n)
{
    char a[40], b[40], m[40];
    fmt(d->mean, m, sizeof m);
    fmt(d->lo, a, sizeof a);
    fmt(d->hi, b, sizeof b);
    snprintf(buf, n, "%s [%s, %s]%s", m, a, b, d->significant ? " *" : "");
}

static void header_text(const an_cmp *c, const an_runset *rs, FILE *f, const char *pre)
{
    fprintf(f, "%s%zu scenarios, %zu replicates each; %s; %.0f %% t interval of the difference "
               "against '%s'; * = the interval excludes 0.\n",
            pre, rs->n_groups, c->reps,
            c->paired ? "paired by seed (common random numbers)" : "seeds differ: Welch intervals",
            100 * c->level, rs->groups[0].label);
}

void an_cmp_write_text(const an_cmp *c, const an_runset *rs, FILE *f)
{
    if (!f)
        return;
    header_text(c, rs, f, "");
    fprintf(f, "Statistic per run: mean over ticks for stocks, sum for flows (per tick, costs).\n\n");
    for (size_t g = 0; g < rs->n_groups; g++)
        fprintf(f, "  [%zu] %s\n", g, rs->groups[g].label);
    fputc('\n', f);
    fprintf(f, "%-40s %-8s %14s", "indicator (unit)", "stat", "[0] mean");
    for (size_t g = 1; g < rs->n_groups; g++)
        fprintf(f, " %14s%-2zu %-38s", "mean", g, "difference [95 % CI]");
    fputc('\n', f);
    for (size_t i = 0; i + rs->n_groups <= c->n_rows; i += rs->n_groups) {
        const an_cmp_row *r0 = &c->rows[i];
        if (!strncmp(r0->name, "payer:", 6) && (i == 0 || strncmp(c->rows[i - 1].name, "payer:", 6)))
            fprintf(f, "\nCost-benefit balance by payer (EUR summed over the run; a negative "
                       "difference is a saving):\n");
        char lab[80], m[40], d[160];
        snprintf(lab, sizeof lab, "%s (%s)", r0->name, r0->unit);
        fmt(r0->value.mean, m, sizeof m);
        fprintf(f, "%-40s %-8s %14s", lab, an_stat_name(r0->stat), m);
        for (size_t g = 1; g < rs->n_groups; g++) {
            const an_cmp_row *r = &c->rows[i + g];
            fmt(r->value.mean, m, sizeof m);
            fmt_diff(&r->diff, d, sizeof d);
            fprintf(f, " %16s %-38s", m, d);
        }
        fputc('\n', f);
    }
    if (!c->has_costs)
        fprintf(f, "\nNo cost_<payer>_<line>_eur indicators (payers municipality, state, "
                   "households, insurer) in these runs: no balance by payer.\n");
    const an_run *r0 = rs->groups[0].runs[0];
    int first = 1;
    for (size_t i = 0; i < r0->n_series; i++)
        if (an_cost_unattributed(r0->series[i].name)) {
            fprintf(f, "%s%s", first ? "Cost indicators not attributed to a payer (listed above, "
                                       "not in the balance): " : ", ", r0->series[i].name);
            first = 0;
        }
    if (!first)
        fputc('\n', f);
}

static void csv_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void an_cmp_write_csv(const an_cmp *c, const an_runset *rs, FILE *f)
{
    if (!f)
        return;
    fprintf(f, "indicator,unit,statistic,scenario,replicates,mean,sd,mean_lo,mean_hi,"
               "diff,diff_lo,diff_hi,diff_significant,paired\n");
    for (size_t i = 0; i < c->n_rows; i++) {
        const an_cmp_row *r = &c->rows[i];
        csv_str(f, r->name);
        fputc(',', f);
        csv_str(f, r->unit);
        fprintf(f, ",%s,", an_stat_name(r->stat));
        csv_str(f, rs->groups[r->group].label);
        fprintf(f, ",%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%d,%d\n", r->value.n,
                r->value.mean, r->value.sd, r->value.lo, r->value.hi, r->diff.mean, r->diff.lo,
                r->diff.hi, r->diff.significant, r->paired);
    }
}

static void md_cell(FILE *f, const char *s)
{
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s, f);
    }
}

void an_cmp_write_md(const an_cmp *c, const an_runset *rs, FILE *f)
{
    if (!f)
        return;
    header_text(c, rs, f, "Comparison of ");
    fprintf(f, "\n| indicator | unit | statistic | ");
    md_cell(f, rs->groups[0].label);
    for (size_t g = 1; g < rs->n_groups; g++) {
        fputs(" | ", f);
        md_cell(f, rs->groups[g].label);
        fputs(" | difference [CI]", f);
    }
    fputs(" |\n|---|---|---|---:", f);
    for (size_t g = 1; g < rs->n_groups; g++)
        fputs("|---:|---:", f);
    fputs("|\n", f);
    for (size_t i = 0; i + rs->n_groups <= c->n_rows; i += rs->n_groups) {
        const an_cmp_row *r0 = &c->rows[i];
        char m[40], d[160];
        fputs("| ", f);
        md_cell(f, r0->name);
        fputs(" | ", f);
        md_cell(f, r0->unit);
        fmt(r0->value.mean, m, sizeof m);
        fprintf(f, " | %s | %s", an_stat_name(r0->stat), m);
        for (size_t g = 1; g < rs->n_groups; g++) {
            fmt(c->rows[i + g].value.mean, m, sizeof m);
            fmt_diff(&c->rows[i + g].diff, d, sizeof d);
            fprintf(f, " | %s | %s", m, d);
        }
        fputs(" |\n", f);
    }
    if (!c->has_costs)
        fputs("\nNo cost indicators by payer (cost_<payer>_<line>_eur) in these runs.\n", f);
}
