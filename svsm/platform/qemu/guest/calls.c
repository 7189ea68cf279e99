/*
 * calls.c: the console (a hypercall) and the SVSM calling convention,
 * exactly the simulator's: registers, call_pending in the Calling Area,
 * VMGEXIT, and call_pending cleared by the module when it answered.
 */
#include "guest.h"
#include "../hex.h"

static volatile uint8_t *caa = (volatile uint8_t *)(uintptr_t)(QEMU_GUEST_VA + QEMU_GUEST_BASE);

void qguest_puts(const char *s)
{
	uint64_t n = 0;
	while (s[n])
		n++;
	qguest_hypercall(QEMU_HC_WRITE, (uint64_t)(uintptr_t)s, n);
}

void qguest_put_hex(const char *s, uint64_t v)
{
	char buf[19];
	qemu_format_hex(buf, v);
	qguest_puts(s);
	qguest_puts(buf);
}

void qguest_set_caa(uint64_t gpa)
{
	caa = qguest_va(gpa);
}

bool qguest_svsm_call(struct qguest_regs *r)
{
	caa[CAA_CALL_PENDING] = 1;
	qguest_vmgexit(r);
	return caa[CAA_CALL_PENDING] == 0;
}
