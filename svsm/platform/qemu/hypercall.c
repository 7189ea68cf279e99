/*
 * hypercall.c: what the guest asks of the hypervisor, which on SEV-SNP
 * would go through the GHCB: here, writing to the console and ending the
 * run. The guest's buffer is read as the guest could read it (its VMPL,
 * through the RMP check): the platform gives it no more than its own
 * access, and a bad pointer ends the write, not the module.
 */
#include "console.h"
#include "gdb_stub.h"
#include "guest_map.h"
#include "hardware.h"
#include "layout.h"
#include "trap.h"

#define WRITE_MAX 4096   /* bytes per hypercall: a line, not a dump */

static void write_guest_text(uint64_t va, uint64_t len)
{
	if (len > WRITE_MAX)
		len = WRITE_MAX;
	for (uint64_t i = 0; i < len; i++) {
		uint64_t gpa;
		char c;
		if (!qemu_guest_gpa(va + i, &gpa) ||
		    !hw_succeeded(machine_read(&qemu_machine, QEMU_GUEST_VMPL, gpa, true, &c, 1)))
			return;
		qemu_write(&c, 1);
	}
}

void qemu_hypercall(struct qemu_frame *f)
{
	switch (f->rax) {
	case QEMU_HC_WRITE:
		write_guest_text(f->rdi, f->rsi);
		break;
	case QEMU_HC_EXIT:
		if (qemu_gdb_attached())
			qemu_gdb_exited(f->rdi == 0 ? 0 : 1);
		qemu_exit(f->rdi == 0 ? QEMU_PASSED : QEMU_FAILED);
	default:
		f->rax = (uint64_t)-1;   /* no such hypercall */
	}
}
