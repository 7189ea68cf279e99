/*
 * test_verify_solvers.c: the incremental SAT solver the verifier asks
 * first (explorer/verify/solver.c) comes to the verdicts the tactic chain
 * alone came to. Each case is verified twice, once as the verifier runs
 * and once with verify_options.chain_only (the solving before issue 13):
 * the same cases verified, the same errors on the same clause, each
 * counterexample proven by replay, and, where every run was followed to
 * its end (no error stops the search), the same number of Z3 queries:
 * the same questions got the same answers, SAT or UNSAT, whichever
 * solver gave them.
 *
 * The cases are the cheap ones of test_verify.c and tests/cli/
 * verify_catalog.sh: the chain takes seconds where the SAT solver takes
 * a fraction, and the dear cases are `make bench`'s (its verify rows
 * compare the old verifier's cases, queries and verdicts with these).
 */
#include "verify_fixture.h"

struct both {
	const char *bug;          /* NULL: the correct module */
	unsigned vcpus;
	const char *handler, *input;
};

static const struct both cases[] = {
	{ NULL, 1, "pvalidate", "rescind 0x20000 (rescinded first)" },
	{ NULL, 1, "create_vcpu", "the VMSA is the CAA" },
	{ NULL, 1, "remap_ca", "a validated guest page" },
	{ NULL, 1, "withdraw_mem", "one page from a pool of one" },
	{ NULL, 1, "create_vcpu", "a VMSA that says vmpl 0" },
	{ NULL, 2, "delete_vcpu", "vCPU 0 deletes vCPU 1 while it runs" },
	{ "no-zero-after-validate", 1, "pvalidate", "validate 0x20000 (rescinded first)" },
	{ "vmsa-bit-before-check", 1, "create_vcpu", "a valid VMSA at 0x20000, CAA 0x21000" },
	{ "caa-may-be-vmsa", 1, "create_vcpu", "the CAA is the VMSA page" },
	{ "pvalidate-cf-lost", 1, "pvalidate", "rescind 0x20000" },
	{ "no-address-check", 1, "pvalidate", "rescind 0x3000 (a module page)" },
	{ "create-vcpu-any-vmpl", 1, "create_vcpu", "a VMSA that says vmpl 0" },
	{ "remap-ca-unchecked", 1, "remap_ca", "a guest page not validated" },
	{ "delete-vcpu-inuse", 2, "delete_vcpu", "vCPU 0 deletes vCPU 1 while it runs" },
};

/* One run of case c, chain_only or not; its counterexample (if any) goes to TMPDIR/NAME.lua. */
static void verify_once(const struct both *c, bool chain_only, const char *name,
                        struct outcome *r)
{
	struct verify_options o;
	verify_defaults(&o);
	char bad[64], lua[512], json[512];
	if (c->bug && catalog_parse(c->bug, &o.bugs, bad, sizeof(bad)) != 0)
		fail_msg("unknown bug %s", bad);
	o.vcpus = c->vcpus;
	o.handler = c->handler;
	o.input = c->input;
	o.chain_only = chain_only;
	cex_paths(name, lua, json, sizeof(lua));
	o.out = lua;
	run_ok(&o, false, r);
}

static void sat_solver_and_chain_agree(void **state)
{
	(void)state;
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct both *c = &cases[i];
		struct outcome sat, chain;
		char name[64];
		snprintf(name, sizeof(name), "sat%u", i);
		verify_once(c, false, name, &sat);
		snprintf(name, sizeof(name), "chain%u", i);
		verify_once(c, true, name, &chain);
		const struct verify_summary *a = &sat.sum, *b = &chain.sum;
		if (a->cases == 0 || a->cases != b->cases || a->verified != b->verified ||
		    a->errors != b->errors || a->unknown != 0 || b->unknown != 0 ||
		    strcmp(a->first.clause, b->first.clause) != 0 ||
		    a->first.proven != b->first.proven || (a->errors && !a->first.proven) ||
		    (a->errors == 0 && a->queries != b->queries))
			fail_msg("%s, %s '%s': the SAT solver first and the chain alone differ:\n"
			         "%s\n--- chain only ---\n%s", c->bug ? c->bug : "correct", c->handler, c->input, sat.text,
			         chain.text);
		/* The bugs are caught, the correct module verifies. */
		assert_int_equal(a->errors != 0, c->bug != NULL);
		free(sat.text);
		free(chain.text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sat_solver_and_chain_agree),
	};
	return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
