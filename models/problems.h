/* problems.h: problem severities per life domain: new problems, escalation when untreated,
 * spillover between domains (within a person, and from parents to children), natural
 * recovery, and the floor that living on the street or with others puts on housing. */
#ifndef MDL_PROBLEMS_H
#define MDL_PROBLEMS_H
#include "../sim/model.h"
#include "common.h"

typedef struct mdl_problems_params {
    double onset_per_year[MDL_N_DOMAINS];
    double escalation_per_year[MDL_N_DOMAINS];
    double recovery_per_year[MDL_N_DOMAINS];
    double spill_money_mental, spill_mental_money, spill_work_money, spill_mental_work,
        spill_housing_mental, spill_lvb_money, spill_care_mental, spill_parent_youth;
    double treated_escalation;
    double mentor_protection, plan_protection;
    double onset_severity, vanish_severity;
    double severe_threshold;
    double street_housing_floor, with_others_housing_floor;
} mdl_problems_params;

extern const scn_section mdl_problems_section;
extern const sim_model mdl_problems;
#endif
