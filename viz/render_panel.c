/* render_panel.c: the status bar, the timeline (scrubber with lever marks), the event
 * ticker, the story panel that follows one household in sentences, the workshop lever
 * panel and the help overlay. Sentences come from the story templates (analysis/story.h). */
#include "render.h"
#include "story.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *mode_name(const viz_view *v)
{
    switch (v->mode) {
    case VIZ_REPLAY: return "replay";
    case VIZ_FOLLOW: return "live follow";
    case VIZ_WORKSHOP: return "workshop";
    case VIZ_SIDE: return "side by side";
    }
    return "";
}

static void sentence(const viz_data *d, const sim_event *e, char *out, size_t n)
{
    char t[96];
    const char *tmpl = t, *cp = NULL;
    if (e->kind < d->n_kinds && d->kinds[e->kind].story[0]) {
        tmpl = d->kinds[e->kind].story;
        cp = d->kinds[e->kind].cp;
    } else {
        snprintf(t, sizeof t, "Event %s happened.", e->kind < d->n_kinds ? d->kinds[e->kind].name : "?");
    }
    an_story_format(tmpl, cp, e->household, e->person, e->counterpart, e->amount, out, n);
}

void viz_render_top(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    viz_fill(rc->r, &lay->top, 0x2b2f3au);
    const viz_data *d = v->d[0];
    char date[16], buf[512];
    viz_data_date(d, v->t, date, sizeof date);
    double planned = d->ticks_planned > (int32_t)d->n_ticks ? (double)d->ticks_planned : (double)d->n_ticks;
    const char *state = d->complete ? "" : v->mode == VIZ_WORKSHOP ? "  (running)" : "  (partial)";
    const char *play = v->playing ? "\xe2\x96\xb6 playing" : "paused";
    if (v->mode == VIZ_FOLLOW && !d->complete && v->t >= viz_view_max_t(v) - 1e-9)
        play = "\xe2\x96\xb6 following the writer";
    snprintf(buf, sizeof buf, "nabij-view  |  %s  |  %s%s  |  tick %d / %.0f  |  %s  |  %s %.0f ticks/s",
             mode_name(v), v->n_panes > 1 ? "two runs" : d->scenario_name, state, (int)floor(v->t),
             planned, date, play, v->speed);
    viz_text_draw(rc->text, 10, 6, 0xffffffu, 0, 0, buf);
    const char *right = v->message[0] ? v->message : "H: help";
    int tw, th;
    viz_text_size(rc->text, 0, right, &tw, &th);
    viz_text_draw(rc->text, lay->w - tw - 10, 6, v->message[0] ? 0xffd166u : 0xa0a0aau, 0, 0, right);
}

void viz_render_timeline(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    const SDL_Rect *T = &lay->timeline;
    viz_fill(rc->r, T, 0x2b2f3au);
    const viz_data *d = v->d[0];
    double planned = d->ticks_planned > (int32_t)d->n_ticks ? (double)d->ticks_planned : (double)d->n_ticks;
    SDL_Rect bar = {T->x + 70, T->y + 11, T->w - 140, 8};
    viz_fill(rc->r, &bar, 0x444a58u);
    SDL_Rect have = bar;
    have.w = viz_layout_chart_x(&bar, viz_view_max_t(v), planned) - bar.x;
    viz_fill(rc->r, &have, 0x5c6f99u);
    for (size_t l = 0; l < d->n_levers; l++) {
        SDL_Rect m = {viz_layout_chart_x(&bar, d->levers[l].tick, planned) - 1, T->y + 4, 3, 22};
        viz_fill(rc->r, &m, VIZ_RGB_LEVER);
    }
    SDL_Rect cur = {viz_layout_chart_x(&bar, v->t, planned) - 3, T->y + 5, 6, 20};
    viz_fill(rc->r, &cur, VIZ_RGB_CURSOR);
    char buf[32];
    snprintf(buf, sizeof buf, "%d", (int)floor(v->t));
    viz_text_draw(rc->text, T->x + 10, T->y + 6, 0xe6e6e6u, 0, 0, buf);
    snprintf(buf, sizeof buf, "%.0f", planned);
    viz_text_draw(rc->text, bar.x + bar.w + 10, T->y + 6, 0xa0a0aau, 0, 0, buf);
}

