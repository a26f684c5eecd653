/* benefits.h: social assistance (bijstand) with the kostendelersnorm. */
#ifndef MDL_BENEFITS_H
#define MDL_BENEFITS_H
#include "../sim/model.h"

enum mdl_kdn_variant { KDN_STRICT, KDN_ART16, KDN_ABOLISHED };

typedef struct mdl_benefits_params {
    int kostendelersnorm; /* enum mdl_kdn_variant */
    scn_dated kdn_age_limit;
    scn_dated kdn_new_cases;
    scn_dated kdn_existing_cases;
    scn_dated norm_couple_eur_per_month;
    double art16_exception_rate;
    double art16_need_threshold;
    scn_dated aow_eur_per_month;
    scn_dated aow_couple_eur_per_month;
    double disability_eur_per_month;
    double unemployment_share_of_wage;
    double study_finance_eur_per_month;
} mdl_benefits_params;

/* Which cases the kostendelersnorm reaches on "day": bit 0 new cases (kdn_new_cases is 1),
 * bit 1 existing cases (kdn_existing_cases is 1). */
static inline unsigned mdl_kdn_in_force(const mdl_benefits_params *bp, int32_t day)
{
    return (unsigned)(scn_dated_at(&bp->kdn_new_cases, day) >= 0.5) |
           (unsigned)(scn_dated_at(&bp->kdn_existing_cases, day) >= 0.5) << 1;
}

/* Whether the kostendelersnorm cuts the bijstand of a household: not abolished, and in force
 * ("force": mdl_kdn_in_force) for its kind of case ("existing": households.kdn_existing_case).
 * Art. 16 waivers are the caller's. */
static inline int mdl_kdn_applies(const mdl_benefits_params *bp, unsigned force, uint8_t existing)
{
    return bp->kostendelersnorm != KDN_ABOLISHED && (force >> (existing ? 1 : 0) & 1u);
}

extern const scn_section mdl_benefits_section;
extern const sim_model mdl_benefits;
#endif
