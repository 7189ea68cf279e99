/*
 * inputs.c: the guest inputs each handler is verified for.
 *
 * The verifier enumerates what the module does with an input; the inputs
 * themselves come from a stated scope, printed with the result. A case is
 * one input: the guest's setup (writes of a request or a save area, and
 * any earlier calls that bring a page to the state the input needs, all
 * run plainly), then the call or calls verified. The addresses are drawn
 * from classes, each standing for every address that the module's checks
 * treat alike: a validated guest page, a guest page not validated, a
 * module page, the secrets page, the boot VMSA, the Calling Area, a
 * misaligned address, an address past guest RAM. docs/verify.md lists the
 * cases and argues for the classes.
 *
 * The module's pages, the Calling Area, the end of guest RAM and a second
 * vCPU's VMSA are read off a booted machine (explorer/sim/sim.c chooses
 * them, explorer/guest/ brings vCPUs up), so the inputs follow the
 * simulator's layout. The guest pages the inputs are about, and where the
 * guest writes its requests, are the verifier's own choice: pages of
 * guest RAM away from all of those (checked when the cases are built).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "verifier.h"
#include "../../svsm/lib/mem.h"

#define REQ        0x9000ull    /* where the guest writes its page lists */
#define REQ_VCPU1  0x9800ull    /* vCPU 1's list, in the same page */
#define PAGE_A     0x20000ull   /* guest pages the inputs are about */
#define PAGE_B     0x21000ull

static const char *const handler_names[SVSM_CORE_NCALLS] = {
	[SVSM_CORE_REMAP_CA] = "remap_ca",         [SVSM_CORE_PVALIDATE] = "pvalidate",
	[SVSM_CORE_CREATE_VCPU] = "create_vcpu",   [SVSM_CORE_DELETE_VCPU] = "delete_vcpu",
	[SVSM_CORE_DEPOSIT_MEM] = "deposit_mem",   [SVSM_CORE_WITHDRAW_MEM] = "withdraw_mem",
	[SVSM_CORE_QUERY_PROTOCOL] = "query_protocol",
	[SVSM_CORE_CONFIGURE_VTOM] = "configure_vtom",
};

const char *inputs_handler_name(uint32_t call)
{
	return call < SVSM_CORE_NCALLS ? handler_names[call] : "?";
}

bool inputs_handler_known(const char *name)
{
	for (unsigned i = 0; i < SVSM_CORE_NCALLS; i++)
		if (strcmp(handler_names[i], name) == 0)
			return true;
	return false;
}

/* The simulator's addresses the inputs are drawn from. */
struct layout_gpas {
	uint64_t module_pg;               /* a module page that is none of the three below */
	uint64_t secrets, boot_vmsa;      /* module pages */
	uint64_t boot_caa;                /* vCPU 0's Calling Area: the first guest page */
	uint64_t past_ram;                /* the first GPA past guest RAM */
	uint64_t last_ram;                /* the last page of guest RAM */
	uint64_t module_first, module_last; /* the first and last page of module memory */
	uint64_t vcpu1_vmsa;              /* a second vCPU's VMSA, as the guest brings it up */
};

/*
 * The GPA classes an address argument is drawn from (besides the page the
 * input is about): pages of each kind, and the edges of every range the
 * module checks: the first and last page of module memory and of guest
 * RAM, and the page just outside each (below module memory, at 0 in the
 * simulator, lies the address space's last page, where gpa + len wraps),
 * so that a range check off by one page, or one that wraps, meets one.
 */
#define NCLASSES 9
struct gpa_class {
	const char *name;
	uint64_t gpa;
};

struct builder {
	struct vcases *cs;
	const struct verify_options *o;
	struct layout_gpas at;
	struct gpa_class classes[NCLASSES];
	bool failed;
};

static struct vcase *add_case(struct builder *b, uint32_t call, unsigned vcpus, const char *fmt,
                              ...)
{
	struct vcases *cs = b->cs;
	if (cs->n == cs->cap) {
		unsigned cap = cs->cap ? 2 * cs->cap : 32;
		struct vcase *grown = realloc(cs->c, cap * sizeof(*grown));
		if (!grown) {
			b->failed = true;
			return NULL;
		}
		cs->c = grown;
		cs->cap = cap;
	}
	struct vcase *c = &cs->c[cs->n++];
	memset(c, 0, sizeof(*c));
	c->handler = handler_names[call];
	c->setup.cfg.bugs = b->o->bugs;
	c->setup.vcpus = vcpus;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->title, sizeof(c->title), fmt, ap);
	va_end(ap);
	return c;
}

static void push(struct builder *b, struct vcase *c, const struct trace_step *st)
{
	if (c && trace_push(&c->setup, st) != 0)
		b->failed = true;
}

