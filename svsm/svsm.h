/*
 * svsm.h: the module's state and its entry points.
 *
 * All mutable state of the module is in struct svsm: no globals, no
 * pointers into itself. The simulator copies it byte for byte when it
 * snapshots the machine, and several machines can live in one process.
 */
#ifndef SVSM_SVSM_H
#define SVSM_SVSM_H

#include <stdbool.h>
#include <stdint.h>

#include "bugs.h"
#include "hal.h"

#define SVSM_MAX_VCPUS 8
#define SVSM_MAX_PAGES 1024   /* guest-physical pages the module can track */

/* What the launch tells the module (measured, so trusted). */
struct svsm_params {
	uint64_t svsm_base;       /* first byte of the module's memory */
	uint64_t svsm_size;       /* bytes; the first two pages are image and secrets */
	uint64_t secrets_gpa;     /* the secrets page (holds VMPCK0) */
	uint64_t boot_vmsa_gpa;   /* module page that becomes vCPU 0's VMSA */
	uint64_t guest_base;      /* first byte of guest RAM */
	uint64_t guest_size;      /* bytes of guest RAM */
	uint64_t boot_caa_gpa;    /* guest page used as vCPU 0's Calling Area */
	uint64_t guest_rip;       /* where the guest's boot vCPU starts */
	uint64_t sev_features;    /* SEV features every guest VMSA must carry */
	uint64_t guest_secrets_gpa; /* guest page where the module writes the guest's secrets page */
	uint8_t guest_vmpl;       /* 1..3 */
	/*
	 * The platform's CPUs: CPU i (hal_cpu_index) has APIC ID apic_ids[i].
	 * CREATE_VCPU binds a VMSA to the CPU with the APIC ID it names, as
	 * COCONUT-SVSM does with the per-CPU areas it sets up at boot.
	 */
	uint32_t ncpus;           /* 1..SVSM_MAX_VCPUS; CPU 0 boots */
	uint32_t apic_ids[SVSM_MAX_VCPUS];
};

/*
 * What a registered vCPU's module side is doing. Entering a call,
 * starting to delete the vCPU and starting to replace its VMSA (CPU
 * re-online) each move it out of VCPU_IDLE, and exclude each other: a
 * call does not run on a vCPU being deleted or replaced, and a vCPU
 * inside a call (perhaps waiting for the lock) is not deleted or
 * replaced under it. A call enters without the lock, so the move is a
 * compare-and-swap (activity_move), and the move back to VCPU_IDLE
 * publishes what was changed meanwhile (activity_done): whoever moves
 * the word next sees the vCPU's fields as they were left. A CPU not used
 * yet is bound without the word: CREATE_VCPU sets `used` last, with a
 * release, and a call reads it, once it has the word, with an acquire.
 * (A check of
 * the word followed by a store of it, as the module once had, lets a
 * call and a DELETE_VCPU both go ahead on hardware; the simulator, which
 * switches CPUs only at HAL calls, never showed it; the race check did,
 * docs/races.md.)
 */
enum vcpu_activity { VCPU_IDLE, VCPU_SERVING, VCPU_DELETING, VCPU_REPLACING };

/*
 * One CPU of the platform, sv->vcpus[i] for CPU i (APIC ID p.apic_ids[i]).
 * `used`: a guest VMSA is bound to it, and calls from that VMSA are served
 * on it. `retired`: the VMSA it ran before a CREATE_VCPU for the same APIC
 * ID replaced it (Linux brings a CPU back online that way, and deletes
 * the old VMSA only afterwards); the page stays a VMSA the module holds,
 * and no call of it is served, until DELETE_VCPU gives it back.
 */
struct svsm_vcpu {
	bool used;
	bool has_retired;
	uint8_t activity;         /* enum vcpu_activity */
	uint64_t vmsa_gpa;
	uint64_t caa_gpa;
	uint64_t retired_vmsa_gpa;
};

struct svsm {
	struct svsm_params p;
	uint32_t bugs;                        /* SVSM_BUG_BIT(...) of the switched-on bugs */
	hal_lock_t lock;                      /* page state and vCPU registry */
	struct svsm_vcpu vcpus[SVSM_MAX_VCPUS];
	uint8_t validated[SVSM_MAX_PAGES / 8]; /* guest pages the module validated */
	uint8_t pool[SVSM_MAX_PAGES / 8];      /* guest pages deposited with the module */
	unsigned pool_count;
};

static inline bool svsm_bug(const struct svsm *sv, enum svsm_bug b)
{
	return (sv->bugs >> b) & 1u;
}

/* Move v's activity from `from` to `to`, if it is `from` now; atomically. */
static inline bool activity_move(struct svsm_vcpu *v, enum vcpu_activity from,
                                 enum vcpu_activity to)
{
	uint8_t expected = (uint8_t)from;
	return __atomic_compare_exchange_n(&v->activity, &expected, (uint8_t)to, false,
	                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* Back to VCPU_IDLE, after every change made to v before it. */
static inline void activity_done(struct svsm_vcpu *v)
{
	__atomic_store_n(&v->activity, (uint8_t)VCPU_IDLE, __ATOMIC_RELEASE);
}

/* Set up the state; no hardware is touched. */
void svsm_init(struct svsm *sv, const struct svsm_params *p, uint32_t bugs);
/* Boot on CPU 0: validate own memory, build vCPU 0, hand the guest its RAM. 0 = ok. */
int svsm_boot(struct svsm *sv, struct hal_cpu *cpu);
/* The guest on this CPU asked to run VMPL0: serve the call in its CAA. */
void svsm_handle_request(struct svsm *sv, struct hal_cpu *cpu);

#endif
