/*
 * cases_single.c: the cases of one call at a time, handler by handler
 * (the classes of addresses they draw from: inputs.c and docs/verify.md).
 */
#include <stdio.h>

#include "case_builder.h"
#include "../../svsm/lib/mem.h"

/* One call of vCPU 0 whose RCX is gpa, a page the guest rescinds first if rescinded. */
static void gpa_case(struct builder *b, uint32_t call, const char *what, uint64_t gpa,
                     bool rescinded)
{
	struct vcase *c = add_case(b, call, 1, "%s", what);
	if (rescinded)
		setup_rescind(b, c, gpa);
	add_call(c, 0, call, (struct guest_args){ .rcx = gpa });
	add_page(b, c, gpa);
}

static void pvalidate_one(struct builder *b, uint64_t entry, bool rescinded, const char *what)
{
	uint64_t gpa = PVENTRY_GFN(entry) << PAGE_SHIFT;
	struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1, "%s 0x%llx%s%s",
	                           (entry & PVENTRY_VALIDATE) ? "validate" : "rescind",
	                           (unsigned long long)gpa, rescinded ? " (rescinded first)" : "",
	                           what);
	if (rescinded)
		setup_rescind(b, c, gpa);
	pvalidate_call(b, c, 0, REQ, &entry, 1);
}

void pvalidate_cases(struct builder *b)
{
	const uint64_t v = PVENTRY(PAGE_A, PSIZE_4K, true, false);
	const uint64_t r = PVENTRY(PAGE_A, PSIZE_4K, false, false);
	pvalidate_one(b, v, true, "");
	pvalidate_one(b, v, false, " (validated)");
	pvalidate_one(b, v | PVENTRY_IGNORE_CF, false, " with ignore_cf");
	pvalidate_one(b, r, false, "");
	pvalidate_one(b, r, true, "");
	pvalidate_one(b, r | PVENTRY_IGNORE_CF, false, " with ignore_cf");
	pvalidate_one(b, v | 0x10, true, " with a reserved bit set");
	pvalidate_one(b, PVENTRY(PAGE_A, 3, true, false), true, " with page size 3");
	pvalidate_one(b, PVENTRY(0, PSIZE_2M, true, false), false, " as a 2M page");
	for (unsigned i = 0; i < NCLASSES; i++) {
		char what[48];
		snprintf(what, sizeof(what), " (%s)", b->classes[i].name);
		pvalidate_one(b, PVENTRY(b->classes[i].gpa, PSIZE_4K, false, false), false, what);
		pvalidate_one(b, PVENTRY(b->classes[i].gpa, PSIZE_4K, true, false), false, what);
	}
	if (b->o->batch >= 2) {
		uint64_t two[2] = { r, v };
		struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1,
		                           "rescind 0x20000, then validate it, in one request");
		pvalidate_call(b, c, 0, REQ, two, 2);
		uint64_t both[2] = { v, PVENTRY(PAGE_B, PSIZE_4K, true, false) };
		c = add_case(b, SVSM_CORE_PVALIDATE, 1, "validate 0x20000 and 0x21000 (rescinded first)");
		setup_rescind(b, c, PAGE_A);
		setup_rescind(b, c, PAGE_B);
		pvalidate_call(b, c, 0, REQ, both, 2);
		/* The first entry fails (validated already): the second must stay undone. */
		c = add_case(b, SVSM_CORE_PVALIDATE, 1, "validate 0x20000 (validated) and 0x21000 "
		             "(rescinded first)");
		setup_rescind(b, c, PAGE_B);
		pvalidate_call(b, c, 0, REQ, both, 2);
	}
	/* The request itself: its header, its address. */
	const struct {
		const char *what;
		uint64_t req;
		unsigned entries, next;
		uint64_t entry;                /* the first entry; 0: validate 0x20000 */
	} lists[] = {
		{ "a request with no entries", REQ, 0, 0, 0 },
		{ "a request whose next is past its entries", REQ, 1, 1, 0 },
		{ "a request with more entries than its page holds", REQ, 600, 0, 0 },
		/* A rescind that would take effect, if the list were taken. */
		{ "a request one entry longer than its page holds (a rescind)", REQ,
		  (PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE + 1, 0,
		  PVENTRY(PAGE_A, PSIZE_4K, false, false) },
		{ "a request at a misaligned GPA", REQ + 4, 1, 0, 0 },
		{ "a request in a module page", b->at.module_pg, 1, 0, 0 },
		{ "a request past guest RAM", b->at.past_ram, 1, 0, 0 },
		{ "a request in the CAA's buffer", b->at.boot_caa + CAA_BUFFER, 1, 0, 0 },
	};
	for (unsigned i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1, "%s", lists[i].what);
		if (lists[i].req < b->at.past_ram && lists[i].req >= b->at.boot_caa)
			write_list(b, c, lists[i].req, lists[i].entries, lists[i].next,
			           lists[i].entry ? &lists[i].entry : &v, 1);
		add_call(c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = lists[i].req });
		add_page(b, c, PAGE_A);
	}
	/*
	 * The header says one entry more than the page holds and next names
	 * that entry: it lies whole in the next page, which the guest did not
	 * hand over (a module that takes the list reads it there).
	 */
	const unsigned room = (PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE;
	const uint64_t past = PVENTRY(PAGE_A, PSIZE_4K, false, false);
	struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1, "a request whose next is the entry "
	                           "just past its page (a rescind there)");
	write_list(b, c, REQ, room + 1, room, NULL, 0);
	uint8_t e8[8];
	store_le64(e8, past);
	write_bytes(b, c, REQ + PVREQ_HEADER_SIZE + (uint64_t)room * PVREQ_ENTRY_SIZE, e8, 8);
	add_call(c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
	add_page(b, c, PAGE_A);
	gpa_case(b, SVSM_CORE_PVALIDATE, "a request in a page not validated", PAGE_B, true);
}

