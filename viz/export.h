/* export.h: PNG files of rendered frames (screenshots, frame sequences for video), written
 * with cairo's PNG encoder to a temporary name and renamed when complete. */
#ifndef VIZ_EXPORT_H
#define VIZ_EXPORT_H
#include <SDL.h>
#include <stddef.h>

/* Write the current contents of renderer "r" ("w" x "h" pixels) to "path" as PNG. Refuses
 * to replace an existing file unless "force". 0 or a negative NABIJ_E* with "err" set. */
int viz_export_png(SDL_Renderer *r, int w, int h, const char *path, int force, char *err,
                   size_t errlen);
#endif
