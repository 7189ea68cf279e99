/*
 * gdb_stub.c: the stub's line and its loop (see gdb_stub.h); what each
 * packet asks is answered in gdb_packets.c.
 *
 * gdb is not trusted any more than the guest: every byte goes through
 * gdbpkt's receiver, which keeps at most one packet of data whatever
 * arrives, and every reply is framed into a buffer of fixed size.
 */
#include "gdb_stub.h"
#include "gdb_packets.h"
#include "serial.h"
#include "../../lib/gdbpkt.h"

static struct stub {
	bool attached;
	bool no_ack;                              /* QStartNoAckMode */
	struct gdbpkt_rx rx;
	char out[GDBPKT_FRAMED(GDBPKT_MAX)];      /* the last packet sent, for a '-' */
	size_t out_len;
} stub;

void qemu_gdb_attach(void)
{
	gdbpkt_rx_init(&stub.rx);
	qemu_serial_init(QEMU_COM2);
	stub.attached = true;
}

bool qemu_gdb_attached(void)
{
	return stub.attached;
}

static void send_raw(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		qemu_serial_put(QEMU_COM2, (uint8_t)s[i]);
}

void qemu_gdb_send(const char *data, size_t len)
{
	stub.out_len = gdbpkt_frame(data, len, false, stub.out, sizeof(stub.out));
	if (stub.out_len == 0)   /* cannot happen for our replies: say "error" rather than nothing */
		stub.out_len = gdbpkt_frame("E01", 3, false, stub.out, sizeof(stub.out));
	send_raw(stub.out, stub.out_len);
}

static uint8_t read_byte(void)
{
	uint8_t c;
	while (!qemu_serial_poll(QEMU_COM2, &c))
		__asm__ __volatile__("pause");
	return c;
}

static void send_stop(unsigned sig)
{
	uint8_t b = (uint8_t)sig;
	char s[3] = { 'S' };
	gdbpkt_hex_encode(&b, 1, s + 1, 2);
	qemu_gdb_send(s, 3);
}

void qemu_gdb_stop(struct qemu_frame *f, unsigned sig)
{
	send_stop(sig);
	for (;;) {
		switch (gdbpkt_feed(&stub.rx, read_byte())) {
		case GDBPKT_PACKET:
			if (!stub.no_ack)
				send_raw("+", 1);
			switch (qemu_gdb_packet(f, stub.rx.data, stub.rx.len)) {
			case GDB_STAY:
				break;
			case GDB_RESUME:
				return;
			case GDB_DETACH:
				stub.attached = false;
				return;
			case GDB_NO_ACK:
				stub.no_ack = true;
				break;
			case GDB_STOP_REPLY:
				send_stop(sig);
				break;
			}
			break;
		case GDBPKT_BAD:
		case GDBPKT_TOO_BIG:
			if (!stub.no_ack)
				send_raw("-", 1);
			break;
		case GDBPKT_NACK:
			send_raw(stub.out, stub.out_len);
			break;
		default:   /* acks, Ctrl-C while stopped, bytes between packets */
			break;
		}
	}
}

bool qemu_gdb_interrupted(void)
{
	uint8_t c;
	bool stop = false;
	while (qemu_serial_poll(QEMU_COM2, &c))
		if (gdbpkt_feed(&stub.rx, c) == GDBPKT_INTERRUPT)
			stop = true;
	return stop;
}

bool qemu_gdb_trap(struct qemu_frame *f)
{
	if (!qemu_gdb_breakpoint_hit(f))
		return false;
	qemu_gdb_stop(f, QEMU_SIGTRAP);
	return true;
}

void qemu_gdb_exited(unsigned status)
{
	char s[4] = { 'W', '0', (char)('0' + (status & 1)) };
	qemu_gdb_send(s, 3);
}
