/* specialist.c: specialist providers. Each tick the waiting lists are read from the persons'
 * referral columns and resolved in a fixed order (referral tick, then person index): a
 * provider admits while it has free slots and, under annual contracts, budget left for the
 * trajectory. Persons in care are treated; success depends on whether the treatment fits the
 * problem (likelier after a diagnosis or consultation). Failed light care for severe problems
 * leads to heavier care (referral from powerlessness). It decides nothing about who is
 * referred: helpseek.c, team.c and gp.c file the referrals. */
#include "specialist.h"
#include "../sim/alloc.h"
#include "../sim/nabij.h"
#include "care.h"
#include "common.h"
#include "quick.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define S mdl_specialist_params
#define KP(kind, field, type, lo, hi, d, u, src, doc) \
    { #kind "_" #field, type, offsetof(S, field[PK_##kind##_IDX]), lo, hi, d, NULL, NULL, u, src, doc }
enum { PK_youth_ggz_IDX = PK_YOUTH_GGZ, PK_youth_residential_IDX = PK_YOUTH_RESIDENTIAL,
       PK_adult_ggz_IDX = PK_ADULT_GGZ, PK_lvb_IDX = PK_LVB, PK_sheltered_housing_IDX = PK_SHELTERED,
       PK_debt_help_IDX = PK_DEBT_HELP, PK_home_care_IDX = PK_HOME_CARE };
/* One block of five parameters per provider kind. */
#define KIND(kind, slots, budget, cost, weeks, src_slots, src_budget, src_cost, src_weeks)                  \
    KP(kind, providers_per_area, SCN_INT, 0, 100, 3, "providers", "assumption: a few contracted providers per kind and area", \
       "Providers of this kind per neighbourhood (0: the kind is not available); clients are spread over them."),                            \
    KP(kind, slots_per_10000, SCN_REAL, 0, 10000, slots, "trajectories per 10,000 inhabitants", src_slots,      \
       "Trajectories that can run at once."),                                                                    \
    KP(kind, budget_eur_per_10000, SCN_REAL, 0, 1e9, budget, "EUR per year per 10,000 inhabitants", src_budget, \
       "Annual contracted budget (annual mode) or population budget (population mode)."),                      \
    KP(kind, cost_per_trajectory_eur, SCN_REAL, 0, 1e6, cost, "EUR", src_cost, "Price of one trajectory."),     \
    KP(kind, trajectory_weeks, SCN_INT, 1, 520, weeks, "weeks", src_weeks, "Length of one trajectory.")

static const scn_param params[] = {
    SCN_P_ENUM(S, budget_mode, "annual|population", BUDGET_ANNUAL,
               "seed 000 §5 and seed 003: annual contracts per provider that run out (67 % of youth GGZ "
               "providers expected to); population-based funding is the alternative",
               "How specialists are paid: annual contracted budgets that stop admissions when spent, or a "
               "population budget paid in equal parts per tick with admissions limited only by slots."),
    KIND(youth_ggz, 110, 700000, 4000, 26,
         "assumption: about 9 % of youths get ambulatory youth care a year (CBS Jeugdmonitor), half a year each",
         "calibrated: a little below demand, so that most providers' budgets run out late in the year (seed 000: 67 % "
         "expected to)",
         "assumption: average ambulatory youth care trajectory (CBS/VNG cost per client about EUR 4,000)",
         "assumption: half a year"),
    KIND(youth_residential, 10, 600000, 30000, 26,
         "CBS Jeugdmonitor 2024: 41 thousand youths had youth care with residence (foster and residential) in "
         "2023, about 1 % of youths a year; 2,000 youths per 10,000 inhabitants, half a year each: 10 places",
         "calibrated: 20 trajectories per 10,000 inhabitants a year (about 1 % of youths), a little below "
         "demand early in a run (until 2026-11-27 8 places and EUR 400,000)",
         "seed 000: Ardennes clinic, six months, about EUR 30,000",
         "seed 000: six months"),
    KIND(adult_ggz, 120, 1400000, 5000, 26,
         "assumption: about 3 % of adults in specialist GGZ a year (Vektis)",
         "assumption: insurers' revenue ceilings (omzetplafonds) work like annual budgets",
         "assumption: average GGZ treatment (Vektis, about EUR 5,000)",
         "assumption: half a year"),
    KIND(lvb, 10, 300000, 15000, 52,
         "assumption: a minority of people with LVB need specialised care",
         "assumption", "assumption: one year of ambulatory LVB support", "assumption: a year"),
    KIND(sheltered_housing, 8, 250000, 32000, 52,
         "assumption: about 0.1 % of adults in sheltered housing",
         "assumption: below demand (seed 000: people wait in or for sheltered housing)",
         "DOMAIN.md 3a: about EUR 32,000 a year (one municipality, 2022); seed 000: >= EUR 12,000 for six months",
         "assumption: a year"),
    KIND(debt_help, 60, 180000, 1500, 26,
         "assumption: CBS: 14.4 % of households with problem debts in contact with help",
         "assumption", "assumption: municipal debt counselling about EUR 1,500 per case (Divosa benchmark)",
         "assumption: stabilisation and a payment plan take about half a year"),
    KIND(home_care, 80, 200000, 2500, 26,
         "assumption: Wmo household help for a few percent of the elderly",
         "assumption", "assumption: Wmo household help about EUR 100 per week",
         "seed 003: a five-month wait for household help; assumption on the length"),
    SCN_P_REAL(S, consult_hours_per_week, 0, 100, 4, "hours per week per provider",
               "seed 000 §5: a youth protection specialist had four hours a week to advise generalists",
               "Hours each specialist provider offers for consultation by generalists and GPs."),
    SCN_P_REAL(S, fit_base, 0, 1, 0.5, "probability",
               "seed 000 §8: only 6 % of referrals are for a diagnosis ('shoot first, aim later'); assumption on the level",
               "Probability that a trajectory fits the problem when the referral was not for a diagnosis."),
    SCN_P_REAL(S, fit_diagnosis, 0, 1, 0.85, "probability",
               "seed 000 §8: better diagnosis fights waiting lists; assumption on the level",
               "Probability that a trajectory fits after a diagnosis or a consultation."),
    SCN_P_REAL(S, treat_rate_per_week, 0, 1, 0.08, "share of severity per week",
               "assumption: a fitting half-year trajectory brings a moderate problem down to a light one",
               "Weekly proportional fall of the treated problem's severity when the treatment fits."),
    SCN_P_REAL(S, unfit_effect, 0, 1, 0.3, "ratio",
               "assumption: treatment that does not fit the problem helps a little",
               "Effect of a non-fitting trajectory relative to a fitting one."),
    SCN_P_REAL(S, success_severity, 0, 1, 0.3, "severity 0..1", "assumption",
               "A trajectory succeeded when the treated severity ends below this."),
    SCN_P_REAL(S, placement_threshold, 0, 1, 0.6, "severity 0..1",
               "seed 000 §8: 'light care first, then heavier care because light helpers cannot cope'; assumption",
               "After failed youth care, a youth whose parenting problem is at least this severe is referred to "
               "residential care; an adult after failed GGZ with a housing problem this severe to sheltered housing."),
    SCN_P_REAL(S, own_contribution_eur_per_week, 0, 1000, 4.4, "EUR per week",
               "Wmo 2015 abonnementstarief EUR 19 a month (from 2019)",
               "Own contribution of a household per person in home care or sheltered housing."),
    SCN_P_REAL(S, debt_rate_per_week, 0, 1, 0.02, "share of debt per week",
               "NVVK 2013: about 25 % of those who register end debt-free; assumption on the rate",
               "Weekly share of the household's debts that debt counselling settles (halved when the trajectory does not fit)."),
    SCN_P_REAL(S, budget_spread, 0, 2, 0.3, "log-sd",
               "assumption: municipalities contract several providers of a kind at different volumes",
               "Spread of the contracted budgets between providers of one kind in one area (when there are several)."),
    SCN_P_REAL(S, p_drop_per_week, 0, 1, 0.01, "probability per week",
               "assumption: some give up on a long waiting list (seed 003: a five-month wait)",
               "Weekly probability that a person on a waiting list gives up waiting."),
};
#undef KIND
#undef KP
const scn_section mdl_specialist_section =
    SCN_SECTION("specialist", "Specialist providers: slots, budgets, waiting lists, trajectories.", S, params);
#undef S

/* Payer of each kind, by law (cost_names below): youth GGZ and residential youth care the
 * municipality (Jeugdwet 2015); adult GGZ the insurer (Zvw); long-term LVB care the state
 * (Wlz); sheltered housing and home care the municipality (Wmo 2015); debt counselling the
 * municipality (Wet gemeentelijke schuldhulpverlening). */
/* Indicator names per kind (index 0, the GP, has none here). */
#define KN(pre, post) {NULL, pre "youth_ggz" post, pre "youth_residential" post, pre "adult_ggz" post, \
                       pre "lvb" post, pre "sheltered_housing" post, pre "debt_help" post, pre "home_care" post}
