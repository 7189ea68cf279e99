/*
 * memory.c: core calls 4 and 5, DEPOSIT_MEM and WITHDRAW_MEM.
 *
 * The specification reserves these calls for a guest that lends the
 * module memory and later takes it back; no public SVSM implements them,
 * so the design here is the kit's own (docs/module.md). Both use the page
 * list of PVALIDATE (pagelist.h), with 4K entries only.
 *
 * The pool is a set of validated guest pages the module holds: the guest
 * has no access to them, and their bits stay set in the validated bitmap
 * (they are validated, and must not be validated again). Pages also enter
 * the pool by quarantine (validate.c).
 *
 * Both calls run under sv->lock (dispatch.c).
 */
#include "core.h"
#include "input_checks.h"
#include "pagelist.h"
#include "pages.h"
#include "registry.h"
#include "../lib/mem.h"

/* Take one page from the guest into the pool. */
static uint32_t deposit_page(struct svsm *sv, struct hal_cpu *cpu, const struct page_list *l,
                             uint64_t e)
{
	uint64_t gpa = PVENTRY_GFN(e) << PAGE_SHIFT;

	/* A 4K page, no action bits, no reserved bits: the low 12 bits are all 0. */
	if (!input_entry_plain_4k(e))
		return SVSM_ERR_INVALID_PARAMETER;
	/*
	 * Only a page the guest holds now: guest RAM the module validated,
	 * not a VMSA, CAA or pooled page, and not the list itself (the module
	 * goes on writing `next` into it).
	 */
	if (!in_guest_ram(sv, gpa, PAGE_SIZE) || validated_in(sv, gpa, PAGE_SIZE) != COVER_ALL ||
	    held_by_module(sv, gpa, PAGE_SIZE) || input_same_page(gpa, l->gpa))
		return SVSM_ERR_INVALID_ADDRESS;

	/*
	 * Revoke before the module calls the page its own: whatever the
	 * module may later keep in it must be out of the guest's reach.
	 */
	struct hw_result r = hal_rmpadjust(cpu, gpa, PSIZE_4K, RMPADJUST_ATTRS(sv->p.guest_vmpl, 0));
	if (!hw_succeeded(r))
		return svsm_error(r, false);
	hal_ghost_own(cpu, gpa, OWNER_MODULE);
	pool_add(sv, gpa);
	return SVSM_SUCCESS;
}

uint32_t core_deposit_mem(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	struct page_list l;
	uint8_t list[PAGE_LIST_MAX * PVREQ_ENTRY_SIZE];
	uint32_t rc = page_list_read(sv, cpu, c->rcx, &l, list);
	if (rc != SVSM_SUCCESS)
		return rc;

	/* Entry i while the header has it (input_list_pending: next + (i - first) < entries). */
	unsigned first = l.next;
	for (unsigned i = first; input_list_pending(l.header, i - first); i++) {
		rc = deposit_page(sv, cpu, &l, load_le64(list + (size_t)(i - first) * PVREQ_ENTRY_SIZE));
		if (rc != SVSM_SUCCESS)
			return rc;
		rc = page_list_set_next(cpu, &l, i + 1);
		if (rc != SVSM_SUCCESS)
			return rc;
	}
	return SVSM_SUCCESS;
}

/* Give one pool page back to the guest. */
static uint32_t withdraw_page(struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa)
{
	/*
	 * Zero first: a pool page may hold module data, or be a quarantined
	 * page whose contents were never the guest's.
	 */
	struct hw_result r = hal_zero_page(cpu, gpa);
	if (!hw_succeeded(r))
		return svsm_error(r, false);
	/* The page is the guest's before the guest may touch it. */
	hal_ghost_own(cpu, gpa, OWNER_GUEST);
	r = hal_rmpadjust(cpu, gpa, PSIZE_4K, RMPADJUST_ATTRS(sv->p.guest_vmpl, PERM_ALL));
	if (!hw_succeeded(r)) {
		/* Zeroed but not granted: back into the pool with it. */
		hal_ghost_own(cpu, gpa, OWNER_MODULE);
		return svsm_error(r, false);
	}
	pool_remove(sv, gpa);
	return SVSM_SUCCESS;
}

/*
 * The guest names how many pages it wants (entries); the module fills in
 * entries next.. with 4K pages from the pool until the list or the pool
 * runs out. `next` then says how far it got: a short answer is SUCCESS.
 */
uint32_t core_withdraw_mem(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	struct page_list l;
	uint32_t rc = page_list_open(sv, cpu, c->rcx, &l);
	if (rc != SVSM_SUCCESS)
		return rc;

	/* first, not l.next: page_list_set_next() moves that. */
	uint64_t gpa;
	unsigned first = l.next;
	for (unsigned i = first; input_list_pending(l.header, i - first) && pool_first(sv, &gpa); i++) {
		rc = withdraw_page(sv, cpu, gpa);
		if (rc != SVSM_SUCCESS)
			return rc;
		rc = page_list_put(cpu, &l, i, PVENTRY(gpa, PSIZE_4K, false, false));
		if (rc != SVSM_SUCCESS)
			return rc;
		rc = page_list_set_next(cpu, &l, i + 1);
		if (rc != SVSM_SUCCESS)
			return rc;
	}
	return SVSM_SUCCESS;
}
