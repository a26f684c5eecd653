/* h5out.c: HDF5 writer. All objects are created up front (SWMR forbids creating objects
 * later), datasets are chunked (and compressed, except the timeseries, which are flushed
 * every tick), times are not tracked in object headers, so
 * that the same run writes the same bytes. The only wall-clock value is the root attribute
 * created_utc, which SOURCE_DATE_EPOCH pins for byte-for-byte comparisons. */
#define _GNU_SOURCE /* F_OFD_SETLK */
#include "h5out.h"
#include "h5util.h"
#include "model.h"
#include "alloc.h"
#include "nabij.h"
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_version.h>
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define TS_CHUNK 256
/* events per chunk: the partly filled last chunk is compressed again at every flush (every
 * tick), so it is kept small */
#define EV_CHUNK 1024
#define DEFLATE_LEVEL 4

typedef struct snapcol {
    hid_t ds;
    const sim_column *col;
    hsize_t width; /* capacity of the column's kind */
} snapcol;

struct h5o_file {
    hid_t file;
    char *path, *part;
    int lock_fd; /* holds the lock of lock_part on the .part until it is renamed (-1: none) */
    hid_t *ts;       /* one per indicator */
    size_t n_ts;
    hid_t ts_tick, ts_day;
    hid_t ev, ev_type, levers, lever_type, status;
    hid_t snap_tick;
    snapcol *snap;
    size_t n_snap;
    hsize_t rows, ev_rows, snaps, lever_rows;
    int snapshot_every;
    char created[64];
    /* the XXH3 hash of each time series so far (tick, day, then the indicators), stored as
     * the attribute "xxh3_64" (SIM_H5_SUM_ATTR) of its dataset when the file is complete */
    XXH3_state_t **sum;
};

static int write_string_dataset(hid_t loc, const char *name, const char *text, size_t width)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, width ? width : strlen(text) + 1);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_obj_track_times(pl, 0);
    hid_t d = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Pclose(pl);
    herr_t e = -1;
    if (d >= 0) {
        char *buf = sim_calloc(width ? width : strlen(text) + 1, 1);
        if (buf) {
            memcpy(buf, text, strlen(text) + 1 <= (width ? width : strlen(text) + 1) ? strlen(text) : width - 1);
            e = H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
            /* an immutable text (the scenario) gets its checksum; /status changes */
            if (e >= 0 && !width && sim_h5_sum_put(d, buf, strlen(text) + 1))
                e = -1;
            sim_free(buf);
        }
        H5Dclose(d);
    }
    H5Sclose(sp);
    H5Tclose(t);
    return e < 0 ? -1 : 0;
}

/* An extendible chunked dataset of rank 1 or 2 (second dimension fixed), compressed when
 * "squeeze" is set (the Adler-32 of a chunk's zlib stream, which inflate checks, is then its
 * checksum). The time series are not compressed and have no checksum filter: a filter's
 * checksum covers the whole chunk, which is rewritten at every flush, so a reader following
 * the run, or a run killed while writing a chunk, could find a chunk whose checksum no longer
 * fits (a killed run's checkpoint could not be resumed). Their attribute "xxh3_64" holds the
 * XXH3 hash of their values once the file is complete (h5o_finish), 0 before. */
static hid_t create_ext(hid_t loc, const char *name, hid_t ftype, int rank, hsize_t width,
                        hsize_t chunk_rows, int squeeze)
{
    hsize_t dims[2] = {0, width}, maxd[2] = {H5S_UNLIMITED, width};
    hsize_t chunk[2] = {chunk_rows, width};
    if (rank == 2 && width * chunk_rows > (1u << 20) / 4) {
        chunk[0] = 1; /* one snapshot per chunk for large tables */
        if (width > (1u << 20))
            chunk[1] = 1u << 20;
    }
    if (rank == 2 && width == 0)
        chunk[1] = 1;
    hid_t sp = H5Screate_simple(rank, dims, maxd);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(pl, rank, chunk);
    if (squeeze) {
        H5Pset_shuffle(pl);
        H5Pset_deflate(pl, DEFLATE_LEVEL);
    }
    H5Pset_obj_track_times(pl, 0);
    hid_t d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Pclose(pl);
    H5Sclose(sp);
    return d;
}

