/*
 * test_core_pvalidate.c: core call 1, PVALIDATE, as the guest sees it.
 * Each test shows one path of docs/module.md's table: the result code, the
 * RMP entry and ghost owner of the pages named, the module's validated
 * bitmap, and the request's `next` in guest memory; and that no run-time
 * check fired.
 */
#include "sim_fixture.h"
#include "../../explorer/hv/hv.h"

#define HUGE_GPA 0x200000ull   /* a 2M-aligned range of guest RAM on a 1024-page machine */

static uint64_t rescind(uint64_t gpa)
{
	return PVENTRY(gpa, PSIZE_4K, false, false);
}

static uint64_t validate(uint64_t gpa)
{
	return PVENTRY(gpa, PSIZE_4K, true, false);
}

/* The state of a page the guest holds: validated, all access, owner GUEST. */
static void assert_guest_page(struct sim *s, uint64_t gpa)
{
	assert_true(rmp_of(s, gpa)->validated);
	assert_int_equal(rmp_of(s, gpa)->perms[1], PERM_ALL);
	assert_int_equal(owner_at(s, gpa), OWNER_GUEST);
	assert_true(module_validated(s, gpa));
}

/* The state of a rescinded page: not validated, no access, owner SHARED. */
static void assert_rescinded_page(struct sim *s, uint64_t gpa)
{
	assert_false(rmp_of(s, gpa)->validated);
	assert_int_equal(rmp_of(s, gpa)->perms[1], 0);
	assert_int_equal(owner_at(s, gpa), OWNER_SHARED);
	assert_false(module_validated(s, gpa));
	assert_false(guest_can_read(s, gpa));
}

/* A one-entry request at REQ_GPA; checks `next` and returns RAX. */
static uint32_t one_entry(struct sim *s, uint64_t e, unsigned expect_next)
{
	uint32_t rc = list_call(s, SVSM_CORE_PVALIDATE, REQ_GPA, &e, 1);
	assert_int_equal(list_next(s, REQ_GPA), expect_next);
	return rc;
}

/* The step of the first HAL call of kind op in vCPU 0's last call. */
static unsigned step_of(const struct sim *s, enum sim_op op)
{
	for (unsigned k = s->calls[0].first_step; k < s->rec.step; k++)
		if (record_event_at(&s->rec, k)->op == op)
			return k;
	fail_msg("no %s in the last call", op_name(op));
	return 0;
}

