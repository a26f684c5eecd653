/* cli_extra.h: declarations of the subcommands listed in cli_commands.inc. */
#ifndef SIM_CLI_EXTRA_H
#define SIM_CLI_EXTRA_H
/* analysis/: scenario comparison, reports, sensitivity screening, household stories */
int cli_calibrate(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_sensitivity(int argc, char **argv);
int cli_story(int argc, char **argv);
int cli_sweep(int argc, char **argv);
/* sim/: whether files are intact */
int cli_verify(int argc, char **argv);
#endif
