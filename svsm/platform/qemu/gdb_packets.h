/*
 * gdb_packets.h: between the stub's loop (gdb_stub.c) and what each
 * packet asks (gdb_packets.c).
 */
#ifndef QEMU_GDB_PACKETS_H
#define QEMU_GDB_PACKETS_H

#include <stdbool.h>
#include <stddef.h>

#include "frame.h"

/* What the loop does after a packet was answered. */
enum gdb_action {
	GDB_STAY,        /* the guest stays stopped: read the next packet */
	GDB_RESUME,      /* c or s: back to the guest */
	GDB_DETACH,      /* D: back to the guest, and no more gdb */
	GDB_NO_ACK,      /* QStartNoAckMode was answered: no '+' from now on */
	GDB_STOP_REPLY,  /* ?: say again why the guest stopped */
};

/* Answer the packet's data (NUL-terminated at len) for the guest stopped in f. */
enum gdb_action qemu_gdb_packet(struct qemu_frame *f, const char *data, size_t len);
/* Frame and send a reply (gdb_stub.c). */
void qemu_gdb_send(const char *data, size_t len);
/* gdb_registers.c: 'g', 'p', 'P' (false: malformed) and qXfer:features:read:'s rest. */
void qemu_gdb_read_registers(struct qemu_frame *f);
void qemu_gdb_read_register(struct qemu_frame *f, const char *p, const char *end);
bool qemu_gdb_write_register(struct qemu_frame *f, const char *p, const char *end);
void qemu_gdb_target_xml(const char *p, const char *end);
/* Is this trap the end of gdb's single step, or one of its breakpoints? (See gdb_stub.h.) */
bool qemu_gdb_breakpoint_hit(struct qemu_frame *f);

#endif
