/*
 * sim.h: the module running on the machine model.
 *
 * struct sim joins the machine, the module's state, the ghost owners of
 * guest pages and the record of what happened (trace and violations). The
 * HAL of the simulator (hal_sim.c) runs every HAL call against the machine,
 * checks its preconditions against the ghost state, and gives the
 * scheduler (sim->on_yield) a chance to act before the call takes effect.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "../../../explorer/machine/machine.h"
#include "../../svsm.h"

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

/*
 * The clauses a check may report, one per row of explorer/ghost/clauses.c.
 * A check names its clause by this number, not by a string, so it cannot
 * report a clause the table does not document (test_ghost.c checks the rows).
 */
enum clause_id {
	/* Preconditions of HAL calls. */
	CLAUSE_PAGE_PUBLIC_TO_VMPL,
	CLAUSE_GRANT_ONLY_GUEST_PAGES,
	CLAUSE_VMSA_CONTENTS_CHECKED,
	CLAUSE_VMSA_REVOKED_FIRST,
	CLAUSE_PVALIDATE_NO_DOUBLE,
	CLAUSE_RESCIND_ONLY_GUEST_PAGES,
	CLAUSE_GUEST_INPUT_READ_ONCE,
	CLAUSE_WRITE_ONLY_GUEST_PAGES,
	CLAUSE_CAA_IS_REGISTERED,
	CLAUSE_CAA_FROM_GUEST_PAGE,
	CLAUSE_VMSA_FROM_GUEST_PAGE,
	CLAUSE_MODULE_TAKES_GUEST_PAGE,
	CLAUSE_OWNER_TRANSFER,
	CLAUSE_LOCK_NOT_HELD,
	CLAUSE_UNLOCK_OWN_LOCK,
	/* Global invariants, checked after every step. */
	CLAUSE_CONFIDENTIALITY,
	CLAUSE_MODULE_INTEGRITY,
	CLAUSE_VMSA_SAFETY,
	CLAUSE_NO_DOUBLE_VALIDATION,
	/* Contracts of the guest-visible calls. */
	CLAUSE_PVALIDATE_REPORTS_UNCHANGED,
	CLAUSE_PVALIDATE_REJECTS_RESERVED,
	CLAUSE_PVALIDATE_REFUSES_BAD_LIST,
	CLAUSE_DELETE_VCPU_REMOVES_VMSA,
	CLAUSE_RESULT_CODE_DEFINED,
	CLAUSE_COUNT
};

/* A failed check: which clause, where, at which step. */
struct violation {
	enum violation_kind kind;
	const char *clause;       /* a name from explorer/ghost/clauses.c */
	char message[200];
	struct hal_site site;     /* the module call site (file NULL if none) */
	unsigned step;
	unsigned vcpu;
};

#define SIM_MAX_VIOLATIONS 64
#define SIM_MAX_EVENTS 4096
#define SIM_MAX_READS 64

/* What a call to the module looked like, for the contract checks. */
struct sim_call {
	bool active;
	unsigned vcpu;                        /* the module's CPU serving it */
	uint64_t rax, rcx, rdx, r8, r9;       /* inputs */
	uint64_t caa_gpa;                     /* the Calling Area the call came through */
	bool answered;                        /* the module cleared its call_pending */
	uint8_t request[PAGE_SIZE];           /* the page at RCX when the call began */
	bool request_valid;
	unsigned first_step;                  /* the call's first HAL event */
	struct {                              /* guest bytes read during the call */
		uint64_t gpa;
		uint32_t len;
	} reads[SIM_MAX_READS];
	unsigned nreads;
};

/* How the hypervisor answers the guest; honest unless a scenario says otherwise. */
struct sim;
typedef uint32_t (*sim_psc_fn)(struct sim *s, unsigned vcpu, uint64_t gpa, unsigned op, void *arg);
typedef void (*sim_yield_fn)(struct sim *s, const struct sim_event *ev, void *arg);
typedef bool (*sim_wait_fn)(struct sim *s, unsigned cpu, const hal_lock_t *lock, void *arg);

