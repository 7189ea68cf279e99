/*
 * commands.h: each svsmlab command's description (struct cli_command),
 * defined next to the command's parser, and gathered in commands.c.
 */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include "cli.h"

extern const struct cli_command demo_command;      /* demo/demo.c */
extern const struct cli_command run_command;       /* lua/run.c */
extern const struct cli_command explore_command;   /* tui/explore.c */
extern const struct cli_command check_command;     /* check/cli.c */
extern const struct cli_command verify_command;    /* verify/cli.c */
extern const struct cli_command dot_command;       /* dot/cli.c */
extern const struct cli_command gdb_command;       /* gdb/cli.c */
extern const struct cli_command qemu_command;      /* qemu/cli.c */
extern const struct cli_command bugs_command;      /* cli/listings.c */
extern const struct cli_command clauses_command;   /* cli/listings.c */
extern const struct cli_command help_command;      /* cli/help.c */

#endif
