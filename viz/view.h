/* view.h: what the viewer shows and how playback moves: the runs in the panes (one, or two
 * side by side with linked time), the time cursor, play/pause/speed, the colour-by column,
 * the charted indicators, the followed household and the help overlay. Pure state and
 * rules: no SDL, no files, so that tests can set a known state and render it. */
#ifndef VIZ_VIEW_H
#define VIZ_VIEW_H
#include "data.h"

#define VIZ_MAX_CHARTS 6
#define VIZ_MAX_PANES 2
#define VIZ_LEVER_LINES 9

typedef enum viz_mode { VIZ_REPLAY, VIZ_FOLLOW, VIZ_WORKSHOP, VIZ_SIDE } viz_mode;

typedef struct viz_view {
    viz_mode mode;
    viz_data *d[VIZ_MAX_PANES]; /* borrowed */
    char label[VIZ_MAX_PANES][64];
    int n_panes;
    double t;        /* time shown, in ticks completed (fractional while playing) */
    int playing;
    double speed;    /* ticks per second */
    char color_by[VIZ_NAME_MAX];
    int32_t selected; /* followed household, -1 none */
    int help;
    char charts[VIZ_MAX_CHARTS][VIZ_NAME_MAX];
    int n_charts;
    char message[256]; /* a line for the status bar (lever changes, saved files) */
    char lever_lines[VIZ_LEVER_LINES][128]; /* workshop: the lever panel */
    int n_lever_lines;
} viz_view;

/* Set "v" to show "d" (borrowed) in one pane in mode "mode": time 0, paused, colour by the
 * first preferred household column that exists, charts from "charts" (comma-separated
 * indicator names, or NULL for the default list), nothing selected. */
void viz_view_init(viz_view *v, viz_mode mode, viz_data *d, const char *charts);
/* Add a second pane (side by side) showing "d" with "label". */
void viz_view_add_pane(viz_view *v, viz_data *d, const char *label);
/* Choose the charted indicators: names from "list" (comma-separated) that exist, else the
 * default preference list, filled up with the first indicators of the run. */
void viz_view_set_charts(viz_view *v, const char *list);
/* Latest time that all panes can show. */
double viz_view_max_t(const viz_view *v);
/* Move the cursor to "t", clamped to [0, max]. */
void viz_view_seek(viz_view *v, double t);
/* Advance playback by "dt" seconds of wall time; stops at the end. Returns 1 if t moved. */
int viz_view_advance(viz_view *v, double dt);
/* Colour by the next ("dir" 1) or previous (-1) household column of the first pane. */
void viz_view_cycle_color(viz_view *v, int dir);
/* Index of the colour-by column in pane "p", or -1. */
int viz_view_color_col(const viz_view *v, int p);
#endif
