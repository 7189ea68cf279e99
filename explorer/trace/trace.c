/*
 * trace.c: building a trace and carrying out its steps.
 */
#include <stdlib.h>
#include <string.h>

#include "trace.h"
#include "../hv/hv.h"

static const struct {
	const char *actor, *action;
} names[T_COUNT] = {
	[T_CALL] = { "guest", "call" },       [T_FINISH] = { "guest", "finish" },
	[T_WRITE] = { "guest", "write" },     [T_READ] = { "guest", "read" },
	[T_PSC] = { "guest", "psc" },         [T_START_VCPU] = { "guest", "start_vcpu" },
	[T_STEP] = { "module", "step" },
	[T_RMPUPDATE] = { "hv", "rmpupdate" }, [T_PSMASH] = { "hv", "psmash" },
	[T_MAP] = { "hv", "map" },            [T_UNMAP] = { "hv", "unmap" },
	[T_HV_WRITE] = { "hv", "write" },     [T_HV_READ] = { "hv", "read" },
};

const char *trace_actor(enum trace_action a)
{
	return a < T_COUNT ? names[a].actor : "?";
}

const char *trace_action_name(enum trace_action a)
{
	return a < T_COUNT ? names[a].action : "?";
}

enum trace_action trace_action_find(const char *actor, const char *action)
{
	for (unsigned a = 0; a < T_COUNT; a++)
		if (strcmp(names[a].actor, actor) == 0 && strcmp(names[a].action, action) == 0)
			return (enum trace_action)a;
	return T_COUNT;
}

bool has_bytes_field(enum trace_action a)
{
	return a == T_WRITE || a == T_HV_WRITE;
}

int trace_push(struct trace *t, const struct trace_step *st)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		struct trace_step *steps = realloc(t->steps, cap * sizeof(*steps));
		if (!steps)
			return -1;
		t->steps = steps;
		t->cap = cap;
	}
	struct trace_step copy = *st;
	if (st->action == T_READ || st->action == T_HV_READ)
		copy.mem.bytes = NULL;   /* a read's buffer is its caller's, not the trace's */
	if (has_bytes_field(st->action)) {
		copy.mem.bytes = malloc(st->mem.len ? st->mem.len : 1);
		if (!copy.mem.bytes)
			return -1;
		memcpy(copy.mem.bytes, st->mem.bytes, st->mem.len);
	}
	t->steps[t->n++] = copy;
	return 0;
}

int trace_copy(struct trace *dst, const struct trace *src)
{
	*dst = *src;
	dst->steps = NULL;
	dst->n = dst->cap = 0;
	for (size_t i = 0; i < src->n; i++)
		if (trace_push(dst, &src->steps[i]) != 0) {
			trace_free(dst);
			return -1;
		}
	return 0;
}

void trace_free(struct trace *t)
{
	for (size_t i = 0; i < t->n; i++)
		if (has_bytes_field(t->steps[i].action))
			free(t->steps[i].mem.bytes);
	free(t->steps);
	t->steps = NULL;
	t->n = t->cap = 0;
}

static int refuse(char *why, size_t len, const char *text, unsigned vcpu)
{
	snprintf(why, len, text, vcpu);
	return -1;
}

/* A read lands in the step's buffer if it has one (the caller wants the bytes). */
static int read_into(struct sim *s, const struct trace_step *st, bool hv)
{
	uint8_t *buf = st->mem.bytes ? st->mem.bytes : malloc(st->mem.len ? st->mem.len : 1);
	if (!buf)
		return -1;
	int rc = hv ? hv_read(s, st->mem.addr, buf, st->mem.len)
	            : (guest_read(s, st->mem.addr, buf, st->mem.len), 0);
	if (buf != st->mem.bytes)
		free(buf);
	return rc;
}

bool trace_step_changes(const struct sim *s, const struct trace_step *st)
{
	switch (st->action) {
	case T_RMPUPDATE:
		return machine_rmpupdate_changes(&s->m, st->rmpupdate.spa, &st->rmpupdate.u);
	case T_MAP:
		return npt_lookup(&s->m, st->map.gpa) != st->map.spa;
	case T_UNMAP:
		return npt_lookup(&s->m, st->map.gpa) != NPT_UNMAPPED;
	default:
		return true;
	}
}

int trace_apply(struct sched *sc, const struct trace_step *st, char *why, size_t whylen)
{
	struct sim *s = sc->s;
	struct guest_result out;
	switch (st->action) {
	case T_CALL:
		if (sched_start(sc, st->vcpu, st->call.protocol, st->call.call, &st->call.args) != 0)
			return refuse(why, whylen, "vCPU %u cannot make a call now", st->vcpu);
		return 0;
	case T_FINISH:
		if (sched_finish(sc, st->vcpu, &out) != 0)
			return refuse(why, whylen, "vCPU %u has no finished call", st->vcpu);
		return 0;
	case T_STEP:
		if (sched_step(sc, st->vcpu) < 0)
			return refuse(why, whylen, "vCPU %u's module cannot step now", st->vcpu);
		return 0;
	case T_WRITE:
		guest_write(s, st->mem.addr, st->mem.bytes, st->mem.len);
		return 0;
	case T_READ:
		return read_into(s, st, false);
	case T_PSC:
		guest_psc(s, st->vcpu, st->psc.gpa, st->psc.op);
		return 0;
	case T_START_VCPU:
		guest_start_vcpu(s, st->vcpu, st->start.vmsa, st->start.caa);
		return 0;
	case T_RMPUPDATE:
		hv_rmpupdate(s, st->rmpupdate.spa, &st->rmpupdate.u);
		return 0;
	case T_PSMASH:
		hv_psmash(s, st->map.spa);
		return 0;
	case T_MAP:
		hv_map(s, st->map.gpa, st->map.spa);
		return 0;
	case T_UNMAP:
		hv_unmap(s, st->map.gpa);
		return 0;
	case T_HV_WRITE:   /* a write the RMP refuses still happened as a step */
		if (hv_write(s, st->mem.addr, st->mem.bytes, st->mem.len) < 0)
			return refuse(why, whylen, "hypervisor write outside memory%.0u", 0);
		return 0;
	case T_HV_READ:
		if (read_into(s, st, true) != 0)
			return refuse(why, whylen, "hypervisor read outside memory%.0u", 0);
		return 0;
	case T_COUNT:
		break;
	}
	return refuse(why, whylen, "unknown action%.0u", 0);
}
