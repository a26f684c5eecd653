/* benefits.c: each tick, the bijstand of every household with recipients: benefit units
 * (a single recipient, or two partners), their cost-sharers under the kostendelersnorm on
 * the tick's date (dated age limit and norm amount) among everyone living in the dwelling
 * (guests and hosts included), and the cut that the norm makes; and each household's net
 * income. Variants: strict national rule, case-by-case art. 16 exceptions for co-residents
 * in acute need, or no norm. It does not decide who is on bijstand (households.c does). */
#include "benefits.h"
#include "../sim/nabij.h"
#include "common.h"
#include "quick.h"
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
    SCN_P_DATED(mdl_benefits_params, kdn_new_cases, 0, 1, "1900-01-01=0,2015-01-01=1", "0/1",
                "Participatiewet art. 22a, in force from 1 January 2015 (DOMAIN.md 3)",
                "Whether the kostendelersnorm applies to new cases, by date: 0 not yet, 1 from then on. A "
                "case that starts before it does is an existing case (households.kdn_existing_case)."),
    SCN_P_DATED(mdl_benefits_params, kdn_existing_cases, 0, 1, "2015-01-01=0,2015-07-01=1", "0/1",
                "Participatiewet art. 22a: the norm applies to new cases from 1 January 2015 and to existing "
                "ones from 1 July 2015 (DOMAIN.md 3)",
                "Whether the kostendelersnorm applies to the existing cases (households.kdn_existing_case: "
                "running when the run starts, or started before kdn_new_cases), by date: 0 not yet, 1 from "
                "then on."),
    SCN_P_DATED(mdl_benefits_params, norm_couple_eur_per_month, 0, 10000,
                "2015-01-01=1372.62,2017-01-01=1403.98,2017-07-01=1409.31,2018-01-01=1417.32,"
                "2018-07-01=1423.66,2019-01-01=1465.07,2019-07-01=1472.03,2020-07-01=1509.11,"
                "2021-07-01=1541,2023-01-01=1708.08,2024-01-01=1834.04",
                "EUR/month",
                "Participatiewet art. 21-22a, norm amounts incl. holiday pay, as SZW publishes them twice a "
                "year: 1 Jan 2015 and 1 Jan 2024 (DOMAIN.md); 1 Jan 2017, 1 Jan 2019 and 1 Jan 2023 (SZW, "
                "Uitkeringsbedragen per 1 januari); 1 Jul 2017 (Stcrt. 2017, 36285); 1 Jan and 1 Jul 2018, "
                "1 Jul 2021 (municipal tables); 1 Jul 2019 (from the 120 % norm) and 1 Jul 2020 (from the "
                "amount without holiday pay, + 5 %) derived; the half years missing here keep the amount "
                "before them",
                "B: the married-couple norm for 21+ including holiday pay."),
    SCN_P_REAL(mdl_benefits_params, art16_exception_rate, 0, 1, 0.3, "probability",
               "assumption: seed 000 §8, municipalities 'rarely dare' to use art. 16",
               "With the art16 variant: probability that a household with a co-resident in acute need gets an exception."),
    SCN_P_REAL(mdl_benefits_params, art16_need_threshold, 0, 1, 0.5, "severity 0..1",
               "assumption: art. 16 is for acute emergencies only (narrow reading)",
               "Severity of a co-resident's worst problem from which the need counts as acute."),
    SCN_P_DATED(mdl_benefits_params, aow_eur_per_month, 0, 10000, "2015-01-01=1110,2024-01-01=1536",
                "EUR/month",
                "SVB: a single person's AOW from 1 July 2014, net with tax credit EUR 1,045.29 plus holiday pay "
                "EUR 70.87 gross a month; from 1 January 2024 EUR 1,459.53 plus 76.20 (rounded; amounts in between "
                "not entered). Until 2026-11-27 1,100 and 1,400",
                "Net state pension (AOW) of a pensioner without a partner, including holiday pay, for household income."),
    SCN_P_DATED(mdl_benefits_params, aow_couple_eur_per_month, 0, 10000, "2015-01-01=772,2024-01-01=1046",
                "EUR/month",
                "SVB: AOW per person of a couple (Algemene Ouderdomswet art. 9: 50 % of the net minimum wage "
                "against 70 % alone) from 1 July 2014, net with tax credit EUR 721.69 plus holiday pay EUR 50.61 "
                "gross a month; from 1 January 2024 EUR 991.87 plus 54.44 (rounded)",
                "Net state pension (AOW) of a pensioner with a partner in the household, whatever the partner's "
                "age (no partner supplement for new pensioners since 2015), including holiday pay."),
    SCN_P_REAL(mdl_benefits_params, disability_eur_per_month, 0, 10000, 1100, "EUR/month",
               "assumption: Wajong/WIA net about 70-75 % of the minimum wage",
               "Net disability benefit per recipient, for household income."),
    SCN_P_REAL(mdl_benefits_params, unemployment_share_of_wage, 0, 1, 0.7, "share of wage",
               "Werkloosheidswet art. 47: 75 % of the daily wage for two months, then 70 %",
               "Unemployment benefit (WW) as a share of the last wage, for household income."),
    SCN_P_REAL(mdl_benefits_params, study_finance_eur_per_month, 0, 5000, 300, "EUR/month",
               "assumption: DUO basic grant and supplementary grant, roughly",
               "Study finance per student, for household income."),
};
const scn_section mdl_benefits_section =
    SCN_SECTION("benefits", "Bijstand and the kostendelersnorm (Participatiewet).",
                mdl_benefits_params, params);

