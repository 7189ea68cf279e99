/*
 * ghost.h: tracked permissions and the checks that run on them.
 *
 * The simulator keeps ghost state next to the hardware state: a content
 * label per system page (machine.h, LABEL_*) and an owner per guest page
 * (svsm/hal.h, enum ghost_owner). Three kinds of check read it:
 *   preconditions  before a HAL call takes effect (preconditions.c),
 *   invariants     after every step (invariants.c),
 *   contracts      after every call the guest makes (contracts.c).
 * A failed check is recorded with report_clause() and never stops the run.
 */
#ifndef GHOST_GHOST_H
#define GHOST_GHOST_H

#include <stdio.h>

#include "../machine/machine.h"
#include "../record/record.h"
#include "../../svsm/svsm.h"

#define GHOST_MAX_READS 64

/* What a call to the module looked like, for the contract checks. */
struct sim_call {
	bool active;
	unsigned vcpu;                        /* the module's CPU serving it */
	uint64_t rax, rcx, rdx, r8, r9;       /* inputs */
	uint64_t caa_gpa;                     /* the Calling Area the call came through */
	uint64_t vmsa_gpa;                    /* the caller's VMSA, where its results go */
	uint64_t vmsa_spa;                    /* the save area the guest vCPU runs, as the
	                                         guest reads its results (and sim its RAX) */
	bool answered;                        /* the module cleared its call_pending */
	uint8_t request[PAGE_SIZE];           /* the page at RCX when the call began */
	bool request_valid;
	unsigned first_step;                  /* the call's first HAL event */
	/* When the call began (call_effects.c): owners by GPA page, the guest's access by SPA page. */
	uint8_t owner_before[MACHINE_MAX_PAGES];
	uint8_t access_before[MACHINE_MAX_PAGES];
	struct {                              /* guest bytes read during the call */
		uint64_t gpa;
		uint32_t len;
	} reads[GHOST_MAX_READS];
	unsigned nreads;
};

/*
 * Ghost state that is not in the machine: owners, and breaches already
 * reported. Owners are set through ghost_set_owner, which marks the change
 * for the invariants as the machine marks its own (invariants.c).
 */
struct ghost_state {
	uint8_t owner[MACHINE_MAX_PAGES];     /* enum ghost_owner per GPA page */
	uint8_t breached[MACHINE_MAX_PAGES];  /* invariant bits broken per page, last check */
	uint64_t owner_changed[MACHINE_DIRTY_WORDS];   /* since the last check, by GPA page */
	uint8_t rest_breached;                /* bookkeeping clauses broken at the last check */
};

/*
 * What the checks read and write: the machine, the ghost owners, the
 * calls the module is serving, and the record they report into. The
 * simulator hands them this (GHOST in sim.h), never itself. The module's
 * own state comes read-only: only the bookkeeping clauses read it
 * (bookkeeping.c), to hold its tables to the machine and the owners.
 */
struct ghost {
	struct machine *m;
	struct ghost_state *state;
	struct sim_call *calls;               /* SVSM_MAX_VCPUS of them, by module CPU */
	struct record *rec;
	const struct svsm *sv;
};

/*
 * The clause registry: one row per clause (clauses.c), indexed by this
 * number. A check names its clause by the number, not by a string, so it
 * cannot report a clause the registry does not hold; the verifier takes
 * its clause templates and its choice of which clauses to ask at a step
 * from the rows; `svsmlab clauses`, the reports and docs/specs.md read
 * them too. The order is the order the verifier asks them in at one step
 * (the first broken one is the one reported): preconditions, then the
 * invariants, then the contracts. test_conformance_clauses.c holds every
 * row to its define-fun in specs/ and to a judge besides the C check.
 */
