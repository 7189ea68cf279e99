/*
 * invariants.c: properties of the whole state, checked after every step.
 *
 * A breach is reported when it appears, not again on every later step
 * while it lasts: ghost.breached remembers, per page, which invariants
 * were broken at the last check.
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
 * Pages past npages need no look: no system page is there, and no guest
 * page there can be the module's (its owner stays OWNER_NONE).
 */
void ghost_invariants(struct ghost *gh, struct hal_site site, unsigned vcpu)
{
	uint8_t now[MACHINE_MAX_PAGES];
	unsigned vmpl[MACHINE_MAX_PAGES];
	unsigned n = gh->m->npages;
	for (unsigned i = 0; i < n; i++) {
		vmpl[i] = 0;
		now[i] = confidentiality(gh->m, i, &vmpl[i]) | vmsa_safety(gh->m, i) | integrity(gh, i);
	}
	double_validation(gh->m, now);
	for (unsigned i = 0; i < n; i++) {
		uint8_t fresh = now[i] & ~gh->state->breached[i];
		if (fresh)
			report_new(gh, site, vcpu, i, fresh, vmpl[i]);
		gh->state->breached[i] = now[i];
	}
}
