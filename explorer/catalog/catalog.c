/*
 * catalog.c: the SVSM bugs the module can be switched back to. Each
 * record names the fix (docs/bugs.md has the links and the details).
 */
#include <stdio.h>
#include <string.h>

#include "catalog.h"

static const struct bug_info bugs[] = {
	{ BUG_NO_ZERO_AFTER_VALIDATE, 1, "no-zero-after-validate",
	  "PVALIDATE grants the guest a page without zeroing it first",
	  "COCONUT-SVSM PR #45 (commit 10a1826c00df); linux-svsm commit 0de111e9b85a "
	  "(\"protocols/core: Clear page after PVALIDATE of the page\"); the requirement "
	  "VeriSMo's proof found",
	  "the hypervisor re-binds the SPA of the module's secrets page to a guest GPA; the "
	  "guest asks the module to validate that GPA and reads VMPCK0",
	  "page-public-to-vmpl, confidentiality",
	  { "pvalidate", 1,
	    "validate 0x20000 (rescinded first)" } },
	{ BUG_VMSA_BIT_BEFORE_CHECK, 2, "vmsa-bit-before-check",
	  "CREATE_VCPU sets the VMSA bit before it revokes the guest and checks the VMSA",
	  "COCONUT-SVSM PR #320 (commit 08cb11d55aca)",
	  "while the bit is set the hypervisor may run the unchecked save area, e.g. one "
	  "that says vmpl=0",
	  "vmsa-revoked-first, vmsa-contents-checked, vmsa-safety",
	  { "create_vcpu", 1,
	    "a VMSA that says vmpl 0" } },
	{ BUG_CAA_MAY_BE_VMSA, 3, "caa-may-be-vmsa",
	  "CREATE_VCPU accepts a Calling Area that is the new VMSA page",
	  "COCONUT-SVSM PR #320 (commit 9c9480dbdc94)",
	  "the guest must be able to write its CAA, so it can write its own VMSA",
	  "caa-from-guest-page, create-vcpu-installs-vmsa",
	  { "create_vcpu", 1,
	    "the CAA is the VMSA page" } },
	{ BUG_CREATE_VCPU_NO_LOCK, 4, "create-vcpu-no-lock",
	  "CREATE_VCPU's error path races PVALIDATE on another vCPU",
	  "COCONUT-SVSM PR #320 (commit d162b9df5b2d, the lock), PR #1073 (commit "
	  "994a55909028)",
	  "the error path re-grants guest access to a page that the other vCPU has just "
	  "validated but not yet zeroed",
	  "page-public-to-vmpl, confidentiality",
	  { "create_vcpu", 2,
	    "vCPU 0 creates a vCPU at 0x20000 (a bad VMSA)" } },
	{ BUG_PVALIDATE_CF_LOST, 5, "pvalidate-cf-lost",
	  "PVALIDATE's carry flag is lost, so \"unchanged\" is never reported",
	  "linux-svsm commit 4b2cab1ace89 (2024-01); COCONUT-SVSM PR #209 (commit ac6f804e7f1f)",
	  "the hypervisor invalidates a page behind the guest's back; the guest's rescind "
	  "reports SUCCESS and the guest never learns of it",
	  "pvalidate-reports-unchanged",
	  { "pvalidate", 1,
	    "rescind 0x20000" } },
	{ BUG_PVALIDATE_DOUBLE_FETCH, 6, "pvalidate-double-fetch",
	  "PVALIDATE reads the request header again on every iteration",
	  "no fix published; found by reading linux-svsm, whose handle_pvalidate_request() "
	  "re-reads the header on every iteration (as of its last commit, a2d150f959ed)",
	  "a second guest vCPU enlarges `entries` after the bounds check, so the module "
	  "walks past the request page",
	  "guest-input-read-once",
	  { "pvalidate", 2,
	    "vCPU 0 rescinds 0x20000 and 0x21000 while vCPU 1 rewrites" } },
	{ BUG_NO_ADDRESS_CHECK, 7, "no-address-check",
	  "PVALIDATE and CREATE_VCPU accept GPAs inside the module's own memory",
	  "linux-svsm commit c684df34fa5a (CREATE_VCPU); COCONUT-SVSM PR #1073 (commit "
	  "df7c78a3a6d5, PVALIDATE)",
	  "the guest asks the module to rescind one of the module's own pages",
	  "rescind-only-guest-pages",
	  { "pvalidate", 1,
	    "rescind 0x3000 (a module page)" } },
	{ BUG_RESERVED_BITS_ACCEPTED, 8, "reserved-bits-accepted",
	  "reserved bits of PVALIDATE entries are not rejected",
	  "COCONUT-SVSM PR #1073 (commit 4bda23dc814a)",
	  "a request the specification says is malformed is carried out",
	  "pvalidate-rejects-reserved",
	  { "pvalidate", 1,
	    "validate 0x20000 (rescinded first) with a reserved bit set" } },
	{ BUG_DELETE_VCPU_INUSE, 10, "delete-vcpu-inuse",
	  "DELETE_VCPU ignores FAIL_INUSE and forgets a VMSA that still runs",
	  "COCONUT-SVSM PR #1073 (commit 6cae63d97f02: the VMSA was forgotten before the "
	  "RMPADJUST that FAIL_INUSE refuses)",
	  "the module reports the vCPU deleted while it still runs as a VMSA",
	  "delete-vcpu-removes-vmsa",
	  { "delete_vcpu", 2,
	    "vCPU 0 deletes vCPU 1 while it runs" } },
	{ BUG_CREATE_VCPU_ANY_VMPL, 11, "create-vcpu-any-vmpl",
	  "CREATE_VCPU does not check VMSA.vmpl",
	  "none, the kit's own: the SVSM specification's CREATE_VCPU checks (publication "
	  "58019), which linux-svsm and COCONUT-SVSM made from their first CREATE_VCPU",
	  "the guest creates a vCPU that runs at VMPL0: full escalation",
	  "vmsa-contents-checked, vmsa-safety",
	  { "create_vcpu", 1,
	    "a VMSA that says vmpl 0" } },
	{ BUG_REMAP_CA_UNCHECKED, 12, "remap-ca-unchecked",
	  "REMAP_CA accepts an unaligned CAA or a page the module owns",
	  "COCONUT-SVSM PR #1186 (commit 63e9f174d231); linux-svsm commit ae9a0af01b20 "
	  "(the alignment)",
	  "the module clears call_pending inside its own memory",
	  "caa-from-guest-page, caa-is-registered, remap-ca-installs-caa",
	  { "remap_ca", 1,
	    "a guest page not validated" } },
};

