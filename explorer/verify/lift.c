/*
 * lift.c: records out of a formula, so that a bit-blaster can take it.
 *
 * An instance of a relation of specs/machine.smt2 over a state that is
 * concrete except for a few fields is, once simplified, a formula over
 * booleans, bit-vectors and enumerations, except where a record
 * (Outcome, Entry) or an enumeration member (Fault) is chosen by an ite: (fault (ite c A B)), or
 * (= out (ite c A B)). Z3's SMT core handles those, but ten to a hundred
 * times slower than bit-blasting the same question to SAT. This rewrite
 * pushes accessors and equalities of records through ite,
 *
 *   (acc (ite c a b))    ->  (ite c (acc a) (acc b))
 *   (= x (ite c a b))    ->  (ite c (= x a) (= x b))      x a record or an enumeration
 *
 * after which the simplifier folds (acc (ctor ...)) and (= (ctor ...)
 * (ctor ...)) into fields, and no record is left: the outcome of a call
 * is built field by field (query.c), so nothing else is one. A table read
 * at an index that is not a number (the page an open NPT entry maps to)
 * becomes the ite over the table's stores it means,
 *
 *   (select (store ... (store ((as const) d) i1 v1) ... in vn) x)
 *        ->  (ite (= x in) vn ... (ite (= x i1) v1 d))
 *
 * so that no array is left either. The formula is a DAG with much
 * sharing; the rewrite visits each node once (memo).
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

struct memo {
	unsigned *id;
	Z3_ast *to;
	size_t cap, n;
};

static Z3_ast memo_get(const struct memo *m, unsigned id)
{
	if (m->cap == 0)
		return NULL;
	for (size_t i = id % m->cap;; i = (i + 1) % m->cap) {
		if (!m->to[i])
			return NULL;
		if (m->id[i] == id)
			return m->to[i];
	}
}

static bool memo_put(struct memo *m, unsigned id, Z3_ast to)
{
	if (2 * (m->n + 1) > m->cap) {
		struct memo grown = { .cap = m->cap ? 2 * m->cap : 1024 };
		grown.id = calloc(grown.cap, sizeof(*grown.id));
		grown.to = calloc(grown.cap, sizeof(*grown.to));
		if (!grown.id || !grown.to) {
			free(grown.id);
			free(grown.to);
			return false;
		}
		for (size_t i = 0; i < m->cap; i++)
			if (m->to[i])
				memo_put(&grown, m->id[i], m->to[i]);
		free(m->id);
		free(m->to);
		*m = grown;
	}
	size_t i = id % m->cap;
	while (m->to[i] && m->id[i] != id)
		i = (i + 1) % m->cap;
	m->n += !m->to[i];
	m->id[i] = id;
	m->to[i] = to;
	return true;
}

static bool is_datatype(Z3_context c, Z3_ast t)
{
	return Z3_get_sort_kind(c, Z3_get_sort(c, t)) == Z3_DATATYPE_SORT;
}

static bool is_ite(Z3_context c, Z3_ast t)
{
	return Z3_get_ast_kind(c, t) == Z3_APP_AST &&
	       Z3_get_decl_kind(c, Z3_get_app_decl(c, Z3_to_app(c, t))) == Z3_OP_ITE;
}

static Z3_ast arg(Z3_context c, Z3_ast t, unsigned i)
{
	return Z3_get_app_arg(c, Z3_to_app(c, t), i);
}

struct lifter {
	struct spec *s;
	struct memo memo;
	bool failed;
};

static Z3_ast lift(struct lifter *l, Z3_ast t);

/* f applied to (ite c a b) at argument k: (ite c f(..a..) f(..b..)), lifted again. */
static Z3_ast through_ite(struct lifter *l, Z3_ast t, unsigned k)
{
	Z3_context c = l->s->ctx;
	Z3_app app = Z3_to_app(c, t);
	unsigned n = Z3_get_app_num_args(c, app);
	Z3_ast ite = Z3_get_app_arg(c, app, k);
	Z3_ast then_args[n], else_args[n];
	for (unsigned i = 0; i < n; i++)
		then_args[i] = else_args[i] = Z3_get_app_arg(c, app, i);
	then_args[k] = arg(c, ite, 1);
	else_args[k] = arg(c, ite, 2);
	Z3_ast a = spec_keep(l->s, Z3_update_term(c, t, n, then_args));
	Z3_ast b = spec_keep(l->s, Z3_update_term(c, t, n, else_args));
	a = spec_keep(l->s, Z3_simplify(c, a));
	b = spec_keep(l->s, Z3_simplify(c, b));
	return spec_keep(l->s, Z3_mk_ite(c, lift(l, arg(c, ite, 0)), lift(l, a), lift(l, b)));
}