static const char *const wait_names[MDL_N_PKINDS] = KN("waiting_list_", "");
static const char *const care_names[MDL_N_PKINDS] = KN("in_care_", "");
static const char *const out_names[MDL_N_PKINDS] = KN("budget_exhausted_", "");
static const char *const cost_names[MDL_N_PKINDS] = {
    NULL, "cost_municipality_youth_ggz_eur", "cost_municipality_youth_residential_eur",
    "cost_insurer_adult_ggz_eur", "cost_state_lvb_eur", "cost_municipality_sheltered_housing_eur",
    "cost_municipality_debt_help_eur", "cost_municipality_home_care_eur"};
#undef KN

enum { PUR_FIT = 0, PUR_DROP = 1 };

typedef struct spec_state {
    mdl_care_cols c;
    const int32_t *household;
    float *debt;
    int32_t *g_year;
    int i_wait[MDL_N_PKINDS], i_care[MDL_N_PKINDS], i_cost[MDL_N_PKINDS], i_exhausted[MDL_N_PKINDS];
    int i_wait_weeks, i_admit_wait, i_ref[4], i_ref_youth[4], i_ref_diag, i_ref_powerless, i_admissions,
        i_success, i_discharges, i_dropped, i_placements, i_ooh, i_sheltered, i_contrib;
    int e_admitted, e_placement, e_discharged, e_budget, e_gave_up;
} spec_state;

/* A provider of kind "k"'s consultation hours of a tick (GPs give none): set at the start and
 * after every tick, for the next (before, the start had a week's whatever the tick's length). */
static float consult_hours(const sim_world *w, const mdl_specialist_params *p, int k)
{
    return k == PK_GP ? 0.0f : (float)(p->consult_hours_per_week * sim_days_per_tick(w) / 7.0);
}

