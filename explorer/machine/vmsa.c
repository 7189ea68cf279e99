/*
 * vmsa.c: VMSA pages and VMRUN. The fields are read and written as the
 * guest's plaintext (key = its ASID), which is what the hardware and the
 * module see. VMRUN refuses a page without the RMP VMSA bit; a vCPU in
 * guest mode makes its VMSA "in use" for RMPADJUST and RMPUPDATE.
 */
#include "machine.h"

bool machine_vmsa_in_use(const struct machine *m, uint64_t spa)
{
	uint64_t page = spa & ~(uint64_t)(PAGE_SIZE - 1);
	for (unsigned i = 0; i < MACHINE_MAX_VCPUS; i++)
		if (m->vcpu[i].mode == VCPU_GUEST && m->vcpu[i].vmsa_spa == page)
			return true;
	return false;
}

/* A field of 1, 2, 4 or 8 bytes inside the page, in memory. */
static bool field_valid(const struct machine *m, uint64_t spa, unsigned off, unsigned width)
{
	bool width_ok = width == 1 || width == 2 || width == 4 || width == 8;
	return width_ok && off <= PAGE_SIZE - width && machine_spa_valid(m, spa);
}

static uint64_t field_spa(uint64_t vmsa_spa, unsigned off)
{
	return (vmsa_spa & ~(uint64_t)(PAGE_SIZE - 1)) + off;
}

/* A bad field reads as 0. */
uint64_t vmsa_get(const struct machine *m, uint64_t vmsa_spa, unsigned off, unsigned width)
{
	if (!field_valid(m, vmsa_spa, off, width))
		return 0;
	uint8_t b[8];
	machine_mem_read(m, field_spa(vmsa_spa, off), b, width, m->asid);
	uint64_t v = 0;
	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)b[i] << (8 * i);
	return v;
}

/* A bad field is ignored. */
void vmsa_set(struct machine *m, uint64_t vmsa_spa, unsigned off, unsigned width, uint64_t v)
{
	if (!field_valid(m, vmsa_spa, off, width))
		return;
	uint8_t b[8];
	for (unsigned i = 0; i < width; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	/* A partial write intersects labels; with PUBLIC the page keeps its label. */
	machine_mem_write(m, field_spa(vmsa_spa, off), b, width, m->asid, LABEL_PUBLIC);
}

bool machine_vmrun(struct machine *m, unsigned vcpu, uint64_t vmsa_spa)
{
	if (vcpu >= MACHINE_MAX_VCPUS || !machine_spa_valid(m, vmsa_spa) || !PAGE_ALIGNED(vmsa_spa))
		return false;
	const struct rmp_entry *e = &m->rmp[vmsa_spa >> PAGE_SHIFT];
	if (!e->assigned || e->asid != m->asid || !e->vmsa)
		return false;
	/* A save area whose EFER.SVME is clear is not runnable: DELETE_VCPU relies on it. */
	if (!(vmsa_get(m, vmsa_spa, VMSA_EFER, 8) & EFER_SVME))
		return false;
	m->vcpu[vcpu].vmsa_spa = vmsa_spa;
	m->vcpu[vcpu].mode = VCPU_GUEST;
	return true;
}
