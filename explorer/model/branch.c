/*
 * branch.c: the traces explored so far.
 *
 * Choosing another move than the trace's at some step forks: the new
 * branch is the steps up to there and the chosen one, and the old branch
 * stays as it was, so the user can go back to it. A trace from elsewhere
 * (the verifier's counterexample) is a branch of its own, with no parent.
 * Branches are allocated one by one, so a pointer to a branch's trace
 * stays valid as more come.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static int add(struct branches *bs, struct branch *b)
{
	struct branch **more = realloc(bs->b, (bs->n + 1) * sizeof(*more));
	if (!more)
		return -1;
	bs->b = more;
	bs->b[bs->n] = b;
	return (int)bs->n++;
}

int branches_init(struct branches *bs, struct trace *t)
{
	memset(bs, 0, sizeof(*bs));
	return branches_add(bs, t, "") < 0 ? -1 : 0;
}

int branches_add(struct branches *bs, struct trace *t, const char *what)
{
	struct branch *b = calloc(1, sizeof(*b));
	if (!b)
		return -1;
	b->t = *t;
	b->parent = -1;
	snprintf(b->what, sizeof(b->what), "%s", what);
	int k = add(bs, b);
	if (k < 0) {
		free(b);
		return -1;
	}
	memset(t, 0, sizeof(*t));
	bs->cur = (unsigned)k;
	return k;
}

int branches_fork(struct branches *bs, unsigned from, size_t at, const struct trace_step *st)
{
	const struct trace *old = &bs->b[from]->t;
	struct branch *b = calloc(1, sizeof(*b));
	if (!b)
		return -1;
	b->t.cfg = old->cfg;
	b->t.vcpus = old->vcpus;
	b->parent = (int)from;
	b->fork_at = at < old->n ? at : old->n;
	describe_step(st, b->what, sizeof(b->what));
	bool ok = true;
	for (size_t i = 0; i < b->fork_at && ok; i++)
		ok = trace_push(&b->t, &old->steps[i]) == 0;
	ok = ok && trace_push(&b->t, st) == 0;
	int k = ok ? add(bs, b) : -1;
	if (k < 0) {
		trace_free(&b->t);
		free(b);
		return -1;
	}
	bs->cur = (unsigned)k;
	return k;
}

void branches_free(struct branches *bs)
{
	for (unsigned i = 0; i < bs->n; i++) {
		trace_free(&bs->b[i]->t);
		free(bs->b[i]);
	}
	free(bs->b);
	memset(bs, 0, sizeof(*bs));
}
