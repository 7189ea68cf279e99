/*
 * test_ghost.c: each run-time check fires on the state it guards against,
 * and stays quiet on the state next to it. The tests call the HAL the way
 * the module would, on a booted machine.
 */
#include "sim_fixture.h"

#define SECRETS_GPA 0x1000ull
#define SPARE_GPA   0x3000ull   /* a module page the module does not use */

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

static void boot_is_clean(void **state)
{
	struct sim *s = *state;
	assert_clean(s);
	assert_int_equal(s->ghost.owner[SECRETS_GPA >> PAGE_SHIFT], OWNER_MODULE);
	assert_int_equal(s->ghost.owner[0x2000 >> PAGE_SHIFT], OWNER_VMSA);
	assert_int_equal(s->ghost.owner[0x8000 >> PAGE_SHIFT], OWNER_CAA);
	assert_int_equal(s->ghost.owner[PAGE_A >> PAGE_SHIFT], OWNER_GUEST);
}

/* Re-bind the SPA of the module's secrets page to guest GPA `to`, unvalidated. */
static void hv_rebind_secrets(struct sim *s, uint64_t to)
{
	struct hal_cpu cpu = { s, 0 };
	/* As in the real attack, the guest gave the page up first. */
	hal_rmpadjust(&cpu, to, PSIZE_4K, RMPADJUST_ATTRS(1, 0));
	hal_pvalidate(&cpu, to, PSIZE_4K, false);
	uint64_t spa = npt_lookup(&s->m, SECRETS_GPA);
	struct rmp_update u = { .assigned = true, .asid = s->m.asid, .gpa = to };
	assert_int_equal(machine_rmpupdate(&s->m, spa, &u), 0);
	npt_map(&s->m, to, spa);
}

static void grant_of_secret_bytes_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hv_rebind_secrets(s, PAGE_A);
	assert_true(hw_succeeded(hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, true)));
	assert_int_equal(s->rec.nviolations, 0);
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, PERM_ALL));
	assert_int_equal(violations_of(s, "page-public-to-vmpl"), 1);
	assert_int_equal(violations_of(s, "confidentiality"), 1);
	const struct violation *v = &s->rec.violations[0];
	assert_string_equal(v->site.file, __FILE__);
	assert_non_null(strstr(v->site.text, "rmpadjust("));
	assert_non_null(strstr(v->message, "{VMPL0}"));
}

/* The hardware refuses a grant of a page that is not validated: nothing leaks, no report. */
static void refused_grant_takes_its_report_back(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hv_rebind_secrets(s, PAGE_A);   /* secret bytes at PAGE_A, not validated */
	struct hw_result r = hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, PERM_ALL));
	assert_int_equal(r.fault, FAULT_VC);
	assert_int_equal(s->rec.nviolations, 0);
	/* Once validated, the same grant goes through, and is reported. */
	assert_true(hw_succeeded(hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, true)));
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, PERM_ALL));
	assert_int_equal(violations_of(s, "page-public-to-vmpl"), 1);
}

static void grant_after_zeroing_is_quiet(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hv_rebind_secrets(s, PAGE_A);
	hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, true);
	assert_true(hw_succeeded(hal_zero_page(&cpu, PAGE_A)));
	assert_true(hw_succeeded(hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, PERM_ALL))));
	assert_clean(s);
}

static void invariant_reported_once_while_it_lasts(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hv_rebind_secrets(s, PAGE_A);
	hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, true);
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, PERM_R));
	hal_zero_page(&cpu, PAGE_B);   /* more steps while the breach lasts */
	hal_zero_page(&cpu, PAGE_C);
	assert_int_equal(violations_of(s, "confidentiality"), 1);
	hal_zero_page(&cpu, PAGE_A);   /* the secret is gone: the breach ends */
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, 0));
	hv_rebind_secrets(s, PAGE_B);  /* its bytes are public now: no new breach */
	assert_int_equal(violations_of(s, "confidentiality"), 1);
}

