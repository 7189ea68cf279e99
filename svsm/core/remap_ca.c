/*
 * remap_ca.c: core call 0, REMAP_CA.
 *
 * The Calling Area is the page through which a vCPU says "I have a call
 * for you" (call_pending). The module reads and writes it on every call,
 * so a guest choosing its CAA chooses a page the module will write: it
 * must be an ordinary guest page, never the module's memory or a VMSA.
 *
 * RCX = GPA of the new CAA. The call_pending byte of this very call lives
 * in the old CAA, and dispatch.c clears it there (it captured the old GPA
 * before the call).
 *
 * Runs under sv->lock (dispatch.c).
 */
#include "core.h"
#include "pages.h"
#include "registry.h"

uint32_t core_remap_ca(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	uint64_t caa = c->rcx;
	struct svsm_vcpu *me = &sv->vcpus[c->vcpu];

	if (svsm_bug(sv, BUG_REMAP_CA_UNCHECKED)) {
		/*
		 * Bug 12: the old code checked only 8-byte alignment, so the
		 * CAA could straddle pages, or be a page of the module or a
		 * VMSA, which the module then writes call_pending into.
		 */
		if (caa & 7)
			return SVSM_ERR_INVALID_PARAMETER;
	} else {
		if (!PAGE_ALIGNED(caa))
			return SVSM_ERR_INVALID_PARAMETER;
		if (!in_guest_ram(sv, caa, PAGE_SIZE) ||
		    validated_in(sv, caa, PAGE_SIZE) != COVER_ALL ||
		    is_vmsa(sv, caa) || in_pool(sv, caa))
			return SVSM_ERR_INVALID_ADDRESS;
	}

	uint64_t old = me->caa_gpa;
	me->caa_gpa = caa;
	if (same_page(old, caa))
		return SVSM_SUCCESS;
	/* The registry is updated first, so that these count only the other vCPUs. */
	if (!is_caa(sv, old))
		hal_ghost_own(cpu, old, OWNER_GUEST);
	if (caa_users(sv, caa) == 1)
		hal_ghost_own(cpu, caa, OWNER_CAA);
	return SVSM_SUCCESS;
}
