/* fraud.c: each tick, for every bijstand household that hides a co-resident (registered
 * elsewhere: an own member, or guests it hosts on paper) or is a guest on paper itself, the
 * bijstand paid too much is added up: what benefits.c pays above the bijstand with everyone
 * registered where they live (bijstand_paper_gain_eur_per_month). An
 * address check finds the household with a yearly probability; the municipality then
 * recovers the sum and fines a share of it (Participatiewet art. 58 and 18a), both added to
 * the household's debt, and registers the hidden persons at the address again. A guest
 * household is handled right after its host, so every row has one writer. */
#include "fraud.h"
#include "../sim/nabij.h"
#include "benefits.h"
#include "common.h"
#include "quick.h"
#include "rules.h"
#include <math.h>
#include <string.h>

static const scn_param params[] = {
    SCN_P_REAL(mdl_fraud_params, p_check_per_year, 0, 100, 0.3, "hazard per year",
               "assumption: municipalities match registers (water, energy use) and visit homes; seed 000 §8 "
               "'which is then treated as fraud'",
               "Yearly hazard that an address check finds a co-resident hidden by paper deregistration."),
    SCN_P_REAL(mdl_fraud_params, fine_share, 0, 1, 0.5, "share of the sum recovered",
               "Participatiewet art. 18a: a fine of up to 100 % of the amount paid too much; assumption on its use",
               "Fine as a share of the bijstand recovered."),
};
const scn_section mdl_fraud_section =
    SCN_SECTION("fraud", "Fraud checks on paper deregistration (address checks, recovery, fines).",
                mdl_fraud_params, params);

enum { PUR_CHECK = 0 };

typedef struct fraud_state {
    const int32_t *first, *next, *birth_day, *host, *guest, *household;
    const uint8_t *members, *student, *lodger, *sharers;
    const float *benefit, *gain;
    uint8_t *registered;
    float *undue;
    int i_hidden, i_found, i_recovered, i_fines;
    int e_found;
} fraud_state;

static int fraud_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    fraud_state *s = vs;
    s->first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->next = sim_col(w, SIM_PERSON, "next_member");
    s->household = sim_col(w, SIM_PERSON, "household");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->host = sim_col(w, SIM_HOUSEHOLD, "host_household");
    s->guest = sim_col(w, SIM_HOUSEHOLD, "guest_household");
    s->members = sim_col(w, SIM_HOUSEHOLD, "members");
    s->student = sim_col(w, SIM_PERSON, "student_finance");
    s->lodger = sim_col(w, SIM_PERSON, "commercial_lodger");
    s->registered = sim_col(w, SIM_PERSON, "registered");
    s->sharers = sim_col(w, SIM_HOUSEHOLD, "cost_sharers");
    s->benefit = sim_col(w, SIM_HOUSEHOLD, "benefit_eur_per_month");
    s->gain = sim_col(w, SIM_HOUSEHOLD, "bijstand_paper_gain_eur_per_month");
    if (!s->first || !s->next || !s->household || !s->benefit || !s->sharers || !s->gain) {
        sim_world_fail(w, "fraud needs population and benefits before it");
        return NABIJ_EINVAL;
    }
    if (!(s->undue = sim_col_add(w, SIM_HOUSEHOLD, "bijstand_undue_eur", SIM_F32, 0, "EUR",
                                 "Bijstand paid too much so far because a co-resident is registered elsewhere.")))
        return NABIJ_ENOMEM;
    s->i_hidden = sim_ind_add(w, "households_hiding_cost_sharers", "households",
                              "Bijstand households with a co-resident registered elsewhere.");
    s->i_found = sim_ind_add(w, "fraud_cases", "households per tick", "Paper deregistrations found by an address check.");
    s->i_recovered = sim_ind_add(w, "fraud_recovered_eur", "EUR per tick", "Bijstand reclaimed after address checks.");
    s->i_fines = sim_ind_add(w, "cost_households_fraud_fines_eur", "EUR per tick", "Fines for paper deregistration.");
    s->e_found = sim_event_kind_add(w, "fraud_found",
                                    "An address check found a co-resident registered elsewhere: {amount} reclaimed and fined.", NULL);
    return s->e_found < 0 ? s->e_found : 0;
}

typedef struct fraud_ctx {
    fraud_state *s;
    const mdl_fraud_params *p;
    int age_limit;
    double months, years;
    float *debt;
    uint8_t *marks; /* per household: a member, or one of its guest's, is registered elsewhere (unreg_body) */
} fraud_ctx;

/* Hidden counting adults of household "h" at its address: its own unregistered members and,
 * if it hosts, its guests registered elsewhere. With "fix", registers them again. */
static int hidden(const fraud_ctx *c, uint32_t h, int32_t day, int fix)
{
    fraud_state *s = c->s;
    int n = 0;
    int32_t hs[2] = {(int32_t)h, s->guest[h]};
    for (int q = 0; q < 2; q++) {
        if (hs[q] < 0)
            continue;
        for (int32_t i = s->first[hs[q]]; i >= 0; i = s->next[i]) {
            if (s->registered[i])
                continue;
            if (fix)
                s->registered[i] = 1;
            else if (mdl_age_years(s->birth_day[i], day) >= c->age_limit && !s->student[i] && !s->lodger[i])
                n++;
        }
    }
    return n;
}

enum { F_HIDDEN, F_FOUND, F_RECOVERED, F_FINES, F_N };

