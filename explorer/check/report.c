/*
 * report.c: what the search tells while it runs, and the trace it leaves.
 */
#include <unistd.h>

#include "engine.h"
#include "../cli/clock.h"

/*
 * On a terminal one line, rewritten in place a few times a second; in a
 * log (CI, a pipe) a new line every few seconds, so the log stays short.
 */
void progress_tick(struct engine *e, bool final)
{
	FILE *out = e->o->progress;
	if (!out)
		return;
	bool tty = isatty(fileno(out));
	double t = cli_clock();
	if (!final && t - e->last_progress < (tty ? 0.2 : 5.0))
		return;
	e->last_progress = t;
	double elapsed = t - e->started;
	const struct check_result *r = e->r;
	fprintf(out, "%scheck: %lu executions, %zu states, %.0f executions/s, %.1f s%s",
	        tty ? "\r" : "", r->executions, e->seen.n,
	        elapsed > 0 ? (double)r->executions / elapsed : 0.0, elapsed,
	        tty && !final ? "   " : "\n");
	fflush(out);
}

int counterexample_build(struct engine *e, struct trace *t, const char *clause)
{
	*t = (struct trace){ .cfg = e->sn.t->cfg, .vcpus = e->sn.vcpus };
	for (unsigned i = 0; i < e->top; i++) {
		struct trace_step st[2];
		unsigned n = move_steps(e, &e->path[i].ctx, e->path[i].chosen, st);
		for (unsigned k = 0; k < n; k++)
			if (trace_push(t, &st[k]) != 0)
				return -1;
	}
	snprintf(t->expect, sizeof(t->expect), "%s", clause);
	return 0;
}
