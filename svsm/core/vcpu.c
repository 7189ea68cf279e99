/*
 * vcpu.c: core calls 2 and 3, CREATE_VCPU and DELETE_VCPU.
 *
 * A VMSA is the saved register state of a vCPU; the hypervisor runs any
 * page whose RMP entry has the VMSA bit, at the VMPL the page itself names
 * in VMSA.vmpl. So turning a guest page into a VMSA is the most dangerous
 * thing the module does for the guest: a VMSA the guest can still write,
 * or one that says vmpl 0, makes the guest the module. The safe order is
 * the whole point of this file:
 *   take the page away from the guest, check what it holds, then set the
 *   VMSA bit.
 *
 * Both calls run under sv->lock (dispatch.c); see Bug 4 there.
 */
#include "core.h"
#include "input_checks.h"
#include "pages.h"
#include "registry.h"
#include "../lib/mem.h"

/*
 * Are the new VMSA and CAA apart? A CAA is a page the guest writes and the
 * module writes (call_pending); a VMSA must be written by neither the
 * guest nor, behind the CPU's back, the module. Both are page-aligned
 * here, so "another page" is "another address".
 */
static bool vmsa_and_caa_apart(const struct svsm *sv, uint64_t vmsa, uint64_t caa)
{
	/*
	 * BUG 3 (caa-may-be-vmsa): the old code did not compare the two, so
	 * the CAA could be the VMSA page itself. Record: COCONUT-SVSM commit
	 * 9c9480dbdc94 ("Check whether VMSA and CAA regions overlap"),
	 * PR #320.
	 */
	if (svsm_bug(sv, BUG_CAA_MAY_BE_VMSA))
		return true;
	return !input_same_page(vmsa, caa) && !is_caa(sv, vmsa) && !is_vmsa(sv, caa);
}

/* The checks that need no hardware: addresses, and the registry. */
static uint32_t check_create_args(const struct svsm *sv, uint64_t vmsa, uint64_t caa)
{
	if (!input_page_aligned(vmsa) || !input_page_aligned(caa))
		return SVSM_ERR_INVALID_PARAMETER;
	if (!rmp_target_allowed(sv, vmsa, PAGE_SIZE))
		return SVSM_ERR_INVALID_ADDRESS;
	/*
	 * The module reads and clears call_pending in the CAA, so it must be
	 * a page the guest holds now: validated by the module, not pooled.
	 */
	if (!in_guest_ram(sv, caa, PAGE_SIZE) || validated_in(sv, caa, PAGE_SIZE) != COVER_ALL)
		return SVSM_ERR_INVALID_ADDRESS;
	if (in_pool(sv, vmsa) || in_pool(sv, caa))
		return SVSM_ERR_INVALID_ADDRESS;

	/* AMD erratum: a 2M-aligned VMSA page can be mistaken for a large page. */
	if (input_2m_aligned(vmsa))
		return SVSM_ERR_INVALID_PARAMETER;

	if (!vmsa_and_caa_apart(sv, vmsa, caa))
		return SVSM_ERR_INVALID_PARAMETER;
	if (is_vmsa(sv, vmsa))
		return SVSM_ERR_INVALID_PARAMETER;
	return SVSM_SUCCESS;
}

/*
 * May the CPU with this APIC ID get a new VMSA? Only a CPU the platform
 * has, as in COCONUT-SVSM (PERCPU_AREAS.get_by_apic_id). A CPU that runs
 * a VMSA already gets the new one in its place (CPU re-online: Linux's
 * wakeup_cpu_via_vmgexit creates the new VMSA before it deletes the old
 * one); the old one is kept as the CPU's retired VMSA, still held as a
 * VMSA, until DELETE_VCPU. r8: the guest's R8, whose low half is the APIC
 * ID. Returns the CPU in *cpu.
 */
static uint32_t check_target_cpu(const struct svsm *sv, uint64_t r8, unsigned caller, int *cpu)
{
	*cpu = cpu_by_apic(sv, r8);
	if (*cpu < 0)
		return SVSM_ERR_INVALID_PARAMETER;
	/* The caller's own CPU: the module would answer into the VMSA it just replaced. */
	if ((unsigned)*cpu == caller)
		return SVSM_ERR_INVALID_PARAMETER;
	const struct svsm_vcpu *v = &sv->vcpus[*cpu];
	/* One retired VMSA per CPU: the guest deletes it before the next re-online. */
	if (v->used && v->has_retired)
		return SVSM_ERR_INVALID_REQUEST;
	return SVSM_SUCCESS;
}

