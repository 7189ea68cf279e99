/*
 * sim_fixture.h: a booted simulator for the tests of the module and the
 * checks, and questions about what it recorded.
 */
#ifndef TEST_SIM_FIXTURE_H
#define TEST_SIM_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../explorer/ghost/ghost.h"
#include "../../explorer/guest/guest.h"
#include "../../svsm/lib/bitmap.h"

/* Guest pages the tests use (default layout: guest RAM is 0x8000-0x3ffff). */
#define REQ_GPA   0x9000ull    /* where requests are built */
#define PAGE_A    0x20000ull
#define PAGE_B    0x21000ull
#define PAGE_C    0x22000ull
#define PAGE_D    0x23000ull
#define MODULE_PAGE 0x3000ull  /* a spare page of the module's memory */
#define RAM_END   0x40000ull   /* first byte past guest RAM */
/* QUERY_PROTOCOL's RCX for the core protocol, version 1, and its answer. */
#define CORE_V1         ((uint64_t)SVSM_PROTO_CORE << 32 | SVSM_CORE_VERSION)
#define CORE_V1_ANSWER  ((uint64_t)SVSM_CORE_VERSION << 32 | SVSM_CORE_VERSION)

static inline struct sim *sim_new_with(uint32_t bugs, unsigned pages, unsigned vcpus)
{
	struct sim *s = malloc(sizeof *s);
	assert_non_null(s);
	const char *why = NULL;
	struct sim_config cfg = { .machine = { .pages = pages, .vcpus = vcpus }, .bugs = bugs };
	if (sim_create(s, &cfg, &why) != 0)
		fail_msg("sim_create: %s", why);
	if (vcpus > 1 && guest_bring_up(s, vcpus, &why) != 0)
		fail_msg("guest_bring_up: %s", why);
	return s;
}

static inline struct sim *sim_new(uint32_t bugs)
{
	return sim_new_with(bugs, 0, 1);
}

static inline void sim_free(struct sim *s)
{
	sim_destroy(s);
	free(s);
}

/* How many recorded violations name this clause. */
static inline unsigned violations_of(const struct sim *s, const char *clause)
{
	return record_fired(&s->rec, clause);
}

/* Fails the test with the full report when any check fired. */
static inline void assert_clean(const struct sim *s)
{
	if (s->rec.nviolations == 0)
		return;
	report_all(stdout, &s->rec);
	fail_msg("%u unexpected violation(s), first: %s", s->rec.nviolations, s->rec.violations[0].clause);
}

/* One core call from vCPU v; returns RAX. */
static inline uint32_t core_call(struct sim *s, unsigned v, uint32_t call, uint64_t rcx,
                                 uint64_t rdx, uint64_t r8, struct guest_result *out)
{
	struct guest_result tmp;
	struct guest_args in = { .rcx = rcx, .rdx = rdx, .r8 = r8 };
	if (!out)
		out = &tmp;
	assert_int_equal(guest_call(s, v, SVSM_PROTO_CORE, call, &in, out), 0);
	assert_true(out->served);
	return out->rax;
}

/* PVALIDATE of one 4K page from vCPU 0; returns RAX. */
static inline uint32_t pvalidate_page(struct sim *s, uint64_t gpa, bool validate, bool ignore_cf)
{
	uint64_t e = PVENTRY(gpa, PSIZE_4K, validate, ignore_cf);
	uint32_t rc = 0;
	unsigned next = 0;
	assert_int_equal(guest_pvalidate(s, 0, REQ_GPA, &e, 1, &rc, &next), 0);
	return rc;
}

/* The RMP entry of the system page a GPA maps to now. */
static inline const struct rmp_entry *rmp_of(const struct sim *s, uint64_t gpa)
{
	uint64_t spa = npt_lookup(&s->m, gpa);
	assert_true(spa != NPT_UNMAPPED);
	return &s->m.rmp[spa >> PAGE_SHIFT];
}

/* The ghost owner of the page holding gpa. */
static inline enum ghost_owner owner_at(const struct sim *s, uint64_t gpa)
{
	return (enum ghost_owner)s->ghost.owner[gpa >> PAGE_SHIFT];
}

/* Is the page holding gpa set in the module's validated bitmap? */
static inline bool module_validated(const struct sim *s, uint64_t gpa)
{
	return bitmap_test(s->sv.validated, SVSM_MAX_PAGES, gpa >> PAGE_SHIFT);
}

/* Can the guest read the byte at gpa? */
static inline bool guest_can_read(struct sim *s, uint64_t gpa)
{
	uint8_t b;
	return guest_read(s, gpa, &b, 1).fault == FAULT_NONE;
}

/* Can the guest write the byte at gpa? (It writes back what it read.) */
static inline bool guest_can_write(struct sim *s, uint64_t gpa)
{
	uint8_t b = 0;
	guest_read(s, gpa, &b, 1);
	return guest_write(s, gpa, &b, 1).fault == FAULT_NONE;
}

