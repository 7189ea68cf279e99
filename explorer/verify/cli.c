/*
 * cli.c: `svsmlab verify [options]`.
 *
 * Exit status: 0 every case verified, 1 an error or a case not decided,
 * 2 a usage error (or specs that do not load, or an --out that is not a
 * file), 3 a counterexample or the report could not be written.
 */
#include <limits.h>
#include <string.h>

#include "verifier.h"
#include "../cli/cli.h"
#include "../cli/interrupt.h"
#include "../cli/output.h"

static const char synopsis[] =
	"usage: svsmlab verify [--handler NAME|all] [--input TEXT] [--bug NAME[,NAME...]|none]\n"
	"         [--vcpus 1|2] [--batch 1|2] [--page GPA] [--preemptions N]\n"
	"         [--changed-outcomes N|unbounded]\n"
	"         [--timeout MS] [--all] [--out FILE.lua] [--json] [--quiet]\n"
	"handlers: remap_ca pvalidate create_vcpu delete_vcpu deposit_mem withdraw_mem\n"
	"          query_protocol configure_vtom (docs/verify.md)\n";

struct cli {
	struct verify_options o;
	bool json, quiet;
};

static int parse_value(struct cli *c, const char *a, const char *val)
{
	struct verify_options *o = &c->o;
	unsigned long long n;
	if (strcmp(a, "--handler") == 0) {
		o->handler = strcmp(val, "all") == 0 ? NULL : val;
		if (o->handler && !inputs_handler_known(val))
			return cli_usage("verify", synopsis, "unknown handler '%s'", val);
	} else if (strcmp(a, "--input") == 0) {
		o->input = val;
	} else if (strcmp(a, "--bug") == 0) {
		o->bugs = 0;
		if (strcmp(val, "none") != 0 && cli_bugs(val, &o->bugs) != 0)
			return EXIT_USAGE;
	} else if (strcmp(a, "--vcpus") == 0) {
		if (!cli_number(val, 2, &n) || n < 1)
			return cli_usage("verify", synopsis, "--vcpus takes 1 or 2, not '%s'", val);
		o->vcpus = (unsigned)n;
	} else if (strcmp(a, "--batch") == 0) {
		if (!cli_number(val, 2, &n) || n < 1)
			return cli_usage("verify", synopsis, "--batch takes 1 or 2, not '%s'", val);
		o->batch = (unsigned)n;
	} else if (strcmp(a, "--preemptions") == 0) {
		if (!cli_number(val, UINT_MAX, &n))
			return cli_usage("verify", synopsis, "--preemptions takes a number, not '%s'", val);
		o->preemptions = (unsigned)n;
	} else if (strcmp(a, "--changed-outcomes") == 0) {
		if (strcmp(val, "unbounded") == 0)
			n = VERIFY_UNBOUNDED;
		else if (!cli_number(val, UINT_MAX - 2, &n))
			return cli_usage("verify", synopsis, "--changed-outcomes takes a number or "
			                 "\"unbounded\", not '%s'", val);
		o->changed_outcomes = (unsigned)n;
	} else if (strcmp(a, "--timeout") == 0) {
		if (!cli_number(val, UINT_MAX, &n) || n == 0)
			return cli_usage("verify", synopsis, "--timeout takes milliseconds, not '%s'", val);
		o->timeout_ms = (unsigned)n;
	} else if (strcmp(a, "--page") == 0) {
		if (!cli_number(val, UINT64_MAX, &n) || o->nextra == VERIFY_MAX_EXTRA_PAGES)
			return cli_usage("verify", synopsis,
			                 "--page takes a guest-physical address (at most 4), not '%s'", val);
		o->extra_pages[o->nextra++] = n;
	} else if (strcmp(a, "--out") == 0) {
		o->out = val;
	} else {
		return cli_usage("verify", synopsis, "unexpected '%s'", a);
	}
	return 0;
}

int verify_main(int argc, char **argv)
{
	struct cli c = { .json = false };
	verify_defaults(&c.o);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0) {
			c.json = true;
			continue;
		}
		if (strcmp(a, "--all") == 0) {
			c.o.all = true;
			continue;
		}
		if (strcmp(a, "--quiet") == 0) {
			c.quiet = true;
			continue;
		}
		if (a[0] != '-' || i + 1 == argc)
			return cli_usage("verify", synopsis, "unexpected '%s' (or its value is missing)", a);
		int rc = parse_value(&c, a, argv[++i]);
		if (rc != 0)
			return rc;
	}
	int rc = c.o.out ? output_trace_usable("verify", c.o.out, true)
	                 : output_default_usable("verify", "counterexample.lua", true);
	if (rc != 0)
		return rc;
	interrupt_catch("verify");
	if (!c.quiet)
		c.o.progress = stderr;
	struct verify_summary sum;
	char err[512];
	if (verify_run(&c.o, stdout, c.json, &sum, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab verify: %s\n", err);
		return EXIT_USAGE;
	}
	if (sum.unwritten) {
		fprintf(stderr, "svsmlab verify: %u counterexample%s could not be written: an I/O "
		        "error, not a verdict\n", sum.unwritten, sum.unwritten == 1 ? "" : "s");
		return EXIT_IO;
	}
	return sum.errors || sum.unknown ? EXIT_FOUND : 0;
}
