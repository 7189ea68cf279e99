/*
 * entry.S: the guest kernel's first instructions. The platform starts it
 * in ring 3 at the RIP of its VMSA, with no stack: it takes its own. RDI
 * (QEMU_GUEST_*: what to do) is passed on to guest_main.
 */
#include "../layout.h"

	.section .bss
	.balign 16
stack:	.skip 16384
stack_top:

	.section .text.entry, "ax"
	.globl _start
_start:
	lea stack_top(%rip), %rsp
	call guest_main
	mov %eax, %edi                  /* guest_main's status: 0 passed */
	mov $QEMU_HC_EXIT, %eax
	int $QEMU_VEC_HYPERCALL

	/*
	 * qguest_vmgexit(struct qguest_regs *r): load the calling
	 * convention's registers from r, VMGEXIT, store what comes back.
	 */
	.text
	.globl qguest_vmgexit
qguest_vmgexit:
	push %rdi
	mov 0(%rdi), %rax
	mov 8(%rdi), %rcx
	mov 16(%rdi), %rdx
	mov 24(%rdi), %r8
	mov 32(%rdi), %r9
	int $QEMU_VEC_VMGEXIT
	pop %rdi
	mov %rax, 0(%rdi)
	mov %rcx, 8(%rdi)
	mov %rdx, 16(%rdi)
	mov %r8, 24(%rdi)
	ret

	/* qguest_hypercall(nr, rdi, rsi): the console and the exit. */
	.globl qguest_hypercall
qguest_hypercall:
	mov %rdi, %rax
	mov %rsi, %rdi
	mov %rdx, %rsi
	int $QEMU_VEC_HYPERCALL
	ret
