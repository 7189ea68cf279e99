/*
 * report.c: what `svsmlab verify` prints, in the Verus style.
 *
 *   error: precondition not satisfied
 *     --> svsm/core/validate.c:123
 *       |
 *   123 |     r = hal_rmpadjust(cpu, gpa, size, RMPADJUST_ATTRS(...));
 *       |         ^^^^^^^^^^^^^
 *     ::: clause page-public-to-vmpl
 *      = granting VMPL1 access to GPA 0x20000 (SPA 0x1000), whose ...
 *      = help: RMPADJUST may grant a VMPL access to a page only if ...
 *     ::: specs/contracts.smt2:98   (define-fun page-public-to-vmpl ...)
 *
 * Everything here is built from data: the case's result, the search's
 * finding and the proof (prove.c). The source line and caret come from the
 * replay of the counterexample on a fresh machine: its violation of the
 * clause (a struct violation), printed by
 * report_violation (explorer/ghost/report.c), so the call site is the
 * one the real module reached. Then the clause's
 * definition in specs/, the files and the command that replays them, and
 * at the end `verification results:: N verified, M errors`.
 */
#include <string.h>

#include "verifier.h"
#include "../catalog/catalog.h"
#include "../ghost/ghost.h"

/* Where the clause is defined, from its row: "specs/contracts.smt2:98". */
static void spec_location(const char *clause, char *out, size_t n)
{
	const struct clause *c = clause_find(clause);
	unsigned line = c ? spec_line_of(c->file, clause) : 0;
	if (line)
		snprintf(out, n, "specs/%s:%u", c->file, line);
	else
		snprintf(out, n, "specs/ (no define-fun %s)", clause);
}

/* Every clause the verifier reports is a row of the registry. */
static const char *headline(const char *clause)
{
	return violation_headline(clause_find(clause)->kind);
}

/*
 * The replay's violation of clause, or its first when none is (a proven
 * counterexample fires it, so that is only for safety). A check that
 * fired before it is named in a note: the counterexample breaks that too.
 */
static void clause_report(FILE *out, const struct replay_violations *fired, const char *clause)
{
	unsigned i = 0;
	while (i < fired->n && strcmp(fired->v[i].clause, clause) != 0)
		i++;
	report_violation(out, &fired->v[i < fired->n ? i : 0]);
	if (i > 0 && i < fired->n)
		fprintf(out, "   = note: the replay fired %s before it\n", fired->v[0].clause);
}

/* The path beside its replay, for a counterexample that does not prove itself. */
static void side_by_side(FILE *out, const struct proof *p)
{
	fprintf(out, "   %-46s | %s\n", "the path, as Z3's model forces it", "its replay");
	if (!p->replay_started) {
		fprintf(out, "   (the replay cannot start: %s)\n", p->start_why);
		return;
	}
	for (unsigned i = 0; i < p->nrows; i++) {
		const struct proof_row *row = &p->rows[i];
		char left[112];
		switch (row->kind) {
		case ROW_MOVE:
			fprintf(out, "        hv %s\n", row->what);
			break;
		case ROW_RACE:
			fprintf(out, "   %2u guest writes %s\n", row->step, row->what);
			break;
		case ROW_STEP:
			snprintf(left, sizeof(left), "%2u %s", row->step, row->what);
			fprintf(out, "   %-46s | %s\n", left, row->got);
			break;
		}
	}
}

