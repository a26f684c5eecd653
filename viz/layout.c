/* layout.c: where the map, legend, charts, queue bars, ticker, story, lever panel, help and
 * timeline go in a frame, for one pane or two side by side. */
#include "render.h"
#include <math.h>
#include <string.h>

static int n_queue_series(const viz_data *d)
{
    int n = 0;
    for (size_t i = 0; i < d->n_series; i++)
        n += !strncmp(d->series[i].name, "waiting_list_", 13);
    return n;
}

static void map_grid(viz_pane_layout *pl, const viz_data *d)
{
    double gw = d->grid_w > 0 ? d->grid_w : 1, gh = d->grid_h > 0 ? d->grid_h : 1;
    double cell = fmin(pl->map.w / gw, pl->map.h / gh);
    if (cell >= 2)
        cell = floor(cell);
    pl->cell = cell;
    pl->ox = pl->map.x + floor((pl->map.w - gw * cell) / 2);
    pl->oy = pl->map.y + floor((pl->map.h - gh * cell) / 2);
}

void viz_layout_compute(const viz_view *v, int w, int h, viz_layout *lay)
{
    memset(lay, 0, sizeof *lay);
    lay->w = w;
    lay->h = h;
    lay->n_panes = v->n_panes;
    lay->top = (SDL_Rect){0, 0, w, 30};
    lay->timeline = (SDL_Rect){0, h - 30, w, 30};
    int y0 = 30, y1 = h - 30;
    int hw = w * 7 / 10 < 620 ? w * 7 / 10 : 620, hh = h * 8 / 10 < 470 ? h * 8 / 10 : 470;
    lay->help = (SDL_Rect){(w - hw) / 2, (h - hh) / 2, hw, hh};
    if (v->n_panes == 1) {
        int lw = w * 58 / 100;
        viz_pane_layout *pl = &lay->pane[0];
        pl->area = (SDL_Rect){0, y0, w, y1 - y0};
        lay->ticker = (SDL_Rect){8, y1 - 124, lw - 16, 118};
        pl->legend = (SDL_Rect){8, lay->ticker.y - 34, lw - 16, 28};
        pl->map = (SDL_Rect){8, y0 + 8, lw - 16, pl->legend.y - y0 - 12};
        int rx = lw, rw = w - lw - 8, y = y0 + 8;
        /* the charts give up height (86 down to 56 pixels) so that the story panel keeps
         * room for its title and four lines below the waiting lists and levers */
        int nq = n_queue_series(v->d[0]), qh = 24 + 18 * nq, lh = 26 + 18 * v->n_lever_lines;
        int below = VIZ_STORY_MIN_H + (nq ? qh + 6 : 0) + (v->n_lever_lines ? lh + 6 : 0);
        int ch = v->n_charts ? (y1 - 6 - y - below) / v->n_charts - 6 : 86;
        ch = ch > 86 ? 86 : ch < 56 ? 56 : ch;
        pl->n_charts = v->n_charts;
        for (int i = 0; i < v->n_charts; i++) {
            pl->chart[i] = (SDL_Rect){rx, y, rw, ch};
            y += ch + 6;
        }
        if (nq) {
            pl->queues = (SDL_Rect){rx, y, rw, qh};
            y += pl->queues.h + 6;
        }
        if (v->n_lever_lines) {
            lay->levers = (SDL_Rect){rx, y, rw, lh};
            y += lay->levers.h + 6;
        }
        lay->story = (SDL_Rect){rx, y, rw, y1 - 6 - y};
        map_grid(pl, v->d[0]);
        return;
    }
    int pw = w / v->n_panes;
    for (int p = 0; p < v->n_panes; p++) {
        viz_pane_layout *pl = &lay->pane[p];
        int x = p * pw;
        pl->area = (SDL_Rect){x, y0, pw, y1 - y0};
        int mh = (y1 - y0) * 55 / 100;
        pl->map = (SDL_Rect){x + 8, y0 + 30, pw - 16, mh - 30};
        pl->legend = (SDL_Rect){x + 8, y0 + mh + 4, pw - 16, 28};
        int cy = pl->legend.y + 34, nc = v->n_charts < 3 ? v->n_charts : 3;
        int ch = nc ? (y1 - 6 - cy) / nc - 6 : 0;
        pl->n_charts = nc;
        for (int i = 0; i < nc; i++)
            pl->chart[i] = (SDL_Rect){x + 8, cy + i * (ch + 6), pw - 16, ch};
        map_grid(pl, v->d[p]);
    }
}

int viz_layout_cell(const viz_pane_layout *pl, const viz_data *d, int row, uint32_t h,
                    SDL_Rect *out)
{
    if (h >= viz_data_households_at(d, row))
        return -1;
    double x = pl->ox + d->x[h] * pl->cell, y = pl->oy + d->y[h] * pl->cell;
    out->x = (int)floor(x);
    out->y = (int)floor(y);
    out->w = (int)floor(x + pl->cell) - out->x;
    out->h = (int)floor(y + pl->cell) - out->y;
    if (out->w < 1)
        out->w = 1;
    if (out->h < 1)
        out->h = 1;
    return 0;
}

int32_t viz_layout_hit(const viz_pane_layout *pl, const viz_data *d, int row, int px, int py)
{
    if (pl->cell <= 0)
        return -1;
    int cx = (int)floor((px - pl->ox) / pl->cell), cy = (int)floor((py - pl->oy) / pl->cell);
    if (cx < 0 || cy < 0 || cx >= d->grid_w || cy >= d->grid_h)
        return -1;
    return viz_data_household_at_cell(d, row, cx, cy);
}

int viz_layout_chart_x(const SDL_Rect *r, double t, double ticks)
{
    if (ticks < 1)
        ticks = 1;
    double f = t / ticks;
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    return r->x + (int)lround(f * (r->w - 1));
}

void viz_layout_chart_plot(const SDL_Rect *r, SDL_Rect *plot)
{
    int g = viz_layout_chart_gutter(r);
    *plot = (SDL_Rect){r->x + 6 + g, r->y + 22, r->w - 12 - g, r->h - 28};
}

int viz_layout_chart_gutter(const SDL_Rect *r)
{
    return r->w >= 4 * VIZ_CHART_GUTTER ? VIZ_CHART_GUTTER : 0;
}
