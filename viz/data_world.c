/* data_world.c: world -> viz_data, mirroring what h5out.c writes, so that a workshop session
 * shows exactly what its saved file replays. */
#include "data_world.h"
#include "alloc.h"
#include "model.h"
#include "nabij.h"
#include <stdio.h>
#include <string.h>

static float as_float(const sim_column *c, uint32_t i)
{
    switch (c->type) {
    case SIM_U8: return ((const uint8_t *)c->data)[i];
    case SIM_I16: return ((const int16_t *)c->data)[i];
    case SIM_I32: return (float)((const int32_t *)c->data)[i];
    case SIM_U32: return (float)((const uint32_t *)c->data)[i];
    case SIM_F32: return ((const float *)c->data)[i];
    case SIM_F64: return (float)((const double *)c->data)[i];
    }
    return 0;
}

static const sim_column *world_col(const sim_world *w, const viz_col *vc)
{
    for (size_t i = 0; i < sim_col_count(w); i++) {
        const sim_column *c = sim_col_at(w, i);
        if (!strcmp(sim_kind_name(c->kind), vc->kind) && !strcmp(c->name, vc->name))
            return c;
    }
    return NULL;
}

static int snapshot(viz_data *d, const sim_world *w)
{
    int rc = viz_data_grow_rows(d, d->n_rows + 1);
    if (rc)
        return rc;
    for (size_t i = 0; i < d->n_cols; i++) {
        viz_col *vc = &d->cols[i];
        const sim_column *c = world_col(w, vc);
        if (d->n_rows + 1 > vc->rows_alloc) {
            uint32_t na = vc->rows_alloc ? 2 * vc->rows_alloc : 16;
            float *p = sim_realloc(vc->rows, (size_t)na * vc->cap, sizeof *p);
            if (!p)
                return NABIJ_ENOMEM;
            vc->rows = p;
            vc->rows_alloc = na;
        }
        float *row = vc->rows + (size_t)d->n_rows * vc->cap;
        for (uint32_t e = 0; e < vc->cap; e++)
            row[e] = c ? as_float(c, e) : 0;
        vc->rows_have = d->n_rows + 1;
    }
    d->row_tick[d->n_rows++] = (int32_t)sim_tick(w);
    for (size_t i = 0; i < d->n_cols; i++)
        viz_data_rescale(d, i);
    /* households formed since the last row get their cells, as a replay of the file does */
    int cx = viz_data_col(d, "households", "x"), cy = viz_data_col(d, "households", "y");
    if (cx < 0 || cy < 0 || d->cols[cx].cap != d->cols[cy].cap)
        return viz_data_map_rows(d, d->n_rows, NULL, NULL, 0);
    size_t at = (size_t)d->map_rows * d->cols[cx].cap;
    return viz_data_map_rows(d, d->n_rows, d->cols[cx].rows + at, d->cols[cy].rows + at,
                             d->cols[cx].cap);
}

static int copy_events(viz_data *d, const sim_world *w)
{
    size_t n;
    const sim_event *ev = sim_world_events(w, &n);
    int rc = viz_data_grow_events(d, d->n_events + n);
    if (rc)
        return rc;
    if (n) /* both may be NULL when there are none */
        memcpy(d->events + d->n_events, ev, n * sizeof *ev);
    d->n_events += n;
    size_t nl;
    const sim_lever *lv = sim_world_levers(w, &nl);
    if (nl > d->n_levers) {
        sim_lever *p = sim_realloc(d->levers, nl, sizeof *p);
        if (!p)
            return NABIJ_ENOMEM;
        memcpy(p, lv, nl * sizeof *p);
        d->levers = p;
        d->n_levers = nl;
    }
    return 0;
}

