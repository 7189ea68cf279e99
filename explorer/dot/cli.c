/*
 * cli.c: `svsmlab dot FILE [-T svg|png] [-o OUT]`.
 *
 * Reads a trace file (a scenario, a saved run, a counterexample of
 * `svsmlab check`), replays it and draws it as a sequence diagram. Without
 * -T the DOT text itself is written; with -T, Graphviz draws it. Without
 * -o the result goes to standard output.
 *
 * Exit status: 0 drawn, 1 Graphviz failed, 2 a usage error or a file that
 * is not a trace.
 */
#include <errno.h>
#include <string.h>

#include "dot.h"
#include "../cli/commands.h"
#include "../lua/trace_load.h"

#define EXIT_FAILED 1

enum { FORMAT, OUTPUT };

static const char *format_value(unsigned i)
{
	static const char *const words[] = { "svg", "png", NULL };
	return i < 2 ? words[i] : NULL;
}

static const struct cli_option options[] = {
	[FORMAT] = { "-T", "svg|png",
	             "draw it with Graphviz (default: write the DOT text)",
	             CLI_WORD, format_value },
	[OUTPUT] = { "-o", "OUT", "where it goes (default standard output)", CLI_FILE },
	{ NULL },
};

const struct cli_command dot_command = {
	.name = "dot",
	.operands = "FILE",
	.operand = CLI_FILE,
	.summary = "draw a trace as a sequence diagram with Graphviz",
	.options = options,
	.notes = "Exit status: 0 drawn, 1 Graphviz failed, 2 a usage error or a file that is\n"
	         "not a trace.",
	.run = dot_main,
};

/* Where the DOT text goes: a file, standard output, or a pipe into Graphviz. */
static FILE *open_output(const char *format, const char *out, pid_t *pid, char *err,
                         size_t errlen)
{
	if (format)
		return dot_pipe_open(format, out, pid, err, errlen);
	if (!out)
		return stdout;
	FILE *f = fopen(out, "w");
	if (!f)
		snprintf(err, errlen, "cannot write %s: %s", out, strerror(errno));
	return f;
}

static int close_output(FILE *f, const char *format, pid_t pid, char *err, size_t errlen)
{
	if (format)
		return dot_pipe_close(f, pid, err, errlen);
	if (f == stdout)
		return fflush(f) == 0 ? 0 : -1;
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int dot_main(int argc, char **argv)
{
	const char *file = NULL, *format = NULL, *out = NULL;
	for (int i = 0; i < argc; i++) {
		const char *val;
		switch (cli_next(&dot_command, argc, argv, &i, &val)) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_OPERAND:
			if (file)
				return cli_usage("dot", "one trace at a time, not also '%s'", val);
			file = val;
			break;
		case FORMAT:
			format = val;
			break;
		case OUTPUT:
			out = val;
			break;
		}
	}
	if (!file)
		return cli_usage("dot", "a trace FILE is needed");
	struct trace t;
	char err[256];
	if (trace_load(file, &t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab dot: %s\n", err);
		return EXIT_USAGE;
	}
	pid_t pid = 0;
	FILE *f = open_output(format, out, &pid, err, sizeof(err));
	int status = 0;
	if (!f) {
		fprintf(stderr, "svsmlab dot: %s\n", err);
		status = EXIT_FAILED;
	} else {
		if (dot_sequence(f, &t, err, sizeof(err)) != 0) {
			fprintf(stderr, "svsmlab dot: %s: %s\n", file, err);
			status = EXIT_USAGE;
		}
		if (close_output(f, format, pid, err, sizeof(err)) != 0 && status == 0) {
			fprintf(stderr, "svsmlab dot: %s\n", err);
			status = EXIT_FAILED;
		}
	}
	trace_free(&t);
	return status;
}
