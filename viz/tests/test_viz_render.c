/* test_viz_render.c: pixel tests. A real run (argv[1], written by `nabij run` in the
 * viz_fixture_run test) is rendered with SDL's software renderer into a surface, and
 * known states are checked where the layout says they are: the most indebted household in
 * the top colour of the scale, the time cursor at the tick, the help overlay over its
 * region, two panes side by side, the story panel filling with a household's events, a
 * household formed during the run on the map from the row it exists in, the legend
 * saying why the map is grey in a run without snapshots, the events panel's text kept
 * inside it in a small window, the charts' scale beside their plots and their names before
 * their values, and the story panel kept in an 800x600 window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "render.h"
#include "replay.h"
#include "text.h"
#include "view.h"
#include <math.h>
#include <string.h>

#define W 1280
#define H 800

static const char *run_path;

typedef struct fx {
    viz_data *d;
    SDL_Surface *s;
    SDL_Renderer *r;
    viz_text *t;
    viz_render rc;
    viz_view v;
    viz_layout lay;
} fx;

static int setup(void **st)
{
    static fx f;
    memset(&f, 0, sizeof f);
    char err[1024];
    if (viz_replay_open(run_path, &f.d, err, sizeof err)) {
        print_error("%s\n", err);
        return -1;
    }
    f.s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    f.r = SDL_CreateSoftwareRenderer(f.s);
    if (!f.r || viz_text_create(f.r, 13, &f.t, err, sizeof err))
        return -1;
    viz_render_init(&f.rc, f.r, f.t);
    viz_view_init(&f.v, VIZ_REPLAY, f.d, NULL);
    *st = &f;
    return 0;
}

static int teardown(void **st)
{
    fx *f = *st;
    viz_render_clear(&f->rc);
    viz_text_destroy(f->t);
    SDL_DestroyRenderer(f->r);
    SDL_FreeSurface(f->s);
    viz_data_destroy(f->d);
    TTF_Quit();
    return 0;
}

static void render_at(fx *f, int w, int h)
{
    viz_layout_compute(&f->v, w, h, &f->lay);
    viz_render_frame(&f->rc, &f->v, &f->lay);
}

static void render(fx *f)
{
    render_at(f, W, H);
}

static uint32_t pixel(const fx *f, int x, int y)
{
    const uint8_t *row = (const uint8_t *)f->s->pixels + (size_t)y * (size_t)f->s->pitch;
    return ((const uint32_t *)row)[x] & 0xffffffu;
}

/* Share of the pixels of "r" that have colour "rgb". */
static double share(const fx *f, const SDL_Rect *r, uint32_t rgb)
{
    size_t n = 0, k = 0;
    for (int y = r->y; y < r->y + r->h; y++)
        for (int x = r->x; x < r->x + r->w; x++, n++)
            k += pixel(f, x, y) == rgb;
    return n ? (double)k / (double)n : 0;
}

/* Centre of household "h"'s cell in the row shown at the last tick. */
static void center(const viz_pane_layout *pl, const viz_data *d, uint32_t h, int *x, int *y)
{
    SDL_Rect c;
    assert_int_equal(viz_layout_cell(pl, d, viz_data_row_at(d, d->n_ticks), h, &c), 0);
    assert_true(c.w >= 3 && c.h >= 3);
    *x = c.x + c.w / 2;
    *y = c.y + c.h / 2;
}

/* The most indebted household at the last tick, and one without debts. */
static void debt_extremes(fx *f, int *row, uint32_t *hi, uint32_t *zero)
{
    viz_data *d = f->d;
    int c = viz_data_col(d, "households", "debt_eur"), m = viz_data_col(d, "households", "members");
    assert_true(c >= 0 && m >= 0);
    *row = viz_data_row_at(d, d->n_ticks);
    assert_true(*row > 0);
    float best = -1;
    *zero = UINT32_MAX;
    for (uint32_t h = 0; h < d->hh_placed; h++) {
        if (viz_data_value(d, (size_t)m, *row, h) <= 0)
            continue;
        float x = viz_data_value(d, (size_t)c, *row, h);
        if (x > best) {
            best = x;
            *hi = h;
        }
        if (x == 0 && *zero == UINT32_MAX)
            *zero = h;
    }
    assert_true(best > 0);
    assert_true(*zero != UINT32_MAX);
}

