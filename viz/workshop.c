/* workshop.c: the in-process run of workshop mode and its lever table. The table names
 * each lever by the parameters that may carry it (models land over time; a lever whose
 * parameter the scenario does not have is skipped) and the values it cycles through
 * (NULL: all choices of an enum, or false/true of a boolean). */
#include "workshop.h"
#include "alloc.h"
#include "data_world.h"
#include "model.h"
#include "nabij.h"
#include "run.h"
#include "runner.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct {
    const char *label;
    const char *params; /* candidates "section.key|section.key" */
    const char *choices;
    int start_only;     /* the model reads it only when the run starts */
} lever_table[] = {
    {"Kostendelersnorm", "benefits.kostendelersnorm", NULL, 0},
    {"Generalist mandate", "team.mandate", NULL, 0},
    {"Generalists ask specialists (consultation)", "team.p_ask_consult", "0.1|0.5|0.9", 0},
    {"GPs ask specialists (consultation)", "gp.p_consult", "0.1|0.5|0.9", 0},
    {"Network workers per 10,000", "team.network_workers_per_10000", "0|1|2|4", 1},
    {"Eigen kracht", "team.eigen_kracht", NULL, 0},
    {"Work and income in the team", "team.work_income_in_team", NULL, 0},
    {"POH-GGZ route", "gp.poh_ggz_route", NULL, 0},
    {"Volunteer letter help", "letters.p_volunteer_help", "0|0.3|0.6", 0},
};

static void value_text(const scn_param *p, const void *values, char *out, size_t n)
{
    const char *at = (const char *)values + p->offset;
    switch (p->type) {
    case SCN_INT: snprintf(out, n, "%lld", (long long)*(const int64_t *)at); break;
    case SCN_REAL: snprintf(out, n, "%g", *(const double *)at); break;
    case SCN_BOOL: snprintf(out, n, "%s", *(const int *)at ? "true" : "false"); break;
    case SCN_ENUM: {
        int k = *(const int *)at;
        const char *s = p->choices;
        for (int i = 0; s && i < k; i++) {
            s = strchr(s, '|');
            s = s ? s + 1 : NULL;
        }
        const char *e = s ? strchr(s, '|') : NULL;
        snprintf(out, n, "%.*s", s ? (int)(e ? (size_t)(e - s) : strlen(s)) : 0, s ? s : "");
        break;
    }
    default: snprintf(out, n, "?"); break;
    }
}

static void refresh_current(viz_workshop *ws, viz_lever *l)
{
    void *values;
    const scn_param *p = scn_lookup(ws->scn, l->param, &values);
    char now[64];
    l->current = -1;
    if (!p)
        return;
    value_text(p, values, now, sizeof now);
    for (int i = 0; i < l->n_choices; i++) {
        char a[64];
        snprintf(a, sizeof a, "%s", l->choices[i]);
        if (!strcmp(a, now) || (p->type == SCN_REAL && atof(a) == atof(now)))
            l->current = i;
    }
}

static void split_choices(viz_lever *l, const char *s)
{
    l->n_choices = 0;
    while (s && *s && l->n_choices < VIZ_MAX_CHOICES) {
        const char *e = strchr(s, '|');
        size_t k = e ? (size_t)(e - s) : strlen(s);
        snprintf(l->choices[l->n_choices++], sizeof l->choices[0], "%.*s", (int)k, s);
        s = e ? e + 1 : NULL;
    }
}

static void find_levers(viz_workshop *ws)
{
    for (size_t i = 0; i < sizeof lever_table / sizeof lever_table[0]; i++) {
        const char *c = lever_table[i].params;
        while (c && *c && ws->n_levers < VIZ_MAX_LEVERS) {
            const char *e = strchr(c, '|');
            char name[80];
            snprintf(name, sizeof name, "%.*s", (int)(e ? (size_t)(e - c) : strlen(c)), c);
            c = e ? e + 1 : NULL;
            void *values;
            const scn_param *p = scn_lookup(ws->scn, name, &values);
            if (!p)
                continue;
            viz_lever *l = &ws->levers[ws->n_levers];
            memset(l, 0, sizeof *l);
            l->label = lever_table[i].label;
            l->start_only = lever_table[i].start_only;
            snprintf(l->param, sizeof l->param, "%s", name);
            if (lever_table[i].choices)
                split_choices(l, lever_table[i].choices);
            else if (p->type == SCN_ENUM)
                split_choices(l, p->choices);
            else if (p->type == SCN_BOOL)
                split_choices(l, "false|true");
            if (l->n_choices < 2)
                break;
            refresh_current(ws, l);
            ws->n_levers++;
            break;
        }
    }
}

