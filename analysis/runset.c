/* runset.c: grouping of runs by scenario label. */
#include "runset.h"
#include "alloc.h"
#include "nabij.h"
#include <stdlib.h>
#include <string.h>

int an_runset_add(an_runset *rs, const char *label, an_run *r)
{
    size_t g = 0;
    while (g < rs->n_groups && strcmp(rs->groups[g].label, label))
        g++;
    if (g == rs->n_groups) {
        an_group *ng = sim_realloc(rs->groups, rs->n_groups + 1, sizeof *ng);
        if (!ng) {
            an_run_destroy(r);
            return NABIJ_ENOMEM;
        }
        rs->groups = ng;
        memset(&ng[g], 0, sizeof ng[g]);
        if (!(ng[g].label = sim_strdup(label))) {
            an_run_destroy(r);
            return NABIJ_ENOMEM;
        }
        rs->n_groups++;
    }
    an_group *gr = &rs->groups[g];
    an_run **nr = sim_realloc(gr->runs, gr->n + 1, sizeof *nr);
    if (!nr) {
        an_run_destroy(r);
        return NABIJ_ENOMEM;
    }
    gr->runs = nr;
    gr->runs[gr->n++] = r;
    return 0;
}

static int by_seed(const void *a, const void *b)
{
    const an_run *x = *(an_run *const *)a, *y = *(an_run *const *)b;
    return (x->seed > y->seed) - (x->seed < y->seed);
}

void an_runset_sort(an_runset *rs)
{
    for (size_t g = 0; g < rs->n_groups; g++)
        qsort(rs->groups[g].runs, rs->groups[g].n, sizeof(an_run *), by_seed);
}

void an_runset_clear(an_runset *rs)
{
    for (size_t g = 0; g < rs->n_groups; g++) {
        for (size_t i = 0; i < rs->groups[g].n; i++)
            an_run_destroy(rs->groups[g].runs[i]);
        sim_free(rs->groups[g].runs);
        sim_free(rs->groups[g].label);
    }
    sim_free(rs->groups);
    rs->groups = NULL;
    rs->n_groups = 0;
}

const char **an_runset_common(const an_runset *rs, size_t *n)
{
    *n = 0;
    if (!rs->n_groups || !rs->groups[0].n)
        return sim_calloc(1, sizeof(const char *));
    const an_run *first = rs->groups[0].runs[0];
    const char **names = sim_calloc(first->n_series + 1, sizeof *names);
    if (!names)
        return NULL;
    for (size_t i = 0; i < first->n_series; i++) {
        const char *nm = first->series[i].name;
        int all = 1;
        for (size_t g = 0; g < rs->n_groups && all; g++)
            for (size_t r = 0; r < rs->groups[g].n && all; r++)
                all = an_run_series(rs->groups[g].runs[r], nm) != NULL;
        if (all)
            names[(*n)++] = nm;
    }
    return names;
}

size_t an_runset_min_reps(const an_runset *rs)
{
    size_t m = 0;
    for (size_t g = 0; g < rs->n_groups; g++)
        if (g == 0 || rs->groups[g].n < m)
            m = rs->groups[g].n;
    return m;
}
