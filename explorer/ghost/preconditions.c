/*
 * preconditions.c: what must hold before a HAL call takes effect.
 *
 * Each function looks at the state the call is about to act on: the NPT
 * tells which system page a GPA reaches now (the hypervisor may have
 * changed it a moment ago), the RMP and the content labels tell who could
 * read it afterwards, and the ghost owners tell whose page it is.
 */
#include <inttypes.h>

#include "ghost.h"

/* The system page gpa reaches through the NPT, or NPT_UNMAPPED. */
static uint64_t spa_of(const struct ghost *gh, uint64_t gpa)
{
	uint64_t spa = npt_lookup(gh->m, gpa);
	return spa != NPT_UNMAPPED && machine_spa_valid(gh->m, spa) ? spa : NPT_UNMAPPED;
}

enum ghost_owner ghost_owner_in(const uint8_t *owner, uint64_t gpa)
{
	uint64_t page = gpa >> PAGE_SHIFT;
	return page < MACHINE_MAX_PAGES ? (enum ghost_owner)owner[page] : OWNER_NONE;
}

static enum ghost_owner owner_of(const struct ghost *gh, uint64_t gpa)
{
	return ghost_owner_in(gh->state->owner, gpa);
}

static unsigned pages_in(unsigned size)
{
	return size == PSIZE_2M ? PAGES_PER_2M : 1;
}

/* Does the module hold the page (its memory, a VMSA, a CAA)? specs: module-holds */
static bool module_holds(enum ghost_owner o)
{
	return o == OWNER_MODULE || o == OWNER_VMSA || o == OWNER_CAA;
}

/* Does RMPADJUST with attrs give a lower VMPL any permission? specs: grants */
static bool grants(uint64_t attrs)
{
	unsigned target = (unsigned)(attrs & 0xff);
	return target >= 1 && target < VMPL_COUNT && ((attrs >> 8) & 0xf) != 0;
}

/*
 * The first page of an instruction at gpa of size size whose owner is
 * refused, as a GPA in *bad: false. The pages from the 4K page of gpa;
 * a range that wraps past the top of the address space covers nothing
 * (specs: covers).
 */
static bool no_page_owned(const uint8_t *owner, uint64_t gpa, unsigned size,
                          bool (*refused)(enum ghost_owner), uint64_t *bad)
{
	uint64_t first = gpa & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t last = first + (uint64_t)pages_in(size) * PAGE_SIZE;
	for (uint64_t g = first; g < last; g += PAGE_SIZE)
		if (refused(ghost_owner_in(owner, g))) {
			if (bad)
				*bad = g;
			return false;
		}
	return true;
}

bool clause_rescind_only_guest_pages(const uint8_t *owner, uint64_t gpa, unsigned size,
                                     bool validate, uint64_t *bad)
{
	return validate || no_page_owned(owner, gpa, size, module_holds, bad);
}

static bool is_module(enum ghost_owner o)
{
	return o == OWNER_MODULE;
}

bool clause_grant_only_guest_pages(const uint8_t *owner, uint64_t gpa, unsigned size,
                                   uint64_t attrs, uint64_t *bad)
{
	return !grants(attrs) || no_page_owned(owner, gpa, size, is_module, bad);
}

bool clause_guest_input_read_once(uint64_t gpa, uint64_t len, uint64_t earlier,
                                  uint64_t earlier_len)
{
	return len == 0 || earlier_len == 0 || !(gpa < earlier + earlier_len && earlier < gpa + len);
}

bool clause_write_only_guest_pages(const uint8_t *owner, uint64_t gpa)
{
	enum ghost_owner o = ghost_owner_in(owner, gpa);
	return o != OWNER_MODULE && o != OWNER_VMSA;
}

bool clause_caa_is_registered(const uint8_t *owner, uint64_t caa, uint64_t calling_caa,
                              bool in_call)
{
	return PAGE_ALIGNED(caa) && (ghost_owner_in(owner, caa) == OWNER_CAA || (in_call && caa == calling_caa));
}

