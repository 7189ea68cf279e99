/*
 * force.c: forcing a HAL outcome on the real module, the hypervisor's way.
 *
 * The module runs on the real simulator and its one HAL; nothing in it is
 * stubbed. To make a HAL call return the outcome a path needs, the
 * verifier does what the hypervisor would: at the call's yield point it
 * changes the scope's RMP entries, labels and NPT entries to the values
 * of Z3's model (RMPUPDATE, a whole-page write, map or unmap through
 * explorer/hv/, as trace steps). The call then takes effect on that state
 * and returns what the spec said it would, or the conformance between
 * specs/machine.smt2 and the C model is broken, which is reported.
 *
 * So the witness of every path is a concrete trace: the guest's setup,
 * its calls, and at each yield point the hypervisor's moves. A path is
 * reached again by replaying that trace from the booted machine (a
 * coroutine's stack cannot be copied); the replay checks every call and
 * outcome against the path.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "verifier.h"

static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

static int apply(struct vengine *e, const struct trace_step *st, struct trace *record,
                 char *why, size_t whylen)
{
	if (trace_apply(e->st.sc, st, why, whylen) != 0)
		return -1;
	if (record && trace_push(record, st) != 0)
		return fail(why, whylen, "out of memory");
	return 0;
}

/* A call run to its end with nobody else moving, as the setup's calls are. */
static int run_call(struct vengine *e, unsigned vcpu, struct trace *record, char *why,
                    size_t whylen)
{
	struct trace_step step = { .action = T_STEP, .vcpu = vcpu };
	while (sched_runnable(e->st.sc, vcpu))
		if (apply(e, &step, record, why, whylen) != 0)
			return -1;
	return 0;
}

int witness_start(struct vengine *e, struct trace *record, char *why, size_t whylen)
{
	start_rewind(&e->st);
	const struct trace *setup = &e->vc->setup;
	for (size_t i = 0; i < setup->n; i++) {
		const struct trace_step *st = &setup->steps[i];
		if (apply(e, st, record, why, whylen) != 0)
			return -1;
		if (st->action == T_CALL && run_call(e, st->vcpu, record, why, whylen) != 0)
			return -1;
	}
	for (unsigned i = 0; i < e->vc->ncalls; i++) {
		const struct vcall *c = &e->vc->call[i];
		struct trace_step st = { .action = T_CALL, .vcpu = c->vcpu };
		st.call.protocol = SVSM_PROTO_CORE;
		st.call.call = c->call;
		st.call.args = c->args;
		if (apply(e, &st, record, why, whylen) != 0)
			return -1;
	}
	return 0;
}

static bool same_outcome(struct hw_result a, struct hw_result b)
{
	return a.rc == b.rc && a.cf == b.cf && a.fault == b.fault && a.code == b.code;
}

static void push_move(struct vstep *step, struct trace_step mv)
{
	if (step->nhv < VHV_MAX)
		step->hv[step->nhv] = mv;
	step->nhv++;
}

/*
 * The moves that turn the witness's scope into the model's values of
 * step->pre. The RMP first, then the labels (a whole-page write of
 * public bytes), then the NPT.
 */
static int moves_from_model(struct vengine *e, struct vstep *step, char *why, size_t whylen)
{
	const struct machine *m = &e->st.s->m;
	const struct vscope *sc = &e->scope;
	/* A move on the 2M range is the path's (paths.c), not the model's: it stays the first. */
	step->nhv = step->range_moved ? 1 : 0;
	for (unsigned i = 0; i < sc->nspa; i++) {
		struct rmp_entry want;
		if (!vq_get_entry(e->q, step->pre.entry[i], &want))
			return fail(why, whylen, "the model has no RMP entry for SPA 0x%" PRIx64, sc->spa[i]);
		const struct rmp_entry *now = &m->rmp[sc->spa[i] >> PAGE_SHIFT];
		if (rmp_entry_equal(now, &want))
			continue;
		struct trace_step mv = { .action = T_RMPUPDATE };
		mv.rmpupdate.spa = sc->spa[i];
		mv.rmpupdate.u = (struct rmp_update){ .assigned = want.assigned,
		                                      .immutable = want.immutable,
		                                      .page_size = want.page_size, .asid = want.asid,
		                                      .gpa = want.gpa };
		push_move(step, mv);
	}
	for (unsigned i = 0; i < sc->nspa; i++) {
		uint64_t want;
		if (!vq_get_bv(e->q, step->pre.label[i], &want))
			return fail(why, whylen, "the model has no label for SPA 0x%" PRIx64, sc->spa[i]);
		if (want == m->label[sc->spa[i] >> PAGE_SHIFT])
			continue;
		if (want != LABEL_PUBLIC)
			return fail(why, whylen, "the model labels SPA 0x%" PRIx64 " in a way no write "
			            "can", sc->spa[i]);
		/*
		 * The hypervisor writes the page's own ciphertext back: the label
		 * becomes public (the hypervisor could have written anything)
		 * while the guest's plaintext stays as it was, so the contents
		 * the clauses read do not depend on which moves a model chose.
		 */
		if (!step->page[i] && !(step->page[i] = malloc(PAGE_SIZE)))
			return fail(why, whylen, "out of memory");
		machine_mem_read(m, sc->spa[i], step->page[i], PAGE_SIZE, 0);
		struct trace_step mv = { .action = T_HV_WRITE };
		mv.mem.addr = sc->spa[i];
		mv.mem.bytes = step->page[i];
		mv.mem.len = PAGE_SIZE;
		push_move(step, mv);
	}
	for (unsigned i = 0; i < sc->ngpa; i++) {
		uint64_t want;
		if (!vq_get_bv(e->q, step->pre.npt[i], &want))
			return fail(why, whylen, "the model has no NPT entry for GPA 0x%" PRIx64, sc->gpa[i]);
		if (want == npt_lookup(m, sc->gpa[i]))
			continue;
		struct trace_step mv = { .action = want == NPT_UNMAPPED ? T_UNMAP : T_MAP };
		mv.map.gpa = sc->gpa[i];
		mv.map.spa = want;
		push_move(step, mv);
	}
	if (step->nhv > VHV_MAX)
		return fail(why, whylen, "%u moves at one yield point, more than kept", step->nhv);
	return 0;
}

