/*
 * dispatch.c: the SVSM calling convention (spec 58019), and the lock.
 *
 * A guest vCPU writes its call into its registers (RAX = protocol << 32 |
 * call, arguments in RCX, RDX, R8, R9), sets call_pending in its Calling
 * Area and asks the hypervisor to run VMPL0. The hypervisor decides
 * whether and when that happens, so the module trusts nothing it did not
 * check itself:
 *   - it serves only a CPU that is a registered vCPU, and only if
 *     call_pending is set: a hypervisor that enters the module for no
 *     reason gets nothing done;
 *   - it reads the registers from the caller's VMSA, a page the guest
 *     can only read, once, into a struct call;
 *   - it writes the result back, then clears call_pending. A guest that
 *     still sees call_pending = 1 knows the module never answered.
 */
#include "core.h"
#include "../lib/mem.h"

/* The calling convention's registers, in the order of arg_regs below. */
enum { ARG_RAX, ARG_RCX, ARG_RDX, ARG_R8, ARG_R9, NARGS };

/*
 * The core calls. `locked`: the handler reads or changes page state or the
 * vCPU registry, and runs under sv->lock. One lock for all of them: the
 * calls are rare and short, and every one of them depends on the state
 * the others change (a page being validated must not at the same time
 * become a VMSA, be deposited, or become a CAA). Taking the lock here, not
 * in each handler, means no handler's early return can forget to unlock.
 */
struct core_call {
	uint32_t (*handler)(struct svsm *sv, struct hal_cpu *cpu, struct call *c);
	bool locked;
};

/* Does this call run under sv->lock? As the table says. */
static bool takes_lock(const struct svsm *sv, uint32_t number, const struct core_call *call)
{
	/*
	 * BUG 4 (create-vcpu-no-lock): CREATE_VCPU ran without the lock. Its
	 * error path gives the guest back a page it took away; if PVALIDATE
	 * on another vCPU has just validated that page and not yet zeroed
	 * it, the guest gets whatever the page held. Record: COCONUT-SVSM
	 * commit d162b9df5b2d ("Exclude parallel pvalidate and create_vcpu
	 * calls"), PR #320; commit 994a55909028, PR #1073.
	 */
	if (svsm_bug(sv, BUG_CREATE_VCPU_NO_LOCK))
		return call->locked && number != SVSM_CORE_CREATE_VCPU;
	return call->locked;
}

static uint32_t core_dispatch(struct svsm *sv, struct hal_cpu *cpu, uint32_t number,
                              struct call *c)
{
	static const struct core_call calls[SVSM_CORE_NCALLS] = {
		[SVSM_CORE_REMAP_CA] = { core_remap_ca, true },
		[SVSM_CORE_PVALIDATE] = { core_pvalidate, true },
		[SVSM_CORE_CREATE_VCPU] = { core_create_vcpu, true },
		[SVSM_CORE_DELETE_VCPU] = { core_delete_vcpu, true },
		[SVSM_CORE_DEPOSIT_MEM] = { core_deposit_mem, true },
		[SVSM_CORE_WITHDRAW_MEM] = { core_withdraw_mem, true },
		[SVSM_CORE_QUERY_PROTOCOL] = { core_query_protocol, false },
		[SVSM_CORE_CONFIGURE_VTOM] = { core_configure_vtom, false },
	};
	if (number >= SVSM_CORE_NCALLS)
		return SVSM_ERR_UNSUPPORTED_CALL;

	bool locked = takes_lock(sv, number, &calls[number]);
	if (locked)
		hal_lock(cpu, &sv->lock);
	uint32_t result = calls[number].handler(sv, cpu, c);
	if (locked)
		hal_unlock(cpu, &sv->lock);
	return result;
}

static void serve(struct svsm *sv, struct hal_cpu *cpu, unsigned idx)
{
	/* Where the registers live in a VMSA; outputs use the first four. */
	static const unsigned arg_regs[NARGS] = { VMSA_RAX, VMSA_RCX, VMSA_RDX, VMSA_R8, VMSA_R9 };
	/*
	 * Captured now: REMAP_CA changes the registered CAA, but this call's
	 * call_pending was set in the old one, and is cleared there.
	 */
	uint64_t caa = sv->vcpus[idx].caa_gpa;
	uint64_t vmsa = sv->vcpus[idx].vmsa_gpa;

	uint8_t pending;
	struct hw_result r = hal_caa_read_pending(cpu, caa, &pending);
	if (r.fault != FAULT_NONE || pending == 0)
		return;

	/* A register we cannot read is a call we cannot serve: leave call_pending set. */
	uint64_t in[NARGS];
	for (unsigned i = 0; i < NARGS; i++) {
		uint8_t b[8];
		r = hal_vmsa_read(cpu, vmsa, arg_regs[i], b, sizeof(b));
		if (r.fault != FAULT_NONE)
			return;
		in[i] = load_le64(b);
	}

	/* A call that produces no output leaves the registers as they were. */
	struct call c = {
		.vcpu = idx,
		.rcx = in[ARG_RCX], .rdx = in[ARG_RDX], .r8 = in[ARG_R8], .r9 = in[ARG_R9],
		.out_rcx = in[ARG_RCX], .out_rdx = in[ARG_RDX], .out_r8 = in[ARG_R8],
	};
	uint32_t protocol = (uint32_t)(in[ARG_RAX] >> 32);
	uint32_t number = (uint32_t)in[ARG_RAX];
	uint32_t result = protocol == SVSM_PROTO_CORE ? core_dispatch(sv, cpu, number, &c)
	                                              : SVSM_ERR_UNSUPPORTED_PROTOCOL;

	/*
	 * If a result cannot be written, call_pending stays set: the guest
	 * sees "no answer" rather than stale registers it would take for one.
	 */
	const uint64_t out[] = { result, c.out_rcx, c.out_rdx, c.out_r8 };
	for (unsigned i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
		uint8_t b[8];
		store_le64(b, out[i]);
		r = hal_vmsa_write(cpu, vmsa, arg_regs[i], b, sizeof(b));
		if (r.fault != FAULT_NONE)
			return;
	}
	hal_caa_clear_pending(cpu, caa);
}

/*
 * The activity word (svsm.h) is taken first: once it is VCPU_SERVING, no
 * CREATE_VCPU or DELETE_VCPU changes this vCPU's fields under the call,
 * and what the last one changed is seen.
 */
void svsm_handle_request(struct svsm *sv, struct hal_cpu *cpu)
{
	unsigned idx = hal_cpu_index(cpu);
	if (idx >= SVSM_MAX_VCPUS || !activity_move(&sv->vcpus[idx], VCPU_IDLE, VCPU_SERVING))
		return;   /* not a vCPU, or one being deleted or replaced: no call is served */
	if (__atomic_load_n(&sv->vcpus[idx].used, __ATOMIC_ACQUIRE))
		serve(sv, cpu, idx);
	activity_done(&sv->vcpus[idx]);
}