static void test_viz_render_top_debt_in_top_colour(void **st)
{
    fx *f = *st;
    int row;
    uint32_t hi, zero;
    debt_extremes(f, &row, &hi, &zero);
    snprintf(f->v.color_by, sizeof f->v.color_by, "debt_eur");
    viz_view_seek(&f->v, f->d->n_ticks);
    render(f);
    int x, y;
    center(&f->lay.pane[0], f->d, hi, &x, &y);
    assert_int_equal(pixel(f, x, y), viz_color_scale(1));
    center(&f->lay.pane[0], f->d, zero, &x, &y);
    assert_int_equal(pixel(f, x, y), viz_color_scale(0));
    /* coloured by a categorical column the cell takes its category's colour */
    snprintf(f->v.color_by, sizeof f->v.color_by, "housing");
    render(f);
    int hc = viz_data_col(f->d, "households", "housing");
    assert_true(hc >= 0);
    int cat = (int)viz_data_value(f->d, (size_t)hc, row, hi);
    center(&f->lay.pane[0], f->d, hi, &x, &y);
    assert_int_equal(pixel(f, x, y), viz_color_category(cat));
}

static void test_viz_render_cursor_follows_tick(void **st)
{
    fx *f = *st;
    double ticks = f->d->ticks_planned;
    SDL_Rect in;
    int xs[2];
    double ts[2] = {10, 40};
    for (int k = 0; k < 2; k++) {
        viz_view_seek(&f->v, ts[k]);
        render(f);
        viz_layout_chart_plot(&f->lay.pane[0].chart[0], &in);
        xs[k] = viz_layout_chart_x(&in, ts[k], ticks);
        int y = in.y + in.h / 2;
        assert_int_equal(pixel(f, xs[k], y), VIZ_RGB_CURSOR);
        /* the other moment has no cursor */
        int other = viz_layout_chart_x(&in, ts[1 - k], ticks);
        assert_int_not_equal(pixel(f, other, y), VIZ_RGB_CURSOR);
    }
    assert_true(xs[1] > xs[0]);
    /* the last chart has its cursor at the same x */
    const viz_pane_layout *pl = &f->lay.pane[0];
    viz_layout_chart_plot(&pl->chart[pl->n_charts - 1], &in);
    assert_int_equal(pixel(f, xs[1], in.y + 2), VIZ_RGB_CURSOR);
}

static void test_viz_render_help_overlay(void **st)
{
    fx *f = *st;
    f->v.help = 0;
    render(f);
    assert_true(share(f, &f->lay.help, VIZ_RGB_HELP) < 0.05);
    f->v.help = 1;
    render(f);
    assert_true(share(f, &f->lay.help, VIZ_RGB_HELP) > 0.80);
    /* and nothing outside it */
    SDL_Rect left = {0, f->lay.help.y, f->lay.help.x - 1, f->lay.help.h};
    assert_true(share(f, &left, VIZ_RGB_HELP) < 0.05);
    f->v.help = 0;
}

static void test_viz_render_side_by_side(void **st)
{
    fx *f = *st;
    int row;
    uint32_t hi, zero;
    debt_extremes(f, &row, &hi, &zero);
    viz_view v = f->v;
    viz_view_add_pane(&f->v, f->d, "again");
    snprintf(f->v.color_by, sizeof f->v.color_by, "debt_eur");
    viz_view_seek(&f->v, f->d->n_ticks);
    render(f);
    assert_int_equal(f->lay.n_panes, 2);
    const SDL_Rect *a = &f->lay.pane[0].map, *b = &f->lay.pane[1].map;
    assert_true(a->x + a->w <= b->x);
    for (int p = 0; p < 2; p++) {
        int x, y;
        center(&f->lay.pane[p], f->d, hi, &x, &y);
        assert_int_equal(pixel(f, x, y), viz_color_scale(1));
    }
    f->v = v;
}

/* A run without snapshots has no household column to colour the map by: the legend says so
 * (before, the strip stayed empty and the grey map unexplained). */
static void test_viz_render_legend_without_colours(void **st)
{
    fx *f = *st;
    viz_view v = f->v;
    int32_t every = f->d->snapshot_every;
    snprintf(f->v.color_by, sizeof f->v.color_by, "%s", "not_a_column");
    f->d->snapshot_every = 0;
    render(f);
    const SDL_Rect *L = &f->lay.pane[0].legend;
    assert_true(L->w > 0 && L->h > 0);
    double text = share(f, L, 0xc8c8d0u);
    assert_true(text > 0.005);
    f->d->snapshot_every = every;
    f->v = v;
    render(f); /* with a column: the colour scale, not that text */
    assert_true(share(f, L, 0xc8c8d0u) < text);
}

