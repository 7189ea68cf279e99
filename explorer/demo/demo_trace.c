/*
 * demo_trace.c: the attack of bug 1, built as a trace for the explorer.
 *
 * The steps are found by carrying them out: a module call takes as many
 * steps as it makes HAL calls, which depends on the bugs switched on, so
 * the builder runs the module and records a step for each HAL call it
 * makes rather than counting them by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "demo_trace.h"
#include "../../svsm/lib/mem.h"

#define TARGET_GPA  0x20000   /* the guest page the attack aims at */
#define REQUEST_GPA 0x9000    /* where the guest builds its PVALIDATE requests */
#define VCPU        0

struct recorder {
	struct sim *s;
	struct sched sc;
	struct trace *t;
	const char *failed;       /* why the recording stopped, or NULL */
};

/* Carry a step out and append it; after a failure, do nothing. */
static void record(struct recorder *r, struct trace_step st)
{
	char why[128];
	if (r->failed)
		return;
	if (trace_push(r->t, &st) != 0)
		r->failed = "out of memory";
	else if (trace_apply(&r->sc, &st, why, sizeof(why)) != 0)
		r->failed = "a step of the demo could not be carried out";
}

/* guest_pvalidate() of one page, as steps: the module stepped to its answer. */
static void pvalidate_target(struct recorder *r, bool validate)
{
	uint8_t req[PVREQ_HEADER_SIZE + PVREQ_ENTRY_SIZE] = { 0 };
	store_le16(req + PVREQ_ENTRIES, 1);
	store_le64(req + PVREQ_HEADER_SIZE, PVENTRY(TARGET_GPA, PSIZE_4K, validate, false));
	record(r, (struct trace_step){ .action = T_WRITE, .vcpu = VCPU,
	                               .mem = { REQUEST_GPA, req, sizeof(req) } });
	record(r, (struct trace_step){ .action = T_CALL, .vcpu = VCPU,
	                               .call = { SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE,
	                                         { .rcx = REQUEST_GPA } } });
	while (!r->failed && sched_runnable(&r->sc, VCPU))
		record(r, (struct trace_step){ .action = T_STEP, .vcpu = VCPU });
	record(r, (struct trace_step){ .action = T_FINISH, .vcpu = VCPU });
	/* The guest looks at the request's `next`, as guest_pvalidate() does. */
	record(r, (struct trace_step){ .action = T_READ, .vcpu = VCPU,
	                               .mem = { REQUEST_GPA, NULL, PVREQ_HEADER_SIZE } });
}

static void psc(struct recorder *r, unsigned op)
{
	record(r, (struct trace_step){ .action = T_PSC, .vcpu = VCPU,
	                               .psc = { TARGET_GPA, op } });
}

/* The hypervisor's answer to "make TARGET_GPA private": the secrets page instead. */
static void rebind_secret(struct recorder *r)
{
	uint64_t secret = npt_lookup(&r->s->m, sim_layout(r->s)->secrets_gpa);
	struct rmp_update u = { .assigned = true, .asid = r->s->m.asid, .gpa = TARGET_GPA };
	record(r, (struct trace_step){ .action = T_RMPUPDATE, .rmpupdate = { secret, u } });
	record(r, (struct trace_step){ .action = T_MAP, .map = { TARGET_GPA, secret } });
}

int demo_trace(struct trace *t, uint32_t bugs, const char **why)
{
	struct recorder r = { .t = t };
	memset(t, 0, sizeof(*t));
	t->cfg.bugs = bugs;
	t->vcpus = 1;
	r.s = malloc(sizeof(*r.s));   /* large: keep it off the stack */
	if (!r.s) {
		*why = "out of memory";
		return -1;
	}
	if (sim_create(r.s, &t->cfg, why) != 0) {
		free(r.s);
		return -1;
	}
	if (sched_init(&r.sc, r.s) != 0)
		r.failed = "out of memory";

	pvalidate_target(&r, false);
	psc(&r, GHCB_PSC_SHARED);
	psc(&r, GHCB_PSC_PRIVATE);
	rebind_secret(&r);
	pvalidate_target(&r, true);
	record(&r, (struct trace_step){ .action = T_READ, .vcpu = VCPU,
	                                .mem = { TARGET_GPA + SECRETS_VMPCK(0), NULL, 24 } });

	if (!r.failed && r.s->rec.nviolations > 0) {
		const char *clause = r.s->rec.violations[0].clause;
		snprintf(t->expect, sizeof(t->expect), "%s", clause);
	}
	sched_free(&r.sc);
	sim_destroy(r.s);
	free(r.s);
	if (r.failed) {
		*why = r.failed;
		trace_free(t);
		return -1;
	}
	return 0;
}
