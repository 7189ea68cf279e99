/*
 * rmp.c: reading the reverse map table. A 2M RMP entry is stored as its
 * 512 4K entries, all marked PSIZE_2M and identical except for their GPAs
 * (head GPA + i * 4 KiB), so any 4K SPA can be checked by its own entry;
 * rmp_span gives the entries a change must touch to keep them mirrored.
 * Also the checks PVALIDATE and RMPADJUST share.
 */
#include "machine.h"

void rmp_span(const struct machine *m, uint64_t spa, unsigned *first, unsigned *count)
{
	unsigned page = (unsigned)(spa >> PAGE_SHIFT);
	if (m->rmp[page].page_size == PSIZE_2M) {
		*first = page & ~(PAGES_PER_2M - 1);
		*count = PAGES_PER_2M;
	} else {
		*first = page;
		*count = 1;
	}
}

enum npf_reason rmp_check_owner(const struct machine *m, uint64_t gpa, uint64_t spa_page)
{
	const struct rmp_entry *e = &m->rmp[spa_page >> PAGE_SHIFT];
	/* The order is VeriSMo's: the GPA binding first, then ownership. */
	if (e->gpa != (gpa & ~(uint64_t)(PAGE_SIZE - 1)))
		return NPF_GPA_MISMATCH;
	if (!e->assigned)
		return NPF_NOT_ASSIGNED;
	if (e->asid != m->asid)
		return NPF_WRONG_ASID;
	if (e->immutable)
		return NPF_IMMUTABLE;
	return NPF_NONE;
}

bool rmp_instr_input_ok(uint64_t gpa, unsigned size)
{
	if (size == PSIZE_4K)
		return PAGE_ALIGNED(gpa);
	return size == PSIZE_2M && gpa % PAGE_SIZE_2M == 0;
}

struct hw_result rmp_instr_target(const struct machine *m, uint64_t gpa, unsigned size,
                                  uint64_t *spa_page)
{
	uint64_t spa;
	enum npf_reason why = npt_walk(m, gpa, &spa);
	if (why != NPF_NONE)
		return hw_npf(why, ACCESS_READ);
	/* An operand check like the GPA's alignment, so it comes before the RMP is read. */
	if (size == PSIZE_2M && spa % PAGE_SIZE_2M != 0)
		return hw_rc(HW_FAIL_INPUT, 0);
	why = rmp_check_owner(m, gpa, spa);
	if (why != NPF_NONE)
		return hw_npf(why, ACCESS_READ);
	uint8_t entry_size = m->rmp[spa >> PAGE_SHIFT].page_size;
	if (size == PSIZE_2M && entry_size == PSIZE_4K)
		return hw_rc(HW_FAIL_SIZEMISMATCH, 0);
	if (size == PSIZE_4K && entry_size == PSIZE_2M)
		return hw_npf(NPF_SIZE, ACCESS_READ);
	*spa_page = spa;
	return hw_rc(HW_OK, 0);
}

int machine_rmpquery(const struct machine *m, uint64_t spa, struct rmp_entry *out)
{
	if (!machine_spa_valid(m, spa))
		return RMPUPDATE_FAIL_INPUT;
	*out = m->rmp[spa >> PAGE_SHIFT];
	return RMPUPDATE_OK;
}
