/*
 * test_machine_pvalidate.c: every outcome of PVALIDATE (#GP, FAIL_INPUT,
 * #NPF for each RMP check, FAIL_SIZEMISMATCH, #NPF SIZEM, CF=1 unchanged,
 * success), 2M validation and what it leaves alone.
 */
#include "test_machine_fixture.h"

static void only_vmpl0_may_pvalidate(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	for (unsigned v = 1; v <= 4; v++)
		assert_fault(machine_pvalidate(m, v, 0x5000, PSIZE_4K, true), FAULT_GP);
	assert_false(entry(m, 0x5000)->validated);
}

static void bad_size_or_alignment_is_fail_input(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	assert_rc(machine_pvalidate(m, 0, 0x5000, 2, true), HW_FAIL_INPUT);
	assert_rc(machine_pvalidate(m, 0, 0x5008, PSIZE_4K, true), HW_FAIL_INPUT);
	assert_rc(machine_pvalidate(m, 0, 0x5000, PSIZE_2M, true), HW_FAIL_INPUT);
	assert_false(entry(m, 0x5000)->validated);
}

static void npt_faults_come_before_the_rmp(void **state)
{
	struct machine *m = *state;
	npt_unmap(m, 0x5000);
	struct hw_result r = machine_pvalidate(m, 0, 0x5000, PSIZE_4K, true);
	assert_fault(r, FAULT_NPF);
	assert_false(r.code & NPF_CODE_PRESENT);
	npt_map(m, 0x5000, 64 * PAGE_SIZE);
	assert_fault(machine_pvalidate(m, 0, 0x5000, PSIZE_4K, true), FAULT_NPF);
}

static void each_rmp_ownership_check_raises_npf(void **state)
{
	struct machine *m = *state;
	/* Not assigned. */
	assert_rmp_npf(machine_pvalidate(m, 0, 0x0, PSIZE_4K, true), 0);
	/* Bound to another GPA. */
	make_private(m, 0x5000);
	npt_map(m, 0x6000, 0x5000);
	assert_rmp_npf(machine_pvalidate(m, 0, 0x6000, PSIZE_4K, true), 0);
	/* Another guest's page. */
	struct rmp_update u = { .assigned = true, .asid = 9, .gpa = 0x7000 };
	assert_int_equal(machine_rmpupdate(m, 0x7000, &u), 0);
	assert_rmp_npf(machine_pvalidate(m, 0, 0x7000, PSIZE_4K, true), 0);
	/* Immutable. */
	u = (struct rmp_update){ .assigned = true, .immutable = true, .asid = GUEST_ASID, .gpa = 0x8000 };
	assert_int_equal(machine_rmpupdate(m, 0x8000, &u), 0);
	assert_rmp_npf(machine_pvalidate(m, 0, 0x8000, PSIZE_4K, true), 0);
	for (uint64_t spa = 0; spa <= 0x8000; spa += PAGE_SIZE)
		assert_false(entry(m, spa)->validated);
}

static void validate_then_validate_again_reports_unchanged(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	struct hw_result r = machine_pvalidate(m, 0, 0x5000, PSIZE_4K, true);
	assert_rc(r, HW_OK);
	assert_int_equal(r.cf, 0);
	assert_true(entry(m, 0x5000)->validated);
	r = machine_pvalidate(m, 0, 0x5000, PSIZE_4K, true);
	assert_rc(r, HW_OK);
	assert_int_equal(r.cf, 1);
	assert_true(entry(m, 0x5000)->validated);
}

static void rescind_clears_and_a_second_rescind_is_unchanged(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	struct hw_result r = machine_pvalidate(m, 0, 0x5000, PSIZE_4K, false);
	assert_rc(r, HW_OK);
	assert_int_equal(r.cf, 1);   /* a fresh page is not validated */
	make_validated(m, 0x6000);
	r = machine_pvalidate(m, 0, 0x6000, PSIZE_4K, false);
	assert_rc(r, HW_OK);
	assert_int_equal(r.cf, 0);
	assert_false(entry(m, 0x6000)->validated);
}

