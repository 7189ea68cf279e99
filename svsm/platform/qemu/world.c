/*
 * world.c: VMGEXIT, the guest asking for VMPL0.
 *
 * On SEV-SNP the hardware saves the guest's registers into its VMSA and
 * the hypervisor runs the module's VMPL0 context, which reads the call
 * from that VMSA (svsm/core/dispatch.c). Here the trap is the world
 * switch: the platform saves the registers the calling convention uses
 * into vCPU 0's VMSA, lets the module serve the call exactly as on the
 * simulator, and resumes the guest with what the VMSA then holds. If the
 * call changed the RMP, the guest's page tables are derived again before
 * it runs.
 */
#include "../../svsm.h"
#include "console.h"
#include "guest_map.h"
#include "hal_qemu.h"
#include "hardware.h"
#include "layout.h"
#include "run.h"
#include "trap.h"

/* The registers the world switch keeps in the VMSA, and where. */
#define NREGS 8
static const unsigned vmsa_off[NREGS] = {
	VMSA_RAX, VMSA_RCX, VMSA_RDX, VMSA_R8, VMSA_R9, VMSA_RIP, VMSA_RSP, VMSA_RFLAGS,
};

static uint64_t *frame_reg(struct qemu_frame *f, unsigned i)
{
	uint64_t *regs[NREGS] = { &f->rax, &f->rcx, &f->rdx, &f->r8, &f->r9,
	                          &f->rip, &f->rsp, &f->rflags };
	return regs[i];
}

/* The hardware's own access to the VMSA it runs: VMPL0, through the RMP check. */
static uint64_t vcpu0_get(unsigned off)
{
	uint64_t v = 0;
	if (!hw_succeeded(machine_read(&qemu_machine, 0, QEMU_BOOT_VMSA_GPA + off, true, &v, 8)))
		qemu_panic("vCPU 0's VMSA cannot be read");
	return v;
}

static void vcpu0_put(unsigned off, uint64_t v)
{
	if (!hw_succeeded(machine_write(&qemu_machine, 0, QEMU_BOOT_VMSA_GPA + off, true, &v, 8,
	                                LABEL_PUBLIC)))
		qemu_panic("vCPU 0's VMSA cannot be written");
}

uint64_t qemu_world_start_rip(void)
{
	return vcpu0_get(VMSA_RIP);
}

void qemu_world_switch(struct qemu_frame *f)
{
	for (unsigned i = 0; i < NREGS; i++)
		vcpu0_put(vmsa_off[i], *frame_reg(f, i));
	struct hal_cpu cpu = { 0 };
	svsm_handle_request(&qemu_svsm, &cpu);
	/* The guest gets back only what a call may change: RAX, RCX, RDX, R8. */
	for (unsigned i = 0; i < 4; i++)
		*frame_reg(f, i) = vcpu0_get(vmsa_off[i]);
	if (qemu_rmp_changed)
		qemu_guest_map();
}
