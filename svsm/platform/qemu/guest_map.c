/*
 * guest_map.c: the guest's page tables (see guest_map.h).
 *
 * On SEV-SNP the RMP check sits below the guest's own page tables: a
 * page the guest's VMPL may not touch faults whatever the guest maps.
 * x86 under TCG has no such check, so the platform folds it into the
 * one level it has: a page table entry is present, writable and
 * executable exactly when the software RMP's access check
 * (machine_translate, at the guest's VMPL) lets that access through.
 * A guest touching any other page takes a page fault, which the
 * platform reports as the model's #VC or #NPF (trap.c).
 */
#include "guest_map.h"
#include "hardware.h"
#include "io.h"
#include "layout.h"
#include "paging.h"

#define TABLES (QEMU_WINDOW_PAGES / PTES)

static uint64_t guest_pd[PTES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t guest_pt[TABLES][PTES] __attribute__((aligned(PAGE_SIZE)));

static bool guest_may(uint64_t gpa, enum access_kind kind)
{
	return hw_succeeded(machine_translate(&qemu_machine, QEMU_GUEST_VMPL, gpa, true, kind,
	                                      NULL, NULL));
}

static uint64_t entry_for(uint64_t gpa)
{
	if (!guest_may(gpa, ACCESS_READ))
		return 0;
	uint64_t pte = (QEMU_WINDOW_PHYS + gpa) | PTE_P | PTE_U;
	if (guest_may(gpa, ACCESS_WRITE))
		pte |= PTE_W;
	if (!guest_may(gpa, ACCESS_EXEC))
		pte |= PTE_NX;
	return pte;
}

void qemu_guest_map(void)
{
	for (unsigned i = 0; i < QEMU_WINDOW_PAGES; i++)
		guest_pt[i / PTES][i % PTES] = entry_for((uint64_t)i * PAGE_SIZE);
	for (unsigned t = 0; t < TABLES; t++)
		guest_pd[t] = (uint64_t)(uintptr_t)guest_pt[t] | PTE_P | PTE_W | PTE_U;
	qemu_pdpt[QEMU_GUEST_VA >> 30] = (uint64_t)(uintptr_t)guest_pd | PTE_P | PTE_W | PTE_U;
	qemu_flush_tlb();
	qemu_rmp_changed = false;
}

bool qemu_guest_gpa(uint64_t va, uint64_t *gpa)
{
	if (va < QEMU_GUEST_VA || va - QEMU_GUEST_VA >= (uint64_t)QEMU_WINDOW_PAGES * PAGE_SIZE)
		return false;
	*gpa = va - QEMU_GUEST_VA;
	return true;
}
