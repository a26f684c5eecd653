/* outcomes.c: the last phase. Per person: self-direction (no problem above a threshold),
 * wellbeing, the length of the current problem spell, youth care received this year. Per
 * household: who helps and what it waits for (for the viewer), helpers so far. Costs: every
 * indicator named cost_<payer>_<line>_eur is summed into total_cost_<payer>_eur, so a new
 * budget line needs no change here. It changes no behaviour. */
#include "outcomes.h"
#include "../sim/nabij.h"
#include "care.h"
#include "common.h"
#include "quick.h"
#include <string.h>

#define S mdl_outcomes_params
static const scn_param params[] = {
    SCN_P_REAL(S, self_direction_severity, 0, 1, 0.5, "severity 0..1",
               "DOMAIN.md §5: 'do more people manage to live the life they want'; assumption on the threshold",
               "An adult has control over their own life when no problem is at least this severe and they have a home."),
    SCN_P_REAL(S, problem_severity, 0, 1, 0.3, "severity 0..1", "assumption",
               "A problem spell lasts while the person's worst problem is at least this severe."),
    SCN_P_REAL(S, youth_care_severity, 0, 1, 0.2, "severity 0..1",
               "assumption: CBS counts the team's own youth help as jeugdhulp when it is more than advice; "
               "set to helpseek.youth_seek_threshold, so that help a household asked for because of a child "
               "counts; calibrated to the wijkteam's share of youth care trajectories (31 %, CBS 85096NED 2021)",
               "The wijkteam's help for a youth counts as youth care when the youth's problem is at least this severe."),
};
const scn_section mdl_outcomes_section = SCN_SECTION("outcomes", "Outcomes and costs by payer.", S, params);
#undef S

static const char *const payers[4] = {"municipality", "state", "households", "insurer"};
static const char *const totals[4] = {"total_cost_municipality_eur", "total_cost_state_eur",
                                      "total_cost_households_eur", "total_cost_insurer_eur"};

typedef struct out_state {
    mdl_care_cols c;
    const uint8_t *housing, *plan_network, *bo_pending;
    const int32_t *household;
    float *person_load; /* population's persons.person_problem_load, for the next tick (mdl_loads_note) */
    int16_t *spell, *youth_year;
    uint8_t *spec_hh;
    int i_youth_new[4];
    int i_wellbeing, i_selfdir, i_spell_mean, i_spells_ended, i_spell_ended_weeks, i_youth_care, i_youths,
        i_youth_share, i_homeless, i_helpers_mean, i_helpers_15, i_helped_hh, i_waiting_hh, i_total[4], i_total_all;
} out_state;

static int out_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    out_state *s = vs;
    int rc = mdl_care_cols_init(w, &s->c);
    if (rc)
        return rc;
    s->housing = sim_col(w, SIM_HOUSEHOLD, "housing");
    s->plan_network = sim_col(w, SIM_HOUSEHOLD, "plan_network");
    s->bo_pending = sim_col(w, SIM_HOUSEHOLD, "backoffice_pending");
    s->household = sim_col(w, SIM_PERSON, "household");
    s->person_load = sim_col(w, SIM_PERSON, "person_problem_load");
    if (!s->household || !s->person_load) {
        sim_world_fail(w, "outcomes needs the population model before it");
        return NABIJ_EINVAL;
    }
    if (!(s->spell = sim_col_add(w, SIM_PERSON, "problem_spell_weeks", SIM_I16, 0, "ticks",
                                 "Length of the current spell with a problem at least outcomes.problem_severity.")) ||
        !(s->youth_year = sim_col_add(w, SIM_PERSON, "youth_care_year", SIM_I16, 0, "year",
                                      "Last year in which the person, as a youth, received youth care (team or specialist).")) ||
        !(s->spec_hh = sim_col_add(w, SIM_HOUSEHOLD, "specialist_members", SIM_U8, 0, "bits",
                                   "Members in a specialist trajectory this tick: 1 one waits, 2 one is in care (3 both).")))
        return NABIJ_ENOMEM;
