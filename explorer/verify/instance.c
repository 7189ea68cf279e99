/*
 * instance.c: a template with terms for its constants, made quantifier-free.
 *
 * An instance over a state that is concrete except for a few scope pages,
 * whose page sizes are fixed, simplifies to a formula without quantifiers
 * or lambdas: the 2M branches of specs/machine.smt2 fold away, and what
 * is left of a quantifier over pages or an equality of tables is spelled
 * out over the pages by spec_expand. Z3 then answers in milliseconds
 * where the quantified form times out.
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
	return spec_keep(&q->spec, Z3_simplify(q->spec.ctx, spec_expand(&q->spec, f)));
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

Z3_ast vq_instance(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT])
{
	return vq_keep(q, finished(q, spelled(q, substituted(q, t, vals))));
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
		every = spec_keep(&q->spec, Z3_simplify(c, every));
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

Z3_ast vq_instance_at(struct vq *q, enum tpl t, const Z3_ast vals[HV_COUNT],
                      const unsigned *open, unsigned nopen, const unsigned *all, unsigned nall)
{
	struct page_sets ps = { open, all, nopen, nall };
	Z3_ast f = spelled(q, at_pages(q, substituted(q, t, vals), &ps));
	return vq_keep(q, finished(q, f));
}

