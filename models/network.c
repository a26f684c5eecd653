/* network.c: informal help each tick. A parallel pass over households: a household that
 * needs help (unopened letters, transport for a care need, a place to stay, a mentor for a
 * youth) asks its ties with probability lowered by the head's reluctance (set aside while a
 * family group plan runs); the first suitable tie helps with probability equal to its
 * strength. Hosting offers are gathered in parallel and carried out serially in household
 * order, since they link two households. A tie's spare time is compared with the need each
 * week; it is not used up across the households it helps. */
#include "network.h"
#include "../sim/nabij.h"
#include "benefits.h"
#include "care.h"
#include "common.h"
#include "letters.h"
#include "quick.h"
#include "members.h"
#include "rules.h"
#include <math.h>
#include <string.h>

#define S mdl_network_params
#define P(f, lo, hi, d, u, src, doc) SCN_P_REAL(S, f, lo, hi, d, u, src, doc)
static const scn_param params[] = {
    P(p_ask_per_week, 0, 1, 0.3, "probability per week",
      "seed 000 §6: residents 'do not want to bother others'; assumption on the level",
      "Weekly probability that a household with a need asks its network, times 1 - the head's reluctance."),
    P(letter_help_hours, 0, 40, 1, "hours/week", "assumption: an hour to sort a pile of letters",
      "Spare time a tie needs to help with letters."),
    P(transport_hours, 0, 40, 2, "hours/week", "seed 000: neighbours lent their car for night trips to hospital (Eindhoven)",
      "Spare time a tie needs to give a ride."),
    P(transport_need, 0, 1, 0.4, "severity 0..1", "assumption", "Care-need severity from which a person needs weekly rides."),
    P(transport_cost_eur_per_week, 0, 1000, 25, "EUR/week", "assumption: taxi or own car for weekly hospital visits",
      "Cost to the household of a week's transport that nobody in the network gives."),
    P(host_cut_tolerance_eur_per_month, 1, 10000, 150, "EUR/month",
      "seed 000 §8: families less willing to take in relatives because of the kostendelersnorm; assumption on the scale",
      "Cut of the host's bijstand at which the chance of hosting falls to 1/e of its value without cut."),
    P(p_paper_instead, 0, 1, 0.25, "probability",
      "seed 000 §8: people deregister on paper (postal addresses rise); assumption on the level",
      "Probability that a host who declines because of the cut takes the guest in with the guest registered elsewhere."),
    SCN_P_INT(S, max_dwelling_persons, 1, 20, 7, "persons", "assumption: overcrowding limit",
              "Most persons a host dwelling takes, guests included."),
    P(p_paper_dereg_per_year, 0, 1, 0.03, "probability per year",
      "seed 000 §8: paper deregistration to escape the norm; assumption on the level",
      "Yearly probability that a household cut by the kostendelersnorm deregisters a co-resident on paper."),
    P(mentor_need, 0, 1, 0.3, "severity 0..1", "assumption",
      "Parenting/youth or mental severity from which a youth (15-23) could use an informal mentor."),
    P(p_mentor_self_per_week, 0, 1, 0.002, "probability per week", "assumption: without support few youths look for a mentor",
      "Weekly probability that a youth in need finds a mentor in the network on their own."),
    P(p_mentor_found_per_week, 0, 1, 0.3, "probability per week",
      "Van Dam et al. 2017: over 80 % found a mentor within five weeks (1 - 0.7^5 = 0.83)",
      "Weekly probability of finding a mentor while a network meeting or family plan supports the search."),
    P(p_mentor_end_per_year, 0, 5, 0.3, "hazard per year", "assumption: mentor relations last a few years",
      "Yearly hazard that a mentor relation ends (it ends at 24 in any case)."),
    P(p_plan_after_meeting, 0, 1, 0.6, "probability",
      "assumption: most conferences that are held end in a plan (Eigen Kracht Centrale)",
      "Probability that a network meeting ends in a family group plan."),
    P(plan_weeks, 1, 520, 26, "weeks", "assumption: plans are reviewed after about half a year",
      "Duration of a family group plan, during which the household asks its network without reluctance."),
};
#undef P
#undef S
const scn_section mdl_network_section =
    SCN_SECTION("network", "Informal network: letters, transport, hosting, mentors, family plans.",
                mdl_network_params, params);

/* PUR_HELP and PUR_LETTERS: a household's streams (hosting; letters); PUR_PERSON: a person's stream (rides,
 * mentors); PUR_ASK, PUR_PLAN and PUR_DEREG: one word per household of a group stream
 * (net_word), so that the pass over persons and the pass over households draw the same answer
 * for a household. */
enum { PUR_HELP = 0, PUR_ASK = 1, PUR_PERSON = 2, PUR_PLAN = 3, PUR_DEREG = 4, PUR_LETTERS = 5 };
enum { OFFER_NONE, OFFER_YES, OFFER_PAPER };

typedef struct net_state {
    mdl_members m;
    const uint8_t *literacy_low, *student, *lodger, *income, *tie_host;
    const float *reluctance, *tie_strength, *tie_spare, *benefit;
    const float *prob[MDL_N_DOMAINS];
    const uint32_t *tie_first;
    const int16_t *tie_count;
    const int32_t *tie_to;
    const uint8_t *sharers;
    const float *kdn_cut; /* benefits' kdn_cut_eur_per_month of this tick */
    const uint8_t *kdn_existing; /* benefits' kdn_existing_case */
    int32_t *unopened, *request, *plan;
    float *pending, *pending_rent, *rent_arrears;
    uint8_t *offer, *meeting;
    uint32_t *mentor;
    uint8_t *busy;
    int i_letters, i_rides, i_transport_cost, i_requests, i_hosted_hh, i_declined, i_declined_cut,
        i_paper_host, i_street, i_with_others, i_paper, i_paper_persons, i_mentors, i_mentors_found,
        i_plans, i_meetings;
    int e_letters, e_host, e_host_paper, e_declined, e_paper, e_mentor, e_plan;
} net_state;

