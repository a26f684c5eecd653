/* gp.c: GP practices. A household that came to the GP this tick is seen by its practice:
 * money, work, housing and care problems are sent on to the wijkteam; mild adult mental
 * problems are treated by the practice nurse (POH-GGZ); other psychosocial problems are
 * referred to a specialist by the practice's habit, unless a consultation with a specialist
 * lets the GP keep the case. With the POH-GGZ route, mild psychosocial problems of youths and
 * families go to the wijkteam instead. Visits are resolved in parallel, referrals and
 * consultations (which use providers' hours and waiting lists) in household order. */
#include "gp.h"
#include "quick.h"
#include "../sim/nabij.h"
#include "care.h"
#include "common.h"
#include <math.h>

#define S mdl_gp_params
static const scn_param params[] = {
    SCN_P_INT(S, patients_per_practice, 100, 100000, 3000, "patients",
              "NHG: about 2,100 patients per full-time GP; assumption of 1.5 GPs per practice",
              "Inhabitants per GP practice (the number of practices follows)."),
    SCN_P_REAL(S, refer_mean, 0, 1, 0.85, "probability",
               "CBS 2015: GPs refer most youths to youth care (108,000 against 20,000 via teams); calibrated to the GP "
               "share of youth care trajectories (35.5 %, CBS 85096NED 2021)",
               "Mean over practices of the probability that a GP refers a psychosocial case to a specialist."),
    SCN_P_REAL(S, refer_concentration, 0.5, 1000, 8, "Beta concentration",
               "assumption: referral habits differ between practices",
               "Concentration of the Beta distribution of practices' referral habits (higher: more alike)."),
    SCN_P_BOOL(S, poh_ggz_route, 0,
               "seed 000 §Leerproces: a POH-GGZ can route GP cases to the wijkteam; baseline: no such route",
               "Policy lever: the practice nurse (POH-GGZ) routes mild psychosocial problems of youths and families to the wijkteam."),
    SCN_P_REAL(S, poh_max_severity, 0, 1, 0.55, "severity 0..1",
               "assumption: the POH-GGZ handles mild and moderate problems (basis-GGZ above)",
               "Severity up to which the practice nurse handles a mental problem or routes a psychosocial one."),
    SCN_P_REAL(S, poh_effect, 0, 1, 0.25, "share of severity",
               "assumption: a short series of POH-GGZ sessions",
               "Share of severity that a series of practice-nurse sessions removes."),
    SCN_P_REAL(S, gp_effect, 0, 1, 0.05, "share of severity", "assumption: advice and watchful waiting",
               "Share of severity a GP visit removes when the GP keeps the case."),
    SCN_P_REAL(S, p_consult, 0, 1, 0.1, "probability",
               "seed 000 §5: asking a specialist for advice 'is not yet normal'; assumption on the level",
               "Probability that a GP who would refer first asks a specialist for a consultation (if hours are free)."),
    SCN_P_REAL(S, cost_per_visit_eur, 0, 1000, 35, "EUR", "NZa tariff for a GP consultation, about EUR 35",
               "Cost of a GP visit (insurer)."),
    SCN_P_REAL(S, cost_per_poh_visit_eur, 0, 1000, 60, "EUR", "assumption: NZa POH-GGZ tariffs",
               "Cost of one practice-nurse session (insurer); a series counts five."),
};
const scn_section mdl_gp_section = SCN_SECTION("gp", "GP practices, referral habits and the POH-GGZ route.", S, params);

#define HOURS_PER_CONSULT 1.0
enum { PUR_GP = 0 };

typedef struct gp_state {
    mdl_care_cols c;
    int i_visits, i_poh, i_to_team, i_refer, i_consult, i_cost;
    int e_visit, e_poh, e_to_team, e_consult;
} gp_state;

