/*
 * test_call_contracts.c: the contracts of the core calls other than
 * PVALIDATE (explorer/ghost/call_contracts.c) and of where every call's
 * results go (answers.c). Each check must fire on a crafted state that
 * breaks its promise and stay quiet on the state next to it that keeps
 * it. The call is set up as the simulator records it when the call begins
 * (s->calls), the state the call left is made by hand, and the contract is
 * judged as when the call returns (ghost_contract).
 */
#include "sim_fixture.h"

static int setup(void **state)
{
	*state = sim_new(0);
	return 0;
}

static int teardown(void **state)
{
	sim_free(*state);
	return 0;
}

/* Call number call from vCPU 0 with rcx and rdx, begun now. */
static struct sim_call *begin(struct sim *s, uint32_t call, uint64_t rcx, uint64_t rdx)
{
	struct sim_call *c = &s->calls[0];
	memset(c, 0, sizeof(*c));
	c->active = true;
	c->rax = SVSM_RAX(SVSM_PROTO_CORE, call);
	c->rcx = rcx;
	c->rdx = rdx;
	c->r8 = 1;   /* CREATE_VCPU: another CPU than the caller's (APIC ID 0) */
	c->caa_gpa = s->sv.vcpus[0].caa_gpa;
	c->vmsa_gpa = s->sv.vcpus[0].vmsa_gpa;
	c->vmsa_spa = s->m.vcpu[0].vmsa_spa;
	c->first_step = s->rec.step;
	ghost_call_begin(GHOST(s), c);
	return c;
}

static struct rmp_entry *entry_of(struct sim *s, uint64_t gpa)
{
	return &s->m.rmp[npt_lookup(&s->m, gpa) >> PAGE_SHIFT];
}

/* PAGE_A made a VMSA the guest cannot write, PAGE_B a CAA: a CREATE_VCPU that did its work. */
static void install_vcpu(struct sim *s)
{
	ghost_set_owner(&s->ghost, PAGE_A >> PAGE_SHIFT, OWNER_VMSA);
	ghost_set_owner(&s->ghost, PAGE_B >> PAGE_SHIFT, OWNER_CAA);
	struct rmp_entry *e = entry_of(s, PAGE_A);
	e->vmsa = true;
	e->perms[s->m.guest_vmpl] = PERM_R;
	uint64_t creator = vmsa_get(&s->m, s->m.vcpu[0].vmsa_spa, VMSA_SEV_FEATURES, 8);
	vmsa_set(&s->m, npt_lookup(&s->m, PAGE_A), VMSA_SEV_FEATURES, 8, creator);
}

static void create_vcpu_must_install_the_vmsa(void **state)
{
	struct sim *s = *state;
	begin(s, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);   /* refused: nothing promised */
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                 /* nothing installed */
	assert_int_equal(violations_of(s, "create-vcpu-installs-vmsa"), 1);
	install_vcpu(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                 /* all done: quiet */
	assert_int_equal(s->rec.nviolations, 1);
	entry_of(s, PAGE_A)->perms[s->m.guest_vmpl] |= PERM_W;      /* the guest can write it */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	entry_of(s, PAGE_A)->perms[s->m.guest_vmpl] = PERM_R;
	entry_of(s, PAGE_A)->vmsa = false;                          /* no VMSA bit */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	entry_of(s, PAGE_A)->vmsa = true;
	ghost_set_owner(&s->ghost, PAGE_B >> PAGE_SHIFT, OWNER_GUEST);   /* CAA never the module's */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "create-vcpu-installs-vmsa"), 4);
}

static void create_vcpu_must_keep_the_features(void **state)
{
	struct sim *s = *state;
	begin(s, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B);
	install_vcpu(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_clean(s);
	uint64_t creator = vmsa_get(&s->m, s->m.vcpu[0].vmsa_spa, VMSA_SEV_FEATURES, 8);
	vmsa_set(&s->m, npt_lookup(&s->m, PAGE_A), VMSA_SEV_FEATURES, 8, creator ^ 2);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);   /* refused: right */
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "create-vcpu-same-features"), 1);
	assert_int_equal(s->rec.nviolations, 1);
}

/* CREATE_VCPU for the caller's own APIC ID: a bad request, never BUSY (retried for ever). */
static void create_vcpu_must_refuse_the_callers_cpu(void **state)
{
	struct sim *s = *state;
	struct sim_call *c = begin(s, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);                /* another CPU's: may be busy */
	assert_clean(s);
	c->r8 = (uint64_t)0xffffffff << 32 | s->m.vcpu[0].apic_id;  /* the caller's: R8[31:0] */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);     /* an address checked first */
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_REQUEST);
	install_vcpu(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "create-vcpu-refuses-own-cpu"), 3);
	assert_int_equal(s->rec.nviolations, 3);
}

