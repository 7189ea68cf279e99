/*
 * run.c: check_run() puts the search's parts together, and check_replay()
 * proves what it found.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../cli/clock.h"
#include "../cli/page.h"
#include "../ghost/ghost.h"
#include "../luadata/trace_load.h"

/*
 * Defaults that reach every catalog bug from its scenario in scripts/check/
 * within seconds (docs/check.md lists what each one needs).
 */
void check_defaults(struct check_options *o)
{
	*o = (struct check_options){ .depth = 80, .hv_actions = 1,
	                             .preemptions = CHECK_UNBOUNDED };
}

int check_options_check(const struct check_options *o, char *err, size_t errlen)
{
	if (o->no_hashing && o->depth == CHECK_UNBOUNDED && o->hv_actions == CHECK_UNBOUNDED) {
		snprintf(err, errlen, "--no-hashing needs --depth or --hv-actions bounded: with "
		         "neither, one execution can go on forever (a hypervisor move and the one "
		         "that undoes it, again and again)");
		return -1;
	}
	for (unsigned i = 0; i < o->nextra && i < CHECK_MAX_EXTRA_PAGES; i++)
		if (page_option_check(o->extra_pages[i], err, errlen) != 0)
			return -1;
	return 0;
}

static void engine_free(struct engine *e)
{
	free(e->path);
	fingerprint_free(&e->fpr);
	visited_free(&e->seen);
	scenario_free(&e->sn);
	start_close(&e->st);
	free(e);
}

/*
 * One search. With races clear, a data race ends an execution as a
 * broken clause does; with it set, races are only counted (*held).
 */
static int search_once(const struct trace *scenario, const struct check_options *o,
                       struct check_result *r, bool races, unsigned long *held,
                       char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	struct engine *e = calloc(1, sizeof(*e));
	if (!e) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	e->o = o;
	e->r = r;
	int rc = -1;
	if (scenario_build(&e->sn, scenario, err, errlen) != 0 ||
	    start_open(&e->st, scenario, err, errlen) != 0)
		goto out;
	e->st.s->race.hold = !races;
	fingerprint_init(&e->fpr, e->st.s);
	if (scope_build(&e->scope, &e->st, &e->sn, o->extra_pages, o->nextra, err, errlen) != 0)
		goto out;
	r->scope_moves = e->scope.n;
	r->scope_pages = e->scope.npages;
	e->started = e->last_progress = cli_clock();
	rc = search_run(e, err, errlen);
	r->states = e->seen.n;
	r->seconds = cli_clock() - e->started;
	*held = e->st.s->race.held;
	progress_tick(e, true);
out:
	engine_free(e);
	return rc;
}

/*
 * Clauses first, races second (docs/races.md): the first search holds
 * races back, so that a catalog bug is reported by its own clause even
 * where a race comes first on the way to it. Only when that search is
 * complete, broke no clause and met a race (and the options allow it:
 * not clauses_only) is the scenario searched again with races reported;
 * its result is then the answer.
 */
int check_run(const struct trace *scenario, const struct check_options *o,
              struct check_result *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	if (check_options_check(o, err, errlen) != 0)
		return -1;
	unsigned long held = 0;
	if (search_once(scenario, o, r, false, &held, err, errlen) != 0)
		return -1;
	if (!race_search_again(!r->stopped, r->found, held) || o->clauses_only)
		return 0;
	check_result_free(r);
	if (search_once(scenario, o, r, true, &held, err, errlen) != 0)
		return -1;
	r->race_search = true;
	return 0;
}

void check_result_free(struct check_result *r)
{
	trace_free(&r->counterexample);
	free(r->path);
	r->path = NULL;
}

bool check_replay(const struct trace *t, FILE *report, struct replay_violations *fired,
                  char *why, size_t whylen)
{
	if (fired)
		fired->n = 0;
	struct world *w = malloc(sizeof(*w));
	if (!w) {
		snprintf(why, whylen, "out of memory");
		return false;
	}
	world_init(w, &t->cfg, t->vcpus);
	memcpy(w->t.expect, t->expect, sizeof(w->t.expect));   /* races or not: world_boot */
	const char *failed = NULL;
	bool ok = world_boot(w, &failed) == 0;
	if (!ok)
		snprintf(why, whylen, "the machine does not boot: %s", failed);
	for (size_t i = 0; i < t->n && ok; i++) {
		char reason[128];
		if (world_do(w, &t->steps[i], reason, sizeof(reason)) != 0) {
			snprintf(why, whylen, "step %zu cannot happen: %s", i + 1, reason);
			ok = false;
		}
	}
	/* As `svsmlab run` judges a trace: the expected clause fired, first or not. */
	const struct sim *s = &w->s;
	const char *first = s->rec.nviolations ? s->rec.violations[0].clause : NULL;
	bool expected = record_fired(&s->rec, t->expect) > 0;
	if (ok && t->expect[0] && !first) {
		snprintf(why, whylen, "no check fired; expected %s", t->expect);
		ok = false;
	} else if (ok && t->expect[0] && !expected) {
		snprintf(why, whylen, "%s fired, not %s", first, t->expect);
		ok = false;
	} else if (ok && !t->expect[0] && first) {
		snprintf(why, whylen, "%s fired; expected no violation", first);
		ok = false;
	}
	if (report && w->booted)
		report_all(report, &s->rec);
	if (fired) {
		fired->n = w->booted ? s->rec.nviolations : 0;
		if (fired->n > RECORD_MAX_VIOLATIONS)
			fired->n = RECORD_MAX_VIOLATIONS;
		for (unsigned i = 0; i < fired->n; i++)
			fired->v[i] = s->rec.violations[i];
	}
	world_free(w);
	free(w);
	return ok;
}

bool check_replay_file(const char *path, FILE *report, struct replay_violations *fired,
                       char *why, size_t whylen)
{
	struct trace back;
	if (fired)
		fired->n = 0;
	if (trace_load(path, &back, why, whylen) != 0)
		return false;
	bool ok = check_replay(&back, report, fired, why, whylen);
	trace_free(&back);
	return ok;
}
