/*
 * ghost.h: tracked permissions and the checks that run on them.
 *
 * The simulator keeps ghost state next to the hardware state: a content
 * label per system page (machine.h, LABEL_*) and an owner per guest page
 * (sim.h, enum ghost_owner). Three kinds of check read it:
 *   preconditions  before a HAL call takes effect (preconditions.c),
 *   invariants     after every step (invariants.c),
 *   contracts      after every call the guest makes (contracts.c).
 * A failed check is recorded with sim_report() and never stops the run.
 */
#ifndef GHOST_GHOST_H
#define GHOST_GHOST_H

#include <stdio.h>

#include "../sim/sim.h"

/* A named clause: what it protects against, in plain words. */
struct clause {
	const char *name;
	enum violation_kind kind;
	const char *protects;
};
const struct clause *clause_find(const char *name);
const struct clause *clause_table(unsigned *count);

/* A label as the messages write it: "{VMPL0,VMPL1}", "{...,hypervisor}". */
const char *label_text(uint8_t label, char *buf, size_t n);

/* Preconditions of HAL calls (called before the machine acts). */
void pre_pvalidate(struct sim *s, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, bool validate);
void pre_rmpadjust(struct sim *s, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, unsigned size, uint64_t attrs);
void pre_read_guest(struct sim *s, unsigned vcpu, struct hal_site site,
                    uint64_t gpa, size_t len);
void pre_write_guest(struct sim *s, unsigned vcpu, struct hal_site site, uint64_t gpa);
void pre_caa(struct sim *s, unsigned vcpu, struct hal_site site, uint64_t caa_gpa);
/* Returns true when the transfer is allowed (and so takes effect). */
bool pre_ghost_own(struct sim *s, unsigned vcpu, struct hal_site site,
                   uint64_t gpa, enum ghost_owner to);

/* Global invariants over the whole state; new breaches are reported. */
void check_invariants(struct sim *s, struct hal_site site, unsigned vcpu);

/* Contract of the call module CPU cpu has just served. */
void check_contract(struct sim *s, unsigned cpu, uint32_t result);

/* Open a module source file named by a call site (cwd, then SVSMLAB_SRCDIR). */
FILE *source_open(const char *file);

/* Print one violation in the Verus style, with the source line if found. */
void report_violation(FILE *out, const struct violation *v);
/* Print all recorded violations; returns how many there were. */
unsigned report_all(FILE *out, const struct sim *s);

#endif