void report_error(FILE *out, const char *title, const struct verify_case_result *r,
                  const struct finding *f, const struct proof *p)
{
	unsigned k = f->step;
	char where[128];
	spec_location(r->clause, where, sizeof(where));
	if (r->proven && p->fired.n) {
		clause_report(out, &p->fired, r->clause);
	} else if (r->unwritten) {
		fprintf(out, "error: %s (found; its counterexample could not be written)\n",
		        headline(r->clause));
		fprintf(out, "  ::: clause %s\n", r->clause);
	} else {
		fprintf(out, "error: %s (spurious counterexample)\n", headline(r->clause));
		fprintf(out, "  ::: clause %s\n", r->clause);
		const struct finding_step *st = &f->path[k < f->nsteps ? k : 0];
		if (f->nsteps)
			fprintf(out, "   = a model of the path breaks it at step %u (vCPU %u %s), but its "
			        "replay does not: %s\n", k, st->vcpu, op_name(st->ev.op), r->why);
		else
			fprintf(out, "   = %s\n", r->why);
	}
	fprintf(out, "  ::: %s   (define-fun %s ...)\n", where, r->clause);
	fprintf(out, "   = case: %s\n", title);
	if (!f->rebuilt) {
		fputc('\n', out);
		return;
	}
	if (r->unwritten) {
		/* Nothing to replay: an I/O error, not a verdict on the counterexample. */
		fprintf(out, "   = the counterexample could not be written: %s\n\n", r->why);
		return;
	}
	if (r->proven) {
		fprintf(out, "   = proven counterexample: a fresh machine running %s fails %s\n", p->path,
		        r->clause);
		if (p->shrunk)
			shrink_print(out, "   = ", &p->shrink);
	} else {
		fprintf(out, "   = WARNING: NOT PROVEN: %s\n", r->why);
		fprintf(stderr, "svsmlab verify: WARNING: a counterexample does not replay: %s\n",
		        r->why);
		side_by_side(out, p);
	}
	fprintf(out, "   = counterexample: %s (and .json); replay it with: svsmlab run %s\n\n",
	        p->path, p->path);
}

/*
 * How many cases run, and with --input the text that chose them: so that a
 * reader does not look among these few for an input they do not hold.
 */
static void cases_chosen(FILE *out, const struct verify_options *o, const struct vcases *cs)
{
	fprintf(out, "\nguest inputs: %u case%s", cs->n, cs->n == 1 ? "" : "s");
	if (o->input)
		fprintf(out, " whose title contains '%s',", o->input);
}

/* The inputs of --inputs symbolic: of the regions found. */
static void symbolic_header(FILE *out, const struct verify_options *o, const struct vcases *cs)
{
	unsigned regions = 0;
	for (uint32_t call = 0; call < SVSM_CORE_NCALLS; call++)
		regions += cs->cover[call].regions;
	cases_chosen(out, o, cs);
	fprintf(out, " of the %u input region%s Z3 found (specs/inputs.smt2, --inputs symbolic; "
	        "page lists with at most %u pending entr%s)\n", regions, regions == 1 ? "" : "s",
	        o->batch, o->batch == 1 ? "y" : "ies");
}

/* The hand-picked inputs: the classes are those of every case, of the handler's cases. */
static void classes_header(FILE *out, const struct verify_options *o, const struct vcases *cs)
{
	cases_chosen(out, o, cs);
	if (o->input)
		fprintf(out, " of %u", cs->before_input);
	fprintf(out, " (GPA classes: guest page validated and not, module page, secrets page, "
	        "VMSA, CAA, misaligned, out of range, the edges of guest RAM and module memory, "
	        "2M pages; batches up to %u; VMSA fields)\n", o->batch);
}

void report_header(FILE *out, const struct verify_options *o, const struct vcases *cs)
{
	char names[256];
	catalog_names(o->bugs, names, sizeof(names));
	fprintf(out, "verify: %s, %u vCPU%s, ", o->handler ? o->handler : "every core call",
	        o->vcpus, o->vcpus > 1 ? "s" : "");
	fprintf(out, o->bugs ? "bugs: %s" : "the correct module", names);
	if (o->symbolic_inputs)
		symbolic_header(out, o, cs);
	else
		classes_header(out, o, cs);
	fprintf(out, "hypervisor: specs/adversary.smt2 at every yield point, on the pages each case "
	        "names and the secrets page%s; Z3 time-out %u ms per query\n",
	        o->nextra ? " and the --page pages" : "", o->timeout_ms);
	if (o->vcpus > 1)
		fprintf(out, "interleavings: every order of the two vCPUs' HAL calls with at most %u "
		        "preemption%s\n", o->preemptions, o->preemptions == 1 ? "" : "s");
	unsigned changed = verify_changed_outcomes(o);
	if (changed != VERIFY_UNBOUNDED)
		fprintf(out, "outcomes: runs in which the hypervisor changes the outcome of at most %u "
		        "HAL call%s (--changed-outcomes)\n", changed, changed == 1 ? "" : "s");
	fputc('\n', out);
}

