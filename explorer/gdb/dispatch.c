/*
 * dispatch.c: what each packet asks, answered into g->out. Every number
 * and payload comes from the client, so each is parsed with bounds and a
 * malformed packet gets an error reply (E16); a packet the stub does not
 * know gets the empty reply, which tells gdb so.
 */
#include <string.h>

#include "gdb.h"

/* The packet being parsed: where we are, and its end. */
struct cursor {
	const char *p, *end;
};

static bool eat(struct cursor *c, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0)
		return false;
	c->p += n;
	return true;
}

static bool number(struct cursor *c, uint64_t *v)
{
	return gdbpkt_parse_hex(&c->p, c->end, v);
}

/* "ADDR,LEN", then `sep` (or the end when sep is 0). */
static bool addr_len(struct cursor *c, uint64_t *addr, uint64_t *len, const char *sep)
{
	return number(c, addr) && eat(c, ",") && number(c, len) && (sep ? eat(c, sep) : c->p == c->end);
}

static unsigned threads(const struct gdb *g)
{
	return model_vcpus(&g->m);
}

/* A thread id as gdb writes it: -1 (all), 0 (any) or a positive hex number. */
static bool thread_id(struct cursor *c, long *id)
{
	uint64_t v;
	if (eat(c, "-1")) {
		*id = -1;
		return c->p == c->end;
	}
	if (!number(c, &v) || c->p != c->end || v > 0xffff)
		return false;
	*id = (long)v;
	return true;
}

static void set_thread(struct gdb *g, struct cursor *c)
{
	bool general = eat(c, "g");
	long id;
	if (!general && !eat(c, "c"))
		return;   /* empty: not supported */
	if (!thread_id(c, &id) || id > (long)threads(g)) {
		reply_error(&g->out, GDB_EINVAL);
		return;
	}
	/* Steps follow the trace's order, so only the general thread matters. */
	if (general && id > 0)
		g->thread = (unsigned)id - 1;
	reply_add(&g->out, "OK");
}

static void read_memory(struct gdb *g, struct cursor *c)
{
	uint64_t addr, len;
	uint8_t buf[GDBPKT_MAX / 2];
	if (!addr_len(c, &addr, &len, NULL)) {
		reply_error(&g->out, GDB_EINVAL);
		return;
	}
	/* A shorter answer is allowed: gdb asks again for the rest. */
	size_t most = (sizeof(g->out.text) - 1) / 2;
	size_t got = gdb_mem_view(g, addr, buf, len < most ? (size_t)len : most);
	if (got == 0 && len > 0)
		reply_error(&g->out, GDB_EFAULT);
	else
		reply_hex(&g->out, buf, got);
}

/* M (hex) and X (binary) writes: each is one guest write step. */
static void write_memory(struct gdb *g, struct cursor *c, bool binary)
{
	uint64_t addr, len;
	uint8_t buf[GDBPKT_MAX];
	if (!addr_len(c, &addr, &len, ":")) {
		reply_error(&g->out, GDB_EINVAL);
		return;
	}
	size_t n = (size_t)(c->end - c->p);
	long got = binary ? gdbpkt_unescape(c->p, n, buf, sizeof(buf))
	                  : gdbpkt_hex_decode(c->p, n, buf, sizeof(buf));
	if (got < 0 || (uint64_t)got != len) {
		reply_error(&g->out, GDB_EINVAL);
		return;
	}
	if (gdb_mem_write(g, addr, buf, (size_t)got) != 0)
		reply_error(&g->out, GDB_EFAULT);
	else
		reply_add(&g->out, "OK");
}

static void all_registers(struct gdb *g)
{
	for (unsigned n = 0; n < regs_count(); n++)
		regs_read(g, g->thread, n, &g->out);
}

static void one_register(struct gdb *g, struct cursor *c)
{
	uint64_t n;
	if (!number(c, &n) || c->p != c->end || n >= regs_count()) {
		reply_error(&g->out, GDB_EINVAL);
		return;
	}
	regs_read(g, g->thread, (unsigned)n, &g->out);
}

