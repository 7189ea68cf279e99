/*
 * timer.h: a periodic timer interrupt while gdb is served, so that the
 * stub looks for Ctrl-C even in a guest that makes no trap of its own.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

/* Tick QEMU_TIMER_HZ times a second on QEMU_VEC_TIMER (layout.h) from now on. */
void qemu_timer_start(void);

#endif
