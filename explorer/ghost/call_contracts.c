/*
 * call_contracts.c: what the results of REMAP_CA, CREATE_VCPU,
 * DELETE_VCPU, QUERY_PROTOCOL and CONFIGURE_VTOM promise the guest
 * (DELETE_VCPU's delete-vcpu-removes-vmsa is in contracts.c).
 *
 * Each is judged when the call returns, on the machine and the ghost
 * owners as the guest then finds them, against the call's inputs as they
 * were when it began (struct sim_call). The define-fun of each is in
 * specs/contracts.smt2 under the same name; the verifier asks those over
 * the state, the owners and the call's numbers, and test_conformance_
 * clauses.c compares the pure predicates below with theirs.
 */
#include <inttypes.h>

#include "ghost.h"

bool clause_create_vcpu_same_features(uint32_t result, uint64_t new_features, uint64_t creator)
{
	return result != SVSM_SUCCESS || new_features == creator;
}

bool clause_delete_vcpu_returns_page(const uint8_t *owner, uint64_t rcx, uint32_t result)
{
	return result != SVSM_SUCCESS || ghost_owner_in(owner, rcx) == OWNER_GUEST;
}

bool clause_delete_vcpu_busy_keeps_vcpu(uint32_t result, bool still_vmsa, bool svme)
{
	return result != SVSM_ERR_BUSY || !still_vmsa || svme;
}

bool clause_create_vcpu_refuses_own_cpu(uint32_t apic, uint32_t caller_apic, uint32_t result)
{
	return apic != caller_apic || result == SVSM_ERR_INVALID_PARAMETER ||
	       result == SVSM_ERR_INVALID_ADDRESS;
}

bool clause_delete_vcpu_refuses_own_vmsa(uint64_t rcx, uint64_t own, uint32_t result)
{
	return (rcx & ~(uint64_t)(PAGE_SIZE - 1)) != own || result == SVSM_ERR_INVALID_PARAMETER;
}

bool clause_remap_ca_installs_caa(const uint8_t *owner, uint64_t rcx, uint32_t result)
{
	return result != SVSM_SUCCESS || ghost_owner_in(owner, rcx) == OWNER_CAA;
}

bool clause_query_protocol_answers(uint64_t rcx, uint32_t result, uint64_t rcx_out)
{
	/* Core protocol 0, version 1: the only one the module implements (1 << 32 | 1). */
	uint64_t core_v1 = ((uint64_t)SVSM_PROTO_CORE << 32) | SVSM_CORE_VERSION;
	uint64_t want = rcx == core_v1 ? ((uint64_t)SVSM_CORE_VERSION << 32) | SVSM_CORE_VERSION : 0;
	return result == SVSM_SUCCESS && rcx_out == want;
}

bool clause_configure_vtom_answers(uint64_t rcx, uint32_t result, uint64_t rcx_out)
{
	if (rcx & 1)   /* a query: no vTOM setting is supported */
		return result == SVSM_SUCCESS && rcx_out == 0;
	return result != SVSM_SUCCESS;
}

/*
 * The guest's validated page the GPA reaches when the call returns, mapped
 * there and bound to it (specs: page-at), or NPT_UNMAPPED.
 */
static uint64_t page_at(const struct ghost *gh, uint64_t gpa)
{
	uint64_t spa = npt_lookup(gh->m, gpa);
	if (spa == NPT_UNMAPPED || !machine_spa_valid(gh->m, spa))
		return NPT_UNMAPPED;
	const struct rmp_entry *e = &gh->m->rmp[spa >> PAGE_SHIFT];
	bool ours = e->assigned && e->asid == gh->m->asid && e->validated;
	return ours && e->gpa == (gpa & ~(uint64_t)(PAGE_SIZE - 1)) ? spa : NPT_UNMAPPED;
}

/* Can a VMPL below the module write the page of entry e? */
static bool lower_vmpl_writes(const struct rmp_entry *e)
{
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		if (e->perms[v] & PERM_W)
			return true;
	return false;
}

static void create_vcpu_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	/* The caller's APIC ID is its CPU's, as the launch gave the module (sim.c). */
	uint32_t apic = (uint32_t)c->r8, caller_apic = gh->m->vcpu[c->vcpu].apic_id;
	if (!clause_create_vcpu_refuses_own_cpu(apic, caller_apic, result)) {
		report_clause(gh->rec, CLAUSE_CREATE_VCPU_REFUSES_OWN_CPU, (struct hal_site){ 0 },
		              c->vcpu, "CREATE_VCPU for APIC ID %" PRIu32 ", the caller's own, "
		              "returned 0x%08x", apic, result);
		return;
	}
	if (result != SVSM_SUCCESS)
		return;
	const uint8_t *owner = gh->state->owner;
	enum ghost_owner vmsa = ghost_owner_in(owner, c->rcx), caa = ghost_owner_in(owner, c->rdx);
	uint64_t spa = page_at(gh, c->rcx);
	const struct rmp_entry *e = spa == NPT_UNMAPPED ? NULL : &gh->m->rmp[spa >> PAGE_SHIFT];
	if (vmsa != OWNER_VMSA || caa != OWNER_CAA || (e && (!e->vmsa || lower_vmpl_writes(e)))) {
		report_clause(gh->rec, CLAUSE_CREATE_VCPU_INSTALLS_VMSA, (struct hal_site){ 0 },
		              c->vcpu, "CREATE_VCPU of VMSA 0x%" PRIx64 ", CAA 0x%" PRIx64 " returned "
		              "SUCCESS, but the VMSA page is %s%s%s and the CAA page %s", c->rcx, c->rdx,
		              owner_name(vmsa), e && !e->vmsa ? ", without the VMSA bit" : "",
		              e && lower_vmpl_writes(e) ? ", writable by the guest" : "",
		              owner_name(caa));
		return;
	}
	/*
	 * Both save areas as validated pages bound to their GPAs: only the
	 * guest and the module write such a page (the hypervisor writes
	 * unassigned pages only), and the guest cannot write either VMSA.
	 */
	uint64_t creator = page_at(gh, c->vmsa_gpa);
	if (!e || creator == NPT_UNMAPPED)
		return;
	uint64_t mine = vmsa_get(gh->m, creator, VMSA_SEV_FEATURES, 8);
	uint64_t its = vmsa_get(gh->m, spa, VMSA_SEV_FEATURES, 8);
	if (!clause_create_vcpu_same_features(result, its, mine))
		report_clause(gh->rec, CLAUSE_CREATE_VCPU_SAME_FEATURES, (struct hal_site){ 0 },
		              c->vcpu, "CREATE_VCPU returned SUCCESS for a VMSA with SEV features "
		              "0x%" PRIx64 "; its creator has 0x%" PRIx64, its, mine);
}