/* Why cv's handler is not verified for every input, or NULL when it is. */
static const char *coverage_gap(const struct input_coverage *cv, unsigned verified)
{
	if (!cv->every_input)
		return cv->why;
	return verified == cv->regions ? NULL
	                               : "a region not verified in this run (left out by --input, "
	                                 "not reached after an error without --all, or not verified)";
}

void report_coverage(FILE *out, const struct vcases *cs, const unsigned long paths[],
                     const unsigned verified[])
{
	for (uint32_t call = 0; call < SVSM_CORE_NCALLS; call++) {
		const struct input_coverage *cv = &cs->cover[call];
		if (!cv->searched)
			continue;
		const char *gap = coverage_gap(cv, verified[call]);
		if (!gap)
			fprintf(out, "%s: verified for every input%s%s: %u input region%s, %lu paths",
			        inputs_handler_name(call), cv->bound[0] ? " " : "", cv->bound,
			        cv->regions, cv->regions == 1 ? "" : "s", paths[call]);
		else
			fprintf(out, "%s: %u of %u input region%s verified (%lu paths), not every input: "
			        "%s", inputs_handler_name(call), verified[call], cv->regions,
			        cv->regions == 1 ? "" : "s", paths[call], gap);
		fprintf(out, " (search: %u runs, %u Z3 questions)\n", cv->runs, cv->questions);
	}
}

void report_regions(FILE *out, const struct vcases *cs)
{
	for (uint32_t call = 0; call < SVSM_CORE_NCALLS; call++) {
		const struct input_coverage *cv = &cs->cover[call];
		if (!cv->searched)
			continue;
		fprintf(out, "%s: %u input region%s%s%s%s%s (search: %u runs, %u Z3 questions)\n",
		        inputs_handler_name(call), cv->regions, cv->regions == 1 ? "" : "s",
		        cv->bound[0] ? " " : "", cv->bound, cv->every_input ? "" : ", not every input: ",
		        cv->every_input ? "" : cv->why, cv->runs, cv->questions);
	}
}

static const char *verdict_name(enum verdict v)
{
	return v == VERDICT_VERIFIED ? "verified" : v == VERDICT_ERROR ? "error" : "unknown";
}

static void scope_text(const struct vcase *c, const struct vscope *sc, char *out, size_t n)
{
	size_t k = (size_t)snprintf(out, n, "%s", sc->ngpa ? "pages" : "secrets");
	for (unsigned i = 0; i < sc->ngpa && k < n; i++)
		k += (size_t)snprintf(out + k, n - k, " 0x%llx", (unsigned long long)sc->gpa[i]);
	if (sc->ngpa && k < n)
		k += (size_t)snprintf(out + k, n - k, " + secrets");
	if (c->range_2m && k < n)
		snprintf(out + k, n - k, " + psmash, rmpupdate 0x%llx", (unsigned long long)c->range_2m);
}

void report_listed(FILE *out, const struct vcase *c)
{
	fprintf(out, "  case      %-12s %s\n", c->handler, c->title);
}

void report_case(FILE *out, const struct vcase *c, const struct vscope *sc,
                 const struct verify_case_result *r)
{
	char scope[96];
	scope_text(c, sc, scope, sizeof(scope));
	fprintf(out, "  %-9s %-12s %-52s %4lu paths %5lu queries %6.2f s (z3 %.2f) [%s]\n", verdict_name(r->verdict),
	        c->handler, c->title, r->paths, r->queries, r->seconds, r->z3_seconds, scope);
	if (r->verdict == VERDICT_UNKNOWN)
		fprintf(out, "            not verified: %s\n", r->why);
}

void report_summary(FILE *out, const struct verify_summary *sum)
{
	/* Workers ask Z3 side by side, so their seconds in it may add up to more than the run's. */
	fprintf(out, "\n%u case%s, %lu Z3 queries, %.2f s (%.2f s in Z3%s)\n", sum->cases,
	        sum->cases == 1 ? "" : "s", sum->queries, sum->seconds, sum->z3_seconds,
	        sum->jobs ? ", summed over the workers" : "");
	if (sum->interrupted)
		fprintf(out, "interrupted after %u of %u case%s: %u ha%s no verdict\n", sum->cases,
		        sum->total, sum->total == 1 ? "" : "s", sum->total - sum->cases,
		        sum->total - sum->cases == 1 ? "s" : "ve");
	if (sum->unknown)
		fprintf(out, "%u case%s not decided (see above)\n", sum->unknown,
		        sum->unknown == 1 ? "" : "s");
	if (sum->unwritten)
		fprintf(out, "%u counterexample%s could not be written (see above)\n", sum->unwritten,
		        sum->unwritten == 1 ? "" : "s");
	fprintf(out, "verification results:: %u verified, %u errors%s\n", sum->verified, sum->errors,
	        sum->interrupted ? ", interrupted" : "");
}

