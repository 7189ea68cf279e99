/*
 * test_conformance_scope.h: the small scope the conformance test runs
 * exhaustively.
 *
 * One page is under test: GPA 0x200000, backed by the SPA 0x200000 of a
 * 1024-page machine (2M-aligned both, so 2M operands fit) or by the next
 * SPA (not 2M-aligned), or by nothing. A scope is a list of dimensions,
 * each a small range of values (a digit of a mixed-radix number); its
 * setup turns one combination into a machine state and an operation.
 * Every combination is checked, so a scope of dimensions of sizes
 * 128 x 4 x 5 is 2,560 transitions.
 */
#ifndef TEST_CONFORMANCE_SCOPE_H
#define TEST_CONFORMANCE_SCOPE_H

#include "test_conformance_random.h"

#define SCOPE_DIMS 10
#define SCOPE_GPA 0x200000ull
#define SCOPE_SPA 0x200000ull
#define PAST_MEMORY ((uint64_t)MACHINE_MAX_PAGES * PAGE_SIZE)

struct scope {
	const char *name;
	unsigned dims;
	unsigned radix[SCOPE_DIMS];
	void (*setup)(struct machine *m, const unsigned *digit, struct conform_in *in);
};

/* The next combination; false after the last. */
static inline bool scope_next(const struct scope *sc, unsigned *digit)
{
	for (unsigned i = 0; i < sc->dims; i++) {
		if (++digit[i] < sc->radix[i])
			return true;
		digit[i] = 0;
	}
	return false;
}

static inline unsigned long scope_size(const struct scope *sc)
{
	unsigned long n = 1;
	for (unsigned i = 0; i < sc->dims; i++)
		n *= sc->radix[i];
	return n;
}

/* --- the page under test ------------------------------------------------------ */

/* Where the NPT maps the page's GPA. */
enum npt_case { TO_SPA, TO_NEXT_SPA, UNMAPPED_GPA, PAST_MEMORY_SPA, NPT_CASES };

struct page_case {
	bool assigned, immutable, validated, vmsa, two_m, other_asid, other_gpa, running;
	enum npt_case npt;
	uint8_t perms[VMPL_COUNT];
	uint8_t label;
};

/* The 7 RMP fields that matter, as the bits of one digit (0..127). */
#define ENTRY_CASES 128
static inline void entry_bits(struct page_case *pc, unsigned bits)
{
	pc->assigned = bits & 1;
	pc->immutable = bits & 2;
	pc->validated = bits & 4;
	pc->vmsa = bits & 8;
	pc->two_m = bits & 16;
	pc->other_asid = bits & 32;
	pc->other_gpa = bits & 64;
}

/* The SPA whose entry the page case describes. */
static inline uint64_t case_spa(const struct page_case *pc)
{
	return pc->npt == TO_NEXT_SPA ? SCOPE_SPA + PAGE_SIZE : SCOPE_SPA;
}

/* Puts the page under test into m; returns the SPA of its entry. */
static inline uint64_t place_page(struct machine *m, const struct page_case *pc)
{
	uint64_t spa = case_spa(pc);
	static const uint64_t npt[NPT_CASES] = {
		[TO_SPA] = SCOPE_SPA, [TO_NEXT_SPA] = SCOPE_SPA + PAGE_SIZE,
		[UNMAPPED_GPA] = NPT_UNMAPPED, [PAST_MEMORY_SPA] = PAST_MEMORY,
	};
	npt_map(m, SCOPE_GPA, npt[pc->npt]);
	struct rmp_entry *e = &m->rmp[spa >> PAGE_SHIFT];
	*e = (struct rmp_entry){
		.assigned = pc->assigned, .immutable = pc->immutable, .validated = pc->validated,
		.vmsa = pc->vmsa, .page_size = pc->two_m ? PSIZE_2M : PSIZE_4K,
		.asid = pc->other_asid ? m->asid + 1 : m->asid,
		.gpa = pc->other_gpa ? SCOPE_GPA + PAGE_SIZE : SCOPE_GPA,
	};
	memcpy(e->perms, pc->perms, sizeof(e->perms));
	e->perms[0] = 0;
	m->label[spa >> PAGE_SHIFT] = pc->label ? pc->label : LABEL_PUBLIC;
	if (pc->running) {
		m->vcpu[0].mode = VCPU_GUEST;
		m->vcpu[0].vmsa_spa = spa;
	}
	return spa;
}

