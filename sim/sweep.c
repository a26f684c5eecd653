/* sweep.c: sweep files (read with libyaml's document API, so every error names its line)
 * and manifests (one tab-separated row per run, streamed out in run order and read back
 * row by row). Validation applies every grid value and range bound to a scenario once,
 * so a sweep never starts with a run that would be rejected. */
#include "sweep.h"
#include "alloc.h"
#include "nabij.h"
#include "runner.h"
#include "scenario.h"
#include "sweep_sample.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_qrng.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define MANIFEST_MAGIC "# nabij sweep manifest 1"

typedef struct ctx {
    yaml_document_t *doc;
    const char *file;
    char *err;
    size_t errlen;
} ctx;

static int fail(ctx *c, const yaml_node_t *n, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s:%lu: %s: %s", c->file,
             n ? (unsigned long)n->start_mark.line + 1 : 0UL, field, msg);
    return NABIJ_EINVAL;
}

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static int get_long(ctx *c, const yaml_node_t *n, const char *field, long lo, long hi,
                    long *out)
{
    const char *s = scalar(n);
    char *end;
    errno = 0;
    long long v = s ? strtoll(s, &end, 10) : 0;
    if (!s || !*s || *end || errno || v < lo || v > hi)
        return fail(c, n, field, "'%s' is not a whole number from %ld to %ld", s ? s : "(not a scalar)",
                    lo, hi);
    *out = (long)v;
    return 0;
}

static int get_double(ctx *c, const yaml_node_t *n, const char *field, double *out)
{
    const char *s = scalar(n);
    char *end;
    errno = 0;
    double v = s ? strtod(s, &end) : 0;
    if (!s || !*s || *end || errno || !isfinite(v))
        return fail(c, n, field, "'%s' is not a number", s ? s : "(not a scalar)");
    *out = v;
    return 0;
}

static int get_bool(ctx *c, const yaml_node_t *n, const char *field, int *out)
{
    const char *s = scalar(n);
    if (s && (!strcmp(s, "true") || !strcmp(s, "yes")))
        *out = 1;
    else if (s && (!strcmp(s, "false") || !strcmp(s, "no")))
        *out = 0;
    else
        return fail(c, n, field, "'%s' is not true or false", s ? s : "(not a scalar)");
    return 0;
}

static int get_text(ctx *c, const yaml_node_t *n, const char *field, char *out, size_t size)
{
    const char *s = scalar(n);
    if (!s)
        return fail(c, n, field, "expected a single value");
    if (strlen(s) >= size)
        return fail(c, n, field, "longer than %zu bytes", size - 1);
    if (strpbrk(s, "\t\n\r"))
        return fail(c, n, field, "tabs and line breaks are not allowed");
    snprintf(out, size, "%s", s);
    return 0;
}

static void dir_of(const char *path, char *out, size_t n)
{
    snprintf(out, n, "%s", path);
    char *sl = strrchr(out, '/');
    if (sl)
        sl[1] = 0;
    else
        out[0] = 0;
}

/* A scenario with the sweep's base applied, for validating parameter names and values. */
static int base_scenario(const sw_sweep *sw, const char *const *extra, size_t n_extra,
                         scn_scenario **out, char *err, size_t errlen)
{
    const char *sets[SW_MAX_SETS + 2];
    size_t n = 0;
    for (size_t i = 0; i < sw->n_sets; i++)
        sets[n++] = sw->sets[i];
    for (size_t i = 0; i < n_extra; i++)
        sets[n++] = extra[i];
    nabij_run_opts o = {0};
    o.scenario_path = sw->scenario[0] ? sw->scenario : NULL;
    o.sets = sets;
    o.n_sets = n;
    o.seed = -1;
    return nabij_load_scenario(&o, out, err, errlen);
}

/* A key of mapping "m" given twice: the YAML library keeps both, and map_get would read the
 * first, so the second would be ignored without a word. */
static int no_twice(ctx *c, const yaml_node_t *m, const char *where)
{
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        const char *k = scalar(kn);
        for (yaml_node_pair_t *q = m->data.mapping.pairs.start; k && q < p; q++) {
            const yaml_node_t *qn = yaml_document_get_node(c->doc, q->key);
            const char *kq = scalar(qn);
            if (kq && strcmp(k, kq) == 0)
                return fail(c, kn, where, "key '%s' given twice (first on line %lu)", k,
                            (unsigned long)qn->start_mark.line + 1);
        }
    }
    return 0;
}

