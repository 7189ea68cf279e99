/*
 * main.c: the svsmlab command: finds the command named, answers --help and
 * --version, and hands the rest of the arguments to the command
 * (explorer/cli/commands.c lists them).
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/output.h"

static int run_command(int argc, char **argv)
{
	if (argc < 2) {
		cli_overview(stderr);
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0)
		return cli_overview(stdout);
	if (strcmp(name, "--version") == 0) {
		printf("svsmlab %s\n", SVSMLAB_VERSION);
		return 0;
	}
	const struct cli_command *c = cli_find(name);
	if (!c) {
		fprintf(stderr, "svsmlab: unknown %s '%s'; try 'svsmlab --help'\n",
		        name[0] == '-' ? "option" : "command", name);
		return EXIT_USAGE;
	}
	if (cli_asks_help(c, argc - 2, argv + 2))
		return cli_help(stdout, c);
	return c->run(argc - 2, argv + 2);
}

/* Every command's report ends with the check that it reached standard output. */
int main(int argc, char **argv)
{
	return output_finish(argc > 1 ? argv[1] : "help", run_command(argc, argv));
}
