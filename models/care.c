/* care.c: the columns the care models share, the providers (GP practices and specialist
 * providers, created once from the "gp" and "specialist" sections), and the one referral
 * function. It runs no phase of its own: help-seeking, team, GP, specialists and outcomes
 * call it at init and while they work. */
#include "care.h"
#include "../sim/model.h"
#include "../sim/nabij.h"
#include "gp.h"
#include "population.h"
#include "specialist.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

const char *const mdl_pkind_name[MDL_N_PKINDS] = {"gp",        "youth_ggz",        "youth_residential",
                                                  "adult_ggz", "lvb",              "sheltered_housing",
                                                  "debt_help", "home_care"};

/* Find column "name" or create it. */
static void *col(sim_world *w, sim_kind k, const char *name, sim_dtype t, unsigned flags,
                 const char *unit, const char *doc)
{
    void *p = sim_col(w, k, name);
    return p ? p : sim_col_add(w, k, name, t, flags, unit, doc);
}

/* Create the providers: GP practices, then each specialist kind, per area. */
static int make_providers(sim_world *w, mdl_care_cols *c)
{
    const scn_scenario *scn = sim_world_scenario(w);
    const mdl_population_params *pop = scn_section_values(scn, "population");
    const mdl_gp_params *gp = scn_section_values(scn, "gp");
    const mdl_specialist_params *sp = scn_section_values(scn, "specialist");
    double inhabitants = pop ? (double)pop->inhabitants : (double)sim_world_count(w, SIM_PERSON);
    uint32_t areas = pop ? (uint32_t)pop->areas : 1;
    uint32_t n[MDL_N_PKINDS] = {0}, total = 0;
    if (gp)
        n[PK_GP] = (uint32_t)fmax(1, lround(inhabitants / (double)gp->patients_per_practice));
    for (int k = 1; k < MDL_N_PKINDS && sp; k++)
        n[k] = (uint32_t)sp->providers_per_area[k] * areas;
    for (int k = 0; k < MDL_N_PKINDS; k++)
        total += n[k];
    int rc = sim_world_reserve(w, SIM_PROVIDER, total ? total : 1);
    if (rc)
        return rc;
#define PCOL(var, name, t, fl, unit, doc) \
    if (!(c->var = sim_col_add(w, SIM_PROVIDER, name, t, fl, unit, doc))) return NABIJ_ENOMEM
    PCOL(p_kind, "kind", SIM_U8, SIM_COL_STATIC, MDL_PKIND_NAMES, "Kind of provider.");
    PCOL(p_area, "area", SIM_I32, SIM_COL_STATIC, "area index", "Neighbourhood the provider serves.");
    PCOL(p_slots, "slots", SIM_I32, SIM_COL_STATIC, "trajectories", "Trajectories the provider can run at once.");
    PCOL(p_in_care, "in_care", SIM_I32, SIM_COL_SNAPSHOT, "persons", "Persons in a trajectory now.");
    PCOL(p_queue, "queue", SIM_I32, SIM_COL_SNAPSHOT, "persons", "Persons on the waiting list.");
    PCOL(p_consult_left, "consult_hours_left", SIM_F32, 0, "hours this tick",
         "Consultation hours still free this tick.");
    PCOL(p_refer_propensity, "refer_propensity", SIM_F32, SIM_COL_STATIC, "probability",
         "GP practices: the practice's habit of referring psychosocial cases to a specialist.");
    PCOL(p_budget_eur, "budget_eur", SIM_F64, SIM_COL_SNAPSHOT, "EUR per year", "This year's contracted budget.");
    PCOL(p_spent_eur, "spent_eur", SIM_F64, SIM_COL_SNAPSHOT, "EUR", "Budget committed this year.");
    PCOL(p_budget_out, "budget_out_tick", SIM_I32, SIM_COL_SNAPSHOT, "tick + 1",
         "Tick (plus one) at which this year's budget ran out; 0 while it lasts.");
#undef PCOL
    uint32_t first;
    if ((rc = sim_world_add(w, SIM_PROVIDER, total, &first)))
        return rc;
    uint32_t x = first;
    for (int k = 0; k < MDL_N_PKINDS; k++)
        for (uint32_t j = 0; j < n[k]; j++, x++) {
            c->p_kind[x] = (uint8_t)k;
            c->p_area[x] = (int32_t)(j % areas);
            if (k == PK_GP) {
                sim_rng_stream r;
                sim_rng_init(&r, sim_seed(w), MDL_PURPOSE(MNO_GP, 0), x, 0);
                double m = gp->refer_mean, conc = gp->refer_concentration;
                c->p_refer_propensity[x] = (float)gsl_ran_beta(&r.gsl, fmax(1e-3, m * conc),
                                                               fmax(1e-3, (1 - m) * conc));
                continue;
            }
            double per = inhabitants / 10000.0 / (double)n[k];
            c->p_slots[x] = (int32_t)lround(sp->slots_per_10000[k] * per);
            /* contracted budgets differ between providers (log-normal, mean kept) */
            sim_rng_stream r;
            sim_rng_init(&r, sim_seed(w), MDL_PURPOSE(MNO_SPECIALIST, 16), x, 0);
            double sg = n[k] / areas > 1 ? sp->budget_spread : 0.0;
            c->p_budget_eur[x] = sp->budget_eur_per_10000[k] * per * exp(sg * gsl_ran_ugaussian(&r.gsl) - sg * sg / 2);
        }
    return 0;
}

