/*
 * hardware.c: what the machine model (explorer/machine/) needs from the
 * platform it runs on (see hardware.h).
 *
 * Memory is the window of physical RAM: there is no encryption here, so
 * a private access reads and writes the bytes themselves (the key is
 * ignored), and the guest, reading the same bytes through its page
 * tables, sees what the module wrote. The content labels are ghost state
 * and are not kept.
 */
#include "hardware.h"
#include "layout.h"
#include "../../lib/mem.h"

#define ASID 1

struct machine qemu_machine;
bool qemu_rmp_changed;

static uint8_t *window(uint64_t spa)
{
	return (uint8_t *)(uintptr_t)(QEMU_WINDOW_PHYS + spa);
}

void machine_mem_read(const struct machine *m, uint64_t spa, void *buf, size_t len,
                      uint32_t key)
{
	(void)m;
	(void)key;
	mem_copy(buf, window(spa), len);
}

void machine_mem_write(struct machine *m, uint64_t spa, const void *buf, size_t len,
                       uint32_t key, uint8_t label)
{
	(void)m;
	(void)key;
	(void)label;
	mem_copy(window(spa), buf, len);
}

bool machine_spa_valid(const struct machine *m, uint64_t spa)
{
	return spa < (uint64_t)m->npages * PAGE_SIZE;
}

/*
 * One CPU: while the module runs, the guest's vCPU is out of the guest
 * (it trapped), and no other vCPU ever runs. So RMPADJUST never finds a
 * VMSA in use, as on SNP when no vCPU runs the page.
 */
bool machine_vmsa_in_use(const struct machine *m, uint64_t spa)
{
	(void)m;
	(void)spa;
	return false;
}

void qemu_hardware_launch(void)
{
	struct machine *m = &qemu_machine;
	mem_set(m, 0, sizeof(*m));
	m->npages = QEMU_WINDOW_PAGES;
	m->asid = ASID;
	m->guest_vmpl = QEMU_GUEST_VMPL;
	m->mem = window(0);
	for (unsigned i = 0; i < m->npages; i++) {
		uint64_t gpa = (uint64_t)i * PAGE_SIZE;
		m->rmp[i] = (struct rmp_entry){ .assigned = true, .asid = ASID, .gpa = gpa,
		                                .page_size = PSIZE_4K };
		npt_map(m, gpa, gpa);
	}
	m->rmp[0].validated = true;                                  /* the image page */
	m->rmp[QEMU_SECRETS_GPA >> PAGE_SHIFT].validated = true;
}