#define IND(var, name, unit, doc) s->var = sim_ind_add(w, name, unit, doc)
    IND(i_wellbeing, "wellbeing_mean", "0..1", "Mean over persons of 1 minus the mean problem severity.");
    IND(i_selfdir, "self_direction_share", "share of adults", "Adults with a home and no severe problem: control over their own life.");
    IND(i_spell_mean, "problem_spell_weeks_mean", "ticks", "Mean length so far of the ongoing problem spells.");
    IND(i_spells_ended, "problem_spells_ended", "persons per tick", "Problem spells that ended.");
    IND(i_spell_ended_weeks, "problem_spells_ended_weeks", "ticks (sum)", "Summed length of the problem spells that ended.");
    IND(i_youth_care, "youths_in_youth_care", "persons", "Youths (under 18) who received youth care this calendar year so far.");
    IND(i_youths, "youths", "persons", "Persons under 18.");
    IND(i_youth_share, "share_youths_in_youth_care", "share of youths", "Youths in youth care this calendar year so far, as a share of youths.");
    IND(i_homeless, "homeless_persons", "persons", "Persons in households whose housing is the street.");
    IND(i_helpers_mean, "helpers_per_household_mean", "professionals", "Mean helpers so far among households that had any.");
    IND(i_helpers_15, "households_15_helpers", "households", "Households that have had 15 or more helpers.");
    IND(i_helped_hh, "households_helped", "households", "Households helped now by the team, a specialist or the network plan.");
    IND(i_waiting_hh, "households_waiting", "households", "Households waiting for an intake, a specialist or the back office.");
    IND(i_youth_new[ROUTE_TEAM], "youth_care_new_team", "youths per tick",
        "Youths starting youth care this calendar year through the wijkteam (its own help or its referral).");
    IND(i_youth_new[ROUTE_GP], "youth_care_new_gp", "youths per tick", "Youths starting youth care this year through a GP referral.");
    IND(i_youth_new[ROUTE_OTHER], "youth_care_new_other", "youths per tick",
        "Youths starting youth care this year by other routes (youth doctor, certified institution, provider, self-referral).");
    for (int k = 0; k < 4; k++)
        IND(i_total[k], totals[k], "EUR per tick", "Sum of this payer's cost indicators (cost_<payer>_<line>_eur).");
    IND(i_total_all, "total_cost_eur", "EUR per tick", "Sum of all payers' costs.");
#undef IND
    return s->i_total_all < 0 ? s->i_total_all : 0;
}

typedef struct out_ctx {
    out_state *s;
    const mdl_outcomes_params *p;
    int year;
    uint8_t *spec_hh; /* households.specialist_members: written by person_body, read after */
} out_ctx;

enum { A_PERS, A_WELL, A_ADULTS, A_SELF, A_SELF_STREET, A_SPELLS, A_SPELL_SUM, A_ENDED, A_ENDED_W, A_YC, A_YOUTH,
       A_HOMELESS, A_HELPED_HH, A_HELPERS, A_H15, A_HELPED_NOW, A_WAIT, A_NEW0, A_NEW1, A_NEW2, A_NEW3, A_MULTI, A_N };

#define OUT_BLOCK 256u
_Static_assert(MDL_N_DOMAINS == 7, "block_counts reads seven domains");

/* "x" where "mask" is -1, +0 where it is 0: an and of the bits, which keeps the loop around
 * it free of branches (a select of x or 0 there stops the compiler's if-conversion). */
