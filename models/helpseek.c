/* helpseek.c: at the start of the care phases, each household without a wijkteam case and
 * not waiting decides whether to ask for help, given its worst problem, reluctance and trust;
 * by the problem's domain it goes to the GP or the wijkteam. Whether the team is reached
 * depends on its reachability (online form and office hours, walk-in, crisis line) and the
 * household's digital skills and literacy. Youths with severe problems also reach youth care
 * through other routes (youth doctor, school, certified institution, self-referral). It also
 * clears the per-tick care flags (treated_domains, network_meeting, seek_route). */
#include "helpseek.h"
#include "../sim/nabij.h"
#include "care.h"
#include "common.h"
#include "quick.h"
#include <math.h>
#include <string.h>

#define S mdl_helpseek_params
static const scn_param params[] = {
    SCN_P_REAL(S, seek_threshold, 0, 1, 0.3, "severity 0..1",
               "assumption: light problems are handled alone or with the network",
               "Worst problem severity in a household from which it considers asking a professional."),
    SCN_P_REAL(S, seek_rate_per_week, 0, 1, 0.06, "probability per week",
               "assumption: calibrated so that most households with a serious problem ask within a year",
               "Weekly probability of asking for help at the highest severity, before reluctance and trust."),
    SCN_P_REAL(S, reluctance_effect, 0, 1, 0.6, "0..1",
               "seed 000 §6: residents do not want to bother others; assumption on the size",
               "How much reluctance to ask lowers the probability of asking."),
    SCN_P_REAL(S, trust_effect, 0, 1, 0.5, "0..1", "assumption: distrust of institutions keeps people away",
               "How much low trust in institutions lowers the probability of asking."),
    SCN_P_REAL(S, p_gp_mental, 0, 1, 0.75, "probability",
               "assumption: mental health problems are first brought to the GP (NIVEL)",
               "Probability that a household whose worst problem is mental health goes to the GP, not the team."),
    SCN_P_REAL(S, p_gp_youth, 0, 1, 0.65, "probability",
               "calibrated: CBS StatLine 85096NED 2021, GP 35.5 % and wijkteam 31.3 % of youth care trajectories",
               "Probability that a household whose worst problem is a youth's behaviour goes to the GP."),
    SCN_P_REAL(S, p_gp_care, 0, 1, 0.4, "probability", "assumption: care needs go to the GP or the Wmo desk",
               "Probability that a household whose worst problem is a care need goes to the GP."),
    SCN_P_ENUM(S, team_access, "online|walk_in|crisis_line", ACCESS_ONLINE,
               "seed 003 (Almere): applications only online, a bell at the desk, phone only in office hours",
               "How the wijkteam can be reached: online form and office hours; a walk-in desk; a walk-in desk "
               "and a 24/7 crisis line that serves acute households first."),
    SCN_P_REAL(S, p_reach_online, 0, 1, 0.9, "probability", "assumption",
               "Probability that a household with digital skills reaches the team through the online form."),
    SCN_P_REAL(S, p_reach_online_low_digital, 0, 1, 0.4, "probability",
               "seed 003: the online-only desk shuts out those without digital skills; assumption on the size",
               "Probability that a household whose adults all lack digital skills or literacy reaches the team online."),
    SCN_P_REAL(S, p_reach_walk_in, 0, 1, 0.95, "probability", "assumption: a desk without appointment reaches almost all",
               "Probability of reaching the team at a walk-in desk."),
    SCN_P_REAL(S, crisis_severity, 0, 1, 0.8, "severity 0..1", "assumption: acute problems",
               "With the crisis line: households whose worst problem is at least this severe are reached at once and served first."),
    SCN_P_REAL(S, p_fallback_gp, 0, 1, 0.5, "probability", "assumption",
               "Probability that a household that could not reach the team goes to the GP instead."),
    SCN_P_INT(S, retry_weeks, 0, 520, 8, "weeks", "assumption",
              "Weeks a household waits before asking again after giving up on a route (after a case closed: "
              "team.quiet_weeks_*)."),
    SCN_P_REAL(S, other_threshold, 0, 1, 0.25, "severity 0..1",
               "CBS StatLine 85096NED: youth care also starts through youth doctors, certified institutions and "
               "self-referral; calibrated with p_other_per_week to the 'other' share (33 %, 2021)",
               "Severity of a youth's parenting or mental problem from which other routes into youth care open."),
    SCN_P_REAL(S, youth_seek_threshold, 0, 1, 0.2, "severity 0..1",
               "assumption: parents ask for help with a child's problem before it is as serious as they would "
               "let their own become, and youth doctors and schools signal early; calibrated to about 11 % of "
               "youths in youth care a year (CBS Jeugdmonitor)",
               "Severity of a youth's problem (worst among the household's under-18s) from which the household "
               "considers asking a professional, when no problem reaches seek_threshold."),
    SCN_P_REAL(S, youth_seek_factor, 0, 20, 10, "ratio",
               "assumption: parents ask for help for a child sooner than for themselves, and schools and youth "
               "doctors signal; calibrated to about 11 % of youths in youth care a year (CBS Jeugdmonitor)",
               "Multiplier of the probability of asking when the household's worst problem is a youth's."),
    SCN_P_REAL(S, p_other_per_week, 0, 1, 0.03, "probability per week",
               "assumption: calibrated to the 'other' share of youth care trajectories (about a third, CBS 2021)",
               "Weekly probability that such a youth is referred to youth care by another route."),
    SCN_P_REAL(S, protection_threshold, 0, 2, 0.35, "severity 0..1",
               "calibrated: child protection (certified institutions, 9.3 % of youth care trajectories, CBS "
               "85096NED 2021) places youths whose upbringing is seriously threatened; with 0.35 (and the "
               "residential budget) about 0.7 % of youths are placed out of home a year against about 1 % "
               "(CBS Jeugdmonitor 2024, foster care included; nabij calibrate). At 0.6, until 2026-11-27, "
               "about 0.05 %: a parenting problem that severe is rare once youth GGZ treats from 0.25",
               "Severity of a youth's parenting problem from which another route refers to residential youth "
               "care (child protection) instead of youth GGZ (above 1: never)."),
};
const scn_section mdl_helpseek_section =
    SCN_SECTION("helpseek", "Help-seeking: GP, wijkteam or nobody; reachability of the team.", S, params);