static bool is_numeral(Z3_context c, Z3_ast t)
{
	return Z3_get_ast_kind(c, t) == Z3_NUMERAL_AST;
}

static Z3_decl_kind kind_of(Z3_context c, Z3_ast t)
{
	if (Z3_get_ast_kind(c, t) != Z3_APP_AST)
		return Z3_OP_UNINTERPRETED;
	return Z3_get_decl_kind(c, Z3_get_app_decl(c, Z3_to_app(c, t)));
}

/* (select a x) as an ite over a's stores, or NULL if a is not stores over a constant. */
static Z3_ast read_as_ite(struct lifter *l, Z3_ast a, Z3_ast x)
{
	Z3_context c = l->s->ctx;
	unsigned depth = 0;
	Z3_ast t = a;
	for (; kind_of(c, t) == Z3_OP_STORE; t = arg(c, t, 0), depth++)
		if (!is_numeral(c, arg(c, t, 1)))
			return NULL;
	if (kind_of(c, t) != Z3_OP_CONST_ARRAY)
		return NULL;
	Z3_ast *stores = malloc((depth ? depth : 1) * sizeof(*stores));
	if (!stores)
		return NULL;
	unsigned n = 0;
	for (Z3_ast u = a; kind_of(c, u) == Z3_OP_STORE; u = arg(c, u, 0))
		stores[n++] = u;
	Z3_ast res = arg(c, t, 0);
	for (unsigned i = n; i-- > 0;) {   /* innermost first: the outer stores win */
		Z3_ast is = spec_keep(l->s, Z3_mk_eq(c, x, arg(c, stores[i], 1)));
		res = spec_keep(l->s, Z3_mk_ite(c, is, arg(c, stores[i], 2), res));
	}
	free(stores);
	return spec_keep(l->s, Z3_simplify(c, res));
}

/*
 * (acc (ctor ...)) where acc is not one of ctor's fields: SMT-LIB leaves
 * its value open, a function of ctor's arguments that the model chooses.
 * Z3's simplifier keeps it as it is, which the SAT solver cannot take
 * (solver.c); an uninterpreted function named after the two is the same
 * open value in words it can, a constant when ctor has no fields (as for
 * the #NPF reason of a Check that is not an #NPF, in a branch the ite
 * chains of specs/machine.smt2 never take). Were the same accessor also
 * applied to a Check-valued term the model could make that constructor,
 * the two would no longer be tied: a weaker formula, never a stronger
 * one, so no UNSAT is lost (the queries have no such term: their
 * constants are booleans, bit-vectors and Faults). NULL if t is not one.
 */
