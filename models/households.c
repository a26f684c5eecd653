/* households.c: life events. A parallel pass over households draws, for each member, at
 * most one event per tick from its hazards (one uniform draw per person) and applies those
 * that touch only the person (job loss and finding, retirement, coming of age, the end of
 * study or of unemployment benefit, applying for bijstand and its four-week wait under 27).
 * Events that change membership (births, deaths, leaving home, partnering, separation,
 * finding a dwelling) are then carried out serially in person order (models/members.h). */
#include "households.h"
#include "../sim/nabij.h"
#include "common.h"
#include "letters.h"
#include "members.h"
#include "population.h"
#include "quick.h"
#include "rules.h"
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

#define S mdl_households_params
#define P(f, lo, hi, d, u, src, doc) SCN_P_REAL(S, f, lo, hi, d, u, src, doc)
static const scn_param params[] = {
    P(p_birth_per_year, 0, 1, 0.09, "probability per year",
      "CBS: about 1.6 children per woman, born mostly between 25 and 40; assumption per couple-year",
      "Yearly probability of a birth in a couple whose head is of childbearing age."),
    SCN_P_INT(S, birth_age_min, 15, 60, 20, "years", "assumption", "Youngest head age for births."),
    SCN_P_INT(S, birth_age_max, 15, 60, 42, "years", "assumption", "Oldest head age for births."),
    P(mortality_a, -20, 0, -10.8, "log per year",
      "CBS life tables (about 2015), Gompertz fit: q(40) 0.1 %, q(60) 0.7 %, q(80) 5 %",
      "Intercept of the Gompertz mortality ln q = a + b * age."),
    P(mortality_b, 0, 0.5, 0.0975, "log per year of age", "CBS life tables, Gompertz fit",
      "Slope of the Gompertz mortality."),
    P(mortality_scale, 0, 10, 1, "multiplier", "assumption: 1 reproduces the life table",
      "Multiplier on mortality (0 switches deaths off, e.g. in tests)."),
    SCN_P_DATED(S, aow_age, 60, 75,
                "2015-01-01=65.25,2016-01-01=65.5,2017-01-01=65.75,2018-01-01=66,2019-01-01=66.33,"
                "2022-01-01=66.58,2024-01-01=66.83,2025-01-01=67",
                "years", "Algemene Ouderdomswet art. 7a: the AOW age by year (SVB)",
                "Age from which persons receive the state pension (AOW)."),
    P(p_student_at_18, 0, 1, 0.5, "probability", "CBS: about half of 18-year-olds in higher or vocational education with study finance",
      "Probability that an 18-year-old starts studying with study finance."),
    P(p_work_at_18, 0, 1, 0.75, "probability", "assumption: most non-students find (part-time) work",
      "Probability that an 18-year-old who does not study works."),
    SCN_P_INT(S, study_end_age, 18, 40, 23, "years", "assumption: study finance ends in the early twenties",
              "Age at which study finance ends."),
    P(p_work_after_study, 0, 1, 0.85, "probability", "CBS: most graduates find work within a year",
      "Probability of work when study ends."),
    P(p_job_loss_per_year, 0, 1, 0.02, "probability per year",
      "assumption: CBS flows from work into unemployment, 2-3 % of employees a year",
      "Yearly probability that a worker loses the job (raised by work, mental and LVB problems)."),
    P(unemployment_weeks_mean, 1, 520, 52, "weeks",
      "Werkloosheidswet art. 42: 3 to 24 months by work history (38 before 2016); assumption on the mean",
      "Mean duration of unemployment benefit (WW) before applying for bijstand."),
    P(p_job_find_unemployed_per_year, 0, 5, 0.9, "hazard per year",
      "assumption: most WW recipients work again within a year (UWV)",
      "Yearly hazard of finding work while on unemployment benefit (lowered by problems)."),
    P(p_job_find_bijstand_per_year, 0, 5, 0.2, "hazard per year",
      "CBS: about 10-15 % of bijstand recipients leave for work each year",
      "Yearly hazard of finding work while on bijstand (lowered by problems)."),
    P(p_job_find_none_per_year, 0, 5, 0.05, "hazard per year", "assumption: partners without income re-enter work slowly",
      "Yearly hazard of finding work for adults without income."),
    P(p_apply_per_week, 0, 1, 0.15, "probability per week",
      "assumption: non-take-up of bijstand about 20-30 % (CPB); applying online is hard without digital skills (seed 003)",
      "Weekly probability that an eligible person applies for bijstand (lower with reluctance and low digital skills)."),
    SCN_P_INT(S, wait_age_limit, 18, 99, 27, "years", "Participatiewet art. 41(4): applicants under 27 wait four weeks",
              "Age under which applicants wait before assistance starts."),
    P(wait_weeks, 0, 52, 4, "weeks", "Participatiewet art. 41(4): four weeks",
      "Search period of young applicants before assistance starts."),
    P(wait_money_stress, 0, 1, 0.03, "severity per week", "assumption: weeks without any income add to money problems",
      "Rise of the applicant's money-problem severity per week of waiting."),
    P(p_leave_home_per_year, 0, 1, 0.12, "probability per year",
      "CBS: median age of leaving home about 23; assumption net of the housing shortage",
      "Yearly probability that an adult child (18-35) leaves home to a dwelling of their own."),
    P(p_partner_per_year, 0, 1, 0.04, "probability per year", "assumption: CBS household transitions",
      "Yearly probability that a person living alone (21-65) moves in with a partner."),
    P(p_separation_per_year, 0, 1, 0.015, "probability per year", "CBS: about 1.5 % of couples separate each year",
      "Yearly probability that a couple separates."),
    P(p_dwelling_after_separation, 0, 1, 0.5, "probability", "assumption: shortage of social housing",
      "Probability that the partner who leaves has a dwelling at once (else stays with others or on the street)."),
    P(p_dwelling_per_year, 0, 5, 0.5, "hazard per year",
      "assumption: urgency declarations and waiting lists for social housing (seed 000, Helena)",
      "Yearly hazard that a household on the street or with others finds a dwelling."),
};
#undef P
const scn_section mdl_households_section =
    SCN_SECTION("households", "Life events: births, deaths, moves, partners, jobs, applying for bijstand.",
                mdl_households_params, params);

/* PUR_PERSON: the top byte of one word per adult (groups of sixteen persons);
 * PUR_HOUSEHOLD: the top byte of one word per household (births, dwellings); PUR_LIFE: the
 * household's stream for the rest of those words and for rarer draws. */
enum { PUR_LIFE = 0, PUR_SERIAL = 1, PUR_PERSON = 2, PUR_HOUSEHOLD = 3 };
enum { LE_NONE, LE_DEATH, LE_LEAVE, LE_SEPARATE, LE_PARTNER, LE_BIRTH, LE_DWELLING };

#define HH_MORT_LO 256 /* mortality table: days of age in the low part */
#define HH_MORT_HI 256 /* high parts: ages up to 65,536 days (179 years) */

