/*
 * registers.c: gdb's registers of a vCPU, read from its VMSA.
 *
 * The registers and their target description (target.xml) are the
 * shared table of svsm/lib/gdbregs.h, which the module's stub under QEMU
 * describes too: gdb's x86-64 core registers, then, in a feature of our
 * own, the control registers the VMSA holds. The values are the VMSA's
 * fields at the offsets of the SEV-ES save area (AMD APM vol. 2, table
 * B-4), read as the guest's plaintext: what the model holds. The x87
 * registers are not in the model and read as zero.
 */
#include "gdb.h"
#include "../../svsm/lib/gdbregs.h"

/* Where a register comes from. */
enum source { FROM_NOWHERE, FROM_VMSA, FROM_SELECTOR };

struct field {
	enum source from;
	unsigned off;          /* in the VMSA */
};

/* The save area's segment registers: 16 bytes each, the selector first. */
#define SEG(i) { FROM_SELECTOR, 0x10u * (i) }
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };
#define AT(o) { FROM_VMSA, o }

/* By gdbregs.h's numbers; the x87 registers are left FROM_NOWHERE. */
static const struct field fields[GDBREG_ALL] = {
	[GDBREG_RAX] = AT(VMSA_RAX), [GDBREG_RBX] = AT(0x318), [GDBREG_RCX] = AT(VMSA_RCX),
	[GDBREG_RDX] = AT(VMSA_RDX), [GDBREG_RSI] = AT(0x330), [GDBREG_RDI] = AT(0x338),
	[GDBREG_RBP] = AT(0x328), [GDBREG_RSP] = AT(VMSA_RSP),
	[GDBREG_R8] = AT(VMSA_R8), [GDBREG_R9] = AT(VMSA_R9), [GDBREG_R10] = AT(0x350),
	[GDBREG_R11] = AT(0x358), [GDBREG_R12] = AT(0x360), [GDBREG_R13] = AT(0x368),
	[GDBREG_R14] = AT(0x370), [GDBREG_R15] = AT(0x378),
	[GDBREG_RIP] = AT(VMSA_RIP), [GDBREG_EFLAGS] = AT(VMSA_RFLAGS),
	[GDBREG_CS] = SEG(SEG_CS), [GDBREG_SS] = SEG(SEG_SS), [GDBREG_DS] = SEG(SEG_DS),
	[GDBREG_ES] = SEG(SEG_ES), [GDBREG_FS] = SEG(SEG_FS), [GDBREG_GS] = SEG(SEG_GS),
	[GDBREG_CR0] = AT(VMSA_CR0), [GDBREG_CR3] = AT(VMSA_CR3), [GDBREG_CR4] = AT(VMSA_CR4),
	[GDBREG_EFER] = AT(VMSA_EFER),
};

unsigned regs_count(void)
{
	return GDBREG_ALL;
}

/* The whole description, built once: it never changes. */
static const char *target_xml(size_t *len)
{
	static char xml[GDBREGS_XML_MAX];
	static size_t n;
	if (n == 0)
		n = gdbregs_xml(GDBREG_ALL, xml, sizeof(xml));
	*len = n;
	return xml;
}

void regs_target_xml(struct reply *r, const char *req, const char *end)
{
	size_t n;
	const char *xml = target_xml(&n);
	if (n == 0) {
		reply_error(r, GDB_ENOSPC);
		return;
	}
	char text[sizeof(r->text)];
	reply_bytes(r, text, gdbregs_xfer(xml, n, req, end, text, sizeof(r->text) - 1 - r->len));
}

bool regs_read(const struct gdb *g, unsigned vcpu, unsigned n, struct reply *r)
{
	if (n >= GDBREG_ALL)
		return false;
	const struct field *f = &fields[n];
	const struct machine *mc = &g->m.s->m;
	uint64_t vmsa = mc->vcpu[vcpu < MACHINE_MAX_VCPUS ? vcpu : 0].vmsa_spa;
	uint64_t v = 0;
	if (f->from == FROM_VMSA)
		v = vmsa_get(mc, vmsa, f->off, gdbreg_bytes(n));   /* 8 or 4: never an x87 one */
	else if (f->from == FROM_SELECTOR)
		v = vmsa_get(mc, vmsa, f->off, 2);
	char hex[2 * 10];   /* the largest register */
	reply_bytes(r, hex, gdbreg_hex(n, v, true, hex, sizeof(hex)));
	return true;
}