static void write_bytes(struct builder *b, struct vcase *c, uint64_t gpa, const uint8_t *bytes,
                        size_t len)
{
	struct trace_step st = { .action = T_WRITE };
	st.mem.addr = gpa;
	st.mem.bytes = (uint8_t *)bytes;
	st.mem.len = len;
	push(b, c, &st);
}

/* A page list: header (entries, next) and the entries, as the guest writes it. */
static void write_list(struct builder *b, struct vcase *c, uint64_t gpa, unsigned entries,
                       unsigned next, const uint64_t *e, unsigned n)
{
	uint8_t req[PVREQ_HEADER_SIZE + 2 * PVREQ_ENTRY_SIZE] = { 0 };
	store_le16(req + PVREQ_ENTRIES, (uint16_t)entries);
	store_le16(req + PVREQ_NEXT, (uint16_t)next);
	for (unsigned i = 0; i < n && i < 2; i++)
		store_le64(req + PVREQ_HEADER_SIZE + i * PVREQ_ENTRY_SIZE, e[i]);
	write_bytes(b, c, gpa, req, PVREQ_HEADER_SIZE + (size_t)n * PVREQ_ENTRY_SIZE);
}

/* An earlier call, run plainly to its end before the verified ones. */
static void setup_call(struct builder *b, struct vcase *c, unsigned vcpu, uint32_t call,
                       struct guest_args args)
{
	struct trace_step st = { .action = T_CALL, .vcpu = vcpu };
	st.call.protocol = SVSM_PROTO_CORE;
	st.call.call = call;
	st.call.args = args;
	push(b, c, &st);
	struct trace_step fin = { .action = T_FINISH, .vcpu = vcpu };
	push(b, c, &fin);
}

/* The guest rescinds a page of its own through the module first. */
static void setup_rescind(struct builder *b, struct vcase *c, uint64_t gpa)
{
	uint64_t e = PVENTRY(gpa, PSIZE_4K, false, false);
	write_list(b, c, REQ, 1, 0, &e, 1);
	setup_call(b, c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
}

/* A save area as the guest prepares one for CREATE_VCPU. */
static void setup_vmsa(struct builder *b, struct vcase *c, uint64_t gpa, unsigned vmpl,
                       uint64_t efer, uint64_t features)
{
	uint8_t v[1] = { (uint8_t)vmpl }, e8[8], f8[8];
	store_le64(e8, efer);
	store_le64(f8, features);
	write_bytes(b, c, gpa + VMSA_VMPL, v, 1);
	write_bytes(b, c, gpa + VMSA_EFER, e8, 8);
	write_bytes(b, c, gpa + VMSA_SEV_FEATURES, f8, 8);
}

static void add_call(struct vcase *c, unsigned vcpu, uint32_t call, struct guest_args args)
{
	if (!c || c->ncalls == VCASE_MAX_CALLS)
		return;
	c->call[c->ncalls++] = (struct vcall){ vcpu, call, args };
}

/* A guest page the input names: the hypervisor's scope starts with it. */
static void add_page(const struct builder *b, struct vcase *c, uint64_t gpa)
{
	if (!c)
		return;
	gpa &= ~(uint64_t)(PAGE_SIZE - 1);
	if (gpa >= b->at.past_ram)
		return;   /* nothing is there to move */
	for (unsigned i = 0; i < c->npages; i++)
		if (c->pages[i] == gpa)
			return;
	if (c->npages < VSCOPE_MAX)
		c->pages[c->npages++] = gpa;
}

/* A PVALIDATE call of one vCPU on the entries e[0..n). */
static void pvalidate_call(struct builder *b, struct vcase *c, unsigned vcpu, uint64_t req,
                           const uint64_t *e, unsigned n)
{
	write_list(b, c, req, n, 0, e, n);
	add_call(c, vcpu, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = req });
	for (unsigned i = 0; i < n; i++)
		add_page(b, c, PVENTRY_GFN(e[i]) << PAGE_SHIFT);
}

static void pvalidate_one(struct builder *b, uint64_t entry, bool rescinded, const char *what)
{
	uint64_t gpa = PVENTRY_GFN(entry) << PAGE_SHIFT;
	struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1, "%s 0x%llx%s%s",
	                           (entry & PVENTRY_VALIDATE) ? "validate" : "rescind",
	                           (unsigned long long)gpa, rescinded ? " (rescinded first)" : "",
	                           what);
	if (rescinded)
		setup_rescind(b, c, gpa);
	pvalidate_call(b, c, 0, REQ, &entry, 1);
}

