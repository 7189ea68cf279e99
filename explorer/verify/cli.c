/*
 * cli.c: `svsmlab verify [options]`.
 *
 * Exit status: 0 every case verified, 1 an error or a case not decided,
 * or the run interrupted (Ctrl-C: the cases finished are reported, the
 * others have no verdict), 2 a usage error (or specs that do not load, or
 * an --out that is not a file), 3 a counterexample or the report could
 * not be written.
 */
#include <limits.h>
#include <string.h>

#include "verifier.h"
#include "../cli/commands.h"
#include "../cli/interrupt.h"
#include "../cli/output.h"

struct cli {
	struct verify_options o;
	bool json, quiet, list;
};

enum { HANDLER, INPUT, INPUTS, BUG, VCPUS, BATCH, PAGE, PREEMPTIONS, CHANGED_OUTCOMES, TIMEOUT, ALL,
       JOBS, JOBS_SHORT, OUT, LIST, JSON, QUIET };

const char *verify_handler_value(unsigned i)
{
	if (i < SVSM_CORE_NCALLS)
		return inputs_handler_name(i);
	return i == SVSM_CORE_NCALLS ? "all" : NULL;
}

static const char *one_or_two(unsigned i)
{
	static const char *const words[] = { "1", "2", NULL };
	return i < 2 ? words[i] : NULL;
}

static const char *inputs_value(unsigned i)
{
	static const char *const words[] = { "classes", "symbolic", NULL };
	return i < 2 ? words[i] : NULL;
}

static const struct cli_option options[] = {
	[HANDLER] = { "--handler", "NAME|all",
	              "verify one handler's cases (default all)", CLI_WORD, verify_handler_value },
	[INPUT] = { "--input", "TEXT", "only the cases whose title contains TEXT" },
	[INPUTS] = { "--inputs", "classes|symbolic",
	             "the guest inputs: the hand-picked classes (default), or the input regions "
	             "Z3 finds (every handler, a page list with at most --batch entries pending; one vCPU; "
	             "docs/verify.md)",
	             CLI_WORD, inputs_value },
	[BUG] = { "--bug", "NAME[,NAME...]|none",
	          "the catalog bugs to switch on (default none)", CLI_LIST, cli_bug_value },
	[VCPUS] = { "--vcpus", "1|2",
	            "one call at a time, or pairs of calls on two vCPUs (default 1)",
	            CLI_WORD, one_or_two },
	[BATCH] = { "--batch", "1|2",
	            "entries per request, at most; with --inputs symbolic, a page list's pending "
	            "entries (default 2)", CLI_WORD, one_or_two },
	[PAGE] = { "--page", "GPA", "add a guest page to the hypervisor's scope (up to 4 times)" },
	[PREEMPTIONS] = { "--preemptions", "N",
	                  "two vCPUs: switches between them, at most (default 2)" },
	[CHANGED_OUTCOMES] = { "--changed-outcomes", "N|unbounded",
	                       "HAL outcomes the hypervisor changes per run (default 1 with two "
	                       "vCPUs, else unbounded)" },
	[TIMEOUT] = { "--timeout", "MS", "Z3's time-out per query (default 10000)" },
	[ALL] = { "--all", NULL, "go on after an error, to every case" },
	[JOBS] = { "--jobs", "N",
	           "each case in a worker process, N at a time, 1 to 64: the report is the "
	           "same for every N and for a case alone (default: all in this process)" },
	[JOBS_SHORT] = { "-j", "N", "the same as --jobs N" },
	[OUT] = { "--out", "FILE.lua",
	          "where the counterexample goes (default counterexample.lua, and .json beside)",
	          CLI_FILE },
	[LIST] = { "--list", NULL,
	           "list the cases (and, with --inputs symbolic, the regions found) without "
	           "verifying them" },
	[JSON] = { "--json", NULL, "print the results as JSON" },
	[QUIET] = { "--quiet", NULL, "no progress lines" },
	{ NULL },
};

const struct cli_command verify_command = {
	.name = "verify",
	.operands = "",
	.summary = "prove the handlers with Z3 for every hypervisor (docs/verify.md)",
	.options = options,
	.notes = "Exit status: 0 every case verified, 1 an error or a case not decided, or\n"
	         "interrupted (Ctrl-C stops the run cleanly: the cases finished keep their\n"
	         "verdicts, the others have none), 2 a usage error (or specs that do not\n"
	         "load), 3 an output could not be written.",
	.run = verify_main,
};

