/*
 * input_spec.h: specs/inputs.smt2 in a Z3 context of its own, the
 * define-fun of each predicate of svsm/core/input_checks.h ready to apply
 * to a recorded call: to its concrete arguments (the conformance test), or
 * with a symbolic guest value (symbolic.c, which asks for new inputs).
 */
#ifndef VERIFY_INPUT_SPEC_H
#define VERIFY_INPUT_SPEC_H

#include <z3.h>

#include "../../svsm/core/input_checks.h"

struct input_spec {
	Z3_context ctx;
	Z3_ast_vector parsed;                /* the harness's assertions, one per predicate */
	Z3_ast applied[INPUT_CHECK_COUNT];   /* each define-fun over the constants below */
	Z3_ast arg[INPUT_CHECK_ARGS];        /* the constants: the guest value, then the others */
	char error[1100];
};

/* 0, or -1 with a message in is->error (the file missing, a parse error). */
int input_spec_open(struct input_spec *is);
void input_spec_close(struct input_spec *is);
/* The define-fun of predicate check on args (64-bit terms: guest values symbolic, or constants). */
Z3_ast input_spec_apply(struct input_spec *is, enum input_check check,
                        const Z3_ast args[INPUT_CHECK_ARGS]);
/* Its value on n's own arguments: 1 true, 0 false, -1 not decided. */
int input_spec_eval(struct input_spec *is, const struct input_note *n);
/* The predicate's name in specs/inputs.smt2, and how many arguments it takes. */
const char *input_spec_name(enum input_check check);
unsigned input_spec_arity(enum input_check check);

#endif
