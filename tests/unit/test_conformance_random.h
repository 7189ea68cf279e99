/*
 * test_conformance_random.h: random transitions for the conformance test.
 *
 * A seeded generator (xorshift64*, so a seed repeats a run exactly), the
 * machines the transitions run on, random inputs biased towards the cases
 * that get past the first checks (mapped GPAs, the guest's own ASID,
 * identity bindings), and random pokes at the state between transitions,
 * so that states no sequence of instructions reaches are checked too.
 */
#ifndef TEST_CONFORMANCE_RANDOM_H
#define TEST_CONFORMANCE_RANDOM_H

#include <stdlib.h>
#include <string.h>

#include "../../explorer/verify/conform.h"

#define SMALL_PAGES 16      /* the smallest machine machine_init accepts */
#define SECOND_2M   0x200000ull   /* the big machine's 2M region of interest */

struct rng {
	uint64_t s;
};

static inline uint64_t rng_next(struct rng *r)
{
	if (r->s == 0)
		r->s = 0x9e3779b97f4a7c15ull;   /* xorshift never leaves 0 */
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 0x2545f4914f6cdd1dull;
}

static inline unsigned rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

/* true with probability percent / 100 */
static inline bool rng_chance(struct rng *r, unsigned percent)
{
	return rng_below(r, 100) < percent;
}

/* --- machines ---------------------------------------------------------------- */

/* Which GPAs a fresh test machine maps (identity), before any poke. */
enum npt_start {
	NPT_ALL,       /* every page of memory, as machine_init does */
	NPT_WINDOWS,   /* a few windows: keeps a big machine's encoding small */
	NPT_NOTHING,   /* none: the small scope maps what it needs */
};

/*
 * A machine, the copy of it taken before each transition, and its fresh
 * tables to go back to: a reset copies the tables and keeps the memory
 * (whose contents are not part of the spec's state), so that 100,000
 * transitions do not allocate 100,000 memories.
 */
struct bench {
	struct machine *m, *pre, *fresh;
};

static inline void bench_open(struct bench *b, unsigned pages, enum npt_start npt)
{
	b->m = malloc(sizeof(*b->m));
	b->pre = malloc(sizeof(*b->pre));
	b->fresh = malloc(sizeof(*b->fresh));
	assert_non_null(b->m);
	assert_non_null(b->pre);
	assert_non_null(b->fresh);
	struct machine_config cfg = { .pages = pages, .vcpus = 2 };
	assert_int_equal(machine_init(b->m, &cfg, NULL), 0);
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++) {
		bool window = i < 16 || (i >= 512 && i < 528) || i >= 1016;
		if (npt == NPT_NOTHING || (npt == NPT_WINDOWS && !window))
			npt_unmap(b->m, (uint64_t)i * PAGE_SIZE);
	}
	*b->fresh = *b->m;
}

static inline void bench_reset(struct bench *b)
{
	uint8_t *mem = b->m->mem;
	*b->m = *b->fresh;
	b->m->mem = mem;
}

static inline void bench_close(struct bench *b)
{
	machine_free(b->m);
	free(b->m);
	free(b->pre);
	free(b->fresh);
}

/* --- random inputs ---------------------------------------------------------- */

/* A page number where things happen: anywhere on a small machine, the windows on a big one. */
static inline uint64_t random_page(struct rng *r, const struct machine *m)
{
	if (m->npages <= SMALL_PAGES)
		return rng_below(r, m->npages + 4);
	switch (rng_below(r, 4)) {
	case 0: return rng_below(r, 16);
	case 1: return 512 + rng_below(r, 512);
	default: return 512 + rng_below(r, 16);
	}
}

/*
 * An address: mostly a page, sometimes unaligned, 2M-aligned (often on
 * the big machine, where 2M entries fit), or anything at all.
 */
static inline uint64_t random_addr(struct rng *r, const struct machine *m)
{
	if (m->npages > SMALL_PAGES && rng_chance(r, 25))
		return rng_chance(r, 80) ? SECOND_2M : (uint64_t)rng_below(r, 3) * PAGE_SIZE_2M;
	switch (rng_below(r, 20)) {
	case 0: return rng_next(r);
	case 1: return random_page(r, m) * PAGE_SIZE + 8;
	case 2: return random_page(r, m) * PAGE_SIZE + PAGE_SIZE - 8;
	case 3: return (uint64_t)rng_below(r, 2) * PAGE_SIZE_2M;
	default: return random_page(r, m) * PAGE_SIZE;
	}
}

static inline unsigned random_vmpl(struct rng *r, unsigned percent_zero)
{
	return rng_chance(r, percent_zero) ? 0 : rng_below(r, VMPL_COUNT + 1);
}

static inline unsigned random_size(struct rng *r, const struct machine *m)
{
	if (rng_chance(r, 3))
		return 2 + rng_below(r, 3);
	return rng_chance(r, m->npages > SMALL_PAGES ? 40 : 5) ? PSIZE_2M : PSIZE_4K;
}

static inline uint64_t random_attrs(struct rng *r)
{
	uint64_t target = rng_chance(r, 90) ? 1 + rng_below(r, 3) : rng_below(r, 256);
	uint64_t attrs = RMPADJUST_ATTRS(target, rng_below(r, 16));
	if (rng_chance(r, 15))
		attrs |= RMPADJUST_VMSA;
	if (rng_chance(r, 3))
		attrs |= 1ull << (12 + rng_below(r, 52));   /* maybe a reserved bit */
	return attrs;
}

