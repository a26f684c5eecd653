/* letters.c: each tick each household receives letters from six senders; a letter is
 * opened depending on the literacy of the household's adults and their trust (and whether
 * letters reach them at all), or handled by volunteer letter help. Unopened letters pile
 * up: the pile is dealt with now and then (by the household, or by a helper in the network
 * and care phases), letters needing action fall due as arrears after a deadline, and old
 * letters age out. CJIB fines escalate by law (+50 % after the first reminder, three times
 * the original after the second), then detention is threatened, carried out or turned into
 * a payment plan. Rent arrears lead to eviction. Debt raises the head's money problem. */
#include "letters.h"
#include "../sim/nabij.h"
#include "care.h"
#include "common.h"
#include "members.h"
#include "quick.h"
#include "rules.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define S mdl_letters_params
#define PR(key, member, lo, hi, d, u, src, doc) \
    { key, SCN_REAL, offsetof(S, member), lo, hi, d, NULL, NULL, u, src, doc }
static const scn_param params[] = {
    PR("tax_letters_per_month", letters_per_month[SND_TAX], 0, 30, 0.25, "letters/month",
       "assumption: seed 000 §7 names the tax office among the main senders", "Letters from the tax office."),
    PR("allowance_letters_per_month", letters_per_month[SND_ALLOWANCES], 0, 30, 0.4, "letters/month",
       "assumption: allowances (toeslagen) send decisions and reclaims several times a year", "Letters about allowances."),
    PR("housing_letters_per_month", letters_per_month[SND_HOUSING], 0, 30, 0.15, "letters/month",
       "assumption", "Letters from the housing corporation."),
    PR("cjib_letters_per_month", letters_per_month[SND_CJIB], 0, 30, 0.04, "letters/month",
       "assumption: CJIB handles about 9 M traffic fines a year for 17 M people (CJIB jaarbericht)",
       "New fines from CJIB (traffic and other administrative fines)."),
    PR("insurer_letters_per_month", letters_per_month[SND_INSURER], 0, 30, 0.2, "letters/month",
       "assumption", "Letters from the health insurer."),
    PR("energy_letters_per_month", letters_per_month[SND_ENERGY], 0, 30, 0.15, "letters/month",
       "assumption", "Letters from the energy company."),
    PR("tax_p_action", p_action[SND_TAX], 0, 1, 0.3, "probability", "assumption", "Share of tax letters that need action."),
    PR("allowance_p_action", p_action[SND_ALLOWANCES], 0, 1, 0.3, "probability", "assumption",
       "Share of allowance letters that need action (report a change, repay)."),
    PR("housing_p_action", p_action[SND_HOUSING], 0, 1, 0.3, "probability", "assumption",
       "Share of housing letters that need action."),
    PR("cjib_p_action", p_action[SND_CJIB], 0, 1, 1.0, "probability", "CJIB: every fine must be paid",
       "Share of CJIB letters that need action."),
    PR("insurer_p_action", p_action[SND_INSURER], 0, 1, 0.3, "probability", "assumption", "Share of insurer letters that need action."),
    PR("energy_p_action", p_action[SND_ENERGY], 0, 1, 0.25, "probability", "assumption", "Share of energy letters that need action."),
    PR("tax_cost_missed_eur", cost_missed_eur[SND_TAX], 0, 100000, 250, "EUR",
       "seed 000: a EUR 254 tax refund in an unopened letter (Kanaleneiland); assumption on penalties",
       "Cost of a missed tax letter that needed action (penalty, lost refund)."),
    PR("allowance_cost_missed_eur", cost_missed_eur[SND_ALLOWANCES], 0, 100000, 800, "EUR",
       "assumption: reclaimed allowances are often hundreds of euros", "Cost of a missed allowance letter."),
    PR("housing_cost_missed_eur", cost_missed_eur[SND_HOUSING], 0, 100000, 400, "EUR",
       "assumption: about one month's rent in arrears", "Cost of a missed housing letter."),
    PR("cjib_cost_missed_eur", cost_missed_eur[SND_CJIB], 0, 100000, 0, "EUR",
       "CJIB fines escalate by rule instead (see fine_eur_mean)", "Extra cost of a missed CJIB letter besides escalation."),
    PR("insurer_cost_missed_eur", cost_missed_eur[SND_INSURER], 0, 100000, 300, "EUR",
       "assumption: premium arrears and collection costs", "Cost of a missed insurer letter."),
    PR("energy_cost_missed_eur", cost_missed_eur[SND_ENERGY], 0, 100000, 250, "EUR",
       "assumption", "Cost of a missed energy letter."),
    PR("p_open_literate", p_open_literate, 0, 1, 0.95, "probability", "assumption",
       "Probability that a household with a literate adult opens and handles a letter."),
    PR("p_open_low_literacy", p_open_low_literacy, 0, 1, 0.4, "probability",
       "seed 000 §7: residents who cannot read leave letters unopened (four unopened letters, Kanaleneiland)",
       "Probability that a household without a literate adult handles a letter."),
    PR("trust_effect", trust_effect, 0, 1, 0.3, "0..1", "assumption: distrust of agencies makes people avoid their letters",
       "How much low trust lowers the chance of opening a letter."),
    PR("initial_debt_per_severity_eur", initial_debt_per_severity_eur, 0, 100000, 5000, "EUR per unit severity",
       "assumption: at the start, debts match the head's money problem (CBS 2015: 8.6 % of households with registered problem debts)",
       "Debt at the start of a household whose head has a money problem, per unit of its severity."),
    PR("problem_effect", problem_effect, 0, 1, 0.6, "0..1",
       "seed 000 §7: people who cannot cope leave letters unopened; debt stress makes people avoid their post (Nibud); assumption on the size",
       "How much the worst money, mental or LVB severity of the household's adults lowers the chance of dealing with a letter."),
    PR("p_volunteer_help", p_volunteer_help, 0, 1, 0.0, "probability",
       "seed 000 §7: formulierenbrigades; baseline has none (policy lever)",
       "Probability that volunteer letter help handles a letter the household would have missed."),
    {"reminder_weeks", SCN_INT, offsetof(S, reminder_weeks), 1, 52, 8, NULL, NULL, "weeks",
     "CJIB: a first reminder about eight weeks after the decision, a second about eight weeks later",
     "Weeks between a fine and its reminder, and between reminders."},
    PR("fine_eur_mean", fine_eur_mean, 0, 10000, 150, "EUR",
       "assumption: typical traffic fine; seed 000: an uninsured-scooter fine grew to EUR 1,200",
       "Mean original amount of a CJIB fine (exponential)."),
    PR("repay_share_of_income", repay_share_of_income, 0, 1, 0.15, "share of income",
       "assumption: payment plans of about EUR 200/month (seed 000 scooter case)",
       "Share of the income above repay_protected_eur_per_month that goes to repaying fines and debts."),
    PR("repay_protected_eur_per_month", repay_protected_eur_per_month, 0, 10000, 1000, "EUR/month",
       "Rv art. 475d: the beslagvrije voet, about 95 % of the bijstand norm; assumption on the amount",
       "Household income that creditors leave alone; only what is above it repays debts."),
    PR("debt_writeoff_per_year", debt_writeoff_per_year, 0, 5, 0.1, "rate per year",
       "assumption: debts do not last for ever: most consumer claims lapse after five years (BW 3:307-308), "
       "creditors write off or sell what they cannot collect, and the WSNP ends with a clean slate; "
       "calibrated so that problem debts stay near 8-9 % of households over the run (CBS 2015: 8.6 %)",
       "Rate at which debts other than CJIB fines are written off (the debt shrinks by this share a year)."),
    PR("deadline_weeks", deadline_weeks, 1, 52, 4, "weeks",
       "assumption: payment terms and objection periods of four to six weeks (Awb art. 6:7: six weeks)",
       "Mean time before an unhandled letter that needed action turns into arrears (its cost is added to the debt)."),
    PR("keep_weeks", keep_weeks, 1, 520, 26, "weeks",
       "assumption: unopened letters are thrown away or lost after about half a year",
       "Mean time an unopened letter stays in the letterbox stack before it is lost."),
    PR("p_late_open", p_late_open, 0, 1, 0.15, "probability per week",
       "assumption: households deal with a pile of letters now and then",
       "Weekly probability that a household that can read its letters deals with its unopened pile (scaled by opening probability)."),
    PR("p_open_no_address", p_open_no_address, 0, 1, 0.3, "multiplier",
       "seed 000: fines sent to old addresses of a homeless man",
       "Factor on the opening probability for households on the street or staying with others."),
    PR("eviction_arrears_eur", eviction_arrears_eur, 0, 100000, 1500, "EUR",
       "assumption: corporations go to court at about two months of rent arrears (Aedes)",
       "Rent arrears from which the housing corporation threatens eviction."),
    PR("p_eviction_per_week", p_eviction_per_week, 0, 1, 0.02, "probability per week",
       "assumption: months between summons and eviction; about 0.1 % of rented homes evicted a year (Aedes)",
       "Weekly probability that a threatened eviction is carried out while arrears stay above the threshold."),
    PR("p_detention_executed", p_detention_executed, 0, 1, 0.05, "probability",
       "assumption: CJIB uses gijzeling as a last means (a few thousand a year nationally); most pay at the door or get a plan",
       "Probability that a detention threat that goes unanswered is carried out."),
    PR("p_job_loss_detention", p_job_loss_detention, 0, 1, 0.3, "probability",
       "seed 000: detention 'would cost him his job' (scooter story)",
       "Probability that a working head loses the job when detained."),
    PR("payment_plan_eur_per_month", payment_plan_eur_per_month, 0, 5000, 200, "EUR/month",
       "seed 000: a EUR 200/month payment plan on a EUR 1,200 CJIB debt",
       "Instalment of a CJIB payment plan (at most 40 % of income)."),
    {"fines_municipality", SCN_BOOL, offsetof(S, fines_municipality), 0, 1, 0, NULL, NULL, "-",
     "seed 002: the municipality may take over the handling of fines (policy lever; baseline national escalation)",
     "For households on bijstand the municipality takes over new CJIB fines: no reminders or surcharges, "
     "instalments withheld from the benefit."},
    PR("municipality_fine_admin_eur", municipality_fine_admin_eur, 0, 10000, 50, "EUR per fine",
       "assumption: about an hour of back-office work per fine",
       "Cost to the municipality of handling one fine when fines_municipality is on."),
    PR("problem_debt_eur", problem_debt_eur, 0, 100000, 1500, "EUR",
       "assumption: a debt the household cannot repay within three years; CBS uses registration",
       "Debt from which a household counts as having problem debts."),
    PR("debt_stress", debt_stress, 0, 1, 0.5, "severity at problem_debt_eur",
       "assumption: seed 000/002, debts feed other problems", "Severity of the head's money problem when debt equals problem_debt_eur (it grows with the square of the debt)."),
    PR("debt_relief", debt_relief, 0, 1, 1.0, "share",
       "assumption: the stress a debt causes eases when the debt is repaid, settled or written off "
       "(debt relief improves mental health and money worries: Nibud 2018; Ong, Theseira and Ng 2019, PNAS)",
       "Share of a fall in the debt's stress (debt_stress times the squared debt) that the head's money problem loses with it."),
};
#undef PR
#undef S
const scn_section mdl_letters_section =
    SCN_SECTION("letters", "The letterbox: letters, missed letters, arrears, CJIB fines, eviction.",
                mdl_letters_params, params);