static inline float float_masked(float x, int32_t mask)
{
    uint32_t u;
    memcpy(&u, &x, sizeof u);
    u &= (uint32_t)mask;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Counts of one block of persons (spell_sum and ended_w fit in 32 bits: block * 32767). */
typedef struct out_counts {
    uint32_t pers, adults, self, spells, ended, youths, yc, multi;
    int32_t spell_sum, ended_w;
    float sev[8]; /* summed severities, in eight fixed lanes (k % 8) */
} out_counts;

/* Per person of the block [base, base + n) ("pr": the severity columns; the other pointers at the block's first),
 * without branches (the compiler can vectorise it): the worst and the summed severity (sums
 * in domain order), who counts (household >= 0), adults, self-direction, the problem spell
 * (rewritten; dead persons keep theirs), youths and youths already counted for this year;
 * the summed severities of the living are added in eight fixed lanes (k % 8). fresh[k]: 1
 * for a living youth not yet counted this year who was treated this tick for a domain in
 * "youth_mask" (one who may start youth care); spec[k]: 1 for a living person waiting for or
 * in specialist care. One pass over the seven severity columns and the person's other
 * columns, in two loops: the first in 32-bit lanes (the severities, the household and the
 * birth day) counts what needs only those and leaves its other verdicts as a code (32 bits
 * wide: narrowed there, each verdict was packed apart); the second narrows the code once and
 * takes it with the 16- and 8-bit columns in 16-bit lanes, twice as many a vector as when
 * everything was widened to 32 bits. Its counts are 16 bits wide (at most OUT_BLOCK each),
 * the sums of spell lengths 32 bits, each length widened as it is added (fewer instructions
 * than its low byte and its signed rest summed apart in 16 bits). Inlined into
 * person_body, which is built for AVX2 too (MDL_VECTOR), not called: a call took its
 * eighteen arguments, most of them on the stack, for every block. */
static inline __attribute__((always_inline)) void
block_counts(const float *const pr[MDL_N_DOMAINS], uint32_t base, const int32_t *restrict hh, const int32_t *restrict bd,
             int16_t *restrict spell, const int16_t *restrict yyear, const uint8_t *restrict treated,
             const uint8_t *restrict spec_state, uint32_t n, int32_t adult_by, float self_sev, float prob_sev,
             int16_t year, uint8_t youth_mask, uint8_t *restrict fresh, uint8_t *restrict spec, float *restrict load,
             out_counts *restrict o)
{
    const float *restrict p0 = pr[0] + base, *restrict p1 = pr[1] + base, *restrict p2 = pr[2] + base,
                *restrict p3 = pr[3] + base, *restrict p4 = pr[4] + base, *restrict p5 = pr[5] + base,
                *restrict p6 = pr[6] + base;
    float sv[OUT_BLOCK];
    int32_t code[OUT_BLOCK]; /* 1: in a spell, 2: out of one, 4: a youth (all only for the living) */
    uint32_t pers = 0, adults = 0, self = 0, spells = 0, multi = 0;
    for (uint32_t k = 0; k < n; k++) {
        float wk = p0[k], sum = p0[k];
        wk = p1[k] > wk ? p1[k] : wk, sum += p1[k];
        wk = p2[k] > wk ? p2[k] : wk, sum += p2[k];
        wk = p3[k] > wk ? p3[k] : wk, sum += p3[k];
        wk = p4[k] > wk ? p4[k] : wk, sum += p4[k];
        wk = p5[k] > wk ? p5[k] : wk, sum += p5[k];
        wk = p6[k] > wk ? p6[k] : wk, sum += p6[k];
        int32_t alive = hh[k] >= 0, adult = alive & (bd[k] <= adult_by);
        sv[k] = float_masked(sum, -alive); /* the dead add nothing */
        /* the next tick's person load and multiproblem count, as population's person_load_body
         * makes them (mdl_loads_note): its sum starts at +0, ours at the first severity, and
         * the two differ only where ours is -0 (a sum of -0s), which +0 + ours makes +0 */
        load[k] = 0.0f + sum;
        const float t = MDL_MULTI_SEVERITY;
        int32_t many = (int32_t)(p0[k] > t) + (int32_t)(p1[k] > t) + (int32_t)(p2[k] > t) + (int32_t)(p3[k] > t) +
                       (int32_t)(p4[k] > t) + (int32_t)(p5[k] > t) + (int32_t)(p6[k] > t);
        multi += (uint32_t)((many >= 3) & alive);
        int32_t on = alive & (wk >= prob_sev), off = alive & !(wk >= prob_sev);
        pers += (uint32_t)alive;
        adults += (uint32_t)adult;
        self += (uint32_t)(adult & (wk < self_sev));
        spells += (uint32_t)on;
        code[k] = on | off << 1 | (alive & !adult) << 2;
    }
    uint16_t ended = 0, yc = 0;
    int32_t spell_sum = 0, ended_w = 0;
    for (uint32_t k = 0; k < n; k++) {
        int16_t c = (int16_t)code[k], on = c & 1, off = c >> 1 & 1, youth = c >> 2;
        int16_t sp = spell[k];
        int16_t grown = (int16_t)(sp + (sp < 32767));
        /* as masks, not selects, which the vectoriser takes for branches */
        int16_t g = (int16_t)(grown & -on), d = (int16_t)(sp & -off);
        spell[k] = (int16_t)(g | (sp & ((on | off) - 1))); /* the dead keep theirs */
        spell_sum += g;
        ended += off & (sp > 0);
        ended_w += d;
        yc += youth & (yyear[k] == year);
        fresh[k] = (uint8_t)(youth & (yyear[k] != year) & ((treated[k] & youth_mask) != 0));
        spec[k] = (uint8_t)(((c & 3) != 0) & (spec_state[k] != SPEC_NONE));
    }
    float lane[8] = {0};
    uint32_t k = 0;
    for (; k + 8 <= n; k += 8)
        for (int j = 0; j < 8; j++)
            lane[j] += sv[k + j];
    for (; k < n; k++)
        lane[k & 7] += sv[k];
    /* the youths are the living who are not adults: no count of their own in the 16-bit loop,
     * whose counts already outnumber the registers */
    *o = (out_counts){pers, adults, self, spells, ended, pers - adults, yc, multi, spell_sum, ended_w,
                      {lane[0], lane[1], lane[2], lane[3], lane[4], lane[5], lane[6], lane[7]}};
}

/* Per person, in index order (sequential columns): wellbeing, self-direction (the street is
 * subtracted per household in hh_body), the problem spell, youth care this year. Persons who
 * died (household -1) are not counted. Only youths treated this tick for a youth domain can
 * start a year of youth care; block_counts flags them, and a byte mask finds them. In the
 * same pass, the households with a living member waiting for (1) or in (2) specialist care
 * are marked in spec_hh, so that the household pass walks only the members of households
 * that have both (before, a pass of its own over persons.spec_state). Chunks of persons run
 * in parallel; members of one household may sit in two chunks, so the marks are atomic ORs
 * (the result does not depend on their order). */
MDL_VECTOR
static void person_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    out_ctx *cx = vc;
    out_state *s = cx->s;
    const mdl_care_cols *c = &s->c;
    int32_t adult_by = mdl_birth_cut(sim_day(w), 18);
    const unsigned youth_mask = 1u << DOM_PARENTING | 1u << DOM_MENTAL | 1u << DOM_LVB;
    float *const *prob = c->prob;
    const float *pr[MDL_N_DOMAINS];
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        pr[d] = prob[d];
    const int32_t *hh = s->household, *bd = c->birth_day, *case_pro = c->case_pro;
    const uint8_t *treated = c->treated, *spec_state = c->spec_state, *spec_route = c->spec_route;
    int16_t *spell = s->spell, *yyear = s->youth_year;
    float self_sev = mdl_care_float_threshold(cx->p->self_direction_severity);
    float prob_sev = mdl_care_float_threshold(cx->p->problem_severity);
    double yc_sev = cx->p->youth_care_severity;
    int16_t year = (int16_t)cx->year;
    double sev_sum = 0, spell_sum = 0, ended_w = 0;
    uint32_t pers = 0, adults = 0, self = 0, spells = 0, ended = 0, youths = 0, yc = 0, multi = 0, fresh[4] = {0};
    for (uint32_t base = b; base < e; base += OUT_BLOCK) {
        /* severities summed and maxed a block at a time (vectorised) */
        uint32_t n = e - base < OUT_BLOCK ? e - base : OUT_BLOCK;
        uint8_t cand[OUT_BLOCK], in_spec[OUT_BLOCK];
        out_counts o;
        /* a full block (nearly every one) at a constant length: its loops without remainders */
        if (n == OUT_BLOCK)
            block_counts(pr, base, hh + base, bd + base, spell + base, yyear + base, treated + base, spec_state + base,
                         OUT_BLOCK, adult_by, self_sev, prob_sev, year, (uint8_t)youth_mask, cand, in_spec,
                         s->person_load + base, &o);
        else
            block_counts(pr, base, hh + base, bd + base, spell + base, yyear + base, treated + base, spec_state + base,
                         n, adult_by, self_sev, prob_sev, year, (uint8_t)youth_mask, cand, in_spec,
                         s->person_load + base, &o);
        for (int j = 0; j < 8; j++)
            sev_sum += o.sev[j];
        pers += o.pers, adults += o.adults, self += o.self, spells += o.spells, ended += o.ended, multi += o.multi;
        youths += o.youths, yc += o.yc;
        spell_sum += o.spell_sum;
        ended_w += o.ended_w;
        for (uint32_t k0 = 0; k0 < n; k0 += 64) {
            uint32_t len = n - k0 < 64 ? n - k0 : 64;
            for (uint64_t m = mdl_bytes_mask(in_spec + k0, len); m; m &= m - 1) {
                uint32_t i = base + k0 + (uint32_t)__builtin_ctzll(m);
                uint8_t st = spec_state[i];
                __atomic_fetch_or(&cx->spec_hh[hh[i]], (uint8_t)((st == SPEC_IN_CARE) << 1 | (st == SPEC_WAITING)),
                                  __ATOMIC_RELAXED);
            }
            for (uint64_t m = mdl_bytes_mask(cand + k0, len); m; m &= m - 1) {
                uint32_t i = base + k0 + (uint32_t)__builtin_ctzll(m);
                unsigned tm = treated[i] & youth_mask;
                int32_t h = hh[i];
                int spec = spec_state[i] == SPEC_IN_CARE;
                /* the team's own youth help counts for a problem of at least youth_care_severity */
                int team = case_pro[h] && mdl_care_worst(prob, i, tm, NULL) >= yc_sev;
                if (team || spec) {
                    yyear[i] = year;
                    fresh[spec ? (spec_route[i] & 3) : ROUTE_TEAM]++;
                }
            }
        }
    }
    uint32_t nfresh = fresh[0] + fresh[1] + fresh[2] + fresh[3];
    acc[A_PERS] += pers;
    acc[A_WELL] += pers - sev_sum / MDL_N_DOMAINS; /* the sum of 1 - mean severity */
    acc[A_ADULTS] += adults;
    acc[A_SELF] += self;
    acc[A_SPELLS] += spells;
    acc[A_SPELL_SUM] += spell_sum;
    acc[A_ENDED] += ended;
    acc[A_ENDED_W] += ended_w;
    acc[A_YC] += yc + nfresh; /* the fresh ones were not counted for this year before */
    acc[A_YOUTH] += youths;
    acc[A_MULTI] += multi;
    for (int r = 0; r < 4; r++)
        acc[A_NEW0 + r] += fresh[r];
}

