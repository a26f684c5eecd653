/* care.h: what the care models (help-seeking, team, GP, specialists, outcomes) share: the
 * provider kinds, the routes into care, and the columns that several of them read and write
 * (persons' specialist trajectory, households' waiting and helped-by state, the providers).
 * It also holds the one referral function, so that every route files a referral the same way. */
#ifndef MDL_CARE_H
#define MDL_CARE_H
#include "../sim/world.h"
#include "common.h"
#include <math.h>
#include <stdint.h>

/* Provider kinds: GP practices and the specialist kinds. */
enum mdl_pkind {
    PK_GP,
    PK_YOUTH_GGZ,         /* youth mental health and ambulatory youth care */
    PK_YOUTH_RESIDENTIAL, /* residential youth care: out-of-home placement */
    PK_ADULT_GGZ,         /* adult mental health (basis/specialist GGZ, FACT) */
    PK_LVB,               /* care for a light intellectual disability */
    PK_SHELTERED,         /* sheltered housing (beschermd wonen) */
    PK_DEBT_HELP,         /* municipal debt counselling (schuldhulpverlening) */
    PK_HOME_CARE,         /* Wmo household help and support */
    MDL_N_PKINDS
};
#define MDL_PKIND_NAMES \
    "gp|youth_ggz|youth_residential|adult_ggz|lvb|sheltered_housing|debt_help|home_care"
extern const char *const mdl_pkind_name[MDL_N_PKINDS];

/* Routes into specialist care (persons.spec_route) and help requests (households.seek_route). */
enum mdl_route { ROUTE_NONE, ROUTE_TEAM, ROUTE_GP, ROUTE_OTHER };
#define MDL_ROUTE_NAMES "none|wijkteam|GP|other"
/* households.helped_by */
enum mdl_helped_by { HB_NONE, HB_NETWORK, HB_GENERALIST, HB_SPECIALIST, HB_GP };
#define MDL_HELPED_BY_NAMES "none|network|generalist|specialist|GP"
/* households.waiting */
enum mdl_waiting { WAIT_NONE, WAIT_TEAM, WAIT_SPECIALIST, WAIT_BACKOFFICE };
#define MDL_WAITING_NAMES "none|wijkteam intake|specialist|back office"
/* persons.spec_state */
enum mdl_spec_state { SPEC_NONE, SPEC_WAITING, SPEC_IN_CARE };
/* persons.spec_flags bits */
#define SPEC_FLAG_DIAGNOSIS 1u  /* referred for a diagnosis (or after consultation) */
#define SPEC_FLAG_POWERLESS 2u  /* referred out of powerlessness */
#define SPEC_FLAG_FIT 4u        /* the treatment fits the problem (drawn at admission) */
#define SPEC_FLAG_ESCALATE 8u   /* failed trajectory: to be referred to heavier care next tick */

/* Column caches. Pointers stay valid for the world's lifetime once init is over. */
typedef struct mdl_care_cols {
    /* persons */
    uint8_t *treated;       /* treated_domains: bit d = domain d treated this tick */
    uint8_t *spec_state, *spec_kind, *spec_domain, *spec_route, *spec_flags;
    int32_t *spec_provider, *spec_since;
    int16_t *spec_weeks_left;
    /* households */
    uint8_t *network_meeting, *waiting, *helped_by, *seek_route;
    int32_t *referrals, *helpers, *intake_since, *seek_block_until;
    int32_t *case_pro;      /* generalist holding the household's case, plus one; 0: none */
    uint8_t *intake_crisis; /* the intake request came through the crisis line */
    /* providers */
    uint8_t *p_kind;
    int32_t *p_area, *p_slots, *p_in_care, *p_queue;
    float *p_consult_left, *p_refer_propensity;
    double *p_budget_eur, *p_spent_eur;
    int32_t *p_budget_out;
    /* membership (read only): households.first_member, households.members, and
     * persons.next_member when the population keeps members as chains (else members are
     * consecutive persons) */
    const int32_t *hh_first, *next_member;
    const uint8_t *hh_members;
    /* population columns every care model reads: households.area, persons.birth_day and the
     * problem severities persons.prob_<domain> (written where professionals treat) */
    const int32_t *hh_area, *birth_day;
    float *prob[MDL_N_DOMAINS];
    /* derived: first provider and number of providers of each kind */
    uint32_t prov_first[MDL_N_PKINDS], prov_n[MDL_N_PKINDS], n_areas;
    int ev_referred;
} mdl_care_cols;

/* Find or create the shared care columns and, once, the providers (GP practices from the
 * "gp" section, specialists from the "specialist" section of the world's scenario; a
 * missing section gives no providers of its kinds). Every care model calls it at init;
 * whichever runs first creates, the others find. 0 or a negative NABIJ_E* code. */
int mdl_care_cols_init(sim_world *w, mdl_care_cols *c);

/* Members of household "h": for (int32_t i = mdl_member_first(c, h); i >= 0;
 * i = mdl_member_next(c, h, i)). */
static inline int32_t mdl_member_first(const mdl_care_cols *c, int32_t h)
{
    return c->hh_members[h] ? c->hh_first[h] : -1;
}
static inline int32_t mdl_member_next(const mdl_care_cols *c, int32_t h, int32_t i)
{
    if (c->next_member)
        return c->next_member[i];
    return i + 1 < c->hh_first[h] + c->hh_members[h] ? i + 1 : -1;
}

#define MDL_FOR_MEMBERS(c, h, i) \
    for (int32_t i = mdl_member_first(c, (int32_t)(h)); i >= 0; i = mdl_member_next(c, (int32_t)(h), i))

/* Provider of kind "k" that serves person "who" in area "area", or -1 when there is none.
 * With several providers of a kind per area, persons are spread over them by index. */
int32_t mdl_care_provider(const mdl_care_cols *c, int k, int32_t area, uint32_t who);

/* Refer person "i" of household "h" (area "area") to a provider of kind "k" for domain
 * "d" by "route", with SPEC_FLAG_* "flags". Writes only the person's and household's rows,
 * so it is safe inside sim_for bodies. Returns 1 when the referral was filed, 0 when the
 * person already waits or is in care, waits for the escalation of a failed trajectory
 * (SPEC_FLAG_ESCALATE, filed by the specialist phase, which clears the flag first), or no
 * provider of that kind exists. */
int mdl_care_refer(sim_world *w, const mdl_care_cols *c, uint32_t i, int32_t h, int32_t area,
                   int k, int d, int route, unsigned flags);

/* Worst severity of person "i" over the domains in bit mask "mask", and its domain in "*d"
 * (-1 when every severity is 0; on ties the lowest domain). Inline: with a constant mask the
 * compiler drops the mask tests. */
static inline float mdl_care_worst(float *const prob[MDL_N_DOMAINS], uint32_t i, unsigned mask, int *d)
{
    float best = 0;
    int bd = -1;
    for (int k = 0; k < MDL_N_DOMAINS; k++)
        if ((mask >> k & 1u) && prob[k][i] > best) {
            best = prob[k][i];
            bd = k;
        }
    if (d)
        *d = bd;
    return best;
}

/* The smallest float not below "threshold": for a float severity v, v >= threshold exactly
 * when v >= mdl_care_float_threshold(threshold), so comparisons stay in float. */
static inline float mdl_care_float_threshold(double threshold)
{
    float f = (float)threshold;
    return (double)f < threshold ? nextafterf(f, INFINITY) : f;
}

/* Specialist kind that treats domain "d" of a person aged "age" years (PK_GP when none). */
int mdl_care_kind_for(int d, int age);
#endif
