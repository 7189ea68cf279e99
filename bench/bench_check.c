/*
 * bench_check.c: how fast `svsmlab check` searches the catalog's scenarios,
 * and how much partial-order reduction and state hashing save.
 *
 * The first table searches every scenario of scripts/check/ with the
 * default bounds: with the bug, until the first violation (what a user
 * waits for); with the correct module, the whole bounded space (--all,
 * so a violation does not cut the measure short). The second searches two
 * scenarios whole with each reduction switched off in turn; a search that
 * reaches MAX_EXECUTIONS is cut there and shown as ">=". Figures, not
 * pass/fail: `make bench`.
 */
#include <stdio.h>

#include "explorer/catalog/catalog.h"
#include "explorer/check/check.h"
#include "explorer/luadata/trace_load.h"

#define MAX_EXECUTIONS 300000ul

static int load(const char *bug, bool with_bug, struct trace *t)
{
	char path[512], err[256];
	snprintf(path, sizeof(path), "%s/scripts/check/%s.lua", SVSMLAB_SRCDIR, bug);
	if (trace_load(path, t, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench: %s\n", err);
		return -1;
	}
	if (!with_bug)
		t->cfg.bugs = 0;
	return 0;
}

static int run(const char *bug, bool with_bug, const struct check_options *o,
               struct check_result *r)
{
	struct trace t;
	char err[256];
	if (load(bug, with_bug, &t) != 0)
		return -1;
	int rc = check_run(&t, o, r, err, sizeof(err));
	if (rc != 0)
		fprintf(stderr, "bench: %s: %s\n", bug, err);
	trace_free(&t);
	return rc;
}

static double rate(const struct check_result *r)
{
	return r->seconds > 0 ? (double)r->executions / r->seconds : 0.0;
}

static void catalog_table(void)
{
	struct check_options o;
	check_defaults(&o);
	printf("| %-44s | %-36s | %10s | %8s | %6s | %12s |\n",
	       "check, default bounds (depth 80, hv 1)", "module: result", "executions", "states",
	       "s", "executions/s");
	printf("|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------",
	       "--------------------------------------", "------------", "----------",
	       "--------", "--------------");
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	for (unsigned i = 0; i < n; i++)
		for (int with_bug = 1; with_bug >= 0; with_bug--) {
			struct check_result r;
			o.all = !with_bug;
			if (run(all[i].name, with_bug, &o, &r) != 0)
				continue;
			char result[64];
			if (with_bug || !r.found)
				snprintf(result, sizeof(result), "%s: %s", with_bug ? "buggy" : "correct",
				         r.found ? r.clause : "none");
			else
				snprintf(result, sizeof(result), "correct: %lu x %s", r.violations,
				         r.clause);
			printf("| %-44s | %-36s | %10lu | %8lu | %6.2f | %12.0f |\n", all[i].name,
			       result, r.executions, r.states, r.seconds, rate(&r));
			check_result_free(&r);
		}
}

static void savings_row(const char *label, const char *bug, const struct check_options *base,
                        bool por, bool hashing)
{
	struct check_options o = *base;
	o.no_por = !por;
	o.no_hashing = !hashing;
	o.max_executions = MAX_EXECUTIONS;
	o.all = true;
	struct check_result r;
	if (run(bug, false, &o, &r) != 0)
		return;
	char states[24] = "-";
	if (hashing)
		snprintf(states, sizeof(states), "%lu", r.states);
	printf("| %-44s | %-3s | %-7s | %s%10lu | %8s | %6.2f | %12.0f |\n", label, por ? "on" : "off",
	       hashing ? "on" : "off", r.stopped ? ">=" : "  ", r.executions, states, r.seconds,
	       rate(&r));
	check_result_free(&r);
}

static void savings_table(void)
{
	printf("\n| %-44s | %-3s | %-7s | %12s | %8s | %6s | %12s |\n",
	       "what the reductions save (correct module)", "POR", "hashing", "executions",
	       "states", "s", "executions/s");
	printf("|%s|%s|%s|%s|%s|%s|%s|\n", "----------------------------------------------",
	       "-----", "---------", "--------------", "----------", "--------", "--------------");
	static const struct {
		const char *bug;
		unsigned hv, preemptions;
	} cases[] = {
		{ "pvalidate-cf-lost", 2, CHECK_UNBOUNDED },
		{ "create-vcpu-no-lock", 1, 2 },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct check_options o;
		check_defaults(&o);
		o.hv_actions = cases[i].hv;
		o.preemptions = cases[i].preemptions;
		char name[64];
		snprintf(name, sizeof(name), "%s, hv %u, preemptions %s", cases[i].bug, cases[i].hv,
		         cases[i].preemptions == CHECK_UNBOUNDED ? "any" : "2");
		for (int k = 3; k >= 0; k--)
			savings_row(k == 3 ? name : "", cases[i].bug, &o, k & 1, k & 2);
	}
}

int main(void)
{
	catalog_table();
	savings_table();
	return 0;
}
