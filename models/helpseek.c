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
    int32_t adult_by;  /* latest birth day of an adult (mdl_birth_cut) */
    uint8_t *hh_cand; /* per household: a member is marked (mark_persons) */
    float *worst;     /* per person: the worst severity outside LVB, as worst_nonlvb (mark_persons) */
} hs_ctx;

static inline float fmax2(float a, float b)
{
    return a > b ? a : b;
}

/* Per person, in index order (vectorised): clear treated_domains, and mark the persons who
 * may matter to their household's decision: worst severity outside LVB (DOM_LVB is the last
 * domain) at least the lowest threshold, and no specialist who treats or expects them. The
 * households of those among them who are youths or whose worst severity reaches
 * seek_threshold are marked too (a store of 1 from any thread: the same in any order): an
 * adult below it is never the one who asks, nor a youth referred by another route, so a
 * household without such a member does nothing in hs_body (its need stays below the
 * threshold, its youths' need below the youth thresholds: it asks nobody). The worst
 * severity is kept for hs_body, worked out as worst_nonlvb does (from 0, domain by domain,
 * so the same float whatever the values). */
MDL_VECTOR
static void mark_persons(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    hs_ctx *cx = vc;
    hs_state *s = cx->s;
    memset(s->c.treated + b, 0, e - b);
    float *const *pr = s->c.prob;
    const float *restrict s0 = pr[0], *restrict s1 = pr[1], *restrict s2 = pr[2], *restrict s3 = pr[3],
                          *restrict s4 = pr[4], *restrict s5 = pr[5];
    const uint8_t *restrict spec = s->c.spec_state;
    uint8_t *restrict cand = s->cand;
    float *restrict worst = cx->worst;
    float lo = cx->lo;
    for (uint32_t i = b; i < e; i++)
        worst[i] = fmax2(s5[i], fmax2(s4[i], fmax2(s3[i], fmax2(s2[i], fmax2(s1[i], fmax2(s0[i], 0.0f))))));
    /* a loop of its own: with the bytes GCC does not vectorise the one above. The worst
     * severity reaches lo exactly when the largest of the six does: severities are numbers
     * from 0 (before, the six were compared again here) */
    for (uint32_t i = b; i < e; i++)
        cand[i] = (uint8_t)((worst[i] >= lo) & (spec[i] == SPEC_NONE));
    /* the few marked, 64 at a time: a branch per person would often guess wrong */
    const int32_t *hh = s->household, *bd = s->c.birth_day;
    const float seek_f = cx->seek_f;
    const int32_t adult_by = cx->adult_by;
    for (uint32_t base = b; base < e; base += 64) {
        uint64_t m = mdl_bytes_mask(cand + base, e - base < 64 ? e - base : 64);
        for (; m; m &= m - 1) {
            uint32_t i = base + (uint32_t)__builtin_ctzll(m);
            if (hh[i] >= 0 && (worst[i] >= seek_f || bd[i] > adult_by))
                __atomic_store_n(&cx->hh_cand[hh[i]], 1, __ATOMIC_RELAXED);
        }
    }
}

_Static_assert(DOM_LVB == MDL_N_DOMAINS - 1 && MDL_N_DOMAINS == 7, "mark_persons reads domains 0-5");

/* As mdl_care_worst over the domains other than LVB, without branches: the worst severity and
 * the lowest domain that has it (-1 when every severity is 0, so a domain exactly when the
 * severity is above 0). mark_persons works out the same severity for every person. */
static inline float worst_nonlvb(float *const prob[MDL_N_DOMAINS], uint32_t i, int *d)
{
    float v[MDL_N_DOMAINS - 1], m = 0;
    for (int k = 0; k < MDL_N_DOMAINS - 1; k++) {
        v[k] = prob[k][i];
        m = fmax2(v[k], m);
    }
    int bd = -1;
    for (int k = MDL_N_DOMAINS - 2; k >= 0; k--)
        bd = v[k] == m ? k : bd;
    *d = m > 0 ? bd : -1;
    return m;
}

enum { A_TEAM, A_GP, A_UNREACHED, A_GAVE_UP, A_CRISIS, A_N };

