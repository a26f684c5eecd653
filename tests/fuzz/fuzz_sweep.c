/* fuzz_sweep.c: fuzz target for the sweep-file loader (sw_load). The input is written to a
 * file in a private temporary folder (sw_load reads a path and resolves the base scenario
 * against that folder); a rejected file must say why, an accepted one must have at least one
 * run and its design within the limits of sweep.h. */
#include "sweep.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], path[128];

/* The private folder goes when the process ends (each input's file is removed after it). */
static void remove_dir(void)
{
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/nabij-fuzz-sweep.XXXXXX");
        if (!mkdtemp(dir))
            abort();
        snprintf(path, sizeof path, "%s/sweep.yaml", dir);
        atexit(remove_dir);
    }
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    sw_sweep *sw = calloc(1, sizeof *sw);
    if (!sw)
        abort();
    char err[1024] = "";
    int rc = sw_load(sw, path, NULL, err, sizeof err);
    if (rc && !err[0])
        abort(); /* a rejected sweep file must say why */
    if (!rc && (sw->replicates < 1 || sw->n_params > SW_MAX_PARAMS || sw->n_sets > SW_MAX_SETS))
        abort();
    for (size_t i = 0; !rc && i < sw->n_params; i++)
        if (!sw->params[i].is_range &&
            (sw->params[i].n_values < 1 || sw->params[i].n_values > SW_MAX_VALUES))
            abort();
    sw_clear(sw);
    free(sw);
    unlink(path);
    return 0;
}
