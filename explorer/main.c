/*
 * main.c: the svsmlab command.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog/catalog.h"
#include "check/check.h"
#include "demo/demo.h"
#include "dot/dot.h"
#include "ghost/ghost.h"
#include "lua/run.h"
#include "tui/explore.h"
#include "verify/verify.h"

#define EXIT_VIOLATION 1
#define EXIT_USAGE 2

static void usage(FILE *out)
{
	fprintf(out,
	        "usage: svsmlab <command> [options]\n"
	        "\n"
	        "svsmlab runs a small SEV-SNP Secure VM Service Module on a model of the\n"
	        "hardware, with a hostile hypervisor, and checks it as it runs.\n"
	        "\n"
	        "commands:\n"
	        "  demo [--bug NAME[,NAME...]]   the hypervisor re-binds the module's secret page\n"
	        "                                to a guest GPA. Without --bug: the correct module,\n"
	        "                                then the same attack with no-zero-after-validate.\n"
	        "  run FILE.lua [options]        run a Lua scenario or replay a trace (docs/lua.md)\n"
	        "  explore [--text] [FILE]       step through a trace (default: the demo) in a terminal\n"
	        "  check FILE [options]          search a guest scenario's interleavings (docs/check.md)\n"
	        "  verify [options]              prove the handlers with Z3 for every hypervisor (docs/verify.md)\n"
	        "  dot FILE [-T svg|png] [-o F]  draw a trace as a sequence diagram with Graphviz\n"
	        "  bugs                          list the catalog of real SVSM bugs\n"
	        "  clauses                       list the checks and what each protects against\n"
	        "  help                          this text\n"
	        "\n"
	        "exit status of demo: with --bug, 1 when a check fired or the secret leaked;\n"
	        "without, 0 when the correct module held and the buggy one was caught.\n"
	        "2 is a usage error.\n");
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

/* One run of the demo; returns whether the secret leaked or a check fired. */
static bool demo_once(uint32_t bugs, const char *title)
{
	struct demo_outcome res;
	printf("=== %s ===\n", title);
	int rc = demo_run(stdout, bugs, &res);
	if (rc != 0 && !res.leaked)
		printf("result: the attack could not be carried out; %u check(s) fired\n\n",
		       res.violations);
	else
		printf("result: the guest read %s; %u check(s) fired\n\n",
		       res.leaked ? "the module's secret" : "no secret", res.violations);
	return res.leaked || res.violations > 0;
}

static int cmd_demo(int argc, char **argv)
{
	uint32_t bugs = 0;
	bool chosen = false;
	for (int i = 0; i < argc; i++) {
		char bad[64];
		if (strcmp(argv[i], "--bug") == 0 && i + 1 < argc) {
			if (catalog_parse(argv[++i], &bugs, bad, sizeof(bad)) != 0) {
				fprintf(stderr, "svsmlab: unknown bug '%s' (see 'svsmlab bugs')\n", bad);
				return EXIT_USAGE;
			}
			chosen = true;
		} else {
			fprintf(stderr, "svsmlab demo: unexpected '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (chosen)
		return demo_once(bugs, "the attack, with the chosen bugs") ? EXIT_VIOLATION : 0;
	/* The story: the correct module holds, the buggy one is caught. */
	bool correct_broke = demo_once(0, "the correct module");
	bool buggy_caught = demo_once(SVSM_BUG_BIT(BUG_NO_ZERO_AFTER_VALIDATE),
	                              "with --bug no-zero-after-validate");
	return !correct_broke && buggy_caught ? 0 : EXIT_VIOLATION;
}

int main(int argc, char **argv)
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
	if (strcmp(cmd, "demo") == 0)
		return cmd_demo(argc - 2, argv + 2);
	if (strcmp(cmd, "run") == 0)
		return cmd_run(argc - 2, argv + 2);
	if (strcmp(cmd, "explore") == 0)
		return explore_main(argc - 2, argv + 2);
	if (strcmp(cmd, "check") == 0)
		return check_main(argc - 2, argv + 2);
	if (strcmp(cmd, "verify") == 0)
		return verify_main(argc - 2, argv + 2);
	if (strcmp(cmd, "dot") == 0)
		return dot_main(argc - 2, argv + 2);
	fprintf(stderr, "svsmlab: unknown command '%s'\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
