/*
 * hal_qemu.h: what the platform's CPU is, for the module's HAL calls
 * (hal_qemu.c). There is one: the module serves vCPU 0 only.
 */
#ifndef QEMU_HAL_QEMU_H
#define QEMU_HAL_QEMU_H

struct hal_cpu {
	unsigned index;
};

#endif
