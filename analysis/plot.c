/* plot.c: line and bar charts on the draw.h canvas. Layout: title and subtitle on top, the
 * plot area with a light grid, y label rotated on the left, x label below, legend in rows
 * under the x label. Axis ranges include 0 for non-negative data, so that differences look
 * as large as they are. */
#include "plot.h"
#include "draw.h"
#include "alloc.h"
#include "scenario.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const an_rgba BLACK = {0, 0, 0, 1}, GREY = {0.35, 0.35, 0.35, 1},
                     GRID = {0.88, 0.88, 0.88, 1}, NONE = {0, 0, 0, 0};

void an_plot_color(size_t i, double rgb[3])
{
    static const unsigned pal[] = {0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
                                   0xE69F00, 0x56B4E9, 0x000000, 0xF0E442};
    unsigned c = pal[i % (sizeof pal / sizeof pal[0])];
    rgb[0] = ((c >> 16) & 255) / 255.0;
    rgb[1] = ((c >> 8) & 255) / 255.0;
    rgb[2] = (c & 255) / 255.0;
}

static an_rgba color(size_t i, double a)
{
    double c[3];
    an_plot_color(i, c);
    return (an_rgba){c[0], c[1], c[2], a};
}

size_t an_plot_ticks(double lo, double hi, int target, double *out, size_t max)
{
    if (!(hi > lo) || !isfinite(lo) || !isfinite(hi))
        return 0;
    double raw = (hi - lo) / (target > 1 ? target : 1);
    double mag = pow(10, floor(log10(raw)));
    double steps[] = {1, 2, 2.5, 5, 10}, step = 10 * mag;
    for (int i = 0; i < 5; i++)
        if (steps[i] * mag >= raw) {
            step = steps[i] * mag;
            break;
        }
    size_t n = 0;
    for (double v = ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9 && n < max; v += step)
        out[n++] = fabs(v) < step * 1e-9 ? 0 : v;
    return n;
}

static void fmt_tick(double v, char *buf, size_t n)
{
    double a = fabs(v);
    if (a >= 1e9)
        snprintf(buf, n, "%gG", v / 1e9);
    else if (a >= 1e6)
        snprintf(buf, n, "%gM", v / 1e6);
    else if (a >= 1e4)
        snprintf(buf, n, "%gk", v / 1e3);
    else
        snprintf(buf, n, "%g", v);
}

typedef struct frame {
    double x0, x1, y0, y1;     /* data ranges */
    double px0, px1, py0, py1; /* pixel box: px0 left, py0 top */
} frame;

static double fx(const frame *f, double x) { return f->px0 + (x - f->x0) / (f->x1 - f->x0) * (f->px1 - f->px0); }
static double fy(const frame *f, double y) { return f->py1 - (y - f->y0) / (f->y1 - f->y0) * (f->py1 - f->py0); }

static void y_range(double *lo, double *hi)
{
    if (!isfinite(*lo) || !isfinite(*hi)) {
        *lo = 0;
        *hi = 1;
    }
    if (*lo >= 0)
        *lo = 0;
    if (*hi - *lo <= 0) {
        double d = fabs(*hi) > 0 ? fabs(*hi) * 0.1 : 1;
        *lo -= *lo < 0 ? d : 0;
        *hi += d;
    } else {
        double pad = (*hi - *lo) * 0.05;
        *hi += pad;
        if (*lo < 0)
            *lo -= pad;
    }
}

/* Title, subtitle, y axis with grid and label, frame; returns the legend's top. */
static void draw_common(an_canvas *cv, const an_plot_spec *sp, frame *f, double w, double h)
{
    an_cv_text(cv, f->px0, 26, sp->title ? sp->title : "", 17, AN_LEFT, 0, 1, BLACK);
    if (sp->subtitle)
        an_cv_text(cv, f->px0, 46, sp->subtitle, 12, AN_LEFT, 0, 0, GREY);
    double t[32];
    size_t nt = an_plot_ticks(f->y0, f->y1, 6, t, 32);
    char b[64];
    for (size_t i = 0; i < nt; i++) {
        double y = fy(f, t[i]);
        an_cv_line(cv, f->px0, y, f->px1, y, GRID, 1, 0);
        fmt_tick(t[i], b, sizeof b);
        an_cv_text(cv, f->px0 - 6, y + 4, b, 11, AN_RIGHT, 0, 0, BLACK);
    }
    an_cv_text(cv, 20, (f->py0 + f->py1) / 2, sp->ylabel ? sp->ylabel : "", 13, AN_CENTER, 1, 0, BLACK);
    an_cv_text(cv, (f->px0 + f->px1) / 2, f->py1 + 40, sp->xlabel ? sp->xlabel : "", 13, AN_CENTER, 0, 0, BLACK);
    (void)w;
    (void)h;
}

