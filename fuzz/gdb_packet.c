/*
 * gdb_packet.c: the gdb harness, libFuzzer's entry for what a gdb client
 * sends: the packet layer (svsm/lib/gdbpkt.c) and the stub's answers
 * (explorer/gdb/dispatch.c) on the explorer's built-in trace.
 *
 * The fuzzer's bytes are the byte stream from the client: packets, acks,
 * interrupts, and anything else. Each byte goes to the receiver; each
 * packet it completes is answered by a stub that has served nobody before
 * (opened afresh for every input, so that an input means the same thing
 * every time it runs).
 *
 * The oracle, besides ASan and UBSan (the layer must never write past its
 * buffer, whatever the peer sends):
 *   - a packet is at most GDBPKT_MAX bytes, NUL-terminated, and framed
 *     again it is received as the same packet (run-length encoded, once
 *     its runs are expanded);
 *   - unescaping, escaping and unescaping again give the same bytes, and
 *     so do hex decoding, encoding and decoding;
 *   - every reply of the stub fits one packet and can be framed.
 * A breach aborts, and libFuzzer keeps the input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../explorer/demo/demo_trace.h"
#include "../explorer/gdb/gdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Packets answered per input: a bound on one input's time (a 'c' runs the whole trace). */
#define MAX_PACKETS 64

static void breach(const char *what)
{
	fprintf(stderr, "fuzz: violation gdb-packet: %s\n", what);
	abort();
}

/*
 * The receiver keeps a packet as sent; a reader of replies expands the
 * runs ("x*" and a count character c: c - 29 more copies of x), as gdb
 * does. The length, or -1 when the text is not a well-formed encoding.
 */
static long expand_runs(const char *in, size_t n, char *out, size_t cap)
{
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		if (in[i] != '*') {
			if (len == cap)
				return -1;
			out[len++] = in[i];
			continue;
		}
		if (len == 0 || i + 1 == n || (unsigned char)in[i + 1] < 29)
			return -1;
		size_t copies = (unsigned char)in[++i] - 29u;
		if (copies > cap - len)
			return -1;
		memset(out + len, out[len - 1], copies);
		len += copies;
	}
	return (long)len;
}

/* Feeds n framed bytes to a fresh receiver: the one packet they hold must be data. */
static void received_again(const char *framed, size_t n, bool rle, const char *data, size_t len)
{
	static struct gdbpkt_rx rx;
	static char expanded[GDBPKT_MAX];
	gdbpkt_rx_init(&rx);
	enum gdbpkt_event ev = GDBPKT_NONE;
	for (size_t i = 0; i < n; i++)
		ev = gdbpkt_feed(&rx, (uint8_t)framed[i]);
	if (ev != GDBPKT_PACKET)
		breach("a packet framed again is not received");
	const char *got = rx.data;
	long got_len = (long)rx.len;
	if (rle) {
		got = expanded;
		got_len = expand_runs(rx.data, rx.len, expanded, sizeof(expanded));
	}
	if (got_len != (long)len || memcmp(got, data, len) != 0)
		breach("a packet framed again is not received as itself");
}

static void check_framing(const char *data, size_t len)
{
	static char framed[GDBPKT_FRAMED(GDBPKT_MAX)];
	bool plain_ok = memchr(data, '$', len) == NULL && memchr(data, '#', len) == NULL;
	size_t n = gdbpkt_frame(data, len, false, framed, sizeof(framed));
	if ((n != 0) != plain_ok)
		breach("gdbpkt_frame refused a packet it could frame, or framed one it must refuse");
	if (n)
		received_again(framed, n, false, data, len);
	if (plain_ok && memchr(data, '*', len) == NULL) {
		n = gdbpkt_frame(data, len, true, framed, sizeof(framed));
		if (n == 0)
			breach("gdbpkt_frame with run-length encoding refused a packet");
		received_again(framed, n, true, data, len);
	}
}

static void check_codings(const char *data, size_t len)
{
	static uint8_t bytes[GDBPKT_MAX], again[GDBPKT_MAX];
	static char text[2 * GDBPKT_MAX + 1];
	long n = gdbpkt_unescape(data, len, bytes, sizeof(bytes));
	if (n >= 0) {
		long e = gdbpkt_escape(bytes, (size_t)n, text, sizeof(text));
		if (e < 0 || gdbpkt_unescape(text, (size_t)e, again, sizeof(again)) != n ||
		    memcmp(bytes, again, (size_t)n) != 0)
			breach("escaping does not undo unescaping");
	}
	n = gdbpkt_hex_decode(data, len, bytes, sizeof(bytes));
	if (n >= 0) {
		size_t e = gdbpkt_hex_encode(bytes, (size_t)n, text, sizeof(text));
		if ((e == 0 && n > 0) || gdbpkt_hex_decode(text, e, again, sizeof(again)) != n ||
		    memcmp(bytes, again, (size_t)n) != 0)
			breach("hex encoding does not undo hex decoding");
	}
}

static void check_reply(const struct gdb *g)
{
	static char framed[GDBPKT_FRAMED(GDBPKT_MAX)];
	if (g->out.len > GDBPKT_MAX)
		breach("a reply longer than a packet");
	if (g->out.len && gdbpkt_frame(g->out.text, g->out.len, false, framed, sizeof(framed)) == 0)
		breach("a reply that cannot be framed");
}

static struct gdb g;
static size_t base_steps;   /* the built-in trace's length: more means a write was inserted */

/*
 * A stub that has served nobody: the model rewound to the start, or, when
 * the last input wrote memory (inserted steps), the trace opened again.
 * Opening costs a scan of the trace; rewinding almost nothing.
 */
static void fresh_stub(void)
{
	static bool opened;
	if (opened && g.t.n == base_steps) {
		model_goto(&g.m, 0);
	} else {
		if (opened) {
			model_close(&g.m);
			trace_free(&g.t);
		}
		const char *why = NULL;
		char err[256];
		memset(&g, 0, sizeof(g));
		if (demo_trace(&g.t, 0, &why) != 0 || model_open(&g.m, &g.t, err, sizeof(err)) != 0) {
			fprintf(stderr, "fuzz: the built-in trace does not open: %s\n", why ? why : err);
			exit(2);
		}
		base_steps = g.t.n;
		opened = true;
	}
	g.thread = 0;
	g.nwatch = 0;
	g.noack = false;
	g.done = false;
	g.fd = -1;   /* console output and early stop replies go nowhere */
	g.last_len = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdbpkt_rx rx;
	fresh_stub();
	gdbpkt_rx_init(&rx);
	unsigned packets = 0;
	for (size_t i = 0; i < size && packets < MAX_PACKETS && !g.done; i++) {
		enum gdbpkt_event ev = gdbpkt_feed(&rx, data[i]);
		if (ev != GDBPKT_PACKET)
			continue;
		if (rx.len > GDBPKT_MAX || rx.data[rx.len] != '\0')
			breach("a received packet overruns its buffer or is not terminated");
		check_framing(rx.data, rx.len);
		check_codings(rx.data, rx.len);
		reply_reset(&g.out);   /* as the server answers a packet (server.c) */
		reply_reset(&g.console);
		gdb_dispatch(&g, rx.data, rx.len);
		check_reply(&g);
		packets++;
	}
	return 0;
}