static void rescind_4k_revokes_access_and_invalidates(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_guest_page(s, PAGE_A);
	assert_int_equal(one_entry(s, rescind(PAGE_A), 1), SVSM_SUCCESS);
	assert_true(step_of(s, OP_RMPADJUST) < step_of(s, OP_PVALIDATE));
	assert_rescinded_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* The module zeroes what the page held before granting it: the guest reads zeros. */
static void validate_4k_zeroes_and_grants(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	guest_fill(s, PAGE_A, 0xab);
	assert_int_equal(one_entry(s, rescind(PAGE_A), 1), SVSM_SUCCESS);
	assert_int_equal(one_entry(s, validate(PAGE_A), 1), SVSM_SUCCESS);
	assert_true(step_of(s, OP_PVALIDATE) < step_of(s, OP_ZERO_PAGE));
	assert_true(step_of(s, OP_ZERO_PAGE) < step_of(s, OP_RMPADJUST));
	assert_guest_page(s, PAGE_A);
	assert_true(guest_reads_zeros(s, PAGE_A));
	assert_true(guest_can_write(s, PAGE_A));
	assert_clean(s);
	sim_free(s);
}

static void batch_of_four_entries_advances_next_to_four(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t pages[4] = { PAGE_A, PAGE_B, PAGE_C, PAGE_D }, e[4];
	for (unsigned i = 0; i < 4; i++)
		e[i] = rescind(pages[i]);
	assert_int_equal(list_call(s, SVSM_CORE_PVALIDATE, REQ_GPA, e, 4), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 4);
	for (unsigned i = 0; i < 4; i++) {
		assert_rescinded_page(s, pages[i]);
		e[i] = validate(pages[i]);
	}
	assert_int_equal(list_call(s, SVSM_CORE_PVALIDATE, REQ_GPA, e, 4), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 4);
	for (unsigned i = 0; i < 4; i++)
		assert_guest_page(s, pages[i]);
	assert_clean(s);
	sim_free(s);
}

/*
 * Entry 2 of 4 names a module page: entries 0 and 1 are done, next == 2,
 * entry 3 untouched. With entry 2 fixed, the call resumes at next (entries
 * 0 and 1 again would be FAIL_UNCHANGED) and finishes.
 */
static void error_mid_batch_stops_at_next_and_resumes(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t e[4] = { rescind(PAGE_A), rescind(PAGE_B), rescind(MODULE_PAGE), rescind(PAGE_C) };
	assert_int_equal(list_call(s, SVSM_CORE_PVALIDATE, REQ_GPA, e, 4), SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(list_next(s, REQ_GPA), 2);
	assert_rescinded_page(s, PAGE_A);
	assert_rescinded_page(s, PAGE_B);
	assert_true(rmp_of(s, MODULE_PAGE)->validated);
	assert_guest_page(s, PAGE_C);

	e[2] = rescind(PAGE_D);
	put_list(s, REQ_GPA, 4, 2, e, 4);
	assert_int_equal(core_call(s, 0, SVSM_CORE_PVALIDATE, REQ_GPA, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 4);
	assert_rescinded_page(s, PAGE_C);
	assert_rescinded_page(s, PAGE_D);
	assert_clean(s);
	sim_free(s);
}

static void validate_of_validated_page_is_unchanged_unless_ignore_cf(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	guest_fill(s, PAGE_A, 0x5a);
	assert_int_equal(one_entry(s, validate(PAGE_A), 0), SVSM_PVALIDATE_FAIL_UNCHANGED);
	assert_int_equal(one_entry(s, PVENTRY(PAGE_A, PSIZE_4K, true, true), 1), SVSM_SUCCESS);
	/* Nothing was done: not zeroed, still the guest's. */
	assert_guest_page(s, PAGE_A);
	uint8_t b = 0;
	assert_int_equal(guest_read(s, PAGE_A + 100, &b, 1).fault, FAULT_NONE);
	assert_int_equal(b, 0x5a);
	assert_clean(s);
	sim_free(s);
}

static void rescind_of_rescinded_page_is_unchanged_unless_ignore_cf(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(one_entry(s, rescind(PAGE_A), 1), SVSM_SUCCESS);
	assert_int_equal(one_entry(s, rescind(PAGE_A), 0), SVSM_PVALIDATE_FAIL_UNCHANGED);
	assert_int_equal(one_entry(s, PVENTRY(PAGE_A, PSIZE_4K, false, true), 1), SVSM_SUCCESS);
	assert_rescinded_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void each_reserved_bit_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	for (unsigned bit = 4; bit <= 11; bit++) {
		assert_int_equal(one_entry(s, rescind(PAGE_A) | 1ull << bit, 0),
		                 SVSM_ERR_INVALID_PARAMETER);
		assert_int_equal(one_entry(s, validate(PAGE_A) | 1ull << bit, 0),
		                 SVSM_ERR_INVALID_PARAMETER);
	}
	assert_guest_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void page_size_2_or_3_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	for (unsigned size = 2; size <= 3; size++) {
		assert_int_equal(one_entry(s, PVENTRY(PAGE_A, size, false, false), 0),
		                 SVSM_ERR_INVALID_PARAMETER);
		assert_int_equal(one_entry(s, PVENTRY(PAGE_A, size, true, true), 0),
		                 SVSM_ERR_INVALID_PARAMETER);
	}
	assert_guest_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* A list at gpa whose header says (entries, next); returns RAX. */
static uint32_t header_call(struct sim *s, uint64_t gpa, unsigned entries, unsigned next)
{
	uint64_t e = rescind(PAGE_A);
	put_list(s, gpa, entries, next, &e, 1);
	return core_call(s, 0, SVSM_CORE_PVALIDATE, gpa, 0, 0, NULL);
}

static void header_entries_zero_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(header_call(s, REQ_GPA, 0, 0), SVSM_ERR_INVALID_PARAMETER);
	assert_guest_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* A list at the start of a page holds at most 511 entries. */
static void header_entries_past_the_page_are_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(header_call(s, REQ_GPA, 512, 0), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(header_call(s, REQ_GPA, 0xffff, 0), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(list_next(s, REQ_GPA), 0);
	assert_guest_page(s, PAGE_A);

	/* 511 entries fit: the first rescinds, the other 510 change nothing (ignore_cf). */
	static uint64_t e[511];
	for (unsigned i = 0; i < 511; i++)
		e[i] = PVENTRY(PAGE_A, PSIZE_4K, false, true);
	assert_int_equal(list_call(s, SVSM_CORE_PVALIDATE, REQ_GPA, e, 511), SVSM_SUCCESS);
	assert_int_equal(list_next(s, REQ_GPA), 511);
	assert_rescinded_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

/* Near a page's end the room shrinks: 16 bytes before it, one entry fits, two do not. */
static void request_crossing_the_page_end_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t near_end = REQ_GPA + PAGE_SIZE - 16;
	assert_int_equal(header_call(s, near_end, 2, 0), SVSM_ERR_INVALID_PARAMETER);
	assert_guest_page(s, PAGE_A);
	assert_int_equal(header_call(s, REQ_GPA + PAGE_SIZE - 8, 1, 0), SVSM_ERR_INVALID_PARAMETER);
	assert_guest_page(s, PAGE_A);
	assert_int_equal(header_call(s, near_end, 1, 0), SVSM_SUCCESS);
	assert_int_equal(list_next(s, near_end), 1);
	assert_rescinded_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void header_next_at_or_past_entries_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(header_call(s, REQ_GPA, 1, 1), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(header_call(s, REQ_GPA, 1, 7), SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(list_next(s, REQ_GPA), 7);
	assert_guest_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void request_not_8_aligned_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	for (unsigned off = 1; off < 8; off++)
		assert_int_equal(header_call(s, REQ_GPA + off, 1, 0), SVSM_ERR_INVALID_PARAMETER);
	assert_guest_page(s, PAGE_A);
	assert_clean(s);
	sim_free(s);
}

static void request_outside_guest_ram_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t bad[] = { RAM_END, MODULE_PAGE, 0x1000, 0x100000,
	                                0xfffffffffffffff8ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(core_call(s, 0, SVSM_CORE_PVALIDATE, bad[i], 0, 0, NULL),
		                 SVSM_ERR_INVALID_ADDRESS);
	assert_true(rmp_of(s, MODULE_PAGE)->validated);
	assert_clean(s);
	sim_free(s);
}

/* The CAA is fine for a list (guests put them in its buffer); a VMSA is not. */
static void request_in_caa_buffer_ok_in_vmsa_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t in_caa = sim_layout(s)->boot_caa_gpa + CAA_BUFFER;
	assert_int_equal(header_call(s, in_caa, 1, 0), SVSM_SUCCESS);
	assert_int_equal(list_next(s, in_caa), 1);
	assert_rescinded_page(s, PAGE_A);

	assert_int_equal(create_good_vcpu(s, PAGE_B, PAGE_C, 1), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_PVALIDATE, PAGE_B, 0, 0, NULL),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_true(rmp_of(s, PAGE_B)->vmsa);
	assert_clean(s);
	sim_free(s);
}

/* A request page the guest rescinded: the module cannot read the header. */
static void request_header_unreadable_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(one_entry(s, rescind(PAGE_C), 1), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_PVALIDATE, PAGE_C, 0, 0, NULL),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_rescinded_page(s, PAGE_C);
	assert_clean(s);
	sim_free(s);
}

static void entry_outside_guest_ram_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t bad[] = { RAM_END, 0x100000, 0xfffffffffffff000ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(one_entry(s, rescind(bad[i]), 0), SVSM_ERR_INVALID_ADDRESS);
		assert_int_equal(one_entry(s, validate(bad[i]), 0), SVSM_ERR_INVALID_ADDRESS);
	}
	assert_clean(s);
	sim_free(s);
}

static void entry_in_module_memory_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	const struct svsm_params *p = sim_layout(s);
	const uint64_t module[] = { p->svsm_base, p->secrets_gpa, p->boot_vmsa_gpa, MODULE_PAGE,
	                            p->guest_base - PAGE_SIZE };
	for (unsigned i = 0; i < sizeof(module) / sizeof(module[0]); i++) {
		assert_int_equal(one_entry(s, rescind(module[i]), 0), SVSM_ERR_INVALID_ADDRESS);
		assert_int_equal(one_entry(s, PVENTRY(module[i], PSIZE_4K, true, true), 0),
		                 SVSM_ERR_INVALID_ADDRESS);
		assert_true(rmp_of(s, module[i])->validated);
		assert_int_equal(owner_at(s, module[i]),
		                 module[i] == p->boot_vmsa_gpa ? OWNER_VMSA : OWNER_MODULE);
	}
	assert_clean(s);
	sim_free(s);
}

static void entry_registered_vmsa_or_caa_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, 1), SVSM_SUCCESS);
	const uint64_t held[] = { PAGE_A, PAGE_B, sim_layout(s)->boot_caa_gpa };
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(one_entry(s, rescind(held[i]), 0), SVSM_ERR_INVALID_ADDRESS);
		assert_int_equal(one_entry(s, PVENTRY(held[i], PSIZE_4K, true, true), 0),
		                 SVSM_ERR_INVALID_ADDRESS);
		assert_true(rmp_of(s, held[i])->validated);
	}
	assert_true(rmp_of(s, PAGE_A)->vmsa);
	assert_int_equal(rmp_of(s, PAGE_A)->perms[1], PERM_R);
	assert_int_equal(owner_at(s, PAGE_A), OWNER_VMSA);
	assert_int_equal(rmp_of(s, PAGE_B)->perms[1], PERM_ALL);
	assert_int_equal(owner_at(s, PAGE_B), OWNER_CAA);
	assert_clean(s);
	sim_free(s);
}