static int parse_sets(ctx *c, sw_sweep *sw, const yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "set", "expected a mapping of section.key: value");
    int twice = no_twice(c, n, "set");
    if (twice)
        return twice;
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        char key[96], val[SW_TEXT_MAX];
        int rc;
        if (sw->n_sets >= SW_MAX_SETS)
            return fail(c, k, "set", "more than %d overrides", SW_MAX_SETS);
        if ((rc = get_text(c, k, "set", key, sizeof key)))
            return rc;
        if ((rc = get_text(c, v, key, val, sizeof val)))
            return rc;
        snprintf(sw->sets[sw->n_sets++], sizeof sw->sets[0], "%s=%s", key, val);
    }
    return 0;
}

static int add_param(ctx *c, sw_sweep *sw, const yaml_node_t *k, sw_param **out)
{
    char key[96];
    int rc = get_text(c, k, "parameter", key, sizeof key);
    if (rc)
        return rc;
    if (sw->n_params >= SW_MAX_PARAMS)
        return fail(c, k, key, "more than %d swept parameters", SW_MAX_PARAMS);
    for (size_t i = 0; i < sw->n_params; i++)
        if (!strcmp(sw->params[i].key, key))
            return fail(c, k, key, "swept twice (line %d)", sw->params[i].line);
    sw_param *p = &sw->params[sw->n_params++];
    memset(p, 0, sizeof *p);
    snprintf(p->key, sizeof p->key, "%s", key);
    p->line = (int)k->start_mark.line + 1;
    *out = p;
    return 0;
}

static int parse_grid(ctx *c, sw_sweep *sw, const yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "grid", "expected a mapping of section.key: [values]");
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        sw_param *pa;
        int rc = add_param(c, sw, k, &pa);
        if (rc)
            return rc;
        if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top == v->data.sequence.items.start)
            return fail(c, v, pa->key, "expected a non-empty list of values, e.g. [1, 2, 3]");
        size_t nv = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
        if (nv > SW_MAX_VALUES)
            return fail(c, v, pa->key, "more than %d values", SW_MAX_VALUES);
        pa->values = sim_calloc(nv, sizeof *pa->values);
        if (!pa->values)
            return NABIJ_ENOMEM;
        for (size_t i = 0; i < nv; i++) {
            const yaml_node_t *it = yaml_document_get_node(c->doc, v->data.sequence.items.start[i]);
            if ((rc = get_text(c, it, pa->key, pa->values[i], sizeof pa->values[i])))
                return rc;
            for (size_t j = 0; j < i; j++)
                if (!strcmp(pa->values[j], pa->values[i]))
                    return fail(c, it, pa->key, "value '%s' listed twice", pa->values[i]);
        }
        pa->n_values = nv;
    }
    return 0;
}

static const yaml_node_t *map_get(ctx *c, const yaml_node_t *m, const char *key)
{
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = scalar(yaml_document_get_node(c->doc, p->key));
        if (k && !strcmp(k, key))
            return yaml_document_get_node(c->doc, p->value);
    }
    return NULL;
}

static int check_keys(ctx *c, const yaml_node_t *m, const char *where, const char *allowed)
{
    int rc = no_twice(c, m, where);
    if (rc)
        return rc;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
        const char *k = scalar(kn);
        char pat[100];
        snprintf(pat, sizeof pat, "|%s|", k ? k : "");
        if (!k || !strstr(allowed, pat))
            return fail(c, kn, where, "unknown key '%s' (allowed: %.*s)", k ? k : "?",
                        (int)strlen(allowed) - 2, allowed + 1);
    }
    return 0;
}

