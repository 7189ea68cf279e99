/*
 * guest.c: the guest operating system's side of the SVSM protocol.
 */
#include <string.h>

#include "guest.h"

static uint8_t guest_label(const struct sim *s)
{
	return LABEL_VMPL(0) | LABEL_VMPL(s->m.guest_vmpl);
}

/*
 * Walks [gpa, gpa+len) a page at a time; stops at the first fault. Not
 * recorded: the public functions below record one event for the whole
 * access, and a call's own CAA accesses are part of its call event.
 */
static struct hw_result walk(struct sim *s, uint64_t gpa, void *buf, size_t len, bool write)
{
	struct hw_result r = { 0 };
	uint8_t *p = buf;
	while (len > 0) {
		size_t chunk = PAGE_SIZE - (gpa & (PAGE_SIZE - 1));
		if (chunk > len)
			chunk = len;
		r = write ? machine_write(&s->m, s->m.guest_vmpl, gpa, true, p, chunk, guest_label(s))
		          : machine_read(&s->m, s->m.guest_vmpl, gpa, true, p, chunk);
		if (r.fault != FAULT_NONE || r.rc != HW_OK)
			break;
		gpa += chunk;
		p += chunk;
		len -= chunk;
	}
	return r;
}

struct hw_result guest_read(struct sim *s, uint64_t gpa, void *buf, size_t len)
{
	struct hw_result r = walk(s, gpa, buf, len, false);
	sim_record_env(s, ACTOR_GUEST, 0, OP_GUEST_READ, gpa, len, 0, r);
	return r;
}

struct hw_result guest_peek(struct sim *s, uint64_t gpa, void *buf, size_t len)
{
	return walk(s, gpa, buf, len, false);
}

struct hw_result guest_write(struct sim *s, uint64_t gpa, const void *buf, size_t len)
{
	struct hw_result r = walk(s, gpa, (void *)buf, len, true);
	sim_record_env(s, ACTOR_GUEST, 0, OP_GUEST_WRITE, gpa, len, 0, r);
	return r;
}

int guest_call_begin(struct sim *s, unsigned vcpu, uint32_t protocol, uint32_t call,
                     const struct guest_args *in)
{
	if (vcpu >= MACHINE_MAX_VCPUS || s->m.vcpu[vcpu].mode != VCPU_GUEST)
		return -1;
	uint8_t one = 1;
	if (walk(s, s->guest.caa[vcpu] + CAA_CALL_PENDING, &one, 1, true).fault != FAULT_NONE)
		return -1;
	sim_record_env(s, ACTOR_GUEST, vcpu, OP_GUEST_CALL, SVSM_RAX(protocol, call), in->rcx,
	               in->rdx, (struct hw_result){ 0 });

	/* VMGEXIT: the hardware saves the registers in the VMSA. */
	uint64_t vmsa = s->m.vcpu[vcpu].vmsa_spa;
	vmsa_set(&s->m, vmsa, VMSA_RAX, 8, SVSM_RAX(protocol, call));
	vmsa_set(&s->m, vmsa, VMSA_RCX, 8, in->rcx);
	vmsa_set(&s->m, vmsa, VMSA_RDX, 8, in->rdx);
	vmsa_set(&s->m, vmsa, VMSA_R8, 8, in->r8);
	vmsa_set(&s->m, vmsa, VMSA_R9, 8, in->r9);
	s->m.vcpu[vcpu].ghcb_msr = GHCB_VMPL_REQ(0);
	s->guest.remap_to[vcpu] = protocol == SVSM_PROTO_CORE && call == SVSM_CORE_REMAP_CA
	                          ? in->rcx : 0;
	return 0;
}

void guest_call_end(struct sim *s, unsigned vcpu, struct guest_result *out)
{
	uint64_t vmsa = s->m.vcpu[vcpu].vmsa_spa;
	s->m.vcpu[vcpu].ghcb_msr = GHCB_MSR_VMPL_RESP;
	out->rax = (uint32_t)vmsa_get(&s->m, vmsa, VMSA_RAX, 8);
	out->rcx = vmsa_get(&s->m, vmsa, VMSA_RCX, 8);
	out->rdx = vmsa_get(&s->m, vmsa, VMSA_RDX, 8);
	out->r8 = vmsa_get(&s->m, vmsa, VMSA_R8, 8);

	/* xchg call_pending, 0: still 1 means the module never ran. */
	uint64_t caa = s->guest.caa[vcpu];
	uint8_t pending = 0, zero = 0;
	walk(s, caa + CAA_CALL_PENDING, &pending, 1, false);
	walk(s, caa + CAA_CALL_PENDING, &zero, 1, true);
	out->served = pending == 0;
	/*
	 * After a REMAP_CA the module answered with SUCCESS, the guest uses
	 * the new Calling Area, as Linux's svsm_setup() and
	 * sev_es_init_vc_handling() switch their CAA once the call succeeded.
	 * This call's call_pending was still in the old one.
	 */
	if (out->served && out->rax == SVSM_SUCCESS && s->guest.remap_to[vcpu] != 0)
		s->guest.caa[vcpu] = s->guest.remap_to[vcpu];
	s->guest.remap_to[vcpu] = 0;
	sim_record_env(s, ACTOR_GUEST, vcpu, OP_GUEST_RESULT, out->rax, out->rcx, out->rdx,
	               (struct hw_result){ .rc = out->served });
}

