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
 * if it may write it, executable only if it may execute it. Called at
 * boot, and after every SVSM call that changed the RMP (qemu_rmp_changed).
 */
void qemu_guest_map(void);

/* The GPA behind a guest virtual address; false outside the window. */
bool qemu_guest_gpa(uint64_t va, uint64_t *gpa);

#endif
