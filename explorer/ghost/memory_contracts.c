/*
 * memory_contracts.c: what DEPOSIT_MEM and WITHDRAW_MEM promise the guest.
 *
 * Both calls take a list in PVALIDATE's format (docs/module.md, "DEPOSIT_MEM
 * and WITHDRAW_MEM"). DEPOSIT_MEM takes the 4K pages its entries name,
 * reports in next how far it got and leaves the pages after a failed
 * entry alone; WITHDRAW_MEM fills entries in with the
 * pages it hands back, at most as many as the header asks for, tells the
 * guest in next exactly how many, and hands each back zeroed, validated
 * and the guest's to use. Like PVALIDATE's contracts, these judge only
 * calls whose list the guest left alone while they ran.
 */
#include <inttypes.h>

#include "ghost.h"

bool clause_deposit_mem_takes_4k_pages(uint32_t result, const struct pvalidate_list *l,
                                       unsigned *bad)
{
	if (result != SVSM_SUCCESS)
		return true;
	for (unsigned i = l->next; i < l->end; i++)
		if (pvalidate_list_entry(l, i) & (PAGE_SIZE - 1)) {
			if (bad)
				*bad = i;
			return false;
		}
	return true;
}

/* The same promise as PVALIDATE's (specs: list-reports-progress). */
bool clause_deposit_mem_reports_progress(uint32_t result, const struct pvalidate_list *l,
                                         unsigned after)
{
	return clause_pvalidate_reports_progress(result, l, after);
}

bool clause_withdraw_mem_reports_count(const struct pvalidate_list *l, unsigned after,
                                       unsigned handed)
{
	return pvalidate_list_bad(l) ||
	       (after >= l->next && after <= l->entries && ((after - l->next) & 0xffff) == handed);
}

bool clause_withdraw_mem_returns_pages(unsigned owner, bool zeroed, unsigned access)
{
	return owner == OWNER_GUEST && zeroed && access == (PERM_ALL | 0x20u);
}

/* The same promise as PVALIDATE's (specs: list-leaves-the-rest). */
bool clause_deposit_mem_leaves_the_rest(uint32_t result, const struct pvalidate_list *l,
                                        unsigned after, uint64_t gpa)
{
	return clause_pvalidate_leaves_the_rest(result, l, after, gpa);
}

static void deposit_contract(struct ghost *gh, const struct sim_call *c, uint32_t result,
                             const struct pvalidate_list *l)
{
	unsigned i, after;
	if (pvalidate_list_bad(l))
		return;
	if (!clause_deposit_mem_takes_4k_pages(result, l, &i)) {
		report_clause(gh->rec, CLAUSE_DEPOSIT_MEM_TAKES_4K_PAGES, (struct hal_site){ 0 },
		              c->vcpu, "entry %u (0x%016" PRIx64 ") has low bits set, yet the call "
		              "returned SUCCESS", i, pvalidate_list_entry(l, i));
		return;
	}
	if (!ghost_next_after(gh, c, &after))
		return;
	if (!clause_deposit_mem_reports_progress(result, l, after)) {
		report_clause(gh->rec, CLAUSE_DEPOSIT_MEM_REPORTS_PROGRESS, (struct hal_site){ 0 },
		              c->vcpu, "the call returned 0x%08x and left next=%u in a list of %u "
		              "entries that began at %u", result, after, l->entries, l->next);
		return;
	}
	/* The guest goes on using the pages next says were not taken: none was changed. */
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		int64_t page = ev && ev->vcpu == c->vcpu ? ghost_changed_page(ev) : -1;
		uint64_t gpa = (uint64_t)page << PAGE_SHIFT;
		if (page < 0 || clause_deposit_mem_leaves_the_rest(result, l, after, gpa))
			continue;
		report_clause(gh->rec, CLAUSE_DEPOSIT_MEM_LEAVES_THE_REST, ev->site, c->vcpu,
		              "the call returned 0x%08x and left next=%u, yet changed GPA 0x%" PRIx64
		              " (%s), the page of an entry after it", result, after, gpa,
		              op_name(ev->op));
		return;
	}
}

