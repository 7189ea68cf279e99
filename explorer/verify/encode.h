/*
 * encode.h: the C machine model's values as terms of specs/machine.smt2
 * (enc_*), and a model's values back as C values (dec_*).
 *
 * Every term is kept in the spec's pool (see spec.h). An encoder returns
 * NULL for a C value the spec has no term for (a fault number past the
 * enum, perms[0] set, a permission byte above 0xf): the conformance
 * check reports that as a disagreement, never hides it.
 */
#ifndef VERIFY_ENCODE_H
#define VERIFY_ENCODE_H

#include "../machine/machine.h"
#include "spec.h"

/*
 * Are the spec's datatypes laid out (fields, order, enum members) as this
 * file builds them? 0, or -1 with the first difference in s->error.
 */
int encode_check(struct spec *s);

Z3_ast enc_bool(struct spec *s, bool b);
Z3_ast enc_bv(struct spec *s, uint64_t v, Z3_sort bv);
Z3_ast enc_entry(struct spec *s, const struct rmp_entry *e);
Z3_ast enc_state(struct spec *s, const struct machine *m);
Z3_ast enc_outcome(struct spec *s, struct hw_result r);
Z3_ast enc_reason(struct spec *s, enum npf_reason why);
Z3_ast enc_update(struct spec *s, const struct rmp_update *u);
/* Ghost state per page, as (Array Page Bool) and (Array Page (_ BitVec 8)). */
Z3_ast enc_page_set(struct spec *s, const bool in[MACHINE_MAX_PAGES]);
Z3_ast enc_page_bytes(struct spec *s, const uint8_t b[MACHINE_MAX_PAGES]);
/*
 * The same kind of table (sort: Bool or (_ BitVec 8); v: 0 is false) as
 * its runs of equal values, (lambda ((p Page)) (ite (p in run 1) v1 ...
 * 0)): a read at an open page is two comparisons per run, where the
 * simplifier makes a store chain's an equality per stored page. For the
 * tables the contracts read at open pages, guest RAM, the bitmap and the
 * owners (a few runs over 64 pages and more); the ghost terms stay stores
 * (docs/verify.md, "Eighth round", says why).
 */
Z3_ast enc_page_runs(struct spec *s, const uint8_t v[MACHINE_MAX_PAGES], Z3_sort sort);

/* The fields of a State, in the spec's order; terms that read a state. */
enum state_field {
	FIELD_NPAGES, FIELD_GUEST_ASID, FIELD_GUEST_VMPL, FIELD_RMP, FIELD_NPT, FIELD_LABEL,
	FIELD_RUNNING
};
Z3_ast enc_field(struct spec *s, Z3_ast state, enum state_field f);
Z3_ast enc_select(struct spec *s, Z3_ast array, uint64_t page);

bool dec_bool(struct spec *s, Z3_ast v, bool *b);
bool dec_bv(struct spec *s, Z3_ast v, uint64_t *u);
bool dec_entry(struct spec *s, Z3_ast v, struct rmp_entry *e);
bool dec_outcome(struct spec *s, Z3_ast v, struct hw_result *r);
bool dec_reason(struct spec *s, Z3_ast v, enum npf_reason *why);

#endif
