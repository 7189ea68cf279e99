/*
 * check_fixture.h: the catalog's scenarios for `svsmlab check`, loaded from
 * scripts/check/, and the bounds the tests search them with.
 */
#ifndef TEST_CHECK_FIXTURE_H
#define TEST_CHECK_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../explorer/check/check.h"
#include "../../explorer/luadata/trace_load.h"
#include "../../explorer/trace/world.h"

/*
 * Small enough that the whole catalog is searched in seconds (under the
 * sanitizers too), large enough to reach every bug: one hypervisor move
 * (bug 1's and bug 4's binds, bug 5's reset) and two preemptions (bug 4).
 */
static inline struct check_options test_bounds(void)
{
	struct check_options o;
	check_defaults(&o);
	o.depth = 80;
	o.hv_actions = 1;
	o.preemptions = 2;
	return o;
}

/* scripts/check/NAME.lua, with the scenario's bugs or, if !with_bug, none. */
static inline void load_scenario(const char *name, bool with_bug, struct trace *t)
{
	char path[512], err[256];
	snprintf(path, sizeof(path), "%s/scripts/check/%s.lua", SVSMLAB_SRCDIR, name);
	if (trace_load(path, t, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	if (!with_bug)
		t->cfg.bugs = 0;
}

/* Search a scenario with the tests' bounds (or o); fails the test on an error. */
static inline void search(const struct trace *t, const struct check_options *o,
                          struct check_result *r)
{
	char err[256];
	if (check_run(t, o, r, err, sizeof(err)) != 0)
		fail_msg("check_run: %s", err);
}

/*
 * A known false positive of explorer/ghost/preconditions.c (check_grant):
 * page-public-to-vmpl fires on an RMPADJUST the hardware then refuses (the
 * hypervisor re-bound the page after the module zeroed it, so it is not
 * validated and nothing is granted). True when the trace's first violation
 * is that one. The tests skip instead of failing on it until the check
 * judges only grants that take effect.
 */
static inline bool refused_grant_reported(const struct trace *t)
{
	struct world *w = malloc(sizeof(*w));
	assert_non_null(w);
	world_init(w, &t->cfg, t->vcpus);
	const char *why = NULL;
	assert_int_equal(world_boot(w, &why), 0);
	char reason[128];
	for (size_t i = 0; i < t->n; i++)
		if (world_do(w, &t->steps[i], reason, sizeof(reason)) != 0)
			break;
	bool refused = false;
	if (w->s.rec.nviolations > 0 && strcmp(w->s.rec.violations[0].clause, "page-public-to-vmpl") == 0) {
		const struct sim_event *ev = record_event_at(&w->s.rec, w->s.rec.violations[0].step);
		refused = ev && ev->op == OP_RMPADJUST && !hw_succeeded(ev->out);
	}
	world_free(w);
	free(w);
	return refused;
}

#define SKIP_IF_REFUSED_GRANT(r)                                                         \
	do {                                                                             \
		if ((r)->found && refused_grant_reported(&(r)->counterexample)) {        \
			print_message("skipped: page-public-to-vmpl fired on an RMPADJUST " \
			              "the hardware refused (preconditions.c check_grant)\n"); \
			check_result_free(r);                                            \
			skip();                                                          \
		}                                                                        \
	} while (0)

#endif
