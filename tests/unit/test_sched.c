/*
 * test_sched.c: the module's vCPUs as coroutines, stepped one HAL call at
 * a time, with other vCPUs and the hypervisor acting in between.
 */
#include "sim_fixture.h"
#include "../../explorer/hv/hv.h"
#include "../../explorer/sched/sched.h"

struct world {
	struct sim *s;
	struct sched sc;
};

static struct world *world_new(uint32_t bugs, unsigned vcpus)
{
	struct world *w = malloc(sizeof *w);
	assert_non_null(w);
	w->s = sim_new_with(bugs, 0, vcpus);
	assert_int_equal(sched_init(&w->sc, w->s), 0);
	return w;
}

static void world_free(struct world *w)
{
	sched_free(&w->sc);
	sim_free(w->s);
	free(w);
}

/* Build a one-entry PVALIDATE request at req and start the call on vCPU v. */
static void start_pvalidate(struct world *w, unsigned v, uint64_t req, uint64_t gpa, bool validate)
{
	uint8_t buf[16] = { 1 };   /* entries = 1, next = 0 */
	uint64_t e = PVENTRY(gpa, PSIZE_4K, validate, false);
	memcpy(buf + 8, &e, 8);
	assert_int_equal(guest_write(w->s, req, buf, sizeof(buf)).fault, FAULT_NONE);
	struct guest_args in = { .rcx = req };
	assert_int_equal(sched_start(&w->sc, v, SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE, &in), 0);
}

/* Step vCPU v until it stands before a HAL call of kind op (asserts it gets there). */
static void step_until(struct world *w, unsigned v, enum sim_op op)
{
	for (unsigned i = 0; i < 10000; i++) {
		const struct sim_event *next = sched_next(&w->sc, v);
		if (next && next->op == op)
			return;
		assert_true(sched_step(&w->sc, v) >= 0);
	}
	fail_msg("vCPU %u never reached %s", v, op_name(op));
}

static uint32_t finish(struct world *w, unsigned v)
{
	struct guest_result out;
	assert_int_equal(sched_run_to_end(&w->sc, v, &out), 0);
	assert_true(out.served);
	return out.rax;
}

static void a_call_stops_before_every_hal_call(void **state)
{
	(void)state;
	struct world *w = world_new(0, 1);
	unsigned before = w->s->rec.step;
	start_pvalidate(w, 0, REQ_GPA, PAGE_A, false);
	const struct sim_event *next = sched_next(&w->sc, 0);
	assert_non_null(next);
	assert_int_equal(next->op, OP_CAA_READ_PENDING);   /* the module's first HAL call */
	assert_int_equal(w->s->rec.step, before + 2);           /* guest write + call, nothing else */
	unsigned steps = 0;
	while (sched_step(&w->sc, 0) == SCHED_PAUSED) {
		steps++;
		/* each step is exactly one module event */
		assert_int_equal(record_event_at(&w->s->rec, w->s->rec.step - 1)->actor, ACTOR_MODULE);
	}
	assert_int_equal(w->sc.v[0].state, SCHED_DONE);
	assert_true(steps > 5);
	struct guest_result out;
	assert_int_equal(sched_finish(&w->sc, 0, &out), 0);
	assert_int_equal(out.rax, SVSM_SUCCESS);
	assert_false(rmp_of(w->s, PAGE_A)->validated);
	assert_int_equal(sched_step(&w->sc, 0), -1);         /* idle: nothing to step */
	assert_clean(w->s);
	world_free(w);
}

static void the_lock_makes_the_second_vcpu_wait(void **state)
{
	(void)state;
	struct world *w = world_new(0, 2);
	start_pvalidate(w, 0, REQ_GPA, PAGE_A, false);
	step_until(w, 0, OP_UNLOCK);                         /* vCPU 0 holds the lock */
	start_pvalidate(w, 1, REQ_GPA + 0x800, PAGE_B, false);
	step_until(w, 1, OP_LOCK);
	assert_int_equal(sched_step(&w->sc, 1), SCHED_BLOCKED);
	assert_false(sched_runnable(&w->sc, 1));
	assert_int_equal(finish(w, 0), SVSM_SUCCESS);         /* releases the lock */
	assert_true(sched_runnable(&w->sc, 1));
	assert_int_equal(finish(w, 1), SVSM_SUCCESS);
	assert_false(rmp_of(w->s, PAGE_A)->validated);
	assert_false(rmp_of(w->s, PAGE_B)->validated);
	assert_clean(w->s);
	world_free(w);
}

/*
 * Bug 4, as it happened: vCPU 0's CREATE_VCPU has taken PAGE_A from the
 * guest and is about to find its save area bad; meanwhile vCPU 1 rescinds
 * PAGE_A, the hypervisor binds the module's secrets page there, and vCPU 1
 * validates it. Before vCPU 1 zeroes it, vCPU 0's error path gives PAGE_A
 * back to the guest. With the lock, vCPU 1 must wait for vCPU 0 instead.
 */