static void pvalidate_cases(struct builder *b)
{
	const uint64_t v = PVENTRY(PAGE_A, PSIZE_4K, true, false);
	const uint64_t r = PVENTRY(PAGE_A, PSIZE_4K, false, false);
	pvalidate_one(b, v, true, "");
	pvalidate_one(b, v, false, " (validated)");
	pvalidate_one(b, v | PVENTRY_IGNORE_CF, false, " with ignore_cf");
	pvalidate_one(b, r, false, "");
	pvalidate_one(b, r, true, "");
	pvalidate_one(b, r | PVENTRY_IGNORE_CF, false, " with ignore_cf");
	pvalidate_one(b, v | 0x10, true, " with a reserved bit set");
	pvalidate_one(b, PVENTRY(PAGE_A, 3, true, false), true, " with page size 3");
	pvalidate_one(b, PVENTRY(0, PSIZE_2M, true, false), false, " as a 2M page");
	for (unsigned i = 0; i < NCLASSES; i++) {
		char what[48];
		snprintf(what, sizeof(what), " (%s)", b->classes[i].name);
		pvalidate_one(b, PVENTRY(b->classes[i].gpa, PSIZE_4K, false, false), false, what);
		pvalidate_one(b, PVENTRY(b->classes[i].gpa, PSIZE_4K, true, false), false, what);
	}
	if (b->o->batch >= 2) {
		uint64_t two[2] = { r, v };
		struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1,
		                           "rescind 0x20000, then validate it, in one request");
		pvalidate_call(b, c, 0, REQ, two, 2);
		uint64_t both[2] = { v, PVENTRY(PAGE_B, PSIZE_4K, true, false) };
		c = add_case(b, SVSM_CORE_PVALIDATE, 1, "validate 0x20000 and 0x21000 (rescinded first)");
		setup_rescind(b, c, PAGE_A);
		setup_rescind(b, c, PAGE_B);
		pvalidate_call(b, c, 0, REQ, both, 2);
		/* The first entry fails (validated already): the second must stay undone. */
		c = add_case(b, SVSM_CORE_PVALIDATE, 1, "validate 0x20000 (validated) and 0x21000 "
		             "(rescinded first)");
		setup_rescind(b, c, PAGE_B);
		pvalidate_call(b, c, 0, REQ, both, 2);
	}
	/* The request itself: its header, its address. */
	const struct {
		const char *what;
		uint64_t req;
		unsigned entries, next;
		uint64_t entry;                /* the first entry; 0: validate 0x20000 */
	} lists[] = {
		{ "a request with no entries", REQ, 0, 0, 0 },
		{ "a request whose next is past its entries", REQ, 1, 1, 0 },
		{ "a request with more entries than its page holds", REQ, 600, 0, 0 },
		/* A rescind that would take effect, if the list were taken. */
		{ "a request one entry longer than its page holds (a rescind)", REQ,
		  (PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE + 1, 0,
		  PVENTRY(PAGE_A, PSIZE_4K, false, false) },
		{ "a request at a misaligned GPA", REQ + 4, 1, 0, 0 },
		{ "a request in a module page", b->at.module_pg, 1, 0, 0 },
		{ "a request past guest RAM", b->at.past_ram, 1, 0, 0 },
		{ "a request in the CAA's buffer", b->at.boot_caa + CAA_BUFFER, 1, 0, 0 },
	};
	for (unsigned i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1, "%s", lists[i].what);
		if (lists[i].req < b->at.past_ram && lists[i].req >= b->at.boot_caa)
			write_list(b, c, lists[i].req, lists[i].entries, lists[i].next,
			           lists[i].entry ? &lists[i].entry : &v, 1);
		add_call(c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = lists[i].req });
		add_page(b, c, PAGE_A);
	}
	/*
	 * The header says one entry more than the page holds and next names
	 * that entry: it lies whole in the next page, which the guest did not
	 * hand over (a module that takes the list reads it there).
	 */
	const unsigned room = (PAGE_SIZE - PVREQ_HEADER_SIZE) / PVREQ_ENTRY_SIZE;
	const uint64_t past = PVENTRY(PAGE_A, PSIZE_4K, false, false);
	struct vcase *c = add_case(b, SVSM_CORE_PVALIDATE, 1, "a request whose next is the entry "
	                           "just past its page (a rescind there)");
	write_list(b, c, REQ, room + 1, room, NULL, 0);
	uint8_t e8[8];
	store_le64(e8, past);
	write_bytes(b, c, REQ + PVREQ_HEADER_SIZE + (uint64_t)room * PVREQ_ENTRY_SIZE, e8, 8);
	add_call(c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ });
	add_page(b, c, PAGE_A);
	c = add_case(b, SVSM_CORE_PVALIDATE, 1, "a request in a page not validated");
	setup_rescind(b, c, PAGE_B);
	add_call(c, 0, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = PAGE_B });
	add_page(b, c, PAGE_B);
}

/*
 * The APIC IDs of new vCPUs: CPUs of the machine (the module binds a VMSA
 * to the CPU with the APIC ID it is given) that no case starts, so that
 * even with --vcpus 2 a call creates a vCPU rather than replacing one.
 */
