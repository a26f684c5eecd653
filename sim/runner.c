/* runner.c: scenario -> world -> HDF5 file, with progress and interruption. */
#include "runner.h"
#include "h5util.h"
#include "alloc.h"
#include "checkpoint.h"
#include "model.h"
#include "h5out.h"
#include "nabij.h"
#include "run.h"
#include "sysmem.h"
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* Before the set-up (which takes seconds at national scale): whether "out" can be the
 * output (or the checkpoint file; "opt" names its option, "example" a file name for the
 * message). An empty name or a folder is refused (NABIJ_EINVAL), with or without --force;
 * the folders to it are made, and a trial <out>.part is created and removed, so that a path
 * where nothing can be written (a missing folder that cannot be made, a read-only
 * filesystem, no permission) fails now rather than after the world is built. An existing
 * .part is left alone: it may be a run still going (h5o_create refuses it) or one to
 * resume. */
static int check_output(const char *out, const char *opt, const char *example, char *err, size_t errlen)
{
    struct stat st;
    size_t n = strlen(out);
    if (!n) {
        snprintf(err, errlen, "the file name of %s is empty", opt);
        return NABIJ_EINVAL;
    }
    if (out[n - 1] == '/' || (stat(out, &st) == 0 && S_ISDIR(st.st_mode))) {
        snprintf(err, errlen, "%s is a folder: name the file, e.g. %s %s%s%s", out, opt, out,
                 out[n - 1] == '/' ? "" : "/", example);
        return NABIJ_EINVAL;
    }
    if (make_parent_dirs(out)) {
        snprintf(err, errlen, "cannot create the folder of %s: %s", out, strerror(errno));
        return NABIJ_EIO;
    }
    char part[4200];
    snprintf(part, sizeof part, "%s.part", out);
    int fd = open(part, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
        close(fd);
        unlink(part);
    } else if (errno != EEXIST) {
        snprintf(err, errlen, "cannot create %s: %s", part, strerror(errno));
        return NABIJ_EIO;
    }
    return 0;
}

/* A "<out>.part" with something in it that no run is writing is the partial output of an
 * interrupted run: readable up to its last tick, and what `--resume` continues. A new run
 * would replace it, so without --force it is refused (NABIJ_EEXIST), as a complete output
 * is. An empty one (a run stopped before its first write) holds nothing to lose; one being
 * written is refused by h5o_create, with its own message. */
static int check_stale_part(const char *out, char *err, size_t errlen)
{
    char part[4200];
    struct stat st;
    snprintf(part, sizeof part, "%s.part", out);
    if (stat(part, &st) != 0 || st.st_size == 0 || h5o_part_busy(part))
        return 0;
    snprintf(err, errlen,
             "%s exists: the partial output of an interrupted run (`nabij verify %s` shows what it holds); "
             "continue it with `nabij run --resume CHECKPOINT` if it has one, or use --force to start over "
             "and replace it",
             part, part);
    return NABIJ_EEXIST;
}