enum { PUR_ART16 = 0 };

typedef struct ben_state {
    const int32_t *hh_first, *birth_day, *next, *partner, *host, *guest;
    const uint8_t *income, *student, *lodger, *registered;
    const float *wage;
    float *prob[MDL_N_DOMAINS];
    float *benefit, *cut, *hh_income, *gain;
    const int32_t *san_ticks; /* art. 18 sanctions (optional: sanctions model) */
    const float *san_share;
    uint8_t *sharers, *exception, *existing;
    int ind_units, ind_cut_hh, ind_cut_eur, ind_cost, ind_exceptions, ind_share_cut, ind_held;
    int ev_cut;
} ben_state;

static int ben_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    ben_state *s = vs;
    s->hh_first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->host = sim_col(w, SIM_HOUSEHOLD, "host_household");
    s->guest = sim_col(w, SIM_HOUSEHOLD, "guest_household");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->next = sim_col(w, SIM_PERSON, "next_member");
    s->partner = sim_col(w, SIM_PERSON, "partner");
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->wage = sim_col(w, SIM_PERSON, "wage_eur_per_month");
    s->student = sim_col(w, SIM_PERSON, "student_finance");
    s->lodger = sim_col(w, SIM_PERSON, "commercial_lodger");
    s->registered = sim_col(w, SIM_PERSON, "registered");
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        s->prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
    if (!s->hh_first || !s->income || !s->prob[0] || !s->next || !s->host) {
        sim_world_fail(w, "benefits needs the population model before it");
        return NABIJ_EINVAL;
    }
    if (!(s->benefit = sim_col_add(w, SIM_HOUSEHOLD, "benefit_eur_per_month", SIM_F32,
                                   SIM_COL_SNAPSHOT, "EUR/month", "Bijstand paid to the household.")) ||
        !(s->cut = sim_col_add(w, SIM_HOUSEHOLD, "kdn_cut_eur_per_month", SIM_F32, SIM_COL_SNAPSHOT,
                               "EUR/month", "Cut of the bijstand by the kostendelersnorm.")) ||
        !(s->hh_income = sim_col_add(w, SIM_HOUSEHOLD, "income_eur_per_month", SIM_F32, SIM_COL_SNAPSHOT,
                                     "EUR/month", "Net household income: wages, benefits, pensions, study finance.")) ||
        !(s->sharers = sim_col_add(w, SIM_HOUSEHOLD, "cost_sharers", SIM_U8, 0, "persons",
                                   "Cost-sharers A of the household's first benefit unit (0: no bijstand).")) ||
        !(s->exception = sim_col_add(w, SIM_HOUSEHOLD, "art16_exception", SIM_U8, 0, "0/1/2",
                                     "Art. 16 decision: 0 none asked, 1 refused, 2 granted (waives the cut).")) ||
        !(s->gain = sim_col_add(w, SIM_HOUSEHOLD, "bijstand_paper_gain_eur_per_month", SIM_F32, 0, "EUR/month",
                                "Bijstand paid above what it would be if everyone in the dwelling were registered "
                                "there (paper deregistration; fraud.c reclaims it).")) ||
        !(s->existing = sim_col_add(w, SIM_HOUSEHOLD, "kdn_existing_case", SIM_U8, 0, "0/1",
                                    "1: the household's bijstand has run without a break since the start of the "
                                    "run or since before benefits.kdn_new_cases (the kostendelersnorm's "
                                    "transition for existing cases).")))
        return NABIJ_ENOMEM;
    s->ind_units = sim_ind_add(w, "households_bijstand", "households", "Households receiving bijstand.");
    s->ind_cut_hh = sim_ind_add(w, "households_kdn_cut", "households",
                                "Households whose bijstand is cut by the kostendelersnorm.");
    s->ind_share_cut = sim_ind_add(w, "share_bijstand_households_kdn_cut", "share of households",
                                   "Share of bijstand households cut by the kostendelersnorm.");
    s->ind_cut_eur = sim_ind_add(w, "kdn_cut_eur_per_month", "EUR/month",
                                 "Sum of kostendelersnorm cuts (monthly rate).");
    s->ind_cost = sim_ind_add(w, "cost_municipality_bijstand_eur", "EUR per tick",
                              "Bijstand paid in this tick (municipality, financed by the state's BUIG budget).");
    s->ind_exceptions = sim_ind_add(w, "households_art16_exception", "households",
                                    "Households whose kostendelersnorm cut an art. 16 exception waives this tick.");
    s->ind_held = sim_ind_add(w, "bijstand_withheld_eur", "EUR per tick",
                              "Bijstand withheld by art. 18 sanctions in this tick (not paid, so not in the cost).");
    s->ev_cut = sim_event_kind_add(w, "kdn_cut_changed",
                                   "The household's bijstand cut by the kostendelersnorm became {amount} a month.",
                                   NULL);
    return s->ev_cut < 0 ? s->ev_cut : 0;
}

