/*
 * demo.h: the built-in scenario of the catalog's first bug.
 */
#ifndef DEMO_DEMO_H
#define DEMO_DEMO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct demo_outcome {
	bool leaked;              /* the guest read the module's secret */
	unsigned violations;      /* checks that fired */
};

/*
 * The hypervisor answers a guest's page-state change by binding the SPA of
 * the module's secrets page to the guest's GPA; the guest asks the module
 * to validate that GPA and reads it. Narrates to out. 0, or -1 if the
 * machine could not be set up.
 */
int demo_run(FILE *out, uint32_t bugs, struct demo_outcome *res);

#endif
