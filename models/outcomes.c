/* outcomes.c: the last phase. Per person: self-direction (no problem above a threshold),
 * wellbeing, the length of the current problem spell, youth care received this year. Per
 * household: who helps and what it waits for (for the viewer), helpers so far. Costs: every
 * indicator named cost_<payer>_<line>_eur is summed into total_cost_<payer>_eur, so a new
 * budget line needs no change here. It changes no behaviour. */
#include "outcomes.h"
#include "../sim/nabij.h"
#include "care.h"
#include "common.h"
#include <string.h>

#define S mdl_outcomes_params
static const scn_param params[] = {
    SCN_P_REAL(S, self_direction_severity, 0, 1, 0.5, "severity 0..1",
               "DOMAIN.md §5: 'do more people manage to live the life they want'; assumption on the threshold",
               "An adult has control over their own life when no problem is at least this severe and they have a home."),
    SCN_P_REAL(S, problem_severity, 0, 1, 0.3, "severity 0..1", "assumption",
               "A problem spell lasts while the person's worst problem is at least this severe."),
    SCN_P_REAL(S, youth_care_severity, 0, 1, 0.2, "severity 0..1",
               "assumption: CBS counts the team's own youth help as jeugdhulp when it is more than advice; "
               "set to helpseek.youth_seek_threshold, so that help a household asked for because of a child "
               "counts; calibrated to the wijkteam's share of youth care trajectories (31 %, CBS 85096NED 2021)",
               "The wijkteam's help for a youth counts as youth care when the youth's problem is at least this severe."),
};
const scn_section mdl_outcomes_section = SCN_SECTION("outcomes", "Outcomes and costs by payer.", S, params);
#undef S

static const char *const payers[4] = {"municipality", "state", "households", "insurer"};
static const char *const totals[4] = {"total_cost_municipality_eur", "total_cost_state_eur",
                                      "total_cost_households_eur", "total_cost_insurer_eur"};

typedef struct out_state {
    mdl_care_cols c;
    const uint8_t *housing, *plan_network, *bo_pending;
    int16_t *spell, *youth_year;
    int i_youth_new[4];
    int i_wellbeing, i_selfdir, i_spell_mean, i_spells_ended, i_spell_ended_weeks, i_youth_care, i_youths,
        i_youth_share, i_homeless, i_helpers_mean, i_helpers_15, i_helped_hh, i_waiting_hh, i_total[4], i_total_all;
} out_state;

static int out_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    out_state *s = vs;
    int rc = mdl_care_cols_init(w, &s->c);
    if (rc)
        return rc;
    s->housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    s->plan_network = sim_col(w, SIM_HOUSEHOLD, "plan_network");
    s->bo_pending = sim_col(w, SIM_HOUSEHOLD, "backoffice_pending");
    if (!(s->spell = sim_col_add(w, SIM_PERSON, "problem_spell_weeks", SIM_I16, 0, "ticks",
                                 "Length of the current spell with a problem at least outcomes.problem_severity.")) ||
        !(s->youth_year = sim_col_add(w, SIM_PERSON, "youth_care_year", SIM_I16, 0, "year",
                                      "Last year in which the person, as a youth, received youth care (team or specialist).")))
        return NABIJ_ENOMEM;