/* One row of the time series: tick, day and every indicator. */
static int put_row(h5o_file *f, int32_t tick, int32_t day, const double *vals)
{
    int bad = 0;
    /* the bytes as stored: the file types are the little-endian native ones */
    XXH3_64bits_update(f->sum[0], &tick, sizeof tick);
    XXH3_64bits_update(f->sum[1], &day, sizeof day);
    for (size_t i = 0; i < f->n_ts; i++)
        XXH3_64bits_update(f->sum[2 + i], &vals[i], sizeof vals[i]);
    bad |= sim_h5_append_rows(f->ts_tick, H5T_NATIVE_INT32, f->rows, 1, 0, &tick);
    bad |= sim_h5_append_rows(f->ts_day, H5T_NATIVE_INT32, f->rows, 1, 0, &day);
    for (size_t i = 0; i < f->n_ts; i++)
        bad |= sim_h5_append_rows(f->ts[i], H5T_NATIVE_DOUBLE, f->rows, 1, 0, &vals[i]);
    f->rows++;
    return bad;
}

static int put_events(h5o_file *f, const sim_event *ev, size_t n)
{
    if (sim_h5_append_rows(f->ev, f->ev_type, f->ev_rows, n, 0, ev))
        return -1;
    f->ev_rows += n;
    return 0;
}

static int put_levers(h5o_file *f, const sim_lever *lv, size_t n)
{
    if (sim_h5_append_rows(f->levers, f->lever_type, f->lever_rows, n, 0, lv))
        return -1;
    f->lever_rows += n;
    return 0;
}

static int write_events(h5o_file *f, const sim_world *w)
{
    size_t n;
    const sim_event *ev = sim_world_events(w, &n);
    if (put_events(f, ev, n))
        return -1;
    size_t nl;
    const sim_lever *lv = sim_world_levers(w, &nl);
    if (nl > f->lever_rows && put_levers(f, lv + f->lever_rows, nl - f->lever_rows))
        return -1;
    return 0;
}

/* One snapshot row: "data[i]" is the row of snapshot column i (capacity elements). */
static int put_snapshot(h5o_file *f, int32_t t, const void *const *data)
{
    if (sim_h5_append_rows(f->snap_tick, H5T_NATIVE_INT32, f->snaps, 1, 0, &t))
        return -1;
    for (size_t i = 0; i < f->n_snap; i++) {
        const sim_column *c = f->snap[i].col;
        if (sim_h5_append_rows(f->snap[i].ds, sim_h5_native(c->type), f->snaps, 1,
                               f->snap[i].width, data[i]))
            return -1;
    }
    f->snaps++;
    return 0;
}

static int write_snapshot(h5o_file *f, const sim_world *w)
{
    const void **data = sim_calloc(f->n_snap + 1, sizeof *data);
    if (!data)
        return -1;
    for (size_t i = 0; i < f->n_snap; i++)
        data[i] = f->snap[i].col->data;
    int rc = put_snapshot(f, (int32_t)sim_tick(w), data);
    sim_free(data);
    return rc;
}

static void free_file(h5o_file *f)
{
    if (f->lock_fd >= 0)
        close(f->lock_fd);
    for (size_t i = 0; f->sum && i < f->n_ts + 2; i++)
        XXH3_freeState(f->sum[i]);
    sim_free(f->sum);
    sim_free(f->ts);
    sim_free(f->snap);
    sim_free(f->path);
    sim_free(f->part);
    sim_free(f);
}

static void close_handles(h5o_file *f)
{
    for (size_t i = 0; i < f->n_ts; i++)
        if (f->ts[i] > 0)
            H5Dclose(f->ts[i]);
    for (size_t i = 0; i < f->n_snap; i++)
        if (f->snap[i].ds > 0)
            H5Dclose(f->snap[i].ds);
    hid_t ds[] = {f->ts_tick, f->ts_day, f->ev, f->levers, f->status, f->snap_tick};
    for (size_t i = 0; i < sizeof ds / sizeof ds[0]; i++)
        if (ds[i] > 0)
            H5Dclose(ds[i]);
    if (f->ev_type > 0)
        H5Tclose(f->ev_type);
    if (f->lever_type > 0)
        H5Tclose(f->lever_type);
    if (f->file > 0)
        H5Fclose(f->file);
    f->file = 0;
}

const char *h5o_part_path(const h5o_file *f) { return f->part; }

static hid_t make_event_type(const sim_world *w, hid_t *enum_out)
{
    hid_t en = H5Tenum_create(H5T_NATIVE_UINT16);
    for (size_t i = 0; i < sim_event_kind_count(w); i++) {
        uint16_t v = (uint16_t)i;
        H5Tenum_insert(en, sim_event_kind_name(w, i, NULL, NULL), &v);
    }
    *enum_out = en;
    return sim_h5_event_type(en);
}

