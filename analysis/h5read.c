/* h5read.c: read a finished nabij output file back into memory (an_run). Strings may be
 * fixed or variable length; the event kind enum is read through its own native copy so
 * that files written by other versions with more kinds still read. */
#include "h5read.h"
#include "alloc.h"
#include "h5util.h"
#include "nabij.h"
#include <hdf5.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

static char *attr_string(hid_t loc, const char *name)
{
    char *s = sim_h5_text(loc, name, 0);
    return s ? s : sim_strdup("");
}

/* Length of a 1-D dataset, or -1. */
static long long ds_len(hid_t d)
{
    hid_t sp = H5Dget_space(d);
    if (sp < 0)
        return -1;
    hsize_t dims[2] = {0, 0};
    int rank = H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    return rank >= 1 ? (long long)dims[0] : (rank == 0 ? 1 : -1);
}

static void *read_1d(hid_t loc, const char *name, hid_t mt, size_t elsize, size_t *n)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    long long len = ds_len(d);
    void *buf = len >= 0 ? sim_calloc((size_t)len + 1, elsize) : NULL;
    if (buf && len > 0 && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        sim_free(buf);
        buf = NULL;
    }
    H5Dclose(d);
    if (buf)
        *n = (size_t)len;
    return buf;
}

typedef struct ts_iter {
    an_run *r;
    int bad;
} ts_iter;

static herr_t ts_visit(hid_t g, const char *name, const H5L_info_t *info, void *vctx)
{
    ts_iter *it = vctx;
    (void)info;
    if (!strcmp(name, "tick") || !strcmp(name, "day"))
        return 0;
    an_run *r = it->r;
    an_series *s = &r->series[r->n_series];
    size_t n = 0;
    s->v = read_1d(g, name, H5T_NATIVE_DOUBLE, sizeof(double), &n);
    if (!s->v || n != r->n_ticks) {
        sim_free(s->v);
        s->v = NULL;
        it->bad = 1;
        return -1;
    }
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    s->name = sim_strdup(name);
    s->unit = attr_string(d, "unit");
    s->doc = attr_string(d, "description");
    H5Dclose(d);
    r->n_series++;
    if (!s->name || !s->unit || !s->doc) {
        it->bad = 1;
        return -1;
    }
    return 0;
}

static int read_timeseries(hid_t file, an_run *r)
{
    if (H5Lexists(file, "timeseries", H5P_DEFAULT) <= 0)
        return -1;
    hid_t g = H5Gopen2(file, "timeseries", H5P_DEFAULT);
    if (g < 0)
        return -1;
    size_t n = 0, nd = 0;
    r->tick = read_1d(g, "tick", H5T_NATIVE_INT32, sizeof(int32_t), &n);
    r->day = read_1d(g, "day", H5T_NATIVE_INT32, sizeof(int32_t), &nd);
    H5G_info_t gi;
    int bad = !r->tick || !r->day || n != nd || H5Gget_info(g, &gi) < 0;
    if (!bad) {
        r->n_ticks = n;
        r->series = sim_calloc(gi.nlinks + 1, sizeof *r->series);
        bad = !r->series;
    }
    if (!bad) {
        ts_iter it = {r, 0};
        hsize_t idx = 0;
        hid_t pl = H5Gget_create_plist(g);
        unsigned crt = 0;
        H5Pget_link_creation_order(pl, &crt);
        H5Pclose(pl);
        H5_index_t order = (crt & H5P_CRT_ORDER_TRACKED) ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
        bad = H5Literate(g, order, H5_ITER_INC, &idx, ts_visit, &it) < 0 || it.bad;
    }
    H5Gclose(g);
    return bad ? -1 : 0;
}

/* an_event_kind and an_event are read as rows of /event_kinds and /events */
_Static_assert(sizeof(an_event_kind) == sizeof(sim_h5_kind_row) &&
                   offsetof(an_event_kind, story) == offsetof(sim_h5_kind_row, story) &&
                   offsetof(an_event_kind, counterparts) ==
                       offsetof(sim_h5_kind_row, counterparts),
               "an_event_kind differs from an /event_kinds row");