static int net_init(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    net_state *s = vs;
    int rc = mdl_members_bind(w, &s->m);
    if (rc)
        return rc;
    s->literacy_low = sim_col(w, SIM_PERSON, "literacy_low");
    s->student = sim_col(w, SIM_PERSON, "student_finance");
    s->lodger = sim_col(w, SIM_PERSON, "commercial_lodger");
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->reluctance = sim_col(w, SIM_PERSON, "reluctance");
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        s->prob[d] = sim_col(w, SIM_PERSON, mdl_domain_col[d]);
    s->tie_first = sim_col(w, SIM_PERSON, "tie_first");
    s->tie_count = sim_col(w, SIM_PERSON, "tie_count");
    s->tie_to = sim_col(w, SIM_TIE, "to");
    s->tie_host = sim_col(w, SIM_TIE, "willing_to_host");
    s->tie_strength = sim_col(w, SIM_TIE, "strength");
    s->tie_spare = sim_col(w, SIM_TIE, "spare_hours_per_week");
    s->benefit = sim_col(w, SIM_HOUSEHOLD, "benefit_eur_per_month");
    s->sharers = sim_col(w, SIM_HOUSEHOLD, "cost_sharers");
    s->kdn_cut = sim_col(w, SIM_HOUSEHOLD, "kdn_cut_eur_per_month");
    s->kdn_existing = sim_col(w, SIM_HOUSEHOLD, "kdn_existing_case");
    s->unopened = sim_col(w, SIM_HOUSEHOLD, "letters_unopened");
    s->pending = sim_col(w, SIM_HOUSEHOLD, "letters_pending_eur");
    s->pending_rent = sim_col(w, SIM_HOUSEHOLD, "letters_pending_rent_eur");
    s->rent_arrears = sim_col(w, SIM_HOUSEHOLD, "rent_arrears_eur");
    if (!s->tie_first || !s->benefit || !s->kdn_cut || !s->kdn_existing || !s->unopened || !s->pending || !s->pending_rent ||
        !s->rent_arrears) {
        sim_world_fail(w, "network needs population, benefits and letters before it");
        return NABIJ_EINVAL;
    }
    /* shared with the care models: whichever initialises first creates it */
    s->meeting = sim_col(w, SIM_HOUSEHOLD, "network_meeting");
    if (!s->meeting &&
        !(s->meeting = sim_col_add(w, SIM_HOUSEHOLD, "network_meeting", SIM_U8, 0, "0/1",
                                   "A team or network worker organised a network meeting (family group conference) this tick.")))
        return NABIJ_ENOMEM;
    if (!(s->request = sim_col_add(w, SIM_HOUSEHOLD, "hosting_request", SIM_I32, 0, "household index",
                                   "Household asked this tick to take this one in (-1: none).")) ||
        !(s->offer = sim_col_add(w, SIM_HOUSEHOLD, "hosting_offer", SIM_U8, 0, "0 no|1 yes|2 on paper",
                                 "Answer to this tick's hosting request.")) ||
        !(s->plan = sim_col_add(w, SIM_HOUSEHOLD, "family_plan_ticks", SIM_I32, SIM_COL_SNAPSHOT, "ticks",
                                "Ticks left of a family group plan (0: none).")) ||
        !(s->mentor = sim_col_add(w, SIM_PERSON, "mentor_tie", SIM_U32, 0, "tie index + 1",
                                  "Informal mentor (JIM) of a youth: 1 + the tie index, 0 for none.")) ||
        !(s->busy = sim_col_add(w, SIM_PERSON, "network_need", SIM_U8, 0, "0/1",
                                "This tick the person needed rides for a care need, had an informal mentor or, as a youth in need, could use one.")))
        return NABIJ_ENOMEM;
    rc = sim_col_refs(w, SIM_PERSON, "mentor_tie", SIM_TIE, 1);
    if (rc)
        return rc;
    s->i_letters = sim_ind_add(w, "letters_network_helped", "households per tick",
                               "Households whose letter pile a tie sorted out this tick.");
    s->i_rides = sim_ind_add(w, "rides_by_network", "persons per tick", "Persons with a care need driven by a tie.");
    s->i_transport_cost = sim_ind_add(w, "cost_households_transport_eur", "EUR per tick",
                                      "Transport that nobody in the network gave, paid by households.");
    s->i_requests = sim_ind_add(w, "hosting_requests", "households per tick", "Households asking a tie to take them in.");
    s->i_hosted_hh = sim_ind_add(w, "hosting_accepted", "households per tick", "Households taken in by a tie.");
    s->i_declined = sim_ind_add(w, "hosting_declined", "households per tick", "Hosting requests declined.");
    s->i_declined_cut = sim_ind_add(w, "hosting_declined_kdn", "households per tick",
                                    "Hosting requests declined by hosts who faced a kostendelersnorm cut.");
    s->i_paper_host = sim_ind_add(w, "hosting_on_paper", "households per tick",
                                  "Guests taken in while registered elsewhere, to avoid the host's cut.");
    s->i_street = sim_ind_add(w, "households_street", "households", "Households on the street.");
    s->i_with_others = sim_ind_add(w, "households_with_others", "households", "Households staying with others.");
    s->i_paper = sim_ind_add(w, "paper_deregistrations", "persons per tick",
                             "Co-residents deregistered on paper to escape the kostendelersnorm.");
    s->i_paper_persons = sim_ind_add(w, "persons_deregistered_on_paper", "persons",
                                     "Persons living at an address where they are not registered.");
    s->i_mentors = sim_ind_add(w, "youths_with_mentor", "persons", "Youths with an informal mentor.");
    s->i_mentors_found = sim_ind_add(w, "mentors_found", "persons per tick", "Youths who found an informal mentor.");
    s->i_plans = sim_ind_add(w, "family_plans_active", "households", "Households with a running family group plan.");
    s->i_meetings = sim_ind_add(w, "network_meetings_held", "households per tick", "Network meetings held.");
    s->e_letters = sim_event_kind_add(w, "network_letter_help", "{cp} helped the household with {amount} letters.", NULL);
    s->e_host = sim_event_kind_add(w, "hosted", "Household {cp} took the household in.", NULL);
    s->e_host_paper = sim_event_kind_add(w, "hosted_on_paper",
                                         "Household {cp} took the household in, registered elsewhere to avoid a cut of {amount}.", NULL);
    s->e_declined = sim_event_kind_add(w, "hosting_declined",
                                       "Household {cp} would not take the household in (its bijstand would drop {amount} a month).", NULL);
    s->e_paper = sim_event_kind_add(w, "deregistered_on_paper",
                                    "{person} was deregistered on paper to escape a kostendelersnorm cut of {amount} a month.", NULL);
    s->e_mentor = sim_event_kind_add(w, "mentor_found", "{person} found an informal mentor (person {cp}).", NULL);
    s->e_plan = sim_event_kind_add(w, "family_plan", "The household and its network made a family group plan.", NULL);
    return s->e_plan < 0 ? s->e_plan : 0;
}

