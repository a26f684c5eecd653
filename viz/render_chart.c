/* render_chart.c: indicator charts with the moving time cursor and lever marks (in side by
 * side mode the other run is drawn in grey on the same scale), and queue bars per provider
 * from the waiting_list_* indicators. */
#include "render.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static double planned(const viz_data *d)
{
    double t = d->ticks_planned > (int32_t)d->n_ticks ? (double)d->ticks_planned : (double)d->n_ticks;
    return t < 1 ? 1 : t;
}

static void fmt_value(double x, const char *unit, char *out, size_t n)
{
    if (!strncmp(unit, "share", 5))
        snprintf(out, n, "%.1f %%", 100 * x);
    else if (!strncmp(unit, "EUR", 3))
        snprintf(out, n, fabs(x) >= 1e6 ? "EUR %.2fM" : "EUR %.0f", fabs(x) >= 1e6 ? x / 1e6 : x);
    else
        snprintf(out, n, "%.4g", x);
}

/* The scale's top or bottom value, short enough for the chart's gutter: shares in per
 * cent, other values with three significant digits and k or M (the title gives the unit). */
static void fmt_axis(double x, const char *unit, char *out, size_t n)
{
    double a = fabs(x);
    if (!strncmp(unit, "share", 5))
        snprintf(out, n, a >= 0.1 || x == 0 ? "%.0f %%" : "%.1f %%", 100 * x);
    else if (a >= 1e6)
        snprintf(out, n, "%.3gM", x / 1e6);
    else if (a >= 1e4)
        snprintf(out, n, "%.3gk", x / 1e3);
    else
        snprintf(out, n, "%.3g", x);
}

static void plot(SDL_Renderer *r, const viz_series *s, uint32_t n, const SDL_Rect *in,
                 double ticks, double lo, double hi, uint32_t upto, uint32_t rgb_a, uint32_t rgb_b)
{
    SDL_Point pts[1024];
    uint32_t step = n > 1000 ? (n + 999) / 1000 : 1;
    int k = 0;
    uint32_t split = 0;
    for (uint32_t i = 0; i < n; i += step) {
        double f = (s->v[i] - lo) / (hi - lo);
        pts[k].x = viz_layout_chart_x(in, i + 1, ticks);
        pts[k].y = in->y + in->h - 1 - (int)lround(f * (in->h - 1));
        if (i < upto)
            split = (uint32_t)k + 1;
        k++;
    }
    if (k == 1) {
        viz_color(r, rgb_a);
        SDL_RenderDrawPoint(r, pts[0].x, pts[0].y);
        return;
    }
    viz_color(r, rgb_a);
    if (split > 1)
        SDL_RenderDrawLines(r, pts, (int)split);
    viz_color(r, rgb_b);
    if ((int)split < k)
        SDL_RenderDrawLines(r, pts + (split ? split - 1 : 0), k - (int)(split ? split - 1 : 0));
}

