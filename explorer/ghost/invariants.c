/*
 * invariants.c: properties of the whole state, checked after every step.
 *
 * A breach is reported when it appears, not again on every later step
 * while it lasts: ghost.breached remembers, per page, which invariants
 * were broken at the last check.
 *
 * After a step only what the step changed is looked at again: the machine
 * marks every page, RMP entry and NPT entry it changes for this watcher
 * (WATCH_INVARIANTS, machine.h), and the owners changed are marked here
 * (ghost_set_owner). Each invariant of a page reads only a few of those
 * (see page_bits), so the pages whose bits can differ from breached[] are
 * the marked ones and the few an RMP entry's change reaches (look_at);
 * every other page's bits are what breached[] holds. docs/check.md says
 * why that is all of them; ghost_invariants does the whole sweep.
 */
#include <inttypes.h>
#include <string.h>

#include "ghost.h"

enum {
	BREACH_CONFIDENTIALITY = 1 << 0,   /* indexed by SPA page */
	BREACH_INTEGRITY = 1 << 1,         /* indexed by GPA page */
	BREACH_VMSA = 1 << 2,              /* indexed by SPA page */
	BREACH_DOUBLE = 1 << 3,            /* indexed by SPA page */
};

static bool guest_validated(const struct machine *m, const struct rmp_entry *e)
{
	return e->assigned && e->asid == m->asid && e->validated;
}

static uint8_t confidentiality(const struct machine *m, unsigned page, unsigned *vmpl)
{
	const struct rmp_entry *e = &m->rmp[page];
	if (!guest_validated(m, e))
		return 0;
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		if ((e->perms[v] & (PERM_R | PERM_XU | PERM_XS)) && !(m->label[page] & LABEL_VMPL(v))) {
			*vmpl = v;
			return BREACH_CONFIDENTIALITY;
		}
	return 0;
}

static uint8_t integrity(const struct ghost *gh, unsigned gpage)
{
	if (gh->state->owner[gpage] != OWNER_MODULE)
		return 0;
	uint64_t gpa = (uint64_t)gpage * PAGE_SIZE;
	uint64_t spa = npt_lookup(gh->m, gpa);
	if (spa == NPT_UNMAPPED || !machine_spa_valid(gh->m, spa))
		return 0;
	/* Only the page the module really reaches at gpa counts. */
	const struct rmp_entry *e = &gh->m->rmp[spa >> PAGE_SHIFT];
	if (!guest_validated(gh->m, e) || e->gpa != gpa)
		return 0;
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		if (e->perms[v])
			return BREACH_INTEGRITY;
	return 0;
}

static uint8_t vmsa_safety(const struct machine *m, unsigned page)
{
	const struct rmp_entry *e = &m->rmp[page];
	if (!e->vmsa)
		return 0;
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		if (e->perms[v] & PERM_W)
			return BREACH_VMSA;
	uint64_t spa = (uint64_t)page * PAGE_SIZE;
	return vmsa_get(m, spa, VMSA_VMPL, 1) == m->guest_vmpl ? 0 : BREACH_VMSA;
}

/* Marks every SPA whose GPA a validated SPA before it already claims. */
static void double_validation(const struct machine *m, uint8_t *now)
{
	static const uint16_t none = UINT16_MAX;
	uint16_t first[MACHINE_MAX_PAGES];
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
		first[i] = none;
	for (unsigned i = 0; i < m->npages; i++) {
		const struct rmp_entry *e = &m->rmp[i];
		uint64_t gpage = e->gpa >> PAGE_SHIFT;
		if (!guest_validated(m, e) || gpage >= MACHINE_MAX_PAGES)
			continue;
		if (first[gpage] == none) {
			first[gpage] = (uint16_t)i;
			continue;
		}
		now[i] |= BREACH_DOUBLE;
	}
}

static void report_new(struct ghost *gh, struct hal_site site, unsigned vcpu, unsigned page,
                       uint8_t fresh, unsigned vmpl)
{
	uint64_t addr = (uint64_t)page * PAGE_SIZE;
	if (fresh & BREACH_CONFIDENTIALITY)
		report_clause(gh->rec, CLAUSE_CONFIDENTIALITY, site, vcpu,
		           "VMPL%u can read SPA 0x%" PRIx64 " (GPA 0x%" PRIx64
		           "), which holds data secret to it", vmpl, addr, gh->m->rmp[page].gpa);
	if (fresh & BREACH_INTEGRITY)
		report_clause(gh->rec, CLAUSE_MODULE_INTEGRITY, site, vcpu,
		           "a lower VMPL has access to module page GPA 0x%" PRIx64, addr);
	if (fresh & BREACH_VMSA)
		report_clause(gh->rec, CLAUSE_VMSA_SAFETY, site, vcpu,
		           "VMSA at SPA 0x%" PRIx64 " is writable by a lower VMPL or does not "
		           "run at VMPL%u", addr, gh->m->guest_vmpl);
	if (fresh & BREACH_DOUBLE)
		report_clause(gh->rec, CLAUSE_NO_DOUBLE_VALIDATION, site, vcpu,
		           "SPA 0x%" PRIx64 " is validated for GPA 0x%" PRIx64
		           ", which another validated page also claims", addr, gh->m->rmp[page].gpa);
}