/* The event-kind table: name, story template, counterpart names. */
static int write_event_kinds(hid_t file, const sim_world *w)
{
    size_t n = sim_event_kind_count(w);
    sim_h5_kind_row *rows = sim_calloc(n, sizeof *rows);
    if (!rows)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const char *story, *cp;
        const char *name = sim_event_kind_name(w, i, &story, &cp);
        snprintf(rows[i].name, sizeof rows[i].name, "%s", name);
        snprintf(rows[i].story, sizeof rows[i].story, "%s", story ? story : "");
        snprintf(rows[i].counterparts, sizeof rows[i].counterparts, "%s", cp ? cp : "");
    }
    hid_t t = sim_h5_kind_type(H5T_CSET_ASCII);
    hsize_t dims[1] = {n};
    hid_t sp = H5Screate_simple(1, dims, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_obj_track_times(pl, 0);
    hid_t d = H5Dcreate2(file, "event_kinds", t, sp, H5P_DEFAULT, pl, H5P_DEFAULT);
    herr_t e = d < 0 ? -1 : H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows);
    /* written in its file type: the rows' bytes are what the file holds */
    if (e >= 0 && H5Tget_size(t) == sizeof *rows && sim_h5_sum_put(d, rows, n * sizeof *rows))
        e = -1;
    if (d >= 0)
        H5Dclose(d);
    H5Pclose(pl);
    H5Sclose(sp);
    H5Tclose(t);
    sim_free(rows);
    return e < 0 ? -1 : 0;
}

static void utc_now(char out[32])
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- replay of a partial file (resume from a checkpoint) -------------------------- */

/* Read rows [a, b) of "name" in "src" (the dataset is opened by name). */
static int read_named(hid_t src, const char *name, hid_t mt, hsize_t a, hsize_t b,
                      hsize_t width, void *buf)
{
    if (b <= a)
        return 0;
    hid_t d = H5Dopen2(src, name, H5P_DEFAULT);
    if (d < 0)
        return -1;
    int rc = sim_h5_read_rows(d, mt, a, b - a, width, buf);
    H5Dclose(d);
    return rc;
}

/* Events rows [a, b) and lever rows [la, lb) of "src", appended to "f". */
static int replay_events(h5o_file *f, hid_t src, uint64_t a, uint64_t b, uint64_t la,
                         uint64_t lb)
{
    int bad = 0;
    if (b > a) {
        sim_event *ev = sim_calloc(b - a, sizeof *ev);
        bad |= !ev || read_named(src, "events", f->ev_type, a, b, 0, ev) ||
               put_events(f, ev, b - a);
        sim_free(ev);
    }
    if (lb > la) {
        sim_lever *lv = sim_calloc(lb - la, sizeof *lv);
        bad |= !lv || read_named(src, "levers", f->lever_type, la, lb, 0, lv) ||
               put_levers(f, lv, lb - la);
        sim_free(lv);
    }
    return bad;
}

/* Snapshot row "r" of "src", appended to "f" in the same order of calls as put_snapshot. */
static int replay_snapshot(h5o_file *f, hid_t src, hsize_t r)
{
    int32_t t;
    if (read_named(src, "snapshots/tick", H5T_NATIVE_INT32, r, r + 1, 0, &t) ||
        sim_h5_append_rows(f->snap_tick, H5T_NATIVE_INT32, f->snaps, 1, 0, &t))
        return -1;
    int bad = 0;
    for (size_t i = 0; i < f->n_snap && !bad; i++) {
        const sim_column *c = f->snap[i].col;
        char name[256];
        snprintf(name, sizeof name, "snapshots/%s/%s", sim_kind_name(c->kind), c->name);
        void *buf = sim_calloc(f->snap[i].width ? f->snap[i].width : 1, sim_dtype_size(c->type));
        hid_t mt = sim_h5_native(c->type);
        bad |= !buf || read_named(src, name, mt, r, r + 1, f->snap[i].width, buf) ||
               sim_h5_append_rows(f->snap[i].ds, mt, f->snaps, 1, f->snap[i].width, buf);
        sim_free(buf);
    }
    f->snaps++;
    return bad;
}

