/*
 * search.c: stateless depth-first search over executions.
 *
 * An execution starts from the booted machine and goes forward, taking at
 * each state the first move not yet explored there, until nothing can
 * move, a bound is reached, a check fails, or the state was explored
 * before. Then the search backs up to the deepest state with a move left,
 * goes back to the start (start_rewind) and carries the path's moves out
 * again to get there: the module's coroutines cannot be copied, so a
 * state in the middle of a call can only be reached again by replaying.
 *
 * Two reductions keep the number of executions small (their rules are
 * explorer/interleave/'s, shared with svsmlab verify):
 *   - sleep sets: after exploring move a from a state, a sibling move b
 *     that commutes with a does not need a explored again right after it;
 *     a sleeps until a dependent move wakes it;
 *   - state caching: a state met before with at least this budget and no
 *     more moves asleep is not explored again.
 * Bounds: steps per execution, hypervisor moves, preemptions.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static unsigned left(unsigned bound, unsigned used)
{
	return bound == CHECK_UNBOUNDED ? CHECK_UNBOUNDED : bound - used;
}

static struct budget budget_at(const struct engine *e, const struct node *n)
{
	return (struct budget){ .depth = left(e->o->depth, e->top),
	                        .hv = left(e->o->hv_actions, n->ctx.hv_used),
	                        .preemptions = left(e->o->preemptions, n->ctx.preemptions) };
}

static bool wants_keys(const struct engine *e)
{
	return !e->o->no_hashing || e->o->on_edge;
}

/*
 * Arrive at path[top]: find its moves, and decide whether to explore them.
 * Returns true when the state is the end of this execution.
 */
static bool arrive(struct engine *e)
{
	struct node *n = &e->path[e->top];
	moveset allowed;
	moves_enabled(e, &n->ctx, &n->enabled, &allowed);
	n->todo = 0;
	n->chosen = -1;
	n->key = wants_keys(e) ? state_key(e, &n->ctx, n->svsm) : 0;
	n->fpm = fingerprint_now(&e->fpr);
	if (allowed == 0)
		return true;
	if (e->o->depth != CHECK_UNBOUNDED && e->top >= e->o->depth) {
		e->r->cut_depth++;
		return true;
	}
	if (!e->o->no_hashing &&
	    visited_check(&e->seen, n->key, budget_at(e, n), &n->sleep.asleep) == VISIT_PRUNE) {
		e->r->pruned_seen++;
		return true;
	}
	n->todo = allowed & ~n->sleep.asleep;
	if (n->todo == 0) {
		e->r->pruned_sleep++;
		return true;
	}
	return false;
}

/*
 * The order moves are tried in: the last vCPU to move goes on if it can
 * (no preemption), then the vCPUs in order, then the hypervisor.
 */
static int pick(const struct node *n)
{
	if (n->ctx.last >= 0) {
		unsigned v = (unsigned)n->ctx.last;
		if (n->todo & MOVE_BIT(MOVE_MODULE(v)))
			return MOVE_MODULE((int)v);
		if (n->todo & MOVE_BIT(MOVE_GUEST(v)))
			return MOVE_GUEST((int)v);
	}
	for (int id = 0; id < MOVE_MAX; id++)
		if (n->todo & MOVE_BIT(id))
			return id;
	return -1;
}

static int grow_path(struct engine *e, unsigned *cap)
{
	if (e->top + 1 < *cap)
		return 0;
	unsigned n = *cap ? 2 * *cap : 64;
	struct node *p = realloc(e->path, n * sizeof(*p));
	if (!p)
		return -1;
	e->path = p;
	*cap = n;
	return 0;
}

static void note_clause(struct check_result *r, const char *clause)
{
	for (unsigned i = 0; i < r->nclauses; i++)
		if (strcmp(r->clauses[i].clause, clause) == 0) {
			r->clauses[i].executions++;
			return;
		}
	if (r->nclauses < CHECK_MAX_CLAUSES)
		r->clauses[r->nclauses++] = (struct check_clause_count){ clause, 1 };
}

static int keep_violation(struct engine *e)
{
	struct check_result *r = e->r;
	const char *clause = e->st.s->rec.violations[0].clause;
	r->violations++;
	note_clause(r, clause);
	if (r->found)
		return 0;
	r->found = true;
	snprintf(r->clause, sizeof(r->clause), "%s", clause);
	r->path = malloc((e->top + 1) * sizeof(*r->path));
	if (!r->path)
		return -1;
	for (unsigned i = 0; i <= e->top; i++)
		r->path[i] = e->path[i].key;
	r->npath = e->top + 1;
	return counterexample_build(e, &r->counterexample, clause);
}