/*
 * Index i's bits now: confidentiality and VMSA safety of SPA page i (its
 * RMP entry, label and bytes), the integrity of GPA page i (its owner, its
 * NPT entry and the RMP entry that names it), and double, the double
 * validation of SPA page i, which double_validation() judges over all
 * entries. Reports what is new, and remembers.
 */
static void settle(struct ghost *gh, struct hal_site site, unsigned vcpu, unsigned i,
                   uint8_t dbl)
{
	unsigned vmpl = 0;
	uint8_t now = confidentiality(gh->m, i, &vmpl) | vmsa_safety(gh->m, i) | integrity(gh, i) |
	              dbl;
	uint8_t fresh = now & ~gh->state->breached[i];
	if (fresh)
		report_new(gh, site, vcpu, i, fresh, vmpl);
	gh->state->breached[i] = now;
}

/* Both sets of what changed are looked at: empty them. */
static void looked(struct ghost *gh)
{
	machine_dirty_clear(gh->m, WATCH_INVARIANTS);
	memset(gh->state->owner_changed, 0, sizeof(gh->state->owner_changed));
}

/*
 * Pages past npages need no look: no system page is there, and no guest
 * page there can be the module's (its owner stays OWNER_NONE).
 */
void ghost_invariants(struct ghost *gh, struct hal_site site, unsigned vcpu)
{
	uint8_t dbl[MACHINE_MAX_PAGES] = { 0 };
	double_validation(gh->m, dbl);
	for (unsigned i = 0; i < gh->m->npages; i++)
		settle(gh, site, vcpu, i, dbl[i]);
	looked(gh);
}

/*
 * The indexes whose bits may differ from breached[]: every page, RMP entry
 * and NPT entry marked, every owner changed, the GPA page an RMP entry
 * marked names now (its integrity reads that entry), and every page whose
 * integrity was broken (the entry that broke it may name another page now).
 */
static void look_at(const struct ghost *gh, uint64_t *look)
{
	const struct machine_dirty *d = &gh->m->dirty[WATCH_INVARIANTS];
	for (unsigned k = 0; k < MACHINE_DIRTY_WORDS; k++)
		look[k] = d->bits[DIRTY_PAGE][k] | d->bits[DIRTY_RMP][k] | d->bits[DIRTY_NPT][k] |
		          gh->state->owner_changed[k];
	const uint64_t *rmp = d->bits[DIRTY_RMP];
	for (unsigned j = machine_dirty_next(rmp, 0, gh->m->npages); j < gh->m->npages;
	     j = machine_dirty_next(rmp, j + 1, gh->m->npages))
		machine_dirty_add(look, (unsigned)(gh->m->rmp[j].gpa >> PAGE_SHIFT));
	for (unsigned i = 0; i < gh->m->npages; i++)
		if (gh->state->breached[i] & BREACH_INTEGRITY)
			machine_dirty_add(look, i);
}

void ghost_invariants_changed(struct ghost *gh, struct hal_site site, unsigned vcpu)
{
	const struct machine_dirty *d = &gh->m->dirty[WATCH_INVARIANTS];
	if (d->all) {
		ghost_invariants(gh, site, vcpu);
		return;
	}
	uint64_t look[MACHINE_DIRTY_WORDS];
	look_at(gh, look);
	unsigned n = gh->m->npages;
	/* Double validation is judged over all entries: again only when one changed. */
	uint8_t dbl[MACHINE_MAX_PAGES];
	bool rmp_changed = machine_dirty_next(d->bits[DIRTY_RMP], 0, n) < n;
	if (rmp_changed) {
		memset(dbl, 0, n);
		double_validation(gh->m, dbl);
	}
	for (unsigned i = 0; i < n; i++) {
		if (!rmp_changed)
			dbl[i] = gh->state->breached[i] & BREACH_DOUBLE;
		else if (dbl[i] != (gh->state->breached[i] & BREACH_DOUBLE))
			machine_dirty_add(look, i);
	}
	for (unsigned i = machine_dirty_next(look, 0, n); i < n; i = machine_dirty_next(look, i + 1, n))
		settle(gh, site, vcpu, i, dbl[i]);
	looked(gh);
}

void ghost_set_owner(struct ghost_state *st, uint64_t page, uint8_t owner)
{
	if (page >= MACHINE_MAX_PAGES)
		return;
	st->owner[page] = owner;
	machine_dirty_add(st->owner_changed, (unsigned)page);
}