/* Members of household "h" in specialist care and waiting: "*in_care" when one is in care,
 * "*waiting" when one before the first in care (in member order) waits. */
static inline void spec_scan(const int32_t *first, const uint8_t *members,
                             const int32_t *next, const uint8_t *spec_state, uint32_t h, int *in_care,
                             int *waiting)
{
    int wt = 0;
    if (members[h]) {
        int32_t i = first[h];
        if (next) {
            for (; i >= 0; i = next[i]) {
                uint8_t st = spec_state[i];
                if (st == SPEC_IN_CARE) {
                    *in_care = 1;
                    break;
                }
                wt |= st == SPEC_WAITING;
            }
        } else {
            for (int32_t end = i + members[h]; i < end; i++) {
                uint8_t st = spec_state[i];
                if (st == SPEC_IN_CARE) {
                    *in_care = 1;
                    break;
                }
                wt |= st == SPEC_WAITING;
            }
        }
    }
    *waiting = wt;
}

#define OUT_HH_BLOCK 64u
_Static_assert(OUT_HH_BLOCK < 256, "block_help counts a block in bytes");
static const uint8_t out_zeros[OUT_HH_BLOCK]; /* for a column another model did not add */

/* Counts of one block of households. */
typedef struct out_hh_counts {
    uint32_t helped_now, waiting, helped_hh, h15;
    int64_t helpers;
} out_hh_counts;

