/* verify.c: is a nabij file intact (sim/verify.h). */
#include "verify.h"
#include "alloc.h"
#include "checkpoint.h"
#include "h5out.h"
#include "h5util.h"
#include "nabij.h"
#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#define BLOCK_BYTES ((size_t)64 << 20) /* read at most this much of a dataset at once */

#define ALL_ROWS ((hsize_t)-1)

typedef struct walk {
    char why[256]; /* what HDF5 said of a dataset that could not be read */
    int pass; /* 0: add up the sizes; 1: read */
    uint64_t total, done;
    size_t datasets, summed;
    int sums; /* compare every checksum attribute, also those that are 0: in a complete run
               * file (its time series' are 0 before) and in a checkpoint */
    const uint32_t *rows_in_use; /* a checkpoint's columns: the rows in use of each kind (only
                                  * those are hashed); NULL: a run file */
    void (*progress)(void *ctx, uint64_t done, uint64_t total);
    void *ctx;
    unsigned char *buf;
    size_t buf_bytes;
    char *err;
    size_t errlen;
} walk;

/* The description of the innermost error on HDF5's stack (where it was found). */
static herr_t first_error(unsigned n, const H5E_error2_t *e, void *out)
{
    if (n == 0 && e->desc)
        snprintf(out, 256, "%s", e->desc);
    return 0;
}

/* The shape of space "fs" of elements of "es" bytes: the rank (a scalar counts as one row of
 * rank 1), "dims", and the bytes of a row along the first dimension in *row; -1 if unreadable. */
static int shape(hid_t fs, size_t es, hsize_t dims[H5S_MAX_RANK], size_t *row)
{
    int rank = H5Sget_simple_extent_ndims(fs);
    if (rank < 0 || H5Sget_simple_extent_dims(fs, dims, NULL) < 0)
        return -1;
    if (rank == 0) {
        rank = 1;
        dims[0] = 1;
    }
    *row = es;
    for (int k = 1; k < rank; k++)
        *row *= (size_t)dims[k];
    return rank;
}

/* Read the first "rows" rows (ALL_ROWS: all) of dataset "d" (its type "ft", space "fs") in
 * blocks along its first dimension, adding the bytes to "sum" (may be NULL); -1 with v->why
 * set (before any other HDF5 call clears the error stack) if it fails. */
static int read_rows(walk *v, hid_t d, hid_t ft, hid_t fs, hsize_t rows, XXH3_state_t *sum)
{
    hsize_t dims[H5S_MAX_RANK], off[H5S_MAX_RANK] = {0}, cnt[H5S_MAX_RANK];
    size_t row;
    int rank = shape(fs, H5Tget_size(ft), dims, &row);
    if (rank < 0)
        return -1;
    if (rows < dims[0])
        dims[0] = rows;
    if (row == 0 || dims[0] == 0)
        return 0;
    if (row > v->buf_bytes) { /* one row larger than the buffer (a very wide snapshot) */
        unsigned char *b = sim_realloc(v->buf, row, 1);
        if (!b)
            return -1;
        v->buf = b;
        v->buf_bytes = row;
    }
    int vlen = H5Tdetect_class(ft, H5T_VLEN) > 0 || H5Tis_variable_str(ft) > 0;
    hsize_t step = v->buf_bytes / row;
    int scalar = H5Sget_simple_extent_type(fs) == H5S_SCALAR;
    for (hsize_t at = 0; at < dims[0]; at += step) {
        hsize_t n = dims[0] - at < step ? dims[0] - at : step;
        hid_t ms;
        if (scalar) {
            ms = H5Scopy(fs);
        } else {
            off[0] = at;
            cnt[0] = n;
            for (int k = 1; k < rank; k++)
                cnt[k] = dims[k];
            ms = H5Screate_simple(rank, cnt, NULL);
            if (ms < 0 || H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, cnt, NULL) < 0) {
                if (ms >= 0)
                    H5Sclose(ms);
                return -1;
            }
        }
        int bad = ms < 0 || H5Dread(d, ft, ms, scalar ? H5S_ALL : fs, H5P_DEFAULT, v->buf) < 0;
        if (bad)
            H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error, v->why);
        if (!bad && sum && !vlen)
            XXH3_64bits_update(sum, v->buf, (size_t)n * row);
        if (!bad && vlen)
            H5Dvlen_reclaim(ft, ms, H5P_DEFAULT, v->buf);
        if (ms >= 0)
            H5Sclose(ms);
        if (bad)
            return -1;
        v->done += (uint64_t)n * row;
        if (v->progress)
            v->progress(v->ctx, v->done, v->total);
    }
    return 0;
}

