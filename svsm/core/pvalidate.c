/*
 * pvalidate.c: core call 1, PVALIDATE.
 *
 * The guest cannot run PVALIDATE below VMPL0, so it asks the module to
 * validate or rescind its pages. RCX is the GPA of a page list
 * (pagelist.h); each entry names a 4K or 2M page, the action (bit 2:
 * validate) and whether "nothing changed" is an error (bit 3: ignore_cf).
 * Entries are done in order; the first error stops the call, and `next`
 * in the list tells the guest which entry failed.
 *
 * Runs under sv->lock (dispatch.c).
 */
#include "core.h"
#include "pagelist.h"
#include "pages.h"
#include "validate.h"
#include "../lib/mem.h"

/* Check one entry, then validate or rescind the page it names. */
static uint32_t pvalidate_entry(struct svsm *sv, struct hal_cpu *cpu, uint64_t e)
{
	unsigned size = PVENTRY_SIZE(e);
	uint64_t gpa = PVENTRY_GFN(e) << PAGE_SHIFT;
	bool ignore_cf = (e & PVENTRY_IGNORE_CF) != 0;

	if (!svsm_bug(sv, BUG_RESERVED_BITS_ACCEPTED)) {
		/*
		 * Bug 8 (COCONUT-SVSM review fixes, 2026): with the switch on,
		 * this check is skipped and an entry with reserved bits set is
		 * processed. Refusing them keeps the bits free for the
		 * specification to give a meaning later.
		 */
		if (e & PVENTRY_RESERVED)
			return SVSM_ERR_INVALID_PARAMETER;
	}
	if (size != PSIZE_4K && size != PSIZE_2M)
		return SVSM_ERR_INVALID_PARAMETER;
	uint64_t len = psize_bytes(size);
	if (gpa & (len - 1))
		return SVSM_ERR_INVALID_ADDRESS;

	/*
	 * The range must be the guest's: the RMP cannot tell the module's
	 * pages from the guest's (both belong to the same guest), so
	 * PVALIDATE would rescind the module's own memory if asked.
	 */
	bool allowed = in_guest_ram(sv, gpa, len);
	if (svsm_bug(sv, BUG_NO_ADDRESS_CHECK)) {
		/*
		 * Bug 7 (linux-svsm address-validation fixes): the old check
		 * asked only whether the range was memory the module knows,
		 * so pages inside the module's own memory passed.
		 */
		allowed = allowed || in_module(sv, gpa, len);
	}
	if (!allowed)
		return SVSM_ERR_INVALID_ADDRESS;
	/* Registered VMSAs and CAAs and the pool are the module's while it holds them. */
	if (held_by_module(sv, gpa, len))
		return SVSM_ERR_INVALID_ADDRESS;

	if (e & PVENTRY_VALIDATE)
		return guest_validate(sv, cpu, gpa, size, ignore_cf);
	return guest_rescind(sv, cpu, gpa, size, ignore_cf);
}

uint32_t core_pvalidate(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	struct page_list l;
	uint8_t list[PAGE_LIST_MAX * PVREQ_ENTRY_SIZE];
	uint32_t rc = page_list_open(sv, cpu, c->rcx, &l);
	if (rc != SVSM_SUCCESS)
		return rc;

	/*
	 * Bug 6 (found by reading linux-svsm): the old loop re-read the
	 * header and each entry from guest memory on every iteration, after
	 * the bounds had been checked once. Another guest vCPU can raise
	 * `entries` in between and walk the module off the end of the page.
	 */
	bool refetch = svsm_bug(sv, BUG_PVALIDATE_DOUBLE_FETCH);
	if (!refetch) {
		rc = page_list_fetch(cpu, &l, list);
		if (rc != SVSM_SUCCESS)
			return rc;
	}

	unsigned first = l.next;
	for (unsigned i = first; i < l.entries; i++) {
		uint8_t raw[PVREQ_ENTRY_SIZE];
		const uint8_t *entry = list + (size_t)(i - first) * PVREQ_ENTRY_SIZE;
		if (refetch) {
			/* Bug 6: a second read of the header, and of this entry. */
			uint8_t header[PVREQ_HEADER_SIZE];
			struct hw_result r = hal_read_guest(cpu, l.gpa, header, sizeof(header));
			if (r.fault != FAULT_NONE)
				return SVSM_ERR_INVALID_ADDRESS;
			l.entries = load_le16(header + PVREQ_ENTRIES);
			r = hal_read_guest(cpu, page_list_entry_gpa(&l, i), raw, sizeof(raw));
			if (r.fault != FAULT_NONE)
				return SVSM_ERR_INVALID_ADDRESS;
			entry = raw;
		}

		rc = pvalidate_entry(sv, cpu, load_le64(entry));
		if (rc != SVSM_SUCCESS)
			return rc;
		rc = page_list_set_next(cpu, &l, i + 1);
		if (rc != SVSM_SUCCESS)
			return rc;
	}
	return SVSM_SUCCESS;
}