/* Ticks from+1 .. to of "src", each written as h5o_write_tick would have written it. */
static int replay_ticks(h5o_file *f, hid_t src, const h5o_replay *r)
{
    uint32_t n = r->to_tick - r->from_tick;
    double *vals = sim_calloc(((size_t)f->n_ts + 1) * (n ? n : 1), sizeof *vals);
    int32_t *tick = sim_calloc(n ? n : 1, sizeof *tick), *day = sim_calloc(n ? n : 1, sizeof *day);
    int bad = !vals || !tick || !day;
    bad = bad || read_named(src, "timeseries/tick", H5T_NATIVE_INT32, 0, n, 0, tick) ||
          read_named(src, "timeseries/day", H5T_NATIVE_INT32, 0, n, 0, day);
    for (size_t i = 0; i < f->n_ts && !bad; i++) {
        char name[256];
        ssize_t len = H5Iget_name(f->ts[i], name, sizeof name);
        bad |= len <= 0 || (size_t)len >= sizeof name ||
               read_named(src, name, H5T_NATIVE_DOUBLE, 0, n, 0, vals + i * (size_t)n);
    }
    double *row = bad ? NULL : sim_calloc(f->n_ts + 1, sizeof *row);
    bad |= !row;
    hsize_t snap_row = 1;
    for (uint32_t k = 1; k <= n && !bad; k++) {
        for (size_t i = 0; i < f->n_ts; i++)
            row[i] = vals[i * (size_t)n + (k - 1)];
        bad |= put_row(f, tick[k - 1], day[k - 1], row);
        bad |= replay_events(f, src, r->ev_rows[k - 1], r->ev_rows[k], r->lever_rows[k - 1],
                             r->lever_rows[k]);
        if (f->snapshot_every > 0 && (r->from_tick + k) % (uint32_t)f->snapshot_every == 0)
            bad |= replay_snapshot(f, src, snap_row++);
        bad |= H5Fflush(f->file, H5F_SCOPE_GLOBAL) < 0;
    }
    sim_free(row);
    sim_free(vals);
    sim_free(tick);
    sim_free(day);
    return bad;
}

static hid_t open_source(const char *path)
{
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    hid_t src = H5Fopen(path, H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, fapl);
    if (src < 0)
        src = H5Fopen(path, H5F_ACC_RDONLY, fapl);
    H5Pclose(fapl);
    return src;
}

/* The count of kind "k" in the initial state of partial file "src" (its /static group). */
static int static_count(hid_t src, sim_kind k, uint32_t *cnt)
{
    char name[64];
    snprintf(name, sizeof name, "static/%s", sim_kind_name(k));
    hid_t g = H5Gopen2(src, name, H5P_DEFAULT);
    int bad = g < 0 || sim_h5_attr_get(g, "count", H5T_NATIVE_UINT32, cnt) != 0;
    if (g >= 0)
        H5Gclose(g);
    return bad;
}

/* Static column "c" (of "cap" rows) as partial file "src" holds it, in a buffer the caller
 * frees (*own); NULL if the file has no such column of that size. */
static const void *static_data(hid_t src, const sim_column *c, uint32_t cap, void **own)
{
    char name[512];
    snprintf(name, sizeof name, "static/%s/%s", sim_kind_name(c->kind), c->name);
    size_t es = sim_dtype_size(c->type);
    hid_t d = H5Dopen2(src, name, H5P_DEFAULT);
    hid_t sp = d < 0 ? -1 : H5Dget_space(d);
    hsize_t dims[1] = {0};
    *own = sim_calloc(cap ? cap : 1, es);
    int ok = *own && sp >= 0 && H5Sget_simple_extent_ndims(sp) == 1 &&
             H5Sget_simple_extent_dims(sp, dims, NULL) == 1 && dims[0] == cap &&
             H5Dread(d, sim_h5_native(c->type), H5S_ALL, H5S_ALL, H5P_DEFAULT, *own) >= 0;
    if (sp >= 0)
        H5Sclose(sp);
    if (d >= 0)
        H5Dclose(d);
    return ok ? *own : NULL;
}

int h5o_partial_ticks(const char *path, const char *scenario_text, uint32_t *rows)
{
    sim_h5_errors_quiet();
    if (access(path, R_OK) != 0)
        return NABIJ_EIO;
    hid_t src = open_source(path);
    if (src < 0)
        return NABIJ_EIO;
    int rc = NABIJ_EINVAL;
    hid_t d = H5Dopen2(src, "scenario", H5P_DEFAULT);
    hid_t t = d < 0 ? -1 : H5Dget_type(d);
    size_t n = t < 0 ? 0 : H5Tget_size(t);
    char *buf = n ? sim_calloc(n + 1, 1) : NULL;
    if (buf && H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) >= 0 &&
        strcmp(buf, scenario_text) == 0) {
        hid_t ts = H5Dopen2(src, "timeseries/tick", H5P_DEFAULT);
        hid_t sp = ts < 0 ? -1 : H5Dget_space(ts);
        hsize_t dims[1];
        if (sp >= 0 && H5Sget_simple_extent_dims(sp, dims, NULL) == 1) {
            *rows = (uint32_t)dims[0];
            rc = 0;
        }
        if (sp >= 0)
            H5Sclose(sp);
        if (ts >= 0)
            H5Dclose(ts);
    }
    sim_free(buf);
    if (t >= 0)
        H5Tclose(t);
    if (d >= 0)
        H5Dclose(d);
    H5Fclose(src);
    return rc;
}

