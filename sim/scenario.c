/* scenario.c: parameter values, YAML scenario files and overrides.
 * A file is read twice: libyaml's event stream first checks the syntax, records the line of
 * every key and rejects unknown keys (with a suggestion); libcyaml then loads the
 * document into a schema built from the parameter table, with every scalar kept as text,
 * which this file parses strictly (full number, range, choice, date). Values are applied
 * only when the whole file is valid, so a failed load leaves the scenario unchanged. */
#include "scenario.h"
#include "alloc.h"
#include "nabij.h"
#include <ctype.h>
#include <cyaml/cyaml.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#define MAX_BASE_DEPTH 16

struct scn_scenario {
    const scn_section *const *sections;
    size_t n_sections;
    void **values; /* one struct per section */
    char name[SCN_STR_MAX];
    char err[SCN_ERR_MAX];
};

/* ---- dates ---------------------------------------------------------------------------- */

/* Howard Hinnant's days_from_civil, proleptic Gregorian. */
int32_t scn_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

void scn_civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)yoe + era * 400 + (*m <= 2);
}

int scn_parse_date(const char *t, int32_t *day)
{
    int y, n = 0;
    unsigned m, d;
    if (strlen(t) != 10 || sscanf(t, "%4d-%2u-%2u%n", &y, &m, &d, &n) != 3 || n != 10 ||
        t[4] != '-' || t[7] != '-' || !isdigit((unsigned char)t[0]))
        return -1;
    if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200)
        return -1;
    int32_t z = scn_days_from_civil(y, m, d);
    int yy;
    unsigned mm, dd;
    scn_civil_from_days(z, &yy, &mm, &dd);
    if (mm != m || dd != d)
        return -1; /* 2023-02-30 */
    *day = z;
    return 0;
}

static void format_date(int32_t day, char out[11])
{
    int y;
    unsigned m, d;
    scn_civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02u-%02u", y, m % 100, d % 100);
}

double scn_dated_at(const scn_dated *t, int32_t day)
{
    if (t->n == 0)
        return 0;
    int i = 0;
    while (i + 1 < t->n && t->day[i + 1] <= day)
        i++;
    return t->value[i];
}

/* ---- scalar parsing ------------------------------------------------------------------ */

