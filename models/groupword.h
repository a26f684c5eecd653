/* groupword.h: one random 32-bit word per entity, four entities to a Philox block. The
 * stream of group g (entities 4g..4g+3) for a purpose and tick gives entity 4g + k its word k,
 * so a word is still a pure function of (seed, purpose, entity, tick): thread chunks that
 * split a group compute the same block. For models that need one cheap draw per household
 * and tick; the purpose must not be used for per-entity streams as well. */
#ifndef MDL_GROUPWORD_H
#define MDL_GROUPWORD_H
#include "../sim/world.h"
#include <stdint.h>

/* The block of the group last drawn from; lives on the caller's stack inside one body. */
typedef struct mdl_group_words {
    uint32_t group; /* entity / 4 of "word", or UINT32_MAX before the first draw */
    uint32_t word[4];
} mdl_group_words;

/* Prepare "g" for its first draw. */
static inline void mdl_group_words_init(mdl_group_words *g)
{
    g->group = UINT32_MAX;
}

/* The word of "entity" for "purpose" this tick; computes a block only when "entity" lies in
 * another group than the previous call (loops in entity order compute each block once). */
static inline uint32_t mdl_group_word(const sim_world *w, mdl_group_words *g, uint32_t purpose,
                                      uint32_t entity)
{
    if (g->group != entity >> 2) {
        sim_rng_stream r;
        sim_stream(w, &r, purpose, entity >> 2);
        for (int k = 0; k < 4; k++)
            g->word[k] = sim_rng_u32(&r);
        g->group = entity >> 2;
    }
    return g->word[entity & 3u];
}
#endif
