/*
 * commands.c: the commands of svsmlab, in the order the overview, the man
 * page and the completion list them.
 */
#include <string.h>

#include "commands.h"

const char cli_description[] =
	"svsmlab runs a small SEV-SNP Secure VM Service Module on a model of the\n"
	"hardware, with a hostile hypervisor, and checks it as it runs.";

const struct cli_command *const cli_commands[] = {
	&demo_command, &run_command, &explore_command, &check_command, &verify_command,
	&dot_command, &gdb_command, &qemu_command, &bugs_command, &clauses_command, &help_command, NULL,
};

const struct cli_command *cli_find(const char *name)
{
	for (unsigned i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}
