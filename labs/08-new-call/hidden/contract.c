/*
 * labs/08-new-call/hidden/contract.c: the instructor's test of the
 * student's contract, (define-fun query-page-result ((owner (Array Page
 * Owner)) (gpa Addr) (r Result)) Bool) in specs/contracts.smt2, as Z3
 * evaluates it on chosen owners, GPAs and results: each test is one thing
 * the handout's statement says the contract allows or forbids. Built and
 * run by hidden.sh. It prints "cannot load" when the define-fun is
 * missing or the specs do not load.
 */
#include "tests/unit/sim_fixture.h"

#include "explorer/verify/spec.h"

#define INVALID_ADDRESS   0x80000003u
#define INVALID_PARAMETER 0x80000005u
#define BUSY              0x80000007u
#define GUEST_PAGE  0x21000ull   /* owner GUEST */
#define MODULE_PG   0x3000ull    /* owner MODULE */
#define NOBODY_PAGE 0x300000ull  /* inside the tables, owner NONE */
#define PAST_TABLES 0x10000000ull

static struct spec spec;

static int open_specs(void **state)
{
	(void)state;
	char path[1024];
	char *contracts = spec_file_text("contracts.smt2", path, sizeof(path));
	if (!contracts) {
		printf("cannot load %s\n", path);
		return -1;
	}
	if (!strstr(contracts, "\n(define-fun query-page-result ")) {
		printf("cannot load your contract: specs/contracts.smt2 has no (define-fun "
		       "query-page-result ...) at the start of a line\n");
		free(contracts);
		return -1;
	}
	char *harness = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&harness, &len);
	if (!f)
		return -1;
	fprintf(f, "%s\n(declare-const c-owner (Array Page Owner))\n(declare-const c-gpa Addr)\n"
	        "(declare-const c-result Result)\n(assert (query-page-result c-owner c-gpa c-result))\n",
	        contracts);
	fclose(f);
	free(contracts);
	int rc = spec_open(&spec, SPEC_ADVERSARY | SPEC_INVARIANTS, harness);
	free(harness);
	if (rc != 0) {
		printf("cannot load the specs with (query-page-result owner gpa result): %s\n", spec.error);
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

static Z3_ast bv(uint64_t v, unsigned bits)
{
	return spec_keep(&spec, Z3_mk_unsigned_int64(spec.ctx, v, Z3_mk_bv_sort(spec.ctx, bits)));
}

/* Module pages 0-7, guest pages to the end of a 256-page machine, nobody's after. */
static Z3_ast owners(void)
{
	Z3_context c = spec.ctx;
	Z3_ast a = spec_keep(&spec, Z3_mk_const_array(c, spec.page, bv(OWNER_NONE, 8)));
	for (unsigned p = 0; p < 0x100; p++)
		a = spec_keep(&spec, Z3_mk_store(c, a, bv(p, 10), bv(p < 8 ? OWNER_MODULE : OWNER_GUEST, 8)));
	a = spec_keep(&spec, Z3_mk_store(c, a, bv(0x08, 10), bv(OWNER_CAA, 8)));
	return a;
}

/* Does the contract hold of (gpa, result)? */
static bool holds(uint64_t gpa, uint32_t r)
{
	Z3_ast consts[3] = { spec_const(&spec, "c-owner", Z3_get_sort(spec.ctx, owners())),
		             spec_const(&spec, "c-gpa", Z3_mk_bv_sort(spec.ctx, 64)),
		             spec_const(&spec, "c-result", Z3_mk_bv_sort(spec.ctx, 32)) };
	Z3_ast vals[3] = { owners(), bv(gpa, 64), bv(r, 32) };
	enum truth t = spec_eval(&spec, spec_assertion(&spec, 0), 3, consts, vals);
	spec_release(&spec);
	if (t == TRUTH_UNKNOWN)
		fail_msg("Z3 cannot evaluate your query-page-result on GPA 0x%llx, result 0x%08x",
		         (unsigned long long)gpa, r);
	return t == TRUTH_TRUE;
}

static void allows(uint64_t gpa, uint32_t r, const char *what)
{
	if (!holds(gpa, r))
		fail_msg("too strong: your contract forbids result 0x%08x for %s", r, what);
}

static void forbids(uint64_t gpa, uint32_t r, const char *what)
{
	if (holds(gpa, r))
		fail_msg("too weak: your contract allows result 0x%08x for %s", r, what);
}

static void misaligned_must_be_invalid_parameter(void **state)
{
	(void)state;
	allows(GUEST_PAGE + 8, INVALID_PARAMETER, "a misaligned GPA in a guest page");
	allows(PAST_TABLES + 1, INVALID_PARAMETER, "a misaligned GPA past the machine");
	forbids(GUEST_PAGE + 8, SVSM_SUCCESS, "a misaligned GPA in a guest page");
	forbids(GUEST_PAGE + 0xfff, INVALID_ADDRESS, "a misaligned GPA in a guest page");
	forbids(PAST_TABLES + 0x10, INVALID_ADDRESS, "a misaligned GPA past the machine");
}

static void no_page_must_be_invalid_address(void **state)
{
	(void)state;
	allows(NOBODY_PAGE, INVALID_ADDRESS, "a page-aligned GPA of no page");
	allows(PAST_TABLES, INVALID_ADDRESS, "a page-aligned GPA past the tables");
	forbids(NOBODY_PAGE, SVSM_SUCCESS, "a page-aligned GPA of no page");
	forbids(PAST_TABLES, SVSM_SUCCESS, "a page-aligned GPA past the tables");
	forbids(0xfffffffffffff000ull, SVSM_SUCCESS, "the last page of the address space");
	forbids(NOBODY_PAGE, INVALID_PARAMETER, "a page-aligned GPA of no page");
}

static void pages_of_the_machine(void **state)
{
	(void)state;
	allows(GUEST_PAGE, SVSM_SUCCESS, "a guest page");
	allows(0x8000, SVSM_SUCCESS, "a Calling Area");
	allows(MODULE_PG, INVALID_ADDRESS, "a page of the module's memory");
	allows(GUEST_PAGE, INVALID_ADDRESS, "a guest page the module holds");
	forbids(GUEST_PAGE, INVALID_PARAMETER, "a page-aligned guest page");
	forbids(GUEST_PAGE, BUSY, "a guest page");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(misaligned_must_be_invalid_parameter),
		cmocka_unit_test(no_page_must_be_invalid_address),
		cmocka_unit_test(pages_of_the_machine),
	};
	return cmocka_run_group_tests(tests, open_specs, close_specs);
}
