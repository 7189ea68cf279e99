/*
 * hex.h: a number as "0x..." without leading zeros, for the module's
 * console and the guest's, which share no library.
 */
#ifndef QEMU_HEX_H
#define QEMU_HEX_H

#include <stdint.h>

/* Writes v into buf (at most 18 characters and a NUL); returns the length. */
static inline int qemu_format_hex(char buf[19], uint64_t v)
{
	int n = 0;
	buf[n++] = '0';
	buf[n++] = 'x';
	for (int shift = 60; shift >= 0; shift -= 4) {
		unsigned d = (v >> shift) & 0xf;
		if (d || n > 2 || shift == 0)
			buf[n++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
	}
	buf[n] = '\0';
	return n;
}

#endif
