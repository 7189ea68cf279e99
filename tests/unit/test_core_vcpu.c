/*
 * test_core_vcpu.c: core calls 2 and 3, CREATE_VCPU and DELETE_VCPU.
 * For each check of docs/module.md the exact result code, and the state
 * after: the RMP entry of the save area, the module's registry, the ghost
 * owners, and whether the guest still has its page; and that no run-time
 * check fired.
 */
#include "sim_fixture.h"

/* A page the guest holds: validated, every permission, not a VMSA, owner GUEST. */
static void assert_guest_holds(struct sim *s, uint64_t gpa)
{
	assert_true(rmp_of(s, gpa)->validated);
	assert_false(rmp_of(s, gpa)->vmsa);
	assert_int_equal(rmp_of(s, gpa)->perms[1], PERM_ALL);
	assert_int_equal(owner_at(s, gpa), OWNER_GUEST);
	assert_true(guest_can_write(s, gpa));
}

/* A failed CREATE_VCPU left only vCPU 0 and gave the guest both pages back. */
static void assert_nothing_created(struct sim *s, uint64_t vmsa, uint64_t caa)
{
	assert_int_equal(vcpus_registered(s), 1);
	assert_guest_holds(s, vmsa);
	assert_guest_holds(s, caa);
}

/* The registry slot of a CPU (slot i is the CPU with APIC ID i in the simulator). */
static void assert_slot(const struct sim *s, unsigned slot, uint64_t vmsa, uint64_t caa)
{
	const struct svsm_vcpu *v = &s->sv.vcpus[slot];
	assert_true(v->used);
	assert_int_equal(v->vmsa_gpa, vmsa);
	assert_int_equal(v->caa_gpa, caa);
}

/* EFER of a save area, as the guest (who may read a VMSA) sees it. */
static uint64_t vmsa_efer(struct sim *s, uint64_t vmsa)
{
	uint8_t b[8];
	uint64_t v = 0;
	assert_int_equal(guest_read(s, vmsa + VMSA_EFER, b, 8).fault, FAULT_NONE);
	for (unsigned i = 0; i < 8; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

static void create_vcpu_installs_a_read_only_vmsa(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 3), SVSM_SUCCESS);
	const struct rmp_entry *e = rmp_of(s, PAGE_A);
	assert_true(e->vmsa);
	assert_true(e->validated);
	assert_int_equal(e->perms[1], PERM_R);
	assert_true(guest_can_read(s, PAGE_A));
	assert_false(guest_can_write(s, PAGE_A));
	assert_int_equal(vcpus_registered(s), 2);
	assert_slot(s, 3, PAGE_A, PAGE_B);   /* bound to the CPU with APIC ID 3 */
	assert_int_equal(owner_at(s, PAGE_A), OWNER_VMSA);
	assert_int_equal(owner_at(s, PAGE_B), OWNER_CAA);
	/* The CAA stays an ordinary page to the guest: it writes call_pending there. */
	assert_int_equal(rmp_of(s, PAGE_B)->perms[1], PERM_ALL);
	assert_clean(s);
	sim_free(s);
}

/* The hypervisor runs the new VMSA; its first call comes through its own CAA. */
static void created_vcpu_starts_and_calls_through_its_caa(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_true(guest_start_vcpu(s, 1, PAGE_A, PAGE_B));
	assert_int_equal(s->m.vcpu[1].mode, VCPU_GUEST);
	struct guest_result out;
	assert_int_equal(core_call(s, 1, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, &out),
	                 SVSM_SUCCESS);
	assert_int_equal(out.rcx, CORE_V1_ANSWER);
	assert_int_equal(s->calls[1].caa_gpa, PAGE_B);
	/* And a locked call, on the new vCPU's behalf. */
	uint64_t e = PVENTRY(PAGE_C, PSIZE_4K, false, false);
	uint32_t rc = 0;
	unsigned next = 0;
	assert_int_equal(guest_pvalidate(s, 1, REQ_GPA, &e, 1, &rc, &next), 0);
	assert_int_equal(rc, SVSM_SUCCESS);
	assert_int_equal(next, 1);
	assert_false(rmp_of(s, PAGE_C)->validated);
	assert_clean(s);
	sim_free(s);
}