typedef struct hh_state {
    mdl_members m;
    uint8_t *income, *literacy_low, *digital_low, *student;
    float *wage, *trust, *reluctance, *vuln, *prob[MDL_N_DOMAINS];
    uint8_t *event, *claim;
    int16_t *wait, *unemployed;
    int i_births, i_deaths, i_leave, i_partner, i_sep, i_dwelling, i_job_lost, i_job_found,
        i_applied, i_started, i_waiting, i_skipped;
    int e_birth, e_death, e_leave, e_partner, e_sep, e_dwelling, e_job_lost, e_job_found,
        e_ww_end, e_applied, e_started, e_retired;
    /* the Gompertz hazard per tick at "n" days of age: mort_hi[n / 256] * mort_lo[n % 256],
     * for the parameters and the tick's length in mort_of (mortality_tables) */
    double mort_hi[HH_MORT_HI], mort_lo[HH_MORT_LO], mort_of[4];
    int mort_set;
} hh_state;

static int hh_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    hh_state *s = vs;
    int rc = mdl_members_bind(w, &s->m);
    if (rc)
        return rc;
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->literacy_low = sim_col(w, SIM_PERSON, "literacy_low");
    s->digital_low = sim_col(w, SIM_PERSON, "digital_low");
    s->student = sim_col(w, SIM_PERSON, "student_finance");
    s->wage = sim_col(w, SIM_PERSON, "wage_eur_per_month");
    s->trust = sim_col(w, SIM_PERSON, "trust");
    s->reluctance = sim_col(w, SIM_PERSON, "reluctance");
    s->vuln = sim_col(w, SIM_PERSON, "vulnerability");
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        s->prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
#define COL(var, name, t, unit, doc) \
    if (!(s->var = sim_col_add(w, SIM_PERSON, name, t, 0, unit, doc))) return NABIJ_ENOMEM
    COL(event, "life_event", SIM_U8, "0 none|1 death|2 leave home|3 separate|4 partner|5 birth|6 dwelling",
        "Life event drawn this tick (carried out in the serial part of the phase).");
    COL(claim, "bijstand_claim", SIM_U8, "0 none|1 eligible, not applied|2 applied, waiting",
        "Where the person stands in applying for bijstand.");
    COL(wait, "bijstand_wait_ticks", SIM_I16, "ticks", "Ticks until assistance starts (art. 41(4) wait).");
    COL(unemployed, "unemployed_ticks", SIM_I16, "ticks", "Ticks on unemployment benefit.");
#undef COL
    s->i_births = sim_ind_add(w, "births", "persons per tick", "Children born.");
    s->i_deaths = sim_ind_add(w, "deaths", "persons per tick", "Persons who died.");
    s->i_leave = sim_ind_add(w, "left_home", "persons per tick", "Adult children who left home.");
    s->i_partner = sim_ind_add(w, "partnerships", "couples per tick", "Persons living alone who moved in together.");
    s->i_sep = sim_ind_add(w, "separations", "couples per tick", "Couples who separated.");
    s->i_dwelling = sim_ind_add(w, "dwellings_found", "households per tick",
                                "Households on the street or with others who found a dwelling.");
    s->i_job_lost = sim_ind_add(w, "jobs_lost", "persons per tick", "Workers who lost their job.");
    s->i_job_found = sim_ind_add(w, "jobs_found", "persons per tick", "Persons who found work.");
    s->i_applied = sim_ind_add(w, "bijstand_applications", "persons per tick", "Applications for bijstand.");
    s->i_started = sim_ind_add(w, "bijstand_starts", "persons per tick", "Persons whose bijstand started.");
    s->i_waiting = sim_ind_add(w, "bijstand_waiting", "persons", "Applicants in the art. 41(4) four-week wait.");
    s->i_skipped = sim_ind_add(w, "life_events_skipped", "events per tick",
                               "Births and moves skipped because the entity tables were full (raise population.headroom).");
    s->e_birth = sim_event_kind_add(w, "birth", "A child was born in the household.", NULL);
    s->e_death = sim_event_kind_add(w, "death", "{person} died.", NULL);
    s->e_leave = sim_event_kind_add(w, "left_home", "{person} left home to a dwelling of their own (household {cp}).", NULL);
    s->e_partner = sim_event_kind_add(w, "moved_in_together", "{person} moved in with a partner (household {cp}).", NULL);
    s->e_sep = sim_event_kind_add(w, "separated", "{person} separated and moved out (household {cp}).", NULL);
    s->e_dwelling = sim_event_kind_add(w, "dwelling_found", "The household found a dwelling of its own.", NULL);
    s->e_job_lost = sim_event_kind_add(w, "job_lost", "{person} lost their job.", NULL);
    s->e_job_found = sim_event_kind_add(w, "job_found", "{person} found work at {amount} a month.", NULL);
    s->e_ww_end = sim_event_kind_add(w, "unemployment_benefit_ended", "{person}'s unemployment benefit ran out.", NULL);
    s->e_applied = sim_event_kind_add(w, "bijstand_applied", "{person} applied for bijstand; payment starts in {amount} weeks.", NULL);
    s->e_started = sim_event_kind_add(w, "bijstand_started", "{person}'s bijstand started.", NULL);
    s->e_retired = sim_event_kind_add(w, "retired", "{person} reached the AOW age.", NULL);
    return s->e_retired < 0 ? s->e_retired : 0;
}

/* years: below it, one byte settles most persons' tick (person_step). Every person at or
 * above it steps and has the hazards worked out (about 1 % of the living late in a run were
 * 90 or older, a third of those who stepped); below it, the bound of the byte grows with the
 * death hazard at this age (with the default parameters, 4/256 instead of 3/256 at 90). Both
 * ways every person's draws and events are the same: the test only spares the work. */
#define FAST_AGE 100
/* years: below it, a person's death hazard is so much lower than at FAST_AGE that quiet_body
 * tests the byte against a lower threshold (t_young: 2/256 instead of 4/256 with the default
 * parameters), so that fewer of them step for nothing */
#define YOUNG_AGE 70

typedef struct hh_ctx {
    hh_state *s;
    const mdl_households_params *p;
    const mdl_population_params *pop;
    double aow_age, years, weeks;
    int wait_ticks;
    int32_t day;
    /* birth-day cut-offs of this tick (quick.h): "birth <= cut" is "at least that old" */
    int32_t cut_aow, cut_18, cut_18_before, cut_study_end, cut_21, cut_36, cut_66, cut_wait,
        cut_birth_min, cut_birth_max1;
    /* upper bounds of the hazards other than death: by income source, of applying, and of
     * the household events (leaving home, separation, partnering) */
    double bound_inc[8], bound_apply, bound_family;
    /* persons born after cut_fast (younger than FAST_AGE) whose byte is at least
     * t_fast[income][claim == 1] draw no event: the byte alone puts the word above the bound */
    int32_t cut_fast;
    uint32_t t_fast[8][2], t_birth;
    const double *mort_hi, *mort_lo; /* hh_state's */
    uint8_t *quiet; /* per person: quiet_body's verdict of this tick */
    uint8_t *busy;  /* per household: a member must step (quiet_body) */
    uint8_t *marks; /* per group of persons (quick.h): a member has an event for serial_events */
    uint8_t *byte;  /* per person: the top byte of the person's word this tick (quiet_body) */
    uint32_t t_other; /* the largest t_fast[k][0] over the incomes but unemployment */
    int32_t cut_young; /* the birth day of YOUNG_AGE: those born after it take t_young */
    uint32_t t_young;  /* t_other for those younger than YOUNG_AGE */
} hh_ctx;

