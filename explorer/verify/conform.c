/*
 * conform.c: the spec side of conformance.
 *
 * One harness declares a constant for every input and output and asserts
 * each operation's relation over them, once. A transition is then checked
 * without any parsing: the constants get the transition's values in a
 * model, and Z3's model evaluator rewrites the relation to true or false
 * (spec_eval). Only the questions that need a solver (uniqueness, and what
 * the spec allows instead) use one.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "conform.h"
#include "encode.h"

/* The harness's constants. */
enum var {
	PRE, POST, OUT, RET, WHY, SPA_OUT,                     /* state and outputs */
	VMPL, ADDR, SIZE, VALIDATE, ATTRS, UPD, CBIT, KIND, LEN, LAB,   /* inputs */
	VARS
};
_Static_assert(VARS <= sizeof(((struct conform *)0)->var) / sizeof(Z3_ast),
               "struct conform has a slot for every constant");

enum kind { K_STATE, K_OUTCOME, K_REASON, K_UPDATE, K_BOOL, K_BV4, K_BV8, K_BV32, K_BV64 };

static const struct {
	const char *name;
	const char *sort;   /* in the harness's text */
	enum kind kind;     /* the same, for Z3_mk_const */
} vars[VARS] = {
	[PRE] = { "pre", "State", K_STATE },
	[POST] = { "post", "State", K_STATE },
	[OUT] = { "out", "Outcome", K_OUTCOME },
	[RET] = { "ret", "Rc", K_BV32 },
	[WHY] = { "why", "Reason", K_REASON },
	[SPA_OUT] = { "spa-out", "Addr", K_BV64 },
	[VMPL] = { "vmpl", "Vmpl", K_BV32 },
	[ADDR] = { "addr", "Addr", K_BV64 },
	[SIZE] = { "size", "(_ BitVec 32)", K_BV32 },
	[VALIDATE] = { "validate", "Bool", K_BOOL },
	[ATTRS] = { "attrs", "(_ BitVec 64)", K_BV64 },
	[UPD] = { "upd", "Update", K_UPDATE },
	[CBIT] = { "cbit", "Bool", K_BOOL },
	[KIND] = { "kind", "Perms", K_BV4 },
	[LEN] = { "len", "(_ BitVec 64)", K_BV64 },
	[LAB] = { "lab", "Label", K_BV8 },
};

#define BIT(v) (1u << (v))

/* Each operation's relation, the inputs it takes and the outputs it fixes. */
static const struct {
	const char *smt;
	unsigned inputs, outputs;
} relations[CONFORM_OPS] = {
	[CONFORM_PVALIDATE] = { "(pvalidate pre vmpl addr size validate out post)",
	                        BIT(VMPL) | BIT(ADDR) | BIT(SIZE) | BIT(VALIDATE), BIT(OUT) | BIT(POST) },
	[CONFORM_RMPADJUST] = { "(rmpadjust pre vmpl addr size attrs out post)",
	                        BIT(VMPL) | BIT(ADDR) | BIT(SIZE) | BIT(ATTRS), BIT(OUT) | BIT(POST) },
	[CONFORM_RMPUPDATE] = { "(rmpupdate pre addr upd ret post)",
	                        BIT(ADDR) | BIT(UPD), BIT(RET) | BIT(POST) },
	[CONFORM_PSMASH] = { "(psmash pre addr ret post)", BIT(ADDR), BIT(RET) | BIT(POST) },
	[CONFORM_TRANSLATE] = { "(translate pre vmpl addr cbit kind out why spa-out)",
	                        BIT(VMPL) | BIT(ADDR) | BIT(CBIT) | BIT(KIND),
	                        BIT(OUT) | BIT(WHY) | BIT(SPA_OUT) },
	[CONFORM_READ] = { "(guest-read pre vmpl addr cbit len out)",
	                   BIT(VMPL) | BIT(ADDR) | BIT(CBIT) | BIT(LEN), BIT(OUT) },
	[CONFORM_WRITE] = { "(guest-write pre vmpl addr cbit len lab out post)",
	                    BIT(VMPL) | BIT(ADDR) | BIT(CBIT) | BIT(LEN) | BIT(LAB),
	                    BIT(OUT) | BIT(POST) },
};

static Z3_sort sort_of(const struct spec *s, enum kind k)
{
	const Z3_sort sorts[] = {
		[K_STATE] = s->state, [K_OUTCOME] = s->outcome, [K_REASON] = s->reason,
		[K_UPDATE] = s->update, [K_BOOL] = s->boolean, [K_BV4] = s->bv4, [K_BV8] = s->bv8,
		[K_BV32] = s->bv32, [K_BV64] = s->bv64,
	};
	return sorts[k];
}

