/* population.c: generates the synthetic neighbourhood at init (households by type, persons
 * with age, income source, literacy, trust and problems per life domain, and informal ties)
 * and owns the columns that describe them. Its step only derives each household's problem
 * load for observation; life events that change the population live in households.c. */
#include "population.h"
#include "../sim/alloc.h"
#include "../sim/nabij.h"
#include "../sim/run.h"
#include "common.h"
#include "quick.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define P(f, lo, hi, d, u, src, doc) SCN_P_REAL(mdl_population_params, f, lo, hi, d, u, src, doc)
static const scn_param params[] = {
    SCN_P_INT(mdl_population_params, inhabitants, 10, 30000000, 25000, "persons",
              "seed 000: 'een wijk van ongeveer 25.000 inwoners' with some hundred professionals",
              "Number of inhabitants to generate (households are added until it is reached)."),
    SCN_P_INT(mdl_population_params, areas, 1, 20000, 1, "neighbourhoods",
              "assumption: one wijkteam per 25,000 inhabitants, as in seed 000",
              "Number of neighbourhoods, each with its own team; households are spread evenly."),
    P(headroom, 1.0, 3.0, 1.3, "ratio", "assumption: room for births, moves and splits",
      "Capacity of the person and household tables relative to the initial population."),
    P(share_single, 0, 1, 0.38, "share of households",
      "CBS StatLine 37230ned/71486ned: one-person households about 38 % (2015)",
      "Share of one-person households."),
    P(share_couple, 0, 1, 0.28, "share of households", "CBS StatLine 71486ned, 2015: about 28 %",
      "Share of couples without children at home."),
    P(share_couple_kids, 0, 1, 0.24, "share of households", "CBS StatLine 71486ned, 2015: about 25 %",
      "Share of couples with children at home."),
    P(share_single_parent, 0, 1, 0.07, "share of households", "CBS StatLine 71486ned, 2015: about 7 %",
      "Share of single-parent households; the rest are multi-adult households."),
    P(children_mean, 1, 5, 1.8, "children per family", "CBS: about 1.8 children per family with children",
      "Mean number of children in a family with children (1 + Poisson)."),
    P(adult_child_share, 0, 1, 0.25, "share of families",
      "assumption: adult children (18-30) living at home in a quarter of families; CBS 'thuiswonende kinderen'",
      "Share of families in which one child is an adult (18-30), a co-resident for the kostendelersnorm."),
    P(share_65plus, 0, 1, 0.19, "share of adults", "CBS: 19 % of the population 65+ (2018)",
      "Share of single and couple households whose head is 65 or older."),
    P(p_work, 0, 1, 0.68, "probability", "CBS: net labour participation about 68 % (2015)",
      "Probability that an adult under 67 works."),
    P(p_bijstand, 0, 1, 0.07, "probability",
      "assumption: 7 % of working-age adults on bijstand, above the national 4-5 % as fits a "
      "neighbourhood with a wijkteam (CBS bijstandsuitkeringen)",
      "Probability that an adult under 67 who does not work receives social assistance; scaled by vulnerability."),
    P(p_disability, 0, 1, 0.06, "probability", "CBS: about 6 % of 15-65 on a disability benefit (WIA/Wajong)",
      "Probability that an adult under 67 receives a disability benefit."),
    P(wage_median_eur_per_month, 500, 10000, 2300, "EUR/month", "CBS: median net household income about EUR 2,300/month",
      "Median net wage of a working adult."),
    P(wage_sigma, 0.05, 2, 0.45, "log-sd", "assumption: log-normal wage spread",
      "Log-normal spread of wages."),
    P(p_literacy_low, 0, 1, 0.18, "probability",
      "Stichting Lezen & Schrijven: about 2.5 million low-literate adults of 16-65 (18 %)",
      "Probability that an adult cannot read official letters well."),
    P(p_digital_low, 0, 1, 0.20, "probability", "assumption: CBS digital skills, about a fifth lacks basic skills",
      "Probability that an adult lacks the digital skills for online forms (seed 003: applications only online)."),
    P(trust_mean, 0, 1, 0.6, "0..1", "assumption: SCP trust in institutions around 60 %",
      "Mean trust in institutions (Beta distributed), lowered by vulnerability."),
    P(reluctance_mean, 0, 1, 0.6, "0..1",
      "seed 000 §6: residents 'do not want to bother others'; assumption on the level",
      "Mean reluctance to ask the network or professionals for help."),
    P(p_commercial_lodger, 0, 1, 0.25, "probability",
      "assumption: rooms rented out and paying lodgers (kamerverhuur, kostgangers) among the other adults of "
      "shared dwellings; no CBS figure separates them from friends and relatives sharing costs",
      "Probability that an adult of a multi-adult household other than its head pays commercial rent (a lodger: "
      "does not count for the kostendelersnorm, nor does the landlord's household for the lodger's own bijstand)."),
    P(p_no_permit, 0, 1, 0.005, "probability", "assumption: a few adults without residence permit (seed 000 Amsterdam son)",
      "Probability that an adult child has no residence permit (may not work)."),
    P(vulnerability_shape, 0.1, 10, 0.7, "Beta shape",
      "assumption: problems stack (Rotterdam: under 20 % single-problem cases); a small shape concentrates them",
      "Shape of the Gamma-distributed vulnerability (mean 1) that multiplies every domain's prevalence."),
    P(prev_money, 0, 1, 0.14, "probability", "CBS 2015: 8.6 % registered problem debts; 15-20 % debts or risk (Panteia, SCP)",
      "Prevalence of money and debt problems among adults at the start."),
    P(prev_work, 0, 1, 0.10, "probability", "assumption: unemployment and inactivity problems, CBS 2015 about 7 % unemployed",
      "Prevalence of work and income problems among adults."),
    P(prev_mental, 0, 1, 0.12, "probability", "NEMESIS-2: about 18 % a common mental disorder a year; assumption of a problem level",
      "Prevalence of mental health problems among adults."),
    P(prev_parenting, 0, 1, 0.10, "probability", "CBS Jeugdmonitor: about 11 % of youths in youth care a year",
      "Prevalence of parenting and youth behaviour problems among children."),
    P(prev_care, 0, 1, 0.08, "probability", "assumption: care needs of elderly and sick (Wmo use about 8 %)",
      "Prevalence of care needs among adults (higher with age)."),
    P(prev_housing, 0, 1, 0.03, "probability", "assumption: housing problems (arrears, overcrowding)",
      "Prevalence of housing problems among adults."),
    P(prev_lvb, 0, 1, 0.05, "probability", "assumption: LVB in about 5-8 % of adults (SCP 2019 estimate)",
      "Prevalence of light intellectual disability (permanent) among adults."),
    P(severity_mean, 0.05, 0.95, 0.3, "0..1", "assumption: a present problem starts moderate",
      "Mean severity of a problem present at the start (Beta distributed)."),
    P(ties_family_mean, 0, 30, 2.5, "ties per person", "assumption: SCP network size, a few close family ties",
      "Mean number of family ties outside the household."),
    P(ties_friend_mean, 0, 30, 2.0, "ties per person", "assumption: SCP network size", "Mean number of friend ties."),
    P(ties_neighbour_mean, 0, 30, 1.0, "ties per person", "assumption", "Mean number of neighbour ties (nearby households)."),
    P(tie_spare_hours_mean, 0, 40, 2.0, "hours/week", "assumption: CBS informal help a few hours a week",
      "Mean spare time a tie can give."),
    P(p_willing_to_host, 0, 1, 0.3, "probability", "assumption: seed 000 §8, families less willing to take in relatives",
      "Probability that a tie would in principle take someone in (before weighing the kostendelersnorm)."),
    SCN_P_INT(mdl_population_params, compact_every_ticks, 0, 5200, 52, "ticks",
              "assumption: speed only. Households formed during a run have their members anywhere in memory, "
              "and a tick late in a run took a third longer for it (docs/performance.md, Late in a run); the order changes "
              "which random numbers a person draws, not their distributions",
              "Every this many ticks the persons are stored again household by household (0: never); their "
              "ties stay where they are. Events name persons by their id, which does not change."),
};
const scn_section mdl_population_section =
    SCN_SECTION("population", "The synthetic neighbourhood: households, persons, ties.",
                mdl_population_params, params);

