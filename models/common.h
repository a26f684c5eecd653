/* common.h: names shared by the models: life domains, income sources, housing states,
 * tie kinds, and the random-stream purposes of each model (one block of 256 per model, so
 * that no two mechanisms ever draw the same numbers). */
#ifndef MDL_COMMON_H
#define MDL_COMMON_H
#include "../sim/world.h"
#include <stdint.h>

enum mdl_domain {
    DOM_MONEY,     /* money and debts */
    DOM_WORK,      /* work and income */
    DOM_MENTAL,    /* mental health */
    DOM_PARENTING, /* parenting and youth behaviour */
    DOM_CARE,      /* care need (elderly, sick) */
    DOM_HOUSING,   /* housing */
    DOM_LVB,       /* light intellectual disability (licht verstandelijke beperking) */
    MDL_N_DOMAINS
};
/* Column names of the severities, persons.prob_<domain>, in enum order. */
extern const char *const mdl_domain_col[MDL_N_DOMAINS];
extern const char *const mdl_domain_label[MDL_N_DOMAINS];

enum mdl_income { INC_NONE, INC_WORK, INC_BIJSTAND, INC_AOW, INC_DISABILITY, INC_STUDENT,
                  INC_UNEMPLOYMENT };
#define MDL_INCOME_NAMES "none|work|bijstand|aow|disability|student|unemployment"

enum mdl_housing {
    HOUSE_OWN,         /* own or rented dwelling */
    HOUSE_SHELTERED,   /* beschermd wonen */
    HOUSE_INSTITUTION, /* residential care, GGZ clinic, detention */
    HOUSE_WITH_OTHERS, /* staying with family or friends */
    HOUSE_STREET       /* homeless */
};
#define MDL_HOUSING_NAMES "own|sheltered|institution|with_others|street"

enum mdl_tie_kind { TIE_FAMILY, TIE_FRIEND, TIE_NEIGHBOUR, TIE_MENTOR };

/* What the outcomes phase, when it is the last of a tick, leaves for the population phase of
 * the next tick (sim_world_note under MDL_NOTE_LOADS): it has written every person's
 * persons.person_problem_load from the severities as the tick ends, which nothing changes
 * before the next tick's population phase, and counted the multiproblem persons, both as
 * population works them out; so population need not read the seven severity columns again
 * (at national scale about 650 MB a tick). "tick1": the tick they are for plus one (0:
 * nothing left, as in a world just created or restored); "persons": the persons then. */
#define MDL_NOTE_LOADS "person loads"
/* A person with problems above this severity in three or more domains is a multiproblem
 * person (population's share_multiproblem; outcomes counts them for it). */
#define MDL_MULTI_SEVERITY 0.05f
typedef struct mdl_loads_note {
    uint32_t tick1, persons;
    double multi;
} mdl_loads_note;

/* What the problems phase leaves for the help-seeking phase right after it (sim_world_note
 * under MDL_NOTE_SEEK): a byte per person, "mark" (bits MDL_SEEK_*, all 0 below "lo"), from
 * the severities as problems leaves them, so that helpseek need not read the six severity
 * columns and the birth days of every person again. helpseek's step writes its thresholds
 * (as floats) for the next tick's problems phase: "lo", the lowest of them, "seek"
 * (seek_threshold) and "other" (other_threshold), and sets "armed"; problems' person pass
 * fills "mark" (a buffer of its own, never in a checkpoint) with them, stamps "tick1" (the
 * tick plus one), "persons" and "phase" (its sim_phase_index), and raises "top" (on the bits,
 * as floats from 0 order) to at least the largest worst severity of those who may mark a
 * household. helpseek uses the marks only when they are stamped for this tick, by the phase
 * right before its own, and for these persons, with its thresholds of now and "lo" above 0
 * (so that a person without problems has a mark of 0); else it reads the columns. */
#define MDL_NOTE_SEEK "seek marks"
enum {
    MDL_SEEK_LO = 1,    /* the worst severity outside LVB reaches "lo" (the others need it) */
    MDL_SEEK_SEEK = 2,  /* it reaches "seek" */
    MDL_SEEK_OTHER = 4, /* the larger of mental and parenting reaches "other" */
    MDL_SEEK_YOUTH = 8  /* a youth (under 18) */
};
typedef struct mdl_seek_note {
    float lo, seek, other;
    uint32_t armed;
    uint32_t tick1, persons;
    int32_t phase;
    float top;
    uint8_t *mark;
} mdl_seek_note;

/* Random-stream purposes: model k uses MDL_PURPOSE(k, i), i < 256. */
#define MDL_PURPOSE(model, i) ((uint32_t)(model) << 8 | (uint32_t)(i))
enum mdl_model_no {
    MNO_POPULATION = 1,
    MNO_LETTERS,
    MNO_BENEFITS,
    MNO_HOUSEHOLDS,
    MNO_PROBLEMS,
    MNO_NETWORK,
    MNO_HELPSEEK,
    MNO_TEAM,
    MNO_GP,
    MNO_SPECIALIST,
    MNO_OUTCOMES,
    MNO_BACKOFFICE,
    MNO_SANCTIONS,
};

/* Household membership. Members of household h form a chain through the person column
 * "next_member": the first is households.first_member[h] (the head), then
 * persons.next_member[i] until -1. persons.household[i] is -1 for someone who died.
 * households.members[h] is the length of the chain (0: the household has dissolved).
 * Iterate as: for (int32_t i = first[h]; i >= 0; i = next[i]) ...
 * Only the serial parts of a phase may change membership (models/members.h). */

/* Bit "d" of persons.treated_domains: domain d is being treated or helped this tick. */
#define MDL_TREATED(mask, d) (((mask) >> (d)) & 1u)

/* Person "i" loses the job (households.c's job loss, letters.c's detention): unemployment
 * benefit from now ("unemployed": persons.unemployed_ticks, NULL without the households
 * model), and a work problem of at least 0.3 ("work": persons.prob_work). */
static inline void mdl_job_lost(uint8_t *income, int16_t *unemployed, float *work, int32_t i)
{
    income[i] = INC_UNEMPLOYMENT;
    if (unemployed)
        unemployed[i] = 0;
    if (work[i] < 0.3f)
        work[i] = 0.3f;
}

/* Age in whole years on "day" of someone born on "birth_day" (days since 1970). */
static inline int mdl_age_years(int32_t birth_day, int32_t day)
{
    return (int)((day - birth_day) / 365.2425);
}
#endif