/* The harness: the constants, then one relation per operation, in op order. */
static char *harness_text(void)
{
	size_t cap = 4096, len = 0;
	char *text = malloc(cap);
	if (!text)
		return NULL;
	for (unsigned i = 0; i < VARS; i++)
		len += (size_t)snprintf(text + len, cap - len, "(declare-const %s %s)\n",
		                        vars[i].name, vars[i].sort);
	for (unsigned op = 0; op < CONFORM_OPS; op++)
		len += (size_t)snprintf(text + len, cap - len, "(assert %s)\n", relations[op].smt);
	if (len >= cap) {   /* the tables outgrew the buffer: a programming error */
		free(text);
		return NULL;
	}
	return text;
}

int conform_open(struct conform *c)
{
	memset(c, 0, sizeof(*c));
	char *harness = harness_text();
	if (!harness) {
		snprintf(c->spec.error, sizeof(c->spec.error), "cannot build the harness");
		return -1;
	}
	int rc = spec_open(&c->spec, SPEC_MACHINE, harness);
	free(harness);
	if (rc == 0)
		rc = encode_check(&c->spec);
	if (rc != 0)
		return -1;
	for (unsigned i = 0; i < VARS; i++) {
		c->var[i] = Z3_mk_const(c->spec.ctx, Z3_mk_string_symbol(c->spec.ctx, vars[i].name),
		                        sort_of(&c->spec, vars[i].kind));
		Z3_inc_ref(c->spec.ctx, c->var[i]);
	}
	return 0;
}

void conform_close(struct conform *c)
{
	for (unsigned i = 0; i < VARS; i++)
		if (c->var[i])
			Z3_dec_ref(c->spec.ctx, c->var[i]);
	spec_close(&c->spec);
}

/* The values of the constants in mask; false if a C value has no spec term. */
static bool values(struct conform *c, unsigned mask, const struct machine *pre,
                   const struct conform_in *in, const struct conform_out *out,
                   const struct machine *post, Z3_ast v[VARS])
{
	struct spec *s = &c->spec;
	for (unsigned i = 0; i < VARS; i++) {
		if (!(mask & BIT(i))) {
			v[i] = NULL;
			continue;
		}
		switch ((enum var)i) {
		case PRE: v[i] = enc_state(s, pre); break;
		case POST: v[i] = enc_state(s, post); break;
		case OUT: v[i] = enc_outcome(s, out->r); break;
		case RET: v[i] = enc_bv(s, (uint32_t)out->rc, s->bv32); break;
		case WHY: v[i] = enc_reason(s, out->why); break;
		case SPA_OUT: v[i] = enc_bv(s, out->spa, s->bv64); break;
		case VMPL: v[i] = enc_bv(s, in->vmpl, s->bv32); break;
		case ADDR: v[i] = enc_bv(s, in->addr, s->bv64); break;
		case SIZE: v[i] = enc_bv(s, in->size, s->bv32); break;
		case VALIDATE: v[i] = enc_bool(s, in->validate); break;
		case ATTRS: v[i] = enc_bv(s, in->attrs, s->bv64); break;
		case UPD: v[i] = enc_update(s, &in->update); break;
		case CBIT: v[i] = enc_bool(s, in->cbit); break;
		case KIND: v[i] = (unsigned)in->kind <= PERM_ALL ? enc_bv(s, in->kind, s->bv4) : NULL; break;
		case LEN: v[i] = enc_bv(s, in->len, s->bv64); break;
		case LAB: v[i] = enc_bv(s, in->label, s->bv8); break;
		case VARS: break;
		}
		if (!v[i]) {
			snprintf(s->error, sizeof(s->error), "the C model's %s has no value in the spec",
			         vars[i].name);
			return false;
		}
	}
	return true;
}

/* The conjunction of "constant = value" over mask. */
static Z3_ast bindings(struct conform *c, unsigned mask, Z3_ast v[VARS])
{
	Z3_ast eq[VARS];
	unsigned n = 0;
	for (unsigned i = 0; i < VARS; i++)
		if (mask & BIT(i))
			eq[n++] = spec_keep(&c->spec, Z3_mk_eq(c->spec.ctx, c->var[i], v[i]));
	return spec_keep(&c->spec, Z3_mk_and(c->spec.ctx, n, eq));
}

/*
 * Does r, a formula over the outputs in mask alone, read "output = term"
 * for every one of them, each term free of outputs? Then r has exactly one
 * solution: the spec is deterministic here, seen without a solver.
 */
