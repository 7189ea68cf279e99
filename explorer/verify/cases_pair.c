/*
 * cases_pair.c: the cases of two vCPUs calling at once.
 */
#include "case_builder.h"
#include "../../svsm/lib/mem.h"

/* A pair is verified for either of its two handlers (and without --handler). */
static bool pair_wanted(const struct builder *b, uint32_t x, uint32_t y)
{
	return handler_wanted(b->o, x) || handler_wanted(b->o, y);
}

/*
 * Two vCPUs: vCPU 1 (brought up by the guest at boot) calls at the same
 * time as vCPU 0, and every interleaving of their HAL calls is verified.
 * The first pairs are the catalog's races, where one call is refused or
 * the guest's write lands in the middle; in the last three each call
 * succeeds when it runs alone (the deposit and the withdrawal, the remap
 * and the deletion, both in either order), so that the interleavings in
 * between reach the success paths together: a race between two refusals
 * meets little shared state. Their hypervisor scopes are small (see each)
 * because two success paths interleave in many more ways.
 */
void pair_cases(struct builder *b)
{
	const uint64_t rescind_validate[2] = { PVENTRY(PAGE_A, PSIZE_4K, false, false),
	                                       PVENTRY(PAGE_A, PSIZE_4K, true, false) };
	struct vcase *c;
	if (pair_wanted(b, SVSM_CORE_CREATE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_CREATE_VCPU, 2, "vCPU 0 creates a vCPU at 0x20000 (a bad "
		             "VMSA) while vCPU 1 rescinds and validates 0x20000");
		/*
		 * The race is over 0x20000; the CAA's own page is left out of
		 * the hypervisor's scope (the one-vCPU cases open it), which
		 * keeps the interleavings' outcomes few enough to enumerate.
		 */
		add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
		pvalidate_call(b, c, 1, REQ_VCPU1, rescind_validate, 2);
	}
	if (handler_wanted(b->o, SVSM_CORE_PVALIDATE)) {
		const uint64_t two[2] = { PVENTRY(PAGE_A, PSIZE_4K, false, false),
		                          PVENTRY(PAGE_B, PSIZE_4K, false, false) };
		c = add_case(b, SVSM_CORE_PVALIDATE, 2, "vCPU 0 rescinds 0x20000 and 0x21000 while "
		             "vCPU 1 rewrites the request's entries to 600");
		pvalidate_call(b, c, 0, REQ, two, 2);
		set_race(c, REQ + PVREQ_ENTRIES, 600, 2);
	}
	if (pair_wanted(b, SVSM_CORE_CREATE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_CREATE_VCPU, 2, "vCPU 0 creates a vCPU at 0x20000 while "
		             "vCPU 1 writes vmpl 0 into its VMSA");
		setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
		add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
		add_page(b, c, PAGE_A);
		add_page(b, c, PAGE_B);
		set_race(c, PAGE_A + VMSA_VMPL, 0, 1);
	}
	if (pair_wanted(b, SVSM_CORE_DELETE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 0 deletes the vCPU at 0x20000 while "
		             "vCPU 1 validates 0x22000 (rescinded first)");
		setup_created(b, c);
		uint64_t e = PVENTRY(PAGE_B + 0x1000, PSIZE_4K, true, false);
		setup_rescind(b, c, PAGE_B + 0x1000);
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = PAGE_A });
		pvalidate_call(b, c, 1, REQ_VCPU1, &e, 1);
		add_page(b, c, PAGE_A);
		c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 0 deletes vCPU 1 while it runs");
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.vcpu1_vmsa });
		add_page(b, c, b->at.vcpu1_vmsa);
	}
	if (pair_wanted(b, SVSM_CORE_REMAP_CA, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_REMAP_CA, 2, "vCPU 0 moves its CAA to 0x20000 while vCPU 1 "
		             "rescinds and validates it");
		add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_A });
		pvalidate_call(b, c, 1, REQ_VCPU1, rescind_validate, 2);
	}
	if (pair_wanted(b, SVSM_CORE_CREATE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_CREATE_VCPU, 2, "vCPU 0 creates a vCPU from a valid VMSA at "
		             "0x20000 while vCPU 1 rescinds that page");
		setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
		add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
		/* No page in the scope: the hypervisor's moves over 0x20000 are the pairs' above. */
		write_list(b, c, REQ_VCPU1, 1, 0, rescind_validate, 1);
		add_call(c, 1, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ_VCPU1 });
	}
	if (pair_wanted(b, SVSM_CORE_DEPOSIT_MEM, SVSM_CORE_WITHDRAW_MEM)) {
		c = add_case(b, SVSM_CORE_DEPOSIT_MEM, 2, "vCPU 0 deposits 0x20000 while vCPU 1 "
		             "withdraws one page from a pool of one (0x21000)");
		uint64_t e = PAGE_B;
		write_list(b, c, REQ, 1, 0, &e, 1);
		setup_call(b, c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		e = PAGE_A;
		write_list(b, c, REQ, 1, 0, &e, 1);
		write_list(b, c, REQ_VCPU1, 1, 0, NULL, 0);
		add_call(c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		add_call(c, 1, SVSM_CORE_WITHDRAW_MEM, (struct guest_args){ .rcx = REQ_VCPU1 });
		add_page(b, c, PAGE_A);   /* the pool's page too: 115 s instead of 37 (load 9) */
	}
	if (pair_wanted(b, SVSM_CORE_REMAP_CA, SVSM_CORE_DELETE_VCPU)) {
		c = add_case(b, SVSM_CORE_REMAP_CA, 2, "vCPU 1 moves its CAA to 0x21000 while vCPU 0 "
		             "deletes vCPU 1");
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.vcpu1_vmsa });
		add_call(c, 1, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_B });
		/*
		 * The race is over vCPU 1's registry entry; its VMSA page is
		 * left out of the scope (the pair before opens it), which
		 * took the run from 3 s to 5 minutes.
		 */
		add_page(b, c, PAGE_B);
	}
}

