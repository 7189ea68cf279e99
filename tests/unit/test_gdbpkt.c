/*
 * test_gdbpkt.c: the GDB remote protocol's packet layer (svsm/lib/gdbpkt.c):
 * framing, checksums, acknowledgements, escaping, hex, run-length
 * encoding, and a peer that sends garbage.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../svsm/lib/gdbpkt.h"

/* Feed a string; the last event other than NONE (NONE if there was none). */
static enum gdbpkt_event feed(struct gdbpkt_rx *rx, const char *s, size_t n)
{
	enum gdbpkt_event last = GDBPKT_NONE;
	for (size_t i = 0; i < n; i++) {
		enum gdbpkt_event e = gdbpkt_feed(rx, (uint8_t)s[i]);
		if (e != GDBPKT_NONE)
			last = e;
	}
	return last;
}
#define FEED(rx, lit) feed((rx), (lit), sizeof(lit) - 1)

/* gdb's run-length decoding, written from the manual, to check the encoder against. */
static size_t rle_decode(const char *in, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '*') {
			assert_true(o > 0 && i + 1 < n);
			size_t more = (size_t)(uint8_t)in[++i] - 29;
			assert_true(more >= 3 && o + more <= cap);
			for (size_t k = 0; k < more; k++, o++)
				out[o] = out[o - 1];
		} else {
			assert_true(o < cap);
			out[o++] = in[i];
		}
	}
	return o;
}

static void a_good_packet_is_taken_whole(void **state)
{
	struct gdbpkt_rx rx;
	(void)state;
	gdbpkt_rx_init(&rx);
	assert_int_equal(FEED(&rx, "$qSupported#37"), GDBPKT_PACKET);
	assert_string_equal(rx.data, "qSupported");
	assert_int_equal(rx.len, 10);
	assert_int_equal(FEED(&rx, "$g#67"), GDBPKT_PACKET);
	assert_string_equal(rx.data, "g");
	assert_int_equal(FEED(&rx, "$#00"), GDBPKT_PACKET);   /* the empty packet */
	assert_int_equal(rx.len, 0);
	assert_int_equal(FEED(&rx, "$g#6"), GDBPKT_NONE);     /* not finished yet */
}

static void a_bad_checksum_or_digit_is_refused(void **state)
{
	struct gdbpkt_rx rx;
	(void)state;
	gdbpkt_rx_init(&rx);
	assert_int_equal(FEED(&rx, "$g#68"), GDBPKT_BAD);
	assert_int_equal(FEED(&rx, "$g#6z"), GDBPKT_BAD);
	assert_int_equal(FEED(&rx, "$g#z7"), GDBPKT_BAD);
	assert_int_equal(rx.len, 0);
	assert_int_equal(FEED(&rx, "$g#67"), GDBPKT_PACKET);   /* and the next good one works */
}

static void acks_and_interrupts_count_only_between_packets(void **state)
{
	struct gdbpkt_rx rx;
	(void)state;
	gdbpkt_rx_init(&rx);
	assert_int_equal(FEED(&rx, "+"), GDBPKT_ACK);
	assert_int_equal(FEED(&rx, "-"), GDBPKT_NACK);
	assert_int_equal(FEED(&rx, "\x03"), GDBPKT_INTERRUPT);
	assert_int_equal(FEED(&rx, "garbage"), GDBPKT_NONE);
	/* Inside a packet they are data. */
	assert_int_equal(FEED(&rx, "$+-\x03#"), GDBPKT_NONE);
	uint8_t sum = (uint8_t)('+' + '-' + 3);
	char digits[3] = { "0123456789abcdef"[sum >> 4], "0123456789abcdef"[sum & 15], 0 };
	assert_int_equal(feed(&rx, digits, 2), GDBPKT_PACKET);
	assert_memory_equal(rx.data, "+-\x03", 3);
}

static void a_dollar_restarts_a_truncated_packet(void **state)
{
	struct gdbpkt_rx rx;
	(void)state;
	gdbpkt_rx_init(&rx);
	assert_int_equal(FEED(&rx, "$m2002"), GDBPKT_NONE);
	assert_int_equal(FEED(&rx, "$g#67"), GDBPKT_PACKET);
	assert_string_equal(rx.data, "g");
	assert_int_equal(FEED(&rx, "$g#"), GDBPKT_NONE);   /* cut inside the checksum */
	assert_int_equal(FEED(&rx, "$?#3f"), GDBPKT_PACKET);
	assert_string_equal(rx.data, "?");
}

