/* test_h5out.c: the HDF5 writer: a run of the test model is written, read back with the HDF5
 * API and compared with what the world produced; which datasets are compressed; .part
 * naming, /status, refusal to overwrite, abort removing the partial file; a checkpoint
 * written and restored into a world created for it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "checkpoint.h"
#include "h5util.h"
#include <xxhash.h>
#include "h5out.h"
#include "testmodel.h"

static char dir[64];

static int setup(void **st)
{
    (void)st;
    snprintf(dir, sizeof dir, "/tmp/nabij-h5-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

typedef struct written {
    double sums[10];
    size_t events;
} written;

/* Run the test model for "ticks" ticks into "path"; collect what the world reported. */
static int write_run(const char *path, int ticks, int force, written *out, int abort_midway)
{
    scn_scenario *s;
    assert_int_equal(scn_create(tm_sections, 2, &s), 0);
    assert_int_equal(scn_set(s, "tm.households=3000"), 0);
    assert_int_equal(scn_set(s, "run.snapshot_every=3"), 0);
    sim_world *w;
    char err[256];
    assert_int_equal(sim_world_create(tm_models, 1, s, 2, &w, err, sizeof err), 0);
    h5o_meta m = {"test", "name: test\n", 1, 2, 3, "", "test_h5out", NULL, 0, 0, -1, NULL};
    h5o_file *f;
    int rc = h5o_create(path, force, w, &m, &f, err, sizeof err);
    if (rc) {
        sim_world_destroy(w);
        scn_destroy(s);
        return rc;
    }
    size_t n;
    sim_world_events(w, &n);
    out->events = n;
    for (int t = 0; t < ticks; t++) {
        assert_int_equal(sim_world_step(w), 0);
        assert_int_equal(h5o_write_tick(f, w), 0);
        out->sums[t] = sim_ind_value(w, 0);
        sim_world_events(w, &n);
        out->events += n;
        if (abort_midway && t == ticks / 2) {
            assert_int_equal(access(h5o_part_path(f), F_OK), 0);
            h5o_abort(f);
            sim_world_destroy(w);
            scn_destroy(s);
            return 1;
        }
    }
    rc = h5o_finish(f, err, sizeof err);
    sim_world_destroy(w);
    scn_destroy(s);
    return rc;
}

static hsize_t dims0(hid_t file, const char *name, hsize_t *dim1)
{
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t sp = H5Dget_space(d);
    hsize_t dims[2] = {0, 0};
    H5Sget_simple_extent_dims(sp, dims, NULL);
    H5Sclose(sp);
    H5Dclose(d);
    if (dim1)
        *dim1 = dims[1];
    return dims[0];
}

/* Filters (shuffle, deflate) of dataset "name". */
/* The number of filters of dataset "name"; the last in *last (may be NULL). */
static int n_filters(hid_t file, const char *name, H5Z_filter_t *last)
{
    hid_t d = H5Dopen2(file, name, H5P_DEFAULT);
    assert_true(d >= 0);
    hid_t pl = H5Dget_create_plist(d);
    int n = H5Pget_nfilters(pl);
    if (last && n > 0) {
        unsigned flags, cd[8];
        size_t ncd = 8;
        *last = H5Pget_filter2(pl, (unsigned)n - 1, &flags, &ncd, cd, 0, NULL, NULL);
    }
    H5Pclose(pl);
    H5Dclose(d);
    return n;
}

