/*
 * registry.c: lookups in the vCPU registry (see registry.h).
 */
#include "registry.h"

bool same_page(uint64_t a, uint64_t b)
{
	return (a >> PAGE_SHIFT) == (b >> PAGE_SHIFT);
}

int vcpu_by_vmsa(const struct svsm *sv, uint64_t gpa)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (sv->vcpus[i].used && same_page(sv->vcpus[i].vmsa_gpa, gpa))
			return i;
	return -1;
}

int vcpu_by_apic(const struct svsm *sv, uint32_t apic_id)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (sv->vcpus[i].used && sv->vcpus[i].apic_id == apic_id)
			return i;
	return -1;
}

int vcpu_free_slot(const struct svsm *sv)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (!sv->vcpus[i].used)
			return i;
	return -1;
}

unsigned caa_users(const struct svsm *sv, uint64_t gpa)
{
	unsigned n = 0;
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (sv->vcpus[i].used && same_page(sv->vcpus[i].caa_gpa, gpa))
			n++;
	return n;
}

bool is_vmsa(const struct svsm *sv, uint64_t gpa)
{
	return vcpu_by_vmsa(sv, gpa) >= 0;
}

bool is_caa(const struct svsm *sv, uint64_t gpa)
{
	return caa_users(sv, gpa) > 0;
}
