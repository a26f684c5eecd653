/* replay.c: HDF5 -> viz_data. Every dataset is opened once; a refresh calls H5Drefresh on
 * each and reads only the new part, taking the smallest extent of datasets that grow
 * together (a reader may see one of them before the others). Snapshot columns load when
 * first shown. The sieve buffer is off so that /status is read from the file each time. */
#include "replay.h"
#include "alloc.h"
#include "h5util.h"
#include "nabij.h"
#include <hdf5.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static int32_t attr_int(hid_t loc, const char *name, int32_t def)
{
    int32_t v;
    return sim_h5_attr_get(loc, name, H5T_NATIVE_INT32, &v) ? def : v;
}

static hsize_t extent(hid_t ds)
{
    hsize_t dims[2] = {0, 0};
    hid_t sp = H5Dget_space(ds);
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    return dims[0];
}

typedef struct names {
    char (*v)[VIZ_NAME_MAX];
    size_t n, alloc;
} names;

static herr_t collect(hid_t g, const char *name, const H5L_info_t *info, void *vctx)
{
    names *nm = vctx;
    if (nm->n == nm->alloc) {
        size_t na = nm->alloc ? 2 * nm->alloc : 32;
        void *p = sim_realloc(nm->v, na, sizeof *nm->v);
        if (!p)
            return -1;
        nm->v = p;
        nm->alloc = na;
    }
    snprintf(nm->v[nm->n++], VIZ_NAME_MAX, "%s", name);
    return 0;
}

static int list_group(hid_t file, const char *path, names *nm)
{
    nm->n = 0;
    if (H5Lexists(file, path, H5P_DEFAULT) <= 0)
        return 0;
    hid_t g = H5Gopen2(file, path, H5P_DEFAULT);
    if (g < 0)
        return 0;
    hsize_t idx = 0;
    herr_t e = H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, collect, nm);
    if (e < 0) {
        idx = 0;
        nm->n = 0;
        e = H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, &idx, collect, nm);
    }
    H5Gclose(g);
    return e < 0 ? NABIJ_EHDF5 : 0;
}

static hid_t open_ds(hid_t file, const char *path)
{
    if (H5Lexists(file, path, H5P_DEFAULT) <= 0)
        return -1;
    return H5Dopen2(file, path, H5P_DEFAULT);
}

/* viz_kind is read as an /event_kinds row */
_Static_assert(sizeof(viz_kind) == sizeof(sim_h5_kind_row) &&
                   offsetof(viz_kind, story) == offsetof(sim_h5_kind_row, story) &&
                   offsetof(viz_kind, cp) == offsetof(sim_h5_kind_row, counterparts),
               "viz_kind differs from an /event_kinds row");

static int read_kinds(viz_data *d)
{
    hid_t ds = open_ds(d->file, "event_kinds");
    if (ds < 0)
        return 0;
    hsize_t n = extent(ds);
    hid_t t = sim_h5_kind_type(H5T_CSET_ASCII);
    int rc = 0;
    d->kinds = sim_calloc(n + 1, sizeof *d->kinds);
    if (!d->kinds)
        rc = NABIJ_ENOMEM;
    else if (n && H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, d->kinds) < 0)
        rc = NABIJ_EHDF5;
    else
        d->n_kinds = n;
    for (size_t i = 0; i < d->n_kinds; i++) {
        d->kinds[i].name[47] = d->kinds[i].story[207] = d->kinds[i].cp[255] = 0;
    }
    H5Tclose(t);
    H5Dclose(ds);
    return rc;
}

static hid_t event_mem_type(hid_t ds)
{
    hid_t nk = sim_h5_event_kind_native(ds);
    hid_t t = sim_h5_event_type(nk >= 0 ? nk : H5T_NATIVE_UINT16);
    if (nk >= 0)
        H5Tclose(nk);
    return t;
}

static int read_static(viz_data *d)
{
    hid_t dx = open_ds(d->file, "static/households/x"), dy = open_ds(d->file, "static/households/y");
    if (dx < 0 || dy < 0) {
        if (dx >= 0)
            H5Dclose(dx);
        if (dy >= 0)
            H5Dclose(dy);
        return NABIJ_EINVAL;
    }
    d->hh_cap = (uint32_t)extent(dx);
    d->x = sim_calloc(d->hh_cap + 1, sizeof *d->x);
    d->y = sim_calloc(d->hh_cap + 1, sizeof *d->y);
    int rc = 0;
    if (!d->x || !d->y)
        rc = NABIJ_ENOMEM;
    else if (H5Dread(dx, H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, d->x) < 0 ||
             H5Dread(dy, H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, d->y) < 0)
        rc = NABIJ_EHDF5;
    H5Dclose(dx);
    H5Dclose(dy);
    hid_t g = H5Gopen2(d->file, "static/households", H5P_DEFAULT);
    d->hh_static = d->hh_cap;
    if (g >= 0) {
        int32_t c = attr_int(g, "count", (int32_t)d->hh_cap);
        if (c >= 0 && (uint32_t)c < d->hh_cap)
            d->hh_static = (uint32_t)c;
        H5Gclose(g);
    }
    d->hh_placed = d->hh_static;
    viz_data_set_map(d);
    return rc;
}

