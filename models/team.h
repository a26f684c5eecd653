/* team.h: the sociaal wijkteam: generalists with a background and skills per domain, their
 * caseloads and time split, intake, plan, back office or mandate, consult or refer, network
 * work, and the trust cycle; network workers and experts by experience. */
#ifndef MDL_TEAM_H
#define MDL_TEAM_H
#include "../sim/model.h"

enum mdl_eigen_kracht { EK_EXAM, EK_PLAN };
enum mdl_pro_kind { PRO_GENERALIST, PRO_WORK_INCOME, PRO_NETWORK_WORKER, PRO_EXPERT };
#define MDL_PRO_KIND_NAMES "generalist|work_income|network_worker|expert_by_experience"

typedef struct mdl_team_params {
    double generalists_per_10000, hours_per_week, cost_per_fte_eur_per_year;
    double bg_share[7]; /* background shares by domain (mdl_domain order) */
    double skill_background, skill_other;
    double hours_per_case_per_week, admin_hours_per_money_case, backoffice_admin_hours;
    double hours_per_network_meeting, p_generalist_network, network_relief;
    int64_t caseload_limit;
    int64_t intake_weeks;
    double treat_rate_per_week, treat_min, close_severity;
    double refer_base, refer_skill_slope, p_ask_consult, consult_skill, p_consult_diagnosis;
    int64_t powerless_weeks;
    double min_progress;
    int mandate;
    double p_use_mandate, mandate_cost_factor;
    int64_t backoffice_weeks, childcare_weeks, backoffice_weeks_in_team;
    double bb_amount_eur, bb_effect, backoffice_cost_eur, p_bb_need;
    double childcare_need, childcare_effect, childcare_cost_eur_per_week;
    int work_income_in_team;
    double work_income_staff_per_10000;
    int eigen_kracht;
    int64_t exam_min_ties;
    double p_claim_nobody, p_fgc_held, fgc_cost_eur;
    double network_workers_per_10000, meetings_per_worker_per_week;
    double experts_per_10000, expert_effect;
    double new_helper_trust, trust_gain_per_week, p_break_per_week, trust_loss, aversion_gain,
        aversion_limit, trust_min;
    double sat_base, sat_trust, sat_progress;
    double debt_settle_rate_per_week;
    int64_t quiet_weeks_solved, quiet_weeks_stopped, quiet_weeks_sent_back;
} mdl_team_params;

extern const scn_section mdl_team_section;
extern const sim_model mdl_team;
#endif