/* Two vCPUs may share one Calling Area page. */
static void create_vcpu_may_share_a_caa(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t boot_caa = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(create_good_vcpu(s, PAGE_A, boot_caa, 1), SVSM_SUCCESS);
	assert_int_equal(create_good_vcpu(s, PAGE_B, boot_caa, 2), SVSM_SUCCESS);
	assert_int_equal(vcpus_registered(s), 3);
	assert_slot(s, 2, PAGE_B, boot_caa);
	assert_int_equal(owner_at(s, boot_caa), OWNER_CAA);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_unaligned_vmsa_or_caa_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	put_vmsa(s, PAGE_A, 1, EFER_SVME, sim_layout(s)->sev_features);
	static const uint64_t off[] = { 8, 1, PAGE_SIZE - 8 };
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A + off[i], PAGE_B, 1, NULL),
		                 SVSM_ERR_INVALID_PARAMETER);
		assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B + off[i], 1, NULL),
		                 SVSM_ERR_INVALID_PARAMETER);
	}
	assert_nothing_created(s, PAGE_A, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_vmsa_not_guest_ram_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t bad[] = { RAM_END, 0x100000, MODULE_PAGE, 0x1000,
	                                0xfffffffffffff000ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, bad[i], PAGE_B, 1, NULL),
		                 SVSM_ERR_INVALID_ADDRESS);
	assert_false(rmp_of(s, MODULE_PAGE)->vmsa);
	assert_int_equal(owner_at(s, MODULE_PAGE), OWNER_MODULE);
	assert_int_equal(vcpus_registered(s), 1);
	assert_guest_holds(s, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

/* The CAA: not guest RAM, or a guest page the module has not validated. */
static void create_vcpu_caa_not_guest_ram_or_not_validated_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	put_vmsa(s, PAGE_A, 1, EFER_SVME, sim_layout(s)->sev_features);
	static const uint64_t bad[] = { RAM_END, 0x100000, MODULE_PAGE, 0x2000 /* boot VMSA */ };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, bad[i], 1, NULL),
		                 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(pvalidate_page(s, PAGE_C, false, false), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_C, 1, NULL),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(owner_at(s, PAGE_C), OWNER_SHARED);
	assert_int_equal(vcpus_registered(s), 1);
	assert_guest_holds(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_pooled_vmsa_or_caa_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	put_vmsa(s, PAGE_A, 1, EFER_SVME, sim_layout(s)->sev_features);
	deposit_page(s, PAGE_C);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_C, PAGE_B, 1, NULL),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_C, 1, NULL),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_false(rmp_of(s, PAGE_C)->vmsa);
	assert_int_equal(owner_at(s, PAGE_C), OWNER_MODULE);
	assert_int_equal(s->sv.pool_count, 1);
	assert_nothing_created(s, PAGE_A, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

/* AMD erratum: a 2M-aligned VMSA (GPA 0x200000 exists on a 1024-page machine). */
static void create_vcpu_2m_aligned_vmsa_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 1024, 1);
	const uint64_t vmsa = 0x200000;
	assert_int_equal(create_good_vcpu(s, vmsa, PAGE_B, 1), SVSM_ERR_INVALID_PARAMETER);
	assert_nothing_created(s, vmsa, PAGE_B);
	/* The page next to it is fine. */
	assert_int_equal(create_good_vcpu(s, vmsa + PAGE_SIZE, PAGE_B, 1), SVSM_SUCCESS);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_vmsa_equal_to_caa_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_A, 1), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(vcpus_registered(s), 1);
	assert_guest_holds(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* The boot CAA as the new VMSA: a page the module writes call_pending into. */
static void create_vcpu_vmsa_that_is_a_caa_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t boot_caa = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(create_good_vcpu(s, boot_caa, PAGE_B, 1), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(vcpus_registered(s), 1);
	assert_false(rmp_of(s, boot_caa)->vmsa);
	assert_int_equal(rmp_of(s, boot_caa)->perms[1], PERM_ALL);
	assert_int_equal(owner_at(s, boot_caa), OWNER_CAA);
	assert_guest_holds(s, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_caa_that_is_a_vmsa_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_int_equal(create_good_vcpu(s, PAGE_C, PAGE_A, 2), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(vcpus_registered(s), 2);
	assert_guest_holds(s, PAGE_C);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_VMSA);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_registered_vmsa_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_C, 2, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(vcpus_registered(s), 2);
	assert_slot(s, 1, PAGE_A, PAGE_B);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_int_equal(rmp_of(s, PAGE_A)->perms[1], PERM_R);
	assert_guest_holds(s, PAGE_C);
	assert_clean(s);
	sim_free(s);
}

/* A VMSA is bound to the CPU with its APIC ID; the platform's APIC IDs are 0 to MACHINE_MAX_VCPUS - 1. */
static void create_vcpu_unknown_apic_id_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t bad[] = { MACHINE_MAX_VCPUS, 99, 0xffffffffu, 1ull << 32 | 99 };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_vmsa(s, PAGE_A, s->m.guest_vmpl, EFER_SVME, sim_layout(s)->sev_features);
		assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B, bad[i], NULL),
		                 SVSM_ERR_INVALID_PARAMETER);
		assert_nothing_created(s, PAGE_A, PAGE_B);
	}
	/* Only R8[31:0] is the APIC ID: 2 with high bits set is CPU 2. */
	put_vmsa(s, PAGE_A, s->m.guest_vmpl, EFER_SVME, sim_layout(s)->sev_features);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B, 1ull << 32 | 2, NULL),
	                 SVSM_SUCCESS);
	assert_slot(s, 2, PAGE_A, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

/* The caller's own APIC ID: the answer would go into the VMSA the call replaced. */
static void create_vcpu_for_the_callers_own_cpu_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 0), SVSM_ERR_INVALID_PARAMETER);
	assert_nothing_created(s, PAGE_A, PAGE_B);
	assert_slot(s, 0, sim_layout(s)->boot_vmsa_gpa, sim_layout(s)->boot_caa_gpa);
	assert_clean(s);
	sim_free(s);
}

