/*
 * cli.c: `svsmlab dot FILE [-T svg|png] [-o OUT]`.
 *
 * Reads a trace file (a scenario, a saved run, a counterexample of
 * `svsmlab check`), replays it and draws it as a sequence diagram. Without
 * -T the DOT text itself is written; with -T, Graphviz draws it. Without
 * -o the result goes to standard output.
 *
 * Exit status: 0 drawn, 1 Graphviz failed, 2 a usage error or a file that
 * is not a trace (or a step of it that cannot happen: nothing is drawn),
 * 3 the output could not be written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dot.h"
#include "../cli/commands.h"
#include "../cli/output.h"
#include "../luadata/trace_load.h"

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
	         "not a trace (or has a step that cannot happen), 3 the output could not be\n"
	         "written.",
	.run = dot_main,
};

/* The DOT text of the trace, drawn in memory: a trace that does not replay leaves no file. */
static char *draw(const struct trace *t, char *err, size_t errlen)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	int rc = dot_sequence(mem, t, err, errlen);
	if (fclose(mem) != 0 && rc == 0) {
		snprintf(err, errlen, "out of memory");
		rc = -1;
	}
	if (rc != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/*
 * Graphviz draws text into out (or onto standard output); what it failed to
 * finish is removed. A file Graphviz could not open would be its failure
 * (exit 1, with its own message); it is ours to say, as for the DOT text:
 * the output could not be written (exit 3).
 */
static int render(const char *format, const char *out, const char *text)
{
	char err[256];
	pid_t pid;
	if (out) {
		int fd = open(out, O_WRONLY | O_CREAT, 0666);
		if (fd < 0) {
			fprintf(stderr, "svsmlab dot: cannot write %s: %s\n", out, strerror(errno));
			return EXIT_IO;
		}
		close(fd);
	}
	FILE *f = dot_pipe_open(format, out, &pid, err, sizeof(err));
	if (f) {
		fputs(text, f);
		if (dot_pipe_close(f, pid, err, sizeof(err)) == 0)
			return 0;
		if (out)
			remove(out);
	}
	fprintf(stderr, "svsmlab dot: %s\n", err);
	return EXIT_FAILED;
}

/* The DOT text itself, to out or to standard output (output_finish checks that). */
static int write_text(const char *out, const char *text)
{
	if (!out) {
		output_text(stdout, text);
		return 0;
	}
	FILE *f = output_open(out);
	if (f) {
		output_text(f, text);
		if (output_close(f) == 0)
			return 0;
	}
	fprintf(stderr, "svsmlab dot: cannot write %s: %s\n", out, strerror(errno));
	return EXIT_IO;
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
	char *text = draw(&t, err, sizeof(err));
	int status = EXIT_USAGE;
	if (!text)
		fprintf(stderr, "svsmlab dot: %s: %s\n", file, err);
	else
		status = format ? render(format, out, text) : write_text(out, text);
	free(text);
	trace_free(&t);
	return status;
}
