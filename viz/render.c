/* render.c: the frame (background, panes, panels, overlays in drawing order), colour scales
 * and the small helpers the parts share. */
#include "render.h"
#include "alloc.h"
#include <math.h>
#include <string.h>

void viz_color(SDL_Renderer *r, uint32_t rgb)
{
    SDL_SetRenderDrawColor(r, (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255);
}

void viz_fill(SDL_Renderer *r, const SDL_Rect *rect, uint32_t rgb)
{
    viz_color(r, rgb);
    SDL_RenderFillRect(r, rect);
}

/* A perceptually ordered scale from dark blue through teal and green to yellow
 * (after matplotlib's viridis), so that "more" reads as "brighter" also in greyscale. */
uint32_t viz_color_scale(double f)
{
    static const uint8_t stops[][3] = {{68, 1, 84},   {59, 82, 139},  {33, 145, 140},
                                       {94, 201, 98}, {253, 231, 37}};
    const int n = (int)(sizeof stops / sizeof stops[0]) - 1;
    if (!(f > 0))
        f = 0;
    if (f >= 1)
        return (uint32_t)stops[n][0] << 16 | (uint32_t)stops[n][1] << 8 | stops[n][2];
    double pos = f * n;
    int i = (int)pos;
    double u = pos - i;
    uint32_t c = 0;
    for (int k = 0; k < 3; k++)
        c = c << 8 | (uint32_t)lround(stops[i][k] + u * (stops[i + 1][k] - stops[i][k]));
    return c;
}

uint32_t viz_color_category(int i)
{
    static const uint32_t pal[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                   0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    if (i < 0)
        i = 0;
    return pal[i % (int)(sizeof pal / sizeof pal[0])];
}

uint32_t viz_color_col_category(const viz_data *d, int c, int i)
{
    char name[64];
    if (viz_data_category(d, (size_t)c, i, name, sizeof name) == 0 &&
        (!strcmp(name, "none") || !strcmp(name, "no")))
        return VIZ_RGB_NONE;
    return viz_color_category(i);
}

uint32_t viz_color_household(viz_data *d, int c, int m, int row, uint32_t h, double smax)
{
    if (row >= 0 && m >= 0 && viz_data_value(d, (size_t)m, row, h) <= 0)
        return VIZ_RGB_EMPTY;
    if (c < 0 || row < 0)
        return 0x5a5f6au;
    float v = viz_data_value(d, (size_t)c, row, h);
    const viz_col *col = &d->cols[c];
    if (col->categorical)
        return v == 0 ? col->cat0_rgb : viz_color_category((int)lroundf(v));
    return viz_color_scale(v / smax);
}

double viz_view_scale_max(viz_view *v)
{
    double m = 0;
    for (int p = 0; p < v->n_panes; p++) {
        int c = viz_view_color_col(v, p);
        if (c >= 0 && viz_data_load_col(v->d[p], (size_t)c) == 0 && v->d[p]->cols[c].scale_max > m)
            m = v->d[p]->cols[c].scale_max;
    }
    return m > 0 ? m : 1;
}

int viz_render_init(viz_render *rc, SDL_Renderer *r, viz_text *t)
{
    memset(rc, 0, sizeof *rc);
    rc->r = r;
    rc->text = t;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    return 0;
}

void viz_render_clear(viz_render *rc)
{
    for (int p = 0; p < VIZ_MAX_PANES; p++)
        if (rc->map_tex[p])
            SDL_DestroyTexture(rc->map_tex[p]);
    sim_free(rc->pix);
    memset(rc, 0, sizeof *rc);
}

void viz_clip(SDL_Renderer *r, const SDL_Rect *rect)
{
    /* an empty rectangle would mean "no clipping" to SDL: keep nothing instead */
    static const SDL_Rect none = {-2, -2, 1, 1}; /* off the screen */
    if (rect && (rect->w <= 0 || rect->h <= 0))
        rect = &none;
    SDL_RenderSetClipRect(r, rect);
}

void viz_render_frame(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    SDL_Renderer *r = rc->r;
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    viz_color(r, VIZ_RGB_BG);
    SDL_RenderClear(r);
    for (int p = 0; p < lay->n_panes; p++) {
        const viz_pane_layout *pl = &lay->pane[p];
        if (lay->n_panes > 1) {
            viz_text_draw(rc->text, pl->area.x + 10, pl->area.y + 6, 0xffffffu, 1, 0, v->label[p]);
            if (p > 0) {
                viz_color(r, 0x3a3e4au);
                SDL_RenderDrawLine(r, pl->area.x, pl->area.y, pl->area.x, pl->area.y + pl->area.h);
            }
        }
        viz_render_map(rc, v, p, pl);
        viz_render_legend(rc, v, p, pl);
        viz_render_charts(rc, v, p, pl);
        viz_render_queues(rc, v, p, pl);
    }
    viz_render_ticker(rc, v, lay);
    viz_render_levers(rc, v, lay);
    viz_render_story(rc, v, lay);
    viz_render_top(rc, v, lay);
    viz_render_timeline(rc, v, lay);
    viz_render_help(rc, v, lay);
}
