/*
 * harness.c: Z3 as the verifier uses it.
 *
 * The specs (machine, adversary, invariants) and specs/contracts.smt2 are
 * parsed once, together with a harness that declares template constants
 * (pre, post, out, addr, ...) and asserts one template formula per HAL
 * call, per move of the hypervisor on one page, and per clause. A step of
 * a run is then encoded without parsing anything: the template is
 * instantiated by substituting terms for the constants (vq_instance).
 *
 * An instance over a state that is concrete except for a few scope pages,
 * whose page sizes are fixed, simplifies to a formula without quantifiers
 * or lambdas: the 2M branches of specs/machine.smt2 fold away, and what
 * is left of a quantifier over pages or an equality of tables is spelled
 * out over the pages by spec_expand. Z3 then answers in milliseconds
 * where the quantified form times out.
 *
 * One solver serves a whole case: each step of a run pushes a level,
 * backing up pops it (vq_push, vq_pop), and the terms a level made are
 * released with it. The solver lives in a context of its own, into which
 * each assertion is translated: in the context that parsed the specs
 * (with their many definitions) the same queries took ten times as long.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

#ifdef SVSMLAB_SRCDIR
#define SPECS_DIR SVSMLAB_SRCDIR "/specs"
#else
#define SPECS_DIR "specs"
#endif

/* The sorts of the template constants. */
enum vsort { S_STATE, S_OUTCOME, S_ENTRY, S_PAGE, S_BOOL, S_BV8, S_BV32, S_BV64, S_SET, S_BYTES };

/* The template constants, in enum hvar order: name, sort in SMT-LIB, sort for Z3. */
static const struct {
	const char *name, *smt;
	enum vsort sort;
} vars[HV_COUNT] = {
	[HV_PRE] = { "pre", "State", S_STATE },       [HV_POST] = { "post", "State", S_STATE },
	[HV_OUT] = { "out", "Outcome", S_OUTCOME },   [HV_VMPL] = { "vmpl", "Vmpl", S_BV32 },
	[HV_ADDR] = { "addr", "Addr", S_BV64 },       [HV_SIZE] = { "size", "(_ BitVec 32)", S_BV32 },
	[HV_FLAG] = { "flag", "Bool", S_BOOL },       [HV_ATTRS] = { "attrs", "(_ BitVec 64)", S_BV64 },
	[HV_LEN] = { "len", "(_ BitVec 64)", S_BV64 }, [HV_LAB] = { "lab", "Label", S_BV8 },
	[HV_OLD] = { "old", "Entry", S_ENTRY },       [HV_NEW] = { "new", "Entry", S_ENTRY },
	[HV_PAGE] = { "page", "Page", S_PAGE },       [HV_RUNNING] = { "vmsa-running", "Bool", S_BOOL },
	[HV_MODULE] = { "module", "(Array Page Bool)", S_SET },
	[HV_SAVE_VMPL] = { "save-vmpl", "(Array Page (_ BitVec 8))", S_BYTES },
	[HV_SAVE_SVME] = { "save-svme", "(Array Page Bool)", S_SET },
	[HV_RESULT] = { "result", "Result", S_BV32 }, [HV_RCX] = { "rcx", "Addr", S_BV64 },
};

/*
 * The templates, in enum tpl order, and the clause each one speaks for
 * (NULL: a HAL call or the adversary, not a clause).
 */
