/*
 * layout.h: the launch layout of the QEMU build, which the module's
 * platform and the guest kernel both read (the guest has no firmware
 * tables to learn it from).
 *
 * Guest-physical memory is a window of physical RAM: GPA g lives at
 * physical QEMU_WINDOW_PHYS + g. The window is as large as the module's
 * bitmaps can track (SVSM_MAX_PAGES pages), and the software RMP has one
 * entry per page of it. The module's own code, stack and page tables lie
 * outside the window, at 1 MiB where the boot loader puts them: no GPA
 * reaches them, as no GPA reaches the SVSM's image on SEV-SNP.
 *
 * The guest sees GPA g at virtual QEMU_GUEST_VA + g, through page tables
 * the platform derives from the RMP. Included by assembly too: numbers only.
 */
#ifndef QEMU_LAYOUT_H
#define QEMU_LAYOUT_H

#define QEMU_WINDOW_PHYS   0x1000000      /* 16 MiB: above the image, below QEMU's 128 MiB */
#define QEMU_WINDOW_PAGES  1024           /* = SVSM_MAX_PAGES = MACHINE_MAX_PAGES */
#define QEMU_GUEST_VA      0x40000000     /* 1 GiB: the guest's linear map of its GPAs */

/* In GPA space: the module's pages (as the simulator's), then guest RAM. */
#define QEMU_MODULE_PAGES  8
#define QEMU_SECRETS_GPA   0x1000
#define QEMU_BOOT_VMSA_GPA 0x2000
#define QEMU_GUEST_BASE    0x8000         /* its first page is vCPU 0's Calling Area */
#define QEMU_GUEST_SECRETS_GPA 0xb000     /* where the module writes the guest's secrets page */
#define QEMU_GUEST_LOAD    0x100000       /* where the guest kernel's image is copied */
/*
 * The platform's CPUs, APIC IDs 0 and 1: CREATE_VCPU binds a VMSA to the
 * CPU with the APIC ID it names. Only CPU 0 runs; the self-test creates
 * and deletes a vCPU on CPU 1, which nothing starts (docs/qemu.md).
 */
#define QEMU_CPUS          2
#define QEMU_GUEST_VMPL    1
#define QEMU_SEV_FEATURES  0x1            /* SNP active: what every guest VMSA must carry */

/* What the guest kernel does, passed to it in RDI at its start. */
#define QEMU_GUEST_TEST    0      /* the self-test */
#define QEMU_GUEST_BENCH   1      /* time SVSM calls (bench/bench_qemu.c) */
#define QEMU_GUEST_FAULT   2      /* touch a page it rescinded: the #VC report */
#define QEMU_GUEST_SPIN    3      /* spin without a trap: gdb's Ctrl-C through the timer */

/* Software interrupts the guest may raise from ring 3. */
#define QEMU_VEC_VMGEXIT   0x80   /* run VMPL0: the SVSM call in the Calling Area */
#define QEMU_VEC_HYPERCALL 0x81   /* ask the hypervisor: RAX = one of the below */
#define QEMU_HC_WRITE      1      /* write RSI bytes at guest virtual RDI to the console */
#define QEMU_HC_EXIT       2      /* end the run; RDI = 0 passed, 1 failed */

/* The timer's interrupt while gdb is served (timer.c), and the PIC's spurious one. */
#define QEMU_VEC_TIMER     0x20
#define QEMU_VEC_SPURIOUS  0x27   /* QEMU_VEC_TIMER + 7: line 7 */
#define QEMU_TIMER_HZ      100

#endif
