/*
 * test_machine_rmpadjust.c: every outcome of RMPADJUST (FAIL_INPUT,
 * FAIL_PERMISSION, #NPF, FAIL_SIZEMISMATCH, #NPF SIZEM, #VC, FAIL_INUSE,
 * success) and the VMSA bit as VMRUN sees it.
 */
#include "test_machine_fixture.h"

static struct hw_result adjust(struct machine *m, unsigned vmpl, uint64_t gpa, uint64_t attrs)
{
	return machine_rmpadjust(m, vmpl, gpa, PSIZE_4K, attrs);
}

static void reserved_bits_bad_target_size_or_alignment_are_fail_input(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R) | (1ull << 12)), HW_FAIL_INPUT);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R) | (1ull << 17)), HW_FAIL_INPUT);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R) | (1ull << 63)), HW_FAIL_INPUT);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(4, PERM_R)), HW_FAIL_INPUT);
	assert_rc(machine_rmpadjust(m, 0, 0x5000, 2, RMPADJUST_ATTRS(1, PERM_R)), HW_FAIL_INPUT);
	assert_rc(adjust(m, 0, 0x5010, RMPADJUST_ATTRS(1, PERM_R)), HW_FAIL_INPUT);
	assert_rc(machine_rmpadjust(m, 0, 0x5000, PSIZE_2M, RMPADJUST_ATTRS(1, PERM_R)), HW_FAIL_INPUT);
	assert_int_equal(entry(m, 0x5000)->perms[1], 0);
}

static void target_not_below_the_caller_is_fail_permission(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(0, PERM_R)), HW_FAIL_PERMISSION);
	grant(m, 0x5000, 1, PERM_ALL);
	grant(m, 0x5000, 2, PERM_ALL);
	assert_rc(adjust(m, 1, 0x5000, RMPADJUST_ATTRS(1, PERM_R)), HW_FAIL_PERMISSION);
	assert_rc(adjust(m, 2, 0x5000, RMPADJUST_ATTRS(1, PERM_R)), HW_FAIL_PERMISSION);
	assert_rc(adjust(m, 3, 0x5000, RMPADJUST_ATTRS(3, 0)), HW_FAIL_PERMISSION);
	assert_int_equal(entry(m, 0x5000)->perms[1], PERM_ALL);
}

static void npt_and_ownership_failures_raise_npf(void **state)
{
	struct machine *m = *state;
	npt_unmap(m, 0x5000);
	struct hw_result r = adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R));
	assert_fault(r, FAULT_NPF);
	assert_false(r.code & NPF_CODE_PRESENT);
	assert_rmp_npf(adjust(m, 0, 0x0, RMPADJUST_ATTRS(1, PERM_R)), 0);      /* not assigned */
	assert_rmp_npf(adjust(m, 0, 0x6000, RMPADJUST_ATTRS(1, PERM_R)), 0);   /* gpa mismatch */
	struct rmp_update u = { .assigned = true, .immutable = true, .asid = GUEST_ASID, .gpa = 0x7000 };
	assert_int_equal(machine_rmpupdate(m, 0x7000, &u), 0);
	assert_rmp_npf(adjust(m, 0, 0x7000, RMPADJUST_ATTRS(1, PERM_R)), 0);   /* immutable */
	u = (struct rmp_update){ .assigned = true, .asid = 9, .gpa = 0x8000 };
	assert_int_equal(machine_rmpupdate(m, 0x8000, &u), 0);
	assert_rmp_npf(adjust(m, 0, 0x8000, RMPADJUST_ATTRS(1, PERM_R)), 0);   /* wrong asid */
}

static void unvalidated_page_raises_vc(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	struct hw_result r = adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R));
	assert_fault(r, FAULT_VC);
	assert_int_equal(r.code, VC_PAGE_NOT_VALIDATED);
}

static void ownership_npf_wins_over_vc(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	npt_map(m, 0x6000, 0x5000);   /* unvalidated and bound to 0x5000 */
	assert_rmp_npf(adjust(m, 0, 0x6000, RMPADJUST_ATTRS(1, PERM_R)), 0);
}

