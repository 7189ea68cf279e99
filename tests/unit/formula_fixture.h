/*
 * formula_fixture.h: what the tests of the verifier's stores of formula
 * sets (cores.c, models.c) share: a Z3 context with Boolean constants f0
 * to f7, held, and sets of them named by digits ("024": f0, f2, f4).
 */
#ifndef TEST_FORMULA_FIXTURE_H
#define TEST_FORMULA_FIXTURE_H

#include <z3.h>

#define FORMULAS 8

struct formulas {
	Z3_context c;
	Z3_ast f[FORMULAS];
};

static inline void formulas_open(struct formulas *x)
{
	Z3_config cfg = Z3_mk_config();
	x->c = Z3_mk_context_rc(cfg);
	Z3_del_config(cfg);
	for (unsigned i = 0; i < FORMULAS; i++) {
		char name[8] = { 'f', (char)('0' + i), 0 };
		x->f[i] = Z3_mk_const(x->c, Z3_mk_string_symbol(x->c, name), Z3_mk_bool_sort(x->c));
		Z3_inc_ref(x->c, x->f[i]);
	}
}

static inline void formulas_close(struct formulas *x)
{
	for (unsigned i = 0; i < FORMULAS; i++)
		Z3_dec_ref(x->c, x->f[i]);
	Z3_del_context(x->c);
}

/* The formulas named by the digits of which, as a vector (the caller releases it). */
static inline Z3_ast_vector formulas_named(struct formulas *x, const char *which)
{
	Z3_ast_vector v = Z3_mk_ast_vector(x->c);
	Z3_ast_vector_inc_ref(x->c, v);
	for (const char *p = which; *p; p++)
		Z3_ast_vector_push(x->c, v, x->f[*p - '0']);
	return v;
}

#endif
