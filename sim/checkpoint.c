/* checkpoint.c: writing and reading checkpoints (sim/checkpoint.h). Layout: root attributes
 * (format, tick, day, seed, output provenance, keep, every_seconds and checkpoint_path),
 * string datasets world_scenario and output_scenario, /levers, /output/ev_rows and
 * /output/lever_rows, /counts and /capacities per kind, and /columns/<kind>/<name> with every
 * column at full capacity (with its unit and description), uncompressed
 * (a checkpoint is written often and read once; speed matters more than size). Every
 * dataset carries an attribute "xxh3_64", the XXH3 hash (libxxhash) of its contents (of a
 * column: its rows in use; of a scenario text: its bytes and the closing NUL), checked when
 * it is read back, so that a file damaged after it was written (a bad disk, a broken copy)
 * is refused instead of continuing a silently different world. HDF5 checks its own metadata (the file is written
 * in the latest format, whose headers carry checksums), not the data. */
#include "checkpoint.h"
#include "h5util.h"
#include "alloc.h"
#include "model.h"
#include "nabij.h"
#include <errno.h>
#include <fcntl.h>
#include <hdf5.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#define CKPT_FORMAT SIM_H5_CKPT_FORMAT
#define CKPT_VERSION 1
#define N_NUMS 9  /* numeric root attributes besides version (layout) */
#define N_TEXTS 6 /* texts (layout) */

/* The hash of "n" elements of "es" bytes at "p" as stored in a checkpoint: their bytes, or,
 * for the levers, each lever's tick and text up to its end (the bytes after a text's end
 * are not part of it). */
typedef uint64_t (*sum_fn)(const void *p, size_t n, size_t es);
static uint64_t raw_sum(const void *p, size_t n, size_t es) { return XXH3_64bits(p, n * es); }
static uint64_t lever_sum(const void *p, size_t n, size_t es)
{
    (void)es;
    const sim_lever *lv = p;
    uint64_t h = XXH3_64bits(NULL, 0);
    for (size_t i = 0; i < n; i++) {
        uint64_t x[2] = {h, (uint64_t)(uint32_t)lv[i].tick};
        h = XXH3_64bits_withSeed(lv[i].assignment, strnlen(lv[i].assignment, sizeof lv[i].assignment),
                                 XXH3_64bits(x, sizeof x));
    }
    return h;
}

/* Whether the "n" bytes at "p" are all zero: 64 at a time, or-ed as eight words (which the
 * compiler vectorises), then the rest byte by byte. The headroom of a national world is
 * 2.1 GB: a byte at a time, its scan took a second of every checkpoint and restore. */
static int all_zero(const unsigned char *p, size_t n)
{
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        uint64_t x[8], acc = 0;
        memcpy(x, p + i, sizeof x);
        for (int k = 0; k < 8; k++)
            acc |= x[k];
        if (acc)
            return 0;
    }
    for (; i < n; i++)
        if (p[i])
            return 0;
    return 1;
}

/* Whether dataset "d"'s stored hash matches "got": 1 if it does not; 0 if it does or the
 * dataset has none (a checkpoint of a version before the hashes). */
static int sum_differs(hid_t d, uint64_t got)
{
    if (H5Aexists(d, SIM_H5_SUM_ATTR) <= 0)
        return 0;
    uint64_t want = 0;
    return sim_h5_attr_get(d, SIM_H5_SUM_ATTR, H5T_NATIVE_UINT64, &want) != 0 || want != got;
}

struct sim_ckpt {
    hid_t file;
    char *path; /* for messages */
    sim_ckpt_info info;
    char *strs[N_TEXTS]; /* the texts of the info */
    char *ckpath;        /* info.path */
    uint64_t *ev_rows, *lever_rows;
    sim_lever *levers;
    size_t n_levers;
    int32_t day;
    uint64_t seed;
    uint32_t count[SIM_N_KINDS], cap[SIM_N_KINDS];
};

