/* render.h: drawing one frame of the viewer with an SDL_Renderer (a window's, or a software
 * renderer on an SDL_Surface for tests and PNG export). The layout is computed first, so
 * that input handling and pixel tests know where the map, charts and panels are. Drawing
 * reads viz_view and viz_data only; it loads snapshot columns when first shown. */
#ifndef VIZ_RENDER_H
#define VIZ_RENDER_H
#include "text.h"
#include "view.h"
#include <SDL.h>

typedef struct viz_pane_layout {
    SDL_Rect area, map, legend, queues;
    SDL_Rect chart[VIZ_MAX_CHARTS];
    int n_charts;
    /* the map grid inside "map": cell (x, y) starts at (ox + x * cell, oy + y * cell) */
    double ox, oy, cell;
} viz_pane_layout;

typedef struct viz_layout {
    int w, h;
    SDL_Rect top, timeline, ticker, story, levers, help;
    int n_panes;
    viz_pane_layout pane[VIZ_MAX_PANES];
} viz_layout;

/* Colours used by the renderer, exposed for tests. */
#define VIZ_RGB_BG 0x181a20u
#define VIZ_RGB_PANEL 0x22252du
#define VIZ_RGB_CURSOR 0xff8c00u
#define VIZ_RGB_LEVER 0xdc50dcu
#define VIZ_RGB_HELP 0x10121cu
#define VIZ_RGB_EMPTY 0x2d3038u

typedef struct viz_render {
    SDL_Renderer *r; /* borrowed */
    viz_text *text;  /* borrowed */
    SDL_Texture *map_tex[VIZ_MAX_PANES];
    int tex_w[VIZ_MAX_PANES], tex_h[VIZ_MAX_PANES];
    uint32_t *pix;
    size_t pix_n;
} viz_render;

/* Compute where everything goes in a "w" x "h" frame for view "v". */
void viz_layout_compute(const viz_view *v, int w, int h, viz_layout *lay);
/* Rectangle of household "h"'s cell on pane "pl" of run "d" in snapshot row "row"; -1 if
 * it has no place there (it was formed later). */
int viz_layout_cell(const viz_pane_layout *pl, const viz_data *d, int row, uint32_t h,
                    SDL_Rect *out);
/* Household under point (px, py) of pane "pl" in snapshot row "row", or -1. */
int32_t viz_layout_hit(const viz_pane_layout *pl, const viz_data *d, int row, int px, int py);
/* The plotting area inside chart rectangle "r": below the title line, right of the gutter
 * that holds the scale's top and bottom values (none in a chart too narrow for it, where
 * the values are drawn over the plot). */
void viz_layout_chart_plot(const SDL_Rect *r, SDL_Rect *plot);
#define VIZ_CHART_GUTTER 46
int viz_layout_chart_gutter(const SDL_Rect *r);
/* Height the one-pane layout keeps for the story panel when it can (title and four lines). */
#define VIZ_STORY_MIN_H 96
/* x of time "t" on chart rectangle "r" of a run planned for "ticks" ticks. */
int viz_layout_chart_x(const SDL_Rect *r, double t, double ticks);

/* Colour of "f" in [0, 1] on the sequential scale (0xRRGGBB); f >= 1 is the top colour. */
uint32_t viz_color_scale(double f);
/* Colour of category "i". */
uint32_t viz_color_category(int i);
/* Colour of category "i" of column "c" of "d": a category named "none" or "no" is muted
 * grey, so that the households something happens to stand out. */
uint32_t viz_color_col_category(const viz_data *d, int c, int i);
#define VIZ_RGB_NONE 0x3c414eu
/* Colour of a household cell: column "c" (or -1) of run "d" in snapshot row "row";
 * "members" is the index of the members column (or -1): empty households are dark;
 * "smax" is the value that gets the top colour. */
uint32_t viz_color_household(viz_data *d, int c, int members, int row, uint32_t h, double smax);
/* The value drawn in the top colour for the colour-by column: shared by all panes, so
 * that two runs side by side use one scale. */
double viz_view_scale_max(viz_view *v);

/* Set up / tear down drawing state on renderer "r" with text "t" (both borrowed). */
int viz_render_init(viz_render *rc, SDL_Renderer *r, viz_text *t);
void viz_render_clear(viz_render *rc);
/* Draw the whole frame of view "v" into layout "lay". */
void viz_render_frame(viz_render *rc, viz_view *v, const viz_layout *lay);

/* Parts, each in its own file (render_map.c, render_chart.c, render_panel.c). */
void viz_render_map(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl);
void viz_render_legend(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl);
void viz_render_charts(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl);
void viz_render_queues(viz_render *rc, viz_view *v, int p, const viz_pane_layout *pl);
void viz_render_top(viz_render *rc, viz_view *v, const viz_layout *lay);
void viz_render_timeline(viz_render *rc, viz_view *v, const viz_layout *lay);
void viz_render_ticker(viz_render *rc, viz_view *v, const viz_layout *lay);
void viz_render_story(viz_render *rc, viz_view *v, const viz_layout *lay);
void viz_render_levers(viz_render *rc, viz_view *v, const viz_layout *lay);
void viz_render_help(viz_render *rc, viz_view *v, const viz_layout *lay);

/* Small drawing helpers shared by the parts. */
void viz_fill(SDL_Renderer *r, const SDL_Rect *rect, uint32_t rgb);
/* Draw only inside "rect" from now on (NULL: everywhere again). The legend, queues, events
 * and story panels draw so, and a line longer than its panel is cut at the panel's edge
 * instead of running into the panel beside it. */
void viz_clip(SDL_Renderer *r, const SDL_Rect *rect);
void viz_color(SDL_Renderer *r, uint32_t rgb);
#endif
