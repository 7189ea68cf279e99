/*
 * test_machine_vmsa.c: VMSA fields as the guest's plaintext: widths,
 * byte order, bad fields, and that a field write keeps the page's label.
 */
#include "test_machine_fixture.h"

static void fields_round_trip_little_endian(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	vmsa_set(m, 0x5000, VMSA_RIP, 8, 0x1122334455667788ull);
	vmsa_set(m, 0x5000, VMSA_VMPL, 1, 2);
	vmsa_set(m, 0x5000, VMSA_RAX, 4, 0xdeadbeef);
	vmsa_set(m, 0x5000, VMSA_RCX, 2, 0x1234);
	assert_int_equal(vmsa_get(m, 0x5000, VMSA_RIP, 8), 0x1122334455667788ull);
	assert_int_equal(vmsa_get(m, 0x5000, VMSA_RIP, 1), 0x88);
	assert_int_equal(vmsa_get(m, 0x5000, VMSA_RIP + 6, 2), 0x1122);
	assert_int_equal(vmsa_get(m, 0x5000, VMSA_VMPL, 1), 2);
	assert_int_equal(vmsa_get(m, 0x5000, VMSA_RAX, 4), 0xdeadbeef);
	assert_int_equal(vmsa_get(m, 0x5000, VMSA_RCX, 2), 0x1234);
}

static void fields_are_the_guests_plaintext(void **state)
{
	struct machine *m = *state;
	make_validated(m, 0x5000);
	vmsa_set(m, 0x5000, VMSA_RIP, 8, 0x1000);
	uint64_t rip = 0;
	assert_true(hw_succeeded(machine_read(m, 0, 0x5000 + VMSA_RIP, true, &rip, sizeof rip)));
	assert_int_equal(rip, 0x1000);
	uint8_t raw[8];
	machine_mem_read(m, 0x5000 + VMSA_RIP, raw, sizeof raw, 0);
	assert_memory_not_equal(raw, &rip, sizeof raw);
}

static void field_write_keeps_the_page_label(void **state)
{
	struct machine *m = *state;
	static uint8_t zero[PAGE_SIZE];
	machine_mem_write(m, 0x5000, zero, PAGE_SIZE, GUEST_ASID, LABEL_VMPL(0) | LABEL_VMPL(1));
	vmsa_set(m, 0x5000, VMSA_RSP, 8, 42);
	assert_int_equal(m->label[5], LABEL_VMPL(0) | LABEL_VMPL(1));
}

static void bad_fields_read_zero_and_are_not_written(void **state)
{
	struct machine *m = *state;
	uint64_t h = machine_hash(m);
	vmsa_set(m, 0x5000, 0, 3, 7);
	vmsa_set(m, 0x5000, PAGE_SIZE - 4, 8, 7);
	vmsa_set(m, 64 * PAGE_SIZE, 0, 8, 7);
	assert_true(machine_hash(m) == h);
	vmsa_set(m, 0x5000, PAGE_SIZE - 8, 8, 7);
	assert_int_equal(vmsa_get(m, 0x5000, PAGE_SIZE - 8, 8), 7);
	assert_int_equal(vmsa_get(m, 0x5000, PAGE_SIZE - 4, 8), 0);
	assert_int_equal(vmsa_get(m, 0x5000, 0, 16), 0);
	assert_int_equal(vmsa_get(m, 64 * PAGE_SIZE, 0, 8), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_small, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(fields_round_trip_little_endian),
		T(fields_are_the_guests_plaintext),
		T(field_write_keeps_the_page_label),
		T(bad_fields_read_zero_and_are_not_written),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
