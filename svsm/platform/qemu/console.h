/*
 * console.h: the module's lines on COM1 ("svsm: ..."), and the exit
 * through QEMU's isa-debug-exit device.
 */
#ifndef QEMU_CONSOLE_H
#define QEMU_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

void qemu_write(const char *s, size_t n);
void qemu_puts(const char *s);
/* s, then v in hex ("0x..."). */
void qemu_put_hex(const char *s, uint64_t v);

/* How a run ends; QEMU exits with (status << 1) | 1. */
enum qemu_status { QEMU_PASSED = 0, QEMU_FAILED = 1, QEMU_PANIC = 2 };
_Noreturn void qemu_exit(enum qemu_status status);
/* The module itself went wrong: say why, and end the run. */
_Noreturn void qemu_panic(const char *why);

#endif
