/*
 * trap.S: every way into the module from the guest, and the way back.
 *
 * Each vector's stub makes the stack look the same (an error code, 0 if
 * the CPU pushed none, then the vector number) and joins trap_common,
 * which saves the general registers under them: together they are a
 * struct qemu_frame (frame.h). qemu_trap() may change the frame; the
 * registers are then restored from it and iretq returns to the guest.
 * qemu_enter() starts the guest the same way, from a frame built in C.
 */
#include "layout.h"

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERROR(v) ((v) == 8 || (v) == 10 || (v) == 11 || (v) == 12 || (v) == 13 || \
                      (v) == 14 || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

	.macro stub v
	.text
stub_\v:
	.ifeq HAS_ERROR(\v)
	push $0
	.endif
	push $\v
	jmp trap_common
	.section .rodata
	.quad stub_\v
	.endm

	.section .rodata
	.balign 8
	.globl qemu_trap_stubs
qemu_trap_stubs:                        /* vectors 0..31, then the four of layout.h */
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	stub \v
	.endr
	stub QEMU_VEC_VMGEXIT
	stub QEMU_VEC_HYPERCALL
	stub QEMU_VEC_TIMER
	stub QEMU_VEC_SPURIOUS

	.text
trap_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, %rdi
	cld
	call qemu_trap
restore:
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp                   /* vector and error code */
	iretq

	.globl qemu_enter
qemu_enter:                             /* (struct qemu_frame *): never returns */
	mov %rdi, %rsp
	jmp restore
