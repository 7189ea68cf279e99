/*
 * cpu.h: the x86-64 tables that let a ring-3 guest trap into the module.
 */
#ifndef QEMU_CPU_H
#define QEMU_CPU_H

#include <stdbool.h>
#include <stdint.h>

/* Selectors of cpu.c's GDT; the guest's carry RPL 3. */
#define QEMU_KERNEL_CS 0x08
#define QEMU_KERNEL_DS 0x10
#define QEMU_USER_DS   (0x18 | 3)
#define QEMU_USER_CS   (0x20 | 3)

/* Load the GDT (with ring-3 segments and the TSS) and the IDT. */
void qemu_cpu_init(uint64_t kernel_stack_top);

#endif
