/*
 * test_conformance_specs.c: the specs themselves, checked with Z3 before
 * anything is checked with them.
 *
 *   - every spec file parses, and its datatypes are laid out as the
 *     encoder writes them;
 *   - every theorem of specs/theorems.smt2 is proved, and this file names
 *     every theorem there (a new theorem must be added to the list);
 *   - statements that are false are refuted: the prover can say no;
 *   - specs/invariants.smt2 agrees with explorer/ghost/invariants.c: on a
 *     booted simulator both find nothing wrong, and each invariant, broken
 *     on purpose, is reported by both.
 */
#include "sim_fixture.h"

#include <time.h>

#include "../../explorer/verify/encode.h"

static const char *const theorems[] = {
	"pvalidate-is-deterministic", "rmpadjust-is-deterministic", "rmpupdate-is-deterministic",
	"psmash-is-deterministic", "translate-is-deterministic", "guest-read-is-deterministic",
	"guest-write-is-deterministic", "only-vmpl0-validates", "rmpadjust-grants-a-subset",
	"guest-instructions-keep-ownership", "adversary-is-reflexive", "adversary-is-transitive",
	"adversary-cannot-validate-or-grant", "rmpupdate-is-adversary", "psmash-is-adversary",
	"npt-change-is-adversary", "hv-write-is-adversary", "adversary-keeps-confidentiality",
	"adversary-keeps-vmsa-unwritable", "adversary-keeps-no-double-validation",
	"fresh-machine-satisfies-invariants",
};
#define THEOREMS (sizeof(theorems) / sizeof(theorems[0]))

/* False statements, each with what makes it false. */
static const struct {
	const char *claim, *why_false;
} refutations[] = {
	{ "(forall ((s State) (t State)) (=> (adversary s t) (= (rmp t) (rmp s))))",
	  "the hypervisor can take a page back" },
	{ "(forall ((s State) (t State)) (=> (adversary s t) (= (npt t) (npt s))))",
	  "the hypervisor can remap a GPA" },
	{ "(forall ((s State) (v Vmpl) (g Addr) (z (_ BitVec 32)) (d Bool) (o Outcome) (t State))"
	  " (=> (pvalidate s v g z d o t) (= t s)))",
	  "PVALIDATE does validate" },
	{ "(forall ((s State) (v Vmpl) (g Addr) (z (_ BitVec 32)) (a (_ BitVec 64)) (o Outcome)"
	  " (t State)) (=> (rmpadjust s v g z a o t) (= t s)))",
	  "RMPADJUST does grant" },
	{ "(forall ((s State) (a Addr) (u Update) (r Rc) (t State) (p Page))"
	  " (=> (rmpupdate s a u r t)"
	  " (= (validated (select (rmp t) p)) (validated (select (rmp s) p)))))",
	  "RMPUPDATE drops validated" },
	/*
	 * module-integrity looks at the SPA the module's GPA maps to now; a
	 * validated copy bound to the same GPA elsewhere, granted to the guest,
	 * is one remap away. (The module must not leave such copies around.)
	 */
	{ "(forall ((s State) (t State) (m (Array Page Bool)))"
	  " (=> (and (adversary s t) (module-integrity s m) (no-double-validation s))"
	  " (module-integrity t m)))",
	  "a remap can bring a granted copy of a module page into reach" },
};
#define REFUTATIONS (sizeof(refutations) / sizeof(refutations[0]))

/* The invariants, over constants the tests give values. */
enum { CONFIDENTIALITY, MODULE_INTEGRITY, VMSA_SAFETY, NO_DOUBLE_VALIDATION, INVARIANTS };
static const char *const invariant_smt[INVARIANTS] = {
	"(confidentiality inv-state)", "(module-integrity inv-state inv-module)",
	"(vmsa-safety inv-state inv-save-vmpl)", "(no-double-validation inv-state)",
};
/* ... and the names explorer/ghost reports them by. */
static const char *const invariant_clause[INVARIANTS] = {
	"confidentiality", "module-integrity", "vmsa-safety", "no-double-validation",
};

/* The harness's assertions: theorems, then refutations, then invariants. */
#define FIRST_REFUTATION THEOREMS
#define FIRST_INVARIANT (THEOREMS + REFUTATIONS)

