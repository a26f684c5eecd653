/* rules.h: the legal rules, as pure functions with no state, so that they can be tested
 * against amounts from the law: the kostendelersnorm (Participatiewet art. 22a) and CJIB
 * fine escalation (Wet administratiefrechtelijke handhaving verkeersvoorschriften, art. 23
 * and 27). */
#ifndef MDL_RULES_H
#define MDL_RULES_H

/* Norm of one benefit recipient as a fraction of B (the married-couple norm including
 * holiday pay) for "a" cost-sharers: ((40 + a * 30) / a) %. a < 1 is treated as 1. */
double mdl_kdn_fraction(int a);

/* One member of a household, as the kostendelersnorm sees it. */
typedef struct mdl_kdn_member {
    int age_years;
    int main_residence; /* the dwelling is this person's main residence */
    int commercial;     /* commercial relationship: pays commercial rent, lodger */
    int student_finance;/* receives study finance (WSF 2000 / WTOS) */
    int recipient;      /* the benefit recipient or the recipient's partner */
} mdl_kdn_member;

/* Number of cost-sharers A among "n" members: recipients and partners always count; other
 * persons whose main residence it is count from "age_limit" years (21 before 2023, 27 from
 * 2023), unless commercial or on study finance. A commercial relationship excludes both
 * ways: when a recipient (or the recipient's partner) is the one who pays commercial rent,
 * nobody but the recipients counts. Returns at least 1. */
int mdl_kdn_cost_sharers(const mdl_kdn_member *m, int n, int age_limit);

/* Monthly assistance for a household with "recipients" (1 single, 2 couple) recipients and
 * "a" cost-sharers on norm "b_eur_per_month" (B). "apply_norm" 0 gives the norms without
 * kostendelersnorm (single 70 % of B, couple 100 % of B). */
double mdl_kdn_benefit(int recipients, int a, double b_eur_per_month, int apply_norm);

/* Amount due on a CJIB fine of "original" EUR after "reminders" reminders: the original,
 * +50 % after the first reminder, three times the original after the second. */
double mdl_cjib_amount(double original, int reminders);
#endif
