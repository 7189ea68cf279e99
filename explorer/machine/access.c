/*
 * access.c: a guest (or module) memory access, checked as the hardware
 * checks it: NPT walk, then for a shared access (C-bit 0) that the page is
 * not a guest's, for a private access (C-bit 1) the RMP binding, the
 * validated bit and the VMPL permission, in the facts sheet's order.
 */
#include "machine.h"

static struct hw_result check(const struct machine *m, unsigned vmpl, uint64_t gpa, bool cbit,
                              enum access_kind kind, uint64_t *spa_page, enum npf_reason *why)
{
	*why = npt_walk(m, gpa, spa_page);
	if (*why != NPF_NONE)
		return hw_npf(*why, kind);
	const struct rmp_entry *e = &m->rmp[*spa_page >> PAGE_SHIFT];
	if (!cbit) {
		if (e->assigned)
			*why = NPF_SHARED_ASSIGNED;
	} else {
		*why = rmp_check_owner(m, gpa, *spa_page);
		if (*why == NPF_NONE && !e->validated)
			return hw_fault(FAULT_VC, VC_PAGE_NOT_VALIDATED);
		if (*why == NPF_NONE && vmpl > 0 && (e->perms[vmpl] & kind) == 0)
			*why = NPF_VMPL;
	}
	return *why != NPF_NONE ? hw_npf(*why, kind) : hw_rc(HW_OK, 0);
}

struct hw_result machine_translate(const struct machine *m, unsigned vmpl, uint64_t gpa,
                                   bool cbit, enum access_kind kind, uint64_t *spa,
                                   enum npf_reason *why)
{
	enum npf_reason reason = NPF_NONE;
	uint64_t page = 0;
	struct hw_result r;
	/* There is no such VMPL: a #GP, not an out-of-bounds read of perms[]. */
	if (vmpl >= VMPL_COUNT)
		r = hw_fault(FAULT_GP, 0);
	else
		r = check(m, vmpl, gpa, cbit, kind, &page, &reason);
	if (why)
		*why = reason;
	if (spa && hw_succeeded(r))
		*spa = page + (gpa & (PAGE_SIZE - 1));
	return r;
}

static bool within_page(uint64_t gpa, size_t len)
{
	return len <= PAGE_SIZE - (gpa & (PAGE_SIZE - 1));
}

struct hw_result machine_read(const struct machine *m, unsigned vmpl, uint64_t gpa,
                              bool cbit, void *buf, size_t len)
{
	if (!within_page(gpa, len))
		return hw_rc(HW_FAIL_INPUT, 0);
	uint64_t spa;
	struct hw_result r = machine_translate(m, vmpl, gpa, cbit, ACCESS_READ, &spa, NULL);
	if (hw_succeeded(r))
		machine_mem_read(m, spa, buf, len, cbit ? m->asid : 0);
	return r;
}

struct hw_result machine_write(struct machine *m, unsigned vmpl, uint64_t gpa, bool cbit,
                               const void *buf, size_t len, uint8_t label)
{
	if (!within_page(gpa, len))
		return hw_rc(HW_FAIL_INPUT, 0);
	uint64_t spa;
	struct hw_result r = machine_translate(m, vmpl, gpa, cbit, ACCESS_WRITE, &spa, NULL);
	if (hw_succeeded(r))
		machine_mem_write(m, spa, buf, len, cbit ? m->asid : 0, label);
	return r;
}