static void vmpl0_grants_any_permission_to_a_lower_vmpl(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(3, PERM_R | PERM_XS)), HW_OK);
	assert_int_equal(entry(m, 0x5000)->perms[3], PERM_R | PERM_XS);
	assert_int_equal(entry(m, 0x5000)->perms[1], 0);
	/* Revoking is granting nothing. */
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(3, 0)), HW_OK);
	assert_int_equal(entry(m, 0x5000)->perms[3], 0);
}

static void lower_vmpl_grants_only_a_subset_of_its_own(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	grant(m, 0x5000, 1, PERM_R | PERM_W);
	assert_rc(adjust(m, 1, 0x5000, RMPADJUST_ATTRS(2, PERM_R | PERM_XU)), HW_FAIL_PERMISSION);
	assert_int_equal(entry(m, 0x5000)->perms[2], 0);
	assert_rc(adjust(m, 1, 0x5000, RMPADJUST_ATTRS(2, PERM_R)), HW_OK);
	assert_int_equal(entry(m, 0x5000)->perms[2], PERM_R);
	/* A VMPL without any permission grants nothing at all. */
	assert_rc(adjust(m, 3, 0x5000, RMPADJUST_ATTRS(3, 0)), HW_FAIL_PERMISSION);
}

static void lower_vmpl_may_not_use_the_vmsa_bit_nor_change_it(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	grant(m, 0x5000, 1, PERM_ALL);
	assert_rc(adjust(m, 1, 0x5000, RMPADJUST_ATTRS(2, PERM_R) | RMPADJUST_VMSA), HW_FAIL_PERMISSION);
	assert_false(entry(m, 0x5000)->vmsa);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_ALL) | RMPADJUST_VMSA), HW_OK);
	assert_true(entry(m, 0x5000)->vmsa);
	assert_rc(adjust(m, 1, 0x5000, RMPADJUST_ATTRS(2, PERM_R)), HW_OK);
	assert_true(entry(m, 0x5000)->vmsa);
	/* VMPL0 without the bit clears it. */
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R)), HW_OK);
	assert_false(entry(m, 0x5000)->vmsa);
}

static void vmrun_needs_the_vmsa_bit_of_a_guest_page(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	vmsa_set(m, 0x5000, VMSA_EFER, 8, EFER_SVME);
	assert_false(machine_vmrun(m, 0, 0x5000));
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R) | RMPADJUST_VMSA), HW_OK);
	vmsa_set(m, 0x5000, VMSA_EFER, 8, 0);   /* SVME clear: the save area is deleted */
	assert_false(machine_vmrun(m, 0, 0x5000));
	vmsa_set(m, 0x5000, VMSA_EFER, 8, EFER_SVME);
	assert_false(machine_vmrun(m, MACHINE_MAX_VCPUS, 0x5000));
	assert_false(machine_vmrun(m, 0, 0x5008));
	assert_false(machine_vmrun(m, 0, 64 * PAGE_SIZE));
	assert_false(machine_vmsa_in_use(m, 0x5000));
	assert_true(machine_vmrun(m, 1, 0x5000));
	assert_int_equal(m->vcpu[1].mode, VCPU_GUEST);
	assert_int_equal(m->vcpu[1].vmsa_spa, 0x5000);
	assert_true(machine_vmsa_in_use(m, 0x5abc));
	assert_false(machine_vmsa_in_use(m, 0x6000));
	m->vcpu[1].mode = VCPU_MODULE;
	assert_false(machine_vmsa_in_use(m, 0x5000));
}

static void vmrun_refuses_another_guests_vmsa(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, PERM_R) | RMPADJUST_VMSA), HW_OK);
	m->rmp[5].asid = 9;
	assert_false(machine_vmrun(m, 0, 0x5000));
	m->rmp[5].asid = GUEST_ASID;
	m->rmp[5].assigned = false;
	assert_false(machine_vmrun(m, 0, 0x5000));
}