static int spec_init(sim_world *w, const void *vp, void *vs)
{
    const mdl_specialist_params *p = vp;
    spec_state *s = vs;
    int rc = mdl_care_cols_init(w, &s->c);
    if (rc)
        return rc;
    s->household = sim_col(w, SIM_PERSON, "household");
    s->debt = sim_col(w, SIM_HOUSEHOLD, "debt_eur");
    if (!s->household) {
        sim_world_fail(w, "specialist needs the population model before it");
        return NABIJ_EINVAL;
    }
    if (!(s->g_year = sim_col_add(w, SIM_GLOBAL, "budget_year", SIM_I32, 0, "year",
                                  "Calendar year of the providers' current budgets.")))
        return NABIJ_ENOMEM;
    for (int k = 1; k < MDL_N_PKINDS; k++) {
        s->i_wait[k] = sim_ind_add(w, wait_names[k], "persons", "Persons on the waiting lists of this kind of provider.");
        s->i_care[k] = sim_ind_add(w, care_names[k], "persons", "Persons in a trajectory at this kind of provider.");
        s->i_cost[k] = sim_ind_add(w, cost_names[k], "EUR per tick",
                                   "Spending on this kind of provider (annual mode: trajectories contracted this tick; "
                                   "population mode: the budget's share of the tick).");
        s->i_exhausted[k] = sim_ind_add(w, out_names[k], "share of providers",
                                        "Share of this kind's providers whose annual budget has run out this year.");
    }
    s->i_wait_weeks = sim_ind_add(w, "waiting_weeks_mean", "weeks", "Mean time that persons now on a waiting list have waited.");
    s->i_admit_wait = sim_ind_add(w, "admitted_waiting_weeks", "weeks (sum)", "Summed waiting time of the persons admitted this tick.");
    static const char *const rn[4] = {"referrals_none", "referrals_team", "referrals_gp", "referrals_other"};
    static const char *const ry[4] = {"referrals_youth_none", "referrals_youth_team", "referrals_youth_gp",
                                      "referrals_youth_other"};
    for (int r = 1; r < 4; r++) {
        s->i_ref[r] = sim_ind_add(w, rn[r], "referrals per tick", "New referrals to specialists by this route "
                                  "(other: youth doctor, certified institution, provider, self-referral).");
        s->i_ref_youth[r] = sim_ind_add(w, ry[r], "referrals per tick", "New referrals of youths (under 18) to youth care by this route.");
    }
    s->i_ref_diag = sim_ind_add(w, "referrals_for_diagnosis", "referrals per tick", "New referrals made for a diagnosis.");
    s->i_ref_powerless = sim_ind_add(w, "referrals_powerless", "referrals per tick",
                                     "New referrals out of powerlessness (light help failed or the helper could not cope).");
    s->i_admissions = sim_ind_add(w, "admissions", "persons per tick", "Admissions to specialist trajectories.");
    s->i_dropped = sim_ind_add(w, "waiting_gave_up", "persons per tick", "Persons who gave up waiting for a specialist.");
    s->i_discharges = sim_ind_add(w, "discharges", "persons per tick", "Trajectories ended.");
    s->i_success = sim_ind_add(w, "discharges_successful", "persons per tick", "Trajectories that ended with the problem light.");
    s->i_placements = sim_ind_add(w, "placements_out_of_home_new", "persons per tick", "New out-of-home placements (residential youth care).");
    s->i_ooh = sim_ind_add(w, "out_of_home_placements", "persons", "Youths placed out of home (in residential youth care) now.");
    s->i_sheltered = sim_ind_add(w, "sheltered_housing_persons", "persons", "Persons in sheltered housing now.");
    s->i_contrib = sim_ind_add(w, "cost_households_own_contribution_eur", "EUR per tick",
                               "Own contributions of households for Wmo care and sheltered housing.");
    s->e_admitted = sim_event_kind_add(w, "admitted", "{person} was admitted by specialist provider {cp} after {amount} weeks on the waiting list.", NULL);
    s->e_placement = sim_event_kind_add(w, "placed_out_of_home", "{person} was placed out of home in residential youth care (provider {cp}).", NULL);
    s->e_discharged = sim_event_kind_add(w, "discharged", "{person}'s trajectory at provider {cp} ended; the problem's severity is now {amount}.", NULL);
    s->e_gave_up = sim_event_kind_add(w, "gave_up_waiting", "{person} gave up waiting for provider {cp} after {amount} weeks.", NULL);
    s->e_budget = sim_event_kind_add(w, "budget_exhausted", "Provider {cp} ran out of its annual budget; new clients wait for the new year.", NULL);
    uint32_t np = sim_world_count(w, SIM_PROVIDER);
    for (uint32_t x = 0; x < np; x++)
        s->c.p_consult_left[x] = consult_hours(w, p, s->c.p_kind[x]);
    return s->e_budget < 0 ? s->e_budget : 0;
}

enum { G_DROPPED, G_REF, G_REF_YOUTH = G_REF + 4, G_DIAG = G_REF_YOUTH + 4, G_POWERLESS, G_WAIT, G_N };

typedef struct treat_ctx {
    spec_state *s;
    const mdl_specialist_params *p;
    uint8_t *debt_care; /* per household: DEBT_CARE_* of its members' debt counselling this tick */
    uint32_t *debtors;  /* the households with debt_care set, each listed once, by the chunk that
                         * set it first: chunk c's part starts at c * SIM_CHUNK */
    uint32_t *ndebtors; /* their numbers per chunk */
    float keep[2];      /* share of the severity left after a tick of an unfitting [0], fitting [1] treatment */
    double settle[2];   /* share of the debts left after a tick of debt counselling, none fitting [0] or one [1] */
} treat_ctx;

/* Bits of treat_ctx.debt_care (a scratch byte per household): a member is in a debt
 * counselling trajectory, and one such trajectory fits (set from any thread with an atomic
 * or: the same in any order) */
#define DEBT_CARE_ANY 1u
#define DEBT_CARE_FIT 2u

enum { T_DIS, T_SUCC, T_OOH, T_SHEL, T_CONTRIB_WEEKS, T_PLACE, T_N };

