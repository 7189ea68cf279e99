/*
 * demo.c: `svsmlab demo [--bug NAME[,NAME...]] [--handler NAME|all] [--out FILE.lua]`.
 *
 * The story of issue 4, in three acts:
 *   1. verify the correct module's PVALIDATE handler: every case verified;
 *   2. switch on no-zero-after-validate and verify again: Z3 finds a
 *      hypervisor under which the module grants the guest a page it did
 *      not zero, and the report names the RMPADJUST and the clause;
 *   3. replay that proven counterexample step by step (replay.c): the
 *      guest reads the module's key VMPCK0.
 * Acts 1 and 2 are `svsmlab verify` itself (verify_run()), so the audience
 * sees what the tool prints. --bug and --handler change the bug and the
 * handler of the story; the counterexample goes to --out, or to a new
 * directory under $TMPDIR.
 *
 * Exit status: 0 when the story held (the correct module verified, the bug
 * caught, its counterexample replayed onto the clause), 1 when it did not,
 * 2 on a usage error (or specs that do not load, or an --out that is not a
 * file), 3 when the counterexample could not be written (cli.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "demo.h"
#include "../catalog/catalog.h"
#include "../cli/commands.h"
#include "../cli/interrupt.h"
#include "../cli/output.h"
#include "../trace/trace.h"
#include "../verify/verify.h"

#define EXIT_STORY_BROKEN 1

struct demo_options {
	uint32_t bugs;            /* switched on in act 2 */
	const char *handler;      /* the handler verified, NULL for all */
	unsigned vcpus;           /* as the catalog says the bugs must be verified */
	const char *out;          /* the counterexample file, NULL for one in a new temp dir */
};

enum { BUG, HANDLER, OUT };

static const struct cli_option options[] = {
	[BUG] = { "--bug", "NAME[,NAME...]",
	          "the bugs of act 2 (default no-zero-after-validate)", CLI_LIST, cli_bug_value },
	[HANDLER] = { "--handler", "NAME|all",
	              "the handler verified (default: the one the bugs live in, as 'svsmlab bugs' "
	              "says; all when they live in several)", CLI_WORD, verify_handler_value },
	[OUT] = { "--out", "FILE.lua",
	          "where the counterexample goes (default: a new temporary directory)", CLI_FILE },
	{ NULL },
};

const struct cli_command demo_command = {
	.name = "demo",
	.operands = "",
	.summary = "verify a handler, catch a real bug with Z3, replay its counterexample",
	.options = options,
	.notes = "Exit status: 0 when the correct module verified and the bug was caught and\n"
	         "replayed onto its clause, 1 otherwise, 2 a usage error, 3 the counterexample\n"
	         "could not be written, 130 interrupted (Ctrl-C).",
	.run = demo_main,
};

static int parse(int argc, char **argv, struct demo_options *d)
{
	*d = (struct demo_options){ .bugs = SVSM_BUG_BIT(BUG_NO_ZERO_AFTER_VALIDATE) };
	bool handler_given = false;
	for (int i = 0; i < argc; i++) {
		const char *val;
		switch (cli_next(&demo_command, argc, argv, &i, &val)) {
		case CLI_ERROR:
			return EXIT_USAGE;
		case CLI_OPERAND:
			return cli_usage("demo", "takes no operand, not '%s'", val);
		case BUG:
			d->bugs = 0;
			if (cli_bugs("demo", val, &d->bugs) != 0)
				return EXIT_USAGE;
			/* Act 2 would verify the correct module again and find nothing to replay. */
			if (d->bugs == 0)
				return cli_usage("demo", "act 2 needs a bug to catch, not 'none' "
				                         "(svsmlab verify verifies the correct module)");
			break;
		case HANDLER:
			d->handler = strcmp(val, "all") == 0 ? NULL : val;
			handler_given = true;
			break;
		case OUT:
			d->out = val;
			break;
		}
	}
	/* Both acts run the same verification: the one that can show the bugs (catalog.h). */
	struct verify_options o;
	verify_defaults_for(&o, d->bugs);
	if (!handler_given)
		d->handler = o.handler;
	d->vcpus = o.vcpus;
	return 0;
}

/* path = a new directory under $TMPDIR (or /tmp) + "/counterexample.lua". 0, or -1 with errno. */
static int temp_counterexample(char *path, size_t len)
{
	const char *dir = getenv("TMPDIR");
	int n = snprintf(path, len, "%s/svsmlab-demo-XXXXXX", dir && *dir ? dir : "/tmp");
	if (n < 0 || (size_t)n + sizeof("/counterexample.lua") > len) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (!mkdtemp(path))
		return -1;
	strcat(path, "/counterexample.lua");
	return 0;
}

static void act(unsigned n, const char *title)
{
	printf("\n=== %u. %s ===\n", n, title);
}

