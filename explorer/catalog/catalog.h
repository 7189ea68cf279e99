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

/*
 * How verify must be run to show a bug: the handler it lives in, and the
 * vCPUs. 2 when only a second vCPU running in between shows it: a racing
 * call (bug 4), a racing write to the request (bug 6), a vCPU that runs
 * while it is deleted (bug 10). The explorer, demo, the bench and the
 * tests all ask here, so that none of them verifies a bug in a way that
 * cannot show it and calls the module verified.
 */
struct bug_verify {
	const char *handler;        /* as --handler takes it */
	unsigned vcpus;             /* as --vcpus takes it: 1 or 2 */
	/*
	 * The case (its title) that shows the bug: verify tries it before the
	 * others, which it still tries when this one verifies. Asking first
	 * what is most likely to fail finds the bug in seconds, not minutes.
	 */
	const char *witness;
};

struct bug_info {
	enum svsm_bug id;
	unsigned number;            /* in the facts sheet's list of real bugs */
	const char *name;           /* what --bug takes */
	const char *title;
	const char *record;         /* where it was published or fixed */
	const char *attack;         /* how the hypervisor or guest exploits it */
	const char *caught_by;      /* the clauses that fire */
	struct bug_verify verify;   /* how `verify` shows it */
};

const struct bug_info *catalog_all(unsigned *count);
const struct bug_info *catalog_find(const char *name);
/* The vCPUs verify needs to show every bug in bits: the most any of them needs (1 for none). */
unsigned catalog_verify_vcpus(uint32_t bits);
/* The one handler every bug in bits lives in, or NULL (none, or several handlers). */
const char *catalog_verify_handler(uint32_t bits);
/* The witness of the one bug in bits, or NULL (no bug, or several). */
const char *catalog_verify_witness(uint32_t bits);
/* The names of the bugs in bits, "a,b", or "none". */
void catalog_names(uint32_t bits, char *buf, size_t len);
/* Adds the bugs of a comma-separated list of names to *bits; -1 with the bad name. */
int catalog_parse(const char *names, uint32_t *bits, char *bad, size_t badlen);

#endif
