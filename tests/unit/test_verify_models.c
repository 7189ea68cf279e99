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
#include "formula_fixture.h"

struct fixture {
	struct formulas z;
	Z3_solver s;
	struct vmodels *models;
};

static int open_store(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	formulas_open(&x->z);
	x->s = Z3_mk_solver(x->z.c);
	Z3_solver_inc_ref(x->z.c, x->s);
	x->models = vmodels_open(x->z.c);
	*state = x;
	return x->models ? 0 : -1;
}

static int close_store(void **state)
{
	struct fixture *x = *state;
	vmodels_close(x->models);
	Z3_solver_dec_ref(x->z.c, x->s);
	formulas_close(&x->z);
	free(x);
	return 0;
}

/* The key of the formulas of x named by the digits of which ("02": f0, f2). */
static uint64_t key_of(struct fixture *x, const char *which)
{
	Z3_ast_vector v = formulas_named(&x->z, which);
	uint64_t key = vmodels_key(x->z.c, v);
	Z3_ast_vector_dec_ref(x->z.c, v);
	return key;
}

/* A model of f[i] alone (the caller drops its reference). */
static Z3_model model_of(struct fixture *x, unsigned i)
{
	Z3_solver_reset(x->z.c, x->s);
	Z3_solver_assert(x->z.c, x->s, x->z.f[i]);
	assert_int_equal(Z3_solver_check(x->z.c, x->s), Z3_L_TRUE);
	Z3_model m = Z3_solver_get_model(x->z.c, x->s);
	Z3_model_inc_ref(x->z.c, m);
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
	Z3_model_dec_ref(x->z.c, m);   /* the store holds its own reference */
	Z3_model got = vmodels_get(x->models, key_of(x, "10"));
	assert_true(got == m);
	Z3_ast v = NULL;
	assert_true(Z3_model_eval(x->z.c, got, x->z.f[0], true, &v));
	assert_int_equal(Z3_get_bool_value(x->z.c, v), Z3_L_TRUE);
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
	Z3_model_dec_ref(x->z.c, first);
	Z3_model_dec_ref(x->z.c, second);
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
