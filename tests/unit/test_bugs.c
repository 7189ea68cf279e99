/*
 * test_bugs.c: every bug of the catalog, written out as a concrete attack.
 * With the bug off the attack fails and no check fires; with it on the
 * check the catalog names fires.
 */
#include "sim_fixture.h"
#include "../../explorer/catalog/catalog.h"

#define SPARE_GPA 0x3000ull   /* a module page */

/* Hypervisor: bind the SPA of the module's secrets page to PAGE_A when asked for it. */
static uint32_t rebind_secret(struct sim *s, unsigned vcpu, uint64_t gpa, unsigned op, void *arg)
{
	(void)vcpu;
	(void)arg;
	if (gpa != PAGE_A || op != GHCB_PSC_PRIVATE)
		return machine_page_state_change(&s->m, gpa, op);
	uint64_t spa = npt_lookup(&s->m, sim_layout(s)->secrets_gpa);
	struct rmp_update u = { .assigned = true, .asid = s->m.asid, .gpa = gpa };
	assert_int_equal(machine_rmpupdate(&s->m, spa, &u), 0);
	npt_map(&s->m, gpa, spa);
	return 0;
}

/* Bug 1's attack; true when the guest read VMPCK0. */
static bool secret_page_attack(struct sim *s)
{
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);
	assert_int_equal(guest_psc(s, 0, PAGE_A, GHCB_PSC_SHARED), 0);
	s->psc = rebind_secret;
	assert_int_equal(guest_psc(s, 0, PAGE_A, GHCB_PSC_PRIVATE), 0);
	assert_int_equal(pvalidate_page(s, PAGE_A, true, false), SVSM_SUCCESS);
	uint8_t bytes[8] = { 0 };
	assert_int_equal(guest_read(s, PAGE_A + SECRETS_VMPCK(0), bytes, 6).fault, FAULT_NONE);
	return memcmp(bytes, "VMPCK0", 6) == 0;
}

static void bug1_no_zero_after_validate(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_false(secret_page_attack(s));
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_NO_ZERO_AFTER_VALIDATE));
	assert_true(secret_page_attack(s));
	assert_int_equal(violations_of(s, "page-public-to-vmpl"), 1);
	assert_int_equal(violations_of(s, "confidentiality"), 1);
	assert_non_null(strstr(s->rec.violations[0].site.file, "svsm/core/"));
	assert_non_null(strstr(s->rec.violations[0].site.text, "rmpadjust"));
	sim_free(s);
}

/* The guest prepares a save area at vmsa with the given VMPL and asks for a vCPU. */
static uint32_t create_vcpu(struct sim *s, unsigned vmpl, uint64_t vmsa, uint64_t caa)
{
	put_vmsa(s, vmsa, vmpl, EFER_SVME, sim_layout(s)->sev_features);
	return core_call(s, 0, SVSM_CORE_CREATE_VCPU, vmsa, caa, 1, NULL);
}

static void bug2_vmsa_bit_before_check(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_vcpu(s, 0, PAGE_A, PAGE_B), SVSM_ERR_INVALID_PARAMETER);
	assert_false(rmp_of(s, PAGE_A)->vmsa);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_VMSA_BIT_BEFORE_CHECK));
	assert_int_equal(create_vcpu(s, 0, PAGE_A, PAGE_B), SVSM_ERR_INVALID_PARAMETER);
	assert_true(violations_of(s, "vmsa-revoked-first") >= 1);
	assert_true(violations_of(s, "vmsa-contents-checked") >= 1);
	sim_free(s);
}

static void bug3_caa_may_be_vmsa(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_vcpu(s, 1, PAGE_A, PAGE_A), SVSM_ERR_INVALID_PARAMETER);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_CAA_MAY_BE_VMSA));
	/* The call goes through: the page is a VMSA and the new vCPU's CAA at once. */
	assert_int_equal(create_vcpu(s, 1, PAGE_A, PAGE_A), SVSM_SUCCESS);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_int_equal(vcpus_registered(s), 2);
	assert_int_equal(violations_of(s, "caa-from-guest-page"), 1);
	sim_free(s);
}

