/* rules.c: CJIB escalation, exactly as the law states it (the kostendelersnorm's rules are
 * inline in rules.h). */
#include "rules.h"

double mdl_cjib_amount(double original, int reminders)
{
    if (reminders <= 0)
        return original;
    if (reminders == 1)
        return 1.5 * original;
    return 3.0 * original;
}
