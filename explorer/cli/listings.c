/*
 * listings.c: `svsmlab bugs` and `svsmlab clauses`, the two commands that
 * print a table of the kit: the bug catalog, and the checks.
 */
#include "commands.h"
#include "../catalog/catalog.h"
#include "../ghost/ghost.h"

/* A listing takes no operand and no option (-h and --help are handled before). */
static int no_arguments(const struct cli_command *c, int argc, char **argv)
{
	int i = 0;
	const char *v;
	if (argc == 0)
		return 0;
	if (cli_next(c, argc, argv, &i, &v) == CLI_OPERAND)
		return cli_usage(c->name, "takes no argument, not '%s'", v);
	return EXIT_USAGE;   /* an option: cli_next() has said it is unknown */
}

static const struct cli_option no_options[] = { { NULL } };

static int bugs_main(int argc, char **argv)
{
	if (no_arguments(&bugs_command, argc, argv) != 0)
		return EXIT_USAGE;
	unsigned n;
	const struct bug_info *b = catalog_all(&n);
	for (unsigned i = 0; i < n; i++) {
		printf("%2u  %-24s %s\n", b[i].number, b[i].name, b[i].title);
		printf("    record:    %s\n", b[i].record);
		printf("    attack:    %s\n", b[i].attack);
		printf("    caught by: %s\n", b[i].caught_by);
		printf("    verify:    --bug %s --handler %s --vcpus %u%s\n\n", b[i].name,
		       b[i].verify.handler, b[i].verify.vcpus,
		       b[i].verify.vcpus > 1 ? " (a second vCPU must run in between)" : "");
	}
	return 0;
}

static int clauses_main(int argc, char **argv)
{
	static const char *const kinds[] = { "precondition", "invariant", "contract" };
	if (no_arguments(&clauses_command, argc, argv) != 0)
		return EXIT_USAGE;
	unsigned n;
	const struct clause *c = clause_table(&n);
	printf("%-28s %-12s %-33s %s\n", "clause", "kind", "judged by", "protects against");
	for (unsigned i = 0; i < n; i++) {
		char where[64];
		snprintf(where, sizeof(where), "%s, %s", c[i].verify ? "verify+run time" : "run time",
		         c[i].file);
		printf("%-28s %-12s %-33s %s\n", c[i].name, kinds[c[i].kind], where, c[i].protects);
	}
	return 0;
}

const struct cli_command bugs_command = {
	.name = "bugs",
	.operands = "",
	.summary = "list the catalog of real SVSM bugs (the names --bug takes)",
	.options = no_options,
	.notes = "",
	.run = bugs_main,
};

const struct cli_command clauses_command = {
	.name = "clauses",
	.operands = "",
	.summary = "list the clauses: kind, spec file, who judges them, what each protects against",
	.options = no_options,
	.notes = "",
	.run = clauses_main,
};
