/* h5util.c: HDF5 helpers shared by the writers and readers of nabij's files (h5util.h).
 * Each writes exactly what the copies it replaced in h5out, checkpoint and sweep_index
 * wrote, so files keep their bytes; readers accept fixed and variable-length text, as
 * files from older writers hold both. */
#include "h5util.h"
#include "alloc.h"
#include "nabij.h"
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

hid_t sim_h5_native(sim_dtype t)
{
    switch (t) {
    case SIM_U8: return H5T_NATIVE_UINT8;
    case SIM_I16: return H5T_NATIVE_INT16;
    case SIM_I32: return H5T_NATIVE_INT32;
    case SIM_U32: return H5T_NATIVE_UINT32;
    case SIM_F32: return H5T_NATIVE_FLOAT;
    case SIM_F64: return H5T_NATIVE_DOUBLE;
    }
    return H5T_NATIVE_UINT8;
}

hid_t sim_h5_file_type(sim_dtype t)
{
    switch (t) {
    case SIM_U8: return H5T_STD_U8LE;
    case SIM_I16: return H5T_STD_I16LE;
    case SIM_I32: return H5T_STD_I32LE;
    case SIM_U32: return H5T_STD_U32LE;
    case SIM_F32: return H5T_IEEE_F32LE;
    case SIM_F64: return H5T_IEEE_F64LE;
    }
    return H5T_STD_U8LE;
}

int sim_h5_sum_put(hid_t d, const void *p, size_t n)
{
    uint64_t sum = XXH3_64bits(p, n);
    return sim_h5_attr_put(d, SIM_H5_SUM_ATTR, H5T_STD_U64LE, H5T_NATIVE_UINT64, &sum);
}

int sim_h5_attr_put(hid_t loc, const char *name, hid_t ftype, hid_t mtype, const void *v)
{
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT);
    herr_t e = a < 0 ? -1 : H5Awrite(a, mtype, v);
    if (a >= 0)
        H5Aclose(a);
    H5Sclose(sp);
    return e < 0 ? NABIJ_EHDF5 : 0;
}

int sim_h5_attr_text(hid_t loc, const char *name, const char *val)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    int rc = sim_h5_attr_put(loc, name, t, t, &val);
    H5Tclose(t);
    return rc;
}

static char h5_why[256];

/* The innermost error (walked upward, it comes first): the text of its "error message = '...'"
 * (the system call's strerror, in a file driver's error) or its whole description. */
static herr_t why_walk(unsigned n, const H5E_error2_t *e, void *out)
{
    static const char key[] = "error message = '";
    const char *d = e->desc ? e->desc : "", *m = strstr(d, key);
    if (m) {
        m += sizeof key - 1;
        snprintf(out, sizeof h5_why, "%.*s", (int)strcspn(m, "'"), m);
        return 1; /* stop: the system's own words */
    }
    if (n == 0)
        snprintf(out, sizeof h5_why, "%s", d);
    return 0;
}

static herr_t why_auto(hid_t stack, void *data)
{
    (void)data;
    if (!h5_why[0])
        H5Ewalk2(stack, H5E_WALK_UPWARD, why_walk, h5_why);
    return 0;
}

void sim_h5_errors_quiet(void) { H5Eset_auto2(H5E_DEFAULT, why_auto, NULL); }
void sim_h5_why_clear(void)
{
    sim_h5_errors_quiet(); /* in case a reader in this process silenced HDF5 another way */
    h5_why[0] = 0;
}
const char *sim_h5_why(void) { return h5_why[0] ? h5_why : "no reason given"; }

int sim_h5_is_checkpoint(hid_t f)
{
    char format[32];
    sim_h5_attr_text_copy(f, "format", format, sizeof format);
    return strcmp(format, SIM_H5_CKPT_FORMAT) == 0;
}

int sim_h5_column_attrs(hid_t d, const sim_column *c)
{
    if (d < 0)
        return 0;
    return sim_h5_attr_text(d, "unit", c->unit ? c->unit : "") |
           sim_h5_attr_text(d, "description", c->doc ? c->doc : "");
}

int sim_h5_attr_get(hid_t loc, const char *name, hid_t mtype, void *v)
{
    if (H5Aexists(loc, name) <= 0)
        return NABIJ_EHDF5;
    hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
    herr_t e = a < 0 ? -1 : H5Aread(a, mtype, v);
    if (a >= 0)
        H5Aclose(a);
    return e < 0 ? NABIJ_EHDF5 : 0;
}