static void grant_on_module_page_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hal_zero_page(&cpu, SPARE_GPA);   /* public bytes: only ownership is wrong */
	hal_rmpadjust(&cpu, SPARE_GPA, PSIZE_4K, RMPADJUST_ATTRS(1, PERM_R));
	assert_int_equal(violations_of(s, "grant-only-guest-pages"), 1);
	assert_int_equal(violations_of(s, "module-integrity"), 1);
	assert_int_equal(violations_of(s, "page-public-to-vmpl"), 0);
}

static void rescind_of_module_page_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hal_pvalidate(&cpu, SPARE_GPA, PSIZE_4K, false);
	assert_int_equal(violations_of(s, "rescind-only-guest-pages"), 1);
	hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, false);   /* a guest page: fine */
	assert_int_equal(s->rec.nviolations, 1);
	assert_int_equal(s->ghost.owner[PAGE_A >> PAGE_SHIFT], OWNER_SHARED);
}

static void second_validation_of_a_gpa_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	/* PAGE_A stays validated at its SPA; the hypervisor binds PAGE_B's SPA to it too. */
	uint64_t spa_b = npt_lookup(&s->m, PAGE_B);
	struct rmp_update u = { .assigned = true, .asid = s->m.asid, .gpa = PAGE_A };
	assert_int_equal(machine_rmpupdate(&s->m, spa_b, &u), 0);
	npt_map(&s->m, PAGE_A, spa_b);
	assert_true(hw_succeeded(hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, true)));
	assert_int_equal(violations_of(s, "pvalidate-no-double"), 1);
	assert_int_equal(violations_of(s, "no-double-validation"), 1);
}

static void guest_input_read_twice_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	uint8_t buf[16];
	s->calls[0].active = true;
	hal_read_guest(&cpu, REQ_GPA, buf, 8);
	hal_read_guest(&cpu, REQ_GPA + 8, buf, 16);   /* next to it: fine */
	assert_int_equal(s->rec.nviolations, 0);
	hal_read_guest(&cpu, REQ_GPA + 4, buf, 2);    /* inside the first read */
	assert_int_equal(violations_of(s, "guest-input-read-once"), 1);
	s->calls[0].active = false;
}

/* vCPU 0's call is a PVALIDATE of the request at REQ_GPA, beginning now; its request is zero. */
static struct sim_call *pvalidate_call_begins(struct sim *s)
{
	struct sim_call *c = &s->calls[0];
	memset(c, 0, sizeof(*c));
	c->rax = SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE);
	c->rcx = REQ_GPA;
	c->request_valid = true;
	c->first_step = s->rec.step;
	ghost_call_begin(GHOST(s), c);   /* the owners when it began, as sim.c takes them */
	return c;
}

/*
 * A list with more entries than its page has room for: the call must not
 * answer SUCCESS or make a PVALIDATE. The contract is judged on the
 * request as it was when the call began (s->calls) and on the call's events.
 */
static void bad_list_taken_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	struct sim_call *c = pvalidate_call_begins(s);
	unsigned over = (PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE + 1;
	c->request[PVREQ_ENTRIES] = (uint8_t)over;
	c->request[PVREQ_ENTRIES + 1] = (uint8_t)(over >> 8);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);   /* refused: right */
	assert_int_equal(s->rec.nviolations, 0);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	assert_int_equal(violations_of(s, "pvalidate-refuses-bad-list"), 1);
	/* An error after a PVALIDATE: the list was taken all the same. */
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, 0));
	hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, false);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_PARAMETER);
	assert_int_equal(violations_of(s, "pvalidate-refuses-bad-list"), 2);
	memset(c, 0, sizeof(*c));
}

