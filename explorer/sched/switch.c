/*
 * switch.c: the switch between stacks (switch.h says why not swapcontext).
 *
 * On x86-64 a stopped stack holds, from its stack pointer up: the SSE and
 * x87 control words, the registers the System V ABI has a callee keep
 * (r15, r14, r13, r12, rbx, rbp), and the address to go on at. A switch
 * pushes those onto the current stack, keeps its stack pointer, loads the
 * other's and pops them: what a function call would have preserved is
 * preserved, the rest the compiler already saved around the call.
 */
#include <stdint.h>

#include "switch.h"

#if defined(__x86_64__)

__asm__(
	".text\n"
	".globl sched_ctx_switch\n"
	".type sched_ctx_switch, @function\n"
	"sched_ctx_switch:\n"          /* rdi = from, rsi = to; sp is their first field */
	"	pushq %rbp\n"
	"	pushq %rbx\n"
	"	pushq %r12\n"
	"	pushq %r13\n"
	"	pushq %r14\n"
	"	pushq %r15\n"
	"	subq $8, %rsp\n"
	"	stmxcsr (%rsp)\n"
	"	fnstcw 4(%rsp)\n"
	"	movq %rsp, (%rdi)\n"
	"	movq (%rsi), %rsp\n"
	"	ldmxcsr (%rsp)\n"
	"	fldcw 4(%rsp)\n"
	"	addq $8, %rsp\n"
	"	popq %r15\n"
	"	popq %r14\n"
	"	popq %r13\n"
	"	popq %r12\n"
	"	popq %rbx\n"
	"	popq %rbp\n"
	"	ret\n"
	".size sched_ctx_switch, .-sched_ctx_switch\n"
	".section .note.GNU-stack,\"\",@progbits\n"
	".text\n");

#define MXCSR_DEFAULT 0x1f80u    /* the ABI's initial control words */
#define FPUCW_DEFAULT 0x037fu

/*
 * The new stack looks as if fn's caller had just been switched away from:
 * zeroed registers, fn as the address to go on at, and above it a null
 * return address for fn (which never returns), placed so that fn starts
 * with the stack aligned as a call leaves it.
 */
void sched_ctx_make(struct sched_ctx *c, void *stack, size_t size, void (*fn)(void))
{
	uint64_t *top = (uint64_t *)(((uintptr_t)stack + size) & ~(uintptr_t)15);
	top[-1] = 0;
	top[-2] = (uint64_t)(uintptr_t)fn;
	for (int i = 3; i <= 8; i++)
		top[-i] = 0;
	top[-9] = MXCSR_DEFAULT | (uint64_t)FPUCW_DEFAULT << 32;
	c->sp = &top[-9];
}

#else

void sched_ctx_make(struct sched_ctx *c, void *stack, size_t size, void (*fn)(void))
{
	getcontext(&c->uc);
	c->uc.uc_stack.ss_sp = stack;
	c->uc.uc_stack.ss_size = size;
	c->uc.uc_link = NULL;
	makecontext(&c->uc, fn, 0);
}

void sched_ctx_switch(struct sched_ctx *from, struct sched_ctx *to)
{
	swapcontext(&from->uc, &to->uc);
}

#endif