static void create_vcpu_race(uint32_t bugs, bool expect_leak)
{
	struct world *w = world_new(bugs, 2);
	struct sim *s = w->s;
	uint8_t page[PAGE_SIZE];
	guest_build_vmsa(page, 0, EFER_SVME, sim_layout(s)->sev_features, 0);   /* bad: vmpl 0 */
	assert_int_equal(guest_write(s, PAGE_A, page, PAGE_SIZE).fault, FAULT_NONE);
	struct guest_args in = { .rcx = PAGE_A, .rdx = PAGE_B, .r8 = 2 };
	assert_int_equal(sched_start(&w->sc, 0, SVSM_PROTO_CORE, SVSM_CORE_CREATE_VCPU, &in), 0);
	step_until(w, 0, OP_RMPADJUST);                      /* about to revoke the guest */
	sched_step(&w->sc, 0);                               /* revoked; next: read the VMSA */
	assert_int_equal(sched_next(&w->sc, 0)->op, OP_VMSA_READ);

	start_pvalidate(w, 1, REQ_GPA, PAGE_A, false);
	if (!expect_leak) {                                  /* the lock holds vCPU 1 back */
		step_until(w, 1, OP_LOCK);
		assert_int_equal(sched_step(&w->sc, 1), SCHED_BLOCKED);
		assert_int_equal(finish(w, 0), SVSM_ERR_INVALID_PARAMETER);
		assert_int_equal(finish(w, 1), SVSM_SUCCESS);
		assert_clean(s);
		world_free(w);
		return;
	}
	assert_int_equal(finish(w, 1), SVSM_SUCCESS);         /* PAGE_A rescinded */
	uint64_t secret = npt_lookup(&s->m, sim_layout(s)->secrets_gpa);
	struct rmp_update u = { .assigned = true, .asid = s->m.asid, .gpa = PAGE_A };
	assert_int_equal(hv_rmpupdate(s, secret, &u), 0);
	hv_map(s, PAGE_A, secret);
	start_pvalidate(w, 1, REQ_GPA, PAGE_A, true);
	step_until(w, 1, OP_ZERO_PAGE);                      /* validated, not yet zeroed */
	assert_int_equal(finish(w, 0), SVSM_ERR_INVALID_PARAMETER);   /* the re-grant */
	uint8_t bytes[6];
	assert_int_equal(guest_read(s, PAGE_A + SECRETS_VMPCK(0), bytes, 6).fault, FAULT_NONE);
	assert_memory_equal(bytes, "VMPCK0", 6);
	assert_int_equal(violations_of(s, "page-public-to-vmpl"), 1);
	assert_int_equal(violations_of(s, "confidentiality"), 1);
	assert_int_equal(finish(w, 1), SVSM_SUCCESS);
	world_free(w);
}

static void bug4_race_is_caught(void **state)
{
	(void)state;
	create_vcpu_race(0, false);
	create_vcpu_race(SVSM_BUG_BIT(BUG_CREATE_VCPU_NO_LOCK), true);
}

static void busy_vcpu_cannot_start_another_call(void **state)
{
	(void)state;
	struct world *w = world_new(0, 1);
	start_pvalidate(w, 0, REQ_GPA, PAGE_A, false);
	struct guest_args in = { 0 };
	assert_int_equal(sched_start(&w->sc, 0, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, &in), -1);
	assert_int_equal(sched_start(&w->sc, 3, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, &in), -1);
	assert_int_equal(finish(w, 0), SVSM_SUCCESS);
	world_free(w);
}

/* Restore a snapshot taken between calls, reset, and the same steps give the same run. */
static void replay_from_a_snapshot_is_exact(void **state)
{
	(void)state;
	struct world *w = world_new(0, 2);
	struct sim_snapshot snap;
	assert_int_equal(sim_snapshot(w->s, &snap), 0);
	uint64_t hashes[2];
	for (int run = 0; run < 2; run++) {
		sim_restore(w->s, &snap);
		sched_reset(&w->sc);
		start_pvalidate(w, 0, REQ_GPA, PAGE_A, false);
		step_until(w, 0, OP_PVALIDATE);
		start_pvalidate(w, 1, REQ_GPA + 0x800, PAGE_B, false);   /* blocks on the lock */
		step_until(w, 1, OP_LOCK);
		sched_step(&w->sc, 1);
		finish(w, 0);
		finish(w, 1);
		hashes[run] = sim_hash(w->s);
		if (run == 0)   /* leave the first run with a call in flight */
			start_pvalidate(w, 0, REQ_GPA, PAGE_C, false);
	}
	assert_int_equal(hashes[0], hashes[1]);
	sim_snapshot_free(&snap);
	world_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_call_stops_before_every_hal_call),
		cmocka_unit_test(the_lock_makes_the_second_vcpu_wait),
		cmocka_unit_test(bug4_race_is_caught),
		cmocka_unit_test(busy_vcpu_cannot_start_another_call),
		cmocka_unit_test(replay_from_a_snapshot_is_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
