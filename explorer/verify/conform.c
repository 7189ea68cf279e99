/*
 * conform.c: the spec side of conformance.
 *
 * One harness declares a constant for every input and output and asserts
 * each operation's relation over them, once: no parsing per transition.
 * A transition is checked in three rewrites, no solver:
 *   1. its pre-state and inputs are put into the relation (Z3_substitute)
 *      and the result simplified: a formula over the outputs alone, which
 *      for this deterministic spec reads "out = term and post = term";
 *   2. that formula, with the C model's outputs put in, must evaluate to
 *      true (spec_eval): the relation holds;
 *   3. it must have that "output = term" form (pinned): then the terms are
 *      the only outputs the spec allows, so the C model's are the only ones.
 * Only what these rewrites leave open goes to a solver.
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

/*
 * The harness: the constants, then one relation per operation, in op
 * order, then the adversary (assertion CONFORM_OPS). NULL if out of memory.
 */
static char *harness_text(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (!f)
		return NULL;
	for (unsigned i = 0; i < VARS; i++)
		fprintf(f, "(declare-const %s %s)\n", vars[i].name, vars[i].sort);
	for (unsigned op = 0; op < CONFORM_OPS; op++)
		fprintf(f, "(assert %s)\n", relations[op].smt);
	fprintf(f, "(assert (adversary pre post))\n");
	if (fclose(f) != 0) {
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
	int rc = spec_open(&c->spec, SPEC_MACHINE | SPEC_ADVERSARY, harness);
	free(harness);
	if (rc != 0)
		return -1;
	if (encode_check(&c->spec) != 0) {
		spec_close(&c->spec);
		return -1;
	}
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

/* Pairs of (constant, value) for the constants in mask. */
static unsigned pairs(struct conform *c, unsigned mask, Z3_ast v[VARS], Z3_ast *consts,
                      Z3_ast *vals)
{
	unsigned n = 0;
	for (unsigned i = 0; i < VARS; i++)
		if (mask & BIT(i)) {
			consts[n] = c->var[i];
			vals[n++] = v[i];
		}
	return n;
}

/*
 * Op's relation with the pre-state and inputs put in and simplified: a
 * formula over the outputs alone. For a deterministic relation it reads
 * "output = term" for each output (see pinned).
 */
static Z3_ast outputs_formula(struct conform *c, enum conform_op op, Z3_ast v[VARS])
{
	Z3_ast consts[VARS], vals[VARS];
	unsigned n = pairs(c, BIT(PRE) | relations[op].inputs, v, consts, vals);
	Z3_context z = c->spec.ctx;
	Z3_ast r = spec_keep(&c->spec, Z3_substitute(z, spec_assertion(&c->spec, op), n, consts, vals));
	return spec_keep(&c->spec, Z3_simplify(z, r));
}

/* Is e "x = term" or "term = x" with x the constant of one output in mask? Which one? */
static unsigned output_equation(struct conform *c, Z3_ast e, unsigned mask, Z3_ast *term)
{
	Z3_context z = c->spec.ctx;
	if (Z3_get_ast_kind(z, e) != Z3_APP_AST ||
	    Z3_get_decl_kind(z, Z3_get_app_decl(z, Z3_to_app(z, e))) != Z3_OP_EQ)
		return VARS;
	Z3_ast lhs = Z3_get_app_arg(z, Z3_to_app(z, e), 0), rhs = Z3_get_app_arg(z, Z3_to_app(z, e), 1);
	for (unsigned i = 0; i < VARS; i++) {
		if (!(mask & BIT(i)))
			continue;
		if (Z3_is_eq_ast(z, lhs, c->var[i]) || Z3_is_eq_ast(z, rhs, c->var[i])) {
			*term = Z3_is_eq_ast(z, lhs, c->var[i]) ? rhs : lhs;
			return i;
		}
	}
	return VARS;
}

/*
 * Does r read "output = term" for every output in mask, each term free of
 * outputs? Then r has exactly one solution, terms[], found without a
 * solver. (v[] holds values of the outputs, used to see that a term does
 * not mention them: putting them in leaves it as it is.)
 */
static bool pinned(struct conform *c, Z3_ast r, unsigned mask, Z3_ast v[VARS], Z3_ast terms[VARS])
{
	Z3_context z = c->spec.ctx;
	Z3_ast outs[VARS], vals[VARS];
	unsigned n = pairs(c, mask, v, outs, vals), found = 0;
	Z3_app a = Z3_to_app(z, r);
	bool conj = Z3_get_decl_kind(z, Z3_get_app_decl(z, a)) == Z3_OP_AND;
	unsigned parts = conj ? Z3_get_app_num_args(z, a) : 1;
	for (unsigned k = 0; k < parts; k++) {
		Z3_ast term = NULL;
		unsigned i = output_equation(c, conj ? Z3_get_app_arg(z, a, k) : r, mask, &term);
		if (i == VARS ||
		    !Z3_is_eq_ast(z, spec_keep(&c->spec, Z3_substitute(z, term, n, outs, vals)), term))
			return false;
		terms[i] = term;
		found |= BIT(i);
	}
	return found == mask;
}

/* pinned, after spelling out what a 2M span's check may have left. */
static bool pinned_expanded(struct conform *c, Z3_ast *r, unsigned mask, Z3_ast v[VARS],
                            Z3_ast terms[VARS])
{
	if (pinned(c, *r, mask, v, terms))
		return true;
	*r = spec_keep(&c->spec, Z3_simplify(c->spec.ctx, spec_expand(&c->spec, *r)));
	return pinned(c, *r, mask, v, terms);
}

struct conform_verdict conform_check(struct conform *c, const struct machine *pre,
                                     const struct conform_in *in, const struct conform_out *out,
                                     const struct machine *post)
{
	struct conform_verdict verdict = { TRUTH_FALSE, TRUTH_FALSE };
	unsigned outputs = relations[in->op].outputs;
	Z3_ast v[VARS], consts[VARS], vals[VARS], terms[VARS];
	if (values(c, BIT(PRE) | relations[in->op].inputs | outputs, pre, in, out, post, v)) {
		Z3_ast r = outputs_formula(c, in->op, v);
		unsigned n = pairs(c, outputs, v, consts, vals);
		verdict.holds = spec_eval(&c->spec, r, n, consts, vals);
		if (pinned_expanded(c, &r, outputs, v, terms))
			verdict.unique = TRUTH_TRUE;
		else   /* does the relation imply the C model's outputs? */
			verdict.unique = spec_prove(&c->spec, spec_keep(&c->spec,
			        Z3_mk_implies(c->spec.ctx, r, bindings(c, outputs, v))));
	}
	spec_release(&c->spec);
	return verdict;
}

enum truth conform_adversary(struct conform *c, const struct machine *pre,
                             const struct machine *post)
{
	Z3_ast consts[] = { c->var[PRE], c->var[POST] };
	Z3_ast vals[] = { enc_state(&c->spec, pre), enc_state(&c->spec, post) };
	enum truth t = TRUTH_FALSE;
	if (vals[0] && vals[1])
		t = spec_eval(&c->spec, spec_assertion(&c->spec, CONFORM_OPS), 2, consts, vals);
	spec_release(&c->spec);
	return t;
}

/* --- explaining a mismatch ------------------------------------------------- */

/* Lists the pages where b differs from a (at most a few). */
static void print_diff(FILE *f, const char *who, const struct machine *a, const struct machine *b)
{
	enum { SHOWN = 6 };
	unsigned n = 0;
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++) {
		bool rmp = !rmp_entry_equal(&a->rmp[p], &b->rmp[p]);
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

/* The value of term t in model m (an empty model for closed terms). */
static Z3_ast value_in(struct conform *c, Z3_model m, Z3_ast t)
{
	return t ? spec_model_value(&c->spec, m, t) : NULL;
}

/* Fills into (a copy of the C post-state) with the state term post in model m. */
static void spec_post(struct conform *c, Z3_model m, Z3_ast post, struct machine *into)
{
	struct spec *s = &c->spec;
	Z3_inc_ref(s->ctx, post);   /* it lives in the pool, which the loop empties */
	for (unsigned p = 0; p < MACHINE_MAX_PAGES; p++) {
		uint64_t u;
		Z3_ast v = value_in(c, m, enc_select(s, enc_field(s, post, FIELD_RMP), p));
		if (v)
			dec_entry(s, v, &into->rmp[p]);
		v = value_in(c, m, enc_select(s, enc_field(s, post, FIELD_NPT), p));
		if (v && dec_bv(s, v, &u))
			into->npt[p] = u;
		v = value_in(c, m, enc_select(s, enc_field(s, post, FIELD_LABEL), p));
		if (v && dec_bv(s, v, &u))
			into->label[p] = (uint8_t)u;
		spec_release(s);   /* else the pool holds thousands of terms */
	}
	Z3_dec_ref(s->ctx, post);
}

/* The outputs out[i] (terms) in model m, as C values. */
static struct conform_out spec_outputs(struct conform *c, Z3_model m, Z3_ast out[VARS])
{
	struct spec *s = &c->spec;
	struct conform_out o = { .why = NPF_NONE };
	uint64_t u = 0;
	Z3_ast v = value_in(c, m, out[OUT]);
	if (v)
		dec_outcome(s, v, &o.r);
	v = value_in(c, m, out[RET]);
	if (v && dec_bv(s, v, &u))
		o.rc = (int)(uint32_t)u;
	v = value_in(c, m, out[WHY]);
	if (v)
		dec_reason(s, v, &o.why);
	v = value_in(c, m, out[SPA_OUT]);
	if (v && dec_bv(s, v, &u))
		o.spa = u;
	return o;
}

/*
 * What the spec allows for pre and in: the output terms and a model to
 * read them in. Usually the relation pins every output to a term (an
 * empty model reads those); otherwise a solver finds one solution.
 * Returns the model (the caller releases it), or NULL if there is none.
 */
static Z3_model allowed(struct conform *c, enum conform_op op, Z3_ast v[VARS], Z3_ast out[VARS])
{
	unsigned outputs = relations[op].outputs;
	Z3_ast r = outputs_formula(c, op, v);
	Z3_model m;
	if (pinned_expanded(c, &r, outputs, v, out)) {
		m = Z3_mk_model(c->spec.ctx);
	} else {
		for (unsigned i = 0; i < VARS; i++)
			out[i] = c->var[i];
		m = spec_solve(&c->spec, r);
		if (!m)
			return NULL;
	}
	Z3_model_inc_ref(c->spec.ctx, m);
	return m;
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

	unsigned outputs = relations[in->op].outputs;
	Z3_ast v[VARS], terms[VARS] = { NULL };
	Z3_model m = NULL;
	if (values(c, BIT(PRE) | relations[in->op].inputs | outputs, pre, in, out, post, v))
		m = allowed(c, in->op, v, terms);
	if (!m) {
		fprintf(f, "  spec:      allows no outcome here (%s)\n", c->spec.error);
		spec_release(&c->spec);
		return;
	}
	struct conform_out spec_out = spec_outputs(c, m, terms);
	fprintf(f, "  spec:      ");
	conform_print_out(f, in->op, &spec_out);
	struct machine *spec_state = malloc(sizeof(*spec_state));
	if ((outputs & BIT(POST)) && spec_state) {
		*spec_state = *post;
		spec_post(c, m, terms[POST], spec_state);
		print_diff(f, "spec", pre, spec_state);
	}
	free(spec_state);
	Z3_model_dec_ref(c->spec.ctx, m);
	spec_release(&c->spec);
}
