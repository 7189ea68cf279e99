/*
 * hv.c: the hypervisor's moves, recorded.
 */
#include "hv.h"

static struct hw_result code(int rc)
{
	return (struct hw_result){ .rc = (uint32_t)rc };
}

int hv_rmpupdate(struct sim *s, uint64_t spa, const struct rmp_update *u)
{
	int rc = machine_rmpupdate(&s->m, spa, u);
	sim_record_env(s, ACTOR_HV, 0, OP_HV_RMPUPDATE, spa, u->gpa, RMPUPDATE_FLAGS(u), code(rc));
	return rc;
}

int hv_psmash(struct sim *s, uint64_t spa)
{
	int rc = machine_psmash(&s->m, spa);
	sim_record_env(s, ACTOR_HV, 0, OP_HV_PSMASH, spa, 0, 0, code(rc));
	return rc;
}

void hv_map(struct sim *s, uint64_t gpa, uint64_t spa)
{
	npt_map(&s->m, gpa, spa);
	sim_record_env(s, ACTOR_HV, 0, OP_HV_MAP, gpa, spa, 0, code(0));
}

void hv_unmap(struct sim *s, uint64_t gpa)
{
	npt_unmap(&s->m, gpa);
	sim_record_env(s, ACTOR_HV, 0, OP_HV_UNMAP, gpa, 0, 0, code(0));
}

static bool in_memory(const struct sim *s, uint64_t spa, size_t len)
{
	uint64_t size = (uint64_t)s->m.npages * PAGE_SIZE;
	return spa < size && len <= size - spa;
}

int hv_read(struct sim *s, uint64_t spa, void *buf, size_t len)
{
	int rc = in_memory(s, spa, len) ? 0 : -1;
	if (rc == 0)
		machine_mem_read(&s->m, spa, buf, len, 0);
	sim_record_env(s, ACTOR_HV, 0, OP_HV_READ, spa, len, 0, code(rc));
	return rc;
}

/* The RMP checks the host's writes: a page assigned to a guest is not the hypervisor's to write. */
static bool all_unassigned(const struct sim *s, uint64_t spa, size_t len)
{
	for (uint64_t p = spa & ~(uint64_t)(PAGE_SIZE - 1); p < spa + len; p += PAGE_SIZE)
		if (s->m.rmp[p >> PAGE_SHIFT].assigned)
			return false;
	return true;
}

/* The hypervisor's bytes are public: it may tell anyone. */
int hv_write(struct sim *s, uint64_t spa, const void *buf, size_t len)
{
	int rc = !in_memory(s, spa, len) ? -1 : all_unassigned(s, spa, len) ? 0 : HV_WRITE_REFUSED;
	if (rc == 0)
		machine_mem_write(&s->m, spa, buf, len, 0, LABEL_PUBLIC);
	sim_record_env(s, ACTOR_HV, 0, OP_HV_WRITE, spa, len, 0, code(rc));
	return rc;
}
