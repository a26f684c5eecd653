/* test_specialist.c: specialist providers: an annual budget that runs out makes the youth
 * waiting list grow late in the year, unlike a population budget; failed light care for
 * severe youth problems leads to out-of-home placements; the waiting list is served in
 * referral order; a referral after a diagnosis finds a fitting treatment more often. */
#include "careworld.h"
#include "members.h"
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

/* Youths reach youth GGZ quickly by the "other" route; the budget covers part of the year. */
static const char *const youth_demand[] = {
    "helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.03", "helpseek.other_threshold=0.05",
    "specialist.youth_ggz_slots_per_10000=400", "specialist.youth_ggz_trajectory_weeks=8",
    "specialist.youth_ggz_budget_eur_per_10000=1800000", "specialist.p_drop_per_week=0", NULL};

static void queue_by_quarter(const char *mode, double q[4], double *exhausted)
{
    const char *sets[16];
    int n = 0;
    for (; youth_demand[n]; n++)
        sets[n] = youth_demand[n];
    sets[n++] = mode;
    sets[n] = NULL;
    careworld cw;
    assert_int_equal(cw_create(&cw, 4000, 1, sets), 0);
    for (int k = 0; k < 4; k++)
        cw_run(&cw, 13, "waiting_list_youth_ggz", &q[k], NULL);
    double ex;
    cw_run(&cw, 1, "budget_exhausted_youth_ggz", &ex, NULL);
    *exhausted = ex;
    cw_destroy(&cw);
}

static void test_specialist_budget_runs_out(void **st)
{
    (void)st;
    double annual[4], pop[4], ex_a, ex_p;
    queue_by_quarter("specialist.budget_mode=annual", annual, &ex_a);
    queue_by_quarter("specialist.budget_mode=population", pop, &ex_p);
    /* under annual budgets the queue of the last quarter is far above the first's and above
     * the population-budget world's; the new year (tick 53) starts with fresh money */
    assert_true(annual[3] > 2 * annual[0] + 10);
    assert_true(annual[3] > 2 * pop[3] + 10);
    assert_true(ex_p == 0.0);
}

static void test_specialist_placements_follow_failed_care(void **st)
{
    (void)st;
    /* child protection's own way into residential care (helpseek.protection_threshold) off:
     * only placements after failed care count here */
    const char *fail[] = {"helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.3", "helpseek.protection_threshold=2",
                          "helpseek.other_threshold=0.05", "specialist.youth_ggz_trajectory_weeks=4",
                          "specialist.treat_rate_per_week=0", "specialist.placement_threshold=0.05", "specialist.success_severity=0.01",
                          "population.prev_parenting=0.5", "specialist.youth_residential_slots_per_10000=500",
                          "specialist.youth_residential_budget_eur_per_10000=100000000", NULL};
    const char *work[] = {"helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.3", "helpseek.protection_threshold=2",
                          "helpseek.other_threshold=0.05", "specialist.youth_ggz_trajectory_weeks=4",
                          "specialist.treat_rate_per_week=0.9", "specialist.fit_base=1",
                          "specialist.placement_threshold=0.05", "specialist.success_severity=0.01", "population.prev_parenting=0.5",
                          "specialist.youth_residential_slots_per_10000=500",
                          "specialist.youth_residential_budget_eur_per_10000=100000000", NULL};
    double failed = cw_total(3000, 30, "placements_out_of_home_new", fail);
    double worked = cw_total(3000, 30, "placements_out_of_home_new", work);
    assert_true(failed > 10);
    assert_true(worked < failed / 4);
}

/* With daily ticks a specialist has a day's consultation hours (4 a week: 4 / 7) from the
 * first tick on, as in every tick after it. Before, the first tick had a whole week's. */
