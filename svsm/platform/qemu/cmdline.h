/*
 * cmdline.h: what the kernel command line (QEMU's -append, passed on by
 * the Multiboot loader) tells the module.
 */
#ifndef QEMU_CMDLINE_H
#define QEMU_CMDLINE_H

#include <stdbool.h>
#include <stdint.h>

struct qemu_options {
	uint32_t bugs;   /* bugs=0xN: SVSM_BUG_BIT()s of the catalog bugs to switch on */
	bool gdb;        /* gdb: serve the guest to gdb on COM2, stopped before its first instruction */
	unsigned guest;  /* bench, fault, spin: QEMU_GUEST_BENCH, _FAULT or _SPIN, not the self-test */
};

/* Parse the words of s (NUL-terminated); an unknown word is an error (false). */
bool qemu_cmdline_parse(const char *s, struct qemu_options *o);

#endif
