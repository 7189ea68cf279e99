/*
 * rmpupdate.c: the hypervisor's writes to the RMP. RMPUPDATE rebinds a 4K
 * or 2M page (and always drops validated, VMSA and lower-VMPL permissions,
 * which is why the hypervisor cannot forge them); PSMASH splits a 2M entry
 * into 512 4K entries without changing what the guest was granted.
 */
#include <string.h>

#include "machine.h"

static bool range_valid(const struct machine *m, uint64_t spa, uint64_t len)
{
	return machine_spa_valid(m, spa) && machine_spa_valid(m, spa + len - 1);
}

/* RMPUPDATE's checks, in its order; on success *first and *count name the entries. */
static int rmpupdate_check(const struct machine *m, uint64_t spa, const struct rmp_update *u,
                           unsigned *first, unsigned *count)
{
	if (u->page_size > PSIZE_2M)
		return RMPUPDATE_FAIL_INPUT;
	uint64_t len = u->page_size == PSIZE_2M ? PAGE_SIZE_2M : PAGE_SIZE;
	if (spa % len != 0 || u->gpa % len != 0 || !range_valid(m, spa, len))
		return RMPUPDATE_FAIL_INPUT;

	*first = (unsigned)(spa >> PAGE_SHIFT);
	*count = (unsigned)(len / PAGE_SIZE);
	bool immutable = false, in_use = false, small_assigned = false;
	for (unsigned i = *first; i < *first + *count; i++) {
		immutable |= m->rmp[i].immutable;
		in_use |= machine_vmsa_in_use(m, (uint64_t)i * PAGE_SIZE);
		small_assigned |= m->rmp[i].assigned && m->rmp[i].page_size == PSIZE_4K;
	}
	const struct rmp_entry *cur = &m->rmp[*first];
	bool overlap = u->page_size == PSIZE_2M
		? small_assigned
		: cur->assigned && cur->page_size == PSIZE_2M;
	if (immutable)
		return RMPUPDATE_FAIL_IMMUTABLE;
	if (in_use)
		return RMPUPDATE_FAIL_INUSE;
	if (overlap)
		return RMPUPDATE_FAIL_OVERLAP;
	return RMPUPDATE_OK;
}

/* The i-th entry an accepted RMPUPDATE writes. */
static struct rmp_entry rmpupdate_entry(const struct rmp_update *u, unsigned i)
{
	struct rmp_entry e = { .immutable = u->immutable };
	/* An unassigned page is the hypervisor's: it keeps no size, owner or binding. */
	if (u->assigned) {
		e.assigned = true;
		e.page_size = u->page_size;
		e.asid = u->asid;
		e.gpa = u->gpa + (uint64_t)i * PAGE_SIZE;
	}
	return e;
}

bool rmp_entry_equal(const struct rmp_entry *a, const struct rmp_entry *b)
{
	return a->assigned == b->assigned && a->immutable == b->immutable &&
	       a->validated == b->validated && a->vmsa == b->vmsa &&
	       a->page_size == b->page_size && a->asid == b->asid && a->gpa == b->gpa &&
	       memcmp(a->perms, b->perms, sizeof(a->perms)) == 0;
}

int machine_rmpupdate(struct machine *m, uint64_t spa, const struct rmp_update *u)
{
	unsigned first, count;
	int rc = rmpupdate_check(m, spa, u, &first, &count);
	if (rc != RMPUPDATE_OK)
		return rc;
	for (unsigned i = 0; i < count; i++) {
		m->rmp[first + i] = rmpupdate_entry(u, i);
		machine_mark(m, DIRTY_RMP, first + i);
	}
	return RMPUPDATE_OK;
}

bool machine_rmpupdate_changes(const struct machine *m, uint64_t spa, const struct rmp_update *u)
{
	unsigned first, count;
	if (rmpupdate_check(m, spa, u, &first, &count) != RMPUPDATE_OK)
		return false;
	for (unsigned i = 0; i < count; i++) {
		struct rmp_entry e = rmpupdate_entry(u, i);
		if (!rmp_entry_equal(&m->rmp[first + i], &e))
			return true;
	}
	return false;
}

int machine_psmash(struct machine *m, uint64_t spa)
{
	if (spa % PAGE_SIZE_2M != 0 || !range_valid(m, spa, PAGE_SIZE_2M))
		return RMPUPDATE_FAIL_INPUT;
	unsigned first = (unsigned)(spa >> PAGE_SHIFT);
	if (m->rmp[first].page_size != PSIZE_2M)
		return HW_FAIL_SIZEMISMATCH;
	for (unsigned i = first; i < first + PAGES_PER_2M; i++) {
		m->rmp[i].page_size = PSIZE_4K;
		machine_mark(m, DIRTY_RMP, i);
	}
	return RMPUPDATE_OK;
}
