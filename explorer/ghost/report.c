/*
 * report.c: violations printed the way Verus prints a failed proof:
 *
 *   error: precondition not satisfied
 *     --> svsm/core/pvalidate.c:88
 *      |
 *   88 |     r = hal_rmpadjust(cpu, gpa, size, RMPADJUST_ATTRS(vmpl, PERM_ALL));
 *      |         ^^^^^^^^^^^^^
 *     ::: clause page-public-to-vmpl
 *      = granting VMPL1 access to GPA 0x9000 (SPA 0x1000), whose ...
 *      = help: RMPADJUST may grant a VMPL access to a page only if ...
 *
 * The source line is read from the file named by the call site, relative
 * to the working directory or to SVSMLAB_SRCDIR when the build defines it.
 */
#include <string.h>

#include "ghost.h"

const char *violation_headline(enum violation_kind kind)
{
	static const char *const headline[] = {
		[VIOLATION_PRECONDITION] = "precondition not satisfied",
		[VIOLATION_INVARIANT] = "invariant broken",
		[VIOLATION_CONTRACT] = "contract not met",
	};
	return headline[kind];
}

FILE *source_open(const char *file)
{
	FILE *f = fopen(file, "r");
#ifdef SVSMLAB_SRCDIR
	if (!f) {
		char path[512];
		snprintf(path, sizeof(path), "%s/%s", SVSMLAB_SRCDIR, file);
		f = fopen(path, "r");
	}
#endif
	return f;
}

/* Line n of file into buf (without its newline); false if there is none. */
static bool source_line(const char *file, int n, char *buf, size_t size)
{
	FILE *f = source_open(file);
	if (!f)
		return false;
	bool found = false;
	for (int i = 1; fgets(buf, (int)size, f); i++) {
		size_t len = strlen(buf);
		bool whole = len > 0 && buf[len - 1] == '\n';
		if (i == n) {
			buf[whole ? len - 1 : len] = '\0';
			found = true;
			break;
		}
		while (!whole && fgets(buf, (int)size, f)) {   /* skip the rest of a long line */
			len = strlen(buf);
			whole = len > 0 && buf[len - 1] == '\n';
		}
	}
	fclose(f);
	return found;
}

/* The call on the line: "hal_" followed by the operation's name. */
static void print_caret(FILE *out, const char *line, const char *text, int width)
{
	char name[48] = "hal_";
	size_t k = strcspn(text, "(");
	if (k > sizeof(name) - 5)
		k = sizeof(name) - 5;
	strncat(name, text, k);
	const char *at = strstr(line, name);
	if (!at)
		return;
	fprintf(out, "%*s | ", width, "");
	for (const char *p = line; p < at; p++)
		fputc(*p == '\t' ? '\t' : ' ', out);
	for (size_t i = 0; i < strlen(name); i++)
		fputc('^', out);
	fputc('\n', out);
}

void report_violation(FILE *out, const struct violation *v)
{
	fprintf(out, "error: %s\n", violation_headline(v->kind));
	if (v->site.file) {
		char line[512];
		fprintf(out, "  --> %s:%d\n", v->site.file, v->site.line);
		if (source_line(v->site.file, v->site.line, line, sizeof(line))) {
			char num[16];
			int width = snprintf(num, sizeof(num), "%d", v->site.line);
			fprintf(out, "%*s |\n%s | %s\n", width, "", num, line);
			print_caret(out, line, v->site.text ? v->site.text : "", width);
		} else if (v->site.text) {
			fprintf(out, "   |   %s\n", v->site.text);
		}
	}
	fprintf(out, "  ::: clause %s\n", v->clause);
	fprintf(out, "   = %s (step %u, vCPU %u)\n", v->message, v->step, v->vcpu);
	const struct clause *c = clause_find(v->clause);
	if (c)
		fprintf(out, "   = help: %s\n", c->protects);
}

unsigned report_all(FILE *out, const struct record *r)
{
	unsigned shown = r->nviolations < RECORD_MAX_VIOLATIONS ? r->nviolations
	                                                        : RECORD_MAX_VIOLATIONS;
	for (unsigned i = 0; i < shown; i++) {
		report_violation(out, &r->violations[i]);
		fputc('\n', out);
	}
	if (r->nviolations > shown)
		fprintf(out, "(%u more violations not kept)\n", r->nviolations - shown);
	return r->nviolations;
}
