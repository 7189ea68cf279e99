/*
 * serial.c: polled 16550 UART. No interrupts: the module waits for the
 * transmitter and asks the receiver, which is all a console and a gdb
 * line need, and leaves nothing to race.
 */
#include "serial.h"
#include "io.h"

#define REG_DATA  0   /* with DLAB: divisor low */
#define REG_IER   1   /* with DLAB: divisor high */
#define REG_FCR   2
#define REG_LCR   3
#define REG_MCR   4
#define REG_LSR   5
#define LSR_READY 0x01
#define LSR_EMPTY 0x20

void qemu_serial_init(uint16_t port)
{
	qemu_outb(port + REG_IER, 0x00);    /* no interrupts */
	qemu_outb(port + REG_LCR, 0x80);    /* DLAB: set the divisor */
	qemu_outb(port + REG_DATA, 0x01);   /* 115200 baud */
	qemu_outb(port + REG_IER, 0x00);
	qemu_outb(port + REG_LCR, 0x03);    /* 8N1 */
	qemu_outb(port + REG_FCR, 0xC7);    /* FIFOs on and cleared */
	qemu_outb(port + REG_MCR, 0x03);    /* DTR, RTS */
}

void qemu_serial_put(uint16_t port, uint8_t c)
{
	while (!(qemu_inb(port + REG_LSR) & LSR_EMPTY))
		;
	qemu_outb(port + REG_DATA, c);
}

bool qemu_serial_poll(uint16_t port, uint8_t *c)
{
	if (!(qemu_inb(port + REG_LSR) & LSR_READY))
		return false;
	*c = qemu_inb(port + REG_DATA);
	return true;
}
