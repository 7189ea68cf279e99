/*
 * test_core_remap_ca.c: core call 0, REMAP_CA. The new Calling Area is
 * registered, later calls go through it, the ghost owners follow, and
 * every refused address leaves the old CAA in place.
 */
#include "sim_fixture.h"

/* vCPU 0 asks to move its CAA (the guest follows on success by itself: guest.c). */
static uint32_t remap(struct sim *s, uint64_t caa)
{
	return core_call(s, 0, SVSM_CORE_REMAP_CA, caa, 0, 0, NULL);
}

/* The registry and owners still name the boot CAA, and calls still work. */
static void assert_caa_unchanged(struct sim *s)
{
	uint64_t boot_caa = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(s->sv.vcpus[0].caa_gpa, boot_caa);
	assert_int_equal(owner_at(s, boot_caa), OWNER_CAA);
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, NULL),
	                 SVSM_SUCCESS);
}

static void remap_ca_moves_the_calling_area(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t old = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(remap(s, PAGE_A), SVSM_SUCCESS);
	/* core_call asserted `served`: call_pending was cleared in the old CAA. */
	assert_int_equal(s->sv.vcpus[0].caa_gpa, PAGE_A);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_CAA);
	assert_int_equal(owner_at(s, old), OWNER_GUEST);
	assert_int_equal(rmp_of(s, PAGE_A)->perms[1], PERM_ALL);
	/* The next call goes through the new CAA. */
	struct guest_result out;
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, &out),
	                 SVSM_SUCCESS);
	assert_int_equal(out.rcx, CORE_V1_ANSWER);
	assert_int_equal(s->calls[0].caa_gpa, PAGE_A);
	/* The old page is the guest's again: it may even rescind it. */
	assert_int_equal(pvalidate_page(s, old, false, false), SVSM_SUCCESS);
	assert_clean(s);
	sim_free(s);
}

/*
 * The guest side follows: after SUCCESS it sets call_pending in the new
 * CAA, after a refusal in the old one. Linux switches twice at boot
 * (svsm_setup(), then sev_es_init_vc_handling() to the per-CPU CA).
 */
static void the_guest_follows_remap_ca_only_when_it_succeeds(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t boot = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(s->guest.caa[0], boot);
	assert_int_equal(remap(s, PAGE_A + 8), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(s->guest.caa[0], boot);
	assert_int_equal(remap(s, PAGE_A), SVSM_SUCCESS);
	assert_int_equal(s->guest.caa[0], PAGE_A);
	assert_int_equal(remap(s, PAGE_B), SVSM_SUCCESS);
	assert_int_equal(s->guest.caa[0], PAGE_B);
	assert_int_equal(s->guest.remap_to[0], 0);
	/* core_call asserts every call was served: each went through the CAA of its time. */
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, NULL),
	                 SVSM_SUCCESS);
	assert_int_equal(s->calls[0].caa_gpa, PAGE_B);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_GUEST);
	assert_int_equal(owner_at(s, boot), OWNER_GUEST);
	assert_clean(s);
	sim_free(s);
}

/* A guest that still sets call_pending in the old CAA gets no answer. */
static void call_through_the_old_caa_is_not_served(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t old = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(remap(s, PAGE_A), SVSM_SUCCESS);
	s->guest.caa[0] = old;
	struct guest_result out;
	struct guest_args in = { .rcx = CORE_V1 };
	assert_int_equal(guest_call(s, 0, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, &in, &out), 0);
	assert_false(out.served);
	assert_int_equal(s->sv.vcpus[0].caa_gpa, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void remap_ca_to_the_same_page_changes_nothing(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t caa = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(remap(s, caa), SVSM_SUCCESS);
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

/* Another vCPU's CAA may be shared; it stays a CAA while that vCPU uses it. */
static void remap_ca_to_a_shared_caa_keeps_its_other_user(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t boot_caa = sim_layout(s)->boot_caa_gpa;
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_int_equal(remap(s, PAGE_B), SVSM_SUCCESS);
	assert_int_equal(owner_at(s, boot_caa), OWNER_GUEST);
	assert_int_equal(owner_at(s, PAGE_B), OWNER_CAA);
	assert_int_equal(remap(s, boot_caa), SVSM_SUCCESS);
	assert_int_equal(owner_at(s, PAGE_B), OWNER_CAA);
	assert_int_equal(s->sv.vcpus[1].caa_gpa, PAGE_B);
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

static void remap_ca_unaligned_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t bad[] = { PAGE_A + 8, PAGE_A + 1, PAGE_A + PAGE_SIZE - 8,
	                                RAM_END + 8 };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(remap(s, bad[i]), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_GUEST);
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

static void remap_ca_outside_guest_ram_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t bad[] = { RAM_END, 0x100000, 0xfffffffffffff000ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(remap(s, bad[i]), SVSM_ERR_INVALID_ADDRESS);
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

static void remap_ca_to_module_memory_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	const struct svsm_params *p = sim_layout(s);
	const uint64_t module[] = { p->svsm_base, p->secrets_gpa, p->boot_vmsa_gpa, MODULE_PAGE };
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(remap(s, module[i]), SVSM_ERR_INVALID_ADDRESS);
		assert_int_not_equal(owner_at(s, module[i]), OWNER_CAA);
	}
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

static void remap_ca_to_a_page_not_validated_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);
	assert_int_equal(remap(s, PAGE_A), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_SHARED);
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

static void remap_ca_to_a_vmsa_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	assert_int_equal(remap(s, PAGE_A), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_VMSA);
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

static void remap_ca_to_a_pooled_page_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_page(s, PAGE_A);
	assert_int_equal(remap(s, PAGE_A), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_MODULE);
	assert_int_equal(s->sv.pool_count, 1);
	assert_caa_unchanged(s);
	assert_clean(s);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(remap_ca_moves_the_calling_area),
		cmocka_unit_test(the_guest_follows_remap_ca_only_when_it_succeeds),
		cmocka_unit_test(call_through_the_old_caa_is_not_served),
		cmocka_unit_test(remap_ca_to_the_same_page_changes_nothing),
		cmocka_unit_test(remap_ca_to_a_shared_caa_keeps_its_other_user),
		cmocka_unit_test(remap_ca_unaligned_is_invalid_parameter),
		cmocka_unit_test(remap_ca_outside_guest_ram_is_invalid_address),
		cmocka_unit_test(remap_ca_to_module_memory_is_invalid_address),
		cmocka_unit_test(remap_ca_to_a_page_not_validated_is_invalid_address),
		cmocka_unit_test(remap_ca_to_a_vmsa_is_invalid_address),
		cmocka_unit_test(remap_ca_to_a_pooled_page_is_invalid_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
