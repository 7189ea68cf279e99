/*
 * sched.h: the module's vCPUs as coroutines.
 *
 * A guest call started with sched_start() runs the module on a stack of
 * its own until the module's first HAL call, and stops there, before the
 * call takes effect. Each sched_step() lets that one HAL call take effect
 * and runs the module to its next HAL call (or to the end of the call).
 * Between steps, anyone may act: another vCPU's module, the guest, the
 * hypervisor. That is how every interleaving of the module's hardware
 * steps with everything else can be produced, one at a time, and replayed
 * exactly: the same sequence of steps gives the same run.
 *
 * A coroutine is never saved or copied: to go back, restore a snapshot
 * taken while no call was in flight and replay the steps (sched_reset()
 * abandons calls in flight).
 */
#ifndef SCHED_SCHED_H
#define SCHED_SCHED_H

#include "switch.h"
#include "../guest/guest.h"

#define SCHED_STACK_SIZE (256 * 1024)

enum sched_state {
	SCHED_IDLE,      /* no call in flight on this vCPU */
	SCHED_PAUSED,    /* stopped before a HAL call (sched_next() says which) */
	SCHED_BLOCKED,   /* waiting for a lock another vCPU holds */
	SCHED_DONE,      /* the module has answered; sched_finish() collects it */
};

struct sched_vcpu {
	enum sched_state state;
	struct sched_ctx ctx;
	uint8_t *stack;
	struct sim_event next;       /* the HAL call it stopped before */
	const hal_lock_t *waiting;   /* the lock, when BLOCKED */
};

struct sched {
	struct sim *s;
	struct sched_ctx main;
	const void *main_bottom;     /* the scheduler's stack, for the sanitizer */
	size_t main_size;
	int running;                 /* the vCPU on its own stack now, or -1 */
	struct sched_vcpu v[MACHINE_MAX_VCPUS];
	/* Called at every pause with the HAL call about to happen (may be NULL). */
	void (*on_pause)(struct sched *sc, unsigned vcpu, const struct sim_event *next, void *arg);
	void *pause_arg;
};

/* Takes over s->on_yield and s->wait. 0, or -1 when out of memory. */
int sched_init(struct sched *sc, struct sim *s);
void sched_free(struct sched *sc);
/* Forget every call in flight (after sim_restore to a state without any). */
void sched_reset(struct sched *sc);

/*
 * Guest vCPU vcpu makes an SVSM call; the module runs to its first HAL
 * call. 0, or -1 if the vCPU is busy or cannot call (see guest_call_begin).
 */
int sched_start(struct sched *sc, unsigned vcpu, uint32_t protocol, uint32_t call,
                const struct guest_args *in);
/* Can vCPU vcpu take a step now (paused, or blocked on a lock now free)? */
bool sched_runnable(const struct sched *sc, unsigned vcpu);
/* One step of vCPU vcpu's module; returns its state after. -1 if not runnable. */
int sched_step(struct sched *sc, unsigned vcpu);
/* The HAL call vCPU vcpu is stopped before, or NULL. */
const struct sim_event *sched_next(const struct sched *sc, unsigned vcpu);
/* The guest collects the answer of a DONE call; the vCPU is IDLE again. */
int sched_finish(struct sched *sc, unsigned vcpu, struct guest_result *out);
/* Run vCPU vcpu's call to its end, stepping only it (a call without interleaving). */
int sched_run_to_end(struct sched *sc, unsigned vcpu, struct guest_result *out);

#endif
