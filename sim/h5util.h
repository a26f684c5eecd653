/* h5util.h: the HDF5 pieces that the writers (h5out, checkpoint, sweep_index) and the
 * readers (analysis/h5read, viz/replay) of nabij's files share: scalar and text attributes,
 * text read back whether fixed or variable length, groups, and the compound types of
 * /events, /levers and /event_kinds. It opens and closes no files. */
#ifndef SIM_H5UTIL_H
#define SIM_H5UTIL_H
#include "world.h"
#include <hdf5.h>
#include <stddef.h>

/* The memory type and the little-endian file type of column type "t". */
hid_t sim_h5_native(sim_dtype t);
hid_t sim_h5_file_type(sim_dtype t);

/* Write the scalar attribute "name" of "loc": "v" in memory type "mtype", stored as
 * "ftype". Returns 0 or NABIJ_EHDF5. */
int sim_h5_attr_put(hid_t loc, const char *name, hid_t ftype, hid_t mtype, const void *v);
/* Write the text attribute "name" of "loc" as variable-length UTF-8, which h5py and rhdf5
 * read as text. Returns 0 or NABIJ_EHDF5. */
int sim_h5_attr_text(hid_t loc, const char *name, const char *val);
/* The text attributes "unit" and "description" of column "c" on its dataset "d" (nothing
 * if d < 0), in run files (/static, /snapshots) and checkpoints (/columns). Returns 0 or
 * NABIJ_EHDF5. */
int sim_h5_column_attrs(hid_t d, const sim_column *c);
/* Read the scalar attribute "name" of "loc" into "v" (memory type "mtype"). Returns 0, or
 * NABIJ_EHDF5 when it is missing or does not convert. */
int sim_h5_attr_get(hid_t loc, const char *name, hid_t mtype, void *v);
/* Stop HDF5 from printing its error stacks, and keep instead the reason of the first
 * failure since sim_h5_why_clear (which installs this too; the library is serial: one
 * thread calls it at a time). Every reader and writer of nabij's files silences HDF5 so. */
void sim_h5_errors_quiet(void);
void sim_h5_why_clear(void);
/* That reason: the operating system's message where the failure has one ("No space left on
 * device", "File too large", "Disk quota exceeded"), else the description of the innermost
 * error HDF5 recorded; "no reason given" if nothing failed since the clear. */
const char *sim_h5_why(void);
/* 1 if the open file "f" is a checkpoint of `nabij run --checkpoint-every` (its root
 * attribute format), which the readers of run files name instead of "not a nabij file". */
int sim_h5_is_checkpoint(hid_t f);
#define SIM_H5_CKPT_FORMAT "nabij checkpoint"
/* The attribute holding a dataset's XXH3 64-bit checksum (uint64), in checkpoints
 * (checkpoint.c) and on the time series, /static columns, /scenario and /event_kinds of run
 * files (h5out.c); sim/verify.c checks them. */
#define SIM_H5_SUM_ATTR "xxh3_64"
/* Give dataset "d" the attribute SIM_H5_SUM_ATTR: the XXH3 hash of the "n" bytes at "p",
 * which must be what the dataset holds as read in its file type. Returns 0 or NABIJ_EHDF5. */
int sim_h5_sum_put(hid_t d, const void *p, size_t n);

/* The text of the open attribute (is_attr) or scalar dataset "obj", fixed or variable
 * length, as a new string (sim_free); NULL when it is not text or cannot be read. */
char *sim_h5_text_of(hid_t obj, int is_attr);
/* The same for the attribute (dataset = 0) or dataset "name" of "loc"; NULL when missing. */
char *sim_h5_text(hid_t loc, const char *name, int dataset);
/* The text attribute "name" of "loc" into "out" of "n" bytes, cut short if need be; ""
 * when missing. */
void sim_h5_attr_text_copy(hid_t loc, const char *name, char *out, size_t n);

/* Read rows [at, at + n) of the 1-D ("width" 0) or 2-D dataset "ds", rows of "width"
 * values, into "buf" (memory type "mt"); append "n" rows at row "at" of an extendible one,
 * which grows to at + n rows. Returns 0, or NABIJ_EHDF5 also when the rows or their width
 * are not in the dataset. */
int sim_h5_read_rows(hid_t ds, hid_t mt, hsize_t at, hsize_t n, hsize_t width, void *buf);
int sim_h5_append_rows(hid_t ds, hid_t mt, hsize_t at, hsize_t n, hsize_t width,
                       const void *buf);

/* A new group "name" in "loc" that keeps the order its links were created in and no
 * times (so that the same content writes the same bytes); close it with H5Gclose. */
hid_t sim_h5_group(hid_t loc, const char *name);

/* One row of /event_kinds. */
typedef struct sim_h5_kind_row {
    char name[48], story[208], counterparts[256];
} sim_h5_kind_row;

/* The compound types of a /levers row (sim_lever), an /event_kinds row (sim_h5_kind_row,
 * strings in character set "cset") and an /events row (sim_event, with "kind" as the type
 * of its kind member: the enum of kind names when writing, its native copy when reading).
 * Each is a new type for H5Tclose. */
hid_t sim_h5_lever_type(void);
hid_t sim_h5_kind_type(H5T_cset_t cset);
hid_t sim_h5_event_type(hid_t kind);
/* The native type of the kind member of the /events dataset "ds" (H5Tclose it), or -1. */
hid_t sim_h5_event_kind_native(hid_t ds);
#endif
