/*
 * labs/08-new-call/hidden/check.c: the instructor's test of the student's
 * run-time check (explorer/ghost/contracts.c): after a QUERY_PAGE that
 * answered wrong, the simulator's contract check reports the clause
 * query-page-result; after one that answered right, nothing. The wrong
 * answers are made up here (the module under test need not give them):
 * the check is handed a finished call, as the simulator hands it one.
 * Built and run by hidden.sh.
 */
#include "tests/unit/sim_fixture.h"

#define CALL 8u

/* The contract check of a QUERY_PAGE of gpa from vCPU 0 that returned result. */
static unsigned fired(uint64_t gpa, uint32_t result)
{
	struct sim *s = sim_new(0);
	unsigned before = s->rec.nviolations;
	memset(&s->calls[0], 0, sizeof(s->calls[0]));
	s->calls[0].rax = SVSM_RAX(SVSM_PROTO_CORE, CALL);
	s->calls[0].rcx = gpa;
	s->calls[0].first_step = s->rec.step;
	ghost_contract(GHOST(s), 0, result);
	unsigned n = violations_of(s, "query-page-result");
	if (s->rec.nviolations - before > n)
		fail_msg("the check of QUERY_PAGE 0x%llx -> 0x%08x reported another clause: %s",
		         (unsigned long long)gpa, result, s->rec.violations[before].clause);
	sim_free(s);
	return n;
}

static void fires_on_success_for_no_page(void **state)
{
	(void)state;
	if (!fired(0x400000, SVSM_SUCCESS))
		fail_msg("QUERY_PAGE of GPA 0x400000 (past the machine) returned SUCCESS: no check fired");
	if (!fired(0xfffffffffffff000ull, SVSM_SUCCESS))
		fail_msg("QUERY_PAGE of the last page of the address space returned SUCCESS: no check fired");
}

static void fires_on_misaligned(void **state)
{
	(void)state;
	if (!fired(0x21008, SVSM_SUCCESS))
		fail_msg("QUERY_PAGE of GPA 0x21008 (misaligned) returned SUCCESS: no check fired");
	if (!fired(0x21008, SVSM_ERR_INVALID_ADDRESS))
		fail_msg("QUERY_PAGE of GPA 0x21008 (misaligned) returned INVALID_ADDRESS: no check fired");
}

static void quiet_on_right_answers(void **state)
{
	(void)state;
	if (fired(0x21000, SVSM_SUCCESS))
		fail_msg("the check fired on SUCCESS for a guest page");
	if (fired(0x21008, SVSM_ERR_INVALID_PARAMETER))
		fail_msg("the check fired on INVALID_PARAMETER for a misaligned GPA");
	if (fired(0x400000, SVSM_ERR_INVALID_ADDRESS))
		fail_msg("the check fired on INVALID_ADDRESS past the machine");
	if (fired(0x3000, SVSM_ERR_INVALID_ADDRESS))
		fail_msg("the check fired on INVALID_ADDRESS for the module's memory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fires_on_success_for_no_page),
		cmocka_unit_test(fires_on_misaligned),
		cmocka_unit_test(quiet_on_right_answers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
