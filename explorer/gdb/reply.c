/*
 * reply.c: a reply's text, built in a buffer of one packet's size. What
 * does not fit marks the reply full rather than being cut silently: the
 * dispatcher then answers an error, never a truncated value.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "gdb.h"

void reply_reset(struct reply *r)
{
	r->len = 0;
	r->full = false;
	r->text[0] = '\0';
}

void reply_add(struct reply *r, const char *fmt, ...)
{
	size_t room = sizeof(r->text) - r->len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(r->text + r->len, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		r->full = true;
		r->text[r->len] = '\0';
		return;
	}
	r->len += (size_t)n;
}

void reply_bytes(struct reply *r, const char *b, size_t n)
{
	if (n >= sizeof(r->text) - r->len) {
		r->full = true;
		return;
	}
	memcpy(r->text + r->len, b, n);
	r->len += n;
	r->text[r->len] = '\0';
}

void reply_hex(struct reply *r, const uint8_t *b, size_t n)
{
	size_t room = sizeof(r->text) - r->len - 1;
	size_t w = gdbpkt_hex_encode(b, n, r->text + r->len, room);
	if (n > 0 && w == 0) {
		r->full = true;
		return;
	}
	r->len += w;
	r->text[r->len] = '\0';
}

void reply_error(struct reply *r, unsigned code)
{
	reply_reset(r);
	reply_add(r, "E%02x", code & 0xff);
}
