/*
 * bookkeeping.c: the module's own tables against the machine and the
 * ghost owners, judged at rest.
 *
 * The module decides what to do with a page by its tables in struct svsm
 * (svsm/svsm.h): the validated bitmap, the pool, the vCPU registry, each
 * vCPU's activity word. A table that is wrong breaks nothing at once: the
 * harm comes in a later call that trusts it (a GPA validated twice, a
 * page handed out that the module still holds, a vCPU never served
 * again). So the tables are held to what they describe after every call,
 * and the call that damages them is the one reported.
 *
 * "At rest" means no call is under way on any vCPU: a call half done may
 * have changed an owner and not yet the registry (CREATE_VCPU:
 * ghost_own(VMSA), then the slot). With two vCPUs a call can end while
 * the other's is under way; the judgement then waits for the call that
 * ends last. (Not "the lock is free": a module that changes its tables
 * without the lock, as the mutant dp-remap-unlocked does, would then be
 * judged half way through a call, and its real fault, the data race, be
 * reported as something else.)
 *
 * The module's state is read here, never written: the simulator hands
 * it over in struct ghost (sim.h: GHOST), as it hands over the machine.
 * Its bitmaps are read here directly, not with the module's bitmap_test:
 * the module's code is what the race check watches (docs/races.md), and
 * a read by the check is no access of the module.
 */
#include <inttypes.h>
#include <string.h>

#include "ghost.h"

_Static_assert(SVSM_MAX_PAGES == MACHINE_MAX_PAGES, "the module's bitmaps cover the ghost's pages");

enum {
	REST_COVERS = 1 << 0,
	REST_MATCHES = 1 << 1,
	REST_IDLE = 1 << 2,
	REST_SECRETS = 1 << 3,
	REST_MODULE = 1 << 4,
};

/* One of the module's bitmaps (svsm/lib/bitmap.c's layout: bit g is bit g % 8 of byte g / 8) as words. */
static void module_bitmap(const uint8_t *map, uint64_t *set)
{
	for (unsigned w = 0; w < MACHINE_DIRTY_WORDS; w++) {
		set[w] = 0;
		for (unsigned b = 0; b < 8; b++)
			set[w] |= (uint64_t)map[w * 8 + b] << (8 * b);
	}
}

/* The pages of [base, base + size), as words (the judgement runs after every call: no page loop). */
static void page_range(uint64_t base, uint64_t size, uint64_t *set)
{
	uint64_t first = base >> PAGE_SHIFT, end = first + (size >> PAGE_SHIFT);
	for (unsigned w = 0; w < MACHINE_DIRTY_WORDS; w++) {
		uint64_t lo = (uint64_t)w * 64, hi = lo + 64;
		uint64_t from = first > lo ? first : lo, to = end < hi ? end : hi;
		if (from >= to)
			set[w] = 0;
		else
			set[w] = (to - from == 64 ? ~0ull : ((1ull << (to - from)) - 1)) << (from - lo);
	}
}

bool bookkeeping_has(const uint64_t *set, unsigned page)
{
	return page < MACHINE_MAX_PAGES && (set[page / 64] >> (page % 64) & 1);
}

static void add_gpa(uint64_t *set, uint64_t gpa)
{
	if ((gpa >> PAGE_SHIFT) < MACHINE_MAX_PAGES)
		machine_dirty_add(set, (unsigned)(gpa >> PAGE_SHIFT));
}

void bookkeeping_of(const struct svsm *sv, struct bookkeeping *bk)
{
	memset(bk, 0, sizeof(*bk));
	page_range(sv->p.guest_base, sv->p.guest_size, bk->ram);
	module_bitmap(sv->validated, bk->bitmap);
	module_bitmap(sv->pool, bk->pool);
	for (unsigned i = 0; i < SVSM_MAX_VCPUS; i++) {
		const struct svsm_vcpu *v = &sv->vcpus[i];
		if (v->used) {
			add_gpa(bk->vmsas, v->vmsa_gpa);
			add_gpa(bk->caas, v->caa_gpa);
		}
		if (v->has_retired)   /* a VMSA the module holds, as is_vmsa() counts it */
			add_gpa(bk->vmsas, v->retired_vmsa_gpa);
		if (v->activity != VCPU_IDLE)
			bk->busy |= (uint8_t)(1u << i);
	}
}