/*
 * May the new vCPU run at the VMPL its VMSA names? Only at the guest's:
 * a VMSA that says vmpl 0 runs as the module.
 */
static bool vmpl_allowed(const struct svsm *sv, uint8_t vmpl)
{
	/*
	 * BUG 11 (create-vcpu-any-vmpl): VMSA.vmpl is not checked, and the
	 * guest creates a vCPU that runs at VMPL0. Record: none; the kit's
	 * own. The check is the SVSM specification's (publication 58019,
	 * CREATE_VCPU), and linux-svsm and COCONUT-SVSM both made it from
	 * their first CREATE_VCPU.
	 */
	if (svsm_bug(sv, BUG_CREATE_VCPU_ANY_VMPL))
		return true;
	return vmpl == sv->p.guest_vmpl;
}

/*
 * Is the save area fit to run as the guest? Read only after the guest lost
 * write access: before that, the guest could change it behind our back.
 */
static uint32_t check_vmsa_contents(const struct svsm *sv, struct hal_cpu *cpu,
                                    uint64_t vmsa, uint64_t caller_vmsa)
{
	uint8_t vmpl, efer[8], features[8], theirs[8];
	struct hw_result r = hal_vmsa_read(cpu, vmsa, VMSA_VMPL, &vmpl, 1);
	if (r.fault != FAULT_NONE)
		return SVSM_ERR_INVALID_ADDRESS;
	r = hal_vmsa_read(cpu, vmsa, VMSA_EFER, efer, sizeof(efer));
	if (r.fault != FAULT_NONE)
		return SVSM_ERR_INVALID_ADDRESS;
	r = hal_vmsa_read(cpu, vmsa, VMSA_SEV_FEATURES, features, sizeof(features));
	if (r.fault != FAULT_NONE)
		return SVSM_ERR_INVALID_ADDRESS;
	r = hal_vmsa_read(cpu, caller_vmsa, VMSA_SEV_FEATURES, theirs, sizeof(theirs));
	if (r.fault != FAULT_NONE)
		return SVSM_ERR_INVALID_ADDRESS;

	if (!vmpl_allowed(sv, vmpl))
		return SVSM_ERR_INVALID_PARAMETER;
	if (!(load_le64(efer) & EFER_SVME))
		return SVSM_ERR_INVALID_PARAMETER;
	/* The new vCPU gets no SEV features its creator does not have. */
	if (!mem_equal(features, theirs, sizeof(features)))
		return SVSM_ERR_INVALID_PARAMETER;
	return SVSM_SUCCESS;
}

/*
 * Give the page back to the guest after a failed CREATE_VCPU: clear the
 * VMSA bit (RMPADJUST without it) and restore the guest's access. That is
 * safe only because the page was the guest's, contents and all, a moment
 * ago: under sv->lock no PVALIDATE can be half-way through it (Bug 4), and
 * a page that was validated but never zeroed sits in the pool, which
 * check_create_args() refuses. If the RMPADJUST fails, the guest just
 * loses the page, which is the safe side.
 */
static void give_back(struct svsm *sv, struct hal_cpu *cpu, uint64_t vmsa, bool owned_as_vmsa)
{
	hal_rmpadjust(cpu, vmsa, PSIZE_4K, RMPADJUST_ATTRS(sv->p.guest_vmpl, PERM_ALL));
	if (owned_as_vmsa)
		hal_ghost_own(cpu, vmsa, OWNER_GUEST);
}

/* Set the VMSA bit: from now on the hypervisor may run the page. */
static uint32_t install_vmsa(struct svsm *sv, struct hal_cpu *cpu, uint64_t vmsa)
{
	unsigned vmpl = sv->p.guest_vmpl;
	hal_ghost_own(cpu, vmsa, OWNER_VMSA);
	struct hw_result r;
	r = hal_rmpadjust(cpu, vmsa, PSIZE_4K, RMPADJUST_ATTRS(vmpl, PERM_R) | RMPADJUST_VMSA);
	if (!hw_succeeded(r)) {
		give_back(sv, cpu, vmsa, true);
		return svsm_error(r, false);
	}
	return SVSM_SUCCESS;
}

/* The order of BUG 2 (see make_vmsa()): the VMSA bit first, the checks after. */
static uint32_t make_vmsa_with_bug_bit_first(struct svsm *sv, struct hal_cpu *cpu,
                                             uint64_t vmsa, unsigned caller)
{
	uint32_t rc = install_vmsa(sv, cpu, vmsa);
	if (rc != SVSM_SUCCESS)
		return rc;
	rc = check_vmsa_contents(sv, cpu, vmsa, sv->vcpus[caller].vmsa_gpa);
	if (rc != SVSM_SUCCESS)
		give_back(sv, cpu, vmsa, true);
	return rc;
}

