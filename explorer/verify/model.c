/*
 * model.c: a model that breaks a clause, as a finding of the search.
 *
 * The model's moves have already been forced on the witness (force.c), so
 * the counterexample is the witness's trace up to the step that breaks
 * the clause, finished without further moves (each vCPU's call run to its
 * end, and collected by the guest), expecting that clause. The search
 * stops there; the caller proves the finding by replay (prove.c) and
 * reports it (report.c).
 */

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

void model_counterexample(struct vengine *e, unsigned k, const char *clause)
{
	struct verify_case_result *r = e->r;
	char why[256] = "";
	e->stop = true;
	r->verdict = VERDICT_ERROR;
	snprintf(r->clause, sizeof(r->clause), "%s", clause);
	e->cex_step = k;
	e->cex_steps = e->n;
	trace_free(&e->cex);
	if (witness_trace(e, k, &e->cex, why, sizeof(why)) != 0 ||
	    finish_calls(e, &e->cex, why, sizeof(why)) != 0) {
		snprintf(r->why, sizeof(r->why), "the counterexample could not be rebuilt: %.200s", why);
		e->have_cex = false;
		return;
	}
	e->have_cex = true;
	snprintf(e->cex.expect, sizeof(e->cex.expect), "%s", clause);
}

/* One move of the hypervisor in a few words. */
static void move_text(const struct trace_step *mv, char *buf, size_t n)
{
	switch (mv->action) {
	case T_RMPUPDATE:
		if (mv->rmpupdate.u.assigned)
			snprintf(buf, n, "rmpupdate 0x%llx -> gpa 0x%llx", (unsigned long long)mv->rmpupdate.spa,
			         (unsigned long long)mv->rmpupdate.u.gpa);
		else
			snprintf(buf, n, "rmpupdate 0x%llx -> shared", (unsigned long long)mv->rmpupdate.spa);
		break;
	case T_MAP:
		snprintf(buf, n, "map 0x%llx -> 0x%llx", (unsigned long long)mv->map.gpa,
		         (unsigned long long)mv->map.spa);
		break;
	case T_UNMAP:
		snprintf(buf, n, "unmap 0x%llx", (unsigned long long)mv->map.gpa);
		break;
	default:
		snprintf(buf, n, "%s 0x%llx", trace_action_name(mv->action),
		         (unsigned long long)mv->mem.addr);
		break;
	}
}

void model_side_by_side(FILE *out, struct vengine *e)
{
	char why[200];
	fprintf(out, "   %-46s | %s\n", "the path, as Z3's model forces it", "its replay");
	if (witness_start(e, NULL, why, sizeof(why)) != 0) {
		fprintf(out, "   (the replay cannot start: %s)\n", why);
		return;
	}
	bool ok = true;
	for (unsigned j = 0; j < e->cex_steps; j++) {
		const struct vstep *st = &e->path[j];
		for (unsigned h = 0; h < st->nhv && h < VHV_MAX; h++) {
			char text[80];
			move_text(&st->hv[h], text, sizeof(text));
			fprintf(out, "        hv %s\n", text);
			ok = ok && trace_apply(e->st.sc, &st->hv[h], why, sizeof(why)) == 0;
		}
		if (st->race) {
			fprintf(out, "   %2u guest writes %u bytes at 0x%llx\n", j, e->vc->race.len,
			        (unsigned long long)e->vc->race.gpa);
			struct trace_step w = race_step(e->vc, st->vcpu);
			ok = ok && trace_apply(e->st.sc, &w, why, sizeof(why)) == 0;
			continue;
		}
		char buf[48], got[96] = "(not reached)", left[96];
		struct sim_event ev = st->ev;
		ev.out = st->out;
		snprintf(left, sizeof(left), "%2u vcpu%u %s -> %s", j, st->vcpu, op_name(st->ev.op),
		         trace_outcome(&ev, buf, sizeof(buf)));
		unsigned before = e->st.s->rec.step;
		struct trace_step step = { .action = T_STEP, .vcpu = st->vcpu };
		ok = ok && trace_apply(e->st.sc, &step, why, sizeof(why)) == 0;
		const struct sim_event *done = ok ? record_event_at(&e->st.s->rec, before) : NULL;
		if (done && done->actor == ACTOR_MODULE)
			snprintf(got, sizeof(got), "%s -> %s", op_name(done->op),
			         trace_outcome(done, buf, sizeof(buf)));
		fprintf(out, "   %-46s | %s\n", left, got);
	}
}
