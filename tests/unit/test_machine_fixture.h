/*
 * test_machine_fixture.h: the set-up every machine test file shares: a
 * machine on the heap (it is large) and the few steps that bring a page
 * into a known RMP state, each asserted so a broken step fails loudly.
 */
#ifndef TEST_MACHINE_FIXTURE_H
#define TEST_MACHINE_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../explorer/machine/machine.h"

#define GUEST_ASID 1u
#define BASE_2M    0x200000ull   /* first 2M-aligned SPA and GPA past page 0 */

static inline struct machine *new_machine(unsigned pages)
{
	struct machine *m = malloc(sizeof *m);
	assert_non_null(m);
	const char *why = NULL;
	struct machine_config cfg = { .pages = pages };
	assert_int_equal(machine_init(m, &cfg, &why), 0);
	return m;
}

static inline int setup_small(void **state)
{
	*state = new_machine(64);
	return 0;
}

static inline int setup_big(void **state)
{
	*state = new_machine(MACHINE_MAX_PAGES);
	return 0;
}

static inline int teardown(void **state)
{
	machine_free(*state);
	free(*state);
	return 0;
}

/* The hypervisor assigns the page at gpa (identity NPT) to the guest. */
static inline void make_private(struct machine *m, uint64_t gpa)
{
	assert_int_equal(machine_page_state_change(m, gpa, GHCB_PSC_PRIVATE), 0);
}

/* ... and the guest's VMPL0 validates it. */
static inline void make_validated(struct machine *m, uint64_t gpa)
{
	make_private(m, gpa);
	struct hw_result r = machine_pvalidate(m, 0, gpa, PSIZE_4K, true);
	assert_true(hw_succeeded(r));
	assert_int_equal(r.cf, 0);
}

/* A 2M private page at BASE_2M (needs the big machine), validated or not. */
static inline void make_private_2m(struct machine *m, bool validated)
{
	struct rmp_update u = { .assigned = true, .page_size = PSIZE_2M,
	                        .asid = GUEST_ASID, .gpa = BASE_2M };
	assert_int_equal(machine_rmpupdate(m, BASE_2M, &u), RMPUPDATE_OK);
	if (validated)
		assert_true(hw_succeeded(machine_pvalidate(m, 0, BASE_2M, PSIZE_2M, true)));
}

/* A validated page made a runnable VMSA: EFER.SVME set, then the VMSA bit from VMPL0. */
static inline void make_vmsa(struct machine *m, uint64_t gpa)
{
	make_validated(m, gpa);
	vmsa_set(m, gpa, VMSA_EFER, 8, EFER_SVME);
	assert_int_equal(machine_rmpadjust(m, 0, gpa, PSIZE_4K,
	                                   RMPADJUST_ATTRS(1, PERM_R) | RMPADJUST_VMSA).rc, HW_OK);
}

static inline void grant(struct machine *m, uint64_t gpa, unsigned target, uint8_t perms)
{
	struct hw_result r = machine_rmpadjust(m, 0, gpa, PSIZE_4K, RMPADJUST_ATTRS(target, perms));
	assert_true(hw_succeeded(r));
}

static inline const struct rmp_entry *entry(const struct machine *m, uint64_t spa)
{
	return &m->rmp[spa >> PAGE_SHIFT];
}

static inline void assert_rc(struct hw_result r, uint32_t rc)
{
	assert_int_equal(r.fault, FAULT_NONE);
	assert_int_equal(r.rc, rc);
}

static inline void assert_fault(struct hw_result r, enum hw_fault f)
{
	assert_int_equal(r.fault, f);
}

/* An #NPF that an RMP check raised (not the NPT walk), and whether it had bit. */
static inline void assert_rmp_npf(struct hw_result r, uint64_t bit)
{
	assert_int_equal(r.fault, FAULT_NPF);
	assert_true(r.code & NPF_CODE_RMP);
	assert_true(r.code & NPF_CODE_PRESENT);
	if (bit)
		assert_true(r.code & bit);
}

#endif
