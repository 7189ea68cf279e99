/*
 * solver.c: the verifier's Z3 solvers, from opening to closing.
 *
 * Two solvers serve a whole case: each step of a run pushes a level,
 * backing up pops it (vq_push, vq_pop), and the formulas and terms a
 * level made are taken back with it. They live in a context of
 * their own, into which each assertion is translated: in the context that
 * parsed the specs (with their many definitions) the same queries took
 * ten times as long.
 *
 * The first asked is Z3's incremental SAT solver (logic QF_FD). It is
 * never pushed nor popped: each formula is asserted in it once per case,
 * guarded by a Boolean constant of its own (guard => formula), and a
 * check assumes the guards of the current path's formulas only, so the
 * clauses it bit-blasted and what it learnt stay for the next path that
 * asserts the same formula (the constants are numbered in the order the
 * path made them, vq_fresh, so the same step on two paths is the same
 * term), as long as it is not emptied (GUARDS_MAX). A formula is given
 * to it only at a check that asks it (guard_path). Only
 * when it cannot decide (a term it does not take, a time-out) is the
 * second asked: a tactic chain, pushed and popped with the path, that
 * bit-blasts the whole path afresh at every check (docs/verify.md, "Where
 * the time goes"). Either answer is
 * Z3's; "unknown" from the first is never taken for UNSAT. A model of the
 * first is used only if every assertion holds in it (model_holds): the
 * decoders and force.c read it, and a model that broke the path's own
 * constraints would send the witness where no hypervisor can. Before
 * either is asked, a check whose path holds every formula of an earlier
 * UNSAT core of the first is UNSAT (cores.c), and one that an earlier
 * check's model satisfies, every assertion evaluated in it, is SAT with
 * that model (models.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verifier.h"
#include "../cli/clock.h"

/*
 * The second solver. A query is small once instantiated: booleans,
 * bit-vectors, the Fault enumeration. Bit-blasting it to SAT answers in
 * milliseconds where the SMT core took a tenth of a second or more;
 * whatever the pipeline cannot take (an array read at an open index, a
 * record) goes to the SMT core.
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
static void view_open(struct vq *q)
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

/*
 * The context that solves, with its solvers and what they found: nothing
 * in it but the queries' own terms. Each case has one of its own
 * (vq_reset): in one shared by the cases before, the same case asked
 * other checks, and its Z3 checks took half as long again (docs/verify.md,
 * "Tenth round").
 */
static void solving_open(struct vq *q)
{
	Z3_config cfg = Z3_mk_config();
	q->solving = Z3_mk_context_rc(cfg);
	Z3_del_config(cfg);
	Z3_set_error_handler(q->solving, NULL);
	q->solver = bit_blasting_solver(q->solving);
	Z3_solver_inc_ref(q->solving, q->solver);
	Z3_params p = Z3_mk_params(q->solving);
	Z3_params_inc_ref(q->solving, p);
	Z3_params_set_uint(q->solving, p, Z3_mk_string_symbol(q->solving, "timeout"), q->timeout_ms);
	/* Z3 would take Ctrl-C for itself and cancel only this query: the run stops (progress.c). */
	Z3_params_set_bool(q->solving, p, Z3_mk_string_symbol(q->solving, "ctrl_c"), false);
	Z3_solver_set_params(q->solving, q->solver, p);
	q->fast = Z3_mk_solver_for_logic(q->solving, Z3_mk_string_symbol(q->solving, "QF_FD"));
	Z3_solver_inc_ref(q->solving, q->fast);
	Z3_solver_set_params(q->solving, q->fast, p);
	Z3_params_dec_ref(q->solving, p);
	q->asserted = Z3_mk_ast_vector(q->solving);
	Z3_ast_vector_inc_ref(q->solving, q->asserted);
	q->assumed = Z3_mk_ast_vector(q->solving);
	Z3_ast_vector_inc_ref(q->solving, q->assumed);
	q->guards = vmemo_open(q->solving);
	q->cores = vcores_open(q->solving);
	q->models = vmodels_open(q->solving);
	q->nguards = 0;
	view_open(q);
}

static void solving_close(struct vq *q)
{
	if (q->model)
		Z3_model_dec_ref(q->solving, q->model);
	q->model = NULL;
	Z3_solver_dec_ref(q->solving, q->solver);
	Z3_solver_dec_ref(q->solving, q->fast);
	vmemo_close(q->guards);
	vcores_close(q->cores);
	vmodels_close(q->models);
	Z3_ast_vector_dec_ref(q->solving, q->asserted);
	Z3_ast_vector_dec_ref(q->solving, q->assumed);
	view_close(q);
	Z3_del_context(q->solving);
}

