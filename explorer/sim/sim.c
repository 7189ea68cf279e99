/*
 * sim.c: launching the machine, booting the module on it, and running
 * the module when a guest vCPU asks for VMPL0.
 *
 * The launch plays the roles of the hypervisor and the SNP firmware before
 * the module's first instruction: it assigns every page to the guest, puts
 * the module image and the secrets page in as validated (measured) pages,
 * and tells the module its layout.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"
#include "../ghost/ghost.h"

/* The module's memory: image, secrets, boot VMSA, then spare pages. */
#define MODULE_PAGES   8
#define IMAGE_PAGE     0
#define SECRETS_PAGE   1
#define BOOT_VMSA_PAGE 2
#define GUEST_SECRETS_PAGE 3   /* of guest RAM: where the guest's secrets page goes */
#define GUEST_RIP      0xfff0
#define SEV_FEATURES   0x1    /* SNP active */

_Static_assert(MACHINE_MAX_VCPUS <= SVSM_MAX_VCPUS, "every vCPU of the machine is a CPU of the module");

static void choose_layout(const struct machine *m, struct svsm_params *p)
{
	memset(p, 0, sizeof(*p));
	p->svsm_base = 0;
	p->svsm_size = MODULE_PAGES * PAGE_SIZE;
	p->secrets_gpa = SECRETS_PAGE * PAGE_SIZE;
	p->boot_vmsa_gpa = BOOT_VMSA_PAGE * PAGE_SIZE;
	p->guest_base = MODULE_PAGES * PAGE_SIZE;
	p->guest_size = (uint64_t)(m->npages - MODULE_PAGES) * PAGE_SIZE;
	p->boot_caa_gpa = p->guest_base;
	p->guest_rip = GUEST_RIP;
	p->sev_features = SEV_FEATURES;
	p->guest_secrets_gpa = p->guest_base + GUEST_SECRETS_PAGE * PAGE_SIZE;
	p->guest_vmpl = m->guest_vmpl;
	/* Every vCPU of the machine is a CPU of the platform, with its APIC ID. */
	p->ncpus = MACHINE_MAX_VCPUS;
	for (unsigned i = 0; i < MACHINE_MAX_VCPUS; i++)
		p->apic_ids[i] = m->vcpu[i].apic_id;
}

/* The firmware's part of the launch: measured pages go in validated. */
static void launch_measured(struct machine *m, uint64_t spa, const uint8_t *page, uint8_t label)
{
	machine_mem_write(m, spa, page, PAGE_SIZE, m->asid, label);
	m->rmp[spa >> PAGE_SHIFT].validated = true;
	machine_mark(m, DIRTY_RMP, (unsigned)(spa >> PAGE_SHIFT));
}

static void launch_page(struct machine *m, uint64_t spa, const char *text, uint8_t label)
{
	uint8_t page[PAGE_SIZE] = { 0 };
	memcpy(page, text, strlen(text));
	launch_measured(m, spa, page, label);
}

static void launch_secrets(struct machine *m, uint64_t spa)
{
	static const char key[] = "VMPCK?-secret-key-bytes!";   /* readable in the demo */
	uint8_t page[PAGE_SIZE] = { 0 };
	for (int n = 0; n < 4; n++) {
		memcpy(page + SECRETS_VMPCK(n), key, sizeof(key));
		page[SECRETS_VMPCK(n) + 5] = (uint8_t)('0' + n);
	}
	launch_measured(m, spa, page, LABEL_VMPL(0));
}

static void launch(struct sim *s)
{
	struct machine *m = &s->m;
	const struct svsm_params *p = &s->sv.p;
	for (unsigned i = 0; i < m->npages; i++) {
		struct rmp_update u = { .assigned = true, .asid = m->asid,
		                        .gpa = (uint64_t)i * PAGE_SIZE };
		machine_rmpupdate(m, (uint64_t)i * PAGE_SIZE, &u);
		ghost_set_owner(&s->ghost, i,
		                (uint64_t)i * PAGE_SIZE < p->guest_base ? OWNER_MODULE : OWNER_SHARED);
	}
	launch_page(m, p->svsm_base + IMAGE_PAGE * PAGE_SIZE, "svsmlab module image",
	            LABEL_VMPL(0));
	launch_secrets(m, p->secrets_gpa);
}

