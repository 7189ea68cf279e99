/*
 * registry.h: the vCPU registry, sv->vcpus.
 *
 * Slot i is CPU i of the platform (hal_cpu_index), whose APIC ID the
 * launch names in p.apic_ids[i]; that is how a request finds its caller,
 * and how CREATE_VCPU finds the CPU a new VMSA is for. A used slot names
 * the VMSA the CPU runs and its Calling Area; a slot may also hold the
 * VMSA its CPU ran before a re-online, until DELETE_VCPU (svsm.h). VMSA
 * and CAA pages belong to the module while they are registered, so most
 * calls ask the registry before touching a page. Pages are compared by
 * page frame: a CAA may share its page with nothing else, wherever in
 * the page it starts. A guest's address is compared with input_same_page
 * (input_checks.h), so that the verifier hears the comparison.
 */
#ifndef SVSM_CORE_REGISTRY_H
#define SVSM_CORE_REGISTRY_H

#include "../svsm.h"

bool same_page(uint64_t a, uint64_t b);

/*
 * The CPU whose APIC ID is R8[31:0] (r8: the guest's R8, whole, as
 * input_apic_id_is takes it), or -1: an APIC ID the platform does not have.
 */
int cpu_by_apic(const struct svsm *sv, uint64_t r8);
/* Slot whose current VMSA is the page holding gpa, or -1. */
int vcpu_by_vmsa(const struct svsm *sv, uint64_t gpa);
/* Slot whose retired VMSA is the page holding gpa, or -1. */
int vcpu_by_retired(const struct svsm *sv, uint64_t gpa);
/* How many vCPUs use the page holding gpa as their Calling Area. */
unsigned caa_users(const struct svsm *sv, uint64_t gpa);

/* A current or a retired VMSA: a page the module holds as a VMSA. */
bool is_vmsa(const struct svsm *sv, uint64_t gpa);
bool is_caa(const struct svsm *sv, uint64_t gpa);

/*
 * A vCPU's Calling Area moved from old (had_old: it had one) to caa, and
 * the registry says so already: the old page goes back to the guest
 * unless another vCPU uses it, the new one becomes a CAA unless it was
 * one. REMAP_CA and CREATE_VCPU's re-online share it.
 */
void caa_moved(struct svsm *sv, struct hal_cpu *cpu, bool had_old, uint64_t old, uint64_t caa);

#endif