int mdl_care_cols_init(sim_world *w, mdl_care_cols *c)
{
#define C(var, kind, name, t, fl, unit, doc) \
    if (!(c->var = col(w, kind, name, t, fl, unit, doc))) return NABIJ_ENOMEM
    C(treated, SIM_PERSON, "treated_domains", SIM_U8, 0, "bit mask of domains",
      "Bit d: domain d is treated or helped by a professional this tick (untreated domains escalate).");
    C(spec_state, SIM_PERSON, "spec_state", SIM_U8, 0, "none|waiting|in_care", "Specialist trajectory state.");
    C(spec_kind, SIM_PERSON, "spec_kind", SIM_U8, 0, MDL_PKIND_NAMES, "Kind of provider referred to.");
    C(spec_domain, SIM_PERSON, "spec_domain", SIM_U8, 0, "domain", "Domain the referral is for.");
    C(spec_route, SIM_PERSON, "spec_route", SIM_U8, 0, MDL_ROUTE_NAMES, "Who referred.");
    C(spec_flags, SIM_PERSON, "spec_flags", SIM_U8, 0, "1 diagnosis, 2 powerless, 4 fit",
      "Referral for a diagnosis, out of powerlessness, and whether the treatment fits.");
    C(spec_provider, SIM_PERSON, "spec_provider", SIM_I32, 0, "provider index", "Provider referred to.");
    C(spec_since, SIM_PERSON, "spec_since", SIM_I32, 0, "tick", "Tick of the referral (waiting) or admission (in care).");
    C(spec_weeks_left, SIM_PERSON, "spec_weeks_left", SIM_I16, 0, "ticks", "Ticks left in the trajectory.");
    C(network_meeting, SIM_HOUSEHOLD, "network_meeting", SIM_U8, 0, "0/1",
      "A team or network worker organised a network meeting (family group conference) this tick.");
    C(waiting, SIM_HOUSEHOLD, "waiting", SIM_U8, SIM_COL_SNAPSHOT, MDL_WAITING_NAMES,
      "What the household waits for.");
    C(helped_by, SIM_HOUSEHOLD, "helped_by", SIM_U8, SIM_COL_SNAPSHOT, MDL_HELPED_BY_NAMES,
      "Who helps the household now (the most specialised help).");
    C(seek_route, SIM_HOUSEHOLD, "seek_route", SIM_U8, 0, MDL_ROUTE_NAMES, "Where the household asked for help this tick.");
    C(referrals, SIM_HOUSEHOLD, "referrals", SIM_I32, SIM_COL_SNAPSHOT, "referrals",
      "Referrals of the household's members to specialists so far.");
    C(helpers, SIM_HOUSEHOLD, "helpers", SIM_I32, SIM_COL_SNAPSHOT, "professionals",
      "Professionals (generalists, network workers, specialist trajectories) that helped so far.");
    C(intake_since, SIM_HOUSEHOLD, "intake_since", SIM_I32, 0, "tick + 1",
      "Waiting for a wijkteam intake since this tick (plus one); 0: not waiting.");
    C(seek_block_until, SIM_HOUSEHOLD, "seek_block_until", SIM_I32, 0, "tick",
      "The household does not ask for help again before this tick.");
    C(case_pro, SIM_HOUSEHOLD, "case_generalist", SIM_I32, SIM_COL_SNAPSHOT, "professional index + 1",
      "Generalist holding the household's wijkteam case (professional index plus one); 0: no case.");
    C(intake_crisis, SIM_HOUSEHOLD, "intake_crisis", SIM_U8, 0, "0/1",
      "The waiting intake request came through the crisis line (served first).");
#undef C
    c->hh_first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    c->hh_members = sim_col(w, SIM_HOUSEHOLD, "members");
    c->next_member = sim_col(w, SIM_PERSON, "next_member");
    c->hh_area = sim_col(w, SIM_HOUSEHOLD, "area");
    c->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        c->prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
    if (!c->hh_first || !c->hh_members || !c->hh_area || !c->birth_day || !c->prob[0]) {
        sim_world_fail(w, "the care models need the population model before them");
        return NABIJ_EINVAL;
    }
    int rc;
    if (!sim_col(w, SIM_PROVIDER, "kind")) {
        if ((rc = make_providers(w, c)))
            return rc;
    } else {
        c->p_kind = sim_col(w, SIM_PROVIDER, "kind");
        c->p_area = sim_col(w, SIM_PROVIDER, "area");
        c->p_slots = sim_col(w, SIM_PROVIDER, "slots");
        c->p_in_care = sim_col(w, SIM_PROVIDER, "in_care");
        c->p_queue = sim_col(w, SIM_PROVIDER, "queue");
        c->p_consult_left = sim_col(w, SIM_PROVIDER, "consult_hours_left");
        c->p_refer_propensity = sim_col(w, SIM_PROVIDER, "refer_propensity");
        c->p_budget_eur = sim_col(w, SIM_PROVIDER, "budget_eur");
        c->p_spent_eur = sim_col(w, SIM_PROVIDER, "spent_eur");
        c->p_budget_out = sim_col(w, SIM_PROVIDER, "budget_out_tick");
    }
    const mdl_population_params *pop = scn_section_values(sim_world_scenario(w), "population");
    c->n_areas = pop && pop->areas > 0 ? (uint32_t)pop->areas : 1;
    uint32_t np = sim_world_count(w, SIM_PROVIDER);
    for (int k = 0; k < MDL_N_PKINDS; k++)
        c->prov_first[k] = c->prov_n[k] = 0;
    for (uint32_t x = np; x-- > 0;) {
        c->prov_first[c->p_kind[x]] = x;
        c->prov_n[c->p_kind[x]]++;
    }
    c->ev_referred = -1;
    for (size_t i = 0; i < sim_event_kind_count(w); i++)
        if (!strcmp(sim_event_kind_name(w, i, NULL, NULL), "referred"))
            c->ev_referred = (int)i;
    if (c->ev_referred < 0)
        c->ev_referred = sim_event_kind_add(w, "referred",
                                            "{person} was referred to specialist provider {cp} and waits for admission.",
                                            NULL);
    return c->ev_referred < 0 ? c->ev_referred : 0;
}

