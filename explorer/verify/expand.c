/*
 * expand.c: spelling a closed formula out over small finite sorts.
 *
 * Z3's model evaluator decides a formula about concrete values in one
 * rewrite, except where a quantifier or an equality with a lambda is left:
 * the 2M spans of specs/machine.smt2 ("some page of the 512 is running",
 * "the RMP after: this function of the page"). Z3's solver takes seconds
 * to minutes on those. But the spec's pages are a 10-bit sort, so such a
 * formula is just a conjunction or disjunction over 1024 values: spelled
 * out, the evaluator decides it in a fraction of a second.
 *
 * Only the formula's boolean structure is walked: connectives, ite, and
 * the atoms below them. An atom that is neither a quantifier over one
 * small variable nor an equality of arrays over a small index stays as it
 * is (and the solver gets what the evaluator still cannot decide).
 */
#include "spec.h"

/* A sort of at most 2^EXPAND_BITS values is spelled out. */
#define EXPAND_BITS 10

static Z3_ast expand(struct spec *s, Z3_ast f);

static bool small(struct spec *s, Z3_sort t)
{
	return Z3_get_sort_kind(s->ctx, t) == Z3_BV_SORT &&
	       Z3_get_bv_sort_size(s->ctx, t) <= EXPAND_BITS;
}

/* The n = 2^bits values of a small bit-vector sort, one by one. */
static Z3_ast value(struct spec *s, Z3_sort t, unsigned i)
{
	return spec_keep(s, Z3_mk_unsigned_int(s->ctx, i, t));
}

static unsigned values(struct spec *s, Z3_sort t)
{
	return 1u << Z3_get_bv_sort_size(s->ctx, t);
}

/* A junction of the terms term(i) for every value i of t. */
static Z3_ast junction(struct spec *s, bool all, unsigned n, Z3_ast *terms)
{
	Z3_ast j = all ? Z3_mk_and(s->ctx, n, terms) : Z3_mk_or(s->ctx, n, terms);
	return spec_keep(s, j);
}

/* forall / exists q: body, over one small variable q. */
static Z3_ast spell_quantifier(struct spec *s, Z3_ast f)
{
	Z3_context c = s->ctx;
	Z3_sort t = Z3_get_quantifier_bound_sort(c, f, 0);
	Z3_ast body = Z3_get_quantifier_body(c, f);
	unsigned n = values(s, t);
	Z3_ast terms[1u << EXPAND_BITS];
	for (unsigned i = 0; i < n; i++) {
		Z3_ast v = value(s, t, i);
		terms[i] = expand(s, spec_keep(s, Z3_substitute_vars(c, body, 1, &v)));
	}
	return junction(s, Z3_is_quantifier_forall(c, f), n, terms);
}

/* a = b for arrays over a small index: a[i] = b[i] for every i. */
static Z3_ast spell_equality(struct spec *s, Z3_ast a, Z3_ast b, Z3_sort index)
{
	Z3_context c = s->ctx;
	unsigned n = values(s, index);
	Z3_ast terms[1u << EXPAND_BITS];
	for (unsigned i = 0; i < n; i++) {
		Z3_ast k = value(s, index, i);
		Z3_ast ai = spec_keep(s, Z3_mk_select(c, a, k)), bi = spec_keep(s, Z3_mk_select(c, b, k));
		terms[i] = spec_keep(s, Z3_mk_eq(c, ai, bi));
	}
	return junction(s, true, n, terms);
}

static bool is_small_array(struct spec *s, Z3_ast a)
{
	Z3_sort t = Z3_get_sort(s->ctx, a);
	return Z3_get_sort_kind(s->ctx, t) == Z3_ARRAY_SORT &&
	       small(s, Z3_get_array_sort_domain(s->ctx, t));
}

/* Connectives whose arguments are formulas: walk into them. */
static bool connective(Z3_decl_kind k)
{
	return k == Z3_OP_AND || k == Z3_OP_OR || k == Z3_OP_NOT || k == Z3_OP_IMPLIES ||
	       k == Z3_OP_XOR || k == Z3_OP_IFF || k == Z3_OP_ITE;
}

static Z3_ast expand(struct spec *s, Z3_ast f)
{
	Z3_context c = s->ctx;
	if (Z3_get_ast_kind(c, f) == Z3_QUANTIFIER_AST) {
		if (!Z3_is_lambda(c, f) && Z3_get_quantifier_num_bound(c, f) == 1 &&
		    small(s, Z3_get_quantifier_bound_sort(c, f, 0)))
			return spell_quantifier(s, f);
		return f;
	}
	if (Z3_get_ast_kind(c, f) != Z3_APP_AST)
		return f;
	Z3_app app = Z3_to_app(c, f);
	Z3_decl_kind k = Z3_get_decl_kind(c, Z3_get_app_decl(c, app));
	unsigned n = Z3_get_app_num_args(c, app);
	if (k == Z3_OP_EQ && n == 2 && is_small_array(s, Z3_get_app_arg(c, app, 0))) {
		Z3_ast a = Z3_get_app_arg(c, app, 0), b = Z3_get_app_arg(c, app, 1);
		return spell_equality(s, a, b, Z3_get_array_sort_domain(c, Z3_get_sort(c, a)));
	}
	bool boolean = Z3_get_sort_kind(c, Z3_get_sort(c, f)) == Z3_BOOL_SORT;
	bool walk = connective(k) || (k == Z3_OP_EQ && boolean &&
	                              Z3_get_sort_kind(c, Z3_get_sort(c, Z3_get_app_arg(c, app, 0))) ==
	                                      Z3_BOOL_SORT);
	if (!walk || !boolean || n == 0)
		return f;
	Z3_ast args[n];
	for (unsigned i = 0; i < n; i++)
		args[i] = expand(s, Z3_get_app_arg(c, app, i));
	return spec_keep(s, Z3_update_term(c, f, n, args));
}

Z3_ast spec_expand(struct spec *s, Z3_ast f)
{
	return expand(s, f);
}
