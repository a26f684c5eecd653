/* render_map.c: the district map (one cell per household, coloured by the chosen column),
 * professionals moving between the households they visit (when the run has professional
 * snapshots), pulses for this tick's events, referral lines towards the providers' queue
 * bars, and the followed household. */
#include "render.h"
#include "alloc.h"
#include <math.h>
#include <string.h>

/* Professional snapshot columns that place a professional at a household. */
static const char *const pro_pos_cols[] = {"visiting_household", "client_household",
                                           "household", "at_household"};

static int ensure_tex(viz_render *rc, int p, int w, int h)
{
    if (rc->map_tex[p] && rc->tex_w[p] == w && rc->tex_h[p] == h)
        return 0;
    if (rc->map_tex[p])
        SDL_DestroyTexture(rc->map_tex[p]);
    rc->map_tex[p] = SDL_CreateTexture(rc->r, SDL_PIXELFORMAT_ARGB8888,
                                       SDL_TEXTUREACCESS_STREAMING, w, h);
    rc->tex_w[p] = w;
    rc->tex_h[p] = h;
    size_t need = (size_t)w * (size_t)h;
    if (need > rc->pix_n) {
        uint32_t *px = sim_realloc(rc->pix, need, sizeof *px);
        if (!px)
            return -1;
        rc->pix = px;
        rc->pix_n = need;
    }
    return rc->map_tex[p] ? 0 : -1;
}

static void cell_center(const viz_pane_layout *pl, const viz_data *d, uint32_t h, double *x,
                        double *y)
{
    *x = pl->ox + (d->x[h] + 0.5) * pl->cell;
    *y = pl->oy + (d->y[h] + 0.5) * pl->cell;
}

static void dot(viz_render *rc, const viz_pane_layout *pl, double x, double y)
{
    double r = pl->cell * 0.4 < 2.5 ? 2.5 : pl->cell * 0.4;
    SDL_Rect d = {(int)(x - r), (int)(y - r), (int)(2 * r), (int)(2 * r)};
    viz_fill(rc->r, &d, 0xffffffu);
    viz_color(rc->r, 0x000000u);
    SDL_RenderDrawRect(rc->r, &d);
}

/* Without professional positions, a household column "case_generalist" (professional
 * index + 1) says whose case a household is: each generalist walks its caseload, one
 * household a tick, moving between them as time runs. */
static int draw_caseloads(viz_render *rc, viz_view *v, viz_data *d, const viz_pane_layout *pl)
{
    int c = viz_data_col(d, "households", "case_generalist");
    int row = viz_data_row_at(d, v->t);
    if (c < 0 || row < 0 || viz_data_load_col(d, (size_t)c))
        return 0;
    const float *g = d->cols[c].rows + (size_t)row * d->cols[c].cap;
    uint32_t n = d->hh_placed < d->cols[c].cap ? d->hh_placed : d->cols[c].cap;
    int32_t pros = 0;
    for (uint32_t h = 0; h < n; h++)
        if (g[h] > pros)
            pros = (int32_t)g[h];
    long k = (long)floor(v->t);
    double u = v->t - (double)k;
    for (int32_t p = 1; p <= pros; p++) {
        uint32_t cnt = 0, first = UINT32_MAX, a = UINT32_MAX, b = UINT32_MAX;
        for (uint32_t h = 0; h < n; h++)
            if ((int32_t)g[h] == p) {
                if (first == UINT32_MAX)
                    first = h;
                cnt++;
            }
        if (!cnt)
            continue;
        uint32_t ia = (uint32_t)(k % cnt), ib = (uint32_t)((k + 1) % cnt), i = 0;
        for (uint32_t h = first; h < n && (a == UINT32_MAX || b == UINT32_MAX); h++)
            if ((int32_t)g[h] == p) {
                if (i == ia)
                    a = h;
                if (i == ib)
                    b = h;
                i++;
            }
        double x0, y0, x1, y1;
        cell_center(pl, d, a, &x0, &y0);
        cell_center(pl, d, b, &x1, &y1);
        dot(rc, pl, x0 + u * (x1 - x0), y0 + u * (y1 - y0));
    }
    return 1;
}

