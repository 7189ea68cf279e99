/*
 * snapshot.c: saving and restoring a whole machine (the explorer backtracks
 * with these) and a hash of its state (to recognise states already seen).
 * The hash reads fields one by one, never padding or the mem pointer, so
 * two equal states always hash equally.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

int machine_snapshot(const struct machine *m, struct machine_snapshot *s)
{
	size_t size = (size_t)m->npages * PAGE_SIZE;
	s->mem = malloc(size);
	if (!s->mem)
		return -1;
	memcpy(s->mem, m->mem, size);
	s->m = *m;
	s->m.mem = s->mem;
	return 0;
}

void machine_restore(struct machine *m, const struct machine_snapshot *s)
{
	assert(m->npages == s->m.npages);
	/* A snapshot of another machine would overrun m->mem: leave m as it is. */
	if (m->npages != s->m.npages)
		return;
	uint8_t *mem = m->mem;
	struct machine_keystream *keystream = m->keystream;
	*m = s->m;
	m->mem = mem;
	m->keystream = keystream;
	memcpy(m->mem, s->mem, (size_t)m->npages * PAGE_SIZE);
	machine_mark_all(m);
}

void machine_restore_changed(struct machine *m, const struct machine_snapshot *s)
{
	assert(m->npages == s->m.npages);
	struct machine_dirty *d = &m->dirty[WATCH_RESTORE];
	if (d->all || m->npages != s->m.npages) {
		machine_restore(m, s);
		machine_dirty_clear(m, WATCH_RESTORE);
		return;
	}
	/* The other watchers see what is put back as changed. */
	for (unsigned w = 0; w < MACHINE_WATCHERS; w++)
		for (unsigned t = 0; t < DIRTY_TABLES; t++)
			for (unsigned k = 0; k < MACHINE_DIRTY_WORDS; k++)
				m->dirty[w].bits[t][k] |= d->bits[t][k];
	const uint64_t *pages = d->bits[DIRTY_PAGE];
	for (unsigned i = machine_dirty_next(pages, 0, m->npages); i < m->npages;
	     i = machine_dirty_next(pages, i + 1, m->npages)) {
		memcpy(m->mem + (size_t)i * PAGE_SIZE, s->mem + (size_t)i * PAGE_SIZE, PAGE_SIZE);
		m->label[i] = s->m.label[i];
	}
	const uint64_t *rmp = d->bits[DIRTY_RMP];
	for (unsigned i = machine_dirty_next(rmp, 0, MACHINE_MAX_PAGES); i < MACHINE_MAX_PAGES;
	     i = machine_dirty_next(rmp, i + 1, MACHINE_MAX_PAGES))
		m->rmp[i] = s->m.rmp[i];
	const uint64_t *npt = d->bits[DIRTY_NPT];
	for (unsigned i = machine_dirty_next(npt, 0, MACHINE_MAX_PAGES); i < MACHINE_MAX_PAGES;
	     i = machine_dirty_next(npt, i + 1, MACHINE_MAX_PAGES))
		m->npt[i] = s->m.npt[i];
	memcpy(m->vcpu, s->m.vcpu, sizeof(m->vcpu));   /* not tracked: put back whole */
	machine_dirty_clear(m, WATCH_RESTORE);
}

void machine_snapshot_free(struct machine_snapshot *s)
{
	free(s->mem);
	s->mem = NULL;
	s->m.mem = NULL;
}

/*
 * A word-at-a-time multiplicative hash: a state is mostly memory, and a
 * byte-wise hash made hashing, not exploring, the search's cost. Whole
 * blocks of sixteen words go in sixteen lanes that do not wait for each
 * other (one lane's chain of multiplies was most of a state key's cost;
 * sixteen hash a page in less than half the time four did), folded
 * together after.
 */
#define HASH_SEED 0xcbf29ce484222325ull
#define HASH_LANES 16

uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
	const uint8_t *b = p;
	if (n >= 8 * HASH_LANES) {
		uint64_t lane[HASH_LANES];
		for (unsigned k = 0; k < HASH_LANES; k++)
			lane[k] = h + k;
		for (; n >= 8 * HASH_LANES; b += 8 * HASH_LANES, n -= 8 * HASH_LANES)
			for (unsigned k = 0; k < HASH_LANES; k++) {
				uint64_t w;
				memcpy(&w, b + 8 * k, 8);
				lane[k] = hash_u64(lane[k], w);
			}
		for (unsigned k = 0; k < HASH_LANES; k++)
			h = hash_u64(h, lane[k]);
	}
	for (; n >= 8; b += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, b, 8);
		h = hash_u64(h, w);
	}
	uint64_t tail = 0;
	memcpy(&tail, b, n);
	return hash_u64(h, tail ^ ((uint64_t)n << 56));
}

uint64_t hash_rmp_entry(uint64_t h, const struct rmp_entry *e)
{
	h = hash_u64(h, e->assigned);
	h = hash_u64(h, e->immutable);
	h = hash_u64(h, e->validated);
	h = hash_u64(h, e->vmsa);
	h = hash_u64(h, e->page_size);
	h = hash_u64(h, e->asid);
	h = hash_u64(h, e->gpa);
	return hash_bytes(h, e->perms, VMPL_COUNT);
}

uint64_t hash_vcpu(uint64_t h, const struct vcpu *v)
{
	h = hash_u64(h, v->mode);
	h = hash_u64(h, v->apic_id);
	h = hash_u64(h, v->vmsa_spa);
	return hash_u64(h, v->ghcb_msr);
}

uint64_t machine_hash(const struct machine *m)
{
	uint64_t h = HASH_SEED;
	h = hash_u64(h, m->npages);
	h = hash_u64(h, m->asid);
	h = hash_u64(h, m->guest_vmpl);
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++) {
		h = hash_rmp_entry(h, &m->rmp[i]);
		h = hash_u64(h, m->npt[i]);
	}
	h = hash_bytes(h, m->label, MACHINE_MAX_PAGES);
	for (unsigned i = 0; i < MACHINE_MAX_VCPUS; i++)
		h = hash_vcpu(h, &m->vcpu[i]);
	if (m->mem)
		h = hash_bytes(h, m->mem, (size_t)m->npages * PAGE_SIZE);
	return h;
}