enum { PUR_SEEK = 0 };

typedef struct hs_state {
    mdl_care_cols c;
    const uint8_t *digital_low, *literacy_low;
    const float *trust, *reluctance;
    uint8_t *cand; /* persons.seek_candidate, written at the start of the phase */
    const int32_t *household;
    int i_seek[4], i_unreached, i_gave_up, i_crisis;
    int e_sought, e_unreached;
} hs_state;

static int hs_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    hs_state *s = vs;
    int rc = mdl_care_cols_init(w, &s->c);
    if (rc)
        return rc;
    s->digital_low = sim_col(w, SIM_PERSON, "digital_low");
    s->household = sim_col(w, SIM_PERSON, "household");
    s->literacy_low = sim_col(w, SIM_PERSON, "literacy_low");
    s->trust = sim_col(w, SIM_PERSON, "trust");
    s->reluctance = sim_col(w, SIM_PERSON, "reluctance");
    if (!s->trust || !s->c.next_member || !s->household) {
        sim_world_fail(w, "helpseek needs the population model before it");
        return NABIJ_EINVAL;
    }
    s->cand = sim_col_add(w, SIM_PERSON, "seek_candidate", SIM_U8, 0, "0/1",
                          "Set at the start of the help-seeking phase: the person's worst severity outside LVB "
                          "reaches the lowest help-seeking threshold and no specialist treats or expects them.");
    if (!s->cand)
        return NABIJ_ENOMEM;
    s->i_seek[ROUTE_TEAM] = sim_ind_add(w, "help_requests_team", "households per tick", "Households that reached the wijkteam with a request.");
    s->i_seek[ROUTE_GP] = sim_ind_add(w, "help_requests_gp", "households per tick", "Households that went to the GP.");
    s->i_unreached = sim_ind_add(w, "team_unreached", "households per tick",
                                 "Households that tried and failed to reach the wijkteam (online form, office hours).");
    s->i_gave_up = sim_ind_add(w, "help_gave_up", "households per tick", "Households that gave up asking for help for now.");
    s->i_crisis = sim_ind_add(w, "crisis_line_calls", "households per tick", "Households served first through the crisis line.");
    s->e_sought = sim_event_kind_add(w, "sought_help", "{person} asked {cp} for help.", "nobody|the wijkteam|the GP|another service");
    s->e_unreached = sim_event_kind_add(w, "team_unreached",
                                        "{person} tried to reach the wijkteam (online form, office hours) but did not get through.", NULL);
    return s->e_unreached < 0 ? s->e_unreached : 0;
}

