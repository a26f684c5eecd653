/* network.h: the informal network: ties with spare time help with letters and transport;
 * street households ask ties to take them in, and hosts weigh the kostendelersnorm cut they
 * would suffer (or let the guest stay on paper elsewhere); households cut by the norm
 * deregister co-residents on paper; youths find informal mentors; network meetings (set by
 * the care models) lead to family group plans. Reluctance to ask holds all of it back. */
#ifndef MDL_NETWORK_H
#define MDL_NETWORK_H
#include "../sim/model.h"

typedef struct mdl_network_params {
    double p_ask_per_week;
    double letter_help_hours, transport_hours, transport_need;
    double transport_cost_eur_per_week;
    double host_cut_tolerance_eur_per_month;
    double p_paper_instead;
    int64_t max_dwelling_persons;
    double p_paper_dereg_per_year;
    double mentor_need;
    double p_mentor_self_per_week, p_mentor_found_per_week, p_mentor_end_per_year;
    double p_plan_after_meeting;
    double plan_weeks;
} mdl_network_params;

extern const scn_section mdl_network_section;
extern const sim_model mdl_network;
#endif