static int open_series(viz_data *d)
{
    names nm = {0};
    int rc = list_group(d->file, "timeseries", &nm);
    if (!rc && !(d->series = sim_calloc(nm.n + 1, sizeof *d->series)))
        rc = NABIJ_ENOMEM;
    for (size_t i = 0; !rc && i < nm.n; i++) {
        if (!strcmp(nm.v[i], "tick") || !strcmp(nm.v[i], "day"))
            continue;
        char p[128];
        snprintf(p, sizeof p, "timeseries/%s", nm.v[i]);
        viz_series *s = &d->series[d->n_series];
        s->ds = open_ds(d->file, p);
        if (s->ds < 0)
            continue;
        snprintf(s->name, sizeof s->name, "%s", nm.v[i]);
        sim_h5_attr_text_copy(s->ds, "unit", s->unit, sizeof s->unit);
        sim_h5_attr_text_copy(s->ds, "description", s->desc, sizeof s->desc);
        d->n_series++;
    }
    sim_free(nm.v);
    d->ds_ts_tick = open_ds(d->file, "timeseries/tick");
    return rc;
}

static int open_cols(viz_data *d)
{
    names kinds = {0}, cols = {0};
    int rc = list_group(d->file, "snapshots", &kinds);
    size_t cap = 0;
    for (size_t k = 0; !rc && k < kinds.n; k++) {
        if (!strcmp(kinds.v[k], "tick"))
            continue;
        char gp[128];
        snprintf(gp, sizeof gp, "snapshots/%s", kinds.v[k]);
        if ((rc = list_group(d->file, gp, &cols)))
            break;
        viz_col *nc = sim_realloc(d->cols, d->n_cols + cols.n + 1, sizeof *nc);
        if (!nc) {
            rc = NABIJ_ENOMEM;
            break;
        }
        d->cols = nc;
        cap = d->n_cols + cols.n + 1;
        for (size_t i = 0; i < cols.n; i++) {
            char p[192];
            snprintf(p, sizeof p, "%s/%s", gp, cols.v[i]);
            viz_col *c = &d->cols[d->n_cols];
            memset(c, 0, sizeof *c);
            c->ds = open_ds(d->file, p);
            if (c->ds < 0)
                continue;
            hid_t sp = H5Dget_space(c->ds);
            hsize_t dims[2] = {0, 0};
            int rank = H5Sget_simple_extent_dims(sp, dims, NULL);
            H5Sclose(sp);
            if (rank != 2) {
                H5Dclose(c->ds);
                continue;
            }
            c->cap = (uint32_t)dims[1];
            snprintf(c->kind, sizeof c->kind, "%s", kinds.v[k]);
            snprintf(c->name, sizeof c->name, "%s", cols.v[i]);
            sim_h5_attr_text_copy(c->ds, "unit", c->unit, sizeof c->unit);
            sim_h5_attr_text_copy(c->ds, "description", c->desc, sizeof c->desc);
            c->categorical = strchr(c->unit, '|') != NULL || !strcmp(c->unit, "0/1");
            d->n_cols++;
        }
    }
    (void)cap;
    sim_free(kinds.v);
    sim_free(cols.v);
    d->ds_row_tick = open_ds(d->file, "snapshots/tick");
    return rc;
}

