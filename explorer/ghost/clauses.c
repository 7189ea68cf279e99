/*
 * clauses.c: the clause registry. Every check the simulator makes, by
 * name, with its define-fun in specs/, the verifier's template for it,
 * the calls it judges and what it protects against. Violations name a
 * clause from this table; the rows are indexed by enum clause_id
 * (ghost.h), the number a check reports.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ghost.h"

_Static_assert(OP_COUNT <= 32 && SVSM_CORE_NCALLS <= 32, "ops and calls are 32-bit sets");

/* A row of each kind: the spec file and the calls it judges are the kind's. */
#define PRE(name, verify, ops, protects) \
	{ name, VIOLATION_PRECONDITION, "contracts.smt2", verify, ops, 0, protects }
#define INV(name, verify, protects) \
	{ name, VIOLATION_INVARIANT, "invariants.smt2", verify, 0, 0, protects }
/* An invariant of the module's bookkeeping: judged after every call (bookkeeping.c). */
#define REST(name, verify, protects) \
	{ name, VIOLATION_INVARIANT, "contracts.smt2", verify, 0, CLAUSE_EVERY_CALL, protects }
#define POST(name, verify, calls, protects) \
	{ name, VIOLATION_CONTRACT, "contracts.smt2", verify, 0, calls, protects }

