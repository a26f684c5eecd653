/* problems.c: each tick every person's problem severities (0..1) per life domain change:
 * a new problem may start (hazard scaled by vulnerability and raised by spillover); an
 * untreated problem grows logistically; treatment (persons.treated_domains, set by the care
 * models) stops that growth; problems spill over between domains and from parents' money
 * and mental problems to their children; a problem may end by natural recovery (hazard
 * lower for severe problems). One draw per person decides whether a problem starts or ends. */
#include "problems.h"
#include "../sim/nabij.h"
#include <gsl/gsl_randist.h>
#include <math.h>

#define S mdl_problems_params
#define PR(key, member, lo, hi, d, u, src, doc) \
    { key, SCN_REAL, offsetof(S, member), lo, hi, d, NULL, NULL, u, src, doc }
#define P(f, lo, hi, d, u, src, doc) SCN_P_REAL(S, f, lo, hi, d, u, src, doc)
static const scn_param params[] = {
    PR("onset_money_per_year", onset_per_year[DOM_MONEY], 0, 5, 0.025, "hazard per year",
       "assumption: yearly inflow into problem debts about 2-3 % of households (Nibud, CBS)",
       "Yearly hazard of a new money problem (times the person's vulnerability)."),
    PR("onset_work_per_year", onset_per_year[DOM_WORK], 0, 5, 0.02, "hazard per year",
       "assumption: job loss is modelled in households.c; this covers other work problems",
       "Yearly hazard of a new work problem (times the person's vulnerability)."),
    PR("onset_mental_per_year", onset_per_year[DOM_MENTAL], 0, 5, 0.035, "hazard per year",
       "NEMESIS-2: incidence of common mental disorders about 3-5 % a year",
       "Yearly hazard of a new mental problem (times the person's vulnerability)."),
    PR("onset_parenting_per_year", onset_per_year[DOM_PARENTING], 0, 5, 0.03, "hazard per year",
       "assumption: CBS Jeugdmonitor, new youth care cases a few % of youths a year",
       "Yearly hazard of a new parenting problem (times the person's vulnerability)."),
    PR("onset_care_per_year", onset_per_year[DOM_CARE], 0, 5, 0.02, "hazard per year",
       "assumption: new care needs, rising with age",
       "Yearly hazard of a new care problem (times the person's vulnerability)."),
    PR("onset_housing_per_year", onset_per_year[DOM_HOUSING], 0, 5, 0.01, "hazard per year",
       "assumption: new housing problems (overcrowding, arrears)",
       "Yearly hazard of a new housing problem (times the person's vulnerability)."),
    PR("onset_lvb_per_year", onset_per_year[DOM_LVB], 0, 5, 0.0, "hazard per year",
       "LVB is lifelong: no onset after birth",
       "Yearly hazard of a new lvb problem (times the person's vulnerability)."),
    PR("escalation_money_per_year", escalation_per_year[DOM_MONEY], 0, 10, 0.3, "rate per year",
       "assumption: seeds 000/002, untreated problems escalate; the level is uncertain (calibrate)",
       "Logistic growth rate of the severity of an untreated money problem."),
    PR("escalation_work_per_year", escalation_per_year[DOM_WORK], 0, 10, 0.3, "rate per year",
       "assumption: seeds 000/002, untreated problems escalate; the level is uncertain (calibrate)",
       "Logistic growth rate of the severity of an untreated work problem."),
    PR("escalation_mental_per_year", escalation_per_year[DOM_MENTAL], 0, 10, 0.3, "rate per year",
       "assumption: seeds 000/002, untreated problems escalate; the level is uncertain (calibrate)",
       "Logistic growth rate of the severity of an untreated mental problem."),
    PR("escalation_parenting_per_year", escalation_per_year[DOM_PARENTING], 0, 10, 0.4, "rate per year",
       "assumption: seeds 000/002, untreated problems escalate; the level is uncertain (calibrate)",
       "Logistic growth rate of the severity of an untreated parenting problem."),
    PR("escalation_care_per_year", escalation_per_year[DOM_CARE], 0, 10, 0.3, "rate per year",
       "assumption: seeds 000/002, untreated problems escalate; the level is uncertain (calibrate)",
       "Logistic growth rate of the severity of an untreated care problem."),
    PR("escalation_housing_per_year", escalation_per_year[DOM_HOUSING], 0, 10, 0.4, "rate per year",
       "assumption: seeds 000/002, untreated problems escalate; the level is uncertain (calibrate)",
       "Logistic growth rate of the severity of an untreated housing problem."),
    PR("escalation_lvb_per_year", escalation_per_year[DOM_LVB], 0, 10, 0.0, "rate per year",
       "LVB is lifelong: it neither escalates nor recovers",
       "Logistic growth rate of the severity of an untreated lvb problem."),
    PR("recovery_money_per_year", recovery_per_year[DOM_MONEY], 0, 10, 0.5, "rate per year",
       "assumption: many problems fade without professional help; level uncertain",
       "Natural recovery rate of a money problem (hazard per year that it ends, times 1 - severity / 2)."),
    PR("recovery_work_per_year", recovery_per_year[DOM_WORK], 0, 10, 0.4, "rate per year",
       "assumption: many problems fade without professional help; level uncertain",
       "Natural recovery rate of a work problem (hazard per year that it ends, times 1 - severity / 2)."),
    PR("recovery_mental_per_year", recovery_per_year[DOM_MENTAL], 0, 10, 0.6, "rate per year",
       "assumption: many problems fade without professional help; level uncertain",
       "Natural recovery rate of a mental problem (hazard per year that it ends, times 1 - severity / 2)."),
    PR("recovery_parenting_per_year", recovery_per_year[DOM_PARENTING], 0, 10, 0.5, "rate per year",
       "assumption: many problems fade without professional help; level uncertain",
       "Natural recovery rate of a parenting problem (hazard per year that it ends, times 1 - severity / 2)."),
    PR("recovery_care_per_year", recovery_per_year[DOM_CARE], 0, 10, 0.2, "rate per year",
       "assumption: many problems fade without professional help; level uncertain",
       "Natural recovery rate of a care problem (hazard per year that it ends, times 1 - severity / 2)."),
    PR("recovery_housing_per_year", recovery_per_year[DOM_HOUSING], 0, 10, 0.5, "rate per year",
       "assumption: many problems fade without professional help; level uncertain",
       "Natural recovery rate of a housing problem (hazard per year that it ends, times 1 - severity / 2)."),
    PR("recovery_lvb_per_year", recovery_per_year[DOM_LVB], 0, 10, 0.0, "rate per year",
       "LVB is lifelong",
       "Natural recovery rate of a lvb problem (hazard per year that it ends, times 1 - severity / 2)."),
    P(spill_money_mental, 0, 5, 0.3, "rate per year", "seed 000/002: debt stress harms mental health; assumption on the level",
      "Spillover from money problems to mental health."),
    P(spill_mental_money, 0, 5, 0.1, "rate per year", "assumption: mental problems lead to missed payments",
      "Spillover from mental health to money problems."),
    P(spill_work_money, 0, 5, 0.15, "rate per year", "assumption: loss of work income leads to debts",
      "Spillover from work problems to money problems."),
    P(spill_mental_work, 0, 5, 0.2, "rate per year", "assumption: mental problems threaten work",
      "Spillover from mental health to work problems."),
    P(spill_housing_mental, 0, 5, 0.3, "rate per year", "seed 000: a man in a tent after detention; homelessness harms mental health",
      "Spillover from housing problems to mental health."),
    P(spill_lvb_money, 0, 5, 0.15, "rate per year", "assumption: LVB makes letters and money hard to manage (seed 000 §7)",
      "Spillover from light intellectual disability to money problems."),
    P(spill_care_mental, 0, 5, 0.1, "rate per year", "assumption: illness and care needs weigh on mental health",
      "Spillover from care needs to mental health."),
    P(spill_parent_youth, 0, 5, 0.3, "rate per year",
      "seed 000: debt stress harms parenting; 'a parent in work can be the best youth care'",
      "Spillover from the worst money or mental problem of the household's adults to the parenting and youth problems of its children."),
    P(treated_escalation, 0, 1, 0.0, "multiplier", "assumption: a treated problem does not escalate (contract with the care models)",
      "Factor on escalation while a domain is treated."),
    P(mentor_protection, 0, 1, 0.5, "share", "assumption: informal mentors (JIM) 'pay back double' (Van Dam et al. 2017); effect size uncertain",
      "Share by which an informal mentor slows the escalation of a youth's parenting and mental problems."),
    P(plan_protection, 0, 1, 0.3, "share",
      "assumption: family group plans; the Amsterdam RCT (Dijkstra et al. 2019) found no effect on safety, so keep it small and vary it",
      "Share by which a family group plan slows escalation for the household's members."),
    P(onset_severity, 0.02, 1, 0.2, "severity 0..1", "assumption: new problems start mild", "Severity of a new problem."),
    P(severe_threshold, 0, 1, 0.7, "severity 0..1", "assumption", "Severity from which a problem counts as severe (escalation events)."),
    P(street_housing_floor, 0, 1, 0.8, "severity 0..1", "assumption: homelessness is a severe housing problem",
      "Housing severity of persons whose household is on the street."),
    P(with_others_housing_floor, 0, 1, 0.4, "severity 0..1", "assumption: staying with others is a moderate housing problem",
      "Housing severity of persons whose household stays with others."),
};
#undef PR
#undef P
#undef S
const scn_section mdl_problems_section =
    SCN_SECTION("problems", "Problem severities: onset, escalation, spillover, recovery.",
                mdl_problems_params, params);

