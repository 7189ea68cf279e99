/*
 * hv.c: what an honest hypervisor does for the guest. A malicious one is
 * the explorer's business and uses the same primitives (rmpupdate, npt_map).
 */
#include "machine.h"

/* The GHCB error code for a request the hypervisor cannot carry out. */
#define HV_PSC_ERROR 1u

uint32_t machine_page_state_change(struct machine *m, uint64_t gpa, unsigned op)
{
	uint64_t spa = npt_lookup(m, gpa);
	if (spa == NPT_UNMAPPED)
		return HV_PSC_ERROR;
	struct rmp_update u = { 0 };
	if (op == GHCB_PSC_PRIVATE) {
		u.assigned = true;
		u.asid = m->asid;
		u.gpa = gpa & ~(uint64_t)(PAGE_SIZE - 1);
		u.page_size = PSIZE_4K;
	} else if (op != GHCB_PSC_SHARED) {
		return HV_PSC_ERROR;
	}
	return (uint32_t)machine_rmpupdate(m, spa, &u);
}