static const struct clause clauses[CLAUSE_COUNT] = {
	/* Preconditions of HAL calls. */
	[CLAUSE_PAGE_PUBLIC_TO_VMPL] = PRE("page-public-to-vmpl",
	  "(page-public-to-vmpl pre addr size attrs)", CLAUSE_OP(OP_RMPADJUST),
	  "RMPADJUST may grant a VMPL access to a page only if the page's contents may "
	  "be read by that VMPL: otherwise the grant leaks them (zero the page first)."),
	[CLAUSE_GRANT_ONLY_GUEST_PAGES] = PRE("grant-only-guest-pages", NULL,
	  CLAUSE_OP(OP_RMPADJUST),
	  "RMPADJUST never gives a lower VMPL access to the module's own pages."),
	[CLAUSE_VMSA_REVOKED_FIRST] = PRE("vmsa-revoked-first",
	  "(vmsa-revoked-first pre addr size attrs)", CLAUSE_OP(OP_RMPADJUST),
	  "Before the VMSA bit is set, no lower VMPL may write the page: otherwise the "
	  "guest changes the save area after it was checked."),
	[CLAUSE_VMSA_CONTENTS_CHECKED] = PRE("vmsa-contents-checked",
	  "(vmsa-contents-checked pre addr size attrs save-vmpl save-svme)",
	  CLAUSE_OP(OP_RMPADJUST),
	  "The VMSA bit is set only on a save area that runs at the guest's VMPL with "
	  "EFER.SVME set: a VMSA with vmpl 0 would make the guest the module."),
	[CLAUSE_PVALIDATE_NO_DOUBLE] = PRE("pvalidate-no-double",
	  "(pvalidate-no-double pre addr size flag)", CLAUSE_OP(OP_PVALIDATE),
	  "A GPA is never validated twice: two validated pages for one GPA let the "
	  "hypervisor swap them and replay old contents."),
	[CLAUSE_RESCIND_ONLY_GUEST_PAGES] = PRE("rescind-only-guest-pages", NULL,
	  CLAUSE_OP(OP_PVALIDATE),
	  "PVALIDATE never rescinds a page the module owns (its memory, a VMSA or a CAA)."),
	[CLAUSE_PAGE_OPERANDS_CHECKED] = PRE("page-operands-checked", NULL,
	  CLAUSE_OP(OP_PVALIDATE) | CLAUSE_OP(OP_RMPADJUST),
	  "PVALIDATE and RMPADJUST get from the module only a page size of 4K or 2M and a GPA "
	  "aligned to it: the module checks the guest's entry and answers a malformed one "
	  "itself, rather than leave its checks to the hardware's FAIL_INPUT. Judged on what "
	  "the module asked, even when the hardware refuses the instruction."),
	[CLAUSE_PVALIDATE_ACTS_ON_ENTRIES] = PRE("pvalidate-acts-on-entries", NULL,
	  CLAUSE_OP(OP_PVALIDATE) | CLAUSE_OP(OP_RMPADJUST),
	  "Each PVALIDATE or RMPADJUST instruction a PVALIDATE call issues is on the GPA of an "
	  "entry from next on, with that entry's page size (a PVALIDATE also with its "
	  "validate or rescind bit): the module does what the guest asked, not a 4K part of a "
	  "2M page or another page. Judged on what the module asked, even when the hardware "
	  "refuses the instruction."),
	[CLAUSE_GUEST_INPUT_READ_ONCE] = PRE("guest-input-read-once", NULL,
	  CLAUSE_OP(OP_READ_GUEST),
	  "Guest memory is read at most once per call: a second read may see other "
	  "bytes (another vCPU writes them), so checks on the first read mean nothing."),
	[CLAUSE_WRITE_ONLY_GUEST_PAGES] = PRE("write-only-guest-pages", NULL,
	  CLAUSE_OP(OP_WRITE_GUEST),
	  "The module writes guest-directed data only to pages the guest owns."),
	[CLAUSE_CAA_IS_REGISTERED] = PRE("caa-is-registered", NULL,
	  CLAUSE_OP(OP_CAA_READ_PENDING) | CLAUSE_OP(OP_CAA_CLEAR_PENDING),
	  "The call_pending byte is read and cleared only in a page-aligned, registered "
	  "Calling Area."),
	[CLAUSE_CAA_FROM_GUEST_PAGE] = PRE("caa-from-guest-page", NULL, CLAUSE_OP(OP_GHOST_OWN),
	  "A Calling Area must be an ordinary guest page: not the module's memory, not a VMSA."),
	[CLAUSE_VMSA_FROM_GUEST_PAGE] = PRE("vmsa-from-guest-page", NULL, CLAUSE_OP(OP_GHOST_OWN),
	  "A VMSA is made from a guest page or a module page, never from a CAA or another VMSA."),
	[CLAUSE_MODULE_TAKES_GUEST_PAGE] = PRE("module-takes-guest-page", NULL,
	  CLAUSE_OP(OP_GHOST_OWN),
	  "The module adds to its memory only validated guest pages."),
	[CLAUSE_OWNER_TRANSFER] = PRE("owner-transfer", NULL, CLAUSE_OP(OP_GHOST_OWN),
	  "A page changes owner only along the transfers the design allows."),
	[CLAUSE_LOCK_NOT_HELD] = PRE("lock-not-held", NULL, CLAUSE_OP(OP_LOCK),
	  "A vCPU takes a lock only when it is free."),
	[CLAUSE_UNLOCK_OWN_LOCK] = PRE("unlock-own-lock", NULL, CLAUSE_OP(OP_UNLOCK),
	  "A vCPU releases only a lock it holds."),
	/* Of the two vCPUs together: judged at every access to shared state (race.c). */
	[CLAUSE_NO_DATA_RACE] = PRE("no-data-race", NULL, 0,
	  "Two vCPUs access the same word of struct svsm or of guest memory, at least one "
	  "writing, only in an order the lock (or a call ending before the other begins) "
	  "fixes: otherwise what the module computes depends on which vCPU is faster."),
	/* Global invariants, checked after every step. */
	[CLAUSE_CONFIDENTIALITY] = INV("confidentiality", "(confidentiality post)",
	  "No VMPL can read a validated page whose contents are secret to it."),
	[CLAUSE_MODULE_INTEGRITY] = INV("module-integrity", "(module-integrity post module)",
	  "No lower VMPL has any access to a page the module owns."),
	[CLAUSE_VMSA_SAFETY] = INV("vmsa-safety", "(vmsa-safety post save-vmpl)",
	  "Every VMSA page runs at the guest's VMPL and no lower VMPL can write it."),
	[CLAUSE_NO_DOUBLE_VALIDATION] = INV("no-double-validation", "(no-double-validation post)",
	  "No two validated pages of the guest are bound to the same GPA."),
	/* The module's bookkeeping, judged at rest: after every call, at the end of boot. */
	[CLAUSE_BITMAP_COVERS_VALIDATED] = REST("bitmap-covers-validated",
	  "(bitmap-covers-validated post ram bitmap)",
	  "While a guest GPA's bit in the module's validated bitmap is clear, no validated page "
	  "is bound to it: otherwise the module validates the GPA a second time, and the "
	  "hypervisor can swap the two pages to replay old contents."),
	[CLAUSE_BOOKKEEPING_MATCHES_OWNERS] = REST("bookkeeping-matches-owners", NULL,
	  "The module's tables say what the owners say: a registered VMSA exactly where the "
	  "owner is VMSA, a vCPU's Calling Area exactly where it is CAA, the pool exactly the "
	  "guest pages the module holds, the validated bitmap exactly the guest pages not shared "
	  "(and nothing past memory): the module decides by its tables, so a wrong one hands "
	  "out or refuses the wrong page."),
	[CLAUSE_GUEST_PAGES_HOLD_NO_SECRETS] = REST("guest-pages-hold-no-secrets",
	  "(guest-pages-hold-no-secrets post owner)",
	  "A validated page the owners call the guest's holds only what the guest may read: "
	  "a page the module validated but could not zero goes to its pool, since any later "
	  "grant of a guest page would hand its old contents to the guest."),
	[CLAUSE_VCPUS_IDLE_BETWEEN_CALLS] = REST("vcpus-idle-between-calls", NULL,
	  "A vCPU's activity word is idle unless a call of it is under way: a word left "
	  "serving, deleting or replacing keeps every later call of the vCPU from being served."),
	[CLAUSE_MODULE_MEMORY_NEVER_GUESTS] = REST("module-memory-never-guests", NULL,
	  "No page of module memory (system memory that is not guest RAM: the module's image, "
	  "its tables, the secrets page, the boot VMSA) is ever the guest's, validated or not: "
	  "the module gives the guest only guest RAM it was given."),
	/* Contracts of the guest-visible calls. */
	[CLAUSE_CREATE_VCPU_INSTALLS_VMSA] = POST("create-vcpu-installs-vmsa",
	  "(create-vcpu-installs-vmsa post owner rcx rdx result)",
	  CLAUSE_CALL(SVSM_CORE_CREATE_VCPU),
	  "CREATE_VCPU returns SUCCESS only when the vCPU is registered (its VMSA and CAA "
	  "are the module's), the page has the VMSA bit and the guest cannot write it."),
	[CLAUSE_CREATE_VCPU_SAME_FEATURES] = POST("create-vcpu-same-features", NULL,
	  CLAUSE_CALL(SVSM_CORE_CREATE_VCPU),
	  "CREATE_VCPU returns SUCCESS only for a VMSA whose SEV features equal its "
	  "creator's: a vCPU without them is a weaker guest for the hypervisor to attack."),
	[CLAUSE_DELETE_VCPU_RETURNS_PAGE] = POST("delete-vcpu-returns-page",
	  "(delete-vcpu-returns-page owner rcx result)", CLAUSE_CALL(SVSM_CORE_DELETE_VCPU),
	  "DELETE_VCPU returns SUCCESS only when the page is the guest's again."),
	[CLAUSE_DELETE_VCPU_BUSY_KEEPS_VCPU] = POST("delete-vcpu-busy-keeps-vcpu", NULL,
	  CLAUSE_CALL(SVSM_CORE_DELETE_VCPU),
	  "DELETE_VCPU that returns BUSY (the vCPU runs) restores EFER.SVME, unless the "
	  "hypervisor moved the page: otherwise the vCPU that lives on can never run again."),
	[CLAUSE_CREATE_VCPU_REFUSES_OWN_CPU] = POST("create-vcpu-refuses-own-cpu", NULL,
	  CLAUSE_CALL(SVSM_CORE_CREATE_VCPU),
	  "CREATE_VCPU for the caller's own APIC ID is refused as a bad request "
	  "(INVALID_PARAMETER, or INVALID_ADDRESS for a bad address): never BUSY, which a guest "
	  "retries for ever, since its own CPU is busy with the very call."),
	[CLAUSE_DELETE_VCPU_REFUSES_OWN_VMSA] = POST("delete-vcpu-refuses-own-vmsa", NULL,
	  CLAUSE_CALL(SVSM_CORE_DELETE_VCPU),
	  "DELETE_VCPU of the caller's own VMSA returns INVALID_PARAMETER: never BUSY, which a "
	  "guest retries for ever, since the caller is inside the very call."),
	[CLAUSE_REMAP_CA_INSTALLS_CAA] = POST("remap-ca-installs-caa",
	  "(remap-ca-installs-caa owner rcx result)", CLAUSE_CALL(SVSM_CORE_REMAP_CA),
	  "REMAP_CA returns SUCCESS only when the new page is a Calling Area the module holds."),
	[CLAUSE_QUERY_PROTOCOL_ANSWERS] = POST("query-protocol-answers",
	  "(query-protocol-answers rcx result rcx-out)", CLAUSE_CALL(SVSM_CORE_QUERY_PROTOCOL),
	  "QUERY_PROTOCOL succeeds and answers the versions the module implements of the "
	  "protocol asked for (core: 1 to 1), or 0: a guest must not use a version it lacks."),
	[CLAUSE_CONFIGURE_VTOM_ANSWERS] = POST("configure-vtom-answers",
	  "(configure-vtom-answers rcx result rcx-out)", CLAUSE_CALL(SVSM_CORE_CONFIGURE_VTOM),
	  "CONFIGURE_VTOM answers a query with the settings supported (none), and never "
	  "claims to configure a vTOM it does not support."),
	[CLAUSE_RESULT_REGISTERS] = POST("result-registers", NULL, CLAUSE_EVERY_CALL,
	  "A call's results go into the caller's own registers, before call_pending is "
	  "cleared: not into another vCPU's, and not after the guest may have read them."),
	[CLAUSE_ERROR_CHANGES_NOTHING] = POST("error-changes-nothing", NULL,
	  CLAUSE_CALL(SVSM_CORE_REMAP_CA) | CLAUSE_CALL(SVSM_CORE_CREATE_VCPU) |
	  CLAUSE_CALL(SVSM_CORE_DELETE_VCPU),
	  "REMAP_CA, CREATE_VCPU and DELETE_VCPU have no partial effects: an error path "
	  "undoes what the call did to a page (its owner, the guest's access to it)."),
	[CLAUSE_PVALIDATE_REPORTS_UNCHANGED] = POST("pvalidate-reports-unchanged", NULL,
	  CLAUSE_CALL(SVSM_CORE_PVALIDATE),
	  "PVALIDATE returns FAIL_UNCHANGED when the hardware reported no change "
	  "(CF=1) for an entry without ignore_cf: the guest relies on it to detect a "
	  "hypervisor that replaced its page."),
	[CLAUSE_PVALIDATE_REPORTS_REFUSAL] = POST("pvalidate-reports-refusal", NULL,
	  CLAUSE_CALL(SVSM_CORE_PVALIDATE),
	  "PVALIDATE passes the hardware's refusal on in its own codes: an instruction "
	  "that answered FAIL_INPUT or FAIL_SIZEMISMATCH makes the call return "
	  "PVALIDATE_FAIL_INPUT or PVALIDATE_FAIL_SIZEMISMATCH, so the guest can tell a "
	  "page-size mismatch (PSMASH the 2M page, or validate 4K pages) from a bad request."),
	[CLAUSE_PVALIDATE_REJECTS_RESERVED] = POST("pvalidate-rejects-reserved", NULL,
	  CLAUSE_CALL(SVSM_CORE_PVALIDATE),
	  "PVALIDATE refuses a request with reserved bits set in an entry."),
	[CLAUSE_PVALIDATE_REFUSES_BAD_LIST] = POST("pvalidate-refuses-bad-list", NULL,
	  CLAUSE_CALL(SVSM_CORE_PVALIDATE),
	  "PVALIDATE refuses a list whose header cannot be right (no entries, more than "
	  "its page holds, next not below entries) whole: no SUCCESS, no PVALIDATE."),
	[CLAUSE_DEPOSIT_MEM_TAKES_4K_PAGES] = POST("deposit-mem-takes-4k-pages", NULL,
	  CLAUSE_CALL(SVSM_CORE_DEPOSIT_MEM),
	  "DEPOSIT_MEM takes 4K pages only: it does not return SUCCESS for a list with an "
	  "entry whose low 12 bits (2M size, flags, reserved) are not all 0."),
	[CLAUSE_DEPOSIT_MEM_REPORTS_PROGRESS] = POST("deposit-mem-reports-progress", NULL,
	  CLAUSE_CALL(SVSM_CORE_DEPOSIT_MEM),
	  "DEPOSIT_MEM leaves next = entries when it returns SUCCESS, and on an error leaves "
	  "next at the entry that failed: the guest learns which pages the module took."),
	[CLAUSE_WITHDRAW_MEM_REPORTS_COUNT] = POST("withdraw-mem-reports-count", NULL,
	  CLAUSE_CALL(SVSM_CORE_WITHDRAW_MEM),
	  "WITHDRAW_MEM hands back at most the pages the guest asked for, and next tells "
	  "the guest exactly how many it handed back."),
	[CLAUSE_WITHDRAW_MEM_RETURNS_PAGES] = POST("withdraw-mem-returns-pages", NULL,
	  CLAUSE_CALL(SVSM_CORE_WITHDRAW_MEM),
	  "Every page WITHDRAW_MEM hands back is the guest's, holds only zeros (a pool page "
	  "may hold module data, or contents never the guest's) and is validated, not a "
	  "VMSA, and fully accessible to the guest's VMPL."),
	[CLAUSE_DEPOSIT_MEM_LEAVES_THE_REST] = POST("deposit-mem-leaves-the-rest", NULL,
	  CLAUSE_CALL(SVSM_CORE_DEPOSIT_MEM),
	  "DEPOSIT_MEM that stops on an error at entry next leaves the pages of the entries "
	  "after it alone: the guest, told they are still its own, goes on using them."),
	[CLAUSE_PVALIDATE_LEAVES_THE_REST] = POST("pvalidate-leaves-the-rest", NULL,
	  CLAUSE_CALL(SVSM_CORE_PVALIDATE),
	  "PVALIDATE that stops on an error at entry next does nothing for the entries after "
	  "it: the guest, told they were not done, does them again or gives up on them."),
	[CLAUSE_PVALIDATE_FAILURE_HOLDS_PAGES] = POST("pvalidate-failure-holds-pages", NULL,
	  CLAUSE_CALL(SVSM_CORE_PVALIDATE),
	  "PVALIDATE that stops on an error at entry next leaves every page of that entry "
	  "the owner it had, or the module's: a page it validated and could not zero or grant "
	  "(all 512 of a 2M page) goes to the module's pool, never to the guest, which was "
	  "told the entry was not done and was given no access to it."),
	[CLAUSE_PVALIDATE_REPORTS_PROGRESS] = POST("pvalidate-reports-progress", NULL,
	  CLAUSE_CALL(SVSM_CORE_PVALIDATE),
	  "PVALIDATE leaves next = entries when it returns SUCCESS, and on an error leaves "
	  "next at the entry that failed: the guest learns which entries were done."),
	[CLAUSE_DELETE_VCPU_REMOVES_VMSA] = POST("delete-vcpu-removes-vmsa",
	  "(delete-vcpu-removes-vmsa post rcx result)", CLAUSE_CALL(SVSM_CORE_DELETE_VCPU),
	  "DELETE_VCPU returns SUCCESS only when the page is no longer a VMSA."),
	[CLAUSE_RESULT_CODE_DEFINED] = POST("result-code-defined", NULL, CLAUSE_EVERY_CALL,
	  "Every call returns one of the result codes the SVSM specification defines."),
};

const struct clause *clause_table(unsigned *count)
{
	*count = CLAUSE_COUNT;
	return clauses;
}

const struct clause *clause_row(enum clause_id id)
{
	return &clauses[id];
}

enum clause_id clause_id_of(const struct clause *c)
{
	return (enum clause_id)(c - clauses);
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