static inline void perms_all(struct page_case *pc, uint8_t p)
{
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		pc->perms[v] = p;
}

/* --- PVALIDATE: entry x NPT x vmpl x size x validate x alignment ---------------- */

static void pvalidate_setup(struct machine *m, const unsigned *d, struct conform_in *in)
{
	struct page_case pc = { .npt = d[1] };
	entry_bits(&pc, d[0]);
	perms_all(&pc, PERM_R | PERM_W);
	place_page(m, &pc);
	*in = (struct conform_in){ .op = CONFORM_PVALIDATE, .vmpl = d[2], .size = d[3],
	                           .validate = d[4], .addr = SCOPE_GPA + (d[5] ? 8 : 0) };
}

static const struct scope pvalidate_scope = {
	"pvalidate: entry x NPT x vmpl 0-4 x size 0-2 x validate x alignment", 6,
	{ ENTRY_CASES, NPT_CASES, VMPL_COUNT + 1, 3, 2, 2 }, pvalidate_setup,
};

/* --- RMPADJUST: entry x NPT x running x (vmpl, target) x size x VMSA bit --------- */

static void rmpadjust_setup(struct machine *m, const unsigned *d, struct conform_in *in)
{
	/* Caller and target: allowed pairs, target not below the caller, target past VMPL3. */
	static const unsigned pairs[][2] = { { 0, 1 }, { 0, 3 }, { 1, 2 }, { 2, 3 }, { 2, 1 }, { 0, 4 } };
	static const enum npt_case npts[] = { TO_SPA, TO_NEXT_SPA, UNMAPPED_GPA };
	struct page_case pc = { .npt = npts[d[1]], .running = d[2] };
	entry_bits(&pc, d[0]);
	perms_all(&pc, PERM_R | PERM_W);
	place_page(m, &pc);
	uint64_t attrs = RMPADJUST_ATTRS(pairs[d[3]][1], PERM_R) | (d[5] ? RMPADJUST_VMSA : 0);
	*in = (struct conform_in){ .op = CONFORM_RMPADJUST, .vmpl = pairs[d[3]][0], .size = d[4],
	                           .attrs = attrs, .addr = SCOPE_GPA };
}

static const struct scope rmpadjust_scope = {
	"rmpadjust: entry x NPT x running x (vmpl, target) x size x VMSA bit", 6,
	{ ENTRY_CASES, 3, 2, 6, 2, 2 }, rmpadjust_setup,
};

/* --- RMPADJUST: vmpl x target x own perms x requested perms x VMSA x reserved ----- */

static void rmpadjust_perms_setup(struct machine *m, const unsigned *d, struct conform_in *in)
{
	unsigned vmpl = d[0], target = d[1];
	struct page_case pc = { .assigned = true, .validated = true, .npt = TO_SPA };
	/* The caller holds d[2]; the others hold something else, which the grant replaces. */
	perms_all(&pc, (uint8_t)(d[2] ^ 0x5));
	if (vmpl > 0)
		pc.perms[vmpl] = (uint8_t)d[2];
	place_page(m, &pc);
	uint64_t attrs = RMPADJUST_ATTRS(target, d[3]) | (d[4] ? RMPADJUST_VMSA : 0) |
	                 (d[5] ? 1ull << 20 : 0);
	*in = (struct conform_in){ .op = CONFORM_RMPADJUST, .vmpl = vmpl, .size = PSIZE_4K,
	                           .attrs = attrs, .addr = SCOPE_GPA };
}

static const struct scope rmpadjust_perms_scope = {
	"rmpadjust: vmpl 0-3 x target 0-4 x own perms x requested perms x VMSA x reserved bit",
	6, { VMPL_COUNT, VMPL_COUNT + 1, 16, 16, 2, 2 }, rmpadjust_perms_setup,
};

/* --- RMPUPDATE: entry x running x SPA x every field of the update ----------------- */

/* The SPAs a hypervisor instruction is aimed at. */
static const uint64_t hv_spas[] = {
	SCOPE_SPA, SCOPE_SPA + PAGE_SIZE, SCOPE_SPA + 0x10, PAST_MEMORY,
};

/* The entry under test at the SPA an instruction is aimed at (5 bits of fields). */
static inline void place_hv_page(struct machine *m, unsigned bits, bool running, uint64_t spa)
{
	struct page_case pc = { .running = running,
	                        .npt = spa == SCOPE_SPA + PAGE_SIZE ? TO_NEXT_SPA : TO_SPA };
	entry_bits(&pc, bits);
	perms_all(&pc, PERM_R);
	place_page(m, &pc);
}

