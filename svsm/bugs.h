/*
 * bugs.h: switches for real, historical SVSM bugs.
 *
 * Each switch puts one published bug back into the module so that students
 * can watch the checks catch it. The numbers follow the catalog (see
 * explorer/catalog/ and docs/bugs.md); all are off in the correct module.
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