/* An attribute stored as its memory type "t". */
static int put_attr(hid_t loc, const char *name, hid_t t, const void *v)
{
    return sim_h5_attr_put(loc, name, t, t, v);
}

static int put_str(hid_t loc, const char *name, const char *v, int dataset)
{
    v = v ? v : "";
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(v) + 1);
    int bad;
    if (dataset) {
        hid_t sp = H5Screate(H5S_SCALAR);
        hid_t d = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        bad = d < 0 || H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0 || sim_h5_sum_put(d, v, strlen(v) + 1);
        if (d >= 0)
            H5Dclose(d);
        H5Sclose(sp);
    } else {
        bad = put_attr(loc, name, t, v);
    }
    H5Tclose(t);
    return bad;
}

/* Dataset "name" of "n" elements from "data", with the hash "sum" of what it holds. */
static int put_array(hid_t loc, const char *name, hid_t ftype, hid_t mtype, hsize_t n,
                     const void *data, uint64_t sum)
{
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int bad = d < 0 || (n && H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) ||
              sim_h5_attr_put(d, SIM_H5_SUM_ATTR, H5T_STD_U64LE, H5T_NATIVE_UINT64, &sum);
    if (d >= 0)
        H5Dclose(d);
    H5Sclose(sp);
    return bad;
}

/* Column "c" of "cap" rows of which "count" are in use, as dataset "name" of "cap" rows (1
 * if 0). With headroom beyond the count the dataset is chunked and only chunks holding
 * something are written: the rows in use, and of the headroom (zero in every run: entities
 * are only appended) only blocks that are not zero; the rest reads as the fill value 0 and
 * takes no disk space (at national scale 2.2 GB less a checkpoint: 5.3 GB, not 7.5). */
static int put_column_data(hid_t loc, const sim_column *c, uint32_t count, uint32_t cap)
{
    hsize_t n = cap ? cap : 1;
    hid_t mt = sim_h5_native(c->type);
    size_t es = sim_dtype_size(c->type);
    uint64_t sum = raw_sum(c->data, count < cap ? count : cap, es); /* the rows in use */
    if (count >= n)
        return put_array(loc, c->name, mt, mt, n, c->data, sum);
    hsize_t ck = ((hsize_t)1 << 20) / es < n ? ((hsize_t)1 << 20) / es : n; /* 1 MB chunks */
    static const uint64_t zero = 0;
    hid_t sp = H5Screate_simple(1, &n, NULL), fs = H5Screate_simple(1, &n, NULL);
    hid_t pl = H5Pcreate(H5P_DATASET_CREATE);
    int bad = sp < 0 || fs < 0 || pl < 0 || H5Pset_chunk(pl, 1, &ck) < 0 ||
              H5Pset_fill_value(pl, mt, &zero) < 0;
    hid_t d = bad ? -1 : H5Dcreate2(loc, c->name, mt, fs, H5P_DEFAULT, pl, H5P_DEFAULT);
    bad |= d < 0 || sim_h5_attr_put(d, SIM_H5_SUM_ATTR, H5T_STD_U64LE, H5T_NATIVE_UINT64, &sum);
    const unsigned char *data = c->data;
    for (hsize_t at = 0; !bad && at < n;) {
        /* the rows in use at once, then the headroom chunk by chunk (aligned: a block with
         * something in it allocates only its own chunk) */
        hsize_t end = at < count ? count : (at / ck + 1) * ck < n ? (at / ck + 1) * ck : n;
        hsize_t k = end - at, off[1] = {at}, len[1] = {k};
        size_t bytes = (size_t)k * es;
        /* of the headroom only a block with something in it */
        if (at < count || !all_zero(data + (size_t)at * es, bytes))
            bad |= H5Sselect_hyperslab(sp, H5S_SELECT_SET, off, NULL, len, NULL) < 0 ||
                   H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, len, NULL) < 0 ||
                   H5Dwrite(d, mt, sp, fs, H5P_DEFAULT, c->data) < 0;
        at += k;
    }
    if (d >= 0)
        H5Dclose(d);
    if (pl >= 0)
        H5Pclose(pl);
    if (fs >= 0)
        H5Sclose(fs);
    if (sp >= 0)
        H5Sclose(sp);
    return bad;
}

