/*
 * describe.c: events and steps in a few words.
 *
 * The timeline gives each actor a column of twenty-odd characters, so an
 * event is told there by its operation, the values of its arguments and
 * its outcome, without the argument names `svsmlab run --trace` prints.
 * Which arguments an operation has and how each reads come from the
 * trace layer's table (trace_event_args), so the two never disagree.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "../catalog/catalog.h"

/* Appends to buf (of len bytes, NUL-terminated), never past its end. */
static void put(char *buf, size_t len, const char *fmt, ...)
{
	size_t at = strlen(buf);
	if (at + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
}

/* One argument's value, short: a space and the value, or nothing when it says little. */
static void put_value(char *buf, size_t len, struct trace_arg a, uint64_t v)
{
	const char *name;
	char perms[5];
	switch (a.kind) {
	case ARG_HEX:
		put(buf, len, " 0x%" PRIx64, v);
		break;
	case ARG_DEC:
		put(buf, len, " %" PRIu64, v);
		break;
	case ARG_SIZE:
		if (v != PSIZE_4K)
			put(buf, len, " 2m");
		break;
	case ARG_BOOL:
		put(buf, len, " %s=%u", a.name, v != 0);
		break;
	case ARG_ATTRS:
		perms_string((uint8_t)((v >> 8) & 0xf), perms);
		put(buf, len, " vmpl%" PRIu64 ":%s%s", v & 0xff, perms,
		    (v & RMPADJUST_VMSA) ? ",vmsa" : "");
		break;
	case ARG_OWNER:
		put(buf, len, " %s", owner_name((enum ghost_owner)v));
		break;
	case ARG_PSC_OP:
		put(buf, len, " %s", v == GHCB_PSC_SHARED ? "shared" : "private");
		break;
	case ARG_HOLDER:
		if (v)
			put(buf, len, " held:vcpu%" PRIu64, v - 1);
		else
			put(buf, len, " free");
		break;
	case ARG_CALL:
		name = trace_call_name((uint32_t)(v >> 32), (uint32_t)v);
		if (name)
			put(buf, len, " %s.%s", trace_protocol_name((uint32_t)(v >> 32)), name);
		else
			put(buf, len, " 0x%" PRIx64, v);
		break;
	case ARG_RESULT:
		name = trace_result_name((uint32_t)v);
		if (name)
			put(buf, len, " %s", name);
		else
			put(buf, len, " 0x%" PRIx64, v);
		break;
	case ARG_RMP_FLAGS:
		put(buf, len, " %s%s", (v & 1) ? "assigned" : "shared", ((v >> 2) & 1) ? ",2m" : "");
		break;
	}
}

/* The arguments, but a call's and a result's registers only when not zero. */
static void put_args(char *buf, size_t len, const struct sim_event *ev)
{
	const struct trace_arg *args = trace_event_args(ev->op);
	bool regs = ev->op == OP_GUEST_CALL || ev->op == OP_GUEST_RESULT;
	for (unsigned i = 0; i < 3 && args[i].name; i++)
		if (i == 0 || !regs || ev->args[i] != 0)
			put_value(buf, len, args[i], ev->args[i]);
}

void describe_event(const struct sim_event *ev, char *buf, size_t len)
{
	char out[40];
	snprintf(buf, len, "%s", op_name(ev->op));
	put_args(buf, len, ev);
	put(buf, len, " %s", trace_outcome(ev, out, sizeof(out)));
}

void describe_pending(const struct sim_event *ev, char *buf, size_t len)
{
	snprintf(buf, len, "%s", op_name(ev->op));
	put_args(buf, len, ev);
	if (ev->site.file)
		put(buf, len, "  %s:%d", ev->site.file, ev->site.line);
}

void describe_event_line(const struct sim_event *ev, char *buf, size_t len)
{
	/*
	 * The trace layer prints to a FILE; a string stream keeps its one
	 * format. The stream gets one byte less than buf, so that the end is
	 * always terminated even when the line is cut.
	 */
	memset(buf, 0, len);
	FILE *f = len > 1 ? fmemopen(buf, len - 1, "w") : NULL;
	if (!f)
		return;
	trace_print_event(f, ev);
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
}

void describe_step(const struct trace_step *st, char *buf, size_t len)
{
	snprintf(buf, len, "%s %s", trace_actor(st->action), trace_action_name(st->action));
	const char *name;
	switch (st->action) {
	case T_CALL:
		name = trace_call_name(st->call.protocol, st->call.call);
		if (name)
			put(buf, len, " vcpu%u %s.%s", st->vcpu, trace_protocol_name(st->call.protocol),
			    name);
		else
			put(buf, len, " vcpu%u %u.%u", st->vcpu, st->call.protocol, st->call.call);
		put(buf, len, " rcx=0x%" PRIx64, st->call.args.rcx);
		break;
	case T_FINISH:
	case T_STEP:
		put(buf, len, " vcpu%u", st->vcpu);
		break;
	case T_WRITE:
	case T_READ:
		put(buf, len, " gpa=0x%" PRIx64 " len=%zu", st->mem.addr, st->mem.len);
		break;
	case T_HV_WRITE:
	case T_HV_READ:
		put(buf, len, " spa=0x%" PRIx64 " len=%zu", st->mem.addr, st->mem.len);
		break;
	case T_PSC:
		put(buf, len, " vcpu%u gpa=0x%" PRIx64 " %s", st->vcpu, st->psc.gpa,
		    st->psc.op == GHCB_PSC_SHARED ? "shared" : "private");
		break;
	case T_START_VCPU:
		put(buf, len, " vcpu%u vmsa=0x%" PRIx64 " caa=0x%" PRIx64, st->vcpu, st->start.vmsa,
		    st->start.caa);
		break;
	case T_RMPUPDATE:
		put(buf, len, " spa=0x%" PRIx64, st->rmpupdate.spa);
		if (st->rmpupdate.u.assigned)
			put(buf, len, " -> gpa=0x%" PRIx64 " asid=%" PRIu32, st->rmpupdate.u.gpa,
			    st->rmpupdate.u.asid);
		else
			put(buf, len, " shared");
		break;
	case T_PSMASH:
		put(buf, len, " spa=0x%" PRIx64, st->map.spa);
		break;
	case T_MAP:
		put(buf, len, " gpa=0x%" PRIx64 " -> spa=0x%" PRIx64, st->map.gpa, st->map.spa);
		break;
	case T_UNMAP:
		put(buf, len, " gpa=0x%" PRIx64, st->map.gpa);
		break;
	case T_COUNT:
		break;
	}
}

void describe_bytes(const uint8_t *b, size_t n, char *buf, size_t len)
{
	bool text = false;
	for (size_t i = 0; i < n; i++)
		text = text || isalnum(b[i]);
	buf[0] = '\0';
	if (text) {   /* printable runs, with '.' for the rest, as hexdump -C does */
		put(buf, len, "\"");
		for (size_t i = 0; i < n; i++)
			put(buf, len, "%c", isprint(b[i]) ? b[i] : '.');
		put(buf, len, "\"");
		return;
	}
	for (size_t i = 0; i < n; i++)
		put(buf, len, "%s%02x", i ? " " : "", b[i]);
}

/*
 * Reads keep no bytes in the trace, so they are read again, unrecorded,
 * from the state right after the read (which a read does not change).
 */
void describe_guest_read(const struct model *m, const struct trace_step *st, char *buf,
                         size_t len)
{
	uint8_t bytes[64];
	size_t n = st->mem.len < sizeof(bytes) ? st->mem.len : sizeof(bytes);
	uint64_t room = PAGE_SIZE - (st->mem.addr & (PAGE_SIZE - 1));
	if (n > room)
		n = (size_t)room;
	struct hw_result r = machine_read(&m->s->m, m->s->m.guest_vmpl, st->mem.addr, true, bytes, n);
	if (r.fault != FAULT_NONE) {
		snprintf(buf, len, "the guest's read of GPA 0x%" PRIx64 " faulted", st->mem.addr);
		return;
	}
	char shown[200];
	describe_bytes(bytes, n, shown, sizeof(shown));
	snprintf(buf, len, "the guest read at GPA 0x%" PRIx64 ": %s", st->mem.addr, shown);
}

void describe_row(const struct model *m, size_t i, char *buf, size_t len)
{
	const struct step_info *in = &m->info[i];
	char line[256];
	describe_step(&m->t->steps[i], buf, len);
	for (size_t k = 0; k < in->nevents; k++) {
		describe_event_line(&m->events[in->first_event + k], line, sizeof(line));
		put(buf, len, " | %s", line);
	}
	for (size_t k = 0; k < in->nviolations; k++)
		put(buf, len, " | %s", m->violations[in->first_violation + k].clause);
	if (in->refused)
		put(buf, len, " | refused: %s", in->why);
}