/* --- 2M pages, on a machine with 1024 pages (guest RAM up to 0x400000) --- */

static struct sim *sim_1024(void)
{
	return sim_new_with(0, 1024, 1);
}

/* Rescind n 4K pages from gpa on, in lists of up to 256 entries. */
static void rescind_4k_pages(struct sim *s, uint64_t gpa, unsigned n)
{
	uint64_t e[256];
	for (unsigned done = 0; done < n; done += 256) {
		unsigned k = n - done < 256 ? n - done : 256;
		for (unsigned i = 0; i < k; i++)
			e[i] = rescind(gpa + (uint64_t)(done + i) * PAGE_SIZE);
		assert_int_equal(list_call(s, SVSM_CORE_PVALIDATE, REQ_GPA, e, k), SVSM_SUCCESS);
		assert_int_equal(list_next(s, REQ_GPA), k);
	}
}

/*
 * The hypervisor turns the rescinded range at HUGE_GPA into one 2M private
 * RMP entry: every 4K page shared first, then RMPUPDATE of the 2M SPA.
 */
static void hv_make_2m_private(struct sim *s)
{
	uint64_t spa = npt_lookup(&s->m, HUGE_GPA);
	assert_int_equal(spa, HUGE_GPA);
	const struct rmp_update shared = { 0 };
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		assert_int_equal(hv_rmpupdate(s, spa + (uint64_t)i * PAGE_SIZE, &shared), 0);
	const struct rmp_update big = { .assigned = true, .page_size = PSIZE_2M,
	                                .asid = s->m.asid, .gpa = HUGE_GPA };
	assert_int_equal(hv_rmpupdate(s, spa, &big), 0);
}

