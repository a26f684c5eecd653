/* scenario.h: the parameter table and scenario files. Every key a scenario may set is
 * declared once, in a section (one per model plus "run"), with type, unit, range, default
 * and source. Scenario files are YAML (libcyaml), may name a "base:" file to inherit from,
 * and are overridden by --set section.key=value. Loading validates everything and reports
 * "file:line: section.key: message" before any output is written. */
#ifndef SIM_SCENARIO_H
#define SIM_SCENARIO_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SCN_STR_MAX 128   /* bytes of a string value, NUL included */
#define SCN_DATED_MAX 32  /* entries in a dated table */
#define SCN_ERR_MAX 1024

typedef enum scn_type {
    SCN_INT,    /* int64_t; range [min, max] */
    SCN_REAL,   /* double; range [min, max] */
    SCN_BOOL,   /* int (0/1): true/false */
    SCN_ENUM,   /* int index into "choices" ("a|b|c") */
    SCN_STRING, /* char[SCN_STR_MAX] */
    SCN_DATE,   /* int32_t days since 1970-01-01, written YYYY-MM-DD */
    SCN_DATED,  /* scn_dated: a value that changes on given dates; values in [min, max] */
} scn_type;

/* A dated table: value[i] holds from day[i] (days since 1970-01-01) until day[i+1]. */
typedef struct scn_dated {
    int n;
    int32_t day[SCN_DATED_MAX];
    double value[SCN_DATED_MAX];
} scn_dated;

/* One parameter. "def" is the default for INT, REAL, BOOL and ENUM (as the choice index);
 * "def_text" the default for STRING, DATE ("2015-01-01") and DATED
 * ("2015-01-01=1372.62,2024-01-01=1834.04"). "source" is a law article, a statistic, or
 * "assumption: <reason>". */
typedef struct scn_param {
    const char *key;
    scn_type type;
    size_t offset; /* into the section's value struct */
    double min, max;
    double def;
    const char *def_text;
    const char *choices; /* ENUM only */
    const char *unit;
    const char *source;
    const char *doc;
} scn_param;

/* A section: the parameters of one model (or of the run). "size" is the size of the
 * struct that holds its values. */
typedef struct scn_section {
    const char *name;
    const char *doc;
    size_t size;
    const scn_param *params;
    size_t n_params;
} scn_section;

/* A loaded and resolved scenario: one value struct per section. */
typedef struct scn_scenario scn_scenario;

/* Create a scenario holding the defaults of "sections" (borrowed; must outlive it). */
int scn_create(const scn_section *const *sections, size_t n_sections, scn_scenario **out);
/* Destroy; NULL does nothing. */
void scn_destroy(scn_scenario *s);

/* Apply the YAML file at "path" (and, first, its base: chain) on top of the current values.
 * On error returns NABIJ_EINVAL or NABIJ_EIO and scn_errmsg() says file:line: field: what. */
int scn_load_file(scn_scenario *s, const char *path);
/* Apply YAML text as if read from a file called "name" (embedded scenarios, tests);
 * base: paths are relative to "base_dir" (NULL: the working directory). */
int scn_load_text(scn_scenario *s, const char *text, size_t len, const char *name,
                  const char *base_dir);
/* Apply one "section.key=value" override (from --set). */
int scn_set(scn_scenario *s, const char *assignment);

/* The last error message. */
const char *scn_errmsg(const scn_scenario *s);
/* What the first "n" bytes of a file say it is when it cannot be YAML: "an HDF5 file (...)"
 * (its signature at 0 or a power of two from 512) or "a binary file" (a NUL byte); NULL
 * otherwise. The scenario and sweep loaders say so instead of a YAML error at line 1. */
const char *scn_not_yaml(const char *buf, size_t n);

/* Scenario name (the file's name: key, or "baseline"). */
const char *scn_name(const scn_scenario *s);
/* Value struct of section "name" (NULL if there is none); valid until scn_destroy. */
const void *scn_section_values(const scn_scenario *s, const char *name);
/* Writable value struct (for live levers); the caller keeps values in range. */
void *scn_section_values_mut(scn_scenario *s, const char *name);
/* Find a parameter by "section.key"; returns its definition and value struct. */
const scn_param *scn_lookup(const scn_scenario *s, const char *dotted, void **values);

/* The fully resolved scenario as YAML text (every key, with units as comments), which
 * scn_load_text reads back to the same values. Caller frees with sim_free. */
char *scn_to_yaml(const scn_scenario *s);

/* Print the parameter table: "markdown" 0 = aligned text, 1 = Markdown. */
void scn_describe(const scn_section *const *sections, size_t n, FILE *f, int markdown);

/* Value of a dated table on day "day" (days since 1970-01-01): the last entry whose day is
 * on or before it, or the first entry before the table starts. */
double scn_dated_at(const scn_dated *d, int32_t day);

/* Days since 1970-01-01 for a proleptic Gregorian date; and back. */
int32_t scn_days_from_civil(int y, unsigned m, unsigned d);
void scn_civil_from_days(int32_t z, int *y, unsigned *m, unsigned *d);
/* Parse "YYYY-MM-DD" strictly; 0 on success. */
int scn_parse_date(const char *text, int32_t *day);

/* Macros for parameter tables. */
#define SCN_P_REAL(S, f, lo, hi, d, u, src, doc) \
    { #f, SCN_REAL, offsetof(S, f), lo, hi, d, NULL, NULL, u, src, doc }
#define SCN_P_INT(S, f, lo, hi, d, u, src, doc) \
    { #f, SCN_INT, offsetof(S, f), lo, hi, d, NULL, NULL, u, src, doc }
#define SCN_P_BOOL(S, f, d, src, doc) \
    { #f, SCN_BOOL, offsetof(S, f), 0, 1, d, NULL, NULL, "-", src, doc }
#define SCN_P_ENUM(S, f, choices, d, src, doc) \
    { #f, SCN_ENUM, offsetof(S, f), 0, 0, d, NULL, choices, "-", src, doc }
#define SCN_P_DATE(S, f, d, src, doc) \
    { #f, SCN_DATE, offsetof(S, f), 0, 0, 0, d, NULL, "date", src, doc }
#define SCN_P_DATED(S, f, lo, hi, d, u, src, doc) \
    { #f, SCN_DATED, offsetof(S, f), lo, hi, 0, d, NULL, u, src, doc }
#define SCN_P_STRING(S, f, d, src, doc) \
    { #f, SCN_STRING, offsetof(S, f), 0, 0, 0, d, NULL, "-", src, doc }
#define SCN_SECTION(name, doc, S, table) \
    { name, doc, sizeof(S), table, sizeof(table) / sizeof(table[0]) }
#endif