/* PUR_ARRIVALS: one word per household for the number of letters (groups of four
 * households); PUR_LETTERS: the household's stream for everything else, opened when needed. */
enum { PUR_LETTERS = 0, PUR_ARRIVALS = 1 };

typedef struct let_state {
    const int32_t *hh_first, *next;
    const uint8_t *members, *literacy_low, *housing;
    const int32_t *birth_day;
    const float *trust, *hh_income, *benefit;
    float *prob_money, *prob_work;
    int16_t *unemployed; /* households' unemployed_ticks (NULL without that model) */
    const float *prob_mental, *prob_lvb;
    uint8_t *income;
    int32_t *unopened, *fine_next;
    float *debt, *fine_orig, *fine_due, *pending, *pending_rent, *rent_arrears, *stress;
    uint8_t *fine_stage, *eviction;
    int i_recv, i_unopened, i_stack, i_hh_unopened, i_debt, i_problem_debt, i_share_pd, i_fines,
        i_surcharge, i_detention, i_detained, i_job_lost, i_volunteer, i_arrears, i_threat, i_evicted,
        i_cost_muni, i_plans;
    int e_unopened, e_arrears, e_fine, e_escalated, e_detention, e_detained, e_plan, e_paid,
        e_evict_threat, e_evicted;
    mdl_members mem;
} let_state;