static void render_ticker(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    const SDL_Rect *R = &lay->ticker;
    if (R->h <= 0)
        return;
    viz_fill(rc->r, R, VIZ_RGB_PANEL);
    const viz_data *d = v->d[0];
    int32_t tick = (int32_t)floor(v->t) - 1;
    if (tick < 0)
        tick = 0;
    size_t a = viz_data_event_at(d, tick), b = viz_data_event_at(d, tick + 1);
    char date[16], buf[600], line[512];
    viz_data_date(d, tick, date, sizeof date);
    size_t count[256] = {0};
    for (size_t i = a; i < b; i++)
        count[d->events[i].kind & 255]++;
    snprintf(buf, sizeof buf, "Events in the week of %s: %zu", date, b - a);
    viz_text_draw(rc->text, R->x + 6, R->y + 3, 0xe6e6e6u, 1, 0, buf);
    int y = R->y + 22, lines = 0, lh = viz_text_line(rc->text);
    /* rare kinds first: the one fine matters more to the room than the hundredth letter */
    int done[256] = {0};
    while (lines < 4 && y + lh <= R->y + R->h) {
        int best = -1;
        for (int k = 0; k < 256; k++)
            if (count[k] && !done[k] && (best < 0 || count[k] < count[best]))
                best = k;
        if (best < 0)
            break;
        done[best] = 1;
        for (size_t i = a; i < b; i++) {
            const sim_event *e = &d->events[i];
            if (e->kind != best)
                continue;
            sentence(d, e, line, sizeof line);
            if (e->household >= 0)
                snprintf(buf, sizeof buf, "household %d: %s%s", e->household, line,
                         count[best] > 1 ? "" : "");
            else
                snprintf(buf, sizeof buf, "%s", line);
            if (count[best] > 1) {
                size_t l = strlen(buf);
                snprintf(buf + l, sizeof buf - l, "  (and %zu more like it)", count[best] - 1);
            }
            viz_text_draw(rc->text, R->x + 10, y, 0xc8c8d0u, 0, 0, buf);
            y += lh;
            lines++;
            break;
        }
    }
}

/* Clipped to its panel: a line longer than the panel is cut at its edge. */
void viz_render_ticker(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    viz_clip(rc->r, &lay->ticker);
    render_ticker(rc, v, lay);
    viz_clip(rc->r, NULL);
}

static void fmt_col(const viz_col *c, float x, char *out, size_t n)
{
    if (!strncmp(c->unit, "EUR", 3))
        an_story_format("{amount}", NULL, -1, -1, -1, x, out, n);
    else
        snprintf(out, n, "%.3g", x);
}

