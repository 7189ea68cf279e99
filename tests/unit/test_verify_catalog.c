/*
 * test_verify_catalog.c: every bug of the catalog, verified the way the
 * explorer's C, demo and the bench verify it (the catalog's recipe), is
 * caught with a proven counterexample. Its own program: it runs the
 * verifier eleven times, and under the sanitizers that needs a time
 * budget of its own (tests/run.sh gives each program one).
 */
#include "verify_fixture.h"

/*
 * Every bug of the catalog, verified as the explorer's `C`, demo and the
 * bench verify it (verify_defaults_for: the catalog's handler, vCPUs and
 * witness), is caught with a proven counterexample: none of them can tell
 * a student that a buggy module verified.
 */
static void every_catalog_bug_is_caught_as_the_explorer_verifies_it(void **state)
{
	(void)state;
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	for (unsigned i = 0; i < n; i++) {
		struct verify_options o;
		verify_defaults_for(&o, SVSM_BUG_BIT(all[i].id));
		assert_int_equal(o.vcpus, all[i].verify.vcpus);
		char lua[512], json[512];
		cex_paths(all[i].name, lua, json, sizeof(lua));
		o.out = lua;
		struct outcome r;
		run_ok(&o, false, &r);
		if (r.sum.errors == 0 || !r.sum.first.proven)
			fail_msg("%s, verified as the catalog says (%s, %u vCPUs): %u errors, %s:\n%s",
			         all[i].name, o.handler ? o.handler : "all", o.vcpus, r.sum.errors,
			         r.sum.errors ? "not proven" : "reported verified", r.text);
		free(r.text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_catalog_bug_is_caught_as_the_explorer_verifies_it),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