const struct sim_event *pending(const struct sched *sc, unsigned vcpu)
{
	const struct sim_event *ev = sched_next(sc, vcpu);
	if (!ev && sc->v[vcpu].state == SCHED_BLOCKED)
		ev = &sc->v[vcpu].next;
	return ev;
}

static bool same_call(const struct sim_event *a, const struct sim_event *b)
{
	return a->op == b->op && a->vcpu == b->vcpu && a->args[0] == b->args[0] &&
	       a->args[1] == b->args[1] && a->args[2] == b->args[2];
}

/*
 * Step j on the witness, recorded in record if not NULL: the hypervisor's
 * moves at its yield point from the first-th on (those before it are
 * made already), then the module's HAL call or the guest's racing write.
 */
static int apply_step(struct vengine *e, unsigned j, unsigned first, struct trace *record,
                      char *why, size_t whylen)
{
	const struct vstep *step = &e->path[j];
	for (unsigned i = first; i < step->nhv; i++)
		if (apply(e, &step->hv[i], record, why, whylen) != 0)
			return -1;
	struct trace_step st = { .action = T_STEP, .vcpu = step->vcpu };
	if (step->race)
		st = race_step(e->vc, step->vcpu);
	return apply(e, &st, record, why, whylen);
}

/*
 * Take step j on the witness, its moves from the first-th on; *out is
 * what the call returned (0 while it waits for a lock).
 */
static int take(struct vengine *e, unsigned j, unsigned first, struct hw_result *out, char *why,
                size_t whylen)
{
	struct vstep *step = &e->path[j];
	*out = (struct hw_result){ 0 };
	if (step->race)
		return apply_step(e, j, first, NULL, why, whylen);
	const struct sim_event *ev = pending(e->st.sc, step->vcpu);
	if (!ev || !same_call(ev, &step->ev) || !sched_runnable(e->st.sc, step->vcpu))
		return fail(why, whylen, "step %u: the module is not at the path's HAL call", j);
	unsigned before = e->st.s->rec.step;
	if (apply_step(e, j, first, NULL, why, whylen) != 0)
		return -1;
	/* The first event after the moves is the call's own. */
	for (unsigned i = before; i < e->st.s->rec.step; i++) {
		const struct sim_event *done = record_event_at(&e->st.s->rec, i);
		if (done && done->actor == ACTOR_MODULE) {
			if (done->op == step->ev.op)
				*out = done->out;
			break;
		}
	}
	return 0;
}

int witness_force(struct vengine *e, unsigned k, const struct hw_result *want, bool use_model,
                  char *why, size_t whylen)
{
	if (witness_start(e, NULL, why, whylen) != 0)
		return -1;
	for (unsigned j = 0; j <= k; j++) {
		struct vstep *step = &e->path[j];
		if (use_model && !step->race && moves_from_model(e, step, why, whylen) != 0)
			return -1;
		struct hw_result out;
		if (take(e, j, 0, &out, why, whylen) != 0)
			return -1;
		struct hw_result expected = j == k && want ? *want : step->out;
		if (!same_outcome(out, expected))
			return fail(why, whylen, "step %u: the hypervisor's moves did not force the "
			            "outcome the model gives", j);
	}
	if (want)
		e->path[k].out = *want;
	return 0;
}

int witness_step(struct vengine *e, unsigned k, char *why, size_t whylen)
{
	struct vstep *step = &e->path[k];
	step->nhv = step->range_moved ? 1 : 0;   /* made at the node (witness_range_move) */
	return take(e, k, step->nhv, &step->out, why, whylen);
}

int witness_range_move(struct vengine *e, unsigned k, const struct trace_step *mv, char *why,
                       size_t whylen)
{
	struct vstep *step = &e->path[k];
	step->range_moved = true;
	step->nhv = 0;
	push_move(step, *mv);
	return apply(e, mv, NULL, why, whylen);
}

int witness_trace(struct vengine *e, unsigned k, struct trace *t, size_t *path_start,
                  char *why, size_t whylen)
{
	*t = (struct trace){ .cfg = e->vc->setup.cfg, .vcpus = e->vc->setup.vcpus };
	if (witness_start(e, t, why, whylen) != 0)
		return -1;
	*path_start = t->n;
	for (unsigned j = 0; j <= k && j < e->n; j++)
		if (apply_step(e, j, 0, t, why, whylen) != 0)
			return -1;
	return 0;
}

void vstep_clear(struct vstep *step)
{
	for (unsigned i = 0; i < VSCOPE_MAX; i++)
		free(step->page[i]);
	memset(step, 0, sizeof(*step));
}
