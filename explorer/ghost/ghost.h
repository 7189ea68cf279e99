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

#define GHOST_MAX_READS 64

/* What a call to the module looked like, for the contract checks. */
struct sim_call {
	bool active;
	unsigned vcpu;                        /* the module's CPU serving it */
	uint64_t rax, rcx, rdx, r8, r9;       /* inputs */
	uint64_t caa_gpa;                     /* the Calling Area the call came through */
	bool answered;                        /* the module cleared its call_pending */
	uint8_t request[PAGE_SIZE];           /* the page at RCX when the call began */
	bool request_valid;
	unsigned first_step;                  /* the call's first HAL event */
	struct {                              /* guest bytes read during the call */
		uint64_t gpa;
		uint32_t len;
	} reads[GHOST_MAX_READS];
	unsigned nreads;
};

/* Ghost state that is not in the machine: owners, and breaches already reported. */
struct ghost_state {
	uint8_t owner[MACHINE_MAX_PAGES];     /* enum ghost_owner per GPA page */
	uint8_t breached[MACHINE_MAX_PAGES];  /* invariant bits broken per page, last check */
};

/*
 * What the checks read and write: the machine, the ghost owners, the
 * calls the module is serving, and the record they report into. The
 * simulator hands them this (GHOST in sim.h), never itself.
 */
struct ghost {
	struct machine *m;
	struct ghost_state *state;
	struct sim_call *calls;               /* SVSM_MAX_VCPUS of them, by module CPU */
	struct record *rec;
};

/*
 * The clauses a check may report, one per row of clauses.c.
 * A check names its clause by this number, not by a string, so it cannot
 * report a clause the table does not document (test_ghost.c checks the rows).
 */
enum clause_id {
	/* Preconditions of HAL calls. */
	CLAUSE_PAGE_PUBLIC_TO_VMPL,
	CLAUSE_GRANT_ONLY_GUEST_PAGES,
	CLAUSE_VMSA_CONTENTS_CHECKED,
	CLAUSE_VMSA_REVOKED_FIRST,
	CLAUSE_PVALIDATE_NO_DOUBLE,
	CLAUSE_RESCIND_ONLY_GUEST_PAGES,
	CLAUSE_GUEST_INPUT_READ_ONCE,
	CLAUSE_WRITE_ONLY_GUEST_PAGES,
	CLAUSE_CAA_IS_REGISTERED,
	CLAUSE_CAA_FROM_GUEST_PAGE,
	CLAUSE_VMSA_FROM_GUEST_PAGE,
	CLAUSE_MODULE_TAKES_GUEST_PAGE,
	CLAUSE_OWNER_TRANSFER,
	CLAUSE_LOCK_NOT_HELD,
	CLAUSE_UNLOCK_OWN_LOCK,
	/* Global invariants, checked after every step. */
	CLAUSE_CONFIDENTIALITY,
	CLAUSE_MODULE_INTEGRITY,
	CLAUSE_VMSA_SAFETY,
	CLAUSE_NO_DOUBLE_VALIDATION,
	/* Contracts of the guest-visible calls. */
	CLAUSE_PVALIDATE_REPORTS_UNCHANGED,
	CLAUSE_PVALIDATE_REJECTS_RESERVED,
	CLAUSE_PVALIDATE_REFUSES_BAD_LIST,
	CLAUSE_DELETE_VCPU_REMOVES_VMSA,
	CLAUSE_RESULT_CODE_DEFINED,
	CLAUSE_COUNT
};

/* A named clause: what it protects against, in plain words. */
struct clause {
	const char *name;
	enum violation_kind kind;
	const char *protects;
};
const struct clause *clause_find(const char *name);
const struct clause *clause_table(unsigned *count);
/* Record a violation of clause id; its name and kind are its row's. */
void report_clause(struct record *r, enum clause_id id, struct hal_site site, unsigned vcpu,
                   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* An owner's name, as traces and messages write it. */
const char *owner_name(enum ghost_owner o);
/* A label as the messages write it: "{VMPL0,VMPL1}", "{...,hypervisor}". */
const char *label_text(uint8_t label, char *buf, size_t n);

/* Preconditions of HAL calls (called before the machine acts). */
void pre_pvalidate(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, bool validate);
void pre_rmpadjust(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, uint64_t attrs);
void pre_read_guest(struct ghost *gh, unsigned vcpu, struct hal_site site,
                    uint64_t gpa, size_t len);
void pre_write_guest(struct ghost *gh, unsigned vcpu, struct hal_site site, uint64_t gpa);
void pre_caa(struct ghost *gh, unsigned vcpu, struct hal_site site, uint64_t caa_gpa);
/* Returns true when the transfer is allowed (and so takes effect). */
bool pre_ghost_own(struct ghost *gh, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, enum ghost_owner to);

/* Global invariants over the whole state; new breaches are reported. */
void ghost_invariants(struct ghost *gh, struct hal_site site, unsigned vcpu);

/* Contract of the call module CPU cpu has just served. */
void ghost_contract(struct ghost *gh, unsigned cpu, uint32_t result);

/* Open a module source file named by a call site (cwd, then SVSMLAB_SRCDIR). */
FILE *source_open(const char *file);

/* "precondition not satisfied", "invariant broken" or "contract not met". */
const char *violation_headline(enum violation_kind kind);
/* Print one violation in the Verus style, with the source line if found. */
void report_violation(FILE *out, const struct violation *v);
/* Print all recorded violations; returns how many there were. */
unsigned report_all(FILE *out, const struct record *r);

#endif
