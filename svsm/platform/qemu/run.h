/*
 * run.h: the guest's vCPU 0 as the platform runs it (run.c).
 */
#ifndef QEMU_RUN_H
#define QEMU_RUN_H

#include "../../svsm.h"
#include "cmdline.h"

/* The module's state: the platform's, since the module keeps no globals. */
extern struct svsm qemu_svsm;

/*
 * Start the guest from its VMSA (with gdb: stopped before its first
 * instruction). RDI tells the guest kernel what to do (QEMU_GUEST_*).
 */
_Noreturn void qemu_run_guest(const struct qemu_options *o);

#endif
