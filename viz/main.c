/* main.c: the nabij-view program: options, the modes (replay, live follow, workshop, side
 * by side), the window loop with keyboard and mouse, and the headless paths used by tests
 * and for export (--export-png, --frames, --follow --headless, --dump, --bench); --trace
 * prints the window's state as it changes, so that tests can drive it with real input. */
#include "data.h"
#include "export.h"
#include "nabij.h"
#include "render.h"
#include "replay.h"
#include "text.h"
#include "view.h"
#include "workshop.h"
#include <SDL.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LEVERS_SCRIPT 32
#define MAX_SETS 64

typedef struct opts {
    const char *files[2];
    int n_files;
    const char *live, *out, *color, *charts, *export_png, *frames, *size;
    const char *sets[MAX_SETS];
    size_t n_sets;
    struct {
        long tick;
        const char *assignment;
    } levers[MAX_LEVERS_SCRIPT];
    int n_levers;
    int follow, headless, force, help, dump, play, trace;
    long tick, select, bench, quit_after;
    double speed, timeout;
    int w, h;
    char command[2048];
} opts;

typedef struct app {
    opts *o;
    viz_view v;
    viz_data *d[2];
    viz_workshop *ws;
    SDL_Window *win;
    SDL_Surface *surf;
    SDL_Renderer *r;
    viz_text *txt;
    viz_render rc;
    viz_layout lay;
    int w, h;
    int recording, frame_no, dragging, keep_up, shot_pending;
    long rec_tick; /* tick of the last frame recorded, -1 when recording starts */
    double last_poll, step_debt;
    char traced_view[512], traced_message[256], traced_layout[512]; /* --trace: last printed */
} app;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: nabij-view [options] RUN.h5 [OTHER.h5]\n"
            "       nabij-view --live SCENARIO.yaml [--set k=v]... [-o SESSION.h5]\n"
            "Shows a nabij run: the district map, charts, queues, events and stories.\n"
            "  RUN.h5              replay a run (a .part file, or one still being written, is followed)\n"
            "  RUN.h5 OTHER.h5     side by side with linked time\n"
            "  --follow            follow a file that `nabij run` is still writing\n"
            "  --live SCENARIO     workshop mode: run SCENARIO (a YAML file, or \"baseline\") in the\n"
            "                      viewer and switch levers while it runs; the session is saved to -o\n"
            "  --set SECTION.KEY=VALUE  workshop: scenario override (repeatable)\n"
            "  -o, --output FILE   workshop: session file (default results/<scenario>-seed<seed>-workshop.h5)\n"
            "  --lever TICK:SECTION.KEY=VALUE  workshop: switch a lever when TICK ticks are done\n"
            "  --force             replace existing output files\n"
            "  --tick T            start at tick T          --speed X   ticks per second (default 8)\n"
            "  --color COLUMN      colour the map by a household column\n"
            "  --charts A,B,C      indicators to chart (default: a preference list, then what exists)\n"
            "  --select H          follow household H in the story panel\n"
            "  --help-overlay      show the key help     --play  start playing\n"
            "  --size WxH          window or image size (default 1280x800)\n"
            "  --export-png FILE   write one frame (at --tick) as PNG and exit (no window)\n"
            "  --frames DIR        write frames as DIR/frame-NNNNNN.png: headless every tick, in a\n"
            "                      window while recording (key R)\n"
            "  --headless          no window: replay with --frames/--export-png, --follow prints the\n"
            "                      ticks it sees until the file is complete, --live runs to the end\n"
            "  --dump              print what the file holds and a checksum, and exit\n"
            "  --bench N           render N frames off screen while playing; print frames per second\n"
            "  --quit-after N      window: quit after N frames (tests under Xvfb)\n"
            "  --trace             window: print a line on stdout whenever the view, the status\n"
            "                      message or the layout changes (for tests that send input)\n"
            "  --timeout S         --follow --headless: give up after S seconds (default 600)\n"
            "Keys: Space play/pause, arrows step and speed, C colour, H help, P screenshot, Q quit.\n");
}