enum { H_LOST, H_FOUND, H_APPLIED, H_STARTED, H_WAITING, H_N };

/* 1 if the person's partner has an income of their own, so the unit is not eligible. */
static int partner_earns(const hh_state *s, int32_t i)
{
    int32_t pt = s->m.partner[i];
    if (pt < 0)
        return 0;
    uint8_t x = s->income[pt];
    return x == INC_WORK || x == INC_AOW || x == INC_DISABILITY || x == INC_UNEMPLOYMENT;
}

/* The person has no income of their own now: eligible for bijstand unless the partner
 * earns; "claim" 1 means the person may apply from now on. */
static void lose_income(hh_state *s, int32_t i)
{
    s->income[i] = INC_NONE;
    s->student[i] = 0;
    s->claim[i] = partner_earns(s, i) ? 0 : 1;
}

/* Person "i" has an income of their own now: the couple is means-tested together, so the
 * partner's bijstand or claim ends. */
static void means_test_partner(hh_state *s, int32_t i)
{
    int32_t pt = s->m.partner[i];
    if (pt >= 0 && (s->income[pt] == INC_BIJSTAND || s->claim[pt])) {
        s->income[pt] = INC_NONE;
        s->claim[pt] = 0;
        s->wait[pt] = 0;
    }
}

static void start_work(const hh_ctx *c, sim_world *w, int32_t h, int32_t i, sim_rng_stream *r,
                       double *acc)
{
    hh_state *s = c->s;
    s->income[i] = INC_WORK;
    s->student[i] = 0;
    s->claim[i] = 0;
    s->wait[i] = 0;
    s->unemployed[i] = 0;
    s->wage[i] = (float)(c->pop->wage_median_eur_per_month * 0.8 *
                         exp(c->pop->wage_sigma * gsl_ran_ugaussian(&r->gsl)));
    s->prob[DOM_WORK][i] *= 0.3f;
    means_test_partner(s, i);
    acc[H_FOUND] += 1;
    sim_emit(w, s->e_job_found, h, i, -1, s->wage[i]);
}

/* Apply for bijstand: under the age limit the payment waits (art. 41(4)); the partner
 * without income joins the claim. */
static void start_bijstand(const hh_ctx *c, sim_world *w, int32_t h, int32_t i, double *acc)
{
    hh_state *s = c->s;
    s->claim[i] = 0;
    s->wait[i] = 0;
    s->income[i] = INC_BIJSTAND;
    int32_t pt = s->m.partner[i];
    if (pt >= 0 && (s->income[pt] == INC_NONE || s->income[pt] == INC_STUDENT)) {
        s->income[pt] = INC_BIJSTAND;
        s->student[pt] = 0;
        s->claim[pt] = 0;
    }
    acc[H_STARTED] += 1;
    sim_emit(w, s->e_started, h, i, -1, 0);
}

/* Apply for bijstand: under the age limit the payment waits (art. 41(4)); from that age it
 * starts at once (a later decision is paid back to the application date). */
static void apply_bijstand(const hh_ctx *c, sim_world *w, int32_t h, int32_t i, int young, double *acc)
{
    hh_state *s = c->s;
    s->claim[i] = 2;
    s->wait[i] = (int16_t)(young ? c->wait_ticks : 0);
    acc[H_APPLIED] += 1;
    sim_emit(w, s->e_applied, h, i, -1, s->wait[i] * c->weeks);
    if (s->wait[i] == 0)
        start_bijstand(c, w, h, i, acc);
}

/* Gompertz hazard of death in this tick at "n" days of age. */
static double death_hazard(const hh_ctx *c, int32_t n)
{
    if (n < 0)
        n = 0;
    if (n >= HH_MORT_LO * HH_MORT_HI) {
        const mdl_households_params *p = c->p;
        return p->mortality_scale * exp(p->mortality_a + p->mortality_b * (n / 365.2425)) * c->years;
    }
    return c->mort_hi[n / HH_MORT_LO] * c->mort_lo[n % HH_MORT_LO];
}

/* The whole uniform word with top byte "t", as mdl_byte_word(t, mdl_lazy_get(w, hr)): while
 * the household's stream "hr" is within its first four words they come from its first block
 * (mdl_lazy_u32) and the stream is not opened (a set-up and a refill saved). The chances of
 * person_step and life_body draw their words so too (mdl_word_chance on mdl_lazy_u32 is
 * sim_rng_chance on the opened stream); it is opened past those four, or for a new wage. */
static inline uint32_t lazy_byte_word(const sim_world *w, uint32_t t, mdl_lazy *hr)
{
    return t << 24 | mdl_lazy_u32(w, hr) >> 8;
}

/* The smallest byte "t" (0..256, 256: none) whose words are all at least "bound" x 2^32, with
 * a margin for rounding in the sums of hazards. */
static uint32_t byte_threshold(double bound)
{
    double t = ceil(bound * 256 * (1 + 1e-9));
    return t > 256 ? 256 : (uint32_t)t;
}

/* Person "i" has event "ev" (LE_*), carried out by serial_events. */
static inline void set_event(const hh_ctx *c, int32_t i, uint8_t ev)
{
    c->s->event[i] = ev;
    mdl_group_mark(c->marks, (uint32_t)i);
}

/* One person's tick. Adults draw one uniform word against the summed hazards: its top byte
 * as quiet_body kept it (mdl_bytes: a block for sixteen persons), the rest, only when the
 * byte does not settle it, from the household's own stream "hr", which also gives the rarer
 * draws (coming of age, end of study, a new wage), its words from its first block and opened
 * only when they run out or a new wage needs it (lazy_byte_word). Inlined
 * into life_body, its one caller: most persons who step return at the first tests, and the
 * call's saved registers and reloaded pointers cost more than those tests. */