static void pvalidate_2m_on_4k_entries_is_fail_sizemismatch(void **state)
{
	(void)state;
	struct sim *s = sim_1024();
	/* Rescind: the revoke (RMPADJUST 2M) meets 4K entries. */
	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, false, false), 0),
	                 SVSM_PVALIDATE_FAIL_SIZEMISMATCH);
	assert_guest_page(s, HUGE_GPA);
	assert_guest_page(s, HUGE_GPA + PAGE_SIZE_2M - PAGE_SIZE);

	/* Validate: PVALIDATE 2M meets 4K entries. */
	rescind_4k_pages(s, HUGE_GPA, PAGES_PER_2M);
	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, true, false), 0),
	                 SVSM_PVALIDATE_FAIL_SIZEMISMATCH);
	assert_rescinded_page(s, HUGE_GPA);
	assert_rescinded_page(s, HUGE_GPA + 300 * PAGE_SIZE);
	assert_clean(s);
	sim_free(s);
}

/* Validating a 2M range some of whose GPAs are validated would validate them twice. */
static void pvalidate_2m_over_validated_4k_pages_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_1024();
	assert_int_equal(one_entry(s, rescind(HUGE_GPA + PAGE_SIZE), 1), SVSM_SUCCESS);
	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, true, false), 0),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_guest_page(s, HUGE_GPA);
	assert_rescinded_page(s, HUGE_GPA + PAGE_SIZE);
	assert_clean(s);
	sim_free(s);
}