static void draw_professionals(viz_render *rc, viz_view *v, viz_data *d,
                               const viz_pane_layout *pl)
{
    int c = -1;
    for (size_t i = 0; c < 0 && i < sizeof pro_pos_cols / sizeof pro_pos_cols[0]; i++)
        c = viz_data_col(d, "professionals", pro_pos_cols[i]);
    int row = viz_data_row_at(d, v->t);
    if (c < 0 || row < 0 || viz_data_load_col(d, (size_t)c)) {
        draw_caseloads(rc, v, d, pl);
        return;
    }
    int next = (uint32_t)row + 1 < d->n_rows ? row + 1 : row;
    double span = d->row_tick[next] - d->row_tick[row];
    double u = span > 0 ? (v->t - d->row_tick[row]) / span : 0;
    uint32_t n = d->cols[c].cap;
    for (uint32_t i = 0; i < n; i++) {
        float a = viz_data_value(d, (size_t)c, row, i), b = viz_data_value(d, (size_t)c, next, i);
        if (a < 0 || (uint32_t)a >= d->hh_placed || (a == 0 && b == 0 && i > 0))
            continue;
        double x0, y0, x1, y1;
        cell_center(pl, d, (uint32_t)a, &x0, &y0);
        if (b >= 0 && (uint32_t)b < d->hh_placed)
            cell_center(pl, d, (uint32_t)b, &x1, &y1);
        else
            x1 = x0, y1 = y0;
        dot(rc, pl, x0 + u * (x1 - x0), y0 + u * (y1 - y0));
    }
}

static void draw_events(viz_render *rc, viz_view *v, viz_data *d, const viz_pane_layout *pl)
{
    int row = viz_data_row_at(d, v->t);
    int32_t tick = (int32_t)floor(v->t) - 1;
    if (tick < 0)
        return;
    size_t a = viz_data_event_at(d, tick), b = viz_data_event_at(d, tick + 1);
    /* the most frequent kind of a busy week (unopened letters, say) would cover the map:
     * it is left out, and at most 200 events pulse */
    size_t count[256] = {0}, top = 0;
    int skip = -1;
    for (size_t i = a; i < b; i++)
        if (++count[d->events[i].kind & 255] > top) {
            top = count[d->events[i].kind & 255];
            skip = d->events[i].kind & 255;
        }
    if (b - a < 100)
        skip = -1;
    size_t stride = (b - a) / 200 + 1; /* spread over the map, not the first rows */
    int drawn = 0;
    for (size_t i = a; i < b && drawn < 200; i += stride) {
        const sim_event *e = &d->events[i];
        if ((int)(e->kind & 255) == skip)
            continue;
        SDL_Rect cr;
        if (e->household < 0 || viz_layout_cell(pl, d, row, (uint32_t)e->household, &cr))
            continue;
        const char *kn = e->kind < d->n_kinds ? d->kinds[e->kind].name : "";
        uint32_t col = viz_color_category(e->kind + 3);
        if (strstr(kn, "referr")) {
            double x, y;
            cell_center(pl, d, (uint32_t)e->household, &x, &y);
            viz_color(rc->r, 0xffffffu);
            SDL_RenderDrawLine(rc->r, (int)x, (int)y, pl->map.x + pl->map.w + 4,
                               pl->queues.h ? pl->queues.y + pl->queues.h / 2 : (int)y);
        }
        SDL_Rect ring = {cr.x - 1, cr.y - 1, cr.w + 2, cr.h + 2};
        viz_color(rc->r, col);
        SDL_RenderDrawRect(rc->r, &ring);
        drawn++;
    }
}

