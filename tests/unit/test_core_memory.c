/*
 * test_core_memory.c: core calls 4 and 5, DEPOSIT_MEM and WITHDRAW_MEM
 * (the kit's own design, docs/module.md). A deposited page leaves the
 * guest's reach and joins the pool; a withdrawn one comes back zeroed;
 * the pool is held, so no other call may use its pages.
 */
#include "sim_fixture.h"

static uint64_t page_entry(uint64_t gpa)
{
	return PVENTRY(gpa, PSIZE_4K, false, false);
}

/* A page in the pool: still validated, no guest access, owner MODULE. */
static void assert_pooled(struct sim *s, uint64_t gpa)
{
	assert_true(rmp_of(s, gpa)->validated);
	assert_true(module_validated(s, gpa));
	assert_int_equal(rmp_of(s, gpa)->perms[1], 0);
	assert_int_equal(owner_at(s, gpa), OWNER_MODULE);
	assert_false(guest_can_read(s, gpa));
}

/* A page the guest holds. */
static void assert_guest_page(struct sim *s, uint64_t gpa)
{
	assert_true(rmp_of(s, gpa)->validated);
	assert_int_equal(rmp_of(s, gpa)->perms[1], PERM_ALL);
	assert_int_equal(owner_at(s, gpa), OWNER_GUEST);
	assert_true(guest_can_write(s, gpa));
}

/* DEPOSIT_MEM of one entry; checks `next` and that the pool did not change. */
static void deposit_refused(struct sim *s, uint64_t e, uint32_t expect)
{
	unsigned pool = s->sv.pool_count;
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, &e, 1), expect);
	assert_int_equal(list_next(s, REQ_GPA), 0);
	assert_int_equal(s->sv.pool_count, pool);
}

/* A WITHDRAW_MEM list at REQ_GPA asking for `want` pages; returns RAX. */
static uint32_t withdraw(struct sim *s, unsigned want)
{
	put_list(s, REQ_GPA, want, 0, NULL, 0);
	return core_call(s, 0, SVSM_CORE_WITHDRAW_MEM, REQ_GPA, 0, 0, NULL);
}

static void deposit_takes_pages_into_the_pool(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t e[2] = { page_entry(PAGE_A), page_entry(PAGE_B) };
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, e, 2), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 2);
	assert_int_equal(s->sv.pool_count, 2);
	assert_pooled(s, PAGE_A);
	assert_pooled(s, PAGE_B);
	assert_false(guest_can_write(s, PAGE_B));
	assert_clean(s);
	sim_free(s);
}

/* A list may live in the CAA's buffer. */
static void deposit_list_in_the_caa_buffer(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t list = sim_layout(s)->boot_caa_gpa + CAA_BUFFER, e = page_entry(PAGE_A);
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, list, &e, 1), SVSM_SUCCESS);
	assert_int_equal(list_next(s, list), 1);
	assert_pooled(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* Any of the low 12 bits: size, validate, ignore_cf, reserved. */
static void deposit_entry_with_low_bits_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	for (unsigned bit = 0; bit < 12; bit++)
		deposit_refused(s, page_entry(PAGE_A) | 1ull << bit, SVSM_ERR_INVALID_PARAMETER);
	assert_guest_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void deposit_outside_guest_ram_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	const struct svsm_params *p = sim_layout(s);
	const uint64_t bad[] = { RAM_END, 0x100000, 0xfffffffffffff000ull, MODULE_PAGE,
	                         p->secrets_gpa, p->boot_vmsa_gpa };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		deposit_refused(s, page_entry(bad[i]), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(owner_at(s, MODULE_PAGE), OWNER_MODULE);
	assert_clean(s);
	sim_free(s);
}

static void deposit_page_not_validated_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);
	deposit_refused(s, page_entry(PAGE_A), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_SHARED);
	assert_false(rmp_of(s, PAGE_A)->validated);
	assert_clean(s);
	sim_free(s);
}

static void deposit_vmsa_or_caa_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	deposit_refused(s, page_entry(PAGE_A), SVSM_ERR_INVALID_ADDRESS);
	deposit_refused(s, page_entry(PAGE_B), SVSM_ERR_INVALID_ADDRESS);
	deposit_refused(s, page_entry(sim_layout(s)->boot_caa_gpa), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_VMSA);
	assert_int_equal(rmp_of(s, PAGE_A)->perms[1], PERM_R);
	assert_int_equal(owner_at(s, PAGE_B), OWNER_CAA);
	assert_int_equal(rmp_of(s, PAGE_B)->perms[1], PERM_ALL);
	assert_clean(s);
	sim_free(s);
}

