/*
 * instance.c: a template with terms for its constants, made quantifier-free.
 *
 * An instance over a state that is concrete except for a few scope pages,
 * whose page sizes are fixed, simplifies to a formula without quantifiers
 * or lambdas: the 2M branches of specs/machine.smt2 fold away, and what
 * is left of a quantifier over pages or an equality of tables is spelled
 * out over the pages by spec_expand. Z3 then answers in milliseconds
 * where the quantified form times out.
 *
 * Making one is the costly part of a step, and a case's paths ask for
 * the same ones again and again, but over fresh constants each time: an
 * instance is made over its terms' shape (the constants renamed to
 * placeholders, vshape_term), kept in the memo (memo.c) and given the
 * path's constants back at each use.
 */
#include "verifier.h"

/* The template with the harness constants vals[i] substituted, simplified. */
static Z3_ast substituted(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT])
{
	Z3_context c = q->spec.ctx;
	Z3_ast from[HV_COUNT], to[HV_COUNT];
	unsigned n = 0;
	for (unsigned i = 0; i < HV_COUNT; i++)
		if (vals[i]) {
			from[n] = q->var[i];
			to[n++] = vals[i];
		}
	Z3_ast f = spec_keep(&q->spec, Z3_substitute(c, spec_assertion(&q->spec, t), n, from, to));
	return spec_keep(&q->spec, Z3_simplify(c, f));
}

static Z3_ast spelled(struct vq *q, Z3_ast f)
{
	Z3_ast spelt = spec_read_tables(&q->spec, spec_expand(&q->spec, f));
	return spec_keep(&q->spec, Z3_simplify(q->spec.ctx, spelt));
}

/*
 * The last touch: ites folded harder (a chain of ite over the reasons of
 * an #NPF becomes one condition), then no record left (lift.c).
 */
static Z3_ast finished(struct vq *q, Z3_ast f)
{
	Z3_context c = q->spec.ctx;
	f = spec_keep(&q->spec, Z3_simplify_ex(c, f, q->folding));
	return spec_keep(&q->spec, lift_records(&q->spec, f));
}

static bool over_pages(struct vq *q, Z3_ast f)
{
	Z3_context c = q->spec.ctx;
	return Z3_get_ast_kind(c, f) == Z3_QUANTIFIER_AST && Z3_is_quantifier_forall(c, f) &&
	       Z3_get_quantifier_num_bound(c, f) == 1 &&
	       Z3_get_quantifier_bound_sort(c, f, 0) == q->spec.page;
}

/* The pages a clause's quantifiers are instantiated at (vq_instance_at). */
struct page_sets {
	const unsigned *outer, *inner;
	unsigned nouter, ninner;
};

/*
 * f with each outermost "for all pages" replaced by its instances at the
 * outer pages, and every "for all pages" inside those at the inner ones.
 */
static Z3_ast at_pages(struct vq *q, Z3_ast f, const struct page_sets *ps)
{
	Z3_context c = q->spec.ctx;
	if (over_pages(q, f)) {
		unsigned n = ps->nouter;
		struct page_sets inside = { ps->inner, ps->inner, ps->ninner, ps->ninner };
		Z3_ast body = Z3_get_quantifier_body(c, f);
		Z3_ast all[n ? n : 1];
		for (unsigned i = 0; i < n; i++) {
			Z3_ast p = spec_keep(&q->spec, Z3_mk_unsigned_int(c, ps->outer[i], q->spec.page));
			all[i] = spec_keep(&q->spec, Z3_substitute_vars(c, body, 1, &p));
		}
		/*
		 * The instances simplified as one formula: each holds the whole
		 * state, and one call of the simplifier walks it once, where a
		 * call per page walked it once per page.
		 */
		Z3_ast every = spec_keep(&q->spec, n ? Z3_mk_and(c, n, all) : Z3_mk_true(c));
		every = spec_keep(&q->spec, Z3_simplify(c, spec_read_tables(&q->spec, every)));
		return spelled(q, at_pages(q, every, &inside));
	}
	if (Z3_get_ast_kind(c, f) != Z3_APP_AST)
		return f;
	Z3_app app = Z3_to_app(c, f);
	Z3_decl_kind k = Z3_get_decl_kind(c, Z3_get_app_decl(c, app));
	bool boolean = Z3_get_sort_kind(c, Z3_get_sort(c, f)) == Z3_BOOL_SORT;
	if (!boolean || (k != Z3_OP_AND && k != Z3_OP_OR && k != Z3_OP_NOT && k != Z3_OP_IMPLIES &&
	                 k != Z3_OP_ITE))
		return f;
	unsigned na = Z3_get_app_num_args(c, app);
	Z3_ast args[na ? na : 1];
	for (unsigned i = 0; i < na; i++)
		args[i] = at_pages(q, Z3_get_app_arg(c, app, i), ps);
	return spec_keep(&q->spec, Z3_update_term(c, f, na, args));
}

/* --- shapes and the memo ---------------------------------------------------- */

/* The i-th placeholder of sort s: the same term for the same i and s. */
static Z3_ast placeholder(struct vq *q, unsigned i, Z3_sort s)
{
	char name[32];
	snprintf(name, sizeof(name), "placeholder!%u", i);
	Z3_context c = q->spec.ctx;
	return spec_keep(&q->spec, Z3_mk_const(c, Z3_mk_string_symbol(c, name), s));
}

static bool is_constant(Z3_context c, Z3_ast t)
{
	return Z3_get_ast_kind(c, t) == Z3_APP_AST && Z3_get_app_num_args(c, Z3_to_app(c, t)) == 0 &&
	       Z3_get_decl_kind(c, Z3_get_app_decl(c, Z3_to_app(c, t))) == Z3_OP_UNINTERPRETED;
}

