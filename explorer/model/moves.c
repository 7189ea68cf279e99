/*
 * moves.c: what may happen next, as the explorer's menu offers it.
 *
 * Between two steps anyone may act. The vCPUs' choices are finite: a
 * module that stands before a HAL call takes it, a guest whose call was
 * answered collects the answer, a guest vCPU takes the next step its
 * program (the trace) has for it, out of the trace's order. The guest's
 * and the hypervisor's other choices are not finite, so the menu offers a
 * small scope (the moves the catalog's attacks are made of, as in
 * `svsmlab check`, docs/check.md) about the guest pages the run works on,
 * t, each mapped to its system page spa(t), the next page of the scope u,
 * and the module's secrets page S:
 *
 *   rmpupdate S -> t, map t -> S      bind the secret page to t
 *   rmpupdate spa(t) -> t             re-assign t's page: drops validated
 *   rmpupdate spa(t) shared           take the page from the guest
 *   map t -> spa(u)                   the nested page table alone
 *   unmap t
 *
 * and the guest reading t, to see what a move let it read, or writing it.
 * A hypervisor move that would change nothing now is left out.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

#define SCOPE_PAGES 8
#define GUEST_READ_LEN 64   /* enough to reach VMPCK0 at offset 0x20 of a secrets page */

/* What a guest write from the menu puts at the start of a page: easy to spot. */
static const uint8_t guest_mark[8] = "guest!!!";

struct menu_build {
	const struct sim *s;
	struct move *out;
	unsigned n, max;
};

