/*
 * hv.h: the hypervisor as an actor.
 *
 * Everything the untrusted hypervisor may do to a running guest, each
 * recorded in the trace and followed by the invariant checks. Scenarios,
 * the interleaving engine and the Lua bindings act through these, never
 * on the machine directly, so that every move shows up in the trace.
 */
#ifndef HV_HV_H
#define HV_HV_H

#include "../sim/sim.h"

/* RMPUPDATE of one SPA (4K) or of 512 (2M); returns its return code. */
int hv_rmpupdate(struct sim *s, uint64_t spa, const struct rmp_update *u);
/* PSMASH of a 2M entry; returns its return code. */
int hv_psmash(struct sim *s, uint64_t spa);
/* Nested page table: GPA page -> SPA page, or nothing. */
void hv_map(struct sim *s, uint64_t gpa, uint64_t spa);
void hv_unmap(struct sim *s, uint64_t gpa);
/*
 * Raw access to system memory: reads see ciphertext of private pages.
 * 0, or -1 out of range; a write to a page assigned to the guest is
 * refused with HV_WRITE_REFUSED (the RMP checks the host's writes).
 */
#define HV_WRITE_REFUSED 1
int hv_read(struct sim *s, uint64_t spa, void *buf, size_t len);
int hv_write(struct sim *s, uint64_t spa, const void *buf, size_t len);

#endif