/* The validated guest page p bound to a GPA below the tables' end, or NULL. */
static const struct rmp_entry *bound_guest_page(const struct machine *m, unsigned p)
{
	const struct rmp_entry *e = &m->rmp[p];
	if (!e->assigned || e->asid != m->asid || !e->validated ||
	    e->gpa >= (uint64_t)MACHINE_MAX_PAGES << PAGE_SHIFT)
		return NULL;
	return e;
}

bool clause_bitmap_covers_validated(const struct machine *m, const struct bookkeeping *bk,
                                    uint64_t *bad)
{
	for (unsigned p = 0; p < m->npages; p++) {
		const struct rmp_entry *e = bound_guest_page(m, p);
		unsigned g = e ? (unsigned)(e->gpa >> PAGE_SHIFT) : 0;
		if (e && bookkeeping_has(bk->ram, g) && !bookkeeping_has(bk->bitmap, g)) {
			if (bad)
				*bad = (uint64_t)p << PAGE_SHIFT;
			return false;
		}
	}
	return true;
}

/*
 * Word by word, 64 pages at a time: the owners of the pages in memory as
 * sets (past memory the sets stay empty: the tables must list nothing
 * there), then each table against them.
 */
bool clause_bookkeeping_matches_owners(const uint8_t *owner, unsigned npages,
                                       const struct bookkeeping *bk, unsigned *bad)
{
	for (unsigned w = 0; w < MACHINE_DIRTY_WORDS; w++) {
		uint64_t vmsa = 0, caa = 0, module = 0, shared = 0;
		unsigned in_memory = npages > w * 64 ? npages - w * 64 : 0;
		for (unsigned i = 0; i < 64 && i < in_memory; i++) {
			uint8_t o = owner[w * 64 + i];
			vmsa |= (uint64_t)(o == OWNER_VMSA) << i;
			caa |= (uint64_t)(o == OWNER_CAA) << i;
			module |= (uint64_t)(o == OWNER_MODULE) << i;
			shared |= (uint64_t)(o == OWNER_SHARED) << i;
		}
		uint64_t mem = in_memory >= 64 ? ~0ull : (1ull << in_memory) - 1;
		uint64_t ram = bk->ram[w] & mem;
		uint64_t wrong = (bk->vmsas[w] ^ vmsa) | (bk->caas[w] ^ caa) |
		                 (bk->pool[w] ^ (ram & module)) | (bk->bitmap[w] ^ (ram & ~shared));
		if (wrong) {
			if (bad)
				*bad = w * 64 + (unsigned)__builtin_ctzll(wrong);
			return false;
		}
	}
	return true;
}

bool clause_guest_pages_hold_no_secrets(const struct machine *m, const uint8_t *owner,
                                        uint64_t *bad)
{
	for (unsigned p = 0; p < m->npages; p++) {
		const struct rmp_entry *e = bound_guest_page(m, p);
		if (e && owner[e->gpa >> PAGE_SHIFT] == OWNER_GUEST &&
		    !(m->label[p] & LABEL_VMPL(m->guest_vmpl))) {
			if (bad)
				*bad = (uint64_t)p << PAGE_SHIFT;
			return false;
		}
	}
	return true;
}

bool clause_vcpus_idle_between_calls(uint8_t busy, uint8_t in_call)
{
	return (busy & ~in_call) == 0;
}

/*
 * The pages of system memory that are not guest RAM are the module's
 * memory: its image and tables, the secrets page, the boot VMSA. None may
 * be the guest's (GUEST) or guest RAM the module left unvalidated
 * (SHARED): the owners say a page is the guest's only where the module
 * handed it over, and the module hands over only guest RAM. The boot
 * VMSA is the page this guards: once a re-online retires it, it is a VMSA
 * like any other, and DELETE_VCPU of it would "give back" a page the
 * guest never gave.
 */
bool clause_module_memory_never_guests(const uint8_t *owner, unsigned npages,
                                       const struct bookkeeping *bk, unsigned *bad)
{
	for (unsigned g = 0; g < npages && g < MACHINE_MAX_PAGES; g++)
		if (!bookkeeping_has(bk->ram, g) &&
		    (owner[g] == OWNER_GUEST || owner[g] == OWNER_SHARED)) {
			if (bad)
				*bad = g;
			return false;
		}
	return true;
}

