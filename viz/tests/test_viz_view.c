/* test_viz_view.c: the viewer's pure parts on hand-made data: playback rules, snapshot row
 * and event lookup, default choices of colour and charts, layout geometry (cell <-> click),
 * the colour scale, households formed during the run. No window, no file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "alloc.h"
#include "render.h"
#include "view.h"
#include <string.h>

/* A run of "ticks" ticks on a 10 x 6 map of 50 households, snapshots every 4 ticks. */
static viz_data *make_data(uint32_t ticks)
{
    viz_data *d = sim_calloc(1, sizeof *d);
    snprintf(d->scenario_name, sizeof d->scenario_name, "hand-made");
    d->days_per_tick = 7;
    d->ticks_planned = (int32_t)ticks;
    d->start_day = 16436; /* 2015-01-01 */
    d->snapshot_every = 4;
    d->hh_cap = d->hh_static = d->hh_placed = 50;
    d->x = sim_calloc(50, sizeof *d->x);
    d->y = sim_calloc(50, sizeof *d->y);
    for (int h = 0; h < 50; h++) {
        d->x[h] = (int16_t)(h % 10);
        d->y[h] = (int16_t)(h / 10);
    }
    viz_data_set_map(d);
    static const char *const cols[] = {"members", "debt_eur", "problem_load"};
    d->cols = sim_calloc(3, sizeof *d->cols);
    d->n_rows = ticks / 4 + 1;
    viz_data_grow_rows(d, d->n_rows);
    for (uint32_t r = 0; r < d->n_rows; r++)
        d->row_tick[r] = (int32_t)(4 * r);
    for (int c = 0; c < 3; c++) {
        viz_col *col = &d->cols[d->n_cols++];
        snprintf(col->kind, sizeof col->kind, "households");
        snprintf(col->name, sizeof col->name, "%s", cols[c]);
        snprintf(col->unit, sizeof col->unit, "%s", c == 1 ? "EUR" : "x");
        col->cap = 50;
        col->loaded = 1;
        col->rows = sim_calloc((size_t)d->n_rows * 50, sizeof(float));
        col->rows_have = col->rows_alloc = d->n_rows;
        for (uint32_t r = 0; r < d->n_rows; r++)
            for (int h = 0; h < 50; h++)
                col->rows[r * 50 + h] = c == 0 ? 1.0f : (float)(h * (c == 1 ? 100 : 1));
        viz_data_rescale(d, (size_t)(d->n_cols - 1));
    }
    static const char *const series[] = {"persons", "debt_total_eur", "households_kdn_cut"};
    d->series = sim_calloc(3, sizeof *d->series);
    for (int s = 0; s < 3; s++)
        snprintf(d->series[d->n_series++].name, VIZ_NAME_MAX, "%s", series[s]);
    viz_data_grow_ticks(d, ticks);
    d->n_ticks = ticks;
    for (uint32_t t = 0; t < ticks; t++)
        for (int s = 0; s < 3; s++)
            d->series[s].v[t] = t * (s + 1);
    viz_data_grow_events(d, 3);
    int32_t et[] = {0, 3, 3};
    for (int i = 0; i < 3; i++)
        d->events[d->n_events++] = (sim_event){et[i], 0, i, -1, -1, 0};
    return d;
}

static void test_viz_view_seek_clamps(void **st)
{
    viz_data *d = make_data(20);
    viz_view v;
    viz_view_init(&v, VIZ_REPLAY, d, NULL);
    viz_view_seek(&v, 25);
    assert_true(v.t == 20);
    viz_view_seek(&v, -3);
    assert_true(v.t == 0);
    viz_data_destroy(d);
}

static void test_viz_view_advance_stops_at_end(void **st)
{
    viz_data *d = make_data(20);
    viz_view v;
    viz_view_init(&v, VIZ_REPLAY, d, NULL);
    viz_view_seek(&v, 10);
    v.playing = 1;
    v.speed = 4;
    assert_int_equal(viz_view_advance(&v, 0.5), 1);
    assert_true(v.t > 11.99 && v.t < 12.01);
    viz_view_advance(&v, 10);
    assert_true(v.t == 20);
    assert_int_equal(v.playing, 0);
    /* a followed run keeps playing at its end, waiting for more ticks */
    v.mode = VIZ_FOLLOW;
    v.playing = 1;
    viz_view_advance(&v, 1);
    assert_int_equal(v.playing, 1);
    viz_data_destroy(d);
}

