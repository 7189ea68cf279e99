/*
 * machine.h: an executable model of the SEV-SNP hardware one guest sees.
 *
 * System memory is an array of 4 KiB pages addressed by system-physical
 * address (SPA). Each page has an RMP entry. The guest addresses memory by
 * guest-physical address (GPA); the hypervisor's nested page table (NPT)
 * maps GPA pages to SPA pages. Memory holds ciphertext: a private write is
 * encrypted with a keystream that depends on the guest's ASID and the SPA,
 * so the hypervisor reads only ciphertext of private pages, while moving an
 * SPA to another GPA of the same guest keeps its plaintext (as on real SNP).
 *
 * Besides the hardware state, each SPA carries a ghost content label: the
 * set of parties that may learn what the page holds. It is never read by
 * the hardware model itself, only by the checks.
 *
 * All addresses are byte addresses (uint64_t). Every function reports its
 * outcome; none aborts on bad input.
 */
#ifndef MACHINE_MACHINE_H
#define MACHINE_MACHINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../svsm/abi.h"

#define MACHINE_MIN_PAGES 16
#define MACHINE_MAX_PAGES 1024
#define MACHINE_MAX_VCPUS 8
#define VMPL_COUNT 4
#define NPT_UNMAPPED UINT64_MAX

/* One RMP entry. perms[0] is unused: VMPL0 always holds every permission. */
struct rmp_entry {
	bool assigned;
	bool immutable;
	bool validated;
	bool vmsa;
	uint8_t page_size;        /* PSIZE_4K or PSIZE_2M */
	uint32_t asid;
	uint64_t gpa;             /* page-aligned */
	uint8_t perms[VMPL_COUNT];
};

/* What RMPUPDATE writes; the rest of the entry is reset. */
struct rmp_update {
	bool assigned;
	bool immutable;
	uint8_t page_size;
	uint32_t asid;
	uint64_t gpa;
};

/* Why an access raised #NPF (the model's own words for EXITINFO). */
enum npf_reason {
	NPF_NONE = 0,
	NPF_UNMAPPED,        /* no NPT entry for the GPA */
	NPF_OUT_OF_RANGE,    /* NPT points past system memory */
	NPF_GPA_MISMATCH,    /* RMP entry bound to another GPA */
	NPF_NOT_ASSIGNED,    /* private access to a hypervisor page */
	NPF_WRONG_ASID,
	NPF_IMMUTABLE,
	NPF_VMPL,            /* VMPL permission missing */
	NPF_SHARED_ASSIGNED, /* shared access to a guest-private page */
	NPF_SIZE,            /* 4K operation on a 2M RMP entry */
	NPF_REASONS
};

/* Ghost content labels: a set of parties allowed to learn the bytes. */
#define LABEL_VMPL(v)  (1u << (v))
#define LABEL_HV       (1u << VMPL_COUNT)
#define LABEL_PUBLIC   (LABEL_HV | 0xfu)

/* Kinds of access for the permission check. */
enum access_kind { ACCESS_READ = PERM_R, ACCESS_WRITE = PERM_W, ACCESS_EXEC = PERM_XS };

enum vcpu_mode { VCPU_OFF = 0, VCPU_GUEST, VCPU_MODULE };

struct vcpu {
	uint8_t mode;             /* enum vcpu_mode */
	uint32_t apic_id;
	uint64_t vmsa_spa;        /* the guest VMSA this vCPU runs */
	uint64_t ghcb_msr;        /* last value the guest wrote to the GHCB MSR */
};

struct machine_config {
	unsigned pages;           /* system memory, 4 KiB pages (default 64) */
	unsigned vcpus;           /* vCPUs the guest boots with (default 1) */
	uint8_t guest_vmpl;       /* 1..3 (default 1) */
	uint32_t asid;            /* default 1 */
};

/*
 * What changed, for those who keep something computed from the machine up
 * to date by looking again only at what changed: the invariants
 * (explorer/ghost), check's state key, and a restore of only what changed
 * since a snapshot (check's way back to its start). Each has its own set,
 * a watcher; every change the model makes marks the entry in every
 * watcher's set, and a watcher clears its own when it has looked. A vCPU's
 * fields are not tracked: there are few, and they are read whole.
 */
enum machine_watcher { WATCH_INVARIANTS, WATCH_STATE_KEY, WATCH_RESTORE, MACHINE_WATCHERS };
enum machine_table {
	DIRTY_PAGE,    /* by SPA page: its bytes or its label */
	DIRTY_RMP,     /* by SPA page: its RMP entry */
	DIRTY_NPT,     /* by GPA page: its NPT entry */
	DIRTY_TABLES
};
#define MACHINE_DIRTY_WORDS (MACHINE_MAX_PAGES / 64)
struct machine_dirty {
	bool all;      /* anything may have changed (a fresh or restored machine) */
	uint64_t bits[DIRTY_TABLES][MACHINE_DIRTY_WORDS];
};