static herr_t read_obj(hid_t obj, int is_attr, hid_t mt, void *buf)
{
    return is_attr ? H5Aread(obj, mt, buf) : H5Dread(obj, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}

char *sim_h5_text_of(hid_t obj, int is_attr)
{
    hid_t t = is_attr ? H5Aget_type(obj) : H5Dget_type(obj);
    if (t < 0)
        return NULL;
    char *out = NULL;
    if (H5Tget_class(t) == H5T_STRING) {
        hid_t mt = H5Tcopy(H5T_C_S1);
        H5Tset_cset(mt, H5Tget_cset(t));
        if (H5Tis_variable_str(t) > 0) {
            H5Tset_size(mt, H5T_VARIABLE);
            char *v = NULL;
            if (read_obj(obj, is_attr, mt, &v) >= 0 && v)
                out = sim_strdup(v);
            if (v)
                H5free_memory(v);
        } else {
            size_t n = H5Tget_size(t);
            H5Tset_size(mt, n);
            out = sim_calloc(n + 1, 1);
            if (out && read_obj(obj, is_attr, mt, out) < 0) {
                sim_free(out);
                out = NULL;
            }
        }
        H5Tclose(mt);
    }
    H5Tclose(t);
    return out;
}

char *sim_h5_text(hid_t loc, const char *name, int dataset)
{
    if ((dataset ? H5Lexists(loc, name, H5P_DEFAULT) : H5Aexists(loc, name)) <= 0)
        return NULL;
    hid_t o = dataset ? H5Dopen2(loc, name, H5P_DEFAULT) : H5Aopen(loc, name, H5P_DEFAULT);
    if (o < 0)
        return NULL;
    char *s = sim_h5_text_of(o, !dataset);
    if (dataset)
        H5Dclose(o);
    else
        H5Aclose(o);
    return s;
}

void sim_h5_attr_text_copy(hid_t loc, const char *name, char *out, size_t n)
{
    char *s = sim_h5_text(loc, name, 0);
    snprintf(out, n, "%s", s ? s : "");
    sim_free(s);
}

/* Rows [at, at + n) of "ds" read into "rbuf", or written from "wbuf" after the dataset grew. */
static int rows_io(hid_t ds, hid_t mt, hsize_t at, hsize_t n, hsize_t width, void *rbuf,
                   const void *wbuf)
{
    if (n == 0)
        return 0;
    int rank = width ? 2 : 1;
    hsize_t dims[2] = {at + n, width};
    if (wbuf && H5Dset_extent(ds, dims) < 0)
        return NABIJ_EHDF5;
    hid_t fs = H5Dget_space(ds);
    if (fs < 0 || H5Sget_simple_extent_dims(fs, dims, NULL) != rank || dims[0] < at + n ||
        (rank == 2 && dims[1] != width)) {
        if (fs >= 0)
            H5Sclose(fs);
        return NABIJ_EHDF5;
    }
    hsize_t start[2] = {at, 0}, count[2] = {n, width};
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, start, NULL, count, NULL);
    hid_t ms = H5Screate_simple(rank, count, NULL);
    herr_t e = wbuf ? H5Dwrite(ds, mt, ms, fs, H5P_DEFAULT, wbuf)
                    : H5Dread(ds, mt, ms, fs, H5P_DEFAULT, rbuf);
    H5Sclose(ms);
    H5Sclose(fs);
    return e < 0 ? NABIJ_EHDF5 : 0;
}

int sim_h5_read_rows(hid_t ds, hid_t mt, hsize_t at, hsize_t n, hsize_t width, void *buf)
{
    return rows_io(ds, mt, at, n, width, buf, NULL);
}

int sim_h5_append_rows(hid_t ds, hid_t mt, hsize_t at, hsize_t n, hsize_t width,
                       const void *buf)
{
    return rows_io(ds, mt, at, n, width, NULL, buf);
}

hid_t sim_h5_group(hid_t loc, const char *name)
{
    hid_t pl = H5Pcreate(H5P_GROUP_CREATE);
    H5Pset_obj_track_times(pl, 0);
    H5Pset_link_creation_order(pl, H5P_CRT_ORDER_TRACKED);
    hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, pl, H5P_DEFAULT);
    H5Pclose(pl);
    return g;
}

hid_t sim_h5_lever_type(void)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sim_lever));
    hid_t s = H5Tcopy(H5T_C_S1);
    H5Tset_size(s, sizeof(((sim_lever *)0)->assignment));
    H5Tinsert(t, "tick", HOFFSET(sim_lever, tick), H5T_NATIVE_INT32);
    H5Tinsert(t, "assignment", HOFFSET(sim_lever, assignment), s);
    H5Tclose(s);
    return t;
}

/* A fixed-length string member "name" of "n" bytes at "off" of compound "t". */
static void insert_text(hid_t t, const char *name, size_t off, size_t n, H5T_cset_t cset)
{
    hid_t s = H5Tcopy(H5T_C_S1);
    H5Tset_cset(s, cset);
    H5Tset_size(s, n);
    H5Tinsert(t, name, off, s);
    H5Tclose(s);
}

hid_t sim_h5_kind_type(H5T_cset_t cset)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sim_h5_kind_row));
    insert_text(t, "name", HOFFSET(sim_h5_kind_row, name), sizeof(((sim_h5_kind_row *)0)->name),
                cset);
    insert_text(t, "story", HOFFSET(sim_h5_kind_row, story),
                sizeof(((sim_h5_kind_row *)0)->story), cset);
    insert_text(t, "counterparts", HOFFSET(sim_h5_kind_row, counterparts),
                sizeof(((sim_h5_kind_row *)0)->counterparts), cset);
    return t;
}

hid_t sim_h5_event_type(hid_t kind)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(sim_event));
    H5Tinsert(t, "tick", HOFFSET(sim_event, tick), H5T_NATIVE_INT32);
    H5Tinsert(t, "kind", HOFFSET(sim_event, kind), kind);
    H5Tinsert(t, "household", HOFFSET(sim_event, household), H5T_NATIVE_INT32);
    H5Tinsert(t, "person", HOFFSET(sim_event, person), H5T_NATIVE_INT32);
    H5Tinsert(t, "counterpart", HOFFSET(sim_event, counterpart), H5T_NATIVE_INT32);
    H5Tinsert(t, "amount", HOFFSET(sim_event, amount), H5T_NATIVE_DOUBLE);
    return t;
}

hid_t sim_h5_event_kind_native(hid_t ds)
{
    hid_t ft = H5Dget_type(ds);
    int ki = ft < 0 ? -1 : H5Tget_member_index(ft, "kind");
    hid_t kt = ki >= 0 ? H5Tget_member_type(ft, (unsigned)ki) : -1;
    hid_t nk = kt >= 0 ? H5Tget_native_type(kt, H5T_DIR_ASCEND) : -1;
    if (kt >= 0)
        H5Tclose(kt);
    if (ft >= 0)
        H5Tclose(ft);
    return nk;
}