static void delete_vcpu_page_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	if (!clause_delete_vcpu_refuses_own_vmsa(c->rcx, c->vmsa_gpa, result)) {
		report_clause(gh->rec, CLAUSE_DELETE_VCPU_REFUSES_OWN_VMSA, (struct hal_site){ 0 },
		              c->vcpu, "DELETE_VCPU of GPA 0x%" PRIx64 ", the caller's own VMSA, "
		              "returned 0x%08x", c->rcx, result);
		return;
	}
	if (!clause_delete_vcpu_returns_page(gh->state->owner, c->rcx, result))
		report_clause(gh->rec, CLAUSE_DELETE_VCPU_RETURNS_PAGE, (struct hal_site){ 0 },
		              c->vcpu, "DELETE_VCPU of GPA 0x%" PRIx64 " returned SUCCESS but the "
		              "page is %s, not the guest's", c->rcx,
		              owner_name(ghost_owner_in(gh->state->owner, c->rcx)));
	/*
	 * Availability is the module's to keep only while the hypervisor lets
	 * it: one that remaps the VMSA's GPA or changes its page during the
	 * call can make the restoring write fault (and can refuse to run the
	 * vCPU anyway). Such a call is not judged.
	 */
	uint64_t spa = page_at(gh, c->rcx);
	if (result != SVSM_ERR_BUSY || spa == NPT_UNMAPPED || ghost_page_moved(gh, c, c->rcx, spa))
		return;
	bool svme = vmsa_get(gh->m, spa, VMSA_EFER, 8) & EFER_SVME;
	if (!clause_delete_vcpu_busy_keeps_vcpu(result, gh->m->rmp[spa >> PAGE_SHIFT].vmsa, svme))
		report_clause(gh->rec, CLAUSE_DELETE_VCPU_BUSY_KEEPS_VCPU, (struct hal_site){ 0 },
		              c->vcpu, "DELETE_VCPU of GPA 0x%" PRIx64 " returned BUSY and left "
		              "the VMSA with EFER.SVME clear: the vCPU can never run again", c->rcx);
}

static void remap_ca_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	if (!clause_remap_ca_installs_caa(gh->state->owner, c->rcx, result))
		report_clause(gh->rec, CLAUSE_REMAP_CA_INSTALLS_CAA, (struct hal_site){ 0 }, c->vcpu,
		              "REMAP_CA to GPA 0x%" PRIx64 " returned SUCCESS but the page is %s, "
		              "not a Calling Area", c->rcx,
		              owner_name(ghost_owner_in(gh->state->owner, c->rcx)));
}

static void query_contract(struct ghost *gh, const struct sim_call *c, uint32_t result,
                           enum clause_id id)
{
	/* RCX where the guest reads it, as RAX is read for the result (sim.c). */
	uint64_t out = vmsa_get(gh->m, c->vmsa_spa, VMSA_RCX, 8);
	bool kept = id == CLAUSE_QUERY_PROTOCOL_ANSWERS
	                    ? clause_query_protocol_answers(c->rcx, result, out)
	                    : clause_configure_vtom_answers(c->rcx, result, out);
	if (!kept)
		report_clause(gh->rec, id, (struct hal_site){ 0 }, c->vcpu, "asked with RCX "
		              "0x%016" PRIx64 ", the call returned 0x%08x with RCX 0x%016" PRIx64,
		              c->rcx, result, out);
}

void call_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	if (c->rax >> 32 != SVSM_PROTO_CORE)
		return;
	uint32_t call = (uint32_t)c->rax;
	switch (call) {
	case SVSM_CORE_CREATE_VCPU: create_vcpu_contract(gh, c, result); break;
	case SVSM_CORE_DELETE_VCPU: delete_vcpu_page_contract(gh, c, result); break;
	case SVSM_CORE_REMAP_CA: remap_ca_contract(gh, c, result); break;
	case SVSM_CORE_QUERY_PROTOCOL: query_contract(gh, c, result, CLAUSE_QUERY_PROTOCOL_ANSWERS); break;
	case SVSM_CORE_CONFIGURE_VTOM: query_contract(gh, c, result, CLAUSE_CONFIGURE_VTOM_ANSWERS); break;
	default: break;
	}
	if (call_has_no_partial_effects(c))
		error_effects_contract(gh, c, result);
}
