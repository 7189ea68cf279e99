/*
 * shrink.c: delta debugging over a trace's steps, then over its moves' values.
 *
 * A candidate is a shallow copy of the trace's steps (the bytes of a write
 * stay the trace's): building one costs no allocation, and the predicate
 * only reads it. What a candidate that still fails drops or changes is
 * then done to the trace itself.
 */
#include <stdlib.h>
#include <string.h>

#include "shrink.h"
#include "../cli/clock.h"

struct shrinker {
	struct trace *t;                 /* the trace, as shrunk so far */
	const struct shrink_options *o;
	shrink_fails_fn fails;
	void *arg;
	struct shrink_stats *st;
	struct trace cand;               /* the candidate: t's settings, steps copied shallowly */
	size_t *del;                     /* the deletable steps of t, by index, in order */
};

static bool is_move(enum trace_action a)
{
	return a >= T_RMPUPDATE && a < T_COUNT;
}

unsigned trace_moves(const struct trace *t)
{
	unsigned n = 0;
	for (size_t i = 0; i < t->n; i++)
		n += is_move(t->steps[i].action);
	return n;
}

/* Judge the candidate; false too once the replays are spent. */
static bool still_fails(struct shrinker *k)
{
	if (k->st->replays >= k->o->max_replays) {
		k->st->capped = true;
		return false;
	}
	k->st->replays++;
	return k->fails(k->arg, &k->cand);
}

static size_t deletable(struct shrinker *k)
{
	size_t m = 0;
	for (size_t i = 0; i < k->t->n; i++)
		if (k->o->what == SHRINK_STEPS || is_move(k->t->steps[i].action))
			k->del[m++] = i;
	return m;
}

/* The candidate: t without its deletable steps del[lo..hi). */
static void without(struct shrinker *k, size_t lo, size_t hi)
{
	size_t j = lo;
	k->cand.n = 0;
	for (size_t i = 0; i < k->t->n; i++) {
		if (j < hi && k->del[j] == i) {
			j++;
			continue;
		}
		k->cand.steps[k->cand.n++] = k->t->steps[i];
	}
}

/* t becomes the candidate: the steps it left out are freed. */
static void adopt(struct shrinker *k, size_t lo, size_t hi)
{
	for (size_t j = lo; j < hi; j++)
		if (has_bytes_field(k->t->steps[k->del[j]].action))
			free(k->t->steps[k->del[j]].mem.bytes);
	memcpy(k->t->steps, k->cand.steps, k->cand.n * sizeof(*k->cand.steps));
	k->t->n = k->cand.n;
}

/*
 * ddmin on the complements: split the deletable steps into n chunks and
 * try the trace without each; a chunk that can go goes (and the split
 * gets coarser), and when none can the split gets finer, down to single
 * steps. It ends when no single deletable step can go. True when some did.
 */
static bool delete_steps(struct shrinker *k)
{
	bool any = false;
	size_t m = deletable(k), n = 2;
	while (m > 0 && !k->st->capped) {
		if (n > m)
			n = m;
		bool gone = false;
		for (size_t i = 0; i < n && !gone; i++) {
			size_t lo = i * m / n, hi = (i + 1) * m / n;
			if (lo == hi)
				continue;
			without(k, lo, hi);
			if (still_fails(k)) {
				adopt(k, lo, hi);
				m = deletable(k);
				n = n > 2 ? n - 1 : 2;
				gone = any = true;
			}
		}
		if (!gone && n >= m)
			break;
		if (!gone)
			n = 2 * n < m ? 2 * n : m;
	}
	return any;
}

/* --- values ---------------------------------------------------------------- */

enum value_kind { V_ADDR, V_ASID, V_FLAG };

/* One field of a move: where it is and how wide. */
struct value {
	void *p;
	unsigned size;
	enum value_kind kind;
};

#define FIELD(f, k) ((struct value){ &(f), sizeof(f), (k) })
_Static_assert(sizeof(bool) == 1, "a flag is read and written as a byte");

/* The fields of move st (in st itself) whose value is the model's choice. */
static unsigned values_of(struct trace_step *st, struct value v[6])
{
	switch (st->action) {
	case T_RMPUPDATE:
		v[0] = FIELD(st->rmpupdate.spa, V_ADDR);
		v[1] = FIELD(st->rmpupdate.u.assigned, V_FLAG);
		v[2] = FIELD(st->rmpupdate.u.immutable, V_FLAG);
		v[3] = FIELD(st->rmpupdate.u.page_size, V_FLAG);
		v[4] = FIELD(st->rmpupdate.u.asid, V_ASID);
		v[5] = FIELD(st->rmpupdate.u.gpa, V_ADDR);
		return 6;
	case T_MAP:
		v[0] = FIELD(st->map.gpa, V_ADDR);
		v[1] = FIELD(st->map.spa, V_ADDR);
		return 2;
	case T_UNMAP:
		v[0] = FIELD(st->map.gpa, V_ADDR);
		return 1;
	case T_PSMASH:
		v[0] = FIELD(st->map.spa, V_ADDR);
		return 1;
	case T_HV_WRITE:   /* the bytes are the move's content, not a value picked */
	case T_HV_READ:
		v[0] = FIELD(st->mem.addr, V_ADDR);
		return 1;
	default:
		return 0;
	}
}

