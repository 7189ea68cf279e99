/*
 * guest.h: the guest operating system, as far as the module is concerned.
 *
 * Everything here runs at the guest's VMPL and goes through the machine's
 * access checks, like a real guest kernel: it cannot touch the module's
 * pages, and it talks to the module only through its Calling Area and a
 * VMGEXIT asking the hypervisor to run VMPL0.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include "../sim/sim.h"

struct guest_args {
	uint64_t rcx, rdx, r8, r9;
};

struct guest_result {
	uint32_t rax;
	uint64_t rcx, rdx, r8;
	bool served;          /* call_pending was cleared: the module really ran */
};

/*
 * One SVSM call from guest vCPU vcpu, following the calling convention:
 * call_pending = 1, registers saved in the VMSA, VMGEXIT run-VMPL0, then
 * xchg call_pending with 0. Returns 0, or -1 when the vCPU is not running
 * its guest or its Calling Area is unreachable (nothing was called).
 */
int guest_call(struct sim *s, unsigned vcpu, uint32_t protocol, uint32_t call,
               const struct guest_args *in, struct guest_result *out);
/*
 * The two halves of guest_call, for a scheduler that runs the module in
 * between: begin sets call_pending, saves the registers and asks for
 * VMPL0 (0, or -1 as above); end reads the results and call_pending.
 */
int guest_call_begin(struct sim *s, unsigned vcpu, uint32_t protocol, uint32_t call,
                     const struct guest_args *in);
void guest_call_end(struct sim *s, unsigned vcpu, struct guest_result *out);

/* Private (C-bit 1) reads and writes of any length at the guest's VMPL. */
struct hw_result guest_read(struct sim *s, uint64_t gpa, void *buf, size_t len);
struct hw_result guest_write(struct sim *s, uint64_t gpa, const void *buf, size_t len);
/*
 * What guest_read would read, as a debugger looks: not a step, so nothing
 * is recorded and no check runs. Stops at the first fault, like a read.
 */
struct hw_result guest_peek(struct sim *s, uint64_t gpa, void *buf, size_t len);

/* Page-state change through the GHCB MSR protocol; returns the hypervisor's error. */
uint32_t guest_psc(struct sim *s, unsigned vcpu, uint64_t gpa, unsigned op);

/*
 * Build a PVALIDATE request at req_gpa (header, then the entries, the way
 * Linux does) and make the call. *next is the request's `next` afterwards.
 */
int guest_pvalidate(struct sim *s, unsigned vcpu, uint64_t req_gpa,
                    const uint64_t *entries, unsigned n, uint32_t *rc, unsigned *next);

/* A VMSA page's contents, the way a guest prepares one for CREATE_VCPU. */
void guest_build_vmsa(uint8_t page[PAGE_SIZE], unsigned vmpl, uint64_t efer,
                      uint64_t sev_features, uint64_t rip);

/*
 * Ask the hypervisor to start vCPU `vcpu` on a VMSA the module installed
 * (AP_CREATE): a vCPU off, or running another VMSA outside a call, now
 * runs this one. false, with nothing changed, if the hardware refuses.
 */
bool guest_start_vcpu(struct sim *s, unsigned vcpu, uint64_t vmsa_gpa, uint64_t caa_gpa);

/* Where guest_bring_up puts vCPU i's VMSA (i >= 1); its CAA is the page after it. */
uint64_t guest_vcpu_vmsa_gpa(const struct svsm_params *p, unsigned i);

/*
 * Bring the guest to n vCPUs: vCPU 0 prepares a VMSA and a CAA for each
 * other one (from the top of guest RAM), asks the module to CREATE_VCPU
 * it, and has the hypervisor start it. Returns 0 or -1 with *why.
 */
int guest_bring_up(struct sim *s, unsigned n, const char **why);

#endif
