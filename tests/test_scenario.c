/* test_scenario.c: the scenario loader: a table of bad inputs, each answered with
 * "file:line: field: message"; base inheritance; --set; the resolved text reads back to the
 * same values; a failed load changes nothing. Uses its own small section, so it does not
 * depend on the models. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "alloc.h"
#include "nabij.h"
#include "run.h"
#include "scenario.h"

typedef struct demo {
    double rate;
    int64_t count;
    int flag;
    int mode;
    char label[SCN_STR_MAX];
    scn_dated table;
} demo;

static const scn_param demo_params[] = {
    SCN_P_REAL(demo, rate, 0, 1, 0.25, "probability", "assumption: test", "A rate."),
    SCN_P_INT(demo, count, 0, 100, 10, "persons", "assumption: test", "A count."),
    SCN_P_BOOL(demo, flag, 0, "assumption: test", "A switch."),
    SCN_P_ENUM(demo, mode, "strict|art16|abolished", 0, "assumption: test", "A choice."),
    SCN_P_STRING(demo, label, "none", "assumption: test", "A label."),
    SCN_P_DATED(demo, table, 0, 5000, "2015-01-01=1372.62,2024-01-01=1834.04", "EUR/month",
                "Participatiewet art. 22a", "A dated amount."),
};
static const scn_section demo_section = SCN_SECTION("demo", "Test section.", demo, demo_params);
static const scn_section *const sections[] = {&sim_run_section, &demo_section};

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int setup(void **st)
{
    (void)st;
    snprintf(dir, sizeof dir, "/tmp/nabij-scn-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

static const demo *values(scn_scenario *s) { return scn_section_values(s, "demo"); }

/* Each bad input: file text, the line the error must name, and a fragment of the message. */
static void test_scenario_bad_inputs(void **st)
{
    (void)st;
    static const struct {
        const char *text;
        long line;
        const char *field, *fragment;
    } cases[] = {
        {"name: x\ndemo:\n  ratee: 0.5\n", 3, "demo.ratee", "unknown key (did you mean 'rate'?)"},
        {"name: x\ndemoo:\n  rate: 0.5\n", 2, "demoo", "unknown key (did you mean 'demo'?)"},
        {"demo:\n  rate: abc\n", 2, "demo.rate", "'abc' is not a number (allowed: 0 to 1 probability)"},
        {"demo:\n  rate: 1.5\n", 2, "demo.rate", "1.5 is out of range (allowed: 0 to 1 probability)"},
        {"demo:\n  rate: nan\n", 2, "demo.rate", "is not a number"},
        {"demo:\n  count: 2.5\n", 2, "demo.count", "'2.5' is not an integer (allowed: 0 to 100"},
        {"demo:\n  count: -1\n", 2, "demo.count", "-1 is out of range (allowed: 0 to 100 persons)"},
        {"demo:\n  count: 101\n", 2, "demo.count", "out of range"},
        {"demo:\n  flag: maybe\n", 2, "demo.flag", "'maybe' is not a boolean"},
        {"demo:\n  mode: sometimes\n", 2, "demo.mode", "not a valid choice (allowed: strict|art16|abolished)"},
        {"run:\n  start_date: 2015-02-30\n", 2, "run.start_date", "'2015-02-30' is not a valid date"},
        {"run:\n  ticks: 0\n", 2, "run.ticks", "out of range (allowed: 1 to 5200 ticks)"},
        {"demo:\n  table:\n    - {from: 2020-01-01, value: 1}\n    - {from: 2019-01-01, value: 2}\n",
         2, "demo.table", "after the previous entry"},
        {"demo:\n  table:\n    - {from: 2020-01-01, value: 9999}\n", 2, "demo.table", "not a number in range"},
        {"demo:\n  table: 5\n", 2, "demo.table", "a dated table is a list"},
        {"demo:\n  rate: [1, 2]\n", 2, "demo.rate", "expected a single value"},
        {"demo:\n  rate: 0.1\n  rate: 0.2\n", 3, "demo.rate", "key given twice (first on line 2)"},
        {"demo:\n  rate: [1\n", 3, "YAML", "syntax error"},
        {"demo: {rate: 0.1\n", 2, "YAML", "syntax error"},
        {"- a\n- b\n", 1, "YAML", "must be a mapping"},
        {"demo: &a\n  rate: 0.1\nrun: *a\n", 3, "YAML", "aliases are not allowed"},
        {"base: missing.yaml\n", 1, "base", "cannot open"},
        {"name: \"\"\n", 1, "name", "name must be 1 to"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        scn_scenario *s;
        assert_int_equal(scn_create(sections, 2, &s), 0);
        char name[32];
        snprintf(name, sizeof name, "bad%zu.yaml", i);
        const char *path = write_file(name, cases[i].text);
        int rc = scn_load_file(s, path);
        char want[512];
        snprintf(want, sizeof want, "%s:%ld: %s: ", path, cases[i].line, cases[i].field);
        if (rc != NABIJ_EINVAL && rc != NABIJ_EIO)
            fail_msg("case %zu accepted: %s", i, cases[i].text);
        if (strncmp(scn_errmsg(s), want, strlen(want)) != 0 ||
            !strstr(scn_errmsg(s), cases[i].fragment))
            fail_msg("case %zu: got '%s', want '%s...%s'", i, scn_errmsg(s), want, cases[i].fragment);
        /* nothing was applied */
        assert_true(values(s)->rate == 0.25);
        assert_int_equal(values(s)->count, 10);
        scn_destroy(s);
    }
}

static void test_scenario_missing_file(void **st)
{
    (void)st;
    scn_scenario *s;
    assert_int_equal(scn_create(sections, 2, &s), 0);
    assert_int_equal(scn_load_file(s, "/nonexistent/x.yaml"), NABIJ_EIO);
    assert_non_null(strstr(scn_errmsg(s), "/nonexistent/x.yaml: cannot open scenario file"));
    scn_destroy(s);
}

static void test_scenario_base_cycle(void **st)
{
    (void)st;
    write_file("cyc_a.yaml", "base: cyc_b.yaml\n");
    const char *b = write_file("cyc_b.yaml", "base: cyc_a.yaml\n");
    scn_scenario *s;
    assert_int_equal(scn_create(sections, 2, &s), 0);
    assert_int_equal(scn_load_file(s, b), NABIJ_EINVAL);
    assert_non_null(strstr(scn_errmsg(s), "chain deeper than"));
    scn_destroy(s);
}

static void test_scenario_base_inheritance(void **st)
{
    (void)st;
    write_file("parent.yaml", "name: parent\ndemo:\n  rate: 0.5\n  count: 20\n  mode: art16\n");
    const char *child = write_file("child.yaml", "base: parent.yaml\nname: child\ndemo:\n  count: 30\n");
    scn_scenario *s;
    assert_int_equal(scn_create(sections, 2, &s), 0);
    assert_int_equal(scn_load_file(s, child), 0);
    assert_true(values(s)->rate == 0.5);      /* from the parent */
    assert_int_equal(values(s)->count, 30);   /* the child overrides */
    assert_int_equal(values(s)->mode, 1);     /* art16 */
    assert_string_equal(scn_name(s), "child");
    /* a file without name: takes its file name */
    const char *anon = write_file("anon-lever.yaml", "base: parent.yaml\n");
    scn_scenario *t;
    assert_int_equal(scn_create(sections, 2, &t), 0);
    assert_int_equal(scn_load_file(t, anon), 0);
    assert_string_equal(scn_name(t), "anon-lever");
    scn_destroy(t);
    scn_destroy(s);
}

static void test_scenario_set(void **st)
{
    (void)st;
    scn_scenario *s;
    assert_int_equal(scn_create(sections, 2, &s), 0);
    assert_int_equal(scn_set(s, "demo.rate=0.75"), 0);
    assert_true(values(s)->rate == 0.75);
    assert_int_equal(scn_set(s, "demo.mode=abolished"), 0);
    assert_int_equal(values(s)->mode, 2);
    assert_int_equal(scn_set(s, "demo.table=27"), 0); /* a constant dated value */
    assert_int_equal(values(s)->table.n, 1);
    assert_true(scn_dated_at(&values(s)->table, scn_days_from_civil(2030, 1, 1)) == 27);
    assert_int_equal(scn_set(s, "demo.table=2015-01-01=21,2023-01-01=27"), 0);
    assert_true(scn_dated_at(&values(s)->table, scn_days_from_civil(2022, 12, 31)) == 21);
    assert_true(scn_dated_at(&values(s)->table, scn_days_from_civil(2023, 1, 1)) == 27);
    assert_true(scn_dated_at(&values(s)->table, scn_days_from_civil(2010, 1, 1)) == 21);
    assert_int_equal(scn_set(s, "demo.rate=2"), NABIJ_EINVAL);
    assert_non_null(strstr(scn_errmsg(s), "--set: demo.rate: 2 is out of range (allowed: 0 to 1"));
    assert_int_equal(scn_set(s, "demo.rat=0.1"), NABIJ_EINVAL);
    assert_non_null(strstr(scn_errmsg(s), "did you mean 'rate'"));
    assert_int_equal(scn_set(s, "nonsense"), NABIJ_EINVAL);
    assert_true(values(s)->rate == 0.75);
    scn_destroy(s);
}

static void test_scenario_yaml_round_trip(void **st)
{
    (void)st;
    scn_scenario *s, *t;
    assert_int_equal(scn_create(sections, 2, &s), 0);
    assert_int_equal(scn_set(s, "demo.rate=0.1234567890123"), 0);
    assert_int_equal(scn_set(s, "demo.label=a \"quoted\" label"), 0);
    assert_int_equal(scn_set(s, "demo.flag=true"), 0);
    assert_int_equal(scn_set(s, "run.start_date=2016-02-29"), 0);
    assert_int_equal(scn_set(s, "name=round trip"), 0);
    char *text = scn_to_yaml(s);
    assert_non_null(text);
    assert_int_equal(scn_create(sections, 2, &t), 0);
    if (scn_load_text(t, text, strlen(text), "resolved", NULL))
        fail_msg("%s\n%s", scn_errmsg(t), text);
    assert_memory_equal(values(s), values(t), sizeof(demo));
    assert_memory_equal(scn_section_values(s, "run"), scn_section_values(t, "run"),
                        sizeof(sim_run_params));
    assert_string_equal(scn_name(t), "round trip");
    sim_free(text);
    scn_destroy(s);
    scn_destroy(t);
}

static void test_scenario_dates(void **st)
{
    (void)st;
    int32_t d;
    assert_int_equal(scn_parse_date("1970-01-01", &d), 0);
    assert_int_equal(d, 0);
    assert_int_equal(scn_parse_date("2015-01-01", &d), 0);
    assert_int_equal(d, 16436);
    assert_int_equal(scn_parse_date("2024-02-29", &d), 0);
    assert_int_not_equal(scn_parse_date("2023-02-29", &d), 0);
    assert_int_not_equal(scn_parse_date("2015-1-1", &d), 0);
    assert_int_not_equal(scn_parse_date("2015-13-01", &d), 0);
    int y;
    unsigned m, dd;
    scn_civil_from_days(16436 + 365, &y, &m, &dd);
    assert_int_equal(y, 2016);
    assert_int_equal(m, 1);
    assert_int_equal(dd, 1);
}

static void test_scenario_alloc_failure(void **st)
{
    (void)st;
    /* every allocation of a load may fail; the loader must report it, not crash or leak */
    const char *path = write_file("alloc.yaml", "name: a\ndemo:\n  rate: 0.5\n");
    for (long n = 1; n < 200; n++) {
        scn_scenario *s = NULL;
        sim_alloc_fail_after(n);
        int rc = scn_create(sections, 2, &s);
        if (rc == 0) {
            rc = scn_load_file(s, path);
            scn_destroy(s);
        }
        sim_alloc_fail_after(0);
        assert_true(rc == 0 || rc == NABIJ_ENOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scenario_bad_inputs),     cmocka_unit_test(test_scenario_missing_file),
        cmocka_unit_test(test_scenario_base_cycle),     cmocka_unit_test(test_scenario_base_inheritance),
        cmocka_unit_test(test_scenario_set),            cmocka_unit_test(test_scenario_yaml_round_trip),
        cmocka_unit_test(test_scenario_dates),          cmocka_unit_test(test_scenario_alloc_failure),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
