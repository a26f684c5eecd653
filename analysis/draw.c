/* draw.c: the canvas backends. PNG through a cairo image surface; SVG written by hand so
 * that labels are <text> elements. Text is measured with cairo in both cases so both files
 * have the same layout. */
#include "draw.h"
#include "alloc.h"
#include "nabij.h"
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define FONT "DejaVu Sans"

struct an_canvas {
    cairo_t *cr;  /* the PNG backend, or a scratch context for measuring text (SVG) */
    FILE *svg;    /* non-NULL: the SVG backend */
};

static void set_rgba(cairo_t *cr, an_rgba c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

static void svg_color(FILE *f, const char *attr, an_rgba c)
{
    fprintf(f, " %s=\"#%02x%02x%02x\"", attr, (int)lround(c.r * 255), (int)lround(c.g * 255),
            (int)lround(c.b * 255));
    if (c.a < 1)
        fprintf(f, " %s-opacity=\"%.3f\"", attr, c.a);
}

static void svg_escape(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

void an_cv_line(an_canvas *cv, double x0, double y0, double x1, double y1, an_rgba c,
                double width, int dashed)
{
    if (cv->svg) {
        fprintf(cv->svg, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"", x0, y0, x1, y1);
        svg_color(cv->svg, "stroke", c);
        fprintf(cv->svg, " stroke-width=\"%.2f\"%s/>\n", width,
                dashed ? " stroke-dasharray=\"4 3\"" : "");
        return;
    }
    cairo_save(cv->cr);
    if (dashed) {
        double d[] = {4, 3};
        cairo_set_dash(cv->cr, d, 2, 0);
    }
    set_rgba(cv->cr, c);
    cairo_set_line_width(cv->cr, width);
    cairo_move_to(cv->cr, x0, y0);
    cairo_line_to(cv->cr, x1, y1);
    cairo_stroke(cv->cr);
    cairo_restore(cv->cr);
}

static void svg_points(FILE *f, const double *x, const double *y, size_t n)
{
    fputs(" points=\"", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s%.2f,%.2f", i ? " " : "", x[i], y[i]);
    fputc('"', f);
}

void an_cv_polyline(an_canvas *cv, const double *x, const double *y, size_t n, an_rgba c,
                    double width)
{
    if (n == 0)
        return;
    if (cv->svg) {
        fputs("<polyline fill=\"none\"", cv->svg);
        svg_color(cv->svg, "stroke", c);
        fprintf(cv->svg, " stroke-width=\"%.2f\" stroke-linejoin=\"round\"", width);
        svg_points(cv->svg, x, y, n);
        fputs("/>\n", cv->svg);
        return;
    }
    set_rgba(cv->cr, c);
    cairo_set_line_width(cv->cr, width);
    cairo_set_line_join(cv->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_move_to(cv->cr, x[0], y[0]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cv->cr, x[i], y[i]);
    if (n == 1)
        cairo_line_to(cv->cr, x[0] + 0.5, y[0]);
    cairo_stroke(cv->cr);
}

void an_cv_polygon(an_canvas *cv, const double *x, const double *y, size_t n, an_rgba fill)
{
    if (n < 3)
        return;
    if (cv->svg) {
        fputs("<polygon stroke=\"none\"", cv->svg);
        svg_color(cv->svg, "fill", fill);
        svg_points(cv->svg, x, y, n);
        fputs("/>\n", cv->svg);
        return;
    }
    set_rgba(cv->cr, fill);
    cairo_move_to(cv->cr, x[0], y[0]);
    for (size_t i = 1; i < n; i++)
        cairo_line_to(cv->cr, x[i], y[i]);
    cairo_close_path(cv->cr);
    cairo_fill(cv->cr);
}

void an_cv_rect(an_canvas *cv, double x, double y, double w, double h, an_rgba fill,
                an_rgba stroke)
{
    if (cv->svg) {
        fprintf(cv->svg, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", x, y, w, h);
        if (fill.a > 0)
            svg_color(cv->svg, "fill", fill);
        else
            fputs(" fill=\"none\"", cv->svg);
        if (stroke.a > 0)
            svg_color(cv->svg, "stroke", stroke);
        fputs("/>\n", cv->svg);
        return;
    }
    cairo_rectangle(cv->cr, x, y, w, h);
    if (fill.a > 0) {
        set_rgba(cv->cr, fill);
        cairo_fill_preserve(cv->cr);
    }
    if (stroke.a > 0) {
        set_rgba(cv->cr, stroke);
        cairo_set_line_width(cv->cr, 1);
        cairo_stroke_preserve(cv->cr);
    }
    cairo_new_path(cv->cr);
}

static void font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

double an_cv_text_width(an_canvas *cv, const char *text, double size, int bold)
{
    cairo_text_extents_t e;
    font(cv->cr, size, bold);
    cairo_text_extents(cv->cr, text, &e);
    return e.x_advance;
}

void an_cv_text(an_canvas *cv, double x, double y, const char *text, double size, int anchor,
                int vertical, int bold, an_rgba c)
{
    if (cv->svg) {
        static const char *const anch[] = {"start", "middle", "end"};
        fprintf(cv->svg, "<text x=\"%.2f\" y=\"%.2f\" font-family=\"DejaVu Sans, sans-serif\" "
                         "font-size=\"%.1f\" text-anchor=\"%s\"%s",
                x, y, size, anch[anchor], bold ? " font-weight=\"bold\"" : "");
        svg_color(cv->svg, "fill", c);
        if (vertical)
            fprintf(cv->svg, " transform=\"rotate(-90 %.2f %.2f)\"", x, y);
        fputc('>', cv->svg);
        svg_escape(cv->svg, text);
        fputs("</text>\n", cv->svg);
        return;
    }
    double w = an_cv_text_width(cv, text, size, bold);
    double off = anchor == AN_CENTER ? w / 2 : anchor == AN_RIGHT ? w : 0;
    cairo_save(cv->cr);
    set_rgba(cv->cr, c);
    cairo_translate(cv->cr, x, y);
    if (vertical)
        cairo_rotate(cv->cr, -M_PI / 2);
    cairo_move_to(cv->cr, -off, 0);
    cairo_show_text(cv->cr, text);
    cairo_restore(cv->cr);
}

static int save_png(const char *base, int w, int h, an_draw_fn fn, void *ctx, char *err,
                    size_t errlen)
{
    char part[4200], path[4200];
    snprintf(path, sizeof path, "%s.png", base);
    snprintf(part, sizeof part, "%s.png.part", base);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    cairo_t *cr = cairo_create(s);
    an_canvas cv = {cr, NULL};
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    fn(&cv, w, h, ctx);
    cairo_surface_flush(s);
    cairo_status_t st = cairo_status(cr);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_write_to_png(s, part);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS || rename(part, path)) {
        snprintf(err, errlen, "cannot write %s: %s", path,
                 st != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(st) : strerror(errno));
        remove(part);
        return NABIJ_EIO;
    }
    return 0;
}

static int save_svg(const char *base, int w, int h, an_draw_fn fn, void *ctx, char *err,
                    size_t errlen)
{
    char part[4200], path[4200];
    snprintf(path, sizeof path, "%s.svg", base);
    snprintf(part, sizeof part, "%s.svg.part", base);
    FILE *f = fopen(part, "w");
    if (!f) {
        snprintf(err, errlen, "cannot write %s: %s", part, strerror(errno));
        return NABIJ_EIO;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 1, 1);
    cairo_t *cr = cairo_create(s);
    an_canvas cv = {cr, f};
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\">\n<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n",
            w, h, w, h, w, h);
    fn(&cv, w, h, ctx);
    fputs("</svg>\n", f);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(part, path)) {
        snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
        remove(part);
        return NABIJ_EIO;
    }
    return 0;
}

int an_draw_save(const char *base, int w, int h, an_draw_fn fn, void *ctx, char *err,
                 size_t errlen)
{
    int rc = save_png(base, w, h, fn, ctx, err, errlen);
    return rc ? rc : save_svg(base, w, h, fn, ctx, err, errlen);
}

void an_draw_release(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
