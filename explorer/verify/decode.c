/*
 * decode.c: the values of a model, as C values.
 *
 * A model lives in the solving context (solver.c); it is read there with
 * encode.c's decoders through q->view, a struct spec that speaks of that
 * context, so no datatype is copied back into the specs' context.
 */
#include "verifier.h"

/*
 * The value of t in the last model, read with encode.c's decoders through
 * q->view: a struct spec that speaks of the solving context.
 */
static Z3_ast value_of(struct vq *q, Z3_ast t)
{
	Z3_context sc = q->solving;
	if (!q->model)
		return NULL;
	Z3_ast there = Z3_translate(q->spec.ctx, t, sc), v = NULL;
	Z3_inc_ref(sc, there);
	bool ok = Z3_model_eval(sc, q->model, there, true, &v);
	Z3_dec_ref(sc, there);
	return ok ? spec_keep(&q->view, v) : NULL;
}

bool vq_get_bool(struct vq *q, Z3_ast t, bool *b)
{
	Z3_ast v = value_of(q, t);
	return v && dec_bool(&q->view, v, b);
}

bool vq_get_bv(struct vq *q, Z3_ast t, uint64_t *u)
{
	Z3_ast v = value_of(q, t);
	return v && dec_bv(&q->view, v, u);
}

bool vq_get_entry(struct vq *q, Z3_ast t, struct rmp_entry *e)
{
	Z3_ast v = value_of(q, t);
	return v && dec_entry(&q->view, v, e);
}

bool vq_get_outcome(struct vq *q, Z3_ast t, struct hw_result *r)
{
	Z3_ast v = value_of(q, t);
	return v && dec_outcome(&q->view, v, r);
}