/* Per household of the block [0, n), n <= OUT_HH_BLOCK (pointers at its first), without
 * branches (the compiler vectorises it): hb[k], who helps, and wt[k], what it waits for, from
 * in_care[k] and waiting_spec[k] (specialist care of a member) and the household's columns;
 * changed[k], 1 when either differs from helped_by or waiting; and the block's counts.
 * Inlined into hh_body, which is built for AVX2 too (MDL_VECTOR), not called: a call took its
 * sixteen arguments, most of them on the stack, for every block. */
static inline __attribute__((always_inline)) void
block_help(const uint8_t *restrict in_care, const uint8_t *restrict waiting_spec, const int32_t *restrict case_pro,
           const uint8_t *restrict plan_network, const uint8_t *restrict seek_route,
           const int32_t *restrict intake_since, const uint8_t *restrict bo_pending,
           const int32_t *restrict helpers_col, const uint8_t *restrict members, const uint8_t *restrict helped_by,
           const uint8_t *restrict waiting_col, uint32_t n, uint8_t *restrict hb, uint8_t *restrict wt,
           uint8_t *restrict changed, out_hh_counts *restrict o)
{
    /* counted in bytes, as wide as the flags (n <= OUT_HH_BLOCK) */
    uint8_t helped_now = 0, waiting = 0;
    uint32_t helped_hh = 0, h15 = 0;
    int32_t lived[OUT_HH_BLOCK]; /* the members, widened here for the 32-bit loop below */
    for (uint32_t k = 0; k < n; k++) {
        /* every column loaded, so that the choices are selects, not branches */
        uint8_t ic = in_care[k], ws = waiting_spec[k], pn = plan_network[k], sr = seek_route[k], bo = bo_pending[k];
        int32_t cp = case_pro[k], is = intake_since[k];
        uint8_t b = ic                 ? HB_SPECIALIST
                    : cp               ? (pn ? HB_NETWORK : HB_GENERALIST)
                    : sr == ROUTE_GP   ? HB_GP
                                       : HB_NONE;
        uint8_t t = ws ? WAIT_SPECIALIST : is ? WAIT_TEAM : bo ? WAIT_BACKOFFICE : WAIT_NONE;
        hb[k] = b;
        wt[k] = t;
        changed[k] = (uint8_t)((helped_by[k] != b) | (waiting_col[k] != t));
        helped_now += (uint8_t)((ic != 0) | (cp != 0));           /* b is neither HB_NONE nor HB_GP */
        waiting += (uint8_t)((ws != 0) | (is != 0) | (bo != 0)); /* t is not WAIT_NONE */
        lived[k] = members[k];
    }
    /* the helpers summed as their low 16 bits and the rest, each in 32 bits (exact for the
     * 64 households of a block), so that no 64-bit lane is needed; in 32-bit lanes only (a
     * byte column here had the compiler narrow the tests to bytes and widen them back) */
    uint32_t lo = 0, hi = 0;
    for (uint32_t k = 0; k < n; k++) {
        int32_t hp = helpers_col[k];
        uint32_t on = (hp > 0) & (lived[k] > 0); /* a dissolved household's row keeps its count */
        uint32_t v = on ? (uint32_t)hp : 0;
        helped_hh += on;
        lo += v & 0xffffu;
        hi += v >> 16;
        h15 += on & (hp >= 15);
    }
    *o = (out_hh_counts){helped_now, waiting, helped_hh, h15, (int64_t)hi * 65536 + lo};
}

