/*
 * shortest.c: the shortest counterexample, by searching again.
 *
 * The search is depth first: the execution it stops at is the first it
 * meets, not the shortest. A shorter one is often not a part of it but
 * another interleaving (the race of bug 4 is met after three module steps
 * more than it needs), so deleting steps from it (check_shrink) cannot
 * find it. Searching again with the depth bound one move below the
 * counterexample's can: the bounded search is complete up to its bound
 * (a state is pruned only when it was seen with as much budget left, and
 * an order the sleep sets skip is as long as the one they keep), so when
 * it finds nothing, no execution within the scenario's other bounds fails
 * in fewer moves. Iterative deepening from the top rather than
 * breadth-first search from the start: the machine cannot be copied at
 * a state with calls in flight (their coroutine stacks), so every state
 * of a frontier would be a replay from the start, while a bounded
 * depth-first search keeps only its path.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../cli/clock.h"

int check_shortest(const struct trace *scenario, const struct check_options *o,
                   struct check_result *r, struct check_deepening *d, char *err, size_t errlen)
{
	double t0 = cli_clock();
	memset(d, 0, sizeof(*d));
	if (!r->found || o->all)
		return 0;
	d->moves_before = (unsigned)(r->npath - 1);
	struct check_options tighter = *o;
	tighter.on_edge = NULL;     /* the graph is the first search's */
	tighter.progress = NULL;
	/* A shorter race is looked for only when the counterexample is one. */
	tighter.clauses_only = strcmp(r->clause, clause_row(CLAUSE_NO_DATA_RACE)->name) != 0;
	for (;;) {
		unsigned moves = (unsigned)(r->npath - 1);
		if (moves == 0) {
			d->shortest = true;
			break;
		}
		tighter.depth = moves - 1;
		struct check_result shorter;
		if (check_run(scenario, &tighter, &shorter, err, errlen) != 0)
			return -1;
		d->searches++;
		d->executions += shorter.executions;
		bool same = shorter.found && strcmp(shorter.clause, r->clause) == 0;
		if (same) {
			/* Its counterexample and path; the counts stay the first search's. */
			trace_free(&r->counterexample);
			free(r->path);
			r->counterexample = shorter.counterexample;
			r->path = shorter.path;
			r->npath = shorter.npath;
			shorter.path = NULL;
			shorter.counterexample = (struct trace){ 0 };
		} else {
			d->shortest = !shorter.found && !shorter.stopped;
			d->depth_without = tighter.depth;
		}
		check_result_free(&shorter);
		if (!same)
			break;
	}
	d->moves_after = (unsigned)(r->npath - 1);
	d->seconds = cli_clock() - t0;
	return 0;
}
