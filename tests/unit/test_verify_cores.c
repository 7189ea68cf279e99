/*
 * test_verify_cores.c: the store of UNSAT cores (explorer/verify/cores.c)
 * answers a check only when its path holds every formula of a core: a
 * path that misses one, or a core never kept, answers nothing, and an
 * empty core (which would answer every check) is never kept.
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
	struct vcores *cores;
};

static int open_store(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	formulas_open(&x->z);
	x->cores = vcores_open(x->z.c);
	*state = x;
	return x->cores ? 0 : -1;
}

static int close_store(void **state)
{
	struct fixture *x = *state;
	vcores_close(x->cores);
	formulas_close(&x->z);
	free(x);
	return 0;
}

static bool covers(struct fixture *x, const char *path)
{
	Z3_ast_vector v = formulas_named(&x->z, path);
	bool yes = vcores_cover(x->cores, v);
	Z3_ast_vector_dec_ref(x->z.c, v);
	return yes;
}

static void add(struct fixture *x, const char *core)
{
	Z3_ast_vector v = formulas_named(&x->z, core);
	vcores_add(x->cores, v);
	Z3_ast_vector_dec_ref(x->z.c, v);
}

static void a_path_holding_a_whole_core_is_covered(void **state)
{
	struct fixture *x = *state;
	assert_false(covers(x, "01234"));   /* nothing kept yet */
	add(x, "13");
	assert_true(covers(x, "0123"));
	assert_true(covers(x, "31"));        /* in any order */
	assert_true(covers(x, "13"));
	assert_false(covers(x, "0124"));     /* f3 missing */
	assert_false(covers(x, "3"));
	assert_false(covers(x, ""));
	add(x, "024");
	assert_true(covers(x, "01245"));
	assert_false(covers(x, "0145"));     /* f2, inside the core, missing */
}

static void cores_filed_under_one_formula_are_each_tried(void **state)
{
	struct fixture *x = *state;
	/* Both are filed under f5, their newest formula. */
	add(x, "05");
	add(x, "25");
	assert_true(covers(x, "235"));
	assert_true(covers(x, "05"));
	assert_false(covers(x, "1345"));
	add(x, "345");
	assert_true(covers(x, "1345"));
}

static void an_empty_core_is_never_kept(void **state)
{
	struct fixture *x = *state;
	add(x, "");
	assert_false(covers(x, "012345"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(a_path_holding_a_whole_core_is_covered, open_store,
		                                close_store),
		cmocka_unit_test_setup_teardown(cores_filed_under_one_formula_are_each_tried, open_store,
		                                close_store),
		cmocka_unit_test_setup_teardown(an_empty_core_is_never_kept, open_store, close_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