static inline __attribute__((always_inline)) void person_step(const hh_ctx *c, sim_world *w, int32_t h, int32_t i,
                                                              mdl_lazy *hr, double *acc)
{
    hh_state *s = c->s;
    const mdl_households_params *p = c->p;
    int32_t bd = s->m.birth_day[i];
    if (bd > c->cut_18)
        return; /* under 18: nothing happens (income, claims and study finance start at 18) */
    uint8_t inc = s->income[i];
    /* deterministic transitions by age */
    if (bd <= c->cut_aow && inc != INC_AOW) {
        s->income[i] = INC_AOW;
        s->claim[i] = 0;
        s->wait[i] = 0;
        means_test_partner(s, i); /* AOW is an income of one's own (before, the partner's bijstand went on) */
        sim_emit(w, s->e_retired, h, i, -1, 0);
        return;
    }
    if (bd <= c->cut_18 && bd > c->cut_18_before) {
        if (mdl_word_chance(mdl_lazy_u32(w, hr), p->p_student_at_18)) {
            s->income[i] = INC_STUDENT;
            s->student[i] = 1;
        } else if (mdl_word_chance(mdl_lazy_u32(w, hr), p->p_work_at_18)) {
            start_work(c, w, h, i, mdl_lazy_get(w, hr), acc);
        } else {
            lose_income(s, i);
        }
        return;
    }
    if (inc == INC_STUDENT && bd <= c->cut_study_end) {
        if (mdl_word_chance(mdl_lazy_u32(w, hr), p->p_work_after_study))
            start_work(c, w, h, i, mdl_lazy_get(w, hr), acc);
        else
            lose_income(s, i);
        return;
    }
    /* the application and its wait */
    if (s->claim[i] == 2) {
        if (s->wait[i] > 0) {
            s->wait[i]--;
            acc[H_WAITING] += 1;
            s->prob[DOM_MONEY][i] = fminf(1.0f, s->prob[DOM_MONEY][i] + (float)(p->wait_money_stress * c->weeks));
        }
        if (s->wait[i] == 0)
            start_bijstand(c, w, h, i, acc);
        return;
    }
    /* hazards of this tick, one word chooses at most one event; most words are above a
     * bound of the summed hazards, and then the hazards need not be worked out */
    uint32_t t = c->byte[i];
    if (bd > c->cut_fast && t >= c->t_fast[inc < 8 ? inc : 7][s->claim[i] == 1]) {
        if (inc == INC_UNEMPLOYMENT && s->unemployed[i] < INT16_MAX)
            s->unemployed[i]++;
        return;
    }
    double death = death_hazard(c, c->day - bd);
    double bound = death + c->bound_inc[inc < 8 ? inc : 7] + (s->claim[i] == 1 ? c->bound_apply : 0) + c->bound_family;
    double u = mdl_byte_above(t, bound) ? 1.0 : lazy_byte_word(w, t, hr) * (1.0 / 4294967296.0);
    if (u >= bound) {
        if (inc == INC_UNEMPLOYMENT && s->unemployed[i] < INT16_MAX)
            s->unemployed[i]++;
        return;
    }
    double y = c->years;
    enum { Z_DEATH, Z_LOSS, Z_FIND, Z_WWEND, Z_APPLY, Z_LEAVE, Z_SEP, Z_PARTNER, Z_N };
    double hz[Z_N] = {0};
    hz[Z_DEATH] = death;
    double find = inc == INC_UNEMPLOYMENT ? p->p_job_find_unemployed_per_year
                  : inc == INC_BIJSTAND   ? p->p_job_find_bijstand_per_year
                  : inc == INC_NONE       ? p->p_job_find_none_per_year
                                          : 0;
    if (inc == INC_WORK || (find > 0 && s->m.permit[i])) {
        float work_pb = fmaxf(s->prob[DOM_WORK][i], fmaxf(s->prob[DOM_MENTAL][i], 0.5f * s->prob[DOM_LVB][i]));
        if (inc == INC_WORK)
            hz[Z_LOSS] = p->p_job_loss_per_year * (1 + 2 * work_pb) * y;
        if (s->m.permit[i])
            hz[Z_FIND] = find * (1 - work_pb) * y;
    }
    if (inc == INC_UNEMPLOYMENT)
        hz[Z_WWEND] = c->weeks / p->unemployment_weeks_mean;
    if (s->claim[i] == 1 && s->m.permit[i])
        hz[Z_APPLY] = p->p_apply_per_week * c->weeks * (1 - 0.5 * s->reluctance[i]) *
                      (s->digital_low[i] ? 0.6 : 1.0);
    int32_t head = s->m.first[h], pt = s->m.partner[i];
    if (i != head && pt < 0 && bd > c->cut_36 && s->m.housing[h] == HOUSE_OWN)
        hz[Z_LEAVE] = p->p_leave_home_per_year * y;
    if (i == head && pt >= 0)
        hz[Z_SEP] = p->p_separation_per_year * y;
    if (s->m.count[h] == 1 && bd <= c->cut_21 && bd > c->cut_66 && s->m.housing[h] == HOUSE_OWN &&
        s->m.host[h] < 0 && s->m.guest[h] < 0)
        hz[Z_PARTNER] = p->p_partner_per_year * y;
    double cum = 0;
    int ev = -1;
    for (int k = 0; k < Z_N; k++) {
        cum += hz[k];
        if (u < cum) {
            ev = k;
            break;
        }
    }
    switch (ev) {
    case Z_DEATH: set_event(c, i, LE_DEATH); break;
    case Z_LOSS:
        mdl_job_lost(s->income, s->unemployed, s->prob[DOM_WORK], i);
        acc[H_LOST] += 1;
        sim_emit(w, s->e_job_lost, h, i, -1, 0);
        break;
    case Z_FIND: start_work(c, w, h, i, mdl_lazy_get(w, hr), acc); break;
    case Z_WWEND:
        lose_income(s, i);
        sim_emit(w, s->e_ww_end, h, i, -1, 0);
        break;
    case Z_APPLY: apply_bijstand(c, w, h, i, bd > c->cut_wait, acc); break;
    case Z_LEAVE: set_event(c, i, LE_LEAVE); break;
    case Z_SEP: set_event(c, i, LE_SEPARATE); break;
    case Z_PARTNER: set_event(c, i, LE_PARTNER); break;
    default: break;
    }
    if (inc == INC_UNEMPLOYMENT && s->unemployed[i] < INT16_MAX)
        s->unemployed[i]++;
}

/* 1 with probability "p" from the household's word: its top byte from "q", the rest from
 * its stream "hr" when the byte does not settle it (as mdl_word_chance on the whole word). */
static int byte_chance(const sim_world *w, mdl_bytes *q, uint32_t h, mdl_lazy *hr, double p)
{
    uint32_t t = mdl_bytes_get(w, q, h);
    return !mdl_byte_above(t, p) && mdl_word_chance(lazy_byte_word(w, t, hr), p);
}

/* A byte threshold "t" of quiet_body (0..256, 256: never met) less 1, so that a byte meets it
 * if it is above: 256 becomes 255 (never above), and 0 is held to 1 (a byte of 0 then steps,
 * which only costs the step). */
static inline uint8_t threshold_less_1(uint32_t t)
{
    return (uint8_t)(t < 1 ? 0 : t > 256 ? 255 : t - 1);
}

/* Per person, in parallel and in index order, before the walk over the households: quiet[i]
 * is 1 when person_step would do nothing (a child, or an adult with no transition due whose
 * byte puts the word above every hazard; also for the dead, members of no household, whose
 * verdict is never read), 2 when it would only count another week of
 * unemployment, which is done here, and 0 when the person must step (its household is then
 * marked busy). Worked out from the state at the start of the phase: it holds for a person
 * only as long as no member before them in the household has stepped (life_body). The
 * threshold of the byte is, without a claim, that of unemployment for the unemployed and
 * the largest of the other incomes' for the others (t_other, or t_young below YOUNG_AGE), and
 * 256 (never quiet) with one: vector selects instead of a table per person, and only
 * claimants (who apply within weeks) and a few whose byte lies just under the threshold step
 * more often than needed. */