static int parse_option(struct cli *c, int argc, char **argv, int *i)
{
	struct verify_options *o = &c->o;
	const char *val;
	unsigned long long n;
	int k = cli_next(&verify_command, argc, argv, i, &val);
	switch (k) {
	case CLI_ERROR:
		return EXIT_USAGE;
	case CLI_OPERAND:
		return cli_usage("verify", "takes no operand, not '%s'", val);
	case HANDLER:
		o->handler = strcmp(val, "all") == 0 ? NULL : val;
		return 0;
	case INPUT:
		o->input = val;
		return 0;
	case INPUTS:
		o->symbolic_inputs = strcmp(val, "symbolic") == 0;
		return 0;
	case BUG:
		o->bugs = 0;
		return cli_bugs("verify", val, &o->bugs);
	case VCPUS:   /* cli_next() has taken only "1" or "2" */
		o->vcpus = (unsigned)(val[0] - '0');
		return 0;
	case BATCH:
		o->batch = (unsigned)(val[0] - '0');
		return 0;
	case PAGE:
		if (!cli_number(val, UINT64_MAX, &n) || o->nextra == VERIFY_MAX_EXTRA_PAGES)
			return cli_usage("verify",
			                 "--page takes a guest-physical address (at most 4), not '%s'", val);
		o->extra_pages[o->nextra++] = n;
		return 0;
	case PREEMPTIONS:
		if (!cli_number(val, UINT_MAX, &n))
			return cli_usage("verify", "--preemptions takes a number, not '%s'", val);
		o->preemptions = (unsigned)n;
		return 0;
	case CHANGED_OUTCOMES:
		if (strcmp(val, "unbounded") == 0)
			n = VERIFY_UNBOUNDED;
		else if (!cli_number(val, UINT_MAX - 2, &n))
			return cli_usage("verify", "--changed-outcomes takes a number or \"unbounded\", "
			                 "not '%s'", val);
		o->changed_outcomes = (unsigned)n;
		return 0;
	case TIMEOUT:
		if (!cli_number(val, UINT_MAX, &n) || n == 0)
			return cli_usage("verify", "--timeout takes milliseconds, not '%s'", val);
		o->timeout_ms = (unsigned)n;
		return 0;
	case ALL:
		o->all = true;
		return 0;
	case JOBS:
	case JOBS_SHORT:
		if (!cli_number(val, VERIFY_MAX_JOBS, &n) || n == 0)
			return cli_usage("verify", "%s takes a number of worker processes from 1 to %d, "
			                 "not '%s'", options[k].name, VERIFY_MAX_JOBS, val);
		o->jobs = (unsigned)n;
		return 0;
	case OUT:
		o->out = val;
		return 0;
	case LIST:
		c->list = true;
		return 0;
	case JSON:
		c->json = true;
		return 0;
	case QUIET:
		c->quiet = true;
		return 0;
	}
	return 0;
}

static bool interrupted(void *arg, const struct verify_progress *p)
{
	(void)arg;
	(void)p;
	return interrupt_requested();
}

int verify_main(int argc, char **argv)
{
	struct cli c = { .json = false };
	verify_defaults(&c.o);
	for (int i = 0; i < argc; i++) {
		int rc = parse_option(&c, argc, argv, &i);
		if (rc != 0)
			return rc;
	}
	char err[512];
	if (c.list && c.json)
		return cli_usage("verify", "--list prints text: --json is for a run's results");
	if (c.list) {
		if (verify_list(&c.o, stdout, err, sizeof(err)) != 0) {
			fprintf(stderr, "svsmlab verify: %s\n", err);
			return EXIT_USAGE;
		}
		return 0;
	}
	int rc = c.o.out ? trace_outputs_usable("verify", c.o.out, true, false)
	                 : trace_outputs_usable("verify", "counterexample.lua", true, true);
	if (rc != 0)
		return rc;
	interrupt_flag("verify");
	c.o.cancelled = interrupted;
	if (!c.quiet)
		c.o.progress = stderr;
	struct verify_summary sum;
	if (verify_run(&c.o, stdout, c.json, &sum, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab verify: %s\n", err);
		return EXIT_USAGE;
	}
	if (sum.unwritten) {
		fprintf(stderr, "svsmlab verify: %u counterexample%s could not be written: an I/O "
		        "error, not a verdict\n", sum.unwritten, sum.unwritten == 1 ? "" : "s");
		return EXIT_IO;
	}
	if (sum.interrupted)
		fprintf(stderr, "svsmlab verify: interrupted after %u of %u cases: the others have no "
		        "verdict\n", sum.cases, sum.total);
	return sum.errors || sum.unknown || sum.interrupted ? EXIT_FOUND : 0;
}
