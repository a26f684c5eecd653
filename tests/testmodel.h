/* testmodel.h: a tiny model for engine tests, independent of the real models: households with
 * a random walk "wealth" (snapshot), a static "x", an indicator with the wealth sum, and an
 * event for every household whose wealth crosses zero. */
#ifndef TESTMODEL_H
#define TESTMODEL_H
#include "model.h"
#include "nabij.h"
#include "run.h"

typedef struct tm_params {
    int64_t households, headroom;
} tm_params;

static const scn_param tm_param_table[] = {
    SCN_P_INT(tm_params, households, 1, 1000000, 5000, "households", "assumption: test", "Households."),
    SCN_P_INT(tm_params, headroom, 0, 10000000, 10, "households", "assumption: test",
              "Capacity beyond the households."),
};
static const scn_section tm_section = SCN_SECTION("tm", "Test model.", tm_params, tm_param_table);

typedef struct tm_state {
    float *wealth;
    int16_t *x;
    int ind_sum, ind_neg, ev_cross;
} tm_state;

static int tm_init(sim_world *w, const void *vp, void *vs)
{
    const tm_params *p = vp;
    tm_state *s = vs;
    uint32_t first;
    int rc = sim_world_reserve(w, SIM_HOUSEHOLD, (uint32_t)(p->households + p->headroom));
    if (rc || (rc = sim_world_add(w, SIM_HOUSEHOLD, (uint32_t)p->households, &first)))
        return rc;
    s->wealth = sim_col_add(w, SIM_HOUSEHOLD, "wealth", SIM_F32, SIM_COL_SNAPSHOT, "EUR", "Wealth.");
    s->x = sim_col_add(w, SIM_HOUSEHOLD, "x", SIM_I16, SIM_COL_STATIC | SIM_COL_SNAPSHOT, "cell",
                       "Map column.");
    if (!s->wealth || !s->x)
        return NABIJ_ENOMEM;
    for (uint32_t h = 0; h < p->households; h++)
        s->x[h] = (int16_t)(h % 100);
    s->ind_sum = sim_ind_add(w, "wealth_sum", "EUR", "Sum of wealth.");
    s->ind_neg = sim_ind_add(w, "households_negative", "households", "Households below zero.");
    s->ev_cross = sim_event_kind_add(w, "crossed", "Wealth of {household} crossed zero: {amount}.", NULL);
    sim_emit(w, s->ev_cross, 0, -1, -1, 0); /* an initial-state event */
    return s->ev_cross < 0 ? s->ev_cross : 0;
}

static void tm_body(sim_world *w, void *ctx, uint32_t b, uint32_t e, double *acc)
{
    tm_state *s = ctx;
    for (uint32_t h = b; h < e; h++) {
        sim_rng_stream r;
        sim_stream(w, &r, 99, h);
        float before = s->wealth[h];
        s->wealth[h] += (float)(sim_rng_u01(&r) - 0.5) * 10.0f;
        if ((before < 0) != (s->wealth[h] < 0))
            sim_emit(w, s->ev_cross, (int32_t)h, -1, -1, s->wealth[h]);
        acc[0] += s->wealth[h];
        acc[1] += s->wealth[h] < 0;
    }
}

static void tm_step(sim_world *w, const void *vp, void *vs)
{
    (void)vp;
    tm_state *s = vs;
    double acc[2] = {0, 0};
    sim_for(w, sim_world_count(w, SIM_HOUSEHOLD), tm_body, s, acc, 2);
    sim_ind_set(w, s->ind_sum, acc[0]);
    sim_ind_set(w, s->ind_neg, acc[1]);
}

static const sim_model tm_model = {"tm", "test model", &tm_section, sizeof(tm_state), tm_init, tm_step};
static const sim_model *const tm_models[] = {&tm_model};
static const scn_section *const tm_sections[] = {&sim_run_section, &tm_section};
#endif
