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
 *
 * An instance at a page reads the state's tables there; spec_read_tables
 * answers those reads from the tables' stores, once per table, before the
 * simplifier would walk the stores for each read.
 */
#include <stdlib.h>

#include "spec.h"

/* A sort of at most 2^EXPAND_BITS values is spelled out. */
#define EXPAND_BITS 10
/* Connectives with more arguments are left as they are (none in the specs). */
#define MAX_ARGS 64

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

/* Does t have a quantifier inside (a nested one, in a quantifier's body)? */
static bool has_quantifier(Z3_context c, Z3_ast t)
{
	if (Z3_get_ast_kind(c, t) == Z3_QUANTIFIER_AST)
		return true;
	if (Z3_get_ast_kind(c, t) != Z3_APP_AST)
		return false;
	Z3_app a = Z3_to_app(c, t);
	for (unsigned i = 0; i < Z3_get_app_num_args(c, a); i++)
		if (has_quantifier(c, Z3_get_app_arg(c, a, i)))
			return true;
	return false;
}

/*
 * forall / exists q: body, over one small variable q. An instance with a
 * quantifier inside is simplified first: its guard ("p is validated") is
 * usually false, and then the inner quantifier is gone without being
 * spelled out, so "for all p, for all q" costs far less than 1024 x 1024.
 */
static Z3_ast spell_quantifier(struct spec *s, Z3_ast f)
{
	Z3_context c = s->ctx;
	Z3_sort t = Z3_get_quantifier_bound_sort(c, f, 0);
	Z3_ast body = Z3_get_quantifier_body(c, f);
	bool nested = has_quantifier(c, body);
	unsigned n = values(s, t);
	Z3_ast terms[1u << EXPAND_BITS];
	for (unsigned i = 0; i < n; i++) {
		Z3_ast v = value(s, t, i);
		Z3_ast instance = spec_keep(s, Z3_substitute_vars(c, body, 1, &v));
		if (nested)
			instance = spec_keep(s, Z3_simplify(c, spec_read_tables(s, instance)));
		terms[i] = expand(s, instance);
	}
	return junction(s, Z3_is_quantifier_forall(c, f), n, terms);
}

/*
 * The elements of a, if a is an array value: stores at numerals over a
 * constant array. Reading them off once spares the evaluator a walk down
 * the store chain for every index (a 2M entry is a chain of 512 stores).
 */
static bool table_of(struct spec *s, Z3_ast a, unsigned n, Z3_ast *table)
{
	Z3_context c = s->ctx;
	for (unsigned i = 0; i < n; i++)
		table[i] = NULL;
	for (;;) {
		if (Z3_get_ast_kind(c, a) != Z3_APP_AST)
			return false;
		Z3_app app = Z3_to_app(c, a);
		Z3_decl_kind k = Z3_get_decl_kind(c, Z3_get_app_decl(c, app));
		if (k == Z3_OP_CONST_ARRAY) {
			for (unsigned i = 0; i < n; i++)
				if (!table[i])
					table[i] = Z3_get_app_arg(c, app, 0);
			return true;
		}
		unsigned index;
		if (k != Z3_OP_STORE || !Z3_get_numeral_uint(c, Z3_get_app_arg(c, app, 1), &index) ||
		    index >= n)
			return false;
		if (!table[index])   /* the outermost store of an index wins */
			table[index] = Z3_get_app_arg(c, app, 2);
		a = Z3_get_app_arg(c, app, 0);
	}
}