static const struct {
	const char *smt, *clause;
} tpls[TPL_COUNT] = {
	[TPL_PVALIDATE] = { "(pvalidate pre vmpl addr size flag out post)" },
	[TPL_RMPADJUST] = { "(rmpadjust pre vmpl addr size attrs out post)" },
	[TPL_READ] = { "(and (guest-read pre vmpl addr true len out) (= post pre))" },
	[TPL_WRITE] = { "(guest-write pre vmpl addr true len lab out post)" },
	[TPL_REFUSED] = { "(and (= out (returns HW-FAIL-INPUT false)) (= post pre))" },
	[TPL_HV_PAGE] = { "(and (hv-entry old new) (hv-realisable old new vmsa-running)"
	                  " (hv-label pre post page))" },
	[TPL_NO_DOUBLE] = { "(pvalidate-no-double pre addr size flag)",
	                    "pvalidate-no-double" },
	[TPL_PAGE_PUBLIC] = { "(page-public-to-vmpl pre addr size attrs)",
	                      "page-public-to-vmpl" },
	[TPL_VMSA_REVOKED] = { "(vmsa-revoked-first pre addr size attrs)",
	                       "vmsa-revoked-first" },
	[TPL_VMSA_CONTENTS] = { "(vmsa-contents-checked pre addr size attrs save-vmpl save-svme)",
	                        "vmsa-contents-checked" },
	[TPL_CONFIDENTIALITY] = { "(confidentiality post)", "confidentiality" },
	[TPL_INTEGRITY] = { "(module-integrity post module)", "module-integrity" },
	[TPL_VMSA_SAFETY] = { "(vmsa-safety post save-vmpl)", "vmsa-safety" },
	[TPL_DOUBLE_VALIDATION] = { "(no-double-validation post)", "no-double-validation" },
	[TPL_DELETE_VCPU] = { "(delete-vcpu-removes-vmsa post rcx result)",
	                      "delete-vcpu-removes-vmsa" },
};

/*
 * What verify asks of the hypervisor beyond specs/adversary.smt2, so that
 * every model is a list of moves explorer/hv/ can make and the replay
 * follows it: an entry that changes becomes one RMPUPDATE writes (4K; an
 * unassigned entry carries no ASID or GPA), and the VMSA of a running
 * vCPU keeps its entry (RMPUPDATE refuses it). docs/verify.md says why
 * this leaves out no attack in the scope.
 */
static const char realisable[] =
	"(define-fun hv-realisable ((a Entry) (b Entry) (running Bool)) Bool\n"
	"  (or (= b a)\n"
	"      (and (not running) (= (page-size b) PSIZE-4K) (page-aligned (bound-gpa b))\n"
	"           (=> (not (assigned b))\n"
	"               (and (= (asid b) #x00000000) (= (bound-gpa b) #x0000000000000000))))))\n";

const char *tpl_clause(enum tpl t)
{
	return t < TPL_COUNT ? tpls[t].clause : NULL;
}

/* The whole of specs/NAME, or NULL. */
static char *read_spec(const char *name)
{
	char path[1024];
	snprintf(path, sizeof(path), "%s/%s", SPECS_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	char chunk[4096];
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = 2 * (len + n + 1);
			char *grown = realloc(text, cap);
			if (!grown) {
				free(text);
				fclose(f);
				return NULL;
			}
			text = grown;
		}
		memcpy(text + len, chunk, n);
		len += n;
		text[len] = '\0';
	}
	fclose(f);
	return text;
}

unsigned spec_line_of(const char *file, const char *name)
{
	char *text = read_spec(file);
	if (!text)
		return 0;
	char want[96];
	snprintf(want, sizeof(want), "(define-fun %s ", name);
	unsigned line = 1, found = 0;
	for (const char *p = text; *p && !found; p++) {
		if (p == text || p[-1] == '\n')
			if (strncmp(p, want, strlen(want)) == 0)
				found = line;
		if (*p == '\n')
			line++;
	}
	free(text);
	return found;
}

/* contracts.smt2, hv-realisable, the constants and the templates. */
static char *harness_text(void)
{
	char *contracts = read_spec("contracts.smt2");
	if (!contracts)
		return NULL;
	size_t cap = strlen(contracts) + sizeof(realisable) + 4096;
	char *text = malloc(cap);
	if (!text) {
		free(contracts);
		return NULL;
	}
	size_t len = (size_t)snprintf(text, cap, "%s\n%s", contracts, realisable);
	free(contracts);
	for (unsigned i = 0; i < HV_COUNT && len < cap; i++)
		len += (size_t)snprintf(text + len, cap - len, "(declare-const %s %s)\n", vars[i].name,
		                        vars[i].smt);
	for (unsigned t = 0; t < TPL_COUNT && len < cap; t++)
		len += (size_t)snprintf(text + len, cap - len, "(assert %s)\n", tpls[t].smt);
	if (len >= cap) {
		free(text);
		return NULL;
	}
	return text;
}

