/*
 * test_verify_runs.c: a table by page written as its runs of equal values
 * (enc_page_runs, explorer/verify/encode.c) holds the table: read at each
 * of the 1,024 pages it gives the page's own value, for tables with runs
 * at both ends, a run of one page, adjacent runs of different values,
 * every page set, none, and values that change at every page; as Bools
 * and as bytes. Read at an open page it is a formula of the page that Z3
 * proves equal to the store chain's read.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>

#include "../../explorer/verify/encode.h"
#include "../../explorer/verify/spec.h"

static struct spec spec;

static int open_specs(void **state)
{
	(void)state;
	if (spec_open(&spec, SPEC_MACHINE, "") != 0) {
		printf("cannot load the specs: %s\n", spec.error);
		return -1;
	}
	return 0;
}

static int close_specs(void **state)
{
	(void)state;
	spec_close(&spec);
	return 0;
}

/*
 * The page of the last disagreement between enc_page_runs(v) read at each
 * of the MACHINE_MAX_PAGES pages (the whole of the Page sort) and v itself,
 * or -1: the simplifier reads the lambda at a numeral, as it does in an
 * instance at a concrete page.
 */
static int differs(const uint8_t v[MACHINE_MAX_PAGES], Z3_sort sort)
{
	Z3_context c = spec.ctx;
	Z3_ast runs = enc_page_runs(&spec, v, sort);
	int last = -1;
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++) {
		Z3_ast read = spec_keep(&spec, Z3_mk_select(c, runs, enc_bv(&spec, p, spec.page)));
		Z3_ast got = spec_keep(&spec, Z3_simplify(c, read));
		uint64_t u = 0;
		bool ok = sort == spec.boolean
		                  ? Z3_get_bool_value(c, got) == (v[p] ? Z3_L_TRUE : Z3_L_FALSE)
		                  : Z3_get_numeral_uint64(c, got, &u) && u == v[p];
		if (!ok)
			last = (int)p;
	}
	spec_release(&spec);
	return last;
}

/*
 * The tables tried: owners as the module leaves them (module memory, guest
 * RAM with a hole, a VMSA), runs touching the first and last page, a run
 * of one page, two adjacent runs of different values, every page set,
 * none, and values alternating page by page.
 */
static void fill(unsigned which, uint8_t v[MACHINE_MAX_PAGES])
{
	memset(v, 0, MACHINE_MAX_PAGES);
	switch (which) {
	case 0:
		memset(v, 1, 8);
		memset(v + 8, 2, 56);
		v[0x20] = 3;
		v[0x21] = 0;
		break;
	case 1:
		v[0] = 5;
		v[MACHINE_MAX_PAGES - 1] = 5;
		break;
	case 2:
		memset(v + 100, 7, 10);
		memset(v + 110, 9, 10);
		v[500] = 1;
		break;
	case 3:
		memset(v, 4, MACHINE_MAX_PAGES);
		break;
	case 4:
		break;
	default:
		for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++)
			v[i] = (uint8_t)(i % 2 + i % 3);
		break;
	}
}
#define TABLES 6

static void runs_hold_the_table(void **state)
{
	(void)state;
	uint8_t v[MACHINE_MAX_PAGES];
	for (unsigned t = 0; t < TABLES; t++) {
		fill(t, v);
		assert_int_equal(differs(v, spec.bv8), -1);
		for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
			v[p] = v[p] != 0;
		assert_int_equal(differs(v, spec.boolean), -1);
	}
}

/* Does t hold a quantifier or a lambda, or a term of an array sort? */
static bool has_array(Z3_context c, Z3_ast t)
{
	if (Z3_get_ast_kind(c, t) == Z3_QUANTIFIER_AST ||
	    Z3_get_sort_kind(c, Z3_get_sort(c, t)) == Z3_ARRAY_SORT)
		return true;
	if (Z3_get_ast_kind(c, t) != Z3_APP_AST)
		return false;
	Z3_app a = Z3_to_app(c, t);
	for (unsigned i = 0; i < Z3_get_app_num_args(c, a); i++)
		if (has_array(c, Z3_get_app_arg(c, a, i)))
			return true;
	return false;
}

/*
 * Read at an open page, the lambda is a formula of the page alone: the
 * simplifier leaves no lambda and no array for the SAT solver, which takes
 * neither. Z3 proves it equal to the store chain there.
 */
static void an_open_read_is_the_store_chain(void **state)
{
	(void)state;
	Z3_context c = spec.ctx;
	uint8_t v[MACHINE_MAX_PAGES];
	fill(0, v);
	bool in[MACHINE_MAX_PAGES];
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++)
		in[p] = v[p] != 0;
	Z3_ast p = spec_const(&spec, "p", spec.page);
	Z3_ast tables[][2] = {
		{ enc_page_runs(&spec, v, spec.bv8), enc_page_bytes(&spec, v) },
		{ enc_page_runs(&spec, v, spec.boolean), enc_page_set(&spec, in) },
	};
	for (unsigned i = 0; i < 2; i++) {
		Z3_ast read = spec_keep(&spec, Z3_simplify(c, spec_keep(&spec, Z3_mk_select(c, tables[i][0], p))));
		assert_int_equal(Z3_get_sort_kind(c, Z3_get_sort(c, read)),
		                 i == 0 ? Z3_BV_SORT : Z3_BOOL_SORT);
		assert_false(has_array(c, read));
		Z3_ast other = spec_keep(&spec, Z3_mk_select(c, tables[i][1], p));
		Z3_ast same = spec_keep(&spec, Z3_simplify(c, spec_keep(&spec, Z3_mk_eq(c, read, other))));
		assert_int_equal(spec_prove(&spec, same), TRUTH_TRUE);
	}
	spec_release(&spec);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runs_hold_the_table),
		cmocka_unit_test(an_open_read_is_the_store_chain),
	};
	return cmocka_run_group_tests(tests, open_specs, close_specs);
}