/* Most households have no problem worth asking about: the walk over the members looks
 * further only at the persons mark_persons marked, and the household's stream is opened only
 * for a household that may ask. Its word is compared first with the probability of asking
 * without the reluctance and trust factors (both at most 1; a margin covers rounding): only
 * below that bound are the adults' reluctance, trust and skills read. Same draws, same
 * results as working everything out for every household. Built for AVX2 too (MDL_VECTOR):
 * fewer instructions for the masks and the three-operand forms (no FMA: the same numbers). */
MDL_VECTOR
static void hs_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    hs_ctx *cx = vc;
    hs_state *s = cx->s;
    const mdl_helpseek_params *p = cx->p;
    mdl_care_cols *c = &s->c;
    int32_t tick = (int32_t)sim_tick(w);
    int32_t adult_by = mdl_birth_cut(sim_day(w), 18);
    double wk = sim_days_per_tick(w) / 7.0;
    double p_other = p->p_other_per_week * wk;
    /* float thresholds: for a float severity v, v < seek_min exactly when v < seek_f */
    float seek_f = mdl_care_float_threshold(p->seek_threshold), other_f = mdl_care_float_threshold(p->other_threshold),
          youth_f = mdl_care_float_threshold(p->youth_seek_threshold),
          protect_f = mdl_care_float_threshold(p->protection_threshold);
    double seek_base = p->seek_rate_per_week * wk;
    float *const *prob = c->prob;
    const int32_t *bd = c->birth_day;
    const int32_t *next = c->next_member, *first = c->hh_first;
    const uint8_t *cand = s->cand;
    const float *worst = cx->worst;
    double n_team = 0, n_gp = 0, n_unreached = 0, n_gave_up = 0, n_crisis = 0;
    memset(c->network_meeting + b, 0, e - b);
    memset(c->seek_route + b, ROUTE_NONE, e - b);
    /* only households with a member marked, 64 at a time; the others have nothing to ask about */
    for (uint32_t base = b; base < e; base += 64) {
        const uint8_t *mk = cx->hh_cand + base;
        for (uint64_t hm = mdl_bytes_mask(mk, e - base < 64 ? e - base : 64); hm; hm &= hm - 1) {
            uint32_t h = base + (uint32_t)__builtin_ctzll(hm);
            /* the worst severities as mark_persons kept them; the worst domain of the person
             * who asks is worked out only when the household asks (worst_nonlvb: a domain, not
             * -1, exactly when the need is above 0) */
            float need = 0, yneed = 0;
            int32_t who = first[h], ywho = who;
            mdl_lazy hr; /* most that draw take a word or two: mdl_lazy_u32 */
            mdl_lazy_init(&hr, MDL_PURPOSE(MNO_HELPSEEK, PUR_SEEK), h);
            for (int32_t ii = first[h]; ii >= 0; ii = next[ii]) {
                uint32_t i = (uint32_t)ii;
                if (!cand[i])
                    continue; /* nothing to ask about, or a specialist already treats or expects this person */
                float v = worst[i];
                if (v > need)
                    need = v, who = (int32_t)i;
                if (bd[i] <= adult_by)
                    continue;
                if (v > yneed)
                    yneed = v, ywho = (int32_t)i;
                /* other routes into youth care: youth doctor, certified institution, self-referral,
                 * for a parenting or mental problem of at least other_threshold, the worse of the
                 * two (mental on a tie, as worst_nonlvb), whatever the youth's worst domain (before,
                 * only a worst problem in those domains counted); child protection places a youth
                 * whose parenting problem reaches protection_threshold in residential care */
                float par = prob[DOM_PARENTING][i], men = prob[DOM_MENTAL][i];
                if (fmax2(par, men) >= other_f && mdl_word_chance(mdl_lazy_u32(w, &hr), p_other)) /* as sim_rng_chance */
                    mdl_care_refer(w, c, i, (int32_t)h, c->hh_area[h],
                                   par >= protect_f ? PK_YOUTH_RESIDENTIAL : PK_YOUTH_GGZ,
                                   par >= protect_f || par > men ? DOM_PARENTING : DOM_MENTAL, ROUTE_OTHER, 0);
            }
            /* a household with a case, waiting for an intake or in its quiet period does not
             * ask; its youths still meet the other routes (before, they did not; mdl_care_refer
             * changes none of these rows) */
            if ((c->case_pro[h] | c->intake_since[h]) || tick < c->seek_block_until[h])
                continue;
            if (need < seek_f && yneed >= youth_f && yneed > 0)
                need = yneed, who = ywho; /* a child's problem is raised earlier */
            else if (need < seek_f || !(need > 0))
                continue;
            int youth = bd[who] > adult_by;
            double bound = seek_base * need * (youth ? p->youth_seek_factor : 1.0) * (1 + 1e-9);
            uint32_t u = mdl_lazy_u32(w, &hr); /* the word sim_rng_chance would draw */
            if (bound < 1 && (double)u >= bound * 4294967296.0)
                continue; /* above the bound: does not ask, whatever reluctance and trust */
            float relu = 0, trust = 0;
            int adults = 0, low = 1;
            for (int32_t i = first[h]; i >= 0; i = next[i]) {
                if (bd[i] <= adult_by) {
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
            double ps = p->seek_rate_per_week * wk * need * (1 - p->reluctance_effect * relu) *
                        (1 - p->trust_effect * (1 - trust));
            if (youth)
                ps *= p->youth_seek_factor;
            if (ps < 1 && !(ps > 0 && (double)u < ps * 4294967296.0))
                continue; /* as sim_rng_chance with this word */
            sim_rng_stream *r = mdl_lazy_get(w, &hr);
            int dom;
            (void)worst_nonlvb(prob, (uint32_t)who, &dom);
            double to_gp = dom == DOM_MENTAL ? p->p_gp_mental
                           : dom == DOM_PARENTING ? p->p_gp_youth
                           : dom == DOM_CARE ? p->p_gp_care : 0.0;
            int route = sim_rng_chance(r, to_gp) ? ROUTE_GP : ROUTE_TEAM;
            if (route == ROUTE_TEAM) {
                int crisis = p->team_access == ACCESS_CRISIS_LINE && need >= p->crisis_severity;
                double reach = p->team_access != ACCESS_ONLINE ? p->p_reach_walk_in
                               : low ? p->p_reach_online_low_digital : p->p_reach_online;
                if (crisis || sim_rng_chance(r, reach)) {
                    c->intake_since[h] = tick + 1;
                    c->intake_crisis[h] = (uint8_t)crisis;
                    c->seek_route[h] = ROUTE_TEAM;
                    n_team += 1;
                    n_crisis += crisis;
                    sim_emit(w, s->e_sought, (int32_t)h, who, ROUTE_TEAM, need);
                    continue;
                }
                n_unreached += 1;
                sim_emit(w, s->e_unreached, (int32_t)h, who, -1, need);
                if (!sim_rng_chance(r, p->p_fallback_gp)) {
                    n_gave_up += 1;
                    c->seek_block_until[h] = tick + (int32_t)lround(p->retry_weeks / wk);
                    continue;
                }
            }
            c->seek_route[h] = ROUTE_GP;
            n_gp += 1;
            sim_emit(w, s->e_sought, (int32_t)h, who, ROUTE_GP, need);
        }
    }
    acc[A_TEAM] += n_team;
    acc[A_GP] += n_gp;
    acc[A_UNREACHED] += n_unreached;
    acc[A_GAVE_UP] += n_gave_up;
    acc[A_CRISIS] += n_crisis;
}

/* the names of the world's scratch buffers (sim_scratch) of the households' marks and the
 * persons' worst severities */
static const char scr_hh_cand, scr_worst;

static void hs_step(sim_world *w, const void *vp, void *vs)
{
    hs_state *s = vs;
    const mdl_helpseek_params *p = vp;
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    hs_ctx cx = {s,
                 p,
                 mdl_care_float_threshold(fmin(p->seek_threshold, fmin(p->other_threshold, p->youth_seek_threshold))),
                 mdl_care_float_threshold(p->seek_threshold),
                 mdl_birth_cut(sim_day(w), 18),
                 sim_scratch(w, &scr_hh_cand, (size_t)nh + 1, 1),
                 sim_scratch(w, &scr_worst, (size_t)sim_world_count(w, SIM_PERSON) + 1, sizeof(float))};
    if (!cx.hh_cand || !cx.worst) {
        sim_world_fail(w, "helpseek: out of memory");
        return;
    }
    sim_for_zero(w, cx.hh_cand, nh, 1);
    sim_for(w, sim_world_count(w, SIM_PERSON), mark_persons, &cx, NULL, 0);
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
