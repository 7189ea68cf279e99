/*
 * gdbregs.h: the x86-64 registers a gdb stub describes, and the target
 * description (target.xml) that names them, without a C library: one
 * table for `svsmlab gdb` (registers from a vCPU's VMSA, explorer/gdb/)
 * and for the module's stub under QEMU (from the guest's trap frame,
 * svsm/platform/qemu/), so the two describe the same layout.
 *
 * Register n of the table is register n of gdb's 'g', 'p' and 'P'
 * packets. The first GDBREG_CORE are the feature org.gnu.gdb.i386.core,
 * which gdb requires of every x86-64 target (the general registers, rip,
 * eflags, the segment selectors, and the x87 registers); the rest are a
 * feature of our own, org.svsmlab.vmsa: the control registers a VMSA
 * holds. A stub describes the first GDBREG_CORE or all GDBREG_ALL of
 * them; a register it describes but does not hold it sends as
 * unavailable ('x' digits), which gdb shows as <unavailable>.
 */
#ifndef SVSM_LIB_GDBREGS_H
#define SVSM_LIB_GDBREGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gdbreg {
	GDBREG_RAX, GDBREG_RBX, GDBREG_RCX, GDBREG_RDX, GDBREG_RSI, GDBREG_RDI, GDBREG_RBP,
	GDBREG_RSP, GDBREG_R8, GDBREG_R9, GDBREG_R10, GDBREG_R11, GDBREG_R12, GDBREG_R13,
	GDBREG_R14, GDBREG_R15, GDBREG_RIP, GDBREG_EFLAGS,
	GDBREG_CS, GDBREG_SS, GDBREG_DS, GDBREG_ES, GDBREG_FS, GDBREG_GS,
	GDBREG_ST0, GDBREG_ST7 = GDBREG_ST0 + 7,
	GDBREG_FCTRL, GDBREG_FSTAT, GDBREG_FTAG, GDBREG_FISEG, GDBREG_FIOFF, GDBREG_FOSEG,
	GDBREG_FOOFF, GDBREG_FOP,
	GDBREG_CORE,                    /* org.gnu.gdb.i386.core ends here */
	GDBREG_CR0 = GDBREG_CORE, GDBREG_CR3, GDBREG_CR4, GDBREG_EFER,
	GDBREG_ALL
};

/* A register's size in bytes (the x87 stack registers: 10), 0 past GDBREG_ALL. */
unsigned gdbreg_bytes(unsigned n);

/*
 * Register n's value v as the hex digits of its bytes, little-endian
 * (bytes past v's eight are zero), or as 'x' digits when !available.
 * The length written, or 0 when it does not fit in cap or n is no register.
 */
size_t gdbreg_hex(unsigned n, uint64_t v, bool available, char *out, size_t cap);

/* Room for the largest description (GDBREG_ALL registers). */
#define GDBREGS_XML_MAX 4096

/*
 * The target description of registers 0..nregs-1 (GDBREG_CORE or
 * GDBREG_ALL) into out: its length, or 0 when it does not fit.
 */
size_t gdbregs_xml(unsigned nregs, char *out, size_t cap);

/*
 * The reply to "qXfer:features:read:ANNEX:OFFSET,LENGTH", given what
 * follows "qXfer:features:read:" in [p, end), for the description xml
 * (xml_len bytes): 'm' and the escaped bytes from OFFSET, as many of
 * LENGTH as fit in cap, when more follow; 'l' and the bytes when they
 * are the last (just "l" past the end); E00 for an annex other than
 * target.xml; E16 for a malformed offset or length. The reply's length
 * (never 0 with cap >= 4).
 */
size_t gdbregs_xfer(const char *xml, size_t xml_len, const char *p, const char *end,
                    char *out, size_t cap);

#endif
