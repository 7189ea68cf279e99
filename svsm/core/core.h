/*
 * core.h: what the handlers of the core protocol (protocol 0) share.
 *
 * dispatch.c reads the caller's registers into a struct call, picks the
 * handler by call number, and writes the outputs back to the caller's
 * VMSA. A handler sees only the struct call, the module state and the
 * HAL; it returns the SVSM result code that becomes the caller's RAX.
 */
#ifndef SVSM_CORE_CORE_H
#define SVSM_CORE_CORE_H

#include "../svsm.h"

struct call {
	unsigned vcpu;                      /* the caller's slot in sv->vcpus */
	uint64_t rcx, rdx, r8, r9;          /* arguments, as the caller left them */
	uint64_t out_rcx, out_rdx, out_r8;  /* outputs; start equal to the arguments */
};

/* The calls, one file each (see docs/module.md for the table of checks). */
uint32_t core_remap_ca(struct svsm *sv, struct hal_cpu *cpu, struct call *c);      /* remap_ca.c */
uint32_t core_pvalidate(struct svsm *sv, struct hal_cpu *cpu, struct call *c);     /* pvalidate.c */
uint32_t core_create_vcpu(struct svsm *sv, struct hal_cpu *cpu, struct call *c);   /* vcpu.c */
uint32_t core_delete_vcpu(struct svsm *sv, struct hal_cpu *cpu, struct call *c);   /* vcpu.c */
uint32_t core_deposit_mem(struct svsm *sv, struct hal_cpu *cpu, struct call *c);   /* memory.c */
uint32_t core_withdraw_mem(struct svsm *sv, struct hal_cpu *cpu, struct call *c);  /* memory.c */
uint32_t core_query_protocol(struct svsm *sv, struct hal_cpu *cpu, struct call *c); /* query.c */
uint32_t core_configure_vtom(struct svsm *sv, struct hal_cpu *cpu, struct call *c); /* query.c */

/*
 * The SVSM result code for a HAL call that did not succeed (result.c).
 * in_pvalidate: the PVALIDATE call has its own codes for some failures.
 */
uint32_t svsm_error(struct hw_result r, bool in_pvalidate);

#endif