static int gp_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    gp_state *s = vs;
    int rc = mdl_care_cols_init(w, &s->c);
    if (rc)
        return rc;
    s->i_visits = sim_ind_add(w, "gp_visits", "visits per tick", "Households seen by their GP about a problem.");
    s->i_poh = sim_ind_add(w, "poh_ggz_series", "series per tick", "Series of sessions with the practice nurse (POH-GGZ).");
    s->i_to_team = sim_ind_add(w, "gp_to_team", "households per tick", "Households the GP or POH-GGZ sent on to the wijkteam.");
    s->i_refer = sim_ind_add(w, "gp_referrals_specialist", "referrals per tick", "GP referrals to specialists.");
    s->i_consult = sim_ind_add(w, "gp_consultations", "consultations per tick", "GP consultations with a specialist instead of a referral.");
    s->i_cost = sim_ind_add(w, "cost_insurer_gp_eur", "EUR per tick", "GP visits and practice-nurse sessions (Zvw, insurer).");
    s->e_visit = sim_event_kind_add(w, "gp_visit", "{person} saw the GP.", NULL);
    s->e_poh = sim_event_kind_add(w, "poh_ggz", "{person} had a series of sessions with the practice nurse for mental health.", NULL);
    s->e_to_team = sim_event_kind_add(w, "gp_to_team", "The GP sent {person} on to the wijkteam.", "the GP|the POH-GGZ");
    s->e_consult = sim_event_kind_add(w, "gp_consulted", "The GP asked specialist provider {cp} for advice about {person} instead of referring.", NULL);
    return s->e_consult < 0 ? s->e_consult : 0;
}

#define NONLVB ((1u << MDL_N_DOMAINS) - 1u - (1u << DOM_LVB))

/* names of the world's scratch buffers (sim_scratch) */
static const char scr_refer, scr_who, scr_nrefer, scr_ref;

typedef struct gp_ctx {
    gp_state *s;
    const mdl_gp_params *p;
    int32_t tick, day;
    uint32_t *refer;  /* households whose GP would refer: chunk c lists them from c * SIM_CHUNK */
    uint32_t *who;    /* beside each, the member the visit was for (visit_need) */
    uint32_t *nrefer; /* their number per chunk */
    struct gp_ref *ref; /* the referrals, worked out in parallel for the serial pass */
} gp_ctx;

/* A referral as the serial pass needs it: the household, the person and domain, the kind,
 * area and provider of the referral, whether the GP would ask that provider's advice first
 * (the second draw of the household's stream, after the one that referred), and whether it
 * does (the provider has the hours left: the serial pass) */
typedef struct gp_ref {
    uint32_t h, who;
    int32_t area, sp;
    int8_t dom, kind;
    uint8_t wants_consult, consults;
} gp_ref;

enum { G_VISITS, G_POH, G_TO_TEAM, G_N };

/* The worst problem of person "i" that the GP looks at: its severity and domain ("*dom"). */
static inline float person_need(const gp_state *s, uint32_t i, int *dom)
{
    return mdl_care_worst(s->c.prob, i, NONLVB | (1u << DOM_LVB), dom);
}

/* The worst problem of household "h" among its members without a specialist: its severity,
 * domain ("*dom", -1 for none) and person ("*who"). */
static float visit_need(const gp_state *s, uint32_t h, int *dom, uint32_t *who)
{
    const mdl_care_cols *c = &s->c;
    float need = 0;
    *dom = -1;
    *who = 0;
    MDL_FOR_MEMBERS(c, h, ii) {
        uint32_t i = (uint32_t)ii;
        if (c->spec_state[i] != SPEC_NONE)
            continue;
        int d;
        float v = person_need(s, i, &d);
        if (v > need)
            need = v, *dom = d, *who = i;
    }
    return need;
}

/* Whether the practice of household "h" refers a psychosocial case of severity "need": the
 * first draw of the household's stream of this tick, opened into "r". */
static int gp_refers(sim_world *w, const gp_state *s, uint32_t h, float need, sim_rng_stream *r)
{
    const mdl_care_cols *c = &s->c;
    sim_stream(w, r, MDL_PURPOSE(MNO_GP, PUR_GP + 1), h);
    int32_t x = c->prov_n[PK_GP] ? (int32_t)(c->prov_first[PK_GP] + h % c->prov_n[PK_GP]) : -1;
    double habit = x >= 0 ? c->p_refer_propensity[x] : 0.5;
    return sim_rng_bernoulli(r, fmin(1.0, habit * (0.5 + need)));
}

/* The visit of household "h" to its GP: returns 1 when the GP would refer "*who", for the
 * serial pass. */