#define KDN_MAX 64 /* persons in one dwelling considered; more are ignored */

typedef struct ben_ctx {
    ben_state *s;
    const mdl_benefits_params *p;
    int age_limit;
    unsigned force;   /* mdl_kdn_in_force: the cases the norm reaches */
    int first_tick;   /* the run's first tick: the cases running now are the existing ones */
    double b;
    /* mdl_kdn_benefit of a unit of 1 or 2 recipients (index r - 1) without the norm (full) and
     * with it for each count of cost-sharers up to KDN_MAX (norm), worked out once a tick
     * instead of a division or two for every benefit unit */
    double full[2], norm[2][KDN_MAX + 1];
    /* income of a member by income source x: of_wage[x] x wage + fixed[x + 8 x has a partner] (the
     * AOW of a pensioner with a partner is the couple's rate) */
    double of_wage[8], fixed[16];
    /* the same tables for ben_body's sum without branches, indexed by the whole income byte
     * (of_wage) and by twice it plus 1 for a member without a partner (fixed), so that the
     * index takes no masking and one address computation; the fixed income of bijstand is NaN
     * there: a sum that is not NaN had nobody on bijstand, as NaN stays in every sum it enters;
     * sum_fixed holds no -0, so that no member's income is -0 and a sum may start at its first
     * member's (0 + y is y for every other y, and an add of +0 for -0 leaves a sum that is not -0
     * as it is) */
    double sum_of_wage[256], sum_fixed[512];
} ben_ctx;

