/* sweep_index.c: the index file of a sweep (docs/sweeps.md): one row per manifest run
 * with its id, point, replicate, seed, output path, completion, parameter values and,
 * per indicator of /timeseries, the mean over ticks and the final value. Rows are
 * streamed from the manifest and appended in blocks, so memory does not grow with the
 * number of runs; the file is written as index.h5.part and renamed when complete. */
#include "sweep_index.h"
#include "sweep_exec.h"
#include "h5util.h"
#include "alloc.h"
#include "nabij.h"
#include "runner.h"
#include "scenario.h"
#include <errno.h>
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 1024
#define MAX_IND 512
#define OUT_LEN 256

typedef struct col {
    hid_t ds, mtype;
    size_t size; /* bytes per value */
    char *buf;   /* BLOCK values */
} col;

typedef struct idx {
    hid_t file;
    col id, point, rep, seed, out, done;
    col par[SW_MAX_PARAMS];
    int par_num[SW_MAX_PARAMS];
    size_t n_par;
    col mean[MAX_IND], last[MAX_IND];
    char ind[MAX_IND][64];
    char ind_unit[MAX_IND][64];
    size_t n_ind;
    size_t fill;
    hsize_t rows;
    double *series;
    size_t series_cap;
} idx;

static hid_t ftype_of(hid_t mtype)
{
    if (H5Tequal(mtype, H5T_NATIVE_INT64) > 0)
        return H5Tcopy(H5T_STD_I64LE);
    if (H5Tequal(mtype, H5T_NATIVE_UINT64) > 0)
        return H5Tcopy(H5T_STD_U64LE);
    if (H5Tequal(mtype, H5T_NATIVE_UINT8) > 0)
        return H5Tcopy(H5T_STD_U8LE);
    if (H5Tequal(mtype, H5T_NATIVE_DOUBLE) > 0)
        return H5Tcopy(H5T_IEEE_F64LE);
    return H5Tcopy(mtype);
}

static int col_create(hid_t loc, const char *name, hid_t mtype, size_t size, col *c,
                      const char *unit)
{
    hsize_t dims[1] = {0}, maxd[1] = {H5S_UNLIMITED}, chunk[1] = {BLOCK};
    c->mtype = mtype;
    c->size = size;
    c->buf = sim_calloc(BLOCK, size);
    hid_t sp = H5Screate_simple(1, dims, maxd);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(pl, 1, chunk);
    H5Pset_deflate(pl, 4);
    H5Pset_obj_track_times(pl, 0);
    hid_t ft = ftype_of(mtype);
    c->ds = H5Dcreate2(loc, name, ft, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Tclose(ft);
    H5Pclose(pl);
    H5Sclose(sp);
    int bad = c->ds < 0 || !c->buf;
    if (c->ds >= 0 && unit)
        bad |= sim_h5_attr_text(c->ds, "unit", unit);
    return bad ? -1 : 0;
}

static int col_flush(col *c, hsize_t at, size_t n)
{
    return c->ds <= 0 ? 0 : sim_h5_append_rows(c->ds, c->mtype, at, n, 0, c->buf);
}

static void col_close(col *c)
{
    if (c->ds > 0)
        H5Dclose(c->ds);
    if (c->mtype > 0 && H5Tget_class(c->mtype) == H5T_STRING)
        H5Tclose(c->mtype); /* made by str_type(); the numeric types are predefined */
    sim_free(c->buf);
    memset(c, 0, sizeof *c);
}

static hid_t str_type(size_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, n);
    H5Tset_strpad(t, H5T_STR_NULLTERM);
    return t;
}

static herr_t collect(hid_t g, const char *name, const H5L_info_t *info, void *vctx)
{
    (void)g;
    (void)info;
    idx *x = vctx;
    if (!strcmp(name, "tick") || !strcmp(name, "day") || x->n_ind >= MAX_IND ||
        strlen(name) >= sizeof x->ind[0])
        return 0;
    snprintf(x->ind[x->n_ind++], sizeof x->ind[0], "%s", name);
    return 0;
}