static int visit(sim_world *w, const gp_ctx *x, uint32_t h, uint32_t *whop, double *acc)
{
    gp_state *s = x->s;
    const mdl_gp_params *p = x->p;
    mdl_care_cols *c = &s->c;
    int dom;
    uint32_t who;
    float need = visit_need(s, h, &dom, &who);
    *whop = who;
    acc[G_VISITS] += 1;
    sim_emit(w, s->e_visit, (int32_t)h, (int32_t)who, -1, need);
    c->helped_by[h] = HB_GP;
    if (dom < 0)
        return 0;
    int age = mdl_age_years(s->c.birth_day[who], x->day);
    int psychosocial = dom == DOM_MENTAL || dom == DOM_PARENTING;
    if (!psychosocial && dom != DOM_LVB) { /* money, work, housing, care: the wijkteam */
        if (!c->intake_since[h] && !c->case_pro[h])
            c->intake_since[h] = x->tick + 1;
        acc[G_TO_TEAM] += 1;
        sim_emit(w, s->e_to_team, (int32_t)h, (int32_t)who, 0, need);
        return 0;
    }
    if (psychosocial && need < p->poh_max_severity) {
        if (age >= 18 && dom == DOM_MENTAL) { /* the POH-GGZ treats mild adult problems */
            s->c.prob[dom][who] *= (float)(1 - p->poh_effect);
            c->treated[who] |= (uint8_t)(1u << dom);
            acc[G_POH] += 1;
            sim_emit(w, s->e_poh, (int32_t)h, (int32_t)who, -1, 0);
            return 0;
        }
        if (p->poh_ggz_route) { /* youths and families: to the wijkteam */
            if (!c->intake_since[h] && !c->case_pro[h])
                c->intake_since[h] = x->tick + 1;
            acc[G_POH] += 1;
            acc[G_TO_TEAM] += 1;
            sim_emit(w, s->e_to_team, (int32_t)h, (int32_t)who, 1, need);
            return 0;
        }
    }
    sim_rng_stream r;
    if (!gp_refers(w, s, h, need, &r)) { /* the GP keeps the case */
        s->c.prob[dom][who] *= (float)(1 - p->gp_effect);
        c->treated[who] |= (uint8_t)(1u << dom);
        return 0;
    }
    return 1;
}

/* Flag k: household k of a block of n <= 64 seeks help from its GP (seek_route), in a loop
 * the compiler vectorises. */
static inline void gp_flags(const uint8_t *restrict route, uint32_t n, uint8_t *restrict fl)
{
    for (uint32_t k = 0; k < n; k++)
        fl[k] = route[k] == ROUTE_GP;
}

/* The visits, in parallel: everything that touches only the household and its members
 * (the team, the practice nurse, a GP who keeps the case). Households whose GP would refer
 * are listed for the serial pass, which may take a specialist's consultation hours or a
 * place on a waiting list. The households that visit are found 64 at a time by a byte mask
 * (a search for the next route set stopped at every household on another route). */
static void visit_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    gp_ctx *x = vc;
    uint32_t n = 0, *out = x->refer + b, *out_who = x->who + b, who;
    for (uint32_t h0 = b; h0 < e; h0 += 64) {
        uint32_t len = e - h0 < 64 ? e - h0 : 64;
        uint8_t fl[64];
        uint64_t m;
        if (len == 64) { /* nearly every block: constant lengths */
            gp_flags(x->s->c.seek_route + h0, 64, fl);
            m = mdl_bytes_mask(fl, 64);
        } else {
            gp_flags(x->s->c.seek_route + h0, len, fl);
            m = mdl_bytes_mask(fl, len);
        }
        for (; m; m &= m - 1) {
            uint32_t h = h0 + (uint32_t)__builtin_ctzll(m);
            if (visit(w, x, h, &who, acc))
                out[n] = h, out_who[n++] = who;
        }
    }
    x->nrefer[b / SIM_CHUNK] = n;
}

/* The referrals listed by visit_body, in parallel: each reads only its household's rows, which
 * nothing has changed since the visit (so the person's worst problem is the visit's, without
 * walking the members again), and reopens the household's stream (its first draw referred,
 * as in the visit). */
