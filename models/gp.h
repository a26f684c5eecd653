/* gp.h: GP practices and their mental-health practice nurses (POH-GGZ): who comes to the
 * GP, who is referred to a specialist, and who is routed to the wijkteam. */
#ifndef MDL_GP_H
#define MDL_GP_H
#include "../sim/model.h"

typedef struct mdl_gp_params {
    int64_t patients_per_practice;
    double refer_mean, refer_concentration;
    int poh_ggz_route;
    double poh_max_severity, poh_effect;
    double gp_effect;
    double p_consult;
    double cost_per_visit_eur, cost_per_poh_visit_eur;
} mdl_gp_params;

extern const scn_section mdl_gp_section;
extern const sim_model mdl_gp;
#endif
