/*
 * gdb_stub.h: the module serves the guest to gdb on COM2.
 *
 * The GDB remote serial protocol over the second UART (QEMU's -serial
 * tcp:...,server), with the freestanding packet layer svsm/lib/gdbpkt.
 * The guest is stopped whenever the module holds its trap frame: gdb
 * reads and writes the frame's registers, and the guest's memory as the
 * guest may (through the software RMP at its VMPL: a page it cannot
 * access is an error reply). Breakpoints are int3 bytes written into the
 * guest's code; a single step is RFLAGS.TF; Ctrl-C is looked for on COM2
 * at every trap the guest makes.
 */
#ifndef QEMU_GDB_STUB_H
#define QEMU_GDB_STUB_H

#include <stdbool.h>

#include "frame.h"

/* The signals a stop reports, by their numbers in gdb's protocol. */
#define QEMU_SIGINT  2
#define QEMU_SIGTRAP 5
#define QEMU_SIGSEGV 11

/* Serve gdb from now on (the command line's "gdb"). */
void qemu_gdb_attach(void);
/* Is a gdb being served? */
bool qemu_gdb_attached(void);

/*
 * The guest stopped with signal sig (QEMU_SIG*):
 * tell gdb and serve its packets until it resumes the guest (return) or
 * kills it (the run ends).
 */
void qemu_gdb_stop(struct qemu_frame *f, unsigned sig);

/*
 * A trap that is gdb's: #DB after a single step, or #BP at one of its
 * breakpoints (the frame is moved back onto the int3). False: not gdb's.
 */
bool qemu_gdb_trap(struct qemu_frame *f);
/* Between two traps of the guest: did gdb send Ctrl-C? Other bytes are dropped. */
bool qemu_gdb_interrupted(void);
/* The guest ended the run with status (0 passed): gdb learns it. */
void qemu_gdb_exited(unsigned status);

#endif
