/*
 * cli.c: `svsmlab gdb FILE [--port N] [--bug NAMES]`.
 *
 * Loads a trace (a scenario, a saved run, a counterexample), boots its
 * machine in the explorer's model, and serves it to gdb on the loopback
 * interface until a client detaches or kills. The port is printed, so
 * that `--port 0` (any free port) can be used by scripts.
 *
 * Exit status: 0 after a detach or kill, 1 when the socket fails, 2 a
 * usage error or a file that is not a trace, 3 standard output could not
 * be written.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gdb.h"
#include "../cli/commands.h"
#include "../luadata/trace_load.h"

#define EXIT_FAILED 1

static int gdb_main(int argc, char **argv);

enum { PORT, BUG };

static const struct cli_option options[] = {
	[PORT] = { "--port", "N",
	           "listen on 127.0.0.1:N (default 1234; 0 picks a free port and prints it)" },
	[BUG] = { "--bug", "NAME[,NAME...]|none",
	          "run with these catalog bugs instead of the trace's", CLI_LIST, cli_bug_value },
	{ NULL },
};

const struct cli_command gdb_command = {
	.name = "gdb",
	.operands = "FILE",
	.operand = CLI_FILE,
	.summary = "serve a trace to gdb (target remote): stepi, watch, reverse-stepi",
	.options = options,
	.notes = "One stepi is one step of the trace; reverse execution replays it. Only the\n"
	         "loopback interface is served. Exit status: 0 after gdb detaches or kills,\n"
	         "1 the socket failed, 2 a usage error or a file that is not a trace, 3 the\n"
	         "port could not be printed.\n"
	         "See docs/gdb.md.",
	.run = gdb_main,
};

static int serve(struct gdb *g, const char *file, unsigned port)
{
	char err[256];
	int fd = gdb_listen(&port, err, sizeof(err));
	if (fd < 0) {
		fprintf(stderr, "svsmlab gdb: %s\n", err);
		return EXIT_FAILED;
	}
	printf("svsmlab gdb: %s: %zu steps, %u vCPU(s); listening on 127.0.0.1:%u\n"
	       "  in gdb: target remote 127.0.0.1:%u\n",
	       file, g->t.n, model_vcpus(&g->m), port, port);
	if (fflush(stdout) != 0) {
		close(fd);
		return EXIT_IO;   /* said by output_finish, at the command's end */
	}
	int rc = gdb_serve(g, fd, err, sizeof(err));
	close(fd);
	if (rc != 0) {
		fprintf(stderr, "svsmlab gdb: %s\n", err);
		return EXIT_FAILED;
	}
	return 0;
}

static int gdb_main(int argc, char **argv)
{
	const char *file = NULL;
	unsigned long long port = GDB_DEFAULT_PORT;
	bool bugs_given = false;
	uint32_t bugs = 0;
	for (int i = 0; i < argc; i++) {
		const char *val;
		switch (cli_next(&gdb_command, argc, argv, &i, &val)) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_OPERAND:
			if (file)
				return cli_usage("gdb", "one trace at a time, not also '%s'", val);
			file = val;
			break;
		case PORT:
			if (!cli_number(val, 65535, &port))
				return cli_usage("gdb", "--port takes a port number 0..65535, not '%s'", val);
			break;
		case BUG:
			bugs = 0;
			if (cli_bugs("gdb", val, &bugs) != 0)
				return EXIT_USAGE;
			bugs_given = true;
			break;
		}
	}
	if (!file)
		return cli_usage("gdb", "a trace FILE is needed");

	static struct gdb g;   /* large: keep it off the stack */
	char err[256];
	memset(&g, 0, sizeof(g));
	g.fd = -1;
	if (trace_load(file, &g.t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab gdb: %s\n", err);
		return EXIT_USAGE;
	}
	if (bugs_given)
		g.t.cfg.bugs = bugs;
	int rc;
	if (model_open(&g.m, &g.t, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab gdb: %s: %s\n", file, err);
		rc = EXIT_FAILED;
	} else {
		rc = serve(&g, file, (unsigned)port);
		model_close(&g.m);
	}
	trace_free(&g.t);
	return rc;
}
