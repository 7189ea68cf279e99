/*
 * registers.c: gdb's registers of a vCPU, read from its VMSA.
 *
 * The target description (target.xml) names the x86-64 registers gdb
 * requires (org.gnu.gdb.i386.core) and, in a feature of our own, the
 * control registers the VMSA holds. The values are the VMSA's fields at
 * the offsets of the SEV-ES save area (AMD APM vol. 2, table B-4), read as
 * the guest's plaintext: what the model holds. The x87 registers are not
 * in the model and read as zero.
 */
#include <stdio.h>
#include <string.h>

#include "gdb.h"

/* Where a register comes from. */
enum source { FROM_VMSA, FROM_SELECTOR, FROM_NOWHERE };

struct reg {
	const char *name;
	unsigned bits;
	const char *type;
	enum source from;
	unsigned off;          /* in the VMSA */
};

/* The save area's segment registers: 16 bytes each, the selector first. */
#define SEG(i) (0x10u * (i))
enum { SEG_ES, SEG_CS, SEG_SS, SEG_DS, SEG_FS, SEG_GS };

#define GPR(n, o) { n, 64, "int64", FROM_VMSA, o }
#define SELECTOR(n, s) { n, 32, "int32", FROM_SELECTOR, SEG(s) }
#define ZERO(n, b, t) { n, b, t, FROM_NOWHERE, 0 }

/* In gdb's order: the core feature, then ours (FIRST_CONTROL on). */
static const struct reg regs[] = {
	GPR("rax", VMSA_RAX), GPR("rbx", 0x318), GPR("rcx", VMSA_RCX), GPR("rdx", VMSA_RDX),
	GPR("rsi", 0x330), GPR("rdi", 0x338),
	{ "rbp", 64, "data_ptr", FROM_VMSA, 0x328 }, { "rsp", 64, "data_ptr", FROM_VMSA, VMSA_RSP },
	GPR("r8", VMSA_R8), GPR("r9", VMSA_R9), GPR("r10", 0x350), GPR("r11", 0x358),
	GPR("r12", 0x360), GPR("r13", 0x368), GPR("r14", 0x370), GPR("r15", 0x378),
	{ "rip", 64, "code_ptr", FROM_VMSA, VMSA_RIP },
	{ "eflags", 32, "int32", FROM_VMSA, VMSA_RFLAGS },
	SELECTOR("cs", SEG_CS), SELECTOR("ss", SEG_SS), SELECTOR("ds", SEG_DS),
	SELECTOR("es", SEG_ES), SELECTOR("fs", SEG_FS), SELECTOR("gs", SEG_GS),
	ZERO("st0", 80, "i387_ext"), ZERO("st1", 80, "i387_ext"), ZERO("st2", 80, "i387_ext"),
	ZERO("st3", 80, "i387_ext"), ZERO("st4", 80, "i387_ext"), ZERO("st5", 80, "i387_ext"),
	ZERO("st6", 80, "i387_ext"), ZERO("st7", 80, "i387_ext"),
	ZERO("fctrl", 32, "int"), ZERO("fstat", 32, "int"), ZERO("ftag", 32, "int"),
	ZERO("fiseg", 32, "int"), ZERO("fioff", 32, "int"), ZERO("foseg", 32, "int"),
	ZERO("fooff", 32, "int"), ZERO("fop", 32, "int"),
	GPR("cr0", VMSA_CR0), GPR("cr3", VMSA_CR3), GPR("cr4", VMSA_CR4), GPR("efer", VMSA_EFER),
};
#define NREGS (sizeof(regs) / sizeof(regs[0]))
#define FIRST_CONTROL (NREGS - 4)

unsigned regs_count(void)
{
	return NREGS;
}

/* The description into xml; its length, or 0 if it did not fit. */
static size_t build_xml(char *xml, size_t cap)
{
	size_t n = (size_t)snprintf(xml, cap,
	                     "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
	                     "<target version=\"1.0\">\n<architecture>i386:x86-64</architecture>\n"
	                     "<feature name=\"org.gnu.gdb.i386.core\">\n");
	for (unsigned i = 0; i < NREGS && n < cap; i++) {
		if (i == FIRST_CONTROL)
			n += (size_t)snprintf(xml + n, cap - n,
			                      "</feature>\n<feature name=\"org.svsmlab.vmsa\">\n");
		if (n < cap)
			n += (size_t)snprintf(xml + n, cap - n,
			                      "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"/>\n",
			                      regs[i].name, regs[i].bits, regs[i].type, i);
	}
	if (n < cap)
		n += (size_t)snprintf(xml + n, cap - n, "</feature>\n</target>\n");
	return n < cap ? n : 0;   /* never half of it */
}

/* The whole description, built once: it never changes. */
static const char *target_xml(size_t *len)
{
	static char xml[6144];
	static size_t n;
	if (n == 0)
		n = build_xml(xml, sizeof(xml));
	*len = n;
	return xml;
}

void regs_target_xml(struct reply *r, uint64_t off, uint64_t len)
{
	size_t n;
	const char *xml = target_xml(&n);
	if (n == 0) {
		reply_error(r, GDB_ENOSPC);
		return;
	}
	if (off >= n) {
		reply_add(r, "l");
		return;
	}
	/* Escaping may double a byte: ask for no more than half the room. */
	uint64_t room = (sizeof(r->text) - 2) / 2;
	uint64_t take = len < room ? len : room;
	if (take > n - off)
		take = n - off;
	char esc[sizeof(r->text)];
	long e = gdbpkt_escape((const uint8_t *)xml + off, (size_t)take, esc, sizeof(esc));
	if (e < 0) {
		reply_error(r, GDB_ENOSPC);
		return;
	}
	reply_add(r, "%c", off + take < n ? 'm' : 'l');
	reply_bytes(r, esc, (size_t)e);
}

bool regs_read(const struct gdb *g, unsigned vcpu, unsigned n, struct reply *r)
{
	if (n >= NREGS)
		return false;
	const struct reg *rg = &regs[n];
	const struct machine *mc = &g->m.s->m;
	uint64_t vmsa = mc->vcpu[vcpu < MACHINE_MAX_VCPUS ? vcpu : 0].vmsa_spa;
	uint64_t v = 0;
	if (rg->from == FROM_VMSA)
		v = vmsa_get(mc, vmsa, rg->off, rg->bits / 8);
	else if (rg->from == FROM_SELECTOR)
		v = vmsa_get(mc, vmsa, rg->off, 2);
	uint8_t bytes[10] = { 0 };   /* little-endian, as the target holds them */
	for (unsigned i = 0; i < 8; i++)
		bytes[i] = (uint8_t)(v >> (8 * i));
	reply_hex(r, bytes, rg->bits / 8);
	return true;
}
