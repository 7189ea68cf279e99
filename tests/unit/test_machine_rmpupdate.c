/*
 * test_machine_rmpupdate.c: the hypervisor's RMP instructions: every return
 * code of RMPUPDATE and PSMASH, what RMPUPDATE resets, RMPQUERY, and the
 * honest hypervisor's page-state change built on them.
 */
#include "test_machine_fixture.h"

static const struct rmp_update PRIVATE_AT_5000 = { .assigned = true, .asid = GUEST_ASID, .gpa = 0x5000 };

static void bad_operands_are_fail_input(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = PRIVATE_AT_5000;
	assert_int_equal(machine_rmpupdate(m, 0x5008, &u), RMPUPDATE_FAIL_INPUT);
	assert_int_equal(machine_rmpupdate(m, 64 * PAGE_SIZE, &u), RMPUPDATE_FAIL_INPUT);
	assert_int_equal(machine_rmpupdate(m, UINT64_MAX & ~0xfffull, &u), RMPUPDATE_FAIL_INPUT);
	u.gpa = 0x5800;
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), RMPUPDATE_FAIL_INPUT);
	u = PRIVATE_AT_5000;
	u.page_size = 2;
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), RMPUPDATE_FAIL_INPUT);
	assert_false(entry(m, 0x5000)->assigned);
}

static void two_m_operands_must_be_2m_aligned_and_inside_memory(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .page_size = PSIZE_2M, .asid = GUEST_ASID, .gpa = BASE_2M };
	assert_int_equal(machine_rmpupdate(m, BASE_2M + PAGE_SIZE, &u), RMPUPDATE_FAIL_INPUT);
	u.gpa = BASE_2M + PAGE_SIZE;
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_FAIL_INPUT);
	assert_false(entry(m, BASE_2M)->assigned);
}

static void two_m_range_past_memory_is_fail_input(void **state)
{
	(void)state;
	struct machine *m = new_machine(600);   /* pages 512..599: not a whole 2M */
	struct rmp_update u = { .assigned = true, .page_size = PSIZE_2M, .asid = GUEST_ASID, .gpa = 0 };
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_FAIL_INPUT);
	assert_int_equal(machine_psmash(m, BASE_2M), RMPUPDATE_FAIL_INPUT);
	machine_free(m);
	free(m);
}

static void make_private_binds_and_resets_the_rest(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	grant(m, 0x5000, 1, PERM_ALL);
	assert_rc(machine_rmpadjust(m, 0, 0x5000, PSIZE_4K, RMPADJUST_ATTRS(2, PERM_R) | RMPADJUST_VMSA), HW_OK);
	struct rmp_update u = { .assigned = true, .asid = GUEST_ASID, .gpa = 0x9000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), RMPUPDATE_OK);
	const struct rmp_entry *e = entry(m, 0x5000);
	assert_true(e->assigned);
	assert_int_equal(e->asid, GUEST_ASID);
	assert_int_equal(e->gpa, 0x9000);
	assert_int_equal(e->page_size, PSIZE_4K);
	assert_false(e->validated);
	assert_false(e->vmsa);
	assert_false(e->immutable);
	for (unsigned v = 0; v < VMPL_COUNT; v++)
		assert_int_equal(e->perms[v], 0);
}

static void make_shared_leaves_an_all_zero_entry_but_immutable(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	struct rmp_update u = { .immutable = true, .asid = 7, .gpa = 0x8000, .page_size = PSIZE_4K };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), RMPUPDATE_OK);
	const struct rmp_entry *e = entry(m, 0x5000);
	assert_true(e->immutable);
	assert_false(e->assigned);
	assert_false(e->validated);
	assert_int_equal(e->asid, 0);
	assert_int_equal(e->gpa, 0);
	assert_int_equal(e->page_size, PSIZE_4K);
}

static void immutable_entry_is_fail_immutable(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .immutable = true, .asid = GUEST_ASID, .gpa = 0x5000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), RMPUPDATE_OK);
	struct rmp_update shared = { 0 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &shared), RMPUPDATE_FAIL_IMMUTABLE);
	assert_true(entry(m, 0x5000)->assigned);
}

