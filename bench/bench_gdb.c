/*
 * bench_gdb.c: round trips per second of gdb's stepi and reverse-stepi
 * through `svsmlab gdb`'s stub, over a loopback socket, as gdb would send
 * them (no-ack mode), on traces of growing length.
 *
 * A trace is the explorer's built-in attack padded with guest writes and
 * reads to the length wanted. Forward steps cost one step each; a reverse
 * step restores the booted machine and replays the prefix, so its cost
 * grows linearly with the cursor's position. The rows walk the whole
 * trace forwards, then backwards, so a reverse row's average prefix is
 * half the trace. Figures, not pass/fail: `make bench`.
 */
#include <netinet/in.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "explorer/demo/demo_trace.h"
#include "explorer/gdb/gdb.h"

#define SECONDS 0.5

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static pid_t stub;   /* the child serving, ended if the bench fails */

static void die(const char *what)
{
	fprintf(stderr, "bench_gdb: %s\n", what);
	if (stub > 0)
		kill(stub, SIGTERM);
	exit(1);
}

/* The demo's attack, then guest writes and reads of its request page up to n steps. */
static void build(struct trace *t, size_t n)
{
	const char *why = NULL;
	uint8_t byte = 0;
	if (demo_trace(t, SVSM_BUG_BIT(BUG_NO_ZERO_AFTER_VALIDATE), &why) != 0)
		die(why);
	while (t->n < n) {
		struct trace_step st = { .action = t->n % 2 ? T_READ : T_WRITE };
		st.mem.addr = 0x9000;
		st.mem.bytes = t->n % 2 ? NULL : &byte;
		st.mem.len = 1;
		if (trace_push(t, &st) != 0)
			die("out of memory");
	}
}

/* Send one packet and read its reply (skipping console output, as gdb shows it) into buf. */
static void round_trip(int fd, const char *pkt, char *buf, size_t cap)
{
	char framed[64];
	size_t n = gdbpkt_frame(pkt, strlen(pkt), false, framed, sizeof(framed));
	if (n == 0 || send(fd, framed, n, 0) != (ssize_t)n)
		die("send");
	static struct gdbpkt_rx rx;
	for (;;) {
		char c;
		if (recv(fd, &c, 1, 0) != 1)
			die("the stub closed the connection");
		if (gdbpkt_feed(&rx, (uint8_t)c) != GDBPKT_PACKET)
			continue;
		if (rx.data[0] != 'O' || strcmp(rx.data, "OK") == 0)
			break;
	}
	snprintf(buf, cap, "%s", rx.data);
}

static void row(const char *name, size_t len, unsigned long n, double t)
{
	printf("| %-34s | %5zu | %8lu | %6.2f | %10.0f |\n", name, len, n, t, (double)n / t);
}

/* Serve a trace of len steps in a child; walk it forwards then back from here. */
static void bench(size_t len)
{
	static struct gdb g;
	char err[256], reply[GDBPKT_MAX + 1];
	unsigned port = 0;
	memset(&g, 0, sizeof(g));
	g.fd = -1;
	build(&g.t, len);
	int lfd = gdb_listen(&port, err, sizeof(err));
	if (lfd < 0)
		die(err);
	pid_t pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		stub = 0;
		if (model_open(&g.m, &g.t, err, sizeof(err)) != 0)
			die(err);
		_exit(gdb_serve(&g, lfd, err, sizeof(err)) == 0 ? 0 : 1);
	}
	stub = pid;
	close(lfd);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		die("connect");
	round_trip(fd, "QStartNoAckMode", reply, sizeof(reply));
	if (send(fd, "+", 1, 0) != 1)
		die("send");

	/* Whole walks, forwards then back, until each direction has had SECONDS. */
	unsigned long fwd = 0, back = 0;
	double tf = 0, tb = 0;
	while (tf < SECONDS || tb < SECONDS) {
		double start = now();
		do {
			round_trip(fd, "s", reply, sizeof(reply));
			fwd++;
		} while (strstr(reply, "replaylog:end") == NULL);
		tf += now() - start;
		start = now();
		do {
			round_trip(fd, "bs", reply, sizeof(reply));
			back++;
		} while (strstr(reply, "replaylog:begin") == NULL);
		tb += now() - start;
	}
	row("stepi (one trace step)", g.t.n, fwd, tf);
	row("reverse-stepi (replays the prefix)", g.t.n, back, tb);

	round_trip(fd, "D", reply, sizeof(reply));
	close(fd);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("the stub failed");
	stub = 0;
	trace_free(&g.t);
}

int main(void)
{
	printf("| %-34s | %5s | %8s | %6s | %10s |\n", "gdb round trip", "steps", "n", "s",
	       "per second");
	printf("|%s|%s|%s|%s|%s|\n", "------------------------------------", "-------",
	       "----------", "--------", "------------");
	static const size_t lengths[] = { 50, 100, 200, 400, 800 };
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
		bench(lengths[i]);
	return 0;
}