/* The columns and thresholds of hh_body, copied once a chunk to its stack, where the stores of
 * helped_by and waiting (bytes, which may alias anything) do not make the compiler load them
 * again for every block. */
typedef struct out_hh_cols {
    const mdl_care_cols *c;
    const int32_t *first, *next, *case_pro, *intake_since, *helpers, *birth_day;
    const uint8_t *members, *spec_state, *housing, *plan_network, *seek_route, *bo_pending, *spec_hh;
    uint8_t *helped_by, *waiting;
    int32_t adult_by;
    float self_sev;
} out_hh_cols;

/* What hh_body counts over its blocks. */
typedef struct out_hh_tally {
    double self_street, homeless;
    uint32_t helped_hh, h15, helped_now, waiting;
    int64_t helpers;
} out_hh_tally;

/* The households [base, base + n), n <= OUT_HH_BLOCK, of hh_body: the specialist marks
 * (spec_hh, with a walk of the members of the few households that have both kinds), then
 * block_help for all, then the few households whose helped_by or waiting changed are written
 * (so quiet rows stay clean in the cache) and the few on the street are walked. */
static inline __attribute__((always_inline)) void hh_block(const out_hh_cols *k, uint32_t base, uint32_t n,
                                                           out_hh_tally *t)
{
    const mdl_care_cols *c = k->c;
    const uint8_t *restrict f = k->spec_hh + base;
    uint8_t in_care[OUT_HH_BLOCK], waiting_spec[OUT_HH_BLOCK], both[OUT_HH_BLOCK];
    for (uint32_t j = 0; j < n; j++) {
        in_care[j] = f[j] == 2;
        waiting_spec[j] = f[j] == 1;
        both[j] = f[j] == 3;
    }
    for (uint64_t m = mdl_bytes_mask(both, n); m; m &= m - 1) {
        /* both kinds: which comes first in member order matters */
        uint32_t j = (uint32_t)__builtin_ctzll(m);
        int ic = 0, ws = 0;
        spec_scan(k->first, k->members, k->next, k->spec_state, base + j, &ic, &ws);
        in_care[j] = (uint8_t)ic;
        waiting_spec[j] = (uint8_t)ws;
    }
    uint8_t hb[OUT_HH_BLOCK], wt[OUT_HH_BLOCK], changed[OUT_HH_BLOCK];
    out_hh_counts o;
    block_help(in_care, waiting_spec, k->case_pro + base, k->plan_network ? k->plan_network + base : out_zeros,
               k->seek_route + base, k->intake_since + base, k->bo_pending ? k->bo_pending + base : out_zeros,
               k->helpers + base, k->members + base, k->helped_by + base, k->waiting + base, n, hb, wt, changed, &o);
    t->helped_now += o.helped_now, t->waiting += o.waiting, t->helped_hh += o.helped_hh, t->h15 += o.h15;
    t->helpers += o.helpers;
    for (uint64_t m = mdl_bytes_mask(changed, n); m; m &= m - 1) {
        uint32_t j = (uint32_t)__builtin_ctzll(m), h = base + j;
        if (k->helped_by[h] != hb[j])
            k->helped_by[h] = hb[j];
        if (k->waiting[h] != wt[j])
            k->waiting[h] = wt[j];
    }
    if (k->housing) {
        uint8_t street[OUT_HH_BLOCK];
        const uint8_t *restrict hs = k->housing + base;
        for (uint32_t j = 0; j < n; j++)
            street[j] = hs[j] == HOUSE_STREET;
        for (uint64_t m = mdl_bytes_mask(street, n); m; m &= m - 1) {
            uint32_t h = base + (uint32_t)__builtin_ctzll(m);
            MDL_FOR_MEMBERS(c, h, ii) {
                t->homeless += 1;
                t->self_street += k->birth_day[ii] <= k->adult_by &&
                                  mdl_care_worst(c->prob, (uint32_t)ii, (1u << MDL_N_DOMAINS) - 1u, NULL) < k->self_sev;
            }
        }
    }
}