struct machine {
	unsigned npages;
	uint32_t asid;
	uint8_t guest_vmpl;
	struct rmp_entry rmp[MACHINE_MAX_PAGES];
	uint64_t npt[MACHINE_MAX_PAGES];     /* GPA page -> SPA, or NPT_UNMAPPED */
	uint8_t label[MACHINE_MAX_PAGES];    /* ghost: LABEL_* per SPA page */
	struct vcpu vcpu[MACHINE_MAX_VCPUS];
	uint8_t *mem;                        /* npages * PAGE_SIZE bytes */
	/* Not state, never hashed: */
	struct machine_dirty dirty[MACHINE_WATCHERS];
	struct machine_keystream *keystream; /* memory.c: the ASID's keystream, as far as computed */
};

/* --- life cycle (machine.c) --- */
/* Fills in defaults for zero fields; returns 0 or -1 with a reason in *why. */
int machine_init(struct machine *m, const struct machine_config *cfg, const char **why);
void machine_free(struct machine *m);
bool machine_spa_valid(const struct machine *m, uint64_t spa);

/* --- what changed (dirty.c) --- */
/* Page i joins set (a watcher's table, or any page set); past the pages, none does. */
static inline void machine_dirty_add(uint64_t *set, unsigned i)
{
	if (i < MACHINE_MAX_PAGES)
		set[i / 64] |= 1ull << (i % 64);
}
/* Entry i of table t changed: mark it for every watcher. */
static inline void machine_mark(struct machine *m, enum machine_table t, unsigned i)
{
	for (unsigned w = 0; w < MACHINE_WATCHERS; w++)
		machine_dirty_add(m->dirty[w].bits[t], i);
}
/* Everything may have changed, for every watcher. */
void machine_mark_all(struct machine *m);
/* Watcher w has looked: its set is empty again. */
void machine_dirty_clear(struct machine *m, enum machine_watcher w);
/* The first entry in [i, end) marked in bits (a table of a set), or end. */
static inline unsigned machine_dirty_next(const uint64_t *bits, unsigned i, unsigned end)
{
	while (i < end) {
		uint64_t word = bits[i / 64] >> (i % 64);
		if (word) {
			i += (unsigned)__builtin_ctzll(word);
			return i < end ? i : end;
		}
		i = (i / 64 + 1) * 64;
	}
	return end;
}

/* --- physical memory (memory.c) --- */
/* The keystream of m's ASID, for npages pages; NULL when out of memory. */
struct machine_keystream *machine_keystream_new(const struct machine *m);
/* key 0 reads/writes raw bytes (the hypervisor's view); key = ASID decrypts. */
void machine_mem_read(const struct machine *m, uint64_t spa, void *buf, size_t len, uint32_t key);
void machine_mem_write(struct machine *m, uint64_t spa, const void *buf, size_t len,
                       uint32_t key, uint8_t label);

/* --- nested page table (npt.c) --- */
void npt_map(struct machine *m, uint64_t gpa, uint64_t spa);
void npt_unmap(struct machine *m, uint64_t gpa);
uint64_t npt_lookup(const struct machine *m, uint64_t gpa);   /* page SPA or NPT_UNMAPPED */

/* --- guest access (access.c) --- */
/*
 * The check of a guest (or module) access to gpa at a VMPL, in the order
 * of the facts sheet. On success *spa is the SPA of the byte at gpa.
 */
struct hw_result machine_translate(const struct machine *m, unsigned vmpl, uint64_t gpa,
                                   bool cbit, enum access_kind kind, uint64_t *spa,
                                   enum npf_reason *why);
/* A read or write of len bytes within one page. */
struct hw_result machine_read(const struct machine *m, unsigned vmpl, uint64_t gpa,
                              bool cbit, void *buf, size_t len);
struct hw_result machine_write(struct machine *m, unsigned vmpl, uint64_t gpa, bool cbit,
                               const void *buf, size_t len, uint8_t label);

/* --- RMP instructions (pvalidate.c, rmpadjust.c, rmpupdate.c) --- */
struct hw_result machine_pvalidate(struct machine *m, unsigned vmpl, uint64_t gpa,
                                   unsigned size, bool validate);
struct hw_result machine_rmpadjust(struct machine *m, unsigned vmpl, uint64_t gpa,
                                   unsigned size, uint64_t attrs);