typedef struct hs_ctx {
    hs_state *s;
    const mdl_helpseek_params *p;
    float lo;          /* the lowest of the thresholds (seek, youth seek, other routes), as a float */
    float seek_f;      /* seek_threshold as a float threshold (mdl_care_float_threshold) */
    float youth_f, other_f, protect_f; /* the other thresholds, the same way */
    int32_t adult_by;  /* latest birth day of an adult (mdl_birth_cut) */
    int32_t tick;
    double wk;         /* weeks per tick */
    double p_other;    /* a youth's probability per tick of another route into youth care */
    double seek_base;  /* the probability per tick of asking at severity 1, before the factors */
    uint8_t *hh_cand; /* per household: a member is marked (mark_persons) */
    uint8_t *hh_youth; /* per household: HS_YOUTH, HS_OTHER (mark_persons) */
    uint32_t top[2];  /* the largest worst severity of an adult, of a youth who marks a household (hs_top_raise) */
    uint64_t above[2]; /* a bound of hs_scan's for a household without, with a youth who marks it (hs_step):
                        * the least whole number at or above ask_bound's, so that a word is compared
                        * without a conversion (a word is a whole number: u >= x exactly when u >= ceil(x)) */
    const uint8_t *mark; /* the persons' marks that the problems phase left, or NULL (mark_persons) */
} hs_ctx;

static inline float fmax2(float a, float b)
{
    return a > b ? a : b;
}

/* hs_ctx.hh_youth: a youth marks the household (HS_YOUTH), a youth of it is on another route
 * (HS_OTHER: as other_route tells); set by atomic or (the same in any order, from any thread).
 * Apart from hs_ctx.hh_cand, which an adult's mark sets with a plain store: in one byte with
 * these, every mark would be an atomic or (a locked instruction). */
enum { HS_YOUTH = 1, HS_OTHER = 2 };

/* hs_ctx.top: the largest worst severities of the persons who mark a household, adults and
 * youths apart, as the bits of the float (a severity is a float from 0, not NaN, so the bits
 * order as the numbers): each chunk of mark_persons raises them to its own with an atomic
 * maximum (the same in any order, from any thread). */
