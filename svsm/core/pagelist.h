/*
 * pagelist.h: the page-list format of PVALIDATE, DEPOSIT_MEM, WITHDRAW_MEM.
 *
 * A list lives in guest memory: an 8-byte header (u16 entries, u16 next,
 * u32 reserved), then 8-byte entries, all within one page. The module
 * works on entries next..entries-1 and writes `next` back after each one
 * it finished, so after an error the guest knows where to resume.
 *
 * Guest memory is read once: the header by page_list_open(), the entries
 * by page_list_fetch(), each into the module's own memory. Another guest
 * vCPU may rewrite the list at any moment; a second read could see other
 * bytes than the ones the module checked.
 */
#ifndef SVSM_CORE_PAGELIST_H
#define SVSM_CORE_PAGELIST_H

#include "../svsm.h"

/* Most entries a list can hold (header at the start of a page). */
#define PAGE_LIST_MAX ((PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE)

struct page_list {
	uint64_t gpa;        /* the header, in guest memory */
	uint64_t header;     /* its 8 bytes, as read once (the list predicates take them whole) */
	unsigned entries;    /* entries and next, from header */
	unsigned next;
};

/* Check the list's address, read its header, check entries and next. */
uint32_t page_list_open(const struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                        struct page_list *l);
/* Read entries next..entries-1 into buf (PAGE_LIST_MAX entries of room). */
uint32_t page_list_fetch(struct hal_cpu *cpu, const struct page_list *l, uint8_t *buf);
/* Both: open the list at gpa, then read its entries into buf. */
uint32_t page_list_read(const struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                        struct page_list *l, uint8_t *buf);
/* Where entry i lives in guest memory. */
uint64_t page_list_entry_gpa(const struct page_list *l, unsigned i);
/* Write entry i (WITHDRAW_MEM fills the list in). */
uint32_t page_list_put(struct hal_cpu *cpu, const struct page_list *l, unsigned i,
                       uint64_t entry);
/* Record that entries before `next` are done. */
uint32_t page_list_set_next(struct hal_cpu *cpu, struct page_list *l, unsigned next);

#endif
