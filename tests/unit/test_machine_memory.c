/*
 * test_machine_memory.c: machine_init's defaults and refusals, encrypted
 * memory with its ghost labels, the NPT, and the printing names.
 */
#include "test_machine_fixture.h"

static void init_fills_in_defaults(void **state)
{
	(void)state;
	struct machine *m = malloc(sizeof *m);
	assert_non_null(m);
	struct machine_config cfg = { 0 };
	assert_int_equal(machine_init(m, &cfg, NULL), 0);
	assert_int_equal(m->npages, 64);
	assert_int_equal(m->asid, 1);
	assert_int_equal(m->guest_vmpl, 1);
	assert_int_equal(m->vcpu[0].mode, VCPU_OFF);
	assert_int_equal(m->vcpu[0].apic_id, 0);
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++) {
		assert_int_equal(m->label[i], LABEL_PUBLIC);
		assert_false(m->rmp[i].assigned);
		assert_false(m->rmp[i].validated);
		if (i < 64)
			assert_int_equal(m->npt[i], (uint64_t)i * PAGE_SIZE);
		else
			assert_true(m->npt[i] == NPT_UNMAPPED);
	}
	for (unsigned i = 0; i < 64 * PAGE_SIZE; i++)
		assert_int_equal(m->mem[i], 0);
	machine_free(m);
	free(m);
}

static void init_takes_the_configured_values(void **state)
{
	(void)state;
	struct machine *m = malloc(sizeof *m);
	assert_non_null(m);
	struct machine_config cfg = { .pages = 16, .vcpus = 4, .guest_vmpl = 3, .asid = 7 };
	assert_int_equal(machine_init(m, &cfg, NULL), 0);
	assert_int_equal(m->npages, 16);
	assert_int_equal(m->asid, 7);
	assert_int_equal(m->guest_vmpl, 3);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(m->vcpu[i].apic_id, i);
	assert_true(m->npt[16] == NPT_UNMAPPED);
	machine_free(m);
	cfg = (struct machine_config){ .pages = MACHINE_MAX_PAGES };
	assert_int_equal(machine_init(m, &cfg, NULL), 0);
	assert_int_equal(m->npt[MACHINE_MAX_PAGES - 1], (uint64_t)(MACHINE_MAX_PAGES - 1) * PAGE_SIZE);
	machine_free(m);
	free(m);
}

static void init_rejects_bad_configs_with_a_reason(void **state)
{
	(void)state;
	static const struct machine_config bad[] = {
		{ .pages = MACHINE_MAX_PAGES + 1 },
		{ .pages = 15 },
		{ .vcpus = MACHINE_MAX_VCPUS + 1 },
		{ .guest_vmpl = 4 },
		{ .guest_vmpl = 255 },
	};
	struct machine *m = malloc(sizeof *m);
	assert_non_null(m);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *why = NULL;
		assert_int_equal(machine_init(m, &bad[i], &why), -1);
		assert_non_null(why);
		assert_true(strlen(why) > 0);
		machine_free(m);   /* safe after a failed init */
	}
	free(m);
}

static void free_is_safe_on_a_zeroed_struct(void **state)
{
	(void)state;
	static struct machine m;
	machine_free(&m);
	machine_free(&m);
	assert_null(m.mem);
}

static void spa_valid_covers_exactly_memory(void **state)
{
	struct machine *m = *state;
	assert_true(machine_spa_valid(m, 0));
	assert_true(machine_spa_valid(m, 64 * PAGE_SIZE - 1));
	assert_false(machine_spa_valid(m, 64 * PAGE_SIZE));
	assert_false(machine_spa_valid(m, UINT64_MAX));
}

static void same_key_reads_back_the_plaintext(void **state)
{
	struct machine *m = *state;
	const char msg[] = "attack at dawn";
	char out[sizeof msg];
	machine_mem_write(m, 0x3010, msg, sizeof msg, GUEST_ASID, LABEL_VMPL(0));
	machine_mem_read(m, 0x3010, out, sizeof out, GUEST_ASID);
	assert_memory_equal(out, msg, sizeof msg);
}