static int let_init(sim_world *w, const void *vp, void *vs)
{
    let_state *s = vs;
    int rc = mdl_members_bind(w, &s->mem);
    if (rc)
        return rc;
    s->hh_first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->next = sim_col(w, SIM_PERSON, "next_member");
    s->members = sim_col(w, SIM_HOUSEHOLD, "members");
    s->housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->literacy_low = sim_col(w, SIM_PERSON, "literacy_low");
    s->trust = sim_col(w, SIM_PERSON, "trust");
    s->prob_money = sim_col(w, SIM_PERSON, "prob_money");
    s->prob_work = sim_col(w, SIM_PERSON, "prob_work");
    s->unemployed = sim_col(w, SIM_PERSON, "unemployed_ticks");
    s->prob_mental = sim_col(w, SIM_PERSON, "prob_mental");
    s->prob_lvb = sim_col(w, SIM_PERSON, "prob_lvb");
    s->benefit = sim_col(w, SIM_HOUSEHOLD, "benefit_eur_per_month");
    s->hh_income = sim_col(w, SIM_HOUSEHOLD, "income_eur_per_month");
    if (!s->hh_first || !s->benefit || !s->hh_income) {
        sim_world_fail(w, "letters needs population and benefits before it");
        return NABIJ_EINVAL;
    }
#define COL(var, name, t, fl, unit, doc) \
    if (!(s->var = sim_col_add(w, SIM_HOUSEHOLD, name, t, fl, unit, doc))) return NABIJ_ENOMEM
    COL(unopened, "letters_unopened", SIM_I32, SIM_COL_SNAPSHOT, "letters", "Unopened letters in the letterbox.");
    COL(pending, "letters_pending_eur", SIM_F32, 0, "EUR",
        "Cost that unopened letters needing action will add to the debt unless someone deals with them in time.");
    COL(debt, "debt_eur", SIM_F32, SIM_COL_SNAPSHOT, "EUR", "Arrears and debts with creditors other than CJIB.");
    COL(pending_rent, "letters_pending_rent_eur", SIM_F32, 0, "EUR",
        "Part of letters_pending_eur from missed housing letters (rent arrears that go when the pile is dealt with).");
    COL(rent_arrears, "rent_arrears_eur", SIM_F32, 0, "EUR",
        "Part of the debt and of the costs to come owed to the housing corporation.");
    COL(eviction, "eviction_stage", SIM_U8, SIM_COL_SNAPSHOT, "0 none|1 threatened|2 evicted this tick",
        "Eviction procedure over rent arrears.");
    COL(stress, "debt_stress", SIM_F32, 0, "severity 0..1",
        "Money severity the household's debts and fines imposed on its head at the end of the last tick "
        "(letters.debt_stress times the squared debt over letters.problem_debt_eur).");
    COL(fine_orig, "fine_original_eur", SIM_F32, 0, "EUR", "Original amount of outstanding CJIB fines.");
    COL(fine_due, "fine_due_eur", SIM_F32, SIM_COL_SNAPSHOT, "EUR", "Amount due at CJIB, surcharges included.");
    COL(fine_stage, "fine_stage", SIM_U8, 0, "0 new|1-2 reminders|3 detention threatened|4 payment plan",
        "Stage of the outstanding CJIB fines.");
    COL(fine_next, "fine_next_tick", SIM_I32, 0, "tick", "Tick of the next CJIB step.");
#undef COL
    s->i_recv = sim_ind_add(w, "letters_received", "letters", "Letters received this tick.");
    s->i_unopened = sim_ind_add(w, "letters_missed", "letters", "Letters left unopened this tick.");
    s->i_stack = sim_ind_add(w, "letters_unopened_total", "letters", "Unopened letters in all letterboxes.");
    s->i_hh_unopened = sim_ind_add(w, "households_unopened_letters", "households",
                                   "Households with at least one unopened letter.");
    s->i_arrears = sim_ind_add(w, "cost_households_missed_letters_eur", "EUR per tick",
                               "Arrears, penalties and lost refunds from letters nobody dealt with in time.");
    s->i_debt = sim_ind_add(w, "debt_total_eur", "EUR", "Debts and fines due, all households.");
    s->i_problem_debt = sim_ind_add(w, "households_problem_debt", "households",
                                    "Households whose debts and fines exceed letters.problem_debt_eur.");
    s->i_share_pd = sim_ind_add(w, "share_households_problem_debt", "share of households",
                                "Share of households with problem debts (calibration: CBS 8.6 %).");
    s->i_fines = sim_ind_add(w, "cjib_fines_due_eur", "EUR", "CJIB fines due, surcharges included.");
    s->i_surcharge = sim_ind_add(w, "cost_households_cjib_surcharges_eur", "EUR per tick",
                                 "CJIB surcharges added this tick.");
    s->i_detention = sim_ind_add(w, "detention_threats", "households per tick",
                                 "Households threatened with detention (gijzeling) this tick.");
    s->i_detained = sim_ind_add(w, "detentions", "persons per tick", "Heads detained over unpaid fines this tick.");
    s->i_job_lost = sim_ind_add(w, "jobs_lost_detention", "persons per tick",
                                "Detained heads who lost their job (not in households' jobs_lost).");
    s->i_plans = sim_ind_add(w, "households_cjib_payment_plan", "households", "Households paying CJIB by instalments.");
    s->i_volunteer = sim_ind_add(w, "letters_volunteer_handled", "letters", "Letters handled by volunteer letter help.");
    s->i_threat = sim_ind_add(w, "households_eviction_threat", "households", "Households threatened with eviction.");
    s->i_evicted = sim_ind_add(w, "evictions", "households per tick", "Households evicted this tick.");
    s->i_cost_muni = sim_ind_add(w, "cost_municipality_fine_handling_eur", "EUR per tick",
                                 "Municipal handling of fines (letters.fines_municipality).");
    s->e_unopened = sim_event_kind_add(w, "letter_unopened", "A letter from the {cp} stayed unopened.", MDL_SENDER_NAMES);
    s->e_arrears = sim_event_kind_add(w, "arrears", "Unopened letters turned into a debt of {amount}.", NULL);
    s->e_fine = sim_event_kind_add(w, "fine_imposed", "CJIB imposed a fine of {amount}.", NULL);
    s->e_escalated = sim_event_kind_add(w, "fine_escalated", "The CJIB fine was raised by {amount} after reminder {cp}.", NULL);
    s->e_detention = sim_event_kind_add(w, "detention_threat", "CJIB threatened detention over {amount} of unpaid fines.", NULL);
    s->e_detained = sim_event_kind_add(w, "detained", "{person} was detained over {amount} of unpaid fines.", NULL);
    s->e_plan = sim_event_kind_add(w, "payment_plan", "A payment plan of {amount} a month started for the fines.", NULL);
    s->e_paid = sim_event_kind_add(w, "debts_cleared", "The household paid off its debts and fines.", NULL);
    s->e_evict_threat = sim_event_kind_add(w, "eviction_threat",
                                           "The housing corporation threatened eviction over {amount} of rent arrears.", NULL);
    s->e_evicted = sim_event_kind_add(w, "evicted", "The household was evicted with {amount} of rent arrears.", NULL);
    const mdl_letters_params *p = vp;
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    for (uint32_t h = 0; h < nh; h++) /* debts at the start follow the head's money problem */
        if (s->members[h] && s->hh_first[h] >= 0)
            s->debt[h] = (float)(p->initial_debt_per_severity_eur * s->prob_money[s->hh_first[h]]);
    return s->e_evicted < 0 ? s->e_evicted : 0;
}

#define LET_POIS_MAX 48 /* letters per tick covered by the table of the Poisson draw */
#define LET_PILE_MAX 64 /* piles up to this size lose letters by inversion of one word */
#define TWO32 4294967296.0

/* The senders of a letter by the top bits of its word: bucket b holds the words [b, b + 1)
 * x 2^LET_SND_SHIFT, and the last one those from 2^32 up (left by rounding). */
#define LET_SND_SHIFT 26
#define LET_BUCKETS (1 << (32 - LET_SND_SHIFT))
typedef struct let_bucket {
    double t;  /* the one threshold (cum32) inside the bucket, or its upper end */
    int below; /* thresholds at or below its lower end */
    int many;  /* more than one threshold inside (or the last bucket): all are compared */
} let_bucket;

/* A chance of this tick, for split. */
typedef struct let_chance {
    double t, below, above;
} let_chance;

/* A uniform number in [0, 2^32) with its grain (see split). */
typedef struct let_word {
    double v, grain;
} let_word;
#define LET_GRAIN_MAX 256.0
#define LET_SPENT 1e300 /* the grain of a used-up word */

typedef struct let_ctx {
    let_state *s;
    const mdl_letters_params *p;
    double rate_total, cum[MDL_N_SENDERS];
    double months, weeks;
    float keep_debt; /* share of a debt not written off this tick */
    int32_t tick, day, step_ticks; /* step_ticks: reminder_weeks in ticks */
    int32_t cut_18;                /* latest birth day of an adult (quick.h) */
    /* Poisson(rate_total x months) by inversion of one 32-bit word: the number of letters
     * is the first k with u < pois_cdf[k] (scaled by 2^32); pois_n = 0 when the mean is too
     * large for the table and gsl_ran_poisson draws instead */
    int pois_n;
    double pois_cdf[LET_POIS_MAX];
    double none_scale;           /* 2^32 / pois_cdf[0]: a word with no letter, rescaled */
    double one_scale;            /* 2^32 / (pois_cdf[1] - pois_cdf[0]): with one letter */
    uint64_t letters_from;       /* the least word with a letter: ceil(pois_cdf[0]) */
    double cum32[MDL_N_SENDERS]; /* cum scaled to 2^32 / rate_total */
    let_bucket bucket[LET_BUCKETS + 1]; /* the thresholds cum32 by the words' top bits */
    double p_lost;               /* loss of an unopened letter in this tick */
    double lost_ratio;           /* p_lost / (1 - p_lost) */
    double keep_pow[LET_PILE_MAX + 1]; /* (1 - p_lost)^n x 2^32: no letter of n lost */
    double p_open_max;           /* upper bound of open_prob */
    double late_scale;           /* p_late_open x weeks: the pile's factor on open_prob */
    let_chance open_one, open_late; /* bounds of the opening chance of a letter, of the pile */
    let_chance due;              /* the pending sum falls due this tick */
    let_chance volunteer, action[MDL_N_SENDERS];
    double snd_lo[MDL_N_SENDERS], snd_scale[MDL_N_SENDERS]; /* a sender's part of the word, rescaled to 2^32 */
    int quiet_ok;                /* a household without letters, pile, fines, debts or arrears has nothing to do */
    int quiet_pd;                /* such a household counts as having problem debts (problem_debt_eur <= 0) */
    float evict_from;            /* the least float at least eviction_arrears_eur: rent arrears from which
                                  * eviction is threatened, as a float compares with the double */
} let_ctx;