/* Everyone living in the dwelling of a household with someone on bijstand, as the
 * kostendelersnorm sees them, and its own members' income, from one walk over its members
 * (dwelling). */
typedef struct ben_dwelling {
    int n, own;    /* persons (at most KDN_MAX), the household's own members the first "own" */
    int hidden;    /* one of them is registered elsewhere */
    int any;       /* one of its own members is on bijstand */
    double income; /* its own members' net income besides bijstand */
    int32_t idx[KDN_MAX]; /* their person indices */
    mdl_kdn_member m[KDN_MAX]; /* recipient flags cleared */
} ben_dwelling;

/* Person "i" as the next of dwelling "d", if there is room. */
static inline void dwelling_add(const ben_state *s, int32_t i, int32_t day, ben_dwelling *d)
{
    if (d->n == KDN_MAX)
        return;
    /* the municipality counts whom the register shows: paper deregistration hides a
     * co-resident */
    int reg = s->registered[i];
    d->hidden |= !reg;
    /* whole years as mdl_age_years, by a multiplication (the same for any age under 400
     * years) */
    mdl_kdn_member *m = &d->m[d->n];
    m->age_years = (int)((day - s->birth_day[i]) * (1.0 / 365.2425));
    m->main_residence = reg;
    m->commercial = s->lodger[i];
    m->student_finance = s->student[i];
    m->recipient = 0;
    d->idx[d->n++] = i;
}

/* The dwelling of household "h" into "d": its members, then those of its host or its
 * guests; the income of its own members (every one of them, in their order) by ben_ctx's
 * tables in the same walk (before, a walk of its own: each member's row is read once). */
static void dwelling(const ben_state *s, const ben_ctx *c, uint32_t h, int32_t day, ben_dwelling *d)
{
    double sum = 0;
    int any = 0;
    d->n = d->hidden = 0;
    for (int32_t i = s->hh_first[h]; i >= 0; i = s->next[i]) {
        unsigned x = s->income[i] & 7u;
        sum += c->of_wage[x] * s->wage[i] + c->fixed[x | (unsigned)(s->partner[i] >= 0) << 3];
        any |= x == INC_BIJSTAND;
        dwelling_add(s, i, day, d);
    }
    d->own = d->n;
    d->income = sum;
    d->any = any;
    int32_t other = s->host[h] >= 0 ? s->host[h] : s->guest[h];
    if (other >= 0)
        for (int32_t i = s->hh_first[other]; i >= 0 && d->n < KDN_MAX; i = s->next[i])
            dwelling_add(s, i, day, d);
}

enum { B_UNITS, B_CUT_HH, B_CUT_EUR, B_PAID, B_EXC, B_HELD, B_N };

/* A chunk's sums over its households with bijstand, kept in ben_body's frame (the counts as
 * integers) and added to its acc once at the end: through acc, which a store into a byte
 * column may alias, each sum took a load and a store for every such household. The doubles
 * are summed in the same order from +0, as acc (zeroed per chunk by sim_for) was, and 0 plus
 * a sum is that sum: the same bits. */
typedef struct ben_sums {
    int units, cut_hh, exc;
    double cut_eur, paid, held;
} ben_sums;

/* Cost-sharers of a recipient registered elsewhere (a guest on paper): for the municipality
 * it lives at that address, with those of its own household (the first "own" of "m")
 * registered there too; the others in this dwelling do not count (before, the host's members
 * cut the guest's bijstand while the host's did not count the guest). Out of line: rare, and
 * its loops kept out of units_paid. */
static __attribute__((noinline)) int sharers_away(mdl_kdn_member *m, int n, int own, int age_limit)
{
    int seen[KDN_MAX];
    for (int q = 0; q < n; q++) {
        seen[q] = m[q].main_residence;
        m[q].main_residence = q < own && !seen[q];
    }
    int a = mdl_kdn_cost_sharers(m, n, age_limit);
    for (int q = 0; q < n; q++)
        m[q].main_residence = seen[q];
    return a;
}

