/*
 * test_memory_contracts.c: the contracts of DEPOSIT_MEM and WITHDRAW_MEM
 * (explorer/ghost/memory_contracts.c). Each check must fire on a crafted
 * state that breaks its promise and stay quiet on the state next to it
 * that keeps it; the correct module's real calls keep them all. A crafted
 * call is set up as the simulator records it when the call begins (its
 * request page read then), the state it left is made by hand, and the
 * contract is judged as when the call returns (ghost_contract).
 */
#include "sim_fixture.h"

static int setup(void **state)
{
	*state = sim_new(0);
	return 0;
}

static int teardown(void **state)
{
	sim_free(*state);
	return 0;
}

/* A page-list call from vCPU 0 on the list at REQ_GPA, begun now. */
static void begin(struct sim *s, uint32_t call)
{
	struct sim_call *c = &s->calls[0];
	memset(c, 0, sizeof(*c));
	c->active = true;
	c->rax = SVSM_RAX(SVSM_PROTO_CORE, call);
	c->rcx = REQ_GPA;
	c->vcpu = 0;
	c->first_step = s->rec.step;
	c->request_valid = machine_read(&s->m, 0, REQ_GPA, true, c->request, PAGE_SIZE).fault ==
	                   FAULT_NONE;
	assert_true(c->request_valid);
	ghost_call_begin(GHOST(s), c);
}

/* The list's next, written as the module writes it. */
static void set_next(struct sim *s, unsigned next)
{
	uint8_t b[2] = { (uint8_t)next, (uint8_t)(next >> 8) };
	assert_int_equal(machine_write(&s->m, 0, REQ_GPA + PVREQ_NEXT, true, b, 2, LABEL_PUBLIC).fault,
	                 FAULT_NONE);
}

static void deposit_must_take_4k_pages(void **state)
{
	struct sim *s = *state;
	uint64_t e = PAGE_A | PSIZE_2M;
	put_list(s, REQ_GPA, 1, 0, &e, 1);
	begin(s, SVSM_CORE_DEPOSIT_MEM);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);   /* refused, next 0: right */
	assert_clean(s);
	set_next(s, 1);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "deposit-mem-takes-4k-pages"), 1);
	assert_int_equal(s->rec.nviolations, 1);
	s->calls[0].active = false;
}

static void deposit_must_report_progress(void **state)
{
	struct sim *s = *state;
	uint64_t e[2] = { PAGE_A, PAGE_B };
	put_list(s, REQ_GPA, 2, 0, e, 2);
	begin(s, SVSM_CORE_DEPOSIT_MEM);
	set_next(s, 1);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);     /* the second failed: right */
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                 /* SUCCESS with next 1 */
	assert_int_equal(violations_of(s, "deposit-mem-reports-progress"), 1);
	assert_int_equal(s->rec.nviolations, 1);
	s->calls[0].active = false;
}

/*
 * The first entry failed and next stays at it; the module must not have
 * changed the second page, which the guest goes on using: an RMPADJUST of
 * it breaks the promise, the same RMPADJUST of the failed entry's own page
 * does not.
 */
static void deposit_must_leave_the_rest(void **state)
{
	struct sim *s = *state;
	uint64_t e[2] = { PAGE_A, PAGE_B };
	put_list(s, REQ_GPA, 2, 0, e, 2);
	begin(s, SVSM_CORE_DEPOSIT_MEM);
	struct hal_cpu cpu = { s, 0 };
	uint64_t revoke = RMPADJUST_ATTRS(s->m.guest_vmpl, 0);
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, revoke);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);     /* entry 0 failed: right */
	assert_clean(s);
	hal_rmpadjust(&cpu, PAGE_B, PSIZE_4K, revoke);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(violations_of(s, "deposit-mem-leaves-the-rest"), 1);
	set_next(s, 1);                 /* entry 1 failed: PAGE_B is its own page */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(s->rec.nviolations, 1);
	s->calls[0].active = false;
}

/*
 * The module handed PAGE_A back in entry 0: the guest's, zeroed,
 * validated, all permissions, and an owner transfer of the call's own.
 */
