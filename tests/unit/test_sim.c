/*
 * test_sim.c: the launch, the calling convention as the guest sees it,
 * and whole-machine snapshots that include the module's state.
 */
#include "sim_fixture.h"

static void launch_layout(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	const struct svsm_params *p = sim_layout(s);
	assert_int_equal(p->svsm_base, 0);
	assert_int_equal(p->guest_base, 0x8000);
	assert_int_equal(p->guest_base + p->guest_size, 64 * PAGE_SIZE);
	assert_int_equal(p->guest_vmpl, 1);
	/* Every guest page validated and the guest's; every module page unreachable. */
	for (uint64_t g = p->guest_base; g < p->guest_base + p->guest_size; g += PAGE_SIZE) {
		assert_true(rmp_of(s, g)->validated);
		assert_int_equal(rmp_of(s, g)->perms[1], PERM_ALL);
	}
	uint8_t b = 0;
	for (uint64_t g = p->svsm_base; g < p->svsm_base + p->svsm_size; g += PAGE_SIZE) {
		assert_true(rmp_of(s, g)->validated);
		if (g != p->boot_vmsa_gpa)
			assert_int_equal(guest_read(s, g, &b, 1).fault, FAULT_NPF);
	}
	/* The boot VMSA: the guest may read its own save area, never write it. */
	assert_true(rmp_of(s, p->boot_vmsa_gpa)->vmsa);
	assert_int_equal(guest_read(s, p->boot_vmsa_gpa, &b, 1).fault, FAULT_NONE);
	assert_int_equal(guest_write(s, p->boot_vmsa_gpa, &b, 1).fault, FAULT_NPF);
	assert_int_equal(s->m.vcpu[0].mode, VCPU_GUEST);
	assert_clean(s);
	sim_free(s);
}

static void bad_configs_are_refused(void **state)
{
	(void)state;
	struct sim *s = malloc(sizeof *s);
	const char *why = NULL;
	struct sim_config cfg = { .machine = { .pages = 8 } };
	assert_int_equal(sim_create(s, &cfg, &why), -1);
	assert_non_null(why);
	cfg = (struct sim_config){ .machine = { .guest_vmpl = 4 } };
	assert_int_equal(sim_create(s, &cfg, &why), -1);
	cfg = (struct sim_config){ .bugs = 1u << SVSM_NBUGS };
	assert_int_equal(sim_create(s, &cfg, &why), -1);
	assert_string_equal(why, "unknown bug switch");
	free(s);
}

static void other_vmpls_boot_clean(void **state)
{
	(void)state;
	for (unsigned vmpl = 2; vmpl <= 3; vmpl++) {
		struct sim *s = malloc(sizeof *s);
		const char *why = NULL;
		struct sim_config cfg = { .machine = { .guest_vmpl = (uint8_t)vmpl } };
		assert_int_equal(sim_create(s, &cfg, &why), 0);
		assert_int_equal(rmp_of(s, PAGE_A)->perms[vmpl], PERM_ALL);
		assert_int_equal(rmp_of(s, PAGE_A)->perms[1], 0);
		assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, NULL),
		                 SVSM_SUCCESS);
		assert_clean(s);
		sim_free(s);
	}
}

static void unknown_protocol_and_call(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct guest_result out;
	struct guest_args in = { 0 };
	assert_int_equal(guest_call(s, 0, 7, 0, &in, &out), 0);
	assert_true(out.served);
	assert_int_equal(out.rax, SVSM_ERR_UNSUPPORTED_PROTOCOL);
	assert_int_equal(guest_call(s, 0, SVSM_PROTO_CORE, 99, &in, &out), 0);
	assert_int_equal(out.rax, SVSM_ERR_UNSUPPORTED_CALL);
	assert_clean(s);
	sim_free(s);
}

/* With call_pending still 1 afterwards, the guest knows the module never ran. */
static void call_not_served_when_module_cannot_run(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	/* The hypervisor points the guest's VMSA GPA elsewhere: no VMPL0 context pairs with it. */
	npt_map(&s->m, sim_layout(s)->boot_vmsa_gpa, PAGE_B);
	struct guest_result out;
	struct guest_args in = { 0 };
	assert_int_equal(guest_call(s, 0, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, &in, &out), 0);
	assert_false(out.served);
	sim_free(s);
}

