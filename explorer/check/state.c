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
 * The machine's part covers sim_hash()'s state (machine, module, ghost
 * owners, the guest's memory of its CAAs) but is kept up to date rather
 * than computed again: sim_hash() reads every byte of memory, which costs
 * more than running a step, while most steps change one page or none.
 * The machine's tables (its pages with their labels, RMP entries, NPT
 * entries) are summed, Zobrist's way: each entry contributes a hash of
 * its table, its index and its value, and the key is the sum of the
 * contributions (mod 2^64), so an entry that changes takes its old
 * contribution out and puts its new one in. The machine marks what it
 * changes for this watcher (WATCH_STATE_KEY, machine.h), and only those
 * entries are hashed again. The rest (vCPUs, the module's struct svsm,
 * owners, guest) is small and hashed whole. RMP entries and labels past
 * the end of memory are left out: nothing can change them.
 */
#include <stdlib.h>
#include <string.h>

#include "engine.h"

#define SEED 0xcbf29ce484222325ull

/*
 * Entry i of table t, whose value hashes to v: its contribution to the
 * sum, mixed to the end (MurmurHash3's finalizer) so that contributions
 * added together do not cancel out in their low or high bits.
 */
static uint64_t part(enum machine_table t, unsigned i, uint64_t v)
{
	uint64_t x = hash_u64(hash_u64(hash_u64(SEED, t), i), v);
	x = (x ^ (x >> 33)) * 0xff51afd7ed558ccdull;
	x = (x ^ (x >> 33)) * 0xc4ceb9fe1a85ec53ull;
	return x ^ (x >> 33);
}

static uint64_t entry_value(const struct machine *m, enum machine_table t, unsigned i)
{
	switch (t) {
	case DIRTY_PAGE:
		return hash_u64(hash_bytes(SEED, m->mem + (size_t)i * PAGE_SIZE, PAGE_SIZE),
		                m->label[i]);
	case DIRTY_RMP:
		return hash_rmp_entry(SEED, &m->rmp[i]);
	default:
		return m->npt[i];
	}
}

/* How many entries of table t count: memory's pages, or every GPA page's NPT entry. */
static unsigned entries(const struct machine *m, enum machine_table t)
{
	return t == DIRTY_NPT ? MACHINE_MAX_PAGES : m->npages;
}

/* The log is dropped: no mark taken before now can be gone back to. */
static void forget(struct fingerprint *f)
{
	f->nundo = 0;
	f->epoch++;
}

static void log_undo(struct fingerprint *f, enum machine_table t, unsigned i)
{
	if (f->nundo == f->capundo) {
		size_t cap = f->capundo ? 2 * f->capundo : 64;
		struct fingerprint_undo *u = realloc(f->undo, cap * sizeof(*u));
		if (!u) {
			forget(f);   /* out of memory: later keys hash again what changed */
			return;
		}
		f->undo = u;
		f->capundo = cap;
	}
	f->undo[f->nundo++] = (struct fingerprint_undo){ (uint16_t)t, (uint16_t)i, f->part[t][i] };
}

static void set_part(struct fingerprint *f, enum machine_table t, unsigned i, uint64_t v)
{
	f->sum += v - f->part[t][i];
	f->part[t][i] = v;
}

static void refresh(struct fingerprint *f, const struct machine *m, enum machine_table t,
                    unsigned i)
{
	log_undo(f, t, i);
	set_part(f, t, i, part(t, i, entry_value(m, t, i)));
}

/* Every entry hashed afresh; the log is dropped, not its memory. */
static void hash_all(struct fingerprint *f, struct sim *s)
{
	memset(f->part, 0, sizeof(f->part));
	f->sum = 0;
	for (unsigned t = 0; t < DIRTY_TABLES; t++)
		for (unsigned i = 0; i < entries(&s->m, t); i++)
			set_part(f, t, i, part(t, i, entry_value(&s->m, t, i)));
	forget(f);
	machine_dirty_clear(&s->m, WATCH_STATE_KEY);
}

void fingerprint_init(struct fingerprint *f, struct sim *s)
{
	memset(f, 0, sizeof(*f));
	hash_all(f, s);
}

void fingerprint_free(struct fingerprint *f)
{
	free(f->undo);
	f->undo = NULL;
	f->nundo = f->capundo = 0;
}

struct fingerprint_mark fingerprint_now(const struct fingerprint *f)
{
	return (struct fingerprint_mark){ f->nundo, f->epoch };
}

/*
 * Undoing the log back to mark gives each entry the contribution it had
 * then, which is right for the machine as it was then: so what the
 * machine marked since (the rewind, the replay) needs no hashing. A mark
 * from before the log was dropped cannot be gone back to; the marks stay,
 * and the next key hashes those entries again, as it would without a log.
 */
void fingerprint_back(struct fingerprint *f, struct sim *s, struct fingerprint_mark mark)
{
	if (mark.epoch != f->epoch || mark.at > f->nundo)
		return;
	while (f->nundo > mark.at) {
		const struct fingerprint_undo *u = &f->undo[--f->nundo];
		set_part(f, u->table, u->index, u->was);
	}
	machine_dirty_clear(&s->m, WATCH_STATE_KEY);
}

uint64_t fingerprint_sim(struct fingerprint *f, struct sim *s)
{
	return fingerprint_sim_svsm(f, s, state_svsm_hash(s));
}

uint64_t fingerprint_sim_svsm(struct fingerprint *f, struct sim *s, uint64_t svsm)
{
	struct machine *m = &s->m;
	const struct machine_dirty *d = &m->dirty[WATCH_STATE_KEY];
	if (d->all) {
		hash_all(f, s);
	} else {
		for (unsigned t = 0; t < DIRTY_TABLES; t++) {
			unsigned n = entries(m, t);
			for (unsigned i = machine_dirty_next(d->bits[t], 0, n); i < n;
			     i = machine_dirty_next(d->bits[t], i + 1, n))
				refresh(f, m, t, i);
		}
		machine_dirty_clear(m, WATCH_STATE_KEY);
	}
	uint64_t h = hash_u64(SEED, f->sum);
	for (unsigned i = 0; i < MACHINE_MAX_VCPUS; i++)
		h = hash_vcpu(h, &m->vcpu[i]);
	h = hash_u64(h, svsm);
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

uint64_t state_key(struct engine *e, const struct pathctx *p, uint64_t svsm)
{
	uint64_t h = fingerprint_sim_svsm(&e->fpr, e->st.s, svsm);
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