static int parse_num(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *e;
    errno = 0;
    double x = strtod(s, &e);
    if (errno || e == s || *e || !(x >= lo && x <= hi)) {
        fprintf(stderr, "nabij-view: %s %s: expected a number from %g to %g\n", opt, s, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

static int parse(int argc, char **argv, opts *o)
{
    memset(o, 0, sizeof *o);
    o->tick = -1;
    o->select = -1;
    o->speed = 8;
    o->timeout = 600;
    o->w = 1280;
    o->h = 800;
    size_t len = 0;
    for (int i = 0; i < argc && len + 2 < sizeof o->command; i++)
        len += (size_t)snprintf(o->command + len, sizeof o->command - len, "%s%s", i ? " " : "", argv[i]);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        double x;
#define NEED()                                                                   \
    do {                                                                         \
        if (!val) {                                                              \
            fprintf(stderr, "nabij-view: %s needs a value\n", a);                \
            return -1;                                                           \
        }                                                                        \
        i++;                                                                     \
    } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "--follow")) {
            o->follow = 1;
        } else if (!strcmp(a, "--headless")) {
            o->headless = 1;
        } else if (!strcmp(a, "--force")) {
            o->force = 1;
        } else if (!strcmp(a, "--help-overlay")) {
            o->help = 1;
        } else if (!strcmp(a, "--dump")) {
            o->dump = 1;
        } else if (!strcmp(a, "--play")) {
            o->play = 1;
        } else if (!strcmp(a, "--trace")) {
            o->trace = 1;
        } else if (!strcmp(a, "--live")) {
            NEED();
            o->live = val;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            NEED();
            o->out = val;
        } else if (!strcmp(a, "--set")) {
            NEED();
            if (o->n_sets == MAX_SETS) {
                fprintf(stderr, "nabij-view: at most %d --set options\n", MAX_SETS);
                return -1;
            }
            o->sets[o->n_sets++] = val;
        } else if (!strcmp(a, "--lever")) {
            NEED();
            const char *colon = strchr(val, ':');
            char num[32];
            if (!colon || (size_t)(colon - val) >= sizeof num || o->n_levers == MAX_LEVERS_SCRIPT) {
                fprintf(stderr, "nabij-view: --lever %s: expected TICK:SECTION.KEY=VALUE\n", val);
                return -1;
            }
            snprintf(num, sizeof num, "%.*s", (int)(colon - val), val);
            if (parse_num("--lever", num, 0, 1e7, &x))
                return -1;
            o->levers[o->n_levers].tick = (long)x;
            o->levers[o->n_levers++].assignment = colon + 1;
        } else if (!strcmp(a, "--color") || !strcmp(a, "--colour")) {
            NEED();
            o->color = val;
        } else if (!strcmp(a, "--charts")) {
            NEED();
            o->charts = val;
        } else if (!strcmp(a, "--export-png")) {
            NEED();
            o->export_png = val;
        } else if (!strcmp(a, "--frames")) {
            NEED();
            o->frames = val;
        } else if (!strcmp(a, "--size")) {
            NEED();
            if (sscanf(val, "%dx%d", &o->w, &o->h) != 2 || o->w < 320 || o->h < 240 ||
                o->w > 8192 || o->h > 8192) {
                fprintf(stderr, "nabij-view: --size %s: expected WxH from 320x240 to 8192x8192\n", val);
                return -1;
            }
        } else if (!strcmp(a, "--tick")) {
            NEED();
            if (parse_num(a, val, 0, 1e7, &x))
                return -1;
            o->tick = (long)x;
        } else if (!strcmp(a, "--select")) {
            NEED();
            if (parse_num(a, val, 0, 1e9, &x))
                return -1;
            o->select = (long)x;
        } else if (!strcmp(a, "--speed")) {
            NEED();
            if (parse_num(a, val, 0.25, 1024, &o->speed))
                return -1;
        } else if (!strcmp(a, "--bench")) {
            NEED();
            if (parse_num(a, val, 1, 1e6, &x))
                return -1;
            o->bench = (long)x;
        } else if (!strcmp(a, "--quit-after")) {
            NEED();
            if (parse_num(a, val, 1, 1e9, &x))
                return -1;
            o->quit_after = (long)x;
        } else if (!strcmp(a, "--timeout")) {
            NEED();
            if (parse_num(a, val, 0.1, 1e6, &o->timeout))
                return -1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "nabij-view: unknown option %s (see --help)\n", a);
            return -1;
        } else if (o->n_files < 2) {
            o->files[o->n_files++] = a;
        } else {
            fprintf(stderr, "nabij-view: at most two runs side by side\n");
            return -1;
        }
#undef NEED
    }
    if (!o->live && !o->n_files) {
        usage(stderr);
        return -1;
    }
    if (o->live && o->n_files) {
        fprintf(stderr, "nabij-view: --live runs a scenario; do not also name a run file\n");
        return -1;
    }
    if ((o->n_levers || o->n_sets || o->out) && !o->live) {
        fprintf(stderr, "nabij-view: --lever, --set and -o belong to workshop mode (--live)\n");
        return -1;
    }
    return 0;
}