/* Ghost state that is not in the machine: owners, and breaches already reported. */
struct ghost_state {
	uint8_t owner[MACHINE_MAX_PAGES];     /* enum ghost_owner per GPA page */
	uint8_t breached[MACHINE_MAX_PAGES];  /* invariant bits broken per page, last check */
};

/* What the guest itself remembers. */
struct guest_state {
	uint64_t caa[MACHINE_MAX_VCPUS];      /* where each vCPU's Calling Area is */
};

struct sim {
	struct machine m;
	struct svsm sv;
	struct ghost_state ghost;
	struct guest_state guest;
	unsigned step;                       /* events so far */

	/* The record: the last SIM_MAX_EVENTS events, the one of step k at k % SIM_MAX_EVENTS. */
	struct sim_event events[SIM_MAX_EVENTS];
	struct violation violations[SIM_MAX_VIOLATIONS];
	unsigned nviolations;                /* counts past the array's end, too */
	struct sim_call calls[SVSM_MAX_VCPUS];  /* the call each module CPU is serving */

	/* The environment's hooks. */
	sim_yield_fn on_yield;               /* before every HAL call takes effect */
	void *yield_arg;
	sim_wait_fn wait;                    /* a CPU must wait for a lock: run others */
	void *wait_arg;
	sim_psc_fn psc;
	void *psc_arg;
	bool in_boot;
};

/* The platform's per-CPU handle that the module sees as struct hal_cpu. */
struct hal_cpu {
	struct sim *sim;
	unsigned index;
};

/* --- set up (sim.c) --- */
struct sim_config {
	struct machine_config machine;
	uint32_t bugs;            /* SVSM_BUG_BIT(...) */
};
/* Launch the machine and boot the module. 0 = ok, else -1 with *why. */
int sim_create(struct sim *s, const struct sim_config *cfg, const char **why);
void sim_destroy(struct sim *s);
/* The layout the launch chose (the same struct the module got). */
const struct svsm_params *sim_layout(const struct sim *s);

/*
 * Guest vCPU i asks for VMPL0: run the module's request handler on the
 * module CPU paired with its VMSA, then check the call's contract.
 * Returns the module CPU, or -1 if none serves this VMSA (nothing ran).
 */
int sim_enter_module(struct sim *s, unsigned vcpu);

/*
 * Whole-machine snapshot: machine, module and ghost state (not the record).
 * Taken between calls: the stacks of calls in flight cannot be saved, so a
 * restore abandons them (and the scheduler forgets them, sched_reset).
 */
struct sim_snapshot {
	struct machine_snapshot m;
	struct svsm sv;
	struct ghost_state ghost;
	struct guest_state guest;
};
int sim_snapshot(const struct sim *s, struct sim_snapshot *snap);
void sim_restore(struct sim *s, const struct sim_snapshot *snap);
void sim_snapshot_free(struct sim_snapshot *snap);
uint64_t sim_hash(const struct sim *s);

/* --- the record (sim.c) --- */
/* Append an event (its step is filled in) and check the invariants after it. */
void sim_record(struct sim *s, struct sim_event *ev);
/* The same for the guest's and the hypervisor's actions. */
void sim_record_env(struct sim *s, enum actor actor, unsigned vcpu, enum sim_op op,
                    uint64_t a0, uint64_t a1, uint64_t a2, struct hw_result out);
/* The event of a step, or NULL when it is in the future or no longer kept. */
const struct sim_event *sim_event_at(const struct sim *s, unsigned step);
/* Record a violation of clause; its name and kind are the clause table's. */
void sim_report(struct sim *s, enum clause_id clause, struct hal_site site, unsigned vcpu,
                const char *fmt, ...);
/* How many of the violations kept name clause. */
unsigned sim_fired(const struct sim *s, const char *clause);
const char *op_name(enum sim_op op);
const char *actor_name(enum actor a);
const char *owner_name(enum ghost_owner o);

#endif