/* DELETE_VCPU of the caller's own VMSA (any address in its page): INVALID_PARAMETER. */
static void delete_vcpu_must_refuse_the_callers_vmsa(void **state)
{
	struct sim *s = *state;
	uint64_t own = s->sv.vcpus[0].vmsa_gpa;
	struct sim_call *c = begin(s, SVSM_CORE_DELETE_VCPU, own, 0);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);
	c->rcx = own + 8;
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(violations_of(s, "delete-vcpu-refuses-own-vmsa"), 2);
	c->rcx = own + PAGE_SIZE;                                  /* the next page: not its own */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(s->rec.nviolations, 2);
}

static void delete_vcpu_must_return_the_page(void **state)
{
	struct sim *s = *state;
	begin(s, SVSM_CORE_DELETE_VCPU, PAGE_A, 0);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                 /* the guest's: right */
	ghost_set_owner(&s->ghost, PAGE_A >> PAGE_SHIFT, OWNER_VMSA);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);   /* refused: still a VMSA */
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "delete-vcpu-returns-page"), 1);
	assert_int_equal(s->rec.nviolations, 1);
}

/* After FAIL_INUSE (BUSY) the VMSA stays, and must still be runnable (EFER.SVME). */
static void delete_vcpu_busy_must_keep_the_vcpu(void **state)
{
	struct sim *s = *state;
	uint64_t spa = npt_lookup(&s->m, PAGE_A);
	begin(s, SVSM_CORE_DELETE_VCPU, PAGE_A, 0);
	ghost_set_owner(&s->ghost, PAGE_A >> PAGE_SHIFT, OWNER_VMSA);
	entry_of(s, PAGE_A)->vmsa = true;
	vmsa_set(&s->m, spa, VMSA_EFER, 8, EFER_SVME);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);                /* restored: right */
	assert_clean(s);
	vmsa_set(&s->m, spa, VMSA_EFER, 8, 0);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);     /* not BUSY: nothing said */
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);
	assert_int_equal(violations_of(s, "delete-vcpu-busy-keeps-vcpu"), 1);
	entry_of(s, PAGE_A)->vmsa = false;                          /* no longer a VMSA: nothing runs */
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);
	assert_int_equal(s->rec.nviolations, 1);
}

static void remap_ca_must_install_the_caa(void **state)
{
	struct sim *s = *state;
	begin(s, SVSM_CORE_REMAP_CA, PAGE_B, 0);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);     /* refused: nothing promised */
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                 /* still the guest's page */
	assert_int_equal(violations_of(s, "remap-ca-installs-caa"), 1);
	ghost_set_owner(&s->ghost, PAGE_B >> PAGE_SHIFT, OWNER_CAA);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(s->rec.nviolations, 1);
}

/* RCX as the guest will read it: in the save area it runs. */
static void answer_rcx(struct sim *s, uint64_t rcx)
{
	vmsa_set(&s->m, s->m.vcpu[0].vmsa_spa, VMSA_RCX, 8, rcx);
}

static void query_protocol_must_answer(void **state)
{
	struct sim *s = *state;
	begin(s, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0);
	answer_rcx(s, CORE_V1_ANSWER);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	begin(s, SVSM_CORE_QUERY_PROTOCOL, CORE_V1 + 1, 0);        /* version 2: not implemented */
	answer_rcx(s, 0);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_clean(s);
	answer_rcx(s, CORE_V1_ANSWER);                               /* claims version 2 */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	begin(s, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0);
	answer_rcx(s, 0);                                            /* denies version 1 */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	answer_rcx(s, CORE_V1_ANSWER);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);   /* QUERY_PROTOCOL always succeeds */
	assert_int_equal(violations_of(s, "query-protocol-answers"), 3);
}

static void configure_vtom_must_answer(void **state)
{
	struct sim *s = *state;
	begin(s, SVSM_CORE_CONFIGURE_VTOM, 1, 0);                   /* a query */
	answer_rcx(s, 0);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	begin(s, SVSM_CORE_CONFIGURE_VTOM, 0x1000, 0);              /* configure: refused */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);
	assert_clean(s);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                  /* claims to configure */
	begin(s, SVSM_CORE_CONFIGURE_VTOM, 1, 0);
	answer_rcx(s, 1);                                            /* claims a vTOM setting */
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "configure-vtom-answers"), 2);
}