int sim_create(struct sim *s, const struct sim_config *cfg, const char **why)
{
	memset(s, 0, sizeof(*s));
	if (machine_init(&s->m, &cfg->machine, why) != 0)
		return -1;
	if (s->m.npages <= MODULE_PAGES + 1) {
		*why = "too few pages for the module and a guest";
		machine_free(&s->m);
		return -1;
	}
	if (cfg->bugs >> SVSM_NBUGS) {
		*why = "unknown bug switch";
		machine_free(&s->m);
		return -1;
	}
	if (race_init(&s->race, &s->sv, &s->rec) != 0) {
		*why = "out of memory";
		machine_free(&s->m);
		return -1;
	}
	struct svsm_params p;
	choose_layout(&s->m, &p);
	svsm_init(&s->sv, &p, cfg->bugs);
	launch(s);

	struct hal_cpu cpu = { s, 0 };
	s->m.vcpu[0].mode = VCPU_MODULE;
	s->in_boot = true;
	int rc = svsm_boot(&s->sv, &cpu);
	s->in_boot = false;
	if (rc != 0 || !machine_vmrun(&s->m, 0, npt_lookup(&s->m, p.boot_vmsa_gpa))) {
		*why = "the module failed to boot";
		sim_destroy(s);
		return -1;
	}
	ghost_bookkeeping(GHOST(s), 0);
	race_reset(&s->race);   /* the boot is over: everything it did comes before */
	s->guest.caa[0] = p.boot_caa_gpa;
	return 0;
}

void sim_destroy(struct sim *s)
{
	race_free(&s->race);
	machine_free(&s->m);
}

const struct svsm_params *sim_layout(const struct sim *s)
{
	return &s->sv.p;
}

/* Record the inputs of the call the module is about to serve, for contracts. */
static void begin_call(struct sim *s, unsigned vcpu, unsigned cpu)
{
	struct sim_call *c = &s->calls[cpu];
	uint64_t vmsa = s->m.vcpu[vcpu].vmsa_spa;
	memset(c, 0, sizeof(*c));
	c->active = true;
	c->vcpu = cpu;
	c->caa_gpa = s->sv.vcpus[cpu].caa_gpa;
	c->vmsa_gpa = s->sv.vcpus[cpu].vmsa_gpa;
	c->vmsa_spa = vmsa;
	c->rax = vmsa_get(&s->m, vmsa, VMSA_RAX, 8);
	c->rcx = vmsa_get(&s->m, vmsa, VMSA_RCX, 8);
	c->rdx = vmsa_get(&s->m, vmsa, VMSA_RDX, 8);
	c->r8 = vmsa_get(&s->m, vmsa, VMSA_R8, 8);
	c->r9 = vmsa_get(&s->m, vmsa, VMSA_R9, 8);
	uint64_t page = c->rcx & ~(uint64_t)(PAGE_SIZE - 1);
	c->request_valid = machine_read(&s->m, 0, page, true, c->request, PAGE_SIZE).fault
	                   == FAULT_NONE;
	c->first_step = s->rec.step;
	ghost_call_begin(GHOST(s), c);
}

/*
 * The module's CPU that serves a guest VMSA. On hardware the module pairs
 * each guest VMSA with a VMPL0 VMSA of its own when it creates the vCPU;
 * the simulator reads that pairing from the module's registry. A module
 * CPU already serving a call is skipped: one VMSA does not run on two
 * CPUs at once, even when the hypervisor's nested page table makes two
 * registry entries name the same page.
 */
static int module_cpu_for(const struct sim *s, uint64_t vmsa_spa)
{
	for (unsigned k = 0; k < SVSM_MAX_VCPUS; k++)
		if (s->sv.vcpus[k].used && !s->calls[k].active &&
		    npt_lookup(&s->m, s->sv.vcpus[k].vmsa_gpa) == vmsa_spa)
			return (int)k;
	return -1;
}

int sim_enter_module(struct sim *s, unsigned vcpu)
{
	uint64_t vmsa = s->m.vcpu[vcpu].vmsa_spa;
	int cpu = module_cpu_for(s, vmsa);
	if (cpu < 0)
		return -1;   /* no VMPL0 context for this VMSA: nothing runs */
	begin_call(s, vcpu, (unsigned)cpu);
	s->m.vcpu[vcpu].mode = VCPU_MODULE;   /* the guest VMSA stops running */
	struct hal_cpu hc = { s, (unsigned)cpu };
	race_call_begin(&s->race, (unsigned)cpu);
	race_run(&s->race, (unsigned)cpu);
	svsm_handle_request(&s->sv, &hc);
	race_call_end(&s->race, (unsigned)cpu);
	/* The hypervisor resumes the guest VMSA, if it is still a VMSA. */
	if (!machine_vmrun(&s->m, vcpu, vmsa))
		s->m.vcpu[vcpu].mode = VCPU_OFF;
	/*
	 * Only a call the module answered has a result to judge. call_pending
	 * going from set to clear is no proof: the guest may write over its
	 * own byte, or collect an unanswered call on a shared Calling Area.
	 */
	if (s->calls[cpu].answered)
		ghost_contract(GHOST(s), (unsigned)cpu, (uint32_t)vmsa_get(&s->m, vmsa, VMSA_RAX, 8));
	s->calls[cpu].active = false;
	ghost_bookkeeping(GHOST(s), vcpu);   /* answered or not, the call is over */
	return cpu;
}

