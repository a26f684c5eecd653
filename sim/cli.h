/* cli.h: the `nabij` command line. Each subcommand is a descriptor in one table (cli.c);
 * a subcommand lives in its own file and only parses its options and calls the library. */
#ifndef SIM_CLI_H
#define SIM_CLI_H
#include <signal.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cli_command {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv); /* argv[0] is the subcommand name */
} cli_command;

/* Exit codes. */
#define CLI_OK 0
#define CLI_ERR 1   /* the run failed */
#define CLI_USAGE 2 /* bad command line or input */

/* Set by SIGINT/SIGTERM once cli_install_signals() ran. */
extern volatile sig_atomic_t cli_stop;
/* Set by SIGUSR1 (taken from the start of cli_main): `nabij run` and the runs of
 * `nabij sweep` write a checkpoint; other commands ignore it. */
extern volatile sig_atomic_t cli_checkpoint_now;
void cli_install_signals(void);
/* Processors this process may run on (its affinity: a Slurm job's or taskset's share). */
int cli_cpus(void);
/* Warn on stderr (also with --quiet) when "threads" (the option or key "what" of command
 * "who") is more than cli_cpus(): OpenMP threads then take turns on the processors, and a
 * tick waits for the slowest. */
void cli_warn_threads(const char *who, const char *what, long long threads);
/* The same for `nabij run`: a second signal kills the process at once (by that signal),
 * and the first one, unless "quiet", says that it will. */
void cli_install_run_signals(int quiet);

/* A progress line on stderr: a bar on a terminal, a line every few seconds otherwise.
 * "label" names what progresses; call with done == total at the end. The time left is
 * estimated from the pace since the first update, so set-up before it (building a large
 * world) does not inflate the estimate. */
typedef struct cli_progress {
    const char *label;
    double start, last;
    double base_t, base_done; /* first update: time and amount done */
    int tty, quiet, based;
} cli_progress;
void cli_progress_init(cli_progress *p, const char *label, int quiet);
void cli_progress_update(cli_progress *p, double done, double total, const char *extra);
void cli_progress_end(cli_progress *p);

/* Parse a whole decimal integer in [lo, hi] from "text" for option "opt"; prints an error
 * and returns -1 on failure. */
int cli_parse_int(const char *opt, const char *text, long long lo, long long hi, long long *out);
/* Parse --checkpoint-every: a whole number of ticks from 1 to 1000000 into "ticks", or a
 * wall-clock time "<number>s|m|h" (1 s to 1e7 s) into "seconds" (the other is set to 0);
 * prints an error and returns -1 when it is neither. */
int cli_parse_every(const char *opt, const char *text, long long *ticks, double *seconds);

/* ---- the options of a subcommand ------------------------------------------------------
 * Each subcommand describes its options in a table of cli_opt and calls cli_options, so
 * that the common ones (below) have the same names, ranges and messages everywhere. */

/* Values of a repeated option, or the non-option arguments, in command-line order. The
 * strings point into argv; cli_options allocates "v" with room for every argument. */
typedef struct cli_list {
    const char **v;
    size_t n;
} cli_list;

typedef enum cli_opt_kind {
    CLI_FLAG,   /* no value: *(int *)dest = 1 */
    CLI_TEXT,   /* *(const char **)dest = the value (the last one given) */
    CLI_LIST,   /* the value is appended to *(cli_list *)dest */
    CLI_INT,    /* *(long long *)dest: a whole number from lo to hi */
    CLI_REAL,   /* *(double *)dest: a number strictly between xlo and xhi */
    CLI_CHOICE, /* *(int *)dest: the index of the value in "choices" (NULL-terminated) */
    CLI_CALL,   /* call(dest, value) returns 0, or -1 after printing what is wrong */
} cli_opt_kind;

/* One option: "name" is the spelling messages use, "alias" another one or NULL; "joined"
 * also accepts name=value. An entry without a name takes the arguments that are not
 * options: CLI_TEXT at most one ("alias" says what it is: "more than one scenario file"),
 * CLI_LIST any number. Write entries with the CLI_OPT_* macros. */