/*
 * CPU re-online as Linux does it (wakeup_cpu_via_vmgexit): CREATE_VCPU of
 * a new VMSA for the same APIC ID and the same CAA, AP_CREATE, then
 * DELETE_VCPU of the old VMSA. The old VMSA stays a VMSA the module holds
 * until then, and the hardware still protects it while it runs.
 */
static void create_vcpu_again_for_a_cpu_retires_its_vmsa_until_deleted(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_true(guest_start_vcpu(s, 1, PAGE_A, PAGE_B));

	assert_int_equal(create_good_vcpu(s, PAGE_C, PAGE_B, 1), SVSM_SUCCESS);
	assert_slot(s, 1, PAGE_C, PAGE_B);
	assert_true(s->sv.vcpus[1].has_retired);
	assert_int_equal(s->sv.vcpus[1].retired_vmsa_gpa, PAGE_A);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_VMSA);
	assert_int_equal(owner_at(s, PAGE_C), OWNER_VMSA);
	assert_int_equal(owner_at(s, PAGE_B), OWNER_CAA);
	/* The retired VMSA is still held: not a CAA, not a VMSA twice. */
	assert_int_equal(create_good_vcpu(s, PAGE_D, PAGE_A, 2), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_D, 2, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);

	/* vCPU 1 still runs the old VMSA: the hardware refuses, BUSY, nothing changes. */
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_A, 0, 0, NULL), SVSM_ERR_BUSY);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_true(vmsa_efer(s, PAGE_A) & EFER_SVME);
	assert_true(s->sv.vcpus[1].has_retired);

	/* AP_CREATE: the hypervisor runs the new VMSA; the old one can go. */
	assert_true(guest_start_vcpu(s, 1, PAGE_C, PAGE_B));
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_A, 0, 0, NULL), SVSM_SUCCESS);
	assert_false(s->sv.vcpus[1].has_retired);
	assert_guest_holds(s, PAGE_A);
	assert_slot(s, 1, PAGE_C, PAGE_B);

	/* The CPU calls through its CAA, served on CPU 1. */
	struct guest_result out;
	assert_int_equal(core_call(s, 1, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, &out),
	                 SVSM_SUCCESS);
	assert_int_equal(s->calls[1].caa_gpa, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

/* Linux's error path: the new VMSA and then the old one are deleted; the CPU is free again. */
static void delete_vcpu_of_the_new_then_the_retired_vmsa_frees_the_cpu(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_int_equal(create_good_vcpu(s, PAGE_C, PAGE_D, 1), SVSM_SUCCESS);
	/* A new CAA: the old one went back to the guest with the old VMSA's retirement. */
	assert_int_equal(owner_at(s, PAGE_B), OWNER_GUEST);
	assert_int_equal(owner_at(s, PAGE_D), OWNER_CAA);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_C, 0, 0, NULL), SVSM_SUCCESS);
	assert_false(s->sv.vcpus[1].used);
	assert_true(s->sv.vcpus[1].has_retired);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_A, 0, 0, NULL), SVSM_SUCCESS);
	assert_false(s->sv.vcpus[1].has_retired);
	assert_nothing_created(s, PAGE_A, PAGE_B);
	assert_guest_holds(s, PAGE_C);
	assert_guest_holds(s, PAGE_D);
	assert_clean(s);
	sim_free(s);
}