static void running_vmsa_is_fail_inuse(void **state)
{
	struct machine *m = *state;
	make_vmsa(m, 0x5000);
	assert_true(machine_vmrun(m, 0, 0x5000));
	struct rmp_update shared = { 0 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &shared), RMPUPDATE_FAIL_INUSE);
	assert_true(entry(m, 0x5000)->vmsa);
	m->vcpu[0].mode = VCPU_OFF;
	assert_int_equal(machine_rmpupdate(m, 0x5000, &shared), RMPUPDATE_OK);
}

static void immutable_wins_over_inuse(void **state)
{
	struct machine *m = *state;
	make_vmsa(m, 0x5000);
	assert_true(machine_vmrun(m, 0, 0x5000));
	m->rmp[5].immutable = true;   /* not reachable by instructions: set directly */
	struct rmp_update shared = { 0 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &shared), RMPUPDATE_FAIL_IMMUTABLE);
}

static void four_k_update_inside_an_assigned_2m_is_fail_overlap(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, true);
	struct rmp_update u = { 0 };
	assert_int_equal(machine_rmpupdate(m, BASE_2M + 9 * PAGE_SIZE, &u), RMPUPDATE_FAIL_OVERLAP);
	assert_true(entry(m, BASE_2M + 9 * PAGE_SIZE)->validated);
}

static void two_m_update_over_an_assigned_4k_is_fail_overlap(void **state)
{
	struct machine *m = *state;
	make_private(m, BASE_2M + 100 * PAGE_SIZE);
	struct rmp_update u = { .assigned = true, .page_size = PSIZE_2M, .asid = GUEST_ASID, .gpa = BASE_2M };
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_FAIL_OVERLAP);
	assert_int_equal(entry(m, BASE_2M)->page_size, PSIZE_4K);
}

static void two_m_update_fails_for_immutable_or_inuse_anywhere_in_range(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .page_size = PSIZE_2M, .asid = GUEST_ASID, .gpa = BASE_2M };
	m->rmp[(BASE_2M >> PAGE_SHIFT) + 300].immutable = true;
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_FAIL_IMMUTABLE);
	m->rmp[(BASE_2M >> PAGE_SHIFT) + 300].immutable = false;
	m->vcpu[0].mode = VCPU_GUEST;
	m->vcpu[0].vmsa_spa = BASE_2M + 511 * PAGE_SIZE;
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_FAIL_INUSE);
	m->vcpu[0].mode = VCPU_OFF;
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_OK);
}

static void two_m_update_binds_all_512_to_consecutive_gpas(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .page_size = PSIZE_2M, .asid = GUEST_ASID, .gpa = 0 };
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_OK);
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		const struct rmp_entry *e = entry(m, BASE_2M + i * PAGE_SIZE);
		assert_true(e->assigned);
		assert_int_equal(e->page_size, PSIZE_2M);
		assert_int_equal(e->gpa, (uint64_t)i * PAGE_SIZE);
	}
	/* Re-updating a 2M entry as a whole is not an overlap; unassigning drops the size. */
	struct rmp_update shared = { .page_size = PSIZE_2M };
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &shared), RMPUPDATE_OK);
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		assert_false(entry(m, BASE_2M + i * PAGE_SIZE)->assigned);
		assert_int_equal(entry(m, BASE_2M + i * PAGE_SIZE)->page_size, PSIZE_4K);
	}
}

static void psmash_rejects_bad_addresses_and_4k_entries(void **state)
{
	struct machine *m = *state;
	assert_int_equal(machine_psmash(m, BASE_2M + PAGE_SIZE), RMPUPDATE_FAIL_INPUT);
	assert_int_equal(machine_psmash(m, 2 * BASE_2M), RMPUPDATE_FAIL_INPUT);
	assert_int_equal(machine_psmash(m, BASE_2M), HW_FAIL_SIZEMISMATCH);
}