const char *const mdl_domain_col[MDL_N_DOMAINS] = {"prob_money", "prob_work", "prob_mental",
                                                   "prob_parenting", "prob_care",
                                                   "prob_housing", "prob_lvb"};
const char *const mdl_domain_label[MDL_N_DOMAINS] = {"money and debts", "work and income",
                                                     "mental health", "parenting and youth",
                                                     "care need", "housing",
                                                     "light intellectual disability"};

enum { PUR_HH = 0, PUR_PERSON = 1, PUR_TIES = 2 };

typedef struct pop_state {
    int32_t *birth_day, *household, *next_member, *partner;
    uint8_t *income, *literacy_low, *digital_low, *permit, *registered, *student, *lodger;
    float *wage, *trust, *reluctance, *vuln;
    float *prob[MDL_N_DOMAINS];
    uint32_t *tie_first;
    int16_t *tie_count;
    int32_t *hh_first, *hh_area, *hh_host, *hh_guest, *map_width;
    uint8_t *hh_members, *hh_housing;
    int16_t *hh_x, *hh_y;
    float *hh_load, *person_load;
    int32_t *tie_from, *tie_to;
    uint8_t *tie_kind, *tie_host;
    float *tie_strength, *tie_spare;
    int ind_persons, ind_households, ind_load, ind_multi;
} pop_state;

static int register_columns(sim_world *w, pop_state *s)
{
#define COL(var, kind, name, t, fl, unit, doc) \
    if (!(var = sim_col_add(w, kind, name, t, fl, unit, doc))) return NABIJ_ENOMEM
    COL(s->birth_day, SIM_PERSON, "birth_day", SIM_I32, 0, "days since 1970-01-01", "Date of birth.");
    COL(s->household, SIM_PERSON, "household", SIM_I32, 0, "household index",
        "Household the person belongs to (-1: died).");
    COL(s->next_member, SIM_PERSON, "next_member", SIM_I32, 0, "person index",
        "Next member of the same household (-1: last); the chain starts at households.first_member.");
    COL(s->partner, SIM_PERSON, "partner", SIM_I32, 0, "person index",
        "Partner in the same household (-1: none); partners form one benefit unit.");
    COL(s->income, SIM_PERSON, "income_source", SIM_U8, 0, MDL_INCOME_NAMES, "Main source of income.");
    COL(s->wage, SIM_PERSON, "wage_eur_per_month", SIM_F32, 0, "EUR/month", "Net wage when working.");
    COL(s->literacy_low, SIM_PERSON, "literacy_low", SIM_U8, 0, "0/1", "Cannot read official letters well.");
    COL(s->digital_low, SIM_PERSON, "digital_low", SIM_U8, 0, "0/1", "Lacks the skills for online forms.");
    COL(s->permit, SIM_PERSON, "permit", SIM_U8, 0, "0/1", "Has a residence permit (may work, may claim).");
    COL(s->registered, SIM_PERSON, "registered", SIM_U8, 0, "0/1",
        "Registered at the household's address (0: deregistered on paper).");
    COL(s->student, SIM_PERSON, "student_finance", SIM_U8, 0, "0/1",
        "Receives study finance (does not count for the kostendelersnorm).");
    COL(s->lodger, SIM_PERSON, "commercial_lodger", SIM_U8, 0, "0/1",
        "Pays commercial rent to the household (does not count for the kostendelersnorm).");
    COL(s->trust, SIM_PERSON, "trust", SIM_F32, 0, "0..1", "Trust in institutions and professionals.");
    COL(s->reluctance, SIM_PERSON, "reluctance", SIM_F32, 0, "0..1", "Reluctance to ask for help.");
    COL(s->vuln, SIM_PERSON, "vulnerability", SIM_F32, 0, "multiplier, mean 1",
        "Latent vulnerability that makes problems stack.");
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        COL(s->prob[d], SIM_PERSON, mdl_domain_col[d], SIM_F32, 0, "severity 0..1", mdl_domain_label[d]);
    COL(s->tie_first, SIM_PERSON, "tie_first", SIM_U32, 0, "tie index",
        "First of the person's ties, a block of tie_count (sorted by 'from' at the set-up; the blocks "
        "stay where they are when the persons are reordered).");
    COL(s->tie_count, SIM_PERSON, "tie_count", SIM_I16, 0, "ties", "Number of the person's ties.");
    COL(s->hh_first, SIM_HOUSEHOLD, "first_member", SIM_I32, 0, "person index",
        "Head of the household, first of the chain of members (-1: dissolved).");
    COL(s->hh_members, SIM_HOUSEHOLD, "members", SIM_U8, SIM_COL_SNAPSHOT, "persons", "Persons living in the household.");
    COL(s->hh_area, SIM_HOUSEHOLD, "area", SIM_I32, SIM_COL_STATIC, "area index", "Neighbourhood of the household.");
    /* the map is static for the households of the start and a snapshot column for those
     * formed later (they get cells in new rows below the map; cell 0, 0 is household 0's) */
    COL(s->hh_x, SIM_HOUSEHOLD, "x", SIM_I16, SIM_COL_STATIC | SIM_COL_SNAPSHOT, "map cell",
        "Column of the household on the district map.");
    COL(s->hh_y, SIM_HOUSEHOLD, "y", SIM_I16, SIM_COL_STATIC | SIM_COL_SNAPSHOT, "map cell",
        "Row of the household on the district map.");
    COL(s->hh_host, SIM_HOUSEHOLD, "host_household", SIM_I32, SIM_COL_SNAPSHOT, "household index",
        "Household this one stays with (housing with_others), or -1.");
    COL(s->hh_guest, SIM_HOUSEHOLD, "guest_household", SIM_I32, 0, "household index",
        "Household staying with this one as guests, or -1 (at most one).");
    COL(s->map_width, SIM_GLOBAL, "map_width", SIM_I32, SIM_COL_STATIC, "map cells",
        "Width of the district map; household h sits at (h mod width, h div width).");
    COL(s->hh_housing, SIM_HOUSEHOLD, "housing", SIM_U8, SIM_COL_SNAPSHOT, MDL_HOUSING_NAMES, "Housing situation.");
    COL(s->hh_load, SIM_HOUSEHOLD, "problem_load", SIM_F32, SIM_COL_SNAPSHOT, "sum of severities",
        "Sum over members and domains of problem severity.");
    COL(s->person_load, SIM_PERSON, "person_problem_load", SIM_F32, 0, "sum of severities",
        "Sum over domains of the person's problem severity, as of the start of the tick.");
    COL(s->tie_from, SIM_TIE, "from", SIM_I32, 0, "person index", "Person who has the tie.");
    COL(s->tie_to, SIM_TIE, "to", SIM_I32, 0, "person index", "Person the tie leads to.");
    COL(s->tie_kind, SIM_TIE, "kind", SIM_U8, 0, "family|friend|neighbour|mentor", "Kind of tie.");
    COL(s->tie_strength, SIM_TIE, "strength", SIM_F32, 0, "0..1", "Strength of the tie.");
    COL(s->tie_spare, SIM_TIE, "spare_hours_per_week", SIM_F32, 0, "hours/week", "Time the tie can give.");
    COL(s->tie_host, SIM_TIE, "willing_to_host", SIM_U8, 0, "0/1", "Would take the person in, before weighing costs.");
#undef COL
    int rc;
    if ((rc = sim_col_refs(w, SIM_PERSON, "next_member", SIM_PERSON, 0)) ||
        (rc = sim_col_refs(w, SIM_PERSON, "partner", SIM_PERSON, 0)) ||
        (rc = sim_col_refs(w, SIM_HOUSEHOLD, "first_member", SIM_PERSON, 0)) ||
        (rc = sim_col_refs(w, SIM_TIE, "from", SIM_PERSON, 0)) || (rc = sim_col_refs(w, SIM_TIE, "to", SIM_PERSON, 0)))
        return rc;
    return 0;
}

