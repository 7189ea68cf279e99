/*
 * explore.c: the `explore` command: which trace, and which interface.
 *
 * Without a file the explorer opens the built-in demo with bug 1 on, so
 * that there is an attack and a failed check to step to. The terminal
 * interface needs a terminal on both ends; otherwise (or with --text) the
 * run is printed as text.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "explore.h"
#include "model.h"
#include "ui.h"
#include "../cli/cli.h"
#include "../demo/demo_trace.h"
#include "../lua/trace_load.h"

#define EXIT_FAILED 1

static void usage(FILE *out)
{
	fprintf(out, "usage: svsmlab explore [--text] [--bug NAME[,NAME...]] [FILE]\n"
	             "  FILE   a trace (svsmlab-trace/1); without it, the built-in demo\n"
	             "         with --bug no-zero-after-validate\n"
	             "  --text print the run step by step instead (also when not on a terminal)\n"
	             "  --bug  run with these catalog bugs instead of the trace's\n");
}

int explore_main(int argc, char **argv)
{
	const char *file = NULL;
	bool text = false, bugs_given = false;
	uint32_t bugs = 0;
	char err[256];
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--text") == 0) {
			text = true;
		} else if (strcmp(argv[i], "--bug") == 0 && i + 1 < argc) {
			if (cli_bugs(argv[++i], &bugs) != 0)
				return EXIT_USAGE;
			bugs_given = true;
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			fprintf(stderr, "svsmlab explore: unexpected '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}

	struct trace t;
	memset(&t, 0, sizeof(t));
	const char *why = NULL;
	if (file && trace_load(file, &t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab explore: %s\n", err);
		return EXIT_FAILED;
	}
	if (!file && demo_trace(&t, SVSM_BUG_BIT(BUG_NO_ZERO_AFTER_VALIDATE), &why) != 0) {
		fprintf(stderr, "svsmlab explore: cannot build the demo: %s\n", why);
		return EXIT_FAILED;
	}
	if (bugs_given)
		t.cfg.bugs = bugs;

	struct branches bs;
	if (branches_init(&bs, &t) != 0) {
		trace_free(&t);
		fprintf(stderr, "svsmlab explore: out of memory\n");
		return EXIT_FAILED;
	}
	static struct model m;   /* large: keep it off the stack */
	int rc = 0;
	if (model_open(&m, branch_trace(&bs), err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab explore: %s\n", err);
		rc = EXIT_FAILED;
	} else if (text || !isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		text_run(stdout, &m);
	} else {
		rc = app_run(&m, &bs) == 0 ? 0 : EXIT_FAILED;
	}
	model_close(&m);
	branches_free(&bs);
	return rc;
}
