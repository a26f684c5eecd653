/* specialist.h: specialist providers (youth GGZ, residential youth care, adult GGZ, LVB
 * care, sheltered housing, debt counselling, Wmo home care): slots, annual budgets that can
 * run out, queues, trajectories whose success depends on the fit of the diagnosis. */
#ifndef MDL_SPECIALIST_H
#define MDL_SPECIALIST_H
#include "../sim/model.h"
#include "care.h"

enum mdl_budget_mode { BUDGET_ANNUAL, BUDGET_POPULATION };

typedef struct mdl_specialist_params {
    int budget_mode;
    int64_t providers_per_area[MDL_N_PKINDS];
    double slots_per_10000[MDL_N_PKINDS];
    double budget_eur_per_10000[MDL_N_PKINDS];
    double cost_per_trajectory_eur[MDL_N_PKINDS];
    int64_t trajectory_weeks[MDL_N_PKINDS];
    double consult_hours_per_week;
    double fit_base, fit_diagnosis;
    double treat_rate_per_week, unfit_effect;
    double success_severity;
    double placement_threshold;
    double own_contribution_eur_per_week;
    double p_drop_per_week;
    double debt_rate_per_week;
    double budget_spread;
} mdl_specialist_params;

extern const scn_section mdl_specialist_section;
extern const sim_model mdl_specialist;
#endif
