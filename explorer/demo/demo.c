/*
 * demo.c: the attack of bug 1, told step by step.
 *
 * With the correct module the page is zeroed between PVALIDATE and the
 * RMPADJUST that hands it to the guest, so the guest reads zeros. With
 * --bug no-zero-after-validate it reads VMPCK0, and the checks name the
 * RMPADJUST call site and the clause it broke.
 */
#include <ctype.h>
#include <inttypes.h>
#include <string.h>

#include "demo.h"
#include "../ghost/ghost.h"
#include "../guest/guest.h"
#include "../hv/hv.h"

#define TARGET_GPA  0x20000   /* the guest page the attack aims at */
#define REQUEST_GPA 0x9000    /* where the guest builds its PVALIDATE requests */

/* The dishonest answer to "make TARGET_GPA private again". */
static uint32_t rebind_secret(struct sim *s, unsigned vcpu, uint64_t gpa, unsigned op, void *arg)
{
	FILE *out = arg;
	(void)vcpu;
	if (gpa != TARGET_GPA || op != GHCB_PSC_PRIVATE)
		return hv_page_state_change(&s->m, gpa, op);
	uint64_t secret_spa = npt_lookup(&s->m, sim_layout(s)->secrets_gpa);
	struct rmp_update u = { .assigned = true, .asid = s->m.asid, .gpa = gpa };
	int rc = hv_rmpupdate(s, secret_spa, &u);
	hv_map(s, gpa, secret_spa);
	fprintf(out, "[hv]    instead of a fresh page it binds SPA 0x%" PRIx64 " (the module's "
	        "secrets page): RMPUPDATE gpa=0x%x -> %d, NPT 0x%x -> 0x%" PRIx64 "\n",
	        secret_spa, TARGET_GPA, rc, TARGET_GPA, secret_spa);
	return 0;
}

static void show_bytes(FILE *out, const uint8_t *b, size_t n)
{
	bool text = true;
	for (size_t i = 0; i < n && b[i]; i++)
		text = text && isprint(b[i]);
	if (text && b[0]) {
		fprintf(out, "\"%.*s\"\n", (int)n, (const char *)b);
		return;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%02x%s", b[i], i + 1 < n ? " " : "\n");
}

static const char *result_name(uint32_t rc)
{
	switch (rc) {
	case SVSM_SUCCESS: return "SUCCESS";
	case SVSM_PVALIDATE_FAIL_UNCHANGED: return "FAIL_UNCHANGED";
	case SVSM_ERR_INVALID_ADDRESS: return "INVALID_ADDRESS";
	case SVSM_ERR_INVALID_PARAMETER: return "INVALID_PARAMETER";
	default: return "another error";
	}
}

static int pvalidate_one(struct sim *s, FILE *out, bool validate)
{
	uint64_t entry = PVENTRY(TARGET_GPA, PSIZE_4K, validate, false);
	uint32_t rc = 0;
	unsigned next = 0;
	if (guest_pvalidate(s, 0, REQUEST_GPA, &entry, 1, &rc, &next) != 0)
		return -1;
	fprintf(out, "[guest] asks the module to %s GPA 0x%x -> %s\n",
	        validate ? "validate" : "rescind", TARGET_GPA, result_name(rc));
	return rc == SVSM_SUCCESS ? 0 : -1;
}

int demo_run(FILE *out, uint32_t bugs, struct demo_outcome *res)
{
	static struct sim s;   /* large: keep it off the stack */
	const char *why = NULL;
	struct sim_config cfg = { .bugs = bugs };
	memset(res, 0, sizeof(*res));
	if (sim_create(&s, &cfg, &why) != 0) {
		fprintf(out, "cannot set up the machine: %s\n", why);
		return -1;
	}
	const struct svsm_params *p = sim_layout(&s);
	fprintf(out, "[boot]  %u pages; module at 0x%" PRIx64 "-0x%" PRIx64 ", its secrets "
	        "page at GPA 0x%" PRIx64 " holds VMPCK0; guest RAM from 0x%" PRIx64 "\n",
	        s.m.npages, p->svsm_base, p->svsm_base + p->svsm_size - 1, p->secrets_gpa,
	        p->guest_base);
	int rc = pvalidate_one(&s, out, false);
	if (rc == 0) {
		uint32_t e = guest_psc(&s, 0, TARGET_GPA, GHCB_PSC_SHARED);
		fprintf(out, "[guest] page-state change of GPA 0x%x to shared -> %u\n", TARGET_GPA, e);
		fprintf(out, "[guest] page-state change of GPA 0x%x back to private\n", TARGET_GPA);
		s.psc = rebind_secret;
		s.psc_arg = out;
		guest_psc(&s, 0, TARGET_GPA, GHCB_PSC_PRIVATE);
		rc = pvalidate_one(&s, out, true);
	}
	if (rc == 0) {
		uint8_t bytes[24] = { 0 };
		struct hw_result r = guest_read(&s, TARGET_GPA + SECRETS_VMPCK(0), bytes, sizeof(bytes));
		fprintf(out, "[guest] reads GPA 0x%x: ", TARGET_GPA + SECRETS_VMPCK(0));
		if (r.fault == FAULT_NONE)
			show_bytes(out, bytes, sizeof(bytes));
		else
			fprintf(out, "fault\n");
		res->leaked = r.fault == FAULT_NONE && memcmp(bytes, "VMPCK0", 6) == 0;
	}
	res->violations = s.nviolations;
	if (s.nviolations) {
		fputc('\n', out);
		report_all(out, &s);
	}
	sim_destroy(&s);
	return rc == 0 ? 0 : -1;
}