static void test_viz_view_rows_and_events(void **st)
{
    viz_data *d = make_data(20);
    assert_int_equal(viz_data_row_at(d, 0), 0);
    assert_int_equal(viz_data_row_at(d, 3.9), 0);
    assert_int_equal(viz_data_row_at(d, 5), 1);
    assert_int_equal(viz_data_row_at(d, 100), 5);
    assert_int_equal(viz_data_event_at(d, 0), 0);
    assert_int_equal(viz_data_event_at(d, 1), 1);
    assert_int_equal(viz_data_event_at(d, 4), 3);
    char date[16];
    viz_data_date(d, 2, date, sizeof date);
    assert_string_equal(date, "2015-01-15");
    viz_data_destroy(d);
}

static void test_viz_view_default_choices(void **st)
{
    viz_data *d = make_data(20);
    viz_view v;
    viz_view_init(&v, VIZ_REPLAY, d, NULL);
    assert_string_equal(v.color_by, "problem_load");
    /* preferred charts that exist first, then the run's own indicators */
    assert_int_equal(v.n_charts, 3);
    assert_string_equal(v.charts[0], "households_kdn_cut");
    assert_string_equal(v.charts[1], "debt_total_eur");
    assert_string_equal(v.charts[2], "persons");
    viz_view_set_charts(&v, "nope,persons");
    assert_int_equal(v.n_charts, 1);
    assert_string_equal(v.charts[0], "persons");
    viz_view_cycle_color(&v, 1);
    assert_string_equal(v.color_by, "members");
    viz_view_cycle_color(&v, -1);
    assert_string_equal(v.color_by, "problem_load");
    viz_data_destroy(d);
}

static void test_viz_view_layout_cell_hit(void **st)
{
    viz_data *d = make_data(20);
    viz_view v;
    viz_view_init(&v, VIZ_REPLAY, d, NULL);
    viz_layout lay;
    viz_layout_compute(&v, 1280, 800, &lay);
    const viz_pane_layout *pl = &lay.pane[0];
    for (uint32_t h = 0; h < d->hh_placed; h++) {
        SDL_Rect r;
        assert_int_equal(viz_layout_cell(pl, d, -1, h, &r), 0);
        assert_true(r.x >= pl->map.x && r.x + r.w <= pl->map.x + pl->map.w);
        assert_true(r.y >= pl->map.y && r.y + r.h <= pl->map.y + pl->map.h);
        assert_int_equal(viz_layout_hit(pl, d, -1, r.x + r.w / 2, r.y + r.h / 2), (int)h);
    }
    assert_int_equal(viz_layout_hit(pl, d, -1, pl->map.x - 5, pl->map.y - 5), -1);
    /* the chart x of the first and last tick are the ends of the plot */
    SDL_Rect in;
    viz_layout_chart_plot(&pl->chart[0], &in);
    assert_int_equal(viz_layout_chart_x(&in, 0, 20), in.x);
    assert_int_equal(viz_layout_chart_x(&in, 20, 20), in.x + in.w - 1);
    viz_data_destroy(d);
}

/* Households formed during the run: 50 at the start on a 10 x 5 map, 3 more from row 2 and
 * 12 more from row 4 (cells h % 10, h / 10, as the members model gives them), read row by
 * row from snapshot positions as a replay or a live world does. */