static void test_h5out_round_trip(void **st)
{
    (void)st;
    char path[128], part[140];
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(part, sizeof part, "%s.part", path);
    written wr = {0};
    assert_int_equal(write_run(path, 10, 0, &wr, 0), 0);
    assert_int_equal(access(path, F_OK), 0);
    assert_int_not_equal(access(part, F_OK), 0);

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    char status[16];
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 16);
    hid_t d = H5Dopen2(f, "status", H5P_DEFAULT);
    assert_true(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, status) >= 0);
    assert_string_equal(status, "complete");
    H5Dclose(d);
    H5Tclose(t);

    assert_int_equal(dims0(f, "timeseries/wealth_sum", NULL), 10);
    assert_int_equal(dims0(f, "timeseries/tick", NULL), 10);
    double sums[10];
    d = H5Dopen2(f, "timeseries/wealth_sum", H5P_DEFAULT);
    H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, sums);
    H5Dclose(d);
    assert_memory_equal(sums, wr.sums, sizeof sums);
    int32_t ticks[10], days[10];
    d = H5Dopen2(f, "timeseries/tick", H5P_DEFAULT);
    H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, ticks);
    H5Dclose(d);
    d = H5Dopen2(f, "timeseries/day", H5P_DEFAULT);
    H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, days);
    H5Dclose(d);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(ticks[i], i);
        assert_int_equal(days[i], scn_days_from_civil(2015, 1, 1) + 7 * i);
    }
    /* events: every event of every tick, plus the initial one */
    assert_int_equal(dims0(f, "events", NULL), wr.events);
    assert_int_equal(dims0(f, "event_kinds", NULL), 2); /* lever_changed, crossed */
    /* snapshots at ticks 0, 3, 6, 9 of the capacity-wide table */
    hsize_t width;
    assert_int_equal(dims0(f, "snapshots/households/wealth", &width), 4);
    assert_int_equal(width, 3010);
    int32_t snap_ticks[4];
    d = H5Dopen2(f, "snapshots/tick", H5P_DEFAULT);
    H5Dread(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, snap_ticks);
    H5Dclose(d);
    assert_int_equal(snap_ticks[0], 0);
    assert_int_equal(snap_ticks[3], 9);
    assert_int_equal(dims0(f, "static/households/x", NULL), 3010);
    /* a column flagged static and snapshot is in both places, with its attributes */
    assert_int_equal(dims0(f, "snapshots/households/x", &width), 4);
    assert_int_equal(width, 3010);
    int16_t *sx = calloc(3010, sizeof *sx), *nx = calloc(4 * 3010, sizeof *nx);
    d = H5Dopen2(f, "static/households/x", H5P_DEFAULT);
    H5Dread(d, H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, sx);
    assert_true(H5Aexists(d, "unit") > 0);
    H5Dclose(d);
    d = H5Dopen2(f, "snapshots/households/x", H5P_DEFAULT);
    H5Dread(d, H5T_NATIVE_INT16, H5S_ALL, H5S_ALL, H5P_DEFAULT, nx);
    assert_true(H5Aexists(d, "unit") > 0 && H5Aexists(d, "description") > 0);
    H5Dclose(d);
    assert_int_equal(sx[2999], 99);
    for (int r = 0; r < 4; r++)
        assert_memory_equal(nx + r * 3010, sx, 3010 * sizeof *sx);
    free(sx);
    free(nx);
    /* flushed every tick: the timeseries are not compressed (a compressed chunk would be
     * compressed and stored again at every flush) and have no checksum filter (a chunk
     * rewritten at every flush could be caught with a checksum that no longer fits), but the
     * complete file has the XXH3 hash of each as an attribute; events and snapshots are
     * shuffled and deflated (zlib's Adler-32 is their checksum) */
    H5Z_filter_t last = -1;
    assert_int_equal(n_filters(f, "timeseries/wealth_sum", NULL), 0);
    assert_int_equal(n_filters(f, "timeseries/tick", NULL), 0);
    const char *summed[] = {"timeseries/tick", "timeseries/day", "timeseries/wealth_sum"};
    for (int k = 0; k < 3; k++) {
        d = H5Dopen2(f, summed[k], H5P_DEFAULT);
        hid_t ft = H5Dget_type(d);
        size_t es = H5Tget_size(ft), nv = (size_t)dims0(f, summed[k], NULL);
        unsigned char *vals = calloc(nv, es);
        assert_true(H5Dread(d, ft, H5S_ALL, H5S_ALL, H5P_DEFAULT, vals) >= 0);
        uint64_t want = 0;
        assert_int_equal(sim_h5_attr_get(d, "xxh3_64", H5T_NATIVE_UINT64, &want), 0);
        assert_true(want == XXH3_64bits(vals, nv * es));
        free(vals);
        H5Tclose(ft);
        H5Dclose(d);
    }
    assert_int_equal(n_filters(f, "events", &last), 2);
    assert_int_equal(last, H5Z_FILTER_DEFLATE);
    last = -1;
    assert_int_equal(n_filters(f, "snapshots/households/wealth", &last), 2);
    assert_int_equal(last, H5Z_FILTER_DEFLATE);
    /* attributes */
    hid_t a = H5Aopen(f, "seed", H5P_DEFAULT);
    uint64_t seed = 0;
    H5Aread(a, H5T_NATIVE_UINT64, &seed);
    H5Aclose(a);
    assert_int_equal(seed, 1);
    assert_true(H5Aexists(f, "git_hash") > 0);
    assert_true(H5Aexists(f, "created_utc") > 0);
    H5Fclose(f);
}