static void hand_back(struct sim *s)
{
	uint64_t e = PVENTRY(PAGE_A, PSIZE_4K, false, false);
	uint8_t b[8];
	for (unsigned k = 0; k < 8; k++)
		b[k] = (uint8_t)(e >> (8 * k));
	assert_int_equal(machine_write(&s->m, 0, REQ_GPA + PVREQ_HEADER_SIZE, true, b, 8,
	                               LABEL_PUBLIC).fault, FAULT_NONE);
	set_next(s, 1);
	struct hal_cpu cpu = { s, 0 };
	hal_ghost_own(&cpu, PAGE_A, OWNER_GUEST);
	static const uint8_t zeros[PAGE_SIZE];
	assert_int_equal(machine_write(&s->m, 0, PAGE_A, true, zeros, PAGE_SIZE, LABEL_PUBLIC).fault,
	                 FAULT_NONE);
}

static void withdraw_must_report_what_it_hands_back(void **state)
{
	struct sim *s = *state;
	put_list(s, REQ_GPA, 1, 0, NULL, 0);
	begin(s, SVSM_CORE_WITHDRAW_MEM);
	hand_back(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_clean(s);
	set_next(s, 0);                 /* one page handed back, none reported */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "withdraw-mem-reports-count"), 1);
	set_next(s, 2);                 /* more than the guest asked for */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "withdraw-mem-reports-count"), 2);
	assert_int_equal(s->rec.nviolations, 2);
	s->calls[0].active = false;
}

static void withdraw_must_return_zeroed_usable_pages(void **state)
{
	struct sim *s = *state;
	put_list(s, REQ_GPA, 1, 0, NULL, 0);
	begin(s, SVSM_CORE_WITHDRAW_MEM);
	hand_back(s);
	uint8_t data = 0x5a;
	assert_int_equal(machine_write(&s->m, 0, PAGE_A + 0x100, true, &data, 1, LABEL_PUBLIC).fault,
	                 FAULT_NONE);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                 /* not zeroed */
	assert_int_equal(violations_of(s, "withdraw-mem-returns-pages"), 1);
	data = 0;
	assert_int_equal(machine_write(&s->m, 0, PAGE_A + 0x100, true, &data, 1, LABEL_PUBLIC).fault,
	                 FAULT_NONE);
	struct rmp_entry *e = &s->m.rmp[npt_lookup(&s->m, PAGE_A) >> PAGE_SHIFT];
	e->perms[s->m.guest_vmpl] = PERM_R;                        /* read-only */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "withdraw-mem-returns-pages"), 2);
	e->perms[s->m.guest_vmpl] = PERM_ALL;
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(s->rec.nviolations, 2);
	s->calls[0].active = false;
}

/* The correct module keeps both calls' contracts, on pages the guest wrote into. */
static void real_calls_keep_their_contracts(void **state)
{
	struct sim *s = *state;
	guest_fill(s, PAGE_A, 0x5a);
	guest_fill(s, PAGE_B, 0xa5);
	uint64_t e[2] = { PAGE_A, PAGE_B };
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, e, 2), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 2);
	put_list(s, REQ_GPA, 1, 0, NULL, 0);
	assert_int_equal(core_call(s, 0, SVSM_CORE_WITHDRAW_MEM, REQ_GPA, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 1);
	assert_true(guest_reads_zeros(s, list_entry(s, REQ_GPA, 0) & ~(uint64_t)(PAGE_SIZE - 1)));
	uint64_t two_m = PAGE_A | PSIZE_2M;
	put_list(s, REQ_GPA, 1, 0, &two_m, 1);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, 0, 0, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_clean(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(deposit_must_take_4k_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(deposit_must_report_progress, setup, teardown),
		cmocka_unit_test_setup_teardown(deposit_must_leave_the_rest, setup, teardown),
		cmocka_unit_test_setup_teardown(withdraw_must_report_what_it_hands_back, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(withdraw_must_return_zeroed_usable_pages, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(real_calls_keep_their_contracts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