static inline void random_update(struct rng *r, const struct machine *m, uint64_t spa,
                                 struct rmp_update *u)
{
	u->assigned = rng_chance(r, 85);
	u->immutable = rng_chance(r, 5);
	u->page_size = rng_chance(r, 2) ? 2 : rng_chance(r, m->npages > SMALL_PAGES ? 40 : 5);
	u->asid = rng_chance(r, 90) ? m->asid : m->asid + 1;
	uint64_t len = u->page_size == PSIZE_2M ? PAGE_SIZE_2M : PAGE_SIZE;
	switch (rng_below(r, 10)) {
	case 0: u->gpa = random_addr(r, m); break;
	case 1: case 2: u->gpa = random_page(r, m) * PAGE_SIZE; break;
	default: u->gpa = spa - spa % len; break;   /* identity: what an honest hypervisor does */
	}
}

static inline uint64_t random_len(struct rng *r)
{
	static const uint64_t lens[] = { 0, 1, 8, 16, PAGE_SIZE - 1, PAGE_SIZE, PAGE_SIZE + 1 };
	return rng_chance(r, 80) ? lens[rng_below(r, 7)] : rng_below(r, 2 * PAGE_SIZE);
}

static inline void random_input(struct rng *r, const struct machine *m, struct conform_in *in)
{
	static const enum access_kind kinds[] = { ACCESS_READ, ACCESS_WRITE, ACCESS_EXEC };
	static const enum conform_op ops[] = {
		CONFORM_PVALIDATE, CONFORM_PVALIDATE, CONFORM_RMPADJUST, CONFORM_RMPADJUST,
		CONFORM_RMPUPDATE, CONFORM_RMPUPDATE, CONFORM_PSMASH, CONFORM_TRANSLATE,
		CONFORM_TRANSLATE, CONFORM_READ, CONFORM_WRITE,
	};
	memset(in, 0, sizeof(*in));
	in->op = ops[rng_below(r, sizeof(ops) / sizeof(ops[0]))];
	in->addr = random_addr(r, m);
	switch (in->op) {
	case CONFORM_PVALIDATE:
		in->vmpl = random_vmpl(r, 85);
		in->size = random_size(r, m);
		in->validate = rng_chance(r, 60);
		break;
	case CONFORM_RMPADJUST:
		in->vmpl = random_vmpl(r, 70);
		in->size = random_size(r, m);
		in->attrs = random_attrs(r);
		break;
	case CONFORM_RMPUPDATE:
		random_update(r, m, in->addr, &in->update);
		break;
	case CONFORM_PSMASH:
		break;
	case CONFORM_TRANSLATE:
	case CONFORM_READ:
	case CONFORM_WRITE:
		in->vmpl = random_vmpl(r, 40);
		in->cbit = rng_chance(r, 75);
		in->kind = kinds[rng_below(r, 3)];
		in->len = random_len(r);
		in->label = (uint8_t)(rng_chance(r, 90) ? rng_below(r, 32) : rng_next(r));
		break;
	case CONFORM_OPS:
		break;
	}
}

/* --- random pokes at the state ---------------------------------------------- */

/* Changes one field of one RMP entry to a random value. */
static inline void poke_entry(struct rng *r, struct machine *m, struct rmp_entry *e)
{
	switch (rng_below(r, 9)) {
	case 0: e->assigned ^= 1; break;
	case 1: e->immutable ^= rng_chance(r, 30); break;
	case 2: e->validated ^= 1; break;
	case 3: e->vmsa ^= 1; break;
	case 4: e->asid = rng_chance(r, 70) ? m->asid : m->asid + 1 + rng_below(r, 3); break;
	case 5: e->gpa = random_addr(r, m) & ~(uint64_t)(PAGE_SIZE - 1); break;
	case 6: e->perms[1 + rng_below(r, 3)] = (uint8_t)rng_below(r, 16); break;
	/* A 2M entry on a small machine spans pages past memory: rare, and slow to check. */
	case 7: e->page_size = rng_chance(r, m->npages > SMALL_PAGES ? 30 : 2); break;
	default: e->validated = e->assigned = true; e->asid = m->asid; break;
	}
}

static inline void scramble(struct rng *r, struct machine *m)
{
	uint64_t page = random_page(r, m) % MACHINE_MAX_PAGES;
	switch (rng_below(r, 5)) {
	case 0:   /* the NPT: anywhere, even past memory, or nowhere */
		if (rng_chance(r, 20))
			npt_unmap(m, page * PAGE_SIZE);
		else
			npt_map(m, page * PAGE_SIZE, random_page(r, m) * PAGE_SIZE);
		break;
	case 1: {   /* a vCPU starts or stops running a save area */
		struct vcpu *v = &m->vcpu[rng_below(r, 2)];
		v->mode = rng_chance(r, 50) ? VCPU_GUEST : VCPU_OFF;
		v->vmsa_spa = random_page(r, m) * PAGE_SIZE + (rng_chance(r, 5) ? 8 : 0);
		break;
	}
	case 2:
		m->label[page] = (uint8_t)rng_below(r, 32);
		break;
	default:
		if (page < m->npages)
			poke_entry(r, m, &m->rmp[page]);
		break;
	}
}

#endif
