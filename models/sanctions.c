/* sanctions.c: Participatiewet art. 18. Bijstand households have obligations towards the
 * municipality (information requests, appointments with the work consultant) that arrive by
 * letter. Each tick an obligation may be missed, more often when the household's letters lie
 * unopened, when an adult cannot read official letters, and with mental or LVB problems. A
 * missed obligation brings a sanction: a share of the bijstand withheld for some months
 * (households.sanction_ticks and sanction_share, applied by benefits.c). Tailored sanctions
 * (art. 18 par. 11-12, lever): a household whose worst mental or LVB problem is at least
 * tailor_threshold is found not culpable and is not sanctioned; others get a smaller share. */
#include "sanctions.h"
#include "../sim/nabij.h"
#include "common.h"
#include "quick.h"
#include <math.h>

#define S mdl_sanctions_params
static const scn_param params[] = {
    SCN_P_REAL(S, obligations_per_month, 0, 30, 1, "obligations/month",
               "assumption: Participatiewet art. 17 and 9: an information request, a form or an appointment "
               "with the work consultant about once a month",
               "Obligations towards the municipality per bijstand household per month."),
    SCN_P_REAL(S, p_miss, 0, 1, 0.0009, "probability",
               "assumption: calibrated so that about 5 % of bijstand households get a sanction a year (national "
               "counts of maatregelen, tens of thousands a year on about 400,000 households, suggest 5-10 %); uncertain",
               "Probability that a household without aggravating circumstances misses one obligation."),
    SCN_P_REAL(S, letters_effect, 0, 100, 4, "ratio",
               "seed 000: obligations come by letter, and unopened letters pile up; assumption on the size",
               "Multiplier of the miss probability when the household has unopened letters."),
    SCN_P_REAL(S, literacy_effect, 0, 100, 2, "ratio",
               "seed 000 §7: official letters are unreadable for many; assumption on the size",
               "Multiplier of the miss probability when an adult of the household cannot read official letters well."),
    SCN_P_REAL(S, problem_effect, 0, 100, 3, "per unit severity",
               "assumption: mental problems and LVB make appointments and forms hard to keep",
               "The miss probability is multiplied by 1 + problem_effect x the worst mental or LVB severity of the adults."),
    SCN_P_REAL(S, sanction_share, 0, 1, 1, "share of bijstand",
               "Participatiewet art. 18 and municipal bylaws: often 100 % (DOMAIN.md 3)",
               "Share of the bijstand withheld by a sanction."),
    SCN_P_INT(S, sanction_months, 0, 12, 1, "months",
              "Participatiewet art. 18: often one to three months (DOMAIN.md 3); 0 switches sanctions off",
              "Length of a sanction."),
    SCN_P_BOOL(S, tailored, 0,
               "seed 000 §8, Participatiewet art. 18 par. 11-12: sanctions may be tailored to the circumstances, "
               "but municipalities rarely dare (policy lever; baseline off)",
               "Tailored sanctions: no sanction when a serious mental or LVB problem makes the household not "
               "culpable, a smaller share otherwise."),
    SCN_P_REAL(S, tailor_threshold, 0, 1, 0.5, "severity 0..1",
               "assumption: verminderde verwijtbaarheid needs a serious, known problem",
               "With tailored sanctions: worst mental or LVB severity of the adults from which no sanction is imposed."),
    SCN_P_REAL(S, tailored_factor, 0, 1, 0.5, "ratio",
               "assumption: a tailored sanction is lower (art. 18 par. 2, proportionality)",
               "With tailored sanctions: factor on sanction_share for households that are sanctioned."),
};
#undef S
const scn_section mdl_sanctions_section =
    SCN_SECTION("sanctions", "Participatiewet art. 18: missed obligations and sanctions on bijstand.",
                mdl_sanctions_params, params);

enum { PUR_MISS = 0 };

typedef struct san_state {
    const int32_t *first, *next, *birth_day, *unopened;
    const uint8_t *sharers, *literacy_low, *income;
    const float *mental, *lvb;
    int32_t *ticks;
    float *share;
    int i_active, i_imposed, i_waived;
    int e_sanction, e_waived;
} san_state;

