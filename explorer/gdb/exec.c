/*
 * exec.c: running the trace under gdb, forwards and backwards.
 *
 * One stepi is one step of the trace. A step "hits" a watchpoint when
 * what the guest sees in the watched bytes differs before and after it
 * (write: a byte, or whether it can be read at all), or when it reads
 * them (a guest read, or the module reading guest memory). Continuing
 * stops at the first hit, at the first step on which a check fails, or
 * at the end of the trace.
 *
 * Going back is the explorer's way: model_goto() restores the booted
 * machine and replays the prefix. A reverse step costs one replay of the
 * prefix; a reverse continue replays the prefix once, watching, and once
 * more to the last hit: linear in the trace's length either way. At
 * either end of the trace gdb is told there is no more history
 * (replaylog:begin / replaylog:end).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb.h"
#include "../ghost/ghost.h"

#define WATCH_MAX_LEN 256

/* What the guest sees of a watched range: how many bytes it can read, and those. */
struct view {
	size_t readable;
	uint8_t bytes[WATCH_MAX_LEN];
};

static const char *const watch_word[] = {
	[WATCHPOINT_WRITE] = "watch", [WATCHPOINT_READ] = "rwatch", [WATCHPOINT_ACCESS] = "awatch",
};

static void look(struct gdb *g, struct view *v)
{
	for (unsigned k = 0; k < g->nwatch; k++)
		v[k].readable = gdb_mem_view(g, g->watch[k].addr, v[k].bytes, g->watch[k].len);
}

static bool view_differs(const struct view *a, const struct view *b)
{
	return a->readable != b->readable || memcmp(a->bytes, b->bytes, a->readable) != 0;
}

/* Did step i of the scan read any byte of w (the guest, or the module in guest memory)? */
static bool step_reads(const struct gdb *g, size_t i, const struct watchpoint *w)
{
	const struct step_info *in = &g->m.info[i];
	for (size_t k = 0; k < in->nevents; k++) {
		const struct sim_event *ev = &g->m.events[in->first_event + k];
		if (ev->op != OP_GUEST_READ && ev->op != OP_READ_GUEST)
			continue;
		uint64_t gpa = ev->args[0], len = ev->args[1];
		if (gpa < w->addr + w->len && w->addr < gpa + len)
			return true;
	}
	return false;
}

/* The first watchpoint step i hits, going from view a to view b; -1 if none. */
static int hit(const struct gdb *g, size_t i, const struct view *a, const struct view *b)
{
	for (unsigned k = 0; k < g->nwatch; k++) {
		const struct watchpoint *w = &g->watch[k];
		bool changed = view_differs(&a[k], &b[k]);
		bool read = w->kind != WATCHPOINT_WRITE && step_reads(g, i, w);
		if ((w->kind != WATCHPOINT_READ && changed) || read)
			return (int)k;
	}
	return -1;
}

int exec_step_vcpu(const struct gdb *g, size_t i)
{
	const struct trace_step *st = &g->t.steps[i];
	return strcmp(trace_actor(st->action), "hv") == 0 ? -1 : (int)st->vcpu;
}

/* The checks step i failed, on gdb's console in the Verus style; how many. */
static size_t say_violations(struct gdb *g, size_t i)
{
	const struct step_info *in = &g->m.info[i];
	for (size_t k = 0; k < in->nviolations; k++) {
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		if (!f)
			continue;
		fprintf(f, "svsmlab: trace step %zu fails a check\n", i + 1);
		report_violation(f, &g->m.violations[in->first_violation + k]);
		if (fclose(f) == 0)
			gdb_console(g, text, len);
		free(text);
	}
	return in->nviolations;
}

/* "T05": stopped by SIGTRAP, on the vCPU of step i (or the current thread). */
static void stop(struct gdb *g, long i, int watch, const char *replaylog)
{
	int vcpu = i >= 0 ? exec_step_vcpu(g, (size_t)i) : -1;
	reply_add(&g->out, "T05thread:%x;", (unsigned)(vcpu >= 0 ? vcpu : (int)g->thread) + 1);
	if (watch >= 0)
		reply_add(&g->out, "%s:%llx;", watch_word[g->watch[watch].kind],
		          (unsigned long long)g->watch[watch].addr);
	if (replaylog)
		reply_add(&g->out, "replaylog:%s;", replaylog);
}

void exec_stop_reply(struct gdb *g)
{
	stop(g, -1, -1, NULL);
}

/* Carry out the step at the cursor: the watchpoint it hit or -1; *failed: checks it failed. */
static int forward(struct gdb *g, size_t *failed)
{
	static struct view before[GDB_MAX_WATCH], after[GDB_MAX_WATCH];
	size_t i = g->m.cursor;
	look(g, before);
	model_goto(&g->m, i + 1);
	look(g, after);
	*failed = say_violations(g, i);
	return hit(g, i, before, after);
}

void exec_step(struct gdb *g)
{
	if (g->m.cursor >= g->t.n) {
		stop(g, -1, -1, "end");
		return;
	}
	size_t i = g->m.cursor, failed;
	int w = forward(g, &failed);
	stop(g, (long)i, w, NULL);
}

void exec_continue(struct gdb *g)
{
	while (g->m.cursor < g->t.n) {
		size_t i = g->m.cursor, failed;
		int w = forward(g, &failed);
		if (w >= 0 || failed) {
			stop(g, (long)i, w, NULL);
			return;
		}
	}
	static const char end[] = "svsmlab: the trace ends here\n";
	gdb_console(g, end, sizeof(end) - 1);
	stop(g, -1, -1, "end");
}

void exec_reverse_step(struct gdb *g)
{
	static struct view before[GDB_MAX_WATCH], after[GDB_MAX_WATCH];
	if (g->m.cursor == 0) {
		stop(g, -1, -1, "begin");
		return;
	}
	size_t i = g->m.cursor - 1;
	look(g, after);
	model_goto(&g->m, i);
	look(g, before);
	stop(g, (long)i, hit(g, i, before, after), NULL);
}

void exec_reverse_continue(struct gdb *g)
{
	static struct view a[GDB_MAX_WATCH], b[GDB_MAX_WATCH];
	size_t from = g->m.cursor;
	long last = -1;
	int last_watch = -1;
	/* Forwards from the start, remembering the last step before `from` that hits. */
	model_goto(&g->m, 0);
	look(g, a);
	for (size_t i = 0; i < from; i++) {
		model_goto(&g->m, i + 1);
		look(g, b);
		int w = hit(g, i, a, b);
		if (w >= 0) {
			last = (long)i;
			last_watch = w;
		}
		memcpy(a, b, sizeof(a));
	}
	if (last < 0) {
		model_goto(&g->m, 0);
		stop(g, -1, -1, "begin");
		return;
	}
	model_goto(&g->m, (size_t)last);
	stop(g, last, last_watch, NULL);
}

int exec_watch_insert(struct gdb *g, enum watchpoint_kind kind, uint64_t addr, uint64_t len)
{
	if (g->nwatch >= GDB_MAX_WATCH || len == 0 || len > WATCH_MAX_LEN || addr + len < addr)
		return -1;
	g->watch[g->nwatch++] = (struct watchpoint){ kind, addr, len };
	return 0;
}

int exec_watch_remove(struct gdb *g, enum watchpoint_kind kind, uint64_t addr, uint64_t len)
{
	for (unsigned k = 0; k < g->nwatch; k++) {
		struct watchpoint *w = &g->watch[k];
		if (w->kind == kind && w->addr == addr && w->len == len) {
			*w = g->watch[--g->nwatch];
			return 0;
		}
	}
	return -1;
}
