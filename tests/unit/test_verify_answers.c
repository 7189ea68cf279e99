/*
 * test_verify_answers.c: what lets a check asked on one interleaving of
 * two vCPUs answer the same check on another (explorer/verify/solver.c).
 *
 * - A constant is named after how many the path made before it: never
 *   twice on one path (two meanings of one name would tie two things the
 *   hypervisor chooses), and the same where a level that made none (a
 *   HAL call outside the scope) stands elsewhere.
 * - A formula is given to the SAT solver only at a check that asks it: a
 *   check an UNSAT core answers gives it nothing.
 * - A model found before answers a check only if every formula of the
 *   path holds in it.
 * - A case starts from nothing the case before found: no core, no model
 *   and no formula of its carry over (each case solves in a context of
 *   its own).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../explorer/verify/verifier.h"

static int open_vq(void **state)
{
	struct vq *q = calloc(1, sizeof(*q));
	char err[512];
	if (!q || vq_open(q, 10000, err, sizeof(err)) != 0) {
		print_error("vq_open: %s\n", err);
		free(q);
		return -1;
	}
	*state = q;
	return 0;
}

static int close_vq(void **state)
{
	vq_close(*state);
	free(*state);
	return 0;
}

static Z3_sort bv8(struct vq *q)
{
	return Z3_mk_bv_sort(q->spec.ctx, 8);
}

/* The name of constant t. */
static const char *name_of(struct vq *q, Z3_ast t)
{
	Z3_context c = q->spec.ctx;
	return Z3_get_symbol_string(c, Z3_get_decl_name(c, Z3_get_app_decl(c, Z3_to_app(c, t))));
}

static void constants_are_named_by_count_on_the_path(void **state)
{
	struct vq *q = *state;
	char first[64], second[64], deeper[64];
	vq_push(q);
	snprintf(first, sizeof(first), "%s", name_of(q, vq_fresh(q, "x", bv8(q))));
	snprintf(second, sizeof(second), "%s", name_of(q, vq_fresh(q, "x", bv8(q))));
	assert_string_not_equal(first, second);
	vq_push(q);
	snprintf(deeper, sizeof(deeper), "%s", name_of(q, vq_fresh(q, "x", bv8(q))));
	assert_string_not_equal(deeper, first);
	assert_string_not_equal(deeper, second);
	vq_pop(q);
	vq_pop(q);
	/* Another path: a level that makes no constant first, then the same step. */
	vq_push(q);
	vq_push(q);
	assert_string_equal(name_of(q, vq_fresh(q, "x", bv8(q))), first);
	vq_push(q);
	assert_string_equal(name_of(q, vq_fresh(q, "x", bv8(q))), second);
	vq_pop(q);
	vq_pop(q);
	vq_pop(q);
}

/* x = v, as a formula of the specs' context. */
static Z3_ast equals(struct vq *q, Z3_ast x, unsigned v)
{
	Z3_context c = q->spec.ctx;
	return vq_keep(q, Z3_mk_eq(c, x, vq_keep(q, Z3_mk_unsigned_int(c, v, bv8(q)))));
}

/* A constant x, new to the path, with x = 1 and x = 2: a contradiction. */
static void assert_x_is_1_and_2(struct vq *q)
{
	Z3_ast x = vq_fresh(q, "x", bv8(q));
	vq_assert(q, equals(q, x, 1));
	vq_assert(q, equals(q, x, 2));
}

static void a_check_a_core_answers_gives_the_solver_nothing(void **state)
{
	struct vq *q = *state;
	vq_push(q);
	assert_x_is_1_and_2(q);
	assert_int_equal(vq_check(q), Z3_L_FALSE);   /* asked: its core is kept */
	unsigned given = q->nguards;
	vq_pop(q);
	vq_push(q);
	assert_x_is_1_and_2(q);   /* the same name, so the same formulas */
	Z3_ast y = vq_fresh(q, "y", bv8(q));
	vq_assert(q, equals(q, y, 3));
	vq_assert(q, equals(q, y, 4));
	assert_int_equal(vq_check(q), Z3_L_FALSE);
	assert_int_equal(q->nguards, given);   /* y's formulas were not given */
	vq_pop(q);
}

static void a_model_found_before_is_used_only_where_it_holds(void **state)
{
	struct vq *q = *state;
	Z3_context sc = q->solving;
	vq_push(q);
	Z3_ast x = vq_fresh(q, "x", bv8(q));
	Z3_context c = q->spec.ctx;
	Z3_ast either[] = { equals(q, x, 5), equals(q, x, 6) };
	vq_assert(q, vq_keep(q, Z3_mk_or(c, 2, either)));
	assert_int_equal(vq_check(q), Z3_L_TRUE);
	Z3_model found = q->model;
	Z3_model_inc_ref(sc, found);
	/* The same question again is answered by the same model. */
	assert_int_equal(vq_check(q), Z3_L_TRUE);
	assert_true(q->model == found);
	vq_pop(q);
	/* Another path: x = 7, and found filed under its formulas' key (a stale entry). */
	vq_push(q);
	x = vq_fresh(q, "x", bv8(q));
	vq_assert(q, equals(q, x, 7));
	vmodels_put(q->models, vmodels_key(sc, q->asserted), found);
	assert_int_equal(vq_check(q), Z3_L_TRUE);
	assert_true(q->model != found);
	uint64_t v = 0;
	assert_true(vq_get_bv(q, x, &v));
	assert_int_equal(v, 7);
	vq_pop(q);
	Z3_model_dec_ref(sc, found);
}

static void a_case_starts_from_nothing_the_case_before_found(void **state)
{
	struct vq *q = *state;
	vq_push(q);
	assert_x_is_1_and_2(q);
	assert_int_equal(vq_check(q), Z3_L_FALSE);   /* its core is kept for the case */
	vq_pop(q);
	vq_push(q);
	Z3_ast y = vq_fresh(q, "y", bv8(q));
	vq_assert(q, equals(q, y, 3));
	assert_int_equal(vq_check(q), Z3_L_TRUE);    /* and its model */
	vq_pop(q);
	vq_reset(q);
	assert_int_equal(q->nguards, 0);
	/* The same two checks in the next case: Z3 is asked each, given its formulas again. */
	vq_push(q);
	assert_x_is_1_and_2(q);
	assert_int_equal(vq_check(q), Z3_L_FALSE);
	assert_int_equal(q->nguards, 2);
	vq_pop(q);
	vq_push(q);
	y = vq_fresh(q, "y", bv8(q));
	vq_assert(q, equals(q, y, 3));
	assert_int_equal(vq_check(q), Z3_L_TRUE);
	assert_int_equal(q->nguards, 3);
	uint64_t v = 0;
	assert_true(vq_get_bv(q, y, &v));
	assert_int_equal(v, 3);
	vq_pop(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(constants_are_named_by_count_on_the_path, open_vq,
		                                close_vq),
		cmocka_unit_test_setup_teardown(a_check_a_core_answers_gives_the_solver_nothing,
		                                open_vq, close_vq),
		cmocka_unit_test_setup_teardown(a_model_found_before_is_used_only_where_it_holds,
		                                open_vq, close_vq),
		cmocka_unit_test_setup_teardown(a_case_starts_from_nothing_the_case_before_found,
		                                open_vq, close_vq),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