/* The opening probability of one household, worked out when first needed. */
typedef struct let_open {
    double p;
    int literate, known;
} let_open;

/* Sums of one chunk that are counts (exact in integers). */
typedef struct let_counts {
    int64_t stack;
    uint32_t hh_unop, pd, plans, threat;
    uint32_t recv, missed, vol; /* letters received, missed, handled by volunteers */
} let_counts;

enum { A_RECV, A_MISSED, A_STACK, A_HH_UNOP, A_ARREARS, A_DEBT, A_PD, A_FINES, A_SURCH, A_DET,
       A_DETAINED, A_PLANS, A_VOL, A_THREAT, A_COST_MUNI, A_LIVING, A_JOB_LOST, A_N };

/* The bits of "f": a float is +0 or -0 exactly when its bits without the sign are 0. */
static inline uint32_t float_bits(float f)
{
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

/* a > b ? a : b and a < b ? a : b. With SSE2, maxsd and minsd, whose rules are those (the
 * second operand unless the first is greater, or less: for NaN and for zeros of either sign
 * too), without a branch: the compiler compares and jumps instead, and the comparisons of
 * debts, incomes and stresses are hard to predict. */
static inline double maxd(double a, double b)
{
#ifdef __SSE2__
    return _mm_cvtsd_f64(_mm_max_sd(_mm_set_sd(a), _mm_set_sd(b)));
#else
    return a > b ? a : b;
#endif
}

static inline double mind(double a, double b)
{
#ifdef __SSE2__
    return _mm_cvtsd_f64(_mm_min_sd(_mm_set_sd(a), _mm_set_sd(b)));
#else
    return a < b ? a : b;
#endif
}

static int32_t weeks_to_ticks(sim_world *w, double weeks)
{
    int32_t t = (int32_t)lround(weeks * 7.0 / sim_days_per_tick(w));
    return t < 1 ? 1 : t;
}

/* Probability that household "h" deals with a letter: literacy, trust and the worst money,
 * mental or LVB problem of its adults, and whether letters reach it. "literate" gets
 * whether an adult can read letters. */
static inline __attribute__((always_inline)) double open_prob(const let_ctx *c, uint32_t h, int *literate)
{
    const let_state *s = c->s;
    const mdl_letters_params *p = c->p;
    int lit = 0, adults = 0;
    float trust = 0, burden = 0;
    for (int32_t i = s->hh_first[h]; i >= 0; i = s->next[i]) {
        if (s->birth_day[i] > c->cut_18) /* under 18 */
            continue;
        adults++;
        lit |= !s->literacy_low[i];
        trust += s->trust[i];
        float m = s->prob_money[i], x = s->prob_mental[i], l = s->prob_lvb[i];
        m = m > x ? m : x;
        m = m > l ? m : l;
        burden = burden > m ? burden : m;
    }
    trust = adults ? trust / (float)adults : 0.5f;
    double p_open = (lit ? p->p_open_literate : p->p_open_low_literacy) *
                    (1 - p->trust_effect * (1 - trust)) * (1 - p->problem_effect * burden);
    if (s->housing[h] == HOUSE_STREET || s->housing[h] == HOUSE_WITH_OTHERS)
        p_open *= p->p_open_no_address;
    *literate = lit;
    return p_open;
}

/* The opening probability of household "h" in "o", worked out at the first call. Inlined
 * where it is asked (before, a call for each of some 14,000 households a tick, late in a run,
 * whose saved registers and spills around the call cost more than the call saved in code). */
static inline __attribute__((always_inline)) double open_get(const let_ctx *c, uint32_t h, let_open *o)
{
    if (!o->known) {
        o->p = open_prob(c, h, &o->literate);
        o->known = 1;
    }
    return o->p;
}

/* A chance p (clamped to [0, 1]) ready to decide from a uniform number v in [0, 2^32):
 * yes if v < t = p x 2^32. What is left of v, rescaled to [0, 2^32) (by "below" = 1 / p
 * under t, by "above" = 1 / (1 - p) from t up), is again uniform and independent of the
 * outcome, so one word decides several things in turn: each decision costs as many bits
 * as it is unlikely. The grain of the word (the step between its possible values, 1 for
 * a fresh word) grows by the same factor; a word whose grain exceeds LET_GRAIN_MAX (fewer
 * than 24 bits left) is replaced by a fresh one from the household's stream. */
static void chance_set(let_chance *k, double p)
{
    p = p > 0 ? (p < 1 ? p : 1) : 0;
    k->t = p * TWO32;
    k->below = p > 0 ? 1 / p : 0;
    k->above = p < 1 ? 1 / (1 - p) : 0;
}

/* A fresh word from the household's stream if "x" has too few bits left (mdl_lazy_u32: the
 * first four from the stream's first block, without the set-up of the stream). */
static inline void word_ready(sim_world *w, mdl_lazy *r, let_word *x)
{
    if (x->grain > LET_GRAIN_MAX) {
        x->v = (double)mdl_lazy_u32(w, r);
        x->grain = 1;
    }
}

static inline int split(sim_world *w, mdl_lazy *r, let_word *x, const let_chance *k)
{
    word_ready(w, r, x);
    if (x->v < k->t) {
        x->v *= k->below;
        x->grain *= k->below;
        return 1;
    }
    x->v = (x->v - k->t) * k->above;
    x->grain *= k->above;
    return 0;
}

/* 1 with probability "scale" x the opening probability, decided from "x" (as split, but
 * "x" is spent when the answer is 1); "bound" is min(1, scale x p_open_max): the
 * household's adults are looked at only if the word falls below it. */
static inline int opens(sim_world *w, const let_ctx *c, uint32_t h, let_open *o, double scale,
                        const let_chance *bound, mdl_lazy *r, let_word *x)
{
    if (!split(w, r, x, bound))
        return 0;
    double q = mind(1, scale * open_get(c, h, o)) * bound->below, t = q * TWO32; /* thinning */
    if (x->v < t) {
        x->grain = LET_SPENT;
        return 1;
    }
    x->v = (x->v - t) / (1 - q);
    x->grain /= 1 - q;
    return 0;
}

/* One CJIB step when the date of the next step has come: reminders with their statutory
 * surcharges, the detention threat, then detention or a payment plan. */
static void cjib_step(sim_world *w, const let_ctx *c, uint32_t h, let_open *o, mdl_lazy *r, double *acc)
{
    let_state *s = c->s;
    const mdl_letters_params *p = c->p;
    int32_t tick = c->tick, head = s->hh_first[h];
    let_word x = {0, LET_SPENT};
    int reads = opens(w, c, h, o, 1, &c->open_one, r, &x);
    if (reads && o->literate && s->hh_income[h] > 0 && s->fine_stage[h] < FINE_DETENTION_THREAT &&
        s->fine_due[h] <= s->hh_income[h]) {
        s->fine_orig[h] = s->fine_due[h] = 0; /* paid in full after reading the reminder */
        s->fine_stage[h] = FINE_NONE;
        return;
    }
    if (s->fine_stage[h] < FINE_REMINDED2) {
        double before = s->fine_due[h];
        s->fine_stage[h]++;
        s->fine_due[h] = (float)mdl_cjib_amount(s->fine_orig[h], s->fine_stage[h]);
        acc[A_SURCH] += s->fine_due[h] - before;
        sim_emit(w, s->e_escalated, (int32_t)h, head, s->fine_stage[h], s->fine_due[h] - before);
    } else if (s->fine_stage[h] == FINE_REMINDED2) {
        s->fine_stage[h] = FINE_DETENTION_THREAT;
        acc[A_DET] += 1;
        sim_emit(w, s->e_detention, (int32_t)h, head, -1, s->fine_due[h]);
    } else {
        if (!reads && sim_rng_chance(mdl_lazy_get(w, r), p->p_detention_executed)) {
            acc[A_DETAINED] += 1;
            sim_emit(w, s->e_detained, (int32_t)h, head, -1, s->fine_due[h]);
            if (head >= 0 && s->income[head] == INC_WORK && sim_rng_chance(mdl_lazy_get(w, r), p->p_job_loss_detention)) {
                /* as a job lost in households.c (before, the work problem stayed as it was) */
                mdl_job_lost(s->income, s->unemployed, s->prob_work, head);
                acc[A_JOB_LOST] += 1;
            }
        }
        s->fine_stage[h] = FINE_PLAN;
        sim_emit(w, s->e_plan, (int32_t)h, head, -1, mind(p->payment_plan_eur_per_month, 0.4 * s->hh_income[h]));
    }
    s->fine_next[h] = tick + c->step_ticks;
}

/* Number of letters for the word "u" of a household with mail (u >= pois_cdf[0]: at least
 * one) by the Poisson table (counted without branches: the number is hard to predict). */
static inline unsigned letters_of_word(const let_ctx *c, double u)
{
    unsigned k = 1 + (u >= c->pois_cdf[1]) + (u >= c->pois_cdf[2]) + (u >= c->pois_cdf[3]);
    if (k == 4)
        while (k + 1 < (unsigned)c->pois_n && u >= c->pois_cdf[k])
            k++;
    return k;
}

/* The sender of a letter with the word "v": the number of thresholds cum32 at or below it,
 * counted by all the comparisons. Not inlined: sender's rare case, whose thresholds the
 * compiler would otherwise load for every household with letters before its first. */
static __attribute__((noinline)) int sender_compared(const let_ctx *c, double v)
{
    int snd = 0;
    for (int j = 0; j < MDL_N_SENDERS - 1; j++)
        snd += v >= c->cum32[j];
    return snd;
}

/* The same by the bucket of "v": at most one comparison in nearly every bucket. */
static inline int sender(const let_ctx *c, double v)
{
    uint64_t b = (uint64_t)(int64_t)v >> LET_SND_SHIFT; /* 0 <= v < 2^33: as an int64_t, one conversion */
    const let_bucket *k = &c->bucket[b < LET_BUCKETS ? b : LET_BUCKETS];
    if (k->many)
        return sender_compared(c, v);
    return k->below + (v >= k->t);
}

/* The buckets of the senders' thresholds cum32 (sender). */
static void buckets_set(let_ctx *c)
{
    for (int b = 0; b <= LET_BUCKETS; b++) {
        double lo = ldexp(b, LET_SND_SHIFT), hi = ldexp(b + 1, LET_SND_SHIFT);
        let_bucket *k = &c->bucket[b];
        int inside = 0;
        k->t = hi;
        k->below = 0;
        for (int j = 0; j < MDL_N_SENDERS - 1; j++) {
            if (c->cum32[j] <= lo) {
                k->below++;
            } else if (c->cum32[j] < hi) {
                k->t = c->cum32[j];
                inside++;
            }
        }
        k->many = inside > 1 || b == LET_BUCKETS;
    }
}

/* Letters that arrived at household "h" this tick, decided from "x" (and fresh words). */
static inline __attribute__((always_inline)) void receive(sim_world *w, const let_ctx *c, uint32_t h, unsigned k,
                                                          let_open *o, int municipal, mdl_lazy *r, let_word *x,
                                                          double *acc, let_counts *n, int *money)
{
    let_state *s = c->s;
    const mdl_letters_params *p = c->p;
    int32_t head = s->hh_first[h];
    for (unsigned l = 0; l < k; l++) {
        word_ready(w, r, x);
        int snd = sender(c, x->v);
        x->v = (x->v - c->snd_lo[snd]) * c->snd_scale[snd]; /* the rest of the word decides further */
        x->grain *= c->snd_scale[snd];
        n->recv++;
        if (snd == SND_CJIB) { /* a new fine, whether the letter is read or not */
            *money = 1;
            double amount = ceil(gsl_ran_exponential(&mdl_lazy_get(w, r)->gsl, p->fine_eur_mean));
            if (s->fine_due[h] <= 0) {
                s->fine_stage[h] = municipal ? FINE_PLAN : FINE_NONE;
                s->fine_next[h] = c->tick + c->step_ticks;
            }
            s->fine_orig[h] += (float)amount;
            /* the new fine's surcharges are charged at once where it joins a later stage */
            double with = s->fine_stage[h] != FINE_PLAN ? mdl_cjib_amount(amount, s->fine_stage[h])
                          : municipal                   ? amount
                                                        : mdl_cjib_amount(amount, 2);
            acc[A_SURCH] += with - amount;
            if (s->fine_stage[h] == FINE_PLAN) /* joins the plan: a municipal fine as it is, a
                                                 * national one with two reminders' surcharges */
                s->fine_due[h] = (float)(s->fine_due[h] + with);
            else /* the household's fines escalate together */
                s->fine_due[h] = (float)mdl_cjib_amount(s->fine_orig[h], s->fine_stage[h]);
            if (s->fine_stage[h] == FINE_PLAN && municipal)
                acc[A_COST_MUNI] += p->municipality_fine_admin_eur;
            sim_emit(w, s->e_fine, (int32_t)h, head, SND_CJIB, amount);
            if (municipal)
                continue; /* the municipality deals with the letter */
        }
        if (opens(w, c, h, o, 1, &c->open_one, r, x))
            continue;
        if (p->p_volunteer_help > 0 && split(w, r, x, &c->volunteer)) {
            n->vol++;
            continue;
        }
        n->missed++;
        s->unopened[h]++;
        sim_emit(w, s->e_unopened, (int32_t)h, head, snd, 0);
        /* whether the letter needed action matters only now */
        if (snd != SND_CJIB && p->cost_missed_eur[snd] > 0 && split(w, r, x, &c->action[snd])) {
            *money = 1;
            s->pending[h] += (float)p->cost_missed_eur[snd];
            if (snd == SND_HOUSING) {
                s->pending_rent[h] += (float)p->cost_missed_eur[snd];
                s->rent_arrears[h] += (float)p->cost_missed_eur[snd];
            }
        }
    }
}

/* The pile, decided from "x" (and fresh words): dealt with now and then, otherwise due
 * costs fall due and letters age out. */
static inline __attribute__((always_inline)) void pile(sim_world *w, const let_ctx *c, uint32_t h, let_open *o,
                                                       let_word *x, mdl_lazy *r, double *acc)
{
    let_state *s = c->s;
    if (opens(w, c, h, o, c->late_scale, &c->open_late, r, x)) {
        mdl_letters_dealt_with(s->unopened, s->pending, s->pending_rent, s->rent_arrears, h);
        return;
    }
    if (s->pending[h] > 0 && split(w, r, x, &c->due)) {
        double due = s->pending[h];
        s->pending[h] = s->pending_rent[h] = 0; /* rent arrears now part of the debt */
        s->debt[h] = (float)(s->debt[h] + due);
        acc[A_ARREARS] += due;
        sim_emit(w, s->e_arrears, (int32_t)h, s->hh_first[h], -1, due);
    }
    int32_t n = s->unopened[h];
    if (n <= 0)
        return;
    unsigned lost = 0; /* binomial(n, p_lost), for a small pile by inversion */
    if (c->p_lost >= 1) {
        lost = (unsigned)n;
    } else if (n <= LET_PILE_MAX) {
        word_ready(w, r, x);
        double f = c->keep_pow[n], cdf = f, v = x->v;
        while (v >= cdf && lost < (unsigned)n) {
            f *= (double)(n - (int32_t)lost) / (lost + 1) * c->lost_ratio;
            cdf += f;
            lost++;
        }
    } else {
        lost = gsl_ran_binomial(&mdl_lazy_get(w, r)->gsl, c->p_lost, (unsigned)n);
    }
    s->unopened[h] = n - (int32_t)lost;
}

/* The end of the tick of household "h" (with head "head") without debt or fines and without
 * debt stress to ease (a household with only letters or a pile): no stress, none to ease, and
 * sums that adding zeros leaves as they are; the head's money problem is raised to 0, written
 * only where that changes its bits (not above 0 and not +0: -0, below 0 or NaN, the bits above
 * those of +infinity), so the head's row stays clean in the cache where nothing changed it. */
static inline void no_debt(const let_ctx *c, uint32_t h, int32_t head, let_counts *n)
{
    let_state *s = c->s;
    if (head >= 0 && float_bits(s->prob_money[head]) > 0x7f800000u)
        s->prob_money[head] = 0;
    s->stress[h] = 0;
    n->pd += c->quiet_pd;
}

/* Household "h" with letters ("k"), a pile, fines, debts or arrears; "x" is what is left of
 * its letter word. "money" is 0 for a household that had no costs to come, debt, fines, rent
 * arrears, eviction procedure or debt stress as the tick began (block_stir's "calm"; only
 * when quiet_ok: then no arrears of 0 reach the eviction threshold). */
static inline __attribute__((always_inline)) void busy(sim_world *w, const let_ctx *c, uint32_t h, unsigned k,
                                                       let_word *x, mdl_lazy *r, double *acc, let_counts *n,
                                                       double *debt_all, double *fines, int money)
{
    let_state *s = c->s;
    const mdl_letters_params *p = c->p;
    int32_t head = s->hh_first[h];
    /* the household's adults are looked at only when a letter needs them (open_get sets the
     * other fields of "o" with "known") */
    let_open o;
    o.known = 0;
    if (k)
        receive(w, c, h, k, &o, p->fines_municipality && s->benefit[h] > 0, r, x, acc, n, &money);
    /* costs to come without unopened letters: a calm household has them only if a letter
     * brought them, and then "money" is set */
    if (s->unopened[h] > 0 || (money && s->pending[h] > 0))
        pile(w, c, h, &o, x, r, acc);
    if (!money) {
        /* calm, and no letter brought a fine or costs to come: the pile had none to fall due,
         * and no CJIB step, repayment, eviction or stress below would change anything (most
         * households with letters or a pile) */
        no_debt(c, h, head, n);
        return;
    }
    if (s->fine_due[h] > 0 && c->tick >= s->fine_next[h] && s->fine_stage[h] != FINE_PLAN) {
        open_get(c, h, &o); /* the literacy of the adults decides too */
        cjib_step(w, c, h, &o, r, acc);
    }
    /* write-off (limitation, creditors giving up), then repayment: fines first (detention
     * threat), then rent arrears, then other debts */
    float debt = s->debt[h], fine = s->fine_due[h], pend = s->pending[h], ra = s->rent_arrears[h];
    if (debt > 0 || fine > 0) { /* otherwise nothing changes */
        if (debt > 0) {
            debt *= c->keep_debt;
            if (ra > debt + pend)
                ra = debt + pend;
        }
        if (fine > 0 || debt > 0) {
            double income = s->hh_income[h];
            double pay = p->repay_share_of_income * maxd(0, income - p->repay_protected_eur_per_month) * c->months;
            if (s->fine_stage[h] == FINE_PLAN)
                pay = maxd(pay, mind(p->payment_plan_eur_per_month, 0.4 * income) * c->months);
            if (pay > 0) {
                double tf = mind(pay, fine);
                if (tf > 0) {
                    double ratio = (fine - tf) / fine;
                    fine = (float)(fine - tf);
                    s->fine_orig[h] = (float)(s->fine_orig[h] * ratio);
                    pay -= tf;
                }
                debt = (float)maxd(0, debt - pay);
                ra = (float)maxd(0, mind(ra - pay, debt + pend));
            }
            if (fine < 1 && debt < 1) { /* paid, or written off down to cents */
                fine = debt = 0;
                ra = ra < pend ? ra : pend; /* the arrears are part of the debt or of the costs to come */
                s->fine_orig[h] = 0;
                s->fine_stage[h] = FINE_NONE;
                sim_emit(w, s->e_paid, (int32_t)h, head, -1, 0);
            }
        }
        s->debt[h] = debt;
        s->fine_due[h] = fine;
        s->rent_arrears[h] = ra;
    }
    /* eviction over rent arrears (the arrears tested first: they seldom reach the threshold) */
    uint8_t ev = s->eviction[h];
    if (ra >= c->evict_from && s->housing[h] == HOUSE_OWN) {
        if (ev == 0) {
            ev = 1;
            sim_emit(w, s->e_evict_threat, (int32_t)h, head, -1, ra);
        } else if (sim_rng_chance(mdl_lazy_get(w, r), p->p_eviction_per_week * c->weeks)) {
            ev = 2; /* carried out in the serial pass */
        }
        s->eviction[h] = ev;
        n->threat += ev == 1;
    } else if (ev == 1) { /* the arrears went below the threshold; no threat left to count */
        s->eviction[h] = 0;
    }
    /* the debt's stress on the head's money problem: a higher debt raises the problem to its
     * level; a lower one (repaid, settled, written off) takes the fall away again */
    float was = s->stress[h];
    if ((float_bits(debt) | float_bits(fine) | float_bits(was)) << 1 == 0) {
        no_debt(c, h, head, n);
        return;
    }
    double total = debt + fine; /* in float, as stored */
    float sev = 0;
    if (total > 0 && p->problem_debt_eur > 0) {
        double rel = total / p->problem_debt_eur; /* small debts hardly weigh */
        sev = (float)mind(0.95, p->debt_stress * rel * rel);
    }
    if (head >= 0) {
        float m = s->prob_money[head];
        if (sev < was)
            m = (float)maxd(sev, m - p->debt_relief * (was - sev));
        s->prob_money[head] = m > sev ? m : sev;
    }
    s->stress[h] = sev;
    *debt_all += total;
    n->pd += total >= p->problem_debt_eur;
    *fines += fine;
    n->plans += s->fine_stage[h] == FINE_PLAN && fine > 0;
}

/* Bytes of the households [0, n) of a block (pointers at its first): living[k], 1 for a
 * household with members; stir[k], 1 for one with something in its letterbox, fines, debts,
 * arrears, an eviction procedure or debt stress left to ease; calm[k], 1 for one with none of
 * these but unopened letters (no costs to come either). Without branches (the compiler
 * vectorises it). */
MDL_VECTOR
static void block_stir(const uint8_t *restrict members, const int32_t *restrict unopened,
                       const uint8_t *restrict eviction, const float *restrict pending,
                       const float *restrict fine_due, const float *restrict debt, const float *restrict rent_arrears,
                       const float *restrict stress, uint32_t n, uint8_t *restrict living, uint8_t *restrict stir,
                       uint8_t *restrict calm)
{
    for (uint32_t k = 0; k < n; k++) {
        /* a float is != 0 exactly when its bits without the sign are not 0 (NaN included) */
        uint32_t a, b, d, r, t;
        memcpy(&a, &pending[k], 4);
        memcpy(&b, &fine_due[k], 4);
        memcpy(&d, &debt[k], 4);
        memcpy(&r, &rent_arrears[k], 4);
        memcpy(&t, &stress[k], 4);
        uint32_t money = ((a | b | d | r | t) << 1 != 0) | (eviction[k] != 0);
        living[k] = members[k] != 0;
        stir[k] = (uint8_t)(money | (unopened[k] != 0));
        calm[k] = (uint8_t)(money ^ 1);
    }
}

/* The letters left unopened in the living households [0, n) of a block (pointers at its
 * first: "living" as block_stir gives it), added to "*stack", and the households with any,
 * added to "*with". Counted once the block's households are dealt with, in a pass over the
 * block (the quiet ones have none) instead of one count per household dealt with. Without
 * branches (the compiler vectorises it). */
MDL_VECTOR
static void block_unopened(const int32_t *restrict unopened, const uint8_t *restrict living, uint32_t n,
                           int64_t *restrict stack, uint32_t *restrict with)
{
    int64_t sum = 0;
    uint32_t any = 0;
    for (uint32_t k = 0; k < n; k++) {
        int32_t u = unopened[k] & -(int32_t)living[k];
        sum += u;
        any += u > 0;
    }
    *stack += sum;
    *with += any;
}

/* f[k] = 1 for each of 64 words (a batch of words, word[l][j] with k = 4 l + j, in a row) that
 * is at least "t". Without branches (the compiler vectorises it). */
MDL_VECTOR
static void words_at_least(const uint32_t *restrict word, uint32_t t, uint8_t *restrict f)
{
    for (uint32_t k = 0; k < MDL_QUAD_SPAN; k++)
        f[k] = word[k] >= t;
}

/* The words of this tick of the households of the block [base, base + n), n <= 64 (those of
 * the living ones, "living"; 0 for the others): the batch itself when the block is one,
 * otherwise gathered in "own". */
static const uint32_t *block_words(sim_world *w, mdl_quad *q, uint32_t base, uint32_t n, uint64_t living,
                                   uint32_t own[MDL_QUAD_SPAN])
{
    if (base % MDL_QUAD_SPAN == 0 && n <= MDL_QUAD_SPAN) {
        _Static_assert(MDL_QUAD_SPAN == 64, "a block of 64 households is one batch of words");
        mdl_quad_word(w, q, base);
        return &q->word[0][0];
    }
    for (uint32_t k = 0; k < MDL_QUAD_SPAN; k++)
        own[k] = k < n && living >> k & 1 ? mdl_quad_word(w, q, base + k) : 0;
    return own;
}

/* Households of the block, n <= 64 of them with the words "word", that receive at least one
 * letter this tick: bit k when word k is at least pois_cdf[0] ("from", the least such word,
 * as an integer: a word converts to double exactly). Only the words of living households
 * matter. */
static uint64_t block_letters(const uint32_t *word, uint32_t n, uint64_t living, uint64_t from)
{
    if (from > UINT32_MAX)
        return 0;
    uint8_t f[MDL_QUAD_SPAN];
    words_at_least(word, (uint32_t)from, f);
    return mdl_bytes_mask(f, n) & living;
}

static void let_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    /* the context and the state (the columns' pointers) as the busy households read them:
     * copies on the stack whose addresses escape nowhere (cjib_step, which gets them, keeps
     * none), so that no store can change them, where through "vc" the compiler must take
     * every store of a byte (a fine or eviction stage, an income), a count or a float for one
     * that may change a column's pointer or a constant of the tick, and load them again */
    let_state state = *((const let_ctx *)vc)->s;
    let_ctx fixed = *(const let_ctx *)vc;
    fixed.s = &state;
    const let_ctx *c = &fixed;
    let_state *s = c->s;
    /* not restrict: busy() writes these rows through s (block_stir's own restrict parameters
     * are right: nothing writes them while it runs) */
    const uint8_t *members = s->members, *eviction = s->eviction;
    const int32_t *unopened = s->unopened;
    const float *pending = s->pending, *fine_due = s->fine_due, *debt = s->debt, *rent_arrears = s->rent_arrears,
                *stress = s->stress;
    double debt_all = 0, fines = 0;
    let_counts n = {0};
    uint32_t quiet = 0, living = 0;
    int table = c->rate_total > 0 && c->pois_n;
    mdl_quad q;
    mdl_quad_init(&q, MDL_PURPOSE(MNO_LETTERS, PUR_ARRIVALS));
    if (table) {
        /* most households have nothing in the letterbox, no fines, no debts and no debt stress
         * left to ease (a debt settled by the team or debt help eases here), and no letter
         * this tick: byte masks of 64 households find the others, which are walked in order */
        for (uint32_t base = b; base < e; base += 64) {
            uint32_t nb = e - base < 64 ? e - base : 64;
            uint8_t fl[64], fs[64], fc[64];
            block_stir(members + base, unopened + base, eviction + base, pending + base, fine_due + base,
                       debt + base, rent_arrears + base, stress + base, nb, fl, fs, fc);
            uint64_t live = mdl_bytes_mask(fl, nb);
            if (!live)
                continue;
            /* mail: the households whose word brings letters; the others have none, their word
             * below pois_cdf[0] */
            uint32_t own[MDL_QUAD_SPAN];
            const uint32_t *word = block_words(w, &q, base, nb, live, own);
            uint64_t mail = block_letters(word, nb, live, c->letters_from), todo = live;
            if (c->quiet_ok)
                todo &= mdl_bytes_mask(fs, nb) | mail;
            living += mdl_popcount64(live);
            if (c->quiet_pd) /* the quiet count is used only then */
                quiet += mdl_popcount64(live & ~todo);
            if (!todo)
                continue;
            uint64_t calm = c->quiet_ok ? mdl_bytes_mask(fc, nb) : 0;
            for (; todo; todo &= todo - 1) {
                uint32_t h = base + (uint32_t)__builtin_ctzll(todo);
                mdl_lazy r;
                mdl_lazy_init(&r, MDL_PURPOSE(MNO_LETTERS, PUR_LETTERS), h);
                let_word x = {0, LET_SPENT};
                double u = (double)word[h - base];
                unsigned k = 0;
                if (mail >> (h - base) & 1) {
                    k = letters_of_word(c, u);
                    if (k == 1)
                        x = (let_word){(u - c->pois_cdf[0]) * c->one_scale, c->one_scale};
                } else {
                    x = (let_word){u * c->none_scale, c->none_scale};
                }
                busy(w, c, h, k, &x, &r, acc, &n, &debt_all, &fines, !(calm >> (h - base) & 1));
            }
            block_unopened(s->unopened + base, fl, nb, &n.stack, &n.hh_unop);
        }
    } else {
        for (uint32_t h = b; h < e; h++) {
            if (members[h] == 0)
                continue;
            living++;
            mdl_lazy r;
            mdl_lazy_init(&r, MDL_PURPOSE(MNO_LETTERS, PUR_LETTERS), h);
            unsigned k = 0;
            let_word x = {0, LET_SPENT};
            if (c->rate_total > 0)
                k = gsl_ran_poisson(&mdl_lazy_get(w, &r)->gsl, c->rate_total * c->months);
            if (!(k | (uint32_t)unopened[h] | eviction[h]) && pending[h] == 0 && fine_due[h] == 0 && debt[h] == 0 &&
                rent_arrears[h] == 0 && stress[h] == 0 && c->quiet_ok) {
                quiet++;
                continue;
            }
            busy(w, c, h, k, &x, &r, acc, &n, &debt_all, &fines, 1);
            n.stack += s->unopened[h]; /* as block_unopened counts them above */
            n.hh_unop += s->unopened[h] > 0;
        }
    }
    acc[A_RECV] += n.recv;
    acc[A_MISSED] += n.missed;
    acc[A_VOL] += n.vol;
    acc[A_STACK] += (double)n.stack;
    acc[A_HH_UNOP] += n.hh_unop;
    acc[A_DEBT] += debt_all;
    acc[A_PD] += n.pd + (c->quiet_pd ? quiet : 0);
    acc[A_FINES] += fines;
    acc[A_PLANS] += n.plans;
    acc[A_THREAT] += n.threat;
    acc[A_LIVING] += living;
}