typedef struct net_ctx {
    net_state *s;
    const mdl_network_params *p;
    const mdl_benefits_params *bp;
    int age_limit;
    double weeks;
    int32_t born15, born24, born_limit; /* age >= a exactly when birth_day <= born<a> */
    int32_t plan_ticks;                 /* ticks of a new family group plan */
    double p_mentor_end, p_dereg;       /* per tick */
    double transport_cost;              /* EUR per tick */
    double p_ask;                       /* per tick, before the head's reluctance */
    double ask_above;                   /* p_ask * 2^32: a PUR_ASK word at least this never asks */
    float transport_need, mentor_need;  /* as float thresholds (mdl_care_float_threshold) */
    float letter_hours, transport_hours; /* spare hours a tie needs, as float thresholds too */
    int kdn;                            /* the kostendelersnorm applies */
    unsigned force;                     /* mdl_kdn_in_force: the cases it reaches */
    uint8_t *busy;                      /* persons.network_need (block_busy) */
    uint8_t *marks;                     /* per group of households (quick.h): a hosting request */
    uint8_t *head_busy;                 /* per household: its head is busy (person_body) */
    double dereg_below[256];            /* per member count: dereg_possible's bound */
    uint32_t ask_max, ask_any;          /* the words below ask_above: those at most ask_max, if any */
} net_ctx;

enum { N_LETTERS, N_RIDES, N_TCOST, N_REQ, N_STREET, N_WITH, N_PAPER, N_PAPER_P, N_MENTORS,
       N_MFOUND, N_PLANS, N_MEET, N_N };

/* First tie of person "i" whose person is alive, not in household "h", with at least
 * "hours" spare time, and (if "literate") can read letters; -1 if none. */
static int64_t find_tie(const net_state *s, int32_t i, int32_t h, float hours, int literate)
{
    const float *spare = s->tie_spare;
    const int32_t *to = s->tie_to, *household = s->m.household;
    uint32_t t = s->tie_first[i], end = t + (uint32_t)s->tie_count[i];
    for (; t < end; t++) {
        if (spare[t] < hours) /* before the tie's person, who lives elsewhere in memory */
            continue;
        int32_t o = to[t], oh = household[o];
        if (oh < 0 || oh == h)
            continue;
        if (literate && s->literacy_low[o])
            continue;
        return t;
    }
    return -1;
}

/* Cut of the host household's bijstand, a month, if the guests' counting adults joined
 * its cost-sharers (expected cut under the art16 variant); none for an existing case before
 * the transition date. */
static double host_cut(const net_ctx *c, int32_t host, int32_t guest, int32_t day)
{
    const net_state *s = c->s;
    if (!mdl_kdn_applies(c->bp, c->force, s->kdn_existing[host]) || s->benefit[host] <= 0 ||
        s->sharers[host] == 0)
        return 0;
    int k = 0;
    float need = 0;
    for (int32_t i = s->m.first[guest]; i >= 0; i = s->m.next[i]) {
        if (mdl_age_years(s->m.birth_day[i], day) >= c->age_limit && !s->student[i] && !s->lodger[i])
            k++;
        for (int d = 0; d < MDL_N_DOMAINS; d++)
            need = s->prob[d][i] > need ? s->prob[d][i] : need;
    }
    int a = s->sharers[host];
    double cut = s->benefit[host] * (1 - mdl_kdn_fraction(a + k) / mdl_kdn_fraction(a));
    if (c->bp->kostendelersnorm == KDN_ART16 && need >= c->bp->art16_need_threshold)
        cut *= 1 - c->bp->art16_exception_rate;
    return cut;
}

/* What a household's members need to know of it this tick. */
typedef struct net_hh {
    uint32_t h;
    int32_t head;
    int meeting; /* a network meeting was held (before this tick's reset) */
    int plan;    /* a family group plan runs this tick (after this tick's update) */
    int asks;    /* it asks its network this tick; -1: not decided yet */
} net_hh;

/* The word of an entity this tick of a group stream (mdl_quad_word's: word entity & 3 of the
 * first block of the stream (purpose, entity >> 2)). Where the entities asked for are dense
 * (the household pass's PUR_ASK), from mdl_quad's batches of SIM_RNG_LANES groups; where they
 * are sparse, one or two in a batch (the person pass's PUR_ASK; PUR_PLAN, PUR_DEREG), from
 * the one Philox block of the entity's group (sim_stream_first), a fifth of the
 * instructions, keeping the block of the last group asked for. The same words either way. */
typedef struct net_word {
    mdl_quad quad;
    int dense;
    uint32_t group; /* entity / 4 + 1 of the kept block; 0: none */
    uint32_t block[4];
} net_word;

static void net_word_init(net_word *q, uint32_t purpose, int dense)
{
    mdl_quad_init(&q->quad, purpose);
    q->dense = dense;
    q->group = 0;
}