static bool pins_outputs(struct conform *c, Z3_ast r, unsigned mask, Z3_ast v[VARS])
{
	Z3_context z = c->spec.ctx;
	Z3_ast outs[VARS], vals[VARS];
	unsigned n = 0, pinned = 0;
	for (unsigned i = 0; i < VARS; i++)
		if (mask & BIT(i)) {
			outs[n] = c->var[i];
			vals[n++] = v[i];
		}
	Z3_app a = Z3_to_app(z, r);
	bool conj = Z3_get_decl_kind(z, Z3_get_app_decl(z, a)) == Z3_OP_AND;
	unsigned parts = conj ? Z3_get_app_num_args(z, a) : 1;
	for (unsigned k = 0; k < parts; k++) {
		Z3_ast e = conj ? Z3_get_app_arg(z, a, k) : r;
		if (Z3_get_ast_kind(z, e) != Z3_APP_AST ||
		    Z3_get_decl_kind(z, Z3_get_app_decl(z, Z3_to_app(z, e))) != Z3_OP_EQ)
			return false;
		Z3_ast lhs = Z3_get_app_arg(z, Z3_to_app(z, e), 0), rhs = Z3_get_app_arg(z, Z3_to_app(z, e), 1);
		unsigned i = 0;
		while (i < VARS && !((mask & BIT(i)) && (Z3_is_eq_ast(z, lhs, c->var[i]) ||
		                                          Z3_is_eq_ast(z, rhs, c->var[i]))))
			i++;
		if (i == VARS)
			return false;
		Z3_ast term = Z3_is_eq_ast(z, lhs, c->var[i]) ? rhs : lhs;
		/* Putting values in for the outputs leaves an output-free term as it is. */
		if (!Z3_is_eq_ast(z, spec_keep(&c->spec, Z3_substitute(z, term, n, outs, vals)), term))
			return false;
		pinned |= BIT(i);
	}
	return pinned == mask;
}

struct conform_verdict conform_check(struct conform *c, const struct machine *pre,
                                     const struct conform_in *in, const struct conform_out *out,
                                     const struct machine *post)
{
	struct conform_verdict verdict = { TRUTH_FALSE, TRUTH_FALSE };
	unsigned given = BIT(PRE) | relations[in->op].inputs, outputs = relations[in->op].outputs;
	Z3_ast v[VARS], from[VARS], to[VARS];
	if (!values(c, given | outputs, pre, in, out, post, v)) {
		spec_release(&c->spec);
		return verdict;
	}
	/* The relation with the inputs put in, simplified: a formula over the outputs. */
	unsigned n = 0;
	for (unsigned i = 0; i < VARS; i++)
		if (given & BIT(i)) {
			from[n] = c->var[i];
			to[n++] = v[i];
		}
	Z3_context z = c->spec.ctx;
	Z3_ast r = spec_keep(&c->spec, Z3_substitute(z, spec_assertion(&c->spec, in->op), n, from, to));
	r = spec_keep(&c->spec, Z3_simplify(z, r));

	n = 0;
	for (unsigned i = 0; i < VARS; i++)
		if (outputs & BIT(i)) {
			from[n] = c->var[i];
			to[n++] = v[i];
		}
	verdict.holds = spec_eval(&c->spec, r, n, from, to);
	if (pins_outputs(c, r, outputs, v))
		verdict.unique = TRUTH_TRUE;
	else   /* the relation implies the C model's outputs? */
		verdict.unique = spec_prove(&c->spec, spec_keep(&c->spec,
		                            Z3_mk_implies(z, r, bindings(c, outputs, v))));
	spec_release(&c->spec);
	return verdict;
}

/* --- explaining a mismatch ------------------------------------------------- */

static bool entries_equal(const struct rmp_entry *a, const struct rmp_entry *b)
{
	return a->assigned == b->assigned && a->immutable == b->immutable &&
	       a->validated == b->validated && a->vmsa == b->vmsa && a->page_size == b->page_size &&
	       a->asid == b->asid && a->gpa == b->gpa &&
	       memcmp(a->perms, b->perms, sizeof(a->perms)) == 0;
}

/* Lists the pages where b differs from a (at most a few). */
static void print_diff(FILE *f, const char *who, const struct machine *a, const struct machine *b)
{
	enum { SHOWN = 6 };
	unsigned n = 0;
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++) {
		bool rmp = !entries_equal(&a->rmp[p], &b->rmp[p]);
		bool npt = a->npt[p] != b->npt[p], label = a->label[p] != b->label[p];
		if (!rmp && !npt && !label)
			continue;
		if (n++ >= SHOWN)
			continue;
		if (rmp) {
			fprintf(f, "    %s rmp[0x%x]: ", who, p);
			conform_print_entry(f, &b->rmp[p]);
		}
		if (npt)
			fprintf(f, "    %s npt[0x%x]: 0x%" PRIx64 "\n", who, p, b->npt[p]);
		if (label)
			fprintf(f, "    %s label[0x%x]: 0x%x\n", who, p, b->label[p]);
	}
	if (n == 0)
		fprintf(f, "    %s: no page changed\n", who);
	else if (n > SHOWN)
		fprintf(f, "    %s: and %u more pages\n", who, n - SHOWN);
}

