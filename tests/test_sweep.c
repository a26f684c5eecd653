/* test_sweep.c: sweep files, designs and manifests: keyed permutations are bijections,
 * Latin hypercubes fill every stratum once, seeds follow common random numbers, the
 * manifest expands grids and samples in the documented order and reads back, and bad
 * sweep files are refused with file, line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "runner.h"
#include "sweep.h"
#include "sweep_sample.h"
#include "nabij.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_sweep_permute_bijection(void **st)
{
    (void)st;
    const uint64_t ns[] = {1, 2, 3, 7, 64, 100, 1000};
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        uint64_t n = ns[k];
        char *seen = calloc(n, 1);
        int moved = 0;
        for (uint64_t i = 0; i < n; i++) {
            uint64_t j = sw_permute(42, 3, n, i);
            assert_true(j < n);
            assert_int_equal(seen[j], 0);
            seen[j] = 1;
            moved |= j != i;
        }
        if (n > 2)
            assert_true(moved); /* not the identity */
        free(seen);
    }
    /* another key, another permutation */
    int differ = 0;
    for (uint64_t i = 0; i < 100; i++)
        differ |= sw_permute(42, 0, 100, i) != sw_permute(43, 0, 100, i);
    assert_true(differ);
}

static void test_sweep_lhs_strata(void **st)
{
    (void)st;
    const uint64_t n = 50;
    for (uint32_t d = 0; d < 3; d++) {
        int count[50] = {0};
        for (uint64_t i = 0; i < n; i++) {
            double u = sw_lhs(7, d, n, i);
            assert_true(u >= 0 && u < 1);
            count[(int)(u * (double)n)]++;
        }
        for (int s = 0; s < 50; s++)
            assert_int_equal(count[s], 1);
    }
    assert_true(sw_lhs(7, 0, n, 3) == sw_lhs(7, 0, n, 3));
    assert_true(sw_lhs(7, 0, n, 3) != sw_lhs(7, 1, n, 3));
}

static void test_sweep_seeds(void **st)
{
    (void)st;
    sw_sweep sw;
    memset(&sw, 0, sizeof sw);
    sw.seed = 11;
    sw.common_random_numbers = 1;
    assert_true(sw_seed(&sw, 0, 0) == sw_seed(&sw, 5, 0));
    assert_true(sw_seed(&sw, 0, 0) != sw_seed(&sw, 0, 1));
    assert_true(sw_seed(&sw, 3, 1) < (1ULL << 53));
    uint64_t crn = sw_seed(&sw, 5, 0);
    sw.common_random_numbers = 0;
    assert_true(sw_seed(&sw, 0, 0) != sw_seed(&sw, 5, 0));
    assert_true(sw_seed(&sw, 5, 0) != crn);
    sw.seed = 12;
    sw.common_random_numbers = 1;
    assert_true(sw_seed(&sw, 5, 0) != crn);
}

