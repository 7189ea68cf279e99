/*
 * test_machine_access.c: the access check of guest and module accesses,
 * each fault on its own, the order in which they are checked (two failing
 * conditions: the earlier one wins), and what encryption shows whom.
 */
#include "test_machine_fixture.h"

/* machine_translate without the SPA: the outcome and the #NPF reason. */
static struct hw_result probe(struct machine *m, unsigned vmpl, uint64_t gpa, bool cbit,
                              enum access_kind kind, enum npf_reason *why)
{
	uint64_t spa;
	return machine_translate(m, vmpl, gpa, cbit, kind, &spa, why);
}

static void assert_npf_reason(struct machine *m, unsigned vmpl, uint64_t gpa, bool cbit,
                              enum npf_reason want)
{
	enum npf_reason why = NPF_NONE;
	struct hw_result r = probe(m, vmpl, gpa, cbit, ACCESS_READ, &why);
	assert_int_equal(r.fault, FAULT_NPF);
	assert_string_equal(npf_reason_name(why), npf_reason_name(want));
}

static void shared_access_to_a_hypervisor_page_succeeds(void **state)
{
	struct machine *m = *state;
	uint64_t spa = 0;
	enum npf_reason why = NPF_VMPL;
	struct hw_result r = machine_translate(m, 1, 0x3123, false, ACCESS_WRITE, &spa, &why);
	assert_true(hw_succeeded(r));
	assert_int_equal(spa, 0x3123);
	assert_int_equal(why, NPF_NONE);
	const char msg[] = "hello";
	char out[sizeof msg];
	assert_true(hw_succeeded(machine_write(m, 1, 0x3123, false, msg, sizeof msg, LABEL_PUBLIC)));
	assert_true(hw_succeeded(machine_read(m, 2, 0x3123, false, out, sizeof out)));
	assert_memory_equal(out, msg, sizeof msg);
	/* Shared means unencrypted: the raw bytes are the plaintext. */
	assert_memory_equal(m->mem + 0x3123, msg, sizeof msg);
}

static void unmapped_gpa_faults_without_the_present_bit(void **state)
{
	struct machine *m = *state;
	npt_unmap(m, 0x5000);
	assert_npf_reason(m, 0, 0x5000, true, NPF_UNMAPPED);
	assert_npf_reason(m, 0, 0x5000, false, NPF_UNMAPPED);
	assert_npf_reason(m, 0, 64 * PAGE_SIZE, true, NPF_UNMAPPED);
	assert_npf_reason(m, 0, (uint64_t)MACHINE_MAX_PAGES * PAGE_SIZE, false, NPF_UNMAPPED);
	assert_npf_reason(m, 0, UINT64_MAX, true, NPF_UNMAPPED);
	struct hw_result r = probe(m, 0, 0x5000, true, ACCESS_WRITE, NULL);
	assert_int_equal(r.code, NPF_CODE_WRITE);
}

static void npt_pointing_past_memory_faults_out_of_range(void **state)
{
	struct machine *m = *state;
	npt_map(m, 0x5000, 64 * PAGE_SIZE);
	assert_npf_reason(m, 0, 0x5000, false, NPF_OUT_OF_RANGE);
	assert_npf_reason(m, 0, 0x5000, true, NPF_OUT_OF_RANGE);
	assert_int_equal(probe(m, 0, 0x5000, true, ACCESS_READ, NULL).code, 0);
}

static void shared_access_to_a_private_page_faults(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	assert_npf_reason(m, 0, 0x5000, false, NPF_SHARED_ASSIGNED);
	assert_rmp_npf(probe(m, 0, 0x5000, false, ACCESS_READ, NULL), 0);
}

static void private_access_to_a_page_bound_elsewhere_is_gpa_mismatch(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	npt_map(m, 0x6000, 0x5000);
	assert_npf_reason(m, 0, 0x6000, true, NPF_GPA_MISMATCH);
}

static void private_access_to_a_hypervisor_page_is_not_assigned(void **state)
{
	struct machine *m = *state;
	/* An unassigned entry has gpa 0: GPA 0 passes the binding check. */
	assert_npf_reason(m, 0, 0x0, true, NPF_NOT_ASSIGNED);
}

static void private_access_to_another_guests_page_is_wrong_asid(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .asid = GUEST_ASID + 1, .gpa = 0x5000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), 0);
	assert_npf_reason(m, 0, 0x5000, true, NPF_WRONG_ASID);
}

static void private_access_to_an_immutable_page_faults(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .immutable = true, .asid = GUEST_ASID, .gpa = 0x5000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), 0);
	assert_npf_reason(m, 0, 0x5000, true, NPF_IMMUTABLE);
}

