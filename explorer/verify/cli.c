/*
 * cli.c: `svsmlab verify [options]`.
 *
 * Exit status: 0 every case verified, 1 an error or a case not decided,
 * 2 a usage error (or specs that do not load).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "verifier.h"
#include "../catalog/catalog.h"

#define EXIT_FOUND 1
#define EXIT_USAGE 2

static int usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "svsmlab verify: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nusage: svsmlab verify [--handler NAME|all] [--input TEXT] [--bug NAME[,NAME...]|none]\n"
	        "         [--vcpus 1|2] [--batch 1|2] [--page GPA] [--preemptions N]\n"
	        "         [--timeout MS] [--all] [--out FILE.lua] [--json] [--quiet]\n"
	        "handlers: remap_ca pvalidate create_vcpu delete_vcpu deposit_mem withdraw_mem\n"
	        "          query_protocol configure_vtom (docs/verify.md)\n");
	return EXIT_USAGE;
}

static bool number(const char *s, unsigned long long max, unsigned long long *v)
{
	char *end;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return !errno && *s && !*end && s[0] != '-' && *v <= max;
}

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
			return usage("unknown handler '%s'", val);
	} else if (strcmp(a, "--input") == 0) {
		o->input = val;
	} else if (strcmp(a, "--bug") == 0) {
		char bad[64];
		o->bugs = 0;
		if (strcmp(val, "none") != 0 && catalog_parse(val, &o->bugs, bad, sizeof(bad)) != 0) {
			fprintf(stderr, "svsmlab: unknown bug '%s' (see 'svsmlab bugs')\n", bad);
			return EXIT_USAGE;
		}
	} else if (strcmp(a, "--vcpus") == 0) {
		if (!number(val, 2, &n) || n < 1)
			return usage("--vcpus takes 1 or 2, not '%s'", val);
		o->vcpus = (unsigned)n;
	} else if (strcmp(a, "--batch") == 0) {
		if (!number(val, 2, &n) || n < 1)
			return usage("--batch takes 1 or 2, not '%s'", val);
		o->batch = (unsigned)n;
	} else if (strcmp(a, "--preemptions") == 0) {
		if (!number(val, UINT_MAX, &n))
			return usage("--preemptions takes a number, not '%s'", val);
		o->preemptions = (unsigned)n;
	} else if (strcmp(a, "--timeout") == 0) {
		if (!number(val, UINT_MAX, &n) || n == 0)
			return usage("--timeout takes milliseconds, not '%s'", val);
		o->timeout_ms = (unsigned)n;
	} else if (strcmp(a, "--page") == 0) {
		if (!number(val, UINT64_MAX, &n) || o->nextra == VERIFY_MAX_EXTRA_PAGES)
			return usage("--page takes a guest-physical address (at most 4), not '%s'", val);
		o->extra_pages[o->nextra++] = n;
	} else if (strcmp(a, "--out") == 0) {
		o->out = val;
	} else {
		return usage("unexpected '%s'", a);
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
			return usage("unexpected '%s' (or its value is missing)", a);
		int rc = parse_value(&c, a, argv[++i]);
		if (rc != 0)
			return rc;
	}
	if (!c.quiet)
		c.o.progress = stderr;
	struct verify_summary sum;
	char err[512];
	if (verify_run(&c.o, stdout, c.json, &sum, err, sizeof(err)) != 0) {
		fprintf(stderr, "svsmlab verify: %s\n", err);
		return EXIT_USAGE;
	}
	return sum.errors || sum.unknown ? EXIT_FOUND : 0;
}