/* One retired VMSA per CPU: a second re-online waits for the first one's DELETE_VCPU. */
static void create_vcpu_while_a_retired_vmsa_is_held_is_invalid_request(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, 4);
	assert_int_equal(vcpus_registered(s), 4);
	uint64_t old = s->sv.vcpus[2].vmsa_gpa;
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 2), SVSM_SUCCESS);
	assert_int_equal(create_good_vcpu(s, PAGE_C, PAGE_B, 2), SVSM_ERR_INVALID_REQUEST);
	assert_guest_holds(s, PAGE_C);
	assert_slot(s, 2, PAGE_A, PAGE_B);
	assert_int_equal(s->sv.vcpus[2].retired_vmsa_gpa, old);
	assert_clean(s);
	sim_free(s);
}

/* A vCPU whose call is in the module is not replaced under it: BUSY, as for DELETE_VCPU. */
static void create_vcpu_for_a_cpu_inside_a_call_is_busy(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, 2);
	uint64_t old = s->sv.vcpus[1].vmsa_gpa;
	/* A call of vCPU 1 is under way: the simulator's record and the module's word say so. */
	s->calls[1].active = true;
	s->sv.vcpus[1].activity = VCPU_SERVING;   /* as svsm_handle_request sets it */
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_ERR_BUSY);
	assert_guest_holds(s, PAGE_A);
	assert_int_equal(s->sv.vcpus[1].vmsa_gpa, old);
	assert_false(s->sv.vcpus[1].has_retired);
	s->sv.vcpus[1].activity = VCPU_IDLE;
	s->calls[1].active = false;
	assert_clean(s);
	sim_free(s);
}

/* A save area the guest wrote with one field wrong; returns RAX. */
static uint32_t create_with(struct sim *s, unsigned vmpl, uint64_t efer, uint64_t features)
{
	put_vmsa(s, PAGE_A, vmpl, efer, features);
	return core_call(s, 0, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B, 1, NULL);
}

