/*
 * names.c: the words traces and reports print for the model's values.
 */
#include "machine.h"

const char *npf_reason_name(enum npf_reason r)
{
	static const char *const names[NPF_REASONS] = {
		[NPF_NONE] = "none",
		[NPF_UNMAPPED] = "unmapped",
		[NPF_OUT_OF_RANGE] = "out-of-range",
		[NPF_GPA_MISMATCH] = "gpa-mismatch",
		[NPF_NOT_ASSIGNED] = "not-assigned",
		[NPF_WRONG_ASID] = "wrong-asid",
		[NPF_IMMUTABLE] = "immutable",
		[NPF_VMPL] = "vmpl",
		[NPF_SHARED_ASSIGNED] = "shared-assigned",
		[NPF_SIZE] = "size-mismatch",
	};
	if ((unsigned)r >= NPF_REASONS)
		return "?";
	return names[r];
}

void perms_string(uint8_t perms, char out[5])
{
	out[0] = (perms & PERM_R) ? 'r' : '-';
	out[1] = (perms & PERM_W) ? 'w' : '-';
	out[2] = (perms & PERM_XU) ? 'u' : '-';
	out[3] = (perms & PERM_XS) ? 's' : '-';
	out[4] = '\0';
}
