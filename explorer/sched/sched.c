/*
 * sched.c: coroutines, one stack per vCPU (switch.c moves between them).
 *
 * The module does not know it runs on a coroutine: the simulator's HAL
 * calls sim->on_yield before each call takes effect, and this file's
 * yield() switches from there back to whoever called sched_step(). When
 * a lock is held by another vCPU, the simulator calls sim->wait, and the
 * vCPU parks as BLOCKED until the lock is free.
 */
#include <stdlib.h>
#include <string.h>

#include "sched.h"

/*
 * AddressSanitizer must be told about every switch of stacks: the stack
 * being entered (bottom, size), and on arrival where we came from. A
 * stack begun afresh must be forgotten too: the frames of the call that
 * ran there last never returned, and their red zones are still marked
 * (swapcontext's interceptor did this, the switch of switch.c cannot).
 */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define START_SWITCH(save, bottom, size) __sanitizer_start_switch_fiber(save, bottom, size)
#define FINISH_SWITCH(save, from_bottom, from_size) \
	__sanitizer_finish_switch_fiber(save, from_bottom, from_size)
#define FORGET_STACK(bottom, size) __asan_unpoison_memory_region(bottom, size)
#else
#define START_SWITCH(save, bottom, size) ((void)(save), (void)(bottom), (void)(size))
#define FINISH_SWITCH(save, from_bottom, from_size) \
	((void)(save), (void)(from_bottom), (void)(from_size))
#define FORGET_STACK(bottom, size) ((void)(bottom), (void)(size))
#endif

/* From the scheduler onto vCPU v's stack, until it pauses or finishes. */
static void enter(struct sched *sc, unsigned v)
{
	void *fake = NULL;
	sc->running = (int)v;
	START_SWITCH(&fake, sc->v[v].stack, SCHED_STACK_SIZE);
	sched_ctx_switch(&sc->main, &sc->v[v].ctx);
	FINISH_SWITCH(fake, NULL, NULL);
	sc->running = -1;
}

/*
 * From vCPU v's stack back to the scheduler; returns when it is resumed.
 * A coroutine that leaves for good tells the sanitizer so (no fake stack).
 */
static void leave(struct sched *sc, unsigned v, bool for_good)
{
	void *fake = NULL;
	START_SWITCH(for_good ? NULL : &fake, sc->main_bottom, sc->main_size);
	sched_ctx_switch(&sc->v[v].ctx, &sc->main);
	FINISH_SWITCH(fake, &sc->main_bottom, &sc->main_size);
}

static void yield(struct sim *s, const struct sim_event *ev, void *arg)
{
	struct sched *sc = arg;
	(void)s;
	if (sc->running < 0)
		return;   /* a call made outside any coroutine runs straight through */
	unsigned v = (unsigned)sc->running;
	sc->v[v].next = *ev;
	sc->v[v].state = SCHED_PAUSED;
	if (sc->on_pause)
		sc->on_pause(sc, v, ev, sc->pause_arg);
	leave(sc, v, false);
}

static bool wait(struct sim *s, unsigned cpu, const hal_lock_t *lock, void *arg)
{
	struct sched *sc = arg;
	(void)s;
	(void)cpu;
	if (sc->running < 0)
		return false;   /* nobody else can run: the simulator reports a deadlock */
	unsigned v = (unsigned)sc->running;
	sc->v[v].state = SCHED_BLOCKED;
	sc->v[v].waiting = lock;
	leave(sc, v, false);
	sc->v[v].waiting = NULL;
	return true;
}

/*
 * The body of a coroutine: serve one call. It takes no arguments (as
 * makecontext's portable form), so the scheduler is found through a file-level pointer set just before
 * the first switch onto the new stack.
 */
static struct sched *starting;

static void body(void)
{
	struct sched *sc = starting;
	unsigned v = (unsigned)sc->running;
	FINISH_SWITCH(NULL, &sc->main_bottom, &sc->main_size);
	sim_enter_module(sc->s, v);
	sc->v[v].state = SCHED_DONE;
	leave(sc, v, true);
}

int sched_init(struct sched *sc, struct sim *s)
{
	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	sc->running = -1;
	for (unsigned v = 0; v < MACHINE_MAX_VCPUS; v++) {
		sc->v[v].stack = malloc(SCHED_STACK_SIZE);
		if (!sc->v[v].stack) {
			sched_free(sc);
			return -1;
		}
	}
	s->on_yield = yield;
	s->yield_arg = sc;
	s->wait = wait;
	s->wait_arg = sc;
	return 0;
}

void sched_free(struct sched *sc)
{
	for (unsigned v = 0; v < MACHINE_MAX_VCPUS; v++) {
		free(sc->v[v].stack);
		sc->v[v].stack = NULL;
	}
	if (sc->s && sc->s->yield_arg == sc) {
		sc->s->on_yield = NULL;
		sc->s->wait = NULL;
	}
}

void sched_reset(struct sched *sc)
{
	for (unsigned v = 0; v < MACHINE_MAX_VCPUS; v++) {
		sc->v[v].state = SCHED_IDLE;
		sc->v[v].waiting = NULL;
	}
	sc->running = -1;
}

int sched_start(struct sched *sc, unsigned vcpu, uint32_t protocol, uint32_t call,
                const struct guest_args *in)
{
	if (vcpu >= MACHINE_MAX_VCPUS || sc->v[vcpu].state != SCHED_IDLE || sc->running >= 0)
		return -1;
	if (guest_call_begin(sc->s, vcpu, protocol, call, in) != 0)
		return -1;
	struct sched_vcpu *v = &sc->v[vcpu];
	FORGET_STACK(v->stack, SCHED_STACK_SIZE);
	sched_ctx_make(&v->ctx, v->stack, SCHED_STACK_SIZE, body);   /* body never returns */
	starting = sc;
	enter(sc, vcpu);
	return 0;
}

bool sched_runnable(const struct sched *sc, unsigned vcpu)
{
	if (vcpu >= MACHINE_MAX_VCPUS)
		return false;
	const struct sched_vcpu *v = &sc->v[vcpu];
	return v->state == SCHED_PAUSED ||
	       (v->state == SCHED_BLOCKED && v->waiting->holder == 0);
}

int sched_step(struct sched *sc, unsigned vcpu)
{
	if (!sched_runnable(sc, vcpu) || sc->running >= 0)
		return -1;
	enter(sc, vcpu);
	return (int)sc->v[vcpu].state;
}

const struct sim_event *sched_next(const struct sched *sc, unsigned vcpu)
{
	if (vcpu >= MACHINE_MAX_VCPUS || sc->v[vcpu].state != SCHED_PAUSED)
		return NULL;
	return &sc->v[vcpu].next;
}

int sched_finish(struct sched *sc, unsigned vcpu, struct guest_result *out)
{
	if (vcpu >= MACHINE_MAX_VCPUS || sc->v[vcpu].state != SCHED_DONE)
		return -1;
	memset(out, 0, sizeof(*out));
	guest_call_end(sc->s, vcpu, out);
	sc->v[vcpu].state = SCHED_IDLE;
	return 0;
}

int sched_run_to_end(struct sched *sc, unsigned vcpu, struct guest_result *out)
{
	while (sched_runnable(sc, vcpu))
		sched_step(sc, vcpu);
	return sched_finish(sc, vcpu, out);
}