/* ---- rendering targets ---------------------------------------------------------------- */

static int setup_offscreen(app *a, char *err, size_t n)
{
    a->w = a->o->w;
    a->h = a->o->h;
    a->surf = SDL_CreateRGBSurfaceWithFormat(0, a->w, a->h, 32, SDL_PIXELFORMAT_ARGB8888);
    a->r = a->surf ? SDL_CreateSoftwareRenderer(a->surf) : NULL;
    if (!a->r) {
        snprintf(err, n, "cannot create an off-screen renderer: %s", SDL_GetError());
        return NABIJ_EIO;
    }
    return 0;
}

static int setup_window(app *a, char *err, size_t n)
{
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        snprintf(err, n, "cannot open a display: %s (use --headless, or run under xvfb-run)",
                 SDL_GetError());
        return NABIJ_EIO;
    }
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "0");
    a->win = SDL_CreateWindow("nabij-view", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                              a->o->w, a->o->h, SDL_WINDOW_RESIZABLE);
    if (!a->win) {
        snprintf(err, n, "cannot open a window: %s", SDL_GetError());
        return NABIJ_EIO;
    }
    a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_ACCELERATED);
    if (!a->r)
        a->r = SDL_CreateRenderer(a->win, -1, SDL_RENDERER_SOFTWARE);
    if (!a->r) {
        snprintf(err, n, "cannot create a renderer: %s", SDL_GetError());
        return NABIJ_EIO;
    }
    SDL_GetRendererOutputSize(a->r, &a->w, &a->h);
    return 0;
}

static int setup_text(app *a, char *err, size_t n)
{
    int rc = viz_text_create(a->r, 13, &a->txt, err, n);
    if (!rc)
        viz_render_init(&a->rc, a->r, a->txt);
    return rc;
}

static void teardown(app *a)
{
    viz_render_clear(&a->rc);
    viz_text_destroy(a->txt);
    if (a->r)
        SDL_DestroyRenderer(a->r);
    if (a->surf)
        SDL_FreeSurface(a->surf);
    if (a->win)
        SDL_DestroyWindow(a->win);
    a->r = NULL;
    a->surf = NULL;
    a->win = NULL;
    a->txt = NULL;
}

static void draw(app *a)
{
    if (a->ws)
        viz_workshop_lines(a->ws, &a->v);
    viz_layout_compute(&a->v, a->w, a->h, &a->lay);
    viz_render_frame(&a->rc, &a->v, &a->lay);
}

static int write_frame(app *a, const char *path, char *err, size_t n)
{
    return viz_export_png(a->r, a->w, a->h, path, a->o->force, err, n);
}

static int frame_path(const char *dir, int no, char *out, size_t n)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return -1;
    snprintf(out, n, "%s/frame-%06d.png", dir, no);
    return 0;
}

/* ---- data sources --------------------------------------------------------------------- */

static int open_runs(app *a, char *err, size_t n)
{
    opts *o = a->o;
    for (int i = 0; i < o->n_files; i++) {
        char r0[PATH_MAX], r1[PATH_MAX];
        if (i == 1 && realpath(o->files[0], r0) && realpath(o->files[1], r1) && !strcmp(r0, r1))
            break; /* the same file twice shares one reading (HDF5 opens a file once) */
        int rc = viz_replay_open(o->files[i], &a->d[i], err, n);
        /* a followed run may not have started writing yet */
        double t0 = now_s();
        if (rc && o->follow)
            fprintf(stderr, "nabij-view: waiting for %s to appear\n", o->files[i]);
        while (rc && o->follow && now_s() - t0 < o->timeout) {
            SDL_Delay(100);
            rc = viz_replay_open(o->files[i], &a->d[i], err, n);
        }
        if (rc)
            return rc;
    }
    int follow = o->follow || !a->d[0]->complete;
    viz_view_init(&a->v, follow && o->n_files == 1 ? VIZ_FOLLOW : VIZ_REPLAY, a->d[0], o->charts);
    if (o->n_files == 2) {
        char label[64];
        for (int i = 0; i < 2; i++) {
            const char *base = strrchr(o->files[i], '/');
            snprintf(label, sizeof label, "%s", base ? base + 1 : o->files[i]);
            if (i == 0)
                snprintf(a->v.label[0], sizeof a->v.label[0], "%s", label);
            else
                viz_view_add_pane(&a->v, a->d[1] ? a->d[1] : a->d[0], label);
        }
    }
    return 0;
}

