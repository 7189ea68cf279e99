/*
 * validate.h: handing a page to the guest, and taking it back.
 *
 * These are the only two places where the module runs PVALIDATE on guest
 * RAM: svsm_boot() gives the guest its RAM with guest_validate(), and the
 * PVALIDATE call (pvalidate.c) runs one of them per entry. Both return an
 * SVSM result code, using the PVALIDATE call's own codes. ignore_cf: an
 * entry that changes nothing counts as success instead of FAIL_UNCHANGED.
 */
#ifndef SVSM_CORE_VALIDATE_H
#define SVSM_CORE_VALIDATE_H

#include "../svsm.h"

/* PVALIDATE(1), zero, grant the guest's VMPL every permission. */
uint32_t guest_validate(struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                        unsigned size, bool ignore_cf);
/* Revoke the guest's access, then PVALIDATE(0). */
uint32_t guest_rescind(struct svsm *sv, struct hal_cpu *cpu, uint64_t gpa,
                       unsigned size, bool ignore_cf);

#endif