static inline __attribute__((always_inline)) uint32_t net_word_of(const sim_world *w, net_word *q, uint32_t entity)
{
    if (q->dense)
        return mdl_quad_word(w, &q->quad, entity);
    if (q->group != entity / 4 + 1) {
        sim_stream_first(w, q->quad.purpose, entity / 4, q->block);
        q->group = entity / 4 + 1;
    }
    return q->block[entity & 3];
}

/* Whether the network meeting of household "h" ends in a family group plan this tick: its
 * word of the PUR_PLAN group stream, the same in both passes. */
static int plan_made(sim_world *w, const net_ctx *c, net_word *gp, uint32_t h)
{
    return mdl_word_chance(net_word_of(w, gp, h), c->p->p_plan_after_meeting);
}

/* Household "h" as its members see it this tick, from the columns before the household pass
 * changes them: a plan runs after a meeting that made one, or while ticks are left after
 * this tick's count-down (a meeting that makes no plan does not stop the count-down). */
static net_hh hh_view(sim_world *w, const net_ctx *c, net_word *gp, uint32_t h)
{
    const net_state *s = c->s;
    net_hh v = {h, s->m.first[h], s->meeting[h], 0, -1};
    int32_t left = s->plan[h];
    v.plan = (v.meeting && plan_made(w, c, gp, h)) || left > 1;
    return v;
}

/* Whether household "v" asks its network this tick: its word of the PUR_ASK group stream
 * against the probability (1 while a plan runs: every word asks, so none is looked up);
 * cached in v->asks, so households without a need draw nothing. The head's reluctance, a
 * read from far away in memory, is read only for a word below p_ask: reluctance lies in
 * [0, 1] (a beta draw), so p_ask * (1 - reluctance) is at most p_ask and a word at least
 * c->ask_above does not ask whatever the head's reluctance. */
static int asks_network(sim_world *w, const net_ctx *c, net_word *g, net_hh *v)
{
    if (v->asks < 0) {
        if (v->plan) {
            v->asks = 1;
        } else {
            uint32_t u = net_word_of(w, g, v->h);
            v->asks = u < c->ask_above && mdl_word_chance(u, c->p_ask * (1 - c->s->reluctance[v->head]));
        }
    }
    return v->asks;
}

/* Rides and mentors of person "i" of household "v", with the person's own stream: at most two
 * words, so from its first block (mdl_lazy_u32, without opening it), each compared as
 * sim_rng_chance would (mdl_word_chance: the same outcome for any probability). */
static void person_help(sim_world *w, const net_ctx *c, net_word *g, net_hh *v, uint32_t i, uint32_t *n,
                        double *tcost)
{
    net_state *s = c->s;
    const mdl_network_params *p = c->p;
    mdl_lazy lz;
    mdl_lazy_init(&lz, MDL_PURPOSE(MNO_NETWORK, PUR_PERSON), i);
    int32_t bd = s->m.birth_day[i], h = (int32_t)v->h;
    if (s->prob[DOM_CARE][i] >= c->transport_need) {
        int64_t t = v->plan || asks_network(w, c, g, v) ? find_tie(s, (int32_t)i, h, c->transport_hours, 0) : -1;
        if (t >= 0 && mdl_word_chance(mdl_lazy_u32(w, &lz), s->tie_strength[t]))
            n[N_RIDES]++;
        else
            *tcost += c->transport_cost;
    }
    uint32_t mt = s->mentor[i];
    if (mt) {
        if (bd <= c->born24 || s->m.household[s->tie_to[mt - 1]] < 0 ||
            mdl_word_chance(mdl_lazy_u32(w, &lz), c->p_mentor_end))
            s->mentor[i] = 0;
        else
            n[N_MENTORS]++;
    } else if (bd <= c->born15 && bd > c->born24 &&
               (s->prob[DOM_PARENTING][i] >= c->mentor_need || s->prob[DOM_MENTAL][i] >= c->mentor_need)) {
        double pm = v->plan || v->meeting ? p->p_mentor_found_per_week : p->p_mentor_self_per_week;
        if (mdl_word_chance(mdl_lazy_u32(w, &lz), pm * c->weeks)) {
            int64_t t = find_tie(s, (int32_t)i, h, 0.5f, 0);
            if (t < 0)
                t = find_tie(s, v->head, h, 0.5f, 0);
            if (t >= 0) {
                s->mentor[i] = (uint32_t)t + 1;
                n[N_MFOUND]++;
                sim_emit(w, s->e_mentor, h, (int32_t)i, sim_person_id(w, s->tie_to[t]), 0);
            }
        }
    }
}

/* Paper deregistration in a household cut by the norm: each counting co-resident in member
 * order goes on paper with probability p_dereg until one does, i.e. the j-th does when the
 * household's word "v" of the PUR_DEREG group stream (v / 2^32 uniform) lies below
 * 1 - (1 - p_dereg)^j. "dereg_v" gives the word as a fraction; "dereg_possible" tells from
 * the member count alone whether any co-resident could go (else no member need be read):
 * at most members - 1 co-residents besides the head, so below 1 - (1 - p_dereg)^(members - 1),
 * the bound of dereg_bounds. */
static double dereg_v(sim_world *w, net_word *gd, uint32_t h)
{
    return net_word_of(w, gd, h) * (1.0 / 4294967296.0);
}

static int dereg_possible(const net_ctx *c, double v, int members)
{
    return v < c->dereg_below[members];
}

/* The bounds of dereg_possible for every member count (a count is a byte), worked out once a
 * tick by the same multiplications as the walk over the members (net_body), in the same order:
 * the same doubles. */
static void dereg_bounds(net_ctx *c)
{
    double q = 1;
    for (int m = 0; m < 256; m++) {
        c->dereg_below[m] = 1 - q;
        if (m >= 1)
            q *= 1 - c->p_dereg;
    }
}