static int san_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    san_state *s = vs;
    s->first = sim_col(w, SIM_HOUSEHOLD, "first_member");
    s->next = sim_col(w, SIM_PERSON, "next_member");
    s->birth_day = sim_col(w, SIM_PERSON, "birth_day");
    s->literacy_low = sim_col(w, SIM_PERSON, "literacy_low");
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->mental = sim_col(w, SIM_PERSON, "prob_mental");
    s->lvb = sim_col(w, SIM_PERSON, "prob_lvb");
    s->sharers = sim_col(w, SIM_HOUSEHOLD, "cost_sharers");
    s->unopened = sim_col(w, SIM_HOUSEHOLD, "letters_unopened"); /* optional: letters model */
    if (!s->first || !s->next || !s->birth_day || !s->literacy_low || !s->income || !s->mental || !s->lvb ||
        !s->sharers) {
        sim_world_fail(w, "sanctions needs population and benefits before it");
        return NABIJ_EINVAL;
    }
    if (!(s->ticks = sim_col_add(w, SIM_HOUSEHOLD, "sanction_ticks", SIM_I32, 0, "ticks",
                                 "Ticks left of an art. 18 sanction on the household's bijstand (0: none).")) ||
        !(s->share = sim_col_add(w, SIM_HOUSEHOLD, "sanction_share", SIM_F32, 0, "share",
                                 "Share of the bijstand an active sanction withholds.")))
        return NABIJ_ENOMEM;
    s->i_active = sim_ind_add(w, "households_sanctioned", "households",
                              "Bijstand households under an art. 18 sanction this tick.");
    s->i_imposed = sim_ind_add(w, "sanctions_imposed", "sanctions per tick",
                               "Art. 18 sanctions imposed after a missed obligation.");
    s->i_waived = sim_ind_add(w, "sanctions_waived", "sanctions per tick",
                              "Missed obligations not sanctioned because tailoring found the household not culpable.");
    s->e_sanction = sim_event_kind_add(w, "sanctioned",
                                       "{person} missed an obligation to the municipality; the bijstand was cut by "
                                       "a share {amount} for a while (art. 18).", NULL);
    s->e_waived = sim_event_kind_add(w, "sanction_waived",
                                     "{person} missed an obligation; the municipality tailored the sanction to "
                                     "{person}'s problems and imposed none.", NULL);
    return s->e_waived < 0 ? s->e_waived : 0;
}

typedef struct san_ctx {
    san_state *s;
    const mdl_sanctions_params *p;
    double per_tick;  /* obligations per tick */
    double bound32;   /* upper bound of the miss chance of any household, x 2^32 */
    double len;       /* ticks of one sanction (a whole number of ticks, on average this) */
    int32_t cut_18;   /* latest birth day of an adult (quick.h) */
    uint64_t seed;    /* sim_seed and sim_tick, for the first blocks */
    uint32_t tick;
} san_ctx;

enum { A_ACTIVE, A_IMPOSED, A_WAIVED, A_N };

/* Chance that a household with miss probability "pm" per obligation misses at least one of
 * this tick's obligations. */
static double miss_chance(const san_ctx *c, double pm)
{
    return 1 - pow(1 - fmin(1, pm), c->per_tick);
}

/* Households [0, n) of a block: act[k] is 1 for those under a sanction or on bijstand, the
 * only ones san_body changes or counts. Without branches (vectorised). */
MDL_VECTOR
static void block_act(const int32_t *restrict ticks, const uint8_t *restrict sharers, uint32_t n,
                      uint8_t *restrict act)
{
    for (uint32_t k = 0; k < n; k++)
        act[k] = (uint8_t)((ticks[k] > 0) | (sharers[k] != 0));
}

/* Household "h", on bijstand and not under a sanction, whose first word "r[0]" is below the
 * bound of the miss chance (few are): its adults decide the chance, which that word is drawn
 * against, and a miss brings a sanction, its length rounded by the next word "r[1]". */
static void miss(sim_world *w, const san_ctx *c, uint32_t h, const uint32_t r[4], double *acc)
{
    const san_state *s = c->s;
    const mdl_sanctions_params *p = c->p;
    int32_t who = s->first[h];
    int literacy = 0;
    float worst = 0;
    for (int32_t i = s->first[h]; i >= 0; i = s->next[i]) {
        if (s->birth_day[i] > c->cut_18) /* under 18 */
            continue;
        literacy |= s->literacy_low[i];
        float v = s->mental[i] > s->lvb[i] ? s->mental[i] : s->lvb[i];
        if (v > worst)
            worst = v;
        if (s->income[i] == INC_BIJSTAND && s->income[who] != INC_BIJSTAND)
            who = i;
    }
    double pm = p->p_miss * (1 + p->problem_effect * worst);
    if (s->unopened && s->unopened[h] > 0)
        pm *= p->letters_effect;
    if (literacy)
        pm *= p->literacy_effect;
    if (!((double)r[0] < miss_chance(c, pm) * 4294967296.0)) /* as sim_rng_chance */
        return;
    double share = p->sanction_share;
    if (p->tailored) {
        if (worst >= p->tailor_threshold) {
            acc[A_WAIVED] += 1;
            sim_emit(w, s->e_waived, (int32_t)h, who, -1, worst);
            return;
        }
        share *= p->tailored_factor;
    }
    if (share <= 0)
        return;
    /* whole ticks: the next word rounds the length up with the chance of its fraction, so
     * that a sanction lasts its months on average (4.35 weekly ticks a month; before, always
     * 4, about 8 % short) */
    int32_t n = (int32_t)c->len;
    n += (double)r[1] < (c->len - n) * 4294967296.0;
    s->ticks[h] = n > 0 ? n : 1;
    s->share[h] = (float)share;
    acc[A_IMPOSED] += 1;
    sim_emit(w, s->e_sanction, (int32_t)h, who, -1, share);
}