static void other_keys_read_ciphertext(void **state)
{
	struct machine *m = *state;
	uint8_t plain[64], raw[64], other[64];
	memset(plain, 0x41, sizeof plain);
	machine_mem_write(m, 0x5000, plain, sizeof plain, GUEST_ASID, LABEL_PUBLIC);
	machine_mem_read(m, 0x5000, raw, sizeof raw, 0);
	machine_mem_read(m, 0x5000, other, sizeof other, 2);
	assert_memory_not_equal(raw, plain, sizeof plain);
	assert_memory_not_equal(other, plain, sizeof plain);
	assert_memory_not_equal(raw, other, sizeof raw);
	/* Key 0 is the raw store: what the hypervisor reads is what memory holds. */
	assert_memory_equal(raw, m->mem + 0x5000, sizeof raw);
}

static void key_zero_stores_bytes_unencrypted(void **state)
{
	struct machine *m = *state;
	const uint8_t b[4] = { 1, 2, 3, 4 };
	machine_mem_write(m, 0x6000, b, sizeof b, 0, LABEL_HV);
	assert_memory_equal(m->mem + 0x6000, b, sizeof b);
}

static void ciphertext_depends_on_the_spa(void **state)
{
	struct machine *m = *state;
	uint8_t plain[16] = { 0 }, a[16], b[16];
	machine_mem_write(m, 0x7000, plain, sizeof plain, GUEST_ASID, LABEL_PUBLIC);
	machine_mem_write(m, 0x8000, plain, sizeof plain, GUEST_ASID, LABEL_PUBLIC);
	machine_mem_read(m, 0x7000, a, sizeof a, 0);
	machine_mem_read(m, 0x8000, b, sizeof b, 0);
	assert_memory_not_equal(a, b, sizeof a);
}

static void full_page_write_sets_the_label(void **state)
{
	struct machine *m = *state;
	static uint8_t page[PAGE_SIZE];
	machine_mem_write(m, 0x4000, page, PAGE_SIZE, GUEST_ASID, LABEL_VMPL(0));
	assert_int_equal(m->label[4], LABEL_VMPL(0));
	machine_mem_write(m, 0x4000, page, PAGE_SIZE, GUEST_ASID, LABEL_PUBLIC);
	assert_int_equal(m->label[4], LABEL_PUBLIC);
}

static void partial_write_intersects_the_label(void **state)
{
	struct machine *m = *state;
	static uint8_t page[PAGE_SIZE];
	machine_mem_write(m, 0x4000, page, PAGE_SIZE, GUEST_ASID, LABEL_VMPL(0) | LABEL_VMPL(1));
	uint8_t b = 0;
	machine_mem_write(m, 0x4010, &b, 1, GUEST_ASID, LABEL_VMPL(1) | LABEL_HV);
	assert_int_equal(m->label[4], LABEL_VMPL(1));
	/* A public partial write never widens the label. */
	machine_mem_write(m, 0x4020, &b, 1, GUEST_ASID, LABEL_PUBLIC);
	assert_int_equal(m->label[4], LABEL_VMPL(1));
}

static void span_across_pages_round_trips_and_labels_both(void **state)
{
	struct machine *m = *state;
	uint8_t in[32], out[32];
	for (unsigned i = 0; i < sizeof in; i++)
		in[i] = (uint8_t)i;
	machine_mem_write(m, 0x2000 - 16, in, sizeof in, GUEST_ASID, LABEL_VMPL(0));
	machine_mem_read(m, 0x2000 - 16, out, sizeof out, GUEST_ASID);
	assert_memory_equal(in, out, sizeof in);
	assert_int_equal(m->label[1], LABEL_VMPL(0));
	assert_int_equal(m->label[2], LABEL_VMPL(0));
	assert_int_equal(m->label[3], LABEL_PUBLIC);
}