int vq_open(struct vq *q, unsigned timeout_ms, char *err, size_t errlen)
{
	memset(q, 0, sizeof(*q));
	char *text = tpl_harness_text(err, errlen);
	if (!text)
		return -1;
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
	q->memo = vmemo_open(c);
	q->keep = Z3_mk_ast_vector(c);
	Z3_ast_vector_inc_ref(c, q->keep);
	/* A constant is its name and its sort: these are the harness's own. */
	for (unsigned i = 0; i < HV_COUNT; i++) {
		q->var[i] = tpl_var(&q->spec, (enum hvar)i);
		Z3_inc_ref(c, q->var[i]);
	}
	q->folding = Z3_mk_params(c);
	Z3_params_inc_ref(c, q->folding);
	Z3_params_set_bool(c, q->folding, Z3_mk_string_symbol(c, "pull_cheap_ite"), true);
	Z3_params_set_bool(c, q->folding, Z3_mk_string_symbol(c, "ite_extra_rules"), true);
	q->timeout_ms = timeout_ms;
	solving_open(q);
	return 0;
}

void vq_close(struct vq *q)
{
	Z3_context c = q->spec.ctx;
	if (!c)
		return;
	while (q->level > 0)
		vq_pop(q);
	solving_close(q);
	for (unsigned i = 0; i < HV_COUNT; i++)
		if (q->var[i])
			Z3_dec_ref(c, q->var[i]);
	Z3_params_dec_ref(c, q->folding);
	vmemo_close(q->memo);
	Z3_ast_vector_dec_ref(c, q->keep);
	spec_close(&q->spec);
}

Z3_ast vq_keep(struct vq *q, Z3_ast a)
{
	Z3_ast_vector_push(q->spec.ctx, q->keep, a);
	return a;
}

/*
 * A level's scope in the tactic chain is opened when the first assertion
 * is made at it (vq_assert), not when it is pushed: most levels assert
 * nothing (a step that does not reach the scope, a query's level below
 * its clause's). A level with no scope has nothing of its own to take
 * back. The incremental solver has no scopes: a pop drops the level's
 * guards from those a check assumes.
 */
void vq_push(struct vq *q)
{
	q->scoped[q->level] = false;
	q->fresh_mark[q->level] = q->nfresh;
	q->guard_mark[q->level] = Z3_ast_vector_size(q->solving, q->asserted);
	q->mark[q->level++] = Z3_ast_vector_size(q->spec.ctx, q->keep);
}

void vq_pop(struct vq *q)
{
	Z3_context c = q->spec.ctx;
	if (q->scoped[q->level - 1])
		Z3_solver_pop(q->solving, q->solver, 1);
	Z3_ast_vector_resize(c, q->keep, q->mark[--q->level]);
	q->nfresh = q->fresh_mark[q->level];
	Z3_ast_vector_resize(q->solving, q->asserted, q->guard_mark[q->level]);
	if (Z3_ast_vector_size(q->solving, q->assumed) > q->guard_mark[q->level])
		Z3_ast_vector_resize(q->solving, q->assumed, q->guard_mark[q->level]);
	spec_release(&q->spec);
	spec_release(&q->view);
}

/* The incremental solver with nothing in it, no formula guarded, no guard assumed. */
static void fast_empty(struct vq *q)
{
	Z3_solver_reset(q->solving, q->fast);
	vmemo_forget(q->guards);
	q->nguards = 0;
	Z3_ast_vector_resize(q->solving, q->assumed, 0);
}

void vq_reset(struct vq *q)
{
	while (q->level > 0)
		vq_pop(q);
	solving_close(q);
	solving_open(q);
	q->nfresh = 0;
	Z3_ast_vector_resize(q->spec.ctx, q->keep, 0);
	spec_release(&q->spec);
}

/*
 * Formulas the incremental solver holds beyond the current path's before
 * it is emptied and given the path's again. A formula kept for the paths
 * after costs each check until then, guard assumed or not (the SAT solver
 * looks for a value of every variable it holds, as far as the runs tell):
 * more than 50 made the runs measured slower (docs/verify.md, "Fourth
 * round").
 */