/* Lock "path" (the .part about to be written) against a second writer, before HDF5 truncates
 * it: a run started twice with the same output (by hand, or a Slurm task requeued while it
 * still runs) would otherwise write into the first one's file, since HDF5 drops its own lock
 * (flock) once the file is in SWMR mode. An open-file-description lock (Linux F_OFD_SETLK):
 * apart from flock, so HDF5's lock is not in its way, and, unlike a classic fcntl lock, not
 * lost when HDF5 closes a descriptor of its own on the file (tried: the second run then
 * wrote along). It ends when "fd" is closed or the process dies. Returns the descriptor
 * holding it, -1 where the system or file system has no such locks (written unlocked), or
 * -2 if another process holds it. */
static int lock_part(const char *path)
{
#ifdef F_OFD_SETLK
    int fd = open(path, O_RDWR | O_CLOEXEC | O_CREAT, 0644);
    if (fd < 0)
        return -1;
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0};
    if (fcntl(fd, F_OFD_SETLK, &l) == 0)
        return fd;
    int held = errno == EACCES || errno == EAGAIN;
    close(fd);
    return held ? -2 : -1;
#else
    (void)path;
    return -1;
#endif
}

int h5o_part_busy(const char *path)
{
#ifdef F_OFD_GETLK
    /* read-only is enough to ask (verify may only be allowed to read) */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    struct flock l = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0, .l_pid = 0};
    int busy = fcntl(fd, F_OFD_GETLK, &l) == 0 && l.l_type != F_UNLCK;
    close(fd);
    return busy;
#else
    (void)path;
    return 0;
#endif
}

