/*
 * paths.c: every run of the calls a case verifies, depth first.
 *
 * A node is a point where each vCPU's module stands before a HAL call.
 * Its children are: which vCPU goes on (with two vCPUs, within the
 * preemption bound), and which outcome its call has. A call that reaches
 * the hypervisor's scope may have several: Z3 is asked for one outcome the
 * path so far allows (after the hypervisor's move at this yield point, on
 * the spec's relation for the call), then for another, until none is left
 * (push/pop keeps the rest of the path asserted). An outcome the
 * hypervisor cannot bring about is never explored: its subtree is pruned
 * by UNSAT. Each outcome found is forced on the real module (force.c) and
 * the module runs on to its next call: its own control flow, not a
 * model of it, decides what comes next.
 *
 * At each step the clauses it must keep are asked about too: some model
 * of the path that breaks one is a finding (finding.c), and the search
 * stops there. A run-time check that fires on the witness is one as well.
 * What the search found it returns (struct paths_result); proving and
 * reporting it is the caller's (verify.c).
 */
#include "verifier.h"

static void explore(struct vengine *e, struct sleep_set *node);

static void undecided(struct vengine *e, const char *why)
{
	if (!e->res->undecided)
		snprintf(e->res->why, sizeof(e->res->why), "%s", why);
	e->res->undecided = true;
}

/* The sleep set of the node step k is taken from. */
static struct sleep_set *node_of(struct vengine *e, unsigned k)
{
	return k == 0 ? &e->root : &e->path[k - 1].after;
}

/* The symbolic state before step k's yield point. */
static const struct symstate *before(const struct vengine *e, unsigned k)
{
	return k == 0 ? &e->start : &e->path[k - 1].post;
}

/*
 * Ask whether a model of the path so far breaks one of cl's clauses at
 * step k. If so the moves of that model are forced on the witness and
 * the path becomes the finding; returns true.
 */
static bool violated(struct vengine *e, unsigned k, const struct vclauses *cl)
{
	if (!vclauses_asked(cl))
		return false;
	struct vq *q = e->q;
	vq_push(q);
	vq_assert(q, vclauses_any(&e->vx, cl));
	Z3_lbool r = vq_check(q);
	bool found = false;
	if (r == Z3_L_UNDEF) {
		undecided(e, "Z3 could not decide whether a clause holds (time-out)");
	} else if (r == Z3_L_TRUE) {
		int which = vclauses_which(&e->vx, cl);
		char why[200];
		/* When the model does not say which, the first clause asked. */
		for (unsigned id = 0; which < 0 && id < CLAUSE_COUNT; id++)
			if (cl->broken[id])
				which = (int)id;
		enum clause_id clause = (enum clause_id)which;
		if (witness_force(e, k, &e->path[k].out, true, why, sizeof(why)) != 0) {
			e->res->diverged++;
			undecided(e, why);
		} else {
			finding_build(e, k, clause);
			found = true;
		}
	}
	vq_pop(q);
	return found;
}

/* The clauses of step k: its preconditions (on pre), the invariants after it. */
static bool step_violates(struct vengine *e, unsigned k, const struct ghost_terms *g_pre,
                          const struct base *b_pre)
{
	struct vstep *step = &e->path[k];
	struct vclauses pre, inv = { 0 };
	query_preconditions(&e->vx, b_pre, &step->pre, &step->ev, step->out, g_pre, &pre);
	/* Only a call that changes the machine or the owners can break an invariant. */
	bool changes = step->ev.op == OP_PVALIDATE || step->ev.op == OP_RMPADJUST ||
	               step->ev.op == OP_GHOST_OWN ||
	               (step->kind == STEP_SYMBOLIC && step->ev.op != OP_READ_GUEST &&
	                step->ev.op != OP_VMSA_READ && step->ev.op != OP_CAA_READ_PENDING);
	if (changes) {
		struct base b;
		struct ghost_terms g;
		base_encode(&e->vx, &e->st.s->m, &b);
		ghost_encode(&e->vx, e->st.s, &g);
		query_invariants(&e->vx, &b, &step->post, &g, &inv);
	}
	/* Preconditions and invariants are different rows: the union loses none. */
	for (unsigned id = 0; id < CLAUSE_COUNT; id++)
		if (inv.broken[id])
			pre.broken[id] = inv.broken[id];
	return violated(e, k, &pre);
}

