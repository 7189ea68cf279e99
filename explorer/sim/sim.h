/*
 * sim.h: the module running on the machine model.
 *
 * struct sim joins the machine, the module's state, the ghost owners of
 * guest pages and the record of what happened (trace and violations). The
 * HAL of the simulator (hal_sim.c) runs every HAL call against the machine,
 * checks its preconditions against the ghost state, and gives the
 * scheduler (sim->on_yield) a chance to act before the call takes effect.
 *
 * The simulator is above the checks (explorer/ghost/) and the record
 * (explorer/record/): it calls the checks with a struct ghost, its own
 * parts seen the way the checks need them (GHOST), and the checks never
 * see a struct sim.
 */
#ifndef SIM_SIM_H
#define SIM_SIM_H

#include <stdbool.h>
#include <stdint.h>

#include "../ghost/ghost.h"
#include "../ghost/race.h"
#include "../machine/machine.h"
#include "../record/record.h"
#include "../../svsm/svsm.h"

/* How the hypervisor answers the guest; honest unless a scenario says otherwise. */
struct sim;
typedef uint32_t (*sim_psc_fn)(struct sim *s, unsigned vcpu, uint64_t gpa, unsigned op, void *arg);
typedef void (*sim_yield_fn)(struct sim *s, const struct sim_event *ev, void *arg);
typedef bool (*sim_wait_fn)(struct sim *s, unsigned cpu, const hal_lock_t *lock, void *arg);

/* What the guest itself remembers (uint64_t fields only: it is hashed byte by byte). */
struct guest_state {
	uint64_t caa[MACHINE_MAX_VCPUS];      /* where each vCPU's Calling Area is */
	uint64_t remap_to[MACHINE_MAX_VCPUS]; /* the CAA a REMAP_CA in flight asks for, else 0 */
};

struct sim {
	struct machine m;
	struct svsm sv;
	struct ghost_state ghost;
	struct guest_state guest;
	struct record rec;                   /* the events and the violations */
	struct sim_call calls[SVSM_MAX_VCPUS];  /* the call each module CPU is serving */
	struct race race;                    /* the data-race check of the module's CPUs */

	/* The environment's hooks. */
	sim_yield_fn on_yield;               /* before every HAL call takes effect */
	void *yield_arg;
	sim_wait_fn wait;                    /* a CPU must wait for a lock: run others */
	void *wait_arg;
	sim_psc_fn psc;
	void *psc_arg;
	bool in_boot;
	bool invariants_deferred;            /* sim_defer_invariants */
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
/*
 * The same, but of the machine only what changed is put back: the
 * machine's WATCH_RESTORE set must have been cleared when s was last
 * equal to snap (machine_restore_changed). How check goes back to its
 * start at every execution.
 */
void sim_restore_changed(struct sim *s, const struct sim_snapshot *snap);
void sim_snapshot_free(struct sim_snapshot *snap);
uint64_t sim_hash(const struct sim *s);
/*
 * h with what a state holds besides the machine and the module folded in:
 * the ghost owners and the guest's side. sim_hash ends with it, and so
 * does check's faster fingerprint, so that a field added there counts in both.
 */
uint64_t sim_hash_outside(uint64_t h, const struct sim *s);

/* --- the record (sim.c) --- */
/* Append an event to s->rec (its step is filled in) and check the invariants after it. */
void sim_record(struct sim *s, struct sim_event *ev);
/*
 * Judge the invariants after each event (defer false, the default), or not
 * until deferring ends (true): a search replaying a path it has judged
 * before. Ending it judges them once, over everything changed since.
 */
void sim_defer_invariants(struct sim *s, bool defer);
/* The same for the guest's and the hypervisor's actions. */
void sim_record_env(struct sim *s, enum actor actor, unsigned vcpu, enum sim_op op,
                    uint64_t a0, uint64_t a1, uint64_t a2, struct hw_result out);
/* The parts of s the checks read and write, as they see them (a pointer for one call). */
#define GHOST(s) (&(struct ghost){ &(s)->m, &(s)->ghost, (s)->calls, &(s)->rec, &(s)->sv })

#endif
