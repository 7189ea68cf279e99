/*
 * cores.c: sets of formulas Z3 found unsatisfiable together, so that a
 * check whose path asserts all of one is answered without asking it.
 *
 * When the incremental solver answers UNSAT under the guards of a path's
 * formulas, it also says which of them it needed (the unsat core): a few
 * formulas of the path, often the step's question and the conditions of
 * the outcomes it depends on. Those formulas stay unsatisfiable together
 * whatever else is asserted, so any later check whose path asserts every
 * one of them is UNSAT too: Z3's own answer, found once. The paths of a
 * case share their prefixes, and the same step on two paths is the same
 * formula (vq_fresh), so a check that differs from an earlier one only in
 * formulas the earlier core did not need is met often: more than half of
 * the UNSAT checks of the one-vCPU run (docs/verify.md, "Seventh round").
 *
 * A formula is known by its id in the solving context, which the store
 * holds a reference to (Z3 hands a released id out again). Each core is
 * filed under its newest formula (the highest id): a check looks up the
 * cores filed under each formula it asserts and tests the rest of each.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

#define CORES_SLOTS 16384      /* formulas cores are filed under; at most half used */
#define CORES_IDS (1u << 20)   /* room in ids[]: when full, the store is emptied */
#define NONE UINT_MAX          /* the end of a chain */

/* Where the cores filed under one formula start: a chain through ids[]. */
struct cores_slot {
	unsigned key;              /* the formula's id + 1, or 0: an empty slot */
	unsigned last;             /* offset of its last core in ids[] */
};

/*
 * ids[] holds the cores one after another, each as: the offset of the
 * previous core filed under the same formula (or NONE), its length, then
 * its ids in increasing order.
 */
struct vcores {
	Z3_context ctx;
	Z3_ast_vector held;        /* every formula of a stored core, so its id stays its own */
	unsigned *ids, nids;
	struct cores_slot slot[CORES_SLOTS];
	unsigned used;
};

struct vcores *vcores_open(Z3_context c)
{
	struct vcores *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->ids = malloc(CORES_IDS * sizeof(*s->ids));
	if (!s->ids) {
		free(s);
		return NULL;
	}
	s->ctx = c;
	s->held = Z3_mk_ast_vector(c);
	Z3_ast_vector_inc_ref(c, s->held);
	return s;
}

static void vcores_forget(struct vcores *s)
{
	if (!s)
		return;
	Z3_ast_vector_resize(s->ctx, s->held, 0);
	memset(s->slot, 0, sizeof(s->slot));
	s->nids = 0;
	s->used = 0;
}

void vcores_close(struct vcores *s)
{
	if (!s)
		return;
	Z3_ast_vector_dec_ref(s->ctx, s->held);
	free(s->ids);
	free(s);
}

/* The slot of formula id: where it is, or the empty one where it would go. */
static struct cores_slot *slot_of(struct vcores *s, unsigned id)
{
	for (unsigned i = (id * 2654435761u) % CORES_SLOTS;; i = (i + 1) % CORES_SLOTS)
		if (s->slot[i].key == id + 1 || s->slot[i].key == 0)
			return &s->slot[i];
}

static int by_id(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return (x > y) - (x < y);
}

unsigned *formula_ids(Z3_context c, Z3_ast_vector v, unsigned *n)
{
	*n = Z3_ast_vector_size(c, v);
	unsigned *id = malloc((*n ? *n : 1) * sizeof(*id));
	if (!id)
		return NULL;
	for (unsigned i = 0; i < *n; i++)
		id[i] = Z3_get_ast_id(c, Z3_ast_vector_get(c, v, i));
	qsort(id, *n, sizeof(*id), by_id);
	return id;
}

static bool has_id(const unsigned *sorted, unsigned n, unsigned id)
{
	return bsearch(&id, sorted, n, sizeof(*sorted), by_id) != NULL;
}

bool vcores_cover(struct vcores *s, Z3_ast_vector asserted)
{
	if (!s || s->used == 0)
		return false;
	unsigned n;
	unsigned *path = formula_ids(s->ctx, asserted, &n);
	bool covered = false;
	for (unsigned i = 0; path && i < n && !covered; i++) {
		struct cores_slot *sl = slot_of(s, path[i]);
		for (unsigned at = sl->key ? sl->last : NONE; at != NONE && !covered; at = s->ids[at]) {
			unsigned len = s->ids[at + 1];
			covered = true;
			for (unsigned j = 0; j < len && covered; j++)
				covered = has_id(path, n, s->ids[at + 2 + j]);
		}
	}
	free(path);
	return covered;
}

void vcores_add(struct vcores *s, Z3_ast_vector core)
{
	if (!s)
		return;
	unsigned n;
	unsigned *id = formula_ids(s->ctx, core, &n);
	if (!id || n == 0) {
		free(id);
		return;   /* not remembered: asked again next time */
	}
	if (s->nids + n + 2 > CORES_IDS || 2 * (s->used + 1) > CORES_SLOTS)
		vcores_forget(s);
	for (unsigned i = 0; i < n; i++)
		Z3_ast_vector_push(s->ctx, s->held, Z3_ast_vector_get(s->ctx, core, i));
	struct cores_slot *sl = slot_of(s, id[n - 1]);
	if (sl->key == 0) {
		*sl = (struct cores_slot){ .key = id[n - 1] + 1, .last = NONE };
		s->used++;
	}
	unsigned at = s->nids;
	s->ids[at] = sl->last;
	s->ids[at + 1] = n;
	memcpy(&s->ids[at + 2], id, n * sizeof(*id));
	s->nids += n + 2;
	sl->last = at;
	free(id);
}