static void pvalidate_2m_on_2m_entry_zeroes_and_grants_every_page(void **state)
{
	(void)state;
	struct sim *s = sim_1024();
	static const unsigned probe[] = { 0, 1, 255, 511 };
	for (unsigned i = 0; i < 4; i++)
		guest_fill(s, HUGE_GPA + probe[i] * PAGE_SIZE, 0xc3);
	rescind_4k_pages(s, HUGE_GPA, PAGES_PER_2M);
	hv_make_2m_private(s);

	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, true, false), 1), SVSM_SUCCESS);
	for (unsigned i = 0; i < PAGES_PER_2M; i++) {
		uint64_t gpa = HUGE_GPA + (uint64_t)i * PAGE_SIZE;
		assert_int_equal(rmp_of(s, gpa)->page_size, PSIZE_2M);
		assert_guest_page(s, gpa);
	}
	for (unsigned i = 0; i < 4; i++) {
		uint64_t gpa = HUGE_GPA + probe[i] * PAGE_SIZE;
		assert_true(guest_reads_zeros(s, gpa));
		uint8_t w = (uint8_t)(0x10 + i), r = 0;
		assert_int_equal(guest_write(s, gpa + 7, &w, 1).fault, FAULT_NONE);
		assert_int_equal(guest_read(s, gpa + 7, &r, 1).fault, FAULT_NONE);
		assert_int_equal(r, w);
	}
	/* Validated once is enough: a second 2M validate changes nothing. */
	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, true, false), 0),
	                 SVSM_PVALIDATE_FAIL_UNCHANGED);
	assert_clean(s);
	sim_free(s);
}

static void rescind_2m_on_2m_entry_revokes_every_page(void **state)
{
	(void)state;
	struct sim *s = sim_1024();
	rescind_4k_pages(s, HUGE_GPA, PAGES_PER_2M);
	hv_make_2m_private(s);
	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, true, false), 1), SVSM_SUCCESS);

	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, false, false), 1), SVSM_SUCCESS);
	for (unsigned i = 0; i < PAGES_PER_2M; i += 73)
		assert_rescinded_page(s, HUGE_GPA + (uint64_t)i * PAGE_SIZE);
	assert_rescinded_page(s, HUGE_GPA + PAGE_SIZE_2M - PAGE_SIZE);
	assert_clean(s);
	sim_free(s);
}

/* A 4K entry for a page inside a 2M RMP entry faults (#NPF): INVALID_ADDRESS. */
static void pvalidate_4k_inside_2m_entry_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_1024();
	rescind_4k_pages(s, HUGE_GPA, PAGES_PER_2M);
	hv_make_2m_private(s);
	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, true, false), 1), SVSM_SUCCESS);
	assert_int_equal(one_entry(s, rescind(HUGE_GPA + PAGE_SIZE), 0), SVSM_ERR_INVALID_ADDRESS);
	assert_guest_page(s, HUGE_GPA + PAGE_SIZE);
	assert_clean(s);
	sim_free(s);
}