static void an_oversize_packet_is_dropped_without_overrun(void **state)
{
	struct gdbpkt_rx *rx = malloc(sizeof(*rx));
	size_t n = 3 * GDBPKT_MAX;
	char *big = malloc(n + 4);
	(void)state;
	assert_non_null(rx);
	assert_non_null(big);
	gdbpkt_rx_init(rx);
	memset(big, 'A', n + 4);
	big[0] = '$';
	uint8_t sum = (uint8_t)(n - 1) * (uint8_t)'A';
	big[n] = '#';
	big[n + 1] = "0123456789abcdef"[sum >> 4];
	big[n + 2] = "0123456789abcdef"[sum & 15];
	assert_int_equal(feed(rx, big, n + 3), GDBPKT_TOO_BIG);
	assert_int_equal(rx->len, 0);
	big[n + 2] = big[n + 2] == '0' ? '1' : '0';   /* and with a bad checksum: ask again */
	assert_int_equal(feed(rx, big, n + 3), GDBPKT_BAD);
	assert_int_equal(FEED(rx, "$g#67"), GDBPKT_PACKET);
	free(big);
	free(rx);
}

static void random_bytes_never_overrun_the_buffer(void **state)
{
	struct gdbpkt_rx rx;
	(void)state;
	gdbpkt_rx_init(&rx);
	srand(11);
	for (unsigned i = 0; i < 200000; i++) {
		uint8_t b = (uint8_t)rand();
		if (i % 5000 == 0)
			b = '$';
		enum gdbpkt_event e = gdbpkt_feed(&rx, b);
		assert_true(rx.len <= GDBPKT_MAX);
		if (e == GDBPKT_PACKET)
			assert_int_equal(rx.data[rx.len], '\0');
	}
	gdbpkt_rx_init(&rx);
	assert_int_equal(FEED(&rx, "$g#67"), GDBPKT_PACKET);
}

static void framing_adds_the_checksum(void **state)
{
	char out[32];
	(void)state;
	size_t n = gdbpkt_frame("OK", 2, false, out, sizeof(out));
	assert_int_equal(n, 6);
	assert_memory_equal(out, "$OK#9a", 6);
	n = gdbpkt_frame("", 0, false, out, sizeof(out));
	assert_memory_equal(out, "$#00", 4);
	/* What it frames, the receiver takes back. */
	struct gdbpkt_rx rx;
	gdbpkt_rx_init(&rx);
	n = gdbpkt_frame("T05thread:1;", 12, false, out, sizeof(out));
	assert_int_equal(feed(&rx, out, n), GDBPKT_PACKET);
	assert_string_equal(rx.data, "T05thread:1;");
}

static void framing_refuses_what_does_not_fit_or_breaks_the_frame(void **state)
{
	char out[8];
	(void)state;
	assert_int_equal(gdbpkt_frame("OKOK", 4, false, out, 7), 0);
	assert_int_equal(gdbpkt_frame("OKOK", 4, false, out, 8), 8);
	assert_int_equal(gdbpkt_frame("a#b", 3, false, out, sizeof(out)), 0);
	assert_int_equal(gdbpkt_frame("a$b", 3, false, out, sizeof(out)), 0);
	assert_int_equal(gdbpkt_frame("a*b", 3, true, out, sizeof(out)), 0);
	assert_int_equal(gdbpkt_frame("a*b", 3, false, out, sizeof(out)), 7);
}

static void run_length_encoding_decodes_to_the_data(void **state)
{
	(void)state;
	/* Runs of every length up to well past one count, so each forbidden count is met. */
	for (size_t run = 1; run < 300; run++) {
		char data[320], framed[400], back[400];
		memset(data, '0', run);
		data[run] = 'x';
		size_t n = gdbpkt_frame(data, run + 1, true, framed, sizeof(framed));
		assert_true(n > 0);
		struct gdbpkt_rx rx;
		gdbpkt_rx_init(&rx);
		assert_int_equal(feed(&rx, framed, n), GDBPKT_PACKET);
		for (size_t i = 0; i < rx.len; i++) {
			char c = rx.data[i];
			assert_true(c >= 32 && c <= 126);
			if (i > 0 && rx.data[i - 1] == '*')
				assert_true(c != '#' && c != '$' && c != '+' && c != '-');
		}
		size_t m = rle_decode(rx.data, rx.len, back, sizeof(back));
		assert_int_equal(m, run + 1);
		assert_memory_equal(back, data, run + 1);
		if (run >= 4)
			assert_true(rx.len < run + 1);   /* it did shorten */
	}
}