static Z3_sort sort_of(struct spec *s, enum vsort k)
{
	switch (k) {
	case S_STATE: return s->state;
	case S_OUTCOME: return s->outcome;
	case S_ENTRY: return s->entry;
	case S_PAGE: return s->page;
	case S_BOOL: return s->boolean;
	case S_BV8: return s->bv8;
	case S_BV32: return s->bv32;
	case S_BV64: return s->bv64;
	case S_SET: return Z3_mk_array_sort(s->ctx, s->page, s->boolean);
	case S_BYTES: return Z3_mk_array_sort(s->ctx, s->page, s->bv8);
	}
	return s->boolean;
}

/*
 * A query is small once instantiated: booleans, bit-vectors, the Fault
 * enumeration. Bit-blasting it to SAT answers in milliseconds where the
 * SMT core took a tenth of a second or more; whatever the pipeline cannot
 * take (an array read at an open index, a record) goes to the SMT core.
 */
static Z3_solver bit_blasting_solver(Z3_context c)
{
	static const char *const steps[] = { "simplify", "propagate-values", "solve-eqs", "dt2bv",
	                                     "simplify", "bit-blast", "sat",
	                                     "fail-if-undecided" };
	Z3_tactic t = Z3_mk_tactic(c, steps[0]);
	Z3_tactic_inc_ref(c, t);
	for (unsigned i = 1; i < sizeof(steps) / sizeof(steps[0]); i++) {
		Z3_tactic next = Z3_mk_tactic(c, steps[i]);
		Z3_tactic_inc_ref(c, next);
		Z3_tactic both = Z3_tactic_and_then(c, t, next);
		Z3_tactic_inc_ref(c, both);
		Z3_tactic_dec_ref(c, t);
		Z3_tactic_dec_ref(c, next);
		t = both;
	}
	Z3_tactic smt = Z3_mk_tactic(c, "smt");
	Z3_tactic_inc_ref(c, smt);
	Z3_tactic any = Z3_tactic_or_else(c, t, smt);
	Z3_tactic_inc_ref(c, any);
	Z3_solver s = Z3_mk_solver_from_tactic(c, any);
	Z3_tactic_dec_ref(c, t);
	Z3_tactic_dec_ref(c, smt);
	Z3_tactic_dec_ref(c, any);
	return s;
}

/* The sort of harness constant i, once translated into the solving context. */
static Z3_sort solving_sort(struct vq *q, enum hvar i)
{
	Z3_ast t = Z3_translate(q->spec.ctx, q->var[i], q->solving);
	Z3_sort s = Z3_get_sort(q->solving, t);
	Z3_inc_ref(q->solving, Z3_sort_to_ast(q->solving, s));
	return s;
}

/*
 * q->view: the sorts a decoder needs, in the solving context, so that
 * models are read there (a value translated back would bring a second
 * copy of each datatype into the specs' context).
 */
static int view_open(struct vq *q)
{
	struct spec *v = &q->view;
	Z3_context sc = q->solving;
	memset(v, 0, sizeof(*v));
	v->ctx = sc;
	v->pool = Z3_mk_ast_vector(sc);
	Z3_ast_vector_inc_ref(sc, v->pool);
	v->state = solving_sort(q, HV_PRE);
	v->outcome = solving_sort(q, HV_OUT);
	v->entry = solving_sort(q, HV_OLD);
	v->page = solving_sort(q, HV_PAGE);
	v->fault = Z3_get_domain(sc, Z3_get_datatype_sort_constructor(sc, v->outcome, 0), 2);
	Z3_inc_ref(sc, Z3_sort_to_ast(sc, v->fault));
	return 0;
}