/* Indicator names from the first complete run, in creation order. */
static void find_indicators(idx *x, const char *path)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return;
    hid_t g = H5Gopen2(f, "timeseries", H5P_DEFAULT);
    if (g >= 0) {
        if (H5Literate(g, H5_INDEX_CRT_ORDER, H5_ITER_INC, NULL, collect, x) < 0)
            H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, collect, x);
        for (size_t i = 0; i < x->n_ind; i++) {
            hid_t d = H5Dopen2(g, x->ind[i], H5P_DEFAULT);
            if (d >= 0) {
                sim_h5_attr_text_copy(d, "unit", x->ind_unit[i], sizeof x->ind_unit[i]);
                H5Dclose(d);
            }
        }
        H5Gclose(g);
    }
    H5Fclose(f);
}

static void summarise(idx *x, const char *path, size_t slot)
{
    for (size_t i = 0; i < x->n_ind; i++) {
        ((double *)x->mean[i].buf)[slot] = NAN;
        ((double *)x->last[i].buf)[slot] = NAN;
    }
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0)
        return;
    for (size_t i = 0; i < x->n_ind; i++) {
        char name[96];
        snprintf(name, sizeof name, "timeseries/%s", x->ind[i]);
        if (H5Lexists(f, name, H5P_DEFAULT) <= 0)
            continue;
        hid_t d = H5Dopen2(f, name, H5P_DEFAULT);
        if (d < 0)
            continue;
        hid_t sp = H5Dget_space(d);
        hssize_t n = H5Sget_simple_extent_npoints(sp);
        H5Sclose(sp);
        if (n > 0 && (size_t)n > x->series_cap) {
            double *p = sim_realloc(x->series, (size_t)n, sizeof *p);
            if (p) {
                x->series = p;
                x->series_cap = (size_t)n;
            }
        }
        if (n > 0 && (size_t)n <= x->series_cap &&
            H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x->series) >= 0) {
            double s = 0;
            for (hssize_t k = 0; k < n; k++)
                s += x->series[k];
            ((double *)x->mean[i].buf)[slot] = s / (double)n;
            ((double *)x->last[i].buf)[slot] = x->series[n - 1];
        }
        H5Dclose(d);
    }
    H5Fclose(f);
}

static int flush_all(idx *x)
{
    sim_h5_why_clear(); /* what failed here, not in reading the runs before */
    int bad = 0;
    col *cs[] = {&x->id, &x->point, &x->rep, &x->seed, &x->out, &x->done};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        bad |= col_flush(cs[i], x->rows, x->fill);
    for (size_t i = 0; i < x->n_par; i++)
        bad |= col_flush(&x->par[i], x->rows, x->fill);
    for (size_t i = 0; i < x->n_ind; i++) {
        bad |= col_flush(&x->mean[i], x->rows, x->fill);
        bad |= col_flush(&x->last[i], x->rows, x->fill);
    }
    x->rows += x->fill;
    x->fill = 0;
    return bad;
}

static void close_all(idx *x)
{
    col *cs[] = {&x->id, &x->point, &x->rep, &x->seed, &x->out, &x->done};
    for (size_t i = 0; i < sizeof cs / sizeof cs[0]; i++)
        col_close(cs[i]);
    for (size_t i = 0; i < x->n_par; i++)
        col_close(&x->par[i]);
    for (size_t i = 0; i < x->n_ind; i++) {
        col_close(&x->mean[i]);
        col_close(&x->last[i]);
    }
    sim_free(x->series);
    if (x->file > 0)
        H5Fclose(x->file);
}

static int attr_long(hid_t loc, const char *name, long v)
{
    int64_t x = v;
    return sim_h5_attr_put(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &x);
}

/* Which swept parameters are numbers (stored as float64) rather than text, and their
 * units from the parameter table. */
