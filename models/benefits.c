/* benefits.c: each tick, the bijstand of every household with recipients: benefit units
 * (a single recipient, or head and partner), their cost-sharers under the kostendelersnorm
 * on the tick's date (dated age limit and norm amount), and the cut that the norm makes.
 * Variants: strict national rule, case-by-case art. 16 exceptions for co-residents in
 * acute need, or no norm. It does not decide who is on bijstand (households.c does). */
#include "benefits.h"
#include "../sim/nabij.h"
#include "common.h"
#include "rules.h"
#include <math.h>

static const scn_param params[] = {
    SCN_P_ENUM(mdl_benefits_params, kostendelersnorm, "strict|art16|abolished", KDN_STRICT,
               "Participatiewet art. 22a (strict); art. 16 (urgent reasons, case by case); "
               "abolished is a policy scenario (seed 000 §8)",
               "Variant of the kostendelersnorm."),
    SCN_P_DATED(mdl_benefits_params, kdn_age_limit, 18, 99, "2015-01-01=21,2023-01-01=27",
                "years", "Participatiewet art. 22a: co-residents count from 21; from 1 January 2023 from 27",
                "Age from which a co-resident counts as cost-sharer, by date."),
    SCN_P_DATED(mdl_benefits_params, norm_couple_eur_per_month, 0, 10000,
                "2015-01-01=1372.62,2024-01-01=1834.04", "EUR/month",
                "Participatiewet art. 21-22a, norm amounts incl. holiday pay (SZW, 1 Jan 2015 and "
                "1 Jan 2024); add the half-yearly amounts in between as scenario data",
                "B: the married-couple norm for 21+ including holiday pay."),
    SCN_P_REAL(mdl_benefits_params, art16_exception_rate, 0, 1, 0.3, "probability",
               "assumption: seed 000 §8, municipalities 'rarely dare' to use art. 16",
               "With the art16 variant: probability that a household with a co-resident in acute need gets an exception."),
    SCN_P_REAL(mdl_benefits_params, art16_need_threshold, 0, 1, 0.5, "severity 0..1",
               "assumption: art. 16 is for acute emergencies only (narrow reading)",
               "Severity of a co-resident's worst problem from which the need counts as acute."),
};
const scn_section mdl_benefits_section =
    SCN_SECTION("benefits", "Bijstand and the kostendelersnorm (Participatiewet).",
                mdl_benefits_params, params);

enum { PUR_ART16 = 0 };

typedef struct ben_state {
    const int32_t *hh_first, *birth_day;
    const uint8_t *members, *income, *student, *lodger, *registered;
    float *prob[MDL_N_DOMAINS];
    float *benefit, *cut;
    uint8_t *sharers, *exception;
    int ind_units, ind_cut_hh, ind_cut_eur, ind_cost, ind_exceptions;
    int ev_cut;
} ben_state;

static int ben_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    ben_state *s = vs;
    s->hh_first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->members = sim_col(w, SIM_HOUSEHOLD, "members");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->student = sim_col(w, SIM_PERSON, "student_finance");
    s->lodger = sim_col(w, SIM_PERSON, "commercial_lodger");
    s->registered = sim_col(w, SIM_PERSON, "registered");
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        s->prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
    if (!s->hh_first || !s->income || !s->prob[0]) {
        sim_world_fail(w, "benefits needs the population model before it");
        return NABIJ_EINVAL;
    }
    if (!(s->benefit = sim_col_add(w, SIM_HOUSEHOLD, "benefit_eur_per_month", SIM_F32,
                                   SIM_COL_SNAPSHOT, "EUR/month", "Bijstand paid to the household.")) ||
        !(s->cut = sim_col_add(w, SIM_HOUSEHOLD, "kdn_cut_eur_per_month", SIM_F32, SIM_COL_SNAPSHOT,
                               "EUR/month", "Cut of the bijstand by the kostendelersnorm.")) ||
        !(s->sharers = sim_col_add(w, SIM_HOUSEHOLD, "cost_sharers", SIM_U8, 0, "persons",
                                   "Cost-sharers A of the household's benefit units.")) ||
        !(s->exception = sim_col_add(w, SIM_HOUSEHOLD, "art16_exception", SIM_U8, 0, "0/1",
                                     "An art. 16 exception waives the cut.")))
        return NABIJ_ENOMEM;
    s->ind_units = sim_ind_add(w, "households_bijstand", "households", "Households receiving bijstand.");
    s->ind_cut_hh = sim_ind_add(w, "households_kdn_cut", "households",
                                "Households whose bijstand is cut by the kostendelersnorm.");
    s->ind_cut_eur = sim_ind_add(w, "kdn_cut_eur_per_month", "EUR/month",
                                 "Sum of kostendelersnorm cuts (monthly rate).");
    s->ind_cost = sim_ind_add(w, "cost_bijstand_eur", "EUR per tick",
                              "Bijstand paid in this tick (municipality, financed by the state's BUIG budget).");
    s->ind_exceptions = sim_ind_add(w, "households_art16_exception", "households",
                                    "Households with an art. 16 exception to the kostendelersnorm.");
    s->ev_cut = sim_event_kind_add(w, "kdn_cut_changed",
                                   "The household's bijstand cut by the kostendelersnorm became {amount} a month.",
                                   NULL);
    return s->ev_cut < 0 ? s->ev_cut : 0;
}

