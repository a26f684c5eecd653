/* team.c: the sociaal wijkteam. Generalists (SIM_PRO entities, one background each and a
 * skill per domain) take intakes in order of request, make a plan, split their hours between
 * regelzaken, case work, network work and collective action, ask the back office (or use a
 * mandate) for special assistance and childcare, consult or refer when a problem is beyond
 * their skill or does not improve, and live through the trust cycle with each household.
 * Network workers organise network meetings; experts by experience temper moral aversion.
 * What a household's network then does is the network model's business. */
#include "team.h"
#include "../sim/alloc.h"
#include "../sim/nabij.h"
#include "care.h"
#include "common.h"
#include "quick.h"
#include "population.h"
#include <math.h>
#include <stdlib.h>

#define S mdl_team_params
#define R(f, lo, hi, d, u, src, doc) SCN_P_REAL(S, f, lo, hi, d, u, src, doc)
#define I(f, lo, hi, d, u, src, doc) SCN_P_INT(S, f, lo, hi, d, u, src, doc)
#define BG(key, dom, d, src) \
    { "background_share_" key, SCN_REAL, offsetof(S, bg_share[dom]), 0, 1, d, NULL, NULL, "share of generalists", src, \
      "Share of generalists whose background is this domain." }
static const scn_param params[] = {
    R(generalists_per_10000, 0, 1000, 10, "generalists per 10,000 inhabitants",
      "seed 000: about 100 professionals in a 25,000-inhabitant district; assumption: a team of about 15 generalists",
      "Generalists in the wijkteam."),
    R(hours_per_week, 1, 60, 32, "hours per week", "assumption: mostly part-time contracts (CAO Sociaal Werk)",
      "Working hours of a generalist."),
    R(cost_per_fte_eur_per_year, 0, 1e6, 75000, "EUR per year per 36 hours",
      "assumption: CAO Sociaal Werk scale 9 with employer costs", "Staff cost of team members (municipality)."),
    BG("money", DOM_MONEY, 0.12, "seed 000/002: debt and work-and-income expertise is often missing; assumption"),
    BG("work", DOM_WORK, 0.06, "seed 000 §10: social-services staff often missing from teams; assumption"),
    BG("mental", DOM_MENTAL, 0.17, "assumption"),
    BG("parenting", DOM_PARENTING, 0.35, "seed 000: teams dominated by care and youth professionals; assumption"),
    BG("care", DOM_CARE, 0.30, "seed 000: teams dominated by care professionals; assumption"),
    BG("housing", DOM_HOUSING, 0.0, "assumption: no housing background in the team"),
    BG("lvb", DOM_LVB, 0.0, "assumption: LVB expertise sits with specialists"),
    R(skill_background, 0, 1, 0.8, "0..1", "seed 000: 'generalist for the citizen, specialist in the team'; assumption",
      "Skill of a generalist in the domain of their background."),
    R(skill_other, 0, 1, 0.35, "0..1", "seed 000: generalists are unsure outside their background; assumption",
      "Skill of a generalist in the other domains."),
    R(hours_per_case_per_week, 0.1, 40, 1.5, "hours per case per week", "assumption",
      "Case-work hours a case needs each week for full effect."),
    R(admin_hours_per_money_case, 0, 40, 20.0, "hours per case per week at severity 1",
      "seed 000/002: urgent regelzaken (debts, collection agencies, allowances) crowd out other work; calibrated "
      "to 70-80 % of team work on money and debts (seed 002): 20 gives 73 %, 8 gives 46 % since money problems "
      "ease with their debts (letters.debt_relief)",
      "Regelzaken: weekly hours for a case whose head has a money problem, times its severity (none once debt "
      "counselling has the case)."),
    R(backoffice_admin_hours, 0, 40, 1.0, "hours per week per pending application",
      "seed 000 §Tussenstand 4: Helena's full questionnaire; assumption",
      "Paperwork per week while an application waits in the back office."),
    R(hours_per_network_meeting, 0.5, 40, 6, "hours", "assumption: preparing and leading one network meeting",
      "Hours a network meeting takes a generalist."),
    R(p_generalist_network, 0, 1, 0.3, "probability",
      "seed 000 §6: mutual reluctance; professionals think the network too weak; assumption",
      "Probability that a generalist with spare time organises a network meeting for a case without one."),
    R(network_relief, 0, 0.9, 0.3, "share of case hours",
      "seed 000: the network carries part of the plan; assumption on the size",
      "Case-work hours a plan made with the network saves."),
    I(caseload_limit, 0, 1000, 0, "cases per generalist",
      "DOMAIN.md §4: team caseload limits are a lever; baseline: none",
      "Policy lever: a generalist takes no new intake above this caseload (0: no limit, time per case falls)."),
    I(intake_weeks, 0, 52, 2, "weeks", "assumption", "Weeks from intake to a plan."),
    R(treat_rate_per_week, 0, 1, 0.04, "share of severity per week",
      "assumption: slower than specialist treatment; calibrated to case durations of months (Rotterdam: 75 % exceed six months)",
      "Weekly proportional fall of a treated problem at full time and skill 1."),
    R(treat_min, 0, 1, 0.1, "severity 0..1", "assumption", "Problems below this need no case work."),
    R(close_severity, 0, 1, 0.25, "severity 0..1", "assumption",
      "The case is closed as solved when every member's problems are below this."),
    R(refer_base, 0, 1, 0.45, "severity 0..1", "assumption",
      "A problem above refer_base + refer_skill_slope x skill is beyond the generalist: consult or refer."),
    R(refer_skill_slope, 0, 1, 0.4, "severity per skill", "assumption", "See refer_base."),
    R(p_ask_consult, 0, 1, 0.1, "probability",
      "seed 000 §5: a specialist's four consultation hours a week stayed unused; asking is not yet normal",
      "Policy lever (with specialist.consult_hours_per_week): probability that a generalist asks a specialist for "
      "advice instead of referring."),
    R(consult_skill, 0, 1, 0.75, "0..1", "seed 000 §8: the specialist helps the generalist make a better plan; assumption",
      "Skill of a generalist in the domain of a case after a consultation."),
    R(p_consult_diagnosis, 0, 1, 0.6, "probability", "calibrated: 6 % of referrals are for a diagnosis (seed 000)",
      "Probability that a consultation concludes that a referral for a diagnosis is needed."),
    I(powerless_weeks, 1, 520, 13, "weeks", "seed 000 §8: referral out of powerlessness; assumption",
      "Weeks without progress after which an overloaded or unskilled generalist refers."),
    R(min_progress, 0, 1, 0.05, "severity", "assumption", "Fall of the worst problem that counts as progress."),
    SCN_P_BOOL(S, mandate, 0, "seed 000 §Tussenstand 4 (doorzettingsmacht); baseline: the back office decides",
               "Policy lever: generalists decide special assistance and custom solutions themselves."),
    R(p_use_mandate, 0, 1, 0.7, "probability", "seed 000: many professionals fear the responsibility a mandate brings",
      "Probability that a generalist with a mandate uses it."),
    R(mandate_cost_factor, 0, 2, 0.6, "ratio", "seed 000: second-hand furnishing, faster and cheaper; assumption on the size",
      "Cost of a solution decided under the mandate relative to the back office's."),
    I(backoffice_weeks, 0, 104, 4, "weeks", "seed 000: Helena's special assistance took four weeks",
      "Back-office decision time for special assistance."),
    I(childcare_weeks, 0, 104, 26, "weeks", "seed 000: childcare that prevented a placement took half a year to fund",
      "Back-office decision time for a custom solution such as childcare."),
    I(backoffice_weeks_in_team, 0, 104, 1, "weeks", "assumption: work and income staff in the team decide at the table",
      "Decision time for special assistance when work and income sits in the team."),
    R(bb_amount_eur, 0, 100000, 800, "EUR", "assumption: furnishing and similar special assistance",
      "Special assistance (bijzondere bijstand, Participatiewet art. 35) granted per application."),
    R(bb_effect, 0, 1, 0.2, "share of severity", "assumption", "Share of the head's money problem the grant removes."),
    R(backoffice_cost_eur, 0, 100000, 300, "EUR per application", "assumption: handling by social services",
      "Back-office handling cost of an application."),
    R(p_bb_need, 0, 1, 0.5, "probability", "assumption",
      "Probability that a low-income case with a money problem needs special assistance."),
    R(childcare_need, 0, 1, 0.5, "severity 0..1", "assumption",
      "Parenting severity of a youth from which the plan asks for childcare or similar custom support."),
    R(childcare_effect, 1, 10, 2, "ratio", "seed 000: childcare prevented an out-of-home placement; assumption",
      "Multiplier of the team's effect on a youth's parenting problem while childcare is in place."),
    R(childcare_cost_eur_per_week, 0, 10000, 150, "EUR per week", "assumption", "Cost of childcare in place (municipality)."),
    SCN_P_BOOL(S, work_income_in_team, 0, "seed 000/002: >55 % of teams had work-and-income tasks in 2014; baseline: separate",
               "Policy lever: work-and-income staff sit in the team (set at the start of a run)."),
    R(work_income_staff_per_10000, 0, 100, 0.8, "staff per 10,000 inhabitants", "assumption",
      "Work-and-income staff added to the team when work_income_in_team is set."),
    SCN_P_ENUM(S, eigen_kracht, "exam|plan", EK_EXAM,
               "seed 000 §Botsende principes: eigen kracht as exam before support, or as a plan first (family group conference)",
               "Policy lever: 'exam' sends households with a network back to it unless they say they have nobody; "
               "'plan' offers a family group conference at the start."),
    I(exam_min_ties, 0, 100, 3, "ties", "assumption", "Under the exam: ties from which the network is deemed able to help."),
    R(p_claim_nobody, 0, 1, 0.6, "probability", "seed 000: 'I have no one' is rewarded (premium on helplessness); assumption",
      "Under the exam: probability that a household says it has nobody."),
    R(p_fgc_held, 0, 1, 0.25, "probability", "Dijkstra et al. 2019: 58 of 229 offered families held a conference",
      "Under 'plan': probability that an offered family group conference is held."),
    R(fgc_cost_eur, 0, 100000, 2000, "EUR", "assumption: Eigen Kracht conference coordination", "Cost of a family group conference."),
    R(network_workers_per_10000, 0, 100, 0, "workers per 10,000 inhabitants",
      "seed 000/004: Walcheren network workers 'work beyond expectation'; baseline: none",
      "Policy lever: dedicated network workers (set at the start of a run)."),
    R(meetings_per_worker_per_week, 0, 20, 1.5, "meetings per week", "assumption", "Network meetings a network worker organises."),
    R(experts_per_10000, 0, 100, 0, "experts per 10,000 inhabitants",
      "seed 000 §3: experts by experience counter moral aversion; baseline: none",
      "Policy lever: experts by experience in the team (set at the start of a run)."),
    R(expert_effect, 0, 1, 0.5, "0..1", "assumption",
      "With one expert per generalist: share by which aversion grows slower and trust faster."),
    R(new_helper_trust, 0, 2, 0.8, "ratio", "Systeem in beeld (seed 000 §6): each new helper starts winning trust; assumption",
      "Starting trust in a new helper relative to the household's trust in institutions."),
    R(trust_gain_per_week, 0, 1, 0.04, "share per week", "assumption", "Weekly growth of trust towards 1 while agreements hold."),
    R(p_break_per_week, 0, 1, 0.05, "probability per week",
      "Systeem in beeld: agreements break, mostly on the family's side; assumption on the rate",
      "Weekly probability that an agreement breaks, times (1 - trust)."),
    R(trust_loss, 0, 1, 0.2, "trust", "assumption", "Trust lost when an agreement breaks."),
    R(aversion_gain, 0, 1, 0.25, "aversion", "seed 000: the helper's 'moral aversion' grows; assumption",
      "Aversion of the helper gained per broken agreement."),
    R(aversion_limit, 0, 10, 1.0, "aversion", "assumption", "Aversion at which the helper stops the help."),
    R(trust_min, 0, 1, 0.15, "trust", "assumption", "Trust below which the household stops the help."),
    R(sat_base, 0, 1, 0.45, "probability", "calibrated: Almere 80 % satisfied (seed 003)", "Satisfaction: base probability."),
    R(sat_trust, 0, 1, 0.35, "probability per trust", "assumption", "Satisfaction: added per unit of trust at closing."),
    R(sat_progress, 0, 1, 0.3, "probability per improvement", "assumption",
      "Satisfaction: added per unit of relative improvement of the problems."),
    R(debt_settle_rate_per_week, 0, 1, 0.01, "share of debt per week",
      "NVVK: about 25 % of those registering end debt-free; assumption on the rate",
      "Weekly share of the household's debts settled through payment arrangements the team makes (regelzaken; at full "
      "admin time and skill)."),
    I(quiet_weeks_solved, 0, 520, 26, "weeks", "assumption",
      "Weeks before a household whose case closed as solved asks for help again."),
    I(quiet_weeks_stopped, 0, 520, 8, "weeks", "Systeem in beeld: after help stops, the next helper comes; assumption",
      "Weeks before a household whose help stopped (trust lost) asks again."),
    I(quiet_weeks_sent_back, 0, 520, 13, "weeks", "assumption",
      "Weeks before a household sent back to its network by the eigen-kracht exam asks again."),
};
#undef R
#undef I
#undef BG
const scn_section mdl_team_section = SCN_SECTION("team", "The sociaal wijkteam: generalists, caseloads, mandate, trust.", S, params);
#undef S