/* The members of household "v" are helped by the household pass: its head always, and all
 * of them when it is cut by the norm this tick (not an existing case before the transition,
 * nor an art. 16 waiver) and a paper deregistration is possible this tick. */
static __attribute__((noinline)) int walk_members_cut(sim_world *w, const net_ctx *c, net_word *gd, uint32_t h,
                                                      double *v)
{
    const net_state *s = c->s;
    /* the word before the benefit: the benefit, read for few households, would wait for
     * memory, and the word rarely allows a deregistration */
    *v = dereg_v(w, gd, h);
    return dereg_possible(c, *v, s->m.count[h]) && s->benefit[h] > 0 && s->kdn_cut[h] > 0;
}

/* The test of the few households with more than one cost-sharer is a call; the rest (nearly
 * all) are told apart here, inline, without it. */
static inline __attribute__((always_inline)) int walk_members(sim_world *w, const net_ctx *c, net_word *gd,
                                                              uint32_t h, double *v)
{
    if (!c->kdn || c->s->sharers[h] <= 1) /* cost_sharers: 0 off bijstand */
        return 0;
    return walk_members_cut(w, c, gd, h, v);
}

/* A street household "h" (head "head") asks the first tie that could take it in; the
 * answer goes to hosting_request and hosting_offer. */
static void ask_host(sim_world *w, const net_ctx *c, uint32_t h, int32_t head, int32_t day)
{
    net_state *s = c->s;
    const mdl_network_params *p = c->p;
    mdl_lazy lz; /* the household's own stream, opened at its first draw */
    mdl_lazy_init(&lz, MDL_PURPOSE(MNO_NETWORK, PUR_HELP), h);
    for (int k = 0; k < s->tie_count[head]; k++) {
        uint32_t t = s->tie_first[head] + (uint32_t)k;
        int32_t o = s->tie_to[t], oh = s->m.household[o];
        if (!s->tie_host[t] || oh < 0 || oh == (int32_t)h || s->m.housing[oh] != HOUSE_OWN || s->m.guest[oh] >= 0 ||
            s->m.host[oh] >= 0 || s->m.count[oh] + s->m.count[h] > p->max_dwelling_persons)
            continue;
        double cut = host_cut(c, oh, (int32_t)h, day);
        s->request[h] = oh;
        mdl_group_mark(c->marks, h);
        if (sim_rng_chance(mdl_lazy_get(w, &lz), s->tie_strength[t] * exp(-cut / p->host_cut_tolerance_eur_per_month)))
            s->offer[h] = OFFER_YES;
        else if (cut > 0 && sim_rng_chance(mdl_lazy_get(w, &lz), p->p_paper_instead))
            s->offer[h] = OFFER_PAPER;
        else
            sim_emit(w, s->e_declined, (int32_t)h, head, oh, cut);
        return;
    }
}

#define NET_BLOCK 256u

/* Persons [0, n) of a block (pointers at its first person): busy[k] is 1 for the living with
 * something to do this tick: a care need (rides), a mentor, or a youth (15-23) in need of
 * one. Without branches (the compiler vectorises it); returns how many of the living are
 * registered elsewhere. */
MDL_VECTOR
static void block_busy(const int32_t *restrict household, const int32_t *restrict birth,
                       const uint32_t *restrict mentor, const float *restrict care, const float *restrict parenting,
                       const float *restrict mental, uint32_t n, const net_ctx *c, uint8_t *restrict busy)
{
    const float transport_need = c->transport_need, mentor_need = c->mentor_need;
    const int32_t born15 = c->born15, born24 = c->born24;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t alive = household[k] >= 0;
        uint32_t youth = (birth[k] <= born15) & (birth[k] > born24);
        uint32_t need = (parenting[k] >= mentor_need) | (mental[k] >= mentor_need);
        busy[k] = (uint8_t)(alive & ((care[k] >= transport_need) | (mentor[k] != 0) | (youth & need)));
    }
}

/* The living among persons [0, n <= 64) who are registered elsewhere: the bits not set in
 * the mask of persons.registered (0 or 1), each looked up (few: persons on paper; the dead
 * are registered). Apart from block_busy: with these bytes among its 32-bit columns, the
 * person pass took a sixth more instructions. */
MDL_VECTOR
static uint32_t count_paper(const int32_t *household, const uint8_t *registered, uint32_t n)
{
    uint64_t m = ~mdl_bytes_mask(registered, n) & (n == 64 ? ~0ull : (1ull << n) - 1);
    uint32_t paper = 0;
    for (; m; m &= m - 1)
        paper += household[__builtin_ctzll(m)] >= 0;
    return paper;
}

/* Pass over persons, in index order: persons registered elsewhere are counted; a branch-free
 * scan a block at a time finds the few persons with something to do (block_busy), and
 * those are helped here, unless they are their household's head or the household pass walks
 * their household (walk_members): it helps those, so that all events of one person come
 * from one pass (events are ordered by household, person and order of emission). */