static void view_close(struct vq *q)
{
	Z3_context sc = q->solving;
	Z3_sort sorts[] = { q->view.state, q->view.outcome, q->view.entry, q->view.page,
	                    q->view.fault };
	for (unsigned i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++)
		Z3_dec_ref(sc, Z3_sort_to_ast(sc, sorts[i]));
	Z3_ast_vector_dec_ref(sc, q->view.pool);
}

int vq_open(struct vq *q, unsigned timeout_ms, char *err, size_t errlen)
{
	memset(q, 0, sizeof(*q));
	char *text = harness_text();
	if (!text) {
		snprintf(err, errlen, "cannot read %s/contracts.smt2", SPECS_DIR);
		return -1;
	}
	int rc = spec_open(&q->spec, SPEC_ADVERSARY | SPEC_INVARIANTS, text);
	free(text);
	if (rc == 0)
		rc = encode_check(&q->spec);
	if (rc == 0 && spec_assertions(&q->spec) != TPL_COUNT) {
		snprintf(q->spec.error, sizeof(q->spec.error), "the harness has %u templates, not %u",
		         spec_assertions(&q->spec), (unsigned)TPL_COUNT);
		rc = -1;
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s", q->spec.error);
		spec_close(&q->spec);
		return -1;
	}
	Z3_context c = q->spec.ctx;
	q->keep = Z3_mk_ast_vector(c);
	Z3_ast_vector_inc_ref(c, q->keep);
	/* A constant is its name and its sort: these are the harness's own. */
	for (unsigned i = 0; i < HV_COUNT; i++) {
		q->var[i] = Z3_mk_const(c, Z3_mk_string_symbol(c, vars[i].name),
		                        sort_of(&q->spec, vars[i].sort));
		Z3_inc_ref(c, q->var[i]);
	}
	q->folding = Z3_mk_params(c);
	Z3_params_inc_ref(c, q->folding);
	Z3_params_set_bool(c, q->folding, Z3_mk_string_symbol(c, "pull_cheap_ite"), true);
	Z3_params_set_bool(c, q->folding, Z3_mk_string_symbol(c, "ite_extra_rules"), true);
	/* The context that solves: nothing in it but the queries' own terms. */
	Z3_config cfg = Z3_mk_config();
	q->solving = Z3_mk_context_rc(cfg);
	Z3_del_config(cfg);
	Z3_set_error_handler(q->solving, NULL);
	q->solver = bit_blasting_solver(q->solving);
	Z3_solver_inc_ref(q->solving, q->solver);
	Z3_params p = Z3_mk_params(q->solving);
	Z3_params_inc_ref(q->solving, p);
	Z3_params_set_uint(q->solving, p, Z3_mk_string_symbol(q->solving, "timeout"), timeout_ms);
	/* Z3 would take Ctrl-C for itself and cancel only this query: svsmlab stops (interrupt.h). */
	Z3_params_set_bool(q->solving, p, Z3_mk_string_symbol(q->solving, "ctrl_c"), false);
	Z3_solver_set_params(q->solving, q->solver, p);
	Z3_params_dec_ref(q->solving, p);
	return view_open(q);
}

void vq_close(struct vq *q)
{
	Z3_context c = q->spec.ctx;
	if (!c)
		return;
	while (q->level > 0)
		vq_pop(q);
	if (q->model)
		Z3_model_dec_ref(q->solving, q->model);
	Z3_solver_dec_ref(q->solving, q->solver);
	view_close(q);
	Z3_del_context(q->solving);
	for (unsigned i = 0; i < HV_COUNT; i++)
		if (q->var[i])
			Z3_dec_ref(c, q->var[i]);
	Z3_params_dec_ref(c, q->folding);
	Z3_ast_vector_dec_ref(c, q->keep);
	spec_close(&q->spec);
}

