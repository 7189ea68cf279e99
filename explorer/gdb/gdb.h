/*
 * gdb.h: `svsmlab gdb`, a GDB remote protocol stub for the simulated guest.
 *
 * The stub serves the explorer's model (explorer/model/model.h) of a trace:
 * gdb's threads are the guest's vCPUs, its registers their VMSAs, its
 * memory what the guest sees through the nested page table and the RMP.
 * One `stepi` carries out one step of the trace; going back replays the
 * steps before, as the explorer's step back does.
 *
 *   cli.c       the command line: load the trace, open the model, serve
 *   server.c    the loopback socket, one client at a time, acks, sending
 *   reply.c     building a reply's text within the packet size
 *   dispatch.c  which packet asks what
 *   registers.c target.xml and the registers of a vCPU's VMSA
 *   memory.c    memory as the guest sees it; a write is a guest step
 *   exec.c      stepping, continuing, watchpoints, reverse execution
 *   monitor.c   `monitor` commands (qRcmd)
 */
#ifndef GDB_GDB_H
#define GDB_GDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../svsm/lib/gdbpkt.h"
#include "../model/model.h"

#define GDB_DEFAULT_PORT 1234
#define GDB_MAX_WATCH 8

/* --- reply.c: a reply's text, never longer than a packet ------------------- */

struct reply {
	char text[GDBPKT_MAX];
	size_t len;
	bool full;            /* something did not fit: the reply is an error instead */
};

void reply_reset(struct reply *r);
void reply_add(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reply_bytes(struct reply *r, const char *b, size_t n);
/* n bytes as hex digits. */
void reply_hex(struct reply *r, const uint8_t *b, size_t n);
/* An error reply "Enn". */
void reply_error(struct reply *r, unsigned code);

/* Error numbers in "Enn" replies (errno values, as gdbserver sends). */
#define GDB_EFAULT 14   /* memory the guest cannot access */
#define GDB_EINVAL 22   /* a malformed packet */
#define GDB_ENOSPC 28   /* the reply would not fit in a packet */

/* --- the stub's state -------------------------------------------------------- */

enum watchpoint_kind { WATCHPOINT_WRITE, WATCHPOINT_READ, WATCHPOINT_ACCESS };

struct watchpoint {
	enum watchpoint_kind kind;
	uint64_t addr;
	uint64_t len;
};

struct gdb {
	struct trace t;           /* the trace served; gdb's writes are inserted into it */
	struct model m;
	unsigned thread;          /* Hg: the vCPU registers and memory are read for (0-based) */
	struct watchpoint watch[GDB_MAX_WATCH];
	unsigned nwatch;
	bool noack;               /* QStartNoAckMode was agreed */
	bool done;                /* the client detached or killed */
	int fd;                   /* the client's socket, -1 when none */
	char last[GDBPKT_FRAMED(GDBPKT_MAX)];   /* the last packet sent, for a '-' */
	size_t last_len;
	struct reply out;         /* the reply being built */
	struct reply console;     /* console text gathered for O packets (monitor, checks) */
};

/* --- server.c --- */
/* Listen on 127.0.0.1:*port (0: any free port, written back). The socket, or -1 with err. */
int gdb_listen(unsigned *port, char *err, size_t errlen);
/* Serve clients one after another until one detaches or kills. 0, or -1 with err. */
int gdb_serve(struct gdb *g, int listen_fd, char *err, size_t errlen);
/* Send a packet now (the stop reply of a long step waits for none). -1 when the client left. */
int gdb_send(struct gdb *g, const char *data, size_t len);
/* Send text as console output (O packets), in as many packets as it needs. */
void gdb_console(struct gdb *g, const char *text, size_t len);

/* --- dispatch.c --- */
/* Answer one packet (NUL-terminated, len bytes) into g->out. */
void gdb_dispatch(struct gdb *g, const char *pkt, size_t len);

/* --- registers.c --- */
/* The reply to qXfer:features:read: given what follows it in [req, end) (gdbregs_xfer). */
void regs_target_xml(struct reply *r, const char *req, const char *end);
/* How many registers there are; register n of vCPU v as hex into r (false: no such register). */
unsigned regs_count(void);
bool regs_read(const struct gdb *g, unsigned vcpu, unsigned n, struct reply *r);

/* --- memory.c --- */
/*
 * Up to len bytes at gpa as the guest sees them now, without a step: how
 * many it could read, stopping at the first byte it may not access.
 */
size_t gdb_mem_view(struct gdb *g, uint64_t gpa, uint8_t *buf, size_t len);
/* A guest write step inserted at the cursor and carried out. 0, or -1 if it faults. */
int gdb_mem_write(struct gdb *g, uint64_t gpa, const uint8_t *buf, size_t len);

/* --- exec.c --- */
/* The stop reply for where the model is now (the '?' packet). */
void exec_stop_reply(struct gdb *g);
void exec_step(struct gdb *g);
void exec_continue(struct gdb *g);
void exec_reverse_step(struct gdb *g);
void exec_reverse_continue(struct gdb *g);
/* Z2/Z3/Z4 and z2/z3/z4: 0, or -1 (no room, or not set). */
int exec_watch_insert(struct gdb *g, enum watchpoint_kind kind, uint64_t addr, uint64_t len);
int exec_watch_remove(struct gdb *g, enum watchpoint_kind kind, uint64_t addr, uint64_t len);
/* The vCPU (0-based) trace step i runs on, or -1 for a step of the hypervisor. */
int exec_step_vcpu(const struct gdb *g, size_t i);

/* --- monitor.c --- */
/* A monitor command's output into g->console; false when it is not one. */
bool monitor_run(struct gdb *g, const char *cmd);

#endif