enum { PUR_PRO = 0, PUR_INTAKE = 1, PUR_CASE = 2, PUR_WANT = 3, PUR_NET = 4 };
enum { CASE_NONE, CASE_INTAKE = 2, CASE_PLAN = 3 };
/* beside a professional's index (below 2^30, add_pros): the case's plan was made with the
 * network (money_body, the time split and the case work); its head's money problem asks for
 * regelzaken (regel_money, as money_body found it) */
#define CASE_FLAG_PLAN 0x40000000u
#define CASE_FLAG_REGEL 0x80000000u
enum { BO_NONE, BO_BB, BO_CHILDCARE };
enum { CLOSE_SOLVED, CLOSE_TRUST, CLOSE_HANDED };

typedef struct team_state {
    mdl_care_cols c;
    const uint8_t *income;
    const int16_t *tie_count;
    const float *trust;
    float *debt;
    /* professionals */
    uint8_t *pro_kind, *background;
    int32_t *pro_area, *caseload;
    float *skill[MDL_N_DOMAINS];
    float *hours, *cw_unit, *regel_ratio, *spare, *share_cw, *share_admin, *share_net, *share_coll;
    int32_t *meetings_left;
    /* households */
    uint8_t *stage, *plan_network, *bo_pending, *bo_done, *childcare, *consulted, *want_domain, *want_flags, *by_mandate;
    int32_t *case_since, *bo_due, *bo_since, *progress_tick, *want_person, *last_pro;
    float *trust_team, *aversion, *progress_ref, *load0;
    double *g_sat_closed, *g_sat_ok;
    uint32_t n_pro_areas, pro_per_area; /* professionals of area a: [a * per, (a + 1) * per) */
    int32_t *tload; /* a pass's caseloads per thread (caseloads_begin): tload[t * npro + g] */
    uint32_t tload_npro;
    int i_open, i_cpg, i_queue, i_intakes, i_closed, i_closed_sat, i_closed_trust, i_sat, i_share[4], i_money_share,
        i_hours_money, i_hours_total, i_broken, i_meetings, i_fgc, i_told, i_decisions, i_decision_weeks, i_decision_mean,
        i_consults, i_cost_staff, i_cost_bb, i_cost_bo, i_cost_fgc, i_cost_childcare, i_helpers_new;
    int e_intake, e_plan, e_broken, e_closed, e_told, e_meeting, e_bo_request, e_decided, e_consult;
} team_state;

static int add_pros(sim_world *w, const mdl_team_params *p, team_state *s)
{
    const mdl_population_params *pop = scn_section_values(sim_world_scenario(w), "population");
    double inh = pop ? (double)pop->inhabitants : (double)sim_world_count(w, SIM_PERSON);
    uint32_t areas = pop ? (uint32_t)pop->areas : 1;
    s->n_pro_areas = areas;
    s->pro_per_area = 0;
    double per_area = inh / 10000.0 / areas;
    uint32_t n_kind[4] = {(uint32_t)fmax(1, lround(p->generalists_per_10000 * per_area)),
                          p->work_income_in_team ? (uint32_t)lround(p->work_income_staff_per_10000 * per_area) : 0,
                          (uint32_t)lround(p->network_workers_per_10000 * per_area),
                          (uint32_t)lround(p->experts_per_10000 * per_area)};
    uint32_t per = n_kind[0] + n_kind[1] + n_kind[2] + n_kind[3];
    s->pro_per_area = per;
    if ((uint64_t)per * areas >= 1u << 30) { /* team_step keeps a flag in the top bits */
        sim_world_fail(w, "team: too many professionals (%llu)", (unsigned long long)per * areas);
        return NABIJ_EINVAL;
    }
    int rc = sim_world_reserve(w, SIM_PRO, per * areas);
    if (rc)
        return rc;
#define PC(var, name, t, fl, unit, doc) \
    if (!(s->var = sim_col_add(w, SIM_PRO, name, t, fl, unit, doc))) return NABIJ_ENOMEM
    PC(pro_kind, "kind", SIM_U8, SIM_COL_STATIC, MDL_PRO_KIND_NAMES, "Kind of team member.");
    PC(pro_area, "area", SIM_I32, SIM_COL_STATIC, "area index", "Neighbourhood team the professional belongs to.");
    PC(background, "background", SIM_U8, SIM_COL_STATIC, "domain", "Domain of the professional's background.");
    PC(hours, "hours_per_week", SIM_F32, SIM_COL_STATIC, "hours per week", "Working hours.");
    PC(caseload, "caseload", SIM_I32, SIM_COL_SNAPSHOT, "households", "Open cases at the end of the tick.");
    PC(cw_unit, "casework_hours_per_case", SIM_F32, 0, "hours per tick", "Case-work hours each case gets this tick.");
    PC(regel_ratio, "regelzaken_ratio", SIM_F32, 0, "0..1", "Share of the regelzaken demand the professional's hours cover.");
    PC(spare, "spare_hours", SIM_F32, 0, "hours per tick", "Hours left after regelzaken and case work.");
    PC(share_cw, "share_casework", SIM_F32, SIM_COL_SNAPSHOT, "share of hours", "Time on case work.");
    PC(share_admin, "share_admin", SIM_F32, SIM_COL_SNAPSHOT, "share of hours", "Time on regelzaken and back-office paperwork.");
    PC(share_net, "share_network", SIM_F32, SIM_COL_SNAPSHOT, "share of hours", "Time on network work.");
    PC(share_coll, "share_collective", SIM_F32, SIM_COL_SNAPSHOT, "share of hours", "Time on collective action.");
    PC(meetings_left, "meetings_left", SIM_I32, 0, "meetings", "Network meetings the professional can still hold this tick.");
    static const char *const skill_names[MDL_N_DOMAINS] = {"skill_money", "skill_work", "skill_mental", "skill_parenting",
                                                           "skill_care", "skill_housing", "skill_lvb"};
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        PC(skill[d], skill_names[d], SIM_F32, SIM_COL_STATIC, "0..1", "Skill in this domain.");
#undef PC
    uint32_t first;
    if ((rc = sim_world_add(w, SIM_PRO, per * areas, &first)))
        return rc;
    double tot = 0;
    for (int d = 0; d < MDL_N_DOMAINS; d++)
        tot += p->bg_share[d];
    uint32_t x = first;
    for (uint32_t a = 0; a < areas; a++)
        for (int k = 0; k < 4; k++)
            for (uint32_t j = 0; j < n_kind[k]; j++, x++) {
                sim_rng_stream r;
                sim_rng_init(&r, sim_seed(w), MDL_PURPOSE(MNO_TEAM, PUR_PRO), x, 0);
                s->pro_kind[x] = (uint8_t)k;
                s->pro_area[x] = (int32_t)a;
                s->hours[x] = (float)p->hours_per_week;
                int bg = DOM_CARE;
                if (k == PRO_WORK_INCOME)
                    bg = DOM_WORK;
                else if (tot > 0) { /* spread backgrounds by their shares, in order */
                    double u = (j + 0.5) / n_kind[k] * tot, c = 0;
                    for (int d = 0; d < MDL_N_DOMAINS; d++)
                        if ((c += p->bg_share[d]) >= u) {
                            bg = d;
                            break;
                        }
                }
                s->background[x] = (uint8_t)bg;
                for (int d = 0; d < MDL_N_DOMAINS; d++) {
                    double sk = d == bg ? p->skill_background : p->skill_other;
                    if (k == PRO_WORK_INCOME && d == DOM_MONEY)
                        sk = p->skill_background;
                    s->skill[d][x] = (float)fmin(1, fmax(0, sk + 0.1 * (sim_rng_u01(&r) - 0.5)));
                }
            }
    return 0;
}

