/*
 * run.c: the guest's vCPU 0, and where each of its traps goes.
 *
 * The guest runs in ring 3 until it traps. From ring 3 the module sees
 * four kinds of trap: VMGEXIT (an SVSM call: world.c), a hypercall (the
 * console and the end of the run: hypercall.c), the timer's tick while
 * gdb is served (timer.c), and an exception, which ends the run with a
 * report (fault.c), unless it is gdb's single step or breakpoint
 * (gdb_stub.c). After each trap the stub looks for gdb's Ctrl-C: the
 * tick makes sure there is one every 1/QEMU_TIMER_HZ s, whatever the
 * guest does. A trap from ring 0 is the module's own fault.
 */
#include "cpu.h"
#include "console.h"
#include "frame.h"
#include "gdb_stub.h"
#include "layout.h"
#include "run.h"
#include "timer.h"
#include "trap.h"

#define RFLAGS_RESERVED 0x2
#define RFLAGS_IF       0x200

struct svsm qemu_svsm;

void qemu_trap(struct qemu_frame *f)
{
	if ((f->cs & 3) == 0) {
		qemu_put_hex("svsm: trap in the module: vector ", f->vector);
		qemu_put_hex(" error ", f->error);
		qemu_put_hex(" rip ", f->rip);
		qemu_put_hex(" cr2 ", qemu_trap_cr2());
		qemu_panic("");
	}
	if (qemu_gdb_attached() && qemu_gdb_trap(f))
		return;
	switch (f->vector) {
	case QEMU_VEC_VMGEXIT:
		qemu_world_switch(f);
		break;
	case QEMU_VEC_HYPERCALL:
		qemu_hypercall(f);
		break;
	case QEMU_VEC_TIMER:
	case QEMU_VEC_SPURIOUS:
		break;   /* a moment to look for Ctrl-C, below */
	default:
		qemu_guest_fault(f);
	}
	if (qemu_gdb_attached() && qemu_gdb_interrupted())
		qemu_gdb_stop(f, QEMU_SIGINT);
}

_Noreturn void qemu_run_guest(const struct qemu_options *o)
{
	static struct qemu_frame start;
	start = (struct qemu_frame){
		.rip = qemu_world_start_rip(), .cs = QEMU_USER_CS, .rflags = RFLAGS_RESERVED,
		.ss = QEMU_USER_DS, .rdi = o->guest,
	};
	if (o->gdb) {
		qemu_puts("svsm: serving the guest to gdb on COM2\n");
		qemu_gdb_attach();
		qemu_timer_start();
		start.rflags |= RFLAGS_IF;   /* the guest takes the ticks; it cannot clear IF at CPL 3 */
		qemu_gdb_stop(&start, QEMU_SIGTRAP);
	}
	qemu_enter(&start);
}
