/*
 * server.c: the stub's socket. It listens on the loopback interface only
 * (the guest's secrets are in its memory), serves one client at a time,
 * and turns bytes into packets with the packet layer, acknowledging them
 * until the client asks for no-ack mode. A client that sends garbage or
 * leaves in the middle of a packet costs nothing: the next one is served.
 */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb.h"

int gdb_listen(unsigned *port, char *err, size_t errlen)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0) {
		snprintf(err, errlen, "socket: %s", strerror(errno));
		return -1;
	}
	int one = 1;
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)*port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) != 0 ||
	    bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 1) != 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) != 0) {
		snprintf(err, errlen, "cannot listen on 127.0.0.1:%u: %s", *port, strerror(errno));
		close(fd);
		return -1;
	}
	*port = ntohs(a.sin_port);
	return fd;
}

/* Write all of buf; -1 (and the client is dropped) when it cannot be written. */
static int write_all(struct gdb *g, const char *buf, size_t n)
{
	while (n > 0 && g->fd >= 0) {
		ssize_t w = send(g->fd, buf, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(g->fd);
			g->fd = -1;
			return -1;
		}
		buf += w;
		n -= (size_t)w;
	}
	return g->fd >= 0 ? 0 : -1;
}

int gdb_send(struct gdb *g, const char *data, size_t len)
{
	/* Run-length encode unless the text holds a '*' that would read as a count. */
	bool rle = memchr(data, '*', len) == NULL;
	size_t n = gdbpkt_frame(data, len, rle, g->last, sizeof(g->last));
	if (n == 0) {   /* a '$' or '#' in a reply is a bug here, not the client's */
		n = gdbpkt_frame("E16", 3, false, g->last, sizeof(g->last));
	}
	g->last_len = n;
	return write_all(g, g->last, n);
}

void gdb_console(struct gdb *g, const char *text, size_t len)
{
	/* 'O' and two hex digits a byte must fit in one packet. */
	const size_t chunk = (GDBPKT_MAX - 2) / 2;
	for (size_t at = 0; at < len && g->fd >= 0; at += chunk) {
		char pkt[GDBPKT_MAX];
		size_t n = len - at < chunk ? len - at : chunk;
		pkt[0] = 'O';
		size_t w = gdbpkt_hex_encode((const uint8_t *)text + at, n, pkt + 1, sizeof(pkt) - 1);
		gdb_send(g, pkt, w + 1);
	}
}

static void answer(struct gdb *g, const char *pkt, size_t len)
{
	reply_reset(&g->out);
	reply_reset(&g->console);
	gdb_dispatch(g, pkt, len);
	if (g->out.full)
		reply_error(&g->out, GDB_ENOSPC);
	gdb_send(g, g->out.text, g->out.len);
}

/* One client, until it leaves, detaches or kills. */
static void session(struct gdb *g)
{
	static struct gdbpkt_rx rx;
	char buf[4096];
	gdbpkt_rx_init(&rx);
	while (g->fd >= 0 && !g->done) {
		ssize_t n = recv(g->fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		for (ssize_t i = 0; i < n && g->fd >= 0 && !g->done; i++) {
			switch (gdbpkt_feed(&rx, (uint8_t)buf[i])) {
			case GDBPKT_PACKET:
				if (!g->noack && write_all(g, "+", 1) != 0)
					return;
				answer(g, rx.data, rx.len);
				break;
			case GDBPKT_BAD:
				if (!g->noack)
					write_all(g, "-", 1);
				break;
			case GDBPKT_TOO_BIG:
				if (!g->noack && write_all(g, "+", 1) != 0)
					return;
				reply_error(&g->out, GDB_EINVAL);
				gdb_send(g, g->out.text, g->out.len);
				break;
			case GDBPKT_NACK:
				if (g->last_len)
					write_all(g, g->last, g->last_len);
				break;
			case GDBPKT_ACK:
			case GDBPKT_INTERRUPT:   /* nothing runs while the stub reads */
			case GDBPKT_NONE:
				break;
			}
		}
	}
}

int gdb_serve(struct gdb *g, int listen_fd, char *err, size_t errlen)
{
	while (!g->done) {
		int c = accept(listen_fd, NULL, NULL);
		if (c < 0 && errno == EINTR)
			continue;
		if (c < 0) {
			snprintf(err, errlen, "accept: %s", strerror(errno));
			return -1;
		}
		/* Small packets go at once; without it they only go slower, so a failure is ignored. */
		int one = 1;
		(void)setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		g->fd = c;
		g->noack = false;
		g->last_len = 0;
		g->nwatch = 0;   /* a new client inserts its own */
		g->thread = 0;
		session(g);
		if (g->fd >= 0)
			close(g->fd);
		g->fd = -1;
	}
	return 0;
}