enum clause_id {
	/* Preconditions of HAL calls. */
	CLAUSE_PAGE_PUBLIC_TO_VMPL,
	CLAUSE_GRANT_ONLY_GUEST_PAGES,
	CLAUSE_VMSA_REVOKED_FIRST,
	CLAUSE_VMSA_CONTENTS_CHECKED,
	CLAUSE_PVALIDATE_NO_DOUBLE,
	CLAUSE_RESCIND_ONLY_GUEST_PAGES,
	CLAUSE_PAGE_OPERANDS_CHECKED,
	CLAUSE_PVALIDATE_ACTS_ON_ENTRIES,
	CLAUSE_GUEST_INPUT_READ_ONCE,
	CLAUSE_WRITE_ONLY_GUEST_PAGES,
	CLAUSE_CAA_IS_REGISTERED,
	CLAUSE_CAA_FROM_GUEST_PAGE,
	CLAUSE_VMSA_FROM_GUEST_PAGE,
	CLAUSE_MODULE_TAKES_GUEST_PAGE,
	CLAUSE_OWNER_TRANSFER,
	CLAUSE_LOCK_NOT_HELD,
	CLAUSE_UNLOCK_OWN_LOCK,
	/* Of the two vCPUs together (race.h). */
	CLAUSE_NO_DATA_RACE,
	/* Global invariants, checked after every step. */
	CLAUSE_CONFIDENTIALITY,
	CLAUSE_MODULE_INTEGRITY,
	CLAUSE_VMSA_SAFETY,
	CLAUSE_NO_DOUBLE_VALIDATION,
	/* The module's bookkeeping, judged at rest: after every call, at the end of boot. */
	CLAUSE_BITMAP_COVERS_VALIDATED,
	CLAUSE_BOOKKEEPING_MATCHES_OWNERS,
	CLAUSE_GUEST_PAGES_HOLD_NO_SECRETS,
	CLAUSE_VCPUS_IDLE_BETWEEN_CALLS,
	CLAUSE_MODULE_MEMORY_NEVER_GUESTS,
	/* Contracts of the guest-visible calls. */
	CLAUSE_CREATE_VCPU_INSTALLS_VMSA,
	CLAUSE_CREATE_VCPU_SAME_FEATURES,
	CLAUSE_DELETE_VCPU_RETURNS_PAGE,
	CLAUSE_DELETE_VCPU_BUSY_KEEPS_VCPU,
	CLAUSE_CREATE_VCPU_REFUSES_OWN_CPU,
	CLAUSE_DELETE_VCPU_REFUSES_OWN_VMSA,
	CLAUSE_REMAP_CA_INSTALLS_CAA,
	CLAUSE_QUERY_PROTOCOL_ANSWERS,
	CLAUSE_CONFIGURE_VTOM_ANSWERS,
	CLAUSE_RESULT_REGISTERS,
	CLAUSE_ERROR_CHANGES_NOTHING,
	CLAUSE_PVALIDATE_REPORTS_UNCHANGED,
	CLAUSE_PVALIDATE_REPORTS_REFUSAL,
	CLAUSE_PVALIDATE_REJECTS_RESERVED,
	CLAUSE_PVALIDATE_REFUSES_BAD_LIST,
	CLAUSE_DEPOSIT_MEM_TAKES_4K_PAGES,
	CLAUSE_DEPOSIT_MEM_REPORTS_PROGRESS,
	CLAUSE_WITHDRAW_MEM_REPORTS_COUNT,
	CLAUSE_WITHDRAW_MEM_RETURNS_PAGES,
	CLAUSE_DEPOSIT_MEM_LEAVES_THE_REST,
	CLAUSE_PVALIDATE_LEAVES_THE_REST,
	CLAUSE_PVALIDATE_FAILURE_HOLDS_PAGES,
	CLAUSE_PVALIDATE_REPORTS_PROGRESS,
	CLAUSE_DELETE_VCPU_REMOVES_VMSA,
	CLAUSE_RESULT_CODE_DEFINED,
	CLAUSE_COUNT
};

/* A set of HAL calls (enum sim_op) and one of core calls (SVSM_CORE_*). */
#define CLAUSE_OP(op) (1u << (op))
#define CLAUSE_CALL(call) (1u << (call))
#define CLAUSE_EVERY_CALL ((1u << SVSM_CORE_NCALLS) - 1)