#define IND(var, name, unit, doc) s->var = sim_ind_add(w, name, unit, doc)
    IND(i_wellbeing, "wellbeing_mean", "0..1", "Mean over persons of 1 minus the mean problem severity.");
    IND(i_selfdir, "self_direction_share", "share of adults", "Adults with a home and no severe problem: control over their own life.");
    IND(i_spell_mean, "problem_spell_weeks_mean", "ticks", "Mean length so far of the ongoing problem spells.");
    IND(i_spells_ended, "problem_spells_ended", "persons per tick", "Problem spells that ended.");
    IND(i_spell_ended_weeks, "problem_spells_ended_weeks", "ticks (sum)", "Summed length of the problem spells that ended.");
    IND(i_youth_care, "youths_in_youth_care", "persons", "Youths (under 18) who received youth care this calendar year so far.");
    IND(i_youths, "youths", "persons", "Persons under 18.");
    IND(i_youth_share, "share_youths_in_youth_care", "share of youths", "Youths in youth care this calendar year so far, as a share of youths.");
    IND(i_homeless, "homeless_persons", "persons", "Persons in households whose housing is the street.");
    IND(i_helpers_mean, "helpers_per_household_mean", "professionals", "Mean helpers so far among households that had any.");
    IND(i_helpers_15, "households_15_helpers", "households", "Households that have had 15 or more helpers.");
    IND(i_helped_hh, "households_helped", "households", "Households helped now by the team, a specialist or the network plan.");
    IND(i_waiting_hh, "households_waiting", "households", "Households waiting for an intake, a specialist or the back office.");
    IND(i_youth_new[ROUTE_TEAM], "youth_care_new_team", "youths per tick",
        "Youths starting youth care this calendar year through the wijkteam (its own help or its referral).");
    IND(i_youth_new[ROUTE_GP], "youth_care_new_gp", "youths per tick", "Youths starting youth care this year through a GP referral.");
    IND(i_youth_new[ROUTE_OTHER], "youth_care_new_other", "youths per tick",
        "Youths starting youth care this year by other routes (youth doctor, certified institution, provider, self-referral).");
    for (int k = 0; k < 4; k++)
        IND(i_total[k], totals[k], "EUR per tick", "Sum of this payer's cost indicators (cost_<payer>_<line>_eur).");
    IND(i_total_all, "total_cost_eur", "EUR per tick", "Sum of all payers' costs.");
#undef IND
    return s->i_total_all < 0 ? s->i_total_all : 0;
}

typedef struct out_ctx {
    out_state *s;
    const mdl_outcomes_params *p;
    int year;
} out_ctx;

enum { A_PERS, A_WELL, A_ADULTS, A_SELF, A_SPELLS, A_SPELL_SUM, A_ENDED, A_ENDED_W, A_YC, A_YOUTH, A_HOMELESS,
       A_HELPED_HH, A_HELPERS, A_H15, A_HELPED_NOW, A_WAIT, A_NEW0, A_NEW1, A_NEW2, A_NEW3, A_N };

static void out_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    out_ctx *cx = vc;
    out_state *s = cx->s;
    mdl_care_cols *c = &s->c;
    int32_t day = sim_day(w);
    const unsigned youth_mask = 1u << DOM_PARENTING | 1u << DOM_MENTAL | 1u << DOM_LVB;
    for (uint32_t h = b; h < e; h++) {
        int street = s->housing && s->housing[h] == HOUSE_STREET;
        int in_care = 0, waiting_spec = 0;
        MDL_FOR_MEMBERS(c, h, ii) {
            uint32_t i = (uint32_t)ii;
            float worst = 0, sum = 0;
            for (int d = 0; d < MDL_N_DOMAINS; d++) {
                sum += s->c.prob[d][i];
                worst = s->c.prob[d][i] > worst ? s->c.prob[d][i] : worst;
            }
            acc[A_PERS] += 1;
            acc[A_WELL] += 1 - sum / MDL_N_DOMAINS;
            int age = mdl_age_years(s->c.birth_day[i], day);
            if (age >= 18) {
                acc[A_ADULTS] += 1;
                acc[A_SELF] += worst < cx->p->self_direction_severity && !street;
            }
            if (worst >= cx->p->problem_severity) {
                if (s->spell[i] < 32767)
                    s->spell[i]++;
                acc[A_SPELLS] += 1;
                acc[A_SPELL_SUM] += s->spell[i];
            } else if (s->spell[i] > 0) {
                acc[A_ENDED] += 1;
                acc[A_ENDED_W] += s->spell[i];
                s->spell[i] = 0;
            }
            in_care |= c->spec_state[i] == SPEC_IN_CARE;
            waiting_spec |= c->spec_state[i] == SPEC_WAITING;
            if (age < 18) {
                acc[A_YOUTH] += 1;
                int spec = c->spec_state[i] == SPEC_IN_CARE;
                /* the team's own youth help counts for a problem of at least youth_care_severity */
                float yw = mdl_care_worst(s->c.prob, i, youth_mask & c->treated[i], NULL);
                int team = c->case_pro[h] && yw >= cx->p->youth_care_severity;
                if ((c->treated[i] & youth_mask) && (team || spec) && s->youth_year[i] != cx->year) {
                    s->youth_year[i] = (int16_t)cx->year;
                    acc[A_NEW0 + (spec ? (c->spec_route[i] & 3) : ROUTE_TEAM)] += 1;
                }
                acc[A_YC] += s->youth_year[i] == cx->year;
            }
            acc[A_HOMELESS] += street;
        }
        uint8_t hb = HB_NONE;
        if (in_care)
            hb = HB_SPECIALIST;
        else if (c->case_pro[h])
            hb = s->plan_network && s->plan_network[h] ? HB_NETWORK : HB_GENERALIST;
        else if (c->seek_route[h] == ROUTE_GP)
            hb = HB_GP;
        c->helped_by[h] = hb;
        uint8_t wt = WAIT_NONE;
        if (waiting_spec)
            wt = WAIT_SPECIALIST;
        else if (c->intake_since[h])
            wt = WAIT_TEAM;
        else if (s->bo_pending && s->bo_pending[h])
            wt = WAIT_BACKOFFICE;
        c->waiting[h] = wt;
        acc[A_HELPED_NOW] += hb != HB_NONE && hb != HB_GP;
        acc[A_WAIT] += wt != WAIT_NONE;
        if (c->helpers[h] > 0) {
            acc[A_HELPED_HH] += 1;
            acc[A_HELPERS] += c->helpers[h];
            acc[A_H15] += c->helpers[h] >= 15;
        }
    }
}

