/*
 * pvalidate.c: PVALIDATE, the guest's VMPL0-only instruction that sets or
 * clears the validated bit of the RMP entry its GPA maps to. It changes
 * nothing else (the facts sheet leaves permissions open; we keep them).
 */
#include "machine.h"

struct hw_result machine_pvalidate(struct machine *m, unsigned vmpl, uint64_t gpa,
                                   unsigned size, bool validate)
{
	if (vmpl != 0)
		return hw_fault(FAULT_GP, 0);
	if (!rmp_instr_input_ok(gpa, size))
		return hw_rc(HW_FAIL_INPUT, 0);
	uint64_t spa;
	struct hw_result r = rmp_instr_target(m, gpa, size, &spa);
	if (!hw_succeeded(r))
		return r;
	if (m->rmp[spa >> PAGE_SHIFT].validated == validate)
		return hw_rc(HW_OK, 1);   /* CF=1: already in the requested state */
	unsigned first, count;
	rmp_span(m, spa, &first, &count);
	for (unsigned i = first; i < first + count; i++) {
		m->rmp[i].validated = validate;
		machine_mark(m, DIRTY_RMP, i);
	}
	return hw_rc(HW_OK, 0);
}