static void fail(scn_scenario *s, const char *file, long line, const char *field,
                 const char *fmt, ...)
{
    char msg[SCN_ERR_MAX / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(s->err, sizeof s->err, "%s:%ld: %s: %s", file, line, field, msg);
    else
        snprintf(s->err, sizeof s->err, "%s: %s: %s", file, field, msg);
}

static const char *type_name(scn_type t)
{
    static const char *n[] = {"integer", "number", "boolean", "choice", "text", "date",
                              "dated table"};
    return n[t];
}

static void range_text(const scn_param *p, char *out, size_t n)
{
    switch (p->type) {
    case SCN_INT: snprintf(out, n, "%.0f to %.0f", p->min, p->max); break;
    case SCN_REAL:
    case SCN_DATED: snprintf(out, n, "%g to %g", p->min, p->max); break;
    case SCN_BOOL: snprintf(out, n, "true or false"); break;
    case SCN_ENUM: snprintf(out, n, "one of %s", p->choices); break;
    case SCN_STRING: snprintf(out, n, "text of at most %d bytes", SCN_STR_MAX - 1); break;
    case SCN_DATE: snprintf(out, n, "a date YYYY-MM-DD from 1900 to 2200"); break;
    }
}

static int parse_real(const char *t, double *v)
{
    char *end;
    errno = 0;
    while (isspace((unsigned char)*t))
        t++;
    if (!*t)
        return -1;
    *v = strtod(t, &end);
    while (isspace((unsigned char)*end))
        end++;
    return (*end || errno == ERANGE || !isfinite(*v)) ? -1 : 0;
}

static int enum_index(const char *choices, const char *t)
{
    int i = 0;
    size_t n = strlen(t);
    for (const char *c = choices; *c; i++) {
        const char *bar = strchr(c, '|');
        size_t len = bar ? (size_t)(bar - c) : strlen(c);
        if (len == n && strncmp(c, t, n) == 0)
            return i;
        if (!bar)
            break;
        c = bar + 1;
    }
    return -1;
}

static void enum_name(const char *choices, int idx, char *out, size_t n)
{
    const char *c = choices;
    for (int i = 0; i < idx && c; i++) {
        c = strchr(c, '|');
        if (c)
            c++;
    }
    if (!c) {
        snprintf(out, n, "?");
        return;
    }
    const char *bar = strchr(c, '|');
    size_t len = bar ? (size_t)(bar - c) : strlen(c);
    snprintf(out, n, "%.*s", (int)len, c);
}

/* Parse "text" as a value of "p" into "dst" (the field's storage). Returns 0, or -1 with a
 * message in "msg". DATED text is "DATE=VALUE,DATE=VALUE" or a single VALUE (constant). */
static int parse_value(const scn_param *p, const char *text, void *dst, char *msg, size_t mn)
{
    char range[160];
    range_text(p, range, sizeof range);
    switch (p->type) {
    case SCN_INT: {
        double v;
        if (parse_real(text, &v) || v != floor(v)) {
            snprintf(msg, mn, "'%s' is not an integer (allowed: %s %s)", text, range, p->unit);
            return -1;
        }
        if (v < p->min || v > p->max) {
            snprintf(msg, mn, "%s is out of range (allowed: %s %s)", text, range, p->unit);
            return -1;
        }
        *(int64_t *)dst = (int64_t)v;
        return 0;
    }
    case SCN_REAL: {
        double v;
        if (parse_real(text, &v)) {
            snprintf(msg, mn, "'%s' is not a number (allowed: %s %s)", text, range, p->unit);
            return -1;
        }
        if (v < p->min || v > p->max) {
            snprintf(msg, mn, "%s is out of range (allowed: %s %s)", text, range, p->unit);
            return -1;
        }
        *(double *)dst = v;
        return 0;
    }
    case SCN_BOOL: {
        static const char *yes[] = {"true", "yes", "on", "True", "TRUE", "Yes"};
        static const char *no[] = {"false", "no", "off", "False", "FALSE", "No"};
        for (size_t i = 0; i < 6; i++) {
            if (strcmp(text, yes[i]) == 0)
                return *(int *)dst = 1, 0;
            if (strcmp(text, no[i]) == 0)
                return *(int *)dst = 0, 0;
        }
        snprintf(msg, mn, "'%s' is not a boolean (allowed: true or false)", text);
        return -1;
    }
    case SCN_ENUM: {
        int i = enum_index(p->choices, text);
        if (i < 0) {
            snprintf(msg, mn, "'%s' is not a valid choice (allowed: %s)", text, p->choices);
            return -1;
        }
        *(int *)dst = i;
        return 0;
    }
    case SCN_STRING:
        if (strlen(text) >= SCN_STR_MAX) {
            snprintf(msg, mn, "text too long (allowed: %s)", range);
            return -1;
        }
        memset(dst, 0, SCN_STR_MAX); /* no stale bytes after the text */
        memcpy(dst, text, strlen(text));
        return 0;
    case SCN_DATE:
        if (scn_parse_date(text, (int32_t *)dst)) {
            snprintf(msg, mn, "'%s' is not a valid date (allowed: %s)", text, range);
            return -1;
        }
        return 0;
    case SCN_DATED: {
        scn_dated d = {0};
        double v;
        if (!strchr(text, '=')) { /* a constant */
            if (parse_real(text, &v) || v < p->min || v > p->max) {
                snprintf(msg, mn, "'%s' is not a number in range (allowed: %s %s)", text,
                         range, p->unit);
                return -1;
            }
            d.n = 1;
            d.day[0] = scn_days_from_civil(1900, 1, 1);
            d.value[0] = v;
            *(scn_dated *)dst = d;
            return 0;
        }
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", text);
        for (char *save = NULL, *tok = strtok_r(buf, ",", &save); tok;
             tok = strtok_r(NULL, ",", &save)) {
            char *eq = strchr(tok, '=');
            while (isspace((unsigned char)*tok))
                tok++;
            if (!eq || d.n == SCN_DATED_MAX) {
                snprintf(msg, mn, "'%s' is not DATE=VALUE (at most %d entries)", tok,
                         SCN_DATED_MAX);
                return -1;
            }
            *eq = 0;
            int32_t day;
            if (scn_parse_date(tok, &day) || (d.n && day <= d.day[d.n - 1])) {
                snprintf(msg, mn, "'%s' is not a valid date after the previous entry", tok);
                return -1;
            }
            if (parse_real(eq + 1, &v) || v < p->min || v > p->max) {
                snprintf(msg, mn, "'%s' is not a number in range (allowed: %s %s)", eq + 1,
                         range, p->unit);
                return -1;
            }
            d.day[d.n] = day;
            d.value[d.n++] = v;
        }
        if (d.n == 0) {
            snprintf(msg, mn, "empty dated table");
            return -1;
        }
        *(scn_dated *)dst = d;
        return 0;
    }
    }
    return -1;
}

/* ---- creation and lookup ------------------------------------------------------------- */

static void set_default(const scn_param *p, void *vals)
{
    void *dst = (char *)vals + p->offset;
    char msg[256];
    switch (p->type) {
    case SCN_INT: *(int64_t *)dst = (int64_t)p->def; break;
    case SCN_REAL: *(double *)dst = p->def; break;
    case SCN_BOOL:
    case SCN_ENUM: *(int *)dst = (int)p->def; break;
    default:
        /* defaults are part of the program: a bad one is a programmer error */
        if (parse_value(p, p->def_text ? p->def_text : "", dst, msg, sizeof msg) != 0) {
            fprintf(stderr, "nabij: bad default for %s: %s\n", p->key, msg);
            abort();
        }
    }
}

int scn_create(const scn_section *const *sections, size_t n, scn_scenario **out)
{
    *out = NULL;
    scn_scenario *s = sim_calloc(1, sizeof *s);
    if (!s)
        return NABIJ_ENOMEM;
    s->sections = sections;
    s->n_sections = n;
    s->values = sim_calloc(n, sizeof *s->values);
    if (!s->values) {
        scn_destroy(s);
        return NABIJ_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(s->values[i] = sim_calloc(1, sections[i]->size))) {
            scn_destroy(s);
            return NABIJ_ENOMEM;
        }
        for (size_t j = 0; j < sections[i]->n_params; j++)
            set_default(&sections[i]->params[j], s->values[i]);
    }
    snprintf(s->name, sizeof s->name, "baseline");
    *out = s;
    return 0;
}