/* In a small window (800x600) the events panel is narrower than its longest lines: they are
 * cut at the panel's edge, and nothing of them lands on the panels beside it (before, they
 * ran over the waiting lists). The panel alone is drawn on a sentinel colour, at every tenth
 * tick; every pixel outside its rectangle must keep that colour. */
static void test_viz_render_ticker_stays_in_its_panel(void **st)
{
    fx *f = *st;
    viz_view v = f->v;
    viz_layout lay;
    const uint32_t sentinel = 0x010203u;
    int drawn = 0;
    for (uint32_t t = 1; t <= f->d->n_ticks; t += 10) {
        viz_view_seek(&f->v, t);
        viz_layout_compute(&f->v, 800, 600, &lay);
        const SDL_Rect *R = &lay.ticker;
        assert_true(R->w > 0 && R->h > 0);
        viz_color(f->r, sentinel);
        SDL_RenderClear(f->r);
        viz_render_ticker(&f->rc, &f->v, &lay);
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                int in = x >= R->x && x < R->x + R->w && y >= R->y && y < R->y + R->h;
                if (!in && pixel(f, x, y) != sentinel)
                    fail_msg("tick %u: pixel (%d, %d) outside the events panel (%d, %d, %d x %d) was drawn", t, x,
                             y, R->x, R->y, R->w, R->h);
            }
        drawn += share(f, R, VIZ_RGB_PANEL) < 0.99; /* text on the panel */
    }
    assert_true(drawn > 0);
    f->v = v;
    render(f);
}

/* The scale's top and bottom values stand in a gutter left of the plot, not on it (before,
 * they were drawn over the line's first weeks): inside every chart's plotting area there is
 * nothing but the panel, the lines, the time cursor and lever marks, all drawn without
 * anti-aliasing, so a pixel of text (blended) would show; and the gutter holds the text. */
static void test_viz_render_chart_scale_beside_plot(void **st)
{
    fx *f = *st;
    static const uint32_t allowed[] = {VIZ_RGB_PANEL, 0x56b4e9u, 0x2f5f80u, 0x8a8f9au, VIZ_RGB_CURSOR, VIZ_RGB_LEVER};
    static const int sizes[][2] = {{W, H}, {1024, 768}, {800, 600}};
    viz_view_seek(&f->v, f->d->n_ticks / 2);
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        render_at(f, sizes[z][0], sizes[z][1]);
        const viz_pane_layout *pl = &f->lay.pane[0];
        assert_true(pl->n_charts >= 2);
        for (int c = 0; c < pl->n_charts; c++) {
            const SDL_Rect *R = &pl->chart[c];
            SDL_Rect in;
            viz_layout_chart_plot(R, &in);
            assert_true(viz_layout_chart_gutter(R) > 0 && in.x > R->x + 6 && in.h >= 20);
            for (int y = in.y; y < in.y + in.h; y++)
                for (int x = in.x; x < in.x + in.w; x++) {
                    uint32_t px = pixel(f, x, y);
                    size_t k = 0;
                    while (k < sizeof allowed / sizeof allowed[0] && allowed[k] != px)
                        k++;
                    if (k == sizeof allowed / sizeof allowed[0])
                        fail_msg("%dx%d, chart %d: pixel (%d, %d) in the plot is 0x%06x, not a line's colour",
                                 sizes[z][0], sizes[z][1], c, x, y, px);
                }
            SDL_Rect gut = {R->x, in.y, in.x - R->x, in.h};
            assert_true(share(f, &gut, VIZ_RGB_PANEL) < 0.97);
        }
    }
    render(f);
}

/* In an 800x600 window the charts give up height so that the story panel keeps its title
 * and four lines below the waiting lists (before, it had 2 pixels and was not drawn); in a
 * large window the charts keep their full height. Nothing of the right column overlaps. */
