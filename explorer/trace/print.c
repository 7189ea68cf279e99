/*
 * print.c: a run's events as people read them, one line each.
 *
 *    42 module vcpu0 rmpadjust  gpa=0x20000 size=4k attrs=0x0f01 -> ok   svsm/core/validate.c:109
 *    43 hv          rmpupdate  spa=0x1000 gpa=0x20000 flags=assigned,asid=1,4k -> ok
 *
 * One table says, for every kind of event, what its three arguments are
 * called, how each is shown and how its outcome reads; `svsmlab run
 * --trace` prints with it and the Lua bindings name event fields with it,
 * so the two always agree. The names of SVSM protocols, calls and result
 * codes live here for the same reason.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

#include "trace.h"

/* How an event's outcome (sim_event.out) reads. */
enum outcome {
	OUT_HW,       /* a hardware result: fault, rc, CF */
	OUT_SERVED,   /* out.rc = 1 when the module answered the call */
	OUT_ERROR,    /* out.rc = the hypervisor's GHCB error, 0 = done */
	OUT_REFUSED,  /* out.rc = 0 when it happened */
	OUT_CODE,     /* out.rc = an instruction's return code */
	OUT_RANGE,    /* out.rc = 0, or -1 outside memory */
};

static const struct {
	struct trace_arg args[3];
	enum outcome out;
} formats[OP_COUNT] = {
	[OP_PVALIDATE] = { { { "gpa", ARG_HEX }, { "size", ARG_SIZE }, { "validate", ARG_BOOL } }, OUT_HW },
	[OP_RMPADJUST] = { { { "gpa", ARG_HEX }, { "size", ARG_SIZE }, { "attrs", ARG_ATTRS } }, OUT_HW },
	[OP_READ_GUEST] = { { { "gpa", ARG_HEX }, { "len", ARG_DEC } }, OUT_HW },
	[OP_WRITE_GUEST] = { { { "gpa", ARG_HEX }, { "len", ARG_DEC } }, OUT_HW },
	[OP_ZERO_PAGE] = { { { "gpa", ARG_HEX } }, OUT_HW },
	[OP_VMSA_READ] = { { { "vmsa", ARG_HEX }, { "offset", ARG_HEX }, { "len", ARG_DEC } }, OUT_HW },
	[OP_VMSA_WRITE] = { { { "vmsa", ARG_HEX }, { "offset", ARG_HEX }, { "len", ARG_DEC } }, OUT_HW },
	[OP_CAA_READ_PENDING] = { { { "caa", ARG_HEX } }, OUT_HW },
	[OP_CAA_CLEAR_PENDING] = { { { "caa", ARG_HEX } }, OUT_HW },
	[OP_LOCK] = { { { "holder", ARG_HOLDER } }, OUT_HW },
	[OP_UNLOCK] = { { { "holder", ARG_HOLDER } }, OUT_HW },
	[OP_GHOST_OWN] = { { { "gpa", ARG_HEX }, { "owner", ARG_OWNER } }, OUT_HW },
	[OP_GUEST_CALL] = { { { "rax", ARG_CALL }, { "rcx", ARG_HEX }, { "rdx", ARG_HEX } }, OUT_HW },
	[OP_GUEST_RESULT] = { { { "rax", ARG_RESULT }, { "rcx", ARG_HEX }, { "rdx", ARG_HEX } },
	                      OUT_SERVED },
	[OP_GUEST_READ] = { { { "gpa", ARG_HEX }, { "len", ARG_DEC } }, OUT_HW },
	[OP_GUEST_WRITE] = { { { "gpa", ARG_HEX }, { "len", ARG_DEC } }, OUT_HW },
	[OP_GUEST_PSC] = { { { "gpa", ARG_HEX }, { "op", ARG_PSC_OP } }, OUT_ERROR },
	[OP_GUEST_START_VCPU] = { { { "vcpu", ARG_DEC }, { "vmsa", ARG_HEX }, { "caa", ARG_HEX } },
	                          OUT_REFUSED },
	[OP_HV_RMPUPDATE] = { { { "spa", ARG_HEX }, { "gpa", ARG_HEX }, { "flags", ARG_RMP_FLAGS } },
	                      OUT_CODE },
	[OP_HV_PSMASH] = { { { "spa", ARG_HEX } }, OUT_CODE },
	[OP_HV_MAP] = { { { "gpa", ARG_HEX }, { "spa", ARG_HEX } }, OUT_CODE },
	[OP_HV_UNMAP] = { { { "gpa", ARG_HEX } }, OUT_CODE },
	[OP_HV_READ] = { { { "spa", ARG_HEX }, { "len", ARG_DEC } }, OUT_RANGE },
	[OP_HV_WRITE] = { { { "spa", ARG_HEX }, { "len", ARG_DEC } }, OUT_RANGE },
};