static char dir[] = "/tmp/nabij-test-sweep.XXXXXX";

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_sweep_manifest(void **st)
{
    (void)st;
    char path[256], out[256], man[512], err[1024];
    snprintf(path, sizeof path, "%s/grid.yaml", dir);
    snprintf(out, sizeof out, "%s/out", dir);
    write_file(path, "name: t\n"
                     "set:\n  population.inhabitants: 100\n  run.ticks: 2\n"
                     "seed: 3\nreplicates: 2\n"
                     "grid:\n  benefits.kostendelersnorm: [strict, abolished]\n"
                     "  letters.reminder_weeks: [4, 8, 12]\n"
                     "sample:\n  method: sobol\n  points: 2\n  ranges:\n"
                     "    letters.trust_effect: [0.2, 0.6]\n    population.areas: [1, 4]\n");
    sw_sweep *sw = calloc(1, sizeof *sw);
    int rc = sw_load(sw, path, out, err, sizeof err);
    if (rc)
        fail_msg("%s", err);
    assert_int_equal(sw_points(sw), 2 * 3 * 2);
    assert_int_equal(sw_runs(sw), 24);
    assert_int_equal(sw->params[3].integer, 1);
    assert_int_equal(mkdir(out, 0777), 0);
    sw_manifest_path(sw, man, sizeof man);
    assert_int_equal(sw_manifest_write(sw, man, err, sizeof err), 0);
    sw_reader r;
    sw_row *row = calloc(1, sizeof *row);
    assert_int_equal(sw_reader_open(&r, man, err, sizeof err), 0);
    assert_int_equal(r.n_cols, 4);
    assert_string_equal(r.cols[0], "benefits.kostendelersnorm");
    long n = 0;
    while (sw_reader_next(&r, row, err, sizeof err) == 1) {
        assert_int_equal(row->id, n);
        assert_int_equal(row->point, n / 2);
        assert_int_equal(row->replicate, n % 2);
        assert_true(row->seed == sw_seed(sw, row->point, row->replicate));
        long g = row->point / 2, s = row->point % 2;
        /* the last grid parameter varies fastest, samples inside a grid point */
        assert_string_equal(row->sets[0], g / 3 ? "benefits.kostendelersnorm=abolished"
                                                : "benefits.kostendelersnorm=strict");
        const char *weeks[] = {"letters.reminder_weeks=4", "letters.reminder_weeks=8",
                               "letters.reminder_weeks=12"};
        assert_string_equal(row->sets[1], weeks[g % 3]);
        /* gsl Sobol: (0.5, 0.5), then (0.75, 0.25) */
        assert_string_equal(row->sets[2], s ? "letters.trust_effect=0.5" : "letters.trust_effect=0.4");
        assert_string_equal(row->sets[3], s ? "population.areas=2" : "population.areas=3");
        char expect[64];
        snprintf(expect, sizeof expect, "runs/run-%06ld.h5", n);
        assert_string_equal(row->output, expect);
        n++;
    }
    assert_int_equal(n, 24);
    sw_reader_close(&r);
    /* the same file gives the same manifest, another seed another one */
    char again[600];
    snprintf(again, sizeof again, "%s.again", man);
    assert_int_equal(sw_manifest_write(sw, again, err, sizeof err), 0);
    assert_int_equal(sw_files_equal(man, again), 1);
    sw->seed = 4;
    assert_int_equal(sw_manifest_write(sw, again, err, sizeof err), 0);
    assert_int_equal(sw_files_equal(man, again), 0);
    sw_clear(sw);
    free(row);
    free(sw);
}

/* The manifest does not depend on how the sweep file's path is spelt, but does change
 * when the base scenario's content changes. */
