/*
 * program.c: the protocol harness's bytes, read as moves and written from
 * trace steps (program.h has the format).
 */
#include "program.h"
#include "../explorer/luadata/args.h"   /* GPA_LIMIT: what a trace file accepts */

/* The kinds of move, by opcode. A trace step is always the first of its action. */
static const struct {
	enum trace_action action;
	bool to_end;
} kinds[] = {
	{ T_CALL, false },      { T_WRITE, false },      { T_STEP, false },
	{ T_STEP, true },       { T_FINISH, false },     { T_PSC, false },
	{ T_START_VCPU, false }, { T_RMPUPDATE, false }, { T_PSMASH, false },
	{ T_MAP, false },       { T_UNMAP, false },      { T_HV_WRITE, false },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

#define PAGE_MASK (~(uint64_t)(PAGE_SIZE - 1))
#define VALUE_SMALL 0x80u
#define VALUE_RAW 0xc0u

static uint64_t value(struct bytes *b)
{
	uint8_t v = bytes_u8(b);
	if (v < VALUE_SMALL)
		return (uint64_t)v << PAGE_SHIFT;
	if (v < VALUE_RAW)
		return v & 0x3fu;
	return bytes_u64(b);
}

/* A guest page a trace file accepts where it wants one (psc, map, start_vcpu). */
static uint64_t page(struct bytes *b)
{
	return (value(b) % GPA_LIMIT) & PAGE_MASK;
}

static unsigned vcpu(struct bytes *b, unsigned vcpus)
{
	return bytes_u8(b) % vcpus;
}

/* len bytes of a write at addr, clipped to what the address space holds. */
static void payload(struct bytes *b, uint64_t limit, struct trace_step *st)
{
	const uint8_t *p;
	size_t len = bytes_take(b, bytes_u8(b), &p);
	if (st->mem.addr >= limit)
		st->mem.addr %= limit;
	if (len > limit - st->mem.addr)
		len = (size_t)(limit - st->mem.addr);
	st->mem.bytes = (uint8_t *)p;   /* trace_push copies; nothing writes through it */
	st->mem.len = len;
}

unsigned program_vcpus(struct bytes *b)
{
	return 1 + (bytes_u8(b) & 1u);
}

bool program_next(struct bytes *b, unsigned vcpus, struct move *mv)
{
	if (!bytes_left(b))
		return false;
	unsigned k = bytes_u8(b) % NKINDS;
	struct trace_step *st = &mv->st;
	*st = (struct trace_step){ .action = kinds[k].action };
	mv->to_end = kinds[k].to_end;
	switch (st->action) {
	case T_CALL:
		st->vcpu = vcpu(b, vcpus);
		st->call.protocol = bytes_u8(b) & 3u;
		st->call.call = bytes_u8(b) & 15u;
		st->call.args.rcx = value(b);
		st->call.args.rdx = value(b);
		st->call.args.r8 = value(b);
		st->call.args.r9 = value(b);
		break;
	case T_WRITE:
		st->mem.addr = value(b);
		payload(b, GPA_LIMIT, st);
		break;
	case T_STEP:
	case T_FINISH:
		st->vcpu = vcpu(b, vcpus);
		break;
	case T_PSC:
		st->vcpu = vcpu(b, vcpus);
		st->psc.gpa = page(b);
		st->psc.op = bytes_u8(b) & 1u ? GHCB_PSC_SHARED : GHCB_PSC_PRIVATE;
		break;
	case T_START_VCPU:
		st->vcpu = bytes_u8(b) % MACHINE_MAX_VCPUS;
		st->start.vmsa = page(b);
		st->start.caa = page(b);
		break;
	case T_RMPUPDATE: {
		st->rmpupdate.spa = value(b);
		uint8_t flags = bytes_u8(b);
		st->rmpupdate.u.assigned = flags & 1u;
		st->rmpupdate.u.immutable = (flags >> 1) & 1u;
		st->rmpupdate.u.page_size = (flags >> 2) & 1u ? PSIZE_2M : PSIZE_4K;
		st->rmpupdate.u.asid = bytes_u8(b);
		st->rmpupdate.u.gpa = value(b);
		break;
	}
	case T_PSMASH:
		st->map.spa = value(b);
		break;
	case T_MAP:
		st->map.gpa = page(b);
		st->map.spa = value(b) & PAGE_MASK;
		break;
	case T_UNMAP:
		st->map.gpa = page(b);
		break;
	case T_HV_WRITE:
		st->mem.addr = value(b);
		payload(b, UINT64_MAX, st);
		break;
	default:
		break;
	}
	return true;
}

/* --- writing: the shortest bytes that read back as exactly the value ------ */

static int put(FILE *out, unsigned byte)
{
	return fputc((int)byte, out) == EOF ? -1 : 0;
}

static int put_value(FILE *out, uint64_t v)
{
	if ((v & ~PAGE_MASK) == 0 && (v >> PAGE_SHIFT) < VALUE_SMALL)
		return put(out, (unsigned)(v >> PAGE_SHIFT));
	if (v < 0x40)
		return put(out, VALUE_SMALL | (unsigned)v);
	int rc = put(out, VALUE_RAW);
	for (unsigned i = 0; i < 8 && rc == 0; i++)
		rc = put(out, (unsigned)(v >> (8 * i)) & 0xffu);
	return rc;
}

static int put_bytes(FILE *out, const uint8_t *p, size_t n)
{
	return put(out, (unsigned)n) == 0 && fwrite(p, 1, n, out) == n ? 0 : -1;
}

static int put_opcode(FILE *out, enum trace_action a)
{
	for (unsigned k = 0; k < NKINDS; k++)
		if (kinds[k].action == a)
			return put(out, k);
	return -1;
}

/* Would the reader give back exactly this step? */
static bool sayable(const struct trace_step *st)
{
	switch (st->action) {
	case T_CALL:
		return st->call.protocol <= 3 && st->call.call <= 15;
	case T_RMPUPDATE:
		return st->rmpupdate.u.asid <= 0xff;
	case T_READ:
	case T_HV_READ:
		return false;   /* they change nothing: the format has no reads */
	default:
		return st->action < T_COUNT;
	}
}

/* A write longer than one move holds, as several. */
static int put_write(FILE *out, const struct trace_step *st)
{
	size_t off = 0;
	do {
		size_t n = st->mem.len - off < PROGRAM_MAX_WRITE ? st->mem.len - off
		                                                 : PROGRAM_MAX_WRITE;
		if (put_opcode(out, st->action) != 0 || put_value(out, st->mem.addr + off) != 0 ||
		    put_bytes(out, st->mem.bytes + off, n) != 0)
			return -1;
		off += n;
	} while (off < st->mem.len);
	return 0;
}

int program_write_header(FILE *out, unsigned vcpus)
{
	return put(out, (vcpus - 1) & 1u);
}

int program_write_step(FILE *out, const struct trace_step *st)
{
	if (!sayable(st))
		return 0;
	if (has_bytes_field(st->action))
		return put_write(out, st) == 0 ? 1 : -1;
	int rc = put_opcode(out, st->action);
	switch (st->action) {
	case T_CALL:
		rc |= put(out, st->vcpu) | put(out, st->call.protocol) | put(out, st->call.call);
		rc |= put_value(out, st->call.args.rcx) | put_value(out, st->call.args.rdx);
		rc |= put_value(out, st->call.args.r8) | put_value(out, st->call.args.r9);
		break;
	case T_STEP:
	case T_FINISH:
		rc |= put(out, st->vcpu);
		break;
	case T_PSC:
		rc |= put(out, st->vcpu) | put_value(out, st->psc.gpa);
		rc |= put(out, st->psc.op == GHCB_PSC_SHARED);
		break;
	case T_START_VCPU:
		rc |= put(out, st->vcpu) | put_value(out, st->start.vmsa) |
		      put_value(out, st->start.caa);
		break;
	case T_RMPUPDATE: {
		const struct rmp_update *u = &st->rmpupdate.u;
		rc |= put_value(out, st->rmpupdate.spa);
		rc |= put(out, (unsigned)u->assigned | (unsigned)u->immutable << 1 |
		               (unsigned)(u->page_size == PSIZE_2M) << 2);
		rc |= put(out, u->asid) | put_value(out, u->gpa);
		break;
	}
	case T_PSMASH:
		rc |= put_value(out, st->map.spa);
		break;
	case T_MAP:
		rc |= put_value(out, st->map.gpa) | put_value(out, st->map.spa);
		break;
	case T_UNMAP:
		rc |= put_value(out, st->map.gpa);
		break;
	default:
		break;
	}
	return rc == 0 ? 1 : -1;
}