#define NEW_APIC 3
#define OTHER_APIC 2

static struct guest_args create_args(uint64_t vmsa, uint64_t caa, uint32_t apic)
{
	return (struct guest_args){ .rcx = vmsa, .rdx = caa, .r8 = apic };
}

static void create_case(struct builder *b, const char *what, uint64_t vmsa, uint64_t caa,
                        uint32_t apic, unsigned vmpl, uint64_t efer, uint64_t features)
{
	struct vcase *c = add_case(b, SVSM_CORE_CREATE_VCPU, 1, "%s", what);
	if (vmsa >= b->at.boot_caa && vmsa < b->at.past_ram && PAGE_ALIGNED(vmsa))
		setup_vmsa(b, c, vmsa, vmpl, efer, features);
	add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(vmsa, caa, apic));
	add_page(b, c, vmsa);
	add_page(b, c, caa);
}

static void create_vcpu_cases(struct builder *b)
{
	const unsigned vmpl = 1;
	const uint64_t svme = EFER_SVME, features = 1;
	create_case(b, "a valid VMSA at 0x20000, CAA 0x21000", PAGE_A, PAGE_B, NEW_APIC, vmpl, svme,
	            features);
	create_case(b, "a VMSA that says vmpl 0", PAGE_A, PAGE_B, NEW_APIC, 0, svme, features);
	create_case(b, "a VMSA that says vmpl 2", PAGE_A, PAGE_B, NEW_APIC, 2, svme, features);
	create_case(b, "a VMSA without EFER.SVME", PAGE_A, PAGE_B, NEW_APIC, vmpl, 0, features);
	create_case(b, "a VMSA with other SEV features", PAGE_A, PAGE_B, NEW_APIC, vmpl, svme, 3);
	create_case(b, "the CAA is the VMSA page", PAGE_A, PAGE_A, NEW_APIC, vmpl, svme, features);
	create_case(b, "a VMSA at a misaligned GPA", PAGE_A + 8, PAGE_B, NEW_APIC, vmpl, svme,
	            features);
	create_case(b, "the APIC ID of vCPU 0", PAGE_A, PAGE_B, 0, vmpl, svme, features);
	for (unsigned i = 0; i < NCLASSES; i++) {
		char what[64];
		snprintf(what, sizeof(what), "the VMSA is %s", b->classes[i].name);
		create_case(b, what, b->classes[i].gpa, PAGE_B, NEW_APIC, vmpl, svme, features);
		snprintf(what, sizeof(what), "the CAA is %s", b->classes[i].name);
		create_case(b, what, PAGE_A, b->classes[i].gpa, NEW_APIC, vmpl, svme, features);
	}
	struct vcase *c = add_case(b, SVSM_CORE_CREATE_VCPU, 1, "the CAA is a page not validated");
	setup_vmsa(b, c, PAGE_A, vmpl, svme, features);
	setup_rescind(b, c, PAGE_B);
	add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
	add_page(b, c, PAGE_A);
	add_page(b, c, PAGE_B);
	c = add_case(b, SVSM_CORE_CREATE_VCPU, 1, "a VMSA that is a VMSA already");
	setup_vmsa(b, c, PAGE_A, vmpl, svme, features);
	setup_call(b, c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
	add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, OTHER_APIC));
	add_page(b, c, PAGE_A);
	add_page(b, c, PAGE_B);
}

/* A vCPU created at 0x20000 (CAA 0x21000) before the call, and not started. */
static void setup_created(struct builder *b, struct vcase *c)
{
	setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
	setup_call(b, c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
}

static void delete_vcpu_cases(struct builder *b)
{
	const struct {
		const char *what;
		uint64_t rcx;
	} cases[] = {
		{ "a vCPU created at 0x20000", PAGE_A },
		{ "the caller's own VMSA", b->at.boot_vmsa },
		{ "a page that is not a VMSA", PAGE_B + 0x1000 },
		{ "a misaligned GPA", PAGE_A + 8 },
		{ "past guest RAM", b->at.past_ram },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcase *c = add_case(b, SVSM_CORE_DELETE_VCPU, 1, "%s", cases[i].what);
		setup_created(b, c);
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = cases[i].rcx });
		add_page(b, c, cases[i].rcx);
	}
	/*
	 * vCPU 1, brought up at boot, is the caller: its own VMSA is then a
	 * guest page, which only the own-VMSA check refuses.
	 */
	struct vcase *c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 1 deletes its own VMSA");
	add_call(c, 1, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.vcpu1_vmsa });
	add_page(b, c, b->at.vcpu1_vmsa);
	/*
	 * The boot VMSA is module memory, which only the guest-RAM check
	 * refuses once it is nobody's own: vCPU 1 brings CPU 0 back online
	 * on a new VMSA, the hypervisor starts vCPU 0 there, and the boot
	 * VMSA is a retired VMSA that no vCPU runs (a current one is always
	 * running or inside its own call, and refused as busy).
	 */
	c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 1 deletes the boot VMSA, retired by a "
	             "re-online of CPU 0");
	setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
	setup_call(b, c, 1, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, 0));
	struct trace_step start = { .action = T_START_VCPU, .vcpu = 0 };
	start.start.vmsa = PAGE_A;
	start.start.caa = PAGE_B;
	push(b, c, &start);
	add_call(c, 1, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.boot_vmsa });
	add_page(b, c, b->at.boot_vmsa);
}