/* What the module's tables say of GPA page g, for a message: "a VMSA, validated". */
static const char *listed_as(const struct bookkeeping *bk, unsigned g, char *buf, size_t n)
{
	static const char *const what[] = { "a VMSA", "a CAA", "in the pool", "validated" };
	const uint64_t *sets[] = { bk->vmsas, bk->caas, bk->pool, bk->bitmap };
	size_t len = 0;
	buf[0] = '\0';
	for (unsigned k = 0; k < 4 && len < n; k++)
		if (bookkeeping_has(sets[k], g))
			len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? ", " : "", what[k]);
	return len ? buf : "nothing";
}

static const char *activity_name(uint8_t a)
{
	static const char *const names[] = { "idle", "serving", "deleting", "replacing" };
	return a < sizeof(names) / sizeof(names[0]) ? names[a] : "unknown";
}

bool ghost_at_rest(const struct sim_call *calls)
{
	for (unsigned k = 0; k < SVSM_MAX_VCPUS; k++)
		if (calls[k].active)
			return false;
	return true;
}

void ghost_bookkeeping(struct ghost *gh, unsigned vcpu)
{
	const struct svsm *sv = gh->sv;
	if (!ghost_at_rest(gh->calls))
		return;
	struct bookkeeping bk;
	bookkeeping_of(sv, &bk);
	uint8_t in_call = 0;   /* at rest: no call of any vCPU is under way */
	uint64_t spa = 0;
	unsigned page = 0;
	uint8_t now = 0;
	if (!clause_bitmap_covers_validated(gh->m, &bk, &spa))
		now |= REST_COVERS;
	if (!clause_bookkeeping_matches_owners(gh->state->owner, gh->m->npages, &bk, &page))
		now |= REST_MATCHES;
	uint64_t secret = 0;
	if (!clause_guest_pages_hold_no_secrets(gh->m, gh->state->owner, &secret))
		now |= REST_SECRETS;
	if (!clause_vcpus_idle_between_calls(bk.busy, in_call))
		now |= REST_IDLE;
	unsigned module_page = 0;
	if (!clause_module_memory_never_guests(gh->state->owner, gh->m->npages, &bk, &module_page))
		now |= REST_MODULE;
	uint8_t fresh = now & ~gh->state->rest_breached;
	gh->state->rest_breached = now;
	struct hal_site none = { 0 };
	if (fresh & REST_COVERS)
		report_clause(gh->rec, CLAUSE_BITMAP_COVERS_VALIDATED, none, vcpu,
		              "SPA 0x%" PRIx64 " is validated for GPA 0x%" PRIx64 ", whose bit in "
		              "the module's validated bitmap is clear", spa,
		              gh->m->rmp[spa >> PAGE_SHIFT].gpa);
	if (fresh & REST_MATCHES) {
		char buf[64];
		report_clause(gh->rec, CLAUSE_BOOKKEEPING_MATCHES_OWNERS, none, vcpu,
		              "GPA 0x%" PRIx64 "%s is owned as %s, but the module lists it as %s",
		              (uint64_t)page << PAGE_SHIFT,
		              bookkeeping_has(bk.ram, page) ? " (guest RAM)" : "",
		              owner_name(gh->state->owner[page]), listed_as(&bk, page, buf, sizeof(buf)));
	}
	if (fresh & REST_SECRETS) {
		char lab[48];
		report_clause(gh->rec, CLAUSE_GUEST_PAGES_HOLD_NO_SECRETS, none, vcpu,
		              "SPA 0x%" PRIx64 ", validated for GPA 0x%" PRIx64 ", which is the "
		              "guest's, holds data only %s may read", secret,
		              gh->m->rmp[secret >> PAGE_SHIFT].gpa,
		              label_text(gh->m->label[secret >> PAGE_SHIFT], lab, sizeof(lab)));
	}
	if (fresh & REST_IDLE) {
		unsigned i = 0;
		while (!((bk.busy & ~in_call) >> i & 1))
			i++;
		report_clause(gh->rec, CLAUSE_VCPUS_IDLE_BETWEEN_CALLS, none, vcpu,
		              "vCPU %u's activity word is %s, but no call of it is under way", i,
		              activity_name(sv->vcpus[i].activity));
	}
	if (fresh & REST_MODULE)
		report_clause(gh->rec, CLAUSE_MODULE_MEMORY_NEVER_GUESTS, none, vcpu,
		              "GPA 0x%" PRIx64 " is module memory, but its owner is %s",
		              (uint64_t)module_page << PAGE_SHIFT,
		              owner_name(gh->state->owner[module_page]));
}
