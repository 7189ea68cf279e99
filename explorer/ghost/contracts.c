/*
 * contracts.c: what a result code promises the guest, and PVALIDATE's.
 *
 * After each call the module served, the contract of that call is checked
 * against what really happened: the call's inputs and the request page as
 * they were when the call began (sim->call), the HAL events of the call,
 * and the resulting state. PVALIDATE's contracts speak of its request, so
 * they judge only calls whose request the guest left alone while they ran.
 * The other calls' contracts are in call_contracts.c, where every call's
 * results go in answers.c.
 */
#include <inttypes.h>

#include "ghost.h"

bool clause_result_code_defined(uint32_t r)
{
	return r == SVSM_SUCCESS || (r >= SVSM_ERR_INCOMPLETE && r <= SVSM_ERR_BUSY) ||
	       r == SVSM_PVALIDATE_FAIL_INPUT || r == SVSM_PVALIDATE_FAIL_SIZEMISMATCH ||
	       r == SVSM_PVALIDATE_FAIL_UNCHANGED;
}

static uint64_t load(const uint8_t *p, unsigned width)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* The request's entries as the guest wrote them before the call. */
bool ghost_view_request(const struct sim_call *c, struct pvalidate_list *r)
{
	unsigned off = (unsigned)(c->rcx & (PAGE_SIZE - 1));
	if (!c->request_valid || off % 8 != 0 || off + PVREQ_HEADER_SIZE > PAGE_SIZE)
		return false;
	const uint8_t *h = c->request + off;
	r->fit = (PAGE_SIZE - off - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE;
	r->entries = (unsigned)load(h + PVREQ_ENTRIES, 2);
	r->next = (unsigned)load(h + PVREQ_NEXT, 2);
	r->end = r->entries < r->fit ? r->entries : r->fit;
	r->entry0 = h + PVREQ_HEADER_SIZE;
	return true;
}

uint64_t pvalidate_list_entry(const struct pvalidate_list *l, unsigned i)
{
	return load(l->entry0 + (size_t)i * PVREQ_ENTRY_SIZE, 8);
}

bool pvalidate_list_bad(const struct pvalidate_list *l)
{
	return l->entries == 0 || l->entries > l->fit || l->next >= l->entries;
}

bool clause_pvalidate_rejects_reserved(uint32_t result, const struct pvalidate_list *l,
                                       unsigned *bad)
{
	if (result != SVSM_SUCCESS)
		return true;
	for (unsigned i = l->next; i < l->end; i++)
		if (pvalidate_list_entry(l, i) & PVENTRY_RESERVED) {
			if (bad)
				*bad = i;
			return false;
		}
	return true;
}

bool clause_pvalidate_refuses_bad_list(uint32_t result, const struct pvalidate_list *l,
                                       bool validated)
{
	return !pvalidate_list_bad(l) || (result != SVSM_SUCCESS && !validated);
}

/* Does next after the call name an entry of the request: where the call stopped on an error? */
static bool stopped_at(const struct pvalidate_list *l, unsigned after)
{
	return after >= l->next && after < l->entries;
}

bool clause_pvalidate_reports_progress(uint32_t result, const struct pvalidate_list *l,
                                       unsigned after)
{
	if (pvalidate_list_bad(l))
		return true;
	if (result == SVSM_SUCCESS)
		return after == l->entries;
	return stopped_at(l, after);
}

/* Is gpa the page of an entry from..to-1 (within the page)? */
static bool list_names_gpa(const struct pvalidate_list *l, unsigned from, unsigned to,
                           uint64_t gpa)
{
	for (unsigned i = from; i < to && i < l->end; i++)
		if ((PVENTRY_GFN(pvalidate_list_entry(l, i)) << PAGE_SHIFT) == gpa)
			return true;
	return false;
}

bool clause_pvalidate_leaves_the_rest(uint32_t result, const struct pvalidate_list *l,
                                      unsigned after, uint64_t gpa)
{
	/*
	 * Only an error that names where the call stopped says which entries
	 * are untouched; a next that names none is pvalidate-reports-progress's
	 * to report. A GPA that an entry up to next also names may have been
	 * done for that entry, and the guest can tell the two apart no better.
	 */
	if (pvalidate_list_bad(l) || result == SVSM_SUCCESS || !stopped_at(l, after))
		return true;
	return !list_names_gpa(l, after + 1, l->end, gpa) || list_names_gpa(l, l->next, after + 1, gpa);
}

bool clause_pvalidate_reports_unchanged(uint32_t result, const struct pvalidate_list *l,
                                        uint64_t gpa, bool cf)
{
	if (result != SVSM_SUCCESS || !cf)
		return true;
	/*
	 * With two entries on one page, the instruction may have been the one
	 * whose entry allowed no change: a clause of one instruction cannot
	 * tell which entry it was for (pvalidate-leaves-the-rest likewise).
	 */
	bool named = false;
	for (unsigned i = l->next; i < l->end; i++) {
		uint64_t e = pvalidate_list_entry(l, i);
		if ((PVENTRY_GFN(e) << PAGE_SHIFT) != gpa)
			continue;
		if (e & PVENTRY_IGNORE_CF)
			return true;
		named = true;
	}
	return !named;
}

bool clause_pvalidate_acts_on_entries(const struct pvalidate_list *l, uint64_t gpa,
                                      unsigned size, bool is_pvalidate, bool validate)
{
	for (unsigned i = l->next; i < l->end; i++) {
		uint64_t e = pvalidate_list_entry(l, i);
		if ((PVENTRY_GFN(e) << PAGE_SHIFT) == gpa && PVENTRY_SIZE(e) == size &&
		    (!is_pvalidate || ((e & PVENTRY_VALIDATE) != 0) == validate))
			return true;
	}
	return false;
}

bool clause_pvalidate_reports_refusal(uint32_t result, uint32_t rc, bool faulted)
{
	/*
	 * The SVSM specification gives the PVALIDATE call a code of its own
	 * for these two refusals of the instruction (its protocol-specific
	 * base 0x80001000 plus the instruction's code). A fault is not a
	 * refusal: the GPA is no good, INVALID_ADDRESS.
	 */
	if (faulted)
		return true;
	if (rc == HW_FAIL_INPUT)
		return result == SVSM_PVALIDATE_FAIL_INPUT;
	if (rc == HW_FAIL_SIZEMISMATCH)
		return result == SVSM_PVALIDATE_FAIL_SIZEMISMATCH;
	return true;
}

/*
 * The call's next PVALIDATE instruction from step *k on, or NULL; *k moves
 * past it. Start with *k = c->first_step to walk them all.
 */
static const struct sim_event *next_pvalidate(const struct ghost *gh, const struct sim_call *c,
                                              unsigned *k)
{
	for (; *k < gh->rec->step; ++*k) {
		const struct sim_event *ev = record_event_at(gh->rec, *k);
		if (ev && ev->op == OP_PVALIDATE && ev->vcpu == c->vcpu) {
			++*k;
			return ev;
		}
	}
	return NULL;
}

/*
 * A list whose header cannot be right is refused whole: no SUCCESS and no
 * PVALIDATE. A module that takes it walks entries past the page the guest
 * gave it, or works on a list the guest did not mean.
 */
static void bad_list_contract(struct ghost *gh, const struct sim_call *c, uint32_t result,
                              const struct pvalidate_list *r)
{
	unsigned k = c->first_step;
	const struct sim_event *pv = next_pvalidate(gh, c, &k);
	if (clause_pvalidate_refuses_bad_list(result, r, pv != NULL))
		return;
	report_clause(gh->rec, CLAUSE_PVALIDATE_REFUSES_BAD_LIST,
	           pv ? pv->site : (struct hal_site){ 0 }, c->vcpu,
	           "the list says entries=%u next=%u with room for %u, yet the call %s", r->entries,
	           r->next, r->fit, pv ? "made a PVALIDATE" : "returned SUCCESS");
}

/*
 * Did the guest write its request page while the call ran? Then the
 * module may have read either version, and the request as it was when
 * the call began says nothing certain of what the call was asked.
 */
bool ghost_request_rewritten(const struct ghost *gh, const struct sim_call *c)
{
	uint64_t page = c->rcx & ~(uint64_t)(PAGE_SIZE - 1);
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		if (ev && ev->op == OP_GUEST_WRITE && ev->args[0] < page + PAGE_SIZE &&
		    page < ev->args[0] + ev->args[1])
			return true;
	}
	return false;
}

