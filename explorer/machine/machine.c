/*
 * machine.c: life cycle of the machine model. A fresh machine is the state
 * the hypervisor starts a guest from: every page belongs to the hypervisor,
 * the NPT maps guest-physical page i to system page i, no vCPU runs.
 */
#include <stdlib.h>
#include <string.h>

#include "machine.h"

/* A number in a message: the value of a macro, not its name. */
#define TEXT(x) #x
#define NUMBER(x) TEXT(x)

static int reject(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return -1;
}

int machine_init(struct machine *m, const struct machine_config *cfg, const char **why)
{
	/* A zeroed struct is safe to machine_free() even when init fails. */
	memset(m, 0, sizeof *m);
	struct machine_config c = cfg ? *cfg : (struct machine_config){ 0 };
	if (c.pages == 0)
		c.pages = 64;
	if (c.vcpus == 0)
		c.vcpus = 1;
	if (c.guest_vmpl == 0)
		c.guest_vmpl = 1;
	if (c.asid == 0)
		c.asid = 1;

	if (c.pages > MACHINE_MAX_PAGES)
		return reject(why, "too many pages (at most " NUMBER(MACHINE_MAX_PAGES) ")");
	if (c.pages < MACHINE_MIN_PAGES)
		return reject(why, "too few pages (at least " NUMBER(MACHINE_MIN_PAGES) ")");
	if (c.vcpus > MACHINE_MAX_VCPUS)
		return reject(why, "too many vCPUs (at most " NUMBER(MACHINE_MAX_VCPUS) ")");
	if (c.guest_vmpl > 3)
		return reject(why, "guest VMPL must be 1, 2 or 3");

	m->mem = calloc(c.pages, PAGE_SIZE);
	if (!m->mem)
		return reject(why, "out of memory");
	m->npages = c.pages;
	m->asid = c.asid;
	m->keystream = machine_keystream_new(m);
	if (!m->keystream) {
		machine_free(m);
		return reject(why, "out of memory");
	}
	m->guest_vmpl = c.guest_vmpl;
	for (unsigned i = 0; i < MACHINE_MAX_PAGES; i++) {
		m->npt[i] = i < c.pages ? (uint64_t)i * PAGE_SIZE : NPT_UNMAPPED;
		m->label[i] = LABEL_PUBLIC;
	}
	/* Every vCPU the machine has exists, with its APIC ID, whether the guest boots it or not. */
	for (unsigned i = 0; i < MACHINE_MAX_VCPUS; i++) {
		m->vcpu[i].mode = VCPU_OFF;
		m->vcpu[i].apic_id = i;
	}
	machine_mark_all(m);
	return 0;
}

void machine_free(struct machine *m)
{
	free(m->mem);
	m->mem = NULL;
	free(m->keystream);
	m->keystream = NULL;
}

bool machine_spa_valid(const struct machine *m, uint64_t spa)
{
	return spa < (uint64_t)m->npages * PAGE_SIZE;
}
