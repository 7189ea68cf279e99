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
 * cannot be a scope page (verify.c), so the range is concrete. Where the
 * range is one 2M entry when the call starts, the hypervisor may PSMASH
 * it in the middle of the call, take it back or give it back with
 * nothing validated (range_2m; paths.c, range_moves, makes the moves);
 * it makes no RMPUPDATE of it with other operands (docs/verify.md,
 * "2M pages").
 */
#include "case_builder.h"
#include "../../svsm/lib/mem.h"

/* The titles name the range in words: "0x200000" would match --input 0x20000. */
#define RANGE_2M 0x200000ull             /* GPA and SPA of "the 2M range" of the titles */
#define INNER_4K (RANGE_2M + PAGE_SIZE)  /* "a 4K page" of it */
#define LIST_ROOM ((PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE)

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
	static uint8_t list[PAGE_SIZE];   /* a page: not on the stack (write_bytes copies it) */
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

/* The hypervisor's RMPUPDATE of the page at spa, a step of the setup. */
static void setup_rmpupdate(struct builder *b, struct vcase *c, uint64_t spa, struct rmp_update u)
{
	struct trace_step st = { .action = T_RMPUPDATE };
	st.rmpupdate.spa = spa;
	st.rmpupdate.u = u;
	push_step(b, c, &st);
}

/* The range, rescinded by the guest, becomes one 2M entry of the hypervisor's making. */
static void back_with_2m(struct builder *b, struct vcase *c)
{
	for (unsigned i = 0; i < PAGES_PER_2M; i++)
		setup_rmpupdate(b, c, RANGE_2M + (uint64_t)i * PAGE_SIZE,
		             (struct rmp_update){ .assigned = false });
	setup_rmpupdate(b, c, RANGE_2M,
	             (struct rmp_update){ .assigned = true, .page_size = PSIZE_2M,
	                                  .asid = b->at.asid, .gpa = RANGE_2M });
}

/* What a case's setup does to the range before its call, in this order. */
enum {
	RESCINDED = 1 << 0,     /* the guest rescinds its 512 4K pages */
	BACKED_2M = 1 << 1,     /* the hypervisor makes them one 2M entry */
	VALIDATED_2M = 1 << 2,  /* the guest validates the 2M page */
	CAA_INSIDE = 1 << 3,    /* vCPU 0's CAA moves to a page of the range */
	SMASHED = 1 << 4,       /* the hypervisor PSMASHes the 2M entry */
};
#define ENTRY_2M (RESCINDED | BACKED_2M)

#define V2M PVENTRY(RANGE_2M, PSIZE_2M, true, false)
#define R2M PVENTRY(RANGE_2M, PSIZE_2M, false, false)

static const struct {
	const char *title;
	unsigned setup;
	uint64_t entry;    /* the call's one entry */
} pvalidate_2m[] = {
	{ "validate the 2M range as a 2M page (a 2M entry, rescinded first)", ENTRY_2M, V2M },
	{ "validate the 2M range as a 2M page (a 2M entry, validated)", ENTRY_2M | VALIDATED_2M,
	  V2M },
	{ "rescind the 2M range as a 2M page (a 2M entry, validated)", ENTRY_2M | VALIDATED_2M,
	  R2M },
	/* The module holds a page of the range: refused, though the RMP would allow it. */
	{ "rescind the 2M range as a 2M page holding the CAA (a 2M entry)",
	  ENTRY_2M | VALIDATED_2M | CAA_INSIDE, R2M },
	{ "validate a 4K page in a 2M entry (rescinded first)", ENTRY_2M,
	  PVENTRY(INNER_4K, PSIZE_4K, true, false) },
	{ "rescind a 4K page in a 2M entry (validated)", ENTRY_2M | VALIDATED_2M,
	  PVENTRY(INNER_4K, PSIZE_4K, false, false) },
	/*
	 * A range that is otherwise the guest's: only the alignment check
	 * refuses it (one starting at INNER_4K would leave guest RAM, and the
	 * range check would refuse it whatever the alignment check does).
	 */
	{ "rescind a 2M page at a GPA not 2M-aligned (from the page before the 2M range)", 0,
	  PVENTRY(RANGE_2M - PAGE_SIZE, PSIZE_2M, false, false) },
	{ "validate the 2M range as a 2M page over 4K entries (rescinded first)", RESCINDED, V2M },
	{ "rescind the 2M range as a 2M page over 4K entries (validated)", 0, R2M },
	/* PSMASH keeps the validated bits: the 4K pages are the guest's, one by one. */
	{ "rescind a 4K page of a validated 2M entry after a PSMASH",
	  ENTRY_2M | VALIDATED_2M | SMASHED, PVENTRY(INNER_4K, PSIZE_4K, false, false) },
	{ "validate the 2M range as a 2M page after a PSMASH (rescinded first)",
	  ENTRY_2M | SMASHED, V2M },
};

void pvalidate_2m_cases(struct builder *b)
{
	for (unsigned i = 0; i < sizeof(pvalidate_2m) / sizeof(pvalidate_2m[0]); i++) {
		unsigned setup = pvalidate_2m[i].setup;
		struct vcase *c = add_2m_case(b, SVSM_CORE_PVALIDATE, pvalidate_2m[i].title);
		if (setup & RESCINDED)
			rescind_range(b, c);
		if (setup & BACKED_2M)
			back_with_2m(b, c);
		if (setup & VALIDATED_2M)
			setup_pvalidate(b, c, V2M);
		if (setup & CAA_INSIDE)
			setup_call(b, c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = INNER_4K });
		if (setup & SMASHED) {
			struct trace_step st = { .action = T_PSMASH };
			st.map.spa = RANGE_2M;
			push_step(b, c, &st);
		}
		/*
		 * The call. The range is no scope page (a 2M entry cannot be
		 * one), but while it is a 2M entry the hypervisor may PSMASH it
		 * before any HAL call that reads its size, or RMPUPDATE it
		 * before one that touches it (paths.c).
		 */
		if ((setup & BACKED_2M) && !(setup & SMASHED))
			c->range_2m = RANGE_2M;
		write_list(b, c, REQ, 1, 0, &pvalidate_2m[i].entry, 1);
		add_call(c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
	}
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