static void read_status(viz_data *d)
{
    if (d->ds_status <= 0)
        return;
    H5Drefresh(d->ds_status);
    hid_t t = H5Dget_type(d->ds_status);
    size_t sz = H5Tget_size(t);
    char buf[64] = {0};
    if (sz < sizeof buf && H5Dread(d->ds_status, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0 &&
        !strncmp(buf, "complete", 8))
        d->complete = 1;
    H5Tclose(t);
}

int viz_replay_open(const char *path, viz_data **out, char *err, size_t errlen)
{
    *out = NULL;
    char use[4096];
    snprintf(use, sizeof use, "%s", path);
    if (access(use, F_OK) != 0 && !ends_with(path, ".part")) {
        snprintf(use, sizeof use, "%s.part", path);
        if (access(use, F_OK) != 0) {
            snprintf(err, errlen, "%s: no such file (nor %s.part)", path, path);
            return NABIJ_EIO;
        }
    }
    viz_data *d = sim_calloc(1, sizeof *d);
    if (!d)
        return NABIJ_ENOMEM;
    snprintf(d->path, sizeof d->path, "%s", use);
    snprintf(d->final_path, sizeof d->final_path, "%s", use);
    if (ends_with(use, ".part"))
        d->final_path[strlen(use) - 5] = 0;
    sim_h5_errors_quiet();
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    H5Pset_sieve_buf_size(fapl, 0);
    d->file = H5Fopen(use, H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, fapl);
    if (d->file < 0)
        d->file = H5Fopen(use, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    if (d->file < 0) {
        snprintf(err, errlen, "%s: not a readable HDF5 file (or not yet ready for SWMR reading)", use);
        viz_data_destroy(d);
        return NABIJ_EIO;
    }
    sim_h5_attr_text_copy(d->file, "scenario_name", d->scenario_name, sizeof d->scenario_name);
    d->days_per_tick = attr_int(d->file, "days_per_tick", 7);
    d->ticks_planned = attr_int(d->file, "ticks_planned", 0);
    d->start_day = attr_int(d->file, "start_day", 0);
    d->snapshot_every = attr_int(d->file, "snapshot_every", 0);
    int rc = read_static(d);
    if (rc == NABIJ_EINVAL) {
        if (sim_h5_is_checkpoint(d->file))
            snprintf(err, errlen, "%s is a nabij checkpoint, not a run file: the viewer shows the run's output "
                     "(nabij run -o FILE)", use);
        else
            snprintf(err, errlen, "%s: no /static/households/x and y: not a nabij output file", use);
        viz_data_destroy(d);
        return rc;
    }
    if (!rc)
        rc = read_kinds(d);
    if (!rc)
        rc = open_series(d);
    if (!rc)
        rc = open_cols(d);
    if (rc) {
        snprintf(err, errlen, "%s: %s while reading the file", use, nabij_strerror(rc));
        viz_data_destroy(d);
        return rc;
    }
    d->ds_events = open_ds(d->file, "events");
    d->ds_levers = open_ds(d->file, "levers");
    d->ds_status = open_ds(d->file, "status");
    int changed;
    if ((rc = viz_replay_refresh(d, &changed))) {
        snprintf(err, errlen, "%s: %s while reading the file", use, nabij_strerror(rc));
        viz_data_destroy(d);
        return rc;
    }
    *out = d;
    return 0;
}

/* Read new rows of a loaded column up to "rows". */
static int col_read_new(viz_col *c, uint32_t rows)
{
    if (!c->loaded || rows <= c->rows_have)
        return 0;
    if (rows > c->rows_alloc) {
        uint32_t na = c->rows_alloc ? c->rows_alloc : 8;
        while (na < rows)
            na *= 2;
        float *p = sim_realloc(c->rows, (size_t)na * c->cap, sizeof *p);
        if (!p)
            return NABIJ_ENOMEM;
        c->rows = p;
        c->rows_alloc = na;
    }
    int rc = sim_h5_read_rows(c->ds, H5T_NATIVE_FLOAT, c->rows_have, rows - c->rows_have,
                              c->cap, c->rows + (size_t)c->rows_have * c->cap);
    if (!rc)
        c->rows_have = rows;
    return rc;
}

int viz_data_load_col(viz_data *d, size_t c)
{
    viz_col *col = &d->cols[c];
    if (col->loaded)
        return 0;
    if (col->ds <= 0)
        return NABIJ_EINVAL; /* a world source fills its columns itself */
    col->loaded = 1;
    int rc = col_read_new(col, d->n_rows);
    if (rc) {
        col->loaded = 0;
        return rc;
    }
    viz_data_rescale(d, c);
    return 0;
}

/* The map of snapshot rows [map_rows, n_rows), one row at a time from the households/x and
 * y snapshot columns (files written before they existed place only the static map). */
static int refresh_map(viz_data *d)
{
    int cx = viz_data_col(d, "households", "x"), cy = viz_data_col(d, "households", "y");
    if (cx < 0 || cy < 0 || d->cols[cx].cap != d->cols[cy].cap)
        return viz_data_map_rows(d, d->n_rows, NULL, NULL, 0);
    uint32_t width = d->cols[cx].cap;
    float *bx = sim_calloc((size_t)width + 1, sizeof *bx), *by = sim_calloc((size_t)width + 1, sizeof *by);
    int rc = bx && by ? 0 : NABIJ_ENOMEM;
    while (!rc && d->map_rows < d->n_rows) {
        hsize_t r = d->map_rows;
        rc = sim_h5_read_rows(d->cols[cx].ds, H5T_NATIVE_FLOAT, r, 1, width, bx);
        if (!rc)
            rc = sim_h5_read_rows(d->cols[cy].ds, H5T_NATIVE_FLOAT, r, 1, width, by);
        if (!rc)
            rc = viz_data_map_rows(d, d->map_rows + 1, bx, by, width);
    }
    sim_free(bx);
    sim_free(by);
    return rc;
}

int viz_replay_refresh(viz_data *d, int *changed)
{
    *changed = 0;
    int rc = 0;
    /* status first: what the writer wrote before marking complete is then all visible */
    if (!d->complete) {
        read_status(d);
        if (!d->complete && strcmp(d->path, d->final_path) && access(d->path, F_OK) != 0 &&
            access(d->final_path, F_OK) == 0)
            d->complete = 1; /* renamed: the writer finished */
        if (d->complete)
            *changed = 1;
    }
    /* time series: the smallest extent over tick and every indicator */
    if (d->ds_ts_tick > 0) {
        H5Drefresh(d->ds_ts_tick);
        hsize_t n = extent(d->ds_ts_tick);
        for (size_t i = 0; i < d->n_series; i++) {
            H5Drefresh(d->series[i].ds);
            hsize_t e = extent(d->series[i].ds);
            if (e < n)
                n = e;
        }
        if (n > d->n_ticks) {
            if ((rc = viz_data_grow_ticks(d, (uint32_t)n)))
                return rc;
            for (size_t i = 0; i < d->n_series; i++) {
                viz_series *s = &d->series[i];
                if ((rc = sim_h5_read_rows(s->ds, H5T_NATIVE_DOUBLE, d->n_ticks,
                                           n - d->n_ticks, 0, s->v + d->n_ticks)))
                    return rc;
                for (uint32_t t = d->n_ticks; t < n; t++) {
                    if (t == 0 || s->v[t] < s->vmin)
                        s->vmin = s->v[t];
                    if (t == 0 || s->v[t] > s->vmax)
                        s->vmax = s->v[t];
                }
            }
            d->n_ticks = (uint32_t)n;
            *changed = 1;
        }
    }
    /* snapshots */
    if (d->ds_row_tick > 0) {
        H5Drefresh(d->ds_row_tick);
        hsize_t n = extent(d->ds_row_tick);
        for (size_t i = 0; i < d->n_cols; i++) {
            H5Drefresh(d->cols[i].ds);
            hsize_t e = extent(d->cols[i].ds);
            if (e < n)
                n = e;
        }
        if (n > d->n_rows) {
            if ((rc = viz_data_grow_rows(d, (uint32_t)n)))
                return rc;
            if ((rc = sim_h5_read_rows(d->ds_row_tick, H5T_NATIVE_INT32, d->n_rows,
                                       n - d->n_rows, 0, d->row_tick + d->n_rows)))
                return rc;
            for (size_t i = 0; i < d->n_cols; i++) {
                uint32_t had = d->cols[i].rows_have;
                if ((rc = col_read_new(&d->cols[i], (uint32_t)n)))
                    return rc;
                if (d->cols[i].loaded && had < d->cols[i].rows_have)
                    viz_data_rescale(d, i);
            }
            d->n_rows = (uint32_t)n;
            if ((rc = refresh_map(d)))
                return rc;
            *changed = 1;
        }
    }
    /* events and levers */
    if (d->ds_events > 0) {
        H5Drefresh(d->ds_events);
        hsize_t n = extent(d->ds_events);
        if (n > d->n_events) {
            if ((rc = viz_data_grow_events(d, n)))
                return rc;
            hid_t mt = event_mem_type(d->ds_events);
            rc = sim_h5_read_rows(d->ds_events, mt, d->n_events, n - d->n_events, 0,
                                  d->events + d->n_events);
            H5Tclose(mt);
            if (rc)
                return rc;
            d->n_events = n;
            *changed = 1;
        }
    }
    if (d->ds_levers > 0) {
        H5Drefresh(d->ds_levers);
        hsize_t n = extent(d->ds_levers);
        if (n > d->n_levers) {
            sim_lever *p = sim_realloc(d->levers, n, sizeof *p);
            if (!p)
                return NABIJ_ENOMEM;
            d->levers = p;
            hid_t mt = sim_h5_lever_type();
            rc = sim_h5_read_rows(d->ds_levers, mt, d->n_levers, n - d->n_levers, 0,
                                  p + d->n_levers);
            H5Tclose(mt);
            if (rc)
                return rc;
            for (size_t i = d->n_levers; i < n; i++)
                p[i].assignment[sizeof p[i].assignment - 1] = 0;
            d->n_levers = n;
            *changed = 1;
        }
    }
    return 0;
}
