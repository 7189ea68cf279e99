/*
 * bench_verify.c: what `svsmlab verify` costs, and how soon it finds a bug.
 *
 * The first table verifies the correct module handler by handler on one
 * vCPU (a total row sums them), then the pairs of calls on two vCPUs as
 * one row, printing whatever verify_run() reports, unknown cases
 * included. The second verifies each catalog bug over all handlers, as
 * `svsmlab verify --bug NAME` does by default, so its figures are the time
 * to find the bug from scratch: Z3 queries and seconds to the first error,
 * its clause, and whether its counterexample replays (is proven). The
 * bugs that only a second vCPU shows are verified with two.
 *
 * A full run takes many minutes (the correct module alone about a minute
 * and a half on an idle machine; the pairs of calls on two vCPUs are still
 * being built and may take far longer). Two environment variables bound
 * it: BENCH_QUICK=1 limits it to the pvalidate handler and the one-vCPU
 * bugs; BENCH_VERIFY_BUDGET=S (default 600, 0 for none) stops any one
 * run after S seconds, and its row then counts the cases finished by then
 * and says ">=". Each run is a child process so that it can be stopped;
 * its JSON report (read back for the cases a cut run finished) and
 * its counterexample files go to a temporary directory removed at the end,
 * so only the tables print. Figures, not pass/fail: `make bench`.
 */
#include <dirent.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "explorer/catalog/catalog.h"
#include "explorer/verify/verify.h"

#define DEFAULT_BUDGET 600     /* seconds per verify_run() */

static const char *const handlers[] = {
	"remap_ca", "pvalidate", "create_vcpu", "delete_vcpu",
	"deposit_mem", "withdraw_mem", "query_protocol", "configure_vtom",
};

static char cex_dir[] = "/tmp/bench_verify.XXXXXX";
static char cex_file[sizeof(cex_dir) + 16], report_file[sizeof(cex_dir) + 16];
static bool any_cut;          /* some run was stopped at the budget */

/* What one verify_run() came to, or as much of it as was done by the budget. */
struct outcome {
	struct verify_summary sum;
	bool cut;                    /* stopped at the budget; sum counts the finished cases */
};

static bool quick(void)
{
	const char *q = getenv("BENCH_QUICK");
	return q && *q && strcmp(q, "0") != 0;
}

/* Seconds one verify_run() may take, 0 for no limit. */
static unsigned budget(void)
{
	const char *b = getenv("BENCH_VERIFY_BUDGET");
	return b && *b ? (unsigned)strtoul(b, NULL, 10) : DEFAULT_BUDGET;
}

/* The whole report file (the caller frees it), or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	int c;
	while (mem && (c = getc(f)) != EOF)
		putc(c, mem);
	if (mem)
		fclose(mem);
	fclose(f);
	return text;
}

/* A cut run's counts, from the cases its report finished (each is flushed as it ends). */
static void tally(const char *report, struct verify_summary *s)
{
	for (const char *v = report; (v = strstr(v, "\"verdict\": \"")) != NULL; v++) {
		v += strlen("\"verdict\": \"");
		s->cases++;
		s->verified += strncmp(v, "verified", 8) == 0;
		s->errors += strncmp(v, "error", 5) == 0;
		s->unknown += strncmp(v, "unknown", 7) == 0;
		const char *q = strstr(v, "\"queries\": ");
		if (q)
			s->queries += strtoul(q + strlen("\"queries\": "), NULL, 10);
	}
}

/* In the child: the run, its JSON report to report_file, its summary down the pipe. */
static void child(const struct verify_options *o, int fd)
{
	struct verify_summary sum;
	char err[512];
	FILE *f = fopen(report_file, "w");
	if (!f || verify_run(o, f, true, &sum, err, sizeof(err)) != 0) {
		fprintf(stderr, "bench: verify: %s\n", f ? err : "cannot write the report");
		_exit(1);
	}
	fclose(f);
	_exit(write(fd, &sum, sizeof(sum)) == (ssize_t)sizeof(sum) ? 0 : 1);
}

/*
 * One verify_run(), in a child process so that a run longer than the
 * budget can be stopped; -1 when it could not run at all.
 */
static int run(const struct verify_options *o, struct outcome *r)
{
	memset(r, 0, sizeof(*r));
	int fd[2];
	fflush(stdout);
	if (pipe(fd) != 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0)
		child(o, fd[1]);
	close(fd[1]);
	if (pid < 0) {
		close(fd[0]);
		return -1;
	}
	struct pollfd p = { .fd = fd[0], .events = POLLIN };
	int ms = budget() ? (int)(budget() * 1000) : -1;
	int ready = poll(&p, 1, ms);
	if (ready > 0) {
		ready = read(fd[0], &r->sum, sizeof(r->sum)) == (ssize_t)sizeof(r->sum);
	} else {
		kill(pid, SIGKILL);   /* at the budget (or poll failed: then no figures) */
		r->cut = any_cut = ready == 0;
	}
	close(fd[0]);
	waitpid(pid, NULL, 0);
	char *report = slurp(report_file);
	unlink(report_file);
	if (report && r->cut) {
		tally(report, &r->sum);
		r->sum.seconds = budget();
	}
	free(report);
	return r->cut || ready > 0 ? 0 : -1;
}

static void rule(unsigned columns, const unsigned *widths)
{
	for (unsigned i = 0; i < columns; i++) {
		putchar('|');
		for (unsigned k = 0; k < widths[i] + 2; k++)
			putchar('-');
	}
	puts("|");
}

