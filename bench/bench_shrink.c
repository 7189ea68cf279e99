/*
 * bench_shrink.c: how much shrinking takes off each catalog bug's
 * counterexample, and what it costs.
 *
 * For each bug of the catalog, `svsmlab verify --bug NAME` (the catalog's
 * handler and vCPUs, its witness case first) and `svsmlab check
 * scripts/check/NAME.lua` (default bounds): the counterexample's size in
 * steps and hypervisor moves as the engine found it and as shrunk by
 * replay, the replays and seconds shrinking took, and the seconds to the
 * counterexample itself for scale. verify shrinks inside the proof
 * (prove.c), so its figures come from verify_run()'s summary. check's
 * are check_shortest() (the search made again, one move tighter, until
 * none is shorter) and then check_shrink(), timed here together as the
 * command calls them; a second line says what searching again took.
 *
 * The bugs only a second vCPU shows take verify minutes on a loaded
 * machine; they are verified only with BENCH_SHRINK_RACES=1, and their
 * verify row says "skipped" otherwise. Counterexample files go to a
 * temporary directory removed at the end. Figures, not pass/fail:
 * `make bench`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "explorer/catalog/catalog.h"
#include "explorer/check/check.h"
#include "explorer/cli/clock.h"
#include "explorer/luadata/trace_load.h"
#include "explorer/verify/verify.h"

static char dir[] = "/tmp/bench_shrink.XXXXXX";
static char cex[sizeof(dir) + 32];

static bool races(void)
{
	const char *r = getenv("BENCH_SHRINK_RACES");
	return r && *r && strcmp(r, "0") != 0;
}

static void row(const char *engine, const char *bug, double found_s, unsigned steps[2],
                unsigned moves[2], unsigned replays, double shrink_s)
{
	printf("| %-6s | %-24s | %8.2f | %5u -> %-5u | %4u -> %-4u | %7u | %8.3f |\n", engine, bug,
	       found_s, steps[0], steps[1], moves[0], moves[1], replays, shrink_s);
}

static void skipped(const char *engine, const char *bug, const char *why)
{
	printf("| %-6s | %-24s | %-72s |\n", engine, bug, why);
}

static void verify_row(const struct bug_info *b)
{
	if (b->verify.vcpus > 1 && !races()) {
		skipped("verify", b->name, "skipped: two vCPUs, minutes (BENCH_SHRINK_RACES=1)");
		return;
	}
	struct verify_options o;
	verify_defaults_for(&o, SVSM_BUG_BIT(b->id));
	o.out = cex;
	struct verify_summary sum;
	char err[256];
	FILE *devnull = fopen("/dev/null", "w");
	int rc = devnull ? verify_run(&o, devnull, false, &sum, err, sizeof(err)) : -1;
	if (devnull)
		fclose(devnull);
	if (rc != 0 || !sum.errors || !sum.first.proven) {
		skipped("verify", b->name, rc != 0 ? err : "no proven counterexample");
		return;
	}
	row("verify", b->name, sum.first_error_seconds, sum.first.steps, sum.first.moves,
	    sum.first.shrink_replays, sum.first.shrink_seconds);
}

static void check_row(const struct bug_info *b)
{
	char path[512], err[256];
	snprintf(path, sizeof(path), "%s/scripts/check/%s.lua", SVSMLAB_SRCDIR, b->name);
	struct trace t;
	if (trace_load(path, &t, err, sizeof(err)) != 0) {
		skipped("check", b->name, err);
		return;
	}
	struct check_options o;
	check_defaults(&o);
	struct check_result r;
	if (check_run(&t, &o, &r, err, sizeof(err)) != 0 || !r.found) {
		skipped("check", b->name, r.found ? err : "no counterexample");
	} else {
		unsigned steps[2] = { (unsigned)r.counterexample.n, 0 };
		unsigned moves[2] = { trace_moves(&r.counterexample), 0 };
		struct check_deepening d;
		struct shrink_stats st;
		double t0 = cli_clock();
		if (check_shortest(&t, &o, &r, &d, err, sizeof(err)) != 0 ||
		    check_shrink(&r.counterexample, SHRINK_STEPS, &st, err, sizeof(err)) != 0) {
			skipped("check", b->name, err);
		} else {
			double s = cli_clock() - t0;
			steps[1] = (unsigned)st.steps_after;
			moves[1] = st.moves_after;
			row("check", b->name, r.seconds, steps, moves, st.replays, s);
			printf("|        |   searched again: %u time%s, %-7lu executions, %.3f s; %-16s |\n",
			       d.searches, d.searches == 1 ? " " : "s", d.executions, d.seconds,
			       d.shortest ? "none shorter" : "not complete");
		}
	}
	check_result_free(&r);
	trace_free(&t);
}

int main(void)
{
	if (!mkdtemp(dir)) {
		perror("bench_shrink: mkdtemp");
		return 1;
	}
	snprintf(cex, sizeof(cex), "%s/cex.lua", dir);
	printf("\nshrinking counterexamples by replay (steps and hypervisor moves, as found -> "
	       "as shrunk)\n\n");
	printf("| %-6s | %-24s | %8s | %-14s | %-12s | %7s | %8s |\n", "engine", "bug", "found s",
	       "steps", "moves", "replays", "shrink s");
	printf("|--------|--------------------------|----------|----------------|--------------|"
	       "---------|----------|\n");
	unsigned n;
	const struct bug_info *bugs = catalog_all(&n);
	for (unsigned i = 0; i < n; i++) {
		verify_row(&bugs[i]);
		check_row(&bugs[i]);
		fflush(stdout);
	}
	char json[sizeof(cex) + 8];
	snprintf(json, sizeof(json), "%s/cex.json", dir);
	unlink(cex);
	unlink(json);
	rmdir(dir);
	return 0;
}
