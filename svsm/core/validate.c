/*
 * validate.c: the two page sequences behind PVALIDATE (see validate.h).
 *
 * Both are written against a hypervisor that may act between any two HAL
 * calls: it may bind the GPA to another system page, or take a page away
 * (RMPUPDATE clears its validated bit and its permissions). It cannot
 * validate a page or grant access: only the module, at VMPL0, can. One
 * rule about the validated bitmap makes the sequences safe:
 *
 *   while a GPA's bit is clear, no validated system page is bound to it.
 *
 * So the bit is set the moment PVALIDATE has set a validated bit, and is
 * cleared only when a rescind really cleared one (CF=0). Validating a GPA
 * whose bit is set is refused, so no GPA ever gets two validated system
 * pages, which the hypervisor could swap to replay old contents. And as
 * each GPA has at most one validated page behind it, the zero and the
 * grant below reach the page PVALIDATE validated, or fault.
 */
#include "core.h"
#include "pages.h"
#include "validate.h"

/* Did PVALIDATE leave the validated bit as it was (rFLAGS.CF = 1)? */
static bool unchanged(const struct svsm *sv, struct hw_result r)
{
	/*
	 * BUG 5 (pvalidate-cf-lost): the code after PVALIDATE ran an
	 * instruction that rewrote rFLAGS before CF was read, so CF always
	 * read as 0 and "nothing changed" was never noticed. Record:
	 * linux-svsm commit 4b2cab1ace89; COCONUT-SVSM PR #209 (commit
	 * ac6f804e7f1f).
	 */
	if (svsm_bug(sv, BUG_PVALIDATE_CF_LOST))
		return false;
	return r.cf != 0;
}

/*
 * A page we validated but could not zero or grant: its contents may be
 * anyone's (the hypervisor may have bound the module's own secret page to
 * this GPA just before we validated it). The guest must not get it as it
 * is, so the module keeps it in its pool. The only way out of the pool is
 * WITHDRAW_MEM, which zeroes the page first.
 */
static void quarantine(struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		hal_ghost_own(cpu, gpa + off, OWNER_MODULE);
		pool_add(sv, gpa + off);
	}
}

/*
 * Step 3 of guest_validate(): zero every 4K page of the range. If one
 * cannot be zeroed, the whole range goes to quarantine.
 */
static uint32_t zero_before_grant(struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                                  uint64_t len)
{
	/*
	 * BUG 1 (no-zero-after-validate): the old code granted the page
	 * without zeroing it, and the guest read the old contents. Record:
	 * COCONUT-SVSM PR #45 (commit 10a1826c00df); linux-svsm commit
	 * 0de111e9b85a ("protocols/core: Clear page after PVALIDATE of the
	 * page").
	 */
	if (svsm_bug(sv, BUG_NO_ZERO_AFTER_VALIDATE))
		return SVSM_SUCCESS;
	for (uint64_t off = 0; off < len; off += PAGE_SIZE) {
		struct hw_result r = hal_zero_page(cpu, gpa + off);
		if (!hw_succeeded(r)) {
			quarantine(sv, cpu, gpa, len);
			return svsm_error(r, true);
		}
	}
	return SVSM_SUCCESS;
}

uint32_t guest_validate(struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                        unsigned size, bool ignore_cf)
{
	uint64_t len = psize_bytes(size);
	uint32_t if_unchanged = ignore_cf ? SVSM_SUCCESS : SVSM_PVALIDATE_FAIL_UNCHANGED;

	/*
	 * 1. Ask the bitmap before the hardware. If the hypervisor bound
	 * this GPA to a fresh page, PVALIDATE would happily validate it while
	 * the old validated page stays behind: the bitmap remembers that the
	 * GPA is taken. A range that is only partly validated is refused
	 * outright: validating it would validate some GPAs twice.
	 */
	switch (validated_in(sv, gpa, len)) {
	case COVER_ALL:
		return if_unchanged;
	case COVER_SOME:
		return SVSM_ERR_INVALID_PARAMETER;
	case COVER_NONE:
		break;
	}

	/*
	 * 2. Validate. CF=1 means the page was validated already, though not
	 * by us for the guest (a page of the module's own memory, say): we
	 * did nothing, so there is nothing to zero or grant.
	 */
	struct hw_result r = hal_pvalidate(cpu, gpa, size, true);
	if (!hw_succeeded(r))
		return svsm_error(r, true);
	if (unchanged(sv, r))
		return if_unchanged;
	mark_validated(sv, gpa, len, true);

	/*
	 * 3. Zero, before any grant. Validation does not clear a page: it
	 * still holds whatever its system page held, and the hypervisor
	 * chooses which system page that is.
	 */
	uint32_t rc = zero_before_grant(sv, cpu, gpa, len);
	if (rc != SVSM_SUCCESS)
		return rc;

	/* 4. Only now may the guest's VMPL read and write the page. */
	r = hal_rmpadjust(cpu, gpa, size, RMPADJUST_ATTRS(sv->p.guest_vmpl, PERM_ALL));
	if (!hw_succeeded(r)) {
		quarantine(sv, cpu, gpa, len);
		return svsm_error(r, true);
	}
	return SVSM_SUCCESS;
}

uint32_t guest_rescind(struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                       unsigned size, bool ignore_cf)
{
	uint64_t len = psize_bytes(size);
	uint32_t if_unchanged = ignore_cf ? SVSM_SUCCESS : SVSM_PVALIDATE_FAIL_UNCHANGED;

	/*
	 * 1. Revoke first. PVALIDATE changes only the validated bit, not the
	 * permissions: a page rescinded with the guest's permissions still in
	 * place would get them back the moment it is validated again, before
	 * guest_validate() zeroed it. #VC 0x404 here means the page is not
	 * validated: nothing to rescind.
	 */
	struct hw_result r = hal_rmpadjust(cpu, gpa, size, RMPADJUST_ATTRS(sv->p.guest_vmpl, 0));
	if (r.fault == FAULT_VC && r.code == VC_PAGE_NOT_VALIDATED)
		return if_unchanged;
	if (!hw_succeeded(r))
		return svsm_error(r, true);

	/*
	 * 2. Rescind. Only CF=0 proves that a validated page was behind the
	 * GPA and is not any more; after CF=1 (the hypervisor swapped the page
	 * in between) the bit stays set, so that the GPA cannot be validated
	 * a second time.
	 */
	r = hal_pvalidate(cpu, gpa, size, false);
	if (!hw_succeeded(r))
		return svsm_error(r, true);
	if (unchanged(sv, r))
		return if_unchanged;
	mark_validated(sv, gpa, len, false);
	return SVSM_SUCCESS;
}
