/*
 * pages.c: address classes, the validated bitmap and the pool (see pages.h).
 *
 * Range checks are input_within (input_checks.c), which never computes
 * gpa + len: the guest chooses gpa, and gpa + len may wrap around 2^64.
 */
#include "pages.h"
#include "input_checks.h"
#include "registry.h"
#include "../lib/bitmap.h"

uint64_t psize_bytes(unsigned size)
{
	return size == PSIZE_2M ? PAGE_SIZE_2M : PAGE_SIZE;
}

bool in_guest_ram(const struct svsm *sv, uint64_t gpa, uint64_t len)
{
	return input_within(gpa, len, sv->p.guest_base, sv->p.guest_size);
}

bool in_module(const struct svsm *sv, uint64_t gpa, uint64_t len)
{
	return input_within(gpa, len, sv->p.svsm_base, sv->p.svsm_size);
}

bool rmp_target_allowed(const struct svsm *sv, uint64_t gpa, uint64_t len)
{
	/*
	 * BUG 7 (no-address-check): the old checks let pages inside the
	 * module's own memory pass, for PVALIDATE and as the new VMSA.
	 * Record: linux-svsm commit c684df34fa5a (CREATE_VCPU checked neither
	 * address); COCONUT-SVSM commit df7c78a3a6d5, PR #1073 (PVALIDATE
	 * checked only an entry's first page, so a 2M entry could reach
	 * memory that is not the guest's).
	 */
	if (svsm_bug(sv, BUG_NO_ADDRESS_CHECK))
		return in_guest_ram(sv, gpa, len) || in_module(sv, gpa, len);
	return in_guest_ram(sv, gpa, len);
}

enum coverage validated_in(const struct svsm *sv, uint64_t gpa, uint64_t len)
{
	uint64_t first = gpa >> PAGE_SHIFT, n = len >> PAGE_SHIFT, set = 0;
	for (uint64_t i = 0; i < n; i++)
		if (bitmap_test(sv->validated, SVSM_MAX_PAGES, first + i))
			set++;
	enum coverage c = set == 0 ? COVER_NONE : set == n ? COVER_ALL : COVER_SOME;
	return (enum coverage)input_lookup_heard(LOOKUP_VALIDATED, gpa, len, c);
}

void mark_validated(struct svsm *sv, uint64_t gpa, uint64_t len, bool on)
{
	uint64_t first = gpa >> PAGE_SHIFT, n = len >> PAGE_SHIFT;
	for (uint64_t i = 0; i < n; i++)
		bitmap_assign(sv->validated, SVSM_MAX_PAGES, first + i, on);
}

bool in_pool(const struct svsm *sv, uint64_t gpa)
{
	return input_lookup_heard(LOOKUP_POOL, gpa, 0,
	                          bitmap_test(sv->pool, SVSM_MAX_PAGES, gpa >> PAGE_SHIFT));
}

/* pool_count follows the bits, so adding twice counts once. */
void pool_add(struct svsm *sv, uint64_t gpa)
{
	if (in_pool(sv, gpa))
		return;
	bitmap_assign(sv->pool, SVSM_MAX_PAGES, gpa >> PAGE_SHIFT, true);
	/* The bit itself, not in_pool: a lookup is heard as the state before the call's changes. */
	if (bitmap_test(sv->pool, SVSM_MAX_PAGES, gpa >> PAGE_SHIFT))
		sv->pool_count++;
}

void pool_remove(struct svsm *sv, uint64_t gpa)
{
	if (!in_pool(sv, gpa))
		return;
	bitmap_assign(sv->pool, SVSM_MAX_PAGES, gpa >> PAGE_SHIFT, false);
	sv->pool_count--;
}

bool pool_first(const struct svsm *sv, uint64_t *gpa)
{
	for (uint64_t page = 0; page < SVSM_MAX_PAGES; page++)
		if (bitmap_test(sv->pool, SVSM_MAX_PAGES, page)) {
			*gpa = page << PAGE_SHIFT;
			return true;
		}
	return false;
}

bool held_by_module(const struct svsm *sv, uint64_t gpa, uint64_t len)
{
	for (uint64_t off = 0; off < len; off += PAGE_SIZE)
		if (is_vmsa(sv, gpa + off) || is_caa(sv, gpa + off) || in_pool(sv, gpa + off))
			return true;
	return false;
}