/* Does the guest read the page at gpa as all zeros? */
static inline bool guest_reads_zeros(struct sim *s, uint64_t gpa)
{
	static const uint8_t zeros[PAGE_SIZE];
	uint8_t page[PAGE_SIZE];
	assert_int_equal(guest_read(s, gpa, page, PAGE_SIZE).fault, FAULT_NONE);
	return memcmp(page, zeros, PAGE_SIZE) == 0;
}

/* The guest fills the page at gpa with one byte value. */
static inline void guest_fill(struct sim *s, uint64_t gpa, uint8_t value)
{
	uint8_t page[PAGE_SIZE];
	memset(page, value, PAGE_SIZE);
	assert_int_equal(guest_write(s, gpa, page, PAGE_SIZE).fault, FAULT_NONE);
}

/*
 * A page list (the format of PVALIDATE, DEPOSIT_MEM, WITHDRAW_MEM) at gpa:
 * a header saying `entries` and `next`, then the n entries given.
 */
static inline void put_list(struct sim *s, uint64_t gpa, unsigned entries, unsigned next,
                            const uint64_t *e, unsigned n)
{
	uint8_t buf[PAGE_SIZE] = { 0 };
	size_t len = PVREQ_HEADER_SIZE + (size_t)n * PVREQ_ENTRY_SIZE;
	assert_true(len <= sizeof(buf));
	for (unsigned b = 0; b < 2; b++) {
		buf[PVREQ_ENTRIES + b] = (uint8_t)(entries >> (8 * b));
		buf[PVREQ_NEXT + b] = (uint8_t)(next >> (8 * b));
	}
	for (unsigned i = 0; i < n; i++)
		for (unsigned b = 0; b < 8; b++)
			buf[PVREQ_HEADER_SIZE + i * PVREQ_ENTRY_SIZE + b] = (uint8_t)(e[i] >> (8 * b));
	assert_int_equal(guest_write(s, gpa, buf, len).fault, FAULT_NONE);
}

/* `next` of the list at gpa, as the guest reads it. */
static inline unsigned list_next(struct sim *s, uint64_t gpa)
{
	uint8_t b[2];
	assert_int_equal(guest_read(s, gpa + PVREQ_NEXT, b, 2).fault, FAULT_NONE);
	return (unsigned)(b[0] | b[1] << 8);
}

/* Entry i of the list at gpa, as the guest reads it. */
static inline uint64_t list_entry(struct sim *s, uint64_t gpa, unsigned i)
{
	uint8_t b[8];
	uint64_t v = 0;
	assert_int_equal(guest_read(s, gpa + PVREQ_HEADER_SIZE + (uint64_t)i * PVREQ_ENTRY_SIZE,
	                            b, 8).fault, FAULT_NONE);
	for (unsigned k = 0; k < 8; k++)
		v |= (uint64_t)b[k] << (8 * k);
	return v;
}

/* Write the list (entries = n, next = 0) at gpa and make a page-list call from vCPU 0. */
static inline uint32_t list_call(struct sim *s, uint32_t call, uint64_t gpa,
                                 const uint64_t *e, unsigned n)
{
	put_list(s, gpa, n, 0, e, n);
	return core_call(s, 0, call, gpa, 0, 0, NULL);
}

/* The guest writes a save area at gpa, the way it prepares one for CREATE_VCPU. */
static inline void put_vmsa(struct sim *s, uint64_t gpa, unsigned vmpl, uint64_t efer,
                            uint64_t sev_features)
{
	uint8_t page[PAGE_SIZE];
	guest_build_vmsa(page, vmpl, efer, sev_features, sim_layout(s)->guest_rip);
	assert_int_equal(guest_write(s, gpa, page, PAGE_SIZE).fault, FAULT_NONE);
}

/* vCPU 0 asks for a vCPU with a correct save area at vmsa; returns RAX. */
static inline uint32_t create_good_vcpu(struct sim *s, uint64_t vmsa, uint64_t caa, uint32_t apic)
{
	put_vmsa(s, vmsa, s->m.guest_vmpl, EFER_SVME, sim_layout(s)->sev_features);
	return core_call(s, 0, SVSM_CORE_CREATE_VCPU, vmsa, caa, apic, NULL);
}

/* How many slots of the module's vCPU registry are in use. */
static inline unsigned vcpus_registered(const struct sim *s)
{
	unsigned n = 0;
	for (unsigned i = 0; i < SVSM_MAX_VCPUS; i++)
		n += s->sv.vcpus[i].used;
	return n;
}

/* vCPU 0 deposits one page with the module (a list at REQ_GPA); asserts SUCCESS. */
static inline void deposit_page(struct sim *s, uint64_t gpa)
{
	uint64_t e = PVENTRY(gpa, PSIZE_4K, false, false);
	assert_int_equal(list_call(s, SVSM_CORE_DEPOSIT_MEM, REQ_GPA, &e, 1), SVSM_SUCCESS);
}

/* How many HAL calls of kind op the module made in the last call. */
static inline unsigned ops_in_last_call(const struct sim *s, enum sim_op op)
{
	unsigned n = 0;
	for (unsigned k = s->calls[0].first_step; k < s->rec.step; k++)
		n += record_event_at(&s->rec, k)->op == op;
	return n;
}

#endif
