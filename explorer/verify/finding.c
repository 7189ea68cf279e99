/*
 * finding.c: a model that breaks a clause, as what the search found.
 *
 * The model's moves have already been forced on the witness (force.c), so
 * the counterexample is the witness's trace up to the step that breaks
 * the clause, finished without further moves (each vCPU's call run to its
 * end, and collected by the guest), expecting that clause. The search
 * stops there; the caller proves the finding by replay (prove.c) and
 * reports it (report.c).
 */

#include <string.h>

#include "verifier.h"

static int push_step(struct trace *t, struct vengine *e, enum trace_action a, unsigned vcpu,
                     char *why, size_t whylen)
{
	struct trace_step st = { .action = a, .vcpu = vcpu };
	if (trace_apply(e->st.sc, &st, why, whylen) != 0)
		return -1;
	if (trace_push(t, &st) != 0) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

/* Every call to its end, the vCPUs in turn, then the guest collects each answer. */
static int finish_calls(struct vengine *e, struct trace *t, char *why, size_t whylen)
{
	for (bool moved = true; moved;) {
		moved = false;
		for (unsigned i = 0; i < e->vc->ncalls; i++) {
			unsigned v = e->vc->call[i].vcpu;
			if (sched_runnable(e->st.sc, v)) {
				if (push_step(t, e, T_STEP, v, why, whylen) != 0)
					return -1;
				moved = true;
			}
		}
	}
	for (unsigned i = 0; i < e->vc->ncalls; i++) {
		unsigned v = e->vc->call[i].vcpu;
		if (e->st.sc->v[v].state == SCHED_DONE && push_step(t, e, T_FINISH, v, why, whylen) != 0)
			return -1;
	}
	return 0;
}

void finding_build(struct vengine *e, unsigned k, enum clause_id clause)
{
	struct finding *f = &e->res->finding;
	e->res->found = true;
	f->clause = clause;
	f->step = k;
	f->nsteps = e->n;
	for (unsigned j = 0; j < e->n; j++) {
		const struct vstep *st = &e->path[j];
		f->path[j] = (struct finding_step){ .race = st->race, .vcpu = st->vcpu, .ev = st->ev };
		f->path[j].ev.out = st->out;
	}
	trace_free(&f->trace);
	f->rebuilt = witness_trace(e, k, &f->trace, &f->path_start, f->why, sizeof(f->why)) == 0 &&
	             finish_calls(e, &f->trace, f->why, sizeof(f->why)) == 0;
	if (!f->rebuilt) {
		char why[201];   /* the first 200 characters */
		memcpy(why, f->why, sizeof(why) - 1);
		why[sizeof(why) - 1] = '\0';
		snprintf(f->why, sizeof(f->why), "the counterexample could not be rebuilt: %s", why);
		return;
	}
	snprintf(f->trace.expect, sizeof(f->trace.expect), "%s", clause_row(clause)->name);
}

void finding_free(struct finding *f)
{
	trace_free(&f->trace);
}
