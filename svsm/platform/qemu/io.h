/*
 * io.h: the x86 instructions the platform needs that C has no words for.
 */
#ifndef QEMU_IO_H
#define QEMU_IO_H

#include <stdint.h>

static inline void qemu_outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t qemu_inb(uint16_t port)
{
	uint8_t v;
	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t qemu_read_cr2(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%cr2, %0" : "=r"(v));
	return v;
}

/* Reloading CR3 drops every non-global TLB entry: the guest's pages changed. */
static inline void qemu_flush_tlb(void)
{
	uint64_t v;
	__asm__ __volatile__("mov %%cr3, %0; mov %0, %%cr3" : "=r"(v) : : "memory");
}

#endif