static void apply_view_opts(app *a)
{
    opts *o = a->o;
    a->v.speed = o->speed;
    a->v.help = o->help;
    a->v.playing = o->play;
    if (o->color) {
        if (viz_data_col(a->v.d[0], "households", o->color) >= 0)
            snprintf(a->v.color_by, sizeof a->v.color_by, "%s", o->color);
        else
            fprintf(stderr, "nabij-view: --color %s: no such household column; using %s\n",
                    o->color, a->v.color_by);
    }
    if (o->select >= 0)
        a->v.selected = (int32_t)o->select;
    if (o->tick >= 0)
        viz_view_seek(&a->v, (double)o->tick);
    else if (a->v.mode == VIZ_FOLLOW)
        viz_view_seek(&a->v, viz_view_max_t(&a->v));
    a->keep_up = a->v.mode == VIZ_FOLLOW && o->tick < 0;
}

static void apply_scripted_levers(app *a, uint32_t tick)
{
    char err[512];
    for (int i = 0; i < a->o->n_levers; i++)
        if ((uint32_t)a->o->levers[i].tick == tick) {
            if (viz_workshop_set(a->ws, a->o->levers[i].assignment, err, sizeof err))
                fprintf(stderr, "nabij-view: %s\n", err);
            else
                snprintf(a->v.message, sizeof a->v.message, "tick %u: %.200s", tick,
                         a->o->levers[i].assignment);
        }
}

/* Poll a followed file; keeps the cursor at the end when it was there. */
static void poll_follow(app *a, double interval)
{
    if (a->v.mode != VIZ_FOLLOW || a->d[0]->complete || now_s() - a->last_poll < interval)
        return;
    a->last_poll = now_s();
    double before = viz_view_max_t(&a->v);
    int at_end = a->v.t >= before - 1e-9, changed = 0;
    if (viz_replay_refresh(a->d[0], &changed) == 0 && changed && at_end && a->keep_up)
        viz_view_seek(&a->v, viz_view_max_t(&a->v));
}

/* ---- headless modes ------------------------------------------------------------------- */

static void print_checksum(viz_data *d)
{
    uint32_t ticks, rows;
    size_t events;
    uint64_t h = viz_data_checksum(d, &ticks, &rows, &events);
    printf("checksum %016llx ticks %u rows %u events %zu levers %zu\n", (unsigned long long)h,
           ticks, rows, events, d->n_levers);
    /* the map as the viewer placed it: households of the start, at the last row, grid */
    printf("map start %u last %u grid %dx%d\n", d->hh_static,
           viz_data_households_at(d, (int)d->n_rows - 1), d->grid_w, d->grid_h);
}

static int run_dump(app *a)
{
    viz_data *d = a->d[0];
    printf("file %s\nscenario %s\nstatus %s\nticks %u of %d planned, %d days per tick\n",
           d->path, d->scenario_name, d->complete ? "complete" : "partial", d->n_ticks,
           d->ticks_planned, d->days_per_tick);
    printf("households %u placed on a %dx%d map (capacity %u)\n", d->hh_placed, d->grid_w,
           d->grid_h, d->hh_cap);
    for (size_t c = 0; c < d->n_cols; c++)
        printf("column %s/%s (%s)\n", d->cols[c].kind, d->cols[c].name, d->cols[c].unit);
    for (size_t i = 0; i < d->n_series; i++)
        printf("series %s (%s)\n", d->series[i].name, d->series[i].unit);
    for (size_t i = 0; i < d->n_levers; i++)
        printf("lever tick %d %s\n", d->levers[i].tick, d->levers[i].assignment);
    print_checksum(d);
    return 0;
}