static int parse_sample(ctx *c, sw_sweep *sw, const yaml_node_t *n)
{
    int rc;
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "sample", "expected a mapping with method, points and ranges");
    if ((rc = check_keys(c, n, "sample", "|method|points|ranges|")))
        return rc;
    const yaml_node_t *m = map_get(c, n, "method"), *pts = map_get(c, n, "points"),
                      *rg = map_get(c, n, "ranges");
    const char *ms = scalar(m);
    if (!m || !ms || (strcmp(ms, "lhs") && strcmp(ms, "sobol")))
        return fail(c, m ? m : n, "sample.method", "'%s': allowed: lhs, sobol", ms ? ms : "");
    sw->method = strcmp(ms, "lhs") ? SW_SOBOL : SW_LHS;
    if (!pts)
        return fail(c, n, "sample.points", "missing (number of sampled points, 1 to 10000000)");
    if ((rc = get_long(c, pts, "sample.points", 1, 10000000, &sw->samples)))
        return rc;
    if (!rg || rg->type != YAML_MAPPING_NODE || rg->data.mapping.pairs.top == rg->data.mapping.pairs.start)
        return fail(c, rg ? rg : n, "sample.ranges", "expected a mapping of section.key: [min, max]");
    for (yaml_node_pair_t *p = rg->data.mapping.pairs.start; p < rg->data.mapping.pairs.top; p++) {
        const yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
        const yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
        sw_param *pa;
        if ((rc = add_param(c, sw, k, &pa)))
            return rc;
        pa->is_range = 1;
        if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.top - v->data.sequence.items.start != 2)
            return fail(c, v, pa->key, "expected a range [min, max]");
        const yaml_node_t *a = yaml_document_get_node(c->doc, v->data.sequence.items.start[0]);
        const yaml_node_t *b = yaml_document_get_node(c->doc, v->data.sequence.items.start[1]);
        if ((rc = get_double(c, a, pa->key, &pa->lo)) || (rc = get_double(c, b, pa->key, &pa->hi)))
            return rc;
        if (!(pa->lo < pa->hi))
            return fail(c, v, pa->key, "range [%g, %g]: min must be below max", pa->lo, pa->hi);
    }
    if (sw->method == SW_SOBOL) {
        size_t nr = 0;
        for (size_t i = 0; i < sw->n_params; i++)
            nr += sw->params[i].is_range;
        if (nr > 40)
            return fail(c, rg, "sample.ranges", "Sobol sampling holds at most 40 ranges");
    }
    return 0;
}

static int parse_slurm(ctx *c, sw_sweep *sw, const yaml_node_t *n)
{
    int rc;
    if (n->type != YAML_MAPPING_NODE)
        return fail(c, n, "slurm", "expected a mapping");
    if ((rc = check_keys(c, n, "slurm", "|runs_per_task|max_array_tasks|time_per_task|partition|account|mem_per_task|")))
        return rc;
    const yaml_node_t *v;
    if ((v = map_get(c, n, "runs_per_task")) &&
        (rc = get_long(c, v, "slurm.runs_per_task", 1, 1000000, &sw->slurm.runs_per_task)))
        return rc;
    if ((v = map_get(c, n, "max_array_tasks")) &&
        (rc = get_long(c, v, "slurm.max_array_tasks", 1, 4000000, &sw->slurm.max_array_tasks)))
        return rc;
    if ((v = map_get(c, n, "time_per_task")) &&
        (rc = get_text(c, v, "slurm.time_per_task", sw->slurm.time_per_task, sizeof sw->slurm.time_per_task)))
        return rc;
    if ((v = map_get(c, n, "partition")) &&
        (rc = get_text(c, v, "slurm.partition", sw->slurm.partition, sizeof sw->slurm.partition)))
        return rc;
    if ((v = map_get(c, n, "account")) &&
        (rc = get_text(c, v, "slurm.account", sw->slurm.account, sizeof sw->slurm.account)))
        return rc;
    if ((v = map_get(c, n, "mem_per_task"))) {
        if ((rc = get_text(c, v, "slurm.mem_per_task", sw->slurm.mem_per_task, sizeof sw->slurm.mem_per_task)))
            return rc;
        const char *m = sw->slurm.mem_per_task, *u = m + strspn(m, "0123456789");
        if (strcmp(m, "none") != 0 && (u == m || (*u && (!strchr("KMGT", *u) || u[1])) || strtoull(m, NULL, 10) == 0))
            return fail(c, v, "slurm.mem_per_task", "'%s': a whole number above 0 of megabytes, or with a unit "
                        "K, M, G or T (as sbatch --mem: 16G), or none (no --mem: the cluster's default)", m);
    }
    const char *texts[] = {sw->slurm.time_per_task, sw->slurm.partition, sw->slurm.account};
    for (size_t i = 0; i < 3; i++)
        for (const char *t = texts[i]; *t; t++)
            if (!(isalnum((unsigned char)*t) || strchr(":-_.,", *t)))
                return fail(c, n, "slurm", "'%s': only letters, digits and :-_., allowed", texts[i]);
    return 0;
}

