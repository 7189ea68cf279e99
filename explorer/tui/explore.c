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
#include "../model/model.h"
#include "ui.h"
#include "../cli/commands.h"
#include "../demo/demo_trace.h"
#include "../luadata/trace_load.h"

#define EXIT_FAILED 1

enum { TEXT, BUG, WATCH };

static const struct cli_option options[] = {
	[TEXT] = { "--text", NULL,
	           "print the run step by step instead (also when not on a terminal)" },
	[BUG] = { "--bug", "NAME[,NAME...]|none",
	          "run with these catalog bugs instead of the trace's", CLI_LIST, cli_bug_value },
	[WATCH] = { "--watch", "EXPR",
	            "watch EXPR at every step (again for more): bytes GPA [LEN], rmp SPA, "
	            "owner GPA, label GPA, clause NAME" },
	{ NULL },
};

const struct cli_command explore_command = {
	.name = "explore",
	.operands = "[FILE]",
	.operand = CLI_FILE,
	.summary = "step through a trace in the terminal (default: the demo's attack)",
	.options = options,
	.notes = "FILE is a trace (svsmlab-trace/1); without it, the built-in demo with\n"
	         "--bug no-zero-after-validate. The keys are in docs/explorer.md (? shows them).\n"
	         "The watches a trace saved are watched too. A step that cannot happen is shown\n"
	         "as refused and the run goes on (with --bug none, a bug's counterexample shows\n"
	         "what the correct module does instead).\n"
	         "Exit status: 0 shown, 1 the terminal interface failed, 2 a usage error or a\n"
	         "file that is not a trace.",
	.run = explore_main,
};

/* The trace's own watches, then those of --watch; false (said on stderr) at a bad one. */
static bool add_watches(struct model *m, const struct trace *t, const char **given, unsigned n)
{
	char err[160];
	for (unsigned i = 0; i < t->nwatches + n; i++) {
		const char *text = i < t->nwatches ? t->watches[i] : given[i - t->nwatches];
		struct watch w;
		if (watch_parse(text, &w, err, sizeof(err)) != 0 || model_watch(m, &w, err, sizeof(err)) != 0) {
			fprintf(stderr, "svsmlab explore: watch '%s': %s\n", text, err);
			return false;
		}
	}
	return true;
}

int explore_main(int argc, char **argv)
{
	const char *file = NULL, *watches[WATCHES_MAX];
	unsigned nwatches = 0;
	bool text = false, bugs_given = false;
	uint32_t bugs = 0;
	char err[256];
	for (int i = 0; i < argc; i++) {
		const char *val;
		switch (cli_next(&explore_command, argc, argv, &i, &val)) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_OPERAND:
			if (file)
				return cli_usage("explore", "one trace at a time, not also '%s'", val);
			file = val;
			break;
		case TEXT:
			text = true;
			break;
		case BUG:
			bugs = 0;
			if (cli_bugs("explore", val, &bugs) != 0)
				return EXIT_USAGE;
			bugs_given = true;
			break;
		case WATCH:
			if (nwatches == WATCHES_MAX)
				return cli_usage("explore", "at most %d watches", WATCHES_MAX);
			watches[nwatches++] = val;
			break;
		}
	}

	struct trace t;
	memset(&t, 0, sizeof(t));
	const char *why = NULL;
	if (file && trace_load(file, &t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab explore: %s\n", err);
		return EXIT_USAGE;
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
		rc = EXIT_USAGE;   /* a machine the trace's settings cannot make */
	} else if (!add_watches(&m, branch_trace(&bs), watches, nwatches)) {
		rc = EXIT_USAGE;
	} else if (text || !isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		text_run(stdout, &m);
	} else {
		rc = app_run(&m, &bs) == 0 ? 0 : EXIT_FAILED;
	}
	model_close(&m);
	branches_free(&bs);
	return rc;
}