/* Column "c" as put_column_data writes it, with its unit and description (for those who
 * read a checkpoint's state; restoring does not need them). */
static int put_column(hid_t loc, const sim_column *c, uint32_t count, uint32_t cap)
{
    int bad = put_column_data(loc, c, count, cap);
    hid_t d = bad ? H5I_INVALID_HID : H5Dopen2(loc, c->name, H5P_DEFAULT);
    bad |= d < 0 || sim_h5_column_attrs(d, c);
    if (d >= 0)
        H5Dclose(d);
    return bad;
}

/* The root attributes besides format and version, and the texts (the last two, the
 * scenarios, are datasets), written and read in this order: numbers point into "in", "day"
 * and "seed", texts are fields of "in". */
typedef struct num_attr {
    const char *name;
    hid_t type;
    void *p;
} num_attr;
typedef struct text_attr {
    const char *name;
    const char **p;
} text_attr;

static void layout(sim_ckpt_info *in, int32_t *day, uint64_t *seed, num_attr *num,
                   text_attr *text)
{
    const num_attr n[N_NUMS] = {
        {"tick", H5T_NATIVE_UINT32, &in->tick},
        {"day", H5T_NATIVE_INT32, day},
        {"seed", H5T_NATIVE_UINT64, seed},
        {"parent_tick", H5T_NATIVE_INT32, &in->parent_tick},
        {"threads", H5T_NATIVE_INT32, &in->threads},
        {"ticks_planned", H5T_NATIVE_INT32, &in->ticks_planned},
        {"start_day", H5T_NATIVE_INT32, &in->start_day},
        {"out_start_tick", H5T_NATIVE_UINT32, &in->out_start_tick},
        {"every", H5T_NATIVE_UINT32, &in->every},
    };
    const text_attr t[N_TEXTS] = {
        {"output", &in->output},
        {"command", &in->command},
        {"created_utc", &in->created_utc},
        {"parent", &in->parent},
        {"world_scenario", &in->world_scenario},
        {"output_scenario", &in->output_scenario},
    };
    memcpy(num, n, sizeof n);
    memcpy(text, t, sizeof t);
}