/*
 * Steps 1 to 3 of CREATE_VCPU: the guest's page becomes a VMSA, in the
 * safe order. caller: the slot of the vCPU that asks, whose SEV features
 * the new vCPU may have.
 */
static uint32_t make_vmsa(struct svsm *sv, struct hal_cpu *cpu, uint64_t vmsa, unsigned caller)
{
	/*
	 * BUG 2 (vmsa-bit-before-check): the old code set the VMSA bit first
	 * and checked the contents afterwards. Between the two the hypervisor
	 * may run the page, unchecked, and the guest can still write it.
	 * Record: COCONUT-SVSM commit 08cb11d55aca ("Do no set VMSA bit
	 * before checks succeeded"), PR #320.
	 */
	if (svsm_bug(sv, BUG_VMSA_BIT_BEFORE_CHECK))
		return make_vmsa_with_bug_bit_first(sv, cpu, vmsa, caller);

	/* 1. The guest loses all access: it can no longer change what we check. */
	unsigned vmpl = sv->p.guest_vmpl;
	struct hw_result r = hal_rmpadjust(cpu, vmsa, PSIZE_4K, RMPADJUST_ATTRS(vmpl, 0));
	if (!hw_succeeded(r))
		return svsm_error(r, false);

	/* 2. Check the contents, now that they hold still. */
	uint32_t rc = check_vmsa_contents(sv, cpu, vmsa, sv->vcpus[caller].vmsa_gpa);
	if (rc != SVSM_SUCCESS) {
		give_back(sv, cpu, vmsa, false);
		return rc;
	}

	/* 3. Only a checked, read-only page becomes a VMSA. */
	return install_vmsa(sv, cpu, vmsa);
}

/*
 * Step 4 of CREATE_VCPU: bind the new VMSA and CAA to the CPU. A VMSA it
 * ran before becomes its retired VMSA; the CAAs change owner as for
 * REMAP_CA.
 */
static void bind_vmsa(struct svsm *sv, struct hal_cpu *cpu, struct svsm_vcpu *v,
                      uint64_t vmsa, uint64_t caa)
{
	bool replacing = v->used;
	uint64_t old_caa = v->caa_gpa;
	if (replacing) {
		v->retired_vmsa_gpa = v->vmsa_gpa;
		v->has_retired = true;
	}
	v->vmsa_gpa = vmsa;
	v->caa_gpa = caa;
	/* Last, for a CPU not used yet: a call that sees it sees the fields (svsm.h). */
	__atomic_store_n(&v->used, true, __ATOMIC_RELEASE);
	caa_moved(sv, cpu, replacing, old_caa, caa);
}

uint32_t core_create_vcpu(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	uint64_t vmsa = c->rcx, caa = c->rdx;

	uint32_t rc = check_create_args(sv, vmsa, caa);
	if (rc != SVSM_SUCCESS)
		return rc;
	int target;
	rc = check_target_cpu(sv, c->r8, c->vcpu, &target);
	if (rc != SVSM_SUCCESS)
		return rc;
	/*
	 * A re-online: a call of that vCPU is in the module, or it is being
	 * deleted: not under its feet. From here on no call of the old VMSA
	 * enters (svsm.h). A CPU not used yet has no call to keep out.
	 */
	struct svsm_vcpu *v = &sv->vcpus[target];
	bool replacing = v->used;
	if (replacing && !activity_move(v, VCPU_IDLE, VCPU_REPLACING))
		return SVSM_ERR_BUSY;

	rc = make_vmsa(sv, cpu, vmsa, c->vcpu);
	if (rc == SVSM_SUCCESS)
		bind_vmsa(sv, cpu, v, vmsa, caa);
	if (replacing)
		activity_done(v);
	return rc;
}

/*
 * Did the RMPADJUST of DELETE_VCPU's step 2 take the VMSA away? The
 * hardware refuses (FAIL_INUSE) while the vCPU runs.
 */
static bool vmsa_bit_cleared(const struct svsm *sv, struct hw_result r)
{
	/*
	 * BUG 10 (delete-vcpu-inuse): FAIL_INUSE is taken for success, and
	 * the module forgets a VMSA that still runs. Record: COCONUT-SVSM
	 * commit 6cae63d97f02 ("Do not deregister VMSA before updating RMP
	 * state"), PR #1073: DELETE_VCPU forgot the VMSA before the
	 * RMPADJUST that FAIL_INUSE refuses.
	 */
	if (svsm_bug(sv, BUG_DELETE_VCPU_INUSE))
		return hw_succeeded(r) || (r.fault == FAULT_NONE && r.rc == HW_FAIL_INUSE);
	return hw_succeeded(r);
}