static void test_viz_render_small_window_keeps_story(void **st)
{
    fx *f = *st;
    static const int sizes[][2] = {{W, H}, {1024, 768}, {800, 600}};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        viz_layout lay;
        viz_layout_compute(&f->v, sizes[z][0], sizes[z][1], &lay);
        const viz_pane_layout *pl = &lay.pane[0];
        assert_true(pl->queues.h > 0);
        assert_true(lay.story.h >= VIZ_STORY_MIN_H);
        assert_true(lay.story.y + lay.story.h <= lay.timeline.y);
        assert_true(pl->queues.y + pl->queues.h <= lay.story.y);
        for (int c = 0; c < pl->n_charts; c++)
            assert_true(pl->chart[c].y + pl->chart[c].h <= (c + 1 < pl->n_charts ? pl->chart[c + 1].y : pl->queues.y));
        if (sizes[z][1] >= 768)
            assert_int_equal(pl->chart[0].h, 86);
    }
    /* and the story's text is drawn there */
    viz_view_seek(&f->v, f->d->n_ticks);
    render_at(f, 800, 600);
    assert_true(share(f, &f->lay.story, VIZ_RGB_PANEL) < 0.99);
    render(f);
}

/* A chart's name too long for a narrow chart (640x480) is cut before the current value
 * instead of running under it: the pixels that the name draws (the difference from the
 * same chart under a one-letter name) all lie left of the value's first pixel. */
static void test_viz_render_chart_name_before_value(void **st)
{
    fx *f = *st;
    viz_view v = f->v;
    viz_view_seek(&f->v, f->d->n_ticks / 2);
    int si = viz_data_series(f->d, f->v.charts[0]);
    assert_true(si >= 0);
    char name[VIZ_NAME_MAX];
    snprintf(name, sizeof name, "%s", f->d->series[si].name);
    render_at(f, 640, 480);
    const SDL_Rect R = f->lay.pane[0].chart[0];
    int th = viz_text_line(f->t), y0 = R.y + 3;
    uint32_t *full = malloc(sizeof *full * (size_t)R.w * (size_t)th);
    assert_non_null(full);
    for (int y = 0; y < th; y++)
        for (int x = 0; x < R.w; x++)
            full[y * R.w + x] = pixel(f, R.x + x, y0 + y);
    snprintf(f->d->series[si].name, sizeof f->d->series[si].name, "x");
    snprintf(f->v.charts[0], sizeof f->v.charts[0], "x");
    render_at(f, 640, 480);
    int value_left = R.w, name_right = -1;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < R.w; x++) {
            uint32_t px = pixel(f, R.x + x, y0 + y);
            if (x > R.w / 2 && px != VIZ_RGB_PANEL && x < value_left)
                value_left = x;
            if (x > 20 && full[y * R.w + x] != px && x > name_right)
                name_right = x;
        }
    free(full);
    snprintf(f->d->series[si].name, sizeof f->d->series[si].name, "%s", name);
    f->v = v;
    render(f);
    assert_true(value_left < R.w && name_right > 20); /* both drawn: the name is long here */
    if (name_right >= value_left - 4)
        fail_msg("the chart's name reaches x %d, the value starts at %d", R.x + name_right, R.x + value_left);
}

static void test_viz_render_story_fills(void **st)
{
    fx *f = *st;
    viz_data *d = f->d;
    /* the household with the most events, and one with none */
    size_t *n = calloc(d->hh_cap, sizeof *n);
    for (size_t i = 0; i < d->n_events; i++)
        if (d->events[i].household >= 0 && (uint32_t)d->events[i].household < d->hh_cap)
            n[d->events[i].household]++;
    uint32_t busy = 0, quiet = UINT32_MAX;
    for (uint32_t h = 0; h < d->hh_placed; h++) {
        if (n[h] > n[busy])
            busy = h;
        if (!n[h] && quiet == UINT32_MAX)
            quiet = h;
    }
    free(n);
    assert_true(quiet != UINT32_MAX);
    viz_view_seek(&f->v, d->n_ticks);
    f->v.selected = (int32_t)quiet;
    render(f);
    double empty = 1 - share(f, &f->lay.story, VIZ_RGB_PANEL);
    f->v.selected = (int32_t)busy;
    render(f);
    double full = 1 - share(f, &f->lay.story, VIZ_RGB_PANEL);
    assert_true(full > empty + 0.01);
    /* the followed household is outlined in white on the map */
    SDL_Rect c;
    viz_layout_cell(&f->lay.pane[0], d, viz_data_row_at(d, d->n_ticks), busy, &c);
    assert_int_equal(pixel(f, c.x - 2, c.y + c.h / 2), 0xffffffu);
    f->v.selected = -1;
}