/* Give each constant in t not seen before its placeholder; false if sh is full. */
static bool name_constants(struct vq *q, struct vshape *sh, Z3_ast t)
{
	Z3_context c = q->spec.ctx;
	if (Z3_get_ast_kind(c, t) != Z3_APP_AST)
		return true;
	if (is_constant(c, t)) {
		for (unsigned i = 0; i < sh->n; i++)
			if (sh->from[i] == t)
				return true;
		if (sh->n == VSHAPE_MAX)
			return false;
		sh->to[sh->n] = placeholder(q, sh->n, Z3_get_sort(c, t));
		sh->from[sh->n++] = t;
		return true;
	}
	Z3_app app = Z3_to_app(c, t);
	for (unsigned i = 0; i < Z3_get_app_num_args(c, app); i++)
		if (!name_constants(q, sh, Z3_get_app_arg(c, app, i)))
			return false;
	return true;
}

Z3_ast vshape_term(struct vq *q, struct vshape *sh, Z3_ast t)
{
	Z3_context c = q->spec.ctx;
	if (!sh->full && !name_constants(q, sh, t))
		sh->full = true;
	if (sh->full || Z3_is_numeral_ast(c, t) || Z3_get_bool_value(c, t) != Z3_L_UNDEF)
		return t;
	return spec_keep(&q->spec, Z3_substitute(c, t, sh->n, sh->from, sh->to));
}

/*
 * The harness constants template t reads, as bits: one that t does not
 * read leaves it as it is when replaced (terms are shared, so "as it is"
 * is the same term).
 */
static uint32_t template_uses(struct vq *q, enum tpl t)
{
	_Static_assert(HV_COUNT <= 32, "the uses of a template fit a word");
	if (!q->uses_known[t]) {
		Z3_context c = q->spec.ctx;
		Z3_ast f = spec_assertion(&q->spec, t);
		q->uses[t] = 0;
		for (unsigned i = 0; i < HV_COUNT; i++) {
			Z3_ast other = spec_keep(&q->spec, Z3_mk_fresh_const(c, "unused",
			                                                     Z3_get_sort(c, q->var[i])));
			Z3_ast g = spec_keep(&q->spec, Z3_substitute(c, f, 1, &q->var[i], &other));
			if (!Z3_is_eq_ast(c, f, g))
				q->uses[t] |= 1u << i;
		}
		q->uses_known[t] = true;
	}
	return q->uses[t];
}

/*
 * The memo's key of an instance: the template, the pages (all == NULL: the
 * template as it stands) and the ids of the terms it is made from, those
 * of the constants it reads (the memo holds them, so that the ids stay
 * theirs); its length in words, the terms held in hold[0..nhold). A
 * constant it does not read is left out: steps that differ only there
 * (the module's pages, at each of a quarantine's 512 ghost transfers, for
 * a clause that never asks who owns a page) share the instance.
 */
static size_t instance_key(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT],
                           const unsigned *open, unsigned nopen, const unsigned *all,
                           unsigned nall, unsigned *key, Z3_ast *hold, unsigned *nhold)
{
	Z3_context c = q->spec.ctx;
	uint32_t uses = template_uses(q, t);
	size_t n = 0;
	key[n++] = t;
	key[n++] = all != NULL;
	key[n++] = nopen;
	for (unsigned i = 0; i < nopen; i++)
		key[n++] = open[i];
	key[n++] = nall;
	for (unsigned i = 0; i < nall; i++)
		key[n++] = all[i];
	*nhold = 0;
	for (unsigned i = 0; i < HV_COUNT; i++) {
		bool read = vals[i] && (uses >> i & 1);
		key[n++] = read ? Z3_get_ast_id(c, vals[i]) : ~0u;
		if (read)
			hold[(*nhold)++] = vals[i];
	}
	return n;
}

/*
 * The instance over vals (see vq_instance_at; all == NULL: the template
 * as it stands), from the memo if it was made before. vals are over sh's
 * placeholders, which the answer has the path's terms for again.
 */
static Z3_ast remembered(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT],
                         const struct vshape *sh, const unsigned *open, unsigned nopen,
                         const unsigned *all, unsigned nall)
{
	Z3_context c = q->spec.ctx;
	unsigned key[4 + 2 * MACHINE_MAX_PAGES + HV_COUNT];
	Z3_ast hold[1 + HV_COUNT];
	unsigned nhold;
	size_t n = instance_key(q, t, vals, open, nopen, all, nall, key, hold + 1, &nhold);
	const Z3_ast *known = vmemo_get(q->memo, key, n * sizeof(key[0]));
	Z3_ast f;
	if (known) {
		f = known[0];
	} else if (all) {
		struct page_sets ps = { open, all, nopen, nall };
		f = finished(q, spelled(q, at_pages(q, substituted(q, t, vals), &ps)));
	} else {
		f = finished(q, spelled(q, substituted(q, t, vals)));
	}
	if (!known) {
		hold[0] = f;
		vmemo_put(q->memo, key, n * sizeof(key[0]), hold, 1 + nhold);
	}
	if (sh && sh->n)   /* also when sh filled up: the terms named before it did */
		f = Z3_substitute(c, f, sh->n, sh->to, sh->from);
	return vq_keep(q, f);
}

Z3_ast vq_instance(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT],
                   const struct vshape *sh)
{
	return remembered(q, t, vals, sh, NULL, 0, NULL, 0);
}

Z3_ast vq_instance_at(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT],
                      const struct vshape *sh, const unsigned *open, unsigned nopen,
                      const unsigned *all, unsigned nall)
{
	return remembered(q, t, vals, sh, open, nopen, all, nall);
}

