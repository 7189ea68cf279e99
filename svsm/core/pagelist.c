/*
 * pagelist.c: reading and updating a page list in guest memory (see
 * pagelist.h).
 */
#include "core.h"
#include "input_checks.h"
#include "pagelist.h"
#include "pages.h"
#include "registry.h"
#include "../lib/mem.h"

uint32_t page_list_open(const struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                        struct page_list *l)
{
	uint8_t header[PVREQ_HEADER_SIZE];

	if (!input_8_aligned(gpa))
		return SVSM_ERR_INVALID_PARAMETER;
	/*
	 * The module writes `next` (and, for WITHDRAW_MEM, entries) into the
	 * list: it must be guest RAM and not a page the module holds. A CAA
	 * is fine: guests put their lists in the CAA's buffer.
	 */
	if (!in_guest_ram(sv, gpa, PVREQ_HEADER_SIZE) || is_vmsa(sv, gpa) || in_pool(sv, gpa))
		return SVSM_ERR_INVALID_ADDRESS;

	/* Whether the page can be read is its state's answer: heard like a lookup. */
	struct hw_result r = hal_read_guest(cpu, gpa, header, sizeof(header));
	if (!input_lookup_heard(LOOKUP_READABLE, gpa, 0, r.fault == FAULT_NONE))
		return SVSM_ERR_INVALID_ADDRESS;
	l->gpa = gpa;
	l->header = load_le64(header);
	l->entries = load_le16(header + PVREQ_ENTRIES);
	l->next = load_le16(header + PVREQ_NEXT);

	/* At least one entry, all in the header's page (input_checks.c), next one of them. */
	if (!input_list_counts_ok(l->header, gpa))
		return SVSM_ERR_INVALID_PARAMETER;
	return SVSM_SUCCESS;
}

uint64_t page_list_entry_gpa(const struct page_list *l, unsigned i)
{
	return l->gpa + PVREQ_HEADER_SIZE + (uint64_t)i * PVREQ_ENTRY_SIZE;
}

uint32_t page_list_fetch(struct hal_cpu *cpu, const struct page_list *l, uint8_t *buf)
{
	size_t len = (size_t)(l->entries - l->next) * PVREQ_ENTRY_SIZE;
	struct hw_result r = hal_read_guest(cpu, page_list_entry_gpa(l, l->next), buf, len);
	return r.fault == FAULT_NONE ? SVSM_SUCCESS : SVSM_ERR_INVALID_ADDRESS;
}

uint32_t page_list_put(struct hal_cpu *cpu, const struct page_list *l, unsigned i,
                       uint64_t entry)
{
	uint8_t b[PVREQ_ENTRY_SIZE];
	store_le64(b, entry);
	struct hw_result r = hal_write_guest(cpu, page_list_entry_gpa(l, i), b, sizeof(b));
	return r.fault == FAULT_NONE ? SVSM_SUCCESS : SVSM_ERR_INVALID_ADDRESS;
}

uint32_t page_list_set_next(struct hal_cpu *cpu, struct page_list *l, unsigned next)
{
	uint8_t b[2];
	store_le16(b, (uint16_t)next);
	struct hw_result r = hal_write_guest(cpu, l->gpa + PVREQ_NEXT, b, sizeof(b));
	if (r.fault != FAULT_NONE)
		return SVSM_ERR_INVALID_ADDRESS;
	l->next = next;
	return SVSM_SUCCESS;
}

uint32_t page_list_read(const struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                        struct page_list *l, uint8_t *buf)
{
	uint32_t rc = page_list_open(sv, cpu, gpa, l);
	return rc == SVSM_SUCCESS ? page_list_fetch(cpu, l, buf) : rc;
}