/* How many pages call c made the guest's (an owner transfer of its own) and left so. */
static unsigned pages_handed(const struct ghost *gh, const struct sim_call *c)
{
	unsigned n = 0;
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		if (!ev || ev->op != OP_GHOST_OWN || ev->vcpu != c->vcpu || ev->args[1] != OWNER_GUEST ||
		    ghost_owner_in(gh->state->owner, ev->args[0]) != OWNER_GUEST)
			continue;
		bool again = false;   /* the same page made the guest's twice counts once */
		uint64_t page = ev->args[0] >> PAGE_SHIFT;
		for (unsigned j = c->first_step; j < k && !again; j++) {
			const struct sim_event *e = record_event_at(gh->rec, j);
			again = e && e->op == OP_GHOST_OWN && e->vcpu == c->vcpu &&
			        e->args[1] == OWNER_GUEST && (e->args[0] >> PAGE_SHIFT) == page;
		}
		n += !again;
	}
	return n;
}

/*
 * Does the page at gpa hold only zeros when the call returns, and what
 * access has the guest to it? False when it cannot tell: the page is not
 * one validated there (the read faults), or someone else changed or wrote
 * it while the call ran.
 */
static bool page_after(const struct ghost *gh, const struct sim_call *c, uint64_t gpa,
                       bool *zeroed, unsigned *access)
{
	uint64_t spa = npt_lookup(gh->m, gpa);
	uint8_t page[PAGE_SIZE];
	if (spa == NPT_UNMAPPED || ghost_page_moved(gh, c, gpa, spa) ||
	    machine_read(gh->m, 0, gpa, true, page, PAGE_SIZE).fault != FAULT_NONE)
		return false;
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		if (!ev || (ev->op == OP_GUEST_WRITE && ev->args[0] < gpa + PAGE_SIZE &&
		            gpa < ev->args[0] + ev->args[1]))
			return false;
	}
	*zeroed = true;
	for (unsigned b = 0; b < PAGE_SIZE && *zeroed; b++)
		*zeroed = page[b] == 0;
	*access = ghost_guest_access(gh->m, (unsigned)(spa >> PAGE_SHIFT));
	return true;
}

/* The pages handed back are the entries from where the call began to the next it reports. */
static void withdraw_contract(struct ghost *gh, const struct sim_call *c,
                              const struct pvalidate_list *l)
{
	unsigned after;
	if (pvalidate_list_bad(l) || !ghost_next_after(gh, c, &after))
		return;
	unsigned handed = pages_handed(gh, c);
	if (!clause_withdraw_mem_reports_count(l, after, handed)) {
		report_clause(gh->rec, CLAUSE_WITHDRAW_MEM_REPORTS_COUNT, (struct hal_site){ 0 },
		              c->vcpu, "the call handed back %u page(s) and left next=%u in a list "
		              "of %u entries that began at %u", handed, after, l->entries, l->next);
		return;
	}
	uint64_t list = c->rcx + PVREQ_HEADER_SIZE;
	for (unsigned i = l->next; i < after && i < l->fit; i++) {
		uint8_t b[PVREQ_ENTRY_SIZE];
		if (machine_read(gh->m, 0, list + (uint64_t)i * PVREQ_ENTRY_SIZE, true, b,
		                 sizeof(b)).fault != FAULT_NONE)
			return;
		uint64_t e = 0;
		for (unsigned k = 0; k < sizeof(b); k++)
			e |= (uint64_t)b[k] << (8 * k);
		uint64_t gpa = PVENTRY_GFN(e) << PAGE_SHIFT;
		bool zeroed;
		unsigned access;
		if (!page_after(gh, c, gpa, &zeroed, &access))
			continue;
		unsigned owner = ghost_owner_in(gh->state->owner, gpa);
		if (clause_withdraw_mem_returns_pages(owner, zeroed, access))
			continue;
		report_clause(gh->rec, CLAUSE_WITHDRAW_MEM_RETURNS_PAGES, (struct hal_site){ 0 },
		              c->vcpu, "entry %u hands back GPA 0x%" PRIx64 ", which is %s, %s, "
		              "the guest's access 0x%02x", i, gpa, owner_name((enum ghost_owner)owner),
		              zeroed ? "zeroed" : "not zeroed", access);
		return;
	}
}

void memory_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	struct pvalidate_list l;
	bool deposit = c->rax == SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_DEPOSIT_MEM);
	bool withdraw = c->rax == SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_WITHDRAW_MEM);
	if ((!deposit && !withdraw) || !ghost_view_request(c, &l) || ghost_request_rewritten(gh, c))
		return;
	if (deposit)
		deposit_contract(gh, c, result, &l);
	else
		withdraw_contract(gh, c, &l);
}