/* The bijstand of a household's benefit units (units_paid). */
typedef struct ben_units {
    int units;   /* benefit units */
    int sharers; /* cost-sharers of the first */
    int waived;  /* an art. 16 exception waives a cut */
    double paid, cut;
} ben_units;

/* Bijstand of the benefit units of household "h" (its members on bijstand, singles and
 * couples) under the kostendelersnorm over everyone in its dwelling "d", into "u". With
 * "as_registered" (everyone in "d" counted as registered where they live), nothing is
 * written (an art. 16 exception not yet decided counts as not granted). Inlined into both
 * calls in with_bijstand: as a call it stored and loaded its arguments, the dwelling's
 * counts and the units' results through memory for every household on bijstand. */
static inline __attribute__((always_inline)) void units_paid(sim_world *w, const ben_ctx *c, uint32_t h,
                                                             ben_dwelling *d, int as_registered, ben_units *u)
{
    ben_state *s = c->s;
    const mdl_benefits_params *p = c->p;
    mdl_kdn_member *m = d->m;
    const int32_t *idx = d->idx;
    int n = d->n, own = d->own;
    double full = 0, paid = 0;
    float worst_other_need = 0;
    u->waived = 0;
    u->sharers = 0;
    for (int k = 0; k < n && p->kostendelersnorm == KDN_ART16; k++) { /* only art. 16 asks */
        int32_t i = idx[k];
        if (s->income[i] == INC_BIJSTAND)
            continue;
        for (int dm = 0; dm < MDL_N_DOMAINS; dm++)
            if (s->prob[dm][i] > worst_other_need)
                worst_other_need = s->prob[dm][i];
    }
    /* existing cases keep the full norm until the transition date */
    int in_force = mdl_kdn_applies(p, c->force, s->existing[h]), units = 0;
    for (int k = 0; k < own; k++) {
        int32_t i = idx[k];
        if (s->income[i] != INC_BIJSTAND || m[k].age_years < 18)
            continue;
        int32_t pt = s->partner[i];
        int kq = -1; /* the partner's row: a partner always counts (art. 22a; rules.h) */
        if (pt >= 0) {
            if (pt < i && s->income[pt] == INC_BIJSTAND)
                continue; /* the couple is handled at its first partner */
            for (int q = 0; q < own && kq < 0; q++) /* a person is in the chain once */
                if (idx[q] == pt)
                    kq = q;
        }
        /* both on bijstand: a couple's unit; a partner without a right to it (on study
         * finance, say) counts, and the recipient gets one share (art. 24) */
        int kp = kq >= 0 && s->income[pt] == INC_BIJSTAND ? kq : -1;
        int r = kp >= 0 ? 2 : 1;
        m[k].recipient = 1;
        if (kq >= 0)
            m[kq].recipient = 1;
        int a = m[k].main_residence ? mdl_kdn_cost_sharers(m, n, c->age_limit)
                                    : sharers_away(m, n, own, c->age_limit);
        m[k].recipient = 0;
        if (kq >= 0)
            m[kq].recipient = 0;
        int apply = in_force;
        if (apply && p->kostendelersnorm == KDN_ART16 && a > r && worst_other_need >= p->art16_need_threshold) {
            if (!s->exception[h] && !as_registered) {
                sim_rng_stream rs;
                /* decided in the tick the case asks (before, tick 0 for every case, so a
                 * household's every case got the same answer) */
                sim_rng_init(&rs, sim_seed(w), MDL_PURPOSE(MNO_BENEFITS, PUR_ART16), h, sim_tick(w));
                s->exception[h] = (uint8_t)(1 + sim_rng_bernoulli(&rs, p->art16_exception_rate));
            }
            if (s->exception[h] == 2) {
                apply = 0;
                u->waived = 1;
            }
        }
        full += c->full[r - 1];
        paid += apply ? c->norm[r - 1][a] : c->full[r - 1]; /* a <= n <= KDN_MAX */
        if (!units)
            u->sharers = a;
        units++;
    }
    u->units = units;
    u->paid = paid;
    u->cut = full - paid;
}

