/*
 * cases_2m.c: the cases that need a 2M range of guest RAM, on a machine
 * large enough to hold one: PVALIDATE of 2M pages, and CREATE_VCPU's
 * 2M-aligned VMSA.
 *
 * The simulator's default machine (64 pages) has no 2M-aligned range of
 * guest RAM, so these cases boot the largest machine the model has
 * (MACHINE_MAX_PAGES, 4 MiB), whose guest RAM holds the 2M range at GPA
 * and SPA 0x200000. The other cases keep the small machine and its cost.
 *
 * The launch assigns every page as a 4K entry and the module validates
 * them all at boot, so a 2M-backed range is the guest's and the
 * hypervisor's work in the setup, the order a real guest and hypervisor
 * would follow: the guest rescinds the 512 pages through the module (two
 * requests: a list page holds 511 entries), the hypervisor unassigns
 * them (a 2M RMPUPDATE over assigned 4K entries fails with
 * FAIL_OVERLAP) and assigns the range as one 2M entry bound to GPA
 * 0x200000. The NPT is the launch's identity map.
 *
 * One CREATE_VCPU case needs the large machine too: a VMSA at a
 * 2M-aligned GPA of guest RAM.
 *
 * The hypervisor's scope of these cases is the secrets page: a 2M entry
 * cannot be a scope page (verify.c), so the range is concrete, and what
 * is verified is the module's handling of a 2M entry the hypervisor
 * leaves alone (docs/verify.md, "2M pages").
 */
#include <stdio.h>

#include "case_builder.h"
#include "../../svsm/lib/mem.h"

#define RANGE_2M 0x200000ull           /* GPA and SPA of "the 2M range" of the titles */
#define INNER_4K (RANGE_2M + PAGE_SIZE)  /* "a 4K page" of it */
#define LIST_ROOM ((PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE)

/* The titles name the range in words: "0x200000" would match --input 0x20000. */
_Static_assert((uint64_t)MACHINE_MAX_PAGES * PAGE_SIZE >= RANGE_2M + PAGE_SIZE_2M,
               "the large machine's guest RAM holds the 2M range");
/* A new case of call on the large machine. */
static struct vcase *add_2m_case(struct builder *b, uint32_t call, const char *what)
{
	struct vcase *c = add_case(b, call, 1, "%s", what);
	if (c)
		c->setup.cfg.machine.pages = MACHINE_MAX_PAGES;
	return c;
}