int32_t mdl_care_provider(const mdl_care_cols *c, int k, int32_t area, uint32_t who)
{
    if (!c->prov_n[k])
        return -1;
    /* provider j of a kind serves area j % areas (see make_providers) */
    uint32_t a = (uint32_t)(area < 0 ? 0 : area) % c->n_areas;
    uint32_t per_area = c->prov_n[k] / c->n_areas;
    uint32_t j = per_area ? a + c->n_areas * (who % per_area) : a % c->prov_n[k];
    return (int32_t)(c->prov_first[k] + j);
}

int mdl_care_refer(sim_world *w, const mdl_care_cols *c, uint32_t i, int32_t h, int32_t area,
                   int k, int d, int route, unsigned flags)
{
    /* one referral at a time; a failed trajectory's escalation to heavier care, flagged at the
     * discharge and filed by the next specialist phase, is not taken over by another route's
     * referral before it (before, any referral overwrote it) */
    if (c->spec_state[i] != SPEC_NONE || (c->spec_flags[i] & SPEC_FLAG_ESCALATE))
        return 0;
    int32_t x = mdl_care_provider(c, k, area, i);
    if (x < 0)
        return 0;
    c->spec_state[i] = SPEC_WAITING;
    c->spec_kind[i] = (uint8_t)k;
    c->spec_domain[i] = (uint8_t)d;
    c->spec_route[i] = (uint8_t)route;
    c->spec_flags[i] = (uint8_t)(flags & (SPEC_FLAG_DIAGNOSIS | SPEC_FLAG_POWERLESS));
    c->spec_provider[i] = x;
    c->spec_since[i] = (int32_t)sim_tick(w);
    c->spec_weeks_left[i] = 0;
    if (h >= 0) {
        c->referrals[h]++;
        c->waiting[h] = WAIT_SPECIALIST;
    }
    sim_emit(w, c->ev_referred, h, (int32_t)i, x, 0);
    return 1;
}

int mdl_care_kind_for(int d, int age)
{
    switch (d) {
    case DOM_PARENTING:
        return PK_YOUTH_GGZ;
    case DOM_MENTAL:
        return age < 18 ? PK_YOUTH_GGZ : PK_ADULT_GGZ;
    case DOM_LVB:
        return PK_LVB;
    case DOM_MONEY:
        return PK_DEBT_HELP;
    case DOM_CARE:
        return PK_HOME_CARE;
    default:
        return PK_GP;
    }
}