static void ref_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)acc;
    gp_ctx *x = vc;
    const gp_state *s = x->s;
    const mdl_care_cols *c = &s->c;
    for (uint32_t j = b; j < e; j++) {
        uint32_t h = x->refer[j], who = x->who[j];
        int dom;
        float need = person_need(s, who, &dom);
        sim_rng_stream r;
        gp_refers(w, s, h, need, &r); /* the same first draw (it referred), then on */
        int kind = mdl_care_kind_for(dom, mdl_age_years(c->birth_day[who], x->day));
        int32_t area = c->hh_area[h];
        int32_t sp = mdl_care_provider(c, kind, area, who);
        x->ref[j] = (gp_ref){h, who, area, sp, (int8_t)dom, (int8_t)kind,
                             (uint8_t)(sp >= 0 && sim_rng_bernoulli(&r, x->p->p_consult)), 0};
    }
}

enum { R_CONSULT, R_REFER, R_N };

/* What the serial pass decided, in parallel: a consultation (the GP treats with the
 * specialist's advice) or a referral; each changes only its household's and person's rows. */
static void each_referral(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    const gp_ctx *x = vc;
    gp_state *s = x->s;
    mdl_care_cols *c = &s->c;
    for (uint32_t j = b; j < e; j++) {
        const gp_ref *f = &x->ref[j];
        if (f->consults) {
            acc[R_CONSULT] += 1;
            s->c.prob[f->dom][f->who] *= (float)(1 - 2 * x->p->gp_effect);
            c->treated[f->who] |= (uint8_t)(1u << f->dom);
            sim_emit(w, s->e_consult, (int32_t)f->h, (int32_t)f->who, f->sp, 0);
            continue;
        }
        acc[R_REFER] += mdl_care_refer(w, c, f->who, (int32_t)f->h, f->area, f->kind, f->dom, ROUTE_GP, 0);
    }
}

static void gp_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_gp_params *p = vp;
    gp_state *s = vs;
    mdl_care_cols *c = &s->c;
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD), nchunks = (nh + SIM_CHUNK - 1) / SIM_CHUNK;
    gp_ctx x = {s, p, (int32_t)sim_tick(w), sim_day(w), sim_scratch(w, &scr_refer, nh, sizeof(uint32_t)),
                sim_scratch(w, &scr_who, nh, sizeof(uint32_t)), sim_scratch(w, &scr_nrefer, nchunks, sizeof(uint32_t)),
                NULL};
    if (!x.refer || !x.who || !x.nrefer) {
        sim_world_fail(w, "gp: out of memory");
        return;
    }
    double acc[G_N] = {0};
    sim_for(w, nh, visit_body, &x, acc, G_N);
    uint32_t nref = sim_chunk_join(x.refer, x.nrefer, nchunks);
    sim_chunk_join(x.who, x.nrefer, nchunks);
    if (!(x.ref = sim_scratch(w, &scr_ref, (size_t)nref + 1, sizeof *x.ref))) {
        sim_world_fail(w, "gp: out of memory");
        return;
    }
    sim_for(w, nref, ref_body, &x, NULL, 0);
    /* consultation or referral, decided in household order: a consultation takes a
     * specialist's hours, which other households may want too. Only the list and the hours
     * are read here; what the decision does to the household's own rows (nobody else's) is
     * done in parallel after it, in each_referral */
    for (uint32_t j = 0; j < nref; j++) {
        gp_ref *f = &x.ref[j];
        f->consults = f->sp >= 0 && c->p_consult_left[f->sp] >= HOURS_PER_CONSULT && f->wants_consult;
        if (f->consults)
            c->p_consult_left[f->sp] -= (float)HOURS_PER_CONSULT;
    }
    double done[R_N] = {0};
    sim_for(w, nref, each_referral, &x, done, R_N);
    sim_ind_set(w, s->i_visits, acc[G_VISITS]);
    sim_ind_set(w, s->i_poh, acc[G_POH]);
    sim_ind_set(w, s->i_to_team, acc[G_TO_TEAM]);
    sim_ind_set(w, s->i_refer, done[R_REFER]);
    sim_ind_set(w, s->i_consult, done[R_CONSULT]);
    sim_ind_set(w, s->i_cost, acc[G_VISITS] * p->cost_per_visit_eur + acc[G_POH] * 5 * p->cost_per_poh_visit_eur);
}

const sim_model mdl_gp = {"gp", "GP practices, referral habits and the POH-GGZ route.", &mdl_gp_section,
                          sizeof(gp_state), gp_init, gp_step};