/* Per household: who helps and what it waits for, helpers so far, the homeless; a block of
 * households at a time (hh_block). */
MDL_VECTOR
static void hh_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    out_ctx *cx = vc;
    out_state *s = cx->s;
    const mdl_care_cols *c = &s->c;
    const out_hh_cols k = {.c = c, .first = c->hh_first, .next = c->next_member, .case_pro = c->case_pro,
                           .intake_since = c->intake_since, .helpers = c->helpers, .birth_day = c->birth_day,
                           .members = c->hh_members, .spec_state = c->spec_state, .housing = s->housing,
                           .plan_network = s->plan_network, .seek_route = c->seek_route, .bo_pending = s->bo_pending,
                           .spec_hh = cx->spec_hh, .helped_by = c->helped_by, .waiting = c->waiting,
                           .adult_by = mdl_birth_cut(sim_day(w), 18),
                           .self_sev = mdl_care_float_threshold(cx->p->self_direction_severity)};
    out_hh_tally t = {0};
    for (uint32_t base = b; base < e; base += OUT_HH_BLOCK) {
        /* a full block (nearly every one) at a constant length: its loops without remainders */
        if (e - base >= OUT_HH_BLOCK)
            hh_block(&k, base, OUT_HH_BLOCK, &t);
        else
            hh_block(&k, base, e - base, &t);
    }
    acc[A_SELF_STREET] += t.self_street;
    acc[A_HOMELESS] += t.homeless;
    acc[A_HELPED_HH] += t.helped_hh;
    acc[A_HELPERS] += (double)t.helpers;
    acc[A_H15] += t.h15;
    acc[A_HELPED_NOW] += t.helped_now;
    acc[A_WAIT] += t.waiting;
}