static void test_specialist_consult_hours_per_tick_from_the_start(void **st)
{
    (void)st;
    const char *sets[] = {"run.days_per_tick=1", "specialist.consult_hours_per_week=4", NULL};
    careworld cw;
    assert_int_equal(cw_create(&cw, 2000, 1, sets), 0);
    const float *left = sim_col(cw.w, SIM_PROVIDER, "consult_hours_left");
    const uint8_t *kind = sim_col(cw.w, SIM_PROVIDER, "kind");
    int checked = 0;
    for (uint32_t x = 0; x < sim_world_count(cw.w, SIM_PROVIDER); x++)
        if (kind[x] != PK_GP) {
            if (fabsf(left[x] - 4.0f / 7.0f) > 1e-6f)
                fail_msg("provider %u starts with %.4f consultation hours, not %.4f", x, left[x], 4.0 / 7.0);
            checked++;
        }
    assert_true(checked > 0);
    cw_destroy(&cw);
}

static void test_specialist_waiting_in_referral_order(void **st)
{
    (void)st;
    const char *sets[] = {"helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=0.2",
                          "helpseek.other_threshold=0.05", "specialist.youth_ggz_slots_per_10000=20",
                          "specialist.youth_ggz_trajectory_weeks=4", "specialist.p_drop_per_week=0", NULL};
    careworld cw;
    assert_int_equal(cw_create(&cw, 4000, 1, sets), 0);
    int admitted = -1;
    for (size_t k = 0; k < sim_event_kind_count(cw.w); k++)
        if (!strcmp(sim_event_kind_name(cw.w, k, NULL, NULL), "admitted"))
            admitted = (int)k;
    assert_true(admitted >= 0);
    const uint8_t *pkind = sim_col(cw.w, SIM_PROVIDER, "kind");
    /* per provider, the latest referral tick among the admitted (from the admitted events'
     * waiting time) */
    uint32_t np = sim_world_count(cw.w, SIM_PROVIDER);
    double *latest = calloc(np, sizeof *latest);
    assert_non_null(latest);
    for (uint32_t x = 0; x < np; x++)
        latest[x] = -1;
    int n_admitted = 0;
    for (int t = 0; t < 30; t++) {
        cw_run(&cw, 1, NULL, NULL, NULL);
        size_t n;
        const sim_event *ev = sim_world_events(cw.w, &n);
        for (size_t j = 0; j < n; j++)
            if (ev[j].kind == admitted && pkind[ev[j].counterpart] == PK_YOUTH_GGZ) {
                double ref = t - ev[j].amount;
                if (ref > latest[ev[j].counterpart])
                    latest[ev[j].counterpart] = ref;
                n_admitted++;
            }
    }
    const uint8_t *st8 = sim_col(cw.w, SIM_PERSON, "spec_state");
    const uint8_t *kind = sim_col(cw.w, SIM_PERSON, "spec_kind");
    const int32_t *since = sim_col(cw.w, SIM_PERSON, "spec_since"), *prov = sim_col(cw.w, SIM_PERSON, "spec_provider");
    int waiting = 0, checked = 0;
    for (uint32_t i = 0; i < sim_world_count(cw.w, SIM_PERSON); i++)
        if (kind[i] == PK_YOUTH_GGZ && st8[i] == SPEC_WAITING) {
            waiting++;
            /* first come, first served: nobody still waiting was referred before someone
             * the same provider admitted */
            assert_true(since[i] >= latest[prov[i]] - 1e-9);
            checked += latest[prov[i]] >= 0;
        }
    assert_true(waiting > 20 && n_admitted > 20 && checked > 10);
    free(latest);
    cw_destroy(&cw);
}

/* A person who dies leaves the waiting list and care in the next specialist phase, and is
 * never admitted. Persons are taken out of their households with mdl_members_remove, as
 * households.c does at a death (the care world has no households model). Before, the dead
 * kept their place in care until the trajectory ended and waited on, to be admitted and
 * paid for from the budget. */