static void create_case(struct builder *b, const char *what, uint64_t vmsa, uint64_t caa,
                        uint32_t apic, unsigned vmpl, uint64_t efer, uint64_t features)
{
	struct vcase *c = add_case(b, SVSM_CORE_CREATE_VCPU, 1, "%s", what);
	if (vmsa >= b->at.boot_caa && vmsa < b->at.past_ram && PAGE_ALIGNED(vmsa))
		setup_vmsa(b, c, vmsa, vmpl, efer, features);
	add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(vmsa, caa, apic));
	add_page(b, c, vmsa);
	add_page(b, c, caa);
}

static void reonline_case(struct builder *b, const char *what, unsigned vmpl)
{
	struct vcase *c = add_case(b, SVSM_CORE_CREATE_VCPU, 2, "%s", what);
	setup_vmsa(b, c, PAGE_A, vmpl, EFER_SVME, 1);
	add_call(c, 1, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, 0));
	add_page(b, c, PAGE_A);
	add_page(b, c, PAGE_B);
}

void create_vcpu_cases(struct builder *b)
{
	const unsigned vmpl = 1;
	const uint64_t svme = EFER_SVME, features = 1;
	create_case(b, "a valid VMSA at 0x20000, CAA 0x21000", PAGE_A, PAGE_B, NEW_APIC, vmpl, svme,
	            features);
	create_case(b, "a VMSA that says vmpl 0", PAGE_A, PAGE_B, NEW_APIC, 0, svme, features);
	create_case(b, "a VMSA that says vmpl 2", PAGE_A, PAGE_B, NEW_APIC, 2, svme, features);
	create_case(b, "a VMSA without EFER.SVME", PAGE_A, PAGE_B, NEW_APIC, vmpl, 0, features);
	create_case(b, "a VMSA with other SEV features", PAGE_A, PAGE_B, NEW_APIC, vmpl, svme, 3);
	create_case(b, "the CAA is the VMSA page", PAGE_A, PAGE_A, NEW_APIC, vmpl, svme, features);
	create_case(b, "a VMSA at a misaligned GPA", PAGE_A + 8, PAGE_B, NEW_APIC, vmpl, svme,
	            features);
	create_case(b, "the APIC ID of vCPU 0", PAGE_A, PAGE_B, 0, vmpl, svme, features);
	for (unsigned i = 0; i < NCLASSES; i++) {
		char what[64];
		snprintf(what, sizeof(what), "the VMSA is %s", b->classes[i].name);
		create_case(b, what, b->classes[i].gpa, PAGE_B, NEW_APIC, vmpl, svme, features);
		snprintf(what, sizeof(what), "the CAA is %s", b->classes[i].name);
		create_case(b, what, PAGE_A, b->classes[i].gpa, NEW_APIC, vmpl, svme, features);
	}
	struct vcase *c = add_case(b, SVSM_CORE_CREATE_VCPU, 1, "the CAA is a page not validated");
	setup_vmsa(b, c, PAGE_A, vmpl, svme, features);
	setup_rescind(b, c, PAGE_B);
	add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
	add_page(b, c, PAGE_A);
	add_page(b, c, PAGE_B);
	c = add_case(b, SVSM_CORE_CREATE_VCPU, 1, "a VMSA that is a VMSA already");
	setup_vmsa(b, c, PAGE_A, vmpl, svme, features);
	setup_call(b, c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
	add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, OTHER_APIC));
	add_page(b, c, PAGE_A);
	add_page(b, c, PAGE_B);
	/*
	 * A re-online: vCPU 1 (brought up at boot) gives CPU 0, which runs
	 * the boot VMSA, a new one. The CPU's activity word says replacing
	 * for the call's length, whether the new VMSA is taken or refused.
	 */
	reonline_case(b, "vCPU 1 re-onlines CPU 0 on a valid VMSA at 0x20000", vmpl);
	reonline_case(b, "vCPU 1 re-onlines CPU 0 on a VMSA that says vmpl 0", 0);
}


