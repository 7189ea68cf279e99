/*
 * verify.c: verify_run(), case by case.
 *
 * One Z3 context serves the whole run (the specs are parsed once); each
 * case boots its own machine, runs the guest's setup, fixes the
 * hypervisor's scope (the pages the input names, the --page pages, and
 * the module's secrets page, with the system pages they map to) and
 * enumerates the runs of its calls (paths.c). A case is verified when
 * every run was followed to its end and no clause can be broken on any;
 * an error when a counterexample was found (proven or not, it is shown);
 * unknown when something could not be decided (a Z3 time-out, a model
 * the real module could not be brought to follow). A run that is
 * cancelled (progress.c) stops in the middle of a case: that case and
 * those after it have no verdict, and the summary says the run was
 * interrupted.
 */
#include <stdlib.h>
#include <string.h>

#include "verifier.h"
#include "../catalog/catalog.h"
#include "../cli/clock.h"
#include "../cli/page.h"

void verify_defaults(struct verify_options *o)
{
	*o = (struct verify_options){ .vcpus = 1, .batch = 2, .preemptions = 2,
	                              .changed_outcomes = VERIFY_BY_VCPUS, .timeout_ms = 10000 };
}

void verify_defaults_for(struct verify_options *o, uint32_t bugs)
{
	verify_defaults(o);
	o->bugs = bugs;
	o->vcpus = catalog_verify_vcpus(bugs);
	o->handler = catalog_verify_handler(bugs);
	o->first = catalog_verify_witness(bugs);
}

unsigned verify_changed_outcomes(const struct verify_options *o)
{
	if (o->changed_outcomes != VERIFY_BY_VCPUS)
		return o->changed_outcomes;
	return o->vcpus == 1 ? VERIFY_UNBOUNDED : 1;
}

static void add_spa(struct vscope *sc, uint64_t spa)
{
	for (unsigned i = 0; i < sc->nspa; i++)
		if (sc->spa[i] == spa)
			return;
	if (sc->nspa < VSCOPE_MAX)
		sc->spa[sc->nspa++] = spa;
}

static void add_gpa(struct vscope *sc, const struct machine *m, uint64_t gpa)
{
	gpa &= ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t spa = npt_lookup(m, gpa);
	if (spa == NPT_UNMAPPED || !machine_spa_valid(m, spa))
		return;   /* nothing there the hypervisor could move */
	for (unsigned i = 0; i < sc->ngpa; i++)
		if (sc->gpa[i] == gpa)
			return;
	if (sc->ngpa == VSCOPE_MAX)
		return;
	sc->gpa[sc->ngpa] = gpa;
	sc->start_npt[sc->ngpa++] = spa;
	add_spa(sc, spa);
}

/*
 * The scope: the case's pages, the --page pages, and the secrets page,
 * the module's most valuable page, which every attack of the catalog
 * that reads a secret moves. Every page in it is a 4K entry (the query's
 * symbolic entries are 4K); a 2M one would be refused, not left out.
 */
static int case_scope(struct vengine *e, char *err, size_t errlen)
{
	const struct machine *m = &e->st.s->m;
	struct vscope *sc = &e->scope;
	memset(sc, 0, sizeof(*sc));
	for (unsigned i = 0; i < e->vc->npages; i++)
		add_gpa(sc, m, e->vc->pages[i]);
	for (unsigned i = 0; i < e->o->nextra; i++)
		add_gpa(sc, m, e->o->extra_pages[i]);
	sc->secret_spa = npt_lookup(m, sim_layout(e->st.s)->secrets_gpa);
	add_spa(sc, sc->secret_spa);
	for (unsigned i = 0; i < sc->nspa; i++)
		if (m->rmp[sc->spa[i] >> PAGE_SHIFT].page_size != PSIZE_4K) {
			snprintf(err, errlen, "scope page 0x%llx is part of a 2M entry",
			         (unsigned long long)sc->spa[i]);
			return -1;
		}
	return 0;
}

/*
 * What the search found, proven by replay (its file is the run's n-th
 * counterexample) and reported in full to out (NULL: --json); r says
 * what came of it, cex_path where its file is.
 */
static void judge_finding(struct vrun *run, const struct verify_options *o,
                          const struct finding *f, FILE *out, const char *title,
                          struct verify_case_result *r, char *cex_path, size_t cex_len)
{
	struct proof p = { 0 };
	r->verdict = VERDICT_ERROR;
	snprintf(r->clause, sizeof(r->clause), "%s", clause_row(f->clause)->name);
	if (!f->rebuilt) {
		snprintf(r->why, sizeof(r->why), "%s", f->why);
	} else {
		unsigned n = run->number ? run->number(run) : ++run->counterexamples;
		prove_finding(f, o->out, n, &p);
		r->proven = p.proven;
		r->unwritten = p.unwritten;
		proof_sizes(&p, f, r);
		if (!p.proven)
			snprintf(r->why, sizeof(r->why), "%s", p.why);
	}
	if (out)
		report_error(out, title, r, f, &p);
	snprintf(cex_path, cex_len, "%s", p.path);
	proof_free(&p);
}

