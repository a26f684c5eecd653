/* data.c: source-independent parts of the viewer's run data: lookups, colour scales,
 * growing the in-memory tables. Reading files is in replay.c, copying from a running world
 * in data_world.c. */
#include "data.h"
#include "alloc.h"
#include "nabij.h"
#include "scenario.h"
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void viz_data_destroy(viz_data *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n_cols; i++) {
        if (d->cols[i].ds > 0)
            H5Dclose(d->cols[i].ds);
        sim_free(d->cols[i].rows);
    }
    for (size_t i = 0; i < d->n_series; i++) {
        if (d->series[i].ds > 0)
            H5Dclose(d->series[i].ds);
        sim_free(d->series[i].v);
    }
    int64_t h[] = {d->ds_events, d->ds_levers, d->ds_row_tick, d->ds_ts_tick, d->ds_status};
    for (size_t i = 0; i < sizeof h / sizeof h[0]; i++)
        if (h[i] > 0)
            H5Dclose(h[i]);
    if (d->file > 0)
        H5Fclose(d->file);
    sim_free(d->cols);
    sim_free(d->series);
    sim_free(d->x);
    sim_free(d->y);
    sim_free(d->hh_rows);
    sim_free(d->row_tick);
    sim_free(d->kinds);
    sim_free(d->events);
    sim_free(d->levers);
    sim_free(d);
}

int viz_data_col(const viz_data *d, const char *kind, const char *name)
{
    for (size_t i = 0; i < d->n_cols; i++)
        if (!strcmp(d->cols[i].kind, kind) && !strcmp(d->cols[i].name, name))
            return (int)i;
    return -1;
}

int viz_data_series(const viz_data *d, const char *name)
{
    for (size_t i = 0; i < d->n_series; i++)
        if (!strcmp(d->series[i].name, name))
            return (int)i;
    return -1;
}

int viz_data_row_at(const viz_data *d, double t)
{
    int best = -1;
    for (uint32_t r = 0; r < d->n_rows; r++)
        if (d->row_tick[r] <= t + 1e-9)
            best = (int)r;
    return best;
}

uint32_t viz_data_households_at(const viz_data *d, int row)
{
    if (row < 0 || d->map_rows == 0)
        return d->hh_static;
    return d->hh_rows[(uint32_t)row < d->map_rows ? (uint32_t)row : d->map_rows - 1];
}

int32_t viz_data_household_at_cell(const viz_data *d, int row, int cx, int cy)
{
    uint32_t n = viz_data_households_at(d, row);
    for (uint32_t h = 0; h < n; h++)
        if (d->x[h] == cx && d->y[h] == cy)
            return (int32_t)h;
    return -1;
}

int viz_data_is_position(const viz_data *d, size_t c)
{
    const viz_col *col = &d->cols[c];
    return !strcmp(col->kind, "households") && (!strcmp(col->name, "x") || !strcmp(col->name, "y"));
}

uint32_t viz_data_last_tick(const viz_data *d) { return d->n_ticks; }

size_t viz_data_event_at(const viz_data *d, int32_t tick)
{
    size_t lo = 0, hi = d->n_events;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->events[mid].tick < tick)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

float viz_data_value(viz_data *d, size_t c, int row, uint32_t e)
{
    if (c >= d->n_cols || row < 0 || viz_data_load_col(d, c))
        return 0;
    viz_col *col = &d->cols[c];
    if ((uint32_t)row >= col->rows_have || e >= col->cap)
        return 0;
    return col->rows[(size_t)row * col->cap + e];
}

int viz_data_category(const viz_data *d, size_t c, int i, char *out, size_t n)
{
    const viz_col *col = &d->cols[c];
    if (!col->categorical || i < 0)
        return -1;
    const char *s = strchr(col->unit, '|') ? col->unit : "no|yes";
    for (int k = 0; k < i; k++) {
        s = strchr(s, '|');
        if (!s)
            return -1;
        s++;
    }
    const char *e = strchr(s, '|');
    snprintf(out, n, "%.*s", (int)(e ? (size_t)(e - s) : strlen(s)), s);
    return 0;
}

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

void viz_data_rescale(viz_data *d, size_t c)
{
    viz_col *col = &d->cols[c];
    if (col->categorical) {
        col->scale_max = 1;
        return;
    }
    /* the 98th percentile of positive values (a sample of at most 65536), so that a few
     * extreme households do not wash out the map; values above it get the top colour */
    size_t total = (size_t)col->rows_have * col->cap, want = 65536;
    size_t step = total > want ? total / want : 1, n = 0;
    float *s = sim_calloc(total / step + 1, sizeof *s);
    double mx = 0;
    if (!s) {
        col->scale_max = 1;
        return;
    }
    for (size_t i = 0; i < total; i += step) {
        float v = col->rows[i];
        if (v > 0)
            s[n++] = v;
    }
    for (size_t i = 0; i < total; i++)
        if (col->rows[i] > mx)
            mx = col->rows[i];
    if (n) {
        qsort(s, n, sizeof *s, cmp_float);
        col->scale_max = s[(size_t)(0.98 * (double)(n - 1))];
    }
    if (!(col->scale_max > 0))
        col->scale_max = mx > 0 ? mx : 1;
    sim_free(s);
}

void viz_data_date(const viz_data *d, double t, char *out, size_t n)
{
    int y;
    unsigned m, dd;
    scn_civil_from_days(d->start_day + (int32_t)floor(t) * d->days_per_tick, &y, &m, &dd);
    snprintf(out, n, "%04d-%02u-%02u", y, m, dd);
}