int h5o_create(const char *path, int force, const sim_world *w, const h5o_meta *m,
               h5o_file **out, char *err, size_t errlen)
{
    *out = NULL;
    if (!force && access(path, F_OK) == 0) {
        snprintf(err, errlen, "%s exists; use --force to replace it", path);
        return NABIJ_EEXIST;
    }
    h5o_file *f = sim_calloc(1, sizeof *f);
    if (!f)
        return NABIJ_ENOMEM;
    f->lock_fd = -1;
    f->path = sim_strdup(path);
    f->part = sim_calloc(strlen(path) + 8, 1);
    f->ts = sim_calloc(sim_ind_count(w) + 1, sizeof *f->ts);
    f->snap = sim_calloc(sim_col_count(w) + 1, sizeof *f->snap);
    f->n_ts = sim_ind_count(w);
    int nosum = !(f->sum = sim_calloc(f->n_ts + 2, sizeof *f->sum));
    for (size_t i = 0; !nosum && i < f->n_ts + 2; i++)
        nosum = !(f->sum[i] = XXH3_createState()) || XXH3_64bits_reset(f->sum[i]) == XXH_ERROR;
    if (!f->path || !f->part || !f->ts || !f->snap || nosum) {
        free_file(f);
        return NABIJ_ENOMEM;
    }
    sprintf(f->part, "%s.part", path);
    f->snapshot_every = m->snapshot_every;
    /* a .part with something in it is an interrupted run's (replaced only with --force, see
     * check_stale_part): if a reader keeps this run from creating its file, that one stays */
    struct stat pst;
    int had_part = stat(f->part, &pst) == 0 && pst.st_size > 0;
    if ((f->lock_fd = lock_part(f->part)) == -2) {
        snprintf(err, errlen, "cannot write %s: another process is writing it (the same output given to two "
                              "runs at once?)", f->part);
        free_file(f);
        return NABIJ_EEXIST;
    }
    sim_h5_why_clear(); /* and HDF5 quiet */

    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED);
    H5Pset_obj_track_times(fcpl, 0); /* the root group too */
    /* HDF5 takes a lock of its own (flock) while it creates the file. A reader that opens the
     * .part at that moment (`nabij view --follow` polls for it, and finds the empty file
     * lock_part made) holds a shared one for the few milliseconds its attempt takes: wait for
     * it, up to 5 s, instead of failing the run. No other writer can hold it (lock_part). */
    int busy = 0;
    f->file = H5I_INVALID_HID;
    for (int attempt = 0; attempt < 100; attempt++) {
        /* ask first, on the lock's own descriptor: H5Fcreate truncates the file before it
         * finds the reader's lock, and the .part may be an interrupted run's (--force) */
        busy = f->lock_fd >= 0 && flock(f->lock_fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
        if (!busy) {
            if (f->lock_fd >= 0)
                flock(f->lock_fd, LOCK_UN);
            errno = 0;
            f->file = H5Fcreate(f->part, H5F_ACC_TRUNC, fcpl, fapl);
            busy = f->file < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        }
        if (!busy || attempt == 99)
            break;
        nanosleep(&(struct timespec){0, 50 * 1000 * 1000}, NULL);
    }
    H5Pclose(fapl);
    H5Pclose(fcpl);
    if (f->file < 0) {
        if (busy)
            snprintf(err, errlen, "cannot create %s: another process holds it open (a viewer showing an "
                                  "earlier run's file?); close it and start again", f->part);
        else
            snprintf(err, errlen, "cannot create %s: %s", f->part, errno ? strerror(errno) : "the HDF5 library refused");
        if (f->lock_fd >= 0 && !had_part) /* ours (locked): the empty file the lock made goes too */
            unlink(f->part);
        free_file(f);
        return NABIJ_EIO;
    }
    int bad = 0;
    char buf[64];
    unsigned maj, min, rel;
    int32_t schema = NABIJ_SCHEMA_VERSION, threads = m->threads;
    int32_t dpt = sim_days_per_tick(w), ticks = m->replay ? m->ticks_planned : (int32_t)sim_world_ticks(w);
    int32_t snap_every = m->snapshot_every;
    H5get_libversion(&maj, &min, &rel);
    bad |= sim_h5_attr_put(f->file, "schema_version", H5T_STD_I32LE, H5T_NATIVE_INT32, &schema);
    bad |= sim_h5_attr_text(f->file, "program", "nabij");
    bad |= sim_h5_attr_text(f->file, "program_version", nabij_version);
    bad |= sim_h5_attr_text(f->file, "git_hash", nabij_git_hash);
    bad |= sim_h5_attr_put(f->file, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &m->seed);
    bad |= sim_h5_attr_text(f->file, "scenario_name", m->scenario_name);
    bad |= sim_h5_attr_put(f->file, "threads", H5T_STD_I32LE, H5T_NATIVE_INT32, &threads);
    snprintf(buf, sizeof buf, "%u.%u.%u", maj, min, rel);
    bad |= sim_h5_attr_text(f->file, "hdf5_version", buf);
    bad |= sim_h5_attr_text(f->file, "gsl_version", GSL_VERSION);
    if (m->created_utc && *m->created_utc)
        snprintf(buf, sizeof buf, "%s", m->created_utc);
    else
        utc_now(buf);
    bad |= sim_h5_attr_text(f->file, "created_utc", buf);
    snprintf(f->created, sizeof f->created, "%s", buf);
    bad |= sim_h5_attr_put(f->file, "days_per_tick", H5T_STD_I32LE, H5T_NATIVE_INT32, &dpt);
    bad |= sim_h5_attr_put(f->file, "ticks_planned", H5T_STD_I32LE, H5T_NATIVE_INT32, &ticks);
    int32_t start = m->replay ? m->start_day : sim_day(w);
    bad |= sim_h5_attr_put(f->file, "start_day", H5T_STD_I32LE, H5T_NATIVE_INT32, &start);
    bad |= sim_h5_attr_put(f->file, "snapshot_every", H5T_STD_I32LE, H5T_NATIVE_INT32, &snap_every);
    bad |= sim_h5_attr_text(f->file, "parent", m->parent ? m->parent : "");
    int32_t ptick = m->parent && *m->parent ? m->parent_tick : -1;
    bad |= sim_h5_attr_put(f->file, "parent_tick", H5T_STD_I32LE, H5T_NATIVE_INT32, &ptick);
    bad |= sim_h5_attr_text(f->file, "command", m->command ? m->command : "");
    bad |= write_string_dataset(f->file, "scenario", m->scenario_text, 0);
    bad |= write_string_dataset(f->file, "status", "partial", 16);
    f->status = H5Dopen2(f->file, "status", H5P_DEFAULT);

    /* time series */
    hid_t g = sim_h5_group(f->file, "timeseries");
    f->ts_tick = create_ext(g, "tick", H5T_STD_I32LE, 1, 0, TS_CHUNK, 0);
    f->ts_day = create_ext(g, "day", H5T_STD_I32LE, 1, 0, TS_CHUNK, 0);
    bad |= sim_h5_attr_text(f->ts_day, "unit", "days since 1970-01-01");
    bad |= sim_h5_attr_text(f->ts_tick, "unit", "ticks");
    const uint64_t unsummed = 0; /* the hash, written when the file is complete */
    bad |= sim_h5_attr_put(f->ts_tick, SIM_H5_SUM_ATTR, H5T_STD_U64LE, H5T_NATIVE_UINT64, &unsummed);
    bad |= sim_h5_attr_put(f->ts_day, SIM_H5_SUM_ATTR, H5T_STD_U64LE, H5T_NATIVE_UINT64, &unsummed);
    for (size_t i = 0; i < f->n_ts; i++) {
        const char *unit, *doc;
        const char *name = sim_ind_name(w, i, &unit, &doc);
        f->ts[i] = create_ext(g, name, H5T_IEEE_F64LE, 1, 0, TS_CHUNK, 0);
        bad |= f->ts[i] < 0;
        if (f->ts[i] >= 0) {
            bad |= sim_h5_attr_text(f->ts[i], "unit", unit ? unit : "");
            bad |= sim_h5_attr_text(f->ts[i], "description", doc ? doc : "");
            bad |= sim_h5_attr_put(f->ts[i], SIM_H5_SUM_ATTR, H5T_STD_U64LE, H5T_NATIVE_UINT64, &unsummed);
        }
    }
    H5Gclose(g);

    /* events and levers */
    hid_t en;
    f->ev_type = make_event_type(w, &en);
    f->ev = create_ext(f->file, "events", f->ev_type, 1, 0, EV_CHUNK, 1);
    H5Tclose(en);
    bad |= write_event_kinds(f->file, w);
    f->lever_type = sim_h5_lever_type();
    f->levers = create_ext(f->file, "levers", f->lever_type, 1, 0, 64, 1);

    /* on a resume, the initial state comes from the partial file, not from the world: the
     * world is rebuilt only to be overwritten by the checkpoint */
    const h5o_replay *r = m->replay;
    hid_t src = -1;
    if (r && (src = open_source(r->source)) < 0) {
        snprintf(err, errlen, "cannot read the partial output %s", r->source);
        h5o_abort(f);
        return NABIJ_EIO;
    }

    /* static columns and snapshot tables */
    hid_t st = sim_h5_group(f->file, "static"), sn = sim_h5_group(f->file, "snapshots");
    f->snap_tick = create_ext(sn, "tick", H5T_STD_I32LE, 1, 0, 64, 1);
    for (int k = 0; k < SIM_N_KINDS; k++) {
        hid_t gs = -1, gn = -1;
        for (size_t i = 0; i < sim_col_count(w); i++) {
            const sim_column *c = sim_col_at(w, i);
            if ((int)c->kind != k || !(c->flags & (SIM_COL_STATIC | SIM_COL_SNAPSHOT)))
                continue;
            uint32_t cap = sim_world_capacity(w, c->kind), cnt = sim_world_count(w, c->kind);
            /* a column with both flags goes to both places (the household map: its static
             * x, y for readers of the initial state, its snapshots for households formed
             * during the run) */
            if (c->flags & SIM_COL_STATIC) {
                if (gs < 0) {
                    gs = sim_h5_group(st, sim_kind_name(c->kind));
                    bad |= src >= 0 && static_count(src, c->kind, &cnt);
                    bad |= sim_h5_attr_put(gs, "count", H5T_STD_U32LE, H5T_NATIVE_UINT32, &cnt);
                }
                hsize_t dims[1] = {cap};
                hid_t sp = H5Screate_simple(1, dims, NULL);
                hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
                H5Pset_obj_track_times(pl, 0);
                hid_t d = H5Dcreate2(gs, c->name, sim_h5_file_type(c->type), sp, H5P_DEFAULT, pl,
                                     H5P_DEFAULT);
                void *own = NULL;
                const void *data = src >= 0 ? static_data(src, c, cap, &own) : c->data;
                bad |= d < 0 || !data ||
                       H5Dwrite(d, sim_h5_native(c->type), H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                /* the file's little-endian bytes are the memory's: their checksum */
                bad |= d >= 0 && data && sim_h5_sum_put(d, data, (size_t)cap * sim_dtype_size(c->type));
#endif
                sim_free(own);
                bad |= sim_h5_column_attrs(d, c);
                if (d >= 0)
                    H5Dclose(d);
                H5Pclose(pl);
                H5Sclose(sp);
            }
            if ((c->flags & SIM_COL_SNAPSHOT) && m->snapshot_every > 0) {
                if (gn < 0)
                    gn = sim_h5_group(sn, sim_kind_name(c->kind));
                hid_t d = create_ext(gn, c->name, sim_h5_file_type(c->type), 2, cap, 1, 1);
                bad |= d < 0 || sim_h5_column_attrs(d, c);
                f->snap[f->n_snap++] = (snapcol){d, c, cap};
            }
        }
        if (gs >= 0)
            H5Gclose(gs);
        if (gn >= 0)
            H5Gclose(gn);
    }
    H5Gclose(st);
    H5Gclose(sn);
    if (r) {
        bad |= replay_events(f, src, 0, r->ev_rows[0], 0, r->lever_rows[0]);
        if (m->snapshot_every > 0)
            bad |= replay_snapshot(f, src, 0);
    } else {
        bad |= write_events(f, w);
        if (m->snapshot_every > 0)
            bad |= write_snapshot(f, w);
    }
    if (bad || H5Fstart_swmr_write(f->file) < 0) {
        snprintf(err, errlen, "cannot write %s%s%s: %s", f->part, r ? " from " : "", r ? r->source : "",
                 sim_h5_why());
        if (src >= 0)
            H5Fclose(src);
        h5o_abort(f);
        return NABIJ_EHDF5;
    }
    H5Fflush(f->file, H5F_SCOPE_GLOBAL);
    if (r) {
        bad = replay_ticks(f, src, r);
        H5Fclose(src);
        if (bad) {
            snprintf(err, errlen, "%s does not hold ticks %u to %u of this run", r->source,
                     r->from_tick + 1, r->to_tick);
            h5o_abort(f);
            return NABIJ_EIO;
        }
    }
    *out = f;
    return 0;
}

int h5o_write_tick(h5o_file *f, const sim_world *w)
{
    int bad = 0;
    int32_t tick = (int32_t)sim_tick(w) - 1;
    int32_t day = sim_day(w) - sim_days_per_tick(w);
    sim_h5_why_clear();
    double *vals = sim_calloc(f->n_ts + 1, sizeof *vals);
    if (!vals)
        return NABIJ_ENOMEM;
    for (size_t i = 0; i < f->n_ts; i++)
        vals[i] = sim_ind_value(w, i);
    bad |= put_row(f, tick, day, vals);
    sim_free(vals);
    bad |= write_events(f, w);
    if (f->snapshot_every > 0 && sim_tick(w) % (uint32_t)f->snapshot_every == 0)
        bad |= write_snapshot(f, w);
    bad |= H5Fflush(f->file, H5F_SCOPE_GLOBAL) < 0;
    return bad ? NABIJ_EHDF5 : 0;
}

void h5o_created_utc(const h5o_file *f, char *out, size_t n) { snprintf(out, n, "%s", f->created); }

void h5o_rows(const h5o_file *f, uint64_t *event_rows, uint64_t *lever_rows)
{
    *event_rows = f->ev_rows;
    *lever_rows = f->lever_rows;
}

int h5o_close_partial(h5o_file *f)
{
    if (!f)
        return 0;
    int bad = H5Fflush(f->file, H5F_SCOPE_GLOBAL) < 0;
    close_handles(f);
    free_file(f);
    return bad ? NABIJ_EHDF5 : 0;
}

static int fsync_path(const char *p, int dir)
{
    int fd = open(p, dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

/* The time series' hashes into their attributes (created as 0 with the datasets: a file in
 * SWMR mode cannot get new attributes, but may write those it has), then the status
 * "complete"; closes the file. */
static int finish_file(h5o_file *f)
{
    int bad = 0;
    for (size_t k = 0; k < f->n_ts + 2; k++) {
        hid_t d = k == 0 ? f->ts_tick : k == 1 ? f->ts_day : f->ts[k - 2];
        uint64_t dig = XXH3_64bits_digest(f->sum[k]);
        hid_t a = H5Aopen(d, SIM_H5_SUM_ATTR, H5P_DEFAULT);
        bad |= a < 0 || H5Awrite(a, H5T_NATIVE_UINT64, &dig) < 0;
        if (a >= 0)
            H5Aclose(a);
    }
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 16);
    char text[16] = "complete";
    bad |= H5Dwrite(f->status, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, text) < 0;
    H5Tclose(t);
    close_handles(f);
    return bad;
}

int h5o_finish(h5o_file *f, char *err, size_t errlen)
{
    sim_h5_why_clear();
    int bad = finish_file(f);
    if (bad) {
        snprintf(err, errlen, "cannot finish %s: %s", f->part, sim_h5_why());
        unlink(f->part);
        free_file(f);
        return NABIJ_EHDF5;
    }
    fsync_path(f->part, 0);
    if (rename(f->part, f->path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", f->part, f->path, strerror(errno));
        free_file(f);
        return NABIJ_EIO;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", f->path);
    char *sl = strrchr(dir, '/');
    if (sl)
        *sl = 0;
    else
        snprintf(dir, sizeof dir, ".");
    fsync_path(dir, 1);
    free_file(f);
    return 0;
}

void h5o_abort(h5o_file *f)
{
    if (!f)
        return;
    close_handles(f);
    unlink(f->part);
    free_file(f);
}