/*
 * One search of a case, on a fresh engine e (freed by search_done). With
 * races clear a data race is a counterexample as a broken clause is; with
 * it set races are only counted (*held). False when it could not be set
 * up (r says why).
 */
static bool search_case(struct vrun *run, const struct verify_options *o, const struct vcase *vc,
                        struct vengine *e, struct paths_result *res, const char *title,
                        bool races, unsigned long *held, struct verify_case_result *r)
{
	struct vq *q = run->q;
	char err[256];
	e->o = o;
	e->max_changed = verify_changed_outcomes(o);
	e->vc = vc;
	e->q = q;
	e->vx = (struct vquery){ q, &e->scope };
	e->title = title;
	e->started = e->last_progress = cli_clock();
	e->queries_before = q->queries;
	e->run = run;
	bool ok = start_open(&e->st, &vc->setup, err, sizeof(err)) == 0;
	if (ok)
		e->st.s->race.hold = !races;
	if (!ok || case_scope(e, err, sizeof(err)) != 0 ||
	    witness_start(e, NULL, err, sizeof(err)) != 0) {
		r->verdict = VERDICT_UNKNOWN;
		snprintf(r->why, sizeof(r->why), "the case cannot be set up: %.200s", err);
		return false;
	}
	sym_start(&e->vx, &e->st.s->m, &e->start);
	paths_explore(e, res);
	progress_hide(run);
	*held = e->st.s->race.held;
	return true;
}

/* What search_case leaves: the engine's path and machine, and the finding. */
static void search_done(struct vengine *e, struct paths_result *res)
{
	finding_free(&res->finding);
	memset(res, 0, sizeof(*res));
	for (unsigned i = 0; i < VPATH_MAX; i++)
		vstep_clear(&e->path[i]);
	start_close(&e->st);
	vq_reset(e->q);
	memset(e, 0, sizeof(*e));
}

/*
 * Nothing the search of an unfinished case found is written or reported.
 * Clauses first, races second (docs/races.md): the case is searched again
 * with races reported only when the first search was complete, broke no
 * clause and met a race.
 */
bool verify_case(struct vrun *run, const struct verify_options *o, const struct vcase *vc,
                 FILE *out, struct verify_case_result *r, struct vscope *scope,
                 char *cex_path, size_t cex_len)
{
	struct vq *q = run->q;
	memset(r, 0, sizeof(*r));
	cex_path[0] = '\0';
	double t0 = cli_clock(), z0 = q->seconds;
	unsigned long q0 = q->queries, u0 = q->unknown;
	struct vengine *e = calloc(1, sizeof(*e));
	struct paths_result *res = calloc(1, sizeof(*res));
	char title[VCASE_NAMED_MAX];
	snprintf(title, sizeof(title), "%s: %s", vc->handler, vc->title);
	if (!e || !res) {
		r->verdict = VERDICT_UNKNOWN;
		snprintf(r->why, sizeof(r->why), "out of memory");
		free(e);
		free(res);
		return true;
	}
	unsigned long held = 0;
	bool set_up = search_case(run, o, vc, e, res, title, false, &held, r);
	if (set_up && race_search_again(!res->undecided && !q->stopped, res->found, held)) {
		search_done(e, res);
		set_up = search_case(run, o, vc, e, res, title, true, &held, r);
	}
	if (set_up) {
		r->paths = res->paths;
		r->steps = res->steps;
		r->diverged = res->diverged;
		snprintf(r->why, sizeof(r->why), "%s", res->why);
		/* Unfinished: whatever it found is not judged, and never verified. */
		if (res->found && !run->q->stopped)
			judge_finding(run, o, &res->finding, out, title, r, cex_path, cex_len);
		else
			r->verdict = res->undecided || run->q->stopped ? VERDICT_UNKNOWN : VERDICT_VERIFIED;
	}
	*scope = e->scope;
	search_done(e, res);
	free(res);
	free(e);
	r->queries = q->queries - q0;
	r->unknown = q->unknown - u0;
	r->z3_seconds = q->seconds - z0;
	r->seconds = cli_clock() - t0;
	return !run->q->stopped;
}

/* What verify_run and verify_list refuse before they build a case. 0, or -1 with err. */
static int options_check(const struct verify_options *o, char *err, size_t errlen)
{
	if (o->vcpus < 1 || o->vcpus > 2 || o->batch < 1 || o->batch > 2 || o->timeout_ms == 0 ||
	    o->nextra > VERIFY_MAX_EXTRA_PAGES || o->jobs > VERIFY_MAX_JOBS) {
		snprintf(err, errlen, "options out of range: vcpus and batch are 1 or 2, the "
		         "timeout is at least 1 ms, at most %d extra pages and %d jobs",
		         VERIFY_MAX_EXTRA_PAGES, VERIFY_MAX_JOBS);
		return -1;
	}
	for (unsigned i = 0; i < o->nextra; i++)
		if (page_option_check(o->extra_pages[i], err, errlen) != 0)
			return -1;
	return 0;
}

