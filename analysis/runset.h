/* runset.h: runs grouped by scenario (one group per scenario, replicates in seed order),
 * the shape that compare, report and sensitivity all read. */
#ifndef AN_RUNSET_H
#define AN_RUNSET_H
#include "h5read.h"

typedef struct an_group {
    char *label;   /* scenario label shown in tables and legends */
    an_run **runs; /* replicates, in the order added (compare: seed order) */
    size_t n;
} an_group;

typedef struct an_runset {
    an_group *groups;
    size_t n_groups;
} an_runset;

/* Add run "r" to the group "label" (created at the end when new). Takes ownership of "r"
 * (destroyed with the set, also on failure). Returns 0 or NABIJ_ENOMEM. */
int an_runset_add(an_runset *rs, const char *label, an_run *r);
/* Sort the runs of every group by seed. */
void an_runset_sort(an_runset *rs);
/* Free all groups and runs; the set itself is caller memory. */
void an_runset_clear(an_runset *rs);
/* Names of the indicators present in every run of the set, in the order of the first run;
 * a new array of borrowed names (valid while the set lives), free with sim_free. */
const char **an_runset_common(const an_runset *rs, size_t *n);
/* Replicates usable for paired comparison: the smallest group size. */
size_t an_runset_min_reps(const an_runset *rs);
#endif