static void hex_round_trips_and_refuses_junk(void **state)
{
	uint8_t in[4] = { 0x00, 0x7f, 0xa5, 0xff }, back[4];
	char hex[9];
	(void)state;
	assert_int_equal(gdbpkt_hex_encode(in, 4, hex, 8), 8);
	assert_memory_equal(hex, "007fa5ff", 8);
	assert_int_equal(gdbpkt_hex_encode(in, 4, hex, 7), 0);
	assert_int_equal(gdbpkt_hex_decode("007FA5ff", 8, back, 4), 4);
	assert_memory_equal(back, in, 4);
	assert_int_equal(gdbpkt_hex_decode("007", 3, back, 4), -1);
	assert_int_equal(gdbpkt_hex_decode("0g", 2, back, 4), -1);
	assert_int_equal(gdbpkt_hex_decode("0011223344", 10, back, 4), -1);
}

static void hex_numbers_are_bounded(void **state)
{
	const char *s = "20020,6:", *p = s;
	uint64_t v;
	(void)state;
	assert_true(gdbpkt_parse_hex(&p, s + strlen(s), &v));
	assert_true(v == 0x20020);
	assert_ptr_equal(p, s + 5);
	p = s + 5;   /* "," is no digit */
	assert_false(gdbpkt_parse_hex(&p, s + strlen(s), &v));
	assert_ptr_equal(p, s + 5);
	const char *max = "ffffffffffffffff", *big = "10000000000000000";
	p = max;
	assert_true(gdbpkt_parse_hex(&p, max + 16, &v));
	assert_true(v == UINT64_MAX);
	p = big;
	assert_false(gdbpkt_parse_hex(&p, big + 17, &v));
	p = max;   /* the end bounds it */
	assert_true(gdbpkt_parse_hex(&p, max + 2, &v));
	assert_true(v == 0xff);
}

static void escaping_round_trips_every_byte(void **state)
{
	uint8_t in[256], back[256];
	char esc[512];
	(void)state;
	for (unsigned i = 0; i < 256; i++)
		in[i] = (uint8_t)i;
	long n = gdbpkt_escape(in, 256, esc, sizeof(esc));
	assert_int_equal(n, 256 + 4);
	for (long i = 0; i < n; i++)
		if (esc[i] == '}')
			i++;
		else
			assert_true(esc[i] != '#' && esc[i] != '$' && esc[i] != '*');
	assert_int_equal(gdbpkt_unescape(esc, (size_t)n, back, sizeof(back)), 256);
	assert_memory_equal(back, in, 256);
	assert_int_equal(gdbpkt_escape(in, 256, esc, 259), -1);
	assert_int_equal(gdbpkt_unescape("ab}", 3, back, sizeof(back)), -1);
	assert_int_equal(gdbpkt_unescape("abc", 3, back, 2), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_good_packet_is_taken_whole),
		cmocka_unit_test(a_bad_checksum_or_digit_is_refused),
		cmocka_unit_test(acks_and_interrupts_count_only_between_packets),
		cmocka_unit_test(a_dollar_restarts_a_truncated_packet),
		cmocka_unit_test(an_oversize_packet_is_dropped_without_overrun),
		cmocka_unit_test(random_bytes_never_overrun_the_buffer),
		cmocka_unit_test(framing_adds_the_checksum),
		cmocka_unit_test(framing_refuses_what_does_not_fit_or_breaks_the_frame),
		cmocka_unit_test(run_length_encoding_decodes_to_the_data),
		cmocka_unit_test(hex_round_trips_and_refuses_junk),
		cmocka_unit_test(hex_numbers_are_bounded),
		cmocka_unit_test(escaping_round_trips_every_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
