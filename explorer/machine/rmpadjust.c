/*
 * rmpadjust.c: RMPADJUST, with which a VMPL grants a numerically higher
 * (less privileged) VMPL a subset of its own permissions on a page, and
 * with which VMPL0 marks or unmarks a page as a VMSA.
 */
#include "machine.h"

#define RMPADJUST_DEFINED (0xffull | RMPADJUST_PERMS(0xf) | RMPADJUST_VMSA)

/* Is any 4K page of the entry the VMSA of a running vCPU? */
static bool span_in_use(const struct machine *m, unsigned first, unsigned count)
{
	for (unsigned i = first; i < first + count; i++)
		if (machine_vmsa_in_use(m, (uint64_t)i * PAGE_SIZE))
			return true;
	return false;
}

struct hw_result machine_rmpadjust(struct machine *m, unsigned vmpl, uint64_t gpa,
                                   unsigned size, uint64_t attrs)
{
	unsigned target = (unsigned)(attrs & 0xff);
	uint8_t perms = (uint8_t)((attrs >> 8) & 0xf);
	bool vmsa = (attrs & RMPADJUST_VMSA) != 0;

	if ((attrs & ~RMPADJUST_DEFINED) != 0 || target >= VMPL_COUNT ||
	    !rmp_instr_input_ok(gpa, size))
		return hw_rc(HW_FAIL_INPUT, 0);
	if (target <= vmpl)
		return hw_rc(HW_FAIL_PERMISSION, 0);
	uint64_t spa;
	struct hw_result r = rmp_instr_target(m, gpa, size, &spa);
	if (!hw_succeeded(r))
		return r;
	const struct rmp_entry *e = &m->rmp[spa >> PAGE_SHIFT];
	if (!e->validated)
		return hw_fault(FAULT_VC, VC_PAGE_NOT_VALIDATED);
	uint8_t own = vmpl == 0 ? PERM_ALL : e->perms[vmpl];
	if ((perms & ~own) != 0)
		return hw_rc(HW_FAIL_PERMISSION, 0);
	if (vmsa && vmpl != 0)
		return hw_rc(HW_FAIL_PERMISSION, 0);
	unsigned first, count;
	rmp_span(m, spa, &first, &count);
	if (span_in_use(m, first, count))
		return hw_rc(HW_FAIL_INUSE, 0);
	for (unsigned i = first; i < first + count; i++) {
		m->rmp[i].perms[target] = perms;
		/* Only VMPL0 may change the VMSA bit; lower VMPLs leave it as it is. */
		if (vmpl == 0)
			m->rmp[i].vmsa = vmsa;
		machine_mark(m, DIRTY_RMP, i);
	}
	return hw_rc(HW_OK, 0);
}
