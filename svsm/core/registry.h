/*
 * registry.h: the vCPU registry, sv->vcpus.
 *
 * Each used slot names one guest vCPU the module serves: its APIC ID, its
 * VMSA page and its Calling Area. The slot index is the index of the CPU
 * the vCPU runs on (hal_cpu_index), which is how a request finds its
 * caller. VMSA and CAA pages belong to the module while they are
 * registered, so most calls ask the registry before touching a page.
 * Pages are compared by page frame: a CAA may share its page with nothing
 * else, wherever in the page it starts.
 */
#ifndef SVSM_CORE_REGISTRY_H
#define SVSM_CORE_REGISTRY_H

#include "../svsm.h"

bool same_page(uint64_t a, uint64_t b);

/* Slot whose VMSA is the page holding gpa, or -1. */
int vcpu_by_vmsa(const struct svsm *sv, uint64_t gpa);
/* Slot whose APIC ID is apic_id, or -1. */
int vcpu_by_apic(const struct svsm *sv, uint32_t apic_id);
/* A free slot, or -1. */
int vcpu_free_slot(const struct svsm *sv);
/* How many vCPUs use the page holding gpa as their Calling Area. */
unsigned caa_users(const struct svsm *sv, uint64_t gpa);

bool is_vmsa(const struct svsm *sv, uint64_t gpa);
bool is_caa(const struct svsm *sv, uint64_t gpa);

#endif