static int team_init(sim_world *w, const void *vp, void *vs)
{
    const mdl_team_params *p = vp;
    team_state *s = vs;
    int rc = mdl_care_cols_init(w, &s->c);
    if (rc)
        return rc;
    s->income = sim_col(w, SIM_PERSON, "income_source");
    s->tie_count = sim_col(w, SIM_PERSON, "tie_count");
    s->trust = sim_col(w, SIM_PERSON, "trust");
    s->debt = sim_col(w, SIM_HOUSEHOLD, "debt_eur");
    if (!s->income || !s->tie_count || !s->trust) {
        sim_world_fail(w, "team needs the population model before it");
        return NABIJ_EINVAL;
    }
    if ((rc = add_pros(w, p, s)))
        return rc;
#define HC(var, name, t, fl, unit, doc) \
    if (!(s->var = sim_col_add(w, SIM_HOUSEHOLD, name, t, fl, unit, doc))) return NABIJ_ENOMEM
    HC(stage, "case_stage", SIM_U8, SIM_COL_SNAPSHOT, "0 none, 2 intake, 3 plan", "Stage of the wijkteam case.");
    HC(plan_network, "plan_network", SIM_U8, SIM_COL_SNAPSHOT, "0/1", "The plan was made with the household's network.");
    HC(bo_pending, "backoffice_pending", SIM_U8, SIM_COL_SNAPSHOT, "none|special assistance|childcare",
       "Application waiting in the back office.");
    HC(bo_done, "backoffice_done", SIM_U8, 0, "bit mask", "Applications already decided in this case.");
    HC(childcare, "childcare", SIM_U8, SIM_COL_SNAPSHOT, "0 none|1 in place|2 in place, decided under the mandate",
       "Childcare or similar custom support in place.");
    HC(consulted, "consulted_domains", SIM_U8, 0, "bit mask", "Domains on which the generalist consulted a specialist.");
    HC(want_domain, "want_domain", SIM_U8, 0, "domain + 1", "This tick: domain beyond the generalist (consult or refer).");
    HC(want_flags, "want_flags", SIM_U8, 0, "2 powerless", "This tick: why the generalist wants help.");
    HC(by_mandate, "decided_by_mandate", SIM_U8, 0, "0/1", "The pending decision is taken under the mandate.");
    HC(case_since, "case_since", SIM_I32, 0, "tick", "Tick of the intake.");
    HC(bo_due, "backoffice_due", SIM_I32, 0, "tick", "Tick at which the pending application is decided.");
    HC(bo_since, "backoffice_since", SIM_I32, 0, "tick", "Tick of the pending application.");
    HC(progress_tick, "progress_tick", SIM_I32, 0, "tick", "Last check of progress.");
    HC(want_person, "want_person", SIM_I32, 0, "person index", "This tick: the person the generalist wants help for.");
    HC(last_pro, "last_generalist", SIM_I32, 0, "professional index + 1", "Previous generalist (the next helper is another).");
    HC(trust_team, "trust_helper", SIM_F32, SIM_COL_SNAPSHOT, "0..1", "Trust of the household in its current helper.");
    HC(aversion, "helper_aversion", SIM_F32, 0, "aversion", "Moral aversion of the current helper towards the household.");
    HC(progress_ref, "progress_ref", SIM_F32, 0, "severity", "Worst problem at the last progress check.");
    HC(load0, "case_load_start", SIM_F32, 0, "severity", "Summed worst problems of the members at intake.");
#undef HC
    if (!(s->g_sat_closed = sim_col_add(w, SIM_GLOBAL, "satisfaction_closed_ewma", SIM_F64, 0, "cases", "Smoothed closed cases.")) ||
        !(s->g_sat_ok = sim_col_add(w, SIM_GLOBAL, "satisfaction_ok_ewma", SIM_F64, 0, "cases", "Smoothed satisfied closed cases.")))
        return NABIJ_ENOMEM;
    rc = sim_col_refs(w, SIM_HOUSEHOLD, "want_person", SIM_PERSON, 0);
    if (rc)
        return rc;
#define IND(var, name, unit, doc) s->var = sim_ind_add(w, name, unit, doc)
    IND(i_open, "cases_open", "households", "Open wijkteam cases at the end of the tick.");
    IND(i_cpg, "cases_per_generalist", "households per generalist", "Open cases per generalist at the end of the tick.");
    IND(i_queue, "team_intake_waiting", "households", "Households waiting for a wijkteam intake.");
    IND(i_intakes, "team_intakes", "households per tick", "Intakes held.");
    IND(i_closed, "cases_closed", "households per tick", "Cases closed.");
    IND(i_closed_sat, "cases_closed_satisfied", "households per tick", "Closed cases whose household was satisfied.");
    IND(i_closed_trust, "cases_closed_trust_lost", "households per tick", "Cases that stopped because trust was lost.");
    IND(i_sat, "satisfaction_share", "share", "Share of satisfied households among recently closed cases (half-life about 18 ticks).");
    IND(i_share[0], "team_time_share_casework", "share of hours", "Team time on case work.");
    IND(i_share[1], "team_time_share_admin", "share of hours", "Team time on regelzaken and back-office paperwork.");
    IND(i_share[2], "team_time_share_network", "share of hours", "Team time on network work.");
    IND(i_share[3], "team_time_share_collective", "share of hours", "Team time on collective action.");
    IND(i_money_share, "team_share_money_debt", "share of hours", "Share of the team's case hours spent on money and debts.");
    IND(i_hours_money, "team_hours_money_debt", "hours per tick", "Team hours on money and debts (regelzaken and case work).");
    IND(i_hours_total, "team_hours_cases", "hours per tick", "Team hours on cases (regelzaken and case work).");
    IND(i_broken, "agreements_broken", "per tick", "Agreements broken between households and helpers.");
    IND(i_meetings, "network_meetings", "per tick", "Network meetings organised by generalists and network workers.");
    IND(i_fgc, "family_group_conferences", "per tick", "Family group conferences held.");
    IND(i_told, "sent_to_own_network", "households per tick", "Households sent back to their own network by the eigen-kracht exam.");
    IND(i_decisions, "decisions", "per tick", "Special assistance and custom-solution decisions taken.");
    IND(i_decision_weeks, "decision_weeks_total", "weeks per tick", "Summed waiting time of the decisions taken.");
    IND(i_decision_mean, "decision_weeks_mean", "weeks", "Mean time to a decision among decisions taken this tick.");
    IND(i_consults, "team_consultations", "per tick", "Consultations of specialists by generalists.");
    IND(i_cost_staff, "cost_municipality_team_staff_eur", "EUR per tick", "Staff cost of the wijkteam.");
    IND(i_cost_bb, "cost_municipality_bijzondere_bijstand_eur", "EUR per tick", "Special assistance granted.");
    IND(i_cost_bo, "cost_municipality_backoffice_eur", "EUR per tick", "Back-office handling of applications.");
    IND(i_cost_fgc, "cost_municipality_family_conference_eur", "EUR per tick", "Family group conferences.");
    IND(i_cost_childcare, "cost_municipality_childcare_eur", "EUR per tick", "Childcare and similar custom support.");
    IND(i_helpers_new, "team_new_helpers", "per tick", "New helpers (generalists, network workers) that started with a household.");
#undef IND
    s->e_intake = sim_event_kind_add(w, "intake", "Generalist {cp} of the wijkteam held an intake with the household.", NULL);
    s->e_plan = sim_event_kind_add(w, "plan_made", "The household and its generalist made a plan.", NULL);
    s->e_broken = sim_event_kind_add(w, "agreement_broken", "An agreement between the household and its helper was broken.", NULL);
    s->e_closed = sim_event_kind_add(w, "case_closed", "The wijkteam closed the household's case: {cp}.",
                                     "problems solved|trust lost, the help stopped|the rest is handed over to a specialist");
    s->e_told = sim_event_kind_add(w, "sent_to_network", "The household was told to ask its own network first (eigen kracht).", NULL);
    s->e_meeting = sim_event_kind_add(w, "network_meeting", "A {cp} was held with the household's network.",
                                      "network meeting by the generalist|network meeting by a network worker|family group conference");
    s->e_bo_request = sim_event_kind_add(w, "backoffice_request", "The generalist applied to the back office for {cp}.",
                                         "nothing|special assistance|childcare");
    s->e_decided = sim_event_kind_add(w, "decided", "A decision on {cp} came after {amount} weeks.",
                                      "nothing|special assistance|childcare");
    s->e_consult = sim_event_kind_add(w, "team_consulted", "The generalist asked specialist provider {cp} for advice about {person}.", NULL);
    return s->e_consult < 0 ? s->e_consult : 0;
}

typedef struct team_ctx {
    team_state *s;
    const mdl_team_params *p;
    double expert_share;
    const double *intensity; /* per generalist g: case_intensity without a plan at 2 * g, with one at 2 * g + 1 */
    const uint32_t *cases; /* households with a case, ascending */
    const uint32_t *pro;   /* their generalists with the flags CASE_FLAG_PLAN and CASE_FLAG_REGEL (money_body) */
    uint32_t *want;        /* households whose generalist wants a consult or referral; chunk c of
                            * the case list writes from c * SIM_CHUNK on */
    uint32_t *nwant;       /* their number per chunk */
} team_ctx;

enum { A_HMONEY, A_HCASE, A_CLOSED, A_SAT, A_TRUSTLOST, A_BROKEN, A_DEC, A_DECW, A_BB, A_BO, A_CHILD, A_N };
#define NONLVB ((1u << MDL_N_DOMAINS) - 1u - (1u << DOM_LVB))

/* Worst problem of member "i" that the team works on (not LVB, not what a specialist
 * treats), its domain in *d (-1 for none above 0); *handed: whether a specialist has one. */
static inline float member_worst(const team_state *s, uint32_t i, int *d, int *handed)
{
    unsigned mask = NONLVB;
    *handed = s->c.spec_state[i] != SPEC_NONE;
    if (*handed)
        mask &= ~(1u << s->c.spec_domain[i]);
    return mdl_care_worst(s->c.prob, i, mask, d);
}

/* The household's load: the sum over its members of their worst problem but LVB, handed over
 * to a specialist or not (load0 at the intake, against which close_case measures progress). */
static float hh_load(const team_state *s, uint32_t h)
{
    float sum = 0;
    MDL_FOR_MEMBERS(&s->c, h, i)
        sum += mdl_care_worst(s->c.prob, (uint32_t)i, NONLVB, NULL);
    return sum;
}

/* Household "h" has no case any more: no generalist, stage, plan, application, childcare or
 * consultation. */
static void end_case(team_state *s, uint32_t h)
{
    s->c.case_pro[h] = 0;
    s->stage[h] = CASE_NONE;
    s->plan_network[h] = s->bo_pending[h] = s->bo_done[h] = s->childcare[h] = s->consulted[h] = 0;
}

static void close_case(sim_world *w, team_state *s, const mdl_team_params *p, uint32_t h, int reason,
                       sim_rng_stream *r, double *acc)
{
    mdl_care_cols *c = &s->c;
    float cur = hh_load(s, h);
    double impr = s->load0[h] > 0 ? fmax(0, (s->load0[h] - cur) / s->load0[h]) : 1;
    double ps = p->sat_base + p->sat_trust * s->trust_team[h] + p->sat_progress * impr;
    acc[A_CLOSED] += 1;
    acc[A_SAT] += sim_rng_bernoulli(r, ps);
    acc[A_TRUSTLOST] += reason == CLOSE_TRUST;
    s->last_pro[h] = c->case_pro[h];
    end_case(s, h);
    double wk = sim_days_per_tick(w) / 7.0;
    c->seek_block_until[h] = (int32_t)sim_tick(w) +
                             (int32_t)lround((reason == CLOSE_TRUST ? p->quiet_weeks_stopped : p->quiet_weeks_solved) / wk);
    sim_emit(w, s->e_closed, (int32_t)h, -1, reason, 0);
}

/* Applications: decided at once under the mandate, else by the back office after a delay. */
static void apply(sim_world *w, team_state *s, const mdl_team_params *p, uint32_t h, int what, sim_rng_stream *r)
{
    int32_t tick = (int32_t)sim_tick(w);
    double wk = sim_days_per_tick(w) / 7.0;
    int64_t weeks = what == BO_CHILDCARE ? p->childcare_weeks
                    : p->work_income_in_team ? p->backoffice_weeks_in_team : p->backoffice_weeks;
    int mand = p->mandate && sim_rng_bernoulli(r, p->p_use_mandate);
    s->bo_pending[h] = (uint8_t)what;
    s->bo_since[h] = tick;
    s->by_mandate[h] = (uint8_t)mand;
    s->bo_due[h] = tick + (mand ? 0 : (int32_t)lround(weeks / wk));
    sim_emit(w, s->e_bo_request, (int32_t)h, -1, what, 0);
}

/* The plan asks for childcare, once in a case (bo_done bit 2). */
static void apply_childcare(sim_world *w, team_state *s, const mdl_team_params *p, uint32_t h, mdl_lazy *lz)
{
    s->bo_done[h] |= 2;
    apply(w, s, p, h, BO_CHILDCARE, mdl_lazy_get(w, lz));
}

/* The skill generalist "g" brings to domain "d" of a case: their own, or at least
 * consult_skill once a specialist has been consulted about that domain of the case (bit d of
 * "consulted", the case's row of s->consulted). The treatment, the regelzaken (money) and the
 * test for powerlessness use it. */
static double case_skill(const team_state *s, const mdl_team_params *p, unsigned consulted, uint32_t g, int d)
{
    double sk = s->skill[d][g];
    return consulted >> d & 1 ? fmax(sk, p->consult_skill) : sk;
}

/* The money severity of household "h"'s head that asks the generalist for regelzaken: at
 * least treat_min, and the household's debts not with debt counselling (no member waiting
 * for it or in it: a trajectory of any member settles the household's debts); 0 when none
 * does (no head: the household has dissolved). The time split charges regelzaken hours for
 * it, and only a case that has them settles debts. */
static float regel_money(const team_state *s, const mdl_team_params *p, uint32_t h)
{
    const mdl_care_cols *c = &s->c;
    int32_t head = c->hh_first[h];
    if (head < 0)
        return 0;
    float money = c->prob[DOM_MONEY][head];
    if (money < (float)p->treat_min)
        return 0;
    MDL_FOR_MEMBERS(c, h, i)
        if (c->spec_state[i] != SPEC_NONE && c->spec_domain[i] == DOM_MONEY)
            return 0;
    return money;
}

/* Household "h" has no member in work: special assistance may be asked for its money
 * problem (the walk over the members stops at the first in work). */
static int low_income(const team_state *s, uint32_t h)
{
    MDL_FOR_MEMBERS(&s->c, h, i)
        if (s->income[i] == INC_WORK)
            return 0;
    return 1;
}

/* A youth of household "h" (born after "adult_by") has a parenting problem from which the
 * plan asks for childcare (the walk stops at the first). */
static int youth_need(const team_state *s, const mdl_team_params *p, uint32_t h, int32_t adult_by)
{
    MDL_FOR_MEMBERS(&s->c, h, i)
        if (s->c.birth_day[i] > adult_by && s->c.prob[DOM_PARENTING][i] >= p->childcare_need)
            return 1;
    return 0;
}

/* The largest of the severities v[d], d < DOM_LVB, when it is above 0, as the scan
 * "if (v[d] > worst) worst = v[d]" from 0 finds it (a NaN is passed over, as there; at or
 * below 0 the result may differ from the scan's 0, and its caller only asks whether it is
 * above 0 and which domain has it then). Four domains to an SSE maximum where there is SSE. */