/*
 * Steps 1 and 2 of DELETE_VCPU: the save area made unrunnable and given
 * back to the guest, or, when the hardware refuses, left as it was.
 */
static uint32_t dismantle_vmsa(struct svsm *sv, struct hal_cpu *cpu, uint64_t vmsa)
{
	/*
	 * 1. Make the save area unrunnable: VMRUN refuses a VMSA whose
	 * EFER.SVME is clear. If the vCPU is not running now, it cannot be
	 * started again between this step and the next.
	 */
	uint8_t b[8];
	struct hw_result r = hal_vmsa_read(cpu, vmsa, VMSA_EFER, b, sizeof(b));
	if (r.fault != FAULT_NONE)
		return svsm_error(r, false);
	uint64_t efer = load_le64(b);
	store_le64(b, efer & ~EFER_SVME);
	r = hal_vmsa_write(cpu, vmsa, VMSA_EFER, b, sizeof(b));
	if (r.fault != FAULT_NONE)
		return svsm_error(r, false);

	/* 2. Clear the VMSA bit and give the guest its page back, in one RMPADJUST. */
	r = hal_rmpadjust(cpu, vmsa, PSIZE_4K, RMPADJUST_ATTRS(sv->p.guest_vmpl, PERM_ALL));
	if (!vmsa_bit_cleared(sv, r)) {
		/* Undo step 1: the vCPU lives on. */
		store_le64(b, efer);
		hal_vmsa_write(cpu, vmsa, VMSA_EFER, b, sizeof(b));
		return svsm_error(r, false);
	}
	return SVSM_SUCCESS;
}

/*
 * DELETE_VCPU of a CPU's retired VMSA (the second half of a re-online).
 * No call of it is served any more, so only the hardware can still say
 * it is in use: the hypervisor may run it yet, and then step 2 fails
 * with FAIL_INUSE, as for any running vCPU.
 */
static uint32_t delete_retired(struct svsm *sv, struct hal_cpu *cpu, struct svsm_vcpu *v,
                               uint64_t vmsa)
{
	uint32_t rc = dismantle_vmsa(sv, cpu, vmsa);
	if (rc != SVSM_SUCCESS)
		return rc;
	hal_ghost_own(cpu, vmsa, OWNER_GUEST);
	v->has_retired = false;
	v->retired_vmsa_gpa = 0;
	return SVSM_SUCCESS;
}

uint32_t core_delete_vcpu(struct svsm *sv, struct hal_cpu *cpu, struct call *c)
{
	uint64_t vmsa = c->rcx;
	int slot = vcpu_by_vmsa(sv, vmsa);
	int retired = vcpu_by_retired(sv, vmsa);
	if (!input_page_aligned(vmsa) || (slot < 0 && retired < 0))
		return SVSM_ERR_INVALID_PARAMETER;
	/* The caller's own VMSA: the module would answer into a deleted vCPU. */
	if (slot >= 0 && (unsigned)slot == c->vcpu)
		return SVSM_ERR_INVALID_PARAMETER;
	/* The boot VMSA is module memory: giving it "back" would give the guest a module page. */
	if (!in_guest_ram(sv, vmsa, PAGE_SIZE))
		return SVSM_ERR_INVALID_PARAMETER;
	if (slot < 0)
		return delete_retired(sv, cpu, &sv->vcpus[retired], vmsa);
	/*
	 * A vCPU whose call is in the module (perhaps waiting for this lock)
	 * is in use, as a running one is; from here on none enters (svsm.h).
	 */
	struct svsm_vcpu *v = &sv->vcpus[slot];
	if (!activity_move(v, VCPU_IDLE, VCPU_DELETING))
		return SVSM_ERR_BUSY;

	uint32_t rc = dismantle_vmsa(sv, cpu, vmsa);
	if (rc != SVSM_SUCCESS) {
		activity_done(v);
		return rc;
	}

	/*
	 * 3. Forget the vCPU (a retired VMSA of its CPU stays until its own
	 * DELETE_VCPU); its CAA goes back to the guest unless another vCPU
	 * uses it.
	 */
	uint64_t caa = v->caa_gpa;
	hal_ghost_own(cpu, vmsa, OWNER_GUEST);
	v->used = false;
	v->vmsa_gpa = 0;
	v->caa_gpa = 0;
	activity_done(v);
	if (!is_caa(sv, caa))
		hal_ghost_own(cpu, caa, OWNER_GUEST);
	return SVSM_SUCCESS;
}