static void running_vmsa_is_fail_inuse(void **state)
{
	struct machine *m = *state;
	make_vmsa(m, 0x5000);
	assert_true(machine_vmrun(m, 0, 0x5000));
	assert_rc(adjust(m, 0, 0x5000, RMPADJUST_ATTRS(1, 0)), HW_FAIL_INUSE);
	assert_true(entry(m, 0x5000)->vmsa);
	assert_int_equal(entry(m, 0x5000)->perms[1], PERM_R);
	/* Permission checks come first. */
	assert_rc(adjust(m, 1, 0x5000, RMPADJUST_ATTRS(2, PERM_W)), HW_FAIL_PERMISSION);
}

static void two_m_on_a_4k_entry_is_size_mismatch(void **state)
{
	struct machine *m = *state;
	make_validated(m, BASE_2M);
	assert_rc(machine_rmpadjust(m, 0, BASE_2M, PSIZE_2M, RMPADJUST_ATTRS(1, PERM_R)),
	          HW_FAIL_SIZEMISMATCH);
}

static void four_k_on_a_2m_entry_is_npf_sizem(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, true);
	assert_rmp_npf(adjust(m, 0, BASE_2M + PAGE_SIZE, RMPADJUST_ATTRS(1, PERM_R)), NPF_CODE_SIZEM);
}

static void two_m_adjust_sets_all_512_and_needs_validation(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, false);
	struct hw_result r = machine_rmpadjust(m, 0, BASE_2M, PSIZE_2M, RMPADJUST_ATTRS(2, PERM_R));
	assert_fault(r, FAULT_VC);
	assert_true(hw_succeeded(machine_pvalidate(m, 0, BASE_2M, PSIZE_2M, true)));
	r = machine_rmpadjust(m, 0, BASE_2M, PSIZE_2M, RMPADJUST_ATTRS(2, PERM_R | PERM_W));
	assert_rc(r, HW_OK);
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		assert_int_equal(entry(m, BASE_2M + i * PAGE_SIZE)->perms[2], PERM_R | PERM_W);
		assert_int_equal(entry(m, BASE_2M + i * PAGE_SIZE)->gpa, BASE_2M + i * PAGE_SIZE);
	}
}

static void two_m_entry_with_a_running_vmsa_is_fail_inuse(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, true);
	assert_rc(machine_rmpadjust(m, 0, BASE_2M, PSIZE_2M,
	                            RMPADJUST_ATTRS(1, PERM_R) | RMPADJUST_VMSA), HW_OK);
	vmsa_set(m, BASE_2M + 3 * PAGE_SIZE, VMSA_EFER, 8, EFER_SVME);
	assert_true(machine_vmrun(m, 0, BASE_2M + 3 * PAGE_SIZE));
	assert_rc(machine_rmpadjust(m, 0, BASE_2M, PSIZE_2M, RMPADJUST_ATTRS(1, 0)), HW_FAIL_INUSE);
}

#define SMALL(f) cmocka_unit_test_setup_teardown(f, setup_small, teardown)
#define BIG(f)   cmocka_unit_test_setup_teardown(f, setup_big, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SMALL(reserved_bits_bad_target_size_or_alignment_are_fail_input),
		SMALL(target_not_below_the_caller_is_fail_permission),
		SMALL(npt_and_ownership_failures_raise_npf),
		SMALL(unvalidated_page_raises_vc),
		SMALL(ownership_npf_wins_over_vc),
		SMALL(vmpl0_grants_any_permission_to_a_lower_vmpl),
		SMALL(lower_vmpl_grants_only_a_subset_of_its_own),
		SMALL(lower_vmpl_may_not_use_the_vmsa_bit_nor_change_it),
		SMALL(vmrun_needs_the_vmsa_bit_of_a_guest_page),
		SMALL(vmrun_refuses_another_guests_vmsa),
		SMALL(running_vmsa_is_fail_inuse),
		BIG(two_m_on_a_4k_entry_is_size_mismatch),
		BIG(four_k_on_a_2m_entry_is_npf_sizem),
		BIG(two_m_adjust_sets_all_512_and_needs_validation),
		BIG(two_m_entry_with_a_running_vmsa_is_fail_inuse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
