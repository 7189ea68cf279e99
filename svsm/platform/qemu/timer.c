/*
 * timer.c: the legacy PC timer (the i8254 PIT, channel 0) through the
 * i8259 interrupt controller, the simplest periodic interrupt microvm
 * offers: port I/O, but for one register of the local APIC, which must
 * pass the PIC's line on (LINT0 in ExtINT mode, as a PC's BIOS leaves
 * it; microvm's firmware leaves it masked).
 *
 * The interrupt reaches the module only while the guest runs: the
 * module itself runs with interrupts off (every gate is an interrupt
 * gate, and it never sets IF), and the guest runs with IF set only when
 * gdb is served (run.c), so a run without gdb is not slowed by ticks.
 * The controllers are in automatic end-of-interrupt mode: a tick needs
 * no answer, and its trap is just a moment at which the stub looks at
 * COM2 (run.c). Every other line stays masked.
 */
#include "io.h"
#include "layout.h"
#include "paging.h"
#include "timer.h"

#define PIC1_CMD   0x20
#define PIC1_DATA  0x21
#define PIC2_CMD   0xA0
#define PIC2_DATA  0xA1
#define ICW1_INIT  0x11   /* edge triggered, cascaded, ICW4 follows */
#define ICW4_AEOI  0x03   /* 8086 mode, automatic end of interrupt */

#define PIT_CH0    0x40
#define PIT_CMD    0x43
#define PIT_RATE   0x34   /* channel 0, low then high byte, mode 2: a rate generator */
#define PIT_HZ     1193182u

/* The local APIC's registers, at its reset address: above the module's first GiB. */
#define APIC_BASE       0xFEE00000ull
#define APIC_SVR        0x0F0    /* spurious vector; bit 8 switches the APIC on */
#define APIC_LVT_LINT0  0x350
#define APIC_ON         0x100
#define LVT_EXTINT      0x700    /* the PIC's line, unmasked: the PIC gives the vector */
#define GIB             (1ull << 30)
#define MIB2            (1ull << 21)

static uint64_t apic_pd[PTES] __attribute__((aligned(4096)));

/* Map the APIC's page (supervisor only, uncached) and let it pass the PIC's interrupts. */
static void apic_pass_pic(void)
{
	apic_pd[(APIC_BASE % GIB) / MIB2] = (APIC_BASE & ~(MIB2 - 1)) | PTE_P | PTE_W | PTE_PS | PTE_PCD;
	qemu_pdpt[APIC_BASE / GIB] = (uint64_t)(uintptr_t)apic_pd | PTE_P | PTE_W;
	qemu_flush_tlb();
	volatile uint32_t *apic = (volatile uint32_t *)(uintptr_t)APIC_BASE;
	apic[APIC_SVR / 4] = APIC_ON | QEMU_VEC_SPURIOUS;
	apic[APIC_LVT_LINT0 / 4] = LVT_EXTINT;
}

void qemu_timer_start(void)
{
	apic_pass_pic();
	/* Both controllers: vectors from QEMU_VEC_TIMER, the second on the first's line 2. */
	qemu_outb(PIC1_CMD, ICW1_INIT);
	qemu_outb(PIC2_CMD, ICW1_INIT);
	qemu_outb(PIC1_DATA, QEMU_VEC_TIMER);
	qemu_outb(PIC2_DATA, QEMU_VEC_TIMER + 8);
	qemu_outb(PIC1_DATA, 1 << 2);
	qemu_outb(PIC2_DATA, 2);
	qemu_outb(PIC1_DATA, ICW4_AEOI);
	qemu_outb(PIC2_DATA, ICW4_AEOI);
	qemu_outb(PIC1_DATA, 0xFE);   /* only line 0, the PIT */
	qemu_outb(PIC2_DATA, 0xFF);

	unsigned divisor = PIT_HZ / QEMU_TIMER_HZ;
	qemu_outb(PIT_CMD, PIT_RATE);
	qemu_outb(PIT_CH0, (uint8_t)divisor);
	qemu_outb(PIT_CH0, (uint8_t)(divisor >> 8));
}