static inline float worst_of(const float v[DOM_LVB])
{
#ifdef __SSE2__
    _Static_assert(DOM_LVB == 6, "worst_of takes four domains and then two");
    __m128 a = _mm_loadu_ps(v), b = _mm_setr_ps(v[4], v[5], 0, 0);
    a = _mm_and_ps(a, _mm_cmpord_ps(a, a)); /* a NaN as 0 */
    b = _mm_and_ps(b, _mm_cmpord_ps(b, b));
    __m128 m = _mm_max_ps(a, b);
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
    return _mm_cvtss_f32(m);
#else
    float worst = 0;
    for (int d = 0; d < DOM_LVB; d++)
        worst = v[d] > worst ? v[d] : worst;
    return worst;
#endif
}

/* The row of caseloads of the calling thread, in which a body counts one more case for
 * generalist g (a professional's index) as row[g]++. The caseloads are counted in the
 * parallel passes that find the cases (scan_body, case_body), each thread in its own row of
 * s->tload (atomic additions to the shared caseloads made the two threads contend for their
 * cache lines: the team phase took longer on two threads than on one), and summed after the
 * pass (caseloads_end); a count is the same in any order. */
static inline int32_t *thread_caseloads(const sim_world *w, const team_state *s)
{
    return s->tload + (size_t)sim_thread(w) * s->tload_npro;
}

static const char scr_tload;

/* Before a pass that counts the caseloads of the "npro" professionals: a zeroed row of
 * counts per thread. Returns 0, or -1 when memory runs out. */
static int caseloads_begin(sim_world *w, team_state *s, uint32_t npro)
{
    size_t n = (size_t)sim_threads(w) * npro;
    s->tload = sim_scratch(w, &scr_tload, n + 1, sizeof *s->tload);
    if (!s->tload)
        return -1;
    memset(s->tload, 0, n * sizeof *s->tload);
    s->tload_npro = npro;
    return 0;
}

/* After it: the caseloads, the sums of the threads' rows. */
static void caseloads_end(sim_world *w, team_state *s, uint32_t npro)
{
    int threads = sim_threads(w);
    for (uint32_t g = 0; g < npro; g++) {
        int32_t n = 0;
        for (int t = 0; t < threads; t++)
            n += s->tload[(size_t)t * npro + g];
        s->caseload[g] = n;
    }
}

/* fmin(1, x) exactly (1 for a NaN too), without the call to libm. */
static inline double min1(double x)
{
    return x < 1 ? x : 1.0;
}

/* The intensity of the case work for a case of a generalist whose cases get "cw_unit" hours
 * each in the split, with a network plan ("plan": the case needs and gets the share "relief"
 * of the hours) or without: the hours it gets over those it needs, at most 1. It is the same
 * for all of the generalist's cases with a plan, and for all without, so the split works out
 * both once a tick (team_ctx.intensity) instead of case_body with a division for every case. */
static inline double case_intensity(float cw_unit, double case_hours, double relief, int plan)
{
    double need = case_hours * (plan ? relief : 1);
    return min1(cw_unit * (plan ? relief : 1) / need);
}

_Static_assert(DOM_LVB == MDL_N_DOMAINS - 1, "case_body works on the domains before DOM_LVB");

/* Bit d: the severity v[d] of domain d < DOM_LVB is not below the float threshold "t" (the
 * test !(v < t), a NaN counted as not below), four domains to a comparison where SSE is. */
static inline unsigned domains_from(const float v[DOM_LVB], float t)
{
#ifdef __SSE2__
    _Static_assert(DOM_LVB == 6, "domains_from compares four domains and then two");
    __m128 tt = _mm_set1_ps(t);
    unsigned lo = (unsigned)_mm_movemask_ps(_mm_cmpnlt_ps(_mm_loadu_ps(v), tt)),
             hi = (unsigned)_mm_movemask_ps(_mm_cmpnlt_ps(_mm_setr_ps(v[4], v[5], 0, 0), tt)) & 3u;
    return lo | hi << 4;
#else
    unsigned m = 0;
    for (int d = 0; d < DOM_LVB; d++)
        m |= (unsigned)!(v[d] < t) << d;
    return m;
#endif
}

/* Cases whose first blocks are filled together, ahead of their case work. */
#define CASE_WINDOW 256u

/* The cases of a window that draw this tick and their first blocks. */
typedef struct case_draws {
    uint32_t n, next;               /* listed; the next to reach in the case work */
    uint32_t at[CASE_WINDOW];       /* their places in the case list */
    uint32_t h[CASE_WINDOW];        /* their households */
    uint32_t first[CASE_WINDOW][4]; /* their streams' first blocks */
} case_draws;

/* Lists the cases j0 <= j < j1 that will be in the plan stage in case_body (a case in intake
 * draws nothing), the ones whose trust is drawn, and fills their first blocks
 * (sim_rng_first_blocks_list: a batch of sixteen instead of a block at a time). The case work
 * of one case changes only its own rows, so the list made before the window's case work is
 * the one case_body would find case by case. */
static void list_case_draws(const sim_world *w, const team_ctx *cx, int32_t intake_ticks, uint32_t j0, uint32_t j1,
                            case_draws *cd)
{
    const team_state *s = cx->s;
    int32_t tick = (int32_t)sim_tick(w);
    cd->n = cd->next = 0;
    for (uint32_t j = j0; j < j1; j++) {
        uint32_t h = cx->cases[j];
        int stage = s->stage[h];
        if (stage == CASE_PLAN || (stage == CASE_INTAKE && tick - s->case_since[h] >= intake_ticks)) {
            cd->at[cd->n] = j;
            cd->h[cd->n++] = h;
        }
    }
    sim_rng_first_blocks_list(sim_seed(w), MDL_PURPOSE(MNO_TEAM, PUR_CASE), cd->h, cd->n, sim_tick(w), cd->first);
}

/* Built for AVX2 too (MDL_VECTOR): its three-operand forms spare register copies, about 0.8
 * instructions per person-tick late in a run (no FMA: the same numbers). */