static void test_sweep_manifest_scenario(void **st)
{
    (void)st;
    char path[256], path2[256], scen[256], m1[300], m2[300], err[1024];
    snprintf(scen, sizeof scen, "%s/base.yaml", dir);
    snprintf(path, sizeof path, "%s/scen.yaml", dir);
    snprintf(path2, sizeof path2, "%s/./scen.yaml", dir);
    snprintf(m1, sizeof m1, "%s/m1.tsv", dir);
    snprintf(m2, sizeof m2, "%s/m2.tsv", dir);
    write_file(scen, "name: base\nrun:\n  ticks: 3\npopulation:\n  inhabitants: 200\n");
    write_file(path, "name: s\nscenario: base.yaml\ngrid:\n  run.days_per_tick: [7, 14]\n");
    sw_sweep *sw = calloc(1, sizeof *sw);
    if (sw_load(sw, path, NULL, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(sw_manifest_write(sw, m1, err, sizeof err), 0);
    sw_clear(sw);
    if (sw_load(sw, path2, NULL, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(sw_manifest_write(sw, m2, err, sizeof err), 0);
    assert_int_equal(sw_files_equal(m1, m2), 1);
    write_file(scen, "name: base\nrun:\n  ticks: 4\npopulation:\n  inhabitants: 200\n");
    assert_int_equal(sw_manifest_write(sw, m2, err, sizeof err), 0);
    assert_int_equal(sw_files_equal(m1, m2), 0);
    sw_clear(sw);
    free(sw);
}

static void expect_error(const char *text, const char *want1, const char *want2)
{
    char path[256], err[1024];
    snprintf(path, sizeof path, "%s/bad.yaml", dir);
    write_file(path, text);
    sw_sweep *sw = calloc(1, sizeof *sw);
    int rc = sw_load(sw, path, NULL, err, sizeof err);
    assert_int_equal(rc, NABIJ_EINVAL);
    if (!strstr(err, want1) || !strstr(err, want2))
        fail_msg("error '%s' lacks '%s' or '%s'", err, want1, want2);
    free(sw);
}

static void test_sweep_bad_files(void **st)
{
    (void)st;
    expect_error("name: t\ngrid:\n  population.inhabitantz: [10, 20]\n", "bad.yaml:3:",
                 "population.inhabitantz");
    expect_error("name: t\ngrid:\n  benefits.kostendelersnorm: [strict, lenient]\n",
                 "bad.yaml:3:", "lenient");
    expect_error("name: t\nsample:\n  method: lhs\n  points: 4\n  ranges:\n"
                 "    letters.trust_effect: [0.5, 2]\n", "bad.yaml:6:", "outside the allowed 0 to 1");
    expect_error("name: t\nsample:\n  method: latin\n  points: 4\n", "bad.yaml:3:",
                 "lhs, sobol");
    expect_error("name: t\nreplicates: 0\n", "bad.yaml:2: replicates", "1 to");
    const char *every[] = {"0", "3x", "0s", "-5m", "1e8s", "2000000", "[1]"};
    for (size_t i = 0; i < sizeof every / sizeof every[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "name: t\ncheckpoint_every: %s\n", every[i]);
        expect_error(text, "bad.yaml:2: checkpoint_every", "whole number of ticks from 1 to 1000000 nor a time");
    }
    expect_error("name: t\nreplicate: 2\n", "bad.yaml:2:", "unknown key 'replicate'");
    expect_error("name: t\ngrid:\n  run.seed: [1, 2]\n", "run.seed", "seed");
    expect_error("name: t\nsample:\n  method: lhs\n  points: 4\n  ranges:\n"
                 "    benefits.kostendelersnorm: [0, 1]\n", "bad.yaml:6:", "number parameter");
    expect_error("name: t\nset:\n  run.ticks: 0\n", "base scenario", "run.ticks");
    expect_error("name: t\ngrid: [\n", "bad.yaml:", "YAML syntax");
    /* a key given twice would be read once and the other ignored */
    expect_error("name: t\nreplicates: 1\nreplicates: 2\n", "bad.yaml:3: sweep",
                 "key 'replicates' given twice (first on line 2)");
    expect_error("name: t\nset:\n  run.ticks: 3\n  run.ticks: 4\n", "bad.yaml:4: set",
                 "key 'run.ticks' given twice (first on line 3)");
    expect_error("name: t\nslurm:\n  account: a\nslurm:\n  account: b\n", "bad.yaml:4: sweep",
                 "key 'slurm' given twice");
    expect_error("name: t\nslurm:\n  partition: a\n  partition: b\n", "bad.yaml:4: slurm",
                 "key 'partition' given twice");
    const char *mem[] = {"12X", "0", "G", "16GB", "-1", "1.5G"};
    for (size_t i = 0; i < sizeof mem / sizeof mem[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "name: t\nslurm:\n  mem_per_task: %s\n", mem[i]);
        expect_error(text, "bad.yaml:3: slurm.mem_per_task", "K, M, G or T");
    }
}

/* Runs at once on a machine with little memory: as many as fit, at least one, unless the
 * user chose (--jobs) or nothing is known. */
static void test_sweep_jobs_for_memory(void **st)
{
    (void)st;
    const unsigned long long G = 1000000000ull;
    const struct {
        int jobs, chosen;
        unsigned long long need, avail;
        int want;
    } t[] = {
        {2, 0, 6 * G, 24 * G, 2}, /* two national runs on this machine */
        {2, 0, 6 * G, 8 * G, 1},  /* ... on a laptop: one at a time */
        {2, 1, 6 * G, 8 * G, 2},  /* --jobs 2 given: kept (and warned about) */
        {8, 0, 1 * G, 5 * G, 5},
        {2, 0, 6 * G, 1 * G, 1},  /* not even one fits: one (and nabij run warns) */
        {2, 0, 6 * G, 0, 2},      /* available memory unknown */
        {2, 0, 0, 8 * G, 2},      /* need unknown */
        {3, 0, 2 * G, 6 * G, 3},  /* exactly fits */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        assert_int_equal(sw_jobs_for_memory(t[i].jobs, t[i].chosen, t[i].need, t[i].avail), t[i].want);
}

/* The memory a sweep's array task asks Slurm for: that of its largest run (the base
 * scenario's inhabitants, or the largest grid value or range end), and slurm.mem_per_task. */
static void test_sweep_memory(void **st)
{
    (void)st;
    char path[256], err[1024];
    snprintf(path, sizeof path, "%s/mem.yaml", dir);
    const struct {
        const char *text;
        unsigned long long inhabitants;
    } cases[] = {
        {"name: t\n", 25000}, /* the embedded baseline */
        {"name: t\nset:\n  population.inhabitants: 1000\n", 1000},
        {"name: t\ngrid:\n  population.inhabitants: [3000, 17900000, 20000]\n", 17900000},
        {"name: t\nsample:\n  method: lhs\n  points: 4\n  ranges:\n    population.inhabitants: [1000, 2000000]\n", 2000000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(path, cases[i].text);
        sw_sweep *sw = calloc(1, sizeof *sw);
        if (sw_load(sw, path, NULL, err, sizeof err))
            fail_msg("%s", err);
        assert_true(sw_memory_need(sw) == nabij_memory_need(cases[i].inhabitants));
        assert_string_equal(sw->slurm.mem_per_task, "");
        sw_clear(sw);
        free(sw);
    }
    const char *given[] = {"16G", "none", "2048"};
    for (size_t i = 0; i < sizeof given / sizeof given[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "name: t\nslurm:\n  mem_per_task: %s\n", given[i]);
        write_file(path, text);
        sw_sweep *sw = calloc(1, sizeof *sw);
        if (sw_load(sw, path, NULL, err, sizeof err))
            fail_msg("%s", err);
        assert_string_equal(sw->slurm.mem_per_task, given[i]);
        sw_clear(sw);
        free(sw);
    }
}

/* checkpoint_every: ticks or a wall-clock time, none by default; not in the manifest (a
 * sweep resumed with checkpoints added is the same sweep) */
static void test_sweep_checkpoint_every(void **st)
{
    (void)st;
    char path[256], err[1024], m1[300], m2[300];
    snprintf(path, sizeof path, "%s/ck.yaml", dir);
    const struct {
        const char *value;
        long ticks;
        double seconds;
    } cases[] = {{NULL, 0, 0}, {"52", 52, 0}, {"30m", 0, 1800}, {"2h", 0, 7200}, {"90s", 0, 90}, {"1.5m", 0, 90}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "name: t\n%s%s%s", cases[i].value ? "checkpoint_every: " : "",
                 cases[i].value ? cases[i].value : "", cases[i].value ? "\n" : "");
        write_file(path, text);
        sw_sweep *sw = calloc(1, sizeof *sw);
        if (sw_load(sw, path, NULL, err, sizeof err))
            fail_msg("%s", err);
        assert_int_equal(sw->ck_ticks, cases[i].ticks);
        assert_true(sw->ck_seconds == cases[i].seconds);
        snprintf(i ? m2 : m1, sizeof m1, "%s/ck%zu.tsv", dir, i);
        assert_int_equal(sw_manifest_write(sw, i ? m2 : m1, err, sizeof err), 0);
        if (i)
            assert_int_equal(sw_files_equal(m1, m2), 1); /* the same manifest */
        sw_clear(sw);
        free(sw);
    }
}

static void test_sweep_row_parse(void **st)
{
    (void)st;
    const char cols[2][96] = {"a.b", "c.d"};
    sw_row *row = calloc(1, sizeof *row);
    assert_int_equal(sw_row_parse("3\t1\t1\t77\truns/run-000003.h5\tx\t0.5", cols, 2, row), 0);
    assert_int_equal(row->id, 3);
    assert_true(row->seed == 77);
    assert_string_equal(row->sets[0], "a.b=x");
    assert_string_equal(row->sets[1], "c.d=0.5");
    assert_int_not_equal(sw_row_parse("3\t1\t1\t77\truns/x.h5\tx", cols, 2, row), 0);
    assert_int_not_equal(sw_row_parse("3\t1\t1\t77\truns/x.h5\tx\ty\tz", cols, 2, row), 0);
    assert_int_not_equal(sw_row_parse("-1\t1\t1\t77\truns/x.h5\tx\ty", cols, 2, row), 0);
    free(row);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sweep_permute_bijection),
        cmocka_unit_test(test_sweep_lhs_strata),
        cmocka_unit_test(test_sweep_seeds),
        cmocka_unit_test(test_sweep_manifest),
        cmocka_unit_test(test_sweep_manifest_scenario),
        cmocka_unit_test(test_sweep_bad_files),
        cmocka_unit_test(test_sweep_memory),
        cmocka_unit_test(test_sweep_jobs_for_memory),
        cmocka_unit_test(test_sweep_checkpoint_every),
        cmocka_unit_test(test_sweep_row_parse),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}
