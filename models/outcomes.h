/* outcomes.h: what users look at: wellbeing and self-direction, problem durations, youth
 * care use, homelessness, helpers per household, and costs summed by payer. Runs last. */
#ifndef MDL_OUTCOMES_H
#define MDL_OUTCOMES_H
#include "../sim/model.h"

typedef struct mdl_outcomes_params {
    double self_direction_severity;
    double problem_severity;
    double youth_care_severity;
} mdl_outcomes_params;

extern const scn_section mdl_outcomes_section;
extern const sim_model mdl_outcomes;
#endif
