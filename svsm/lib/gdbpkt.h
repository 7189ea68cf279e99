/*
 * gdbpkt.h: the packets of the GDB remote serial protocol, without a C
 * library, so that a stub inside a freestanding program (the module, or a
 * firmware under QEMU) can use it as well as `svsmlab gdb`.
 *
 * On the wire a packet is '$', its data, '#' and two hex digits: the sum
 * of the data bytes modulo 256. The receiver answers '+' (good) or '-'
 * (send it again) unless both sides agreed to drop acknowledgements
 * (QStartNoAckMode). Binary data escapes '#', '$', '}' and '*' as '}'
 * followed by the byte XOR 0x20. Replies may be run-length encoded: a
 * byte, '*', and a count character (count + 29) of further copies.
 *
 * The peer is not trusted: the receiver is a state machine fed one byte
 * at a time that stores at most GDBPKT_MAX bytes of data, whatever comes.
 * Every encoder takes the size of its output and refuses (returns 0 or
 * -1) rather than write past it.
 */
#ifndef SVSM_LIB_GDBPKT_H
#define SVSM_LIB_GDBPKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet data accepted (the PacketSize a stub announces). */
#define GDBPKT_MAX 4096
/* A framed packet: '$', the data, '#', two checksum digits. */
#define GDBPKT_FRAMED(n) ((n) + 4)

/* What one byte fed to the receiver completed. */
enum gdbpkt_event {
	GDBPKT_NONE,       /* nothing yet */
	GDBPKT_PACKET,     /* a packet with a good checksum: rx->data, rx->len */
	GDBPKT_BAD,        /* a packet with a bad checksum or checksum digits: ask again */
	GDBPKT_TOO_BIG,    /* a good packet longer than GDBPKT_MAX: its data was dropped */
	GDBPKT_ACK,        /* '+' between packets */
	GDBPKT_NACK,       /* '-' between packets: send the last packet again */
	GDBPKT_INTERRUPT,  /* 0x03 between packets: the client asks the target to stop */
};

struct gdbpkt_rx {
	enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 } state;
	uint8_t sum;          /* of the data so far */
	uint8_t got;          /* the first checksum digit's value */
	bool bad_digit;       /* a checksum digit was not hex */
	bool overflow;        /* more than GDBPKT_MAX bytes of data */
	size_t len;
	char data[GDBPKT_MAX + 1];   /* NUL-terminated for the parsers' convenience */
};

void gdbpkt_rx_init(struct gdbpkt_rx *rx);
/*
 * Feed one byte. A '$' always starts a new packet, so a truncated packet
 * is forgotten at the next one. Bytes between packets other than '+',
 * '-' and 0x03 are ignored.
 */
enum gdbpkt_event gdbpkt_feed(struct gdbpkt_rx *rx, uint8_t byte);

/*
 * The packet "$data#cc" for len bytes of data into out (cap bytes), run-
 * length encoded when rle is set. The data must already be escaped if it
 * is binary, and must not hold '$' or '#' (they are refused) nor, with
 * rle, a literal '*'. The framed length, or 0 when it does not fit or the
 * data holds a forbidden byte.
 */
size_t gdbpkt_frame(const char *data, size_t len, bool rle, char *out, size_t cap);

/* Two lower-case hex digits per byte. The length written (2n), or 0 when it does not fit. */
size_t gdbpkt_hex_encode(const uint8_t *in, size_t n, char *out, size_t cap);
/* Pairs of hex digits back to bytes; -1 for an odd length, a non-hex digit or no room. */
long gdbpkt_hex_decode(const char *in, size_t n, uint8_t *out, size_t cap);
/* Escape binary data for a packet. The length written, or -1 when it does not fit. */
long gdbpkt_escape(const uint8_t *in, size_t n, char *out, size_t cap);
/* Undo the escaping; -1 for a '}' at the end or no room. */
long gdbpkt_unescape(const char *in, size_t n, uint8_t *out, size_t cap);

/* A hex digit's value, or -1. */
int gdbpkt_hex_value(char c);
/*
 * A hex number at *p, before end: at least one digit, at most 16 (no
 * overflow). *p is moved past it. False (and *p left alone) otherwise.
 */
bool gdbpkt_parse_hex(const char **p, const char *end, uint64_t *v);
/* The checksum of n bytes of data. */
uint8_t gdbpkt_checksum(const char *data, size_t n);

#endif