int nabij_parse_every(const char *text, long long *ticks, double *seconds)
{
    char *end;
    *ticks = 0;
    *seconds = 0;
    if (!text || !*text)
        return -1;
    errno = 0;
    double v = strtod(text, &end);
    double unit = !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 : !strcmp(end, "h") ? 3600 : 0;
    if (!errno && unit > 0 && end != text && isfinite(v) && v * unit >= 1 && v * unit <= 1e7) {
        *seconds = v * unit;
        return 0;
    }
    errno = 0;
    long long k = strtoll(text, &end, 10);
    if (!errno && !*end && k >= 1 && k <= 1000000) {
        *ticks = k;
        return 0;
    }
    return -1;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* What the set-up before the first tick does, for on_setup: restoring "tick" of checkpoint
 * "ckpath", or building a world of the scenario's inhabitants. */
unsigned long long nabij_inhabitants(const scn_scenario *s)
{
    void *pv = NULL;
    const scn_param *pp = scn_lookup(s, "population.inhabitants", &pv);
    if (!pp || pp->type != SCN_INT)
        return 0;
    int64_t v = *(const int64_t *)(const void *)((const char *)pv + pp->offset);
    return v > 0 ? (unsigned long long)v : 0;
}

static void setup_what(const scn_scenario *s, const char *ckpath, uint32_t tick, char *out, size_t n)
{
    unsigned long long inh = ckpath ? 0 : nabij_inhabitants(s);
    if (ckpath)
        snprintf(out, n, "restoring tick %u of checkpoint %s", tick, ckpath);
    else if (inh)
        snprintf(out, n, "building a world of %llu inhabitants", inh);
    else
        snprintf(out, n, "building the world");
}

unsigned long long nabij_memory_need(unsigned long long persons)
{
    return persons * NABIJ_BYTES_PER_PERSON + NABIJ_BYTES_FIXED;
}

/* Warn (o->on_warning) when a world of "persons" will likely not fit in the memory available. */
static void memory_check(const nabij_run_opts *o, unsigned long long persons)
{
    if (!o->on_warning)
        return;
    unsigned long long need = nabij_memory_need(persons), avail = sim_mem_available();
    if (!avail || need <= avail)
        return;
    char text[512];
    snprintf(text, sizeof text,
             "a world of %llu inhabitants needs about %.1f GB of memory (%llu bytes a person, as "
             "measured at national scale), and %.1f GB is available (to this job, where its memory "
             "cgroup is limited): the system may stop the run (fewer inhabitants, or more memory)",
             persons, need / 1e9, NABIJ_BYTES_PER_PERSON, avail / 1e9);
    o->on_warning(o->ctx, text);
}

/* Row counts of the output after each tick since its first state (for checkpoints). */
typedef struct rowlog {
    uint64_t *ev, *lv;
    size_t n, cap;
} rowlog;

static int rowlog_push(rowlog *r, const h5o_file *f)
{
    if (r->n == r->cap) {
        size_t nc = r->cap ? 2 * r->cap : 64;
        uint64_t *a = sim_realloc(r->ev, nc, sizeof *a);
        if (!a)
            return NABIJ_ENOMEM;
        r->ev = a;
        uint64_t *b = sim_realloc(r->lv, nc, sizeof *b);
        if (!b)
            return NABIJ_ENOMEM;
        r->lv = b;
        r->cap = nc;
    }
    h5o_rows(f, &r->ev[r->n], &r->lv[r->n]);
    r->n++;
    return 0;
}

static int rowlog_load(rowlog *r, const uint64_t *ev, const uint64_t *lv, size_t n)
{
    r->ev = sim_calloc(n + 64, sizeof *r->ev);
    r->lv = sim_calloc(n + 64, sizeof *r->lv);
    if (!r->ev || !r->lv)
        return NABIJ_ENOMEM;
    memcpy(r->ev, ev, n * sizeof *ev);
    memcpy(r->lv, lv, n * sizeof *lv);
    r->n = n;
    r->cap = n + 64;
    return 0;
}

/* A scenario from YAML text, such as a checkpoint's world (runner.h). */
int nabij_scenario_from_text(const char *text, const char *name, scn_scenario **out,
                              char *err, size_t errlen)
{
    size_t ns;
    const scn_section *const *secs = nabij_sections(&ns);
    scn_scenario *s;
    int rc = scn_create(secs, ns, &s);
    if (rc) {
        snprintf(err, errlen, "out of memory");
        return rc;
    }
    if ((rc = scn_load_text(s, text, strlen(text), name, NULL))) {
        snprintf(err, errlen, "%s", scn_errmsg(s));
        scn_destroy(s);
        return rc;
    }
    *out = s;
    return 0;
}

/* Pick the partial output a resume copies from: "<out>.part" if it holds the checkpoint's
 * ticks (it is moved to "<out>.part.resume"), else a "<out>.part.resume" left by an
 * interrupted resume. */
static int resume_source(const char *output, const sim_ckpt_info *in, char *src, size_t n,
                         char *err, size_t errlen)
{
    char part[4200];
    snprintf(part, sizeof part, "%s.part", output);
    snprintf(src, n, "%s.part.resume", output);
    uint32_t need = in->tick - in->out_start_tick, rows = 0;
    if (h5o_part_busy(part)) {
        snprintf(err, errlen, "cannot resume: %s is being written by another process (the run is still going?)", part);
        return NABIJ_EEXIST;
    }
    if (h5o_partial_ticks(part, in->output_scenario, &rows) == 0 && rows >= need) {
        if (rename(part, src) != 0) {
            snprintf(err, errlen, "cannot rename %s: %s", part, strerror(errno));
            return NABIJ_EIO;
        }
        return 0;
    }
    if (h5o_partial_ticks(src, in->output_scenario, &rows) == 0 && rows >= need)
        return 0;
    snprintf(err, errlen,
             "cannot resume: %s (the partial output of the interrupted run) is missing, belongs "
             "to another run, or holds fewer than the checkpoint's %u ticks",
             part, need);
    return NABIJ_EIO;
}

int nabij_run(const nabij_run_opts *o, nabij_run_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    double t0 = now_s();
    scn_scenario *s = NULL;
    sim_ckpt *ck = NULL;
    const sim_ckpt_info *ci = NULL;
    const char *ckpath = o->resume ? o->resume : o->from;
    int rc;
    if (o->resume && o->from) {
        snprintf(err, errlen, "--resume and --from exclude each other");
        return NABIJ_EINVAL;
    }
    if (o->resume && (o->scenario_path || o->n_sets || o->seed >= 0 || o->output)) {
        snprintf(err, errlen, "--resume continues a run as it was: no scenario file, --set, "
                              "--seed or -o (use --from to branch)");
        return NABIJ_EINVAL;
    }
    if (o->from && (o->scenario_path || o->seed >= 0)) {
        snprintf(err, errlen, "--from continues the checkpoint's scenario: no scenario file or "
                              "--seed (use --set to change parameters)");
        return NABIJ_EINVAL;
    }
    if (ckpath) {
        if ((rc = sim_ckpt_open(ckpath, &ck, err, errlen)))
            return rc;
        ci = sim_ckpt_info_of(ck);
        rc = nabij_scenario_from_text(ci->world_scenario, ckpath, &s, err, errlen);
    } else {
        rc = nabij_load_scenario(o, &s, err, errlen);
    }
    if (rc) {
        sim_ckpt_close(ck);
        return rc;
    }
    const sim_run_params *run = scn_section_values(s, "run");
    res->seed = (uint64_t)run->seed;
    snprintf(res->scenario_name, sizeof res->scenario_name, "%s", scn_name(s));
    if (o->resume)
        snprintf(res->output, sizeof res->output, "%s", ci->output);
    else if (o->output)
        snprintf(res->output, sizeof res->output, "%s", o->output);
    else if (o->from) {
        char base[sizeof res->output - 32]; /* room for "-from<tick>.h5" */
        nabij_default_output(scn_name(s), res->seed, base, sizeof base);
        base[strlen(base) - 3] = 0; /* ".h5" */
        snprintf(res->output, sizeof res->output, "%s-from%u.h5", base, ci->tick);
    } else
        nabij_default_output(scn_name(s), res->seed, res->output, sizeof res->output);
    char ckout[4200];
    if (o->checkpoint)
        snprintf(ckout, sizeof ckout, "%s", o->checkpoint);
    else if (o->resume) { /* the name the run wrote it under (a kept older one has moved
                             * on to <name>.1 ...), in the folder it is in now */
        const char *slash = strrchr(o->resume, '/'), *base = strrchr(ci->path, '/');
        base = base ? base + 1 : ci->path;
        snprintf(ckout, sizeof ckout, "%.*s%s", slash ? (int)(slash - o->resume + 1) : 0, o->resume, base);
    }
    else
        snprintf(ckout, sizeof ckout, "%s.ckpt", res->output);
    /* the interval in ticks or in seconds: the one given, else the resumed run's */
    int given = o->checkpoint_every || o->checkpoint_seconds > 0;
    uint32_t every = given ? o->checkpoint_every : (o->resume ? ci->every : 0);
    double every_s = given ? o->checkpoint_seconds : (o->resume ? ci->every_seconds : 0);
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    sim_world *w = NULL;
    h5o_file *f = NULL;
    char *text = NULL, *wtext = NULL;
    rowlog rl = {0};
    char src[4200] = "";
    if (o->checkpoint_keep && !every && !(every_s > 0)) {
        snprintf(err, errlen, "--checkpoint-keep needs --checkpoint-every (no checkpoints to keep)");
        rc = NABIJ_EINVAL;
        goto out;
    }
    if ((rc = check_output(res->output, "-o", "run.h5", err, errlen)) ||
        ((every || every_s > 0) && (rc = check_output(ckout, "--checkpoint", "run.ckpt", err, errlen))))
        goto out;
    if (!o->force && access(res->output, 0) == 0) {
        snprintf(err, errlen, "%s exists; use --force to replace it", res->output);
        rc = NABIJ_EEXIST;
        goto out;
    }
    if (!o->force && !o->resume && (rc = check_stale_part(res->output, err, errlen)))
        goto out;
    char what[4400];
    double s0 = now_s();
    memory_check(o, ck ? sim_ckpt_count(ck)[SIM_PERSON] : nabij_inhabitants(s));
    if (o->on_setup) {
        setup_what(s, ck ? ckpath : NULL, ck ? ci->tick : 0, what, sizeof what);
        o->on_setup(o->ctx, what, -1);
    }
    /* a world for a checkpoint only registers the models' columns: its population comes
     * from the file (at national scale this saves building 17.9 million persons) */
    if ((rc = ck ? sim_world_create_restoring(models, nm, s, o->threads, sim_ckpt_capacity(ck), &w,
                                              err, errlen)
                 : sim_world_create(models, nm, s, o->threads, &w, err, errlen))) {
        if (ck) { /* the world is the checkpoint's: say which */
            char why[1024];
            snprintf(why, sizeof why, "%s", err);
            snprintf(err, errlen, "checkpoint %s: %s", ckpath, why);
        }
        goto out;
    }
    /* the world's own scenario (before any lever) and the output's */
    if (ckpath) {
        wtext = sim_strdup(ci->world_scenario);
        text = o->resume ? sim_strdup(ci->output_scenario) : NULL;
    } else {
        wtext = scn_to_yaml(s);
        text = wtext ? sim_strdup(wtext) : NULL;
    }
    if (!wtext || (!text && !o->from)) {
        rc = NABIJ_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    if (o->from) {
        if ((rc = sim_ckpt_restore(ck, w, err, errlen)))
            goto out;
        for (size_t i = 0; i < o->n_sets; i++)
            if ((rc = sim_world_set(w, o->sets[i]))) {
                snprintf(err, errlen, "%s", sim_world_errmsg(w));
                goto out;
            }
        if (!(text = scn_to_yaml(s))) {
            rc = NABIJ_ENOMEM;
            snprintf(err, errlen, "out of memory");
            goto out;
        }
    }
    if (make_parent_dirs(res->output)) {
        snprintf(err, errlen, "cannot create the folder of %s: %s", res->output, strerror(errno));
        rc = NABIJ_EIO;
        goto out;
    }
    h5o_meta meta = {scn_name(s), text, res->seed, sim_threads(w), (int)run->snapshot_every,
                     "", o->command, NULL, sim_day(w), (int32_t)sim_world_ticks(w), -1, NULL};
    h5o_replay rp;
    if (o->from) {
        meta.parent = ckpath;
        meta.parent_tick = (int32_t)ci->tick;
    }
    if (o->resume) {
        if ((rc = resume_source(res->output, ci, src, sizeof src, err, errlen)))
            goto out;
        rp = (h5o_replay){src, ci->out_start_tick, ci->tick, ci->ev_rows, ci->lever_rows};
        meta = (h5o_meta){scn_name(s), text, res->seed, ci->threads, (int)run->snapshot_every,
                          ci->parent, ci->command, ci->created_utc, ci->start_day,
                          ci->ticks_planned, ci->parent_tick, &rp};
    }
    if ((rc = h5o_create(res->output, o->force, w, &meta, &f, err, errlen)))
        goto out;
    if (o->resume) {
        unlink(src);
        if ((rc = sim_ckpt_restore(ck, w, err, errlen)) ||
            (rc = rowlog_load(&rl, ci->ev_rows, ci->lever_rows,
                              ci->tick - ci->out_start_tick + 1)))
            goto out;
    } else if ((rc = rowlog_push(&rl, f))) {
        goto out;
    }
    sim_ckpt_info info = {.world_scenario = wtext, .output_scenario = text, .output = res->output,
                          .command = meta.command, .parent = meta.parent, .parent_tick = meta.parent_tick,
                          .threads = meta.threads, .ticks_planned = meta.ticks_planned,
                          .start_day = meta.start_day,
                          .out_start_tick = o->resume ? ci->out_start_tick : sim_tick(w), .every = every,
                          .every_seconds = every_s,
                          .keep = o->checkpoint_keep ? o->checkpoint_keep : (o->resume ? ci->keep : 1),
                          .path = ckout};
    char created[64] = "";
    if (o->resume)
        snprintf(created, sizeof created, "%s", ci->created_utc);
    else
        h5o_created_utc(f, created, sizeof created);
    info.created_utc = created;
    uint32_t ticks = sim_world_ticks(w), first = sim_tick(w);
    /* the newest checkpoint of this run: the one resumed, then each one written */
    const char *ck_kept = o->resume ? o->resume : NULL;
    uint32_t ck_tick = o->resume ? ci->tick : 0;
    if (o->on_setup)
        o->on_setup(o->ctx, what, now_s() - s0);
    double ck_last = now_s(); /* end of the set-up, then of the last checkpoint written */
    for (uint32_t t = first; t < ticks; t++) {
        if (o->stop && *o->stop) {
            rc = NABIJ_EINTR;
            goto interrupted;
        }
        if ((rc = sim_world_step(w))) {
            snprintf(err, errlen, "tick %u: %s", t, sim_world_errmsg(w));
            goto out;
        }
        if ((rc = h5o_write_tick(f, w))) {
            snprintf(err, errlen, "writing %s failed at tick %u: %s", h5o_part_path(f), t,
                     rc == NABIJ_ENOMEM ? "out of memory" : sim_h5_why());
            goto failed_write;
        }
        if ((rc = rowlog_push(&rl, f))) {
            snprintf(err, errlen, "out of memory");
            goto out;
        }
        /* every K ticks, and after the last (a finished run can be branched or extended);
         * and when asked for (SIGUSR1) */
        int asked = o->checkpoint_now && *o->checkpoint_now;
        int last = t + 1 == ticks && !o->checkpoint_not_last;
        int timed = every_s > 0 && (now_s() - ck_last >= every_s || last);
        if (asked || timed || (every && ((t + 1) % every == 0 || last))) {
            if (asked)
                *o->checkpoint_now = 0; /* a request during the write asks for the next tick's */
            info.ev_rows = rl.ev;
            info.lever_rows = rl.lv;
            double c0 = now_s();
            if (o->on_checkpoint)
                o->on_checkpoint(o->ctx, ckout, t + 1, -1, asked);
            if ((rc = sim_ckpt_write(ckout, w, &info, err, errlen)))
                goto failed_write; /* the checkpoint before stays whole (written aside, renamed) */
            ck_kept = ckout;
            ck_tick = t + 1;
            ck_last = now_s(); /* the next timed one counts from the end of this one */
            if (o->on_checkpoint)
                o->on_checkpoint(o->ctx, ckout, t + 1, now_s() - c0, asked);
        }
        if (o->on_tick && o->on_tick(o->ctx, w, t + 1, ticks)) {
            rc = NABIJ_EINTR;
            goto interrupted;
        }
    }
    res->ticks = ticks;
    rc = h5o_finish(f, err, errlen);
    f = NULL;
    goto out;
interrupted:
    if (ck_kept) {
        /* keep the partial output: --resume continues it */
        snprintf(err, errlen, "interrupted at tick %u of %u; partial output %s kept; continue "
                              "with: nabij run --resume %s",
                 sim_tick(w), sim_world_ticks(w), h5o_part_path(f), ck_kept);
        h5o_close_partial(f);
        f = NULL;
    } else {
        snprintf(err, errlen, "interrupted at tick %u of %u; no output written", sim_tick(w),
                 sim_world_ticks(w));
    }
    goto out;
failed_write:
    /* a full disk or quota: with a checkpoint of this run, the partial output stays if it still
     * holds the ticks up to the checkpoint (flushed after each tick), so that the run continues
     * with --resume once there is room; a file the failed write left unreadable (seen when the
     * file-size limit cut it short) is removed, and the checkpoint can still be branched */
    if (ck_kept) {
        char part[4200];
        uint32_t rows = 0;
        size_t n = strlen(err);
        snprintf(part, sizeof part, "%s", h5o_part_path(f));
        h5o_close_partial(f);
        f = NULL;
        if (h5o_partial_ticks(part, text, &rows) == 0 && rows >= ck_tick - info.out_start_tick) {
            snprintf(err + n, errlen - n, "; partial output %s and checkpoint %s kept: make room and "
                     "continue with: nabij run --resume %s", part, ck_kept, ck_kept);
        } else {
            unlink(part);
            snprintf(err + n, errlen - n, "; the partial output was left unreadable and is removed; "
                     "checkpoint %s (tick %u) kept: nabij run --from %s continues its state into a new "
                     "output", ck_kept, ck_tick, ck_kept);
        }
    }
out:
    h5o_abort(f);
    sim_ckpt_close(ck);
    sim_free(rl.ev);
    sim_free(rl.lv);
    sim_free(text);
    sim_free(wtext);
    sim_world_destroy(w);
    scn_destroy(s);
    res->seconds = now_s() - t0;
    return rc;
}
