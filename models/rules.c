/* rules.c: kostendelersnorm and CJIB escalation, exactly as the law states them. */
#include "rules.h"

double mdl_kdn_fraction(int a)
{
    if (a < 1)
        a = 1;
    return (40.0 + a * 30.0) / a / 100.0;
}

int mdl_kdn_cost_sharers(const mdl_kdn_member *m, int n, int age_limit)
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

double mdl_kdn_benefit(int recipients, int a, double b, int apply_norm)
{
    if (recipients <= 0)
        return 0;
    if (!apply_norm)
        return recipients >= 2 ? b : 0.7 * b;
    if (a < recipients)
        a = recipients;
    return recipients * mdl_kdn_fraction(a) * b;
}

double mdl_cjib_amount(double original, int reminders)
{
    if (reminders <= 0)
        return original;
    if (reminders == 1)
        return 1.5 * original;
    return 3.0 * original;
}
