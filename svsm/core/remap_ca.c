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
#include "input_checks.h"
#include "pages.h"
#include "registry.h"

/* May the Calling Area move to caa? A page of guest RAM the guest holds now. */
static uint32_t check_new_caa(const struct svsm *sv, uint64_t caa)
{
	/*
	 * BUG 12 (remap-ca-unchecked): only 8-byte alignment is checked, so
	 * the CAA can straddle pages, or be a page of the module or a VMSA,
	 * which the module then writes call_pending into. Record, for the
	 * alignment: COCONUT-SVSM commit 63e9f174d231 ("require CAA GPA to be
	 * 4K-aligned"), PR #1186; linux-svsm commit ae9a0af01b20. Both still
	 * checked where the CAA lies; this switch drops that check too.
	 */
	if (svsm_bug(sv, BUG_REMAP_CA_UNCHECKED))
		return (caa & 7) ? SVSM_ERR_INVALID_PARAMETER : SVSM_SUCCESS;
	if (!input_page_aligned(caa))
		return SVSM_ERR_INVALID_PARAMETER;
	if (!in_guest_ram(sv, caa, PAGE_SIZE) ||
	    validated_in(sv, caa, PAGE_SIZE) != COVER_ALL ||
	    is_vmsa(sv, caa) || in_pool(sv, caa))
		return SVSM_ERR_INVALID_ADDRESS;
	return SVSM_SUCCESS;
}

uint32_t core_remap_ca(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	uint64_t caa = c->rcx;
	struct svsm_vcpu *me = &sv->vcpus[c->vcpu];

	uint32_t rc = check_new_caa(sv, caa);
	if (rc != SVSM_SUCCESS)
		return rc;

	uint64_t old = me->caa_gpa;
	me->caa_gpa = caa;
	caa_moved(sv, cpu, true, old, caa);
	return SVSM_SUCCESS;
}