static void person_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    net_ctx *c = vc;
    const net_state *s = c->s;
    const int32_t *restrict household = s->m.household, *restrict birth = s->m.birth_day;
    const uint8_t *restrict registered = s->m.registered;
    const uint32_t *restrict mentor = s->mentor;
    const float *restrict care = s->prob[DOM_CARE], *restrict parenting = s->prob[DOM_PARENTING],
                          *restrict mental = s->prob[DOM_MENTAL];
    uint32_t n[N_N] = {0}, paper = 0;
    double tcost = 0;
    net_word g, gp, gd;
    net_word_init(&g, MDL_PURPOSE(MNO_NETWORK, PUR_ASK), 0);
    net_word_init(&gp, MDL_PURPOSE(MNO_NETWORK, PUR_PLAN), 0);
    net_word_init(&gd, MDL_PURPOSE(MNO_NETWORK, PUR_DEREG), 0);
    net_hh v = {UINT32_MAX, -1, 0, 0, -1};
    for (uint32_t base = b; base < e; base += NET_BLOCK) {
        uint32_t nb = e - base < NET_BLOCK ? e - base : NET_BLOCK;
        uint8_t *busy = c->busy + base;
        block_busy(household + base, birth + base, mentor + base, care + base, parenting + base, mental + base, nb,
                   c, busy);
        /* the few busy persons, 64 at a time, in index order */
        for (uint32_t k0 = 0; k0 < nb; k0 += 64) {
            uint32_t n64 = nb - k0 < 64 ? nb - k0 : 64;
            paper += count_paper(household + base + k0, registered + base + k0, n64);
            for (uint64_t m = mdl_bytes_mask(busy + k0, n64); m; m &= m - 1) {
                uint32_t i = base + k0 + (uint32_t)__builtin_ctzll(m), h = (uint32_t)household[i];
                double dv;
                if ((int32_t)i == s->m.first[h]) {
                    c->head_busy[h] = 1; /* for the household pass (block_active); one writer, the head */
                    continue;
                }
                if (walk_members(w, c, &gd, h, &dv))
                    continue;
                if (v.h != h)
                    v = hh_view(w, c, &gp, h);
                person_help(w, c, &g, &v, i, n, &tcost);
            }
        }
    }
    n[N_PAPER_P] = paper;
    for (int k = 0; k < N_N; k++)
        acc[k] += n[k];
    acc[N_TCOST] += tcost;
}

/* Households of a chunk that ask their network for help with letters, resolved in batches:
 * the ties of all of them are searched stage by stage (tie lists, then the persons of the
 * first ties with enough time), so that these reads from far away in memory overlap
 * instead of waiting one after the other; then each is decided as before. */
#define NET_LETTERS_BATCH 64u
typedef struct letters_batch {
    uint32_t n;
    uint32_t h[NET_LETTERS_BATCH];
    int32_t head[NET_LETTERS_BATCH];
} letters_batch;

static void letters_flush(sim_world *w, const net_ctx *c, letters_batch *lb, uint32_t *n)
{
    net_state *s = c->s;
    const float *spare = s->tie_spare;
    const float hours = c->letter_hours;
    const int32_t *to = s->tie_to;
    uint32_t t0[NET_LETTERS_BATCH], t1[NET_LETTERS_BATCH];
    for (uint32_t k = 0; k < lb->n; k++) {
        t0[k] = s->tie_first[lb->head[k]];
        t1[k] = t0[k] + (uint32_t)s->tie_count[lb->head[k]];
        __builtin_prefetch(&spare[t0[k]]);
        __builtin_prefetch(&to[t0[k]]);
        __builtin_prefetch(&s->tie_strength[t0[k]]);
    }
    for (uint32_t k = 0; k < lb->n; k++)
        for (uint32_t t = t0[k], got = 0; t < t1[k] && got < 2; t++)
            if (spare[t] >= hours) {
                __builtin_prefetch(&s->m.household[to[t]]);
                __builtin_prefetch(&s->literacy_low[to[t]]);
                got++;
            }
    /* the households with a tie, and their streams' first blocks together (one word is
     * drawn of each); dealing with the letters changes nothing find_tie reads */
    uint32_t nt = 0, hh[NET_LETTERS_BATCH], tie[NET_LETTERS_BATCH], first[NET_LETTERS_BATCH][4];
    int32_t head[NET_LETTERS_BATCH];
    for (uint32_t k = 0; k < lb->n; k++) {
        int64_t t = find_tie(s, lb->head[k], (int32_t)lb->h[k], hours, 1);
        if (t >= 0) {
            hh[nt] = lb->h[k];
            head[nt] = lb->head[k];
            tie[nt++] = (uint32_t)t;
        }
    }
    sim_rng_first_blocks_list(sim_seed(w), MDL_PURPOSE(MNO_NETWORK, PUR_LETTERS), hh, nt, sim_tick(w), first);
    for (uint32_t k = 0; k < nt; k++) {
        uint32_t h = hh[k], t = tie[k];
        if (mdl_word_chance(first[k][0], s->tie_strength[t])) {
            sim_emit(w, s->e_letters, (int32_t)h, head[k], to[t], s->unopened[h]);
            mdl_letters_dealt_with(s->unopened, s->pending, s->pending_rent, s->rent_arrears, h);
            n[N_LETTERS]++;
        }
    }
    lb->n = 0;
}

/* Households [0, n) of a block (pointers at its first household; "word" at the PUR_ASK word
 * of the first): act[k] is 1 for those with anything to do in the household pass: a hosting
 * request or offer to clear, a meeting or a running plan, a walk over the members
 * (walk_members: the kostendelersnorm applies and more than one shares the costs), a busy
 * head, no dwelling of their own, or letters (unopened or money pending) and a word below
 * ask_above (net_ctx: ask_any, ask_max). A household with letters and nothing else to do
 * (no plan, so asks_network compares the word) asks, and does anything, only with such a
 * word: the most are left out here, without a look at their other rows. For the rest (most)
 * the pass changes and counts nothing. Without branches (vectorised). */
MDL_VECTOR
static void block_active(const int32_t *restrict request, const uint8_t *restrict meeting,
                         const int32_t *restrict plan, const int32_t *restrict unopened,
                         const float *restrict pending, const uint32_t *restrict word,
                         const uint8_t *restrict sharers, const uint8_t *restrict housing,
                         const uint8_t *restrict head_busy, uint32_t n, const net_ctx *c, uint8_t *restrict act)
{
    const uint8_t walk_from = c->kdn ? 2 : UINT8_MAX; /* sharers at least this: walk_members */
    const uint32_t ask_max = c->ask_max, ask_any = c->ask_any;
    for (uint32_t k = 0; k < n; k++)
        act[k] = (uint8_t)((request[k] != -1) | (plan[k] > 0) |
                           (((unopened[k] > 0) | (pending[k] > 0)) & (word[k] <= ask_max) & ask_any));
    for (uint32_t k = 0; k < n; k++) /* the bytes apart: mixed with the above, more instructions */
        act[k] |= (uint8_t)((meeting[k] != 0) | (sharers[k] >= walk_from) | (housing[k] == HOUSE_STREET) |
                            (housing[k] == HOUSE_WITH_OTHERS) | (head_busy[k] != 0));
}