/* Household "h" has someone on bijstand, its dwelling "d": its benefit units, sanctions,
 * income and indicators. The columns are written where they change. */
static void with_bijstand(sim_world *w, const ben_ctx *c, uint32_t h, ben_dwelling *d, ben_sums *t)
{
    ben_state *s = c->s;
    ben_units u;
    if (c->first_tick || !(c->force & 1u)) /* running at the start, or begun before the norm */
        s->existing[h] = 1;
    units_paid(w, c, h, d, 0, &u);
    int units = u.units;
    double paid = u.paid, cut = u.cut;
    uint8_t sharers = (uint8_t)(u.sharers > 255 ? 255 : u.sharers);
    if (s->sharers[h] != sharers)
        s->sharers[h] = sharers;
    /* what paper deregistration gains: the bijstand now against that with everyone registered */
    float gain = 0;
    if (units && d->hidden) {
        ben_units reg;
        for (int k = 0; k < d->n; k++)
            d->m[k].main_residence = 1;
        units_paid(w, c, h, d, 1, &reg);
        gain = paid > reg.paid ? (float)(paid - reg.paid) : 0;
    }
    if (s->gain[h] != gain)
        s->gain[h] = gain;
    if (units && s->san_ticks && s->san_ticks[h] > 0) { /* art. 18 sanction, not a cut */
        double held = paid * s->san_share[h];
        paid -= held;
        t->held += held;
    }
    if (s->benefit[h] != (float)paid)
        s->benefit[h] = (float)paid;
    if (s->cut[h] != (float)cut)
        s->cut[h] = (float)cut;
    if (s->hh_income[h] != (float)(d->income + paid))
        s->hh_income[h] = (float)(d->income + paid);
    if (units) {
        t->units++;
        t->cut_hh += s->cut[h] > 0.005f;
        t->cut_eur += s->cut[h];
        t->paid += paid;
        t->exc += u.waived; /* before: every household once granted, waived or not this tick */
    }
}

/* Household "h" has no bijstand (or no members) but some of its bijstand columns are set:
 * no benefit, cut or cost-sharers any more. */
static void without_bijstand(sim_world *w, ben_state *s, uint32_t h, int emit)
{
    float old_cut = s->cut[h];
    if (emit && fabsf(old_cut) > 0.5f) /* the cut ends with the bijstand, or the household */
        sim_emit(w, s->ev_cut, (int32_t)h, -1, -1, 0);
    if (s->benefit[h] != 0)
        s->benefit[h] = 0;
    if (old_cut != 0)
        s->cut[h] = 0;
    if (s->sharers[h])
        s->sharers[h] = 0;
    if (s->gain[h] != 0)
        s->gain[h] = 0;
    if (s->existing[h]) /* the case has ended: a new one is a new case */
        s->existing[h] = 0;
    if (s->exception[h]) /* ... and asks for an art. 16 exception anew */
        s->exception[h] = 0;
}

/* Bytes of the households [0, n) of a block (pointers at its first): set[k], 1 for a
 * household whose bijstand columns are not all 0, so that one without bijstand has something
 * to clear; look[k], 1 for those and for a household whose income differs from the sum of its
 * members' income "sum" as a float (and so for every sum that is NaN: someone on bijstand, or
 * a wage not a number). Of the bijstand columns only the bytes are read (cost-sharers,
 * existing case, art. 16 decision): this model alone writes them all, and benefit, cut and
 * paper gain are not 0 only in a household with a benefit unit, whose cost-sharers (at
 * least 1, mdl_kdn_cost_sharers) are set with them, so the floats would tell no household
 * apart that these bytes do not (their 12 bytes a household were a third of the pass's
 * reads). Without branches (the compiler vectorises it). */
