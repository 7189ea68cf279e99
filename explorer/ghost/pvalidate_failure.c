/*
 * pvalidate_failure.c: a PVALIDATE entry that failed gives the guest no page.
 *
 * When PVALIDATE stops on an error, next names the entry it stopped at,
 * and the guest takes that entry as not done. The module may have
 * validated its page already (the instruction took effect, then a zero or
 * the grant failed: the hypervisor took the page back or PSMASHed it), and
 * such a page holds whatever the hypervisor chose, so the module keeps it
 * in its pool. Each page of the entry must end the call with the owner it
 * had when the call began, or the module's; for a 2M entry that is all 512
 * pages. A page an entry done before it also covers may be that entry's,
 * and a page another vCPU changed while the call ran is not judged.
 */
#include <inttypes.h>

#include "ghost.h"

bool clause_pvalidate_failure_holds_pages(uint32_t result, unsigned owner_before,
                                          unsigned owner_after)
{
	return result == SVSM_SUCCESS || owner_after == owner_before || owner_after == OWNER_MODULE;
}

static uint64_t entry_base(uint64_t e)
{
	return PVENTRY_GFN(e) << PAGE_SHIFT;
}

static uint64_t entry_len(uint64_t e)
{
	return PVENTRY_SIZE(e) == PSIZE_2M ? PAGE_SIZE_2M : PAGE_SIZE;
}

/* Does an entry from..to-1 (within the page) cover gpa? */
static bool list_covers(const struct pvalidate_list *l, unsigned from, unsigned to, uint64_t gpa)
{
	for (unsigned i = from; i < to && i < l->end; i++) {
		uint64_t e = pvalidate_list_entry(l, i);
		if (gpa >= entry_base(e) && gpa - entry_base(e) < entry_len(e))
			return true;
	}
	return false;
}

void pvalidate_failure_contract(struct ghost *gh, const struct sim_call *c, uint32_t result,
                                const struct pvalidate_list *l, unsigned after)
{
	if (result == SVSM_SUCCESS || after < l->next || after >= l->end)
		return;
	uint64_t e = pvalidate_list_entry(l, after), base = entry_base(e);
	for (uint64_t gpa = base; gpa - base < entry_len(e); gpa += PAGE_SIZE) {
		uint64_t page = gpa >> PAGE_SHIFT;
		if (page >= MACHINE_MAX_PAGES)
			return;
		if (list_covers(l, l->next, after, gpa) || ghost_changed_by_others(gh, c, page))
			continue;
		unsigned before = c->owner_before[page], now = gh->state->owner[page];
		if (clause_pvalidate_failure_holds_pages(result, before, now))
			continue;
		report_clause(gh->rec, CLAUSE_PVALIDATE_FAILURE_HOLDS_PAGES, (struct hal_site){ 0 },
		              c->vcpu, "the call returned 0x%08x at entry %u, yet GPA 0x%" PRIx64
		              " went from %s to %s", result, after, gpa,
		              owner_name((enum ghost_owner)before), owner_name((enum ghost_owner)now));
		return;
	}
}
