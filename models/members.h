/* members.h: household membership as chains of persons (see common.h): removing a person
 * from a household, adding one to another, creating a household or a person. These change
 * rows of several entities at once, so only serial code (outside sim_for) may call them. */
#ifndef MDL_MEMBERS_H
#define MDL_MEMBERS_H
#include "../sim/world.h"
#include <stdint.h>

/* Column pointers that membership changes touch; valid until the world is destroyed. */
typedef struct mdl_members {
    int32_t *household, *next, *partner, *birth_day; /* persons */
    uint8_t *registered, *permit, *lodger;            /* persons */
    int32_t *first, *area, *host, *guest;             /* households */
    uint8_t *count, *housing;                         /* households */
    int16_t *x, *y;                                   /* households */
    const int32_t *map_width;                         /* global */
} mdl_members;

/* Look up the columns of the population model; NABIJ_EINVAL if it is missing. */
int mdl_members_bind(sim_world *w, mdl_members *m);
/* Take person "i" out of its household's chain (the next member becomes head if "i" was
 * the head) and end a partnership in both directions. household[i] becomes -1. */
void mdl_members_remove(mdl_members *m, int32_t i);
/* Append person "i" (in no household) to the chain of household "h". */
void mdl_members_append(mdl_members *m, int32_t i, int32_t h);
/* Move person "i" from its household to household "h", registered at its address (a paper
 * deregistration ends with the move: leaving home, separating, moving in with a partner);
 * a commercial lodger's lodging ends with it. */
void mdl_members_move(mdl_members *m, int32_t i, int32_t h);
/* Create an empty household in the area of household "near", with housing "housing",
 * placed on the district map after the existing ones; its index goes to "out".
 * NABIJ_ECAPACITY, without failing the world, when the household table is full. */
int mdl_members_new_household(sim_world *w, mdl_members *m, int32_t near, uint8_t housing,
                              int32_t *out);
/* Create a person born on "birth_day" in household "h" (registered, with permit, no
 * partner); its index goes to "out". Other columns are zero. NABIJ_ECAPACITY, without failing the world, when the person
 * table is full. */
int mdl_members_new_person(sim_world *w, mdl_members *m, int32_t h, int32_t birth_day,
                           int32_t *out);
#endif
