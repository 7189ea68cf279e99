/*
 * cmdline.c: the words of the kernel command line. The names of the
 * bugs are turned into bits by `svsmlab qemu`, which has the catalog;
 * the image takes only the bits, so that no second list of names exists.
 * QEMU puts the kernel's file name first: a word with a '/' is skipped.
 */
#include "cmdline.h"
#include "layout.h"
#include "../../bugs.h"

static bool starts(const char *s, const char *prefix, const char **rest)
{
	while (*prefix)
		if (*s++ != *prefix++)
			return false;
	*rest = s;
	return true;
}

static bool word_end(char c)
{
	return c == '\0' || c == ' ';
}

static bool parse_hex(const char *s, const char **end, uint32_t *v)
{
	const char *digits;
	if (!starts(s, "0x", &digits) || word_end(*digits))
		return false;
	uint64_t n = 0;
	for (s = digits; !word_end(*s); s++) {
		char c = *s;
		unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0')
		           : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16;
		if (d == 16 || (n = n * 16 + d) > 0xffffffffu)
			return false;
	}
	*end = s;
	*v = (uint32_t)n;
	return true;
}

static bool has_slash(const char *s)
{
	for (; !word_end(*s); s++)
		if (*s == '/')
			return true;
	return false;
}

bool qemu_cmdline_parse(const char *s, struct qemu_options *o)
{
	*o = (struct qemu_options){ 0 };
	while (*s) {
		const char *rest;
		if (*s == ' ') {
			s++;
		} else if (starts(s, "bugs=", &rest)) {
			if (!parse_hex(rest, &s, &o->bugs) || (o->bugs >> SVSM_NBUGS) != 0)
				return false;
		} else if (starts(s, "gdb", &rest) && word_end(*rest)) {
			o->gdb = true;
			s = rest;
		} else if (starts(s, "bench", &rest) && word_end(*rest)) {
			o->guest = QEMU_GUEST_BENCH;
			s = rest;
		} else if (starts(s, "fault", &rest) && word_end(*rest)) {
			o->guest = QEMU_GUEST_FAULT;
			s = rest;
		} else if (starts(s, "spin", &rest) && word_end(*rest)) {
			o->guest = QEMU_GUEST_SPIN;
			s = rest;
		} else if (has_slash(s)) {
			while (!word_end(*s))
				s++;
		} else {
			return false;
		}
	}
	return true;
}
