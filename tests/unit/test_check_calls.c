/*
 * test_check_calls.c: the scenarios of scripts/check/ that are not a
 * catalog bug's, one per call that changes the module's state (call-*.lua).
 * Each does what its comment says (a call that succeeds, then one the
 * module refuses), and the correct module holds against two hypervisor
 * moves, which the search needs to unmap a page and map it back. The
 * moves that change the nested page table alone are shown to be searched.
 */
#include "check_fixture.h"
#include "../../svsm/abi.h"

/* The answers of the scenario's calls, each run to its end with nobody else moving. */
static unsigned answers(const char *name, uint32_t *rax, unsigned max)
{
	struct trace t;
	load_scenario(name, false, &t);
	struct world *w = malloc(sizeof(*w));
	assert_non_null(w);
	world_init(w, &t.cfg, t.vcpus);
	const char *why = NULL;
	assert_int_equal(world_boot(w, &why), 0);
	unsigned n = 0;
	char reason[128];
	for (size_t i = 0; i < t.n; i++) {
		const struct trace_step *st = &t.steps[i];
		if (st->action != T_FINISH) {
			if (world_do(w, st, reason, sizeof(reason)) != 0)
				fail_msg("%s: step %zu: %s", name, i, reason);
			continue;
		}
		while (sched_runnable(&w->sc, st->vcpu))
			sched_step(&w->sc, st->vcpu);
		struct guest_result out;
		assert_int_equal(sched_finish(&w->sc, st->vcpu, &out), 0);
		assert_true(out.served);
		assert_true(n < max);
		rax[n++] = out.rax;
	}
	assert_int_equal(w->s.rec.nviolations, 0);
	world_free(w);
	free(w);
	trace_free(&t);
	return n;
}

static void answers_are(const char *name, unsigned n, const uint32_t *want)
{
	uint32_t got[8];
	assert_int_equal(answers(name, got, 8), n);
	for (unsigned i = 0; i < n; i++)
		if (got[i] != want[i])
			fail_msg("%s: call %u answered 0x%x, not 0x%x", name, i, got[i], want[i]);
}

/* The labels of the moves the search took, as the state graph gets them. */
struct labels {
	char seen[64][64];
	unsigned n;
};

static void note_label(void *arg, uint64_t from, uint64_t to, const char *label, bool violation)
{
	(void)from, (void)to, (void)violation;
	struct labels *l = arg;
	if (strncmp(label, "hv ", 3) != 0)
		return;
	for (unsigned i = 0; i < l->n; i++)
		if (strcmp(l->seen[i], label) == 0)
			return;
	if (l->n < 64)
		snprintf(l->seen[l->n++], sizeof(l->seen[0]), "%s", label);
}

static bool took(const struct labels *l, const char *label)
{
	for (unsigned i = 0; i < l->n; i++)
		if (strcmp(l->seen[i], label) == 0)
			return true;
	return false;
}

/* The correct module holds on the scenario, every execution run to its end. */
static void holds(const char *name, const uint64_t *pages, unsigned npages, struct labels *l)
{
	struct trace t;
	load_scenario(name, false, &t);
	struct check_options o = test_bounds();
	o.hv_actions = 2;
	for (unsigned i = 0; i < npages; i++)
		o.extra_pages[o.nextra++] = pages[i];
	o.on_edge = note_label;
	o.edge_arg = l;
	struct check_result r;
	search(&t, &o, &r);
	trace_free(&t);
	if (r.found)
		fail_msg("%s, correct module: %s", name, r.clause);
	assert_false(r.stopped);
	assert_int_equal(r.cut_depth, 0);
	assert_true(r.scope_moves > 0);
	check_result_free(&r);
}

static void deposit_mem(void **state)
{
	(void)state;
	const uint32_t want[] = { SVSM_SUCCESS, SVSM_ERR_INVALID_ADDRESS };
	answers_are("call-deposit-mem", 2, want);
	struct labels l = { .n = 0 };
	holds("call-deposit-mem", NULL, 0, &l);
	/* The page unmapped, then mapped back to its own system page. */
	assert_true(took(&l, "hv unmap gpa 0x20000"));
	assert_true(took(&l, "hv map gpa 0x20000 to spa 0x20000"));
}

static void withdraw_mem(void **state)
{
	(void)state;
	const uint32_t want[] = { SVSM_SUCCESS, SVSM_SUCCESS, SVSM_ERR_INVALID_ADDRESS };
	answers_are("call-withdraw-mem", 3, want);
	struct labels l = { .n = 0 };
	holds("call-withdraw-mem", NULL, 0, &l);
	assert_true(took(&l, "hv map gpa 0x20000 to spa 0x20000"));
}

static void create_vcpu(void **state)
{
	(void)state;
	const uint32_t want[] = { SVSM_SUCCESS, SVSM_ERR_INVALID_PARAMETER };
	answers_are("call-create-vcpu", 2, want);
	struct labels l = { .n = 0 };
	holds("call-create-vcpu", NULL, 0, &l);
	/* Two pages: each mapped to the other's system page, the RMP left alone. */
	assert_true(took(&l, "hv map gpa 0x24000 to spa 0x22000"));
	assert_true(took(&l, "hv map gpa 0x22000 to spa 0x24000"));
}

static void delete_vcpu(void **state)
{
	(void)state;
	const uint32_t want[] = { SVSM_SUCCESS, SVSM_SUCCESS, SVSM_ERR_INVALID_PARAMETER };
	answers_are("call-delete-vcpu", 3, want);
	struct labels l = { .n = 0 };
	holds("call-delete-vcpu", NULL, 0, &l);
	assert_true(took(&l, "hv map gpa 0x22000 to spa 0x22000"));
}

/*
 * REMAP_CA changes no page's RMP state, so its scope is empty; the new
 * Calling Area, which the module writes, is added as --page would.
 */
static void remap_ca(void **state)
{
	(void)state;
	const uint32_t want[] = { SVSM_SUCCESS, SVSM_ERR_INVALID_ADDRESS };
	answers_are("call-remap-ca", 2, want);
	const uint64_t caa = 0x23000;
	struct labels l = { .n = 0 };
	holds("call-remap-ca", &caa, 1, &l);
	assert_true(took(&l, "hv unmap gpa 0x23000"));
	assert_true(took(&l, "hv map gpa 0x23000 to spa 0x23000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(deposit_mem),
		cmocka_unit_test(withdraw_mem),
		cmocka_unit_test(create_vcpu),
		cmocka_unit_test(delete_vcpu),
		cmocka_unit_test(remap_ca),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
