/* export.c: renderer pixels -> PNG through cairo (already a build dependency). */
#include "export.h"
#include "alloc.h"
#include "nabij.h"
#include <cairo.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int viz_export_png(SDL_Renderer *r, int w, int h, const char *path, int force, char *err,
                   size_t errlen)
{
    if (!force && access(path, F_OK) == 0) {
        snprintf(err, errlen, "%s exists; use --force to replace it", path);
        return NABIJ_EEXIST;
    }
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "out of memory for a %dx%d image", w, h);
        cairo_surface_destroy(s);
        return NABIJ_ENOMEM;
    }
    cairo_surface_flush(s);
    /* cairo RGB24 is a native-endian 32-bit xRGB word: SDL's ARGB8888 */
    if (SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, cairo_image_surface_get_data(s),
                             cairo_image_surface_get_stride(s)) != 0) {
        snprintf(err, errlen, "cannot read the frame: %s", SDL_GetError());
        cairo_surface_destroy(s);
        return NABIJ_EIO;
    }
    cairo_surface_mark_dirty(s);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    cairo_status_t st = cairo_surface_write_to_png(s, tmp);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, errlen, "cannot write %s: %s", path, cairo_status_to_string(st));
        unlink(tmp);
        return NABIJ_EIO;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        unlink(tmp);
        return NABIJ_EIO;
    }
    return 0;
}