static void out_step(sim_world *w, const void *vp, void *vs)
{
    out_state *s = vs;
    int y;
    unsigned m, d;
    scn_civil_from_days(sim_day(w), &y, &m, &d);
    out_ctx cx = {s, vp, y};
    double acc[A_N] = {0};
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), out_body, &cx, acc, A_N);
    sim_ind_set(w, s->i_wellbeing, acc[A_PERS] > 0 ? acc[A_WELL] / acc[A_PERS] : 0);
    sim_ind_set(w, s->i_selfdir, acc[A_ADULTS] > 0 ? acc[A_SELF] / acc[A_ADULTS] : 0);
    sim_ind_set(w, s->i_spell_mean, acc[A_SPELLS] > 0 ? acc[A_SPELL_SUM] / acc[A_SPELLS] : 0);
    sim_ind_set(w, s->i_spells_ended, acc[A_ENDED]);
    sim_ind_set(w, s->i_spell_ended_weeks, acc[A_ENDED_W]);
    sim_ind_set(w, s->i_youth_care, acc[A_YC]);
    sim_ind_set(w, s->i_youths, acc[A_YOUTH]);
    for (int r = ROUTE_TEAM; r <= ROUTE_OTHER; r++)
        sim_ind_set(w, s->i_youth_new[r], acc[A_NEW0 + r]);
    sim_ind_set(w, s->i_youth_share, acc[A_YOUTH] > 0 ? acc[A_YC] / acc[A_YOUTH] : 0);
    sim_ind_set(w, s->i_homeless, acc[A_HOMELESS]);
    sim_ind_set(w, s->i_helpers_mean, acc[A_HELPED_HH] > 0 ? acc[A_HELPERS] / acc[A_HELPED_HH] : 0);
    sim_ind_set(w, s->i_helpers_15, acc[A_H15]);
    sim_ind_set(w, s->i_helped_hh, acc[A_HELPED_NOW]);
    sim_ind_set(w, s->i_waiting_hh, acc[A_WAIT]);
    /* costs by payer: every indicator cost_<payer>_<line>_eur of this tick */
    double tot[4] = {0};
    size_t n = sim_ind_count(w);
    for (size_t i = 0; i < n; i++) {
        const char *name = sim_ind_name(w, i, NULL, NULL);
        if (strncmp(name, "cost_", 5) != 0)
            continue;
        size_t len = strlen(name);
        if (len < 9 || strcmp(name + len - 4, "_eur") != 0)
            continue;
        for (int k = 0; k < 4; k++) {
            size_t pl = strlen(payers[k]);
            if (!strncmp(name + 5, payers[k], pl) && name[5 + pl] == '_') {
                tot[k] += sim_ind_value(w, i);
                break;
            }
        }
    }
    for (int k = 0; k < 4; k++)
        sim_ind_set(w, s->i_total[k], tot[k]);
    sim_ind_set(w, s->i_total_all, tot[0] + tot[1] + tot[2] + tot[3]);
}

const sim_model mdl_outcomes = {"outcomes", "Outcomes and costs by payer.", &mdl_outcomes_section, sizeof(out_state),
                                out_init, out_step};