static void psmash_splits_keeping_what_the_guest_was_granted(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, true);
	assert_rc(machine_rmpadjust(m, 0, BASE_2M, PSIZE_2M, RMPADJUST_ATTRS(1, PERM_R | PERM_W)), HW_OK);
	assert_int_equal(machine_psmash(m, BASE_2M), RMPUPDATE_OK);
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		const struct rmp_entry *e = entry(m, BASE_2M + i * PAGE_SIZE);
		assert_int_equal(e->page_size, PSIZE_4K);
		assert_true(e->validated);
		assert_true(e->assigned);
		assert_int_equal(e->perms[1], PERM_R | PERM_W);
		assert_int_equal(e->gpa, BASE_2M + i * PAGE_SIZE);
	}
	/* Now a 4K update of one page no longer overlaps and touches only it. */
	struct rmp_update shared = { 0 };
	assert_int_equal(machine_rmpupdate(m, BASE_2M + 9 * PAGE_SIZE, &shared), RMPUPDATE_OK);
	assert_false(entry(m, BASE_2M + 9 * PAGE_SIZE)->assigned);
	assert_true(entry(m, BASE_2M + 10 * PAGE_SIZE)->validated);
}

static void rmpquery_copies_the_entry_or_rejects_the_spa(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	struct rmp_entry e;
	assert_int_equal(machine_rmpquery(m, 0x5000, &e), 0);
	assert_true(e.assigned && e.validated);
	assert_int_equal(e.gpa, 0x5000);
	assert_int_equal(machine_rmpquery(m, 64 * PAGE_SIZE, &e), RMPUPDATE_FAIL_INPUT);
}

static void hypervisor_page_state_change_follows_the_npt(void **state)
{
	struct machine *m = *state;
	npt_map(m, 0x9000, 0x5000);
	assert_int_equal(machine_page_state_change(m, 0x9abc, GHCB_PSC_PRIVATE), 0);
	assert_true(entry(m, 0x5000)->assigned);
	assert_int_equal(entry(m, 0x5000)->gpa, 0x9000);
	assert_int_equal(entry(m, 0x5000)->asid, GUEST_ASID);
	assert_false(entry(m, 0x9000)->assigned);
	assert_int_equal(machine_page_state_change(m, 0x9000, GHCB_PSC_SHARED), 0);
	assert_false(entry(m, 0x5000)->assigned);
}

static void hypervisor_page_state_change_reports_errors(void **state)
{
	struct machine *m = *state;
	npt_unmap(m, 0x5000);
	assert_int_not_equal(machine_page_state_change(m, 0x5000, GHCB_PSC_PRIVATE), 0);
	assert_int_not_equal(machine_page_state_change(m, 0x6000, 3), 0);
	assert_false(entry(m, 0x6000)->assigned);
	npt_map(m, 0x6000, 64 * PAGE_SIZE);
	assert_int_equal(machine_page_state_change(m, 0x6000, GHCB_PSC_PRIVATE), RMPUPDATE_FAIL_INPUT);
	struct rmp_update u = { .immutable = true };
	assert_int_equal(machine_rmpupdate(m, 0x7000, &u), 0);
	assert_int_equal(machine_page_state_change(m, 0x7000, GHCB_PSC_PRIVATE), RMPUPDATE_FAIL_IMMUTABLE);
}

#define SMALL(f) cmocka_unit_test_setup_teardown(f, setup_small, teardown)
#define BIG(f)   cmocka_unit_test_setup_teardown(f, setup_big, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		SMALL(bad_operands_are_fail_input),
		BIG(two_m_operands_must_be_2m_aligned_and_inside_memory),
		cmocka_unit_test(two_m_range_past_memory_is_fail_input),
		SMALL(make_private_binds_and_resets_the_rest),
		SMALL(make_shared_leaves_an_all_zero_entry_but_immutable),
		SMALL(immutable_entry_is_fail_immutable),
		SMALL(running_vmsa_is_fail_inuse),
		SMALL(immutable_wins_over_inuse),
		BIG(four_k_update_inside_an_assigned_2m_is_fail_overlap),
		BIG(two_m_update_over_an_assigned_4k_is_fail_overlap),
		BIG(two_m_update_fails_for_immutable_or_inuse_anywhere_in_range),
		BIG(two_m_update_binds_all_512_to_consecutive_gpas),
		BIG(psmash_rejects_bad_addresses_and_4k_entries),
		BIG(psmash_splits_keeping_what_the_guest_was_granted),
		SMALL(rmpquery_copies_the_entry_or_rejects_the_spa),
		SMALL(hypervisor_page_state_change_follows_the_npt),
		SMALL(hypervisor_page_state_change_reports_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