#define HH_QUIET_BLOCK 64u
#define HH_AGE_SPAN 32000 /* days after cut_fast that quiet_body tells apart */
MDL_VECTOR
static void quiet_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)acc;
    const hh_ctx *c = vc;
    const hh_state *s = c->s;
    mdl_bytes q;
    mdl_bytes_init(&q, MDL_PURPOSE(MNO_HOUSEHOLDS, PUR_PERSON));
    const int32_t cut_aow = c->cut_aow, cut_18 = c->cut_18, cut_18_before = c->cut_18_before,
                  cut_study_end = c->cut_study_end, cut_fast = c->cut_fast;
    /* the byte thresholds less 1 (threshold_less_1): of unemployment, of the others, and how
     * much lower the others' is below YOUNG_AGE (t_young is at most t_other) */
    const uint8_t tu = threshold_less_1(c->t_fast[INC_UNEMPLOYMENT][0]), to = threshold_less_1(c->t_other),
                  dy = (uint8_t)(to - threshold_less_1(c->t_young));
    /* the cuts as days after cut_fast: all in [0, HH_AGE_SPAN), as the AOW age, the end of
     * study and 18 are below FAST_AGE (their parameters' ranges), and FAST_AGE - 18 years are
     * fewer days */
    _Static_assert((FAST_AGE - 18) * 366 < HH_AGE_SPAN, "the ages of the quiet test fit in 16 bits");
    _Static_assert(HH_AGE_SPAN < INT16_MAX, "the dead's INT16_MAX lies above every cut");
    _Static_assert(18 <= YOUNG_AGE && YOUNG_AGE < FAST_AGE, "YOUNG_AGE's cut lies in the span too");
    const int16_t r_aow = (int16_t)(cut_aow - cut_fast), r_18 = (int16_t)(cut_18 - cut_fast),
                  r_18_before = (int16_t)(cut_18_before - cut_fast), r_study_end = (int16_t)(cut_study_end - cut_fast),
                  r_young = (int16_t)(c->cut_young - cut_fast);
    int16_t born[HH_QUIET_BLOCK]; /* birth days as days after cut_fast */
    uint8_t out[HH_QUIET_BLOCK], other[HH_QUIET_BLOCK]; /* the verdicts; 1 for one other than 1 */
    for (uint32_t base = b; base < e; base += HH_QUIET_BLOCK) {
        uint32_t n = e - base < HH_QUIET_BLOCK ? e - base : HH_QUIET_BLOCK;
        /* the persons' bytes, kept for person_step: a whole block lies in one batch of
         * mdl_bytes, whose blocks hold the bytes of its persons in their order */
        uint8_t *restrict t = c->byte + base;
        if (n == HH_QUIET_BLOCK && base % HH_QUIET_BLOCK == 0) {
            (void)mdl_bytes_get(w, &q, base);
            memcpy(t, (const uint8_t *)q.block + base % MDL_BYTES_SPAN, HH_QUIET_BLOCK);
        } else {
            for (uint32_t k = 0; k < n; k++)
                t[k] = (uint8_t)mdl_bytes_get(w, &q, base + k);
            memset(other + n, 0, HH_QUIET_BLOCK - n);
        }
        const int32_t *restrict bd = s->m.birth_day + base, *restrict hh = s->m.household + base;
        const uint8_t *restrict inc = s->income + base, *restrict claim = s->claim + base;
        int16_t *restrict unemp = s->unemployed + base;
        /* without branches (& instead of &&), in vectorised loops: the birth day and the
         * household (32 bits) narrowed once to 16 bits (the birth day as days after cut_fast,
         * held to [-1, HH_AGE_SPAN]: every test against a cut gives the same; INT16_MAX for
         * the dead, older than every cut), then the tests on it as bytes 0/1 and the rest in
         * bytes (no byte shifts: SSE2 has none) */
        for (uint32_t k = 0; k < n; k++) {
            int32_t d = bd[k] < cut_fast - 1 ? cut_fast - 1 : bd[k];
            d = d > cut_fast + HH_AGE_SPAN ? cut_fast + HH_AGE_SPAN : d;
            born[k] = (int16_t)(hh[k] >= 0 ? d - cut_fast : INT16_MAX);
        }
        /* the tests on the days and the verdict in one loop, whose flags stay in registers
         * (before, a loop of their own stored four arrays of flags that the next loaded) */
        for (uint32_t k = 0; k < n; k++) {
            int16_t d = born[k];
            uint8_t f_aow = (uint8_t)(d > r_aow);
            /* 18 already before this tick, and younger than FAST_AGE: one flag, as both count
             * only together */
            uint8_t f_span = (uint8_t)((d <= r_18_before) & (d > 0));
            uint8_t f_study = (uint8_t)(d > r_study_end);
            /* nothing to do: a child, or dead (its verdict is not read: it is no member) */
            uint8_t f_done = (uint8_t)(d > r_18);
            uint8_t in = inc[k], tk = t[k];
            uint8_t is_un = (uint8_t)(in == INC_UNEMPLOYMENT);
            uint8_t young = (uint8_t)(d > r_young); /* younger than YOUNG_AGE */
            /* the person's threshold less 1 by masks (0 - flag: all ones for 1) */
            uint8_t thr = (uint8_t)(to - ((uint8_t)-young & dy));
            thr = (uint8_t)(((uint8_t)-is_un & tu) | ((uint8_t)(is_un - 1) & thr));
            uint8_t t_ok = (uint8_t)(tk > thr);
            uint8_t adult_quiet = (uint8_t)((f_aow | (in == INC_AOW)) & f_span & ((in != INC_STUDENT) | f_study) &
                                            (claim[k] == 0) & t_ok);
            /* the dead (INT16_MAX) are not in the span; those in it are adults (cut_18_before <=
             * cut_18) */
            uint8_t counts = (uint8_t)(adult_quiet & is_un), done = (uint8_t)(f_done | adult_quiet);
            out[k] = (uint8_t)(done + counts);
            other[k] = (uint8_t)((done ^ 1) | counts);
        }
        /* the few persons with a verdict other than 1, by one mask: one who steps (0, alive)
         * marks the household busy; a quiet unemployed person (2) counts a week more, or at
         * the maximum is quiet (1, nothing to undo). Before, a vectorised pass read and wrote
         * the unemployment counts of every person of a block with a quiet unemployed person
         * (most blocks late in a run), and a second mask found those who step. */
        for (uint64_t m = mdl_bytes_mask(other, HH_QUIET_BLOCK); m; m &= m - 1) {
            uint32_t k = (uint32_t)__builtin_ctzll(m);
            if (out[k] == 0)
                __atomic_store_n(&c->busy[hh[k]], 1, __ATOMIC_RELAXED);
            else if (unemp[k] < INT16_MAX)
                unemp[k]++;
            else
                out[k] = 1;
        }
        /* the verdicts are made in the frame and copied once (a whole block by a constant
         * length): written through the scratch buffer, the vectorised loop began with a test at
         * run time that they overlap none of the rows it reads */
        if (n == HH_QUIET_BLOCK)
            memcpy(c->quiet + base, out, HH_QUIET_BLOCK);
        else
            memcpy(c->quiet + base, out, n);
    }
}