void viz_render_charts(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl)
{
    viz_data *d = v->d[p];
    double ticks = planned(d);
    for (int c = 0; c < pl->n_charts; c++) {
        const SDL_Rect *R = &pl->chart[c];
        viz_fill(rc->r, R, VIZ_RGB_PANEL);
        int si = viz_data_series(d, v->charts[c]);
        if (si < 0)
            continue;
        const viz_series *s = &d->series[si];
        SDL_Rect in;
        viz_layout_chart_plot(R, &in);
        double lo = s->vmin, hi = s->vmax;
        const viz_series *other = NULL;
        const viz_data *od = NULL;
        for (int q = 0; q < v->n_panes; q++) {
            int oi = q == p ? -1 : viz_data_series(v->d[q], v->charts[c]);
            if (oi < 0 || !v->d[q]->n_ticks)
                continue;
            od = v->d[q];
            other = &od->series[oi];
            lo = fmin(lo, other->vmin);
            hi = fmax(hi, other->vmax);
        }
        if (lo > 0 && lo < 0.5 * hi)
            lo = 0;
        if (!(hi > lo)) {
            lo -= 1;
            hi += 1;
        }
        char val[64];
        uint32_t at = v->t >= 1 ? (uint32_t)floor(v->t) - 1 : 0;
        int tw = 0, th;
        if (d->n_ticks) {
            fmt_value(s->v[at < d->n_ticks ? at : d->n_ticks - 1], s->unit, val, sizeof val);
            viz_text_size(rc->text, 1, val, &tw, &th);
            viz_text_draw(rc->text, R->x + R->w - tw - 6, R->y + 3, 0xffffffu, 1, 0, val);
        }
        /* a long name is cut before the value instead of running under it */
        SDL_Rect name = {R->x, R->y, R->w - tw - 16, 22};
        viz_clip(rc->r, &name);
        viz_text_draw(rc->text, R->x + 6, R->y + 3, 0xe6e6e6u, 0, 0, s->name);
        /* the scale's values right-aligned in the gutter, beside the plot, not over it */
        char lab[2][64];
        fmt_axis(hi, s->unit, lab[0], sizeof lab[0]);
        fmt_axis(lo, s->unit, lab[1], sizeof lab[1]);
        int g = viz_layout_chart_gutter(R);
        SDL_Rect gut = {R->x + 2, in.y - 4, in.x - R->x - 4, in.h + 8};
        viz_clip(rc->r, g ? &gut : R);
        for (int k = 0; k < 2; k++) {
            int lw, lh, ly = k ? in.y + in.h - viz_text_line(rc->text) + 2 : in.y - 1;
            viz_text_size(rc->text, 0, lab[k], &lw, &lh);
            viz_text_draw(rc->text, g ? in.x - 4 - lw : in.x + 2, ly, 0x7d8290u, 0, 0, lab[k]);
        }
        viz_clip(rc->r, NULL);
        if (other)
            plot(rc->r, other, od->n_ticks, &in, ticks, lo, hi, od->n_ticks, 0x8a8f9au, 0x8a8f9au);
        if (d->n_ticks)
            plot(rc->r, s, d->n_ticks, &in, ticks, lo, hi, (uint32_t)floor(v->t), 0x56b4e9u,
                 0x2f5f80u);
        for (size_t l = 0; l < d->n_levers; l++) {
            int x = viz_layout_chart_x(&in, d->levers[l].tick, ticks);
            viz_color(rc->r, VIZ_RGB_LEVER);
            for (int y = in.y; y < in.y + in.h; y += 4)
                SDL_RenderDrawLine(rc->r, x, y, x, y + 1);
        }
        int cx = viz_layout_chart_x(&in, v->t, ticks);
        SDL_Rect cur = {cx, in.y - 2, 2, in.h + 4};
        viz_fill(rc->r, &cur, VIZ_RGB_CURSOR);
    }
}

static void render_queues(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl)
{
    const SDL_Rect *Q = &pl->queues;
    if (Q->h <= 0)
        return;
    viz_data *d = v->d[p];
    viz_fill(rc->r, Q, VIZ_RGB_PANEL);
    viz_text_draw(rc->text, Q->x + 6, Q->y + 3, 0xe6e6e6u, 1, 0, "Waiting lists");
    double mx = 1;
    for (size_t i = 0; i < d->n_series; i++)
        if (!strncmp(d->series[i].name, "waiting_list_", 13) && d->series[i].vmax > mx)
            mx = d->series[i].vmax;
    uint32_t at = v->t >= 1 ? (uint32_t)floor(v->t) - 1 : 0;
    int y = Q->y + 22, lw = 150;
    for (size_t i = 0; i < d->n_series; i++) {
        const viz_series *s = &d->series[i];
        if (strncmp(s->name, "waiting_list_", 13))
            continue;
        viz_text_draw(rc->text, Q->x + 6, y, 0xc8c8d0u, 0, 0, s->name + 13);
        double x = d->n_ticks ? s->v[at < d->n_ticks ? at : d->n_ticks - 1] : 0;
        int bw = (int)lround((Q->w - lw - 60) * (x / mx));
        SDL_Rect bar = {Q->x + lw, y + 3, bw > 0 ? bw : 0, 12};
        viz_fill(rc->r, &bar, 0xe15759u);
        char buf[32];
        snprintf(buf, sizeof buf, "%.0f", x);
        viz_text_draw(rc->text, bar.x + bar.w + 6, y, 0xe6e6e6u, 0, 0, buf);
        y += 18;
    }
}

/* Clipped to its panel: a line longer than the panel is cut at its edge. */
void viz_render_queues(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl)
{
    viz_clip(rc->r, &pl->queues);
    render_queues(rc, v, p, pl);
    viz_clip(rc->r, NULL);
}
