/*
 * switch.h: moving the CPU from one stack to another.
 *
 * glibc's swapcontext saves and restores the signal mask at every switch,
 * a system call each time; a HAL call takes two switches (out to the
 * scheduler and back), and those system calls were half of what
 * `svsmlab check` spent. On x86-64 a switch here is a few instructions
 * (switch.c); elsewhere it is swapcontext, as before.
 */
#ifndef SCHED_SWITCH_H
#define SCHED_SWITCH_H

#include <stddef.h>

#if defined(__x86_64__)
/* The stack pointer of a stopped stack: everything else was pushed on it. */
struct sched_ctx {
	void *sp;
};
#else
#include <ucontext.h>
struct sched_ctx {
	ucontext_t uc;
};
#endif

/* A context that runs fn on stack[0..size) when first switched to; fn must never return. */
void sched_ctx_make(struct sched_ctx *c, void *stack, size_t size, void (*fn)(void));
/* Save where we are in from and go on where to was saved. */
void sched_ctx_switch(struct sched_ctx *from, struct sched_ctx *to);

#endif
