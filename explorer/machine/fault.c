/*
 * fault.c: building the outcomes an instruction or access reports, so that
 * every file encodes an #NPF code the same way.
 */
#include "machine.h"

struct hw_result hw_rc(uint32_t rc, uint8_t cf)
{
	return (struct hw_result){ .rc = rc, .cf = cf, .fault = FAULT_NONE };
}

struct hw_result hw_fault(enum hw_fault fault, uint64_t code)
{
	return (struct hw_result){ .fault = (uint8_t)fault, .code = code };
}

struct hw_result hw_npf(enum npf_reason why, enum access_kind kind)
{
	uint64_t code = 0;
	/* NPT faults happen before any SPA exists; every other reason is an RMP check. */
	if (why != NPF_UNMAPPED && why != NPF_OUT_OF_RANGE)
		code |= NPF_CODE_PRESENT | NPF_CODE_RMP;
	if (kind == ACCESS_WRITE)
		code |= NPF_CODE_WRITE;
	if (why == NPF_VMPL)
		code |= NPF_VMPL_VIOLATION;
	if (why == NPF_SIZE)
		code |= NPF_CODE_SIZEM;
	return hw_fault(FAULT_NPF, code);
}
