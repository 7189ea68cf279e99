/*
 * test_check.c: `svsmlab check` finds every bug of the catalog from its
 * guest-only scenario in scripts/check/, the hypervisor's moves found by
 * the search; the counterexample replays on a fresh machine; and the
 * correct module shows no violation within the same bounds.
 */
#include "check_fixture.h"
#include "../../explorer/catalog/catalog.h"

/* Is clause one of the comma-separated names in list? */
static bool listed(const char *list, const char *clause)
{
	size_t n = strlen(clause);
	for (const char *p = strstr(list, clause); p; p = strstr(p + 1, clause))
		if ((p == list || p[-1] == ' ' || p[-1] == ',') && (p[n] == '\0' || p[n] == ','))
			return true;
	return false;
}

static void finds(const char *bug)
{
	struct trace t;
	load_scenario(bug, true, &t);
	struct check_options o = test_bounds();
	struct check_result r;
	search(&t, &o, &r);
	trace_free(&t);
	if (!r.found)
		fail_msg("%s: no violation in %lu executions", bug, r.executions);
	SKIP_IF_REFUSED_GRANT(&r);
	const struct bug_info *b = catalog_find(bug);
	assert_non_null(b);
	if (!listed(b->caught_by, r.clause))
		fail_msg("%s: found %s, the catalog says %s", bug, r.clause, b->caught_by);
	assert_string_equal(r.counterexample.expect, r.clause);
	char why[256];
	if (!check_replay(&r.counterexample, NULL, NULL, why, sizeof(why)))
		fail_msg("%s: the counterexample does not replay: %s", bug, why);
	check_result_free(&r);
}

static void correct_module_holds(const char *bug)
{
	struct trace t;
	load_scenario(bug, false, &t);
	struct check_options o = test_bounds();
	struct check_result r;
	search(&t, &o, &r);
	trace_free(&t);
	SKIP_IF_REFUSED_GRANT(&r);
	if (r.found)
		fail_msg("%s scenario, correct module: %s", bug, r.clause);
	assert_false(r.stopped);
	assert_int_equal(r.cut_depth, 0);   /* every execution ran to its end */
	assert_true(r.executions > 0);
	check_result_free(&r);
}

#define CATALOG_TESTS(fn, bug)                                                  \
	static void check_finds_##fn(void **state)                             \
	{                                                                       \
		(void)state;                                                    \
		finds(bug);                                                     \
	}                                                                       \
	static void correct_module_holds_on_##fn(void **state)                 \
	{                                                                       \
		(void)state;                                                    \
		correct_module_holds(bug);                                      \
	}

CATALOG_TESTS(no_zero_after_validate, "no-zero-after-validate")
CATALOG_TESTS(vmsa_bit_before_check, "vmsa-bit-before-check")
CATALOG_TESTS(caa_may_be_vmsa, "caa-may-be-vmsa")
CATALOG_TESTS(create_vcpu_no_lock, "create-vcpu-no-lock")
CATALOG_TESTS(pvalidate_cf_lost, "pvalidate-cf-lost")
CATALOG_TESTS(pvalidate_double_fetch, "pvalidate-double-fetch")
CATALOG_TESTS(no_address_check, "no-address-check")
CATALOG_TESTS(reserved_bits_accepted, "reserved-bits-accepted")
CATALOG_TESTS(delete_vcpu_inuse, "delete-vcpu-inuse")
CATALOG_TESTS(create_vcpu_any_vmpl, "create-vcpu-any-vmpl")
CATALOG_TESTS(remap_ca_unchecked, "remap-ca-unchecked")

/* A new catalog bug needs a scenario in scripts/check/ and its tests above. */
static void every_catalog_bug_has_a_scenario(void **state)
{
	(void)state;
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	for (unsigned i = 0; i < n; i++) {
		struct trace t;
		load_scenario(all[i].name, true, &t);
		assert_int_equal(t.cfg.bugs, SVSM_BUG_BIT(all[i].id));
		for (size_t k = 0; k < t.n; k++)   /* guest steps only */
			assert_string_equal(trace_actor(t.steps[k].action), "guest");
		trace_free(&t);
	}
	assert_int_equal(n, 11);
}

/* Bug 1 needs the hypervisor: without its moves the same search finds nothing. */
static void the_hypervisors_moves_are_the_searchs(void **state)
{
	(void)state;
	struct trace t;
	load_scenario("no-zero-after-validate", true, &t);
	struct check_options o = test_bounds();
	o.hv_actions = 0;
	struct check_result r;
	search(&t, &o, &r);
	assert_false(r.found);
	assert_int_equal(r.scope_moves, 5);   /* one page: bind, reset, share, unmap, map back */
	check_result_free(&r);
	o.hv_actions = 1;
	search(&t, &o, &r);
	trace_free(&t);
	assert_true(r.found);
	SKIP_IF_REFUSED_GRANT(&r);
	unsigned hv = 0;
	for (size_t i = 0; i < r.counterexample.n; i++)
		hv += strcmp(trace_actor(r.counterexample.steps[i].action), "hv") == 0;
	assert_int_equal(hv, 2);   /* the bind: RMPUPDATE and map at one yield point */
	check_result_free(&r);
}

/* Bug 4 is a race: one vCPU after the other never shows it. */
static void the_race_needs_preemptions(void **state)
{
	(void)state;
	struct trace t;
	load_scenario("create-vcpu-no-lock", true, &t);
	struct check_options o = test_bounds();
	o.preemptions = 0;
	struct check_result r;
	search(&t, &o, &r);
	trace_free(&t);
	SKIP_IF_REFUSED_GRANT(&r);
	assert_false(r.found);
	check_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_finds_no_zero_after_validate),
		cmocka_unit_test(correct_module_holds_on_no_zero_after_validate),
		cmocka_unit_test(check_finds_vmsa_bit_before_check),
		cmocka_unit_test(correct_module_holds_on_vmsa_bit_before_check),
		cmocka_unit_test(check_finds_caa_may_be_vmsa),
		cmocka_unit_test(correct_module_holds_on_caa_may_be_vmsa),
		cmocka_unit_test(check_finds_create_vcpu_no_lock),
		cmocka_unit_test(correct_module_holds_on_create_vcpu_no_lock),
		cmocka_unit_test(check_finds_pvalidate_cf_lost),
		cmocka_unit_test(correct_module_holds_on_pvalidate_cf_lost),
		cmocka_unit_test(check_finds_pvalidate_double_fetch),
		cmocka_unit_test(correct_module_holds_on_pvalidate_double_fetch),
		cmocka_unit_test(check_finds_no_address_check),
		cmocka_unit_test(correct_module_holds_on_no_address_check),
		cmocka_unit_test(check_finds_reserved_bits_accepted),
		cmocka_unit_test(correct_module_holds_on_reserved_bits_accepted),
		cmocka_unit_test(check_finds_delete_vcpu_inuse),
		cmocka_unit_test(correct_module_holds_on_delete_vcpu_inuse),
		cmocka_unit_test(check_finds_create_vcpu_any_vmpl),
		cmocka_unit_test(correct_module_holds_on_create_vcpu_any_vmpl),
		cmocka_unit_test(check_finds_remap_ca_unchecked),
		cmocka_unit_test(correct_module_holds_on_remap_ca_unchecked),
		cmocka_unit_test(every_catalog_bug_has_a_scenario),
		cmocka_unit_test(the_hypervisors_moves_are_the_searchs),
		cmocka_unit_test(the_race_needs_preemptions),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
