/* sanctions.h: Participatiewet art. 18: obligations of bijstand households towards the
 * municipality, missed obligations, and the sanctions (maatregelen) that withhold bijstand,
 * tailored to the circumstances or not. */
#ifndef MDL_SANCTIONS_H
#define MDL_SANCTIONS_H
#include "../sim/model.h"

typedef struct mdl_sanctions_params {
    double obligations_per_month;
    double p_miss;
    double letters_effect, literacy_effect, problem_effect;
    double sanction_share;
    int64_t sanction_months;
    int tailored;
    double tailor_threshold, tailored_factor;
} mdl_sanctions_params;

extern const scn_section mdl_sanctions_section;
extern const sim_model mdl_sanctions;
#endif