void scn_destroy(scn_scenario *s)
{
    if (!s)
        return;
    if (s->values)
        for (size_t i = 0; i < s->n_sections; i++)
            sim_free(s->values[i]);
    sim_free(s->values);
    sim_free(s);
}

const char *scn_errmsg(const scn_scenario *s) { return s->err; }
const char *scn_name(const scn_scenario *s) { return s->name; }

static long section_index(const scn_scenario *s, const char *name, size_t len)
{
    for (size_t i = 0; i < s->n_sections; i++)
        if (strlen(s->sections[i]->name) == len && strncmp(s->sections[i]->name, name, len) == 0)
            return (long)i;
    return -1;
}

static const scn_param *param_in(const scn_section *sec, const char *key)
{
    for (size_t j = 0; j < sec->n_params; j++)
        if (strcmp(sec->params[j].key, key) == 0)
            return &sec->params[j];
    return NULL;
}

const void *scn_section_values(const scn_scenario *s, const char *name)
{
    long i = section_index(s, name, strlen(name));
    return i < 0 ? NULL : s->values[i];
}

void *scn_section_values_mut(scn_scenario *s, const char *name)
{
    long i = section_index(s, name, strlen(name));
    return i < 0 ? NULL : s->values[i];
}

const scn_param *scn_lookup(const scn_scenario *s, const char *dotted, void **values)
{
    const char *dot = strchr(dotted, '.');
    if (!dot)
        return NULL;
    long i = section_index(s, dotted, (size_t)(dot - dotted));
    if (i < 0)
        return NULL;
    const scn_param *p = param_in(s->sections[i], dot + 1);
    if (p && values)
        *values = s->values[i];
    return p;
}

/* Edit distance, for "did you mean". */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), row[128];
    if (la >= 127 || lb >= 127)
        return 99;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb];
}

static void suggest(const scn_scenario *s, long sec, const char *key, char *out, size_t n)
{
    size_t best = 4;
    const char *name = NULL;
    if (sec < 0) {
        static const char *top[] = {"name", "base", "description"};
        for (size_t i = 0; i < 3; i++)
            if (edit_distance(key, top[i]) < best)
                best = edit_distance(key, top[i]), name = top[i];
        for (size_t i = 0; i < s->n_sections; i++)
            if (edit_distance(key, s->sections[i]->name) < best)
                best = edit_distance(key, s->sections[i]->name), name = s->sections[i]->name;
    } else {
        const scn_section *se = s->sections[sec];
        for (size_t j = 0; j < se->n_params; j++)
            if (edit_distance(key, se->params[j].key) < best)
                best = edit_distance(key, se->params[j].key), name = se->params[j].key;
    }
    if (name)
        snprintf(out, n, " (did you mean '%s'?)", name);
    else if (sec < 0)
        snprintf(out, n, " (allowed: name, base, description, or a section; see nabij describe)");
    else
        snprintf(out, n, " (see nabij describe for the keys of section %s)", s->sections[sec]->name);
}

/* ---- pass 1: libyaml events: syntax, key lines, unknown keys ------------------------- */

typedef struct keyline {
    char path[SCN_STR_MAX * 2];
    long line;
} keyline;

typedef struct linemap {
    keyline *k;
    size_t n, cap;
} linemap;

static long linemap_find(const linemap *m, const char *path)
{
    for (size_t i = 0; i < m->n; i++)
        if (strcmp(m->k[i].path, path) == 0)
            return m->k[i].line;
    return 0;
}

static int linemap_add(linemap *m, const char *path, long line)
{
    if (m->n == m->cap) {
        size_t nc = m->cap ? 2 * m->cap : 64;
        keyline *p = sim_realloc(m->k, nc, sizeof *p);
        if (!p)
            return NABIJ_ENOMEM;
        m->k = p;
        m->cap = nc;
    }
    snprintf(m->k[m->n].path, sizeof m->k[m->n].path, "%s", path);
    m->k[m->n++].line = line;
    return 0;
}