static void test_h5out_refuses_overwrite(void **st)
{
    (void)st;
    char path[128];
    snprintf(path, sizeof path, "%s/keep.h5", dir);
    FILE *fp = fopen(path, "w");
    fputs("precious", fp);
    fclose(fp);
    written wr = {0};
    assert_int_equal(write_run(path, 2, 0, &wr, 0), NABIJ_EEXIST);
    fp = fopen(path, "r");
    char buf[16] = "";
    assert_non_null(fgets(buf, sizeof buf, fp));
    fclose(fp);
    assert_string_equal(buf, "precious");
    assert_int_equal(write_run(path, 2, 1, &wr, 0), 0); /* --force */
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    assert_true(f >= 0);
    H5Fclose(f);
}

static void test_h5out_abort_leaves_nothing(void **st)
{
    (void)st;
    char path[128], part[140];
    snprintf(path, sizeof path, "%s/aborted.h5", dir);
    snprintf(part, sizeof part, "%s.part", path);
    written wr = {0};
    assert_int_equal(write_run(path, 6, 0, &wr, 1), 1);
    assert_int_not_equal(access(path, F_OK), 0);
    assert_int_not_equal(access(part, F_OK), 0);
}

/* A scenario of the test model with "households" and (NULL: the default) "headroom". */
static scn_scenario *tm_scenario(const char *households, const char *headroom)
{
    scn_scenario *s;
    char a[64];
    assert_int_equal(scn_create(tm_sections, 2, &s), 0);
    snprintf(a, sizeof a, "tm.households=%s", households);
    assert_int_equal(scn_set(s, a), 0);
    snprintf(a, sizeof a, "tm.headroom=%s", headroom ? headroom : "10");
    assert_int_equal(scn_set(s, a), 0);
    return s;
}

/* Write a checkpoint of "w" to "name" in the test folder, and restore it into a new world of
 * scenario "s2" created for it with "threads" (as `nabij run --from` does); the file's size
 * goes to "bytes". */
static sim_world *ckpt_round_trip(const sim_world *w, scn_scenario *s2, int threads, const char *name,
                                  long *bytes)
{
    char err[256], path[128];
    uint64_t rows[1] = {0};
    sim_ckpt_info info = {.world_scenario = "", .output_scenario = "", .output = "x.h5",
                          .command = "", .created_utc = "", .parent = "", .parent_tick = -1,
                          .threads = 1, .ticks_planned = (int32_t)sim_tick(w),
                          .out_start_tick = sim_tick(w), .ev_rows = rows, .lever_rows = rows};
    sim_ckpt *ck;
    sim_world *v;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (sim_ckpt_write(path, w, &info, err, sizeof err) || sim_ckpt_open(path, &ck, err, sizeof err))
        fail_msg("%s", err);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    *bytes = (long)sb.st_size;
    if (sim_world_create_restoring(tm_models, 1, s2, threads, sim_ckpt_capacity(ck), &v, err, sizeof err) ||
        sim_ckpt_restore(ck, v, err, sizeof err))
        fail_msg("%s", err);
    sim_ckpt_close(ck);
    return v;
}