Z3_ast vq_keep(struct vq *q, Z3_ast a)
{
	Z3_ast_vector_push(q->spec.ctx, q->keep, a);
	return a;
}

void vq_push(struct vq *q)
{
	q->mark[q->level++] = Z3_ast_vector_size(q->spec.ctx, q->keep);
	Z3_solver_push(q->solving, q->solver);
}

void vq_pop(struct vq *q)
{
	Z3_context c = q->spec.ctx;
	Z3_solver_pop(q->solving, q->solver, 1);
	Z3_ast_vector_resize(c, q->keep, q->mark[--q->level]);
	spec_release(&q->spec);
	spec_release(&q->view);
}

void vq_reset(struct vq *q)
{
	while (q->level > 0)
		vq_pop(q);
	Z3_solver_reset(q->solving, q->solver);
	Z3_ast_vector_resize(q->spec.ctx, q->keep, 0);
	spec_release(&q->spec);
}

void vq_assert(struct vq *q, Z3_ast f)
{
	Z3_ast g = Z3_translate(q->spec.ctx, f, q->solving);
	Z3_inc_ref(q->solving, g);
	Z3_solver_assert(q->solving, q->solver, g);
	Z3_dec_ref(q->solving, g);
}

Z3_lbool vq_check(struct vq *q)
{
	Z3_context c = q->solving;
	double t = vclock();
	Z3_lbool r = Z3_solver_check(c, q->solver);
	q->seconds += vclock() - t;
	q->queries++;
	if (q->model) {
		Z3_model_dec_ref(c, q->model);
		q->model = NULL;
	}
	if (r == Z3_L_TRUE) {
		q->model = Z3_solver_get_model(c, q->solver);
		Z3_model_inc_ref(c, q->model);
	} else if (r == Z3_L_UNDEF) {
		q->unknown++;
		if (getenv("SVSMLAB_VERIFY_DEBUG"))
			fprintf(stderr, "verify: unknown: %s\n", Z3_solver_get_reason_unknown(c, q->solver));
	}
	return r;
}

/*
 * The value of t in the last model, read with encode.c's decoders through
 * q->view: a struct spec that speaks of the solving context.
 */
static Z3_ast value_of(struct vq *q, Z3_ast t)
{
	Z3_context sc = q->solving;
	if (!q->model)
		return NULL;
	Z3_ast there = Z3_translate(q->spec.ctx, t, sc), v = NULL;
	Z3_inc_ref(sc, there);
	bool ok = Z3_model_eval(sc, q->model, there, true, &v);
	Z3_dec_ref(sc, there);
	return ok ? spec_keep(&q->view, v) : NULL;
}

bool vq_get_bool(struct vq *q, Z3_ast t, bool *b)
{
	Z3_ast v = value_of(q, t);
	return v && dec_bool(&q->view, v, b);
}

bool vq_get_bv(struct vq *q, Z3_ast t, uint64_t *u)
{
	Z3_ast v = value_of(q, t);
	return v && dec_bv(&q->view, v, u);
}

bool vq_get_entry(struct vq *q, Z3_ast t, struct rmp_entry *e)
{
	Z3_ast v = value_of(q, t);
	return v && dec_entry(&q->view, v, e);
}

bool vq_get_outcome(struct vq *q, Z3_ast t, struct hw_result *r)
{
	Z3_ast v = value_of(q, t);
	return v && dec_outcome(&q->view, v, r);
}

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
			Z3_ast one = spec_keep(&q->spec, Z3_substitute_vars(c, body, 1, &p));
			one = spec_keep(&q->spec, Z3_simplify(c, one));
			all[i] = spelled(q, at_pages(q, one, &inside));
		}
		return spec_keep(&q->spec, n ? Z3_mk_and(c, n, all) : Z3_mk_true(c));
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

Z3_ast vq_fresh(struct vq *q, const char *prefix, Z3_sort s)
{
	return vq_keep(q, Z3_mk_fresh_const(q->spec.ctx, prefix, s));
}