/* Per household, 64 at a time: only those with a member who steps (busy), on the street or
 * with others, or whose byte could give a birth (below t_birth) are looked at; for the
 * others the walk below would draw nothing and change nothing. */
#define HH_LIFE_BLOCK 64u
MDL_VECTOR
static void life_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    hh_ctx *c = vc;
    hh_state *s = c->s;
    const mdl_households_params *p = c->p;
    const uint8_t *quiet = c->quiet, *busy = c->busy;
    double hacc[H_N] = {0};
    mdl_bytes qh;
    mdl_bytes_init(&qh, MDL_PURPOSE(MNO_HOUSEHOLDS, PUR_HOUSEHOLD));
    /* t_birth as a byte; 256 (every byte below it) as a flag */
    const uint8_t tb = (uint8_t)(c->t_birth > 255 ? 255 : c->t_birth), tb_all = c->t_birth > 255;
    uint8_t look[HH_LIFE_BLOCK], hbytes[HH_LIFE_BLOCK];
    for (uint32_t base = b; base < e; base += HH_LIFE_BLOCK) {
        uint32_t n = e - base < HH_LIFE_BLOCK ? e - base : HH_LIFE_BLOCK;
        const uint8_t *restrict hbyte = hbytes;
        if (n == HH_LIFE_BLOCK && base % HH_LIFE_BLOCK == 0) { /* in place, as in quiet_body */
            (void)mdl_bytes_get(w, &qh, base);
            hbyte = (const uint8_t *)qh.block + base % MDL_BYTES_SPAN;
        } else {
            for (uint32_t k = 0; k < n; k++)
                hbytes[k] = (uint8_t)mdl_bytes_get(w, &qh, base + k);
            memset(look + n, 0, HH_LIFE_BLOCK - n);
        }
        const uint8_t *restrict cnt = s->m.count + base, *restrict bz = busy + base, *restrict hs = s->m.housing + base;
        for (uint32_t k = 0; k < n; k++)
            look[k] = (uint8_t)((cnt[k] != 0) & (bz[k] | (hs[k] == HOUSE_STREET) | (hs[k] == HOUSE_WITH_OTHERS) |
                                                 (hbyte[k] < tb) | tb_all));
        for (uint64_t lm = mdl_bytes_mask(look, HH_LIFE_BLOCK); lm; lm &= lm - 1) {
            uint32_t h = base + (uint32_t)__builtin_ctzll(lm);
            mdl_lazy hr;
            mdl_lazy_init(&hr, MDL_PURPOSE(MNO_HOUSEHOLDS, PUR_LIFE), h);
            if (busy[h]) {
                /* the quiet members before the first who steps are done (quiet_body): nothing
                 * has changed their rows, and they draw nothing from the household's stream;
                 * from that member on (who may change a partner's rows) everyone steps, after
                 * undoing quiet_body's count of a week of unemployment */
                int32_t i = s->m.first[h];
                while (i >= 0 && quiet[i])
                    i = s->m.next[i];
                for (; i >= 0; i = s->m.next[i]) {
                    if (quiet[i] == 2)
                        s->unemployed[i]--;
                    person_step(c, w, (int32_t)h, i, &hr, hacc);
                }
            }
            int32_t head = s->m.first[h];
            if (head < 0 || s->event[head] != LE_NONE)
                continue;
            /* household-level events, recorded on the head */
            int32_t hb = s->m.birth_day[head];
            int may_birth = (s->m.partner[head] >= 0) & (hb <= c->cut_birth_min) & (hb > c->cut_birth_max1);
            /* t_birth: the smallest byte above the birth chance (mdl_byte_above), so that the
             * test is rarely passed and well predicted */
            if ((may_birth & (mdl_bytes_get(w, &qh, h) < c->t_birth)) &&
                byte_chance(w, &qh, h, &hr, p->p_birth_per_year * c->years)) {
                set_event(c, head, LE_BIRTH);
            } else if (s->m.housing[h] == HOUSE_STREET || s->m.housing[h] == HOUSE_WITH_OTHERS) {
                /* the household's word is spent if a birth could have been drawn */
                int found = may_birth ? mdl_word_chance(mdl_lazy_u32(w, &hr), p->p_dwelling_per_year * c->years)
                                      : byte_chance(w, &qh, h, &hr, p->p_dwelling_per_year * c->years);
                if (found)
                    set_event(c, head, LE_DWELLING);
            }
        }
    }
    for (int k = 0; k < H_N; k++)
        acc[k] += hacc[k];
}

/* The household "h" no longer hosts anyone or stays with anyone. */
static void unlink_hosting(hh_state *s, int32_t h)
{
    int32_t g = s->m.guest[h], o = s->m.host[h];
    if (g >= 0) {
        s->m.host[g] = -1;
        s->m.housing[g] = HOUSE_STREET;
        s->m.guest[h] = -1;
    }
    if (o >= 0) {
        s->m.guest[o] = -1;
        s->m.host[h] = -1;
    }
}

typedef struct moved_cols {
    float *debt, *fine_due, *fine_orig, *pending, *pending_rent, *rent_arrears;
    float *stress, *money; /* households.debt_stress, persons.prob_money */
    double relief;         /* letters.debt_relief */
    int32_t *unopened, *fine_next;
    uint8_t *fine_stage;
} moved_cols;

/* Debts and letters (with the costs their deadlines will bring) follow a person who leaves a
 * household that then dissolves. The fines join the other household's at the later of the
 * two CJIB stages (the column's codes rise with the stage: letters.h), with that stage's next
 * date; the amounts due are added as they are, so no surcharge is charged or lost by the move
 * (before, fines moved into a household without fines kept their surcharges at stage 0, and
 * lost them at its first reminder), and below a plan the original amount becomes what the
 * sum due is at that stage, as letters.c keeps it (before, the originals were added: a later
 * fine or reminder, computing the sum due from them, charged surcharges no indicator
 * counted). */