enum { PUR_ONSET = 0 };

typedef struct prob_state {
    const int32_t *first, *next, *birth_day, *plan;
    const uint8_t *members, *housing;
    const uint32_t *mentor;
    const float *vuln;
    uint8_t *treated;
    float *prob[MDL_N_DOMAINS];
    int i_share[MDL_N_DOMAINS], i_severe, i_escalated, i_onsets, i_recovered;
    int e_escalated;
} prob_state;

static int prob_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    prob_state *s = vs;
    s->first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->next = sim_col(w, SIM_PERSON, "next_member");
    s->members = sim_col(w, SIM_HOUSEHOLD, "members");
    s->housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->vuln = sim_col(w, SIM_PERSON, "vulnerability");
    s->mentor = sim_col(w, SIM_PERSON, "mentor_tie");        /* optional: network model */
    s->plan = sim_col(w, SIM_HOUSEHOLD, "family_plan_ticks"); /* optional: network model */
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        s->prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
    if (!s->first || !s->next || !s->prob[0]) {
        sim_world_fail(w, "problems needs the population model before it");
        return NABIJ_EINVAL;
    }
    /* shared with the care models: whichever initialises first creates it */
    s->treated = sim_col(w, SIM_PERSON, "treated_domains");
    if (!s->treated &&
        !(s->treated = sim_col_add(w, SIM_PERSON, "treated_domains", SIM_U8, 0, "bitmask of domains",
                                   "Bit d set: domain d (models/common.h) is treated or helped this tick.")))
        return NABIJ_ENOMEM;
    static const char *const share_names[MDL_N_DOMAINS] = {
        "share_persons_problem_money", "share_persons_problem_work", "share_persons_problem_mental",
        "share_persons_problem_parenting", "share_persons_problem_care", "share_persons_problem_housing",
        "share_persons_problem_lvb"};
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        s->i_share[d] = sim_ind_add(w, share_names[d], "share of persons", mdl_domain_label[d]);
    s->i_severe = sim_ind_add(w, "persons_severe_problem", "persons",
                              "Persons with at least one problem at or above problems.severe_threshold.");
    s->i_escalated = sim_ind_add(w, "problems_escalated", "problems per tick",
                                 "Problems that crossed problems.severe_threshold this tick.");
    s->i_onsets = sim_ind_add(w, "problems_started", "problems per tick", "New problems this tick.");
    s->i_recovered = sim_ind_add(w, "problems_recovered", "problems per tick",
                                 "Problems that ended by natural recovery this tick.");
    s->e_escalated = sim_event_kind_add(w, "problem_escalated", "{person}'s {cp} problem became severe.",
                                        "money and debts|work and income|mental health|parenting and youth|"
                                        "care need|housing|light intellectual disability");
    return s->e_escalated < 0 ? s->e_escalated : 0;
}