typedef struct ben_ctx {
    ben_state *s;
    const mdl_benefits_params *p;
    int age_limit;
    double b;
} ben_ctx;

/* acc: [households on bijstand, households cut, cut EUR/month, benefit EUR/month, exceptions] */
static void ben_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    ben_ctx *c = vc;
    ben_state *s = c->s;
    int32_t day = sim_day(w);
    for (uint32_t h = b; h < e; h++) {
        int n = s->members[h];
        int32_t f = s->hh_first[h];
        mdl_kdn_member m[256];
        int recipients_head = 0, other_recipients = 0;
        float worst_other_need = 0;
        for (int k = 0; k < n; k++) {
            uint32_t i = (uint32_t)(f + k);
            int age = mdl_age_years(s->birth_day[i], day);
            int rec = s->income[i] == INC_BIJSTAND && age >= 18;
            int partner_unit = k < 2 && rec && (k == 0 || mdl_age_years(s->birth_day[f], day) >= 18);
            /* the municipality counts whom the register shows: paper deregistration hides a co-resident */
            m[k] = (mdl_kdn_member){age, s->registered[i], s->lodger[i], s->student[i], rec};
            if (partner_unit)
                recipients_head++;
            else if (rec)
                other_recipients++;
            if (!rec)
                for (int d = 0; d < MDL_N_DOMAINS; d++)
                    if (s->prob[d][i] > worst_other_need)
                        worst_other_need = s->prob[d][i];
        }
        float old_cut = s->cut[h];
        if (recipients_head + other_recipients == 0) {
            s->benefit[h] = s->cut[h] = 0;
            s->sharers[h] = 0;
        } else {
            int a = mdl_kdn_cost_sharers(m, n, c->age_limit);
            int apply = c->p->kostendelersnorm != KDN_ABOLISHED;
            if (c->p->kostendelersnorm == KDN_ART16 && a > recipients_head + other_recipients &&
                worst_other_need >= c->p->art16_need_threshold) {
                if (!s->exception[h]) {
                    sim_rng_stream r;
                    sim_rng_init(&r, sim_seed(w), MDL_PURPOSE(MNO_BENEFITS, PUR_ART16), h, 0);
                    s->exception[h] = (uint8_t)(1 + sim_rng_bernoulli(&r, c->p->art16_exception_rate));
                }
                if (s->exception[h] == 2)
                    apply = 0;
            }
            double full = 0, paid = 0;
            if (recipients_head) {
                full += mdl_kdn_benefit(recipients_head, a, c->b, 0);
                paid += mdl_kdn_benefit(recipients_head, a, c->b, apply);
            }
            for (int k = 0; k < other_recipients; k++) {
                full += mdl_kdn_benefit(1, a, c->b, 0);
                paid += mdl_kdn_benefit(1, a, c->b, apply);
            }
            s->benefit[h] = (float)paid;
            s->cut[h] = (float)(full - paid);
            s->sharers[h] = (uint8_t)(a > 255 ? 255 : a);
            acc[0] += 1;
            acc[1] += s->cut[h] > 0.005f;
            acc[2] += s->cut[h];
            acc[3] += paid;
            acc[4] += s->exception[h] == 2;
        }
        if (fabsf(s->cut[h] - old_cut) > 0.5f && sim_tick(w) > 0)
            sim_emit(w, s->ev_cut, (int32_t)h, -1, -1, s->cut[h]);
    }
}

static void ben_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_benefits_params *p = vp;
    ben_state *s = vs;
    ben_ctx c = {s, p, (int)lround(scn_dated_at(&p->kdn_age_limit, sim_day(w))),
                 scn_dated_at(&p->norm_couple_eur_per_month, sim_day(w))};
    double acc[5] = {0};
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), ben_body, &c, acc, 5);
    sim_ind_set(w, s->ind_units, acc[0]);
    sim_ind_set(w, s->ind_cut_hh, acc[1]);
    sim_ind_set(w, s->ind_cut_eur, acc[2]);
    sim_ind_set(w, s->ind_cost, acc[3] * sim_days_per_tick(w) / (365.2425 / 12));
    sim_ind_set(w, s->ind_exceptions, acc[4]);
}

const sim_model mdl_benefits = {"benefits", "Bijstand and the kostendelersnorm.",
                                &mdl_benefits_section, sizeof(ben_state), ben_init, ben_step};