_Static_assert(sizeof(an_event) == sizeof(sim_event) &&
                   offsetof(an_event, kind) == offsetof(sim_event, kind) &&
                   offsetof(an_event, household) == offsetof(sim_event, household) &&
                   offsetof(an_event, person) == offsetof(sim_event, person) &&
                   offsetof(an_event, counterpart) == offsetof(sim_event, counterpart) &&
                   offsetof(an_event, amount) == offsetof(sim_event, amount),
               "an_event differs from sim_event");

static int read_kinds(hid_t file, an_run *r)
{
    if (H5Lexists(file, "event_kinds", H5P_DEFAULT) <= 0)
        return 0;
    hid_t d = H5Dopen2(file, "event_kinds", H5P_DEFAULT);
    if (d < 0)
        return -1;
    long long n = ds_len(d);
    hid_t ft = H5Dget_type(d);
    H5T_cset_t cs = H5T_CSET_ASCII;
    int mi = H5Tget_member_index(ft, "story");
    if (mi >= 0) {
        hid_t st = H5Tget_member_type(ft, (unsigned)mi);
        cs = H5Tget_cset(st);
        H5Tclose(st);
    }
    H5Tclose(ft);
    hid_t t = sim_h5_kind_type(cs);
    r->kinds = n >= 0 ? sim_calloc((size_t)n + 1, sizeof *r->kinds) : NULL;
    int bad = !r->kinds || (n > 0 && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->kinds) < 0);
    if (!bad) {
        r->n_kinds = (size_t)n;
        for (size_t i = 0; i < r->n_kinds; i++) {
            r->kinds[i].name[sizeof r->kinds[i].name - 1] = 0;
            r->kinds[i].story[sizeof r->kinds[i].story - 1] = 0;
            r->kinds[i].counterparts[sizeof r->kinds[i].counterparts - 1] = 0;
        }
    }
    H5Tclose(t);
    H5Dclose(d);
    return bad ? -1 : 0;
}

static int read_events(hid_t file, an_run *r)
{
    if (H5Lexists(file, "events", H5P_DEFAULT) <= 0)
        return 0;
    hid_t d = H5Dopen2(file, "events", H5P_DEFAULT);
    if (d < 0)
        return -1;
    hid_t kt = sim_h5_event_kind_native(d);
    int bad = kt < 0 || H5Tget_size(kt) != sizeof(uint16_t);
    hid_t t = bad ? -1 : sim_h5_event_type(kt);
    long long n = ds_len(d);
    if (!bad) {
        r->events = n >= 0 ? sim_calloc((size_t)n + 1, sizeof *r->events) : NULL;
        bad = !r->events ||
              (n > 0 && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, r->events) < 0);
        if (!bad)
            r->n_events = (size_t)n;
    }
    if (t >= 0)
        H5Tclose(t);
    if (kt >= 0)
        H5Tclose(kt);
    H5Dclose(d);
    return bad ? -1 : 0;
}

static hid_t open_ro(const char *path)
{
    sim_h5_errors_quiet();
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    return f;
}

