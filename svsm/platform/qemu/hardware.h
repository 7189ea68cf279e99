/*
 * hardware.h: the SEV-SNP hardware of the QEMU build, in software.
 *
 * x86 under TCG has no RMP, so the platform keeps one: it is the
 * simulator's own machine model (explorer/machine/), whose PVALIDATE,
 * RMPADJUST and access check are the ones the conformance test checks
 * against specs/machine.smt2. The same source files are compiled into
 * the image; this platform supplies the four functions through which
 * the model meets memory and vCPUs (hardware.c). One guest, ASID 1, the
 * nested page table an identity map of the window (layout.h), no
 * hypervisor to change either.
 */
#ifndef QEMU_HARDWARE_H
#define QEMU_HARDWARE_H

#include "../../../explorer/machine/machine.h"

extern struct machine qemu_machine;
/*
 * Set when a PVALIDATE or RMPADJUST changed the RMP (hal_qemu.c), the
 * only two ways it changes after the launch; cleared when the guest's
 * page tables are derived from it again (guest_map.c).
 */
extern bool qemu_rmp_changed;

/*
 * The launch, as the simulator's: every page of the window assigned to
 * the guest at its own GPA, and the module's image and secrets pages
 * validated (measured). Everything else is not validated.
 */
void qemu_hardware_launch(void);

#endif
