/*
 * selftest.c: guest_main, the guest kernel's self-test of the module.
 *
 * Every core call's success path and some error paths, through the real
 * calling convention. Each check prints "PASS name" or "FAIL name: what
 * happened"; the guest exits with 0 when none failed. A catalog bug
 * switched on (svsmlab qemu --bug) shows here as a FAIL whose line says
 * what the guest obtained that the correct module refuses.
 */
#include "guest.h"

/* Guest pages the tests use; the linker puts them in .bss, so guest RAM. */
enum { LIST, TARGET, BATCH0, BATCH1, BATCH2, VMSA, CAA2, DEPOSIT, NPAGES };
static uint8_t pages[NPAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

static unsigned failures;

static void check(const char *name, bool ok, const char *why)
{
	qguest_puts(ok ? "PASS " : "FAIL ");
	qguest_puts(name);
	if (!ok) {
		qguest_puts(": ");
		qguest_puts(why);
		failures++;
	}
	qguest_puts("\n");
}

/*
 * One core call; RAX out (the SVSM result), or ~0 when the module did not
 * answer. Not inlined: a frame of its own, so that gdb's `finish` shows
 * each call's result (docs/qemu.md).
 */
static __attribute__((noinline)) uint64_t core(uint32_t call, uint64_t rcx, uint64_t rdx, uint64_t r8, struct qguest_regs *out)
{
	struct qguest_regs r = { SVSM_RAX(SVSM_PROTO_CORE, call), rcx, rdx, r8, 0 };
	bool answered = qguest_svsm_call(&r);
	if (out)
		*out = r;
	return answered ? (uint32_t)r.rax : ~0ull;
}

static uint64_t gpa_of(unsigned page)
{
	return qguest_gpa(pages[page]);
}

/* The page list in pages[LIST]: a header and n entries. */
static void list_set(unsigned n, const uint64_t *entries)
{
	uint8_t *l = pages[LIST];
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		l[i] = 0;
	*(uint16_t *)(l + PVREQ_ENTRIES) = (uint16_t)n;
	for (unsigned i = 0; i < n; i++)
		*(uint64_t *)(l + PVREQ_HEADER_SIZE + i * PVREQ_ENTRY_SIZE) = entries[i];
}

static unsigned list_next(void)
{
	return *(uint16_t *)(pages[LIST] + PVREQ_NEXT);
}

static uint64_t pvalidate(unsigned n, const uint64_t *entries)
{
	list_set(n, entries);
	return core(SVSM_CORE_PVALIDATE, gpa_of(LIST), 0, 0, NULL);
}

static bool all_zero(const uint8_t *p)
{
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		if (p[i])
			return false;
	return true;
}

static void test_query(void)
{
	struct qguest_regs r;
	uint64_t rc = core(SVSM_CORE_QUERY_PROTOCOL,
	                   ((uint64_t)SVSM_PROTO_CORE << 32) | SVSM_CORE_VERSION, 0, 0, &r);
	check("query_protocol_core", rc == SVSM_SUCCESS && r.rcx == ((1ull << 32) | 1),
	      "core protocol version 1 not reported");
	rc = core(SVSM_CORE_QUERY_PROTOCOL, ((uint64_t)SVSM_PROTO_ATTEST << 32) | 1, 0, 0, &r);
	check("query_protocol_unknown", rc == SVSM_SUCCESS && r.rcx == 0,
	      "a protocol the module lacks was reported");

	r = (struct qguest_regs){ SVSM_RAX(7, 0), 0, 0, 0, 0 };
	check("unsupported_protocol",
	      qguest_svsm_call(&r) && (uint32_t)r.rax == SVSM_ERR_UNSUPPORTED_PROTOCOL,
	      "protocol 7 was not refused");
	check("unsupported_call", core(42, 0, 0, 0, NULL) == SVSM_ERR_UNSUPPORTED_CALL,
	      "core call 42 was not refused");
	rc = core(SVSM_CORE_CONFIGURE_VTOM, 1, 0, 0, &r);
	check("configure_vtom_query", rc == SVSM_SUCCESS && r.rcx == 0,
	      "vTOM reported as supported");
}

static void test_pvalidate(void)
{
	uint8_t *t = pages[TARGET];
	t[0] = 0xab;
	uint64_t rescind = PVENTRY(gpa_of(TARGET), PSIZE_4K, false, false);
	uint64_t validate = PVENTRY(gpa_of(TARGET), PSIZE_4K, true, false);
	bool ok = pvalidate(1, &rescind) == SVSM_SUCCESS && pvalidate(1, &validate) == SVSM_SUCCESS;
	check("pvalidate_rescind_validate", ok, "rescind then validate of a guest page failed");
	check("pvalidate_zeroes", ok && all_zero(t),
	      "a page validated again still holds its old contents");

	check("pvalidate_unchanged", pvalidate(1, &validate) == SVSM_PVALIDATE_FAIL_UNCHANGED,
	      "validating a validated page was not reported as unchanged");
	uint64_t ignore = PVENTRY(gpa_of(TARGET), PSIZE_4K, true, true);
	check("pvalidate_ignore_cf", pvalidate(1, &ignore) == SVSM_SUCCESS,
	      "ignore_cf did not make 'unchanged' a success");

	uint64_t module = PVENTRY(QEMU_SECRETS_GPA, PSIZE_4K, false, false);
	check("pvalidate_module_page_refused", pvalidate(1, &module) == SVSM_ERR_INVALID_ADDRESS,
	      "the module's secrets page was rescinded for the guest");
}

/* A batch whose second entry is malformed: the call stops there, and resumes from `next`. */
static void test_pvalidate_batch(void)
{
	uint64_t e[3];
	for (unsigned i = 0; i < 3; i++)
		e[i] = PVENTRY(gpa_of(BATCH0 + i), PSIZE_4K, false, false);
	e[1] |= 0x10;   /* a reserved bit */
	uint64_t rc = pvalidate(3, e);
	check("pvalidate_reserved_bits_refused", rc == SVSM_ERR_INVALID_PARAMETER && list_next() == 1,
	      "an entry with reserved bits set was carried out");

	*(uint64_t *)(pages[LIST] + PVREQ_HEADER_SIZE + PVREQ_ENTRY_SIZE) &= ~0x10ull;
	rc = core(SVSM_CORE_PVALIDATE, gpa_of(LIST), 0, 0, NULL);
	check("pvalidate_batch_resume", rc == SVSM_SUCCESS && list_next() == 3,
	      "the batch did not resume from 'next' to the end");

	for (unsigned i = 0; i < 3; i++)
		e[i] = PVENTRY(gpa_of(BATCH0 + i), PSIZE_4K, true, true);
	check("pvalidate_batch_validate", pvalidate(3, e) == SVSM_SUCCESS,
	      "validating the batch's pages again failed");
}

/* A VMSA in pages[VMSA] at the given VMPL; svme: whether EFER.SVME is set. */
static void vmsa_set(uint8_t vmpl, bool svme)
{
	uint8_t *v = pages[VMSA];
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		v[i] = 0;
	v[VMSA_VMPL] = vmpl;
	*(uint64_t *)(v + VMSA_EFER) = svme ? EFER_SVME : 0;
	*(uint64_t *)(v + VMSA_SEV_FEATURES) = QEMU_SEV_FEATURES;
}

static uint64_t create_vcpu(void)
{
	return core(SVSM_CORE_CREATE_VCPU, gpa_of(VMSA), gpa_of(CAA2), 1, NULL);
}

static uint64_t delete_vcpu(void)
{
	return core(SVSM_CORE_DELETE_VCPU, gpa_of(VMSA), 0, 0, NULL);
}

static void test_vcpu(void)
{
	vmsa_set(QEMU_GUEST_VMPL, false);
	check("create_vcpu_bad_vmsa_refused", create_vcpu() == SVSM_ERR_INVALID_PARAMETER,
	      "a VMSA without EFER.SVME was accepted");

	vmsa_set(0, true);
	bool refused = create_vcpu() == SVSM_ERR_INVALID_PARAMETER;
	check("create_vcpu_vmpl0_refused", refused,
	      "ESCALATION: the module made a guest page the VMSA of a VMPL0 vCPU");
	if (!refused)
		delete_vcpu();   /* give the page back, so the next test can use it */

	/* A Calling Area the guest must write, on the page that becomes the VMSA. */
	vmsa_set(QEMU_GUEST_VMPL, true);
	refused = core(SVSM_CORE_CREATE_VCPU, gpa_of(VMSA), gpa_of(VMSA), 1, NULL) ==
	          SVSM_ERR_INVALID_PARAMETER;
	check("create_vcpu_caa_on_vmsa_refused", refused,
	      "the new vCPU's Calling Area is its own VMSA page, which the module writes");
	if (!refused)
		delete_vcpu();

	check("create_vcpu", create_vcpu() == SVSM_SUCCESS, "a good VMSA was refused");
	check("delete_vcpu", delete_vcpu() == SVSM_SUCCESS, "DELETE_VCPU failed");
	pages[VMSA][0] = 1;   /* the page is the guest's again: this write must not fault */
}

static void test_memory(void)
{
	pages[DEPOSIT][0] = 0xcd;
	uint64_t e = PVENTRY(gpa_of(DEPOSIT), PSIZE_4K, false, false);
	list_set(1, &e);
	check("deposit_mem", core(SVSM_CORE_DEPOSIT_MEM, gpa_of(LIST), 0, 0, NULL) == SVSM_SUCCESS,
	      "DEPOSIT_MEM of a guest page failed");

	list_set(1, &e);
	*(uint64_t *)(pages[LIST] + PVREQ_HEADER_SIZE) = 0;
	uint64_t rc = core(SVSM_CORE_WITHDRAW_MEM, gpa_of(LIST), 0, 0, NULL);
	uint64_t got = *(uint64_t *)(pages[LIST] + PVREQ_HEADER_SIZE);
	check("withdraw_mem", rc == SVSM_SUCCESS && list_next() == 1 &&
	      PVENTRY_GFN(got) << PAGE_SHIFT == gpa_of(DEPOSIT) && all_zero(pages[DEPOSIT]),
	      "WITHDRAW_MEM did not give the deposited page back, zeroed");
}

/* Last: with bug remap-ca-unchecked the Calling Area ends up where the guest cannot write. */
static void test_remap_ca(void)
{
	bool ok = core(SVSM_CORE_REMAP_CA, gpa_of(CAA2), 0, 0, NULL) == SVSM_SUCCESS;
	qguest_set_caa(gpa_of(CAA2));
	ok = ok && core(SVSM_CORE_QUERY_PROTOCOL, 0, 0, 0, NULL) == SVSM_SUCCESS;
	ok = ok && core(SVSM_CORE_REMAP_CA, QEMU_GUEST_BASE, 0, 0, NULL) == SVSM_SUCCESS;
	qguest_set_caa(QEMU_GUEST_BASE);
	check("remap_ca", ok, "moving the Calling Area and back failed");

	check("remap_ca_module_page_refused",
	      core(SVSM_CORE_REMAP_CA, QEMU_SECRETS_GPA, 0, 0, NULL) == SVSM_ERR_INVALID_ADDRESS,
	      "the Calling Area was moved onto the module's secrets page");
}

/*
 * For bench/bench_qemu.c: QUERY_PROTOCOL through the whole trap path,
 * BENCH_CALLS times between two console lines the host times.
 */
#define BENCH_CALLS 20000

static int bench(void)
{
	qguest_puts("guest: bench start\n");
	unsigned bad = 0;
	for (unsigned i = 0; i < BENCH_CALLS; i++)
		bad += core(SVSM_CORE_QUERY_PROTOCOL, 1, 0, 0, NULL) != SVSM_SUCCESS;
	qguest_put_hex("guest: bench done, calls ", BENCH_CALLS);
	qguest_put_hex(", failed ", bad);
	qguest_puts("\n");
	return bad != 0;
}

/*
 * Rescind a page, then read it: on SEV-SNP a #VC (page not validated),
 * which the platform reports in the model's words before the run ends.
 */
static int fault(void)
{
	uint64_t rescind = PVENTRY(gpa_of(TARGET), PSIZE_4K, false, false);
	if (pvalidate(1, &rescind) != SVSM_SUCCESS)
		return 1;
	qguest_put_hex("guest: reading the rescinded page at gpa ", gpa_of(TARGET));
	qguest_puts("\n");
	return *(volatile uint8_t *)pages[TARGET];   /* never returns: the run ends here */
}

/*
 * Spin without a trap: no SVSM call, no console write. Only the
 * module's timer lets gdb's Ctrl-C stop it (tests/cli/qemu.sh, which
 * finds it by name: not inlined).
 */
static volatile uint64_t spins;

_Noreturn static __attribute__((noinline)) void spin(void)
{
	qguest_puts("guest: spinning\n");
	for (;;)
		spins++;
}

int guest_main(uint64_t mode);

int guest_main(uint64_t mode)
{
	qguest_puts("guest: running in ring 3 at VMPL1\n");
	if (mode == QEMU_GUEST_BENCH)
		return bench();
	if (mode == QEMU_GUEST_FAULT)
		return fault();
	if (mode == QEMU_GUEST_SPIN)
		spin();
	test_query();
	test_pvalidate();
	test_pvalidate_batch();
	test_vcpu();
	test_memory();
	test_remap_ca();
	qguest_put_hex("guest: self-test done, failures ", failures);
	qguest_puts("\n");
	return failures ? 1 : 0;
}