/* The guest's list at REQ_GPA says next = next when the call returns. */
static void list_next_is(struct sim *s, unsigned next)
{
	uint8_t b[2] = { (uint8_t)next, (uint8_t)(next >> 8) };
	struct hw_result r = machine_write(&s->m, 0, REQ_GPA + PVREQ_NEXT, true, b, 2, LABEL_PUBLIC);
	assert_int_equal(r.fault, FAULT_NONE);
}

/*
 * A list of three entries from entry 1: SUCCESS must leave next = 3, an
 * error must leave next at the entry that failed (1 or 2). Judged on the
 * request as it was when the call began and on next in the guest's page
 * when the call returns.
 */
static void progress_left_unreported_fires(void **state)
{
	struct sim *s = *state;
	struct sim_call *c = pvalidate_call_begins(s);
	c->request[PVREQ_ENTRIES] = 3;
	c->request[PVREQ_NEXT] = 1;
	list_next_is(s, 3);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                  /* all done: right */
	list_next_is(s, 2);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);      /* entry 2 failed: right */
	assert_int_equal(s->rec.nviolations, 0);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                  /* entry 2 not done */
	assert_int_equal(violations_of(s, "pvalidate-reports-progress"), 1);
	list_next_is(s, 3);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);      /* which entry failed? */
	list_next_is(s, 0);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);      /* before where it began */
	assert_int_equal(violations_of(s, "pvalidate-reports-progress"), 3);
	memset(c, 0, sizeof(*c));
}

/* The call made a PVALIDATE of gpa on vCPU 0, as the HAL records one. */
static void pvalidated(struct sim *s, uint64_t gpa)
{
	struct sim_event ev = { .actor = ACTOR_MODULE, .vcpu = 0, .op = OP_PVALIDATE,
	                        .args = { gpa, 0, 1 } };
	record_event(&s->rec, &ev);
}

static void request_entry(struct sim_call *c, unsigned i, uint64_t e)
{
	for (unsigned b = 0; b < 8; b++)
		c->request[PVREQ_HEADER_SIZE + i * PVREQ_ENTRY_SIZE + b] = (uint8_t)(e >> (8 * b));
}

/*
 * Entries A, B, C from entry 0, and the call fails at entry 1 (B): its
 * PVALIDATEs of A and B were asked for, one of C was not, unless an entry
 * up to the one that failed names C too. SUCCESS asks for every entry.
 */
static void rest_acted_on_fires(void **state)
{
	enum { A = 0x20000, B = 0x21000, C = 0x22000 };
	struct sim *s = *state;
	struct sim_call *c = pvalidate_call_begins(s);
	c->request[PVREQ_ENTRIES] = 3;
	request_entry(c, 0, A | PVENTRY_VALIDATE);
	request_entry(c, 1, B | PVENTRY_VALIDATE);
	request_entry(c, 2, C | PVENTRY_VALIDATE);
	pvalidated(s, A);
	pvalidated(s, B);
	list_next_is(s, 1);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);      /* stopped at B: right */
	assert_int_equal(s->rec.nviolations, 0);
	pvalidated(s, C);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);      /* went on to C */
	assert_int_equal(violations_of(s, "pvalidate-leaves-the-rest"), 1);
	list_next_is(s, 3);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                  /* C was asked for */
	assert_int_equal(violations_of(s, "pvalidate-leaves-the-rest"), 1);
	request_entry(c, 0, C | PVENTRY_VALIDATE);
	list_next_is(s, 1);
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);      /* entry 0 names C too */
	assert_int_equal(violations_of(s, "pvalidate-leaves-the-rest"), 1);
	assert_int_equal(s->rec.nviolations, 1);
	memset(c, 0, sizeof(*c));
}

/*
 * A refused call's failed entry (a 2M validate at 0x200000): each of its
 * pages ends the call with the owner it had when the call began, or the
 * module's. The PVALIDATE made them the guest's; the quarantine takes
 * them all, or the clause fires on the first page left out.
 */
