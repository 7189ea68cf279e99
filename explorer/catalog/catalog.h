/*
 * catalog.h: the injected-bug catalog, as people read it.
 *
 * The switches live in the module (svsm/bugs.h); this is what each one
 * is, where it was published, and which check catches it.
 */
#ifndef CATALOG_CATALOG_H
#define CATALOG_CATALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../svsm/bugs.h"

struct bug_info {
	enum svsm_bug id;
	unsigned number;            /* in the facts sheet's list of real bugs */
	const char *name;           /* what --bug takes */
	const char *title;
	const char *record;         /* where it was published or fixed */
	const char *attack;         /* how the hypervisor or guest exploits it */
	const char *caught_by;      /* the clauses that fire */
	bool needs_interleaving;    /* only a second vCPU running in between shows it */
};

const struct bug_info *catalog_all(unsigned *count);
const struct bug_info *catalog_find(const char *name);
/* The names of the bugs in bits, "a,b", or "none". */
void catalog_names(uint32_t bits, char *buf, size_t len);
/* Adds the bugs of a comma-separated list of names to *bits; -1 with the bad name. */
int catalog_parse(const char *names, uint32_t *bits, char *bad, size_t badlen);

#endif
