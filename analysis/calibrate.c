/* calibrate.c: turns a run's indicators into the calibration figures of DOMAIN.md 3a that
 * fit a neighbourhood: youth care use, youth care by referrer, referrals for a diagnosis,
 * problem debts, the team's work on money and debt, satisfaction, youth GGZ budgets that
 * run out, and out-of-home placements. Full calendar years after the first (warm-up) year
 * count. */
#include "calibrate.h"
#include "alloc.h"
#include "scenario.h"
#include <math.h>
#include <string.h>

enum { F_YOUTH, F_GP, F_TEAM, F_OTHER, F_DIAG, F_DEBT, F_MONEY, F_SAT, F_BUDGET, F_OOH, F_CPG, F_HELPERS, F_WAIT, F_N };

size_t an_calib_figures(an_calib_figure *f)
{
    static const an_calib_figure def[F_N] = {
        {"youths in youth care per year (share of under-18s)", "CBS Jeugdmonitor: about 11 % (349k in 2015, 392k in 2017)",
         0.11, 0.08, 0.14, 0, 1},
        {"youth care trajectories referred by GPs (share)", "CBS StatLine 85096NED 2021: 35.5 %", 0.355, 0.27, 0.44, 0, 1},
        {"youth care trajectories via the wijkteam (share)", "CBS StatLine 85096NED 2021: 31.3 %", 0.313, 0.23, 0.40, 0, 1},
        {"youth care trajectories by other routes (share)",
         "CBS 85096NED 2021: certified institution 9.3, medical specialist 4.8, youth doctor 2.8, none 15.1 %", 0.332, 0.24,
         0.42, 0, 1},
        {"referrals that are for a diagnosis (share)", "seed 000, CBS 2015: 6 %", 0.06, 0.02, 0.12, 0, 1},
        {"households with problem debts (share)", "CBS 1 Jan 2015: 8.6 % registered (15-20 % with risk: Panteia, SCP)",
         0.086, 0.06, 0.12, 0, 1},
        {"team hours on money and debt (share)", "seed 002: 70-80 % of wijkteam work", 0.75, 0.65, 0.85, 0, 1},
        {"households satisfied with the team (share of closed cases)", "seed 003 Almere 80 %; Rotterdam 2016 over 80 %",
         0.80, 0.70, 0.90, 0, 1},
        {"youth GGZ budgets exhausted before December (share of provider-years)",
         "seed 000: 67 % of youth GGZ providers expected to run out (2015)", 0.67, 0.40, 0.90, 0, 1},
        {"youths placed out of home per year (share of under-18s)",
         "CBS Jeugdmonitor 2024: 41 thousand youths had youth care with residence (foster and residential) in 2023, "
         "about 1 % of youths",
         0.01, 0.005, 0.02, 0, 1},
        {"open cases per generalist", "reported: no public figure (seed 000: caseloads fill up)", NAN, NAN, NAN, 0, 0},
        {"helpers per helped household", "reported: seed 000/003 name 15-17 for multi-problem families", NAN, NAN, NAN, 0, 0},
        {"waiting time of those on a specialist list (weeks)", "reported: seed 003 a five-month wait for household help",
         NAN, NAN, NAN, 0, 0},
    };
    memcpy(f, def, sizeof def);
    return F_N;
}

static const char *const need[] = {
    "share_youths_in_youth_care", "youth_care_new_gp", "youth_care_new_team", "youth_care_new_other",
    "referrals_for_diagnosis",    "referrals_team",    "referrals_gp",        "referrals_other",
    "share_households_problem_debt", "team_hours_money_debt", "team_hours_cases", "cases_closed_satisfied",
    "cases_closed",               "budget_exhausted_youth_ggz", "cases_per_generalist", "helpers_per_household_mean",
    "waiting_weeks_mean",         "out_of_home_placements", "placements_out_of_home_new", "youths"};
enum { N_NEED = sizeof need / sizeof need[0] };

struct an_calib_run {
    const sim_world *w;
    int id[N_NEED];
    size_t n, cap;
    double *v;    /* n x N_NEED */
    int32_t *day; /* n */
};

an_calib_run *an_calib_run_create(const sim_world *w)
{
    an_calib_run *r = sim_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->w = w;
    for (int k = 0; k < N_NEED; k++) {
        r->id[k] = -1;
        for (size_t i = 0; i < sim_ind_count(w); i++)
            if (!strcmp(sim_ind_name(w, i, NULL, NULL), need[k]))
                r->id[k] = (int)i;
    }
    return r;
}

