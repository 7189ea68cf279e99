/*
 * page.c: a --page address, checked against the machine model's guest-physical space.
 */
#include <stdio.h>

#include "page.h"
#include "../machine/machine.h"

int page_option_check(uint64_t gpa, char *err, size_t errlen)
{
	const uint64_t last = (uint64_t)(MACHINE_MAX_PAGES - 1) * PAGE_SIZE;
	if (gpa <= last && PAGE_ALIGNED(gpa))
		return 0;
	snprintf(err, errlen, "--page 0x%llx is %s: a page is 0x0 to 0x%llx, a multiple of 0x%x",
	         (unsigned long long)gpa, gpa > last ? "outside the guest-physical space"
	         : "not page-aligned", (unsigned long long)last, (unsigned)PAGE_SIZE);
	return -1;
}
