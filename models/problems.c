/* problems.c: each tick every person's problem severities (0..1) per life domain change:
 * a new problem may start (hazard scaled by vulnerability and raised by spillover); an
 * untreated problem grows logistically; treatment (persons.treated_domains, set by the care
 * models) stops that growth; problems spill over between domains and from parents' money
 * and mental problems to their children; a problem may end by natural recovery (hazard
 * lower for severe problems). A pass over the households first marks the members of those
 * with a housing floor, and one over the persons notes the adults' worst money or mental
 * severity per household; persons are then updated 64 at a time in memory order (the adults
 * without problems of the 64 first), one random word each. */
#include "problems.h"
#include "../sim/nabij.h"
#include "care.h"
#include "quick.h"
#include <math.h>
#include <string.h>

#define S mdl_problems_params
#define PR(key, member, lo, hi, d, u, src, doc) \
    { key, SCN_REAL, offsetof(S, member), lo, hi, d, NULL, NULL, u, src, doc }
#define P(f, lo, hi, d, u, src, doc) SCN_P_REAL(S, f, lo, hi, d, u, src, doc)
static const scn_param params[] = {
    PR("onset_money_per_year", onset_per_year[DOM_MONEY], 0, 5, 0.05, "hazard per year",
       "calibrated: money problems besides debts (income drops, payment arrears; yearly inflow into problem debts "
       "about 2-3 % of households, Nibud, CBS); 0.05 with letters.debt_relief 1 keeps youth GGZ budgets "
       "exhausted in 40-90 % of provider-years and team money hours at 70-80 % (0.025: 38 % and 65 %)",
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
    P(vanish_severity, 0.0001, 0.05, 0.01, "severity 0..1",
      "assumption: a severity this small changes no decision (the lowest threshold in the model, for counting a problem, is 0.05); treatment and small debts leave such remnants, which would otherwise linger for years",
      "Severity below which a problem has ended: it is set to 0 when the problems model next updates the person."),
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

enum { PUR_EVENTS = 1 }; /* words of mdl_quad (quick.h), one per person and tick */

typedef struct prob_state {
    const int32_t *birth_day, *plan, *household, *first, *next;
    float *stress; /* households.adult_stress */
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
    s->members = sim_col(w, SIM_HOUSEHOLD, "members");
    s->housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->vuln = sim_col(w, SIM_PERSON, "vulnerability");
    s->mentor = sim_col(w, SIM_PERSON, "mentor_tie");        /* optional: network model */
    s->plan = sim_col(w, SIM_HOUSEHOLD, "family_plan_ticks"); /* optional: network model */
    s->household = sim_col(w, SIM_PERSON, "household");
    s->first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->next = sim_col(w, SIM_PERSON, "next_member");
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        s->prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
    if (!s->members || !s->household || !s->first || !s->next || !s->prob[0]) {
        sim_world_fail(w, "problems needs the population model before it");
        return NABIJ_EINVAL;
    }
    if (!(s->stress = sim_col_add(w, SIM_HOUSEHOLD, "adult_stress", SIM_F32, 0, "severity 0..1",
                                  "Worst money or mental severity of the household's adults (18 and over) "
                                  "when the problems model starts its tick; it spills over to the children.")))
        return NABIJ_ENOMEM;
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
_Static_assert(N_SPILL <= 8, "prob_ctx.spill_from holds a byte per mask");
typedef struct prob_ctx {
    prob_state *s;
    const mdl_problems_params *p;
    double y;                        /* years per tick */
    double y_bound;                  /* y times 1 + 2^-30: the bound's margin, see person_grow */
    int32_t born18, born23, born24;  /* age >= a exactly when birth_day <= born<a> */
    unsigned fits[3];                /* domains open to a new problem: age < 18, 18-22, 23+ */
    double onset_sum[3];             /* sum of their onset hazards, per year */
    double onset_of[1u << MDL_N_DOMAINS]; /* sum of the onset hazards of the domains in a mask */
    double esc_tr[MDL_N_DOMAINS][2]; /* escalation rate per tick, untreated [0] and treated [1] */
    double recovery[MDL_N_DOMAINS];  /* recovery hazard per year */
    int zero_severe;                 /* a severity of 0 counts as severe (threshold 0) */
    float severe_at;                 /* the least float >= problems.severe_threshold: the same test of a float */
    float vanish;                    /* problems.vanish_severity */
    float floor_of[256];             /* housing severity under the persons of a household, by its housing */
    struct {
        int from, to;
        double rate;
    } sp[N_SPILL];
    uint8_t spill_from[1u << MDL_N_DOMAINS]; /* bit k: spillover sp[k] starts in a domain of the mask */
    uint8_t spill_into[1u << MDL_N_DOMAINS]; /* bit k: spillover sp[k] ends in a domain of the mask */
    double spill_sum[1u << N_SPILL];         /* the summed rates of the spillovers sp[k] of the mask's bits k */
    double recovery_sum[1u << MDL_N_DOMAINS]; /* the summed recovery hazards of the domains in a mask */
    uint64_t *floored; /* bit i % 64 of word i / 64: person i's household puts a housing floor under it */
    float top_stress;  /* the largest households.adult_stress (as bits, see stress_raise), set by stress_body */
    mdl_seek_note seek; /* helpseek's thresholds, as its last step left them (span_marks) */
    uint8_t *mark;      /* the persons' marks for helpseek (mdl_seek_note.mark), or NULL: none wanted */
    float *seek_top;    /* mdl_seek_note.top, raised by each chunk (stress_raise) */
} prob_ctx;

enum { Q_PERSONS, Q_SEVERE, Q_ESC, Q_ONSET, Q_RECOVERED, Q_SHARE0, Q_N = Q_SHARE0 + MDL_N_DOMAINS };

#define PROTECTED ((1u << DOM_PARENTING) | (1u << DOM_MENTAL) | (1u << DOM_MONEY))

static inline float maxf(float a, float b)
{
    return a > b ? a : b;
}

/* Whether a person whose event probability is "q" has the event, from a uniform "u" in
 * [0, 1); if so, u / q is a fresh uniform in [0, 1), written to "v". */
static int draw_hit(double u, double q, double *v)
{
    if (q > 1)
        q = 1;
    if (u >= q)
        return 0;
    *v = u / q;
    return 1;
}

/* Protection of person "i" (born "bd") of household "h" against escalation: a family group
 * plan protects money, mental and parenting problems ("*prot_money"); a mentor only a
 * youth's mental and parenting problems (before, money too). Returns the latter share. */
static inline double protection(const prob_ctx *c, uint32_t i, int32_t h, int32_t bd, double *prot_money)
{
    const prob_state *s = c->s;
    double prot = s->plan && s->plan[h] > 0 ? c->p->plan_protection : 0;
    *prot_money = prot;
    if (bd > c->born24 && s->mentor && s->mentor[i])
        prot = 1 - (1 - prot) * (1 - c->p->mentor_protection);
    return prot;
}

/* Severities of one person with problems ("present": bit d set when its severity in domain d
 * is above 0) after escalation and the growth that spillover adds, as doubles into "g", from
 * the severities at the start of the tick, which it reads into "old" (whose other domains the
 * caller has set to 0). "fits": domains open to a new problem at the person's age; "tr":
 * treated domains; "youth": the hazard or growth rate from the parents' stress; "bd" and "h":
 * the person's birth day and household, for its protection by a mentor or plan (looked up
 * only when a protected domain is present). Returns whether the uniform "u" draws an event,
 * a new problem or a recovery (draw_hit, with the summed hazards per year times the tick's
 * years; "v" gets its fresh uniform). Only the present domains and the spillovers from them
 * are visited (most persons with problems have one or two): an absent problem adds nothing
 * to any sum, and the sums are added in the same order as over all. Most persons draw no
 * event (a few in a hundred do): the sums are worked out only where "u" is not above a
 * bound on their probability: each spillover's rate times the largest present severity
 * instead of the severity it starts from, each recovery hazard without its factor
 * 1 - severity / 2 (below 1 for a severity above 0), the parents' stress whether or not
 * parenting is present, the onset hazards' absolute value (a negative vulnerability), all
 * times the tick's years with a margin for rounding (prob_ctx.y_bound: the exact sum takes
 * some twenty roundings, each by at most a relative 2^-53 of the sum of the terms' absolute
 * values; a "u" above the bound is at least 2^-32, and an exact probability below 2^-33,
 * where underflows could count, is below it anyway); a NaN or an infinity leaves no bound
 * below "u". */
static inline __attribute__((always_inline)) int person_grow(const prob_ctx *c, uint32_t i, int32_t h, int32_t bd,
                                                            unsigned present, unsigned fits, unsigned tr,
                                                            double vuln, double youth, double u,
                                                            float old[MDL_N_DOMAINS], double g[MDL_N_DOMAINS],
                                                            double *v)
{
    double y = c->y, hz = vuln * c->onset_of[fits & ~present];
    unsigned grow_ok = present & fits & ~tr, new_ok = ~present & fits & ~tr;
    /* the factors 1 - protection of money and of mental and parenting: exactly 1 without
     * protection, a product that then changes nothing */
    double keep_money = 1, keep = 1;
    if (present & PROTECTED) {
        double prot_money, prot = protection(c, i, h, bd, &prot_money);
        keep_money = 1 - prot_money;
        keep = 1 - prot;
    }
    float top = 0; /* the largest present severity */
    for (unsigned m = present; m; m &= m - 1) {
        int d = __builtin_ctz(m);
        float xf = c->s->prob[d][i];
        double x = xf, esc = c->esc_tr[d][tr >> d & 1u];
        old[d] = xf;
        top = xf > top ? xf : top;
        if (PROTECTED >> d & 1u)
            esc *= d == DOM_MONEY ? keep_money : keep;
        g[d] = x + esc * x * (1 - x);
    }
    /* spillover from the severities at the start of the tick: growth of a present problem,
     * then a raised hazard of a new one, each loop in the table's order (they add to
     * different sums); spillovers into a domain that is treated or does not fit the age are
     * not visited (prob_ctx.spill_into picks those that end in a mask's domains) */
    unsigned from = c->spill_from[present];
    for (unsigned m = from & c->spill_into[grow_ok]; m; m &= m - 1) {
        int k = __builtin_ctz(m), to = c->sp[k].to;
        g[to] += c->sp[k].rate * (double)old[c->sp[k].from] * (1 - (double)old[to]) * y;
    }
    unsigned parenting = present >> DOM_PARENTING & 1u, into = from & c->spill_into[new_ok];
    if (parenting)
        g[DOM_PARENTING] += youth * (1 - (double)old[DOM_PARENTING]) * y;
    if (u > (fabs(hz) + c->spill_sum[into] * top + youth + c->recovery_sum[present]) * c->y_bound)
        return 0;
    for (unsigned m = into; m; m &= m - 1) {
        int k = __builtin_ctz(m);
        hz += c->sp[k].rate * (double)old[c->sp[k].from];
    }
    if (!parenting)
        hz += youth;
    double rec = 0;
    for (unsigned m = present; m; m &= m - 1) {
        int d = __builtin_ctz(m);
        rec += c->recovery[d] * (1 - 0.5 * (double)old[d]);
    }
    return draw_hit(u, (hz + rec) * y, v);
}

/* The hazards per year of one person, domain by domain: of a new problem ("hz", zero where
 * a problem is present) and of recovery ("rw"), as person_grow sums them. Returns their sum,
 * added in the order pick_event walks them. */
static double person_hazards(const prob_ctx *c, const float old[MDL_N_DOMAINS], unsigned fits, unsigned tr,
                             double vuln, double youth, double hz[MDL_N_DOMAINS], double rw[MDL_N_DOMAINS])
{
    const mdl_problems_params *p = c->p;
    for (int d = 0; d < MDL_N_DOMAINS; d++) {
        hz[d] = old[d] <= 0 && fits >> d & 1u ? p->onset_per_year[d] * vuln : 0;
        rw[d] = old[d] > 0 ? p->recovery_per_year[d] * (1 - 0.5 * old[d]) : 0;
    }
    for (int k = 0; k < N_SPILL; k++) {
        int from = c->sp[k].from, to = c->sp[k].to;
        if (old[from] > 0 && old[to] <= 0 && fits >> to & 1u && !MDL_TREATED(tr, to))
            hz[to] += c->sp[k].rate * old[from];
    }
    if (youth > 0 && old[DOM_PARENTING] <= 0)
        hz[DOM_PARENTING] += youth;
    double tot = 0;
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        tot += hz[d];
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        tot += rw[d];
    return tot;
}

/* The event chosen by "u" in [0, sum of "hz" and "rw"): a new problem in domain d (returns
 * d) or the recovery of the problem in domain d (returns MDL_N_DOMAINS + d), each with its
 * share of the hazards; where rounding leaves u past the last stretch, the last event with
 * a hazard; -1 if there is none. */
static int pick_event(const double hz[MDL_N_DOMAINS], const double rw[MDL_N_DOMAINS], double u)
{
    double cum = 0;
    int last = -1;
    for (int d = 0; d < 2 * MDL_N_DOMAINS; d++) {
        double r = d < MDL_N_DOMAINS ? hz[d] : rw[d - MDL_N_DOMAINS];
        if (r <= 0)
            continue;
        cum += r;
        last = d;
        if (u < cum)
            break;
    }
    return last;
}

/* The worst money or mental severity of each household's adults, before any person's
 * update of this tick (a child's update reads it while adults of other chunks change).
 * stress_body runs over the persons in chunks, in parallel: each adult with a money or
 * mental problem raises the household's value (zeroed before) to its own with an atomic
 * maximum. Severities are never below 0, and non-negative floats order as their bits do,
 * so the maximum is taken on the bits; the result does not depend on the order. The largest
 * value of each chunk raises prob_ctx.top_stress in the same way (the children's bound on
 * the words in prob_body). */
static void stress_raise(float *at, float v)
{
    uint32_t want, cur;
    memcpy(&want, &v, sizeof want);
    cur = __atomic_load_n((uint32_t *)(void *)at, __ATOMIC_RELAXED);
    while (cur < want &&
           !__atomic_compare_exchange_n((uint32_t *)(void *)at, &cur, want, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

/* f[k], 1 for a living adult (born by "born18", household hh[k] >= 0) of [0, n) with a money
 * or mental problem: vectorised compares, a chunk in one call. */
MDL_VECTOR
static void chunk_stressed(const float *restrict m0, const float *restrict m1, const int32_t *restrict bd,
                           const int32_t *restrict hh, int32_t born18, uint32_t n, uint8_t *restrict f)
{
    for (uint32_t k = 0; k < n; k++)
        f[k] = (uint8_t)(((m0[k] > 0) | (m1[k] > 0)) & (bd[k] <= born18) & (hh[k] >= 0));
}

static void stress_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    (void)acc;
    prob_ctx *c = vc; /* only its top_stress is written, with stress_raise */
    const prob_state *s = c->s;
    /* in locals: the compiler must otherwise reload them after each atomic operation */
    const float *const money = s->prob[DOM_MONEY], *const mental = s->prob[DOM_MENTAL];
    const int32_t *const household = s->household, *const birth = s->birth_day;
    const uint8_t *const members = s->members;
    float *const stress = s->stress;
    const int32_t born18 = c->born18;
    /* the largest value raised in the chunk, on the bits as stress_raise orders them */
    uint32_t top = 0;
    /* which persons are living adults with a money or mental problem (vectorised compares,
     * 0 past the chunk's end, in its last block), then only those, 64 at a time: most are
     * not, and a branch per person would often guess wrong */
    uint8_t f[SIM_CHUNK];
    if ((e - b) % 64)
        memset(f + (e - b) / 64 * 64, 0, 64);
    chunk_stressed(money + b, mental + b, birth + b, household + b, born18, e - b, f);
    for (uint32_t base = b; base < e; base += 64) {
        for (uint64_t any = mdl_bytes_mask(f + (base - b), 64); any; any &= any - 1) {
            uint32_t i = base + (uint32_t)__builtin_ctzll(any);
            int32_t h = household[i];
            /* a child living alone has no adults' stress */
            if (members[h] >= 2) {
                float v = maxf(money[i], mental[i]);
                uint32_t bits;
                memcpy(&bits, &v, sizeof bits);
                top = bits > top ? bits : top;
                stress_raise(&stress[h], v);
            }
        }
    }
    float t;
    memcpy(&t, &top, sizeof t);
    stress_raise(&c->top_stress, t);
}

/* For the households [0, n) of a block: f[k], 1 for one whose housing "hs[k]" may put a
 * floor under its members (see housing_floor), with vectorised compares; its stress "st[k]"
 * zeroed in the same loop (a block's 256 bytes in vector stores, where a memset of a whole
 * chunk takes a string store that counts one instruction a byte under callgrind). */
static inline __attribute__((always_inline)) void block_lodged(const uint8_t *restrict hs, uint32_t n,
                                                               uint8_t *restrict f, float *restrict st)
{
    for (uint32_t k = 0; k < n; k++) {
        f[k] = (uint8_t)((hs[k] == HOUSE_WITH_OTHERS) | (hs[k] == HOUSE_STREET));
        st[k] = 0;
    }
}

/* block_lodged over a chunk's households [0, n), in blocks of 64 (a loop of a constant
 * count), in one call: its vectors of constants are set up once a chunk. */
MDL_VECTOR
static void chunk_lodged(const uint8_t *restrict hs, uint32_t n, uint8_t *restrict f, float *restrict st)
{
    uint32_t o = 0;
    for (; n - o >= 64; o += 64)
        block_lodged(hs + o, 64, f + o, st + o);
    if (o < n)
        block_lodged(hs + o, n - o, f + o, st + o);
}

/* Over the households before the persons' passes: their adults' stress zeroed (stress_body
 * raises it), and the members of those with a housing floor marked in prob_ctx.floored
 * (zeroed before) through the membership chains, with an atomic or (a household's members
 * may be rows of other chunks). The few persons with a floor are then found in a word per
 * block of persons, instead of by the housing of every person's household. */
static void house_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    (void)acc;
    const prob_ctx *c = vc;
    const prob_state *s = c->s;
    /* the flags of the chunk's households (0 past its end, in its last block), in one call */
    uint8_t f[SIM_CHUNK];
    if ((e - b) % 64)
        memset(f + (e - b) / 64 * 64, 0, 64);
    chunk_lodged(s->housing + b, e - b, f, s->stress + b);
    for (uint32_t base = b; base < e; base += 64) {
        for (uint64_t m = mdl_bytes_mask(f + (base - b), 64); m; m &= m - 1) {
            uint32_t h = base + (uint32_t)__builtin_ctzll(m);
            if (c->floor_of[s->housing[h]] > 0)
                for (int32_t i = s->first[h]; i >= 0; i = s->next[i])
                    __atomic_fetch_or(&c->floored[i >> 6], 1ull << (i & 63), __ATOMIC_RELAXED);
        }
    }
}

#define PROB_BLOCK 64u
#define PROB_SPAN 512u /* persons scanned in one call of span_scan */
_Static_assert(PROB_SPAN % PROB_BLOCK == 0, "a span is whole blocks");
_Static_assert(MDL_N_DOMAINS == 7, "scan_block reads seven domains");

/* The housing severity that household housing "hs" puts under its members (0: none), from
 * the floors on the "street" and "with others" (prob_ctx.floor_of holds it for every "hs"). */
static inline float housing_floor(float street, float others, uint8_t hs)
{
    return hs == HOUSE_STREET ? street : hs == HOUSE_WITH_OTHERS ? others : 0;
}

/* Child "i"'s (born "bd") hazard per year, or growth rate, of a parenting problem from the
 * adults' stress in household "h", unless parenting is treated ("tr"), less its protection. */
static inline double youth_spill(const prob_ctx *c, uint32_t i, int32_t h, int32_t bd, unsigned tr)
{
    const float stress = c->s->stress[h];
    double prot_money;
    return stress > 0 && !MDL_TREATED(tr, DOM_PARENTING)
               ? c->p->spill_parent_youth * (1 - protection(c, i, h, bd, &prot_money)) * stress
               : 0;
}

/* For the persons [base, base + n) (household hh[k], birth day bd[k], vulnerability vul[k]
 * of person base + k): bit d of pres[k], a problem in domain d (its severity in pr[d] above
 * 0), and of the living persons fq[k], 1 for an adult without problems (born by "born18"),
 * fk[k], 1 for a child without problems, fp[k], 1 for a person with problems; the number of
 * living persons is added to "*living". Returns at least the largest vulnerability (none
 * NaN), and at least 0: non-negative floats order as their bits do read as integers, and
 * negative ones read as negative integers (the compiler vectorises an integer maximum, not
 * one of floats). Plain loads through restrict pointers and no branches, so the compiler
 * handles a vector of persons at a time; each compare of a severity gives all ones or
 * zeros, masked to its bit, in 32-bit lanes as wide as the floats (narrowed to bytes, the
 * compares would each be packed before they are combined). */
static inline __attribute__((always_inline)) float
scan_block(float *const pr[MDL_N_DOMAINS], uint32_t base, uint32_t n, const int32_t *restrict hh,
           const int32_t *restrict bd, const float *restrict vul, int32_t born18, uint32_t *restrict pres,
           uint8_t *restrict fq, uint8_t *restrict fk, uint8_t *restrict fp, uint32_t *living)
{
    const float *restrict p0 = pr[0] + base, *restrict p1 = pr[1] + base, *restrict p2 = pr[2] + base,
                *restrict p3 = pr[3] + base, *restrict p4 = pr[4] + base, *restrict p5 = pr[5] + base,
                *restrict p6 = pr[6] + base;
    int32_t m = 0;
    uint32_t nl = 0;
#define PRES_BIT(x, bit) (-(int32_t)((x) > 0) & (bit))
    for (uint32_t k = 0; k < n; k++) {
        uint32_t pk = (uint32_t)(PRES_BIT(p0[k], 1) | PRES_BIT(p1[k], 2) | PRES_BIT(p2[k], 4) | PRES_BIT(p3[k], 8) |
                                 PRES_BIT(p4[k], 16) | PRES_BIT(p5[k], 32) | PRES_BIT(p6[k], 64));
        pres[k] = pk;
        uint8_t alive = hh[k] >= 0, none = pk == 0, adult = bd[k] <= born18;
        fq[k] = alive & none & adult;
        fk[k] = alive & none & !adult;
        fp[k] = alive & !none;
        nl += hh[k] >= 0;
        int32_t b;
        memcpy(&b, &vul[k], sizeof b);
        m = b > m ? b : m;
    }
#undef PRES_BIT
    *living += nl;
    float x;
    memcpy(&x, &m, sizeof x);
    return x;
}

/* scan_block over a span of blocks, the persons [base, base + n), block by block (the
 * largest vulnerability of block j, persons 64 j to 64 j + 63, into vmax[j]); returns the
 * number of living persons among them. In one call, so that the vectors of constants are
 * set up once, not once a block, and a whole block in a loop of a constant count. A span
 * of PROB_SPAN persons, not a whole chunk: its columns (40 bytes a person) and flags stay
 * in the first-level cache for the updates that follow. */
MDL_VECTOR
static uint32_t span_scan(float *const pr[MDL_N_DOMAINS], uint32_t base, uint32_t n, const int32_t *restrict hh,
                          const int32_t *restrict bd, const float *restrict vul, int32_t born18,
                          uint32_t *restrict pres, uint8_t *restrict fq, uint8_t *restrict fk, uint8_t *restrict fp,
                          float *restrict vmax)
{
    uint32_t o = 0, living = 0;
    for (; n - o >= PROB_BLOCK; o += PROB_BLOCK)
        vmax[o / PROB_BLOCK] = scan_block(pr, base + o, PROB_BLOCK, hh + o, bd + o, vul + o, born18, pres + o, fq + o,
                                          fk + o, fp + o, &living);
    if (o < n)
        vmax[o / PROB_BLOCK] = scan_block(pr, base + o, n - o, hh + o, bd + o, vul + o, born18, pres + o, fq + o,
                                          fk + o, fp + o, &living);
    return living;
}

/* The marks for helpseek (mdl_seek_note) of the persons [base, base + n) (birth day bd[k]
 * of person base + k) from their severities as this tick leaves them: mark[k], 0 when the
 * worst severity outside LVB is below "lo", and "*top" raised to the worst severities, on
 * their bits read as integers (as scan_block's vulnerabilities): a bound for all who may mark
 * a household, one maximum a person instead of one for adults and youths apart, which would
 * take their flags (nearly always the same, the largest severity of all). The worst severity
 * is the largest of the six, with the larger of mental and parenting among them (a maximum
 * less than in helpseek's order of the six: severities are numbers from 0, so that the
 * order changes at most the sign of a zero, which no comparison tells apart, and the
 * largest bits are those of a float from 0 either way); the comparisons are helpseek's
 * (mark_persons, other_route). Vectorised: a span's columns are still in the first-level
 * cache, where helpseek's pass read them from memory (29 bytes a person, with the birth
 * days). */
MDL_VECTOR
static void span_marks(float *const pr[MDL_N_DOMAINS], uint32_t base, uint32_t n, const int32_t *restrict bd,
                       int32_t born18, const mdl_seek_note *sn, uint8_t *restrict mark, int32_t *top)
{
    const float *restrict p0 = pr[0] + base, *restrict p1 = pr[1] + base, *restrict p2 = pr[2] + base,
                *restrict p3 = pr[3] + base, *restrict p4 = pr[4] + base, *restrict p5 = pr[5] + base;
    const float lo = sn->lo, seek = sn->seek, other = sn->other;
    int32_t t = *top;
    /* the marks in 32-bit lanes as wide as the floats, each compare all ones or zeros masked
     * to its bit, as scan_block's, and narrowed to bytes in a loop of their own (narrowed in
     * the first loop, each compare was packed on its own before they were combined) */
    uint32_t m32[PROB_SPAN];
    for (uint32_t k = 0; k < n; k++) {
        float mp = maxf(p3[k], p2[k]), worst = maxf(p5[k], maxf(p4[k], maxf(mp, maxf(p1[k], p0[k]))));
        /* MDL_SEEK_SEEK and MDL_SEEK_OTHER only from "lo" up: those thresholds are not below it */
        m32[k] = (uint32_t)((-(int32_t)(worst >= seek) & MDL_SEEK_SEEK) |
                            (-(int32_t)(mp >= other) & MDL_SEEK_OTHER) |
                            (-(int32_t)(worst >= lo) & (MDL_SEEK_LO | (-(int32_t)(bd[k] > born18) & MDL_SEEK_YOUTH))));
        int32_t bits;
        memcpy(&bits, &worst, sizeof bits);
        t = bits > t ? bits : t;
    }
    for (uint32_t k = 0; k < n; k++)
        mark[k] = (uint8_t)m32[k];
    *top = t;
}
_Static_assert(DOM_PARENTING == 3 && DOM_MENTAL == 2 && DOM_LVB == 6, "span_marks reads domains 0-5");

/* The least word (as in mdl_quad) with word / 2^32 >= min(q, 1): no hit of draw_hit(u, q')
 * for any q' <= q. */
static inline uint64_t word_bound(double q)
{
    return (uint64_t)ceil((q > 1 ? 1 : q) * 4294967296.0);
}

/* Whether a person without problems draws no new problem from "u" and has no housing floor
 * under it: then nothing changes in its tick. "onset": the summed onset hazards per year of
 * the domains open at its age (prob_ctx.onset_sum); "child": a child, whose "youth" (the
 * spill from its parents' stress) adds to them; "y": years per tick. "v" gets the fresh
 * uniform of a hit, as draw_hit. (The caller passes the tick's constants, which a loop
 * keeps in registers.) */
static inline int calm_without_problems(double onset, double y, double vuln, int child, double youth, double u,
                                        float floor_housing, int *hit, double *v)
{
    *hit = draw_hit(u, child ? (vuln * onset + youth) * y : vuln * onset * y, v);
    return !*hit && floor_housing <= 0;
}

/* The rare part of a person's tick: a new problem or a recovery drawn with the fresh uniform
 * "v" (unless "v" < 0), and the housing floor "floor_housing". "old" and "g" hold the old and
 * new severities of the "present" domains; the others are set to 0 here (severities are
 * never below 0: a domain without a problem holds 0). Returns the domains that may change. */
static __attribute__((noinline)) unsigned person_events(const prob_ctx *c, unsigned present, unsigned fits,
                                                        unsigned tr, double vuln, double youth, double v,
                                                        float floor_housing, float old[MDL_N_DOMAINS],
                                                        double g[MDL_N_DOMAINS], uint32_t q[Q_N])
{
    const mdl_problems_params *p = c->p;
    unsigned touched = present;
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        if (!(present >> d & 1u)) {
            old[d] = 0;
            g[d] = 0;
        }
    if (v >= 0) {
        double hz[MDL_N_DOMAINS], rw[MDL_N_DOMAINS];
        int ev = pick_event(hz, rw, v * person_hazards(c, old, fits, tr, vuln, youth, hz, rw));
        if (ev >= MDL_N_DOMAINS) {
            g[ev - MDL_N_DOMAINS] = 0;
            q[Q_RECOVERED]++;
        } else if (ev >= 0) {
            if ((float)g[ev] < p->onset_severity)
                g[ev] = (float)p->onset_severity;
            touched |= 1u << ev;
            q[Q_ONSET]++;
        }
    }
    if ((float)g[DOM_HOUSING] < floor_housing) {
        g[DOM_HOUSING] = floor_housing;
        touched |= 1u << DOM_HOUSING;
    }
    return touched;
}

/* One living person's tick: "present" (bit d: a problem in domain d), "word" its random word.
 * The new severities are kept as doubles ("g", 0 where nothing changes) until they are
 * rounded once to floats, as they were stored before. */
static inline __attribute__((always_inline)) void person_tick(sim_world *w, const prob_ctx *c, uint32_t i,
                                                              unsigned present, uint32_t word, uint32_t q[Q_N])
{
    prob_state *s = c->s;
    const double y = c->y;
    const float severe_at = c->severe_at;
    const float vanish = c->vanish;
    int32_t h = s->household[i];
    /* the present domains' severities at the start of the tick and after it (the others
     * are set only where one may change, by person_events) */
    float old[MDL_N_DOMAINS];
    double g[MDL_N_DOMAINS];
    int32_t bd = s->birth_day[i];
    int cls = bd > c->born18 ? 0 : bd > c->born23 ? 1 : 2;
    float floor_housing = c->floor_of[s->housing[h]];
    double vuln = s->vuln[i], v = 0;
    /* one word for the person: whether a problem starts or ends */
    double u = word * (1.0 / 4294967296.0);
    int hit = 0;
    float housing_now = 0;
    if (present == 0 && cls != 0) {
        /* an adult without problems: only an onset can happen (no spillover, no parents'
         * stress), and nothing changes without one */
        if (calm_without_problems(c->onset_sum[cls], y, vuln, 0, 0, u, floor_housing, &hit, &v)) {
            q[Q_SEVERE] += (unsigned)c->zero_severe;
            return;
        }
    }
    unsigned tr = s->treated[i];
    double youth = cls == 0 ? youth_spill(c, i, h, bd, tr) : 0;
    if (present != 0) {
        hit = person_grow(c, i, h, bd, present, c->fits[cls], tr, vuln, youth, u, old, g, &v);
        housing_now = present >> DOM_HOUSING & 1u ? (float)g[DOM_HOUSING] : 0;
    } else if (cls == 0) {
        /* a child without problems: only an onset can happen, and nothing changes without one */
        if (calm_without_problems(c->onset_sum[0], y, vuln, 1, youth, u, floor_housing, &hit, &v)) {
            q[Q_SEVERE] += (unsigned)c->zero_severe;
            return;
        }
    } /* else: an adult without problems, drawn above */
    unsigned touched = present;
    if (hit || housing_now < floor_housing)
        touched = person_events(c, present, c->fits[cls], tr, vuln, youth, hit ? v : -1, floor_housing, old, g, q);
    /* domains left untouched stay at 0; the shares' counts through a pointer to the first, so
     * that a domain indexes them as it does the severities (q[Q_SHARE0 + d] took an add and
     * a sign extension of its own) */
    int severe = c->zero_severe;
    uint32_t *const share = q + Q_SHARE0;
    for (unsigned m = touched; m; m &= m - 1) {
        int d = __builtin_ctz(m);
        float nw = (float)g[d];
        float x = nw < vanish ? 0 : nw > 1 ? 1 : nw;
        if (x != old[d]) /* an unchanged row (LVB, a held problem) stays clean in the cache */
            s->prob[d][i] = x;
        share[d] += x > 0.05f;
        if (x >= severe_at) {
            severe = 1;
            if (old[d] < severe_at) {
                q[Q_ESC]++;
                sim_emit(w, s->e_escalated, h, (int32_t)i, d, x);
            }
        }
    }
    q[Q_SEVERE] += (unsigned)severe;
}

/* person_tick out of line, for the rare persons without problems ("present" 0) whose tick
 * may change something (a new problem or a housing floor), so that the block's loops stay
 * small. */
static __attribute__((noinline)) void stirring_tick(sim_world *w, const prob_ctx *c, uint32_t i, unsigned present,
                                                   uint32_t word, uint32_t q[Q_N])
{
    person_tick(w, c, i, present, word, q);
}

/* fa[k], 1 for an adult without problems (fq[k]) whose word is below "la", and fc[k], 1 for
 * a child without problems (fk[k]) whose word is below "lk": vectorised compares, the
 * block's words read once for both, and the persons' flags joined in the same loop (two
 * masks to make of them, not four). */
MDL_VECTOR
static void block_below(const uint32_t *restrict word, uint32_t la, uint32_t lk, const uint8_t *restrict fq,
                        const uint8_t *restrict fk, uint8_t *restrict fa, uint8_t *restrict fc)
{
    for (uint32_t k = 0; k < PROB_BLOCK; k++) {
        fa[k] = fq[k] & (word[k] < la);
        fc[k] = fk[k] & (word[k] < lk);
    }
}

/* The mask of the persons of a block flagged in "who" whose tick may change something: a
 * word below "bound", from the flags "below" of block_below, which compared the words with
 * the bound clamped to 32 bits (every word is below a larger one), or a housing floor (bit k
 * of "fl"). */
static inline uint64_t stir_mask(uint64_t bound, const uint8_t *below, const uint8_t *who, uint64_t fl)
{
    uint64_t m = mdl_bytes_mask(bound <= UINT32_MAX ? below : who, PROB_BLOCK);
    return fl ? m | (mdl_bytes_mask(who, PROB_BLOCK) & fl) : m;
}

/* The persons of a chunk, 64 at a time: the adults without problems (most persons), the
 * children without problems and the persons with problems, each found with vectorised
 * compares (span_scan, over 8 blocks at a time). Each person's update reads and writes
 * only its own rows (and its household's stress, read-only here), counts go to sums of
 * integers and events are sorted afterwards, so the order within a block changes nothing.
 * Most adults without problems and children without problems draw no new problem and have
 * no housing floor (prob_ctx.floored): a bound on the words that can give a hit finds most
 * of them in vectorised compares of the block's words (for children, with the largest
 * stress of any household), else person_tick's own test (calm_without_problems) does, and
 * they are only counted; the others go through person_tick. */
static void prob_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    const prob_ctx *c = vc;
    /* the context as the persons with problems read it (person_tick, inlined): a copy on
     * the stack whose address escapes nowhere (person_events, which gets it, keeps none),
     * so that no store can change it, where through "c" the compiler must take every store
     * of a severity (a float, as prob_ctx.vanish) or a count for one that may, and reload
     * the tick's constants for every person */
    const prob_ctx fixed = *c;
    const prob_state *s = c->s;
    /* calm: persons decided in this loop (nothing changes), which count only where a severity
     * of 0 counts as severe (prob_ctx.zero_severe); only then are the adults among them counted */
    uint32_t q[Q_N] = {0}, calm = 0;
    const int zero_severe = c->zero_severe;
    uint8_t *const mark = c->mark;
    int32_t seek_top = 0; /* the chunk's, for mdl_seek_note.top (span_marks) */
    mdl_quad g;
    mdl_quad_init(&g, MDL_PURPOSE(MNO_PROBLEMS, PUR_EVENTS));
    uint32_t wbuf[PROB_BLOCK];
    _Static_assert(PROB_BLOCK == 64, "the masks of a block are 64 bits");
    _Static_assert(PROB_BLOCK == MDL_QUAD_SPAN && SIM_CHUNK % PROB_BLOCK == 0,
                   "a block's words are one batch of mdl_quad");
    /* loop invariants, in locals (the compiler must otherwise reload them after any store) */
    const int32_t *const household = s->household, *const birth = s->birth_day;
    const uint8_t *const housing = s->housing, *const treated = s->treated;
    const float *const vulnerability = s->vuln;
    const int32_t born18 = c->born18;
    const double y = c->y, onset0 = c->onset_sum[0], onset1 = c->onset_sum[1], onset2 = c->onset_sum[2];
    const double onset_adult = onset1 > onset2 ? onset1 : onset2, spill_youth = c->p->spill_parent_youth;
    const float *const floor_of = c->floor_of, *const stress = s->stress;
    const uint64_t *const floored = c->floored;
    /* every household's stress lies in [0, top] when top's bits are those of a float from 0
     * to infinity: stress_body took the largest bits (a NaN or a negative value would have
     * larger ones) */
    const float top = c->top_stress;
    uint32_t top_bits;
    memcpy(&top_bits, &top, sizeof top_bits);
    const int top_valid = top_bits <= 0x7f800000u;
    /* the present domains and flags of a span of blocks (0 past the chunk's end, in its last
     * block) and the blocks' largest vulnerabilities, in one call per span */
    uint32_t span_pres[PROB_SPAN];
    uint8_t span_fq[PROB_SPAN], span_fk[PROB_SPAN], span_fp[PROB_SPAN];
    float span_vmax[PROB_SPAN / PROB_BLOCK];
    for (uint32_t base = b; base < e; base += PROB_BLOCK) {
        uint32_t at = (base - b) % PROB_SPAN;
        if (at == 0) {
            uint32_t len = e - base < PROB_SPAN ? e - base : PROB_SPAN;
            if (len % PROB_BLOCK) {
                uint32_t from = len - len % PROB_BLOCK;
                memset(span_fq + from, 0, PROB_BLOCK);
                memset(span_fk + from, 0, PROB_BLOCK);
                memset(span_fp + from, 0, PROB_BLOCK);
            }
            q[Q_PERSONS] += span_scan(s->prob, base, len, household + base, birth + base, vulnerability + base,
                                      born18, span_pres, span_fq, span_fk, span_fp, span_vmax);
        }
        uint32_t n = e - base < PROB_BLOCK ? e - base : PROB_BLOCK;
        /* the words of persons base + k, k < 64: mdl_quad keeps a batch's words in entity
         * order (word[e / 4 % SIM_RNG_LANES][e & 3] of entity e), and a block that starts a
         * batch is the whole batch, so one call fills them and they are read in place */
        const uint32_t *word = wbuf;
        if (base % MDL_QUAD_SPAN == 0) {
            (void)mdl_quad_word(w, &g, base);
            word = &g.word[0][0];
        } else {
            for (uint32_t k = 0; k < n; k++)
                wbuf[k] = mdl_quad_word(w, &g, base + k);
        }
        const int32_t *restrict hh = household + base, *restrict bd = birth + base;
        const float *restrict vul = vulnerability + base;
        const uint32_t *pres = span_pres + at;
        const float vmax = span_vmax[at / PROB_BLOCK];
        const uint8_t *fq = span_fq + at, *fk = span_fk + at;
        uint64_t troubled = mdl_bytes_mask(span_fp + at, 64);
        /* a bound on the words that can bring a person without problems a new problem: the
         * hazard grows with the vulnerability, and products and sums of non-negative doubles
         * round monotonically, so no person of the block with a word at or above it has one */
        uint64_t wb_adult = word_bound((double)vmax * onset_adult * y);
        /* for the children, the bound with the largest stress of any household: the hazard
         * grows with the stress too, so a child with a word at or above it has no new problem,
         * whatever its parents' stress (without a valid largest stress, none is decided so) */
        uint64_t wb_kid = top_valid ? word_bound(((double)vmax * onset0 + spill_youth * top) * y) : UINT64_MAX;
        /* the adults and children without problems whose tick may change something: those
         * with a word below their bound or a housing floor (person_tick's first test decides
         * for adults, the children's loop below for children) */
        uint8_t fa[PROB_BLOCK], fc[PROB_BLOCK];
        block_below(word, (uint32_t)(wb_adult <= UINT32_MAX ? wb_adult : UINT32_MAX),
                    (uint32_t)(wb_kid <= UINT32_MAX ? wb_kid : UINT32_MAX), fq, fk, fa, fc);
        uint64_t fl = floored[base / 64];
        uint64_t astir = stir_mask(wb_adult, fa, fq, fl), kstir = stir_mask(wb_kid, fc, fk, fl);
        if (zero_severe)
            calm += mdl_popcount64((mdl_bytes_mask(fq, 64) & ~astir) | (mdl_bytes_mask(fk, 64) & ~kstir));
        for (uint64_t m = astir; m; m &= m - 1) {
            uint32_t k = (uint32_t)__builtin_ctzll(m);
            stirring_tick(w, c, base + k, pres[k], word[k], q);
        }
        /* the children without problems whose word is below their bound or with a housing
         * floor: without a floor, no new problem with a word at or above the bound without
         * their parents' stress, or with a uniform at or above the largest hazard that their
         * stress can add, that of a child without protection or treatment (smaller factors
         * give smaller products and sums); else person_tick's test for one (the bound without
         * stress is worked out only for a block with such children, a few in a hundred) */
        if (kstir) {
            uint64_t wb_child = word_bound((double)vmax * onset0 * y);
            for (uint64_t m = kstir; m; m &= m - 1) {
                uint32_t k = (uint32_t)__builtin_ctzll(m), i = base + k;
                int hit;
                double v;
                float st = stress[hh[k]];
                if ((!(fl >> k & 1u) && (st <= 0 ? word[k] >= wb_child
                                                 : word[k] * (1.0 / 4294967296.0) >=
                                                       ((double)vmax * onset0 + spill_youth * st) * y)) ||
                    calm_without_problems(onset0, y, vul[k], 1, youth_spill(c, i, hh[k], bd[k], treated[i]),
                                          word[k] * (1.0 / 4294967296.0), floor_of[housing[hh[k]]], &hit, &v))
                    calm++;
                else
                    stirring_tick(w, c, i, pres[k], word[k], q);
            }
        }
        for (uint64_t m = troubled; m; m &= m - 1) {
            uint32_t k = (uint32_t)__builtin_ctzll(m);
            person_tick(w, &fixed, base + k, pres[k], word[k], q);
        }
        /* the span's persons are done: their marks for helpseek, from its columns in the
         * first-level cache */
        if (mark && (at + PROB_BLOCK == PROB_SPAN || e - base <= PROB_BLOCK)) {
            uint32_t from = base - at;
            span_marks(s->prob, from, base + n - from, birth + from, born18, &c->seek, mark + from, &seek_top);
        }
    }
    q[Q_SEVERE] += calm * (unsigned)zero_severe;
    for (int k = 0; k < Q_N; k++)
        acc[k] += q[k];
    if (mark) {
        float v;
        memcpy(&v, &seek_top, sizeof v);
        stress_raise(c->seek_top, v);
    }
}

/* the names of the world's scratch buffers (sim_scratch) of prob_ctx.floored and of the
 * marks for helpseek (prob_ctx.mark) */
static const char scr_floored, scr_mark;

static void prob_step(sim_world *w, const void *vp, void *vs)
{
    prob_state *s = vs;
    const mdl_problems_params *p = vp;
    int32_t day = sim_day(w);
    prob_ctx c = {s, p, sim_days_per_tick(w) / 365.2425, 0,
                  mdl_birth_cut(day, 18), mdl_birth_cut(day, 23), mdl_birth_cut(day, 24),
                  {0}, {0}, {0}, {{0}}, {0}, p->severe_threshold <= 0, 0, (float)p->vanish_severity,
                  {0},
                  {{DOM_MONEY, DOM_MENTAL, p->spill_money_mental}, {DOM_MENTAL, DOM_MONEY, p->spill_mental_money},
                   {DOM_WORK, DOM_MONEY, p->spill_work_money}, {DOM_MENTAL, DOM_WORK, p->spill_mental_work},
                   {DOM_HOUSING, DOM_MENTAL, p->spill_housing_mental}, {DOM_LVB, DOM_MONEY, p->spill_lvb_money},
                   {DOM_CARE, DOM_MENTAL, p->spill_care_mental}},
                  {0}, {0}, {0}, {0}, NULL, 0, {0, 0, 0, 0, 0, 0, 0, 0, NULL}, NULL, NULL};
    /* parenting only under 23; money, work, care and housing only for adults */
    unsigned always = 1u << DOM_MENTAL | 1u << DOM_LVB, par = 1u << DOM_PARENTING;
    unsigned adult = (1u << MDL_N_DOMAINS) - 1 - always - par;
    c.fits[0] = always | par;
    c.fits[1] = always | par | adult;
    c.fits[2] = always | adult;
    for (unsigned m = 0; m < 1u << MDL_N_DOMAINS; m++)
        for (int d = 0; d < MDL_N_DOMAINS; d++)
            c.onset_of[m] += m >> d & 1u ? p->onset_per_year[d] : 0;
    for (int k = 0; k < 3; k++)
        c.onset_sum[k] = c.onset_of[c.fits[k]];
    c.y_bound = c.y * (1 + 0x1p-30);
    for (unsigned m = 0; m < 1u << MDL_N_DOMAINS; m++)
        for (int k = 0; k < N_SPILL; k++) {
            c.spill_from[m] |= (uint8_t)((m >> c.sp[k].from & 1u) << k);
            c.spill_into[m] |= (uint8_t)((m >> c.sp[k].to & 1u) << k);
        }
    for (unsigned m = 0; m < 1u << N_SPILL; m++)
        for (int k = 0; k < N_SPILL; k++)
            c.spill_sum[m] += m >> k & 1u ? c.sp[k].rate : 0;
    for (int d = 0; d < MDL_N_DOMAINS; d++) {
        double esc_y = p->escalation_per_year[d] * c.y;
        c.esc_tr[d][0] = esc_y * 1.0;
        c.esc_tr[d][1] = esc_y * p->treated_escalation;
        c.recovery[d] = p->recovery_per_year[d];
    }
    for (unsigned m = 0; m < 1u << MDL_N_DOMAINS; m++)
        for (int d = 0; d < MDL_N_DOMAINS; d++)
            c.recovery_sum[m] += m >> d & 1u ? c.recovery[d] : 0;
    c.severe_at = mdl_care_float_threshold(p->severe_threshold);
    for (int hs = 0; hs < 256; hs++)
        c.floor_of[hs] = housing_floor((float)p->street_housing_floor, (float)p->with_others_housing_floor, (uint8_t)hs);
    double acc[Q_N] = {0};
    uint32_t np = sim_world_count(w, SIM_PERSON), nwords = (np + 63) / 64;
    if (!(c.floored = sim_scratch(w, &scr_floored, (size_t)nwords + 1, sizeof *c.floored))) {
        sim_world_fail(w, "problems: out of memory");
        return;
    }
    sim_for_zero(w, c.floored, nwords, sizeof *c.floored);
    /* the marks for helpseek, once its step has left its thresholds (mdl_seek_note) */
    mdl_seek_note *note = sim_world_note(w, MDL_NOTE_SEEK, sizeof *note);
    if (note && note->armed) {
        c.seek = *note;
        c.seek_top = &note->top;
        note->top = 0;
        c.mark = sim_scratch(w, &scr_mark, (size_t)np + 1, 1);
    }
    if (!note || (note->armed && !c.mark)) {
        sim_world_fail(w, "problems: out of memory");
        return;
    }
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), house_body, &c, NULL, 0); /* 30 MB of stress at national scale */
    sim_for(w, sim_world_count(w, SIM_PERSON), stress_body, &c, NULL, 0);
    sim_for(w, sim_world_count(w, SIM_PERSON), prob_body, &c, acc, Q_N);
    if (c.mark) {
        note->mark = c.mark;
        note->tick1 = sim_tick(w) + 1;
        note->persons = np;
        note->phase = sim_phase_index(w);
    }
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        sim_ind_set(w, s->i_share[d], acc[Q_PERSONS] > 0 ? acc[Q_SHARE0 + d] / acc[Q_PERSONS] : 0);
    sim_ind_set(w, s->i_severe, acc[Q_SEVERE]);
    sim_ind_set(w, s->i_escalated, acc[Q_ESC]);
    sim_ind_set(w, s->i_onsets, acc[Q_ONSET]);
    sim_ind_set(w, s->i_recovered, acc[Q_RECOVERED]);
}

const sim_model mdl_problems = {"problems", "Problem onset, escalation, spillover and recovery.",
                                &mdl_problems_section, sizeof(prob_state), prob_init, prob_step};