int an_run_read(const char *path, unsigned flags, an_run **out, char *err, size_t errlen)
{
    *out = NULL;
    hid_t f = open_ro(path);
    if (f < 0) {
        snprintf(err, errlen, "%s: cannot open as an HDF5 file", path);
        return NABIJ_EIO;
    }
    an_run *r = sim_calloc(1, sizeof *r);
    int rc = 0;
    if (!r) {
        H5Fclose(f);
        snprintf(err, errlen, "out of memory");
        return NABIJ_ENOMEM;
    }
    r->path = sim_strdup(path);
    r->scenario_name = attr_string(f, "scenario_name");
    r->status = sim_h5_text(f, "status", 1);
    r->scenario_text = sim_h5_text(f, "scenario", 1);
    int64_t v;
    r->seed = sim_h5_attr_get(f, "seed", H5T_NATIVE_INT64, &v) ? 0 : (uint64_t)v;
    r->days_per_tick = sim_h5_attr_get(f, "days_per_tick", H5T_NATIVE_INT64, &v) ? 7 : (int32_t)v;
    r->ticks_planned = sim_h5_attr_get(f, "ticks_planned", H5T_NATIVE_INT64, &v) ? 0 : (int32_t)v;
    r->start_day = sim_h5_attr_get(f, "start_day", H5T_NATIVE_INT64, &v) ? 0 : (int32_t)v;
    r->snapshot_every = sim_h5_attr_get(f, "snapshot_every", H5T_NATIVE_INT64, &v) ? 0 : (int32_t)v;
    if (!r->path || !r->scenario_name) {
        snprintf(err, errlen, "out of memory");
        rc = NABIJ_ENOMEM;
    } else if (!r->status || !r->scenario_text ||
               sim_h5_attr_get(f, "schema_version", H5T_NATIVE_INT64, &v)) {
        if (sim_h5_is_checkpoint(f))
            snprintf(err, errlen, "%s is a nabij checkpoint, not a run file: give the run's output "
                     "(nabij run -o FILE)", path);
        else
            snprintf(err, errlen, "%s: not a nabij output file (no /status, /scenario or schema_version)", path);
        rc = NABIJ_EINVAL;
    } else if (v != NABIJ_SCHEMA_VERSION) {
        snprintf(err, errlen, "%s: schema_version %lld, this program reads %d", path,
                 (long long)v, NABIJ_SCHEMA_VERSION);
        rc = NABIJ_EINVAL;
    } else if (strcmp(r->status, "complete")) {
        snprintf(err, errlen, "%s: /status is '%s', not 'complete' (an interrupted or running run)",
                 path, r->status);
        rc = NABIJ_EINVAL;
    } else if (read_timeseries(f, r)) {
        snprintf(err, errlen, "%s: cannot read /timeseries", path);
        rc = NABIJ_EHDF5;
    } else if (read_kinds(f, r)) {
        snprintf(err, errlen, "%s: cannot read /event_kinds", path);
        rc = NABIJ_EHDF5;
    } else if ((flags & AN_READ_EVENTS) && read_events(f, r)) {
        snprintf(err, errlen, "%s: cannot read /events", path);
        rc = NABIJ_EHDF5;
    }
    H5Fclose(f);
    if (rc) {
        an_run_destroy(r);
        return rc;
    }
    *out = r;
    return 0;
}

void an_run_destroy(an_run *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_series; i++) {
        sim_free(r->series[i].name);
        sim_free(r->series[i].unit);
        sim_free(r->series[i].doc);
        sim_free(r->series[i].v);
    }
    sim_free(r->series);
    sim_free(r->tick);
    sim_free(r->day);
    sim_free(r->kinds);
    sim_free(r->events);
    sim_free(r->path);
    sim_free(r->scenario_name);
    sim_free(r->scenario_text);
    sim_free(r->status);
    sim_free(r);
}

const an_series *an_run_series(const an_run *r, const char *name)
{
    for (size_t i = 0; i < r->n_series; i++)
        if (!strcmp(r->series[i].name, name))
            return &r->series[i];
    return NULL;
}

int an_run_kind(const an_run *r, const char *name)
{
    for (size_t i = 0; i < r->n_kinds; i++)
        if (!strcmp(r->kinds[i].name, name))
            return (int)i;
    return -1;
}

int an_h5_peek(const char *path, char **status, char **scenario_text)
{
    *status = *scenario_text = NULL;
    hid_t f = open_ro(path);
    if (f < 0)
        return NABIJ_EIO;
    *status = sim_h5_text(f, "status", 1);
    *scenario_text = sim_h5_text(f, "scenario", 1);
    H5Fclose(f);
    return 0;
}