/* The guest rescinds 4K pages [first, first + n) of the range in one request. */
static void rescind_4k_run(struct builder *b, struct vcase *c, unsigned first, unsigned n)
{
	static uint8_t list[PAGE_SIZE];
	store_le16(list + PVREQ_ENTRIES, (uint16_t)n);
	store_le16(list + PVREQ_NEXT, 0);
	for (unsigned i = 0; i < n; i++)
		store_le64(list + PVREQ_HEADER_SIZE + i * PVREQ_ENTRY_SIZE,
		           PVENTRY(RANGE_2M + (uint64_t)(first + i) * PAGE_SIZE, PSIZE_4K, false,
		                   false));
	write_bytes(b, c, REQ, list, PVREQ_HEADER_SIZE + (size_t)n * PVREQ_ENTRY_SIZE);
	setup_call(b, c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
}

/* The guest rescinds every 4K page of the range. */
static void rescind_range(struct builder *b, struct vcase *c)
{
	rescind_4k_run(b, c, 0, LIST_ROOM);
	rescind_4k_run(b, c, LIST_ROOM, PAGES_PER_2M - LIST_ROOM);
}

static void hv_rmpupdate_step(struct builder *b, struct vcase *c, uint64_t spa,
                              struct rmp_update u)
{
	struct trace_step st = { .action = T_RMPUPDATE };
	st.rmpupdate.spa = spa;
	st.rmpupdate.u = u;
	if (c && trace_push(&c->setup, &st) != 0)
		b->failed = true;
}

/* The range, rescinded by the guest, becomes one 2M entry of the hypervisor's making. */
static void back_with_2m(struct builder *b, struct vcase *c)
{
	rescind_range(b, c);
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		hv_rmpupdate_step(b, c, RANGE_2M + (uint64_t)i * PAGE_SIZE,
		                  (struct rmp_update){ .assigned = false });
	hv_rmpupdate_step(b, c, RANGE_2M,
	                  (struct rmp_update){ .assigned = true, .page_size = PSIZE_2M,
	                                       .asid = b->at.asid, .gpa = RANGE_2M });
}

/* One PVALIDATE entry in the setup, run plainly. */
static void setup_entry(struct builder *b, struct vcase *c, uint64_t e)
{
	write_list(b, c, REQ, 1, 0, &e, 1);
	setup_call(b, c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
}

static void psmash_step(struct builder *b, struct vcase *c)
{
	struct trace_step st = { .action = T_PSMASH };
	st.map.spa = RANGE_2M;
	if (c && trace_push(&c->setup, &st) != 0)
		b->failed = true;
}

/* The verified call: one entry. */
static void call_entry(struct builder *b, struct vcase *c, uint64_t e)
{
	write_list(b, c, REQ, 1, 0, &e, 1);
	add_call(c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
}

void pvalidate_2m_cases(struct builder *b)
{
	const uint64_t v2m = PVENTRY(RANGE_2M, PSIZE_2M, true, false);
	const uint64_t r2m = PVENTRY(RANGE_2M, PSIZE_2M, false, false);
	struct vcase *c;

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "validate the 2M range as a 2M page (a 2M entry, rescinded first)");
	back_with_2m(b, c);
	call_entry(b, c, v2m);

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "validate the 2M range as a 2M page (a 2M entry, validated)");
	back_with_2m(b, c);
	setup_entry(b, c, v2m);
	call_entry(b, c, v2m);

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "rescind the 2M range as a 2M page (a 2M entry, validated)");
	back_with_2m(b, c);
	setup_entry(b, c, v2m);
	call_entry(b, c, r2m);

	/* The module holds a page of the range: refused, though the RMP would allow it. */
	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "rescind the 2M range as a 2M page holding the CAA (a 2M entry)");
	back_with_2m(b, c);
	setup_entry(b, c, v2m);
	setup_call(b, c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = INNER_4K });
	call_entry(b, c, r2m);

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "validate a 4K page in a 2M entry (rescinded first)");
	back_with_2m(b, c);
	call_entry(b, c, PVENTRY(INNER_4K, PSIZE_4K, true, false));

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "rescind a 4K page in a 2M entry (validated)");
	back_with_2m(b, c);
	setup_entry(b, c, v2m);
	call_entry(b, c, PVENTRY(INNER_4K, PSIZE_4K, false, false));

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "validate a 2M page at a GPA not 2M-aligned (in a 2M entry)");
	back_with_2m(b, c);
	call_entry(b, c, PVENTRY(INNER_4K, PSIZE_2M, true, false));

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "validate the 2M range as a 2M page over 4K entries (rescinded first)");
	rescind_range(b, c);
	call_entry(b, c, v2m);

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "rescind the 2M range as a 2M page over 4K entries (validated)");
	call_entry(b, c, r2m);

	/* PSMASH keeps the validated bits: the 4K pages are the guest's, one by one. */
	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "rescind a 4K page of a validated 2M entry after a PSMASH");
	back_with_2m(b, c);
	setup_entry(b, c, v2m);
	psmash_step(b, c);
	call_entry(b, c, PVENTRY(INNER_4K, PSIZE_4K, false, false));

	c = add_2m_case(b, SVSM_CORE_PVALIDATE, "validate the 2M range as a 2M page after a PSMASH (rescinded first)");
	back_with_2m(b, c);
	psmash_step(b, c);
	call_entry(b, c, v2m);
}

/*
 * AMD's erratum: a VMSA page that is 2M-aligned may be taken for a large
 * page, so CREATE_VCPU refuses one. The only 2M-aligned GPA of the small
 * machine is 0x0, module memory, refused before that check.
 */
void create_vcpu_2m_cases(struct builder *b)
{
	struct vcase *c = add_2m_case(b, SVSM_CORE_CREATE_VCPU,
	                              "a valid VMSA at the 2M range's first page (2M-aligned)");
	setup_vmsa(b, c, RANGE_2M, 1, EFER_SVME, 1);
	add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(RANGE_2M, INNER_4K, NEW_APIC));
}
