/*
 * scope.c: the hypervisor's moves the search tries.
 *
 * The hypervisor can do almost anything to the RMP and the nested page
 * table, so the search gives it a small scope instead: moves about the
 * pages the scenario works on and the module's most valuable page. The
 * pages are found by running the scenario once, plainly (each vCPU's
 * program in turn, no hypervisor), and collecting every guest page the
 * module validated, rescinded or adjusted, or the guest changed the state
 * of. For each such page t, with its system page spa(t), and the module's
 * secrets page S, the moves are
 *
 *   bind S at t    RMPUPDATE S (assigned to t, the guest's ASID), then map t -> S
 *   reset t        RMPUPDATE spa(t) to t again: drops validated and permissions
 *   share t        RMPUPDATE spa(t) unassigned: takes the page from the guest
 *   unmap t        drop t from the nested page table
 *   map t back     map t -> spa(t) again, with no RMPUPDATE
 *
 * and for two such pages t1 != t2, bind spa(t1) at t2 the same way, and
 * alias spa(t1) at t2: map t2 -> spa(t1) with no RMPUPDATE.
 *
 * The last two change the nested page table alone, as a hypervisor that
 * pages guest memory out and back in does: a page unmapped while the
 * module works on it and mapped back (after a step of the guest or the
 * module), or a page mapped to a system page whose RMP entry names
 * another GPA. Mapping back changes nothing until t was unmapped or
 * bound, so it is tried only then (it takes a second hypervisor move).
 *
 * A bind is one move made of two hypervisor actions: the hypervisor runs
 * between two steps of the guest and the module, so doing both at one
 * yield point is one thing it can do; as two moves, each alone leaves t
 * faulting (which unmap already covers) and the search would need twice
 * the budget to find the catalog's attacks. docs/check.md has the rest.
 */
#include <string.h>

#include "engine.h"

static void add_page(struct scope *sp, uint64_t gpa)
{
	gpa &= ~(uint64_t)(PAGE_SIZE - 1);
	for (unsigned i = 0; i < sp->npages && i < SCOPE_MAX_PAGES; i++)
		if (sp->pages[i] == gpa)
			return;
	if (sp->npages < SCOPE_MAX_PAGES)
		sp->pages[sp->npages++] = gpa;
	else
		sp->npages++;   /* counted, so that too many pages are reported */
}

/* The pages whose RMP state the plain run changed or asked to change. */
static void collect_pages(struct scope *sp, const struct sim *s, unsigned from)
{
	for (unsigned k = from; k < s->rec.step; k++) {
		const struct sim_event *ev = record_event_at(&s->rec, k);
		if (!ev)
			continue;
		if (ev->actor == ACTOR_MODULE &&
		    (ev->op == OP_PVALIDATE || ev->op == OP_RMPADJUST || ev->op == OP_ZERO_PAGE))
			add_page(sp, ev->args[0]);
		else if (ev->actor == ACTOR_GUEST && ev->op == OP_GUEST_PSC)
			add_page(sp, ev->args[0]);
	}
}

/* Each vCPU's program in turn, every call run to its end. */
static void plain_run(struct start *st, const struct scenario *sn)
{
	char why[128];
	for (unsigned v = 0; v < sn->vcpus; v++)
		for (unsigned i = 0; i < sn->prog[v].n; i++) {
			const struct trace_step *step = sn->prog[v].steps[i];
			if (step->action == T_FINISH && st->sc->v[v].state != SCHED_DONE)
				continue;
			if (trace_apply(st->sc, step, why, sizeof(why)) != 0)
				continue;   /* a step that cannot happen here: the search may find a way */
			while (sched_runnable(st->sc, v))
				sched_step(st->sc, v);
		}
}

static void add_move(struct scope *sp, struct trace_step a, const struct trace_step *b)
{
	if (sp->n < SCOPE_MAX) {
		struct scope_move *mv = &sp->mv[sp->n];
		mv->step[0] = a;
		mv->n = 1;
		if (b)
			mv->step[mv->n++] = *b;
	}
	sp->n++;
}