#define N_SPILL 7
typedef struct prob_ctx {
    prob_state *s;
    const mdl_problems_params *p;
    double y;
    struct {
        int from, to;
        double rate;
    } sp[N_SPILL];
} prob_ctx;

enum { Q_PERSONS, Q_SEVERE, Q_ESC, Q_ONSET, Q_RECOVERED, Q_SHARE0, Q_N = Q_SHARE0 + MDL_N_DOMAINS };

static void prob_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    prob_ctx *c = vc;
    prob_state *s = c->s;
    const mdl_problems_params *p = c->p;
    int32_t day = sim_day(w);
    double y = c->y;
    for (uint32_t h = b; h < e; h++) {
        if (s->members[h] == 0)
            continue;
        sim_rng_stream r;
        sim_stream(w, &r, MDL_PURPOSE(MNO_PROBLEMS, PUR_ONSET), h);
        /* parents' stress, before this tick's changes */
        float stress = 0;
        for (int32_t i = s->first[h]; i >= 0; i = s->next[i])
            if (mdl_age_years(s->birth_day[i], day) >= 18)
                stress = fmaxf(stress, fmaxf(s->prob[DOM_MONEY][i], s->prob[DOM_MENTAL][i]));
        double plan = s->plan && s->plan[h] > 0 ? p->plan_protection : 0;
        float floor_housing = s->housing[h] == HOUSE_STREET        ? (float)p->street_housing_floor
                              : s->housing[h] == HOUSE_WITH_OTHERS ? (float)p->with_others_housing_floor
                                                                   : 0;
        for (int32_t i = s->first[h]; i >= 0; i = s->next[i]) {
            int age = mdl_age_years(s->birth_day[i], day);
            float old[MDL_N_DOMAINS], nw[MDL_N_DOMAINS];
            for (int d = 0; d < MDL_N_DOMAINS; d++)
                old[d] = nw[d] = s->prob[d][i];
            double prot = plan;
            if (s->mentor && s->mentor[i] && age < 24)
                prot = 1 - (1 - prot) * (1 - p->mentor_protection);
            for (int d = 0; d < MDL_N_DOMAINS; d++) {
                double x = old[d];
                if (x <= 0)
                    continue;
                double esc = p->escalation_per_year[d] * (MDL_TREATED(s->treated[i], d) ? p->treated_escalation : 1);
                if (d == DOM_PARENTING || d == DOM_MENTAL || d == DOM_MONEY)
                    esc *= 1 - prot;
                double dx = esc * x * (1 - x) * y;
                nw[d] = (float)(x + dx);
            }
            /* spillover from the severities at the start of the tick: growth of a present
             * problem, or a raised hazard of a new one; then one draw for a new problem */
            double hz[MDL_N_DOMAINS], htot = 0;
            int fits[MDL_N_DOMAINS];
            for (int d = 0; d < MDL_N_DOMAINS; d++) {
                fits[d] = d == DOM_PARENTING ? age < 23 : d == DOM_MENTAL || d == DOM_LVB ? 1 : age >= 18;
                hz[d] = fits[d] ? p->onset_per_year[d] * s->vuln[i] : 0;
            }
            for (int k = 0; k < N_SPILL; k++) {
                int from = c->sp[k].from, to = c->sp[k].to;
                if (old[from] <= 0 || !fits[to] || MDL_TREATED(s->treated[i], to))
                    continue;
                if (old[to] > 0)
                    nw[to] += (float)(c->sp[k].rate * old[from] * (1 - old[to]) * y);
                else
                    hz[to] += c->sp[k].rate * old[from];
            }
            if (age < 18 && stress > 0 && !MDL_TREATED(s->treated[i], DOM_PARENTING)) {
                double rate = p->spill_parent_youth * (1 - prot) * stress;
                if (old[DOM_PARENTING] > 0)
                    nw[DOM_PARENTING] += (float)(rate * (1 - old[DOM_PARENTING]) * y);
                else
                    hz[DOM_PARENTING] += rate;
            }
            for (int d = 0; d < MDL_N_DOMAINS; d++)
                htot += old[d] > 0 ? 0 : hz[d];
            double rw[MDL_N_DOMAINS], rtot = 0;
            for (int d = 0; d < MDL_N_DOMAINS; d++) {
                rw[d] = old[d] > 0 ? p->recovery_per_year[d] * (1 - 0.5 * old[d]) : 0;
                rtot += rw[d];
            }
            /* one draw decides whether a new problem starts or one ends this tick (hazards are
             * small per tick), a second which */
            if (htot + rtot > 0 && sim_rng_u01(&r) < (htot + rtot) * y) {
                double u = sim_rng_u01(&r) * (htot + rtot), cum = 0;
                for (int d = 0; d < MDL_N_DOMAINS; d++) {
                    cum += old[d] > 0 ? 0 : hz[d];
                    if (u < cum) {
                        if (nw[d] < p->onset_severity)
                            nw[d] = (float)p->onset_severity;
                        acc[Q_ONSET] += 1;
                        break;
                    }
                }
                for (int d = 0; d < MDL_N_DOMAINS && u >= cum; d++) {
                    cum += rw[d];
                    if (u < cum) {
                        nw[d] = 0;
                        acc[Q_RECOVERED] += 1;
                    }
                }
            }
            if (nw[DOM_HOUSING] < floor_housing)
                nw[DOM_HOUSING] = floor_housing;
            int severe = 0;
            for (int d = 0; d < MDL_N_DOMAINS; d++) {
                float x = nw[d] < 1e-4f ? 0 : nw[d] > 1 ? 1 : nw[d];
                s->prob[d][i] = x;
                if (x > 0.05f)
                    acc[Q_SHARE0 + d] += 1;
                severe |= x >= p->severe_threshold;
                if (x >= p->severe_threshold && old[d] < p->severe_threshold) {
                    acc[Q_ESC] += 1;
                    sim_emit(w, s->e_escalated, (int32_t)h, i, d, x);
                }
            }
            acc[Q_SEVERE] += severe;
            acc[Q_PERSONS] += 1;
        }
    }
}