static Z3_ast foreign_field(struct lifter *l, Z3_ast t)
{
	Z3_context c = l->s->ctx;
	if (kind_of(c, t) != Z3_OP_DT_ACCESSOR || kind_of(c, arg(c, t, 0)) != Z3_OP_DT_CONSTRUCTOR)
		return NULL;
	Z3_func_decl acc = Z3_get_app_decl(c, Z3_to_app(c, t));
	Z3_app value = Z3_to_app(c, arg(c, t, 0));
	Z3_func_decl ctor = Z3_get_app_decl(c, value);
	Z3_sort dt = Z3_get_range(c, ctor);
	unsigned nctors = Z3_get_datatype_sort_num_constructors(c, dt);
	for (unsigned j = 0; j < nctors; j++) {
		if (!Z3_is_eq_func_decl(c, Z3_get_datatype_sort_constructor(c, dt, j), ctor))
			continue;
		for (unsigned i = 0; i < Z3_get_arity(c, ctor); i++)
			if (Z3_is_eq_func_decl(c, Z3_get_datatype_sort_constructor_accessor(c, dt, j, i),
			                       acc))
				return NULL;   /* its own field: the simplifier's to fold */
	}
	char name[160];
	snprintf(name, sizeof(name), "%s-of-%s", Z3_get_symbol_string(c, Z3_get_decl_name(c, acc)),
	         Z3_get_symbol_string(c, Z3_get_decl_name(c, ctor)));
	unsigned n = Z3_get_app_num_args(c, value);
	Z3_sort domain[n ? n : 1];
	Z3_ast args[n ? n : 1];
	for (unsigned i = 0; i < n; i++) {
		args[i] = Z3_get_app_arg(c, value, i);
		domain[i] = Z3_get_sort(c, args[i]);
	}
	Z3_func_decl open = Z3_mk_func_decl(c, Z3_mk_string_symbol(c, name), n, domain,
	                                    Z3_get_range(c, acc));
	return spec_keep(l->s, Z3_mk_app(c, open, n, args));
}

/* u (whose arguments are lifted) with a record pushed through the ite under it, if any. */
static Z3_ast rules(struct lifter *l, Z3_ast u)
{
	Z3_context c = l->s->ctx;
	if (Z3_get_ast_kind(c, u) != Z3_APP_AST)
		return u;
	Z3_decl_kind k = kind_of(c, u);
	unsigned n = Z3_get_app_num_args(c, Z3_to_app(c, u));
	if (k == Z3_OP_DT_ACCESSOR && n == 1 && is_ite(c, arg(c, u, 0)))
		return through_ite(l, u, 0);
	Z3_ast open = foreign_field(l, u);
	if (open)
		return open;
	if (k == Z3_OP_EQ && n == 2 && is_datatype(c, arg(c, u, 0))) {
		if (is_ite(c, arg(c, u, 1)))
			return through_ite(l, u, 1);
		if (is_ite(c, arg(c, u, 0)))
			return through_ite(l, u, 0);
	}
	return u;
}

static Z3_ast lift(struct lifter *l, Z3_ast t)
{
	Z3_context c = l->s->ctx;
	if (Z3_get_ast_kind(c, t) != Z3_APP_AST)
		return t;
	unsigned id = Z3_get_ast_id(c, t);
	Z3_ast done = memo_get(&l->memo, id);
	if (done)
		return done;
	Z3_app app = Z3_to_app(c, t);
	unsigned n = Z3_get_app_num_args(c, app);
	Z3_ast out = NULL;
	if (kind_of(c, t) == Z3_OP_SELECT && n == 2 && !is_numeral(c, arg(c, t, 1))) {
		Z3_ast read = read_as_ite(l, lift(l, arg(c, t, 0)), lift(l, arg(c, t, 1)));
		if (read)
			out = lift(l, read);
	}
	if (!out) {
		Z3_ast args[n ? n : 1];
		bool changed = false;
		for (unsigned i = 0; i < n; i++) {
			args[i] = lift(l, Z3_get_app_arg(c, app, i));
			changed |= args[i] != Z3_get_app_arg(c, app, i);
		}
		Z3_ast u = t;
		if (changed)
			u = spec_keep(l->s, Z3_simplify(c, spec_keep(l->s, Z3_update_term(c, t, n, args))));
		out = rules(l, u);
	}
	if (!memo_put(&l->memo, id, out))
		l->failed = true;
	return out;
}

Z3_ast lift_records(struct spec *s, Z3_ast f)
{
	struct lifter l = { .s = s };
	Z3_ast out = lift(&l, f);
	free(l.memo.id);
	free(l.memo.to);
	return l.failed ? f : out;
}