static int write_all(hid_t f, const sim_world *w, const sim_ckpt_info *info)
{
    int bad = 0;
    sim_ckpt_info x = *info, *in = &x;
    int32_t version = CKPT_VERSION, day = sim_day(w);
    uint64_t seed = sim_seed(w);
    uint32_t tick = x.tick = sim_tick(w);
    num_attr num[N_NUMS];
    text_attr text[N_TEXTS];
    layout(in, &day, &seed, num, text);
    bad |= put_str(f, "format", CKPT_FORMAT, 0);
    bad |= put_attr(f, "version", H5T_NATIVE_INT32, &version);
    for (int i = 0; i < N_NUMS; i++)
        bad |= put_attr(f, num[i].name, num[i].type, num[i].p);
    for (int i = 0; i < N_TEXTS; i++)
        bad |= put_str(f, text[i].name, *text[i].p, i >= 4);
    /* read only if present: checkpoints before --checkpoint-keep have neither */
    uint32_t keep = in->keep ? in->keep : 1;
    bad |= put_attr(f, "keep", H5T_NATIVE_UINT32, &keep);
    bad |= put_attr(f, "every_seconds", H5T_NATIVE_DOUBLE, &in->every_seconds);
    bad |= put_str(f, "checkpoint_path", in->path, 0);
    size_t nl;
    const sim_lever *lv = sim_world_levers(w, &nl);
    hid_t lt = sim_h5_lever_type();
    bad |= put_array(f, "levers", lt, lt, nl, lv, lever_sum(lv, nl, sizeof *lv));
    H5Tclose(lt);
    hid_t g = H5Gcreate2(f, "output", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hsize_t nrows = tick - in->out_start_tick + 1;
    bad |= g < 0 || put_array(g, "ev_rows", H5T_STD_U64LE, H5T_NATIVE_UINT64, nrows, in->ev_rows,
                              raw_sum(in->ev_rows, nrows, 8));
    bad |= g < 0 || put_array(g, "lever_rows", H5T_STD_U64LE, H5T_NATIVE_UINT64, nrows,
                              in->lever_rows, raw_sum(in->lever_rows, nrows, 8));
    if (g >= 0)
        H5Gclose(g);
    uint32_t cnt[SIM_N_KINDS], cap[SIM_N_KINDS];
    for (int k = 0; k < SIM_N_KINDS; k++) {
        cnt[k] = sim_world_count(w, (sim_kind)k);
        cap[k] = sim_world_capacity(w, (sim_kind)k);
    }
    bad |= put_array(f, "counts", H5T_STD_U32LE, H5T_NATIVE_UINT32, SIM_N_KINDS, cnt,
                     raw_sum(cnt, SIM_N_KINDS, 4));
    bad |= put_array(f, "capacities", H5T_STD_U32LE, H5T_NATIVE_UINT32, SIM_N_KINDS, cap,
                     raw_sum(cap, SIM_N_KINDS, 4));
    hid_t cols = H5Gcreate2(f, "columns", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    bad |= cols < 0;
    for (int k = 0; k < SIM_N_KINDS && !bad; k++) {
        hid_t gk = -1;
        for (size_t i = 0; i < sim_col_count(w) && !bad; i++) {
            const sim_column *c = sim_col_at(w, i);
            if ((int)c->kind != k)
                continue;
            if (gk < 0 && (gk = H5Gcreate2(cols, sim_kind_name(c->kind), H5P_DEFAULT,
                                           H5P_DEFAULT, H5P_DEFAULT)) < 0) {
                bad = 1;
                break;
            }
            bad |= put_column(gk, c, cnt[k], cap[k]);
        }
        if (gk >= 0)
            H5Gclose(gk);
    }
    if (cols >= 0)
        H5Gclose(cols);
    return bad;
}

/* Keep the checkpoint at "path" and those before it as "<path>.1" ... "<path>.<keep-1>",
 * each one number up (the oldest is replaced); absent ones are skipped. The newest becomes
 * "<path>.1" as a second name (a hard link), so that "path" names a complete checkpoint at
 * every moment until the new one replaces it (a rename, atomic); where hard links do not
 * work (some network file systems) it is renamed instead. */
static int keep_older(const char *path, uint32_t keep)
{
    char from[4200], to[4200];
    for (uint32_t j = keep - 1; j >= 2; j--) {
        snprintf(from, sizeof from, "%s.%u", path, j - 1);
        snprintf(to, sizeof to, "%s.%u", path, j);
        if (rename(from, to) != 0 && errno != ENOENT)
            return -1;
    }
    snprintf(to, sizeof to, "%s.1", path);
    if (unlink(to) != 0 && errno != ENOENT)
        return -1;
    if (link(path, to) == 0 || errno == ENOENT)
        return 0;
    return rename(path, to) != 0 && errno != ENOENT ? -1 : 0;
}

int sim_ckpt_write(const char *path, const sim_world *w, const sim_ckpt_info *info, char *err,
                   size_t errlen)
{
    char part[4200];
    snprintf(part, sizeof part, "%s.part", path);
    sim_h5_why_clear(); /* and HDF5 quiet */
    hid_t fapl = H5Pcreate(H5P_FILE_ACCESS);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST);
    hid_t f = H5Fcreate(part, H5F_ACC_TRUNC, H5P_DEFAULT, fapl);
    H5Pclose(fapl);
    if (f < 0) {
        snprintf(err, errlen, "cannot create checkpoint %s: %s", part, strerror(errno));
        return NABIJ_EIO;
    }
    int bad = write_all(f, w, info);
    bad |= H5Fclose(f) < 0;
    if (!bad) {
        int fd = open(part, O_RDONLY);
        bad = fd < 0 || fsync(fd) != 0;
        if (fd >= 0)
            close(fd);
    }
    if (bad || (info->keep > 1 && keep_older(path, info->keep) != 0) || rename(part, path) != 0) {
        snprintf(err, errlen, "cannot write checkpoint %s: %s", path,
                 bad ? sim_h5_why() : strerror(errno));
        unlink(part);
        return bad ? NABIJ_EHDF5 : NABIJ_EIO;
    }
    return 0;
}

/* ---- reading ------------------------------------------------------------------------- */

/* A 1-D dataset of exactly "n" elements (n < 0: any length, returned in *got), NULL if
 * there is none; also NULL, with *damaged set, if its contents do not match their hash
 * ("sum": how it was computed). */
static void *get_array(hid_t loc, const char *name, hid_t mt, size_t es, long n, size_t *got,
                       sum_fn sum, int *damaged)
{
    hid_t d = H5Dopen2(loc, name, H5P_DEFAULT);
    if (d < 0)
        return NULL;
    hid_t sp = H5Dget_space(d);
    hsize_t dims[1] = {0};
    void *buf = NULL;
    if (H5Sget_simple_extent_ndims(sp) == 1 && H5Sget_simple_extent_dims(sp, dims, NULL) == 1 &&
        (n < 0 || dims[0] == (hsize_t)n)) {
        buf = sim_calloc(dims[0] ? dims[0] : 1, es);
        if (buf && dims[0] && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
            sim_free(buf);
            buf = NULL;
        } else if (buf && sum_differs(d, sum(buf, (size_t)dims[0], es))) {
            *damaged = 1;
            sim_free(buf);
            buf = NULL;
        }
    }
    if (got)
        *got = (size_t)dims[0];
    H5Sclose(sp);
    H5Dclose(d);
    return buf;
}

int sim_ckpt_open(const char *path, sim_ckpt **out, char *err, size_t errlen)
{
    *out = NULL;
    sim_h5_errors_quiet();
    if (access(path, R_OK) != 0) {
        snprintf(err, errlen, "cannot read checkpoint %s: %s", path, strerror(errno));
        return NABIJ_EIO;
    }
    sim_ckpt *c = sim_calloc(1, sizeof *c);
    if (!c)
        return NABIJ_ENOMEM;
    if (!(c->path = sim_strdup(path))) {
        sim_free(c);
        return NABIJ_ENOMEM;
    }
    c->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    int is_ckpt = c->file >= 0 && sim_h5_is_checkpoint(c->file);
    int32_t version = 0;
    if (!is_ckpt || sim_h5_attr_get(c->file, "version", H5T_NATIVE_INT32, &version) ||
        version != CKPT_VERSION) {
        /* say what it is instead, where it can be told */
        char *program = c->file < 0 || is_ckpt ? NULL : sim_h5_text(c->file, "program", 0);
        if (c->file < 0)
            snprintf(err, errlen, "%s is not a nabij checkpoint: not an HDF5 file, or damaged", path);
        else if (program && strcmp(program, "nabij") == 0)
            snprintf(err, errlen, "%s is a nabij run file, not a checkpoint: checkpoints are written by "
                     "nabij run --checkpoint-every K (default name <output>.ckpt)", path);
        else if (is_ckpt)
            snprintf(err, errlen, "%s is a nabij checkpoint of version %d; this nabij reads version %d",
                     path, (int)version, CKPT_VERSION);
        else
            snprintf(err, errlen, "%s is not a nabij checkpoint (its root attribute format is not '%s')", path,
                     CKPT_FORMAT);
        sim_free(program);
        sim_ckpt_close(c);
        return NABIJ_EINVAL;
    }
    sim_ckpt_info *in = &c->info;
    hid_t f = c->file;
    int bad = 0, damaged = 0;
    const char *text_damaged = NULL; /* the scenario text that does not match its checksum */
    num_attr num[N_NUMS];
    text_attr text[N_TEXTS];
    layout(in, &c->day, &c->seed, num, text);
    for (int i = 0; i < N_NUMS; i++)
        bad |= sim_h5_attr_get(f, num[i].name, num[i].type, num[i].p);
    for (int i = 0; i < N_TEXTS; i++)
        bad |= !(*text[i].p = c->strs[i] = sim_h5_text(f, text[i].name, i >= 4));
    for (int i = 4; !bad && i < N_TEXTS; i++) { /* the scenarios: a changed number would run silently */
        hid_t d = H5Dopen2(f, text[i].name, H5P_DEFAULT);
        int differs = d < 0 || sum_differs(d, XXH3_64bits(c->strs[i], strlen(c->strs[i]) + 1));
        if (differs)
            text_damaged = text[i].name;
        bad |= differs;
        if (d >= 0)
            H5Dclose(d);
    }
    in->keep = 1;
    in->every_seconds = 0; /* checkpoints before time-based ones have none */
    if (H5Aexists(f, "every_seconds") > 0)
        bad |= sim_h5_attr_get(f, "every_seconds", H5T_NATIVE_DOUBLE, &in->every_seconds) ||
               !(in->every_seconds >= 0);
    if (H5Aexists(f, "keep") > 0)
        bad |= sim_h5_attr_get(f, "keep", H5T_NATIVE_UINT32, &in->keep) || in->keep < 1;
    if (H5Aexists(f, "checkpoint_path") > 0)
        bad |= !(c->ckpath = sim_h5_text(f, "checkpoint_path", 0));
    in->path = c->ckpath && c->ckpath[0] ? c->ckpath : c->path;
    bad |= in->out_start_tick > in->tick;
    long nrows = bad ? 0 : (long)(in->tick - in->out_start_tick + 1);
    if (!bad) {
        in->ev_rows = c->ev_rows =
            get_array(f, "output/ev_rows", H5T_NATIVE_UINT64, 8, nrows, NULL, raw_sum, &damaged);
        in->lever_rows = c->lever_rows =
            get_array(f, "output/lever_rows", H5T_NATIVE_UINT64, 8, nrows, NULL, raw_sum, &damaged);
        hid_t lt = sim_h5_lever_type();
        c->levers = get_array(f, "levers", lt, sizeof(sim_lever), -1, &c->n_levers, lever_sum, &damaged);
        H5Tclose(lt);
        uint32_t *cnt = get_array(f, "counts", H5T_NATIVE_UINT32, 4, SIM_N_KINDS, NULL, raw_sum, &damaged);
        uint32_t *cap = get_array(f, "capacities", H5T_NATIVE_UINT32, 4, SIM_N_KINDS, NULL, raw_sum, &damaged);
        bad |= !c->ev_rows || !c->lever_rows || !c->levers || !cnt || !cap;
        for (int k = 0; !bad && k < SIM_N_KINDS; k++) {
            c->count[k] = cnt[k];
            c->cap[k] = cap[k];
            bad |= cnt[k] > cap[k];
        }
        sim_free(cnt);
        sim_free(cap);
    }
    if (bad && text_damaged) {
        snprintf(err, errlen, "checkpoint %s is damaged: its %s does not match the checksum written with it",
                 path, text_damaged);
        sim_ckpt_close(c);
        return NABIJ_EINVAL;
    }
    if (bad) {
        snprintf(err, errlen, damaged ? "checkpoint %s is damaged: its contents do not match the checksums "
                                        "written with them (changed or broken after it was written)"
                                      : "checkpoint %s is damaged or incomplete", path);
        sim_ckpt_close(c);
        return NABIJ_EINVAL;
    }
    *out = c;
    return 0;
}

const sim_ckpt_info *sim_ckpt_info_of(const sim_ckpt *c) { return &c->info; }
const uint32_t *sim_ckpt_capacity(const sim_ckpt *c) { return c->cap; }
const uint32_t *sim_ckpt_count(const sim_ckpt *c) { return c->count; }

/* Read column "col" from dataset "d" (of "cap" rows): the rows in use directly, the
 * headroom beyond "count" block by block through a small buffer, copied only where it is not
 * zero (it always is: entities are only ever appended), so that the headroom's pages stay
 * untouched (at national scale 2.1 GB not made resident: 5.4 GB, not 7.4). */
static int read_column(hid_t d, const sim_column *col, uint32_t count, uint32_t cap)
{
    enum { TAIL_ROWS = 1 << 16 };
    size_t es = sim_dtype_size(col->type);
    hid_t mt = sim_h5_native(col->type), fs = H5Dget_space(d);
    hsize_t dims[1] = {cap ? cap : 1};
    hid_t ms = H5Screate_simple(1, dims, NULL);
    unsigned char *buf = count < dims[0] ? sim_realloc(NULL, TAIL_ROWS, es) : NULL;
    int bad = fs < 0 || ms < 0 || (count < dims[0] && !buf);
    for (hsize_t at = 0; !bad && at < dims[0];) {
        hsize_t n = at < count ? count : (dims[0] - at < TAIL_ROWS ? dims[0] - at : TAIL_ROWS);
        int tail = at >= count;
        hsize_t zero[1] = {0}, nn[1] = {n}, off[1] = {at};
        bad |= H5Sselect_hyperslab(fs, H5S_SELECT_SET, off, NULL, nn, NULL) < 0;
        if (tail) { /* into the buffer, as a space of its own */
            hid_t bs = H5Screate_simple(1, nn, NULL);
            bad |= bs < 0 || H5Dread(d, mt, bs, fs, H5P_DEFAULT, buf) < 0;
            if (bs >= 0)
                H5Sclose(bs);
            size_t bytes = (size_t)n * es;
            if (!bad && !all_zero(buf, bytes))
                memcpy((unsigned char *)col->data + (size_t)at * es, buf, bytes);
        } else {
            bad |= H5Sselect_hyperslab(ms, H5S_SELECT_SET, zero, NULL, nn, NULL) < 0 ||
                   H5Dread(d, mt, ms, fs, H5P_DEFAULT, col->data) < 0;
        }
        at += n;
    }
    sim_free(buf);
    if (ms >= 0)
        H5Sclose(ms);
    if (fs >= 0)
        H5Sclose(fs);
    return bad;
}

int sim_ckpt_restore(const sim_ckpt *c, sim_world *w, char *err, size_t errlen)
{
    if (c->seed != sim_seed(w)) {
        snprintf(err, errlen, "checkpoint %s: seed %llu differs from the scenario's", c->path,
                 (unsigned long long)c->seed);
        return NABIJ_EINVAL;
    }
    for (int k = 0; k < SIM_N_KINDS; k++)
        if (c->cap[k] != sim_world_capacity(w, (sim_kind)k)) {
            snprintf(err, errlen,
                     "checkpoint %s: capacity %u of %s, the rebuilt world %u: written by "
                     "another version of the models", c->path,
                     c->cap[k], sim_kind_name((sim_kind)k), sim_world_capacity(w, (sim_kind)k));
            return NABIJ_EINVAL;
        }
    hid_t cols = H5Gopen2(c->file, "columns", H5P_DEFAULT);
    if (cols < 0) {
        snprintf(err, errlen, "checkpoint %s: no columns", c->path);
        return NABIJ_EINVAL;
    }
    size_t stored = 0;
    int rc = 0;
    for (int k = 0; k < SIM_N_KINDS; k++) {
        hid_t gk = H5Gopen2(cols, sim_kind_name((sim_kind)k), H5P_DEFAULT);
        if (gk < 0)
            continue;
        H5G_info_t gi;
        if (H5Gget_info(gk, &gi) >= 0)
            stored += (size_t)gi.nlinks;
        H5Gclose(gk);
    }
    if (stored != sim_col_count(w)) {
        snprintf(err, errlen, "checkpoint %s: %zu columns, the models %zu: written by another "
                              "version of the models", c->path, stored, sim_col_count(w));
        rc = NABIJ_EINVAL;
    }
    /* the checksums: read with the columns, compared after them (below) */
    size_t ncol = sim_col_count(w);
    uint64_t *want = sim_calloc(ncol + 1, sizeof *want), *got = sim_calloc(ncol + 1, sizeof *got);
    unsigned char *has = sim_calloc(ncol + 1, 1); /* 1: a checksum; 2: one that cannot be read */
    if (!rc && (!want || !got || !has)) {
        snprintf(err, errlen, "out of memory");
        rc = NABIJ_ENOMEM;
    }
    for (size_t i = 0; !rc && i < ncol; i++) {
        const sim_column *col = sim_col_at(w, i);
        char name[256];
        snprintf(name, sizeof name, "%s/%s", sim_kind_name(col->kind), col->name);
        hid_t d = H5Dopen2(cols, name, H5P_DEFAULT);
        hid_t sp = d < 0 ? -1 : H5Dget_space(d);
        hid_t ft = d < 0 ? -1 : H5Dget_type(d);
        hsize_t dims[1] = {0};
        uint32_t cap = sim_world_capacity(w, col->kind);
        if (d < 0 || H5Sget_simple_extent_ndims(sp) != 1 ||
            H5Sget_simple_extent_dims(sp, dims, NULL) != 1 || dims[0] != (cap ? cap : 1) ||
            H5Tget_size(ft) != sim_dtype_size(col->type) || c->count[col->kind] > cap ||
            read_column(d, col, c->count[col->kind], cap)) {
            snprintf(err, errlen, "checkpoint %s: column %s is missing, damaged or does not fit "
                                  "(%u rows of %zu bytes expected, the capacity; %u in use)",
                     c->path, name, cap ? cap : 1, sim_dtype_size(col->type), c->count[col->kind]);
            rc = NABIJ_EINVAL;
        } else if (H5Aexists(d, SIM_H5_SUM_ATTR) > 0) {
            has[i] = sim_h5_attr_get(d, SIM_H5_SUM_ATTR, H5T_NATIVE_UINT64, &want[i]) ? 2 : 1;
        }
        if (ft >= 0)
            H5Tclose(ft);
        if (sp >= 0)
            H5Sclose(sp);
        if (d >= 0)
            H5Dclose(d);
    }
    H5Gclose(cols);
    /* the columns' hashes on all the world's threads, a column each (HDF5 is not called:
     * 3.5 GB at national scale, half a second on one core) */
    if (!rc) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(sim_threads(w))
        for (long i = 0; i < (long)ncol; i++) {
            const sim_column *col = sim_col_at(w, (size_t)i);
            if (has[i] == 1)
                got[i] = raw_sum(col->data, c->count[col->kind], sim_dtype_size(col->type));
        }
    }
    for (size_t i = 0; !rc && i < ncol; i++)
        if (has[i] == 2 || (has[i] == 1 && got[i] != want[i])) {
            const sim_column *col = sim_col_at(w, i);
            snprintf(err, errlen, "checkpoint %s is damaged: column %s/%s does not match the checksum written "
                                  "with it (changed or broken after it was written)", c->path,
                     sim_kind_name(col->kind), col->name);
            rc = NABIJ_EINVAL;
        }
    sim_free(want);
    sim_free(got);
    sim_free(has);
    if (rc)
        return rc;
    if ((rc = sim_world_restore(w, c->info.tick, c->day, c->count, c->levers, c->n_levers))) {
        snprintf(err, errlen, "checkpoint %s: %s", c->path, sim_world_errmsg(w));
        return rc;
    }
    return 0;
}

void sim_ckpt_close(sim_ckpt *c)
{
    if (!c)
        return;
    if (c->file >= 0)
        H5Fclose(c->file);
    for (int i = 0; i < N_TEXTS; i++)
        sim_free(c->strs[i]);
    sim_free(c->path);
    sim_free(c->ckpath);
    sim_free(c->ev_rows);
    sim_free(c->lever_rows);
    sim_free(c->levers);
    sim_free(c);
}
