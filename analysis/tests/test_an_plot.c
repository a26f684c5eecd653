/* test_an_plot.c: charts saved by the plot module: a bar chart and a line chart are valid
 * PNG of the requested size (read back with cairo), bars and lines are drawn in the
 * palette colours where the data put them, and the SVG holds the labels as text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "draw.h"
#include "plot.h"
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/test_an_plot_XXXXXX";

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    unsigned char *d = cairo_image_surface_get_data(s);
    return ((uint32_t *)(d + y * cairo_image_surface_get_stride(s)))[x] & 0xffffff;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static void test_an_plot_bars(void **st)
{
    (void)st;
    const char *cats[] = {"municipality", "state"}, *groups[] = {"baseline", "lever"};
    double v[] = {100, 50, 80, 50}, lo[] = {90, 45, 70, 45}, hi[] = {110, 55, 90, 55};
    an_plot_bars b = {cats, 2, groups, 2, v, lo, hi};
    an_plot_spec sp = {"Costs by payer", NULL, "payer", "cost [EUR]", 0, 600, 400};
    char base[256], err[256], path[300];
    snprintf(base, sizeof base, "%s/bars", dir);
    assert_int_equal(an_plot_barchart(base, &sp, &b, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s.png", base);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(s), 600);
    assert_int_equal(cairo_image_surface_get_height(s), 400);
    cairo_surface_flush(s);
    /* plot box x 90..576, y 62..290; 2 slots of 243 px, bars 97 px wide from 24 px in.
     * The first bar (baseline, municipality) is blue just above the axis, the second
     * (lever, municipality) vermillion; above the tallest error bar it is white. */
    double rgb[3];
    an_plot_color(0, rgb);
    uint32_t blue = (uint32_t)(rgb[0] * 255 + .5) << 16 | (uint32_t)(rgb[1] * 255 + .5) << 8 | (uint32_t)(rgb[2] * 255 + .5);
    uint32_t c1 = pixel(s, 90 + 24 + 30, 280), c2 = pixel(s, 90 + 24 + 97 + 30, 280);
    assert_int_not_equal(c1, 0xffffff);
    assert_int_not_equal(c2, 0xffffff);
    assert_int_not_equal(c1, c2);
    /* 85 % opacity over white: close to the palette colour */
    assert_true(abs((int)(c1 >> 16) - (int)(blue >> 16)) < 40);
    assert_int_equal(pixel(s, 90 + 24 + 30, 70), 0xffffff);
    cairo_surface_destroy(s);
    snprintf(path, sizeof path, "%s.svg", base);
    char *svg = slurp(path);
    assert_non_null(strstr(svg, ">cost [EUR]</text>"));
    assert_non_null(strstr(svg, ">payer</text>"));
    assert_non_null(strstr(svg, ">municipality</text>"));
    assert_non_null(strstr(svg, ">lever</text>"));
    assert_non_null(strstr(svg, "</svg>"));
    unlink(path);
    snprintf(path, sizeof path, "%s.png", base);
    unlink(path);
}

static void test_an_plot_lines_and_ticks(void **st)
{
    (void)st;
    double t[16];
    size_t n = an_plot_ticks(0, 97, 6, t, 16);
    assert_int_equal(n, 5);
    assert_true(t[0] == 0 && t[1] == 20 && t[4] == 80);
    n = an_plot_ticks(-0.3, 0.3, 6, t, 16);
    assert_true(n == 7 && t[3] == 0 && t[6] > 0.29);
    double x[] = {16436, 16800, 19000}, y[] = {1, 2, 3};
    an_plot_line l = {"only", x, y, NULL, NULL, 3};
    an_plot_spec sp = {"Line", "sub", "date", "value [units]", 1, 0, 0};
    char base[256], err[256], path[300];
    snprintf(base, sizeof base, "%s/line", dir);
    assert_int_equal(an_plot_lines(base, &sp, &l, 1, err, sizeof err), 0);
    snprintf(path, sizeof path, "%s.png", base);
    cairo_surface_t *s = cairo_image_surface_create_from_png(path);
    assert_int_equal(cairo_image_surface_get_width(s), 900);
    assert_int_equal(cairo_image_surface_get_height(s), 520);
    cairo_surface_destroy(s);
    unlink(path);
    snprintf(path, sizeof path, "%s.svg", base);
    char *svg = slurp(path);
    assert_non_null(strstr(svg, ">value [units]</text>"));
    assert_non_null(strstr(svg, ">2017</text>"));
    assert_non_null(strstr(svg, "<polyline"));
    unlink(path);
    /* an unwritable place fails with a message and leaves nothing */
    assert_int_not_equal(an_plot_lines("/nonexistent-dir/x", &sp, &l, 1, err, sizeof err), 0);
    assert_non_null(strstr(err, "/nonexistent-dir/x"));
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_an_plot_bars),
        cmocka_unit_test(test_an_plot_lines_and_ticks),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    rmdir(dir);
    an_draw_release();
    return rc;
}
