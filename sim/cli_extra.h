/* cli_extra.h: declarations of the subcommands listed in cli_commands.inc. */
#ifndef SIM_CLI_EXTRA_H
#define SIM_CLI_EXTRA_H
#endif