/* The call of the case vCPU vcpu makes, or NULL. */
static const struct vcall *call_of(const struct vengine *e, unsigned vcpu)
{
	for (unsigned i = 0; i < e->vc->ncalls; i++)
		if (e->vc->call[i].vcpu == vcpu)
			return &e->vc->call[i];
	return NULL;
}

/*
 * After step k: a call that has just returned keeps the contracts of the
 * registry that judge its call (e.g. DELETE_VCPU must have removed the VMSA).
 */
static bool contract_violates(struct vengine *e, unsigned k)
{
	const struct vstep *step = &e->path[k];
	const struct sim *s = e->st.s;
	const struct vcall *c = call_of(e, step->vcpu);
	if (!c || e->st.sc->v[step->vcpu].state != SCHED_DONE)
		return false;
	uint8_t pending_byte = 1;
	machine_read(&s->m, 0, s->guest.caa[step->vcpu] + CAA_CALL_PENDING, true, &pending_byte, 1);
	/* Not answered: no result to judge. Another call under way: the module is not at rest. */
	bool answered = pending_byte == 0, at_rest = ghost_at_rest(s->calls);
	if (!answered && !at_rest)
		return false;
	uint64_t vmsa = s->m.vcpu[step->vcpu].vmsa_spa;
	struct base b;
	struct vclauses cl;
	base_encode(&e->vx, &s->m, &b);
	struct vanswer a = {
		.call = c->call, .rcx = c->args.rcx, .rdx = c->args.rdx,
		.result = (uint32_t)vmsa_get(&s->m, vmsa, VMSA_RAX, 8),
		.rcx_out = vmsa_get(&s->m, vmsa, VMSA_RCX, 8), .owner = s->ghost.owner,
		.answered = answered, .sv = at_rest ? &s->sv : NULL,
	};
	query_contracts(&e->vx, &b, &step->post, &a, &cl);
	return violated(e, k, &cl);
}

/* A run-time check fired on the witness: the witness itself is the counterexample. */
static bool witness_violates(struct vengine *e)
{
	const struct sim *s = e->st.s;
	if (s->rec.nviolations == 0)
		return false;
	/* Every violation is reported by report_clause: its name is a row's. */
	finding_build(e, e->n ? e->n - 1 : 0, clause_id_of(clause_find(s->rec.violations[0].clause)));
	return true;
}

static bool hypervisor_moves(const struct vstep *step);

/*
 * The footprint of step k, now that the witness has taken it, for the
 * sleep sets (explorer/interleave/). Two steps of different vCPUs commute
 * when neither reaches the scope or is a point where the hypervisor's
 * move has terms of its own (hypervisor_moves) or ends its call, they do
 * not both take or release the lock, neither changed the module's state,
 * and they accessed different system pages: either order gives the same
 * machine, the same module state and the same formulas.
 */
static void step_footprint(struct vengine *e, struct vstep *step)
{
	enum sim_op op = step->ev.op;
	step->foot = (struct footprint){ .flags = FP_READS_SVSM };
	if (hypervisor_moves(step) || step->range_moved || e->st.sc->v[step->vcpu].state == SCHED_DONE)
		step->foot.flags |= FP_EVERYTHING;
	if (op == OP_LOCK || op == OP_UNLOCK)
		step->foot.flags |= FP_LOCK;
	if (state_svsm_hash(e->st.s) != step->svsm_before)
		step->foot.flags |= FP_WRITES_SVSM;
	if (step->spa_before != NPT_UNMAPPED)
		footprint_add(&step->foot, FP_KEY_SPA(step->spa_before));
}

/* After step k was taken on the witness: judge it and go on. */
static void after_step(struct vengine *e, unsigned k, const struct ghost_terms *g_pre,
                       const struct base *b_pre)
{
	struct vstep *step = &e->path[k];
	query_contents(&e->vx, &e->st.s->m, &step->pre, &step->post, &step->ev, step->out);
	step_footprint(e, step);
	e->n = k + 1;
	e->res->steps++;
	sleep_after(node_of(e, k), MOVE_MODULE(step->vcpu), &step->foot, &step->after);
	/*
	 * What the run-time checks found on the witness comes before asking Z3
	 * about the call's end: it needs no model, and a model can break
	 * another clause of the same call with moves the witness did not make.
	 */
	if (!step_violates(e, k, g_pre, b_pre) && !witness_violates(e) && !contract_violates(e, k))
		explore(e, &step->after);
	e->n = k;
}

