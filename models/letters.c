/* letters.c: every tick each household receives letters from six senders; a letter is
 * opened depending on the literacy of the household's adults and their trust, or handled by
 * volunteer letter help. A missed letter that needed action becomes arrears with the
 * sender, or, from CJIB, a fine that escalates by law (+50 % after the first reminder, three
 * times the original after the second) and ends in a threat of detention. Households repay
 * from their income. Debt raises the severity of the head's money problem. */
#include "letters.h"
#include "../sim/nabij.h"
#include "common.h"
#include "rules.h"
#include <gsl/gsl_randist.h>
#include <math.h>

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
    PR("housing_p_action", p_action[SND_HOUSING], 0, 1, 0.2, "probability", "assumption",
       "Share of housing letters that need action."),
    PR("cjib_p_action", p_action[SND_CJIB], 0, 1, 1.0, "probability", "CJIB: every fine must be paid",
       "Share of CJIB letters that need action."),
    PR("insurer_p_action", p_action[SND_INSURER], 0, 1, 0.3, "probability", "assumption", "Share of insurer letters that need action."),
    PR("energy_p_action", p_action[SND_ENERGY], 0, 1, 0.25, "probability", "assumption", "Share of energy letters that need action."),
    PR("tax_cost_missed_eur", cost_missed_eur[SND_TAX], 0, 100000, 250, "EUR",
       "seed 000: a EUR 254 tax refund in an unopened letter (Kanaleneiland); assumption on penalties",
       "Cost of a missed tax letter that needed action (penalty, lost refund)."),
    PR("allowance_cost_missed_eur", cost_missed_eur[SND_ALLOWANCES], 0, 100000, 600, "EUR",
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
    PR("p_volunteer_help", p_volunteer_help, 0, 1, 0.0, "probability",
       "seed 000 §7: formulierenbrigades; baseline has none (policy lever)",
       "Probability that volunteer letter help handles a letter the household would have missed."),
    {"reminder_weeks", SCN_INT, offsetof(S, reminder_weeks), 1, 52, 8, NULL, NULL, "weeks",
     "CJIB: a first reminder about eight weeks after the decision, a second about eight weeks later",
     "Weeks between a fine and its reminder, and between reminders."},
    PR("fine_eur_mean", fine_eur_mean, 0, 10000, 150, "EUR",
       "assumption: typical traffic fine; seed 000: an uninsured-scooter fine grew to EUR 1,200",
       "Mean original amount of a CJIB fine (exponential)."),
    PR("repay_share_of_income", repay_share_of_income, 0, 1, 0.05, "share of income",
       "assumption: payment plans of about EUR 200/month (seed 000 scooter case) on low incomes",
       "Share of monthly income that goes to repaying fines and debts."),
    PR("problem_debt_eur", problem_debt_eur, 0, 100000, 1500, "EUR",
       "assumption: a debt the household cannot repay within three years; CBS uses registration",
       "Debt from which a household counts as having problem debts."),
    PR("debt_stress", debt_stress, 0, 1, 0.5, "severity at problem_debt_eur",
       "assumption: seed 000/002, debts feed other problems", "Severity of the head's money problem when debt equals problem_debt_eur."),
};
#undef PR
#undef S
const scn_section mdl_letters_section =
    SCN_SECTION("letters", "The letterbox: letters, missed letters, arrears and CJIB fines.",
                mdl_letters_params, params);

enum { PUR_LETTERS = 0 };

typedef struct let_state {
    const int32_t *hh_first, *birth_day;
    const uint8_t *members, *income, *literacy_low;
    const float *trust, *wage, *benefit;
    float *prob_money;
    int32_t *unopened, *fine_next;
    float *debt, *fine_orig, *fine_due;
    uint8_t *fine_rem;
    int i_recv, i_unopened, i_hh_unopened, i_debt, i_problem_debt, i_share_pd, i_fines, i_surcharge,
        i_detention, i_volunteer;
    int e_unopened, e_arrears, e_fine, e_escalated, e_detention, e_paid;
} let_state;

static int let_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    let_state *s = vs;
    s->hh_first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->members = sim_col(w, SIM_HOUSEHOLD, "members");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->literacy_low = sim_col(w, SIM_PERSON, "literacy_low");
    s->trust = sim_col(w, SIM_PERSON, "trust");
    s->wage = sim_col(w, SIM_PERSON, "wage_eur_per_month");
    s->prob_money = sim_col(w, SIM_PERSON, "prob_money");
    s->benefit = sim_col(w, SIM_HOUSEHOLD, "benefit_eur_per_month");
    if (!s->hh_first || !s->benefit) {
        sim_world_fail(w, "letters needs population and benefits before it");
        return NABIJ_EINVAL;
    }
