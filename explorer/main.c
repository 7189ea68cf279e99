/*
 * main.c: the svsmlab command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "check/check.h"
#include "cli/cli.h"
#include "cli/output.h"
#include "demo/demo.h"
#include "dot/dot.h"
#include "ghost/ghost.h"
#include "lua/run.h"
#include "tui/explore.h"
#include "verify/verify.h"

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: svsmlab <command> [options]\n"
	        "\n"
	        "svsmlab runs a small SEV-SNP Secure VM Service Module on a model of the\n"
	        "hardware, with a hostile hypervisor, and checks it as it runs.\n"
	        "\n"
	        "commands:\n"
	        "  demo [--bug NAME[,NAME...]]   verify the correct PVALIDATE handler, verify it with\n"
	        "       [--handler NAME|all]     no-zero-after-validate (or --bug), replay the proven\n"
	        "       [--out FILE.lua]         counterexample: the guest reads the module's key\n"
	        "  run FILE.lua [options]        run a Lua scenario or replay a trace (docs/lua.md)\n"
	        "  explore [--text] [FILE]       step through a trace (default: bug 1's attack)\n"
	        "  check FILE [options]          search a guest scenario's interleavings (docs/check.md)\n"
	        "  verify [options]              prove the handlers with Z3 for every hypervisor (docs/verify.md)\n"
	        "  dot FILE [-T svg|png] [-o F]  draw a trace as a sequence diagram with Graphviz\n"
	        "  bugs                          list the catalog of real SVSM bugs\n"
	        "  clauses                       list the checks and what each protects against\n"
	        "  help                          this text\n"
	        "\n"
	        "exit status of demo: 0 when the correct module verified and the bug was caught\n"
	        "and replayed, 1 otherwise. 2 is a usage error.\n");
}

static int cmd_bugs(void)
{
	unsigned n;
	const struct bug_info *b = catalog_all(&n);
	for (unsigned i = 0; i < n; i++) {
		printf("%2u  %-24s %s\n", b[i].number, b[i].name, b[i].title);
		printf("    record:    %s\n", b[i].record);
		printf("    attack:    %s\n", b[i].attack);
		printf("    caught by: %s%s\n\n", b[i].caught_by,
		       b[i].needs_interleaving ? " (needs the interleaving engine)" : "");
	}
	return 0;
}

static int cmd_clauses(void)
{
	static const char *const kinds[] = { "precondition", "invariant", "contract" };
	unsigned n;
	const struct clause *c = clause_table(&n);
	for (unsigned i = 0; i < n; i++)
		printf("%-28s %-12s %s\n", c[i].name, kinds[c[i].kind], c[i].protects);
	return 0;
}

/* The commands that read their own options: each gets the arguments after its name. */
static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} commands[] = {
	{ "demo", demo_main },
	{ "run", cmd_run },
	{ "explore", explore_main },
	{ "check", check_main },
	{ "verify", verify_main },
	{ "dot", dot_main },
};

static int run_command(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "bugs") == 0)
		return cmd_bugs();
	if (strcmp(cmd, "clauses") == 0)
		return cmd_clauses();
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	fprintf(stderr, "svsmlab: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}

/* Every command's report ends with the check that it reached standard output. */
int main(int argc, char **argv)
{
	return output_finish(argc > 1 ? argv[1] : "help", run_command(argc, argv));
}