static void failed_entry_gives_guest_nothing(void **state)
{
	enum { R = 0x200000 };
	struct sim *s = *state;
	struct ghost_state *g = GHOST(s)->state;
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		ghost_set_owner(g, (R >> PAGE_SHIFT) + i, OWNER_SHARED);
	struct sim_call *c = pvalidate_call_begins(s);
	c->request[PVREQ_ENTRIES] = 1;
	request_entry(c, 0, R | PSIZE_2M | PVENTRY_VALIDATE);
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		ghost_set_owner(g, (R >> PAGE_SHIFT) + i, OWNER_GUEST);   /* the PVALIDATE */
	list_next_is(s, 1);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);                    /* done: the guest's */
	assert_int_equal(s->rec.nviolations, 0);
	list_next_is(s, 0);
	ghost_set_owner(g, R >> PAGE_SHIFT, OWNER_MODULE);              /* the first page only */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(violations_of(s, "pvalidate-failure-holds-pages"), 1);
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		ghost_set_owner(g, (R >> PAGE_SHIFT) + i, OWNER_MODULE);  /* all 512 */
	ghost_contract(GHOST(s), 0, SVSM_ERR_INVALID_ADDRESS);
	assert_int_equal(s->rec.nviolations, 1);
	memset(c, 0, sizeof(*c));
}

/*
 * A 2M validate entry: the 2M PVALIDATE (validate) and a 2M RMPADJUST are
 * its own; a 4K PVALIDATE or RMPADJUST of its first page, a 2M PVALIDATE
 * that rescinds, and an RMPADJUST of the next 2M page are not.
 */
static void acts_on_entries_fires(void **state)
{
	enum { R = 0x200000 };
	struct sim *s = *state;
	struct sim_call *c = pvalidate_call_begins(s);
	c->active = true;
	c->request[PVREQ_ENTRIES] = 1;
	request_entry(c, 0, R | PSIZE_2M | PVENTRY_VALIDATE);
	struct hal_site site = { 0 };
	pre_asked(GHOST(s), 0, site, OP_PVALIDATE, R, PSIZE_2M, true);
	pre_asked(GHOST(s), 0, site, OP_RMPADJUST, R, PSIZE_2M, false);
	assert_int_equal(s->rec.nviolations, 0);
	pre_asked(GHOST(s), 0, site, OP_PVALIDATE, R, PSIZE_4K, true);
	pre_asked(GHOST(s), 0, site, OP_RMPADJUST, R, PSIZE_4K, false);
	pre_asked(GHOST(s), 0, site, OP_PVALIDATE, R, PSIZE_2M, false);
	pre_asked(GHOST(s), 0, site, OP_RMPADJUST, R + PAGE_SIZE_2M, PSIZE_2M, false);
	assert_int_equal(violations_of(s, "pvalidate-acts-on-entries"), 4);
	assert_int_equal(s->rec.nviolations, 4);
	/* Outside a PVALIDATE call (boot, another call) nothing is asked of an entry. */
	c->rax = SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_DEPOSIT_MEM);
	pre_asked(GHOST(s), 0, site, OP_RMPADJUST, R, PSIZE_4K, false);
	assert_int_equal(s->rec.nviolations, 4);
	memset(c, 0, sizeof(*c));
}

/*
 * A page size other than 4K or 2M, or a GPA not aligned to its size: the
 * hardware refuses it (FAIL_INPUT), and the report stays, as it judges
 * what the module asked. Well-formed operands are quiet, refused or not.
 */