/* Evictions change other households (a guest household loses its place too), so they are
 * carried out serially, in household order. Returns the number of evictions. */
static int evict(sim_world *w, let_state *s)
{
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    int n = 0;
    for (uint32_t h = mdl_next_nonzero(s->eviction, 0, nh); h < nh; h = mdl_next_nonzero(s->eviction, h + 1, nh)) {
        if (s->eviction[h] != 2)
            continue;
        s->eviction[h] = 0;
        s->mem.housing[h] = HOUSE_STREET;
        int32_t g = s->mem.guest[h];
        if (g >= 0) {
            s->mem.host[g] = -1;
            s->mem.housing[g] = HOUSE_STREET;
            s->mem.guest[h] = -1;
        }
        sim_emit(w, s->e_evicted, (int32_t)h, s->hh_first[h], -1, s->rent_arrears[h]);
        /* what was owed to the corporation stays in the debt (and the costs to come), but it
         * is no longer rent arrears: a landlord the household finds later has none */
        s->rent_arrears[h] = s->pending_rent[h] = 0;
        n++;
    }
    return n;
}

static void let_step(sim_world *w, const void *vp, void *vs)
{
    let_state *s = vs;
    const mdl_letters_params *p = vp;
    let_ctx c = {.s = s, .p = p};
    for (int k = 0; k < MDL_N_SENDERS; k++) {
        c.rate_total += p->letters_per_month[k];
        c.cum[k] = c.rate_total;
    }
    c.months = sim_days_per_tick(w) / (365.2425 / 12);
    c.weeks = sim_days_per_tick(w) / 7.0;
    c.keep_debt = (float)exp(-p->debt_writeoff_per_year * sim_days_per_tick(w) / 365.2425);
    c.tick = (int32_t)sim_tick(w);
    c.day = sim_day(w);
    c.step_ticks = weeks_to_ticks(w, (double)p->reminder_weeks);
    c.cut_18 = mdl_birth_cut(c.day, 18);
    c.p_lost = fmin(1, c.weeks / p->keep_weeks);
    c.lost_ratio = c.p_lost < 1 ? c.p_lost / (1 - c.p_lost) : 0;
    for (int n = 0; n <= LET_PILE_MAX; n++)
        c.keep_pow[n] = pow(1 - c.p_lost, n) * 4294967296.0;
    c.p_open_max = fmax(p->p_open_literate, p->p_open_low_literacy) * (1 + 1e-9);
    c.late_scale = p->p_late_open * c.weeks;
    for (int k = 0; k < MDL_N_SENDERS; k++)
        c.cum32[k] = c.rate_total > 0 ? c.cum[k] / c.rate_total * 4294967296.0 : 0;
    buckets_set(&c);
    chance_set(&c.open_one, c.p_open_max);
    chance_set(&c.open_late, c.late_scale * c.p_open_max);
    chance_set(&c.due, c.weeks / p->deadline_weeks);
    chance_set(&c.volunteer, p->p_volunteer_help);
    for (int k = 0; k < MDL_N_SENDERS; k++) {
        chance_set(&c.action[k], p->p_action[k]);
        c.snd_lo[k] = k ? c.cum32[k - 1] : 0;
        double hi = k < MDL_N_SENDERS - 1 ? c.cum32[k] : TWO32;
        c.snd_scale[k] = hi > c.snd_lo[k] ? TWO32 / (hi - c.snd_lo[k]) : 0;
    }
    c.quiet_ok = p->eviction_arrears_eur > 0;
    c.evict_from = mdl_care_float_threshold(p->eviction_arrears_eur);
    c.quiet_pd = p->problem_debt_eur <= 0;
    double mean = c.rate_total * c.months, pk = exp(-mean), cdf = 0;
    if (mean > 0 && mean <= 8) {
        c.pois_n = LET_POIS_MAX;
        for (int k = 0; k < LET_POIS_MAX; k++) {
            cdf += pk;
            c.pois_cdf[k] = cdf * 4294967296.0;
            pk *= mean / (k + 1);
        }
        c.none_scale = TWO32 / c.pois_cdf[0];
        c.letters_from = (uint64_t)ceil(c.pois_cdf[0]);
        c.one_scale = c.pois_cdf[1] > c.pois_cdf[0] ? TWO32 / (c.pois_cdf[1] - c.pois_cdf[0]) : LET_SPENT;
    }
    double acc[A_N] = {0};
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    sim_for(w, nh, let_body, &c, acc, A_N);
    int evicted = evict(w, s);
    sim_ind_set(w, s->i_recv, acc[A_RECV]);
    sim_ind_set(w, s->i_unopened, acc[A_MISSED]);
    sim_ind_set(w, s->i_stack, acc[A_STACK]);
    sim_ind_set(w, s->i_hh_unopened, acc[A_HH_UNOP]);
    sim_ind_set(w, s->i_arrears, acc[A_ARREARS]);
    sim_ind_set(w, s->i_debt, acc[A_DEBT]);
    sim_ind_set(w, s->i_problem_debt, acc[A_PD]);
    /* over the households with members: a dissolved household's row stays in the table */
    sim_ind_set(w, s->i_share_pd, acc[A_LIVING] > 0 ? acc[A_PD] / acc[A_LIVING] : 0);
    sim_ind_set(w, s->i_fines, acc[A_FINES]);
    sim_ind_set(w, s->i_surcharge, acc[A_SURCH]);
    sim_ind_set(w, s->i_detention, acc[A_DET]);
    sim_ind_set(w, s->i_detained, acc[A_DETAINED]);
    sim_ind_set(w, s->i_job_lost, acc[A_JOB_LOST]);
    sim_ind_set(w, s->i_plans, acc[A_PLANS]);
    sim_ind_set(w, s->i_volunteer, acc[A_VOL]);
    sim_ind_set(w, s->i_threat, acc[A_THREAT]);
    sim_ind_set(w, s->i_evicted, evicted);
    sim_ind_set(w, s->i_cost_muni, acc[A_COST_MUNI]);
}

const sim_model mdl_letters = {"letters", "Letters, missed letters, arrears, CJIB fines, eviction.",
                               &mdl_letters_section, sizeof(let_state), let_init, let_step};
