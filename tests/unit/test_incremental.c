/*
 * test_incremental.c: what is kept up to date equals what is computed
 * afresh. The invariants look again only at what the machine and the
 * owners marked as changed, check's state key hashes again only the
 * entries marked, and check's rewind puts back only what was marked: a
 * change the model makes without marking it would make one of them
 * differ from the whole sweep, the fresh key or the snapshot. Random
 * changes of every kind, each followed by an event (which runs the
 * invariants), are compared after every step.
 */
#include "sim_fixture.h"
#include "../../explorer/check/engine.h"

#define STEPS 4000
#define PAGES 12          /* few pages, so that changes meet; the first 8 are the module's */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	r->s = r->s * 6364136223846793005ull + 1442695040888963407ull;
	return r->s >> 11;
}

static unsigned below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

static uint64_t some_page(struct rng *r)
{
	return (uint64_t)below(r, PAGES) * PAGE_SIZE;
}

/* One change of the machine or of the owners, as the model's own functions make it. */
static void change(struct sim *s, struct rng *r)
{
	struct machine *m = &s->m;
	uint8_t bytes[64];
	switch (below(r, 9)) {
	case 0: {
		struct rmp_update u = { .assigned = below(r, 4) != 0,
		                        .asid = below(r, 4) ? m->asid : m->asid + 1,
		                        .gpa = some_page(r) };
		machine_rmpupdate(m, some_page(r), &u);
		break;
	}
	case 1:
		if (below(r, 3))
			npt_map(m, some_page(r), some_page(r));
		else
			npt_unmap(m, some_page(r));
		break;
	case 2:
		machine_pvalidate(m, 0, some_page(r), PSIZE_4K, below(r, 2));
		break;
	case 3: {
		uint64_t attrs = (1 + below(r, 3)) | RMPADJUST_PERMS(below(r, 16)) |
		                 (below(r, 4) == 0 ? RMPADJUST_VMSA : 0);
		machine_rmpadjust(m, 0, some_page(r), PSIZE_4K, attrs);
		break;
	}
	case 4:
		for (unsigned i = 0; i < sizeof(bytes); i++)
			bytes[i] = (uint8_t)rng_next(r);
		machine_mem_write(m, some_page(r) + below(r, PAGE_SIZE - sizeof(bytes)), bytes,
		                  1 + below(r, sizeof(bytes)), below(r, 2) ? m->asid : 0,
		                  (uint8_t)below(r, 32));
		break;
	case 5:
		ghost_set_owner(&s->ghost, below(r, PAGES), (uint8_t)below(r, 4));
		break;
	case 6:   /* a VMSA's VMPL field: what VMSA safety reads of its bytes */
		vmsa_set(m, some_page(r), VMSA_VMPL, 1, below(r, 4));
		break;
	default: {
		/*
		 * A guest page made to reach another system page, bound to it,
		 * validated and granted: an integrity breach (of a module page)
		 * that the entry, not the guest page, holds.
		 */
		uint64_t gpa = some_page(r), spa = some_page(r);
		struct rmp_update u = { .assigned = true, .asid = m->asid, .gpa = gpa };
		npt_map(m, gpa, spa);
		machine_rmpupdate(m, spa, &u);
		machine_pvalidate(m, 0, gpa, PSIZE_4K, true);
		machine_rmpadjust(m, 0, gpa, PSIZE_4K, 1 | RMPADJUST_PERMS(PERM_R));
		break;
	}
	}
}

/* The whole sweep, on a copy of the ghost state and a record of its own. */
static void assert_same_as_sweep(struct sim *s)
{
	static struct record scratch;
	struct ghost_state fresh = s->ghost;
	memset(fresh.breached, 0, sizeof(fresh.breached));
	scratch.step = 0;
	scratch.nviolations = 0;
	struct ghost gh = { &s->m, &fresh, s->calls, &scratch, &s->sv };
	ghost_invariants(&gh, (struct hal_site){ "test", 0, "sweep" }, 0);
	assert_memory_equal(fresh.breached, s->ghost.breached, sizeof(fresh.breached));
}

/*
 * A machine with its start snapshot (which the rewinds go back to), and a
 * fingerprint kept up to date beside one made afresh to compare it with.
 */
struct walk {
	struct sim *s;
	struct sim_snapshot snap;
	struct fingerprint running, fresh;
};

static void walk_open(struct walk *w)
{
	w->s = sim_new(0);
	assert_int_equal(sim_snapshot(w->s, &w->snap), 0);
	machine_dirty_clear(&w->s->m, WATCH_RESTORE);
	fingerprint_init(&w->running, w->s);
	fingerprint_init(&w->fresh, w->s);
}