bool clause_caa_from_guest_page(unsigned from, unsigned to)
{
	return to != OWNER_CAA || from == OWNER_GUEST;
}

bool clause_vmsa_from_guest_page(unsigned from, unsigned to)
{
	return to != OWNER_VMSA || from == OWNER_GUEST || from == OWNER_MODULE;
}

bool clause_module_takes_guest_page(unsigned from, unsigned to)
{
	return to != OWNER_MODULE || from == OWNER_GUEST;
}

/* An aligned page of the tables: what a transfer must name. */
static bool transfer_page(uint64_t gpa)
{
	return gpa >> PAGE_SHIFT < MACHINE_MAX_PAGES && PAGE_ALIGNED(gpa);
}

bool clause_owner_transfer(uint64_t gpa, unsigned from, unsigned to)
{
	bool back = from == OWNER_GUEST || from == OWNER_VMSA || from == OWNER_CAA ||
	            from == OWNER_MODULE;
	bool allowed = to == OWNER_CAA || to == OWNER_VMSA || to == OWNER_MODULE || to == OWNER_GUEST;
	return transfer_page(gpa) && (to != OWNER_GUEST || back) && allowed;
}

bool clause_lock_not_held(uint32_t holder, uint32_t cpu)
{
	return holder != cpu + 1;
}

bool clause_unlock_own_lock(uint32_t holder, uint32_t cpu)
{
	return holder == cpu + 1;
}

const char *label_text(uint8_t label, char *buf, size_t n)
{
	size_t k = (size_t)snprintf(buf, n, "{");
	for (unsigned v = 0; v < VMPL_COUNT && k < n; v++)
		if (label & LABEL_VMPL(v))
			k += (size_t)snprintf(buf + k, n - k, "%sVMPL%u", k > 1 ? "," : "", v);
	if ((label & LABEL_HV) && k < n)
		k += (size_t)snprintf(buf + k, n - k, "%shypervisor", k > 1 ? "," : "");
	if (k < n)
		snprintf(buf + k, n - k, "}");
	return buf;
}

const char *owner_name(enum ghost_owner o)
{
	static const char *const names[OWNER_COUNT] = {
		"none", "module", "guest", "shared", "vmsa", "caa",
	};
	return o < OWNER_COUNT ? names[o] : "?";
}

bool clause_page_operands_checked(uint64_t gpa, unsigned size)
{
	/* What the hardware takes without FAIL_INPUT: the module must have checked it already. */
	return rmp_instr_input_ok(gpa, size);
}

void pre_asked(struct ghost *gh, unsigned vcpu, struct hal_site site,
               enum sim_op op, uint64_t gpa, unsigned size, bool validate)
{
	bool is_pvalidate = op == OP_PVALIDATE;
	const char *instr = is_pvalidate ? "PVALIDATE" : "RMPADJUST";
	if (!clause_page_operands_checked(gpa, size)) {
		report_clause(gh->rec, CLAUSE_PAGE_OPERANDS_CHECKED, site, vcpu,
		              "%s of GPA 0x%" PRIx64 " with page size %u: not a 4K or 2M page "
		              "aligned to its size", instr, gpa, size);
		return;
	}
	const struct sim_call *c = &gh->calls[vcpu];
	struct pvalidate_list r;
	if (!c->active || c->rax != SVSM_RAX(SVSM_PROTO_CORE, SVSM_CORE_PVALIDATE) ||
	    !ghost_view_request(c, &r) || pvalidate_list_bad(&r) || ghost_request_rewritten(gh, c))
		return;   /* a bad list is pvalidate-refuses-bad-list's to judge */
	if (clause_pvalidate_acts_on_entries(&r, gpa, size, is_pvalidate, validate))
		return;
	report_clause(gh->rec, CLAUSE_PVALIDATE_ACTS_ON_ENTRIES, site, vcpu,
	           "%s of GPA 0x%" PRIx64 " with page size %s%s, which no entry from next on asks",
	           instr, gpa, size == PSIZE_2M ? "2M" : "4K",
	           !is_pvalidate ? "" : validate ? " (validate)" : " (rescind)");
}