/*
 * Take move id from path[top] and arrive at the next state. Returns 1 when
 * the execution ends there, 0 when it goes on, -1 on an error (in why).
 */
static int take(struct engine *e, unsigned *cap, int id, char *why, size_t whylen)
{
	if (grow_path(e, cap) != 0) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	struct node *n = &e->path[e->top];
	struct node *child = &e->path[e->top + 1];
	struct sim *s = e->st.s;
	char label[96] = "";
	if (e->o->on_edge)
		move_label(e, &n->ctx, id, label, sizeof(label));
	struct trace_step st[2];
	unsigned nsteps = move_steps(e, &n->ctx, id, st);
	struct footprint fp;
	footprint_before(&fp, s, e->st.sc, id, st, nsteps);

	child->ctx = n->ctx;
	if (move_preempts(n->ctx.last, n->enabled, id))
		child->ctx.preemptions++;
	if (move_apply(e, &child->ctx, id, why, whylen) != 0)
		return -1;
	child->svsm = state_svsm_hash(s);
	footprint_after(&fp, s, e->st.sc, id, child->svsm != n->svsm);
	e->r->moves++;

	n->todo &= ~MOVE_BIT(id);
	n->chosen = id;
	if (e->o->no_por)
		sleep_clear(&child->sleep);
	else
		sleep_after(&n->sleep, id, &fp, &child->sleep);
	sleep_explored(&n->sleep, id, &fp);
	e->top++;

	bool violated = s->rec.nviolations > 0;
	bool end;
	if (violated) {
		child->todo = 0;
		child->chosen = -1;
		child->key = wants_keys(e) ? state_key(e, &child->ctx, child->svsm) : 0;
		end = true;
	} else {
		end = arrive(e);
	}
	if (e->o->on_edge)
		e->o->on_edge(e->o->edge_arg, n->key, child->key, label, violated);
	if (violated && keep_violation(e) != 0) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return end;
}

/*
 * Back to path[top] by carrying the path's moves out again from the start.
 * Every state on the way was judged when the path was first taken, so the
 * invariants are judged once, at the end (sim_defer_invariants). The
 * machine is then as it was when path[top]'s key was taken, and so is the
 * fingerprint taken back to it.
 */
static int replay_to_top(struct engine *e, char *why, size_t whylen)
{
	struct sim *s = e->st.s;
	start_rewind(&e->st);
	sim_defer_invariants(s, true);
	for (unsigned i = 0; i < e->top; i++) {
		struct pathctx ctx = e->path[i].ctx;
		if (move_apply(e, &ctx, e->path[i].chosen, why, whylen) != 0) {
			sim_defer_invariants(s, false);
			return -1;
		}
	}
	sim_defer_invariants(s, false);
	if (s->rec.nviolations > 0) {
		snprintf(why, whylen, "replaying a path reported %s, which it did not the first "
		         "time: the module did not do the same again", s->rec.violations[0].clause);
		return -1;
	}
	if (wants_keys(e))
		fingerprint_back(&e->fpr, s, e->path[e->top].fpm);
	return 0;
}

static bool should_stop(struct engine *e)
{
	struct check_result *r = e->r;
	if (r->found && !e->o->all)
		return true;
	if (e->o->max_executions && r->executions >= e->o->max_executions) {
		r->stopped = true;
		return true;
	}
	return false;
}

int search_run(struct engine *e, char *why, size_t whylen)
{
	unsigned cap = 0;
	e->top = 0;
	if (grow_path(e, &cap) != 0) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	start_rewind(&e->st);
	memset(&e->path[0], 0, sizeof(e->path[0]));
	e->path[0].ctx.last = -1;
	e->path[0].svsm = state_svsm_hash(e->st.s);
	bool end = arrive(e);
	for (;;) {
		while (!end) {
			struct node *n = &e->path[e->top];
			int rc = take(e, &cap, pick(n), why, whylen);
			if (rc < 0)
				return -1;
			end = rc == 1;
		}
		e->r->executions++;
		progress_tick(e, false);
		if (should_stop(e))
			return 0;
		while (e->top > 0 && e->path[e->top].todo == 0)
			e->top--;
		if (e->path[e->top].todo == 0)
			return 0;   /* everything within the bounds is explored */
		if (replay_to_top(e, why, whylen) != 0)
			return -1;
		end = false;
	}
}