static void walk_close(struct walk *w)
{
	fingerprint_free(&w->running);
	fingerprint_free(&w->fresh);
	sim_snapshot_free(&w->snap);
	sim_free(w->s);
}

/* The key a fingerprint made afresh gives the machine as it is now. */
static uint64_t fresh_key(struct walk *w)
{
	fingerprint_init(&w->fresh, w->s);
	return fingerprint_sim(&w->fresh, w->s);
}

/* After every change and its event: the invariants, the key and the rewind agree. */
static void what_is_kept_equals_what_is_computed_afresh(void **state)
{
	(void)state;
	struct walk w;
	walk_open(&w);
	struct sim *s = w.s;
	uint64_t start_hash = sim_hash(s);
	uint64_t start_key = fingerprint_sim(&w.running, s);
	struct rng r = { 42 };
	unsigned breaches = 0, rewinds = 0;
	for (unsigned step = 0; step < STEPS; step++) {
		if (below(&r, 50) == 0) {
			sim_restore_changed(s, &w.snap);
			assert_true(sim_hash(s) == start_hash);
			rewinds++;
		} else {
			for (unsigned k = below(&r, 3); k > 0; k--)
				change(s, &r);
		}
		unsigned before = s->rec.nviolations;
		sim_record_env(s, ACTOR_HV, 0, OP_HV_MAP, 0, 0, 0, (struct hw_result){ 0 });
		breaches += s->rec.nviolations - before;
		assert_same_as_sweep(s);
		uint64_t key = fingerprint_sim(&w.running, s);
		assert_true(fresh_key(&w) == key);
		if (sim_hash(s) == start_hash)
			assert_true(key == start_key);
	}
	/* The walk met breaches and rewinds, or it proved little. */
	printf("  %u steps, %u invariant breaches reported, %u rewinds\n", STEPS, breaches, rewinds);
	assert_true(breaches > 20);
	assert_true(rewinds > 20);
	walk_close(&w);
}

#define DEPTH 12          /* steps on a path */
#define PATHS 400

/* One step of a path: a few changes and the event after them. */
static void path_step(struct sim *s, struct rng *r)
{
	for (unsigned k = below(r, 3); k > 0; k--)
		change(s, r);
	sim_record_env(s, ACTOR_HV, 0, OP_HV_MAP, 0, 0, 0, (struct hw_result){ 0 });
}

/*
 * check's replay (search.c): paths taken forward, then one backed up to a
 * state on it by rewinding and doing its steps again, with the invariants
 * judged only at the end (sim_defer_invariants) and the fingerprint taken
 * back to that state's mark (fingerprint_back). Its bits and key must be
 * those of a whole sweep, a fresh fingerprint, and the key first taken.
 */
static void a_replayed_path_has_the_bits_and_key_it_had(void **state)
{
	(void)state;
	struct walk w;
	walk_open(&w);
	struct sim *s = w.s;
	struct fingerprint *running = &w.running;
	struct rng r = { 7 }, at[DEPTH];
	uint64_t key[DEPTH + 1];
	struct fingerprint_mark mark[DEPTH + 1];
	key[0] = fingerprint_sim(running, s);
	mark[0] = fingerprint_now(running);
	unsigned top = 0, changed = 0;
	for (unsigned path = 0; path < PATHS; path++) {
		for (; top < DEPTH; top++) {
			at[top] = r;
			path_step(s, &r);
			key[top + 1] = fingerprint_sim(running, s);
			mark[top + 1] = fingerprint_now(running);
		}
		top = below(&r, DEPTH);
		sim_restore_changed(s, &w.snap);
		sim_defer_invariants(s, true);
		for (unsigned i = 0; i < top; i++) {
			struct rng again = at[i];
			path_step(s, &again);
		}
		sim_defer_invariants(s, false);
		fingerprint_back(running, s, mark[top]);
		assert_same_as_sweep(s);
		assert_true(fingerprint_sim(running, s) == key[top]);
		assert_true(fresh_key(&w) == key[top]);
		changed += key[top] != key[0];
	}
	/* Most states backed up to differ from the start, or it proved little. */
	printf("  %u paths, %u backed up to a state other than the start\n", PATHS, changed);
	assert_true(changed > PATHS / 2);
	walk_close(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(what_is_kept_equals_what_is_computed_afresh),
		cmocka_unit_test(a_replayed_path_has_the_bits_and_key_it_had),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
