/*
 * guest_map.h: the guest's page tables, derived from the software RMP.
 */
#ifndef QEMU_GUEST_MAP_H
#define QEMU_GUEST_MAP_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Map every GPA of the window at QEMU_GUEST_VA + GPA as the RMP allows
 * the guest's VMPL: present only if it may read the page, writable only
 * if it may write it, executable only if it may execute it. Called after
 * anything that may change the RMP (boot, every SVSM call).
 */
void qemu_guest_map(void);

/* The GPA behind a guest virtual address; false outside the window. */
bool qemu_guest_gpa(uint64_t va, uint64_t *gpa);

#endif