static void param_kinds(const sw_sweep *sw, int *num, char (*unit)[64])
{
    size_t ns;
    const scn_section *const *secs = nabij_sections(&ns);
    scn_scenario *s = NULL;
    for (size_t i = 0; i < sw->n_params; i++) {
        num[i] = 0;
        snprintf(unit[i], 64, "-");
    }
    if (scn_create(secs, ns, &s))
        return;
    for (size_t i = 0; i < sw->n_params; i++) {
        void *v;
        const scn_param *p = scn_lookup(s, sw->params[i].key, &v);
        num[i] = p && (p->type == SCN_INT || p->type == SCN_REAL);
        if (p && p->unit)
            snprintf(unit[i], 64, "%s", p->unit);
    }
    scn_destroy(s);
}

static int open_index(idx *x, const sw_sweep *sw, const char *part, const char *first_run)
{
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED);
    H5Pset_obj_track_times(fcpl, 0);
    x->file = H5Fcreate(part, H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    H5Pclose(fcpl);
    if (x->file < 0)
        return -1;
    int bad = 0;
    bad |= sim_h5_attr_text(x->file, "sweep", sw->name);
    bad |= sim_h5_attr_text(x->file, "sweep_file", sw->path);
    bad |= sim_h5_attr_text(x->file, "program_version", nabij_version);
    hid_t runs = sim_h5_group(x->file, "runs");
    hid_t pars = sim_h5_group(x->file, "parameters");
    hid_t inds = sim_h5_group(x->file, "indicators");
    bad |= col_create(runs, "id", H5T_NATIVE_INT64, 8, &x->id, NULL);
    bad |= col_create(runs, "point", H5T_NATIVE_INT64, 8, &x->point, NULL);
    bad |= col_create(runs, "replicate", H5T_NATIVE_INT64, 8, &x->rep, NULL);
    bad |= col_create(runs, "seed", H5T_NATIVE_UINT64, 8, &x->seed, NULL);
    bad |= col_create(runs, "output", str_type(OUT_LEN), OUT_LEN, &x->out, NULL);
    bad |= col_create(runs, "complete", H5T_NATIVE_UINT8, 1, &x->done, NULL);
    char units[SW_MAX_PARAMS][64];
    param_kinds(sw, x->par_num, units);
    x->n_par = sw->n_params;
    for (size_t i = 0; i < sw->n_params; i++)
        bad |= x->par_num[i]
                   ? col_create(pars, sw->params[i].key, H5T_NATIVE_DOUBLE, 8, &x->par[i],
                                units[i])
                   : col_create(pars, sw->params[i].key, str_type(SW_TEXT_MAX), SW_TEXT_MAX,
                                &x->par[i], units[i]);
    if (first_run)
        find_indicators(x, first_run);
    for (size_t i = 0; i < x->n_ind; i++) {
        hid_t g = sim_h5_group(inds, x->ind[i]);
        bad |= g < 0;
        if (g < 0)
            continue;
        bad |= col_create(g, "mean", H5T_NATIVE_DOUBLE, 8, &x->mean[i], x->ind_unit[i]);
        bad |= col_create(g, "final", H5T_NATIVE_DOUBLE, 8, &x->last[i], x->ind_unit[i]);
        H5Gclose(g);
    }
    H5Gclose(runs);
    H5Gclose(pars);
    H5Gclose(inds);
    return bad ? -1 : 0;
}

typedef struct first_ctx {
    const sw_sweep *sw;
    char *out;
    size_t n;
} first_ctx;

static int found_complete(void *vctx, const sw_row *row)
{
    first_ctx *x = vctx;
    if (!sw_run_complete(x->sw, row))
        return 0;
    sw_run_path(x->sw, row, x->out, x->n);
    return 1;
}

/* The first complete run of the manifest, for the list of indicators: 1 with its path in
 * "out", 0 when there is none, or a negative NABIJ_E*. */
static int first_complete(const sw_sweep *sw, const char *man, char *out, size_t n,
                          char *err, size_t errlen)
{
    first_ctx x = {sw, out, n};
    return sw_manifest_each(man, found_complete, &x, err, errlen);
}