static void draw_legend(an_canvas *cv, const frame *f, const char *const *labels, size_t n,
                        int bands)
{
    double x = f->px0, y = f->py1 + 64;
    for (size_t i = 0; i < n; i++) {
        double tw = an_cv_text_width(cv, labels[i], 12, 0) + 40;
        if (x + tw > f->px1 && x > f->px0) {
            x = f->px0;
            y += 18;
        }
        if (bands)
            an_cv_rect(cv, x, y - 10, 22, 12, color(i, 0.2), NONE);
        an_cv_line(cv, x, y - 4, x + 22, y - 4, color(i, 1), 2.5, 0);
        an_cv_text(cv, x + 28, y, labels[i], 12, AN_LEFT, 0, 0, BLACK);
        x += tw;
    }
}

static void draw_x_dates(an_canvas *cv, const frame *f)
{
    double span = f->x1 - f->x0;
    char b[32];
    int y0, y1;
    unsigned m0, m1, d;
    scn_civil_from_days((int32_t)floor(f->x0), &y0, &m0, &d);
    scn_civil_from_days((int32_t)ceil(f->x1), &y1, &m1, &d);
    if (span < 1500) {
        int months = (y1 - y0) * 12 + (int)m1 - (int)m0 + 1;
        int step = months <= 8 ? 1 : months <= 16 ? 2 : months <= 26 ? 3 : 6;
        for (int k = 0; k <= months; k++) {
            int yy = y0 + ((int)m0 - 1 + k) / 12;
            unsigned mm = (unsigned)(((int)m0 - 1 + k) % 12) + 1;
            if (((int)mm - 1) % step)
                continue;
            double day = scn_days_from_civil(yy, mm, 1);
            if (day < f->x0 || day > f->x1)
                continue;
            an_cv_line(cv, fx(f, day), f->py1, fx(f, day), f->py1 + 5, BLACK, 1, 0);
            snprintf(b, sizeof b, "%04d-%02u", yy, mm);
            an_cv_text(cv, fx(f, day), f->py1 + 18, b, 11, AN_CENTER, 0, 0, BLACK);
        }
        return;
    }
    int years = y1 - y0 + 1, step = years <= 12 ? 1 : years <= 24 ? 2 : 5;
    for (int yy = y0; yy <= y1 + 1; yy++) {
        if (yy % step)
            continue;
        double day = scn_days_from_civil(yy, 1, 1);
        if (day < f->x0 || day > f->x1)
            continue;
        an_cv_line(cv, fx(f, day), f->py1, fx(f, day), f->py1 + 5, BLACK, 1, 0);
        snprintf(b, sizeof b, "%d", yy);
        an_cv_text(cv, fx(f, day), f->py1 + 18, b, 11, AN_CENTER, 0, 0, BLACK);
    }
}

typedef struct lines_ctx {
    const an_plot_spec *sp;
    const an_plot_line *lines;
    size_t n;
} lines_ctx;

static void draw_lines(an_canvas *cv, double w, double h, void *vctx)
{
    lines_ctx *c = vctx;
    frame f = {INFINITY, -INFINITY, INFINITY, -INFINITY, 90, w - 24, 62, h - 110};
    size_t rows = 1;
    double x = 0;
    for (size_t i = 0; i < c->n; i++) {
        double tw = an_cv_text_width(cv, c->lines[i].label, 12, 0) + 40;
        if (x + tw > f.px1 - f.px0 && x > 0) {
            rows++;
            x = 0;
        }
        x += tw;
    }
    f.py1 -= 18 * (double)(rows - 1);
    for (size_t i = 0; i < c->n; i++) {
        const an_plot_line *l = &c->lines[i];
        for (size_t k = 0; k < l->n; k++) {
            f.x0 = fmin(f.x0, l->x[k]);
            f.x1 = fmax(f.x1, l->x[k]);
            f.y0 = fmin(f.y0, l->lo ? fmin(l->lo[k], l->y[k]) : l->y[k]);
            f.y1 = fmax(f.y1, l->hi ? fmax(l->hi[k], l->y[k]) : l->y[k]);
        }
    }
    if (!(f.x1 > f.x0)) {
        f.x0 = isfinite(f.x0) ? f.x0 - 1 : 0;
        f.x1 = f.x0 + 2;
    }
    y_range(&f.y0, &f.y1);
    draw_common(cv, c->sp, &f, w, h);
    if (c->sp->x_dates)
        draw_x_dates(cv, &f);
    else {
        double t[32];
        char b[64];
        size_t nt = an_plot_ticks(f.x0, f.x1, 8, t, 32);
        for (size_t i = 0; i < nt; i++) {
            an_cv_line(cv, fx(&f, t[i]), f.py1, fx(&f, t[i]), f.py1 + 5, BLACK, 1, 0);
            fmt_tick(t[i], b, sizeof b);
            an_cv_text(cv, fx(&f, t[i]), f.py1 + 18, b, 11, AN_CENTER, 0, 0, BLACK);
        }
    }
    size_t maxn = 1;
    for (size_t i = 0; i < c->n; i++)
        maxn = c->lines[i].n > maxn ? c->lines[i].n : maxn;
    double *px = sim_calloc(2 * maxn + 2, sizeof *px), *py = sim_calloc(2 * maxn + 2, sizeof *py);
    for (size_t i = 0; px && py && i < c->n; i++) {
        const an_plot_line *l = &c->lines[i];
        size_t n = l->n;
        if (l->lo && l->hi && n > 1) {
            for (size_t k = 0; k < n; k++) {
                px[k] = fx(&f, l->x[k]);
                py[k] = fy(&f, l->hi[k]);
                px[2 * n - 1 - k] = px[k];
                py[2 * n - 1 - k] = fy(&f, l->lo[k]);
            }
            an_cv_polygon(cv, px, py, 2 * n, color(i, 0.2));
        }
    }
    for (size_t i = 0; px && py && i < c->n; i++) {
        const an_plot_line *l = &c->lines[i];
        size_t n = l->n;
        for (size_t k = 0; k < n; k++) {
            px[k] = fx(&f, l->x[k]);
            py[k] = fy(&f, l->y[k]);
        }
        an_cv_polyline(cv, px, py, n, color(i, 1), 2);
    }
    sim_free(px);
    sim_free(py);
    an_cv_rect(cv, f.px0, f.py0, f.px1 - f.px0, f.py1 - f.py0, NONE, BLACK);
    const char *labels[64];
    size_t nl = c->n < 64 ? c->n : 64;
    int bands = 0;
    for (size_t i = 0; i < nl; i++) {
        labels[i] = c->lines[i].label;
        bands |= c->lines[i].lo != NULL;
    }
    draw_legend(cv, &f, labels, nl, bands);
}