/* a = b for arrays over a small index: a[i] = b[i] for every i. */
static Z3_ast spell_equality(struct spec *s, Z3_ast a, Z3_ast b, Z3_sort index)
{
	Z3_context c = s->ctx;
	unsigned n = values(s, index);
	Z3_ast terms[1u << EXPAND_BITS], ta[1u << EXPAND_BITS], tb[1u << EXPAND_BITS];
	bool a_value = table_of(s, a, n, ta), b_value = table_of(s, b, n, tb);
	for (unsigned i = 0; i < n; i++) {
		Z3_ast k = value(s, index, i);
		Z3_ast ai = a_value ? ta[i] : spec_keep(s, Z3_mk_select(c, a, k));
		Z3_ast bi = b_value ? tb[i] : spec_keep(s, Z3_mk_select(c, b, k));
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
	if (!walk || !boolean || n == 0 || n > MAX_ARGS)
		return f;
	Z3_ast args[MAX_ARGS];
	for (unsigned i = 0; i < n; i++)
		args[i] = expand(s, Z3_get_app_arg(c, app, i));
	return spec_keep(s, Z3_update_term(c, f, n, args));
}

Z3_ast spec_expand(struct spec *s, Z3_ast f)
{
	return expand(s, f);
}

/* --- reads of array values ---------------------------------------------------- */

#define READ_TABLES 8   /* arrays read off per pass: a state has four */

/* One pass of spec_read_tables: the arrays read off, and each term met, by id, with its answer. */
struct reads {
	struct spec *s;
	struct { Z3_ast array; Z3_ast *table; } known[READ_TABLES];
	unsigned nknown;
	struct { unsigned id; Z3_ast answer; } *met;   /* open addressing; answer NULL: free */
	unsigned cap, nmet;
};

/* The elements of array value a (table_of), read off once per pass; NULL if not a value. */
static Z3_ast *elements(struct reads *r, Z3_ast a, unsigned n)
{
	for (unsigned i = 0; i < r->nknown; i++)
		if (r->known[i].array == a)
			return r->known[i].table[0] ? r->known[i].table : NULL;
	if (r->nknown == READ_TABLES)
		return NULL;
	Z3_ast *t = malloc(n * sizeof(*t));
	if (!t)
		return NULL;
	if (!table_of(r->s, a, n, t))
		t[0] = NULL;   /* remembered as not a value (a value has every element) */
	r->known[r->nknown].array = a;
	r->known[r->nknown++].table = t;
	return t[0] ? t : NULL;
}

/* The slot of id in r->met: where it is, or the free one where it goes. */
static unsigned slot(const struct reads *r, unsigned id)
{
	unsigned i = (id * 2654435761u) & (r->cap - 1);
	while (r->met[i].answer && r->met[i].id != id)
		i = (i + 1) & (r->cap - 1);
	return i;
}

/* Remember id's answer (without room, it is made again when met again). */
static void remember(struct reads *r, unsigned id, Z3_ast answer)
{
	if (2 * (r->nmet + 1) > r->cap) {
		struct reads bigger = *r;
		bigger.cap = r->cap ? 2 * r->cap : 1024;
		bigger.met = calloc(bigger.cap, sizeof(*bigger.met));
		if (!bigger.met)
			return;
		for (unsigned i = 0; i < r->cap; i++)
			if (r->met[i].answer)
				bigger.met[slot(&bigger, r->met[i].id)] = r->met[i];
		free(r->met);
		r->met = bigger.met;
		r->cap = bigger.cap;
	}
	unsigned i = slot(r, id);
	r->met[i].id = id;
	r->met[i].answer = answer;
	r->nmet++;
}

static Z3_ast read_tables(struct reads *r, Z3_ast f)
{
	Z3_context c = r->s->ctx;
	unsigned id = Z3_get_ast_id(c, f);
	Z3_ast known = r->cap ? r->met[slot(r, id)].answer : NULL;
	if (known)
		return known;
	Z3_ast out = f;
	Z3_sort_kind sk = Z3_get_sort_kind(c, Z3_get_sort(c, f));
	/* A quantifier is read when it is instantiated; an array is what is read. */
	if (Z3_get_ast_kind(c, f) == Z3_APP_AST && sk != Z3_ARRAY_SORT) {
		Z3_app app = Z3_to_app(c, f);
		unsigned n = Z3_get_app_num_args(c, app), index;
		Z3_ast a = n == 2 ? Z3_get_app_arg(c, app, 0) : NULL;
		Z3_ast *t = NULL;
		if (Z3_get_decl_kind(c, Z3_get_app_decl(c, app)) == Z3_OP_SELECT && n == 2 &&
		    is_small_array(r->s, a) && Z3_get_numeral_uint(c, Z3_get_app_arg(c, app, 1), &index))
			t = elements(r, a, values(r->s, Z3_get_array_sort_domain(c, Z3_get_sort(c, a))));
		if (t) {
			out = t[index];
		} else if (n > 0) {
			Z3_ast *args = malloc(n * sizeof(*args));
			bool changed = false;
			for (unsigned i = 0; args && i < n; i++) {
				args[i] = read_tables(r, Z3_get_app_arg(c, app, i));
				changed |= args[i] != Z3_get_app_arg(c, app, i);
			}
			if (args && changed)
				out = spec_keep(r->s, Z3_update_term(c, f, n, args));
			free(args);
		}
	}
	remember(r, id, out);
	return out;
}

Z3_ast spec_read_tables(struct spec *s, Z3_ast f)
{
	struct reads r = { .s = s };
	Z3_ast out = read_tables(&r, f);
	for (unsigned i = 0; i < r.nknown; i++)
		free(r.known[i].table);
	free(r.met);
	return out;
}