int machine_rmpupdate(struct machine *m, uint64_t spa, const struct rmp_update *u);
/* Do two RMP entries hold the same fields? */
bool rmp_entry_equal(const struct rmp_entry *a, const struct rmp_entry *b);
/* Would this RMPUPDATE be accepted and change some entry? (Nothing is written.) */
bool machine_rmpupdate_changes(const struct machine *m, uint64_t spa, const struct rmp_update *u);
int machine_psmash(struct machine *m, uint64_t spa);
int machine_rmpquery(const struct machine *m, uint64_t spa, struct rmp_entry *out);
/* Is spa the VMSA of a vCPU that is running its guest right now? */
bool machine_vmsa_in_use(const struct machine *m, uint64_t spa);

/* --- VMSA fields (vmsa.c): raw access to a VMSA page by SPA --- */
uint64_t vmsa_get(const struct machine *m, uint64_t vmsa_spa, unsigned off, unsigned width);
void vmsa_set(struct machine *m, uint64_t vmsa_spa, unsigned off, unsigned width, uint64_t v);
/* VMRUN of a guest VMSA on a vCPU: refused (false) without the RMP VMSA bit. */
bool machine_vmrun(struct machine *m, unsigned vcpu, uint64_t vmsa_spa);

/* --- the hypervisor's side (hv.c) --- */
/*
 * An honest hypervisor's answer to a guest page-state change of gpa
 * (op GHCB_PSC_PRIVATE or GHCB_PSC_SHARED): RMPUPDATE of the SPA the NPT maps
 * gpa to. Returns the GHCB error code, 0 when done.
 */
uint32_t machine_page_state_change(struct machine *m, uint64_t gpa, unsigned op);

/* --- snapshot and state hash (snapshot.c) --- */
struct machine_snapshot {
	struct machine m;   /* m.mem points at the copy below */
	uint8_t *mem;
};
int machine_snapshot(const struct machine *m, struct machine_snapshot *s);
void machine_restore(struct machine *m, const struct machine_snapshot *s);
/*
 * The same, putting back only what watcher WATCH_RESTORE saw change: its
 * set must have been cleared when m was last equal to s (and is cleared
 * again). The other watchers see what was put back as changed.
 */
void machine_restore_changed(struct machine *m, const struct machine_snapshot *s);
void machine_snapshot_free(struct machine_snapshot *s);
uint64_t machine_hash(const struct machine *m);
/*
 * The hash's steps, for state kept outside the machine: fold v, or n bytes,
 * into h. hash_u64 is inline: the search folds words in by the million.
 */
static inline uint64_t hash_u64(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 29);
}
uint64_t hash_bytes(uint64_t h, const void *p, size_t n);
uint64_t hash_rmp_entry(uint64_t h, const struct rmp_entry *e);
uint64_t hash_vcpu(uint64_t h, const struct vcpu *v);

/* Names for printing. */
const char *npf_reason_name(enum npf_reason r);
void perms_string(uint8_t perms, char out[5]);   /* "rw--" etc. */

/*
 * Bits the model sets in an #NPF code (EXITINFO1), numbered as on AMD
 * hardware; NPF_VMPL_VIOLATION (bit 36) is in abi.h. No other bit is set.
 */
#define NPF_CODE_PRESENT (1ull << 0)   /* the SPA exists (RMP faults, not NPT faults) */
#define NPF_CODE_WRITE   (1ull << 1)   /* the access was a write */
#define NPF_CODE_RMP     (1ull << 31)  /* an RMP check failed */
#define NPF_CODE_SIZEM   (1ull << 35)  /* 4K operation on a 2M RMP entry */

/* --- helpers shared by the model's own files (fault.c, npt.c, rmp.c) --- */
struct hw_result hw_rc(uint32_t rc, uint8_t cf);
struct hw_result hw_fault(enum hw_fault fault, uint64_t code);
/* The #NPF for reason why, its code built from the bits above. */
struct hw_result hw_npf(enum npf_reason why, enum access_kind kind);
/* NPT walk: NPF_NONE and the page SPA, or NPF_UNMAPPED / NPF_OUT_OF_RANGE. */
enum npf_reason npt_walk(const struct machine *m, uint64_t gpa, uint64_t *spa_page);
/* The 4K entries [*first, *first + *count) that make up the RMP entry of spa. */
void rmp_span(const struct machine *m, uint64_t spa, unsigned *first, unsigned *count);
/* The ownership checks of a private access: gpa, assigned, ASID, immutable. */
enum npf_reason rmp_check_owner(const struct machine *m, uint64_t gpa, uint64_t spa_page);
/*
 * The checks PVALIDATE and RMPADJUST share once their own inputs are
 * checked: NPT walk, 2M alignment of the SPA, ownership, page size.
 * On success (HW_SUCCEEDED) *spa_page is the SPA the gpa maps to.
 */
struct hw_result rmp_instr_target(const struct machine *m, uint64_t gpa, unsigned size,
                                  uint64_t *spa_page);
/* Is gpa a valid operand for an instruction of page size size (0 or 1)? */
bool rmp_instr_input_ok(uint64_t gpa, unsigned size);

#endif
