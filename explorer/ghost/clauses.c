/*
 * clauses.c: every check the simulator makes, by name, with what it
 * protects against. Violations name a clause from this table; the names
 * are the ones the SMT specs use for the same property. The rows are
 * indexed by enum clause_id (ghost.h), the number a check reports.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ghost.h"

static const struct clause clauses[CLAUSE_COUNT] = {
	/* Preconditions of HAL calls. */
	[CLAUSE_PAGE_PUBLIC_TO_VMPL] = { "page-public-to-vmpl", VIOLATION_PRECONDITION,
	  "RMPADJUST may grant a VMPL access to a page only if the page's contents may "
	  "be read by that VMPL: otherwise the grant leaks them (zero the page first)." },
	[CLAUSE_GRANT_ONLY_GUEST_PAGES] = { "grant-only-guest-pages", VIOLATION_PRECONDITION,
	  "RMPADJUST never gives a lower VMPL access to the module's own pages." },
	[CLAUSE_VMSA_CONTENTS_CHECKED] = { "vmsa-contents-checked", VIOLATION_PRECONDITION,
	  "The VMSA bit is set only on a save area that runs at the guest's VMPL with "
	  "EFER.SVME set: a VMSA with vmpl 0 would make the guest the module." },
	[CLAUSE_VMSA_REVOKED_FIRST] = { "vmsa-revoked-first", VIOLATION_PRECONDITION,
	  "Before the VMSA bit is set, no lower VMPL may write the page: otherwise the "
	  "guest changes the save area after it was checked." },
	[CLAUSE_PVALIDATE_NO_DOUBLE] = { "pvalidate-no-double", VIOLATION_PRECONDITION,
	  "A GPA is never validated twice: two validated pages for one GPA let the "
	  "hypervisor swap them and replay old contents." },
	[CLAUSE_RESCIND_ONLY_GUEST_PAGES] = { "rescind-only-guest-pages", VIOLATION_PRECONDITION,
	  "PVALIDATE never rescinds a page the module owns (its memory, a VMSA or a CAA)." },
	[CLAUSE_GUEST_INPUT_READ_ONCE] = { "guest-input-read-once", VIOLATION_PRECONDITION,
	  "Guest memory is read at most once per call: a second read may see other "
	  "bytes (another vCPU writes them), so checks on the first read mean nothing." },
	[CLAUSE_WRITE_ONLY_GUEST_PAGES] = { "write-only-guest-pages", VIOLATION_PRECONDITION,
	  "The module writes guest-directed data only to pages the guest owns." },
	[CLAUSE_CAA_IS_REGISTERED] = { "caa-is-registered", VIOLATION_PRECONDITION,
	  "The call_pending byte is read and cleared only in a page-aligned, registered "
	  "Calling Area." },
	[CLAUSE_CAA_FROM_GUEST_PAGE] = { "caa-from-guest-page", VIOLATION_PRECONDITION,
	  "A Calling Area must be an ordinary guest page: not the module's memory, not a VMSA." },
	[CLAUSE_VMSA_FROM_GUEST_PAGE] = { "vmsa-from-guest-page", VIOLATION_PRECONDITION,
	  "A VMSA is made from a guest page or a module page, never from a CAA or another VMSA." },
	[CLAUSE_MODULE_TAKES_GUEST_PAGE] = { "module-takes-guest-page", VIOLATION_PRECONDITION,
	  "The module adds to its memory only validated guest pages." },
	[CLAUSE_OWNER_TRANSFER] = { "owner-transfer", VIOLATION_PRECONDITION,
	  "A page changes owner only along the transfers the design allows." },
	[CLAUSE_LOCK_NOT_HELD] = { "lock-not-held", VIOLATION_PRECONDITION,
	  "A vCPU takes a lock only when it is free." },
	[CLAUSE_UNLOCK_OWN_LOCK] = { "unlock-own-lock", VIOLATION_PRECONDITION,
	  "A vCPU releases only a lock it holds." },
	/* Global invariants, checked after every step. */
	[CLAUSE_CONFIDENTIALITY] = { "confidentiality", VIOLATION_INVARIANT,
	  "No VMPL can read a validated page whose contents are secret to it." },
	[CLAUSE_MODULE_INTEGRITY] = { "module-integrity", VIOLATION_INVARIANT,
	  "No lower VMPL has any access to a page the module owns." },
	[CLAUSE_VMSA_SAFETY] = { "vmsa-safety", VIOLATION_INVARIANT,
	  "Every VMSA page runs at the guest's VMPL and no lower VMPL can write it." },
	[CLAUSE_NO_DOUBLE_VALIDATION] = { "no-double-validation", VIOLATION_INVARIANT,
	  "No two validated pages of the guest are bound to the same GPA." },
	/* Contracts of the guest-visible calls. */
	[CLAUSE_PVALIDATE_REPORTS_UNCHANGED] = { "pvalidate-reports-unchanged", VIOLATION_CONTRACT,
	  "PVALIDATE returns FAIL_UNCHANGED when the hardware reported no change "
	  "(CF=1) for an entry without ignore_cf: the guest relies on it to detect a "
	  "hypervisor that replaced its page." },
	[CLAUSE_PVALIDATE_REJECTS_RESERVED] = { "pvalidate-rejects-reserved", VIOLATION_CONTRACT,
	  "PVALIDATE refuses a request with reserved bits set in an entry." },
	[CLAUSE_PVALIDATE_REFUSES_BAD_LIST] = { "pvalidate-refuses-bad-list", VIOLATION_CONTRACT,
	  "PVALIDATE refuses a list whose header cannot be right (no entries, more than "
	  "its page holds, next not below entries) whole: no SUCCESS, no PVALIDATE." },
	[CLAUSE_DELETE_VCPU_REMOVES_VMSA] = { "delete-vcpu-removes-vmsa", VIOLATION_CONTRACT,
	  "DELETE_VCPU returns SUCCESS only when the page is no longer a VMSA." },
	[CLAUSE_RESULT_CODE_DEFINED] = { "result-code-defined", VIOLATION_CONTRACT,
	  "Every call returns one of the result codes the SVSM specification defines." },
};

const struct clause *clause_table(unsigned *count)
{
	*count = CLAUSE_COUNT;
	return clauses;
}

const struct clause *clause_find(const char *name)
{
	unsigned n;
	const struct clause *t = clause_table(&n);
	for (unsigned i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return &t[i];
	return NULL;
}

void report_clause(struct record *r, enum clause_id id, struct hal_site site, unsigned vcpu,
                   const char *fmt, ...)
{
	struct violation *v = record_violation(r, clauses[id].kind, clauses[id].name, site, vcpu);
	if (!v)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(v->message, sizeof(v->message), fmt, ap);
	va_end(ap);
}
