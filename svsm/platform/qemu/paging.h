/*
 * paging.h: the bits of an x86-64 page table entry the platform sets,
 * and entry.S's page-directory-pointer table, under which the module's
 * identity map (entry 0), the guest's map (guest_map.c) and the local
 * APIC's page (timer.c) hang.
 */
#ifndef QEMU_PAGING_H
#define QEMU_PAGING_H

#include <stdint.h>

#define PTE_P   0x1ull
#define PTE_W   0x2ull
#define PTE_U   0x4ull
#define PTE_PCD 0x10ull         /* uncached: a device's registers */
#define PTE_PS  0x80ull         /* in a page directory: a 2 MiB page */
#define PTE_NX  (1ull << 63)
#define PTES    512             /* entries per table */

extern uint64_t qemu_pdpt[PTES];   /* entry.S: each entry maps 1 GiB */

#endif