int an_plot_lines(const char *base, const an_plot_spec *sp, const an_plot_line *lines,
                  size_t n, char *err, size_t errlen)
{
    lines_ctx c = {sp, lines, n};
    return an_draw_save(base, sp->width ? sp->width : 900, sp->height ? sp->height : 520,
                        draw_lines, &c, err, errlen);
}

typedef struct bars_ctx {
    const an_plot_spec *sp;
    const an_plot_bars *b;
} bars_ctx;

static void draw_bars(an_canvas *cv, double w, double h, void *vctx)
{
    bars_ctx *c = vctx;
    const an_plot_bars *b = c->b;
    frame f = {0, 1, INFINITY, -INFINITY, 90, w - 24, 62, h - 110};
    for (size_t i = 0; i < b->n_cat * b->n_groups; i++) {
        double lo = b->lo ? fmin(b->lo[i], b->v[i]) : b->v[i];
        double hi = b->hi ? fmax(b->hi[i], b->v[i]) : b->v[i];
        f.y0 = fmin(f.y0, lo);
        f.y1 = fmax(f.y1, hi);
    }
    y_range(&f.y0, &f.y1);
    draw_common(cv, c->sp, &f, w, h);
    double slot = (f.px1 - f.px0) / (double)(b->n_cat ? b->n_cat : 1);
    double bw = slot * 0.8 / (double)(b->n_groups ? b->n_groups : 1);
    double zero = fy(&f, 0 < f.y0 ? f.y0 : 0);
    for (size_t k = 0; k < b->n_cat; k++) {
        double left = f.px0 + slot * (double)k + slot * 0.1;
        for (size_t g = 0; g < b->n_groups; g++) {
            size_t i = g * b->n_cat + k;
            double x = left + bw * (double)g, y = fy(&f, b->v[i]);
            an_cv_rect(cv, x + 1, fmin(y, zero), bw - 2, fabs(zero - y), color(g, 0.85), NONE);
            if (b->lo && b->hi && b->hi[i] > b->lo[i]) {
                double cx = x + bw / 2;
                an_cv_line(cv, cx, fy(&f, b->lo[i]), cx, fy(&f, b->hi[i]), BLACK, 1.2, 0);
                an_cv_line(cv, cx - 4, fy(&f, b->lo[i]), cx + 4, fy(&f, b->lo[i]), BLACK, 1.2, 0);
                an_cv_line(cv, cx - 4, fy(&f, b->hi[i]), cx + 4, fy(&f, b->hi[i]), BLACK, 1.2, 0);
            }
        }
        double size = 11;
        while (size > 7 && an_cv_text_width(cv, b->categories[k], size, 0) > slot - 4)
            size -= 1;
        an_cv_text(cv, f.px0 + slot * ((double)k + 0.5), f.py1 + 18, b->categories[k], size,
                   AN_CENTER, 0, 0, BLACK);
    }
    an_cv_line(cv, f.px0, zero, f.px1, zero, BLACK, 1, 0);
    an_cv_rect(cv, f.px0, f.py0, f.px1 - f.px0, f.py1 - f.py0, NONE, BLACK);
    draw_legend(cv, &f, b->groups, b->n_groups, 0);
}

int an_plot_barchart(const char *base, const an_plot_spec *sp, const an_plot_bars *b,
                     char *err, size_t errlen)
{
    bars_ctx c = {sp, b};
    return an_draw_save(base, sp->width ? sp->width : 900, sp->height ? sp->height : 520,
                        draw_bars, &c, err, errlen);
}