static void remap_ca_cases(struct builder *b)
{
	struct vcase *c = add_case(b, SVSM_CORE_REMAP_CA, 1, "a validated guest page");
	add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_B });
	add_page(b, c, PAGE_B);
	c = add_case(b, SVSM_CORE_REMAP_CA, 1, "a guest page not validated");
	setup_rescind(b, c, PAGE_B);
	add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_B });
	add_page(b, c, PAGE_B);
	static const struct {
		const char *what;
		uint64_t rcx;
	} more[] = {
		{ "an 8-byte-aligned GPA inside a page", PAGE_B + 8 },
		{ "a GPA aligned to nothing", PAGE_B + 1 },
	};
	for (unsigned i = 0; i < sizeof(more) / sizeof(more[0]); i++) {
		c = add_case(b, SVSM_CORE_REMAP_CA, 1, "%s", more[i].what);
		add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = more[i].rcx });
		add_page(b, c, more[i].rcx);
	}
	c = add_case(b, SVSM_CORE_REMAP_CA, 1, "a vCPU's VMSA at 0x20000");
	setup_created(b, c);
	add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_A });
	add_page(b, c, PAGE_A);
	for (unsigned i = 0; i < NCLASSES; i++) {
		c = add_case(b, SVSM_CORE_REMAP_CA, 1, "%s", b->classes[i].name);
		add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = b->classes[i].gpa });
		add_page(b, c, b->classes[i].gpa);
	}
}