static struct spec spec;

static int open_specs(void **state)
{
	(void)state;
	char *harness = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&harness, &len);
	if (!f)
		return -1;
	fprintf(f, "(declare-const inv-state State)\n"
	           "(declare-const inv-module (Array Page Bool))\n"
	           "(declare-const inv-save-vmpl (Array Page (_ BitVec 8)))\n");
	for (size_t i = 0; i < THEOREMS; i++)
		fprintf(f, "(assert %s)\n", theorems[i]);
	for (size_t i = 0; i < REFUTATIONS; i++)
		fprintf(f, "(assert %s)\n", refutations[i].claim);
	for (size_t i = 0; i < INVARIANTS; i++)
		fprintf(f, "(assert %s)\n", invariant_smt[i]);
	fclose(f);
	int rc = spec_open(&spec, SPEC_MACHINE | SPEC_ADVERSARY | SPEC_INVARIANTS | SPEC_THEOREMS,
	                   harness);
	free(harness);
	if (rc != 0 || encode_check(&spec) != 0) {
		printf("cannot load the specs: %s\n", spec.error);
		return -1;
	}
	return 0;
}

static int close_specs(void **state)
{
	(void)state;
	spec_close(&spec);
	return 0;
}

static void the_specs_parse_with_the_layout_the_encoder_writes(void **state)
{
	(void)state;
	assert_int_equal(spec_assertions(&spec), FIRST_INVARIANT + INVARIANTS);
	assert_int_equal(encode_check(&spec), 0);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) * 1e-9;
}

static void every_theorem_is_proved(void **state)
{
	(void)state;
	unsigned failed = 0;
	for (unsigned i = 0; i < THEOREMS; i++) {
		struct timespec t0;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		enum truth t = spec_prove(&spec, spec_assertion(&spec, i));
		printf("  %-40s %s (%.2f s)\n", theorems[i],
		       t == TRUTH_TRUE ? "proved" : t == TRUTH_FALSE ? "FALSE" : spec.error,
		       seconds_since(&t0));
		failed += t != TRUTH_TRUE;
		spec_release(&spec);
	}
	assert_int_equal(failed, 0);
}

static void every_theorem_in_the_file_is_in_the_list(void **state)
{
	(void)state;
	FILE *f = fopen(SVSMLAB_SRCDIR "/specs/theorems.smt2", "r");
	assert_non_null(f);
	char line[256], name[128];
	unsigned found = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "(define-fun %127s () Bool", name) != 1)
			continue;
		bool listed = false;
		for (unsigned i = 0; i < THEOREMS; i++)
			listed |= strcmp(theorems[i], name) == 0;
		if (!listed)
			printf("  theorem %s is not in this test's list\n", name);
		assert_true(listed);
		found++;
	}
	fclose(f);
	assert_int_equal(found, THEOREMS);
}

static void false_statements_are_refuted(void **state)
{
	(void)state;
	for (unsigned i = 0; i < REFUTATIONS; i++) {
		enum truth t = spec_prove(&spec, spec_assertion(&spec, FIRST_REFUTATION + i));
		printf("  refuted: %s\n", refutations[i].why_false);
		assert_int_equal(t, TRUTH_FALSE);
		spec_release(&spec);
	}
}

/* --- the invariants, against explorer/ghost/invariants.c ------------------- */

/* The truth of each invariant of specs/invariants.smt2 in the simulator's state. */
static void spec_invariants(struct sim *s, enum truth out[INVARIANTS])
{
	static bool module[MACHINE_MAX_PAGES];
	static uint8_t save_vmpl[MACHINE_MAX_PAGES];
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++) {
		module[p] = s->ghost.owner[p] == OWNER_MODULE;
		save_vmpl[p] = p < s->m.npages
			? (uint8_t)vmsa_get(&s->m, (uint64_t)p * PAGE_SIZE, VMSA_VMPL, 1) : 0;
	}
	for (unsigned i = 0; i < INVARIANTS; i++) {
		Z3_ast values[] = {
			enc_state(&spec, &s->m), enc_page_set(&spec, module), enc_page_bytes(&spec, save_vmpl),
		};
		Z3_ast consts[] = {
			spec_const(&spec, "inv-state", spec.state),
			spec_const(&spec, "inv-module", Z3_get_sort(spec.ctx, values[1])),
			spec_const(&spec, "inv-save-vmpl", Z3_get_sort(spec.ctx, values[2])),
		};
		out[i] = spec_eval(&spec, spec_assertion(&spec, FIRST_INVARIANT + i), 3, consts, values);
		spec_release(&spec);
	}
}

