/* fraud.h: the municipality's checks on paper deregistration: a person who lives at the
 * address of a bijstand household while registered elsewhere hides a cost-sharer; the
 * benefit paid too much adds up, and a check recovers it with a fine. */
#ifndef MDL_FRAUD_H
#define MDL_FRAUD_H
#include "../sim/model.h"

typedef struct mdl_fraud_params {
    double p_check_per_year;
    double fine_share;
} mdl_fraud_params;

extern const scn_section mdl_fraud_section;
extern const sim_model mdl_fraud;
#endif