/* DEPOSIT_MEM of one page: a list at REQ with its entry. */
static void deposit_case(struct builder *b, const char *what, uint64_t entry, bool rescinded)
{
	uint64_t gpa = PVENTRY_GFN(entry) << PAGE_SHIFT;
	struct vcase *c = add_case(b, SVSM_CORE_DEPOSIT_MEM, 1, "%s", what);
	if (rescinded)
		setup_rescind(b, c, gpa);
	write_list(b, c, REQ, 1, 0, &entry, 1);
	add_call(c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
	add_page(b, c, gpa);
}

static void deposit_mem_cases(struct builder *b)
{
	deposit_case(b, "a validated guest page", PAGE_A, false);
	deposit_case(b, "a guest page not validated", PAGE_A, true);
	deposit_case(b, "an entry with flag bits", PAGE_A | PVENTRY_VALIDATE, false);
	deposit_case(b, "an entry for a 2M page", PAGE_A | PSIZE_2M, false);
	deposit_case(b, "the list's own page", REQ, false);
	for (unsigned i = 0; i < NCLASSES; i++)
		deposit_case(b, b->classes[i].name, b->classes[i].gpa, false);
	if (b->o->batch >= 2) {
		uint64_t two[2] = { PAGE_A, PAGE_B };
		struct vcase *c = add_case(b, SVSM_CORE_DEPOSIT_MEM, 1, "two validated guest pages");
		write_list(b, c, REQ, 2, 0, two, 2);
		add_call(c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		add_page(b, c, PAGE_A);
		add_page(b, c, PAGE_B);
	}
}

/*
 * WITHDRAW_MEM of entries pages after the guest deposited some: pages it
 * wrote into first, so that a page handed back without being zeroed shows.
 */
static void withdraw_case(struct builder *b, const char *what, unsigned deposited,
                          unsigned entries)
{
	static const uint8_t data[8] = { 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a };
	struct vcase *c = add_case(b, SVSM_CORE_WITHDRAW_MEM, 1, "%s", what);
	for (unsigned i = 0; i < deposited; i++) {
		uint64_t e = i == 0 ? PAGE_A : PAGE_B;
		write_bytes(b, c, e + 0x100, data, sizeof(data));
		write_list(b, c, REQ, 1, 0, &e, 1);
		setup_call(b, c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		add_page(b, c, e);
	}
	write_list(b, c, REQ, entries, 0, NULL, 0);
	add_call(c, 0, SVSM_CORE_WITHDRAW_MEM, (struct guest_args){ .rcx = REQ });
}

static void withdraw_mem_cases(struct builder *b)
{
	withdraw_case(b, "one page from a pool of one", 1, 1);
	withdraw_case(b, "from an empty pool", 0, 1);
	if (b->o->batch >= 2) {
		withdraw_case(b, "two pages from a pool of two", 2, 2);
		withdraw_case(b, "one page from a pool of two", 2, 1);
	}
}

static void query_cases(struct builder *b)
{
	static const struct {
		uint32_t call;
		const char *what;
		uint64_t rcx;
	} cases[] = {
		{ SVSM_CORE_QUERY_PROTOCOL, "core protocol, version 1", SVSM_RAX(SVSM_PROTO_CORE, 1) },
		{ SVSM_CORE_QUERY_PROTOCOL, "core protocol, version 2", SVSM_RAX(SVSM_PROTO_CORE, 2) },
		{ SVSM_CORE_QUERY_PROTOCOL, "the attestation protocol", SVSM_RAX(SVSM_PROTO_ATTEST, 1) },
		{ SVSM_CORE_CONFIGURE_VTOM, "a query", 1 },
		{ SVSM_CORE_CONFIGURE_VTOM, "a request to configure", 0 },
	};
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vcase *c = add_case(b, cases[i].call, 1, "%s", cases[i].what);
		add_call(c, 0, cases[i].call, (struct guest_args){ .rcx = cases[i].rcx });
	}
}

/* The case's racing guest write: value, little-endian, in len bytes at gpa. */
static void set_race(struct vcase *c, uint64_t gpa, uint64_t value, unsigned len)
{
	if (!c)
		return;
	c->race.gpa = gpa;
	store_le64(c->race.bytes, value);   /* the race writes the first len of them */
	c->race.len = len;
}

static bool wanted(const struct verify_options *o, uint32_t call)
{
	return !o->handler || strcmp(o->handler, handler_names[call]) == 0;
}

/* A pair is verified for either of its two handlers (and without --handler). */
static bool pair_wanted(const struct builder *b, uint32_t x, uint32_t y)
{
	return wanted(b->o, x) || wanted(b->o, y);
}

/*
 * Two vCPUs: vCPU 1 (brought up by the guest at boot) calls at the same
 * time as vCPU 0, and every interleaving of their HAL calls is verified.
 * The first pairs are the catalog's races, where one call is refused or
 * the guest's write lands in the middle; in the last three each call
 * succeeds when it runs alone (the deposit and the withdrawal, the remap
 * and the deletion, both in either order), so that the interleavings in
 * between reach the success paths together: a race between two refusals
 * meets little shared state. Their hypervisor scopes are small (see each)
 * because two success paths interleave in many more ways.
 */
static void pair_cases(struct builder *b)
{
	const uint64_t rescind_validate[2] = { PVENTRY(PAGE_A, PSIZE_4K, false, false),
	                                       PVENTRY(PAGE_A, PSIZE_4K, true, false) };
	struct vcase *c;
	if (pair_wanted(b, SVSM_CORE_CREATE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_CREATE_VCPU, 2, "vCPU 0 creates a vCPU at 0x20000 (a bad "
		             "VMSA) while vCPU 1 rescinds and validates 0x20000");
		/*
		 * The race is over 0x20000; the CAA's own page is left out of
		 * the hypervisor's scope (the one-vCPU cases open it), which
		 * keeps the interleavings' outcomes few enough to enumerate.
		 */
		add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
		pvalidate_call(b, c, 1, REQ_VCPU1, rescind_validate, 2);
	}
	if (wanted(b->o, SVSM_CORE_PVALIDATE)) {
		const uint64_t two[2] = { PVENTRY(PAGE_A, PSIZE_4K, false, false),
		                          PVENTRY(PAGE_B, PSIZE_4K, false, false) };
		c = add_case(b, SVSM_CORE_PVALIDATE, 2, "vCPU 0 rescinds 0x20000 and 0x21000 while "
		             "vCPU 1 rewrites the request's entries to 600");
		pvalidate_call(b, c, 0, REQ, two, 2);
		set_race(c, REQ + PVREQ_ENTRIES, 600, 2);
	}
	if (pair_wanted(b, SVSM_CORE_CREATE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_CREATE_VCPU, 2, "vCPU 0 creates a vCPU at 0x20000 while "
		             "vCPU 1 writes vmpl 0 into its VMSA");
		setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
		add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
		add_page(b, c, PAGE_A);
		add_page(b, c, PAGE_B);
		set_race(c, PAGE_A + VMSA_VMPL, 0, 1);
	}
	if (pair_wanted(b, SVSM_CORE_DELETE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 0 deletes the vCPU at 0x20000 while "
		             "vCPU 1 validates 0x22000 (rescinded first)");
		setup_created(b, c);
		uint64_t e = PVENTRY(PAGE_B + 0x1000, PSIZE_4K, true, false);
		setup_rescind(b, c, PAGE_B + 0x1000);
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = PAGE_A });
		pvalidate_call(b, c, 1, REQ_VCPU1, &e, 1);
		add_page(b, c, PAGE_A);
		c = add_case(b, SVSM_CORE_DELETE_VCPU, 2, "vCPU 0 deletes vCPU 1 while it runs");
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.vcpu1_vmsa });
		add_page(b, c, b->at.vcpu1_vmsa);
	}
	if (pair_wanted(b, SVSM_CORE_REMAP_CA, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_REMAP_CA, 2, "vCPU 0 moves its CAA to 0x20000 while vCPU 1 "
		             "rescinds and validates it");
		add_call(c, 0, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_A });
		pvalidate_call(b, c, 1, REQ_VCPU1, rescind_validate, 2);
	}
	if (pair_wanted(b, SVSM_CORE_CREATE_VCPU, SVSM_CORE_PVALIDATE)) {
		c = add_case(b, SVSM_CORE_CREATE_VCPU, 2, "vCPU 0 creates a vCPU from a valid VMSA at "
		             "0x20000 while vCPU 1 rescinds that page");
		setup_vmsa(b, c, PAGE_A, 1, EFER_SVME, 1);
		add_call(c, 0, SVSM_CORE_CREATE_VCPU, create_args(PAGE_A, PAGE_B, NEW_APIC));
		/* No page in the scope: the hypervisor's moves over 0x20000 are the pairs' above. */
		write_list(b, c, REQ_VCPU1, 1, 0, rescind_validate, 1);
		add_call(c, 1, SVSM_CORE_PVALIDATE, (struct guest_args){ .rcx = REQ_VCPU1 });
	}
	if (pair_wanted(b, SVSM_CORE_DEPOSIT_MEM, SVSM_CORE_WITHDRAW_MEM)) {
		c = add_case(b, SVSM_CORE_DEPOSIT_MEM, 2, "vCPU 0 deposits 0x20000 while vCPU 1 "
		             "withdraws one page from a pool of one (0x21000)");
		uint64_t e = PAGE_B;
		write_list(b, c, REQ, 1, 0, &e, 1);
		setup_call(b, c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		e = PAGE_A;
		write_list(b, c, REQ, 1, 0, &e, 1);
		write_list(b, c, REQ_VCPU1, 1, 0, NULL, 0);
		add_call(c, 0, SVSM_CORE_DEPOSIT_MEM, (struct guest_args){ .rcx = REQ });
		add_call(c, 1, SVSM_CORE_WITHDRAW_MEM, (struct guest_args){ .rcx = REQ_VCPU1 });
		add_page(b, c, PAGE_A);   /* the pool's page too: 115 s instead of 37 (load 9) */
	}
	if (pair_wanted(b, SVSM_CORE_REMAP_CA, SVSM_CORE_DELETE_VCPU)) {
		c = add_case(b, SVSM_CORE_REMAP_CA, 2, "vCPU 1 moves its CAA to 0x21000 while vCPU 0 "
		             "deletes vCPU 1");
		add_call(c, 0, SVSM_CORE_DELETE_VCPU, (struct guest_args){ .rcx = b->at.vcpu1_vmsa });
		add_call(c, 1, SVSM_CORE_REMAP_CA, (struct guest_args){ .rcx = PAGE_B });
		/*
		 * The race is over vCPU 1's registry entry; its VMSA page is
		 * left out of the scope (the pair before opens it), which
		 * took the run from 3 s to 5 minutes.
		 */
		add_page(b, c, PAGE_B);
	}
}


