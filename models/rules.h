/* rules.h: the legal rules, as pure functions with no state, so that they can be tested
 * against amounts from the law: the kostendelersnorm (Participatiewet art. 22a) and CJIB
 * fine escalation (Wet administratiefrechtelijke handhaving verkeersvoorschriften, art. 23
 * and 27). The kostendelersnorm's rules are inline: benefits.c applies them to every benefit
 * unit each tick, and a call of each (with its saved registers, and the stores of the
 * members the call may read) cost more than their work in the build without link-time
 * optimisation. */
#ifndef MDL_RULES_H
#define MDL_RULES_H

/* Norm of one benefit recipient as a fraction of B (the married-couple norm including
 * holiday pay) for "a" cost-sharers: ((40 + a * 30) / a) %. a < 1 is treated as 1. */
static inline double mdl_kdn_fraction(int a)
{
    if (a < 1)
        a = 1;
    return (40.0 + a * 30.0) / a / 100.0;
}

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
static inline int mdl_kdn_cost_sharers(const mdl_kdn_member *m, int n, int age_limit)
{
    int a = 0, lodging = 0;
    for (int i = 0; i < n; i++)
        lodging |= m[i].recipient && m[i].commercial;
    for (int i = 0; i < n; i++) {
        if (m[i].recipient) {
            a++;
            continue;
        }
        /* a recipient who rents commercially shares no costs with the landlord's household */
        if (lodging || !m[i].main_residence || m[i].commercial || m[i].student_finance)
            continue;
        if (m[i].age_years >= age_limit)
            a++;
    }
    return a < 1 ? 1 : a;
}

/* Monthly assistance for a household with "recipients" (1 single, 2 couple) recipients and
 * "a" cost-sharers on norm "b_eur_per_month" (B). "apply_norm" 0 gives the norms without
 * kostendelersnorm (single 70 % of B, couple 100 % of B). */
static inline double mdl_kdn_benefit(int recipients, int a, double b_eur_per_month, int apply_norm)
{
    if (recipients <= 0)
        return 0;
    if (!apply_norm)
        return recipients >= 2 ? b_eur_per_month : 0.7 * b_eur_per_month;
    if (a < recipients)
        a = recipients;
    return recipients * mdl_kdn_fraction(a) * b_eur_per_month;
}

/* Amount due on a CJIB fine of "original" EUR after "reminders" reminders: the original,
 * +50 % after the first reminder, three times the original after the second. */
double mdl_cjib_amount(double original, int reminders);
#endif