static double beta_mean(sim_rng_stream *r, double mean, double conc)
{
    return gsl_ran_beta(&r->gsl, mean * conc, (1 - mean) * conc);
}

/* Draw one person's attributes. "adult" selects adult attributes; "age" in years; "shared":
 * an adult of a multi-adult household other than its head, who may be a commercial lodger. */
static void make_person(const mdl_population_params *p, pop_state *s, uint32_t i, int32_t hh,
                        int age, int shared, int32_t day0, uint64_t seed)
{
    sim_rng_stream r;
    sim_rng_init(&r, seed, MDL_PURPOSE(MNO_POPULATION, PUR_PERSON), i, 0);
    s->household[i] = hh;
    s->birth_day[i] = day0 - (int32_t)(age * 365.2425) - (int32_t)sim_rng_below(&r, 365);
    s->registered[i] = 1;
    s->permit[i] = 1;
    double v = gsl_ran_gamma(&r.gsl, p->vulnerability_shape, 1.0 / p->vulnerability_shape);
    s->vuln[i] = (float)v;
    int adult = age >= 18;
    if (adult) {
        if (age >= 67)
            s->income[i] = INC_AOW;
        else if (sim_rng_bernoulli(&r, p->p_work / (0.5 + 0.5 * v)))
            s->income[i] = INC_WORK;
        else if (sim_rng_bernoulli(&r, p->p_disability / (1 - p->p_work + 1e-9)))
            s->income[i] = INC_DISABILITY;
        else if (sim_rng_bernoulli(&r, fmin(1, p->p_bijstand * v / (1 - p->p_work + 1e-9))))
            s->income[i] = INC_BIJSTAND;
        else
            s->income[i] = age < 27 ? INC_STUDENT : INC_NONE;
        if (s->income[i] == INC_STUDENT)
            s->student[i] = 1;
        if (s->income[i] == INC_WORK)
            s->wage[i] = (float)(p->wage_median_eur_per_month *
                                 exp(p->wage_sigma * gsl_ran_ugaussian(&r.gsl)));
    }
    s->literacy_low[i] = (uint8_t)sim_rng_bernoulli(&r, fmin(1, p->p_literacy_low * (adult ? v : 0.5 * v)));
    s->digital_low[i] = (uint8_t)sim_rng_bernoulli(&r, fmin(1, p->p_digital_low * (age >= 67 ? 2.0 : 1.0)));
    s->trust[i] = (float)beta_mean(&r, fmin(0.95, fmax(0.05, p->trust_mean / sqrt(v + 0.01))), 6);
    s->reluctance[i] = (float)beta_mean(&r, p->reluctance_mean, 6);
    const double prev[MDL_N_DOMAINS] = {p->prev_money,     p->prev_work, p->prev_mental,
                                        p->prev_parenting, p->prev_care, p->prev_housing,
                                        p->prev_lvb};
    for (int d = 0; d < MDL_N_DOMAINS; d++) {
        double q = prev[d] * v;
        if (d == DOM_PARENTING)
            q = adult ? 0 : prev[d] * v; /* youth behaviour: children and youths */
        else if (!adult && d != DOM_LVB && d != DOM_MENTAL)
            q = 0;
        if (d == DOM_CARE)
            q *= age >= 75 ? 3.0 : age >= 65 ? 1.5 : 0.6;
        if (d == DOM_WORK && (age >= 67 || s->income[i] == INC_WORK))
            q *= 0.2;
        if (d == DOM_MONEY && s->income[i] == INC_BIJSTAND)
            q *= 2.0;
        if (sim_rng_bernoulli(&r, fmin(1, q)))
            s->prob[d][i] = (float)fmax(0.05, beta_mean(&r, p->severity_mean, 5));
    }
    /* drawn last, so that every earlier draw of every person is as it was without lodgers */
    if (shared && sim_rng_bernoulli(&r, p->p_commercial_lodger))
        s->lodger[i] = 1;
}