typedef struct cli_opt {
    const char *name, *alias;
    cli_opt_kind kind;
    void *dest;
    long long lo, hi;
    double xlo, xhi;
    const char *const *choices;
    int (*call)(void *dest, const char *value);
    int joined;
} cli_opt;

#define CLI_OPT_FLAG(nm, al, p) {.name = (nm), .alias = (al), .kind = CLI_FLAG, .dest = (p)}
#define CLI_OPT_TEXT(nm, al, p) {.name = (nm), .alias = (al), .kind = CLI_TEXT, .dest = (p)}
#define CLI_OPT_LIST(nm, al, p) {.name = (nm), .alias = (al), .kind = CLI_LIST, .dest = (p)}
#define CLI_OPT_INT(nm, al, p, min, max)                                                     \
    {.name = (nm), .alias = (al), .kind = CLI_INT, .dest = (p), .lo = (min), .hi = (max)}
#define CLI_OPT_REAL(nm, p, min, max)                                                        \
    {.name = (nm), .kind = CLI_REAL, .dest = (p), .xlo = (min), .xhi = (max)}
#define CLI_OPT_CHOICE(nm, p, names) {.name = (nm), .kind = CLI_CHOICE, .dest = (p), .choices = (names)}
#define CLI_OPT_CALL(nm, fn, ctx) {.name = (nm), .kind = CLI_CALL, .dest = (ctx), .call = (fn)}
/* the one argument that is not an option ("what" names it), or all of them */
#define CLI_OPT_ARG(what, p) {.alias = (what), .kind = CLI_TEXT, .dest = (p)}
#define CLI_OPT_ARGS(p) {.kind = CLI_LIST, .dest = (p)}

/* The common options. A seed leaves "room" below 2^53 - 1 for the seeds counted up from it. */
#define CLI_SEED_MAX 9007199254740991LL
#define CLI_OPT_SET(p) CLI_OPT_LIST("--set", "-s", p)
#define CLI_OPT_OUTPUT(p) CLI_OPT_TEXT("-o", "--output", p)
#define CLI_OPT_SEED(p, room) CLI_OPT_INT("--seed", NULL, p, 0, CLI_SEED_MAX - (room))
#define CLI_OPT_THREADS(p) CLI_OPT_INT("--threads", NULL, p, 1, 1024)
#define CLI_OPT_JOBS(al, p) CLI_OPT_INT("--jobs", al, p, 1, 1024)
#define CLI_OPT_FORCE(p) CLI_OPT_FLAG("--force", NULL, p)
#define CLI_OPT_RESUME(p) CLI_OPT_FLAG("--resume", NULL, p)
#define CLI_OPT_QUIET(p) CLI_OPT_FLAG("--quiet", "-q", p)
#define CLI_OPT_LEVEL(p) CLI_OPT_REAL("--level", p, 0.5, 1)

/* The number of entries of the table "opts". */
#define CLI_N_OPTS(opts) (sizeof(opts) / sizeof(opts)[0])

/* Parse argv[1..argc) of subcommand "cmd" ("nabij run") by the "n" entries of "opts" and
 * return 0 for the caller to go on; the caller then frees the lists' "v". Otherwise return
 * -1 with the exit code in "*exit_code" (untouched when it goes on), the lists freed: CLI_OK after --help or -h, which
 * print "usage" on stdout; CLI_USAGE after a wrong option or value, for which it prints
 * "cmd: ..." naming the option (with the allowed range or choices) and then "usage" on
 * stderr; CLI_ERR when out of memory. */
int cli_options(const char *cmd, void (*usage)(FILE *f), const cli_opt *opts, size_t n,
                int argc, char **argv, int *exit_code);

/* The command line "nabij ARGV..." in "out" of "n" bytes (cut short if it does not fit),
 * as run files record it. */
void cli_command_line(int argc, char **argv, char *out, size_t n);

/* Whether "s" ends with "suffix". */
int cli_ends_with(const char *s, const char *suffix);

int cli_main(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_describe(int argc, char **argv);
#endif