/* Step k is a call with one possible outcome: take it on the witness as it stands. */
static void take_fixed(struct vengine *e, unsigned k, const struct ghost_terms *g_pre,
                       const struct base *b_pre)
{
	struct vstep *step = &e->path[k];
	char why[200];
	step->post = step->pre;
	if (witness_step(e, k, why, sizeof(why)) != 0) {
		undecided(e, why);
		return;
	}
	after_step(e, k, g_pre, b_pre);
}

/* Follow step k with outcome o (out: its term) to the steps after it. */
static void follow(struct vengine *e, unsigned k, Z3_ast out, struct hw_result o,
                   const struct ghost_terms *g_pre, const struct base *b_pre)
{
	struct vq *q = e->q;
	Z3_context c = q->spec.ctx;
	vq_push(q);
	Z3_ast is = vq_keep(q, Z3_mk_eq(c, out, vq_keep(q, enc_outcome(&q->spec, o))));
	vq_assert(q, vq_keep(q, Z3_simplify(c, is)));
	after_step(e, k, g_pre, b_pre);
	vq_pop(q);
}

/*
 * Step k reaches the scope: each outcome Z3 allows, in turn. The first is
 * the one the call has when the hypervisor does nothing at this yield
 * point: the witness shows it is possible, so Z3 is not asked for it, and
 * the honest run is the first one followed to its end.
 */
static void take_symbolic(struct vengine *e, unsigned k, const struct ghost_terms *g_pre,
                          const struct base *b_pre)
{
	struct vq *q = e->q;
	struct vstep *step = &e->path[k];
	Z3_context c = q->spec.ctx;
	Z3_ast out = query_outcome(&e->vx);
	query_call(&e->vx, b_pre, &step->pre, &step->post, &step->ev, out);
	struct hw_result seen[16];
	unsigned nseen = 0;
	char why[200];
	if (witness_step(e, k, why, sizeof(why)) != 0) {
		undecided(e, why);
		return;
	}
	seen[nseen++] = step->out;
	follow(e, k, out, step->out, g_pre, b_pre);
	/* The others: each a change of the hypervisor's, within the bound. */
	while (!e->res->found && e->changed < e->max_changed) {
		if (nseen == sizeof(seen) / sizeof(seen[0])) {
			undecided(e, "a HAL call with more outcomes than the verifier follows");
			break;
		}
		vq_push(q);
		for (unsigned i = 0; i < nseen; i++) {
			Z3_ast was = vq_keep(q, enc_outcome(&q->spec, seen[i]));
			Z3_ast same = vq_keep(q, Z3_simplify(c, vq_keep(q, Z3_mk_eq(c, out, was))));
			vq_assert(q, vq_keep(q, Z3_mk_not(c, same)));
		}
		Z3_lbool r = vq_check(q);
		if (r != Z3_L_TRUE) {
			if (r == Z3_L_UNDEF)
				undecided(e, "Z3 could not enumerate a HAL call's outcomes (time-out)");
			vq_pop(q);
			break;
		}
		struct hw_result o;
		bool ok = vq_get_outcome(q, out, &o);
		if (ok) {
			seen[nseen++] = o;
			ok = witness_force(e, k, &o, true, why, sizeof(why)) == 0;
			if (!ok) {
				e->res->diverged++;
				undecided(e, why);
			}
		} else {
			undecided(e, "the model's outcome is not one the machine has");
		}
		vq_pop(q);
		if (!ok)
			break;
		e->changed++;
		follow(e, k, out, o, g_pre, b_pre);
		e->changed--;
	}
}

/*
 * Does the hypervisor's move at this yield point need terms of its own?
 * Only where the state of the scope is read: a call that reaches the
 * scope, a clause judged at the call (PVALIDATE, RMPADJUST, a ghost
 * transfer) and the last call of an answered request (the contract is
 * judged right after it). Between two such points the module touches only
 * pages outside the scope, which commutes with whatever the hypervisor
 * does to the scope: its moves at the yield points in between are the
 * same as making them all at the next point that counts.
 */
static bool hypervisor_moves(const struct vstep *step)
{
	enum sim_op op = step->ev.op;
	return step->kind == STEP_SYMBOLIC || op == OP_PVALIDATE || op == OP_RMPADJUST ||
	       op == OP_GHOST_OWN || op == OP_CAA_CLEAR_PENDING;
}

/*
 * Is step k a ghost transfer right after another? A transfer neither
 * reads nor writes the machine, so the states the hypervisor can reach
 * at the second are those it could reach at the first (the adversary is
 * reflexive and transitive): the terms of the first's move serve both,
 * and a quarantine's 512 transfers add one move to the path, not 512.
 */