static void private_access_to_an_unvalidated_page_raises_vc(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	enum npf_reason why = NPF_VMPL;
	struct hw_result r = probe(m, 0, 0x5000, true, ACCESS_READ, &why);
	assert_fault(r, FAULT_VC);
	assert_int_equal(r.code, VC_PAGE_NOT_VALIDATED);
	assert_int_equal(why, NPF_NONE);
}

static void lower_vmpl_needs_the_permission_of_its_kind(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	assert_true(hw_succeeded(probe(m, 0, 0x5000, true, ACCESS_WRITE, NULL)));
	assert_npf_reason(m, 1, 0x5000, true, NPF_VMPL);
	struct hw_result r = probe(m, 1, 0x5000, true, ACCESS_WRITE, NULL);
	assert_rmp_npf(r, NPF_VMPL_VIOLATION);
	assert_true(r.code & NPF_CODE_WRITE);
	grant(m, 0x5000, 1, PERM_R);
	assert_true(hw_succeeded(probe(m, 1, 0x5000, true, ACCESS_READ, NULL)));
	assert_int_equal(probe(m, 1, 0x5000, true, ACCESS_WRITE, NULL).fault, FAULT_NPF);
	assert_int_equal(probe(m, 1, 0x5000, true, ACCESS_EXEC, NULL).fault, FAULT_NPF);
	assert_int_equal(probe(m, 2, 0x5000, true, ACCESS_READ, NULL).fault, FAULT_NPF);
}

static void a_vmpl_that_does_not_exist_gets_gp(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	assert_fault(probe(m, VMPL_COUNT, 0x5000, true, ACCESS_READ, NULL), FAULT_GP);
}

/* --- order: when two checks fail, the earlier one is reported --- */

static void unmapped_wins_over_every_rmp_check(void **state)
{
	struct machine *m = *state;
	npt_unmap(m, 0x0);   /* page 0 is also unassigned */
	assert_npf_reason(m, 0, 0x0, true, NPF_UNMAPPED);
}

static void gpa_mismatch_wins_over_not_assigned(void **state)
{
	struct machine *m = *state;
	/* Page 5 is unassigned (gpa 0) and accessed at GPA 0x5000. */
	assert_npf_reason(m, 0, 0x5000, true, NPF_GPA_MISMATCH);
}

static void not_assigned_wins_over_wrong_asid_and_immutable(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = false, .immutable = true };
	assert_int_equal(machine_rmpupdate(m, 0x0, &u), 0);
	m->rmp[0].asid = 9;   /* a state RMPUPDATE cannot make: reach it directly */
	assert_npf_reason(m, 0, 0x0, true, NPF_NOT_ASSIGNED);
}

static void wrong_asid_wins_over_immutable(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .immutable = true, .asid = 9, .gpa = 0x5000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), 0);
	assert_npf_reason(m, 0, 0x5000, true, NPF_WRONG_ASID);
}

static void immutable_wins_over_not_validated(void **state)
{
	struct machine *m = *state;
	struct rmp_update u = { .assigned = true, .immutable = true, .asid = GUEST_ASID, .gpa = 0x5000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), 0);
	assert_false(entry(m, 0x5000)->validated);
	assert_npf_reason(m, 0, 0x5000, true, NPF_IMMUTABLE);
}

static void not_validated_wins_over_missing_vmpl_permission(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	assert_int_equal(entry(m, 0x5000)->perms[1], 0);
	struct hw_result r = probe(m, 1, 0x5000, true, ACCESS_READ, NULL);
	assert_fault(r, FAULT_VC);
	assert_int_equal(r.code, VC_PAGE_NOT_VALIDATED);
}

static void shared_access_ignores_validation_and_permissions(void **state)
{
	struct machine *m = *state;
	/* A hypervisor page bound to another GPA: shared access does not look. */
	m->rmp[5].gpa = 0x9000;
	assert_true(hw_succeeded(probe(m, 3, 0x5000, false, ACCESS_WRITE, NULL)));
}

/* --- reads and writes --- */

static void read_or_write_across_a_page_is_bad_input_not_a_fault(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	uint8_t buf[16] = { 0 };
	struct hw_result r = machine_read(m, 0, 0x5ff8, true, buf, sizeof buf);
	assert_rc(r, HW_FAIL_INPUT);
	r = machine_write(m, 0, 0x5ff8, true, buf, sizeof buf, LABEL_PUBLIC);
	assert_rc(r, HW_FAIL_INPUT);
	assert_true(hw_succeeded(machine_read(m, 0, 0x5ff0, true, buf, sizeof buf)));
}

static void faulting_write_changes_nothing(void **state)
{
	struct machine *m = *state;
	make_private(m, 0x5000);
	uint8_t b = 0x55;
	uint64_t h = machine_hash(m);
	assert_fault(machine_write(m, 0, 0x5000, true, &b, 1, LABEL_VMPL(0)), FAULT_VC);
	assert_true(machine_hash(m) == h);
}