static uint64_t value_get(const struct value *v)
{
	switch (v->size) {
	case 1: return *(uint8_t *)v->p;   /* bool and uint8_t alike */
	case 4: return *(uint32_t *)v->p;
	default: return *(uint64_t *)v->p;
	}
}

static void value_set(const struct value *v, uint64_t x)
{
	switch (v->size) {
	case 1: *(uint8_t *)v->p = (uint8_t)x; break;
	case 4: *(uint32_t *)v->p = (uint32_t)x; break;
	default: *(uint64_t *)v->p = x; break;
	}
}

/*
 * The values more readable than x, most readable first: zero, for an
 * ASID the guest's own, then x with only its top 1, 2, ... significant
 * hex digits (0x21000 -> 0x20000). Returns how many; each differs from x.
 */
static unsigned readable(uint64_t x, enum value_kind kind, uint32_t asid, uint64_t out[18])
{
	unsigned n = 0;
	if (x == 0)
		return 0;
	out[n++] = 0;
	if (kind == V_FLAG)
		return n;
	if (kind == V_ASID && x != asid && asid != 0)
		out[n++] = asid;
	unsigned digits = 0;
	for (uint64_t y = x; y; y >>= 4)
		digits++;
	for (unsigned keep = 1; keep < digits; keep++) {
		unsigned low = 4 * (digits - keep);
		uint64_t r = x & ~((UINT64_C(1) << low) - 1);
		if (r != x && r != out[n - 1])
			out[n++] = r;
		if (r == x)
			break;
	}
	return n;
}

/*
 * Each value of each move, as readable as the failure allows: the first
 * of its readable values with which the trace still fails. True when some
 * value changed.
 */
static bool round_values(struct shrinker *k)
{
	bool any = false;
	memcpy(k->cand.steps, k->t->steps, k->t->n * sizeof(*k->t->steps));
	k->cand.n = k->t->n;
	for (size_t i = 0; i < k->t->n && !k->st->capped; i++) {
		struct value v[6];
		unsigned nv = values_of(&k->cand.steps[i], v);
		for (unsigned f = 0; f < nv && !k->st->capped; f++) {
			uint64_t was = value_get(&v[f]), cands[18];
			unsigned nc = readable(was, v[f].kind, k->o->asid, cands);
			for (unsigned c = 0; c < nc; c++) {
				value_set(&v[f], cands[c]);
				if (still_fails(k)) {
					k->t->steps[i] = k->cand.steps[i];
					k->st->values++;
					any = true;
					break;
				}
				value_set(&v[f], was);
				if (k->st->capped)
					break;
			}
		}
	}
	return any;
}

int trace_shrink(struct trace *t, const struct shrink_options *o, shrink_fails_fn fails,
                 void *arg, struct shrink_stats *st)
{
	double t0 = cli_clock();
	memset(st, 0, sizeof(*st));
	st->steps_before = st->steps_after = t->n;
	st->moves_before = st->moves_after = trace_moves(t);
	struct shrinker k = { .t = t, .o = o, .fails = fails, .arg = arg, .st = st, .cand = *t };
	k.cand.steps = malloc((t->n ? t->n : 1) * sizeof(*t->steps));
	k.del = malloc((t->n ? t->n : 1) * sizeof(*k.del));
	if (!k.cand.steps || !k.del) {
		free(k.cand.steps);
		free(k.del);
		return -1;
	}
	k.cand.cap = t->n;
	/* Rounder values may let a step go, and fewer steps a value round. */
	delete_steps(&k);
	while (!st->capped && round_values(&k) && delete_steps(&k))
		;
	free(k.cand.steps);
	free(k.del);
	st->steps_after = t->n;
	st->moves_after = trace_moves(t);
	st->seconds = cli_clock() - t0;
	return 0;
}

void shrink_print(FILE *out, const char *prefix, const struct shrink_stats *st)
{
	if (st->replays == 0) {   /* no step nor value it could have taken out */
		fprintf(out, "%sshrunk by replay: nothing to take out (%zu steps, %u hypervisor move%s)\n",
		        prefix, st->steps_after, st->moves_after, st->moves_after == 1 ? "" : "s");
		return;
	}
	fprintf(out, "%sshrunk by replay: %zu -> %zu steps, %u -> %u hypervisor moves, %u value%s "
	        "made readable (%u replays)%s\n", prefix, st->steps_before, st->steps_after,
	        st->moves_before, st->moves_after, st->values, st->values == 1 ? "" : "s",
	        st->replays, st->capped ? "; stopped at the bound on replays: some step or value "
	        "may not be needed" : "");
}