/* Flag k: spec_state[k] is "want" (want > 0), or, with want 0, not SPEC_NONE or (with
 * "flags") marked for escalation: the persons of a block of n <= 64 that a pass visits,
 * in a loop the compiler vectorises (its callers, treat_body and gather_body, are built for
 * AVX2 too: MDL_VECTOR). */
static inline void state_flags(const uint8_t *restrict state, const uint8_t *restrict flags, uint8_t want, uint32_t n,
                               uint8_t *restrict fl)
{
    if (want)
        for (uint32_t k = 0; k < n; k++)
            fl[k] = state[k] == want;
    else
        for (uint32_t k = 0; k < n; k++)
            fl[k] = (uint8_t)((state[k] | (flags[k] & SPEC_FLAG_ESCALATE)) != 0);
}

/* Treatment of persons in care; discharge at the end of the trajectory; heavier care after a
 * failed one. */
MDL_VECTOR
static void treat_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    treat_ctx *c = vc;
    spec_state *s = c->s;
    const mdl_specialist_params *p = c->p;
    const mdl_care_cols *cc = &s->c;
    int32_t day = sim_day(w);
    uint32_t *debtors = c->debtors + b, nd = 0;
    uint32_t in_kind[MDL_N_PKINDS] = {0}; /* the persons in care by kind, added to acc at the end */
    /* the persons in care, found 64 at a time by a byte mask (spec_state changes below only
     * for the person treated) */
    for (uint32_t i0 = b; i0 < e; i0 += 64) {
        uint32_t len = e - i0 < 64 ? e - i0 : 64;
        uint8_t fl[64];
        uint64_t todo;
        if (len == 64) {
            state_flags(cc->spec_state + i0, NULL, SPEC_IN_CARE, 64, fl);
            todo = mdl_bytes_mask(fl, 64);
        } else {
            state_flags(cc->spec_state + i0, NULL, SPEC_IN_CARE, len, fl);
            todo = mdl_bytes_mask(fl, len);
        }
        for (; todo; todo &= todo - 1) {
            uint32_t i = i0 + (uint32_t)__builtin_ctzll(todo);
            int k = cc->spec_kind[i], d = cc->spec_domain[i];
            int fit = (cc->spec_flags[i] & SPEC_FLAG_FIT) != 0;
            float floor_sev = d == DOM_LVB ? 0.2f : 0.0f;
            float v = s->c.prob[d][i] * c->keep[fit];
            s->c.prob[d][i] = v > floor_sev ? v : fminf(floor_sev, s->c.prob[d][i]);
            cc->treated[i] |= (uint8_t)(1u << d);
            if (k == PK_SHELTERED || k == PK_YOUTH_RESIDENTIAL)
                cc->treated[i] |= (uint8_t)(1u << DOM_HOUSING);
            /* debts are the household's: settled once a tick, by debt_body, whoever of its members is
             * in debt counselling (before, only the head's trajectory settled any); the household
             * is read only here and at a discharge (a scattered read) */
            if (k == PK_DEBT_HELP && c->debt_care) {
                int32_t hd = s->household[i];
                if (hd >= 0 && !__atomic_fetch_or(&c->debt_care[hd], (uint8_t)(DEBT_CARE_ANY | (fit ? DEBT_CARE_FIT : 0)),
                                                  __ATOMIC_RELAXED))
                    debtors[nd++] = (uint32_t)hd; /* the first of its members (nd: at most one a person) */
            }
            in_kind[k]++;
            if (--cc->spec_weeks_left[i] > 0)
                continue;
            int32_t h = s->household[i], x = cc->spec_provider[i];
            float sev = s->c.prob[d][i];
            int success = sev < p->success_severity;
            sim_emit(w, s->e_discharged, h, (int32_t)i, x, sev);
            cc->spec_state[i] = SPEC_NONE;
            acc[T_DIS] += 1;
            acc[T_SUCC] += success;
            if (success || h < 0)
                continue;
            /* heavier care next: filed by the serial gather of the next tick (it touches the
             * household's row, which another chunk may hold) */
            int age = mdl_age_years(s->c.birth_day[i], day);
            if (k == PK_YOUTH_GGZ && d == DOM_PARENTING && sev >= p->placement_threshold && age < 18) {
                cc->spec_kind[i] = PK_YOUTH_RESIDENTIAL;
                cc->spec_flags[i] |= SPEC_FLAG_ESCALATE;
            } else if (k == PK_ADULT_GGZ && s->c.prob[DOM_HOUSING][i] >= p->placement_threshold) {
                cc->spec_kind[i] = PK_SHELTERED;
                cc->spec_flags[i] |= SPEC_FLAG_ESCALATE;
            }
        }
    }
    c->ndebtors[b / SIM_CHUNK] = nd;
    acc[T_OOH] += in_kind[PK_YOUTH_RESIDENTIAL];
    acc[T_SHEL] += in_kind[PK_SHELTERED];
    acc[T_CONTRIB_WEEKS] += in_kind[PK_SHELTERED] + in_kind[PK_HOME_CARE];
}

/* Per household listed by treat_body, in parallel: debt counselling of any member settles
 * debt_rate_per_week of the household's debts, halved when none of its members' trajectories
 * fits (each household is listed once, whichever chunk listed it: its bits are final). */
static void debt_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    (void)acc;
    const treat_ctx *c = vc;
    for (uint32_t j = b; j < e; j++) {
        uint32_t h = c->debtors[j];
        c->s->debt[h] = (float)(c->s->debt[h] * c->settle[(c->debt_care[h] & DEBT_CARE_FIT) != 0]);
    }
}

/* names of the world's scratch buffers (sim_scratch) for the lists of each tick */
static const char scr_act, scr_nact, scr_nesc, scr_esc, scr_admit, scr_by, scr_first, scr_debt;