static void deposit_twice_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_page(s, PAGE_A);
	deposit_refused(s, page_entry(PAGE_A), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(s->sv.pool_count, 1);
	assert_pooled(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* The module goes on writing `next` into the list: never into its own page. */
static void deposit_of_the_lists_own_page_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_refused(s, page_entry(REQ_GPA), SVSM_ERR_INVALID_ADDRESS);
	uint64_t e = page_entry(REQ_GPA);
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, REQ_GPA + 0x800, &e, 1),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(list_next(s, REQ_GPA + 0x800), 0);
	assert_guest_page(s, REQ_GPA);
	assert_int_equal(s->sv.pool_count, 0);
	assert_clean(s);
	sim_free(s);
}

/* Entry 1 of 3 is bad: entry 0 is deposited, next == 1, entry 2 untouched. */
static void deposit_error_mid_list_stops_at_next(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t e[3] = { page_entry(PAGE_A), page_entry(MODULE_PAGE), page_entry(PAGE_C) };
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, e, 3), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(list_next(s, REQ_GPA), 1);
	assert_int_equal(s->sv.pool_count, 1);
	assert_pooled(s, PAGE_A);
	assert_guest_page(s, PAGE_C);
	e[1] = page_entry(PAGE_B);
	put_list(s, REQ_GPA, 3, 1, e, 3);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 3);
	assert_int_equal(s->sv.pool_count, 3);
	assert_pooled(s, PAGE_C);
	assert_clean(s);
	sim_free(s);
}

/* The header checks of the page-list format, for both calls. */
static void deposit_and_withdraw_bad_list_headers(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	const uint32_t calls[2] = { SVSM_CORE_DEPOSIT_MEM, SVSM_CORE_WITHDRAW_MEM };
	uint64_t e = page_entry(PAGE_A);
	for (unsigned c = 0; c < 2; c++) {
		put_list(s, REQ_GPA, 0, 0, &e, 1);
		assert_int_equal(core_call(s, 0, calls[c], REQ_GPA, 0, 0, NULL), SVSM_ERR_INVALID_PARAMETER);
		put_list(s, REQ_GPA, 1, 1, &e, 1);
		assert_int_equal(core_call(s, 0, calls[c], REQ_GPA, 0, 0, NULL), SVSM_ERR_INVALID_PARAMETER);
		put_list(s, REQ_GPA, 512, 0, &e, 1);
		assert_int_equal(core_call(s, 0, calls[c], REQ_GPA, 0, 0, NULL), SVSM_ERR_INVALID_PARAMETER);
		assert_int_equal(core_call(s, 0, calls[c], REQ_GPA + 4, 0, 0, NULL),
		                 SVSM_ERR_INVALID_PARAMETER);
		assert_int_equal(core_call(s, 0, calls[c], RAM_END, 0, 0, NULL), SVSM_ERR_INVALID_ADDRESS);
		assert_int_equal(core_call(s, 0, calls[c], MODULE_PAGE, 0, 0, NULL),
		                 SVSM_ERR_INVALID_ADDRESS);
	}
	assert_guest_page(s, PAGE_A);
	assert_int_equal(s->sv.pool_count, 0);
	assert_clean(s);
	sim_free(s);
}