void delete_vcpu_cases(struct builder *b)
{
	const struct {
		const char *what;
		uint64_t rcx;
	} cases[] = {
		{ "a vCPU created at 0x20000", PAGE_A },
		{ "the caller's own VMSA", b->at.boot_vmsa },
		{ "a page that is not a VMSA", PAGE_B + 0x1000 },
		{ "a misaligned GPA", PAGE_A + 8 },
		{ "past guest RAM", b->at.past_ram },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcase *c = add_case(b, SVSM_CORE_DELETE_VCPU, 1, "%s", cases[i].what);
		setup_created(b, c);
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = cases[i].rcx });
		add_page(b, c, cases[i].rcx);
	}
	/*
	 * vCPU 1, brought up at boot, is the caller: its own VMSA is then a
	 * guest page, which only the own-VMSA check refuses.
	 */
	struct vcase *c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 1 deletes its own VMSA");
	add_call(c, 1, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.vcpu1_vmsa });
	add_page(b, c, b->at.vcpu1_vmsa);
	/*
	 * The boot VMSA is module memory, which only the guest-RAM check
	 * refuses once it is nobody's own: vCPU 1 brings CPU 0 back online
	 * on a new VMSA, the hypervisor starts vCPU 0 there, and the boot
	 * VMSA is a retired VMSA that no vCPU runs (a current one is always
	 * running or inside its own call, and refused as busy).
	 */
	c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 1 deletes the boot VMSA, retired by a "
	             "re-online of CPU 0");
	setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
	setup_call(b, c, 1, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, 0));
	setup_start(b, c, 0, PAGE_A, PAGE_B);
	add_call(c, 1, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.boot_vmsa });
	add_page(b, c, b->at.boot_vmsa);
}

void remap_ca_cases(struct builder *b)
{
	gpa_case(b, SVSM_CORE_REMAP_CA, "a validated guest page", PAGE_B, false);
	gpa_case(b, SVSM_CORE_REMAP_CA, "a guest page not validated", PAGE_B, true);
	static const struct {
		const char *what;
		uint64_t rcx;
	} more[] = {
		{ "an 8-byte-aligned GPA inside a page", PAGE_B + 8 },
		{ "a GPA aligned to nothing", PAGE_B + 1 },
	};
	for (unsigned i = 0; i < sizeof(more) / sizeof(more[0]); i++)
		gpa_case(b, SVSM_CORE_REMAP_CA, more[i].what, more[i].rcx, false);
	struct vcase *c = add_case(b, SVSM_CORE_REMAP_CA, 1, "a vCPU's VMSA at 0x20000");
	setup_created(b, c);
	add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_A });
	add_page(b, c, PAGE_A);
	for (unsigned i = 0; i < NCLASSES; i++)
		gpa_case(b, SVSM_CORE_REMAP_CA, b->classes[i].name, b->classes[i].gpa, false);
}