int viz_data_from_world(const sim_world *w, const char *scenario_name, int snapshot_every,
                        viz_data **out)
{
    *out = NULL;
    viz_data *d = sim_calloc(1, sizeof *d);
    if (!d)
        return NABIJ_ENOMEM;
    d->file = d->ds_events = d->ds_levers = d->ds_row_tick = d->ds_ts_tick = d->ds_status = -1;
    snprintf(d->scenario_name, sizeof d->scenario_name, "%s", scenario_name);
    d->days_per_tick = sim_days_per_tick(w);
    d->ticks_planned = (int32_t)sim_world_ticks(w);
    d->start_day = sim_day(w);
    d->snapshot_every = snapshot_every;
    d->hh_cap = sim_world_capacity(w, SIM_HOUSEHOLD);
    d->hh_static = d->hh_placed = sim_world_count(w, SIM_HOUSEHOLD);
    const int16_t *x = sim_col(w, SIM_HOUSEHOLD, "x"), *y = sim_col(w, SIM_HOUSEHOLD, "y");
    d->x = sim_calloc(d->hh_cap + 1, sizeof *d->x);
    d->y = sim_calloc(d->hh_cap + 1, sizeof *d->y);
    size_t nc = sim_col_count(w), ni = sim_ind_count(w), nk = sim_event_kind_count(w);
    d->cols = sim_calloc(nc + 1, sizeof *d->cols);
    d->series = sim_calloc(ni + 1, sizeof *d->series);
    d->kinds = sim_calloc(nk + 1, sizeof *d->kinds);
    if (!d->x || !d->y || !d->cols || !d->series || !d->kinds || !x || !y) {
        viz_data_destroy(d);
        return x && y ? NABIJ_ENOMEM : NABIJ_EINVAL;
    }
    memcpy(d->x, x, d->hh_cap * sizeof *x);
    memcpy(d->y, y, d->hh_cap * sizeof *y);
    viz_data_set_map(d);
    /* kind by kind, as the output file groups them, so that a live session and its file
     * list the columns in the same order */
    for (size_t i = 0; i < nc * SIM_N_KINDS; i++) {
        const sim_column *c = sim_col_at(w, i % nc);
        if (!(c->flags & SIM_COL_SNAPSHOT) || (size_t)c->kind != i / nc)
            continue;
        viz_col *vc = &d->cols[d->n_cols++];
        vc->ds = -1;
        vc->loaded = 1;
        vc->cap = sim_world_capacity(w, c->kind);
        snprintf(vc->kind, sizeof vc->kind, "%s", sim_kind_name(c->kind));
        snprintf(vc->name, sizeof vc->name, "%s", c->name);
        snprintf(vc->unit, sizeof vc->unit, "%s", c->unit ? c->unit : "");
        snprintf(vc->desc, sizeof vc->desc, "%s", c->doc ? c->doc : "");
        vc->categorical = strchr(vc->unit, '|') != NULL || !strcmp(vc->unit, "0/1");
    }
    for (size_t i = 0; i < ni; i++) {
        const char *unit, *doc;
        const char *name = sim_ind_name(w, i, &unit, &doc);
        viz_series *s = &d->series[d->n_series++];
        s->ds = -1;
        snprintf(s->name, sizeof s->name, "%s", name);
        snprintf(s->unit, sizeof s->unit, "%s", unit ? unit : "");
        snprintf(s->desc, sizeof s->desc, "%s", doc ? doc : "");
    }
    for (size_t i = 0; i < nk; i++) {
        const char *story, *cp;
        const char *name = sim_event_kind_name(w, i, &story, &cp);
        snprintf(d->kinds[i].name, sizeof d->kinds[i].name, "%s", name);
        snprintf(d->kinds[i].story, sizeof d->kinds[i].story, "%s", story ? story : "");
        snprintf(d->kinds[i].cp, sizeof d->kinds[i].cp, "%s", cp ? cp : "");
    }
    d->n_kinds = nk;
    int rc = copy_events(d, w);
    if (!rc && snapshot_every > 0)
        rc = snapshot(d, w);
    if (rc) {
        viz_data_destroy(d);
        return rc;
    }
    *out = d;
    return 0;
}

int viz_data_append_world(viz_data *d, const sim_world *w)
{
    int rc = viz_data_grow_ticks(d, d->n_ticks + 1);
    if (rc)
        return rc;
    for (size_t i = 0; i < d->n_series && i < sim_ind_count(w); i++) {
        viz_series *s = &d->series[i];
        double v = sim_ind_value(w, i);
        s->v[d->n_ticks] = v;
        if (d->n_ticks == 0 || v < s->vmin)
            s->vmin = v;
        if (d->n_ticks == 0 || v > s->vmax)
            s->vmax = v;
    }
    d->n_ticks++;
    if ((rc = copy_events(d, w)))
        return rc;
    if (d->snapshot_every > 0 && sim_tick(w) % (uint32_t)d->snapshot_every == 0)
        rc = snapshot(d, w);
    return rc;
}