typedef struct gather_ctx {
    spec_state *s;
    const mdl_specialist_params *p;
    uint32_t *act;  /* chunk c's part starts at c * SIM_CHUNK: the persons still waiting from its
                     * front, those whose escalation the serial pass files from its back */
    uint32_t *nact; /* their numbers per chunk */
    uint32_t *nesc;
    uint64_t seed;  /* sim_seed and sim_tick, for the first blocks */
    int32_t tick;
    double wk, p_drop; /* weeks of a tick, and the chance to give up waiting in a tick */
} gather_ctx;

/* The persons "dr" who have waited at least a tick, "n" <= SIM_RNG_LANES of them in index
 * order: one word each is drawn from their streams' first blocks, filled side by side
 * (sim_rng_first_blocks_list), and those who give up leave the waiting list; the others are
 * listed at "out". Returns how many were listed. */
static uint32_t draw_drops(sim_world *w, const gather_ctx *g, const uint32_t *dr, uint32_t n, uint32_t *out,
                           double *acc)
{
    spec_state *s = g->s;
    mdl_care_cols *c = &s->c;
    uint32_t first[SIM_RNG_LANES][4], listed = 0;
    sim_rng_first_blocks_list(g->seed, MDL_PURPOSE(MNO_SPECIALIST, PUR_DROP), dr, n, (uint32_t)g->tick, first);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t i = dr[k];
        if (!mdl_word_chance(first[k][0], g->p_drop)) {
            out[listed++] = i;
            continue;
        }
        c->spec_state[i] = SPEC_NONE;
        acc[G_DROPPED] += 1;
        sim_emit(w, s->e_gave_up, s->household[i], (int32_t)i, c->spec_provider[i], (g->tick - c->spec_since[i]) * g->wk);
    }
    return listed;
}

/* Per person, in parallel: those who died leave the waiting list or their care (before, they
 * stayed: a place held in care until the trajectory ended, and admissions, paid from the
 * budget, of the dead); those waiting at least a tick may give up (their own stream, their
 * own row), decided SIM_RNG_LANES at a time (draw_drops; the chunk's last few together);
 * those in care are counted per provider (an atomic sum of integers, the same in any order);
 * those still waiting are listed for the waiting list (those referred this tick at once, the
 * others after their draw: the list's order does not matter, see spec_step), and those to be
 * escalated for the serial pass, in index order; everyone else is skipped. */
MDL_VECTOR
static void gather_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    gather_ctx *g = vc;
    spec_state *s = g->s;
    mdl_care_cols *c = &s->c;
    int32_t tick = g->tick;
    uint32_t *out = g->act + b, *esc = out + (e - b), n = 0, ne = 0, dr[SIM_RNG_LANES], nd = 0;
    const uint8_t *state = c->spec_state, *flags = c->spec_flags;
    _Static_assert(SPEC_NONE == 0, "gather_body skips persons whose spec_state is 0");
    /* the persons with something to list or count, found 64 at a time by a byte mask (a
     * person's state and flags change below only for that person) */
    for (uint32_t i0 = b; i0 < e; i0 += 64) {
        uint32_t len = e - i0 < 64 ? e - i0 : 64;
        uint8_t fl[64];
        uint64_t todo;
        if (len == 64) {
            state_flags(state + i0, flags + i0, 0, 64, fl);
            todo = mdl_bytes_mask(fl, 64);
        } else {
            state_flags(state + i0, flags + i0, 0, len, fl);
            todo = mdl_bytes_mask(fl, len);
        }
        for (; todo; todo &= todo - 1) {
            uint32_t i = i0 + (uint32_t)__builtin_ctzll(todo);
            uint8_t st = state[i];
            if (st != SPEC_NONE && s->household[i] < 0) { /* died: off the waiting list, out of care */
                c->spec_state[i] = SPEC_NONE;
                continue;
            }
            if (st == SPEC_NONE) {
                if (flags[i] & SPEC_FLAG_ESCALATE)
                    *--esc = i, ne++;
                continue;
            }
            if (st == SPEC_WAITING && c->spec_since[i] < tick) { /* waited at least a tick: may give up */
                dr[nd++] = i;
                if (nd == SIM_RNG_LANES) {
                    n += draw_drops(w, g, dr, nd, out + n, acc);
                    nd = 0;
                }
                continue;
            }
            if (st == SPEC_IN_CARE) { /* counted here (a sum of integers: any order), not listed */
                __atomic_fetch_add(&c->p_in_care[c->spec_provider[i]], 1, __ATOMIC_RELAXED);
                continue;
            }
            out[n++] = i;
        }
    }
    if (nd)
        n += draw_drops(w, g, dr, nd, out + n, acc);
    g->nact[b / SIM_CHUNK] = n;
    g->nesc[b / SIM_CHUNK] = ne;
}

/* A person on the waiting list: counted among this tick's referrals (by route, youths, for a
 * diagnosis, out of powerlessness) when referred this tick. Counts of integers, so the sums
 * are the same in any order. */
static void count_referral(const spec_state *s, uint32_t i, int32_t tick, int32_t day, double *acc)
{
    const mdl_care_cols *c = &s->c;
    if (c->spec_since[i] != tick)
        return;
    int r = c->spec_route[i] & 3;
    acc[G_REF + r] += 1;
    int k = c->spec_kind[i];
    if ((k == PK_YOUTH_GGZ || k == PK_YOUTH_RESIDENTIAL || k == PK_LVB) && mdl_age_years(c->birth_day[i], day) < 18)
        acc[G_REF_YOUTH + r] += 1;
    acc[G_DIAG] += (c->spec_flags[i] & SPEC_FLAG_DIAGNOSIS) != 0;
    acc[G_POWERLESS] += (c->spec_flags[i] & SPEC_FLAG_POWERLESS) != 0;
}