#define COL(var, name, t, fl, unit, doc) \
    if (!(s->var = sim_col_add(w, SIM_HOUSEHOLD, name, t, fl, unit, doc))) return NABIJ_ENOMEM
    COL(unopened, "letters_unopened", SIM_I32, SIM_COL_SNAPSHOT, "letters", "Unopened letters in the letterbox.");
    COL(debt, "debt_eur", SIM_F32, SIM_COL_SNAPSHOT, "EUR", "Arrears and debts with creditors other than CJIB.");
    COL(fine_orig, "fine_original_eur", SIM_F32, 0, "EUR", "Original amount of outstanding CJIB fines.");
    COL(fine_due, "fine_due_eur", SIM_F32, SIM_COL_SNAPSHOT, "EUR", "Amount due at CJIB, surcharges included.");
    COL(fine_rem, "fine_reminders", SIM_U8, 0, "reminders", "Reminders sent on the outstanding fines (0-2; 3: detention threatened).");
    COL(fine_next, "fine_next_tick", SIM_I32, 0, "tick", "Tick of the next reminder.");
#undef COL
    s->i_recv = sim_ind_add(w, "letters_received", "letters", "Letters received this tick.");
    s->i_unopened = sim_ind_add(w, "letters_missed", "letters", "Letters left unopened this tick.");
    s->i_hh_unopened = sim_ind_add(w, "households_unopened_letters", "households",
                                   "Households with at least one unopened letter.");
    s->i_debt = sim_ind_add(w, "debt_total_eur", "EUR", "Debts and fines due, all households.");
    s->i_problem_debt = sim_ind_add(w, "households_problem_debt", "households",
                                    "Households whose debts and fines exceed letters.problem_debt_eur.");
    s->i_share_pd = sim_ind_add(w, "share_households_problem_debt", "share of households",
                                "Share of households with problem debts (calibration: CBS 8.6 %).");
    s->i_fines = sim_ind_add(w, "cjib_fines_due_eur", "EUR", "CJIB fines due, surcharges included.");
    s->i_surcharge = sim_ind_add(w, "cjib_surcharges_eur", "EUR per tick", "CJIB surcharges added this tick.");
    s->i_detention = sim_ind_add(w, "detention_threats", "households per tick",
                                 "Households threatened with detention (gijzeling) this tick.");
    s->i_volunteer = sim_ind_add(w, "letters_volunteer_handled", "letters", "Letters handled by volunteer letter help.");
    s->e_unopened = sim_event_kind_add(w, "letter_unopened", "A letter from the {cp} stayed unopened.", MDL_SENDER_NAMES);
    s->e_arrears = sim_event_kind_add(w, "arrears", "A missed letter from the {cp} became a debt of {amount}.", MDL_SENDER_NAMES);
    s->e_fine = sim_event_kind_add(w, "fine_imposed", "CJIB imposed a fine of {amount}.", NULL);
    s->e_escalated = sim_event_kind_add(w, "fine_escalated", "The CJIB fine was raised by {amount} after reminder {cp}.", NULL);
    s->e_detention = sim_event_kind_add(w, "detention_threat", "CJIB threatened detention over {amount} of unpaid fines.", NULL);
    s->e_paid = sim_event_kind_add(w, "debts_cleared", "The household paid off its debts and fines.", NULL);
    return s->e_paid < 0 ? s->e_paid : 0;
}

typedef struct let_ctx {
    let_state *s;
    const mdl_letters_params *p;
} let_ctx;

enum { A_RECV, A_MISSED, A_HH_UNOP, A_DEBT, A_PD, A_FINES, A_SURCH, A_DET, A_VOL, A_N };

