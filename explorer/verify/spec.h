/*
 * spec.h: the SMT-LIB2 specifications in specs/ loaded into Z3.
 *
 * One struct spec is one Z3 context holding the spec files and a harness:
 * SMT-LIB text, written by the caller, that declares constants and asserts
 * formulas over the specs' names (a relation applied to constants, a
 * theorem to prove). Questions are then asked about those assertions with
 * concrete values for the constants (spec_eval) or with a solver
 * (spec_prove, spec_solve).
 *
 * Terms built for one question are kept alive in a pool and released
 * together by spec_release, so a long run of questions does not grow.
 */
#ifndef VERIFY_SPEC_H
#define VERIFY_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <z3.h>

/* The spec files, as a bit set for spec_open. */
enum {
	SPEC_MACHINE = 1 << 0,      /* specs/machine.smt2 (always read first) */
	SPEC_ADVERSARY = 1 << 1,    /* specs/adversary.smt2 */
	SPEC_INVARIANTS = 1 << 2,   /* specs/invariants.smt2 */
	SPEC_THEOREMS = 1 << 3,     /* specs/theorems.smt2 (needs the other three) */
};

enum truth { TRUTH_FALSE, TRUTH_TRUE, TRUTH_UNKNOWN };

struct spec {
	Z3_context ctx;
	Z3_ast_vector asserts;   /* the harness's assertions, in order */
	Z3_ast_vector pool;      /* terms of the current question */
	Z3_solver solver;
	Z3_model model;          /* the last spec_solve's model, or NULL */
	/* The specs' sorts the encoder needs (specs/machine.smt2), and Z3's own. */
	Z3_sort state, entry, outcome, fault, reason, update;
	Z3_sort boolean, bv4, bv8, bv32, bv64;
	Z3_sort page;            /* (_ BitVec 10): the index of every table */
	unsigned long expanded;       /* spec_eval questions spelled out over pages */
	unsigned long solver_evals;   /* spec_eval questions left to the solver */
	char error[512];         /* why spec_open failed, or what went wrong last */
};

/*
 * Reads the spec files in files (plus SPEC_MACHINE) from the specs
 * directory, then harness, and parses them. Returns 0, or -1 with a
 * message in s->error (a file missing, a parse error with its line) and
 * nothing left to close.
 */
int spec_open(struct spec *s, unsigned files, const char *harness);
/*
 * The whole of specs/NAME (path says where that is), or NULL when it
 * cannot be read (errno says why). The caller frees it.
 */
char *spec_file_text(const char *name, char *path, size_t pathlen);
/* The line of "(define-fun NAME " in specs/FILE, or 0. */
unsigned spec_line_of(const char *file, const char *name);

/* Frees the context and all it holds; s->error stays. */
void spec_close(struct spec *s);

/* The i-th assertion of the harness. */
Z3_ast spec_assertion(const struct spec *s, unsigned i);
unsigned spec_assertions(const struct spec *s);

/* Keeps a alive until spec_release; returns a. */
Z3_ast spec_keep(struct spec *s, Z3_ast a);
void spec_release(struct spec *s);

/* The constant name of sort sort (as the harness declares it). */
Z3_ast spec_const(struct spec *s, const char *name, Z3_sort sort);

/*
 * The truth of formula f when the constants consts[i] have the concrete
 * values values[i]: Z3's model evaluator rewrites it down to true or
 * false; what it leaves open (the quantifiers and lambdas of 2M spans) is
 * spelled out over the pages and evaluated again; a solver gets the rest.
 */
enum truth spec_eval(struct spec *s, Z3_ast f, unsigned n, const Z3_ast *consts,
                     const Z3_ast *values);

/*
 * f with every quantifier over one variable of a small sort (a Page) and
 * every equality of arrays indexed by one spelled out over all its values
 * (expand.c): what spec_eval does with what the evaluator leaves open.
 */
Z3_ast spec_expand(struct spec *s, Z3_ast f);

/*
 * f with each read of an array value (stores at numerals over a constant
 * array) at a numeral replaced by the element (expand.c). Z3's simplifier
 * finds it by walking the store chain, a term made per store passed: a
 * clause read at each of 1024 pages of a 2M case's RMP, 1023 stores, made
 * a million.
 */
Z3_ast spec_read_tables(struct spec *s, Z3_ast f);

/* Is f valid (its negation unsatisfiable)? UNKNOWN if Z3 cannot tell. */
enum truth spec_prove(struct spec *s, Z3_ast f);

/*
 * A model of f, or NULL (unsatisfiable or unknown). The model stays valid
 * until the next spec_solve or spec_close; read it with spec_model_value.
 */
Z3_model spec_solve(struct spec *s, Z3_ast f);
Z3_ast spec_model_value(struct spec *s, Z3_model m, Z3_ast t);

#endif