static void test_specialist_the_dead_leave_lists_and_care(void **st)
{
    (void)st;
    const char *sets[] = {"helpseek.p_other_per_week=0.2", "helpseek.other_threshold=0.05",
                          "specialist.youth_ggz_slots_per_10000=40", "specialist.p_drop_per_week=0", NULL};
    careworld cw;
    mdl_members m;
    cw_run_with_members(&cw, 4000, sets, 20, &m);
    const uint8_t *state = sim_col(cw.w, SIM_PERSON, "spec_state");
    uint32_t np = sim_world_count(cw.w, SIM_PERSON);
    int32_t dead[40];
    int nw = 0, nc = 0;
    for (uint32_t i = 0; i < np && nw + nc < 40; i++) {
        if (state[i] == SPEC_WAITING && nw < 20)
            nw++;
        else if (state[i] == SPEC_IN_CARE && nc < 20)
            nc++;
        else
            continue;
        dead[nw + nc - 1] = (int32_t)i;
        mdl_members_remove(&m, (int32_t)i);
    }
    assert_true(nw >= 10 && nc >= 10);
    int admitted = cw_event_kind(cw.w, "admitted");
    assert_true(admitted >= 0);
    for (int t = 0; t < 10; t++) {
        cw_run(&cw, 1, NULL, NULL, NULL);
        for (int k = 0; k < nw + nc; k++)
            if (state[dead[k]] != SPEC_NONE)
                fail_msg("week %d after the deaths: person %d still %s", t + 1, dead[k],
                         state[dead[k]] == SPEC_WAITING ? "waits" : "in care");
        size_t n;
        const sim_event *ev = sim_world_events(cw.w, &n);
        for (size_t j = 0; j < n; j++)
            for (int k = 0; k < nw + nc; k++)
                assert_false(ev[j].kind == admitted && ev[j].person == sim_person_id(cw.w, dead[k]));
    }
    cw_destroy(&cw);
}

/* A referral for a diagnosis (or after a consultation) finds a fitting treatment with
 * specialist.fit_diagnosis, another with fit_base (seed 000 §8: 'shoot first, aim later';
 * better diagnosis fights waiting lists). At 1 and 0 every person in care after a
 * diagnosis has a fitting treatment and nobody else has. */
static void test_specialist_diagnosis_fits(void **st)
{
    (void)st;
    const char *sets[] = {"specialist.fit_base=0", "specialist.fit_diagnosis=1", "team.p_ask_consult=1",
                          "team.p_consult_diagnosis=1", "specialist.consult_hours_per_week=40", NULL};
    careworld cw;
    /* 12,000 inhabitants: at 4,000 only 3-4 persons were in care without a diagnosis at some
     * seeds (6, 9, 10, 15-17), too few to show that none of them fits */
    assert_int_equal(cw_create(&cw, 12000, 1, sets), 0);
    cw_run(&cw, 52, NULL, NULL, NULL);
    const uint8_t *state = sim_col(cw.w, SIM_PERSON, "spec_state"), *flags = sim_col(cw.w, SIM_PERSON, "spec_flags");
    int n[2][2] = {{0, 0}, {0, 0}}; /* [after a diagnosis][fitting] */
    for (uint32_t i = 0; i < sim_world_count(cw.w, SIM_PERSON); i++)
        if (state[i] == SPEC_IN_CARE)
            n[(flags[i] & SPEC_FLAG_DIAGNOSIS) != 0][(flags[i] & SPEC_FLAG_FIT) != 0]++;
    cw_destroy(&cw);
    if (!(n[1][1] >= 5 && n[1][0] == 0 && n[0][0] >= 5 && n[0][1] == 0))
        fail_msg("in care after a diagnosis: %d fitting, %d not; without: %d fitting, %d not", n[1][1], n[1][0],
                 n[0][1], n[0][0]);
}

/* Household debts for the care world, which has no letters model (letters.c keeps debt_eur):
 * this model only adds the column; the tests set the debts. */
