/*
 * serial.h: the 16550 UART QEMU emulates on COM1: the console.
 */
#ifndef QEMU_SERIAL_H
#define QEMU_SERIAL_H

#include <stdint.h>

#define QEMU_COM1 0x3f8

void qemu_serial_init(uint16_t port);
void qemu_serial_put(uint16_t port, uint8_t c);

#endif