int sim_snapshot(const struct sim *s, struct sim_snapshot *snap)
{
	if (machine_snapshot(&s->m, &snap->m) != 0)
		return -1;
	memcpy(&snap->sv, &s->sv, sizeof(s->sv));   /* with padding: it is hashed */
	snap->ghost = s->ghost;
	snap->guest = s->guest;
	return 0;
}

/* All but the machine. The calls in flight are abandoned: snapshots are taken between calls (sim.h). */
static void restore_outside(struct sim *s, const struct sim_snapshot *snap)
{
	memcpy(&s->sv, &snap->sv, sizeof(s->sv));
	s->ghost = snap->ghost;
	s->guest = snap->guest;
	for (unsigned k = 0; k < SVSM_MAX_VCPUS; k++)
		s->calls[k].active = false;
	race_reset(&s->race);
}

void sim_restore(struct sim *s, const struct sim_snapshot *snap)
{
	machine_restore(&s->m, &snap->m);
	restore_outside(s, snap);
}

/*
 * What the invariants remember (ghost.breached) comes back with the
 * snapshot: so must what they had still to look at when it was taken.
 */
void sim_restore_changed(struct sim *s, const struct sim_snapshot *snap)
{
	machine_restore_changed(&s->m, &snap->m);
	restore_outside(s, snap);
	struct machine_dirty *d = &s->m.dirty[WATCH_INVARIANTS];
	const struct machine_dirty *then = &snap->m.m.dirty[WATCH_INVARIANTS];
	d->all |= then->all;
	for (unsigned t = 0; t < DIRTY_TABLES; t++)
		for (unsigned k = 0; k < MACHINE_DIRTY_WORDS; k++)
			d->bits[t][k] |= then->bits[t][k];
}

void sim_snapshot_free(struct sim_snapshot *snap)
{
	machine_snapshot_free(&snap->m);
}

/*
 * struct svsm is hashed byte by byte: sim_create zeroes it before use and
 * the module only ever assigns whole fields, so its padding stays zero.
 */
uint64_t sim_hash(const struct sim *s)
{
	uint64_t h = machine_hash(&s->m);
	h = hash_bytes(h, &s->sv, sizeof(s->sv));
	return sim_hash_outside(h, s);
}

uint64_t sim_hash_outside(uint64_t h, const struct sim *s)
{
	h = hash_bytes(h, s->ghost.owner, sizeof(s->ghost.owner));
	return hash_bytes(h, &s->guest, sizeof(s->guest));
}

void sim_record(struct sim *s, struct sim_event *ev)
{
	if (!s->invariants_deferred)   /* a breach belongs to this step */
		ghost_invariants_changed(GHOST(s), ev->site, ev->vcpu);
	record_event(&s->rec, ev);
}

/*
 * While deferred, the machine's marks for the invariants pile up, and one
 * look at them all at the end gives each page the bits the last event
 * would have left (the rule of ghost_invariants_changed holds for any
 * number of changes). On a path judged before that went on, no event
 * broke an invariant (a breach ends an execution), so that look reports
 * nothing: the caller can hold it to that.
 */
void sim_defer_invariants(struct sim *s, bool defer)
{
	s->invariants_deferred = defer;
	if (!defer)
		ghost_invariants_changed(GHOST(s), (struct hal_site){ 0 }, 0);
}

void sim_record_env(struct sim *s, enum actor actor, unsigned vcpu, enum sim_op op,
                    uint64_t a0, uint64_t a1, uint64_t a2, struct hw_result out)
{
	struct sim_event ev = { .actor = (uint8_t)actor, .vcpu = vcpu, .op = op,
	                        .args = { a0, a1, a2 }, .out = out };
	sim_record(s, &ev);
}
