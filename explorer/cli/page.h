/*
 * page.h: the guest pages a command line may name (check --page, verify --page).
 *
 * A page added to the hypervisor's scope must be one the trace format
 * takes (explorer/luadata/args.c): page-aligned, inside the guest-physical
 * space of the machine model. Anything else would be rounded down or
 * left out of the scope without a word, and the run would still report
 * a verdict about a scope the user did not ask for.
 */
#ifndef CLI_PAGE_H
#define CLI_PAGE_H

#include <stddef.h>
#include <stdint.h>

/* 0 when gpa is such a page; else -1 with err naming the valid ones. */
int page_option_check(uint64_t gpa, char *err, size_t errlen);

#endif