static int run_follow_headless(app *a)
{
    char err[1024];
    double start = now_s();
    int rc;
    /* the writer may not have created the file yet */
    while ((rc = viz_replay_open(a->o->files[0], &a->d[0], err, sizeof err)) != 0) {
        if (now_s() - start > a->o->timeout) {
            fprintf(stderr, "nabij-view: %s\n", err);
            return 1;
        }
        SDL_Delay(20);
    }
    viz_data *d = a->d[0];
    for (size_t c = 0; c < d->n_cols; c++)
        if ((rc = viz_data_load_col(d, c))) {
            fprintf(stderr, "nabij-view: %s: cannot read column %s\n", d->path, d->cols[c].name);
            return 1;
        }
    viz_view_init(&a->v, VIZ_FOLLOW, d, a->o->charts);
    apply_view_opts(a);
    if (a->o->frames && ((rc = setup_offscreen(a, err, sizeof err)) || (rc = setup_text(a, err, sizeof err)))) {
        fprintf(stderr, "nabij-view: %s\n", err);
        return 1;
    }
    uint32_t seen = UINT32_MAX;
    int seen_complete = 0;
    for (;;) {
        int changed = 0;
        if ((rc = viz_replay_refresh(d, &changed))) {
            fprintf(stderr, "nabij-view: %s: %s while following\n", d->path, nabij_strerror(rc));
            return 1;
        }
        if (d->n_ticks != seen || d->complete != seen_complete) {
            seen = d->n_ticks;
            seen_complete = d->complete;
            printf("tick %u rows %u events %zu %s\n", d->n_ticks, d->n_rows, d->n_events,
                   d->complete ? "complete" : "partial");
            fflush(stdout);
            if (a->o->frames) {
                char path[4300];
                viz_view_seek(&a->v, d->n_ticks);
                draw(a);
                if (frame_path(a->o->frames, a->frame_no++, path, sizeof path) ||
                    write_frame(a, path, err, sizeof err)) {
                    fprintf(stderr, "nabij-view: %s\n", err);
                    return 1;
                }
            }
        }
        if (d->complete)
            break;
        if (now_s() - start > a->o->timeout) {
            fprintf(stderr, "nabij-view: %s: still partial after %.0f s\n", d->path, a->o->timeout);
            return 1;
        }
        SDL_Delay(20);
    }
    printf("complete %s\n", d->final_path);
    print_checksum(d);
    return 0;
}

static int run_offscreen(app *a)
{
    char err[1024];
    int rc;
    if ((rc = setup_offscreen(a, err, sizeof err)) || (rc = setup_text(a, err, sizeof err))) {
        fprintf(stderr, "nabij-view: %s\n", err);
        return 1;
    }
    if (a->o->bench) {
        double t0 = now_s(), maxt = viz_view_max_t(&a->v);
        for (long i = 0; i < a->o->bench; i++) {
            viz_view_seek(&a->v, maxt > 0 ? fmod((double)i, maxt + 1) : 0);
            draw(a);
        }
        double s = now_s() - t0;
        printf("rendered %ld frames in %.2f s: %.1f frames/s (%dx%d, %u households, off-screen "
               "software renderer)\n",
               a->o->bench, s, a->o->bench / s, a->w, a->h, a->v.d[0]->hh_placed);
        return 0;
    }
    if (a->o->frames) {
        double end = viz_view_max_t(&a->v);
        for (double t = a->v.t; t <= end + 1e-9; t += 1) {
            char path[4300];
            viz_view_seek(&a->v, t);
            draw(a);
            if (frame_path(a->o->frames, a->frame_no++, path, sizeof path) ||
                write_frame(a, path, err, sizeof err)) {
                fprintf(stderr, "nabij-view: %s\n", err);
                return 1;
            }
        }
        printf("wrote %d frames to %s\n", a->frame_no, a->o->frames);
    }
    if (a->o->export_png) {
        draw(a);
        if (write_frame(a, a->o->export_png, err, sizeof err)) {
            fprintf(stderr, "nabij-view: %s\n", err);
            return 1;
        }
        printf("wrote %s (tick %.0f)\n", a->o->export_png, floor(a->v.t));
    }
    return 0;
}

