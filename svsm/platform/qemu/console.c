/*
 * console.c: COM1 output and the end of a run.
 *
 * The isa-debug-exit device (QEMU's -device isa-debug-exit,iobase=0xf4)
 * ends QEMU when a byte is written to its port, with exit status
 * (byte << 1) | 1: so 1 means passed, 3 failed, 5 a module panic, and 0
 * (QEMU ended some other way) or a timeout is never mistaken for either.
 */
#include "console.h"
#include "hex.h"
#include "io.h"
#include "serial.h"

#define DEBUG_EXIT_PORT 0xf4

void qemu_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			qemu_serial_put(QEMU_COM1, '\r');
		qemu_serial_put(QEMU_COM1, (uint8_t)s[i]);
	}
}

void qemu_puts(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	qemu_write(s, n);
}

void qemu_put_hex(const char *s, uint64_t v)
{
	char buf[19];
	int n = qemu_format_hex(buf, v);
	qemu_puts(s);
	qemu_write(buf, (size_t)n);
}

_Noreturn void qemu_exit(enum qemu_status status)
{
	qemu_outb(DEBUG_EXIT_PORT, (uint8_t)status);
	for (;;)   /* without the device (a bare qemu line): stop here */
		__asm__ __volatile__("cli; hlt");
}

_Noreturn void qemu_panic(const char *why)
{
	qemu_puts("svsm: panic: ");
	qemu_puts(why);
	qemu_puts("\n");
	qemu_exit(QEMU_PANIC);
}
