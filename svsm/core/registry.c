/*
 * registry.c: lookups in the vCPU registry (see registry.h).
 */
#include "registry.h"
#include "input_checks.h"

bool same_page(uint64_t a, uint64_t b)
{
	return (a >> PAGE_SHIFT) == (b >> PAGE_SHIFT);
}

int cpu_by_apic(const struct svsm *sv, uint64_t r8)
{
	for (uint32_t i = 0; i < sv->p.ncpus && i < SVSM_MAX_VCPUS; i++)
		if (input_apic_id_is(r8, sv->p.apic_ids[i]))
			return (int)i;
	return -1;
}

int vcpu_by_vmsa(const struct svsm *sv, uint64_t gpa)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (sv->vcpus[i].used && input_same_page(gpa, sv->vcpus[i].vmsa_gpa))
			return i;
	return -1;
}

int vcpu_by_retired(const struct svsm *sv, uint64_t gpa)
{
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (sv->vcpus[i].has_retired && input_same_page(gpa, sv->vcpus[i].retired_vmsa_gpa))
			return i;
	return -1;
}

unsigned caa_users(const struct svsm *sv, uint64_t gpa)
{
	unsigned n = 0;
	for (int i = 0; i < SVSM_MAX_VCPUS; i++)
		if (sv->vcpus[i].used && same_page(sv->vcpus[i].caa_gpa, gpa))
			n++;
	return input_lookup_heard(LOOKUP_CAA_USERS, gpa, 0, n);
}

bool is_vmsa(const struct svsm *sv, uint64_t gpa)
{
	return vcpu_by_vmsa(sv, gpa) >= 0 || vcpu_by_retired(sv, gpa) >= 0;
}

bool is_caa(const struct svsm *sv, uint64_t gpa)
{
	return caa_users(sv, gpa) > 0;
}

void caa_moved(struct svsm *sv, struct hal_cpu *cpu, bool had_old, uint64_t old, uint64_t caa)
{
	if (had_old && input_same_page(caa, old))
		return;
	/* The registry is updated first, so that these count only the other vCPUs. */
	if (had_old && !is_caa(sv, old))
		hal_ghost_own(cpu, old, OWNER_GUEST);
	if (caa_users(sv, caa) == 1)
		hal_ghost_own(cpu, caa, OWNER_CAA);
}
