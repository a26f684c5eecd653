/* helpseek.h: who asks for help, where (GP, wijkteam, nobody), and whether the team can be
 * reached (online form and office hours, walk-in, crisis line). */
#ifndef MDL_HELPSEEK_H
#define MDL_HELPSEEK_H
#include "../sim/model.h"

enum mdl_team_access { ACCESS_ONLINE, ACCESS_WALK_IN, ACCESS_CRISIS_LINE };

typedef struct mdl_helpseek_params {
    double seek_threshold, seek_rate_per_week, reluctance_effect, trust_effect;
    double p_gp_mental, p_gp_youth, p_gp_care;
    int team_access;
    double p_reach_online, p_reach_online_low_digital, p_reach_walk_in;
    double crisis_severity;
    double p_fallback_gp;
    int64_t retry_weeks;
    double other_threshold, p_other_per_week;
    double youth_seek_threshold, youth_seek_factor;
    double protection_threshold;
} mdl_helpseek_params;

extern const scn_section mdl_helpseek_section;
extern const sim_model mdl_helpseek;
#endif