MDL_VECTOR
static void case_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    /* the context and the state (the columns' pointers) as the case work reads them: copies
     * on the stack whose addresses escape nowhere (close_case, apply and regel_money, which
     * get the state, keep none), so that no store can change them, where through "vc" the
     * compiler must take every store of a byte (treated, want_domain, a stage) or a float (a
     * severity) for one that may change a column's pointer or the context's lists, and load
     * them again after it */
    team_state state = *((const team_ctx *)vc)->s;
    team_ctx fixed = *(const team_ctx *)vc;
    fixed.s = &state;
    const team_ctx *cx = &fixed;
    team_state *s = cx->s;
    const mdl_team_params *p = cx->p;
    mdl_care_cols *c = &s->c;
    int32_t tick = (int32_t)sim_tick(w), day = sim_day(w);
    double wk = sim_days_per_tick(w) / 7.0;
    /* the case work asks only whether a member is under 18: a birth-day cut-off (quick.h)
     * instead of an age per member; per-tick constants out of the loop */
    const int32_t adult_by = mdl_birth_cut(day, 18);
    int32_t *const load = thread_caseloads(w, s);
    const int32_t intake_ticks = (int32_t)lround(p->intake_weeks / wk),
                  powerless_ticks = (int32_t)lround(p->powerless_weeks / wk);
    const float treat_f = mdl_care_float_threshold(p->treat_min); /* v < treat_min exactly when v < treat_f */
    /* products of parameters as the expressions below form them first (left to right), kept
     * in registers: the byte stores of the loop could alias the parameters for the compiler */
    const double relief = 1 - p->network_relief,
                 treat_wk = p->treat_rate_per_week * wk, refer_base = p->refer_base, refer_slope = p->refer_skill_slope,
                 gain_wk = p->trust_gain_per_week * wk, break_wk = p->p_break_per_week * wk,
                 ex = cx->expert_share * p->expert_effect, childcare_need = p->childcare_need;
    /* without the mandate, and with a back office slower than a tick, a childcare application
     * is never decided in the tick it is made, and so changes nothing that the case work of
     * its tick reads: it is made after the walk over the members, which finds whether a youth
     * needs it, instead of a walk of its own before (youth_need); its draw, its event and its
     * rows come before the trust cycle's as they did */
    const int youth_after = !p->mandate && (int32_t)lround((double)p->childcare_weeks / wk) > 0;
    uint32_t nwant = 0;
    case_draws cd;
    for (uint32_t j = b; j < e; j++) {
        if ((j - b) % CASE_WINDOW == 0)
            list_case_draws(w, cx, intake_ticks, j, e - j < CASE_WINDOW ? e : j + CASE_WINDOW, &cd);
        uint32_t h = cx->cases[j];
        /* the domain the case wants a consultation or referral for (plus one), kept here and
         * written to want_domain only when set: want_domain is 0 for every household as the
         * case work begins (the serial pass after it clears the ones it lists, a case closed
         * for trust its own), so the row is neither read nor written for most cases */
        unsigned want = 0;
        /* every listed case is open as its case work begins (the list holds scan_body's cases
         * and the intakes' new ones, and between money_body and here nothing closes one): its
         * generalist is money_body's, and case_pro is read for none */
        uint32_t g = cx->pro[j] & ~(CASE_FLAG_PLAN | CASE_FLAG_REGEL);
        mdl_lazy lz; /* the case's stream, opened at its first draw past its first block */
        if (cd.next < cd.n && cd.at[cd.next] == j)
            mdl_lazy_init_first(&lz, MDL_PURPOSE(MNO_TEAM, PUR_CASE), h, cd.first[cd.next++]);
        else
            mdl_lazy_init(&lz, MDL_PURPOSE(MNO_TEAM, PUR_CASE), h);
        int32_t f = s->c.hh_first[h];
        /* the domains consulted about (case_skill): set by the serial pass after the case work,
         * so read once a case, not again for every domain worked on behind the stores of bytes */
        const unsigned consulted = s->consulted[h];
        int money_changed = 0; /* a grant lowered the head's money problem this tick */
        int ask_youth = 0, youth = 0; /* the childcare application waits for the walk; a youth needs it */
        double intensity = cx->intensity[2 * g + (s->plan_network[h] != 0)];
        double treat_int = treat_wk * intensity;
        if (s->stage[h] == CASE_INTAKE && tick - s->case_since[h] >= intake_ticks) {
            s->stage[h] = CASE_PLAN;
            sim_emit(w, s->e_plan, (int32_t)h, -1, -1, 0);
        }
        /* applications */
        if (s->stage[h] == CASE_PLAN && !s->bo_pending[h]) {
            if (!(s->bo_done[h] & 1) && f >= 0 && s->c.prob[DOM_MONEY][f] >= 0.3f && low_income(s, h)) {
                s->bo_done[h] |= 1;
                if (sim_rng_bernoulli(mdl_lazy_get(w, &lz), p->p_bb_need))
                    apply(w, s, p, h, BO_BB, mdl_lazy_get(w, &lz));
            } else if (!(s->bo_done[h] & 2)) {
                if (youth_after)
                    ask_youth = 1;
                else if (youth_need(s, p, h, adult_by))
                    apply_childcare(w, s, p, h, &lz);
            }
        }
        if (s->bo_pending[h] && tick >= s->bo_due[h]) {
            int what = s->bo_pending[h];
            double weeks = (tick - s->bo_since[h]) * wk;
            double factor = s->by_mandate[h] ? p->mandate_cost_factor : 1.0;
            if (what == BO_BB) {
                if (f >= 0) { /* the household may have dissolved (deaths, moves) */
                    s->c.prob[DOM_MONEY][f] *= (float)(1 - p->bb_effect);
                    money_changed = 1;
                }
                acc[A_BB] += p->bb_amount_eur * factor;
            } else { /* its weekly cost, like a grant, at mandate_cost_factor under the mandate */
                s->childcare[h] = s->by_mandate[h] ? 2 : 1;
            }
            if (!s->by_mandate[h])
                acc[A_BO] += p->backoffice_cost_eur;
            acc[A_DEC] += 1;
            acc[A_DECW] += weeks;
            s->bo_pending[h] = BO_NONE;
            sim_emit(w, s->e_decided, (int32_t)h, -1, what, weeks);
        }
        if (s->childcare[h]) { /* it ends when no child is left (grown up, moved, died) */
            int minors = 0;
            MDL_FOR_MEMBERS(c, h, ii) minors += s->c.birth_day[ii] > adult_by;
            if (!minors)
                s->childcare[h] = 0;
        }
        if (s->childcare[h])
            acc[A_CHILD] += p->childcare_cost_eur_per_week * wk * (s->childcare[h] == 2 ? p->mandate_cost_factor : 1.0);
        /* case work on every member's problems */
        double hours = s->cw_unit[g], sev_sum = 0, sev_money = 0;
        /* before the case work lowers the money problem; as money_body found it unless a grant
         * lowered it since (nothing else changes the rows it reads in between) */
        int regel = money_changed ? regel_money(s, p, h) > 0 : (cx->pro[j] & CASE_FLAG_REGEL) != 0;
        /* the household's worst problem the team works on (member_worst's, the first member
         * with it, for the test of powerlessness below) is found in the same walk, from the
         * severities after its case work: the case work of a member changes only that
         * member's rows; so is whether a youth needs childcare (youth_need), from the
         * severities before it, when the application waits for the walk (youth_after) */
        uint32_t who = (uint32_t)f;
        int dom = -1;
        float cur = 0;
        MDL_FOR_MEMBERS(c, h, ii) {
            uint32_t i = (uint32_t)ii;
            int age = s->c.birth_day[i] > adult_by ? 17 : 18; /* what mdl_care_kind_for and the tests ask */
            int spec = c->spec_state[i];
            unsigned spec_bit = spec != SPEC_NONE ? 1u << c->spec_domain[i] : 0; /* handed over to a specialist */
            /* the domains to work on, a bit each: at least treat_min, not LVB (the last domain),
             * not the one a specialist treats */
            float v[DOM_LVB];
            for (int d = 0; d < DOM_LVB; d++)
                v[d] = s->c.prob[d][i];
            youth |= age < 18 && v[DOM_PARENTING] >= childcare_need;
            unsigned todo = domains_from(v, treat_f);
            if (spec == SPEC_IN_CARE)
                todo &= ~spec_bit;
            if (todo) /* a member without work (about two in five late in a run) keeps its row unwritten */
                c->treated[i] |= (uint8_t)todo;
            for (unsigned m = todo; m; m &= m - 1) {
                int d = __builtin_ctz(m);
                double sk = case_skill(s, p, consulted, g, d);
                if (v[d] > refer_base + refer_slope * sk && !want && spec == SPEC_NONE &&
                    mdl_care_kind_for(d, age) != PK_GP) {
                    want = (unsigned)d + 1;
                    s->want_domain[h] = (uint8_t)want;
                    s->want_person[h] = (int32_t)i;
                    s->want_flags[h] = 0;
                }
                double rate = treat_int * sk;
                if (d == DOM_PARENTING && s->childcare[h] && age < 18)
                    rate *= p->childcare_effect;
                sev_sum += v[d];
                if (d == DOM_MONEY)
                    sev_money += v[d];
                s->c.prob[d][i] = v[d] = (float)(v[d] * (1 - min1(rate)));
            }
            /* as member_worst: the first member with the household's worst, and its lowest domain
             * with that severity (the one a specialist has left out: 0 counts as nothing) */
            if (spec_bit & NONLVB)
                v[c->spec_domain[i]] = 0;
            float worst = worst_of(v);
            if (worst > cur) {
                int wd = 0;
                while (!(v[wd] == worst))
                    wd++;
                cur = worst, who = i, dom = wd;
            }
        }
        if (ask_youth && youth)
            apply_childcare(w, s, p, h, &lz);
        /* regelzaken: payment arrangements with creditors, as far as the admin hours reach; not
         * where debt counselling has the money problem (before, those debts were settled
         * twice, by the team without hours for it and by debt counselling) */
        if (regel && s->debt && s->debt[h] > 0)
            s->debt[h] = (float)(s->debt[h] * (1 - p->debt_settle_rate_per_week * wk * s->regel_ratio[g] *
                                                       case_skill(s, p, consulted, g, DOM_MONEY)));
        /* the case-work hours the case was given in the split, whatever it had to work on
         * (before, a network-plan case was counted at the full share and a case without a
         * problem of treat_min not at all) */
        hours *= cx->pro[j] & CASE_FLAG_PLAN ? relief : 1;
        acc[A_HCASE] += hours;
        if (sev_sum > 0)
            acc[A_HMONEY] += hours * sev_money / sev_sum;
        /* powerlessness: no progress for a while */
        if (tick - s->progress_tick[h] >= powerless_ticks) {
            int no_progress = cur > s->progress_ref[h] - p->min_progress;
            int helpless = intensity < 0.999 || (dom >= 0 && case_skill(s, p, consulted, g, dom) < 0.5);
            if (no_progress && helpless && dom >= 0 && !want && c->spec_state[who] == SPEC_NONE &&
                mdl_care_kind_for(dom, mdl_age_years(s->c.birth_day[who], day)) != PK_GP) {
                want = (unsigned)dom + 1;
                s->want_domain[h] = (uint8_t)want;
                s->want_person[h] = (int32_t)who;
                s->want_flags[h] = SPEC_FLAG_POWERLESS;
            }
            s->progress_ref[h] = cur;
            s->progress_tick[h] = tick;
        }
        /* the trust cycle */
        if (s->stage[h] == CASE_PLAN) {
            float t = s->trust_team[h];
            t += (float)(gain_wk * (1 - t) * (1 + ex));
            if (mdl_lazy_bernoulli(w, &lz, break_wk * (1 - t))) {
                t -= (float)p->trust_loss;
                s->aversion[h] += (float)(p->aversion_gain * (1 - ex));
                acc[A_BROKEN] += 1;
                sim_emit(w, s->e_broken, (int32_t)h, -1, -1, 0);
            }
            s->trust_team[h] = t < 0 ? 0 : t > 1 ? 1 : t;
            if (s->aversion[h] >= p->aversion_limit || s->trust_team[h] < p->trust_min) {
                s->want_domain[h] = 0; /* the household stops: no consultation or referral for it */
                close_case(w, s, p, h, CLOSE_TRUST, mdl_lazy_get(w, &lz), acc);
                continue;
            }
            /* a case waiting for its referral or consultation (the serial pass, below) closes
             * once that is done (before, it could close as solved first and be referred after);
             * an application still with the back office does not hold a solved case open (before,
             * it did, up to childcare_weeks): end_case withdraws it */
            if (cur < p->close_severity && !want) {
                int handed = 0;
                MDL_FOR_MEMBERS(c, h, i)
                    handed |= c->spec_state[i] != SPEC_NONE;
                close_case(w, s, p, h, handed ? CLOSE_HANDED : CLOSE_SOLVED, mdl_lazy_get(w, &lz), acc);
                continue; /* closed: no want (its test above), and no place in a caseload */
            }
        }
        if (want)
            cx->want[b + nwant++] = h;
        load[g]++;
    }
    cx->nwant[b / SIM_CHUNK] = nwant;
}

/* The households the serial steps must see, found in parallel: chunk c of the households
 * lists its cases in case[c * SIM_CHUNK ...] and its waiting intakes in queue[...], with
 * their request ticks in since[...] and their team and crisis flag in key[...] (team << 8 |
 * crisis: the serial queue and its split by team read these lists, not the rows). acc[0]
 * counts cases that also wait for an intake. A household left without members ends its case
 * or its wait for an intake here (before, its case held a place in a caseload and its wait
 * could bring an intake of nobody). */
typedef struct scan_ctx {
    team_state *s;
    uint32_t *cases, *ncases, *queue, *nqueue, *since, *key;
} scan_ctx;

/* Flag k: household k of a block of n <= 64 has a case or waits for an intake. */
static inline void case_flags(const int32_t *restrict case_pro, const int32_t *restrict since, uint32_t n,
                              uint8_t *restrict fl)
{
    for (uint32_t k = 0; k < n; k++)
        fl[k] = (case_pro[k] | since[k]) != 0;
}

/* Built for AVX2 too (MDL_VECTOR): the flags of every household take half the instructions. */
MDL_VECTOR
static void scan_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    scan_ctx *x = vc;
    int32_t *const load = thread_caseloads(w, x->s);
    const int32_t *case_pro = x->s->c.case_pro;
    int32_t *since = x->s->c.intake_since;
    const uint8_t *members = x->s->c.hh_members, *crisis = x->s->c.intake_crisis;
    const int32_t *area = x->s->c.hh_area;
    const uint32_t nt = x->s->n_pro_areas;
    uint32_t nc = 0, nq = 0, waiting = 0; /* waiting: acc[0], counted whole (exact either way) */
    /* the households with a case or waiting for an intake, found 64 at a time by a byte mask
     * (the walk changes only the row of the household it visits) */
    for (uint32_t h0 = b; h0 < e; h0 += 64) {
        uint32_t len = e - h0 < 64 ? e - h0 : 64;
        uint8_t fl[64];
        uint64_t todo;
        if (len == 64) {
            case_flags(case_pro + h0, since + h0, 64, fl);
            todo = mdl_bytes_mask(fl, 64);
        } else {
            case_flags(case_pro + h0, since + h0, len, fl);
            todo = mdl_bytes_mask(fl, len);
        }
        for (; todo; todo &= todo - 1) {
            uint32_t h = h0 + (uint32_t)__builtin_ctzll(todo);
            if (!members[h]) { /* nobody left (died, or moved in with a partner) */
                end_case(x->s, h);
                since[h] = 0;
                continue;
            }
            int32_t asked = since[h]; /* read once: the lists' stores could change it for the compiler */
            if (case_pro[h]) {
                load[case_pro[h] - 1]++;
                x->cases[b + nc++] = h;
                waiting += asked != 0;
            } else {
                x->queue[b + nq] = h;
                x->since[b + nq] = (uint32_t)asked;
                x->key[b + nq++] = (uint32_t)area[h] % nt << 8 | crisis[h];
            }
        }
    }
    x->ncases[b / SIM_CHUNK] = nc;
    x->nqueue[b / SIM_CHUNK] = nq;
    acc[0] += waiting;
}

/* A waiting household: its crisis flag and request tick (the intakes' order), the household,
 * its place in the queue as gathered, in household order (where its intake's outcome is
 * written, so that the new cases are found in household order without a sort), and its team
 * (its area modulo the professionals' areas). */
typedef struct intake_item {
    int32_t crisis, since;
    uint32_t h, at, team;
} intake_item;

/* Whether "x" comes before "y" in the intakes' order: crisis line first, then by request
 * time, then by household. */
static inline int intake_before(const intake_item *x, const intake_item *y)
{
    if (x->crisis != y->crisis)
        return x->crisis > y->crisis;
    if (x->since != y->since)
        return x->since < y->since;
    return x->h < y->h;
}

/* The queue's "n" items put in the intakes' order, "tmp" as room for as many: runs of
 * INTAKE_RUN sorted by insertion, then merged in pairs (a merge sort whose comparison is
 * inlined: qsort's calls through a pointer took most of its time). */