const struct bug_info *catalog_all(unsigned *count)
{
	*count = sizeof(bugs) / sizeof(bugs[0]);
	return bugs;
}

const struct bug_info *catalog_find(const char *name)
{
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	for (unsigned i = 0; i < n; i++)
		if (strcmp(all[i].name, name) == 0)
			return &all[i];
	return NULL;
}

unsigned catalog_verify_vcpus(uint32_t bits)
{
	unsigned vcpus = 1;
	for (size_t i = 0; i < sizeof(bugs) / sizeof(bugs[0]); i++)
		if ((bits & SVSM_BUG_BIT(bugs[i].id)) && bugs[i].verify.vcpus > vcpus)
			vcpus = bugs[i].verify.vcpus;
	return vcpus;
}

const char *catalog_verify_witness(uint32_t bits)
{
	const char *witness = NULL;
	for (size_t i = 0; i < sizeof(bugs) / sizeof(bugs[0]); i++) {
		if (!(bits & SVSM_BUG_BIT(bugs[i].id)))
			continue;
		if (witness)
			return NULL;
		witness = bugs[i].verify.witness;
	}
	return witness;
}

const char *catalog_verify_handler(uint32_t bits)
{
	const char *handler = NULL;
	for (size_t i = 0; i < sizeof(bugs) / sizeof(bugs[0]); i++) {
		if (!(bits & SVSM_BUG_BIT(bugs[i].id)))
			continue;
		if (handler && strcmp(handler, bugs[i].verify.handler) != 0)
			return NULL;
		handler = bugs[i].verify.handler;
	}
	return handler;
}

int catalog_parse(const char *names, uint32_t *bits, char *bad, size_t badlen)
{
	char word[64];
	while (*names) {
		size_t n = strcspn(names, ",");
		snprintf(word, sizeof(word), "%.*s", (int)n, names);
		const struct bug_info *b = n < sizeof(word) ? catalog_find(word) : NULL;
		if (!b) {
			snprintf(bad, badlen, "%.*s", (int)n, names);
			return -1;
		}
		*bits |= SVSM_BUG_BIT(b->id);
		names += n + (names[n] == ',');
	}
	return 0;
}

void catalog_names(uint32_t bits, char *buf, size_t len)
{
	size_t k = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < sizeof(bugs) / sizeof(bugs[0]) && k < len; i++)
		if (bits & SVSM_BUG_BIT(bugs[i].id))
			k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? "," : "", bugs[i].name);
	if (!buf[0])
		snprintf(buf, len, "none");
}