/* The cases whose title holds text move to the front, in their order; the others follow in theirs. */
static void put_first(struct vcases *cs, const char *text)
{
	if (!text)
		return;
	unsigned front = 0;
	for (unsigned i = 0; i < cs->n; i++) {
		if (!strstr(cs->c[i].title, text))
			continue;
		struct vcase c = cs->c[i];
		memmove(&cs->c[front + 1], &cs->c[front], (i - front) * sizeof(c));
		cs->c[front++] = c;
	}
}

/*
 * b's addresses, from a machine booted with the cases' configuration; the
 * verifier's own pages must be guest RAM that none of them is. 0, or -1
 * with err.
 */
static int read_layout(struct builder *b, char *err, size_t errlen)
{
	struct start st;
	struct trace t = { .cfg.bugs = b->o->bugs, .vcpus = 1 };
	if (start_open(&st, &t, err, errlen) != 0)
		return -1;
	const struct svsm_params *p = sim_layout(st.s);
	b->at = (struct layout_gpas){
		.module_pg = p->boot_vmsa_gpa + PAGE_SIZE, .secrets = p->secrets_gpa,
		.boot_vmsa = p->boot_vmsa_gpa, .boot_caa = p->boot_caa_gpa,
		.past_ram = p->guest_base + p->guest_size, .vcpu1_vmsa = guest_vcpu_vmsa_gpa(p, 1),
		.last_ram = p->guest_base + p->guest_size - PAGE_SIZE,
		.module_first = p->svsm_base, .module_last = p->svsm_base + p->svsm_size - PAGE_SIZE,
	};
	uint64_t module_end = p->svsm_base + p->svsm_size;
	start_close(&st);
	const struct gpa_class classes[NCLASSES] = {
		{ "a module page", b->at.module_pg },   { "the secrets page", b->at.secrets },
		{ "the boot VMSA", b->at.boot_vmsa },   { "the CAA", b->at.boot_caa },
		{ "past guest RAM", b->at.past_ram },
		{ "the last guest page", b->at.last_ram },
		{ "the first module page", b->at.module_first },
		{ "the last module page", b->at.module_last },
		{ "the page below module memory", b->at.module_first - PAGE_SIZE },
	};
	memcpy(b->classes, classes, sizeof(classes));
	const uint64_t own[] = { REQ, PAGE_A, PAGE_B, PAGE_B + PAGE_SIZE };
	for (unsigned i = 0; i < sizeof(own) / sizeof(own[0]); i++)
		if (own[i] <= b->at.boot_caa || own[i] >= b->at.vcpu1_vmsa) {
			snprintf(err, errlen, "the simulator's layout moved: GPA 0x%llx is no longer a "
			         "free page of guest RAM (explorer/verify/inputs.c)",
			         (unsigned long long)own[i]);
			return -1;
		}
	if (b->at.module_pg >= module_end) {
		snprintf(err, errlen, "the module has no spare page (explorer/verify/inputs.c)");
		return -1;
	}
	return 0;
}