static bool after_transfer(const struct vengine *e, unsigned k)
{
	return k > 0 && e->path[k].ev.op == OP_GHOST_OWN && !e->path[k - 1].race &&
	       e->path[k - 1].ev.op == OP_GHOST_OWN;
}

/* Is spa a page of the case's 2M range (if it has one)? */
static bool in_range(const struct vengine *e, uint64_t spa)
{
	uint64_t range = e->vc->range_2m;
	return range && spa != NPT_UNMAPPED && spa / PAGE_SIZE_2M == range / PAGE_SIZE_2M;
}

/*
 * Is a PSMASH of the case's 2M range a move of its own before vCPU v's
 * call (the witness stands at the node)? The module sees an entry's page
 * size only through PVALIDATE and RMPADJUST (specs/machine.smt2,
 * instr-target), and no clause reads it, so a PSMASH commutes with every
 * other step: one made anywhere else is the same as one made before the
 * next PVALIDATE or RMPADJUST of the range, or before the call's last HAL
 * call (its contract is judged right after it; at the end of the calls
 * the range is judged as the hypervisor left it). Once the range is 4K
 * entries a PSMASH changes nothing.
 */
static bool psmash_counts(const struct vengine *e, unsigned v)
{
	uint64_t range = e->vc->range_2m;
	const struct machine *m = &e->st.s->m;
	if (!range || m->rmp[range >> PAGE_SHIFT].page_size != PSIZE_2M)
		return false;
	const struct sim_event *ev = pending(e->st.sc, v);
	if (ev->op == OP_CAA_CLEAR_PENDING)
		return true;
	return (ev->op == OP_PVALIDATE || ev->op == OP_RMPADJUST) && in_range(e, query_target(m, ev));
}

/* Was vCPU v's last HAL call on the path a zero of a page of the range? */
static bool after_zero_of_range(const struct vengine *e, unsigned v)
{
	for (unsigned j = e->n; j-- > 0;) {
		const struct vstep *step = &e->path[j];
		if (!step->race && step->vcpu == v)
			return step->ev.op == OP_ZERO_PAGE && in_range(e, step->spa_before);
	}
	return false;
}

/*
 * The page of the range that vCPU v's call touches next, if an RMPUPDATE
 * of the range is a move of its own before it; else NPT_UNMAPPED. An
 * RMPUPDATE takes away everything the module and the guest were given
 * (validated, permissions, VMSA), and every clause a PVALIDATE call is
 * judged on that reads the RMP asks something only of validated, granted
 * or VMSA pages (only PVALIDATE cases have a moving range), so it
 * matters only where the module touches the range again: before a HAL
 * call that reaches a page of it that is assigned. Before the second and
 * later of a run of zeroes of the range it is the same as before the
 * first: the zero faults either way and the module goes on alike; the
 * runs differ only in the contents of pages that are not validated any
 * more, which no clause and no call after the fault reads.
 */
static uint64_t range_page_touched(const struct vengine *e, unsigned v)
{
	const struct machine *m = &e->st.s->m;
	const struct sim_event *ev = pending(e->st.sc, v);
	uint64_t spa = query_target(m, ev);
	if (!in_range(e, spa) || !m->rmp[spa >> PAGE_SHIFT].assigned ||
	    (ev->op == OP_ZERO_PAGE && after_zero_of_range(e, v)))
		return NPT_UNMAPPED;
	return spa & ~(uint64_t)(PAGE_SIZE - 1);
}

/*
 * The RMPUPDATE of the range before a touch of page spa: of the whole
 * range while it is one 2M entry, of that 4K page once a PSMASH split it
 * (a 2M RMPUPDATE over assigned 4K entries fails). It takes the range
 * back (unassigned, the hypervisor's), or, give_back, gives it back to
 * the guest as it was bound (its ASID, GPA and size) with nothing the
 * guest or the module was given. The hypervisor may choose other
 * operands; these two are what verify follows (docs/verify.md).
 */