/* Z/z TYPE,ADDR,KIND: watchpoints only; breakpoints have no code address to stop at. */
static void watchpoint(struct gdb *g, struct cursor *c, bool insert)
{
	static const enum watchpoint_kind kinds[] = { [2] = WATCHPOINT_WRITE, [3] = WATCHPOINT_READ,
	                                         [4] = WATCHPOINT_ACCESS };
	uint64_t type, addr, len;
	if (!number(c, &type) || !eat(c, ",") || !number(c, &addr) || !eat(c, ",") ||
	    !number(c, &len)) {
		reply_error(&g->out, GDB_EINVAL);
		return;
	}
	if (type < 2 || type > 4)
		return;   /* empty: not supported */
	int rc = insert ? exec_watch_insert(g, kinds[type], addr, len)
	                : exec_watch_remove(g, kinds[type], addr, len);
	if (rc != 0)
		reply_error(&g->out, GDB_EINVAL);
	else
		reply_add(&g->out, "OK");
}

static void monitor(struct gdb *g, struct cursor *c)
{
	char cmd[GDBPKT_MAX / 2 + 1];
	long n = gdbpkt_hex_decode(c->p, (size_t)(c->end - c->p), (uint8_t *)cmd, sizeof(cmd) - 1);
	if (n < 0) {
		reply_error(&g->out, GDB_EINVAL);
		return;
	}
	cmd[n] = '\0';
	if (!monitor_run(g, cmd))
		reply_add(&g->console, "unknown monitor command '%s': try 'monitor help'\n", cmd);
	gdb_console(g, g->console.text, g->console.len);
	reply_add(&g->out, "OK");
}

static void query(struct gdb *g, struct cursor *c)
{
	if (eat(c, "Supported")) {
		reply_add(&g->out, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;"
		          "ReverseStep+;ReverseContinue+", GDBPKT_MAX);
	} else if (eat(c, "Xfer:features:read:")) {
		regs_target_xml(&g->out, c->p, c->end);
	} else if (eat(c, "fThreadInfo")) {
		reply_add(&g->out, "m");
		for (unsigned v = 0; v < threads(g); v++)
			reply_add(&g->out, "%s%x", v ? "," : "", v + 1);
	} else if (eat(c, "sThreadInfo")) {
		reply_add(&g->out, "l");
	} else if (eat(c, "C") && c->p == c->end) {
		reply_add(&g->out, "QC%x", g->thread + 1);
	} else if (eat(c, "Attached")) {
		reply_add(&g->out, "1");
	} else if (eat(c, "Rcmd,")) {
		monitor(g, c);
	} else if (eat(c, "Symbol:")) {
		reply_add(&g->out, "OK");
	}
}

void gdb_dispatch(struct gdb *g, const char *pkt, size_t len)
{
	struct cursor c = { pkt, pkt + len };
	uint64_t id;
	if (len == 0)
		return;
	c.p++;
	switch (pkt[0]) {
	case '?':
		exec_stop_reply(g);
		break;
	case 'q':
		query(g, &c);
		break;
	case 'Q':
		if (eat(&c, "StartNoAckMode") && c.p == c.end) {
			g->noack = true;
			reply_add(&g->out, "OK");
		}
		break;
	case 'H':
		set_thread(g, &c);
		break;
	case 'T':
		if (number(&c, &id) && c.p == c.end && id >= 1 && id <= threads(g))
			reply_add(&g->out, "OK");
		else
			reply_error(&g->out, GDB_EINVAL);
		break;
	case 'g':
		all_registers(g);
		break;
	case 'p':
		one_register(g, &c);
		break;
	case 'm':
		read_memory(g, &c);
		break;
	case 'M':
		write_memory(g, &c, false);
		break;
	case 'X':
		write_memory(g, &c, true);
		break;
	case 'Z':
	case 'z':
		watchpoint(g, &c, pkt[0] == 'Z');
		break;
	case 's':
		exec_step(g);
		break;
	case 'c':
		exec_continue(g);
		break;
	case 'b':
		if (eat(&c, "s") && c.p == c.end)
			exec_reverse_step(g);
		else if (eat(&c, "c") && c.p == c.end)
			exec_reverse_continue(g);
		break;
	case 'D':
		g->done = true;
		reply_add(&g->out, "OK");
		break;
	case 'k':
		g->done = true;
		break;
	case 'v':
		if (eat(&c, "Kill")) {
			g->done = true;
			reply_add(&g->out, "OK");
		}
		break;
	}
}