bool ghost_page_moved(const struct ghost *gh, const struct sim_call *c, uint64_t gpa,
                      uint64_t spa)
{
	uint64_t page = gpa & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t span = spa & ~(uint64_t)(PAGE_SIZE_2M - 1);
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		if (!ev)
			return true;
		switch (ev->op) {
		case OP_HV_MAP:
		case OP_HV_UNMAP:
		case OP_GUEST_PSC:
			if ((ev->args[0] & ~(uint64_t)(PAGE_SIZE - 1)) == page)
				return true;
			break;
		case OP_HV_RMPUPDATE:
		case OP_HV_PSMASH:
		case OP_HV_WRITE:
			if ((ev->args[0] & ~(uint64_t)(PAGE_SIZE_2M - 1)) == span)
				return true;
			break;
		default:
			break;
		}
	}
	return false;
}

bool ghost_next_after(const struct ghost *gh, const struct sim_call *c, unsigned *next)
{
	uint64_t spa = npt_lookup(gh->m, c->rcx);
	uint8_t b[2];
	if (spa == NPT_UNMAPPED || ghost_page_moved(gh, c, c->rcx, spa) ||
	    machine_read(gh->m, 0, c->rcx + PVREQ_NEXT, true, b, sizeof(b)).fault != FAULT_NONE)
		return false;
	*next = (unsigned)load(b, 2);
	return true;
}

