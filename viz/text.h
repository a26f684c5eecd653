/* text.h: text drawing with SDL2_ttf (DejaVu Sans from Debian's fonts-dejavu-core) and a
 * small cache of rendered strings, so that a frame re-uses the textures of the last. */
#ifndef VIZ_TEXT_H
#define VIZ_TEXT_H
#include <SDL.h>
#include <SDL_ttf.h>
#include <stdint.h>

#define VIZ_FONT_DEFAULT "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define VIZ_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"

typedef struct viz_text viz_text;

/* Open the fonts (regular and bold, "size" points) for renderer "r" (borrowed). The font
 * paths may be overridden with the environment variable NABIJ_FONT. 0 or a negative
 * NABIJ_E* code with the reason in "err". */
int viz_text_create(SDL_Renderer *r, int size, viz_text **out, char *err, size_t errlen);
void viz_text_destroy(viz_text *t);
/* Draw "s" at (x, y) in colour "rgb" ("bold" 0/1); wraps at "wrap" pixels when > 0.
 * Returns the height drawn (0 for an empty string). */
int viz_text_draw(viz_text *t, int x, int y, uint32_t rgb, int bold, int wrap, const char *s);
/* Size "s" would take. */
void viz_text_size(viz_text *t, int bold, const char *s, int *w, int *h);
/* Line height in pixels. */
int viz_text_line(const viz_text *t);
#endif