/* The race needs a second vCPU between two steps: only its code path is shown here. */
static void bug4_create_vcpu_no_lock(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_vcpu(s, 0, PAGE_A, PAGE_B), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(ops_in_last_call(s, OP_LOCK), 1);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_CREATE_VCPU_NO_LOCK));
	assert_int_equal(create_vcpu(s, 0, PAGE_A, PAGE_B), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(ops_in_last_call(s, OP_LOCK), 0);
	assert_clean(s);
	const struct bug_info *b = catalog_find("create-vcpu-no-lock");
	assert_non_null(b);
	assert_int_equal(b->verify.vcpus, 2);
	sim_free(s);
}

/* Hypervisor, between two hardware steps: invalidate PAGE_A just before it is rescinded. */
static void invalidate_before_rescind(struct sim *s, const struct sim_event *ev, void *arg)
{
	(void)arg;
	if (ev->op != OP_PVALIDATE || ev->args[0] != PAGE_A || ev->args[2] != 0)
		return;
	struct rmp_update u = { .assigned = true, .asid = s->m.asid, .gpa = PAGE_A };
	assert_int_equal(machine_rmpupdate(&s->m, npt_lookup(&s->m, PAGE_A), &u), 0);
}

static void bug5_pvalidate_cf_lost(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	s->on_yield = invalidate_before_rescind;
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_PVALIDATE_FAIL_UNCHANGED);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_PVALIDATE_CF_LOST));
	s->on_yield = invalidate_before_rescind;
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "pvalidate-reports-unchanged"), 1);
	sim_free(s);
}

static uint32_t rescind_two(struct sim *s)
{
	uint64_t e[2] = { PVENTRY(PAGE_A, PSIZE_4K, false, false),
	                  PVENTRY(PAGE_B, PSIZE_4K, false, false) };
	uint32_t rc = 0;
	unsigned next = 0;
	assert_int_equal(guest_pvalidate(s, 0, REQ_GPA, e, 2, &rc, &next), 0);
	assert_int_equal(next, 2);
	return rc;
}

static void bug6_pvalidate_double_fetch(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(rescind_two(s), SVSM_SUCCESS);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_PVALIDATE_DOUBLE_FETCH));
	assert_int_equal(rescind_two(s), SVSM_SUCCESS);
	assert_true(violations_of(s, "guest-input-read-once") >= 1);
	sim_free(s);
}

static void bug7_no_address_check(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(pvalidate_page(s, SPARE_GPA, false, false), SVSM_ERR_INVALID_ADDRESS);
	assert_true(rmp_of(s, SPARE_GPA)->validated);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_NO_ADDRESS_CHECK));
	/* The module rescinds its own page and tells the guest it did. */
	assert_int_equal(pvalidate_page(s, SPARE_GPA, false, false), SVSM_SUCCESS);
	assert_false(rmp_of(s, SPARE_GPA)->validated);
	assert_int_equal(violations_of(s, "rescind-only-guest-pages"), 1);
	sim_free(s);
}

static uint32_t rescind_with_reserved_bit(struct sim *s)
{
	uint64_t e = PVENTRY(PAGE_A, PSIZE_4K, false, false) | 0x10;
	uint32_t rc = 0;
	unsigned next = 0;
	assert_int_equal(guest_pvalidate(s, 0, REQ_GPA, &e, 1, &rc, &next), 0);
	return rc;
}

static void bug8_reserved_bits_accepted(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(rescind_with_reserved_bit(s), SVSM_ERR_INVALID_PARAMETER);
	assert_true(rmp_of(s, PAGE_A)->validated);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_RESERVED_BITS_ACCEPTED));
	assert_int_equal(rescind_with_reserved_bit(s), SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "pvalidate-rejects-reserved"), 1);
	sim_free(s);
}

/* vCPU 0 deletes vCPU 1 while vCPU 1 runs its guest. */
static void bug10_delete_vcpu_inuse(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, 2);
	uint64_t vmsa1 = s->sv.vcpus[1].vmsa_gpa;
	assert_int_equal(s->m.vcpu[1].mode, VCPU_GUEST);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, vmsa1, 0, 0, NULL), SVSM_ERR_BUSY);
	assert_true(rmp_of(s, vmsa1)->vmsa);
	assert_clean(s);
	sim_free(s);

	s = sim_new_with(SVSM_BUG_BIT(BUG_DELETE_VCPU_INUSE), 0, 2);
	vmsa1 = s->sv.vcpus[1].vmsa_gpa;
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, vmsa1, 0, 0, NULL), SVSM_SUCCESS);
	assert_true(rmp_of(s, vmsa1)->vmsa);
	assert_int_equal(violations_of(s, "delete-vcpu-removes-vmsa"), 1);
	sim_free(s);
}