static void add(struct menu_build *mb, struct trace_step st, enum move_kind kind,
                const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void add(struct menu_build *mb, struct trace_step st, enum move_kind kind,
                const char *fmt, ...)
{
	if (mb->n >= mb->max || (kind == MOVE_HV && !trace_step_changes(mb->s, &st)))
		return;
	struct move *mv = &mb->out[mb->n++];
	mv->st = st;
	mv->kind = kind;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(mv->label, sizeof(mv->label), fmt, ap);
	va_end(ap);
}

static void vcpu_moves(struct menu_build *mb, const struct model *m)
{
	for (unsigned v = 0; v < model_vcpus(m); v++) {
		const struct sched_vcpu *sv = &m->sc.v[v];
		char what[96];
		if (sched_runnable(&m->sc, v) && sv->state == SCHED_PAUSED) {
			describe_pending(&sv->next, what, sizeof(what));
			add(mb, (struct trace_step){ .action = T_STEP, .vcpu = v }, MOVE_VCPU,
			    "vCPU%u module: %s", v, what);
		} else if (sched_runnable(&m->sc, v)) {
			add(mb, (struct trace_step){ .action = T_STEP, .vcpu = v }, MOVE_VCPU,
			    "vCPU%u module: takes the lock it waited for", v);
		} else if (sv->state == SCHED_DONE) {
			add(mb, (struct trace_step){ .action = T_FINISH, .vcpu = v }, MOVE_VCPU,
			    "vCPU%u guest: collects the module's answer", v);
		}
	}
}

/*
 * Each guest vCPU's next step in the trace, from the cursor on, when it is
 * not the trace's very next step (the trace goes on with that) and the
 * vCPU can take it now: a call waits for the one in flight, and a finish
 * is offered above.
 */
static void program_moves(struct menu_build *mb, const struct model *m)
{
	for (unsigned v = 0; v < model_vcpus(m); v++)
		for (size_t i = m->cursor; i < m->t->n; i++) {
			const struct trace_step *st = &m->t->steps[i];
			if (st->vcpu != v || strcmp(trace_actor(st->action), "guest") != 0)
				continue;
			bool busy = st->action == T_CALL && m->sc.v[v].state != SCHED_IDLE;
			if (i > m->cursor && st->action != T_FINISH && !busy) {
				char what[80];
				describe_step(st, what, sizeof(what));
				add(mb, *st, MOVE_GUEST, "now, trace step %zu: %s", i + 1, what);
			}
			break;
		}
}

static bool in_scope(const uint64_t *pages, unsigned n, uint64_t gpa)
{
	for (unsigned i = 0; i < n; i++)
		if (pages[i] == gpa)
			return true;
	return false;
}

/* The guest pages the whole run validates, rescinds, adjusts or changes the state of. */
static unsigned scope_pages(const struct model *m, uint64_t *pages)
{
	unsigned n = 0;
	for (size_t k = 0; k < m->nevents && n < SCOPE_PAGES; k++) {
		const struct sim_event *ev = &m->events[k];
		bool touches = ev->actor == ACTOR_MODULE ? ev->op == OP_PVALIDATE ||
		                                           ev->op == OP_RMPADJUST ||
		                                           ev->op == OP_ZERO_PAGE
		                                         : ev->op == OP_GUEST_PSC;
		uint64_t gpa = ev->args[0] & ~(uint64_t)(PAGE_SIZE - 1);
		if (touches && !in_scope(pages, n, gpa))
			pages[n++] = gpa;
	}
	return n;
}

static struct trace_step rmpupdate(uint64_t spa, bool assigned, uint32_t asid, uint64_t gpa)
{
	struct trace_step st = { .action = T_RMPUPDATE };
	st.rmpupdate.spa = spa;
	st.rmpupdate.u = (struct rmp_update){ .assigned = assigned, .asid = asid, .gpa = gpa };
	return st;
}

static void hv_moves(struct menu_build *mb, const struct model *m, const uint64_t *pages,
                     unsigned n)
{
	const struct sim *s = m->s;
	uint64_t secret = npt_lookup(&s->m, sim_layout(s)->secrets_gpa);
	for (unsigned i = 0; i < n; i++) {
		uint64_t t = pages[i], spa = npt_lookup(&s->m, t);
		if (secret != NPT_UNMAPPED && secret != spa) {
			add(mb, rmpupdate(secret, true, s->m.asid, t), MOVE_HV,
			    "hv: rmpupdate SPA 0x%" PRIx64 " (secrets) -> GPA 0x%" PRIx64, secret, t);
			add(mb, (struct trace_step){ .action = T_MAP, .map = { t, secret } }, MOVE_HV,
			    "hv: map GPA 0x%" PRIx64 " -> SPA 0x%" PRIx64 " (secrets)", t, secret);
		}
		uint64_t other = n > 1 ? npt_lookup(&s->m, pages[(i + 1) % n]) : NPT_UNMAPPED;
		if (other != NPT_UNMAPPED && other != secret)
			add(mb, (struct trace_step){ .action = T_MAP, .map = { t, other } }, MOVE_HV,
			    "hv: map GPA 0x%" PRIx64 " -> SPA 0x%" PRIx64 " (GPA 0x%" PRIx64 "'s page)",
			    t, other, pages[(i + 1) % n]);
		if (spa == NPT_UNMAPPED)
			continue;
		add(mb, rmpupdate(spa, true, s->m.asid, t), MOVE_HV,
		    "hv: rmpupdate SPA 0x%" PRIx64 " -> GPA 0x%" PRIx64 " (drops validated)", spa, t);
		add(mb, rmpupdate(spa, false, 0, 0), MOVE_HV,
		    "hv: rmpupdate SPA 0x%" PRIx64 " shared (takes it from the guest)", spa);
		add(mb, (struct trace_step){ .action = T_UNMAP, .map = { .gpa = t } }, MOVE_HV,
		    "hv: unmap GPA 0x%" PRIx64, t);
	}
}

/* The guest (vCPU 0) reading each page of the scope, and writing its mark into it. */
static void guest_moves(struct menu_build *mb, const uint64_t *pages, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		add(mb, (struct trace_step){ .action = T_READ, .mem = { pages[i], NULL, GUEST_READ_LEN } },
		    MOVE_GUEST, "guest: reads %d bytes at GPA 0x%" PRIx64, GUEST_READ_LEN, pages[i]);
	for (unsigned i = 0; i < n; i++)
		add(mb, (struct trace_step){ .action = T_WRITE,
		                             .mem = { pages[i], (uint8_t *)guest_mark, sizeof(guest_mark) } },
		    MOVE_GUEST, "guest: writes \"guest!!!\" at GPA 0x%" PRIx64, pages[i]);
}

unsigned model_moves_at(const struct model *m, struct move *out, unsigned max)
{
	struct menu_build mb = { m->s, out, 0, max };
	uint64_t pages[SCOPE_PAGES];
	unsigned n = scope_pages(m, pages);
	vcpu_moves(&mb, m);
	program_moves(&mb, m);
	hv_moves(&mb, m, pages, n);
	guest_moves(&mb, pages, n);
	return mb.n;
}