/* A list in a pooled page or a VMSA is refused: the module would write into it. */
static void list_in_a_held_page_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_page(s, PAGE_A);
	assert_int_equal(create_good_vcpu(s, PAGE_B, PAGE_C, 1), SVSM_SUCCESS);
	const uint32_t calls[3] = { SVSM_CORE_PVALIDATE, SVSM_CORE_DEPOSIT_MEM,
	                            SVSM_CORE_WITHDRAW_MEM };
	for (unsigned c = 0; c < 3; c++) {
		assert_int_equal(core_call(s, 0, calls[c], PAGE_A, 0, 0, NULL), SVSM_ERR_INVALID_ADDRESS);
		assert_int_equal(core_call(s, 0, calls[c], PAGE_B, 0, 0, NULL), SVSM_ERR_INVALID_ADDRESS);
	}
	assert_int_equal(s->sv.pool_count, 1);
	assert_pooled(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* A pooled page is the module's: the guest cannot rescind or validate it. */
static void pvalidate_of_a_pooled_page_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_page(s, PAGE_A);
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(pvalidate_page(s, PAGE_A, true, true), SVSM_ERR_INVALID_ADDRESS);
	assert_pooled(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* The lowest pool pages come back zeroed, granted, and named in the list. */
static void withdraw_returns_zeroed_pages(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	const uint64_t pages[3] = { PAGE_C, PAGE_A, PAGE_B };
	for (unsigned i = 0; i < 3; i++) {
		guest_fill(s, pages[i], 0x77);
		deposit_page(s, pages[i]);
	}
	assert_int_equal(s->sv.pool_count, 3);
	assert_int_equal(withdraw(s, 2), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 2);
	assert_int_equal(list_entry(s, REQ_GPA, 0), page_entry(PAGE_A));
	assert_int_equal(list_entry(s, REQ_GPA, 1), page_entry(PAGE_B));
	assert_int_equal(s->sv.pool_count, 1);
	for (unsigned i = 1; i < 3; i++) {
		assert_guest_page(s, pages[i]);
		assert_true(guest_reads_zeros(s, pages[i]));
	}
	assert_pooled(s, PAGE_C);
	assert_clean(s);
	sim_free(s);
}

/* Asking for more than the pool holds is not an error: next says how many came back. */
static void withdraw_more_than_the_pool_holds(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_page(s, PAGE_A);
	assert_int_equal(withdraw(s, 5), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 1);
	assert_int_equal(list_entry(s, REQ_GPA, 0), page_entry(PAGE_A));
	assert_int_equal(s->sv.pool_count, 0);
	assert_guest_page(s, PAGE_A);
	/* An empty pool: SUCCESS, nothing returned. */
	assert_int_equal(withdraw(s, 3), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 0);
	assert_clean(s);
	sim_free(s);
}

/* Entries are filled in from `next` on; those before it are left alone. */
static void withdraw_fills_from_next(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_page(s, PAGE_A);
	deposit_page(s, PAGE_B);
	const uint64_t mine = 0x1234000;
	put_list(s, REQ_GPA, 2, 1, &mine, 1);
	assert_int_equal(core_call(s, 0, SVSM_CORE_WITHDRAW_MEM, REQ_GPA, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 2);
	assert_int_equal(list_entry(s, REQ_GPA, 0), mine);
	assert_int_equal(list_entry(s, REQ_GPA, 1), page_entry(PAGE_A));
	assert_int_equal(s->sv.pool_count, 1);
	assert_pooled(s, PAGE_B);
	assert_clean(s);
	sim_free(s);
}

/* A withdrawn page is an ordinary guest page again: it can be deposited again. */
static void withdrawn_page_can_be_deposited_again(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	deposit_page(s, PAGE_A);
	assert_int_equal(withdraw(s, 1), SVSM_SUCCESS);
	deposit_page(s, PAGE_A);
	assert_int_equal(s->sv.pool_count, 1);
	assert_pooled(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deposit_takes_pages_into_the_pool),
		cmocka_unit_test(deposit_list_in_the_caa_buffer),
		cmocka_unit_test(deposit_entry_with_low_bits_is_invalid_parameter),
		cmocka_unit_test(deposit_outside_guest_ram_is_invalid_address),
		cmocka_unit_test(deposit_page_not_validated_is_invalid_address),
		cmocka_unit_test(deposit_vmsa_or_caa_is_invalid_address),
		cmocka_unit_test(deposit_twice_is_invalid_address),
		cmocka_unit_test(deposit_of_the_lists_own_page_is_invalid_address),
		cmocka_unit_test(deposit_error_mid_list_stops_at_next),
		cmocka_unit_test(deposit_and_withdraw_bad_list_headers),
		cmocka_unit_test(list_in_a_held_page_is_invalid_address),
		cmocka_unit_test(pvalidate_of_a_pooled_page_is_invalid_address),
		cmocka_unit_test(withdraw_returns_zeroed_pages),
		cmocka_unit_test(withdraw_more_than_the_pool_holds),
		cmocka_unit_test(withdraw_fills_from_next),
		cmocka_unit_test(withdrawn_page_can_be_deposited_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
