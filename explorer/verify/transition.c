/*
 * transition.c: the C side of a conformance transition: running one
 * operation of the machine model, and printing it for a mismatch report.
 */
#include <inttypes.h>
#include <string.h>

#include "conform.h"

struct conform_out conform_run(struct machine *m, const struct conform_in *in)
{
	/* A read or write longer than a page fails before touching the buffer. */
	static uint8_t buf[PAGE_SIZE];
	struct conform_out out = { .why = NPF_NONE };
	switch (in->op) {
	case CONFORM_PVALIDATE:
		out.r = machine_pvalidate(m, in->vmpl, in->addr, in->size, in->validate);
		break;
	case CONFORM_RMPADJUST:
		out.r = machine_rmpadjust(m, in->vmpl, in->addr, in->size, in->attrs);
		break;
	case CONFORM_RMPUPDATE:
		out.rc = machine_rmpupdate(m, in->addr, &in->update);
		break;
	case CONFORM_PSMASH:
		out.rc = machine_psmash(m, in->addr);
		break;
	case CONFORM_TRANSLATE:
		out.r = machine_translate(m, in->vmpl, in->addr, in->cbit, in->kind, &out.spa, &out.why);
		break;
	case CONFORM_READ:
		out.r = machine_read(m, in->vmpl, in->addr, in->cbit, buf, in->len);
		break;
	case CONFORM_WRITE:
		memset(buf, 0x5a, sizeof(buf));
		out.r = machine_write(m, in->vmpl, in->addr, in->cbit, buf, in->len, in->label);
		break;
	case CONFORM_OPS:
		break;
	}
	return out;
}

const char *conform_op_name(enum conform_op op)
{
	static const char *const names[CONFORM_OPS] = {
		[CONFORM_PVALIDATE] = "pvalidate", [CONFORM_RMPADJUST] = "rmpadjust",
		[CONFORM_RMPUPDATE] = "rmpupdate", [CONFORM_PSMASH] = "psmash",
		[CONFORM_TRANSLATE] = "translate", [CONFORM_READ] = "guest-read",
		[CONFORM_WRITE] = "guest-write",
	};
	return (unsigned)op < CONFORM_OPS ? names[op] : "?";
}

void conform_print_in(FILE *f, const struct conform_in *in)
{
	fprintf(f, "%s", conform_op_name(in->op));
	switch (in->op) {
	case CONFORM_PVALIDATE:
		fprintf(f, " vmpl=%u gpa=0x%" PRIx64 " size=%u validate=%d", in->vmpl, in->addr,
		        in->size, in->validate);
		break;
	case CONFORM_RMPADJUST:
		fprintf(f, " vmpl=%u gpa=0x%" PRIx64 " size=%u attrs=0x%" PRIx64, in->vmpl, in->addr,
		        in->size, in->attrs);
		break;
	case CONFORM_RMPUPDATE:
		fprintf(f, " spa=0x%" PRIx64 " assigned=%d immutable=%d page_size=%u asid=%" PRIu32
		        " gpa=0x%" PRIx64, in->addr, in->update.assigned, in->update.immutable,
		        in->update.page_size, in->update.asid, in->update.gpa);
		break;
	case CONFORM_PSMASH:
		fprintf(f, " spa=0x%" PRIx64, in->addr);
		break;
	case CONFORM_TRANSLATE:
		fprintf(f, " vmpl=%u gpa=0x%" PRIx64 " cbit=%d kind=%u", in->vmpl, in->addr,
		        in->cbit, (unsigned)in->kind);
		break;
	case CONFORM_READ:
	case CONFORM_WRITE:
		fprintf(f, " vmpl=%u gpa=0x%" PRIx64 " cbit=%d len=%" PRIu64, in->vmpl, in->addr,
		        in->cbit, in->len);
		if (in->op == CONFORM_WRITE)
			fprintf(f, " label=0x%x", in->label);
		break;
	case CONFORM_OPS:
		break;
	}
	fprintf(f, "\n");
}

void conform_print_out(FILE *f, enum conform_op op, const struct conform_out *out)
{
	static const char *const faults[] = { "none", "#VC", "#NPF", "#GP" };
	if (op == CONFORM_RMPUPDATE || op == CONFORM_PSMASH) {
		fprintf(f, "rc=%d\n", out->rc);
		return;
	}
	const char *fault = out->r.fault < 4 ? faults[out->r.fault] : "?";
	fprintf(f, "rc=%" PRIu32 " cf=%u fault=%s code=0x%" PRIx64, out->r.rc, out->r.cf, fault,
	        out->r.code);
	if (op == CONFORM_TRANSLATE)
		fprintf(f, " why=%s spa=0x%" PRIx64, npf_reason_name(out->why), out->spa);
	fprintf(f, "\n");
}

void conform_print_entry(FILE *f, const struct rmp_entry *e)
{
	char p[VMPL_COUNT][5];
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		perms_string(e->perms[v], p[v]);
	fprintf(f, "assigned=%d immutable=%d validated=%d vmsa=%d size=%s asid=%" PRIu32
	        " gpa=0x%" PRIx64 " perms=%s/%s/%s\n", e->assigned, e->immutable, e->validated,
	        e->vmsa, e->page_size == PSIZE_4K ? "4K" : e->page_size == PSIZE_2M ? "2M" : "?",
	        e->asid, e->gpa, p[1], p[2], p[3]);
}