static void bug11_create_vcpu_any_vmpl(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_vcpu(s, 0, PAGE_A, PAGE_B), SVSM_ERR_INVALID_PARAMETER);
	assert_false(rmp_of(s, PAGE_A)->vmsa);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_CREATE_VCPU_ANY_VMPL));
	assert_int_equal(create_vcpu(s, 0, PAGE_A, PAGE_B), SVSM_SUCCESS);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_int_equal(violations_of(s, "vmsa-contents-checked"), 1);
	assert_int_equal(violations_of(s, "vmsa-safety"), 1);
	sim_free(s);
}

static void bug12_remap_ca_unchecked(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(core_call(s, 0, SVSM_CORE_REMAP_CA, SPARE_GPA, 0, 0, NULL),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_REMAP_CA, PAGE_A + 8, 0, 0, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_clean(s);
	sim_free(s);

	s = sim_new(SVSM_BUG_BIT(BUG_REMAP_CA_UNCHECKED));
	assert_int_equal(core_call(s, 0, SVSM_CORE_REMAP_CA, SPARE_GPA, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "caa-from-guest-page"), 1);
	sim_free(s);
}

/* Every catalog entry is tested above; a new bug needs a new test here. */
static void catalog_is_complete(void **state)
{
	(void)state;
	static const char *const tested[] = {
		"no-zero-after-validate", "vmsa-bit-before-check", "caa-may-be-vmsa",
		"create-vcpu-no-lock", "pvalidate-cf-lost", "pvalidate-double-fetch",
		"no-address-check", "reserved-bits-accepted", "delete-vcpu-inuse",
		"create-vcpu-any-vmpl", "remap-ca-unchecked",
	};
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	assert_int_equal(n, sizeof(tested) / sizeof(tested[0]));
	assert_int_equal(n, SVSM_NBUGS);
	for (unsigned i = 0; i < n; i++) {
		assert_ptr_equal(catalog_find(tested[i]), &all[i]);
		assert_int_equal(all[i].id, i);
		char list[128];
		snprintf(list, sizeof(list), "%s", all[i].caught_by);
		for (char *name = strtok(list, ", "); name; name = strtok(NULL, ", "))
			if (!clause_find(name))
				fail_msg("bug %s names unknown clause '%s'", all[i].name, name);
	}
	uint32_t bits = 0;
	char bad[64];
	assert_int_equal(catalog_parse("pvalidate-cf-lost,caa-may-be-vmsa", &bits, bad, sizeof(bad)), 0);
	assert_int_equal(bits, SVSM_BUG_BIT(BUG_PVALIDATE_CF_LOST) | SVSM_BUG_BIT(BUG_CAA_MAY_BE_VMSA));
	assert_int_equal(catalog_parse("pvalidate-cf-lost,nonsense", &bits, bad, sizeof(bad)), -1);
	assert_string_equal(bad, "nonsense");
	assert_int_equal(catalog_parse(",", &bits, bad, sizeof(bad)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bug1_no_zero_after_validate),
		cmocka_unit_test(bug2_vmsa_bit_before_check),
		cmocka_unit_test(bug3_caa_may_be_vmsa),
		cmocka_unit_test(bug4_create_vcpu_no_lock),
		cmocka_unit_test(bug5_pvalidate_cf_lost),
		cmocka_unit_test(bug6_pvalidate_double_fetch),
		cmocka_unit_test(bug7_no_address_check),
		cmocka_unit_test(bug8_reserved_bits_accepted),
		cmocka_unit_test(bug10_delete_vcpu_inuse),
		cmocka_unit_test(bug11_create_vcpu_any_vmpl),
		cmocka_unit_test(bug12_remap_ca_unchecked),
		cmocka_unit_test(catalog_is_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
