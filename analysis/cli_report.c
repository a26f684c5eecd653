/* cli_report.c: `nabij report FILES... -o DIR`: reads run files (grouped by scenario name,
 * replicates by seed), and writes tables (CSV and Markdown), charts (PNG and SVG) and an
 * index.html linking them: main indicators over time with bands across replicates, waiting
 * lists by month, costs by payer, referrals by route, and the comparison table. */
#include "alloc.h"
#include "cli.h"
#include "cli_extra.h"
#include "compare.h"
#include "nabij.h"
#include "draw.h"
#include "plot.h"
#include "runset.h"
#include "scenario.h"
#include "stats.h"
#include "summary.h"
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct rep_ctx {
    const char *dir;
    an_runset rs;
    FILE *html;
    double level;
    int failed;
    char err[4600];
} rep_ctx;

static void report_usage(FILE *f)
{
    fprintf(f,
            "usage: nabij report FILES... -o DIR [--indicator NAME]... [--force] [--quiet]\n"
            "Tables (CSV, Markdown), charts (PNG, SVG) and DIR/index.html from run files. FILES\n"
            "are .h5 run outputs or folders holding them; runs are grouped by scenario name and\n"
            "their replicates by seed (the first scenario is the reference of the differences).\n"
            "  --indicator NAME  chart only these indicators over time (default: all)\n"
            "  --level L         confidence level of the tables (default 0.95)\n"
            "  --force           write into DIR even if it holds a report\n");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_file(rep_ctx *c, const char *path)
{
    an_run *r;
    int e = an_run_read(path, 0, &r, c->err, sizeof c->err);
    if (e)
        return e;
    if ((e = an_runset_add(&c->rs, r->scenario_name, r)))
        snprintf(c->err, sizeof c->err, "out of memory");
    return e;
}

/* A folder: every *.h5 in it, in name order. */
static int add_dir(rep_ctx *c, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(c->err, sizeof c->err, "%s: %s", dir, strerror(errno));
        return NABIJ_EIO;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    int rc = 0;
    while ((de = readdir(d))) {
        if (!cli_ends_with(de->d_name, ".h5"))
            continue;
        char **nn = sim_realloc(names, n + 1, sizeof *nn);
        if (!nn || !(nn[n] = sim_calloc(strlen(dir) + strlen(de->d_name) + 2, 1))) {
            names = nn ? nn : names;
            rc = NABIJ_ENOMEM;
            break;
        }
        names = nn;
        sprintf(names[n++], "%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (!rc)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; !rc && i < n; i++)
        rc = add_file(c, names[i]);
    for (size_t i = 0; i < n; i++)
        sim_free(names[i]);
    sim_free(names);
    if (!rc && n == 0) {
        snprintf(c->err, sizeof c->err, "%s holds no .h5 run files", dir);
        rc = NABIJ_EINVAL;
    }
    return rc;
}

static FILE *open_part(rep_ctx *c, const char *name, char *part, size_t n)
{
    snprintf(part, n, "%s/%s.part", c->dir, name);
    FILE *f = fopen(part, "w");
    if (!f) {
        snprintf(c->err, sizeof c->err, "cannot write %s: %s", part, strerror(errno));
        c->failed = 1;
    }
    return f;
}

static void close_part(rep_ctx *c, FILE *f, const char *part)
{
    char path[4200];
    snprintf(path, sizeof path, "%s", part);
    path[strlen(path) - 5] = 0;
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    if (bad || rename(part, path)) {
        snprintf(c->err, sizeof c->err, "cannot write %s: %s", path, strerror(errno));
        remove(part);
        c->failed = 1;
    }
}

static void html_escape(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        default: fputc(*s, f);
        }
}

static void safe_name(const char *in, char *out, size_t n)
{
    size_t i = 0;
    for (; in[i] && i + 1 < n; i++)
        out[i] = (in[i] == '/' || in[i] == ' ' || in[i] == ':') ? '_' : in[i];
    out[i] = 0;
}

/* Shortest run length in group "g". */
static size_t group_ticks(const an_group *g)
{
    size_t n = g->n ? g->runs[0]->n_ticks : 0;
    for (size_t r = 1; r < g->n; r++)
        if (g->runs[r]->n_ticks < n)
            n = g->runs[r]->n_ticks;
    return n;
}

static void html_img(rep_ctx *c, const char *base, const char *alt)
{
    fprintf(c->html, "<figure><a href=\"%s.svg\"><img src=\"%s.png\" alt=\"", base, base);
    html_escape(c->html, alt);
    fprintf(c->html, "\" width=\"900\"></a><figcaption><a href=\"%s.svg\">SVG</a> | "
                     "<a href=\"%s.png\">PNG</a></figcaption></figure>\n", base, base);
}

/* Chart of indicator "name" over time: mean per tick across replicates, band 10-90 %. */
static void plot_timeseries(rep_ctx *c, const char *name)
{
    size_t ng = c->rs.n_groups;
    an_plot_line *lines = sim_calloc(ng, sizeof *lines);
    double **buf = sim_calloc(4 * ng, sizeof *buf);
    const an_series *s0 = NULL;
    size_t reps_max = 0;
    int ok = lines && buf;
    for (size_t g = 0; ok && g < ng; g++) {
        const an_group *gr = &c->rs.groups[g];
        size_t nt = group_ticks(gr);
        double *x = buf[4 * g] = sim_calloc(nt + 1, sizeof *x);
        double *y = buf[4 * g + 1] = sim_calloc(nt + 1, sizeof *y);
        double *lo = buf[4 * g + 2] = sim_calloc(nt + 1, sizeof *lo);
        double *hi = buf[4 * g + 3] = sim_calloc(nt + 1, sizeof *hi);
        double *col = sim_calloc(gr->n + 1, sizeof *col);
        if (!x || !y || !lo || !hi || !col) {
            sim_free(col);
            ok = 0;
            break;
        }
        reps_max = gr->n > reps_max ? gr->n : reps_max;
        for (size_t t = 0; t < nt; t++) {
            x[t] = gr->runs[0]->day[t];
            for (size_t r = 0; r < gr->n; r++) {
                const an_series *s = an_run_series(gr->runs[r], name);
                if (!s0)
                    s0 = s;
                col[r] = s->v[t];
            }
            y[t] = an_mean(col, gr->n);
            lo[t] = an_percentile(col, gr->n, 0.1);
            hi[t] = an_percentile(col, gr->n, 0.9);
        }
        sim_free(col);
        lines[g] = (an_plot_line){gr->label, x, y, gr->n > 1 ? lo : NULL, gr->n > 1 ? hi : NULL, nt};
    }
    if (ok && s0) {
        char base[4200], rel[300], sub[400], ylab[200], safe[200];
        safe_name(name, safe, sizeof safe);
        snprintf(rel, sizeof rel, "plots/ts_%s", safe);
        snprintf(base, sizeof base, "%s/%s", c->dir, rel);
        snprintf(sub, sizeof sub, "%s Line: mean of the replicates%s.", s0->doc,
                 reps_max > 1 ? "; band: 10-90 % of the replicates" : "");
        snprintf(ylab, sizeof ylab, "%s [%s]", name, s0->unit);
        an_plot_spec sp = {name, sub, "date (start of the tick)", ylab, 1, 0, 0};
        if (an_plot_lines(base, &sp, lines, ng, c->err, sizeof c->err))
            c->failed = 1;
        else
            html_img(c, rel, name);
    }
    for (size_t i = 0; buf && i < 4 * ng; i++)
        sim_free(buf[i]);
    sim_free(buf);
    sim_free(lines);
}

/* Monthly means of a series: months from the run's first date; returns the count. */
static size_t monthly(const an_run *r, const an_series *s, size_t nt, double *out, int *key)
{
    size_t nm = 0;
    int cur = -1, cnt = 0;
    for (size_t t = 0; t < nt; t++) {
        int y;
        unsigned m, d;
        scn_civil_from_days(r->day[t], &y, &m, &d);
        int k = y * 12 + (int)m - 1;
        if (k != cur) {
            if (cnt)
                out[nm - 1] /= cnt;
            cur = k;
            cnt = 0;
            key[nm] = k;
            out[nm++] = 0;
        }
        out[nm - 1] += s->v[t];
        cnt++;
    }
    if (cnt)
        out[nm - 1] /= cnt;
    return nm;
}

/* Waiting lists (indicators with "waiting" in the name) by calendar month: table and chart. */
static void waiting_by_month(rep_ctx *c, const char **names, size_t n)
{
    char part[4200], partmd[4200];
    size_t found = 0;
    for (size_t i = 0; i < n; i++)
        found += strstr(names[i], "waiting") != NULL;
    fprintf(c->html, "<h2>Waiting lists by month</h2>\n");
    if (!found) {
        fprintf(c->html, "<p>These runs have no waiting-list indicators (names containing "
                         "<code>waiting</code>).</p>\n");
        return;
    }
    FILE *f = open_part(c, "waiting_by_month.csv", part, sizeof part);
    FILE *md = open_part(c, "waiting_by_month.md", partmd, sizeof partmd);
    if (!f || !md) {
        if (f)
            fclose(f);
        if (md)
            fclose(md);
        return;
    }
    fprintf(f, "indicator,unit,scenario,month,replicates,mean,p10,p90\n");
    fprintf(md, "# Waiting lists by month\n\nMean over the ticks of each month, then over "
                "replicates (10-90 %% of replicates in brackets).\n");
    fprintf(c->html, "<p>Tables: <a href=\"waiting_by_month.csv\">CSV</a>, "
                     "<a href=\"waiting_by_month.md\">Markdown</a>.</p>\n");
    for (size_t i = 0; i < n; i++) {
        if (!strstr(names[i], "waiting"))
            continue;
        const an_series *s0 = an_run_series(c->rs.groups[0].runs[0], names[i]);
        fprintf(md, "\n## %s (%s)\n\n| scenario | month | mean [10-90 %%] |\n|---|---|---:|\n",
                names[i], s0->unit);
        size_t ng = c->rs.n_groups;
        an_plot_line *lines = sim_calloc(ng, sizeof *lines);
        double **keep = sim_calloc(4 * ng + 1, sizeof *keep);
        for (size_t g = 0; lines && keep && g < ng; g++) {
            const an_group *gr = &c->rs.groups[g];
            size_t nt = group_ticks(gr), nm = 0;
            double *mm = sim_calloc((nt + 1) * (gr->n + 1), sizeof *mm);
            int *key = sim_calloc(nt + 1, sizeof *key);
            double *x = keep[4 * g] = sim_calloc(nt + 1, sizeof *x);
            double *y = keep[4 * g + 1] = sim_calloc(nt + 1, sizeof *y);
            double *lo = keep[4 * g + 2] = sim_calloc(nt + 1, sizeof *lo);
            double *hi = keep[4 * g + 3] = sim_calloc(nt + 1, sizeof *hi);
            double *col = sim_calloc(gr->n + 1, sizeof *col);
            if (mm && key && x && y && lo && hi && col) {
                for (size_t r = 0; r < gr->n; r++)
                    nm = monthly(gr->runs[r], an_run_series(gr->runs[r], names[i]), nt,
                                 mm + r * (nt + 1), key);
                for (size_t m = 0; m < nm; m++) {
                    for (size_t r = 0; r < gr->n; r++)
                        col[r] = mm[r * (nt + 1) + m];
                    int yy = key[m] / 12, mo = key[m] % 12 + 1;
                    x[m] = scn_days_from_civil(yy, (unsigned)mo, 15);
                    y[m] = an_mean(col, gr->n);
                    lo[m] = an_percentile(col, gr->n, 0.1);
                    hi[m] = an_percentile(col, gr->n, 0.9);
                    fprintf(f, "%s,\"%s\",\"%s\",%04d-%02d,%zu,%.10g,%.10g,%.10g\n", names[i],
                            s0->unit, gr->label, yy, mo, gr->n, y[m], lo[m], hi[m]);
                    fprintf(md, "| %s | %04d-%02d | %.4g [%.4g, %.4g] |\n", gr->label, yy, mo,
                            y[m], lo[m], hi[m]);
                }
                lines[g] = (an_plot_line){gr->label, x, y, gr->n > 1 ? lo : NULL,
                                          gr->n > 1 ? hi : NULL, nm};
            }
            sim_free(mm);
            sim_free(key);
            sim_free(col);
        }
        char base[4200], rel[300], safe[200], ylab[200], title[300];
        safe_name(names[i], safe, sizeof safe);
        snprintf(rel, sizeof rel, "plots/monthly_%s", safe);
        snprintf(base, sizeof base, "%s/%s", c->dir, rel);
        snprintf(ylab, sizeof ylab, "%s [%s]", names[i], s0->unit);
        snprintf(title, sizeof title, "%s by month", names[i]);
        an_plot_spec sp = {title, "Monthly mean; band: 10-90 % of the replicates.", "month",
                           ylab, 1, 0, 0};
        if (lines && keep) {
            if (an_plot_lines(base, &sp, lines, ng, c->err, sizeof c->err))
                c->failed = 1;
            else
                html_img(c, rel, title);
        }
        for (size_t k = 0; keep && k < 4 * ng; k++)
            sim_free(keep[k]);
        sim_free(keep);
        sim_free(lines);
    }
    close_part(c, f, part);
    close_part(c, md, partmd);
}

/* Totals over the run of a set of indicators (categories) per scenario, as a CSV/Markdown
 * table and a grouped bar chart with 95 % intervals of the mean. "kind" 0: payers, 1:
 * indicators named in "names" (referral routes). */
static void bar_section(rep_ctx *c, const char *file, const char *title, const char *ylabel,
                        const char *const *cats, const char *const *labels, size_t ncat, int payers)
{
    size_t ng = c->rs.n_groups;
    double *v = sim_calloc(ng * ncat + 1, sizeof *v), *lo = sim_calloc(ng * ncat + 1, sizeof *lo);
    double *hi = sim_calloc(ng * ncat + 1, sizeof *hi);
    const char **groups = sim_calloc(ng + 1, sizeof *groups);
    char part[4200], partmd[4200], name[300];
    snprintf(name, sizeof name, "%s.csv", file);
    FILE *f = v && lo && hi && groups ? open_part(c, name, part, sizeof part) : NULL;
    snprintf(name, sizeof name, "%s.md", file);
    FILE *md = f ? open_part(c, name, partmd, sizeof partmd) : NULL;
    if (!f || !md) {
        if (f)
            fclose(f), remove(part);
        goto out;
    }
    fprintf(f, "category,scenario,replicates,mean_total,ci_lo,ci_hi\n");
    fprintf(md, "# %s\n\nTotal over the run, mean of the replicates with its %.0f %% t interval.\n\n"
                "| category | scenario | mean total | interval |\n|---|---|---:|---|\n",
            title, 100 * c->level);
    for (size_t g = 0; g < ng; g++) {
        const an_group *gr = &c->rs.groups[g];
        groups[g] = gr->label;
        double *x = sim_calloc(gr->n + 1, sizeof *x);
        for (size_t k = 0; x && k < ncat; k++) {
            for (size_t r = 0; r < gr->n; r++) {
                const an_run *run = gr->runs[r];
                int found;
                x[r] = payers ? an_payer_total(run, cats[k], &found)
                              : an_series_summary(an_run_series(run, cats[k]), run->n_ticks, AN_STAT_SUM);
            }
            an_ci ci = an_ci_mean(x, gr->n, c->level);
            size_t i = g * ncat + k;
            v[i] = ci.mean;
            lo[i] = ci.lo;
            hi[i] = ci.hi;
            fprintf(f, "\"%s\",\"%s\",%zu,%.10g,%.10g,%.10g\n", labels[k], gr->label, gr->n,
                    ci.mean, ci.lo, ci.hi);
            fprintf(md, "| %s | %s | %.6g | [%.6g, %.6g] |\n", labels[k], gr->label, ci.mean,
                    ci.lo, ci.hi);
        }
        sim_free(x);
    }
    close_part(c, f, part);
    close_part(c, md, partmd);
    char base[4200], rel[300], sub[200];
    snprintf(rel, sizeof rel, "plots/%s", file);
    snprintf(base, sizeof base, "%s/%s", c->dir, rel);
    snprintf(sub, sizeof sub, "Total over the run, mean of the replicates; whiskers: %.0f %% "
                              "interval of the mean.", 100 * c->level);
    an_plot_spec sp = {title, sub, payers ? "payer" : "route", ylabel, 0, 0, 0};
    an_plot_bars b = {labels, ncat, groups, ng, v, lo, hi};
    if (an_plot_barchart(base, &sp, &b, c->err, sizeof c->err))
        c->failed = 1;
    else {
        fprintf(c->html, "<p>Tables: <a href=\"%s.csv\">CSV</a>, <a href=\"%s.md\">Markdown</a>.</p>\n",
                file, file);
        html_img(c, rel, title);
    }
out:
    sim_free(v);
    sim_free(lo);
    sim_free(hi);
    sim_free(groups);
}

static int write_tables(rep_ctx *c, const an_cmp *cmp)
{
    char part[4200];
    FILE *f = open_part(c, "summary.csv", part, sizeof part);
    if (!f)
        return -1;
    an_cmp_write_csv(cmp, &c->rs, f);
    close_part(c, f, part);
    if (!(f = open_part(c, "summary.md", part, sizeof part)))
        return -1;
    fprintf(f, "# Summary\n\n");
    an_cmp_write_md(cmp, &c->rs, f);
    close_part(c, f, part);
    return c->failed ? -1 : 0;
}

static void html_summary(rep_ctx *c, const an_cmp *cmp)
{
    FILE *h = c->html;
    fprintf(h, "<h2>Summary</h2>\n<p>Per run: mean over ticks of stocks, sum of flows. Differences "
               "against <b>");
    html_escape(h, c->rs.groups[0].label);
    fprintf(h, "</b> with %.0f %% t intervals, %s; <b>bold</b>: the interval excludes 0. "
               "<a href=\"summary.csv\">CSV</a>, <a href=\"summary.md\">Markdown</a>.</p>\n",
            100 * c->level, cmp->paired ? "paired by seed" : "Welch (seeds differ)");
    fprintf(h, "<table>\n<tr><th>indicator</th><th>unit</th><th>statistic</th>");
    for (size_t g = 0; g < c->rs.n_groups; g++) {
        fputs("<th>", h);
        html_escape(h, c->rs.groups[g].label);
        fputs(g ? "</th><th>difference</th>" : "</th>", h);
    }
    fputs("</tr>\n", h);
    size_t ng = c->rs.n_groups;
    for (size_t i = 0; i + ng <= cmp->n_rows; i += ng) {
        const an_cmp_row *r0 = &cmp->rows[i];
        fputs("<tr><td>", h);
        html_escape(h, r0->name);
        fputs("</td><td>", h);
        html_escape(h, r0->unit);
        fprintf(h, "</td><td>%s</td><td>%.6g</td>", an_stat_name(r0->stat), r0->value.mean);
        for (size_t g = 1; g < ng; g++) {
            const an_cmp_row *r = &cmp->rows[i + g];
            fprintf(h, "<td>%.6g</td><td>%s%.4g [%.4g, %.4g]%s</td>", r->value.mean,
                    r->diff.significant ? "<b>" : "", r->diff.mean, r->diff.lo, r->diff.hi,
                    r->diff.significant ? "</b>" : "");
        }
        fputs("</tr>\n", h);
    }
    fputs("</table>\n", h);
}

/* `nabij report`: read the run files, write tables, charts and index.html into -o DIR.
 * Returns a CLI_* exit code. */
int cli_report(int argc, char **argv)
{
    rep_ctx c = {0};
    c.level = 0.95;
    cli_list only = {0}, files = {0};
    size_t n_names = 0;
    const char **names = NULL;
    int force = 0, quiet = 0, rc = CLI_USAGE;
    an_cmp cmp = {0};
    char part[4200];
    const cli_opt opts[] = {
        CLI_OPT_OUTPUT(&c.dir),
        CLI_OPT_LIST("--indicator", NULL, &only),
        CLI_OPT_LEVEL(&c.level),
        CLI_OPT_FORCE(&force),
        CLI_OPT_QUIET(&quiet),
        CLI_OPT_ARGS(&files),
    };
    if (cli_options("nabij report", report_usage, opts, CLI_N_OPTS(opts), argc, argv, &rc))
        goto out;
    if (!c.dir || !files.n) {
        fprintf(stderr, "nabij report: name run files and -o DIR\n");
        goto usage;
    }
    char idx[4200];
    snprintf(idx, sizeof idx, "%s/index.html", c.dir);
    if (!force && access(idx, F_OK) == 0) {
        fprintf(stderr, "nabij report: %s exists; use --force to replace the report\n", idx);
        goto out;
    }
    cli_progress prog;
    cli_progress_init(&prog, "nabij report", quiet);
    for (size_t i = 0; i < files.n; i++) {
        struct stat st;
        int e = stat(files.v[i], &st) ? (snprintf(c.err, sizeof c.err, "%s: %s", files.v[i], strerror(errno)), NABIJ_EIO)
                : S_ISDIR(st.st_mode) ? add_dir(&c, files.v[i])
                                      : add_file(&c, files.v[i]);
        if (e) {
            fprintf(stderr, "nabij report: %s\n", c.err);
            rc = e == NABIJ_EINVAL ? CLI_USAGE : CLI_ERR;
            goto out;
        }
        cli_progress_update(&prog, (double)i + 1, (double)files.n * 2, "(reading)");
    }
    an_runset_sort(&c.rs);
    names = an_runset_common(&c.rs, &n_names);
    for (size_t k = 0; k < only.n; k++) {
        int ok = 0;
        for (size_t i = 0; i < n_names; i++)
            ok |= !strcmp(names[i], only.v[k]);
        if (!ok) {
            fprintf(stderr, "nabij report: --indicator %s: not in every run\n", only.v[k]);
            goto out;
        }
    }
    char plots[4200];
    snprintf(plots, sizeof plots, "%s/plots", c.dir);
    if ((mkdir(c.dir, 0777) && errno != EEXIST) || (mkdir(plots, 0777) && errno != EEXIST)) {
        fprintf(stderr, "nabij report: cannot create %s: %s\n", plots, strerror(errno));
        rc = CLI_ERR;
        goto out;
    }
    if (an_cmp_compute(&c.rs, AN_STAT_AUTO, c.level, &cmp) || write_tables(&c, &cmp)) {
        fprintf(stderr, "nabij report: %s\n", c.failed ? c.err : "out of memory");
        rc = CLI_ERR;
        goto out;
    }
    if (!(c.html = open_part(&c, "index.html", part, sizeof part))) {
        fprintf(stderr, "nabij report: %s\n", c.err);
        rc = CLI_ERR;
        goto out;
    }
    FILE *h = c.html;
    fprintf(h, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
               "<title>nabij report</title>\n<style>body{font-family:sans-serif;max-width:1000px;"
               "margin:1em auto;padding:0 1em}table{border-collapse:collapse;font-size:90%%}"
               "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child,"
               "th:first-child{text-align:left}figure{margin:1em 0}img{max-width:100%%;"
               "border:1px solid #eee}</style></head><body>\n<h1>nabij report</h1>\n<ul>\n");
    for (size_t g = 0; g < c.rs.n_groups; g++) {
        const an_group *gr = &c.rs.groups[g];
        fputs("<li><b>", h);
        html_escape(h, gr->label);
        fprintf(h, "</b>: %zu replicate%s (seeds", gr->n, gr->n == 1 ? "" : "s");
        for (size_t r = 0; r < gr->n && r < 20; r++)
            fprintf(h, " %llu", (unsigned long long)gr->runs[r]->seed);
        fprintf(h, "%s), %zu ticks</li>\n", gr->n > 20 ? " ..." : "", group_ticks(gr));
    }
    fputs("</ul>\n", h);
    html_summary(&c, &cmp);

    /* costs by payer */
    fprintf(h, "<h2>Costs by payer</h2>\n");
    const char *payer_cats[AN_N_PAYERS];
    size_t np = 0;
    for (int p = 0; p < AN_N_PAYERS; p++) {
        int found = 0;
        an_payer_total(c.rs.groups[0].runs[0], an_payers[p], &found);
        if (found)
            payer_cats[np++] = an_payers[p];
    }
    if (np)
        bar_section(&c, "costs_by_payer", "Costs by payer", "cost over the run [EUR]",
                    payer_cats, payer_cats, np, 1);
    else
        fprintf(h, "<p>These runs have no cost indicators by payer "
                   "(<code>cost_&lt;payer&gt;_&lt;line&gt;_eur</code>).</p>\n");

    /* referrals by route */
    fprintf(h, "<h2>Referrals by route</h2>\n");
    const char **routes = sim_calloc(n_names + 1, sizeof *routes);
    const char **rlabels = sim_calloc(n_names + 1, sizeof *rlabels);
    size_t nr = 0;
    for (size_t i = 0; routes && rlabels && i < n_names; i++)
        if (!strncmp(names[i], "referrals_", 10)) {
            routes[nr] = names[i];
            rlabels[nr++] = names[i] + 10;
        }
    if (nr)
        bar_section(&c, "referrals_by_route", "Referrals by route", "referrals over the run",
                    routes, rlabels, nr, 0);
    else
        fprintf(h, "<p>These runs have no referral indicators (<code>referrals_&lt;route&gt;</code>).</p>\n");
    sim_free(routes);
    sim_free(rlabels);

    waiting_by_month(&c, names, n_names);

    fprintf(h, "<h2>Indicators over time</h2>\n");
    size_t n_charts = only.n ? only.n : n_names;
    for (size_t i = 0; i < n_charts && !c.failed; i++) {
        plot_timeseries(&c, only.n ? only.v[i] : names[i]);
        cli_progress_update(&prog, (double)files.n + (double)(i + 1) * (double)files.n / (double)n_charts,
                            (double)files.n * 2, "(charts)");
    }
    cli_progress_end(&prog);
    fputs("</body></html>\n", h);
    c.html = NULL;
    close_part(&c, h, part);
    an_draw_release();
    if (c.failed) {
        fprintf(stderr, "nabij report: %s\n", c.err);
        rc = CLI_ERR;
        goto out;
    }
    if (!quiet)
        fprintf(stderr, "nabij report: %s\n", idx);
    rc = CLI_OK;
    goto out;
usage:
    report_usage(stderr);
    rc = CLI_USAGE;
out:
    if (c.html)
        fclose(c.html), remove(part);
    an_cmp_clear(&cmp);
    sim_free(names);
    an_runset_clear(&c.rs);
    sim_free(only.v);
    sim_free(files.v);
    return rc;
}
