/*
 * shrink.h: a failing trace cut down to what its failure needs.
 *
 * An engine finds a counterexample with whatever came along: a hypervisor
 * move a model made because nothing forbade it, an ASID Z3 picked at
 * random, the steps of a search that wandered before it found the bug.
 * trace_shrink() keeps only what the failure needs. It deletes steps by
 * delta debugging (Zeller's ddmin, on the complements only) until no
 * single deletable step can go, then makes the values of each hypervisor
 * move readable (zero, the guest's own ASID, an address with fewer
 * significant hex digits), and starts over while either changed
 * something. Every candidate is judged by the caller's predicate, which
 * replays it on the real code: a step or a value changes only when the
 * trace still fails.
 *
 * Deterministic (the same trace and predicate give the same result) and
 * bounded: at most max_replays calls of the predicate; a shrink stopped
 * at the bound says so (the trace still fails, but a step or value in it
 * may not be needed).
 */
#ifndef TRACE_SHRINK_H
#define TRACE_SHRINK_H

#include "trace.h"

/* Does t still fail the way the original did? (The caller replays it.) */
typedef bool (*shrink_fails_fn)(void *arg, const struct trace *t);

enum shrink_what {
	SHRINK_MOVES,    /* only the hypervisor's moves may be deleted */
	SHRINK_STEPS,    /* any step may (the result is the shortest the deletions reach) */
};

struct shrink_options {
	enum shrink_what what;
	uint32_t asid;               /* the guest's ASID: the readable value of an ASID field */
	unsigned max_replays;        /* calls of the predicate, at most */
};

#define SHRINK_MAX_REPLAYS 2000

struct shrink_stats {
	size_t steps_before, steps_after;
	unsigned moves_before, moves_after;   /* hypervisor moves */
	unsigned values;             /* fields of moves made more readable */
	unsigned replays;            /* calls of the predicate */
	bool capped;                 /* stopped at max_replays: maybe not minimal */
	double seconds;
};

/* The hypervisor's moves among t's steps. */
unsigned trace_moves(const struct trace *t);

/*
 * Shrink t in place, judging each candidate with fails(arg, candidate).
 * t itself must fail (the caller knows it does). 0, or -1 when out of
 * memory (t is then unchanged). st says what was done.
 */
int trace_shrink(struct trace *t, const struct shrink_options *o, shrink_fails_fn fails,
                 void *arg, struct shrink_stats *st);

/*
 * What was done, on one line after prefix, e.g. "shrunk by replay: 46 -> 44
 * steps, 4 -> 2 hypervisor moves, 0 values made readable (14 replays)", or
 * "nothing to take out (26 steps, 0 hypervisor moves)" when no candidate was
 * replayed.
 * No seconds: two runs' reports read the same (the bench times it).
 */
void shrink_print(FILE *out, const char *prefix, const struct shrink_stats *st);

#endif