/* The call's PVALIDATE instructions that the hardware refused: passed on in the call's own codes. */
static bool refusal_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	unsigned k = c->first_step;
	for (const struct sim_event *ev; (ev = next_pvalidate(gh, c, &k)) != NULL;) {
		if (clause_pvalidate_reports_refusal(result, ev->out.rc, ev->out.fault != FAULT_NONE))
			continue;
		report_clause(gh->rec, CLAUSE_PVALIDATE_REPORTS_REFUSAL, ev->site, c->vcpu,
		           "PVALIDATE of GPA 0x%" PRIx64 " answered %s but the call returned 0x%08x",
		           ev->args[0], ev->out.rc == HW_FAIL_INPUT ? "FAIL_INPUT" : "FAIL_SIZEMISMATCH",
		           result);
		return false;
	}
	return true;
}

static void pvalidate_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	if (!refusal_contract(gh, c, result))
		return;
	struct pvalidate_list r;
	if (!ghost_view_request(c, &r) || ghost_request_rewritten(gh, c))
		return;
	if (pvalidate_list_bad(&r)) {
		bad_list_contract(gh, c, result, &r);
		return;
	}
	unsigned i, k;
	if (!clause_pvalidate_rejects_reserved(result, &r, &i)) {
		report_clause(gh->rec, CLAUSE_PVALIDATE_REJECTS_RESERVED, (struct hal_site){ 0 },
		           c->vcpu, "entry %u (0x%016" PRIx64 ") has reserved bits "
		           "set, yet the call returned SUCCESS", i, pvalidate_list_entry(&r, i));
		return;
	}
	/* A PVALIDATE that changed nothing, for an entry that did not allow it: only SUCCESS hides one. */
	k = c->first_step;
	for (const struct sim_event *ev; result == SVSM_SUCCESS && (ev = next_pvalidate(gh, c, &k));) {
		if (clause_pvalidate_reports_unchanged(result, &r, ev->args[0], ev->out.cf))
			continue;
		report_clause(gh->rec, CLAUSE_PVALIDATE_REPORTS_UNCHANGED, ev->site,
		           c->vcpu, "PVALIDATE of GPA 0x%" PRIx64 " set CF (nothing "
		           "changed) but the call returned SUCCESS", ev->args[0]);
		return;
	}
	unsigned after;
	if (!ghost_next_after(gh, c, &after))
		return;
	if (!clause_pvalidate_reports_progress(result, &r, after)) {
		report_clause(gh->rec, CLAUSE_PVALIDATE_REPORTS_PROGRESS, (struct hal_site){ 0 },
		           c->vcpu, "the call returned 0x%08x and left next=%u in a list of %u "
		           "entries that began at %u", result, after, r.entries, r.next);
		return;
	}
	/* The guest does again what next says was not done: a PVALIDATE past it was not asked. */
	k = c->first_step;
	for (const struct sim_event *ev; (ev = next_pvalidate(gh, c, &k)) != NULL;) {
		if (clause_pvalidate_leaves_the_rest(result, &r, after, ev->args[0]))
			continue;
		report_clause(gh->rec, CLAUSE_PVALIDATE_LEAVES_THE_REST, ev->site, c->vcpu,
		           "the call returned 0x%08x and left next=%u, yet made a PVALIDATE of "
		           "GPA 0x%" PRIx64 ", an entry after it", result, after, ev->args[0]);
		return;
	}
	pvalidate_failure_contract(gh, c, result, &r, after);
}

static void delete_vcpu_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	uint64_t spa = npt_lookup(gh->m, c->rcx);
	if (result != SVSM_SUCCESS || spa == NPT_UNMAPPED || !machine_spa_valid(gh->m, spa))
		return;
	/* The page at the GPA: mapped there and bound to it (specs/contracts.smt2). */
	const struct rmp_entry *e = &gh->m->rmp[spa >> PAGE_SHIFT];
	if (e->vmsa && e->gpa == (c->rcx & ~(uint64_t)(PAGE_SIZE - 1)))
		report_clause(gh->rec, CLAUSE_DELETE_VCPU_REMOVES_VMSA, (struct hal_site){ 0 },
		           c->vcpu, "DELETE_VCPU of GPA 0x%" PRIx64 " returned SUCCESS but "
		           "the page is still a VMSA", c->rcx);
}

void ghost_contract(struct ghost *gh, unsigned cpu, uint32_t result)
{
	const struct sim_call *c = &gh->calls[cpu];
	if (!clause_result_code_defined(result))
		report_clause(gh->rec, CLAUSE_RESULT_CODE_DEFINED, (struct hal_site){ 0 },
		           c->vcpu, "the call returned 0x%08x", result);
	answer_contract(gh, c);
	call_contract(gh, c, result);
	memory_contract(gh, c, result);
	if (c->rax == SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE))
		pvalidate_contract(gh, c, result);
	else if (c->rax == SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_DELETE_VCPU))
		delete_vcpu_contract(gh, c, result);
}
