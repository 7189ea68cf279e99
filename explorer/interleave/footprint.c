/*
 * footprint.c: when two moves commute.
 *
 * Partial-order reduction (sleep sets, sleep.c) needs to know when two
 * moves are independent: carried out in either order from the same state
 * they reach the same state, and neither enables or disables the other.
 * It is judged from footprints, sets of things a move may read or write
 * (each search says what its moves touch: explorer/check/touches.c,
 * explorer/verify/paths.c):
 *
 *   GPA(g)    the guest page g: its NPT entry, its ghost owner, and every
 *             RMP entry that claims g
 *   SPA(x)    the system page x: its RMP entry, its bytes and its label
 *   VCPU(v)   guest vCPU v: its scheduler state and its program
 *   LOCK      the module's lock
 *   SVSM      struct svsm, which module code reads between two HAL calls
 *             without any HAL call that would show it
 *
 * Two moves are dependent when they share a key, when both take or
 * release the lock, or when one of them changed struct svsm and the other
 * runs module code.
 */
#include "interleave.h"

void footprint_add(struct footprint *f, uint32_t key)
{
	for (unsigned i = 0; i < f->n; i++)
		if (f->key[i] == key)
			return;
	if (f->n == FP_KEYS)
		f->flags |= FP_EVERYTHING;   /* more than we can track: depend on everything */
	else
		f->key[f->n++] = key;
}

bool footprint_dependent(const struct footprint *a, const struct footprint *b)
{
	unsigned both = a->flags & b->flags;
	if ((a->flags | b->flags) & FP_EVERYTHING || both & FP_LOCK)
		return true;
	if ((a->flags & FP_WRITES_SVSM && b->flags & (FP_READS_SVSM | FP_WRITES_SVSM)) ||
	    (b->flags & FP_WRITES_SVSM && a->flags & (FP_READS_SVSM | FP_WRITES_SVSM)))
		return true;
	for (unsigned i = 0; i < a->n; i++)
		for (unsigned j = 0; j < b->n; j++)
			if (a->key[i] == b->key[j])
				return true;
	return false;
}