/* The rows in use of checkpoint column "name" ("<kind>/<column>"; 0 for an unknown kind). */
static hsize_t rows_of_column(const uint32_t *rows_in_use, const char *name)
{
    for (int k = 0; k < SIM_N_KINDS; k++) {
        size_t n = strlen(sim_kind_name((sim_kind)k));
        if (strncmp(name, sim_kind_name((sim_kind)k), n) == 0 && name[n] == '/')
            return rows_in_use[k];
    }
    return 0;
}

/* One dataset of the walk (H5Ovisit2 of a run file's root or of a checkpoint's /columns):
 * pass 0 adds up its size, pass 1 reads it, hashing what its checksum covers (a time series
 * of a complete run file: all of it, h5out.c; a checkpoint column: its rows in use,
 * checkpoint.c) and comparing. */
static herr_t visit(hid_t root, const char *name, const H5O_info_t *info, void *vw)
{
    walk *v = vw;
    if (info->type != H5O_TYPE_DATASET)
        return 0;
    hsize_t rows = v->rows_in_use ? rows_of_column(v->rows_in_use, name) : ALL_ROWS;
    hid_t d = H5Dopen2(root, name, H5P_DEFAULT);
    hid_t ft = d < 0 ? -1 : H5Dget_type(d), fs = d < 0 ? -1 : H5Dget_space(d);
    hsize_t dims[H5S_MAX_RANK];
    size_t row = 0;
    int bad = d < 0 || ft < 0 || fs < 0 || shape(fs, H5Tget_size(ft), dims, &row) < 0;
    if (bad)
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error, v->why);
    else if (rows != ALL_ROWS && dims[0] < rows) {
        snprintf(v->why, sizeof v->why, "holds %llu rows, fewer than the %llu in use",
                 (unsigned long long)dims[0], (unsigned long long)rows);
        bad = 1;
    }
    if (!bad && v->pass == 0) {
        v->total += (uint64_t)(rows < dims[0] ? rows : dims[0]) * row;
    } else if (!bad) {
        uint64_t want = 0;
        XXH3_state_t *sum = NULL;
        if (H5Aexists(d, SIM_H5_SUM_ATTR) > 0) {
            bad = sim_h5_attr_get(d, SIM_H5_SUM_ATTR, H5T_NATIVE_UINT64, &want) != 0;
            /* a time series' checksum is 0 until its file is complete; those written with
             * their datasets (/static, /scenario, /event_kinds) are checked in any file */
            if (!bad && (v->sums || want != 0)) {
                bad = !(sum = XXH3_createState()) || XXH3_64bits_reset(sum) == XXH_ERROR;
                v->summed += !bad;
            }
        }
        bad = bad || read_rows(v, d, ft, fs, rows, sum) != 0;
        if (!bad && sum && XXH3_64bits_digest(sum) != want) {
            snprintf(v->why, sizeof v->why, "does not match the checksum written with it");
            bad = 1;
        }
        XXH3_freeState(sum);
        v->datasets++;
    }
    if (bad)
        snprintf(v->err, v->errlen, v->rows_in_use ? "column %s %s" : "dataset /%s: %s", name,
                 v->why[0] ? v->why : "cannot be opened or read");
    if (fs >= 0)
        H5Sclose(fs);
    if (ft >= 0)
        H5Tclose(ft);
    if (d >= 0)
        H5Dclose(d);
    return bad ? -1 : 0;
}

/* Walk "root" twice (sizes, then reading) with "v" set up by the caller: 0, or NABIJ_EINVAL
 * with "err" saying what was found. */
