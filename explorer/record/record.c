/*
 * record.c: appending events and violations, and finding them again.
 */
#include <stdio.h>
#include <string.h>

#include "record.h"

void record_event(struct record *r, struct sim_event *ev)
{
	ev->step = r->step;
	r->events[r->step % RECORD_MAX_EVENTS] = *ev;
	r->step++;
}

const struct sim_event *record_event_at(const struct record *r, unsigned step)
{
	if (step >= r->step || r->step - step > RECORD_MAX_EVENTS)
		return NULL;
	return &r->events[step % RECORD_MAX_EVENTS];
}

unsigned record_fired(const struct record *r, const char *clause)
{
	unsigned n = 0;
	unsigned kept = r->nviolations < RECORD_MAX_VIOLATIONS ? r->nviolations
	                                                       : RECORD_MAX_VIOLATIONS;
	for (unsigned i = 0; i < kept; i++)
		n += strcmp(r->violations[i].clause, clause) == 0;
	return n;
}

struct violation *record_violation(struct record *r, enum violation_kind kind,
                                   const char *clause, struct hal_site site, unsigned vcpu)
{
	unsigned n = r->nviolations++;
	if (n >= RECORD_MAX_VIOLATIONS)
		return NULL;
	struct violation *v = &r->violations[n];
	v->kind = kind;
	v->clause = clause;
	v->site = site;
	v->step = r->step;
	v->vcpu = vcpu;
	v->message[0] = '\0';
	return v;
}

const char *op_name(enum sim_op op)
{
	static const char *const names[OP_COUNT] = {
		"pvalidate", "rmpadjust", "read_guest", "write_guest", "zero_page",
		"vmsa_read", "vmsa_write", "caa_read_pending", "caa_clear_pending",
		"lock", "unlock", "ghost_own",
		"call", "result", "read", "write", "psc", "start_vcpu",
		"rmpupdate", "psmash", "map", "unmap", "read", "write",
	};
	return op < OP_COUNT ? names[op] : "?";
}

const char *actor_name(enum actor a)
{
	static const char *const names[ACTOR_COUNT] = { "module", "guest", "hv" };
	return a < ACTOR_COUNT ? names[a] : "?";
}