static void create_vcpu_wrong_vmpl_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t f = sim_layout(s)->sev_features;
	for (unsigned vmpl = 0; vmpl <= 3; vmpl++) {
		if (vmpl == s->m.guest_vmpl)
			continue;
		assert_int_equal(create_with(s, vmpl, EFER_SVME, f), SVSM_ERR_INVALID_PARAMETER);
		assert_nothing_created(s, PAGE_A, PAGE_B);
	}
	assert_int_equal(create_with(s, 0xff, EFER_SVME, f), SVSM_ERR_INVALID_PARAMETER);
	assert_nothing_created(s, PAGE_A, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_efer_svme_clear_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t f = sim_layout(s)->sev_features;
	assert_int_equal(create_with(s, 1, 0, f), SVSM_ERR_INVALID_PARAMETER);
	assert_nothing_created(s, PAGE_A, PAGE_B);
	assert_int_equal(create_with(s, 1, ~EFER_SVME, f), SVSM_ERR_INVALID_PARAMETER);
	assert_nothing_created(s, PAGE_A, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

static void create_vcpu_other_sev_features_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t f = sim_layout(s)->sev_features;
	static const uint64_t other[] = { 0, 0x3, 0x1ull << 63 | 0x1 };
	for (unsigned i = 0; i < 3; i++) {
		assert_int_not_equal(other[i], f);
		assert_int_equal(create_with(s, 1, EFER_SVME, other[i]), SVSM_ERR_INVALID_PARAMETER);
		assert_nothing_created(s, PAGE_A, PAGE_B);
	}
	/* The guest, its page given back, fixes the field and tries again. */
	assert_int_equal(create_with(s, 1, EFER_SVME, f), SVSM_SUCCESS);
	assert_clean(s);
	sim_free(s);
}

/* --- DELETE_VCPU --- */

static void delete_vcpu_gives_the_page_back_and_frees_the_slot(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_A, 0, 0, NULL), SVSM_SUCCESS);
	assert_false(s->sv.vcpus[1].used);
	assert_nothing_created(s, PAGE_A, PAGE_B);
	/* Step 1 made the save area unrunnable. */
	assert_false(vmsa_efer(s, PAGE_A) & EFER_SVME);
	assert_false(guest_start_vcpu(s, 1, PAGE_A, PAGE_B));
	/* The slot and the APIC ID can be used again. */
	assert_int_equal(create_good_vcpu(s, PAGE_C, PAGE_D, 1), SVSM_SUCCESS);
	assert_slot(s, 1, PAGE_C, PAGE_D);
	assert_clean(s);
	sim_free(s);
}

/* A CAA shared by two vCPUs goes back to the guest only with its last user. */
static void delete_vcpu_keeps_a_caa_another_vcpu_uses(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_C, 1), SVSM_SUCCESS);
	assert_int_equal(create_good_vcpu(s, PAGE_B, PAGE_C, 2), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_A, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(owner_at(s, PAGE_C), OWNER_CAA);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_GUEST);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, PAGE_B, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(owner_at(s, PAGE_C), OWNER_GUEST);
	assert_int_equal(vcpus_registered(s), 1);
	assert_guest_holds(s, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

static void delete_vcpu_not_registered_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	static const uint64_t bad[] = { PAGE_C, PAGE_B /* a CAA */, PAGE_A + 8, PAGE_A + 1,
	                                RAM_END, MODULE_PAGE, 0xfffffffffffff000ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, bad[i], 0, 0, NULL),
		                 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(vcpus_registered(s), 2);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_true(vmsa_efer(s, PAGE_A) & EFER_SVME);
	assert_guest_holds(s, PAGE_C);
	assert_clean(s);
	sim_free(s);
}

