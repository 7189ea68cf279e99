/*
 * frame.h: the guest's registers as trap.S saves them on a trap, and
 * the entry points between C and trap.S.
 */
#ifndef QEMU_FRAME_H
#define QEMU_FRAME_H

#include <stdint.h>

/* In the order trap.S pushes them, lowest address first. */
struct qemu_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;   /* what the CPU pushed */
};

/*
 * The stubs' addresses: vectors 0..31, QEMU_VEC_VMGEXIT, QEMU_VEC_HYPERCALL,
 * QEMU_VEC_TIMER, QEMU_VEC_SPURIOUS.
 */
extern const uint64_t qemu_trap_stubs[36];

/* Called by trap.S for every trap; returns into the frame as it leaves it. */
void qemu_trap(struct qemu_frame *f);
/* Load the registers of f and return to the guest. */
_Noreturn void qemu_enter(struct qemu_frame *f);

#endif