/* Walk the events; record "key" and "section.key" lines; reject unknown and repeated keys. */
static int scan_keys(scn_scenario *s, const char *text, size_t len, const char *file,
                     linemap *map)
{
    yaml_parser_t ps;
    yaml_event_t ev;
    int rc = 0, depth = 0, expect_key[8] = {0}, done = 0;
    long sec = -1;
    char section[SCN_STR_MAX] = "";
    if (!yaml_parser_initialize(&ps))
        return NABIJ_ENOMEM;
    yaml_parser_set_input_string(&ps, (const unsigned char *)text, len);
    while (!done) {
        if (!yaml_parser_parse(&ps, &ev)) {
            fail(s, file, (long)ps.problem_mark.line + 1, "YAML", "syntax error: %s%s%s",
                 ps.problem ? ps.problem : "malformed", ps.context ? " " : "",
                 ps.context ? ps.context : "");
            rc = NABIJ_EINVAL;
            break;
        }
        long line = (long)ev.start_mark.line + 1;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT: done = 1; break;
        case YAML_DOCUMENT_START_EVENT:
            if (ev.data.document_start.implicit == 0 && map->n > 0) {
                fail(s, file, line, "YAML", "more than one document in a scenario file");
                rc = NABIJ_EINVAL;
            }
            break;
        case YAML_ALIAS_EVENT:
            fail(s, file, line, "YAML", "aliases are not allowed in scenario files");
            rc = NABIJ_EINVAL;
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT:
            if (depth == 0 && ev.type != YAML_MAPPING_START_EVENT) {
                fail(s, file, line, "YAML", "a scenario file must be a mapping of keys");
                rc = NABIJ_EINVAL;
                break;
            }
            if (depth > 0 && depth < 8 && expect_key[depth] != -1)
                expect_key[depth] = !expect_key[depth]; /* this node was a value */
            depth++;
            if (depth < 8)
                expect_key[depth] = ev.type == YAML_MAPPING_START_EVENT ? 0 : -1;
            break;
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            depth--;
            if (depth == 1)
                sec = -1;
            break;
        case YAML_SCALAR_EVENT: {
            const char *v = (const char *)ev.data.scalar.value;
            if (depth == 0) {
                fail(s, file, line, "YAML", "a scenario file must be a mapping of keys");
                rc = NABIJ_EINVAL;
                break;
            }
            if (depth >= 8 || expect_key[depth] == -1) /* sequence item */
                break;
            int is_key = expect_key[depth] == 0;
            expect_key[depth] = !expect_key[depth];
            if (!is_key)
                break;
            char path[SCN_STR_MAX * 2], sug[200];
            if (depth == 1) {
                snprintf(path, sizeof path, "%s", v);
                sec = section_index(s, v, strlen(v));
                snprintf(section, sizeof section, "%s", v);
                if (sec < 0 && strcmp(v, "name") && strcmp(v, "base") && strcmp(v, "description")) {
                    suggest(s, -1, v, sug, sizeof sug);
                    fail(s, file, line, v, "unknown key%s", sug);
                    rc = NABIJ_EINVAL;
                }
            } else if (depth == 2 && sec >= 0) {
                snprintf(path, sizeof path, "%s.%s", section, v);
                if (!param_in(s->sections[sec], v)) {
                    suggest(s, sec, v, sug, sizeof sug);
                    fail(s, file, line, path, "unknown key%s", sug);
                    rc = NABIJ_EINVAL;
                }
            } else {
                break;
            }
            if (!rc && linemap_find(map, path)) {
                fail(s, file, line, path, "key given twice (first on line %ld)",
                     linemap_find(map, path));
                rc = NABIJ_EINVAL;
            }
            if (!rc)
                rc = linemap_add(map, path, line);
            break;
        }
        default: break;
        }
        yaml_event_delete(&ev);
        if (rc)
            break;
    }
    yaml_parser_delete(&ps);
    return rc;
}

/* ---- pass 2: libcyaml with a schema built from the parameter table ------------------ */

/* Raw layout: the top mapping is an array of slots (name, base, description, then one
 * per section); a section is an array of two slots per parameter (pointer, count). */
typedef struct dated_entry {
    char *from;
    char *value;
} dated_entry;

typedef struct schema {
    cyaml_schema_field_t *top;
    cyaml_schema_field_t **sec;
    size_t n_sec;
    cyaml_schema_value_t root;
} schema;

static const cyaml_schema_field_t dated_fields[] = {
    {.key = "from", .data_offset = offsetof(dated_entry, from),
     .value = {CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char *, 1, 10)}},
    {.key = "value", .data_offset = offsetof(dated_entry, value),
     .value = {CYAML_VALUE_STRING(CYAML_FLAG_POINTER, char *, 1, 64)}},
    CYAML_FIELD_END};
static const cyaml_schema_value_t dated_entry_schema = {
    CYAML_VALUE_MAPPING(CYAML_FLAG_DEFAULT, dated_entry, dated_fields)};

static void schema_free(schema *sc)
{
    if (sc->sec)
        for (size_t i = 0; i < sc->n_sec; i++)
            sim_free(sc->sec[i]);
    sim_free(sc->sec);
    sim_free(sc->top);
}