static void merge_accounts(const moved_cols *mc, int32_t from, int32_t to, int32_t mover)
{
    if (mc->debt) {
        mc->debt[to] += mc->debt[from];
        mc->debt[from] = 0;
    }
    if (mc->fine_due && mc->fine_orig) {
        if (mc->fine_stage && mc->fine_next && mc->fine_due[from] > 0 &&
            (mc->fine_due[to] <= 0 || mc->fine_stage[from] > mc->fine_stage[to])) {
            mc->fine_stage[to] = mc->fine_stage[from];
            mc->fine_next[to] = mc->fine_next[from];
        }
        mc->fine_due[to] += mc->fine_due[from];
        mc->fine_orig[to] += mc->fine_orig[from];
        if (mc->fine_stage && mc->fine_stage[to] > FINE_NONE && mc->fine_stage[to] < FINE_PLAN)
            mc->fine_orig[to] = (float)(mc->fine_due[to] / mdl_cjib_amount(1, mc->fine_stage[to]));
        mc->fine_due[from] = mc->fine_orig[from] = 0;
    }
    if (mc->unopened) {
        mc->unopened[to] += mc->unopened[from];
        mc->unopened[from] = 0;
    }
    if (mc->pending) {
        mc->pending[to] += mc->pending[from];
        mc->pending[from] = 0;
    }
    /* what was owed to the old landlord stays in the debt and the costs to come, but is no
     * rent arrears at the new address (as after an eviction, letters.c) */
    if (mc->rent_arrears && mc->pending_rent)
        mc->rent_arrears[from] = mc->pending_rent[from] = 0;
    /* the debt's stress goes with the debt: the mover, head of "from", is eased as letters.c
     * eases a head whose debt went (its new household's head carries the stress of the
     * joined debts from the next letters phase); before, the mover kept it for good */
    if (mc->stress && mc->money) {
        float was = mc->stress[from], m = (float)(mc->money[mover] - mc->relief * was);
        if (was > 0)
            mc->money[mover] = m > 0 ? m : 0;
        mc->stress[from] = 0;
    }
}

static void serial_events(sim_world *w, hh_state *s, const mdl_households_params *p, const uint8_t *marks,
                          double *n)
{
    uint32_t np = sim_world_count(w, SIM_PERSON);
    moved_cols mc = {.debt = sim_col(w, SIM_HOUSEHOLD, "debt_eur"),
                     .fine_due = sim_col(w, SIM_HOUSEHOLD, "fine_due_eur"),
                     .fine_orig = sim_col(w, SIM_HOUSEHOLD, "fine_original_eur"),
                     .pending = sim_col(w, SIM_HOUSEHOLD, "letters_pending_eur"),
                     .pending_rent = sim_col(w, SIM_HOUSEHOLD, "letters_pending_rent_eur"),
                     .rent_arrears = sim_col(w, SIM_HOUSEHOLD, "rent_arrears_eur"),
                     .stress = sim_col(w, SIM_HOUSEHOLD, "debt_stress"),
                     .money = sim_col(w, SIM_PERSON, "prob_money"),
                     .unopened = sim_col(w, SIM_HOUSEHOLD, "letters_unopened"),
                     .fine_next = sim_col(w, SIM_HOUSEHOLD, "fine_next_tick"),
                     .fine_stage = sim_col(w, SIM_HOUSEHOLD, "fine_stage")};
    const mdl_letters_params *lp = scn_section_values(sim_world_scenario(w), "letters");
    if (!lp)
        mc.stress = NULL; /* no letters model: no debt stress */
    else
        mc.relief = lp->debt_relief;
    int32_t single = -1; /* a person living alone waiting for a partner this tick */
    int32_t day = sim_day(w);
    /* events are rare: only the marked groups of persons are looked at */
    for (uint32_t u = mdl_next_marked(s->event, marks, 0, np); u < np; u = mdl_next_marked(s->event, marks, u + 1, np)) {
        int32_t i = (int32_t)u, h = s->m.household[i];
        uint8_t ev = s->event[i];
        if (ev == LE_NONE)
            continue;
        s->event[i] = LE_NONE; /* every drawn event is cleared here, so the draws need not */
        if (h < 0)
            continue;
        sim_rng_stream r;
        sim_stream(w, &r, MDL_PURPOSE(MNO_HOUSEHOLDS, PUR_SERIAL), (uint32_t)i);
        int32_t nh = -1;
        switch (ev) {
        case LE_DEATH: /* a partner left without income may apply (before, not after a pensioner's death) */
            if (s->m.partner[i] >= 0 && s->income[s->m.partner[i]] == INC_NONE)
                s->claim[s->m.partner[i]] = 1;
            mdl_members_remove(&s->m, i);
            sim_emit(w, s->e_death, h, i, -1, 0);
            if (s->m.count[h] == 0)
                unlink_hosting(s, h);
            n[1] += 1;
            break;
        case LE_LEAVE:
            /* alone now (the others died earlier in this pass): the home is the person's own,
             * with its guest, debts and letters (before, the person left them behind in a
             * household without members) */
            if (s->m.count[h] <= 1)
                break;
            if (mdl_members_new_household(w, &s->m, h, HOUSE_OWN, &nh)) {
                n[7] += 1;
                break;
            }
            mdl_members_move(&s->m, i, nh);
            sim_emit(w, s->e_leave, h, i, nh, 0);
            n[2] += 1;
            break;
        case LE_SEPARATE: {
            int32_t pt = s->m.partner[i];
            if (pt < 0)
                break;
            uint8_t housing = sim_rng_bernoulli(&r, p->p_dwelling_after_separation) ? HOUSE_OWN : HOUSE_STREET;
            if (mdl_members_new_household(w, &s->m, h, housing, &nh)) {
                n[7] += 1;
                break;
            }
            mdl_members_move(&s->m, pt, nh); /* ends the partnership both ways */
            if (s->income[pt] == INC_NONE)
                s->claim[pt] = 1;
            if (s->income[i] == INC_NONE)
                s->claim[i] = 1;
            sim_emit(w, s->e_sep, h, pt, nh, 0);
            n[4] += 1;
            break;
        }
        case LE_PARTNER:
            if (s->m.count[h] != 1 || s->m.partner[i] >= 0)
                break;
            if (single < 0 || s->m.household[single] < 0 || s->m.count[s->m.household[single]] != 1) {
                single = i;
                break;
            }
            {
                int32_t to = s->m.household[single];
                merge_accounts(&mc, h, to, i);
                mdl_members_move(&s->m, i, to);
                s->m.partner[i] = single;
                s->m.partner[single] = i;
                /* means test of the new couple */
                int32_t a = i, b2 = single;
                for (int q = 0; q < 2; q++) {
                    int32_t x = q ? b2 : a, y = q ? a : b2;
                    if (s->income[x] == INC_BIJSTAND && partner_earns(s, x))
                        s->income[x] = INC_NONE, s->claim[x] = 0;
                    else if (s->income[x] == INC_BIJSTAND && s->income[y] == INC_NONE)
                        s->income[y] = INC_BIJSTAND, s->claim[y] = 0;
                    else if (s->claim[x] && partner_earns(s, x)) /* before, the claim stayed */
                        s->claim[x] = 0, s->wait[x] = 0;
                }
                sim_emit(w, s->e_partner, h, i, to, 0);
                single = -1;
                n[3] += 1;
            }
            break;
        case LE_BIRTH: {
            int32_t c;
            if (mdl_members_new_person(w, &s->m, h, day, &c)) {
                n[7] += 1;
                break;
            }
            s->vuln[c] = s->vuln[i];
            s->trust[c] = s->trust[i];
            s->reluctance[c] = s->reluctance[i];
            s->income[c] = INC_NONE;
            sim_emit(w, s->e_birth, h, c, -1, 0);
            n[0] += 1;
            break;
        }
        case LE_DWELLING:
            unlink_hosting(s, h);
            s->m.housing[h] = HOUSE_OWN;
            for (int32_t j = s->m.first[h]; j >= 0; j = s->m.next[j])
                s->m.registered[j] = 1; /* registered again at the new address */
            sim_emit(w, s->e_dwelling, h, i, -1, 0);
            n[5] += 1;
            break;
        default: break;
        }
    }
}

