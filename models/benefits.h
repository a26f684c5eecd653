/* benefits.h: social assistance (bijstand) with the kostendelersnorm. */
#ifndef MDL_BENEFITS_H
#define MDL_BENEFITS_H
#include "../sim/model.h"

enum mdl_kdn_variant { KDN_STRICT, KDN_ART16, KDN_ABOLISHED };

typedef struct mdl_benefits_params {
    int kostendelersnorm; /* enum mdl_kdn_variant */
    scn_dated kdn_age_limit;
    scn_dated kdn_existing_cases;
    scn_dated norm_couple_eur_per_month;
    double art16_exception_rate;
    double art16_need_threshold;
    scn_dated aow_eur_per_month;
    double disability_eur_per_month;
    double unemployment_share_of_wage;
    double study_finance_eur_per_month;
} mdl_benefits_params;

extern const scn_section mdl_benefits_section;
extern const sim_model mdl_benefits;
#endif