int sw_index_write(const sw_sweep *sw, long *n_complete, char *err, size_t errlen)
{
    char man[SW_PATH_MAX + 32], path[SW_PATH_MAX + 16], part[SW_PATH_MAX + 24];
    char first[SW_PATH_MAX + 300];
    sw_manifest_path(sw, man, sizeof man);
    snprintf(path, sizeof path, "%s/index.h5", sw->output);
    snprintf(part, sizeof part, "%s.part", path);
    *n_complete = 0;
    int found = first_complete(sw, man, first, sizeof first, err, errlen);
    if (found < 0)
        return found;
    sim_h5_errors_quiet();
    idx *x = sim_calloc(1, sizeof *x);
    sw_row *row = sim_calloc(1, sizeof *row);
    if (!x || !row) {
        sim_free(x);
        sim_free(row);
        return NABIJ_ENOMEM;
    }
    sw_reader r;
    int rc = sw_reader_open(&r, man, err, errlen);
    if (rc) {
        sim_free(x);
        sim_free(row);
        return rc;
    }
    errno = 0;
    if (open_index(x, sw, part, found ? first : NULL)) {
        snprintf(err, errlen, "cannot create %s%s%s", part, errno ? ": " : "", errno ? strerror(errno) : "");
        rc = NABIJ_EHDF5;
    }
    long total = 0;
    while (!rc && (rc = sw_reader_next(&r, row, err, errlen)) == 1) {
        rc = 0;
        size_t k = x->fill;
        ((int64_t *)x->id.buf)[k] = row->id;
        ((int64_t *)x->point.buf)[k] = row->point;
        ((int64_t *)x->rep.buf)[k] = row->replicate;
        ((uint64_t *)x->seed.buf)[k] = row->seed;
        memset(x->out.buf + k * OUT_LEN, 0, OUT_LEN);
        snprintf(x->out.buf + k * OUT_LEN, OUT_LEN, "%s", row->output);
        for (size_t i = 0; i < x->n_par && i < row->n_sets; i++) {
            const char *v = strchr(row->sets[i], '=') + 1;
            if (x->par_num[i]) {
                ((double *)x->par[i].buf)[k] = strtod(v, NULL);
            } else {
                memset(x->par[i].buf + k * SW_TEXT_MAX, 0, SW_TEXT_MAX);
                snprintf(x->par[i].buf + k * SW_TEXT_MAX, SW_TEXT_MAX, "%s", v);
            }
        }
        int done = sw_run_complete(sw, row);
        ((uint8_t *)x->done.buf)[k] = (uint8_t)done;
        for (size_t i = 0; i < x->n_ind; i++) {
            ((double *)x->mean[i].buf)[k] = NAN;
            ((double *)x->last[i].buf)[k] = NAN;
        }
        if (done) {
            char p[SW_PATH_MAX + 300];
            sw_run_path(sw, row, p, sizeof p);
            summarise(x, p, k);
            (*n_complete)++;
        }
        total++;
        if (++x->fill == BLOCK && flush_all(x)) {
            snprintf(err, errlen, "writing %s failed: %s", part, sim_h5_why());
            rc = NABIJ_EHDF5;
        }
    }
    if (!rc && flush_all(x)) {
        snprintf(err, errlen, "writing %s failed: %s", part, sim_h5_why());
        rc = NABIJ_EHDF5;
    }
    if (!rc && (attr_long(x->file, "runs", total) || attr_long(x->file, "complete", *n_complete))) {
        snprintf(err, errlen, "writing %s failed: %s", part, sim_h5_why());
        rc = NABIJ_EHDF5;
    }
    sw_reader_close(&r);
    close_all(x);
    sim_free(x);
    sim_free(row);
    if (rc) {
        unlink(part);
        return rc;
    }
    if (rename(part, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", part, path, strerror(errno));
        unlink(part);
        return NABIJ_EIO;
    }
    return 0;
}