static void query_protocol_outputs(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct guest_result out;
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, (uint64_t)SVSM_PROTO_CORE << 32 | 1,
	                           0, 0, &out), SVSM_SUCCESS);
	assert_int_equal(out.rcx, 1ull << 32 | 1);
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, (uint64_t)SVSM_PROTO_VTPM << 32 | 1,
	                           0, 0, &out), SVSM_SUCCESS);
	assert_int_equal(out.rcx, 0);
	sim_free(s);
}

static void snapshot_restores_machine_and_module(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct sim_snapshot snap;
	assert_int_equal(sim_snapshot(s, &snap), 0);
	uint64_t before = sim_hash(s);

	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);
	assert_false(rmp_of(s, PAGE_A)->validated);
	assert_int_not_equal(sim_hash(s), before);

	sim_restore(s, &snap);
	assert_int_equal(sim_hash(s), before);
	assert_true(rmp_of(s, PAGE_A)->validated);
	assert_int_equal(s->ghost.owner[PAGE_A >> PAGE_SHIFT], OWNER_GUEST);
	/* The module's bookkeeping came back too: rescinding again succeeds. */
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);
	assert_clean(s);
	sim_snapshot_free(&snap);
	sim_free(s);
}

static void equal_runs_hash_equal(void **state)
{
	(void)state;
	struct sim *a = sim_new(0), *b = sim_new(0);
	assert_int_equal(sim_hash(a), sim_hash(b));
	pvalidate_page(a, PAGE_A, false, false);
	assert_int_not_equal(sim_hash(a), sim_hash(b));
	pvalidate_page(b, PAGE_A, false, false);
	assert_int_equal(sim_hash(a), sim_hash(b));
	sim_free(a);
	sim_free(b);
}

static void bring_up_four_vcpus(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, 4);
	for (unsigned v = 0; v < 4; v++) {
		assert_int_equal(s->m.vcpu[v].mode, VCPU_GUEST);
		assert_true(s->sv.vcpus[v].used);
		assert_int_equal(core_call(s, v, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, NULL),
		                 SVSM_SUCCESS);
	}
	assert_clean(s);
	sim_free(s);
}

/* Eight vCPUs, each served on the CPU with its APIC ID. */
static void bring_up_every_vcpu_the_machine_has(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, MACHINE_MAX_VCPUS);
	for (unsigned v = 0; v < MACHINE_MAX_VCPUS; v++) {
		assert_int_equal(s->m.vcpu[v].apic_id, v);
		assert_int_equal(sim_layout(s)->apic_ids[v], v);
		assert_int_equal(npt_lookup(&s->m, s->sv.vcpus[v].vmsa_gpa), s->m.vcpu[v].vmsa_spa);
		assert_int_equal(core_call(s, v, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, NULL),
		                 SVSM_SUCCESS);
		assert_int_equal(s->calls[v].caa_gpa, s->guest.caa[v]);
	}
	assert_clean(s);
	sim_free(s);
}

/*
 * The guest finds the module as Linux's svsm_setup_ca() does: the SVSM
 * fields of its secrets page, in the public layout; and no key in it.
 */
static void boot_writes_the_svsm_fields_of_the_guests_secrets_page(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	const struct svsm_params *p = sim_layout(s);
	uint8_t f[SECRETS_SVSM_END], zero[SECRETS_SVSM_END] = { 0 };
	assert_int_equal(guest_read(s, p->guest_secrets_gpa, f, sizeof(f)).fault, FAULT_NONE);
	uint64_t base = 0, size = 0, caa = 0;
	uint32_t version = 0;
	memcpy(&base, f + SECRETS_SVSM_BASE, 8);
	memcpy(&size, f + SECRETS_SVSM_SIZE, 8);
	memcpy(&caa, f + SECRETS_SVSM_CAA, 8);
	memcpy(&version, f + SECRETS_SVSM_MAX_VERSION, 4);
	assert_int_equal(base, p->svsm_base);
	assert_int_equal(size, p->svsm_size);
	assert_int_equal(caa, p->boot_caa_gpa);
	assert_int_equal(version, SVSM_CORE_VERSION);
	assert_int_equal(f[SECRETS_SVSM_GUEST_VMPL], p->guest_vmpl);
	assert_memory_equal(f + SECRETS_SVSM_GUEST_VMPL + 1, zero, 3);
	/* Everything before the SVSM fields is zero: no VMPCK reaches the guest. */
	assert_memory_equal(f, zero, SECRETS_SVSM_BASE);
	assert_int_equal(owner_at(s, p->guest_secrets_gpa), OWNER_GUEST);
	assert_clean(s);
	sim_free(s);
}