/* net_body's blocks of 64 households are batches of mdl_quad: the chunks of sim_for start at
 * multiples of SIM_CHUNK */
_Static_assert(MDL_QUAD_SPAN == 64 && SIM_CHUNK % MDL_QUAD_SPAN == 0, "a block of net_body is a batch of mdl_quad");

/* Pass over households: meetings and plans, letters, the head's rides and mentor, all
 * members of households cut by the kostendelersnorm (rides, mentors, paper
 * deregistration), a place to stay. Column pointers are read into locals once per chunk:
 * stores of bytes would otherwise make the compiler reload them for every household. */
static void net_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    net_ctx *c = vc;
    net_state *s = c->s;
    int32_t day = sim_day(w);
    int32_t *request = s->request, *plan_col = s->plan, *unopened = s->unopened;
    float *pending = s->pending;
    uint8_t *offer = s->offer, *meeting_col = s->meeting, *registered = s->m.registered;
    const int32_t *first = s->m.first, *next = s->m.next, *birth = s->m.birth_day, *partner = s->m.partner,
                  *host = s->m.host;
    const uint8_t *count = s->m.count, *housing = s->m.housing, *income = s->income, *student = s->student,
                  *lodger = s->lodger;
    const int32_t born_limit = c->born_limit;
    uint32_t n[N_N] = {0};
    double tcost = 0;
    const uint8_t *busy = c->busy, *head_busy = c->head_busy;
    letters_batch lb;
    lb.n = 0;
    net_word g, gp, gd;
    net_word_init(&g, MDL_PURPOSE(MNO_NETWORK, PUR_ASK), 1);
    net_word_init(&gp, MDL_PURPOSE(MNO_NETWORK, PUR_PLAN), 0);
    net_word_init(&gd, MDL_PURPOSE(MNO_NETWORK, PUR_DEREG), 0);
    /* the households with something to do (block_active), 64 at a time, in order: a block
     * is a batch of mdl_quad, whose words are those of its households in order */
    for (uint32_t base = b; base < e; base += 64) {
        uint32_t nb = e - base < 64 ? e - base : 64;
        uint8_t act[64];
        (void)net_word_of(w, &g, base); /* mdl_quad's batch of the block: its words in household order */
        block_active(request + base, meeting_col + base, plan_col + base, unopened + base, pending + base,
                     (const uint32_t *)g.quad.word, s->sharers + base, housing + base, head_busy + base, nb, c, act);
        uint64_t m = mdl_bytes_mask(act, nb);
        for (; m; m &= m - 1) {
            uint32_t h = base + (uint32_t)__builtin_ctzll(m);
            /* rows are written only when they change, so quiet households stay clean in the
             * cache; an offer is only ever made with a request */
            if (request[h] != -1) {
                request[h] = -1;
                offer[h] = OFFER_NONE;
            }
            int meeting = meeting_col[h];
            if (meeting)
                meeting_col[h] = 0;
            int32_t head = first[h];
            if (count[h] == 0 || head < 0)
                continue;
            net_hh v = {h, head, meeting, 0, -1};
            int32_t left = plan_col[h];
            n[N_MEET] += meeting != 0;
            if (meeting && plan_made(w, c, &gp, h)) {
                plan_col[h] = left = c->plan_ticks;
                sim_emit(w, s->e_plan, (int32_t)h, head, -1, 0);
            } else if (left > 0) { /* before, a meeting without a new plan held the count-down */
                plan_col[h] = --left;
            }
            v.plan = left > 0;
            n[N_PLANS] += (unsigned)v.plan;
            /* letters */
            if ((unopened[h] > 0 || pending[h] > 0) && asks_network(w, c, &g, &v)) {
                lb.h[lb.n] = h;
                lb.head[lb.n] = head;
                if (++lb.n == NET_LETTERS_BATCH)
                    letters_flush(w, c, &lb, n);
            }
            double dv;
            if (walk_members(w, c, &gd, h, &dv)) {
                /* every member here; a counting co-resident may go on paper elsewhere to lift the cut */
                double q = 1;
                for (int32_t i = head; i >= 0; i = next[i]) {
                    if (busy[i])
                        person_help(w, c, &g, &v, (uint32_t)i, n, &tcost);
                    if (q > 0 && i != head && partner[i] != head && registered[i] && income[i] != INC_BIJSTAND &&
                        birth[i] <= born_limit && !student[i] && !lodger[i]) {
                        q *= 1 - c->p_dereg;
                        if (dv < 1 - q) {
                            registered[i] = 0;
                            q = 0; /* one a tick */
                            n[N_PAPER]++;
                            sim_emit(w, s->e_paper, (int32_t)h, i, -1, s->kdn_cut[h]);
                        }
                    }
                }
            } else if (head_busy[h]) { /* busy[head], without the read of a person's row */
                person_help(w, c, &g, &v, (uint32_t)head, n, &tcost);
            }
            /* a place to stay */
            uint8_t hs = housing[h];
            if (hs == HOUSE_STREET && host[h] < 0) {
                n[N_STREET]++;
                if (asks_network(w, c, &g, &v))
                    ask_host(w, c, h, head, day);
            } else if (hs == HOUSE_WITH_OTHERS) {
                n[N_WITH]++;
            }
        }
    }
    letters_flush(w, c, &lb, n);
    for (int k = 0; k < N_N; k++)
        acc[k] += n[k];
    acc[N_TCOST] += tcost;
}

/* The first household in [h, n) with a hosting request, or n: requests are rare, so only the
 * groups marked by ask_host are looked at. */