int viz_data_grow_rows(viz_data *d, uint32_t need)
{
    if (need <= d->rows_alloc)
        return 0;
    uint32_t na = d->rows_alloc ? d->rows_alloc : 16;
    while (na < need)
        na *= 2;
    int32_t *rt = sim_realloc(d->row_tick, na, sizeof *rt);
    if (!rt)
        return NABIJ_ENOMEM;
    d->row_tick = rt;
    d->rows_alloc = na;
    return 0;
}

int viz_data_grow_ticks(viz_data *d, uint32_t need)
{
    if (need <= d->ticks_alloc)
        return 0;
    uint32_t na = d->ticks_alloc ? d->ticks_alloc : 64;
    while (na < need)
        na *= 2;
    for (size_t i = 0; i < d->n_series; i++) {
        double *v = sim_realloc(d->series[i].v, na, sizeof *v);
        if (!v)
            return NABIJ_ENOMEM;
        d->series[i].v = v;
    }
    d->ticks_alloc = na;
    return 0;
}

int viz_data_grow_events(viz_data *d, size_t need)
{
    if (need <= d->events_alloc)
        return 0;
    size_t na = d->events_alloc ? d->events_alloc : 1024;
    while (na < need)
        na *= 2;
    sim_event *e = sim_realloc(d->events, na, sizeof *e);
    if (!e)
        return NABIJ_ENOMEM;
    d->events = e;
    d->events_alloc = na;
    return 0;
}

static void grow_grid(viz_data *d, uint32_t h)
{
    if (d->x[h] < 0)
        d->x[h] = 0;
    if (d->y[h] < 0)
        d->y[h] = 0;
    if (d->x[h] + 1 > d->grid_w)
        d->grid_w = d->x[h] + 1;
    if (d->y[h] + 1 > d->grid_h)
        d->grid_h = d->y[h] + 1;
}

void viz_data_set_map(viz_data *d)
{
    d->grid_w = d->grid_h = 1;
    for (uint32_t h = 0; h < d->hh_placed; h++)
        grow_grid(d, h);
}

int viz_data_map_rows(viz_data *d, uint32_t n_rows, const float *xs, const float *ys,
                      uint32_t width)
{
    if (n_rows <= d->map_rows)
        return 0;
    uint32_t *p = sim_realloc(d->hh_rows, n_rows, sizeof *p);
    if (!p)
        return NABIJ_ENOMEM;
    d->hh_rows = p;
    uint32_t lim = width < d->hh_cap ? width : d->hh_cap;
    for (uint32_t r = d->map_rows; r < n_rows; r++) {
        uint32_t n = d->hh_static;
        if (xs && ys) {
            const float *rx = xs + (size_t)(r - d->map_rows) * width;
            const float *ry = ys + (size_t)(r - d->map_rows) * width;
            /* the last household with a cell; those formed before it exist too */
            for (uint32_t h = lim; h > n; h--)
                if (rx[h - 1] != 0 || ry[h - 1] != 0) {
                    n = h;
                    break;
                }
            for (uint32_t h = d->hh_placed; h < n; h++) {
                d->x[h] = (int16_t)(rx[h] > INT16_MAX ? INT16_MAX : rx[h]);
                d->y[h] = (int16_t)(ry[h] > INT16_MAX ? INT16_MAX : ry[h]);
                grow_grid(d, h);
            }
            if (n > d->hh_placed)
                d->hh_placed = n;
        }
        p[r] = n;
    }
    d->map_rows = n_rows;
    return 0;
}

static uint64_t fnv_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ull;
    return h;
}

uint64_t viz_data_checksum(viz_data *d, uint32_t *ticks, uint32_t *rows, size_t *events)
{
    uint64_t h = 1469598103934665603ull;
    h = fnv_bytes(h, &d->n_ticks, sizeof d->n_ticks);
    for (size_t i = 0; i < d->n_series; i++) {
        h = fnv_bytes(h, d->series[i].name, strlen(d->series[i].name));
        if (d->n_ticks)
            h = fnv_bytes(h, d->series[i].v, d->n_ticks * sizeof(double));
    }
    h = fnv_bytes(h, &d->n_rows, sizeof d->n_rows);
    if (d->n_rows)
        h = fnv_bytes(h, d->row_tick, d->n_rows * sizeof *d->row_tick);
    for (size_t c = 0; c < d->n_cols; c++) {
        h = fnv_bytes(h, d->cols[c].name, strlen(d->cols[c].name));
        if (viz_data_load_col(d, c) == 0 && d->cols[c].rows_have)
            h = fnv_bytes(h, d->cols[c].rows,
                          (size_t)d->cols[c].rows_have * d->cols[c].cap * sizeof(float));
    }
    for (size_t i = 0; i < d->n_events; i++) {
        const sim_event *e = &d->events[i];
        int32_t f[5] = {e->tick, e->kind, e->household, e->person, e->counterpart};
        h = fnv_bytes(h, f, sizeof f);
        h = fnv_bytes(h, &e->amount, sizeof e->amount);
    }
    /* the map: households at the start, each row's households and every cell */
    h = fnv_bytes(h, &d->hh_static, sizeof d->hh_static);
    if (d->map_rows)
        h = fnv_bytes(h, d->hh_rows, d->map_rows * sizeof *d->hh_rows);
    h = fnv_bytes(h, d->x, d->hh_placed * sizeof *d->x);
    h = fnv_bytes(h, d->y, d->hh_placed * sizeof *d->y);
    for (size_t i = 0; i < d->n_levers; i++) {
        h = fnv_bytes(h, &d->levers[i].tick, sizeof d->levers[i].tick);
        h = fnv_bytes(h, d->levers[i].assignment, strlen(d->levers[i].assignment));
    }
    if (ticks)
        *ticks = d->n_ticks;
    if (rows)
        *rows = d->n_rows;
    if (events)
        *events = d->n_events;
    return h;
}