/* A household formed during the run (beyond the static count, placed from the snapshot
 * columns households/x, y) is drawn, clickable and followable in a late row, and absent
 * from the rows before it was formed; the map keeps its size while time moves. */
static void test_viz_render_new_households(void **st)
{
    fx *f = *st;
    viz_data *d = f->d;
    int last = (int)d->n_rows - 1, xc = viz_data_col(d, "households", "x");
    int yc = viz_data_col(d, "households", "y");
    assert_true(last > 0 && xc >= 0 && yc >= 0);
    assert_int_equal(viz_data_households_at(d, 0), d->hh_static);
    uint32_t n = viz_data_households_at(d, last);
    assert_true(n > d->hh_static);
    uint32_t h = n - 1; /* the newest household */
    int formed = 1;
    while (viz_data_households_at(d, formed) <= h)
        formed++;
    assert_true(formed <= last);
    /* its cell is the file's, free of every household of the start, inside the grid */
    assert_true(viz_data_value(d, (size_t)xc, last, h) == d->x[h]);
    assert_true(viz_data_value(d, (size_t)yc, last, h) == d->y[h]);
    assert_true(d->x[h] != 0 || d->y[h] != 0);
    for (uint32_t s = 0; s < d->hh_static; s++)
        assert_false(d->x[s] == d->x[h] && d->y[s] == d->y[h]);
    assert_true(d->x[h] < d->grid_w && d->y[h] < d->grid_h);

    snprintf(f->v.color_by, sizeof f->v.color_by, "problem_load");
    viz_view_seek(&f->v, d->n_ticks);
    f->v.selected = (int32_t)h;
    render(f);
    viz_pane_layout late = f->lay.pane[0];
    SDL_Rect c;
    assert_int_equal(viz_layout_cell(&late, d, last, h, &c), 0);
    assert_true(c.w >= 3 && c.h >= 3);
    int px = c.x + c.w / 2, py = c.y + c.h / 2;
    assert_int_not_equal(pixel(f, px, py), VIZ_RGB_BG);
    assert_int_equal(viz_layout_hit(&late, d, last, px, py), (int32_t)h);
    assert_int_equal(pixel(f, c.x - 2, py), 0xffffffu); /* followed: outlined */
    double story_late = 1 - share(f, &f->lay.story, VIZ_RGB_PANEL);

    /* the row before it was formed, and the start: an empty cell that nobody answers to */
    double before[2] = {d->row_tick[formed - 1], 0};
    for (int k = 0; k < 2; k++) {
        viz_view_seek(&f->v, before[k]);
        render(f);
        int row = viz_data_row_at(d, f->v.t);
        assert_true(row < formed);
        assert_true(f->lay.pane[0].cell == late.cell && f->lay.pane[0].ox == late.ox &&
                    f->lay.pane[0].oy == late.oy);
        assert_int_equal(viz_layout_cell(&f->lay.pane[0], d, row, h, &c), -1);
        assert_int_equal(pixel(f, px, py), VIZ_RGB_BG);
        assert_int_not_equal(pixel(f, c.x - 2, py), 0xffffffu);
        assert_int_equal(viz_layout_hit(&f->lay.pane[0], d, row, px, py), -1);
    }
    /* its story at the start is one short line, not the columns of an empty household */
    assert_true(1 - share(f, &f->lay.story, VIZ_RGB_PANEL) < story_late);
    f->v.selected = -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_viz_render RUN.h5\n");
        return 2;
    }
    run_path = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_viz_render_top_debt_in_top_colour),
        cmocka_unit_test(test_viz_render_cursor_follows_tick),
        cmocka_unit_test(test_viz_render_help_overlay),
        cmocka_unit_test(test_viz_render_side_by_side),
        cmocka_unit_test(test_viz_render_chart_scale_beside_plot),
        cmocka_unit_test(test_viz_render_small_window_keeps_story),
        cmocka_unit_test(test_viz_render_chart_name_before_value),
        cmocka_unit_test(test_viz_render_story_fills),
        cmocka_unit_test(test_viz_render_legend_without_colours),
        cmocka_unit_test(test_viz_render_ticker_stays_in_its_panel),
        cmocka_unit_test(test_viz_render_new_households),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