/* The drawing of the ties, person by person in parallel (each person from its own
 * streams): how many ties each starts, then the ties themselves into the slots
 * [off[i], off[i] + want[i]) of the pair lists, a[slot] = -1 where a draw found nobody. */
typedef struct ties_ctx {
    const mdl_population_params *p;
    pop_state *s;
    uint64_t seed;
    uint32_t nh;
    uint16_t *want;
    const uint64_t *off;
    const uint32_t *area_lo, *area_hi;
    int32_t *a, *b;
    uint8_t *kind, *host;
    float *str, *spare;
    uint32_t *cnt; /* ties per person, both ends (atomic: integers, any order) */
} ties_ctx;

static void want_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    const ties_ctx *c = vc;
    const mdl_population_params *p = c->p;
    for (uint32_t i = b; i < e; i++) {
        sim_rng_stream r;
        sim_rng_init(&r, c->seed, MDL_PURPOSE(MNO_POPULATION, PUR_TIES), i, 0);
        /* each person starts half of its ties (the other half come from others). The
         * vulnerable have fewer: the factor 1.6 / (1 + v) has mean 1 over the Gamma
         * vulnerability of mean 1 (shape 0.7: E[1 / (1 + v)] = 0.625), so the parameters'
         * means hold, and it stays between 0.0 and 1.6 (1 / v would have an infinite mean) */
        double mu = (p->ties_family_mean + p->ties_friend_mean + p->ties_neighbour_mean) / 2.0 *
                    1.6 / (1.0 + c->s->vuln[i]);
        unsigned k = gsl_ran_poisson(&r.gsl, mu);
        c->want[i] = (uint16_t)(k > 60 ? 60 : k);
        acc[0] += c->want[i];
    }
}

static void pairs_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    const ties_ctx *c = vc;
    const mdl_population_params *p = c->p;
    const pop_state *s = c->s;
    double fam = p->ties_family_mean, fr = p->ties_friend_mean, nb = p->ties_neighbour_mean;
    double tot = fam + fr + nb > 0 ? fam + fr + nb : 1;
    for (uint32_t i = b; i < e; i++) {
        sim_rng_stream r;
        sim_rng_init(&r, c->seed, MDL_PURPOSE(MNO_POPULATION, PUR_TIES), i, 1);
        int32_t hh = s->household[i];
        for (unsigned k = 0; k < c->want[i]; k++) {
            uint64_t m = c->off[i] + k;
            double u = sim_rng_u01(&r) * tot;
            uint8_t kd = u < fam ? TIE_FAMILY : u < fam + fr ? TIE_FRIEND : TIE_NEIGHBOUR;
            int32_t oh, ar = s->hh_area[hh];
            if (kd == TIE_NEIGHBOUR) /* households are laid out in index order on the map */
                oh = hh + (int32_t)sim_rng_below(&r, 21) - 10;
            else
                oh = (int32_t)c->area_lo[ar] + (int32_t)sim_rng_below(&r, c->area_hi[ar] - c->area_lo[ar]);
            c->a[m] = -1;
            if (oh < 0 || oh >= (int32_t)c->nh || oh == hh)
                continue;
            int32_t j = s->hh_first[oh] + (int32_t)sim_rng_below(&r, s->hh_members[oh]);
            c->a[m] = (int32_t)i;
            c->b[m] = j;
            c->kind[m] = kd;
            c->str[m] = (float)beta_mean(&r, kd == TIE_FAMILY ? 0.6 : 0.4, 4);
            c->spare[m] = (float)gsl_ran_exponential(&r.gsl, p->tie_spare_hours_mean);
            c->host[m] = (uint8_t)sim_rng_bernoulli(&r, kd == TIE_NEIGHBOUR ? p->p_willing_to_host / 3
                                                                          : p->p_willing_to_host);
            __atomic_fetch_add(&c->cnt[i], 1, __ATOMIC_RELAXED);
            __atomic_fetch_add(&c->cnt[j], 1, __ATOMIC_RELAXED);
        }
    }
}

/* Both directions of the drawn pairs placed in the tie table, for the persons of one of
 * "parts" equal ranges per chunk of SIM_CHUNK indices (one task each): every task reads all
 * pairs in order and places those from its persons, so a person's ties keep the pairs'
 * order whatever the number of parts, and each task writes only its persons' blocks. */
typedef struct place_ctx {
    const ties_ctx *t;
    uint64_t total;
    uint32_t np, parts;
} place_ctx;

static void place_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)e, (void)acc;
    const place_ctx *c = vc;
    const ties_ctx *t = c->t;
    pop_state *s = t->s;
    uint32_t part = b / SIM_CHUNK;
    int32_t lo = (int32_t)((uint64_t)c->np * part / c->parts), hi = (int32_t)((uint64_t)c->np * (part + 1) / c->parts);
    for (uint64_t m = 0; m < c->total; m++) {
        if (t->a[m] < 0)
            continue; /* a draw that found nobody */
        for (int dir = 0; dir < 2; dir++) {
            int32_t from = dir ? t->b[m] : t->a[m], to = dir ? t->a[m] : t->b[m];
            if (from < lo || from >= hi)
                continue;
            uint32_t x = s->tie_first[from] + (uint32_t)s->tie_count[from]++;
            s->tie_from[x] = from;
            s->tie_to[x] = to;
            s->tie_kind[x] = t->kind[m];
            s->tie_strength[x] = t->str[m];
            s->tie_spare[x] = t->spare[m];
            s->tie_host[x] = t->host[m];
        }
    }
}

/* Ties: each person draws family, friend and neighbour ties; every tie is stored in both
 * directions and the table is sorted by "from" (counting sort), with per-person ranges. */