#define INTAKE_RUN 8
static void sort_intakes(intake_item *a, intake_item *tmp, size_t n)
{
    for (size_t lo = 0; lo < n; lo += INTAKE_RUN) {
        size_t hi = lo + INTAKE_RUN < n ? lo + INTAKE_RUN : n;
        for (size_t i = lo + 1; i < hi; i++) {
            intake_item v = a[i];
            size_t k = i;
            for (; k > lo && intake_before(&v, &a[k - 1]); k--)
                a[k] = a[k - 1];
            a[k] = v;
        }
    }
    intake_item *src = a, *dst = tmp;
    for (size_t wd = INTAKE_RUN; wd < n; wd *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * wd) {
            size_t mid = lo + wd < n ? lo + wd : n, hi = lo + 2 * wd < n ? lo + 2 * wd : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = intake_before(&src[j], &src[i]) ? src[j++] : src[i++];
            memcpy(dst + k, src + i, (mid - i) * sizeof *dst);
            memcpy(dst + k + (mid - i), src + j, (hi - j) * sizeof *dst);
        }
        intake_item *t = src;
        src = dst, dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

/* What each case asks of its generalist this tick, case by case in parallel (the rows are
 * read here, not in the serial sums per professional): hours[j], the regelzaken hours of
 * cases[j]'s money problem (0 when it asks none) and backoffice_admin_hours of paperwork
 * while an application the generalist follows up waits in the back office; money[j], the
 * part of them on money (regelzaken, special-assistance paperwork; not childcare's), both
 * written only for the cases with hours (one in ten or so), listed per chunk (chunk c of
 * "cases" from c * SIM_CHUNK on in "paper", their number in npaper[c]), so that the serial
 * sums visit only those; and
 * pro[j], its generalist with the flag CASE_FLAG_PLAN (a network plan relieves the case work: the
 * case's weight in the split, which its case work is given) and CASE_FLAG_REGEL (it asks for
 * regelzaken: hours[j] holds them; the case work settles debts then). */
typedef struct money_ctx {
    const team_state *s;
    const mdl_team_params *p;
    const uint32_t *cases;
    double wk, *hours, *money;
    uint32_t *pro, *paper, *npaper;
} money_ctx;

static void money_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    /* a copy on the stack, whose address escapes nowhere: the stores of the hours (doubles)
     * could change wk for the compiler, and their loop loaded it again for every case */
    const money_ctx fixed = *(const money_ctx *)vc;
    const money_ctx *x = &fixed;
    const team_state *s = x->s;
    const mdl_care_cols *c = &s->c;
    uint32_t n = 0;
    for (uint32_t j = b; j < e; j++) {
        uint32_t h = x->cases[j];
        float money = regel_money(s, x->p, h);
        double regel = money > 0 ? x->p->admin_hours_per_money_case * money * x->wk : 0;
        double paper = s->bo_pending[h] && !s->by_mandate[h] ? x->p->backoffice_admin_hours * x->wk : 0;
        if (regel + paper != 0) { /* both at least 0: without hours, the money part is 0 too */
            x->hours[j] = regel + paper;
            x->money[j] = regel + (s->bo_pending[h] == BO_BB ? paper : 0);
            x->paper[b + n++] = j;
        }
        uint32_t g = (uint32_t)c->case_pro[h] - 1;
        x->pro[j] = g | (s->plan_network[h] ? CASE_FLAG_PLAN : 0) | (money > 0 ? CASE_FLAG_REGEL : 0);
    }
    x->npaper[b / SIM_CHUNK] = n;
}

/* What an intake reads of a waiting household's members, worked out for the whole queue in
 * parallel before the serial intakes (which change no person's rows): the worst problem and
 * its domain, the summed load, the ties (eigen kracht as exam), the trust in a new helper and
 * the problems of at least 0.3 (eigen kracht as plan). */
typedef struct intake_pre {
    float worst, load, trust;
    int dom, ties, multi;
} intake_pre;

typedef struct pre_ctx {
    const team_state *s;
    const mdl_team_params *p;
    const intake_item *queue;
    intake_pre *pre;
} pre_ctx;

static void pre_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)acc;
    const pre_ctx *x = vc;
    const team_state *s = x->s;
    const mdl_team_params *p = x->p;
    const mdl_care_cols *c = &s->c;
    const int32_t adult_by = mdl_birth_cut(sim_day(w), 18); /* born on or before: 18 or older */
    for (uint32_t j = b; j < e; j++) {
        uint32_t h = x->queue[j].h;
        intake_pre *o = &x->pre[j];
        /* the household's worst problem (member_worst's, the first member's with it), its load
         * (hh_load) and the members' ties and trust in one walk: the same sums in the same
         * order; a member's load is its worst when no specialist has a domain of it */
        float worst = 0, load = 0;
        int dom = -1, ties = 0, ad = 0, multi = 0;
        double tr = 0;
        MDL_FOR_MEMBERS(c, h, ii) {
            uint32_t i = (uint32_t)ii;
            int vd, handed;
            float v = member_worst(s, i, &vd, &handed);
            if (v > worst)
                worst = v, dom = vd;
            load += handed ? mdl_care_worst(c->prob, i, NONLVB, NULL) : v;
            ties += s->tie_count[i];
            if (c->birth_day[i] <= adult_by) { /* the adults' trust (before: members with an income, and the head) */
                tr += s->trust[i];
                ad++;
            }
            if (p->eigen_kracht == EK_PLAN)
                for (int d = 0; d < MDL_N_DOMAINS; d++)
                    multi += c->prob[d][i] >= 0.3f;
        }
        o->worst = worst;
        o->dom = dom;
        o->load = load;
        o->ties = ties;
        o->multi = multi;
        o->trust = (float)fmin(1, p->new_helper_trust * (ad ? tr / ad : 0.5));
    }
}

/* The household rows the serial intake of "h" reads and writes, asked for INTAKE_AHEAD intakes
 * before it: a random row of a dozen columns is a dozen cache misses, the loop's main cost. */
#define INTAKE_AHEAD 8
static inline void intake_prefetch(const team_state *s, uint32_t h)
{
    const mdl_care_cols *c = &s->c;
    __builtin_prefetch(&s->last_pro[h]);
    __builtin_prefetch(&c->hh_area[h]);
    __builtin_prefetch(&c->hh_first[h]);
    __builtin_prefetch(&c->intake_since[h], 1);
    __builtin_prefetch(&c->intake_crisis[h], 1);
    __builtin_prefetch(&c->case_pro[h], 1);
    __builtin_prefetch(&c->helpers[h], 1);
    __builtin_prefetch(&s->stage[h], 1);
    __builtin_prefetch(&s->case_since[h], 1);
    __builtin_prefetch(&s->progress_tick[h], 1);
    __builtin_prefetch(&s->progress_ref[h], 1);
    __builtin_prefetch(&s->load0[h], 1);
    __builtin_prefetch(&s->trust_team[h], 1);
    __builtin_prefetch(&s->aversion[h], 1);
}

/* The intakes of this tick, a team at a time in parallel: households of one team (its area
 * modulo the professionals' areas) share only that team's caseloads, and each team takes
 * its households in the queue's order, so every household meets the caseloads it met when
 * all intakes were made one by one. What an intake gives (events, sums) is gathered
 * afterwards in the queue's order, as before, the new cases in household order: "out" is
 * indexed by the item's place as gathered (intake_item.at). "order" lists the queue indices
 * team by team, team t's from off[t]; chunk t of the loop (SIM_CHUNK rows each) is team t. */
enum { INTAKE_WAIT, INTAKE_TOLD, INTAKE_NEW, INTAKE_NEW_FGC };
/* The end of team t's professionals (team t: [t * pro_per_area, (t + 1) * pro_per_area)). */
static inline uint32_t team_end(const team_state *s, uint32_t t, uint32_t npro)
{
    return (t + 1) * s->pro_per_area < npro ? (t + 1) * s->pro_per_area : npro;
}

typedef struct intake_out {
    int32_t g;    /* the generalist (INTAKE_NEW*) */
    uint8_t what; /* INTAKE_* */
} intake_out;
typedef struct intake_ctx {
    team_state *s;
    const mdl_team_params *p;
    const intake_item *queue;
    const intake_pre *pre;
    const uint32_t *order, *off;
    intake_out *out;
    float *ratio; /* per professional: intake_ratio, kept by the team's intakes */
    int32_t tick;
    double wk;
} intake_ctx;

/* The first term of generalist x's score for an intake, caseload over hours (a float, as the
 * score has always formed it), or +inf for a professional who takes no case (not a
 * generalist, or at the caseload limit): the score of +inf is never below the best, as a
 * generalist's of +inf or NaN (at 0 hours) never was. Worked out for a team's professionals
 * once before its intakes and again for the one an intake gives a case, instead of a division
 * for every professional of the team at every intake. */
static inline float intake_ratio(const team_state *s, const mdl_team_params *p, uint32_t x)
{
    if (s->pro_kind[x] > PRO_WORK_INCOME || (p->caseload_limit > 0 && s->caseload[x] >= p->caseload_limit))
        return INFINITY;
    return s->caseload[x] / s->hours[x];
}

static void intake_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)acc;
    const intake_ctx *ix = vc;
    team_state *s = ix->s;
    const mdl_team_params *p = ix->p;
    mdl_care_cols *c = &s->c;
    uint32_t npro = sim_world_count(w, SIM_PRO);
    float *ratio = ix->ratio;
    for (uint32_t t = b / SIM_CHUNK; t <= (e - 1) / SIM_CHUNK; t++) {
        uint32_t lo = ix->off[t], hi = ix->off[t + 1];
        uint32_t a0 = t * s->pro_per_area, a1 = team_end(s, t, npro);
        if (lo < hi)
            for (uint32_t x = a0; x < a1; x++)
                ratio[x] = intake_ratio(s, p, x);
        for (uint32_t k = lo; k < hi; k++) {
            uint32_t j = ix->order[k], h = ix->queue[j].h;
            const intake_pre *pr = &ix->pre[j];
            intake_out *o = &ix->out[ix->queue[j].at];
            if (k + INTAKE_AHEAD < hi)
                intake_prefetch(s, ix->queue[ix->order[k + INTAKE_AHEAD]].h);
            int dom = pr->dom;
            int32_t best = -1;
            double best_score = 1e30;
            for (uint32_t x = a0; x < a1; x++) {
                double score = ratio[x] - (dom >= 0 && s->background[x] == dom ? 0.05 : 0) +
                               ((int32_t)x + 1 == s->last_pro[h] ? 1.0 : 0);
                if (score < best_score)
                    best_score = score, best = (int32_t)x;
            }
            o->what = INTAKE_WAIT;
            if (best < 0)
                continue; /* everyone is full: the household keeps waiting */
            sim_rng_stream r;
            sim_stream(w, &r, MDL_PURPOSE(MNO_TEAM, PUR_INTAKE), h);
            c->intake_since[h] = 0;
            c->intake_crisis[h] = 0;
            if (p->eigen_kracht == EK_EXAM) {
                if (pr->ties >= p->exam_min_ties && !sim_rng_bernoulli(&r, p->p_claim_nobody)) {
                    c->seek_block_until[h] = ix->tick + (int32_t)lround(p->quiet_weeks_sent_back / ix->wk);
                    o->what = INTAKE_TOLD;
                    continue;
                }
            }
            uint32_t g = (uint32_t)best;
            c->case_pro[h] = (int32_t)g + 1;
            s->caseload[g]++;
            ratio[g] = intake_ratio(s, p, g);
            s->stage[h] = CASE_INTAKE;
            s->case_since[h] = ix->tick;
            s->progress_tick[h] = ix->tick;
            s->progress_ref[h] = pr->worst;
            s->load0[h] = pr->load;
            s->trust_team[h] = pr->trust;
            s->aversion[h] = 0;
            c->helpers[h]++;
            o->what = INTAKE_NEW;
            o->g = (int32_t)g;
            if (p->eigen_kracht == EK_PLAN) {
                if ((pr->multi >= 2 || dom == DOM_PARENTING) && sim_rng_bernoulli(&r, p->p_fgc_held)) {
                    c->network_meeting[h] = 1;
                    s->plan_network[h] = 1;
                    o->what = INTAKE_NEW_FGC;
                }
            }
        }
    }
}

/* A team without a network worker with meetings left (nw_next). */
#define NW_NONE UINT32_MAX

/* For the serial network meetings, case by case in parallel: the cases that may have one,
 * listed per chunk (chunk c of "all" from c * SIM_CHUNK on in "list", their number in
 * nlist[c]), from what money_body found, pro[j] (generalist and CASE_FLAG_PLAN: the network
 * plans and generalists have not changed since), and the household's team (its area modulo
 * the professionals' areas), read only for a case without a plan when some meeting is left
 * this tick and given to the meetings' loop in team[j] for a listed case. A case with a
 * network plan already has none, nor one whose generalist has no meetings left and whose team has
 * no network worker with meetings left (nw_next: the first such worker, or NW_NONE, which
 * the test reads without working out the team's end): neither changes during the meetings
 * for any household but the one met, each household is met once, and meetings are only used
 * up there. */
typedef struct meet_ctx {
    const team_state *s;
    const uint32_t *pro, *nw_next;
    const uint32_t *cases;
    uint32_t *team, *list, *nlist;
} meet_ctx;

