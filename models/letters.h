/* letters.h: the letterbox: letters from named senders, opened or not, and what missed
 * letters become: arrears, CJIB fines with statutory surcharges, threats of detention and
 * eviction, and what follows them. */
#ifndef MDL_LETTERS_H
#define MDL_LETTERS_H
#include "../sim/model.h"
#include <stdint.h>

enum mdl_sender { SND_TAX, SND_ALLOWANCES, SND_HOUSING, SND_CJIB, SND_INSURER, SND_ENERGY,
                  MDL_N_SENDERS };
#define MDL_SENDER_NAMES "tax office|allowances office|housing corporation|CJIB|health insurer|energy company"

/* households.fine_stage: the codes rise with the stage. Below FINE_PLAN the household owes
 * mdl_cjib_amount(fine_original_eur, stage) (rules.h); in a plan, what is left of it. */
enum mdl_fine_stage { FINE_NONE, FINE_REMINDED1, FINE_REMINDED2, FINE_DETENTION_THREAT, FINE_PLAN };

typedef struct mdl_letters_params {
    double letters_per_month[MDL_N_SENDERS];
    double p_action[MDL_N_SENDERS];
    double cost_missed_eur[MDL_N_SENDERS];
    double p_open_literate, p_open_low_literacy, trust_effect;
    double initial_debt_per_severity_eur;
    double problem_effect;
    double p_volunteer_help;
    int64_t reminder_weeks;
    double fine_eur_mean;
    double repay_share_of_income, repay_protected_eur_per_month, debt_writeoff_per_year;
    double deadline_weeks, keep_weeks, p_late_open, p_open_no_address;
    double eviction_arrears_eur, p_eviction_per_week;
    double p_detention_executed, p_job_loss_detention, payment_plan_eur_per_month;
    int fines_municipality;
    double municipality_fine_admin_eur;
    double problem_debt_eur;
    double debt_stress, debt_relief;
} mdl_letters_params;

/* Household "h" deals with its pile, itself (letters.c) or with a tie's help (network.c):
 * the unopened letters are answered, so the costs their deadlines would have brought
 * ("pending") do not come, and the rent arrears they held ("pending_rent": a missed housing
 * letter adds its cost to the costs to come, to that part of them and to the arrears) go with
 * them; arrears that fell due earlier stay. */
static inline void mdl_letters_dealt_with(int32_t *unopened, float *pending, float *pending_rent,
                                          float *rent_arrears, uint32_t h)
{
    float ra = rent_arrears[h] - pending_rent[h];
    rent_arrears[h] = ra > 0 ? ra : 0;
    pending[h] = pending_rent[h] = 0;
    unopened[h] = 0;
}

extern const scn_section mdl_letters_section;
extern const sim_model mdl_letters;
#endif
