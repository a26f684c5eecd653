/* workshop.h: workshop mode: the simulation runs inside the viewer; the facilitator
 * switches policy levers while it runs (each switch goes through sim_world_set, so it is
 * recorded in /levers and as a lever_changed event) and the session is written as an
 * ordinary nabij output file that replays what the room saw. */
#ifndef VIZ_WORKSHOP_H
#define VIZ_WORKSHOP_H
#include "data.h"
#include "h5out.h"
#include "scenario.h"
#include "view.h"

#define VIZ_MAX_LEVERS 9
#define VIZ_MAX_CHOICES 8

/* One lever the room can switch: a scenario parameter and the values it cycles through. */
typedef struct viz_lever {
    const char *label;
    char param[80];
    char choices[VIZ_MAX_CHOICES][32];
    int n_choices;
    int current; /* index into choices, -1 when the value is none of them */
    int start_only; /* only before the first tick (the model reads it at init) */
} viz_lever;

typedef struct viz_workshop {
    scn_scenario *scn;
    sim_world *w;
    h5o_file *file;
    viz_data *d;
    char out[4096];
    int finished; /* saved (or failed): no further ticks */
    viz_lever levers[VIZ_MAX_LEVERS];
    int n_levers;
} viz_workshop;

/* Load scenario "scenario" (a YAML path; NULL or "baseline" for the embedded baseline)
 * with "sets" overrides, create the world and the session file "out" (NULL: the default
 * results/<scenario>-seed<seed>-workshop.h5; "force" to replace), and find the levers of
 * the lever table that the scenario has. */
int viz_workshop_create(const char *scenario, const char *const *sets, size_t n_sets,
                        const char *out, int force, const char *command, viz_workshop **ws,
                        char *err, size_t errlen);
/* Run one tick and append it to the data and the file. 1 when the run is at its end. */
int viz_workshop_step(viz_workshop *ws, char *err, size_t errlen);
/* Switch lever "i" to its next choice; describes the change in "msg". */
int viz_workshop_switch(viz_workshop *ws, int i, char *msg, size_t n);
/* Apply an assignment "section.key=value" now (scripted levers). */
int viz_workshop_set(viz_workshop *ws, const char *assignment, char *err, size_t errlen);
/* Finish the session file (complete, renamed to its final name); no ticks after this. */
int viz_workshop_save(viz_workshop *ws, char *err, size_t errlen);
/* Write the lever panel lines of "v". */
void viz_workshop_lines(const viz_workshop *ws, viz_view *v);
/* Destroy; an unsaved session file is removed. NULL does nothing. */
void viz_workshop_destroy(viz_workshop *ws);
#endif