/* vCPU 0's own VMSA (the boot VMSA), and a started vCPU 1 deleting itself. */
static void delete_vcpu_own_vmsa_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t boot_vmsa = sim_layout(s)->boot_vmsa_gpa;
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, boot_vmsa, 0, 0, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_true(guest_start_vcpu(s, 1, PAGE_A, PAGE_B));
	assert_int_equal(core_call(s, 1, SVSM_CORE_DELETE_VCPU, PAGE_A, 0, 0, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(vcpus_registered(s), 2);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_true(rmp_of(s, boot_vmsa)->vmsa);
	assert_int_equal(s->m.vcpu[1].mode, VCPU_GUEST);
	assert_clean(s);
	sim_free(s);
}

/* The boot VMSA is module memory: not even another vCPU may delete it. */
static void delete_vcpu_boot_vmsa_from_another_vcpu_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, 2);
	uint64_t boot_vmsa = sim_layout(s)->boot_vmsa_gpa;
	assert_int_equal(core_call(s, 1, SVSM_CORE_DELETE_VCPU, boot_vmsa, 0, 0, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_true(rmp_of(s, boot_vmsa)->vmsa);
	assert_int_equal(rmp_of(s, boot_vmsa)->perms[1], PERM_R);
	assert_int_equal(owner_at(s, boot_vmsa), OWNER_VMSA);
	assert_true(s->sv.vcpus[0].used);
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, NULL),
	                 SVSM_SUCCESS);
	assert_clean(s);
	sim_free(s);
}

/* vCPU 1 runs its guest: the hardware refuses (FAIL_INUSE), the module restores EFER. */
static void delete_vcpu_running_is_busy_and_restores_efer(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, 2);
	uint64_t vmsa = s->sv.vcpus[1].vmsa_gpa, caa = s->sv.vcpus[1].caa_gpa;
	assert_int_equal(s->m.vcpu[1].mode, VCPU_GUEST);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, vmsa, 0, 0, NULL), SVSM_ERR_BUSY);
	assert_true(rmp_of(s, vmsa)->vmsa);
	assert_int_equal(rmp_of(s, vmsa)->perms[1], PERM_R);
	assert_true(vmsa_efer(s, vmsa) & EFER_SVME);
	assert_true(s->sv.vcpus[1].used);
	assert_int_equal(owner_at(s, vmsa), OWNER_VMSA);
	assert_int_equal(owner_at(s, caa), OWNER_CAA);
	assert_int_equal(core_call(s, 1, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, NULL),
	                 SVSM_SUCCESS);
	assert_clean(s);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_vcpu_installs_a_read_only_vmsa),
		cmocka_unit_test(created_vcpu_starts_and_calls_through_its_caa),
		cmocka_unit_test(create_vcpu_may_share_a_caa),
		cmocka_unit_test(create_vcpu_unaligned_vmsa_or_caa_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_vmsa_not_guest_ram_is_invalid_address),
		cmocka_unit_test(create_vcpu_caa_not_guest_ram_or_not_validated_is_invalid_address),
		cmocka_unit_test(create_vcpu_pooled_vmsa_or_caa_is_invalid_address),
		cmocka_unit_test(create_vcpu_2m_aligned_vmsa_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_vmsa_equal_to_caa_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_vmsa_that_is_a_caa_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_caa_that_is_a_vmsa_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_registered_vmsa_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_unknown_apic_id_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_for_the_callers_own_cpu_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_again_for_a_cpu_retires_its_vmsa_until_deleted),
		cmocka_unit_test(delete_vcpu_of_the_new_then_the_retired_vmsa_frees_the_cpu),
		cmocka_unit_test(create_vcpu_while_a_retired_vmsa_is_held_is_invalid_request),
		cmocka_unit_test(create_vcpu_for_a_cpu_inside_a_call_is_busy),
		cmocka_unit_test(create_vcpu_wrong_vmpl_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_efer_svme_clear_is_invalid_parameter),
		cmocka_unit_test(create_vcpu_other_sev_features_is_invalid_parameter),
		cmocka_unit_test(delete_vcpu_gives_the_page_back_and_frees_the_slot),
		cmocka_unit_test(delete_vcpu_keeps_a_caa_another_vcpu_uses),
		cmocka_unit_test(delete_vcpu_not_registered_is_invalid_parameter),
		cmocka_unit_test(delete_vcpu_own_vmsa_is_invalid_parameter),
		cmocka_unit_test(delete_vcpu_boot_vmsa_from_another_vcpu_is_invalid_parameter),
		cmocka_unit_test(delete_vcpu_running_is_busy_and_restores_efer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
