/*
 * result.c: from what the hardware said to what the guest is told.
 *
 * A fault while the module touched a guest-supplied address means the
 * address is no good (not validated, not mapped, not the guest's): the
 * guest hears INVALID_ADDRESS. A refusal by PVALIDATE or RMPADJUST maps to
 * the nearest SVSM code; the PVALIDATE call has codes of its own for the
 * hardware's FAIL_INPUT and FAIL_SIZEMISMATCH, the other calls do not.
 */
#include "core.h"

uint32_t svsm_error(struct hw_result r, bool in_pvalidate)
{
	if (r.fault != FAULT_NONE)
		return SVSM_ERR_INVALID_ADDRESS;
	switch (r.rc) {
	case HW_OK:
		return SVSM_SUCCESS;
	case HW_FAIL_INPUT:
		return in_pvalidate ? SVSM_PVALIDATE_FAIL_INPUT : SVSM_ERR_INVALID_PARAMETER;
	case HW_FAIL_SIZEMISMATCH:
		return in_pvalidate ? SVSM_PVALIDATE_FAIL_SIZEMISMATCH : SVSM_ERR_INVALID_PARAMETER;
	case HW_FAIL_INUSE:
		return SVSM_ERR_BUSY;
	default:
		return SVSM_ERR_INVALID_PARAMETER;
	}
}