/* One row of the registry. */
struct clause {
	const char *name;          /* its define-fun's name, and the name reports give */
	enum violation_kind kind;
	const char *file;          /* the spec file of the define-fun: specs/FILE */
	/*
	 * The verifier's template: the define-fun applied to the constants of
	 * its harness (explorer/verify/templates.c: pre, post, addr, size,
	 * attrs, module, save-vmpl, rcx, result, ...); NULL when only the
	 * run-time check judges the clause (its arguments are numbers a run
	 * fixes, and a conformance test compares the define-fun with the C).
	 */
	const char *verify;
	uint32_t ops;              /* a precondition: the HAL calls it judges (CLAUSE_OP) */
	uint32_t calls;            /* a contract: the core calls whose result it judges */
	const char *protects;      /* the help text */
};
const struct clause *clause_find(const char *name);
const struct clause *clause_table(unsigned *count);
/* The row of clause id. */
const struct clause *clause_row(enum clause_id id);
/* The number of a row of the table (clause_find's answer, for one). */
enum clause_id clause_id_of(const struct clause *c);
/* Record a violation of clause id; its name and kind are its row's. */
void report_clause(struct record *r, enum clause_id id, struct hal_site site, unsigned vcpu,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* An owner's name, as traces and messages write it. */
const char *owner_name(enum ghost_owner o);
/* A label as the messages write it: "{VMPL0,VMPL1}", "{...,hypervisor}". */
const char *label_text(uint8_t label, char *buf, size_t n);

/*
 * The clauses over numbers and ghost data, as pure predicates: true when
 * the clause holds. Each is the C half of the define-fun of the same name
 * in specs/contracts.smt2; the check that reports the clause decides by
 * it, and test_conformance_clauses.c compares the two on many inputs.
 * owner is the ghost owners by GPA page (struct ghost_state); bad, when
 * not NULL, is set to what breaks the clause (a GPA, an entry's index).
 */
bool clause_page_operands_checked(uint64_t gpa, unsigned size);
bool clause_rescind_only_guest_pages(const uint8_t *owner, uint64_t gpa, unsigned size,
                                     bool validate, uint64_t *bad);
bool clause_grant_only_guest_pages(const uint8_t *owner, uint64_t gpa, unsigned size,
                                   uint64_t attrs, uint64_t *bad);
bool clause_guest_input_read_once(uint64_t gpa, uint64_t len, uint64_t earlier,
                                  uint64_t earlier_len);
bool clause_write_only_guest_pages(const uint8_t *owner, uint64_t gpa);
bool clause_caa_is_registered(const uint8_t *owner, uint64_t caa, uint64_t calling_caa,
                              bool in_call);
bool clause_caa_from_guest_page(unsigned from, unsigned to);
bool clause_vmsa_from_guest_page(unsigned from, unsigned to);
bool clause_module_takes_guest_page(unsigned from, unsigned to);
bool clause_owner_transfer(uint64_t gpa, unsigned from, unsigned to);
bool clause_lock_not_held(uint32_t holder, uint32_t cpu);
bool clause_unlock_own_lock(uint32_t holder, uint32_t cpu);
bool clause_result_code_defined(uint32_t result);
/* A PVALIDATE request as the guest wrote it before the call. */
struct pvalidate_list {
	unsigned entries, next;    /* the header */
	unsigned fit;              /* entries the page has room for */
	unsigned end;              /* entries next..end-1 lie in the page */
	const uint8_t *entry0;     /* entry 0, 8 bytes each */
};
uint64_t pvalidate_list_entry(const struct pvalidate_list *l, unsigned i);
bool clause_pvalidate_rejects_reserved(uint32_t result, const struct pvalidate_list *l,
                                       unsigned *bad);
bool clause_pvalidate_refuses_bad_list(uint32_t result, const struct pvalidate_list *l,
                                       bool validated);
bool clause_pvalidate_reports_unchanged(uint32_t result, const struct pvalidate_list *l,
                                        uint64_t gpa, bool cf);
/* One PVALIDATE or RMPADJUST instruction of the call: its GPA, page size and (PVALIDATE) action. */
bool clause_pvalidate_acts_on_entries(const struct pvalidate_list *l, uint64_t gpa,
                                      unsigned size, bool is_pvalidate, bool validate);
/* One PVALIDATE instruction of the call: its return code, and whether it faulted instead. */
bool clause_pvalidate_reports_refusal(uint32_t result, uint32_t rc, bool faulted);
bool clause_pvalidate_reports_progress(uint32_t result, const struct pvalidate_list *l,
                                       unsigned after);
/* One PVALIDATE of the call, of gpa, when next is after as the call returns. */
bool clause_pvalidate_leaves_the_rest(uint32_t result, const struct pvalidate_list *l,
                                      unsigned after, uint64_t gpa);
/* A page of the entry a refused call stopped at (pvalidate_failure.c): its owner then and now. */
bool clause_pvalidate_failure_holds_pages(uint32_t result, unsigned owner_before,
                                          unsigned owner_after);
void pvalidate_failure_contract(struct ghost *gh, const struct sim_call *c, uint32_t result,
                                const struct pvalidate_list *l, unsigned after);
/* The request of call c as the guest wrote it when the call began; false if it has none. */
bool ghost_view_request(const struct sim_call *c, struct pvalidate_list *l);
/* A header that cannot be right: no entries, more than the page holds, next not below entries. */
bool pvalidate_list_bad(const struct pvalidate_list *l);
/* Did the guest write call c's request page while the call ran? */
bool ghost_request_rewritten(const struct ghost *gh, const struct sim_call *c);
/* The list's next as the guest finds it when call c returns; false if it cannot tell. */
bool ghost_next_after(const struct ghost *gh, const struct sim_call *c, unsigned *next);
/* The GPA page a module event of a page changes (its owner or its RMP entry), or -1. */
int64_t ghost_changed_page(const struct sim_event *ev);
/* Did another vCPU's module change GPA page page while call c ran? */
bool ghost_changed_by_others(const struct ghost *gh, const struct sim_call *c, uint64_t page);
/* DEPOSIT_MEM's and WITHDRAW_MEM's contracts (memory_contracts.c). */
bool clause_deposit_mem_takes_4k_pages(uint32_t result, const struct pvalidate_list *l,
                                       unsigned *bad);
bool clause_deposit_mem_reports_progress(uint32_t result, const struct pvalidate_list *l,
                                         unsigned after);
/* One change the call made to the page at gpa (ghost_changed_page), when next is after. */
bool clause_deposit_mem_leaves_the_rest(uint32_t result, const struct pvalidate_list *l,
                                        unsigned after, uint64_t gpa);
bool clause_withdraw_mem_reports_count(const struct pvalidate_list *l, unsigned after,
                                       unsigned handed);
/* One page handed back: its owner, zeroed or not, the guest's access (ghost_guest_access). */
bool clause_withdraw_mem_returns_pages(unsigned owner, bool zeroed, unsigned access);
void memory_contract(struct ghost *gh, const struct sim_call *c, uint32_t result);
/* The other core calls' contracts (call_contracts.c, answers.c, call_effects.c). */
bool clause_create_vcpu_same_features(uint32_t result, uint64_t new_features, uint64_t creator);
bool clause_delete_vcpu_returns_page(const uint8_t *owner, uint64_t rcx, uint32_t result);
bool clause_delete_vcpu_busy_keeps_vcpu(uint32_t result, bool still_vmsa, bool svme);
/* apic: the APIC ID the call names (R8's low half); own: the caller's VMSA GPA. */
bool clause_create_vcpu_refuses_own_cpu(uint32_t apic, uint32_t caller_apic, uint32_t result);
bool clause_delete_vcpu_refuses_own_vmsa(uint64_t rcx, uint64_t own, uint32_t result);
bool clause_remap_ca_installs_caa(const uint8_t *owner, uint64_t rcx, uint32_t result);
bool clause_query_protocol_answers(uint64_t rcx, uint32_t result, uint64_t rcx_out);
bool clause_configure_vtom_answers(uint64_t rcx, uint32_t result, uint64_t rcx_out);
/* One register write of a call: into save area target, at off, after call_pending was cleared? */
bool clause_result_registers(uint64_t target, uint64_t caller, uint64_t off, bool answered);
/* One page a refused call touched: its owner and the guest's access, before and after. */
bool clause_error_changes_nothing(uint32_t result, unsigned owner_before, unsigned owner_after,
                                  unsigned access_before, unsigned access_after);
/*
 * The module's bookkeeping by GPA page, one bit a page (bookkeeping.c):
 * what the bookkeeping clauses read of struct svsm, as their define-funs
 * in specs/contracts.smt2 take it.
 */
struct bookkeeping {
	uint64_t ram[MACHINE_DIRTY_WORDS];       /* guest RAM */
	uint64_t bitmap[MACHINE_DIRTY_WORDS];    /* sv->validated */
	uint64_t pool[MACHINE_DIRTY_WORDS];      /* sv->pool */
	uint64_t vmsas[MACHINE_DIRTY_WORDS];     /* registered VMSAs, current or retired */
	uint64_t caas[MACHINE_DIRTY_WORDS];      /* Calling Areas of used slots */
	uint8_t busy;                            /* bit i: slot i's activity is not VCPU_IDLE */
};
void bookkeeping_of(const struct svsm *sv, struct bookkeeping *bk);
bool bookkeeping_has(const uint64_t *set, unsigned page);
/* bad, when not NULL, is set to the SPA (covers) or GPA page (matches) that breaks it. */
bool clause_bitmap_covers_validated(const struct machine *m, const struct bookkeeping *bk,
                                    uint64_t *bad);
bool clause_bookkeeping_matches_owners(const uint8_t *owner, unsigned npages,
                                       const struct bookkeeping *bk, unsigned *bad);
bool clause_guest_pages_hold_no_secrets(const struct machine *m, const uint8_t *owner,
                                        uint64_t *bad);
bool clause_vcpus_idle_between_calls(uint8_t busy, uint8_t in_call);
/* bad, when not NULL, is set to the GPA page of module memory the guest owns. */
bool clause_module_memory_never_guests(const uint8_t *owner, unsigned npages,
                                       const struct bookkeeping *bk, unsigned *bad);
/* The owner of the page of gpa; pages past the tables belong to nobody (specs: owner-of). */
enum ghost_owner ghost_owner_in(const uint8_t *owner, uint64_t gpa);

/* Preconditions of HAL calls (called before the machine acts). */
void pre_pvalidate(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, bool validate);
void pre_rmpadjust(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, uint64_t attrs);
/*
 * What the module asked of a PVALIDATE or RMPADJUST: operands the
 * hardware takes (page-operands-checked), and, in a PVALIDATE call, an
 * entry's own instruction (pvalidate-acts-on-entries). Unlike the checks
 * above, a refusal by the hardware does not take it back: it judges what
 * the module asked for (a malformed operand is one the hardware always
 * refuses), and it is judged as the instruction happens, so a wrong one
 * is named before what follows from it (a failed 4K grant on a 2M page
 * sends 512 pages to the pool).
 */
void pre_asked(struct ghost *gh, unsigned vcpu, struct hal_site site,
               enum sim_op op, uint64_t gpa, unsigned size, bool validate);
void pre_read_guest(struct ghost *gh, unsigned vcpu, struct hal_site site,
                    uint64_t gpa, size_t len);
void pre_write_guest(struct ghost *gh, unsigned vcpu, struct hal_site site, uint64_t gpa);
void pre_caa(struct ghost *gh, unsigned vcpu, struct hal_site site, uint64_t caa_gpa);
/* Returns true when the transfer is allowed (and so takes effect). */
bool pre_ghost_own(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, enum ghost_owner to);

/* Global invariants over the whole state; new breaches are reported. */
void ghost_invariants(struct ghost *gh, struct hal_site site, unsigned vcpu);
/*
 * The same judgement, looking again only at what changed since the last
 * check (the machine's WATCH_INVARIANTS set and the owners changed):
 * what the simulator runs after every step.
 */
void ghost_invariants_changed(struct ghost *gh, struct hal_site site, unsigned vcpu);
/* Set the ghost owner of GPA page page (ignored past MACHINE_MAX_PAGES). */
void ghost_set_owner(struct ghost_state *st, uint64_t page, uint8_t owner);

/*
 * The bookkeeping clauses, if the module is at rest (no call under way on
 * any vCPU: a call half done is not); new breaches are reported. The
 * simulator runs it after every call and at the end of boot.
 */
void ghost_bookkeeping(struct ghost *gh, unsigned vcpu);
/* No call is under way: calls is SVSM_MAX_VCPUS of them (struct ghost). */
bool ghost_at_rest(const struct sim_call *calls);

/* Contract of the call module CPU cpu has just served. */
void ghost_contract(struct ghost *gh, unsigned cpu, uint32_t result);
/*
 * The contracts of the calls other than PVALIDATE (call_contracts.c),
 * and of every call's answer (answers.c); ghost_contract runs them.
 */
void call_contract(struct ghost *gh, const struct sim_call *c, uint32_t result);
void answer_contract(struct ghost *gh, const struct sim_call *c);
/* What a call that returned an error left changed (call_effects.c); and its start. */
void error_effects_contract(struct ghost *gh, const struct sim_call *c, uint32_t result);
bool call_has_no_partial_effects(const struct sim_call *c);
void ghost_call_begin(const struct ghost *gh, struct sim_call *c);
/* What the guest may do with system page p: its VMPL's permissions, bit 4 VMSA, bit 5 validated. */
uint8_t ghost_guest_access(const struct machine *m, unsigned p);
/*
 * Did anyone but the module change what the guest finds at gpa (reaching
 * system page spa) while call c ran: a remap of the GPA, a change of its
 * page state, the hypervisor's RMPUPDATE, PSMASH or write within the 2M
 * span of spa? A step no longer kept counts as such a change.
 */
bool ghost_page_moved(const struct ghost *gh, const struct sim_call *c, uint64_t gpa,
                      uint64_t spa);

/* Open a module source file named by a call site (cwd, then SVSMLAB_SRCDIR). */
FILE *source_open(const char *file);

/* "precondition not satisfied", "invariant broken" or "contract not met". */
const char *violation_headline(enum violation_kind kind);
/* Print one violation in the Verus style, with the source line if found. */
void report_violation(FILE *out, const struct violation *v);
/* Print all recorded violations; returns how many there were. */
unsigned report_all(FILE *out, const struct record *r);

#endif