static void prob_step(sim_world *w, const void *vp, void *vs)
{
    prob_state *s = vs;
    const mdl_problems_params *p = vp;
    prob_ctx c = {s, p, sim_days_per_tick(w) / 365.2425,
                  {{DOM_MONEY, DOM_MENTAL, p->spill_money_mental}, {DOM_MENTAL, DOM_MONEY, p->spill_mental_money},
                   {DOM_WORK, DOM_MONEY, p->spill_work_money}, {DOM_MENTAL, DOM_WORK, p->spill_mental_work},
                   {DOM_HOUSING, DOM_MENTAL, p->spill_housing_mental}, {DOM_LVB, DOM_MONEY, p->spill_lvb_money},
                   {DOM_CARE, DOM_MENTAL, p->spill_care_mental}}};
    double acc[Q_N] = {0};
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), prob_body, &c, acc, Q_N);
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        sim_ind_set(w, s->i_share[d], acc[Q_PERSONS] > 0 ? acc[Q_SHARE0 + d] / acc[Q_PERSONS] : 0);
    sim_ind_set(w, s->i_severe, acc[Q_SEVERE]);
    sim_ind_set(w, s->i_escalated, acc[Q_ESC]);
    sim_ind_set(w, s->i_onsets, acc[Q_ONSET]);
    sim_ind_set(w, s->i_recovered, acc[Q_RECOVERED]);
}

const sim_model mdl_problems = {"problems", "Problem onset, escalation, spillover and recovery.",
                                &mdl_problems_section, sizeof(prob_state), prob_init, prob_step};
