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
#include "input_checks.h"
#include "pagelist.h"
#include "pages.h"
#include "validate.h"
#include "../lib/mem.h"

/* Are the entry's reserved bits (11:4) clear? */
static bool reserved_bits_clear(const struct svsm *sv, uint64_t e)
{
	/*
	 * BUG 8 (reserved-bits-accepted): the old code did not look at the
	 * reserved bits, and carried out an entry the specification calls
	 * malformed. Record: COCONUT-SVSM commit 4bda23dc814a ("Check for
	 * reserved bits in core_pvalidate_one()"), PR #1073.
	 */
	if (svsm_bug(sv, BUG_RESERVED_BITS_ACCEPTED))
		return true;
	return input_entry_reserved_clear(e);
}

/* Check one entry, then validate or rescind the page it names. */
static uint32_t pvalidate_entry(struct svsm *sv, struct hal_cpu *cpu, uint64_t e)
{
	/*
	 * Every decision on e is a predicate of input_checks.h (on e whole,
	 * or on the GPA of its page); size is used only once they decided it.
	 */
	unsigned size = PVENTRY_SIZE(e);
	uint64_t gpa = PVENTRY_GFN(e) << PAGE_SHIFT;

	/* Refused, so that the specification stays free to give them a meaning. */
	if (!reserved_bits_clear(sv, e))
		return SVSM_ERR_INVALID_PARAMETER;
	if (!input_entry_size_is(e, PSIZE_4K) && !input_entry_size_is(e, PSIZE_2M))
		return SVSM_ERR_INVALID_PARAMETER;
	uint64_t len = psize_bytes(size);
	/* A GFN is 4K-aligned by its nature; a 2M page must start on a 2M boundary. */
	if (len == PAGE_SIZE_2M && !input_2m_aligned(gpa))
		return SVSM_ERR_INVALID_ADDRESS;
	/*
	 * The range must be the guest's: the RMP cannot tell the module's
	 * pages from the guest's (both belong to the same guest), so
	 * PVALIDATE would rescind the module's own memory if asked.
	 */
	if (!rmp_target_allowed(sv, gpa, len))
		return SVSM_ERR_INVALID_ADDRESS;
	/* Registered VMSAs and CAAs and the pool are the module's while it holds them. */
	if (held_by_module(sv, gpa, len))
		return SVSM_ERR_INVALID_ADDRESS;

	bool ignore_cf = input_entry_flag(e, PVENTRY_IGNORE_CF);
	if (input_entry_flag(e, PVENTRY_VALIDATE))
		return guest_validate(sv, cpu, gpa, size, ignore_cf);
	return guest_rescind(sv, cpu, gpa, size, ignore_cf);
}

/* Do entry i, e, then move `next` past it: the guest learns how far the call got. */
static uint32_t pvalidate_and_advance(struct svsm *sv, struct hal_cpu *cpu,
                                      struct page_list *l, unsigned i, uint64_t e)
{
	uint32_t rc = pvalidate_entry(sv, cpu, e);
	if (rc != SVSM_SUCCESS)
		return rc;
	return page_list_set_next(cpu, l, i + 1);
}

/* The loop of BUG 6 (see core_pvalidate()): header and entry read again for every entry. */
static uint32_t core_pvalidate_with_bug_refetch(struct svsm *sv, struct hal_cpu *cpu,
                                                struct call *c)
{
	struct page_list l;
	uint32_t rc = page_list_open(sv, cpu, c->rcx, &l);
	if (rc != SVSM_SUCCESS)
		return rc;

	for (unsigned i = l.next; i < l.entries; i++) {
		uint8_t header[PVREQ_HEADER_SIZE], raw[PVREQ_ENTRY_SIZE];
		struct hw_result r = hal_read_guest(cpu, l.gpa, header, sizeof(header));
		if (r.fault != FAULT_NONE)
			return SVSM_ERR_INVALID_ADDRESS;
		l.entries = load_le16(header + PVREQ_ENTRIES);
		r = hal_read_guest(cpu, page_list_entry_gpa(&l, i), raw, sizeof(raw));
		if (r.fault != FAULT_NONE)
			return SVSM_ERR_INVALID_ADDRESS;

		rc = pvalidate_and_advance(sv, cpu, &l, i, load_le64(raw));
		if (rc != SVSM_SUCCESS)
			return rc;
	}
	return SVSM_SUCCESS;
}

uint32_t core_pvalidate(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	/*
	 * BUG 6 (pvalidate-double-fetch): the old loop re-read the header and
	 * each entry from guest memory on every iteration, after the bounds
	 * had been checked once (page_list_open()). Another guest vCPU can
	 * raise `entries` in between and walk the module off the end of the
	 * page. Record: no fix was published. The code is linux-svsm's
	 * handle_pvalidate_request() (src/protocols/core.rs at its last
	 * commit, a2d150f959ed), whose loop reads request.entries() from the
	 * guest's page on every iteration.
	 */
	if (svsm_bug(sv, BUG_PVALIDATE_DOUBLE_FETCH))
		return core_pvalidate_with_bug_refetch(sv, cpu, c);

	/* The header is read once, then the entries, into the module's memory. */
	struct page_list l;
	uint8_t list[PAGE_LIST_MAX * PVREQ_ENTRY_SIZE];
	uint32_t rc = page_list_read(sv, cpu, c->rcx, &l, list);
	if (rc != SVSM_SUCCESS)
		return rc;

	/* Entry i while the header has it (input_list_pending: next + (i - first) < entries). */
	unsigned first = l.next;
	for (unsigned i = first; input_list_pending(l.header, i - first); i++) {
		const uint8_t *entry = list + (size_t)(i - first) * PVREQ_ENTRY_SIZE;
		rc = pvalidate_and_advance(sv, cpu, &l, i, load_le64(entry));
		if (rc != SVSM_SUCCESS)
			return rc;
	}
	return SVSM_SUCCESS;
}