unsigned long long sw_memory_need(const sw_sweep *sw)
{
    char err[SCN_ERR_MAX], set[SW_TEXT_MAX + 96];
    scn_scenario *s = NULL;
    if (base_scenario(sw, NULL, 0, &s, err, sizeof err))
        return 0;
    unsigned long long most = nabij_inhabitants(s);
    scn_destroy(s);
    for (size_t i = 0; i < sw->n_params; i++) {
        const sw_param *pa = &sw->params[i];
        if (strcmp(pa->key, "population.inhabitants") != 0)
            continue;
        if (pa->is_range && pa->hi > (double)most)
            most = (unsigned long long)pa->hi;
        for (size_t k = 0; !pa->is_range && k < pa->n_values; k++) {
            const char *extra[1] = {set};
            snprintf(set, sizeof set, "%s=%s", pa->key, pa->values[k]);
            if (base_scenario(sw, extra, 1, &s, err, sizeof err) == 0) {
                unsigned long long n = nabij_inhabitants(s);
                most = n > most ? n : most;
                scn_destroy(s);
            }
        }
    }
    return nabij_memory_need(most);
}

int sw_jobs_for_memory(int jobs, int chosen, unsigned long long need, unsigned long long avail)
{
    if (chosen || !need || !avail || (unsigned long long)jobs * need <= avail)
        return jobs;
    unsigned long long fit = avail / need;
    return fit < 1 ? 1 : (int)fit;
}

/* Check a swept parameter against the parameter table: each grid value applies; a range
 * lies inside the parameter's range and the parameter is a number. */
static int validate_param(ctx *c, sw_sweep *sw, sw_param *pa)
{
    char err[SCN_ERR_MAX];
    scn_scenario *s = NULL;
    int rc = base_scenario(sw, NULL, 0, &s, err, sizeof err);
    if (rc) {
        snprintf(c->err, c->errlen, "%s", err);
        return rc;
    }
    void *vals;
    const scn_param *p = scn_lookup(s, pa->key, &vals);
    if (!p || !strncmp(pa->key, "run.seed", 9)) {
        scn_destroy(s);
        if (p)
            return fail(c, NULL, pa->key, "the sweep sets run.seed itself (seed, replicates)");
        snprintf(c->err, c->errlen, "%s:%d: %s: unknown parameter (see `nabij describe`)",
                 c->file, pa->line, pa->key);
        return NABIJ_EINVAL;
    }
    if (pa->is_range) {
        int ok = p->type == SCN_INT || p->type == SCN_REAL;
        pa->integer = p->type == SCN_INT;
        scn_destroy(s);
        if (!ok) {
            snprintf(c->err, c->errlen, "%s:%d: %s: a range needs a number parameter; list the "
                     "values under grid: instead", c->file, pa->line, pa->key);
            return NABIJ_EINVAL;
        }
        if (pa->lo < p->min || pa->hi > p->max) {
            snprintf(c->err, c->errlen, "%s:%d: %s: range [%g, %g] outside the allowed %g to %g",
                     c->file, pa->line, pa->key, pa->lo, pa->hi, p->min, p->max);
            return NABIJ_EINVAL;
        }
        if (pa->integer && floor(pa->hi) < ceil(pa->lo)) {
            snprintf(c->err, c->errlen, "%s:%d: %s: range [%g, %g] holds no whole number",
                     c->file, pa->line, pa->key, pa->lo, pa->hi);
            return NABIJ_EINVAL;
        }
        return 0;
    }
    for (size_t i = 0; i < pa->n_values; i++) {
        char a[SW_TEXT_MAX + 96];
        snprintf(a, sizeof a, "%s=%s", pa->key, pa->values[i]);
        if (scn_set(s, a)) {
            snprintf(c->err, c->errlen, "%s:%d: grid: %s", c->file, pa->line, scn_errmsg(s));
            scn_destroy(s);
            return NABIJ_EINVAL;
        }
    }
    scn_destroy(s);
    return 0;
}