/* Both checkers on s: the C one reports the clauses in expect, the spec fails exactly those. */
static void both_checkers_find(struct sim *s, unsigned expect)
{
	struct hal_site site = { "test", 0, "both checkers" };
	ghost_invariants(GHOST(s), site, 0);
	enum truth smt[INVARIANTS];
	spec_invariants(s, smt);
	for (unsigned i = 0; i < INVARIANTS; i++) {
		bool broken = expect & (1u << i);
		printf("  %-22s C: %s, spec: %s\n", invariant_clause[i],
		       violations_of(s, invariant_clause[i]) ? "broken" : "holds",
		       smt[i] == TRUTH_TRUE ? "holds" : smt[i] == TRUTH_FALSE ? "broken" : "unknown");
		assert_int_equal(violations_of(s, invariant_clause[i]) > 0, broken);
		assert_int_equal(smt[i], broken ? TRUTH_FALSE : TRUTH_TRUE);
	}
}

static void a_booted_guest_satisfies_both_checkers(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(s->rec.nviolations, 0);
	both_checkers_find(s, 0);
	sim_free(s);
}

/* The RMP entry of the SPA gpa maps to. */
static struct rmp_entry *entry_of(struct sim *s, uint64_t gpa)
{
	return &s->m.rmp[npt_lookup(&s->m, gpa) >> PAGE_SHIFT];
}

static void a_secret_page_granted_to_the_guest_breaks_confidentiality(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_true(entry_of(s, PAGE_A)->validated);
	entry_of(s, PAGE_A)->perms[1] = PERM_R;
	s->m.label[npt_lookup(&s->m, PAGE_A) >> PAGE_SHIFT] = LABEL_VMPL(0);
	both_checkers_find(s, 1u << CONFIDENTIALITY);
	sim_free(s);
}

static void a_module_page_granted_to_the_guest_breaks_integrity(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_int_equal(s->ghost.owner[MODULE_PAGE >> PAGE_SHIFT], OWNER_MODULE);
	entry_of(s, MODULE_PAGE)->perms[1] = PERM_W;
	both_checkers_find(s, 1u << MODULE_INTEGRITY);
	sim_free(s);
}

static void a_vmsa_the_guest_can_write_breaks_vmsa_safety(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct rmp_entry *e = entry_of(s, PAGE_B);
	e->vmsa = true;   /* PAGE_B's save area, writable by VMPL1 */
	e->perms[1] = PERM_R | PERM_W;
	both_checkers_find(s, 1u << VMSA_SAFETY);
	sim_free(s);
}

static void two_validated_pages_for_one_gpa_break_no_double_validation(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	assert_true(entry_of(s, PAGE_C)->validated);
	entry_of(s, PAGE_C)->gpa = PAGE_D;   /* PAGE_D's page is validated too */
	both_checkers_find(s, 1u << NO_DOUBLE_VALIDATION);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_specs_parse_with_the_layout_the_encoder_writes),
		cmocka_unit_test(every_theorem_is_proved),
		cmocka_unit_test(every_theorem_in_the_file_is_in_the_list),
		cmocka_unit_test(false_statements_are_refuted),
		cmocka_unit_test(a_booted_guest_satisfies_both_checkers),
		cmocka_unit_test(a_secret_page_granted_to_the_guest_breaks_confidentiality),
		cmocka_unit_test(a_module_page_granted_to_the_guest_breaks_integrity),
		cmocka_unit_test(a_vmsa_the_guest_can_write_breaks_vmsa_safety),
		cmocka_unit_test(two_validated_pages_for_one_gpa_break_no_double_validation),
	};
	return cmocka_run_group_tests(tests, open_specs, close_specs);
}