static void hs_top_raise(uint32_t *top, float v)
{
    uint32_t bits, old = __atomic_load_n(top, __ATOMIC_RELAXED);
    memcpy(&bits, &v, sizeof bits);
    while (old < bits && !__atomic_compare_exchange_n(top, &old, bits, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        ;
}

static float hs_top_float(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, sizeof f);
    return f;
}

/* The walk over the persons of [b, b + n) who mark their household (mk[k] 1 for person
 * b + k), 64 at a time: the household's marks, and hs_ctx.top raised to the largest "worst"
 * of the adults and youths among them, unless "worst" is NULL (then hs_step takes the
 * bounds from the problems phase's note). Whether a person is a youth on another route comes
 * from its "mark" (mdl_seek_note) or, when that is NULL, from the birth days and severities. */
static inline __attribute__((always_inline)) void mark_households(hs_ctx *cx, uint32_t b, uint32_t n,
                                                                  const uint8_t *mk, const uint8_t *mark,
                                                                  const float *worst)
{
    const hs_state *s = cx->s;
    const int32_t *hh = s->household + b, *bd = s->c.birth_day + b;
    const float *s2 = s->c.prob[DOM_MENTAL] + b, *s3 = s->c.prob[DOM_PARENTING] + b;
    const float other_f = cx->other_f;
    const int32_t adult_by = cx->adult_by;
    float top_adult = 0, top_youth = 0;
    for (uint32_t base = 0; base < n; base += 64) {
        uint64_t m = mdl_bytes_mask(mk + base, n - base < 64 ? n - base : 64);
        for (; m; m &= m - 1) {
            uint32_t i = base + (uint32_t)__builtin_ctzll(m);
            int32_t h = hh[i];
            if (h < 0)
                continue;
            __atomic_store_n(&cx->hh_cand[h], 1, __ATOMIC_RELAXED);
            if (mark ? mark[i] & MDL_SEEK_YOUTH : bd[i] > adult_by) {
                /* "other" as other_route tells */
                int other = mark ? mark[i] & MDL_SEEK_OTHER : fmax2(s3[i], s2[i]) >= other_f;
                __atomic_fetch_or(&cx->hh_youth[h], other ? HS_YOUTH | HS_OTHER : HS_YOUTH, __ATOMIC_RELAXED);
                if (worst)
                    top_youth = fmax2(worst[i], top_youth);
            } else if (worst) {
                top_adult = fmax2(worst[i], top_adult);
            }
        }
    }
    if (worst) {
        hs_top_raise(&cx->top[0], top_adult);
        hs_top_raise(&cx->top[1], top_youth);
    }
}

/* Per person, in index order (vectorised): clear treated_domains, and mark the persons who
 * may matter to their household's decision: worst severity outside LVB (DOM_LVB is the last
 * domain) at least the lowest threshold, and no specialist who treats or expects them. The
 * households of those among them who are youths or whose worst severity reaches
 * seek_threshold are marked too (a store of 1 from any thread: the same in any order): an
 * adult below it is never the one who asks, nor a youth referred by another route, so a
 * household without such a member does nothing in hs_body (its need stays below the
 * threshold, its youths' need below the youth thresholds: it asks nobody). A youth who marks
 * a household marks it in hh_youth too, with HS_OTHER when on another route, and the largest
 * worst severities of those who mark, adults and youths apart, go to hs_ctx.top: the bounds
 * of hs_body. The worst severities are the largest of the six, domain by domain from the
 * first: severities are numbers from 0, so that this and worst_sev's maximum from 0 differ at
 * most in the sign of a zero, which none of the comparisons here and no maximum in
 * hs_ctx.top tells apart (a maximum with 0 less for every person); they go to the chunk's own
 * array on the stack, which stays in the first-level cache: before, a column of the world's
 * (a float per person) was written for every person and read again by hs_scan, a pass over
 * 4 bytes a person for the few walks that read it; hs_scan works it out again from the
 * severities it reads (worst_sev). */
MDL_VECTOR
static void mark_persons(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    hs_ctx *cx = vc;
    hs_state *s = cx->s;
    uint32_t n = e - b;
    memset(s->c.treated + b, 0, n);
    const uint8_t *restrict spec = s->c.spec_state + b;
    uint8_t *restrict cand = s->cand + b;
    uint8_t mk[SIM_CHUNK];
    if (cx->mark) {
        /* the marks that the problems phase left (mdl_seek_note; valid, as hs_step found),
         * a byte a person, instead of the six severities and the birth day (29 bytes): a
         * youth among those who mark reads from its mark whether it is on another route, and
         * hs_step takes the bounds of hs_body from problems (mdl_seek_note.top) */
        const uint8_t *restrict mark = cx->mark + b;
        for (uint32_t k = 0; k < n; k++) {
            uint8_t mv = mark[k], cd = (uint8_t)(mv & MDL_SEEK_LO & -(spec[k] == SPEC_NONE));
            cand[k] = cd;
            mk[k] = (uint8_t)(cd & (mv >> 1 | mv >> 3)); /* MDL_SEEK_SEEK or MDL_SEEK_YOUTH */
        }
        mark_households(cx, b, n, mk, mark, NULL);
        return;
    }
    float *const *pr = s->c.prob;
    const float *restrict s0 = pr[0] + b, *restrict s1 = pr[1] + b, *restrict s2 = pr[2] + b,
                          *restrict s3 = pr[3] + b, *restrict s4 = pr[4] + b, *restrict s5 = pr[5] + b;
    float worst[SIM_CHUNK];
    float lo = cx->lo;
    for (uint32_t k = 0; k < n; k++)
        worst[k] = fmax2(s5[k], fmax2(s4[k], fmax2(s3[k], fmax2(s2[k], fmax2(s1[k], s0[k])))));
    /* a loop of its own: with the bytes GCC does not vectorise the one above. The worst
     * severity reaches lo exactly when the largest of the six does: severities are numbers
     * from 0 (before, the six were compared again here). mk: the persons who mark their
     * household (a youth, or an adult from seek_threshold), with the birth days read here
     * for every person, vectorised, instead of in the walk for every person marked (about
     * one in four, so nearly every row of them was read anyway): the walk visits only those
     * who mark (about half the persons marked), without a branch on the severity, which
     * guessed wrong for about half the adults */
    const int32_t *bd = s->c.birth_day + b;
    const float seek_f = cx->seek_f;
    const int32_t adult_by = cx->adult_by;
    for (uint32_t k = 0; k < n; k++) {
        uint8_t cd = (uint8_t)((worst[k] >= lo) & (spec[k] == SPEC_NONE));
        cand[k] = cd;
        mk[k] = cd & ((worst[k] >= seek_f) | (bd[k] > adult_by));
    }
    mark_households(cx, b, n, mk, NULL, worst);
}

_Static_assert(MDL_SEEK_LO == 1 && MDL_SEEK_SEEK == 2 && MDL_SEEK_YOUTH == 8, "mark_persons shifts the marks' bits");
_Static_assert(DOM_LVB == MDL_N_DOMAINS - 1 && MDL_N_DOMAINS == 7, "mark_persons reads domains 0-5");

/* The worst severity of person i outside LVB, from 0: the same as mark_persons's but for the sign of a zero. */
static inline float worst_sev(float *const prob[MDL_N_DOMAINS], uint32_t i)
{
    float m = 0;
    for (int k = 0; k < MDL_N_DOMAINS - 1; k++)
        m = fmax2(prob[k][i], m);
    return m;
}

/* As mdl_care_worst over the domains other than LVB, without branches: the worst severity
 * (worst_sev) and the lowest domain that has it (-1 when every severity is 0, so a domain
 * exactly when the severity is above 0). */
static inline float worst_nonlvb(float *const prob[MDL_N_DOMAINS], uint32_t i, int *d)
{
    float v[MDL_N_DOMAINS - 1], m = worst_sev(prob, i);
    for (int k = 0; k < MDL_N_DOMAINS - 1; k++)
        v[k] = prob[k][i];
    int bd = -1;
    for (int k = MDL_N_DOMAINS - 2; k >= 0; k--)
        bd = v[k] == m ? k : bd;
    *d = m > 0 ? bd : -1;
    return m;
}

enum { A_TEAM, A_GP, A_UNREACHED, A_GAVE_UP, A_CRISIS, A_N };

/* A household that draws this tick, as the walk over its marked members (hs_scan) found it. */
typedef struct hs_drawer {
    double above;  /* a word at least this does not ask, whatever reluctance and trust (ask_bound) */
    int32_t who;   /* the person whose problem the household may ask about */
    float need;    /* that problem's severity */
    uint8_t youth; /* that person is a youth */
    uint8_t asks;  /* the household may ask: a word compared with the probability of asking */
} hs_drawer;

/* The words from which a household whose worst need is "need" does not ask: the probability
 * of asking without the reluctance and trust factors (both at most 1; a margin covers
 * rounding), times 2^32, or 2^32 (no word) when that probability reaches 1. */
static inline double ask_bound(const hs_ctx *cx, float need, int youth)
{
    double bound = cx->seek_base * need * (youth ? cx->p->youth_seek_factor : 1.0) * (1 + 1e-9);
    return bound < 1 ? bound * 4294967296.0 : 4294967296.0;
}

/* Whether household h may ask: no case, intake or quiet period. */
static inline int hs_may_ask(const hs_ctx *cx, uint32_t h)
{
    const mdl_care_cols *c = &cx->s->c;
    return !(c->case_pro[h] | c->intake_since[h]) && cx->tick >= c->seek_block_until[h];
}

/* Other routes into youth care: youth doctor, certified institution, self-referral, for a
 * youth's parenting or mental problem of at least other_threshold, the worse of the two
 * (mental on a tie, as worst_nonlvb), whatever the youth's worst domain (before, only a worst
 * problem in those domains counted); child protection places a youth whose parenting problem
 * reaches protection_threshold in residential care. A word of "hr" per such youth i of
 * household h, in the order of the members (hs_scan), before the household's own; a
 * household with a case, waiting for an intake or in its quiet period does not ask, but its
 * youths still meet the other routes (before, they did not). */
static inline void other_route(sim_world *w, const hs_ctx *cx, uint32_t h, uint32_t i, mdl_lazy *hr)
{
    const mdl_care_cols *c = &cx->s->c;
    float par = c->prob[DOM_PARENTING][i], men = c->prob[DOM_MENTAL][i];
    if (fmax2(par, men) >= cx->other_f && mdl_word_chance(mdl_lazy_u32(w, hr), cx->p_other)) /* as sim_rng_chance */
        mdl_care_refer(w, c, i, (int32_t)h, c->hh_area[h], par >= cx->protect_f ? PK_YOUTH_RESIDENTIAL : PK_YOUTH_GGZ,
                       par >= cx->protect_f || par > men ? DOM_PARENTING : DOM_MENTAL, ROUTE_OTHER, 0);
}

/* The walk over household h's members that mark_persons marked: the worst severity and who
 * has it (a youth's, raised earlier, when no member's reaches seek_threshold), and whether the
 * household may ask (hs_may_ask, the return value); its youths meet the other routes on the
 * way (other_route, with the first words of "hr": only in a household marked HS_OTHER). Before,
 * other_routes walked the members of such a household a second time. The referrals
 * (mdl_care_refer) change none of the rows the walk reads, nor does hs_ask, but for its own
 * household's, so a household may be walked after the words of its chunk are drawn, once its
 * word is known. */
static inline int hs_scan(sim_world *w, const hs_ctx *cx, uint32_t h, hs_drawer *d, mdl_lazy *hr)
{
    const hs_state *s = cx->s;
    const mdl_care_cols *c = &s->c;
    const int32_t *next = c->next_member, *bd = c->birth_day;
    float need = 0, yneed = 0;
    int32_t who = c->hh_first[h], ywho = who;
    for (int32_t ii = c->hh_first[h]; ii >= 0; ii = next[ii]) {
        uint32_t i = (uint32_t)ii;
        if (!s->cand[i])
            continue; /* nothing to ask about, or a specialist already treats or expects this person */
        float v = worst_sev(c->prob, i);
        if (v > need)
            need = v, who = (int32_t)i;
        if (bd[i] <= cx->adult_by)
            continue;
        if (v > yneed)
            yneed = v, ywho = (int32_t)i;
        other_route(w, cx, h, i, hr);
    }
    int asks = hs_may_ask(cx, h);
    if (need < cx->seek_f && yneed >= cx->youth_f && yneed > 0)
        need = yneed, who = ywho; /* a child's problem is raised earlier */
    else if (need < cx->seek_f || !(need > 0))
        asks = 0;
    if (asks) { /* then "who" has a problem: a member */
        d->youth = bd[who] > cx->adult_by;
        d->above = ask_bound(cx, need, d->youth);
    }
    d->who = who;
    d->need = need;
    d->asks = (uint8_t)asks;
    return asks;
}

/* Whether and where household h asks, given its word "u" (drawn from "hr", the draws after it
 * too), below the bound d->above: hs_body compares it first, and only below it are the adults'
 * reluctance, trust and skills read, and the worst domain of the person who asks worked out
 * (worst_nonlvb: a domain, not -1, exactly when the need is above 0), without a call for
 * the others. */
static void hs_ask(sim_world *w, const hs_ctx *cx, uint32_t h, const hs_drawer *d, uint32_t u, mdl_lazy *hr,
                   double n[A_N])
{
    const hs_state *s = cx->s;
    const mdl_helpseek_params *p = cx->p;
    const mdl_care_cols *c = &s->c;
    const int32_t *bd = c->birth_day;
    int32_t who = d->who;
    float need = d->need;
    int youth = d->youth;
    float relu = 0, trust = 0;
    int adults = 0, low = 1;
    for (int32_t i = c->hh_first[h]; i >= 0; i = c->next_member[i]) {
        if (bd[i] <= cx->adult_by) {
            adults++;
            relu += s->reluctance[i];
            trust += s->trust[i];
            low &= s->digital_low[i] || s->literacy_low[i];
        }
    }
    if (adults) {
        relu /= (float)adults;
        trust /= (float)adults;
    } else {
        low = 0;
    }
    double ps = p->seek_rate_per_week * cx->wk * need * (1 - p->reluctance_effect * relu) *
                (1 - p->trust_effect * (1 - trust));
    if (youth)
        ps *= p->youth_seek_factor;
    if (ps < 1 && !(ps > 0 && (double)u < ps * 4294967296.0))
        return; /* as sim_rng_chance with this word */
    sim_rng_stream *r = mdl_lazy_get(w, hr);
    int dom;
    (void)worst_nonlvb(c->prob, (uint32_t)who, &dom);
    double to_gp = dom == DOM_MENTAL ? p->p_gp_mental
                   : dom == DOM_PARENTING ? p->p_gp_youth
                   : dom == DOM_CARE ? p->p_gp_care : 0.0;
    int route = sim_rng_chance(r, to_gp) ? ROUTE_GP : ROUTE_TEAM;
    if (route == ROUTE_TEAM) {
        int crisis = p->team_access == ACCESS_CRISIS_LINE && need >= p->crisis_severity;
        double reach = p->team_access != ACCESS_ONLINE ? p->p_reach_walk_in
                       : low ? p->p_reach_online_low_digital : p->p_reach_online;
        if (crisis || sim_rng_chance(r, reach)) {
            c->intake_since[h] = cx->tick + 1;
            c->intake_crisis[h] = (uint8_t)crisis;
            c->seek_route[h] = ROUTE_TEAM;
            n[A_TEAM] += 1;
            n[A_CRISIS] += crisis;
            sim_emit(w, s->e_sought, (int32_t)h, who, ROUTE_TEAM, need);
            return;
        }
        n[A_UNREACHED] += 1;
        sim_emit(w, s->e_unreached, (int32_t)h, who, -1, need);
        if (!sim_rng_chance(r, p->p_fallback_gp)) {
            n[A_GAVE_UP] += 1;
            c->seek_block_until[h] = cx->tick + (int32_t)lround(p->retry_weeks / cx->wk);
            return;
        }
    }
    c->seek_route[h] = ROUTE_GP;
    n[A_GP] += 1;
    sim_emit(w, s->e_sought, (int32_t)h, who, ROUTE_GP, need);
}

/* Most households have no problem worth asking about: only the households with a member
 * marked by mark_persons are looked at; their streams' first blocks are filled together, all
 * of the chunk's at once (sim_rng_first_blocks_list, sixteen at a time: before, windows of 512
 * households each ended in a part-filled batch), and opened past it only when a household asks.
 * The first word of a household without a youth on another route is compared with the bound
 * of hs_ctx.above first: the person who asks is an adult who marked a household or a youth
 * (only if one marked this one), so the need is at most the largest severity of those
 * (hs_ctx.top), and ask_bound grows with the need; a word at least that bound does not ask.
 * Only below it (about one in ten) are the household's own rows read (hs_may_ask: case, intake,
 * quiet period; before, they were read for every marked household, to leave those that may not
 * ask out of the blocks filled) and its members walked (hs_scan). Same draws, same results
 * as working everything out for every household. Built for AVX2 too (MDL_VECTOR): fewer
 * instructions for the masks and the three-operand forms (no FMA: the same numbers). */
MDL_VECTOR
static void hs_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    hs_ctx *cx = vc;
    mdl_care_cols *c = &cx->s->c;
    const uint32_t purpose = MDL_PURPOSE(MNO_HELPSEEK, PUR_SEEK);
    double n[A_N] = {0};
    memset(c->network_meeting + b, 0, e - b);
    memset(c->seek_route + b, ROUTE_NONE, e - b);
    uint32_t hh[SIM_CHUNK], first[SIM_CHUNK][4], nd = 0; /* 40 kB on the stack */
    for (uint32_t base = b; base < e; base += 64) {
        const uint8_t *mk = cx->hh_cand + base;
        for (uint64_t hm = mdl_bytes_mask(mk, e - base < 64 ? e - base : 64); hm; hm &= hm - 1)
            hh[nd++] = base + (uint32_t)__builtin_ctzll(hm);
    }
    sim_rng_first_blocks_list(sim_seed(w), purpose, hh, nd, sim_tick(w), first);
    for (uint32_t k = 0; k < nd; k++) {
        uint32_t h = hh[k];
        uint8_t youth = cx->hh_youth[h];
        uint32_t u = first[k][0];
        hs_drawer d;
        if (!(youth & HS_OTHER) && (u >= cx->above[youth & HS_YOUTH] || !hs_may_ask(cx, h)))
            continue; /* nearly every household: no walk over its members and no stream */
        mdl_lazy hr;
        mdl_lazy_init_first(&hr, purpose, h, first[k]);
        if (!hs_scan(w, cx, h, &d, &hr))
            continue;
        uint32_t a = mdl_lazy_u32(w, &hr); /* the word sim_rng_chance would draw */
        if ((double)a < d.above) /* else it does not ask, whatever reluctance and trust */
            hs_ask(w, cx, h, &d, a, &hr, n);
    }
    for (int a = 0; a < A_N; a++)
        acc[a] += n[a];
}