void an_calib_run_tick(an_calib_run *r, int32_t day)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? 2 * r->cap : 1024;
        double *v = sim_realloc(r->v, nc * N_NEED, sizeof *v);
        if (!v)
            return;
        r->v = v;
        int32_t *d = sim_realloc(r->day, nc, sizeof *d);
        if (!d)
            return;
        r->day = d;
        r->cap = nc;
    }
    for (int k = 0; k < N_NEED; k++)
        r->v[r->n * N_NEED + (size_t)k] = r->id[k] >= 0 ? sim_ind_value(r->w, (size_t)r->id[k]) : NAN;
    r->day[r->n++] = day;
}

static double at(const an_calib_run *r, size_t t, int k) { return r->v[t * N_NEED + (size_t)k]; }

void an_calib_run_finish(an_calib_run *r, an_calib_figure *fig, size_t n, double *weight)
{
    (void)n;
    if (!r->n)
        return;
    int y0;
    unsigned m, d;
    scn_civil_from_days(r->day[0], &y0, &m, &d);
    /* full calendar years after the first */
    double youth = 0, years = 0, sum[N_NEED] = {0}, cnt = 0, budget_years = 0, budget_out = 0;
    double out_this_year = 0;
    /* out of home: those placed at the year's first tick and those placed during it, over
     * the year's mean youths */
    double ooh_year = 0, ooh_share = 0, youths_year = 0, ticks_year = 0;
    int first_of_year = 1;
    for (size_t t = 0; t < r->n; t++) {
        int y;
        scn_civil_from_days(r->day[t], &y, &m, &d);
        int last_of_year = t + 1 == r->n ? 0 : 1;
        if (t + 1 < r->n) {
            int y2;
            unsigned m2, d2;
            scn_civil_from_days(r->day[t + 1], &y2, &m2, &d2);
            last_of_year = y2 != y;
        }
        if (y == y0)
            continue;
        cnt += 1;
        ooh_year += first_of_year ? at(r, t, 17) : at(r, t, 18);
        youths_year += at(r, t, 19);
        ticks_year += 1;
        first_of_year = last_of_year;
        for (int k = 0; k < N_NEED; k++)
            sum[k] += at(r, t, k);
        if (m < 12 && at(r, t, 13) > out_this_year)
            out_this_year = at(r, t, 13);
        if (last_of_year) {
            youth += at(r, t, 0);
            years += 1;
            budget_years += 1;
            budget_out += out_this_year;
            out_this_year = 0;
            /* a missing youth count (NaN) makes the figure missing, not 0 */
            ooh_share += youths_year > 0 || isnan(youths_year) ? ooh_year / (youths_year / ticks_year) : 0;
            ooh_year = youths_year = ticks_year = 0;
        }
    }
    if (years < 1 || cnt < 1)
        return;
    double vals[F_N];
    double routes = sum[1] + sum[2] + sum[3], refs = sum[5] + sum[6] + sum[7];
    vals[F_YOUTH] = youth / years;
    vals[F_GP] = routes > 0 ? sum[1] / routes : NAN;
    vals[F_TEAM] = routes > 0 ? sum[2] / routes : NAN;
    vals[F_OTHER] = routes > 0 ? sum[3] / routes : NAN;
    vals[F_DIAG] = refs > 0 ? sum[4] / refs : NAN;
    vals[F_DEBT] = sum[8] / cnt;
    vals[F_MONEY] = sum[10] > 0 ? sum[9] / sum[10] : NAN;
    vals[F_SAT] = sum[12] > 0 ? sum[11] / sum[12] : NAN;
    vals[F_BUDGET] = budget_years > 0 ? budget_out / budget_years : NAN;
    vals[F_OOH] = ooh_share / years;
    vals[F_CPG] = sum[14] / cnt;
    vals[F_HELPERS] = at(r, r->n - 1, 15);
    vals[F_WAIT] = sum[16] / cnt;
    for (int k = 0; k < F_N; k++) {
        if (isnan(vals[k]))
            continue;
        fig[k].value += vals[k];
        weight[k] += 1;
    }
}

void an_calib_run_destroy(an_calib_run *r)
{
    if (!r)
        return;
    sim_free(r->v);
    sim_free(r->day);
    sim_free(r);
}