void viz_render_map(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl)
{
    viz_data *d = v->d[p];
    int gw = d->grid_w, gh = d->grid_h;
    if (gw <= 0 || gh <= 0 || ensure_tex(rc, p, gw, gh))
        return;
    int row = viz_data_row_at(d, v->t), c = viz_view_color_col(v, p);
    int m = viz_data_col(d, "households", "members");
    if (c >= 0 && viz_data_load_col(d, (size_t)c))
        c = -1;
    if (m >= 0 && viz_data_load_col(d, (size_t)m))
        m = -1;
    double smax = viz_view_scale_max(v);
    if (c >= 0)
        d->cols[c].cat0_rgb = viz_color_col_category(d, c, 0);
    for (size_t i = 0; i < (size_t)gw * (size_t)gh; i++)
        rc->pix[i] = 0xff000000u | VIZ_RGB_BG;
    /* the households that exist in this row: those of the start and those formed since */
    uint32_t nh = viz_data_households_at(d, row);
    for (uint32_t h = 0; h < nh; h++)
        rc->pix[(size_t)d->y[h] * (size_t)gw + (size_t)d->x[h]] =
            0xff000000u | viz_color_household(d, c, m, row, h, smax);
    SDL_UpdateTexture(rc->map_tex[p], NULL, rc->pix, gw * 4);
    SDL_Rect dst = {(int)pl->ox, (int)pl->oy, (int)lround(gw * pl->cell), (int)lround(gh * pl->cell)};
    SDL_RenderCopy(rc->r, rc->map_tex[p], NULL, &dst);
    draw_events(rc, v, d, pl);
    draw_professionals(rc, v, d, pl);
    SDL_Rect cr;
    if (v->selected >= 0 && !viz_layout_cell(pl, d, row, (uint32_t)v->selected, &cr)) {
        for (int k = 2; k <= 3; k++) {
            SDL_Rect o = {cr.x - k, cr.y - k, cr.w + 2 * k, cr.h + 2 * k};
            viz_color(rc->r, 0xffffffu);
            SDL_RenderDrawRect(rc->r, &o);
        }
    }
}

static void render_legend(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl)
{
    viz_data *d = v->d[p];
    int c = viz_view_color_col(v, p);
    const SDL_Rect *L = &pl->legend;
    if (L->w <= 0)
        return;
    if (c < 0) { /* nothing to colour by: say why the map is grey, shorter where it must */
        const char *why = d->snapshot_every > 0 ? "no household column to colour the map by"
                                                : "map not coloured: this run kept no snapshots "
                                                  "(run.snapshot_every: 0)";
        int tw, th;
        viz_text_size(rc->text, 0, why, &tw, &th);
        if (tw > L->w)
            why = d->snapshot_every > 0 ? "no colour column" : "no snapshots: map not coloured";
        viz_text_draw(rc->text, L->x, L->y + 5, 0xc8c8d0u, 0, 0, why);
        return;
    }
    const viz_col *col = &d->cols[c];
    char buf[256];
    if (col->categorical) {
        int x = L->x;
        snprintf(buf, sizeof buf, "%s:", col->name);
        int tw, th;
        viz_text_size(rc->text, 1, buf, &tw, &th);
        viz_text_draw(rc->text, x, L->y + 5, 0xe6e6e6u, 1, 0, buf);
        x += tw + 10;
        char name[64];
        for (int i = 0; viz_data_category(d, (size_t)c, i, name, sizeof name) == 0; i++) {
            SDL_Rect sw = {x, L->y + 7, 14, 14};
            viz_fill(rc->r, &sw, viz_color_col_category(d, c, i));
            viz_text_size(rc->text, 0, name, &tw, &th);
            viz_text_draw(rc->text, x + 18, L->y + 5, 0xc8c8d0u, 0, 0, name);
            x += 18 + tw + 12;
        }
        return;
    }
    snprintf(buf, sizeof buf, "%s (%s)", col->name, col->unit);
    int tw, th;
    viz_text_size(rc->text, 1, buf, &tw, &th);
    viz_text_draw(rc->text, L->x, L->y + 5, 0xe6e6e6u, 1, 0, buf);
    int x0 = L->x + tw + 12, bw = L->w - tw - 12 - 70;
    if (bw < 40)
        return;
    viz_text_draw(rc->text, x0, L->y + 5, 0xc8c8d0u, 0, 0, "0");
    x0 += 14;
    for (int i = 0; i < bw; i++) {
        viz_color(rc->r, viz_color_scale((double)i / (bw - 1)));
        SDL_RenderDrawLine(rc->r, x0 + i, L->y + 6, x0 + i, L->y + 22);
    }
    snprintf(buf, sizeof buf, "%.3g+", viz_view_scale_max(v));
    viz_text_draw(rc->text, x0 + bw + 6, L->y + 5, 0xc8c8d0u, 0, 0, buf);
}

/* Clipped to its panel: a line longer than the panel is cut at its edge. */
void viz_render_legend(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl)
{
    viz_clip(rc->r, &pl->legend);
    render_legend(rc, v, p, pl);
    viz_clip(rc->r, NULL);
}
