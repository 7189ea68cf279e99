/*
 * labs/08-new-call/hidden/result_codes.c: the instructor's tests of
 * QUERY_PAGE (core call 8) as the handout specifies it. The numbers are
 * written out here, not taken from the student's abi.h, so that the file
 * builds in any tree (a tree without the call fails the tests, not the
 * build). Built and run by hidden.sh.
 */
#include "tests/unit/sim_fixture.h"

#define CALL       8u
#define VALIDATED  0x1ull
#define CAA        0x2ull
#define VMSA       0x4ull
#define POOLED     0x8ull
#define RDX_IN     0x1111222233334444ull
#define R8_IN      0x5555666677778888ull

static uint32_t query(struct sim *s, unsigned v, uint64_t gpa, uint64_t *rcx)
{
	struct guest_result out;
	uint32_t rc = core_call(s, v, CALL, gpa, RDX_IN, R8_IN, &out);
	if (out.rdx != RDX_IN || out.r8 != R8_IN)
		fail_msg("QUERY_PAGE of 0x%llx changed RDX or R8", (unsigned long long)gpa);
	if (rcx)
		*rcx = out.rcx;
	return rc;
}

static void expect(struct sim *s, uint64_t gpa, uint32_t want, const char *what)
{
	uint64_t rcx;
	uint32_t got = query(s, 0, gpa, &rcx);
	if (got != want)
		fail_msg("QUERY_PAGE of GPA 0x%llx (%s) returned 0x%08x", (unsigned long long)gpa, what, got);
	if (want != SVSM_SUCCESS && rcx != gpa)
		fail_msg("QUERY_PAGE of GPA 0x%llx (%s) refused the call but changed RCX",
		         (unsigned long long)gpa, what);
}

static void no_violations(struct sim *s)
{
	if (s->rec.nviolations)
		fail_msg("a check fired: %s (%s)", s->rec.violations[0].clause, s->rec.violations[0].message);
}

static void misaligned(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t g[] = { PAGE_B + 4, PAGE_B + 0x801, 0x7ff, MODULE_PAGE + 8,
	                              RAM_END + 0x10, 0x8000000000000001ull };
	for (unsigned i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		expect(s, g[i], SVSM_ERR_INVALID_PARAMETER, "not page-aligned");
	no_violations(s);
	sim_free(s);
}

static void module_memory(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	for (uint64_t g = 0; g < 0x8000; g += PAGE_SIZE)
		expect(s, g, SVSM_ERR_INVALID_ADDRESS, "the module's own memory");
	no_violations(s);
	sim_free(s);
}

static void past_guest_ram(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t g[] = { RAM_END, RAM_END + 0x3000, 0x3ff000 };
	for (unsigned i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		expect(s, g[i], SVSM_ERR_INVALID_ADDRESS, "past the guest's RAM");
	no_violations(s);
	sim_free(s);
}

static void past_the_machine(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t g[] = { 0x400000, 0x80000000ull, 0x8000000000000000ull,
	                              0xfffffffffffff000ull };
	for (unsigned i = 0; i < sizeof(g) / sizeof(g[0]); i++)
		expect(s, g[i], SVSM_ERR_INVALID_ADDRESS, "past the machine's memory");
	no_violations(s);
	sim_free(s);
}

static void ram_edges(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	expect(s, 0x8000, SVSM_SUCCESS, "the first page of guest RAM");
	expect(s, RAM_END - PAGE_SIZE, SVSM_SUCCESS, "the last page of guest RAM");
	no_violations(s);
	sim_free(s);
}

static void validated_bit(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t st;
	assert_int_equal(query(s, 0, PAGE_C, &st), SVSM_SUCCESS);
	if (st != VALIDATED)
		fail_msg("a guest page the module validated at boot: RCX out 0x%llx", (unsigned long long)st);
	assert_int_equal(pvalidate_page(s, PAGE_C, false, false), SVSM_SUCCESS);
	assert_int_equal(query(s, 0, PAGE_C, &st), SVSM_SUCCESS);
	if (st != 0)
		fail_msg("a guest page rescinded by PVALIDATE: RCX out 0x%llx", (unsigned long long)st);
	no_violations(s);
	sim_free(s);
}

static void caa_and_vmsa_bits(void **state)
{
	(void)state;
	struct sim *s = sim_new_with(0, 0, 2);
	uint64_t st;
	assert_int_equal(query(s, 1, s->sv.vcpus[1].caa_gpa, &st), SVSM_SUCCESS);
	if (!(st & CAA) || (st & (VMSA | POOLED)))
		fail_msg("vCPU 1's Calling Area: RCX out 0x%llx", (unsigned long long)st);
	assert_int_equal(query(s, 0, s->sv.vcpus[1].vmsa_gpa, &st), SVSM_SUCCESS);
	if (!(st & VMSA) || (st & (CAA | POOLED)))
		fail_msg("vCPU 1's VMSA: RCX out 0x%llx", (unsigned long long)st);
	no_violations(s);
	sim_free(s);
}

static void pooled_bit(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t st;
	deposit_page(s, PAGE_D);
	assert_int_equal(query(s, 0, PAGE_D, &st), SVSM_SUCCESS);
	if (!(st & POOLED) || (st & (CAA | VMSA)))
		fail_msg("a page deposited with the module: RCX out 0x%llx", (unsigned long long)st);
	no_violations(s);
	sim_free(s);
}

static void other_calls_unchanged(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct guest_result out;
	assert_int_equal(core_call(s, 0, 9, 0, 0, 0, &out), SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(core_call(s, 0, 0xffffffffu, 0, 0, 0, &out), SVSM_ERR_UNSUPPORTED_CALL);
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, &out), SVSM_SUCCESS);
	assert_int_equal(out.rcx, CORE_V1_ANSWER);
	struct guest_args in = { .rcx = PAGE_A };
	assert_int_equal(guest_call(s, 0, SVSM_PROTO_ATTEST, CALL, &in, &out), 0);
	assert_int_equal(out.rax, SVSM_ERR_UNSUPPORTED_PROTOCOL);
	no_violations(s);
	sim_free(s);
}

/* "errors": the bad GPAs and their codes; "answers": the rest. */
int main(int argc, char **argv)
{
	const struct CMUnitTest errors[] = {
		cmocka_unit_test(misaligned),
		cmocka_unit_test(module_memory),
		cmocka_unit_test(past_guest_ram),
		cmocka_unit_test(past_the_machine),
	};
	if (argc > 1 && strcmp(argv[1], "errors") == 0)
		return cmocka_run_group_tests(errors, NULL, NULL);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ram_edges),
		cmocka_unit_test(validated_bit),
		cmocka_unit_test(caa_and_vmsa_bits),
		cmocka_unit_test(pooled_bit),
		cmocka_unit_test(other_calls_unchanged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