static int debts_init(sim_world *w, const void *p, void *st)
{
    (void)p, (void)st;
    return sim_col_add(w, SIM_HOUSEHOLD, "debt_eur", SIM_F32, SIM_COL_SNAPSHOT, "EUR", "Debts (test).") ? 0 : NABIJ_ENOMEM;
}
static void debts_step(sim_world *w, const void *p, void *st)
{
    (void)w, (void)p, (void)st;
}
static const sim_model debts_model = {"debts", "Household debts, set by the test.", NULL, 0, debts_init, debts_step};
static const sim_model *const debt_models[] = {&mdl_population, &debts_model, &mdl_helpseek, &mdl_team,
                                               &mdl_gp,         &mdl_specialist, &mdl_outcomes};

/* Debts are the household's: a debt counselling trajectory of any adult member settles
 * specialist.debt_rate_per_week of them a week, once a tick however many members are in one,
 * and a wijkteam case makes no payment arrangements beside it. Households of two adults or
 * more, nobody with a specialist, EUR 1,000 of debts: (A) without a case, an adult who is not
 * the head is put in a fitting trajectory; (B) the same in a case whose head has a money
 * problem of 0.5 (regelzaken otherwise); (C) without a case, the head and another adult are.
 * After a tick every one owes 1,000 x (1 - 0.02). Before, only the head's trajectory settled
 * debts: in (A) nothing was settled, in (B) only the team's arrangements. */
static void test_specialist_debt_help_of_any_member_settles_debts(void **st)
{
    (void)st;
    careworld cw;
    const char *sets[] = {"specialist.debt_rate_per_week=0.02", NULL};
    assert_int_equal(cw_create_models(&cw, debt_models, sizeof debt_models / sizeof debt_models[0], 4000, 1, sets), 0);
    cw_run(&cw, 10, NULL, NULL, NULL);
    uint8_t *state = sim_col(cw.w, SIM_PERSON, "spec_state"), *kind = sim_col(cw.w, SIM_PERSON, "spec_kind");
    uint8_t *dom = sim_col(cw.w, SIM_PERSON, "spec_domain"), *flags = sim_col(cw.w, SIM_PERSON, "spec_flags");
    int32_t *prov = sim_col(cw.w, SIM_PERSON, "spec_provider");
    int16_t *left = sim_col(cw.w, SIM_PERSON, "spec_weeks_left");
    float *money = sim_col(cw.w, SIM_PERSON, "prob_money"), *debt = sim_col(cw.w, SIM_HOUSEHOLD, "debt_eur");
    const int32_t *first = sim_col(cw.w, SIM_HOUSEHOLD, "first_member"), *next = sim_col(cw.w, SIM_PERSON, "next_member");
    const int32_t *birth = sim_col(cw.w, SIM_PERSON, "birth_day"), *gen = sim_col(cw.w, SIM_HOUSEHOLD, "case_generalist");
    const uint8_t *pkind = sim_col(cw.w, SIM_PROVIDER, "kind");
    int32_t dh = -1;
    for (uint32_t x = 0; x < sim_world_count(cw.w, SIM_PROVIDER) && dh < 0; x++)
        if (pkind[x] == PK_DEBT_HELP)
            dh = (int32_t)x;
    assert_true(dh >= 0);
    int32_t picked[3][10];
    int n[3] = {0, 0, 0};
    for (uint32_t h = 0; h < sim_world_count(cw.w, SIM_HOUSEHOLD); h++) {
        int adults = 0, busy = 0;
        int32_t other = -1;
        for (int32_t i = first[h]; i >= 0; i = next[i]) {
            busy |= state[i] != SPEC_NONE;
            if (mdl_age_years(birth[i], sim_day(cw.w)) >= 18) {
                adults++;
                if (i != first[h] && other < 0)
                    other = i;
            }
        }
        int g = gen[h] ? 1 : n[0] <= n[2] ? 0 : 2;
        if (adults < 2 || busy || other < 0 || n[g] == 10)
            continue;
        int32_t in[2] = {other, g == 2 ? first[h] : -1};
        for (int k = 0; k < 2 && in[k] >= 0; k++) {
            state[in[k]] = SPEC_IN_CARE, kind[in[k]] = PK_DEBT_HELP, dom[in[k]] = DOM_MONEY;
            flags[in[k]] = SPEC_FLAG_FIT, prov[in[k]] = dh, left[in[k]] = 10;
        }
        money[first[h]] = g == 1 ? 0.5f : 0.0f;
        debt[h] = 1000;
        picked[g][n[g]++] = (int32_t)h;
    }
    if (n[0] < 5 || n[1] < 5 || n[2] < 5)
        fail_msg("households picked: %d without a case, %d with one, %d with two trajectories", n[0], n[1], n[2]);
    cw_run(&cw, 1, NULL, NULL, NULL);
    double want = 1000 * (1 - 0.02 * sim_days_per_tick(cw.w) / 7.0);
    static const char *const what[3] = {"an adult who is not the head", "such an adult in a wijkteam case",
                                        "the head and another adult"};
    for (int g = 0; g < 3; g++)
        for (int k = 0; k < n[g]; k++)
            if (fabs(debt[picked[g][k]] - want) > 0.01)
                fail_msg("household %d: debts EUR %.2f after a tick of debt counselling of %s (expected %.2f)",
                         picked[g][k], debt[picked[g][k]], what[g], want);
    cw_destroy(&cw);
}

