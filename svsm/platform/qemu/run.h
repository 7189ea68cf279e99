/*
 * run.h: the guest's vCPU 0 as the platform runs it (run.c).
 */
#ifndef QEMU_RUN_H
#define QEMU_RUN_H

#include <stdbool.h>

#include "../../svsm.h"

/* The module's state: the platform's, since the module keeps no globals. */
extern struct svsm qemu_svsm;

/* Start the guest from its VMSA (with gdb: stopped before its first instruction). */
_Noreturn void qemu_run_guest(bool gdb);

#endif