static int make_ties(sim_world *w, const mdl_population_params *p, pop_state *s, uint64_t seed)
{
    uint32_t np = sim_world_count(w, SIM_PERSON), nh = sim_world_count(w, SIM_HOUSEHOLD);
    uint16_t *want = sim_calloc(np, sizeof *want);
    uint64_t *off = sim_calloc((size_t)np + 1, sizeof *off);
    if (!want || !off) {
        sim_free(want);
        sim_free(off);
        return NABIJ_ENOMEM;
    }
    ties_ctx tc = {.p = p, .s = s, .seed = seed, .nh = nh, .want = want, .off = off};
    double wanted = 0;
    int rc = sim_for(w, np, want_body, &tc, &wanted, 1); /* fails only out of memory (its message) */
    if (rc) {
        sim_free(want);
        sim_free(off);
        return rc;
    }
    uint64_t total = (uint64_t)wanted;
    for (uint32_t i = 0; i < np; i++)
        off[i + 1] = off[i] + want[i];
    uint64_t nt = 2 * total;
    rc = sim_world_reserve(w, SIM_TIE, (uint32_t)(nt * 1.2 + 16));
    if (rc) {
        sim_free(want);
        sim_free(off);
        return rc;
    }
    /* re-fetch tie columns: the reserve moved them */
    s->tie_from = sim_col(w, SIM_TIE, "from");
    s->tie_to = sim_col(w, SIM_TIE, "to");
    s->tie_kind = sim_col(w, SIM_TIE, "kind");
    s->tie_strength = sim_col(w, SIM_TIE, "strength");
    s->tie_spare = sim_col(w, SIM_TIE, "spare_hours_per_week");
    s->tie_host = sim_col(w, SIM_TIE, "willing_to_host");
    /* draw pairs into a scratch list, then place both directions sorted by "from" */
    int32_t *a = sim_calloc(total + 1, sizeof *a), *b = sim_calloc(total + 1, sizeof *b);
    uint8_t *kind = sim_calloc(total + 1, 1);
    float *str = sim_calloc(total + 1, sizeof *str), *spare = sim_calloc(total + 1, sizeof *spare);
    uint8_t *host = sim_calloc(total + 1, 1);
    uint32_t *cnt = sim_calloc((size_t)np + 1, sizeof *cnt);
    if (!a || !b || !kind || !str || !spare || !host || !cnt) {
        rc = NABIJ_ENOMEM;
        goto out;
    }
    /* family and friends live in the same neighbourhood (area): households of an area are
     * one range of indices, [area_lo, area_hi) */
    uint32_t na = sim_world_count(w, SIM_AREA);
    uint32_t *area_lo = sim_calloc((size_t)na + 1, sizeof *area_lo), *area_hi = sim_calloc((size_t)na + 1, sizeof *area_hi);
    if (!area_lo || !area_hi) {
        sim_free(area_lo);
        sim_free(area_hi);
        rc = NABIJ_ENOMEM;
        goto out;
    }
    for (uint32_t h = nh; h-- > 0;)
        area_lo[s->hh_area[h]] = h;
    for (uint32_t h = 0; h < nh; h++)
        area_hi[s->hh_area[h]] = h + 1;
    tc.area_lo = area_lo, tc.area_hi = area_hi;
    tc.a = a, tc.b = b, tc.kind = kind, tc.host = host, tc.str = str, tc.spare = spare, tc.cnt = cnt;
    sim_for(w, np, pairs_body, &tc, NULL, 0);
    uint64_t m = 0; /* ties found */
    for (uint64_t t = 0; t < total; t++)
        m += a[t] >= 0;
    sim_free(area_lo);
    sim_free(area_hi);
    uint32_t first;
    if ((rc = sim_world_add(w, SIM_TIE, (uint32_t)(2 * m), &first)))
        goto out;
    uint32_t acc = 0;
    for (uint32_t i = 0; i < np; i++) {
        s->tie_first[i] = acc;
        s->tie_count[i] = 0;
        acc += cnt[i];
    }
    place_ctx pc = {&tc, total, np, (uint32_t)(sim_threads(w) > 0 ? sim_threads(w) : 1)};
    sim_for(w, pc.parts * SIM_CHUNK, place_body, &pc, NULL, 0);
out:
    sim_free(want);
    sim_free(off);
    sim_free(a);
    sim_free(b);
    sim_free(kind);
    sim_free(str);
    sim_free(spare);
    sim_free(host);
    sim_free(cnt);
    return rc;
}

/* Partners form one benefit unit, means-tested together: if one partner has an income of
 * their own the other receives no bijstand; if one receives bijstand and the other has no
 * income, both are recipients of the couple norm. */
static void couple_income(pop_state *s, uint32_t a, uint32_t b)
{
    uint8_t ia = s->income[a], ib = s->income[b];
    int own_a = ia == INC_WORK || ia == INC_AOW || ia == INC_DISABILITY;
    int own_b = ib == INC_WORK || ib == INC_AOW || ib == INC_DISABILITY;
    if (ia == INC_BIJSTAND && own_b)
        s->income[a] = INC_NONE;
    else if (ib == INC_BIJSTAND && own_a)
        s->income[b] = INC_NONE;
    else if (ia == INC_BIJSTAND && ib != INC_BIJSTAND)
        s->income[b] = INC_BIJSTAND, s->student[b] = 0;
    else if (ib == INC_BIJSTAND && ia != INC_BIJSTAND)
        s->income[a] = INC_BIJSTAND, s->student[a] = 0;
}

enum { MAKE_PERMIT = 3, MAKE_SHARED = 4 }; /* make_ctx.extra: bits 0-1 the permit, bit 2 a shared dwelling */
typedef struct make_ctx {
    const mdl_population_params *p;
    pop_state *s;
    const uint8_t *age, *extra; /* extra & MAKE_PERMIT: 0 as drawn, else 1 + the permit; MAKE_SHARED: an
                                 * adult of a multi-adult household other than the head */
    int32_t day0;
    uint64_t seed;
} make_ctx;

/* The persons' own draws (make_person, each from its own stream), in parallel. */
static void make_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    (void)acc;
    const make_ctx *c = vc;
    for (uint32_t i = b; i < e; i++) {
        make_person(c->p, c->s, i, c->s->household[i], c->age[i], c->extra[i] & MAKE_SHARED, c->day0, c->seed);
        if (c->extra[i] & MAKE_PERMIT)
            c->s->permit[i] = (uint8_t)((c->extra[i] & MAKE_PERMIT) - 1);
    }
}

static int add_indicators(sim_world *w, pop_state *s)
{
    s->ind_persons = sim_ind_add(w, "persons", "persons", "Persons living in the neighbourhood.");
    s->ind_households = sim_ind_add(w, "households", "households",
                                    "Households with members (dissolved households are not counted).");
    s->ind_load = sim_ind_add(w, "problem_load_mean", "severity per person",
                              "Mean over persons of the summed problem severity.");
    s->ind_multi = sim_ind_add(w, "share_multiproblem", "share of persons",
                               "Share of persons with problems in three or more domains.");
    return s->ind_multi < 0 ? s->ind_multi : 0;
}