#define GUARDS_MAX 50

/*
 * The guard of formula g (in the solving context), asserted under it once
 * per case; the caller holds a reference to it.
 */
static Z3_ast guard_of(struct vq *q, Z3_ast g)
{
	Z3_context c = q->solving;
	unsigned id = Z3_get_ast_id(c, g);   /* g is held by the memo: its id is its own */
	const Z3_ast *known = vmemo_get(q->guards, &id, sizeof(id));
	if (known) {
		Z3_inc_ref(c, known[1]);
		return known[1];
	}
	Z3_ast guard = Z3_mk_fresh_const(c, "guard", Z3_mk_bool_sort(c));
	Z3_inc_ref(c, guard);
	Z3_ast implied = Z3_mk_implies(c, guard, g);
	Z3_inc_ref(c, implied);
	Z3_solver_assert(c, q->fast, implied);
	Z3_dec_ref(c, implied);
	Z3_ast both[] = { g, guard };
	vmemo_put(q->guards, &id, sizeof(id), both, 2);
	q->nguards++;
	return guard;
}

/*
 * The guards of the path's formulas asserted since the last check, each
 * formula given to the incremental solver now: one asserted at a check a
 * core answered (cores.c) never costs it anything. Past GUARDS_MAX the
 * solver is emptied and given the path's formulas again, each once.
 */
static void guard_path(struct vq *q)
{
	Z3_context c = q->solving;
	unsigned n = Z3_ast_vector_size(c, q->asserted);
	if (q->nguards >= GUARDS_MAX + n)
		fast_empty(q);
	for (unsigned i = Z3_ast_vector_size(c, q->assumed); i < n; i++) {
		Z3_ast guard = guard_of(q, Z3_ast_vector_get(c, q->asserted, i));
		Z3_ast_vector_push(c, q->assumed, guard);
		Z3_dec_ref(c, guard);
	}
}

/* g asserted for the current path: in the chain's scope, and among the formulas guard_path guards. */
static void assert_solving(struct vq *q, Z3_ast g)
{
	Z3_ast_vector_push(q->solving, q->asserted, g);
	Z3_solver_assert(q->solving, q->solver, g);
}

void vq_assert(struct vq *q, Z3_ast f)
{
	if (q->level > 0 && !q->scoped[q->level - 1]) {
		Z3_solver_push(q->solving, q->solver);
		q->scoped[q->level - 1] = true;
	}
	Z3_ast g = Z3_translate(q->spec.ctx, f, q->solving);
	Z3_inc_ref(q->solving, g);
	assert_solving(q, g);
	Z3_dec_ref(q->solving, g);
}

/*
 * Does m make every assertion of s true (completed where it says nothing)?
 * s is the tactic chain's solver: the incremental one's assertions are its
 * own rewriting of them, over names of its own.
 */
static bool model_holds(Z3_context c, Z3_solver s, Z3_model m)
{
	Z3_ast_vector all = Z3_solver_get_assertions(c, s);
	Z3_ast_vector_inc_ref(c, all);
	bool holds = true;
	for (unsigned i = 0; holds && i < Z3_ast_vector_size(c, all); i++) {
		Z3_ast v = NULL;
		holds = Z3_model_eval(c, m, Z3_ast_vector_get(c, all, i), true, &v);
		if (holds) {
			Z3_inc_ref(c, v);
			holds = Z3_get_bool_value(c, v) == Z3_L_TRUE;
			Z3_dec_ref(c, v);
		}
	}
	Z3_ast_vector_dec_ref(c, all);
	return holds;
}

/*
 * Solver s's answer under the assumptions of the vector (NULL: none), and
 * on SAT its model; checked: a model in which an assertion fails is unknown.
 */
static Z3_lbool ask(struct vq *q, Z3_solver s, Z3_ast_vector assumed, bool checked,
                    Z3_model *model)
{
	Z3_context c = q->solving;
	unsigned n = assumed ? Z3_ast_vector_size(c, assumed) : 0;
	Z3_ast *lits = malloc((n ? n : 1) * sizeof(*lits));
	if (!lits)
		return Z3_L_UNDEF;
	for (unsigned i = 0; i < n; i++)
		lits[i] = Z3_ast_vector_get(c, assumed, i);
	Z3_lbool r = Z3_solver_check_assumptions(c, s, n, lits);
	free(lits);
	if (r == Z3_L_TRUE) {
		*model = Z3_solver_get_model(c, s);
		Z3_model_inc_ref(c, *model);
		if (checked && !model_holds(c, q->solver, *model)) {
			Z3_model_dec_ref(c, *model);
			*model = NULL;
			r = Z3_L_UNDEF;
		}
	}
	return r;
}