static void malformed_operands_fire(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	assert_int_equal(hal_pvalidate(&cpu, PAGE_A, 3, false).rc, HW_FAIL_INPUT);
	assert_int_equal(hal_rmpadjust(&cpu, PAGE_A, 2, RMPADJUST_ATTRS(1, 0)).rc, HW_FAIL_INPUT);
	assert_int_equal(hal_pvalidate(&cpu, PAGE_A, PSIZE_2M, false).rc, HW_FAIL_INPUT);
	assert_int_equal(hal_rmpadjust(&cpu, PAGE_A + 8, PSIZE_4K, RMPADJUST_ATTRS(1, 0)).rc,
	                 HW_FAIL_INPUT);
	assert_int_equal(violations_of(s, "page-operands-checked"), 4);
	assert_int_equal(s->rec.nviolations, 4);
	hal_pvalidate(&cpu, PAGE_A, PSIZE_4K, false);
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, RMPADJUST_ATTRS(1, 0));
	hal_pvalidate(&cpu, 0, PSIZE_2M, false);   /* 2M-aligned: the hardware judges the rest */
	assert_int_equal(s->rec.nviolations, 4);
}

static void write_to_module_page_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	uint8_t b = 1;
	hal_write_guest(&cpu, PAGE_A, &b, 1);
	assert_int_equal(s->rec.nviolations, 0);
	hal_write_guest(&cpu, SPARE_GPA, &b, 1);
	assert_int_equal(violations_of(s, "write-only-guest-pages"), 1);
}

static void caa_must_be_registered_and_aligned(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	uint8_t pending;
	hal_caa_read_pending(&cpu, 0x8000, &pending);
	assert_int_equal(s->rec.nviolations, 0);
	hal_caa_read_pending(&cpu, 0x8008, &pending);
	hal_caa_clear_pending(&cpu, PAGE_A);
	assert_int_equal(violations_of(s, "caa-is-registered"), 2);
}

/* Taking a page the guest can still reach breaks the module's integrity. */
static void module_page_reachable_by_guest_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hal_ghost_own(&cpu, PAGE_B, OWNER_MODULE);
	assert_int_equal(violations_of(s, "module-integrity"), 1);
	assert_int_equal(s->rec.nviolations, 1);
}

static void ownership_transfers(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hal_ghost_own(&cpu, SPARE_GPA, OWNER_CAA);           /* module page: refused */
	assert_int_equal(violations_of(s, "caa-from-guest-page"), 1);
	assert_int_equal(s->ghost.owner[SPARE_GPA >> PAGE_SHIFT], OWNER_MODULE);
	hal_ghost_own(&cpu, PAGE_A, OWNER_VMSA);              /* guest page: allowed */
	hal_ghost_own(&cpu, PAGE_A, OWNER_CAA);               /* a VMSA: refused */
	assert_int_equal(violations_of(s, "caa-from-guest-page"), 2);
	hal_ghost_own(&cpu, PAGE_A, OWNER_GUEST);             /* back: allowed */
	hal_rmpadjust(&cpu, PAGE_B, PSIZE_4K, RMPADJUST_ATTRS(1, 0));
	hal_ghost_own(&cpu, PAGE_B, OWNER_MODULE);            /* deposit: allowed */
	hal_pvalidate(&cpu, PAGE_C, PSIZE_4K, false);
	hal_ghost_own(&cpu, PAGE_C, OWNER_MODULE);            /* not validated: refused */
	assert_int_equal(violations_of(s, "module-takes-guest-page"), 1);
	hal_ghost_own(&cpu, PAGE_C, OWNER_GUEST);             /* shared to guest: refused */
	assert_int_equal(violations_of(s, "owner-transfer"), 1);
	hal_ghost_own(&cpu, 64 * PAGE_SIZE, OWNER_GUEST);     /* past memory: refused */
	assert_int_equal(s->ghost.owner[64], OWNER_NONE);
	hal_ghost_own(&cpu, PAGE_A + 8, OWNER_GUEST);         /* unaligned: refused */
	assert_int_equal(violations_of(s, "owner-transfer"), 3);
	assert_int_equal(s->rec.nviolations, 6);
}