int an_h5_snapshot_row(const char *path, const char *kind, const char *column, size_t row,
                       double **vals, size_t *n)
{
    *vals = NULL;
    *n = 0;
    char name[512];
    snprintf(name, sizeof name, "snapshots/%s/%s", kind, column);
    hid_t f = open_ro(path);
    if (f < 0)
        return NABIJ_EIO;
    int rc = NABIJ_EINVAL;
    hid_t d = H5Lexists(f, "snapshots", H5P_DEFAULT) > 0 &&
                      H5Lexists(f, name, H5P_DEFAULT) > 0
                  ? H5Dopen2(f, name, H5P_DEFAULT)
                  : -1;
    if (d >= 0) {
        hid_t fs = H5Dget_space(d);
        hsize_t dims[2] = {0, 0};
        if (H5Sget_simple_extent_ndims(fs) == 2 && H5Sget_simple_extent_dims(fs, dims, NULL) == 2 &&
            row < dims[0]) {
            hsize_t start[2] = {row, 0}, count[2] = {1, dims[1]};
            H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
            hid_t ms = H5Screate_simple(1, &count[1], NULL);
            double *buf = sim_calloc(dims[1] + 1, sizeof *buf);
            if (!buf)
                rc = NABIJ_ENOMEM;
            else if (H5Dread(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, buf) < 0) {
                sim_free(buf);
                rc = NABIJ_EHDF5;
            } else {
                *vals = buf;
                *n = dims[1];
                rc = 0;
            }
            H5Sclose(ms);
        }
        H5Sclose(fs);
        H5Dclose(d);
    }
    H5Fclose(f);
    return rc;
}

int an_h5_snapshot_ticks(const char *path, int32_t **ticks, size_t *n)
{
    *ticks = NULL;
    *n = 0;
    hid_t f = open_ro(path);
    if (f < 0)
        return NABIJ_EIO;
    int rc = NABIJ_EINVAL;
    if (H5Lexists(f, "snapshots", H5P_DEFAULT) > 0 &&
        H5Lexists(f, "snapshots/tick", H5P_DEFAULT) > 0) {
        *ticks = read_1d(f, "snapshots/tick", H5T_NATIVE_INT32, sizeof(int32_t), n);
        rc = *ticks ? 0 : NABIJ_EHDF5;
    }
    H5Fclose(f);
    return rc;
}

typedef struct name_list {
    char **names;
    size_t n, cap;
} name_list;

static herr_t name_visit(hid_t g, const char *name, const H5L_info_t *info, void *vctx)
{
    name_list *l = vctx;
    (void)g;
    (void)info;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        char **nn = sim_realloc(l->names, cap, sizeof *nn);
        if (!nn)
            return -1;
        l->names = nn;
        l->cap = cap;
    }
    if (!(l->names[l->n] = sim_strdup(name)))
        return -1;
    l->n++;
    return 0;
}

int an_h5_snapshot_columns(const char *path, const char *kind, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    char gname[256];
    snprintf(gname, sizeof gname, "snapshots/%s", kind);
    hid_t f = open_ro(path);
    if (f < 0)
        return NABIJ_EIO;
    int rc = NABIJ_EINVAL;
    if (H5Lexists(f, "snapshots", H5P_DEFAULT) > 0 && H5Lexists(f, gname, H5P_DEFAULT) > 0) {
        hid_t g = H5Gopen2(f, gname, H5P_DEFAULT);
        name_list l = {0};
        hsize_t idx = 0;
        if (g >= 0 && H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, &idx, name_visit, &l) >= 0) {
            *names = l.names;
            *n = l.n;
            rc = 0;
        } else {
            an_names_free(l.names, l.n);
            rc = NABIJ_EHDF5;
        }
        if (g >= 0)
            H5Gclose(g);
    }
    H5Fclose(f);
    return rc;
}

void an_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        sim_free(names[i]);
    sim_free(names);
}
