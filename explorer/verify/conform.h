/*
 * conform.h: does the C machine model do what specs/machine.smt2 says?
 *
 * A transition is a pre-state, one operation with its inputs, the outcome
 * the C model reported and the post-state it left. conform_run makes one
 * (transition.c); conform_check asks Z3 whether the spec's relation for
 * that operation holds of it and allows no other outcome or post-state,
 * and conform_explain prints a transition next to what the spec allows
 * instead (conform.c).
 */
#ifndef VERIFY_CONFORM_H
#define VERIFY_CONFORM_H

#include <stdio.h>

#include "spec.h"
#include "../machine/machine.h"

enum conform_op {
	CONFORM_PVALIDATE,
	CONFORM_RMPADJUST,
	CONFORM_RMPUPDATE,
	CONFORM_PSMASH,
	CONFORM_TRANSLATE,
	CONFORM_READ,
	CONFORM_WRITE,
	CONFORM_OPS
};

/* One operation and its inputs; an operation ignores the fields it does not take. */
struct conform_in {
	enum conform_op op;
	unsigned vmpl;             /* guest operations */
	uint64_t addr;             /* the GPA; for RMPUPDATE and PSMASH the SPA */
	unsigned size;             /* PVALIDATE, RMPADJUST: 0 = 4K, 1 = 2M */
	bool validate;             /* PVALIDATE */
	uint64_t attrs;            /* RMPADJUST */
	struct rmp_update update;  /* RMPUPDATE */
	bool cbit;                 /* accesses */
	enum access_kind kind;     /* translate */
	uint64_t len;              /* read, write: bytes */
	uint8_t label;             /* write: the label of the bytes written */
};

/* What the C model reported. */
struct conform_out {
	struct hw_result r;        /* guest instructions and accesses */
	int rc;                    /* RMPUPDATE, PSMASH */
	enum npf_reason why;       /* translate */
	uint64_t spa;              /* translate: the SPA on success, else 0 */
};

struct conform {
	struct spec spec;
	Z3_ast var[16];            /* the harness's constants (conform.c: enum var) */
};

/* --- the C side (transition.c) --- */
/* Runs in's operation on m, which becomes the post-state. */
struct conform_out conform_run(struct machine *m, const struct conform_in *in);
const char *conform_op_name(enum conform_op op);
void conform_print_in(FILE *f, const struct conform_in *in);
void conform_print_out(FILE *f, enum conform_op op, const struct conform_out *out);
void conform_print_entry(FILE *f, const struct rmp_entry *e);

/* --- the spec side (conform.c) --- */
/*
 * Loads specs/machine.smt2, specs/adversary.smt2 and the relations; 0 or
 * -1 with c->spec.error.
 */
int conform_open(struct conform *c);
void conform_close(struct conform *c);

/*
 * What the spec says of a transition: does its relation hold of pre, in,
 * out and post (FALSE too when a C value has no spec counterpart), and are
 * out and post the only outcome and post-state it allows for pre and in?
 * UNKNOWN when Z3 cannot tell.
 */
struct conform_verdict {
	enum truth holds, unique;
};
struct conform_verdict conform_check(struct conform *c, const struct machine *pre,
                                     const struct conform_in *in, const struct conform_out *out,
                                     const struct machine *post);

/* Is the change from pre to post a move of the hypervisor (specs/adversary.smt2)? */
enum truth conform_adversary(struct conform *c, const struct machine *pre,
                             const struct machine *post);

/* Prints the transition and what the spec allows for pre and in. */
void conform_explain(struct conform *c, FILE *f, const struct machine *pre,
                     const struct conform_in *in, const struct conform_out *out,
                     const struct machine *post);

#endif