/* A VMSA is made from a guest or a module page, never from a CAA or another VMSA. */
static void vmsa_from_caa_or_vmsa_fires(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hal_ghost_own(&cpu, PAGE_A, OWNER_VMSA);      /* a guest page: allowed */
	hal_ghost_own(&cpu, SPARE_GPA, OWNER_VMSA);   /* a module page: allowed */
	assert_clean(s);
	hal_ghost_own(&cpu, PAGE_A, OWNER_VMSA);      /* a VMSA already: refused */
	hal_ghost_own(&cpu, 0x8000, OWNER_VMSA);      /* the boot CAA: refused */
	assert_int_equal(violations_of(s, "vmsa-from-guest-page"), 2);
	assert_int_equal(s->rec.nviolations, 2);
	assert_int_equal(s->ghost.owner[0x8000 >> PAGE_SHIFT], OWNER_CAA);
}

/* The guest writes a VMSA into page gpa; the module revokes the guest first if asked. */
static void prepare_vmsa(struct sim *s, uint64_t gpa, unsigned vmpl, bool revoke)
{
	struct hal_cpu cpu = { s, 0 };
	uint8_t page[PAGE_SIZE];
	guest_build_vmsa(page, vmpl, EFER_SVME, 1, 0);
	assert_int_equal(guest_write(s, gpa, page, PAGE_SIZE).fault, FAULT_NONE);
	if (revoke)
		hal_rmpadjust(&cpu, gpa, PSIZE_4K, RMPADJUST_ATTRS(1, 0));
}

static void vmsa_install_checks(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	const uint64_t vmsa_bits = RMPADJUST_ATTRS(1, PERM_R) | RMPADJUST_VMSA;
	prepare_vmsa(s, PAGE_A, 1, true);
	hal_rmpadjust(&cpu, PAGE_A, PSIZE_4K, vmsa_bits);
	assert_clean(s);
	prepare_vmsa(s, PAGE_B, 1, false);                    /* guest still writes it */
	hal_rmpadjust(&cpu, PAGE_B, PSIZE_4K, vmsa_bits);
	assert_int_equal(violations_of(s, "vmsa-revoked-first"), 1);
	prepare_vmsa(s, PAGE_C, 0, true);                     /* a VMPL0 save area */
	hal_rmpadjust(&cpu, PAGE_C, PSIZE_4K, vmsa_bits);
	assert_int_equal(violations_of(s, "vmsa-contents-checked"), 1);
	assert_int_equal(violations_of(s, "vmsa-safety"), 1);
}

/*
 * A call returns SUCCESS, one of the SVSM errors or one of PVALIDATE's own
 * codes; anything else means nothing to the guest. The contract is judged
 * on the result alone, whatever the call was.
 */
static void undefined_result_code_fires(void **state)
{
	struct sim *s = *state;
	struct sim_call *c = &s->calls[0];
	/* A call number past the core calls: no contract of its own, only this one. */
	c->rax = SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_NCALLS);
	ghost_contract(GHOST(s), 0, SVSM_SUCCESS);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY);                   /* the last SVSM error */
	ghost_contract(GHOST(s), 0, SVSM_PVALIDATE_FAIL_UNCHANGED);
	assert_int_equal(s->rec.nviolations, 0);
	ghost_contract(GHOST(s), 0, SVSM_ERR_BUSY + 1);               /* past the SVSM errors */
	ghost_contract(GHOST(s), 0, 1);                               /* neither success nor error */
	assert_int_equal(violations_of(s, "result-code-defined"), 2);
	assert_int_equal(s->rec.violations[0].kind, VIOLATION_CONTRACT);
	assert_string_equal(s->rec.violations[0].message, "the call returned 0x80000008");
}

static void locks(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hal_lock_t l = { 0 };
	hal_lock(&cpu, &l);
	hal_unlock(&cpu, &l);
	assert_int_equal(s->rec.nviolations, 0);
	hal_lock(&cpu, &l);
	hal_lock(&cpu, &l);
	assert_int_equal(violations_of(s, "lock-not-held"), 1);
	hal_unlock(&cpu, &l);
	hal_unlock(&cpu, &l);
	assert_int_equal(violations_of(s, "unlock-own-lock"), 1);
}

