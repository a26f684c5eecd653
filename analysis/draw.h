/* draw.h: a minimal 2-D canvas with two backends, cairo (PNG) and a plain SVG writer whose
 * text stays text (searchable, accessible). Plots draw once through this interface and are
 * saved in both formats with the same layout (text is measured with cairo for both). */
#ifndef AN_DRAW_H
#define AN_DRAW_H
#include <stddef.h>

typedef struct an_rgba {
    double r, g, b, a;
} an_rgba;

typedef struct an_canvas an_canvas;

enum { AN_LEFT, AN_CENTER, AN_RIGHT };

/* Draw function of a picture of "w" x "h" pixels. */
typedef void (*an_draw_fn)(an_canvas *cv, double w, double h, void *ctx);

/* Draw "fn" into "<base>.png" and "<base>.svg" (each written to a .part file and renamed
 * when complete). Returns 0 or a negative NABIJ_E* code with "err". */
int an_draw_save(const char *base, int w, int h, an_draw_fn fn, void *ctx, char *err,
                 size_t errlen);

void an_cv_line(an_canvas *cv, double x0, double y0, double x1, double y1, an_rgba c,
                double width, int dashed);
void an_cv_polyline(an_canvas *cv, const double *x, const double *y, size_t n, an_rgba c,
                    double width);
void an_cv_polygon(an_canvas *cv, const double *x, const double *y, size_t n, an_rgba fill);
void an_cv_rect(an_canvas *cv, double x, double y, double w, double h, an_rgba fill,
                an_rgba stroke);
/* Text at ("x", "y") baseline, "anchor" AN_LEFT/CENTER/RIGHT, rotated 90 degrees counter-
 * clockwise when "vertical", "size" in pixels. */
void an_cv_text(an_canvas *cv, double x, double y, const char *text, double size, int anchor,
                int vertical, int bold, an_rgba c);
/* Width of "text" at "size" pixels. */
double an_cv_text_width(an_canvas *cv, const char *text, double size, int bold);
/* Release the font caches of cairo and fontconfig (call once when all drawing is done, so
 * that leak checkers see a clean exit). */
void an_draw_release(void);
#endif
