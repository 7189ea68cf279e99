/*
 * boot.c: the module's start, before any guest code runs.
 *
 * The launch (measured, so trusted) leaves: the module's image page and
 * the secrets page validated; every other module page and all guest RAM
 * assigned to the guest but not validated; the nested page table an
 * identity map. svsm_boot() turns that into a running guest:
 *   1. validate and zero the module's own pages,
 *   2. build vCPU 0's VMSA in a module page and set its VMSA bit,
 *   3. validate, zero and grant every page of guest RAM, and write the
 *      guest's secrets page (how the guest finds the module),
 *   4. register vCPU 0.
 * The order follows one idea: a page is prepared completely while nobody
 * else can touch it, and only then handed on.
 */
#include "core.h"
#include "pages.h"
#include "validate.h"
#include "../lib/mem.h"

void svsm_init(struct svsm *sv, const struct svsm_params *p, uint32_t bugs)
{
	mem_set(sv, 0, sizeof(*sv));
	mem_copy(&sv->p, p, sizeof(sv->p));
	sv->bugs = bugs;
}

/* [base, base+size) lies below limit (written so that nothing can wrap). */
static bool within_tracked(uint64_t base, uint64_t size, uint64_t limit)
{
	return base <= limit && size <= limit - base;
}

/*
 * The launch layout is measured, but a layout the module cannot keep its
 * promises in is still better refused at boot than misread later.
 */
static bool layout_ok(const struct svsm *sv)
{
	const struct svsm_params *p = &sv->p;
	uint64_t tracked = (uint64_t)SVSM_MAX_PAGES * PAGE_SIZE;   /* what the bitmaps cover */

	if (!PAGE_ALIGNED(p->svsm_base) || !PAGE_ALIGNED(p->svsm_size) ||
	    !PAGE_ALIGNED(p->guest_base) || !PAGE_ALIGNED(p->guest_size) ||
	    p->svsm_size < 2 * PAGE_SIZE || p->guest_size == 0)
		return false;
	if (!within_tracked(p->svsm_base, p->svsm_size, tracked) ||
	    !within_tracked(p->guest_base, p->guest_size, tracked))
		return false;
	/* Disjoint: a page is either the module's or the guest's. */
	if (p->svsm_base < p->guest_base + p->guest_size &&
	    p->guest_base < p->svsm_base + p->svsm_size)
		return false;
	if (p->guest_vmpl < 1 || p->guest_vmpl > 3)
		return false;
	if (!PAGE_ALIGNED(p->secrets_gpa) || !in_module(sv, p->secrets_gpa, PAGE_SIZE) ||
	    p->secrets_gpa == p->svsm_base)
		return false;
	if (!PAGE_ALIGNED(p->boot_vmsa_gpa) || !in_module(sv, p->boot_vmsa_gpa, PAGE_SIZE) ||
	    p->boot_vmsa_gpa == p->svsm_base || p->boot_vmsa_gpa == p->secrets_gpa ||
	    (p->boot_vmsa_gpa & (PAGE_SIZE_2M - 1)) == 0)
		return false;
	if (p->ncpus < 1 || p->ncpus > SVSM_MAX_VCPUS)
		return false;
	if (!PAGE_ALIGNED(p->guest_secrets_gpa) || !in_guest_ram(sv, p->guest_secrets_gpa, PAGE_SIZE) ||
	    p->guest_secrets_gpa == p->boot_caa_gpa)
		return false;
	return PAGE_ALIGNED(p->boot_caa_gpa) && in_guest_ram(sv, p->boot_caa_gpa, PAGE_SIZE);
}

/* Step 1: the module's pages, except the two the launch validated. */
static int prepare_module_pages(struct svsm *sv, struct hal_cpu *cpu)
{
	for (uint64_t gpa = sv->p.svsm_base; gpa - sv->p.svsm_base < sv->p.svsm_size;
	     gpa += PAGE_SIZE) {
		if (gpa == sv->p.svsm_base || gpa == sv->p.secrets_gpa)
			continue;
		/*
		 * CF=1 would mean the page was validated already, which the
		 * launch says it is not: the layout is not what was measured.
		 */
		struct hw_result r = hal_pvalidate(cpu, gpa, PSIZE_4K, true);
		if (!hw_succeeded(r) || r.cf)
			return -1;
		r = hal_zero_page(cpu, gpa);
		if (!hw_succeeded(r))
			return -1;
	}
	return 0;
}

