/* population.h: the synthetic neighbourhood: households, persons, ties and areas, and the
 * columns every other model reads. */
#ifndef MDL_POPULATION_H
#define MDL_POPULATION_H
#include "../sim/model.h"

typedef struct mdl_population_params {
    int64_t inhabitants;
    int64_t areas;
    double headroom;
    double share_single, share_couple, share_couple_kids, share_single_parent;
    double children_mean;
    double adult_child_share;
    double share_65plus;
    double p_work, p_bijstand, p_disability;
    double wage_median_eur_per_month, wage_sigma;
    double p_literacy_low, p_digital_low;
    double trust_mean, reluctance_mean;
    double p_commercial_lodger;
    double p_no_permit;
    double vulnerability_shape;
    double prev_money, prev_work, prev_mental, prev_parenting, prev_care, prev_housing, prev_lvb;
    double severity_mean;
    double ties_family_mean, ties_friend_mean, ties_neighbour_mean;
    double tie_spare_hours_mean;
    double p_willing_to_host;
    int64_t compact_every_ticks;
} mdl_population_params;

extern const scn_section mdl_population_section;
extern const sim_model mdl_population;
#endif