static void pvalidate_leaves_permissions_and_vmsa_alone(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	grant(m, 0x5000, 2, PERM_R | PERM_W);
	/* Last: a VMPL0 RMPADJUST without the VMSA bit would clear it. */
	struct hw_result r = machine_rmpadjust(m, 0, 0x5000, PSIZE_4K,
	                                       RMPADJUST_ATTRS(1, PERM_R) | RMPADJUST_VMSA);
	assert_true(hw_succeeded(r));
	assert_true(hw_succeeded(machine_pvalidate(m, 0, 0x5000, PSIZE_4K, false)));
	assert_int_equal(entry(m, 0x5000)->perms[1], PERM_R);
	assert_int_equal(entry(m, 0x5000)->perms[2], PERM_R | PERM_W);
	assert_true(entry(m, 0x5000)->vmsa);
}

static void two_m_request_on_a_4k_entry_is_size_mismatch(void **state)
{
	struct machine *m = *state;
	make_private(m, BASE_2M);
	assert_rc(machine_pvalidate(m, 0, BASE_2M, PSIZE_2M, true), HW_FAIL_SIZEMISMATCH);
	assert_false(entry(m, BASE_2M)->validated);
}

static void four_k_request_on_a_2m_entry_is_npf_sizem(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, false);
	struct hw_result r = machine_pvalidate(m, 0, BASE_2M + PAGE_SIZE, PSIZE_4K, true);
	assert_rmp_npf(r, NPF_CODE_SIZEM);
	assert_false(entry(m, BASE_2M + PAGE_SIZE)->validated);
}

static void two_m_request_needs_a_2m_aligned_spa(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, false);
	/* Rebind the 2M page's second SPA to a 2M-aligned GPA and map it there. */
	m->rmp[(BASE_2M >> PAGE_SHIFT) + 1].gpa = 0;
	npt_map(m, 0x0, BASE_2M + PAGE_SIZE);
	assert_rc(machine_pvalidate(m, 0, 0x0, PSIZE_2M, true), HW_FAIL_INPUT);
}

static void two_m_validate_sets_all_512_and_psmash_keeps_them(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, false);
	struct hw_result r = machine_pvalidate(m, 0, BASE_2M, PSIZE_2M, true);
	assert_rc(r, HW_OK);
	assert_int_equal(r.cf, 0);
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		assert_true(entry(m, BASE_2M + i * PAGE_SIZE)->validated);
	assert_false(entry(m, BASE_2M - PAGE_SIZE)->validated);
	assert_int_equal(machine_pvalidate(m, 0, BASE_2M, PSIZE_2M, true).cf, 1);

	assert_int_equal(machine_psmash(m, BASE_2M), 0);
	uint64_t sub = BASE_2M + 7 * PAGE_SIZE;
	r = machine_pvalidate(m, 0, sub, PSIZE_4K, false);
	assert_rc(r, HW_OK);
	assert_int_equal(r.cf, 0);
	assert_false(entry(m, sub)->validated);
	assert_true(entry(m, sub + PAGE_SIZE)->validated);
	/* Now a 4K entry: a 2M request on it is a size mismatch. */
	assert_rc(machine_pvalidate(m, 0, BASE_2M, PSIZE_2M, false), HW_FAIL_SIZEMISMATCH);
}

static void two_m_rescind_clears_all_512(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, true);
	assert_rc(machine_pvalidate(m, 0, BASE_2M, PSIZE_2M, false), HW_OK);
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		assert_false(entry(m, BASE_2M + i * PAGE_SIZE)->validated);
}

#define SMALL(f) cmocka_unit_test_setup_teardown(f, setup_small, teardown)
#define BIG(f)   cmocka_unit_test_setup_teardown(f, setup_big, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SMALL(only_vmpl0_may_pvalidate),
		SMALL(bad_size_or_alignment_is_fail_input),
		SMALL(npt_faults_come_before_the_rmp),
		SMALL(each_rmp_ownership_check_raises_npf),
		SMALL(validate_then_validate_again_reports_unchanged),
		SMALL(rescind_clears_and_a_second_rescind_is_unchanged),
		SMALL(pvalidate_leaves_permissions_and_vmsa_alone),
		BIG(two_m_request_on_a_4k_entry_is_size_mismatch),
		BIG(four_k_request_on_a_2m_entry_is_npf_sizem),
		BIG(two_m_request_needs_a_2m_aligned_spa),
		BIG(two_m_validate_sets_all_512_and_psmash_keeps_them),
		BIG(two_m_rescind_clears_all_512),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
