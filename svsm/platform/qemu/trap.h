/*
 * trap.h: the handlers run.c sends the guest's traps to.
 */
#ifndef QEMU_TRAP_H
#define QEMU_TRAP_H

#include <stdint.h>

#include "frame.h"

/* world.c: VMGEXIT. The guest's registers go to its VMSA, the module serves the call. */
void qemu_world_switch(struct qemu_frame *f);
/* world.c: where vCPU 0 starts: the RIP the module wrote into its VMSA. */
uint64_t qemu_world_start_rip(void);
/* hypercall.c: the console and the end of the run. */
void qemu_hypercall(struct qemu_frame *f);
/* fault.c: an exception in the guest, reported in the model's words; ends the run. */
_Noreturn void qemu_guest_fault(struct qemu_frame *f);
/* The faulting address of the last page fault. */
uint64_t qemu_trap_cr2(void);

#endif
