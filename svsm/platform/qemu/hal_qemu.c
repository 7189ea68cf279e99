/*
 * hal_qemu.c: svsm/hal.h on x86 under QEMU.
 *
 * Each call is the software RMP's instruction or checked access
 * (hardware.h) at VMPL0, as in the simulator's HAL but with nothing
 * around it: no scheduler to yield to (one CPU, nobody acts between two
 * module steps), no ghost checks, no trace. The call sites go unused.
 */
#include "../../hal.h"
#include "hal_qemu.h"
#include "hardware.h"

#define MODULE_VMPL 0

/* An instruction that succeeded may have changed what the guest can reach. */
static struct hw_result note_change(struct hw_result r)
{
	if (hw_succeeded(r))
		qemu_rmp_changed = true;
	return r;
}

struct hw_result hal_pvalidate_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t gpa, unsigned size, bool validate)
{
	(void)cpu;
	(void)site;
	return note_change(machine_pvalidate(&qemu_machine, MODULE_VMPL, gpa, size, validate));
}

struct hw_result hal_rmpadjust_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t gpa, unsigned size, uint64_t attrs)
{
	(void)cpu;
	(void)site;
	return note_change(machine_rmpadjust(&qemu_machine, MODULE_VMPL, gpa, size, attrs));
}

struct hw_result hal_read_guest_at(struct hal_cpu *cpu, struct hal_site site,
                                   uint64_t gpa, void *buf, size_t len)
{
	(void)cpu;
	(void)site;
	return machine_read(&qemu_machine, MODULE_VMPL, gpa, true, buf, len);
}

struct hw_result hal_write_guest_at(struct hal_cpu *cpu, struct hal_site site,
                                    uint64_t gpa, const void *buf, size_t len)
{
	(void)cpu;
	(void)site;
	return machine_write(&qemu_machine, MODULE_VMPL, gpa, true, buf, len, LABEL_PUBLIC);
}

struct hw_result hal_zero_page_at(struct hal_cpu *cpu, struct hal_site site, uint64_t gpa)
{
	static const uint8_t zeros[PAGE_SIZE];
	if (!PAGE_ALIGNED(gpa))
		return (struct hw_result){ .rc = HW_FAIL_INPUT };
	return hal_write_guest_at(cpu, site, gpa, zeros, PAGE_SIZE);
}

/* A field of a VMSA page: the offset must stay inside the page. */
static bool vmsa_field_ok(uint64_t vmsa_gpa, unsigned off)
{
	return PAGE_ALIGNED(vmsa_gpa) && off < PAGE_SIZE;
}

struct hw_result hal_vmsa_read_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t vmsa_gpa, unsigned off, void *buf, size_t len)
{
	if (!vmsa_field_ok(vmsa_gpa, off))
		return (struct hw_result){ .rc = HW_FAIL_INPUT };
	return hal_read_guest_at(cpu, site, vmsa_gpa + off, buf, len);
}

struct hw_result hal_vmsa_write_at(struct hal_cpu *cpu, struct hal_site site,
                                   uint64_t vmsa_gpa, unsigned off, const void *buf, size_t len)
{
	if (!vmsa_field_ok(vmsa_gpa, off))
		return (struct hw_result){ .rc = HW_FAIL_INPUT };
	return hal_write_guest_at(cpu, site, vmsa_gpa + off, buf, len);
}

struct hw_result hal_caa_read_pending_at(struct hal_cpu *cpu, struct hal_site site,
                                         uint64_t caa_gpa, uint8_t *pending)
{
	*pending = 0;
	return hal_read_guest_at(cpu, site, caa_gpa + CAA_CALL_PENDING, pending, 1);
}

struct hw_result hal_caa_clear_pending_at(struct hal_cpu *cpu, struct hal_site site,
                                          uint64_t caa_gpa)
{
	static const uint8_t zero;
	return hal_write_guest_at(cpu, site, caa_gpa + CAA_CALL_PENDING, &zero, 1);
}

/* One CPU, and the module is never interrupted: a lock is never contended. */
void hal_lock_at(struct hal_cpu *cpu, struct hal_site site, hal_lock_t *lock)
{
	(void)site;
	lock->holder = cpu->index + 1;
}

void hal_unlock_at(struct hal_cpu *cpu, struct hal_site site, hal_lock_t *lock)
{
	(void)cpu;
	(void)site;
	lock->holder = 0;
}

unsigned hal_cpu_index(struct hal_cpu *cpu)
{
	return cpu->index;
}

/* The ghost layer is compiled out: ownership is the simulator's to check. */
void hal_ghost_own_at(struct hal_cpu *cpu, struct hal_site site, uint64_t gpa,
                      enum ghost_owner to)
{
	(void)cpu;
	(void)site;
	(void)gpa;
	(void)to;
}