/* The "n" households "hh" that draw, in order: their first blocks filled together
 * (sim_rng_first_blocks_list), the first word of each compared with the bound of the miss
 * chance, and the adults looked at (miss) only where it is below, as it is for few. */
static void draw_misses(sim_world *w, const san_ctx *c, const uint32_t *hh, uint32_t n, double *acc)
{
    uint32_t first[SIM_RNG_LANES][4];
    sim_rng_first_blocks_list(c->seed, MDL_PURPOSE(MNO_SANCTIONS, PUR_MISS), hh, n, c->tick, first);
    for (uint32_t k = 0; k < n; k++)
        if ((double)first[k][0] < c->bound32)
            miss(w, c, hh[k], first[k], acc);
}

/* The households of block_act, 64 at a time, in order. A household draws at most two words
 * of its stream, both among the stream's first four: those that draw are listed, and each
 * SIM_RNG_LANES of them (the chunk's last few together) draw from first blocks filled side
 * by side (draw_misses), without the set-up of a stream or a block at a time. Only they
 * emit events, in the order listed; a sanction that runs is counted down at once, as it
 * changes only its own row. */
static void san_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    san_ctx *c = vc;
    san_state *s = c->s;
    int32_t *restrict ticks = s->ticks;
    const uint8_t *restrict sharers = s->sharers;
    uint32_t active = 0, hh[SIM_RNG_LANES], nd = 0;
    uint8_t act[64];
    for (uint32_t base = b; base < e; base += 64) {
        uint32_t nb = e - base < 64 ? e - base : 64;
        block_act(ticks + base, sharers + base, nb, act);
        for (uint64_t m = mdl_bytes_mask(act, nb); m; m &= m - 1) {
            uint32_t h = base + (uint32_t)__builtin_ctzll(m);
            if (ticks[h] > 0) {
                /* the sanction ends with the bijstand (before, it ran on, and counted, in a
                 * household that had left bijstand or dissolved) */
                ticks[h] = sharers[h] ? ticks[h] - 1 : 0;
                active += sharers[h] != 0;
                continue;
            }
            if (sharers[h] == 0 || c->len <= 0)
                continue; /* no bijstand */
            hh[nd++] = h;
            if (nd == SIM_RNG_LANES) {
                draw_misses(w, c, hh, nd, acc);
                nd = 0;
            }
        }
    }
    if (nd)
        draw_misses(w, c, hh, nd, acc);
    acc[A_ACTIVE] += active;
}

static void san_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_sanctions_params *p = vp;
    double month_ticks = (365.2425 / 12) / sim_days_per_tick(w);
    san_ctx c = {.s = vs, .p = p, .per_tick = p->obligations_per_month / month_ticks,
                 .len = (double)p->sanction_months * month_ticks, .seed = sim_seed(w), .tick = sim_tick(w)};
    c.cut_18 = mdl_birth_cut(sim_day(w), 18);
    /* severities are 0..1: no household misses with a higher chance (effects below 1 only
     * lower it; the margin covers rounding) */
    c.bound32 = miss_chance(&c, p->p_miss * (1 + fmax(0, p->problem_effect)) * fmax(1, p->letters_effect) *
                                    fmax(1, p->literacy_effect)) * 4294967296.0 * (1 + 1e-9);
    double acc[A_N] = {0};
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), san_body, &c, acc, A_N);
    san_state *s = vs;
    sim_ind_set(w, s->i_active, acc[A_ACTIVE]);
    sim_ind_set(w, s->i_imposed, acc[A_IMPOSED]);
    sim_ind_set(w, s->i_waived, acc[A_WAIVED]);
}

const sim_model mdl_sanctions = {"sanctions", "Participatiewet art. 18: missed obligations and sanctions.",
                                 &mdl_sanctions_section, sizeof(san_state), san_init, san_step};
