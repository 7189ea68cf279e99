/*
 * gdb_packets.c: the packets the module's stub answers.
 *
 *   ?              why it stopped
 *   g  p  P        the registers, from the guest's trap frame (gdb_registers.c)
 *   m  M           guest memory by guest virtual address, as the guest may
 *                  access it (the software RMP at its VMPL): E0e where it may not
 *   Z0 z0          breakpoints: an int3 byte written over the guest's code, and back
 *   c  s  D  k     continue, single step (RFLAGS.TF), detach, kill (the run ends)
 *   q... Q... H    the few queries gdb makes on connecting, and the target
 *                  description (qXfer:features:read:target.xml, gdb_registers.c)
 * Anything else gets the empty reply, which tells gdb "not supported".
 * Every number comes from gdb and is parsed with bounds; a malformed
 * packet gets E16.
 */
#include "console.h"
#include "gdb_packets.h"
#include "guest_map.h"
#include "hardware.h"
#include "layout.h"
#include "../../lib/gdbpkt.h"
#include "../../lib/mem.h"

#define RFLAGS_TF   0x100
#define INT3        0xCC
#define NBREAK      32
#define MEM_MAX     1024   /* bytes per m or M: 2 KiB of hex, well inside a packet */
#define VEC_DEBUG   1
#define VEC_BREAK   3

static struct breakpoint {
	bool used;
	uint64_t va;
	uint8_t saved;
} breakpoints[NBREAK];
static bool stepping;

static void reply(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	qemu_gdb_send(s, n);
}

/* --- memory, as the guest may access it ------------------------------------- */

static bool guest_byte(uint64_t va, uint8_t *b, bool write)
{
	uint64_t gpa;
	if (!qemu_guest_gpa(va, &gpa))
		return false;
	struct hw_result r = write
		? machine_write(&qemu_machine, QEMU_GUEST_VMPL, gpa, true, b, 1, LABEL_PUBLIC)
		: machine_read(&qemu_machine, QEMU_GUEST_VMPL, gpa, true, b, 1);
	return hw_succeeded(r);
}

/* "m addr,len": the bytes up to the first the guest cannot read; E0e if none. */
static void read_memory(const char *p, const char *end)
{
	uint64_t va, len;
	if (!gdbpkt_parse_hex(&p, end, &va) || p == end || *p++ != ',' ||
	    !gdbpkt_parse_hex(&p, end, &len) || p != end) {
		reply("E16");
		return;
	}
	uint8_t buf[MEM_MAX];
	size_t n = 0;
	while (n < len && n < MEM_MAX && guest_byte(va + n, &buf[n], false))
		n++;
	if (n == 0 && len != 0) {
		reply("E0e");
		return;
	}
	char hex[2 * MEM_MAX];
	qemu_gdb_send(hex, gdbpkt_hex_encode(buf, n, hex, sizeof(hex)));
}

/* "M addr,len:hex": all the bytes, or E0e at the first the guest cannot write. */
static void write_memory(const char *p, const char *end)
{
	uint64_t va, len;
	uint8_t buf[MEM_MAX];
	if (!gdbpkt_parse_hex(&p, end, &va) || p == end || *p++ != ',' ||
	    !gdbpkt_parse_hex(&p, end, &len) || p == end || *p++ != ':' || len > MEM_MAX ||
	    gdbpkt_hex_decode(p, (size_t)(end - p), buf, sizeof(buf)) != (long)len) {
		reply("E16");
		return;
	}
	for (uint64_t i = 0; i < len; i++)
		if (!guest_byte(va + i, &buf[i], true)) {
			reply("E0e");
			return;
		}
	reply("OK");
}

/* --- breakpoints ---------------------------------------------------------- */

static struct breakpoint *breakpoint_at(uint64_t va)
{
	for (unsigned i = 0; i < NBREAK; i++)
		if (breakpoints[i].used && breakpoints[i].va == va)
			return &breakpoints[i];
	return NULL;
}

static const char *insert_breakpoint(uint64_t va)
{
	if (breakpoint_at(va))
		return "OK";
	for (unsigned i = 0; i < NBREAK; i++) {
		struct breakpoint *b = &breakpoints[i];
		if (b->used)
			continue;
		uint8_t int3 = INT3;
		if (!guest_byte(va, &b->saved, false) || !guest_byte(va, &int3, true))
			return "E0e";
		b->used = true;
		b->va = va;
		return "OK";
	}
	return "E1c";   /* ENOSPC: the table is full */
}