const struct trace_arg *trace_event_args(enum sim_op op)
{
	static const struct trace_arg none[3];
	return op < OP_COUNT ? formats[op].args : none;
}

/* --- SVSM numbers ---------------------------------------------------------- */

static const char *const protocols[] = { "core", "attest", "vtpm" };

static const char *const core_calls[SVSM_CORE_NCALLS] = {
	"remap_ca", "pvalidate", "create_vcpu", "delete_vcpu",
	"deposit_mem", "withdraw_mem", "query_protocol", "configure_vtom",
};

static const struct trace_name results[] = {
	{ SVSM_SUCCESS, "SUCCESS" },
	{ SVSM_ERR_INCOMPLETE, "ERR_INCOMPLETE" },
	{ SVSM_ERR_UNSUPPORTED_PROTOCOL, "ERR_UNSUPPORTED_PROTOCOL" },
	{ SVSM_ERR_UNSUPPORTED_CALL, "ERR_UNSUPPORTED_CALL" },
	{ SVSM_ERR_INVALID_ADDRESS, "ERR_INVALID_ADDRESS" },
	{ SVSM_ERR_INVALID_FORMAT, "ERR_INVALID_FORMAT" },
	{ SVSM_ERR_INVALID_PARAMETER, "ERR_INVALID_PARAMETER" },
	{ SVSM_ERR_INVALID_REQUEST, "ERR_INVALID_REQUEST" },
	{ SVSM_ERR_BUSY, "ERR_BUSY" },
	{ SVSM_PVALIDATE_FAIL_INPUT, "PVALIDATE_FAIL_INPUT" },
	{ SVSM_PVALIDATE_FAIL_SIZEMISMATCH, "PVALIDATE_FAIL_SIZEMISMATCH" },
	{ SVSM_PVALIDATE_FAIL_UNCHANGED, "PVALIDATE_FAIL_UNCHANGED" },
};

const char *trace_protocol_name(uint32_t protocol)
{
	return protocol < sizeof(protocols) / sizeof(protocols[0]) ? protocols[protocol] : NULL;
}

const char *trace_call_name(uint32_t protocol, uint32_t call)
{
	return protocol == SVSM_PROTO_CORE && call < SVSM_CORE_NCALLS ? core_calls[call] : NULL;
}

const struct trace_name *trace_result_names(unsigned *count)
{
	*count = sizeof(results) / sizeof(results[0]);
	return results;
}

const char *trace_result_name(uint32_t rc)
{
	for (size_t i = 0; i < sizeof(results) / sizeof(results[0]); i++)
		if (results[i].value == rc)
			return results[i].name;
	return NULL;
}

/* --- one line -------------------------------------------------------------- */

/* Appends to buf[*at..len), never past its end. */
static void put(char *buf, size_t len, size_t *at, const char *fmt, ...)
{
	if (*at >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + *at, len - *at, fmt, ap);
	va_end(ap);
	if (n > 0)
		*at += (size_t)n < len - *at ? (size_t)n : len - *at - 1;
}