static void pvalidate_2m_misaligned_or_outside_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_1024();
	static const uint64_t bad[] = { HUGE_GPA + PAGE_SIZE, HUGE_GPA + PAGE_SIZE_2M / 2,
	                                0 /* module memory */, 0x400000 /* past guest RAM */ };
	for (unsigned i = 0; i < 4; i++) {
		assert_int_equal(one_entry(s, PVENTRY(bad[i], PSIZE_2M, false, false), 0),
		                 SVSM_ERR_INVALID_ADDRESS);
		assert_int_equal(one_entry(s, PVENTRY(bad[i], PSIZE_2M, true, true), 0),
		                 SVSM_ERR_INVALID_ADDRESS);
	}
	assert_guest_page(s, HUGE_GPA + PAGE_SIZE);
	assert_true(rmp_of(s, MODULE_PAGE)->validated);
	assert_clean(s);
	sim_free(s);
}

/* A 2M range holding a registered VMSA is refused before any hardware step. */
static void pvalidate_2m_range_with_held_page_is_invalid_address(void **state)
{
	(void)state;
	struct sim *s = sim_1024();
	uint64_t vmsa = HUGE_GPA + 5 * PAGE_SIZE;
	assert_int_equal(create_good_vcpu(s, vmsa, HUGE_GPA + 6 * PAGE_SIZE, 1), SVSM_SUCCESS);
	assert_int_equal(one_entry(s, PVENTRY(HUGE_GPA, PSIZE_2M, false, false), 0),
	                 SVSM_ERR_INVALID_ADDRESS);
	assert_true(rmp_of(s, vmsa)->vmsa);
	assert_guest_page(s, HUGE_GPA);
	assert_clean(s);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rescind_4k_revokes_access_and_invalidates),
		cmocka_unit_test(validate_4k_zeroes_and_grants),
		cmocka_unit_test(batch_of_four_entries_advances_next_to_four),
		cmocka_unit_test(error_mid_batch_stops_at_next_and_resumes),
		cmocka_unit_test(validate_of_validated_page_is_unchanged_unless_ignore_cf),
		cmocka_unit_test(rescind_of_rescinded_page_is_unchanged_unless_ignore_cf),
		cmocka_unit_test(each_reserved_bit_is_invalid_parameter),
		cmocka_unit_test(page_size_2_or_3_is_invalid_parameter),
		cmocka_unit_test(header_entries_zero_is_invalid_parameter),
		cmocka_unit_test(header_entries_past_the_page_are_invalid_parameter),
		cmocka_unit_test(request_crossing_the_page_end_is_invalid_parameter),
		cmocka_unit_test(header_next_at_or_past_entries_is_invalid_parameter),
		cmocka_unit_test(request_not_8_aligned_is_invalid_parameter),
		cmocka_unit_test(request_outside_guest_ram_is_invalid_address),
		cmocka_unit_test(request_in_caa_buffer_ok_in_vmsa_invalid_address),
		cmocka_unit_test(request_header_unreadable_is_invalid_address),
		cmocka_unit_test(entry_outside_guest_ram_is_invalid_address),
		cmocka_unit_test(entry_in_module_memory_is_invalid_address),
		cmocka_unit_test(entry_registered_vmsa_or_caa_is_invalid_address),
		cmocka_unit_test(pvalidate_2m_on_4k_entries_is_fail_sizemismatch),
		cmocka_unit_test(pvalidate_2m_over_validated_4k_pages_is_invalid_parameter),
		cmocka_unit_test(pvalidate_2m_on_2m_entry_zeroes_and_grants_every_page),
		cmocka_unit_test(rescind_2m_on_2m_entry_revokes_every_page),
		cmocka_unit_test(pvalidate_4k_inside_2m_entry_is_invalid_address),
		cmocka_unit_test(pvalidate_2m_misaligned_or_outside_is_invalid_address),
		cmocka_unit_test(pvalidate_2m_range_with_held_page_is_invalid_address),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
