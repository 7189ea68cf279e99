/*
 * npt.c: the hypervisor's nested page table, one entry per 4 KiB guest
 * page. The hypervisor may point a GPA at any SPA, even past memory; the
 * walk reports that as a fault rather than refusing the mapping.
 */
#include "machine.h"

void npt_map(struct machine *m, uint64_t gpa, uint64_t spa)
{
	uint64_t i = gpa >> PAGE_SHIFT;
	if (i >= MACHINE_MAX_PAGES)
		return;
	m->npt[i] = spa == NPT_UNMAPPED ? NPT_UNMAPPED : spa & ~(uint64_t)(PAGE_SIZE - 1);
	machine_mark(m, DIRTY_NPT, (unsigned)i);
}

void npt_unmap(struct machine *m, uint64_t gpa)
{
	npt_map(m, gpa, NPT_UNMAPPED);
}

uint64_t npt_lookup(const struct machine *m, uint64_t gpa)
{
	uint64_t i = gpa >> PAGE_SHIFT;
	return i < MACHINE_MAX_PAGES ? m->npt[i] : NPT_UNMAPPED;
}

enum npf_reason npt_walk(const struct machine *m, uint64_t gpa, uint64_t *spa_page)
{
	uint64_t spa = npt_lookup(m, gpa);
	if (spa == NPT_UNMAPPED)
		return NPF_UNMAPPED;
	if (!machine_spa_valid(m, spa))
		return NPF_OUT_OF_RANGE;
	*spa_page = spa;
	return NPF_NONE;
}
