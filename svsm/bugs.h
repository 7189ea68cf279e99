/*
 * bugs.h: switches for SVSM bugs: ten published ones, and one (11) that
 * the specification's checks rule out and no implementation had.
 *
 * Each switch puts one bug back into the module so that students can
 * watch the checks catch it; all are off in the correct module. A switch
 * is read in one place: the first statement of the small function that
 * computes the step or the answer the bug gets wrong,
 *
 *	if (svsm_bug(sv, BUG_X))
 *		return <what the buggy module does there>;
 *
 * under a comment "BUG n (name): what goes wrong. Record: where it was
 * fixed." The rest of the function is the correct module. The numbers
 * follow the facts sheet's list of real bugs; each bug's record, attack
 * and checks are in explorer/catalog/catalog.c and docs/bugs.md.
 */
#ifndef SVSM_BUGS_H
#define SVSM_BUGS_H

enum svsm_bug {
	BUG_NO_ZERO_AFTER_VALIDATE,  /*  1: grant access to a validated page without zeroing it */
	BUG_VMSA_BIT_BEFORE_CHECK,   /*  2: set the VMSA bit before checking the VMSA */
	BUG_CAA_MAY_BE_VMSA,         /*  3: accept a CAA that is the new VMSA page */
	BUG_CREATE_VCPU_NO_LOCK,     /*  4: CREATE_VCPU's error path races PVALIDATE */
	BUG_PVALIDATE_CF_LOST,       /*  5: PVALIDATE's carry flag is lost */
	BUG_PVALIDATE_DOUBLE_FETCH,  /*  6: request header read again for every entry */
	BUG_NO_ADDRESS_CHECK,        /*  7: GPAs inside the module's memory accepted */
	BUG_RESERVED_BITS_ACCEPTED,  /*  8: reserved bits of PVALIDATE entries ignored */
	BUG_DELETE_VCPU_INUSE,       /* 10: DELETE_VCPU ignores FAIL_INUSE */
	BUG_CREATE_VCPU_ANY_VMPL,    /* 11: CREATE_VCPU does not check VMSA.vmpl */
	BUG_REMAP_CA_UNCHECKED,      /* 12: REMAP_CA accepts an unaligned or module page */
	SVSM_NBUGS
};

#define SVSM_BUG_BIT(b) (1u << (b))

#endif