static int pop_init(sim_world *w, const void *vp, void *vs)
{
    const mdl_population_params *p = vp;
    pop_state *s = vs;
    double shares = p->share_single + p->share_couple + p->share_couple_kids + p->share_single_parent;
    if (shares > 1.0 + 1e-9) {
        sim_world_fail(w, "population: household type shares add up to %.3f (> 1)", shares);
        return NABIJ_EINVAL;
    }
    uint32_t cap_p = (uint32_t)(p->inhabitants * p->headroom) + 64;
    uint32_t cap_h = (uint32_t)(p->inhabitants * p->headroom / 1.5) + 64;
    int rc;
    if ((rc = sim_world_reserve(w, SIM_PERSON, cap_p)) || (rc = sim_world_reserve(w, SIM_HOUSEHOLD, cap_h)) ||
        (rc = sim_world_reserve(w, SIM_AREA, (uint32_t)p->areas)))
        return rc;
    if ((rc = register_columns(w, s)))
        return rc;
    if (sim_world_restoring(w)) /* a checkpoint brings the population */
        return add_indicators(w, s);
    uint32_t a0;
    if ((rc = sim_world_add(w, SIM_AREA, (uint32_t)p->areas, &a0)))
        return rc;
    uint64_t seed = sim_seed(w);
    int32_t day0 = sim_day(w);
    uint32_t np = 0;
    /* households and ages first, in order; then the persons' own draws in parallel */
    uint8_t *age_of = sim_calloc(cap_p + 1, 1), *extra_of = sim_calloc(cap_p + 1, 1);
    if (!age_of || !extra_of) {
        sim_free(age_of);
        sim_free(extra_of);
        return NABIJ_ENOMEM;
    }
    for (uint32_t h = 0; np < (uint32_t)p->inhabitants; h++) {
        sim_rng_stream r;
        sim_rng_init(&r, seed, MDL_PURPOSE(MNO_POPULATION, PUR_HH), h, 0);
        double u = sim_rng_u01(&r);
        int adults, kids = 0, head_age, adult_child = 0;
        int old = sim_rng_bernoulli(&r, p->share_65plus);
        head_age = old ? 67 + (int)sim_rng_below(&r, 25) : 21 + (int)sim_rng_below(&r, 45);
        if (u < p->share_single)
            adults = 1;
        else if (u < p->share_single + p->share_couple)
            adults = 2;
        else if (u < p->share_single + p->share_couple + p->share_couple_kids)
            adults = 2, kids = 1 + (int)gsl_ran_poisson(&r.gsl, p->children_mean - 1);
        else if (u < shares)
            adults = 1, kids = 1 + (int)gsl_ran_poisson(&r.gsl, p->children_mean - 1);
        else
            adults = 3 + (int)sim_rng_below(&r, 2); /* multi-adult: friends, relatives */
        if (kids) {
            head_age = 25 + (int)sim_rng_below(&r, 30);
            adult_child = sim_rng_bernoulli(&r, p->adult_child_share) && head_age >= 42;
        }
        int size = adults + kids;
        uint32_t hh, first;
        if ((rc = sim_world_add(w, SIM_HOUSEHOLD, 1, &hh)) ||
            (rc = sim_world_add(w, SIM_PERSON, (uint32_t)size, &first))) {
            sim_free(age_of);
            sim_free(extra_of);
            return rc;
        }
        s->hh_first[hh] = (int32_t)first;
        s->hh_members[hh] = (uint8_t)size;
        s->hh_host[hh] = s->hh_guest[hh] = -1;
        for (int k = 0; k < size; k++) {
            int age;
            if (k == 0)
                age = head_age;
            else if (k < adults)
                age = adults > 2 ? 18 + (int)sim_rng_below(&r, 50) : head_age - 3 + (int)sim_rng_below(&r, 7);
            else if (k == adults && adult_child)
                age = 18 + (int)sim_rng_below(&r, 13);
            else
                age = (int)sim_rng_below(&r, (unsigned)(head_age - 17 > 18 ? 18 : head_age - 17));
            s->household[first + (uint32_t)k] = (int32_t)hh;
            age_of[first + (uint32_t)k] = (uint8_t)age;
            if (k == adults && adult_child) /* 1 + the permit, set after the person's draws */
                extra_of[first + (uint32_t)k] = (uint8_t)(1 + !sim_rng_bernoulli(&r, p->p_no_permit * 20));
            if (adults > 2 && k > 0)
                extra_of[first + (uint32_t)k] |= MAKE_SHARED;
            s->next_member[first + (uint32_t)k] = k + 1 < size ? (int32_t)(first + (uint32_t)k + 1) : -1;
            s->partner[first + (uint32_t)k] = -1;
        }
        if (adults == 2) {
            s->partner[first] = (int32_t)first + 1;
            s->partner[first + 1] = (int32_t)first;
        }
        np += (uint32_t)size;
    }
    make_ctx mc = {p, s, age_of, extra_of, day0, seed};
    sim_for(w, np, make_body, &mc, NULL, 0);
    sim_free(age_of);
    sim_free(extra_of);
    uint32_t nh0 = sim_world_count(w, SIM_HOUSEHOLD);
    for (uint32_t h = 0; h < nh0; h++) /* areas: equal ranges of households, in index order */
        s->hh_area[h] = (int32_t)((uint64_t)h * (uint64_t)p->areas / nh0);
    for (uint32_t h = 0; h < nh0; h++) { /* couples are one benefit unit */
        uint32_t f = (uint32_t)s->hh_first[h];
        if (s->partner[f] == (int32_t)f + 1)
            couple_income(s, f, f + 1);
    }
    /* district map: a near-square grid per area, households in index order */
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    uint32_t wdt = (uint32_t)ceil(sqrt((double)nh * 1.6));
    s->map_width[0] = (int32_t)wdt;
    for (uint32_t h = 0; h < nh; h++) {
        s->hh_x[h] = (int16_t)(h % wdt);
        s->hh_y[h] = (int16_t)(h / wdt);
    }
    if ((rc = make_ties(w, p, s, seed)))
        return rc;
    return add_indicators(w, s);
}

typedef struct load_ctx {
    pop_state *s;
    uint32_t np; /* persons */
} load_ctx;

/* Per person, in index order (vectorised): the summed severity, and [multiproblem persons]
 * among those living in a household. */
MDL_VECTOR
static void person_load_body(sim_world *w, void *vctx, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    pop_state *s = ((load_ctx *)vctx)->s;
    const float *restrict p0 = s->prob[0], *restrict p1 = s->prob[1], *restrict p2 = s->prob[2],
                          *restrict p3 = s->prob[3], *restrict p4 = s->prob[4], *restrict p5 = s->prob[5],
                          *restrict p6 = s->prob[6];
    const int32_t *restrict hh = s->household;
    float *restrict out = s->person_load;
    int32_t multi = 0;
    for (uint32_t i = b; i < e; i++) {
        float a0 = p0[i], a1 = p1[i], a2 = p2[i], a3 = p3[i], a4 = p4[i], a5 = p5[i], a6 = p6[i];
        /* the same additions, in the same order, as a loop over the domains from 0 */
        out[i] = ((((((0.0f + a0) + a1) + a2) + a3) + a4) + a5) + a6;
        const float t = MDL_MULTI_SEVERITY;
        int32_t n = (int32_t)(a0 > t) + (int32_t)(a1 > t) + (int32_t)(a2 > t) + (int32_t)(a3 > t) + (int32_t)(a4 > t) +
                    (int32_t)(a5 > t) + (int32_t)(a6 > t);
        multi += (n >= 3) & (hh[i] >= 0);
    }
    acc[0] += multi;
}
_Static_assert(MDL_N_DOMAINS == 7, "person_load_body adds seven domains");

