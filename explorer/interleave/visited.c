/*
 * visited.c: the states the search has met, and what it explored from them.
 *
 * Pruning a state seen before is sound only if the earlier visit explored
 * at least what this one would. Two things can make it explore less:
 *   - a smaller budget: fewer steps, hypervisor moves or preemptions left;
 *   - a larger sleep set: moves it skipped because an equivalent order was
 *     explored elsewhere (Godefroid's sleep sets with state caching).
 * So each entry keeps the budget and the sleep set of the visit that
 * explored it. A new visit is pruned when that budget is at least its own
 * and that sleep set is within its own; with the budget covered but some
 * moves asleep before and awake now, it explores again with the
 * intersection of the two sleep sets; with more budget, it explores again
 * in full and takes the entry over.
 */
#include <stdlib.h>

#include "interleave.h"

static bool covers(struct budget a, struct budget b)
{
	return a.depth >= b.depth && a.hv >= b.hv && a.preemptions >= b.preemptions;
}

/* Keys are hashes; 0 marks an empty slot, so a key of 0 is stored as 1. */
static struct visit *slot_for(struct visited *v, uint64_t key)
{
	size_t mask = v->cap - 1;
	for (size_t i = (size_t)key & mask;; i = (i + 1) & mask)
		if (v->slot[i].key == key || v->slot[i].key == 0)
			return &v->slot[i];
}

/*
 * The table starts small and doubles: most searches meet a few dozen
 * states, and a large first table is memory the kernel must fault in
 * and zero, which cost a one-execution search more than the search.
 */
static int grow(struct visited *v)
{
	size_t cap = v->cap ? 2 * v->cap : 1u << 6;
	struct visit *old = v->slot;
	size_t old_cap = v->cap;
	v->slot = calloc(cap, sizeof(*v->slot));
	if (!v->slot) {
		v->slot = old;
		return -1;
	}
	v->cap = cap;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key)
			*slot_for(v, old[i].key) = old[i];
	free(old);
	return 0;
}

enum visit_verdict visited_check(struct visited *v, uint64_t key, struct budget left,
                                 moveset *sleep)
{
	if (key == 0)
		key = 1;
	/* Out of memory: explore without remembering, which is slower but still right. */
	if ((v->n + 1) * 10 > v->cap * 7 && grow(v) != 0)
		return VISIT_NEW;
	struct visit *e = slot_for(v, key);
	if (e->key == 0) {
		*e = (struct visit){ .key = key, .sleep = *sleep, .left = left };
		v->n++;
		return VISIT_NEW;
	}
	if (!covers(e->left, left)) {
		e->left = left;
		e->sleep = *sleep;
		return VISIT_AGAIN;
	}
	if ((e->sleep & ~*sleep) == 0)
		return VISIT_PRUNE;
	e->sleep &= *sleep;
	*sleep = e->sleep;
	return VISIT_AGAIN;
}

void visited_free(struct visited *v)
{
	free(v->slot);
	v->slot = NULL;
	v->cap = v->n = 0;
}
