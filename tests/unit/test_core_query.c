/*
 * test_core_query.c: core calls 6 and 7, QUERY_PROTOCOL and CONFIGURE_VTOM,
 * and the calling convention as the guest sees it: outputs in RCX, RDX, R8,
 * RAX zero-extended, registers untouched by calls that produce none.
 */
#include "sim_fixture.h"

/* Inputs the guest puts in the registers a call does not use. */
#define RDX_IN 0x1111222233334444ull
#define R8_IN  0x5555666677778888ull
#define R9_IN  0x99990000aaaabbbbull

/* One call from vCPU 0 with RDX, R8, R9 set to the markers above. */
static struct guest_result call(struct sim *s, uint32_t protocol, uint32_t number, uint64_t rcx)
{
	struct guest_args in = { .rcx = rcx, .rdx = RDX_IN, .r8 = R8_IN, .r9 = R9_IN };
	struct guest_result out;
	assert_int_equal(guest_call(s, 0, protocol, number, &in, &out), 0);
	assert_true(out.served);
	return out;
}

/* RDX, R8 and R9 as the guest left them. */
static void assert_rdx_r8_r9_untouched(struct sim *s, const struct guest_result *out)
{
	assert_int_equal(out->rdx, RDX_IN);
	assert_int_equal(out->r8, R8_IN);
	assert_int_equal(vmsa_get(&s->m, s->m.vcpu[0].vmsa_spa, VMSA_R9, 8), R9_IN);
}

/* All 64 bits of RAX in vCPU 0's save area. */
static uint64_t rax64(const struct sim *s)
{
	return vmsa_get(&s->m, s->m.vcpu[0].vmsa_spa, VMSA_RAX, 8);
}

static void query_protocol_core_v1_is_supported(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct guest_result out = call(s, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, CORE_V1);
	assert_int_equal(out.rax, SVSM_SUCCESS);
	assert_int_equal(out.rcx, CORE_V1_ANSWER);
	assert_rdx_r8_r9_untouched(s, &out);
	assert_clean(s);
	sim_free(s);
}

static void query_protocol_other_core_versions_answer_zero(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint32_t versions[] = { 0, 2, 0x80000001u, 0xffffffffu };
	for (unsigned i = 0; i < 4; i++) {
		uint64_t rcx = (uint64_t)SVSM_PROTO_CORE << 32 | versions[i];
		struct guest_result out = call(s, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, rcx);
		assert_int_equal(out.rax, SVSM_SUCCESS);
		assert_int_equal(out.rcx, 0);
		assert_rdx_r8_r9_untouched(s, &out);
	}
	assert_clean(s);
	sim_free(s);
}

static void query_protocol_unsupported_protocols_answer_zero(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint32_t protocols[] = { SVSM_PROTO_ATTEST, SVSM_PROTO_VTPM, 3, 0xffffffffu };
	for (unsigned i = 0; i < 4; i++) {
		uint64_t rcx = (uint64_t)protocols[i] << 32 | 1;
		struct guest_result out = call(s, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, rcx);
		assert_int_equal(out.rax, SVSM_SUCCESS);
		assert_int_equal(out.rcx, 0);
	}
	assert_clean(s);
	sim_free(s);
}

/* The module supports no vTOM setting: the query answers an empty bitmap. */
static void configure_vtom_query_answers_zero(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	struct guest_result out = call(s, SVSM_PROTO_CORE, SVSM_CORE_CONFIGURE_VTOM, 1);
	assert_int_equal(out.rax, SVSM_SUCCESS);
	assert_int_equal(out.rcx, 0);
	assert_rdx_r8_r9_untouched(s, &out);
	assert_clean(s);
	sim_free(s);
}

static void configure_vtom_without_query_is_invalid_parameter(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint64_t rcx[] = { 0, 2, 1ull << 63, 0xfffffffffffffffeull };
	for (unsigned i = 0; i < 4; i++) {
		struct guest_result out = call(s, SVSM_PROTO_CORE, SVSM_CORE_CONFIGURE_VTOM, rcx[i]);
		assert_int_equal(out.rax, SVSM_ERR_INVALID_PARAMETER);
		assert_int_equal(out.rcx, rcx[i]);
		assert_rdx_r8_r9_untouched(s, &out);
	}
	assert_clean(s);
	sim_free(s);
}

