/*
 * call_effects.c: a refused call changes nothing.
 *
 * The SVSM specification (58019) gives REMAP_CA, CREATE_VCPU and
 * DELETE_VCPU no partial effects: an error means the call did not happen.
 * The module may still touch pages on the way to an error (CREATE_VCPU
 * takes the page from the guest to check it, DELETE_VCPU tries to clear
 * the VMSA bit), so each error path must undo what it did. When such a
 * call returns an error, every page the call itself touched (a PVALIDATE,
 * an RMPADJUST, an owner transfer) must have the owner and the guest's
 * access it had when the call began. A page someone else touched while the
 * call ran (another vCPU's call, the hypervisor, the guest changing its
 * state) is not judged: its change need not be this call's.
 */
#include <inttypes.h>
#include <string.h>

#include "ghost.h"

bool clause_error_changes_nothing(uint32_t result, unsigned owner_before, unsigned owner_after,
                                  unsigned access_before, unsigned access_after)
{
	return result == SVSM_SUCCESS ||
	       (owner_before == owner_after && access_before == access_after);
}

uint8_t ghost_guest_access(const struct machine *m, unsigned p)
{
	const struct rmp_entry *e = &m->rmp[p];
	return (uint8_t)((e->perms[m->guest_vmpl] & 0xf) | e->vmsa << 4 | e->validated << 5);
}

/* Is c one of the calls without partial effects (the clause's row's)? */
bool call_has_no_partial_effects(const struct sim_call *c)
{
	uint32_t call = (uint32_t)c->rax;
	return c->rax >> 32 == SVSM_PROTO_CORE && call < SVSM_CORE_NCALLS &&
	       (clause_row(CLAUSE_ERROR_CHANGES_NOTHING)->calls & CLAUSE_CALL(call));
}

/*
 * The snapshot is taken only for the calls a clause judges on it: this
 * clause reads the owners and the access of every page;
 * pvalidate-failure-holds-pages (pvalidate_failure.c) reads PVALIDATE's
 * owners only.
 */
void ghost_call_begin(const struct ghost *gh, struct sim_call *c)
{
	bool no_partial = call_has_no_partial_effects(c);
	if (!no_partial && c->rax != SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE))
		return;
	memcpy(c->owner_before, gh->state->owner, sizeof(c->owner_before));
	/* By system page: only those of memory are read (error_effects_contract). */
	for (unsigned p = 0; no_partial && p < gh->m->npages; p++)
		c->access_before[p] = ghost_guest_access(gh->m, p);
}

int64_t ghost_changed_page(const struct sim_event *ev)
{
	bool changes = ev->op == OP_PVALIDATE || ev->op == OP_RMPADJUST || ev->op == OP_GHOST_OWN;
	return ev->actor == ACTOR_MODULE && changes ? (int64_t)(ev->args[0] >> PAGE_SHIFT) : -1;
}

/* Is ev another vCPU's module changing GPA page page while call c runs? */
static bool other_vcpu_changes(const struct sim_call *c, const struct sim_event *ev,
                               uint64_t page)
{
	return ev->actor == ACTOR_MODULE && ev->vcpu != c->vcpu &&
	       ghost_changed_page(ev) == (int64_t)page;
}

bool ghost_changed_by_others(const struct ghost *gh, const struct sim_call *c, uint64_t page)
{
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		if (!ev || other_vcpu_changes(c, ev, page))
			return true;
	}
	return false;
}

/* Did anyone but call c change GPA page page, or the system page behind it, while c ran? */
static bool touched_by_others(const struct ghost *gh, const struct sim_call *c, uint64_t page,
                              uint64_t spa)
{
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		if (!ev || other_vcpu_changes(c, ev, page))
			return true;
		if (ev->actor == ACTOR_MODULE)
			continue;
		if (ev->op == OP_HV_RMPUPDATE || ev->op == OP_HV_PSMASH) {
			/* A 2M RMPUPDATE or a PSMASH changes every page of the span. */
			if (ev->args[0] / PAGE_SIZE_2M == spa / PAGE_SIZE_2M)
				return true;
		} else if (ev->op == OP_HV_MAP || ev->op == OP_HV_UNMAP || ev->op == OP_GUEST_PSC) {
			if ((ev->args[0] >> PAGE_SHIFT) == page)
				return true;
		}
	}
	return false;
}

void error_effects_contract(struct ghost *gh, const struct sim_call *c, uint32_t result)
{
	if (result == SVSM_SUCCESS)
		return;
	for (unsigned k = c->first_step; k < gh->rec->step; k++) {
		const struct sim_event *ev = record_event_at(gh->rec, k);
		int64_t page = ev && ev->vcpu == c->vcpu ? ghost_changed_page(ev) : -1;
		if (page < 0 || page >= MACHINE_MAX_PAGES)
			continue;
		uint64_t gpa = (uint64_t)page << PAGE_SHIFT, spa = npt_lookup(gh->m, gpa);
		if (spa == NPT_UNMAPPED || !machine_spa_valid(gh->m, spa) ||
		    touched_by_others(gh, c, (uint64_t)page, spa))
			continue;
		unsigned p = (unsigned)(spa >> PAGE_SHIFT);
		unsigned before = c->owner_before[page], after = gh->state->owner[page];
		unsigned was = c->access_before[p], is = ghost_guest_access(gh->m, p);
		if (clause_error_changes_nothing(result, before, after, was, is))
			continue;
		report_clause(gh->rec, CLAUSE_ERROR_CHANGES_NOTHING, ev->site, c->vcpu,
		              "the call returned 0x%08x, yet GPA 0x%" PRIx64 " went from %s to %s, "
		              "the guest's access from 0x%02x to 0x%02x", result, gpa,
		              owner_name((enum ghost_owner)before), owner_name((enum ghost_owner)after),
		              was, is);
		return;
	}
}
