/*
 * gdb_registers.c: the guest's registers for gdb, from its trap frame.
 *
 * The registers and their target description (target.xml) are the
 * shared table of svsm/lib/gdbregs.h, which `svsmlab gdb` describes too.
 * This stub describes gdb's x86-64 core registers only and sends what
 * the trap frame holds: the general registers, rip, eflags, cs and ss.
 * The rest are unavailable, not made up: the module saves no ds, es, fs,
 * gs or x87 state on a trap (it never touches them). Nor does it
 * describe the VMSA's control registers, as `svsmlab gdb` does: here the
 * guest runs on the module's own CR0, CR3, CR4 and EFER, not on the
 * values svsm_boot wrote into vCPU 0's VMSA, so they would be the
 * VMSA's word, not the guest's state.
 */
#include <stddef.h>

#include "gdb_packets.h"
#include "../../lib/gdbpkt.h"
#include "../../lib/gdbregs.h"
#include "../../lib/mem.h"

/* Only the flags user code may change: IF stays as the module runs the guest, TF is the stub's. */
#define RFLAGS_USER 0xcd5ull

/* Where the frame holds register n; a register it does not hold is left zero. */
struct slot {
	bool held;
	unsigned off;
};
#define HELD(field) { true, offsetof(struct qemu_frame, field) }

static const struct slot slots[GDBREG_CORE] = {
	[GDBREG_RAX] = HELD(rax), [GDBREG_RBX] = HELD(rbx), [GDBREG_RCX] = HELD(rcx),
	[GDBREG_RDX] = HELD(rdx), [GDBREG_RSI] = HELD(rsi), [GDBREG_RDI] = HELD(rdi),
	[GDBREG_RBP] = HELD(rbp), [GDBREG_RSP] = HELD(rsp), [GDBREG_R8] = HELD(r8),
	[GDBREG_R9] = HELD(r9), [GDBREG_R10] = HELD(r10), [GDBREG_R11] = HELD(r11),
	[GDBREG_R12] = HELD(r12), [GDBREG_R13] = HELD(r13), [GDBREG_R14] = HELD(r14),
	[GDBREG_R15] = HELD(r15), [GDBREG_RIP] = HELD(rip), [GDBREG_EFLAGS] = HELD(rflags),
	[GDBREG_CS] = HELD(cs), [GDBREG_SS] = HELD(ss),
};

static uint64_t *slot(struct qemu_frame *f, unsigned n)
{
	return (uint64_t *)((char *)f + slots[n].off);
}

/* Register n as hex into out (room for the largest); its length. */
static size_t register_hex(struct qemu_frame *f, unsigned n, char *out, size_t cap)
{
	return gdbreg_hex(n, slots[n].held ? *slot(f, n) : 0, slots[n].held, out, cap);
}

void qemu_gdb_read_registers(struct qemu_frame *f)
{
	static char hex[GDBPKT_MAX];
	size_t len = 0;
	for (unsigned n = 0; n < GDBREG_CORE; n++)
		len += register_hex(f, n, hex + len, sizeof(hex) - len);
	qemu_gdb_send(hex, len);
}

/* "pN": one register; E16 for no such register. */
void qemu_gdb_read_register(struct qemu_frame *f, const char *p, const char *end)
{
	uint64_t n;
	char hex[2 * 10];   /* the largest register */
	if (!gdbpkt_parse_hex(&p, end, &n) || p != end || n >= GDBREG_CORE)
		qemu_gdb_send("E16", 3);
	else
		qemu_gdb_send(hex, register_hex(f, (unsigned)n, hex, sizeof(hex)));
}

/* "PN=value": a general register, rip, or eflags (its user flags only). */
bool qemu_gdb_write_register(struct qemu_frame *f, const char *p, const char *end)
{
	uint64_t n;
	uint8_t b[8] = { 0 };
	if (!gdbpkt_parse_hex(&p, end, &n) || p == end || *p++ != '=' || n > GDBREG_EFLAGS)
		return false;
	long got = gdbpkt_hex_decode(p, (size_t)(end - p), b, sizeof(b));
	if (got != (long)gdbreg_bytes((unsigned)n))
		return false;
	uint64_t v = load_le64(b);
	if (n == GDBREG_EFLAGS)
		f->rflags = (f->rflags & ~RFLAGS_USER) | (v & RFLAGS_USER);
	else
		*slot(f, (unsigned)n) = v;
	return true;
}

/* What follows "qXfer:features:read:": a piece of the description, built once. */
void qemu_gdb_target_xml(const char *p, const char *end)
{
	static char xml[GDBREGS_XML_MAX], out[GDBPKT_MAX];
	static size_t len;
	if (len == 0)
		len = gdbregs_xml(GDBREG_CORE, xml, sizeof(xml));
	qemu_gdb_send(out, gdbregs_xfer(xml, len, p, end, out, sizeof(out)));
}
