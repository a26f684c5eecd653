/* story.c: event templates into sentences, and one household's history as dated lines.
 * Templates come from the models (sim_event_kind_add); nothing here knows a model. */
#include "story.h"
#include "scenario.h"
#include <ctype.h>
#include <math.h>
#include <string.h>

typedef struct sbuf {
    char *p;
    size_t n, len;
} sbuf;

static void put(sbuf *b, const char *s, size_t k)
{
    for (size_t i = 0; i < k; i++, b->len++)
        if (b->n && b->len + 1 < b->n)
            b->p[b->len] = s[i];
    if (b->n)
        b->p[b->len + 1 < b->n ? b->len : b->n - 1] = 0;
}

static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

/* Name number "code" of "a|b|c" into "out", or 0 when there is none. */
static int cp_name(const char *names, int32_t code, char *out, size_t n)
{
    if (!names || !*names || code < 0)
        return 0;
    const char *p = names;
    for (int32_t i = 0; i < code; i++) {
        p = strchr(p, '|');
        if (!p)
            return 0;
        p++;
    }
    const char *e = strchr(p, '|');
    size_t k = e ? (size_t)(e - p) : strlen(p);
    if (k == 0)
        return 0;
    snprintf(out, n, "%.*s", (int)k, p);
    return 1;
}

/* Thousands separators: 1200 -> "1,200". */
static void group_digits(double v, int decimals, char *out, size_t n)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw);
    char tmp[96];
    size_t o = 0;
    if (v < 0 && strspn(raw, "0.") != strlen(raw))
        tmp[o++] = '-';
    for (size_t i = 0; i < ilen; i++) {
        if (i && (ilen - i) % 3 == 0)
            tmp[o++] = ',';
        tmp[o++] = raw[i];
    }
    tmp[o] = 0;
    snprintf(out, n, "%s%s", tmp, dot ? dot : "");
}

static int unit_follows(const char *rest)
{
    static const char *const units[] = {"weeks", "week", "days", "day", "hours", "hour",
                                        "months", "month", "letters", "letter", "persons",
                                        "person", "times", "%", "years", "year"};
    while (*rest == ' ')
        rest++;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t k = strlen(units[i]);
        if (!strncmp(rest, units[i], k) && !isalpha((unsigned char)rest[k]))
            return 1;
    }
    return 0;
}

/* A word just before the placeholder that names a quantity other than money. */
static int quantity_precedes(const char *tmpl, const char *at)
{
    static const char *const words[] = {"severity", "share", "score", "probability", "rate"};
    const char *from = at - tmpl > 28 ? at - 28 : tmpl;
    char win[32];
    snprintf(win, sizeof win, "%.*s", (int)(at - from), from);
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strstr(win, words[i]))
            return 1;
    return 0;
}

size_t an_story_format(const char *tmpl, const char *cp_names, int32_t household,
                       int32_t person, int32_t counterpart, double amount, char *buf,
                       size_t n)
{
    sbuf b = {buf, n, 0};
    if (n)
        buf[0] = 0;
    char tmp[128];
    for (const char *p = tmpl ? tmpl : ""; *p;) {
        if (*p != '{') {
            const char *q = strchr(p, '{');
            size_t k = q ? (size_t)(q - p) : strlen(p);
            put(&b, p, k);
            p += k;
            continue;
        }
        if (!strncmp(p, "{person}", 8)) {
            if (person >= 0)
                snprintf(tmp, sizeof tmp, "person %d", (int)person);
            else
                snprintf(tmp, sizeof tmp, "someone");
            puts_(&b, tmp);
            p += 8;
        } else if (!strncmp(p, "{household}", 11)) {
            if (household >= 0)
                snprintf(tmp, sizeof tmp, "household %d", (int)household);
            else
                snprintf(tmp, sizeof tmp, "a household");
            puts_(&b, tmp);
            p += 11;
        } else if (!strncmp(p, "{cp}", 4)) {
            if (!cp_name(cp_names, counterpart, tmp, sizeof tmp)) {
                if (counterpart >= 0)
                    snprintf(tmp, sizeof tmp, "%d", (int)counterpart);
                else
                    snprintf(tmp, sizeof tmp, "someone");
            }
            puts_(&b, tmp);
            p += 4;
        } else if (!strncmp(p, "{amount}", 8)) {
            int plain = unit_follows(p + 8) || quantity_precedes(tmpl, p);
            int dec = fabs(amount - round(amount)) > 0.005 ? 2 : 0;
            if (plain && fabs(amount) < 10 && dec)
                dec = 3;
            char num[96];
            group_digits(amount, dec, num, sizeof num);
            if (plain)
                puts_(&b, num);
            else {
                puts_(&b, "\xe2\x82\xac"); /* the euro sign in UTF-8 */
                puts_(&b, num);
            }
            p += 8;
        } else {
            put(&b, p, 1);
            p++;
        }
    }
    if (n && islower((unsigned char)buf[0]))
        buf[0] = (char)toupper((unsigned char)buf[0]);
    return b.len;
}

size_t an_story_event(const an_event_kind *kinds, size_t n_kinds, const an_event *e,
                      char *buf, size_t n)
{
    if (e->kind >= n_kinds || !kinds[e->kind].story[0]) {
        char t[96];
        snprintf(t, sizeof t, "Event %s happened.",
                 e->kind < n_kinds ? kinds[e->kind].name : "(unknown kind)");
        return an_story_format(t, NULL, e->household, e->person, e->counterpart, e->amount,
                               buf, n);
    }
    return an_story_format(kinds[e->kind].story, kinds[e->kind].counterparts, e->household,
                           e->person, e->counterpart, e->amount, buf, n);
}

void an_story_date(int32_t start_day, int32_t days_per_tick, int32_t tick, char *buf,
                   size_t n)
{
    int y;
    unsigned m, d;
    scn_civil_from_days(start_day + tick * days_per_tick, &y, &m, &d);
    snprintf(buf, n, "%04d-%02u-%02u", y, m, d);
}

static void flush_sentence(FILE *out, const char *s, int times)
{
    if (!s[0])
        return;
    size_t k = strlen(s);
    if (times > 1 && k && s[k - 1] == '.')
        fprintf(out, " %.*s (%d times).", (int)(k - 1), s, times);
    else if (times > 1)
        fprintf(out, " %s (%d times)", s, times);
    else
        fprintf(out, " %s", s);
}

size_t an_story_household(const an_event_kind *kinds, size_t n_kinds, const an_event *events,
                          size_t n_events, int32_t household, int32_t start_day,
                          int32_t days_per_tick, FILE *out)
{
    size_t told = 0;
    int32_t cur_tick = -1;
    char prev[512] = "", s[512], date[16];
    int times = 0;
    for (size_t i = 0; i < n_events; i++) {
        const an_event *e = &events[i];
        if (e->household != household)
            continue;
        an_story_event(kinds, n_kinds, e, s, sizeof s);
        if (e->tick != cur_tick) {
            flush_sentence(out, prev, times);
            if (cur_tick >= 0)
                fputc('\n', out);
            an_story_date(start_day, days_per_tick, e->tick, date, sizeof date);
            fprintf(out, "%s (%s %d):", date, days_per_tick == 7 ? "week" : "tick", (int)e->tick);
            cur_tick = e->tick;
            prev[0] = 0;
            times = 0;
        }
        if (!strcmp(s, prev))
            times++;
        else {
            flush_sentence(out, prev, times);
            snprintf(prev, sizeof prev, "%s", s);
            times = 1;
        }
        told++;
    }
    flush_sentence(out, prev, times);
    if (cur_tick >= 0)
        fputc('\n', out);
    return told;
}