static void private_write_stores_ciphertext_and_its_label(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	const char secret[] = "VMPCK0 secret key material";
	char out[sizeof secret];
	struct hw_result r = machine_write(m, 0, 0x5100, true, secret, sizeof secret, LABEL_VMPL(0));
	assert_true(hw_succeeded(r));
	assert_int_equal(m->label[5], LABEL_VMPL(0));
	assert_true(hw_succeeded(machine_read(m, 0, 0x5100, true, out, sizeof out)));
	assert_memory_equal(out, secret, sizeof secret);
	/* The hypervisor reads the SPA with key 0 and sees ciphertext only. */
	machine_mem_read(m, 0x5100, out, sizeof out, 0);
	assert_memory_not_equal(out, secret, sizeof secret);
}

static void spa_moved_to_another_gpa_keeps_its_plaintext(void **state)
{
	struct machine *m = *state;
	const char secret[] = "the module's secret";
	char out[sizeof secret];
	make_validated(m, 0x5000);
	assert_true(hw_succeeded(machine_write(m, 0, 0x5000, true, secret, sizeof secret, LABEL_VMPL(0))));

	/* The hypervisor rebinds SPA 0x5000 to GPA 0x9000 of the same guest. */
	struct rmp_update u = { .assigned = true, .asid = GUEST_ASID, .gpa = 0x9000 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &u), 0);
	npt_map(m, 0x9000, 0x5000);
	assert_fault(machine_read(m, 0, 0x9000, true, out, sizeof out), FAULT_VC);
	assert_true(hw_succeeded(machine_pvalidate(m, 0, 0x9000, PSIZE_4K, true)));
	grant(m, 0x9000, 1, PERM_R);
	assert_true(hw_succeeded(machine_read(m, 1, 0x9000, true, out, sizeof out)));
	assert_memory_equal(out, secret, sizeof secret);
	/* The old GPA still maps the SPA but no longer matches its binding. */
	assert_npf_reason(m, 0, 0x5000, true, NPF_GPA_MISMATCH);
}

static void sub_pages_of_a_2m_entry_are_checked_by_their_own_entry(void **state)
{
	struct machine *m = *state;
	make_private_2m(m, true);
	uint64_t gpa = BASE_2M + 5 * PAGE_SIZE + 0x10;
	uint64_t spa = 0;
	assert_true(hw_succeeded(machine_translate(m, 0, gpa, true, ACCESS_WRITE, &spa, NULL)));
	assert_int_equal(spa, gpa);
	assert_npf_reason(m, 1, gpa, true, NPF_VMPL);
	struct hw_result r = machine_rmpadjust(m, 0, BASE_2M, PSIZE_2M, RMPADJUST_ATTRS(1, PERM_R));
	assert_true(hw_succeeded(r));
	assert_true(hw_succeeded(probe(m, 1, gpa, true, ACCESS_READ, NULL)));
	assert_true(hw_succeeded(probe(m, 1, BASE_2M + 511 * PAGE_SIZE, true, ACCESS_READ, NULL)));
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_small, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(shared_access_to_a_hypervisor_page_succeeds),
		T(unmapped_gpa_faults_without_the_present_bit),
		T(npt_pointing_past_memory_faults_out_of_range),
		T(shared_access_to_a_private_page_faults),
		T(private_access_to_a_page_bound_elsewhere_is_gpa_mismatch),
		T(private_access_to_a_hypervisor_page_is_not_assigned),
		T(private_access_to_another_guests_page_is_wrong_asid),
		T(private_access_to_an_immutable_page_faults),
		T(private_access_to_an_unvalidated_page_raises_vc),
		T(lower_vmpl_needs_the_permission_of_its_kind),
		T(a_vmpl_that_does_not_exist_gets_gp),
		T(unmapped_wins_over_every_rmp_check),
		T(gpa_mismatch_wins_over_not_assigned),
		T(not_assigned_wins_over_wrong_asid_and_immutable),
		T(wrong_asid_wins_over_immutable),
		T(immutable_wins_over_not_validated),
		T(not_validated_wins_over_missing_vmpl_permission),
		T(shared_access_ignores_validation_and_permissions),
		T(read_or_write_across_a_page_is_bad_input_not_a_fault),
		T(faulting_write_changes_nothing),
		T(private_write_stores_ciphertext_and_its_label),
		T(spa_moved_to_another_gpa_keeps_its_plaintext),
		cmocka_unit_test_setup_teardown(sub_pages_of_a_2m_entry_are_checked_by_their_own_entry,
		                                setup_big, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