typedef struct list_ctx {
    const spec_state *s;
    uint32_t *act;        /* the persons on the waiting list; each chunk's part keeps at its front
                           * those of a provider that admits this tick */
    uint32_t *nopen;      /* their numbers per chunk */
    const uint8_t *admit; /* per provider: it admits someone this tick (would_admit) */
} list_ctx;

/* A person "i" on the waiting list: counted in its provider's queue (an atomic sum of
 * integers, the same in any order) and, as the ticks waited, in "*waited"; returns whether
 * the provider admits someone this tick, so that the person's place in its queue matters. */
static int queue_entry(const spec_state *s, const uint8_t *admit, uint32_t i, int32_t tick, int64_t *waited)
{
    const mdl_care_cols *c = &s->c;
    int32_t x = c->spec_provider[i];
    __atomic_fetch_add(&c->p_queue[x], 1, __ATOMIC_RELAXED);
    *waited += tick - c->spec_since[i];
    return admit[x];
}

/* The listed persons, in parallel (each reads its own rows): their referrals and queues
 * counted, and those of a provider that admits this tick kept, in order, at the front of
 * their chunk's part of the list, the only ones the serial admissions order. */
static void list_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    const list_ctx *l = vc;
    int32_t tick = (int32_t)sim_tick(w), day = sim_day(w);
    uint32_t n = 0;
    int64_t waited = 0; /* added to acc once (a sum of integers: the same double) */
    for (uint32_t j = b; j < e; j++) {
        uint32_t i = l->act[j];
        count_referral(l->s, i, tick, day, acc);
        if (queue_entry(l->s, l->admit, i, tick, &waited))
            l->act[b + n++] = i; /* n <= j - b: not yet read */
    }
    l->nopen[b / SIM_CHUNK] = n;
    acc[G_WAIT] += (double)waited;
}

/* The key that orders a waiting list: waiting since (ascending), then person. */
static inline uint64_t wait_key(int32_t since, uint32_t person)
{
    return (uint64_t)((uint32_t)since ^ 0x80000000u) << 32 | person;
}

static void heap_down(uint64_t *h, size_t n, size_t i)
{
    for (;;) {
        size_t l = 2 * i + 1, m = i;
        if (l < n && h[l] > h[m])
            m = l;
        if (l + 1 < n && h[l + 1] > h[m])
            m = l + 1;
        if (m == i)
            return;
        uint64_t t = h[i];
        h[i] = h[m];
        h[m] = t;
        i = m;
    }
}

/* The "k" smallest keys of the queue "q" of "n" keys, ascending, into "out" (room for k;
 * k <= n): a max-heap of the k smallest so far, then sorted by taking its top. */
static void smallest_keys(const uint64_t *q, size_t n, size_t k, uint64_t *out)
{
    for (size_t j = 0; j < k; j++)
        out[j] = q[j];
    for (size_t j = k / 2; j-- > 0;)
        heap_down(out, k, j);
    for (size_t j = k; j < n; j++) {
        uint64_t key = q[j];
        if (key < out[0]) {
            out[0] = key;
            heap_down(out, k, 0);
        }
    }
    for (size_t m = k; m > 1; m--) {
        uint64_t t = out[0];
        out[0] = out[m - 1];
        out[m - 1] = t;
        heap_down(out, m - 1, 0);
    }
}

/* Whether provider "x" has room among its slots, and whether, with annual budgets, it has
 * money left for a trajectory: each 1 or 0, in "room" and "money". */
static void room_money(const mdl_care_cols *c, const mdl_specialist_params *p, int32_t x, int *room, int *money)
{
    *room = c->p_in_care[x] < c->p_slots[x];
    *money = p->budget_mode == BUDGET_POPULATION ||
             c->p_spent_eur[x] + p->cost_per_trajectory_eur[c->p_kind[x]] <= c->p_budget_eur[x];
}

/* Whether provider "x" admits one more client now: room among its slots and, with annual
 * budgets, money left for a trajectory. The first time room but no money is found in a year,
 * the budget is marked spent (budget_out_tick) and the event recorded. */
static int admits(sim_world *w, spec_state *s, const mdl_specialist_params *p, int32_t x, int32_t tick)
{
    mdl_care_cols *c = &s->c;
    int room, money;
    room_money(c, p, x, &room, &money);
    if (room && !money && !c->p_budget_out[x]) {
        c->p_budget_out[x] = tick + 1;
        sim_emit(w, s->e_budget, -1, -1, x, c->p_spent_eur[x]);
    }
    return room && money;
}