/* A checkpoint of the test model after two ticks, restored into a world created for it
 * (sim_world_create_restoring, at another thread count): counts, tick and every row of the
 * columns, the headroom beyond the count included (it is zero in every run; a row made
 * non-zero here must come back, read through the restore's buffer). */
static void test_ckpt_restore_all_rows(void **st)
{
    (void)st;
    scn_scenario *s = tm_scenario("5", NULL), *s2 = tm_scenario("5", NULL);
    sim_world *w;
    char err[256];
    long bytes;
    if (sim_world_create(tm_models, 1, s, 1, &w, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(sim_world_step(w), 0);
    assert_int_equal(sim_world_step(w), 0);
    float *wealth = sim_col(w, SIM_HOUSEHOLD, "wealth");
    wealth[12] = 7.5f; /* beyond the 5 households, in the last block of the table */
    sim_world *v = ckpt_round_trip(w, s2, 2, "w.ckpt", &bytes);
    assert_int_equal(sim_tick(v), 2);
    assert_int_equal(sim_world_count(v, SIM_HOUSEHOLD), 5);
    assert_int_equal(sim_world_capacity(v, SIM_HOUSEHOLD), 15);
    assert_memory_equal(sim_col(v, SIM_HOUSEHOLD, "wealth"), wealth, 15 * sizeof(float));
    assert_memory_equal(sim_col(v, SIM_HOUSEHOLD, "x"), sim_col(w, SIM_HOUSEHOLD, "x"), 15 * sizeof(int16_t));
    /* and both go on alike */
    assert_int_equal(sim_world_step(w), 0);
    assert_int_equal(sim_world_step(v), 0);
    assert_memory_equal(sim_col(v, SIM_HOUSEHOLD, "wealth"), wealth, 15 * sizeof(float));
    sim_world_destroy(w);
    sim_world_destroy(v);
    scn_destroy(s);
    scn_destroy(s2);
}

/* A table much larger than its rows in use, in several chunks of the checkpoint: the rows
 * come back, and so does a non-zero row deep in the headroom, while the file stays far below
 * the table's size (the all-zero headroom is not written). */
static void test_ckpt_sparse_headroom(void **st)
{
    (void)st;
    scn_scenario *s = tm_scenario("1000", "900000"), *s2 = tm_scenario("1000", "900000");
    sim_world *w;
    char err[256];
    long bytes;
    const uint32_t cap = 1000 + 900000; /* float column 3.6 MB: four chunks of 1 MB */
    if (sim_world_create(tm_models, 1, s, 1, &w, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(sim_world_step(w), 0);
    float *wealth = sim_col(w, SIM_HOUSEHOLD, "wealth");
    wealth[600001] = -2.25f; /* in the third chunk; the second and the fourth stay zero */
    sim_world *v = ckpt_round_trip(w, s2, 1, "sparse.ckpt", &bytes);
    /* wealth (4 bytes) and x (2 bytes) over the whole table would be 5.4 MB; written are
     * the chunks with rows in use (1 MB of each column) and wealth's third chunk (1 MB, only
     * if the headroom is written in blocks aligned to the chunks: 4.2 MB otherwise) */
    assert_true(bytes < 3500000);
    assert_int_equal(sim_world_capacity(v, SIM_HOUSEHOLD), cap);
    assert_memory_equal(sim_col(v, SIM_HOUSEHOLD, "wealth"), wealth, cap * sizeof(float));
    assert_memory_equal(sim_col(v, SIM_HOUSEHOLD, "x"), sim_col(w, SIM_HOUSEHOLD, "x"), cap * sizeof(int16_t));
    sim_world_destroy(w);
    sim_world_destroy(v);
    scn_destroy(s);
    scn_destroy(s2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_h5out_round_trip),
        cmocka_unit_test(test_h5out_refuses_overwrite),
        cmocka_unit_test(test_h5out_abort_leaves_nothing),
        cmocka_unit_test(test_ckpt_restore_all_rows),
        cmocka_unit_test(test_ckpt_sparse_headroom),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