/* DEPOSIT_MEM of one page: a list at REQ with its entry. */
static void deposit_case(struct builder *b, const char *what, uint64_t entry, bool rescinded)
{
	uint64_t gpa = PVENTRY_GFN(entry) << PAGE_SHIFT;
	struct vcase *c = add_case(b, SVSM_CORE_DEPOSIT_MEM, 1, "%s", what);
	if (rescinded)
		setup_rescind(b, c, gpa);
	write_list(b, c, REQ, 1, 0, &entry, 1);
	add_call(c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
	add_page(b, c, gpa);
}

void deposit_mem_cases(struct builder *b)
{
	deposit_case(b, "a validated guest page", PAGE_A, false);
	deposit_case(b, "a guest page not validated", PAGE_A, true);
	deposit_case(b, "an entry with flag bits", PAGE_A | PVENTRY_VALIDATE, false);
	deposit_case(b, "an entry for a 2M page", PAGE_A | PSIZE_2M, false);
	deposit_case(b, "the list's own page", REQ, false);
	for (unsigned i = 0; i < NCLASSES; i++)
		deposit_case(b, b->classes[i].name, b->classes[i].gpa, false);
	if (b->o->batch >= 2) {
		uint64_t two[2] = { PAGE_A, PAGE_B };
		struct vcase *c = add_case(b, SVSM_CORE_DEPOSIT_MEM, 1, "two validated guest pages");
		write_list(b, c, REQ, 2, 0, two, 2);
		add_call(c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		add_page(b, c, PAGE_A);
		add_page(b, c, PAGE_B);
		/*
		 * The first entry refused without the hypervisor's help: the
		 * pages after it must be left alone on every path, not only on
		 * those where a model Z3 picked made the first fail.
		 */
		c = add_case(b, SVSM_CORE_DEPOSIT_MEM, 1, "two guest pages, the first not validated");
		setup_rescind(b, c, PAGE_A);
		write_list(b, c, REQ, 2, 0, two, 2);
		add_call(c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		add_page(b, c, PAGE_A);
		add_page(b, c, PAGE_B);
	}
}

/*
 * WITHDRAW_MEM of entries pages after the guest deposited some: pages it
 * wrote into first, so that a page handed back without being zeroed shows.
 */
static void withdraw_case(struct builder *b, const char *what, unsigned deposited,
                          unsigned entries)
{
	static const uint8_t data[8] = { 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a };
	struct vcase *c = add_case(b, SVSM_CORE_WITHDRAW_MEM, 1, "%s", what);
	for (unsigned i = 0; i < deposited; i++) {
		uint64_t e = i == 0 ? PAGE_A : PAGE_B;
		write_bytes(b, c, e + 0x100, data, sizeof(data));
		write_list(b, c, REQ, 1, 0, &e, 1);
		setup_call(b, c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		add_page(b, c, e);
	}
	write_list(b, c, REQ, entries, 0, NULL, 0);
	add_call(c, 0, SVSM_CORE_WITHDRAW_MEM, (struct guest_args){ .rcx = REQ });
}

void withdraw_mem_cases(struct builder *b)
{
	withdraw_case(b, "one page from a pool of one", 1, 1);
	withdraw_case(b, "from an empty pool", 0, 1);
	if (b->o->batch >= 2) {
		withdraw_case(b, "two pages from a pool of two", 2, 2);
		withdraw_case(b, "one page from a pool of two", 2, 1);
	}
}

void query_cases(struct builder *b)
{
	static const struct {
		uint32_t call;
		const char *what;
		uint64_t rcx;
	} cases[] = {
		{ SVSM_CORE_QUERY_PROTOCOL, "core protocol, version 1", SVSM_RAX(SVSM_PROTO_CORE, 1) },
		{ SVSM_CORE_QUERY_PROTOCOL, "core protocol, version 2", SVSM_RAX(SVSM_PROTO_CORE, 2) },
		{ SVSM_CORE_QUERY_PROTOCOL, "the attestation protocol", SVSM_RAX(SVSM_PROTO_ATTEST, 1) },
		{ SVSM_CORE_CONFIGURE_VTOM, "a query", 1 },
		{ SVSM_CORE_CONFIGURE_VTOM, "a request to configure", 0 },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcase *c = add_case(b, cases[i].call, 1, "%s", cases[i].what);
		add_call(c, 0, cases[i].call, (struct guest_args){ .rcx = cases[i].rcx });
	}
}