static struct trace_step rmpupdate(uint64_t spa, bool assigned, uint64_t gpa, uint32_t asid)
{
	return (struct trace_step){ .action = T_RMPUPDATE, .rmpupdate = {
		.spa = spa, .u = { .assigned = assigned, .asid = asid, .gpa = gpa } } };
}

static struct trace_step map(uint64_t gpa, uint64_t spa)
{
	return (struct trace_step){ .action = T_MAP, .map = { .gpa = gpa, .spa = spa } };
}

/* Bind system page spa at guest page gpa: it becomes the page the guest reaches there. */
static void add_bind(struct scope *sp, uint64_t spa, uint64_t gpa, uint32_t asid)
{
	struct trace_step npt = map(gpa, spa);
	add_move(sp, rmpupdate(spa, true, gpa, asid), &npt);
}

static void build_moves(struct scope *sp, const struct sim *s)
{
	uint32_t asid = s->m.asid;
	for (unsigned i = 0; i < sp->npages; i++) {
		uint64_t t = sp->pages[i], spa = sp->page_spa[i];
		if (sp->secret_spa != NPT_UNMAPPED && sp->secret_spa != spa)
			add_bind(sp, sp->secret_spa, t, asid);
		if (spa != NPT_UNMAPPED) {
			add_move(sp, rmpupdate(spa, true, t, asid), NULL);
			add_move(sp, rmpupdate(spa, false, 0, 0), NULL);
		}
		add_move(sp, (struct trace_step){ .action = T_UNMAP, .map = { .gpa = t } }, NULL);
	}
	for (unsigned i = 0; i < sp->npages; i++)
		for (unsigned j = 0; j < sp->npages; j++)
			if (i != j && sp->page_spa[i] != NPT_UNMAPPED)
				add_bind(sp, sp->page_spa[i], sp->pages[j], asid);
	for (unsigned i = 0; i < sp->npages; i++)
		if (sp->page_spa[i] != NPT_UNMAPPED)
			add_move(sp, map(sp->pages[i], sp->page_spa[i]), NULL);
	for (unsigned i = 0; i < sp->npages; i++)
		for (unsigned j = 0; j < sp->npages; j++)
			if (i != j && sp->page_spa[i] != NPT_UNMAPPED)
				add_move(sp, map(sp->pages[j], sp->page_spa[i]), NULL);
}

static uint64_t spa_at_start(const struct sim *s, uint64_t gpa)
{
	uint64_t spa = npt_lookup(&s->m, gpa);
	return spa != NPT_UNMAPPED && machine_spa_valid(&s->m, spa) ? spa : NPT_UNMAPPED;
}

int scope_build(struct scope *sp, struct start *st, const struct scenario *sn,
                const uint64_t *extra, unsigned nextra, char *err, size_t errlen)
{
	memset(sp, 0, sizeof(*sp));
	start_rewind(st);
	plain_run(st, sn);
	collect_pages(sp, st->s, st->base_step);
	start_rewind(st);
	for (unsigned i = 0; i < nextra; i++)
		add_page(sp, extra[i]);
	if (sp->npages > SCOPE_MAX_PAGES) {
		snprintf(err, errlen, "the scenario works on %u pages; the scope takes at most %u",
		         sp->npages, SCOPE_MAX_PAGES);
		return -1;
	}
	sp->secret_spa = spa_at_start(st->s, sim_layout(st->s)->secrets_gpa);
	for (unsigned i = 0; i < sp->npages; i++)
		sp->page_spa[i] = spa_at_start(st->s, sp->pages[i]);
	build_moves(sp, st->s);
	if (sp->n > SCOPE_MAX) {
		snprintf(err, errlen, "the scenario's %u pages make %u hypervisor moves; the "
		         "search takes at most %u: work on fewer pages", sp->npages, sp->n,
		         SCOPE_MAX);
		return -1;
	}
	return 0;
}

bool scope_move_changes(const struct sim *s, const struct scope_move *mv)
{
	for (unsigned i = 0; i < mv->n; i++)
		if (trace_step_changes(s, &mv->step[i]))
			return true;
	return false;
}