static int schema_build(const scn_scenario *s, schema *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->n_sec = s->n_sections;
    sc->top = sim_calloc(3 + s->n_sections + 1, sizeof *sc->top);
    sc->sec = sim_calloc(s->n_sections, sizeof *sc->sec);
    if (!sc->top || !sc->sec)
        return NABIJ_ENOMEM;
    static const char *topkeys[] = {"name", "base", "description"};
    for (size_t i = 0; i < 3; i++)
        sc->top[i] = (cyaml_schema_field_t){
            .key = topkeys[i], .data_offset = (uint32_t)(i * sizeof(void *)),
            .value = {CYAML_VALUE_STRING(CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL, char *, 0,
                                         SCN_STR_MAX * 8)}};
    for (size_t i = 0; i < s->n_sections; i++) {
        const scn_section *se = s->sections[i];
        cyaml_schema_field_t *f = sim_calloc(se->n_params + 1, sizeof *f);
        if (!f)
            return NABIJ_ENOMEM;
        sc->sec[i] = f;
        for (size_t j = 0; j < se->n_params; j++) {
            uint32_t off = (uint32_t)(2 * j * sizeof(void *));
            if (se->params[j].type == SCN_DATED)
                f[j] = (cyaml_schema_field_t){
                    .key = se->params[j].key, .data_offset = off,
                    .count_offset = off + (uint32_t)sizeof(void *), .count_size = 8,
                    .value = {CYAML_VALUE_SEQUENCE(CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
                                                   dated_entry, &dated_entry_schema, 1,
                                                   SCN_DATED_MAX)}};
            else
                f[j] = (cyaml_schema_field_t){
                    .key = se->params[j].key, .data_offset = off,
                    .value = {CYAML_VALUE_STRING(CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
                                                 char *, 0, SCN_STR_MAX * 8)}};
        }
        f[se->n_params] = (cyaml_schema_field_t)CYAML_FIELD_END;
        sc->top[3 + i] = (cyaml_schema_field_t){
            .key = se->name, .data_offset = (uint32_t)((3 + i) * sizeof(void *)),
            .value = {.type = CYAML_MAPPING,
                      .flags = CYAML_FLAG_POINTER | CYAML_FLAG_OPTIONAL,
                      .data_size = (uint32_t)(2 * (se->n_params ? se->n_params : 1) * sizeof(void *)),
                      .mapping = {.fields = f}}};
    }
    sc->top[3 + s->n_sections] = (cyaml_schema_field_t)CYAML_FIELD_END;
    sc->root = (cyaml_schema_value_t){.type = CYAML_MAPPING,
                                      .flags = CYAML_FLAG_POINTER,
                                      .data_size = (uint32_t)((3 + s->n_sections) * sizeof(void *)),
                                      .mapping = {.fields = sc->top}};
    return 0;
}

typedef struct cylog {
    char first[512];  /* first error message */
    char field[128];  /* innermost "in mapping field 'x'" */
    char outer[128];  /* the field around it */
    long line;
    int backtrace_lines;
} cylog;

static void cy_log(cyaml_log_t level, void *ctx, const char *fmt, va_list args)
{
    cylog *l = ctx;
    if (level < CYAML_LOG_ERROR)
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, args);
    msg[strcspn(msg, "\n")] = 0;
    if (strncmp(msg, "Load: ", 6) == 0 && !strstr(msg, "Backtrace") && !l->first[0]) {
        snprintf(l->first, sizeof l->first, "%s", msg + 6);
        return;
    }
    const char *f = strstr(msg, "in mapping field '");
    if (f) {
        char name[128];
        long line = 0;
        const char *q = f + 18, *e = strchr(q, '\'');
        snprintf(name, sizeof name, "%.*s", e ? (int)(e - q) : 0, q);
        const char *ln = strstr(msg, "line: ");
        if (ln)
            line = strtol(ln + 6, NULL, 10);
        if (l->backtrace_lines == 0) {
            snprintf(l->field, sizeof l->field, "%s", name);
            l->line = line;
        } else if (l->backtrace_lines == 1) {
            snprintf(l->outer, sizeof l->outer, "%s", name);
        }
        l->backtrace_lines++;
    }
}

/* Apply a value from YAML text: "raw" is the slot array of the section. */
static int apply_section(scn_scenario *s, const char *file, const linemap *map, size_t i,
                         void **raw, void *staged)
{
    const scn_section *se = s->sections[i];
    for (size_t j = 0; j < se->n_params; j++) {
        const scn_param *p = &se->params[j];
        void *ptr = raw[2 * j];
        if (!ptr)
            continue;
        char path[SCN_STR_MAX * 2], msg[400];
        snprintf(path, sizeof path, "%s.%s", se->name, p->key);
        long line = linemap_find(map, path);
        void *dst = (char *)staged + p->offset;
        if (p->type == SCN_DATED) {
            uint64_t cnt = (uint64_t)(uintptr_t)raw[2 * j + 1];
            dated_entry *e = ptr;
            char buf[SCN_DATED_MAX * 40] = "";
            size_t off = 0;
            for (uint64_t k = 0; k < cnt; k++)
                off += (size_t)snprintf(buf + off, sizeof buf - off, "%s%s=%s", k ? "," : "",
                                        e[k].from, e[k].value);
            if (parse_value(p, buf, dst, msg, sizeof msg)) {
                fail(s, file, line, path, "%s", msg);
                return NABIJ_EINVAL;
            }
        } else if (parse_value(p, (const char *)ptr, dst, msg, sizeof msg)) {
            fail(s, file, line, path, "%s", msg);
            return NABIJ_EINVAL;
        }
    }
    return 0;
}