static int parse_root(ctx *c, sw_sweep *sw, const yaml_node_t *root)
{
    int rc;
    char dir[SW_PATH_MAX];
    if (!root || root->type != YAML_MAPPING_NODE)
        return fail(c, root, "sweep", "expected a mapping (name:, set:, grid:, sample:, ...)");
    if ((rc = check_keys(c, root, "sweep",
                         "|name|description|scenario|set|seed|replicates|common_random_numbers|"
                         "threads_per_run|checkpoint_every|output|grid|sample|slurm|")))
        return rc;
    const yaml_node_t *v;
    if (!(v = map_get(c, root, "name")))
        return fail(c, root, "name", "missing (a short name for the sweep)");
    if ((rc = get_text(c, v, "name", sw->name, sizeof sw->name)))
        return rc;
    for (const char *t = sw->name; *t; t++)
        if (!(isalnum((unsigned char)*t) || strchr("-_.", *t)))
            return fail(c, v, "name", "'%s': only letters, digits and -_. allowed", sw->name);
    if ((v = map_get(c, root, "scenario"))) {
        char rel[SW_PATH_MAX];
        if ((rc = get_text(c, v, "scenario", rel, sizeof rel)))
            return rc;
        snprintf(sw->scenario_as_written, sizeof sw->scenario_as_written, "%s", rel);
        dir_of(c->file, dir, sizeof dir);
        if (rel[0] == '/')
            snprintf(sw->scenario, sizeof sw->scenario, "%s", rel);
        else if ((size_t)snprintf(sw->scenario, sizeof sw->scenario, "%s%s", dir, rel) >= sizeof sw->scenario)
            return fail(c, v, "scenario", "path too long");
        if (access(sw->scenario, R_OK) != 0)
            return fail(c, v, "scenario", "cannot read %s: %s", sw->scenario, strerror(errno));
    }
    if ((v = map_get(c, root, "set")) && (rc = parse_sets(c, sw, v)))
        return rc;
    long seed = 1;
    if ((v = map_get(c, root, "seed")) && (rc = get_long(c, v, "seed", 0, 2147483647L, &seed)))
        return rc;
    sw->seed = (uint64_t)seed;
    sw->replicates = 1;
    if ((v = map_get(c, root, "replicates")) &&
        (rc = get_long(c, v, "replicates", 1, 100000, &sw->replicates)))
        return rc;
    sw->common_random_numbers = 1;
    if ((v = map_get(c, root, "common_random_numbers")) &&
        (rc = get_bool(c, v, "common_random_numbers", &sw->common_random_numbers)))
        return rc;
    long th = 1;
    if ((v = map_get(c, root, "threads_per_run")) &&
        (rc = get_long(c, v, "threads_per_run", 1, 1024, &th)))
        return rc;
    sw->threads_per_run = (int)th;
    if ((v = map_get(c, root, "checkpoint_every"))) {
        long long k;
        const char *t = scalar(v);
        if (nabij_parse_every(t, &k, &sw->ck_seconds))
            return fail(c, v, "checkpoint_every", "'%s' %s", t ? t : "(not a scalar)", NABIJ_EVERY_ALLOWED);
        sw->ck_ticks = (long)k;
    }
    snprintf(sw->output, sizeof sw->output, "results/sweeps/%s", sw->name);
    if ((v = map_get(c, root, "output")) && (rc = get_text(c, v, "output", sw->output, sizeof sw->output)))
        return rc;
    if ((v = map_get(c, root, "grid")) && (rc = parse_grid(c, sw, v)))
        return rc;
    if ((v = map_get(c, root, "sample")) && (rc = parse_sample(c, sw, v)))
        return rc;
    sw->slurm.runs_per_task = 1;
    sw->slurm.max_array_tasks = 1000;
    snprintf(sw->slurm.time_per_task, sizeof sw->slurm.time_per_task, "01:00:00");
    if ((v = map_get(c, root, "slurm")) && (rc = parse_slurm(c, sw, v)))
        return rc;
    /* the base must load on its own, then each swept parameter on top of it */
    char err[SCN_ERR_MAX];
    scn_scenario *s = NULL;
    if ((rc = base_scenario(sw, NULL, 0, &s, err, sizeof err))) {
        snprintf(c->err, c->errlen, "%s: base scenario: %s", c->file, err);
        return rc;
    }
    scn_destroy(s);
    for (size_t i = 0; i < sw->n_params; i++)
        if ((rc = validate_param(c, sw, &sw->params[i])))
            return rc;
    if (sw_runs(sw) > 100000000L)
        return fail(c, root, "sweep", "%ld runs; at most 100000000", sw_runs(sw));
    return 0;
}