/* Seconds, or ">=" the budget when the run was cut there. */
static const char *secs(const struct outcome *r, double seconds, char *buf, size_t len)
{
	snprintf(buf, len, "%s%.2f", r->cut ? ">=" : "", seconds);
	return buf;
}

static void module_row(const char *label, const struct outcome *r)
{
	const struct verify_summary *s = &r->sum;
	char wall[24], z3[24] = "-";
	if (!r->cut)
		snprintf(z3, sizeof(z3), "%.2f", s->z3_seconds);
	printf("| %-44s | %5u | %8u | %7u | %6u | %10lu | %9s | %7s |\n", label, s->cases,
	       s->verified, s->unknown, s->errors, s->queries, secs(r, s->seconds, wall, sizeof(wall)),
	       z3);
}

static void add(struct outcome *total, const struct outcome *r)
{
	total->cut |= r->cut;
	total->sum.cases += r->sum.cases;
	total->sum.verified += r->sum.verified;
	total->sum.unknown += r->sum.unknown;
	total->sum.errors += r->sum.errors;
	total->sum.queries += r->sum.queries;
	total->sum.seconds += r->sum.seconds;
	total->sum.z3_seconds += r->sum.z3_seconds;
}

static void module_table(void)
{
	static const unsigned widths[] = { 44, 5, 8, 7, 6, 10, 9, 7 };
	printf("| %-44s | %5s | %8s | %7s | %6s | %10s | %9s | %7s |\n",
	       "verify, correct module", "cases", "verified", "unknown", "errors", "Z3 queries",
	       "s", "Z3 s");
	rule(8, widths);
	struct outcome total = { .cut = false };
	for (unsigned i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++) {
		if (quick() && strcmp(handlers[i], "pvalidate") != 0)
			continue;
		struct verify_options o;
		verify_defaults(&o);
		o.handler = handlers[i];
		o.all = true;
		struct outcome r;
		char label[64];
		if (run(&o, &r) == 0) {
			snprintf(label, sizeof(label), "%s, 1 vCPU", handlers[i]);
			module_row(label, &r);
			add(&total, &r);
		}
	}
	module_row(quick() ? "total, 1 vCPU (BENCH_QUICK: pvalidate only)" : "total, 1 vCPU",
	           &total);
	if (quick())
		return;
	struct verify_options o;
	verify_defaults(&o);
	o.vcpus = 2;
	o.all = true;
	struct outcome r;
	if (run(&o, &r) == 0)
		module_row("pairs of calls, 2 vCPUs", &r);
}

static void bug_row(const struct bug_info *b)
{
	struct verify_options o;
	verify_defaults(&o);
	o.bugs = SVSM_BUG_BIT(b->id);
	o.vcpus = b->verify.vcpus;   /* every handler, as the catalog says the bug needs */
	o.out = cex_file;
	struct outcome r;
	if (run(&o, &r) != 0)
		return;
	const struct verify_summary *s = &r.sum;
	char result[48], queries[24] = "-", first[24] = "-", total[24];
	const char *clause = s->errors ? s->first.clause : "-";
	if (s->errors) {
		snprintf(result, sizeof(result), "%s", s->first.proven ? "proven" : "found, NOT PROVEN");
		snprintf(queries, sizeof(queries), "%lu", s->first_error_queries);
		snprintf(first, sizeof(first), "%.2f", s->first_error_seconds);
	} else {
		snprintf(result, sizeof(result), "none%s (%u verified, %u unknown)",
		         r.cut ? " yet" : "", s->verified, s->unknown);
	}
	printf("| %-26s | %5u | %-34s | %-28s | %14s | %9s | %9s |\n", b->name, o.vcpus, result,
	       clause, queries, first, secs(&r, s->seconds, total, sizeof(total)));
}

static void bug_table(void)
{
	static const unsigned widths[] = { 26, 5, 34, 28, 14, 9, 9 };
	printf("\n| %-26s | %5s | %-34s | %-28s | %14s | %9s | %9s |\n",
	       quick() ? "verify --bug (1-vCPU only)" : "verify --bug, all handlers", "vCPUs",
	       "counterexample", "clause", "queries to 1st", "s to 1st", "s total");
	rule(7, widths);
	unsigned n;
	const struct bug_info *all = catalog_all(&n);
	for (unsigned i = 0; i < n; i++)
		if (!quick() || all[i].verify.vcpus == 1)
			bug_row(&all[i]);
}

/* The counterexamples, and the directory they were written to. */
static void remove_cex_dir(void)
{
	DIR *d = opendir(cex_dir);
	if (d) {
		struct dirent *f;
		char path[sizeof(cex_dir) + 256];
		while ((f = readdir(d)) != NULL)
			if (strcmp(f->d_name, ".") != 0 && strcmp(f->d_name, "..") != 0) {
				snprintf(path, sizeof(path), "%s/%s", cex_dir, f->d_name);
				unlink(path);
			}
		closedir(d);
	}
	rmdir(cex_dir);
}

int main(void)
{
	if (!mkdtemp(cex_dir)) {
		perror("bench: mkdtemp");
		return 1;
	}
	snprintf(cex_file, sizeof(cex_file), "%s/cex.lua", cex_dir);
	snprintf(report_file, sizeof(report_file), "%s/report.json", cex_dir);
	module_table();
	bug_table();
	if (any_cut)
		printf("\n>=: cut at BENCH_VERIFY_BUDGET=%u s; its counts are of the cases finished by "
		       "then\n", budget());
	remove_cex_dir();
	return 0;
}
