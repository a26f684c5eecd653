/* text.c: TTF text with a cache of textures keyed by (string, colour, weight, wrap width);
 * the least recently used entry is replaced when the cache is full. */
#include "text.h"
#include "alloc.h"
#include "nabij.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_N 512

typedef struct entry {
    uint64_t hash;
    char *s;
    uint32_t rgb;
    int bold, wrap, w, h;
    uint64_t used;
    SDL_Texture *tex;
} entry;

struct viz_text {
    SDL_Renderer *r;
    TTF_Font *font[2];
    entry cache[CACHE_N];
    uint64_t clock;
};

static uint64_t fnv(const char *s, uint32_t rgb, int bold, int wrap)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    h = (h ^ rgb) * 1099511628211ull;
    h = (h ^ (uint64_t)bold) * 1099511628211ull;
    return (h ^ (uint64_t)(unsigned)wrap) * 1099511628211ull;
}

int viz_text_create(SDL_Renderer *r, int size, viz_text **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "SDL_ttf: %s", TTF_GetError());
        return NABIJ_EIO;
    }
    viz_text *t = sim_calloc(1, sizeof *t);
    if (!t)
        return NABIJ_ENOMEM;
    t->r = r;
    const char *env = getenv("NABIJ_FONT");
    const char *paths[2] = {env && *env ? env : VIZ_FONT_DEFAULT, env && *env ? env : VIZ_FONT_BOLD};
    for (int i = 0; i < 2; i++) {
        t->font[i] = TTF_OpenFont(paths[i], size);
        if (!t->font[i]) {
            snprintf(err, errlen, "cannot open font %s: %s (Debian package fonts-dejavu-core)",
                     paths[i], TTF_GetError());
            viz_text_destroy(t);
            return NABIJ_EIO;
        }
    }
    *out = t;
    return 0;
}

void viz_text_destroy(viz_text *t)
{
    if (!t)
        return;
    for (int i = 0; i < CACHE_N; i++) {
        if (t->cache[i].tex)
            SDL_DestroyTexture(t->cache[i].tex);
        sim_free(t->cache[i].s);
    }
    for (int i = 0; i < 2; i++)
        if (t->font[i])
            TTF_CloseFont(t->font[i]);
    sim_free(t);
}

static entry *lookup(viz_text *t, const char *s, uint32_t rgb, int bold, int wrap)
{
    uint64_t h = fnv(s, rgb, bold, wrap);
    entry *victim = &t->cache[0];
    for (int i = 0; i < CACHE_N; i++) {
        entry *e = &t->cache[i];
        if (e->tex && e->hash == h && e->rgb == rgb && e->bold == bold && e->wrap == wrap &&
            !strcmp(e->s, s)) {
            e->used = ++t->clock;
            return e;
        }
        if (!e->tex) {
            if (victim->tex)
                victim = e;
        } else if (victim->tex && e->used < victim->used) {
            victim = e;
        }
    }
    SDL_Color c = {(Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255};
    SDL_Surface *surf = wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(t->font[bold], s, c, (Uint32)wrap)
                                 : TTF_RenderUTF8_Blended(t->font[bold], s, c);
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(t->r, surf);
    int w = surf->w, hh = surf->h;
    SDL_FreeSurface(surf);
    char *copy = sim_strdup(s);
    if (!tex || !copy) {
        if (tex)
            SDL_DestroyTexture(tex);
        sim_free(copy);
        return NULL;
    }
    if (victim->tex)
        SDL_DestroyTexture(victim->tex);
    sim_free(victim->s);
    *victim = (entry){h, copy, rgb, bold, wrap, w, hh, ++t->clock, tex};
    return victim;
}

int viz_text_draw(viz_text *t, int x, int y, uint32_t rgb, int bold, int wrap, const char *s)
{
    if (!s || !*s)
        return 0;
    entry *e = lookup(t, s, rgb, bold ? 1 : 0, wrap);
    if (!e)
        return 0;
    SDL_Rect dst = {x, y, e->w, e->h};
    SDL_RenderCopy(t->r, e->tex, NULL, &dst);
    return e->h;
}

void viz_text_size(viz_text *t, int bold, const char *s, int *w, int *h)
{
    if (TTF_SizeUTF8(t->font[bold ? 1 : 0], s, w, h) != 0)
        *w = *h = 0;
}

int viz_text_line(const viz_text *t) { return TTF_FontLineSkip(t->font[0]); }
