/*
 * memory.c: memory as the guest sees it, at its VMPL, through the nested
 * page table and the RMP: the plaintext of the pages it may read, and
 * nothing of the others. Looking is not a step (guest_peek records
 * nothing); writing is: gdb's write becomes a guest write step of the
 * trace, at the cursor, so that it replays like any other.
 */
#include <string.h>

#include "gdb.h"

size_t gdb_mem_view(struct gdb *g, uint64_t gpa, uint8_t *buf, size_t len)
{
	size_t done = 0;
	while (done < len) {
		uint64_t at = gpa + done;
		if (at < gpa)   /* wrapped past the top of the address space */
			break;
		size_t chunk = PAGE_SIZE - (at & (PAGE_SIZE - 1));
		if (chunk > len - done)
			chunk = len - done;
		struct hw_result r = guest_peek(g->m.s, at, buf + done, chunk);
		if (r.fault != FAULT_NONE || r.rc != HW_OK)
			break;
		done += chunk;
	}
	return done;
}

/* May the guest write every byte of [gpa, gpa+len)? Asked of the machine, not done. */
static bool guest_may_write(const struct gdb *g, uint64_t gpa, size_t len)
{
	const struct machine *mc = &g->m.s->m;
	for (uint64_t at = gpa; at - gpa < len; at = (at | (PAGE_SIZE - 1)) + 1) {
		uint64_t spa;
		enum npf_reason why;
		struct hw_result r = machine_translate(mc, mc->guest_vmpl, at, true, ACCESS_WRITE,
		                                       &spa, &why);
		if (r.fault != FAULT_NONE || r.rc != HW_OK || at + 1 < at)
			return false;
	}
	return true;
}

int gdb_mem_write(struct gdb *g, uint64_t gpa, const uint8_t *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (!guest_may_write(g, gpa, len))
		return -1;
	struct trace_step st;
	memset(&st, 0, sizeof(st));
	st.action = T_WRITE;
	st.vcpu = g->thread;
	st.mem.addr = gpa;
	st.mem.bytes = (uint8_t *)buf;
	st.mem.len = len;
	size_t at = g->m.cursor;
	if (trace_push(&g->t, &st) != 0)
		return -1;
	/* Into its place at the cursor: the steps after it follow it. */
	struct trace_step moved = g->t.steps[g->t.n - 1];
	memmove(&g->t.steps[at + 1], &g->t.steps[at], (g->t.n - 1 - at) * sizeof(moved));
	g->t.steps[at] = moved;
	char err[128];
	return model_use(&g->m, &g->t, at + 1, err, sizeof(err));
}
