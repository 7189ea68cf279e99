/*
 * qemu.h: how the kit starts QEMU on the module's x86 image, for
 * `svsmlab qemu` (cli.c) and for bench/bench_qemu.c, so that the bench
 * measures the very machine the command runs.
 */
#ifndef QEMU_QEMU_H
#define QEMU_QEMU_H

#include <stddef.h>

#define QEMU_IMAGE SVSMLAB_SRCDIR "/build/qemu/svsm.elf"
#define QEMU_GUEST SVSMLAB_SRCDIR "/build/qemu/guest.elf"
#define QEMU_ARGV_MAX 24

/*
 * QEMU's command line into av (QEMU_ARGV_MAX entries): the image's kernel
 * command line append ("bugs=0xN", "bench", ...), and with gdb_port the
 * second serial port as a TCP server there (its option text in com2).
 */
void qemu_argv(char **av, const char *append, char *com2, size_t clen,
               unsigned long long gdb_port);

#endif