static void meet_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)w, (void)acc;
    const meet_ctx *x = vc;
    const team_state *s = x->s;
    uint32_t n = 0;
    for (uint32_t j = b; j < e; j++) {
        if (x->pro[j] & CASE_FLAG_PLAN)
            continue;
        uint32_t g = x->pro[j] & ~(CASE_FLAG_PLAN | CASE_FLAG_REGEL);
        uint32_t t = (uint32_t)s->c.hh_area[x->cases[j]] % s->n_pro_areas;
        if (s->meetings_left[g] <= 0 && x->nw_next[t] == NW_NONE)
            continue;
        x->team[j] = t;
        x->list[b + n++] = j;
    }
    x->nlist[b / SIM_CHUNK] = n;
}

/* A consultation or referral the case work asked for, as the serial pass needs it: the
 * person, domain, kind, area and provider, the powerlessness flag, and the first two draws of
 * the household's stream: whether to ask the provider's advice, and whether that advice is
 * a referral for a diagnosis. */
typedef struct want_item {
    uint32_t h, who;
    int32_t area, sp;
    int8_t dom, kind;
    uint8_t flags, ask, diagnosis;
} want_item;

typedef struct want_ctx {
    team_state *s;
    const mdl_team_params *p;
    const uint32_t *want; /* households, ascending */
    want_item *out;
    int32_t day;
} want_ctx;

static void want_body(sim_world *w, void *vc, uint32_t b, uint32_t e, double *acc)
{
    (void)acc;
    const want_ctx *x = vc;
    team_state *s = x->s;
    const mdl_care_cols *c = &s->c;
    for (uint32_t j = b; j < e; j++) {
        uint32_t h = x->want[j];
        uint32_t i = (uint32_t)s->want_person[h];
        int d = s->want_domain[h] - 1;
        s->want_domain[h] = 0;
        int age = mdl_age_years(c->birth_day[i], x->day);
        int kind = mdl_care_kind_for(d, age);
        if (d == DOM_MENTAL && age >= 18 && c->prob[DOM_HOUSING][i] >= 0.5f)
            kind = PK_SHELTERED;
        int32_t area = c->hh_area[h];
        sim_rng_stream r;
        sim_stream(w, &r, MDL_PURPOSE(MNO_TEAM, PUR_WANT), h);
        int ask = sim_rng_bernoulli(&r, x->p->p_ask_consult);
        int diagnosis = sim_rng_bernoulli(&r, x->p->p_consult_diagnosis);
        x->out[j] = (want_item){h, i, area, mdl_care_provider(c, kind, area, i), (int8_t)d, (int8_t)kind,
                                (uint8_t)(s->want_flags[h] & SPEC_FLAG_POWERLESS), (uint8_t)ask, (uint8_t)diagnosis};
    }
}

/* names of the world's scratch buffers (sim_scratch) for the household lists */
static const char scr_cases, scr_qh, scr_ncases, scr_nqueue, scr_queue, scr_all, scr_want, scr_nwant, scr_money, scr_money_part,
    scr_pre, scr_pro, scr_meet, scr_meet_list, scr_nmeet, scr_wants, scr_ioff, scr_iorder, scr_iout, scr_qtmp, scr_paper,
    scr_npaper, scr_qsince, scr_qkey, scr_iratio, scr_intensity;

/* The first index in [lo, hi) of the ascending list "a" whose entry is at least "v" (hi when
 * there is none). */
