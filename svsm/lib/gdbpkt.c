/*
 * gdbpkt.c: framing, checksums, escaping, hex and run-length encoding of
 * GDB remote protocol packets (gdbpkt.h). No C library: only the
 * compiler's own headers.
 */
#include "gdbpkt.h"

static const char hex_digits[] = "0123456789abcdef";

int gdbpkt_hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

uint8_t gdbpkt_checksum(const char *data, size_t n)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum = (uint8_t)(sum + (uint8_t)data[i]);
	return sum;
}

void gdbpkt_rx_init(struct gdbpkt_rx *rx)
{
	rx->state = RX_IDLE;
	rx->sum = rx->got = 0;
	rx->bad_digit = rx->overflow = false;
	rx->len = 0;
	rx->data[0] = '\0';
}

/* The packet's end: its checksum has been read. */
static enum gdbpkt_event finish(struct gdbpkt_rx *rx, int low)
{
	rx->state = RX_IDLE;
	rx->data[rx->len] = '\0';
	if (rx->bad_digit || low < 0 || (uint8_t)(rx->got << 4 | low) != rx->sum) {
		rx->len = 0;
		rx->data[0] = '\0';
		return GDBPKT_BAD;
	}
	if (rx->overflow) {
		rx->len = 0;
		rx->data[0] = '\0';
		return GDBPKT_TOO_BIG;
	}
	return GDBPKT_PACKET;
}

enum gdbpkt_event gdbpkt_feed(struct gdbpkt_rx *rx, uint8_t byte)
{
	if (byte == '$') {   /* a new packet, whatever came before */
		gdbpkt_rx_init(rx);
		rx->state = RX_DATA;
		return GDBPKT_NONE;
	}
	switch (rx->state) {
	case RX_IDLE:
		if (byte == '+')
			return GDBPKT_ACK;
		if (byte == '-')
			return GDBPKT_NACK;
		if (byte == 0x03)
			return GDBPKT_INTERRUPT;
		return GDBPKT_NONE;
	case RX_DATA:
		if (byte == '#') {
			rx->state = RX_SUM1;
			return GDBPKT_NONE;
		}
		/* The sum covers every byte, kept or not, so an oversize packet is still checked. */
		rx->sum = (uint8_t)(rx->sum + byte);
		if (rx->len < GDBPKT_MAX)
			rx->data[rx->len++] = (char)byte;
		else
			rx->overflow = true;
		return GDBPKT_NONE;
	case RX_SUM1: {
		int v = gdbpkt_hex_value((char)byte);
		rx->bad_digit = v < 0;
		rx->got = (uint8_t)(v < 0 ? 0 : v);
		rx->state = RX_SUM2;
		return GDBPKT_NONE;
	}
	case RX_SUM2:
		return finish(rx, gdbpkt_hex_value((char)byte));
	}
	return GDBPKT_NONE;
}

/* Bytes a count character may not be: they frame packets or acknowledge them. */
static bool count_char_ok(size_t count)
{
	char c = (char)(count + 29);
	return c != '#' && c != '$' && c != '+' && c != '-';
}

/* The longest run of further copies one '*' may say: a printable count, 3 at least. */
#define RLE_MIN 3
#define RLE_MAX (126 - 29)

size_t gdbpkt_frame(const char *data, size_t len, bool rle, char *out, size_t cap)
{
	size_t o = 0;
	if (cap < 1)
		return 0;
	out[o++] = '$';
	for (size_t i = 0; i < len;) {
		char c = data[i];
		if (c == '$' || c == '#' || (rle && c == '*'))
			return 0;
		size_t run = 1;
		while (rle && i + run < len && data[i + run] == c)
			run++;
		i += run;
		while (run > 0) {   /* c, then maybe '*' and a count of further copies */
			if (o >= cap)
				return 0;
			out[o++] = c;
			run--;
			size_t more = run < RLE_MAX ? run : RLE_MAX;
			while (more >= RLE_MIN && !count_char_ok(more))
				more--;
			if (more < RLE_MIN)
				continue;
			if (o + 2 > cap)
				return 0;
			out[o++] = '*';
			out[o++] = (char)(more + 29);
			run -= more;
		}
	}
	if (o + 3 > cap)
		return 0;
	uint8_t sum = gdbpkt_checksum(out + 1, o - 1);
	out[o++] = '#';
	out[o++] = hex_digits[sum >> 4];
	out[o++] = hex_digits[sum & 0xf];
	return o;
}

size_t gdbpkt_hex_encode(const uint8_t *in, size_t n, char *out, size_t cap)
{
	if (n > cap / 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex_digits[in[i] >> 4];
		out[2 * i + 1] = hex_digits[in[i] & 0xf];
	}
	return 2 * n;
}

long gdbpkt_hex_decode(const char *in, size_t n, uint8_t *out, size_t cap)
{
	if (n % 2 != 0 || n / 2 > cap)
		return -1;
	for (size_t i = 0; i < n / 2; i++) {
		int hi = gdbpkt_hex_value(in[2 * i]), lo = gdbpkt_hex_value(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return (long)(n / 2);
}

static bool needs_escape(uint8_t b)
{
	return b == '#' || b == '$' || b == '}' || b == '*';
}

long gdbpkt_escape(const uint8_t *in, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		bool esc = needs_escape(in[i]);
		if (o + (esc ? 2 : 1) > cap)
			return -1;
		if (esc) {
			out[o++] = '}';
			out[o++] = (char)(in[i] ^ 0x20);
		} else {
			out[o++] = (char)in[i];
		}
	}
	return (long)o;
}

long gdbpkt_unescape(const char *in, size_t n, uint8_t *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (o >= cap)
			return -1;
		if (in[i] == '}') {
			if (++i >= n)
				return -1;
			out[o++] = (uint8_t)in[i] ^ 0x20;
		} else {
			out[o++] = (uint8_t)in[i];
		}
	}
	return (long)o;
}

bool gdbpkt_parse_hex(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	unsigned digits = 0;
	for (; s < end && gdbpkt_hex_value(*s) >= 0; s++) {
		if (++digits > 16)
			return false;
		x = x << 4 | (uint64_t)gdbpkt_hex_value(*s);
	}
	if (digits == 0)
		return false;
	*v = x;
	*p = s;
	return true;
}