static int run_workshop_headless(app *a)
{
    char err[1024];
    for (;;) {
        apply_scripted_levers(a, a->ws->d->n_ticks);
        int rc = viz_workshop_step(a->ws, err, sizeof err);
        if (rc < 0) {
            fprintf(stderr, "nabij-view: %s\n", err);
            return 1;
        }
        if (rc == 1)
            break;
    }
    viz_view_seek(&a->v, a->o->tick >= 0 ? (double)a->o->tick : viz_view_max_t(&a->v));
    if (viz_workshop_save(a->ws, err, sizeof err)) {
        fprintf(stderr, "nabij-view: %s\n", err);
        return 1;
    }
    printf("saved %s\n", a->ws->out);
    print_checksum(a->ws->d);
    if (a->o->export_png || a->o->frames)
        return run_offscreen(a);
    return 0;
}

/* ---- the window ----------------------------------------------------------------------- */

static void screenshot(app *a)
{
    char path[64], err[512];
    for (int i = 1; i < 10000; i++) {
        snprintf(path, sizeof path, "nabij-view-%04d.png", i);
        if (access(path, F_OK) != 0)
            break;
    }
    if (write_frame(a, path, err, sizeof err))
        snprintf(a->v.message, sizeof a->v.message, "%.200s", err);
    else
        snprintf(a->v.message, sizeof a->v.message, "saved %.200s", path);
}

static int in_rect(const SDL_Rect *r, int x, int y)
{
    return x >= r->x && y >= r->y && x < r->x + r->w && y < r->y + r->h;
}

/* Time under x on the timeline or a chart, or -1. */
static double time_at(app *a, int x, int y)
{
    const viz_data *d = a->v.d[0];
    double planned = d->ticks_planned > (int32_t)d->n_ticks ? (double)d->ticks_planned : (double)d->n_ticks;
    SDL_Rect bar = {a->lay.timeline.x + 70, a->lay.timeline.y, a->lay.timeline.w - 140, a->lay.timeline.h};
    if (in_rect(&a->lay.timeline, x, y))
        return (x - bar.x) / (double)(bar.w - 1) * planned;
    for (int p = 0; p < a->lay.n_panes; p++)
        for (int c = 0; c < a->lay.pane[p].n_charts; c++) {
            const SDL_Rect *R = &a->lay.pane[p].chart[c];
            SDL_Rect in;
            viz_layout_chart_plot(R, &in);
            if (in_rect(R, x, y))
                return (x - in.x) / (double)(in.w - 1) * planned;
        }
    return -1;
}

static void on_key(app *a, const SDL_KeyboardEvent *k, int *quit)
{
    viz_view *v = &a->v;
    int shift = (k->keysym.mod & KMOD_SHIFT) != 0;
    char msg[256];
    switch (k->keysym.sym) {
    case SDLK_q: *quit = 1; break;
    case SDLK_ESCAPE:
        if (v->help)
            v->help = 0;
        else
            v->selected = -1;
        break;
    case SDLK_SPACE:
        if (!v->playing && v->t >= viz_view_max_t(v) && v->mode != VIZ_WORKSHOP &&
            v->mode != VIZ_FOLLOW)
            v->t = 0;
        v->playing = !v->playing;
        break;
    case SDLK_RIGHT:
        v->playing = 0;
        if (a->ws && v->t + 1 > viz_view_max_t(v)) {
            char err[512];
            if (viz_workshop_step(a->ws, err, sizeof err) < 0)
                snprintf(v->message, sizeof v->message, "%.200s", err);
        }
        viz_view_seek(v, floor(v->t) + (shift ? 10 : 1));
        break;
    case SDLK_LEFT:
        v->playing = 0;
        viz_view_seek(v, ceil(v->t) - (shift ? 10 : 1));
        break;
    case SDLK_UP: v->speed = fmin(v->speed * 2, 1024); break;
    case SDLK_DOWN: v->speed = fmax(v->speed / 2, 0.25); break;
    case SDLK_HOME: viz_view_seek(v, 0); break;
    case SDLK_END: viz_view_seek(v, viz_view_max_t(v)); break;
    case SDLK_c: viz_view_cycle_color(v, shift ? -1 : 1); break;
    case SDLK_h:
    case SDLK_F1: v->help = !v->help; break;
    case SDLK_p: a->shot_pending = 1; break; /* after the frame is drawn: it shows this state */
    case SDLK_r:
        a->recording = !a->recording;
        a->rec_tick = -1;
        snprintf(v->message, sizeof v->message, a->recording ? "recording frames to %.200s" : "recording stopped",
                 a->o->frames ? a->o->frames : "frames");
        break;
    case SDLK_s:
        if (a->ws) {
            char err[512];
            if (viz_workshop_save(a->ws, err, sizeof err))
                snprintf(v->message, sizeof v->message, "%.200s", err);
            else
                snprintf(v->message, sizeof v->message, "session saved: %.200s", a->ws->out);
        }
        break;
    default:
        if (a->ws && k->keysym.sym >= SDLK_1 && k->keysym.sym <= SDLK_9) {
            viz_workshop_switch(a->ws, (int)(k->keysym.sym - SDLK_1), msg, sizeof msg);
            snprintf(v->message, sizeof v->message, "%.200s", msg);
        }
        break;
    }
}