static size_t first_at_least(const uint32_t *a, size_t lo, size_t hi, uint32_t v)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void team_step(sim_world *w, const void *vp, void *vs)
{
    const mdl_team_params *p = vp;
    team_state *s = vs;
    mdl_care_cols *c = &s->c;
    uint32_t nh = sim_world_count(w, SIM_HOUSEHOLD), npro = sim_world_count(w, SIM_PRO);
    int32_t tick = (int32_t)sim_tick(w);
    double wk = sim_days_per_tick(w) / 7.0;
    /* 1. the cases and waiting intakes, found in parallel, and the caseloads counted there */
    uint32_t nchunks = (nh + SIM_CHUNK - 1) / SIM_CHUNK;
    double *wload = sim_calloc((size_t)npro + 1, sizeof *wload), *admin = sim_calloc((size_t)npro + 1, sizeof *admin);
    double *admin_money = sim_calloc((size_t)npro + 1, sizeof *admin_money);
    uint32_t *cases = sim_scratch(w, &scr_cases, (size_t)nh + 1, sizeof *cases);
    uint32_t *qh = sim_scratch(w, &scr_qh, (size_t)nh + 1, sizeof *qh);
    uint32_t *ncases = sim_scratch(w, &scr_ncases, (size_t)nchunks + 1, sizeof *ncases);
    uint32_t *nqueue = sim_scratch(w, &scr_nqueue, (size_t)nchunks + 1, sizeof *nqueue);
    uint32_t *qsince = sim_scratch(w, &scr_qsince, (size_t)nh + 1, sizeof *qsince);
    uint32_t *qkey = sim_scratch(w, &scr_qkey, (size_t)nh + 1, sizeof *qkey);
    uint32_t *all = NULL, *want = NULL, *nwant = NULL, *nw_next = NULL;
    intake_item *queue = NULL;
    size_t nq = 0, ncase = 0;
    if (!wload || !admin || !admin_money || !cases || !qh || !ncases || !nqueue || !qsince || !qkey)
        goto oom;
    scan_ctx sc = {s, cases, ncases, qh, nqueue, qsince, qkey};
    double case_waiting = 0;
    if (caseloads_begin(w, s, npro)) /* counted by scan_body */
        goto oom;
    sim_for(w, nh, scan_body, &sc, &case_waiting, 1);
    caseloads_end(w, s, npro);
    ncase = sim_chunk_join(cases, ncases, nchunks);
    nq = sim_chunk_join(qh, nqueue, nchunks);
    if (!(queue = sim_scratch(w, &scr_queue, nq + 1, sizeof *queue)) ||
        !(all = sim_scratch(w, &scr_all, ncase + nq + 1, sizeof *all)))
        goto oom;
    /* request ticks and keys read where scan_body left them, chunk by chunk (not joined) */
    for (uint32_t ch = 0, j = 0; ch < nchunks; ch++)
        for (uint32_t k = ch * SIM_CHUNK; k < ch * SIM_CHUNK + nqueue[ch]; k++, j++)
            queue[j] = (intake_item){(int32_t)(qkey[k] & 0xff), (int32_t)qsince[k], qh[j], j, qkey[k] >> 8};
    /* 2. intakes, in order: crisis line first, then by request time (the queue is gathered in
     * household order, and most requests are of this tick: often in order already). They come
     * before the time split, which shares the hours among all the cases the generalists work
     * on this tick, the new ones too (before, the split was made first, and the cases taken on
     * after it were given case work beyond it) */
    size_t sorted = 1;
    while (sorted < nq && !intake_before(&queue[sorted], &queue[sorted - 1]))
        sorted++;
    if (sorted < nq) {
        intake_item *tmp = sim_scratch(w, &scr_qtmp, nq + 1, sizeof *tmp);
        if (!tmp)
            goto oom;
        sort_intakes(queue, tmp, nq);
    }
    pre_ctx pc = {s, p, queue, sim_scratch(w, &scr_pre, nq + 1, sizeof(intake_pre))};
    if (!pc.pre)
        goto oom;
    sim_for(w, (uint32_t)nq, pre_body, &pc, NULL, 0);
    double intakes = 0, told = 0, fgc = 0, meetings = 0, helpers_new = 0, fgc_cost = 0, still_waiting = 0;
    size_t nall = ncase, nnew = 0;
    uint32_t *fresh = qh; /* new cases, written over the household list as it is read */
    {
        /* the queue team by team (a counting sort, stable), then the teams in parallel */
        uint32_t nt = s->n_pro_areas;
        uint32_t *off = sim_scratch(w, &scr_ioff, (size_t)nt + 2, sizeof *off);
        uint32_t *order = sim_scratch(w, &scr_iorder, nq + 1, sizeof *order);
        intake_out *out = sim_scratch(w, &scr_iout, nq + 1, sizeof *out);
        float *ratio = sim_scratch(w, &scr_iratio, (size_t)npro + 1, sizeof *ratio);
        if (!off || !order || !out || !ratio)
            goto oom;
        memset(off, 0, ((size_t)nt + 2) * sizeof *off);
        for (size_t j = 0; j < nq; j++)
            off[queue[j].team + 1]++;
        for (uint32_t t = 0; t < nt; t++)
            off[t + 1] += off[t];
        for (size_t j = 0; j < nq; j++) /* off[t] runs from team t's start to its end */
            order[off[queue[j].team]++] = (uint32_t)j;
        memmove(off + 1, off, (size_t)nt * sizeof *off); /* the ends, one on: the starts */
        off[0] = 0;
        intake_ctx ix = {s, p, queue, pc.pre, order, off, out, ratio, tick, wk};
        if (nq)
            sim_for(w, nt * SIM_CHUNK, intake_body, &ix, NULL, 0);
        /* what the intakes gave, in the queue's order */
        for (size_t j = 0; j < nq; j++) {
            uint32_t h = queue[j].h;
            const intake_out *o = &out[queue[j].at];
            if (o->what == INTAKE_WAIT) {
                still_waiting += 1;
            } else if (o->what == INTAKE_TOLD) {
                told += 1;
                sim_emit(w, s->e_told, (int32_t)h, -1, -1, 0);
            } else {
                helpers_new += 1;
                intakes += 1;
                sim_emit(w, s->e_intake, (int32_t)h, s->c.hh_first[h], o->g, 0);
                if (o->what == INTAKE_NEW_FGC) {
                    fgc += 1;
                    fgc_cost += p->fgc_cost_eur;
                    sim_emit(w, s->e_meeting, (int32_t)h, -1, 2, 0);
                }
            }
        }
        /* the new cases in household order: the queue as gathered (qh, which "fresh" is
         * written over, never past the entry read) */
        for (size_t k = 0; k < nq; k++)
            if (out[k].what >= INTAKE_NEW)
                fresh[nnew++] = qh[k];
    }
    /* all cases now, ascending: the few new ones put in among the old, which are copied a run
     * at a time */
    nall = 0;
    for (size_t i = 0, j = 0; i < ncase || j < nnew; j++) {
        size_t run = (j < nnew ? first_at_least(cases, i, ncase, fresh[j]) : ncase) - i;
        memcpy(all + nall, cases + i, run * sizeof *all);
        nall += run, i += run;
        if (j < nnew)
            all[nall++] = fresh[j];
    }
    /* 3. what each case asks of its generalist (in parallel), summed per professional in
     * household order: regelzaken and paperwork, and the case-work weight (a network plan
     * relieves the case work) */
    uint32_t pchunks = (uint32_t)((nall + SIM_CHUNK - 1) / SIM_CHUNK);
    money_ctx mc = {s,
                    p,
                    all,
                    wk,
                    sim_scratch(w, &scr_money, nall + 1, sizeof(double)),
                    sim_scratch(w, &scr_money_part, nall + 1, sizeof(double)),
                    sim_scratch(w, &scr_pro, nall + 1, sizeof(uint32_t)),
                    sim_scratch(w, &scr_paper, nall + 1, sizeof(uint32_t)),
                    sim_scratch(w, &scr_npaper, (size_t)pchunks + 1, sizeof(uint32_t))};
    if (!mc.hours || !mc.money || !mc.pro || !mc.paper || !mc.npaper)
        goto oom;
    sim_for(w, (uint32_t)nall, money_body, &mc, NULL, 0);
    /* the weights from a table in a local: the sums' stores could otherwise change the
     * parameter for the compiler, which read and subtracted it again for every case */
    const double weight[2] = {1, 1 - p->network_relief};
    for (size_t j = 0; j < nall; j++)
        wload[mc.pro[j] & ~(CASE_FLAG_PLAN | CASE_FLAG_REGEL)] += weight[(mc.pro[j] & CASE_FLAG_PLAN) != 0];
    /* only the cases with hours: adding 0 changes nothing */
    uint32_t npaper = sim_chunk_join(mc.paper, mc.npaper, pchunks);
    for (uint32_t k = 0; k < npaper; k++) {
        uint32_t j = mc.paper[k], g = mc.pro[j] & ~(CASE_FLAG_PLAN | CASE_FLAG_REGEL);
        admin[g] += mc.hours[j];
        admin_money[g] += mc.money[j];
    }
    /* 4. time split: regelzaken and paperwork first, then case work, then network work, then
     * collective action */
    double tot_h = 0, tot_cw = 0, tot_admin = 0, tot_net = 0, tot_coll = 0, hmoney_admin = 0;
    double n_gen = 0, n_exp = 0;
    int spare_meetings = 0; /* a generalist has meetings left */
    double *intensity = sim_scratch(w, &scr_intensity, 2 * (size_t)npro + 1, sizeof *intensity);
    if (!intensity)
        goto oom;
    const double case_hours = p->hours_per_case_per_week * wk, relief = 1 - p->network_relief;
    for (uint32_t x = 0; x < npro; x++) {
        double hrs = s->hours[x] * wk;
        s->meetings_left[x] = 0;
        if (s->pro_kind[x] == PRO_NETWORK_WORKER) {
            double m = p->meetings_per_worker_per_week * wk;
            sim_rng_stream r;
            sim_stream(w, &r, MDL_PURPOSE(MNO_TEAM, PUR_NET), x);
            s->meetings_left[x] = (int32_t)floor(m) + sim_rng_bernoulli(&r, m - floor(m));
            continue;
        }
        if (s->pro_kind[x] == PRO_EXPERT) {
            n_exp += 1;
            continue;
        }
        n_gen += 1;
        double ad = fmin(hrs, admin[x]);
        double ratio = admin[x] > 0 ? ad / admin[x] : 1.0;
        s->regel_ratio[x] = (float)ratio;
        double avail = hrs - ad;
        double demand = wload[x] * p->hours_per_case_per_week * wk;
        double cw = fmin(avail, demand);
        s->cw_unit[x] = (float)(wload[x] > 0 ? cw / wload[x] : p->hours_per_case_per_week * wk);
        intensity[2 * x] = case_intensity(s->cw_unit[x], case_hours, relief, 0);
        intensity[2 * x + 1] = case_intensity(s->cw_unit[x], case_hours, relief, 1);
        double spare = avail - cw;
        int meet = (int)floor(spare / p->hours_per_network_meeting);
        s->meetings_left[x] = meet;
        spare_meetings |= meet > 0;
        s->spare[x] = (float)spare;
        tot_h += hrs, tot_cw += cw, tot_admin += ad;
        /* the money part: regelzaken and special-assistance paperwork, covered as far as the
         * rest (before, childcare paperwork was counted as money time too) */
        hmoney_admin += admin_money[x] * ratio;
        s->share_cw[x] = (float)(cw / hrs);
        s->share_admin[x] = (float)(ad / hrs);
    }
    /* 5. network meetings: network workers of the area, then the generalist's spare time; the
     * households with a case in turn from a household that moves every tick */
    {
        uint32_t start = nh ? (uint32_t)(((uint64_t)tick * 7919u) % nh) : 0;
        /* per team, the first network worker who may still have meetings left this tick (all
         * before it have none: meetings are only used up here), or NW_NONE (past every team's
         * end, as the meetings' loop takes it) */
        nw_next = sim_realloc(NULL, (size_t)s->n_pro_areas + 1, sizeof *nw_next);
        if (!nw_next)
            goto oom;
        for (uint32_t a = 0; a < s->n_pro_areas; a++) {
            uint32_t x = a * s->pro_per_area, end = team_end(s, a, npro);
            while (x < end && !(s->pro_kind[x] == PRO_NETWORK_WORKER && s->meetings_left[x] > 0))
                x++;
            nw_next[a] = x < end ? x : NW_NONE;
            spare_meetings |= x < end;
        }
        uint32_t mchunks = (uint32_t)((nall + SIM_CHUNK - 1) / SIM_CHUNK);
        meet_ctx mt = {s,
                       mc.pro,
                       nw_next,
                       all,
                       sim_scratch(w, &scr_meet, nall + 1, sizeof(uint32_t)),
                       sim_scratch(w, &scr_meet_list, nall + 1, sizeof(uint32_t)),
                       sim_scratch(w, &scr_nmeet, (size_t)mchunks + 1, sizeof(uint32_t))};
        if (!mt.team || !mt.list || !mt.nlist)
            goto oom;
        /* without a meeting left anywhere (late in a run, often), meet_body would list none */
        uint32_t nm = 0;
        if (spare_meetings) {
            sim_for(w, (uint32_t)nall, meet_body, &mt, NULL, 0);
            nm = sim_chunk_join(mt.list, mt.nlist, mchunks);
        }
        /* from the first case from "start" on (all is ascending, and so is the list) */
        size_t from = first_at_least(mt.list, 0, nm, (uint32_t)first_at_least(all, 0, nall, start));
        for (size_t q = 0; q < nm; q++) {
            uint32_t k = mt.list[from + q < nm ? from + q : from + q - nm];
            uint32_t h = all[k];
            int by = -1;
            uint32_t ai = mt.team[k], x = nw_next[ai], end = team_end(s, ai, npro);
            while (x < end && !(s->pro_kind[x] == PRO_NETWORK_WORKER && s->meetings_left[x] > 0))
                x++;
            nw_next[ai] = x;
            if (x < end) {
                s->meetings_left[x]--;
                by = 1;
                c->helpers[h]++;
                helpers_new += 1;
            }
            uint32_t g = mt.pro[k] & ~(CASE_FLAG_PLAN | CASE_FLAG_REGEL);
            if (by < 0 && s->meetings_left[g] > 0) {
                sim_rng_stream r;
                sim_stream(w, &r, MDL_PURPOSE(MNO_TEAM, PUR_NET), nh + h);
                if (sim_rng_bernoulli(&r, p->p_generalist_network)) {
                    s->meetings_left[g]--;
                    s->spare[g] -= (float)p->hours_per_network_meeting;
                    tot_net += p->hours_per_network_meeting;
                    by = 0;
                }
            }
            if (by < 0)
                continue;
            c->network_meeting[h] = 1;
            s->plan_network[h] = 1;
            meetings += 1;
            sim_emit(w, s->e_meeting, (int32_t)h, -1, by, 0);
        }
    }
    for (uint32_t x = 0; x < npro; x++) {
        if (s->pro_kind[x] > PRO_WORK_INCOME)
            continue;
        double hrs = s->hours[x] * wk;
        double spare = s->spare[x] > 0 ? s->spare[x] : 0;
        s->share_coll[x] = (float)(spare / hrs);
        s->share_net[x] = (float)fmax(0, 1 - s->share_cw[x] - s->share_admin[x] - s->share_coll[x]);
        tot_coll += spare;
    }
    /* 6. case work, decisions, trust, closing */
    uint32_t wchunks = (uint32_t)((nall + SIM_CHUNK - 1) / SIM_CHUNK);
    if (!(want = sim_scratch(w, &scr_want, nall + 1, sizeof *want)) ||
        !(nwant = sim_scratch(w, &scr_nwant, (size_t)wchunks + 1, sizeof *nwant)))
        goto oom;
    team_ctx cx = {s, p, n_gen > 0 ? fmin(1, n_exp / n_gen) : 0, intensity, all, mc.pro, want, nwant};
    double acc[A_N] = {0};
    /* the caseloads at the end of the tick, counted again by case_body without the cases it
     * closes (before, a closed case stayed in its generalist's caseload and in cases_open
     * until the next tick); nothing after it opens or closes a case */
    if (caseloads_begin(w, s, npro))
        goto oom;
    sim_for(w, (uint32_t)nall, case_body, &cx, acc, A_N);
    caseloads_end(w, s, npro);
    /* 7. consult or refer, in household order: what each household wants is worked out in
     * parallel (its own rows and stream); only taking a specialist's consultation hours, which
     * other households may want too, and the referral itself are serial */
    double consults = 0;
    uint32_t nw = sim_chunk_join(want, nwant, wchunks);
    want_ctx wc = {s, p, want, sim_scratch(w, &scr_wants, (size_t)nw + 1, sizeof(want_item)), sim_day(w)};
    if (!wc.out)
        goto oom;
    sim_for(w, nw, want_body, &wc, NULL, 0);
    for (uint32_t j = 0; j < nw; j++) {
        const want_item *q = &wc.out[j];
        uint32_t h = q->h, i = q->who;
        int d = q->dom, x = q->sp;
        if (x >= 0 && !(s->consulted[h] >> d & 1) && c->p_consult_left[x] >= 1.0f && q->ask) {
            c->p_consult_left[x] -= 1.0f;
            s->consulted[h] |= (uint8_t)(1u << d);
            consults += 1;
            sim_emit(w, s->e_consult, (int32_t)h, (int32_t)i, x, 0);
            if (!q->diagnosis)
                continue;
            mdl_care_refer(w, c, i, (int32_t)h, q->area, q->kind, d, ROUTE_TEAM, SPEC_FLAG_DIAGNOSIS);
            continue;
        }
        mdl_care_refer(w, c, i, (int32_t)h, q->area, q->kind, d, ROUTE_TEAM, q->flags);
    }
    /* indicators */
    double open = 0;
    for (uint32_t x = 0; x < npro; x++)
        if (s->pro_kind[x] <= PRO_WORK_INCOME)
            open += s->caseload[x];
    double staff = 0, days = sim_days_per_tick(w);
    for (uint32_t x = 0; x < npro; x++)
        staff += s->hours[x] / 36.0 * p->cost_per_fte_eur_per_year * days / 365.2425;
    double decay = 1.0 / 26.0;
    s->g_sat_closed[0] = s->g_sat_closed[0] * (1 - decay) + acc[A_CLOSED];
    s->g_sat_ok[0] = s->g_sat_ok[0] * (1 - decay) + acc[A_SAT];
    sim_ind_set(w, s->i_open, open);
    sim_ind_set(w, s->i_cpg, n_gen > 0 ? open / n_gen : 0);
    sim_ind_set(w, s->i_queue, case_waiting + still_waiting);
    sim_ind_set(w, s->i_intakes, intakes);
    sim_ind_set(w, s->i_closed, acc[A_CLOSED]);
    sim_ind_set(w, s->i_closed_sat, acc[A_SAT]);
    sim_ind_set(w, s->i_closed_trust, acc[A_TRUSTLOST]);
    sim_ind_set(w, s->i_sat, s->g_sat_closed[0] > 0 ? s->g_sat_ok[0] / s->g_sat_closed[0] : 0);
    if (tot_h > 0) {
        sim_ind_set(w, s->i_share[0], tot_cw / tot_h);
        sim_ind_set(w, s->i_share[1], tot_admin / tot_h);
        sim_ind_set(w, s->i_share[2], tot_net / tot_h);
        sim_ind_set(w, s->i_share[3], fmax(0, tot_coll) / tot_h);
    }
    double hm = hmoney_admin + acc[A_HMONEY], ht = tot_admin + acc[A_HCASE];
    sim_ind_set(w, s->i_money_share, ht > 0 ? hm / ht : 0);
    sim_ind_set(w, s->i_hours_money, hm);
    sim_ind_set(w, s->i_hours_total, ht);
    sim_ind_set(w, s->i_broken, acc[A_BROKEN]);
    sim_ind_set(w, s->i_meetings, meetings + fgc);
    sim_ind_set(w, s->i_fgc, fgc);
    sim_ind_set(w, s->i_told, told);
    sim_ind_set(w, s->i_decisions, acc[A_DEC]);
    sim_ind_set(w, s->i_decision_weeks, acc[A_DECW]);
    sim_ind_set(w, s->i_decision_mean, acc[A_DEC] > 0 ? acc[A_DECW] / acc[A_DEC] : 0);
    sim_ind_set(w, s->i_consults, consults);
    sim_ind_set(w, s->i_cost_staff, staff);
    sim_ind_set(w, s->i_cost_bb, acc[A_BB]);
    sim_ind_set(w, s->i_cost_bo, acc[A_BO]);
    sim_ind_set(w, s->i_cost_fgc, fgc_cost);
    sim_ind_set(w, s->i_cost_childcare, acc[A_CHILD]);
    sim_ind_set(w, s->i_helpers_new, helpers_new);
    goto out;
oom:
    sim_world_fail(w, "team: out of memory");
out:
    sim_free(wload);
    sim_free(admin);
    sim_free(admin_money);
    sim_free(nw_next);
}

const sim_model mdl_team = {"team", "The sociaal wijkteam: generalists, caseloads, mandate, trust.", &mdl_team_section,
                            sizeof(team_state), team_init, team_step};
