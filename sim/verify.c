/* verify.c: is a nabij file intact (sim/verify.h). */
#include "verify.h"
#include "alloc.h"
#include "checkpoint.h"
#include "h5util.h"
#include "nabij.h"
#include <errno.h>
#include <hdf5.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#define BLOCK_BYTES ((size_t)64 << 20) /* read at most this much of a dataset at once */

typedef struct walk {
    char why[256]; /* what HDF5 said of a dataset that could not be read */
    int pass; /* 0: add up the sizes; 1: read */
    uint64_t total, done;
    size_t datasets, summed;
    int sums; /* compare the "xxh3_64" attributes: only in a complete file (0 before) */
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

/* Read dataset "d" (its type "ft", space "fs") in blocks of rows along its first dimension,
 * adding the bytes to "sum" (may be NULL); -1 with v->why set (before any other HDF5 call
 * clears the error stack) if it fails. */
static int read_all(walk *v, hid_t d, hid_t ft, hid_t fs, XXH3_state_t *sum)
{
    int rank = H5Sget_simple_extent_ndims(fs);
    hsize_t dims[H5S_MAX_RANK], off[H5S_MAX_RANK] = {0}, cnt[H5S_MAX_RANK];
    if (rank < 0 || H5Sget_simple_extent_dims(fs, dims, NULL) < 0)
        return -1;
    if (rank == 0) { /* a scalar: one "row" */
        rank = 1;
        dims[0] = 1;
    }
    size_t es = H5Tget_size(ft), row = es;
    for (int k = 1; k < rank; k++)
        row *= (size_t)dims[k];
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

static herr_t visit(hid_t root, const char *name, const H5O_info_t *info, void *vw)
{
    walk *v = vw;
    if (info->type != H5O_TYPE_DATASET)
        return 0;
    hid_t d = H5Dopen2(root, name, H5P_DEFAULT);
    hid_t ft = d < 0 ? -1 : H5Dget_type(d), fs = d < 0 ? -1 : H5Dget_space(d);
    int bad = d < 0 || ft < 0 || fs < 0;
    if (bad)
        H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, first_error, v->why);
    if (!bad && v->pass == 0) {
        hssize_t np = H5Sget_simple_extent_npoints(fs);
        v->total += np > 0 ? (uint64_t)np * H5Tget_size(ft) : 0;
    } else if (!bad) {
        /* a time series of a complete file has the XXH3 hash of its values (h5out.c) */
        uint64_t want = 0;
        XXH3_state_t *sum = NULL;
        if (v->sums && H5Aexists(d, "xxh3_64") > 0) {
            bad = sim_h5_attr_get(d, "xxh3_64", H5T_NATIVE_UINT64, &want) != 0 ||
                  !(sum = XXH3_createState()) || XXH3_64bits_reset(sum) == XXH_ERROR;
            if (!bad)
                v->summed++;
        }
        bad = bad || read_all(v, d, ft, fs, sum) != 0;
        if (!bad && sum && XXH3_64bits_digest(sum) != want) {
            snprintf(v->why, sizeof v->why, "does not match the checksum written with it");
            bad = 1;
        }
        XXH3_freeState(sum);
        v->datasets++;
    }
    if (bad)
        snprintf(v->err, v->errlen, "dataset /%s: %s", name, v->why[0] ? v->why : "cannot be opened or read");
    if (fs >= 0)
        H5Sclose(fs);
    if (ft >= 0)
        H5Tclose(ft);
    if (d >= 0)
        H5Dclose(d);
    return bad ? -1 : 0;
}

static int verify_output(hid_t f, const char *path, sim_verify_info *out,
                         void (*progress)(void *ctx, uint64_t done, uint64_t total), void *ctx,
                         char *err, size_t errlen)
{
    char why[768] = ""; /* what the walk found, for the message naming the file */
    walk v = {.progress = progress, .ctx = ctx, .buf_bytes = BLOCK_BYTES, .err = why, .errlen = sizeof why};
    if (out->index) {
        out->complete = 1;
    } else {
        char *status = sim_h5_text(f, "status", 1);
        out->complete = status && strncmp(status, "complete", 8) == 0;
        sim_free(status);
    }
    v.sums = out->complete;
    if (!(v.buf = sim_realloc(NULL, v.buf_bytes, 1))) {
        snprintf(err, errlen, "out of memory for a 64 MB read buffer");
        return NABIJ_ENOMEM;
    }
    int rc = 0;
    for (v.pass = 0; !rc && v.pass < 2; v.pass++)
        if (H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit, &v, H5O_INFO_BASIC) < 0) {
            snprintf(err, errlen, "%s", why[0] ? why : "its structure cannot be read");
            rc = NABIJ_EINVAL;
        }
    sim_free(v.buf);
    out->datasets = v.datasets;
    out->unchecked = v.datasets - v.summed; /* read, without a checksum of their own */
    out->bytes = v.done;
    return rc;
}

int sim_verify(const char *path, sim_verify_info *out,
               void (*progress)(void *ctx, uint64_t done, uint64_t total), void *ctx, char *err,
               size_t errlen)
{
    memset(out, 0, sizeof *out);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "cannot be read: %s", strerror(errno));
        return NABIJ_EIO;
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
    int rc;
    if (!ckpt) {
        if (run)
            rc = verify_output(f, path, out, progress, ctx, err, errlen);
        else {
            snprintf(err, errlen, "not a nabij run file, sweep index or checkpoint (no root attribute "
                                  "program, sweep or format)");
            rc = NABIJ_EIO;
        }
        H5Fclose(f);
        return rc;
    }
    H5Fclose(f);
    out->checkpoint = 1;
    sim_ckpt *c = NULL;
    if ((rc = sim_ckpt_open(path, &c, err, errlen)))
        return rc;
    out->tick = sim_ckpt_info_of(c)->tick;
    rc = sim_ckpt_verify(c, &out->datasets, &out->unchecked, &out->bytes, progress, ctx, err, errlen);
    sim_ckpt_close(c);
    return rc;
}