static void on_mouse(app *a, int x, int y, int down)
{
    double t = time_at(a, x, y);
    if (down && t < 0) {
        for (int p = 0; p < a->lay.n_panes; p++)
            if (in_rect(&a->lay.pane[p].map, x, y)) {
                int32_t h = viz_layout_hit(&a->lay.pane[p], a->v.d[p],
                                           viz_data_row_at(a->v.d[p], a->v.t), x, y);
                a->v.selected = h;
                if (h >= 0)
                    snprintf(a->v.message, sizeof a->v.message, "following household %d", h);
            }
        return;
    }
    if (t >= 0 && (down || a->dragging)) {
        a->dragging = 1;
        a->v.playing = 0;
        viz_view_seek(&a->v, round(t));
    }
}

/* --trace: print what changed since the last frame, one line per kind: the layout (where
 * the map grid, story, legend, timeline and help are, for clicks and screenshots), the view
 * (what the top bar and the panels show) and the status message. */
static void trace(app *a)
{
    if (!a->o->trace)
        return;
    const viz_view *v = &a->v;
    const viz_pane_layout *pl = &a->lay.pane[0];
    const viz_layout *L = &a->lay;
    char date[16], buf[512];
    snprintf(buf, sizeof buf,
             "layout window %dx%d map %g %g %g grid %dx%d story %d %d %d %d legend %d %d %d %d "
             "timeline %d %d %d %d help %d %d %d %d",
             a->w, a->h, pl->ox, pl->oy, pl->cell, v->d[0]->grid_w, v->d[0]->grid_h, L->story.x,
             L->story.y, L->story.w, L->story.h, pl->legend.x, pl->legend.y, pl->legend.w,
             pl->legend.h, L->timeline.x, L->timeline.y, L->timeline.w, L->timeline.h,
             L->help.x, L->help.y, L->help.w, L->help.h);
    if (strcmp(buf, a->traced_layout)) {
        printf("%s\n", buf);
        snprintf(a->traced_layout, sizeof a->traced_layout, "%s", buf);
    }
    viz_data_date(v->d[0], v->t, date, sizeof date);
    snprintf(buf, sizeof buf,
             "view tick %d date %s playing %d speed %g color %s selected %d help %d recording %d",
             (int)floor(v->t), date, v->playing, v->speed, v->color_by, (int)v->selected, v->help,
             a->recording);
    if (strcmp(buf, a->traced_view)) {
        printf("%s\n", buf);
        snprintf(a->traced_view, sizeof a->traced_view, "%s", buf);
    }
    if (strcmp(v->message, a->traced_message)) {
        printf("message %s\n", v->message);
        snprintf(a->traced_message, sizeof a->traced_message, "%s", v->message);
    }
    fflush(stdout);
}