static uint32_t next_request(const net_state *s, const uint8_t *marks, uint32_t h, uint32_t n)
{
    for (h = mdl_marked_from(marks, h, n); h < n; h = mdl_marked_from(marks, h, n))
        for (uint32_t end = mdl_group_end(h, n); h < end; h++)
            if (s->request[h] != -1)
                return h;
    return n;
}

/* Carry out the hosting offers in household order: a host takes in one guest household. */
static void resolve_hosting(sim_world *w, net_state *s, const net_ctx *c, double *n)
{
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    int32_t day = sim_day(w);
    for (uint32_t h = next_request(s, c->marks, 0, nh); h < nh; h = next_request(s, c->marks, h + 1, nh)) {
        int32_t oh = s->request[h];
        if (oh < 0)
            continue;
        n[0] += 1;
        if (s->offer[h] == OFFER_NONE) {
            n[2] += 1;
            n[3] += host_cut(c, oh, (int32_t)h, day) > 0;
            continue;
        }
        if (s->m.guest[oh] >= 0 || s->m.host[oh] >= 0 || s->m.housing[oh] != HOUSE_OWN)
            continue;
        double cut = host_cut(c, oh, (int32_t)h, day);
        s->m.guest[oh] = (int32_t)h;
        s->m.host[h] = oh;
        s->m.housing[h] = HOUSE_WITH_OTHERS;
        if (s->offer[h] == OFFER_PAPER) {
            for (int32_t i = s->m.first[h]; i >= 0; i = s->m.next[i])
                s->m.registered[i] = 0;
            n[4] += 1;
            sim_emit(w, s->e_host_paper, (int32_t)h, s->m.first[h], oh, cut);
        } else {
            /* registered at the host's address, also after an earlier stay on paper */
            for (int32_t i = s->m.first[h]; i >= 0; i = s->m.next[i])
                s->m.registered[i] = 1;
            sim_emit(w, s->e_host, (int32_t)h, s->m.first[h], oh, cut);
        }
        n[1] += 1;
    }
}

/* the names of the world's scratch buffers (sim_scratch) of the marks of hosting requests
 * and of the households whose head is busy */
static const char scr_marks, scr_head_busy;

static void net_step(sim_world *w, const void *vp, void *vs)
{
    net_state *s = vs;
    const mdl_network_params *p = vp;
    const mdl_benefits_params *bp = scn_section_values(sim_world_scenario(w), "benefits");
    int32_t day = sim_day(w);
    int age_limit = (int)lround(scn_dated_at(&bp->kdn_age_limit, day));
    double weeks = sim_days_per_tick(w) / 7.0;
    net_ctx c = {s, p, bp, age_limit, weeks, mdl_birth_cut(day, 15), mdl_birth_cut(day, 24),
                 mdl_birth_cut(day, age_limit),
                 (int32_t)ceil(p->plan_weeks / weeks), p->p_mentor_end_per_year * weeks * 7 / 365.2425,
                 p->p_paper_dereg_per_year * weeks * 7 / 365.2425, p->transport_cost_eur_per_week * weeks,
                 p->p_ask_per_week * weeks, p->p_ask_per_week * weeks * 4294967296.0,
                 mdl_care_float_threshold(p->transport_need),
                 mdl_care_float_threshold(p->mentor_need), mdl_care_float_threshold(p->letter_help_hours),
                 mdl_care_float_threshold(p->transport_hours), bp->kostendelersnorm != KDN_ABOLISHED,
                 mdl_kdn_in_force(bp, day), NULL, NULL, NULL, {0}, 0, 0};
    dereg_bounds(&c);
    c.ask_any = c.ask_above > 0;
    c.ask_max = !c.ask_any ? 0 : c.ask_above > UINT32_MAX ? UINT32_MAX : (uint32_t)ceil(c.ask_above) - 1;
    double acc[N_N] = {0}, n[5] = {0};
    /* persons first: they read meetings and plans before the household pass updates them,
     * and note in network_need who is busy, and in head_busy the households whose head is,
     * for the household pass */
    c.busy = s->busy;
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD);
    if (!(c.marks = sim_scratch(w, &scr_marks, MDL_GROUPS(nh) + 1, 1)) ||
        !(c.head_busy = sim_scratch(w, &scr_head_busy, (size_t)nh + 1, 1))) {
        sim_world_fail(w, "network: out of memory");
        return;
    }
    memset(c.marks, 0, MDL_GROUPS(nh));
    sim_for_zero(w, c.head_busy, nh, 1); /* 7.6 MB at national scale */
    sim_for(w, sim_world_count(w, SIM_PERSON), person_body, &c, acc, N_N);
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), net_body, &c, acc, N_N);
    resolve_hosting(w, s, &c, n);
    sim_ind_set(w, s->i_letters, acc[N_LETTERS]);
    sim_ind_set(w, s->i_rides, acc[N_RIDES]);
    sim_ind_set(w, s->i_transport_cost, acc[N_TCOST]);
    sim_ind_set(w, s->i_street, acc[N_STREET]);
    sim_ind_set(w, s->i_with_others, acc[N_WITH]);
    sim_ind_set(w, s->i_paper, acc[N_PAPER]);
    sim_ind_set(w, s->i_paper_persons, acc[N_PAPER_P]);
    sim_ind_set(w, s->i_mentors, acc[N_MENTORS]);
    sim_ind_set(w, s->i_mentors_found, acc[N_MFOUND]);
    sim_ind_set(w, s->i_plans, acc[N_PLANS]);
    sim_ind_set(w, s->i_meetings, acc[N_MEET]);
    sim_ind_set(w, s->i_requests, n[0]);
    sim_ind_set(w, s->i_hosted_hh, n[1]);
    sim_ind_set(w, s->i_declined, n[2]);
    sim_ind_set(w, s->i_declined_cut, n[3]);
    sim_ind_set(w, s->i_paper_host, n[4]);
}

const sim_model mdl_network = {"network", "Informal help, hosting, paper deregistration, mentors, family plans.",
                               &mdl_network_section, sizeof(net_state), net_init, net_step};