/* QUERY_PROTOCOL and CONFIGURE_VTOM touch no state: they run without the lock. */
static void query_calls_take_no_lock_locked_calls_take_it_once(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	call(s, SVSM_PROTO_CORE, SVSM_CORE_QUERY_PROTOCOL, CORE_V1);
	assert_int_equal(ops_in_last_call(s, OP_LOCK), 0);
	call(s, SVSM_PROTO_CORE, SVSM_CORE_CONFIGURE_VTOM, 1);
	assert_int_equal(ops_in_last_call(s, OP_LOCK), 0);
	assert_int_equal(pvalidate_page(s, PAGE_A, false, false), SVSM_SUCCESS);
	assert_int_equal(ops_in_last_call(s, OP_LOCK), 1);
	assert_int_equal(ops_in_last_call(s, OP_UNLOCK), 1);
	assert_clean(s);
	sim_free(s);
}

/* A call with no outputs leaves RCX, RDX, R8 (and R9) as the guest set them. */
static void calls_without_outputs_leave_registers_alone(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	uint64_t e = PVENTRY(PAGE_A, PSIZE_4K, false, false);
	put_list(s, REQ_GPA, 1, 0, &e, 1);
	struct guest_result out = call(s, SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE, REQ_GPA);
	assert_int_equal(out.rax, SVSM_SUCCESS);
	assert_int_equal(out.rcx, REQ_GPA);
	assert_rdx_r8_r9_untouched(s, &out);

	/* An error result, too. */
	out = call(s, SVSM_PROTO_CORE, SVSM_CORE_DELETE_VCPU, PAGE_B);
	assert_int_equal(out.rax, SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(out.rcx, PAGE_B);
	assert_rdx_r8_r9_untouched(s, &out);
	assert_clean(s);
	sim_free(s);
}

/*
 * Unknown protocols and call numbers: only RAX changes, and it gets the
 * result zero-extended, whatever protocol the guest put in its top half.
 */
static void unsupported_protocol_and_call_keep_registers(void **state)
{
	(void)state;
	struct sim *s = sim_new(0);
	static const uint32_t protocols[] = { SVSM_PROTO_ATTEST, SVSM_PROTO_VTPM, 0xffffffffu };
	for (unsigned i = 0; i < 3; i++) {
		struct guest_result out = call(s, protocols[i], SVSM_CORE_QUERY_PROTOCOL, CORE_V1);
		assert_int_equal(out.rax, SVSM_ERR_UNSUPPORTED_PROTOCOL);
		assert_int_equal(rax64(s), SVSM_ERR_UNSUPPORTED_PROTOCOL);
		assert_int_equal(out.rcx, CORE_V1);
		assert_rdx_r8_r9_untouched(s, &out);
	}
	static const uint32_t numbers[] = { SVSM_CORE_NCALLS, 99, 0xffffffffu };
	for (unsigned i = 0; i < 3; i++) {
		struct guest_result out = call(s, SVSM_PROTO_CORE, numbers[i], CORE_V1);
		assert_int_equal(out.rax, SVSM_ERR_UNSUPPORTED_CALL);
		assert_int_equal(rax64(s), SVSM_ERR_UNSUPPORTED_CALL);
		assert_int_equal(out.rcx, CORE_V1);
		assert_rdx_r8_r9_untouched(s, &out);
	}
	assert_clean(s);
	sim_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(query_protocol_core_v1_is_supported),
		cmocka_unit_test(query_protocol_other_core_versions_answer_zero),
		cmocka_unit_test(query_protocol_unsupported_protocols_answer_zero),
		cmocka_unit_test(configure_vtom_query_answers_zero),
		cmocka_unit_test(configure_vtom_without_query_is_invalid_parameter),
		cmocka_unit_test(query_calls_take_no_lock_locked_calls_take_it_once),
		cmocka_unit_test(calls_without_outputs_leave_registers_alone),
		cmocka_unit_test(unsupported_protocol_and_call_keep_registers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
