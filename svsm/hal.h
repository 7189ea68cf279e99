/*
 * hal.h: the one boundary between the module and the machine.
 *
 * The module (everything under svsm/) touches the hardware only through
 * these calls. The one HAL that exists is the simulator's,
 * explorer/sim/hal_sim.c; a firmware build would bring its own (no such
 * build exists yet). Each call has
 *   1. a concrete meaning in explorer/machine/ (the C model),
 *   2. an SMT meaning in specs/,
 *   3. a finite set of outcomes the module can observe (struct hw_result).
 * The module's control flow may depend on its environment only through
 * those outcomes and through guest inputs read with hal_read_guest().
 *
 * In the simulator every call is a yield point: the hypervisor or another
 * vCPU may act before it takes effect. Each call carries its call site
 * (file, line, the call as written) so that a failed check can point at it.
 *
 * Freestanding: <stdint.h>, <stddef.h>, <stdbool.h> only.
 */
#ifndef SVSM_HAL_H
#define SVSM_HAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "abi.h"

/* The CPU the module code is running on; what it holds is the platform's. */
struct hal_cpu;

/* Where in the module a HAL call was made (for diagnostics and traces). */
struct hal_site {
	const char *file;
	int line;
	const char *text;
};
#define HAL_SITE(call) ((struct hal_site){ __FILE__, __LINE__, call })

/*
 * Ghost owners of guest-physical pages: who the module considers the
 * owner. The simulator checks every transfer; a firmware build would keep
 * no ghost state at all.
 */
enum ghost_owner {
	OWNER_NONE = 0,  /* outside guest memory */
	OWNER_MODULE,    /* the module's private memory */
	OWNER_GUEST,     /* validated guest RAM, the guest holds access */
	OWNER_SHARED,    /* guest RAM the module has not validated (or rescinded) */
	OWNER_VMSA,      /* a registered vCPU save area */
	OWNER_CAA,       /* a registered Calling Area */
	OWNER_COUNT
};

/* A lock word. 0 = free, otherwise the holder's CPU index + 1. */
typedef struct {
	uint32_t holder;
} hal_lock_t;

/* --- Instructions ------------------------------------------------------ */

/* PVALIDATE: validate (1) or rescind (0) the page at gpa. */
struct hw_result hal_pvalidate_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t gpa, unsigned size, bool validate);
/* RMPADJUST: set a lower VMPL's permissions (and the VMSA bit). */
struct hw_result hal_rmpadjust_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t gpa, unsigned size, uint64_t attrs);

/* --- Memory: private (C-bit 1) accesses made at VMPL0 ------------------- */

/* Guest-supplied data. Reads must not cross a page. */
struct hw_result hal_read_guest_at(struct hal_cpu *cpu, struct hal_site site,
                                   uint64_t gpa, void *buf, size_t len);
struct hw_result hal_write_guest_at(struct hal_cpu *cpu, struct hal_site site,
                                    uint64_t gpa, const void *buf, size_t len);
/* Fill one 4 KiB page with zeros. */
struct hw_result hal_zero_page_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t gpa);
/* A VMSA page: the saved registers of a vCPU. */
struct hw_result hal_vmsa_read_at(struct hal_cpu *cpu, struct hal_site site,
                                  uint64_t vmsa_gpa, unsigned off, void *buf, size_t len);
struct hw_result hal_vmsa_write_at(struct hal_cpu *cpu, struct hal_site site,
                                   uint64_t vmsa_gpa, unsigned off, const void *buf, size_t len);
/* The Calling Area's call_pending byte. */
struct hw_result hal_caa_read_pending_at(struct hal_cpu *cpu, struct hal_site site,
                                         uint64_t caa_gpa, uint8_t *pending);
struct hw_result hal_caa_clear_pending_at(struct hal_cpu *cpu, struct hal_site site,
                                          uint64_t caa_gpa);

/* --- Concurrency between the module's own vCPUs ------------------------ */

void hal_lock_at(struct hal_cpu *cpu, struct hal_site site, hal_lock_t *lock);
void hal_unlock_at(struct hal_cpu *cpu, struct hal_site site, hal_lock_t *lock);
/* Index of the CPU running this code (the module's own per-CPU data). */
unsigned hal_cpu_index(struct hal_cpu *cpu);

/* --- Ghost state (for the simulator's checks; a firmware build would ignore it) */

/* Hand the page at gpa to a new owner; the simulator checks the transfer. */
void hal_ghost_own_at(struct hal_cpu *cpu, struct hal_site site,
                      uint64_t gpa, enum ghost_owner to);

/* The call-site macros the module uses. */
#define hal_pvalidate(c, gpa, size, v) \
	hal_pvalidate_at(c, HAL_SITE("pvalidate(" #gpa ", " #size ", " #v ")"), gpa, size, v)
#define hal_rmpadjust(c, gpa, size, attrs) \
	hal_rmpadjust_at(c, HAL_SITE("rmpadjust(" #gpa ", " #size ", " #attrs ")"), gpa, size, attrs)
#define hal_read_guest(c, gpa, buf, len) \
	hal_read_guest_at(c, HAL_SITE("read_guest(" #gpa ", " #len ")"), gpa, buf, len)
#define hal_write_guest(c, gpa, buf, len) \
	hal_write_guest_at(c, HAL_SITE("write_guest(" #gpa ", " #len ")"), gpa, buf, len)
#define hal_zero_page(c, gpa) \
	hal_zero_page_at(c, HAL_SITE("zero_page(" #gpa ")"), gpa)
#define hal_vmsa_read(c, vmsa, off, buf, len) \
	hal_vmsa_read_at(c, HAL_SITE("vmsa_read(" #vmsa ", " #off ")"), vmsa, off, buf, len)
#define hal_vmsa_write(c, vmsa, off, buf, len) \
	hal_vmsa_write_at(c, HAL_SITE("vmsa_write(" #vmsa ", " #off ")"), vmsa, off, buf, len)
#define hal_caa_read_pending(c, caa, p) \
	hal_caa_read_pending_at(c, HAL_SITE("caa_read_pending(" #caa ")"), caa, p)
#define hal_caa_clear_pending(c, caa) \
	hal_caa_clear_pending_at(c, HAL_SITE("caa_clear_pending(" #caa ")"), caa)
#define hal_lock(c, l)   hal_lock_at(c, HAL_SITE("lock(" #l ")"), l)
#define hal_unlock(c, l) hal_unlock_at(c, HAL_SITE("unlock(" #l ")"), l)
#define hal_ghost_own(c, gpa, to) \
	hal_ghost_own_at(c, HAL_SITE("ghost_own(" #gpa ", " #to ")"), gpa, to)

#endif
