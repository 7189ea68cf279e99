/*
 * serial.h: the 16550 UARTs QEMU emulates: COM1 is the console, COM2
 * the line of the module's gdb stub (gdb_stub.c).
 */
#ifndef QEMU_SERIAL_H
#define QEMU_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

#define QEMU_COM1 0x3f8
#define QEMU_COM2 0x2f8

void qemu_serial_init(uint16_t port);
void qemu_serial_put(uint16_t port, uint8_t c);
/* A received byte, if one is waiting: never blocks. */
bool qemu_serial_poll(uint16_t port, uint8_t *c);

#endif
