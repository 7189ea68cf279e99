/*
 * cpu.c: GDT, TSS and IDT.
 *
 * The guest runs in ring 3 and the module in ring 0, so the GDT has code
 * and data segments for both, and a TSS whose RSP0 is the stack every
 * trap from ring 3 lands on. The IDT sends vectors 0..31 (exceptions,
 * among them the guest's page faults, #DB and #BP), VMGEXIT, the
 * hypercall and the timer's interrupt (timer.c) to trap.S. Only the vectors a ring-3 `int` may raise have
 * DPL 3: VMGEXIT, the hypercall, and int3 (gdb's breakpoints); any other
 * `int n` from the guest is a #GP, which the module reports.
 */
#include "cpu.h"
#include "frame.h"
#include "layout.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;          /* present, DPL, 0xE: 64-bit interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};

struct table_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

#define NGATES 256
#define GATE_INTERRUPT 0x8E
#define GATE_DPL3      0x60

static struct tss tss;
static struct idt_gate idt[NGATES];
static uint64_t gdt[7] = {
	0,
	0x00AF9A000000FFFF,   /* 0x08: 64-bit code, ring 0 */
	0x00CF92000000FFFF,   /* 0x10: data, ring 0 */
	0x00CFF2000000FFFF,   /* 0x18: data, ring 3 */
	0x00AFFA000000FFFF,   /* 0x20: 64-bit code, ring 3 */
	0, 0,                 /* 0x28: the TSS, 16 bytes, filled in below */
};
#define TSS_SELECTOR 0x28

static void set_tss_descriptor(void)
{
	uint64_t base = (uint64_t)&tss, limit = sizeof(tss) - 1;
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
	         (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
}

static void set_gate(unsigned vector, uint64_t handler, bool user)
{
	struct idt_gate *g = &idt[vector];
	g->offset_low = (uint16_t)handler;
	g->selector = QEMU_KERNEL_CS;
	g->ist = 0;
	g->type = GATE_INTERRUPT | (user ? GATE_DPL3 : 0);
	g->offset_mid = (uint16_t)(handler >> 16);
	g->offset_high = (uint32_t)(handler >> 32);
	g->reserved = 0;
}

void qemu_cpu_init(uint64_t kernel_stack_top)
{
	tss.rsp[0] = kernel_stack_top;
	tss.iomap_base = sizeof(tss);   /* no I/O bitmap: the guest has no ports */
	set_tss_descriptor();
	for (unsigned v = 0; v < 32; v++)
		set_gate(v, qemu_trap_stubs[v], v == 3);
	set_gate(QEMU_VEC_VMGEXIT, qemu_trap_stubs[32], true);
	set_gate(QEMU_VEC_HYPERCALL, qemu_trap_stubs[33], true);
	set_gate(QEMU_VEC_TIMER, qemu_trap_stubs[34], false);
	set_gate(QEMU_VEC_SPURIOUS, qemu_trap_stubs[35], false);

	struct table_ptr g = { sizeof(gdt) - 1, (uint64_t)gdt };
	struct table_ptr i = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ __volatile__(
		"lgdt %0\n\t"
		"pushq %2\n\t"                  /* reload CS through a far return */
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"mov %3, %%ax\n\t"
		"mov %%ax, %%ds\n\t"
		"mov %%ax, %%es\n\t"
		"mov %%ax, %%ss\n\t"
		"lidt %1\n\t"
		"ltr %w4"
		: : "m"(g), "m"(i), "i"(QEMU_KERNEL_CS), "i"(QEMU_KERNEL_DS), "r"(TSS_SELECTOR)
		: "rax", "memory");
}