void pre_pvalidate(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, bool validate)
{
	uint64_t first = gpa & ~(uint64_t)(PAGE_SIZE - 1);
	uint64_t last = first + (uint64_t)pages_in(size) * PAGE_SIZE;
	uint64_t g;
	if (!clause_rescind_only_guest_pages(gh->state->owner, gpa, size, validate, &g))
		report_clause(gh->rec, CLAUSE_RESCIND_ONLY_GUEST_PAGES, site, vcpu,
		              "rescinding GPA 0x%" PRIx64 ", a %s page", g, owner_name(owner_of(gh, g)));
	if (!validate)
		return;
	/* Another system page already validated for one of these GPAs? */
	for (unsigned i = 0; i < gh->m->npages; i++) {
		const struct rmp_entry *e = &gh->m->rmp[i];
		uint64_t spa = (uint64_t)i * PAGE_SIZE;
		if (!e->assigned || !e->validated || e->asid != gh->m->asid ||
		    e->gpa < first || e->gpa >= last || spa_of(gh, e->gpa) == spa)
			continue;
		report_clause(gh->rec, CLAUSE_PVALIDATE_NO_DOUBLE, site, vcpu,
		           "GPA 0x%" PRIx64 " is already validated at SPA 0x%" PRIx64
		           " and would be validated again at SPA 0x%" PRIx64,
		           e->gpa, spa, spa_of(gh, e->gpa));
		return;
	}
}

/* A grant reveals the page's contents to the target VMPL. */
static void check_grant(struct ghost *gh, unsigned vcpu, struct hal_site site,
                        uint64_t g, unsigned target, uint64_t attrs)
{
	uint64_t spa = spa_of(gh, g);
	if (spa == NPT_UNMAPPED)
		return;
	uint8_t label = gh->m->label[spa >> PAGE_SHIFT];
	if (!(label & LABEL_VMPL(target))) {
		char text[64];
		report_clause(gh->rec, CLAUSE_PAGE_PUBLIC_TO_VMPL, site, vcpu,
		           "granting VMPL%u access to GPA 0x%" PRIx64 " (SPA 0x%" PRIx64
		           "), whose contents only %s may read", target, g, spa,
		           label_text(label, text, sizeof(text)));
	}
	if (!clause_grant_only_guest_pages(gh->state->owner, g, PSIZE_4K, attrs, NULL))
		report_clause(gh->rec, CLAUSE_GRANT_ONLY_GUEST_PAGES, site, vcpu,
		           "granting VMPL%u access to GPA 0x%" PRIx64 ", a module page", target, g);
}

/* Setting the VMSA bit turns the page into a vCPU the hypervisor may run. */
static void check_vmsa_install(struct ghost *gh, unsigned vcpu, struct hal_site site, uint64_t g)
{
	uint64_t spa = spa_of(gh, g);
	if (spa == NPT_UNMAPPED)
		return;
	const struct rmp_entry *e = &gh->m->rmp[spa >> PAGE_SHIFT];
	for (unsigned v = 1; v < VMPL_COUNT; v++)
		if (e->perms[v] & PERM_W) {
			report_clause(gh->rec, CLAUSE_VMSA_REVOKED_FIRST, site, vcpu,
			           "VMSA bit set on GPA 0x%" PRIx64 " while VMPL%u can still write it",
			           g, v);
			break;
		}
	unsigned vmpl = (unsigned)vmsa_get(gh->m, spa, VMSA_VMPL, 1);
	uint64_t efer = vmsa_get(gh->m, spa, VMSA_EFER, 8);
	if (vmpl != gh->m->guest_vmpl || !(efer & EFER_SVME))
		report_clause(gh->rec, CLAUSE_VMSA_CONTENTS_CHECKED, site, vcpu,
		           "VMSA bit set on GPA 0x%" PRIx64 " whose save area says vmpl=%u, "
		           "EFER.SVME=%u (the guest runs at VMPL%u)", g, vmpl,
		           (unsigned)((efer & EFER_SVME) != 0), gh->m->guest_vmpl);
}