static int run_window(app *a)
{
    char err[1024];
    int rc;
    if ((rc = setup_window(a, err, sizeof err)) || (rc = setup_text(a, err, sizeof err))) {
        fprintf(stderr, "nabij-view: %s\n", err);
        return 1;
    }
    double last = now_s(), t0 = last;
    long frames = 0;
    int quit = 0;
    while (!quit) {
        SDL_Event e;
        while (SDL_PollEvent(&e)) {
            if (e.type == SDL_QUIT)
                quit = 1;
            else if (e.type == SDL_KEYDOWN)
                on_key(a, &e.key, &quit);
            else if (e.type == SDL_MOUSEBUTTONDOWN && e.button.button == SDL_BUTTON_LEFT)
                on_mouse(a, e.button.x, e.button.y, 1);
            else if (e.type == SDL_MOUSEBUTTONUP)
                a->dragging = 0;
            else if (e.type == SDL_MOUSEMOTION && a->dragging)
                on_mouse(a, e.motion.x, e.motion.y, 0);
            else if (e.type == SDL_MOUSEWHEEL)
                viz_view_cycle_color(&a->v, e.wheel.y > 0 ? -1 : 1);
            else if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
                SDL_GetRendererOutputSize(a->r, &a->w, &a->h);
        }
        double now = now_s(), dt = now - last;
        last = now;
        poll_follow(a, 0.25);
        if (a->ws && a->v.playing && !a->ws->finished) {
            /* the simulation runs as fast as the play speed asks, at most a few ticks a frame */
            a->step_debt += a->v.speed * dt;
            for (int k = 0; k < 4 && a->step_debt >= 1 && a->v.t + 1 > viz_view_max_t(&a->v); k++) {
                apply_scripted_levers(a, a->ws->d->n_ticks);
                rc = viz_workshop_step(a->ws, err, sizeof err);
                a->step_debt -= 1;
                if (rc < 0) {
                    snprintf(a->v.message, sizeof a->v.message, "%.200s", err);
                    a->v.playing = 0;
                    break;
                }
                if (rc == 1 && viz_workshop_save(a->ws, err, sizeof err) == 0)
                    snprintf(a->v.message, sizeof a->v.message, "run complete; session saved: %.200s", a->ws->out);
            }
            if (a->step_debt > 4)
                a->step_debt = 4;
        }
        viz_view_advance(&a->v, dt);
        draw(a);
        if (a->shot_pending) {
            a->shot_pending = 0;
            screenshot(a);
        }
        /* one frame for each tick shown while recording, however the time got there */
        if (a->recording && (long)floor(a->v.t) != a->rec_tick) {
            a->rec_tick = (long)floor(a->v.t);
            char path[4300];
            if (frame_path(a->o->frames ? a->o->frames : "frames", a->frame_no++, path, sizeof path) ||
                write_frame(a, path, err, sizeof err)) {
                snprintf(a->v.message, sizeof a->v.message, "%.200s", err);
                a->recording = 0;
            }
        }
        trace(a);
        frames++;
        if (a->o->quit_after && frames >= a->o->quit_after) {
            if (a->o->export_png && write_frame(a, a->o->export_png, err, sizeof err))
                fprintf(stderr, "nabij-view: %s\n", err);
            quit = 1;
        }
        SDL_RenderPresent(a->r);
        double spent = now_s() - now;
        if (spent < 1.0 / 60)
            SDL_Delay((Uint32)((1.0 / 60 - spent) * 1000));
    }
    if (a->o->quit_after)
        printf("window: %ld frames in %.2f s: %.1f frames/s\n", frames, now_s() - t0,
               frames / (now_s() - t0));
    return 0;
}

int main(int argc, char **argv)
{
    opts o;
    if (parse(argc, argv, &o))
        return 2;
    app a;
    memset(&a, 0, sizeof a);
    a.o = &o;
    char err[2048];
    int rc = 0, status = 0;
    if (o.live) {
        if ((rc = viz_workshop_create(o.live, o.sets, o.n_sets, o.out, o.force, o.command, &a.ws,
                                      err, sizeof err))) {
            fprintf(stderr, "nabij-view: %s\n", err);
            return rc == NABIJ_EINVAL || rc == NABIJ_EEXIST ? 2 : 1;
        }
        viz_view_init(&a.v, VIZ_WORKSHOP, a.ws->d, o.charts);
        apply_view_opts(&a);
        status = o.headless ? run_workshop_headless(&a) : run_window(&a);
        if (!a.ws->finished)
            fprintf(stderr, "nabij-view: session not saved (press S to save); %s removed\n",
                    a.ws->out);
    } else if (o.follow && o.headless) {
        status = run_follow_headless(&a);
    } else {
        if ((rc = open_runs(&a, err, sizeof err))) {
            fprintf(stderr, "nabij-view: %s\n", err);
            return 1;
        }
        apply_view_opts(&a);
        if (o.dump)
            status = run_dump(&a);
        else if (o.headless || o.bench || ((o.export_png || o.frames) && !o.quit_after))
            status = run_offscreen(&a);
        else
            status = run_window(&a);
    }
    teardown(&a);
    viz_workshop_destroy(a.ws);
    viz_data_destroy(a.d[0]);
    viz_data_destroy(a.d[1]);
    if (TTF_WasInit())
        TTF_Quit();
    SDL_Quit();
    return status;
}