int guest_call(struct sim *s, unsigned vcpu, uint32_t protocol, uint32_t call,
               const struct guest_args *in, struct guest_result *out)
{
	memset(out, 0, sizeof(*out));
	if (guest_call_begin(s, vcpu, protocol, call, in) != 0)
		return -1;
	sim_enter_module(s, vcpu);
	guest_call_end(s, vcpu, out);
	return 0;
}

uint32_t guest_psc(struct sim *s, unsigned vcpu, uint64_t gpa, unsigned op)
{
	if (vcpu >= MACHINE_MAX_VCPUS)
		return 1;
	s->m.vcpu[vcpu].ghcb_msr = GHCB_PSC_REQ(gpa >> PAGE_SHIFT, op);
	uint32_t err = s->psc ? s->psc(s, vcpu, gpa, op, s->psc_arg)
	                      : machine_page_state_change(&s->m, gpa, op);
	s->m.vcpu[vcpu].ghcb_msr = GHCB_MSR_PSC_RESP | ((uint64_t)err << 32);
	sim_record_env(s, ACTOR_GUEST, vcpu, OP_GUEST_PSC, gpa, op, 0,
	               (struct hw_result){ .rc = err });
	return err;
}

static void store(uint8_t *p, uint64_t v, unsigned width)
{
	for (unsigned i = 0; i < width; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int guest_pvalidate(struct sim *s, unsigned vcpu, uint64_t req_gpa,
                    const uint64_t *entries, unsigned n, uint32_t *rc, unsigned *next)
{
	uint8_t req[PAGE_SIZE] = { 0 };
	size_t len = PVREQ_HEADER_SIZE + (size_t)n * PVREQ_ENTRY_SIZE;
	if (len > sizeof(req))
		return -1;
	store(req + PVREQ_ENTRIES, n, 2);
	for (unsigned i = 0; i < n; i++)
		store(req + PVREQ_HEADER_SIZE + i * PVREQ_ENTRY_SIZE, entries[i], 8);
	if (guest_write(s, req_gpa, req, len).fault != FAULT_NONE)
		return -1;
	struct guest_args in = { .rcx = req_gpa };
	struct guest_result out;
	if (guest_call(s, vcpu, SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE, &in, &out) != 0)
		return -1;
	uint8_t hdr[PVREQ_HEADER_SIZE] = { 0 };
	guest_read(s, req_gpa, hdr, sizeof(hdr));
	*rc = out.rax;
	*next = (unsigned)(hdr[PVREQ_NEXT] | hdr[PVREQ_NEXT + 1] << 8);
	return 0;
}

void guest_build_vmsa(uint8_t page[PAGE_SIZE], unsigned vmpl, uint64_t efer,
                      uint64_t sev_features, uint64_t rip)
{
	memset(page, 0, PAGE_SIZE);
	page[VMSA_VMPL] = (uint8_t)vmpl;
	store(page + VMSA_EFER, efer, 8);
	store(page + VMSA_SEV_FEATURES, sev_features, 8);
	store(page + VMSA_RIP, rip, 8);
}

/*
 * The hypervisor's AP_CREATE: the vCPU runs this VMSA from now on. A vCPU
 * that runs another VMSA is switched to this one, as a CPU brought back
 * online is (Linux's wakeup_cpu_via_vmgexit); one inside a call, or
 * already running this VMSA, is not.
 */
bool guest_start_vcpu(struct sim *s, unsigned vcpu, uint64_t vmsa_gpa, uint64_t caa_gpa)
{
	uint64_t spa = npt_lookup(&s->m, vmsa_gpa);
	bool ok = vcpu < MACHINE_MAX_VCPUS && s->m.vcpu[vcpu].mode != VCPU_MODULE &&
	          !(s->m.vcpu[vcpu].mode == VCPU_GUEST && s->m.vcpu[vcpu].vmsa_spa == spa) &&
	          machine_vmrun(&s->m, vcpu, spa);
	if (ok)
		s->guest.caa[vcpu] = caa_gpa;
	sim_record_env(s, ACTOR_GUEST, vcpu, OP_GUEST_START_VCPU, vcpu, vmsa_gpa, caa_gpa,
	               (struct hw_result){ .rc = !ok });
	return ok;
}

uint64_t guest_vcpu_vmsa_gpa(const struct svsm_params *p, unsigned i)
{
	return p->guest_base + p->guest_size - (uint64_t)(2 * i) * PAGE_SIZE;
}

int guest_bring_up(struct sim *s, unsigned n, const char **why)
{
	const struct svsm_params *p = sim_layout(s);
	if (n > MACHINE_MAX_VCPUS) {
		*why = "more vCPUs than the machine has";
		return -1;
	}
	for (unsigned i = 1; i < n; i++) {
		uint64_t vmsa = guest_vcpu_vmsa_gpa(p, i);
		uint64_t caa = vmsa + PAGE_SIZE;
		uint8_t page[PAGE_SIZE];
		guest_build_vmsa(page, s->m.guest_vmpl, EFER_SVME, p->sev_features, p->guest_rip);
		struct guest_args in = { .rcx = vmsa, .rdx = caa, .r8 = i };
		struct guest_result out;
		if (guest_write(s, vmsa, page, PAGE_SIZE).fault != FAULT_NONE ||
		    guest_call(s, 0, SVSM_PROTO_CORE, SVSM_CORE_CREATE_VCPU, &in, &out) != 0 ||
		    out.rax != SVSM_SUCCESS || !guest_start_vcpu(s, i, vmsa, caa)) {
			*why = "the module refused to create a vCPU";
			return -1;
		}
	}
	return 0;
}