static const char *remove_breakpoint(uint64_t va)
{
	struct breakpoint *b = breakpoint_at(va);
	if (!b)
		return "OK";
	b->used = false;
	return guest_byte(va, &b->saved, true) ? "OK" : "E0e";
}

/* "Z0,addr,kind" and "z0,addr,kind"; other kinds are not supported. */
static void breakpoint_packet(const char *p, const char *end, bool insert)
{
	uint64_t va, kind;
	if (p == end || *p != '0') {
		reply("");
		return;
	}
	p++;
	if (p == end || *p++ != ',' || !gdbpkt_parse_hex(&p, end, &va) || p == end ||
	    *p++ != ',' || !gdbpkt_parse_hex(&p, end, &kind) || p != end) {
		reply("E16");
		return;
	}
	reply(insert ? insert_breakpoint(va) : remove_breakpoint(va));
}

bool qemu_gdb_breakpoint_hit(struct qemu_frame *f)
{
	if (f->vector == VEC_DEBUG && stepping) {
		stepping = false;
		f->rflags &= ~(uint64_t)RFLAGS_TF;
		return true;
	}
	if (f->vector == VEC_BREAK && breakpoint_at(f->rip - 1)) {
		f->rip--;   /* gdb expects the stop on the breakpoint, not after it */
		return true;
	}
	return false;
}

/* --- the packets ------------------------------------------------------------- */

static bool is(const char *data, const char *end, const char *word)
{
	size_t n = 0;
	while (word[n])
		n++;
	return (size_t)(end - data) >= n && mem_equal(data, word, n);
}

static enum gdb_action resume(struct qemu_frame *f, bool step)
{
	stepping = step;
	if (step)
		f->rflags |= RFLAGS_TF;
	else
		f->rflags &= ~(uint64_t)RFLAGS_TF;
	return GDB_RESUME;
}

static enum gdb_action detach(struct qemu_frame *f)
{
	for (unsigned i = 0; i < NBREAK; i++)
		if (breakpoints[i].used)
			remove_breakpoint(breakpoints[i].va);
	reply("OK");
	resume(f, false);
	return GDB_DETACH;
}

/* The queries gdb makes on connecting: one thread, already attached; the registers' description. */
static void query(const char *d, const char *end)
{
	static const char xfer[] = "qXfer:features:read:";
	if (is(d, end, "qSupported"))
		reply("PacketSize=1000;QStartNoAckMode+;qXfer:features:read+");
	else if (is(d, end, xfer))
		qemu_gdb_target_xml(d + sizeof(xfer) - 1, end);
	else if (is(d, end, "qAttached"))
		reply("1");
	else if (is(d, end, "qC"))
		reply("QC1");
	else if (is(d, end, "qfThreadInfo"))
		reply("m1");
	else if (is(d, end, "qsThreadInfo"))
		reply("l");
	else
		reply("");
}

enum gdb_action qemu_gdb_packet(struct qemu_frame *f, const char *data, size_t len)
{
	const char *end = data + len;
	if (len == 0) {
		reply("");
		return GDB_STAY;
	}
	switch (data[0]) {
	case '?':
		return GDB_STOP_REPLY;
	case 'g':
		qemu_gdb_read_registers(f);
		break;
	case 'p':
		qemu_gdb_read_register(f, data + 1, end);
		break;
	case 'P':
		reply(qemu_gdb_write_register(f, data + 1, end) ? "OK" : "E16");
		break;
	case 'm':
		read_memory(data + 1, end);
		break;
	case 'M':
		write_memory(data + 1, end);
		break;
	case 'Z':
	case 'z':
		breakpoint_packet(data + 1, end, data[0] == 'Z');
		break;
	case 'c':
		return resume(f, false);
	case 's':
		return resume(f, true);
	case 'D':
		return detach(f);
	case 'k':
		qemu_puts("svsm: gdb killed the guest\n");
		qemu_exit(QEMU_FAILED);
	case 'H':
	case 'T':
		reply("OK");
		break;
	case 'q':
		query(data, end);
		break;
	case 'Q':
		if (is(data, end, "QStartNoAckMode")) {
			reply("OK");
			return GDB_NO_ACK;
		}
		reply("");
		break;
	default:
		reply("");
	}
	return GDB_STAY;
}