/*
 * After the incremental solver's UNSAT: the formulas of the path it
 * needed (its core names their guards), for the checks after (cores.c).
 * A guard not found among the path's is a core not stored: a smaller set
 * than Z3 named would claim more than it found.
 */
static void remember_core(struct vq *q)
{
	Z3_context c = q->solving;
	Z3_ast_vector core = Z3_solver_get_unsat_core(c, q->fast);
	Z3_ast_vector_inc_ref(c, core);
	Z3_ast_vector needed = Z3_mk_ast_vector(c);
	Z3_ast_vector_inc_ref(c, needed);
	unsigned n = Z3_ast_vector_size(c, core), npath = Z3_ast_vector_size(c, q->assumed);
	for (unsigned i = 0; i < n; i++) {
		Z3_ast guard = Z3_ast_vector_get(c, core, i);
		for (unsigned j = 0; j < npath; j++)
			if (Z3_is_eq_ast(c, Z3_ast_vector_get(c, q->assumed, j), guard)) {
				Z3_ast_vector_push(c, needed, Z3_ast_vector_get(c, q->asserted, j));
				break;
			}
	}
	if (Z3_ast_vector_size(c, needed) == n)
		vcores_add(q->cores, needed);
	Z3_ast_vector_dec_ref(c, needed);
	Z3_ast_vector_dec_ref(c, core);
}

/*
 * A model an earlier check found for the path's formulas (key: their
 * hash), if every one of them holds in it; else NULL (models.c).
 */
static Z3_model model_found_before(struct vq *q, uint64_t *key)
{
	*key = vmodels_key(q->solving, q->asserted);
	Z3_model m = vmodels_get(q->models, *key);
	return m && model_holds(q->solving, q->solver, m) ? m : NULL;
}

Z3_lbool vq_check(struct vq *q)
{
	Z3_context c = q->solving;
	if (q->stopped)
		return Z3_L_UNDEF;   /* the run is cancelled: the search is to end (progress.c) */
	if (q->model) {
		Z3_model_dec_ref(c, q->model);
		q->model = NULL;
	}
	double t = cli_clock();
	/*
	 * A core found before, a model found before, then the incremental
	 * solver; the tactic chain only where none could decide.
	 */
	Z3_lbool r = Z3_L_UNDEF;
	if (!q->chain_only) {
		uint64_t key;
		Z3_model known;
		if (vcores_cover(q->cores, q->asserted)) {
			r = Z3_L_FALSE;
		} else if ((known = model_found_before(q, &key)) != NULL) {
			r = Z3_L_TRUE;
			q->model = known;
			Z3_model_inc_ref(c, known);
		} else {
			guard_path(q);
			r = ask(q, q->fast, q->assumed, true, &q->model);
			if (r == Z3_L_FALSE)
				remember_core(q);
			else if (r == Z3_L_TRUE)
				vmodels_put(q->models, key, q->model);
		}
	}
	if (r == Z3_L_UNDEF)
		r = ask(q, q->solver, NULL, false, &q->model);
	q->seconds += cli_clock() - t;
	q->queries++;
	if (r == Z3_L_UNDEF) {
		q->unknown++;
		if (getenv("SVSMLAB_VERIFY_DEBUG"))
			fprintf(stderr, "verify: unknown: %s\n", Z3_solver_get_reason_unknown(c, q->solver));
	}
	return r;
}

/*
 * A constant new to the path, named after how many the path made before
 * it: unique on the path, and the same on every path that made as many
 * before. Two interleavings of two vCPUs that differ only in where a step
 * making no constant (a HAL call outside the scope) stands make the same
 * constants for the steps that do, so their formulas are the same terms
 * and a check asked on one answers the other (cores.c). Named after the
 * level instead, every step after the moved one differed in every name.
 */
Z3_ast vq_fresh(struct vq *q, const char *prefix, Z3_sort s)
{
	char name[64];
	snprintf(name, sizeof(name), "%s@%u", prefix, q->nfresh++);
	Z3_context c = q->spec.ctx;
	return vq_keep(q, Z3_mk_const(c, Z3_mk_string_symbol(c, name), s));
}
