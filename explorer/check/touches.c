/*
 * touches.c: what a move of `svsmlab check` touches, as a footprint
 * (explorer/interleave/footprint.c says what the keys mean and when two
 * footprints commute).
 *
 * Whether a module step changed struct svsm is seen only by carrying it
 * out (footprint_after); a move is in a sleep set only after it was
 * carried out from that state, so its footprint is then complete. A
 * module step is judged by the HAL call it is stopped before, with the
 * GPA translated through the NPT as it is now.
 */
#include "engine.h"

static void add_spa(struct footprint *f, const struct sim *s, uint64_t spa)
{
	if (spa != NPT_UNMAPPED && machine_spa_valid(&s->m, spa))
		footprint_add(f, FP_KEY_SPA(spa));
}

/* A guest page, and the system page it reaches now. */
static void add_gpa(struct footprint *f, const struct sim *s, uint64_t gpa)
{
	footprint_add(f, FP_KEY_GPA(gpa));
	add_spa(f, s, npt_lookup(&s->m, gpa));
}

static void add_span(struct footprint *f, const struct sim *s, uint64_t gpa, uint64_t len)
{
	uint64_t last = gpa + (len ? len - 1 : 0);
	for (uint64_t p = gpa >> PAGE_SHIFT; p <= last >> PAGE_SHIFT && !(f->flags & FP_EVERYTHING);
	     p++)
		add_gpa(f, s, p << PAGE_SHIFT);
}

static void module_step(struct footprint *f, const struct sim *s, const struct sched *sc,
                        unsigned v)
{
	f->flags |= FP_READS_SVSM;
	const struct sim_event *ev = sched_next(sc, v);
	if (!ev) {                 /* blocked: it resumes by taking the lock */
		f->flags |= FP_LOCK;
		return;
	}
	switch (ev->op) {
	case OP_PVALIDATE:
	case OP_RMPADJUST:
		if (ev->args[1] != PSIZE_4K)
			f->flags |= FP_EVERYTHING;
		else
			add_gpa(f, s, ev->args[0]);
		break;
	case OP_READ_GUEST:
	case OP_WRITE_GUEST:
		add_span(f, s, ev->args[0], ev->args[1]);
		break;
	case OP_ZERO_PAGE:
	case OP_VMSA_READ:
	case OP_VMSA_WRITE:
	case OP_CAA_READ_PENDING:
	case OP_CAA_CLEAR_PENDING:
	case OP_GHOST_OWN:
		add_gpa(f, s, ev->args[0]);
		break;
	case OP_LOCK:
	case OP_UNLOCK:
		f->flags |= FP_LOCK;
		break;
	default:
		f->flags |= FP_EVERYTHING;
	}
}

static void guest_step(struct footprint *f, const struct sim *s, unsigned v,
                       const struct trace_step *st)
{
	switch (st->action) {
	case T_WRITE:
	case T_READ:
		add_span(f, s, st->mem.addr, st->mem.len);
		break;
	case T_CALL:
		/* call_pending, the registers in the VMSA, the request page the contract keeps */
		add_gpa(f, s, s->guest.caa[v]);
		add_spa(f, s, s->m.vcpu[v].vmsa_spa);
		add_gpa(f, s, st->call.args.rcx);
		f->flags |= FP_READS_SVSM;   /* the module runs to its first HAL call */
		break;
	case T_FINISH:
		add_gpa(f, s, s->guest.caa[v]);
		add_spa(f, s, s->m.vcpu[v].vmsa_spa);
		break;
	case T_PSC:
		add_gpa(f, s, st->psc.gpa);
		break;
	case T_START_VCPU:
		add_gpa(f, s, st->start.vmsa);
		footprint_add(f, FP_KEY_VCPU(st->vcpu));
		break;
	default:
		f->flags |= FP_EVERYTHING;
	}
}

static void hv_move(struct footprint *f, const struct sim *s, const struct trace_step *st)
{
	switch (st->action) {
	case T_RMPUPDATE: {
		uint64_t spa = st->rmpupdate.spa;
		add_spa(f, s, spa);
		if (st->rmpupdate.u.assigned)
			footprint_add(f, FP_KEY_GPA(st->rmpupdate.u.gpa));
		if (machine_spa_valid(&s->m, spa) && s->m.rmp[spa >> PAGE_SHIFT].assigned)
			footprint_add(f, FP_KEY_GPA(s->m.rmp[spa >> PAGE_SHIFT].gpa));
		break;
	}
	case T_MAP:
		add_gpa(f, s, st->map.gpa);
		add_spa(f, s, st->map.spa);
		break;
	case T_UNMAP:
		add_gpa(f, s, st->map.gpa);
		break;
	default:
		f->flags |= FP_EVERYTHING;
	}
}

void footprint_before(struct footprint *f, const struct sim *s, const struct sched *sc,
                      int id, const struct trace_step *st, unsigned n)
{
	f->n = 0;
	f->flags = 0;
	if (id < MOVE_HV(0)) {
		unsigned v = (unsigned)id % MACHINE_MAX_VCPUS;
		footprint_add(f, FP_KEY_VCPU(v));
		if (id < MACHINE_MAX_VCPUS)
			module_step(f, s, sc, v);
		else
			guest_step(f, s, v, st);
		return;
	}
	for (unsigned i = 0; i < n; i++)
		hv_move(f, s, &st[i]);
}

/*
 * A call's last step also resumes the guest's VMSA and checks the call's
 * contract, which reads the request page and the state of the page the
 * call was about.
 */
void footprint_after(struct footprint *f, const struct sim *s, const struct sched *sc, int id,
                     bool svsm_changed)
{
	if (svsm_changed)
		f->flags |= FP_WRITES_SVSM;
	if (id >= MACHINE_MAX_VCPUS)
		return;
	unsigned v = (unsigned)id;
	const struct sim_event *ev = record_event_at(&s->rec, s->rec.step - 1);
	if (sc->v[v].state != SCHED_DONE || !ev || ev->actor != ACTOR_MODULE)
		return;
	add_spa(f, s, s->m.vcpu[v].vmsa_spa);
	if (ev->vcpu < SVSM_MAX_VCPUS)
		add_gpa(f, s, s->calls[ev->vcpu].rcx);
}