int verify_list(const struct verify_options *o, FILE *out, char *err, size_t errlen)
{
	if (options_check(o, err, errlen) != 0)
		return -1;
	struct vcases cs;
	if (inputs_build(&cs, o, err, errlen) != 0)
		return -1;
	report_header(out, o, &cs);
	for (unsigned i = 0; i < cs.n; i++)
		report_listed(out, &cs.c[i]);
	fprintf(out, "\n%u case%s\n", cs.n, cs.n == 1 ? "" : "s");
	if (o->symbolic_inputs)
		report_regions(out, &cs);
	inputs_free(&cs);
	return 0;
}

int verify_run(const struct verify_options *o, FILE *out, bool json,
               struct verify_summary *sum, char *err, size_t errlen)
{
	memset(sum, 0, sizeof(*sum));
	if (options_check(o, err, errlen) != 0)
		return -1;
	struct vcases cs;
	if (inputs_build(&cs, o, err, errlen) != 0)
		return -1;
	struct vq *q = malloc(sizeof(*q));
	if (!q || vq_open(q, o->timeout_ms, err, errlen) != 0) {
		if (!q)
			snprintf(err, errlen, "out of memory");
		free(q);
		inputs_free(&cs);
		return -1;
	}
	q->chain_only = o->chain_only;
	struct vrun run;
	progress_start(&run, o, q, cs.n);
	/* With jobs, q is what each worker starts from: this process asks it nothing. */
	struct workers *w = NULL;
	if (o->jobs && workers_open(&w, o, &run, &cs, !json, err, errlen) != 0) {
		vq_close(q);
		free(q);
		inputs_free(&cs);
		return -1;
	}
	if (!json)
		report_header(out, o, &cs);
	fflush(out);
	double t0 = cli_clock();
	sum->total = cs.n;
	unsigned long paths[SVSM_CORE_NCALLS] = { 0 };   /* by handler, for the coverage */
	unsigned verified[SVSM_CORE_NCALLS] = { 0 };
	for (unsigned i = 0; i < cs.n; i++) {
		struct verify_case_result r;
		struct vscope scope;
		char cex[256], title[VCASE_NAMED_MAX];
		FILE *report = json ? NULL : out;
		bool finished = w ? workers_case(w, i, report, &r, &scope, cex, sizeof(cex))
		                  : !progress_stopped(&run) &&
		                    verify_case(&run, o, &cs.c[i], report, &r, &scope, cex, sizeof(cex));
		if (!finished) {
			sum->interrupted = true;
			break;
		}
		snprintf(title, sizeof(title), "%s: %s", cs.c[i].handler, cs.c[i].title);
		sum->cases++;
		sum->queries += r.queries;
		sum->z3_seconds += r.z3_seconds;
		sum->unwritten += r.unwritten;
		uint32_t call = cs.c[i].call[0].call;
		paths[call] += r.paths;
		if (r.verdict == VERDICT_VERIFIED) {
			sum->verified++;
			verified[call]++;
		}
		else if (r.verdict == VERDICT_UNKNOWN)
			sum->unknown++;
		else if (sum->errors++ == 0) {
			sum->first_error_seconds = cli_clock() - t0;
			sum->first_error_queries = sum->queries;
			snprintf(sum->first.clause, sizeof(sum->first.clause), "%s", r.clause);
			sum->first.proven = r.proven;
			snprintf(sum->first.counterexample, sizeof(sum->first.counterexample), "%s", cex);
			snprintf(sum->first.title, sizeof(sum->first.title), "%s", title);
			memcpy(sum->first.steps, r.cex_steps, sizeof(r.cex_steps));
			memcpy(sum->first.moves, r.cex_moves, sizeof(r.cex_moves));
			sum->first.shrink_replays = r.shrink_replays;
			sum->first.shrink_seconds = r.shrink_seconds;
		}
		progress_hide(&run);
		if (json)
			report_json_case(out, i == 0, &cs.c[i], &r, cex);
		else
			report_case(out, &cs.c[i], &scope, &r);
		fflush(out);
		progress_case(&run, title);
		if (r.verdict == VERDICT_ERROR && !o->all)
			break;
	}
	workers_close(w);
	progress_hide(&run);
	sum->seconds = cli_clock() - t0;
	sum->jobs = o->jobs;
	if (json)
		report_json_end(out, sum, &cs, paths, verified);
	else
		report_summary(out, sum);
	if (!json && o->symbolic_inputs)
		report_coverage(out, &cs, paths, verified);
	vq_close(q);
	free(q);
	inputs_free(&cs);
	return 0;
}