static int load_text(scn_scenario *s, const char *text, size_t len, const char *file,
                     const char *base_dir, int depth);

const char *scn_not_yaml(const char *buf, size_t n)
{
    static const char sig[8] = {'\x89', 'H', 'D', 'F', '\r', '\n', '\x1a', '\n'};
    for (size_t at = 0; at + sizeof sig <= n; at = at ? 2 * at : 512)
        if (!memcmp(buf + at, sig, sizeof sig))
            return "an HDF5 file (the output or a checkpoint of a run?)";
    return memchr(buf, 0, n) ? "a binary file" : NULL;
}

static int load_path(scn_scenario *s, const char *path, const char *from_file, long from_line,
                     int depth)
{
    if (depth > MAX_BASE_DEPTH) {
        fail(s, from_file, from_line, "base", "base: chain deeper than %d files (a cycle?)",
             MAX_BASE_DEPTH);
        return NABIJ_EINVAL;
    }
    /* a base: file must be a regular file: a FIFO, terminal or device named in a scenario
     * would block or never end (the file given on the command line may be a pipe) */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || (from_file && !S_ISREG(st.st_mode)))) {
        close(fd);
        if (from_file)
            fail(s, from_file, from_line, "base", "'%s' is not a regular file", path);
        else
            snprintf(s->err, sizeof s->err, "%s: not a regular file", path);
        return NABIJ_EIO;
    }
    if (fd >= 0)
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        if (from_file)
            fail(s, from_file, from_line, "base", "cannot open '%s': %s", path, strerror(errno));
        else
            snprintf(s->err, sizeof s->err, "%s: cannot open scenario file: %s", path,
                     strerror(errno));
        return NABIJ_EIO;
    }
    char *buf = NULL;
    const char *kind;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? 2 * cap : 8192;
            if (cap > (16u << 20)) {
                fclose(f);
                sim_free(buf);
                snprintf(s->err, sizeof s->err, "%s: scenario file larger than 16 MiB", path);
                return NABIJ_EINVAL;
            }
            char *nb = sim_realloc(buf, cap, 1);
            if (!nb) {
                fclose(f);
                sim_free(buf);
                return NABIJ_ENOMEM;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
        if (n == got && (kind = scn_not_yaml(buf, n))) {
            /* a run's output or checkpoint given where a scenario belongs: say so, rather
             * than a YAML syntax error at line 1 or "larger than 16 MiB" */
            fclose(f);
            sim_free(buf);
            snprintf(s->err, sizeof s->err, "%s: %s, not a scenario (a YAML text file)", path, kind);
            return NABIJ_EINVAL;
        }
    }
    int ioerr = ferror(f) ? errno : 0;
    fclose(f);
    if (ioerr) {
        sim_free(buf);
        snprintf(s->err, sizeof s->err, "%s: %s", path,
                 ioerr == EISDIR ? "is a folder, not a scenario file" : strerror(ioerr));
        return NABIJ_EIO;
    }
    buf[n] = 0;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = 0;
    else
        dir[0] = 0;
    int rc = load_text(s, buf, n, path, dir, depth);
    sim_free(buf);
    return rc;
}