static void test_viz_view_new_households(void **st)
{
    viz_data *d = make_data(20); /* rows at ticks 0, 4, ..., 20 */
    const uint32_t cap = 70, alive[6] = {50, 50, 53, 53, 65, 65};
    d->hh_cap = cap;
    d->x = sim_realloc(d->x, cap, sizeof *d->x);
    d->y = sim_realloc(d->y, cap, sizeof *d->y);
    float xs[70], ys[70];
    for (uint32_t r = 0; r < d->n_rows; r++) {
        for (uint32_t h = 0; h < cap; h++) {
            xs[h] = h < alive[r] ? (float)(h % 10) : 0;
            ys[h] = h < alive[r] ? (float)(h / 10) : 0;
        }
        assert_int_equal(viz_data_map_rows(d, r + 1, xs, ys, cap), 0);
        assert_int_equal(viz_data_households_at(d, (int)r), alive[r]);
    }
    assert_int_equal(viz_data_households_at(d, -1), 50);
    assert_int_equal(viz_data_households_at(d, 0), 50);
    assert_int_equal(viz_data_households_at(d, 3), 53);
    assert_int_equal(d->hh_placed, 65);
    assert_int_equal(d->x[64], 4);
    assert_int_equal(d->y[64], 6);
    /* the grid holds the largest extent, whatever row is shown */
    assert_int_equal(d->grid_w, 10);
    assert_int_equal(d->grid_h, 7);
    viz_view v;
    viz_view_init(&v, VIZ_REPLAY, d, NULL);
    viz_layout lay;
    viz_layout_compute(&v, 1280, 800, &lay);
    const viz_pane_layout *pl = &lay.pane[0];
    SDL_Rect r;
    assert_int_equal(viz_layout_cell(pl, d, 4, 64, &r), 0);
    int px = r.x + r.w / 2, py = r.y + r.h / 2;
    assert_int_equal(viz_layout_hit(pl, d, 5, px, py), 64);
    /* rewound to before it was formed: no cell, nobody to click */
    assert_int_equal(viz_layout_cell(pl, d, 3, 64, &r), -1);
    assert_int_equal(viz_layout_hit(pl, d, 3, px, py), -1);
    assert_int_equal(viz_layout_hit(pl, d, 0, px, py), -1);
    assert_int_equal(viz_layout_cell(pl, d, 2, 52, &r), 0);
    assert_int_equal(viz_layout_hit(pl, d, 2, r.x + r.w / 2, r.y + r.h / 2), 52);
    assert_int_equal(viz_layout_hit(pl, d, 1, r.x + r.w / 2, r.y + r.h / 2), -1);
    /* the map positions are places, not colours */
    assert_false(viz_data_is_position(d, 0));
    viz_data_destroy(d);

    /* a run without snapshot positions (an older file) keeps the map of the start */
    d = make_data(20);
    assert_int_equal(viz_data_map_rows(d, d->n_rows, NULL, NULL, 0), 0);
    assert_int_equal(viz_data_households_at(d, (int)d->n_rows - 1), 50);
    assert_int_equal(d->grid_h, 5);
    viz_data_destroy(d);
}

static void test_viz_view_color_scale(void **st)
{
    assert_int_equal(viz_color_scale(0), 0x440154);
    assert_int_equal(viz_color_scale(1), 0xfde725);
    assert_int_equal(viz_color_scale(7.5), 0xfde725);
    /* brightness grows along the scale */
    double prev = -1;
    for (int i = 0; i <= 20; i++) {
        uint32_t c = viz_color_scale(i / 20.0);
        double lum = 0.2126 * (c >> 16) + 0.7152 * ((c >> 8) & 255) + 0.0722 * (c & 255);
        assert_true(lum > prev);
        prev = lum;
    }
    viz_data *d = make_data(8);
    /* debt 0..4900 in steps of 100: the 98th percentile of the positive values is 4800 */
    assert_true(d->cols[1].scale_max == 4800);
    viz_data_destroy(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_viz_view_seek_clamps),
        cmocka_unit_test(test_viz_view_advance_stops_at_end),
        cmocka_unit_test(test_viz_view_rows_and_events),
        cmocka_unit_test(test_viz_view_default_choices),
        cmocka_unit_test(test_viz_view_layout_cell_hit),
        cmocka_unit_test(test_viz_view_color_scale),
        cmocka_unit_test(test_viz_view_new_households),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