/* One run of `svsmlab verify` on the story's handler. 0, or -1 when it could not run. */
static int verify_with(const struct demo_options *d, uint32_t bugs, const char *out,
                       struct verify_summary *sum)
{
	struct verify_options o;
	char err[512];
	verify_defaults(&o);
	o.bugs = bugs;
	o.handler = d->handler;
	o.vcpus = d->vcpus;
	o.out = out;
	/* Off a terminal the progress lines would land out of order with the buffered story. */
	o.progress = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO) ? stderr : NULL;
	fflush(stdout);   /* what is said before comes before verify's progress lines */
	if (verify_run(&o, stdout, false, sum, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab demo: %s\n", err);
		return -1;
	}
	return 0;
}

static void say_bugs(uint32_t bugs)
{
	unsigned n;
	const struct bug_info *b = catalog_all(&n);
	for (unsigned i = 0; i < n; i++)
		if (bugs & SVSM_BUG_BIT(b[i].id))
			printf("Bug %u, %s: %s.\n", b[i].number, b[i].name, b[i].title);
}

static void look_further(const char *path)
{
	printf("\n=== look further ===\n"
	       "The counterexample is %s (a .json beside it):\n"
	       "  svsmlab explore %s\n"
	       "  svsmlab dot %s -T svg -o attack.svg\n"
	       "  svsmlab run %s\n"
	       "explore steps through it, back and forth; dot draws it as a sequence diagram;\n"
	       "run replays it, and the check fires again.\n", path, path, path, path);
}

/* Act 1: the correct module. 0 when every case verified, else the exit status. */
static int verify_correct(const struct demo_options *d, const char *scope)
{
	struct verify_summary sum;
	bool pvalidate = d->handler && strcmp(d->handler, "pvalidate") == 0 && d->vcpus == 1;
	act(1, "the correct module");
	printf("Z3 checks %s against every move specs/adversary.smt2 allows the hypervisor,\n"
	       "one guest input (case) at a time%s.\n", scope,
	       pvalidate ? ": about 8 s on an idle machine" : "");
	if (verify_with(d, 0, NULL, &sum) != 0)
		return EXIT_USAGE;
	if (sum.errors || sum.unknown) {
		printf("\nThe correct module did not verify: the story stops here.\n");
		return EXIT_STORY_BROKEN;
	}
	return 0;
}

/* Act 2: the bugs switched on; the counterexample goes to path. 0 when one was found. */
static int catch_bug(const struct demo_options *d, const char *scope, const char *path)
{
	struct verify_summary sum;
	act(2, "the same, with a bug");
	say_bugs(d->bugs);
	printf("Z3 looks for a hypervisor that breaks a clause; what it finds is replayed on a "
	       "fresh machine.\n");
	remove(path);   /* act 3 must replay what this run of verify writes, not an old file */
	if (verify_with(d, d->bugs, path, &sum) != 0)
		return EXIT_USAGE;
	if (sum.unwritten) {
		fprintf(stderr, "svsmlab demo: the counterexample could not be written: an I/O error, "
		        "not a verdict\n");
		return EXIT_IO;
	}
	if (!sum.errors) {
		printf("\nVerify found no error with this bug in %s: nothing to replay.\n", scope);
		return EXIT_STORY_BROKEN;
	}
	return 0;
}

int demo_main(int argc, char **argv)
{
	struct demo_options d;
	char scope[64], temp[PATH_MAX];
	int rc = parse(argc, argv, &d);
	if (rc != 0)
		return rc;
	if (d.out && (rc = trace_outputs_usable("demo", d.out, true, false)) != 0)
		return rc;
	/* Where act 2 writes is known before act 1 runs: an I/O error ends the story unstarted. */
	if (!d.out && temp_counterexample(temp, sizeof(temp)) != 0) {
		fprintf(stderr, "svsmlab demo: cannot make a temporary directory: %s\n",
		        strerror(errno));
		return EXIT_IO;
	}
	const char *path = d.out ? d.out : temp;
	interrupt_catch("demo");
	if (d.handler)
		snprintf(scope, sizeof(scope), "the %s handler%s", d.handler,
		         d.vcpus > 1 ? " beside every call of a second vCPU" : "");
	else
		snprintf(scope, sizeof(scope), "every handler%s", d.vcpus > 1 ? ", in pairs of vCPUs" : "");
	if ((rc = verify_correct(&d, scope)) != 0)
		return rc;
	if ((rc = catch_bug(&d, scope, path)) != 0)
		return rc;
	act(3, "the proven counterexample, step by step");
	if (demo_replay(stdout, path) != 0) {
		printf("\nThe counterexample did not replay onto its clause: the story stops here.\n");
		return EXIT_STORY_BROKEN;
	}
	look_further(path);
	return 0;
}
