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

/* Guest pages the tests use (default layout: guest RAM is 0x8000-0x3ffff). */
#define REQ_GPA   0x9000ull    /* where requests are built */
#define PAGE_A    0x20000ull
#define PAGE_B    0x21000ull
#define PAGE_C    0x22000ull

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
	unsigned n = 0, kept = s->nviolations < SIM_MAX_VIOLATIONS ? s->nviolations : SIM_MAX_VIOLATIONS;
	for (unsigned i = 0; i < kept; i++)
		n += strcmp(s->violations[i].clause, clause) == 0;
	return n;
}

/* Fails the test with the full report when any check fired. */
static inline void assert_clean(const struct sim *s)
{
	if (s->nviolations == 0)
		return;
	report_all(stdout, s);
	fail_msg("%u unexpected violation(s), first: %s", s->nviolations, s->violations[0].clause);
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

#endif