static void span_outside_memory_is_ignored_and_reads_zero(void **state)
{
	struct machine *m = *state;
	uint8_t b[8];
	memset(b, 0xaa, sizeof b);
	machine_mem_write(m, 64 * PAGE_SIZE - 4, b, sizeof b, 0, LABEL_HV);
	assert_int_equal(m->mem[64 * PAGE_SIZE - 1], 0);
	assert_int_equal(m->label[63], LABEL_PUBLIC);
	machine_mem_read(m, UINT64_MAX - 2, b, sizeof b, 0);
	for (unsigned i = 0; i < sizeof b; i++)
		assert_int_equal(b[i], 0);
}

static void npt_maps_unmaps_and_ignores_gpas_past_the_table(void **state)
{
	struct machine *m = *state;
	npt_map(m, 0x3000, 0x9123);
	assert_int_equal(npt_lookup(m, 0x3abc), 0x9000);
	npt_unmap(m, 0x3000);
	assert_true(npt_lookup(m, 0x3000) == NPT_UNMAPPED);
	npt_map(m, (uint64_t)MACHINE_MAX_PAGES * PAGE_SIZE, 0);
	assert_true(npt_lookup(m, (uint64_t)MACHINE_MAX_PAGES * PAGE_SIZE) == NPT_UNMAPPED);
	assert_true(npt_lookup(m, UINT64_MAX) == NPT_UNMAPPED);
	/* The hypervisor may point past memory; the walk reports it. */
	npt_map(m, 0x4000, 0x100000);
	assert_int_equal(npt_lookup(m, 0x4000), 0x100000);
	uint64_t spa;
	assert_int_equal(npt_walk(m, 0x4000, &spa), NPF_OUT_OF_RANGE);
}

static void names_are_distinct_and_perms_print_as_rwus(void **state)
{
	(void)state;
	for (int i = 0; i < NPF_REASONS; i++) {
		assert_string_not_equal(npf_reason_name(i), "?");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(npf_reason_name(i), npf_reason_name(j));
	}
	assert_string_equal(npf_reason_name(NPF_REASONS), "?");
	char s[5];
	perms_string(PERM_ALL, s);
	assert_string_equal(s, "rwus");
	perms_string(PERM_R | PERM_W, s);
	assert_string_equal(s, "rw--");
	perms_string(PERM_XS, s);
	assert_string_equal(s, "---s");
	perms_string(0, s);
	assert_string_equal(s, "----");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_fills_in_defaults),
		cmocka_unit_test(init_takes_the_configured_values),
		cmocka_unit_test(init_rejects_bad_configs_with_a_reason),
		cmocka_unit_test(free_is_safe_on_a_zeroed_struct),
		cmocka_unit_test_setup_teardown(spa_valid_covers_exactly_memory, setup_small, teardown),
		cmocka_unit_test_setup_teardown(same_key_reads_back_the_plaintext, setup_small, teardown),
		cmocka_unit_test_setup_teardown(other_keys_read_ciphertext, setup_small, teardown),
		cmocka_unit_test_setup_teardown(key_zero_stores_bytes_unencrypted, setup_small, teardown),
		cmocka_unit_test_setup_teardown(ciphertext_depends_on_the_spa, setup_small, teardown),
		cmocka_unit_test_setup_teardown(full_page_write_sets_the_label, setup_small, teardown),
		cmocka_unit_test_setup_teardown(partial_write_intersects_the_label, setup_small, teardown),
		cmocka_unit_test_setup_teardown(span_across_pages_round_trips_and_labels_both, setup_small, teardown),
		cmocka_unit_test_setup_teardown(span_outside_memory_is_ignored_and_reads_zero, setup_small, teardown),
		cmocka_unit_test_setup_teardown(npt_maps_unmaps_and_ignores_gpas_past_the_table, setup_small, teardown),
		cmocka_unit_test(names_are_distinct_and_perms_print_as_rwus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
