/*
 * fault.c: an exception in the guest.
 *
 * A page fault on a guest address is, on SEV-SNP, the RMP check failing:
 * the access the guest tried is handed to the software RMP's check at
 * the guest's VMPL, and its outcome (#VC 0x404: not validated; #NPF with
 * its EXITINFO1) is what the report says, in the model's words. The
 * guest has no handler of its own for these, so the run ends, failed
 * (after gdb, if one is served, has seen the guest stopped there).
 */
#include "console.h"
#include "gdb_stub.h"
#include "guest_map.h"
#include "hardware.h"
#include "io.h"
#include "layout.h"
#include "trap.h"

#define VEC_PAGE_FAULT 14
#define PF_WRITE       0x2
#define PF_FETCH       0x10

uint64_t qemu_trap_cr2(void)
{
	return qemu_read_cr2();
}

static void report_page_fault(const struct qemu_frame *f)
{
	uint64_t va = qemu_read_cr2(), gpa;
	qemu_put_hex("svsm: guest page fault at ", va);
	qemu_put_hex(", rip ", f->rip);
	if (!qemu_guest_gpa(va, &gpa)) {
		qemu_puts(": outside guest-physical memory\n");
		return;
	}
	enum access_kind kind = (f->error & PF_FETCH) ? ACCESS_EXEC
	                      : (f->error & PF_WRITE) ? ACCESS_WRITE : ACCESS_READ;
	enum npf_reason why;
	struct hw_result r = machine_translate(&qemu_machine, QEMU_GUEST_VMPL, gpa, true, kind,
	                                       NULL, &why);
	qemu_put_hex(", gpa ", gpa);
	if (r.fault == FAULT_VC)
		qemu_put_hex(": #VC ", r.code);
	else if (r.fault == FAULT_NPF)
		qemu_put_hex(": #NPF ", r.code);
	else
		qemu_puts(": the RMP allows it");
	if (why != NPF_NONE) {
		qemu_puts(" (");
		qemu_puts(npf_reason_name(why));
		qemu_puts(")");
	} else if (r.fault == FAULT_VC) {
		qemu_puts(" (page not validated)");
	}
	qemu_puts("\n");
}

_Noreturn void qemu_guest_fault(struct qemu_frame *f)
{
	if (f->vector == VEC_PAGE_FAULT) {
		report_page_fault(f);
	} else {
		qemu_put_hex("svsm: guest exception ", f->vector);
		qemu_put_hex(" error ", f->error);
		qemu_put_hex(" at rip ", f->rip);
		qemu_puts("\n");
	}
	if (qemu_gdb_attached())   /* gdb may look at the guest as it faulted; then the run ends */
		qemu_gdb_stop(f, QEMU_SIGSEGV);
	qemu_exit(QEMU_FAILED);
}