static void render_story(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    const SDL_Rect *R = &lay->story;
    if (R->h <= 40)
        return;
    viz_fill(rc->r, R, VIZ_RGB_PANEL);
    viz_data *d = v->d[0];
    int lh = viz_text_line(rc->text);
    if (v->selected < 0 || (uint32_t)v->selected >= d->hh_cap) {
        viz_text_draw(rc->text, R->x + 6, R->y + 3, 0xe6e6e6u, 1, 0, "Story");
        viz_text_draw(rc->text, R->x + 10, R->y + 26, 0xa0a0aau, 0, R->w - 20,
                      "Click a household on the map to follow it: what happens to it appears "
                      "here in plain sentences, up to the time cursor.");
        return;
    }
    char buf[700], line[512];
    snprintf(buf, sizeof buf, "Story of household %d", v->selected);
    viz_text_draw(rc->text, R->x + 6, R->y + 3, 0xffffffu, 1, 0, buf);
    int row = viz_data_row_at(d, v->t);
    size_t len = 0;
    buf[0] = 0;
    int formed = (uint32_t)v->selected < viz_data_households_at(d, row);
    if (!formed)
        snprintf(buf, sizeof buf, "Not formed yet at this time.");
    for (size_t c = 0; formed && c < d->n_cols && len + 80 < sizeof buf; c++) {
        const viz_col *col = &d->cols[c];
        if (strcmp(col->kind, "households") || viz_data_is_position(d, c))
            continue;
        float x = viz_data_value(d, c, row, (uint32_t)v->selected);
        char val[64];
        if (col->categorical && viz_data_category(d, c, (int)lroundf(x), val, sizeof val) == 0)
            ;
        else
            fmt_col(col, x, val, sizeof val);
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s %s", len ? ",  " : "", col->name, val);
    }
    int y = R->y + 24;
    y += viz_text_draw(rc->text, R->x + 10, y, 0xb8c4d8u, 0, R->w - 20, buf) + 6;
    /* the latest events that fit, oldest first */
    int32_t upto = (int32_t)floor(v->t);
    size_t end = viz_data_event_at(d, upto > 0 ? upto : 1);
    size_t pick[64];
    int n = 0;
    int room = (R->y + R->h - y) / (lh + 2);
    if (room > 64)
        room = 64;
    for (size_t i = end; i-- > 0 && n < room;)
        if (d->events[i].household == v->selected)
            pick[n++] = i;
    if (!n)
        viz_text_draw(rc->text, R->x + 10, y, 0xa0a0aau, 0, 0, "Nothing has happened to it yet.");
    for (int k = n - 1; k >= 0 && y + lh <= R->y + R->h; k--) {
        const sim_event *e = &d->events[pick[k]];
        char date[16];
        viz_data_date(d, e->tick, date, sizeof date);
        sentence(d, e, line, sizeof line);
        snprintf(buf, sizeof buf, "%s  %s", date, line);
        y += viz_text_draw(rc->text, R->x + 10, y, 0xe6e6e6u, 0, R->w - 20, buf) + 2;
    }
}

/* Clipped to its panel: a line longer than the panel is cut at its edge. */
void viz_render_story(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    viz_clip(rc->r, &lay->story);
    render_story(rc, v, lay);
    viz_clip(rc->r, NULL);
}

void viz_render_levers(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    const SDL_Rect *R = &lay->levers;
    if (R->h <= 0)
        return;
    viz_fill(rc->r, R, 0x2a2438u);
    viz_text_draw(rc->text, R->x + 6, R->y + 3, 0xf0c8f0u, 1, 0, "Levers (press the number to switch)");
    for (int i = 0; i < v->n_lever_lines; i++)
        viz_text_draw(rc->text, R->x + 10, R->y + 24 + 18 * i, 0xe6e6e6u, 0, 0, v->lever_lines[i]);
}

void viz_render_help(viz_render *rc, viz_view *v, const viz_layout *lay)
{
    if (!v->help)
        return;
    const SDL_Rect *R = &lay->help;
    viz_fill(rc->r, R, VIZ_RGB_HELP);
    viz_color(rc->r, 0x8a8f9au);
    SDL_RenderDrawRect(rc->r, R);
    static const char *const lines[] = {
        "Space  play / pause",
        "Right / Left  one tick forward / back   (Shift: ten)",
        "Up / Down  faster / slower",
        "Home / End  start / latest tick",
        "C / Shift+C  colour the map by the next / previous column",
        "Click a household  follow its story;  Esc  stop following",
        "Click or drag on the timeline or a chart  scrub",
        "1-9  workshop: switch lever 1-9 (marked on the charts)",
        "S  workshop: save the session file and stop the run",
        "P  PNG screenshot;  R  start / stop recording frames",
        "H or F1  this help;  Q  quit",
        "Modes: RUN.h5 replay;  --follow RUN.h5 live;  --live SCENARIO workshop;  A.h5 B.h5 side by side",
    };
    viz_text_draw(rc->text, R->x + 16, R->y + 12, 0xffffffu, 1, 0, "nabij-view: keys and mouse");
    int y = R->y + 44;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        viz_text_draw(rc->text, R->x + 20, y, 0xd8d8e0u, 0, R->w - 40, lines[i]);
        y += 28;
    }
}