/* Marks the households of the persons registered elsewhere (few: the bits not set in the
 * mask of persons.registered, 0 or 1, read 64 at a time), and the host of such a household
 * if it is a guest (the address is checked at the host: fraud_body), so that fraud_body
 * visits only the marked households. host_household and guest_household name each other
 * (network.c sets both, households.c and letters.c clear both), so every address where
 * someone may be hidden is marked at its host. Stores of 1 from any thread: the same in any
 * order. */
static void unreg_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    const fraud_ctx *c = vc;
    const uint8_t *reg = c->s->registered;
    const int32_t *household = c->s->household;
    for (uint32_t base = b; base < e; base += 64) {
        uint32_t n = e - base < 64 ? e - base : 64;
        uint64_t m = ~mdl_bytes_mask(reg + base, n) & (n == 64 ? ~0ull : (1ull << n) - 1);
        for (; m; m &= m - 1) {
            int32_t h = household[base + (uint32_t)__builtin_ctzll(m)];
            if (h < 0)
                continue;
            __atomic_store_n(&c->marks[h], 1, __ATOMIC_RELAXED);
            if (c->s->host[h] >= 0)
                __atomic_store_n(&c->marks[c->s->host[h]], 1, __ATOMIC_RELAXED);
        }
    }
}

/* Household "h", on bijstand, at an address where someone may be registered elsewhere. */
static void check_household(sim_world *w, fraud_ctx *c, uint32_t h, int32_t day, double *acc)
{
    fraud_state *s = c->s;
    if (s->benefit[h] <= 0 || s->members[h] == 0)
        return;
    if (!c->marks[h])
        return; /* everyone at the address (its members and its guest's) is registered there */
    int k = hidden(c, h, day, 0);
    if (k == 0)
        return;
    acc[F_HIDDEN] += 1;
    /* nothing is paid too much where the norm would not have cut (abolished, e.g. a lever
     * flipped while someone is on paper; an existing case before the transition date; a cut
     * an art. 16 exception waives); a check still registers the hidden again */
    s->undue[h] += s->gain[h] * (float)c->months;
    mdl_lazy r; /* its two words from the stream's first block, without opening it */
    mdl_lazy_init(&r, MDL_PURPOSE(MNO_BACKOFFICE, PUR_CHECK), h);
    if (!mdl_lazy_bernoulli(w, &r, c->p->p_check_per_year * c->years))
        return;
    double rec = s->undue[h], fine = c->p->fine_share * rec;
    if (c->debt)
        c->debt[h] += (float)(rec + fine);
    hidden(c, h, day, 1);
    s->undue[h] = 0;
    acc[F_FOUND] += 1;
    acc[F_RECOVERED] += rec;
    acc[F_FINES] += fine;
    sim_emit(w, s->e_found, (int32_t)h, s->first[h], -1, rec + fine);
}

/* Each address once, at the household whose dwelling it is: the host, then its guest (a
 * guest on bijstand is checked itself; before, only through its host, and not at all when
 * the host had no bijstand). So the rows of one address have one writer, in one order. Only
 * the few households marked by unreg_body are visited, found eight marks at a time (before,
 * a pass over the marks and the guests of every household): check_household passes over the
 * others without a change. */
static void fraud_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    fraud_ctx *c = vc;
    fraud_state *s = c->s;
    int32_t day = sim_day(w);
    const uint8_t *restrict sharers = s->sharers;
    const int32_t *restrict host = s->host, *restrict guest = s->guest;
    for (uint32_t h = mdl_next_nonzero(c->marks, b, e); h < e; h = mdl_next_nonzero(c->marks, h + 1, e)) {
        if (sharers[h] != 0 && host[h] < 0)
            check_household(w, c, h, day, acc);
        int32_t g = guest[h];
        if (g >= 0 && sharers[g] != 0)
            check_household(w, c, (uint32_t)g, day, acc);
    }
}

/* the name of the world's scratch buffer (sim_scratch) of unreg_body's marks */
static const char scr_marks;

static void fraud_step(sim_world *w, const void *vp, void *vs)
{
    fraud_state *s = vs;
    const mdl_benefits_params *bp = scn_section_values(sim_world_scenario(w), "benefits");
    /* fraud_init made sure benefits runs, so its section is there */
    fraud_ctx c = {s, vp, (int)lround(scn_dated_at(&bp->kdn_age_limit, sim_day(w))),
                   sim_days_per_tick(w) / (365.2425 / 12), sim_days_per_tick(w) / 365.2425,
                   sim_col(w, SIM_HOUSEHOLD, "debt_eur"), NULL};
    double acc[F_N] = {0};
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    if (!(c.marks = sim_scratch(w, &scr_marks, (size_t)nh + 1, 1))) {
        sim_world_fail(w, "fraud: out of memory");
        return;
    }
    sim_for_zero(w, c.marks, nh, 1);
    sim_for(w, sim_world_count(w, SIM_PERSON), unreg_body, &c, NULL, 0);
    sim_for(w, nh, fraud_body, &c, acc, F_N);
    sim_ind_set(w, s->i_hidden, acc[F_HIDDEN]);
    sim_ind_set(w, s->i_found, acc[F_FOUND]);
    sim_ind_set(w, s->i_recovered, acc[F_RECOVERED]);
    sim_ind_set(w, s->i_fines, acc[F_FINES]);
}

const sim_model mdl_fraud = {"fraud", "Fraud checks on paper deregistration.", &mdl_fraud_section,
                             sizeof(fraud_state), fraud_init, fraud_step};