/*
 * Step 2: vCPU 0's save area, written while it is a plain module page the
 * guest cannot see, and only then marked as a VMSA the guest may read.
 */
static int build_boot_vmsa(struct svsm *sv, struct hal_cpu *cpu)
{
	uint64_t vmsa = sv->p.boot_vmsa_gpa;
	uint8_t vmpl = sv->p.guest_vmpl, efer[8], rip[8], features[8];
	store_le64(efer, EFER_SVME);
	store_le64(rip, sv->p.guest_rip);
	store_le64(features, sv->p.sev_features);

	struct hw_result r = hal_vmsa_write(cpu, vmsa, VMSA_VMPL, &vmpl, 1);
	if (!hw_succeeded(r))
		return -1;
	r = hal_vmsa_write(cpu, vmsa, VMSA_EFER, efer, sizeof(efer));
	if (!hw_succeeded(r))
		return -1;
	r = hal_vmsa_write(cpu, vmsa, VMSA_RIP, rip, sizeof(rip));
	if (!hw_succeeded(r))
		return -1;
	r = hal_vmsa_write(cpu, vmsa, VMSA_SEV_FEATURES, features, sizeof(features));
	if (!hw_succeeded(r))
		return -1;

	hal_ghost_own(cpu, vmsa, OWNER_VMSA);
	r = hal_rmpadjust(cpu, vmsa, PSIZE_4K, RMPADJUST_ATTRS(vmpl, PERM_R) | RMPADJUST_VMSA);
	return hw_succeeded(r) ? 0 : -1;
}

/*
 * The SVSM fields of the guest's secrets page, in the layout of the SNP
 * secrets page (Linux's struct snp_secrets_page): where the module is,
 * vCPU 0's Calling Area, the core protocol version and the guest's VMPL.
 * Linux's svsm_setup_ca() reads them to find the module. The page is a
 * guest page the module has just zeroed, so its VMPCKs are zero: the
 * guest is never given VMPCK0, and the kit has no attestation that would
 * need the others.
 */
static int write_guest_secrets(struct svsm *sv, struct hal_cpu *cpu)
{
	uint8_t f[SECRETS_SVSM_END - SECRETS_SVSM_BASE] = { 0 };
	store_le64(f + SECRETS_SVSM_BASE - SECRETS_SVSM_BASE, sv->p.svsm_base);
	store_le64(f + SECRETS_SVSM_SIZE - SECRETS_SVSM_BASE, sv->p.svsm_size);
	store_le64(f + SECRETS_SVSM_CAA - SECRETS_SVSM_BASE, sv->p.boot_caa_gpa);
	store_le32(f + SECRETS_SVSM_MAX_VERSION - SECRETS_SVSM_BASE, SVSM_CORE_VERSION);
	f[SECRETS_SVSM_GUEST_VMPL - SECRETS_SVSM_BASE] = sv->p.guest_vmpl;
	struct hw_result r = hal_write_guest(cpu, sv->p.guest_secrets_gpa + SECRETS_SVSM_BASE, f,
	                                     sizeof(f));
	return hw_succeeded(r) ? 0 : -1;
}

/* Step 3: guest RAM, through the same sequence the PVALIDATE call uses. */
static int give_guest_ram(struct svsm *sv, struct hal_cpu *cpu)
{
	for (uint64_t gpa = sv->p.guest_base; gpa - sv->p.guest_base < sv->p.guest_size;
	     gpa += PAGE_SIZE)
		if (guest_validate(sv, cpu, gpa, PSIZE_4K, false) != SVSM_SUCCESS)
			return -1;
	if (write_guest_secrets(sv, cpu) != 0)
		return -1;
	hal_ghost_own(cpu, sv->p.boot_caa_gpa, OWNER_CAA);
	return 0;
}

int svsm_boot(struct svsm *sv, struct hal_cpu *cpu)
{
	if (!layout_ok(sv))
		return -1;
	if (prepare_module_pages(sv, cpu) != 0)
		return -1;
	if (build_boot_vmsa(sv, cpu) != 0)
		return -1;
	if (give_guest_ram(sv, cpu) != 0)
		return -1;

	/* Step 4: only now can a request reach the module. */
	struct svsm_vcpu *v = &sv->vcpus[0];
	v->used = true;
	v->vmsa_gpa = sv->p.boot_vmsa_gpa;
	v->caa_gpa = sv->p.boot_caa_gpa;
	return 0;
}