static void spec_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_specialist_params *p = vp;
    spec_state *s = vs;
    mdl_care_cols *c = &s->c;
    int32_t tick = (int32_t)sim_tick(w), day = sim_day(w);
    int year;
    unsigned mon, dd;
    scn_civil_from_days(day, &year, &mon, &dd);
    uint32_t nprov = sim_world_count(w, SIM_PROVIDER), np = sim_world_count(w, SIM_PERSON);
    if (s->g_year[0] != year) { /* a new budget year */
        s->g_year[0] = year;
        for (uint32_t x = 0; x < nprov; x++)
            c->p_spent_eur[x] = 0, c->p_budget_out[x] = 0;
    }
    double cost[MDL_N_PKINDS] = {0};
    double per_tick = sim_days_per_tick(w) / 365.2425;
    if (p->budget_mode == BUDGET_POPULATION)
        for (uint32_t x = 0; x < nprov; x++)
            if (c->p_kind[x] != PK_GP)
                cost[c->p_kind[x]] += c->p_budget_eur[x] * per_tick;
    /* gather: in-care counts, new referrals, the waiting list in a fixed order */
    for (uint32_t x = 0; x < nprov; x++)
        c->p_in_care[x] = c->p_queue[x] = 0;
    size_t nw = 0, nact = 0, nesc = 0;
    double ga[G_N] = {0}, wait_sum = 0;
    uint32_t nchunks = (np + SIM_CHUNK - 1) / SIM_CHUNK;
    gather_ctx g = {s, p, sim_scratch(w, &scr_act, np, sizeof(uint32_t)),
                    sim_scratch(w, &scr_nact, nchunks, sizeof(uint32_t)),
                    sim_scratch(w, &scr_nesc, nchunks, sizeof(uint32_t)), sim_seed(w), tick,
                    sim_days_per_tick(w) / 7.0, 0};
    g.p_drop = p->p_drop_per_week * g.wk;
    if (!g.act || !g.nact || !g.nesc) {
        sim_world_fail(w, "specialist: out of memory for the waiting list");
        return;
    }
    sim_for(w, np, gather_body, &g, ga, 1);
    /* escalations to heavier care, filed serially in index order (a referral touches the
     * household's row); they become the last entries of the waiting list */
    for (uint32_t ch = 0; ch < nchunks; ch++)
        nesc += g.nesc[ch];
    uint32_t *escalated = sim_scratch(w, &scr_esc, nesc + 1, sizeof *escalated);
    if (!escalated) {
        sim_world_fail(w, "specialist: out of memory for the waiting list");
        return;
    }
    nesc = 0;
    for (uint32_t ch = 0; ch < nchunks; ch++) {
        uint32_t end = (ch + 1) * SIM_CHUNK < np ? (ch + 1) * SIM_CHUNK : np;
        for (uint32_t j = 0; j < g.nesc[ch]; j++) {
            uint32_t i = g.act[end - 1 - j];
            c->spec_flags[i] &= (uint8_t)~SPEC_FLAG_ESCALATE;
            int32_t hh = s->household[i];
            if (hh < 0 || !mdl_care_refer(w, c, i, hh, s->c.hh_area ? s->c.hh_area[hh] : 0, c->spec_kind[i],
                                          c->spec_domain[i], ROUTE_OTHER, SPEC_FLAG_POWERLESS))
                continue;
            count_referral(s, i, tick, day, ga);
            escalated[nesc++] = i;
        }
    }
    nact = sim_chunk_join(g.act, g.nact, nchunks);
    /* the waiting list: at most one entry per person gathered, counted in its provider's
     * queue; its order does not matter (a provider's queue is ordered by waiting since and
     * person before anyone is admitted, and otherwise only counted), and only the entries of
     * a provider that admits someone this tick (would it now: nothing the admissions of
     * another provider do changes that) are kept for the serial admissions */
    uint8_t *admit = sim_scratch(w, &scr_admit, (size_t)nprov + 1, 1);
    if (!admit) {
        sim_world_fail(w, "specialist: out of memory for the waiting list");
        return;
    }
    for (uint32_t x = 0; x < nprov; x++) {
        int room, money;
        room_money(c, p, (int32_t)x, &room, &money);
        admit[x] = (uint8_t)(room & money);
    }
    list_ctx lc = {s, g.act, g.nact, admit};
    sim_for(w, (uint32_t)nact, list_body, &lc, ga, G_N);
    nw = sim_chunk_join(g.act, g.nact, (uint32_t)((nact + SIM_CHUNK - 1) / SIM_CHUNK));
    int64_t waited = 0;
    for (size_t j = 0; j < nesc; j++) /* each chunk's part had room for its escalations */
        if (queue_entry(s, admit, escalated[j], tick, &waited))
            g.act[nw++] = escalated[j];
    wait_sum = ga[G_WAIT] + (double)waited;
    /* admissions provider by provider in index order, and within a provider by (waiting since,
     * person); a provider that cannot admit anyone this tick (full, or its budget spent) only
     * counts its queue, and one with room for k only needs the first k of its queue in order */
    uint32_t *start = sim_calloc((size_t)nprov + 1, sizeof *start);
    uint32_t *pos = sim_calloc((size_t)nprov + 1, sizeof *pos);
    uint64_t *by = sim_scratch(w, &scr_by, nw + 1, sizeof *by);
    uint64_t *first = sim_scratch(w, &scr_first, nw + 1, sizeof *first);
    if (!start || !pos || !by || !first) {
        sim_world_fail(w, "specialist: out of memory for the waiting list");
        sim_free(start);
        sim_free(pos);
        return;
    }
    for (size_t j = 0; j < nw; j++)
        start[c->spec_provider[g.act[j]] + 1]++;
    for (uint32_t x = 0; x < nprov; x++)
        pos[x] = start[x + 1] += start[x];
    for (size_t j = 0; j < nw; j++) { /* the keys of a queue in any order: smallest_keys orders them */
        uint32_t i = g.act[j];
        by[--pos[c->spec_provider[i]]] = wait_key(c->spec_since[i], i);
    }
    sim_free(pos);
    double admissions = 0, admit_wait = 0, placements_new = 0;
    for (uint32_t xp = 0; xp < nprov; xp++) {
        /* every entry not admitted waits on: counted in p_queue, and its wait summed, by
         * list_body */
        if (!c->p_queue[xp] || !admits(w, s, p, (int32_t)xp, tick)) /* nobody of its queue gets in this tick */
            continue;
        const uint64_t *q = by + start[xp];
        size_t nq = start[xp + 1] - start[xp]; /* the whole queue, as the provider admits */
        /* room for k more: only the first k can be admitted */
        size_t k = (size_t)(c->p_slots[xp] - c->p_in_care[xp]);
        k = k < nq ? k : nq;
        smallest_keys(q, nq, k, first);
        for (size_t j = 0; j < k; j++) {
            uint32_t i = (uint32_t)first[j];
            int32_t since = (int32_t)((uint32_t)(first[j] >> 32) ^ 0x80000000u);
            int32_t x = (int32_t)xp;
            int kd = c->p_kind[x];
            double price = p->cost_per_trajectory_eur[kd];
            int32_t h = s->household[i];
            if (!admits(w, s, p, x, tick))
                break; /* full or out of money: the rest wait */
            c->p_queue[x]--;
            wait_sum -= tick - since;
            c->p_in_care[x]++;
            c->spec_state[i] = SPEC_IN_CARE;
            int weeks = (int)p->trajectory_weeks[kd];
            int ticks = (int)ceil(weeks * 7.0 / sim_days_per_tick(w));
            c->spec_weeks_left[i] = (int16_t)(ticks > 32767 ? 32767 : ticks);
            double wait_weeks = (tick - since) * sim_days_per_tick(w) / 7.0;
            c->spec_since[i] = tick;
            sim_rng_stream r;
            sim_stream(w, &r, MDL_PURPOSE(MNO_SPECIALIST, PUR_FIT), i);
            double pf = (c->spec_flags[i] & SPEC_FLAG_DIAGNOSIS) ? p->fit_diagnosis : p->fit_base;
            if (sim_rng_bernoulli(&r, pf))
                c->spec_flags[i] |= SPEC_FLAG_FIT;
            if (p->budget_mode == BUDGET_ANNUAL) {
                c->p_spent_eur[x] += price;
                cost[kd] += price;
            }
            if (h >= 0)
                c->helpers[h]++;
            admissions += 1;
            admit_wait += wait_weeks;
            sim_emit(w, s->e_admitted, h, (int32_t)i, x, wait_weeks);
            if (kd == PK_YOUTH_RESIDENTIAL) {
                placements_new += 1;
                sim_emit(w, s->e_placement, h, (int32_t)i, x, 0);
            }
        }
    }
    sim_free(start);
    double acc[T_N] = {0};
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    /* the bytes of the households, and the list of those in debt counselling (in the gathered
     * list's buffer, free now: few households are in debt counselling, and debt_body visits
     * only them) */
    treat_ctx tc = {s, p, s->debt ? sim_scratch(w, &scr_debt, (size_t)nh + 1, 1) : NULL, g.act, g.nact, {0}, {0}};
    for (int fit = 0; fit < 2; fit++) { /* once a tick, in the operations of one person's */
        double rate = p->treat_rate_per_week * (fit ? 1.0 : p->unfit_effect) * sim_days_per_tick(w) / 7.0;
        tc.keep[fit] = (float)(1 - rate);
        tc.settle[fit] = 1 - p->debt_rate_per_week * (fit ? 1.0 : 0.5) * sim_days_per_tick(w) / 7.0;
    }
    if (s->debt && !tc.debt_care) {
        sim_world_fail(w, "specialist: out of memory");
        return;
    }
    if (tc.debt_care)
        sim_for_zero(w, tc.debt_care, nh, 1);
    sim_for(w, np, treat_body, &tc, acc, T_N);
    if (tc.debt_care)
        sim_for(w, sim_chunk_join(tc.debtors, tc.ndebtors, nchunks), debt_body, &tc, NULL, 0);
    /* indicators */
    double wl[MDL_N_PKINDS] = {0}, ic[MDL_N_PKINDS] = {0}, out[MDL_N_PKINDS] = {0}, nk[MDL_N_PKINDS] = {0};
    for (uint32_t x = 0; x < nprov; x++) {
        int k = c->p_kind[x];
        wl[k] += c->p_queue[x];
        ic[k] += c->p_in_care[x];
        out[k] += c->p_budget_out[x] != 0;
        nk[k] += 1;
        c->p_consult_left[x] = consult_hours(w, p, k);
    }
    double waiting = 0;
    for (int k = 1; k < MDL_N_PKINDS; k++) {
        sim_ind_set(w, s->i_wait[k], wl[k]);
        sim_ind_set(w, s->i_care[k], ic[k]);
        sim_ind_set(w, s->i_cost[k], cost[k]);
        sim_ind_set(w, s->i_exhausted[k], nk[k] ? out[k] / nk[k] : 0);
        waiting += wl[k];
    }
    sim_ind_set(w, s->i_wait_weeks, waiting > 0 ? wait_sum / waiting * sim_days_per_tick(w) / 7.0 : 0);
    sim_ind_set(w, s->i_admit_wait, admit_wait);
    for (int r = 1; r < 4; r++) {
        sim_ind_set(w, s->i_ref[r], ga[G_REF + r]);
        sim_ind_set(w, s->i_ref_youth[r], ga[G_REF_YOUTH + r]);
    }
    sim_ind_set(w, s->i_ref_diag, ga[G_DIAG]);
    sim_ind_set(w, s->i_ref_powerless, ga[G_POWERLESS]);
    sim_ind_set(w, s->i_admissions, admissions);
    sim_ind_set(w, s->i_dropped, ga[G_DROPPED]);
    sim_ind_set(w, s->i_discharges, acc[T_DIS]);
    sim_ind_set(w, s->i_success, acc[T_SUCC]);
    sim_ind_set(w, s->i_placements, placements_new);
    sim_ind_set(w, s->i_ooh, acc[T_OOH]);
    sim_ind_set(w, s->i_sheltered, acc[T_SHEL]);
    sim_ind_set(w, s->i_contrib, acc[T_CONTRIB_WEEKS] * p->own_contribution_eur_per_week * sim_days_per_tick(w) / 7.0);
}

const sim_model mdl_specialist = {"specialist", "Specialist providers: slots, budgets, waiting lists, trajectories.",
                                  &mdl_specialist_section, sizeof(spec_state), spec_init, spec_step};
