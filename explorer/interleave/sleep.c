/*
 * sleep.c: sleep sets (Godefroid) and the preemption bound.
 *
 * After move a was explored from a state, a sibling move b that commutes
 * with a (footprint.c) does not need a explored again right after it:
 * that order reaches what a-then-b reached. So a sleeps in b's subtree
 * until a move dependent on a is taken. A preemption is a switch away
 * from the vCPU that moved last while it could go on; the searches bound
 * how many one execution makes. With a bound, the two together can cut an
 * order whose only equivalent needs more preemptions than the bound, so
 * completeness is up to it (docs/check.md).
 */
#include "interleave.h"

void sleep_clear(struct sleep_set *n)
{
	n->asleep = 0;
	n->done = 0;
	n->n = 0;
}

/*
 * A footprint kept may belong to a move no longer asleep (the visited
 * states' rule can wake one, visited.c): only those still in asleep or
 * done count.
 */
void sleep_after(const struct sleep_set *n, int id, const struct footprint *fp,
                 struct sleep_set *child)
{
	sleep_clear(child);
	moveset candidates = (n->asleep | n->done) & ~MOVE_BIT(id);
	for (unsigned k = 0; k < n->n; k++) {
		int t = n->kept[k].id;
		if ((candidates & MOVE_BIT(t)) && !footprint_dependent(&n->kept[k].fp, fp)) {
			child->asleep |= MOVE_BIT(t);
			child->kept[child->n++] = n->kept[k];
		}
	}
}

void sleep_explored(struct sleep_set *n, int id, const struct footprint *fp)
{
	if (n->n == SLEEP_MAX)
		return;   /* not remembered: later siblings do not put it to sleep */
	n->done |= MOVE_BIT(id);
	n->kept[n->n].id = id;
	n->kept[n->n++].fp = *fp;
}

bool move_preempts(int last, moveset enabled, int id)
{
	if (id >= MOVE_HV(0) || last < 0)
		return false;
	unsigned v = (unsigned)id % MACHINE_MAX_VCPUS;
	return v != (unsigned)last && (enabled & MOVES_OF_VCPU((unsigned)last));
}

moveset moves_within_preemptions(int last, moveset enabled, unsigned used, unsigned bound)
{
	if (used < bound)
		return enabled;
	moveset ok = enabled;
	for (int id = 0; id < MOVE_MAX; id++)
		if ((enabled & MOVE_BIT(id)) && move_preempts(last, enabled, id))
			ok &= ~MOVE_BIT(id);
	return ok;
}