static void out_step(sim_world *w, const void *vp, void *vs)
{
    out_state *s = vs;
    int y;
    unsigned m, d;
    scn_civil_from_days(sim_day(w), &y, &m, &d);
    uint32_t np = sim_world_count(w, SIM_PERSON), nh = sim_world_count(w, SIM_HOUSEHOLD);
    sim_for_zero(w, s->spec_hh, nh, 1); /* 7.6 MB at national scale */
    out_ctx cx = {s, vp, y, s->spec_hh};
    double acc[A_N] = {0};
    /* the last phase: the severities it reads are those the next tick starts from, and its
     * person pass leaves the next tick's person loads (mdl_loads_note) */
    mdl_loads_note *note = sim_world_note(w, MDL_NOTE_LOADS, sizeof *note);
    if (!sim_phase_is_last(w) || !note) {
        sim_world_fail(w, note ? "outcomes must be the last model of a tick" : "outcomes: out of memory");
        return;
    }
    sim_for(w, np, person_body, &cx, acc, A_N);
    *note = (mdl_loads_note){sim_tick(w) + 2, np, acc[A_MULTI]};
    sim_for(w, nh, hh_body, &cx, acc, A_N);
    sim_ind_set(w, s->i_wellbeing, acc[A_PERS] > 0 ? acc[A_WELL] / acc[A_PERS] : 0);
    sim_ind_set(w, s->i_selfdir, acc[A_ADULTS] > 0 ? (acc[A_SELF] - acc[A_SELF_STREET]) / acc[A_ADULTS] : 0);
    sim_ind_set(w, s->i_spell_mean, acc[A_SPELLS] > 0 ? acc[A_SPELL_SUM] / acc[A_SPELLS] : 0);
    sim_ind_set(w, s->i_spells_ended, acc[A_ENDED]);
    sim_ind_set(w, s->i_spell_ended_weeks, acc[A_ENDED_W]);
    sim_ind_set(w, s->i_youth_care, acc[A_YC]);
    sim_ind_set(w, s->i_youths, acc[A_YOUTH]);
    for (int r = ROUTE_TEAM; r <= ROUTE_OTHER; r++)
        sim_ind_set(w, s->i_youth_new[r], acc[A_NEW0 + r]);
    sim_ind_set(w, s->i_youth_share, acc[A_YOUTH] > 0 ? acc[A_YC] / acc[A_YOUTH] : 0);
    sim_ind_set(w, s->i_homeless, acc[A_HOMELESS]);
    sim_ind_set(w, s->i_helpers_mean, acc[A_HELPED_HH] > 0 ? acc[A_HELPERS] / acc[A_HELPED_HH] : 0);
    sim_ind_set(w, s->i_helpers_15, acc[A_H15]);
    sim_ind_set(w, s->i_helped_hh, acc[A_HELPED_NOW]);
    sim_ind_set(w, s->i_waiting_hh, acc[A_WAIT]);
    /* costs by payer: every indicator cost_<payer>_<line>_eur of this tick */
    double tot[4] = {0};
    size_t n = sim_ind_count(w);
    for (size_t i = 0; i < n; i++) {
        const char *name = sim_ind_name(w, i, NULL, NULL);
        if (strncmp(name, "cost_", 5) != 0)
            continue;
        size_t len = strlen(name);
        if (len < 9 || strcmp(name + len - 4, "_eur") != 0)
            continue;
        for (int k = 0; k < 4; k++) {
            size_t pl = strlen(payers[k]);
            if (!strncmp(name + 5, payers[k], pl) && name[5 + pl] == '_') {
                tot[k] += sim_ind_value(w, i);
                break;
            }
        }
    }
    for (int k = 0; k < 4; k++)
        sim_ind_set(w, s->i_total[k], tot[k]);
    sim_ind_set(w, s->i_total_all, tot[0] + tot[1] + tot[2] + tot[3]);
}

const sim_model mdl_outcomes = {"outcomes", "Outcomes and costs by payer.", &mdl_outcomes_section, sizeof(out_state),
                                out_init, out_step};