int sw_load(sw_sweep *sw, const char *path, const char *output_override, char *err,
            size_t errlen)
{
    memset(sw, 0, sizeof *sw);
    snprintf(sw->path, sizeof sw->path, "%s", path);
    FILE *f = fopen(path, "rb");
    struct stat st;
    if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        snprintf(err, errlen, "%s: is a folder, not a sweep file", path);
        return NABIJ_EINVAL; /* a wrong name given: bad input, exit status 2 as for a scenario */
    }
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NABIJ_EINVAL;
    }
    char head[4096];
    size_t nh = fread(head, 1, sizeof head, f);
    const char *kind = scn_not_yaml(head, nh);
    if (kind || fseek(f, 0, SEEK_SET)) {
        fclose(f);
        snprintf(err, errlen, kind ? "%s: %s, not a sweep (a YAML text file)" : "%s: cannot read: %s", path,
                 kind ? kind : strerror(errno));
        return NABIJ_EINVAL;
    }
    yaml_parser_t ps;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&ps)) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return NABIJ_ENOMEM;
    }
    yaml_parser_set_input_file(&ps, f);
    int rc;
    if (!yaml_parser_load(&ps, &doc)) {
        snprintf(err, errlen, "%s:%lu: YAML syntax: %s %s", path,
                 (unsigned long)ps.problem_mark.line + 1, ps.problem ? ps.problem : "error",
                 ps.context ? ps.context : "");
        yaml_parser_delete(&ps);
        fclose(f);
        return NABIJ_EINVAL;
    }
    ctx c = {&doc, path, err, errlen};
    const yaml_node_t *root = yaml_document_get_root_node(&doc);
    rc = root ? parse_root(&c, sw, root) : fail(&c, NULL, "sweep", "the file is empty");
    yaml_document_delete(&doc);
    yaml_parser_delete(&ps);
    fclose(f);
    if (!rc && output_override)
        snprintf(sw->output, sizeof sw->output, "%s", output_override);
    if (!rc && !sw->output[0]) {
        snprintf(err, errlen, "%s: output: empty folder name", path);
        rc = NABIJ_EINVAL;
    }
    if (rc)
        sw_clear(sw);
    return rc;
}

void sw_clear(sw_sweep *sw)
{
    for (size_t i = 0; i < sw->n_params; i++) {
        sim_free(sw->params[i].values);
        sw->params[i].values = NULL;
    }
    sw->n_params = 0;
}

static long grid_points(const sw_sweep *sw)
{
    long n = 1;
    for (size_t i = 0; i < sw->n_params; i++)
        if (!sw->params[i].is_range)
            n *= (long)sw->params[i].n_values;
    return n;
}

long sw_points(const sw_sweep *sw)
{
    return grid_points(sw) * (sw->samples > 0 ? sw->samples : 1);
}

long sw_runs(const sw_sweep *sw) { return sw_points(sw) * sw->replicates; }

uint64_t sw_seed(const sw_sweep *sw, long p, long r)
{
    uint64_t h = sw_mix64(sw->seed);
    if (!sw->common_random_numbers)
        h = sw_mix64(h ^ (uint64_t)p);
    return sw_mix64(h + (uint64_t)r) >> 11;
}

void sw_manifest_path(const sw_sweep *sw, char *out, size_t n)
{
    snprintf(out, n, "%s/manifest.tsv", sw->output);
}

void sw_run_path(const sw_sweep *sw, const sw_row *row, char *out, size_t n)
{
    snprintf(out, n, "%s/%s", sw->output, row->output);
}

static int fsync_file(FILE *f) { return fflush(f) || fsync(fileno(f)) ? -1 : 0; }

/* Format a sampled coordinate "u" in [0, 1) as a value of "pa". */
static void range_value(const sw_param *pa, double u, char *out, size_t n)
{
    if (pa->integer) {
        double lo = ceil(pa->lo), hi = floor(pa->hi);
        double v = floor(lo + u * (hi - lo + 1));
        snprintf(out, n, "%.0f", v > hi ? hi : v);
    } else {
        snprintf(out, n, "%.10g", pa->lo + u * (pa->hi - pa->lo));
    }
}

/* FNV-1a (64 bit) of the resolved base scenario: every value a run starts from, before
 * the swept parameters and the seed. */
static int base_fingerprint(const sw_sweep *sw, uint64_t *out, char *err, size_t errlen)
{
    scn_scenario *s = NULL;
    int rc = base_scenario(sw, NULL, 0, &s, err, errlen);
    if (rc)
        return rc;
    char *text = scn_to_yaml(s);
    scn_destroy(s);
    if (!text) {
        snprintf(err, errlen, "out of memory");
        return NABIJ_ENOMEM;
    }
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    sim_free(text);
    *out = h;
    return 0;
}

