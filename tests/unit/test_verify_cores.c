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

struct fixture {
	Z3_context c;
	struct vcores *cores;
	Z3_ast f[6];   /* six Boolean constants, held */
};

static int open_store(void **state)
{
	struct fixture *x = calloc(1, sizeof(*x));
	Z3_config cfg = Z3_mk_config();
	x->c = Z3_mk_context_rc(cfg);
	Z3_del_config(cfg);
	for (unsigned i = 0; i < 6; i++) {
		char name[8] = { 'f', (char)('0' + i), 0 };
		x->f[i] = Z3_mk_const(x->c, Z3_mk_string_symbol(x->c, name), Z3_mk_bool_sort(x->c));
		Z3_inc_ref(x->c, x->f[i]);
	}
	x->cores = vcores_open(x->c);
	*state = x;
	return x->cores ? 0 : -1;
}

static int close_store(void **state)
{
	struct fixture *x = *state;
	vcores_close(x->cores);
	for (unsigned i = 0; i < 6; i++)
		Z3_dec_ref(x->c, x->f[i]);
	Z3_del_context(x->c);
	free(x);
	return 0;
}

/* The formulas of x named by the digits of which ("024": f0, f2, f4), as a vector. */
static Z3_ast_vector formulas(struct fixture *x, const char *which)
{
	Z3_ast_vector v = Z3_mk_ast_vector(x->c);
	Z3_ast_vector_inc_ref(x->c, v);
	for (const char *p = which; *p; p++)
		Z3_ast_vector_push(x->c, v, x->f[*p - '0']);
	return v;
}

static bool covers(struct fixture *x, const char *path)
{
	Z3_ast_vector v = formulas(x, path);
	bool yes = vcores_cover(x->cores, v);
	Z3_ast_vector_dec_ref(x->c, v);
	return yes;
}

static void add(struct fixture *x, const char *core)
{
	Z3_ast_vector v = formulas(x, core);
	vcores_add(x->cores, v);
	Z3_ast_vector_dec_ref(x->c, v);
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