int viz_workshop_create(const char *scenario, const char *const *sets, size_t n_sets,
                        const char *out, int force, const char *command, viz_workshop **wsp,
                        char *err, size_t errlen)
{
    *wsp = NULL;
    viz_workshop *ws = sim_calloc(1, sizeof *ws);
    if (!ws)
        return NABIJ_ENOMEM;
    nabij_run_opts o = {0};
    o.scenario_path = scenario && strcmp(scenario, "baseline") ? scenario : NULL;
    o.sets = sets;
    o.n_sets = n_sets;
    o.seed = -1;
    int rc = nabij_load_scenario(&o, &ws->scn, err, errlen);
    char *text = NULL;
    if (rc)
        goto fail;
    const sim_run_params *run = scn_section_values(ws->scn, "run");
    if (out)
        snprintf(ws->out, sizeof ws->out, "%s", out);
    else {
        char def[4096];
        nabij_default_output(scn_name(ws->scn), (uint64_t)run->seed, def, sizeof def);
        snprintf(ws->out, sizeof ws->out, "%.*s-workshop.h5", (int)(strlen(def) - 3), def);
    }
    if (!force && access(ws->out, F_OK) == 0) {
        snprintf(err, errlen, "%s exists; use --force to replace it", ws->out);
        rc = NABIJ_EEXIST;
        goto fail;
    }
    size_t nm;
    const sim_model *const *models = nabij_models(&nm);
    if ((rc = sim_world_create(models, nm, ws->scn, 0, &ws->w, err, errlen)))
        goto fail;
    if (!(text = scn_to_yaml(ws->scn))) {
        rc = NABIJ_ENOMEM;
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    h5o_meta meta = {0};
    meta.scenario_name = scn_name(ws->scn);
    meta.scenario_text = text;
    meta.seed = (uint64_t)run->seed;
    meta.threads = sim_threads(ws->w);
    meta.snapshot_every = (int)run->snapshot_every;
    meta.parent = "";
    meta.command = command;
    meta.start_day = sim_day(ws->w);
    meta.ticks_planned = (int32_t)sim_world_ticks(ws->w);
    meta.parent_tick = -1;
    if ((rc = h5o_create(ws->out, force, ws->w, &meta, &ws->file, err, errlen)))
        goto fail;
    if ((rc = viz_data_from_world(ws->w, scn_name(ws->scn), (int)run->snapshot_every, &ws->d))) {
        snprintf(err, errlen, "%s", nabij_strerror(rc));
        goto fail;
    }
    sim_free(text);
    find_levers(ws);
    *wsp = ws;
    return 0;
fail:
    sim_free(text);
    viz_workshop_destroy(ws);
    return rc;
}

int viz_workshop_step(viz_workshop *ws, char *err, size_t errlen)
{
    if (ws->finished || ws->d->n_ticks >= sim_world_ticks(ws->w))
        return 1;
    int rc = sim_world_step(ws->w);
    if (rc) {
        snprintf(err, errlen, "tick %u: %s", ws->d->n_ticks, sim_world_errmsg(ws->w));
        return rc;
    }
    if ((rc = h5o_write_tick(ws->file, ws->w))) {
        snprintf(err, errlen, "writing %s failed", h5o_part_path(ws->file));
        return rc;
    }
    if ((rc = viz_data_append_world(ws->d, ws->w))) {
        snprintf(err, errlen, "%s", nabij_strerror(rc));
        return rc;
    }
    return ws->d->n_ticks >= sim_world_ticks(ws->w);
}

int viz_workshop_set(viz_workshop *ws, const char *assignment, char *err, size_t errlen)
{
    if (ws->finished) {
        snprintf(err, errlen, "the session is saved; levers can no longer change");
        return NABIJ_EINVAL;
    }
    int rc = sim_world_set(ws->w, assignment);
    if (rc) {
        snprintf(err, errlen, "lever %s: %s", assignment, sim_world_errmsg(ws->w));
        return rc;
    }
    for (int i = 0; i < ws->n_levers; i++)
        refresh_current(ws, &ws->levers[i]);
    /* the lever list shows at once; the file gets it with the next tick */
    size_t nl;
    const sim_lever *lv = sim_world_levers(ws->w, &nl);
    sim_lever *p = sim_realloc(ws->d->levers, nl, sizeof *p);
    if (!p)
        return NABIJ_ENOMEM;
    memcpy(p, lv, nl * sizeof *p);
    ws->d->levers = p;
    ws->d->n_levers = nl;
    return 0;
}

int viz_workshop_switch(viz_workshop *ws, int i, char *msg, size_t n)
{
    if (i < 0 || i >= ws->n_levers) {
        snprintf(msg, n, "no lever %d", i + 1);
        return NABIJ_EINVAL;
    }
    viz_lever *l = &ws->levers[i];
    if (l->start_only && ws->d->n_ticks > 0) {
        snprintf(msg, n, "%s is set when a run starts: restart with --set %s=VALUE", l->label,
                 l->param);
        return NABIJ_EINVAL;
    }
    int next = (l->current + 1) % l->n_choices;
    char a[160];
    snprintf(a, sizeof a, "%s=%s", l->param, l->choices[next]);
    int rc = viz_workshop_set(ws, a, msg, n);
    if (!rc)
        snprintf(msg, n, "tick %u: %s -> %s", ws->d->n_ticks, l->label, l->choices[next]);
    return rc;
}

int viz_workshop_save(viz_workshop *ws, char *err, size_t errlen)
{
    if (ws->finished)
        return 0;
    ws->finished = 1;
    int rc = h5o_finish(ws->file, err, errlen);
    ws->file = NULL;
    if (!rc)
        ws->d->complete = 1;
    return rc;
}

void viz_workshop_lines(const viz_workshop *ws, viz_view *v)
{
    v->n_lever_lines = 0;
    for (int i = 0; i < ws->n_levers && i < VIZ_LEVER_LINES; i++) {
        const viz_lever *l = &ws->levers[i];
        char *s = v->lever_lines[v->n_lever_lines++];
        int len = snprintf(s, 128, "%d  %s%s:", i + 1, l->label, l->start_only ? " (at start)" : "");
        for (int k = 0; k < l->n_choices && len < 120; k++)
            len += snprintf(s + len, (size_t)(128 - len), k == l->current ? "  [%s]" : "  %s",
                            l->choices[k]);
    }
}

void viz_workshop_destroy(viz_workshop *ws)
{
    if (!ws)
        return;
    h5o_abort(ws->file);
    viz_data_destroy(ws->d);
    sim_world_destroy(ws->w);
    scn_destroy(ws->scn);
    sim_free(ws);
}