int sw_manifest_write(const sw_sweep *sw, const char *path, char *err, size_t errlen)
{
    char part[SW_PATH_MAX + 8];
    snprintf(part, sizeof part, "%s.part", path);
    FILE *f = fopen(part, "wb");
    if (!f) {
        snprintf(err, errlen, "cannot create %s: %s", part, strerror(errno));
        return NABIJ_EIO;
    }
    size_t n_ranges = 0;
    for (size_t i = 0; i < sw->n_params; i++)
        n_ranges += sw->params[i].is_range;
    fprintf(f, MANIFEST_MAGIC ": one row per run; a run is complete when its output file exists\n");
    uint64_t fp;
    int rc = base_fingerprint(sw, &fp, err, errlen);
    if (rc) {
        fclose(f);
        unlink(part);
        return rc;
    }
    /* the scenario as written (relative to the sweep file), so that the manifest does not
     * depend on the folder the sweep is started from, and a fingerprint of its content */
    fprintf(f, "# sweep: %s\n# scenario: %s\n", sw->name,
            sw->scenario[0] ? sw->scenario_as_written : "(embedded baseline)");
    fprintf(f, "# base scenario fingerprint (FNV-1a of the resolved YAML): %016llx\n",
            (unsigned long long)fp);
    for (size_t i = 0; i < sw->n_sets; i++)
        fprintf(f, "# set: %s\n", sw->sets[i]);
    fprintf(f, "# seed: %llu, replicates: %ld, common random numbers: %s, threads per run: %d\n",
            (unsigned long long)sw->seed, sw->replicates, sw->common_random_numbers ? "yes" : "no",
            sw->threads_per_run);
    fprintf(f, "# sampling: %s, %ld points per grid point\n",
            sw->method == SW_LHS ? "lhs" : sw->method == SW_SOBOL ? "sobol" : "none", sw->samples);
    fprintf(f, "id\tpoint\treplicate\tseed\toutput");
    for (size_t i = 0; i < sw->n_params; i++)
        fprintf(f, "\t%s", sw->params[i].key);
    fputc('\n', f);
    long ng = grid_points(sw), ns = sw->samples > 0 ? sw->samples : 1, id = 0;
    int width = 6;
    for (long t = sw_runs(sw); t >= 1000000; t /= 10)
        width++;
    gsl_qrng *q = NULL;
    double u[SW_MAX_PARAMS];
    for (long g = 0; g < ng; g++) {
        if (sw->method == SW_SOBOL) {
            gsl_qrng_free(q);
            if (!(q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)n_ranges))) {
                fclose(f);
                unlink(part);
                snprintf(err, errlen, "out of memory");
                return NABIJ_ENOMEM;
            }
        }
        for (long s = 0; s < ns; s++) {
            long p = g * ns + s;
            if (q)
                gsl_qrng_get(q, u);
            for (long r = 0; r < sw->replicates; r++, id++) {
                fprintf(f, "%ld\t%ld\t%ld\t%llu\truns/run-%0*ld.h5", id, p, r,
                        (unsigned long long)sw_seed(sw, p, r), width, id);
                long rem = g;
                /* grid digits: the last grid parameter varies fastest */
                long digit[SW_MAX_PARAMS] = {0};
                for (size_t i = sw->n_params; i-- > 0;)
                    if (!sw->params[i].is_range) {
                        digit[i] = rem % (long)sw->params[i].n_values;
                        rem /= (long)sw->params[i].n_values;
                    }
                size_t d = 0;
                for (size_t i = 0; i < sw->n_params; i++) {
                    const sw_param *pa = &sw->params[i];
                    char val[SW_TEXT_MAX];
                    if (pa->is_range) {
                        double x = sw->method == SW_SOBOL ? u[d] : sw_lhs(sw->seed, (uint32_t)d, (uint64_t)ns, (uint64_t)s);
                        range_value(pa, x, val, sizeof val);
                        d++;
                    } else {
                        snprintf(val, sizeof val, "%s", pa->values[digit[i]]);
                    }
                    fprintf(f, "\t%s", val);
                }
                fputc('\n', f);
            }
        }
    }
    gsl_qrng_free(q);
    if (ferror(f) | fsync_file(f) | fclose(f)) {
        unlink(part);
        snprintf(err, errlen, "writing %s failed: %s", part, strerror(errno));
        return NABIJ_EIO;
    }
    if (rename(part, path) != 0) {
        snprintf(err, errlen, "cannot rename %s to %s: %s", part, path, strerror(errno));
        unlink(part);
        return NABIJ_EIO;
    }
    return 0;
}