/* Results go to the caller's save area, before call_pending is cleared. */
static void results_must_reach_the_caller_first(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	struct sim_call *c = begin(s, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0);
	uint8_t b[8] = { 0 };
	hal_vmsa_write(&cpu, c->vmsa_gpa, VMSA_RAX, b, sizeof(b));
	hal_vmsa_write(&cpu, PAGE_A, VMSA_EFER, b, sizeof(b));      /* not a result register */
	hal_caa_clear_pending(&cpu, c->caa_gpa);
	answer_rcx(s, CORE_V1_ANSWER);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_clean(s);
	/* Into another vCPU's save area. */
	c = begin(s, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0);
	hal_vmsa_write(&cpu, PAGE_A, VMSA_RDX, b, sizeof(b));
	hal_caa_clear_pending(&cpu, c->caa_gpa);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "result-registers"), 1);
	/* After call_pending was cleared. */
	c = begin(s, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0);
	hal_caa_clear_pending(&cpu, c->caa_gpa);
	hal_vmsa_write(&cpu, c->vmsa_gpa, VMSA_RAX, b, sizeof(b));
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "result-registers"), 2);
	assert_int_equal(s->rec.nviolations, 2);
	c->active = false;
}

/* An error path must undo what the call did to a page; what others did is not its doing. */
static void refused_call_must_change_nothing(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	unsigned vmpl = s->m.guest_vmpl;
	begin(s, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B);
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(vmpl, 0));          /* revoke to check */
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(vmpl, PERM_ALL));   /* give back */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);
	assert_clean(s);
	begin(s, SVSM_CORE_CREATE_VCPU, PAGE_A, PAGE_B);
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(vmpl, 0));          /* never given back */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(violations_of(s, "error-changes-nothing"), 1);
	/* An owner left changed: the VMSA transfer of DELETE_VCPU's page, then an error. */
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(vmpl, PERM_ALL));
	begin(s, SVSM_CORE_DELETE_VCPU, PAGE_A, 0);
	hal_ghost_own(&cpu, PAGE_A, OWNER_VMSA);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);
	assert_int_equal(violations_of(s, "error-changes-nothing"), 2);
	assert_int_equal(s->rec.nviolations, 2);
	/* The same change made by another vCPU's call while this one ran: not this call's. */
	hal_ghost_own(&cpu, PAGE_A, OWNER_GUEST);
	begin(s, SVSM_CORE_REMAP_CA, PAGE_A, 0);
	struct hal_cpu other = { s, 1 };
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(vmpl, 0));
	hal_rmpadjust(&other, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(vmpl, 0));
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(s->rec.nviolations, 2);
	s->calls[0].active = false;
}

/* The correct module's own answers keep every contract (a real call each). */
static void real_calls_keep_their_contracts(void **state)
{
	struct sim *s = *state;
	struct guest_result out;
	assert_int_equal(core_call(s, 0, SVSM_CORE_QUERY_PROTOCOL, CORE_V1, 0, 0, &out), SVSM_SUCCESS);
	assert_int_equal(out.rcx, CORE_V1_ANSWER);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CONFIGURE_VTOM, 1, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(core_call(s, 0, SVSM_CORE_CONFIGURE_VTOM, 0, 0, 0, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(core_call(s, 0, SVSM_CORE_REMAP_CA, PAGE_B, 0, 0, NULL), SVSM_SUCCESS);
	assert_int_equal(owner_at(s, PAGE_B), OWNER_CAA);
	assert_int_equal(create_good_vcpu(s, PAGE_A, PAGE_B, s->m.vcpu[0].apic_id),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(core_call(s, 0, SVSM_CORE_DELETE_VCPU, s->sv.vcpus[0].vmsa_gpa, 0, 0, NULL),
	                 SVSM_ERR_INVALID_PARAMETER);
	assert_clean(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(create_vcpu_must_install_the_vmsa, setup, teardown),
		cmocka_unit_test_setup_teardown(create_vcpu_must_keep_the_features, setup, teardown),
		cmocka_unit_test_setup_teardown(create_vcpu_must_refuse_the_callers_cpu, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_vcpu_must_refuse_the_callers_vmsa, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_vcpu_must_return_the_page, setup, teardown),
		cmocka_unit_test_setup_teardown(delete_vcpu_busy_must_keep_the_vcpu, setup, teardown),
		cmocka_unit_test_setup_teardown(remap_ca_must_install_the_caa, setup, teardown),
		cmocka_unit_test_setup_teardown(query_protocol_must_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(configure_vtom_must_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(results_must_reach_the_caller_first, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_call_must_change_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(real_calls_keep_their_contracts, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