MDL_VECTOR
static void block_look(const double *restrict sum, const float *restrict hh_income, const uint8_t *restrict sharers,
                       const uint8_t *restrict existing, const uint8_t *restrict exception, uint32_t n,
                       uint8_t *restrict set, uint8_t *restrict look)
{
    for (uint32_t k = 0; k < n; k++) {
        set[k] = (uint8_t)((sharers[k] | existing[k] | exception[k]) != 0);
        look[k] = (uint8_t)(set[k] | (hh_income[k] != (float)sum[k]));
    }
}

/* The mask of the bytes "f" (each 0 or 1) of a block of "n" households: a whole block (nearly
 * every one) takes mdl_bytes_mask's constant path. */
static inline uint64_t block_mask(const uint8_t *f, uint32_t n)
{
    return n == 64 ? mdl_bytes_mask(f, 64) : mdl_bytes_mask(f, n);
}

/* The income of member "i" by ben_ctx's tables for the sum without branches (sum_of_wage,
 * sum_fixed). */
static inline double member_income(const double *restrict of_wage, const double *restrict fixed,
                                   const uint8_t *restrict income, const float *restrict wage,
                                   const int32_t *restrict partner, int32_t i)
{
    size_t src = income[i];
    return of_wage[src] * wage[i] + fixed[2 * src + ((uint32_t)partner[i] >> 31)];
}

/* Columns are written only where they change: most households' rows stay as they were, so
 * their memory is only read. A block of 64 households at a time: the sums of their members'
 * income first (the only work most of them need), then a mask (block_look) of those with
 * someone on bijstand, with bijstand columns to clear or with another income, each looked at
 * in household order. */
static void ben_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    ben_ctx *c = vc;
    ben_state *s = c->s;
    int32_t day = sim_day(w);
    int emit = sim_tick(w) > 0;
    const int32_t *restrict first = s->hh_first, *restrict next = s->next;
    const uint8_t *restrict income = s->income;
    const float *restrict wage = s->wage;
    float *restrict cut = s->cut, *restrict hh_income = s->hh_income;
    const int32_t *restrict partner = s->partner;
    const double *restrict of_wage = c->sum_of_wage, *restrict fixed = c->sum_fixed;
    ben_sums t = {0};
    for (uint32_t base = b; base < e; base += 64) {
        uint32_t nb = e - base < 64 ? e - base : 64;
        uint8_t set[64], look[64];
        double sum[64];
        /* net income of the members, by table, without branches: income sources are mixed in
         * every household; an empty household's chain is empty (first_member -1), so its
         * count of members is not read (before, a test of it in every household spilled a
         * register); the block's heads by a 64-bit count from a pointer at the first, so that
         * a household takes no widening of its index or address sum */
        const int32_t *restrict head = first + base;
        for (size_t k = 0; k < nb; k++) {
            int32_t i = head[k];
            /* an empty household (about one in eleven late in a run) marked unlikely: the
             * compiler then zeroes no register for its sum in every household */
            if (__builtin_expect(i < 0, 0)) {
                sum[k] = 0;
                continue;
            }
            /* the sum starts at the first member's income, not at 0 + it: the same bits (no
             * member's income is -0: ben_ctx), and an add and a zeroing less a household */
            double x = member_income(of_wage, fixed, income, wage, partner, i);
            for (i = next[i]; i >= 0; i = next[i])
                x += member_income(of_wage, fixed, income, wage, partner, i);
            sum[k] = x;
        }
        block_look(sum, hh_income + base, s->sharers + base, s->existing + base, s->exception + base, nb, set, look);
        for (uint64_t m = block_mask(look, nb); m; m &= m - 1) {
            uint32_t k = (uint32_t)__builtin_ctzll(m), h = base + k;
            double x = sum[k];
            if (x != x) { /* someone on bijstand (or a wage not a number): the true sum */
                ben_dwelling d;
                dwelling(s, c, h, day, &d);
                x = d.income;
                if (d.any) { /* the dwelling counts only for households with someone on bijstand */
                    float old_cut = cut[h];
                    with_bijstand(w, c, h, &d, &t);
                    if (emit && fabsf(cut[h] - old_cut) > 0.5f)
                        sim_emit(w, s->ev_cut, (int32_t)h, -1, -1, cut[h]);
                    continue;
                }
            }
            if (hh_income[h] != (float)x)
                hh_income[h] = (float)x;
            if (set[k])
                without_bijstand(w, s, h, emit);
        }
    }
    acc[B_UNITS] += t.units;
    acc[B_CUT_HH] += t.cut_hh;
    acc[B_CUT_EUR] += t.cut_eur;
    acc[B_PAID] += t.paid;
    acc[B_EXC] += t.exc;
    acc[B_HELD] += t.held;
}