/* Household problem load from the persons' loads, summed in the order of the members.
 * Household "h": its load into hh_load, its members' loads added one by one to "load" (in
 * chain order). A household of one to four members who are consecutive persons in chain
 * order (most are) is read without walking the chain (the same additions; before, four lanes whatever the size, adding 0
 * beyond the members); the others walk it. */
static inline __attribute__((always_inline)) void hh_load_one(const pop_state *s, uint32_t np, uint32_t h, double *load)
{
    const int32_t *next = s->next_member;
    const float *pl = s->person_load;
    int32_t f = s->hh_first[h];
    uint32_t n = s->hh_members[h];
    float sum = 0;
    /* f >= 0 and f + 4 <= np in one comparison (a negative f becomes too large); the rows
     * at an unsigned index, which needs no sign extension */
    uint32_t uf = (uint32_t)f;
    if ((uint64_t)uf + 4 <= np) {
        const int32_t *nx = next + uf;
        const float *v = pl + uf;
        /* a household of one (the most common) before the table of the others */
        if (n == 1) {
            if (nx[0] == -1) {
                sum += v[0];
                *load += v[0];
                goto done;
            }
        } else {
            switch (n) {
            case 0:
                goto done;
            case 2:
                if (nx[0] != f + 1 || nx[1] != -1)
                    break;
                sum += v[0];
                *load += v[0];
                sum += v[1];
                *load += v[1];
                goto done;
            case 3:
                if (nx[0] != f + 1 || nx[1] != f + 2 || nx[2] != -1)
                    break;
                sum += v[0];
                *load += v[0];
                sum += v[1];
                *load += v[1];
                sum += v[2];
                *load += v[2];
                goto done;
            case 4:
                if (nx[0] != f + 1 || nx[1] != f + 2 || nx[2] != f + 3 || nx[3] != -1)
                    break;
                sum += v[0];
                *load += v[0];
                sum += v[1];
                *load += v[1];
                sum += v[2];
                *load += v[2];
                sum += v[3];
                *load += v[3];
                goto done;
            default:
                break;
            }
        }
    }
    for (int32_t m = f; m >= 0; m = next[m]) {
        sum += pl[m];
        *load += pl[m];
    }
done:
    s->hh_load[h] = sum;
}

/* Bit k: household k of the block of n (at most 64) has members, or a first member beyond
 * "lim" (where the fast read of hh_load_one does not apply); its load hl[k] is set to 0
 * (hh_load_one writes those of the flagged). Adds the block's members to "persons" and its
 * households with members to "households". Inlined into load_body (and so built for AVX2
 * with it), not called: a call stored the counts and the load summed so far to memory and
 * loaded the columns' pointers again for every block. */
static inline __attribute__((always_inline)) uint64_t block_flags(const uint8_t *restrict members,
                                                                  const int32_t *restrict first, int32_t lim,
                                                                  uint32_t n, float *restrict hl,
                                                                  uint32_t *restrict persons,
                                                                  uint32_t *restrict households)
{
    uint8_t fl[64];
    uint32_t p = 0, h = 0;
    for (uint32_t k = 0; k < n; k++) {
        fl[k] = (uint8_t)((members[k] != 0) | (first[k] > lim));
        hl[k] = 0;
        p += members[k];
        h += members[k] != 0;
    }
    *persons += p;
    *households += h;
    return mdl_bytes_mask(fl, n);
}

/* Accumulates [persons, sum of load, households with members] over the households of [b, e),
 * 64 at a time: a household without members whose first member is none or lies where the
 * fast read above applies (nearly half of them before a compaction) has load 0 and adds
 * nothing, as hh_load_one would find; a byte mask finds the others, which hh_load_one then
 * takes in order. */
MDL_VECTOR
static void load_body(sim_world *w, void *vctx, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    const pop_state *s = ((load_ctx *)vctx)->s;
    uint32_t np = ((load_ctx *)vctx)->np;
    const int32_t *first = s->hh_first;
    const uint8_t *members = s->hh_members;
    float *hl = s->hh_load;
    /* a first member f >= 0 takes the fast read when f + 4 <= np, that is f <= lim */
    const int32_t lim = np >= 4 ? (int32_t)(np - 4) : -1;
    double load = 0; /* summed here, person by person in household order */
    uint32_t persons = 0, households = 0;
    for (uint32_t h0 = b; h0 < e; h0 += 64) {
        uint32_t len = e - h0 < 64 ? e - h0 : 64;
        /* a constant 64 (nearly every block) makes the flags' loop one of fixed length and
         * folds the mask's test of the length */
        uint64_t mask = len == 64 ? block_flags(members + h0, first + h0, lim, 64, hl + h0, &persons, &households)
                                  : block_flags(members + h0, first + h0, lim, len, hl + h0, &persons, &households);
        for (; mask; mask &= mask - 1)
            hh_load_one(s, np, h0 + (uint32_t)__builtin_ctzll(mask), &load);
    }
    acc[0] += persons;
    acc[1] += load;
    acc[3] += households;
}

/* The new order of compact, worked out in parallel from per-chunk offsets ("off": the first
 * place in the new order of each chunk's rows). ORDER_COUNT: each chunk of households counts
 * its members (walking the chains) and checks that every member lives in the household, and
 * each chunk of persons counts those not placed; ORDER_FILL: they write their persons at
 * their offset, in chain order, then in index order. "acc": [chains that are not simple
 * lists of the household's own members, persons moved]. */
enum { ORDER_COUNT, ORDER_FILL };
typedef struct order_ctx {
    pop_state *s;
    uint32_t *perm, *off, np;
    uint8_t *placed;
    int mode;
} order_ctx;

static void chain_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    const order_ctx *c = vc;
    const pop_state *s = c->s;
    uint32_t k = c->mode == ORDER_FILL ? c->off[b / SIM_CHUNK] : 0, n = 0, moved = 0;
    for (uint32_t h = b; h < e; h++) {
        uint32_t len = 0;
        for (int32_t i = s->hh_first[h]; i >= 0; i = s->next_member[i]) {
            if ((uint32_t)i >= c->np || s->household[i] != (int32_t)h || ++len > c->np) {
                acc[0] += 1; /* a member counted twice, or not the household's: compact_serial */
                break;
            }
            n++;
            if (c->mode == ORDER_FILL) {
                c->placed[i] = 1;
                moved += (uint32_t)i != k;
                c->perm[k++] = (uint32_t)i;
            }
        }
    }
    if (c->mode == ORDER_COUNT)
        c->off[b / SIM_CHUNK] = n;
    acc[1] += moved;
}

