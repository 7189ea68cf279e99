/*
 * record.h: what happened in a run, as the layers above the machine write
 * it down: each event (a HAL call of the module, an action of the guest
 * or of the hypervisor) and each failed check (a violation).
 *
 * The record is below the checks (explorer/ghost/, which report into it)
 * and the simulator (explorer/sim/, which appends the events); everything
 * that shows a run (traces, reports, the explorer, dot, gdb) reads it.
 */
#ifndef RECORD_RECORD_H
#define RECORD_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "../../svsm/hal.h"

/* Who acted in an event. */
enum actor { ACTOR_MODULE, ACTOR_GUEST, ACTOR_HV, ACTOR_COUNT };

/* What happened, as the trace names it. Arguments are in sim_event.args. */
enum sim_op {
	/* The module's HAL calls. */
	OP_PVALIDATE,        /* gpa, size, validate */
	OP_RMPADJUST,        /* gpa, size, attrs */
	OP_READ_GUEST,       /* gpa, len */
	OP_WRITE_GUEST,      /* gpa, len */
	OP_ZERO_PAGE,        /* gpa */
	OP_VMSA_READ,        /* vmsa gpa, offset, len */
	OP_VMSA_WRITE,       /* vmsa gpa, offset, len */
	OP_CAA_READ_PENDING, /* caa gpa */
	OP_CAA_CLEAR_PENDING,/* caa gpa */
	OP_LOCK,             /* holder before */
	OP_UNLOCK,           /* holder before */
	OP_GHOST_OWN,        /* gpa, new owner */
	/* The guest (explorer/guest/). */
	OP_GUEST_CALL,       /* rax (protocol << 32 | call), rcx, rdx */
	OP_GUEST_RESULT,     /* rax (result), rcx, rdx; out.rc = 1 if served */
	OP_GUEST_READ,       /* gpa, len */
	OP_GUEST_WRITE,      /* gpa, len */
	OP_GUEST_PSC,        /* gpa, op; out.rc = the hypervisor's error */
	OP_GUEST_START_VCPU, /* vcpu, vmsa gpa, caa gpa; out.rc = 0 if started */
	/* The hypervisor (explorer/hv/). */
	OP_HV_RMPUPDATE,     /* spa, gpa, RMPUPDATE_FLAGS(); out.rc = return code */
	OP_HV_PSMASH,        /* spa; out.rc = return code */
	OP_HV_MAP,           /* gpa, spa */
	OP_HV_UNMAP,         /* gpa */
	OP_HV_READ,          /* spa, len */
	OP_HV_WRITE,         /* spa, len */
	OP_COUNT
};

/* RMPUPDATE's other fields packed into one trace argument. */
#define RMPUPDATE_FLAGS(u) \
	((uint64_t)(u)->assigned | (uint64_t)(u)->immutable << 1 | \
	 (uint64_t)(u)->page_size << 2 | (uint64_t)(u)->asid << 8)

/* One event: a HAL call of the module, or an action of the guest or hypervisor. */
struct sim_event {
	unsigned step;
	uint8_t actor;            /* enum actor */
	unsigned vcpu;
	enum sim_op op;
	uint64_t args[3];
	struct hal_site site;     /* the module's call site; file NULL for others */
	struct hw_result out;
};

enum violation_kind { VIOLATION_PRECONDITION, VIOLATION_INVARIANT, VIOLATION_CONTRACT };

/* A failed check: which clause, where, at which step. */
struct violation {
	enum violation_kind kind;
	const char *clause;       /* a name from explorer/ghost/clauses.c */
	char message[200];
	struct hal_site site;     /* the module call site (file NULL if none) */
	unsigned step;
	unsigned vcpu;
};

#define RECORD_MAX_VIOLATIONS 64
#define RECORD_MAX_EVENTS 4096

/* The last RECORD_MAX_EVENTS events (the one of step k at k % RECORD_MAX_EVENTS), and the violations. */
struct record {
	unsigned step;                       /* events so far */
	struct sim_event events[RECORD_MAX_EVENTS];
	struct violation violations[RECORD_MAX_VIOLATIONS];
	unsigned nviolations;                /* counts past the array's end, too */
};

/* Append an event; its step is filled in. */
void record_event(struct record *r, struct sim_event *ev);
/* The event of a step, or NULL when it is in the future or no longer kept. */
const struct sim_event *record_event_at(const struct record *r, unsigned step);
/*
 * A failed check, at the current step: the violation to write the message
 * into, or NULL when RECORD_MAX_VIOLATIONS are kept already (it is counted).
 */
struct violation *record_violation(struct record *r, enum violation_kind kind,
                                   const char *clause, struct hal_site site, unsigned vcpu);
/* How many of the violations kept name clause. */
unsigned record_fired(const struct record *r, const char *clause);

const char *op_name(enum sim_op op);
const char *actor_name(enum actor a);

#endif