static void put_arg(char *buf, size_t len, size_t *at, struct trace_arg a, uint64_t v)
{
	const char *name;
	switch (a.kind) {
	case ARG_HEX:
		put(buf, len, at, " %s=0x%" PRIx64, a.name, v);
		break;
	case ARG_DEC:
		put(buf, len, at, " %s=%" PRIu64, a.name, v);
		break;
	case ARG_ATTRS:
		put(buf, len, at, " %s=0x%04" PRIx64, a.name, v);
		break;
	case ARG_SIZE:
		put(buf, len, at, " %s=%s", a.name, v == PSIZE_2M ? "2m" : v == PSIZE_4K ? "4k" : "?");
		break;
	case ARG_BOOL:
		put(buf, len, at, " %s=%u", a.name, v != 0);
		break;
	case ARG_OWNER:
		put(buf, len, at, " %s=%s", a.name, owner_name((enum ghost_owner)v));
		break;
	case ARG_PSC_OP:
		put(buf, len, at, " %s=%s", a.name, v == GHCB_PSC_SHARED ? "shared"
		                                  : v == GHCB_PSC_PRIVATE ? "private" : "?");
		break;
	case ARG_HOLDER:
		if (v == 0)
			put(buf, len, at, " %s=free", a.name);
		else
			put(buf, len, at, " %s=vcpu%" PRIu64, a.name, v - 1);
		break;
	case ARG_CALL:
		name = trace_call_name((uint32_t)(v >> 32), (uint32_t)v);
		if (name)
			put(buf, len, at, " %s.%s", trace_protocol_name((uint32_t)(v >> 32)), name);
		else
			put(buf, len, at, " %s=0x%" PRIx64, a.name, v);
		break;
	case ARG_RESULT:
		name = trace_result_name((uint32_t)v);
		put(buf, len, at, " %s=0x%" PRIx64 "%s%s%s", a.name, v, name ? " (" : "",
		    name ? name : "", name ? ")" : "");
		break;
	case ARG_RMP_FLAGS:   /* RMPUPDATE_FLAGS() in sim.h */
		put(buf, len, at, " %s=%s,asid=%" PRIu64 ",%s%s", a.name,
		    (v & 1) ? "assigned" : "unassigned", v >> 8, ((v >> 2) & 1) ? "2m" : "4k",
		    (v & 2) ? ",immutable" : "");
		break;
	}
}

static const char *hw_outcome(struct hw_result r, char *buf, size_t len)
{
	switch (r.fault) {
	case FAULT_VC:
		snprintf(buf, len, "#VC 0x%" PRIx64, r.code);
		return buf;
	case FAULT_NPF:
		snprintf(buf, len, "#NPF 0x%" PRIx64, r.code);
		return buf;
	case FAULT_GP:
		return "#GP";
	}
	if (r.rc != HW_OK) {
		snprintf(buf, len, "rc=%" PRIu32, r.rc);
		return buf;
	}
	return r.cf ? "cf" : "ok";
}

const char *trace_outcome(const struct sim_event *ev, char *buf, size_t len)
{
	uint32_t rc = ev->out.rc;
	switch (ev->op < OP_COUNT ? formats[ev->op].out : OUT_HW) {
	case OUT_HW:
		return hw_outcome(ev->out, buf, len);
	case OUT_SERVED:
		return rc ? "served" : "not served";
	case OUT_ERROR:
		if (rc == 0)
			return "ok";
		snprintf(buf, len, "error %" PRIu32, rc);
		return buf;
	case OUT_REFUSED:
		return rc == 0 ? "ok" : "refused";
	case OUT_CODE:
		if (rc == 0)
			return "ok";
		snprintf(buf, len, "rc=%" PRIu32, rc);
		return buf;
	case OUT_RANGE:
		return rc == 0 ? "ok" : "outside memory";
	}
	return "?";
}

/* Where the module's source column starts, so call sites line up. */
#define SITE_COLUMN 78

void trace_print_event(FILE *out, const struct sim_event *ev)
{
	char line[256], outcome[40];
	size_t at = 0, len = sizeof(line);
	put(line, len, &at, "%5u %-6s", ev->step, actor_name((enum actor)ev->actor));
	/* The hypervisor acts for the whole machine, not for one vCPU. */
	if (ev->actor == ACTOR_HV)
		put(line, len, &at, "      ");
	else
		put(line, len, &at, " vcpu%-1u", ev->vcpu);
	put(line, len, &at, " %-10s", op_name(ev->op));
	const struct trace_arg *args = trace_event_args(ev->op);
	for (unsigned i = 0; i < 3 && args[i].name; i++)
		put_arg(line, len, &at, args[i], ev->args[i]);
	put(line, len, &at, " -> %s", trace_outcome(ev, outcome, sizeof(outcome)));
	if (ev->site.file) {
		int pad = at < SITE_COLUMN ? (int)(SITE_COLUMN - at) : 1;
		put(line, len, &at, "%*s%s:%d", pad, "", ev->site.file, ev->site.line);
	}
	fprintf(out, "%s\n", line);
}