static void unplaced_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w;
    const order_ctx *c = vc;
    uint32_t k = c->mode == ORDER_FILL ? c->off[b / SIM_CHUNK] : 0, n = 0, moved = 0;
    for (uint32_t i = b; i < e; i++) {
        if (c->placed[i])
            continue;
        n++;
        if (c->mode == ORDER_FILL) {
            moved += i != k;
            c->perm[k++] = i;
        }
    }
    if (c->mode == ORDER_COUNT)
        c->off[b / SIM_CHUNK] = n;
    acc[1] += moved;
}

/* The counts in "off" (one per chunk of "n" rows) become offsets from "base"; returns the
 * total with the base. */
static uint64_t chunk_offsets(uint32_t *off, uint32_t n, uint64_t base)
{
    for (uint32_t ch = 0; ch < (n + SIM_CHUNK - 1) / SIM_CHUNK; ch++) {
        uint32_t c = off[ch];
        off[ch] = (uint32_t)base;
        base += c;
    }
    return base;
}

/* The order as compact_order finds it, one person at a time, for chains that are not simple
 * lists of their household's members (each person is placed once, at its first place; a
 * link out of the table ends the chain). */
static uint32_t compact_serial(const pop_state *s, uint32_t np, uint32_t nh, uint32_t *perm, uint8_t *placed)
{
    uint32_t k = 0, moved = 0;
    memset(placed, 0, np);
    for (uint32_t h = 0; h < nh; h++)
        for (int32_t i = s->hh_first[h]; i >= 0 && (uint32_t)i < np && k < np && !placed[i]; i = s->next_member[i]) {
            placed[i] = 1;
            moved += (uint32_t)i != k;
            perm[k++] = (uint32_t)i;
        }
    for (uint32_t i = 0; i < np; i++)
        if (!placed[i]) {
            moved += i != k;
            perm[k++] = i;
        }
    return moved;
}

/* The new order of the persons ("perm": new index -> old): household by household, members
 * in chain order, then everyone else (the dead) in index order. Returns the number of
 * persons that move, or -1 when sim_for fails (its message). */
static int64_t compact_order(sim_world *w, pop_state *s, uint32_t *perm, uint8_t *placed, uint32_t *off)
{
    uint32_t np = sim_world_count(w, SIM_PERSON), nh = sim_world_count(w, SIM_HOUSEHOLD);
    order_ctx c = {s, perm, off, np, placed, ORDER_COUNT};
    double acc[2] = {0};
    if (sim_for(w, nh, chain_body, &c, acc, 2))
        return -1;
    if (acc[0] > 0)
        return compact_serial(s, np, nh, perm, placed);
    uint64_t k = chunk_offsets(off, nh, 0);
    c.mode = ORDER_FILL;
    if (sim_for_zero(w, placed, np, 1) || sim_for(w, nh, chain_body, &c, acc, 2))
        return -1;
    c.mode = ORDER_COUNT;
    if (sim_for(w, np, unplaced_body, &c, acc, 2))
        return -1;
    chunk_offsets(off, np, k);
    c.mode = ORDER_FILL;
    if (sim_for(w, np, unplaced_body, &c, acc, 2))
        return -1;
    return (int64_t)acc[1];
}

/* Store the persons household by household (members in chain order; the dead after them,
 * in their old order), so that the member walks of the models read memory in order again.
 * The tie table stays as it is: each person's ties stay one block from tie_first (moved with
 * the person), their from and to follow the persons. Reordering the ties too (a hundred
 * million at national scale, more than half the time of a compaction) bought little: a tie
 * is read to reach the person it leads to, anywhere in memory, and ties are read for few
 * persons a tick (without it the network phase took 2-4 % longer on the 2 M world after ten
 * years). Every step is a parallel pass. Returns 0 or a negative NABIJ_E* code. */
static int compact(sim_world *w, pop_state *s)
{
    uint32_t np = sim_world_count(w, SIM_PERSON), nh = sim_world_count(w, SIM_HOUSEHOLD);
    uint32_t most = np > nh ? np : nh;
    uint32_t *perm = sim_realloc(NULL, np + 1, sizeof *perm);
    uint32_t *off = sim_realloc(NULL, most / SIM_CHUNK + 1, sizeof *off);
    uint8_t *placed = sim_realloc(NULL, np + 1, 1);
    int rc = perm && off && placed ? 0 : NABIJ_ENOMEM;
    if (rc) /* a message, or the run would go on with this tick's population phase undone */
        sim_world_fail(w, "population: out of memory reordering %u persons", np);
    int64_t moved = rc ? 0 : compact_order(w, s, perm, placed, off);
    if (moved < 0)
        rc = NABIJ_ENOMEM;
    sim_free(placed);
    sim_free(off);
    if (!rc && moved)
        rc = sim_world_permute(w, SIM_PERSON, perm);
    sim_free(perm);
    return rc;
}

static void pop_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_population_params *p = vp;
    pop_state *s = vs;
    uint32_t tick = sim_tick(w);
    int compacting = p->compact_every_ticks > 0 && tick > 0 && tick % (uint32_t)p->compact_every_ticks == 0;
    if (compacting && compact(w, s))
        return; /* the error is in the world's message: the run stops */
    double acc[4] = {0};
    uint32_t np = sim_world_count(w, SIM_PERSON);
    load_ctx c = {s, np};
    /* the person loads as the last tick's outcomes phase left them, when it did, for these
     * persons, in this order (else, after a restore, a compaction or without outcomes, made here) */
    const mdl_loads_note *note = sim_world_note(w, MDL_NOTE_LOADS, sizeof *note);
    if (!note) {
        sim_world_fail(w, "population: out of memory");
        return;
    }
    if (!compacting && note->tick1 == tick + 1 && note->persons == np)
        acc[2] = note->multi;
    else
        sim_for(w, np, person_load_body, &c, acc + 2, 1);
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), load_body, &c, acc, 4);
    sim_ind_set(w, s->ind_persons, acc[0]);
    sim_ind_set(w, s->ind_households, acc[3]);
    sim_ind_set(w, s->ind_load, acc[0] > 0 ? acc[1] / acc[0] : 0);
    sim_ind_set(w, s->ind_multi, acc[0] > 0 ? acc[2] / acc[0] : 0);
}

const sim_model mdl_population = {
    "population", "Synthetic neighbourhood and per-household problem load.",
    &mdl_population_section, sizeof(pop_state), pop_init, pop_step};