static int walk_all(hid_t root, walk *v, sim_verify_info *out, char *err, size_t errlen)
{
    char why[768] = ""; /* what the walk found */
    v->buf_bytes = BLOCK_BYTES;
    v->err = why;
    v->errlen = sizeof why;
    if (!(v->buf = sim_realloc(NULL, v->buf_bytes, 1))) {
        snprintf(err, errlen, "out of memory for a 64 MB read buffer");
        return NABIJ_ENOMEM;
    }
    int rc = 0;
    for (v->pass = 0; !rc && v->pass < 2; v->pass++)
        if (H5Ovisit2(root, H5_INDEX_NAME, H5_ITER_INC, visit, v, H5O_INFO_BASIC) < 0) {
            snprintf(err, errlen, "%s", why[0] ? why : "its structure cannot be read");
            rc = NABIJ_EINVAL;
        }
    sim_free(v->buf);
    out->datasets = v->datasets;
    out->unchecked = v->datasets - v->summed; /* read, without a checksum of their own */
    out->bytes = v->done;
    return rc;
}

/* A checkpoint: opened as --resume opens it (its small arrays checked against their
 * checksums), then every column's rows in use hashed and compared. */
static int verify_checkpoint(const char *path, sim_verify_info *out,
                             void (*progress)(void *ctx, uint64_t done, uint64_t total), void *ctx,
                             char *err, size_t errlen)
{
    sim_ckpt *c = NULL;
    int rc = sim_ckpt_open(path, &c, err, errlen);
    if (rc)
        return rc;
    uint32_t rows[SIM_N_KINDS];
    memcpy(rows, sim_ckpt_count(c), sizeof rows);
    out->checkpoint = 1;
    out->tick = sim_ckpt_info_of(c)->tick;
    sim_ckpt_close(c);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t cols = f < 0 ? -1 : H5Gopen2(f, "columns", H5P_DEFAULT);
    if (cols < 0) {
        snprintf(err, errlen, "no columns");
        rc = NABIJ_EINVAL;
    } else {
        walk v = {.progress = progress, .ctx = ctx, .sums = 1, .rows_in_use = rows};
        rc = walk_all(cols, &v, out, err, errlen);
        H5Gclose(cols);
    }
    if (f >= 0)
        H5Fclose(f);
    return rc;
}

int sim_verify(const char *path, sim_verify_info *out,
               void (*progress)(void *ctx, uint64_t done, uint64_t total), void *ctx, char *err,
               size_t errlen)
{
    memset(out, 0, sizeof *out);
    sim_h5_errors_quiet();
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "cannot be read: %s", strerror(errno));
        return NABIJ_EIO;
    }
    if (h5o_part_busy(path)) { /* the lock a running nabij holds on its .part */
        out->busy = 1;
        return 0;
    }
    /* SWMR read also opens the partial file of a killed run (its writer never closed it) */
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, H5P_DEFAULT);
    if (f < 0) /* a file in an older format than SWMR needs: not ours, but say what it is */
        f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) {
        snprintf(err, errlen, "cannot be opened as an HDF5 file (not one, or its first blocks are damaged)");
        return NABIJ_EIO;
    }
    char *format = sim_h5_text(f, "format", 0), *program = sim_h5_text(f, "program", 0);
    int ckpt = format && strcmp(format, "nabij checkpoint") == 0, run = program && strcmp(program, "nabij") == 0;
    out->index = !ckpt && !run && H5Aexists(f, "sweep") > 0 && H5Aexists(f, "program_version") > 0;
    run |= out->index;
    sim_free(format);
    sim_free(program);
    int rc = 0;
    if (run) {
        walk v = {.progress = progress, .ctx = ctx};
        if (out->index) {
            out->complete = 1;
        } else {
            char *status = sim_h5_text(f, "status", 1);
            out->complete = status && strncmp(status, "complete", 8) == 0;
            sim_free(status);
        }
        v.sums = out->complete; /* the time series' checksums are 0 until then */
        rc = walk_all(f, &v, out, err, errlen);
    } else if (!ckpt) {
        snprintf(err, errlen, "not a nabij run file, sweep index or checkpoint (no root attribute "
                              "program, sweep or format)");
        rc = NABIJ_EIO;
    }
    H5Fclose(f);
    if (ckpt)
        rc = verify_checkpoint(path, out, progress, ctx, err, errlen);
    return rc;
}