static void let_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    let_ctx *c = vc;
    let_state *s = c->s;
    const mdl_letters_params *p = c->p;
    int32_t day = sim_day(w), tick = (int32_t)sim_tick(w);
    double months = sim_days_per_tick(w) / (365.2425 / 12);
    for (uint32_t h = b; h < e; h++) {
        int32_t f = s->hh_first[h];
        int n = s->members[h];
        if (n == 0)
            continue;
        int literate = 0;
        float trust = 0;
        double income = s->benefit[h];
        int adults = 0;
        for (int k = 0; k < n; k++) {
            uint32_t i = (uint32_t)(f + k);
            if (mdl_age_years(s->birth_day[i], day) < 18)
                continue;
            adults++;
            literate |= !s->literacy_low[i];
            trust += s->trust[i];
            income += s->wage[i];
            if (s->income[i] == INC_AOW || s->income[i] == INC_DISABILITY)
                income += 1100; /* assumption: AOW or disability benefit around EUR 1,100 net */
        }
        trust = adults ? trust / (float)adults : 0.5f;
        double p_open = (literate ? p->p_open_literate : p->p_open_low_literacy) *
                        (1 - p->trust_effect * (1 - trust));
        sim_rng_stream r;
        sim_stream(w, &r, MDL_PURPOSE(MNO_LETTERS, PUR_LETTERS), h);
        for (int snd = 0; snd < MDL_N_SENDERS; snd++) {
            unsigned k = gsl_ran_poisson(&r.gsl, p->letters_per_month[snd] * months);
            for (unsigned l = 0; l < k; l++) {
                acc[A_RECV] += 1;
                int action = sim_rng_bernoulli(&r, p->p_action[snd]);
                if (snd == SND_CJIB) { /* a new fine, whether the letter is read or not */
                    double amount = ceil(gsl_ran_exponential(&r.gsl, p->fine_eur_mean));
                    if (s->fine_due[h] <= 0) {
                        s->fine_rem[h] = 0;
                        s->fine_next[h] = tick + (int32_t)(p->reminder_weeks * 7 / sim_days_per_tick(w));
                    }
                    s->fine_orig[h] += (float)amount;
                    s->fine_due[h] = (float)mdl_cjib_amount(s->fine_orig[h], s->fine_rem[h]);
                    sim_emit(w, s->e_fine, (int32_t)h, f, SND_CJIB, amount);
                }
                if (sim_rng_bernoulli(&r, p_open))
                    continue;
                if (sim_rng_bernoulli(&r, p->p_volunteer_help)) {
                    acc[A_VOL] += 1;
                    continue;
                }
                acc[A_MISSED] += 1;
                s->unopened[h]++;
                sim_emit(w, s->e_unopened, (int32_t)h, f, snd, 0);
                if (action && snd != SND_CJIB && p->cost_missed_eur[snd] > 0) {
                    s->debt[h] += (float)p->cost_missed_eur[snd];
                    sim_emit(w, s->e_arrears, (int32_t)h, f, snd, p->cost_missed_eur[snd]);
                }
            }
        }
        /* CJIB escalation by reminders: only unopened-letter households fail to pay in time */
        if (s->fine_due[h] > 0 && tick >= s->fine_next[h]) {
            int paid_in_time = literate && sim_rng_bernoulli(&r, p_open) && income > 0;
            if (paid_in_time && s->fine_rem[h] < 3) {
                s->fine_orig[h] = s->fine_due[h] = 0;
                s->fine_rem[h] = 0;
            } else if (s->fine_rem[h] < 2) {
                double before = s->fine_due[h];
                s->fine_rem[h]++;
                s->fine_due[h] = (float)mdl_cjib_amount(s->fine_orig[h], s->fine_rem[h]);
                acc[A_SURCH] += s->fine_due[h] - before;
                sim_emit(w, s->e_escalated, (int32_t)h, f, s->fine_rem[h], s->fine_due[h] - before);
                s->fine_next[h] = tick + (int32_t)(p->reminder_weeks * 7 / sim_days_per_tick(w));
            } else if (s->fine_rem[h] == 2) {
                s->fine_rem[h] = 3;
                acc[A_DET] += 1;
                sim_emit(w, s->e_detention, (int32_t)h, f, -1, s->fine_due[h]);
            }
        }
        /* repayment: fines first (detention threat), then other debts */
        double pay = p->repay_share_of_income * income * months;
        if (pay > 0 && (s->fine_due[h] > 0 || s->debt[h] > 0)) {
            double tf = fmin(pay, s->fine_due[h]);
            if (tf > 0) {
                double ratio = (s->fine_due[h] - tf) / s->fine_due[h];
                s->fine_due[h] = (float)(s->fine_due[h] - tf);
                s->fine_orig[h] = (float)(s->fine_orig[h] * ratio);
                pay -= tf;
            }
            s->debt[h] = (float)fmax(0, s->debt[h] - pay);
            if (s->fine_due[h] < 1 && s->debt[h] < 1) {
                s->fine_due[h] = s->fine_orig[h] = s->debt[h] = 0;
                s->fine_rem[h] = 0;
                sim_emit(w, s->e_paid, (int32_t)h, f, -1, 0);
            }
        }
        double total = s->debt[h] + s->fine_due[h];
        if (p->problem_debt_eur > 0) {
            float sev = (float)fmin(0.95, p->debt_stress * total / p->problem_debt_eur);
            if (sev > s->prob_money[f])
                s->prob_money[f] = sev;
        }
        acc[A_HH_UNOP] += s->unopened[h] > 0;
        acc[A_DEBT] += total;
        acc[A_PD] += total >= p->problem_debt_eur;
        acc[A_FINES] += s->fine_due[h];
    }
}

static void let_step(sim_world *w, const void *vp, void *vs)
{
    let_state *s = vs;
    let_ctx c = {s, vp};
    double acc[A_N] = {0};
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    sim_for(w, nh, let_body, &c, acc, A_N);
    sim_ind_set(w, s->i_recv, acc[A_RECV]);
    sim_ind_set(w, s->i_unopened, acc[A_MISSED]);
    sim_ind_set(w, s->i_hh_unopened, acc[A_HH_UNOP]);
    sim_ind_set(w, s->i_debt, acc[A_DEBT]);
    sim_ind_set(w, s->i_problem_debt, acc[A_PD]);
    sim_ind_set(w, s->i_share_pd, nh ? acc[A_PD] / nh : 0);
    sim_ind_set(w, s->i_fines, acc[A_FINES]);
    sim_ind_set(w, s->i_surcharge, acc[A_SURCH]);
    sim_ind_set(w, s->i_detention, acc[A_DET]);
    sim_ind_set(w, s->i_volunteer, acc[A_VOL]);
}

const sim_model mdl_letters = {"letters", "Letters, missed letters, arrears and CJIB fines.",
                               &mdl_letters_section, sizeof(let_state), let_init, let_step};