int sw_files_equal(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int eq = fa && fb ? 1 : -1;
    while (eq == 1) {
        int x = getc(fa), y = getc(fb);
        if (x != y)
            eq = 0;
        else if (x == EOF)
            break;
    }
    if (fa)
        fclose(fa);
    if (fb)
        fclose(fb);
    return eq;
}

static int read_line(sw_reader *r)
{
    ssize_t n = getline(&r->buf, &r->cap, r->f);
    if (n < 0)
        return 0;
    r->line++;
    while (n > 0 && (r->buf[n - 1] == '\n' || r->buf[n - 1] == '\r'))
        r->buf[--n] = 0;
    return 1;
}

int sw_reader_open(sw_reader *r, const char *path, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    snprintf(r->path, sizeof r->path, "%s", path);
    if (!(r->f = fopen(path, "rb"))) {
        snprintf(err, errlen, "cannot open %s: %s", path, strerror(errno));
        return NABIJ_EIO;
    }
    int first = 1;
    while (read_line(r)) {
        if (first && strncmp(r->buf, MANIFEST_MAGIC, strlen(MANIFEST_MAGIC)))
            break;
        first = 0;
        if (r->buf[0] == '#')
            continue;
        const char *want = "id\tpoint\treplicate\tseed\toutput";
        if (strncmp(r->buf, want, strlen(want)))
            break;
        char *p = r->buf + strlen(want);
        while (*p == '\t') {
            char *e = strchr(p + 1, '\t');
            size_t len = e ? (size_t)(e - p - 1) : strlen(p + 1);
            if (r->n_cols >= SW_MAX_PARAMS || len >= sizeof r->cols[0])
                break;
            snprintf(r->cols[r->n_cols++], sizeof r->cols[0], "%.*s", (int)len, p + 1);
            p += 1 + len;
        }
        if (*p)
            break;
        return 0;
    }
    snprintf(err, errlen, "%s:%ld: not a nabij sweep manifest", path, r->line);
    sw_reader_close(r);
    return NABIJ_EINVAL;
}

int sw_row_parse(const char *line, const char (*cols)[96], size_t n_cols, sw_row *row)
{
    char out[sizeof row->output];
    unsigned long long seed;
    int n = 0;
    memset(row, 0, sizeof *row);
    if (sscanf(line, "%ld\t%ld\t%ld\t%llu\t%255[^\t]%n", &row->id, &row->point, &row->replicate,
               &seed, out, &n) != 5 || row->id < 0)
        return -1;
    row->seed = seed;
    snprintf(row->output, sizeof row->output, "%s", out);
    const char *p = line + n;
    for (size_t i = 0; i < n_cols; i++) {
        if (*p != '\t')
            return -1;
        const char *e = strchr(p + 1, '\t');
        size_t len = e ? (size_t)(e - p - 1) : strlen(p + 1);
        if (len >= SW_TEXT_MAX)
            return -1;
        snprintf(row->sets[i], sizeof row->sets[i], "%s=%.*s", cols[i], (int)len, p + 1);
        p += 1 + len;
    }
    row->n_sets = n_cols;
    return *p ? -1 : 0;
}

int sw_reader_next(sw_reader *r, sw_row *row, char *err, size_t errlen)
{
    if (!read_line(r))
        return 0;
    if (sw_row_parse(r->buf, (const char(*)[96])r->cols, r->n_cols, row)) {
        snprintf(err, errlen, "%s:%ld: malformed manifest row", r->path, r->line);
        return NABIJ_EINVAL;
    }
    return 1;
}

void sw_reader_close(sw_reader *r)
{
    if (r->f)
        fclose(r->f);
    free(r->buf); /* allocated by getline */
    r->buf = NULL;
    r->f = NULL;
}

int sw_manifest_each(const char *path, int (*fn)(void *arg, const sw_row *row), void *arg,
                     char *err, size_t errlen)
{
    sw_reader r;
    sw_row *row = sim_calloc(1, sizeof *row);
    if (!row)
        return NABIJ_ENOMEM;
    int rc = sw_reader_open(&r, path, err, errlen);
    if (!rc) {
        while ((rc = sw_reader_next(&r, row, err, errlen)) == 1)
            if ((rc = fn(arg, row)))
                break;
        sw_reader_close(&r);
    }
    sim_free(row);
    return rc;
}
