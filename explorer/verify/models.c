/*
 * models.c: models of earlier satisfiable checks, tried again before
 * asking Z3.
 *
 * With two vCPUs, two interleavings that differ only in where a step
 * outside the scope stands assert the same formulas (vq_fresh names
 * constants alike on both), and so ask the same satisfiable questions:
 * "which other outcome can this call have?" In the CREATE_VCPU pair with
 * a bad VMSA, 1,076 of 1,341 satisfiable checks asked a set of formulas
 * asked before. A model of that set answers it again.
 *
 * A model is filed under a hash of the ids of the formulas it was found
 * for, and the store holds no formula: a released id handed out again, or
 * two sets with one hash, can bring a model found for other formulas. That
 * costs nothing in soundness, because solver.c uses a model from here only
 * after evaluating every formula of the path in it (model_holds): a model
 * in which they all hold is a model of the path, whoever found it.
 */
#include <stdlib.h>

#include "verifier.h"

/*
 * One model per slot; a newer one takes the slot. The checks that repeat
 * an earlier set come soon after it (the next interleaving), so few slots
 * serve: a model holds values for every constant of the solver it came
 * from. With 4,096 slots the one-vCPU run's largest resident size was
 * 178 MB (124 MB without the store) and the nine two-vCPU pairs took
 * 62.9 s; with 256, 131 MB and 48.3 s (docs/verify.md, "Ninth round").
 */
#define MODELS_SLOTS 256

struct vmodels {
	Z3_context ctx;
	uint64_t key[MODELS_SLOTS];
	Z3_model model[MODELS_SLOTS];
};

struct vmodels *vmodels_open(Z3_context c)
{
	struct vmodels *s = calloc(1, sizeof(*s));
	if (s)
		s->ctx = c;
	return s;
}

void vmodels_close(struct vmodels *s)
{
	if (!s)
		return;
	for (unsigned i = 0; i < MODELS_SLOTS; i++)
		if (s->model[i])
			Z3_model_dec_ref(s->ctx, s->model[i]);
	free(s);
}

/* The hash of a set of formulas: of their ids in increasing order. */
uint64_t vmodels_key(Z3_context c, Z3_ast_vector formulas)
{
	unsigned n;
	unsigned *id = formula_ids(c, formulas, &n);
	uint64_t h = id ? memo_hash(id, n * sizeof(*id)) : 0;
	free(id);
	return h;
}

Z3_model vmodels_get(const struct vmodels *s, uint64_t key)
{
	unsigned i = (unsigned)(key % MODELS_SLOTS);
	return s && s->model[i] && s->key[i] == key ? s->model[i] : NULL;
}

void vmodels_put(struct vmodels *s, uint64_t key, Z3_model m)
{
	if (!s)
		return;
	unsigned i = (unsigned)(key % MODELS_SLOTS);
	Z3_model_inc_ref(s->ctx, m);
	if (s->model[i])
		Z3_model_dec_ref(s->ctx, s->model[i]);
	s->key[i] = key;
	s->model[i] = m;
}