static void rmpupdate_setup(struct machine *m, const unsigned *d, struct conform_in *in)
{
	static const uint64_t gpas[] = { SCOPE_GPA, SCOPE_GPA + PAGE_SIZE, SCOPE_GPA + 8 };
	uint64_t spa = hv_spas[d[2]];
	place_hv_page(m, d[0], d[1], spa);
	*in = (struct conform_in){
		.op = CONFORM_RMPUPDATE, .addr = spa,
		.update = { .assigned = d[3], .immutable = d[4], .page_size = (uint8_t)d[5],
		            .asid = d[6] ? m->asid + 1 : m->asid, .gpa = gpas[d[7]] },
	};
}

static const struct scope rmpupdate_scope = {
	"rmpupdate: entry x running x SPA x assigned x immutable x size 0-2 x ASID x GPA", 8,
	{ 32, 2, 4, 2, 2, 3, 2, 3 }, rmpupdate_setup,
};

static void psmash_setup(struct machine *m, const unsigned *d, struct conform_in *in)
{
	uint64_t spa = hv_spas[d[2]];
	place_hv_page(m, d[0], d[1], spa);
	*in = (struct conform_in){ .op = CONFORM_PSMASH, .addr = spa };
}

static const struct scope psmash_scope = {
	"psmash: entry x running x SPA", 3, { 32, 2, 4 }, psmash_setup,
};

/* --- translate: entry x NPT x (vmpl, its perms) x C-bit x kind -------------------- */

static void translate_setup(struct machine *m, const unsigned *d, struct conform_in *in)
{
	static const enum access_kind kinds[] = { ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC };
	/* d[2]: VMPL1-3 with each of the 16 permission sets, then VMPL0, then VMPL4 (no such). */
	unsigned vmpl = d[2] < 48 ? 1 + d[2] / 16 : d[2] == 48 ? 0 : VMPL_COUNT;
	uint8_t perms = (uint8_t)(d[2] % 16);
	struct page_case pc = { .npt = d[1] };
	/* assigned, immutable, validated, other ASID, other GPA: what an access reads. */
	entry_bits(&pc, (d[0] & 7) | (d[0] & 24) << 2);
	perms_all(&pc, (uint8_t)(perms ^ 0xf));
	if (vmpl >= 1 && vmpl < VMPL_COUNT)
		pc.perms[vmpl] = perms;
	place_page(m, &pc);
	*in = (struct conform_in){ .op = CONFORM_TRANSLATE, .vmpl = vmpl, .addr = SCOPE_GPA + 0x123,
	                           .cbit = d[3], .kind = kinds[d[4]] };
}

static const struct scope translate_scope = {
	"translate: entry x NPT x (vmpl 0-4, perms) x C-bit x kind", 5,
	{ 32, NPT_CASES, 50, 2, 3 }, translate_setup,
};

/* --- read and write: page x C-bit x vmpl x perms x offset x length x labels ------- */

static void read_write_setup(struct machine *m, const unsigned *d, struct conform_in *in)
{
	static const uint8_t perms[] = { 0, PERM_R, PERM_W, PERM_R | PERM_W };
	static const uint64_t offsets[] = { 0, 0x10, 0xff0 };
	static const uint64_t lens[] = { 0, 1, 16, PAGE_SIZE, PAGE_SIZE + 1 };
	static const uint8_t labels[] = { LABEL_VMPL(0), LABEL_PUBLIC };
	/* d[1]: a validated private page, a private page not validated, a hypervisor page. */
	struct page_case pc = { .assigned = d[1] < 2, .validated = d[1] == 0, .npt = TO_SPA,
	                        .label = labels[d[8]] };
	perms_all(&pc, perms[d[4]]);
	place_page(m, &pc);
	*in = (struct conform_in){ .op = d[0] ? CONFORM_WRITE : CONFORM_READ, .cbit = d[2],
	                           .vmpl = d[3], .addr = SCOPE_GPA + offsets[d[5]],
	                           .len = lens[d[6]], .label = labels[d[7]] };
}

static const struct scope read_write_scope = {
	"read, write: page x C-bit x vmpl 0-1 x perms x offset x length x label x old label", 9,
	{ 2, 3, 2, 2, 4, 3, 5, 2, 2 }, read_write_setup,
};

#endif
