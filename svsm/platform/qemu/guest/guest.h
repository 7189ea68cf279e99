/*
 * guest.h: the guest kernel's helpers: console, SVSM calls, its memory.
 */
#ifndef QGUEST_GUEST_H
#define QGUEST_GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../../abi.h"
#include "../layout.h"

/* The calling convention's registers: RAX, RCX, RDX, R8 in and out; R9 in. */
struct qguest_regs {
	uint64_t rax, rcx, rdx, r8, r9;
};

void qguest_vmgexit(struct qguest_regs *r);                  /* entry.S */
uint64_t qguest_hypercall(uint64_t nr, uint64_t a, uint64_t b); /* entry.S */

void qguest_puts(const char *s);
void qguest_put_hex(const char *s, uint64_t v);

/*
 * An SVSM call through the Calling Area: call_pending set, VMGEXIT, and
 * the module's answer in r. False if the module did not answer
 * (call_pending still set).
 */
bool qguest_svsm_call(struct qguest_regs *r);
/* The Calling Area in use (REMAP_CA moves it). */
void qguest_set_caa(uint64_t gpa);

/* The guest's linear map: GPA of a guest pointer, and back. */
static inline uint64_t qguest_gpa(const void *p)
{
	return (uint64_t)(uintptr_t)p - QEMU_GUEST_VA;
}

static inline void *qguest_va(uint64_t gpa)
{
	return (void *)(uintptr_t)(QEMU_GUEST_VA + gpa);
}

#endif