/* The trace of one PVALIDATE call: the guest's request, the call, the module's
 * HAL calls with their source lines, the result, the guest reading `next`. */
static void trace_of_a_call(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	unsigned first = s->rec.step;
	pvalidate_page(s, PAGE_A, false, false);
	const struct sim_event *ev = record_event_at(&s->rec, first);
	assert_int_equal(ev->actor, ACTOR_GUEST);
	assert_int_equal(ev->op, OP_GUEST_WRITE);
	ev = record_event_at(&s->rec, first + 1);
	assert_int_equal(ev->op, OP_GUEST_CALL);
	assert_int_equal(ev->args[0], SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE));
	assert_int_equal(ev->args[1], REQ_GPA);
	bool saw_pvalidate = false, saw_result = false;
	for (unsigned k = first + 2; k < s->rec.step; k++) {
		ev = record_event_at(&s->rec, k);
		assert_non_null(ev);
		assert_int_equal(ev->step, k);
		if (ev->actor == ACTOR_MODULE) {
			assert_false(saw_result);
			assert_non_null(strstr(ev->site.file, "svsm/core/"));
			assert_true(ev->site.line > 0);
		} else {
			assert_null(ev->site.file);
		}
		if (ev->op == OP_PVALIDATE) {
			saw_pvalidate = true;
			assert_int_equal(ev->args[0], PAGE_A);
			assert_int_equal(ev->args[2], 0);
		}
		if (ev->op == OP_GUEST_RESULT) {
			saw_result = true;
			assert_int_equal(ev->args[0], SVSM_SUCCESS);
			assert_int_equal(ev->out.rc, 1);
		}
	}
	assert_true(saw_pvalidate && saw_result);
	assert_int_equal(record_event_at(&s->rec, s->rec.step - 1)->op, OP_GUEST_READ);
	assert_null(record_event_at(&s->rec, s->rec.step));
	sim_free(s);
}

static void trace_keeps_the_latest_events(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_non_null(record_event_at(&s->rec, 0));
	for (unsigned i = 0; s->rec.step <= RECORD_MAX_EVENTS + 10; i++)
		assert_int_equal(pvalidate_page(s, PAGE_A, i % 2 == 1, false), SVSM_SUCCESS);
	assert_null(record_event_at(&s->rec, 0));
	assert_null(record_event_at(&s->rec, s->rec.step - RECORD_MAX_EVENTS - 1));
	assert_int_equal(record_event_at(&s->rec, s->rec.step - RECORD_MAX_EVENTS)->step, s->rec.step - RECORD_MAX_EVENTS);
	assert_int_equal(record_event_at(&s->rec, s->rec.step - 1)->step, s->rec.step - 1);
	assert_clean(s);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(launch_layout),
		cmocka_unit_test(bad_configs_are_refused),
		cmocka_unit_test(other_vmpls_boot_clean),
		cmocka_unit_test(unknown_protocol_and_call),
		cmocka_unit_test(call_not_served_when_module_cannot_run),
		cmocka_unit_test(query_protocol_outputs),
		cmocka_unit_test(snapshot_restores_machine_and_module),
		cmocka_unit_test(equal_runs_hash_equal),
		cmocka_unit_test(bring_up_four_vcpus),
		cmocka_unit_test(bring_up_every_vcpu_the_machine_has),
		cmocka_unit_test(boot_writes_the_svsm_fields_of_the_guests_secrets_page),
		cmocka_unit_test(trace_of_a_call),
		cmocka_unit_test(trace_keeps_the_latest_events),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
