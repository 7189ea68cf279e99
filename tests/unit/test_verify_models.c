/*
 * test_verify_models.c: the store of models (explorer/verify/models.c)
 * files a model under the set of formulas it was found for, in whatever
 * order they were asserted, gives it back for that set only, and gives a
 * slot to the newer of two models that share it. Whether a model it gives
 * back is used is solver.c's to decide (every assertion evaluated in it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../explorer/verify/verifier.h"

struct fixture {
	Z3_context c;
	Z3_solver s;
	struct vmodels *models;
	Z3_ast f[4];   /* four Boolean constants, held */
};

static int open_store(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	Z3_config cfg = Z3_mk_config();
	x->c = Z3_mk_context_rc(cfg);
	Z3_del_config(cfg);
	for (unsigned i = 0; i < 4; i++) {
		char name[8] = { 'f', (char)('0' + i), 0 };
		x->f[i] = Z3_mk_const(x->c, Z3_mk_string_symbol(x->c, name), Z3_mk_bool_sort(x->c));
		Z3_inc_ref(x->c, x->f[i]);
	}
	x->s = Z3_mk_solver(x->c);
	Z3_solver_inc_ref(x->c, x->s);
	x->models = vmodels_open(x->c);
	*state = x;
	return x->models ? 0 : -1;
}

static int close_store(void **state)
{
	struct fixture *x = *state;
	vmodels_close(x->models);
	Z3_solver_dec_ref(x->c, x->s);
	for (unsigned i = 0; i < 4; i++)
		Z3_dec_ref(x->c, x->f[i]);
	Z3_del_context(x->c);
	free(x);
	return 0;
}

/* The key of the formulas of x named by the digits of which ("02": f0, f2). */
static uint64_t key_of(struct fixture *x, const char *which)
{
	Z3_ast_vector v = Z3_mk_ast_vector(x->c);
	Z3_ast_vector_inc_ref(x->c, v);
	for (const char *p = which; *p; p++)
		Z3_ast_vector_push(x->c, v, x->f[*p - '0']);
	uint64_t key = vmodels_key(x->c, v);
	Z3_ast_vector_dec_ref(x->c, v);
	return key;
}

/* A model of f[i] alone (the caller drops its reference). */
static Z3_model model_of(struct fixture *x, unsigned i)
{
	Z3_solver_reset(x->c, x->s);
	Z3_solver_assert(x->c, x->s, x->f[i]);
	assert_int_equal(Z3_solver_check(x->c, x->s), Z3_L_TRUE);
	Z3_model m = Z3_solver_get_model(x->c, x->s);
	Z3_model_inc_ref(x->c, m);
	return m;
}

static void a_set_is_its_formulas_in_any_order(void **state)
{
	struct fixture *x = *state;
	assert_true(key_of(x, "013") == key_of(x, "310"));
	assert_true(key_of(x, "013") == key_of(x, "103"));
	assert_false(key_of(x, "013") == key_of(x, "01"));
	assert_false(key_of(x, "013") == key_of(x, "012"));
	assert_false(key_of(x, "") == key_of(x, "0"));
}

static void a_model_comes_back_for_its_set_only(void **state)
{
	struct fixture *x = *state;
	assert_null(vmodels_get(x->models, key_of(x, "01")));   /* nothing kept yet */
	Z3_model m = model_of(x, 0);
	vmodels_put(x->models, key_of(x, "01"), m);
	Z3_model_dec_ref(x->c, m);   /* the store holds its own reference */
	Z3_model got = vmodels_get(x->models, key_of(x, "10"));
	assert_true(got == m);
	Z3_ast v = NULL;
	assert_true(Z3_model_eval(x->c, got, x->f[0], true, &v));
	assert_int_equal(Z3_get_bool_value(x->c, v), Z3_L_TRUE);
	assert_null(vmodels_get(x->models, key_of(x, "0")));
	assert_null(vmodels_get(x->models, key_of(x, "012")));
}

static void a_newer_model_takes_the_slot(void **state)
{
	struct fixture *x = *state;
	Z3_model first = model_of(x, 0), second = model_of(x, 1);
	uint64_t key = key_of(x, "23");
	vmodels_put(x->models, key, first);
	vmodels_put(x->models, key, second);
	assert_true(vmodels_get(x->models, key) == second);
	/* A key in the same slot (65,536 apart: a multiple of any power-of-two store) replaces it. */
	uint64_t other = key + 65536;
	vmodels_put(x->models, other, first);
	assert_true(vmodels_get(x->models, other) == first);
	assert_null(vmodels_get(x->models, key));
	Z3_model_dec_ref(x->c, first);
	Z3_model_dec_ref(x->c, second);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_set_is_its_formulas_in_any_order, open_store,
		                                close_store),
		cmocka_unit_test_setup_teardown(a_model_comes_back_for_its_set_only, open_store,
		                                close_store),
		cmocka_unit_test_setup_teardown(a_newer_model_takes_the_slot, open_store, close_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
