/*
 * state.c: the key by which the search recognises a state it has met.
 *
 * A state is more than the machine: each vCPU's module may be stopped in
 * the middle of a call, with local variables on its coroutine's stack that
 * no snapshot sees. The module's control flow depends on its environment
 * only through HAL outcomes and the bytes it reads (svsm/hal.h), and on
 * struct svsm, which is part of the machine's state. So a vCPU's position
 * is its scheduler state, the HAL call it is stopped before, its place in
 * its guest program, and a digest of everything its current call has seen
 * so far: two positions with the same digest have the same locals.
 *
 * The machine's part is sim_hash()'s state (machine, module, ghost owners,
 * the guest's memory of its CAAs), but computed incrementally: sim_hash()
 * reads every byte of memory, which costs more than running a step, while
 * most steps change one page or none. RMP entries and labels past the end
 * of memory are left out: nothing can change them.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#define SEED 0xcbf29ce484222325ull

static uint64_t hash_page(const uint8_t *page)
{
	return hash_bytes(SEED, page, PAGE_SIZE);
}

int fingerprint_init(struct fingerprint *f, const struct sim *s)
{
	f->npages = s->m.npages;
	f->copy = malloc((size_t)f->npages * PAGE_SIZE);
	if (!f->copy)
		return -1;
	memcpy(f->copy, s->m.mem, (size_t)f->npages * PAGE_SIZE);
	for (unsigned i = 0; i < f->npages; i++)
		f->page_hash[i] = hash_page(f->copy + (size_t)i * PAGE_SIZE);
	return 0;
}

void fingerprint_free(struct fingerprint *f)
{
	free(f->copy);
	f->copy = NULL;
}

uint64_t fingerprint_sim(struct fingerprint *f, const struct sim *s)
{
	const struct machine *m = &s->m;
	uint64_t h = SEED;
	for (unsigned i = 0; i < f->npages; i++) {
		size_t off = (size_t)i * PAGE_SIZE;
		if (memcmp(m->mem + off, f->copy + off, PAGE_SIZE) != 0) {
			memcpy(f->copy + off, m->mem + off, PAGE_SIZE);
			f->page_hash[i] = hash_page(f->copy + off);
		}
		h = hash_u64(h, f->page_hash[i]);
		h = hash_rmp_entry(h, &m->rmp[i]);
	}
	h = hash_bytes(h, m->label, f->npages);
	h = hash_bytes(h, m->npt, sizeof(m->npt));
	for (unsigned i = 0; i < MACHINE_MAX_VCPUS; i++)
		h = hash_vcpu(h, &m->vcpu[i]);
	h = hash_u64(h, state_svsm_hash(s));
	h = hash_u64(h, s->sv.lock.holder);
	return sim_hash_outside(h, s);
}

/*
 * Like sim_hash(): struct svsm's padding stays zero (sim.c), so its bytes
 * will do. The lock word is left out: taking and releasing the lock are
 * judged as lock moves (footprint.c), not as changes to the module's data.
 */
uint64_t state_svsm_hash(const struct sim *s)
{
	struct svsm sv = s->sv;
	sv.lock.holder = 0;
	return hash_bytes(SEED, &sv, sizeof(sv));
}

/* The bytes a read HAL call returned, read again: nothing has changed them since. */
static uint64_t digest_bytes_read(uint64_t h, const struct sim *s, const struct sim_event *ev)
{
	uint64_t gpa, len;
	switch (ev->op) {
	case OP_READ_GUEST:
		gpa = ev->args[0], len = ev->args[1];
		break;
	case OP_VMSA_READ:
		gpa = ev->args[0] + ev->args[1], len = ev->args[2];
		break;
	case OP_CAA_READ_PENDING:
		gpa = ev->args[0] + CAA_CALL_PENDING, len = 1;
		break;
	default:
		return h;
	}
	uint8_t buf[PAGE_SIZE];
	if (!hw_succeeded(ev->out) || len > sizeof(buf))
		return h;
	machine_read(&s->m, 0, gpa, true, buf, len);
	return hash_bytes(h, buf, len);
}

uint64_t state_digest_step(uint64_t digest, const struct sim *s, const struct sim_event *ev)
{
	if (!ev)
		return hash_u64(digest, UINT64_MAX);
	uint64_t h = hash_u64(digest, ev->op);
	for (unsigned i = 0; i < 3; i++)
		h = hash_u64(h, ev->args[i]);
	h = hash_u64(h, (uint64_t)ev->out.rc | (uint64_t)ev->out.cf << 32 |
	                (uint64_t)ev->out.fault << 40);
	h = hash_u64(h, ev->out.code);
	return digest_bytes_read(h, s, ev);
}

uint64_t state_key(struct engine *e, const struct pathctx *p)
{
	uint64_t h = fingerprint_sim(&e->fpr, e->st.s);
	for (unsigned v = 0; v < e->sn.vcpus; v++) {
		const struct sched_vcpu *sv = &e->st.sc->v[v];
		h = hash_u64(h, sv->state);
		h = hash_u64(h, p->pc[v]);
		if (sv->state != SCHED_IDLE)
			h = hash_u64(h, p->digest[v]);
		const struct sim_event *next = sched_next(e->st.sc, v);
		if (next) {
			h = hash_u64(h, next->op);
			h = hash_u64(h, (uint64_t)(uintptr_t)next->site.file);
			h = hash_u64(h, (uint64_t)next->site.line);
			for (unsigned i = 0; i < 3; i++)
				h = hash_u64(h, next->args[i]);
		}
	}
	/* Who ran last matters only to the count of preemptions. */
	if (e->o->preemptions != CHECK_UNBOUNDED)
		h = hash_u64(h, (uint64_t)(int64_t)p->last);
	return h;
}