/* the names of the world's scratch buffers (sim_scratch) of the households' marks and the
 * households' youths (hs_ctx.hh_youth) */
static const char scr_hh_cand, scr_hh_youth;

static void hs_step(sim_world *w, const void *vp, void *vs)
{
    hs_state *s = vs;
    const mdl_helpseek_params *p = vp;
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    double wk = sim_days_per_tick(w) / 7.0;
    hs_ctx cx = {s,
                 p,
                 mdl_care_float_threshold(fmin(p->seek_threshold, fmin(p->other_threshold, p->youth_seek_threshold))),
                 mdl_care_float_threshold(p->seek_threshold),
                 mdl_care_float_threshold(p->youth_seek_threshold),
                 mdl_care_float_threshold(p->other_threshold),
                 mdl_care_float_threshold(p->protection_threshold),
                 mdl_birth_cut(sim_day(w), 18),
                 (int32_t)sim_tick(w),
                 wk,
                 p->p_other_per_week * wk,
                 p->seek_rate_per_week * wk,
                 sim_scratch(w, &scr_hh_cand, (size_t)nh + 1, 1),
                 sim_scratch(w, &scr_hh_youth, (size_t)nh + 1, 1),
                 {0, 0},
                 {0, 0},
                 NULL};
    mdl_seek_note *note = sim_world_note(w, MDL_NOTE_SEEK, sizeof *note);
    if (!cx.hh_cand || !cx.hh_youth || !note) {
        sim_world_fail(w, "helpseek: out of memory");
        return;
    }
    sim_for_zero(w, cx.hh_cand, nh, 1);
    sim_for_zero(w, cx.hh_youth, nh, 1);
    /* the marks the problems phase left, when it ran right before this one in this tick, for
     * these persons, with these thresholds (lo above 0: a person without problems has a mark
     * of 0); else the severities themselves */
    uint32_t np = sim_world_count(w, SIM_PERSON);
    if (note->tick1 == sim_tick(w) + 1 && note->phase + 1 == sim_phase_index(w) && note->persons == np && cx.lo > 0 &&
        note->lo == cx.lo && note->seek == cx.seek_f && note->other == cx.other_f)
        cx.mark = note->mark;
    sim_for(w, np, mark_persons, &cx, NULL, 0);
    if (cx.mark) {
        memcpy(&cx.top[0], &note->top, sizeof cx.top[0]);
        cx.top[1] = cx.top[0];
    }
    /* the thresholds for the marks of the next tick */
    note->lo = cx.lo;
    note->seek = cx.seek_f;
    note->other = cx.other_f;
    note->armed = 1;
    double above = ask_bound(&cx, hs_top_float(cx.top[0]), 0);
    cx.above[0] = (uint64_t)ceil(above);
    cx.above[1] = (uint64_t)ceil(fmax(above, ask_bound(&cx, hs_top_float(cx.top[1]), 1)));
    double acc[A_N] = {0};
    sim_for(w, nh, hs_body, &cx, acc, A_N);
    sim_ind_set(w, s->i_seek[ROUTE_TEAM], acc[A_TEAM]);
    sim_ind_set(w, s->i_seek[ROUTE_GP], acc[A_GP]);
    sim_ind_set(w, s->i_unreached, acc[A_UNREACHED]);
    sim_ind_set(w, s->i_gave_up, acc[A_GAVE_UP]);
    sim_ind_set(w, s->i_crisis, acc[A_CRISIS]);
}

const sim_model mdl_helpseek = {"helpseek", "Help-seeking: GP, wijkteam or nobody; reachability of the team.",
                                &mdl_helpseek_section, sizeof(hs_state), hs_init, hs_step};