static struct trace_step range_rmpupdate(const struct vengine *e, uint64_t spa, bool give_back)
{
	const struct machine *m = &e->st.s->m;
	uint64_t range = e->vc->range_2m;
	bool whole = m->rmp[range >> PAGE_SHIFT].page_size == PSIZE_2M;
	uint64_t at = whole ? range : spa;
	const struct rmp_entry *now = &m->rmp[at >> PAGE_SHIFT];
	struct trace_step mv = { .action = T_RMPUPDATE };
	mv.rmpupdate.spa = at;
	mv.rmpupdate.u = (struct rmp_update){ .page_size = whole ? PSIZE_2M : PSIZE_4K };
	if (give_back) {
		mv.rmpupdate.u.assigned = true;
		mv.rmpupdate.u.asid = now->asid;
		mv.rmpupdate.u.gpa = now->gpa;
	}
	return mv;
}

/* Has the entry anything an RMPUPDATE would take: validated, a permission, the VMSA bit? */
static bool entry_grants(const struct rmp_entry *en)
{
	for (unsigned vmpl = 1; vmpl < VMPL_COUNT; vmpl++)
		if (en->perms[vmpl])
			return true;
	return en->validated || en->vmsa;
}

/*
 * The hypervisor's moves on the case's 2M range that are steps of their
 * own before vCPU v's call, into mv: each is taken as a branch of its own
 * beside the step as it stands. The range stays concrete (no symbolic
 * term), so each is a fixed move, not a question for Z3. Giving the
 * range back counts only where it changes the entry (it is the same as
 * no move otherwise).
 */
static unsigned range_moves(const struct vengine *e, unsigned v, struct trace_step mv[3])
{
	unsigned n = 0;
	if (psmash_counts(e, v)) {
		mv[n] = (struct trace_step){ .action = T_PSMASH };
		mv[n++].map.spa = e->vc->range_2m;
	}
	uint64_t spa = range_page_touched(e, v);
	if (spa != NPT_UNMAPPED) {
		mv[n++] = range_rmpupdate(e, spa, false);
		if (entry_grants(&e->st.s->m.rmp[spa >> PAGE_SHIFT]))
			mv[n++] = range_rmpupdate(e, spa, true);
	}
	return n;
}

/*
 * vCPU v takes step k (the witness stands at the node), after the
 * hypervisor's move mv on the case's 2M range if mv is not NULL.
 */
static void take(struct vengine *e, unsigned v, const struct trace_step *mv)
{
	unsigned k = e->n;
	struct vstep *step = &e->path[k];
	struct sim *s = e->st.s;
	char why[200];
	vstep_clear(step);
	/* Made first, so that the base below is the machine the call meets. */
	if (mv && witness_range_move(e, k, mv, why, sizeof(why)) != 0) {
		undecided(e, why);
		return;
	}
	step->vcpu = v;
	step->ev = *pending(e->st.sc, v);
	step->foot.flags = FP_EVERYTHING;   /* until it is known */
	step->spa_before = query_target(&s->m, &step->ev);
	step->svsm_before = state_svsm_hash(s);
	vq_push(e->q);
	struct base b;
	struct ghost_terms g;
	base_encode(&e->vx, &s->m, &b);
	step->kind = query_classify(&e->vx, &s->m, &step->ev);
	if (hypervisor_moves(step) && !after_transfer(e, k))
		query_adversary(&e->vx, &b, before(e, k), &step->pre);
	else
		step->pre = *before(e, k);
	ghost_encode(&e->vx, s, &g);
	if (step->kind == STEP_SYMBOLIC)
		take_symbolic(e, k, &g, &b);
	else
		take_fixed(e, k, &g, &b);
	vq_pop(e->q);
}

/* Bring the witness back to the node the path stands at (after a child's subtree). */
static bool back_to_node(struct vengine *e)
{
	char why[200];
	int rc = e->n > 0 ? witness_force(e, e->n - 1, NULL, false, why, sizeof(why))
	                  : witness_start(e, NULL, why, sizeof(why));
	if (rc != 0)
		undecided(e, why);
	return rc == 0;
}

/* The vCPU whose module made the path's last step, or -1 (the race is the guest's). */
static int last_module_vcpu(const struct vengine *e)
{
	for (unsigned j = e->n; j-- > 0;)
		if (!e->path[j].race)
			return (int)e->path[j].vcpu;
	return -1;
}

/* The vCPU whose guest makes the case's racing write. */
static unsigned race_vcpu(const struct vengine *e)
{
	return e->vc->setup.vcpus > 1 ? 1 : 0;
}

/*
 * The guest's other vCPU makes the case's racing write now, between two
 * HAL calls: a move of the sleep sets as the module's steps are
 * (MOVE_GUEST of its vCPU), never a preemption. It writes the system
 * page the race's GPA maps to, which only a point where the hypervisor
 * moves can change (such a step depends on every move): it depends on
 * the steps that touch that page, and commutes with the module's others,
 * which read and write other pages and struct svsm. The symbolic state is
 * unchanged: it touches guest memory only.
 */
