/* view.c: playback rules and the default choices of what to show. */
#include "view.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Preferred colour-by columns and charts, in order; missing ones are skipped. */
static const char *const color_pref[] = {"problem_load", "debt_eur", "kdn_cut_eur_per_month",
                                         "waiting", "helped_by", "benefit_eur_per_month"};
static const char *const chart_pref[] = {
    "share_households_problem_debt", "households_kdn_cut", "problem_load_mean",
    "households_waiting", "households_helped", "cost_municipality_bijstand_eur", "debt_total_eur"};

void viz_view_init(viz_view *v, viz_mode mode, viz_data *d, const char *charts)
{
    memset(v, 0, sizeof *v);
    v->mode = mode;
    v->d[0] = d;
    v->n_panes = 1;
    snprintf(v->label[0], sizeof v->label[0], "%.63s", d->scenario_name);
    v->speed = 8;
    v->selected = -1;
    for (size_t i = 0; i < sizeof color_pref / sizeof color_pref[0]; i++)
        if (viz_data_col(d, "households", color_pref[i]) >= 0) {
            snprintf(v->color_by, sizeof v->color_by, "%s", color_pref[i]);
            break;
        }
    if (!v->color_by[0])
        for (size_t i = 0; i < d->n_cols; i++)
            if (!strcmp(d->cols[i].kind, "households") && !viz_data_is_position(d, i)) {
                snprintf(v->color_by, sizeof v->color_by, "%s", d->cols[i].name);
                break;
            }
    viz_view_set_charts(v, charts);
}

void viz_view_add_pane(viz_view *v, viz_data *d, const char *label)
{
    if (v->n_panes >= VIZ_MAX_PANES)
        return;
    v->d[v->n_panes] = d;
    snprintf(v->label[v->n_panes], sizeof v->label[0], "%s", label);
    v->n_panes++;
    v->mode = VIZ_SIDE;
}

static int has_chart(const viz_view *v, const char *name)
{
    for (int i = 0; i < v->n_charts; i++)
        if (!strcmp(v->charts[i], name))
            return 1;
    return 0;
}

static void add_chart(viz_view *v, const char *name, size_t len)
{
    char buf[VIZ_NAME_MAX];
    snprintf(buf, sizeof buf, "%.*s", (int)len, name);
    if (v->n_charts < VIZ_MAX_CHARTS && viz_data_series(v->d[0], buf) >= 0 && !has_chart(v, buf))
        snprintf(v->charts[v->n_charts++], VIZ_NAME_MAX, "%s", buf);
}

void viz_view_set_charts(viz_view *v, const char *list)
{
    v->n_charts = 0;
    for (const char *s = list; s && *s;) {
        const char *e = strchr(s, ',');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        add_chart(v, s, len);
        s = e ? e + 1 : s + len;
    }
    if (v->n_charts)
        return;
    for (size_t i = 0; i < sizeof chart_pref / sizeof chart_pref[0] && v->n_charts < 4; i++)
        add_chart(v, chart_pref[i], strlen(chart_pref[i]));
    const viz_data *d = v->d[0];
    for (size_t i = 0; i < d->n_series && v->n_charts < 4; i++)
        if (strncmp(d->series[i].name, "waiting_list_", 13))
            add_chart(v, d->series[i].name, strlen(d->series[i].name));
}

double viz_view_max_t(const viz_view *v)
{
    double m = 0;
    for (int p = 0; p < v->n_panes; p++)
        if (p == 0 || v->d[p]->n_ticks < m)
            m = v->d[p]->n_ticks;
    return m;
}

void viz_view_seek(viz_view *v, double t)
{
    double m = viz_view_max_t(v);
    v->t = t < 0 ? 0 : t > m ? m : t;
}

int viz_view_advance(viz_view *v, double dt)
{
    if (!v->playing)
        return 0;
    double before = v->t, m = viz_view_max_t(v);
    v->t += v->speed * dt;
    if (v->t >= m) {
        v->t = m;
        /* a finished run stops; a growing one waits at its end */
        int growing = v->mode == VIZ_FOLLOW || v->mode == VIZ_WORKSHOP;
        if (!growing)
            v->playing = 0;
    }
    return fabs(v->t - before) > 1e-12;
}

int viz_view_color_col(const viz_view *v, int p)
{
    return viz_data_col(v->d[p], "households", v->color_by);
}

void viz_view_cycle_color(viz_view *v, int dir)
{
    const viz_data *d = v->d[0];
    int n = (int)d->n_cols, cur = viz_view_color_col(v, 0);
    for (int k = 1; k <= n; k++) {
        int i = ((cur < 0 ? 0 : cur) + dir * k + 2 * n) % n;
        if (!strcmp(d->cols[i].kind, "households") && !viz_data_is_position(d, (size_t)i)) {
            snprintf(v->color_by, sizeof v->color_by, "%s", d->cols[i].name);
            return;
        }
    }
}