int inputs_build(struct vcases *cs, const struct verify_options *o, char *err, size_t errlen)
{
	memset(cs, 0, sizeof(*cs));
	if (o->handler && !inputs_handler_known(o->handler)) {
		snprintf(err, errlen, "unknown handler '%s'", o->handler);
		return -1;
	}
	struct builder b = { .cs = cs, .o = o };
	if (read_layout(&b, err, errlen) != 0)
		return -1;
	static void (*const single[SVSM_CORE_NCALLS])(struct builder *) = {
		[SVSM_CORE_REMAP_CA] = remap_ca_cases,       [SVSM_CORE_PVALIDATE] = pvalidate_cases,
		[SVSM_CORE_CREATE_VCPU] = create_vcpu_cases, [SVSM_CORE_DELETE_VCPU] = delete_vcpu_cases,
		[SVSM_CORE_DEPOSIT_MEM] = deposit_mem_cases, [SVSM_CORE_WITHDRAW_MEM] = withdraw_mem_cases,
		[SVSM_CORE_QUERY_PROTOCOL] = query_cases,
	};
	if (o->vcpus >= 2) {
		pair_cases(&b);
	} else {
		/* The handler the others build on first; query_cases makes both query calls' cases. */
		static const uint32_t order[] = {
			SVSM_CORE_PVALIDATE, SVSM_CORE_CREATE_VCPU, SVSM_CORE_DELETE_VCPU,
			SVSM_CORE_REMAP_CA, SVSM_CORE_DEPOSIT_MEM, SVSM_CORE_WITHDRAW_MEM,
			SVSM_CORE_QUERY_PROTOCOL,
		};
		for (unsigned i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
			uint32_t call = order[i];
			if (wanted(o, call) || (call == SVSM_CORE_QUERY_PROTOCOL &&
			                        wanted(o, SVSM_CORE_CONFIGURE_VTOM)))
				single[call](&b);
		}
	}
	unsigned kept = 0;
	for (unsigned i = 0; i < cs->n; i++) {
		bool keep = (!o->handler || o->vcpus >= 2 || strcmp(cs->c[i].handler, o->handler) == 0) &&
		            (!o->input || strstr(cs->c[i].title, o->input));
		if (keep)
			cs->c[kept++] = cs->c[i];
		else
			trace_free(&cs->c[i].setup);
	}
	cs->n = kept;
	put_first(cs, o->first);
	if (cs->n == 0 && !b.failed) {
		snprintf(err, errlen, "no case matches%s%s", o->input ? " --input " : "",
		         o->input ? o->input : "");
		inputs_free(cs);
		return -1;
	}
	if (b.failed) {
		inputs_free(cs);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

struct trace_step race_step(const struct vcase *c, unsigned vcpu)
{
	struct trace_step st = { .action = T_WRITE, .vcpu = vcpu };
	st.mem.addr = c->race.gpa;
	st.mem.bytes = (uint8_t *)c->race.bytes;
	st.mem.len = c->race.len;
	return st;
}

void inputs_free(struct vcases *cs)
{
	for (unsigned i = 0; i < cs->n; i++)
		trace_free(&cs->c[i].setup);
	free(cs->c);
	memset(cs, 0, sizeof(*cs));
}