static void take_race(struct vengine *e, struct sleep_set *node)
{
	unsigned k = e->n;
	struct vstep *step = &e->path[k];
	char why[200];
	vstep_clear(step);
	step->race = true;
	step->vcpu = race_vcpu(e);
	step->foot = (struct footprint){ 0 };
	uint64_t spa = npt_lookup(&e->st.s->m, e->vc->race.gpa);
	if (spa != NPT_UNMAPPED)
		footprint_add(&step->foot, FP_KEY_SPA(spa));
	step->pre = step->post = *before(e, k);
	if (witness_step(e, k, why, sizeof(why)) != 0) {
		undecided(e, why);
		return;
	}
	e->n = k + 1;
	e->raced = true;
	sleep_after(node, MOVE_GUEST(step->vcpu), &step->foot, &step->after);
	if (!witness_violates(e))
		explore(e, &step->after);
	e->raced = false;
	e->n = k;
}

static bool all_done(const struct vengine *e)
{
	for (unsigned i = 0; i < e->vc->ncalls; i++)
		if (e->st.sc->v[e->vc->call[i].vcpu].state != SCHED_DONE)
			return false;
	return true;
}

/*
 * The node the path stands at: each vCPU that can go on, within the
 * preemption bound and not asleep (explorer/interleave/), then the racing
 * write. Switches are tried first, so that the paths on which the two
 * calls race come early rather than after every run in which one call
 * goes first (an error is found sooner; a verified case explores the same
 * paths).
 */
static void explore(struct vengine *e, struct sleep_set *node)
{
	if (e->res->found || progress_poll(e))
		return;
	if (all_done(e)) {
		e->res->paths++;
		return;
	}
	if (e->n == VPATH_MAX) {
		undecided(e, "a run longer than the verifier follows");
		return;
	}
	int last = last_module_vcpu(e);
	bool last_runnable = last >= 0 && sched_runnable(e->st.sc, (unsigned)last);
	unsigned order[VCASE_MAX_CALLS + 1], n = 0;
	moveset enabled = 0;
	for (unsigned i = 0; i < e->vc->ncalls; i++) {
		unsigned v = e->vc->call[i].vcpu;
		if ((int)v != last && sched_runnable(e->st.sc, v)) {
			order[n++] = v;
			enabled |= MOVE_BIT(MOVE_MODULE(v));
		}
	}
	if (last_runnable) {
		order[n++] = (unsigned)last;
		enabled |= MOVE_BIT(MOVE_MODULE(last));
	}
	if (n == 0) {
		undecided(e, "no vCPU can go on, and the calls are not done");
		return;
	}
	moveset todo = moves_within_preemptions(last, enabled, e->preemptions, e->o->preemptions) &
	               ~node->asleep;
	bool at_node = true;   /* the witness stands at this node */
	for (unsigned i = 0; i < n && !e->res->found; i++) {
		unsigned v = order[i];
		if (!(todo & MOVE_BIT(MOVE_MODULE(v))))
			continue;
		if (!at_node && !back_to_node(e))
			return;
		bool preempts = move_preempts(last, enabled, MOVE_MODULE((int)v));
		struct trace_step mv[3];
		unsigned nmv = range_moves(e, v, mv);
		e->preemptions += preempts;
		take(e, v, NULL);
		for (unsigned j = 0; j < nmv && !e->res->found && back_to_node(e); j++)
			take(e, v, &mv[j]);
		e->preemptions -= preempts;
		at_node = false;
		sleep_explored(node, MOVE_MODULE((int)v), &e->path[e->n].foot);
	}
	bool race_awake = !(node->asleep & MOVE_BIT(MOVE_GUEST(race_vcpu(e))));
	if (e->vc->race.len && !e->raced && race_awake && !e->res->found &&
	    (at_node || back_to_node(e)))
		take_race(e, node);
}

void paths_explore(struct vengine *e, struct paths_result *res)
{
	char why[200];
	e->res = res;
	e->n = 0;
	e->preemptions = 0;
	if (witness_start(e, NULL, why, sizeof(why)) != 0) {
		undecided(e, why);
		return;
	}
	if (witness_violates(e))
		return;
	sleep_clear(&e->root);
	explore(e, &e->root);
}