void pre_rmpadjust(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, uint64_t attrs)
{
	unsigned target = (unsigned)(attrs & 0xff);
	unsigned perms = (unsigned)((attrs >> 8) & 0xf);
	if (target < 1 || target >= VMPL_COUNT)
		return;   /* the hardware refuses it; nothing is granted */
	uint64_t first = gpa & ~(uint64_t)(PAGE_SIZE - 1);
	unsigned before = gh->rec->nviolations;
	for (unsigned i = 0; i < pages_in(size) && gh->rec->nviolations == before; i++) {
		uint64_t g = first + (uint64_t)i * PAGE_SIZE;
		if (perms)
			check_grant(gh, vcpu, site, g, target, attrs);
		if (attrs & RMPADJUST_VMSA)
			check_vmsa_install(gh, vcpu, site, g);
	}
}

void pre_read_guest(struct ghost *gh, unsigned vcpu, struct hal_site site,
                    uint64_t gpa, size_t len)
{
	struct sim_call *c = &gh->calls[vcpu];
	if (!c->active || len == 0)
		return;
	for (unsigned i = 0; i < c->nreads && i < GHOST_MAX_READS; i++)
		if (!clause_guest_input_read_once(gpa, len, c->reads[i].gpa, c->reads[i].len)) {
			report_clause(gh->rec, CLAUSE_GUEST_INPUT_READ_ONCE, site, vcpu,
			           "guest bytes 0x%" PRIx64 "..0x%" PRIx64 " were already read "
			           "in this call", gpa, gpa + len - 1);
			break;
		}
	if (c->nreads < GHOST_MAX_READS) {
		c->reads[c->nreads].gpa = gpa;
		c->reads[c->nreads].len = (uint32_t)len;
	}
	c->nreads++;
}

void pre_write_guest(struct ghost *gh, unsigned vcpu, struct hal_site site, uint64_t gpa)
{
	if (!clause_write_only_guest_pages(gh->state->owner, gpa))
		report_clause(gh->rec, CLAUSE_WRITE_ONLY_GUEST_PAGES, site, vcpu,
		           "writing guest data to GPA 0x%" PRIx64 ", a %s page", gpa,
		           owner_name(owner_of(gh, gpa)));
}

void pre_caa(struct ghost *gh, unsigned vcpu, struct hal_site site, uint64_t caa_gpa)
{
	/* The CAA the guest used for the current call stays valid until it returns. */
	const struct sim_call *c = &gh->calls[vcpu];
	if (clause_caa_is_registered(gh->state->owner, caa_gpa, c->caa_gpa, c->active))
		return;
	report_clause(gh->rec, CLAUSE_CAA_IS_REGISTERED, site, vcpu,
	           "call_pending accessed at GPA 0x%" PRIx64 ", %s", caa_gpa,
	           PAGE_ALIGNED(caa_gpa) ? "which is not a registered Calling Area"
	                                 : "which is not page-aligned");
}

bool pre_ghost_own(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, enum ghost_owner to)
{
	enum ghost_owner from = owner_of(gh, gpa);
	enum clause_id clause;
	/* The first rule broken names the clause; a page outside the tables, owner-transfer. */
	if (!transfer_page(gpa))
		clause = CLAUSE_OWNER_TRANSFER;
	else if (!clause_caa_from_guest_page(from, to))
		clause = CLAUSE_CAA_FROM_GUEST_PAGE;
	else if (!clause_vmsa_from_guest_page(from, to))
		clause = CLAUSE_VMSA_FROM_GUEST_PAGE;
	else if (!clause_module_takes_guest_page(from, to))
		clause = CLAUSE_MODULE_TAKES_GUEST_PAGE;
	else if (!clause_owner_transfer(gpa, from, to))
		clause = CLAUSE_OWNER_TRANSFER;
	else
		return true;
	report_clause(gh->rec, clause, site, vcpu,
	           "GPA 0x%" PRIx64 " cannot pass from %s to %s", gpa, owner_name(from),
	           owner_name(to));
	return false;
}
