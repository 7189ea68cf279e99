/*
 * case_builder.c: the steps a verifier case is built from (case_builder.h):
 * what the guest writes and calls before the verified calls, the calls
 * themselves, and the guest pages the hypervisor's scope starts with.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "case_builder.h"
#include "../../svsm/lib/mem.h"

struct vcase *add_case(struct builder *b, uint32_t call, unsigned vcpus, const char *fmt,
                       ...)
{
	struct vcases *cs = b->cs;
	if (cs->n == cs->cap) {
		unsigned cap = cs->cap ? 2 * cs->cap : 32;
		struct vcase *grown = realloc(cs->c, cap * sizeof(*grown));
		if (!grown) {
			b->failed = true;
			return NULL;
		}
		cs->c = grown;
		cs->cap = cap;
	}
	struct vcase *c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	c->handler = inputs_handler_name(call);
	c->setup.cfg.bugs = b->o->bugs;
	c->setup.vcpus = vcpus;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->title, sizeof(c->title), fmt, ap);
	va_end(ap);
	return c;
}

void push_step(struct builder *b, struct vcase *c, const struct trace_step *st)
{
	if (c && trace_push(&c->setup, st) != 0)
		b->failed = true;
}

void write_bytes(struct builder *b, struct vcase *c, uint64_t gpa, const uint8_t *bytes,
                 size_t len)
{
	struct trace_step st = { .action = T_WRITE };
	st.mem.addr = gpa;
	st.mem.bytes = (uint8_t *)bytes;
	st.mem.len = len;
	push_step(b, c, &st);
}

/* A page list: header (entries, next) and the entries, as the guest writes it. */
void write_list(struct builder *b, struct vcase *c, uint64_t gpa, unsigned entries,
                unsigned next, const uint64_t *e, unsigned n)
{
	uint8_t req[PVREQ_HEADER_SIZE + 2 * PVREQ_ENTRY_SIZE] = { 0 };
	store_le16(req + PVREQ_ENTRIES, (uint16_t)entries);
	store_le16(req + PVREQ_NEXT, (uint16_t)next);
	for (unsigned i = 0; i < n && i < 2; i++)
		store_le64(req + PVREQ_HEADER_SIZE + i * PVREQ_ENTRY_SIZE, e[i]);
	write_bytes(b, c, gpa, req, PVREQ_HEADER_SIZE + (size_t)n * PVREQ_ENTRY_SIZE);
}

/* An earlier call, run plainly to its end before the verified ones. */
void setup_call(struct builder *b, struct vcase *c, unsigned vcpu, uint32_t call,
                struct guest_args args)
{
	struct trace_step st = { .action = T_CALL, .vcpu = vcpu };
	st.call.protocol = SVSM_PROTO_CORE;
	st.call.call = call;
	st.call.args = args;
	push_step(b, c, &st);
	struct trace_step fin = { .action = T_FINISH, .vcpu = vcpu };
	push_step(b, c, &fin);
}

/* vCPU 0 asks the module for one PVALIDATE entry first. */
void setup_pvalidate(struct builder *b, struct vcase *c, uint64_t entry)
{
	write_list(b, c, REQ, 1, 0, &entry, 1);
	setup_call(b, c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
}

/* The guest rescinds a page of its own through the module first. */
void setup_rescind(struct builder *b, struct vcase *c, uint64_t gpa)
{
	setup_pvalidate(b, c, PVENTRY(gpa, PSIZE_4K, false, false));
}

/* A save area as the guest prepares one for CREATE_VCPU. */
void setup_vmsa(struct builder *b, struct vcase *c, uint64_t gpa, unsigned vmpl,
                uint64_t efer, uint64_t features)
{
	uint8_t v[1] = { (uint8_t)vmpl }, e8[8], f8[8];
	store_le64(e8, efer);
	store_le64(f8, features);
	write_bytes(b, c, gpa + VMSA_VMPL, v, 1);
	write_bytes(b, c, gpa + VMSA_EFER, e8, 8);
	write_bytes(b, c, gpa + VMSA_SEV_FEATURES, f8, 8);
}

void add_call(struct vcase *c, unsigned vcpu, uint32_t call, struct guest_args args)
{
	if (!c || c->ncalls == VCASE_MAX_CALLS)
		return;
	c->call[c->ncalls++] = (struct vcall){ vcpu, call, args };
}

/* A guest page the input names: the hypervisor's scope starts with it. */
void add_page(const struct builder *b, struct vcase *c, uint64_t gpa)
{
	if (!c)
		return;
	gpa &= ~(uint64_t)(PAGE_SIZE - 1);
	if (gpa >= b->at.past_ram)
		return;   /* nothing is there to move */
	for (unsigned i = 0; i < c->npages; i++)
		if (c->pages[i] == gpa)
			return;
	if (c->npages < VSCOPE_MAX)
		c->pages[c->npages++] = gpa;
}

/* A PVALIDATE call of one vCPU on the entries e[0..n). */
void pvalidate_call(struct builder *b, struct vcase *c, unsigned vcpu, uint64_t req,
                    const uint64_t *e, unsigned n)
{
	write_list(b, c, req, n, 0, e, n);
	add_call(c, vcpu, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = req });
	for (unsigned i = 0; i < n; i++)
		add_page(b, c, PVENTRY_GFN(e[i]) << PAGE_SHIFT);
}

struct guest_args create_args(uint64_t vmsa, uint64_t caa, uint32_t apic)
{
	return (struct guest_args){ .rcx = vmsa, .rdx = caa, .r8 = apic };
}

/* A vCPU created at 0x20000 (CAA 0x21000) before the call, and not started. */
void setup_created(struct builder *b, struct vcase *c)
{
	setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
	setup_call(b, c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
}

/* vCPU vcpu starts on the VMSA at vmsa, its Calling Area at caa: the hypervisor's move. */
void setup_start(struct builder *b, struct vcase *c, unsigned vcpu, uint64_t vmsa, uint64_t caa)
{
	struct trace_step st = { .action = T_START_VCPU, .vcpu = vcpu };
	st.start.vmsa = vmsa;
	st.start.caa = caa;
	push_step(b, c, &st);
}

/* The case's racing guest write: value, little-endian, in len bytes at gpa. */
void set_race(struct vcase *c, uint64_t gpa, uint64_t value, unsigned len)
{
	if (!c)
		return;
	c->race.gpa = gpa;
	store_le64(c->race.bytes, value);   /* the race writes the first len of them */
	c->race.len = len;
}

bool handler_wanted(const struct verify_options *o, uint32_t call)
{
	return !o->handler || strcmp(o->handler, inputs_handler_name(call)) == 0;
}