static void ben_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_benefits_params *p = vp;
    ben_state *s = vs;
    if (!s->san_ticks) { /* created after this model's init, by the sanctions model */
        s->san_ticks = sim_col(w, SIM_HOUSEHOLD, "sanction_ticks");
        s->san_share = sim_col(w, SIM_HOUSEHOLD, "sanction_share");
        if (!s->san_share)
            s->san_ticks = NULL;
    }
    ben_ctx c = {.s = s, .p = p, .age_limit = (int)lround(scn_dated_at(&p->kdn_age_limit, sim_day(w))),
                 .force = mdl_kdn_in_force(p, sim_day(w)),
                 .first_tick = sim_tick(w) == 0,
                 .b = scn_dated_at(&p->norm_couple_eur_per_month, sim_day(w))};
    c.of_wage[INC_WORK] = 1;
    c.of_wage[INC_UNEMPLOYMENT] = p->unemployment_share_of_wage;
    c.fixed[INC_AOW] = scn_dated_at(&p->aow_eur_per_month, sim_day(w));
    c.fixed[INC_DISABILITY] = p->disability_eur_per_month;
    c.fixed[INC_STUDENT] = p->study_finance_eur_per_month;
    for (int x = 0; x < 8; x++) /* with a partner: the same, but for the AOW */
        c.fixed[8 + x] = c.fixed[x];
    c.fixed[8 + INC_AOW] = scn_dated_at(&p->aow_couple_eur_per_month, sim_day(w));
    for (unsigned x = 0; x < 256; x++) { /* + 0.0: a -0 (a parameter of -0) is +0 */
        c.sum_of_wage[x] = c.of_wage[x & 7u];
        c.sum_fixed[2 * x] = (x & 7u) == INC_BIJSTAND ? NAN : c.fixed[8 + (x & 7u)] + 0.0;
        c.sum_fixed[2 * x + 1] = (x & 7u) == INC_BIJSTAND ? NAN : c.fixed[x & 7u] + 0.0;
    }
    for (int r = 1; r <= 2; r++) {
        c.full[r - 1] = mdl_kdn_benefit(r, 0, c.b, 0);
        for (int a = 0; a <= KDN_MAX; a++)
            c.norm[r - 1][a] = mdl_kdn_benefit(r, a, c.b, 1);
    }
    double acc[B_N] = {0};
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), ben_body, &c, acc, B_N);
    sim_ind_set(w, s->ind_units, acc[B_UNITS]);
    sim_ind_set(w, s->ind_cut_hh, acc[B_CUT_HH]);
    sim_ind_set(w, s->ind_share_cut, acc[B_UNITS] > 0 ? acc[B_CUT_HH] / acc[B_UNITS] : 0);
    sim_ind_set(w, s->ind_cut_eur, acc[B_CUT_EUR]);
    sim_ind_set(w, s->ind_cost, acc[B_PAID] * sim_days_per_tick(w) / (365.2425 / 12));
    sim_ind_set(w, s->ind_exceptions, acc[B_EXC]);
    sim_ind_set(w, s->ind_held, acc[B_HELD] * sim_days_per_tick(w) / (365.2425 / 12));
}

const sim_model mdl_benefits = {"benefits", "Bijstand, the kostendelersnorm and household income.",
                                &mdl_benefits_section, sizeof(ben_state), ben_init, ben_step};
