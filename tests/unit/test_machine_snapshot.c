/*
 * test_machine_snapshot.c: snapshot and restore give back the exact state
 * (memory, RMP, NPT, labels, vCPUs, hence the hash); the hash tells
 * different states apart and ignores where memory happens to live.
 */
#include "test_machine_fixture.h"

/* Some state worth saving: private secret page, a grant, a shared page, a vCPU. */
static void build_state(struct machine *m)
{
	make_validated(m, 0x5000);
	grant(m, 0x5000, 1, PERM_R);
	const char secret[] = "secret";
	assert_true(hw_succeeded(machine_write(m, 0, 0x5000, true, secret, sizeof secret, LABEL_VMPL(0))));
	const char hello[] = "hello";
	assert_true(hw_succeeded(machine_write(m, 1, 0x6000, false, hello, sizeof hello, LABEL_PUBLIC)));
	m->vcpu[0].ghcb_msr = GHCB_VMPL_REQ(0);
}

static void restore_brings_back_memory_rmp_and_hash(void **state)
{
	struct machine *m = *state;
	build_state(m);
	uint64_t h = machine_hash(m);
	struct machine_snapshot s;
	assert_int_equal(machine_snapshot(m, &s), 0);
	assert_true(s.m.mem == s.mem);
	assert_true(s.mem != m->mem);

	uint8_t *mem = m->mem;
	struct rmp_update shared = { 0 };
	assert_int_equal(machine_rmpupdate(m, 0x5000, &shared), 0);
	machine_mem_write(m, 0x5000, "XXXX", 4, 0, LABEL_HV);
	npt_unmap(m, 0x6000);
	m->vcpu[0].mode = VCPU_MODULE;
	assert_true(machine_hash(m) != h);

	machine_restore(m, &s);
	assert_true(m->mem == mem);
	assert_true(machine_hash(m) == h);
	assert_true(entry(m, 0x5000)->validated);
	assert_int_equal(entry(m, 0x5000)->perms[1], PERM_R);
	assert_int_equal(m->label[5], LABEL_VMPL(0));
	char out[7];
	assert_true(hw_succeeded(machine_read(m, 1, 0x5000, true, out, sizeof out)));
	assert_string_equal(out, "secret");
	assert_int_equal(npt_lookup(m, 0x6000), 0x6000);
	assert_int_equal(m->vcpu[0].mode, VCPU_OFF);

	/* The snapshot is independent of the machine: it survives the next change. */
	machine_mem_write(m, 0x7000, "Y", 1, 0, LABEL_HV);
	machine_restore(m, &s);
	assert_true(machine_hash(m) == h);
	machine_snapshot_free(&s);
	assert_null(s.mem);
	assert_null(s.m.mem);
}

static void equal_states_hash_equally_wherever_memory_lives(void **state)
{
	struct machine *m = *state;
	struct machine *other = new_machine(64);
	assert_true(machine_hash(m) == machine_hash(other));
	build_state(m);
	build_state(other);
	assert_true(m->mem != other->mem);
	assert_true(machine_hash(m) == machine_hash(other));
	machine_free(other);
	free(other);
}

static void each_part_of_the_state_changes_the_hash(void **state)
{
	struct machine *m = *state;
	build_state(m);
	struct machine_snapshot s;
	assert_int_equal(machine_snapshot(m, &s), 0);
	uint64_t h = machine_hash(m);
	uint64_t seen[9];
	unsigned n = 0;

	m->mem[0x6001] ^= 1;                          seen[n++] = machine_hash(m); machine_restore(m, &s);
	m->rmp[5].perms[2] = PERM_R;                  seen[n++] = machine_hash(m); machine_restore(m, &s);
	m->rmp[5].validated = false;                  seen[n++] = machine_hash(m); machine_restore(m, &s);
	m->rmp[9].gpa = 0x9000;                       seen[n++] = machine_hash(m); machine_restore(m, &s);
	npt_map(m, 0x6000, 0x7000);                   seen[n++] = machine_hash(m); machine_restore(m, &s);
	m->label[6] = LABEL_HV;                       seen[n++] = machine_hash(m); machine_restore(m, &s);
	m->vcpu[1].apic_id = 5;                       seen[n++] = machine_hash(m); machine_restore(m, &s);
	m->vcpu[0].ghcb_msr = 0;                      seen[n++] = machine_hash(m); machine_restore(m, &s);
	m->asid = 2;                                  seen[n++] = machine_hash(m); machine_restore(m, &s);

	assert_true(machine_hash(m) == h);
	for (unsigned i = 0; i < n; i++) {
		assert_true(seen[i] != h);
		for (unsigned j = 0; j < i; j++)
			assert_true(seen[i] != seen[j]);
	}
	machine_snapshot_free(&s);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup_small, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(restore_brings_back_memory_rmp_and_hash),
		T(equal_states_hash_equally_wherever_memory_lives),
		T(each_part_of_the_state_changes_the_hash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