/* The pages a transition's operation looks at, in the pre-state. */
static void print_pre(FILE *f, const struct machine *m, const struct conform_in *in)
{
	fprintf(f, "  pre-state: npages=%u asid=%" PRIu32 "\n", m->npages, m->asid);
	uint64_t spa = in->addr;
	if (in->op != CONFORM_RMPUPDATE && in->op != CONFORM_PSMASH) {
		spa = npt_lookup(m, in->addr);
		fprintf(f, "    npt[gpa 0x%" PRIx64 "] = 0x%" PRIx64 "\n", in->addr, spa);
	}
	uint64_t page = spa >> PAGE_SHIFT;
	if (page < MACHINE_MAX_PAGES) {
		fprintf(f, "    rmp[spa 0x%" PRIx64 "]: ", page << PAGE_SHIFT);
		conform_print_entry(f, &m->rmp[page]);
		fprintf(f, "    running VMSA: %s, label 0x%x\n",
		        machine_vmsa_in_use(m, page << PAGE_SHIFT) ? "yes" : "no", m->label[page]);
	}
}

/* Fills into (a copy of the C post-state) with the spec's post-state in model. */
static void spec_post(struct conform *c, Z3_model model, struct machine *into)
{
	struct spec *s = &c->spec;
	Z3_ast post = c->var[POST];
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++) {
		uint64_t u;
		Z3_ast v = spec_model_value(s, model, enc_select(s, enc_field(s, post, FIELD_RMP), p));
		if (v)
			dec_entry(s, v, &into->rmp[p]);
		v = spec_model_value(s, model, enc_select(s, enc_field(s, post, FIELD_NPT), p));
		if (v && dec_bv(s, v, &u))
			into->npt[p] = u;
		v = spec_model_value(s, model, enc_select(s, enc_field(s, post, FIELD_LABEL), p));
		if (v && dec_bv(s, v, &u))
			into->label[p] = (uint8_t)u;
		spec_release(s);   /* else the pool holds thousands of terms */
	}
}

/* What the spec's model says the outputs are. */
static void spec_outputs(struct conform *c, Z3_model model, struct conform_out *out)
{
	struct spec *s = &c->spec;
	uint64_t u = 0;
	Z3_ast v = spec_model_value(s, model, c->var[OUT]);
	if (v)
		dec_outcome(s, v, &out->r);
	v = spec_model_value(s, model, c->var[RET]);
	if (v && dec_bv(s, v, &u))
		out->rc = (int)(uint32_t)u;
	v = spec_model_value(s, model, c->var[WHY]);
	if (v)
		dec_reason(s, v, &out->why);
	v = spec_model_value(s, model, c->var[SPA_OUT]);
	if (v && dec_bv(s, v, &u))
		out->spa = u;
}

void conform_explain(struct conform *c, FILE *f, const struct machine *pre,
                     const struct conform_in *in, const struct conform_out *out,
                     const struct machine *post)
{
	fprintf(f, "transition: ");
	conform_print_in(f, in);
	print_pre(f, pre, in);
	fprintf(f, "  C model:   ");
	conform_print_out(f, in->op, out);
	print_diff(f, "C", pre, post);

	unsigned given = BIT(PRE) | relations[in->op].inputs;
	Z3_ast v[VARS];
	Z3_model model = NULL;
	if (values(c, given, pre, in, out, post, v)) {
		Z3_ast both[] = { spec_assertion(&c->spec, in->op), bindings(c, given, v) };
		model = spec_solve(&c->spec, spec_keep(&c->spec, Z3_mk_and(c->spec.ctx, 2, both)));
	}
	if (!model) {
		fprintf(f, "  spec:      allows no outcome here (%s)\n", c->spec.error);
		spec_release(&c->spec);
		return;
	}
	struct conform_out allowed = { .why = NPF_NONE };
	spec_outputs(c, model, &allowed);
	fprintf(f, "  spec:      ");
	conform_print_out(f, in->op, &allowed);
	if (relations[in->op].outputs & BIT(POST)) {
		struct machine *m = malloc(sizeof(*m));
		if (m) {
			*m = *post;
			spec_post(c, model, m);
			print_diff(f, "spec", pre, m);
			free(m);
		}
	}
	spec_release(&c->spec);
}