static int load_text(scn_scenario *s, const char *text, size_t len, const char *file,
                     const char *base_dir, int depth)
{
    linemap map = {0};
    schema sc;
    void **raw = NULL;
    void **staged = NULL;
    int rc = scan_keys(s, text, len, file, &map);
    if (rc)
        goto out;
    if ((rc = schema_build(s, &sc)) != 0)
        goto out_schema;
    cylog log = {0};
    cyaml_config_t cfg = {.log_fn = cy_log, .log_ctx = &log, .mem_fn = cyaml_mem,
                          .log_level = CYAML_LOG_ERROR, .flags = CYAML_CFG_NO_ALIAS};
    cyaml_err_t ce = cyaml_load_data((const uint8_t *)text, len, &cfg, &sc.root,
                                     (cyaml_data_t **)&raw, NULL);
    if (ce != CYAML_OK) {
        char field[300];
        if (log.outer[0])
            snprintf(field, sizeof field, "%s.%s", log.outer, log.field);
        else
            snprintf(field, sizeof field, "%s", log.field[0] ? log.field : "YAML");
        long line = log.line ? log.line : linemap_find(&map, field);
        const char *hint = "";
        const scn_param *p = log.outer[0] ? scn_lookup(s, field, NULL) : NULL;
        if (p && p->type == SCN_DATED)
            hint = " (a dated table is a list of {from: YYYY-MM-DD, value: NUMBER})";
        else if (p)
            hint = " (expected a single value)";
        else if (!log.outer[0] && section_index(s, field, strlen(field)) >= 0)
            hint = " (a section is a mapping of key: value)";
        fail(s, file, line, field, "%s%s", log.first[0] ? log.first : cyaml_strerror(ce), hint);
        rc = NABIJ_EINVAL;
        raw = NULL;
        goto out_schema;
    }
    if (!raw) { /* empty document */
        goto out_schema;
    }
    /* base: first */
    if (raw[1]) {
        char path[2048];
        const char *b = raw[1];
        if (b[0] == '/' || !base_dir || !base_dir[0])
            snprintf(path, sizeof path, "%s", b);
        else
            snprintf(path, sizeof path, "%s%s", base_dir, b);
        if ((rc = load_path(s, path, file, linemap_find(&map, "base"), depth + 1)) != 0)
            goto out_free;
    }
    /* stage all sections, then commit: a bad value leaves the scenario as it was */
    staged = sim_calloc(s->n_sections, sizeof *staged);
    if (!staged) {
        rc = NABIJ_ENOMEM;
        goto out_free;
    }
    for (size_t i = 0; i < s->n_sections; i++) {
        if (!(staged[i] = sim_calloc(1, s->sections[i]->size))) {
            rc = NABIJ_ENOMEM;
            goto out_free;
        }
        memcpy(staged[i], s->values[i], s->sections[i]->size);
        if (raw[3 + i] && (rc = apply_section(s, file, &map, i, raw[3 + i], staged[i])))
            goto out_free;
    }
    if (raw[0]) {
        if (strlen(raw[0]) >= SCN_STR_MAX || !((char *)raw[0])[0]) {
            fail(s, file, linemap_find(&map, "name"), "name",
                 "name must be 1 to %d bytes", SCN_STR_MAX - 1);
            rc = NABIJ_EINVAL;
            goto out_free;
        }
        snprintf(s->name, sizeof s->name, "%s", (char *)raw[0]);
    } else if (depth == 0 && file && strcmp(file, "<embedded>")) {
        const char *bn = strrchr(file, '/');
        snprintf(s->name, sizeof s->name, "%s", bn ? bn + 1 : file);
        char *dot = strrchr(s->name, '.');
        if (dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")))
            *dot = 0;
    }
    for (size_t i = 0; i < s->n_sections; i++)
        memcpy(s->values[i], staged[i], s->sections[i]->size);
out_free:
    if (staged)
        for (size_t i = 0; i < s->n_sections; i++)
            sim_free(staged[i]);
    sim_free(staged);
    cyaml_free(&cfg, &sc.root, raw, 0);
out_schema:
    schema_free(&sc);
out:
    sim_free(map.k);
    return rc;
}

int scn_load_file(scn_scenario *s, const char *path)
{
    s->err[0] = 0;
    return load_path(s, path, NULL, 0, 0);
}

int scn_load_text(scn_scenario *s, const char *text, size_t len, const char *name,
                  const char *base_dir)
{
    s->err[0] = 0;
    return load_text(s, text, len, name, base_dir, 0);
}

int scn_set(scn_scenario *s, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment) {
        snprintf(s->err, sizeof s->err, "--set %s: expected section.key=value", assignment);
        return NABIJ_EINVAL;
    }
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)(eq - assignment), assignment);
    if (strcmp(key, "name") == 0) {
        if (!eq[1] || strlen(eq + 1) >= SCN_STR_MAX) {
            snprintf(s->err, sizeof s->err, "--set name: 1 to %d bytes", SCN_STR_MAX - 1);
            return NABIJ_EINVAL;
        }
        snprintf(s->name, sizeof s->name, "%s", eq + 1);
        return 0;
    }
    void *vals;
    const scn_param *p = scn_lookup(s, key, &vals);
    if (!p) {
        char sug[200] = "";
        const char *dot = strchr(key, '.');
        long sec = dot ? section_index(s, key, (size_t)(dot - key)) : -1;
        suggest(s, sec, sec >= 0 ? dot + 1 : key, sug, sizeof sug);
        snprintf(s->err, sizeof s->err, "--set: %s: unknown key%s", key, sug);
        return NABIJ_EINVAL;
    }
    char msg[400];
    union {
        int64_t i;
        double d;
        int b;
        char str[SCN_STR_MAX];
        scn_dated dt;
    } tmp;
    memset(&tmp, 0, sizeof tmp);
    if (parse_value(p, eq + 1, &tmp, msg, sizeof msg)) {
        snprintf(s->err, sizeof s->err, "--set: %s: %s", key, msg);
        return NABIJ_EINVAL;
    }
    size_t sz = p->type == SCN_INT ? sizeof(int64_t)
              : p->type == SCN_REAL ? sizeof(double)
              : p->type == SCN_STRING ? SCN_STR_MAX
              : p->type == SCN_DATE ? sizeof(int32_t)
              : p->type == SCN_DATED ? sizeof(scn_dated) : sizeof(int);
    memcpy((char *)vals + p->offset, &tmp, sz);
    return 0;
}

