/* cli.h: the `nabij` command line. Each subcommand is a descriptor in one table (cli.c);
 * a subcommand lives in its own file and only parses its options and calls the library. */
#ifndef SIM_CLI_H
#define SIM_CLI_H
#include <signal.h>
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
void cli_install_signals(void);

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

int cli_main(int argc, char **argv);
int cli_run(int argc, char **argv);
int cli_describe(int argc, char **argv);
#endif
