/* registry.c: the one table of models, in phase order, and the scenario sections. A new
 * mechanism is one file in models/ plus one line here. */
#include "../sim/run.h"
#include "../sim/runner.h"
#include "benefits.h"
#include "fraud.h"
#include "gp.h"
#include "helpseek.h"
#include "households.h"
#include "letters.h"
#include "network.h"
#include "outcomes.h"
#include "population.h"
#include "sanctions.h"
#include "problems.h"
#include "specialist.h"
#include "team.h"

static const sim_model *const models[] = {
    &mdl_population,
    &mdl_households,
    &mdl_benefits,
    &mdl_fraud,
    &mdl_letters,
    &mdl_sanctions,
    &mdl_network,
    &mdl_problems,
    &mdl_helpseek,
    &mdl_team,
    &mdl_gp,
    &mdl_specialist,
    &mdl_outcomes,
};

static const scn_section *const sections[] = {
    &sim_run_section,
    &mdl_population_section,
    &mdl_households_section,
    &mdl_benefits_section,
    &mdl_fraud_section,
    &mdl_letters_section,
    &mdl_sanctions_section,
    &mdl_network_section,
    &mdl_problems_section,
    &mdl_helpseek_section,
    &mdl_team_section,
    &mdl_gp_section,
    &mdl_specialist_section,
    &mdl_outcomes_section,
};

const sim_model *const *nabij_models(size_t *n)
{
    *n = sizeof models / sizeof models[0];
    return models;
}

const scn_section *const *nabij_sections(size_t *n)
{
    *n = sizeof sections / sizeof sections[0];
    return sections;
}