/* the names of the world's scratch buffers (sim_scratch) of quiet_body's verdicts and
 * bytes, and of the marks of the groups of persons with an event */
static const char scr_quiet, scr_busy, scr_marks, scr_byte;

/* The mortality tables of "s" for ticks of "years": worked out again only when that or the
 * Gompertz parameters change, not every tick (512 exps). */
static void mortality_tables(hh_state *s, const mdl_households_params *p, double years)
{
    const double of[4] = {p->mortality_scale, p->mortality_a, p->mortality_b, years};
    if (s->mort_set && memcmp(of, s->mort_of, sizeof of) == 0)
        return;
    for (int k = 0; k < HH_MORT_HI; k++)
        s->mort_hi[k] = p->mortality_scale * exp(p->mortality_a + p->mortality_b * (k * HH_MORT_LO / 365.2425)) * years;
    for (int k = 0; k < HH_MORT_LO; k++)
        s->mort_lo[k] = exp(p->mortality_b * (k / 365.2425));
    memcpy(s->mort_of, of, sizeof of);
    s->mort_set = 1;
}

static void hh_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_households_params *p = vp;
    hh_state *s = vs;
    const mdl_population_params *pop = scn_section_values(sim_world_scenario(w), "population");
    double weeks = sim_days_per_tick(w) / 7.0;
    int32_t day = sim_day(w);
    hh_ctx c = {.s = s, .p = p, .pop = pop, .aow_age = scn_dated_at(&p->aow_age, day),
                .years = sim_days_per_tick(w) / 365.2425, .weeks = weeks,
                .wait_ticks = (int)ceil(p->wait_weeks / weeks - 1e-9), .day = day};
    c.cut_aow = mdl_birth_cut(day, c.aow_age);
    c.cut_18 = mdl_birth_cut(day, 18);
    c.cut_18_before = mdl_birth_cut(day - sim_days_per_tick(w), 18);
    c.cut_study_end = mdl_birth_cut(day, (double)p->study_end_age);
    c.cut_21 = mdl_birth_cut(day, 21);
    c.cut_36 = mdl_birth_cut(day, 36);
    c.cut_66 = mdl_birth_cut(day, 66);
    c.cut_wait = mdl_birth_cut(day, (double)p->wait_age_limit);
    c.cut_birth_min = mdl_birth_cut(day, (double)p->birth_age_min);
    c.cut_birth_max1 = mdl_birth_cut(day, (double)p->birth_age_max + 1);
    double y = c.years * (1 + 1e-9); /* a margin for rounding in the sums */
    for (int k = 0; k < 8; k++) /* problems and permits only lower these (severities are 0..1) */
        c.bound_inc[k] = 0;
    c.bound_inc[INC_WORK] = p->p_job_loss_per_year * 3 * y;
    c.bound_inc[INC_UNEMPLOYMENT] = p->p_job_find_unemployed_per_year * y + weeks / p->unemployment_weeks_mean * (1 + 1e-9);
    c.bound_inc[INC_BIJSTAND] = p->p_job_find_bijstand_per_year * y;
    c.bound_inc[INC_NONE] = p->p_job_find_none_per_year * y;
    c.bound_apply = p->p_apply_per_week * weeks * (1 + 1e-9);
    c.bound_family = (p->p_leave_home_per_year + p->p_separation_per_year + p->p_partner_per_year) * y;
    mortality_tables(s, p, c.years);
    c.mort_hi = s->mort_hi;
    c.mort_lo = s->mort_lo;
    c.t_birth = (uint32_t)fmin(256, ceil(p->p_birth_per_year * c.years * 256));
    /* the death hazard grows with age, so below FAST_AGE it is at most that at the cut */
    c.cut_fast = mdl_birth_cut(day, FAST_AGE);
    double death_max = death_hazard(&c, day - c.cut_fast);
    for (int k = 0; k < 8; k++)
        for (int a = 0; a < 2; a++)
            c.t_fast[k][a] = byte_threshold(death_max + c.bound_inc[k] + (a ? c.bound_apply : 0) + c.bound_family);
    double acc[H_N] = {0}, n[8] = {0};
    uint32_t np = sim_world_count(w, SIM_PERSON);
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    if (!(c.quiet = sim_scratch(w, &scr_quiet, (size_t)np + 1, 1)) ||
        !(c.busy = sim_scratch(w, &scr_busy, (size_t)nh + 1, 1)) ||
        !(c.marks = sim_scratch(w, &scr_marks, MDL_GROUPS(np) + 1, 1)) ||
        !(c.byte = sim_scratch(w, &scr_byte, (size_t)np + 1, 1))) {
        sim_world_fail(w, "households: out of memory");
        return;
    }
    /* quiet_body's thresholds without a claim over the incomes but unemployment: below
     * FAST_AGE, and below YOUNG_AGE; the death hazard of an age is at most that at the cut
     * above it, as the Gompertz slope mortality_b is not below 0 (its range) */
    c.cut_young = mdl_birth_cut(day, YOUNG_AGE);
    double death_young = death_hazard(&c, day - c.cut_young);
    for (int k = 0; k < 8; k++)
        if (k != INC_UNEMPLOYMENT) {
            uint32_t young = byte_threshold(death_young + c.bound_inc[k] + c.bound_family);
            c.t_other = c.t_fast[k][0] > c.t_other ? c.t_fast[k][0] : c.t_other;
            c.t_young = young > c.t_young ? young : c.t_young;
        }
    sim_for_zero(w, c.busy, nh, 1);
    memset(c.marks, 0, MDL_GROUPS(np));
    sim_for(w, np, quiet_body, &c, NULL, 0);
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), life_body, &c, acc, H_N);
    serial_events(w, s, p, c.marks, n);
    sim_ind_set(w, s->i_births, n[0]);
    sim_ind_set(w, s->i_deaths, n[1]);
    sim_ind_set(w, s->i_leave, n[2]);
    sim_ind_set(w, s->i_partner, n[3]);
    sim_ind_set(w, s->i_sep, n[4]);
    sim_ind_set(w, s->i_dwelling, n[5]);
    sim_ind_set(w, s->i_skipped, n[7]);
    sim_ind_set(w, s->i_job_lost, acc[H_LOST]);
    sim_ind_set(w, s->i_job_found, acc[H_FOUND]);
    sim_ind_set(w, s->i_applied, acc[H_APPLIED]);
    sim_ind_set(w, s->i_started, acc[H_STARTED]);
    sim_ind_set(w, s->i_waiting, acc[H_WAITING]);
}

const sim_model mdl_households = {"households", "Life events of persons and households.",
                                  &mdl_households_section, sizeof(hh_state), hh_init, hh_step};