static void report_is_verus_style(void **state)
{
	struct sim *s = *state;
	struct hal_cpu cpu = { s, 0 };
	hal_pvalidate(&cpu, SPARE_GPA, PSIZE_4K, false);
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	assert_non_null(out);
	assert_int_equal(report_all(out, &s->rec), 1);
	fclose(out);
	assert_non_null(strstr(text, "error: precondition not satisfied\n"));
	assert_non_null(strstr(text, "  --> " __FILE__ ":"));
	assert_non_null(strstr(text, "hal_pvalidate(&cpu, SPARE_GPA"));   /* the source line */
	assert_non_null(strstr(text, "^^^^^^^^^^^^^"));
	assert_non_null(strstr(text, "  ::: clause rescind-only-guest-pages\n"));
	assert_non_null(strstr(text, "   = help: "));
	free(text);
}

/*
 * A check names its clause by number (enum clause_id), and report_clause()
 * takes the name and kind from that row of the clause table. So a check
 * cannot report a name the table lacks: report_clause(..., "new-clause", ...)
 * does not compile. What the build does not catch is a number with no row
 * (a new enum value, a hole in the table) or two rows with one name, so
 * this test reports every number, as a check would, and looks up the name
 * that was recorded. (Firing every clause from scenarios would miss one
 * that no scenario reaches yet; the numbers cover them all.)
 */
static void every_reported_clause_is_documented(void **state)
{
	struct sim *s = *state;
	unsigned n;
	const struct clause *table = clause_table(&n);
	assert_int_equal(n, CLAUSE_COUNT);
	assert_true(CLAUSE_COUNT <= RECORD_MAX_VIOLATIONS);
	for (unsigned id = 0; id < CLAUSE_COUNT; id++) {
		report_clause(&s->rec, (enum clause_id)id, (struct hal_site){ 0 }, 0, "clause %u", id);
		const struct violation *v = &s->rec.violations[id];
		if (!v->clause)
			fail_msg("clause number %u has no row in the table", id);
		assert_ptr_equal(clause_find(v->clause), &table[id]);
		assert_int_equal(v->kind, table[id].kind);
		assert_true(strlen(table[id].protects) > 20);
	}
	assert_int_equal(s->rec.nviolations, CLAUSE_COUNT);
	assert_null(clause_find("no-such-clause"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(boot_is_clean, setup, teardown),
		cmocka_unit_test_setup_teardown(grant_of_secret_bytes_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(refused_grant_takes_its_report_back, setup, teardown),
		cmocka_unit_test_setup_teardown(grant_after_zeroing_is_quiet, setup, teardown),
		cmocka_unit_test_setup_teardown(invariant_reported_once_while_it_lasts, setup, teardown),
		cmocka_unit_test_setup_teardown(grant_on_module_page_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(rescind_of_module_page_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(second_validation_of_a_gpa_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(guest_input_read_twice_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_list_taken_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(progress_left_unreported_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(rest_acted_on_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(failed_entry_gives_guest_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(acts_on_entries_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_operands_fire, setup, teardown),
		cmocka_unit_test_setup_teardown(write_to_module_page_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(caa_must_be_registered_and_aligned, setup, teardown),
		cmocka_unit_test_setup_teardown(module_page_reachable_by_guest_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(ownership_transfers, setup, teardown),
		cmocka_unit_test_setup_teardown(vmsa_from_caa_or_vmsa_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(vmsa_install_checks, setup, teardown),
		cmocka_unit_test_setup_teardown(undefined_result_code_fires, setup, teardown),
		cmocka_unit_test_setup_teardown(locks, setup, teardown),
		cmocka_unit_test_setup_teardown(report_is_verus_style, setup, teardown),
		cmocka_unit_test_setup_teardown(every_reported_clause_is_documented, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
