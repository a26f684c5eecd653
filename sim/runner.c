/* runner.c: scenario -> world -> HDF5 file, with progress and interruption. */
#include "runner.h"
#include "alloc.h"
#include "h5out.h"
#include "nabij.h"
#include "run.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char *nabij_strerror(int code)
{
    switch (code) {
    case NABIJ_OK: return "ok";
    case NABIJ_ENOMEM: return "out of memory";
    case NABIJ_EINVAL: return "invalid input";
    case NABIJ_EIO: return "input/output error";
    case NABIJ_EEXIST: return "output exists";
    case NABIJ_ECAPACITY: return "entity table full";
    case NABIJ_EHDF5: return "HDF5 error";
    case NABIJ_EINTR: return "interrupted";
    }
    return "unknown error";
}

void nabij_default_output(const char *name, uint64_t seed, char *out, size_t n)
{
    char safe[SCN_STR_MAX];
    size_t i = 0;
    for (; name[i] && i + 1 < sizeof safe; i++) {
        char c = name[i];
        safe[i] = (c == '/' || c == ' ' || c == '\\') ? '_' : c;
    }
    safe[i] = 0;
    snprintf(out, n, "results/%s-seed%llu.h5", safe, (unsigned long long)seed);
}

int nabij_load_scenario(const nabij_run_opts *o, scn_scenario **out, char *err, size_t errlen)
{
    size_t ns;
    const scn_section *const *secs = nabij_sections(&ns);
    scn_scenario *s;
    int rc = scn_create(secs, ns, &s);
    if (rc) {
        snprintf(err, errlen, "out of memory");
        return rc;
    }
    if (o->scenario_path)
        rc = scn_load_file(s, o->scenario_path);
    else
        rc = scn_load_text(s, nabij_embedded_baseline, nabij_embedded_baseline_len,
                           "<embedded>", NULL);
    for (size_t i = 0; !rc && i < o->n_sets; i++)
        rc = scn_set(s, o->sets[i]);
    if (!rc && o->seed >= 0) {
        char a[64];
        snprintf(a, sizeof a, "run.seed=%lld", (long long)o->seed);
        rc = scn_set(s, a);
        if (rc)
            snprintf(err, errlen, "--seed %lld: out of range (0 to 2^53-1)", (long long)o->seed);
        else
            err[0] = 0;
        if (rc) {
            scn_destroy(s);
            return rc;
        }
    }
    if (rc) {
        snprintf(err, errlen, "%s", scn_errmsg(s));
        scn_destroy(s);
        return rc == NABIJ_EIO ? NABIJ_EINVAL : rc; /* an unreadable scenario is bad input */
    }
    *out = s;
    return 0;
}

static int make_parent_dirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int nabij_run(const nabij_run_opts *o, nabij_run_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    double t0 = now_s();
    scn_scenario *s = NULL;
    int rc = nabij_load_scenario(o, &s, err, errlen);
    if (rc)
        return rc;
    const sim_run_params *run = scn_section_values(s, "run");
    res->seed = (uint64_t)run->seed;
    snprintf(res->scenario_name, sizeof res->scenario_name, "%s", scn_name(s));
    if (o->output)
        snprintf(res->output, sizeof res->output, "%s", o->output);
    else
        nabij_default_output(scn_name(s), res->seed, res->output, sizeof res->output);
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    sim_world *w = NULL;
    h5o_file *f = NULL;
    char *text = NULL;
    if (!o->force && access(res->output, 0) == 0) {
        snprintf(err, errlen, "%s exists; use --force to replace it", res->output);
        rc = NABIJ_EEXIST;
        goto out;
    }
    if ((rc = sim_world_create(models, nm, s, o->threads, &w, err, errlen)))
        goto out;
    if (!(text = scn_to_yaml(s))) {
        rc = NABIJ_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (make_parent_dirs(res->output)) {
        snprintf(err, errlen, "cannot create the folder of %s: %s", res->output, strerror(errno));
        rc = NABIJ_EIO;
        goto out;
    }
    h5o_meta meta = {scn_name(s), text, res->seed, sim_threads(w), (int)run->snapshot_every,
                     "", o->command};
    if ((rc = h5o_create(res->output, o->force, w, &meta, &f, err, errlen)))
        goto out;
    uint32_t ticks = sim_world_ticks(w);
    for (uint32_t t = 0; t < ticks; t++) {
        if (o->stop && *o->stop) {
            snprintf(err, errlen, "interrupted at tick %u of %u; no output written", t, ticks);
            rc = NABIJ_EINTR;
            goto out;
        }
        if ((rc = sim_world_step(w))) {
            snprintf(err, errlen, "tick %u: %s", t, sim_world_errmsg(w));
            goto out;
        }
        if ((rc = h5o_write_tick(f, w))) {
            snprintf(err, errlen, "writing %s failed at tick %u", h5o_part_path(f), t);
            goto out;
        }
        if (o->on_tick && o->on_tick(o->ctx, w, t + 1, ticks)) {
            snprintf(err, errlen, "stopped at tick %u of %u; no output written", t + 1, ticks);
            rc = NABIJ_EINTR;
            goto out;
        }
    }
    res->ticks = ticks;
    rc = h5o_finish(f, err, errlen);
    f = NULL;
out:
    h5o_abort(f);
    sim_free(text);
    sim_world_destroy(w);
    scn_destroy(s);
    res->seconds = now_s() - t0;
    return rc;
}
