/*
 * moves.c: the choices at one point of an execution, and carrying one out.
 *
 * Between two hardware steps three kinds of move may come next:
 *   - the module of a vCPU that is stopped before a HAL call (or waits for
 *     a lock that is free now) takes that call and runs to its next one;
 *   - a guest vCPU goes on with its program: its next step, if the vCPU
 *     is not waiting for the module (a call waits for its finish);
 *   - the hypervisor makes one of its scope moves, within its budget.
 * Every move is carried out as a trace step through trace_apply(), the
 * same function that replays a trace, so the counterexample is exactly
 * what the search ran.
 */
#include <inttypes.h>

#include "engine.h"

/* Can the guest of vCPU v make a call now: running, and its CAA writable? */
static bool can_call(const struct sim *s, unsigned v)
{
	if (s->m.vcpu[v].mode != VCPU_GUEST)
		return false;
	struct hw_result r = machine_translate(&s->m, s->m.guest_vmpl,
	                                       s->guest.caa[v] + CAA_CALL_PENDING, true,
	                                       ACCESS_WRITE, NULL, NULL);
	return hw_succeeded(r);
}

static bool guest_ready(const struct engine *e, const struct pathctx *p, unsigned v)
{
	const struct program *prog = &e->sn.prog[v];
	if (p->pc[v] >= prog->n)
		return false;
	const struct trace_step *st = prog->steps[p->pc[v]];
	enum sched_state state = e->st.sc->v[v].state;
	if (st->action == T_FINISH)
		return state == SCHED_DONE;
	if (state != SCHED_IDLE)
		return false;
	return st->action != T_CALL || can_call(e->st.s, v);
}

/*
 * The hypervisor moves only while the guest or the module still has a
 * step to take: a move after the last one could matter only if the
 * hypervisor alone could break a check, which the model rules out
 * (RMPUPDATE drops validated, VMSA and permissions; docs/check.md).
 */
void moves_enabled(struct engine *e, const struct pathctx *p, moveset *enabled,
                   moveset *allowed)
{
	moveset en = 0;
	for (unsigned v = 0; v < e->sn.vcpus; v++) {
		if (sched_runnable(e->st.sc, v))
			en |= MOVE_BIT(MOVE_MODULE(v));
		if (guest_ready(e, p, v))
			en |= MOVE_BIT(MOVE_GUEST(v));
	}
	if (en != 0)
		for (unsigned k = 0; k < e->scope.n; k++)
			if (scope_move_changes(e->st.s, &e->scope.mv[k]))
				en |= MOVE_BIT(MOVE_HV(k));
	moveset ok = moves_within_preemptions(p->last, en, p->preemptions, e->o->preemptions);
	if (p->hv_used >= e->o->hv_actions)
		ok &= MOVE_BIT(MOVE_HV(0)) - 1;   /* the vCPUs' moves only */
	*enabled = en;
	*allowed = ok;
}

unsigned move_steps(const struct engine *e, const struct pathctx *p, int id,
                    struct trace_step out[2])
{
	if (id < MACHINE_MAX_VCPUS) {
		out[0] = (struct trace_step){ .action = T_STEP, .vcpu = (unsigned)id };
		return 1;
	}
	if (id < MOVE_HV(0)) {
		out[0] = *e->sn.prog[id - MACHINE_MAX_VCPUS].steps[p->pc[id - MACHINE_MAX_VCPUS]];
		return 1;
	}
	const struct scope_move *mv = &e->scope.mv[id - MOVE_HV(0)];
	for (unsigned i = 0; i < mv->n; i++)
		out[i] = mv->step[i];
	return mv->n;
}

/* A call's digest starts from what the guest asked. */
static uint64_t call_digest(const struct trace_step *st)
{
	uint64_t h = hash_u64(0, st->call.protocol);
	h = hash_u64(h, st->call.call);
	h = hash_u64(h, st->call.args.rcx);
	h = hash_u64(h, st->call.args.rdx);
	h = hash_u64(h, st->call.args.r8);
	return hash_u64(h, st->call.args.r9);
}

int move_apply(struct engine *e, struct pathctx *p, int id, char *why, size_t whylen)
{
	struct trace_step st[2];
	unsigned n = move_steps(e, p, id, st);
	for (unsigned i = 0; i < n; i++)
		if (trace_apply(e->st.sc, &st[i], why, whylen) != 0)
			return -1;
	struct sim *s = e->st.s;
	if (id >= MOVE_HV(0)) {
		p->hv_used++;
		return 0;
	}
	unsigned v = (unsigned)id % MACHINE_MAX_VCPUS;
	p->last = (int)v;
	if (id < MACHINE_MAX_VCPUS) {
		p->digest[v] = state_digest_step(p->digest[v], s, record_event_at(&s->rec, s->rec.step - 1));
		return 0;
	}
	if (st[0].action == T_CALL)
		p->digest[v] = call_digest(&st[0]);
	else if (st[0].action == T_FINISH)
		p->digest[v] = 0;
	p->pc[v]++;
	return 0;
}

/*
 * "bind spa 0x1000 at gpa 0x20000", "reset gpa 0x20000", "map gpa 0x20000
 * to spa 0x21000", ... (scope.c names the moves).
 */
static void hv_label(const struct scope_move *mv, char *buf, size_t n)
{
	const struct trace_step *st = &mv->step[0];
	if (mv->n == 2)
		snprintf(buf, n, "hv bind spa 0x%" PRIx64 " at gpa 0x%" PRIx64, st->rmpupdate.spa,
		         st->rmpupdate.u.gpa);
	else if (st->action == T_RMPUPDATE && st->rmpupdate.u.assigned)
		snprintf(buf, n, "hv reset gpa 0x%" PRIx64, st->rmpupdate.u.gpa);
	else if (st->action == T_RMPUPDATE)
		snprintf(buf, n, "hv share spa 0x%" PRIx64, st->rmpupdate.spa);
	else if (st->action == T_UNMAP)
		snprintf(buf, n, "hv unmap gpa 0x%" PRIx64, st->map.gpa);
	else if (st->action == T_MAP)
		snprintf(buf, n, "hv map gpa 0x%" PRIx64 " to spa 0x%" PRIx64, st->map.gpa, st->map.spa);
	else
		snprintf(buf, n, "hv %s", trace_action_name(st->action));
}

void move_label(const struct engine *e, const struct pathctx *p, int id, char *buf, size_t n)
{
	if (id >= MOVE_HV(0)) {
		hv_label(&e->scope.mv[id - MOVE_HV(0)], buf, n);
		return;
	}
	unsigned v = (unsigned)id % MACHINE_MAX_VCPUS;
	if (id < MACHINE_MAX_VCPUS) {
		const struct sim_event *ev = sched_next(e->st.sc, v);
		if (ev)
			snprintf(buf, n, "module %u %s 0x%" PRIx64, v, op_name(ev->op), ev->args[0]);
		else
			snprintf(buf, n, "module %u takes the lock", v);
		return;
	}
	const struct trace_step *st = e->sn.prog[v].steps[p->pc[v]];
	switch (st->action) {
	case T_CALL:
		snprintf(buf, n, "guest %u call %u rcx 0x%" PRIx64, v, st->call.call,
		         st->call.args.rcx);
		break;
	case T_WRITE:
	case T_READ:
		snprintf(buf, n, "guest %u %s 0x%" PRIx64, v, trace_action_name(st->action),
		         st->mem.addr);
		break;
	default:
		snprintf(buf, n, "guest %u %s", v, trace_action_name(st->action));
	}
}