/* A JSON string: the characters the kit's texts use need no more than this. */
static void json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if ((unsigned char)*s >= 0x20)
			fputc(*s, out);
	}
	fputc('"', out);
}

void report_json_case(FILE *out, bool first, const struct vcase *c,
                      const struct verify_case_result *r, const char *cex_path)
{
	fprintf(out, "%s\n    { \"handler\": ", first ? "{\n  \"cases\": [" : ",");
	json_string(out, c->handler);
	fprintf(out, ", \"input\": ");
	json_string(out, c->title);
	fprintf(out, ", \"verdict\": \"%s\", \"paths\": %lu, \"steps\": %lu, \"queries\": %lu, "
	        "\"seconds\": %.3f", verdict_name(r->verdict), r->paths, r->steps, r->queries,
	        r->seconds);
	if (r->verdict == VERDICT_ERROR) {
		char where[128];
		spec_location(r->clause, where, sizeof(where));
		fprintf(out, ", \"clause\": ");
		json_string(out, r->clause);
		fprintf(out, ", \"spec\": ");
		json_string(out, where);
		fprintf(out, ", \"proven\": %s, \"counterexample\": ", r->proven ? "true" : "false");
		json_string(out, cex_path ? cex_path : "");
		if (r->cex_steps[0])
			fprintf(out, ", \"size\": { \"found\": { \"steps\": %u, \"moves\": %u }, "
			        "\"written\": { \"steps\": %u, \"moves\": %u } }", r->cex_steps[0],
			        r->cex_moves[0], r->cex_steps[1], r->cex_moves[1]);
	}
	if (r->verdict != VERDICT_VERIFIED && r->why[0]) {
		fprintf(out, ", \"why\": ");
		json_string(out, r->why);
	}
	fprintf(out, " }");
}

/* report_coverage's lines as JSON: "coverage": one object per handler searched. */
static void json_coverage(FILE *out, const struct vcases *cs, const unsigned long paths[],
                          const unsigned verified[])
{
	bool any = false;
	for (uint32_t call = 0; call < SVSM_CORE_NCALLS; call++) {
		const struct input_coverage *cv = &cs->cover[call];
		if (!cv->searched)
			continue;
		const char *gap = coverage_gap(cv, verified[call]);
		fprintf(out, "%s\n    { \"handler\": \"%s\", \"every_input\": %s, \"regions\": %u, "
		        "\"verified\": %u, \"paths\": %lu, \"runs\": %u, \"questions\": %u",
		        any ? "," : ",\n  \"coverage\": [",
		        inputs_handler_name(call), gap ? "false" : "true", cv->regions, verified[call],
		        paths[call], cv->runs, cv->questions);
		if (gap) {
			fprintf(out, ", \"why\": ");
			json_string(out, gap);
		}
		if (cv->bound[0]) {
			fprintf(out, ", \"bound\": ");
			json_string(out, cv->bound);
		}
		fprintf(out, " }");
		any = true;
	}
	if (any)
		fprintf(out, "\n  ]");
}

void report_json_end(FILE *out, const struct verify_summary *sum, const struct vcases *cs,
                     const unsigned long paths[], const unsigned verified[])
{
	fprintf(out, "%s\n  ]", sum->cases ? "" : "{\n  \"cases\": [");
	json_coverage(out, cs, paths, verified);
	fprintf(out, ",\n  \"verified\": %u, \"errors\": %u, \"unknown\": %u, "
	        "\"queries\": %lu, \"seconds\": %.3f, \"interrupted\": %s, \"total\": %u\n}\n",
	        sum->verified, sum->errors, sum->unknown, sum->queries, sum->seconds,
	        sum->interrupted ? "true" : "false", sum->total);
}
