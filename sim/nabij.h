/* nabij.h: error codes and version shared by every module of nabij.
 * Functions that can fail return 0 or a negative NABIJ_E* code; the text of the error
 * lives in the object that failed (scn_errmsg, sim_world_errmsg, h5o_errmsg). */
#ifndef NABIJ_H
#define NABIJ_H

#define NABIJ_OK 0
#define NABIJ_ENOMEM (-1)    /* allocation failed */
#define NABIJ_EINVAL (-2)    /* invalid input: scenario, option, value out of range */
#define NABIJ_EIO (-3)       /* file could not be read or written */
#define NABIJ_EEXIST (-4)    /* output exists and --force was not given */
#define NABIJ_ECAPACITY (-5) /* an entity table is full */
#define NABIJ_EHDF5 (-6)     /* the HDF5 library reported an error */
#define NABIJ_EINTR (-7)     /* interrupted by a signal */

/* Schema version of the HDF5 output (docs/hdf5-schema.md). Bump on incompatible change. */
#define NABIJ_SCHEMA_VERSION 1

/* Program version and git hash, filled in by CMake (sim/version.c). */
extern const char nabij_version[];
extern const char nabij_git_hash[];

/* Short text for an error code, for messages. */
const char *nabij_strerror(int code);

#endif
