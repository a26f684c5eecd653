/* households.h: life events of persons and households: ageing into adulthood and pension,
 * births and deaths, leaving home, partnering and separation, job loss and finding, the
 * unemployment benefit running out, applying for bijstand (with the four-week wait under
 * 27), and finding a dwelling after eviction or separation. */
#ifndef MDL_HOUSEHOLDS_H
#define MDL_HOUSEHOLDS_H
#include "../sim/model.h"

typedef struct mdl_households_params {
    double p_birth_per_year;
    int64_t birth_age_min, birth_age_max;
    double mortality_a, mortality_b, mortality_scale;
    scn_dated aow_age;
    double p_student_at_18, p_work_at_18;
    int64_t study_end_age;
    double p_work_after_study;
    double p_job_loss_per_year, unemployment_weeks_mean;
    double p_job_find_unemployed_per_year, p_job_find_bijstand_per_year, p_job_find_none_per_year;
    double p_apply_per_week;
    int64_t wait_age_limit;
    double wait_weeks;
    double wait_money_stress;
    double p_leave_home_per_year;
    double p_partner_per_year, p_separation_per_year;
    double p_dwelling_after_separation, p_dwelling_per_year;
} mdl_households_params;

extern const scn_section mdl_households_section;
extern const sim_model mdl_households;
#endif