/* ---- output -------------------------------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int k = b->oom ? 0 : vsnprintf(b->p ? b->p + b->n : NULL, b->p ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (b->oom || k < 0)
            return;
        if (b->p && b->n + (size_t)k < b->cap) {
            b->n += (size_t)k;
            return;
        }
        size_t nc = (b->cap ? 2 * b->cap : 4096) + (size_t)k;
        char *np = sim_realloc(b->p, nc, 1);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
}

/* Value of "p" in "vals" as text; "yaml" quotes strings. */
static void value_text(const scn_param *p, const void *vals, char *out, size_t n, int yaml)
{
    const void *v = (const char *)vals + p->offset;
    switch (p->type) {
    case SCN_INT: snprintf(out, n, "%lld", (long long)*(const int64_t *)v); break;
    case SCN_REAL: snprintf(out, n, "%.17g", *(const double *)v); break;
    case SCN_BOOL: snprintf(out, n, "%s", *(const int *)v ? "true" : "false"); break;
    case SCN_ENUM: enum_name(p->choices, *(const int *)v, out, n); break;
    case SCN_STRING: snprintf(out, n, yaml ? "\"%s\"" : "%s", (const char *)v); break;
    case SCN_DATE: format_date(*(const int32_t *)v, out); break;
    case SCN_DATED: {
        const scn_dated *d = v;
        size_t off = 0;
        for (int k = 0; k < d->n && off < n; k++) {
            char ds[11];
            format_date(d->day[k], ds);
            off += (size_t)snprintf(out + off, n - off, yaml ? "%s{from: %s, value: %.17g}" : "%s%s=%g",
                                    k ? ", " : "", ds, d->value[k]);
        }
        break;
    }
    }
}

static void yaml_string(sbuf *b, const char *s)
{
    sb_printf(b, "\"");
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            sb_printf(b, "\\%c", *s);
        else if ((unsigned char)*s < 0x20)
            sb_printf(b, "\\x%02x", (unsigned char)*s);
        else
            sb_printf(b, "%c", *s);
    }
    sb_printf(b, "\"");
}

char *scn_to_yaml(const scn_scenario *s)
{
    sbuf b = {0};
    sb_printf(&b, "# nabij resolved scenario: every parameter, defaults included.\nname: ");
    yaml_string(&b, s->name);
    sb_printf(&b, "\n");
    for (size_t i = 0; i < s->n_sections; i++) {
        const scn_section *se = s->sections[i];
        if (!se->n_params)
            continue;
        sb_printf(&b, "%s:\n", se->name);
        for (size_t j = 0; j < se->n_params; j++) {
            const scn_param *p = &se->params[j];
            char v[SCN_DATED_MAX * 64];
            if (p->type == SCN_STRING) {
                sb_printf(&b, "  %s: ", p->key);
                yaml_string(&b, (const char *)s->values[i] + p->offset);
                sb_printf(&b, "  # %s\n", p->unit);
                continue;
            }
            value_text(p, s->values[i], v, sizeof v, 1);
            if (p->type == SCN_DATED)
                sb_printf(&b, "  %s: [%s]  # %s\n", p->key, v, p->unit);
            else
                sb_printf(&b, "  %s: %s  # %s\n", p->key, v, p->unit);
        }
    }
    if (b.oom) {
        sim_free(b.p);
        return NULL;
    }
    return b.p;
}

void scn_describe(const scn_section *const *sections, size_t n, FILE *f, int markdown)
{
    scn_scenario *s;
    if (scn_create(sections, n, &s))
        return;
    if (markdown)
        fprintf(f, "# Parameters\n\nGenerated by `nabij describe --markdown`; do not edit by "
                   "hand. Every key can be set in a scenario file (`section:` then `key: value`) "
                   "or with `--set section.key=value`.\n");
    for (size_t i = 0; i < n; i++) {
        const scn_section *se = sections[i];
        if (!se->n_params)
            continue;
        if (markdown)
            fprintf(f, "\n## `%s`\n\n%s\n\n| key | type | unit | range | default | source | "
                       "meaning |\n|---|---|---|---|---|---|---|\n",
                    se->name, se->doc);
        else
            fprintf(f, "\n[%s] %s\n", se->name, se->doc);
        for (size_t j = 0; j < se->n_params; j++) {
            const scn_param *p = &se->params[j];
            char v[SCN_DATED_MAX * 64], r[200];
            value_text(p, s->values[i], v, sizeof v, 0);
            range_text(p, r, sizeof r);
            if (markdown)
                fprintf(f, "| `%s.%s` | %s | %s | %s | %s | %s | %s |\n", se->name, p->key,
                        type_name(p->type), p->unit, r, v, p->source, p->doc);
            else
                fprintf(f, "  %s.%s = %s [%s; %s; %s]\n      %s\n      source: %s\n", se->name,
                        p->key, v, p->unit, type_name(p->type), r, p->doc, p->source);
        }
    }
    scn_destroy(s);
}
