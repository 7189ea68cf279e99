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
#include "../cli/cli.h"
#include "../lua/trace_load.h"

#define EXIT_FAILED 1

static const char synopsis[] = "usage: svsmlab dot FILE [-T svg|png] [-o OUT]\n";

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
		const char *a = argv[i];
		if (strcmp(a, "-T") == 0 && i + 1 < argc) {
			format = argv[++i];
			if (strcmp(format, "svg") != 0 && strcmp(format, "png") != 0)
				return cli_usage("dot", synopsis, "-T takes svg or png, not '%s'", format);
		} else if (strcmp(a, "-o") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (a[0] == '-' || file) {
			return cli_usage("dot", synopsis, "unexpected '%s'", a);
		} else {
			file = a;
		}
	}
	if (!file)
		return cli_usage("dot", synopsis, "which trace?");
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