/* A failed trajectory that leads to heavier care (here youth GGZ for a parenting problem, to
 * residential youth care) is filed in the next tick's specialist phase, and no referral in
 * the phases before it takes its place: every youth flagged for escalation at the end of a
 * tick waits for or is in residential care at the end of the next, though the other routes
 * refer every youth with a parenting problem each week. Before, the other route's referral
 * to youth GGZ overwrote the escalation (none of 42 in 30 ticks led to residential care). */
static void test_specialist_escalation_survives_rereferral(void **st)
{
    (void)st;
    const char *sets[] = {"helpseek.seek_rate_per_week=0", "helpseek.p_other_per_week=1",
                          "helpseek.other_threshold=0.05", "specialist.youth_ggz_trajectory_weeks=4",
                          "specialist.treat_rate_per_week=0", "specialist.placement_threshold=0.05",
                          "specialist.success_severity=0.01", "population.prev_parenting=0.5",
                          "specialist.youth_residential_slots_per_10000=500",
                          "specialist.youth_residential_budget_eur_per_10000=100000000", NULL};
    careworld cw;
    assert_int_equal(cw_create(&cw, 3000, 1, sets), 0);
    const uint8_t *flags = sim_col(cw.w, SIM_PERSON, "spec_flags"), *kind = sim_col(cw.w, SIM_PERSON, "spec_kind");
    const uint8_t *state = sim_col(cw.w, SIM_PERSON, "spec_state");
    int flagged = 0, placed = 0;
    for (int t = 0; t < 30; t++) {
        uint32_t np = sim_world_count(cw.w, SIM_PERSON);
        uint8_t *was = calloc(np + 1, 1);
        assert_non_null(was);
        for (uint32_t i = 0; i < np; i++)
            was[i] = (flags[i] & SPEC_FLAG_ESCALATE) && state[i] == SPEC_NONE;
        cw_run(&cw, 1, NULL, NULL, NULL);
        for (uint32_t i = 0; i < np; i++)
            if (was[i]) {
                flagged++;
                placed += state[i] != SPEC_NONE && kind[i] == PK_YOUTH_RESIDENTIAL;
            }
        free(was);
    }
    cw_destroy(&cw);
    if (flagged < 20 || placed != flagged)
        fail_msg("%d of %d escalations after failed youth GGZ led to residential youth care the next tick", placed,
                 flagged);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_specialist_budget_runs_out),
        cmocka_unit_test(test_specialist_placements_follow_failed_care),
        cmocka_unit_test(test_specialist_consult_hours_per_tick_from_the_start),
        cmocka_unit_test(test_specialist_waiting_in_referral_order),
        cmocka_unit_test(test_specialist_diagnosis_fits),
        cmocka_unit_test(test_specialist_the_dead_leave_lists_and_care),
        cmocka_unit_test(test_specialist_debt_help_of_any_member_settles_debts),
        cmocka_unit_test(test_specialist_escalation_survives_rereferral),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
